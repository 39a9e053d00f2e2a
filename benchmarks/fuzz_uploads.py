"""A longer fuzz run of uploads: damaged images, `.keras` files and zips through the page's own calls.

    python benchmarks/fuzz_uploads.py [SECONDS] [SEED]     # default: 60 seconds for each kind, seed 0

Each image mutant goes through `images.to_model_input` (a grey and an RGB model) and `describe_conversion`, as
the feature-map page does; `.keras` mutants (bytes, and re-zipped members) through `checkpoints.load_bytes`;
zip mutants (bytes, and re-zipped images) through `data.load_image_zip`. A `CnnvizError` is a refusal the user can
read; any other exception is a failure, printed with its mutant number so it can be replayed with the same seed.
Exits 1 when there was one.
The fast, fixed-seed version of this run is `test_fuzzed_uploads_raise_only_cnnviz_errors`.
"""

from __future__ import annotations

import collections
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "tests"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import keras  # noqa: E402
from make_image_corpus import mutants  # noqa: E402
from PIL import Image  # noqa: E402

from cnnviz.core.errors import CnnvizError  # noqa: E402
from cnnviz.uploads import images  # noqa: E402


def run(seconds: float, seed: int) -> int:
    """Fuzz for `seconds`; print cases run, refusals by message key and failures; return the failure count."""
    grey = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(2, 3)])
    rgb = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(2, 3)])
    outcomes: collections.Counter[str] = collections.Counter()
    failures = bombs = 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory() as folder, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # Pillow's notes on corrupt EXIF are expected; bomb warnings are not
        for i, data in enumerate(mutants(folder, sys.maxsize, seed=seed)):
            if time.monotonic() > deadline:
                break
            try:
                for model in (grey, rgb):
                    images.to_model_input(data, model, fit="crop" if i % 2 else "stretch", invert=None)
                images.describe_conversion(images.decode_image(data), (28, 28, 1), lang="ko")
                outcomes["decoded"] += 1
            except CnnvizError as err:
                outcomes[f"refused: {err.key or 'unkeyed message'}"] += 1
            except Exception:  # noqa: BLE001 - the point of the run
                failures += 1
                print(f"FAILURE mutant {i} (seed {seed}):\n{traceback.format_exc()}", file=sys.stderr)
            bombs += sum(issubclass(w.category, Image.DecompressionBombWarning) for w in caught)
            caught.clear()
    total = sum(outcomes.values()) + failures
    print(f"{total:,} cases in {seconds:g} s (seed {seed}): {failures} failures, {bombs} bomb warnings")
    for outcome, count in outcomes.most_common():
        print(f"  {count:>8,}  {outcome}")
    return failures + bombs


def run_files(seconds: float, seed: int) -> int:
    """Fuzz `.keras` files and zips of class folders for `seconds` each; print and return the failures."""
    import fuzzing

    from cnnviz import data
    from cnnviz.train import checkpoints

    targets = {
        ".keras": (fuzzing.keras_seeds(), lambda b: checkpoints.load_bytes(b, "fuzz.keras")),
        "zip": (fuzzing.zip_seeds(), lambda b: data.load_image_zip(b, image_size=(16, 16))),
    }
    failures = 0
    for kind, (seeds, target) in targets.items():
        for mutator in (fuzzing.mutate, fuzzing.mutate_zip_members):
            outcome = fuzzing.run(seeds, target, cases=sys.maxsize, seed=seed, budget_seconds=seconds / 2,
                                  mutator=mutator)
            print(f"{kind} ({mutator.__name__}): {outcome.cases:,} cases in {outcome.seconds:.0f} s, "
                  f"{outcome.accepted:,} accepted, {outcome.refused:,} refused, {len(outcome.failures)} failures")
            for failure in outcome.failures[:20]:
                print(f"  FAILURE {failure}", file=sys.stderr)
            failures += len(outcome.failures)
    return failures


def main(argv: list[str]) -> int:
    seconds = float(argv[0]) if argv else 60.0
    seed = int(argv[1]) if len(argv) > 1 else 0
    return 1 if run(seconds, seed) + run_files(seconds, seed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
