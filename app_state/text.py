"""What the user reads: the translator, library errors in the current language, and messages shown once a run.

Text is text: every value `t` fills into a string is shown as the literal text it is (`cnnviz.core.text`),
whoever chose it (a run's name, a zip's class folder, an uploaded file, a layer inside an uploaded model, a
lesson from a link). `t` writes it for Streamlit markdown (captions, alerts, labels, help: nearly every
place); `t_plain` for places that show characters as they are (selectbox options, table headers); `t_plotly`
for a plotly title or label. A value the code itself wrote as markdown (another `t`, `listing`) is a
`Markdown` and goes in as it is; numbers go in as numbers. A name shown on its own goes through
`cnnviz.core.text` (`literal`, `plain`, `plotly_literal`, `dot_string`) where it meets the renderer.

Every other `app_state` module imports this one and it imports none of them, so it can never be part
of an import cycle.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

import streamlit as st

from cnnviz.core import i18n
from cnnviz.core import text as literal_text
from cnnviz.core.errors import CnnvizError


class Markdown(str):
    """Markdown the code wrote (a translated string with its values escaped, a list of escaped names): `t`
    fills it in as it is."""

    __slots__ = ()


class Keyed(Protocol):
    """Sentences kept as message keys and values (`i18n.Phrase`, `story.RunStory`)."""

    @property
    def parts(self) -> Iterable[tuple[str, Mapping[str, object]]]:
        """The sentences' message keys, each with its values."""


def lang() -> str:
    """The language chosen in the sidebar."""
    return st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)


def _filled(key: str, encode: Callable[[object], str], values: Mapping[str, object]) -> str:
    """`key`'s string in the current language, each value passed through `encode` (numbers and `Markdown` not)."""
    kept = (Markdown, numbers.Number, type(None))
    return i18n.t(key, lang(), **{name: value if isinstance(value, kept) else encode(value)
                                  for name, value in values.items()})


def t(key: str, **values: object) -> Markdown:
    """A UI string in the current language, for markdown: every value shown as literal text (a name capped)."""
    return Markdown(_filled(key, literal_text.literal, values))


def _uncapped(key: str, values: Mapping[str, object]) -> Markdown:
    """`t` for a message: its values (a file's name, the choices a value could take) literal, never cut."""
    return Markdown(_filled(key, lambda value: literal_text.literal(value, None), values))


def t_plain(key: str, **values: object) -> str:
    """A UI string for a place that shows characters as they are (selectbox options, table headers)."""
    return _filled(key, literal_text.plain, values)


def t_plotly(key: str, **values: object) -> str:
    """A UI string for a plotly title, axis or legend: every value shown as literal text."""
    return _filled(key, literal_text.plotly_literal, values)


def listing(items: Iterable[object], sep: str = ", ") -> Markdown:
    """Names (layers, runs, classes) as one markdown value for `t`: each literal and capped, then joined."""
    return Markdown(sep.join(literal_text.literal(item) for item in items))


def full_name(name: object) -> Markdown | None:
    """A tooltip (`help=`) with the whole name, when the screen shows it shortened or with characters written
    out; None when it shows as it is."""
    if literal_text.plain(name) == str(name):
        return None
    return t("text.full_name", name=Markdown(literal_text.literal(name, literal_text.FULL_LIMIT)))


def phrase(keyed: Keyed) -> Markdown:
    """Keyed sentences (`i18n.Phrase`, a run's story) in the current language, their values literal."""
    return Markdown(getattr(keyed, "sep", " ").join(_uncapped(key, values) for key, values in keyed.parts))


def message(err: CnnvizError) -> Markdown:
    """A library error's message in the current language, the names in it shown as literal text."""
    if err.key is not None:
        return _uncapped(err.key, err.values)
    written = err.args[0] if err.args else ""
    if isinstance(written, i18n.Phrase):
        return phrase(written)
    return written if isinstance(written, Markdown) else Markdown(literal_text.literal(written, None))


def show_once(show: Callable[[str], object], text: str) -> None:
    """Show a message unless this run already did (the model and the page may both load the dataset)."""
    shown = st.session_state.setdefault("_shown_messages", set())
    if text not in shown:
        shown.add(text)
        show(text)
