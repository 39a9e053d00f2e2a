"""Runs trained in the app: who sees them, readable names, renaming, sharing, quotas and clean-up.

A run is a checkpoint (`cnnviz.checkpoints`) in the runs folder, which every session of a
server shares. Each run records its `owner` (for the app: one browser); a session sees its
own runs, the runs someone chose to share, and runs made outside the app (no owner, e.g. by
the command line). Each owner keeps at most `MAX_RUNS` runs and `MAX_BYTES` on disk (the
oldest go first), and unshared runs older than `MAX_AGE_SECONDS` are removed.

Its file name is made of the model, the dataset and a unique run id, which is safe but hard
to read, so lists show `label(info)`: the name the user gave it, else model · dataset · test
accuracy · time. Renaming changes only that title (in the sidecar and inside the ``.keras``
file), never the file name, so links and caches keyed on the path hold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
import unicodedata
from pathlib import Path
from typing import Any

from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints

MAX_TITLE_LENGTH = 80
MAX_RUNS = 10  # per owner
MAX_BYTES = 300 * 1024 * 1024  # per owner, .keras and sidecars together
MAX_AGE_SECONDS = 24 * 3600  # unshared runs older than this are abandoned


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
    return removed
