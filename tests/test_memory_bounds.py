"""Memory that stops growing with sessions (issue 22): the caches every session's pictures fill are byte budgets
sized for a class, Streamlit's `st.cache_data` has one too, the server limits glibc's arenas, and the soak
benchmark reads its curve right. The soak itself (`benchmarks/soak.py`, 2,000 sessions) is the measurement."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import soak  # noqa: E402

from app_state import cache  # noqa: E402
from scripts import serve  # noqa: E402

SHARE = 224 * 2**20  # what the caches that fill with sessions may hold together (the soak's plateau rests on it)


def page_constant(page: str, name: str) -> int:
    """A module-level constant of a page, read from its source (a page runs when imported)."""
    tree = ast.parse((ROOT / "app_pages" / f"{page}.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return int(eval(compile(ast.Expression(node.value), page, "eval"), {}))  # a number written as a sum
    raise LookupError(name)


def cache_data_budget() -> int | None:
    """`server.maxCacheDataSize` of the app's `.streamlit/config.toml`, in bytes, as Streamlit reads it."""
    from streamlit.byte_util import config_max_cache_data_size_to_bytes

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    return config_max_cache_data_size_to_bytes(config["server"].get("maxCacheDataSize"))


def test_the_caches_that_fill_with_sessions_add_up_to_their_share() -> None:
    maps, pictures, data = page_constant("feature_maps", "MAPS_CACHE_BYTES"), cache.RENDERS_BYTES, cache_data_budget()
    assert data is not None and data > 0  # st.cache_data of every page is byte-budgeted, not just counted
    assert maps + pictures + data <= SHARE


def test_the_maps_cache_keeps_a_class_of_pictures_not_a_day() -> None:
    from cnnviz.analysis import activations
    from cnnviz.core import budget
    from cnnviz.train import checkpoints

    model, _ = checkpoints.load(str(ROOT / "checkpoints" / "fashion_cnn_fashion.keras"))  # the default model
    limit = page_constant("feature_maps", "MAPS_CACHE_BYTES")
    kept = budget.ByteBudgetCache(limit)
    pictures = np.random.default_rng(0).random((500, 1, 28, 28, 1), dtype=np.float32)  # a day's uploads
    for i, x in enumerate(pictures):
        found = activations.maps_within_budget(model, x)
        assert found.complete
        kept.put(i, found, found.nbytes)  # as the page does
    assert kept.total_bytes <= limit
    assert 60 <= len(kept) < 500 and 499 in kept  # two pictures for each of 30 students, the newest first


def test_the_server_limits_glibcs_arenas_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc only")
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert serve.limit_arenas()
    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert not serve.limit_arenas()  # glibc read the variable itself at start


def test_soak_slope_is_least_squares_in_mb_per_100_sessions() -> None:
    def point(sessions: int, mb: float) -> soak.Point:
        return soak.Point(sessions, int(mb * 2**20), {})

    rising = [point(n, 800 + 0.05 * n) for n in range(0, 2001, 100)]  # 5 MB per 100 sessions
    assert soak.slope_per_100(rising) == pytest.approx(5.0)
    flat = [point(n, 950 + (3 if n % 200 else -3)) for n in range(1000, 2001, 100)]  # noise around a plateau
    assert abs(soak.slope_per_100(flat)) < 0.5
    assert [p.sessions for p in soak.last_half(rising, 2000)][0] == 1000
    assert soak.slope_per_100(rising[:1]) == 0.0
