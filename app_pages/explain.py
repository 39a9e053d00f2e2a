"""Explain: what a class's score rests on, several methods side by side, and a sanity check of the maps."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, renders, replay, shared
from app_state.picture import picture_alt, picture_ui
from app_state.shared import t
from cnnviz.analysis import activations
from cnnviz.core.errors import CnnvizError
from cnnviz.core.text import literal
from cnnviz.draw import describe
from cnnviz.explain import methods as explain
from cnnviz.explain import overlays, sanity
from cnnviz.explain.sanity import Curve

if TYPE_CHECKING:
    import keras

DEFAULT_METHODS = ["grad_cam", "saliency", "occlusion"]
TARGETS = ("predicted", "true", "top3", "any")


@st.cache_data(show_spinner=False, max_entries=256)
def attribution(key: str, digest: str, method: str, class_index: int, layer: str | None, baseline: str,
                _model: keras.Model, _x: np.ndarray) -> np.ndarray:
    """One method's map of one picture. Key: model key, picture digest, method, class, layer, baseline."""
    return explain.attribution(_model, _x, method, class_index, layer, baseline)


@st.cache_data(show_spinner=False, max_entries=64)
def prediction(key: str, digest: str, _model: keras.Model, _x: np.ndarray) -> np.ndarray:
    """The class probabilities of one picture, computed once, not on every rerun. Key: model, picture."""
    return explain.probabilities(_model, _x)[0]


@st.cache_data(show_spinner=False, max_entries=64)
def path_scores(key: str, digest: str, class_index: int, baseline: str, _model: keras.Model,
                _x: np.ndarray) -> tuple[float, float]:
    """The explained score on the baseline and on the picture. Key: model, picture, class, baseline."""
    start = explain.baseline_image(_x[0], baseline)
    return explain.class_score(_model, start, class_index), explain.class_score(_model, _x, class_index)


@st.cache_resource(show_spinner=False, max_entries=2)
def randomised(key: str, _model: keras.Model) -> keras.Model:
    """The model with every weight drawn again (seed 0), shared read-only. Key: the model's content key."""
    return sanity.randomized(_model)


@st.cache_data(show_spinner=False, max_entries=32)
def sanity_check(key: str, digest: str, method: str, class_index: int, layer: str | None, baseline: str,
                 _model: keras.Model, _x: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, list[Curve]]:
    """The real and random maps, their rank correlation, both deletion curves. Key: as `attribution`."""
    real = attribution(key, digest, method, class_index, layer, baseline, _model, _x)
    fake = explain.attribution(randomised(key, _model), _x, method, class_index, layer, baseline)
    rho = sanity.similarity(overlays.heat(real).values, overlays.heat(fake).values)
    curves = [sanity.deletion_curve(_model, _x, found, class_index) for found in (real, fake)]
    return real, fake, rho, curves


def show_map(x: np.ndarray, found: np.ndarray, opacity: float, caption: str, alt: str) -> None:
    """A map over the picture (PNG: a heat map's colours are the figure; drawn once for every session), with
    its text alternative `alt`."""
    picture = renders.overlay(x, found, opacity)
    width = "stretch" if present.presenting() else "content"
    st.image(picture, caption=caption, output_format="PNG", width=width, alt=alt)


def map_caption(method: str, found: np.ndarray, scores: tuple[float, float] | None) -> str:
    """What the colours of `method`'s map mean, with its own numbers (signed maps are drawn blue–white–red,
    others black to yellow: `overlays.Heat.cmap`)."""
    name = t(f"explain.method.{method}")
    heat = overlays.heat(found)
    if method == "occlusion":
        text = t("ex.caption_occlusion_signed" if heat.signed else "ex.caption_occlusion", method=name,
                 high=f"{100 * max(heat.high, 0):.1f}")
        if -100 * heat.low >= 0.05:  # covering some part raises the probability by a visible amount
            text += " " + t("ex.caption_occlusion_raises", low=f"{-100 * heat.low:.1f}")
        return text
    if method == "integrated_gradients" and scores is not None:
        start, end = scores
        return t("ex.caption_ig" if heat.signed else "ex.caption_ig_unsigned", method=name,
                 total=f"{float(found.sum()):.3f}", start=f"{start:.3f}", end=f"{end:.3f}",
                 change=f"{end - start:.3f}")
    return t("ex.caption_unit", method=name)


def targets_ui(probabilities: np.ndarray, names: list[str], true_index: int | None) -> list[int]:
    """The classes to explain: the predicted one, the true label, the top three, or any one."""
    options = [target for target in TARGETS if target != "true" or true_index is not None]
    shared.keep_valid("ex_target", options)
    target = st.radio(t("ex.target"), options, horizontal=True, format_func=lambda o: t(f"ex.target_{o}"),
                      key="ex_target")
    ranked = [int(i) for i in np.argsort(-probabilities, kind="stable")]
    if target == "true" and true_index is not None:
        return [true_index]
    if target == "top3":
        return ranked[:3]
    if target == "any":
        shared.keep_valid("ex_class", range(len(names)))
        if "ex_class" not in st.session_state:
            st.session_state["ex_class"] = ranked[0]
        chosen = st.selectbox(t("ex.class"), range(len(names)), format_func=names.__getitem__, key="ex_class")
        return [int(chosen)]
    return ranked[:1]


def sanity_panel(current: shared.CurrentModel, digest: str, x: np.ndarray, methods: list[str],
                 class_index: int, layer: str | None, baseline: str, opacity: float, label: str) -> None:
    """The chosen method on the randomised model beside the real one, their correlation, deletion curves."""
    with st.expander(t("ex.sanity")):
        st.caption(t("ex.sanity_intro"))
        shared.keep_valid("ex_sanity_method", methods)
        method = st.selectbox(t("ex.sanity_method"), methods, format_func=lambda m: t(f"explain.method.{m}"),
                              key="ex_sanity_method")
        layer = layer if method in explain.LAYER_METHODS else None
        asked = (current.key, digest, method, class_index, layer, baseline)
        if st.button(t("ex.sanity_run"), key="ex_sanity_run"):
            st.session_state["ex_sanity_for"] = asked
        if st.session_state.get("ex_sanity_for") != asked:
            return
        try:
            with st.spinner(t("ex.sanity_running")):
                real, fake, rho, curves = sanity_check(*asked, current.model, x)
        except CnnvizError as err:
            st.error(shared.message(err))
            return
        left, right = st.columns(2)
        with left:
            show_map(x, real, opacity, t("ex.sanity_real"),
                     describe.attribution(real, method, label, shared.lang(), layer=layer))
        with right:
            show_map(x, fake, opacity, t("ex.sanity_random"),
                     describe.attribution(fake, method, label, shared.lang(), layer=layer, random_weights=True))
        st.metric(t("ex.similarity"), f"{rho:.2f}", help=t("ex.similarity_help"))
        verdict = sanity.verdict(rho)
        show = {"sanity.verdict_same": st.warning, "sanity.verdict_partly": st.info}.get(verdict, st.success)
        show(t(verdict, rho=f"{rho:.2f}"))
        st.subheader(t("ex.deletion"))
        labelled = [(t("ex.curve_real", auc=f"{curves[0].auc:.3f}"), curves[0]),
                    (t("ex.curve_random", auc=f"{curves[1].auc:.3f}"), curves[1])]
        figure = overlays.curve_figure(labelled, t("ex.deletion_x"), shared.t_plotly("ex.deletion_y", label=label))
        present.chart(figure, key="deletion")
        shared.explain("ex.explain_deletion")


st.title(t("nav.explain"))
current = shared.current_model()
if current is None or not shared.needs_conv(current):
    st.stop()
current = replay.epoch_ui(current)  # the model at the chosen epoch, when the checkpoint kept a replay
rows = shared.layer_rows(current)
ds = shared.model_dataset(current)
st.caption(t("ex.intro"))
if not current.trained:
    st.info(t("ex.untrained"))
top = present.first()  # presenting: the maps above the settings
settings = present.settings()
with settings:
    picture, choices = st.columns([1, 2])
    with choices:
        chosen = picture_ui(current, ds)
        x, note, true_index = chosen.x, chosen.note, chosen.true_index
    digest = renders.digest(x)
    try:
        probabilities = prediction(current.key, digest, current.model, x)
        layers = activations.spatial_layers(current.model)
        suggested = explain.suggest_layer(current.model)
        space = explain.explained_score(current.model)
    except CnnvizError as err:
        st.error(shared.message(err))
        st.stop()
    names = list(shared.shown_class_names(current))[: len(probabilities)]
    names += [str(i) for i in range(len(names), len(probabilities))]
    if true_index is not None and true_index >= len(names):  # a label the model has no output for
        true_index = None
    with picture:
        st.image(renders.preview(x), caption=t("fm.input_caption"), output_format="PNG",
                 alt=picture_alt(chosen, ds))
        st.caption(note)
    with choices:
        predicted = int(np.argmax(probabilities))
        truth = f" · {t('fm.truth', label=names[true_index])}" if true_index is not None else ""
        st.markdown(t("fm.prediction", label=names[predicted], p=f"{probabilities[predicted]:.1%}") + truth)
        shared.keep_valid("ex_methods", explain.METHODS)
        if "ex_methods" not in st.session_state:
            st.session_state["ex_methods"] = DEFAULT_METHODS
        methods = st.multiselect(t("ex.methods"), explain.METHODS, key="ex_methods",
                                 help=t("ex.methods_help"), format_func=lambda m: t(f"explain.method.{m}"))
        classes = targets_ui(probabilities, names, true_index)
        opacity = st.slider(t("ex.opacity"), 0.0, 1.0, 0.5, 0.05, key="ex_opacity", help=t("ex.opacity_help"))
        baseline = "black"
        if "integrated_gradients" in methods:
            shared.keep_valid("ex_baseline", explain.BASELINES)
            baseline = st.radio(t("ex.baseline"), explain.BASELINES, horizontal=True, key="ex_baseline",
                                format_func=lambda b: t(f"ex.baseline_{b}"),
                                help=t("ex.baseline_help"))
            st.caption(t(f"explain.baseline_{baseline}"))
maps_area = top if present.presenting() else st.container()  # otherwise: below the picture's settings
with settings:
    chooser, drawing = st.columns([3, 2])
    with chooser:
        seen = st.session_state.get("_ex_layer_model")
        if seen != replay.base_key(current):  # a new model: its suggestion (a link's layer on the first one)
            if seen is not None or "ex_layer" not in st.session_state.get("_url_unchecked", set()):
                st.session_state.pop("ex_layer", None)
            st.session_state["_ex_layer_model"] = replay.base_key(current)
        layer = shared.pick("ex.layer", layers, "ex_layer", default=suggested, help=t("ex.layer_help"))
        st.caption(explain.layer_reason(current.model, layer, shared.lang(), encode=literal))
        st.caption(t(f"explain.score_{space}"))
    with drawing:
        shared.diagram(rows, layer)

with maps_area:
    if not methods:
        st.info(t("ex.no_methods"))
        st.stop()
    for class_index in classes:
        st.markdown(t("ex.heading", label=names[class_index], p=f"{probabilities[class_index]:.1%}"))
        for column, method in zip(st.columns(len(methods)), methods, strict=False):
            chosen = layer if method in explain.LAYER_METHODS else None
            with column:
                try:  # one method refused (over its budget, say) leaves the others' maps shown
                    found = attribution(current.key, digest, method, class_index, chosen, baseline,
                                        current.model, x)
                    scores = (path_scores(current.key, digest, class_index, baseline, current.model, x)
                              if method == "integrated_gradients" else None)
                    caption = map_caption(method, found, scores)
                    sampled = (explain.score_cam_note(current.model, x, chosen, shared.lang(), encode=literal)
                               if method == "score_cam" else None)
                except CnnvizError as err:
                    st.error(shared.message(err))
                    continue
                show_map(x, found, opacity, shared.Markdown(f"{caption} {sampled}") if sampled else caption,
                         describe.attribution(found, method, names[class_index], shared.lang(), layer=chosen))
    shared.explain("ex.explain_methods")
    if replay.epoch_of(current) is not None:
        shared.explain("replay.explain_maps")

sanity_panel(current, digest, x, methods, classes[0], layer, baseline, opacity, names[classes[0]])
