"""Labs that train: weight initialisers side by side, and how much of VGG16 to freeze.

Widgets and layout only: the numbers come from `cnnviz.initialisers` and `cnnviz.freezing`, cached server-wide
on what they depend on (model, dataset fingerprint, settings, seed), so a class asking for the same runs
shares them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz import data
from cnnviz.core.errors import CnnvizError
from cnnviz.models import zoo
from cnnviz.train import freezing as freeze
from cnnviz.train import initialisers as inits

INIT_IMAGES = (200, 600, 1000)
FREEZE_IMAGES = (100, 300, 500)


# --- cached computations (keys: model, dataset fingerprint, settings) -------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def init_stats(model: str, fingerprint: str, names: tuple[str, ...], seed: int, num_classes: int,
               _x: np.ndarray, _y: np.ndarray) -> dict[str, list[inits.LayerStats]]:
    """One batch measured under each initialiser. Key: model, dataset fingerprint, initialisers, seed."""
    return inits.compare(model, _x, _y, names, seed, num_classes=num_classes)


@st.cache_data(show_spinner=False, max_entries=256)
def init_run(model: str, fingerprint: str, initialiser: str, epochs: int, seed: int, limit: int,
             _ds: data.Dataset) -> dict[str, list[float]]:
    """One brief training run's history. Key: model, dataset fingerprint, initialiser, epochs, seed, limit."""
    return inits.train_briefly(model, _ds, initialiser, epochs, seed, limit)


@st.cache_data(show_spinner=False, max_entries=16)
def freeze_counts(input_shape: tuple[int, ...], num_classes: int, plans: tuple[int, ...]
                  ) -> list[tuple[int, freeze.ParamCounts, tuple[str, ...], int]]:
    """Each plan's trainable and frozen parameters, training conv layers, all conv layers. Key: as called."""
    model = shared.zoo_model(freeze.MODEL, input_shape, num_classes)  # random weights: counts only
    found = []
    for blocks in plans:
        plan = freeze.freeze_plan(model, blocks)
        found.append((blocks, freeze.trainable_counts(plan), freeze.trainable_conv_layers(plan),
                      len(freeze.conv_layers(plan))))
    return found


@st.cache_data(show_spinner=False, max_entries=64)
def freeze_run(fingerprint: str, blocks: int, epochs: int, seed: int, limit: int,
               _ds: data.Dataset) -> freeze.FreezeRun:
    """One plan trained briefly. Key: dataset fingerprint, frozen blocks, epochs, seed, limit."""
    return freeze.compare_freezing(_ds, (blocks,), epochs, seed, limit)[0]


# --- the initialisers lab -------------------------------------------------------------------------------


def _init_settings() -> tuple[str, list[str], int]:
    """Model, initialisers and seed, folded away while presenting."""
    shared.keep_valid("init_model", list(inits.LAB_MODELS))
    st.session_state.setdefault("init_model", inits.LAB_MODELS[0])
    model = st.selectbox(t("lab.init.model"), inits.LAB_MODELS, key="init_model",
                         format_func=lambda name: zoo.get_spec(name).title)
    names = st.multiselect(t("lab.init.initialisers"), inits.INITIALIZERS,
                           default=list(inits.INITIALIZERS), key="init_names")
    seed = int(st.number_input(t("lab.init.seed"), 0, 9999, 0, key="init_seed", help=t("lab.init.seed_help")))
    return model, names, seed


def _summary(stats: dict[str, list[inits.LayerStats]]) -> tuple[pd.DataFrame, inits.LayerStats]:
    """Per initialiser: the first conv's weight std (measured and expected), the last conv's outputs, the
    first conv's gradient."""
    rows = {}
    first = last = None
    for name, layers in stats.items():
        convs = [r for r in layers if r.kind == "Conv2D"] or layers
        first, last = convs[0], convs[-1]
        rows[name] = {
            shared.t_plain("lab.init.col_kernel_std", layer=first.name): f"{first.kernel_std:.4f}",
            shared.t_plain("lab.init.col_expected_std", layer=first.name):
                f"{inits.expected_std(name, first.fan_in, first.fan_out):.4f}",
            shared.t_plain("lab.init.col_act_std", layer=last.name): f"{last.activation_std:.4g}",
            shared.t_plain("lab.init.col_zero", layer=last.name): f"{last.zero_fraction:.0%}",
            shared.t_plain("lab.init.col_grad", layer=first.name): f"{first.gradient_norm:.4g}",
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = t("lab.init.col_initialiser")
    return frame, first


def initialisers_view() -> None:
    """Activations and gradients through the layers under each initialiser, then brief training runs."""
    st.markdown(t("lab.init.intro"))
    top = present.first()
    with present.settings():
        model, names, seed = _init_settings()
    ds = shared.current_dataset()
    if ds is None:
        return
    if not names:
        st.info(t("lab.init.pick_one"))
        return
    x, y = inits.first_batch(ds)
    fingerprint = data.fingerprint(ds)
    try:
        with st.spinner(t("lab.init.computing", count=len(names))):
            stats = init_stats(model, fingerprint, tuple(names), seed, ds.num_classes, x, y)
    except CnnvizError as err:
        st.error(shared.message(err))
        return
    lang = shared.lang()
    with top:
        left, right = (st.container(), st.container()) if present.presenting() else st.columns(2)
        with left:
            present.chart(inits.depth_figure(stats, "activation_std", lang), key="init_act")
            shared.explain("lab.init.explain_activation_std")
        with right:
            present.chart(inits.depth_figure(stats, "gradient_norm", lang), key="init_grad")
            shared.explain("lab.init.explain_gradient_norm")
    st.caption(t("lab.init.batch_note", batch=len(x), dataset=ds.name))
    frame, first = _summary(stats)
    st.dataframe(frame, key="init_table")
    st.caption(f"💡 {t('lab.init.explain_table', fan_in=first.fan_in, fan_out=first.fan_out)}")

    layers = [r.name for r in next(iter(stats.values()))]
    pick_col, which_col = st.columns(2)
    with pick_col:
        layer = shared.pick("lab.init.hist_layer", layers, "init_layer", default=layers[0])
    with which_col:
        which = st.radio(t("lab.init.hist_which"), ["activation", "gradient"], horizontal=True,
                         key="init_which", format_func=lambda w: t(f"lab.init.hist_{w}"))
    present.chart(inits.histogram_figure(stats, layer or layers[0], which, lang), key="init_hist")
    shared.explain("lab.init.explain_hist")
    _init_training(model, names, seed, ds, fingerprint)


def _init_training(model: str, names: Sequence[str], seed: int, ds: data.Dataset, fingerprint: str) -> None:
    """The button, a progress bar per run, and the overlaid curves."""
    st.subheader(t("lab.init.train_title"))
    with present.settings():
        epochs_col, images_col = st.columns(2)
        epochs = int(epochs_col.slider(t("lab.init.epochs"), 1, inits.MAX_EPOCHS, 2, key="init_epochs"))
        limit = int(images_col.select_slider(t("lab.init.images"), INIT_IMAGES, value=600, key="init_images"))
    images = min(limit, len(ds.y_train))
    st.caption(t("lab.init.train_help", count=len(names), epochs=epochs, images=images, optimizer="Adam",
                 lr=f"{inits.LEARNING_RATE:g}"))
    wanted = (model, fingerprint, tuple(names), epochs, seed, limit)
    if st.button(t("lab.init.train_button"), key="init_train", type="primary"):
        bar = st.progress(0.0)
        try:
            for done, name in enumerate(names):
                bar.progress(done / len(names), text=t("lab.init.training", name=name, done=done + 1,
                                                         count=len(names)))
                init_run(model, fingerprint, name, epochs, seed, limit, ds)
        except CnnvizError as err:
            st.error(shared.message(err))
            return
        bar.empty()
        st.session_state["init_trained"] = wanted
    if st.session_state.get("init_trained") != wanted:
        return
    histories = {name: init_run(model, fingerprint, name, epochs, seed, limit, ds) for name in names}
    lang = shared.lang()
    acc_col, loss_col = (st.container(), st.container()) if present.presenting() else st.columns(2)
    with acc_col:
        present.chart(inits.overlaid_curves(histories, "accuracy", lang), key="init_curve_acc")
        shared.explain("lab.init.explain_curves")
    with loss_col:
        present.chart(inits.overlaid_curves(histories, "loss", lang), key="init_curve_loss")
        shared.explain("lab.init.explain_loss")
    finals = pd.DataFrame.from_dict({
        name: {t("lab.init.col_val_acc"): f"{h['val_accuracy'][-1]:.1%}",
               t("lab.init.col_val_loss"): f"{h['val_loss'][-1]:.3f}"} for name, h in histories.items()},
        orient="index")
    finals.index.name = t("lab.init.col_initialiser")
    st.dataframe(finals, key="init_finals")


# --- the freezing lab -----------------------------------------------------------------------------------


def _plan_rows(counts: list[tuple[int, freeze.ParamCounts, tuple[str, ...], int]]) -> pd.DataFrame:
    lang = shared.lang()
    frame = pd.DataFrame([{
        t("lab.freeze.col_plan"): freeze.plan_label(blocks, lang),
        t("lab.freeze.col_trainable"): f"{c.trainable:,}",
        t("lab.freeze.col_frozen"): f"{c.non_trainable:,}",
        t("lab.freeze.col_share"): f"{c.trainable / c.total:.2%}",
        t("lab.freeze.col_conv"): f"{len(convs)} / {total}",
    } for blocks, c, convs, total in counts])
    return frame.set_index(t("lab.freeze.col_plan"))


def freezing_view() -> None:
    """The quadrant, trainable parameters per plan, and each plan trained briefly."""
    ds = shared.current_dataset()
    st.markdown(t("lab.freeze.intro", blocks=freeze.BLOCKS, base=f"{freeze.VGG16_BASE_PARAMS:,}"))
    top = present.first()
    with top:
        st.markdown(f"**{t('lab.freeze.quadrant_title')}**")
        st.table(freeze.quadrant_table(shared.lang()))
        shared.explain("lab.freeze.explain_quadrant")
    if ds is None:
        return
    with present.settings():
        plans = st.multiselect(t("lab.freeze.plans"), list(range(freeze.BLOCKS + 1)),
                               default=list(freeze.DEFAULT_PLANS), key="freeze_plans",
                               format_func=lambda k: freeze.plan_label(k, shared.lang()),
                               help=t("lab.freeze.plans_help"))
        epochs_col, images_col = st.columns(2)
        epochs = int(epochs_col.slider(t("lab.freeze.epochs"), 1, freeze.MAX_EPOCHS, 1, key="freeze_epochs"))
        limit = int(images_col.select_slider(t("lab.freeze.images"), FREEZE_IMAGES, value=300,
                                             key="freeze_images"))
    if not plans:
        st.info(t("lab.freeze.pick_one"))
        return
    plans = sorted(plans)
    try:
        counts = freeze_counts(ds.input_shape, ds.num_classes, tuple(plans))
    except CnnvizError as err:
        st.error(shared.message(err))
        return
    st.table(_plan_rows(counts))
    head = counts[0][1].total - freeze.VGG16_BASE_PARAMS
    st.caption("💡 " + t("lab.freeze.explain_counts", base=f"{freeze.VGG16_BASE_PARAMS:,}",
                         classes=ds.num_classes, head=f"{head:,}", convs=counts[0][3]))
    images = min(limit, len(ds.y_train))
    st.caption(t("lab.freeze.expected", images=images,
                 seconds=f"{images * freeze.SECONDS_PER_IMAGE_EPOCH:.0f}",
                 total=f"{freeze.expected_seconds(len(plans), epochs, images):.0f}"))
    st.caption(t("lab.freeze.weights_note") + " "
               + t("lab.freeze.train_help", lr=f"{freeze.LEARNING_RATE:g}", batch=freeze.BATCH_SIZE))
    weights_note = zoo.missing_weights_note(freeze.MODEL)  # the Train page's warning, before any run
    if weights_note is not None:
        st.warning(weights_note.text(shared.lang()))
    fingerprint = data.fingerprint(ds)
    wanted = (fingerprint, tuple(plans), epochs, limit)
    if st.button(t("lab.freeze.train_button"), key="freeze_train", type="primary"):
        bar = st.progress(0.0)
        try:
            for done, blocks in enumerate(plans):
                bar.progress(done / len(plans), text=t("lab.freeze.training", done=done + 1, count=len(plans),
                                                         plan=freeze.plan_label(blocks, shared.lang())))
                freeze_run(fingerprint, blocks, epochs, 0, limit, ds)
        except CnnvizError as err:
            st.error(shared.message(err))
            return
        bar.empty()
        st.session_state["freeze_trained"] = wanted
    if st.session_state.get("freeze_trained") != wanted:
        return
    runs = [freeze_run(fingerprint, blocks, epochs, 0, limit, ds) for blocks in plans]
    _freeze_results(runs)


def _freeze_results(runs: list[freeze.FreezeRun]) -> None:
    lang = shared.lang()
    if any(run.random_weights for run in runs):
        st.warning(t("lab.freeze.random_note"))
    else:
        st.caption(t("lab.freeze.imagenet_note"))
    present.chart(freeze.curves_figure(runs, "accuracy", lang), key="freeze_curve")
    shared.explain("lab.freeze.explain_curves")
    frame = pd.DataFrame([{
        t("lab.freeze.col_plan"): freeze.plan_label(run.frozen_blocks, lang),
        t("lab.freeze.col_trainable"): f"{run.counts.trainable:,}",
        t("lab.freeze.col_val_acc"): f"{run.final_val_accuracy:.1%}",
        t("lab.freeze.col_first"): f"{run.seconds[0]:.1f}",
        t("lab.freeze.col_seconds"): f"{np.mean(run.seconds[1:]):.1f}" if len(run.seconds) > 1 else "–",
    } for run in runs]).set_index(t("lab.freeze.col_plan"))
    st.table(frame)
    shared.explain("lab.freeze.explain_seconds")


def initialisers() -> None:
    """The initialisers lab (labs.py calls it by this name)."""
    initialisers_view()


def freezing() -> None:
    """The freezing lab (labs.py calls it by this name)."""
    freezing_view()
