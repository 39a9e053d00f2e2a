"""cnnviz/initialisers.py against independent references: sub-models, a plain GradientTape, the formulas."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from cnnviz import data
from cnnviz.core import i18n
from cnnviz.core.errors import CnnvizError
from cnnviz.models import zoo
from cnnviz.train import initialisers


@pytest.fixture(scope="module")
def batch() -> tuple[np.ndarray, np.ndarray]:
    return initialisers.first_batch(data.load_dataset("fashion_mnist_sample"), 32)


def test_activation_statistics_match_a_sub_model_forward_pass(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = batch
    model = initialisers.build("fashion_cnn", (28, 28, 1), 10, "he_normal", seed=1)
    stats = initialisers.layer_statistics(model, x, y)
    assert [s.name for s in stats] == ["conv1", "conv2", "dense", "predictions"]
    for row in stats:
        out = keras.Model(model.inputs, model.get_layer(row.name).output)(x, training=False).numpy()
        assert row.activation_std == pytest.approx(float(out.std()), rel=1e-4)
        assert row.activation_mean == pytest.approx(float(out.mean()), rel=1e-4, abs=1e-7)
        assert row.zero_fraction == pytest.approx(float((out == 0).mean()))
        assert sum(row.activation_counts) == int(np.count_nonzero(out))
    # "same" convolutions and two 2×2 pools: 28 → 7 before the Dense layer
    assert stats[0].fan_in == 3 * 3 * 1 and stats[1].fan_in == 3 * 3 * 32 and stats[2].fan_in == 7 * 7 * 64
    assert stats[1].fan_out == 3 * 3 * 64


def test_gradient_norms_match_a_plain_gradient_tape(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = batch
    model = initialisers.build("fashion_cnn", (28, 28, 1), 10, "glorot_uniform", seed=2)
    stats = initialisers.layer_statistics(model, x, y)
    kernels = [model.get_layer(name).kernel for name in ("conv1", "conv2", "dense", "predictions")]
    with tf.GradientTape() as tape:
        probs = model(x, training=False)
        # the cross-entropy by hand: minus the log of each image's true-class probability, averaged
        loss = tf.reduce_mean(-tf.math.log(tf.gather(probs, y, axis=1, batch_dims=1)))
    grads = tape.gradient(loss, kernels)
    for row, grad in zip(stats, grads, strict=True):
        assert row.gradient_norm == pytest.approx(float(np.linalg.norm(grad.numpy().ravel())), rel=1e-3)
        assert row.gradient_std == pytest.approx(float(grad.numpy().std()), rel=1e-3)


@pytest.mark.parametrize("name", zoo.INITIALIZERS)
def test_the_initialiser_is_the_one_used(name: str) -> None:
    model = initialisers.build("fashion_cnn", (28, 28, 1), 10, name, seed=0)
    kernel = model.get_layer("dense").kernel.numpy()  # 3136 × 100: 313,600 draws
    fan_in, fan_out = kernel.shape
    expected = {"random_uniform": 0.05 / np.sqrt(3), "random_normal": 0.05,
                "lecun_uniform": np.sqrt(1 / fan_in), "lecun_normal": np.sqrt(1 / fan_in),
                "glorot_uniform": np.sqrt(2 / (fan_in + fan_out)),
                "glorot_normal": np.sqrt(2 / (fan_in + fan_out)),
                "he_uniform": np.sqrt(2 / fan_in), "he_normal": np.sqrt(2 / fan_in)}[name]
    assert kernel.std() == pytest.approx(expected, rel=0.02)  # sampling error of a std: ~1/sqrt(2n) = 0.2 %
    assert initialisers.expected_std(name, fan_in, fan_out) == pytest.approx(expected)
    if name == "random_uniform":
        assert np.abs(kernel).max() <= 0.05
    if name.endswith("_uniform") and name != "random_uniform":
        assert np.abs(kernel).max() <= np.sqrt(3) * expected + 1e-6  # uniform on ±√3·σ


def test_he_keeps_relu_signal_larger_than_random_uniform(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = batch
    stats = initialisers.compare("fashion_cnn", x, y, ("random_uniform", "he_normal"), seed=0, num_classes=10)
    assert set(stats) == {"random_uniform", "he_normal"}
    assert stats["he_normal"][1].activation_std > 5 * stats["random_uniform"][1].activation_std


def test_compare_is_deterministic(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = batch
    first = initialisers.compare("lenet5", x, y, ("lecun_normal",), seed=3, num_classes=10)
    again = initialisers.compare("lenet5", x, y, ("lecun_normal",), seed=3, num_classes=10)
    assert first == again


def test_magnitude_counts_bin_by_decade() -> None:
    counts = initialisers.magnitude_counts(np.array([0.0, 0.01, -0.01, 1.0, 1e-20, 1e9]))
    edges = initialisers.MAGNITUDE_EDGES
    assert sum(counts) == 5  # the zero is left out; 1e-20 and 1e9 land in the end bins
    assert counts[0] == 1 and counts[-1] == 1
    assert counts[int(np.searchsorted(edges, -2.0, side="right")) - 1] == 2


def test_bad_inputs_get_messages() -> None:
    x, y = np.zeros((2, 28, 28, 1), np.float32), np.zeros(2, np.int64)
    with pytest.raises(CnnvizError, match="no classifier"):
        initialisers.compare("inception_naive", x, y)
    with pytest.raises(CnnvizError, match="Unknown initializer"):
        initialisers.compare("fashion_cnn", x, y, ("zeros",))
    with pytest.raises(CnnvizError, match="1 to 5 epochs") as err:
        initialisers.train_briefly("fashion_cnn", data.load_dataset("shapes"), "he_normal", epochs=9)
    assert err.value.text("ko") == i18n.t("error.lab_epochs", "ko", value=9, most=5)


def test_train_briefly_uses_the_training_recipe_and_is_repeatable() -> None:
    ds = data.load_dataset("fashion_mnist_sample")
    first = initialisers.train_briefly("fashion_cnn", ds, "he_normal", epochs=1, seed=0, limit=100)
    again = initialisers.train_briefly("fashion_cnn", ds, "he_normal", epochs=1, seed=0, limit=100)
    assert first["epoch"] == [1.0] and 0.0 <= first["val_accuracy"][0] <= 1.0
    assert first["val_accuracy"] == again["val_accuracy"] and first["loss"] == again["loss"]
    # Keras's own evaluation of a model trained the same way gives the same validation accuracy
    keras.utils.set_random_seed(0)
    model = zoo.build_model("fashion_cnn", ds.input_shape, ds.num_classes, kernel_initializer="he_normal")
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(data.train_batches(_limited(ds, 100), 64, seed=0), epochs=1, verbose=0, shuffle=False)
    _, accuracy = model.evaluate(ds.x_val[:100], ds.y_val[:100], verbose=0)
    assert first["val_accuracy"][0] == pytest.approx(accuracy, abs=1e-6)


def _limited(ds: data.Dataset, limit: int) -> data.Dataset:
    import dataclasses

    return dataclasses.replace(ds, x_train=ds.x_train[:limit], y_train=ds.y_train[:limit])


def test_figures_have_one_line_per_initialiser(batch: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = batch
    stats = initialisers.compare("lenet5", x, y, ("he_normal", "glorot_uniform"), num_classes=10)
    fig = initialisers.depth_figure(stats, "gradient_norm", "ko")
    assert [trace.name for trace in fig.data] == ["he_normal", "glorot_uniform"]
    assert fig.layout.yaxis.type == "log"
    assert list(fig.data[0].y) == [row.gradient_norm for row in stats["he_normal"]]
    assert fig.layout.title.text == i18n.t("lab.init.fig_gradient_norm", "ko")
    hist = initialisers.histogram_figure(stats, "c3", "activation")
    assert sum(hist.data[0].y) == pytest.approx(1.0)
    curves = initialisers.overlaid_curves({"a": {"epoch": [1, 2], "val_accuracy": [0.5, 0.6],
                                                 "accuracy": [0.4, 0.7]}}, "accuracy")
    assert list(curves.data[0].y) == [0.5, 0.6] and list(curves.data[1].y) == [0.4, 0.7]
