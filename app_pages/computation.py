"""Computation: a convolution or pooling step on real numbers, the hyperparameter sandbox, receptive fields.

A storyboard only: each view lives in its own module (`_calc_numbers`, `_calc_sandbox`, `_calc_receptive`),
and only the chosen one runs, so a rerun computes one view.
"""

from __future__ import annotations

import streamlit as st

from app_pages.views import calc_numbers, calc_receptive, calc_sandbox
from app_state import shared
from app_state.shared import t

VIEWS = {"numbers": calc_numbers.show, "sandbox": calc_sandbox.show, "receptive": calc_receptive.show}

st.title(t("nav.computation"))
VIEWS[shared.view_choice("calc", list(VIEWS), "calc.view")]()
