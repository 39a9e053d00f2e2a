"""Embedding map: test images placed in 2-D by the network's features, beside the same map of raw pixels."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz import data
from cnnviz.analysis import activations, embedding, evaluation
from cnnviz.core import budget
from cnnviz.core.errors import CnnvizError
from cnnviz.core.text import plotly_literal
from cnnviz.draw import describe, render
from cnnviz.explain import methods as explain
from cnnviz.explain import overlays
from cnnviz.models import outputs
from cnnviz.uploads import images

if TYPE_CHECKING:
    import keras

SEED = 0
CHARTS = ("emb_net", "emb_raw")  # the two scatter plots' keys: a point picked on either selects the image


@st.cache_data(show_spinner=False, max_entries=16)
def model_inputs(fingerprint: str, count: int, spec: tuple[int | None, ...], _ds: data.Dataset) -> np.ndarray:
    """The first `count` test images converted to the model's input. Key: dataset, count, input shape."""
    return evaluation.fit_to_input(_ds.x_test[:count], spec)


@st.cache_data(show_spinner=False, max_entries=32)
def network_features(key: str, fingerprint: str, count: int, layer: str, _model: keras.Model,
                     _x: np.ndarray) -> np.ndarray:
    """One feature vector per image at `layer`. Key: model, dataset, count, layer."""
    return embedding.features(_model, _x, layer)


@st.cache_data(show_spinner=False, max_entries=16)
def probabilities(key: str, fingerprint: str, count: int, _model: keras.Model,
                  _x: np.ndarray) -> np.ndarray | None:
    """Class probabilities of every image; None when the model does not score classes. Key: as features."""
    if outputs.num_classes(_model) is None:
        return None
    return evaluation.predict_probabilities(_model, _x)


@st.cache_data(show_spinner=False, max_entries=64)
def projection(key: str, fingerprint: str, count: int, layer: str, method: str, seed: int,
               _table: np.ndarray) -> np.ndarray:
    """The 2-D points of a feature table. Key: model (or the pixels' shape), dataset, count, layer, method."""
    return embedding.project(_table, method, seed)


@st.cache_data(show_spinner=False, max_entries=64)
def grad_cam(key: str, fingerprint: str, index: int, class_index: int, _model: keras.Model,
             _x: np.ndarray) -> np.ndarray:
    """Grad-CAM of one image for one class at the suggested layer. Key: model, dataset, image, class."""
    return explain.grad_cam(_model, _x, class_index)


def picked(chart: str) -> int | None:
    """The image a click on `chart` names (its point's customdata), None when nothing is selected."""
    for point in shared.clicked_points(chart):
        found = point.get("customdata")
        found = found[0] if isinstance(found, (list, tuple)) and found else found
        if isinstance(found, (int, float)):
            return int(found)
    return None


def follow_selection(count: int) -> None:
    """A point newly clicked on either chart becomes the chosen image (before its number box is drawn)."""
    for chart in CHARTS:
        index = picked(chart)
        if index is not None and index != st.session_state.get(f"_{chart}_seen") and 0 <= index < count:
            st.session_state["emb_point"] = index
        st.session_state[f"_{chart}_seen"] = index


def open_on_feature_maps(index: int) -> None:
    """Button callback: show test image `index` on Feature maps."""
    shared.switch("feature_maps", sample=index, fm_source="sample")


def layer_label(model: keras.Model, layer: str, default: str) -> str:
    """A layer choice with the size of its feature vector, the default marked."""
    key = "emb.layer_maps" if embedding.is_spatial(model, layer) else "emb.layer_flat"
    size = embedding.feature_size(model, layer)
    return shared.t_plain(key, layer=layer, size="?" if size is None else f"{size:,}") + (
        t("emb.layer_default") if layer == default else "")


def settings_ui(current: shared.CurrentModel, total: int,
                image_shape: tuple[int, ...]) -> tuple[int, str, str]:
    """The number of images (at most what one map of this model may take), the projection and the layer."""
    how_many, how, where = st.columns(3)
    with how:
        shared.keep_valid("emb_method", embedding.METHODS)
        method = st.radio(t("emb.method"), embedding.METHODS, horizontal=True, key="emb_method",
                          format_func=lambda m: t(f"emb.method_{m}"), help=t("emb.method_help"))
    with where:
        if st.session_state.get("_emb_layer_model") != current.key:  # a new model: its own default
            st.session_state.pop("emb_layer", None)
            st.session_state["_emb_layer_model"] = current.key
        default = embedding.penultimate_layer(current.model)
        layer = shared.pick("emb.layer", embedding.feature_layers(current.model), "emb_layer",
                            default=default, help=t("emb.layer_help"),
                            format_func=lambda name: layer_label(current.model, name, default))
    with how_many:
        try:  # the count's limit, from the model's shapes: its inputs, features and both maps within budget
            fits = embedding.most_points(current.model, image_shape, layer, method, min(embedding.MAX_POINTS, total))
        except CnnvizError as err:
            st.error(shared.message(err))
            st.stop()
        most = max(fits, embedding.MIN_POINTS)  # none fit: the smallest map, whose refusal gives the figures
        shared.keep_valid("emb_count", range(embedding.MIN_POINTS, most + 1))
        if "emb_count" not in st.session_state:
            st.session_state["emb_count"] = min(embedding.DEFAULT_POINTS, most)
        count = st.number_input(t("emb.count"), embedding.MIN_POINTS, most, step=10, key="emb_count",
                                help=t("emb.count_help", max=f"{embedding.MAX_POINTS:,}"))
        if fits < min(embedding.MAX_POINTS, total):
            st.caption(t("emb.capped", most=f"{fits:,}", limit=f"{budget.WORK_SECONDS:g}",
                         memory=budget.megabytes(budget.WORK_BYTES)))
    return int(count), method, layer


def separation_sentence(net: float | None, raw: float | None) -> str:
    """How the classes' silhouettes compare, decided on the numbers as shown (two decimals)."""
    if net is None or raw is None:
        return t("emb.separation_none")
    shown_net, shown_raw = f"{net:.2f}", f"{raw:.2f}"
    verdict = "same" if shown_net == shown_raw else ("more" if net > raw else "less")
    return t(f"emb.separation_{verdict}", net=shown_net, raw=shown_raw)


def projection_note(method: str, table: np.ndarray, count: int) -> str:
    """The variance PCA's axes keep, or t-SNE's settings."""
    if method == "pca":
        first, second = embedding.explained_variance(table)
        return t("emb.variance", first=f"{first:.1%}", second=f"{second:.1%}", total=f"{first + second:.1%}")
    usual = embedding.MAX_PERPLEXITY
    return t("emb.perplexity", perplexity=f"{embedding.perplexity(count):.3g}", usual=f"{usual:g}",
             below=f"{3 * usual + 1:g}", seed=SEED)


def point_panel(current: shared.CurrentModel, fingerprint: str, x: np.ndarray, truth: np.ndarray,
                probs: np.ndarray | None, names: list[str]) -> None:
    """The chosen image: its picture, prediction, feature maps, Grad-CAM and a way to Feature maps."""
    count = len(x)
    shared.keep_valid("emb_point", range(count))
    if "emb_point" not in st.session_state:
        st.session_state["emb_point"] = 0
    index = int(st.number_input(t("emb.point"), 0, count - 1, step=1, key="emb_point"))
    st.subheader(t("emb.selected_heading", index=index))
    image = x[index : index + 1]
    picture, heat, maps = st.columns([1, 1, 2])
    with picture:
        st.image(render.image_preview(image), caption=t("fm.input_caption"),
                 alt=describe.input_image(image, shared.lang(), index=index, label=names[int(truth[index])]))
        truth_text = t("fm.truth", label=names[int(truth[index])])
        if probs is not None:
            guess = int(np.argmax(probs[index]))
            p = f"{probs[index, guess]:.1%}"
            st.markdown(t("fm.prediction", label=names[guess], p=p) + f" · {truth_text}")
        else:
            st.markdown(truth_text)
        st.button(t("emb.open_feature_maps"), key="emb_open", on_click=open_on_feature_maps, args=(index,))
    with heat:
        if probs is not None:
            try:
                cam = grad_cam(current.key, fingerprint, index, guess, current.model, image)
                layer = explain.suggest_layer(current.model)
                st.image(overlays.overlay(image, overlays.heat(cam)), output_format="PNG",
                         caption=t("emb.gradcam_caption", label=names[guess], layer=layer),
                         alt=describe.attribution(cam, "grad_cam", names[guess], shared.lang(), layer=layer))
            except CnnvizError as err:
                st.info(shared.message(err))
    with maps:
        rows = shared.layer_rows(current)
        choices = activations.grid_layers(activations.spatial_layers(current.model), rows)
        chosen = shared.pick("emb.maps_layer", choices, "emb_maps_layer")
        if chosen is not None:
            try:
                found = activations.feature_maps(current.model, image, [chosen])[chosen]
            except CnnvizError as err:
                st.info(shared.message(err))
            else:
                rows_, cols_ = render.grid_shape(found.shape[-1])
                st.image(render.feature_map_grid(found),
                         caption=t("fm.grid_caption", layer=chosen, count=found.shape[-1], rows=rows_,
                                   cols=cols_, h=found.shape[0], w=found.shape[1]),
                         alt=describe.feature_maps(found, chosen, shared.lang()))
    shared.explain("emb.explain_point")


st.title(t("nav.embedding"))
current = shared.current_model()
if current is None or not shared.needs_conv(current):
    st.stop()
ds = shared.model_dataset(current, note=True)
if ds is None:
    st.info(t("emb.no_dataset"))
    st.stop()
st.caption(t("emb.intro"))
if not current.trained:
    st.info(t("emb.untrained"))
if len(ds.x_test) < embedding.MIN_POINTS:
    st.error(t("error.emb_too_few", count=len(ds.x_test), minimum=embedding.MIN_POINTS))
    st.stop()
maps_area = present.first()  # presenting: the two maps above the settings
with present.settings():
    try:  # the pictures' size as the model takes them (a model of any size: the images' own)
        spec = images.model_input_spec(current.model)
    except CnnvizError as err:
        st.error(shared.message(err))
        st.stop()
    shown_shape = tuple(given or found for given, found in zip(spec, ds.x_test.shape[1:], strict=False))
    count, method, layer = settings_ui(current, len(ds.x_test), shown_shape)

fingerprint = data.fingerprint(ds)
truth = np.asarray(ds.y_test[:count])
try:
    spec = images.model_input_spec(current.model)
    x = model_inputs(fingerprint, count, spec, ds)
    with st.spinner(t("emb.computing", count=count)):
        table = network_features(current.key, fingerprint, count, layer, current.model, x)
        probs = probabilities(current.key, fingerprint, count, current.model, x)
    raw_table = embedding.pixels(x)
    waiting = t("emb.tsne_running", count=count, perplexity=f"{embedding.perplexity(count):.3g}")
    with st.spinner(waiting) if method == "tsne" else nullcontext():
        net = projection(current.key, fingerprint, count, layer, method, SEED, table)
        raw = projection(f"pixels:{spec}", fingerprint, count, "", method, SEED, raw_table)
except CnnvizError as err:
    st.error(shared.message(err))
    st.stop()

predicted = probs.argmax(axis=1) if probs is not None else None
names = embedding.label_names(shared.shown_class_names(ds), truth, predicted)
drawn = [plotly_literal(name) for name in names]  # class names in plotly: tags and entities stay text
hover = embedding.hover_texts(truth, predicted, probs.max(axis=1) if probs is not None else None, drawn,
                              t("emb.hover"))
follow_selection(count)
chosen = st.session_state.get("emb_point", 0)
chosen = chosen if isinstance(chosen, int) and 0 <= chosen < count else 0

with maps_area:
    st.markdown(separation_sentence(embedding.separation(net, truth), embedding.separation(raw, truth)))
    shared.explain("emb.explain_silhouette")
    left, right = st.columns(2)
    for column, chart, points, title, source in (
            (left, "emb_net", net, shared.t_plotly("emb.network_title", layer=layer), table),
            (right, "emb_raw", raw, t("emb.pixels_title"), raw_table)):
        with column:
            figure = embedding.scatter_figure(points, truth, predicted, drawn, hover, chosen, title,
                                              t("emb.selected_legend"))
            present.chart(figure, key=chart, on_select="rerun", selection_mode="points")
            st.caption(projection_note(method, source, count))
    if predicted is not None:
        wrong = int((predicted != truth).sum())
        st.caption(t("emb.mistakes", wrong=wrong, count=count, share=f"{wrong / count:.1%}"))
    else:
        st.caption(t("emb.no_prediction"))
    shared.explain(f"emb.explain_{method}")
    shared.explain("emb.explain_compare")

point_panel(current, fingerprint, x, truth, probs, names)
