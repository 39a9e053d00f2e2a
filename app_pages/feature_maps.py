"""Feature maps: what each layer makes of one image, next to the model's prediction."""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from cnnviz import activations, evaluation, images, render
from cnnviz.errors import CnnvizError
from app_pages import _shared as shared
from app_pages._shared import t

GRID_TYPES = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D", "Concatenate", "Add"}


@st.cache_resource(show_spinner=False, max_entries=64)
def maps_for(key: str, digest: str, _model: object, _x: np.ndarray) -> tuple[dict, np.ndarray]:
    """All maps and the prediction for one image, from one forward pass, cached per model and image."""
    return activations.maps_and_probabilities(_model, _x)


def show_grid(name: str, layer_maps: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """One layer's maps as a single tiled image, captioned with the grid's layout."""
    grid = render.feature_map_grid(layer_maps, order)
    rows_, cols_ = render.grid_shape(layer_maps.shape[-1])
    st.image(grid, caption=t("fm.grid_caption", layer=name, count=layer_maps.shape[-1], rows=rows_, cols=cols_,
                             h=layer_maps.shape[0], w=layer_maps.shape[1]))
    return grid


def show_prediction(probabilities: np.ndarray, class_names: tuple[str, ...], true_label: str | None) -> None:
    """The predicted class and the probability of every class as bars."""
    names = list(class_names)[: len(probabilities)]
    names += [str(i) for i in range(len(names), len(probabilities))]
    predicted = names[int(np.argmax(probabilities))]
    st.markdown(t("fm.prediction", label=predicted, p=f"{probabilities.max():.1%}")
                + (f" · {t('fm.truth', label=true_label)}" if true_label is not None else ""))
    st.plotly_chart(render.probability_bars(probabilities, names), key="probabilities")
    shared.explain("fm.explain_probabilities")


st.title(t("nav.feature_maps"))
current = shared.current_model()
if current is None or not shared.needs_conv(current):
    st.stop()
rows = shared.layer_rows(current)
ds = shared.model_dataset(current)

sources = ["sample", "upload"] if ds else ["upload"]
source = st.radio(t("fm.source"), sources, horizontal=True, format_func=lambda s: t(f"fm.source_{s}"), key="fm_source")
true_label = None
if source == "upload":
    upload = st.file_uploader(t("fm.upload"), type=images.IMAGE_TYPES, key="fm_upload")
    if upload is None:
        st.info(t("fm.upload_prompt"))
        st.stop()
    try:
        x = images.to_model_input(upload.getvalue(), current.model)
        note = images.describe_conversion(images.decode_image(upload.getvalue()), images.model_input_spec(current.model))
    except CnnvizError as err:
        st.error(str(err))
        st.stop()
else:
    count = len(ds.x_test)
    if st.session_state.get("sample", 0) >= count:
        st.session_state["sample"] = 0
    index = st.number_input(t("fm.sample"), min_value=0, max_value=count - 1, step=1, key="sample")
    x = evaluation.fit_to_input(ds.x_test[index : index + 1], images.model_input_spec(current.model))
    true_label = ds.class_names[int(ds.y_test[index])]
    note = t("fm.sample_note", index=index, count=count, dataset=ds.name)

maps, probabilities = maps_for(current.key, hashlib.sha1(x.tobytes()).hexdigest(), current.model, x)
left, right = st.columns([1, 2])
with left:
    st.image(render.image_preview(x), caption=t("fm.input_caption"))
    st.caption(note)
with right:
    if probabilities is None:
        st.info(t("fm.no_prediction"))
    else:
        show_prediction(probabilities, current.class_names, true_label)

types = {row.name: row.type for row in rows}
shown = [name for name in maps if types.get(name) in GRID_TYPES]
show_all = st.toggle(t("fm.all_layers"), value=False, help=t("fm.all_layers_help"))
layer_names = list(maps) if show_all else shown

one, every = st.tabs([t("fm.one_layer"), t("fm.every_layer")])
with one:
    left, right = st.columns([2, 3])
    with right:
        layer = shared.pick("fm.layer", layer_names, "layer")
        sort = st.toggle(t("fm.sort"), value=False)
        layer_maps = maps[layer]
        order = activations.channel_order(layer_maps) if sort else None
        grid = show_grid(layer, layer_maps, order)
        shared.download_png(grid, f"{layer.replace('/', '_')}_maps", key="png-one")
        shared.explain("fm.explain_maps")
        ranked = list(order) if order is not None else list(range(layer_maps.shape[-1]))
        channel = st.selectbox(t("fm.enlarge"), ranked, key="fm_channel")
        st.image(render.single_map(layer_maps, int(channel)),
                 caption=t("fm.map_caption", channel=channel, mean=f"{layer_maps[..., channel].mean():.3f}"))
    with left:
        shared.diagram(rows, layer)
with every:
    for name in shown:
        show_grid(name, maps[name])
