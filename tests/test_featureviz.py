"""cnnviz.featureviz against references computed another way: a brute-force scan, gradients, NumPy."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from helpers import ROOT

from cnnviz import data
from cnnviz.analysis import receptive
from cnnviz.core import i18n
from cnnviz.core.errors import ModelError
from cnnviz.explain import featureviz
from cnnviz.models import arch
from cnnviz.train import checkpoints

SHIPPED = ROOT / "checkpoints" / "fashion_cnn_fashion.keras"


@pytest.fixture(scope="module")
def shipped() -> keras.Model:
    return checkpoints.load(SHIPPED)[0]


@pytest.fixture(scope="module")
def fashion() -> np.ndarray:
    return data.load_dataset("fashion_mnist_sample").x_test[:60]


def linear_model() -> keras.Model:
    """Convolutions without activations (every weight non-zero), so a unit's gradient covers its whole box."""
    keras.utils.set_random_seed(3)
    inputs = keras.Input((17, 15, 1))
    x = keras.layers.Conv2D(2, 3, strides=2, padding="valid", name="a")(inputs)
    x = keras.layers.Conv2D(3, 3, padding="same", dilation_rate=2, name="b")(x)
    x = keras.layers.AveragePooling2D(2, padding="same", name="p")(x)
    x = keras.layers.Conv2D(2, 2, padding="same", name="c")(x)
    return keras.Model(inputs, x)


def brute_force(model: keras.Model, layer: str, channel: int, x: np.ndarray, k: int) -> list[tuple]:
    """Each image's strongest unit by a direct loop over positions (first wins), the k best images."""
    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    best = []
    for i in range(len(x)):
        maps = np.asarray(sub(x[i:i + 1], training=False))[0, ..., channel]
        top = (-np.inf, 0, 0)
        for r in range(maps.shape[0]):
            for c in range(maps.shape[1]):
                if maps[r, c] > top[0]:
                    top = (float(maps[r, c]), r, c)
        best.append((top[0], i, top[1], top[2]))
    best.sort(key=lambda item: (-item[0], item[1]))
    return best[:k]


@pytest.mark.parametrize(("layer", "channel"), [("conv1", 5), ("conv2", 10), ("pool2", 3)])
def test_top_patches_match_a_brute_force_scan(shipped: keras.Model, fashion: np.ndarray, layer: str,
                                              channel: int) -> None:
    found = featureviz.layer_patches(shipped, layer, fashion, k=9, channels=[channel], budget_bytes=2**20)[0]
    expected = brute_force(shipped, layer, channel, fashion, 9)
    np.testing.assert_allclose(found.activations, [e[0] for e in expected], rtol=1e-5, atol=1e-6)
    assert found.images.tolist() == [e[1] for e in expected]
    assert found.positions.tolist() == [[e[2], e[3]] for e in expected]
    patches, values, boxes = featureviz.top_patches(shipped, layer, channel, fashion, k=9)
    np.testing.assert_array_equal(values, found.activations)
    np.testing.assert_array_equal(boxes, found.boxes)
    assert len(set(found.images.tolist())) == 9  # at most one patch per image


def test_fewer_images_than_k_gives_one_patch_each(shipped: keras.Model, fashion: np.ndarray) -> None:
    patches, values, boxes = featureviz.top_patches(shipped, "conv2", 0, fashion[:4], k=9)
    assert patches.shape == (4, 8, 8, 1) and values.shape == (4,) and boxes.shape == (4, 4)


def gradient_support(model: keras.Model, layer: str, row: int, col: int, channel: int = 0) -> tuple:
    """The bounding box of the input pixels with a non-zero gradient of one unit (random input)."""
    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    shape = (1, *model.inputs[0].shape[1:])
    x = tf.Variable(np.random.default_rng(0).uniform(0.2, 1, shape).astype("float32"))
    with tf.GradientTape() as tape:
        unit = sub(x)[0, row, col, channel]
    grad = np.abs(tape.gradient(unit, x).numpy()[0]).sum(axis=-1)
    rows, cols = np.nonzero(grad)
    return int(rows.min()), int(cols.min()), int(rows.max()) + 1, int(cols.max()) + 1


def live_units(model: keras.Model, layer: str, row: int, col: int, x: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """The image of `x` on which unit (row, col) of `layer` is strongest, and every channel live (> 0) there.

    A ReLU unit that is off has no gradient at all, so the gradient's support is only looked at on live units.
    """
    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    units = np.asarray(sub(x))[:, row, col]  # (images, channels)
    image = x[int(np.argmax(units.max(axis=1)))]
    live = np.flatnonzero(np.asarray(sub(image[None]))[0, row, col] > 0)
    return image, live.tolist()


def gradient_supports(model: keras.Model, layer: str, row: int, col: int, image: np.ndarray,
                      channels: list[int]) -> list[tuple]:
    """`gradient_support` of each channel's unit (row, col) on one given image (None: no non-zero gradient)."""
    sub = keras.Model(model.inputs, model.get_layer(layer).output)
    x = tf.Variable(image[None].astype("float32"))
    with tf.GradientTape() as tape:
        units = tf.gather(sub(x)[0, row, col], channels)
    jacobian = np.abs(tape.jacobian(units, x).numpy()[:, 0]).sum(axis=-1)  # (channels, H, W)
    found = []
    for grad in jacobian:
        rows, cols = np.nonzero(grad)
        found.append(None if rows.size == 0 else
                     (int(rows.min()), int(cols.min()), int(rows.max()) + 1, int(cols.max()) + 1))
    return found


@pytest.mark.parametrize("layer", ["a", "b", "p", "c"])
def test_boxes_equal_the_gradient_support_of_a_linear_model(layer: str) -> None:
    model = linear_model()
    h, w = model.get_layer(layer).output.shape[1:3]
    for row, col in [(0, 0), (h // 2, w // 2), (h - 1, w - 1), (0, w - 1)]:
        assert receptive.receptive_box(model, layer, row, col) == gradient_support(model, layer, row, col)


def test_shipped_boxes_hold_the_gradient_and_have_the_textbook_size(shipped: keras.Model,
                                                                    fashion: np.ndarray) -> None:
    sizes = {row.name: row.receptive_pixels for row in arch.layer_table(shipped)}
    for layer in ("conv1", "conv2", "pool2"):
        h, w = shipped.get_layer(layer).output.shape[1:3]
        top, left, bottom, right = receptive.receptive_box(shipped, layer, h // 2, w // 2, clip=False)
        assert (bottom - top, right - left) == sizes[layer]  # conv1 3, conv2 8, pool2 10 (arch's recurrence)
    for row, col in [(3, 4), (0, 0), (13, 13)]:  # ReLU and max pooling: the gradient lies inside the box
        image, channels = live_units(shipped, "conv2", row, col, fashion)
        assert channels, f"no conv2 unit at {(row, col)} is live on any of the sample's images"
        box = receptive.receptive_box(shipped, "conv2", row, col)
        supports = gradient_supports(shipped, "conv2", row, col, image, channels)
        assert any(g is not None for g in supports), (row, col)  # live units do feel their input
        for g in filter(None, supports):  # every live channel's gradient is zero outside the box
            assert box[0] <= g[0] and box[1] <= g[1] and g[2] <= box[2] and g[3] <= box[3], (g, box)
    # by hand: conv2 unit (0, 0) sees pool1 rows −1..1 ("same" pads one), i.e. input rows −2..3 widened by
    # conv1's 3×3 "same" window to −3..4: the box is (−3, −3, 5, 5), clipped to (0, 0, 5, 5)
    assert receptive.receptive_box(shipped, "conv2", 0, 0, clip=False) == (-3, -3, 5, 5)
    assert receptive.receptive_box(shipped, "conv2", 0, 0) == (0, 0, 5, 5)


def test_patch_pixels_equal_the_input_crop(shipped: keras.Model, fashion: np.ndarray) -> None:
    for found in featureviz.layer_patches(shipped, "conv2", fashion, k=9, channels=range(0, 64, 7)):
        for patch, image, box in zip(found.patches, found.images, found.boxes, strict=False):
            top, left, bottom, right = box
            crop = fashion[image, top:bottom, left:right]
            inside = np.isfinite(patch).all(axis=-1)
            assert inside.sum() == (bottom - top) * (right - left)
            np.testing.assert_array_equal(patch[inside].reshape(crop.shape), crop)


def test_border_patches_keep_the_box_size_and_the_grid_marks_outside_pixels(shipped: keras.Model) -> None:
    x = np.zeros((1, 28, 28, 1), np.float32)
    x[0, 0, 0, 0] = 1.0  # a lone bright pixel in the corner: some conv1 filter peaks at the corner unit
    found = featureviz.layer_patches(shipped, "conv1", x, k=1)
    corner = [f for f in found if f.positions[0].tolist() == [0, 0] and f.activations[0] > 0]
    assert corner, "no conv1 filter peaks at the corner"
    patch = corner[0].patches[0]
    assert patch.shape == (3, 3, 1) and np.isnan(patch[0]).all() and np.isnan(patch[:, 0]).all()
    assert patch[1, 1, 0] == 1.0 and corner[0].boxes[0].tolist() == [0, 0, 2, 2]
    grid = featureviz.patch_grid(corner[0].patches, tile_px=3)
    assert grid[0, 0].tolist() == list(featureviz.OUTSIDE_COLOUR)
    assert grid[1, 1].tolist() == [255, 255, 255] and grid[2, 2].tolist() == [0, 0, 0]


def test_maximize_is_reproducible_stays_in_range_and_raises_the_activation(shipped: keras.Model) -> None:
    first = featureviz.maximize(shipped, "conv2", 2, steps=48, seed=0)
    again = featureviz.maximize(shipped, "conv2", 2, steps=48, seed=0)
    other = featureviz.maximize(shipped, "conv2", 2, steps=48, seed=1)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert first.shape == (28, 28, 1) and first.min() >= 0.0 and first.max() <= 1.0
    sub = keras.Model(shipped.inputs, shipped.get_layer("conv2").output)
    start = featureviz.start_image((28, 28, 1), 0)
    before = float(np.mean(sub(start[None])[0, ..., 2]))
    after = float(np.mean(sub(first[None])[0, ..., 2]))
    assert after > before + 0.1, (before, after)  # measured: about 0.02 → 0.5
    together = featureviz.maximize_many(shipped, "conv2", [5, 2], steps=48, seed=0)
    np.testing.assert_allclose(together[1], first, atol=1e-4)  # other channels in the batch change nothing
    means = featureviz.channel_means(shipped, "conv2", [2], first[None])
    np.testing.assert_allclose(means, [after], rtol=1e-5)


def dead_model(dead: list[int]) -> keras.Model:
    """One 3×3 ReLU convolution of 4 filters; the filters in `dead` get a bias of −100."""
    keras.utils.set_random_seed(1)
    inputs = keras.Input((10, 10, 1))
    outputs = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    model = keras.Model(inputs, keras.layers.GlobalAveragePooling2D()(outputs))
    kernel, bias = model.get_layer("conv").get_weights()
    bias[:] = 0.1
    bias[dead] = -100.0
    model.get_layer("conv").set_weights([kernel, bias])
    return model


@pytest.mark.parametrize(("dead", "flagged"), [([1], False), ([1, 3], False), ([0, 1, 3], True)])
def test_dead_relus_of_a_hand_built_model(dead: list[int], flagged: bool) -> None:
    x = np.random.default_rng(2).uniform(0, 1, (20, 10, 10, 1)).astype(np.float32)
    (stat,) = featureviz.layer_statistics(dead_model(dead), x)
    assert stat.name == "conv" and stat.channels == 4 and stat.images == 20
    assert stat.dead_channels == len(dead) and stat.dead_fraction == len(dead) / 4
    assert stat.flagged is flagged  # 2 of 4 is exactly half: not "more than half"


def test_shipped_statistics_equal_numpy_on_its_maps(shipped: keras.Model, fashion: np.ndarray) -> None:
    stats = featureviz.layer_statistics(shipped, fashion, budget_bytes=2**20)  # several batches
    assert [s.name for s in stats] == ["conv1", "conv2"]
    for stat in stats:
        maps = np.asarray(keras.Model(shipped.inputs, shipped.get_layer(stat.name).output)(fashion))
        assert stat.sparsity == pytest.approx(float((maps == 0).mean()), abs=1e-9)
        assert stat.mean == pytest.approx(float(maps.astype(np.float64).mean()), rel=1e-5)
        assert stat.dead_channels == int((maps.max(axis=(0, 1, 2)) == 0).sum())
        assert not stat.flagged


def test_bad_requests_are_explained_in_both_languages(shipped: keras.Model, fashion: np.ndarray) -> None:
    with pytest.raises(ModelError) as err:
        featureviz.top_patches(shipped, "conv1", 32, fashion)
    assert err.value.key == "error.filters_channel" and "32" in err.value.text("ko")
    with pytest.raises(ModelError) as err:
        featureviz.top_patches(shipped, "conv1", 0, fashion[:, :20])
    assert err.value.key == "error.filters_images"
    with pytest.raises(ModelError) as err:
        featureviz.top_patches(shipped, "dense", 0, fashion)
    assert err.value.key == "error.no_spatial"
    with pytest.raises(ModelError) as err:
        featureviz.maximize(shipped, "conv2", 64)
    assert err.value.key == "error.filters_channel"
    for key in ("error.filters_channel", "error.filters_images"):
        assert i18n.placeholders(i18n.t(key, "en")) == i18n.placeholders(i18n.t(key, "ko"))


def test_filter_layers_and_statistics_figure(shipped: keras.Model, fashion: np.ndarray) -> None:
    assert featureviz.filter_layers(arch.layer_table(shipped)) == ["conv1", "conv2"]
    stats = featureviz.layer_statistics(shipped, fashion)
    labels = {"dead": "dead", "sparsity": "zeros", "threshold": "flag", "y": "share"}
    fig = featureviz.statistics_figure(stats, labels)
    assert list(fig.data[1].y) == [s.sparsity for s in stats]
    assert fig.layout.shapes[0].y0 == featureviz.DEAD_FLAG


def test_patches_of_a_dilated_layer_hold_only_what_the_unit_sees() -> None:
    model = linear_model()
    x = np.random.default_rng(4).uniform(0, 1, (12, 17, 15, 1)).astype(np.float32)
    for found in featureviz.layer_patches(model, "b", x, k=12):
        for patch, image, box, (row, col) in zip(found.patches, found.images, found.boxes, found.positions,
                                                 strict=False):
            assert tuple(box) == gradient_support(model, "b", int(row), int(col), found.channel)
            top, left, bottom, right = box
            inside = np.isfinite(patch).all(axis=-1)
            np.testing.assert_array_equal(patch[inside].reshape(bottom - top, right - left, 1),
                                          x[image, top:bottom, left:right])


def test_a_layer_behind_a_resize_gives_patches_of_one_size() -> None:
    """A zoo model resizes 28×28 to 227×227 first: its units see boxes of a pixel more or less at different places
    (here 3 or 4 pixels across). Every patch is as large as the largest box, NaN beyond its own; AlexNet's
    Filters page stopped on this."""
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Resizing(61, 61, name="resize")(inputs)
    x = keras.layers.Conv2D(3, 5, strides=3, name="conv")(x)
    model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.Flatten()(x)))
    images = np.random.default_rng(1).random((20, 28, 28, 1)).astype(np.float32)
    shapes = []
    for found in featureviz.layer_patches(model, "conv", images, k=6):
        shapes.append(found.patches.shape[1:3])
        for patch, image, (top, left, bottom, right) in zip(found.patches, found.images, found.boxes.tolist(),
                                                            strict=True):
            crop = images[image, top:bottom, left:right]
            inside = np.isfinite(patch).all(axis=-1)
            assert inside.sum() == (bottom - top) * (right - left)  # the image's own pixels, NaN around them
            np.testing.assert_array_equal(patch[inside].reshape(crop.shape), crop)
    assert (4, 4) in shapes  # a 3-pixel box and a 4-pixel box in one stack
