"""Train the checkpoints cnnviz ships, from the embedded datasets: ``python -m scripts.make_checkpoints``.

Each lands in ``checkpoints/NAME.keras`` with its JSON sidecar (history, per-batch curve, weight
snapshots, test accuracy) and, inside the ``.keras``, the weights of its epochs (`cnnviz.replay`), so
the app has trained models to show offline. Runs on a laptop CPU in a couple of minutes; a run that
misses its accuracy floor exits non-zero instead of shipping a bad model.
Name the ones to make, e.g. ``python -m scripts.make_checkpoints fashion_cnn_fashion``; ``--list`` lists them.

The fashion_cnn_fashion settings were chosen on the validation split alone (70 images): among a few
batch sizes, learning rates and augmentations, flips + 10% zoom, batch 32 and lr 2e-3 had the lowest
validation loss. Its test accuracy is reported, never tuned on.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.train import checkpoints, training

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
    # 650 training images: horizontal flips and a little zoom (both keep a garment's class) stand in
    # for the data Fashion-MNIST's 60,000 would give; the sequential augmentation keeps it reproducible.
    Shipped("fashion_cnn_fashion", training.TrainConfig(
        model_name="fashion_cnn", dataset="fashion_mnist_sample", epochs=120, batch_size=32,
        learning_rate=2e-3, early_stopping=True, patience=15,
        augmentation=data.Augmentation(flip_horizontal=True, zoom=0.1)), min_test_accuracy=0.75),
)


def per_class_accuracy(path: Path, config: training.TrainConfig) -> dict[str, float]:
    """Test accuracy of each class, from the saved checkpoint and a fresh load of the dataset."""
    model, meta = checkpoints.load(path)
    test = data.load_dataset(config.dataset, seed=config.seed, limit=config.limit)
    predicted = evaluation.predict_probabilities(model, test.x_test).argmax(axis=1)
    return {name: float(np.mean(predicted[test.y_test == k] == k))
            for k, name in enumerate(meta.class_names) if np.any(test.y_test == k)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "checkpoints")
    parser.add_argument("--list", action="store_true", help="list the checkpoint names and stop")
    parser.add_argument("names", nargs="*", help="only these checkpoints (default: all)")
    args = parser.parse_args(argv)
    known = [item.name for item in SHIPPED]
    if args.list:
        print("\n".join(known))
        return 0
    unknown = sorted(set(args.names) - set(known))
    if unknown:
        parser.error(f"unknown checkpoint {', '.join(unknown)}; choose from {', '.join(known)}")
    failed = []
    for item in SHIPPED:
        if args.names and item.name not in args.names:
            continue
        started = time.perf_counter()
        result = training.train(item.config, args.out, name=item.name)
        seconds = time.perf_counter() - started
        size = result.checkpoint_path.stat().st_size / 1e6
        sidecar = result.checkpoint_path.with_suffix(".json").stat().st_size / 1e6
        print(f"{item.name}: test accuracy {result.test_accuracy:.4f} (floor {item.min_test_accuracy}), "
              f"best epoch {result.best_epoch} of {len(result.history.history['epoch'])}, "
              f"{size:.2f} MB + {sidecar:.2f} MB metadata, {seconds:.0f} s -> {result.checkpoint_path}")
        kept = result.metadata.replay if result.metadata else {}
        print(f"  epoch replay: {len(kept.get('epochs', []))} epochs kept of {kept.get('bytes_per_epoch', 0):,} "
              f"bytes each (float32), {kept.get('stored_bytes', 0):,} bytes stored in the .keras")
        classes = per_class_accuracy(result.checkpoint_path, item.config)
        print("  per class: " + ", ".join(f"{name} {acc:.3f}" for name, acc in classes.items()))
        if result.test_accuracy < item.min_test_accuracy:
            failed.append(item.name)
    if failed:
        print(f"Below the accuracy floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
