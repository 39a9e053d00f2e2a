"""Session and URL state: the shared view kept in the session and mirrored in the URL, and page switches.

The sidebar's choices live in `st.session_state` (so they hold across pages) and are mirrored in the URL query
string (so a teacher can share a link to a view). A value that is not, or no longer, an option is dropped by
`keep_valid` before its widget is drawn, with a note when it came from a link.
"""

from __future__ import annotations

from collections.abc import Callable, Container

import streamlit as st

from app_pages._text import t
from cnnviz import lessons

# The view a link carries (cnnviz.lessons.VIEW_KEYS, as widget keys), the language, and the open lesson and
# step. The presenter flags (`present`, `hide`) are mirrored by `_present`.
SHARED_KEYS = ("model", "dataset", "layer", "sample", "lang", "fm_channel", "fm_sort", "fm_scale",
               "arch_classic", "seed", "calc", "lab", "lesson", "step", "epoch")
MAX_URL_VALUE = 200  # characters; longer query values are not names any option has
MAX_SAMPLE_DIGITS = 9  # no test set has a billion images (and int() of 5,000 digits raises)
# A link naming an uploaded model lands on the default one; one naming your own images (dataset=folder)
# keeps the choice, and that page asks the receiver for their own zip.
UPLOADED = {"model": ("upload", "link.upload_model")}


# --- shared links ------------------------------------------------------------------------------------


def restore_from_url() -> None:
    """On a session's first run, take the shared view (model, dataset, layer, ..., language) from the URL.

    A value of the wrong kind is dropped here with a note; one of the right kind waits in the session until
    `keep_valid` checks it against the options at hand (the models, or the layers of this page's model).
    """
    if st.session_state.get("_url_restored"):
        return
    st.session_state["_url_restored"] = True
    unchecked = set()
    for key in sorted(SHARED_KEYS, key=lambda k: k != "lang"):  # the language first: the notes speak it
        if key in st.query_params and key not in st.session_state:
            value = url_value(key, st.query_params[key])
            if key in UPLOADED and value == UPLOADED[key][0]:  # the sender's upload did not travel
                st.info(t("link.upload_note", what=t(UPLOADED[key][1])))
            elif value is None:
                _url_note(key)
            else:
                st.session_state[key] = value
                unchecked.add(key)
    st.session_state["_url_unchecked"] = unchecked


def url_value(key: str, raw: str) -> str | int | bool | None:
    """A query value as its widget keeps it (numbers int, flags bool, the rest text); None if it can't be."""
    if key == "lesson":  # a shipped lesson's id, or a teacher's lesson packed into the link
        ok = 0 < len(raw) <= lessons.MAX_TOKEN and raw.isascii() and raw.isprintable()
        return raw if ok else None
    if key in lessons.VIEW_KEYS:
        return lessons.check_value(key, raw)
    if len(raw) > MAX_URL_VALUE or not raw.isprintable():
        return None
    if key == "step":  # ASCII digits only: '²'.isdigit() and '٣'.isdigit() are true too
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= MAX_SAMPLE_DIGITS else None
    return raw


def _url_note(key: str) -> None:
    st.info(t("url.unusable", name=key))


def mirror_to_url() -> None:
    """Write the shared view back into the URL, so the address bar is always a link to this exact view."""
    for key in SHARED_KEYS:
        value = st.session_state.get(key)
        text = ("1" if value else "0") if isinstance(value, bool) else str(value)
        if value is None or value == "":
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != text:
            st.query_params[key] = text


def keep_valid(key: str, options: Container[object]) -> None:
    """Drop a remembered or linked value that is not (or no longer) an option: the widget shows its default.

    A value that came from a shared link gets a short note the first time it is checked and found unusable.
    """
    unchecked = st.session_state.get("_url_unchecked", set())
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
        if key in unchecked:
            _url_note(key)
    unchecked.discard(key)


# --- moving between pages, and watching the session --------------------------------------------------


def explore(model_choice: str, page: str = "feature_maps") -> None:
    """Button callback: make `model_choice` the sidebar's model and go to `page` on the next run.

    Callbacks run before the script, the only time a widget's state may be set; the page switch
    itself happens in `follow_explore()`, which the entry script calls.
    """
    st.session_state["model"] = model_choice
    st.session_state["_go_to"] = page


def follow_explore() -> None:
    """Switch page if an `explore()` callback asked for it."""
    page = st.session_state.pop("_go_to", None)
    if page:
        st.switch_page(f"app_pages/{page}.py")


def session_alive() -> Callable[[], bool]:
    """A check, callable from any thread, that this browser session is still connected (tab not closed)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():  # bare mode (AppTest, notebooks): nothing to watch
        return lambda: True
    session_id, instance = ctx.session_id, runtime.get_instance()
    return lambda: instance.is_active_session(session_id)
