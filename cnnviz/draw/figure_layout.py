"""Where a plotly figure's legend, title and top margin go, so nothing on a chart covers anything else.

Plotly draws its mode bar (zoom, pan, download) over the figure's top right corner, 2–28 px from its top,
and a horizontal legend below the plot, over the x axis's tick labels and title. `clear_layout` gives every
figure one rule, at any text size: the mode bar has the top `modebar_px` to itself; a title sits under it,
and labels drawn above the plot (a "best epoch" over a dashed line) under that; the legend stands outside
the plot on the right, top-aligned with it, where no tick labels are (plotly widens the right margin for it).
Every chart passes through it on its way to a page (`render.presentation_layout`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import plotly.graph_objects as go

MODEBAR_PX = 32  # the mode bar: 2 px from the figure's top, 26 px tall (measured in Chromium), and a gap
LINE_SCALE = 1.5  # a line of text takes its font size × this, padding included
TITLE_SCALE = 1.4  # plotly's title font: the layout font × this, unless set
PLOTLY_FONT_PX = 12  # plotly's default font size
PLOTLY_MARGIN_TOP = 100  # plotly's top margin when a figure sets none
LEGEND = {"orientation": "v", "xref": "paper", "x": 1.02, "xanchor": "left", "yref": "paper", "y": 1,
          "yanchor": "top"}


def above_plot(annotation: go.layout.Annotation) -> bool:
    """True for an annotation drawn above the plot area (on the paper at its top, anchored below it)."""
    yref = annotation.yref or "y"
    if not (yref == "paper" or yref.endswith("domain")) or annotation.y is None:
        return False
    anchor = annotation.yanchor or "auto"
    return annotation.y > 1 and anchor != "top" or annotation.y == 1 and anchor in ("bottom", "middle")


def modebar_px(scale: float = 1.0) -> int:
    """The band the mode bar needs at this text scale: Streamlit sizes it in rem, so presenter mode's root
    font (26 px for 16, less than its `scale` of 1.8 for figure text) makes it taller (44 px measured)."""
    return math.ceil(MODEBAR_PX * max(scale, 1.0))


def top_margin(fig: go.Figure, scale: float = 1.0) -> int:
    """The top margin `fig` needs: the mode bar's band, its title's line, a line for labels above the plot."""
    font = fig.layout.font.size or PLOTLY_FONT_PX
    top = modebar_px(scale)
    if fig.layout.title.text:
        top += math.ceil((fig.layout.title.font.size or font * TITLE_SCALE) * LINE_SCALE)
    above = [annotation for annotation in fig.layout.annotations if above_plot(annotation)]
    if above:
        top += math.ceil(max(annotation.font.size or font for annotation in above) * LINE_SCALE)
    return top


def clear_layout(fig: go.Figure, scale: float = 1.0) -> go.Figure:
    """`fig` with the plot area below the mode bar, the title between them and the legend on the right;
    `scale` is the figure's text scale (`render.presentation_layout`'s)."""
    needed = top_margin(fig, scale)
    if fig.layout.title.text:  # from the figure's top, under the mode bar (plotly centres it in the margin)
        title = {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": modebar_px(scale)}}
        fig.update_layout(title=title)
    top = fig.layout.margin.t
    fig.update_layout(legend=LEGEND, margin={"t": max(PLOTLY_MARGIN_TOP if top is None else top, needed)})
    return fig
