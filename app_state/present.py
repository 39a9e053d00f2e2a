"""Presenter mode: a projector view for a teacher, and `hide=` for a simpler view to hand out.

`?present=1` (or the sidebar toggle) sets body text to 26 px (no text under 24 px), every figure label to 16 px
or more, text to black on white, and folds the settings a class does not need, so each page's key picture shows
above the fold at 1920×1080. `?hide=sidebar,controls,code` hides the sidebar, the widgets in the main area, or the code
blocks and file downloads. `_state` reads both from the link once per session and keeps them in the URL with
the rest of the view. Unknown or malformed values are ignored.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

import streamlit as st

from app_state.text import lang, t, t_plain

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.elements.plotly_chart import PlotlyState

FLAGS = ("sidebar", "controls", "code")
PRESENT_SCALE = 1.8  # figure fonts: plotly's 12 px becomes 22 px
BODY_PX = 26  # the root font size while presenting: Streamlit sizes its text in rem (captions 0.875 → 23 px)
MIN_BODY_PX = 24  # no text smaller while presenting (captions, labels and small print raised to it)
GRID_LABEL_PX = 20  # labels drawn into the prediction grids while presenting
GRID_TILE_PX = 144  # and their tiles (96 px normally), wide enough for a class name at that size
MAX_HIDE = 100  # characters; a longer hide= value names no list of flags

# Streamlit's widgets, by test id: what hide=controls folds away in the main area.
CONTROLS = ("stSelectbox", "stSlider", "stRadio", "stNumberInput", "stCheckbox", "stTextInput", "stButton",
            "stFileUploader", "stMultiSelect", "stSelectSlider", "stPopover", "stElementToolbar")
CODE = ("stCode", "stDownloadButton")

# A visible focus ring on everything the keyboard reaches, in every view: Streamlit draws none on the page links,
# select boxes, toggles and radios. The theme's primary colour (.streamlit/config.toml; tests/test_a11y_theme.py):
# 5.7:1 on white and 5.1:1 on the sidebar's grey, above the 3:1 WCAG 2.1 asks of focus indicators (1.4.11).
FOCUS_COLOUR = "#3B5BDB"
# The page's language, and Streamlit's own "Skip to main content" link (its first Tab stop) in it; `code` and
# `skip` are JSON strings of the code's own (a code of i18n.LANGUAGES, a translated string)
PAGE_LANGUAGE = ("<script>document.documentElement.lang = {code};"
                 "const skip = document.querySelector('[data-testid=stSkipToContent]');"
                 "if (skip) skip.textContent = {skip};</script>")
LANGUAGE_KEY = "page_language"
FOCUS_RING = f"outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px !important;"
FOCUS_RULES = (
    f":is(a, button, summary, [tabindex]:not([tabindex='-1'], input)):focus-visible {{ {FOCUS_RING} }}",
    # inputs drawn inside a styled box (select boxes, number and text fields) or as a slider's thumb: the ring
    # goes round what is drawn (react-aria marks it data-focus-visible)
    f"[data-focus-visible=true]:not(input, textarea) {{ {FOCUS_RING} }}",
    f":is([data-baseweb=input], [data-baseweb=textarea]):has(input:focus-visible, textarea:focus-visible) "
    f"{{ {FOCUS_RING} }}",
    # check boxes, toggles and radios hide their input: the ring goes round the label drawn for it
    f"label:has(input[type=checkbox]:focus-visible, input[type=radio]:focus-visible) {{ {FOCUS_RING} }}",
)


def present_value(raw: str | None) -> bool | None:
    """`present=` from a link: "1" on, "0" off, anything else None (ignored)."""
    return {"1": True, "0": False}.get(raw or "")


def hide_flags(raw: str | None) -> tuple[str, ...]:
    """`hide=` from a link as known flags in `FLAGS` order; unknown, repeated or blank entries are dropped."""
    if not raw or len(raw) > MAX_HIDE:
        return ()
    asked = {part.strip().lower() for part in raw.split(",")}
    return tuple(flag for flag in FLAGS if flag in asked)


def css(presenting: bool, hidden: Collection[str]) -> str:
    """The style sheet for this view: the focus ring, large high-contrast text when presenting, hidden parts."""
    rules = [*FOCUS_RULES, f":is(.st-key-{LANGUAGE_KEY}, :has(> .st-key-{LANGUAGE_KEY})) {{ display: none; }}"]
    if presenting:
        rules += [
            f"html {{ font-size: {BODY_PX}px; }}",
            "[data-testid=stMain], [data-testid=stSidebar] { color: #000; }",
            "[data-testid=stCaptionContainer], [data-testid=stWidgetLabel], [data-testid=stMetricLabel], "
            "[data-testid=stMarkdownContainer] small { color: #000 !important; opacity: 1 !important; }",
            "[data-testid=stMainBlockContainer] { padding: 1rem 1.5rem 2rem 1.5rem; max-width: 100%; }",
            "[data-testid=stMain] h1 { font-size: 1.6rem; padding: 0 0 0.5rem 0; }",
            "[data-testid=stMain] h2, [data-testid=stMain] h3 { font-size: 1.3rem; }",
            "[data-testid=stMetricValue] { font-size: 1.6rem; }",
            "[data-testid=stMain] code { font-size: 0.95em; color: #000; }",
            # Captions, labels, small print and code are 0.875 rem (23 px) in Streamlit: every text at least
            # MIN_BODY_PX, headings and metric values keep their larger sizes.
            ":is([data-testid=stMain], [data-testid=stSidebar]) :is(p, li, label, span, small, summary, td, th, "
            f"code) {{ font-size: max({MIN_BODY_PX}px, 1em) !important; }}",
        ]
    if "sidebar" in hidden:
        rules.append("[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl], "
                     "[data-testid=stExpandSidebarButton] { display: none !important; }")
    if "controls" in hidden:
        rules.append(", ".join(f"[data-testid=stMain] [data-testid={c}]" for c in CONTROLS)
                     + " { display: none !important; }")
    if "code" in hidden:
        rules.append(", ".join(f"[data-testid=stMain] [data-testid={c}]" for c in CODE)
                     + " { display: none !important; }")
    return "\n".join(rules)


def setup() -> None:
    """Draw the sidebar toggle and style the view (`_state` reads `present`/`hide` from links and mirrors them)."""
    st.sidebar.toggle(t("present.toggle"), key="present", help=t("present.toggle_help"))
    st.html(f"<style>\n{css(presenting(), hidden())}\n</style>")
    # The page's language for screen readers and hyphenation (WCAG 3.1.1): Streamlit's page says lang="en"
    with st.container(key=LANGUAGE_KEY):  # drawn nowhere (`css`): no gap above the page
        st.html(PAGE_LANGUAGE.format(code=json.dumps(lang()), skip=json.dumps(t_plain("a11y.skip_to_content"))),
                unsafe_allow_javascript=True)


def presenting() -> bool:
    """True while presenter mode is on."""
    return bool(st.session_state.get("present", False))


def hidden() -> set[str]:
    """The parts of the view the link hides (a subset of `FLAGS`)."""
    return set(st.session_state.get("_hide", ()))


def scale() -> float:
    """How much larger figure text is drawn: 1.0 normally, `PRESENT_SCALE` while presenting."""
    return PRESENT_SCALE if presenting() else 1.0


def figure(fig: go.Figure) -> go.Figure:
    """A plotly figure with its text sized for the current view (unchanged unless presenting)."""
    from cnnviz.draw import render

    return render.presentation_layout(fig, scale())


def chart(fig: go.Figure, *, where: DeltaGenerator | None = None, **kwargs: Any) -> DeltaGenerator | PlotlyState:
    """Draw a plotly figure: sized for this view (`figure`), with its text alternative in the page's language
    (`describe_charts.describe`, read from the figure's own data; Streamlit sets it as the chart's aria-label).

    `where` is the container (a column) to draw in, the main area by default; `kwargs` go to `st.plotly_chart`
    (key, on_select, selection_mode, width, ...), and what it returns comes back (a selection with `on_select`).
    """
    from cnnviz.draw import describe_charts

    alt = describe_charts.describe(fig, lang())
    return (where or st).plotly_chart(figure(fig), alt=alt, **kwargs)


def grid_labels() -> dict[str, int]:
    """Tile and label sizes for `render.prediction_grid` in this view (its defaults unless presenting)."""
    return {"tile_size": GRID_TILE_PX, "font_size": GRID_LABEL_PX} if presenting() else {}


FOCUS = "_focus"  # this run's lesson step picture (`cnnviz.lessons.FOCUS`), set by the lesson card
FOCUS_TOP = "_focus_top"  # the place reserved for it under the card


def reserve_focus(name: str) -> None:
    """Before the page runs: make a place under the lesson card for the step's picture `name` ('' for none)."""
    st.session_state[FOCUS] = name
    st.session_state[FOCUS_TOP] = st.container() if name and presenting() else None


def focus(name: str) -> DeltaGenerator:
    """The container of the page's key picture `name` (marked `st-key-focus-<name>` for tests and styles).

    While presenting a lesson step about this picture it is drawn at the top, under the lesson card, so the
    class sees it without scrolling at 1920×1080; otherwise in place.
    """
    top = st.session_state.get(FOCUS_TOP)
    if top is not None and st.session_state.get(FOCUS) == name:
        st.session_state[FOCUS_TOP] = None  # one picture per step
        return top.container(key=f"focus-{name}")
    return st.container(key=f"focus-{name}")


def focused(name: str) -> bool:
    """True when the open lesson step is about the picture `name` (e.g. to open its expander)."""
    return st.session_state.get(FOCUS) == name


FIT_HEIGHT_PX = 540  # a key picture's height while presenting: it fits under the lesson card at 1080 px


def picture_width(shape: tuple[int, ...]) -> int | str:
    """How wide to draw a picture of `shape` (rows, columns, ...): its own size normally; while presenting
    as wide as fits `FIT_HEIGHT_PX` in height (a tall grid of 64 maps is not cut at the fold)."""
    if not presenting():
        return "content"
    rows, cols = shape[0], shape[1]
    return max(160, int(FIT_HEIGHT_PX * cols / max(rows, 1)))


def first() -> AbstractContextManager[object]:
    """A place made now for the page's key picture while presenting (so it tops the page); here otherwise."""
    return st.container() if presenting() else nullcontext()


def settings() -> AbstractContextManager[object]:
    """Where a page's settings go: a collapsed expander while presenting, in place otherwise."""
    return st.expander(t("present.settings"), expanded=False) if presenting() else nullcontext()
