"""Vet an uploaded ``.keras`` file before Keras opens it, so a hostile file cannot exhaust the server.

A ``.keras`` file is a zip holding ``config.json`` (the model described as JSON) and ``model.weights.h5``.
Keras builds the model from the description first, allocating every weight, and only then reads the weights,
so a 3 KB file declaring ``Dense(550000)`` asks for 18.6 GB. Everything here reads the file without building
anything and without inflating more than the caps allow:

1. `check_archive`: the zip's directory, each member's declared size and compression ratio, and its actual
   size while it is unpacked (a member holding more than its header declares is damaged).
2. `check_json`: the nesting depth and number of objects of ``config.json``, by a flat scan before parsing.
3. `check_model_size`: layers, parameters and activation memory, computed from the parsed description by
   `cnnviz.model_size` (a small shape inference for the common layer types), against the caps.
4. `weights_size`: the bytes the weights file's arrays declare, read from the HDF5 headers only.
5. `refuse_unsafe`: Lambda layers, serialised lambdas and layers that read the server's files; and
   `describe_non_zip` / `load_error`: what a file that fails is, in words a student can act on.

Every refusal is a `CheckpointError` with an i18n key, raised before any large allocation.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any

import numpy as np

from cnnviz.core.errors import CheckpointError
from cnnviz.core.i18n import Phrase
from cnnviz.uploads.model_size import BYTES_PER_VALUE, ModelSize, model_size

MAX_PARAMS = 150_000_000  # VGG16 with its classifier has 138 M
MAX_LAYERS = 2_000  # ResNet152 has 517, EfficientNetB7 813
MAX_ACTIVATION_BYTES = 2 * 10**9  # float32 outputs of all layers for one input (VGG16 at 224x224: 0.06 GB)
MAX_WEIGHTS_BYTES = 2 * 10**9  # arrays declared in model.weights.h5 (weights plus optimizer state)
MAX_WEIGHT_ARRAYS = 50_000
MAX_MEMBER_BYTES = 64 * 2**20  # any other member (config.json, metadata, assets)
MAX_DIRECTORY_BYTES = 2**20  # the zip's central directory: a Keras file lists 3 or 4 members
MAX_RATIO = 100  # real weights barely compress; zeros compress about 1000 times
RATIO_FLOOR = 2**20  # members smaller than this may compress as well as they like
MAX_JSON_DEPTH = 200  # a Keras config is about 10 levels deep per nested model
MAX_JSON_ITEMS = 2_000_000  # values, objects and lists in config.json: a parsed one is ~100 bytes in Python
WEIGHTS_H5 = "model.weights.h5"

def size_text(n_bytes: int) -> str:
    """Bytes as people say them: '18.6 GB', '2.1 MB' (powers of 1000)."""
    if n_bytes >= 10**9:
        return f"{n_bytes / 10**9:,.1f} GB"
    return f"{n_bytes / 10**6:,.1f} MB"


# --------------------------------------------------------------------------- 1. the zip archive


def check_directory(path: Path, label: str) -> None:
    """Refuse a zip whose central directory is too big to list cheaply (millions of members)."""
    try:
        with open(path, "rb") as f:
            end = zipfile._EndRecData(f)  # type: ignore[attr-defined]  # stable since Python 2
    except (OSError, AttributeError):
        return  # zipfile itself reports what is wrong
    if end and end[zipfile._ECD_SIZE] > MAX_DIRECTORY_BYTES:  # type: ignore[attr-defined]
        raise CheckpointError(key="error.upload_directory", name=label)


def check_archive(zf: zipfile.ZipFile, label: str) -> None:
    """Check every member's declared size, compression ratio and actual size before Keras reads any."""
    infos = zf.infolist()
    for info in infos:
        limit = MAX_WEIGHTS_BYTES if info.filename == WEIGHTS_H5 else MAX_MEMBER_BYTES
        if info.filename.endswith(".npz"):
            raise CheckpointError(key="error.upload_npz", name=label)
        if info.file_size > limit:
            raise CheckpointError(key="error.upload_member_big", name=label, member=info.filename,
                                  size=size_text(info.file_size), limit=size_text(limit))
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise CheckpointError(key="error.upload_zip_bomb", name=label, member=info.filename,
                                  size=size_text(info.file_size), packed=size_text(info.compress_size),
                                  ratio=f"{info.file_size // max(info.compress_size, 1):,}", limit=MAX_RATIO)
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise CheckpointError(key="error.upload_member_damaged", name=label, member=info.filename)
    for info in infos:  # declared sizes are fine: unpack compressed members to check they hold what they say
        if info.compress_type != zipfile.ZIP_STORED:
            _check_unpacked(zf, info, label)


def _check_unpacked(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> None:
    """Unpack a member in 1 MB pieces: zipfile stops at the declared size and checks the CRC, so a member
    holding more (or other) data than it declares fails here, with at most 1 MB in memory."""
    count = 0
    try:
        with zf.open(info) as member:
            while piece := member.read(2**20):
                count += len(piece)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as err:
        raise CheckpointError(key="error.upload_member_damaged", name=label, member=info.filename) from err
    if count != info.file_size:
        raise CheckpointError(key="error.upload_member_damaged", name=label, member=info.filename)


# --------------------------------------------------------------------------- 2. config.json before parsing

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")


def json_depth(raw: bytes) -> int:
    """How deeply JSON text nests objects and lists, found without recursion (brackets in strings ignored)."""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", _ESCAPE.sub(b"", raw)))
    if not brackets:
        return 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1)
    return int(np.cumsum(steps, dtype=np.int64).max())


def check_json(raw: bytes, label: str) -> None:
    """Refuse JSON too deep for Python's parser or too large to hold as Python objects, before parsing it."""
    items = sum(raw.count(c) for c in (b"{", b"[", b",", b":"))  # also those in strings: an upper bound
    if items > MAX_JSON_ITEMS:
        raise CheckpointError(key="error.upload_json_big", name=label, count=f"{items:,}",
                              limit=f"{MAX_JSON_ITEMS:,}")
    depth = json_depth(raw)
    if depth > MAX_JSON_DEPTH:
        raise CheckpointError(key="error.upload_json_deep", name=label, depth=f"{depth:,}",
                              limit=MAX_JSON_DEPTH)


# --------------------------------------------------------------------------- 3. the model description

def check_model_size(config: Any, label: str) -> ModelSize:
    """Refuse a model above the caps on layers, parameters or activation memory, or one it cannot size."""
    size = model_size(config)
    if size.layers > MAX_LAYERS:
        raise CheckpointError(key="error.upload_layers", name=label, count=f"{size.layers:,}",
                              limit=f"{MAX_LAYERS:,}")
    if size.params > MAX_PARAMS:
        raise CheckpointError(key="error.upload_params", name=label, count=f"{size.params:,}",
                              size=size_text(size.params * BYTES_PER_VALUE), limit=f"{MAX_PARAMS:,}")
    if size.activation_bytes > MAX_ACTIVATION_BYTES:
        raise CheckpointError(key="error.upload_activations", name=label,
                              size=size_text(size.activation_bytes), limit=size_text(MAX_ACTIVATION_BYTES))
    if size.unknown_types:  # Keras would build them before anything could say how much they allocate
        raise CheckpointError(key="error.upload_unknown_layers", name=label,
                              types=", ".join(size.unknown_types))
    if size.unsized:
        layer, kind = size.unsized[0]
        raise CheckpointError(key="error.upload_unsized", name=label, layer=layer, type=kind)
    return size


# --------------------------------------------------------------------------- 4. the weights file


def weights_size(fileobj: IO[bytes]) -> tuple[int, int]:
    """(arrays, bytes) the HDF5 weights file declares, read from its headers without reading any array."""
    import h5py

    arrays, total = 0, 0
    with h5py.File(fileobj, "r") as f:
        pending = [f]
        while pending:
            group = pending.pop()
            for name in group:
                link = group.get(name, getlink=True)
                if not isinstance(link, h5py.HardLink):
                    continue  # Keras refuses soft and external links itself
                item = group[name]
                if isinstance(item, h5py.Group):
                    pending.append(item)
                elif isinstance(item, h5py.Dataset):
                    arrays += 1
                    total += math.prod(item.shape or ()) * item.dtype.itemsize
                if arrays > MAX_WEIGHT_ARRAYS:
                    return arrays, total
    return arrays, total


def check_weights(zf: zipfile.ZipFile, path: Path, label: str) -> None:
    """Refuse a weights file whose arrays declare more than MAX_WEIGHTS_BYTES (a shape bomb stores none)."""
    try:
        info = zf.getinfo(WEIGHTS_H5)
    except KeyError:
        return
    try:
        with _member_file(zf, info, path) as fileobj:
            arrays, total = weights_size(fileobj)
    except CheckpointError:
        raise
    except Exception as err:  # h5py raises OSError, ValueError, KeyError... for a broken file
        raise CheckpointError(key="error.upload_member_damaged", name=label, member=WEIGHTS_H5) from err
    if arrays > MAX_WEIGHT_ARRAYS:
        raise CheckpointError(key="error.upload_weight_arrays", name=label, count=f"{arrays:,}",
                              limit=f"{MAX_WEIGHT_ARRAYS:,}")
    if total > MAX_WEIGHTS_BYTES:
        raise CheckpointError(key="error.upload_weights_big", name=label, size=size_text(total),
                              limit=size_text(MAX_WEIGHTS_BYTES))


class _Slice(io.RawIOBase):
    """A read-only, seekable window onto part of a file: a stored zip member, without copying it."""

    def __init__(self, f: IO[bytes], start: int, length: int) -> None:
        super().__init__()
        self._file = f
        self._start = start
        self._length = length
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        self._pos = max(base + offset, 0)
        return self._pos

    def readinto(self, buffer: Any) -> int:
        count = max(min(len(buffer), self._length - self._pos), 0)
        self._file.seek(self._start + self._pos)
        data = self._file.read(count)
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)


class _member_file:  # noqa: N801  (a context manager used like a function)
    """The member as a seekable file: a window onto the zip when stored, else a temporary unpacked copy."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
        self._zf = zf
        self._info = info
        self._path = path
        self._handles: list[IO[bytes]] = []

    def __enter__(self) -> IO[bytes]:
        import tempfile

        if self._info.compress_type == zipfile.ZIP_STORED:
            raw = open(self._path, "rb")
            self._handles.append(raw)
            raw.seek(self._info.header_offset)
            header = raw.read(30)
            if header[:4] != b"PK\x03\x04":
                raise ValueError("no local header where the zip directory points")
            start = self._info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(
                header[28:30], "little")
            return io.BufferedReader(_Slice(raw, start, self._info.file_size))
        copy = tempfile.TemporaryFile()
        self._handles.append(copy)
        with self._zf.open(self._info) as member:
            while piece := member.read(2**20):
                copy.write(piece)
        copy.seek(0)
        return copy

    def __exit__(self, *exc: object) -> None:
        for handle in self._handles:
            handle.close()


# ------------------------------------------------------------------ 5. what Keras or the file itself says

_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_ZIP_MAGIC = b"PK\x03\x04"


def describe_non_zip(path: Path, label: str) -> Phrase:
    """What a file that is not a valid zip most likely is, from its first bytes (English; `.text(lang)`)."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        head = b""
    text = head.lstrip().lower()
    if not head:
        return Phrase("vet.empty", label=label)
    if head.startswith(_HDF5_MAGIC):
        return Phrase("vet.h5", label=label)
    if head.startswith(_ZIP_MAGIC):
        return Phrase("vet.bad_zip", label=label)
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return Phrase("vet.html", label=label)
    if text.startswith((b"{", b"[")):
        return Phrase("vet.json", label=label)
    return Phrase("vet.not_zip", label=label)


def refuse_unsafe(config: Any, label: str, saving: bool = False) -> None:
    """Refuse Lambda layers, serialised Python lambdas and layers that read files from the server
    (a TFSMLayer's SavedModel, a lookup layer's vocabulary file) anywhere outside the compile settings."""
    found = _find_unsafe(config)
    if found is None:
        return
    kind, layer = found
    if kind == "TFSMLayer":
        raise CheckpointError(key="error.save_tfsm" if saving else "error.upload_tfsm", name=label)
    if kind == "vocabulary":
        raise CheckpointError(key="error.save_vocabulary_file" if saving else "error.upload_vocabulary_file",
                              name=label, type=layer, path=_find_vocabulary(config))
    what = "lambda_layer" if kind == "Lambda" else "lambda_function"
    raise CheckpointError(key=f"vet.save_{what}" if saving else f"vet.{what}", label=label)


def _find_unsafe(node: Any) -> tuple[str, str] | None:
    """(what, layer type) of the first unsafe thing: 'Lambda', '__lambda__', 'TFSMLayer' or 'vocabulary'.

    Recursive: only called on a config whose depth `vetting.check_json` has bounded."""
    if isinstance(node, dict):
        name = node.get("class_name")
        if name in ("Lambda", "__lambda__", "TFSMLayer"):
            return str(name), str(name)
        inner = node.get("config")
        if isinstance(inner, dict) and isinstance(inner.get("vocabulary"), str):
            return "vocabulary", str(name)
        for key, child in node.items():
            if key == "compile_config":  # a lambda loss is skipped by compile=False instead
                continue
            hit = _find_unsafe(child)
            if hit:
                return hit
    elif isinstance(node, list):
        for child in node:
            hit = _find_unsafe(child)
            if hit:
                return hit
    return None


def _find_vocabulary(node: Any) -> str:
    """The vocabulary file path a lookup layer in `node` names (shortened for a message)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            inner = item.get("config")
            if isinstance(inner, dict) and isinstance(inner.get("vocabulary"), str):
                return inner["vocabulary"][:200]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return ""


_UNKNOWN_CLASS = re.compile(
    r"Could not locate (?:class|function) '([^']+)'|Cannot deserialize object of type `([^`]+)`"
    r"|Could not deserialize (?:class|function) '([^']+)'"
)


def load_error(err: Exception, label: str) -> CheckpointError:
    """Translate what Keras, zipfile or h5py raised into a message for the student."""
    message = str(err)
    unknown = _UNKNOWN_CLASS.search(message)
    if unknown:
        name = next(g for g in unknown.groups() if g)
        return CheckpointError(key="vet.custom_object", label=label, name=name)
    if "TFSMLayer" in message:
        return CheckpointError(key="error.upload_tfsm", name=label)
    if "vocabulary file" in message:
        return CheckpointError(key="error.upload_vocabulary_file", name=label, type="lookup",
                               path=message.rsplit("Vocabulary file: ", 1)[-1].strip("'")[:200])
    if "Requested the deserialization of" in message or "safe_mode" in message:
        return CheckpointError(key="vet.custom_code", label=label)
    if "could not be loaded" in message:
        return CheckpointError(key="vet.weights_mismatch", label=label)
    if "decompression bomb" in message:
        return CheckpointError(key="vet.bomb", label=label)
    if isinstance(err, (zipfile.BadZipFile, zlib.error, EOFError, OSError)):
        return CheckpointError(key="vet.unreadable", label=label)
    first_line = message.splitlines()[0] if message else type(err).__name__
    return CheckpointError(key="vet.keras_failed", label=label, reason=first_line)
