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
VIEWS[shared.view_choice("lab", list(VIEWS), "lab.view")]()
