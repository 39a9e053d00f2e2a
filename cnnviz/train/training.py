"""The training recipe: config, optimiser, compile, `train()`, its result and the story of the run.

One code path, `train()`, serves the app's worker thread (`jobs.start_training`), the
command line (`python -m cnnviz train`) and the benchmark. It loads the data,
builds and compiles the model under a `tf.distribute` strategy, fits it with
callbacks that fill a `live.LiveHistory` and record weight snapshots, restores the
best-validation-loss weights, scores the test split and saves a checkpoint with
the whole story in its metadata. No Streamlit here: the page polls
`LiveHistory.snapshot()` from its own thread (`cnnviz.live`, `cnnviz.jobs`).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keras
import tensorflow as tf

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core.errors import CnnvizError, TrainingError
from cnnviz.models import outputs, zoo
from cnnviz.train import checkpoints, finetune, interrupted
from cnnviz.train.live import (
    HistorySnapshot,
    LiveHistory,
    Status,
    _BestWeights,
    _EpochWeights,
    _LiveCallback,
    _WeightSnapshots,
)
from cnnviz.train.story import RunStory as RunStory  # the story's names, still callable as training.*
from cnnviz.train.story import run_story as run_story
from cnnviz.train.story import story_of as story_of
from cnnviz.uploads import photos

OPTIMIZERS = ("adam", "sgd", "rmsprop")
MAX_BATCH_POINTS = 2000  # per-batch points kept in checkpoint metadata


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run; stored in the checkpoint as its hyperparameters."""

    model_name: str = "fashion_cnn"
    model_options: dict[str, Any] = field(default_factory=dict)
    dataset: str = "fashion_mnist_sample"
    optimizer: str = "adam"
    learning_rate: float = 1e-3
    batch_size: int = 64
    epochs: int = 5
    early_stopping: bool = True
    patience: int = 3
    checkpoint_best: bool = True  # keep the best-val-loss weights, like ModelCheckpoint(save_best_only)
    augmentation: data.Augmentation | None = None
    tensorboard_dir: str | None = None
    seed: int = 0
    limit: int | None = None  # cap each split, for quick demos
    val_fraction: float = 0.1  # of the training images, held out for validation (the textbook holds 0.2)

    def __post_init__(self) -> None:
        if self.optimizer not in OPTIMIZERS:
            raise TrainingError(key="error.optimizer", name=self.optimizer, choices=", ".join(OPTIMIZERS))
        checks: list[tuple[bool, str, dict[str, Any]]] = [
            (self.learning_rate > 0, "error.learning_rate", {"value": self.learning_rate}),
            (self.batch_size >= 1, "data.batch_size", {"batch_size": self.batch_size}),
            (self.epochs >= 1, "error.epochs", {"value": self.epochs}),
            (self.patience >= 0, "error.patience", {"value": self.patience}),
            (self.limit is None or self.limit >= 1, "data.limit", {"limit": self.limit}),
            (0.0 < self.val_fraction < 1.0, "data.fraction_validation", {"value": self.val_fraction}),
        ]
        for ok, key, values in checks:
            if not ok:
                raise TrainingError(key=key, **values)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values for `Metadata.hyperparameters`."""
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- model setup


def dropout_rate(config: TrainConfig) -> float:
    """The dropout rate the run's zoo model trains with (its option, else the model's default; 0 for none)."""
    try:
        defaults = zoo.get_spec(config.model_name).defaults
    except CnnvizError:  # a fine-tuned upload: not a zoo model
        return 0.0
    return float(config.model_options.get("dropout", defaults.get("dropout", 0.0)) or 0.0)


def validation_above_training(history: dict[str, Sequence[float]]) -> bool:
    """True when the last epoch's validation accuracy beats its training accuracy (a puzzle worth a note)."""
    train, val = history.get("accuracy", ()), history.get("val_accuracy", ())
    return bool(train and val and math.isfinite(train[-1]) and math.isfinite(val[-1]) and val[-1] > train[-1])


def distribution_strategy(devices: Sequence[str] | None = None) -> tf.distribute.Strategy:
    """MirroredStrategy over several devices (explicit ones, or all GPUs); else TF's default strategy."""
    if devices is not None and len(devices) > 1:
        return tf.distribute.MirroredStrategy(devices=list(devices))
    if len(tf.config.list_logical_devices("GPU")) > 1:
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


output_names = outputs.output_names


def main_output(model: keras.Model) -> str:
    """The output the accuracy is about: "predictions" in the zoo, else the first."""
    return output_names(model)[outputs.main_output_index(model)]


def _loss_for(model: keras.Model, index: int, units: int) -> keras.losses.Loss:
    """Cross-entropy matching output `index`: binary for one unit, sparse categorical otherwise,
    from logits unless the output already went through a softmax or sigmoid (`outputs.output_kind`)."""
    from_logits = outputs.output_kind(model, index) == "logits"  # e.g. a model ending in a linear layer
    if units == 1:
        return keras.losses.BinaryCrossentropy(from_logits=from_logits)
    return keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits)


def make_optimizer(config: TrainConfig) -> keras.optimizers.Optimizer:
    kind = {"adam": keras.optimizers.Adam, "sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop}
    return kind[config.optimizer](learning_rate=config.learning_rate)


def compile_model(model: keras.Model, config: TrainConfig) -> keras.Model:
    """Compile by keyword (Keras 3's third positional argument is loss_weights), a loss for each output."""
    names = output_names(model)
    units = [int(t.shape[-1]) for t in model.outputs]
    if len(names) == 1:
        model.compile(optimizer=make_optimizer(config), loss=_loss_for(model, 0, units[0]),
                      metrics=["accuracy"])
        return model
    main = main_output(model)
    model.compile(  # GoogLeNet's auxiliary heads: their loss counts 0.3, accuracy is the main head's
        optimizer=make_optimizer(config),
        loss={n: _loss_for(model, i, u) for i, (n, u) in enumerate(zip(names, units, strict=True))},
        loss_weights={n: 1.0 if n == main else zoo.AUX_LOSS_WEIGHT for n in names},
        metrics={main: ["accuracy"]},
    )
    return model


def batches_for(model: keras.Model, batches: tf.data.Dataset) -> tf.data.Dataset:
    """Feed the same labels to every output of a multi-output model."""
    names = output_names(model)
    if len(model.outputs) == 1:
        return batches
    return batches.map(lambda x, y: (x, {n: y for n in names}))


_LAYER_NAME_OK = re.compile(r"[A-Za-z0-9_.-]+")  # what tf.name_scope takes inside a graph
_MODEL_NAME_OK = re.compile(r"[A-Za-z0-9.][A-Za-z0-9_.-]*")  # and as the outermost scope


def runnable(model: keras.Model) -> tuple[keras.Model, dict[str, str]]:
    """`model` itself when TensorFlow takes every name in it; else `trainable_copy(model)` and the renames.

    Graph functions (the feature-map extractor, Explain's gradients, `predict`) fail on the same names as
    `fit`, so an uploaded model with such names is run under the new ones, and the page says which.
    """
    def layers(inside: keras.Model) -> list[Any]:
        return [item for layer in inside.layers
                for item in ([layer, *layers(layer)] if isinstance(layer, keras.Model) else [layer])]

    if _MODEL_NAME_OK.fullmatch(model.name) and all(_LAYER_NAME_OK.fullmatch(layer.name) for layer in layers(model)):
        return model, {}
    return trainable_copy(model)


def trainable_copy(model: keras.Model) -> tuple[keras.Model, dict[str, str]]:
    """A copy of `model` with its weights, under layer names TensorFlow can train; {old name: new name}.

    Keras takes any layer name ("my conv", "합성곱"), and such a model loads and predicts eagerly, but
    TensorFlow's graph scopes take only ASCII letters, digits and "_.-", so `fit` fails ("'my conv' is not a
    valid scope name"). Those names are replaced in the model's description, every reference to them too
    (models inside it included), before it is rebuilt; a model whose names all pass is cloned as it is.
    """
    config = keras.saving.serialize_keras_object(model)
    renamed: dict[str, str] = {}
    _rename_layers(config, renamed, set(), root=True)
    copy = (keras.saving.deserialize_keras_object(config, safe_mode=True) if renamed
            else keras.models.clone_model(model))
    copy.set_weights(model.get_weights())
    return copy, renamed


def _rename_layers(entry: dict[str, Any], renamed: dict[str, str], taken: set[str], root: bool = False) -> None:
    """Give the model `entry` describes (serialized) and every layer in it, models inside included, a name
    TensorFlow takes; the references inside it (its layers' inputs, its own inputs and outputs) follow."""
    inner = entry.get("config")
    if not isinstance(inner, dict):
        return
    layers = [e for e in inner.get("layers") or () if isinstance(e, dict) and isinstance(e.get("config"), dict)]
    taken |= {str(layer["config"].get("name")) for layer in layers}
    here: dict[str, str] = {}  # this model's own renames: the references inside it point at these
    for layer in layers:
        old = layer["config"].get("name")
        if isinstance(layer["config"].get("layers"), list):
            _rename_layers(layer, renamed, taken)  # a model inside: its layers, then its own name
        else:
            _rename_one(layer, layer["config"], renamed, taken, _LAYER_NAME_OK)
        if isinstance(old, str) and layer["config"]["name"] != old:
            here[old] = layer["config"]["name"]
            if "name" in layer:
                layer["name"] = layer["config"]["name"]
    if here:
        for layer in layers:
            layer["inbound_nodes"] = _pointing_at(layer.get("inbound_nodes", []), here)
        for key in ("input_layers", "output_layers"):
            inner[key] = _pointing_at(inner.get(key), here)
    _rename_one(entry, inner, renamed, taken, _MODEL_NAME_OK if root else _LAYER_NAME_OK)


def _rename_one(entry: dict[str, Any], config: dict[str, Any], renamed: dict[str, str], taken: set[str],
                ok: re.Pattern[str]) -> None:
    """Replace `config`'s name when TensorFlow would refuse it: its ASCII part, else its class, made unique."""
    old = config.get("name")
    if not isinstance(old, str) or ok.fullmatch(old):
        return
    base = re.sub(r"[^A-Za-z0-9_.-]+", "_", old).strip("_.-")
    if not re.search(r"[A-Za-z]", base):  # nothing readable left ("합성곱 1"): its class, as Keras names it
        kind = re.sub(r"[^a-z0-9]+", "", str(entry.get("class_name", "")).lower()) or "layer"
        base = f"{kind}_{base}" if base else kind
    new, n = base, 1
    while new in taken:
        n += 1
        new = f"{base}_{n}"
    taken.add(new)
    config["name"] = renamed[old] = new


def _pointing_at(value: Any, names: dict[str, str]) -> Any:
    """`value` (a model's layers, inputs or outputs) with references to renamed layers following them:
    a tensor's ``keras_history`` and ``[name, node, tensor]`` triples."""
    if isinstance(value, dict):
        out = {k: _pointing_at(v, names) for k, v in value.items()}
        history = out.get("keras_history")
        if isinstance(history, list) and history and history[0] in names:
            out["keras_history"] = [names[history[0]], *history[1:]]
        return out
    if isinstance(value, (list, tuple)):  # a serialized model holds tuples too (a layer's call arguments)
        if len(value) == 3 and isinstance(value[0], str) and value[0] in names and \
                all(isinstance(v, int) for v in value[1:]):
            items = [names[value[0]], *value[1:]]
        else:
            items = [_pointing_at(v, names) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    return value


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainResult:
    """What a finished (or stopped) run produced.

    `test_loss` is the main head's cross-entropy on the test split (what the Evaluate page shows);
    `test_total_loss` is the weighted total a model with auxiliary heads was trained on, else None.
    """

    run_id: str
    status: str  # "finished" or "stopped"
    checkpoint_path: Path | None
    test_accuracy: float | None
    test_loss: float | None
    best_epoch: int | None
    metadata: checkpoints.Metadata | None
    history: HistorySnapshot
    test_total_loss: float | None = None
    story: RunStory | None = None


def train(config: TrainConfig, out_dir: str | Path, history: LiveHistory | None = None,
          stop_event: threading.Event | None = None, *, name: str | None = None, run_id: str | None = None,
          dataset: data.Dataset | None = None, strategy: tf.distribute.Strategy | None = None,
          callbacks: Sequence[keras.callbacks.Callback] = (), base_model: keras.Model | None = None,
          owner: str = "") -> TrainResult:
    """Train, restore the best weights, test, and save `out_dir/NAME.keras`; raises CnnvizError on failure.

    `dataset` skips loading by name (a page's cached data, the benchmark's; `config.limit` still caps
    its splits), `strategy` overrides `distribution_strategy()`, and `callbacks` are extra Keras
    callbacks run after cnnviz's own (the CLI's progress bar). `base_model` fine-tunes a copy of that
    model (an uploaded one; it is never changed) instead of building `config.model_name` from the zoo;
    the dataset's images are converted to its input first (`cnnviz.finetune`). `owner` is recorded in
    the checkpoint (the app's runs are visible to their owner only, until shared: `cnnviz.runs`).
    """
    run_id = run_id or (history.run_id if history and history.run_id else checkpoints.new_run_id())
    history = history or LiveHistory(run_id)
    history.run_id = run_id
    stop_event = stop_event or threading.Event()
    history.set_status("running")
    try:
        return _train(config, Path(out_dir), history, stop_event, name, run_id, dataset, strategy, callbacks,
                      base_model, owner)
    except CnnvizError as err:
        history.set_status("failed", str(err))
        raise
    except Exception as err:  # TF errors (out of memory, bad shapes) end the run, not the app
        failure = training_failure(err)
        history.set_status("failed", str(failure))
        raise failure from err
    finally:  # however it ended, it was not cut off: no notice after a restart (`cnnviz.interrupted`)
        interrupted.finish(out_dir, run_id)


_SCOPE_ERROR = re.compile(r"'([^'\n]*)' is not a valid (?:root )?scope name")
_NOISE = ("in user code", "File \"", "Exception encountered when calling", "Arguments received by", "•")


def training_failure(err: BaseException) -> TrainingError:
    """A TensorFlow or Keras failure as a message a student can read: a name TensorFlow refuses is named
    (`error.scope_name`), anything else is told by its first line that says something (not "in user code:")."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(str(e) for e in _chain(err)))
    refused = _SCOPE_ERROR.search(text)
    if refused:
        return TrainingError(key="error.scope_name", name=refused.group(1))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    telling = [line for line in lines if not line.startswith(_NOISE)]
    return TrainingError(key="error.training_failed", reason=(telling or lines or [type(err).__name__])[0])


def _chain(err: BaseException) -> list[BaseException]:
    """`err` and the exceptions it was raised from (Keras wraps TensorFlow's), without looping."""
    chain: list[BaseException] = []
    while err is not None and err not in chain and len(chain) < 8:
        chain.append(err)
        err = err.__cause__ or err.__context__  # type: ignore[assignment]
    return chain


def _train(config: TrainConfig, out_dir: Path, history: LiveHistory, stop_event: threading.Event,
           name: str | None, run_id: str, dataset: data.Dataset | None,
           strategy: tf.distribute.Strategy | None, extra: Sequence[Any],
           base_model: keras.Model | None = None, owner: str = "") -> TrainResult:
    # a name typed by the user is refused when unsafe; one made from the model's and dataset's names never is
    path = (checkpoints.safe_path(out_dir, name) if name
            else checkpoints.run_path(out_dir, run_id, config.model_name, config.dataset))
    if config.tensorboard_dir and importlib.util.find_spec("tensorboard") is None:
        raise TrainingError(key="error.tensorboard")
    if dataset is None:
        dataset = data.load_dataset(config.dataset, val_fraction=config.val_fraction, seed=config.seed,
                                    limit=config.limit)
    elif config.limit:  # splits come shuffled, so their first images are a fair sample
        dataset = dataclasses.replace(dataset, **{
            f"{xy}_{split}": getattr(dataset, f"{xy}_{split}")[:config.limit]
            for xy in "xy" for split in ("train", "val", "test")})
    if len(dataset.y_val) == 0:
        raise TrainingError(key="error.val_empty")
    if base_model is not None:
        dataset = finetune.fit_dataset(base_model, dataset)
    keras.utils.set_random_seed(config.seed)
    strategy = strategy or distribution_strategy()
    random_base = False  # pretrained weights asked for but not had (offline): the story says so
    renamed: dict[str, str] = {}  # an upload's layer names TensorFlow cannot train under, and their new names
    with strategy.scope():
        if base_model is None:
            model, random_base = zoo.build_noting_weights(config.model_name, dataset.input_shape,
                                                          dataset.num_classes, **config.model_options)
        else:
            model, renamed = trainable_copy(base_model)
        compile_model(model, config)
    train_ds = batches_for(
        model, data.train_batches(dataset, config.batch_size, config.augmentation, config.seed))
    val_ds = batches_for(model, data.eval_batches(dataset.x_val, dataset.y_val, config.batch_size))
    restore = config.checkpoint_best or config.early_stopping
    best = _BestWeights(keep_weights=restore and not config.early_stopping)  # EarlyStopping restores itself
    snapshots = _WeightSnapshots()
    epochs_kept = _EpochWeights()  # before `best`: each epoch as it ended, not as restored
    callbacks: list[Any] = [snapshots, epochs_kept, best]
    if config.early_stopping:
        callbacks.append(keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=config.patience, restore_best_weights=True))
    if config.tensorboard_dir:
        callbacks.append(keras.callbacks.TensorBoard(log_dir=str(Path(config.tensorboard_dir) / run_id)))
    per_epoch = math.ceil(len(dataset.y_train) / config.batch_size)
    callbacks += [_LiveCallback(history, stop_event, main_output(model), per_epoch, best), *extra]

    if stop_event.is_set():  # stopped while queued: nothing trained, nothing saved
        history.set_status("stopped")
        return TrainResult(run_id, "stopped", None, None, None, None, None, history.snapshot())
    draft = checkpoints.Metadata(  # what the run is; how it went is added once it ends
        model_name=config.model_name, model_options=dict(config.model_options), dataset=dataset.name,
        class_names=list(dataset.class_names), input_shape=list(dataset.input_shape),
        preprocessing={"input_range": [0.0, 1.0], "raw_max": dataset.raw_max, "channels_last": True,
                       "steps": data.preprocessing_steps(dataset),
                       "background": photos.training_background(dataset.x_train)},
        hyperparameters=config.to_dict(), run_id=run_id, owner=owner)
    interrupted.begin(out_dir, draft, config.epochs, model)  # told to its owner if the server dies mid-run
    model.fit(train_ds, validation_data=val_ds, epochs=config.epochs, verbose=0, callbacks=callbacks,
              shuffle=False)  # train_batches already shuffles
    # a Stop during testing or saving changes nothing
    status: Status = "stopped" if stop_event.is_set() else "finished"
    trained = len(history.snapshot().history.get("epoch", ()))
    best_epoch = best.best_epoch if restore else trained
    history.set_best_epoch(best_epoch)
    # One definition per figure, shared with the Evaluate page: the main head's cross-entropy, and for
    # auxiliary heads the weighted total. (Keras's per-output "predictions_loss" averages batch means,
    # which is off when the last batch is smaller.)
    scores = evaluation.evaluate(
        model, dataset.x_test, dataset.y_test, dataset.num_classes, config.batch_size)
    final: dict[str, Any] = {"test_accuracy": scores.accuracy, "test_loss": scores.loss}
    if scores.total_loss is not None:
        final["test_total_loss"] = scores.total_loss
    snap = history.snapshot()
    story = run_story(status, config.epochs, snap.history, snap.batches_per_epoch, best_epoch, restore,
                      random_base=random_base,
                      sizes=(len(dataset.y_train), len(dataset.y_val), len(dataset.y_test)))
    if renamed:
        story = RunStory((*story.parts, ("story.layers_renamed", {"count": len(renamed)})))
    meta = dataclasses.replace(
        draft, history={k: list(v) for k, v in snap.history.items()},
        batch_history=_thin(snap.batch_history, MAX_BATCH_POINTS), best_epoch=best_epoch, final_metrics=final,
        snapshots=snapshots.snapshots, notes=story.text("en"), story=story.to_dict(),
        replay=epochs_kept.recorder.summary(),
    )
    saved = checkpoints.save(portable_copy(model, config), path, meta,
                             replay=epochs_kept.recorder)
    history.set_status(status)
    return TrainResult(run_id, status, saved, scores.accuracy, scores.loss, best_epoch, meta,
                       history.snapshot(), test_total_loss=scores.total_loss, story=story)


def portable_copy(model: keras.Model, config: TrainConfig) -> keras.Model:
    """The trained weights in a fresh, compiled model outside any strategy, without optimizer state.

    Adam's two moment estimates would triple the file, and a checkpoint is for looking at, not resuming.
    Loading it compiles a fresh optimizer (Keras warns that it skips the saved optimizer variables).
    """
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    return compile_model(copy, config)


def _thin(columns: dict[str, tuple[float, ...]], max_points: int) -> dict[str, list[float]]:
    """Every k-th per-batch point so long runs keep small metadata (the last point is always kept)."""
    n = len(next(iter(columns.values()), ()))
    keep = list(range(0, n, max(1, math.ceil(n / max_points))))
    if n and keep[-1] != n - 1:
        keep.append(n - 1)
    return {k: [v[i] for i in keep] for k, v in columns.items()}
