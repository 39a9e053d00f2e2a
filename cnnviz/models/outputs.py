"""What a model's output means: probabilities already, a sigmoid, or raw logits.

Every caller asks here: the trainer (which cross-entropy, `from_logits` or not), the
probability bars, and the Evaluate page's accuracy and loss. The answer comes from the
layer that produces the output, looking through layers that do not change the values'
meaning (Dropout, Flatten, Reshape…) and into nested models:

* ``"probabilities"``: a softmax (as an activation, an ``Activation("softmax")`` or a
  ``Softmax`` layer): the values already sum to 1.
* ``"sigmoid"``: a sigmoid; one unit is p(class 1), so it becomes [1 − p, p].
* ``"logits"``: anything else (a linear Dense, ReLU, log-softmax…): softmax over the
  classes gives the probabilities (a sigmoid for a single unit).

Cross-entropy here computes what Keras's losses compute on the same outputs, so the
number a page shows is the number the trainer minimised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    import keras

OutputKind = Literal["probabilities", "sigmoid", "logits"]
# The smallest probability before the log. Not Keras's ε (1e-7): for a softmax or sigmoid layer Keras's
# compiled loss works from the logits, so a true class at p = 6e-8 costs 16.6, not the 16.1 a 1e-7 clip
# would say.
EPSILON = float(np.finfo(np.float32).tiny)
MAIN_OUTPUT = "predictions"  # the zoo's main head; auxiliary heads come after it
# Layers whose output means what their input meant (they only move, copy or drop values).
PASS_THROUGH = frozenset({
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout",
    "GaussianNoise", "AlphaDropout", "Identity", "Flatten", "Reshape", "ActivityRegularization",
})


def output_names(model: keras.Model) -> list[str]:
    """Names of the model's outputs, in output order (Sequential models name their last layer)."""
    names = getattr(model, "output_names", None)
    return list(names) if names else [model.layers[-1].name]


def main_output_index(model: keras.Model) -> int:
    """Which output is the prediction: the zoo's "predictions" when there are several, else the first."""
    names = output_names(model)
    return names.index(MAIN_OUTPUT) if MAIN_OUTPUT in names and len(names) > 1 else 0


def output_layer(model: keras.Model, output_index: int = 0) -> Any:
    """The layer that gives output `output_index` its meaning (inside nested models, past Dropout & co.)."""
    import keras

    try:
        tensor = model.outputs[output_index]
    except (AttributeError, IndexError, TypeError):  # an unbuilt Sequential: its last layer
        return model.layers[-1]
    for _ in range(10_000):  # a graph is finite; the bound only guards against a cycle
        history = tensor._keras_history
        layer = history.operation
        if isinstance(layer, keras.Model):
            tensor = layer.outputs[history.tensor_index]
        elif type(layer).__name__ in PASS_THROUGH:
            tensor = layer._inbound_nodes[history.node_index].input_tensors[0]
        else:
            return layer
    return layer


def output_kind(model: keras.Model, output_index: int = 0) -> OutputKind:
    """Whether output `output_index` holds probabilities (softmax), a sigmoid, or logits."""
    layer = output_layer(model, output_index)
    if type(layer).__name__ == "Softmax":
        return "probabilities"
    activation = getattr(getattr(layer, "activation", None), "__name__", "")
    if activation == "softmax":
        return "probabilities"
    return "sigmoid" if activation == "sigmoid" else "logits"


def num_classes(model: keras.Model) -> int | None:
    """Classes the main output scores (2 for one sigmoid unit); None when it is not a vector of scores."""
    shape = tuple(model.outputs[main_output_index(model)].shape)
    if len(shape) != 2 or shape[-1] is None:
        return None
    return max(int(shape[-1]), 2)


def to_probabilities(raw: np.ndarray, kind: OutputKind) -> np.ndarray:
    """Class probabilities from raw outputs (..., units): softmax of logits; one unit becomes [1 − p, p]."""
    raw = np.asarray(raw, dtype=np.float32)
    if raw.shape[-1] == 1:
        p = _sigmoid(raw) if kind == "logits" else raw
        return np.concatenate([1.0 - p, p], axis=-1)
    if kind == "logits":
        shifted = raw - raw.max(axis=-1, keepdims=True)
        exp = np.exp(shifted)
        return exp / exp.sum(axis=-1, keepdims=True)
    return raw


def cross_entropy(raw: np.ndarray, y: np.ndarray, kind: OutputKind) -> np.ndarray:
    """Per-image cross-entropy of raw outputs (N, units) against integer labels, as Keras computes it.

    Logits: log-sum-exp minus the true class's logit (binary: softplus form), as ``from_logits=True``.
    Probabilities: −log p of the true class (p floored at float32's smallest normal number, so never
    infinite), which is what `model.evaluate` reports for a softmax or sigmoid output.
    """
    raw = np.asarray(raw, dtype=np.float64)
    y = np.asarray(y, dtype=np.int64)
    rows = np.arange(len(y))
    if kind == "logits":
        if raw.shape[-1] == 1:
            z = raw[:, 0]
            return np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
        top = raw.max(axis=-1)
        log_sum = top + np.log(np.exp(raw - top[:, None]).sum(axis=-1))
        return log_sum - raw[rows, y]
    p = np.clip(to_probabilities(raw, kind).astype(np.float64), EPSILON, 1.0)
    return np.log(p.sum(axis=-1)) - np.log(p[rows, y])


def loss_weights(model: keras.Model) -> list[float] | None:
    """Each output's weight in the compiled total loss (output order); None when not compiled with several."""
    names = output_names(model)
    if len(names) < 2:
        return None
    try:
        weights = (model.get_compile_config() or {}).get("loss_weights")
    except (AttributeError, TypeError, ValueError):
        return None
    if isinstance(weights, dict) and set(weights) == set(names):
        return [float(weights[name]) for name in names]
    if isinstance(weights, (list, tuple)) and len(weights) == len(names):
        return [float(w) for w in weights]
    return None


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1.0 + np.exp(-np.abs(z))))
