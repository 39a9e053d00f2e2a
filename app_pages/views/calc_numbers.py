"""Computation › convolution on real numbers: one output unit of a conv or pooling layer, worked out.

Pick a layer, a picture and a unit (sliders, a click on the feature map, or play); the window, the kernel
and their products are drawn as small grids and summed into the unit's value, with the same position
marked on the layer's input and in its map. Every number comes from `cnnviz.arithmetic`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, renders, shared
from app_state.picture import picture_ui
from app_state.shared import t
from cnnviz.analysis import arithmetic
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import calc_figures
from cnnviz.draw.calc_figures import short

if TYPE_CHECKING:
    import keras

PLAY_SECONDS = 1.0  # between two steps while playing
MAX_PLAY_STEPS = 120  # a press of play moves at most this far, then stops


@st.cache_resource(show_spinner=False, max_entries=16)
def step_layers(key: str, _model: keras.Model) -> list[str]:
    """The layers a step can be shown for. Key: the model's content key."""
    return arithmetic.step_layers(_model)


@st.cache_data(show_spinner=False, max_entries=16)
def layer_maps(key: str, digest: str, layer: str, _model: keras.Model,
               _x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The layer's input and output for one picture. Key: model key, picture digest, layer."""
    return arithmetic.layer_maps(_model, _x, layer)


def _clicked() -> None:
    """A unit clicked on the feature map becomes the position (a callback: before the sliders exist)."""
    cell = shared.clicked_cell("calc_map")  # x is the column, y the row
    if cell is not None:
        st.session_state["calc_row"], st.session_state["calc_col"] = cell
        st.session_state["calc_play"] = 0


def _play() -> None:
    st.session_state["calc_play"] = MAX_PLAY_STEPS


def _stop() -> None:
    st.session_state["calc_play"] = 0


def shown_picture(current: shared.CurrentModel) -> np.ndarray:
    """The picture shared with Feature maps and Explain, as model input."""
    chosen = picture_ui(current, shared.model_dataset(current))
    st.caption(chosen.note)
    return chosen.x


def show() -> None:
    """The view: settings, then the step (in a fragment that plays by itself while `calc_play` counts)."""
    current = shared.current_model()
    if current is None or not shared.needs_conv(current):
        return
    names = step_layers(current.key, current.model)
    if not names:
        st.warning(t("calc.no_layers"))
        return
    st.caption(t("calc.intro"))
    top = present.first()
    with present.settings():
        x = shown_picture(current)
        types = {row.name: row.type for row in shared.layer_rows(current)}
        first_conv = next((n for n in names if types.get(n) in arithmetic.CONV_STEP_TYPES), names[0])
        layer = shared.pick("calc.layer", names, "layer", default=first_conv,
                            format_func=lambda n: f"{n} ({types.get(n, '')})")
    digest = renders.digest(x)
    try:
        with st.spinner(t("calc.computing")):
            maps = layer_maps(current.key, digest, layer, current.model, x)
    except CnnvizError as err:
        st.warning(shared.message(err))
        return
    height, width, channels = maps[1].shape
    with present.settings():
        shared.keep_valid("calc_channel", range(channels))
        channel = int(st.selectbox(t("calc.channel"), range(channels), key="calc_channel",
                                   help=t("calc.channel_help")))
    for key, size in (("calc_row", height), ("calc_col", width)):
        shared.keep_valid(key, range(size))
        st.session_state.setdefault(key, size // 2)  # the middle: a corner is often blank background
    playing = int(st.session_state.get("calc_play", 0)) > 0

    def step_view() -> None:
        if int(st.session_state.get("calc_play", 0)) > 0:
            _advance(height, width)
        with top:
            with present.settings():
                left, right, button = st.columns([3, 3, 1], vertical_alignment="bottom")
                left.slider(t("calc.row"), 0, height - 1, key="calc_row", disabled=height == 1)
                right.slider(t("calc.col"), 0, width - 1, key="calc_col", disabled=width == 1)
                if int(st.session_state.get("calc_play", 0)) > 0:
                    button.button(t("calc.stop"), on_click=_stop, key="calc_stop_button")
                else:
                    button.button(t("calc.play"), on_click=_play, key="calc_play_button",
                                  help=t("calc.play_help"))
            row, col = int(st.session_state.get("calc_row", 0)), int(st.session_state.get("calc_col", 0))
            try:
                step = arithmetic.step_at(current.model, x, layer, row, col, channel, maps)
            except CnnvizError as err:
                st.warning(shared.message(err))
                return
            show_step(step, maps)

    if playing:  # only the step reruns, every PLAY_SECONDS, until `_advance` stops it
        st.fragment(run_every=PLAY_SECONDS)(step_view)()
    else:
        step_view()


def _advance(height: int, width: int) -> None:
    """One step to the right (then down a row); stops at the last unit or after `MAX_PLAY_STEPS`."""
    row, col = int(st.session_state.get("calc_row", 0)), int(st.session_state.get("calc_col", 0))
    index = row * width + col + 1
    left = int(st.session_state.get("calc_play", 0)) - 1
    if index >= height * width:
        st.session_state["calc_play"] = 0
        st.rerun()  # the whole view again, so it no longer replays itself
    st.session_state["calc_row"], st.session_state["calc_col"] = divmod(index, width)
    st.session_state["calc_play"] = left
    if left <= 0:
        st.rerun()


def show_step(step: arithmetic.ConvStep | arithmetic.PoolStep, maps: tuple[np.ndarray, np.ndarray]) -> None:
    """The input and the map with the position marked, the grids, and the sum that gives the unit."""
    source, found = maps
    place = step.placement
    conv = isinstance(step, arithmetic.ConvStep)
    channels = step.input_channels if conv else (step.channel,)
    if len(channels) > 1:
        shared.keep_valid("calc_in_channel", range(len(channels)))
        slot = int(st.selectbox(t("calc.in_channel"), range(len(channels)), key="calc_in_channel",
                                format_func=lambda i: str(channels[i]), help=t("calc.in_channel_help")))
    else:
        slot = 0
    st.markdown(t("calc.position", layer=step.layer, row=step.row, col=step.col, channel=step.channel,
                  top=place.top, left=place.left, h=place.rows[-1] - place.rows[0] + 1,
                  w=place.cols[-1] - place.cols[0] + 1))
    picture, unit = st.columns(2)
    with picture:
        fig = calc_figures.input_figure(source[:, :, channels[slot]], place,
                                        t("calc.input_title", channel=channels[slot]), t("calc.window"))
        present.chart(fig, key="calc_input")
        shared.explain("calc.explain_input")
    with unit:
        fig = calc_figures.feature_map_figure(found[:, :, step.channel], step.row, step.col,
                                              shared.t_plotly("calc.map_title", layer=step.layer, channel=step.channel),
                                              t("calc.map_hover"))
        present.chart(fig, key="calc_map", on_select=_clicked, selection_mode="points")
        shared.explain("calc.explain_map")
    if conv:
        conv_numbers(step, slot)
    else:
        pool_numbers(step)


def conv_numbers(step: arithmetic.ConvStep, slot: int) -> None:
    """Window, kernel and products of one input channel, the per-channel sums, then the equation."""
    padding = ~step.placement.inside
    window, kernel, products = st.columns(3)
    with window:
        present.chart(calc_figures.value_grid(
            step.window[:, :, slot], t("calc.window_title", channel=step.input_channels[slot]),
            padding=padding), key="calc_window")
        shared.explain("calc.explain_window")
    with kernel:
        present.chart(calc_figures.value_grid(
            step.kernel[:, :, slot], t("calc.kernel_title"), diverging=True), key="calc_kernel")
        shared.explain("calc.explain_kernel")
    with products:
        present.chart(calc_figures.value_grid(
            step.products[:, :, slot], t("calc.products_title"), diverging=True), key="calc_products")
        shared.explain("calc.explain_products")
    if max(step.window.shape[:2]) > calc_figures.MAX_ANNOTATED:
        st.caption(t("calc.too_big_to_write", limit=calc_figures.MAX_ANNOTATED))
    count = len(step.input_channels)
    sums = step.channel_sums
    if count > 1:
        st.markdown(t("calc.channel_sum", channel=step.input_channels[slot], value=short(sums[slot]),
                      count=count))
        fig = calc_figures.channel_sums_figure(sums, step.input_channels, t("calc.sums_title", count=count),
                                               t("calc.in_channel"))
        present.chart(fig, key="calc_sums")
        shared.explain("calc.explain_sums")
    elif step.layer_type == "DepthwiseConv2D":
        st.caption(t("calc.depthwise_note", channel=step.input_channels[0]))
    st.markdown(t("calc.equation_conv", total=short(step.total), bias=short(step.bias),
                  pre=short(step.pre_activation), activation=step.activation, output=short(step.output),
                  count=count))
    result(step.output, step.map_value)


def pool_numbers(step: arithmetic.PoolStep) -> None:
    """The window with the winner outlined (max) or the inside cells summed (average), then the equation."""
    grid, words = st.columns([1, 2])
    with grid:
        present.chart(calc_figures.value_grid(
            step.window, t("calc.window_title", channel=step.channel), padding=~step.placement.inside,
            highlight=step.winner), key="calc_window")
    with words:
        if step.mode == "max":
            i, j = step.winner or (0, 0)
            st.markdown(t("calc.equation_max", output=short(step.output), row=int(step.placement.rows[i]),
                          col=int(step.placement.cols[j]), count=step.count))
            shared.explain("calc.explain_max")
        else:
            st.markdown(t("calc.equation_average", total=short(step.total), count=step.count,
                          output=short(step.output)))
            shared.explain("calc.explain_average")
        if step.count < step.placement.inside.size:
            st.caption(t(f"calc.pool_padding_{step.mode}", outside=step.placement.inside.size - step.count))
    result(step.output, step.map_value)


def result(output: float, map_value: float) -> None:
    """The unit's value as worked out, and Keras's own value of that unit in full."""
    worked, keras_value = st.columns(2)
    worked.metric(t("calc.output"), short(output))
    keras_value.metric(t("calc.keras_value"), f"{map_value:.7g}", help=t("calc.keras_value_help"))
