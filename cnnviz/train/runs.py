"""Runs trained in the app: who sees them, readable names, renaming, sharing, quotas and clean-up.

A run is a checkpoint (`cnnviz.checkpoints`) in the runs folder, which every session of a
server shares. Each run records its `owner` (for the app: one browser); a session sees its
own runs, the runs someone chose to share, and runs made outside the app (no owner, e.g. by
the command line). Each owner keeps at most `MAX_RUNS` runs and `MAX_BYTES` on disk (the
oldest go first), and unshared runs older than `MAX_AGE_SECONDS` are removed.

An owner is a browser, which anyone can make up (a cookie), so the folder as a whole has a budget no
identity can dodge: `fit_folder` keeps it within `MAX_TOTAL_BYTES` (CNNVIZ_RUNS_MAX_BYTES) by removing the
oldest unshared app runs that no session showed in the last `IN_USE_SECONDS` (`mark_in_use`), each owner
told once when next seen (`take_evicted`); when only shared, recent or outside runs would remain over it, a new
run is refused (`error.runs_full`). A run stopped during its first epoch is not worth a checkpoint unless
its user asks (`stopped_in_first_epoch`).

Its file name is made of the model, the dataset and a unique run id, which is safe but hard
to read, so lists show `label(info)`: the name the user gave it, else model · dataset · test
accuracy · time. Renaming changes only that title (in the sidecar and inside the ``.keras``
file), never the file name, so links and caches keyed on the path hold.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import threading
import time
import unicodedata
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints

if TYPE_CHECKING:
    from cnnviz.train.live import HistorySnapshot

MAX_TITLE_LENGTH = 80
MAX_RUNS = 10  # per owner
MAX_BYTES = 300 * 1024 * 1024  # per owner, .keras and sidecars together
MAX_AGE_SECONDS = 24 * 3600  # unshared runs older than this are abandoned
MAX_TOTAL_BYTES = int(os.environ.get("CNNVIZ_RUNS_MAX_BYTES", "0")) or 2 * 1024**3  # the runs folder, all owners
IN_USE_SECONDS = 600.0  # a run a session showed this recently is not removed to make room
EVICTED = ".evicted"  # under the runs folder: the names of removed runs, one file per owner, until told
_in_use: dict[str, float] = {}  # .keras path → time.monotonic() when a session last showed it
_in_use_lock = threading.Lock()
_fitting = threading.Lock()  # one eviction at a time in this process


def label(info: checkpoints.CheckpointInfo) -> str:
    """What a list shows for a checkpoint: its title, else 'model · dataset · accuracy · time'."""
    meta = info.metadata
    if meta.title:
        return meta.title
    parts = [meta.model_name or info.name]
    if meta.dataset:
        parts.append(meta.dataset)
    accuracy = meta.final_metrics.get("test_accuracy")
    if isinstance(accuracy, float):
        parts.append(f"{accuracy:.1%}")
    when = _local_time(meta.created_at)
    if when:
        parts.append(when)
    return " · ".join(parts)


def _local_time(stamp: str) -> str:
    """'2026-11-24T01:30:05+00:00' → '2026-11-24 01:30' in the server's time zone; '' when unreadable."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def clean_title(title: str) -> str:
    """A user-typed run name, trimmed; CheckpointError if empty, too long or with control characters."""
    text = " ".join(str(title).split())
    if not text:
        raise CheckpointError(key="error.title_empty")
    if len(text) > MAX_TITLE_LENGTH:
        raise CheckpointError(key="error.title_long", limit=MAX_TITLE_LENGTH)
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise CheckpointError(key="error.title_chars")
    return text


def rename(path: str | Path, title: str) -> checkpoints.Metadata:
    """Give a saved run a readable name; returns the updated metadata."""
    return _update(path, title=clean_title(title))


def _update(path: str | Path, **changes: Any) -> checkpoints.Metadata:
    """Change fields of a saved run's metadata (sidecar and the copy in the ``.keras``); returns it."""
    keras_path = _existing(path)
    meta = dataclasses.replace(checkpoints.read_metadata(keras_path), **changes)
    checkpoints.write_metadata(keras_path, meta)
    return meta


def delete(path: str | Path) -> None:
    """Remove a run's ``.keras`` file and its sidecar."""
    keras_path = _existing(path)
    for file in (keras_path, keras_path.with_suffix(checkpoints.SIDECAR_SUFFIX)):
        try:
            os.unlink(file)
        except FileNotFoundError:
            pass
        except OSError as err:
            raise CheckpointError(key="error.delete_failed", name=keras_path.stem) from err


def _existing(path: str | Path) -> Path:
    keras_path = Path(path).with_suffix(checkpoints.SUFFIX)
    if not keras_path.is_file():
        raise CheckpointError(key="error.no_checkpoint", name=keras_path.stem)
    return keras_path


def visible(infos: list[checkpoints.CheckpointInfo], owner: str) -> list[checkpoints.CheckpointInfo]:
    """The runs `owner` may see: their own, shared ones, and ones made outside the app."""
    return [i for i in infos if not i.metadata.owner or i.metadata.owner == owner or i.metadata.shared]


def owned(infos: list[checkpoints.CheckpointInfo], owner: str) -> list[checkpoints.CheckpointInfo]:
    """The runs `owner` trained, newest first."""
    mine = [i for i in infos if owner and i.metadata.owner == owner]
    return sorted(mine, key=lambda i: i.modified, reverse=True)


def set_shared(path: str | Path, shared: bool) -> checkpoints.Metadata:
    """Show a run to everyone on this server (True) or to its owner only (False)."""
    return _update(path, shared=bool(shared))


def _size(info: checkpoints.CheckpointInfo) -> int:
    sidecar = info.path.with_suffix(checkpoints.SIDECAR_SUFFIX)
    return info.size_bytes + (sidecar.stat().st_size if sidecar.exists() else 0)


def make_room(folder: str | Path, owner: str, max_runs: int = MAX_RUNS, max_bytes: int = MAX_BYTES,
              incoming_bytes: int = 0) -> list[str]:
    """Delete `owner`'s oldest runs until one more (of `incoming_bytes`) fits the quota; their labels."""
    mine = owned(checkpoints.list_checkpoints(folder), owner)
    removed = []
    while mine and (len(mine) >= max_runs or sum(_size(i) for i in mine) + incoming_bytes > max_bytes):
        oldest = mine.pop()
        delete(oldest.path)
        removed.append(label(oldest))
    return removed


def clean_abandoned(folder: str | Path, max_age: float = MAX_AGE_SECONDS,
                    now: float | None = None) -> list[str]:
    """Remove unshared app runs not touched for `max_age` seconds, and stale temporary files."""
    now = time.time() if now is None else now
    removed = []
    for info in checkpoints.list_checkpoints(folder):
        if info.metadata.owner and not info.metadata.shared and now - info.modified > max_age:
            delete(info.path)
            removed.append(info.name)
    for stray in Path(folder).glob(".*.tmp-*") if Path(folder).is_dir() else []:
        try:
            if now - stray.stat().st_mtime > 3600:
                stray.unlink()
        except OSError:
            pass
    notes = Path(folder) / EVICTED
    for note in notes.iterdir() if notes.is_dir() else []:  # owners who never came back to be told
        try:
            if now - note.stat().st_mtime > max_age:
                note.unlink()
        except OSError:
            pass
    return removed


# --------------------------------------------------------------------------- the folder's budget


def mark_in_use(path: str | Path) -> None:
    """A session shows this run now: `fit_folder` leaves it alone for `IN_USE_SECONDS`."""
    with _in_use_lock:
        _in_use[str(Path(path).with_suffix(checkpoints.SUFFIX))] = time.monotonic()


def _in_use_now() -> set[str]:
    with _in_use_lock:
        cutoff = time.monotonic() - IN_USE_SECONDS
        for path in [p for p, seen in _in_use.items() if seen < cutoff]:
            del _in_use[path]
        return set(_in_use)


def fit_folder(folder: str | Path, incoming_bytes: int = 0, max_bytes: int | None = None,
               keep: Collection[str | Path] = ()) -> list[str]:
    """Keep the whole runs folder (every owner's runs) within `max_bytes` with `incoming_bytes` more; the labels
    of the runs removed.

    The oldest unshared app runs go first, never one in `keep`, one a session showed lately (`mark_in_use`),
    a shared one or one made outside the app; each removed run's owner is told when next seen
    (`take_evicted`). CheckpointError (`error.runs_full`), with nothing removed, when even so it would not fit.
    """
    limit = MAX_TOTAL_BYTES if max_bytes is None else max_bytes
    with _fitting:
        infos = checkpoints.list_checkpoints(folder)
        sizes = {i.path: _size(i) for i in infos}
        total = sum(sizes.values())
        if total + incoming_bytes <= limit:
            return []
        spared = {str(Path(k).with_suffix(checkpoints.SUFFIX)) for k in keep} | _in_use_now()
        candidates = sorted((i for i in infos if i.metadata.owner and not i.metadata.shared
                             and str(i.path) not in spared), key=lambda i: i.modified)
        if total - sum(sizes[i.path] for i in candidates) + incoming_bytes > limit:
            raise CheckpointError(key="error.runs_full", used=_megabytes(total), limit=_megabytes(limit))
        removed = []
        for info in candidates:
            if total + incoming_bytes <= limit:
                break
            with contextlib.suppress(CheckpointError):  # gone already (another replica made room too)
                delete(info.path)
            total -= sizes[info.path]
            _tell(folder, info.metadata.owner, label(info))
            removed.append(label(info))
        return removed


def _megabytes(size: int) -> int:
    return round(size / 2**20)


def _note_path(folder: str | Path, owner: str) -> Path:
    return Path(folder) / EVICTED / f"{hashlib.sha256(owner.encode()).hexdigest()[:24]}.jsonl"


def _tell(folder: str | Path, owner: str, name: str) -> None:
    """Leave `owner` a note that their run `name` was removed to keep the folder within its budget."""
    path = _note_path(folder, owner)
    try:
        path.parent.mkdir(exist_ok=True)
        with path.open("a", encoding="utf-8") as notes:
            notes.write(json.dumps(name) + "\n")
    except OSError:  # a full disk costs the note, never the run that needed the room
        pass


def take_evicted(folder: str | Path, owner: str) -> list[str]:
    """The names of `owner`'s runs removed by `fit_folder` since last asked; each is told once."""
    path = _note_path(folder, owner)
    taken = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}")
    try:
        os.replace(path, taken)  # notes added from now on go to a new file, told next time
        lines = taken.read_text(encoding="utf-8").splitlines()
        taken.unlink()
    except OSError:
        return []
    names = []
    for line in lines:
        try:
            names.append(str(json.loads(line)))
        except ValueError:
            continue
    return names


def stopped_in_first_epoch(snap: HistorySnapshot) -> bool:
    """True for a run stopped (Stop, or its tab closed) before its first epoch ended: its checkpoint is not kept
    unless its user asked, so starting and closing tabs cannot fill the disk."""
    if snap.status != "stopped":
        return False
    batches = snap.history.get("batches", ())
    return len(batches) <= 1 and (not batches or batches[0] < snap.batches_per_epoch)
