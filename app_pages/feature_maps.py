"""Feature maps: what each layer makes of one image, next to the model's prediction."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, renders, replay, shared
from app_state.picture import picture_alt, picture_ui
from app_state.shared import t
from cnnviz.analysis import activations
from cnnviz.core import budget
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import describe, render
from cnnviz.uploads import photos

if TYPE_CHECKING:
    import keras


# The maps of every session together, the least recently used going first: ~340 pictures of the default model
# (188 KB each), 21 of AlexNet's (3 MB). Pictures of sessions long gone are what fills it, so it is sized for a
# class, not a day (at 1 GB it grew ~0.05 MB a session, 102 MB after 2,000: `benchmarks/soak.py`); a picture
# whose maps alone exceed it (the residual block at 256², 80 MB) is computed on each run (30 ms), not kept.
MAPS_CACHE_BYTES = 64 * 2**20


@st.cache_resource(show_spinner=False)
def maps_cache() -> budget.ByteBudgetCache:
    """Recent pictures' maps of every session, under a byte budget. Key: none (one store per server)."""
    return budget.ByteBudgetCache(MAPS_CACHE_BYTES)


def maps_for(key: str, model: keras.Model, x: np.ndarray, layer: str | None) -> activations.MapsView:
    """Every map and the prediction for one picture, or `layer`'s alone when all would exceed the budget."""
    digest = renders.digest(x)
    cache = maps_cache()
    with renders.computing((key, digest)):  # sessions opening the same picture at once: one forward pass
        found = cache.get((key, digest, None))
        if found is None:
            found = cache.get((key, digest, layer))
        if found is None:
            found = activations.maps_within_budget(model, x, layer)
            cache.put((key, digest, None if found.complete else layer), found, found.nbytes)
    return found


def show_doubts(x: np.ndarray, probabilities: np.ndarray | None,
                reference: photos.TrainingStats | None) -> None:
    """A warning, with its numbers, when the model is unsure or the picture is unlike its training images."""
    distance = photos.distance_from_training(x, reference) if reference is not None else None
    top = float(probabilities.max()) if probabilities is not None else None
    reasons = photos.reasons_to_doubt(top, distance)
    if not reasons:
        return
    values = {"p": f"{top:.1%}" if top is not None else "", "threshold": f"{photos.LOW_CONFIDENCE:.0%}"}
    if distance is not None:
        ref = distance.reference
        values |= {"mean": f"{distance.mean:.2f}", "std": f"{distance.std:.2f}", "z": f"{distance.z:.1f}",
                   "train_mean": f"{ref.mean:.2f}", "train_mean_spread": f"{ref.mean_spread:.2f}",
                   "train_std": f"{ref.std:.2f}", "train_std_spread": f"{ref.std_spread:.2f}",
                   "limit": f"{photos.FAR_Z:g}"}
    lines = [t("fm.unfamiliar")] + [t(f"fm.unfamiliar_{reason}", **values) for reason in reasons]
    st.warning(" ".join(lines))


def show_grid(name: str, layer_maps: np.ndarray, order: np.ndarray | None = None,
              value_range: tuple[float, float] | None = None) -> bytes:
    """One layer's maps as a single tiled image (PNG, drawn once for every session), captioned."""
    grid = renders.feature_grid(layer_maps, order, value_range)
    rows_, cols_ = render.grid_shape(layer_maps.shape[-1])
    caption = t("fm.grid_caption", layer=name, count=layer_maps.shape[-1], rows=rows_, cols=cols_,
                h=layer_maps.shape[0], w=layer_maps.shape[1])
    step = render.display_step(layer_maps.shape)
    if step > 1:
        caption += " " + t("fm.downscaled", step=step)
    st.image(grid, caption=caption, output_format="PNG", width=present.picture_width(render.png_size(grid)),
             alt=describe.feature_maps(layer_maps, name, shared.lang(), strongest_first=order is not None))
    return grid


def show_scale(scale: str, value_range: tuple[float, float] | None, layers: int) -> None:
    """The colour bar and what its two ends mean under the chosen scale."""
    values = {"low": f"{value_range[0]:.3g}", "high": f"{value_range[1]:.3g}"} if value_range else {}
    st.image(renders.colour_bar(), width=256, output_format="PNG",
             caption=t(f"fm.scale_caption_{scale}", count=layers, **values),
             alt=describe.colour_bar(shared.lang(), value_range))


def show_prediction(probabilities: np.ndarray, class_names: tuple[str, ...], true_label: str | None) -> None:
    """The predicted class and the probability of every class as bars."""
    names = list(class_names)[: len(probabilities)]
    names += [str(i) for i in range(len(names), len(probabilities))]
    predicted = names[int(np.argmax(probabilities))]
    st.markdown(t("fm.prediction", label=predicted, p=f"{probabilities.max():.1%}")
                + (f" · {t('fm.truth', label=true_label)}" if true_label is not None else ""))
    present.chart(render.probability_bars(probabilities, names), key="probabilities")
    shared.explain("fm.explain_probabilities")
    if replay.epoch_of(current) is not None:
        shared.explain("replay.explain_maps")


st.title(t("nav.feature_maps"))
current = shared.current_model()
if current is None or not shared.needs_conv(current):
    st.stop()
current = replay.epoch_ui(current)  # the model at the chosen epoch, when the checkpoint kept a replay
rows = shared.layer_rows(current)
maps_area = present.first()  # presenting: the maps above the picture and its settings
ds = shared.model_dataset(current)

chosen = picture_ui(current, ds)  # the picture is shared with Explain (app_state/picture.py)
x, note, source, reference = chosen.x, chosen.note, chosen.source, chosen.reference
true_label = (shared.shown_class_names(ds)[chosen.true_index]
              if ds is not None and chosen.true_index is not None else None)

names = activations.spatial_layers(current.model)
by_name = {row.name: row for row in rows}
shown = activations.grid_layers(names, rows)
top = present.focus("input")  # the input and the prediction, filled in once the maps are computed
show_all = st.toggle(t("fm.all_layers"), value=False, help=t("fm.all_layers_help"))
layer_names = names if show_all else shown
shared.keep_valid("fm_scale", render.SCALES)
scale = st.radio(t("fm.scale"), render.SCALES, horizontal=True, format_func=lambda s: t(f"fm.scale_{s}"),
                 key="fm_scale", help=t("fm.scale_help"))
with maps_area:
    one, every = st.tabs([t("fm.one_layer"), t("fm.every_layer")])
with one:
    left, right = st.columns([2, 3])
    with right:
        layer = shared.pick("fm.layer", layer_names, "layer")
try:
    view = maps_for(current.key, current.model, x, layer)
except CnnvizError as err:
    st.error(shared.message(err))
    st.stop()
maps = view.maps
listed = {name: maps[name] for name in layer_names if name in maps}

with top:
    picture, prediction = st.columns([1, 2])
    with picture:
        st.image(renders.preview(x), caption=t("fm.input_caption"), output_format="PNG",
                 alt=picture_alt(chosen, ds))
        st.caption(note)
    with prediction:
        if not view.predicted:
            st.info(t("fm.no_prediction_budget", need=budget.megabytes(view.prediction_bytes),
                      budget=budget.megabytes(view.budget)))
        elif view.probabilities is None:
            st.info(t("fm.no_prediction"))
        else:
            show_prediction(view.probabilities, shared.shown_class_names(current), true_label)
        if source == "upload":
            show_doubts(x, view.probabilities, reference)
    if not view.complete:
        st.info(t("fm.partial", total=budget.megabytes(view.all_bytes),
                  peak=budget.megabytes(view.full_pass_bytes), budget=budget.megabytes(view.budget)))

with one:
    with right:
        sort = st.toggle(t("fm.sort"), key="fm_sort")
        layer_maps = maps[layer]
        order = activations.channel_order(layer_maps) if sort else None
        span = render.map_range(listed, scale, layer)
        with present.focus("maps"):  # a lesson about the maps shows this grid first while presenting,
            if present.focused("maps"):  # beside the picture they come from
                source_column, grid_column = st.columns([1, 3])
                source_column.image(renders.preview(x), caption=t("fm.input_caption"), output_format="PNG",
                                    alt=picture_alt(chosen, ds))
            with grid_column if present.focused("maps") else st.container():
                grid = show_grid(layer, layer_maps, order, span)
                show_scale(scale, span, len(listed))
        shared.download_png(grid, f"{layer.replace('/', '_')}_maps", key="png-one")
        shared.explain("fm.explain_maps")
        if layer in by_name and activations.zero_padded(by_name[layer]):
            shared.explain("fm.explain_padding")
        ranked = list(order) if order is not None else list(range(layer_maps.shape[-1]))
        shared.keep_valid("fm_channel", ranked)
        channel = st.selectbox(t("fm.enlarge"), ranked, key="fm_channel")
        st.image(renders.single_map(layer_maps, int(channel), span), output_format="PNG",
                 caption=t("fm.map_caption", channel=channel, mean=f"{layer_maps[..., channel].mean():.3f}"),
                 alt=describe.one_map(layer_maps[..., channel], int(channel), layer, shared.lang()))
    with left:
        shared.diagram(rows, layer)
with every:
    grids = [name for name in shown if name in maps] if view.complete else [layer]
    for name in grids:
        span = render.map_range(listed, scale, name)
        show_grid(name, maps[name], value_range=span)
        show_scale(scale, span, len(listed))
    if any(name in by_name and activations.zero_padded(by_name[name]) for name in grids):
        shared.explain("fm.explain_padding")
