"""What filters look for: each filter's strongest dataset patches beside an optimised image; dead units."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core import budget
from cnnviz.core.errors import CnnvizError
from cnnviz.core.text import plain
from cnnviz.draw import describe
from cnnviz.explain import featureviz
from cnnviz.uploads import images

if TYPE_CHECKING:
    import keras

K_CHOICES = (4, 9, 16)
PER_PAGE = 8  # filters shown at once
STEP_CHOICES = (32, 64, 128, 256)
PATCHES_PX = 200  # on screen, outside presenter mode
OPTIMISED_PX = 140


@st.cache_data(show_spinner=False, max_entries=32)
def searched(key: str, fingerprint: str, split: str, count: int, _model: keras.Model,
             _ds: data.Dataset) -> np.ndarray:
    """The images searched, converted to the model's input. Key: model, dataset, split, image count."""
    source = _ds.x_test if split == "test" else _ds.x_train
    return evaluation.fit_to_input(source[:count], images.model_input_spec(_model))


@st.cache_data(show_spinner=False, max_entries=32)
def patches(key: str, fingerprint: str, split: str, count: int, layer: str, k: int, _model: keras.Model,
            _x: np.ndarray) -> list[featureviz.FilterPatches]:
    """Every filter's top-k patches. Key: model, dataset, split, image count, layer, k."""
    return featureviz.layer_patches(_model, layer, _x, k)


@st.cache_data(show_spinner=False, max_entries=64)
def optimised(key: str, layer: str, channels: tuple[int, ...], steps: int, seed: int, _model: keras.Model,
              image_shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Optimised images of `channels` with the channel means on the start and end images. Key: all args."""
    found = featureviz.maximize_many(_model, layer, channels, steps=steps, seed=seed, image_shape=image_shape)
    start = np.repeat(featureviz.start_image(image_shape, seed)[None], len(channels), axis=0)
    return (found, featureviz.channel_means(_model, layer, channels, start),
            featureviz.channel_means(_model, layer, channels, found))


@st.cache_data(show_spinner=False, max_entries=32)
def statistics(key: str, fingerprint: str, split: str, count: int, _model: keras.Model,
               _x: np.ndarray) -> list[featureviz.LayerStat]:
    """Dead units, sparsity and mean activation per layer. Key: model, dataset, split, image count."""
    return featureviz.layer_statistics(_model, _x)


def images_ui(ds: data.Dataset) -> tuple[str, int]:
    """Which split is searched and how many of its images."""
    test_count = min(len(ds.x_test), featureviz.MAX_IMAGES)
    splits = ["test", "train"] if len(ds.x_train) else ["test"]
    shared.keep_valid("filters_split", splits)
    split = st.radio(t("filters.split"), splits, horizontal=True, key="filters_split",
                     format_func=lambda s: t(f"filters.split_{s}", count=test_count))
    if split == "test":
        return split, test_count
    limit = min(len(ds.x_train), featureviz.MAX_IMAGES)
    count = st.slider(t("filters.train_count"), min(10, limit), limit, min(limit, 650),
                      key="filters_train_count", help=t("filters.train_count_help", limit=limit))
    return split, int(count)


def page_ui(count: int) -> list[int]:
    """The filters shown: a page of `PER_PAGE` channels."""
    starts = list(range(0, count, PER_PAGE))
    shared.keep_valid("filters_page", starts)
    def label(first: int) -> str:
        return t("filters.page_option", first=first, last=min(first + PER_PAGE, count) - 1, count=count)

    start = st.selectbox(t("filters.page"), starts, key="filters_page", format_func=label)
    return list(range(start, min(start + PER_PAGE, count)))


def show_filter(found: featureviz.FilterPatches, image: np.ndarray, start: float, end: float,
                count: int) -> None:
    """One filter: its patch grid with the activations beside its optimised image."""
    presenting = present.presenting()
    values = shared.Markdown(", ".join(t("filters.patch_value", value=f"{v:.3f}", image=int(i))
                                       for v, i in zip(found.activations, found.images, strict=False)))
    left, right = st.columns([3, 2])
    with left:
        st.image(featureviz.patch_grid(found.patches), width="stretch" if presenting else PATCHES_PX,
                 caption=t("filters.patches_caption", channel=found.channel, k=len(found.activations),
                           values=values),
                 alt=describe.patches(found.activations, found.channel, found.patches.shape[1:3], shared.lang()))
    with right:
        st.image(featureviz.image_tile(image), width="stretch" if presenting else OPTIMISED_PX,
                 caption=t("filters.max_caption", channel=found.channel, start=f"{start:.3f}",
                           end=f"{end:.3f}"),
                 alt=describe.optimised(image, found.channel, start, end, shared.lang()))
    if found.dead:
        st.warning(t("filters.dead", channel=found.channel, count=count))


def show_statistics(stats: list[featureviz.LayerStat], count: int) -> None:
    """The table of dead units, sparsity and mean activation per layer, flags and a bar chart."""
    st.subheader(t("filters.stats_title"))
    limit = f"{featureviz.DEAD_FLAG:.0%}"
    st.caption(t("filters.stats_caption", count=count, limit=limit))
    rows = [{t("filters.col_layer"): plain(s.name), t("filters.col_type"): plain(s.type),
             t("filters.col_channels"): s.channels, t("filters.col_dead"): s.dead_channels,
             t("filters.col_dead_fraction"): f"{s.dead_fraction:.1%}",
             t("filters.col_sparsity"): f"{s.sparsity:.1%}", t("filters.col_mean"): f"{s.mean:.4f}",
             t("filters.col_flag"): t("filters.flag_dead" if s.flagged else "filters.flag_ok")}
            for s in stats]
    st.dataframe(rows, hide_index=True)
    flagged = [s.name for s in stats if s.flagged]
    if flagged:
        st.warning(t("filters.flagged", limit=limit, layers=shared.listing(flagged)))
    labels = {name: t(f"filters.fig_{name}") for name in ("dead", "sparsity", "threshold", "y")}
    present.chart(featureviz.statistics_figure(stats, labels), key="filters_stats")
    shared.explain("filters.explain_dead")


st.title(t("nav.filters"))
current = shared.current_model()
if current is None or not shared.needs_conv(current):
    st.stop()
rows = shared.layer_rows(current)
ds = shared.model_dataset(current, note=True)
st.caption(t("filters.intro"))
if ds is None:
    st.info(t("filters.no_dataset"))
    st.stop()
layers = featureviz.filter_layers(rows)
shown_area = present.first()  # presenting: the filters above their settings
with present.settings():
    choose, look = st.columns(2)
    with choose:
        layer = shared.pick("filters.layer", layers, "layer")
        split, count = images_ui(ds)
    with look:
        shared.keep_valid("filters_k", K_CHOICES)
        k = st.select_slider(t("filters.k"), K_CHOICES, value=featureviz.DEFAULT_K, key="filters_k")
        shared.keep_valid("filters_steps", STEP_CHOICES)
        steps = st.select_slider(t("filters.steps"), STEP_CHOICES, value=featureviz.DEFAULT_STEPS,
                                 key="filters_steps", help=t("filters.steps_help", jitter=2))
        seed = int(st.number_input(t("filters.seed"), 0, 2**31 - 1, 0, key="filters_seed",
                                   help=t("filters.seed_help")))
        channels = page_ui(next(int(row.output_shape[-1]) for row in rows if row.name == layer))
fingerprint = data.fingerprint(ds)
try:
    spec = images.model_input_spec(current.model)  # a model of any size: the images' own
    shape = tuple(given or found for given, found in zip(spec, ds.x_test.shape[1:], strict=False))
    wanted, count = count, min(count, max(1, featureviz.search_limit(current.model, shape)))  # the budget's cap
    if count < wanted:
        st.caption(t("filters.capped", count=count, wanted=wanted, limit=f"{budget.WORK_SECONDS:g}",
                     memory=budget.megabytes(budget.WORK_BYTES)))
    with st.spinner(t("filters.searching", count=count)):
        x = searched(current.key, fingerprint, split, count, current.model, ds)
        found = patches(current.key, fingerprint, split, count, layer, k, current.model, x)
except CnnvizError as err:
    st.error(shared.message(err))
    st.stop()
with shown_area:
    try:
        with st.spinner(t("filters.optimising", first=channels[0], last=channels[-1], steps=steps)):
            pictures, start, end = optimised(current.key, layer, tuple(channels), steps, seed, current.model,
                                             tuple(x.shape[1:]))
    except CnnvizError as err:
        st.error(shared.message(err))
        st.stop()
    box = found[0].patches.shape[1:3]
    pairs = st.columns(1 if present.presenting() else 2)  # two filters side by side on a laptop screen
    for i, channel in enumerate(channels):
        with pairs[i % len(pairs)]:
            st.markdown(f"**{t('filters.heading', channel=channel)}**")
            show_filter(found[channel], pictures[i], float(start[i]), float(end[i]), count)
    st.caption("💡 " + t("filters.explain_patches", height=box[0], width=box[1]))
    st.caption("💡 " + t("filters.explain_max", seed=seed, steps=steps))
try:
    with st.spinner(t("filters.measuring", count=count)):
        stats = statistics(current.key, fingerprint, split, count, current.model, x)
except CnnvizError as err:
    st.error(shared.message(err))
    st.stop()
show_statistics(stats, count)
