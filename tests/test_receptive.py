"""cnnviz.receptive against independent references: the support of Keras's own input gradient, the layer
table's receptive field, and a plain GradientTape."""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
import pytest
import tensorflow as tf

from cnnviz.analysis import receptive
from cnnviz.analysis.receptive import ReceptiveFieldError
from cnnviz.models import arch

L = keras.layers


def ones(model: keras.Model) -> keras.Model:
    """Every kernel set to ones and every bias to zero: no weight can cancel another, so the gradient's
    support is exactly the set of pixels the unit depends on."""
    for weight in model.weights:
        value = np.zeros if "bias" in weight.path else np.ones
        weight.assign(value(weight.shape, dtype="float32"))
    return model


def support(model: keras.Model, output: keras.KerasTensor | None, row: int, col: int) -> receptive.Rect:
    """The bounding box of one unit's nonzero input gradient (its channels summed), by GradientTape."""
    net = keras.Model(model.inputs, output if output is not None else model.outputs[0])
    x = tf.constant(np.random.default_rng(0).uniform(0.5, 1.0, (1, *model.inputs[0].shape[1:])), tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        score = tf.reduce_sum(net(x)[0, row, col, :])
    grad = np.abs(tape.gradient(score, x).numpy()[0]).sum(-1)
    rows, cols = np.flatnonzero(grad.any(1)), np.flatnonzero(grad.any(0))
    if not len(rows):
        return (0, 0, 0, 0)
    return int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1


def sequential(shape: tuple[int, int, int], *layers: keras.layers.Layer) -> keras.Model:
    inputs = keras.Input(shape, name="image")
    x = inputs
    for layer in layers:
        x = layer(x)
    return ones(keras.Model(inputs, x))


def two_paths() -> keras.Model:
    """Add of a 3×3 path and a 1×1 then 5×5 (dilated) path, both 'same': different fields, one map."""
    inputs = keras.Input((17, 17, 1), name="image")
    a = L.Conv2D(2, 3, padding="same", name="a")(inputs)
    b = L.Conv2D(2, 1, name="b1")(inputs)
    b = L.Conv2D(2, 3, dilation_rate=3, padding="same", name="b2")(b)
    x = L.Add(name="add")([a, b])
    x = L.AveragePooling2D(2, name="pool")(x)
    return ones(keras.Model(inputs, x))


def concatenated() -> keras.Model:
    """Concatenate (channels) of a strided valid path and a same path, then a 2×2 conv."""
    inputs = keras.Input((16, 15, 1), name="image")
    a = L.Conv2D(1, 4, strides=2, padding="same", name="a")(inputs)
    b = L.AveragePooling2D(3, strides=2, padding="same", name="b")(inputs)
    x = L.Concatenate(name="cat")([a, b])
    x = L.Conv2D(1, 2, name="mix")(x)
    return ones(keras.Model(inputs, x))


def nested() -> keras.Model:
    """A Sequential inside a functional model (the way a transfer-learning base sits in its classifier)."""
    inner = keras.Sequential([keras.Input((20, 20, 1)), L.Conv2D(2, 3, strides=2, padding="same", name="c1"),
                              L.Conv2D(2, 3, padding="same", name="c2")], name="base")
    inputs = keras.Input((20, 20, 1), name="image")
    x = L.Rescaling(0.5, name="scale")(inputs)
    x = inner(x)
    x = L.Conv2D(1, 3, name="head")(x)
    return ones(keras.Model(inputs, x))


CASES: dict[str, tuple[Callable[[], keras.Model], str]] = {
    "conv valid": (lambda: sequential((12, 12, 1), L.Conv2D(1, 3, name="t")), "t"),
    "conv same": (lambda: sequential((12, 12, 1), L.Conv2D(1, 5, padding="same", name="t")), "t"),
    "stride 2 same": (lambda: sequential((13, 12, 1), L.Conv2D(1, 3, strides=2, padding="same", name="t")), "t"),
    "stride 3 same": (lambda: sequential((14, 16, 1), L.Conv2D(1, 4, strides=3, padding="same", name="t")), "t"),
    "even kernel": (lambda: sequential((10, 10, 1), L.Conv2D(1, 2, padding="same", name="t")), "t"),
    "dilation": (lambda: sequential((15, 15, 1), L.Conv2D(1, 3, dilation_rate=2, padding="same", name="t")), "t"),
    "dilation stacked": (lambda: sequential((15, 15, 1), L.Conv2D(1, 3, dilation_rate=3, name="c"),
                                            L.Conv2D(1, 3, dilation_rate=2, padding="same", name="t")), "t"),
    "non-square": (lambda: sequential((14, 11, 2), L.Conv2D(1, (5, 2), strides=(1, 2), padding="same",
                                                            name="t")), "t"),
    "avg pool valid": (lambda: sequential((11, 11, 1), L.AveragePooling2D(3, strides=2, name="t")), "t"),
    "avg pool same": (lambda: sequential((11, 10, 1), L.AveragePooling2D(3, strides=2, padding="same",
                                                                         name="t")), "t"),
    "stacked": (lambda: sequential((28, 28, 1), L.Conv2D(2, 3, padding="same", name="c1"),
                                   L.AveragePooling2D(2, name="p1"), L.Conv2D(2, 3, padding="same", name="c2"),
                                   L.AveragePooling2D(2, name="t")), "t"),
    "depthwise separable": (lambda: sequential((13, 13, 2), L.DepthwiseConv2D(3, strides=2, name="d"),
                                               L.SeparableConv2D(1, 3, padding="same", name="t")), "t"),
    "zero padding crop": (lambda: sequential((10, 10, 1), L.ZeroPadding2D(((2, 1), (0, 3)), name="z"),
                                             L.Conv2D(1, 3, name="c"), L.Cropping2D(((1, 0), (2, 1)), name="t")),
                          "t"),
    "upsampling nearest": (lambda: sequential((7, 7, 1), L.Conv2D(1, 3, padding="same", name="c"),
                                              L.UpSampling2D(2, name="u"), L.Conv2D(1, 3, name="t")), "t"),
    "upsampling bilinear": (lambda: sequential((7, 7, 1), L.UpSampling2D(3, interpolation="bilinear",
                                                                         name="t")), "t"),
    "resizing bilinear": (lambda: sequential((9, 9, 1), L.Resizing(13, 6, name="t")), "t"),
    "resizing nearest": (lambda: sequential((9, 9, 1), L.Resizing(20, 4, interpolation="nearest", name="t")),
                         "t"),
    "add": (two_paths, "pool"),
    "concatenate": (concatenated, "mix"),
    "nested": (nested, "head"),
}


def units(height: int, width: int) -> list[tuple[int, int]]:
    """Corners, edges' middles and the centre of a map."""
    picks = {(r, c) for r in (0, height // 2, height - 1) for c in (0, width // 2, width - 1)}
    return sorted(picks | {(1, 1)} if height > 1 and width > 1 else picks)


@pytest.mark.parametrize("case", list(CASES))
def test_box_is_the_gradient_support(case: str) -> None:
    build, layer = CASES[case]
    model = build()
    output = model.outputs[0]
    height, width = output.shape[1], output.shape[2]
    for row, col in units(height, width):
        expected = support(model, output, row, col)
        assert receptive.receptive_box(model, layer, row, col) == expected, (case, row, col)
        assert receptive.receptive_box(model, layer, row, col) == expected


def test_inner_layer_of_a_nested_model_by_its_qualified_name() -> None:
    model = nested()
    flat = sequential((20, 20, 1), L.Rescaling(0.5), L.Conv2D(2, 3, strides=2, padding="same"),
                      L.Conv2D(2, 3, padding="same", name="c2"))
    for row, col in units(10, 10):
        assert receptive.receptive_box(model, "base/c2", row, col) == support(flat, None, row, col)


def test_stride_two_same_padding_is_asymmetric() -> None:
    # 12 pixels, k=3, s=2, same: out 6, padding total (6−1)·2 + 3 − 12 = 1, all of it after (Keras/TF).
    model = sequential((12, 12, 1), L.Conv2D(1, 3, strides=2, padding="same", name="t"))
    first = receptive.unit_box(model, "t", 0, 0)
    last = receptive.unit_box(model, "t", 5, 5)
    assert first.full == (0, 0, 3, 3) and not first.padded  # no padding before the image
    assert last.full == (10, 10, 13, 13) and last.rect == (10, 10, 12, 12) and last.padded


def test_max_pooling_has_the_geometry_of_average_pooling() -> None:
    # Max pooling's gradient reaches only the winner, so compare with average pooling of the same window.
    for padding in ("valid", "same"):
        mx = sequential((11, 10, 1), L.Conv2D(1, 3, name="c"), L.MaxPooling2D(3, 2, padding=padding, name="t"))
        av = sequential((11, 10, 1), L.Conv2D(1, 3, name="c"), L.AveragePooling2D(3, 2, padding=padding, name="t"))
        h, w = mx.output.shape[1:3]
        for row, col in units(h, w):
            assert receptive.unit_box(mx, "t", row, col) == receptive.unit_box(av, "t", row, col)


@pytest.mark.parametrize("name", ["fashion_cnn", "lenet5", "alexnet", "vgg16_transfer"])
def test_interior_boxes_match_the_layer_table(name: str) -> None:
    from cnnviz.models import zoo

    options = {"weights": None} if name == "vgg16_transfer" else {}  # nested: the VGG16 base inside
    model = zoo.build_model(name, (224, 224, 3) if options else None, **options)
    for row in arch.layer_table(model):
        if row.receptive_pixels is None or row.type == "InputLayer" or len(row.output_shape) != 3:
            continue
        h, w = row.output_shape[0], row.output_shape[1]
        box = receptive.unit_box(model, row.name, h // 2, w // 2)
        assert (box.full_height, box.full_width) == row.receptive_pixels, row.name


def test_add_of_two_fields_takes_the_larger_and_matches_the_table() -> None:
    model = two_paths()
    table = {row.name: row for row in arch.layer_table(model)}
    box = receptive.unit_box(model, "add", 8, 8)
    assert (box.full_height, box.full_width) == table["add"].receptive_pixels == (7, 7)  # dilated 3×3: 7
    assert box.full == (5, 5, 12, 12)


def test_whole_input_after_flatten() -> None:
    inputs = keras.Input((6, 6, 1))
    x = L.Flatten()(L.Conv2D(1, 3, name="c")(inputs))
    x = L.Reshape((4, 4, 1), name="back")(L.Dense(16)(x))
    model = keras.Model(inputs, L.Conv2D(1, 1, name="t")(x))
    assert receptive.receptive_box(model, "t", 0, 0) == (0, 0, 6, 6)


def test_refusals_are_translated() -> None:
    model = sequential((12, 12, 1), L.Conv2D(1, 3, name="t"), L.Flatten(name="flat"))
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.receptive_box(model, "t", 10, 0)
    assert err.value.key == "error.rf_unit" and "10" in err.value.text("ko") and "행" in err.value.text("ko")
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.receptive_box(model, "flat", 0, 0)
    assert err.value.key == "error.rf_not_spatial"
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.receptive_box(model, "nowhere", 0, 0)
    assert err.value.key == "error.no_layer"
    first = keras.Input((4, 8, 8))
    cf = keras.Model(first, L.Conv2D(2, 3, data_format="channels_first", name="cf")(first))
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.receptive_box(cf, "cf", 0, 0)
    assert err.value.key == "error.rf_channels_first"
    odd = sequential((9, 9, 1), L.Conv2DTranspose(1, 3, strides=2, name="t"))
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.receptive_box(odd, "t", 0, 0)
    assert err.value.key == "error.rf_layer" and "Conv2DTranspose" in str(err.value)
    bicubic = sequential((9, 9, 1), L.Resizing(5, 5, interpolation="bicubic", name="t"))
    with pytest.raises(ReceptiveFieldError, match="bicubic"):
        receptive.receptive_box(bicubic, "t", 0, 0)


def test_any_size_model_needs_the_picture_size() -> None:
    inputs = keras.Input((None, None, 1))
    model = ones(keras.Model(inputs, L.Conv2D(1, 3, strides=2, padding="same", name="t")(inputs)))
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.receptive_box(model, "t", 0, 0)
    assert err.value.key == "error.rf_any_size"
    assert receptive.receptive_box(model, "t", 4, 4, image_shape=(9, 9, 1)) == (7, 7, 9, 9)


def tiny() -> keras.Model:
    inputs = keras.Input((12, 12, 2), name="image")
    x = L.Conv2D(4, 3, activation="relu", name="c1")(inputs)
    x = L.MaxPooling2D(name="p")(x)
    x = L.Conv2D(3, 3, padding="same", activation="tanh", name="c2")(x)
    model = keras.Model(inputs, L.Dense(2)(L.Flatten()(x)))
    rng = np.random.default_rng(1)
    for weight in model.weights:
        weight.assign(rng.normal(0, 0.5, weight.shape).astype("float32"))
    return model


@pytest.mark.parametrize("channel", [None, 1])
def test_effective_field_matches_a_plain_gradient_tape(channel: int | None) -> None:
    model = tiny()
    x = np.random.default_rng(2).uniform(0, 1, (12, 12, 2)).astype("float32")
    found = receptive.effective_field(model, x, "c2", 2, 3, channel)
    net = keras.Model(model.inputs, model.get_layer("c2").output)
    xt = tf.constant(x[None])
    with tf.GradientTape() as tape:
        tape.watch(xt)
        unit = net(xt)[0, 2, 3]
        score = tf.reduce_sum(unit) if channel is None else unit[channel]
    expected = np.abs(tape.gradient(score, xt).numpy()[0]).sum(-1)
    assert found.shape == (12, 12)
    np.testing.assert_allclose(found, expected, rtol=1e-5, atol=1e-7)
    assert found.sum() > 0
    top, left, bottom, right = receptive.receptive_box(model, "c2", 2, 3)
    outside = found.copy()
    outside[top:bottom, left:right] = 0
    assert not outside.any()


def test_effective_field_refuses_bad_input() -> None:
    model = tiny()
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.effective_field(model, np.zeros((10, 10, 2)), "c2", 0, 0)
    assert err.value.key == "error.rf_image"
    with pytest.raises(ReceptiveFieldError) as err:
        receptive.effective_field(model, np.zeros((12, 12, 2)), "c2", 0, 0, channel=3)
    assert err.value.key == "error.rf_channel"
    with pytest.raises(ReceptiveFieldError):
        receptive.effective_field(model, np.full((12, 12, 2), np.nan), "c2", 0, 0)


def test_share_inside_by_hand() -> None:
    field = np.zeros((10, 10))
    field[2:8, 2:8] = 1.0  # a 6×6 box; its central half is the 3×3 at rows/cols 3–5 (9 of 36 pixels)
    rect = (2, 2, 8, 8)
    assert receptive.central_rect(rect) == (3, 3, 6, 6)
    assert receptive.share_inside(field, rect) == pytest.approx(9 / 36)
    assert receptive.area_share(rect) == pytest.approx(9 / 36)
    assert receptive.share_inside(np.zeros((4, 4)), (0, 0, 4, 4)) == 0.0


def test_stacked_growth_is_three_then_five_against_five() -> None:
    growth = receptive.stacked_growth()
    assert [receptive.box_size(r) for r in growth.stacked] == [(3, 3), (5, 5)]
    assert receptive.box_size(growth.single) == (5, 5)
    assert growth.stacked[1] == growth.single == (3, 3, 8, 8)
    # and the layer table's recurrence agrees: 1 + Σ(k − 1)
    assert arch.stacked_receptive_field([3, 3]) == 5


def test_padding_pixels_and_share_outside_by_hand() -> None:
    model = sequential((12, 12, 1), L.Conv2D(1, 5, padding="same", name="t"))
    corner = receptive.unit_box(model, "t", 0, 0)
    assert corner.full == (-2, -2, 3, 3) and corner.rect == (0, 0, 3, 3)
    assert corner.padding_pixels == 25 - 9
    centre = receptive.unit_box(model, "t", 6, 6)
    assert centre.padding_pixels == 0 and not centre.padded
    field = np.zeros((4, 4))
    field[0, 0], field[3, 3] = 3.0, 1.0
    assert receptive.share_outside(field, (0, 0, 2, 2)) == pytest.approx(0.25)
