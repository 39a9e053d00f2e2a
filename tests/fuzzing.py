"""Mutation fuzzing of the files users upload: a seeded mutator and one runner per kind of file.

Each runner feeds mutated bytes to the same library function the page uses and sorts the
outcome: accepted, refused with a cnnviz error (a message for the user), or anything else
(a bug: a raw exception a student would see as a traceback). `tests/test_fuzz.py` runs a few
hundred cases; `benchmarks/fuzz_uploads.py` runs many more for as long as it is given.
"""

from __future__ import annotations

import io
import random
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cnnviz.core.errors import CnnvizError


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: flipped bits, overwritten runs, cuts, repeats, or interesting integers."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out += bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
            continue
        where = rng.randrange(len(out))
        if rng.random() < 0.4:  # headers live near the start: aim there often
            where = rng.randrange(min(len(out), 64))
        kind = rng.randrange(6)
        if kind == 0:
            out[where] ^= 1 << rng.randrange(8)
        elif kind == 1:
            span = rng.randint(1, 16)
            out[where:where + span] = bytes(rng.randrange(256) for _ in range(span))
        elif kind == 2:
            del out[where:]
        elif kind == 3:
            span = rng.randint(1, 256)
            out[where:where] = out[max(0, where - span):where] * rng.randint(1, 8)
        elif kind == 4:
            value = rng.choice([0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF])
            width = rng.choice([1, 2, 4])
            out[where:where + width] = value.to_bytes(8, rng.choice(["little", "big"]))[:width]
        else:
            del out[where:where + rng.randint(1, 64)]
    return bytes(out)


def mutate_zip_members(data: bytes, rng: random.Random) -> bytes:
    """A zip whose members' contents (not its directory) are mutated: reaches the decoders behind the zip."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, mutate(content, rng) if rng.random() < 0.5 else content)
    return target.getvalue()


@dataclass
class Outcome:
    """What a fuzz run found."""

    cases: int = 0
    accepted: int = 0
    refused: int = 0
    failures: list[str] = field(default_factory=list)  # "type: message" of raw exceptions, with the case number
    seconds: float = 0.0


def run(seeds: Iterator[bytes], target: Callable[[bytes], object], cases: int, seed: int = 0,
        budget_seconds: float | None = None, mutator: Callable[[bytes, random.Random], bytes] = mutate) -> Outcome:
    """Feed `cases` mutations of the seed files to `target` (or as many as fit in `budget_seconds`)."""
    rng = random.Random(seed)
    pool = list(seeds)
    outcome = Outcome()
    start = time.perf_counter()
    for case in range(cases):
        if budget_seconds is not None and time.perf_counter() - start > budget_seconds:
            break
        data = mutator(rng.choice(pool), rng)
        outcome.cases += 1
        try:
            target(data)
            outcome.accepted += 1
        except CnnvizError:
            outcome.refused += 1
        except Exception as err:  # noqa: BLE001 - the point: anything else is a bug to report
            last = traceback.extract_tb(err.__traceback__)[-1]
            outcome.failures.append(f"case {case}: {type(err).__name__}: {str(err)[:120]} "
                                    f"({last.filename.rsplit('/', 1)[-1]}:{last.lineno})")
    outcome.seconds = time.perf_counter() - start
    return outcome


def keras_seeds() -> list[bytes]:
    """Small real .keras files: a Sequential CNN and a functional model with a branch."""
    import keras

    sequential = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3), keras.layers.Flatten(),
                                   keras.layers.Dense(3, activation="softmax")])
    inputs = keras.Input((8, 8, 3))
    left = keras.layers.Conv2D(2, 1)(inputs)
    right = keras.layers.MaxPooling2D(1)(keras.layers.Conv2D(2, 3, padding="same")(inputs))
    merged = keras.layers.GlobalAveragePooling2D()(keras.layers.Concatenate()([left, right]))
    functional = keras.Model(inputs, keras.layers.Dense(2)(merged))
    seeds = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, model in enumerate((sequential, functional)):
            path = Path(tmp) / f"seed{i}.keras"
            model.save(path)
            seeds.append(path.read_bytes())
    return seeds


def zip_seeds() -> list[bytes]:
    """Small zips of class folders with PNG, JPEG and BMP images, as students upload them."""
    from PIL import Image

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, colour in (("cats", (200, 120, 40)), ("dogs", (40, 90, 200))):
            for i, fmt in enumerate(("PNG", "JPEG", "BMP")):
                image = io.BytesIO()
                Image.new("RGB", (12 + i, 10), colour).save(image, format=fmt)
                archive.writestr(f"pets/{label}/{i}.{fmt.lower()}", image.getvalue())
    return [buffer.getvalue()]
