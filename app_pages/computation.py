"""Computation: a convolution or pooling step on real numbers, the hyperparameter sandbox, receptive fields.

A storyboard only: each view lives in its own module (`_calc_numbers`, `_calc_sandbox`, `_calc_receptive`),
and only the chosen one runs, so a rerun computes one view.
"""

from __future__ import annotations

import streamlit as st

from app_pages import _calc_numbers, _calc_receptive, _calc_sandbox
from app_pages import _shared as shared
from app_pages._shared import t

VIEWS = {"numbers": _calc_numbers.show, "sandbox": _calc_sandbox.show, "receptive": _calc_receptive.show}

st.title(t("nav.computation"))
VIEWS[shared.view_choice("calc", list(VIEWS), "calc.view")]()
