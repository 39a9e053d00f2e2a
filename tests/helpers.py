"""Helpers shared by the page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"


def app_test(timeout: float = 120) -> AppTest:
    """The whole app (sidebar + navigation to the default page), not yet run."""
    return AppTest.from_file(str(APP), default_timeout=timeout)


def _sidebar_then_page(root: str, page: str) -> None:
    """What streamlit_app.py does for one page: the shared sidebar, then the page script."""
    import runpy
    import sys

    if root not in sys.path:  # streamlit run puts the app folder on the path; do the same
        sys.path.insert(0, root)
    from app_state import shared

    shared.sidebar()
    runpy.run_path(f"{root}/app_pages/{page}.py", run_name="__main__")


def page_test(page: str, timeout: float = 180) -> AppTest:
    """One page under the real shared sidebar, not yet run.

    AppTest's switch_page runs a navigation page without the entry script, so the sidebar (and the
    state its widgets keep) would be missing; this runs both, as a browser session does.
    """
    return AppTest.from_function(_sidebar_then_page, args=(str(ROOT), page), default_timeout=timeout)


def open_page(page: str, upload: tuple[str, bytes] | None = None, **query: str) -> AppTest:
    """Run `page` with `query` in the URL (and a .keras file uploaded as the model); no exception, no error."""
    app = page_test(page)
    # AppTest formats widget options outside the script (in English) when a value is set, so with an upload
    # the language is switched last, as the widgets it sets are then already in place
    later = {"lang": query.pop("lang")} if upload is not None and "lang" in query else {}
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if upload is not None:  # a link cannot carry an upload: choose it in the sidebar, as a user does
        name, content = upload
        app.sidebar.selectbox(key="model").set_value("upload").run()
        app.sidebar.file_uploader(key="model_upload").set_value((name, content, "application/octet-stream")).run()
        if "layer" in query:  # the link's layer belongs to the uploaded model, chosen only now
            app.session_state["layer"] = query["layer"]
            app.run()
        if later:
            app.sidebar.selectbox(key="lang").set_value(later["lang"]).run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    return app


def image_captions(app: AppTest) -> list[str]:
    """The captions of every image the page shows."""
    return [img.caption for element in app.get("image") for img in element.proto.imgs]
