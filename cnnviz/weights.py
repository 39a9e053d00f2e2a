"""Weights: kernels, statistics and histograms, trained and freshly initialised.

The "untrained" twin of a layer is made from the layer's own config, so it has
the same initializer the model was built with: the fair "before" picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz import arch
from cnnviz.errors import ModelError

if TYPE_CHECKING:
    import keras

WEIGHT_TYPES = ("Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Dense")


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
    """The Conv2D layers, whose kernels can be drawn as images."""
    return weight_layers(model, ("Conv2D",))


def find_layer(model: keras.Model, name: str) -> Any:
    """A leaf layer by its qualified name ('vgg16/block1_conv1' reaches inside the nested model)."""
    for g in arch.flat_graph(model):
        if g.name == name:
            return g.layer
    raise ModelError(f"The model has no layer called '{name}'.")


def kernel(model: keras.Model, name: str) -> np.ndarray:
    """The layer's kernel as a NumPy array, e.g. (kh, kw, in, out) for a Conv2D."""
    return np.asarray(find_layer(model, name).kernel)


def fresh_kernel(model: keras.Model, name: str, seed: int = 0) -> np.ndarray:
    """The same layer as it would be before training: a twin from its config, built and initialised anew."""
    layer = find_layer(model, name)
    config = dict(layer.get_config(), name=f"{layer.name}_fresh")
    for key in ("kernel_initializer", "depthwise_initializer"):
        if isinstance(config.get(key), dict):
            config[key] = _seeded(config[key], seed)
    twin = type(layer).from_config(config)
    twin.build(_input_shape(model, name))
    return np.asarray(twin.kernel)


def _seeded(initializer: dict[str, Any], seed: int) -> dict[str, Any]:
    config = dict(initializer.get("config") or {})
    if "seed" in config:
        config["seed"] = seed
    return {**initializer, "config": config}


def _input_shape(model: Any, name: str) -> tuple[Any, ...]:
    row = next(r for r in arch.layer_table(model) if r.name == name)
    return (None, *row.input_shape)


def stats(values: np.ndarray) -> WeightStats:
    """Count, mean, standard deviation and range of a weight tensor."""
    flat = np.asarray(values, dtype=np.float64).reshape(-1)
    return WeightStats(int(flat.size), float(flat.mean()), float(flat.std()), float(flat.min()), float(flat.max()))


def histogram(values: np.ndarray, bins: int = 50, value_range: tuple[float, float] | None = None) -> Histogram:
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
