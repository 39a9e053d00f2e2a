"""Text alternatives for the charts and the architecture diagram: what a picture shows, read from its own data.

A screen reader cannot see a plotly chart or a Graphviz diagram; it reads the `alt` a page passes to
`st.plotly_chart` / `st.graphviz_chart` (Streamlit sets it as the chart container's `aria-label`, with
`role="figure"`). `describe` writes that text from the figure itself: its title, its axis titles and, per trace,
the numbers a sighted reader takes from it (a line's range, last, lowest and highest values; the largest and
smallest bar; a heat map's size, range and largest cell; a confusion matrix's diagonal and the pair most often
confused), so the words and the picture always agree. `describe_diagram` does the same for the layer table's
rows the diagram is drawn from. The text is plain (an attribute, not markdown): names come back from plotly's
encoding (`text.plotly_literal`) as the text they are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core import i18n
from cnnviz.core.text import capped, plain, plain_from_plotly

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from cnnviz.models.arch import LayerInfo

MAX_SERIES = 6  # traces described one by one; the rest are counted ("and 3 more")
MAX_LABELS = 4  # annotations (a "best epoch" line, subplot titles) and outlined cells quoted
MAX_TYPES_IN_ORDER = 12  # layers listed one by one in the diagram's text; more are counted by type
MAX_CHARS = 1500  # the whole text: a short description, not the data
MAX_AXIS_WORD = 24  # an axis title up to this long is said before a position on it ('epoch 7')
HIDDEN_OPACITY = 0.05  # markers fainter than this are a click layer (one per unit), not something drawn
SYMBOLS = {"x": "×", "x-thin-open": "×", "circle-open": "○", "diamond": "◇", "star": "☆", "square-open": "□"}

def number(value: object, percent: bool = False) -> str:
    """A value as a reader says it: integers with thousands separators, others to 3 significant digits,
    a share as a percentage when its axis is drawn in percent, a true minus sign (screen readers say
    "minus"), '—' for a missing value; a text (a category) as its plain text."""
    if isinstance(value, str):
        return plain_from_plotly(value)
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return plain_from_plotly(value)
    if not math.isfinite(x):
        return "—"
    x += 0.0  # no −0
    if percent:
        shown = f"{x * 100:.3g}%" if abs(x) >= 1e-4 or x == 0 else ("<0.01%" if x > 0 else ">-0.01%")
    elif x == int(x) and abs(x) < 1e15:
        shown = f"{int(x):,}"
    elif abs(x) >= 100:
        shown = f"{x:,.1f}"
    elif abs(x) >= 0.001:
        shown = f"{x:.3g}"
    else:
        shown = f"{x:.2e}"
    return shown.replace("-", "−")


def describe(fig: go.Figure, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """A text alternative for `fig` in `lang`: what kind of chart, its title and axes, then each trace's
    facts (at most `MAX_SERIES`, the rest counted), the labels drawn on it and the cells outlined."""
    reader = _Reader(fig, lang)
    traces = [trace for trace in fig.data if not _hidden(trace)]
    parts: list[str] = []
    kinds: list[str] = []
    for number_, trace in enumerate(traces, start=1):
        kind, sentence = reader.trace(trace, number_, len(traces))
        if kind != "box":
            kinds.append(kind)
        if sentence and sentence not in parts:
            parts.append(sentence)
    # one kind names the chart; a map or picture with marks drawn over it (a window, a box) is still a map
    kind = kinds[0] if kinds and (len(set(kinds)) == 1 or kinds[0] in ("heatmap", "image")) else "other"
    title = plain_from_plotly(fig.layout.title.text or "")
    opening = [i18n.t("alt.chart.titled" if title else "alt.chart.untitled", lang,
                      kind=i18n.t(f"alt.chart.kind.{kind}", lang), title=title)]
    x_title, y_title = reader.axis_title("x"), reader.axis_title("y")
    if x_title and y_title:
        opening.append(i18n.t("alt.chart.axes", lang, x=x_title, y=y_title))
    elif x_title or y_title:
        opening.append(i18n.t("alt.chart.x_axis" if x_title else "alt.chart.y_axis", lang,
                              x=x_title, y=y_title))
    ending = reader.labels() + reader.outlines()
    budget = MAX_CHARS - sum(len(part) + 1 for part in opening + ending)
    told: list[str] = []
    for part in parts:  # whole sentences, as many as fit: at most MAX_SERIES, within MAX_CHARS
        if len(told) == MAX_SERIES or len(part) + 2 > budget - 40:
            break
        told.append(_sentence(part))
        budget -= len(told[-1]) + 1
    if len(told) < len(parts):
        told.append(_sentence(i18n.t("alt.chart.more", lang, count=len(parts) - len(told))))
    return capped(" ".join(opening + told + ending), MAX_CHARS)


def describe_diagram(rows: Sequence[LayerInfo], lang: str = i18n.DEFAULT_LANGUAGE,
                     selected: str | None = None) -> str:
    """A text alternative for the architecture diagram drawn from `rows`: how many layers after the input,
    the input and output shapes, the layer types in order (or counted by type when there are many), the
    total parameters (the sum over the rows), the nested models drawn as groups and the layer outlined."""
    inputs = [row for row in rows if row.type == "InputLayer"]
    layers = [row for row in rows if row.type != "InputLayer"]
    fed = {parent for row in rows for parent in row.parents}
    outputs = [row for row in layers if row.name not in fed] or layers[-1:]
    sources = inputs or [row for row in layers if not row.parents][:1]
    text = [i18n.t("alt.chart.diagram", lang, layers=len(layers),
                   inputs=", ".join(_shape(row.output_shape if row.type == "InputLayer" else row.input_shape)
                                    for row in sources) or "—",
                   outputs=", ".join(_shape(row.output_shape) for row in outputs) or "—",
                   params=f"{sum(row.params for row in rows):,}")]
    if 0 < len(layers) <= MAX_TYPES_IN_ORDER:
        text.append(i18n.t("alt.chart.diagram_order", lang, types=", ".join(plain(row.type) for row in layers)))
    elif layers:
        counts: dict[str, int] = {}
        for row in layers:
            counts[row.type] = counts.get(row.type, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        text.append(i18n.t("alt.chart.diagram_types", lang,
                           types=", ".join(f"{plain(kind)} ×{count}" for kind, count in ranked)))
    groups = list(dict.fromkeys(row.group for row in rows if row.group))
    if groups:
        text.append(i18n.t("alt.chart.diagram_groups", lang, groups=", ".join(plain(g) for g in groups)))
    if selected is not None and any(row.name == selected for row in rows):
        text.append(_sentence(i18n.t("alt.chart.outlined", lang, cells=plain(selected))))
    return capped(" ".join(text), MAX_CHARS)


# --- reading one figure ---------------------------------------------------------------------------------


def _sentence(text: str) -> str:
    return text if text.endswith((".", "…")) else text + "."


def _shape(shape: Sequence[int | None] | None) -> str:
    return "—" if shape is None else "×".join("?" if d is None else str(d) for d in shape)


def _hidden(trace: Any) -> bool:
    """True for a trace nobody sees: switched off, or near-transparent markers laid over a map to click."""
    if trace.visible in (False, "legendonly"):
        return True
    opacity = 1.0 if getattr(trace, "opacity", None) is None else float(trace.opacity)
    marker = getattr(trace, "marker", None)
    mode = getattr(trace, "mode", None) or ""
    faint = getattr(marker, "opacity", None) if marker is not None else None
    if isinstance(faint, (int, float)) and "lines" not in mode and "text" not in mode:
        opacity *= float(faint)
    return opacity < HIDDEN_OPACITY


def _values(data: object) -> np.ndarray:
    """Numbers as a float array, None and non-numbers as NaN."""
    if data is None:
        return np.zeros(0)
    try:
        return np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        items = np.asarray(data, dtype=object)
        return np.array([_float(v) for v in items.ravel()], dtype=float).reshape(items.shape)


def _float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _half_integers(*values: object) -> bool:
    """True when every value is a number halfway between two integers (a pixel's edge)."""
    return all(isinstance(v, (int, float, np.number)) and abs(float(v) % 1 - 0.5) < 1e-9 for v in values)


class _Reader:
    """One figure's facts, worded in one language."""

    def __init__(self, fig: go.Figure, lang: str) -> None:
        self.fig = fig
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return i18n.t(key, self.lang, **values)

    def axis(self, ref: str | None, letter: str) -> Any:
        """The layout axis a trace's `xaxis`/`yaxis` ("x2") names."""
        name = f"{letter}axis{(ref or letter)[1:]}"
        try:
            return self.fig.layout[name]
        except (KeyError, ValueError):
            return self.fig.layout[f"{letter}axis"]

    def axis_title(self, letter: str, ref: str | None = None) -> str:
        """The axis's title as plain text ('' when it has none or is not drawn)."""
        axis = self.axis(ref, letter)
        return "" if axis.visible is False else plain_from_plotly(axis.title.text or "")

    def percent(self, letter: str, ref: str | None = None) -> bool:
        return str(self.axis(ref, letter).tickformat or "").endswith("%")

    def at(self, letter: str, ref: str | None, value: object) -> str:
        """A position on an axis: 'epoch 7' where the axis has a short title, '7' where not; a category
        ('conv1', 'Shirt') says itself."""
        word = self.axis_title(letter, ref)
        shown = number(value, self.percent(letter, ref))
        return f"{word} {shown}" if word and len(word) <= MAX_AXIS_WORD and not isinstance(value, str) else shown

    def named(self, trace: Any, number_: int, count: int, text: str, numbered: bool = True) -> str:
        """`text` after the trace's name; an unnamed series among several is 'series 2' (`numbered`), an
        unnamed map or picture stays unnamed (two that read the same are then said once)."""
        name = plain_from_plotly(trace.name or "")
        if not name and count > 1 and numbered:
            name = self.t("alt.chart.series", number=number_)
        return self.t("alt.chart.named", name=name, text=text) if name else text

    # --- one trace ---

    def trace(self, trace: Any, number_: int, count: int) -> tuple[str, str]:
        """(kind, sentence) for one visible trace."""
        kind = trace.type
        if kind in ("scatter", "scattergl"):
            box = self.box(trace)
            if box:
                return "box", self.named(trace, number_, count, self.t("alt.chart.box", cells=box))
            lines = "lines" in (trace.mode or "lines")
            text = self.line(trace) if lines else self.markers(trace)
            return ("line" if lines else "scatter"), self.named(trace, number_, count, text)
        if kind == "bar":
            return "bar", self.bars(trace, number_, count)
        if kind == "heatmap":  # a heat map in one colour (a padding overlay) shows where, not how much
            return "heatmap", "" if _one_colour(trace) else self.named(trace, number_, count, self.heatmap(trace),
                                                                      numbered=False)
        if kind == "histogram":
            return "histogram", self.named(trace, number_, count, self.histogram(trace))
        if kind == "pie":
            return "pie", self.named(trace, number_, count, self.pie(trace))
        if kind == "image":
            height, width = np.shape(trace.z)[:2] if trace.z is not None else (0, 0)
            return "image", self.named(trace, number_, count, self.t("alt.chart.picture", height=height, width=width),
                                       numbered=False)
        return "other", self.named(trace, number_, count, self.t("alt.chart.other", kind=kind))

    def line(self, trace: Any) -> str:
        y = _values(trace.y).ravel()
        x = list(trace.x) if trace.x is not None else list(range(len(y)))
        known = np.flatnonzero(np.isfinite(y))
        if not known.size:
            return self.t("alt.chart.no_values")

        def at(i: int) -> str:
            return self.at("x", trace.xaxis, x[i] if i < len(x) else i)

        def value(i: int) -> str:
            return number(y[i], self.percent("y", trace.yaxis))

        if known.size == 1:
            return self.t("alt.chart.point", y=value(int(known[0])), x=at(int(known[0])))
        low, high = int(known[np.argmin(y[known])]), int(known[np.argmax(y[known])])
        return self.t("alt.chart.line", count=known.size, first=at(int(known[0])), last=at(int(known[-1])),
                      end=value(int(known[-1])), low=value(low), low_at=at(low), high=value(high), high_at=at(high))

    def markers(self, trace: Any) -> str:
        """How many points (and how many drawn in another shape, as a mistake's ×), their x and y ranges where
        the axes show numbers."""
        x, y = _values(trace.x).ravel(), _values(trace.y).ravel()
        count = max(len(x), len(y))
        text = self.t("alt.chart.markers", count=count)
        shown = [self.axis(trace.xaxis, "x").showticklabels is not False,
                 self.axis(trace.yaxis, "y").showticklabels is not False]
        if all(shown) and np.isfinite(x).any() and np.isfinite(y).any():
            text = self.t("alt.chart.markers_range", count=count,
                          x_word=self.axis_title("x", trace.xaxis) or "x",
                          x_low=number(np.nanmin(x), self.percent("x", trace.xaxis)),
                          x_high=number(np.nanmax(x), self.percent("x", trace.xaxis)),
                          y_word=self.axis_title("y", trace.yaxis) or "y",
                          y_low=number(np.nanmin(y), self.percent("y", trace.yaxis)),
                          y_high=number(np.nanmax(y), self.percent("y", trace.yaxis)))
        symbols = trace.marker.symbol
        if symbols is not None and not isinstance(symbols, str) and len(set(symbols)) > 1:
            counts: dict[str, int] = {}
            for symbol in symbols:
                counts[str(symbol)] = counts.get(str(symbol), 0) + 1
            usual = max(counts, key=lambda symbol: counts[symbol])
            text += "".join(self.t("alt.chart.symbols", count=n, symbol=SYMBOLS.get(symbol, symbol))
                            for symbol, n in counts.items() if symbol != usual)
        return text

    def box(self, trace: Any) -> str:
        """'rows 2–5, columns 3–6' for a closed axis-aligned rectangle drawn round pixels (edges at ±½)."""
        if trace.x is None or trace.y is None or len(trace.x) != 5 or "lines" not in (trace.mode or "lines"):
            return ""
        x, y = _values(trace.x), _values(trace.y)
        if not (np.isfinite(x).all() and np.isfinite(y).all()) or x[0] != x[-1] or y[0] != y[-1]:
            return ""
        if len(set(x.tolist())) != 2 or len(set(y.tolist())) != 2 or not _half_integers(*x, *y):
            return ""
        return self.cells(float(y.min()), float(y.max()), float(x.min()), float(x.max()))

    def cells(self, y0: float, y1: float, x0: float, x1: float) -> str:
        """The pixels inside edges at half-integers: one cell or a block of rows and columns."""
        top, bottom, left, right = round(y0 + 0.5), round(y1 - 0.5), round(x0 + 0.5), round(x1 - 0.5)
        if top == bottom and left == right:
            return self.t("alt.chart.cell", row=top, column=left)
        return self.t("alt.chart.cells", top=top, bottom=bottom, left=left, right=right)

    def bars(self, trace: Any, number_: int, count: int) -> str:
        across = trace.orientation == "h"
        values = _values(trace.x if across else trace.y).ravel()
        where = trace.y if across else trace.x
        categories = list(where) if where is not None else list(range(len(values)))
        letter, ref = ("y", trace.yaxis) if across else ("x", trace.xaxis)
        percent = self.percent("x" if across else "y", trace.xaxis if across else trace.yaxis)
        known = np.flatnonzero(np.isfinite(values))
        if not known.size:
            return self.named(trace, number_, count, self.t("alt.chart.no_values"))
        if known.size == 1:  # one bar: named by its category, or by its trace where the category is blank
            i = int(known[0])
            category = plain_from_plotly(categories[i]) if i < len(categories) else ""
            label = plain_from_plotly(trace.name or "") or category
            shown = number(values[i], percent)
            base = _values(trace.base).ravel() if trace.base is not None and not isinstance(trace.base, str) else None
            if base is not None and base.size and np.isfinite(base[min(i, base.size - 1)]):
                start = float(base[min(i, base.size - 1)])  # a floating bar: where it starts and ends matters
                shown = self.t("alt.chart.span", value=shown, start=number(start, percent),
                               end=number(start + values[i], percent))
            return self.t("alt.chart.named", name=label, text=shown) if label else shown

        def at(i: int) -> str:
            return self.at(letter, ref, categories[i] if i < len(categories) else i)

        high, low = int(known[np.argmax(values[known])]), int(known[np.argmin(values[known])])
        if values[high] == values[low]:
            text = self.t("alt.chart.bars_equal", count=known.size, value=number(values[high], percent))
        else:
            text = self.t("alt.chart.bars", count=known.size, high=number(values[high], percent), high_at=at(high),
                          low=number(values[low], percent), low_at=at(low))
        return self.named(trace, number_, count, text)

    def heatmap(self, trace: Any) -> str:
        z = _values(trace.z)
        if z.ndim != 2 or not z.size or not np.isfinite(z).any():
            return self.t("alt.chart.no_values")
        rows, cols = z.shape
        x = list(trace.x) if trace.x is not None else None
        y = list(trace.y) if trace.y is not None else None

        def label(labels: Sequence[object] | None, i: int) -> str:
            return number(labels[i]) if labels is not None and i < len(labels) else str(i)

        def cell(i: int, j: int) -> str:
            if x is None and y is None and not (self.axis_title("x", trace.xaxis) or self.axis_title("y", trace.yaxis)):
                return self.t("alt.chart.cell", row=i, column=j)
            return self.t("alt.chart.labelled_cell",
                          row_word=self.axis_title("y", trace.yaxis) or self.t("alt.chart.row"), row=label(y, i),
                          column_word=self.axis_title("x", trace.xaxis) or self.t("alt.chart.column"),
                          column=label(x, j))

        known = np.isfinite(z)
        low, high = float(np.nanmin(z)), float(np.nanmax(z))
        parts = [self.t("alt.chart.heatmap", rows=rows, cols=cols, low=number(low), high=number(high))]
        if _confusion(z, x, y):  # rows: the true class, columns: the answer (`render.confusion_figure`)
            diagonal, total = int(np.trace(z)), int(z.sum())
            parts.append(self.t("alt.chart.confusion", right=f"{diagonal:,}", total=f"{total:,}",
                                share=number(diagonal / total, percent=True)))
            off = np.where(np.eye(rows, dtype=bool), -1, z)
            i, j = np.unravel_index(int(np.argmax(off)), off.shape)
            if off[i, j] > 0:
                parts.append(self.t("alt.chart.confused", row=label(y, int(i)), column=label(x, int(j)),
                                    count=number(off[i, j])))
            else:
                parts.append(self.t("alt.chart.not_confused"))
        elif low == high:
            parts = [self.t("alt.chart.heatmap_flat", rows=rows, cols=cols, value=number(low))]
        else:
            i, j = np.unravel_index(int(np.nanargmax(z)), z.shape)
            parts.append(self.t("alt.chart.largest_cell", value=number(high), cell=cell(int(i), int(j))))
            if low < 0:  # a diverging map: where it is most negative matters as much
                i, j = np.unravel_index(int(np.nanargmin(z)), z.shape)
                parts.append(self.t("alt.chart.smallest_cell", value=number(low), cell=cell(int(i), int(j))))
        missing = int((~known).sum())
        if missing:
            parts.append(self.t("alt.chart.heatmap_missing", count=missing))
        return "; ".join(parts)

    def histogram(self, trace: Any) -> str:
        values = _values(trace.x if trace.x is not None else trace.y).ravel()
        values = values[np.isfinite(values)]
        if not values.size:
            return self.t("alt.chart.no_values")
        return self.t("alt.chart.histogram", count=f"{values.size:,}", low=number(values.min()),
                      high=number(values.max()), mean=number(values.mean()))

    def pie(self, trace: Any) -> str:
        labels = [plain_from_plotly(label) for label in (trace.labels or ())]
        values = _values(trace.values).ravel() if trace.values is not None else np.ones(len(labels))
        total = float(np.nansum(values))
        if not values.size or total <= 0:
            return self.t("alt.chart.no_values")
        high, low = int(np.nanargmax(values)), int(np.nanargmin(values))

        def name(i: int) -> str:
            return labels[i] if i < len(labels) else str(i)

        return self.t("alt.chart.pie", count=values.size, high_label=name(high), high=number(values[high]),
                      high_share=number(values[high] / total, percent=True), low_label=name(low),
                      low=number(values[low]), low_share=number(values[low] / total, percent=True))

    # --- what is drawn on the figure besides its traces ---

    def labels(self) -> list[str]:
        """Annotations (a 'best epoch' line's label, subplot titles, a note where the curves will be), with
        the position of a line they mark on one axis."""
        found: list[str] = []
        for note in self.fig.layout.annotations:
            text = plain_from_plotly(note.text or "")
            if not text:
                continue
            xref, yref = note.xref or "x", note.yref or "y"
            on_x, on_y = _data_ref(xref), _data_ref(yref)
            if on_x and not on_y and note.x is not None:
                text = self.t("alt.chart.label_at", text=text, position=self.at("x", xref, note.x))
            elif on_y and not on_x and note.y is not None:
                text = self.t("alt.chart.label_at", text=text, position=self.at("y", yref, note.y))
            if text not in found:
                found.append(text)
        if not found:
            return []
        return [_sentence(self.t("alt.chart.labels", labels="; ".join(found[:MAX_LABELS])))]

    def outlines(self) -> list[str]:
        """Rectangles drawn round cells (the unit chosen, the window): their rows and columns."""
        found: list[str] = []
        for shape in self.fig.layout.shapes:
            if shape.type != "rect" or not (_data_ref(shape.xref or "x") and _data_ref(shape.yref or "y")):
                continue
            if shape.line.width == 0 or not _half_integers(shape.x0, shape.x1, shape.y0, shape.y1):
                continue
            cells = self.cells(min(shape.y0, shape.y1), max(shape.y0, shape.y1), min(shape.x0, shape.x1),
                               max(shape.x0, shape.x1))
            if cells not in found:
                found.append(cells)
        if not found:
            return []
        return [_sentence(self.t("alt.chart.outlined", cells="; ".join(found[:MAX_LABELS])))]


def _data_ref(ref: str) -> bool:
    """True for an axis reference to data coordinates ('x', 'y2'), not 'paper' or 'x domain'."""
    return ref != "paper" and not ref.endswith("domain")


def _one_colour(trace: Any) -> bool:
    """True for a heat map drawn in one colour (a padding overlay): it shows where, not how much."""
    scale = trace.colorscale
    return bool(scale) and not isinstance(scale, str) and len({colour for _, colour in scale}) == 1


def _confusion(z: np.ndarray, x: Sequence[object] | None, y: Sequence[object] | None) -> bool:
    """True for a confusion matrix: square, the same labels on both axes, counts (whole numbers ≥ 0)."""
    if x is None or y is None or z.shape[0] != z.shape[1] or list(x) != list(y) or len(x) != z.shape[0]:
        return False
    return bool(np.isfinite(z).all() and (z >= 0).all() and (z == np.round(z)).all() and z.sum() > 0)
