"""Embeddings against references computed another way: NumPy's SVD, Keras sub-models, silhouettes by hand."""

from __future__ import annotations

import keras
import numpy as np
import pytest
from helpers import ROOT

from cnnviz.analysis import embedding
from cnnviz.analysis.embedding import EmbeddingError
from cnnviz.core.errors import ModelError
from cnnviz.train import checkpoints


def small_model(seed: int = 0) -> keras.Model:
    """Conv-Pool-Flatten-Dense(16)-Dropout-Dense(3, softmax) on 12×12×1, seeded weights."""
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((12, 12, 1), name="image")
    h = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    h = keras.layers.MaxPooling2D(name="pool")(h)
    h = keras.layers.Flatten(name="flat")(h)
    h = keras.layers.Dense(16, activation="relu", name="hidden")(h)
    h = keras.layers.Dropout(0.5, name="drop")(h)
    return keras.Model(inputs, keras.layers.Dense(3, activation="softmax", name="out")(h))


def pictures(n: int = 20, shape: tuple[int, ...] = (12, 12, 1), seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).random((n, *shape), dtype=np.float32)


def same_up_to_sign(a: np.ndarray, b: np.ndarray, tol: float = 1e-6) -> None:
    """Each column of `a` equals the matching column of `b` or its negative (PCA's axes have no sign)."""
    for k in range(a.shape[1]):
        sign = np.sign(np.dot(a[:, k], b[:, k])) or 1.0
        np.testing.assert_allclose(a[:, k], sign * b[:, k], atol=tol, rtol=0)


# --- PCA ------------------------------------------------------------------------------------------


def test_pca_equals_the_svd_of_the_centred_data() -> None:
    rng = np.random.default_rng(0)
    table = rng.normal(size=(60, 7)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2, 0.1, 0.05]) + 4.0
    centred = table - table.mean(axis=0)
    u, s, vt = np.linalg.svd(centred, full_matrices=False)
    same_up_to_sign(embedding.project(table, "pca"), centred @ vt[:2].T, tol=1e-9)
    share = s**2 / (s**2).sum()
    assert embedding.explained_variance(table) == pytest.approx((share[0], share[1]), abs=1e-12)


def test_one_feature_gives_points_on_a_line_and_a_constant_table_no_variance() -> None:
    column = np.arange(5.0)[:, None]
    np.testing.assert_allclose(embedding.project(column, "pca"), [[-2, 0], [-1, 0], [0, 0], [1, 0], [2, 0]])
    assert embedding.explained_variance(np.ones((4, 3))) == (0.0, 0.0)


# --- t-SNE ----------------------------------------------------------------------------------------


def test_tsne_is_deterministic_with_its_seed_and_gives_one_point_per_row() -> None:
    rng = np.random.default_rng(3)
    table = np.concatenate([rng.normal(0, 1, (20, 5)), rng.normal(8, 1, (20, 5))])
    first = embedding.project(table, "tsne", seed=0)
    assert first.shape == (40, 2)
    np.testing.assert_array_equal(first, embedding.project(table, "tsne", seed=0))
    labels = np.repeat([0, 1], 20)
    assert embedding.separation(first, labels) > 0.5  # two distant blobs stay apart


def test_perplexity_is_thirty_or_a_third_of_the_other_points() -> None:
    assert embedding.perplexity(3) == pytest.approx(2 / 3)
    assert embedding.perplexity(40) == 13.0
    assert embedding.perplexity(91) == 30.0
    assert embedding.perplexity(2000) == 30.0
    assert all(embedding.perplexity(n) < n for n in range(3, 200))
    embedding.project(np.arange(9.0).reshape(3, 3) ** 2, "tsne")  # three points: scikit-learn accepts it


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("table", "method", "key"), [
    (np.zeros((2, 4)), "pca", "error.emb_too_few"),
    (np.zeros((2, 4)), "tsne", "error.emb_too_few"),
    (np.zeros((10, 4)), "umap", "error.emb_method"),
    (np.zeros(10), "pca", "error.emb_shape"),
    (np.zeros((10, 0)), "pca", "error.emb_shape"),
    (np.array([[0.0, 1.0]] * 4 + [[np.nan, 1.0]]), "pca", "error.emb_not_finite"),
])
def test_unusable_tables_are_refused_in_both_languages(table: np.ndarray, method: str, key: str) -> None:
    with pytest.raises(EmbeddingError) as found:
        embedding.project(table, method)
    assert found.value.key == key
    korean = found.value.text("ko")
    assert korean != str(found.value) and any("\uac00" <= c <= "\ud7a3" for c in korean)


def test_features_refuse_wrong_images_and_unknown_layers() -> None:
    model = small_model()
    with pytest.raises(EmbeddingError, match=r"\(5, 10, 10, 1\).*\('N', 12, 12, 1\)"):
        embedding.features(model, pictures(5, (10, 10, 1)))
    with pytest.raises(EmbeddingError, match="at least 3"):
        embedding.features(model, pictures(2))
    with pytest.raises(EmbeddingError) as found:
        embedding.features(model, pictures(5), layer="nope")
    assert found.value.key == "error.emb_layer" and "hidden" in str(found.value)
    with pytest.raises(ModelError) as big:
        embedding.features(model, pictures(5), layer="conv", budget_bytes=100)
    assert big.value.key == "error.layer_too_big"


# --- features -------------------------------------------------------------------------------------


def test_default_layer_is_the_one_the_classifier_reads_and_matches_a_keras_submodel() -> None:
    model = small_model()
    x = pictures(20)
    assert embedding.penultimate_layer(model) == "hidden"  # not the Dropout after it
    reference = keras.Model(model.inputs, model.get_layer("hidden").output).predict(x, verbose=0)
    found = embedding.features(model, x)
    assert found.shape == (20, 16) and found.dtype == np.float32
    np.testing.assert_allclose(found, reference, rtol=1e-5, atol=1e-6)


def test_spatial_layer_is_averaged_over_positions_in_batches_within_the_budget() -> None:
    model = small_model()
    x = pictures(9)
    maps = keras.Model(model.inputs, model.get_layer("conv").output).predict(x, verbose=0)  # (9, 10, 10, 4)
    one_image = 4 * (12 * 12 * 1 + 10 * 10 * 4)  # the input and the maps, float32
    tight = embedding.features(model, x, "conv", budget_bytes=one_image)  # one picture per batch
    np.testing.assert_allclose(tight, maps.mean(axis=(1, 2)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(embedding.features(model, x, "conv"), tight, rtol=1e-6, atol=1e-7)
    assert embedding.is_spatial(model, "conv") and not embedding.is_spatial(model, "hidden")
    assert embedding.feature_size(model, "conv") == 4 and embedding.feature_size(model, "flat") == 100


def test_a_final_softmax_layer_is_skipped_to_find_the_classifier() -> None:
    inputs = keras.Input((6, 6, 3))
    h = keras.layers.GlobalAveragePooling2D(name="gap")(keras.layers.Conv2D(5, 3, name="c")(inputs))
    logits = keras.layers.Dense(4, name="logits")(keras.layers.Dropout(0.2, name="d")(h))
    model = keras.Model(inputs, keras.layers.Softmax(name="soft")(logits))
    assert embedding.penultimate_layer(model) == "gap"


def test_nested_model_reaches_inner_layers() -> None:
    keras.utils.set_random_seed(0)
    base = keras.Sequential([keras.Input((12, 12, 3)), keras.layers.Conv2D(6, 3, name="inner_conv"),
                             keras.layers.MaxPooling2D(name="inner_pool")], name="base")
    inputs = keras.Input((12, 12, 3))
    h = keras.layers.GlobalAveragePooling2D(name="gap")(base(inputs))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax", name="out")(h))
    x = pictures(7, (12, 12, 3))
    assert "base/inner_conv" in embedding.feature_layers(model)
    assert embedding.penultimate_layer(model) == "gap"
    inner = keras.Model(base.inputs, base.get_layer("inner_conv").output).predict(x, verbose=0)
    np.testing.assert_allclose(embedding.features(model, x, "base/inner_conv"), inner.mean(axis=(1, 2)),
                               rtol=1e-5, atol=1e-6)
    pooled = keras.Model(model.inputs, model.get_layer("gap").output).predict(x, verbose=0)
    np.testing.assert_allclose(embedding.features(model, x), pooled, rtol=1e-5, atol=1e-6)


def test_shipped_checkpoint_reads_its_hundred_dense_features() -> None:
    model, _ = checkpoints.load(ROOT / "checkpoints" / "fashion_cnn_fashion.keras")
    assert embedding.penultimate_layer(model) == "dense"
    assert embedding.feature_size(model, "dense") == 100


def test_pixels_are_the_flattened_pictures() -> None:
    x = pictures(4, (3, 2, 2))
    found = embedding.pixels(x)
    assert found.shape == (4, 12)
    np.testing.assert_array_equal(found[2], x[2].ravel())


# --- separation and the figure --------------------------------------------------------------------


def silhouette_by_hand(points: np.ndarray, labels: np.ndarray) -> float:
    """Rousseeuw (1987), written out: s = (b − a) / max(a, b), 0 for a point alone in its class."""
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    scores = []
    for i, own in enumerate(labels):
        mates = (labels == own) & (np.arange(len(labels)) != i)
        if not mates.any():
            scores.append(0.0)
            continue
        a = distances[i, mates].mean()
        b = min(distances[i, labels == other].mean() for other in set(labels) if other != own)
        scores.append((b - a) / max(a, b))
    return float(np.mean(scores))


def test_separation_is_the_silhouette_score() -> None:
    rng = np.random.default_rng(5)
    points = rng.normal(size=(30, 2)) + np.repeat([[0, 0], [3, 0], [0, 3]], 10, axis=0)
    labels = np.repeat([0, 1, 2], 10)
    expected = silhouette_by_hand(points, labels)
    assert embedding.separation(points, labels) == pytest.approx(expected, abs=1e-12)
    # two pairs on a line: the outer points have a = 1, b = (10 + 11)/2; the inner ones a = 1, b = (9 + 10)/2
    line = np.array([[0.0, 0], [1, 0], [10, 0], [11, 0]])
    expected = (9.5 / 10.5 + 8.5 / 9.5) / 2
    assert embedding.separation(line, np.array([0, 0, 1, 1])) == pytest.approx(expected, abs=1e-12)
    assert embedding.separation(points, np.zeros(30)) is None


def test_figure_colours_by_class_marks_mistakes_and_carries_indices() -> None:
    points = np.arange(12.0).reshape(6, 2)
    truth = np.array([0, 1, 0, 2, 1, 0])
    predicted = np.array([0, 1, 1, 2, 0, 0])  # images 2 and 4 are wrong
    hover = embedding.hover_texts(truth, predicted, np.full(6, 0.5), ("a", "b", "c"),
                                  "#{index} {truth}→{predicted} {p}")
    assert hover[2] == "#2 a→b 50.0%"
    fig = embedding.scatter_figure(points, truth, predicted, ("a", "b", "c"), hover, selected=4)
    classes = fig.data[:3]
    assert [trace.name for trace in classes] == ["a", "b", "c"]
    # right answers first in each class, so the legend shows the class's own shape, not a mistake's ×
    assert [list(trace.customdata) for trace in classes] == [[0, 5, 2], [1, 4], [3]]
    assert [trace.marker.symbol[0] for trace in classes] == ["circle", "square", "diamond"]
    crosses = sorted(int(i) for trace in classes
                     for i, symbol in zip(trace.customdata, trace.marker.symbol, strict=False) if symbol == "x")
    assert crosses == [2, 4]
    assert list(fig.data[3].customdata) == [4] and list(fig.data[3].x) == [8.0]
