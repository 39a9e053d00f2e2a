"""The theme's colours meet WCAG 2.1 AA contrast, by the WCAG formula written out here.

Streamlit's light theme draws body text in `textColor`, captions and widget help in `textColor` at 60% opacity
(its `fadedText60`: #828180 on white with the default text colour, 3.88:1, which axe-core flagged on 12 pages),
slider values and links in `primaryColor`, on white or the sidebar's #F0F2F6. The browser test
(tests/test_e2e_a11y.py) measures the drawn page with axe-core; this one fails fast on a theme edit.
"""

from __future__ import annotations

import tomllib

import pytest
from helpers import ROOT

from app_state import present

WHITE, SIDEBAR = "#FFFFFF", "#F0F2F6"  # Streamlit's light background and secondaryBackgroundColor
CAPTION_OPACITY = 0.6  # fadedText60


def theme() -> dict[str, str]:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]


def rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(colour: tuple[float, float, float]) -> float:
    """WCAG 2.1 relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(front: tuple[float, float, float], back: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(front), luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def over(front: tuple[float, float, float], back: tuple[float, float, float], alpha: float) -> tuple:
    return tuple(alpha * f + (1 - alpha) * b for f, b in zip(front, back, strict=True))


def test_the_formula_on_published_pairs() -> None:
    assert contrast(rgb("#000000"), rgb("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(rgb("#767676"), rgb("#FFFFFF")) == pytest.approx(4.54, abs=0.01)  # the lightest AA grey
    assert contrast(rgb("#828180"), rgb("#FFFFFF")) == pytest.approx(3.88, abs=0.01)  # what axe-core measured


@pytest.mark.parametrize("background", [WHITE, SIDEBAR])
def test_text_captions_and_the_primary_colour_reach_4_5_to_1(background: str) -> None:
    colours = theme()
    back = rgb(background)
    text, primary = rgb(colours["textColor"]), rgb(colours["primaryColor"])
    assert contrast(text, back) >= 4.5
    assert contrast(over(text, back, CAPTION_OPACITY), back) >= 4.5, "captions"
    assert contrast(primary, back) >= 4.5, "slider values and links"
    # the old theme did not: Streamlit's default text colour gave captions under 4.5:1
    assert contrast(over(rgb("#31333F"), back, CAPTION_OPACITY), back) < 4.5


def test_the_focus_ring_is_the_primary_colour_and_stands_out() -> None:
    assert present.FOCUS_COLOUR.upper() == theme()["primaryColor"].upper()
    for background in (WHITE, SIDEBAR):
        assert contrast(rgb(present.FOCUS_COLOUR), rgb(background)) >= 3.0  # WCAG 1.4.11, non-text contrast
    assert any("focus-visible" in rule and present.FOCUS_COLOUR in rule for rule in present.FOCUS_RULES)
