"""What each filter looks for: the dataset patches that excite it most, and an image optimised to excite it.

On small greyscale models plain activation maximisation mostly gives noise; the patches of real images
that drive a filter hardest say more. Both are computed here, as arrays:

- `top_patches` runs the images through the model once (in batches under `PASS_BUDGET`) and keeps, for
  one channel of one layer, the `k` highest activations over all images and positions, **at most one per
  image** (each image's strongest position; ties go to the first position in row-major order, then to the
  lower image index), so nine patches show nine different pictures. Each patch is the input crop under the
  unit's receptive box (`cnnviz.receptive.unit_box`). At the border the box reaches past the image: the
  patch keeps the full box size and the pixels the unit does not see are NaN (drawn in `OUTSIDE_COLOUR`),
  while `boxes` are clipped to what it sees, so `x[i, top:bottom, left:right]` is the patch's finite part.
- `maximize` starts from seeded grey noise and climbs the gradient of the channel's mean activation, with
  random jitter (the image is rolled a few pixels each step), a total-variation penalty and L2 decay,
  clipped to the input range [0, 1]. The same seed gives the same image.
- `layer_statistics` measures, over a batch, each convolution's and activation layer's dead units
  (channels that are 0 on every image and position: "dead ReLUs"), sparsity and mean activation.

Each is worked out from shapes before it runs: one image's pass over `budget.WORK_BYTES`, or all the passes
over `budget.WORK_SECONDS` (`cnnviz.explain.methods.pass_seconds` each), is refused with the figures;
`search_limit` says how many images a search may scan, so a page can cap its count.

Inner layers of nested models are reached through `cnnviz.activations`' flattened graph.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.analysis import activations
from cnnviz.core import budget
from cnnviz.core.errors import ModelError
from cnnviz.core.text import distinct, plotly_literal
from cnnviz.explain import methods
from cnnviz.models import arch

if TYPE_CHECKING:
    import keras
    import plotly.graph_objects as go

PASS_BUDGET = 256 * 2**20  # bytes one batched forward pass may hold at its peak
MAX_BATCH = 256  # images per forward pass, whatever the budget allows
DEAD_FLAG = 0.5  # a layer is flagged when more than this fraction of its channels are dead
DEFAULT_K = 9
MAX_IMAGES = 3000  # images a page search may scan (a notebook may pass more)
DEFAULT_STEPS = 128
NOISE = 0.15  # standard deviation of the grey start image's noise: enough for most units to respond
OUTSIDE_COLOUR = (236, 72, 153)  # pink: patch pixels outside the image
STAT_TYPES = frozenset({"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Activation", "ReLU"})
FILTER_TYPES = frozenset({"Conv2D", "DepthwiseConv2D", "SeparableConv2D"})
_SUB_MODELS: weakref.WeakKeyDictionary[Any, dict[tuple[str, ...], Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()

Box = tuple[int, int, int, int]  # (top, left, bottom, right), bottom and right exclusive
BoxPair = tuple[Box, Box]  # a unit's full box (with padding) and the part of it it sees


@dataclass(frozen=True)
class FilterPatches:
    """One channel's strongest units over a set of images, strongest first."""

    channel: int
    patches: np.ndarray  # (k, box_h, box_w, C) float32 input crops; NaN outside the image
    activations: np.ndarray  # (k,) float32
    boxes: np.ndarray  # (k, 4) int: (top, left, bottom, right) clipped to the image
    images: np.ndarray  # (k,) int: which image each patch comes from
    positions: np.ndarray  # (k, 2) int: the unit's (row, col) in the layer's map

    @property
    def dead(self) -> bool:
        """True when no image makes this channel positive anywhere."""
        return not bool(np.any(self.activations > 0))


@dataclass(frozen=True)
class LayerStat:
    """Activation statistics of one layer over a batch of images."""

    name: str
    type: str
    channels: int
    dead_channels: int  # channels that are exactly 0 on every image and position
    sparsity: float  # fraction of all values that are exactly 0
    mean: float  # mean activation over images, positions and channels
    images: int

    @property
    def dead_fraction(self) -> float:
        """Dead channels / channels."""
        return self.dead_channels / self.channels if self.channels else 0.0

    @property
    def flagged(self) -> bool:
        """True when more than `DEAD_FLAG` of the channels are dead."""
        return self.dead_fraction > DEAD_FLAG


# --- forward passes -------------------------------------------------------------------------------------


def filter_layers(rows: Sequence[arch.LayerInfo]) -> list[str]:
    """The layers whose channels are filters worth a look: the 2-D convolutions, in graph order."""
    return [row.name for row in rows if row.type in FILTER_TYPES and len(row.output_shape) == 3]


def _sub_model(model: keras.Model, names: tuple[str, ...]) -> Any:
    """A model from the input to `names`' outputs (flattened graph; memoised per model, weakly)."""
    import keras

    ex = activations.extractor(model)
    with _LOCK:
        kept = _SUB_MODELS.setdefault(model, {})
        if names not in kept:
            if len(kept) > 16:
                kept.clear()
            kept[names] = keras.Model(ex.inputs, [ex.tensors[n] for n in names])
        return kept[names]


def _check_images(model: keras.Model, x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    expected = tuple(model.inputs[0].shape[1:])
    if x.ndim != 4 or len(x) == 0 or any(e is not None and e != a for e, a in zip(expected, x.shape[1:], strict=False)):
        raise ModelError(key="error.filters_images", shape=tuple(x.shape), expected=expected)
    return x


def batch_size(model: keras.Model, layers: Sequence[str], image_shape: tuple[int, ...],
               budget_bytes: int = PASS_BUDGET) -> int:
    """Images per pass so the pass keeping `layers` stays under `budget_bytes` (at least 1)."""
    peak = activations.extractor(model).peak_bytes(tuple(image_shape), list(layers))
    return int(max(1, min(MAX_BATCH, budget_bytes // max(peak, 1))))


def search_limit(model: keras.Model, image_shape: tuple[int, ...]) -> int:
    """The most images of `image_shape` one search (patches, then statistics) may scan; 0: not even one.

    From shapes: each image is held as model input (twice while it is resized) and goes once through every
    layer the statistics look at, within `budget.WORK_BYTES` and `budget.WORK_SECONDS`.
    """
    shape = tuple(int(d) for d in image_shape)
    each = methods.pass_seconds(model, shape, _search_layers(model))
    by_time = int(budget.WORK_SECONDS // each) if each > 0 else MAX_IMAGES
    return max(0, min(by_time, budget.WORK_BYTES // (2 * 4 * math.prod(shape))))


def _search_layers(model: keras.Model) -> list[str]:
    """The layers a search computes: every layer the statistics look at (the filters' layers among them)."""
    return [name for name, _ in stat_layers(model)] or activations.spatial_layers(model)


def _check_work(model: keras.Model, layers: Sequence[str], image_shape: tuple[int, ...], passes: int,
                gradients: bool, key: str, **values: Any) -> None:
    """Refuse, from shapes, one image's pass over `budget.WORK_BYTES` or `passes` of them over the time."""
    shape = tuple(int(d) for d in image_shape)
    factor = budget.GRADIENT_FACTOR if gradients else 1
    size = f"{shape[1]}×{shape[0]}"
    one = factor * activations.extractor(model).peak_bytes(shape, list(layers))
    if one > budget.WORK_BYTES:
        raise ModelError(key="error.filters_memory", size=size, need=budget.megabytes(one),
                         limit=budget.megabytes(budget.WORK_BYTES))
    each = factor * methods.pass_seconds(model, shape, list(layers))
    if passes * each > budget.WORK_SECONDS:
        raise ModelError(key=key, size=size, seconds=budget.seconds_text(passes * each),
                         each=budget.seconds_text(each), limit=budget.seconds_text(budget.WORK_SECONDS),
                         **values)


def _batches(model: keras.Model, layers: Sequence[str], x: np.ndarray,
             budget_bytes: int) -> Any:
    """Yield each batch's maps of `layers` (a list of (n, h, w, C) arrays), one pass per batch."""
    import tensorflow as tf

    activations._check_layers(activations.extractor(model), layers)
    _check_work(model, layers, x.shape[1:], len(x), False, "error.filters_slow", count=f"{len(x):,}",
                layer=layers[-1])
    sub = _sub_model(model, tuple(layers))
    size = batch_size(model, layers, x.shape[1:], budget_bytes)
    for start in range(0, len(x), size):
        found = sub(tf.constant(x[start:start + size]), training=False)
        yield [np.asarray(f) for f in (found if isinstance(found, (list, tuple)) else [found])]


def _strongest_per_image(model: keras.Model, layer: str, x: np.ndarray,
                         budget_bytes: int) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """Per image and channel: the highest activation (N, C) and its flat position (N, C), and the map size."""
    values, where, size = [], [], (0, 0)
    for (maps,) in _batches(model, [layer], x, budget_bytes):
        n, h, w, c = maps.shape
        flat = maps.reshape(n, h * w, c)
        index = flat.argmax(axis=1)  # first of equal values in row-major order
        values.append(np.take_along_axis(flat, index[:, None, :], axis=1)[:, 0])
        where.append(index)
        size = (h, w)
    return np.concatenate(values), np.concatenate(where), size


def layer_patches(model: keras.Model, layer: str, x: np.ndarray, k: int = DEFAULT_K,
                  channels: Sequence[int] | None = None,
                  budget_bytes: int = PASS_BUDGET) -> list[FilterPatches]:
    """`top_patches` for several channels of `layer` (all when None) from one pass over `x`."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    x = _check_images(model, x)
    values, where, (h, w) = _strongest_per_image(model, layer, x, budget_bytes)
    chosen = range(values.shape[1]) if channels is None else channels
    box_of = _unit_boxes(model, x.shape[1:])
    found = []
    for channel in chosen:
        if not 0 <= int(channel) < values.shape[1]:
            raise ModelError(key="error.filters_channel", channel=channel, layer=layer,
                             count=values.shape[1])
        order = np.argsort(-values[:, channel], kind="stable")[:k]
        rows, cols = np.divmod(where[order, channel], w)
        boxes = [box_of(layer, int(r), int(c)) for r, c in zip(rows, cols, strict=False)]
        # a layer behind a resize (a zoo model's Resizing to 227×227) sees boxes of a pixel more or less at
        # different places: every patch gets the largest box's size, NaN beyond its own box
        size = (max(b - t for (t, _, b, _), _ in boxes), max(r - left for (_, left, _, r), _ in boxes))
        patches = np.stack([_crop(x[i], full, seen, size) for i, (full, seen) in zip(order, boxes, strict=False)])
        clipped = np.array([seen for _, seen in boxes], dtype=np.int64)
        found.append(FilterPatches(int(channel), patches, values[order, channel].astype(np.float32), clipped,
                                   order.astype(np.int64), np.stack([rows, cols], axis=1).astype(np.int64)))
    return found


def top_patches(model: keras.Model, layer: str, channel: int, x: np.ndarray,
                k: int = DEFAULT_K) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The `k` input patches (at most one per image) that excite `channel` of `layer` most.

    Returns (patches (k, box_h, box_w, C) with NaN outside the image, activations (k,), boxes (k, 4) as
    (top, left, bottom, right) clipped to the image), strongest first; fewer than `k` when `x` has fewer
    images. `x` is (N, H, W, C) model input in [0, 1].
    """
    found = layer_patches(model, layer, x, k, [channel])[0]
    return found.patches, found.activations, found.boxes


def _crop(image: np.ndarray, full: Box, seen: Box, size: tuple[int, int] | None = None) -> np.ndarray:
    """The pixels `seen` of an (H, W, C) image placed in a patch the size of the `full` box (or `size`, at
    least as large, the box at its top left), NaN elsewhere."""
    top, left, bottom, right = full
    height, width = size or (bottom - top, right - left)
    patch = np.full((height, width, image.shape[-1]), np.nan, dtype=np.float32)
    seen_top, seen_left, seen_bottom, seen_right = seen
    patch[seen_top - top:seen_bottom - top, seen_left - left:seen_right - left] = \
        image[seen_top:seen_bottom, seen_left:seen_right]
    return patch


# --- receptive boxes ------------------------------------------------------------------------------------


def _unit_boxes(model: keras.Model, image_shape: tuple[int, ...]) -> Callable[[str, int, int], BoxPair]:
    """A unit's (full, seen) receptive boxes from `cnnviz.receptive` (a layer it cannot trace: its error)."""
    from cnnviz.analysis import receptive

    def boxes(layer: str, row: int, col: int) -> BoxPair:
        found = receptive.unit_box(model, layer, row, col, tuple(image_shape))
        return found.full, found.rect

    return boxes


# --- activation maximisation ---------------------------------------------------------------------------


def maximize_many(model: keras.Model, layer: str, channels: Sequence[int], steps: int = DEFAULT_STEPS,
                  seed: int = 0, learning_rate: float = 0.1, jitter: int = 2, tv_weight: float = 0.2,
                  l2_weight: float = 0.02, image_shape: tuple[int, ...] | None = None) -> np.ndarray:
    """`maximize` for several channels at once, one image per channel (N, H, W, C).

    Every image starts from the same seeded noise and gets the same jitter, and each image's gradient is
    normalised on its own, so a channel's image does not depend on which channels come with it: channels
    that do not fit `PASS_BUDGET` together are optimised a group at a time.
    """
    import tensorflow as tf

    shape = activations._image_shape(model, image_shape)
    ex = activations.extractor(model)
    activations._check_layers(ex, [layer])
    count = int(ex.shapes(shape)[layer][-1])
    for channel in channels:
        if not 0 <= int(channel) < count:
            raise ModelError(key="error.filters_channel", channel=channel, layer=layer, count=count)
    if steps < 0:
        raise ValueError(f"steps must be ≥ 0, got {steps}")
    _check_work(model, [layer], shape, steps * len(channels), True, "error.filters_slow_maximize",
                count=len(channels), steps=steps, layer=layer)
    rng = np.random.default_rng(seed)
    start = start_image(shape, rng)[None]
    shifts = rng.integers(-jitter, jitter + 1, size=(steps, 2)) if jitter else np.zeros((steps, 2), int)
    step = _ascent_step(_sub_model(model, (layer,)), float(learning_rate), float(tv_weight), float(l2_weight))
    one = budget.GRADIENT_FACTOR * ex.peak_bytes(shape, [layer]) + 2 * start.nbytes
    group = max(1, PASS_BUDGET // one)
    found = []
    for first in range(0, len(channels), group):
        chosen = list(channels)[first:first + group]
        image = tf.Variable(np.repeat(start, len(chosen), axis=0))
        mask = tf.constant(np.eye(count, dtype=np.float32)[chosen][:, None, None, :])
        for dy, dx in shifts:
            step(image, mask, tf.constant(int(dy)), tf.constant(int(dx)))
        found.append(image.numpy())
    return np.concatenate(found) if found else np.zeros((0, *shape), np.float32)


def maximize(model: keras.Model, layer: str, channel: int, steps: int = DEFAULT_STEPS, seed: int = 0,
             **options: Any) -> np.ndarray:
    """An (H, W, C) image in [0, 1] exciting `channel` of `layer`: seeded, jittered, TV-regularised ascent."""
    return maximize_many(model, layer, [channel], steps=steps, seed=seed, **options)[0]


def _ascent_step(sub: Any, learning_rate: float, tv_weight: float, l2_weight: float) -> Callable[..., Any]:
    """One compiled step: roll by (dy, dx), score, climb the normalised gradient, clip to [0, 1]."""
    import tensorflow as tf

    @tf.function(reduce_retracing=True)
    def step(image: Any, mask: Any, dy: Any, dx: Any) -> None:
        with tf.GradientTape() as tape:
            tape.watch(image)
            shifted = tf.roll(image, shift=tf.stack([dy, dx]), axis=[1, 2])
            maps = sub(shifted, training=False)
            score = tf.reduce_mean(tf.reduce_sum(maps * mask, axis=-1), axis=[1, 2])
            tv = (tf.reduce_mean(tf.square(image[:, 1:] - image[:, :-1]), axis=[1, 2, 3])
                  + tf.reduce_mean(tf.square(image[:, :, 1:] - image[:, :, :-1]), axis=[1, 2, 3]))
            decay = tf.reduce_mean(tf.square(image - 0.5), axis=[1, 2, 3])
            objective = tf.reduce_sum(score - tv_weight * tv - l2_weight * decay)
        grad = tape.gradient(objective, image)
        scale = tf.sqrt(tf.reduce_mean(tf.square(grad), axis=[1, 2, 3], keepdims=True)) + 1e-8
        image.assign(tf.clip_by_value(image + learning_rate * grad / scale, 0.0, 1.0))

    return step


def start_image(image_shape: tuple[int, ...], seed: int | np.random.Generator = 0) -> np.ndarray:
    """The seeded grey noise (H, W, C) `maximize` starts from: 0.5 + `NOISE`·N(0, 1), clipped to [0, 1]."""
    rng = np.random.default_rng(seed)
    return np.clip(0.5 + NOISE * rng.standard_normal(tuple(image_shape)), 0.0, 1.0).astype(np.float32)


def channel_means(model: keras.Model, layer: str, channels: Sequence[int], images: np.ndarray,
                  budget_bytes: int = PASS_BUDGET) -> np.ndarray:
    """The mean activation of `channels[i]` of `layer` over the positions of `images[i]`, for each i."""
    images = _check_images(model, images)
    maps = np.concatenate([m for (m,) in _batches(model, [layer], images, budget_bytes)])
    return np.array([maps[i, ..., c].mean() for i, c in enumerate(channels)], dtype=np.float64)


# --- layer statistics ----------------------------------------------------------------------------------


def stat_layers(model: keras.Model) -> list[tuple[str, str]]:
    """(name, type) of the convolutions and activation layers with spatial output, in graph order."""
    spatial = set(activations.spatial_layers(model))
    return [(r.name, r.type) for r in arch.layer_table(model) if r.type in STAT_TYPES and r.name in spatial]


def layer_statistics(model: keras.Model, x: np.ndarray, budget_bytes: int = PASS_BUDGET) -> list[LayerStat]:
    """Dead channels, sparsity and mean activation of every conv and activation layer over the images `x`."""
    x = _check_images(model, x)
    layers = stat_layers(model)
    if not layers:
        return []
    names = [name for name, _ in layers]
    zeros = [0] * len(names)
    totals = [0.0] * len(names)
    counts = [0] * len(names)
    nonzero: list[np.ndarray | None] = [None] * len(names)
    for maps in _batches(model, names, x, budget_bytes):
        for i, m in enumerate(maps):
            zero = m == 0
            zeros[i] += int(zero.sum())
            totals[i] += float(m.sum(dtype=np.float64))
            counts[i] += m.size
            seen = ~zero.reshape(-1, m.shape[-1]).all(axis=0)
            nonzero[i] = seen if nonzero[i] is None else nonzero[i] | seen
    return [LayerStat(name, kind, len(nz), int((~nz).sum()), zeros[i] / counts[i], totals[i] / counts[i], len(x))
            for i, ((name, kind), nz) in enumerate(zip(layers, nonzero, strict=False)) if nz is not None]


# --- pictures --------------------------------------------------------------------------------------------


def patch_grid(patches: np.ndarray, tile_px: int = 56, cols: int | None = None) -> np.ndarray:
    """Patches (k, h, w, C) in [0, 1] as one RGB uint8 grid, pixels as they are, NaN in `OUTSIDE_COLOUR`."""
    from cnnviz.draw import render
    from cnnviz.uploads import images

    patches = np.asarray(patches, np.float32)
    rgb = images.convert_channels(np.nan_to_num(patches, nan=0.0), 3)
    tiles = (np.clip(rgb, 0.0, 1.0) * 255).round().astype(np.uint8)
    tiles[np.isnan(patches).any(axis=-1)] = OUTSIDE_COLOUR
    tiles = render.upscale(tiles, tile_px)
    if cols is None:
        return render.tile(tiles)
    return render.tile(tiles, math.ceil(len(tiles) / cols), cols)


def image_tile(image: np.ndarray, tile_px: int = 168) -> np.ndarray:
    """One (H, W, C) image in [0, 1] as an enlarged RGB uint8 picture (pixels repeated, not smoothed)."""
    from cnnviz.draw import render

    return render.image_preview(np.asarray(image, np.float32), tile_px)


def statistics_figure(stats: Sequence[LayerStat], labels: dict[str, str]) -> go.Figure:
    """Dead-channel fraction and sparsity per layer as bars, the flag threshold as a dashed line.

    `labels` gives the translated texts: "dead", "sparsity", "threshold", "y".
    """
    import plotly.graph_objects as go

    names = list(distinct(plotly_literal(s.name) for s in stats))  # layer names are literal text in plotly
    fig = go.Figure([
        go.Bar(name=labels["dead"], x=names, y=[s.dead_fraction for s in stats],
               text=[f"{s.dead_fraction:.0%}" for s in stats]),
        go.Bar(name=labels["sparsity"], x=names, y=[s.sparsity for s in stats],
               text=[f"{s.sparsity:.0%}" for s in stats]),
    ])
    fig.add_hline(y=DEAD_FLAG, line_dash="dash", annotation_text=labels["threshold"])
    fig.update_layout(barmode="group", yaxis={"title": labels["y"], "tickformat": ".0%", "range": [0, 1.05]},
                      height=320, margin={"t": 30, "b": 40, "l": 50, "r": 20})
    return fig
