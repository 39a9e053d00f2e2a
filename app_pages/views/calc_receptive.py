"""Computation → receptive field on the image: click a unit of a layer, see its box on the picture beside the
effective field (what the unit's gradient says it really uses). Everything shown comes from `cnnviz.receptive`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, renders, shared
from app_state.picture import picture_alt, picture_ui
from app_state.shared import t
from cnnviz.analysis import activations, receptive
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import receptive_figures as figures
from cnnviz.draw import render

if TYPE_CHECKING:
    import keras

MEAN = -1  # the channel choice "mean of all channels"


@st.cache_data(show_spinner=False, max_entries=64)
def layer_map(key: str, digest: str, layer: str, _model: keras.Model, _x: np.ndarray) -> np.ndarray:
    """One layer's (H, W, C) activations for one picture. Key: model key, picture digest, layer."""
    maps, _ = activations.extractor(_model)(_x, [layer], prediction=False)
    found = maps[layer]
    return found[0] if found.ndim == 4 else found


@st.cache_data(show_spinner=False, max_entries=256)
def field(key: str, digest: str, layer: str, row: int, col: int, channel: int | None, _model: keras.Model,
          _x: np.ndarray) -> np.ndarray:
    """The effective field of one unit. Key: model key, picture digest, layer, unit, channel."""
    return receptive.effective_field(_model, _x, layer, row, col, channel)


def _clicked(chart_key: str) -> None:
    """Chart callback: the clicked unit becomes the sliders' value (callbacks run before the widgets)."""
    cell = shared.clicked_cell(chart_key)  # x is the unit's column and y its row, on every trace of the map
    if cell is not None:
        st.session_state["rf_row"], st.session_state["rf_col"] = cell


def unit_ui(height: int, width: int) -> tuple[int, int]:
    """Row and column sliders (also set by clicking the map), the centre unit at first."""
    shared.keep_valid("rf_row", range(height))
    shared.keep_valid("rf_col", range(width))
    st.session_state.setdefault("rf_row", height // 2)
    st.session_state.setdefault("rf_col", width // 2)
    rows, cols = st.columns(2)
    with rows:
        row = st.slider(t("calc.rf.row"), 0, max(height - 1, 1), key="rf_row", disabled=height == 1)
    with cols:
        col = st.slider(t("calc.rf.col"), 0, max(width - 1, 1), key="rf_col", disabled=width == 1)
    return min(int(row), height - 1), min(int(col), width - 1)


def describe(box: receptive.ReceptiveBox, rf: str) -> None:
    """The box and its whole window in words, with the numbers the figures draw."""
    top, left, bottom, right = box.rect
    st.markdown(t("calc.rf.box", layer=box.layer, row=box.row, col=box.col, top=top, bottom=bottom - 1,
                  left=left, right=right - 1, height=box.height, width=box.width))
    ftop, fleft, fbottom, fright = box.full
    st.markdown(t("calc.rf.window", fheight=box.full_height, fwidth=box.full_width, ftop=ftop,
                  fbottom=fbottom - 1, fleft=fleft, fright=fright - 1, rf=rf or "—"))
    if box.padded:
        st.markdown(t("calc.rf.padding", pixels=box.padding_pixels, total=box.full_height * box.full_width))
    else:
        st.markdown(t("calc.rf.on_image"))


def show() -> None:
    """The view: the picture and a layer, its map to click a unit on, the unit's box and effective field."""
    current = shared.current_model()
    if current is None or not shared.needs_conv(current):
        return
    rows = shared.layer_rows(current)
    ds = shared.model_dataset(current)
    st.caption(t("calc.rf.intro"))
    top = present.first()  # presenting: the three pictures above the settings
    settings = present.settings()
    with settings:
        picture, choices = st.columns([1, 2])
        with choices:
            chosen = picture_ui(current, ds)
            x, note = chosen.x, chosen.note
        with picture:
            st.image(render.image_preview(x), caption=t("fm.input_caption"), alt=picture_alt(chosen, ds))
            st.caption(note)
    digest = renders.digest(x)
    try:
        layers = activations.spatial_layers(current.model)
    except CnnvizError as err:
        st.error(shared.message(err))
        return
    with settings, choices:
        layer = shared.pick("calc.rf.layer", layers, "layer", default=layers[len(layers) // 2])
    if layer is None:
        return
    try:
        maps = layer_map(current.key, digest, layer, current.model, x)
    except CnnvizError as err:
        st.error(shared.message(err))
        return
    height, width, channels = maps.shape
    with settings, choices:
        options = [MEAN, *range(channels)]
        shared.keep_valid("rf_channel", options)
        channel = st.selectbox(t("calc.rf.map_of"), options, key="rf_channel",
                               format_func=lambda c: t("calc.rf.mean") if c == MEAN else
                               t("calc.rf.channel", channel=c))
        row, col = unit_ui(height, width)
    chosen = None if channel == MEAN else int(channel)
    try:
        box = receptive.unit_box(current.model, layer, row, col, x.shape[1:])
        with st.spinner(t("calc.rf.computing")):
            found = field(current.key, digest, layer, row, col, chosen, current.model, x)
    except CnnvizError as err:
        st.error(shared.message(err))
        return
    values = maps.mean(axis=-1) if chosen is None else maps[..., chosen]
    table = {r.name: r for r in rows}
    area = top if present.presenting() else st.container()
    with area:
        left, middle, right = st.columns(3)
        with left:
            chart_key = f"rf_map_{layer}"
            title = shared.t_plotly("calc.rf.map_title", layer=layer, height=height, width=width)
            figure = figures.unit_map(values, row, col, title, t("calc.rf.row_word"), t("calc.rf.col_word"))
            present.chart(figure, key=chart_key, on_select=lambda: _clicked(chart_key), selection_mode="points")
            shared.explain("calc.rf.explain_map")
        with middle:
            figure = figures.box_on_image(x, box, t("calc.rf.seen"), t("calc.rf.whole_window"),
                                          t("calc.rf.box_title"))
            present.chart(figure, key="rf_box")
            shared.explain("calc.rf.explain_box")
        with right:
            centre = receptive.central_rect(box.rect)
            figure = figures.effective_field(found, box, centre, t("calc.rf.seen"), t("calc.rf.centre"),
                                             t("calc.rf.field_title"))
            present.chart(figure, key="rf_field")
            shared.explain("calc.rf.explain_field")
        describe(box, table[layer].receptive_label if layer in table else "")
        if found.sum() <= 0:
            st.info(t("calc.rf.no_gradient"))
            return
        share, even = receptive.share_inside(found, box.rect), receptive.area_share(box.rect)
        st.markdown(t("calc.rf.share", share=f"{share:.0%}", area=f"{even:.0%}",
                      outside=f"{receptive.share_outside(found, box.rect):.0%}"))
        st.markdown(t("calc.rf.peaked" if receptive.is_peaked(share, even) else "calc.rf.even"))
