"""Plotly figures of the Inception and Residual labs: where each branch sits, gradients through depth."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from cnnviz.analysis.modules import Branch, SkipComparison
from cnnviz.core import i18n, palette
from cnnviz.core.text import plotly_literal
from cnnviz.draw import render

BRANCH_COLOURS = palette.SERIES  # each segment also carries its channel range as text, and a legend entry


def concat_strip(branches: Sequence[Branch], lang: str = i18n.DEFAULT_LANGUAGE) -> go.Figure:
    """The concatenation's channels as one bar, a coloured segment [start, stop) per branch."""
    fig = go.Figure()
    for index, branch in enumerate(branches):
        name = plotly_literal(branch.name)  # a layer's name, from an uploaded model: literal text in plotly
        label = i18n.t("lab.inception.strip_segment", lang, name=name, start=branch.start,
                       stop=branch.stop, count=branch.channels)
        colour = BRANCH_COLOURS[index % len(BRANCH_COLOURS)]
        fig.add_trace(go.Bar(
            x=[branch.channels], y=[""], base=[branch.start], orientation="h", name=name,
            marker_color=colour, text=[f"{branch.start}–{branch.stop - 1}"],
            textposition="inside", insidetextanchor="middle", hovertext=[label], hoverinfo="text",
            **render.bar_text_colours([colour]),
        ))
    total = branches[-1].stop if branches else 0
    fig.update_layout(
        barmode="overlay", height=170, margin={"l": 10, "r": 10, "t": 30, "b": 40},
        xaxis={"title": i18n.t("lab.inception.strip_axis", lang, last=total - 1), "range": [0, total]},
        legend={"orientation": "h", "y": 1.35},
    )
    return fig


def gradient_depth(comparison: SkipComparison, lang: str = i18n.DEFAULT_LANGUAGE) -> go.Figure:
    """The gradient norm reaching each layer, input side on the left, with and without skips (log y)."""
    fig = go.Figure()
    depth = list(range(1, len(comparison.layers) + 1))
    for skips, colour, dash, symbol in ((True, palette.SERIES[0], "solid", "circle"),
                                        (False, palette.SERIES[3], "dash", "square")):  # shapes tell them apart
        name = i18n.t("lab.residual.with_skips" if skips else "lab.residual.without_skips", lang)
        fig.add_trace(go.Scatter(
            x=depth, y=list(comparison.with_skips if skips else comparison.without_skips), mode="lines+markers",
            name=name, line={"color": colour, "dash": dash}, marker={"symbol": symbol},
            customdata=list(comparison.layers),
            hovertemplate="%{customdata}: %{y:.3g}<extra>" + name + "</extra>",
        ))
    fig.update_layout(
        height=380, margin={"l": 10, "r": 10, "t": 30, "b": 40}, legend={"orientation": "h", "y": 1.12},
        xaxis={"title": i18n.t("lab.residual.depth_axis", lang), "tickmode": "array", "tickvals": depth},
        yaxis={"title": i18n.t("lab.residual.norm_axis", lang), "type": "log", "exponentformat": "power"},
    )
    return fig
