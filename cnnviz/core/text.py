"""Text that did not come from the code, shown as the text it is: one function per place it lands.

Names a person or a file chose (run names, a zip's class folders, uploaded file names, layer names inside an
uploaded model, a lesson's title and notes from a link) land in four kinds of renderer, each with its own
active characters. They are encoded where they meet it, never "cleaned" once on the way in:

- Streamlit markdown (`st.markdown`, captions, alerts, widget labels and help, radio and segmented-control
  options, image captions, spinner and progress texts, metric labels): `literal`.
- plain text (selectbox and multiselect options, table cells, names drawn into a picture): `plain`.
- plotly (tick labels, legend names, hover texts, titles): `plotly_literal`.
- Graphviz DOT (the architecture diagram): `dot_string`.

Each first makes invisible characters visible (`visible`: controls, zero-width and bidirectional marks as
``⟨U+202E⟩``) and caps the length with "…" (`capped`); `distinct` tells apart names that would read the same.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

NAME_LIMIT = 60  # characters of a name on screen; the full name goes in a tooltip where there is one
FULL_LIMIT = 1000  # characters of a "full" name in its tooltip (a file made outside the app may hold more)
ELLIPSIS = "…"
WORD_JOINER = "\u2060"  # invisible, no line break: splits "http://" so markdown's autolinker skips it

# Letters that draw nothing though they are not control or format characters (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Markdown, HTML, LaTeX ($), Streamlit's :color[...] / :emoji: / :material/icon: and GFM's ~ | # @ & escapes.
_ALWAYS = frozenset("\\`*~|<>[]$:&#@")
_LIST_START = re.compile(r"^(?:[-+](?=\s|$)|(\d{1,9})([.)])(?=\s|$))")
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=\\?[:.])")


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") or ch in _BLANK_LETTERS


def visible(text: object) -> str:
    """`text` with every control, zero-width, bidirectional or blank character written out as ⟨U+XXXX⟩."""
    return "".join(f"⟨U+{ord(ch):04X}⟩" if _invisible(ch) else ch for ch in str(text))


def capped(text: object, limit: int | None = NAME_LIMIT) -> str:
    """`visible(text)`, cut to `limit` characters with "…" (never inside a ⟨U+XXXX⟩); None: no cap."""
    shown = visible(text)
    if limit is None or len(shown) <= limit:
        return shown
    cut = shown[: max(limit - 1, 0)]
    if cut.rfind("⟨") > cut.rfind("⟩"):  # half a token: drop it
        cut = cut[: cut.rfind("⟨")]
    return cut.rstrip() + ELLIPSIS


def plain(text: object, limit: int | None = NAME_LIMIT) -> str:
    """Text for a place that shows characters as they are (selectbox options, table cells): capped, visible."""
    return capped(text, limit)


def literal(text: object, limit: int | None = NAME_LIMIT) -> str:
    """Markdown that Streamlit renders as exactly `plain(text)`: nothing in it formats, links, loads or computes.

    Backslash-escapes what markdown, HTML, KaTeX and Streamlit's directives act on; ``_`` only where it could
    open or close emphasis (``conv2d_1`` stays as it is), list markers only at the start; a word joiner after
    ``http``/``www`` and before ``@`` (GFM links bare addresses and e-mails after parsing, escaped or not).
    """
    shown = capped(text, limit)
    out = []
    for i, ch in enumerate(shown):
        if ch in _ALWAYS or ch == "_" and not (0 < i < len(shown) - 1 and shown[i - 1].isalnum()
                                                and shown[i + 1].isalnum()):
            out.append("\\" + ch)
        else:
            out.append(ch)
    escaped = "".join(out)
    escaped = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, escaped)
    escaped = escaped.replace("\\@", WORD_JOINER + "\\@")
    escaped = escaped.replace(":material/", ":material\\/")  # Streamlit rewrites it before parsing, escaped or not
    if escaped.startswith(" "):  # four leading spaces would start a code block
        escaped = "&#32;" + escaped[1:]
    if set(escaped.strip()) <= {"-", "="} and escaped.strip():  # a setext underline or a thematic break
        return "".join("\\" + ch if ch in "-=" else ch for ch in escaped)
    return _LIST_START.sub(lambda m: "\\" + m.group(0) if m.group(1) is None else m.group(1) + "\\" + m.group(2),
                           escaped, count=1)


def literal_lines(text: object) -> str:
    """Several lines of someone's text (a lesson note) as markdown: each line `literal`, the breaks kept."""
    return "  \n".join(literal(line, None) for line in str(text).split("\n"))


def plotly_literal(text: object, limit: int | None = NAME_LIMIT) -> str:
    """Text for plotly (ticks, legends, hovers, titles) shown as itself: its HTML-like tags (``<a>``, ``<b>``,
    ``<br>``, ``<span style>``) and entities, its hover-template fields (``%{x}``) and its TeX (``$...$``)
    written as entities."""
    shown = capped(text, limit)
    return (shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("%{", "&#37;{").replace("$", "&#36;"))


_TAG = re.compile(r"<[^<>]*>")


def plain_from_plotly(text: object) -> str:
    """Plotly text as the plain text it reads (`plotly_literal`'s inverse, for a chart's text alternative): the
    code's tags (``<br>``, ``<b>``) dropped, the entities `plotly_literal` wrote (``&lt;``, ``&#37;``) decoded,
    runs of white space made one space."""
    return " ".join(html.unescape(_TAG.sub(" ", str(text))).split())


def dot_string(text: object, limit: int | None = None) -> str:
    """A quoted DOT string (an id or a label) that reads `plain(text)`: ``\\`` and ``"`` escaped, no way out."""
    return '"' + dot_text(text, limit) + '"'


def dot_text(text: object, limit: int | None = None) -> str:
    """The inside of a quoted DOT string, for labels the code joins with its own ``\\n``."""
    return capped(text, limit).replace("\\", "\\\\").replace('"', '\\"')


def distinct(names: Iterable[str]) -> tuple[str, ...]:
    """The names with repeats told apart: the second "cat" reads "cat (2)", the third "cat (3)"."""
    seen: set[str] = set()
    told: list[str] = []
    for name in names:
        candidate, number = name, 1
        while candidate in seen:
            number += 1
            candidate = f"{name} ({number})"
        seen.add(candidate)
        told.append(candidate)
    return tuple(told)
