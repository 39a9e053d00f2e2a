"""Train the checkpoints cnnviz ships, from the embedded datasets: ``python -m scripts.make_checkpoints``.

Each lands in ``checkpoints/NAME.keras`` with its JSON sidecar (history, per-batch curve, weight
snapshots, test accuracy), so the app has trained models to show offline. Runs on a laptop CPU in
a couple of minutes; a run that misses its accuracy floor exits non-zero instead of shipping a bad model.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from cnnviz import training

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Shipped:
    name: str
    config: training.TrainConfig
    min_test_accuracy: float


SHIPPED = (
    Shipped("fashion_cnn_digits", training.TrainConfig(
        model_name="fashion_cnn", dataset="digits", epochs=40, batch_size=16, learning_rate=1e-3,
        early_stopping=True, patience=8), min_test_accuracy=0.97),
    Shipped("lenet5_shapes", training.TrainConfig(
        model_name="lenet5", dataset="shapes", epochs=30, batch_size=32, learning_rate=2e-3,
        early_stopping=True, patience=6), min_test_accuracy=0.85),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "checkpoints")
    parser.add_argument("names", nargs="*", help="only these checkpoints (default: all)")
    args = parser.parse_args(argv)
    failed = []
    for item in SHIPPED:
        if args.names and item.name not in args.names:
            continue
        result = training.train(item.config, args.out, name=item.name)
        size = result.checkpoint_path.stat().st_size / 1e6
        sidecar = result.checkpoint_path.with_suffix(".json").stat().st_size / 1e6
        print(f"{item.name}: test accuracy {result.test_accuracy:.4f} (floor {item.min_test_accuracy}), "
              f"best epoch {result.best_epoch} of {len(result.history.history['epoch'])}, "
              f"{size:.2f} MB + {sidecar:.2f} MB metadata -> {result.checkpoint_path}")
        if result.test_accuracy < item.min_test_accuracy:
            failed.append(item.name)
    if failed:
        print(f"Below the accuracy floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
