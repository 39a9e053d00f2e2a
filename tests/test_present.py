"""Presenter mode (app_state/present.py): the link's values, the style sheet, and the app run with them."""

from __future__ import annotations

import json

import pytest
from helpers import app_test

from app_state import present


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("0", False), (None, None), ("", None),
                                               ("yes", None), ("11", None), (" 1", None)])
def test_present_value_takes_only_1_or_0(raw: str | None, expected: bool | None) -> None:
    assert present.present_value(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("sidebar,controls,code", ("sidebar", "controls", "code")),
    ("code, SIDEBAR ,sidebar,,bogus", ("sidebar", "code")),
    ("<script>", ()),
    (None, ()),
    ("sidebar," * 40, ()),  # longer than any list of flags
])
def test_hide_flags_keeps_known_flags_once(raw: str | None, expected: tuple[str, ...]) -> None:
    assert present.hide_flags(raw) == expected


def test_css_sizes_text_only_when_presenting_and_hides_what_is_asked() -> None:
    plain = present.css(False, set())  # every view: the focus ring, and nothing hidden but the language's script
    assert "focus-visible" in plain and "font-size" not in plain
    assert plain.count("display: none") == 1 and present.LANGUAGE_KEY in plain
    sheet = present.css(True, set())
    assert f"font-size: {present.BODY_PX}px" in sheet and sheet.count("display: none") == 1
    assert present.BODY_PX * 0.875 >= 16  # Streamlit's smallest common text (captions, labels) is 0.875 rem
    hidden = present.css(False, {"sidebar", "code"})
    assert "[data-testid=stSidebar]" in hidden and "stDownloadButton" in hidden and "stSelectbox" not in hidden
    assert "font-size" not in hidden


def test_a_presenter_link_turns_the_mode_on_and_stays_in_the_url() -> None:
    app = app_test()
    app.query_params["present"] = "1"
    app.query_params["hide"] = "code,bogus"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    toggle = app.sidebar.toggle(key="present")
    assert toggle.value is True
    assert app.query_params["present"] == "1" and app.query_params["hide"] == "code"
    toggle.set_value(False).run()
    assert "present" not in app.query_params and app.query_params["hide"] == "code"


def test_a_bad_present_value_is_ignored() -> None:
    app = app_test()
    app.query_params["present"] = "maybe"
    app.run()
    assert not app.exception and not app.error
    assert app.sidebar.toggle(key="present").value is False and "present" not in app.query_params


@pytest.mark.parametrize("page", ["train", "evaluate", "feature_maps"])
def test_pages_run_in_presenter_mode(page: str) -> None:
    from helpers import page_test

    app = page_test(page)
    app.session_state["present"] = True
    app.run()
    assert not app.exception and not app.error, [e.value for e in [*app.exception, *app.error]]
    if page == "train":  # the settings fold into one collapsed expander
        assert any(e.label == "Settings" for e in app.expander)
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    if page != "train":  # no run yet, so no curves on Train
        assert charts and all(c["layout"]["font"]["size"] == 22 for c in charts)  # 12 px × 1.8
    if page == "feature_maps":  # the percentages on the probability bars
        assert charts[0]["data"][0]["textfont"]["size"] == 22
