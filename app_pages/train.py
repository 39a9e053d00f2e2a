"""Train: choose a model, data and hyperparameters, then watch the learning curves grow live."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz import data
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import render
from cnnviz.models import zoo
from cnnviz.train import finetune, jobs, remote, runs, training

LEARNING_RATES = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
BATCH_SIZES = [16, 32, 64, 128, 256]


def model_ui(current: shared.CurrentModel | None, ds: data.Dataset, column: object) -> tuple[str, bool] | None:
    """Which model to train: a zoo model, or (fine-tuning) the uploaded one. Returns (name, fine_tune)."""
    if current is not None and current.key.startswith("upload:"):
        problem = finetune.problem(current.model, ds)
        if problem is not None:
            st.error(t("train.finetune_no", name=current.label) + " " + shared.message(problem))
            return None
        st.info(t("train.finetune", name=current.label, dataset=ds.name))
        return Path(current.label).stem, True
    specs = {spec.name: spec for spec in zoo.list_models()}
    default = current.zoo_name if current and current.zoo_name in specs else "fashion_cnn"
    name = column.selectbox(t("train.model"), list(specs), index=list(specs).index(default),
                            format_func=lambda n: specs[n].title, key="train_model")
    return name, False


def optimizer_ui(columns: list) -> tuple[str, float]:
    """The optimiser and its learning rate."""
    optimizer = columns[0].selectbox(t("train.optimizer"), list(training.OPTIMIZERS), key="train_optimizer")
    learning_rate = columns[1].select_slider(t("train.lr"), LEARNING_RATES, value=1e-3, key="train_lr")
    return optimizer, float(learning_rate)


def schedule_ui(columns: list) -> tuple[int, int, int | None]:
    """Batch size, epochs, and an optional cap on the images per split (for quick demos)."""
    batch_size = columns[0].select_slider(t("train.batch"), BATCH_SIZES, value=64, key="train_batch")
    epochs = columns[1].slider(t("train.epochs"), 1, 50, 5, key="train_epochs")
    limit = columns[2].number_input(t("train.limit"), min_value=0, value=0, step=100, help=t("train.limit_help"),
                                    key="train_limit")
    return int(batch_size), int(epochs), int(limit) or None


def regularisation_ui(columns: list, model_name: str, fine_tune: bool) -> dict[str, object]:
    """Initializer, dropout and batch norm, for the options this zoo model takes (none when fine-tuning)."""
    if fine_tune:  # a fine-tuned model keeps its trained weights and its layers
        return {}
    options = zoo.model_options(model_name)
    usual = t("train.init_default")  # translated now: the label belongs to this run's language
    initializer = columns[0].selectbox(t("train.init"), ["default", *zoo.INITIALIZERS], key="train_init",
                                       format_func=lambda i: usual if i == "default" else i)
    dropout = None
    if "dropout" in options:
        default = float(zoo.get_spec(model_name).defaults.get("dropout", 0.0))
        dropout = columns[1].slider(t("train.dropout"), 0.0, 0.8, default, 0.05, key=f"train_dropout_{model_name}")
    batch_norm = "batch_norm" in options and columns[2].toggle(t("train.batch_norm"), value=False, key="train_bn")
    return zoo.training_options(model_name, kernel_initializer=None if initializer == "default" else initializer,
                                dropout=dropout, batch_norm=batch_norm)


def stopping_ui(columns: list) -> tuple[bool, int, int]:
    """Early stopping on the validation loss and its patience; the random seed (it travels in links)."""
    early = columns[0].toggle(t("train.early"), value=True, help=t("train.early_help"), key="train_early")
    patience = columns[1].number_input(t("train.patience"), 1, 20, 3, disabled=not early, key="train_patience")
    if "seed" not in st.session_state:
        st.session_state["seed"] = 0
    seed = columns[2].number_input(t("train.seed"), min_value=0, max_value=2**31 - 1, step=1, key="seed",
                                   help=t("train.seed_help"))
    return early, int(patience), int(seed)


def settings_form(ds: data.Dataset, current: shared.CurrentModel | None) -> tuple[training.TrainConfig | None, bool]:
    """The hyperparameter widgets; returns the config (None after showing why it is invalid) and fine_tune."""
    first = st.columns(3)
    chosen = model_ui(current, ds, first[0])
    if chosen is None:
        return None, False
    model_name, fine_tune = chosen
    optimizer, learning_rate = optimizer_ui(first[1:])
    batch_size, epochs, limit = schedule_ui(st.columns(3))
    model_options = regularisation_ui(st.columns(3), model_name, fine_tune)
    early, patience, seed = stopping_ui(st.columns(3))
    augmentation = augmentation_ui(ds.name)
    try:
        config = training.TrainConfig(
            model_name=model_name, model_options=model_options, dataset=ds.name, optimizer=optimizer,
            learning_rate=learning_rate, batch_size=batch_size, epochs=epochs, early_stopping=early,
            patience=patience, augmentation=augmentation, limit=limit, seed=seed,
        )
    except CnnvizError as err:
        st.error(shared.message(err))
        return None, fine_tune
    return config, fine_tune


def augmentation_ui(dataset_name: str) -> data.Augmentation | None:
    """Augmentation of the training split, with a warning where it changes what a picture means."""
    with st.expander(t("train.augmentation")):
        st.caption(t("train.augmentation_help"))
        cols = st.columns(3)
        aug = data.Augmentation(
            flip_horizontal=cols[0].checkbox(t("train.flip_h"), key="aug_fh"),
            flip_vertical=cols[0].checkbox(t("train.flip_v"), key="aug_fv"),
            rotation=cols[1].slider(t("train.rotation"), 0.0, 0.25, 0.0, 0.01, key="aug_rot"),
            zoom=cols[1].slider(t("train.zoom"), 0.0, 0.3, 0.0, 0.05, key="aug_zoom"),
            brightness=cols[2].slider(t("train.brightness"), 0.0, 0.5, 0.0, 0.05, key="aug_bright"),
            contrast=cols[2].slider(t("train.contrast"), 0.0, 0.5, 0.0, 0.05, key="aug_contrast"),
        )
        for warning in data.augmentation_warnings(dataset_name, aug, shared.lang()):
            st.warning(warning)
    return aug if aug.enabled else None


def trainee(current: shared.CurrentModel | None) -> str:
    """What this page trains: an uploaded model's content key (fine-tuning it), else "" (a zoo model)."""
    return current.key if current is not None and current.key.startswith("upload:") else ""


def start(config: training.TrainConfig, ds: data.Dataset, base_model: object | None, trained: str = "") -> None:
    """Start button callback: runs before the script, so this very run already shows the live view.

    `trained` is what the run trains (`trainee`): its curves and result are shown with that model only.
    """
    run = st.session_state.get("run")
    if run is not None and not run.done:
        return
    try:
        removed = runs.make_room(shared.runs_dir(), shared.owner())
        run = jobs.start_training(config, shared.runs_dir(), dataset=ds, alive=shared.session_alive(),
                                  base_model=base_model, owner=shared.owner(), address=shared.client_address(),
                                  keep_partial=bool(st.session_state.get("train_keep")))
    except CnnvizError as err:
        st.session_state["run_error"] = shared.message(err)
        return
    st.session_state["run"] = run
    st.session_state["run_for"] = trained
    if removed:
        st.session_state["runs_note"] = t("runs.made_room", count=len(removed), limit=runs.MAX_RUNS,
                                          names=shared.listing(removed))


def live_view() -> None:
    """Redrawn every second while a run is going: progress, curves, and the result once it ends."""
    run = st.session_state.get("run")
    if run is None:
        return
    snap = run.history.snapshot()
    running = not run.done
    place = run.queue_position if running else 0
    # the same elements above the curves while running and after (Stop stays, greyed): they never jump
    st.progress(snap.progress, text=t(f"train.status_{snap.phase}", epoch=snap.epoch, epochs=snap.epochs,
                                      batch=snap.batch, batches=snap.batches_per_epoch))
    if st.button(t("train.stop"), type="secondary", key="stop", disabled=not running) and running:
        run.stop()
    labels = shared.curve_labels()
    cols = st.columns(2)
    for column, metric in zip(cols, ("loss", "accuracy"), strict=False):
        figure = render.learning_curves(snap.history, snap.batch_history, metric, snap.best_epoch, labels,
                                        snap.batches_per_epoch)
        present.chart(figure, where=column, key=f"curve-{metric}")
    if place:
        st.info(t("train.queued", place=place, running=jobs.active_runs()))
    if isinstance(run, remote.RemoteRun):  # trained by a queue worker (CNNVIZ_QUEUE)
        note = run.notice()  # Redis out of reach or full, or the result read from disk: one true line
        workers = run.workers() if running and note is None else None  # None: Redis did not answer
        if note is not None:
            (st.info if run.saved_offline else st.warning)(shared.phrase(note))
        elif workers:
            st.caption(t("train.remote_note", workers=workers))
        elif workers == 0:
            st.warning(t("train.remote_no_worker"))
    shared.explain("train.explain_curves")
    if training.validation_above_training(snap.history) and training.dropout_rate(run.config) > 0:
        shared.explain("train.explain_val_above")
    if run.done and st.session_state.pop("_watching", False):
        st.rerun()  # the whole page once more: the result, its buttons and the model list see the new checkpoint


def finished(result: training.TrainResult) -> None:
    if result.checkpoint_path is None:
        st.info(t("train.not_kept" if runs.stopped_in_first_epoch(result.history) else "train.nothing_saved"))
        return
    if not result.checkpoint_path.exists():  # removed since (by its owner, or to keep the disk within budget)
        st.info(t("train.checkpoint_gone"))
        return
    accuracy = f"{result.test_accuracy:.2%}" if result.test_accuracy is not None else "—"
    st.success(t("train.saved", name=result.checkpoint_path.stem, accuracy=accuracy,
                 best=result.best_epoch if result.best_epoch else "—"))
    if result.story is not None:
        st.markdown(shared.phrase(result.story))
    if result.test_loss is not None:  # the same labels, and the same definitions, as on the Evaluate page
        figures = [(t("eval.loss" if result.test_total_loss is None else "eval.main_loss"), result.test_loss)]
        if result.test_total_loss is not None:
            figures.append((t("eval.total_loss", weight=f"{zoo.AUX_LOSS_WEIGHT:g}"), result.test_total_loss))
        for column, (label, value) in zip(st.columns(len(figures)), figures, strict=False):
            column.metric(label, f"{value:.4f}")
    cols = st.columns(2)
    cols[0].download_button(t("train.download"), result.checkpoint_path.read_bytes(),
                            file_name=result.checkpoint_path.name, mime="application/octet-stream", key="dl-ckpt")
    cols[1].button(t("train.use"), key="use-ckpt", on_click=shared.explore,
                   args=(f"ckpt:{result.checkpoint_path.stem}",))


st.title(t("nav.train"))
ds = shared.current_dataset()
if ds is None:
    st.stop()
st.caption(t("train.intro", dataset=ds.name, n=len(ds.x_train), val=len(ds.x_val), test=len(ds.x_test)))
with present.focus("data"), st.expander(t("train.preprocessing"), expanded=present.focused("data")):
    for step in data.preprocessing_steps(ds, shared.lang()):
        st.markdown(f"- {step}")
current = shared.current_model()
with present.settings():  # folded away in presenter mode: the class watches the curves
    config, fine_tune = settings_form(ds, current)
weights_note = None if config is None or fine_tune else zoo.missing_weights_note(config.model_name,
                                                                                  config.model_options)
if weights_note is not None:  # before the run, not only in the server log: offline, VGG16's base is random
    st.warning(weights_note.text(shared.lang()))
for_room = runs.take_evicted(shared.runs_dir(), shared.owner())  # removed while away: told once
if for_room:
    st.warning(t("runs.evicted", names=shared.listing(for_room)))
run = st.session_state.get("run")
busy = run is not None and not run.done
st.checkbox(t("train.keep_partial"), key="train_keep", help=t("train.keep_partial_help"))
st.button(t("train.start"), type="primary", disabled=busy or config is None, key="start", on_click=start,
          args=(config, ds, current.model if fine_tune and current else None, trainee(current)))
if "run_error" in st.session_state:
    st.error(st.session_state.pop("run_error"))
ours = st.session_state.get("run_for", "") == trainee(current)  # a run and its result: its model's only
if busy:
    st.session_state["_watching"] = True
    if not ours:  # the one run a session may have, still going: shown, so its Stop stays at hand
        st.info(t("train.run_elsewhere", name=run.config.model_name))
if busy or ours:
    st.fragment(run_every=1.0 if busy else None)(live_view)()
if run is not None and run.done and ours:
    if run.failure is not None:
        st.error(shared.message(run.failure))
    elif run.result is not None:
        finished(run.result)
if "runs_note" in st.session_state:
    st.info(st.session_state.pop("runs_note"))
shared.runs_manager()
