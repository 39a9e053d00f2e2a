"""What the user reads: the translator, library errors in the current language, and messages shown once a run.

Every other `app_state` module imports this one and it imports none of them, so it can never be part
of an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError


def lang() -> str:
    """The language chosen in the sidebar."""
    return st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """A UI string in the current language."""
    return i18n.t(key, lang(), **values)


def message(err: CnnvizError) -> str:
    """A library error's message in the current language."""
    return err.text(lang())


def show_once(show: Callable[[str], object], text: str) -> None:
    """Show a message unless this run already did (the model and the page may both load the dataset)."""
    shown = st.session_state.setdefault("_shown_messages", set())
    if text not in shown:
        shown.add(text)
        show(text)
