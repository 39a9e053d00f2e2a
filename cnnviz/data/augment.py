"""Augmentation (training split only, with warnings where it changes meaning) and the tf.data pipelines."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cnnviz.core import i18n
from cnnviz.core.errors import DatasetError
from cnnviz.data.types import Dataset

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

# ---------------------------------------------------------------------------
# Augmentation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Augmentation:
    """Random changes applied to training images each epoch; factors follow Keras's layers."""

    flip_horizontal: bool = False
    flip_vertical: bool = False
    rotation: float = 0.0     # fraction of a full turn, like RandomRotation: 0.1 = up to ±36°
    zoom: float = 0.0         # up to ± this fraction in or out
    brightness: float = 0.0   # up to ± this fraction of the 0–1 range
    contrast: float = 0.0     # contrast scaled by a factor in [1 - c, 1 + c]

    def __post_init__(self) -> None:
        limits = {"rotation": 0.5, "zoom": 0.9, "brightness": 1.0, "contrast": 1.0}
        for name, top in limits.items():
            value = getattr(self, name)
            if not 0.0 <= value <= top:
                raise DatasetError(key="data.aug_amount", name=name, top=top, value=value)

    @property
    def enabled(self) -> bool:
        return (self.flip_horizontal or self.flip_vertical
                or any(v > 0 for v in (self.rotation, self.zoom, self.brightness, self.contrast)))


DIGIT_DATASETS = frozenset({"digits", "mnist"})
LARGE_ROTATION = 30 / 360     # beyond ±30°, upright-only classes start to look different
STRONG_LIGHTING = 0.4


def augmentation_warnings(dataset_name: str, aug: Augmentation, lang: str = "en") -> list[str]:
    """Where an augmentation could change what an image shows, so its label becomes wrong (in `lang`)."""
    degrees = aug.rotation * 360
    keys = []
    if dataset_name in DIGIT_DATASETS:
        if aug.flip_horizontal or aug.flip_vertical:
            keys.append("aug.digit_flip")
        if aug.rotation > LARGE_ROTATION:
            keys.append("aug.digit_rotation")
    elif dataset_name == "shapes" and aug.rotation > 20 / 360:
        keys.append("aug.shapes_rotation")
    elif dataset_name in ("fashion_mnist", "fashion_mnist_sample", "cifar10"):
        if aug.flip_vertical:
            keys.append("aug.vflip_cifar10" if dataset_name == "cifar10" else "aug.vflip_fashion")
        if aug.rotation > LARGE_ROTATION:
            keys.append("aug.upright")
    if aug.brightness > STRONG_LIGHTING or aug.contrast > STRONG_LIGHTING:
        keys.append("aug.lighting")
    if aug.zoom > 0.3:
        keys.append("aug.zoom")
    return [i18n.t(key, lang, degrees=degrees) for key in keys]


def augmenter(aug: Augmentation, seed: int = 0) -> keras.Sequential | None:
    """Keras preprocessing layers for `aug` (images in 0–1); None when nothing is switched on."""
    if not aug.enabled:
        return None
    from keras import Sequential, layers

    steps: list[keras.layers.Layer] = []
    flip = {(True, False): "horizontal", (False, True): "vertical",
            (True, True): "horizontal_and_vertical"}.get((aug.flip_horizontal, aug.flip_vertical))
    if flip:
        steps.append(layers.RandomFlip(flip, seed=seed))
    if aug.rotation > 0:
        steps.append(layers.RandomRotation(aug.rotation, fill_mode="nearest", seed=seed + 1))
    if aug.zoom > 0:
        steps.append(layers.RandomZoom(aug.zoom, fill_mode="nearest", seed=seed + 2))
    if aug.brightness > 0:
        steps.append(layers.RandomBrightness(aug.brightness, value_range=(0.0, 1.0), seed=seed + 3))
    if aug.contrast > 0:
        steps.append(layers.RandomContrast(aug.contrast, value_range=(0.0, 1.0), seed=seed + 4))
    return Sequential(steps, name="augmentation")


# ---------------------------------------------------------------------------
# tf.data pipelines
# ---------------------------------------------------------------------------


def _check_batch_size(batch_size: int) -> None:
    if batch_size < 1:
        raise DatasetError(key="data.batch_size", batch_size=batch_size)


def train_batches(dataset: Dataset, batch_size: int, aug: Augmentation | None = None, seed: int = 0
                  ) -> tf.data.Dataset:
    """Shuffled training batches, augmented if asked; only the training split is ever augmented."""
    import tensorflow as tf

    _check_batch_size(batch_size)
    if len(dataset.y_train) == 0:
        raise DatasetError(key="data.train_empty")
    pipeline = (tf.data.Dataset.from_tensor_slices((dataset.x_train, dataset.y_train))
                .shuffle(len(dataset.y_train), seed=seed, reshuffle_each_iteration=True)
                .batch(batch_size))
    layers = augmenter(aug, seed) if aug is not None else None
    if layers is not None:
        # One batch at a time: parallel calls would draw the random layers' numbers in a varying
        # order, so the same seed would not give the same training run.
        pipeline = pipeline.map(lambda x, y: (layers(x, training=True), y))
    return pipeline.prefetch(tf.data.AUTOTUNE)


def eval_batches(x: np.ndarray, y: np.ndarray, batch_size: int) -> tf.data.Dataset:
    """Batches in their original order and never augmented, for validation, testing and predictions."""
    import tensorflow as tf

    _check_batch_size(batch_size)
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size).prefetch(tf.data.AUTOTUNE)
