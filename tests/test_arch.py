"""The layer table matches Keras's own counts and the classic textbook tables."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import pytest

from cnnviz.models import arch, zoo


@pytest.fixture(scope="module")
def alexnet_rows() -> list[arch.LayerInfo]:
    return arch.layer_table(zoo.build_model("alexnet"))


def by_name(rows: list[arch.LayerInfo]) -> dict[str, arch.LayerInfo]:
    return {row.name: row for row in rows}


@pytest.mark.parametrize(
    ("n", "kernel", "stride", "padding", "expected"),
    [(227, 11, 4, 0, 55), (55, 3, 2, 0, 27), (27, 5, 1, 2, 27), (13, 3, 2, "valid", 6), (28, 3, 1, "same", 28),
     (7, 3, 2, "same", 4), (32, 5, 1, 0, 28)],
)
def test_conv_output_size(n: int, kernel: int, stride: int, padding: int | str, expected: int) -> None:
    assert arch.conv_output_size(n, kernel, stride, padding) == expected


@pytest.mark.parametrize(
    ("name", "kw", "expected"),
    [("fashion_cnn", {}, 333_526), ("fashion_cnn_128", {}, 421_642), ("inception_naive", {}, 387_296),
     ("inception_reduced", {}, 163_696), ("residual_block", {}, 38_976),
     ("vgg16_transfer", {"weights": None}, 14_715_201), ("mini_googlenet", {"aux_heads": True}, None),
     ("mini_resnet", {"batch_norm": True}, None), ("lenet5", {}, 61_706)],
)
def test_table_totals_equal_keras_count_params(name: str, kw: dict, expected: int | None) -> None:
    model = zoo.build_model(name, **kw)
    rows = arch.layer_table(model)
    totals = arch.totals(model, rows)
    assert sum(row.params for row in rows) == model.count_params() == totals.params
    assert totals.trainable + totals.non_trainable == totals.params
    assert sum(totals.by_type.values()) == totals.params
    if expected is not None:
        assert totals.params == expected


def test_alexnet_spatial_sizes_follow_the_classic_table(alexnet_rows: list[arch.LayerInfo]) -> None:
    spatial = [row.output_shape[0] for row in alexnet_rows if row.type in ("Conv2D", "MaxPooling2D")]
    assert spatial == [55, 27, 27, 13, 13, 13, 13, 6]
    assert sum(row.params for row in alexnet_rows) == 62_378_344


def test_alexnet_formulas_are_worked_out(alexnet_rows: list[arch.LayerInfo]) -> None:
    rows = by_name(alexnet_rows)
    assert rows["conv1"].output_size_formula == "(227 − 11 + 2×0)/4 + 1 = 55"
    assert rows["pool1"].output_size_formula == "(55 − 3 + 2×0)/2 + 1 = 27"
    assert rows["conv2"].output_size_formula == "(27 − 5 + 2×2)/1 + 1 = 27"
    assert rows["conv1"].param_formula == "11×11×3×96 + 96 = 34,944"
    assert rows["fc6"].param_formula == "9,216×4,096 + 4,096 = 37,752,832"
    assert rows["conv1"].kernel_size == (11, 11) and rows["conv1"].strides == (4, 4)
    assert rows["conv1"].padding == "valid" and rows["conv1"].activation == "relu"
    assert rows["conv1"].feature_maps == 96
    # By hand: 55·55 positions × 11·11·3 weights × 96 filters; fc6: 9,216 inputs × 4,096 units.
    assert rows["conv1"].macs == 105_415_200 and rows["conv1"].flops == 210_830_400
    assert rows["fc6"].macs == 37_748_736
    assert rows["pool1"].macs == 0 and rows["dropout6"].macs == 0  # pooling and dropout: not counted


def test_fashion_cnn_formulas_and_receptive_fields() -> None:
    rows = by_name(arch.layer_table(zoo.build_model("fashion_cnn")))
    assert rows["conv2"].param_formula == "3×3×32×64 + 64 = 18,496"
    assert rows["dense"].param_formula == "3,136×100 + 100 = 313,700"
    assert rows["conv1"].output_size_formula == "(28 − 3 + 2×1)/1 + 1 = 28"
    # 3 → pool 2 (jump 2) → 3 + 2·2 = 8 → pool: 8 + 1·2 = 10
    fields = [rows[n].receptive_field for n in ("conv1", "pool1", "conv2", "pool2")]
    assert fields == [(3, 3), (4, 4), (8, 8), (10, 10)]
    assert [rows[n].receptive_label for n in ("conv1", "pool2")] == ["3", "10"]
    assert rows["dense"].receptive_field is None and rows["dense"].receptive_label == ""  # the whole image


def test_branching_inception_table() -> None:
    rows = by_name(arch.layer_table(zoo.build_model("inception_reduced")))
    for branch in ("inception_1x1", "inception_3x3_reduce", "inception_5x5_reduce", "inception_pool"):
        assert rows[branch].input_shape == (28, 28, 192)
        assert rows[branch].parents == ("input",)
    concat = rows["inception_concat"]
    assert len(concat.input_shapes) == 4
    assert concat.output_shape == (28, 28, 64 + 128 + 32 + 32)
    assert set(concat.parents) == {"inception_1x1", "inception_3x3", "inception_5x5", "inception_pool_proj"}
    assert rows["inception_5x5"].param_formula == "5×5×16×32 + 32 = 12,832"


def test_residual_block_table_has_projection_and_add() -> None:
    rows = by_name(arch.layer_table(zoo.build_model("residual_block")))
    assert rows["res_projection"].param_formula == "1×1×3×64 + 64 = 256"
    assert set(rows["res_add"].parents) == {"res_conv2", "res_projection"}


def test_nested_vgg16_inside_sequential_is_flattened() -> None:
    base = keras.applications.VGG16(include_top=False, weights=None, input_shape=(32, 32, 3))
    base.trainable = False
    model = keras.Sequential([keras.Input((32, 32, 3)), base, keras.layers.Flatten(name="flatten"),
                              keras.layers.Dense(1)])
    rows = arch.layer_table(model)
    names = [row.name for row in rows]
    assert "vgg16/block1_conv1" in names and "vgg16/block5_pool" in names
    table = by_name(rows)
    assert table["vgg16/block1_conv1"].param_formula == "3×3×3×64 + 64 = 1,792"
    assert table["vgg16/block1_conv1"].group == "vgg16"
    assert table["flatten"].parents == ("vgg16/block5_pool",)
    totals = arch.totals(model, rows)
    assert totals.params == model.count_params() == 14_715_201
    assert totals.trainable == 513 and totals.non_trainable == 14_714_688


def test_batch_norm_counts_non_trainable_statistics() -> None:
    model = zoo.build_model("fashion_cnn", batch_norm=True)
    rows = by_name(arch.layer_table(model))
    assert rows["conv1_bn"].params == 128 and rows["conv1_bn"].non_trainable_params == 64
    assert arch.totals(model).non_trainable == 2 * (32 + 64)


# --- output-size formulas: true as written, checked against Keras --------------------------


def evaluate_formula(formula: str) -> list[tuple[float, int]]:
    """Each axis of a table formula evaluated as written: (left-hand side, the number after '=')."""
    results = []
    for part in formula.split("; "):
        part = re.sub(r"^(?:[DHW]: )?(?:same: |causal: )?", "", part)
        lhs, rhs = part.rsplit(" = ", 1)
        expr = lhs
        for symbol, python in (("⌊", "math.floor("), ("⌋", ")"), ("⌈", "math.ceil("), ("⌉", ")"), ("×", "*"),
                               ("−", "-")):
            expr = expr.replace(symbol, python)
        assert re.fullmatch(r"(?:[\d\s()+\-*/]|math\.floor|math\.ceil)+", expr), formula  # nothing else
        results.append((eval(expr, {"math": math}), int(rhs)))  # noqa: S307 - our own formula text
    return results


def grid() -> list[tuple[int, int, int, str, int]]:
    cases = []
    for n, k, s, padding, d in itertools.product(range(5, 18), range(1, 6), range(1, 4), ("valid", "same"),
                                                 range(1, 4)):
        if s > 1 and d > 1:
            continue  # Keras refuses strides > 1 together with dilation > 1
        if padding == "valid" and arch.effective_kernel(k, d) > n:
            continue  # no output at all: Keras refuses to build it
        cases.append((n, k, s, padding, d))
    return cases


def test_every_conv_formula_in_the_grid_evaluates_to_keras_output_size() -> None:
    cases = grid()
    assert len(cases) == 629
    floors = 0
    for n, k, s, padding, d in cases:
        layer = keras.layers.Conv2D(1, k, strides=s, padding=padding, dilation_rate=d)
        expected = layer.compute_output_shape((None, n, n, 1))[1]
        formula = arch.output_size_formula(n, k, s, padding, d)
        assert arch.conv_output_size(n, k, s, padding, d) == expected, (n, k, s, padding, d)
        assert evaluate_formula(formula) == [(expected, expected)], formula
        floors += "⌊" in formula
    assert floors > 50  # strided valid layers on sizes that do not divide: the floor is written out


def test_every_pool_formula_in_the_grid_evaluates_to_keras_output_size() -> None:
    for n, k, s, padding, _ in (case for case in grid() if case[4] == 1):
        pool = keras.layers.MaxPooling2D(k, strides=s, padding=padding)
        expected = pool.compute_output_shape((None, n, n, 1))[1]
        assert evaluate_formula(arch.output_size_formula(n, k, s, padding)) == [(expected, expected)]


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_every_transposed_formula_evaluates_to_keras_output_size(padding: str) -> None:
    for n, k, s, d in itertools.product(range(2, 12), range(1, 6), range(1, 4), range(1, 3)):
        if s > 1 and d > 1:
            continue
        for output_padding in (None, *range(s)):
            layer = keras.layers.Conv2DTranspose(1, k, strides=s, padding=padding, dilation_rate=d,
                                                 output_padding=output_padding)
            expected = layer.compute_output_shape((None, n, n, 1))[1]
            formula = arch.transposed_size_formula(n, k, s, padding, d, output_padding)
            assert evaluate_formula(formula) == [(expected, expected)], formula


def test_the_strided_valid_example_of_the_issue_writes_the_floor() -> None:
    assert arch.output_size_formula(14, 3, 2, "valid") == "⌊(14 − 3 + 2×0)/2⌋ + 1 = 6"
    assert arch.output_size_formula(13, 3, 2, "valid") == "(13 − 3 + 2×0)/2 + 1 = 6"  # exact: no floor
    assert arch.output_size_formula(28, 3, 1, "valid", dilation=2) == "(28 − (3 + 2×1) + 2×0)/1 + 1 = 24"
    assert arch.effective_kernel(3, 2) == 5 and arch.effective_kernel(5, 3) == 13
    assert arch.conv_output_size(28, 3, 1, "valid", dilation=2) == 24


@pytest.mark.parametrize(
    ("layer", "shape"),
    [
        (keras.layers.Conv2D(4, (3, 5), strides=(1, 2)), (15, 17, 2)),
        (keras.layers.Conv2D(4, 3, strides=2, padding="same"), (15, 10, 2)),
        (keras.layers.Conv2D(4, 3, dilation_rate=(2, 3)), (17, 16, 2)),
        (keras.layers.Conv2D(4, 4, padding="same"), (9, 9, 2)),
        (keras.layers.MaxPooling2D((3, 2), strides=(2, 3)), (14, 17, 2)),
        (keras.layers.AveragePooling2D(3, strides=2, padding="same"), (9, 12, 2)),
        (keras.layers.DepthwiseConv2D(3, strides=2), (14, 11, 2)),
        (keras.layers.SeparableConv2D(4, 3, dilation_rate=2, padding="same"), (12, 13, 2)),
        (keras.layers.Conv2DTranspose(4, 3, strides=2), (7, 5, 2)),
        (keras.layers.Conv1D(4, 5, strides=3), (20, 2)),
        (keras.layers.Conv1D(4, 3, padding="causal", dilation_rate=2), (20, 2)),
        (keras.layers.Conv3D(4, (3, 2, 1), strides=(1, 2, 3)), (6, 9, 10, 2)),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, keras.layers.Layer) else str(value),
)
def test_table_formulas_evaluate_to_the_built_models_shapes(layer: keras.layers.Layer, shape: tuple) -> None:
    model = keras.Sequential([keras.Input(shape), layer])
    row = arch.layer_table(model)[-1]
    spatial = model.output_shape[1:-1]
    assert row.output_size_formula, "every windowed layer gets its formula"
    values = evaluate_formula(row.output_size_formula)
    if len(values) == 1:
        values = values * len(spatial)  # one formula shared by every axis
    assert values == [(size, size) for size in spatial]


# --- receptive fields: per axis, floats, checked against the gradient's support ----------


def ones_model(build: Callable[[Any], Any], shape: tuple[int, int, int]) -> keras.Model:
    """A model whose every kernel is all ones, so nothing cancels and the gradient shows the whole field."""
    inputs = keras.Input(shape, name="input")
    model = keras.Model(inputs, build(inputs))
    for layer in model.layers:
        for weight in layer.weights:
            weight.assign(np.ones(weight.shape, dtype="float32"))
    return model


def gradient_support(model: keras.Model) -> tuple[int, int]:
    """Height and width of the input pixels the centre output unit depends on: an independent measure."""
    import tensorflow as tf

    x = tf.Variable(np.random.default_rng(0).uniform(0.5, 1.0, (1, *model.input_shape[1:])).astype("float32"))
    with tf.GradientTape() as tape:
        y = model(x)
        h, w = y.shape[1] // 2, y.shape[2] // 2
        unit = tf.reduce_sum(y[0, h, w, :])
    grad = np.abs(tape.gradient(unit, x).numpy()[0]).sum(axis=-1)
    rows, cols = np.nonzero(grad > 0)
    return int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)


def conv(filters: int, kernel: Any, **kw: Any) -> keras.layers.Conv2D:
    return keras.layers.Conv2D(filters, kernel, use_bias=False, **kw)


def _branches(x: Any, merge: Any) -> Any:
    a = conv(2, (7, 1), padding="same")(x)
    b = conv(2, (1, 7), padding="same")(x)
    return conv(2, 3, padding="same")(merge([a, b]))


FIELD_CASES = {
    # (3, 5) kernel, strides (1, 2), then 3×3: H 1 + 2 + 2·1 = 5, W 1 + 4 + 2·2 = 9
    "non_square_strided": (lambda x: conv(2, 3)(conv(2, (3, 5), strides=(1, 2))(x)), (31, 41, 1), (5, 9)),
    # 1 + 2·2 + 2·3 = 11 on both axes
    "dilated": (lambda x: conv(2, 3, dilation_rate=3)(conv(2, 3, dilation_rate=2)(x)), (41, 41, 1), (11, 11)),
    # valid and strided three times: 1 + 2 + 2·2 + 2·4 = 15
    "strided_valid": (lambda x: conv(1, 3)(conv(1, 3, strides=2)(conv(1, 3, strides=2)(x))), (45, 45, 1),
                      (15, 15)),
    # a cross of 7×1 and 1×7 branches, concatenated or added, then 3×3: 7 + 2 = 9 on each axis
    "concatenate": (lambda x: _branches(x, keras.layers.Concatenate()), (31, 31, 2), (9, 9)),
    "add": (lambda x: _branches(x, keras.layers.Add()), (31, 31, 2), (9, 9)),
    # average pooling 2 (jump 2), then a 3×3: 2 + 2·2 = 6
    "pool": (lambda x: conv(1, 3)(keras.layers.AveragePooling2D(2)(x)), (32, 32, 1), (6, 6)),
    # nearest upsampling ×2 (jump ½) then 5×5: 1 + 4·½ = 3; halving (jump 2) then 3×3: 1 + 2·2 = 5
    "resize_up": (lambda x: conv(1, 5)(keras.layers.Resizing(40, 40, interpolation="nearest")(x)), (20, 20, 1),
                  (3, 3)),
    "resize_down": (lambda x: conv(1, 3)(keras.layers.Resizing(20, 20, interpolation="nearest")(x)),
                    (40, 40, 1), (5, 5)),
}


@pytest.mark.parametrize("case", FIELD_CASES, ids=str)
def test_receptive_field_equals_the_gradient_support(case: str) -> None:
    build, shape, expected = FIELD_CASES[case]
    model = ones_model(build, shape)
    assert gradient_support(model) == expected
    assert arch.layer_table(model)[-1].receptive_field == expected


def test_non_square_field_shows_height_by_width() -> None:
    model = ones_model(FIELD_CASES["non_square_strided"][0], (31, 41, 1))
    row = arch.layer_table(model)[-1]
    assert row.receptive_label == "5×9" and row.receptive_pixels == (5, 9)


def test_alexnet_on_8x8_keeps_fractions_until_display() -> None:
    rows = by_name(arch.layer_table(zoo.build_model("alexnet", input_shape=(8, 8, 1), num_classes=10)))
    # Resizing 8 → 227 makes the jump 8/227; then Σ(k − 1)·(jump in 8/227 steps) over conv1 … pool5
    # = 10·1 + 2·4 + 4·8 + 2·8 + 3·(2·16) + 2·16 = 194, so the field is 1 + 194·8/227 = 7.84 pixels.
    assert rows["pool5"].receptive_field == pytest.approx((1 + 194 * 8 / 227,) * 2)
    assert rows["pool5"].receptive_label == "8"  # rounding once; rounding at every layer gave 7
    assert rows["conv5"].receptive_label == "7"  # 1 + 162·8/227 = 6.71


def test_vgg16_field_is_larger_than_a_32x32_image() -> None:
    rows = arch.layer_table(zoo.build_model("vgg16_transfer", weights=None))
    table = by_name(rows)
    # VGG16's textbook field: 5, 6 | 14, 16 | 40, 44 | 92, 100 | 196, 212
    assert table["vgg16/block5_pool"].receptive_field == (212, 212)
    assert arch.input_size(rows) == (32, 32)
    assert arch.field_exceeds_input(table["vgg16/block5_pool"], rows)
    assert not arch.field_exceeds_input(table["vgg16/block2_pool"], rows)  # 16 ≤ 32


def test_layers_cnnviz_does_not_model_get_no_field_rather_than_a_wrong_one() -> None:
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2DTranspose(2, 3, strides=2, name="up")(inputs)
    x = keras.layers.Conv2D(2, 3, name="after")(x)
    y = keras.layers.Dense(3, name="per_pixel")(keras.layers.Conv2D(2, 3, name="conv")(inputs))
    rows = by_name(arch.layer_table(keras.Model(inputs, [x, y])))
    assert rows["up"].receptive_field is None and rows["after"].receptive_field is None
    assert rows["per_pixel"].receptive_field == (3, 3)  # a Dense on every pixel is a 1×1 convolution


# --- MACs of every convolution type, by hand ---------------------------------------------------


def single_layer_row(layer: keras.layers.Layer, shape: tuple[int, ...]) -> arch.LayerInfo:
    return arch.layer_table(keras.Sequential([keras.Input(shape), layer]))[-1]


def test_separable_conv_params_and_macs_by_hand() -> None:
    row = single_layer_row(keras.layers.SeparableConv2D(5, 3, depth_multiplier=2), (9, 9, 4))
    # depthwise 3·3·4·2 = 72, pointwise 1·1·8·5 = 40, bias 5; 7·7 output positions run both parts
    assert row.params == 117 and row.param_formula == "3×3×4×2 + 1×1×8×5 + 5 = 117"
    assert row.macs == 49 * (72 + 40) == 5_488


def test_depthwise_conv_params_and_macs_by_hand() -> None:
    row = single_layer_row(keras.layers.DepthwiseConv2D(3, depth_multiplier=2), (9, 9, 4))
    assert row.params == 80 and row.output_shape == (7, 7, 8)
    assert row.macs == 3_528  # 7·7 positions × 3·3·4·2


def test_conv1d_conv3d_and_transposed_macs_by_hand() -> None:
    assert single_layer_row(keras.layers.Conv1D(4, 5), (20, 3)).macs == 960  # 16 positions × 5·3·4
    conv3d = single_layer_row(keras.layers.Conv3D(4, 3, padding="same"), (6, 8, 8, 2))
    assert conv3d.macs == 82_944  # 6·8·8 positions × 3·3·3·2·4
    transposed = single_layer_row(keras.layers.Conv2DTranspose(4, 3, strides=2), (7, 7, 3))
    assert transposed.output_size_formula == "(7 − 1)×2 + 3 = 15"
    assert transposed.macs == 5_292  # each of the 7·7 input pixels scatters 3·3·3·4 products


def test_layers_with_weights_cnnviz_cannot_count_say_so() -> None:
    model = keras.Sequential([keras.Input((10, 8)), keras.layers.LSTM(4, name="lstm"),
                              keras.layers.Dense(2, name="out")])
    rows = by_name(arch.layer_table(model))
    assert rows["lstm"].macs is None and rows["lstm"].flops is None
    totals = arch.totals(model)
    assert totals.uncounted == ("lstm",)
    assert totals.macs == 8 and totals.flops == 16  # only the Dense: 4 × 2


def test_batch_norm_is_left_out_of_flops_by_convention() -> None:
    model = zoo.build_model("fashion_cnn", batch_norm=True)
    rows = by_name(arch.layer_table(model))
    assert rows["conv1_bn"].macs == 0 and arch.totals(model).uncounted == ()


# --- shares quoted in the lessons ------------------------------------------------------------


def test_alexnet_dense_share_is_94_percent(alexnet_rows: list[arch.LayerInfo]) -> None:
    totals = arch.totals(zoo.build_model("alexnet"), alexnet_rows)
    # By hand: fc6 9,216·4,096 + 4,096, fc7 4,096·4,096 + 4,096, predictions 4,096·1,000 + 1,000
    dense = 37_752_832 + 16_781_312 + 4_097_000
    assert dense == 58_631_144 == totals.by_type["Dense"]
    assert totals.share("Dense") == 58_631_144 / 62_378_344
    assert f"{totals.share('Dense'):.1%}" == "94.0%"  # not the 96% the description used to claim
