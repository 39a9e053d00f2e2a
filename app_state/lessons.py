"""The lesson step above every page, and in the sidebar the lesson picker, the link to this view and the builder.

A lesson is open when the session (or the link it came from) holds `lesson` (a shipped id, or a teacher's
lesson packed by `cnnviz.lessons.lesson_token`) and `step` (from 1). Previous/Next set the step's view in
the session from a callback and ask `follow_switch()` for the page switch on the next run.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from app_state import present
from app_state.text import lang, message, show_once, t
from app_state.view import switch, url_value, view_query
from cnnviz.core.errors import CnnvizError
from cnnviz.core.text import literal, literal_lines, plain
from cnnviz.teach import lessons, notebooks

DRAFT = "_lesson_draft"  # the builder's steps: [{"page", "view", "note"}]


def panel(page: str) -> None:
    """The open lesson's step with Previous/Next, a link to this exact view, and the lesson builder."""
    page = page or "home"
    step = _lesson_card()
    present.reserve_focus(step.focus if step is not None and step.view.page == page else "")
    _link(page)
    _builder(page)


# --- the open lesson -----------------------------------------------------------------------------------


def current_lesson() -> lessons.Lesson | None:
    """The lesson the session has open; None (after a note, for a link's unusable lesson) when none is."""
    value = st.session_state.get("lesson")
    if not value:
        return None
    cached = st.session_state.get("_lesson_cache")
    if cached and cached[0] == value:
        return cached[1]
    try:
        lesson = lessons.lesson_from_token(value)
    except CnnvizError as err:
        show_once(st.sidebar.info, message(err))
        _close()
        return None
    st.session_state["_lesson_cache"] = (value, lesson)
    return lesson


def go_to_step(value: str, number: int) -> None:
    """Callback: open step `number` (from 1) of the lesson `value`: its view in the session, then its page."""
    lesson = lessons.lesson_from_token(value)
    view = lesson.steps[number - 1].view
    for key in lessons.VIEW_KEYS:
        if key in view.values:
            st.session_state[key] = url_value(key, view.values[key])
        elif key != "seed":
            st.session_state.pop(key, None)  # this page's default, as on a fresh link
    st.session_state["_url_unchecked"] = set(view.values)  # an unusable value gets its note
    switch(view.page, lesson=value, step=number)


def _close() -> None:
    for key in ("lesson", "step", "_lesson_cache"):
        st.session_state.pop(key, None)
    for key in ("lesson", "step"):
        st.query_params.pop(key, None)


def _pick() -> None:
    chosen = st.session_state.get("_lesson_pick")
    if chosen:
        go_to_step(chosen, 1)
    else:
        _close()


def _lesson_card() -> lessons.Step | None:
    """The open lesson's card above the page (and its picker in the sidebar); the step shown, if any."""
    bar = st.sidebar
    bar.subheader(t("lesson.panel"))
    lesson = current_lesson()
    options = ["", *lessons.LESSONS]
    if lesson is not None and lesson.id not in lessons.LESSONS:
        options.append(st.session_state["lesson"])
    st.session_state["_lesson_pick"] = st.session_state.get("lesson") or ""
    titles = {v: _title(v) if v else t("lesson.none") for v in options}  # in this run's language
    bar.selectbox(t("lesson.choose"), options, key="_lesson_pick", on_change=_pick, format_func=titles.__getitem__)
    if lesson is None:
        return None
    count = len(lesson.steps)
    step = st.session_state.get("step")
    if not isinstance(step, int) or not 1 <= step <= count:
        step = st.session_state["step"] = 1
    value = st.session_state["lesson"]
    card = st.container(border=True)  # above the page, so the class sees the step even with the sidebar hidden
    text, back, forward, close = card.columns([7, 1.2, 1.2, 1.6], vertical_alignment="center")
    title, note = lesson.title_in(lang()), lesson.note(step - 1, lang())
    if not lesson.shipped:  # a teacher's own words, from a file or a link: shown as the text they are
        title, note = literal(title, None), literal_lines(note)
    text.markdown(f"**{title}** · {t('lesson.step', n=step, m=count)}  \n{note}")
    back.button(t("lesson.previous"), key="lesson_previous", disabled=step <= 1, on_click=go_to_step,
                args=(value, step - 1), width="stretch")
    forward.button(t("lesson.next"), key="lesson_next", disabled=step >= count, on_click=go_to_step,
                   args=(value, step + 1), width="stretch")
    close.button(t("lesson.close"), key="lesson_close", on_click=_close, width="stretch")
    return lesson.steps[step - 1]


def _title(value: str) -> str:
    try:
        lesson = lessons.lesson_from_token(value)
    except CnnvizError:
        return value[:20]
    return lesson.title_in(lang()) if lesson.shipped else plain(lesson.title)


# --- the link to this view -----------------------------------------------------------------------------


def page_link(page: str, query: dict[str, str]) -> str:
    """The full address of `page` with `query` (relative to the app when the browser's address is unknown)."""
    base = (st.context.url or "").split("?")[0].rstrip("/")  # the browser's address: already ends in the page
    path = "" if page == "home" else page
    if path and base.endswith(f"/{path}"):
        base = base[: -len(path) - 1]
    return f"{base}/{path}?{urlencode(query)}" if query else f"{base}/{path}"


def _link(page: str) -> None:
    bar = st.sidebar
    bar.caption(t("link.title"), help=t("link.help"))
    uploads = [what for what, used in (
        ("link.upload_model", st.session_state.get("model") == "upload"),
        ("link.upload_dataset", st.session_state.get("dataset") == "folder"),
        ("link.upload_image", page == "feature_maps" and st.session_state.get("fm_source") == "upload"),
    ) if used]
    for what in uploads:
        bar.warning(t("link.upload_warning", what=t(what)))
    bar.code(page_link(page, st.query_params.to_dict()), language=None, wrap_lines=True)
    _notebook(page)


def _notebook(page: str) -> None:
    """The view as a Jupyter notebook, written by the library only when the button is pressed."""
    query, language = view_query(), lang()
    st.sidebar.download_button(t("notebook.download"), lambda: notebooks.notebook_bytes(page, query, language),
                               file_name=f"cnnviz_{page}.ipynb", mime="application/x-ipynb+json",
                               key="notebook_download", help=t("notebook.download_help"), on_click="ignore")


# --- the builder ---------------------------------------------------------------------------------------


def _builder(page: str) -> None:
    with st.sidebar.expander(t("lesson.builder")):
        st.caption(t("lesson.builder_help"))
        st.file_uploader(t("lesson.upload"), type=["json"], key="lesson_upload", max_upload_size=1)
        _load_upload()
        st.text_input(t("lesson.title_input"), key="lesson_title", max_chars=lessons.MAX_TITLE,
                      placeholder=t("lesson.untitled"))
        st.button(t("lesson.add"), key="lesson_add", on_click=_add, args=(page,))
        draft = st.session_state.setdefault(DRAFT, [])
        for i, step in enumerate(draft):
            st.text_area(t("lesson.note", n=i + 1, page=t(f"nav.{step['page']}")), key=f"lesson_note_{i}",
                         max_chars=lessons.MAX_NOTE, height=68)
            up, down, remove = st.columns(3)
            up.button("▲", key=f"lesson_up_{i}", help=t("lesson.up"), disabled=i == 0, on_click=_move,
                      args=(i, i - 1))
            down.button("▼", key=f"lesson_down_{i}", help=t("lesson.down"), disabled=i == len(draft) - 1,
                        on_click=_move, args=(i, i + 1))
            remove.button("✕", key=f"lesson_remove_{i}", help=t("lesson.remove"), on_click=_remove, args=(i,))
        if draft:
            _share_draft()


def draft_lesson() -> lessons.Lesson:
    """The builder's lesson, its notes as typed."""
    _sync_notes()
    title = st.session_state.get("lesson_title", "").strip() or t("lesson.untitled")
    steps = tuple(lessons.Step(lessons.View(s["page"], tuple(sorted(s["view"].items()))), s["note"])
                  for s in st.session_state.get(DRAFT, []))
    return lessons.Lesson("", title, steps)


def _share_draft() -> None:
    lesson = draft_lesson()
    text = lessons.lesson_to_json(lesson, lang())
    st.download_button(t("lesson.download"), text, file_name="lesson.json", mime="application/json",
                       key="lesson_download")
    try:
        token = lessons.lesson_token(lesson)
    except CnnvizError as err:
        st.caption(message(err))
        return
    st.button(t("lesson.start"), key="lesson_start", on_click=go_to_step, args=(token, 1))
    first = lesson.steps[0].view
    st.caption(t("lesson.link"))
    st.code(page_link(first.page, {**first.values, "lang": lang(), "lesson": token, "step": "1"}),
            language=None, wrap_lines=True)


def _add(page: str) -> None:
    _sync_notes()
    draft = st.session_state.setdefault(DRAFT, [])
    if len(draft) < lessons.MAX_STEPS:
        draft.append({"page": page, "view": lessons.from_values(page, st.session_state).values, "note": ""})
    _show_notes()


def _move(i: int, j: int) -> None:
    _sync_notes()
    draft = st.session_state[DRAFT]
    draft[i], draft[j] = draft[j], draft[i]
    _show_notes()


def _remove(i: int) -> None:
    _sync_notes()
    st.session_state[DRAFT].pop(i)
    st.session_state.pop(f"lesson_note_{len(st.session_state[DRAFT])}", None)
    _show_notes()


def _sync_notes() -> None:
    """Copy the note boxes into the draft (the boxes are keyed by position)."""
    for i, step in enumerate(st.session_state.get(DRAFT, [])):
        step["note"] = st.session_state.get(f"lesson_note_{i}", step["note"])


def _show_notes() -> None:
    for i, step in enumerate(st.session_state.get(DRAFT, [])):
        st.session_state[f"lesson_note_{i}"] = step["note"]


def _load_upload() -> None:
    """A lesson file uploaded in the builder becomes the draft (once per file), or a clear refusal."""
    upload = st.session_state.get("lesson_upload")
    if upload is None or st.session_state.get("_lesson_loaded") == upload.file_id:
        return
    try:
        lesson = lessons.lesson_from_json(upload.getvalue())
    except CnnvizError as err:
        st.error(message(err))
        return
    st.session_state["_lesson_loaded"] = upload.file_id
    st.session_state[DRAFT] = [{"page": s.view.page, "view": s.view.values, "note": s.note}
                               for s in lesson.steps]
    st.session_state["lesson_title"] = lesson.title
    _show_notes()
    st.success(t("lesson.loaded", title=lesson.title, count=len(lesson.steps)))
