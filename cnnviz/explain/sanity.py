"""Sanity checks for explanations: does the map depend on the model, and does it find what matters?

* **Model randomisation** (Adebayo et al. 2018, "Sanity checks for saliency maps"): `randomized` returns a
  copy whose weights are re-initialised from the top layer down to `from_layer` (cascading). A method
  whose map barely changes (high `similarity`, a Spearman rank correlation) is not explaining the model.
* **Deletion and insertion** (Petsiuk et al. 2018, RISE): pixels are removed from the picture (painted
  with the baseline) most important first, or added to the baseline most important first, and the
  class's probability is read after each step. A good map makes deletion fall fast (small area under the
  curve) and insertion rise fast (large area).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import ModelError
from cnnviz.explain import methods as explain
from cnnviz.models import arch

if TYPE_CHECKING:
    import keras


def cascade_layers(model: keras.Model) -> list[str]:
    """Layers with weights, from the output down to the input: the order `randomized` re-initialises them."""
    return [g.name for g in reversed(arch.flat_graph(model)) if g.layer.weights]


def randomized(model: keras.Model, seed: int = 0, from_layer: str | None = None) -> keras.Model:
    """A copy of `model` with every layer from the top down to `from_layer` (None: all) re-initialised.

    Each weight is drawn again from its layer's own initializer (seeded), so a kernel looks like an
    untrained one; layers below `from_layer` keep their trained weights. The original is untouched.
    """
    import keras

    order = cascade_layers(model)
    if from_layer is not None and from_layer not in order:
        raise ModelError(key="error.randomize_layer", layer=from_layer, choices=", ".join(order[:8]) or "—")
    chosen = order if from_layer is None else order[: order.index(from_layer) + 1]
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    layers = {g.name: g.layer for g in arch.flat_graph(copy)}
    for offset, name in enumerate(chosen):
        _reinitialise(layers[name], seed * 10_007 + offset)
    return copy


def _reinitialise(layer: Any, seed: int) -> None:
    """Draw each of the layer's weights again from its initializer ("kernel" → kernel_initializer, …)."""
    import keras

    for number, weight in enumerate(layer.weights):
        name = weight.path.rsplit("/", 1)[-1]
        found = getattr(layer, f"{name}_initializer", None)
        if found is None:
            found = "glorot_uniform" if len(weight.shape) > 1 else "zeros"
        config = keras.initializers.serialize(keras.initializers.get(found))
        if isinstance(config, dict) and "seed" in config.get("config", {}):
            config["config"]["seed"] = seed * 101 + number
        initializer = keras.initializers.deserialize(config)
        weight.assign(initializer(tuple(weight.shape), dtype=weight.dtype))


def similarity(map_a: np.ndarray, map_b: np.ndarray) -> float:
    """Spearman rank correlation of two same-shaped maps (ties share their mean rank); 0 if one is flat."""
    a = np.asarray(map_a, dtype=np.float64).ravel()
    b = np.asarray(map_b, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ModelError(key="error.explain_attribution", shape=np.shape(map_b), expected=np.shape(map_a))
    ra, rb = _ranks(a), _ranks(b)
    ra -= ra.mean()
    rb -= rb.mean()
    norm = float(np.sqrt((ra**2).sum() * (rb**2).sum()))
    return float((ra * rb).sum() / norm) if norm > 0 else 0.0


def _ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n, tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    unique, inverse = np.unique(values, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks, minlength=len(unique))
    counts = np.bincount(inverse, minlength=len(unique))
    return (sums / counts)[inverse]


# Verdict thresholds on the rank correlation between the map of the model and of its randomised copy.
# Our rule of thumb, not a published cut-off: at 0.5 or more the two maps rank most pixels alike (the map
# shows the picture more than the model); under 0.2 they share little.
SAME_FROM = 0.5
DIFFERENT_BELOW = 0.2


def verdict(similarity: float) -> str:
    """The i18n key of the verdict: ρ ≥ `SAME_FROM` fails, ρ < `DIFFERENT_BELOW` passes, else between."""
    if not (isinstance(similarity, (int, float)) and np.isfinite(similarity)
            and abs(similarity) <= 1 + 1e-9):  # rounding may pass ±1 by a hair
        raise ModelError(key="error.sanity_similarity", value=similarity)
    if similarity >= SAME_FROM:
        return "sanity.verdict_same"
    return "sanity.verdict_different" if similarity < DIFFERENT_BELOW else "sanity.verdict_partly"


@dataclass(frozen=True)
class Curve:
    """The class's probability as pixels are deleted or inserted, most important first."""

    fractions: np.ndarray  # share of the pixels removed (deletion) or revealed (insertion), 0 … 1
    probabilities: np.ndarray  # the class's probability at each fraction
    auc: float  # area under the curve (trapezoid rule over the fractions)
    class_index: int


def deletion_curve(model: keras.Model, image: np.ndarray, attribution: np.ndarray,
                   class_index: int | None = None, steps: int = 20,
                   baseline: explain.Baseline | np.ndarray = "black") -> Curve:
    """Paint the most important pixels with `baseline` in `steps` equal steps; the probability after each."""
    return _curve(model, image, attribution, class_index, steps, baseline, deleting=True)


def insertion_curve(model: keras.Model, image: np.ndarray, attribution: np.ndarray,
                    class_index: int | None = None, steps: int = 20,
                    baseline: explain.Baseline | np.ndarray = "blurred") -> Curve:
    """Reveal the most important pixels on the (blurred) baseline in `steps` steps; probability after each."""
    return _curve(model, image, attribution, class_index, steps, baseline, deleting=False)


def _curve(model: keras.Model, image: np.ndarray, attribution: np.ndarray, class_index: int | None,
           steps: int, baseline: explain.Baseline | np.ndarray, deleting: bool) -> Curve:
    steps = explain._count(steps, "steps")
    scorer = explain._scorer(model)
    x = explain._batch_of_one(scorer, image)[0]
    index = explain._resolved_class(scorer, x[None], class_index)
    order = _importance_order(attribution, x.shape)
    start = explain.baseline_image(x, baseline)
    pixels = x.shape[0] * x.shape[1]
    counts = np.round(np.linspace(0, pixels, steps + 1)).astype(int)
    flat_x, flat_start = x.reshape(pixels, -1), start.reshape(pixels, -1)
    batch = np.empty((steps + 1, pixels, x.shape[-1]), np.float32)
    for row, count in enumerate(counts):
        chosen = order[:count]
        batch[row] = flat_x if deleting else flat_start
        batch[row, chosen] = flat_start[chosen] if deleting else flat_x[chosen]
    raw = scorer.run(scorer.forward, batch.reshape(steps + 1, *x.shape), index)[1]
    p = scorer.probabilities(raw)[:, index].astype(np.float64)
    fractions = counts / pixels
    auc = float(np.sum((p[1:] + p[:-1]) / 2 * np.diff(fractions)))
    return Curve(fractions, p, auc, index)


def _importance_order(attribution: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Pixel indices (row-major) from the most to the least important; channels summed, ties by position."""
    a = np.asarray(attribution, dtype=np.float64)
    if a.shape == shape:
        a = a.sum(axis=-1)
    if a.shape != shape[:2] or not np.isfinite(a).all():
        raise ModelError(key="error.explain_attribution", shape=np.shape(attribution), expected=shape)
    return np.argsort(-a.ravel(), kind="stable")
