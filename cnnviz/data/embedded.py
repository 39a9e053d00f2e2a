"""Datasets built into cnnviz, always available offline: the Fashion-MNIST sample, digits and shapes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from cnnviz.core.errors import DatasetError
from cnnviz.core.i18n import Phrase
from cnnviz.data.types import Dataset, _as_images, _split_and_pack

EMBEDDED_TEST_FRACTION = 0.2
SHAPES_PER_CLASS = 400
ASSETS = Path(__file__).resolve().parents[1] / "assets"
FASHION_SAMPLE_FILE = ASSETS / "fashion_mnist_sample.npz"
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot")
FEATURED_CLASS = "Ankle boot"  # the course notes' central picture

# ---------------------------------------------------------------------------
# Embedded datasets: always available, no internet
# ---------------------------------------------------------------------------


def _digits(val_fraction: float, seed: int, limit: int | None) -> Dataset:
    """scikit-learn's 1,797 real 8x8 digits, enlarged to 28x28 so MNIST-sized models fit."""
    from PIL import Image
    from sklearn.datasets import load_digits

    bunch = load_digits()
    small = bunch.images.astype(np.float32) / 16.0
    big = np.stack([
        np.asarray(Image.fromarray(img, mode="F").resize((28, 28), Image.Resampling.BILINEAR))
        for img in small
    ])
    x = np.clip(big, 0.0, 1.0)[..., np.newaxis]
    return _split_and_pack(
        "digits", x, bunch.target, test_fraction=EMBEDDED_TEST_FRACTION, val_fraction=val_fraction,
        seed=seed, limit=limit, raw_max=16.0,
        class_names=tuple(str(d) for d in range(10)),
        description=Phrase("data.desc.digits"),
        preprocessing=(Phrase("data.prep.digits"),),
    )


SHAPE_CLASSES = ("circle", "square", "triangle", "horizontal line", "vertical line", "diagonal line")


def _draw_shape(kind: str, rng: np.random.Generator) -> np.ndarray:
    """One 28x28 shape of random size, position and thickness, drawn at 2x and reduced for smooth edges."""
    from PIL import Image, ImageDraw

    scale, canvas = 2, 56
    img = Image.new("F", (canvas, canvas), 0.0)
    draw = ImageDraw.Draw(img)
    # Whole output pixels, so a 1-pixel stroke lands on one pixel instead of smearing over two.
    r = int(rng.integers(5, 12)) * scale                # half-size of the shape
    cx, cy = (rng.integers(r // scale + 2, 28 - r // scale - 2, size=2) * scale).tolist()
    width = int(rng.integers(1, 4)) * scale
    ink = float(rng.uniform(0.7, 1.0))
    if kind == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=width)
    elif kind == "square":
        draw.rectangle((cx - r, cy - r, cx + r, cy + r), outline=ink, width=width)
    elif kind == "triangle":
        top, left, right = (cx, cy - r), (cx - r, cy + 0.8 * r), (cx + r, cy + 0.8 * r)
        # A closed line, not polygon(): Pillow's polygon outline draws nothing on float ("F") images.
        draw.line([top, left, right, top], fill=ink, width=width, joint="curve")
    elif kind == "horizontal line":
        draw.line((cx - r, cy, cx + r, cy), fill=ink, width=width)
    elif kind == "vertical line":
        draw.line((cx, cy - r, cx, cy + r), fill=ink, width=width)
    else:  # diagonal line, either direction
        sign = 1 if rng.random() < 0.5 else -1
        draw.line((cx - r, cy - sign * r, cx + r, cy + sign * r), fill=ink, width=width)
    return np.asarray(img.reduce(scale), dtype=np.float32)


def make_shapes(seed: int = 0, per_class: int = SHAPES_PER_CLASS) -> tuple[np.ndarray, np.ndarray]:
    """Generated 28x28x1 shapes with noise; the same seed always gives the same images."""
    rng = np.random.default_rng(seed)
    labels = np.repeat(np.arange(len(SHAPE_CLASSES)), per_class)
    images = np.stack([_draw_shape(SHAPE_CLASSES[k], rng) for k in labels])
    images += rng.normal(0.0, rng.uniform(0.02, 0.08, size=(len(images), 1, 1)), size=images.shape)
    return np.clip(images, 0.0, 1.0)[..., np.newaxis].astype(np.float32), labels


def fashion_sample_arrays() -> tuple[np.ndarray, np.ndarray]:
    """The embedded Fashion-MNIST images, uint8 (900, 28, 28) in the sprite's order, and their labels."""
    try:
        with np.load(FASHION_SAMPLE_FILE, allow_pickle=False) as f:
            x, y = f["x"], f["y"].astype(np.int64)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as err:
        raise DatasetError(key="data.sample_missing") from err
    return x, y


def _fashion_sample(val_fraction: float, seed: int, limit: int | None) -> Dataset:
    """900 real Fashion-MNIST images cut from Zalando's published sprite, 90 per class."""
    x, y = fashion_sample_arrays()
    return _split_and_pack(
        "fashion_mnist_sample", _as_images(x, 255.0), y, test_fraction=EMBEDDED_TEST_FRACTION,
        val_fraction=val_fraction, seed=seed, limit=limit, raw_max=255.0, class_names=FASHION_CLASSES,
        description=Phrase("data.desc.fashion_mnist_sample", count=len(y),
                           per_class=len(y) // len(FASHION_CLASSES)),
        preprocessing=(Phrase("data.prep.fashion_mnist_sample"),),
    )


def _shapes(val_fraction: float, seed: int, limit: int | None) -> Dataset:
    x, y = make_shapes(seed)
    return _split_and_pack(
        "shapes", x, y, test_fraction=EMBEDDED_TEST_FRACTION, val_fraction=val_fraction, seed=seed,
        limit=limit, raw_max=1.0, class_names=SHAPE_CLASSES,
        description=Phrase("data.desc.shapes", count=len(x), classes=len(SHAPE_CLASSES)),
        preprocessing=(Phrase("data.prep.shapes"),),
    )
