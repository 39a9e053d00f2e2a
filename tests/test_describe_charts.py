"""The charts' and the diagram's text alternatives say what the figure shows, with the figure's own numbers.

Figures are built by hand (or by the library from small arrays made here); every expected fact is worked out
in the test from those arrays (NumPy's argmin, a diagonal summed by hand, Keras's own count_params), never by
calling the code under test a second time.
"""

from __future__ import annotations

from collections import Counter

import keras
import numpy as np
import plotly.graph_objects as go
import pytest

from cnnviz.analysis.modules import Branch
from cnnviz.core.text import plain, plotly_literal
from cnnviz.draw import calc_figures, describe_charts, module_figures, render
from cnnviz.draw.describe_charts import describe, describe_diagram, number, plain_from_plotly
from cnnviz.models import arch
from cnnviz.train import compare

HOSTILE = ["<b>Shirt</b>", "50% & more", "%{x}", "$x^2$", "&amp;", "a\u202eb", "<br>"]


@pytest.mark.parametrize("name", HOSTILE)
def test_plotly_text_comes_back_as_the_plain_text_it_reads(name: str) -> None:
    assert plain_from_plotly(plotly_literal(name)) == plain(name)


def test_numbers_read_as_a_reader_says_them() -> None:
    assert number(1234567) == "1,234,567"
    assert number(-0.0) == "0"
    assert number(-0.25) == "−0.25"  # a true minus sign: screen readers say "minus"
    assert number(0.000123) == "1.23e−04"
    assert number(0.912, percent=True) == "91.2%"
    assert number(float("nan")) == "—"
    assert number(plotly_literal("T-shirt/top & <top>")) == "T-shirt/top & <top>"


def test_a_line_chart_names_its_series_with_range_last_lowest_and_highest() -> None:
    loss = [0.9, 0.5, 0.4, 0.45]
    fig = go.Figure(go.Scatter(x=[1, 2, 3, 4], y=loss, mode="lines", name="train"))
    fig.update_layout(title="Loss <b>per</b> epoch", xaxis_title="epoch", yaxis_title="loss")
    low = int(np.argmin(loss))  # 0-based: epoch low + 1
    text = describe(fig, "en")
    assert text.startswith("Line chart: Loss per epoch. Horizontal axis: epoch; vertical axis: loss.")
    assert (f"train: 4 points from epoch 1 to epoch 4; last value 0.45, lowest {min(loss)} at epoch {low + 1}, "
            f"highest {max(loss)} at epoch 1.") in text
    korean = describe(fig, "ko")
    assert korean.startswith("선 그래프: Loss per epoch. 가로축: epoch, 세로축: loss.")
    assert f"가장 낮은 값 {min(loss)}(epoch {low + 1})" in korean


def test_learning_curves_describe_the_best_epoch_marked_on_them() -> None:
    history = {"loss": [1.2, 0.7, 0.5, 0.4], "val_loss": [1.3, 0.8, 0.62, 0.66]}
    best = int(np.argmin(history["val_loss"])) + 1  # the epoch the run keeps: 3
    labels = {"train": "training", "val": "validation", "epoch": "epoch", "best": "best epoch"}
    text = describe(render.learning_curves(history, metric="loss", best_epoch=best, labels=labels), "en")
    assert f"validation: 4 points from epoch 1 to epoch 4; last value 0.66, lowest 0.62 at epoch {best}" in text
    assert f"Labels on the chart: best epoch at epoch {best}." in text
    empty = describe(render.learning_curves({}, metric="loss", labels={"empty": "curves soon"}), "en")
    assert empty == "Chart. Labels on the chart: curves soon."  # no axes drawn yet, so none described


def test_the_confusion_matrix_says_its_diagonal_and_the_pair_most_often_confused() -> None:
    matrix = np.array([[5, 0, 1], [2, 6, 0], [0, 5, 9]])
    names = ["<b>T-shirt/top</b>", "Shirt", "50% & more"]
    # by hand: 5 + 6 + 9 = 20 of 28 on the diagonal; the largest cell off it is row 2, column 1 (5)
    fig = render.confusion_figure(matrix, names, "predicted", "true")
    text = describe(fig, "en")
    assert "3 rows × 3 columns, values from 0 to 9; 20 of 28 on the diagonal (71.4%)" in text
    assert "most often confused: 50% & more taken for Shirt, 5 times." in text
    korean = describe(fig, "ko")
    assert "전체 28개 중 20개가 대각선 위(71.4%)" in korean
    assert "가장 자주 헷갈린 경우: 50% & more을(를) Shirt(으)로 본 것이 5번" in korean
    perfect = describe(render.confusion_figure(np.diag([3, 4]), ["a", "b"]), "en")
    assert "7 of 7 on the diagonal (100%); nothing off the diagonal." in perfect


def test_a_heat_map_says_its_size_range_and_where_its_extremes_are() -> None:
    z = np.array([[0.5, -2.0, 1.0], [3.5, 0.0, np.nan]])
    fig = go.Figure(go.Heatmap(z=z, x=["a", "b", "c"], y=[10, 20]))
    fig.update_layout(xaxis_title="bin", yaxis_title="epoch")
    row, col = np.unravel_index(np.nanargmax(z), z.shape)  # (1, 0): 3.5
    low_row, low_col = np.unravel_index(np.nanargmin(z), z.shape)  # (0, 1): -2
    text = describe(fig, "en")
    assert "2 rows × 3 columns, values from −2 to 3.5" in text
    assert f"largest 3.5 at epoch {[10, 20][row]}, bin {'abc'[col]}" in text
    assert f"smallest −2 at epoch {[10, 20][low_row]}, bin {'abc'[low_col]}" in text
    assert "1 cells without a value" in text


def test_a_value_grid_describes_its_cells_and_the_outlined_unit_not_its_click_layer() -> None:
    values = np.arange(12.0).reshape(3, 4)
    fig = calc_figures.feature_map_figure(values, 1, 2, "conv1, channel 0", "row %{y}, column %{x}")
    text = describe(fig, "en")
    assert text == ("Heat map: conv1, channel 0. 3 rows × 4 columns, values from 0 to 11; largest 11 at row 2, "
                    "column 3. Outlined: row 1, column 2.")  # the 12 near-transparent click markers: not a series
    assert "1행 2열" in describe(fig, "ko")


def test_bars_say_their_largest_and_smallest_with_their_categories() -> None:
    probabilities = np.array([0.1, 0.65, 0.25])
    names = ["Coat", "Ankle boot", "<i>Bag</i>"]
    text = describe(render.probability_bars(probabilities, names), "en")
    best, worst = int(probabilities.argmax()), int(probabilities.argmin())
    assert f"3 bars; largest 65% ({names[best]}), smallest 10% ({names[worst]})." in text
    assert "막대 3개; 가장 큰 값 65%(Ankle boot), 가장 작은 값 10%(Coat)" in describe(
        render.probability_bars(probabilities, names), "ko")
    flat = describe(go.Figure(go.Bar(x=["a", "b"], y=[2, 2])), "en")
    assert flat == "Bar chart. 2 bars, all 2."


def test_a_floating_bar_says_where_it_starts_and_ends() -> None:
    branches = [Branch("b1", ("b1",), np.zeros((1, 1, 16)), 16, 0, 16),
                Branch("b2", ("b2",), np.zeros((1, 1, 8)), 8, 16, 24)]
    text = describe(module_figures.concat_strip(branches, "en"), "en")
    assert "b1: 16, from 0 to 16. b2: 8, from 16 to 24." in text


def test_grouped_bars_from_two_runs_are_described_run_by_run() -> None:
    a, b = np.array([0.9, 0.5]), np.array([0.7, 0.8])
    fig = compare.per_class_figure([a, b], ["run A", "run <B>"], ["cat", "dog"])
    text = describe(fig, "en")
    assert "run A: 2 bars; largest 90% (cat), smallest 50% (dog)." in text
    assert "run <B>: 2 bars; largest 80% (dog), smallest 70% (cat)." in text


def test_a_pie_gives_its_largest_and_smallest_slice_with_their_shares() -> None:
    values = [300, 100, 600]
    fig = go.Figure(go.Pie(labels=["Conv2D", "Dense", "BatchNormalization"], values=values))
    # by hand: 600 / 1000 = 60%, 100 / 1000 = 10%
    assert describe(fig, "en") == ("Pie chart. 3 slices; largest BatchNormalization 600 (60%), "
                                   "smallest Dense 100 (10%).")


def test_a_histogram_gives_count_range_and_mean() -> None:
    values = [1, 2, 2, 3, 10]
    text = describe(go.Figure(go.Histogram(x=values, name="weights")), "en")
    assert f"weights: 5 values from 1 to 10, mean {np.mean(values):.3g}." in text


def test_scatter_points_are_counted_with_the_ones_drawn_in_another_shape() -> None:
    fig = go.Figure(go.Scatter(x=[0, 1, 2, 3], y=[1, 0, 2, 5], mode="markers", name="Shirt",
                               marker={"symbol": ["circle", "x", "circle", "circle"]}))
    fig.update_layout(xaxis_title="PC 1")
    assert "Shirt: 4 points, PC 1 from 0 to 3, y from 0 to 5 (1 drawn as ×)." in describe(fig, "en")
    fig.update_xaxes(showticklabels=False)  # a projection's axes carry no numbers worth saying
    assert "Shirt: 4 points (1 drawn as ×)." in describe(fig, "en")


def test_many_series_are_capped_and_counted() -> None:
    fig = go.Figure([go.Scatter(x=[1, 2], y=[i, i + 1], name=f"run {i}") for i in range(10)])
    text = describe(fig, "en")
    assert "run 5:" in text and "run 6:" not in text
    assert text.endswith("and 4 more.")
    assert "그 밖에 4개 더." in describe(fig, "ko")
    long = go.Figure([go.Scatter(x=list(range(50)), y=list(range(50)), name="x" * 60) for _ in range(6)])
    assert len(describe(long, "en")) <= describe_charts.MAX_CHARS


@pytest.fixture(scope="module")
def small_model() -> keras.Model:
    return keras.Sequential([
        keras.Input((12, 12, 3)),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv1"),
        keras.layers.MaxPooling2D(name="pool1"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(5, name="<b>head\u202e"),  # a name someone chose: plain text
    ])


def test_the_diagram_says_layers_shapes_types_and_parameters_as_keras_counts_them(small_model) -> None:
    rows = arch.layer_table(small_model)
    types = [type(layer).__name__ for layer in small_model.layers]  # Keras's own list (no InputLayer)
    text = describe_diagram(rows, "en", selected="<b>head\u202e")
    assert text == (f"Architecture diagram: {len(small_model.layers)} layers after the input, from input 12×12×3 "
                    f"to output 5; {small_model.count_params():,} parameters. In order: {', '.join(types)}. "
                    "Outlined: <b>head⟨U+202E⟩.")
    korean = describe_diagram(rows, "ko")
    assert f"층 {len(small_model.layers)}개" in korean and f"파라미터 {small_model.count_params():,}개" in korean


def test_a_deep_diagram_counts_its_layers_by_type() -> None:
    model = keras.Sequential([keras.Input((4,)), *[keras.layers.Dense(2) for _ in range(13)],
                              keras.layers.Dropout(0.1), keras.layers.Dense(3)])
    counts = Counter(type(layer).__name__ for layer in model.layers)
    text = describe_diagram(arch.layer_table(model), "en")
    assert f"Layers by type: Dense ×{counts['Dense']}, Dropout ×{counts['Dropout']}." in text
    assert f"{model.count_params():,} parameters" in text
