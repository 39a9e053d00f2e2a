"""Receptive fields on the image: the box of input pixels one unit of a layer sees, and what it really uses.

`unit_box` walks the model's flat graph (`cnnviz.arch.flat_graph`: nested models resolved) backwards from
one unit (layer, row, col) to the image, per axis, and gives two rectangles:

- the **box**: the pixels that can change the unit (the bounding box of its input gradient's support, for
  weights without zeros), clipped to the image. It is followed exactly, as a set of positions per axis and
  tensor, so stride, Keras's asymmetric "same" padding, dilation holes, cropping and merges are all exact;
- the **full box**: the same window left unclipped, so the part beyond the image is the zero padding the
  unit's windows reach into. For one path without resampling its size is the layer table's receptive field.

Per layer, unit i of a window of k taps, stride s and dilation d covers input [i·s − p, i·s − p + span),
span = (k − 1)·d + 1 and p = 0 ("valid") or ⌊max((n_out − 1)·s + span − n_in, 0)/2⌋ ("same", Keras/TF:
the odd pixel of padding goes after). Pointwise layers pass the box through; Add, Concatenate (channels)
and other merges take the union over their inputs; Flatten, Dense after it, global pooling and Reshape see
the whole input; UpSampling2D and Resizing (nearest, bilinear) map through their sampling positions.
A layer cnnviz cannot model is refused (`ReceptiveFieldError`) rather than guessed.

`effective_field` is what the unit actually uses: |∂ unit / ∂ input|, summed over input channels.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core import memo
from cnnviz.core.errors import ModelError
from cnnviz.models import arch

if TYPE_CHECKING:
    import keras

Rect = tuple[int, int, int, int]  # (top, left, bottom, right), bottom and right exclusive

WINDOW_TYPES = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D"}
WHOLE_TYPES = {"Flatten", "Reshape", "GlobalAveragePooling2D", "GlobalMaxPooling2D"}
MERGE_TYPES = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"}
RESAMPLE_TYPES = {"UpSampling2D", "Resizing"}
SHIFT_TYPES = {"ZeroPadding2D", "Cropping2D"}
# Layers acting on each position alone (Dense on a map acts on its channels): the box passes through.
POINTWISE_TYPES = (arch.POINTWISE_TYPES - MERGE_TYPES - SHIFT_TYPES) | {"Dense"}
INTERPOLATIONS = ("nearest", "bilinear")
PEAKED_RATIO = 1.5  # central share / area share above which the effective field counts as peaked

_GRAPHS: memo.PerModel[list[arch.GraphLayer]] = memo.PerModel()
_PROBES: memo.PerModel[_Probe] = memo.PerModel()


class ReceptiveFieldError(ModelError):
    """A unit whose box cannot be drawn: no spatial output, out of range, an unmodelled layer."""


@dataclass(frozen=True)
class ReceptiveBox:
    """One unit's box on the image: clipped (`rect`, what it can see) and unclipped (`full`, with padding)."""

    layer: str
    row: int
    col: int
    rect: Rect  # within the image; empty (bottom == top) when the unit sees only padding
    full: Rect  # unclipped: rows or columns outside 0…image size are zero padding
    image_size: tuple[int, int]  # (height, width) of the model input

    @property
    def height(self) -> int:
        """Rows of real pixels in the box."""
        return self.rect[2] - self.rect[0]

    @property
    def width(self) -> int:
        """Columns of real pixels in the box."""
        return self.rect[3] - self.rect[1]

    @property
    def full_height(self) -> int:
        """Rows of the whole window, padding included."""
        return self.full[2] - self.full[0]

    @property
    def full_width(self) -> int:
        """Columns of the whole window, padding included."""
        return self.full[3] - self.full[1]

    @property
    def padding_pixels(self) -> int:
        """Pixels of the whole window that lie beyond the image (in the zero padding)."""
        h, w = self.image_size
        top, left, bottom, right = self.full
        inside = max(0, min(bottom, h) - max(top, 0)) * max(0, min(right, w) - max(left, 0))
        return self.full_height * self.full_width - inside

    @property
    def padded(self) -> bool:
        """True when part of the window lies beyond the image (in the zero padding)."""
        h, w = self.image_size
        top, left, bottom, right = self.full
        return top < 0 or left < 0 or bottom > h or right > w


def receptive_box(model: keras.Model, layer: str, row: int, col: int, clip: bool = True,
                  image_shape: tuple[int, ...] | None = None) -> Rect:
    """(top, left, bottom, right) a unit sees on the input, bottom/right exclusive (clip=False: padding too)."""
    found = unit_box(model, layer, row, col, image_shape)
    return found.rect if clip else found.full


def unit_box(model: keras.Model, layer: str, row: int, col: int,
             image_shape: tuple[int, ...] | None = None) -> ReceptiveBox:
    """The box of unit (row, col) of `layer` on the image, clipped and unclipped.

    `image_shape` (H, W, C) is needed only for a model that takes pictures of any size.
    """
    graph = _graph(model)
    nodes = {g.name: g for g in graph}
    inputs = [g.name for g in graph if type(g.layer).__name__ == "InputLayer"]
    if len(inputs) != 1:
        raise ReceptiveFieldError(key="error.rf_inputs", count=len(inputs))
    shapes = _shapes(model, graph, image_shape)
    if layer not in nodes:
        raise ReceptiveFieldError(key="error.no_layer", name=layer)
    shape = shapes[layer]
    if len(shape) != 3 or layer in inputs:
        raise ReceptiveFieldError(key="error.rf_not_spatial", name=layer, shape="×".join(map(str, shape)))
    height, width = shape[0], shape[1]
    if not (0 <= row < height and 0 <= col < width):
        raise ReceptiveFieldError(key="error.rf_unit", name=layer, row=row, col=col, height=height,
                                  width=width)
    seen: dict[str, tuple[_Axis, _Axis]] = {layer: (_Axis.unit(row, height), _Axis.unit(col, width))}
    for name in reversed([g.name for g in graph]):
        if name not in seen or name in inputs:
            continue
        node = nodes[name]
        _check_channels_last(node)
        for parent in node.parents:
            parent_shape = shapes[parent]
            found = (_back(node, 0, seen[name][0], shapes[name], parent_shape),
                     _back(node, 1, seen[name][1], shapes[name], parent_shape))
            seen[parent] = _union(seen[parent], found) if parent in seen else found
    image = shapes[inputs[0]]
    rows, cols = seen.get(inputs[0], (_Axis.whole(image[0]), _Axis.whole(image[1])))
    (top, bottom), (left, right) = rows.span(), cols.span()
    return ReceptiveBox(layer, row, col, (top, left, bottom, right),
                        (rows.low, cols.low, rows.high, cols.high), (int(image[0]), int(image[1])))


@dataclass(frozen=True)
class _Axis:
    """Along one axis of one tensor: the positions a unit depends on (exact) and its unclipped window."""

    mask: np.ndarray  # bool, one per position of the tensor
    low: int  # the window, unclipped: may start before 0 or end after the tensor (padding)
    high: int

    @staticmethod
    def unit(index: int, n: int) -> _Axis:
        mask = np.zeros(n, bool)
        mask[index] = True
        return _Axis(mask, index, index + 1)

    @staticmethod
    def whole(n: int) -> _Axis:
        return _Axis(np.ones(n, bool), 0, n)

    def span(self) -> tuple[int, int]:
        """[first, last + 1) of the positions depended on; (0, 0) when there are none."""
        found = np.flatnonzero(self.mask)
        return (int(found[0]), int(found[-1]) + 1) if len(found) else (0, 0)


def _union(a: tuple[_Axis, _Axis], b: tuple[_Axis, _Axis]) -> tuple[_Axis, _Axis]:
    """Two paths' boxes meeting at one tensor: every position of either, the smallest window holding both."""
    def merge(x: _Axis, y: _Axis) -> _Axis:
        return _Axis(x.mask | y.mask, min(x.low, y.low), max(x.high, y.high))

    return merge(a[0], b[0]), merge(a[1], b[1])


def _back(node: arch.GraphLayer, axis: int, out: _Axis, out_shape: tuple[int, ...],
          in_shape: tuple[int, ...]) -> _Axis:
    """What `out` (positions of `node`'s output along `axis`) depends on in one of its inputs."""
    type_name = type(node.layer).__name__
    config = node.layer.get_config()
    if len(in_shape) != 3 or type_name in WHOLE_TYPES or len(out_shape) != 3:
        return _Axis.whole(in_shape[axis]) if len(in_shape) == 3 else _Axis.whole(1)
    n_in, n_out = int(in_shape[axis]), int(out_shape[axis])
    if type_name in WINDOW_TYPES:
        kernel = _pair(config.get("kernel_size") or config.get("pool_size"))[axis]
        stride = _pair(config.get("strides") or kernel)[axis]
        dilation = _pair(config.get("dilation_rate") or 1)[axis]
        span = arch.effective_kernel(kernel, dilation)
        pad = max((n_out - 1) * stride + span - n_in, 0) // 2 if config.get("padding") == "same" else 0
        taps = np.arange(kernel) * dilation - pad
        return _Axis(_scatter(np.flatnonzero(out.mask)[:, None] * stride + taps, n_in),
                     out.low * stride - pad, (out.high - 1) * stride - pad + span)
    if type_name in SHIFT_TYPES:
        before = _pair_of_pairs(config.get("padding" if type_name == "ZeroPadding2D" else "cropping"))
        shift = before[axis][0] if type_name == "Cropping2D" else -before[axis][0]
        return _Axis(_scatter(np.flatnonzero(out.mask) + shift, n_in), out.low + shift, out.high + shift)
    if type_name in RESAMPLE_TYPES:
        return _resampled(node, config, out, n_in, n_out)
    if type_name == "Concatenate" and config.get("axis") not in (-1, 3):
        raise ReceptiveFieldError(key="error.rf_layer", name=node.name, type=type_name)
    if type_name in POINTWISE_TYPES or type_name in MERGE_TYPES:
        if n_in != n_out:
            raise ReceptiveFieldError(key="error.rf_layer", name=node.name, type=type_name)
        return out
    raise ReceptiveFieldError(key="error.rf_layer", name=node.name, type=type_name)


def _resampled(node: arch.GraphLayer, config: dict[str, Any], out: _Axis, n_in: int, n_out: int) -> _Axis:
    """Upsampling or resizing: output i reads the input at (i + ½)·n_in/n_out − ½, as TF does."""
    type_name = type(node.layer).__name__
    interpolation = config.get("interpolation", "nearest")
    unsupported = any(config.get(k) for k in ("crop_to_aspect_ratio", "pad_to_aspect_ratio", "antialias"))
    if interpolation not in INTERPOLATIONS or unsupported:
        raise ReceptiveFieldError(key="error.rf_layer", name=node.name, type=f"{type_name} ({interpolation})")
    scale = np.float32(n_in) / np.float32(n_out)  # in float32, as TF's resize kernels compute it

    def reads(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first and last input position each output index reads, unclamped."""
        if type_name == "UpSampling2D" and interpolation == "nearest":  # Keras repeats each pixel
            first = index * n_in // n_out
            return first, first
        centre = (index.astype(np.float32) + np.float32(0.5)) * scale
        if interpolation == "nearest":
            first = np.floor(centre).astype(int)
            return first, first
        centre = centre - np.float32(0.5)
        return np.floor(centre).astype(int), np.ceil(centre).astype(int)

    first, last = reads(np.flatnonzero(out.mask))
    low, _ = reads(np.array([out.low]))
    _, high = reads(np.array([out.high - 1]))
    return _Axis(_scatter(np.concatenate([np.clip(first, 0, n_in - 1), np.clip(last, 0, n_in - 1)]), n_in),
                 int(low[0]), int(high[0]) + 1)


def _scatter(positions: np.ndarray, n: int) -> np.ndarray:
    """A mask of length n, True at the positions that fall within 0…n − 1."""
    positions = np.asarray(positions).ravel()
    mask = np.zeros(n, bool)
    mask[positions[(positions >= 0) & (positions < n)]] = True
    return mask


def _pair(value: Any) -> tuple[int, int]:
    if isinstance(value, (list, tuple)):
        return int(value[0]), int(value[-1])
    return int(value), int(value)


def _pair_of_pairs(value: Any) -> tuple[tuple[int, int], tuple[int, int]]:
    """Keras's padding/cropping forms: 1, (1, 2) or ((top, bottom), (left, right))."""
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], (list, tuple)):
        return (int(value[0][0]), int(value[0][1])), (int(value[1][0]), int(value[1][1]))
    rows, cols = _pair(value)
    return (rows, rows), (cols, cols)


def _check_channels_last(node: arch.GraphLayer) -> None:
    if getattr(node.layer, "data_format", None) == "channels_first":
        raise ReceptiveFieldError(key="error.rf_channels_first", name=node.name)


def _graph(model: keras.Model) -> list[arch.GraphLayer]:
    """The model's flat graph, memoised per model (weakly)."""
    return _GRAPHS.get(model, lambda: arch.flat_graph(model))


def _shapes(model: keras.Model, graph: list[arch.GraphLayer],
            image_shape: tuple[int, ...] | None) -> dict[str, tuple[int, ...]]:
    """Every leaf's output shape without the batch axis; a model of any size needs `image_shape`."""
    static = {g.name: tuple(g.output.shape[1:]) for g in graph}
    if image_shape is None and all(d is not None for shape in static.values() for d in shape):
        return {name: tuple(int(d) for d in shape) for name, shape in static.items()}
    if image_shape is None:
        raise ReceptiveFieldError(key="error.rf_any_size")
    from cnnviz.analysis import activations

    return activations.extractor(model).shapes(tuple(int(d) for d in image_shape[-3:]))


# --- the effective field --------------------------------------------------------------------------


class _Probe:
    """A compiled gradient of one layer's unit with respect to the input, on the flat graph."""

    def __init__(self, model: keras.Model, layer: str) -> None:
        import keras
        import tensorflow as tf

        from cnnviz.analysis import activations

        ex = activations.extractor(model)
        self.net = keras.Model(ex.inputs, ex.tensors[layer], name=f"{model.name}_probe")
        self.input_shape = tuple(ex.inputs[0].shape[1:])
        spec = [tf.TensorSpec((None, *self.input_shape), tf.float32)] + [tf.TensorSpec((), tf.int32)] * 3
        self.gradient: Callable[..., Any] = tf.function(self._gradient, input_signature=spec)
        self.lock = threading.Lock()  # Keras models are not re-entrant across threads

    def _gradient(self, x: Any, row: Any, col: Any, channel: Any) -> Any:
        import tensorflow as tf

        with tf.GradientTape() as tape:
            tape.watch(x)
            unit = self.net(x, training=False)[:, row, col, :]
            one = tf.gather(unit, tf.maximum(channel, 0), axis=-1)
            score = tf.reduce_sum(tf.where(channel >= 0, one, tf.reduce_sum(unit, axis=-1)))
        return tape.gradient(score, x)


def effective_field(model: keras.Model, image: np.ndarray, layer: str, row: int, col: int,
                    channel: int | None = None) -> np.ndarray:
    """|∂ unit / ∂ input| summed over input channels, (H, W); channel None: the unit's channels summed."""
    x = np.asarray(image, np.float32)
    x = x[None] if x.ndim == 3 else x
    unit_box(model, layer, row, col, x.shape[1:] if x.ndim == 4 else None)  # refuses a bad layer or unit
    probe = _probe(model, layer)
    expected = probe.input_shape
    fits = x.ndim == 4 and len(x) == 1 and all(e is None or e == d for e, d in zip(expected, x.shape[1:], strict=False))
    if not fits or not np.isfinite(x).all():
        raise ReceptiveFieldError(key="error.rf_image", shape="×".join(map(str, x.shape)),
                                  expected="×".join("?" if d is None else str(d) for d in expected))
    channels = int(probe.net.output.shape[-1])
    if channel is not None and not 0 <= channel < channels:
        raise ReceptiveFieldError(key="error.rf_channel", name=layer, channel=channel, count=channels)
    with probe.lock:
        which = np.int32(-1 if channel is None else channel)
        gradient = probe.gradient(x, np.int32(row), np.int32(col), which)
    return np.abs(np.asarray(gradient)[0]).sum(axis=-1)


def _probe(model: keras.Model, layer: str) -> _Probe:
    return _PROBES.get(model, lambda: _Probe(model, layer), layer)


def share_inside(field: np.ndarray, rect: Rect, fraction: float = 0.5) -> float:
    """The share of the field's total inside the central `fraction` (per side) of `rect`; 0 for no field.

    Half per side is a quarter of the box's area: a uniform field puts about 25 % there, a peaked one more.
    """
    total = float(field.sum())
    if total <= 0:
        return 0.0
    return float(field[_central(rect, fraction)].sum()) / total


def share_outside(field: np.ndarray, rect: Rect) -> float:
    """The share of the field's total outside `rect` (0 for an empty field): 0 when the box is right."""
    total = float(field.sum())
    if total <= 0:
        return 0.0
    top, left, bottom, right = rect
    return 1.0 - float(field[top:bottom, left:right].sum()) / total


def _central(rect: Rect, fraction: float) -> tuple[slice, slice]:
    """The middle `fraction` of a rectangle per side, at least one pixel, as array slices."""
    top, left, bottom, right = rect
    slices = []
    for start, end in ((top, bottom), (left, right)):
        size = max(1, round((end - start) * fraction))
        first = start + ((end - start) - size) // 2
        slices.append(slice(first, first + size))
    return slices[0], slices[1]


def is_peaked(share: float, area: float, ratio: float = PEAKED_RATIO) -> bool:
    """True when the central part holds at least `ratio` times the share of the field a uniform one would."""
    return area > 0 and share >= ratio * area


def central_rect(rect: Rect, fraction: float = 0.5) -> Rect:
    """The central part of a box `share_inside` measures, as (top, left, bottom, right)."""
    rows, cols = _central(rect, fraction)
    return rows.start, cols.start, rows.stop, cols.stop


def area_share(rect: Rect, fraction: float = 0.5) -> float:
    """The central part's share of the box's area (what a uniform field would put there)."""
    inner = central_rect(rect, fraction)
    outer = (rect[2] - rect[0]) * (rect[3] - rect[1])
    return (inner[2] - inner[0]) * (inner[3] - inner[1]) / outer if outer else 0.0


@dataclass(frozen=True)
class Growth:
    """The centre unit's box after each layer: stacked small convolutions against one large one."""

    size: int  # the picture's side
    kernels: tuple[int, ...]  # the stacked kernels' sides
    kernel: int  # the single kernel's side
    stacked: tuple[Rect, ...]  # one box per stacked layer
    single: Rect


@functools.lru_cache(maxsize=4)
def stacked_growth(kernels: tuple[int, ...] = (3, 3), single: int = 5, size: int = 11) -> Growth:
    """Boxes of the centre unit after each stride-1 convolution of `kernels` stacked, and after one `single`.

    Built as tiny Keras models ("same" padding, on a `size`×`size` picture) and measured with `unit_box`
    (cached: built once per process).
    """
    import keras

    def boxes(sizes: tuple[int, ...]) -> tuple[Rect, ...]:
        inputs = keras.Input((size, size, 1))
        x, names = inputs, []
        for i, k in enumerate(sizes):
            x = keras.layers.Conv2D(1, k, padding="same", name=f"conv{i + 1}")(x)
            names.append(f"conv{i + 1}")
        model = keras.Model(inputs, x)
        return tuple(unit_box(model, name, size // 2, size // 2).full for name in names)

    return Growth(size, kernels, single, boxes(kernels), boxes((single,))[0])


def box_size(rect: Rect) -> tuple[int, int]:
    """(height, width) of a rectangle."""
    return rect[2] - rect[0], rect[3] - rect[1]
