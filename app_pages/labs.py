"""Labs: the course material's ideas as knobs (Inception, residual skips, initialisers, freezing).

A storyboard only: each lab lives in its own module (`_lab_modules`, `_lab_training`), and only the chosen
one runs, so a rerun computes one lab.
"""

from __future__ import annotations

import streamlit as st

from app_pages.views import lab_modules, lab_training
from app_state import shared
from app_state.shared import t

VIEWS = {"inception": lab_modules.inception, "residual": lab_modules.residual,
         "initialisers": lab_training.initialisers, "freezing": lab_training.freezing}

st.title(t("nav.labs"))
VIEWS[shared.view_choice("lab", list(VIEWS), "lab.view")]()
