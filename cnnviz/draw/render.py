"""Figures built from arrays: image grids with NumPy, interactive charts with plotly, DOT for the diagram.

Grids are tiled into one uint8 image (normalise, pad, reshape) so a page hands
`st.image` a single picture: far faster than a matplotlib figure with 64
subplots. plotly is used where a user wants to hover or zoom.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np

from cnnviz.core import palette
from cnnviz.core.text import distinct, dot_string, dot_text, plain, plotly_literal

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from PIL import ImageDraw, ImageFont

    from cnnviz.models.arch import ArchTotals, LayerInfo

LAYER_COLOURS = {
    "InputLayer": "#E9ECEF",
    "Conv2D": "#A5D8FF",
    "DepthwiseConv2D": "#A5D8FF",
    "SeparableConv2D": "#A5D8FF",
    "MaxPooling2D": "#B2F2BB",
    "AveragePooling2D": "#B2F2BB",
    "GlobalAveragePooling2D": "#B2F2BB",
    "GlobalMaxPooling2D": "#B2F2BB",
    "Dense": "#FFD8A8",
    "Flatten": "#EEBEFA",
    "Dropout": "#DEE2E6",
    "BatchNormalization": "#FFF3BF",
    "Activation": "#FFC9C9",
    "ReLU": "#FFC9C9",
    "Concatenate": "#D0BFFF",
    "Add": "#D0BFFF",
    "Resizing": "#C3FAE8",
}
OTHER_COLOUR = "#F1F3F5"


# --- image grids ------------------------------------------------------------------


def grid_shape(n: int) -> tuple[int, int]:
    """Rows × columns for n tiles: the most square exact factorisation (32 → 4×8, 64 → 8×8, 96 → 8×12)."""
    if n <= 0:
        return 0, 0
    rows = max(d for d in range(1, math.isqrt(n) + 1) if n % d == 0)
    if rows * 3 < math.isqrt(n):  # awkward (prime-ish) counts: a near-square grid with a few blank tiles
        cols = math.ceil(math.sqrt(n))
        return math.ceil(n / cols), cols
    return rows, n // rows


def normalise(values: np.ndarray, axis: tuple[int, ...] | None = None) -> np.ndarray:
    """Scale to 0–1 (per slice along `axis` kept); a constant slice becomes 0."""
    values = np.asarray(values, dtype=np.float32)
    low = values.min(axis=axis, keepdims=axis is not None)
    span = values.max(axis=axis, keepdims=axis is not None) - low
    return np.where(span > 0, (values - low) / np.where(span > 0, span, 1), 0.0).astype(np.float32)


def colourise(values: np.ndarray, cmap: str = "viridis") -> np.ndarray:
    """Map 0–1 values to RGB uint8 through a matplotlib colour map (a 256-entry lookup table)."""
    from matplotlib import colormaps

    table = (colormaps[cmap](np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)
    return table[np.clip((np.asarray(values) * 255).round(), 0, 255).astype(np.uint8)]


def tile(images: np.ndarray, rows: int | None = None, cols: int | None = None, pad: int = 2,
         pad_value: int = 255) -> np.ndarray:
    """Tile (N, h, w, 3) uint8 images into one (rows·(h+pad), cols·(w+pad), 3) picture, row by row."""
    n, h, w = images.shape[:3]
    if rows is None or cols is None:
        rows, cols = grid_shape(n)
    canvas = np.full((rows * cols, h + pad, w + pad, 3), pad_value, dtype=np.uint8)
    canvas[:n, :h, :w] = images
    grid = canvas.reshape(rows, cols, h + pad, w + pad, 3).transpose(0, 2, 1, 3, 4)
    return grid.reshape(rows * (h + pad), cols * (w + pad), 3)[:-pad or None, :-pad or None]


def upscale(images: np.ndarray, min_size: int) -> np.ndarray:
    """Repeat pixels (nearest neighbour) so tiny maps stay readable: a 7×7 map becomes 42×42, not a blur."""
    factor = max(1, math.ceil(min_size / max(images.shape[1:3])))
    return images.repeat(factor, axis=1).repeat(factor, axis=2) if factor > 1 else images


Scale = Literal["map", "layer", "all"]
SCALES: tuple[Scale, ...] = ("map", "layer", "all")


def scale_to_unit(values: np.ndarray, value_range: tuple[float, float]) -> np.ndarray:
    """(values − low) / (high − low), clipped to 0–1: one scale for every tile; an empty range gives 0."""
    low, high = (float(v) for v in value_range)
    values = np.asarray(values, dtype=np.float32)
    if not high > low:
        return np.zeros(values.shape, dtype=np.float32)
    return np.clip((values - low) / (high - low), 0.0, 1.0).astype(np.float32)


def range_of(arrays: np.ndarray | Iterable[np.ndarray]) -> tuple[float, float]:
    """The lowest and highest value of one array, or over several (every layer shown)."""
    parts = [np.asarray(arrays)] if isinstance(arrays, np.ndarray) else [np.asarray(a) for a in arrays]
    if not parts or not any(p.size for p in parts):
        raise ValueError("range_of needs at least one non-empty array")
    return (float(min(p.min() for p in parts if p.size)), float(max(p.max() for p in parts if p.size)))


def map_range(maps: Mapping[str, np.ndarray], scale: Scale, layer: str) -> tuple[float, float] | None:
    """The range `layer`'s tiles are drawn with: None for "map" (each tile its own), the layer's
    lowest–highest value for "layer", or the lowest–highest over every layer in `maps` for "all"."""
    if scale == "map":
        return None
    if scale == "layer":
        return range_of(maps[layer])
    if scale == "all":
        return range_of(maps.values())
    raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")


# map values drawn in one grid (a 1024×1024×64 layer has 67 M): about 50 MB of RGB
MAX_GRID_VALUES = 4_000_000


def display_step(shape: Sequence[int], max_values: int = MAX_GRID_VALUES) -> int:
    """Every how many pixels a (H, W, C) layer is drawn so its grid stays within `max_values` (1: all)."""
    return max(1, math.ceil(math.sqrt(math.prod(shape) / max_values)))


def feature_map_grid(maps: np.ndarray, order: Sequence[int] | None = None, cmap: str = "viridis",
                     min_tile: int = 48, value_range: tuple[float, float] | None = None) -> np.ndarray:
    """All channels of one (H, W, C) activation as one grid image.

    Without `value_range` each map is scaled to its own 0–1 (its lowest value is the bottom colour, its
    highest the top); with it, every tile uses that one (low, high) scale, so tiles compare by brightness.
    A layer too large to draw whole is drawn at every `display_step(maps.shape)`-th pixel.
    """
    maps = np.asarray(maps)
    step = display_step(maps.shape)
    channels = np.moveaxis(maps[::step, ::step], -1, 0)
    if order is not None:
        channels = channels[np.asarray(order)]
    unit = normalise(channels, axis=(1, 2)) if value_range is None else scale_to_unit(channels, value_range)
    return tile(upscale(colourise(unit, cmap), min_tile))


def single_map(maps: np.ndarray, channel: int, size: int = 320, cmap: str = "viridis",
               value_range: tuple[float, float] | None = None) -> np.ndarray:
    """One channel enlarged for a close look, on its own scale or on `value_range`."""
    plane = np.asarray(maps)[..., channel]
    unit = normalise(plane) if value_range is None else scale_to_unit(plane, value_range)
    return upscale(colourise(unit, cmap)[None], size)[0]


def colour_bar(cmap: str = "viridis", width: int = 256, height: int = 12) -> np.ndarray:
    """The colour map as a horizontal strip, lowest value on the left: the legend of a feature-map grid."""
    return np.repeat(colourise(np.linspace(0.0, 1.0, width), cmap)[None], height, axis=0)


def image_preview(x: np.ndarray, size: int = 160) -> np.ndarray:
    """The model input (H, W, C in 0–1) as an RGB picture, enlarged: 'this is what the model sees'."""
    x = np.asarray(x, dtype=np.float32)
    x = x[0] if x.ndim == 4 else x
    from cnnviz.uploads import images

    rgb = images.convert_channels(x, 3)
    return upscale((np.clip(rgb, 0, 1) * 255).astype(np.uint8)[None], size)[0]


def kernel_grid(kernels: np.ndarray, mode: str = "auto", channel: int = 0, limit: float | None = None,
                min_tile: int = 48) -> np.ndarray:
    """Conv kernels (kh, kw, in, out) as a grid, one tile per filter, on one shared scale.

    mode "rgb": a 3-channel first layer drawn in colour (grey = 0); "mean": averaged over input channels;
    "channel": one input channel; "depthwise": a depthwise kernel (kh, kw, in, multiplier), one tile per
    input channel and multiplier, in Keras's output-channel order; "matrix": a 1×1 kernel (1, 1, in, out)
    as one in × out matrix (rows: input channels, columns: filters), how a pointwise convolution mixes
    channels. Single-channel views use a diverging map (blue < 0 < red) so two grids with the same `limit`
    are directly comparable (`palette.DIVERGING`).
    """
    kernels = np.asarray(kernels, dtype=np.float32)
    if mode == "auto":
        mode = "rgb" if kernels.shape[2] == 3 else "mean"
    if mode == "matrix":
        if kernels.shape[:2] != (1, 1):
            raise ValueError(f"mode 'matrix' draws 1×1 kernels, not {kernels.shape[0]}×{kernels.shape[1]}")
        matrix = kernels[0, 0]
        limit = limit or float(np.abs(matrix).max()) or 1.0
        cell = max(1, min(16, 8 * min_tile // max(matrix.shape)))  # about 384 pixels on the long side
        image = colourise((matrix / limit + 1) / 2, palette.DIVERGING)
        return np.repeat(np.repeat(image, cell, axis=0), cell, axis=1)
    if mode == "depthwise":  # output channel c·multiplier + m is input channel c's filter m
        kh, kw, channels_in, multiplier = kernels.shape
        kernels, mode, channel = kernels.reshape(kh, kw, 1, channels_in * multiplier), "channel", 0
    filters = np.moveaxis(kernels, -1, 0)  # (out, kh, kw, in)
    if mode == "rgb":
        limit = limit or float(np.abs(filters).max()) or 1.0
        images = ((filters[..., :3] / limit + 1) / 2 * 255).clip(0, 255).astype(np.uint8)
    else:
        plane = filters.mean(axis=-1) if mode == "mean" else filters[..., channel]
        limit = limit or float(np.abs(plane).max()) or 1.0
        images = colourise((plane / limit + 1) / 2, palette.DIVERGING)
    return tile(upscale(images, min_tile), pad=6)


def png_bytes(image: np.ndarray, compress_level: int = 6) -> bytes:
    """Encode an image array as PNG (lossless at any `compress_level`: 1 is fastest, 9 smallest)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(image)).save(buffer, format="PNG", compress_level=compress_level)
    return buffer.getvalue()


def png_size(data: bytes) -> tuple[int, int]:
    """(height, width) of a PNG, read from its header (IHDR) without decoding the pixels."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return height, width


# --- plotly charts ----------------------------------------------------------------------


def histogram_figure(series: dict[str, tuple[np.ndarray, np.ndarray]], title: str = "",
                     x_title: str = "weight", y_title: str = "count") -> go.Figure:
    """Overlaid histograms from {label: (counts, edges)}, sharing bins so shapes compare fairly."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for label, (counts, edges) in series.items():
        centers = (np.asarray(edges[:-1]) + np.asarray(edges[1:])) / 2
        fig.add_bar(x=centers, y=counts, name=label, opacity=0.6, width=float(np.diff(edges).mean()))
    fig.update_layout(barmode="overlay", title=title, xaxis_title=x_title, yaxis_title=y_title,
                      margin={"t": 40, "b": 40, "l": 40, "r": 10}, height=320, legend={"orientation": "h"})
    return fig


def histogram_evolution(epochs: Sequence[int], counts: Sequence[Sequence[float]], edges: Sequence[float],
                        title: str = "", x_title: str = "weight", y_title: str = "epoch",
                        count_title: str = "count") -> go.Figure:
    """A heat map: one row per epoch, one column per bin; colour is how many weights fall there."""
    import plotly.graph_objects as go

    centers = (np.asarray(edges[:-1]) + np.asarray(edges[1:])) / 2
    fig = go.Figure(go.Heatmap(x=centers, y=list(epochs), z=np.asarray(counts), colorscale="Viridis",
                               colorbar={"title": count_title}))
    fig.update_layout(title=title, xaxis_title=x_title, yaxis_title=y_title, height=320,
                      margin={"t": 40, "b": 40, "l": 40, "r": 10})
    return fig


def learning_curves(epochs: dict[str, Sequence[float]], batches: dict[str, Sequence[float]] | None = None,
                    metric: str = "loss", best_epoch: int | None = None, labels: dict[str, str] | None = None,
                    batches_per_epoch: int | None = None) -> go.Figure:
    """Train vs validation `metric` per epoch, per-batch values faint behind, the chosen epoch marked.

    With `batches_per_epoch` and a "batches" column in `epochs` (batches each epoch ran), an epoch cut
    short by Stop sits where it ended (epoch 3 after 9 of 21 batches at x = 2 + 9/21), drawn hollow and
    labelled with `labels["partial"]`, a template with {epoch}, {batch} and {batches}. Before the first
    point `labels["empty"]` stands where the curves will be, at the height the curves will have.
    """
    import plotly.graph_objects as go

    labels = labels or {}
    fig = go.Figure()
    if batches and batches.get(metric) and batches_per_epoch:
        step = batches.get("step") or range(1, len(batches[metric]) + 1)
        steps = np.asarray(step, dtype=float) / batches_per_epoch
        fig.add_scatter(x=steps, y=list(batches[metric]), mode="lines", name=labels.get("batch", "per batch"),
                        line={"width": 1, "color": "rgba(76,110,245,0.3)"})
    per_epoch = batches_per_epoch or 0  # 0: batches not counted, so no epoch is drawn as cut short
    done = [int(b) for b in epochs.get("batches", [])] if per_epoch else []
    count = max((len(epochs.get(k, [])) for k in (metric, f"val_{metric}")), default=0)
    x = [float(i + 1) for i in range(count)]
    partial = len(done) == count > 0 and 0 < done[-1] < per_epoch
    if partial:
        x[-1] = count - 1 + done[-1] / per_epoch
    for key, name, colour, symbol in ((metric, labels.get("train", "train"), palette.SERIES[0], "circle"),
                                      (f"val_{metric}", labels.get("val", "validation"), palette.SERIES[1],
                                       "square")):  # a shape as well as a colour tells the two apart
        values = list(epochs.get(key, []))
        if values:
            symbols = [symbol] * (len(values) - 1) + [f"{symbol}-open" if partial else symbol]
            fig.add_scatter(x=x[: len(values)], y=values, mode="lines+markers", name=name,
                            line={"color": colour, "width": 2}, marker={"symbol": symbols, "size": 8})
    if partial:
        template = labels.get("partial", "epoch {epoch}: {batch} of {batches} batches")
        last = next((list(epochs[k])[-1] for k in (metric, f"val_{metric}") if epochs.get(k)), None)
        fig.add_annotation(x=x[-1], y=last, text=template.format(epoch=count, batch=done[-1],
                                                                   batches=batches_per_epoch),
                           showarrow=True, arrowhead=2, ax=0, ay=-40)
    if best_epoch is not None:
        at = x[best_epoch - 1] if 1 <= best_epoch <= count else best_epoch
        fig.add_vline(x=at, line_dash="dash", line_color="#2B8A3E",
                      annotation_text=labels.get("best", "best epoch"), annotation_position="top")
    if not fig.data:  # before the first batch: a word where the curves will be, not empty axes
        fig.add_annotation(text=labels.get("empty", "the curves start after the first batches"), x=0.5, y=0.5,
                           xref="paper", yref="paper", showarrow=False)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
    # the top margin holds the mode bar and the "best epoch" label from the start, so the plot never shifts
    # when the label appears: 66 px, 92 when presenting (`figure_layout.top_margin`: 50 and 91)
    fig.update_layout(xaxis_title=labels.get("epoch", "epoch"), yaxis_title=labels.get(metric, metric),
                      height=320, margin={"t": 66, "b": 40, "l": 40, "r": 10})
    return fig


def parameter_breakdown(rows: Sequence[LayerInfo], totals: ArchTotals, by: str = "layer",
                        y_title: str = "parameters") -> go.Figure:
    """Parameters per layer (bars) or per layer type (pie): where the model's size lives."""
    import plotly.graph_objects as go

    if by == "type":
        counted = {kind: n for kind, n in totals.by_type.items() if n > 0}  # no stack of "0%" labels
        colours = [LAYER_COLOURS.get(t, OTHER_COLOUR) for t in counted]
        fig = go.Figure(go.Pie(labels=[plotly_literal(kind) for kind in counted], values=list(counted.values()),
                               hole=0.4, marker={"colors": colours}, textinfo="label+percent",
                               textfont={"color": palette.BLACK},  # each slice named, not told by colour
                               hovertemplate="%{label}: %{value:,}<extra></extra>"))
    else:
        with_params = [row for row in rows if row.params]
        fig = go.Figure(go.Bar(
            x=list(_category_names(row.name for row in with_params)), y=[row.params for row in with_params],
            marker_color=[LAYER_COLOURS.get(row.type, OTHER_COLOUR) for row in with_params],
            hovertext=[row.param_formula for row in with_params],
        ))
        fig.update_layout(yaxis_title=y_title)
    fig.update_layout(height=340, margin={"t": 20, "b": 40, "l": 40, "r": 10})
    return fig


def _category_names(names: Iterable[object]) -> tuple[str, ...]:
    """Names (classes, layers) as plotly category ticks: literal text (plotly reads tags and entities in them),
    and told apart where two would read the same (plotly would draw them as one category)."""
    return distinct(plotly_literal(name) for name in names)


def probability_bars(probabilities: np.ndarray, class_names: Sequence[str]) -> go.Figure:
    """Class probabilities as horizontal bars, the predicted class highlighted."""
    import plotly.graph_objects as go

    probabilities = np.asarray(probabilities, dtype=float)
    best = int(probabilities.argmax())
    colours = [palette.HIGHLIGHT if i == best else palette.MUTED for i in range(len(probabilities))]
    # the predicted bar is also outlined (and the longest): its colour is not the only sign of it
    outline = [2 if i == best else 0 for i in range(len(probabilities))]
    fig = go.Figure(go.Bar(x=probabilities, y=list(_category_names(class_names)), orientation="h",
                           marker={"color": colours, "line": {"width": outline, "color": palette.BLACK}},
                           text=[f"{p:.1%}" for p in probabilities], textposition="auto",
                           **bar_text_colours(colours)))
    fig.update_layout(xaxis={"range": [0, 1], "tickformat": ".0%"},
                      yaxis={"autorange": "reversed", "type": "category"},
                      height=max(220, 26 * len(probabilities)), margin={"t": 10, "b": 30, "l": 10, "r": 10})
    return fig


def bar_text_colours(colours: Sequence[str]) -> dict[str, dict[str, object]]:
    """A bar trace's text colours: black or white inside each bar, whichever contrasts more with it (at
    least 4.5:1, WCAG's bar for text), and black outside, on the white page."""
    return {"insidetextfont": {"color": [palette.text_on(c) for c in colours]},
            "outsidetextfont": {"color": palette.BLACK}}


CLEAR = "rgba(0,0,0,0)"  # a see-through colour: a heat map painted in it draws only its text
BLANK = "\u00a0"  # a no-break space: it takes a character's room and draws nothing (and is never collapsed)


def cell_colours(heatmap: go.Heatmap) -> np.ndarray:
    """The colour plotly paints each cell of `heatmap` in, "#RRGGBB" ("" where z is missing), as plotly.js
    places it: z between zmin and zmax (the data's range unless both are set, then widened to sit symmetric
    about zmid when that is set; a flat map ±0.5 round its value), clamped, and read off the trace's colour
    scale with plotly's own `sample_colorscale` (linear in sRGB between the stops)."""
    from plotly.colors import sample_colorscale, unlabel_rgb

    if not heatmap.colorscale:
        raise ValueError("the heat map needs a colour scale to know its cells' colours")
    z = np.array(heatmap.z, dtype=float)  # None (a missing cell) becomes NaN
    finite = np.isfinite(z)
    low, high, mid = heatmap.zmin, heatmap.zmax, heatmap.zmid
    auto = heatmap.zauto if heatmap.zauto is not None else not (
        low is not None and high is not None and low < high)
    if auto or low is None:
        low = float(z[finite].min()) if finite.any() else 0.0
    if auto or high is None:
        high = float(z[finite].max()) if finite.any() else 1.0
    if auto and mid is not None:
        reach = max(high - mid, mid - low)
        low, high = mid - reach, mid + reach
    if low == high:
        low, high = low - 0.5, high + 0.5
    scale = [[float(stop), colour] for stop, colour in heatmap.colorscale]
    if heatmap.reversescale:
        scale = [[1 - stop, colour] for stop, colour in reversed(scale)]
    places = np.clip((z[finite] - low) / (high - low), 0.0, 1.0)
    unique, index = np.unique(places, return_inverse=True)
    sampled = sample_colorscale(scale, [float(p) for p in unique]) if unique.size else []
    hexes = ["#" + "".join(f"{round(float(c)):02X}" for c in unlabel_rgb(s)) for s in sampled]
    colours = np.full(z.shape, "", dtype=object)
    colours[finite] = [hexes[i] for i in np.ravel(index)]
    return colours


def readable_heatmap(heatmap: go.Heatmap) -> list[go.Heatmap]:
    """`heatmap` with the text written in its cells readable on every cell: black or white, whichever
    contrasts more with that cell's colour (`palette.text_on`, at least 4.5:1: WCAG's bar for text).

    plotly writes a heat map's cell text in one colour per trace, or, left to itself, picks white or dark grey
    (#444) per cell, which falls to about 3:1 on mid-tone cells. So the map keeps its colours, hover and
    `text` but writes nothing, and two see-through copies over it (painted `CLEAR`, no hover, no colour bar)
    write the text: one the cells that need black, the other those that need white. A cell of the other ink
    holds as many no-break spaces as it has characters, so both copies lay out the same cells and plotly fits
    them the same font size as it would the one trace (presenter mode sets every heat map's text size). A cell
    without a value (NaN) writes nothing: plotly would write its text on whatever lies below, such as the
    neighbouring map's cell under a padding overlay. A heat map without cell text is returned alone; its
    `texttemplate` must be "%{text}".
    """
    import plotly.graph_objects as go

    if heatmap.text is None or heatmap.texttemplate is None:
        return [heatmap]
    if heatmap.texttemplate != "%{text}":
        raise ValueError(f"readable_heatmap writes the trace's text: texttemplate '%{{text}}', not "
                         f"{heatmap.texttemplate!r}")
    colours = cell_colours(heatmap)
    texts = [["" if v is None or not colour else v if isinstance(v, str) else str(v)
              for v, colour in zip(row, colour_row, strict=True)]
             for row, colour_row in zip(heatmap.text, colours, strict=True)]
    inks = [[palette.text_on(colour) if colour else "" for colour in row] for row in colours]

    def blank(text: str) -> str:
        return "<br>".join(BLANK * len(line) for line in text.split("<br>"))

    base = go.Heatmap(heatmap)
    base.texttemplate = None
    layers = [base]
    for ink in (palette.BLACK, palette.WHITE):
        written = [[text if mine == ink else blank(text) for text, mine in zip(row, ink_row, strict=True)]
                   for row, ink_row in zip(texts, inks, strict=True)]
        layer = go.Heatmap(heatmap)
        layer.update(text=written, colorscale=[[0, CLEAR], [1, CLEAR]], showscale=False, hoverinfo="skip",
                     hovertemplate=None, textfont={"color": ink})
        layers.append(layer)
    return layers


def confusion_figure(matrix: np.ndarray, class_names: Sequence[str], x_title: str = "predicted",
                     y_title: str = "true") -> go.Figure:
    """The confusion matrix as an annotated heat map (rows: true class, columns: predicted), each count in
    black or white, whichever reads on its cell (`readable_heatmap`)."""
    import plotly.graph_objects as go

    names = list(_category_names(class_names))
    fig = go.Figure(readable_heatmap(go.Heatmap(z=matrix, x=names, y=names, colorscale="Blues", text=matrix,
                                                texttemplate="%{text}",
                                                hovertemplate="true %{y}, predicted %{x}: %{z}<extra></extra>")))
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title, xaxis={"type": "category"},
                      yaxis={"autorange": "reversed", "type": "category"},
                      height=max(320, 40 * len(names)), margin={"t": 10, "b": 40, "l": 40, "r": 10})
    return fig


# --- presenter mode -------------------------------------------------------------------------

MIN_PRESENT_PX = 16  # the smallest text a projector view draws
PLOTLY_FONT_PX = 12  # plotly's default font size


ROW_LINES = 1.7  # a horizontal bar's height in lines of its label's text, so that no category tick is skipped


def presentation_layout(fig: go.Figure, scale: float = 1.0) -> go.Figure:
    """`fig` with every text sized for a projector when `scale` > 1: fonts × scale, none under 16 px.

    Ticks, axis titles, legend and colour bars follow the layout font; bar, pie and heat-map text is set
    explicitly (plotly would otherwise shrink a bar's label to fit it), annotations one by one, and the
    height grows with the text. At `scale` ≤ 1 the text is left alone. At any scale the figure then gets
    `figure_layout.clear_layout`: the plot area below the mode bar, the legend outside it on the right.
    """
    from cnnviz.draw import figure_layout

    if scale <= 1:
        return figure_layout.clear_layout(fig, scale)
    size = max(MIN_PRESENT_PX, round(PLOTLY_FONT_PX * scale))
    grow = 1 + (scale - 1) / 2
    margin = fig.layout.margin
    fig.update_layout(
        font={"size": size, "color": "#000"}, legend={"font": {"size": size}},
        uniformtext={"minsize": size, "mode": "show"},
        margin={side: round((getattr(margin, side) or 40) * grow) for side in ("t", "b", "l", "r")},
    )
    if fig.layout.height:
        fig.update_layout(height=round(fig.layout.height * grow))
        rows = max((len(trace.y) for trace in fig.data if trace.type == "bar" and trace.orientation == "h"
                    and trace.y is not None), default=0)
        needed = round(rows * size * ROW_LINES) + fig.layout.margin.t + fig.layout.margin.b
        if needed > fig.layout.height:  # every class name on its own line: plotly skips ticks that crowd
            fig.update_layout(height=needed)
    fig.update_xaxes(title_font_size=size, tickfont_size=size)
    fig.update_yaxes(title_font_size=size, tickfont_size=size)
    fig.update_traces(textfont_size=size, selector={"type": "bar"})
    fig.update_traces(textfont_size=size, selector={"type": "pie"})
    colorbar = {"tickfont": {"size": size}, "title": {"font": {"size": size}}}
    fig.update_traces(textfont_size=size, colorbar=colorbar, selector={"type": "heatmap"})
    fig.update_annotations(font_size=size)
    if fig.layout.title.text:
        fig.update_layout(title_font_size=round(size * 1.2))
    return figure_layout.clear_layout(fig, scale)


# --- the architecture diagram ---------------------------------------------------------------


DIAGRAM_NAME_LIMIT = 32  # characters of a layer's name in its box; the box's tooltip (its id) has all of it


def architecture_dot(rows: Sequence[LayerInfo], selected: str | None = None, direction: str = "TB",
                     fontsize: float = 10, params_label: str = "{count} params") -> str:
    """Graphviz DOT for the model: one box per layer (type, output shape, parameters), branches as branches.

    Streamlit draws DOT in the browser (no Graphviz install, no network). Nested models become clusters.
    Every name is a quoted, escaped DOT string (`text.dot_string`): a layer name inside an uploaded model
    cannot end the string, add attributes (a link, a colour) or break the diagram.
    `params_label` words the parameter count in the page's language ("{count} params", "파라미터 {count}개").
    `fontsize` is in points (Graphviz's unit, 4/3 px each when the picture is drawn at its natural size).
    """
    lines = [
        "digraph model {",
        f'  rankdir={direction}; nodesep=0.25; ranksep=0.3; bgcolor="transparent"; fontsize={fontsize:g};',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", '
        f'fontsize={fontsize:g}, margin="0.12,0.04"];',
        '  edge [color="#868E96", arrowsize=0.6];',
    ]
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(_dot_node(row, row.name == selected, params_label))
    lines.extend(groups.pop("", []))
    for index, (group, nodes) in enumerate(groups.items()):
        lines.append(f'  subgraph cluster_{index} {{ label={dot_string(group, DIAGRAM_NAME_LIMIT)}; '
                     'style="rounded,dashed"; color="#ADB5BD";')
        lines.extend("  " + node for node in nodes)
        lines.append("  }")
    for row in rows:
        lines.extend(f"  {dot_string(parent)} -> {dot_string(row.name)};" for parent in row.parents)
    lines.append("}")
    return "\n".join(lines)


def _dot_node(row: LayerInfo, selected: bool, params_label: str = "{count} params") -> str:
    shape = "×".join("?" if d is None else str(d) for d in row.output_shape)
    label = f"{dot_text(row.name.split('/')[-1], DIAGRAM_NAME_LIMIT)}\\n{dot_text(row.type)} → {shape}"
    if row.params:
        label += "\\n" + dot_text(params_label.format(count=f"{row.params:,}"))
    colour = LAYER_COLOURS.get(row.type, OTHER_COLOUR)
    border = ', penwidth=3, color="#E8590C"' if selected else ', color="#ADB5BD"'
    return f'  {dot_string(row.name)} [label="{label}", fillcolor="{colour}"{border}];'


def _axes(values: tuple[int, ...] | None) -> str:
    """'2' when every axis agrees, '1×2' when they differ, '' when there are none."""
    if not values:
        return ""
    return str(values[0]) if len(set(values)) == 1 else "×".join(map(str, values))


def _shape(shape: tuple[int | None, ...]) -> str:
    return "×".join("?" if d is None else str(d) for d in shape)


def _count(value: int | None) -> str:
    """Thousands separators; '—' for a figure cnnviz does not compute (never a misleading 0)."""
    return "—" if value is None else f"{value:,}"


@dataclass(frozen=True)
class Column:
    """One column of the layer table: its name (CSV header, and i18n key `col.<key>` on the page),
    the value shown on the page, and the machine-readable value(s) written to the CSV."""

    key: str
    shown: Callable[[LayerInfo], object] | None  # None: CSV only
    written: Callable[[LayerInfo], tuple[object, ...]]
    headers: tuple[str, ...] = ()  # the CSV headers when a column writes several values (default: key)


def _field_values(row: LayerInfo) -> tuple[object, ...]:
    return tuple(f"{round(r, 3):g}" for r in row.receptive_field) if row.receptive_field else ("", "")


LAYER_COLUMNS: tuple[Column, ...] = (
    Column("name", lambda r: plain(r.name), lambda r: (r.name,)),  # the page: visible and capped; the CSV: as is
    Column("type", lambda r: plain(r.type), lambda r: (r.type,)),
    Column("input_shape", None, lambda r: (r.input_shapes,)),
    Column("output", lambda r: _shape(r.output_shape), lambda r: (r.output_shape,), ("output_shape",)),
    Column("kernel", lambda r: _axes(r.kernel_size), lambda r: (r.kernel_size,)),
    Column("stride", lambda r: _axes(r.strides), lambda r: (r.strides,)),
    Column("padding", lambda r: r.padding or "", lambda r: (r.padding,)),
    Column("activation", lambda r: r.activation or "", lambda r: (r.activation,)),
    Column("maps", lambda r: "" if r.feature_maps is None else f"{r.feature_maps:,}",
           lambda r: (r.feature_maps,)),
    Column("size_formula", lambda r: r.output_size_formula, lambda r: (r.output_size_formula,),
           ("output_size_formula",)),
    Column("params", lambda r: f"{r.params:,}", lambda r: (r.params,)),
    Column("param_formula", lambda r: r.param_formula, lambda r: (r.param_formula,)),
    Column("macs", lambda r: _count(r.macs), lambda r: ("" if r.macs is None else r.macs,)),
    Column("rf", lambda r: r.receptive_label, _field_values, ("receptive_field_h", "receptive_field_w")),
)


def layer_table_view(rows: Sequence[LayerInfo], label: Callable[[str], str]) -> list[dict[str, object]]:
    """The layer table as the page shows it: one dict per layer, keyed by each column's translated label."""
    shown = [(c.key, c.shown) for c in LAYER_COLUMNS if c.shown is not None]
    return [{label(f"col.{key}"): show(row) for key, show in shown} for row in rows]


def layer_table_csv(rows: Sequence[LayerInfo]) -> str:
    """The layer table as CSV (the same columns as the page, machine-readable), for spreadsheets."""
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([h for c in LAYER_COLUMNS for h in (c.headers or (c.key,))])
    for row in rows:
        writer.writerow([v for c in LAYER_COLUMNS for v in c.written(row)])
    return buffer.getvalue()


def per_class_bars(accuracy: np.ndarray, class_names: Sequence[str]) -> go.Figure:
    """Accuracy per class: the classes a model finds hard stand out."""
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=list(_category_names(class_names)), y=accuracy, marker_color=palette.SERIES[0],
                           text=[f"{a:.0%}" for a in accuracy], textposition="auto",
                           **bar_text_colours([palette.SERIES[0]] * len(accuracy))))
    fig.update_layout(xaxis={"type": "category"}, yaxis={"range": [0, 1], "tickformat": ".0%"}, height=320,
                      margin={"t": 10, "b": 40, "l": 40, "r": 10})
    return fig


PIL_DEFAULT_PX = 10  # the grid labels' size in pixels, unless a caller asks for another
LABEL_LINES = 2  # lines at most for each half of a grid label (the true class; '-> predicted' and confidence)


def prediction_grid(x: np.ndarray, true: np.ndarray, predicted: np.ndarray, class_names: Sequence[str],
                    confidence: np.ndarray | None = None, tile_size: int = 96, cols: int = 8,
                    font_size: int | None = None) -> np.ndarray:
    """Images with 'true -> predicted' under each; a vermillion frame and a × mark a mistake, a blue frame and
    a tick a hit (`palette.MISTAKE`, `palette.HIT`; the marks, `answer_mark`, tell them apart in greyscale too).

    Each label is the true class above '-> predicted' and its confidence, in the label font (`LABEL_FONT`) at
    `font_size` pixels (10 unless given), wrapped to the tile's width as measured in that font (`grid_label`);
    every label gets as many lines as the grid's longest one needs.
    """
    from PIL import Image, ImageDraw

    frame = 3
    font = grid_font(font_size)
    line = math.ceil((font_size or PIL_DEFAULT_PX) * 1.25)
    width = tile_size + 2 * frame - 2
    labels = []
    for i in range(len(x)):
        share = f" {confidence[i]:.0%}" if confidence is not None else ""
        true_name, predicted_name = str(class_names[int(true[i])]), str(class_names[int(predicted[i])])
        labels.append(grid_label(true_name, predicted_name, share, font, width))
    label_height = max((len(lines) for lines in labels), default=2) * line + 2
    rows = math.ceil(len(x) / cols)
    size = (cols * (tile_size + 2 * frame), rows * (tile_size + 2 * frame + label_height))
    canvas = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(canvas)
    for i, image in enumerate(x):
        left = (i % cols) * (tile_size + 2 * frame)
        top = (i // cols) * (tile_size + 2 * frame + label_height)
        ok = int(true[i]) == int(predicted[i])
        draw.rectangle([left, top, left + tile_size + 2 * frame - 1, top + tile_size + 2 * frame - 1],
                       fill=palette.HIT if ok else palette.MISTAKE)
        picture = Image.fromarray(image_preview(image, tile_size))
        picture = picture.resize((tile_size, tile_size), Image.Resampling.NEAREST)
        canvas.paste(picture, (left + frame, top + frame))
        answer_mark(draw, left, top, mark_size(tile_size), ok)
        below = top + tile_size + 2 * frame + 1
        for n, text in enumerate(labels[i]):
            draw.text((left + 1, below + n * line), text, fill="#000", font=font)
    return np.asarray(canvas)


def mark_size(tile_size: int) -> int:
    """The side in pixels of the square in a prediction tile's top-left corner that holds its tick or ×."""
    return max(11, round(tile_size / 5))


def answer_mark(draw: ImageDraw.ImageDraw, left: int, top: int, size: int, ok: bool) -> None:
    """A `size`-pixel square at (left, top) in the answer's colour with a white tick (a hit) or × (a mistake)
    drawn as lines (the label font has no ✓/✗): a sign that survives a greyscale print and colour blindness."""
    draw.rectangle([left, top, left + size - 1, top + size - 1], fill=palette.HIT if ok else palette.MISTAKE)
    pad, stroke = round(size * 0.22), max(2, round(size / 7))
    end = size - 1 - pad
    if ok:
        points = [(left + pad, top + size * 0.52), (left + size * 0.42, top + end), (left + end, top + pad)]
        draw.line(points, fill=palette.WHITE, width=stroke, joint="curve")
        return
    half = stroke / 2 / math.sqrt(2)  # each bar of the × a polygon, so the two mirror each other exactly
    for x0, x1 in ((pad, end), (end, pad)):
        dx = half if x1 > x0 else -half
        draw.polygon([(left + x0 - dx, top + pad + half), (left + x0 + dx, top + pad - half),
                      (left + x1 + dx, top + end - half), (left + x1 - dx, top + end + half)],
                     fill=palette.WHITE)


# The font labels are drawn in: a Hangul subset of NanumGothic shipped in the package (OFL; scripts/make_font.py),
# so Korean class names render on any machine, whatever fonts it has.
LABEL_FONT = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "cnnviz-label-gothic.ttf"


@functools.lru_cache(maxsize=8)
def grid_font(font_size: int | None = None) -> ImageFont.FreeTypeFont:
    """The label font (`LABEL_FONT`) at `font_size` pixels (`PIL_DEFAULT_PX` unless given)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(LABEL_FONT), font_size or PIL_DEFAULT_PX)


def grid_label(true_name: str, predicted_name: str, share: str, font: ImageFont.BaseImageFont,
               width: float) -> list[str]:
    """A prediction grid's label as lines of at most `width` pixels in `font`: the true class, then
    '-> predicted' and `share` (the confidence), each on up to `LABEL_LINES` lines."""
    return _wrap(true_name, "", font, width) + _wrap(f"-> {predicted_name}", share, font, width)


def _wrap(text: str, tail: str, font: ImageFont.BaseImageFont, width: float, limit: int = LABEL_LINES) -> list[str]:
    """`text` + `tail` on at most `limit` lines of `width` pixels, broken at a space where one fits (inside a
    word too long for a line); a text longer still ends in '…' on its last line, `tail` always kept."""
    lines: list[str] = []
    rest = text + tail
    while len(lines) < limit - 1 and font.getlength(rest) > width:
        cut = next((n for n in range(len(rest) - 1, 1, -1) if font.getlength(rest[:n]) <= width), 1)
        space = rest.rfind(" ", 1, cut + 1)
        cut = space if space > 0 else cut
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if tail and rest.endswith(tail):
        return [*lines, _fit(rest[: len(rest) - len(tail)], tail, font, width)]
    return [*lines, _fit(rest, "", font, width)]


def _fit(text: str, tail: str, font: ImageFont.BaseImageFont, width: float) -> str:
    """`text` + `tail` within `width` pixels, `text` shortened with '…' when needed (`tail` always kept)."""
    if font.getlength(text + tail) <= width:
        return text + tail
    while text and font.getlength(text + "…" + tail) > width:
        text = text[:-1]
    return text + "…" + tail
