"""Explanation maps drawn for people: a heat map laid over the picture, and the deletion curves.

`cnnviz.explain` returns each method's own numbers (0–1 maps, signed probability drops, signed (H, W, C)
attributions); `heat` turns any of them into positions on one colour scale, and says which scale it is,
so a page can caption the colours truthfully. Nothing here changes which pixels rank above which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cnnviz.core import palette
from cnnviz.core.errors import ModelError
from cnnviz.draw import render
from cnnviz.uploads import images

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from cnnviz.explain.sanity import Curve

# 0 … 1: black (unused) through purple, red and orange to pale yellow (most important). Not the Grad-CAM paper's
# "jet": its lightness rises and falls again (its brightest colours, cyan and yellow, are not its highest values),
# and its green and red look alike to a colour-blind reader.
HEAT_CMAP = palette.HEAT
SIGNED_CMAP = palette.DIVERGING  # −limit … +limit: blue (against the class), white (0), red (for it)
OVERLAY_SIZE = 224  # pixels on the longer side a small input is enlarged to (nearest neighbour)


@dataclass(frozen=True)
class Heat:
    """An attribution as (H, W) positions on a colour scale, and what the scale's ends stand for."""

    values: np.ndarray  # (H, W) in 0–1: the position of each pixel on the colour map
    signed: bool  # True: 0.5 is zero, the ends are ±limit (SIGNED_CMAP); False: 0 … limit (HEAT_CMAP)
    limit: float  # the attribution value at the scale's top end (its largest magnitude)
    low: float  # the smallest attribution (summed over channels)
    high: float  # the largest attribution (summed over channels)

    @property
    def cmap(self) -> str:
        """The colour map this scale is drawn with."""
        return SIGNED_CMAP if self.signed else HEAT_CMAP


def heat(attribution: np.ndarray) -> Heat:
    """(H, W) or (H, W, C) attributions (channels summed) on one colour scale: 0…max, or ±max if any < 0."""
    a = np.asarray(attribution, dtype=np.float64)
    a = a.sum(axis=-1) if a.ndim == 3 else a
    if a.ndim != 2 or a.size == 0 or not np.isfinite(a).all():
        raise ModelError(key="error.explain_attribution", shape=np.shape(attribution), expected="(H, W)")
    low, high = float(a.min()), float(a.max())
    limit = max(abs(low), abs(high))
    signed = low < 0
    if limit == 0:
        values = np.full(a.shape, 0.5 if signed else 0.0)
    elif signed:
        values = (a / limit + 1) / 2
    else:
        values = a / limit
    return Heat(values.astype(np.float32), signed, limit, low, high)


def overlay(image: np.ndarray, map_: Heat, opacity: float = 0.5, size: int = OVERLAY_SIZE) -> np.ndarray:
    """The picture (H, W, C in 0–1) under the map: (1 − opacity)·picture + opacity·colour, RGB uint8.

    Both are blended at the input's own resolution, then enlarged by whole pixels to about `size`.
    """
    if isinstance(opacity, bool) or not isinstance(opacity, (int, float)) or not 0 <= opacity <= 1:
        raise ModelError(key="error.overlay_opacity", value=opacity)
    x = np.asarray(image, dtype=np.float64)
    x = x[0] if x.ndim == 4 else x
    if x.ndim != 3 or x.shape[:2] != map_.values.shape:
        raise ModelError(key="error.explain_attribution", shape=map_.values.shape, expected=x.shape[:2])
    picture = np.clip(images.convert_channels(x, 3), 0, 1)
    colour = render.colourise(map_.values, map_.cmap).astype(np.float64) / 255
    blended = np.round(((1 - opacity) * picture + opacity * colour) * 255).astype(np.uint8)
    return render.upscale(blended[None], size)[0]


def curve_figure(curves: Sequence[tuple[str, Curve]], x_title: str, y_title: str) -> go.Figure:
    """Deletion or insertion curves (each labelled) on one chart: probability against the share of pixels."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for label, curve in curves:
        fig.add_trace(go.Scatter(x=curve.fractions, y=curve.probabilities, mode="lines+markers", name=label,
                                 hovertemplate="%{x:.0%} → %{y:.1%}<extra></extra>"))
    fig.update_layout(xaxis={"title": x_title, "tickformat": ".0%", "range": [0, 1]},
                      yaxis={"title": y_title, "tickformat": ".0%", "range": [0, 1.02]},
                      height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      legend={"orientation": "h", "y": -0.3})
    return fig
