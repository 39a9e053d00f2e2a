"""The view state: one owner for what the user chose, kept in the session and mirrored in the URL.

Everything a user chooses (language, presenter mode, the open lesson and step, model, dataset, uploads, and
each page's own widgets) lives in `st.session_state` under its widget's key. Streamlit forgets the value of a
widget that a run does not draw, and a page switch draws the new page's widgets afresh, so `hold()` (first
thing every run) keeps every listed choice (`KEPT`), and every page switch goes through `switch()` with the
view's query (`view_query()`), so the address bar always shows the state the page is in. A value from a link
is checked here (`restore_from_url`); one that is not, or no longer, an option is dropped by `keep_valid`
before its widget is drawn, with a note when it came from a link. Uploaded files live in `_uploads`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

import streamlit as st

from app_state import present
from app_state.text import t
from cnnviz.teach import lessons

# The view a link carries (cnnviz.lessons.VIEW_KEYS, as widget keys), the language, and the open lesson and
# step; presenter mode and the hidden parts (`present`, `hide`) travel with them.
SHARED_KEYS = (*lessons.VIEW_KEYS, "lang", "lesson", "step")
MAX_URL_VALUE = 200  # characters; longer query values are not names any option has
MAX_SAMPLE_DIGITS = 9  # no test set has a billion images (and int() of 5,000 digits raises)
# A link naming an uploaded model lands on the default one; one naming your own images (dataset=folder)
# keeps the choice, and that page asks the receiver for their own zip.
UPLOADED = {"model": ("upload", "link.upload_model")}

# Every widget whose value is a choice the user made, by key: held across pages. Buttons, uploaders and chart
# selections are never listed (Streamlit refuses values set for them); tests/test_view_state.py reads the
# pages' source and checks that every value widget's key is listed here and no other widget's is.
KEPT = frozenset({
    *SHARED_KEYS, "present", "_replay_on",
    "fm_fit", "fm_invert", "ex_sanity_method", "eval_mistake",
    "train_model", "train_optimizer", "train_lr", "train_batch", "train_epochs", "train_limit", "train_init",
    "train_bn", "train_early", "train_patience", "train_keep", "aug_fh", "aug_fv", "aug_rot", "aug_zoom", "aug_bright",
    "aug_contrast", "upload_class_names", "lesson_title",
    "calc_channel", "calc_row", "calc_col", "calc_in_channel", "rf_row", "rf_col", "rf_channel",
    "sb_n", "sb_k", "sb_s", "sb_d", "sb_p", "sb_pad_mode", "sb_row", "sb_col",
    "cmp_a", "cmp_b", "cmp_group", "cmp_metric", "cmp_runs",
    "emb_count", "emb_method", "emb_point", "emb_layer", "emb_maps_layer",
    "filters_k", "filters_page", "filters_seed", "filters_split", "filters_steps", "filters_train_count",
    "init_model", "init_names", "init_seed", "init_which", "init_epochs", "init_images", "init_layer",
    "freeze_epochs", "freeze_images", "freeze_plans",
    "lab_inception_demo", "lab_residual_channel", "lab_residual_depth", "lab_residual_init",
    "lab_inception_module", "lab_residual_module", "kern_mode",
})
KEPT_PATTERN = re.compile(r"(kern_mode|kern_channel|train_dropout)_[A-Za-z0-9_]+|lesson_note_\d+|lab_[a-z0-9]+_module")


def kept(key: str) -> bool:
    """True for the key of a widget whose value is kept across pages."""
    return key in KEPT or KEPT_PATTERN.fullmatch(key) is not None


def hold() -> None:
    """Keep every choice across this run, whichever widgets it draws (call first, before any widget).

    Setting a widget's own value through the session makes Streamlit keep it when the widget is not drawn
    (another page) and give it back when it is drawn again, under a page switch's new element ids too.
    """
    for key in [k for k in st.session_state if isinstance(k, str) and kept(k)]:
        st.session_state[key] = st.session_state[key]


# --- the view as a link ------------------------------------------------------------------------------


def view_query() -> dict[str, str]:
    """The whole view as query values, in a stable order: what the address bar shows, what switches carry."""
    query = {}
    for key in SHARED_KEYS:
        value = st.session_state.get(key)
        if value is not None and value != "" and value != []:
            query[key] = lessons.value_text(value)
    if present.presenting():
        query["present"] = "1"
    hide = ",".join(flag for flag in present.FLAGS if flag in present.hidden())
    if hide:
        query["hide"] = hide
    return query


def restore_from_url() -> None:
    """On a session's first run, take the shared view (model, dataset, layer, ..., language, presenter mode,
    lesson and step) from the URL.

    A value of the wrong kind is dropped here with a note; one of the right kind waits in the session until
    `keep_valid` checks it against the options at hand (the models, or the layers of this page's model). A
    link to a lesson step gets the step's view for every value the link does not give itself, and its page
    when the link names none (`follow_switch`).
    """
    if st.session_state.get("_url_restored"):
        return
    st.session_state["_url_restored"] = True
    flag = present.present_value(st.query_params.get("present"))
    if flag is not None:
        st.session_state["present"] = flag
    st.session_state["_hide"] = present.hide_flags(st.query_params.get("hide"))
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
    _restore_step(set(st.query_params))


def _restore_step(given: set[str]) -> None:
    """A link to a lesson step: the step's view fills what the link leaves out, and names the page."""
    value, number = st.session_state.get("lesson"), st.session_state.get("step")
    if not isinstance(value, str) or not isinstance(number, int):
        return
    try:
        lesson = lessons.lesson_from_token(value)
    except lessons.LessonError:
        return  # the lesson card says why, once
    if not 1 <= number <= len(lesson.steps):
        return
    view = lesson.steps[number - 1].view
    for key, raw in view.values.items():
        if key not in given:
            st.session_state[key] = url_value(key, raw)
            st.session_state["_url_unchecked"].add(key)
    st.session_state["_link_page"] = view.page


def url_value(key: str, raw: str) -> str | int | float | bool | list[str] | None:
    """A query value as its widget keeps it (numbers int, flags bool, lists, the rest text); None if it can't be."""
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
    """Write the view back into the URL, so the address bar is always a link to this exact view."""
    wanted = view_query()
    for key in (*SHARED_KEYS, "present", "hide"):
        if key not in wanted:
            st.query_params.pop(key, None)
        elif st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]


def keep_valid(key: str, options: Container[object]) -> None:
    """Drop a remembered or linked value that is not (or no longer) an option: the widget shows its default.

    A list (a multiselect's choices) is valid when each of its items is an option. A value that came from a
    shared link gets a short note the first time it is checked and found unusable.
    """
    unchecked = st.session_state.get("_url_unchecked", set())
    if key in st.session_state:
        value = st.session_state[key]
        valid = all(item in options for item in value) if isinstance(value, list) else value in options
        if not valid:
            del st.session_state[key]
            if key in unchecked:
                _url_note(key)
    unchecked.discard(key)


# --- moving between pages ----------------------------------------------------------------------------


def switch(page: str, **changes: object) -> None:
    """Button callback: change exactly `changes` in the view and go to `page` on the next run, keeping the rest.

    Callbacks run before the script, the only time a widget's state may be set; the page switch itself
    happens in `follow_switch()`, which the entry script calls after the sidebar has been drawn.
    """
    for key, value in changes.items():
        st.session_state[key] = value
    st.session_state["_go_to"] = page


def explore(model_choice: str, page: str = "feature_maps") -> None:
    """Button callback: make `model_choice` the sidebar's model and go to `page` (its dataset kept)."""
    switch(page, model=model_choice)


def follow_switch(current_page: str) -> None:
    """Switch page if a callback (`switch`) or a link to a lesson step asked for it, carrying the whole view."""
    page = st.session_state.pop("_go_to", None)
    linked = st.session_state.pop("_link_page", None)
    if page is None and linked and (current_page or "home") == "home" and linked != "home":
        page = linked  # a lesson link that names no page opens its step's page
    if page and page != (current_page or "home"):
        st.switch_page(f"app_pages/{page}.py", query_params=view_query())



def session_alive() -> Callable[[], bool]:
    """A check, callable from any thread, that this browser session is still connected (tab not closed)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():  # bare mode (AppTest, notebooks): nothing to watch
        return lambda: True
    session_id, instance = ctx.session_id, runtime.get_instance()
    return lambda: instance.is_active_session(session_id)
