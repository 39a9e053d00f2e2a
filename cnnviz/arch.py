"""Architecture analysis: the layer table a textbook prints, worked out for any Keras model.

`layer_table` walks the model's graph (Sequential, functional, branching, and
models nested inside models, which it flattens) and returns one `LayerInfo`
per layer with shapes, the output-size and parameter formulas written out,
MACs and the receptive field. Pages only format these rows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import keras

Shape = tuple[int | None, ...]

SPATIAL_WINDOW_TYPES = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D"}
WHOLE_IMAGE_TYPES = {"Flatten", "Dense", "GlobalAveragePooling2D", "GlobalMaxPooling2D"}


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
    macs: int = 0
    receptive_field: int | None = None  # pixels of the model input one output unit sees; None: all of them
    parents: tuple[str, ...] = ()
    group: str = ""  # the nested model this layer belongs to ("" at top level)

    @property
    def input_shape(self) -> Shape | None:
        """The first input's shape (the only one for all but merge layers)."""
        return self.input_shapes[0] if self.input_shapes else None

    @property
    def flops(self) -> int:
        """Floating-point operations: one multiply and one add per MAC."""
        return 2 * self.macs


@dataclass(frozen=True)
class ArchTotals:
    """Model-wide sums, with the per-type breakdown the parameter chart shows."""

    params: int
    trainable: int
    non_trainable: int
    macs: int
    by_type: dict[str, int] = field(default_factory=dict)
    layers: int = 0

    @property
    def flops(self) -> int:
        return 2 * self.macs


# --- formulas ------------------------------------------------------------------


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int | str = 0) -> int:
    """Spatial size after a convolution or pooling window: (n - k + 2p) / s + 1, rounded down.

    `padding` may be a number of pixels, "valid" (0) or "same" (Keras pads so the size is ceil(n / s)).
    """
    if padding == "same":
        return math.ceil(n / stride)
    pad = 0 if padding == "valid" else int(padding)
    return (n - kernel + 2 * pad) // stride + 1


def output_size_formula(n: int, kernel: int, stride: int, padding: str) -> str:
    """The output-size formula worked out, e.g. '(227 − 11 + 2×0)/4 + 1 = 55'."""
    out = conv_output_size(n, kernel, stride, padding)
    if padding == "same" and (stride != 1 or kernel % 2 == 0):
        return f"same: ⌈{n}/{stride}⌉ = {out}"
    pad = (kernel - 1) // 2 if padding == "same" else 0
    return f"({n} − {kernel} + 2×{pad})/{stride} + 1 = {out}"


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


# --- graph walking -------------------------------------------------------------


def layer_table(model: keras.Model) -> list[LayerInfo]:
    """One row per layer, in graph order; nested models are flattened as 'outer/inner' names."""
    walker = _GraphWalker()
    walker.walk(model, prefix="", inputs={})
    return walker.rows


@dataclass(frozen=True)
class GraphLayer:
    """A leaf layer with its qualified name and the leaves feeding it: the graph with nested models flattened."""

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
        macs=sum(row.macs for row in rows),
        by_type=dict(sorted(by_type.items(), key=lambda kv: -kv[1])),
        layers=len(rows),
    )


def _size(weight: Any) -> int:
    return math.prod(int(d) for d in weight.shape)


class _GraphWalker:
    """Walks a model's layers in order, resolving nested models into their inner layers."""

    def __init__(self) -> None:
        self.rows: list[LayerInfo] = []
        self.graph: list[GraphLayer] = []
        self.alias: dict[str, tuple[str, ...]] = {}  # a nested model or inner input → the leaves standing for it
        self.field: dict[str, tuple[int | None, float]] = {}  # leaf name → (receptive field, jump)

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
                self.graph.append(GraphLayer(qualified, layer, parents, node.outputs[0] if node else layer.output))
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
        kernel = _pair(config.get("kernel_size") or config.get("pool_size"))
        strides = _pair(config.get("strides")) if kernel else None
        padding = config.get("padding") if kernel else None
        receptive, jump = self._receptive_field(layer, parents, inputs, output, kernel, strides, config)
        self.field[name] = (receptive, jump)
        return LayerInfo(
            name=name,
            type=type(layer).__name__,
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
            output_size_formula=_size_formula(inputs, output, kernel, strides, padding),
            macs=_macs(type(layer).__name__, inputs, output, weight_shapes, config),
            receptive_field=receptive,
            parents=parents,
            group=group,
        )

    def _receptive_field(
        self, layer: Any, parents: tuple[str, ...], inputs: tuple[Shape, ...], output: Shape,
        kernel: tuple[int, ...] | None, strides: tuple[int, ...] | None, config: dict[str, Any],
    ) -> tuple[int | None, float]:
        """r_out = r_in + (k − 1)·d·j_in and j_out = j_in·s, the classic recurrence; merges take the largest."""
        upstream = [self.field[p] for p in parents if p in self.field]
        r_in = None if any(r is None for r, _ in upstream) else max((r for r, _ in upstream), default=1)
        j_in = max((j for _, j in upstream), default=1.0)
        name = type(layer).__name__
        if r_in is None or name in WHOLE_IMAGE_TYPES:
            result: tuple[int | None, float] = (None, j_in)
        elif name in SPATIAL_WINDOW_TYPES and kernel and strides:
            dilation = _pair(config.get("dilation_rate")) or (1,)
            result = (round(r_in + (kernel[0] - 1) * dilation[0] * j_in), j_in * strides[0])
        elif name == "Resizing" and inputs and len(output) == 3:
            result = (r_in, j_in * inputs[0][0] / output[0])
        else:
            result = (r_in, j_in)
        return result


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


def _size_formula(
    inputs: tuple[Shape, ...], output: Shape, kernel: tuple[int, ...] | None,
    strides: tuple[int, ...] | None, padding: str | None,
) -> str:
    """The output-size formula for windowed layers, checked against the shape Keras computed."""
    if not (kernel and strides and padding and inputs and len(inputs[0]) == 3 and len(output) == 3):
        return ""
    parts = []
    for axis, label in ((0, "H"), (1, "W")):
        n = inputs[0][axis]
        if n is None or conv_output_size(n, kernel[axis], strides[axis], padding) != output[axis]:
            return ""
        parts.append((label, output_size_formula(n, kernel[axis], strides[axis], padding)))
    if parts[0][1] == parts[1][1]:
        return parts[0][1]
    return "; ".join(f"{label}: {formula}" for label, formula in parts)


def _macs(type_name: str, inputs: tuple[Shape, ...], output: Shape, weight_shapes: list[tuple[int, ...]],
          config: dict[str, Any]) -> int:
    """Multiply-accumulates per sample for the layers that do real arithmetic."""
    if not weight_shapes or any(d is None for d in output):
        return 0
    positions = math.prod(output[:-1]) if output else 1
    if type_name == "Conv2D":
        return positions * math.prod(weight_shapes[0])
    if type_name == "DepthwiseConv2D":
        return positions * math.prod(weight_shapes[0])
    if type_name == "SeparableConv2D":
        return positions * (math.prod(weight_shapes[0]) + math.prod(weight_shapes[1]))
    if type_name == "Dense":
        return positions * math.prod(weight_shapes[0])
    return 0
