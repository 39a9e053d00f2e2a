"""cnnviz.calc_figures: what the grids write, which unit each clickable marker names, where windows land."""

from __future__ import annotations

import numpy as np

from cnnviz.analysis import arithmetic
from cnnviz.draw import calc_figures


def test_small_grids_write_their_values_and_large_ones_do_not() -> None:
    small = calc_figures.value_grid(np.array([[1.23456, -0.5], [0.0, 2.0]]), "w", diverging=True)
    assert [list(row) for row in small.data[0].text] == [["1.23", "-0.5"], ["0", "2"]]
    assert small.data[0].zmid == 0
    large = calc_figures.value_grid(np.ones((11, 11)), "w")
    assert large.data[0].text is None
    padded = calc_figures.value_grid(np.zeros((3, 3)), "w", padding=np.eye(3, dtype=bool))
    maps = [trace for trace in padded.data if trace.texttemplate is None]  # the others write the maps' text
    assert len(maps) == 2 and np.isnan(maps[0].z[0][0]) and len(padded.data) == 6
    written = [{(i, j) for trace in inks for i, row in enumerate(trace.text) for j, s in enumerate(row) if s.strip()}
               for inks in (padded.data[1:3], padded.data[4:6])]
    assert written[1] == {(0, 0), (1, 1), (2, 2)}  # the padding's 0s on the padding only, not over the values
    assert written[0] == {(i, j) for i in range(3) for j in range(3)} - written[1]


def test_short_rounds_to_four_significant_digits() -> None:
    assert calc_figures.short(0.000680409) == "0.0006804"
    assert calc_figures.short(-0.0) == "0"
    assert calc_figures.short(12345.6) == "1.235e+04"


def test_every_unit_of_the_map_is_one_clickable_marker_naming_it() -> None:
    fig = calc_figures.feature_map_figure(np.arange(12.0).reshape(3, 4), 1, 2, "m", "row %{y}")
    points = fig.data[1]
    assert len(points.x) == 12
    index = 1 * 4 + 2
    assert list(points.customdata[index]) == [1, 2]
    assert (points.x[index], points.y[index]) == (2, 1)
    assert points.text[index] == "6"


def test_positions_figure_marks_the_taps_of_each_position() -> None:
    box = arithmetic.sandbox(5, 3, 2, 1)  # positions start at -1, 1, 3
    fig = calc_figures.positions_figure(box, "p", {"input": "in", "output": "out"})
    z = np.asarray(fig.data[0].z)
    assert z.shape == (3, 7)
    read = [list(np.flatnonzero(row >= 0.75) - 1) for row in z]
    assert read == [[-1, 0, 1], [1, 2, 3], [3, 4, 5]]
