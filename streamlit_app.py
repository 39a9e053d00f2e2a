"""cnnviz: the entry point. Shared sidebar, then the page the user navigated to."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared

st.set_page_config(page_title="cnnviz", page_icon="🧠", layout="wide")
shared.sidebar()
home = st.Page("pages/home.py", title=shared.t("nav.home"), icon="🏠", default=True)
st.navigation([home]).run()
