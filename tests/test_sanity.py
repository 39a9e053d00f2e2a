"""cnnviz.sanity: rank correlation against SciPy, randomisation against the weights, curves by hand."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from pathlib import Path  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

from cnnviz.core.errors import ModelError  # noqa: E402
from cnnviz.explain import methods as explain
from cnnviz.explain import sanity
from cnnviz.models import arch  # noqa: E402
from cnnviz.train import checkpoints

ROOT = Path(__file__).resolve().parents[1]


def test_similarity_is_spearmans_rank_correlation() -> None:
    assert sanity.similarity(np.array([1, 2, 3]), np.array([30, 20, 10])) == pytest.approx(-1)
    assert sanity.similarity(np.array([1, 2, 3, 4]), np.array([1, 4, 9, 16])) == pytest.approx(1)
    # hand calculation: ranks (1, 2, 3, 4) and (2, 1, 4, 3): d² = 4, ρ = 1 − 6·4 / (4·15) = 0.6
    assert sanity.similarity(np.array([1.0, 2, 3, 4]), np.array([5.0, 1, 9, 7])) == pytest.approx(0.6)
    rng = np.random.default_rng(0)
    a = rng.integers(0, 5, (12, 12)).astype(float)  # many ties
    b = a + rng.integers(0, 4, (12, 12))
    expected = stats.spearmanr(a.ravel(), b.ravel()).statistic
    assert sanity.similarity(a, b) == pytest.approx(expected, abs=1e-12)
    assert sanity.similarity(np.ones((4, 4)), rng.random((4, 4))) == 0.0
    with pytest.raises(ModelError):
        sanity.similarity(np.ones((4, 4)), np.ones((4, 5)))


@pytest.fixture(scope="module")
def fashion() -> keras.Model:
    model, _ = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")
    return model


def weights_by_layer(model: keras.Model) -> dict[str, list[np.ndarray]]:
    return {g.name: [np.asarray(w) for w in g.layer.weights] for g in arch.flat_graph(model)}


def test_randomized_cascades_from_the_top_and_leaves_the_original(fashion: keras.Model) -> None:
    assert sanity.cascade_layers(fashion) == ["predictions", "dense", "conv2", "conv1"]
    before = weights_by_layer(fashion)
    copy = sanity.randomized(fashion, seed=0, from_layer="dense")
    after = weights_by_layer(copy)
    for name in ("predictions", "dense"):
        kernel = after[name][0]
        assert not np.allclose(kernel, before[name][0])
        limit = np.sqrt(6 / sum(kernel.shape))  # glorot_uniform, the zoo's initializer
        assert np.abs(kernel).max() <= limit and kernel.std() == pytest.approx(limit / np.sqrt(3), rel=0.1)
    for name in ("conv1", "conv2"):
        assert all(np.array_equal(a, b) for a, b in zip(after[name], before[name], strict=False))
    assert all(np.array_equal(a, b) for a, b in zip(weights_by_layer(fashion)["dense"], before["dense"], strict=False))
    again = weights_by_layer(sanity.randomized(fashion, seed=0, from_layer="dense"))
    assert np.array_equal(again["dense"][0], after["dense"][0])  # the seed decides the draw
    whole = weights_by_layer(sanity.randomized(fashion))
    assert not np.allclose(whole["conv1"][0], before["conv1"][0])
    with pytest.raises(ModelError) as caught:
        sanity.randomized(fashion, from_layer="pool1")
    assert caught.value.key == "error.randomize_layer"


def test_randomized_works_inside_a_nested_base() -> None:
    from cnnviz.models import zoo

    model = zoo.build_model("vgg16_transfer", (32, 32, 3), 2, weights=None)
    copy = sanity.randomized(model, seed=1, from_layer="vgg16/block5_conv3")
    before, after = weights_by_layer(model), weights_by_layer(copy)
    assert not np.allclose(after["vgg16/block5_conv3"][0], before["vgg16/block5_conv3"][0])
    assert np.array_equal(after["vgg16/block5_conv2"][0], before["vgg16/block5_conv2"][0])
    x = np.random.default_rng(0).random((32, 32, 3)).astype(np.float32)
    assert explain.grad_cam(copy, x).shape == (32, 32)


def test_saliency_changes_when_the_model_is_randomised(fashion: keras.Model) -> None:
    x = np.zeros((28, 28, 1), np.float32)
    x[6:22, 9:19] = 0.8
    trained = explain.saliency(fashion, x)
    assert sanity.similarity(trained, explain.saliency(fashion, x)) == pytest.approx(1)
    assert sanity.similarity(trained, explain.saliency(sanity.randomized(fashion), x)) < 0.6


def mean_model() -> keras.Model:
    """p(class 1) = sigmoid(4·mean(x) − 2): a model whose curves can be computed by hand."""
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.layers[-1].set_weights([np.array([[4.0]]), np.array([-2.0])])
    return model


def test_deletion_and_insertion_curves_match_a_hand_calculation() -> None:
    model = mean_model()
    x = (np.arange(16, dtype=np.float32) / 15).reshape(4, 4, 1)
    attribution = x[..., 0]  # the brightest pixels matter most to this model
    order = np.argsort(-x.ravel())

    def p(values: np.ndarray) -> float:
        return 1 / (1 + np.exp(-(4 * values.mean() - 2)))

    deletion = sanity.deletion_curve(model, x, attribution, class_index=1, steps=4)
    expected = []
    for count in (0, 4, 8, 12, 16):
        kept = x.ravel().copy()
        kept[order[:count]] = 0
        expected.append(p(kept))
    np.testing.assert_allclose(deletion.fractions, [0, 0.25, 0.5, 0.75, 1])
    np.testing.assert_allclose(deletion.probabilities, expected, atol=1e-6)
    assert deletion.auc == pytest.approx(np.trapezoid(expected, deletion.fractions), abs=1e-6)
    insertion = sanity.insertion_curve(model, x, attribution, class_index=1, steps=4, baseline="black")
    expected = []
    for count in (0, 4, 8, 12, 16):
        shown = np.zeros(16)
        shown[order[:count]] = x.ravel()[order[:count]]
        expected.append(p(shown))
    np.testing.assert_allclose(insertion.probabilities, expected, atol=1e-6)
    worst = sanity.deletion_curve(model, x, -attribution, class_index=1, steps=4)
    assert deletion.auc < worst.auc  # deleting the important pixels first hurts sooner
    assert sanity.deletion_curve(model, x, x, class_index=1, steps=4).auc == pytest.approx(deletion.auc)


def test_curves_refuse_a_map_of_the_wrong_size() -> None:
    with pytest.raises(ModelError) as caught:
        sanity.deletion_curve(mean_model(), np.zeros((4, 4, 1)), np.zeros((5, 5)))
    assert caught.value.key == "error.explain_attribution"
    assert caught.value.text("ko") != str(caught.value)


def test_verdict_thresholds() -> None:
    assert sanity.verdict(1.0) == sanity.verdict(sanity.SAME_FROM) == "sanity.verdict_same"
    assert sanity.verdict(0.49) == sanity.verdict(sanity.DIFFERENT_BELOW) == "sanity.verdict_partly"
    assert sanity.verdict(0.19) == sanity.verdict(-1.0) == "sanity.verdict_different"
    for bad in (float("nan"), 1.5, "0.3", None):
        with pytest.raises(ModelError):
            sanity.verdict(bad)
