"""Small widgets the pages share: a remembered picker, the architecture diagram, downloads, notes, runs.

Each lays out what `cnnviz` computed; none computes a number itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from app_state.current import CurrentModel, layer_rows, own_runs
from app_state.text import lang, message, t
from app_state.view import keep_valid
from cnnviz.core import text
from cnnviz.core.errors import CnnvizError
from cnnviz.train import runs

if TYPE_CHECKING:
    import numpy as np

    from cnnviz.models import arch


def pick(label_key: str, options: list[str], state_key: str, default: str | None = None,
         **kwargs: Any) -> str | None:
    """A selectbox whose choice is shared across pages (e.g. the layer); a remembered invalid value resets.

    Options (layer names, often from an uploaded model) show as plain text, capped, unless `format_func` says.
    """
    if not options:
        return None
    kwargs.setdefault("format_func", text.plain)
    keep_valid(state_key, options)
    if state_key not in st.session_state and default in options:
        st.session_state[state_key] = default
    return st.selectbox(t(label_key), options=options, key=state_key, **kwargs)


def diagram(rows: Sequence[arch.LayerInfo], selected: str | None = None) -> None:
    """The architecture diagram: one box per layer, coloured by type, the selected layer outlined."""
    from app_state.present import scale
    from cnnviz.draw import describe_charts, render

    dot = render.architecture_dot(rows, selected, fontsize=10 * scale(), params_label=t("diagram.params"))
    st.graphviz_chart(dot, width="content", alt=describe_charts.describe_diagram(rows, lang(), selected))
    st.caption(t("diagram.caption"))
    st.download_button(t("download.dot"), dot, file_name="architecture.dot", mime="text/vnd.graphviz",
                       key=f"dot-{selected}")


def download_png(image: np.ndarray | bytes, name: str, key: str | None = None) -> None:
    """A download button for an image array (or its PNG bytes, already encoded), as PNG."""
    from cnnviz.draw import render

    data = image if isinstance(image, bytes) else render.png_bytes(image)
    st.download_button(t("download.png"), data, file_name=f"{name}.png", mime="image/png",
                       key=key or f"png-{name}")


def download_csv(text: str, name: str, key: str | None = None) -> None:
    """A download button for a table already written as CSV text."""
    st.download_button(t("download.csv"), text, file_name=f"{name}.csv", mime="text/csv",
                       key=key or f"csv-{name}")


def explain(key: str) -> None:
    """A short explanation beside a picture, in the current language."""
    st.caption(f"💡 {t(key)}")


def view_choice(key: str, views: Sequence[str], label_key: str) -> str:
    """A segmented control choosing which one view of a page runs (kept in the session and the link);
    its options are translated as `label_key.<view>`."""
    keep_valid(key, list(views))
    st.session_state.setdefault(key, views[0])
    chosen = st.segmented_control(t(label_key), list(views), format_func=lambda v: t(f"{label_key}.{v}"),
                                  key=key, required=True)
    return chosen or views[0]


def curve_labels() -> dict[str, str]:
    """The learning curves' words in this run's language (`render.learning_curves`' `labels`)."""
    return {"train": t("train.curve_train"), "val": t("train.curve_val"), "batch": t("train.curve_batch"),
            "best": t("train.best_epoch"), "epoch": t("w.epoch"), "loss": t("train.loss"),
            "accuracy": t("train.accuracy"), "partial": t("train.curve_partial"), "empty": t("train.curve_empty")}


def trained_curves(current: CurrentModel) -> None:
    """How a checkpoint trained: its loss and accuracy per epoch, the kept (best) epoch marked; nothing for a
    model without a history (untrained, or uploaded without one)."""
    from app_state import present
    from cnnviz.draw import render

    meta = current.metadata
    if meta is None or not meta.history.get("loss"):
        return
    st.subheader(t("eval.how_trained"))
    labels = curve_labels()
    for column, metric in zip(st.columns(2), ("loss", "accuracy"), strict=False):
        figure = render.learning_curves(meta.history, None, metric, meta.best_epoch, labels)
        present.chart(figure, where=column, key=f"trained-{metric}")
    best = meta.best_epoch
    epochs = len(meta.history["loss"])
    st.caption(t("eval.how_trained_caption", epochs=epochs, best=best if best is not None else epochs))


def clicked_points(chart_key: str) -> list[Mapping[str, object]]:
    """The points clicked (selected) on the plotly chart drawn with `chart_key` and `on_select`, as dicts
    (x, y, customdata, ...); [] before any click. Read in a callback it is the click that just happened."""
    state = st.session_state.get(chart_key)
    selection = state.get("selection") if isinstance(state, Mapping) else getattr(state, "selection", None)
    points = selection.get("points") if isinstance(selection, Mapping) else getattr(selection, "points", None)
    return [point for point in points or [] if isinstance(point, Mapping)]


def clicked_cell(chart_key: str) -> tuple[int, int] | None:
    """(row, column) of the unit clicked on a map drawn with x = column and y = row; None before any click."""
    for point in clicked_points(chart_key):
        x, y = point.get("x"), point.get("y")
        if isinstance(x, (int, float)) and isinstance(y, (int, float)):
            return round(y), round(x)
    return None


def needs_conv(current: CurrentModel) -> bool:
    """True (after explaining) when a page that shows convolutions gets a model without any."""
    if any(row.type == "Conv2D" for row in layer_rows(current)):
        return True
    st.warning(t("error.no_conv"))
    return False


def runs_manager() -> None:
    """Your runs: rename, share or delete the checkpoints this browser trained."""
    mine = own_runs()
    if not mine:
        return
    with st.expander(t("runs.title", count=len(mine))):
        st.caption(t("runs.help", limit=runs.MAX_RUNS))
        for info in mine:
            key = f"title-{info.metadata.run_id}"
            name, rename, share, delete = st.columns([4, 1, 1, 1], vertical_alignment="bottom")
            name.text_input(t("runs.name"), value=runs.label(info), key=key, max_chars=runs.MAX_TITLE_LENGTH)
            rename.button(t("runs.rename"), key=f"rename-{info.metadata.run_id}", on_click=_rename_run,
                          args=(str(info.path), key))
            share_key = f"share-{info.metadata.run_id}"
            share.toggle(t("runs.share"), value=info.metadata.shared, key=share_key,
                         help=t("runs.share_help"), on_change=_share_run, args=(str(info.path), share_key))
            delete.button(t("runs.delete"), key=f"delete-{info.metadata.run_id}", on_click=_delete_run,
                          args=(str(info.path),))
        if "runs_error" in st.session_state:
            st.error(st.session_state.pop("runs_error"))


def _rename_run(path: str, key: str) -> None:
    try:
        runs.rename(path, st.session_state.get(key, ""))
    except CnnvizError as err:
        st.session_state["runs_error"] = message(err)


def _share_run(path: str, key: str) -> None:
    try:
        runs.set_shared(path, bool(st.session_state.get(key)))
    except CnnvizError as err:
        st.session_state["runs_error"] = message(err)


def _delete_run(path: str) -> None:
    try:
        runs.delete(path)
    except CnnvizError as err:
        st.session_state["runs_error"] = message(err)
