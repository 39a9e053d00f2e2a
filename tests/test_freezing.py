"""cnnviz/freezing.py against independent references: VGG16's published size, hand sums, Keras's own fit."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError
from cnnviz.models import zoo
from cnnviz.train import freezing

# VGG16's 13 conv layers (Simonyan & Zisserman, configuration D): (block, in channels, out channels)
VGG16_CONVS = [(1, 3, 64), (1, 64, 64), (2, 64, 128), (2, 128, 128), (3, 128, 256), (3, 256, 256),
               (3, 256, 256), (4, 256, 512), (4, 512, 512), (4, 512, 512), (5, 512, 512), (5, 512, 512),
               (5, 512, 512)]


def conv_params(blocks: set[int]) -> int:
    """3×3 kernels plus biases, by hand, for the conv layers of `blocks`."""
    return sum(3 * 3 * cin * cout + cout for block, cin, cout in VGG16_CONVS if block in blocks)


@pytest.fixture(scope="module")
def model() -> keras.Model:
    return zoo.build_model("vgg16_transfer", (28, 28, 1), 10, weights=None)


def test_the_base_has_vggs_published_size(model: keras.Model) -> None:
    assert conv_params({1, 2, 3, 4, 5}) == freezing.VGG16_BASE_PARAMS == 14_714_688
    assert freezing.vgg_base(model).count_params() == freezing.VGG16_BASE_PARAMS
    assert len(freezing.conv_layers(model)) == len(VGG16_CONVS) == 13


@pytest.mark.parametrize("frozen", range(freezing.BLOCKS + 1))
def test_a_plan_freezes_exactly_its_blocks(model: keras.Model, frozen: int) -> None:
    plan = freezing.freeze_plan(model, frozen)
    head = 512 * 10 + 10  # Flatten of 1×1×512, Dense 10
    counts = freezing.trainable_counts(plan)
    assert counts.non_trainable == conv_params(set(range(1, frozen + 1)))
    assert counts.trainable == conv_params(set(range(frozen + 1, 6))) + head
    assert counts.total == plan.count_params()
    by_hand = sum(int(np.prod(w.shape)) for layer in freezing.vgg_base(plan).layers
                  for w in layer.trainable_weights)
    assert by_hand == conv_params(set(range(frozen + 1, 6)))
    expected = [f"block{b}_conv{i}" for b, n in ((1, 2), (2, 2), (3, 3), (4, 3), (5, 3)) if b > frozen
                for i in range(1, n + 1)]
    assert list(freezing.trainable_conv_layers(plan)) == expected
    clone = keras.models.clone_model(plan)  # what training.train trains: the flags must survive cloning
    assert freezing.trainable_counts(clone) == counts
    assert np.array_equal(plan.get_weights()[0], model.get_weights()[0])  # same starting weights


def test_frozen_blocks_do_not_change_in_keras_fit(model: keras.Model) -> None:
    plan = freezing.freeze_plan(model, 3)
    plan.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    before = {name: plan.get_layer("vgg16").get_layer(name).kernel.numpy().copy()
              for name in ("block3_conv3", "block4_conv1")}
    rng = np.random.default_rng(0)
    plan.fit(rng.random((8, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, 8), epochs=1, verbose=0)
    base = plan.get_layer("vgg16")
    assert np.array_equal(base.get_layer("block3_conv3").kernel.numpy(), before["block3_conv3"])
    assert not np.array_equal(base.get_layer("block4_conv1").kernel.numpy(), before["block4_conv1"])
    assert freezing.trainable_counts(model).trainable == 5130  # the original untouched: the zoo's frozen base


def test_bad_plans_get_messages(model: keras.Model) -> None:
    with pytest.raises(CnnvizError) as err:
        freezing.freeze_plan(model, 6)
    assert err.value.text("ko") == i18n.t("error.lab_freeze_blocks", "ko", value=6, most=5)
    with pytest.raises(CnnvizError, match="no VGG16 base"):
        freezing.freeze_plan(zoo.build_model("lenet5"), 1)
    with pytest.raises(CnnvizError, match="at least one plan"):
        freezing.compare_freezing(data.load_dataset("shapes"), plans=())


def test_quadrant_gives_the_chapters_advice() -> None:
    assert freezing.QUADRANT["small", "similar"][0] == freezing.BLOCKS  # feature extraction
    assert freezing.QUADRANT["large", "different"][0] == 0  # fine-tune everything
    table = freezing.quadrant_table("ko")
    assert table.shape == (2, 2)
    assert table.loc[i18n.t("lab.freeze.similarity_similar", "ko"), i18n.t("lab.freeze.size_small", "ko")] \
        .endswith(i18n.t("lab.freeze.plan_all", "ko"))


@pytest.mark.slow
def test_compare_freezing_trains_each_plan_from_the_same_start() -> None:
    ds = data.load_dataset("fashion_mnist_sample")
    runs = freezing.compare_freezing(ds, plans=(5, 4), epochs=1, limit=40, weights=None)
    assert [run.frozen_blocks for run in runs] == [5, 4]
    assert all(run.random_weights for run in runs)
    assert runs[0].counts.trainable == 5130 and runs[1].counts.trainable == conv_params({5}) + 5130
    for run in runs:
        assert len(run.seconds) == 1 and run.seconds[0] > 0
        assert 0.0 <= run.final_val_accuracy <= 1.0
        assert run.history["epoch"] == [1.0]


def test_weights_that_cannot_be_had_are_flagged_as_random(tmp_path: object) -> None:
    ds = data.load_dataset("shapes")
    _, random_weights = freezing.starting_model(ds, weights=str(tmp_path / "missing.h5"))  # Keras fails here
    assert random_weights  # as when the ImageNet download fails offline: zoo warns, freezing notices
    assert freezing.starting_model(ds, weights=None)[1]
