"""Labs: the Inception and Residual modules on the user's picture, and gradients through depth.

The current model's own modules are shown when it has some (found by `cnnviz.modules.find_modules`);
otherwise the zoo's module is built on the picture's shape with seeded random weights, and the page says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import streamlit as st

from app_state import present, shared
from app_state.picture import picture_alt, picture_ui
from app_state.shared import t
from cnnviz import data
from cnnviz.analysis import modules
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import describe, module_figures, render

if TYPE_CHECKING:
    import keras

DEPTHS = (1, 2, 4, 8)  # mini_resnet modules per stage for the gradient comparison
GRADIENT_INITIALIZERS = ("he_normal", "glorot_uniform")
MAP_PX = 200


@st.cache_data(show_spinner=False, max_entries=32)
def found_modules(key: str, _model: keras.Model) -> list[modules.Module]:
    """The model's Inception and residual modules. Key: the model's content key."""
    return modules.find_modules(_model)


@st.cache_resource(show_spinner=False, max_entries=8)
def demo_model(kind: str, input_shape: tuple[int, ...]) -> keras.Model:
    """The zoo's module alone on the picture's shape, seeded random weights. Key: kind, input shape."""
    if kind == "residual":
        return modules.demo_residual(input_shape)
    return modules.demo_inception(input_shape, reduced=kind == "reduced")


@st.cache_data(show_spinner=False, max_entries=16)
def gradients(fingerprint: str, depth: int, initializer: str, seed: int, _x: np.ndarray, _y: np.ndarray,
              num_classes: int) -> modules.SkipComparison:
    """mini_resnet's gradient norms with and without skips. Key: dataset fingerprint, depth, initialiser, seed."""
    return modules.skip_comparison(_x, _y, num_classes, depth, seed, initializer)


def picture(current: shared.CurrentModel) -> np.ndarray:
    """The shared picture (a test sample or an upload) as the current model's input, shown with its note."""
    ds = shared.model_dataset(current)
    chosen = picture_ui(current, ds)
    st.image(render.image_preview(chosen.x, 120), caption=t("fm.input_caption"), alt=picture_alt(chosen, ds))
    st.caption(chosen.note)
    return chosen.x


def module_choice(current: shared.CurrentModel, x: np.ndarray, kind: str,
                  demo_kind: str) -> tuple[keras.Model, str, bool]:
    """The model and merge layer to show: the current model's module, or the zoo's module built on the picture."""
    found = [m for m in found_modules(current.key, current.model) if m.kind == kind]
    if found:
        name = shared.pick(f"lab.{kind}.module", [m.name for m in found], f"lab_{kind}_module")
        return current.model, str(name), False
    model = demo_model(demo_kind, tuple(int(d) for d in x.shape[1:]))
    return model, modules.find_modules(model)[0].name, True


# --- Inception ---------------------------------------------------------------------------------


def inception() -> None:
    """Each branch of an Inception module on the picture, where it sits in the concatenation, and its cost."""
    current = shared.current_model()
    if current is None:
        st.stop()
    st.caption(t("lab.inception.intro"))
    top = present.first()
    with present.settings():
        x = picture(current)
        has_own = any(m.kind == "inception" for m in found_modules(current.key, current.model))
        demo_kind = "reduced"
        if not has_own:
            demo_kind = st.radio(t("lab.inception.demo_kind"), ["reduced", "naive"], horizontal=True,
                                 format_func=lambda k: t(f"lab.inception.demo_{k}"), key="lab_inception_demo")
        model, concat, demo = module_choice(current, x, "inception", demo_kind)
    if demo:
        st.info(t("lab.inception.fallback", model=current.label, shape=_shape(x.shape[1:])))
    try:
        with st.spinner(t("lab.inception.computing")):
            view = modules.inception_view(model, x, concat)
    except CnnvizError as err:
        st.error(shared.message(err))
        st.stop()
    with top if present.presenting() else st.container():
        branches_panel(view)
    cost_panel(view)


def branches_panel(view: modules.InceptionView) -> None:
    """The concatenation strip, then each branch's maps with its channel count and slice."""
    module = view.module
    st.subheader(t("lab.inception.branches_title", name=module.name, count=len(view.branches),
                   channels=view.channels))
    present.chart(module_figures.concat_strip(view.branches, shared.lang()), key="concat_strip")
    shared.explain("lab.inception.explain_strip")
    columns = st.columns(min(len(view.branches), 4))
    for index, branch in enumerate(view.branches):
        with columns[index % len(columns)]:
            chain = shared.listing((module.source, *branch.chain), " → ")
            st.markdown(t("lab.inception.branch_title", name=branch.name, count=branch.channels,
                          start=branch.start, stop=branch.stop))
            st.caption(chain)
            grid = render.feature_map_grid(branch.maps)
            st.image(grid, caption=t("lab.inception.branch_caption", count=branch.channels,
                                     h=branch.maps.shape[0], w=branch.maps.shape[1]),
                     width="stretch", alt=describe.feature_maps(branch.maps, branch.name, shared.lang()))
    shared.explain("lab.inception.explain_maps")
    show_check("lab.inception", module.name, view.max_difference, 1e-5)


def show_check(prefix: str, name: str, difference: float, tolerance: float) -> None:
    """The page's own check (the parts put together equal the layer's output), passed or not, with its size."""
    if difference < tolerance:
        st.success(t(f"{prefix}.check_ok", name=name, difference=f"{difference:.2g}"))
    else:
        st.warning(t(f"{prefix}.check_off", name=name, difference=f"{difference:.3g}"))


def cost_panel(view: modules.InceptionView) -> None:
    """Naive against reduced Inception 3a: at this module's input, and at GoogLeNet's 28×28×192."""
    st.subheader(t("lab.inception.cost_title"))
    here = view.input_shape
    classic = modules.compare_inception((28, 28, 192))
    for shape in dict.fromkeys([here, classic.input_shape]):
        costs = modules.compare_inception(shape)
        st.markdown(t("lab.inception.cost_at", shape=_shape(shape)))
        st.dataframe(cost_table(costs), hide_index=True)
        st.caption(t("lab.inception.cost_summary", params=f"{costs.param_ratio:.0%}", macs=f"{costs.mac_ratio:.0%}",
                     channels=costs.input_shape[-1]))
    shared.explain("lab.inception.explain_cost")


def cost_table(costs: modules.InceptionCosts) -> pd.DataFrame:
    """Parameters, MACs and output channels of both modules, as rows."""
    rows = [("params", costs.naive.params, costs.reduced.params), ("macs", costs.naive.macs, costs.reduced.macs),
            ("channels", costs.naive.channels, costs.reduced.channels)]
    return pd.DataFrame({
        t("lab.inception.cost_measure"): [t(f"lab.inception.cost_{name}") for name, _, _ in rows],
        t("lab.inception.demo_naive"): [f"{naive:,}" for _, naive, _ in rows],
        t("lab.inception.demo_reduced"): [f"{reduced:,}" for _, _, reduced in rows],
    })


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(str(int(d)) for d in shape)


# --- Residual ----------------------------------------------------------------------------------


def residual() -> None:
    """x, F(x), F(x) + x and the output of a residual module on the picture; gradients with and without skips."""
    current = shared.current_model()
    if current is None:
        st.stop()
    st.caption(t("lab.residual.intro"))
    top = present.first()
    with present.settings():
        x = picture(current)
        model, add, demo = module_choice(current, x, "residual", "residual")
    if demo:
        st.info(t("lab.residual.fallback", model=current.label, shape=_shape(x.shape[1:]),
                  filters=modules.DEMO_RESIDUAL_FILTERS))
    try:
        with st.spinner(t("lab.residual.computing")):
            view = modules.residual_view(model, x, add)
    except CnnvizError as err:
        st.error(shared.message(err))
        st.stop()
    with present.settings():
        channels = int(view.total.shape[-1])
        shared.keep_valid("lab_residual_channel", range(channels))
        channel = int(st.number_input(t("lab.residual.channel", count=channels), 0, channels - 1, 0, 1,
                                      key="lab_residual_channel"))
    with top if present.presenting() else st.container():
        paths_panel(view, channel)
    gradients_panel(current)


def paths_panel(view: modules.ResidualView, channel: int) -> None:
    """The four maps of one channel on one colour scale, and which path x took."""
    module = view.module
    st.subheader(t("lab.residual.paths_title", name=module.name, channel=channel))
    if view.identity:
        st.markdown(t("lab.residual.identity", source=module.source))
    else:
        st.markdown(t("lab.residual.projection", source=module.source, layer=view.projection,
                      path=shared.listing(view.shortcut, " → ")))
    low, high = view.value_range
    panels = [("x", view.x), ("fx", view.fx), ("sum", view.total)]
    if view.output is not None:
        panels.append(("out", view.output))
    for column, (part, maps) in zip(st.columns(len(panels)), panels, strict=False):
        with column:
            layer = {"x": module.source if view.identity else view.projection, "fx": " → ".join(view.residual),
                     "sum": module.name, "out": view.output_name}[part]
            st.image(render.single_map(maps, channel, MAP_PX, value_range=(low, high)),
                     caption=t(f"lab.residual.part_{part}", layer=layer), width="stretch",
                     alt=describe.residual_map(maps[..., channel], channel, part, layer, shared.lang()))
    st.image(render.colour_bar(), width=256, caption=t("lab.residual.scale", low=f"{low:.3g}", high=f"{high:.3g}"),
             alt=describe.colour_bar(shared.lang(), (low, high)))
    shared.explain("lab.residual.explain_maps")
    show_check("lab.residual", module.name, view.max_difference, 1e-4)


def gradients_panel(current: shared.CurrentModel) -> None:
    """The button measuring mini_resnet's gradient norms through depth with and without skips, and the chart."""
    st.subheader(t("lab.residual.gradients_title"))
    st.caption(t("lab.residual.gradients_intro", batch=modules.GRADIENT_BATCH, seed=modules.DEMO_SEED))
    ds = shared.model_dataset(current)
    if ds is None:
        st.info(t("lab.residual.no_dataset"))
        return
    with present.settings():
        left, right = st.columns(2)
        depth = left.select_slider(t("lab.residual.depth"), DEPTHS, value=DEPTHS[2], key="lab_residual_depth",
                                   help=t("lab.residual.depth_help"))
        initializer = right.radio(t("lab.residual.initializer"), GRADIENT_INITIALIZERS, horizontal=True,
                                  key="lab_residual_init", help=t("lab.residual.initializer_help"))
    fingerprint = data.fingerprint(ds)
    asked = (fingerprint, int(depth), str(initializer), modules.DEMO_SEED)
    if st.button(t("lab.residual.measure"), key="lab_residual_measure"):
        st.session_state["lab_residual_for"] = asked
    if st.session_state.get("lab_residual_for") != asked:
        return
    x = ds.x_train[: modules.GRADIENT_BATCH].astype(np.float32)
    y = ds.y_train[: modules.GRADIENT_BATCH]
    try:
        with st.spinner(t("lab.residual.measuring", blocks=depth)):
            found = gradients(*asked, x, y, ds.num_classes)
    except CnnvizError as err:
        st.error(shared.message(err))
        return
    present.chart(module_figures.gradient_depth(found, shared.lang()), key="gradient_depth")
    shared.explain("lab.residual.explain_gradients")
    for skips in (True, False):
        first, last = found.first_last(skips)
        st.markdown(t("lab.residual.ratio_with" if skips else "lab.residual.ratio_without",
                      first_layer=found.conv_layers[0], last_layer=found.conv_layers[-1], first=f"{first:.3g}",
                      last=f"{last:.3g}", ratio=f"{first / last:.3g}"))
    st.info(t("lab.residual.closing", layers=len(found.conv_layers), gain=f"{found.first_gain:.3g}",
              dataset=ds.name, batch=found.batch))
