"""How much does cnnviz's live training cost over a plain ``model.fit``?

Times one epoch of fashion_cnn on the digits (repeated so an epoch takes several seconds) through
`cnnviz.training.train` — live history fed every batch, weight snapshots and best-weights tracking
every epoch — and through ``model.fit`` with the same model, optimizer, batch size and data pipeline.
Each run trains two epochs and the second is timed, so graph tracing is left out; the two kinds
alternate (ABBA order) over many short rounds after a warm-up of each. Wall and process CPU time are both
reported as min and median per kind, their ratios, and the spread ((max − min) / median): on a shared,
noisy machine the minimum is the figure that holds, the median says how typical it is. Goal: ≤ 1.05 both.

    python benchmarks/training_overhead.py [--repeat 10] [--rounds 16]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script by `make bench`

import keras  # noqa: E402
import numpy as np  # noqa: E402

from cnnviz import data  # noqa: E402
from cnnviz.models import zoo
from cnnviz.train import live, training

BATCH_SIZE = 64


class EpochTimer(keras.callbacks.Callback):
    """Wall and process CPU time of each epoch (training and validation), taken the same way for both kinds.

    CPU time is reported too because on a shared, small machine the wall time also measures the neighbours.
    """

    def __init__(self) -> None:
        super().__init__()
        self.seconds: list[tuple[float, float]] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter(), time.process_time()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append((time.perf_counter() - self._start[0], time.process_time() - self._start[1]))


def repeated_digits(times: int) -> data.Dataset:
    """The digits with the training split repeated `times` times: a longer epoch on the same images."""
    base = data.load_dataset("digits")
    return dataclasses.replace(base, x_train=np.tile(base.x_train, (times, 1, 1, 1)),
                               y_train=np.tile(base.y_train, times))


def cnnviz_epoch(dataset: data.Dataset, folder: str) -> tuple[float, float]:
    config = training.TrainConfig(model_name="fashion_cnn", epochs=2, batch_size=BATCH_SIZE,
                                  early_stopping=False, checkpoint_best=True)
    timer = EpochTimer()
    training.train(config, folder, dataset=dataset, callbacks=[timer])
    return timer.seconds[1]


def plain_epoch(dataset: data.Dataset) -> tuple[float, float]:
    keras.utils.set_random_seed(0)
    model = zoo.build_model("fashion_cnn", dataset.input_shape, dataset.num_classes)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    timer = EpochTimer()
    model.fit(data.train_batches(dataset, BATCH_SIZE), epochs=2, verbose=0, shuffle=False, callbacks=[timer],
              validation_data=data.eval_batches(dataset.x_val, dataset.y_val, BATCH_SIZE))
    return timer.seconds[1]


def own_work_per_epoch(dataset: data.Dataset) -> float:
    """Seconds cnnviz's callbacks spend per epoch, timed alone: a noise-free bound on the overhead.

    Per batch: normalising Keras's logs and appending them to the LiveHistory; per epoch: one weight
    snapshot and one copy of the weights for best-weights tracking.
    """
    model = zoo.build_model("fashion_cnn", dataset.input_shape, dataset.num_classes)
    history = live.LiveHistory()
    history.begin(2, -(-len(dataset.y_train) // BATCH_SIZE))
    history.start_epoch(1)
    logs = {"loss": keras.ops.convert_to_tensor(0.5), "accuracy": keras.ops.convert_to_tensor(0.9)}
    start = time.perf_counter()
    for batch in range(history.snapshot().batches_per_epoch):
        history.add_batch(batch + 1, live.normalise_logs({k: float(v) for k, v in logs.items()}))
    live.weight_snapshot(model, 1)
    model.get_weights()
    return time.perf_counter() - start


def spread(values: list[float]) -> float:
    """(max − min) / median: how much the rounds of one kind disagree."""
    return (max(values) - min(values)) / statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description="cnnviz training overhead vs plain model.fit")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the digits training split")
    parser.add_argument("--rounds", type=int, default=16, help="timed runs of each kind, alternating")
    args = parser.parse_args()
    dataset = repeated_digits(args.repeat)
    print(f"fashion_cnn on digits x{args.repeat}: {len(dataset.y_train)} training images, "
          f"batch {BATCH_SIZE}, {args.rounds} rounds")
    with tempfile.TemporaryDirectory(prefix="cnnviz-bench-") as folder:
        cnnviz_epoch(dataset, folder), plain_epoch(dataset)  # warm-up: caches, thread pools, allocator
        times: dict[str, list[tuple[float, float]]] = {"cnnviz": [], "plain": []}
        for round_ in range(args.rounds):
            order = ("cnnviz", "plain") if round_ % 2 == 0 else ("plain", "cnnviz")
            for kind in order:
                times[kind].append(cnnviz_epoch(dataset, folder) if kind == "cnnviz" else plain_epoch(dataset))
            (ours_wall, ours_cpu), (plain_wall, plain_cpu) = times["cnnviz"][-1], times["plain"][-1]
            print(f"round {round_ + 1}: cnnviz {ours_wall:.3f} s ({ours_cpu:.2f} s CPU), "
                  f"plain {plain_wall:.3f} s ({plain_cpu:.2f} s CPU)", flush=True)
    for i, what in enumerate(("wall", "CPU")):
        ours = [t[i] for t in times["cnnviz"]]
        plain = [t[i] for t in times["plain"]]
        print(f"epoch {what} time: cnnviz.training min {min(ours):.3f} s, median {statistics.median(ours):.3f} s, "
              f"spread {spread(ours):.0%}; plain model.fit min {min(plain):.3f} s, median "
              f"{statistics.median(plain):.3f} s, spread {spread(plain):.0%}")
        print(f"  ratio of minima {min(ours) / min(plain):.3f}, ratio of medians "
              f"{statistics.median(ours) / statistics.median(plain):.3f} (goal <= 1.05)")
    own = statistics.median(own_work_per_epoch(dataset) for _ in range(5))
    plain = statistics.median(t[0] for t in times["plain"])
    print(f"cnnviz's own callback work: {own * 1000:.1f} ms per epoch, {own / plain:.2%} of a plain epoch")


if __name__ == "__main__":
    main()
