"""Datasets for the explorer: built in, downloaded by Keras, or the student's own images.

Every loader returns a `Dataset`: float32 images in [0, 1] shaped (N, H, W, C)
(channels_last), int64 labels and fixed train / validation / test splits, so
models and pages never care where the pictures came from. TensorFlow and Keras
are imported inside the functions that need them, so listing datasets is cheap.
"""

from __future__ import annotations

import gzip
import io
import os
import pickle
import re
import stat
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal

import numpy as np

from cnnviz.errors import DatasetError

if TYPE_CHECKING:
    import keras
    import tensorflow as tf

MB = 1024 * 1024
EMBEDDED_TEST_FRACTION = 0.2
SHAPES_PER_CLASS = 400
SKIPPED_NAMES = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
MAX_TOTAL_PIXELS = 1_000_000_000  # decoded from one folder or zip: at worst ~15 s of CPU (measured)
MAX_NAME_BYTES = 255  # the longest file or folder name Linux, macOS and Windows file systems accept
UTF8_FLAG = 0x800  # zip flag bit: the entry's name is UTF-8; without it, Python reads the bytes as CP437
ASSETS = Path(__file__).resolve().parent / "assets"
FASHION_SAMPLE_FILE = ASSETS / "fashion_mnist_sample.npz"
FASHION_CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                   "Ankle boot")
FEATURED_CLASS = "Ankle boot"  # the course notes' central picture


# ---------------------------------------------------------------------------
# Data structures
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Images in [0, 1] (N, H, W, C) with int64 labels, already split three ways."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    description: str
    # Largest raw pixel value before scaling (255 for 8-bit images, 16 for the
    # scikit-learn digits, 1 for generated images): preprocessing_steps explains it.
    raw_max: float = 255.0
    # What this loader did beyond the common steps, in plain sentences.
    preprocessing: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for split in ("train", "val", "test"):
            x, y = getattr(self, f"x_{split}"), getattr(self, f"y_{split}")
            if x.ndim != 4 or y.ndim != 1 or len(x) != len(y):
                raise ValueError(f"{split} split has images {x.shape} and labels {y.shape}")

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(H, W, C) of one image, what a model's Input needs."""
        h, w, c = self.x_train.shape[1:]
        return int(h), int(w), int(c)

    @property
    def num_classes(self) -> int:
        return len(self.class_names)


@dataclass(frozen=True)
class DatasetInfo:
    """What the sidebar shows about a dataset before loading it."""

    name: str
    title: str
    description: str
    source: Literal["embedded", "keras", "folder"]
    needs_download: bool


# ---------------------------------------------------------------------------
# Splitting and packing
# ---------------------------------------------------------------------------


def _hold_out(y: np.ndarray, idx: np.ndarray, fraction: float, rng: np.random.Generator
              ) -> tuple[np.ndarray, np.ndarray]:
    """Split `idx` into shuffled (kept, held), taking `fraction` of each class so every class is in both."""
    kept, held = [], []
    for label in np.unique(y[idx]):
        members = rng.permutation(idx[y[idx] == label])
        n_held = min(int(round(len(members) * fraction)), len(members) - 1)
        held.append(members[:n_held])
        kept.append(members[n_held:])
    kept_idx = np.concatenate(kept) if kept else idx[:0]
    held_idx = np.concatenate(held) if held else idx[:0]
    if fraction > 0 and len(held_idx) == 0 and len(kept_idx) > 1:
        # Tiny data: rounding gave nothing, but an empty split would break evaluation.
        kept_idx, held_idx = kept_idx[1:], kept_idx[:1]
    # Mixed order, so the first images of a split show every class, not a block of one.
    return rng.permutation(kept_idx), rng.permutation(held_idx)


def _check_fraction(value: float, what: str) -> None:
    if not 0.0 <= value < 1.0:
        raise DatasetError(f"The {what} fraction must be between 0 and 1 (got {value}).")


def _as_images(x: np.ndarray, raw_max: float) -> np.ndarray:
    """Scale raw pixels to float32 in [0, 1] with an explicit channel axis."""
    x = np.asarray(x, dtype=np.float32) / np.float32(raw_max)
    return x[..., np.newaxis] if x.ndim == 3 else x


def _subsample(x: np.ndarray, y: np.ndarray, limit: int | None, rng: np.random.Generator
               ) -> tuple[np.ndarray, np.ndarray]:
    if limit is None or len(x) <= limit:
        return x, y
    keep = np.sort(rng.permutation(len(x))[:limit])
    return x[keep], y[keep]


def _pack(name: str, train: tuple[np.ndarray, np.ndarray], val: tuple[np.ndarray, np.ndarray],
          test: tuple[np.ndarray, np.ndarray], class_names: tuple[str, ...], description: str, *,
          raw_max: float, preprocessing: tuple[str, ...] = (), limit: int | None = None,
          seed: int = 0) -> Dataset:
    """Build a Dataset with the agreed dtypes, capping each split at `limit` images."""
    if limit is not None and limit < 1:
        raise DatasetError(f"The image limit must be at least 1 (got {limit}).")
    rng = np.random.default_rng(seed + 1)
    splits = [_subsample(x, y, limit, rng) for x, y in (train, val, test)]
    (xtr, ytr), (xva, yva), (xte, yte) = [
        (np.ascontiguousarray(x, dtype=np.float32), np.asarray(y, dtype=np.int64)) for x, y in splits
    ]
    return Dataset(name, xtr, ytr, xva, yva, xte, yte, tuple(class_names), description,
                   raw_max=raw_max, preprocessing=preprocessing)


def _split_and_pack(name: str, x: np.ndarray, y: np.ndarray, *, test_fraction: float,
                    val_fraction: float, seed: int, **kwargs) -> Dataset:
    """Stratified test split, then validation carved from what is left."""
    rng = np.random.default_rng(seed)
    rest, test = _hold_out(y, np.arange(len(y)), test_fraction, rng)
    train, val = _hold_out(y, rest, val_fraction, rng)
    return _pack(name, (x[train], y[train]), (x[val], y[val]), (x[test], y[test]), seed=seed, **kwargs)


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
        description="1,797 real handwritten digits (0–9) from scikit-learn, scanned at 8×8 and "
                    "enlarged to 28×28 grayscale.",
        preprocessing=("The 8×8 scans were enlarged to 28×28 with bilinear interpolation, so models "
                       "built for MNIST-sized inputs fit them.",),
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
        description=f"{len(y):,} real Fashion-MNIST photos of clothing ({len(y) // len(FASHION_CLASSES)} "
                    "per class), 28×28 grayscale, light garment on black, from the sample sprite Zalando "
                    "Research publishes under the MIT license.",
        preprocessing=("These are 900 of Fashion-MNIST's 70,000 images, cut from the 30×30 sprite Zalando "
                       "Research publishes with the dataset; the pixels are the original 8-bit greys.",),
    )


def _shapes(val_fraction: float, seed: int, limit: int | None) -> Dataset:
    x, y = make_shapes(seed)
    return _split_and_pack(
        "shapes", x, y, test_fraction=EMBEDDED_TEST_FRACTION, val_fraction=val_fraction, seed=seed,
        limit=limit, raw_max=1.0, class_names=SHAPE_CLASSES,
        description=f"{len(x):,} generated 28×28 grayscale drawings of {len(SHAPE_CLASSES)} shapes "
                    "with random size, position, thickness and noise.",
        preprocessing=("The shapes were drawn at 56×56 and shrunk to 28×28 for smooth edges, then "
                       "light random noise was added so the task is not trivially easy.",),
    )


# ---------------------------------------------------------------------------
# Keras datasets: downloaded once into the Keras cache folder
# ---------------------------------------------------------------------------

# Where Keras 3.15's keras.datasets download from; tests point these somewhere unreachable.
_ORIGINS = {
    "mnist": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
    "fashion_mnist": "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
    "cifar10": "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
}
_HASHES = {
    "mnist": "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    "cifar10": "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
}
FASHION_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
CIFAR_FILES = tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",)


@dataclass(frozen=True)
class _KerasSource:
    title: str
    class_names: tuple[str, ...]
    description: str
    download_mb: int  # approximate size of the download


KERAS_SOURCES = {
    "fashion_mnist": _KerasSource(
        "Fashion-MNIST", FASHION_CLASSES,
        "70,000 grayscale 28×28 photos of clothing in 10 classes, from Zalando.", 30),
    "mnist": _KerasSource(
        "MNIST", tuple(str(d) for d in range(10)),
        "70,000 grayscale 28×28 handwritten digits, the classic first CNN dataset.", 11),
    "cifar10": _KerasSource(
        "CIFAR-10",
        ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
        "60,000 colour 32×32 photos in 10 classes (airplanes, cats, ships, …).", 170),
}


def keras_home() -> Path:
    """Keras's cache folder, read now: Keras itself reads KERAS_HOME only once, at import."""
    home = os.environ.get("KERAS_HOME")
    if home:
        return Path(home).expanduser()
    base = Path.home()
    return (base if os.access(base, os.W_OK) else Path("/tmp")) / ".keras"


def _cifar_folder(home: Path) -> Path | None:
    """The extracted cifar-10-batches-py folder: Keras 3 layout first, then the Keras 2 one."""
    for folder in (home / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py",
                   home / "datasets" / "cifar-10-batches-py"):
        if all((folder / f).is_file() for f in CIFAR_FILES):
            return folder
    return None


def _cache_files(name: str, home: Path) -> list[Path]:
    """The files a Keras dataset is read from, where Keras keeps them after a download."""
    if name == "mnist":
        return [home / "datasets" / "mnist.npz"]
    if name == "fashion_mnist":
        return [home / "datasets" / "fashion-mnist" / f for f in FASHION_FILES]
    folder = _cifar_folder(home) or home / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py"
    return [folder / f for f in CIFAR_FILES]


def _is_cached(name: str, home: Path) -> bool:
    return all(p.is_file() for p in _cache_files(name, home))


def _download(name: str, home: Path) -> None:
    """Fetch the standard files with keras.utils.get_file, into `home` (not Keras's import-time home)."""
    from keras.utils import get_file

    source = KERAS_SOURCES[name]
    try:
        home.mkdir(parents=True, exist_ok=True)
        if name == "mnist":
            get_file("mnist.npz", origin=_ORIGINS[name], file_hash=_HASHES[name], cache_dir=str(home))
        elif name == "fashion_mnist":
            for fname in FASHION_FILES:
                get_file(fname, origin=_ORIGINS[name] + fname, cache_subdir="datasets/fashion-mnist",
                         cache_dir=str(home))
        else:
            get_file("cifar-10-batches-py-target", origin=_ORIGINS[name], extract=True,
                     file_hash=_HASHES[name], cache_dir=str(home))
    except Exception as err:  # urllib, hash and extraction errors all mean "no usable download"
        # The cause (URL, errno, cache path) stays chained for developers; the screen gets one short line.
        raise DatasetError(key="data.download_failed", title=source.title, size=source.download_mb) from err
    if not _is_cached(name, home):
        raise DatasetError(f"The {source.title} download finished but its files are not in "
                           f"{_cache_files(name, home)[0].parent}. Delete that folder and try again.")


def _read_mnist(home: Path) -> tuple[np.ndarray, ...]:
    with np.load(_cache_files("mnist", home)[0], allow_pickle=False) as f:
        return f["x_train"], f["y_train"], f["x_test"], f["y_test"]


def _read_idx(path: Path) -> np.ndarray:
    """An IDX file (the MNIST family's format): magic with type and rank, big-endian sizes, bytes."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path.name} is not an unsigned-byte IDX file")
    dims = struct.unpack(f">{ndim}I", raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _read_fashion(home: Path) -> tuple[np.ndarray, ...]:
    x_train, y_train, x_test, y_test = (_read_idx(p) for p in _cache_files("fashion_mnist", home))
    return x_train, y_train, x_test, y_test


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickles numpy arrays and plain containers only, so a tampered cache file cannot run code."""

    ALLOWED = frozenset({("numpy", "ndarray"), ("numpy", "dtype"),
                         ("numpy.core.multiarray", "_reconstruct"),
                         ("numpy._core.multiarray", "_reconstruct"),
                         ("numpy.core.numeric", "_frombuffer"), ("numpy._core.numeric", "_frombuffer")})

    def find_class(self, module: str, name: str):  # noqa: ANN201 - pickle's signature
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def _read_cifar_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """One cifar-10-batches-py pickle: rows of 3072 bytes (R, G, B planes of 32x32) and labels."""
    with open(path, "rb") as f:
        batch = _NumpyOnlyUnpickler(f, encoding="bytes").load()
    data = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32)
    return data.transpose(0, 2, 3, 1), np.asarray(batch[b"labels"])


def _read_cifar(home: Path) -> tuple[np.ndarray, ...]:
    batches = [_read_cifar_batch(p) for p in _cache_files("cifar10", home)]
    x_train = np.concatenate([x for x, _ in batches[:-1]])
    y_train = np.concatenate([y for _, y in batches[:-1]])
    return x_train, y_train, *batches[-1]


_READERS = {"mnist": _read_mnist, "fashion_mnist": _read_fashion, "cifar10": _read_cifar}


def _keras_dataset(name: str, val_fraction: float, seed: int, limit: int | None) -> Dataset:
    """Read the cached files in their standard format, downloading them first if absent."""
    home, source = keras_home(), KERAS_SOURCES[name]
    if not _is_cached(name, home):
        _download(name, home)
    try:
        x_train, y_train, x_test, y_test = _READERS[name](home)
        y_train, y_test = np.asarray(y_train).reshape(-1), np.asarray(y_test).reshape(-1)
        if len(x_train) != len(y_train) or len(x_test) != len(y_test):
            raise ValueError("image and label counts differ")
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError, zipfile.BadZipFile) as err:
        folder = _cache_files(name, home)[0].parent
        raise DatasetError(f"The saved {source.title} files in {folder} are damaged ({err}). "
                           "Delete them and load the dataset again to download fresh copies.") from err
    rng = np.random.default_rng(seed)
    train, val = _hold_out(y_train, np.arange(len(y_train)), val_fraction, rng)
    x_train, x_test = _as_images(x_train, 255.0), _as_images(x_test, 255.0)
    return _pack(name, (x_train[train], y_train[train]), (x_train[val], y_train[val]),
                 (x_test, y_test), source.class_names, source.description, raw_max=255.0,
                 limit=limit, seed=seed)


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
# The student's own images: a folder, or a zip of one
# ---------------------------------------------------------------------------


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_NAMES


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not _is_hidden(p.name))


def _find_root(path: Path) -> Path:
    """Step into a lone wrapper folder (what zipping a folder produces) until the classes show."""
    while True:
        entries = _visible(path)
        if len(entries) == 1 and entries[0].is_dir() and any(p.is_dir() for p in _visible(entries[0])):
            path = entries[0]
        else:
            return path


def _named_subfolder(root: Path, names: set[str]) -> Path | None:
    return next((p for p in _visible(root) if p.is_dir() and p.name.lower() in names), None)


def _class_files(root: Path) -> dict[str, list[Path]]:
    """{class name: files}, one class per visible subfolder, files found at any depth."""
    classes = {}
    for folder in (p for p in _visible(root) if p.is_dir()):
        files = [p for p in sorted(folder.rglob("*")) if p.is_file()
                 and not any(_is_hidden(part) for part in p.relative_to(folder).parts)]
        classes[folder.name] = files
    return classes


@dataclass
class _PixelBudget:
    """The pixels one folder or zip may decode in all: a cap on CPU time, whatever the files declare."""

    limit: int
    image_size: tuple[int, int]
    used: int = 0

    def spend(self, pixels: int) -> None:
        self.used += pixels
        if self.used > self.limit:
            h, w = self.image_size
            raise DatasetError(key="data.zip_pixels", limit=f"{self.limit / 1e6:,.6g}", size=f"{h}×{w}")


def _image_array(path: Path, image_size: tuple[int, int], channels: int, budget: _PixelBudget
                 ) -> np.ndarray | None:
    """One file as a uint8 (H, W, C) array, decoded as uploads are (caps, formats); None if unusable."""
    from cnnviz import images
    from cnnviz.errors import ImageError

    if path.stat().st_size > images.MAX_UPLOAD_BYTES:  # not read into memory just to be refused
        return None
    try:
        picture = images.decode_image(path.read_bytes())
        budget.spend(picture.width * picture.height)
        array = images.to_array(picture, image_size, channels)
    except ImageError:
        return None
    return np.round(array * 255).astype(np.uint8)


def _decode_classes(classes: dict[str, list[Path]], class_names: tuple[str, ...],
                    image_size: tuple[int, int], channels: int, skipped: list[str], budget: _PixelBudget
                    ) -> tuple[np.ndarray, np.ndarray]:
    images, labels = [], []
    for label, name in enumerate(class_names):
        for path in classes.get(name, []):
            array = _image_array(path, image_size, channels, budget)
            if array is None:
                skipped.append(f"{name}/{path.name}")
            else:
                images.append(array)
                labels.append(label)
    h, w = image_size
    x = np.stack(images) if images else np.zeros((0, h, w, channels), np.uint8)
    return x, np.asarray(labels, dtype=np.int64)


def _check_classes(found: dict[str, list[Path]], root: Path) -> None:
    """Explain folder layouts that cannot make a classification task."""
    if not found:
        raise DatasetError(
            f"No class folders found in “{root.name}”. Put the images in one subfolder per class, "
            "for example cloudy/, rain/, shine/ and sunrise/.")
    if len(found) == 1:
        raise DatasetError(
            f"Only one class folder (“{next(iter(found))}”) was found. A classifier needs at least two "
            "classes: add another subfolder of images.")


def _check_images(y: np.ndarray, class_names: tuple[str, ...], skipped: list[str]) -> None:
    present = set(np.unique(y).tolist())
    why = ""
    if skipped:
        why = (f" {len(skipped)} file(s) could not be read as images, e.g. {', '.join(skipped[:3])} "
               "(Pillow reads PNG, JPEG, GIF, BMP, TIFF and WebP; a renamed text file is not an image).")
    if not present:
        raise DatasetError("No usable images were found." + why)
    if len(present) < 2:
        raise DatasetError(f"Only the class “{class_names[min(present)]}” has usable images; a classifier "
                           "needs images in at least two classes." + why)


def load_image_folder(path: str | Path, *, image_size: tuple[int, int] = (64, 64), channels: int = 3,
                      val_fraction: float = 0.15, test_fraction: float = 0.15, seed: int = 0,
                      name: str | None = None, max_total_pixels: int = MAX_TOTAL_PIXELS) -> Dataset:
    """Images in one subfolder per class; a train/ + test/ layout keeps its given test split.

    `image_size` is (height, width); `channels` is 1 (grayscale) or 3 (RGB). Fractions are of
    all images, except with a given test/ folder, where validation is carved from train/.
    """
    root = Path(path)
    if not root.is_dir():
        raise DatasetError(f"“{root}” is not a folder.")
    if channels not in (1, 3):
        raise DatasetError(f"Images can have 1 channel (grayscale) or 3 (RGB), not {channels}.")
    _check_fraction(val_fraction, "validation")
    _check_fraction(test_fraction, "test")
    if val_fraction + test_fraction >= 1:
        raise DatasetError("Validation and test together must leave some images for training.")
    root = _find_root(root)
    train_dir = _named_subfolder(root, {"train", "training"})
    test_dir = _named_subfolder(root, {"test", "testing"})
    given_split = train_dir is not None and test_dir is not None
    found = _class_files(train_dir if given_split else root)
    _check_classes(found, root)
    class_names = tuple(found)
    skipped: list[str] = []
    budget = _PixelBudget(max_total_pixels, image_size)
    x, y = _decode_classes(found, class_names, image_size, channels, skipped, budget)
    _check_images(y, class_names, skipped)
    rng = np.random.default_rng(seed)
    if given_split:
        test_found = _class_files(test_dir)
        extra = sorted(set(test_found) - set(found))
        if extra:
            raise DatasetError(f"The test folder has classes the train folder lacks: {', '.join(extra)}.")
        x_test, y_test = _decode_classes(test_found, class_names, image_size, channels, skipped, budget)
        train, val = _hold_out(y, np.arange(len(y)), val_fraction, rng)
    else:
        rest, test = _hold_out(y, np.arange(len(y)), test_fraction, rng)
        train, val = _hold_out(y, rest, val_fraction / (1 - test_fraction), rng)
        x_test, y_test = x[test], y[test]
    total = len(y) + (len(y_test) if given_split else 0)
    description = (f"{total} images in {len(class_names)} classes from “{name or root.name}”"
                   + (", with the folder's own test split" if given_split else "") + ".")
    if skipped:
        description += f" Skipped {len(skipped)} file(s) that are not readable images: {', '.join(skipped[:5])}."
    h, w = image_size
    return _pack(
        name or root.name, (_as_images(x[train], 255), y[train]), (_as_images(x[val], 255), y[val]),
        (_as_images(x_test, 255), y_test), class_names, description, raw_max=255.0, seed=seed,
        preprocessing=(f"Each file was decoded with Pillow, turned upright using its EXIF tag, converted to "
                       f"{'grayscale' if channels == 1 else 'RGB colour'} and resized to {h}×{w}, so every "
                       "input has the same shape.",),
    )


def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author wrote it: UTF-8 or Korean CP949 bytes read back from CP437, in NFC."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        raw = name.encode("cp437")
        for encoding in ("utf-8", "cp949"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return unicodedata.normalize("NFC", name)  # macOS writes decomposed Hangul; class names compare composed


def _entry_parts(info: zipfile.ZipInfo) -> list[str]:
    return [p for p in PurePosixPath(info.filename.replace("\\", "/")).parts if p not in ("", ".")]


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _zip_entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why an entry could write outside the extraction folder, or None if it is safe."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "has an absolute path"
    if ".." in name.split("/"):
        return "points outside the archive with “..”"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "is a symbolic link"
    return None


def _is_extracted(info: zipfile.ZipInfo) -> bool:
    parts = _entry_parts(info)
    return bool(parts) and not info.is_dir() and not any(_is_hidden(p) for p in parts)


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse names no file system can hold: too long, or a file and a folder of the same name."""
    files, folders = set(), set()
    for info in filter(_is_extracted, infos):
        parts = _entry_parts(info)
        for part in parts:
            if len(part.encode()) > MAX_NAME_BYTES:
                raise DatasetError(key="data.zip_long_name", name=_short(part), length=len(part.encode()),
                                   limit=MAX_NAME_BYTES)
        files.add(tuple(parts))
        folders.update(tuple(parts[:i]) for i in range(1, len(parts)))
    clash = sorted(files & folders)
    if clash:
        raise DatasetError(key="data.zip_clash", name=_short("/".join(clash[0])))


def _check_zip(infos: list[zipfile.ZipInfo], max_total_bytes: int, max_files: int) -> None:
    for info in infos:
        problem = _zip_entry_problem(info)
        if problem:
            raise DatasetError(f"This zip is unsafe: the entry “{_short(info.filename)}” {problem}. "
                               "Zip the class folders again with an ordinary zip tool.")
    if len(infos) > max_files:
        raise DatasetError(f"This zip holds {len(infos):,} entries, more than the limit of {max_files:,}. "
                           "It may be a zip bomb; upload a smaller set of images.")
    total = sum(info.file_size for info in infos)
    if total > max_total_bytes:
        raise DatasetError(f"This zip would unpack to {total / MB:,.1f} MB, more than the limit of "
                           f"{max_total_bytes / MB:,.1f} MB. It may be a zip bomb; upload fewer or "
                           "smaller images.")
    _check_names(infos)


def _extract_zip(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], target: Path,
                 max_total_bytes: int) -> None:
    """Copy the visible files into `target`, counting bytes as they come out."""
    target = target.resolve()
    written = 0
    for info in filter(_is_extracted, infos):
        destination = target.joinpath(*_entry_parts(info)).resolve()
        if not destination.is_relative_to(target):
            raise DatasetError(f"This zip is unsafe: “{_short(info.filename)}” would be written outside its "
                               "folder.")
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(destination, "wb") as dst:
                while chunk := src.read(MB):
                    written += len(chunk)
                    if written > max_total_bytes:
                        raise DatasetError("This zip unpacks to more than its listed size. It may be a zip "
                                           "bomb; upload a smaller set of images.")
                    dst.write(chunk)
        except OSError as err:  # what the checks above did not foresee: a full disk, a path too deep, …
            raise DatasetError(key="data.zip_write_failed", name=_short(info.filename),
                               reason=err.strerror or type(err).__name__) from err


def load_image_zip(data: bytes | str | Path, *, image_size: tuple[int, int] = (64, 64), channels: int = 3,
                   val_fraction: float = 0.15, test_fraction: float = 0.15, seed: int = 0,
                   max_total_bytes: int = 200 * MB, max_files: int = 20_000,
                   max_total_pixels: int = MAX_TOTAL_PIXELS, name: str | None = None) -> Dataset:
    """A zip of class folders (as bytes from an upload, or a path), unpacked safely to a temp folder.

    Images are decoded as uploads are (`cnnviz.images.decode_image`: its size caps and formats), with at
    most `max_total_pixels` decoded from the whole archive.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        source: io.BytesIO | Path = io.BytesIO(bytes(data))
        name = name or "uploaded images"
    else:
        source = Path(data)
        if not source.is_file():
            raise DatasetError(f"The file “{source}” does not exist.")
        name = name or source.stem
    with tempfile.TemporaryDirectory(prefix="cnnviz-zip-") as tmp:
        try:
            with zipfile.ZipFile(source) as archive:
                infos = archive.infolist()
                for info in infos:
                    info.filename = _entry_name(info)  # reading still checks the header's own bytes
                _check_zip(infos, max_total_bytes, max_files)
                _extract_zip(archive, infos, Path(tmp), max_total_bytes)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
            raise DatasetError("This file is not a readable zip archive (it may be damaged, cut short, or "
                               "another kind of file). Zip the class folders again and upload that.") from err
        except RuntimeError as err:  # zipfile's way of saying "encrypted"
            raise DatasetError("This zip is password-protected; upload one without a password.") from err
        return load_image_folder(tmp, image_size=image_size, channels=channels, val_fraction=val_fraction,
                                 test_fraction=test_fraction, seed=seed, name=name,
                                 max_total_pixels=max_total_pixels)


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
                raise DatasetError(f"The {name} amount must be between 0 and {top:g} (got {value:g}).")

    @property
    def enabled(self) -> bool:
        return (self.flip_horizontal or self.flip_vertical
                or any(v > 0 for v in (self.rotation, self.zoom, self.brightness, self.contrast)))


DIGIT_DATASETS = frozenset({"digits", "mnist"})
LARGE_ROTATION = 30 / 360     # beyond ±30°, upright-only classes start to look different
STRONG_LIGHTING = 0.4


def augmentation_warnings(dataset_name: str, aug: Augmentation) -> list[str]:
    """Where an augmentation could change what an image shows, so its label becomes wrong."""
    degrees = aug.rotation * 360
    warnings = []
    if dataset_name in DIGIT_DATASETS:
        if aug.flip_horizontal or aug.flip_vertical:
            warnings.append("Flipping digits changes their meaning: a mirrored 2, 3 or 7 is not a digit "
                            "anyone writes, and an upside-down 6 looks like a 9.")
        if aug.rotation > LARGE_ROTATION:
            warnings.append(f"Rotating digits by up to ±{degrees:.0f}° can change their class: a 6 turned "
                            "half-way round is a 9, and a tilted 1 looks like a 7. Keep it under about 15°.")
    elif dataset_name == "shapes" and aug.rotation > 20 / 360:
        warnings.append(f"Rotating by up to ±{degrees:.0f}° turns horizontal and vertical lines into "
                        "diagonal ones, so their labels become wrong.")
    elif dataset_name in ("fashion_mnist", "fashion_mnist_sample", "cifar10"):
        if aug.flip_vertical:
            things = "upside-down ships, trucks and horses" if dataset_name == "cifar10" else \
                "upside-down shoes and shirts"
            warnings.append(f"Vertical flips create {things}, which never appear in the test photos; "
                            "horizontal flips are the safe choice here.")
        if aug.rotation > LARGE_ROTATION:
            warnings.append(f"These photos are always upright; rotations up to ±{degrees:.0f}° show the "
                            "model views it will never be tested on.")
    if aug.brightness > STRONG_LIGHTING or aug.contrast > STRONG_LIGHTING:
        warnings.append("Strong brightness or contrast changes can erase what separates classes that "
                        "differ by light or colour (day and night, sunrise and shine, red and green "
                        "traffic lights).")
    if aug.zoom > 0.3:
        warnings.append("Zooming in by more than 30% can cut off the part of the object that identifies it.")
    return warnings


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
        raise DatasetError(f"The batch size must be at least 1 (got {batch_size}).")


def train_batches(dataset: Dataset, batch_size: int, aug: Augmentation | None = None, seed: int = 0
                  ) -> tf.data.Dataset:
    """Shuffled training batches, augmented if asked; only the training split is ever augmented."""
    import tensorflow as tf

    _check_batch_size(batch_size)
    if len(dataset.y_train) == 0:
        raise DatasetError("The training split is empty; use a larger dataset or a smaller limit.")
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


__all__ = [
    "Augmentation", "Dataset", "DatasetInfo", "augmentation_warnings", "augmenter",
    "eval_batches", "fashion_sample_arrays", "featured_sample", "keras_home", "list_datasets",
    "load_dataset", "load_image_folder", "load_image_zip", "make_shapes", "preprocessing_steps",
    "train_batches",
]
