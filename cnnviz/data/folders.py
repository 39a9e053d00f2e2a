"""The student's own images: a folder with one subfolder per class, or a zip of one, with its guards."""

from __future__ import annotations

import io
import re
import stat
import struct
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np

from cnnviz.core.errors import DatasetError
from cnnviz.core.i18n import Phrase
from cnnviz.data.types import Dataset, _as_images, _check_fraction, _hold_out, _pack

MB = 1024 * 1024
SKIPPED_NAMES = frozenset({"__MACOSX", "Thumbs.db", "desktop.ini"})
MAX_TOTAL_PIXELS = 1_000_000_000  # decoded from one folder or zip: at worst ~15 s of CPU (measured)
MAX_NAME_BYTES = 255  # the longest file or folder name Linux, macOS and Windows file systems accept
UTF8_FLAG = 0x800  # zip flag bit: the entry's name is UTF-8; without it, Python reads the bytes as CP437

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
    from cnnviz.core.errors import ImageError
    from cnnviz.uploads import images

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
        raise DatasetError(key="data.no_class_folders", name=root.name)
    if len(found) == 1:
        raise DatasetError(key="data.one_class_folder", name=next(iter(found)))


def _check_images(y: np.ndarray, class_names: tuple[str, ...], skipped: list[str]) -> None:
    present = set(np.unique(y).tolist())
    why = []
    if skipped:
        why.append(("data.unreadable_files", {"count": len(skipped), "files": ", ".join(skipped[:3])}))
    if not present:
        raise DatasetError(Phrase.join([("data.no_usable_images", {}), *why]))
    if len(present) < 2:
        only = class_names[min(present)]
        raise DatasetError(Phrase.join([("data.one_usable_class", {"name": only}), *why]))


def load_image_folder(path: str | Path, *, image_size: tuple[int, int] = (64, 64), channels: int = 3,
                      val_fraction: float = 0.15, test_fraction: float = 0.15, seed: int = 0,
                      name: str | None = None, max_total_pixels: int = MAX_TOTAL_PIXELS) -> Dataset:
    """Images in one subfolder per class; a train/ + test/ layout keeps its given test split.

    `image_size` is (height, width); `channels` is 1 (grayscale) or 3 (RGB). Fractions are of
    all images, except with a given test/ folder, where validation is carved from train/.
    """
    root = Path(path)
    if not root.is_dir():
        raise DatasetError(key="data.not_a_folder", path=root)
    if channels not in (1, 3):
        raise DatasetError(key="data.folder_channels", channels=channels)
    _check_fraction(val_fraction, "validation")
    _check_fraction(test_fraction, "test")
    if val_fraction + test_fraction >= 1:
        raise DatasetError(key="data.fractions_sum")
    root = _find_root(root)
    train_dir = _named_subfolder(root, {"train", "training"})
    test_dir = _named_subfolder(root, {"test", "testing"})
    split = (train_dir, test_dir) if train_dir is not None and test_dir is not None else None
    given_split = split is not None
    found = _class_files(split[0] if split is not None else root)
    _check_classes(found, root)
    class_names = tuple(found)
    skipped: list[str] = []
    budget = _PixelBudget(max_total_pixels, image_size)
    x, y = _decode_classes(found, class_names, image_size, channels, skipped, budget)
    _check_images(y, class_names, skipped)
    rng = np.random.default_rng(seed)
    if split is not None:
        test_found = _class_files(split[1])
        extra = sorted(set(test_found) - set(found))
        if extra:
            raise DatasetError(key="data.test_extra_classes", names=", ".join(extra))
        x_test, y_test = _decode_classes(test_found, class_names, image_size, channels, skipped, budget)
        train, val = _hold_out(y, np.arange(len(y)), val_fraction, rng)
    else:
        rest, test = _hold_out(y, np.arange(len(y)), test_fraction, rng)
        train, val = _hold_out(y, rest, val_fraction / (1 - test_fraction), rng)
        x_test, y_test = x[test], y[test]
    total = len(y) + (len(y_test) if given_split else 0)
    about = {"total": total, "classes": len(class_names), "name": name or root.name}
    parts = [("data.desc.folder_split" if given_split else "data.desc.folder", about)]
    if skipped:
        parts.append(("data.desc.skipped", {"count": len(skipped), "files": ", ".join(skipped[:5])}))
    description = Phrase.join(parts)
    h, w = image_size
    return _pack(
        name or root.name, (_as_images(x[train], 255), y[train]), (_as_images(x[val], 255), y[val]),
        (_as_images(x_test, 255), y_test), class_names, description, raw_max=255.0, seed=seed,
        preprocessing=(Phrase("data.prep.folder_grey" if channels == 1 else "data.prep.folder_rgb",
                              h=h, w=w),),
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
    """The message key saying why an entry could write outside the extraction folder; None if it is safe."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "data.zip_absolute"
    if ".." in name.split("/"):
        return "data.zip_dotdot"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "data.zip_symlink"
    return None


def _is_extracted(info: zipfile.ZipInfo) -> bool:
    parts = _entry_parts(info)
    return bool(parts) and not info.is_dir() and not any(_is_hidden(p) for p in parts)


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse names no file system can hold: too long, or a file and a folder of the same name."""
    files: set[tuple[str, ...]] = set()
    folders: set[tuple[str, ...]] = set()
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
            raise DatasetError(key=problem, name=_short(info.filename))
    if len(infos) > max_files:
        raise DatasetError(key="data.zip_too_many", count=len(infos), limit=max_files)
    total = sum(info.file_size for info in infos)
    if total > max_total_bytes:
        raise DatasetError(key="data.zip_too_big", size=total / MB, limit=max_total_bytes / MB)
    _check_names(infos)


def _extract_zip(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], target: Path,
                 max_total_bytes: int) -> None:
    """Copy the visible files into `target`, counting bytes as they come out."""
    target = target.resolve()
    written = 0
    for info in filter(_is_extracted, infos):
        destination = target.joinpath(*_entry_parts(info)).resolve()
        if not destination.is_relative_to(target):
            raise DatasetError(key="data.zip_outside", name=_short(info.filename))
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(destination, "wb") as dst:
                while chunk := src.read(MB):
                    written += len(chunk)
                    if written > max_total_bytes:
                        raise DatasetError(key="data.zip_grows")
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
            raise DatasetError(key="data.no_such_file", path=source)
        name = name or source.stem
    with tempfile.TemporaryDirectory(prefix="cnnviz-zip-") as tmp:
        try:
            with zipfile.ZipFile(source) as archive:
                infos = archive.infolist()
                for info in infos:
                    info.filename = _entry_name(info)  # reading still checks the header's own bytes
                _check_zip(infos, max_total_bytes, max_files)
                _extract_zip(archive, infos, Path(tmp), max_total_bytes)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
                struct.error) as err:  # ValueError: a directory pointing before 0
            raise DatasetError(key="data.zip_unreadable") from err
        except RuntimeError as err:  # zipfile's way of saying "encrypted"
            raise DatasetError(key="data.zip_password") from err
        return load_image_folder(tmp, image_size=image_size, channels=channels, val_fraction=val_fraction,
                                 test_fraction=test_fraction, seed=seed, name=name,
                                 max_total_pixels=max_total_pixels)
