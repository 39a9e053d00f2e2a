"""The byte-budget cache evicts least recently used values by bytes, worked out by hand."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import pytest

from cnnviz.core import budget


def array(n_bytes: int) -> np.ndarray:
    return np.zeros(n_bytes, dtype=np.uint8)


def test_least_recently_used_values_go_first_until_the_total_fits() -> None:
    cache = budget.ByteBudgetCache(100)
    assert cache.put("a", array(40)) and cache.put("b", array(40))
    assert cache.total_bytes == 80
    assert cache.get("a") is not None  # "a" is now the most recently used: "b" is the oldest
    cache.put("c", array(40))  # 120 > 100: "b" goes, 80 stay
    assert cache.keys() == ["a", "c"] and cache.total_bytes == 80
    cache.put("d", array(70))  # 150 > 100: "a" goes (110), then "c" (70)
    assert cache.keys() == ["d"] and cache.total_bytes == 70
    assert cache.get("b") is None and "b" not in cache and len(cache) == 1


def test_a_value_bigger_than_the_budget_is_not_kept_and_evicts_nothing() -> None:
    cache = budget.ByteBudgetCache(100)
    cache.put("small", array(30))
    assert not cache.put("huge", array(101))
    assert cache.keys() == ["small"] and cache.total_bytes == 30
    assert cache.put("exact", array(70)) and cache.total_bytes == 100


def test_storing_a_key_again_replaces_its_size() -> None:
    cache = budget.ByteBudgetCache(100)
    cache.put("a", array(60))
    cache.put("a", array(10))
    assert cache.total_bytes == 10 and len(cache) == 1
    cache.put("a", array(500))  # too big now: the old value is dropped, not kept stale
    assert "a" not in cache and cache.total_bytes == 0


def test_get_or_compute_computes_once() -> None:
    cache = budget.ByteBudgetCache(1000)
    calls = []

    def compute() -> np.ndarray:
        calls.append(1)
        return array(8)

    first = cache.get_or_compute(("model", "digest"), compute)
    assert cache.get_or_compute(("model", "digest"), compute) is first
    assert len(calls) == 1


@dataclass(frozen=True)
class _View:
    maps: dict
    probabilities: np.ndarray | None
    name: str


def test_nbytes_counts_arrays_in_mappings_sequences_and_dataclasses() -> None:
    maps = {"conv": np.zeros((4, 4, 2), np.float32), "pool": np.zeros((2, 2, 2), np.float32)}  # 128 + 32
    assert budget.nbytes(maps) == 160
    assert budget.nbytes((maps, np.zeros(10, np.float64), "text", 3)) == 240
    assert budget.nbytes(_View(maps, np.zeros(5, np.float32), "x")) == 180
    assert budget.nbytes(_View(maps, None, "x")) == 160


def test_megabytes_for_the_screen() -> None:
    assert budget.megabytes(5 * 1024 * 1024 * 64 * 4) == "1,280 MB"
    assert budget.megabytes(384 * 2**20) == "384 MB"
    assert budget.megabytes(188_160) == "0.2 MB"  # 188,160 / 1,048,576 = 0.179


def test_the_total_stays_within_budget_under_threads() -> None:
    cache = budget.ByteBudgetCache(1000)

    def worker(offset: int) -> None:
        for i in range(200):
            cache.put((offset, i), array(37))
            cache.get((offset, i - 3))

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cache.total_bytes == 37 * len(cache) <= 1000
    assert len(cache) == 1000 // 37


def test_a_negative_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="max_bytes"):
        budget.ByteBudgetCache(-1)


def test_uploaded_image_sets_share_one_byte_budget(tmp_path) -> None:
    """The zip datasets of all sessions stay under one budget: the least recently used set goes first."""
    import io
    import zipfile

    from PIL import Image

    from app_state import cache

    def zip_of(colour: str) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for label in ("a", "b"):
                for i in range(10):
                    image = io.BytesIO()
                    Image.new("RGB", (8, 8), colour).save(image, format="PNG")
                    archive.writestr(f"set/{label}/{i}.png", image.getvalue())
        return buffer.getvalue()

    store = cache._zip_datasets()
    store.clear()
    first = cache.zip_dataset("d1", zip_of("red"), "red.zip")
    assert cache.zip_dataset("d1", b"not read again", "red.zip") is first  # decoded once
    size = budget.nbytes(first)
    assert size == 20 * 64 * 64 * 3 * 4 + first.y_train.nbytes + first.y_val.nbytes + first.y_test.nbytes
    store.max_bytes = int(size * 1.5)  # room for one set only
    cache.zip_dataset("d2", zip_of("blue"), "blue.zip")
    assert store.get(("d1", "red.zip")) is None and store.get(("d2", "blue.zip")) is not None
