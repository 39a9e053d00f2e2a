"""Labs: the course material's ideas as knobs (Inception, residual skips, initialisers, freezing).

A storyboard only: each lab lives in its own module (`_lab_modules`, `_lab_training`), and only the chosen
one runs, so a rerun computes one lab.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _lab_modules, _lab_training
from app_pages import _shared as shared
from app_pages._shared import t

VIEWS = {"inception": _lab_modules.inception, "residual": _lab_modules.residual,
         "initialisers": _lab_training.initialisers, "freezing": _lab_training.freezing}

st.title(t("nav.labs"))
shared.keep_valid("lab", list(VIEWS))
st.session_state.setdefault("lab", "inception")
view = st.segmented_control(t("lab.view"), list(VIEWS), format_func=lambda v: t(f"lab.view.{v}"), key="lab",
                            required=True)
VIEWS[view or "inception"]()
