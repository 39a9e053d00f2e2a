"""Weights: kernels, statistics and histograms, trained and freshly initialised.

The "untrained" twin of a layer is made from the layer's own config, so it has
the same initializer the model was built with: the fair "before" picture.

A layer's kernel comes in named parts: "kernel" for Conv2D and Dense, "depthwise"
for DepthwiseConv2D, and "depthwise" then "pointwise" for SeparableConv2D, which
has no single kernel (Keras stores `depthwise_kernel` and `pointwise_kernel`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import ModelError
from cnnviz.models import arch

if TYPE_CHECKING:
    import keras

WEIGHT_TYPES = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Dense")
KERNEL_TYPES = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D")  # kernels that can be drawn as images
# the Keras attribute behind each part, per layer type
_PARTS = {
    "DepthwiseConv2D": {"depthwise": "kernel"},
    "SeparableConv2D": {"depthwise": "depthwise_kernel", "pointwise": "pointwise_kernel"},
}
_DEFAULT_PARTS = {"kernel": "kernel"}


@dataclass(frozen=True)
class WeightStats:
    """Summary numbers shown beside each histogram."""

    count: int
    mean: float
    std: float
    min: float
    max: float


@dataclass(frozen=True)
class Histogram:
    counts: np.ndarray
    edges: np.ndarray

    @property
    def centers(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2


def layers_of_type(model: keras.Model, types: tuple[str, ...] = WEIGHT_TYPES) -> list[arch.GraphLayer]:
    """Leaf layers of the given types (nested models included), in graph order."""
    return [g for g in arch.flat_graph(model) if type(g.layer).__name__ in types]


def weight_layers(model: keras.Model, types: tuple[str, ...] = WEIGHT_TYPES) -> list[str]:
    """Names of the layers with a kernel ('outer/inner' inside nested models), in graph order."""
    return [g.name for g in layers_of_type(model, types)]


def conv_layers(model: keras.Model) -> list[str]:
    """The Conv2D layers."""
    return weight_layers(model, ("Conv2D",))


def kernel_layers(model: keras.Model) -> list[str]:
    """The 2-D convolutions (plain, depthwise, separable), whose kernels can be drawn as images."""
    return weight_layers(model, KERNEL_TYPES)


def find_layer(model: keras.Model, name: str) -> Any:
    """A leaf layer by its qualified name ('vgg16/block1_conv1' reaches inside the nested model)."""
    for g in arch.flat_graph(model):
        if g.name == name:
            return g.layer
    raise ModelError(key="error.no_layer", name=name)


def kernels(model: keras.Model, name: str) -> dict[str, np.ndarray]:
    """The layer's kernel parts as NumPy arrays: {"kernel": (kh, kw, in, out)} for a Conv2D,
    {"depthwise": (kh, kw, in, multiplier), "pointwise": (1, 1, in·multiplier, out)} for a SeparableConv2D."""
    return _parts_of(find_layer(model, name))


def kernel(model: keras.Model, name: str) -> np.ndarray:
    """The layer's first kernel part: (kh, kw, in, out) for a Conv2D, a separable one's depthwise part."""
    return next(iter(kernels(model, name).values()))


def fresh_kernels(model: keras.Model, name: str, seed: int = 0) -> dict[str, np.ndarray]:
    """The layer's parts as they were before training: a twin from its config, built and initialised anew."""
    layer = find_layer(model, name)
    config = dict(layer.get_config(), name=f"{layer.name}_fresh")
    for key in ("kernel_initializer", "depthwise_initializer", "pointwise_initializer"):
        if isinstance(config.get(key), dict):
            config[key] = _seeded(config[key], seed)
    twin = type(layer).from_config(config)
    twin.build(_input_shape(model, name))
    return _parts_of(twin)


def fresh_kernel(model: keras.Model, name: str, seed: int = 0) -> np.ndarray:
    """The (first) kernel part of the layer's freshly initialised twin."""
    return next(iter(fresh_kernels(model, name, seed).values()))


def drawing_modes(part: str, shape: tuple[int, ...]) -> list[str]:
    """The ways `render.kernel_grid` can draw a kernel part, the default first.

    A depthwise part has one filter per input channel, so there is nothing to average or pick; a 1×1 kernel
    (a pointwise part, or a Conv2D's 1×1) reads best as the matrix that mixes channels.
    """
    if part == "depthwise":
        return ["depthwise"]
    if part == "pointwise":
        return ["matrix"]
    kh, kw, channels_in = shape[:3]
    return ["matrix"] * ((kh, kw) == (1, 1)) + ["rgb"] * (channels_in == 3) + ["mean", "channel"]


def _parts_of(layer: Any) -> dict[str, np.ndarray]:
    parts = _PARTS.get(type(layer).__name__, _DEFAULT_PARTS)
    if any(getattr(layer, attribute, None) is None for attribute in parts.values()):
        raise ModelError(key="error.no_kernel", name=layer.name, type=type(layer).__name__)
    return {part: np.asarray(getattr(layer, attribute).numpy()) for part, attribute in parts.items()}


def _seeded(initializer: dict[str, Any], seed: int) -> dict[str, Any]:
    config = dict(initializer.get("config") or {})
    if "seed" in config:
        config["seed"] = seed
    return {**initializer, "config": config}


def _input_shape(model: Any, name: str) -> tuple[Any, ...]:
    row = next(r for r in arch.layer_table(model) if r.name == name)
    if row.input_shape is None:
        raise ValueError(f"layer {name!r} has no input to build a twin on")
    return (None, *row.input_shape)


def stats(values: np.ndarray) -> WeightStats:
    """Count, mean, standard deviation and range of a weight tensor."""
    flat = np.asarray(values, dtype=np.float64).reshape(-1)
    return WeightStats(int(flat.size), float(flat.mean()), float(flat.std()), float(flat.min()),
                       float(flat.max()))


def histogram(values: np.ndarray, bins: int = 50,
              value_range: tuple[float, float] | None = None) -> Histogram:
    """Counts per bin; pass one `value_range` to compare two tensors on the same bins."""
    counts, edges = np.histogram(np.asarray(values).reshape(-1), bins=bins, range=value_range)
    return Histogram(counts, edges)


def shared_range(*arrays: np.ndarray) -> tuple[float, float]:
    """A symmetric range covering all arrays, so 'before' and 'after' share one axis and colour scale."""
    limit = max(float(np.abs(a).max()) for a in arrays) or 1.0
    return -limit, limit


def histogram_csv(series: dict[str, Histogram]) -> str:
    """Histograms sharing their bins as CSV: one row per bin, one column per series."""
    first = next(iter(series.values()))
    lines = [",".join(["bin_start", "bin_end", *series])]
    for i in range(len(first.counts)):
        lines.append(",".join([f"{first.edges[i]:.6g}", f"{first.edges[i + 1]:.6g}",
                               *(str(int(h.counts[i])) for h in series.values())]))
    return "\n".join(lines) + "\n"


def snapshot_evolution(snapshots: list[dict[str, Any]], layer: str, bins: int = 40
                       ) -> tuple[list[int], np.ndarray, np.ndarray] | None:
    """A layer's per-epoch histograms (as recorded during training) re-binned onto one shared axis.

    Returns (epochs, counts of shape (epochs, bins), edges), or None when fewer than two epochs were recorded.
    """
    short = layer.split("/")[-1]
    recorded = [(s["epoch"], s["layers"][short]) for s in snapshots if short in s.get("layers", {})]
    if len(recorded) < 2:
        return None
    low = min(h["edges"][0] for _, h in recorded)
    high = max(h["edges"][-1] for _, h in recorded)
    edges = np.linspace(low, high, bins + 1)
    counts = np.stack([
        np.histogram(np.convolve(h["edges"], [0.5, 0.5], "valid"), bins=edges, weights=h["counts"])[0]
        for _, h in recorded
    ])
    return [epoch for epoch, _ in recorded], counts, edges
