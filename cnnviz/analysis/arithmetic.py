"""One step of a convolution or a pooling window, on real numbers, for any Keras model.

`conv_at` returns what one output unit of a Conv2D or DepthwiseConv2D layer computes for one picture: the
input window (padding written as zeros), the kernel slice, the element-wise products, their sum, the bias,
the value before the activation and after it, with the window's input coordinates. `pool_at` does the same
for max and average pooling. The numbers come from the layer's own weights and its own input tensor for
that picture (nested models such as VGG16 inside `vgg16_transfer` included); the step's output is checked
against the layer's feature map in the tests.

`window_positions`, `padding_amounts` and `sandbox` work out, along one axis, where a window lands for any
input size, kernel, stride, padding and dilation, and explain the combinations that give no output. Keras
pads `same` as TensorFlow does: total padding max((out − 1)·s + span − n, 0), the extra pixel on the
bottom/right (before = total // 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cnnviz.analysis import activations
from cnnviz.core.errors import CnnvizError
from cnnviz.models import arch

if TYPE_CHECKING:
    import keras

Padding = int | str  # "valid", "same", or pixels added on each side (the textbook's p)
CONV_STEP_TYPES = ("Conv2D", "DepthwiseConv2D")
POOL_STEP_TYPES = ("MaxPooling2D", "AveragePooling2D")
STEP_TYPES = CONV_STEP_TYPES + POOL_STEP_TYPES
MAX_SANDBOX_SIDE = 4096  # the sandbox lists every position; a larger input is refused


class StepError(CnnvizError):
    """A window step or a sandbox combination cannot be worked out as asked."""


# --- one axis ------------------------------------------------------------------


def padding_amounts(n: int, kernel: int, stride: int = 1, padding: Padding = "valid",
                    dilation: int = 1) -> tuple[int, int]:
    """Pixels of padding (before, after) along one axis: Keras's `same` puts the odd one after."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        out = math.ceil(n / stride)
        total = max((out - 1) * stride + arch.effective_kernel(kernel, dilation) - n, 0)
        return total // 2, total - total // 2
    pad = int(padding)
    return pad, pad


def window_positions(n: int, kernel: int, stride: int = 1, padding: Padding = "valid",
                     dilation: int = 1) -> list[int]:
    """The input index of the window's first tap for each output position (negative: in the padding)."""
    before, _ = padding_amounts(n, kernel, stride, padding, dilation)
    out = arch.conv_output_size(n, kernel, stride, padding, dilation)
    return [i * stride - before for i in range(max(out, 0))]


def window_taps(start: int, kernel: int, dilation: int = 1) -> list[int]:
    """The input indices the window reads from `start`: every `dilation`-th pixel, `kernel` of them."""
    return [start + i * dilation for i in range(kernel)]


def output_size(n: int, kernel: int, stride: int = 1, padding: Padding = "valid",
                dilation: int = 1) -> tuple[int, str]:
    """The output size along one axis and its formula, as the layer table writes it."""
    return (arch.conv_output_size(n, kernel, stride, padding, dilation),
            arch.output_size_formula(n, kernel, stride, padding, dilation))


@dataclass(frozen=True)
class Note:
    """Something worth knowing about a sandbox combination: an i18n key and its values."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Sandbox:
    """One axis of a window sliding over an input: sizes, padding, positions, formula and notes."""

    n: int
    kernel: int
    stride: int
    padding: Padding
    dilation: int
    span: int  # the dilated kernel's extent: k + (k − 1)(d − 1)
    pad_before: int
    pad_after: int
    out: int
    formula: str
    starts: tuple[int, ...]  # first tap of each position, as input indices
    notes: tuple[Note, ...]

    def taps(self, position: int) -> list[int]:
        """The input indices read at output `position`."""
        return window_taps(self.starts[position], self.kernel, self.dilation)

    @property
    def covered(self) -> set[int]:
        """Input indices (padding included) that some position reads."""
        return {i for p in range(self.out) for i in self.taps(p)}


def sandbox(n: int, kernel: int, stride: int = 1, padding: Padding = "valid", dilation: int = 1) -> Sandbox:
    """Where a window lands along one axis, with the output size; a `StepError` when there is no output."""
    for name, value in (("n", n), ("k", kernel), ("s", stride), ("d", dilation)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise StepError(key="error.calc_below_one", name=name, value=value)
    if n > MAX_SANDBOX_SIDE:
        raise StepError(key="error.calc_too_large", n=n, limit=MAX_SANDBOX_SIDE)
    if isinstance(padding, str):
        if padding not in ("valid", "same"):
            raise StepError(key="error.calc_padding", padding=padding)
    elif isinstance(padding, bool) or not isinstance(padding, (int, np.integer)) or padding < 0:
        raise StepError(key="error.calc_negative_padding", padding=padding)
    span = arch.effective_kernel(kernel, dilation)
    before, after = padding_amounts(n, kernel, stride, padding, dilation)
    padded = n + before + after
    if span > padded:
        raise StepError(key="error.calc_no_output", span=span, padded=padded, n=n, before=before, after=after,
                        formula=f"⌊({n} − {span} + {before + after})/{stride}⌋ + 1 = "
                                f"{(padded - span) // stride + 1}")
    out, formula = output_size(n, kernel, stride, padding, dilation)
    starts = tuple(window_positions(n, kernel, stride, padding, dilation))
    notes = []
    if padding == "same" and (before or after):
        notes.append(Note("calc.note_same", {
            "total": before + after, "before": before, "after": after, "out": out, "s": stride, "span": span,
            "n": n, "formula": f"max(({out} − 1)×{stride} + {span} − {n}, 0) = {before + after}"}))
    if stride > span:
        notes.append(Note("calc.note_skips", {"s": stride, "span": span, "gap": stride - span}))
    left_over = padded - (starts[-1] + before + span)
    if left_over > 0:
        notes.append(Note("calc.note_left_over", {"count": left_over}))
    if stride > 1 and dilation > 1:
        notes.append(Note("calc.note_keras_refuses", {}))
    return Sandbox(n, kernel, stride, padding, dilation, span, before, after, out, formula, starts,
                   tuple(notes))


# --- one step on a real layer --------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a window sits on the layer's input: the input row and column of every tap."""

    rows: np.ndarray  # (k_h,) input row of each tap; < 0 or ≥ height: padding
    cols: np.ndarray  # (k_w,)
    input_size: tuple[int, int]  # (height, width) of the layer's input
    output_size: tuple[int, int]  # (height, width) of the layer's output
    pad: tuple[int, int]  # padding before the first row and the first column

    @property
    def inside(self) -> np.ndarray:
        """(k_h, k_w) True where the tap reads the input, False where it reads padding."""
        height, width = self.input_size
        return ((self.rows >= 0) & (self.rows < height))[:, None] & ((self.cols >= 0) & (self.cols < width))

    @property
    def top(self) -> int:
        """The first tap's input row (negative in the padding)."""
        return int(self.rows[0])

    @property
    def left(self) -> int:
        """The first tap's input column (negative in the padding)."""
        return int(self.cols[0])


@dataclass(frozen=True)
class ConvStep:
    """One output unit of a convolution, worked out: window × kernel summed, plus bias, activated."""

    layer: str
    layer_type: str
    row: int
    col: int
    channel: int
    window: np.ndarray  # (k_h, k_w, C) the input values the kernel meets, zeros in the padding
    kernel: np.ndarray  # (k_h, k_w, C) the weights of this output channel
    products: np.ndarray  # (k_h, k_w, C) window × kernel
    input_channels: tuple[int, ...]  # the layer-input channel of each of the C slices
    bias: float
    pre_activation: float  # Σ products + bias
    activation: str
    output: float  # the activation applied (over all channels at this position, for softmax)
    map_value: float  # the same unit in Keras's own feature map
    placement: Placement
    stride: tuple[int, int]
    dilation: tuple[int, int]
    padding: str

    @property
    def total(self) -> float:
        """Σ products over every tap and channel."""
        return float(self.products.sum(dtype=np.float64))

    @property
    def channel_sums(self) -> np.ndarray:
        """Σ products of each input channel (C,)."""
        return self.products.sum(axis=(0, 1), dtype=np.float64)


@dataclass(frozen=True)
class PoolStep:
    """One output unit of a pooling layer: the largest value in the window, or the mean of the inside."""

    layer: str
    layer_type: str
    mode: Literal["max", "average"]
    row: int
    col: int
    channel: int
    window: np.ndarray  # (k_h, k_w) input values, 0 where the window is in the padding (not used)
    output: float  # max or mean over the inside taps
    map_value: float
    winner: tuple[int, int] | None  # (i, j) in the window of the largest value (max pooling)
    count: int  # taps inside the input (the mean's divisor)
    placement: Placement
    stride: tuple[int, int]
    padding: str

    @property
    def total(self) -> float:
        """Σ of the inside taps (average pooling's numerator)."""
        return float(self.window[self.placement.inside].sum(dtype=np.float64))


def step_layers(model: keras.Model) -> list[str]:
    """The layers `conv_at`/`pool_at` can show, in graph order (channels-last 2-D windows only)."""
    ex = activations.extractor(model)
    found = []
    for g in arch.flat_graph(model):
        if type(g.layer).__name__ in STEP_TYPES and g.name in ex.names and _channels_last(g.layer):
            found.append(g.name)
    return found


def layer_maps(model: keras.Model, image: np.ndarray, layer: str) -> tuple[np.ndarray, np.ndarray]:
    """The layer's input and output (H, W, C) for one picture, from one forward pass."""
    ex = activations.extractor(model)
    leaf = _leaf(model, layer)
    parents = ex.parents.get(layer, ())
    if len(parents) != 1:
        raise StepError(key="error.calc_layer_type", layer=layer, type=type(leaf).__name__)
    parent = parents[0]
    if parent in ex.names:
        maps = activations.feature_maps(model, image, [parent, layer])
        return maps[parent], maps[layer]
    maps = activations.feature_maps(model, image, [layer])  # the layer reads the picture itself
    return np.asarray(image, dtype=np.float32).reshape(np.shape(image)[-3:]), maps[layer]


def _unit_of(model: keras.Model, image: np.ndarray, layer: str, unit: tuple[int, int, int],
             maps: tuple[np.ndarray, np.ndarray] | None, types: tuple[str, ...]
             ) -> tuple[keras.layers.Layer, str, np.ndarray, np.ndarray]:
    """The layer (one of `types`, channels last), its kind, and its input and output maps for the picture,
    after checking the unit (row, col, channel) is one of its outputs."""
    leaf = _leaf(model, layer)
    kind = type(leaf).__name__
    if kind not in types:
        raise StepError(key="error.calc_layer_type", layer=layer, type=kind)
    _check_channels_last(leaf, layer)
    x, y = layer_maps(model, image, layer) if maps is None else maps
    _check_position(layer, y, *unit)
    return leaf, kind, x, y


def conv_at(model: keras.Model, image: np.ndarray, layer: str, row: int, col: int, channel: int,
            maps: tuple[np.ndarray, np.ndarray] | None = None) -> ConvStep:
    """One output unit of a Conv2D or DepthwiseConv2D layer, worked out (`maps`: from `layer_maps`)."""
    leaf, kind, x, y = _unit_of(model, image, layer, (row, col, channel), maps, CONV_STEP_TYPES)
    config = leaf.get_config()
    stride, dilation = _pair(config["strides"]), _pair(config.get("dilation_rate", 1))
    weights = [np.asarray(w) for w in (leaf.kernel, leaf.bias if leaf.use_bias else None) if w is not None]
    kernel_all = weights[0]
    bias_all = weights[1] if len(weights) > 1 else np.zeros(y.shape[-1], np.float32)
    k_h, k_w = kernel_all.shape[:2]
    place = _placement(x, y, (k_h, k_w), stride, dilation, config["padding"], row, col)
    patch = _patch(x, place, fill=0.0)  # (k_h, k_w, C_in)
    if kind == "Conv2D":
        groups = int(config.get("groups", 1))
        per_in, per_out = x.shape[-1] // groups, y.shape[-1] // groups
        group = channel // per_out
        channels = tuple(range(group * per_in, (group + 1) * per_in))
        kernel = kernel_all[:, :, :, channel]
        every = np.concatenate([np.tensordot(patch[:, :, g * per_in:(g + 1) * per_in],
                                             kernel_all[:, :, :, g * per_out:(g + 1) * per_out], axes=3)
                                for g in range(groups)])
    else:  # depthwise: output channel c reads input channel c // multiplier alone
        multiplier = kernel_all.shape[3]
        channels = (channel // multiplier,)
        kernel = kernel_all[:, :, channels[0], channel % multiplier][:, :, None]
        every = np.einsum("hwc,hwcm->cm", patch.astype(np.float64), kernel_all).reshape(-1)
    window = patch[:, :, list(channels)]
    products = window * kernel
    bias = float(bias_all[channel])
    pre = float(products.sum(dtype=np.float64)) + bias
    every = np.asarray(every, np.float64) + bias_all
    every[channel] = pre  # the unit shown is the sum shown
    activated = _activate(leaf.activation, every.astype(np.float32))
    return ConvStep(layer, kind, row, col, channel, window, kernel, products, channels, bias, pre,
                    _activation_name(leaf.activation), float(activated[channel]), float(y[row, col, channel]),
                    place, stride, dilation, config["padding"])


def pool_at(model: keras.Model, image: np.ndarray, layer: str, row: int, col: int, channel: int,
            maps: tuple[np.ndarray, np.ndarray] | None = None) -> PoolStep:
    """One output unit of a MaxPooling2D or AveragePooling2D layer (`maps`: from `layer_maps`)."""
    leaf, kind, x, y = _unit_of(model, image, layer, (row, col, channel), maps, POOL_STEP_TYPES)
    config = leaf.get_config()
    size, stride = _pair(config["pool_size"]), _pair(config["strides"] or config["pool_size"])
    place = _placement(x, y, size, stride, (1, 1), config["padding"], row, col)
    window = _patch(x, place, fill=0.0)[:, :, channel]
    inside = place.inside
    count = int(inside.sum())
    if kind == "MaxPooling2D":
        masked = np.where(inside, window, -np.inf)
        flat = int(np.argmax(masked))
        winner: tuple[int, int] | None = (flat // window.shape[1], flat % window.shape[1])
        output = float(window[winner])
        mode: Literal["max", "average"] = "max"
    else:  # Keras leaves the padding out of the mean
        winner = None
        output = float(window[inside].sum(dtype=np.float64) / count)
        mode = "average"
    return PoolStep(layer, kind, mode, row, col, channel, window, output, float(y[row, col, channel]), winner,
                    count, place, stride, config["padding"])


def step_at(model: keras.Model, image: np.ndarray, layer: str, row: int, col: int, channel: int,
            maps: tuple[np.ndarray, np.ndarray] | None = None) -> ConvStep | PoolStep:
    """`conv_at` or `pool_at`, whichever fits the layer."""
    kind = type(_leaf(model, layer)).__name__
    step = pool_at if kind in POOL_STEP_TYPES else conv_at
    return step(model, image, layer, row, col, channel, maps)


def positions(model: keras.Model, layer: str,
              image_shape: tuple[int, ...] | None = None) -> tuple[int, int, int]:
    """(height, width, channels) of the layer's output: the positions a step can take."""
    ex = activations.extractor(model)
    shape = tuple(model.inputs[0].shape[1:]) if image_shape is None else tuple(image_shape)
    h, w, c = ex.shapes(shape)[layer]
    return int(h), int(w), int(c)


# --- helpers -------------------------------------------------------------------


def _leaf(model: Any, layer: str) -> Any:
    for g in arch.flat_graph(model):
        if g.name == layer:
            return g.layer
    raise StepError(key="error.calc_unknown_layer", layer=layer)


def _channels_last(leaf: Any) -> bool:
    return leaf.get_config().get("data_format", "channels_last") != "channels_first"


def _check_channels_last(leaf: Any, layer: str) -> None:
    if not _channels_last(leaf):
        raise StepError(key="error.calc_channels_first", layer=layer)


def _check_position(layer: str, y: np.ndarray, row: int, col: int, channel: int) -> None:
    height, width, count = y.shape
    if not (0 <= row < height and 0 <= col < width):
        raise StepError(key="error.calc_position", layer=layer, row=row, col=col, height=height, width=width)
    if not 0 <= channel < count:
        raise StepError(key="error.calc_channel", layer=layer, channel=channel, count=count, last=count - 1)


def _pair(value: Any) -> tuple[int, int]:
    return (int(value[0]), int(value[1])) if isinstance(value, (list, tuple)) else (int(value), int(value))


def _placement(x: np.ndarray, y: np.ndarray, size: tuple[int, int], stride: tuple[int, int],
               dilation: tuple[int, int], padding: str, row: int, col: int) -> Placement:
    """The taps of the window behind output (row, col), with Keras's padding."""
    height, width = x.shape[:2]
    top, _ = padding_amounts(height, size[0], stride[0], padding, dilation[0])
    left, _ = padding_amounts(width, size[1], stride[1], padding, dilation[1])
    rows = np.array(window_taps(row * stride[0] - top, size[0], dilation[0]))
    cols = np.array(window_taps(col * stride[1] - left, size[1], dilation[1]))
    return Placement(rows, cols, (height, width), (int(y.shape[0]), int(y.shape[1])), (top, left))


def _patch(x: np.ndarray, place: Placement, fill: float) -> np.ndarray:
    """The input under the window (k_h, k_w, C), `fill` where a tap falls in the padding."""
    height, width = place.input_size
    rows, cols = np.clip(place.rows, 0, height - 1), np.clip(place.cols, 0, width - 1)
    patch = x[rows][:, cols].astype(np.float32)
    patch[~place.inside] = fill
    return patch


def _activate(activation: Any, values: np.ndarray) -> np.ndarray:
    """The layer's activation on one position's pre-activations (all channels: softmax needs them)."""
    import keras

    found = activation(keras.ops.convert_to_tensor(values.reshape(1, 1, 1, -1)))
    return np.asarray(keras.ops.convert_to_numpy(found)).reshape(-1)


def _activation_name(activation: Any) -> str:
    return str(getattr(activation, "__name__", type(activation).__name__))
