"""Datasets Keras downloads once into its cache folder (MNIST, Fashion-MNIST, CIFAR-10), read safely."""

from __future__ import annotations

import gzip
import os
import pickle
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnnviz.core.errors import DatasetError
from cnnviz.core.i18n import Phrase
from cnnviz.data.embedded import FASHION_CLASSES
from cnnviz.data.types import Dataset, _as_images, _hold_out, _pack

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
        Phrase("data.about.fashion_mnist"), 30),
    "mnist": _KerasSource(
        "MNIST", tuple(str(d) for d in range(10)),
        Phrase("data.about.mnist"), 11),
    "cifar10": _KerasSource(
        "CIFAR-10",
        ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
        Phrase("data.about.cifar10"), 170),
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


def fill_cache(name: str, folder: str | Path, home: str | Path | None = None) -> Path:
    """Copy a dataset's standard files from `folder` into Keras's cache (`home`, else `keras_home()`), where a
    download would leave them, so ``keras.datasets`` and cnnviz read them without a network. Returns the
    cache folder. Fashion-MNIST (its four .gz files) and MNIST (mnist.npz) only; existing files are kept.
    """
    import shutil

    if name not in ("fashion_mnist", "mnist"):
        raise DatasetError(key="data.unknown", name=name, known="fashion_mnist, mnist")
    targets = _cache_files(name, Path(home) if home is not None else keras_home())
    missing = [target.name for target in targets if not (Path(folder) / target.name).is_file()]
    if missing:
        raise DatasetError(key="data.download_missing", title=KERAS_SOURCES[name].title, folder=folder)
    for target in targets:
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(folder) / target.name, target)
    return targets[0].parent


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
        raise DatasetError(key="data.download_missing", title=source.title,
                           folder=_cache_files(name, home)[0].parent)


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
        raise DatasetError(key="data.download_damaged", title=source.title, folder=folder,
                           reason=err) from err
    rng = np.random.default_rng(seed)
    train, val = _hold_out(y_train, np.arange(len(y_train)), val_fraction, rng)
    x_train, x_test = _as_images(x_train, 255.0), _as_images(x_test, 255.0)
    return _pack(name, (x_train[train], y_train[train]), (x_train[val], y_train[val]),
                 (x_test, y_test), source.class_names, source.description, raw_max=255.0,
                 limit=limit, seed=seed)
