"""cnnviz.core.palette: WCAG contrast against published figures, text colours, one style per class."""

from __future__ import annotations

import pytest

from cnnviz.core import palette


@pytest.mark.parametrize("first, second, ratio", [
    ("#000000", "#FFFFFF", 21.0),  # the largest contrast there is
    ("#767676", "#FFFFFF", 4.54),  # WebAIM's darkest grey that passes AA on white
    ("#777777", "#FFFFFF", 4.48),  # ... and the next one, which fails
    ("#FFFFFF", "#FFFFFF", 1.0),
])
def test_contrast_ratio_matches_webaims_checker(first: str, second: str, ratio: float) -> None:
    assert palette.contrast_ratio(first, second) == pytest.approx(ratio, abs=0.005)
    assert palette.contrast_ratio(second, first) == palette.contrast_ratio(first, second)


def test_text_on_any_colour_reaches_4_5_to_1() -> None:
    # every grey step and every colour the palette has: black or white text, whichever is readable
    colours = [f"#{v:02X}{v:02X}{v:02X}" for v in range(256)]
    colours += [*palette.SERIES, *palette.CLASSES, palette.HIT, palette.MISTAKE, palette.MUTED]
    for background in colours:
        assert palette.contrast_ratio(palette.text_on(background), background) >= 4.5, background
    assert palette.text_on("#0072B2") == palette.WHITE and palette.text_on("#E69F00") == palette.BLACK


def test_every_one_of_a_hundred_classes_has_its_own_colour_and_marker() -> None:
    styles = [palette.class_style(k) for k in range(100)]
    assert len(set(styles)) == 100
    assert [shape for _, shape in styles[:10]] == list(palette.MARKERS)
    assert palette.MISTAKE_MARKER not in palette.MARKERS


def test_a_colour_is_written_rrggbb() -> None:
    with pytest.raises(ValueError, match="#RRGGBB"):
        palette.relative_luminance("#FFF")
