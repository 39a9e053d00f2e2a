"""The embedding map: how a network arranges its examples, as a 2-D scatter, beside the raw pixels.

`features` runs many pictures through the model up to one layer (by default the penultimate one, the
vector the classifier reads) and returns one row per picture; a layer with spatial maps is reduced by
global average pooling (one number per map). `project` draws those rows in two dimensions with PCA or
t-SNE (scikit-learn, fixed seed); `pixels` gives the same rows for the raw pixels, so the two maps can be
compared, and `separation` measures how apart the classes lie in a map (the silhouette score, −1 … 1).

Nested models (the VGG16 base inside `vgg16_transfer`) are reached through the flattened graph of
`cnnviz.activations`; pictures go through in batches whose peak memory stays within `MAPS_BUDGET`.

**Budgets**, from shapes, before anything runs: the feature table (N × size × 4 bytes) and the passes
(N × `budget.pass_seconds`) must fit `budget.WORK_BYTES` and `budget.WORK_SECONDS`, and so must a
projection, by these models of the time on the 2-core server (one BLAS thread, measured): PCA
(`svd_solver="full"`) `PCA_SECONDS` × N·D·min(N, D); t-SNE `TSNE_STEP_SECONDS` × N·log₂N (its 1,000
Barnes–Hut steps) + `DISTANCE_SECONDS` × N²·D (the exact neighbour search); memory about three float64
copies of the table (plus t-SNE's distances, N² × 8 bytes, at most 1 GiB). Over either, a refusal with the
figures; `most_points` is the largest N a map of a model may show, for a page to cap its count.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cnnviz.analysis import activations
from cnnviz.core import budget, palette
from cnnviz.core.errors import CnnvizError, ModelError
from cnnviz.models import arch, outputs

if TYPE_CHECKING:
    import keras
    import plotly.graph_objects as go

Method = Literal["pca", "tsne"]
METHODS: tuple[Method, ...] = ("pca", "tsne")
MIN_POINTS = 3  # t-SNE's perplexity must lie below the number of points; a map of two is a line anyway
MAX_POINTS = 2000  # t-SNE takes tens of seconds beyond this on a classroom server
DEFAULT_POINTS = 500
MAX_PERPLEXITY = 30.0  # scikit-learn's default
MAX_BATCH = 256
PCA_SECONDS = 1.5e-9  # per N·D·min(N, D): 2,000 × 3,072 took 9.4 s
TSNE_STEP_SECONDS = 1e-3  # per N·log₂N: 2,000 points took 20–30 s whatever their size
DISTANCE_SECONDS = 0.5e-9  # per N²·D: 300 points of 50,000 numbers took 5 s
TABLE_COPIES = 3  # float64 copies of the table a projection holds at once (the table, centred, the SVD's)
PASS_THROUGH = frozenset({"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                          "GaussianDropout", "GaussianNoise", "AlphaDropout", "ActivityRegularization"})
HEAD_TYPES = frozenset({"Activation", "Softmax"})  # a classifier's last step after its Dense

_FUNCTIONS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class EmbeddingError(CnnvizError):
    """Features cannot be computed or projected as asked (too few points, unknown method, bad values)."""


# --- which layer -----------------------------------------------------------------------------------


def feature_layers(model: keras.Model) -> list[str]:
    """Leaf layers whose output can be a feature vector: flat (N, D) ones, and spatial maps (averaged)."""
    ex = activations.extractor(model)
    return [name for name in ex.order if name in ex.parents and len(ex.tensors[name].shape) in (2, 4)]


def penultimate_layer(model: keras.Model) -> str:
    """The layer whose output the classifier reads: the input of the last Dense, before any Dropout."""
    ex = activations.extractor(model)
    name = ex.output_names[outputs.main_output_index(model)]
    kinds = {g: type(_leaf_layer(ex, g)).__name__ for g in ex.parents}
    while kinds.get(name) in HEAD_TYPES | PASS_THROUGH and len(ex.parents[name]) == 1:
        name = ex.parents[name][0]  # past a final softmax (or a dropout) to the classifier itself
    parents = ex.parents.get(name, ())
    if len(parents) != 1 or parents[0] not in ex.parents:  # the output comes straight from the input
        return name
    name = parents[0]
    while (kinds.get(name) in PASS_THROUGH and len(ex.parents[name]) == 1
           and ex.parents[name][0] in ex.parents):
        name = ex.parents[name][0]  # dropout is the identity at inference: name the layer that computes
    return name


def _leaf_layer(ex: Any, name: str) -> Any:
    return ex.tensors[name]._keras_history.operation


def feature_size(model: keras.Model, layer: str) -> int | None:
    """How many numbers one picture's feature vector has at `layer` (None when the model leaves it open)."""
    tensor = activations.extractor(model).tensors[_check_layer(model, layer)]
    return tensor.shape[-1]


def is_spatial(model: keras.Model, layer: str) -> bool:
    """True when `layer` gives maps, which `features` averages over their positions."""
    return len(activations.extractor(model).tensors[_check_layer(model, layer)].shape) == 4


def _check_layer(model: keras.Model, layer: str) -> str:
    choices = feature_layers(model)
    if layer not in choices:
        raise EmbeddingError(key="error.emb_layer", layer=layer, choices=", ".join(choices[-8:]) or "—")
    return layer


# --- features ----------------------------------------------------------------------------------------


def features(model: keras.Model, x: np.ndarray, layer: str | None = None,
             budget_bytes: int | None = None) -> np.ndarray:
    """One feature vector per picture (N, D) float32 at `layer` (default: the penultimate layer).

    `x` is a batch (N, H, W, C) already converted to the model's input. Spatial maps are averaged over
    their positions (global average pooling). Batches are sized so a pass holds at most `budget_bytes`
    (default `activations.MAPS_BUDGET`).
    """
    layer = penultimate_layer(model) if layer is None else _check_layer(model, layer)
    batch = _images(model, x)
    ex = activations.extractor(model)
    limit = activations.MAPS_BUDGET if budget_bytes is None else int(budget_bytes)
    peak = ex.peak_bytes(batch.shape[1:], [layer])
    if peak > limit:
        raise ModelError(key="error.layer_too_big", layer=layer, need=budget.megabytes(peak),
                         budget=budget.megabytes(limit))
    _check_features(model, batch.shape[1:], layer, len(batch))
    size = int(max(1, min(MAX_BATCH, limit // max(peak, 1))))
    run = _function(model, layer)
    parts = []
    with ex.lock:  # Keras models are not re-entrant across threads
        for start in range(0, len(batch), size):
            try:
                found = np.asarray(run(batch[start : start + size]), dtype=np.float32)
            except activations._backend_errors() as err:
                raise activations._forward_error(batch.shape[1:], err) from err
            parts.append(found.mean(axis=(1, 2)) if found.ndim == 4 else found.reshape(len(found), -1))
    return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)


def _check_features(model: keras.Model, image_shape: tuple[int, ...], layer: str, count: int) -> None:
    """Refuse, from shapes, a feature table over `budget.WORK_BYTES` or passes over `budget.WORK_SECONDS`."""
    shape = tuple(int(d) for d in image_shape)
    size = _vector_size(model, shape, layer)
    need = count * size * 4
    if need > budget.WORK_BYTES:
        raise EmbeddingError(key="error.emb_too_big", count=f"{count:,}", size=f"{size:,}",
                             need=budget.megabytes(need), limit=budget.megabytes(budget.WORK_BYTES))
    seconds = count * _pass_seconds(model, shape, [layer])
    if seconds > budget.WORK_SECONDS:
        raise EmbeddingError(key="error.emb_slow", count=f"{count:,}", layer=layer,
                             picture=f"{shape[1]}×{shape[0]}", seconds=budget.seconds_text(seconds),
                             limit=budget.seconds_text(budget.WORK_SECONDS))


def _vector_size(model: keras.Model, image_shape: tuple[int, ...], layer: str) -> int:
    """Numbers in one picture's feature vector at `layer` (a map's channels: it is averaged)."""
    shape = activations.extractor(model).shapes(image_shape)[layer]
    return int(shape[-1]) if len(shape) == 3 else math.prod(int(d) for d in shape)


def _pass_seconds(model: keras.Model, image_shape: tuple[int, ...], targets: list[str]) -> float:
    """Estimated seconds of one picture's pass computing `targets` (`budget.pass_seconds`)."""
    ex = activations.extractor(model)
    weights = {g.name: [tuple(int(d) for d in w.shape) for w in g.layer.weights] for g in arch.flat_graph(model)}
    return budget.pass_seconds(ex.order, ex.parents, ex.shapes(image_shape), weights, targets)


def projection_cost(count: int, size: int, method: Method) -> tuple[float, int]:
    """Estimated (seconds, bytes) of projecting `count` rows of `size` numbers (the models above)."""
    n, d = int(count), int(size)
    held = TABLE_COPIES * n * d * 8
    if method == "pca":
        return PCA_SECONDS * n * d * min(n, d), held
    seconds = TSNE_STEP_SECONDS * n * math.log2(max(n, 2)) + DISTANCE_SECONDS * n * n * d
    return seconds, held + min(n * n * 8, 2**30)


def _check_projection(count: int, size: int, method: Method) -> None:
    seconds, need = projection_cost(count, size, method)
    values = {"count": f"{count:,}", "size": f"{size:,}", "limit": budget.seconds_text(budget.WORK_SECONDS)}
    if need > budget.WORK_BYTES:
        raise EmbeddingError(key="error.emb_too_big", count=values["count"], size=values["size"],
                             need=budget.megabytes(need), limit=budget.megabytes(budget.WORK_BYTES))
    if seconds > budget.WORK_SECONDS:
        raise EmbeddingError(key=f"error.emb_slow_{method}", seconds=budget.seconds_text(seconds), **values)


def most_points(model: keras.Model, image_shape: tuple[int, ...], layer: str, method: Method,
                wanted: int = MAX_POINTS) -> int:
    """The most pictures (≤ `wanted`) a map at `layer` may show: their inputs, features, prediction and both
    projections (the network's and the pixels') each within the budgets; 0 when not even `MIN_POINTS` fit."""
    shape = tuple(int(d) for d in image_shape)
    ex = activations.extractor(model)
    each = _pass_seconds(model, shape, [layer]) + _pass_seconds(model, shape, list(ex.output_names))
    size, pixels_size = _vector_size(model, shape, layer), math.prod(shape)

    def fits(n: int) -> bool:
        costs = [projection_cost(n, size, method), projection_cost(n, pixels_size, method)]
        return (n * each <= budget.WORK_SECONDS and 2 * n * pixels_size * 4 <= budget.WORK_BYTES
                and n * size * 4 <= budget.WORK_BYTES
                and all(s <= budget.WORK_SECONDS and b <= budget.WORK_BYTES for s, b in costs))

    low, high = MIN_POINTS - 1, max(int(wanted), MIN_POINTS - 1)
    while low < high:  # the largest n that fits: every cost grows with n
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(middle) else (low, middle - 1)
    return low if low >= MIN_POINTS else 0


def _function(model: keras.Model, layer: str) -> Any:
    """A sub-model from the input to `layer`, memoised per model (weakly) and layer."""
    import keras

    with _LOCK:
        kept = _FUNCTIONS.setdefault(model, {})
        if layer not in kept:
            ex = activations.extractor(model)
            sub = keras.Model(ex.inputs, ex.tensors[layer])
            kept[layer] = lambda batch: sub([batch], training=False)
        return kept[layer]


def _images(model: Any, x: np.ndarray) -> np.ndarray:
    batch = np.asarray(x, dtype=np.float32)
    expected = tuple(model.inputs[0].shape[1:])
    if batch.ndim != 4 or any(e is not None and e != a for e, a in zip(expected, batch.shape[1:], strict=False)):
        raise EmbeddingError(key="error.emb_images", shape=tuple(batch.shape),
                             expected=("N",) + tuple("?" if e is None else e for e in expected))
    _count(len(batch))
    return batch


def pixels(x: np.ndarray) -> np.ndarray:
    """The raw pixels as feature vectors: each picture (H, W, C) flattened to one row, float32."""
    batch = np.asarray(x, dtype=np.float32)
    if batch.ndim < 2:
        raise EmbeddingError(key="error.emb_shape", shape=tuple(batch.shape))
    return batch.reshape(len(batch), -1)


# --- projections -------------------------------------------------------------------------------------


def perplexity(n: int) -> float:
    """t-SNE's perplexity for `n` points: scikit-learn's 30, or (n − 1)/3 when smaller (it must be < n)."""
    return float(min(MAX_PERPLEXITY, (n - 1) / 3))


def project(features: np.ndarray, method: Method = "pca", seed: int = 0) -> np.ndarray:
    """The rows of `features` (N, D) drawn as N points in 2-D with PCA or t-SNE (fixed seed), float64.

    PCA: the two directions of largest variance (the data centred, signs as scikit-learn fixes them).
    t-SNE: neighbours stay neighbours, with perplexity `perplexity(N)`; distances between clusters mean
    little. It starts from the PCA layout, so `seed` changes little. A single feature gives points on a
    line (the second coordinate 0).
    """
    if method not in METHODS:
        raise EmbeddingError(key="error.emb_method", method=method, choices=", ".join(METHODS))
    shape = np.shape(features)
    if len(shape) == 2:  # from the shape, before the float64 copy
        _check_projection(shape[0], shape[1], method)
    table = _table(features)
    from threadpoolctl import threadpool_limits

    if method == "pca":
        from sklearn.decomposition import PCA

        if table.shape[1] < 2:
            centred = table - table.mean(axis=0)
            return np.column_stack([centred[:, 0], np.zeros(len(table))])
        with threadpool_limits(1):  # as for t-SNE: BLAS threads on a busy server made 2,000 × 3,072 take 115 s
            return PCA(n_components=2, svd_solver="full", random_state=seed).fit_transform(table)
    from sklearn.manifold import TSNE

    tsne = TSNE(n_components=2, perplexity=perplexity(len(table)), init="pca", learning_rate="auto",
                random_state=seed)
    with threadpool_limits(1):  # on a busy shared server, OpenMP threads spin: 180 points took 35 s, not 2 s
        return tsne.fit_transform(table).astype(np.float64)


def explained_variance(features: np.ndarray) -> tuple[float, float]:
    """The share of the total variance each of PCA's two axes keeps (0–1); 0 for a constant table."""
    shape = np.shape(features)
    if len(shape) == 2:
        _check_projection(shape[0], shape[1], "pca")
    table = _table(features)
    centred = table - table.mean(axis=0)
    total = float((centred**2).sum())
    if total == 0:
        return 0.0, 0.0
    from sklearn.decomposition import PCA
    from threadpoolctl import threadpool_limits

    if table.shape[1] < 2:
        return 1.0, 0.0
    with threadpool_limits(1):
        ratios = PCA(n_components=2, svd_solver="full").fit(table).explained_variance_ratio_
    return float(ratios[0]), float(ratios[1])


def _table(features: np.ndarray) -> np.ndarray:
    table = np.asarray(features, dtype=np.float64)
    if table.ndim != 2 or table.shape[1] < 1:
        raise EmbeddingError(key="error.emb_shape", shape=tuple(table.shape))
    _count(len(table))
    if not np.isfinite(table).all():
        raise EmbeddingError(key="error.emb_not_finite")
    return table


def _count(n: int) -> None:
    if n < MIN_POINTS:
        raise EmbeddingError(key="error.emb_too_few", count=n, minimum=MIN_POINTS)


def separation(points: np.ndarray, labels: np.ndarray) -> float | None:
    """The silhouette score of the classes in `points` (−1 … 1: higher, the classes lie further apart).

    For each point, (b − a) / max(a, b) with a its mean distance to its own class and b to the nearest
    other class, averaged. None when there are fewer than 2 classes or no class has two points.
    """
    from sklearn.metrics import silhouette_score

    labels = np.asarray(labels)
    count = len(np.unique(labels))
    if count < 2 or count > len(labels) - 1:
        return None
    return float(silhouette_score(np.asarray(points, dtype=np.float64), labels, metric="euclidean"))


# --- the picture ---------------------------------------------------------------------------------------


def hover_texts(truth: np.ndarray, predicted: np.ndarray | None, probability: np.ndarray | None,
                class_names: Sequence[str], template: str) -> list[str]:
    """One hover line per point from `template` with {index}, {truth}, {predicted} and {p} filled in."""
    names = label_names(class_names, truth, predicted)
    lines = []
    for i, label in enumerate(np.asarray(truth)):
        guess = names[int(predicted[i])] if predicted is not None else "—"
        p = f"{float(probability[i]):.1%}" if probability is not None else "—"
        lines.append(template.format(index=i, truth=names[int(label)], predicted=guess, p=p))
    return lines


def scatter_figure(points: np.ndarray, truth: np.ndarray, predicted: np.ndarray | None,
                   class_names: Sequence[str], hover: Sequence[str], selected: int | None = None,
                   title: str = "", selected_name: str = "selected") -> go.Figure:
    """The points in their true class's colour and shape (`palette.class_style`, one legend entry each),
    mistakes drawn as ×, `selected` ringed. Every marker has a dark outline, so a pale one shows on white.

    Each point's `customdata` is its index in `points`, so a selection names the picture.
    """
    import plotly.graph_objects as go

    points = np.asarray(points, dtype=np.float64)
    truth = np.asarray(truth)
    names = label_names(class_names, truth, predicted)
    wrong = (np.asarray(predicted) != truth) if predicted is not None else np.zeros(len(truth), bool)
    fig = go.Figure()
    for k in sorted(int(c) for c in np.unique(truth)):
        members = np.flatnonzero(truth == k)
        members = members[np.argsort(wrong[members], kind="stable")]  # right answers first: the legend shows the
        # first point's symbol, the class's own shape, not a mistake's ×
        colour, shape = palette.class_style(k)
        symbols = [palette.MISTAKE_MARKER if wrong[i] else shape for i in members]
        fig.add_trace(go.Scatter(
            x=points[members, 0], y=points[members, 1], mode="markers", name=names[k],
            customdata=members.tolist(), text=[hover[int(i)] for i in members],
            hovertemplate="%{text}<extra></extra>",
            marker={"color": colour, "symbol": symbols, "size": 9,
                    "line": {"width": 1, "color": palette.OUTLINE}}))
    if selected is not None and 0 <= selected < len(points):
        fig.add_trace(go.Scatter(
            x=[points[selected, 0]], y=[points[selected, 1]], mode="markers", name=selected_name,
            customdata=[selected], text=[hover[selected]], hovertemplate="%{text}<extra></extra>",
            marker={"size": 20, "color": "rgba(0,0,0,0)", "line": {"width": 3, "color": "#000"}}))
    fig.update_layout(title=title, height=460, margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
                      xaxis={"showticklabels": False, "zeroline": False},
                      yaxis={"showticklabels": False, "zeroline": False, "scaleanchor": "x"},
                      legend={"itemsizing": "constant"}, clickmode="event+select")
    return fig


def label_names(class_names: Sequence[str], truth: np.ndarray, predicted: np.ndarray | None) -> list[str]:
    """Class names long enough for every label and prediction (a missing name is the class number)."""
    highest = max([int(np.max(truth, initial=-1))] + ([int(np.max(predicted, initial=-1))]
                                                      if predicted is not None else []))
    names = list(class_names)
    return names + [str(i) for i in range(len(names), highest + 1)]
