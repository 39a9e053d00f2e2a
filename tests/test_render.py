"""Image grids put every tile and colour where it belongs; charts and the diagram carry the right data."""

from __future__ import annotations

import csv
import inspect
import io
import math
import re

import keras
import numpy as np
import pytest
from matplotlib import colormaps
from PIL import Image

from cnnviz import data
from cnnviz.data import embedded
from cnnviz.draw import figure_layout, render
from cnnviz.models import arch, zoo

TILE_PAD = inspect.signature(render.tile).parameters["pad"].default  # the gap feature_map_grid leaves
BLUE, VERMILLION = (0x00, 0x72, 0xB2), (0xD5, 0x5E, 0x00)  # Okabe & Ito's (2008) blue and vermillion


@pytest.fixture(scope="module")
def fashion() -> keras.Model:
    return zoo.build_model("fashion_cnn")


@pytest.fixture(scope="module")
def inception_rows() -> list[arch.LayerInfo]:
    return arch.layer_table(zoo.build_model("inception_reduced", input_shape=(16, 16, 8), num_classes=4))


def tile_at(grid: np.ndarray, index: int, n: int, size: int) -> np.ndarray:
    """Tile `index` of a grid of n square tiles of `size` pixels, whatever gap the grid leaves between them."""
    rows, cols = render.grid_shape(n)
    pad = (grid.shape[1] - cols * size) // (cols - 1) if cols > 1 else 0
    assert grid.shape[:2] == (rows * (size + pad) - pad, cols * (size + pad) - pad)
    top, left = (index // cols) * (size + pad), (index % cols) * (size + pad)
    return grid[top:top + size, left:left + size]


def viridis(value: float) -> np.ndarray:
    return (np.asarray(colormaps["viridis"](value)[:3]) * 255).astype(np.uint8)


# --- grids -------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "expected"), [(32, (4, 8)), (64, (8, 8)), (96, (8, 12)), (6, (2, 3)), (1, (1, 1)),
                                             (16, (4, 4)), (128, (8, 16)), (0, (0, 0))])
def test_grid_shape_is_the_most_square_exact_factorisation(n: int, expected: tuple[int, int]) -> None:
    assert render.grid_shape(n) == expected


@pytest.mark.parametrize("n", [37, 31, 61, 97])
def test_grid_shape_of_a_prime_is_near_square_with_few_blanks(n: int) -> None:
    rows, cols = render.grid_shape(n)
    assert rows * cols >= n
    assert rows * cols - n < cols  # no row is left entirely blank
    assert abs(rows - cols) <= 1
    assert cols <= math.isqrt(n) + 1


def test_tile_places_each_image_row_by_row() -> None:
    h, w, pad = 3, 4, 2
    images = np.stack([np.full((h, w, 3), 10 * i + 5, dtype=np.uint8) for i in range(6)])
    grid = render.tile(images, pad=pad)
    rows, cols = 2, 3
    assert grid.shape == (rows * (h + pad) - pad, cols * (w + pad) - pad, 3) == (8, 16, 3)
    for i in range(6):
        top, left = (i // cols) * (h + pad), (i % cols) * (w + pad)
        assert (grid[top:top + h, left:left + w] == 10 * i + 5).all()
    assert (grid[h:h + pad] == 255).all() and (grid[:, w:w + pad] == 255).all()


def test_tile_with_explicit_rows_and_cols_leaves_blank_tiles() -> None:
    images = np.stack([np.full((2, 2, 3), 100 + i, dtype=np.uint8) for i in range(5)])
    grid = render.tile(images, rows=2, cols=4, pad=1, pad_value=0)
    assert grid.shape == (2 * 3 - 1, 4 * 3 - 1, 3)
    assert (grid[3:5, 0:2] == 104).all()  # tile 4: second row, first column
    assert (grid[3:5, 6:] == 0).all()  # tiles 5–7 are blank


def test_tile_without_padding_is_a_plain_mosaic() -> None:
    images = np.arange(4 * 2 * 2 * 3, dtype=np.uint8).reshape(4, 2, 2, 3)
    grid = render.tile(images, pad=0)
    assert grid.shape == (4, 4, 3)
    np.testing.assert_array_equal(grid[2:, :2], images[2])


def test_normalise_scales_each_slice_to_0_1_and_a_constant_slice_to_0() -> None:
    rng = np.random.default_rng(0)
    values = np.stack([rng.normal(3, 2, (4, 5)), np.full((4, 5), 7.0), -rng.random((4, 5))])
    out = render.normalise(values, axis=(1, 2))
    assert out.dtype == np.float32 and out.shape == values.shape
    for i in (0, 2):
        assert out[i].min() == pytest.approx(0.0) and out[i].max() == pytest.approx(1.0)
        np.testing.assert_allclose(out[i], (values[i] - values[i].min()) / np.ptp(values[i]), rtol=1e-5)
    assert (out[1] == 0).all()
    whole = render.normalise(values)
    assert whole.min() == 0 and whole.max() == pytest.approx(1.0)
    assert (whole[1] == 1).all()  # 7 is the largest value overall
    assert (render.normalise(np.full((2, 2), 3.0)) == 0).all()


def test_colourise_endpoints_match_matplotlib_viridis() -> None:
    rgb = render.colourise(np.array([[0.0, 1.0], [0.5, 2.0]]))
    assert rgb.shape == (2, 2, 3) and rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, 0], viridis(0.0))
    np.testing.assert_array_equal(rgb[0, 1], viridis(1.0))
    assert np.abs(rgb[1, 0].astype(int) - viridis(0.5)).max() <= 1
    np.testing.assert_array_equal(rgb[1, 1], rgb[0, 1])  # clipped


def test_feature_map_grid_lays_32_maps_out_as_4_by_8() -> None:
    maps = np.random.default_rng(1).random((7, 7, 32)).astype(np.float32)
    grid = render.feature_map_grid(maps, min_tile=48)
    size = 7 * math.ceil(48 / 7)  # each 7×7 map repeated to 49×49
    assert grid.shape == (4 * (size + TILE_PAD) - TILE_PAD, 8 * (size + TILE_PAD) - TILE_PAD, 3)
    for channel in (0, 9, 31):
        tile = tile_at(grid, channel, 32, size)
        row, col = np.unravel_index(maps[..., channel].argmax(), (7, 7))
        np.testing.assert_array_equal(tile[row * 7, col * 7], viridis(1.0))  # each map scaled to its own max
        row, col = np.unravel_index(maps[..., channel].argmin(), (7, 7))
        np.testing.assert_array_equal(tile[row * 7 + 6, col * 7 + 6], viridis(0.0))


def test_feature_map_grid_order_permutes_the_tiles() -> None:
    maps = np.random.default_rng(2).random((4, 4, 6)).astype(np.float32)
    order = [5, 0, 3, 1, 4, 2]
    plain = render.feature_map_grid(maps, min_tile=8)
    ordered = render.feature_map_grid(maps, order=order, min_tile=8)
    assert plain.shape == ordered.shape
    for position, channel in enumerate(order):
        np.testing.assert_array_equal(tile_at(ordered, position, 6, 8), tile_at(plain, channel, 6, 8))
    assert not np.array_equal(plain, ordered)


def close_to(colour: np.ndarray, value: float) -> bool:
    """Viridis at `value` (0–1) up to the 256-entry table's rounding: one of the two nearest entries k/255."""
    nearest = {math.floor(value * 255), math.ceil(value * 255)}
    return any(np.array_equal(colour, viridis(k / 255)) for k in nearest)


def hand_made_layer() -> np.ndarray:
    """A 4×4 layer of 3 maps: channel 0 peaks at 8 (the layer's max), channel 1 at 4 (half), 2 spans 2–6."""
    maps = np.zeros((4, 4, 3), np.float32)
    maps[1, 2, 0] = 8.0
    maps[3, 0, 1] = 4.0
    maps[..., 2] = np.linspace(2.0, 6.0, 16).reshape(4, 4)
    return maps


def test_whole_layer_scale_maps_the_layer_max_to_the_top_colour_and_half_to_the_middle() -> None:
    maps = hand_made_layer()
    span = render.map_range({"conv": maps}, "layer", "conv")
    assert span == (0.0, 8.0)
    grid = render.feature_map_grid(maps, min_tile=4, value_range=span)  # 4×4 maps: one pixel per value
    first, second, third = (tile_at(grid, c, 3, 4) for c in range(3))
    np.testing.assert_array_equal(first[1, 2], viridis(1.0))  # 8 / 8
    assert close_to(second[3, 0], 0.5)  # 4 / 8: the middle colour, not the top
    np.testing.assert_array_equal(second[0, 0], viridis(0.0))
    assert close_to(third[0, 0], 2 / 8) and close_to(third[3, 3], 6 / 8)
    enlarged = render.single_map(maps, 1, size=4, value_range=span)
    assert close_to(enlarged[3, 0], 0.5)


def test_each_map_scale_gives_every_channel_its_full_range() -> None:
    maps = hand_made_layer()
    assert render.map_range({"conv": maps}, "map", "conv") is None
    grid = render.feature_map_grid(maps, min_tile=4)
    for channel in range(3):
        plane = maps[..., channel]
        expected = (plane - plane.min()) / (plane.max() - plane.min())  # NumPy, per channel
        tile = tile_at(grid, channel, 3, 4)
        for row, col in np.ndindex(4, 4):
            assert close_to(tile[row, col], float(expected[row, col]))
        np.testing.assert_array_equal(tile[np.unravel_index(plane.argmax(), (4, 4))], viridis(1.0))
    np.testing.assert_array_equal(render.single_map(maps, 1, size=4)[3, 0], viridis(1.0))  # 4 is its own top


def test_all_layers_scale_spans_every_layer_shown() -> None:
    early = np.array([-1.0, 2.0], np.float32).reshape(1, 2, 1)
    late = np.array([0.0, 5.0], np.float32).reshape(1, 1, 2)
    layers = {"early": early, "late": late}
    assert render.map_range(layers, "all", "early") == render.map_range(layers, "all", "late") == (-1.0, 5.0)
    assert render.map_range(layers, "layer", "early") == (-1.0, 2.0)
    grid = render.feature_map_grid(early, min_tile=1, value_range=(-1.0, 5.0))
    assert close_to(grid[0, 1], 0.5)  # 2 is half way from −1 to 5
    np.testing.assert_array_equal(grid[0, 0], viridis(0.0))
    with pytest.raises(ValueError, match="scale"):
        render.map_range(layers, "global", "early")
    with pytest.raises(ValueError):
        render.range_of([])


def test_scale_to_unit_clips_outside_the_range_and_an_empty_range_is_zero() -> None:
    values = np.array([-3.0, 0.0, 1.0, 2.0, 9.0])
    np.testing.assert_allclose(render.scale_to_unit(values, (0.0, 2.0)), [0.0, 0.0, 0.5, 1.0, 1.0])
    assert not render.scale_to_unit(values, (4.0, 4.0)).any()


def test_colour_bar_runs_from_the_bottom_colour_to_the_top_colour() -> None:
    bar = render.colour_bar(width=256, height=10)
    assert bar.shape == (10, 256, 3) and bar.dtype == np.uint8
    np.testing.assert_array_equal(bar[0, 0], viridis(0.0))
    np.testing.assert_array_equal(bar[9, 255], viridis(1.0))
    assert close_to(bar[5, 128], 128 / 255)


def test_kernel_grid_rgb_draws_zero_as_mid_grey_and_the_limit_as_full_scale() -> None:
    kernels = np.random.default_rng(3).uniform(-0.5, 0.5, (3, 3, 3, 16)).astype(np.float32)
    kernels[1, 2, :, 5] = 0.0
    kernels[0, 0, :, 3] = [1.0, -1.0, 0.0]  # the largest magnitude: it sets the scale
    grid = render.kernel_grid(kernels, mode="rgb", min_tile=12)
    assert grid.ndim == 3 and grid.shape[2] == 3 and grid.dtype == np.uint8
    factor = 4  # 3×3 kernels repeated to 12×12
    grey = tile_at(grid, 5, 16, 12)[1 * factor, 2 * factor]
    assert set(grey.tolist()) <= {127, 128}
    assert tile_at(grid, 3, 16, 12)[0, 0].tolist() in ([255, 0, 127], [255, 0, 128])


def test_kernel_grids_with_a_shared_limit_use_the_same_colour_for_the_same_value() -> None:
    rng = np.random.default_rng(4)
    small = rng.uniform(-0.1, 0.1, (3, 3, 3, 4)).astype(np.float32)
    large = rng.uniform(-2.0, 2.0, (3, 3, 3, 4)).astype(np.float32)
    small[2, 2, :, 1] = large[2, 2, :, 1] = [0.05, -0.05, 0.08]
    for mode in ("rgb", "mean"):
        a = render.kernel_grid(small, mode=mode, limit=2.0, min_tile=9)
        b = render.kernel_grid(large, mode=mode, limit=2.0, min_tile=9)
        np.testing.assert_array_equal(tile_at(a, 1, 4, 9)[8, 8], tile_at(b, 1, 4, 9)[8, 8])
        own_a = render.kernel_grid(small, mode=mode, min_tile=9)  # each on its own scale: no longer comparable
        own_b = render.kernel_grid(large, mode=mode, min_tile=9)
        assert not np.array_equal(tile_at(own_a, 1, 4, 9)[8, 8], tile_at(own_b, 1, 4, 9)[8, 8])


def test_kernel_grid_mean_and_channel_modes() -> None:
    rng = np.random.default_rng(5)
    kernels = rng.uniform(-1, 1, (3, 3, 4, 6)).astype(np.float32)
    kernels[0, 0, :, 2] = [0.5, -0.5, 0.25, -0.25]  # mean 0, channel 1 is −0.5
    mean_grid = render.kernel_grid(kernels, min_tile=6)  # "auto" is "mean" for 4 input channels
    np.testing.assert_array_equal(mean_grid, render.kernel_grid(kernels, mode="mean", min_tile=6))
    channel_grid = render.kernel_grid(kernels, mode="channel", channel=1, min_tile=6)
    assert mean_grid.shape == channel_grid.shape
    rows, cols = render.grid_shape(6)
    assert (rows, cols) == (2, 3)
    np.testing.assert_array_equal(tile_at(mean_grid, 2, 6, 6)[0, 0], render.colourise(np.array(0.5), "RdBu_r"))
    limit = np.abs(kernels[..., 1, :]).max()
    expected = render.colourise(np.array((-0.5 / limit + 1) / 2), "RdBu_r")
    np.testing.assert_array_equal(tile_at(channel_grid, 2, 6, 6)[0, 0], expected)


def test_kernel_grid_depthwise_has_one_tile_per_input_channel_and_multiplier() -> None:
    kernels = np.random.default_rng(7).uniform(-1, 1, (3, 3, 4, 2)).astype(np.float32)  # 4 channels × 2
    kernels[1, 1, 2, 1] = -1.0  # channel 2's second filter: Keras output channel 2·2 + 1 = 5
    grid = render.kernel_grid(kernels, mode="depthwise", limit=1.0, min_tile=6)
    assert render.grid_shape(8) == (2, 4)
    blue = render.colourise(np.array(0.0), "RdBu_r")  # −limit
    np.testing.assert_array_equal(tile_at(grid, 5, 8, 6)[2, 2], blue)  # 3×3 repeated to 6×6: pixel (1, 1)
    assert not np.array_equal(tile_at(grid, 4, 8, 6)[2, 2], blue)


def test_kernel_grid_matrix_draws_a_pointwise_kernel_as_in_by_out() -> None:
    kernels = np.zeros((1, 1, 12, 5), np.float32)
    kernels[0, 0, 7, 3] = 0.5  # input channel 7 feeds filter 3
    image = render.kernel_grid(kernels, mode="matrix", limit=0.5, min_tile=48)
    cell = 16  # min(16, 8·48 // 12)
    assert image.shape == (12 * cell, 5 * cell, 3)
    np.testing.assert_array_equal(image[7 * cell, 3 * cell], render.colourise(np.array(1.0), "RdBu_r"))
    np.testing.assert_array_equal(image[0, 0], render.colourise(np.array(0.5), "RdBu_r"))  # zero: white
    with pytest.raises(ValueError, match="1×1"):
        render.kernel_grid(np.zeros((3, 3, 2, 2)), mode="matrix")


def test_png_bytes_decode_back_to_the_same_array() -> None:
    image = np.random.default_rng(6).integers(0, 256, (5, 7, 3), dtype=np.uint8)
    data = render.png_bytes(image)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(data))), image)
    grey = image[..., 0]
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(render.png_bytes(grey)))), grey)


# --- the architecture diagram ----------------------------------------------------------------


NODE = re.compile(r'^\s+"([^"]+)" \[label=', re.M)
EDGE = re.compile(r'^\s+"([^"]+)" -> "([^"]+)";$', re.M)


def test_architecture_dot_has_one_node_per_layer_and_one_edge_per_parent(
        inception_rows: list[arch.LayerInfo]) -> None:
    dot = render.architecture_dot(inception_rows, selected="inception_3x3")
    assert dot.startswith("digraph model {") and dot.rstrip().endswith("}")
    assert NODE.findall(dot) == [row.name for row in inception_rows]
    edges = EDGE.findall(dot)
    assert sorted(edges) == sorted((p, row.name) for row in inception_rows for p in row.parents)
    assert len(edges) == 13  # four branches out, four in, and the straight parts
    assert ("inception_pool_proj", "inception_concat") in edges
    selected = [line for line in dot.splitlines() if "penwidth=3" in line]
    assert len(selected) == 1 and selected[0].lstrip().startswith('"inception_3x3" ')
    assert "subgraph" not in dot


def test_architecture_dot_without_a_selection_highlights_nothing(inception_rows: list[arch.LayerInfo]) -> None:
    dot = render.architecture_dot(inception_rows, direction="LR")
    assert "penwidth=3" not in dot and "rankdir=LR" in dot


def test_architecture_dot_draws_a_nested_model_as_a_cluster() -> None:
    model = zoo.build_model("vgg16_transfer", input_shape=(32, 32, 3), num_classes=2, weights=None)
    rows = arch.layer_table(model)
    lines = render.architecture_dot(rows).splitlines()
    start = next(i for i, line in enumerate(lines) if "subgraph cluster_" in line)
    end = lines.index("  }", start)
    assert 'label="vgg16"' in lines[start]
    inside = NODE.findall("\n".join(lines[start + 1:end]))
    assert inside == [row.name for row in rows if row.group == "vgg16"]
    assert len(inside) == 18 and inside[0] == "vgg16/block1_conv1"
    assert '"input" -> "vgg16/block1_conv1";' in [line.strip() for line in lines]
    assert '"vgg16/block5_pool" -> "flatten";' in [line.strip() for line in lines]


def test_layer_table_csv_has_a_header_and_one_line_per_row(fashion: keras.Model) -> None:
    rows = arch.layer_table(fashion)
    text = render.layer_table_csv(rows)
    records = list(csv.reader(io.StringIO(text)))
    assert records[0][:4] == ["name", "type", "input_shape", "output_shape"]
    assert len(text.splitlines()) == len(records) == len(rows) + 1
    assert [r[0] for r in records[1:]] == [row.name for row in rows]
    conv2 = next(r for r in records if r[0] == "conv2")
    header = records[0]
    assert conv2[header.index("params")] == "18496"
    assert conv2[header.index("param_formula")] == "3×3×32×64 + 64 = 18,496"
    assert all(len(r) == len(header) for r in records)
    assert (conv2[header.index("receptive_field_h")], conv2[header.index("receptive_field_w")]) == ("8", "8")
    dense = next(r for r in records if r[0] == "dense")
    assert dense[header.index("receptive_field_h")] == "" and dense[header.index("macs")] == "313600"


def test_layer_table_csv_keeps_fractional_fields_and_blank_uncounted_macs() -> None:
    alexnet = arch.layer_table(zoo.build_model("alexnet", input_shape=(8, 8, 1), num_classes=10))
    records = list(csv.DictReader(io.StringIO(render.layer_table_csv(alexnet))))
    pool5 = next(r for r in records if r["name"] == "pool5")
    assert pool5["receptive_field_h"] == "7.837" == f"{1 + 194 * 8 / 227:.3f}"  # not rounded to a whole pixel
    lstm = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(2, name="lstm")])
    records = list(csv.DictReader(io.StringIO(render.layer_table_csv(arch.layer_table(lstm)))))
    assert records[-1]["name"] == "lstm" and records[-1]["macs"] == ""  # not counted, which is not 0


def test_a_huge_layer_is_drawn_at_every_nth_pixel_within_the_budget() -> None:
    assert render.display_step((28, 28, 32)) == 1
    assert render.display_step((1024, 1024, 64)) == 5  # √(67,108,864 / 4,000,000) = 4.1 → every 5th pixel
    maps = np.zeros((1024, 1024, 4), dtype=np.float32)
    maps[::2, ::2, 0] = 1.0  # a fine checkerboard-like pattern
    assert render.display_step(maps.shape, 4 * 1024 * 1024) == 1
    grid = render.feature_map_grid(maps[:300, :300])
    assert grid.shape[:2] == (2 * 300 + 2, 2 * 300 + 2)


def test_the_page_table_and_the_csv_share_one_list_of_columns(fashion: keras.Model) -> None:
    from cnnviz.core import i18n

    rows = arch.layer_table(fashion)
    view = render.layer_table_view(rows, lambda key: i18n.t(key, "ko"))
    header = next(csv.reader(io.StringIO(render.layer_table_csv(rows))))
    assert list(view[0]) == ["이름", "종류", "출력", "커널", "스트라이드", "패딩", "활성화 함수", "특성 맵 수",
                             "출력 크기 계산", "파라미터 수", "파라미터 계산", "곱셈-누산(MAC)", "수용 영역"]
    assert len(header) == len(view[0]) + 2  # the CSV adds input_shape and splits the field into h and w
    conv2 = next(r for r in view if r["이름"] == "conv2")
    assert conv2["파라미터 수"] == "18,496" and conv2["곱셈-누산(MAC)"] == f"{14 * 14 * 3 * 3 * 32 * 64:,}"
    assert conv2["출력"] == "14×14×64" and conv2["커널"] == "3" and conv2["수용 영역"] == "8"
    lstm = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(2, name="lstm")])
    shown = render.layer_table_view(arch.layer_table(lstm), lambda key: key)
    assert shown[-1]["col.macs"] == "—"  # not computed: a dash, never a misleading 0


# --- plotly charts ---------------------------------------------------------------------------


def test_learning_curves_show_train_and_validation_and_mark_the_best_epoch() -> None:
    epochs = {"loss": [1.0, 0.5, 0.4], "val_loss": [1.1, 0.6, 0.7], "accuracy": [0.5, 0.7, 0.8]}
    fig = render.learning_curves(epochs, metric="loss", best_epoch=2)
    assert [t.name for t in fig.data] == ["train", "validation"]
    assert list(fig.data[0].y) == [1.0, 0.5, 0.4] and list(fig.data[1].y) == [1.1, 0.6, 0.7]
    assert list(fig.data[0].x) == [1, 2, 3]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == lines[0].x1 == 2
    assert len(render.learning_curves(epochs, metric="loss").layout.shapes) == 0


def test_learning_curves_put_batches_on_the_epoch_axis() -> None:
    fig = render.learning_curves({"accuracy": [0.6, 0.8]}, batches={"accuracy": [0.5, 0.6, 0.7, 0.8]},
                                 metric="accuracy", batches_per_epoch=2, labels={"train": "Train"})
    assert [t.name for t in fig.data] == ["per batch", "Train"]
    np.testing.assert_allclose(fig.data[0].x, [0.5, 1.0, 1.5, 2.0])
    assert list(fig.data[0].y) == [0.5, 0.6, 0.7, 0.8]
    assert list(fig.data[1].y) == [0.6, 0.8]


def test_learning_curves_put_an_epoch_cut_short_where_it_ended() -> None:
    epochs = {"loss": [1.0, 0.6, 0.55], "val_loss": [1.1, 0.7, 0.65], "batches": [21, 21, 9]}
    fig = render.learning_curves(epochs, metric="loss", best_epoch=3, batches_per_epoch=21,
                                 labels={"partial": "epoch {epoch}: {batch} of {batches} batches"})
    np.testing.assert_allclose(fig.data[0].x, [1, 2, 2 + 9 / 21])
    assert list(fig.data[0].marker.symbol) == ["circle", "circle", "circle-open"]
    assert [a.text for a in fig.layout.annotations if a.text != "best epoch"] == ["epoch 3: 9 of 21 batches"]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert lines[0].x0 == pytest.approx(2 + 9 / 21)  # the best weights are the partial epoch's
    whole = render.learning_curves({**epochs, "batches": [21, 21, 21]}, metric="loss", batches_per_epoch=21)
    assert list(whole.data[0].x) == [1, 2, 3] and not whole.layout.annotations


def test_parameter_breakdown_by_layer_sums_to_the_total(fashion: keras.Model) -> None:
    rows = arch.layer_table(fashion)
    totals = arch.totals(fashion, rows)
    fig = render.parameter_breakdown(rows, totals)
    bars = fig.data[0]
    assert list(bars.x) == ["conv1", "conv2", "dense", "predictions"]
    assert sum(bars.y) == totals.params == 333_526


def test_parameter_breakdown_by_type_uses_the_type_totals(fashion: keras.Model) -> None:
    rows = arch.layer_table(fashion)
    totals = arch.totals(fashion, rows)
    pie = render.parameter_breakdown(rows, totals, by="type").data[0]
    assert pie.type == "pie"
    assert dict(zip(pie.labels, pie.values, strict=False)) == {k: v for k, v in totals.by_type.items() if v}
    assert totals.by_type["Conv2D"] == 320 + 18_496 and totals.by_type["Dense"] == 313_700 + 1_010


def test_probability_bars_highlight_the_argmax() -> None:
    probabilities = np.array([0.1, 0.15, 0.6, 0.15])
    bar = render.probability_bars(probabilities, ["a", "b", "c", "d"]).data[0]
    assert list(bar.y) == ["a", "b", "c", "d"]
    np.testing.assert_allclose(bar.x, probabilities)
    colours = list(bar.marker.color)
    assert len(set(colours)) == 2
    assert [i for i, c in enumerate(colours) if c != colours[0]] == [2]
    assert list(bar.text) == ["10.0%", "15.0%", "60.0%", "15.0%"]


def test_confusion_figure_z_is_the_matrix() -> None:
    matrix = np.array([[5, 1, 0], [2, 3, 1], [0, 0, 6]])
    heatmap = render.confusion_figure(matrix, [0, 1, 2]).data[0]
    np.testing.assert_array_equal(np.asarray(heatmap.z), matrix)
    assert list(heatmap.x) == list(heatmap.y) == ["0", "1", "2"]


def test_per_class_bars() -> None:
    accuracy = np.array([0.9, 0.5, 1.0])
    bar = render.per_class_bars(accuracy, ["cat", "dog", 7]).data[0]
    assert list(bar.x) == ["cat", "dog", "7"]
    np.testing.assert_allclose(bar.y, accuracy)
    assert list(bar.text) == ["90%", "50%", "100%"]


def test_histogram_figure_overlays_one_bar_trace_per_series() -> None:
    edges = np.linspace(-1, 1, 5)
    fig = render.histogram_figure({"trained": (np.array([1, 2, 3, 4]), edges),
                                   "fresh": (np.array([0, 5, 5, 0]), edges)})
    assert [t.name for t in fig.data] == ["trained", "fresh"]
    np.testing.assert_allclose(fig.data[0].x, [-0.75, -0.25, 0.25, 0.75])
    assert list(fig.data[1].y) == [0, 5, 5, 0]
    assert fig.data[0].width == pytest.approx(0.5)
    assert fig.layout.barmode == "overlay"


def test_histogram_evolution_is_epochs_by_bins() -> None:
    counts = np.arange(12).reshape(3, 4)
    heatmap = render.histogram_evolution([1, 2, 5], counts, np.linspace(0, 4, 5)).data[0]
    np.testing.assert_array_equal(np.asarray(heatmap.z), counts)
    np.testing.assert_allclose(heatmap.x, [0.5, 1.5, 2.5, 3.5])
    assert list(heatmap.y) == [1, 2, 5]


def test_prediction_grid_frames_hits_blue_and_mistakes_vermillion() -> None:
    x = np.random.default_rng(7).random((5, 8, 8, 1)).astype(np.float32)
    true, predicted = np.array([0, 1, 2, 1, 0]), np.array([0, 2, 2, 1, 1])
    grid = render.prediction_grid(x, true, predicted, ["a", "b", "c"], confidence=np.full(5, 0.9),
                                  tile_size=32, cols=4)
    frame, label = 3, 3 * 13 + 2  # 'a', '-> b' and '90%' on three lines of 13 px (36 px is narrow), ±1 px
    width, height = 32 + 2 * frame, 32 + 2 * frame + label
    assert grid.shape == (2 * height, 4 * width, 3) and grid.dtype == np.uint8
    for i in range(5):
        top, left = (i // 4) * height, (i % 4) * width
        expected = BLUE if true[i] == predicted[i] else VERMILLION
        assert tuple(grid[top + 1, left + 1]) == expected
        assert tuple(grid[top + width - 1, left + width - 1]) == expected  # the bottom-right corner too
    # the image itself sits inside the frame (below the tick or × in its corner): grey stays equal R, G and B
    inside = grid[render.mark_size(32):frame + 32, frame:frame + 32]
    assert (inside[..., 0] == inside[..., 1]).all() and (inside[..., 1] == inside[..., 2]).all()
    assert tuple(grid[height + 1, 3 * width + 1]) == (255, 255, 255)  # the eighth slot is empty


def test_the_type_pie_leaves_out_types_without_parameters(fashion: keras.Model) -> None:
    rows = arch.layer_table(fashion)
    pie = render.parameter_breakdown(rows, arch.totals(fashion, rows), by="type").data[0]
    assert set(pie.labels) == {"Conv2D", "Dense"}  # no 0% slices for pooling, Flatten, Dropout, the input
    assert dict(zip(pie.labels, pie.values, strict=False)) == {"Conv2D": 320 + 18_496, "Dense": 313_700 + 1_010}


# --- presenter mode ---------------------------------------------------------------------------------------


def test_presentation_layout_sets_every_text_to_at_least_16_px() -> None:
    fig = render.probability_bars(np.array([0.001, 0.95, 0.049]), ["a", "b", "c"])
    fig.add_annotation(x=0.5, y="a", text="note")
    big = render.presentation_layout(fig, 1.8)
    size = 22  # plotly's 12 px × 1.8 = 21.6, rounded
    assert big.layout.font.size == size and big.layout.legend.font.size == size
    assert big.layout.xaxis.tickfont.size == size and big.layout.yaxis.title.font.size == size
    assert big.data[0].textfont.size == size  # the percentages on the bars
    assert big.layout.uniformtext.minsize == size  # plotly may not shrink a bar's label below it
    assert big.layout.annotations[0].font.size == size
    assert big.layout.height == round(220 * 1.4)  # 1 + (1.8 − 1) / 2
    assert render.presentation_layout(render.per_class_bars(np.ones(2), ["a", "b"]), 1.1).layout.font.size == 16


def test_presentation_layout_leaves_a_normal_views_text_alone() -> None:
    made = render.presentation_layout(render.confusion_figure(np.eye(3, dtype=int), ["a", "b", "c"]), 1.0)
    plain = render.confusion_figure(np.eye(3, dtype=int), ["a", "b", "c"])
    assert made.layout.font == plain.layout.font and made.data[0].textfont == plain.data[0].textfont
    assert made.layout.height == plain.layout.height and made.layout.xaxis == plain.layout.xaxis
    assert made.layout.margin.t == figure_layout.MODEBAR_PX  # only the layout rule: room for the mode bar


def test_architecture_dot_takes_a_font_size(fashion: keras.Model) -> None:
    rows = arch.layer_table(fashion)
    assert "fontsize=10," in render.architecture_dot(rows)
    dot = render.architecture_dot(rows, fontsize=18)
    node = next(line for line in dot.splitlines() if line.strip().startswith("node ["))
    assert re.search(r"fontsize=18\b", node) and "fontsize=10" not in dot


def test_prediction_grid_labels_at_a_projector_size() -> None:
    x = np.zeros((2, 8, 8, 1), dtype=np.float32)
    names = ["T-shirt/top", "Ankle boot"]
    grid = render.prediction_grid(x, np.array([0, 1]), np.array([1, 1]), names, confidence=np.array([0.95, 0.5]),
                                  tile_size=144, cols=2, font_size=20)
    label = 3 * math.ceil(20 * 1.25) + 2  # lines of 25 px ('-> Ankle boot 95%' takes two), a pixel either side
    assert grid.shape == (144 + 6 + label, 2 * 150, 3)
    band = grid[150:, :150].min(axis=2) < 128  # dark pixels under the first tile
    ink_rows = np.flatnonzero(band.any(axis=1))
    first_line = ink_rows[ink_rows <= 26]  # the first line: 25 px from the band's top
    assert first_line.max() - first_line.min() + 1 >= 14  # 'T-shirt/top': capitals and the slash, ≈ 0.7 em
    small = render.prediction_grid(x, np.array([0, 1]), np.array([1, 1]), names, tile_size=144, cols=2)
    small_rows = np.flatnonzero((small[150:, :150].min(axis=2) < 128).any(axis=1))
    small_rows = small_rows[small_rows <= 13]  # the first line: 13 px from the band's top
    assert small_rows.max() - small_rows.min() + 1 < 12  # Pillow's default: 10 px


def test_a_long_label_loses_letters_never_its_confidence() -> None:
    from PIL import ImageFont

    font = ImageFont.load_default(size=20)
    fitted = render._fit("-> T-shirt/top", " 95%", font, 100)
    assert fitted.endswith("… 95%") and font.getlength(fitted) <= 100
    assert render._fit("-> Bag", " 5%", font, 150) == "-> Bag 5%"


FASHION_KO = ("티셔츠/상의", "바지", "풀오버", "드레스", "코트", "샌들", "셔츠", "운동화", "가방", "앵클 부츠")


@pytest.mark.parametrize(("tile", "size"), [(96, None), (144, 20)])  # the Evaluate page's, normal and presenting
@pytest.mark.parametrize("names", [embedded.FASHION_CLASSES, FASHION_KO], ids=["en", "ko"])
def test_every_grid_label_fits_its_tile_whole(tile: int, size: int | None, names: tuple[str, ...]) -> None:
    font, width = render.grid_font(size), tile + 2 * 3 - 2  # the tile, its frame, a pixel of air either side
    longest = 0
    for true in names:
        for predicted in names:
            lines = render.grid_label(true, predicted, " 100%", font, width)
            widths = [font.getlength(line) for line in lines]
            assert max(widths) <= width, f"{true} -> {predicted}: {lines} measure {widths} px, the tile {width}"
            assert "".join(lines).replace(" ", "") == f"{true}->{predicted}100%".replace(" ", ""), lines
            longest = max(longest, font.getlength(f"{true} -> {predicted} 100%"))
    assert longest > width or names == FASHION_KO  # the longest English labels need wrapping: they did get cut


def test_the_prediction_grid_wraps_a_long_label_inside_its_tile() -> None:
    x = np.zeros((1, 8, 8, 1), dtype=np.float32)
    names = list(embedded.FASHION_CLASSES)
    grid = render.prediction_grid(x, np.array([9]), np.array([2]), names, confidence=np.array([0.99]), cols=2)
    line = math.ceil(render.PIL_DEFAULT_PX * 1.25)
    assert grid.shape == (96 + 6 + 2 * line + 2, 2 * 102, 3)  # 'Ankle boot' over '-> Pullover 99%'
    ink = grid[102:].min(axis=2) < 128
    assert not ink[:, 102:].any()  # nothing spills into the next (empty) slot
    rows = np.flatnonzero(ink[:, :102].any(axis=1))
    assert rows.min() < line <= rows.max()  # two lines drawn
    right = np.flatnonzero(ink[line:, :102].any(axis=0)).max()
    assert right >= render.grid_font().getlength("-> Pullover 99%") - 2  # the second line whole, not 'Ankl…'


def test_the_diagram_words_parameters_in_the_pages_language(fashion: keras.Model) -> None:
    from cnnviz.core import i18n

    dot = render.architecture_dot(arch.layer_table(fashion), params_label=i18n.t("diagram.params", "ko"))
    assert "파라미터 18,496개" in dot and "params" not in dot
    assert "18,496 params" in render.architecture_dot(arch.layer_table(fashion))  # English by default


def test_png_size_reads_the_header_as_pillow_does() -> None:
    from PIL import Image

    data = render.png_bytes(np.zeros((37, 91, 3), dtype=np.uint8))
    assert render.png_size(data) == (37, 91) == Image.open(io.BytesIO(data)).size[::-1]
    with pytest.raises(ValueError):
        render.png_size(b"GIF89a" + bytes(30))


def test_presenter_bars_leave_a_line_for_every_class_name() -> None:
    """At projector size each of ten class names gets at least one line of text (plotly skips crowded ticks)."""
    names = [f"class {i}" for i in range(10)]
    fig = render.presentation_layout(render.probability_bars(np.full(10, 0.1), names), 1.8)
    size = fig.layout.font.size
    plot_height = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot_height / len(names) >= size * 1.5


def _drawn(text: str, font: object) -> np.ndarray:
    from PIL import Image, ImageDraw

    canvas = Image.new("L", (160, 24), 0)
    ImageDraw.Draw(canvas).text((2, 2), text, fill=255, font=font)
    return np.asarray(canvas)


def test_the_label_font_draws_hangul_not_tofu() -> None:
    # A font without Hangul draws every syllable as the same box ("tofu"); the shipped font draws each
    # syllable as its own shape, so two different class names give different pixels, and neither matches
    # the box Pillow's own default font draws for them.
    from PIL import ImageFont

    font = render.grid_font(14)
    boots, bag = _drawn("앵클 부츠", font), _drawn("가방", font)
    assert boots.any() and bag.any()
    one, other = _drawn("앵", font), _drawn("부", font)
    assert np.abs(one.astype(int) - other.astype(int)).sum() > 255 * 10  # distinct glyphs, not one box
    fallback = ImageFont.load_default(size=14)  # Aileron: no Hangul, so boxes
    tofu_one, tofu_other = _drawn("앵", fallback), _drawn("부", fallback)
    assert np.array_equal(tofu_one, tofu_other)  # the tofu the test guards against really is one box
    assert not np.array_equal(one, tofu_one)
    assert render.LABEL_FONT.is_file() and (render.LABEL_FONT.parent / "OFL.txt").is_file()
    assert "Open Font License" in (render.LABEL_FONT.parent / "OFL.txt").read_text()


def test_prediction_grid_draws_korean_class_names() -> None:
    x = np.zeros((2, 28, 28, 1), np.float32)
    names = data.class_names_in("fashion_mnist", data.FASHION_CLASSES, "ko")
    korean = render.prediction_grid(x, np.array([9, 8]), np.array([9, 7]), names)
    english = render.prediction_grid(x, np.array([9, 8]), np.array([9, 7]), data.FASHION_CLASSES)
    assert korean.shape == english.shape
    # the labels (below the tiles) differ, the tiles and frames do not
    tile_rows = 96 + 6
    assert np.array_equal(korean[:tile_rows], english[:tile_rows])
    assert not np.array_equal(korean[tile_rows:], english[tile_rows:])
