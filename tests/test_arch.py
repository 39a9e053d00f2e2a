"""The layer table matches Keras's own counts and the classic textbook tables."""

from __future__ import annotations

import keras
import pytest

from cnnviz import arch, zoo


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
     ("inception_reduced", {}, 163_696), ("residual_block", {}, 38_976), ("vgg16_transfer", {"weights": None}, 14_715_201),
     ("mini_googlenet", {"aux_heads": True}, None), ("mini_resnet", {"batch_norm": True}, None), ("lenet5", {}, 61_706)],
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
    assert rows["conv1"].macs == 55 * 55 * 11 * 11 * 3 * 96
    assert rows["conv1"].flops == 2 * rows["conv1"].macs


def test_fashion_cnn_formulas_and_receptive_fields() -> None:
    rows = by_name(arch.layer_table(zoo.build_model("fashion_cnn")))
    assert rows["conv2"].param_formula == "3×3×32×64 + 64 = 18,496"
    assert rows["dense"].param_formula == "3,136×100 + 100 = 313,700"
    assert rows["conv1"].output_size_formula == "(28 − 3 + 2×1)/1 + 1 = 28"
    # 3 → pool 2 (jump 2) → 3 + 2·2 = 8 → pool: 8 + 1·2 = 10
    assert [rows[n].receptive_field for n in ("conv1", "pool1", "conv2", "pool2")] == [3, 4, 8, 10]
    assert rows["dense"].receptive_field is None  # sees the whole image


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
    model = keras.Sequential([keras.Input((32, 32, 3)), base, keras.layers.Flatten(), keras.layers.Dense(1)])
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
