"""Evaluation: how well a model does on a test split, and where it goes wrong.

What the model's outputs mean (probabilities or logits) is decided by `cnnviz.outputs`,
so accuracy, probabilities and loss are right for models ending in a linear layer too.
The loss is the main head's cross-entropy; a model with auxiliary heads also gets the
total loss it was trained on (main + weight × each auxiliary head's cross-entropy).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import ModelError
from cnnviz.models import outputs
from cnnviz.uploads import images

if TYPE_CHECKING:
    import keras



@dataclass(frozen=True)
class Evaluation:
    """Everything the Evaluate page shows, computed once per model and dataset."""

    accuracy: float
    loss: float  # the main head's cross-entropy
    confusion: np.ndarray  # rows: true class, columns: predicted class
    per_class_accuracy: np.ndarray
    probabilities: np.ndarray  # (N, classes)
    predicted: np.ndarray
    true: np.ndarray
    kind: outputs.OutputKind = "probabilities"  # what the main output held before conversion
    head_losses: tuple[float, ...] = ()  # every output's cross-entropy: the main head first, then the others
    loss_weights: tuple[float, ...] | None = None  # their weights in the trained total (same order), when known

    @property
    def mistakes(self) -> np.ndarray:
        """Indices of wrong predictions, most confident first: the errors worth a look."""
        wrong = np.flatnonzero(self.predicted != self.true)
        confidence = self.probabilities[wrong, self.predicted[wrong]]
        return wrong[np.argsort(-confidence, kind="stable")]

    @property
    def total_loss(self) -> float | None:
        """The weighted sum of every head's cross-entropy (what Keras minimised); None for one head."""
        if len(self.head_losses) < 2 or self.loss_weights is None:
            return None
        return float(sum(w * loss for w, loss in zip(self.loss_weights, self.head_losses, strict=False)))

    @property
    def aux_weight(self) -> float | None:
        """The auxiliary heads' weight when the main head counts 1 and they share one (GoogLeNet's 0.3)."""
        if self.loss_weights is None or len(set(self.loss_weights[1:])) != 1 or self.loss_weights[0] != 1.0:
            return None
        return self.loss_weights[1]


def fit_to_input(x: np.ndarray, input_shape: tuple[int | None, ...]) -> np.ndarray:
    """Images (N, H, W, C) resized and converted to the model's (H, W, C), still 0–1.

    RGB → grey uses the luma weights, grey → RGB repeats the channel, and an alpha channel
    (grey + alpha, RGBA) is painted on white first, as uploads are. Other channel counts
    raise ModelError. A None in `input_shape` (a model that takes any size) keeps the images' own.
    """
    x = np.asarray(x, dtype=np.float32)
    height, width, channels = (given or actual for given, actual in zip(input_shape, x.shape[1:], strict=False))
    x = images.convert_channels(x, channels)  # before resizing: fewer channels to resize
    if x.shape[1:3] != (height, width):
        import tensorflow as tf

        x = tf.image.resize(x, (height, width), method="bilinear").numpy()
    return x


def predict_outputs(model: keras.Model, x: np.ndarray, batch_size: int = 256,
                    progress: Callable[[int, int], object] | None = None) -> list[np.ndarray]:
    """Every output of the model for many images, raw (before any conversion), in output order.

    `progress(done, total)` is called after each batch (Keras's predict callback), for a progress bar.
    """
    callbacks = []
    if progress is not None:
        import keras

        total = len(x)
        callbacks.append(keras.callbacks.LambdaCallback(
            on_predict_batch_end=lambda batch, logs: progress(min((batch + 1) * batch_size, total), total)))
    found: Any = model.predict(x, batch_size=batch_size, verbose=0, callbacks=callbacks)
    found = list(found.values()) if isinstance(found, dict) else found
    found = list(found) if isinstance(found, (list, tuple)) else [found]
    return [np.asarray(f, dtype=np.float32) for f in found]


def predict_probabilities(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Class probabilities of the main output for many images (softmax of logits; one unit → [1 − p, p])."""
    index = outputs.main_output_index(model)
    raw = predict_outputs(model, x, batch_size)[index]
    return outputs.to_probabilities(raw, outputs.output_kind(model, index))


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray, num_classes: int | None = None,
             batch_size: int = 256, progress: Callable[[int, int], object] | None = None) -> Evaluation:
    """Accuracy, the main head's cross-entropy (and every head's) and the confusion matrix on (x, y).

    `progress(done, total)` follows the predictions batch by batch (see `predict_outputs`).
    """
    from sklearn.metrics import confusion_matrix

    raw = predict_outputs(model, fit_to_input(x, tuple(model.inputs[0].shape[1:])), batch_size, progress)
    main = outputs.main_output_index(model)
    if raw[main].ndim != 2:
        raise ModelError(key="error.not_a_classifier", shape="×".join(map(str, raw[main].shape[1:])))
    order = [main, *(i for i in range(len(raw)) if i != main)]  # the main head first
    kinds = [outputs.output_kind(model, i) for i in range(len(raw))]
    y = np.asarray(y, dtype=np.int64)
    probabilities = outputs.to_probabilities(raw[main], kinds[main])
    classes = num_classes or probabilities.shape[1]
    if y.size and (y.min() < 0 or y.max() >= probabilities.shape[1]):
        raise ModelError(key="error.labels_beyond_outputs", classes=probabilities.shape[1])
    predicted = probabilities.argmax(axis=1)
    matrix = confusion_matrix(y, predicted, labels=list(range(classes)))
    counts = matrix.sum(axis=1)
    per_class = np.divide(matrix.diagonal(), counts, out=np.zeros(classes), where=counts > 0)
    losses = tuple(_mean_cross_entropy(raw[i], y, kinds[i]) for i in order)
    weights = outputs.loss_weights(model)
    return Evaluation(
        accuracy=float((predicted == y).mean()),
        loss=losses[0],
        confusion=matrix,
        per_class_accuracy=per_class,
        probabilities=probabilities,
        predicted=predicted,
        true=y,
        kind=kinds[main],
        head_losses=losses,
        loss_weights=tuple(weights[i] for i in order) if weights else None,
    )


def _mean_cross_entropy(raw: np.ndarray, y: np.ndarray, kind: outputs.OutputKind) -> float:
    """A head's mean cross-entropy; NaN for a head that does not score these classes."""
    if raw.ndim != 2 or (raw.shape[1] > 1 and y.size and y.max() >= raw.shape[1]):
        return float("nan")
    return float(outputs.cross_entropy(raw, y, kind).mean())


def confusion_csv(matrix: np.ndarray, class_names: list[str]) -> str:
    """The confusion matrix as CSV with class names on both axes."""
    header = ",".join(["true \\ predicted", *class_names])
    lines = [",".join([name, *map(str, row)]) for name, row in zip(class_names, matrix.tolist(), strict=False)]
    return "\n".join([header, *lines]) + "\n"
