"""Colour-blind safety of the figures, measured on what the library draws.

Each figure is rendered (or built) by the library on a small input whose meaning is known (hits and mistakes,
ten classes, a ramp of attributions), the meaning-bearing colours are read back from the pixels or the plotly
figure, and each is seen three ways: as it is, and through the protanopia and deuteranopia simulations of
Machado, Oliveira & Fernandes (2009) at severity 1.0 (colour-science's `matrix_cvd_Machado2009`), applied to
linear RGB (decode sRGB, multiply, clip to 0–1, encode again). Two colours are compared by CIEDE2000 on
CIELAB (D65) (`colour.delta_E(..., method="CIE 2000")`).

Thresholds (CIEDE2000):
- **20 for a two-way meaning** (a hit or a mistake, the predicted bar or the others, train or validation,
  the two signs of a diverging map from a quarter of its range outwards, a scale's two ends). About 2 is
  just noticeable for large patches side by side; the marks here are thin frames and small markers seen
  apart, where the noticeable difference grows several-fold as marks shrink (Stone, Szafir & Setlur 2014,
  "An engineering model for color difference as a function of size"); 20 is the "clearly another colour
  at a glance" margin. The old red and green frames measure 13.0 (protanopia) and 9.1 (deuteranopia).
- **10 for categorical colours** (ten classes, seven runs), where a marker shape or a legend is the second
  sign, so colour only has to group what belongs together, not name it alone: both published sets used
  (Tol's muted nine with black, Okabe–Ito) clear it under every simulation; plotly's D3 colours measure
  1.3 under protanopia.
- **Sequential maps**: CIELAB lightness L* never falls along the scale under any simulation, so "more" is
  "brighter" for every reader (and in greyscale). The old "jet" rises and falls.
- **Contrast** (WCAG 2.1): text drawn on a colour ≥ 4.5:1; frames and marks ≥ 3:1 (1.4.11, graphics).

Run with `-s` to see the measured minima (they go into the README's Accessibility section).
"""

from __future__ import annotations

import itertools
import re
import warnings
from collections.abc import Sequence

import keras
import numpy as np
import pytest
from PIL import Image

from cnnviz.analysis import embedding
from cnnviz.draw import calc_figures, module_figures, render
from cnnviz.explain import overlays
from cnnviz.models import arch
from cnnviz.train import compare

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import colour

TWO_WAY = 20.0
CATEGORICAL = 10.0
TEXT_CONTRAST = 4.5
GRAPHIC_CONTRAST = 3.0
WHITE = (1.0, 1.0, 1.0)
VISIONS = {
    "normal": np.eye(3),
    "protanopia": colour.blindness.matrix_cvd_Machado2009("Protanomaly", 1.0),
    "deuteranopia": colour.blindness.matrix_cvd_Machado2009("Deuteranomaly", 1.0),
}
# what the figures used before (plotly's and D3's defaults, Open Color's red and green, matplotlib's jet)
OLD_HIT, OLD_MISTAKE = "#2B8A3E", "#E03131"
OLD_CLASSES = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
               "#bcbd22", "#17becf")
OLD_RUNS = ("#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692", "#B6E880", "#FF97FF",
            "#FECB52")


# --- measuring -----------------------------------------------------------------------------------------


def rgb(value: object) -> np.ndarray:
    """A colour as sRGB 0–1: '#RRGGBB', 'rgb(r, g, b)' (plotly) or 0–255 numbers (pixels)."""
    if isinstance(value, str) and value.startswith("#"):
        return np.array([int(value[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    if isinstance(value, str):
        return np.array([float(v) for v in re.findall(r"[\d.]+", value)[:3]]) / 255
    return np.asarray(value, dtype=float)[:3] / 255


def simulate(colours: np.ndarray, vision: str) -> np.ndarray:
    """sRGB 0–1 colours (…, 3) as a reader with `vision` sees them (Machado 2009, on linear RGB)."""
    linear = colour.cctf_decoding(np.asarray(colours, dtype=float), function="sRGB")
    return colour.cctf_encoding(np.clip(linear @ VISIONS[vision].T, 0, 1), function="sRGB")


def lab(colours: np.ndarray) -> np.ndarray:
    return colour.XYZ_to_Lab(colour.sRGB_to_XYZ(np.asarray(colours, dtype=float)))


def delta_e(first: np.ndarray, second: np.ndarray, vision: str) -> float:
    """CIEDE2000 between two sRGB colours as a reader with `vision` sees them."""
    return float(colour.delta_E(lab(simulate(first, vision)), lab(simulate(second, vision)), method="CIE 2000"))


def smallest_difference(colours: Sequence[np.ndarray]) -> dict[str, float]:
    """The smallest CIEDE2000 between any two of `colours`, per vision."""
    return {vision: min(delta_e(a, b, vision) for a, b in itertools.combinations(colours, 2)) for vision in VISIONS}


def contrast(first: np.ndarray, second: np.ndarray) -> float:
    """WCAG 2.1 contrast ratio, from the relative luminance of linear sRGB."""
    luminance = [float(colour.cctf_decoding(np.asarray(c, dtype=float), function="sRGB")
                       @ [0.2126, 0.7152, 0.0722]) for c in (first, second)]
    return (max(luminance) + 0.05) / (min(luminance) + 0.05)


def report(what: str, found: dict[str, float]) -> None:
    print(f"\n{what}: min ΔE00 " + ", ".join(f"{vision} {value:.1f}" for vision, value in found.items()))


# --- Evaluate: hits and mistakes ------------------------------------------------------------------------

TILE, FRAME = 32, 3
TRUE, PREDICTED = np.array([0, 1, 2, 1]), np.array([0, 2, 2, 0])  # tiles 0 and 2 right, 1 and 3 wrong


@pytest.fixture(scope="module")
def grid() -> np.ndarray:
    x = np.random.default_rng(3).random((4, 8, 8, 1)).astype(np.float32)
    return render.prediction_grid(x, TRUE, PREDICTED, ["a", "b", "c"], confidence=np.full(4, 0.9),
                                  tile_size=TILE, cols=4)


def tile_box(i: int) -> tuple[int, int]:
    return 0, i * (TILE + 2 * FRAME)


def frame_colour(grid: np.ndarray, i: int) -> np.ndarray:
    """The frame's colour halfway down the tile's left edge and along its bottom edge (they must agree)."""
    top, left = tile_box(i)
    side, bottom = grid[top + TILE // 2, left + 1], grid[top + TILE + 2 * FRAME - 2, left + TILE // 2]
    assert tuple(side) == tuple(bottom)
    return rgb(side)


def test_hits_and_mistakes_stay_apart_for_every_reader(grid: np.ndarray) -> None:
    hits = [frame_colour(grid, i) for i in (0, 2)]
    mistakes = [frame_colour(grid, i) for i in (1, 3)]
    assert np.array_equal(hits[0], hits[1]) and np.array_equal(mistakes[0], mistakes[1])
    found = smallest_difference([hits[0], mistakes[0]])
    report("prediction grid, hit vs mistake frame", found)
    assert min(found.values()) >= TWO_WAY
    old = smallest_difference([rgb(OLD_HIT), rgb(OLD_MISTAKE)])
    assert old["deuteranopia"] < TWO_WAY and old["protanopia"] < TWO_WAY  # red and green: what this replaces
    for frame in (hits[0], mistakes[0]):  # a frame on the white page is a graphic: 3:1
        assert contrast(frame, WHITE) >= GRAPHIC_CONTRAST


def answer_mark(grid: np.ndarray, i: int) -> np.ndarray:
    """The white strokes of the mark in tile i's corner, as a boolean mask."""
    top, left = tile_box(i)
    size = render.mark_size(TILE)
    return (grid[top:top + size, left:left + size] > 200).all(axis=-1)


def test_a_mistake_carries_a_cross_and_a_hit_a_tick_that_a_greyscale_print_keeps(grid: np.ndarray) -> None:
    size = render.mark_size(TILE)
    cross, tick = answer_mark(grid, 1), answer_mark(grid, 0)
    assert np.array_equal(cross, answer_mark(grid, 3)) and np.array_equal(tick, answer_mark(grid, 2))
    assert 0.1 < cross.mean() < 0.6 and 0.1 < tick.mean() < 0.6  # strokes, not a blank or filled square

    def mirrored(mask: np.ndarray) -> float:
        """How much of the mark (cropped to its own box) covers its own left–right mirror image."""
        rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
        mark = mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
        return float((mark & mark[:, ::-1]).sum() / (mark | mark[:, ::-1]).sum())

    assert mirrored(cross) > 0.9 and mirrored(tick) < 0.5  # an × is its own mirror image, a tick is not
    grey = np.asarray(Image.fromarray(grid).convert("L"), dtype=int)
    corner = (slice(0, size), slice(0, size))
    hit_corner = grey[corner[0], tile_box(0)[1]:tile_box(0)[1] + size]
    miss_corner = grey[corner[0], tile_box(1)[1]:tile_box(1)[1] + size]
    assert (np.abs(hit_corner - miss_corner) > 100).mean() > 0.15  # the two marks differ in grey alone
    top, left = tile_box(1)
    badge = rgb(grid[top + 1, left + size - 2])
    assert contrast(rgb(grid[top:top + size, left:left + size][cross][0]), badge) >= GRAPHIC_CONTRAST


def test_the_grid_labels_are_dark_enough_to_read(grid: np.ndarray) -> None:
    below = grid[TILE + 2 * FRAME + 1:]
    darkest = rgb(below.reshape(-1, 3)[below.reshape(-1, 3).sum(axis=1).argmin()])
    assert tuple(below[0, -1]) == (255, 255, 255)  # the label's background is the white page
    assert contrast(darkest, WHITE) >= TEXT_CONTRAST


def test_the_predicted_class_bar_stands_out_by_colour_outline_and_readable_text() -> None:
    bar = render.probability_bars(np.array([0.05, 0.7, 0.25]), ["a", "b", "c"]).data[0]
    colours = [rgb(c) for c in bar.marker.color]
    found = smallest_difference([colours[1], colours[0]])
    report("probability bars, predicted vs others", found)
    assert min(found.values()) >= TWO_WAY
    assert [w > 0 for w in bar.marker.line.width] == [False, True, False]  # outlined: not by colour alone
    for text, fill in zip(bar.insidetextfont.color, colours, strict=True):
        assert contrast(rgb(text), fill) >= TEXT_CONTRAST
    assert contrast(rgb(bar.outsidetextfont.color), WHITE) >= TEXT_CONTRAST


def test_text_on_every_coloured_bar_reaches_4_5_to_1() -> None:
    from cnnviz.analysis.modules import Branch

    runs = compare.per_class_figure([np.array([0.9, 0.4])] * 7, [f"run {i}" for i in range(7)], ["a", "b"])
    strip = module_figures.concat_strip([Branch(f"b{i}", (f"b{i}",), np.zeros((1, 1, 8)), 8, 8 * i, 8 * i + 8)
                                         for i in range(4)])
    per_class = render.per_class_bars(np.array([0.9, 0.5]), ["a", "b"])
    bars = [*runs.data, *strip.data, *per_class.data]
    assert len(bars) == 12
    for trace in bars:
        fills = trace.marker.color if isinstance(trace.marker.color, tuple) else [trace.marker.color] * len(
            trace.insidetextfont.color)
        for text, fill in zip(trace.insidetextfont.color, fills, strict=True):
            assert contrast(rgb(text), rgb(fill)) >= TEXT_CONTRAST


def test_the_confusion_matrix_scale_darkens_steadily_for_every_reader() -> None:
    scale = render.confusion_figure(np.array([[3, 1], [0, 4]]), ["a", "b"]).data[0].colorscale
    stops = np.array([rgb(c) for _, c in scale])
    for vision in VISIONS:
        lightness = lab(simulate(stops, vision))[:, 0]
        assert np.all(np.diff(lightness) < 0), vision  # more images: darker, with any colour vision
    assert delta_e(stops[0], stops[-1], "protanopia") >= TWO_WAY


# --- Explain: heat maps over the picture ------------------------------------------------------------------


def ramp_colours(values: np.ndarray) -> np.ndarray:
    """The colours `overlays.overlay` draws for a row of attributions, at full opacity, as sRGB 0–1."""
    heat = overlays.heat(values[None, :])
    shown = overlays.overlay(np.zeros((1, values.size, 1)), heat, 1.0, size=values.size)
    return shown[0].astype(float) / 255


def test_the_heat_map_grows_brighter_with_importance_for_every_reader() -> None:
    colours = ramp_colours(np.linspace(0.0, 1.0, 256))
    for vision in VISIONS:
        lightness = lab(simulate(colours, vision))[:, 0]
        assert np.all(np.diff(lightness) >= 0), vision
        assert lightness[-1] - lightness[0] > 80
    found = {vision: delta_e(colours[0], colours[-1], vision) for vision in VISIONS}
    report("attribution heat map, unused vs most important", found)
    assert min(found.values()) >= TWO_WAY
    jet = render.colourise(np.linspace(0.0, 1.0, 256), "jet").astype(float) / 255  # the map it replaces
    assert not np.all(np.diff(lab(simulate(jet, "deuteranopia"))[:, 0]) >= 0)


def test_a_signed_map_keeps_for_and_against_apart_for_every_reader() -> None:
    values = np.linspace(-1.0, 1.0, 255)  # 127 steps each side of 0, the middle one exactly 0
    colours = ramp_colours(values)
    outer = [i for i in range(127) if abs(values[i]) >= 0.25]  # a quarter of the range and beyond
    found = {vision: min(delta_e(colours[i], colours[254 - i], vision) for i in outer) for vision in VISIONS}
    report("signed map, −v vs +v for |v| ≥ limit/4", found)
    assert min(found.values()) >= TWO_WAY
    for vision in VISIONS:  # lightness falls away from 0 on both sides: the size reads without colour too
        lightness = lab(simulate(colours, vision))[:, 0]
        assert np.all(np.diff(lightness[:128]) >= -0.05) and np.all(np.diff(lightness[127:]) <= 0.05), vision
    for scale in (calc_figures.value_grid(np.array([[-1.0, 1.0]]), "w", diverging=True).data[0].colorscale,
                  compare.difference_figure(np.array([[-2, 1], [0, 2]]), ["a", "b"]).data[0].colorscale):
        ends = smallest_difference([rgb(scale[0][1]), rgb(scale[-1][1])])
        assert min(ends.values()) >= TWO_WAY


# --- Embedding: ten classes --------------------------------------------------------------------------------


def test_ten_classes_differ_in_colour_and_in_shape() -> None:
    truth = np.repeat(np.arange(10), 3)
    predicted = truth.copy()
    predicted[[2, 14]] = [5, 1]  # one mistake in class 0 and one in class 4
    points = np.random.default_rng(0).random((30, 2))
    hover = [str(i) for i in range(30)]
    fig = embedding.scatter_figure(points, truth, predicted, [f"class {k}" for k in range(10)], hover)
    classes = fig.data[:10]
    colours = [rgb(trace.marker.color) for trace in classes]
    found = smallest_difference(colours)
    report("embedding, 10 class colours (each pair)", found)
    assert min(found.values()) >= CATEGORICAL
    old = smallest_difference([rgb(c) for c in OLD_CLASSES])
    assert old["protanopia"] < CATEGORICAL and old["deuteranopia"] < CATEGORICAL
    shapes = [{s for s in trace.marker.symbol if s != "x"} for trace in classes]
    assert all(len(s) == 1 for s in shapes) and len(set.union(*shapes)) == 10  # a shape of its own per class
    crosses = sorted(int(i) for trace in classes for i, s in zip(trace.customdata, trace.marker.symbol,
                                                                  strict=True) if s == "x")
    assert crosses == [2, 14]
    for trace in classes:  # a pale class colour still has an outline that stands out on white
        assert trace.marker.line.width >= 1 and contrast(rgb(trace.marker.line.color), WHITE) >= GRAPHIC_CONTRAST


# --- Compare, learning curves, labs: series ----------------------------------------------------------------


def test_runs_differ_in_colour_and_marker() -> None:
    histories = [(f"run {i}", {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}, 2) for i in range(7)]
    fig = compare.curves_figure(histories)
    lines = [trace for trace in fig.data if trace.mode == "lines+markers" and trace.line.dash == "solid"]
    assert len(lines) == 7
    found = smallest_difference([rgb(trace.line.color) for trace in lines])
    report("compare, 7 run colours (each pair)", found)
    assert min(found.values()) >= CATEGORICAL
    assert len({trace.marker.symbol for trace in lines}) == 7 and "star" not in {t.marker.symbol for t in lines}
    old = smallest_difference([rgb(c) for c in OLD_RUNS[:7]])
    assert old["protanopia"] < CATEGORICAL


def test_two_series_differ_in_colour_and_in_shape() -> None:
    curves = render.learning_curves({"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}, metric="loss").data
    from cnnviz.analysis.modules import SkipComparison

    depth = module_figures.gradient_depth(SkipComparison(("a", "b"), (1.0, 0.5), (1.0, 0.1), 1, 8, 0,
                                                         "he_normal")).data
    for first, second in (curves, depth):
        found = smallest_difference([rgb(first.line.color), rgb(second.line.color)])
        assert min(found.values()) >= TWO_WAY
        assert first.marker.symbol != second.marker.symbol or first.line.dash != second.line.dash
    assert curves[0].marker.symbol[0] != curves[1].marker.symbol[0]
    assert depth[0].line.dash != depth[1].line.dash


def test_layer_colours_are_never_the_only_name_of_a_type() -> None:
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="c"),
                              keras.layers.MaxPooling2D(name="p"), keras.layers.Flatten(name="f"),
                              keras.layers.Dense(3, name="d")])
    rows = arch.layer_table(model)
    dot = render.architecture_dot(rows)
    for row in rows:  # the diagram writes each box's type in it
        assert re.search(rf'{re.escape(row.name)}\\n{row.type} →', dot), row.type
    pie = render.parameter_breakdown(rows, arch.totals(model, rows), by="type").data[0]
    assert "label" in pie.textinfo  # the pie names each slice


# --- numbers written in heat-map cells ---------------------------------------------------------------------

PLOTLY_GREY = "#444444"  # the dark grey plotly.js writes cell text in on a light cell when left to choose


def scale_colour(trace: object, values: np.ndarray) -> np.ndarray:
    """The sRGB 0–1 colours a heat map paints `values` in: each placed between the trace's ends (zmin and
    zmax where both are set, else the data's range, made symmetric about zmid when that is set) and read
    off the trace's colour stops, linear in sRGB between them (with NumPy's interp, not plotly's sampler)."""
    z = np.array(trace.z, dtype=float)
    if trace.zmin is not None and trace.zmax is not None:
        low, high = trace.zmin, trace.zmax
    else:
        low, high = np.nanmin(z), np.nanmax(z)
        if trace.zmid is not None:
            reach = max(high - trace.zmid, trace.zmid - low)
            low, high = trace.zmid - reach, trace.zmid + reach
    if low == high:
        low, high = low - 0.5, high + 0.5
    stops = np.array([float(stop) for stop, _ in trace.colorscale])
    ends = np.array([rgb(c) for _, c in trace.colorscale])
    place = np.clip((np.asarray(values, dtype=float) - low) / (high - low), 0, 1)
    return np.stack([np.interp(place, stops, ends[:, k]) for k in range(3)], axis=-1)


def see_through(trace: object) -> bool:
    return all(re.fullmatch(r"rgba\(.*,\s*0(\.0*)?\)", str(c).replace(" ", "")) for _, c in trace.colorscale)


def cell_text(fig: object) -> dict[tuple[int, int], list[tuple[str, np.ndarray, np.ndarray]]]:
    """Every cell's visible text as drawn: (text, its colour, the colour of the cell under it), laying the
    heat maps one over the other in order as plotly does (a later painted cell hides the text below it)."""
    painted: dict[tuple[int, int], np.ndarray] = {}
    written: dict[tuple[int, int], list[tuple[str, np.ndarray, np.ndarray]]] = {}
    for trace in fig.data:
        if trace.type != "heatmap":
            continue
        z = np.array(trace.z, dtype=float)
        if not see_through(trace):
            colours = scale_colour(trace, z)
            for i, j in zip(*np.nonzero(np.isfinite(z)), strict=True):
                painted[(int(i), int(j))] = colours[i, j]
                written.pop((int(i), int(j)), None)
        if trace.texttemplate and trace.text is not None:
            assert trace.texttemplate == "%{text}"
            for i, row in enumerate(trace.text):
                for j, text in enumerate(row):
                    if str(text).strip():  # no-break spaces hold a cell's room and draw nothing
                        ink = trace.textfont.color
                        assert ink is not None, "a colour left to plotly"
                        written.setdefault((i, j), []).append((str(text), rgb(ink), painted.get((i, j), WHITE)))
    return written


def heat_maps_with_numbers() -> dict[str, object]:
    from cnnviz.analysis import arithmetic

    padding = np.zeros((7, 7), dtype=bool)
    padding[0] = padding[-1] = True
    counts = np.arange(36).reshape(6, 6)  # every shade of the scale, 0 … 35 images
    counts[np.diag_indices(6)] += 40  # the diagonal darkest, as a model that learnt something has it
    return {
        "confusion": render.confusion_figure(counts, list("abcdef")),
        "signed grid": calc_figures.value_grid(np.linspace(-1, 1, 49).reshape(7, 7), "w", diverging=True),
        "grey grid": calc_figures.value_grid(np.linspace(-3, 5, 49).reshape(7, 7), "x"),
        "padded grid": calc_figures.value_grid(np.linspace(0, 2, 49).reshape(7, 7), "x", padding=padding),
        "difference": compare.difference_figure(np.arange(-12, 13).reshape(5, 5), list("abcde")),
        "positions": calc_figures.positions_figure(arithmetic.sandbox(5, 3, 2, 1), "p",
                                                   {"input": "in", "output": "out"}),
    }


def test_every_number_in_a_heat_map_cell_reaches_4_5_to_1_on_its_own_cell() -> None:
    lowest: dict[str, float] = {}
    for name, fig in heat_maps_with_numbers().items():
        cells = cell_text(fig)
        maps = [t for t in fig.data if t.type == "heatmap" and not see_through(t)]
        expected = {(i, j): str(text) for m in maps for i, row in enumerate(m.text) for j, text in enumerate(row)
                    if str(text) and np.isfinite(np.array(m.z, dtype=float)[i, j])}
        assert {cell: [t for t, _, _ in found] for cell, found in cells.items()} == {
            cell: [text] for cell, text in expected.items()}, name  # each cell's own text, once, nothing more
        ratios = [contrast(ink, under) for found in cells.values() for _, ink, under in found]
        lowest[name] = min(ratios)
        assert min(ratios) >= TEXT_CONTRAST, name
        # hover and colour bar stay with the map: the text layers answer no hover and draw no scale
        assert all(t.hoverinfo == "skip" and t.showscale is False for t in fig.data if see_through(t)), name
    print("\nheat-map cell text: lowest contrast " + ", ".join(f"{n} {v:.2f}" for n, v in lowest.items()))


def test_one_text_colour_per_heat_map_would_leave_some_numbers_unreadable() -> None:
    """What this replaces: one colour for all of a map's text fails somewhere on every scale, and so does
    plotly.js's own per-cell choice (white or #444, whichever contrasts more, `Color.contrast`)."""
    failed_plotly = []
    for name, fig in heat_maps_with_numbers().items():
        under = [u for found in cell_text(fig).values() for _, _, u in found]
        if name != "positions":  # two light shades only: black alone would do there
            for one in ("#000000", "#FFFFFF"):
                assert min(contrast(rgb(one), u) for u in under) < TEXT_CONTRAST, (name, one)
        plotly_pick = [rgb("#FFFFFF") if contrast(WHITE, u) > contrast(rgb(PLOTLY_GREY), u) else rgb(PLOTLY_GREY)
                       for u in under]
        if min(contrast(ink, u) for ink, u in zip(plotly_pick, under, strict=True)) < TEXT_CONTRAST:
            failed_plotly.append(name)
    assert {"confusion", "signed grid", "grey grid", "difference", "positions"} <= set(failed_plotly)


def test_the_cell_colours_are_the_named_scales_colours() -> None:
    """The scale a map is painted in is the published one: plotly's Blues and RdBu are ColorBrewer's, as
    matplotlib's maps of the same name are, so both agree at every stop."""
    import matplotlib

    figures = heat_maps_with_numbers()
    for fig, name in ((figures["confusion"], "Blues"), (figures["signed grid"], "RdBu_r")):
        scale = fig.data[0].colorscale
        reference = matplotlib.colormaps[name].resampled(10_001)([float(stop) for stop, _ in scale])[:, :3]
        assert np.abs(np.array([rgb(c) for _, c in scale]) - reference).max() <= 1.5 / 255, name
    assert render.cell_colours(figures["difference"].data[0])[2, 2] == "#FFFFFF"  # no change: white


# --- the initialisers lab: eight lines -------------------------------------------------------------------

OLD_INITIALISERS = ("#1f77b4", "#aec7e8", "#2ca02c", "#98df8a", "#ff7f0e", "#ffbb78", "#d62728", "#ff9896")


def test_the_eight_initialisers_differ_in_colour_and_in_shape() -> None:
    from cnnviz.train import initialisers

    names = list(initialisers.INITIALIZERS)
    assert len(names) == 8
    counts = tuple([0] * 20 + [5, 3] + [0] * 18)

    def stats(k: int) -> list[initialisers.LayerStats]:
        return [initialisers.LayerStats(f"l{j}", "Conv2D", 9, 9, 0.1, 0.0, 0.1 * (k + 1), 0.0, counts,
                                        0.01 * (k + 1), 0.01, counts) for j in range(3)]

    by_name = {name: stats(k) for k, name in enumerate(names)}
    history = {"epoch": [1, 2], "loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}
    figures = {"depth": initialisers.depth_figure(by_name, "gradient_norm"),
               "histogram": initialisers.histogram_figure(by_name, "l1", "activation"),
               "curves": initialisers.overlaid_curves(dict.fromkeys(names, history), "loss")}
    for what, fig in figures.items():
        lines = [trace for trace in fig.data if trace.showlegend is not False]
        assert [trace.name for trace in lines] == names, what
        found = smallest_difference([rgb(trace.line.color) for trace in lines])
        report(f"initialisers lab, {what}: 8 colours (each pair)", found)
        assert min(found.values()) >= CATEGORICAL, what
        shapes = [(trace.marker.symbol, trace.line.dash) for trace in lines]
        assert all("markers" in trace.mode for trace in lines), what  # the shapes are drawn
        assert len(set(shapes)) == 8, what  # a symbol (or dash) of its own besides the colour
    old = smallest_difference([rgb(c) for c in OLD_INITIALISERS])  # D3's paired colours
    assert old["protanopia"] < CATEGORICAL and old["deuteranopia"] < CATEGORICAL
