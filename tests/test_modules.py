"""Tests for cnnviz.modules: branch maps, skips and gradient norms against Keras and hand counts."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from cnnviz.analysis import modules
from cnnviz.core.errors import ModelError
from cnnviz.draw import module_figures
from cnnviz.models import zoo


@pytest.fixture(scope="module")
def googlenet() -> keras.Model:
    """mini_googlenet on 28×28 grey pictures (untrained)."""
    return zoo.build_model("mini_googlenet", (28, 28, 1), 10)


@pytest.fixture(scope="module")
def resnet() -> keras.Model:
    """mini_resnet on 28×28 grey pictures (untrained)."""
    return zoo.build_model("mini_resnet", (28, 28, 1), 10)


@pytest.fixture(scope="module")
def picture() -> np.ndarray:
    """A repeatable 28×28 grey picture in [0, 1]."""
    return np.random.default_rng(3).random((28, 28, 1)).astype(np.float32)


def _layer_output(model: keras.Model, name: str, image: np.ndarray) -> np.ndarray:
    """The reference: a sub-model ending at `name`, built here with Keras."""
    sub = keras.Model(model.inputs, model.get_layer(name).output)
    return np.asarray(sub(image[None], training=False))[0]


def test_find_modules_lists_googlenet_concats_and_resnet_adds(googlenet: keras.Model,
                                                              resnet: keras.Model) -> None:
    inception = modules.find_modules(googlenet)
    assert [m.name for m in inception] == ["inc3a_concat", "inc3b_concat", "inc4a_concat", "inc4b_concat"]
    assert {m.kind for m in inception} == {"inception"}
    first = inception[0]
    assert first.source == "stem_pool"
    assert first.paths == (("inc3a_1x1",), ("inc3a_3x3_reduce", "inc3a_3x3"), ("inc3a_5x5_reduce", "inc3a_5x5"),
                           ("inc3a_pool", "inc3a_pool_proj"))
    residual = modules.find_modules(resnet)
    assert [(m.name, m.kind, m.source) for m in residual] == [
        ("res1_add", "residual", "stem_conv"), ("res2_add", "residual", "pool1"), ("res3_add", "residual", "pool2")]


def test_models_without_modules_have_none() -> None:
    assert modules.find_modules(zoo.build_model("fashion_cnn")) == []
    # AlexNet's grey_to_rgb concatenates one input three times: not a module
    assert modules.find_modules(zoo.build_model("alexnet", (28, 28, 1), 10)) == []


def test_branch_maps_and_slices_match_keras(googlenet: keras.Model, picture: np.ndarray) -> None:
    view = modules.inception_view(googlenet, picture, "inc3a_concat")
    expected_channels = {"inc3a_1x1": 16, "inc3a_3x3": 32, "inc3a_5x5": 8, "inc3a_pool_proj": 8}  # the zoo's filters
    assert [(b.name, b.channels) for b in view.branches] == list(expected_channels.items())
    assert [(b.start, b.stop) for b in view.branches] == [(0, 16), (16, 48), (48, 56), (56, 64)]
    concat = _layer_output(googlenet, "inc3a_concat", picture)
    for branch in view.branches:
        reference = _layer_output(googlenet, branch.name, picture)
        np.testing.assert_allclose(branch.maps, reference, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(concat[..., branch.start:branch.stop], reference, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np.concatenate([b.maps for b in view.branches], axis=-1), concat, atol=1e-5)
    assert view.max_difference < 1e-5
    assert view.input_shape == (14, 14, 32)
    assert [b.name for b in modules.inception_branches(googlenet, picture, "inc3a_concat")] == list(expected_channels)


def test_unknown_module_is_refused_with_the_choices(googlenet: keras.Model, picture: np.ndarray) -> None:
    with pytest.raises(ModelError) as caught:
        modules.inception_view(googlenet, picture, "stem_conv")
    assert "inc3a_concat" in str(caught.value)
    assert "Inception 모듈" in caught.value.text("ko")
    with pytest.raises(ModelError):
        modules.residual_view(googlenet, picture, "inc3a_concat")


def test_residual_identity_and_projection_add_up(resnet: keras.Model, picture: np.ndarray) -> None:
    identity = modules.residual_view(resnet, picture, "res1_add")
    assert identity.identity and identity.projection is None
    assert identity.residual == ("res1_conv1", "res1_conv2")
    np.testing.assert_allclose(identity.x, _layer_output(resnet, "stem_conv", picture), atol=1e-5)
    add = _layer_output(resnet, "res1_add", picture)
    np.testing.assert_allclose(identity.fx + identity.x, add, atol=1e-4)
    np.testing.assert_allclose(identity.output, np.maximum(add, 0), atol=1e-4)  # ReLU by hand
    assert identity.output_name == "res1_relu"

    projected = modules.residual_view(resnet, picture, "res2_add")
    assert projected.projection == "res2_projection"
    np.testing.assert_allclose(projected.x, _layer_output(resnet, "res2_projection", picture), atol=1e-5)
    np.testing.assert_allclose(projected.fx, _layer_output(resnet, "res2_conv2", picture), atol=1e-5)
    np.testing.assert_allclose(projected.fx + projected.x, _layer_output(resnet, "res2_add", picture), atol=1e-4)
    assert projected.max_difference < 1e-4
    low, high = projected.value_range
    assert low == pytest.approx(min(projected.x.min(), projected.fx.min(), projected.total.min(), 0.0))
    assert high >= projected.total.max()


def test_demo_modules_are_seeded_and_work_on_the_picture(picture: np.ndarray) -> None:
    one, two = modules.demo_residual((28, 28, 1)), modules.demo_residual((28, 28, 1))
    for a, b in zip(one.weights, two.weights, strict=False):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    view = modules.residual_view(one, picture, "res_add")
    assert view.projection == "res_projection" and view.x.shape == (28, 28, modules.DEMO_RESIDUAL_FILTERS)
    naive = modules.demo_inception((28, 28, 1), reduced=False)
    branches = modules.inception_branches(naive, picture, "inception_concat")
    # naive 3a: 64 + 128 + 32 filters and the pool branch keeps the picture's 1 channel
    assert [b.channels for b in branches] == [64, 128, 32, 1]
    np.testing.assert_allclose(branches[-1].maps, _layer_output(naive, "inception_pool", picture), atol=1e-6)


def _conv_params(k: int, c_in: int, c_out: int) -> int:
    return k * k * c_in * c_out + c_out


def test_inception_costs_match_hand_counts() -> None:
    costs = modules.compare_inception((28, 28, 192))
    c, pixels = 192, 28 * 28
    naive_params = _conv_params(1, c, 64) + _conv_params(3, c, 128) + _conv_params(5, c, 32)
    reduced_params = (_conv_params(1, c, 64) + _conv_params(1, c, 96) + _conv_params(3, 96, 128)
                      + _conv_params(1, c, 16) + _conv_params(5, 16, 32) + _conv_params(1, c, 32))
    assert naive_params == 387_296 and costs.naive.params == naive_params  # Szegedy et al.'s 3a, naive
    assert costs.reduced.params == reduced_params == 163_696
    assert costs.naive.macs == pixels * (1 * c * 64 + 9 * c * 128 + 25 * c * 32)
    assert costs.reduced.macs == pixels * (c * 64 + c * 96 + 9 * 96 * 128 + c * 16 + 25 * 16 * 32 + c * 32)
    assert (costs.naive.channels, costs.reduced.channels) == (64 + 128 + 32 + 192, 64 + 128 + 32 + 32)
    assert costs.param_ratio == pytest.approx(163_696 / 387_296)
    grey = modules.compare_inception((28, 28, 1))  # one input channel: the reductions only add work
    assert grey.naive.params == _conv_params(1, 1, 64) + _conv_params(3, 1, 128) + _conv_params(5, 1, 32)
    assert grey.reduced.params > grey.naive.params


def test_gradient_norms_match_a_tape_written_here(resnet: keras.Model) -> None:
    rng = np.random.default_rng(0)
    x = rng.random((8, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 10, 8)
    found = modules.gradient_norms(resnet, x, y)
    kernels = [layer.kernel for layer in resnet.layers if isinstance(layer, (keras.layers.Conv2D, keras.layers.Dense))]
    with tf.GradientTape() as tape:
        probabilities = resnet(x, training=False)
        picked = tf.gather(probabilities, y, axis=1, batch_dims=1)
        loss = -tf.reduce_mean(tf.math.log(picked))  # cross-entropy written out
    grads = tape.gradient(loss, kernels)
    expected = [float(np.sqrt(np.sum(np.square(g.numpy())))) for g in grads]
    assert [name for name, _ in found][0] == "stem_conv" and found[-1][0] == "predictions"
    assert len(found) == len(kernels) == 1 + 3 * 2 + 2 + 1  # stem, 3 modules × 2, 2 projections, classifier
    np.testing.assert_allclose([norm for _, norm in found], expected, rtol=1e-3)


def test_mini_resnet_without_skips_has_no_add_and_the_same_convolutions() -> None:
    skips = zoo.build_model("mini_resnet", skips=True)
    plain = zoo.build_model("mini_resnet", skips=False)
    assert skips.count_params() == 307_402
    assert not any(isinstance(layer, keras.layers.Add) for layer in plain.layers)
    projections = (1 * 1 * 32 * 64 + 64) + (1 * 1 * 64 * 128 + 128)  # res2's and res3's 1×1 projections
    assert skips.count_params() - plain.count_params() == projections
    deeper = zoo.build_model("mini_resnet", blocks_per_stage=2)
    assert sum(isinstance(layer, keras.layers.Add) for layer in deeper.layers) == 6
    with pytest.raises(ModelError):
        zoo.build_model("mini_resnet", blocks_per_stage=0)


def test_skip_comparison_uses_the_same_weights_and_batch() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((16, 28, 28, 1)).astype(np.float32)
    y = rng.integers(0, 10, 16)
    found = modules.skip_comparison(x, y, 10, blocks_per_stage=2, initializer="glorot_uniform")
    assert "res1a_projection" not in found.layers and found.layers[0] == "stem_conv"
    assert found.conv_layers[-1] == "res3b_conv2" and len(found.conv_layers) == 1 + 3 * 2 * 2
    again = modules.skip_comparison(x, y, 10, blocks_per_stage=2, initializer="glorot_uniform")
    assert again.with_skips == found.with_skips and again.without_skips == found.without_skips
    # same weights, same batch: the first convolution is where the skips make the difference
    assert found.first_gain > 10
    first, last = found.first_last(False)
    assert found.ratio(False) == pytest.approx(first / last)
    figure = module_figures.gradient_depth(found, "ko")
    assert figure.layout.yaxis.type == "log" and len(figure.data) == 2
    assert list(figure.data[1].y) == list(found.without_skips)


def test_concat_strip_segments_are_the_slices(googlenet: keras.Model, picture: np.ndarray) -> None:
    branches = modules.inception_branches(googlenet, picture, "inc3a_concat")
    figure = module_figures.concat_strip(branches)
    assert [(trace.base[0], trace.x[0]) for trace in figure.data] == [(0, 16), (16, 32), (48, 8), (56, 8)]
    assert figure.layout.xaxis.range == (0, 64)
    # the labels name the first and last channel of each branch (16 channels: 0–15), not a half-open range
    assert [trace.text[0] for trace in figure.data] == ["0–15", "16–47", "48–55", "56–63"]
    assert figure.layout.xaxis.title.text.endswith("(0 to 63)")
