"""Plotly figures of receptive fields: a layer's map to click a unit on, its box on the picture, the effective
field, and the box growing through stacked convolutions. Labels come translated from the caller.

Pixels are drawn as heat-map cells centred on whole coordinates, so pixel i spans i − ½ … i + ½ and a box
(top, left, bottom, right) is drawn from top − ½ to bottom − ½.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from cnnviz.analysis.receptive import ReceptiveBox, Rect

BOX_COLOUR = "#d62728"
WINDOW_COLOUR = "#1f77b4"
CENTRE_COLOUR = "#ff7f0e"
PADDING_FILL = "rgba(128, 128, 128, 0.45)"
MARGIN = {"t": 40, "b": 10, "l": 10, "r": 10}
LEGEND = {"orientation": "h", "y": -0.02, "yanchor": "top"}  # below the picture, out of its way
# Inferno, its first stop written "#000": Streamlit's chart theme repaints plotly's own "#000004" in pink
FIELD_COLOURS = ["#000", "#1b0c41", "#4a0c6b", "#781c6d", "#a52c60", "#cf4446", "#ed6925", "#fb9b06",
                 "#f7d13d", "#fcffa4"]


def unit_map(values: np.ndarray, row: int, col: int, title: str, row_word: str, col_word: str) -> go.Figure:
    """A layer's (H, W) map with one near-transparent marker per unit to click, the chosen unit outlined.

    Heat maps send no click selections; the scatter does, with each point's (row, col) in `customdata`.
    """
    height, width = values.shape
    rows, cols = np.mgrid[0:height, 0:width]
    hover = f"{row_word} %{{customdata[0]}}, {col_word} %{{customdata[1]}}<br>%{{z:.3g}}<extra></extra>"
    fig = go.Figure(go.Heatmap(z=values, colorscale="Viridis", showscale=False, hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=cols.ravel(), y=rows.ravel(), mode="markers", customdata=np.stack([rows.ravel(), cols.ravel()], 1),
        marker={"size": max(4, min(28, 360 // max(height, width))), "symbol": "square", "opacity": 0.01,
                "color": "#000"},
        hovertemplate=hover.replace("%{z:.3g}", "%{text}"), text=[f"{v:.3g}" for v in values.ravel()],
        showlegend=False, name=""))
    fig.add_shape(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                  line={"color": BOX_COLOUR, "width": 3})
    _square_axes(fig, (-0.5, width - 0.5), (-0.5, height - 0.5))
    fig.update_layout(title=title, height=360, margin=MARGIN)
    return fig


def box_on_image(image: np.ndarray, box: ReceptiveBox, seen: str, window: str, title: str) -> go.Figure:
    """The picture with the unit's box (solid) and its whole window (dashed; the part off the image grey)."""
    height, width = box.image_size
    fig = go.Figure(_picture(image))
    top, left, bottom, right = box.full
    # under the picture: only the part of the window outside the image stays visible, as padding
    fig.add_shape(type="rect", x0=left - 0.5, x1=right - 0.5, y0=top - 0.5, y1=bottom - 0.5, layer="below",
                  fillcolor=PADDING_FILL, line={"width": 0})
    _outline(fig, box.full, WINDOW_COLOUR, "dash", window)
    if box.height and box.width:
        _outline(fig, box.rect, BOX_COLOUR, "solid", seen)
    x_range = (min(-0.5, left - 0.5) - 0.5, max(width - 0.5, right - 0.5) + 0.5)
    y_range = (min(-0.5, top - 0.5) - 0.5, max(height - 0.5, bottom - 0.5) + 0.5)
    _square_axes(fig, x_range, y_range)
    fig.update_layout(title=title, height=380, plot_bgcolor="#fff", margin=MARGIN, legend=LEGEND)
    return fig


def effective_field(field: np.ndarray, box: ReceptiveBox, centre: Rect, seen: str, centre_label: str,
                    title: str) -> go.Figure:
    """The effective field (H, W) as a heat map, with the box and its central half outlined."""
    height, width = field.shape
    fig = go.Figure(go.Heatmap(z=field, colorscale=FIELD_COLOURS, showscale=False,
                               hovertemplate="%{z:.3g}<extra></extra>"))
    if box.height and box.width:
        _outline(fig, box.rect, BOX_COLOUR, "solid", seen)
        _outline(fig, centre, CENTRE_COLOUR, "dot", centre_label)
    _square_axes(fig, (-1.0, width), (-1.0, height))
    fig.update_layout(title=title, height=380, plot_bgcolor="#fff", margin=MARGIN, legend=LEGEND)
    return fig


def growth(size: int, panels: Sequence[tuple[str, Sequence[tuple[str, Rect]]]]) -> go.Figure:
    """Side-by-side `size`×`size` grids, each with its boxes (label, rect) nested from first layer to last."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=1, cols=len(panels), subplot_titles=[title for title, _ in panels],
                        horizontal_spacing=0.08)
    colours = [CENTRE_COLOUR, BOX_COLOUR, WINDOW_COLOUR]
    grid = np.zeros((size, size))
    grid[size // 2, size // 2] = 1.0
    for index, (_, boxes) in enumerate(panels, start=1):
        fig.add_trace(go.Heatmap(z=grid, colorscale=[[0, "#f4f4f4"], [1, "#333"]], showscale=False,
                                 xgap=1, ygap=1, hoverinfo="skip"), row=1, col=index)
        for number, (label, rect) in enumerate(boxes):
            top, left, bottom, right = rect
            colour = colours[number % len(colours)] if len(boxes) > 1 else BOX_COLOUR
            fig.add_trace(go.Scatter(x=[left - 0.5, right - 0.5, right - 0.5, left - 0.5, left - 0.5],
                                     y=[top - 0.5, top - 0.5, bottom - 0.5, bottom - 0.5, top - 0.5],
                                     mode="lines", line={"color": colour, "width": 3}, name=label,
                                     hoverinfo="name"), row=1, col=index)
        anchor = f"y{index}" if index > 1 else "y"
        fig.update_xaxes(range=[-0.5, size - 0.5], visible=False, scaleanchor=anchor, row=1, col=index)
        fig.update_yaxes(range=[size - 0.5, -0.5], visible=False, row=1, col=index)
    fig.update_layout(height=330, margin=MARGIN, plot_bgcolor="#fff", legend=LEGEND)
    return fig


def _picture(image: np.ndarray) -> go.Heatmap | go.Image:
    """The model input (H, W, C in 0–1): grey as a heat map, colour as an image."""
    x = np.asarray(image, np.float32)
    x = x[0] if x.ndim == 4 else x
    if x.shape[-1] == 3:
        rgb = np.clip(x * 255, 0, 255).astype(np.uint8)
        return go.Image(z=rgb, hoverinfo="skip")
    grey = x[..., 0] if x.ndim == 3 else x
    return go.Heatmap(z=grey, colorscale=[[0, "#000"], [1, "#fff"]], zmin=0, zmax=1, showscale=False,
                      hoverinfo="skip")


def _outline(fig: go.Figure, rect: Rect, colour: str, dash: str, label: str) -> None:
    """A rectangle as a line trace (so it has a legend entry)."""
    top, left, bottom, right = rect
    fig.add_trace(go.Scatter(x=[left - 0.5, right - 0.5, right - 0.5, left - 0.5, left - 0.5],
                             y=[top - 0.5, top - 0.5, bottom - 0.5, bottom - 0.5, top - 0.5], mode="lines",
                             line={"color": colour, "width": 3, "dash": dash}, name=label, hoverinfo="name"))


def _square_axes(fig: go.Figure, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
    """Pixels square, row 0 at the top, no ticks."""
    fig.update_xaxes(range=list(x_range), visible=False, constrain="domain")
    fig.update_yaxes(range=[y_range[1], y_range[0]], visible=False, scaleanchor="x", constrain="domain")
