"""Kernels, their freshly initialised twins, statistics and histograms (shared bins, across epochs)."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz.analysis import weights
from cnnviz.core.errors import ModelError
from cnnviz.models import zoo


@pytest.fixture(scope="module")
def fashion() -> keras.Model:
    return zoo.build_model("fashion_cnn")


@pytest.fixture(scope="module")
def vgg() -> keras.Model:
    return zoo.build_model("vgg16_transfer", input_shape=(32, 32, 3), num_classes=2, weights=None)


def test_weight_and_conv_layers_of_fashion_cnn(fashion: keras.Model) -> None:
    assert weights.weight_layers(fashion) == ["conv1", "conv2", "dense", "predictions"]
    assert weights.conv_layers(fashion) == ["conv1", "conv2"]


def test_nested_layers_have_qualified_names(vgg: keras.Model) -> None:
    convs = weights.conv_layers(vgg)
    assert len(convs) == 13
    assert convs[0] == "vgg16/block1_conv1" and convs[-1] == "vgg16/block5_conv3"
    assert weights.weight_layers(vgg) == [*convs, "predictions"]
    assert weights.kernel(vgg, "vgg16/block1_conv1").shape == (3, 3, 3, 64)
    assert weights.kernel(vgg, "vgg16/block5_conv3").shape == (3, 3, 512, 512)


def test_kernel_is_the_layers_own_kernel(fashion: keras.Model) -> None:
    k = weights.kernel(fashion, "conv2")
    assert k.shape == (3, 3, 32, 64)
    np.testing.assert_array_equal(k, fashion.get_layer("conv2").get_weights()[0])
    assert weights.kernel(fashion, "dense").shape == (7 * 7 * 64, 100)


def test_an_unknown_layer_is_a_model_error(fashion: keras.Model) -> None:
    with pytest.raises(ModelError, match="no_such_layer"):
        weights.kernel(fashion, "no_such_layer")


def test_fresh_kernel_of_a_nested_layer_has_its_shape(vgg: keras.Model) -> None:
    assert weights.fresh_kernel(vgg, "vgg16/block1_conv1").shape == (3, 3, 3, 64)
    assert weights.fresh_kernel(vgg, "vgg16/block2_conv1").shape == (3, 3, 64, 128)


def test_fresh_kernel_uses_the_random_uniform_initializer_and_differs_from_a_trained_one() -> None:
    model = zoo.build_model("fashion_cnn", kernel_initializer="random_uniform")
    layer = model.get_layer("conv2")
    kernel, bias = layer.get_weights()
    layer.set_weights([kernel + 0.3, bias])  # as if training had moved it well outside ±0.05
    fresh = weights.fresh_kernel(model, "conv2")
    assert fresh.shape == weights.kernel(model, "conv2").shape == (3, 3, 32, 64)
    assert np.abs(fresh).max() <= 0.05
    assert np.abs(fresh).max() > 0.045  # spread over the whole range, not a narrower initializer
    assert fresh.std() == pytest.approx(0.1 / np.sqrt(12), rel=0.05)  # std of U(−0.05, 0.05)
    assert not np.allclose(fresh, weights.kernel(model, "conv2"))


def test_fresh_kernel_uses_he_normal_with_its_fan_in_standard_deviation() -> None:
    model = zoo.build_model("fashion_cnn", kernel_initializer="he_normal")
    fresh = weights.fresh_kernel(model, "conv2")  # 18,432 values, fan_in = 3·3·32
    assert fresh.std() == pytest.approx(np.sqrt(2 / (3 * 3 * 32)), rel=0.05)
    assert abs(fresh.mean()) < 0.005
    assert np.abs(fresh).max() <= 2 * np.sqrt(2 / 288) / 0.87962566 + 1e-6  # truncated at two σ


def test_fresh_kernel_is_seeded(fashion: keras.Model) -> None:
    a = weights.fresh_kernel(fashion, "conv1", seed=0)
    b = weights.fresh_kernel(fashion, "conv1", seed=0)
    c = weights.fresh_kernel(fashion, "conv1", seed=1)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    limit = np.sqrt(6 / (3 * 3 * 1 + 3 * 3 * 32))  # glorot_uniform, the model's default
    assert np.abs(a).max() <= limit


def test_stats_match_numpy() -> None:
    values = np.array([[-2.0, 0.5], [1.5, 4.0], [0.0, -1.0]], dtype=np.float32)
    s = weights.stats(values)
    assert s.count == 6
    assert s.mean == pytest.approx(values.mean())
    assert s.std == pytest.approx(values.std())
    assert (s.min, s.max) == (-2.0, 4.0)


def test_histograms_on_a_shared_range_share_their_edges() -> None:
    rng = np.random.default_rng(0)
    narrow, wide = rng.normal(0, 0.05, (20, 30)), rng.normal(0, 0.5, 500)
    value_range = weights.shared_range(narrow, wide)
    a = weights.histogram(narrow, bins=25, value_range=value_range)
    b = weights.histogram(wide, bins=25, value_range=value_range)
    np.testing.assert_array_equal(a.edges, b.edges)
    assert len(a.edges) == 26 and len(a.counts) == 25
    assert (a.edges[0], a.edges[-1]) == pytest.approx(value_range)
    assert a.counts.sum() == 600 and b.counts.sum() == 500
    np.testing.assert_allclose(a.centers, (a.edges[:-1] + a.edges[1:]) / 2)


def test_shared_range_is_symmetric_and_covers_every_array() -> None:
    low, high = weights.shared_range(np.array([-0.2, 0.1]), np.array([0.05, 0.7]))
    assert (low, high) == pytest.approx((-0.7, 0.7))
    low, high = weights.shared_range(np.array([-3.0, 0.1]), np.array([1.0]))
    assert (low, high) == pytest.approx((-3.0, 3.0))
    assert weights.shared_range(np.zeros(4)) == (-1.0, 1.0)  # all zeros still gives a usable axis


def test_histogram_csv_has_a_header_and_one_row_per_bin() -> None:
    value_range = (-1.0, 1.0)
    series = {
        "trained": weights.histogram(np.array([-0.9, 0.1, 0.2, 0.95]), bins=4, value_range=value_range),
        "fresh": weights.histogram(np.array([0.0, 0.0, -0.6]), bins=4, value_range=value_range),
    }
    lines = weights.histogram_csv(series).splitlines()
    assert lines[0] == "bin_start,bin_end,trained,fresh"
    assert len(lines) == 1 + 4
    assert lines[1] == "-1,-0.5,1,1"
    assert lines[3] == "0,0.5,2,2"
    assert lines[4] == "0.5,1,1,0"


def snapshot(epoch: int, counts: list[int], edges: list[float], key: str = "conv1") -> dict:
    return {"epoch": epoch, "layers": {key: {"counts": counts, "edges": edges, "mean": 0.0, "std": 1.0}}}


def test_snapshot_evolution_rebins_every_epoch_onto_one_axis() -> None:
    snapshots = [
        snapshot(1, [3, 5], [-1.0, 0.0, 1.0]),
        snapshot(2, [1, 2, 3, 4], [-2.0, -1.0, 0.0, 1.0, 2.0]),
        snapshot(3, [7, 0], [0.0, 0.5, 1.0]),
    ]
    epochs, counts, edges = weights.snapshot_evolution(snapshots, "conv1", bins=4)
    assert epochs == [1, 2, 3]
    np.testing.assert_allclose(edges, [-2, -1, 0, 1, 2])
    assert counts.shape == (3, 4)
    assert counts.sum(axis=1).tolist() == [8, 10, 7]  # every epoch keeps its total
    assert counts.tolist() == [[0, 3, 5, 0], [1, 2, 3, 4], [0, 0, 7, 0]]


def test_snapshot_evolution_keeps_totals_with_many_bins() -> None:
    rng = np.random.default_rng(1)
    snapshots = []
    for epoch in range(4):
        counts, edges = np.histogram(rng.normal(0, 0.1 * (epoch + 1), 300), bins=30)
        snapshots.append(snapshot(epoch, counts.tolist(), edges.tolist()))
    epochs, counts, edges = weights.snapshot_evolution(snapshots, "conv1", bins=40)
    assert epochs == [0, 1, 2, 3]
    assert counts.shape == (4, 40) and len(edges) == 41
    assert counts.sum(axis=1).tolist() == [300] * 4
    assert edges[0] == min(s["layers"]["conv1"]["edges"][0] for s in snapshots)
    assert edges[-1] == max(s["layers"]["conv1"]["edges"][-1] for s in snapshots)


def test_snapshot_evolution_needs_two_epochs_of_that_layer() -> None:
    one = [snapshot(1, [1, 1], [0.0, 1.0, 2.0])]
    assert weights.snapshot_evolution(one, "conv1") is None
    assert weights.snapshot_evolution([], "conv1") is None
    other_layer = [snapshot(1, [1], [0.0, 1.0], key="conv2"), snapshot(2, [1], [0.0, 1.0], key="conv2"), *one]
    assert weights.snapshot_evolution(other_layer, "conv1") is None
    assert weights.snapshot_evolution(other_layer, "conv3") is None


def test_qualified_names_match_the_short_snapshot_key() -> None:
    snapshots = [snapshot(1, [2, 2], [-1.0, 0.0, 1.0], key="block1_conv1"),
                 snapshot(2, [1, 3], [-1.0, 0.0, 1.0], key="block1_conv1")]
    result = weights.snapshot_evolution(snapshots, "vgg16/block1_conv1", bins=2)
    assert result is not None
    epochs, counts, _ = result
    assert epochs == [1, 2]
    assert counts.tolist() == [[2, 2], [1, 3]]


# --- depthwise and separable convolutions: two-part kernels ----------------------------------------


@pytest.fixture(scope="module")
def mixed() -> keras.Model:
    inputs = keras.Input((12, 12, 4))
    x = keras.layers.Conv2D(3, 3, name="conv")(inputs)
    x = keras.layers.DepthwiseConv2D(3, depth_multiplier=2, name="dw")(x)
    x = keras.layers.SeparableConv2D(5, 3, depth_multiplier=2, name="sep")(x)
    x = keras.layers.MaxPooling2D(name="pool")(x)
    return keras.Model(inputs, x)


def test_kernel_layers_include_depthwise_and_separable(mixed: keras.Model) -> None:
    assert weights.kernel_layers(mixed) == ["conv", "dw", "sep"]
    assert weights.conv_layers(mixed) == ["conv"]


def test_separable_kernel_has_a_depthwise_and_a_pointwise_part(mixed: keras.Model) -> None:
    parts = weights.kernels(mixed, "sep")
    assert list(parts) == ["depthwise", "pointwise"]
    assert parts["depthwise"].shape == (3, 3, 6, 2) and parts["pointwise"].shape == (1, 1, 12, 5)
    depthwise, pointwise, _ = mixed.get_layer("sep").get_weights()
    np.testing.assert_array_equal(parts["depthwise"], depthwise)
    np.testing.assert_array_equal(parts["pointwise"], pointwise)
    np.testing.assert_array_equal(weights.kernel(mixed, "sep"), depthwise)  # the first part


def test_depthwise_kernel_is_one_part(mixed: keras.Model) -> None:
    parts = weights.kernels(mixed, "dw")
    assert list(parts) == ["depthwise"] and parts["depthwise"].shape == (3, 3, 3, 2)
    assert list(weights.kernels(mixed, "conv")) == ["kernel"]


def test_fresh_kernels_of_a_separable_layer_are_seeded_and_glorot(mixed: keras.Model) -> None:
    a, b = weights.fresh_kernels(mixed, "sep", seed=0), weights.fresh_kernels(mixed, "sep", seed=0)
    c = weights.fresh_kernels(mixed, "sep", seed=1)
    assert {k: v.shape for k, v in a.items()} == {"depthwise": (3, 3, 6, 2), "pointwise": (1, 1, 12, 5)}
    for part in a:
        np.testing.assert_array_equal(a[part], b[part])
        assert not np.allclose(a[part], c[part])
    # glorot_uniform limits from Keras's fans: depthwise 3·3·6 in, 3·3·2 out; pointwise 12 in, 5 out
    assert np.abs(a["depthwise"]).max() <= np.sqrt(6 / (3 * 3 * 6 + 3 * 3 * 2))
    assert np.abs(a["pointwise"]).max() <= np.sqrt(6 / (12 + 5))
    assert np.abs(a["pointwise"]).max() > 0.5 * np.sqrt(6 / (12 + 5))


def test_a_layer_without_a_kernel_is_a_model_error(mixed: keras.Model) -> None:
    with pytest.raises(ModelError, match="'pool' .*no kernel"):
        weights.kernels(mixed, "pool")


def test_drawing_modes_per_part() -> None:
    assert weights.drawing_modes("depthwise", (3, 3, 6, 2)) == ["depthwise"]
    assert weights.drawing_modes("pointwise", (1, 1, 12, 5)) == ["matrix"]
    assert weights.drawing_modes("kernel", (3, 3, 3, 8)) == ["rgb", "mean", "channel"]
    assert weights.drawing_modes("kernel", (3, 3, 16, 8)) == ["mean", "channel"]
    assert weights.drawing_modes("kernel", (1, 1, 192, 64)) == ["matrix", "mean", "channel"]
