"""What every page shares: the sidebar, the translator and the cached resources.

Widgets only; every number comes from `cnnviz`. Keys of the sidebar widgets
live in `st.session_state`, so the choices hold across pages.
"""

from __future__ import annotations

import streamlit as st

from cnnviz import i18n, zoo


def lang() -> str:
    """The language chosen in the sidebar."""
    return st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)


def t(key: str, **values: object) -> str:
    """A UI string in the current language."""
    return i18n.t(key, lang(), **values)


def sidebar() -> None:
    """Language and model pickers, shown on every page."""
    st.sidebar.selectbox(
        t("sidebar.language"), options=list(i18n.LANGUAGES), format_func=i18n.LANGUAGES.get, key="lang"
    )
    specs = {spec.name: spec for spec in zoo.list_models()}
    st.sidebar.selectbox(
        t("sidebar.model"), options=list(specs), format_func=lambda name: specs[name].title,
        key="model_name", help=t("sidebar.model_help"),
    )
