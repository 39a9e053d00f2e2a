"""Generate hostile and harmless ``.keras`` uploads for tests/test_vetting.py; nothing binary is checked in.

    python tests/make_model_corpus.py OUTDIR            # write the files and list them
    python tests/make_model_corpus.py OUTDIR --measure  # also load each in a child process: memory, time, outcome

Each `ModelCase` records its expected outcome: words the `CheckpointError` message must contain, or, for a good
file, the parameter count Keras reports. Bombs are written without ever building them: configs are hand-written
JSON, and the 2 GB zip bomb's deflate stream is one compressed megabyte of zeros repeated, so the corpus takes
about a second and a few megabytes of disk.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so `python tests/make_model_corpus.py OUTDIR` finds cnnviz
    sys.path.insert(0, str(ROOT))

METADATA = json.dumps({"keras_version": "3.15.0", "date_saved": "2026-01-01@00:00:00"})
BOMB_MEMORY_MB = 500  # a refused file may make the server allocate at most this much
BOMB_SECONDS = 5.0  # and must be refused within this time


@dataclass(frozen=True)
class ModelCase:
    name: str
    path: Path
    error_words: tuple[str, ...] = ()  # refused: words the CheckpointError message contains
    params: int | None = None  # accepted: keras count_params()
    bomb: bool = False  # measured in a child process: peak extra memory and time

    @property
    def good(self) -> bool:
        return not self.error_words


# --- writing .keras zips by hand --------------------------------------------------------------------------------


def _layer(class_name: str, **config: object) -> dict:
    return {"module": "keras.layers", "class_name": class_name, "config": config, "registered_name": None}


def _sequential(*layers: dict) -> dict:
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": list(layers)}}


def _input(*shape: int | None) -> dict:
    return _layer("InputLayer", batch_shape=[None, *shape], dtype="float32", name="input")


def _write_keras(path: Path, config: dict | str, extra: dict[str, bytes] | None = None) -> Path:
    """A Keras-3-shaped zip: metadata.json, config.json and any `extra` members, stored like Keras does."""
    text = config if isinstance(config, str) else json.dumps(config)
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", METADATA)
        zf.writestr("config.json", text)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def _deflated_zeros(total: int, chunk: int = 1 << 20) -> tuple[bytes, int]:
    """A raw deflate stream of `total` zero bytes, and its CRC-32, without compressing `total` bytes.

    After a full flush the compressor starts afresh, so one compressed chunk can be repeated."""
    if total % chunk:
        raise ValueError("total must be a multiple of chunk")
    zeros = bytes(chunk)
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = block.compress(zeros) + block.flush(zlib.Z_FULL_FLUSH)
    crc, chunk_crc = 0, zlib.crc32(zeros)
    for _ in range(total // chunk):
        crc = zlib.crc32(zeros, crc) if crc else chunk_crc
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block ends the stream
    return piece * (total // chunk) + tail, crc


def _zip_with_raw_member(path: Path, members: dict[str, bytes], name: str, raw: bytes, size: int, crc: int) -> Path:
    """A zip whose member `name` is the given raw deflate stream, declared as `size` bytes with CRC `crc`."""
    with zipfile.ZipFile(path, "w") as zf:
        for member, data in members.items():
            zf.writestr(member, data)
    body = path.read_bytes()
    end = body.rindex(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", body[end + 12 : end + 20])
    entries, central = struct.unpack("<H", body[end + 10 : end + 12])[0], body[cd_offset : cd_offset + cd_size]
    encoded = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0)
    header = struct.pack(
        "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(raw), size, len(encoded), 0, 0, 0, 0, 0,
        cd_offset,
    )
    new_offset = cd_offset + len(local) + len(encoded) + len(raw)
    new_central = central + header + encoded
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1, len(new_central), new_offset, 0)
    path.write_bytes(body[:cd_offset] + local + encoded + raw + new_central + eocd)
    return path


def _tiny_keras(path: Path) -> Path:
    """A real saved model: Input(4) -> Dense(2), 10 parameters."""
    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, name="dense")])
    model.save(path)
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


# --- bombs --------------------------------------------------------------------------------------------------------


def dense_bomb(folder: Path) -> ModelCase:
    """Issue 9.1: 3 KB declaring Input(8454) -> Dense(550000), 4.65 billion parameters (18.6 GB), no weights."""
    config = _sequential(_input(8454), _layer("Dense", units=550_000, name="huge"))
    words = ("4,650,250,000 parameters", "150,000,000")
    return ModelCase("dense_bomb", _write_keras(folder / "dense_bomb.keras", config), words, bomb=True)


def conv_bomb(folder: Path) -> ModelCase:
    """Conv2D(4096, 99x99) on 512 channels: 99*99*512*4096 + 4096 = 20,554,190,848 parameters."""
    config = _sequential(_input(128, 128, 512), _layer("Conv2D", filters=4096, kernel_size=[99, 99], name="c"))
    words = ("20,554,190,848 parameters",)
    return ModelCase("conv_bomb", _write_keras(folder / "conv_bomb.keras", config), words, bomb=True)


def embedding_bomb(folder: Path) -> ModelCase:
    """Embedding(1e9, 64): the table alone is 64 billion parameters, whatever the input."""
    config = _sequential(_input(10), _layer("Embedding", input_dim=1_000_000_000, output_dim=64, name="e"))
    return ModelCase("embedding_bomb", _write_keras(folder / "embedding_bomb.keras", config),
                     ("64,000,000,000 parameters",), bomb=True)


def activation_bomb(folder: Path) -> ModelCase:
    """A 60000x60000x3 input through Conv2D(8, 3): 224 parameters, but the input (43.2 GB) and the feature maps
    (59998*59998*8*4 bytes = 115.2 GB) of one image add up to 158.4 GB."""
    config = _sequential(_input(60_000, 60_000, 3), _layer("Conv2D", filters=8, kernel_size=[3, 3], name="c"))
    return ModelCase("activation_bomb", _write_keras(folder / "activation_bomb.keras", config),
                     ("158.4 GB", "for one input"), bomb=True)


def layer_count_bomb(folder: Path) -> ModelCase:
    """Issue 9.1: 20,000 Dense(1) layers (about 100 KB compressed) held a thread for minutes."""
    layers = [_input(1)] + [_layer("Dense", units=1, name=f"d{i}") for i in range(20_000)]
    path = folder / "layer_count_bomb.keras"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", METADATA)
        zf.writestr("config.json", json.dumps(_sequential(*layers)))
    return ModelCase("layer_count_bomb", path, ("20,001 layers", "2,000"), bomb=True)


def zip_bomb(folder: Path) -> ModelCase:
    """Issue 9.2: a 2 MB file whose model.weights.h5 inflates to 2.0 GB, just under the size cap (Keras itself
    only refuses above 4 GiB), so only the compression ratio gives it away."""
    tiny = _members(_tiny_keras(folder / "zip_bomb_base.keras"))
    (folder / "zip_bomb_base.keras").unlink()
    del tiny["model.weights.h5"]
    raw, crc = _deflated_zeros(1900 << 20)
    path = _zip_with_raw_member(folder / "zip_bomb.keras", tiny, "model.weights.h5", raw, 1900 << 20, crc)
    return ModelCase("zip_bomb", path, ("model.weights.h5", "compress"), bomb=True)


def zip_size_lie(folder: Path) -> ModelCase:
    """A member that declares 1 KB but whose deflate stream holds 512 MB: its actual size is checked too."""
    tiny = _members(_tiny_keras(folder / "zip_lie_base.keras"))
    (folder / "zip_lie_base.keras").unlink()
    del tiny["model.weights.h5"]
    raw, crc = _deflated_zeros(512 << 20)
    path = _zip_with_raw_member(folder / "zip_size_lie.keras", tiny, "model.weights.h5", raw, 1024, crc)
    return ModelCase("zip_size_lie", path, ("model.weights.h5", "damaged"), bomb=True)


def h5_shape_bomb(folder: Path) -> ModelCase:
    """A valid weights file (a few KB) whose one dataset declares 750 million floats (3 GB) never written."""
    import h5py

    path = _tiny_keras(folder / "h5_shape_bomb.keras")
    members = _members(path)
    weights = folder / "bomb.weights.h5"
    with h5py.File(weights, "w") as f:
        f.create_dataset("layers/dense/vars/0", shape=(750_000_000,), dtype="float32", chunks=(1 << 20,))
        f.create_dataset("layers/dense/vars/1", data=[0.0, 0.0], dtype="float32")  # as many arrays as Dense has
    members["model.weights.h5"] = weights.read_bytes()
    weights.unlink()
    _write_keras(path, members.pop("config.json").decode(), {k: v for k, v in members.items() if k != "metadata.json"})
    return ModelCase("h5_shape_bomb", path, ("3.0 GB", "weights"), bomb=True)


def deep_json(folder: Path) -> ModelCase:
    """Issue 9.8: config.json nested 5,000 levels deep (json.loads raised RecursionError)."""
    text = '{"class_name": "Sequential", "config": ' + "[" * 5000 + "]" * 5000 + "}"
    return ModelCase("deep_json", _write_keras(folder / "deep_json.keras", text), ("5,001 levels", "200"), bomb=True)


def string_lookup(folder: Path) -> ModelCase:
    """Issue 9.11: a StringLookup reading its vocabulary from a server file (not a Lambda) is named as such."""
    config = _sequential(_input(1), _layer("StringLookup", vocabulary="/etc/passwd", name="lookup"))
    return ModelCase("string_lookup", _write_keras(folder / "string_lookup.keras", config),
                     ("StringLookup", "/etc/passwd", "vocabulary"))


def tfsm_layer(folder: Path) -> ModelCase:
    """Issue 9.11: a TFSMLayer loads a TensorFlow SavedModel from a path on the server."""
    config = _sequential(_input(4), _layer("TFSMLayer", filepath="/tmp/some_savedmodel", name="tfsm"))
    return ModelCase("tfsm_layer", _write_keras(folder / "tfsm_layer.keras", config), ("TFSMLayer", "SavedModel"))


# --- files that must still load -----------------------------------------------------------------------------------


def shipped(folder: Path) -> list[ModelCase]:
    """The checkpoints that ship with cnnviz, copied so tests never touch tracked files."""
    cases = []
    for source in sorted((ROOT / "checkpoints").glob("*.keras")):
        target = folder / source.name
        target.write_bytes(source.read_bytes())
        cases.append(ModelCase(f"shipped_{source.stem}", target))
    return cases


BOMBS: dict[str, Callable[[Path], ModelCase]] = {
    f.__name__: f
    for f in (dense_bomb, conv_bomb, embedding_bomb, activation_bomb, layer_count_bomb, zip_bomb, zip_size_lie,
              h5_shape_bomb, deep_json)
}
REFUSED: dict[str, Callable[[Path], ModelCase]] = {**BOMBS, "string_lookup": string_lookup, "tfsm_layer": tfsm_layer}


def make_corpus(folder: Path) -> dict[str, ModelCase]:
    """Write every case into `folder` and return them by name."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = [make(folder) for make in REFUSED.values()] + shipped(folder)
    return {case.name: case for case in cases}


# --- measuring in a child process ---------------------------------------------------------------------------------

_CHILD = r"""
import json, resource, sys, time
import keras
from cnnviz.train import checkpoints
from cnnviz.core.errors import CheckpointError
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    before, start = peak_mb(), time.perf_counter()
    try:
        model, _ = checkpoints.load_bytes(data, path.rsplit("/", 1)[-1])
        outcome = f"loaded, {model.count_params():,} parameters"
        del model
    except CheckpointError as err:
        outcome = f"refused: {err}"
    except BaseException as err:
        outcome = f"crashed: {type(err).__name__}: {str(err)[:200]}"
    print(json.dumps({"path": path, "seconds": time.perf_counter() - start,
                      "extra_mb": peak_mb() - before, "outcome": outcome}), flush=True)
"""


def measure(paths: list[Path], *, kill_above_mb: float = 3000, kill_after_s: float = 120) -> list[dict]:
    """Load each file with `checkpoints.load_bytes` in one child process (Keras imported first, as on the server).

    Returns per file: seconds, extra_mb (rise of the child's peak resident memory during that load) and outcome.
    The child is killed when its memory passes `kill_above_mb` or the whole run `kill_after_s`; the unfinished file
    is then reported as killed, with the memory and time it had reached."""
    import psutil

    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", _CHILD, *map(str, paths)], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env, text=True)
    proc, start, peak, killed = psutil.Process(child.pid), time.monotonic(), 0.0, ""
    lines: list[dict] = []
    reader = threading.Thread(target=lambda: lines.extend(json.loads(row) for row in child.stdout
                                                          if row.startswith("{")), daemon=True)
    reader.start()
    while child.poll() is None:
        try:
            peak = max(peak, proc.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            break
        if peak > kill_above_mb or time.monotonic() - start > kill_after_s:
            killed = f"killed at {peak:,.0f} MB after {time.monotonic() - start:.0f} s"
            child.kill()
            break
        time.sleep(0.05)
    child.wait()
    reader.join(timeout=5)
    if killed:
        lines.append({"path": str(paths[len(lines)]), "outcome": killed, "seconds": None, "extra_mb": None})
    return lines


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    cases = make_corpus(folder)
    for case in cases.values():
        expect = f"refused ({', '.join(case.error_words)})" if case.error_words else "loads"
        print(f"{case.name:24s} {case.path.stat().st_size:>12,d} bytes  {expect}")
    if "--measure" in argv:
        names = [n for n in argv[1:] if not n.startswith("--")] or list(cases)
        for name in names:  # one child per file, so each figure is that file's alone
            for row in measure([cases[name].path]):
                seconds = "" if row["seconds"] is None else f"{row['seconds']:.2f} s"
                extra = "" if row["extra_mb"] is None else f"{row['extra_mb']:,.0f} MB"
                print(f"{name:24s} {seconds:>9s} {extra:>10s}  {row['outcome'][:150]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
