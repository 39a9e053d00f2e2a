"""cnnviz.arithmetic: one convolution or pooling step against Keras and a direct NumPy convolution."""

from __future__ import annotations

import itertools
import math

import keras
import numpy as np
import pytest

from cnnviz.analysis import activations, arithmetic
from cnnviz.analysis.arithmetic import StepError
from cnnviz.models import arch

H, W = 11, 9  # an input neither square nor a multiple of any stride
KERNELS = {"k3": (3, 3), "k2": (2, 2), "k2x3": (2, 3), "k1": (1, 1), "k4x1": (4, 1)}
ACTIVATIONS = {"k3": "relu", "k2": "linear", "k2x3": "sigmoid", "k1": "relu", "k4x1": "softmax"}
COMBOS = [(s, p, d) for s, p, d in itertools.product((1, 2, 3), ("same", "valid"), (1, 2))
          if s == 1 or d == 1]  # Keras refuses stride > 1 with dilation > 1


def tf_padding(n: int, span: int, stride: int, padding: str) -> tuple[int, int]:
    """TensorFlow's padding, written from its documentation (not from cnnviz)."""
    if padding == "valid":
        return 0, 0
    out = -(-n // stride)
    total = max((out - 1) * stride + span - n, 0)
    return total // 2, total - total // 2


def direct_conv(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray, stride: int, padding: str,
                dilation: int) -> np.ndarray:
    """The pre-activation of a Conv2D, by loops over np.pad: (H_out, W_out, C_out)."""
    k_h, k_w = kernel.shape[:2]
    span_h, span_w = (k_h - 1) * dilation + 1, (k_w - 1) * dilation + 1
    top, bottom = tf_padding(x.shape[0], span_h, stride, padding)
    left, right = tf_padding(x.shape[1], span_w, stride, padding)
    padded = np.pad(x.astype(np.float64), ((top, bottom), (left, right), (0, 0)))
    h_out = (padded.shape[0] - span_h) // stride + 1
    w_out = (padded.shape[1] - span_w) // stride + 1
    out = np.zeros((h_out, w_out, kernel.shape[3]))
    for r in range(h_out):
        for c in range(w_out):
            for i in range(k_h):
                for j in range(k_w):
                    pixel = padded[r * stride + i * dilation, c * stride + j * dilation]
                    out[r, c] += pixel @ kernel[i, j]
    return out + bias


def conv_model(stride: int, padding: str, dilation: int) -> keras.Model:
    """One input, a branch per kernel shape (random weights and biases), and a conv reading a conv."""
    keras.utils.set_random_seed(stride * 10 + dilation)
    inputs = keras.Input((H, W, 2), name="input")
    outs = []
    for name, size in KERNELS.items():
        layer = keras.layers.Conv2D(3, size, strides=stride, padding=padding, dilation_rate=dilation,
                                    activation=ACTIVATIONS[name], bias_initializer="random_normal", name=name)
        outs.append(keras.layers.Flatten()(layer(inputs)))
    first = keras.layers.Conv2D(4, 3, padding="same", bias_initializer="random_normal", name="first")(inputs)
    second = keras.layers.Conv2D(2, 3, strides=stride, padding=padding, dilation_rate=dilation,
                                 bias_initializer="random_normal", name="second")(first)
    outs.append(keras.layers.Flatten()(second))
    return keras.Model(inputs, keras.layers.Concatenate()(outs))


def picture(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape).astype(np.float32)


def corners_and_middle(height: int, width: int) -> list[tuple[int, int]]:
    last_row, last_col = height - 1, width - 1
    return sorted({(0, 0), (0, last_col), (last_row, 0), (last_row, last_col), (height // 2, width // 2)})


@pytest.mark.parametrize(("stride", "padding", "dilation"), COMBOS)
def test_conv_at_matches_keras_and_a_direct_convolution(stride: int, padding: str, dilation: int) -> None:
    model = conv_model(stride, padding, dilation)
    x = picture((H, W, 2), seed=stride + dilation)
    maps = activations.feature_maps(model, x, list(KERNELS) + ["first", "second"])
    for name in [*KERNELS, "second"]:
        layer = model.get_layer(name)
        source = x if name != "second" else maps["first"]
        reference = direct_conv(source, np.asarray(layer.kernel), np.asarray(layer.bias), stride, padding,
                                dilation)
        assert reference.shape == maps[name].shape  # the reference's own sizes agree with Keras
        for row, col in corners_and_middle(*maps[name].shape[:2]):
            for channel in range(maps[name].shape[2]):
                step = arithmetic.conv_at(model, x, name, row, col, channel)
                assert step.output == pytest.approx(float(maps[name][row, col, channel]), rel=1e-4, abs=1e-5)
                assert step.map_value == float(maps[name][row, col, channel])
                expected = reference[row, col, channel]
                assert step.total + step.bias == pytest.approx(expected, rel=1e-4, abs=1e-5)
                assert step.pre_activation == pytest.approx(reference[row, col, channel], rel=1e-4, abs=1e-5)
                assert step.window.shape == step.kernel.shape == step.products.shape
                assert step.activation == ACTIVATIONS.get(name, "linear")


def test_same_padding_with_stride_pads_more_after() -> None:
    """A 3×3 window, stride 2, on 8 pixels: out 4, total padding 1, all of it at the bottom/right."""
    assert arithmetic.padding_amounts(8, 3, 2, "same") == (0, 1)
    assert arithmetic.window_positions(8, 3, 2, "same") == [0, 2, 4, 6]
    assert arithmetic.padding_amounts(7, 3, 2, "same") == (1, 1)
    assert arithmetic.padding_amounts(10, 4, 1, "same") == (1, 2)  # even kernel: the odd pixel goes after
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((8, 8, 1)),
                              keras.layers.Conv2D(1, 3, strides=2, padding="same", name="c")])
    x = picture((8, 8, 1))
    step = arithmetic.conv_at(model, x, "c", 3, 3, 0)
    assert list(step.placement.rows) == [6, 7, 8]  # the last tap is the padding row below the image
    assert list(step.placement.inside[:, 0]) == [True, True, False]
    assert step.window[2].tolist() == [[0.0]] * 3
    assert step.output == pytest.approx(float(activations.feature_maps(model, x)["c"][3, 3, 0]), abs=1e-5)


@pytest.mark.parametrize("multiplier", [1, 2])
@pytest.mark.parametrize(("stride", "padding"), [(1, "same"), (2, "same"), (2, "valid")])
def test_depthwise_conv_at_matches_keras(multiplier: int, stride: int, padding: str) -> None:
    keras.utils.set_random_seed(multiplier)
    model = keras.Sequential([keras.Input((9, 8, 3)),
                              keras.layers.DepthwiseConv2D(3, strides=stride, padding=padding,
                                                           depth_multiplier=multiplier, activation="relu",
                                                           bias_initializer="random_normal", name="dw")])
    x = picture((9, 8, 3), seed=5)
    found = activations.feature_maps(model, x)["dw"]
    kernel = np.asarray(model.get_layer("dw").kernel)
    bias = np.asarray(model.get_layer("dw").bias)
    for row, col in corners_and_middle(*found.shape[:2]):
        for channel in range(found.shape[2]):
            step = arithmetic.conv_at(model, x, "dw", row, col, channel)
            source = channel // multiplier
            assert step.input_channels == (source,)
            one = kernel[:, :, source:source + 1, channel % multiplier][..., None]
            reference = direct_conv(x[:, :, source:source + 1], one, bias[channel:channel + 1], stride,
                                    padding, 1)
            assert step.total + step.bias == pytest.approx(reference[row, col, 0], rel=1e-4, abs=1e-5)
            assert step.output == pytest.approx(float(found[row, col, channel]), rel=1e-4, abs=1e-5)


def test_conv_inside_a_nested_model() -> None:
    keras.utils.set_random_seed(7)
    inner = keras.Sequential([keras.Input((10, 10, 2)),
                              keras.layers.Conv2D(4, 3, activation="relu", name="a"),
                              keras.layers.MaxPooling2D(name="p"),
                              keras.layers.Conv2D(3, 2, padding="same", bias_initializer="random_normal",
                                                  name="b")], name="base")
    inputs = keras.Input((10, 10, 2))
    outputs = keras.layers.Dense(2)(keras.layers.Flatten()(inner(inputs)))
    model = keras.Model(inputs, outputs)
    x = picture((10, 10, 2), seed=1)
    assert arithmetic.step_layers(model) == ["base/a", "base/p", "base/b"]
    # the reference: the inner model's own layers, called one by one
    a = np.asarray(inner.get_layer("a")(x[None]))[0]
    p = np.asarray(inner.get_layer("p")(a[None]))[0]
    b = np.asarray(inner.get_layer("b")(p[None]))[0]
    layer = inner.get_layer("b")
    reference = direct_conv(p, np.asarray(layer.kernel), np.asarray(layer.bias), 1, "same", 1)
    for row, col in corners_and_middle(4, 4):
        step = arithmetic.conv_at(model, x, "base/b", row, col, 2)
        assert step.output == pytest.approx(float(b[row, col, 2]), rel=1e-4, abs=1e-5)
        assert step.total + step.bias == pytest.approx(reference[row, col, 2], rel=1e-4, abs=1e-5)
    pooled = arithmetic.pool_at(model, x, "base/p", 1, 3, 0)
    assert pooled.output == pytest.approx(float(p[1, 3, 0]))
    assert pooled.output == float(a[2:4, 6:8, 0].max())


def direct_pool(x: np.ndarray, size: int, stride: int, padding: str, mode: str) -> np.ndarray:
    """Pooling by loops over the input, padding left out (max ignores it, the mean does not count it)."""
    top, bottom = tf_padding(x.shape[0], size, stride, padding)
    left, right = tf_padding(x.shape[1], size, stride, padding)
    h_out = (x.shape[0] + top + bottom - size) // stride + 1
    w_out = (x.shape[1] + left + right - size) // stride + 1
    out = np.zeros((h_out, w_out, x.shape[2]))
    for r in range(h_out):
        for c in range(w_out):
            r0, c0 = r * stride - top, c * stride - left
            cells = x[max(r0, 0):r0 + size, max(c0, 0):c0 + size]
            out[r, c] = cells.max(axis=(0, 1)) if mode == "max" else cells.mean(axis=(0, 1))
    return out


@pytest.mark.parametrize("kind", ["MaxPooling2D", "AveragePooling2D"])
@pytest.mark.parametrize(("size", "stride", "padding"), [(2, 2, "valid"), (3, 2, "same"), (2, 2, "same"),
                                                         (3, 1, "same"), (3, 3, "valid")])
def test_pool_at_matches_keras(kind: str, size: int, stride: int, padding: str) -> None:
    layer = getattr(keras.layers, kind)(size, strides=stride, padding=padding, name="pool")
    model = keras.Sequential([keras.Input((7, 8, 2)), layer])
    x = picture((7, 8, 2), seed=size)
    found = activations.feature_maps(model, x)["pool"]
    mode = "max" if kind == "MaxPooling2D" else "average"
    reference = direct_pool(x, size, stride, padding, mode)
    np.testing.assert_allclose(found, reference, rtol=1e-5, atol=1e-6)  # Keras leaves padding out of the mean
    for row, col in corners_and_middle(*found.shape[:2]):
        for channel in range(2):
            step = arithmetic.pool_at(model, x, "pool", row, col, channel)
            assert step.mode == mode
            assert step.output == pytest.approx(float(found[row, col, channel]), rel=1e-5, abs=1e-6)
            inside = step.placement.inside
            assert step.count == int(inside.sum())
            if mode == "max":
                i, j = step.winner
                assert inside[i, j]
                r, c = step.placement.rows[i], step.placement.cols[j]
                assert x[r, c, channel] == step.output
            else:
                assert step.winner is None
                assert step.total / step.count == pytest.approx(step.output)


def test_average_pool_same_corner_divides_by_the_inside_taps() -> None:
    """Hand calculation: a 3×3 average with same padding at the corner of a 4×4 ramp sees 2×2 pixels."""
    model = keras.Sequential([keras.Input((4, 4, 1)),
                              keras.layers.AveragePooling2D(3, strides=1, padding="same", name="avg")])
    x = np.arange(16, dtype=np.float32).reshape(4, 4, 1)
    step = arithmetic.pool_at(model, x, "avg", 0, 0, 0)
    assert step.count == 4
    assert step.output == pytest.approx((0 + 1 + 4 + 5) / 4)


def test_refusals_are_translated() -> None:
    model = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 3, name="c"),
                              keras.layers.BatchNormalization(name="bn"), keras.layers.MaxPooling2D(name="p"),
                              keras.layers.Flatten(), keras.layers.Dense(2, name="d")])
    x = picture((6, 6, 1))
    cases = [(lambda: arithmetic.conv_at(model, x, "bn", 0, 0, 0), "error.calc_layer_type"),
             (lambda: arithmetic.conv_at(model, x, "p", 0, 0, 0), "error.calc_layer_type"),
             (lambda: arithmetic.pool_at(model, x, "c", 0, 0, 0), "error.calc_layer_type"),
             (lambda: arithmetic.conv_at(model, x, "nope", 0, 0, 0), "error.calc_unknown_layer"),
             (lambda: arithmetic.conv_at(model, x, "c", 4, 0, 0), "error.calc_position"),
             (lambda: arithmetic.conv_at(model, x, "c", 0, -1, 0), "error.calc_position"),
             (lambda: arithmetic.conv_at(model, x, "c", 0, 0, 2), "error.calc_channel"),
             (lambda: arithmetic.pool_at(model, x, "p", 2, 0, 0), "error.calc_position")]
    for call, key in cases:
        with pytest.raises(StepError) as err:
            call()
        assert err.value.key == key
        assert err.value.text("ko") != str(err.value)
    assert arithmetic.step_layers(model) == ["c", "p"]


def test_channels_first_is_refused() -> None:
    layer = keras.layers.Conv2D(2, 3, data_format="channels_first", name="cf")
    model = keras.Sequential([keras.Input((1, 6, 6)), layer])
    assert arithmetic.step_layers(model) == []
    with pytest.raises(StepError) as err:
        arithmetic.conv_at(model, picture((1, 6, 6)), "cf", 0, 0, 0)
    assert err.value.key == "error.calc_channels_first"


def test_window_positions_and_output_size_match_keras() -> None:
    rng = np.random.default_rng(0)
    checked = 0
    while checked < 40:
        n, k, s, d = int(rng.integers(1, 30)), int(rng.integers(1, 8)), int(rng.integers(1, 5)), \
            int(rng.integers(1, 4))
        padding = str(rng.choice(["same", "valid"]))
        if (s > 1 and d > 1) or (padding == "valid" and (k - 1) * d + 1 > n):
            continue
        layer = keras.layers.Conv2D(1, k, strides=s, padding=padding, dilation_rate=d, name="c")
        model = keras.Sequential([keras.Input((n, n, 1)), layer])
        expected = layer.compute_output_shape((1, n, n, 1))[1]
        size, formula = arithmetic.output_size(n, k, s, padding, d)
        assert size == expected == len(arithmetic.window_positions(n, k, s, padding, d))
        row = [r for r in arch.layer_table(model) if r.name == "c"][0]
        assert formula == row.output_size_formula
        assert formula.endswith(f"= {expected}")
        # every window lies within the padded input, and the first and last reach both ends of it
        before, after = arithmetic.padding_amounts(n, k, s, padding, d)
        starts = arithmetic.window_positions(n, k, s, padding, d)
        span = (k - 1) * d + 1
        assert starts[0] == -before
        assert starts[-1] + span <= n + after
        assert (n + before + after - span) // s + 1 == expected
        checked += 1


def test_explicit_padding_formula_uses_p() -> None:
    """Textbook cases: 227 pixels, 11×11, stride 4, no padding → 55; 5 pixels, 3×3, p = 1, s = 2 → 3."""
    assert arithmetic.output_size(227, 11, 4, 0) == (55, "(227 − 11 + 2×0)/4 + 1 = 55")
    assert arithmetic.output_size(5, 3, 2, 1) == (3, "(5 − 3 + 2×1)/2 + 1 = 3")
    assert arithmetic.output_size(6, 3, 2, 1) == (3, "⌊(6 − 3 + 2×1)/2⌋ + 1 = 3")
    assert arithmetic.window_positions(5, 3, 2, 1) == [-1, 1, 3]


def test_sandbox_explains_impossible_combinations() -> None:
    with pytest.raises(StepError) as err:
        arithmetic.sandbox(4, 3, 1, "valid", 2)  # a 3×3 with dilation 2 spans 5 > 4
    assert err.value.key == "error.calc_no_output"
    assert err.value.values["span"] == 5 and err.value.values["padded"] == 4
    assert "⌊(4 − 5 + 0)/1⌋ + 1 = 0" in str(err.value)
    assert arithmetic.sandbox(4, 3, 1, 1, 2).out == 2  # one pixel of padding each side makes room
    for args, key in [((0, 3), "error.calc_below_one"), ((5, 0), "error.calc_below_one"),
                      ((5, 3, 0), "error.calc_below_one"), ((5, 3, 1, "valid", 0), "error.calc_below_one"),
                      ((5, 3, 1, -1), "error.calc_negative_padding"),
                      ((5, 3, 1, "full"), "error.calc_padding"),
                      ((10**5, 3), "error.calc_too_large")]:
        with pytest.raises(StepError) as err:
            arithmetic.sandbox(*args)
        assert err.value.key == key
        assert err.value.text("ko")


def test_sandbox_notes() -> None:
    same = arithmetic.sandbox(8, 3, 2, "same")
    assert (same.pad_before, same.pad_after, same.out) == (0, 1, 4)
    note = {n.key: n.values for n in same.notes}["calc.note_same"]
    assert note["formula"] == "max((4 − 1)×2 + 3 − 8, 0) = 1"
    skips = arithmetic.sandbox(10, 2, 3)  # windows at 0, 3, 6: pixel 2, 5, 8 skipped; 9 left over
    keys = {n.key: n.values for n in skips.notes}
    assert keys["calc.note_skips"]["gap"] == 1
    assert keys["calc.note_left_over"]["count"] == 2  # pixels 8 and 9
    assert skips.covered == {0, 1, 3, 4, 6, 7}
    assert skips.taps(2) == [6, 7]
    exact = arithmetic.sandbox(7, 3, 2)
    assert exact.notes == ()
    assert "calc.note_keras_refuses" in {n.key for n in arithmetic.sandbox(9, 3, 2, 0, 2).notes}


def test_dilated_taps() -> None:
    assert arithmetic.window_taps(-2, 3, 2) == [-2, 0, 2]
    assert math.isclose(arithmetic.sandbox(9, 3, 1, "same", 2).pad_before, 2)
