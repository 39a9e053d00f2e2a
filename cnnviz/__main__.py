"""Command line: ``python -m cnnviz train --model fashion_cnn --dataset fashion_mnist_sample --epochs 5``.

Trains through the same `cnnviz.training.train` the app uses, with a Keras progress bar per epoch.
Ctrl-C stops after the current batch and still saves the best weights. A problem the user can fix
(unknown model, bad setting, offline dataset) prints one line on stderr and exits with code 2.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # before TensorFlow loads: hide its C++ start-up chatter

from cnnviz.core.errors import CnnvizError  # noqa: E402  (light: no TensorFlow)

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cnnviz", description="cnnviz: see inside a CNN.")
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train a zoo model and save a checkpoint")
    train.add_argument("--model", default="fashion_cnn", help="zoo model name (default: fashion_cnn)")
    train.add_argument("--dataset", default="fashion_mnist_sample",
                       help="dataset name (default: fashion_mnist_sample, built in)")
    train.add_argument("--epochs", type=int, default=5)
    train.add_argument("--batch-size", type=int, default=64)
    train.add_argument("--lr", type=float, default=1e-3, help="learning rate")
    train.add_argument("--optimizer", default="adam", choices=("adam", "sgd", "rmsprop"))
    train.add_argument("--limit", type=int, default=None, help="use at most this many images per split")
    train.add_argument("--no-early-stopping", action="store_true")
    train.add_argument("--patience", type=int, default=3)
    train.add_argument("--tensorboard", metavar="DIR", default=None, help="write TensorBoard logs under DIR")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", default=None, help="checkpoint path, e.g. checkpoints/my_run "
                       "(default: checkpoints/<model>-<dataset>-<run id>)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _train(args)
    except CnnvizError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USER_ERROR


def _train(args: argparse.Namespace) -> int:
    from cnnviz.models import zoo

    zoo.get_spec(args.model)  # a typo fails here, before TensorFlow loads and logs its start-up lines
    from cnnviz.train import training

    config = training.TrainConfig(
        model_name=args.model, dataset=args.dataset, optimizer=args.optimizer, learning_rate=args.lr,
        batch_size=args.batch_size, epochs=args.epochs, early_stopping=not args.no_early_stopping,
        patience=args.patience, tensorboard_dir=args.tensorboard, seed=args.seed, limit=args.limit,
    )
    out = Path(args.out) if args.out else None
    folder, name = (out.parent, out.name) if out else (Path("checkpoints"), None)
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: _request_stop(stop))
    try:
        result = training.train(config, folder, stop_event=stop, name=name, callbacks=[_progress_bar()])
    finally:
        signal.signal(signal.SIGINT, previous)
    if result.checkpoint_path is None:
        print("Stopped before training started; nothing was saved.")
        return 0
    print(f"{result.history.status}: best epoch {result.best_epoch}, "
          f"test accuracy {result.test_accuracy:.4f}, test loss {result.test_loss:.4f}")
    print(f"checkpoint: {result.checkpoint_path}")
    return 0


def _request_stop(stop: threading.Event) -> None:
    if stop.is_set():
        raise KeyboardInterrupt  # a second Ctrl-C quits at once
    stop.set()
    print("\nStopping after this batch; the best weights will still be saved (Ctrl-C again to quit).",
          file=sys.stderr)


def _progress_bar() -> Any:
    """A keras.utils.Progbar per epoch: loss and accuracy per batch, validation at the end."""
    import keras

    class ProgressBar(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
            print(f"Epoch {epoch + 1}/{self.params['epochs']}")
            self.bar: Any = None
            self.seen = 0

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            self.seen = batch + 1
            self._update(logs, finalize=False)

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            self._update(logs, finalize=True)

        def _update(self, logs: Any, finalize: bool) -> None:
            values = [(k, float(v)) for k, v in (logs or {}).items() if "loss" in k or "acc" in k]
            if self.bar is None:  # Keras's logs are already running means: show them as they are
                names = {k for k, _ in values} | {f"val_{k}" for k, _ in values}
                self.bar = keras.utils.Progbar(self.params.get("steps"), stateful_metrics=names)
            self.bar.update(self.seen, values, finalize=finalize)

    return ProgressBar()


if __name__ == "__main__":
    sys.exit(main())
