"""Crafted share links: every page, every shared key, values a link should never carry.

Each bad value must fall back to the page's default view with a short note (in the link's language
when that part is valid), never an exception, and never leave the session unusable for the next run.
"""

from __future__ import annotations

import pytest
from helpers import open_page
from streamlit.testing.v1 import AppTest

from cnnviz.core import i18n

PAGES = ("home", "architecture", "train", "weights", "kernels", "feature_maps", "evaluate")
LAYER_PAGES = {"architecture", "weights", "kernels", "feature_maps"}  # the pages that pick a layer
HUGE = str(10**30)
# Three crafted links per page; together they give every key a non-ASCII digit, a negative, a huge
# number, an unknown name and a path-like value. The layer is text, so only a page that lists layers
# can find it unusable (and say so); elsewhere it waits unused, harmlessly.
LINKS = {
    "digits": {"model": "²", "dataset": "٣", "layer": "²", "sample": "²", "lang": "٣"},
    "numbers": {"model": "-1", "dataset": HUGE, "layer": "-1", "sample": "-1", "lang": HUGE},
    "names": {"model": "ckpt:../../etc/passwd", "dataset": "../../etc/passwd", "layer": "../../etc/passwd",
              "sample": HUGE, "lang": "klingon"},
}
_baselines: dict[str, AppTest] = {}


def baseline(page: str) -> AppTest:
    if page not in _baselines:
        _baselines[page] = open_page(page)
    return _baselines[page]


def note(key: str, lang: str = "en") -> str:
    return i18n.t("url.unusable", lang, name=key)


def view(app: AppTest) -> dict[str, object]:
    """What the link chooses: the sidebar's pickers, and the page's layer and sample when it has them."""
    shown = {key: app.sidebar.selectbox(key=key).value for key in ("lang", "model", "dataset")}
    shown |= {box.key: box.value for box in app.main.selectbox if box.key == "layer"}
    shown |= {box.key: box.value for box in app.main.number_input if box.key == "sample"}
    return shown


@pytest.mark.parametrize("link", LINKS)
@pytest.mark.parametrize("page", PAGES)
def test_crafted_link_shows_the_default_view_with_a_note(page: str, link: str) -> None:
    app = open_page(page, **LINKS[link])
    assert view(app) == view(baseline(page))
    notes = {i.value for i in app.info}
    for key in ("model", "dataset", "sample", "lang"):
        assert note(key) in notes, (key, notes)
    assert (note("layer") in notes) == (page in LAYER_PAGES)
    assert not any(note(key) in i.value for i in baseline(page).info for key in LINKS[link])


def test_notes_speak_the_links_language_when_that_part_is_valid() -> None:
    app = open_page("kernels", lang="ko", model="zoo:../../x", layer="nope")
    assert app.sidebar.selectbox(key="lang").value == "ko"
    notes = {i.value for i in app.info}
    assert note("model", "ko") in notes and note("layer", "ko") in notes
    assert "기본값" in note("model", "ko")


def test_valid_link_values_are_kept_without_a_note() -> None:
    app = open_page("feature_maps", model="ckpt:fashion_cnn_digits", dataset="digits", layer="conv2",
                   sample="3", lang="ko")
    assert app.number_input(key="sample").value == 3 and app.session_state["layer"] == "conv2"
    assert app.sidebar.selectbox(key="model").value == "ckpt:fashion_cnn_digits"
    assert not any("링크" in i.value for i in app.info)


@pytest.mark.parametrize("sample", ["-1", "abc", "²", "٣", "99999", HUGE, "3.5", " 3"])
def test_bad_sample_never_poisons_the_session(sample: str) -> None:
    default = baseline("feature_maps").number_input(key="sample").value
    app = open_page("feature_maps", sample=sample)
    assert app.number_input(key="sample").value == default
    assert note("sample") in {i.value for i in app.info}
    app.run()  # a plain rerun, as any click makes
    assert not app.exception and app.number_input(key="sample").value == default
    assert note("sample") not in {i.value for i in app.info}  # said once, not on every click
    app.number_input(key="sample").set_value(5).run()
    assert not app.exception and not app.error
    assert app.number_input(key="sample").value == 5
    assert "Test image 5 of" in " ".join(c.value for c in app.caption)
