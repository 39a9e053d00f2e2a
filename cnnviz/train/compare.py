"""Compare training runs: their settings side by side, their learning curves, and where their answers differ.

`runs` reads everything from the checkpoints' metadata (no model is loaded): one row per run, and which
columns differ between the runs. Per-class accuracy and confusion matrices come from `cnnviz.evaluation`;
they can only be compared between runs tested on the same test set with the same classes
(`same_test_set`, `comparable_groups`), and `confusion_difference` refuses matrices that are not.
The figures give each run one colour (`colour`, colour-blind safe: `palette.SERIES`), the same in every chart,
and in the curves a marker shape as well.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cnnviz import data
from cnnviz.core import i18n, palette
from cnnviz.core.errors import CnnvizError
from cnnviz.core.text import distinct, plotly_literal
from cnnviz.draw import render
from cnnviz.train import checkpoints

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

RunSource = checkpoints.CheckpointInfo | checkpoints.Metadata

# The columns of the settings table, in order; model options (one column each) come before the results.
SETTINGS = ("run", "model", "dataset", "optimizer", "learning_rate", "batch_size", "epochs", "epochs_trained",
            "early_stopping", "patience", "augmentation", "seed", "limit")
RESULTS = ("best_epoch", "test_accuracy", "test_loss")
OPTION_PREFIX = "option."
# model options with a translated name (others show their Keras keyword)
OPTION_KEYS = {"kernel_initializer": "train.init", "dropout": "train.dropout",
               "batch_norm": "train.batch_norm"}
AUGMENTATION_KEYS = {"flip_horizontal": "train.flip_h", "flip_vertical": "train.flip_v",
                     "rotation": "train.rotation", "zoom": "train.zoom", "brightness": "train.brightness",
                     "contrast": "train.contrast"}
# one colour per run, the same in every figure (Okabe–Ito's, repeating after seven runs)
COLOURS = palette.SERIES
DIVERGING = [[0.0, "#2166AC"], [0.5, "#FFFFFF"], [1.0, "#B2182B"]]  # fewer (blue), same (white), more (red)


class ComparisonError(CnnvizError):
    """Two runs cannot be compared as asked (other classes, another test set)."""


def colour(index: int) -> str:
    """The colour of the `index`-th run in every comparison figure."""
    return COLOURS[index % len(COLOURS)]


def marker(index: int) -> str:
    """The marker shape of the `index`-th run's curves (its second sign besides the colour)."""
    return palette.MARKERS[index % (len(palette.MARKERS) - 1)]  # never the star, the best epoch's mark


# --- the settings table -------------------------------------------------------------------------


@dataclass(frozen=True)
class RunTable:
    """One row per run (values as stored: numbers, text, None when unknown), and the columns that differ."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    differing: tuple[str, ...]  # columns whose values are not all the same (the run's name left out)

    def column(self, name: str) -> list[object]:
        """Every run's value in column `name`."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def frame(self, lang: str = i18n.DEFAULT_LANGUAGE) -> pd.DataFrame:
        """The table as a DataFrame with headers in `lang`; yes/no in words, unknown values None."""
        import pandas as pd

        def cell(value: object) -> object:
            if isinstance(value, bool):
                return i18n.t("compare.yes" if value else "compare.no", lang)
            return value

        body = [[cell(value) for value in row] for row in self.rows]
        return pd.DataFrame(body, columns=[header(c, lang) for c in self.columns])


def header(column: str, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A column's heading in `lang` (a model option without a translation keeps its keyword)."""
    if column.startswith(OPTION_PREFIX):
        option = column.removeprefix(OPTION_PREFIX)
        return i18n.t(OPTION_KEYS[option], lang) if option in OPTION_KEYS else option
    return i18n.t(f"compare.col.{column}", lang)


def runs(infos: Sequence[RunSource], labels: Sequence[str] | None = None,
         lang: str = i18n.DEFAULT_LANGUAGE) -> RunTable:
    """The settings and final test figures of each run (checkpoint or metadata), from its metadata alone."""
    metas = [_metadata(info) for info in infos]
    if labels is None:
        labels = [_label(info) for info in infos]
    if len(labels) != len(metas):
        raise ComparisonError(key="error.compare_labels", labels=len(labels), runs=len(metas))
    options = sorted({name for meta in metas for name in _options(meta)})
    columns = (*SETTINGS, *(OPTION_PREFIX + name for name in options), *RESULTS)
    rows = tuple(tuple(_row(meta, label, options, lang)) for meta, label in zip(metas, labels, strict=False))
    differing = tuple(c for i, c in enumerate(columns)
                      if c != "run" and len({_comparable(row[i]) for row in rows}) > 1)
    return RunTable(columns, rows, differing)


def _metadata(info: RunSource) -> checkpoints.Metadata:
    return info.metadata if isinstance(info, checkpoints.CheckpointInfo) else info


def _label(info: RunSource) -> str:
    from cnnviz.train import runs as saved_runs

    if isinstance(info, checkpoints.CheckpointInfo):
        return saved_runs.label(info)
    return info.title or " · ".join(part for part in (info.model_name, info.dataset) if part) or info.run_id


def _options(meta: checkpoints.Metadata) -> dict[str, object]:
    """The model options the run was built with (the top-level field, else the hyperparameters' copy)."""
    options = meta.model_options or meta.hyperparameters.get("model_options") or {}
    return dict(options) if isinstance(options, dict) else {}


def _row(meta: checkpoints.Metadata, label: str, options: Sequence[str], lang: str) -> list[object]:
    hp = meta.hyperparameters
    early = hp.get("early_stopping")
    settings = {
        "run": label,
        "model": meta.model_name or hp.get("model_name") or None,
        "dataset": meta.dataset or hp.get("dataset") or None,
        "optimizer": hp.get("optimizer"),
        "learning_rate": hp.get("learning_rate"),
        "batch_size": hp.get("batch_size"),
        "epochs": hp.get("epochs"),
        "epochs_trained": len(meta.history.get("epoch", [])) or None,
        "early_stopping": early,
        "patience": hp.get("patience") if early else None,
        "augmentation": augmentation_text(hp.get("augmentation"), lang) if hp else None,
        "seed": hp.get("seed"),
        "limit": hp.get("limit"),
    }
    given = _options(meta)
    results = {"best_epoch": meta.best_epoch, "test_accuracy": meta.final_metrics.get("test_accuracy"),
               "test_loss": meta.final_metrics.get("test_loss")}
    return [*settings.values(), *(given.get(name) for name in options), *results.values()]


def _comparable(value: object) -> object:
    """A cell as a set member: lists and dicts as text, so any value can be compared."""
    return repr(value) if isinstance(value, (list, dict)) else value


def augmentation_text(augmentation: object, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """What a run's augmentation did, e.g. 'Flip left–right, Zoom 0.1'; 'none' when it did nothing."""
    if not isinstance(augmentation, dict):
        return i18n.t("compare.none", lang)
    parts = []
    for name, key in AUGMENTATION_KEYS.items():
        value = augmentation.get(name)
        if isinstance(value, bool):
            if value:
                parts.append(i18n.t(key, lang))
        elif isinstance(value, (int, float)) and value > 0:
            parts.append(f"{i18n.t(key, lang)} {value:g}")
    return ", ".join(parts) or i18n.t("compare.none", lang)


# --- which runs share a test set ----------------------------------------------------------------


def same_test_set(a: RunSource, b: RunSource) -> bool:
    """True when both runs are tested here on the same dataset with the same classes, in the same order.

    A run of the full Fashion-MNIST is tested on the built-in sample while the download is missing
    (`data.stand_in`), so offline it shares a test set with the runs trained on the sample.
    """
    first, second = _metadata(a), _metadata(b)
    return (bool(first.dataset) and _tested_on(first.dataset) == _tested_on(second.dataset)
            and first.class_names == second.class_names)


def _tested_on(dataset: str) -> str:
    return data.stand_in(dataset) or dataset


def comparable_groups(infos: Sequence[RunSource]) -> list[tuple[int, ...]]:
    """Indices of the runs grouped by test set (dataset and classes), in order of first appearance."""
    groups: list[list[int]] = []
    for index, info in enumerate(infos):
        home = next((g for g in groups if same_test_set(infos[g[0]], info)), None)
        if home is None:
            groups.append([index])
        else:
            home.append(index)
    return [tuple(g) for g in groups]


# --- where two models' answers differ -----------------------------------------------------------


def confusion_difference(a: np.ndarray, b: np.ndarray, classes_a: Sequence[str] | None = None,
                         classes_b: Sequence[str] | None = None) -> np.ndarray:
    """b − a for two confusion matrices (rows: true class) of the same test set and classes.

    Refused (ComparisonError) when the shapes or class names differ, a matrix is not square, or the rows
    count different numbers of images per class (then they were not made on the same test set).
    """
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or b.ndim != 2 or b.shape[0] != b.shape[1]:
        raise ComparisonError(key="error.compare_not_square", a="×".join(map(str, a.shape)),
                              b="×".join(map(str, b.shape)))
    if a.shape != b.shape:
        raise ComparisonError(key="error.compare_shape", a=a.shape[0], b=b.shape[0])
    if classes_a is not None and classes_b is not None and list(classes_a) != list(classes_b):
        raise ComparisonError(key="error.compare_classes", a=", ".join(map(str, classes_a)),
                              b=", ".join(map(str, classes_b)))
    if not np.array_equal(a.sum(axis=1), b.sum(axis=1)):
        raise ComparisonError(key="error.compare_test_set")
    return b.astype(np.int64) - a.astype(np.int64)


@dataclass(frozen=True)
class Changes:
    """How two models' answers on the same test images differ, image by image."""

    fixed: int  # wrong in A, right in B
    broken: int  # right in A, wrong in B
    both_right: int
    both_wrong: int


def changes(predicted_a: np.ndarray, predicted_b: np.ndarray, true: np.ndarray) -> Changes:
    """Count the test images B gets right that A got wrong, and the other way round."""
    a, b, y = (np.asarray(v).ravel() for v in (predicted_a, predicted_b, true))
    if not len(a) == len(b) == len(y):
        raise ComparisonError(key="error.compare_test_set")
    right_a, right_b = a == y, b == y
    return Changes(int((~right_a & right_b).sum()), int((right_a & ~right_b).sum()),
                   int((right_a & right_b).sum()), int((~right_a & ~right_b).sum()))


# --- figures ------------------------------------------------------------------------------------


def curves_figure(histories: Sequence[tuple[str, Mapping[str, Sequence[float]], int | None]],
                  metric: str = "loss", words: Mapping[str, str] | None = None) -> go.Figure:
    """Every run's training (solid) and validation (dashed) `metric` per epoch, one colour and marker per run.

    `histories` holds (run name, per-epoch history, best epoch); the best epoch is marked with a star.
    `words` names "train", "val", "best", "epoch" and the metric in the reader's language.
    """
    import plotly.graph_objects as go

    words = dict(words or {})
    fig = go.Figure()
    for index, (run, history, best) in enumerate(histories):
        name = plotly_literal(run)  # a run's name is someone's text: plotly must not read tags in it
        for key, style, kind in ((metric, "solid", "train"), (f"val_{metric}", "dash", "val")):
            values = [float(v) if v is not None else None for v in history.get(key, [])]
            if not values:
                continue
            x = list(history.get("epoch", []))[: len(values)] or list(range(1, len(values) + 1))
            x += list(range(len(x) + 1, len(values) + 1))
            fig.add_scatter(x=x, y=values, mode="lines+markers", name=f"{name} · {words.get(kind, kind)}",
                            legendgroup=name, line={"color": colour(index), "dash": style, "width": 2},
                            marker={"symbol": marker(index), "size": 7, "color": colour(index)})
            if kind == "val" and best is not None and 1 <= best <= len(values):
                fig.add_scatter(x=[x[best - 1]], y=[values[best - 1]], mode="markers", showlegend=False,
                                name=f"{name} · {words.get('best', 'best epoch')}", legendgroup=name,
                                marker={"symbol": "star", "size": 14, "color": colour(index)},
                                hovertemplate=f"{name} · {words.get('best', 'best epoch')}: %{{x}}"
                                              "<extra></extra>")
    axis = {"tickformat": ".0%"} if metric == "accuracy" else {}
    fig.update_layout(xaxis_title=words.get("epoch", "epoch"),
                      yaxis={"title": words.get(metric, metric), **axis},
                      height=380, margin={"t": 20, "b": 40, "l": 40, "r": 10},
                      legend={"orientation": "h", "y": -0.25})
    return fig


def per_class_figure(accuracies: Sequence[np.ndarray], run_names: Sequence[str], class_names: Sequence[str],
                     colours: Sequence[str] | None = None, y_title: str = "accuracy") -> go.Figure:
    """Each run's accuracy per class as grouped bars, in each run's colour."""
    import plotly.graph_objects as go

    colours = list(colours) if colours is not None else [colour(i) for i in range(len(run_names))]
    fig = go.Figure()
    classes = list(distinct(plotly_literal(c) for c in class_names))
    for run, accuracy, tint in zip(run_names, accuracies, colours, strict=False):
        name = plotly_literal(run)
        values = np.asarray(accuracy, dtype=float)
        fig.add_bar(x=classes, y=values, name=name, marker_color=tint,
                    text=[f"{v:.0%}" for v in values], textposition="auto",
                    **render.bar_text_colours([tint] * len(values)),
                    hovertemplate=f"{name}<br>%{{x}}: %{{y:.1%}}<extra></extra>")
    fig.update_layout(barmode="group", xaxis={"type": "category"},
                      yaxis={"range": [0, 1.05], "tickformat": ".0%", "title": y_title}, height=380,
                      margin={"t": 20, "b": 40, "l": 40, "r": 10}, legend={"orientation": "h", "y": -0.25})
    return fig


def difference_figure(difference: np.ndarray, class_names: Sequence[str], x_title: str = "predicted",
                      y_title: str = "true", hover: str = "true %{y}, predicted %{x}: %{z:+d}",
                      colour_title: str = "B − A") -> go.Figure:
    """A confusion difference as a heat map: red where B counts more, blue fewer, white the same (0); each
    change written in black or white, whichever reads on its cell (`render.readable_heatmap`)."""
    import plotly.graph_objects as go

    diff = np.asarray(difference, dtype=np.int64)
    limit = max(int(np.abs(diff).max(initial=0)), 1)
    names = list(distinct(plotly_literal(n) for n in class_names))
    text = [[f"{v:+d}" if v else "" for v in row] for row in diff.tolist()]
    fig = go.Figure(render.readable_heatmap(go.Heatmap(
        z=diff, x=names, y=names, colorscale=DIVERGING, zmin=-limit, zmax=limit, text=text, texttemplate="%{text}",
        hovertemplate=hover + "<extra></extra>", colorbar={"title": {"text": colour_title}})))
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title, xaxis={"type": "category"},
                      yaxis={"autorange": "reversed", "type": "category"},
                      height=max(340, 40 * len(names)), margin={"t": 10, "b": 40, "l": 40, "r": 10})
    return fig
