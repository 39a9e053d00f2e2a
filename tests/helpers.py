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
    from app_pages import _shared as shared

    shared.sidebar()
    runpy.run_path(f"{root}/app_pages/{page}.py", run_name="__main__")


def page_test(page: str, timeout: float = 180) -> AppTest:
    """One page under the real shared sidebar, not yet run.

    AppTest's switch_page runs a navigation page without the entry script, so the sidebar (and the
    state its widgets keep) would be missing; this runs both, as a browser session does.
    """
    return AppTest.from_function(_sidebar_then_page, args=(str(ROOT), page), default_timeout=timeout)
