"""Figures for one convolution step and the hyperparameter sandbox (plotly; no Streamlit).

Small annotated grids (the values written in the cells while the grid is at most `MAX_ANNOTATED` wide),
the input with the window drawn on it (padding outside the image's border), the feature map as a figure
whose units can be clicked (one nearly transparent marker per unit, so a selection names the unit), and
the sandbox's window positions along one axis or on the padded grid. Titles and labels come from the caller,
already translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from cnnviz.core import palette
from cnnviz.draw import render

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from cnnviz.analysis.arithmetic import Placement, Sandbox

MAX_ANNOTATED = 7  # cells per side up to which values are written into a grid
MAX_SVG_POINTS = 1000  # more clickable units than this are drawn with WebGL
DIVERGING = palette.DIVERGING  # negative blue, zero white, positive red
PADDING_COLOUR = "#d9d9d9"
WINDOW_COLOUR = "#e4572e"
CELL_PX = 44


def short(value: float, digits: int = 4) -> str:
    """`value` rounded to `digits` significant digits for a cell or an equation ('-0.0123', '1.235e+04')."""
    if not np.isfinite(value):
        return str(value)
    text = f"{value:.{digits}g}"
    return "0" if text in ("-0", "0") else text


def value_grid(values: np.ndarray, title: str, *, diverging: bool = False, padding: np.ndarray | None = None,
               highlight: tuple[int, int] | None = None, digits: int = 3) -> go.Figure:
    """A (h, w) grid of numbers as a heat map, values written in the cells when it is small enough.

    `padding` marks cells that lie in the padding (drawn grey, written as 0); `highlight` outlines one cell.
    """
    import plotly.graph_objects as go

    values = np.asarray(values, dtype=np.float64)
    h, w = values.shape
    pad = np.zeros_like(values, dtype=bool) if padding is None else np.asarray(padding, dtype=bool)
    shown = np.where(pad, np.nan, values)
    annotate = max(h, w) <= MAX_ANNOTATED
    text = [[short(v, digits) for v in row] for row in values] if annotate else None
    span = float(np.nanmax(np.abs(shown))) if np.isfinite(shown).any() else 1.0
    colour = {"colorscale": DIVERGING, "zmid": 0.0, "zmin": -span or -1, "zmax": span or 1} if diverging \
        else {"colorscale": "gray"}
    fig = go.Figure(render.readable_heatmap(go.Heatmap(
        z=shown, text=text, texttemplate="%{text}" if annotate else None,
        hovertemplate="(%{y}, %{x}) = %{z:.6g}<extra></extra>", showscale=not annotate, xgap=1, ygap=1,
        **colour)))
    if pad.any():
        grey = np.where(pad, 0.0, np.nan)
        fig.add_traces(render.readable_heatmap(go.Heatmap(
            z=grey, colorscale=[[0, PADDING_COLOUR], [1, PADDING_COLOUR]], showscale=False,
            text=[["0"] * w for _ in range(h)] if annotate else None,
            texttemplate="%{text}" if annotate else None, hoverinfo="skip", xgap=1, ygap=1)))
    if highlight is not None:
        i, j = highlight
        fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5,
                      line={"color": WINDOW_COLOUR, "width": 4})
    _grid_layout(fig, title, h, w)
    if annotate:  # each value in black or white, whichever reads on its cell (`render.readable_heatmap`)
        fig.update_traces(textfont={"size": 12}, selector={"type": "heatmap"})
    return fig


def input_figure(image: np.ndarray, placement: Placement, title: str, window_label: str) -> go.Figure:
    """One channel of the layer's input (h, w) with the window's taps outlined, padding beyond the border."""
    import plotly.graph_objects as go

    image = np.asarray(image, dtype=np.float64)
    h, w = image.shape
    rows, cols = placement.rows, placement.cols
    fig = go.Figure(go.Heatmap(z=image, colorscale="gray", showscale=False,
                               hovertemplate="(%{y}, %{x}) = %{z:.4g}<extra></extra>"))
    fig.add_shape(type="rect", x0=-0.5, x1=w - 0.5, y0=-0.5, y1=h - 0.5, line={"color": "#888", "width": 1})
    fig.add_shape(type="rect", x0=cols[0] - 0.5, x1=cols[-1] + 0.5, y0=rows[0] - 0.5, y1=rows[-1] + 0.5,
                  line={"color": WINDOW_COLOUR, "width": 3}, fillcolor="rgba(228,87,46,0.15)")
    taps_r, taps_c = np.meshgrid(rows, cols, indexing="ij")
    inside = placement.inside
    fig.add_trace(go.Scatter(x=taps_c[inside], y=taps_r[inside], mode="markers", name=window_label,
                             marker={"symbol": "square-open", "color": WINDOW_COLOUR, "size": 7},
                             hoverinfo="skip", showlegend=False))
    if (~inside).any():
        fig.add_trace(go.Scatter(x=taps_c[~inside], y=taps_r[~inside], mode="markers", hoverinfo="skip",
                                 marker={"symbol": "x-thin-open", "color": "#888", "size": 7},
                                 showlegend=False))
    low_r, high_r = min(-0.5, rows[0] - 0.5), max(h - 0.5, rows[-1] + 0.5)
    low_c, high_c = min(-0.5, cols[0] - 0.5), max(w - 0.5, cols[-1] + 0.5)
    fig.update_xaxes(range=[low_c - 0.5, high_c + 0.5], constrain="domain", showgrid=False, zeroline=False)
    fig.update_yaxes(range=[high_r + 0.5, low_r - 0.5], scaleanchor="x", showgrid=False, zeroline=False)
    fig.update_layout(title=title, height=_height(h), margin={"t": 40, "b": 20, "l": 20, "r": 20},
                      plot_bgcolor=PADDING_COLOUR)
    return fig


def feature_map_figure(values: np.ndarray, row: int, col: int, title: str, hover: str) -> go.Figure:
    """One channel of the layer's output (h, w), the chosen unit outlined; every unit can be clicked.

    Each unit carries a nearly transparent marker whose `customdata` is its (row, col): a points selection
    on this figure names the unit. `hover` formats the hover text ('row %{y}, column %{x}').
    """
    import plotly.graph_objects as go

    values = np.asarray(values, dtype=np.float64)
    h, w = values.shape
    fig = go.Figure(go.Heatmap(z=values, colorscale="gray", showscale=True, hoverinfo="skip",
                               colorbar={"thickness": 12}))
    rr, cc = np.mgrid[0:h, 0:w]
    points = go.Scattergl if h * w > MAX_SVG_POINTS else go.Scatter
    fig.add_trace(points(x=cc.ravel().tolist(), y=rr.ravel().tolist(), mode="markers", showlegend=False,
                         customdata=np.stack([rr.ravel(), cc.ravel()], axis=1).tolist(),
                         text=[short(v) for v in values.ravel()],
                         marker={"size": max(4, min(24, 360 // max(h, w))), "opacity": 0.01,
                                 "symbol": "square", "color": "#000"},
                         hovertemplate=hover + " = %{text}<extra></extra>"))
    fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                  line={"color": WINDOW_COLOUR, "width": 3})
    _grid_layout(fig, title, h, w)
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def channel_sums_figure(sums: np.ndarray, channels: Sequence[int], title: str, axis: str) -> go.Figure:
    """Σ products of each input channel as bars (their total is the sum before the bias)."""
    import plotly.graph_objects as go

    sums = np.asarray(sums, dtype=np.float64)
    colours = [WINDOW_COLOUR if v >= 0 else "#3b6fb6" for v in sums]
    fig = go.Figure(go.Bar(x=[str(c) for c in channels], y=sums, marker_color=colours,
                           hovertemplate=axis + " %{x}: %{y:.6g}<extra></extra>"))
    fig.update_layout(title=title, height=260, margin={"t": 40, "b": 40, "l": 40, "r": 10},
                      xaxis_title=axis, xaxis_type="category")
    return fig


def positions_figure(box: Sandbox, title: str, labels: dict[str, str]) -> go.Figure:
    """Every window position along one axis: one row per output, the input pixels it reads coloured.

    `labels`: 'input' (x axis), 'output' (y axis), 'read', 'padding', 'image' (hover and legend words).
    """
    import plotly.graph_objects as go

    columns = np.arange(-box.pad_before, box.n + box.pad_after)
    z = np.zeros((box.out, len(columns)))
    for p in range(box.out):
        for i in box.taps(p):
            z[p, i + box.pad_before] = 1
    padding = (columns < 0) | (columns >= box.n)
    base = np.broadcast_to(np.where(padding, 0.35, 0.0), z.shape)
    shown = np.where(z == 1, np.where(padding[None, :], 0.75, 1.0), base)
    scale = [[0, "#ffffff"], [0.35, PADDING_COLOUR], [0.75, "#f4a582"], [1, WINDOW_COLOUR]]
    annotate = len(columns) <= 40
    text = [[("×" if padding[j] else "●") if z[p, j] else "" for j in range(len(columns))]
            for p in range(box.out)] if annotate else None
    fig = go.Figure(render.readable_heatmap(go.Heatmap(
        z=shown, x=columns, y=np.arange(box.out), colorscale=scale, zmin=0, zmax=1, showscale=False, xgap=1,
        ygap=1, text=text, texttemplate="%{text}" if annotate else None,
        hovertemplate=f"{labels['output']} %{{y}} · {labels['input']} %{{x}}<extra></extra>")))
    fig.add_vrect(x0=-0.5, x1=box.n - 0.5, line={"color": "#444", "width": 2})
    fig.update_xaxes(title=labels["input"], dtick=1 if len(columns) <= 40 else None, showgrid=False)
    fig.update_yaxes(title=labels["output"], autorange="reversed", dtick=1 if box.out <= 40 else None,
                     showgrid=False)
    fig.update_layout(title=title, height=min(900, 120 + 26 * box.out),
                      margin={"t": 50, "b": 50, "l": 60, "r": 20})
    return fig


def window_grid_figure(rows: Sandbox, cols: Sandbox, row: int, col: int, title: str) -> go.Figure:
    """The padded input grid with the window at output (row, col): padding grey, taps outlined."""
    import plotly.graph_objects as go

    r_idx = np.arange(-rows.pad_before, rows.n + rows.pad_after)
    c_idx = np.arange(-cols.pad_before, cols.n + cols.pad_after)
    inside = ((r_idx >= 0) & (r_idx < rows.n))[:, None] & ((c_idx >= 0) & (c_idx < cols.n))[None, :]
    covered = np.zeros(inside.shape, dtype=bool)
    covered[np.ix_([r + rows.pad_before for r in rows.covered],
                   [c + cols.pad_before for c in cols.covered])] = True
    z = np.where(inside, 0.0, 0.35) + np.where(covered & inside, 0.15, 0.0)
    fig = go.Figure(go.Heatmap(z=z, x=c_idx, y=r_idx, zmin=0, zmax=1, showscale=False, xgap=1, ygap=1,
                               colorscale=[[0, "#ffffff"], [0.15, "#fde0c5"], [0.35, PADDING_COLOUR],
                                           [1, WINDOW_COLOUR]], hoverinfo="skip"))
    taps_r, taps_c = np.meshgrid(rows.taps(row), cols.taps(col), indexing="ij")
    fig.add_trace(go.Scatter(x=taps_c.ravel(), y=taps_r.ravel(), mode="markers", showlegend=False,
                             marker={"symbol": "square", "color": WINDOW_COLOUR, "size": 12},
                             hoverinfo="skip"))
    fig.add_shape(type="rect", x0=-0.5, x1=cols.n - 0.5, y0=-0.5, y1=rows.n - 0.5,
                  line={"color": "#444", "width": 2})
    _grid_layout(fig, title, len(r_idx), len(c_idx))
    fig.update_xaxes(range=[c_idx[0] - 0.5, c_idx[-1] + 0.5])
    fig.update_yaxes(range=[r_idx[-1] + 0.5, r_idx[0] - 0.5])
    return fig


def _height(cells: int) -> int:
    return int(min(520, max(220, 60 + CELL_PX * cells)))


def _grid_layout(fig: go.Figure, title: str, h: int, w: int) -> None:
    """Square cells, row 0 at the top, integer ticks, a height that fits the grid."""
    fig.update_xaxes(showgrid=False, zeroline=False, constrain="domain", dtick=1 if w <= 16 else None,
                     range=[-0.5, w - 0.5])
    fig.update_yaxes(showgrid=False, zeroline=False, range=[h - 0.5, -0.5], scaleanchor="x",
                     dtick=1 if h <= 16 else None)
    fig.update_layout(title=title, height=_height(max(h, min(w, 10))),
                      margin={"t": 40, "b": 20, "l": 30, "r": 20}, plot_bgcolor="#ffffff")
