"""The catalogue: which datasets exist, loading one by name, and what was done to its pictures."""

from __future__ import annotations


import numpy as np

from cnnviz.data.downloads import KERAS_SOURCES, _is_cached, _keras_dataset, keras_home
from cnnviz.data.embedded import FEATURED_CLASS, _digits, _fashion_sample, _shapes
from cnnviz.data.types import Dataset, DatasetInfo, _check_fraction
from cnnviz.errors import DatasetError

# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------

_EMBEDDED = {
    "fashion_mnist_sample": (
        "Fashion-MNIST sample (built in)",
        "900 real Fashion-MNIST photos of clothing, 90 per class, from Zalando Research (MIT license). "
        "Works offline."),
    "digits": ("Handwritten digits (built in)",
               "1,797 real handwritten digits from scikit-learn, enlarged to 28×28. Works offline."),
    "shapes": ("Simple shapes (built in)",
               "Generated 28×28 circles, squares, triangles and lines. Works offline."),
}


def list_datasets() -> list[DatasetInfo]:
    """Every dataset the app offers, built-in ones first; checks the cache but loads nothing."""
    home = keras_home()
    infos = [DatasetInfo(name, title, text, "embedded", False) for name, (title, text) in _EMBEDDED.items()]
    infos += [
        DatasetInfo(name, s.title, f"{s.description} Downloaded once (about {s.download_mb} MB).", "keras",
                    not _is_cached(name, home))
        for name, s in KERAS_SOURCES.items()
    ]
    infos.append(DatasetInfo(
        "folder", "Your own images",
        "A zip file or folder with one subfolder of images per class (e.g. cloudy/, rain/, shine/, "
        "sunrise/).", "folder", False))
    return infos


def load_dataset(name: str, *, val_fraction: float = 0.1, seed: int = 0, limit: int | None = None
                 ) -> Dataset:
    """Load a named dataset; `limit` caps each split's size for quick experiments."""
    _check_fraction(val_fraction, "validation")
    if name == "fashion_mnist_sample":
        return _fashion_sample(val_fraction, seed, limit)
    if name == "digits":
        return _digits(val_fraction, seed, limit)
    if name == "shapes":
        return _shapes(val_fraction, seed, limit)
    if name in KERAS_SOURCES:
        return _keras_dataset(name, val_fraction, seed, limit)
    if name == "folder":
        raise DatasetError("Your own images are loaded from a zip file or folder: upload one.")
    known = ", ".join(info.name for info in list_datasets() if info.source != "folder")
    raise DatasetError(f"There is no dataset called “{name}”. Choose one of: {known}.")


def featured_sample(dataset: Dataset) -> int:
    """Test-split index of the first ankle boot (Fashion-MNIST's sets), else 0: the picture to open on."""
    if FEATURED_CLASS not in dataset.class_names:
        return 0
    hits = np.flatnonzero(dataset.y_test == dataset.class_names.index(FEATURED_CLASS))
    return int(hits[0]) if len(hits) else 0


# ---------------------------------------------------------------------------
# Explanations for the UI
# ---------------------------------------------------------------------------


def _scaling_step(raw_max: float) -> str:
    why = ("Inputs of similar, small size keep the first layer's outputs and gradients in a comfortable "
           "range, so training is stable with ordinary learning rates.")
    if raw_max == 255:
        return f"Pixel values were divided by 255, scaling 0–255 (8-bit images) to 0–1. {why}"
    if raw_max == 1:
        return f"Pixel values were generated between 0 and 1, the range the models expect. {why}"
    return f"Pixel values were divided by {raw_max:g}, scaling 0–{raw_max:g} to 0–1. {why}"


def preprocessing_steps(dataset: Dataset) -> list[str]:
    """Short sentences saying what was done to the raw images, and why."""
    h, w, c = dataset.input_shape
    colour = "1 channel: grayscale" if c == 1 else f"{c} channels: red, green, blue"
    names = ", ".join(dataset.class_names[:4]) + (", …" if dataset.num_classes > 4 else "")
    return [
        _scaling_step(dataset.raw_max),
        f"Each image is an array of shape (H, W, C) = ({h}, {w}, {c}): height, width and channels "
        f"({colour}). Grayscale images keep a channel axis of size 1 so every convolution sees the "
        "same layout.",
        f"Channels come last (channels_last), Keras's default: a batch of N images has shape "
        f"(N, {h}, {w}, {c}).",
        *dataset.preprocessing,
        f"Labels are class numbers 0–{dataset.num_classes - 1} ({names}), not one-hot vectors, "
        "which is what sparse categorical cross-entropy expects.",
        f"Split: {len(dataset.y_train)} training, {len(dataset.y_val)} validation and "
        f"{len(dataset.y_test)} test images. The model learns only from the training images; "
        "validation guides choices, and the test images give the final, honest score.",
    ]
