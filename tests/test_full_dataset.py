"""The real full-Fashion-MNIST path, once: Keras's own loader on the shared files, cnnviz beside it, the shipped
checkpoint's figure, and the pages that switch from the built-in sample to the 10,000 test images.

The four files in ../shared/data/fashion_mnist/ (never committed) are copied into a temporary KERAS_HOME, never
the user's home; nothing is downloaded. Every other test keeps the suite's empty Keras home (conftest.py), so
the shipped checkpoint shows on its built-in stand-in there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
from helpers import open_page

from app_state import cache
from cnnviz import data
from cnnviz.train import checkpoints

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "fashion_mnist"
SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"
FIRST_TEST_LABELS = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]  # published with the set (and in the shared README)

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is missing (CI has ../shared beside)")

KERAS_LOADS = """
import json, sys
import numpy as np
import keras
(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
np.save(sys.argv[1], x_test)
np.save(sys.argv[2], y_test)
print(json.dumps({"train": list(x_train.shape), "test": list(x_test.shape), "dtype": str(x_train.dtype),
                  "train_counts": np.bincount(y_train).tolist(), "test_counts": np.bincount(y_test).tolist(),
                  "first": y_test[:10].tolist(), "mean": float(x_train.mean())}))
"""


@pytest.fixture(scope="module")
def full_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary Keras home holding the full set, as a first download would leave it."""
    home = tmp_path_factory.mktemp("keras-home")
    folder = data.fill_cache("fashion_mnist", SHARED, home)
    assert folder == home / "datasets" / "fashion-mnist" and len(list(folder.glob("*.gz"))) == 4
    return home


@pytest.fixture
def with_full(full_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KERAS_HOME", str(full_home))
    yield full_home
    cache.dataset.clear()  # 200 MB of images: not kept for the rest of the suite


def test_keras_loads_the_shared_full_set_offline(full_home: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # Keras reads KERAS_HOME once, at import: its own loader runs in a process of its own, offline.
    x_path, y_path = tmp_path / "x_test.npy", tmp_path / "y_test.npy"
    env = {**os.environ, "KERAS_HOME": str(full_home), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", KERAS_LOADS, str(x_path), str(y_path)], env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["train"] == [60_000, 28, 28] and found["test"] == [10_000, 28, 28] and found["dtype"] == "uint8"
    assert found["train_counts"] == [6_000] * 10 and found["test_counts"] == [1_000] * 10
    assert found["first"] == FIRST_TEST_LABELS
    assert found["mean"] == pytest.approx(72.94, abs=0.005)  # the shared README's figure
    # cnnviz reads the same cache with its own IDX reader: the same pictures and labels, scaled to [0, 1].
    monkeypatch.setenv("KERAS_HOME", str(full_home))
    assert data.stand_in("fashion_mnist") is None
    ds = data.load_dataset("fashion_mnist", val_fraction=0.2)
    x_test, y_test = np.load(x_path), np.load(y_path)
    np.testing.assert_array_equal(ds.y_test, y_test)
    np.testing.assert_array_equal(np.rint(ds.x_test[..., 0] * 255).astype(np.uint8), x_test)
    assert (len(ds.y_train), len(ds.y_val), len(ds.y_test)) == (48_000, 12_000, 10_000)  # the course's split
    assert np.bincount(ds.y_val).tolist() == [1_200] * 10  # held out per class
    assert data.featured_sample(ds) == 0  # the first test image is the ankle boot the course opens on


def test_without_the_download_the_sample_stands_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert data.stand_in("fashion_mnist") == "fashion_mnist_sample"
    assert data.stand_in("digits") is None and data.stand_in("mnist") is None  # no stand-in: shown as is


def test_the_shipped_checkpoint_scores_its_figure_on_the_full_test_set(with_full: Path) -> None:
    model, meta = checkpoints.load(SHIPPED)
    ds = data.load_dataset("fashion_mnist")
    assert meta.dataset == "fashion_mnist" and meta.hyperparameters["val_fraction"] == 0.2
    # Keras's own evaluate is the reference for the stored figure.
    scores = model.evaluate(ds.x_test, ds.y_test, batch_size=500, verbose=0, return_dict=True)
    assert meta.final_metrics["test_accuracy"] == pytest.approx(scores["accuracy"], abs=1e-4)
    assert scores["accuracy"] >= 0.91
    predicted = model.predict(ds.x_test, batch_size=500, verbose=0).argmax(axis=1)
    per_class = [float(np.mean(predicted[ds.y_test == k] == k)) for k in range(10)]
    assert min(per_class) == per_class[data.FASHION_CLASSES.index("Shirt")]  # the class every CNN finds hardest
    # its story says what it learnt from: the course's 48,000 / 12,000 split, tested on 10,000
    assert meta.story["parts"][0] == {"key": "story.data", "values": {"train": 48_000, "val": 12_000,
                                                                      "test": 10_000}}
    assert keras.backend.image_data_format() == "channels_last"


def test_evaluate_uses_the_full_test_set_when_it_is_there(with_full: Path) -> None:
    app = open_page("evaluate")
    shown = {m.label: m.value for m in app.metric}
    _, meta = checkpoints.load(SHIPPED)
    assert shown["Test accuracy"] == f"{meta.final_metrics['test_accuracy']:.2%}"
    assert not [c for c in app.caption if "built-in sample" in c.value]


def test_evaluate_says_it_uses_the_sample_offline() -> None:
    app = open_page("evaluate")  # the suite's empty Keras home: no full set
    notes = [c.value for c in app.caption if "built-in sample" in c.value]
    sample = data.load_dataset("fashion_mnist_sample")
    assert notes and f"the {len(sample.y_test)} test images" in notes[0]
    korean = open_page("evaluate", lang="ko")
    assert any(f"테스트 이미지 {len(sample.y_test)}장" in c.value for c in korean.caption)
