"""Feature maps equal what Keras computes layer by layer, nested and branching models included."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz import activations, zoo
from cnnviz.errors import ModelError

FASHION_SHAPES = {"conv1": (28, 28, 32), "pool1": (14, 14, 32), "conv2": (14, 14, 64), "pool2": (7, 7, 64)}


@pytest.fixture(scope="module")
def fashion() -> keras.Model:
    return zoo.build_model("fashion_cnn")


@pytest.fixture(scope="module")
def vgg() -> keras.Model:
    return zoo.build_model("vgg16_transfer", input_shape=(32, 32, 3), num_classes=3, weights=None)


def image(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).random(shape, dtype=np.float32)


def test_fashion_cnn_has_one_map_per_spatial_layer_with_its_shape(fashion: keras.Model) -> None:
    maps = activations.feature_maps(fashion, image((28, 28, 1)))
    assert list(maps) == list(FASHION_SHAPES) == activations.spatial_layers(fashion)
    assert {name: m.shape for name, m in maps.items()} == FASHION_SHAPES
    assert all(m.dtype == np.float32 for m in maps.values())


def test_maps_equal_a_sub_model_computed_independently(fashion: keras.Model) -> None:
    x = image((28, 28, 1), seed=1)
    maps = activations.feature_maps(fashion, x)
    for name in ("conv1", "pool2"):
        direct = keras.Model(fashion.inputs, fashion.get_layer(name).output)(x[None], training=False)
        np.testing.assert_allclose(maps[name], np.asarray(direct)[0], rtol=1e-5, atol=1e-6)


def test_a_batch_of_one_gives_the_same_maps_as_one_image(fashion: keras.Model) -> None:
    x = image((28, 28, 1), seed=2)
    single = activations.feature_maps(fashion, x, layers=["conv2"])
    batched = activations.feature_maps(fashion, x[None], layers=["conv2"])
    assert list(single) == ["conv2"]
    np.testing.assert_array_equal(single["conv2"], batched["conv2"])


def test_probabilities_equal_model_predict(fashion: keras.Model) -> None:
    x = image((28, 28, 1), seed=3)
    maps, probabilities = activations.maps_and_probabilities(fashion, x)
    expected = fashion.predict(x[None], verbose=0)[0]
    assert probabilities.shape == (10,)
    np.testing.assert_allclose(probabilities, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(activations.class_probabilities(fashion, x), expected, rtol=1e-5, atol=1e-6)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)
    assert list(maps) == list(FASHION_SHAPES)


def test_nested_vgg16_layers_are_reachable_with_their_shapes(vgg: keras.Model) -> None:
    maps = activations.feature_maps(vgg, image((32, 32, 3), seed=4))
    assert all(name.startswith("vgg16/") for name in maps)
    assert next(iter(maps)) == "vgg16/block1_conv1" and list(maps)[-1] == "vgg16/block5_pool"
    assert len(maps) == 18  # 13 convolutions and 5 pools
    assert maps["vgg16/block1_conv1"].shape == (32, 32, 64)
    assert maps["vgg16/block1_pool"].shape == (16, 16, 64)
    assert maps["vgg16/block3_conv3"].shape == (8, 8, 256)
    assert maps["vgg16/block4_pool"].shape == (2, 2, 512)
    assert maps["vgg16/block5_pool"].shape == (1, 1, 512)


def test_nested_map_equals_the_inner_layer_applied_directly(vgg: keras.Model) -> None:
    x = image((32, 32, 3), seed=5)
    maps, probabilities = activations.maps_and_probabilities(vgg, x)
    inner = vgg.get_layer("vgg16").get_layer("block1_conv1")
    np.testing.assert_allclose(maps["vgg16/block1_conv1"], np.asarray(inner(x[None]))[0], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(probabilities, vgg.predict(x[None], verbose=0)[0], rtol=1e-4, atol=1e-6)


def test_each_inception_branch_is_its_own_map_and_the_concat_stacks_them() -> None:
    model = zoo.build_model("inception_reduced", input_shape=(16, 16, 8), num_classes=4)
    maps = activations.feature_maps(model, image((16, 16, 8), seed=6))
    branches = ["inception_1x1", "inception_3x3", "inception_5x5", "inception_pool_proj"]
    assert set(branches + ["inception_3x3_reduce", "inception_5x5_reduce", "inception_pool"]) < set(maps)
    assert [maps[b].shape[-1] for b in branches] == [64, 128, 32, 32]
    assert maps["inception_pool"].shape == (16, 16, 8)  # a 3×3/1 max-pool keeps the input's channels
    concat = maps["inception_concat"]
    assert concat.shape == (16, 16, sum(maps[b].shape[-1] for b in branches)) == (16, 16, 256)
    np.testing.assert_array_equal(concat, np.concatenate([maps[b] for b in branches], axis=-1))


def test_a_single_sigmoid_unit_becomes_two_probabilities() -> None:
    inputs = keras.Input((6, 6, 1))
    x = keras.layers.Conv2D(2, 3, activation="relu", name="conv")(inputs)
    x = keras.layers.Flatten()(x)
    model = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid")(x))
    x = image((6, 6, 1), seed=7)
    p = float(model.predict(x[None], verbose=0)[0, 0])
    probabilities = activations.class_probabilities(model, x)
    assert probabilities.shape == (2,)
    np.testing.assert_allclose(probabilities, [1 - p, p], rtol=1e-5, atol=1e-6)
    assert list(activations.feature_maps(model, x)) == ["conv"]


def test_channel_order_sorts_by_mean_strongest_first() -> None:
    maps = np.zeros((3, 3, 5), dtype=np.float32)
    maps[..., 0] = 1.0
    maps[..., 1] = 5.0
    maps[..., 2] = -2.0
    maps[0, 0, 3] = 27.0  # mean 3: one bright pixel
    maps[..., 4] = 1.0  # ties with channel 0: the order stays stable
    assert activations.channel_order(maps).tolist() == [1, 3, 0, 4, 2]


@pytest.mark.parametrize("shape", [(27, 27, 1), (28, 28, 3), (2, 28, 28, 1), (28, 28)])
def test_an_image_of_the_wrong_shape_is_a_model_error(fashion: keras.Model, shape: tuple[int, ...]) -> None:
    with pytest.raises(ModelError, match="expects"):
        activations.feature_maps(fashion, np.zeros(shape, dtype=np.float32))


@pytest.mark.parametrize("layer", ["no_such_layer", "dense"])
def test_asking_for_a_layer_without_a_spatial_map_is_a_model_error(fashion: keras.Model, layer: str) -> None:
    with pytest.raises(ModelError, match=layer):
        activations.feature_maps(fashion, image((28, 28, 1)), layers=["conv1", layer])


def test_the_extractor_is_memoised_and_shares_the_model_weights() -> None:
    model = zoo.build_model("fashion_cnn")
    x = image((28, 28, 1), seed=8)
    first = activations.extractor(model)
    before = activations.feature_maps(model, x)["conv1"]
    assert activations.extractor(model) is first
    assert np.abs(before).max() > 0

    conv1 = model.get_layer("conv1")
    bias = np.linspace(-1, 1, 32, dtype=np.float32)
    conv1.set_weights([np.zeros_like(conv1.get_weights()[0]), bias])
    after = activations.feature_maps(model, x)["conv1"]
    assert activations.extractor(model) is first
    # a zero kernel leaves relu(bias) everywhere: each channel is constant
    np.testing.assert_allclose(after, np.broadcast_to(np.maximum(bias, 0), (28, 28, 32)), atol=1e-7)
    assert not np.allclose(before, after)


def test_the_nested_extractor_also_shares_the_weights() -> None:
    model = zoo.build_model("vgg16_transfer", input_shape=(32, 32, 3), num_classes=2, weights=None)
    x = image((32, 32, 3), seed=9)
    activations.feature_maps(model, x)
    layer = model.get_layer("vgg16").get_layer("block1_conv1")
    kernel, bias = layer.get_weights()
    layer.set_weights([np.zeros_like(kernel), np.full_like(bias, 0.25)])
    maps = activations.feature_maps(model, x, layers=["vgg16/block1_conv1"])
    np.testing.assert_allclose(maps["vgg16/block1_conv1"], 0.25, atol=1e-7)


def test_a_model_ending_in_logits_gives_softmax_probabilities() -> None:
    inputs = keras.Input((6, 6, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, activation="relu", name="conv")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(4, name="predictions")(x))  # no activation: logits
    x = image((6, 6, 1), seed=10)
    logits = model.predict(x[None], verbose=0)[0].astype(np.float64)
    probabilities = activations.class_probabilities(model, x)
    expected = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()  # softmax by hand
    np.testing.assert_allclose(probabilities, expected, rtol=1e-5, atol=1e-7)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-6) and (probabilities >= 0).all()


def test_the_probabilities_come_from_the_main_head_even_when_it_is_not_first() -> None:
    inputs = keras.Input((6, 6, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, name="conv")(inputs))
    aux = keras.layers.Dense(2, activation="softmax", name="aux1")(x)
    main = keras.layers.Dense(5, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, [aux, main])
    x = image((6, 6, 1), seed=11)
    expected = model.predict(x[None], verbose=0)[1][0]
    probabilities = activations.class_probabilities(model, x)
    assert probabilities.shape == (5,)
    np.testing.assert_allclose(probabilities, expected, rtol=1e-5, atol=1e-6)
