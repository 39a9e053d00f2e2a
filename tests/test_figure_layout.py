"""Where legends, titles and the plot area go: nothing a chart draws lies under plotly's mode bar or over ticks."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
import pytest

from cnnviz.analysis import embedding
from cnnviz.analysis.modules import Branch, SkipComparison
from cnnviz.draw import figure_layout, module_figures, receptive_figures, render
from cnnviz.explain import overlays
from cnnviz.explain.sanity import Curve
from cnnviz.train import compare, initialisers

SCALES = (1.0, 1.8)  # a normal view and presenter mode (`_present.PRESENT_SCALE`)
MODEBAR_BOTTOM = {1.0: 28, 1.8: 44}  # px from a chart's top to the mode bar's bottom, measured in Chromium
HISTORY = {"epoch": [1, 2, 3], "loss": [1.0, 0.7, 0.6], "val_loss": [1.1, 0.8, 0.9], "batches": [10, 10, 10]}
BATCHES = {"step": list(range(1, 31)), "loss": list(np.linspace(1.2, 0.6, 30))}


def _curve() -> Curve:
    return Curve(fractions=np.linspace(0, 1, 5), probabilities=np.linspace(0.9, 0.1, 5), auc=0.5, class_index=0)


WITH_LEGENDS: dict[str, Callable[[], go.Figure]] = {
    "histogram": lambda: render.histogram_figure({"before": (np.ones(3), np.arange(4.0)),
                                                  "after": (np.ones(3), np.arange(4.0))}),
    "learning_curves": lambda: render.learning_curves(HISTORY, BATCHES, "loss", 2, batches_per_epoch=10),
    "compare_curves": lambda: compare.curves_figure([("a", HISTORY, 2), ("b", HISTORY, None)]),
    "compare_per_class": lambda: compare.per_class_figure([np.ones(3), np.zeros(3)], ["a", "b"], list("xyz")),
    "deletion": lambda: overlays.curve_figure([("Grad-CAM", _curve()), ("random", _curve())], "share", "p"),
    "concat_strip": lambda: module_figures.concat_strip([
        Branch("b1", ("b1",), np.zeros((2, 2, 4)), 4, 0, 4),
        Branch("b2", ("b2",), np.zeros((2, 2, 8)), 8, 4, 12)]),
    "gradient_depth": lambda: module_figures.gradient_depth(SkipComparison(
        ("c1", "c2", "c3"), (1.0, 0.9, 0.8), (1.0, 0.1, 0.01), 1, 8, 0, "he_normal")),
    "receptive_growth": lambda: receptive_figures.growth(7, [
        ("one", [("3×3", (2, 2, 5, 5))]), ("two", [("3×3", (2, 2, 5, 5)), ("5×5", (1, 1, 6, 6))])]),
    "init_curves": lambda: initialisers.overlaid_curves({"he": HISTORY, "zeros": HISTORY}, "loss"),
    "embedding": lambda: embedding.scatter_figure(np.random.default_rng(0).random((6, 2)),
                                                  np.array([0, 0, 1, 1, 2, 2]), None, ["a", "b", "c"], ["h"] * 6),
}


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", list(WITH_LEGENDS))
def test_every_legend_stands_outside_the_plot_on_the_right(name: str, scale: float) -> None:
    fig = render.presentation_layout(WITH_LEGENDS[name](), scale)
    legend = fig.layout.legend
    assert legend.orientation == "v" and legend.xref == "paper" and legend.yref == "paper"
    # its left edge past the plot area's right edge: clear of the plot, the y ticks (left) and x ticks (below)
    assert legend.x > 1 and legend.xanchor == "left"
    assert legend.y == 1 and legend.yanchor == "top"  # top-aligned with the plot: under the mode bar's band
    for axis in [key for key in fig.layout.to_plotly_json() if key.startswith(("xaxis", "yaxis"))]:
        assert (fig.layout[axis].domain or (0, 1))[1] <= 1
        assert fig.layout[axis].side != "right", f"{axis}'s ticks on the right would meet the legend"
    shown_scales = [t for t in fig.data if t.type == "heatmap" and t.showscale is not False]
    assert not shown_scales, "a colour bar stands where the legend goes"


def _charts() -> dict[str, go.Figure]:
    """One of each chart the pages show, fresh."""
    names = ["a", "b", "c"]
    return {
        **{name: build() for name, build in WITH_LEGENDS.items()},
        "confusion": render.confusion_figure(np.eye(3, dtype=int), names),
        "per_class": render.per_class_bars(np.ones(3), names),
        "probabilities": render.probability_bars(np.array([0.2, 0.5, 0.3]), names),
        "histogram_evolution": render.histogram_evolution([1, 2], np.ones((2, 3)), np.arange(4.0), title="t"),
        "titled_histogram": render.histogram_figure({"w": (np.ones(3), np.arange(4.0))}, title="Weights"),
        "difference": compare.difference_figure(np.eye(3, dtype=int), names),
    }


@pytest.mark.parametrize("scale", SCALES)
def test_the_plot_area_starts_below_the_mode_bar_and_whatever_sits_above_the_plot(scale: float) -> None:
    for name, made in _charts().items():
        fig = render.presentation_layout(made, scale)
        font = fig.layout.font.size or figure_layout.PLOTLY_FONT_PX
        needed = MODEBAR_BOTTOM[scale] + 2
        if fig.layout.title.text:  # the title under the mode bar, the plot under the title
            assert fig.layout.title.yref == "container" and fig.layout.title.yanchor == "top", name
            assert fig.layout.title.pad.t >= needed, name
            needed += math.ceil((fig.layout.title.font.size or font * 1.4) * 1.5)
        above = [a for a in fig.layout.annotations if figure_layout.above_plot(a)]
        if above:
            needed += math.ceil(max(a.font.size or font for a in above) * 1.5)
        assert fig.layout.margin.t >= needed, f"{name}: top margin {fig.layout.margin.t} < {needed} px"


def test_the_best_epoch_label_counts_as_above_the_plot() -> None:
    fig = render.learning_curves(HISTORY, None, "loss", best_epoch=3)
    label = next(a for a in fig.layout.annotations if a.text == "best epoch")
    assert figure_layout.above_plot(label)  # over the dashed line, in the top margin: where the mode bar is
    inside = go.Figure()
    inside.add_vline(x=1, annotation_text="in", annotation_position="top right")
    inside.add_annotation(x=1, y=5, text="data", showarrow=False)
    assert not any(figure_layout.above_plot(a) for a in inside.layout.annotations)
    for scale in SCALES:
        shown = render.presentation_layout(render.learning_curves(HISTORY, None, "loss", best_epoch=3), scale)
        assert shown.layout.margin.t >= figure_layout.top_margin(shown, scale) > MODEBAR_BOTTOM[scale]


@pytest.mark.parametrize("scale", SCALES)
def test_the_live_curves_keep_their_size_and_plot_area_from_the_start_to_the_best_epoch(scale: float) -> None:
    labels = {"empty": "Starting…"}
    empty = render.presentation_layout(render.learning_curves({}, {}, "loss", None, labels, 0), scale)
    running = render.presentation_layout(render.learning_curves(HISTORY, BATCHES, "loss", None, labels, 10), scale)
    done = render.presentation_layout(render.learning_curves(HISTORY, BATCHES, "loss", 2, labels, 10), scale)
    assert empty.layout.height == running.layout.height == done.layout.height
    assert empty.layout.margin == running.layout.margin == done.layout.margin  # the plot area never shifts
    assert [a.text for a in empty.layout.annotations] == ["Starting…"]  # a word, not empty axes
    assert empty.layout.xaxis.visible is False and empty.layout.yaxis.visible is False
    assert running.layout.xaxis.visible is not False and not any(a.text == "Starting…"
                                                                 for a in running.layout.annotations)
