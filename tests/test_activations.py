"""Feature maps equal what Keras computes layer by layer, nested and branching models included."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from cnnviz.analysis import activations
from cnnviz.core.errors import ModelError
from cnnviz.models import arch, zoo

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


# --- memory budget ------------------------------------------------------------------------------------------

FASHION_MAP_BYTES = 4 * (28 * 28 * 32 + 14 * 14 * 32 + 14 * 14 * 64 + 7 * 7 * 64)  # 188,160: float32 by hand


def test_map_bytes_come_from_the_layer_shapes(fashion: keras.Model) -> None:
    assert activations.map_bytes(fashion) == FASHION_MAP_BYTES == 188_160
    assert activations.map_bytes(fashion, layers=["pool2"]) == 7 * 7 * 64 * 4
    maps = activations.feature_maps(fashion, image((28, 28, 1)))
    assert sum(m.nbytes for m in maps.values()) == FASHION_MAP_BYTES


def test_peak_of_a_pass_by_hand() -> None:
    order = ["in", "a", "b", "c", "d"]  # in → a → b → d, and a → c → d (a branch joining again)
    parents = {"a": ("in",), "b": ("a",), "c": ("a",), "d": ("b", "c")}
    sizes = {"in": 1, "a": 10, "b": 100, "c": 1000, "d": 10_000}
    # for d: in(1) + a(10) = 11, in freed; b: 10 + 100; c: 10 + 100 + 1000 = 1110, a freed;
    # d: 100 + 1000 + 10,000 = 11,100
    assert activations.peak_of_pass(order, parents, sizes, ["d"]) == 11_100
    # only b: in + a, then a + b = 110; c and d are never run
    assert activations.peak_of_pass(order, parents, sizes, ["b"]) == 110
    # keeping a and b as well as d: a stays, so d's step holds 10 + 100 + 1000 + 10,000
    assert activations.peak_of_pass(order, parents, sizes, ["a", "b", "d"]) == 11_110


def test_pass_bytes_of_the_fashion_cnn_by_hand(fashion: keras.Model) -> None:
    # input 28×28×1 = 3,136 B; conv1 100,352; pool1 25,088; conv2 50,176; pool2 12,544;
    # flatten 12,544; dense 400; dropout 400; predictions 40
    assert activations.pass_bytes(fashion, layers=["conv1"], prediction=False) == 3_136 + 100_352
    assert activations.pass_bytes(fashion, layers=["conv1"]) == 100_352 + 25_088 + 50_176  # at conv2
    assert activations.pass_bytes(fashion, layers=["pool2"]) == 100_352 + 25_088  # at pool1
    assert activations.pass_bytes(fashion) == FASHION_MAP_BYTES + 12_544 + 400  # every map kept, at dense


def test_within_the_budget_every_map_and_the_prediction_come_back(fashion: keras.Model) -> None:
    x = image((28, 28, 1), seed=12)
    view = activations.maps_within_budget(fashion, x, "conv2")
    assert view.complete and view.predicted and list(view.maps) == list(FASHION_SHAPES)
    assert view.all_bytes == FASHION_MAP_BYTES and view.budget == activations.MAPS_BUDGET
    np.testing.assert_allclose(view.probabilities, fashion.predict(x[None], verbose=0)[0], rtol=1e-5, atol=1e-6)
    assert view.nbytes == FASHION_MAP_BYTES + 10 * 4


def test_over_the_budget_only_the_chosen_layer_is_computed(fashion: keras.Model) -> None:
    x = image((28, 28, 1), seed=13)
    view = activations.maps_within_budget(fashion, x, "conv1", budget_bytes=150_000)
    assert not view.complete and not view.predicted and view.probabilities is None
    assert list(view.maps) == ["conv1"]
    assert (view.all_bytes, view.full_pass_bytes, view.prediction_bytes) == (188_160, 201_104, 175_616)
    direct = keras.Model(fashion.inputs, fashion.get_layer("conv1").output)(x[None], training=False)
    np.testing.assert_allclose(view.maps["conv1"], np.asarray(direct)[0], rtol=1e-5, atol=1e-6)

    later = activations.maps_within_budget(fashion, x, "pool2", budget_bytes=150_000)  # 125,440 with the head
    assert list(later.maps) == ["pool2"] and later.predicted and not later.complete
    np.testing.assert_allclose(later.probabilities, fashion.predict(x[None], verbose=0)[0], rtol=1e-5, atol=1e-6)


def test_a_layer_whose_pass_alone_exceeds_the_budget_is_a_model_error(fashion: keras.Model) -> None:
    with pytest.raises(ModelError) as caught:
        activations.maps_within_budget(fashion, image((28, 28, 1)), "conv1", budget_bytes=100_000)
    assert caught.value.key == "error.layer_too_big"
    assert str(caught.value).startswith("The maps of the layer 'conv1' alone need about 0.1 MB")
    assert "층의 특성 맵만으로도" in caught.value.text("ko")


BIG_MODEL_CHILD = r"""
import json, os, resource, sys, time
import numpy as np
import keras
from cnnviz.analysis import activations

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

inputs = keras.Input((1024, 1024, 3))
x = inputs
for i in range(5):
    x = keras.layers.Conv2D(64, 3, padding="same", activation="relu", name=f"conv{i}")(x)
x = keras.layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
picture = np.random.default_rng(0).random((1024, 1024, 3), dtype=np.float32)
before = rss()
start = time.perf_counter()
view = activations.maps_within_budget(model, picture, "conv0")
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
kernel, bias = model.get_layer("conv0").get_weights()
patch = np.pad(picture[:9, :9], ((1, 0), (1, 0), (0, 0)))  # "same" padding: one zero row/column on top/left
by_hand = np.array([[np.einsum("ijc,ijck->k", patch[r:r + 3, c:c + 3], kernel) + bias for c in range(8)]
                    for r in range(8)])
print(json.dumps({
    "map_bytes": activations.map_bytes(model), "params": model.count_params(),
    "layers": list(view.maps), "shape": list(view.maps["conv0"].shape), "complete": view.complete,
    "predicted": view.predicted, "all_bytes": view.all_bytes, "prediction_bytes": view.prediction_bytes,
    "extra_mb": (peak - before) / 1e6, "seconds": seconds,
    "corner_error": float(np.abs(view.maps["conv0"][:8, :8] - np.maximum(by_hand, 0)).max()),
}))
"""


def test_a_1024_model_shows_only_the_chosen_layer_within_500_mb_and_5_s() -> None:
    """Before: one pass kept all 1,280 MB of maps (1.56 GB peak, 3.7 s); now one layer, measured in a child."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run([sys.executable, "-c", BIG_MODEL_CHILD], capture_output=True, text=True, env=env,
                          timeout=300, cwd=root)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    per_layer = 1024 * 1024 * 64 * 4  # 256 MiB of float32 per 64-filter layer
    assert found["map_bytes"] == found["all_bytes"] == 5 * per_layer > 1e9
    assert found["layers"] == ["conv0"] and found["shape"] == [1024, 1024, 64]
    assert not found["complete"] and not found["predicted"]
    # with the prediction, conv0 would be held to the end while conv1 feeds conv2: three maps at once
    assert found["prediction_bytes"] == 3 * per_layer > activations.MAPS_BUDGET
    assert found["corner_error"] < 1e-4
    assert found["extra_mb"] < 500, found
    assert found["seconds"] < 5, found


# --- pictures a free-size model cannot take -----------------------------------------------------------------


def strided_free_size_model() -> keras.Model:
    """Five 3×3 stride-2 "valid" convolutions: a side n becomes ⌊(n − 3)/2⌋ + 1, five times over."""
    inputs = keras.Input((None, None, 3))
    x = inputs
    for i in range(5):
        x = keras.layers.Conv2D(4, 3, strides=2, name=f"down{i}")(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(x))


def test_a_65500_by_1_picture_is_refused_with_the_reason() -> None:
    import io

    from PIL import Image

    from cnnviz.core.errors import ImageError
    from cnnviz.uploads import images

    model = strided_free_size_model()
    buffer = io.BytesIO()
    Image.new("RGB", (65_500, 1), "white").save(buffer, format="PNG")
    picture = images.decode_image(buffer.getvalue())
    with pytest.raises(ImageError) as caught:
        images.prepare(picture, images.model_input_spec(model), fit="crop")
    assert caught.value.key == "img.too_thin"
    assert str(caught.value).startswith("This picture is 65,500×1 pixels, too long and thin")
    assert "the shorter side would be 0.0078 pixels" in str(caught.value)  # 512 / 65,500 = 0.00782
    assert "16:1" in str(caught.value) and "16:1" in caught.value.text("ko")


def test_a_small_picture_is_enlarged_to_32_and_16_to_1_still_fits() -> None:
    from PIL import Image

    from cnnviz.uploads import images

    assert images.resolve_spec(Image.new("RGB", (28, 28)), (None, None, 3)) == (32, 32, 3)
    assert images.resolve_spec(Image.new("RGB", (1000, 62)), (None, None, 3)) == (32, 512, 3)  # 62 × 0.512 ≈ 32
    assert images.resolve_spec(Image.new("RGB", (100, 50)), (None, None, 3)) == (50, 100, 3)  # kept as it is
    assert images.resolve_spec(Image.new("RGB", (1600, 100)), (None, None, 3)) == (32, 512, 3)


def test_a_picture_the_layers_shrink_to_nothing_is_a_model_error_naming_the_smallest_side() -> None:
    # n ≥ 1 after five layers needs 3, 7, 15, 31 and then 63 pixels before them
    model = strided_free_size_model()
    for call in (lambda x: activations.maps_within_budget(model, x),
                 lambda x: activations.feature_maps(model, x),
                 lambda x: activations.class_probabilities(model, x)):
        with pytest.raises(ModelError) as caught:
            call(image((32, 512, 3)))
        assert caught.value.key == "error.input_too_small"
        assert str(caught.value).startswith("This model cannot look at a 512×32 picture")
        assert "at least 63×63 pixels" in str(caught.value)
    maps = activations.feature_maps(model, image((63, 63, 3)))
    assert [m.shape[:2] for m in maps.values()] == [(31, 31), (15, 15), (7, 7), (3, 3), (1, 1)]


def test_an_input_no_size_fits_gives_keras_reason() -> None:
    inputs = keras.Input((None, None, 3))
    x = keras.layers.Conv2D(2, 1, name="conv")(inputs)
    model = keras.Model(inputs, keras.layers.Reshape((8, 8, 2))(x))  # only an 8×8 picture fits
    with pytest.raises(ModelError) as caught:
        activations.feature_maps(model, image((16, 16, 3)))
    assert caught.value.key == "error.input_unusable"
    assert str(caught.value).startswith("This model cannot look at a 16×16 picture (Keras says:")
    assert activations.feature_maps(model, image((8, 8, 3)))["conv"].shape == (8, 8, 2)


def test_grids_are_for_convolutions_pooling_and_merges_only() -> None:
    inputs = keras.Input((8, 8, 1))
    conv = keras.layers.Conv2D(2, 3, name="conv")(inputs)
    relu = keras.layers.ReLU(name="relu")(conv)
    norm = keras.layers.BatchNormalization(name="norm")(relu)
    pool = keras.layers.MaxPooling2D(name="pool")(norm)
    model = keras.Model(inputs, keras.layers.Flatten(name="flat")(pool))
    rows = arch.layer_table(model)
    assert activations.grid_layers(["conv", "relu", "norm", "pool"], rows) == ["conv", "pool"]
