"""The sidebar every page shows: language, model and dataset pickers, and the uploads they offer.

Drawing it restores a shared link on a session's first run, checks each remembered choice against the
options at hand, and mirrors the choices back into the URL.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from app_state import uploads
from app_state.cache import uploaded_model
from app_state.current import FOLDER, UPLOAD, choice_name, model_choices, owner, runs_dir
from app_state.text import full_name, lang, message, t
from app_state.view import keep_valid, mirror_to_url, restore_from_url
from cnnviz import data
from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError
from cnnviz.train import checkpoints, interrupted


def sidebar() -> None:
    """Language, model and dataset pickers, shown on every page."""
    st.session_state["_shown_messages"] = set()  # a new run: messages may show again, once each
    restore_from_url()
    keep_valid("lang", list(i18n.LANGUAGES))
    st.sidebar.selectbox(t("sidebar.language"), options=list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get,
                         key="lang")
    _interrupted_notices()  # before the model list: a run kept from a dead server is in it already
    choices = model_choices()
    keep_valid("model", list(choices))
    whole = full_name(choice_name(st.session_state.get("model")) or "")  # a run's name shown shortened
    st.sidebar.selectbox(t("sidebar.model"), options=list(choices), format_func=choices.get, key="model",
                         help=t("sidebar.model_help") + (f"\n\n{whole}" if whole else ""))
    if st.session_state.get("model") == UPLOAD:
        uploads.uploader("model", t("sidebar.upload_model"), ["keras"], where=st.sidebar)
        _class_names_sidebar()
    infos = {info.name: info for info in data.list_datasets(lang())}
    keep_valid("dataset", list(infos))
    st.sidebar.selectbox(t("sidebar.dataset"), options=list(infos), format_func=lambda n: infos[n].title,
                         key="dataset", help=t("sidebar.dataset_help"))
    if st.session_state.get("dataset") == FOLDER:
        uploads.uploader("dataset", t("sidebar.dataset_upload"), ["zip"], where=st.sidebar)
    mirror_to_url()


def _interrupted_notices() -> None:
    """Runs a dead server cut off, told to the browser that started them; each stays until dismissed."""
    interrupted.sweep(runs_dir())  # at most every half minute: dead processes' markers become notices
    held = st.session_state.setdefault("_interrupted_notices", [])
    held += interrupted.take_notices(runs_dir(), owner())
    for notice in held:
        st.sidebar.warning(" ".join(t(key, **values) for key, values in notice.phrase.parts))
        st.sidebar.button(t("interrupted.dismiss"), key=f"dismiss-{notice.run_id}", on_click=held.remove,
                          args=(notice,))


def _class_names_sidebar() -> None:
    """Class names for an uploaded model, typed in the sidebar; the model downloadable with them inside."""
    st.sidebar.text_input(t("sidebar.class_names"), key="upload_class_names",
                          help=t("sidebar.class_names_help"),
                          placeholder=t("sidebar.class_names_placeholder"))
    upload = uploads.get("model")
    typed = st.session_state.get("upload_class_names", "").strip()
    if upload is None or not typed:
        return
    content = upload.getvalue()
    try:
        model, meta, _ = uploaded_model(upload.digest, content, upload.name)
        names = checkpoints.class_names_from_text(typed, int(model.outputs[0].shape[-1]))
        named = checkpoints.with_metadata(content, dataclasses.replace(meta, class_names=names))
    except CnnvizError as err:
        st.sidebar.warning(message(err))
        return
    st.sidebar.download_button(t("sidebar.download_named"), named, file_name=upload.name,
                               mime="application/octet-stream", key="dl-named")
