"""The warm-up: it fills the same caches the pages read, never raises, and can be turned off."""

from __future__ import annotations

import pytest

from app_pages import _current, _warmup
from cnnviz.analysis import activations


def test_warm_up_loads_the_default_model_and_traces_its_forward_pass() -> None:
    _warmup._warm()
    assert _warmup.DONE.is_set()
    assert set(_warmup.TIMINGS) == {"import tensorflow and keras", "load the default checkpoint",
                                    "load its dataset and layer table", "trace the forward pass"}
    current = _current.default_model()
    assert current is not None and current.label == _current.DEFAULT_CHECKPOINT
    # the page's cache now answers with the very objects the warm-up loaded
    assert _current.default_model().model is current.model
    assert current.model in activations._EXTRACTORS
    assert _current.layer_rows(current) is _current.layer_rows(current)


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(_current, "default_model", broken)
    _warmup.DONE.clear()
    _warmup._warm()  # must not raise
    assert _warmup.DONE.is_set()


@pytest.mark.parametrize("value, on", [("0", False), ("off", False), ("false", False), ("1", True), ("", True)])
def test_the_switch(monkeypatch: pytest.MonkeyPatch, value: str, on: bool) -> None:
    monkeypatch.setenv("CNNVIZ_WARMUP", value)
    assert _warmup.enabled() is on


def test_start_does_nothing_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNVIZ_WARMUP", "0")
    assert _warmup.start() is False
