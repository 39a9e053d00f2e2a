"""The colours that carry meaning in cnnviz's pictures, chosen once so they stay apart for every reader.

About 1 in 12 boys has a red–green colour-vision deficiency, so a colour that means something (a mistake,
a class, a run, a sign) comes from a set published as colour-blind safe, and never carries the meaning
alone: mistakes also get a drawn × (hits a tick), classes a marker shape, runs their place and a legend.

- **Two-way meaning** (a hit or a mistake, the predicted class): Okabe & Ito's blue and vermillion, the
  pair their "Color Universal Design" (2008) recommends for red/green.
- **Categories**: `SERIES` for up to 7 lines or bars (Okabe–Ito without its yellow, too pale for a line on
  white); `CLASSES` for up to 10 classes (the nine of Paul Tol's "muted" scheme, SRON's technical note
  "Colour schemes", and black), each with a marker shape from `MARKERS`, so a shape tells the class too.
- **Heat maps**: matplotlib's "inferno": perceptually uniform, its lightness rising monotonically from
  black to pale yellow, so "brighter = more" reads the same with any colour vision and in greyscale.
- **Signed values**: ColorBrewer's RdBu (rated colour-blind safe there): blue below 0, white at 0,
  red above, lightness falling away from 0 on both sides.

tests/test_colour_vision.py simulates protanopia and deuteranopia (Machado et al. 2009) on the rendered
figures and measures these colours; `contrast_ratio` is WCAG 2.1's, for text drawn on a colour.
No imports: every room may use it.
"""

from __future__ import annotations

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
HIT = OKABE_ITO["blue"]  # a right answer
MISTAKE = OKABE_ITO["vermillion"]  # a wrong one
HIGHLIGHT = OKABE_ITO["blue"]  # the one item picked out of many (the predicted class's bar)
MUTED = "#C6DBEF"  # the other items beside HIGHLIGHT (ColorBrewer Blues, light)
# Lines and bars of several series (runs, branches, train and validation), the most distinct first.
SERIES = tuple(OKABE_ITO[name] for name in
               ("blue", "orange", "bluish_green", "vermillion", "reddish_purple", "sky_blue", "black"))
# One colour per class: Tol's "muted" nine, then black.
CLASSES = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499",
           "#000000")
# One plotly marker per class ("x" is kept for mistakes; "star" last, as Compare marks a best epoch with one).
MARKERS = ("circle", "square", "diamond", "triangle-up", "triangle-down", "cross", "hourglass", "bowtie",
           "pentagon", "star")
MISTAKE_MARKER = "x"
OUTLINE = "#555555"  # around pale markers, so each has at least 3:1 against a white page (WCAG 1.4.11)
HEAT = "inferno"  # matplotlib colour map of attributions, 0 … max
DIVERGING = "RdBu_r"  # matplotlib and plotly name of signed values: −limit blue, 0 white, +limit red
BLACK, WHITE = "#000000", "#FFFFFF"


def class_style(index: int) -> tuple[str, str]:
    """Class `index`'s (colour, marker): beyond ten classes colours repeat with another marker, so each of
    the first hundred classes has its own pair."""
    return CLASSES[index % len(CLASSES)], MARKERS[(index + index // len(CLASSES)) % len(MARKERS)]


def series(index: int) -> str:
    """The colour of the `index`-th series (run, branch); they repeat after `len(SERIES)`."""
    return SERIES[index % len(SERIES)]


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour written "#RRGGBB": 0 (black) … 1 (white)."""
    digits = colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"a colour is written #RRGGBB, not {colour!r}")
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio of two colours, 1 … 21 (text needs 4.5, graphics 3)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """Black or white, whichever contrasts more with `background` (never under 4.5:1 for any colour)."""
    return BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else WHITE
