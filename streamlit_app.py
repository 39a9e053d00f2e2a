"""cnnviz: the entry point. Shared sidebar, then the page the user navigated to."""

from __future__ import annotations

import streamlit as st

from app_state import lessons as lessons_ui
from app_state import present, shared, warmup

st.set_page_config(page_title="cnnviz", page_icon="🧠", layout="wide")
shared.hold()  # first: every choice survives the page this run draws
shared.sidebar()
present.setup()
PAGES = [
    ("home", "🏠"), ("architecture", "🏗️"), ("train", "🏋️"), ("weights", "📊"),
    ("kernels", "🔳"), ("feature_maps", "🗺️"), ("evaluate", "✅"), ("explain", "🔍"),
    ("computation", "🧮"), ("labs", "🧪"),
    ("compare", "⚖️"), ("embedding", "🌌"), ("filters", "🔦"),
]
navigation = st.navigation([
    st.Page(f"app_pages/{name}.py", title=shared.t(f"nav.{name}"), icon=icon, url_path=name, default=name == "home")
    for name, icon in PAGES
], expanded=True)  # every page listed: Streamlit's own "View N more" would be English on a Korean page
shared.follow_switch(navigation.url_path)
lessons_ui.panel(navigation.url_path)
try:
    navigation.run()
finally:  # `python -m scripts.serve` started it with the server; after a plain `streamlit run`, now
    warmup.start()
