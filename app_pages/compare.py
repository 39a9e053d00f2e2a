"""Compare runs: learning curves and settings side by side; per-class accuracy, the confusion difference and
one picture through every model, for the runs tested on the same test set."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import streamlit as st

from app_state import present, renders, shared
from app_state.picture import picture_alt, picture_ui
from app_state.shared import t
from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core.errors import CnnvizError
from cnnviz.core.text import distinct, literal, plain
from cnnviz.draw import describe, render
from cnnviz.explain import methods as explain
from cnnviz.explain import overlays
from cnnviz.models import outputs
from cnnviz.train import checkpoints, compare

if TYPE_CHECKING:
    import keras
    import pandas as pd

HIGHLIGHT = "background-color: #FFF3BF; color: #000"  # a column whose values differ between the runs
PICTURES_PER_ROW = 4
INTEGER_COLUMNS = ("batch_size", "epochs", "epochs_trained", "patience", "seed", "limit", "best_epoch")


@st.cache_data(show_spinner=False, max_entries=64)
def probabilities_of(path: str, modified: float, digest: str, _model: keras.Model,
                     _x: np.ndarray) -> np.ndarray:
    """One checkpoint's class probabilities for the picture. Key: checkpoint path and time, the picture."""
    return explain.probabilities(_model, _x)[0]


@st.cache_data(show_spinner=False, max_entries=64)
def grad_cam_of(path: str, modified: float, digest: str, class_index: int, _model: keras.Model,
                _x: np.ndarray) -> np.ndarray:
    """One checkpoint's Grad-CAM of a class on the picture. Key: checkpoint path and time, picture, class."""
    return explain.grad_cam(_model, _x, class_index)


def unique_labels(infos: list[checkpoints.CheckpointInfo]) -> list[str]:
    """Each run's label as the screen shows it (plain, capped), numbered where two runs would read the same
    (the legends group by name); every place it lands encodes it for itself."""
    return list(distinct(plain(shared.checkpoint_label(info)) for info in infos))


def default_runs(infos: list[checkpoints.CheckpointInfo]) -> list[str]:
    """The shipped default checkpoint and the newest run (yours first), else the first two."""
    names = [info.name for info in infos]
    chosen = [shared.DEFAULT_CHECKPOINT] if shared.DEFAULT_CHECKPOINT in names else []
    mine = shared.own_runs()
    others = sorted((i for i in infos if i.path.parent != shared.CHECKPOINT_DIR), key=lambda i: -i.modified)
    chosen += [info.name for info in (mine or others)[:1] if info.name not in chosen]
    chosen += [name for name in names if name not in chosen]
    return chosen[:2]


def runs_ui(infos: list[checkpoints.CheckpointInfo]) -> list[checkpoints.CheckpointInfo]:
    """The multiselect of the checkpoints this browser may see; a remembered run that is gone is dropped."""
    by_name = {info.name: info for info in infos}
    labels = dict(zip(by_name, unique_labels(infos), strict=False))
    if "cmp_runs" in st.session_state:
        st.session_state["cmp_runs"] = [n for n in st.session_state["cmp_runs"] if n in by_name]
    else:
        st.session_state["cmp_runs"] = default_runs(infos)
    chosen = st.multiselect(t("compare.runs"), list(by_name), key="cmp_runs", format_func=labels.get,
                            help=t("compare.runs_help"))
    return [by_name[name] for name in chosen]


def settings_table(table: compare.RunTable) -> None:
    """The settings and final figures, the columns that differ highlighted, then which ones they are."""
    lang = shared.lang()
    frame = table.frame(lang)
    formats = {compare.header(c, lang): (lambda v: f"{int(v)}") for c in INTEGER_COLUMNS}
    formats.update({compare.header("learning_rate", lang): "{:g}",
                    compare.header("test_accuracy", lang): "{:.2%}",
                    compare.header("test_loss", lang): "{:.4f}"})
    differing = [compare.header(c, lang) for c in table.differing]
    styled = frame.style.format(formats, na_rep="—")
    if differing:
        styled = styled.map(lambda _: HIGHLIGHT, subset=differing)
    show: pd.DataFrame = styled  # type: ignore[assignment]  # st.dataframe takes a Styler too
    st.dataframe(show, hide_index=True, key="cmp_table")
    if differing:
        st.caption(t("compare.differ", columns=shared.listing(differing)))
    else:
        st.caption(t("compare.differ_none"))
    shared.explain("compare.explain_table")


def curves(chosen: list[checkpoints.CheckpointInfo], labels: list[str], metric: str) -> None:
    """Every run's learning curves on one chart."""
    words = {"train": t("compare.train"), "val": t("compare.val"), "best": t("compare.best_epoch"),
             "epoch": t("compare.epoch"), "loss": t("compare.metric_loss"),
             "accuracy": t("compare.metric_accuracy")}
    histories = [(label, info.metadata.history, info.metadata.best_epoch)
                 for label, info in zip(labels, chosen, strict=False)]
    present.chart(compare.curves_figure(histories, metric, words), key="cmp_curves")
    missing = [label for label, info in zip(labels, chosen, strict=False) if not info.metadata.history.get(metric)]
    if missing:
        st.caption(t("compare.no_history", runs=shared.listing(missing)))
    shared.explain("compare.explain_curves")


def group_ui(chosen: list[checkpoints.CheckpointInfo], labels: list[str]) -> tuple[int, ...] | None:
    """The chosen runs that share one test set (the user picks when several sets have two or more)."""
    groups = [g for g in compare.comparable_groups(chosen) if len(g) >= 2]
    if not groups:
        st.info(t("compare.no_shared_test_set"))
        return None
    if len(groups) > 1:
        options = list(range(len(groups)))
        shared.keep_valid("cmp_group", options)

        def option(i: int) -> str:
            first = chosen[groups[i][0]].metadata
            return shared.t_plain("compare.group_option", dataset=first.dataset, count=len(groups[i]))

        index = st.selectbox(t("compare.group"), options, key="cmp_group", format_func=option)
        group = groups[index]
    else:
        group = groups[0]
    left_out = [labels[i] for i in range(len(chosen)) if i not in group]
    if left_out:
        st.info(t("compare.left_out", runs=shared.listing(left_out), dataset=chosen[group[0]].metadata.dataset))
    return group


def evaluate_group(members: list[tuple[checkpoints.CheckpointInfo, str]], ds: data.Dataset
                   ) -> list[tuple[checkpoints.CheckpointInfo, str, keras.Model, evaluation.Evaluation]]:
    """Each run loaded and evaluated on the test split (cached per checkpoint), with a progress bar."""
    done = []
    bar = st.progress(0.0)
    for step, (info, label) in enumerate(members):
        def follow(images: int, count: int, step: int = step, label: str = label) -> None:
            bar.progress((step + images / count) / len(members),
                         text=t("compare.evaluating", run=label, done=step + 1, total=len(members),
                                count=f"{images:,} / {count:,}"))

        follow(0, len(ds.x_test))
        try:
            model, _ = shared.checkpoint_model(str(info.path), info.modified)
            classes = outputs.num_classes(model)
            if classes != ds.num_classes:
                st.warning(t("compare.class_mismatch", run=label, model=classes, data=ds.num_classes))
                continue
            found = shared.evaluation_of(shared.checkpoint_key(info), model, ds, progress=follow)
        except CnnvizError as err:
            st.warning(f"{literal(label)}: {shared.message(err)}")
            continue
        done.append((info, label, model, found))
    bar.empty()
    return done


def per_class(results: list[tuple[checkpoints.CheckpointInfo, str, keras.Model, evaluation.Evaluation]],
              colours: list[str], ds: data.Dataset) -> None:
    """Each run's test accuracy, then its accuracy per class, side by side."""
    st.subheader(t("compare.per_class"))
    for column, (_, label, _, found) in zip(st.columns(len(results)), results, strict=False):
        column.metric(literal(label), f"{found.accuracy:.2%}",
                      help=t("compare.accuracy_help", count=len(found.true), dataset=ds.name))
    figure = compare.per_class_figure([r[3].per_class_accuracy for r in results], [r[1] for r in results],
                                      shared.shown_class_names(ds), colours, t("compare.metric_accuracy"))
    present.chart(figure, key="cmp_per_class")
    shared.explain("compare.explain_per_class")


def difference(results: list[tuple[checkpoints.CheckpointInfo, str, keras.Model, evaluation.Evaluation]],
               ds: data.Dataset) -> None:
    """The confusion difference B − A of a chosen pair, and how many answers changed either way."""
    st.subheader(t("compare.difference"))
    options = list(range(len(results)))
    for key, default in (("cmp_a", 0), ("cmp_b", 1)):
        shared.keep_valid(key, options)
        st.session_state.setdefault(key, default)
    pick_a, pick_b = st.columns(2)
    a = pick_a.selectbox(t("compare.run_a"), options, key="cmp_a", format_func=lambda i: results[i][1])
    b = pick_b.selectbox(t("compare.run_b"), options, key="cmp_b", format_func=lambda i: results[i][1])
    if a == b:
        st.info(t("compare.same_pair"))
        return
    first, second = results[a][3], results[b][3]
    names = list(shared.shown_class_names(ds))
    try:
        diff = compare.confusion_difference(first.confusion, second.confusion, names, names)
        changed = compare.changes(first.predicted, second.predicted, first.true)
    except CnnvizError as err:
        st.warning(shared.message(err))
        return
    columns = st.columns(3)
    columns[0].metric(t("compare.fixed"), f"{changed.fixed}", help=t("compare.fixed_help"))
    columns[1].metric(t("compare.broken"), f"{changed.broken}", help=t("compare.broken_help"))
    points = 100 * (second.accuracy - first.accuracy)
    columns[2].metric(t("compare.net"), f"{points:+.2f}", help=t("compare.net_help", count=len(first.true)))
    hover = f"{t('eval.true')} %{{y}}, {t('eval.predicted')} %{{x}}: %{{z:+d}}"
    figure = compare.difference_figure(diff, names, t("eval.predicted"), t("eval.true"), hover,
                                       t("compare.colour_title"))
    present.chart(figure, key="cmp_difference")
    shared.explain("compare.explain_difference")


def pictures(results: list[tuple[checkpoints.CheckpointInfo, str, keras.Model, evaluation.Evaluation]],
             ds: data.Dataset) -> None:
    """One picture (a test image or an upload) through every model: prediction and Grad-CAM side by side."""
    st.subheader(t("compare.picture"))
    info, label, model, _ = results[0]
    first = dataclasses.replace(shared.checkpoint_current(info), label=label)
    picture, choices = st.columns([1, 3])
    with choices:
        chosen = picture_ui(first, ds)
        x, note, true_index = chosen.x, chosen.note, chosen.true_index
    with picture:
        st.image(render.image_preview(x), caption=t("fm.input_caption"), alt=picture_alt(chosen, ds))
        st.caption(note)
    names = list(shared.shown_class_names(ds))
    if true_index is not None:
        st.markdown(t("fm.truth", label=names[true_index]))
    rows = [results[i:i + PICTURES_PER_ROW] for i in range(0, len(results), PICTURES_PER_ROW)]
    for row in rows:
        for column, (info, label, model, _) in zip(st.columns(PICTURES_PER_ROW), row, strict=False):
            with column:
                picture_of(info, label, model, x, names)
    shared.explain("compare.explain_picture")


def picture_of(info: checkpoints.CheckpointInfo, label: str, model: keras.Model, x: np.ndarray,
               names: list[str]) -> None:
    """One model's prediction for the picture and its Grad-CAM map over it."""
    x = evaluation.fit_to_input(x, tuple(model.inputs[0].shape[1:]))  # unchanged when the input is the same
    digest = renders.digest(x)
    st.markdown(f"**{literal(label)}**", help=shared.full_name(shared.checkpoint_label(info)))
    try:
        probabilities = probabilities_of(str(info.path), info.modified, digest, model, x)
        predicted = int(np.argmax(probabilities))
        st.markdown(t("fm.prediction", label=names[predicted], p=f"{probabilities[predicted]:.1%}"))
        cam = grad_cam_of(str(info.path), info.modified, digest, predicted, model, x)
        layer = explain.suggest_layer(model)
    except CnnvizError as err:
        st.caption(shared.message(err))
        return
    width = "stretch" if present.presenting() else "content"
    st.image(overlays.overlay(x, overlays.heat(cam), 0.5), output_format="PNG", width=width,
             caption=t("compare.cam_caption", label=names[predicted], layer=layer),
             alt=describe.attribution(cam, "grad_cam", names[predicted], shared.lang(), layer=layer))


st.title(t("nav.compare"))
st.caption(t("compare.intro"))
available = shared.available_checkpoints()
if len(available) < 2:
    st.info(t("compare.need_two", count=len(available)))
    st.stop()
top = present.first()  # presenting: the curves above the settings
with present.settings():
    chosen = runs_ui(available)
    metric = st.radio(t("compare.metric"), ["loss", "accuracy"], horizontal=True, key="cmp_metric",
                      format_func=lambda m: t(f"compare.metric_{m}"))
if len(chosen) < 2:
    st.info(t("compare.choose_two"))
    st.stop()
labels = unique_labels(chosen)
colours = [compare.colour(i) for i in range(len(chosen))]
with top:
    st.subheader(t("compare.curves"))
    curves(chosen, labels, metric)
st.subheader(t("compare.settings"))
try:
    table = compare.runs(chosen, labels, shared.lang())
except CnnvizError as err:
    st.error(shared.message(err))
    st.stop()
settings_table(table)

group = group_ui(chosen, labels)
if group is None:
    st.stop()
dataset_name = chosen[group[0]].metadata.dataset
if dataset_name not in {d.name for d in data.list_datasets()}:
    st.info(t("compare.dataset_unknown", dataset=dataset_name))
    st.stop()
try:
    with st.spinner(t("sidebar.loading_dataset")):
        ds = shared.named_dataset(dataset_name, note=True)
except CnnvizError as err:
    st.warning(shared.message(err))
    st.stop()
results = evaluate_group([(chosen[i], labels[i]) for i in group], ds)
if len(results) < 2:
    st.info(t("compare.too_few_evaluated"))
    st.stop()
result_colours = [colours[labels.index(label)] for _, label, *_ in results]
per_class(results, result_colours, ds)
difference(results, ds)
pictures(results, ds)
