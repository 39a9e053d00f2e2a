"""The websocket load generator (benchmarks/ws_load.py) against a real server: it drives sessions and counts
errors. Not a timing test: the figures themselves are the benchmark's to print."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import ws_load  # noqa: E402
from e2e_server import streamlit_server  # noqa: E402


def test_user_key_read_back_from_element_id() -> None:
    assert ws_load.user_key("$$ID-0123abcd-fm_source") == "fm_source"
    assert ws_load.user_key("$$ID-0123abcd-ex-class") == "ex-class"  # keys may hold dashes
    assert ws_load.user_key("$$ID-0123abcd-None") is None  # a widget without a key
    assert ws_load.user_key("plain") is None


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20: the 95th percentile by nearest rank is the 19th value
    assert ws_load.percentile(values, 95) == 19.0
    assert ws_load.percentile(values, 50) == 10.0
    assert ws_load.percentile([3.0], 95) == 3.0


def test_summary_counts_failed_sessions_and_views() -> None:
    views = [ws_load.View(0, "a", 1.0), ws_load.View(0, "b", 3.0), ws_load.View(1, "a", errors=["boom"])]
    result = ws_load.summary(views, 2)
    assert result["served"] == 1 and result["views"] == 2 and result["errors"] == ["boom"]
    assert result["figures"]["all"] == (2, 2.0, 3.0, 3.0)


@pytest.fixture(scope="module")
def url():
    with streamlit_server(serve=True, timeout=180) as address:
        yield address


def test_sessions_finish_and_a_bad_request_counts_as_an_error(url: str) -> None:
    # Sessions 0 and 2 change the sample, 1 uploads a PNG, 3 asks for a page that does not exist.
    views, in_time = asyncio.run(ws_load.drive(url, 4, 0, 300, 2, 120, bad_sessions=[3]))
    assert in_time
    by_session = {i: [v for v in views if v.session == i] for i in range(4)}
    for i in range(3):
        assert by_session[i] and not [v.errors for v in by_session[i] if v.errors]
        assert all(v.seconds is not None and v.seconds > 0 for v in by_session[i])
    assert [v.kind for v in by_session[0]] == ["feature maps", "another sample", "explain"]
    assert [v.kind for v in by_session[1]] == ["feature maps", "upload source", "upload", "explain"]
    shown = {v.kind: v.media for v in by_session[1]}
    assert shown["upload source"] == 0  # the upload prompt: no picture yet
    assert shown["upload"] > 0 and shown["explain"] > 0  # the uploaded picture's maps, then its explanations
    assert all(v.media > 0 for v in by_session[0])
    [bad] = by_session[3]
    assert bad.seconds is None and len(bad.errors) == 1 and "page not found" in bad.errors[0]
    result = ws_load.summary(views, 4)
    assert result["served"] == 3 and len(result["errors"]) == 1


def test_meter_reads_the_server_process(url: str) -> None:
    meter = ws_load.ServerMeter(ws_load.server_pid(url))
    meter.start()
    asyncio.run(ws_load.drive(url, 1, 0, 120, 0, 120))
    meter.stop()
    meter.join(timeout=2)
    assert meter.cpu > 0  # the server did the work of one session's views
    assert meter.peak > 200 * 2**20  # TensorFlow and a model are resident: far more than an idle Python
