"""`make checkpoints` reproduces what ships: the script retrains a shipped checkpoint from a clean state and
compares it with the file in checkpoints/ (`--check` writes only to a temporary folder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cnnviz.train import checkpoints
from scripts import make_checkpoints

ROOT = Path(__file__).resolve().parents[1]


def test_the_list_names_every_shipped_checkpoint(capsys: pytest.CaptureFixture[str]) -> None:
    assert make_checkpoints.main(["--list"]) == 0
    listed = capsys.readouterr().out.split()
    assert sorted(listed) == sorted(p.stem for p in (ROOT / "checkpoints").glob("*.keras"))


@pytest.mark.slow
def test_a_rebuild_matches_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = sorted((ROOT / "checkpoints").iterdir())
    stamps = [p.stat().st_mtime_ns for p in shipped]
    assert make_checkpoints.main(["--check", "lenet5_shapes"]) == 0  # above its accuracy floor
    out = capsys.readouterr().out
    found = re.search(r"largest weight difference (\S+), test accuracy ([+-]\S+)", out)
    assert found, out
    # Same seed, same recipe: on the machine that built it the weights are bit-identical; another CPU's
    # kernels may round differently, which over 30 epochs moves the accuracy by float noise only.
    assert abs(float(found.group(2))) <= 0.02, out
    kept = checkpoints.replay_epochs(ROOT / "checkpoints" / "lenet5_shapes.keras")
    assert len(kept) > 1 and f"epoch replay: {len(kept)} epochs kept" in out  # the shipped replay, made again
    assert [p.stat().st_mtime_ns for p in shipped] == stamps  # nothing in checkpoints/ was touched
