"""Runs trained in the app: readable names, renaming and deleting.

A run is a checkpoint (`cnnviz.checkpoints`) in the runs folder. Its file name is
made of the model, the dataset and a unique run id, which is safe but hard to read,
so lists show `label(info)`: the name the user gave it, else model · dataset ·
test accuracy · time. Renaming changes only that title (in the sidecar and inside
the ``.keras`` file), never the file name, so links and caches keyed on the path hold.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

from cnnviz import checkpoints
from cnnviz.errors import CheckpointError

MAX_TITLE_LENGTH = 80


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
    """A user-typed run name, trimmed; CheckpointError when it is empty, too long or has control characters."""
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
    keras_path = _existing(path)
    meta = checkpoints.read_metadata(keras_path)
    meta.title = clean_title(title)
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
