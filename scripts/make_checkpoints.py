"""Train the checkpoints cnnviz ships, from the embedded datasets: ``python -m scripts.make_checkpoints``.

Each lands in ``checkpoints/NAME.keras`` with its JSON sidecar (history, per-batch curve, weight
snapshots, test accuracy) and, inside the ``.keras``, the weights of its epochs (`cnnviz.replay`), so
the app has trained models to show offline. Runs on a laptop CPU in a couple of minutes; a run that
misses its accuracy floor exits non-zero instead of shipping a bad model.
Name the ones to make, e.g. ``python -m scripts.make_checkpoints fashion_cnn_fashion``; ``--list`` lists them;
``--check`` trains them again into a temporary folder and compares with the shipped files (weights and test
accuracy), without touching ``checkpoints/``.

fashion_cnn_fashion trains on the full Fashion-MNIST, which Keras reads from its cache: with the shared data
beside the project, ``make checkpoints`` fills a temporary KERAS_HOME from ../shared/data/fashion_mnist/.

fashion_cnn_fashion uses the course notes' recipe unchanged (no tuning on the test set). Same seed, same
result: on one machine a rebuild is bit-identical (``--check`` reports the largest weight difference).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.train import checkpoints, training

ROOT = Path(__file__).resolve().parents[1]
SHARED_FASHION = ROOT.parent / "shared" / "data" / "fashion_mnist"  # the full set's four files (never committed)


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
    # The course notes' recipe on the full Fashion-MNIST (60,000 training images, from Keras's cache:
    # ../shared/data/fashion_mnist/README.md): Adam at its default rate, batch 32, 48,000 / 12,000 split,
    # EarlyStopping(patience=2, restore_best_weights=True).
    Shipped("fashion_cnn_fashion", training.TrainConfig(
        model_name="fashion_cnn", dataset="fashion_mnist", epochs=20, batch_size=32, learning_rate=1e-3,
        early_stopping=True, patience=2, val_fraction=0.2), min_test_accuracy=0.91),
)


def per_class_accuracy(path: Path, config: training.TrainConfig) -> dict[str, float]:
    """Test accuracy of each class, from the saved checkpoint and a fresh load of the dataset."""
    model, meta = checkpoints.load(path)
    test = data.load_dataset(config.dataset, seed=config.seed, limit=config.limit)
    predicted = evaluation.predict_probabilities(model, test.x_test).argmax(axis=1)
    return {name: float(np.mean(predicted[test.y_test == k] == k))
            for k, name in enumerate(meta.class_names) if np.any(test.y_test == k)}


def compare_with_shipped(made: Path, shipped: Path) -> tuple[float, float]:
    """(largest absolute weight difference, test accuracy difference) between a rebuilt and a shipped file."""
    new_model, new_meta = checkpoints.load(made)
    old_model, old_meta = checkpoints.load(shipped)
    weights = max(float(np.abs(a - b).max()) for a, b in zip(new_model.get_weights(), old_model.get_weights(),
                                                              strict=True))
    accuracy = new_meta.final_metrics["test_accuracy"] - old_meta.final_metrics["test_accuracy"]
    return weights, float(accuracy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "checkpoints")
    parser.add_argument("--list", action="store_true", help="list the checkpoint names and stop")
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary folder and compare with the shipped checkpoints")
    parser.add_argument("--fashion-mnist", type=Path, default=SHARED_FASHION,
                        help="a folder with Fashion-MNIST's four .gz files, copied into a temporary Keras cache "
                             "when Keras's own cache lacks them (default: ../shared/data/fashion_mnist)")
    parser.add_argument("names", nargs="*", help="only these checkpoints (default: all)")
    args = parser.parse_args(argv)
    known = [item.name for item in SHIPPED]
    if args.list:
        print("\n".join(known))
        return 0
    unknown = sorted(set(args.names) - set(known))
    if unknown:
        parser.error(f"unknown checkpoint {', '.join(unknown)}; choose from {', '.join(known)}")
    cache = None
    if data.stand_in("fashion_mnist") and args.fashion_mnist.is_dir():  # Keras's cache lacks the full set
        cache = tempfile.TemporaryDirectory()
        os.environ["KERAS_HOME"] = cache.name
        print(f"Keras cache: {data.fill_cache('fashion_mnist', args.fashion_mnist, cache.name)} "
              f"(from {args.fashion_mnist})")
    failed = []
    scratch = tempfile.TemporaryDirectory() if args.check else None
    out = Path(scratch.name) if scratch else args.out
    for item in SHIPPED:
        if args.names and item.name not in args.names:
            continue
        started = time.perf_counter()
        result = training.train(item.config, out, name=item.name)
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
        if scratch:
            weights, accuracy = compare_with_shipped(result.checkpoint_path, args.out / f"{item.name}.keras")
            print(f"  against the shipped file: largest weight difference {weights:.3g}, "
                  f"test accuracy {accuracy:+.4f}")
    if failed:
        print(f"Below the accuracy floor: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
