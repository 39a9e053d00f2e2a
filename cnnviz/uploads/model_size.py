"""What a model would cost to build, read from its description (``config.json``) without building it.

`model_size(config)` walks a Keras model description (Sequential, Functional and nested models) with a
small shape inference for about sixty common layer types and returns the layer count, the parameters
(the largest of every way Keras may build a layer) and the float32 bytes of every layer's output for one
input. `cnnviz.vetting` compares these with its caps before Keras allocates anything.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

BYTES_PER_VALUE = 4  # float32

Shape = tuple  # a tensor's shape without the batch axis; None entries are sizes known only at run time


@dataclass(frozen=True)
class ModelSize:
    """What building a model from its description would cost, computed without building it."""

    layers: int
    params: int
    activation_bytes: int  # float32 outputs of every layer for one input; sizes known only at run time: 0
    unknown_types: tuple[str, ...] = ()  # types the inference does not know: only the weights bound them
    unsized: tuple[tuple[str, str], ...] = ()  # (name, type) of weighted layers whose input size is unknown


_MODELS = {"Functional", "Sequential", "Model"}
_SAME_SHAPE = {
    "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU", "Dropout", "SpatialDropout1D",
    "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Identity",
    "ActivityRegularization", "Rescaling", "Masking", "UnitNormalization", "RandomFlip", "RandomRotation",
    "RandomZoom", "RandomTranslation", "RandomContrast", "RandomBrightness", "RandomCrop",
}  # fmt: skip
_MERGE = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"}
_WEIGHTLESS = {*_SAME_SHAPE, *_MERGE, "InputLayer", "Concatenate"}


def count_layers(config: Any) -> int:
    """Layers in a model description, nested models included (each nested model counts as one more)."""
    total, stack = 0, [config]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            inner = node.get("config")
            layers = inner.get("layers") if isinstance(inner, dict) else None
            if isinstance(layers, list):
                total += len(layers)
                stack.extend(layers)
    return total


def model_size(config: Any) -> ModelSize:
    """Layers, parameters and activation memory of the model `config.json` describes, without building it."""
    walk = _Walk()
    if isinstance(config, dict):
        walk.layer(config, [None])
    return ModelSize(count_layers(config), sum(walk.params.values()), walk.activations,
                     tuple(dict.fromkeys(walk.unknown_types)), tuple(walk.unsized))


class _Walk:
    """Shape inference over a model description: parameters per layer (the largest of every way Keras may
    build it) and the float32 bytes of every layer output for one input."""

    def __init__(self) -> None:
        self.params: dict[int, int] = {}  # id of a layer's dict -> parameters; a shared layer counts once
        self.activations = 0
        self.unknown_types: list[str] = []
        self.unsized: list[tuple[str, str]] = []

    def layer(self, layer: dict, inputs: list[Shape | None]) -> list[Shape | None]:
        """Output shapes of `layer` called on `inputs`; records its parameters."""
        kind = layer.get("class_name")
        raw_config = layer.get("config")
        config: dict = raw_config if isinstance(raw_config, dict) else {}
        if kind in _MODELS and isinstance(config.get("layers"), list):
            return self.model(layer, config)
        declared = _declared_input(layer)
        options = (_params(kind, config, declared), _params(kind, config, _first(inputs)))
        counted = [n for n in options if n is not None]
        if counted:
            self.params[id(layer)] = max(counted + [self.params.get(id(layer), 0)])
        elif kind not in _SHAPES and kind not in _WEIGHTLESS and _from_keras(layer):
            self.unknown_types.append(str(kind))  # a custom class is refused by Keras itself, before building
        elif kind in _WEIGHTED and declared is None and _first(inputs) is None:
            self.unsized.append((str(layer.get("name") or config.get("name") or "?"), str(kind)))
        try:
            out = _output_shape(kind, config, inputs)
        except (TypeError, ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError):
            out = None  # a malformed config: Keras will refuse it itself
        if out is not None and all(isinstance(d, int) for d in out):
            self.activations += math.prod(out) * BYTES_PER_VALUE
        return [out]

    def model(self, layer: dict, config: dict) -> list[Shape | None]:
        """Output shapes of a Sequential or Functional model, from its own inputs."""
        layers = [item for item in config["layers"] if isinstance(item, dict)]
        if layer.get("class_name") == "Sequential":
            shape = _declared_input(layer) or _shape(config.get("build_input_shape"))
            current: list[Shape | None] = [shape]
            for item in layers:
                current = self.layer(item, current)
            return current
        made: dict[tuple[str, int], list[Shape | None]] = {}
        for item in layers:
            name = str(item.get("name") or (item.get("config") or {}).get("name"))
            nodes = item.get("inbound_nodes") or []
            if item.get("class_name") == "InputLayer" or not nodes:
                made[(name, 0)] = self.layer(item, [None])
                continue
            for index, node in enumerate(nodes if isinstance(nodes, list) else []):
                inputs = [_lookup(made, history) for history in _histories(node)]
                made[(name, index)] = self.layer(item, inputs)
        outputs = config.get("output_layers") or []
        if outputs and not isinstance(outputs[0], list):
            outputs = [outputs]
        return [_lookup(made, ref) for ref in outputs] or [None]


def _histories(node: Any) -> Iterator[list]:
    """The keras_history [layer, node, tensor] of every tensor a node's arguments name, in order."""
    stack = [node.get("args", []) if isinstance(node, dict) else node]
    found = []
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            history = (item.get("config") or {}).get("keras_history") if item.get("class_name") == \
                "__keras_tensor__" else None
            if isinstance(history, list) and len(history) == 3:
                found.append(history)
            else:
                stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return iter(found)


def _from_keras(layer: dict) -> bool:
    """True for a layer Keras itself would build (its module is Keras's, or not recorded)."""
    return str(layer.get("module") or "keras").startswith("keras")


def _lookup(made: dict, ref: Any) -> Shape | None:
    try:
        return made[(str(ref[0]), int(ref[1]))][int(ref[2])]
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _first(inputs: list[Shape | None]) -> Shape | None:
    return inputs[0] if inputs else None


def _shape(value: Any) -> Shape | None:
    """A list from the config as a shape without the batch axis; None when it is not a shape."""
    if not isinstance(value, (list, tuple)) or not value:
        return None
    if all(isinstance(d, (int, type(None))) and not isinstance(d, bool) for d in value):
        return tuple(value[1:])
    return _shape(value[0]) if isinstance(value[0], (list, tuple)) else None


def _declared_input(layer: dict) -> Shape | None:
    """The input shape Keras builds a layer with before calling it (its build_config), if recorded."""
    build = layer.get("build_config")
    return _shape(build.get("input_shape")) if isinstance(build, dict) else None


def _tuple(value: Any, rank: int) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * rank
    if isinstance(value, (list, tuple)) and len(value) == rank and all(isinstance(v, int) for v in value):
        return tuple(value)
    raise ValueError(f"expected {rank} integers, got {value!r}")


def _known(*dims: Any) -> bool:
    return all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims)


def _sizes(*values: Any) -> tuple[int, ...] | None:
    """The values, when every one is a known size (`_known`); None when any is not."""
    return values if _known(*values) else None


def _channels(config: dict, shape: Shape) -> tuple[int | None, Shape]:
    """(channels, spatial sizes) of an image-like shape under the layer's data_format."""
    if config.get("data_format") == "channels_first":
        return shape[0], tuple(shape[1:])
    return shape[-1], tuple(shape[:-1])


def _join(config: dict, channels: int | None, spatial: Shape) -> Shape:
    if config.get("data_format") == "channels_first":
        return (channels, *spatial)
    return (*spatial, channels)


# Weight formulas: parameters of a layer built on input `shape` (without batch); None when a size is unknown.
_CONV = {"Conv1D": 1, "Conv2D": 2, "Conv3D": 3}
_TRANSPOSE = {"Conv1DTranspose": 1, "Conv2DTranspose": 2, "Conv3DTranspose": 3}
_DEPTHWISE = {"DepthwiseConv1D": 1, "DepthwiseConv2D": 2}
_SEPARABLE = {"SeparableConv1D": 1, "SeparableConv2D": 2}
_POOL = {
    "MaxPooling1D": 1, "MaxPooling2D": 2, "MaxPooling3D": 3, "AveragePooling1D": 1, "AveragePooling2D": 2,
    "AveragePooling3D": 3, "MaxPool1D": 1, "MaxPool2D": 2, "MaxPool3D": 3, "AvgPool1D": 1, "AvgPool2D": 2,
    "AvgPool3D": 3,
}  # fmt: skip
_GLOBAL_POOL = {
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D",
    "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
    "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
}  # fmt: skip
_RNN = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}
_WEIGHTED = {
    *_CONV, *_TRANSPOSE, *_DEPTHWISE, *_SEPARABLE, *_RNN, "Dense", "BatchNormalization", "LayerNormalization",
    "GroupNormalization", "PReLU",
}  # fmt: skip


def _params(kind: Any, config: dict, shape: Shape | None) -> int | None:
    """Parameters of a layer of type `kind` built on `shape`; None when they cannot be told."""
    if kind == "Embedding":
        dims = _sizes(config.get("input_dim"), config.get("output_dim"))
        return dims[0] * dims[1] if dims is not None else None
    if kind not in _WEIGHTED:
        return 0 if kind in _SHAPES or kind in _WEIGHTLESS else None
    if not shape:
        return None
    bias = bool(config.get("use_bias", True))
    try:
        if kind == "Dense":
            dense = _sizes(config.get("units"), shape[-1])
            if dense is None:
                return None
            units, c = dense
            return c * units + units * bias
        if kind in _RNN:
            gates = _RNN[kind]
            recurrent = _sizes(config.get("units"), shape[-1])
            if recurrent is None:
                return None
            units, c = recurrent
            extra = units if kind == "GRU" and config.get("reset_after", True) else 0
            return gates * (units * (c + units) + units * bias + extra * bias)
        if kind in ("BatchNormalization", "GroupNormalization", "LayerNormalization", "PReLU"):
            return _norm_params(kind, config, shape)
        rank = {**_CONV, **_TRANSPOSE, **_DEPTHWISE, **_SEPARABLE}[kind]
        channels, _ = _channels(config, shape)
        kernel = math.prod(_tuple(config.get("kernel_size"), rank))
        if kind in _DEPTHWISE or kind in _SEPARABLE:
            depthwise = _sizes(channels, config.get("depth_multiplier", 1), config.get("filters", 0))
            if depthwise is None:
                return None
            c, mult, filters = depthwise
            if kind in _DEPTHWISE:
                return kernel * c * mult + c * mult * bias
            return kernel * c * mult + c * mult * filters + filters * bias
        conv = _sizes(channels, config.get("filters"), config.get("groups", 1))
        if conv is None or conv[2] < 1:
            return None
        c, filters, groups = conv
        return kernel * (c // groups if kind in _CONV else c) * filters + filters * bias
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _norm_params(kind: str, config: dict, shape: Shape) -> int | None:
    rank = len(shape) + 1  # axes in the config count the batch axis
    pieces = bool(config.get("center", True)) + bool(config.get("scale", True))
    if kind == "PReLU":
        shared = config.get("shared_axes") or []
        shared = {a - 1 for a in ([shared] if isinstance(shared, int) else shared)}
        sizes = [1 if i in shared else d for i, d in enumerate(shape)]
        return math.prod(sizes) if _known(*sizes) else None
    axes = config.get("axis", -1)
    axes = [axes] if isinstance(axes, int) else list(axes)
    sizes = [shape[(a % rank) - 1] for a in axes]
    if not _known(*sizes):
        return None
    if kind == "BatchNormalization":
        return math.prod(sizes) * (2 + pieces)
    if kind == "LayerNormalization" and config.get("rms_scaling"):
        return math.prod(sizes)
    return math.prod(sizes) * pieces


def _window(n: int | None, k: int, s: int, padding: str, d: int = 1) -> int | None:
    """Output length of a convolution or pooling window along one axis (Keras's conv_output_length)."""
    if n is None:
        return None
    if padding == "same":
        return -(-n // s)
    if padding == "causal":
        return -(-n // s)
    return max((n - d * (k - 1) - 1) // s + 1, 0)


def _transposed(n: int | None, k: int, s: int, padding: str, d: int, out_pad: int | None) -> int | None:
    """Output length of a transposed convolution along one axis (Keras's deconv_output_length)."""
    if n is None:
        return None
    k = k + (k - 1) * (d - 1)
    if out_pad is None:
        return n * s + max(k - s, 0) if padding == "valid" else n * s
    pad = {"same": k // 2, "valid": 0}.get(padding, k - 1)
    return (n - 1) * s + k - 2 * pad + out_pad


def _output_shape(kind: Any, config: dict, inputs: list[Shape | None]) -> Shape | None:
    """Output shape of one call, or None when this inference does not know the layer or its input."""
    if kind == "InputLayer":
        return _shape(config.get("batch_shape") or config.get("batch_input_shape"))
    if kind in _MERGE:
        return _merge(inputs)
    if kind == "Concatenate":
        return _concatenate(config, inputs)
    shape = _first(inputs)
    if shape is None:
        return None
    normalising = {"BatchNormalization", "LayerNormalization", "GroupNormalization", "PReLU"}
    if kind in _SAME_SHAPE or kind in normalising:
        return shape
    rule = _SHAPES.get(kind)
    return rule(config, shape) if rule else None


def _merge(inputs: list[Shape | None]) -> Shape | None:
    shapes = [s for s in inputs if s is not None]
    if not inputs or len(shapes) != len(inputs) or len({len(s) for s in shapes}) != 1:
        return None
    return tuple(max((d for d in dims if d is not None), default=None) for dims in zip(*shapes, strict=False))


def _concatenate(config: dict, inputs: list[Shape | None]) -> Shape | None:
    shapes = [s for s in inputs if s is not None]
    if not inputs or len(shapes) != len(inputs) or len({len(s) for s in shapes}) != 1:
        return None
    rank = len(shapes[0]) + 1
    axis = config.get("axis", -1) % rank - 1
    joined = [s[axis] for s in shapes]
    total = sum(joined) if _known(*joined) else None
    return tuple(total if i == axis else shapes[0][i] for i in range(len(shapes[0])))


def _conv_shape(config: dict, shape: Shape, rank: int, kind: str) -> Shape:
    c, spatial = _channels(config, shape)
    k, s = _tuple(config.get("kernel_size"), rank), _tuple(config.get("strides", 1), rank)
    d, padding = _tuple(config.get("dilation_rate", 1), rank), config.get("padding", "valid")
    if kind in _TRANSPOSE:
        pads = config.get("output_padding")
        pads = (None,) * rank if pads is None else _tuple(pads, rank)
        sizes = tuple(_transposed(n, *a, padding, b, p)
                      for n, a, b, p in zip(spatial, zip(k, s, strict=False), d, pads, strict=False))
    else:
        sizes = tuple(_window(n, a, b, padding, e) for n, a, b, e in zip(spatial, k, s, d, strict=False))
    if kind in _DEPTHWISE:
        out = c * config.get("depth_multiplier", 1) if c is not None else None
    else:
        out = config.get("filters")
    return _join(config, out, sizes)


def _pool_shape(config: dict, shape: Shape, rank: int) -> Shape:
    c, spatial = _channels(config, shape)
    k = _tuple(config.get("pool_size", 2), rank)
    s = _tuple(config.get("strides") or config.get("pool_size", 2), rank)
    sizes = tuple(_window(n, a, b, config.get("padding", "valid")) for n, a, b in zip(spatial, k, s, strict=False))
    return _join(config, c, sizes)


def _global_pool(config: dict, shape: Shape) -> Shape:
    c, spatial = _channels(config, shape)
    if config.get("keepdims"):
        return _join(config, c, (1,) * len(spatial))
    return (c,)


def _pairs(value: Any, rank: int) -> list[tuple[int, int]]:
    if isinstance(value, int):
        return [(value, value)] * rank
    pairs = [(v, v) if isinstance(v, int) else tuple(v) for v in value]
    if rank == 1 and len(pairs) == 2 and all(isinstance(v, int) for v in value):
        return [tuple(value)]
    if len(pairs) != rank or any(len(p) != 2 for p in pairs):
        raise ValueError("bad padding")
    return pairs


def _pad_shape(config: dict, shape: Shape, rank: int, sign: int, key: str) -> Shape:
    c, spatial = _channels(config, shape)
    pairs = _pairs(config.get(key, 1), rank)
    sizes = tuple(None if n is None else n + sign * (a + b) for n, (a, b) in zip(spatial, pairs, strict=False))
    return _join(config, c, sizes)


def _upsample_shape(config: dict, shape: Shape, rank: int) -> Shape:
    c, spatial = _channels(config, shape)
    size = _tuple(config.get("size", 2), rank)
    return _join(config, c, tuple(None if n is None else n * f for n, f in zip(spatial, size, strict=False)))


def _reshape(config: dict, shape: Shape) -> Shape:
    target = list(config.get("target_shape") or [])
    if not all(isinstance(d, int) for d in target):
        raise ValueError("bad target_shape")
    if -1 in target:
        known = math.prod(d for d in target if d != -1)
        total = math.prod(shape) if _known(*shape) else None
        target[target.index(-1)] = total // known if total is not None and known else None
    return tuple(target)


def _flatten(config: dict, shape: Shape) -> Shape:
    return (math.prod(shape) if _known(*shape) else None,)


def _rnn_shape(config: dict, shape: Shape) -> Shape:
    units = config.get("units")
    return (shape[0], units) if config.get("return_sequences") else (units,)


_SHAPES: dict[str, Any] = {
    "Dense": lambda c, s: (*s[:-1], c.get("units")),
    "Embedding": lambda c, s: (*s, c.get("output_dim")),
    "Flatten": _flatten,
    "Reshape": _reshape,
    "Permute": lambda c, s: tuple(s[d - 1] for d in c.get("dims")),
    "RepeatVector": lambda c, s: (c.get("n"), s[-1]),
    "Resizing": lambda c, s: _join(c, _channels(c, s)[0], (c.get("height"), c.get("width"))),
    "CenterCrop": lambda c, s: _join(c, _channels(c, s)[0], (c.get("height"), c.get("width"))),
    **{k: lambda c, s, r=r, k=k: _conv_shape(c, s, r, k)
       for k, r in {**_CONV, **_TRANSPOSE, **_DEPTHWISE, **_SEPARABLE}.items()},
    **{k: lambda c, s, r=r: _pool_shape(c, s, r) for k, r in _POOL.items()},
    **{k: _global_pool for k in _GLOBAL_POOL},
    **{f"ZeroPadding{r}D": lambda c, s, r=r: _pad_shape(c, s, r, 1, "padding") for r in (1, 2, 3)},
    **{f"Cropping{r}D": lambda c, s, r=r: _pad_shape(c, s, r, -1, "cropping") for r in (1, 2, 3)},
    **{f"UpSampling{r}D": lambda c, s, r=r: _upsample_shape(c, s, r) for r in (1, 2, 3)},
    **{k: _rnn_shape for k in _RNN},
}
