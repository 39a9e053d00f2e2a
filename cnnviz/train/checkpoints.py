"""Save and load checkpoints: a Keras model plus the story of how it was trained.

A checkpoint is ``NAME.keras`` (the Keras 3 zip format) with a JSON sidecar
``NAME.json`` next to it holding `Metadata`. The sidecar is read without
TensorFlow, so the app can list checkpoints cheaply. The same metadata also
travels inside the ``.keras`` zip (member ``cnnviz_metadata.json``, which Keras
ignores), so a downloaded checkpoint uploaded again keeps its class names and story. A small model's
checkpoint also carries the weights of every epoch (`cnnviz.replay`): `epoch_weights`, `model_at_epoch`.

Saving is atomic: each file is written to a hidden temporary file in the same
folder, flushed to disk, then renamed over the old one, so a crash or a Stop
mid-save leaves the previous checkpoint intact. The ``.keras`` (with its
embedded metadata) is the truth and is renamed into place last; the sidecar is
only a cache of that metadata, trusted while it holds the very same bytes
(`list_checkpoints` compares size and CRC-32 with the zip's directory) and
rewritten from the ``.keras`` when it is missing or stale. So a server killed
at any instant of a save leaves the old checkpoint or the new one, never a run
without its owner; leftover temporary files are never listed and are removed
once stale.

Loading never runs code from the file: Keras loads with ``safe_mode=True`` and
models containing a ``Lambda`` layer (arbitrary Python) are refused before
Keras sees them. Every failure becomes a `CheckpointError` a student can read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import io
import json
import math
import os
import re
import secrets
import tempfile
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import CheckpointError
from cnnviz.core.i18n import Phrase
from cnnviz.train import replay as _replay
from cnnviz.uploads import vetting

if TYPE_CHECKING:  # keras imports TensorFlow: only load it when a model is touched
    import keras

SUFFIX = ".keras"
SIDECAR_SUFFIX = ".json"
MAX_NAME_LENGTH = 100
MAX_DERIVED_BYTES = 120  # the readable part of a run's derived file name
MAX_CONFIG_BYTES = 64 * 1024 * 1024  # a model description this big is not a CNN
MAX_METADATA_BYTES = 16 * 1024 * 1024
EMBEDDED_METADATA = "cnnviz_metadata.json"
_NAME_OK = re.compile(r"[A-Za-z0-9_.-]+")
_TMP_MARK = ".tmp-"
STALE_SECONDS = 3600  # a temp file (or a sidecar alone) this old belongs to a save that died


@dataclass
class Metadata:
    """Everything about a checkpoint except its weights; round-trips to JSON."""

    model_name: str = ""
    model_options: dict = field(default_factory=dict)
    dataset: str = ""
    class_names: list[str] = field(default_factory=list)
    input_shape: list[int] = field(default_factory=list)
    preprocessing: dict = field(default_factory=dict)
    hyperparameters: dict = field(default_factory=dict)
    history: dict[str, list[float]] = field(default_factory=dict)
    batch_history: dict[str, list[float]] = field(default_factory=dict)
    best_epoch: int | None = None
    final_metrics: dict[str, float] = field(default_factory=dict)
    snapshots: list[dict] = field(default_factory=list)
    run_id: str = ""
    created_at: str = ""
    updated_at: str = ""
    cnnviz_version: str = ""
    keras_version: str = ""
    notes: str = ""
    title: str = ""  # a name the user gave the run; empty: described by model, dataset, accuracy and time
    # how the run ended, as i18n keys and values (training.RunStory)
    story: dict = field(default_factory=dict)
    owner: str = ""  # who trained it in the app (a browser); empty: made outside the app, visible to all
    shared: bool = False  # the owner chose to show it to everyone on this server
    replay: dict = field(default_factory=dict)  # the epoch replay kept, or why none (`replay.Recorder.summary`)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict: numpy values become Python ones, NaN/inf become None."""
        return _jsonable(dataclasses.asdict(self), "metadata")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        """Build from a dict, ignoring unknown keys and defaulting missing or mistyped ones,
        so files written by older or newer cnnviz versions keep loading."""
        defaults = cls()
        values = {}
        for f in dataclasses.fields(cls):
            if f.name not in data:
                continue
            value, default = data[f.name], getattr(defaults, f.name)
            if f.name == "best_epoch":
                ok = value is None or (isinstance(value, int) and not isinstance(value, bool))
            else:
                ok = isinstance(value, type(default))
            if ok:
                values[f.name] = value
        return cls(**values)

    def to_json(self) -> str:
        """JSON text for the sidecar file (strict JSON: no NaN)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> Metadata:
        """Parse sidecar text; raises CheckpointError when it is not a JSON object."""
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as err:
            raise CheckpointError(key="ckpt.meta_not_json") from err
        if not isinstance(data, dict):
            raise CheckpointError(key="ckpt.meta_not_object")
        return cls.from_dict(data)


def class_names_from_text(text: str, count: int) -> list[str]:
    """Class names typed as 'cat, dog, bird' (or one per line) for a model with `count` outputs.

    A single sigmoid unit (count 1) scores two classes, so it takes two names.
    """
    names = [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]
    expected = 2 if count == 1 else count
    if len(names) != expected:
        raise CheckpointError(key="error.class_name_count", given=len(names), expected=expected)
    if len(set(names)) != len(names):
        raise CheckpointError(key="error.class_name_repeated")
    if any(len(name) > 60 for name in names):
        raise CheckpointError(key="error.class_name_long", limit=60)
    return names


def class_names_for(own: Sequence[str], units: int,
                    dataset: Sequence[str] | None = None) -> tuple[tuple[str, ...], str]:
    """A model's class names and where they come from: its own ("model"), else the dataset's when there are as
    many as it scores ("dataset"), else its output numbers ("numbers"). One sigmoid unit scores two classes."""
    count = 2 if units == 1 else units
    if own:
        return tuple(own), "model"
    if dataset is not None and len(dataset) == count:
        return tuple(dataset), "dataset"
    return tuple(str(i) for i in range(count)), "numbers"


@dataclass(frozen=True)
class CheckpointInfo:
    """One row of the checkpoint list: enough to draw a card without loading the model."""

    name: str
    path: Path
    metadata: Metadata
    size_bytes: int
    modified: float


# --------------------------------------------------------------------------- paths


def safe_path(folder: str | Path, name: str) -> Path:
    """The ``.keras`` path for a user-typed name, guaranteed to stay inside `folder`."""
    clean = re.sub(r"\s+", "_", name.strip())
    if clean.endswith(SUFFIX):
        clean = clean[: -len(SUFFIX)]
    if not clean:
        raise CheckpointError(key="ckpt.name_empty")
    if len(clean) > MAX_NAME_LENGTH:
        raise CheckpointError(key="ckpt.name_long", limit=MAX_NAME_LENGTH)
    if not _NAME_OK.fullmatch(clean) or ".." in clean or clean.startswith("."):
        raise CheckpointError(key="ckpt.name_chars", name=name)
    root = Path(folder).resolve()
    path = (root / f"{clean}{SUFFIX}").resolve()
    if path.parent != root:  # e.g. an existing symlink pointing elsewhere
        raise CheckpointError(key="ckpt.name_outside", name=name)
    return path


def run_path(folder: str | Path, run_id: str, *words: str) -> Path:
    """The ``.keras`` path of a run named after free text (a model's, a dataset's name: any script, any
    symbol) and its id, never refused: letters and digits of every script stay (NFC, so Hangul stays
    readable), anything else becomes "_", a word that keeps nothing becomes a short hash of itself, and
    the text is cut to `MAX_DERIVED_BYTES` bytes of UTF-8 (file names allow 255)."""
    text = "-".join(_file_word(word) for word in words if word)
    text = text.encode("utf-8")[:MAX_DERIVED_BYTES].decode("utf-8", "ignore").strip("_-")
    stem = "-".join(part for part in (text, _file_word(run_id)) if part)
    return Path(folder).resolve() / f"{stem}{SUFFIX}"


def _file_word(word: str) -> str:
    """`word` with only letters, digits, "_" and "-" (no dots, no slashes); a hash of it when none are left."""
    clean = re.sub(r"_+", "_", re.sub(r"[^\w-]+", "_", unicodedata.normalize("NFC", word))).strip("_-")
    return clean or f"h{hashlib.sha256(word.encode('utf-8', 'replace')).hexdigest()[:8]}"


def new_run_id() -> str:
    """A unique, file-name-safe id such as ``20250101-120000-3fa9c1`` (UTC time + random)."""
    return f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _keras_path(path: str | Path) -> Path:
    """Accept ``run``, ``run.keras`` or ``run.json`` and return ``run.keras``."""
    path = Path(path)
    if path.suffix == SUFFIX:
        return path
    if path.suffix == SIDECAR_SUFFIX:
        return path.with_suffix(SUFFIX)
    return path.with_name(path.name + SUFFIX)


def _sidecar_path(keras_path: Path) -> Path:
    return keras_path.with_suffix(SIDECAR_SUFFIX)


# --------------------------------------------------------------------------- saving


def save(model: keras.Model, path: str | Path, metadata: Metadata | None = None,
         replay: _replay.Recorder | None = None) -> Path:
    """Write the model, its metadata and its epoch replay (if recorded) atomically; returns the path."""
    import keras

    import cnnviz

    final = _keras_path(path)
    now = _utc_now()
    meta = dataclasses.replace(
        metadata or Metadata(),
        created_at=(metadata.created_at if metadata and metadata.created_at else now),
        updated_at=now,
        cnnviz_version=cnnviz.__version__,
        keras_version=keras.__version__,
    )
    if not meta.input_shape:
        meta.input_shape = _input_shape(model)
    sidecar_bytes = meta.to_json().encode("utf-8")  # fails early, before touching disk

    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CheckpointError(key="ckpt.mkdir_failed", folder=final.parent, reason=err.strerror) from err

    with _temp_path(final) as tmp_model, _temp_path(_sidecar_path(final)) as tmp_meta:
        try:
            model.save(tmp_model)
            with zipfile.ZipFile(tmp_model, "a") as archive:
                archive.writestr(EMBEDDED_METADATA, sidecar_bytes, compress_type=zipfile.ZIP_DEFLATED)
                if replay is not None and replay.blobs and not replay.too_big:
                    _replay.write(archive, replay.shapes, replay.blobs)
            _fsync(tmp_model)
            vetting.refuse_unsafe(_read_config(tmp_model, final.name), final.name, saving=True)
            with open(tmp_meta, "wb") as f:
                f.write(sidecar_bytes)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp_meta, _sidecar_path(final))  # a cache, ignored until it matches the .keras
            os.replace(tmp_model, final)  # the commit: until here the previous checkpoint stands whole
            _fsync_dir(final.parent)
        except CheckpointError:
            raise
        except OSError as err:
            _settle_sidecar(final)
            raise CheckpointError(key="ckpt.write_failed", name=final.name,
                                  reason=err.strerror or err) from err
        except Exception as err:
            raise CheckpointError(key="ckpt.keras_save_failed", name=final.name, reason=err) from err
    return final


def write_metadata(path: str | Path, metadata: Metadata) -> None:
    """Replace a saved checkpoint's metadata (sidecar and the copy inside the ``.keras``), atomically."""
    final = _keras_path(path)
    meta = dataclasses.replace(metadata, updated_at=_utc_now())
    sidecar_bytes = meta.to_json().encode("utf-8")
    try:
        model_bytes = with_metadata(final.read_bytes(), meta)
        # the sidecar first, the .keras (the truth) last: a crash between leaves the old metadata in force
        for target, content in ((_sidecar_path(final), sidecar_bytes), (final, model_bytes)):
            write_atomically(target, content)
    except OSError as err:
        raise CheckpointError(key="error.write_failed", name=final.name) from err
    _fsync_dir(final.parent)


def _settle_sidecar(final: Path) -> None:
    """After a failed commit: the sidecar back to what the ``.keras`` in place holds, or gone with none."""
    with contextlib.suppress(OSError):
        if final.exists():
            listed_metadata(final)
        else:
            _sidecar_path(final).unlink(missing_ok=True)


def write_atomically(target: Path, content: bytes) -> None:
    """Write `content` to a temp file beside `target`, flush it to disk, then rename it over `target`."""
    with _temp_path(target) as tmp:
        with open(tmp, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)


@contextlib.contextmanager
def _temp_path(final: Path) -> Iterator[Path]:
    """A hidden temp name next to `final` (same disk, so rename is atomic); removed on any exit."""
    tmp = final.with_name(f".{final.stem}{_TMP_MARK}{secrets.token_hex(4)}{final.suffix}")
    try:
        yield tmp
    finally:  # also on KeyboardInterrupt or Streamlit's Stop (BaseException)
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    """Make the renames themselves durable; not every platform can open a directory."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _input_shape(model: Any) -> list[int]:
    """The model's input shape without the batch axis, or [] if it has several or none."""
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):
        return []
    if not isinstance(shape, tuple) or any(not isinstance(d, (int, type(None))) for d in shape):
        return []
    return [int(d) if d is not None else -1 for d in shape[1:]]


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _jsonable(value: Any, where: str) -> Any:
    """Convert numpy values and tuples to JSON types; NaN and infinity become None."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, where) for v in value]
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist(), where)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, Path):
        return str(value)
    raise CheckpointError(key="ckpt.meta_field", field=where, type=type(value).__name__)


# --------------------------------------------------------------------------- reading metadata


def read_metadata(path: str | Path) -> Metadata:
    """The sidecar's metadata, without TensorFlow; a default with a note when it is missing or broken."""
    sidecar = _sidecar_path(_keras_path(path))
    try:
        text = sidecar.read_bytes()
    except FileNotFoundError:
        return Metadata(notes=Phrase("ckpt.note_no_meta"))
    except OSError as err:
        return Metadata(notes=Phrase("ckpt.note_meta_unreadable", reason=err.strerror))
    try:
        return Metadata.from_json(text)
    except CheckpointError as err:
        if err.key is None:
            return Metadata(notes=f"{err} {Phrase('ckpt.note_no_details')}")
        return Metadata(notes=Phrase.join([(err.key, err.values), ("ckpt.note_no_details", {})]))


def list_checkpoints(folder: str | Path) -> list[CheckpointInfo]:
    """Checkpoints in `folder`, sorted by name, with their metadata (`listed_metadata`); files that are clearly
    not models are skipped, and what a save killed midway left behind is removed once stale."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    infos = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        if path.name.startswith(".") or not path.is_file():
            continue  # hidden temp files
        meta = listed_metadata(path)
        if meta is None:
            continue  # broken files
        stat = path.stat()
        infos.append(CheckpointInfo(path.stem, path, meta, stat.st_size, stat.st_mtime))
    _clean_leftovers(folder)
    return infos


def listed_metadata(path: Path) -> Metadata | None:
    """A checkpoint's metadata as its ``.keras`` holds it; None when the file is not a Keras zip.

    The sidecar serves while it holds exactly the embedded copy (same size and CRC-32, read from the zip's
    directory: nothing inflated); a missing or stale one (a save killed between its renames) is rewritten
    from the embedded copy, so the run keeps its owner. A ``.keras`` without one keeps its sidecar as is."""
    try:
        with zipfile.ZipFile(path) as zf:
            if "config.json" not in zf.namelist():
                return None
            embedded = _embedded_if_stale(zf, _sidecar_path(path))
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if embedded is None:
        return read_metadata(path)
    try:
        meta = Metadata.from_json(embedded)
    except CheckpointError:
        return read_metadata(path)
    with contextlib.suppress(OSError):  # a read-only folder: the listing is still right
        write_atomically(_sidecar_path(path), embedded)
    return meta


def _embedded_if_stale(zf: zipfile.ZipFile, sidecar: Path) -> bytes | None:
    """The metadata inside the zip when the sidecar does not hold exactly it; None when the sidecar can be
    trusted, or the zip has no (readable) copy, as a Keras file made outside cnnviz."""
    try:
        info = zf.getinfo(EMBEDDED_METADATA)
    except KeyError:
        return None
    if info.file_size > MAX_METADATA_BYTES:
        return None
    try:
        cached = sidecar.read_bytes()
    except OSError:
        cached = None
    if cached is not None and len(cached) == info.file_size and zlib.crc32(cached) == info.CRC:
        return None
    try:
        return zf.read(info)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        return None


def _clean_leftovers(folder: Path) -> None:
    """Remove, once `STALE_SECONDS` old, the hidden temp files of saves that died and sidecars whose
    ``.keras`` never arrived (only cnnviz's own: they name the cnnviz version that wrote them)."""
    now = time.time()
    for path in [*folder.glob(f".*{_TMP_MARK}*"), *folder.glob(f"*{SIDECAR_SUFFIX}")]:
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime < STALE_SECONDS:
                continue
            if not path.name.startswith(".") and (path.with_suffix(SUFFIX).exists() or not _ours(path)):
                continue
            path.unlink()


def _ours(sidecar: Path) -> bool:
    """Whether a JSON file is a sidecar cnnviz wrote (and not some other file in the folder)."""
    if sidecar.stat().st_size > MAX_METADATA_BYTES:
        return False
    try:
        return bool(Metadata.from_json(sidecar.read_bytes()).cnnviz_version)
    except CheckpointError:
        return False


# --------------------------------------------------------------------------- loading


def load(path: str | Path) -> tuple[keras.Model, Metadata]:
    """Load a checkpoint safely: the model (compiled if possible) and its metadata."""
    given = Path(path)
    foreign = given.is_file() and given.suffix not in (SUFFIX, SIDECAR_SUFFIX)
    target = given if foreign else _keras_path(given)  # e.g. model.h5: say what it is
    model = _load_model(target, target.name)
    return model, read_metadata(target)


def load_bytes(data: bytes, filename: str = "upload.keras") -> tuple[keras.Model, Metadata]:
    """Load an uploaded ``.keras`` file (e.g. from ``st.file_uploader``) via a private temp file."""
    label = Path(filename).name or "upload.keras"
    with tempfile.TemporaryDirectory(prefix="cnnviz-upload-") as tmp:
        path = Path(tmp) / f"upload{SUFFIX}"
        path.write_bytes(data)
        model = _load_model(path, label)
        embedded = embedded_metadata(path)
    meta = embedded or Metadata()
    return model, dataclasses.replace(meta, model_name=meta.model_name or "uploaded",
                                      notes=meta.notes or Phrase("ckpt.note_uploaded", label=label))


def embedded_metadata(path: str | Path) -> Metadata | None:
    """The metadata a cnnviz checkpoint carries inside its ``.keras`` zip; None for other Keras files."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(EMBEDDED_METADATA)
            if info.file_size > MAX_METADATA_BYTES:
                return None
            return Metadata.from_json(zf.read(info))
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            ValueError, CheckpointError):
        return None  # not ours, or damaged: the model itself loaded, so it is only missing its story


def with_metadata(data: bytes, metadata: Metadata) -> bytes:
    """A ``.keras`` file's bytes with `metadata` embedded (replacing any): an upload given class names."""
    source = io.BytesIO(data)
    target = io.BytesIO()
    try:
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                if info.filename != EMBEDDED_METADATA:
                    new.writestr(info, old.read(info))
            new.writestr(EMBEDDED_METADATA, metadata.to_json().encode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise CheckpointError(key="error.not_keras_zip") from err
    return target.getvalue()


# --------------------------------------------------------------------------- epoch replay


def replay_epochs(source: str | Path | bytes) -> tuple[int, ...]:
    """The epochs a checkpoint (a path, or an upload's bytes) can replay; () when it keeps none."""
    return _replay.epochs(_keras_path(source) if isinstance(source, (str, Path)) else source)


def epoch_weights(source: str | Path | bytes, epoch: int) -> list[np.ndarray]:
    """The weights at the end of `epoch` (0: before training), in `model.get_weights()` order."""
    return _replay.epoch_weights(_keras_path(source) if isinstance(source, (str, Path)) else source, epoch)


def model_at_epoch(source: str | Path | bytes, epoch: int,
                   base: keras.Model | None = None) -> keras.Model:
    """A fresh model holding `epoch`'s weights: a clone of `base` (never changed), else the file loaded."""
    import keras

    weights = epoch_weights(source, epoch)
    if base is not None:
        model = keras.models.clone_model(base)
    elif isinstance(source, (str, Path)):
        model = load(source)[0]
    else:
        model = load_bytes(source)[0]
    try:
        model.set_weights(weights)
    except ValueError as err:  # a replay of another model's shapes
        raise CheckpointError(key="ckpt.replay_damaged") from err
    return model


def _load_model(path: Path, label: str) -> keras.Model:
    """Check the file ourselves, then let Keras build it in safe mode; map every failure."""
    if not path.exists():
        raise CheckpointError(key="ckpt.missing", label=label, path=path)
    if not path.is_file():
        raise CheckpointError(key="ckpt.is_folder", label=label)
    config = _read_config(path, label, vet=True)  # sizes, nesting, unsafe layers: before Keras builds
    if path.suffix != SUFFIX:
        raise CheckpointError(key="ckpt.suffix", label=label)

    import keras

    compiled = bool(isinstance(config, dict) and config.get("compile_config"))
    try:
        with _safe_mode():
            return keras.saving.load_model(path, safe_mode=True, compile=compiled)
    except Exception as err:
        if not compiled:
            raise vetting.load_error(err, label) from err
    # The saved optimizer or loss could not be rebuilt: the model itself may still be fine.
    try:
        with _safe_mode():
            return keras.saving.load_model(path, safe_mode=True, compile=False)
    except Exception as err:
        raise vetting.load_error(err, label) from err


@contextlib.contextmanager
def _safe_mode() -> Iterator[None]:
    """Force Keras's safe mode even if someone called ``keras.config.enable_unsafe_deserialization()``."""
    try:
        from keras.src.saving.serialization_lib import SafeModeScope
    except ImportError:  # private API moved: load_model(safe_mode=True) and our own scan remain
        yield
        return
    with SafeModeScope(True):
        yield


def _read_config(path: Path, label: str, *, vet: bool = False) -> Any:
    """The parsed ``config.json`` inside a ``.keras`` zip, or a CheckpointError saying what the file is.

    With `vet`, also refuse what would make Keras exhaust the server or run outside code (see
    `cnnviz.vetting`): the archive's sizes, the description's nesting, unsafe layers, the model's size
    and the weights file's declared arrays, all before anything large is allocated."""
    if vet:
        vetting.check_directory(path, label)
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                info = zf.getinfo("config.json")
            except KeyError:
                raise CheckpointError(key="ckpt.no_config", label=label) from None
            if info.file_size > MAX_CONFIG_BYTES:
                raise CheckpointError(key="ckpt.config_huge", label=label)
            if vet:
                vetting.check_archive(zf, label)
            raw = zf.read(info)
            config = _parse_config(raw, label)
            if vet:
                vetting.refuse_unsafe(config, label)
                vetting.check_model_size(config, label)
                vetting.check_weights(zf, path, label)
            return config
    except zipfile.BadZipFile as err:
        raise CheckpointError(vetting.describe_non_zip(path, label)) from err
    # odd versions, seeks
    except (zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as err:
        raise CheckpointError(key="ckpt.config_unpack", label=label) from err
    except OSError as err:
        raise CheckpointError(key="ckpt.unreadable", label=label, reason=err.strerror or err) from err


def _parse_config(raw: bytes, label: str) -> Any:
    """config.json's text as Python objects, once its depth and size are known to be safe to parse."""
    vetting.check_json(raw, label)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise CheckpointError(key="ckpt.config_json", label=label) from err
