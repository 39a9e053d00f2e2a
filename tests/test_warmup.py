"""The warm-up: it fills the same caches the pages read, never raises, and can be turned off."""

from __future__ import annotations

import pytest

from app_state import current as app_current
from app_state import warmup
from cnnviz.analysis import activations


def test_warm_up_loads_the_default_model_and_traces_its_forward_pass() -> None:
    warmup._warm()
    assert warmup.DONE.is_set()
    assert set(warmup.TIMINGS) == {"import tensorflow and keras", "load the default checkpoint",
                                    "load its dataset and layer table", "trace the forward pass"}
    current = app_current.default_model()
    assert current is not None and current.label == app_current.DEFAULT_CHECKPOINT
    # the page's cache now answers with the very objects the warm-up loaded
    assert app_current.default_model().model is current.model
    assert current.model in activations._EXTRACTORS
    assert app_current.layer_rows(current) is app_current.layer_rows(current)


def test_a_failing_warm_up_is_logged_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(app_current, "default_model", broken)
    warmup.DONE.clear()
    warmup._warm()  # must not raise
    assert warmup.DONE.is_set()


@pytest.mark.parametrize("value, on", [("0", False), ("off", False), ("false", False), ("1", True), ("", True)])
def test_the_switch(monkeypatch: pytest.MonkeyPatch, value: str, on: bool) -> None:
    monkeypatch.setenv("CNNVIZ_WARMUP", value)
    assert warmup.enabled() is on


def test_start_does_nothing_when_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNVIZ_WARMUP", "0")
    assert warmup.start() is False
