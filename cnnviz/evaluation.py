"""Evaluation: how well a model does on a test split, and where it goes wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import keras


@dataclass(frozen=True)
class Evaluation:
    """Everything the Evaluate page shows, computed once per model and dataset."""

    accuracy: float
    loss: float
    confusion: np.ndarray  # rows: true class, columns: predicted class
    per_class_accuracy: np.ndarray
    probabilities: np.ndarray  # (N, classes)
    predicted: np.ndarray
    true: np.ndarray

    @property
    def mistakes(self) -> np.ndarray:
        """Indices of wrong predictions, most confident first: the errors worth a look."""
        wrong = np.flatnonzero(self.predicted != self.true)
        confidence = self.probabilities[wrong, self.predicted[wrong]]
        return wrong[np.argsort(-confidence, kind="stable")]


def fit_to_input(x: np.ndarray, input_shape: tuple[int, ...]) -> np.ndarray:
    """Images (N, H, W, C) resized and converted (grey ↔ RGB) to the model's (H, W, C), still 0–1.

    A None in `input_shape` (a model that takes any size) keeps the images' own size.
    """
    x = np.asarray(x, dtype=np.float32)
    height, width, channels = (given or actual for given, actual in zip(input_shape, x.shape[1:]))
    if x.shape[1:3] != (height, width):
        import tensorflow as tf

        x = tf.image.resize(x, (height, width), method="bilinear").numpy()
    if x.shape[-1] == channels:
        return x
    if channels == 1:  # ITU-R 601 luma, as Pillow's "L" conversion
        return (x[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32))[..., None]
    return np.repeat(x[..., :1], channels, axis=-1)


def predict_probabilities(model: keras.Model, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    """Class probabilities for many images; a single sigmoid unit becomes two columns [1 − p, p]."""
    outputs: Any = model.predict(x, batch_size=batch_size, verbose=0)
    main = np.asarray(outputs[0] if isinstance(outputs, (list, tuple)) else outputs, dtype=np.float32)
    return np.concatenate([1 - main, main], axis=1) if main.shape[1] == 1 else main


def evaluate(model: keras.Model, x: np.ndarray, y: np.ndarray, num_classes: int | None = None) -> Evaluation:
    """Accuracy, cross-entropy loss and the confusion matrix on (x, y)."""
    from sklearn.metrics import confusion_matrix

    probabilities = predict_probabilities(model, fit_to_input(x, tuple(model.inputs[0].shape[1:])))
    classes = num_classes or probabilities.shape[1]
    y = np.asarray(y, dtype=np.int64)
    predicted = probabilities.argmax(axis=1)
    matrix = confusion_matrix(y, predicted, labels=list(range(classes)))
    per_class = np.divide(matrix.diagonal(), matrix.sum(axis=1), out=np.zeros(classes), where=matrix.sum(axis=1) > 0)
    picked = probabilities[np.arange(len(y)), np.clip(y, 0, probabilities.shape[1] - 1)]
    return Evaluation(
        accuracy=float((predicted == y).mean()),
        loss=float(-np.log(np.clip(picked, 1e-7, 1.0)).mean()),
        confusion=matrix,
        per_class_accuracy=per_class,
        probabilities=probabilities,
        predicted=predicted,
        true=y,
    )


def confusion_csv(matrix: np.ndarray, class_names: list[str]) -> str:
    """The confusion matrix as CSV with class names on both axes."""
    header = ",".join(["true \\ predicted", *class_names])
    lines = [",".join([name, *map(str, row)]) for name, row in zip(class_names, matrix.tolist())]
    return "\n".join([header, *lines]) + "\n"
