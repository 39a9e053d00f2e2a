"""Computation › hyperparameter sandbox: input size, kernel, stride, padding and dilation, and where the
window lands.

The same window on both axes of a square input: its positions along one axis, the padded grid with the
window at one output unit, the output size with its formula (the layer table's), and every impossible or
surprising combination explained. Every number comes from `cnnviz.arithmetic.sandbox`.
"""

from __future__ import annotations

import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz.analysis import arithmetic
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import calc_figures

MAX_N = 64  # input pixels per side the sandbox draws
PAD_MODES = ("valid", "same", "pixels")


def settings_ui() -> tuple[int, int, int, int | str, int]:
    """n, kernel, stride, padding ("valid", "same" or pixels) and dilation, as chosen."""
    size, kernel, stride, dilation = st.columns(4)
    n = int(size.number_input(t("calc.sb_n"), 1, MAX_N, 7, key="sb_n", help=t("calc.sb_n_help")))
    k = int(kernel.number_input(t("calc.sb_k"), 1, MAX_N, 3, key="sb_k"))
    s = int(stride.number_input(t("calc.sb_s"), 1, MAX_N, 2, key="sb_s"))
    d = int(dilation.number_input(t("calc.sb_d"), 1, 16, 1, key="sb_d", help=t("calc.sb_d_help")))
    mode_col, pixels_col = st.columns([3, 1])
    shared.keep_valid("sb_pad_mode", PAD_MODES)
    with mode_col:
        mode = st.radio(t("calc.sb_padding"), PAD_MODES, horizontal=True, key="sb_pad_mode",
                        format_func=lambda m: t(f"calc.sb_padding_{m}"), help=t("calc.sb_padding_help"))
    padding: int | str = mode
    if mode == "pixels":
        padding = int(pixels_col.number_input(t("calc.sb_p"), 0, MAX_N, 1, key="sb_p"))
    return n, k, s, padding, d


def show() -> None:
    """The view: the knobs, then the output size, the notes and the two pictures."""
    st.caption(t("calc.sb_intro"))
    top = present.first()
    with present.settings():
        n, k, s, padding, d = settings_ui()
    try:
        box = arithmetic.sandbox(n, k, s, padding, d)
    except CnnvizError as err:
        with top:
            st.warning(shared.message(err))
        return
    with top:
        size, formula = st.columns([1, 3])
        size.metric(t("calc.sb_out"), f"{box.out} × {box.out}")
        formula.markdown(t("calc.sb_formula", formula=shared.Markdown(box.formula), span=box.span,
                           before=box.pad_before, after=box.pad_after))
        for note in box.notes:
            st.info(t(note.key, **note.values))
        grid, strip = st.columns(2)
        with grid:
            for key in ("sb_row", "sb_col"):
                shared.keep_valid(key, range(box.out))
            with present.settings():
                row_col, col_col = st.columns(2)
                row = row_col.slider(t("calc.row"), 0, box.out - 1, key="sb_row", disabled=box.out == 1)
                col = col_col.slider(t("calc.col"), 0, box.out - 1, key="sb_col", disabled=box.out == 1)
            fig = calc_figures.window_grid_figure(box, box, int(row), int(col),
                                                  t("calc.sb_grid_title", row=row, col=col))
            present.chart(fig, key="sb_grid")
            shared.explain("calc.sb_explain_grid")
        with strip:
            labels = {"input": t("calc.sb_input_axis"), "output": t("calc.sb_output_axis")}
            fig = calc_figures.positions_figure(box, t("calc.sb_positions_title", out=box.out), labels)
            present.chart(fig, key="sb_positions")
            shared.explain("calc.sb_explain_positions")
