"""Is this picture like the ones the model learned from? Backgrounds, brightness and contrast.

Models trained on light figures on a dark background (MNIST, the digits, Fashion-MNIST) misread a
dark drawing on white paper; `background_is_light` and `training_background` tell the two apart from
the images' borders, so `cnnviz.images.prepare` can invert such a picture. `training_stats` summarises
a training split (per-image brightness and contrast, border brightness) so `distance_from_training`
can say how far an upload is from what the model has seen, in standard deviations, and
`reasons_to_doubt` says when the page should warn that the model may not know this kind of picture.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Background = Literal["dark", "light", "mixed"]
BORDER_FRACTION = 0.1  # the frame whose brightness stands for the background: 10% of the shorter side, ≥ 1 px
LIGHT_BORDER = 0.5  # a border brighter than this (0–1) is a light background
TYPICAL_SHARE = 0.9  # a training set is "dark" or "light" when at least 90% of its images are
LOW_CONFIDENCE = 0.5  # a top probability below this: the model is unsure
FAR_Z = 3.0  # brightness or contrast more than 3 standard deviations from the training images': unfamiliar


def border_mean(x: np.ndarray) -> float:
    """Mean brightness (0–1) of an image's outer frame, 10% of its shorter side wide: its background."""
    x = np.asarray(x, dtype=np.float32)
    return float(_border_means(x.reshape((1,) + x.shape[-3:]) if x.ndim >= 3 else x[None, ..., None])[0])


def background_is_light(x: np.ndarray) -> bool:
    """True when an image (H, W, C in 0–1) has a light background: its border's mean is above 0.5."""
    return border_mean(x) > LIGHT_BORDER


def training_background(x_train: np.ndarray) -> Background:
    """"dark" if at least 90% of the images (N, H, W, C in 0–1) have a dark border, "light" likewise, else
    "mixed" (varied backgrounds, as in photos of everyday scenes: nothing to invert for)."""
    return training_stats(x_train).background


def expected_background(preprocessing: Mapping[str, Any] | None, reference: TrainingStats | None = None
                        ) -> Background | None:
    """The background a model's training images had: its checkpoint says so, else its training split does.

    None when neither is known (an untrained model, or a checkpoint whose dataset is not at hand).
    """
    recorded = (preprocessing or {}).get("background")
    if recorded in ("dark", "light", "mixed"):
        return recorded
    return reference.background if reference is not None else None


@dataclass(frozen=True)
class TrainingStats:
    """Brightness statistics of a training split, to compare a new picture with."""

    count: int
    mean: float  # average of the per-image mean brightness
    mean_spread: float  # standard deviation of the per-image means
    std: float  # average of the per-image standard deviations (contrast)
    std_spread: float  # standard deviation of the per-image standard deviations
    background: Background


def training_stats(x_train: np.ndarray, chunk: int = 4096) -> TrainingStats:
    """Per-image brightness (mean), contrast (std) and border of a training split (N, H, W, C in 0–1)."""
    x_train = np.asarray(x_train)
    if x_train.ndim != 4 or len(x_train) == 0:
        raise ValueError(f"x_train must be a non-empty (N, H, W, C) array, got shape {x_train.shape}")
    means, stds, borders = [], [], []
    for start in range(0, len(x_train), chunk):  # float64 per chunk: big splits never need one huge copy
        part = x_train[start:start + chunk].astype(np.float64)
        flat = part.reshape(len(part), -1)
        means.append(flat.mean(axis=1))
        stds.append(flat.std(axis=1))
        borders.append(_border_means(part))
    mean, std, border = (np.concatenate(v) for v in (means, stds, borders))
    light = float((border > LIGHT_BORDER).mean())
    background: Background = "mixed"
    if light >= TYPICAL_SHARE:
        background = "light"
    elif 1 - light >= TYPICAL_SHARE:
        background = "dark"
    return TrainingStats(len(mean), float(mean.mean()), float(mean.std()), float(std.mean()),
                         float(std.std()), background)


@dataclass(frozen=True)
class TrainingDistance:
    """How far one picture's brightness and contrast are from the training images', in standard deviations."""

    mean: float  # the picture's mean brightness (0–1)
    std: float  # the picture's standard deviation (contrast)
    reference: TrainingStats

    @property
    def z_mean(self) -> float:
        """|picture mean − training mean| / spread of the training images' means."""
        return _z(self.mean, self.reference.mean, self.reference.mean_spread)

    @property
    def z_std(self) -> float:
        """|picture std − training std| / spread of the training images' stds."""
        return _z(self.std, self.reference.std, self.reference.std_spread)

    @property
    def z(self) -> float:
        """The larger of the two distances."""
        return max(self.z_mean, self.z_std)

    @property
    def far(self) -> bool:
        """True when brightness or contrast is more than 3 standard deviations from the training images'."""
        return self.z > FAR_Z


def distance_from_training(x: np.ndarray, reference: TrainingStats | np.ndarray) -> TrainingDistance:
    """How unlike the training images (x_train, or its `training_stats`) one picture in 0–1 is."""
    if not isinstance(reference, TrainingStats):
        reference = training_stats(reference)
    values = np.asarray(x, dtype=np.float64)
    return TrainingDistance(float(values.mean()), float(values.std()), reference)


def reasons_to_doubt(top_probability: float | None, distance: TrainingDistance | None) -> tuple[str, ...]:
    """Why the model may not know this kind of picture, () if no reason.

    "confidence": the top probability is below 50%; "statistics": the brightness or contrast is more
    than 3 standard deviations from the training images'.
    """
    reasons = []
    if top_probability is not None and top_probability < LOW_CONFIDENCE:
        reasons.append("confidence")
    if distance is not None and distance.far:
        reasons.append("statistics")
    return tuple(reasons)


def _border_means(x: np.ndarray) -> np.ndarray:
    """Mean of each image's outer frame (10% of the shorter side, at least 1 px) for a batch (N, H, W, C)."""
    height, width = x.shape[1:3]
    frame = max(1, round(BORDER_FRACTION * min(height, width)))
    ring = np.ones((height, width), dtype=bool)
    if height > 2 * frame and width > 2 * frame:
        ring[frame:-frame, frame:-frame] = False
    return x[:, ring].reshape(len(x), -1).mean(axis=1)


def _z(value: float, centre: float, spread: float) -> float:
    """|value − centre| in units of `spread`; a spread of 0 makes any difference infinitely far."""
    gap = abs(value - centre)
    if spread > 0:
        return gap / spread
    return 0.0 if gap == 0 else float("inf")
