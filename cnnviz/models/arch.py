"""Architecture analysis: the layer table a textbook prints, worked out for any Keras model.

`layer_table` walks the model's graph (Sequential, functional, branching, and
models nested inside models, which it flattens) and returns one `LayerInfo`
per layer with shapes, the output-size and parameter formulas written out,
MACs and the receptive field. Pages only format these rows.

Conventions, stated once:

- **MACs** (multiply-accumulates) are counted for the weights of convolutions (1-D, 2-D, 3-D,
  depthwise, separable, transposed) and Dense layers only. **FLOPs = 2 × MACs**: one multiply
  and one add each. Biases, pooling, activations and batch normalisation are not counted. A
  layer with weights that cnnviz does not know how to count (an LSTM, say) gets `macs=None`,
  never a silent 0, and `ArchTotals.uncounted` names it.
- **Receptive field** per axis, with the classic recurrence r_out = r_in + (k − 1)·d·j_in and
  j_out = j_in·s (j: the jump, input pixels between neighbouring units). A resampling layer
  scales the jump by in/out. Values stay floats; only `receptive_label` rounds, for display.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import keras

Shape = tuple[int | None, ...]
Field = tuple[float, float]  # (height, width) in pixels of the model input

CONV_TYPES = {"Conv1D", "Conv2D", "Conv3D"}
DEPTHWISE_TYPES = {"DepthwiseConv1D", "DepthwiseConv2D"}
SEPARABLE_TYPES = {"SeparableConv1D", "SeparableConv2D"}
TRANSPOSE_TYPES = {"Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"}
POOL_TYPES = {f"{kind}Pooling{rank}D" for kind in ("Max", "Average") for rank in (1, 2, 3)}
WINDOW_TYPES = CONV_TYPES | DEPTHWISE_TYPES | SEPARABLE_TYPES | POOL_TYPES  # a window slides over the input
WHOLE_INPUT_TYPES = {"Flatten", "Reshape"} | {f"Global{kind}Pooling{rank}D" for kind in ("Max", "Average")
                                              for rank in (1, 2, 3)}
RESAMPLE_TYPES = {"Resizing", "UpSampling2D"}  # the jump scales by in/out; the field itself is unchanged
# Layers that act on each pixel (or pad/crop around the image): the receptive field passes through.
POINTWISE_TYPES = {
    "InputLayer", "BatchNormalization", "LayerNormalization", "Activation", "ReLU", "LeakyReLU", "PReLU",
    "ELU", "Softmax", "Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
    "Rescaling", "Normalization", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
    "Concatenate", "Identity", "ActivityRegularization", "ZeroPadding2D", "Cropping2D", "Dense",
}
# Layers with weights that the FLOPs convention leaves out on purpose (not "unknown"): 0 MACs.
UNCOUNTED_BY_CONVENTION = {
    "BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization", "Normalization",
    "PReLU", "Embedding",
}


@dataclass(frozen=True)
class LayerInfo:
    """One row of the layer table. Shapes exclude the batch axis."""

    name: str
    type: str
    input_shapes: tuple[Shape, ...]
    output_shape: Shape
    params: int
    param_formula: str
    trainable_params: int = 0
    non_trainable_params: int = 0
    kernel_size: tuple[int, ...] | None = None
    strides: tuple[int, ...] | None = None
    padding: str | None = None
    activation: str | None = None
    feature_maps: int | None = None
    output_size_formula: str = ""
    macs: int | None = 0  # None: a layer with weights whose arithmetic cnnviz does not count
    # (height, width) in model-input pixels one output unit sees, unrounded; None: the whole input
    # (after Flatten/Dense), or not computed (non-image layers, layer types cnnviz does not model).
    receptive_field: Field | None = None
    parents: tuple[str, ...] = ()
    group: str = ""  # the nested model this layer belongs to ("" at top level)
    dilation: tuple[int, ...] | None = None

    @property
    def input_shape(self) -> Shape | None:
        """The first input's shape (the only one for all but merge layers)."""
        return self.input_shapes[0] if self.input_shapes else None

    @property
    def flops(self) -> int | None:
        """Floating-point operations: one multiply and one add per MAC (None when MACs are not counted)."""
        return None if self.macs is None else 2 * self.macs

    @property
    def receptive_pixels(self) -> tuple[int, int] | None:
        """The receptive field rounded to whole pixels, for display (height, width)."""
        if self.receptive_field is None:
            return None
        return _round_half_up(self.receptive_field[0]), _round_half_up(self.receptive_field[1])

    @property
    def receptive_label(self) -> str:
        """'8' for a square field, '5×9' (height×width) when the axes differ, '' when there is none."""
        pixels = self.receptive_pixels
        if pixels is None:
            return ""
        return str(pixels[0]) if pixels[0] == pixels[1] else f"{pixels[0]}×{pixels[1]}"


@dataclass(frozen=True)
class ArchTotals:
    """Model-wide sums, with the per-type breakdown the parameter chart shows."""

    params: int
    trainable: int
    non_trainable: int
    macs: int  # of the layers that are counted (see the module docstring)
    by_type: dict[str, int] = field(default_factory=dict)
    layers: int = 0
    uncounted: tuple[str, ...] = ()  # layers with weights whose MACs cnnviz does not count

    @property
    def flops(self) -> int:
        """2 × MACs of the conv and Dense weights; bias, pooling, activations and batch norm not counted."""
        return 2 * self.macs

    def share(self, *types: str) -> float:
        """The fraction of all parameters held by layers of these types (0 for a model without parameters)."""
        return sum(self.by_type.get(t, 0) for t in types) / self.params if self.params else 0.0


# --- formulas ------------------------------------------------------------------


def effective_kernel(kernel: int, dilation: int = 1) -> int:
    """The span of a dilated kernel: k + (k − 1)(d − 1); a 3×3 with dilation 2 covers 5×5."""
    return kernel + (kernel - 1) * (dilation - 1)


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int | str = 0, dilation: int = 1) -> int:
    """Spatial size after a convolution or pooling window: ⌊(n − k + 2p)/s⌋ + 1, k the dilated span.

    `padding` may be a number of pixels, "valid" (0), or "same"/"causal" (Keras pads so the size is ⌈n/s⌉).
    """
    if padding in ("same", "causal"):
        return math.ceil(n / stride)
    pad = 0 if padding == "valid" else int(padding)
    return (n - effective_kernel(kernel, dilation) + 2 * pad) // stride + 1


def transposed_output_size(n: int, kernel: int, stride: int = 1, padding: str = "valid", dilation: int = 1,
                           output_padding: int | None = None) -> int:
    """Spatial size after a transposed convolution, as Keras computes it."""
    k = effective_kernel(kernel, dilation)
    if output_padding is not None:
        pad = k // 2 if padding == "same" else 0
        return (n - 1) * stride + k - 2 * pad + output_padding
    return n * stride + max(k - stride, 0) if padding == "valid" else n * stride


def output_size_formula(n: int, kernel: int, stride: int, padding: int | str, dilation: int = 1) -> str:
    """The output-size formula worked out and true as written, e.g. '(227 − 11 + 2×0)/4 + 1 = 55'.

    The floor is written when the division is not exact ('⌊(14 − 3 + 2×0)/2⌋ + 1 = 6'); a dilated
    kernel is written as its span, '(3 + 2×1)' for k = 3, d = 2.
    """
    out = conv_output_size(n, kernel, stride, padding, dilation)
    span = effective_kernel(kernel, dilation)
    if padding in ("same", "causal") and (stride != 1 or span % 2 == 0 or padding == "causal"):
        return f"{padding}: ⌈{n}/{stride}⌉ = {out}"
    pad = (span - 1) // 2 if padding == "same" else 0 if padding == "valid" else int(padding)
    k = str(kernel) if dilation == 1 else f"({kernel} + {kernel - 1}×{dilation - 1})"
    numerator = f"{n} − {k} + 2×{pad}"
    if (n - span + 2 * pad) % stride:
        return f"⌊({numerator})/{stride}⌋ + 1 = {out}"
    return f"({numerator})/{stride} + 1 = {out}"


def transposed_size_formula(n: int, kernel: int, stride: int, padding: str, dilation: int = 1,
                            output_padding: int | None = None) -> str:
    """The output size of a transposed convolution worked out, e.g. '(7 − 1)×2 + 3 = 15'."""
    out = transposed_output_size(n, kernel, stride, padding, dilation, output_padding)
    span = effective_kernel(kernel, dilation)
    k = str(kernel) if dilation == 1 else f"({kernel} + {kernel - 1}×{dilation - 1})"
    if output_padding is not None:
        pad = span // 2 if padding == "same" else 0
        return f"({n} − 1)×{stride} + {k} − 2×{pad} + {output_padding} = {out}"
    if padding == "valid" and span >= stride:
        return f"({n} − 1)×{stride} + {k} = {out}"
    return f"{n}×{stride} = {out}"


def stacked_receptive_field(kernels: list[int]) -> int:
    """Receptive field of stride-1 convolutions stacked: 1 + Σ(k − 1); two 3×3 see 5×5, like one 5×5."""
    return 1 + sum(k - 1 for k in kernels)


def stacked_kernel_cost(kernels: list[int]) -> int:
    """Weights per input-output channel pair of stacked k×k convolutions: 2·3·3 = 18 against 5·5 = 25."""
    return sum(k * k for k in kernels)


def param_formula(weight_shapes: list[tuple[int, ...]]) -> str:
    """Each weight tensor's size written out and summed, e.g. '3×3×32×64 + 64 = 18,496'."""
    if not weight_shapes:
        return "0"
    terms = ["×".join(f"{d:,}" for d in shape) or "1" for shape in weight_shapes]
    total = sum(math.prod(shape) for shape in weight_shapes)
    return f"{' + '.join(terms)} = {total:,}"


def input_size(rows: list[LayerInfo]) -> tuple[int, int] | None:
    """(height, width) of the model's first image input, the pixels receptive fields are measured in."""
    for row in rows:
        shape = row.output_shape
        if row.type == "InputLayer" and len(shape) == 3 and shape[0] and shape[1]:
            return int(shape[0]), int(shape[1])
    return None


def field_exceeds_input(row: LayerInfo, rows: list[LayerInfo]) -> bool:
    """True when the (rounded) receptive field is larger than the input image on either axis."""
    size, pixels = input_size(rows), row.receptive_pixels
    return bool(size and pixels and (pixels[0] > size[0] or pixels[1] > size[1]))


# --- graph walking -------------------------------------------------------------


def layer_table(model: keras.Model) -> list[LayerInfo]:
    """One row per layer, in graph order; nested models are flattened as 'outer/inner' names."""
    walker = _GraphWalker()
    walker.walk(model, prefix="", inputs={})
    return walker.rows


@dataclass(frozen=True)
class GraphLayer:
    """A leaf layer with its qualified name and the leaves feeding it (nested models flattened)."""

    name: str
    layer: Any
    parents: tuple[str, ...]
    output: Any  # the layer's output tensor in this model's own graph


def flat_graph(model: keras.Model) -> list[GraphLayer]:
    """The model's leaf layers in graph order, nested models resolved, for re-tracing or drawing."""
    walker = _GraphWalker()
    walker.walk(model, prefix="", inputs={})
    return walker.graph


def totals(model: keras.Model, rows: list[LayerInfo] | None = None) -> ArchTotals:
    """Parameter, MAC and per-layer-type totals; the counts match Keras's own."""
    rows = layer_table(model) if rows is None else rows
    by_type: dict[str, int] = defaultdict(int)
    for row in rows:
        by_type[row.type] += row.params
    trainable = sum(_size(w) for w in model.trainable_weights)
    non_trainable = sum(_size(w) for w in model.non_trainable_weights)
    return ArchTotals(
        params=trainable + non_trainable,
        trainable=trainable,
        non_trainable=non_trainable,
        macs=sum(row.macs for row in rows if row.macs is not None),
        by_type=dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        layers=len(rows),
        uncounted=tuple(row.name for row in rows if row.macs is None),
    )


def _size(weight: Any) -> int:
    return math.prod(int(d) for d in weight.shape)


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def _largest(fields: list[Field]) -> Field:
    """Per axis, the largest of the fields (or jumps) meeting at a merge; (1, 1) at an input."""
    return (max((f[0] for f in fields), default=1.0), max((f[1] for f in fields), default=1.0))


class _GraphWalker:
    """Walks a model's layers in order, resolving nested models into their inner layers."""

    def __init__(self) -> None:
        self.rows: list[LayerInfo] = []
        self.graph: list[GraphLayer] = []
        # a nested model or inner input → the leaves standing for it
        self.alias: dict[str, tuple[str, ...]] = {}
        self.field: dict[str, tuple[Field | None, Field]] = {}  # leaf name → (receptive field, jump)

    def walk(self, model: Any, prefix: str, inputs: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
        import keras

        members = _graph_layers(model)
        names = {layer.name for layer in members}
        for layer in members:
            qualified = prefix + layer.name
            node = _node_within(layer, names)
            parents = self._resolve(prefix + p.operation.name for p in node.parent_nodes) if node else ()
            if isinstance(layer, keras.layers.InputLayer) and layer.name in inputs:
                self.alias[qualified] = inputs[layer.name]
            elif isinstance(layer, keras.Model):
                inner_inputs = {t._keras_history.operation.name: parents for t in layer.inputs}
                self.alias[qualified] = self.walk(layer, qualified + "/", inner_inputs)
            else:
                self.rows.append(self._row(layer, node, qualified, parents, prefix.rstrip("/")))
                tensor = node.outputs[0] if node else layer.output
                self.graph.append(GraphLayer(qualified, layer, parents, tensor))
        outputs = (prefix + t._keras_history.operation.name for t in model.outputs)
        return self._resolve(outputs)

    def _resolve(self, names: Any) -> tuple[str, ...]:
        resolved: list[str] = []
        for name in names:
            resolved.extend(self.alias.get(name, (name,)))
        return tuple(resolved)

    def _row(self, layer: Any, node: Any, name: str, parents: tuple[str, ...], group: str) -> LayerInfo:
        inputs = tuple(_shape(t) for t in node.input_tensors) if node else ()
        output = _shape(node.outputs[0]) if node else _shape(layer.output)
        weight_shapes = [tuple(int(d) for d in w.shape) for w in layer.weights]
        config = layer.get_config()
        type_name = type(layer).__name__
        kernel = _pair(config.get("kernel_size") or config.get("pool_size"))
        strides = _pair(config.get("strides")) if kernel else None
        dilation = _pair(config.get("dilation_rate")) if kernel else None
        padding = config.get("padding") if kernel else None
        window = _Window(type_name, kernel, strides, dilation, padding, config.get("output_padding"),
                         config.get("data_format") == "channels_first")
        receptive, jump = self._receptive_field(type_name, parents, inputs, output, window)
        self.field[name] = (receptive, jump)
        return LayerInfo(
            name=name,
            type=type_name,
            input_shapes=inputs,
            output_shape=output,
            params=sum(math.prod(s) for s in weight_shapes),
            param_formula=param_formula(weight_shapes),
            trainable_params=sum(_size(w) for w in layer.trainable_weights),
            non_trainable_params=sum(_size(w) for w in layer.non_trainable_weights),
            kernel_size=kernel,
            strides=strides,
            padding=padding,
            activation=_activation_name(config.get("activation")),
            feature_maps=output[-1] if len(output) == 3 else None,
            output_size_formula=_size_formula(inputs, output, window),
            macs=_macs(type_name, inputs, output, weight_shapes, window.channels_first),
            receptive_field=receptive,
            parents=parents,
            group=group,
            dilation=dilation,
        )

    def _receptive_field(self, type_name: str, parents: tuple[str, ...], inputs: tuple[Shape, ...],
                         output: Shape, window: _Window) -> tuple[Field | None, Field]:
        """Per axis: r_out = r_in + (k − 1)·d·j_in, j_out = j_in·s; merges take the largest of each."""
        upstream = [self.field[p] for p in parents if p in self.field]
        unit: Field = (1.0, 1.0)
        if any(r is None for r, _ in upstream):
            return None, unit
        r_in = _largest([r for r, _ in upstream if r is not None])
        j_in = _largest([j for _, j in upstream])
        image_in = bool(inputs) and len(inputs[0]) == 3
        if window.channels_first or len(output) != 3 or type_name in WHOLE_INPUT_TYPES:
            return None, unit
        kernel, strides = window.kernel, window.strides
        if type_name in WINDOW_TYPES and kernel and strides and len(kernel) == len(strides) == 2:
            d = window.dilation or (1, 1)
            return ((r_in[0] + (kernel[0] - 1) * d[0] * j_in[0], r_in[1] + (kernel[1] - 1) * d[1] * j_in[1]),
                    (j_in[0] * strides[0], j_in[1] * strides[1]))
        h_in, w_in = (inputs[0][0], inputs[0][1]) if image_in else (None, None)
        if type_name in RESAMPLE_TYPES and h_in and w_in and output[0] and output[1]:
            return r_in, (j_in[0] * h_in / output[0], j_in[1] * w_in / output[1])
        if type_name in POINTWISE_TYPES and (image_in or not upstream):
            return r_in, j_in
        return None, unit  # a layer type cnnviz does not model: no number rather than a wrong one


@dataclass(frozen=True)
class _Window:
    """What a windowed layer's config says about its window."""

    type_name: str
    kernel: tuple[int, ...] | None
    strides: tuple[int, ...] | None
    dilation: tuple[int, ...] | None
    padding: str | None
    output_padding: Any
    channels_first: bool


def _graph_layers(model: Any) -> list[Any]:
    """The model's layers in order, including the InputLayer a Sequential model hides."""
    layers = list(model.layers)
    for tensor in reversed(model.inputs):
        op = tensor._keras_history.operation
        if all(op is not layer for layer in layers):
            layers.insert(0, op)
    return layers


def _node_within(layer: Any, names: set[str]) -> Any:
    """The call of `layer` that belongs to this graph (a layer can be called in several models)."""
    nodes = layer._inbound_nodes
    for node in nodes:
        if all(p.operation.name in names for p in node.parent_nodes):
            return node
    return nodes[0] if nodes else None


def _shape(tensor: Any) -> Shape:
    return tuple(None if d is None else int(d) for d in tensor.shape[1:])


def _pair(value: Any) -> tuple[int, ...] | None:
    if value is None:
        return None
    return tuple(int(v) for v in value) if isinstance(value, (list, tuple)) else (int(value), int(value))


def _activation_name(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.get("config", {}).get("name") if isinstance(value, dict) else str(value)


def _spatial(shape: Shape, channels_first: bool) -> Shape:
    return shape[1:] if channels_first else shape[:-1]


def _size_formula(inputs: tuple[Shape, ...], output: Shape, window: _Window) -> str:
    """The output-size formula of a windowed layer per spatial axis, checked against Keras's shape."""
    kernel, strides, padding = window.kernel, window.strides, window.padding
    transposed = window.type_name in TRANSPOSE_TYPES
    windowed = transposed or window.type_name in WINDOW_TYPES
    if not (kernel and strides and padding and inputs) or not windowed:
        return ""
    n_in, n_out = _spatial(inputs[0], window.channels_first), _spatial(output, window.channels_first)
    rank = len(kernel)
    if len(n_in) != rank or len(n_out) != rank or len(strides) != rank:
        return ""
    dilation = window.dilation or (1,) * rank
    output_padding = _pair(window.output_padding) or (None,) * rank
    labels = {1: ("",), 2: ("H", "W"), 3: ("D", "H", "W")}.get(rank, ("",) * rank)
    parts = []
    for axis in range(rank):
        n, args = n_in[axis], (kernel[axis], strides[axis], padding, dilation[axis])
        if n is None:
            return ""
        if transposed:
            expected = transposed_output_size(n, *args, output_padding[axis])
            formula = transposed_size_formula(n, *args, output_padding[axis])
        else:
            expected, formula = conv_output_size(n, *args), output_size_formula(n, *args)
        if expected != n_out[axis]:
            return ""  # Keras computed something else: show no formula rather than a wrong one
        parts.append((labels[axis], formula))
    if all(formula == parts[0][1] for _, formula in parts):
        return parts[0][1]
    return "; ".join(f"{label}: {formula}" for label, formula in parts)


def _macs(type_name: str, inputs: tuple[Shape, ...], output: Shape, weight_shapes: list[tuple[int, ...]],
          channels_first: bool = False) -> int | None:
    """Multiply-accumulates per sample of the conv and Dense weights; None where cnnviz does not count."""
    if not weight_shapes or type_name in UNCOUNTED_BY_CONVENTION:
        return 0
    known = CONV_TYPES | DEPTHWISE_TYPES | SEPARABLE_TYPES | TRANSPOSE_TYPES | {"Dense"}
    if type_name not in known:
        return None
    if type_name == "Dense":
        positions = output[:-1]  # Dense acts on the last axis, once per position of the others
    elif type_name in TRANSPOSE_TYPES:  # every input pixel scatters the whole kernel
        positions = _spatial(inputs[0], channels_first) if inputs else (None,)
    else:
        positions = _spatial(output, channels_first)
    if any(d is None for d in positions):
        return None
    count = math.prod(positions)  # type: ignore[arg-type]
    if type_name in SEPARABLE_TYPES:  # depthwise then pointwise, both at every output position
        return count * (math.prod(weight_shapes[0]) + math.prod(weight_shapes[1]))
    return count * math.prod(weight_shapes[0])
