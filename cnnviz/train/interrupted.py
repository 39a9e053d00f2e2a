"""Runs cut off by a dead server: a marker while a run trains, a notice for its owner afterwards.

While a run trains, `begin` writes a marker ``RUNS/.running/RUN_ID.json``: who owns it, its model and
dataset, the epochs planned and done, and who trains it (host, process id and that process's start time,
so a restarted server with the same process id is not mistaken for the old one). For a model within the
replay budget (`replay.REPLAY_BUDGET_BYTES`) it also keeps the model's description (``RUN_ID.keras``,
untrained) and, at each whole epoch's end, that epoch's weights (``RUN_ID.weights``). The live Keras
callback calls `mark_epoch` at every epoch's end; `finish` removes it all when the run ends, however it ends.
Every write is atomic (a temp file renamed), and none of it can fail a run: a full disk costs the marker.

A server killed mid-run leaves its markers behind (so does a run's child process killed for memory, whose
parent, the server, then tells it as such). `sweep` (the sidebar calls it; it looks at most every
`SWEEP_EVERY` seconds) turns each marker whose process is gone into a notice for its owner, after keeping
the last whole epoch as a normal run whose story says "interrupted after epoch N", and `take_notices` hands
the owner's notices over once. The markers of another host's process (a queue worker sharing the folder)
are judged dead only once `FOREIGN_STALE_SECONDS` pass without an update.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core.errors import CnnvizError
from cnnviz.core.i18n import Phrase
from cnnviz.train import checkpoints, replay

if TYPE_CHECKING:
    import keras

FOLDER = ".running"  # under the runs folder; hidden, so no listing sees it, and its writes leave the runs
# folder's own modification time (the app's listing cache key) alone
FORMAT = 1
SWEEP_EVERY = 30.0  # seconds between two looks at the markers, per process and folder
NOTICE_MAX_AGE = 7 * 24 * 3600  # a notice its owner never came back for
FOREIGN_STALE_SECONDS = 24 * 3600  # another host's marker not updated for this long: its run is dead
MAX_MARKER_BYTES = 4 * 2**20


@dataclass
class _Run:
    """A run training in this process: where its marker is and what it says."""

    folder: Path
    record: dict[str, Any]
    keeps_weights: bool


_ACTIVE: dict[str, _Run] = {}
_LOCK = threading.Lock()
_SWEPT: dict[str, float] = {}


@dataclass(frozen=True)
class Notice:
    """What the owner's browser is told about a run a dead server cut off (`text` in their language)."""

    run_id: str
    phrase: Phrase
    saved: str  # the kept run's file name (stem), "" when nothing was saved

    def text(self, lang: str = "en") -> str:
        return self.phrase.text(lang)


# --------------------------------------------------------------------------- while a run trains


def begin(out_dir: str | Path, metadata: checkpoints.Metadata, epochs: int, model: keras.Model) -> None:
    """A run starts training: write its marker (and, for a small model, its description)."""
    folder = Path(out_dir) / FOLDER
    weights_bytes = sum(int(np.prod(w.shape)) for w in model.weights) * replay.DTYPE.itemsize
    record = {"format": FORMAT, "run_id": metadata.run_id, "owner": metadata.owner, "epochs": int(epochs),
              "epoch": 0, "kept": 0, "shapes": [], "history": {}, "host": socket.gethostname(),
              "boot": _boot_id(), "pid": os.getpid(), "started": _started(os.getpid()),
              "parent": os.getppid(), "parent_started": _started(os.getppid()),  # a server training in a child
              "updated_at": _now(), "metadata": metadata.to_dict()}
    run = _Run(folder, record, keeps_weights=weights_bytes <= replay.REPLAY_BUDGET_BYTES)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if run.keeps_weights:
            _save_description(model, _path(run, ".keras"))
        _write_record(run)
    except Exception:  # noqa: BLE001  (a marker must never stop a run: without one it is merely not told)
        return
    with _LOCK:
        _ACTIVE[metadata.run_id] = run


def mark_epoch(history: Any, model: keras.Model) -> None:
    """An epoch ended (the live callback, with its `LiveHistory`): the marker says how far the run got and,
    when the epoch ran whole and the model is small, keeps its weights. Never raises."""
    with _LOCK:
        run = _ACTIVE.get(getattr(history, "run_id", ""))
    if run is None:
        return
    snap = history.snapshot()
    whole = snap.batches_per_epoch > 0 and snap.batch >= snap.batches_per_epoch
    done = snap.epoch if whole else snap.epoch - 1
    try:
        if whole and run.keeps_weights:
            weights = model.get_weights()
            _write(_path(run, ".weights"), replay.encode(weights))
            run.record["shapes"] = [list(np.shape(w)) for w in weights]
            run.record["kept"] = done
        run.record.update(epoch=max(done, 0), updated_at=_now(),
                          history={k: [_finite(x) for x in v] for k, v in snap.history.items()})
        _write_record(run)
    except Exception:  # noqa: BLE001  (a full disk, say: the run goes on, its marker one epoch behind)
        return


def finish(out_dir: str | Path, run_id: str) -> None:
    """The run ended (finished, stopped or failed): its marker and kept weights go."""
    with _LOCK:
        _ACTIVE.pop(run_id, None)
    folder = Path(out_dir) / FOLDER
    for suffix in (".json", ".weights", ".keras"):
        with contextlib.suppress(OSError):
            (folder / f"{run_id}{suffix}").unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # the last run out leaves the runs folder as it found it
        folder.rmdir()  # only when empty: another run's marker keeps it


def _path(run: _Run, suffix: str) -> Path:
    return run.folder / f"{run.record['run_id']}{suffix}"


def _save_description(model: keras.Model, target: Path) -> None:
    """The model as it starts (its layers; the weights come per epoch), written atomically."""
    tmp = target.with_name(f".{target.stem}.tmp-{secrets.token_hex(4)}{target.suffix}")
    try:
        model.save(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _write_record(run: _Run) -> None:
    _write(_path(run, ".json"), json.dumps(run.record, allow_nan=False).encode("utf-8"))


def _finite(value: float) -> float | None:
    """A history's number as strict JSON takes it (NaN and infinity: None)."""
    return float(value) if math.isfinite(value) else None


def _write(target: Path, content: bytes) -> None:
    checkpoints.write_atomically(target, content)


# --------------------------------------------------------------------------- after a server died


def sweep(out_dir: str | Path, every: float | None = None) -> list[str]:
    """Turn the markers of dead processes into notices (keeping their last whole epoch as a run); the run ids.

    Looks at most every `every` seconds (`SWEEP_EVERY`) per folder and process; markers are claimed by an
    atomic rename, so two servers sharing the folder never recover one run twice."""
    folder = Path(out_dir) / FOLDER
    with _LOCK:
        key = str(folder)
        if time.monotonic() - _SWEPT.get(key, -np.inf) < (SWEEP_EVERY if every is None else every):
            return []
        _SWEPT[key] = time.monotonic()
    if not folder.is_dir():
        return []
    recovered = []
    for marker in sorted(folder.glob("*.json")):
        if marker.name.endswith(".notice.json"):
            continue
        record = _read(marker)
        if record is not None and _alive(record, marker):
            continue
        claimed = marker.with_name(f"{marker.stem}.claimed-{secrets.token_hex(4)}")
        try:
            os.rename(marker, claimed)
        except OSError:
            continue  # another server took it, or it just finished
        if record is not None:
            _tell(folder, Path(out_dir), record)
            recovered.append(str(record.get("run_id", "")))
        for leftover in (claimed, marker.with_suffix(".weights"), marker.with_suffix(".keras")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    _clean(folder)
    return recovered


def take_notices(out_dir: str | Path, owner: str) -> list[Notice]:
    """`owner`'s notices, each handed over once (the first tab to ask takes it)."""
    folder = Path(out_dir) / FOLDER
    if not owner or not folder.is_dir():
        return []
    notices = []
    for path in sorted(folder.glob("*.notice.json")):
        record = _read(path)
        if record is None or record.get("owner") != owner:
            continue
        try:
            path.unlink()
        except OSError:
            continue  # another tab took it
        try:
            parts = [(str(p["key"]), dict(p["values"])) for p in record["parts"]]
            notices.append(Notice(str(record["run_id"]), Phrase.join(parts), str(record.get("saved", ""))))
        except (KeyError, TypeError, ValueError):
            continue
    return notices


def _alive(record: dict[str, Any], marker: Path) -> bool:
    """Whether the process that wrote `record` is still the one running (so its run still trains)."""
    if record.get("host") != socket.gethostname():
        try:
            return time.time() - marker.stat().st_mtime < FOREIGN_STALE_SECONDS
        except OSError:
            return False
    pid = record.get("pid")
    if not isinstance(pid, int) or record.get("boot") != _boot_id():
        return False
    started = _started(pid)
    return started is not None and started == record.get("started")


def _tell(folder: Path, out_dir: Path, record: dict[str, Any]) -> None:
    """Keep the last whole epoch as a run (when its weights were kept) and write its owner's notice."""
    given = record.get("metadata")
    meta = checkpoints.Metadata.from_dict(given if isinstance(given, dict) else {})
    epochs, done = _count(record.get("epochs")), _count(record.get("epoch"))
    run_id = str(record.get("run_id", ""))
    saved = _keep(folder, out_dir, record, meta, epochs) if _count(record.get("kept")) else ""
    values = {"model": meta.model_name, "dataset": meta.dataset, "epoch": min(done + 1, epochs), "epochs": epochs}
    lost = record.get("parent") == os.getpid() and record.get("parent_started") == _started(os.getpid())
    ended = "interrupted.before_saving" if done >= epochs else "interrupted.lost" if lost else "interrupted.during"
    parts: list[tuple[str, dict[str, object]]] = [(ended, values)]
    kept = _count(record.get("kept"))
    parts.append(("interrupted.kept", {"epoch": kept}) if saved else ("interrupted.nothing", {}))
    notice = {"run_id": run_id, "owner": str(record.get("owner", "")), "saved": saved, "at": _now(),
              "parts": [{"key": k, "values": v} for k, v in parts]}
    if notice["owner"]:  # a run made outside the app (no owner) has nobody to tell; its kept run is listed
        with contextlib.suppress(OSError):
            _write(folder / f"{run_id}.notice.json", json.dumps(notice, ensure_ascii=False).encode("utf-8"))


def _keep(folder: Path, out_dir: Path, record: dict[str, Any], meta: checkpoints.Metadata, epochs: int) -> str:
    """The run's last whole epoch saved as a normal run (its story says where it was cut off); its file name,
    or "" when the kept files are missing or damaged."""
    run_id = str(record.get("run_id", ""))
    kept = _count(record.get("kept"))
    try:
        shapes = [tuple(int(d) for d in s) for s in record["shapes"]]
        weights = replay.decode((folder / f"{run_id}.weights").read_bytes(), shapes)
        model, _ = checkpoints.load(folder / f"{run_id}.keras")
        model.set_weights(weights)
        history = {k: v[:kept] for k, v in record.get("history", {}).items() if isinstance(v, list)}
        story = {"parts": [{"key": "story.interrupted", "values": {"epoch": min(kept + 1, epochs),
                                                                  "epochs": epochs, "kept": kept}}]}
        meta = dataclasses.replace(meta, history=history, best_epoch=kept, story=story, final_metrics={},
                                   notes=Phrase("story.interrupted", epoch=min(kept + 1, epochs),
                                                epochs=epochs, kept=kept).text("en"))
        named = meta.hyperparameters.get("dataset")  # the name the run would have had (training._train)
        path = checkpoints.run_path(out_dir, run_id, meta.model_name, named if isinstance(named, str) else
                                    meta.dataset)
        return checkpoints.save(model, path, meta).stem
    except (OSError, KeyError, TypeError, ValueError, CnnvizError):
        return ""


def _clean(folder: Path) -> None:
    """Remove notices nobody came for, and what a sweep or a run that died midway left behind."""
    now = time.time()
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            age = now - path.stat().st_mtime
            if path.name.endswith(".notice.json"):
                stale = age > NOTICE_MAX_AGE
            else:  # a temp file, a claim, or kept files whose marker is gone
                orphan = path.name.startswith(".") or not path.with_suffix(".json").exists()
                stale = orphan and age > checkpoints.STALE_SECONDS
            if stale:
                path.unlink()


def _read(path: Path) -> dict[str, Any] | None:
    try:
        if path.stat().st_size > MAX_MARKER_BYTES:
            return None
        record = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _boot_id() -> str:
    """This machine's boot (Linux); "" elsewhere. A process id means nothing across reboots."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _started(pid: int) -> float | None:
    """When process `pid` started (equal for the same process, different for a later one with its id); None
    when there is no such process."""
    if Path("/proc/self/stat").exists():  # Linux: clock ticks since boot, field 22 of /proc/PID/stat
        try:
            return float(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        except (OSError, IndexError, ValueError):
            return None
    try:
        import psutil

        return float(psutil.Process(pid).create_time())
    except Exception:  # noqa: BLE001  (no psutil, or no such process)
        return None
