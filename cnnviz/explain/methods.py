"""Why did the model predict that? Heat maps of the pixels and regions behind one class's score.

Every function takes one model input as `cnnviz.images.to_model_input` returns it ((H, W, C) or
(1, H, W, C)); `class_index=None` explains the predicted class and `layer=None` uses `suggest_layer`.
Maps come back at the input's size: (H, W) in 0–1 for the class-activation maps (Grad-CAM, Grad-CAM++,
Layer-CAM, Score-CAM) and the gradient maps (saliency, SmoothGrad); (H, W, C) and signed for integrated
gradients; (H, W) in probability points for occlusion.

**Which score is explained.** Gradient methods differentiate the class *score before the output's
squashing*, as Grad-CAM's paper does: the logit z_c under a softmax (computed from the last Dense layer's
own weights, so the model is never modified), the logit z of a single sigmoid unit for class 1 and −z
(the logit of 1 − p) for class 0, and the raw output of a model that outputs logits. Explaining the
probability instead would make every map fade as the model grows confident (the softmax saturates).
When no logit can be reached (a softmax inside an unusual layer) the probability is used, with class 0
of one sigmoid unit as 1 − p; `explained_score` says which. Occlusion, Score-CAM and the deletion and
insertion curves (`cnnviz.sanity`) measure probabilities (`cnnviz.outputs`), which people read best.

Nested models (the VGG16 base inside `vgg16_transfer`) are explained through the flat graph of
`cnnviz.activations`, so an inner layer such as `vgg16/block5_conv3` is reachable. Batched methods
(SmoothGrad samples, integrated-gradient steps, occlusion patches, Score-CAM masks) run one compiled
`model(x, training=False)` per chunk of inputs, the chunk sized to a memory budget.

**Budgets.** Before anything is allocated, each method works out from the model's shapes what it would
hold (one input's pass forward and back, `budget.GRADIENT_FACTOR` × the forward peak, plus the arrays the
method keeps beside it) and how long it would compute (`pass_seconds` × its passes); over
`budget.WORK_BYTES` or `budget.WORK_SECONDS` it is refused with a `ModelError` giving the figures.
Score-CAM scores at most `SCORED_CHANNELS` channels, those with the highest mean activation on the
picture (the others weigh 0; `score_cam_note` says so), building its masks in float32 chunk by chunk.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from cnnviz.analysis import activations
from cnnviz.core import budget, memo
from cnnviz.core.errors import ModelError
from cnnviz.core.i18n import DEFAULT_LANGUAGE, t
from cnnviz.models import arch, outputs

if TYPE_CHECKING:
    import keras

Baseline = Literal["black", "blurred", "noise"]
__all__ = [
    "BASELINES",
    "MAX_CHUNK",
    "CHUNK_BUDGET",
    "NOT_SUGGESTED",
    "METHODS",
    "LAYER_METHODS",
    "explained_score",
    "class_score",
    "probabilities",
    "predicted_class",
    "suggest_layer",
    "layer_reason",
    "grad_cam",
    "grad_cam_plus_plus",
    "layer_cam",
    "score_cam",
    "score_cam_note",
    "SCORED_CHANNELS",
    "pass_seconds",
    "saliency",
    "smoothgrad",
    "integrated_gradients",
    "baseline_image",
    "blur",
    "occlusion_windows",
    "occlusion",
    "attribution",
]

BASELINES: tuple[str, ...] = ("black", "blurred", "noise")
ScoreSpace = Literal["logit", "probability"]
MAX_CHUNK = 64  # inputs per compiled call at most
CHUNK_BUDGET = activations.MAPS_BUDGET  # bytes a chunk of forward-and-backward passes may hold
SCORED_CHANNELS = 128  # Score-CAM scores at most this many channels (one pass each): the most active ones
# Layers whose output repeats, shrinks or blanks the map before them: never the suggested Grad-CAM layer.
NOT_SUGGESTED = frozenset({
    "InputLayer", "MaxPooling2D", "AveragePooling2D", "Dropout", "SpatialDropout2D", "GaussianNoise",
    "GaussianDropout", "ZeroPadding2D", "Cropping2D", "Resizing", "UpSampling2D", "Rescaling",
    "Normalization", "Reshape",
})

# Every method by name, in the order a page lists them; the first four look at a layer's maps.
METHODS: tuple[str, ...] = ("grad_cam", "grad_cam_plus_plus", "layer_cam", "score_cam", "saliency",
                            "smoothgrad", "integrated_gradients", "occlusion")
LAYER_METHODS = frozenset(METHODS[:4])

_SCORERS: memo.PerModel[_Scorer] = memo.PerModel()
_SUGGESTED: memo.PerModel[str] = memo.PerModel()
_WEIGHTS: memo.PerModel[dict[str, list[tuple[int, ...]]]] = memo.PerModel()  # each leaf's weight shapes


# --- the score ------------------------------------------------------------------------------------


class _Scorer:
    """The flat model from the image to (chosen layer's maps, class scores, outputs), compiled for TF."""

    def __init__(self, model: keras.Model, layer: str | None) -> None:
        import keras
        import tensorflow as tf

        ex = activations.extractor(model)
        if len(ex.inputs) != 1:
            raise ModelError(key="error.explain_inputs", count=len(ex.inputs))
        index = outputs.main_output_index(model)
        raw = ex.tensors[ex.output_names[index]]
        if len(raw.shape) != 2 or raw.shape[-1] is None:
            raise ModelError(key="error.explain_not_classifier", shape=tuple(raw.shape[1:]))
        self.kind = outputs.output_kind(model, index)
        self.units = int(raw.shape[-1])
        self.classes = max(self.units, 2)
        pre, self._head, self.space = _score_head(model, ex.tensors, index, self.kind)
        self.layer = layer
        wanted = ([ex.tensors[layer]] if layer else []) + [pre, raw]
        self.net = keras.Model(ex.inputs, wanted, name=f"{model.name}_explainer")
        self.input_shape = tuple(ex.inputs[0].shape[1:])
        self.extractor = ex
        self.targets = ([layer] if layer else []) + list(ex.output_names)  # what a pass computes and keeps
        self._chunks: dict[tuple[int, ...], int] = {}
        spec = [tf.TensorSpec((None, *self.input_shape), tf.float32), tf.TensorSpec((), tf.int32)]
        self.forward = tf.function(self._forward, input_signature=spec)
        self.input_gradients = tf.function(self._input_gradients, input_signature=spec)
        self.map_gradients = tf.function(self._map_gradients, input_signature=spec)
        self.lock = threading.Lock()  # Keras models are not re-entrant across threads
        self.weights = _weight_shapes(model)  # not the model: the memo holds the model weakly

    def _score(self, x: Any, index: Any) -> tuple[Any, Any, Any, Any]:
        """(maps, class score, raw outputs, class); index −1: the predicted class (for a batch of one)."""
        import tensorflow as tf

        found = self.net(x, training=False)
        maps = found[0] if self.layer else None
        raw = found[-1]
        index = tf.where(index >= 0, index, self._predicted(raw)[0])
        scores = self._head(found[-2])
        if self.units > 1:
            score = tf.gather(scores, index, axis=1)
        else:  # one unit: class 1 is the unit, class 0 its complement (−z for a logit, else 1 − p)
            sign = tf.where(index == 1, 1.0, -1.0)
            offset = 1.0 if self.space == "probability" else 0.0
            score = sign * scores[:, 0] + tf.where(index == 1, 0.0, offset)
        return maps, score, raw, index

    def _predicted(self, raw: Any) -> Any:
        """The most probable class of each raw output, as `outputs.to_probabilities` would rank them."""
        import tensorflow as tf

        if self.units > 1:
            return tf.argmax(raw, axis=-1, output_type=tf.int32)
        p = tf.sigmoid(raw[:, 0]) if self.kind == "logits" else raw[:, 0]
        return tf.cast(p > 0.5, tf.int32)

    def _forward(self, x: Any, index: Any) -> tuple[Any, ...]:
        maps, score, raw, index = self._score(x, index)
        return (score, raw, index) if maps is None else (score, raw, index, maps)

    def _input_gradients(self, x: Any, index: Any) -> tuple[Any, Any, Any]:
        import tensorflow as tf

        with tf.GradientTape() as tape:
            tape.watch(x)
            _, score, _, index = self._score(x, index)
        return tape.gradient(score, x), score, index

    def _map_gradients(self, x: Any, index: Any) -> tuple[Any, Any, Any, Any]:
        import tensorflow as tf

        with tf.GradientTape() as tape:
            maps, score, _, index = self._score(x, index)
        return maps, tape.gradient(score, maps), score, index

    def run(self, fn: Callable[..., Any], batch: np.ndarray, index: int) -> list[np.ndarray]:
        """`fn` over `batch` in chunks, each result concatenated along the batch axis (class: last).

        A pass of one input over `budget.WORK_BYTES` (estimated) is refused before it runs.
        """
        factor = 1 if fn is self.forward else budget.GRADIENT_FACTOR
        one = factor * self.extractor.peak_bytes(tuple(int(d) for d in batch.shape[1:]), self.targets)
        if one > budget.WORK_BYTES:
            raise _too_big(one, batch.shape[1:])
        chunk = self.chunk_size(batch.shape[1:])
        if len(batch) <= chunk:
            with self.lock:
                return [np.asarray(part) for part in fn(batch, np.int32(index))]
        parts: list[list[np.ndarray]] = []
        with self.lock:
            for start in range(0, len(batch), chunk):
                found = fn(batch[start:start + chunk], np.int32(index))
                parts.append([np.asarray(part) for part in found])
        return [np.concatenate(column) if column[0].ndim else column[-1] for column in zip(*parts, strict=False)]

    def chunk_size(self, image_shape: tuple[int, ...]) -> int:
        """Inputs per call: a forward and a backward pass of each must fit `CHUNK_BUDGET` together."""
        image_shape = tuple(int(d) for d in image_shape)
        found = self._chunks.get(image_shape)
        if found is None:
            ex = self.extractor
            one = ex.peak_bytes(image_shape, ex.output_names)
            found = self._chunks[image_shape] = int(min(MAX_CHUNK, max(1, CHUNK_BUDGET // max(1, 3 * one))))
        return found

    def probabilities(self, raw: np.ndarray) -> np.ndarray:
        """Raw main outputs (N, units) as class probabilities (N, classes), by the library's rule."""
        return outputs.to_probabilities(raw, self.kind)

    def check(self, image_shape: tuple[int, ...], inputs: int, gradients: bool, kept_bytes: int, key: str,
              written: int = 0, **values: Any) -> None:
        """Refuse, before anything is allocated, work over `budget.WORK_BYTES` or `budget.WORK_SECONDS`.

        `inputs` pictures go through the model (and back, with `gradients`) in chunks: the smallest chunk, one
        picture forward and back, must fit beside the `kept_bytes` the method holds, and all of them, with the
        bytes the method itself `written` for each, must fit the time (else `key`, the method's own message,
        with `values` and the figures).
        """
        image_shape = tuple(int(d) for d in image_shape)
        need = budget.GRADIENT_FACTOR * self.extractor.peak_bytes(image_shape, self.targets) + kept_bytes
        if need > budget.WORK_BYTES:
            raise _too_big(need, image_shape)
        ex = self.extractor
        each = budget.pass_seconds(ex.order, ex.parents, ex.shapes(image_shape), self.weights, self.targets)
        seconds = inputs * ((budget.GRADIENT_FACTOR if gradients else 1) * each + written / budget.BYTES_PER_SECOND)
        if seconds > budget.WORK_SECONDS:
            raise ModelError(key=key, passes=f"{inputs:,}", seconds=budget.seconds_text(seconds),
                             limit=budget.seconds_text(budget.WORK_SECONDS), size=_size(image_shape), **values)


def pass_seconds(model: keras.Model, image_shape: tuple[int, ...], targets: list[str] | None = None) -> float:
    """Estimated seconds of one forward pass of one input computing `targets` (default: the outputs).

    From shapes alone, nothing computed (`budget.pass_seconds`); nested layers by their flat-graph names.
    """
    ex = activations.extractor(model)
    chosen = list(ex.output_names) if targets is None else list(targets)
    return budget.pass_seconds(ex.order, ex.parents, ex.shapes(tuple(int(d) for d in image_shape)),
                               _weight_shapes(model), chosen)


def _weight_shapes(model: keras.Model) -> dict[str, list[tuple[int, ...]]]:
    """Each flat-graph leaf's weight shapes, memoised per model."""
    return _WEIGHTS.get(model, lambda: {g.name: [tuple(int(d) for d in w.shape) for w in g.layer.weights]
                                        for g in arch.flat_graph(model)})


def _too_big(need: int, image_shape: tuple[int, ...]) -> ModelError:
    return ModelError(key="error.explain_memory", need=budget.megabytes(need),
                      limit=budget.megabytes(budget.WORK_BYTES), size=_size(image_shape))


def _size(image_shape: tuple[int, ...]) -> str:
    """A picture's size for the screen, width × height."""
    return f"{int(image_shape[1])}×{int(image_shape[0])}"


def _score_head(model: Any, tensors: dict[str, Any], index: int,
                kind: outputs.OutputKind) -> tuple[Any, Callable[[Any], Any], ScoreSpace]:
    """The tensor to start from, the function giving class scores from it, and the scores' space."""
    import keras

    def identity(h: Any) -> Any:
        return h

    if kind == "logits":
        return tensors[_leaf_of(model, tensors, outputs.output_layer(model, index))], identity, "logit"
    layer = outputs.output_layer(model, index)
    leaf = _leaf_of(model, tensors, layer)
    parents = dict((g.name, g.parents) for g in arch.flat_graph(model)).get(leaf, ())
    type_name = type(layer).__name__
    if type_name in ("Softmax", "Activation") and len(parents) == 1:
        return tensors[parents[0]], identity, "logit"
    if isinstance(layer, keras.layers.Dense) and len(parents) == 1 and len(tensors[parents[0]].shape) == 2:
        def dense_logits(h: Any) -> Any:
            z = keras.ops.matmul(h, layer.kernel)
            return z + layer.bias if layer.use_bias else z

        return tensors[parents[0]], dense_logits, "logit"
    return tensors[leaf], identity, "probability"


def _leaf_of(model: Any, tensors: dict[str, Any], layer: Any) -> str:
    """The flat-graph name of `layer` (the last call of it, as the output is)."""
    names = [g.name for g in arch.flat_graph(model) if g.layer is layer]
    return names[-1]


def _scorer(model: keras.Model, layer: str | None = None) -> _Scorer:
    """The memoised scorer of `model` for `layer` (None: scores only)."""
    return _SCORERS.get(model, lambda: _Scorer(model, layer), layer)


def explained_score(model: keras.Model) -> ScoreSpace:
    """Whether the gradient methods explain the class's logit or, when none is reachable, its probability."""
    return _scorer(model).space


def class_score(model: keras.Model, image: np.ndarray, class_index: int | None = None) -> float:
    """The score the gradient methods explain (see the module docstring), for one image."""
    scorer = _scorer(model)
    x = _batch_of_one(scorer, image)
    return float(scorer.run(scorer.forward, x, _checked_class(scorer, class_index))[0][0])


def probabilities(model: keras.Model, batch: np.ndarray) -> np.ndarray:
    """Class probabilities (N, classes) of a batch of model inputs, computed in chunks."""
    scorer = _scorer(model)
    x = _batch(scorer, batch)
    return scorer.probabilities(scorer.run(scorer.forward, x, 0)[1])


def predicted_class(model: keras.Model, image: np.ndarray) -> int:
    """The class with the highest probability for one image."""
    scorer = _scorer(model)
    return int(np.argmax(probabilities(model, _batch_of_one(scorer, image))[0]))


# --- which layer ----------------------------------------------------------------------------------


def suggest_layer(model: keras.Model) -> str:
    """The last layer whose output is still a map (not a pooling or dropout copy of one), nested or not."""
    return _SUGGESTED.get(model, lambda: _suggested(model))


def _suggested(model: keras.Model) -> str:
    ex = activations.extractor(model)
    types = {g.name: type(g.layer).__name__ for g in arch.flat_graph(model)}
    found = [name for name in ex.names if types.get(name) not in NOT_SUGGESTED]
    if not found:
        raise ModelError(key="error.explain_no_layer")
    return found[-1]


def layer_reason(model: keras.Model, layer: str | None = None, lang: str = DEFAULT_LANGUAGE,
                 encode: Callable[[str], str] = str) -> str:
    """One line saying why `layer` (default: the suggested one) is where class-activation maps look.

    `encode` writes the layer's name for where the line lands (a page: `cnnviz.core.text.literal`, since an
    uploaded model's layer names are someone's text)."""
    layer = suggest_layer(model) if layer is None else _check_layer(model, layer)
    types = {g.name: type(g.layer).__name__ for g in arch.flat_graph(model)}
    shape = tuple(activations.extractor(model).tensors[layer].shape[1:])
    size = "×".join("?" if d is None else str(d) for d in shape[:2])
    key = "explain.layer_reason" if layer == suggest_layer(model) else "explain.layer_chosen"
    return t(key, lang, layer=encode(layer), type=encode(types[layer]), size=size)


def _check_layer(model: keras.Model, layer: str) -> str:
    names = activations.extractor(model).names
    if layer not in names:
        choices = ", ".join(names[-8:]) if names else "—"
        raise ModelError(key="error.explain_layer", layer=layer, choices=choices)
    return layer


# --- class-activation maps -----------------------------------------------------------------------


def grad_cam(model: keras.Model, image: np.ndarray, class_index: int | None = None,
             layer: str | None = None) -> np.ndarray:
    """Grad-CAM (Selvaraju et al. 2017): ReLU(Σ_k mean(∂y/∂A_k)·A_k) at `layer`, upsampled, in 0–1."""
    return _cam(model, image, class_index, layer, _grad_cam_rule)


def grad_cam_plus_plus(model: keras.Model, image: np.ndarray, class_index: int | None = None,
                       layer: str | None = None) -> np.ndarray:
    """Grad-CAM++ (Chattopadhyay et al. 2018): per-pixel weights on the positive gradients, in 0–1."""
    return _cam(model, image, class_index, layer, _grad_cam_plus_plus_rule)


def layer_cam(model: keras.Model, image: np.ndarray, class_index: int | None = None,
              layer: str | None = None) -> np.ndarray:
    """Layer-CAM (Jiang et al. 2021): ReLU(Σ_k ReLU(∂y/∂A_k)⊙A_k), pixel by pixel, in 0–1."""
    return _cam(model, image, class_index, layer, _layer_cam_rule)


def score_cam(model: keras.Model, image: np.ndarray, class_index: int | None = None,
              layer: str | None = None) -> np.ndarray:
    """Score-CAM (Wang et al. 2020): each map, as a mask on the image, weighted by the class probability.

    At most `SCORED_CHANNELS` maps are scored, those with the highest mean activation (the others weigh 0);
    the masks are built in float32, a chunk of channels at a time, never all at once.
    """
    layer = suggest_layer(model) if layer is None else _check_layer(model, layer)
    scorer = _scorer(model, layer)
    x = _batch_of_one(scorer, image)
    height, width, depth = (int(d) for d in x.shape[1:])
    h, w, channels = (int(d) for d in scorer.extractor.shapes(x.shape[1:])[layer])
    scored = min(channels, SCORED_CHANNELS)
    per_mask = height * width * 4 * (2 + depth)  # one mask, scaled, times the picture (float32)
    kept = h * w * channels * 12 + height * width * 16  # the maps (float32 and float64), the map made
    scorer.check(x.shape[1:], scored + 1, False, kept + per_mask, "error.explain_slow_score_cam", per_mask,
                 scored=scored, channels=channels, layer=layer)
    _, _, found, maps = scorer.run(scorer.forward, x, _checked_class(scorer, class_index))
    index = int(found)
    maps = maps[0]  # (h, w, k) float32
    chosen = np.sort(np.argsort(-maps.mean(axis=(0, 1)), kind="stable")[:scored])
    rows = _resize_matrix(h, height).astype(np.float32)
    cols = _resize_matrix(w, width).astype(np.float32)
    chunk = max(1, min(scorer.chunk_size(x.shape[1:]), CHUNK_BUDGET // per_mask))
    weights = np.zeros(channels)
    for start in range(0, len(chosen), chunk):
        part = chosen[start:start + chunk]
        masks = np.einsum("Hh,hwk,Ww->kHW", rows, maps[..., part], cols, optimize=True)  # (c, H, W)
        low, high = masks.min(axis=(1, 2)), masks.max(axis=(1, 2))
        useful = np.flatnonzero(high > low)
        if not useful.size:
            continue
        scaled = (masks[useful] - low[useful, None, None]) / (high - low)[useful, None, None]
        del masks
        batch = x[0][None] * scaled[..., None]  # (c, H, W, C) float32
        del scaled
        weights[part[useful]] = scorer.probabilities(scorer.run(scorer.forward, batch, index)[1])[:, index]
    return _unit(_upsample(np.maximum(maps.astype(np.float64) @ weights, 0.0), x.shape[1:3]))


def score_cam_note(model: keras.Model, image: np.ndarray, layer: str | None = None,
                   lang: str = DEFAULT_LANGUAGE, encode: Callable[[str], str] = str) -> str | None:
    """The line saying Score-CAM scored only some of `layer`'s channels, or None when it scores them all.

    `encode` writes the layer's name for where the line lands (as in `layer_reason`)."""
    layer = suggest_layer(model) if layer is None else _check_layer(model, layer)
    scorer = _scorer(model, layer)
    channels = int(scorer.extractor.shapes(_batch_of_one(scorer, image).shape[1:])[layer][-1])
    if channels <= SCORED_CHANNELS:
        return None
    return t("explain.score_cam_sampled", lang, scored=SCORED_CHANNELS, channels=channels,
             layer=encode(layer), rest=channels - SCORED_CHANNELS)


def _cam(model: keras.Model, image: np.ndarray, class_index: int | None, layer: str | None,
         rule: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    layer = suggest_layer(model) if layer is None else _check_layer(model, layer)
    scorer = _scorer(model, layer)
    x = _batch_of_one(scorer, image)
    h, w, channels = (int(d) for d in scorer.extractor.shapes(x.shape[1:])[layer])
    copies = 8 + 8 * _RULE_COPIES.get(rule, 8)  # maps and gradients (float32), the rule's float64 copies
    kept = h * w * channels * copies + x.shape[1] * x.shape[2] * 24
    scorer.check(x.shape[1:], 1, True, kept, "error.explain_slow_pass")
    maps, grads, _, _ = scorer.run(scorer.map_gradients, x, _checked_class(scorer, class_index))
    cam = rule(maps[0].astype(np.float64), grads[0].astype(np.float64))
    return _unit(_upsample(cam, x.shape[1:3]))


def _grad_cam_rule(maps: np.ndarray, grads: np.ndarray) -> np.ndarray:
    return np.maximum(maps @ grads.mean(axis=(0, 1)), 0.0)


def _grad_cam_plus_plus_rule(maps: np.ndarray, grads: np.ndarray) -> np.ndarray:
    """With the exponential of the score (as the paper does), higher derivatives are powers of the first."""
    squared, cubed = grads**2, grads**3
    denominator = 2.0 * squared + maps.sum(axis=(0, 1)) * cubed
    alpha = np.divide(squared, denominator, out=np.zeros_like(grads), where=denominator != 0)
    weights = (alpha * np.maximum(grads, 0.0)).sum(axis=(0, 1))
    return np.maximum(maps @ weights, 0.0)


def _layer_cam_rule(maps: np.ndarray, grads: np.ndarray) -> np.ndarray:
    return np.maximum((np.maximum(grads, 0.0) * maps).sum(axis=-1), 0.0)


# (h, w, k) float64 arrays each rule holds at its busiest: the maps and gradients copied, and its own
_RULE_COPIES: dict[Callable[..., np.ndarray], int] = {_grad_cam_rule: 3, _layer_cam_rule: 4,
                                                      _grad_cam_plus_plus_rule: 7}


# --- gradients of the input ------------------------------------------------------------------------


def saliency(model: keras.Model, image: np.ndarray, class_index: int | None = None) -> np.ndarray:
    """Simonyan et al. (2014): |∂y/∂x|, the largest over the channels, in 0–1."""
    return smoothgrad(model, image, class_index, samples=1, noise=0.0)


def smoothgrad(model: keras.Model, image: np.ndarray, class_index: int | None = None, samples: int = 25,
               noise: float = 0.15, seed: int = 0) -> np.ndarray:
    """SmoothGrad (Smilkov et al. 2017): saliency averaged over noisy copies, σ = noise × value range."""
    samples = _count(samples, "samples")
    if not (isinstance(noise, (int, float)) and math.isfinite(noise) and noise >= 0):
        raise ModelError(key="error.explain_noise", value=noise)
    scorer = _scorer(model)
    x = _batch_of_one(scorer, image)
    key = "error.explain_slow_pass" if samples == 1 else "error.explain_slow_smoothgrad"
    per_sample = x[0].size * 20  # its noise (float64), the noisy copy and its gradients (float32)
    scorer.check(x.shape[1:], samples, True, per_sample, key, per_sample, samples=samples)
    index = _resolved_class(scorer, x, class_index)
    sigma = noise * (float(x.max() - x.min()) or 1.0)
    rng = np.random.default_rng(seed)
    total = np.zeros(x.shape[1:3])
    chunk = scorer.chunk_size(x.shape[1:])
    for start in range(0, samples, chunk):  # the same noise, drawn a chunk at a time
        size = min(chunk, samples - start)
        batch = (x + rng.normal(0.0, 1.0, (size, *x.shape[1:])) * sigma).astype(np.float32)
        grads = scorer.run(scorer.input_gradients, batch, index)[0]
        total += np.abs(grads).max(axis=-1).sum(axis=0, dtype=np.float64)
    return _unit(total / samples)


def integrated_gradients(model: keras.Model, image: np.ndarray, class_index: int | None = None,
                         baseline: Baseline | np.ndarray = "black", steps: int = 64) -> np.ndarray:
    """Sundararajan et al. (2017): (x − x′)·∫∂y/∂x along the straight path (trapezoid rule), (H, W, C).

    The attributions add up to y(x) − y(x′) (completeness), up to the error of `steps` intervals.
    """
    steps = _count(steps, "steps")
    scorer = _scorer(model)
    x = _batch_of_one(scorer, image)
    scorer.check(x.shape[1:], steps + 1, True, x[0].size * 32, "error.explain_slow_ig", x[0].size * 16,
                 steps=steps)
    index = _resolved_class(scorer, x, class_index)
    start = baseline_image(x[0], baseline)[None]
    alphas = np.linspace(0.0, 1.0, steps + 1, dtype=np.float32)[:, None, None, None]
    trapezoid = np.full(steps + 1, 1.0 / steps)  # the mean of the gradients: ends count half
    trapezoid[[0, -1]] = 0.5 / steps
    mean = np.zeros(x.shape[1:])
    chunk = scorer.chunk_size(x.shape[1:])
    for first in range(0, steps + 1, chunk):  # the path a chunk at a time
        path = (start + alphas[first:first + chunk] * (x - start)).astype(np.float32)
        grads = scorer.run(scorer.input_gradients, path, index)[0].astype(np.float64)
        mean += np.tensordot(trapezoid[first:first + chunk], grads, axes=1)
    return ((x[0] - start[0]) * mean).astype(np.float32)


def baseline_image(image: np.ndarray, baseline: Baseline | np.ndarray = "black", seed: int = 0) -> np.ndarray:
    """The reference picture: black (zeros), the picture blurred, uniform noise in its range, or an array."""
    x = np.asarray(image, dtype=np.float32)
    if isinstance(baseline, np.ndarray):
        if baseline.shape != x.shape:
            raise ModelError(key="error.explain_baseline_shape", shape=baseline.shape, expected=x.shape)
        return baseline.astype(np.float32)
    if baseline == "black":
        return np.zeros_like(x)
    if baseline == "blurred":
        return blur(x, sigma=max(x.shape[0], x.shape[1]) / 8)
    if baseline == "noise":
        return np.random.default_rng(seed).uniform(x.min(), x.max(), x.shape).astype(np.float32)
    raise ModelError(key="error.explain_baseline", name=baseline, choices=", ".join(BASELINES))


def blur(image: np.ndarray, sigma: float) -> np.ndarray:
    """A Gaussian blur of an (H, W, C) image (separable, edges reflected)."""
    radius = max(1, int(math.ceil(3 * sigma)))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= taps.sum()
    out = np.asarray(image, dtype=np.float64)
    for axis in (0, 1):
        pad = [(0, 0)] * out.ndim
        pad[axis] = (radius, radius)
        padded = np.pad(out, pad, mode="symmetric") if out.shape[axis] > 1 else np.pad(out, pad, mode="edge")
        size = out.shape[axis]
        out = sum(w * np.take(padded, np.arange(i, i + size), axis=axis) for i, w in enumerate(taps))
    return np.asarray(out, dtype=np.float32)


# --- occlusion -----------------------------------------------------------------------------------


def occlusion_windows(height: int, width: int, patch: int | None = None,
                      stride: int | None = None) -> tuple[int, int, list[tuple[int, int]]]:
    """The patch side, the stride and the top-left corners covering the whole image (last ones flush)."""
    patch, stride, rows, cols = _window_starts(height, width, patch, stride)
    return patch, stride, [(r, c) for r in rows for c in cols]


def _window_starts(height: int, width: int, patch: int | None,
                   stride: int | None) -> tuple[int, int, list[int], list[int]]:
    """The patch side, the stride and the patch's first rows and columns (`occlusion_windows`' rule)."""
    patch = max(1, round(min(height, width) / 8)) if patch is None else patch
    stride = max(1, patch // 2) if stride is None else stride
    if not (isinstance(patch, int) and isinstance(stride, int) and 1 <= patch <= min(height, width)
            and 1 <= stride <= patch):
        raise ModelError(key="error.explain_patch", patch=patch, stride=stride, side=min(height, width))

    def starts(n: int) -> list[int]:
        found = list(range(0, n - patch + 1, stride))
        return found if found[-1] == n - patch else found + [n - patch]

    return patch, stride, starts(height), starts(width)


def occlusion(model: keras.Model, image: np.ndarray, class_index: int | None = None, patch: int | None = None,
              stride: int | None = None, fill: float = 0.0) -> np.ndarray:
    """Zeiler & Fergus (2014): how much the class's probability drops when a patch covers each pixel.

    A pixel under several patches gets their mean drop. Patches default to 1/8 of the shorter side,
    moving half a patch; they are painted `fill` (0: black for 0–1 pictures). (H, W), signed.
    """
    scorer = _scorer(model)
    x = _batch_of_one(scorer, image)
    height, width = x.shape[1:3]
    patch, stride, rows, cols = _window_starts(height, width, patch, stride)  # counted before they are listed
    windows = len(rows) * len(cols)
    scorer.check(x.shape[1:], windows + 1, False, x[0].size * 8 + height * width * 16,
                 "error.explain_slow_occlusion", x[0].size * 4, patch=patch, stride=stride)
    index = _resolved_class(scorer, x, class_index)
    corners = [(r, c) for r in rows for c in cols]
    chunk = scorer.chunk_size(x.shape[1:])
    found = []
    for first in range(0, windows + 1, chunk):  # item 0: the picture; item i: patch i − 1 painted
        batch = np.repeat(x, min(chunk, windows + 1 - first), axis=0)
        for i in range(len(batch)):
            if first + i:
                r, c = corners[first + i - 1]
                batch[i, r:r + patch, c:c + patch] = fill
        found.append(scorer.probabilities(scorer.run(scorer.forward, batch, index)[1])[:, index])
    p = np.concatenate(found).astype(np.float64)
    total = np.zeros((height, width))
    count = np.zeros((height, width))
    for drop, (r, c) in zip(p[0] - p[1:], corners, strict=False):
        total[r:r + patch, c:c + patch] += drop
        count[r:r + patch, c:c + patch] += 1
    return (total / count).astype(np.float32)


def attribution(model: keras.Model, image: np.ndarray, method: str, class_index: int | None = None,
                layer: str | None = None, baseline: Baseline | np.ndarray = "black") -> np.ndarray:
    """The map of `method` (a name in `METHODS`), with each method's defaults; `layer` for the CAMs only."""
    if method in LAYER_METHODS:
        cams = {"grad_cam": grad_cam, "grad_cam_plus_plus": grad_cam_plus_plus, "layer_cam": layer_cam,
                "score_cam": score_cam}
        return cams[method](model, image, class_index, layer)
    if method == "integrated_gradients":
        return integrated_gradients(model, image, class_index, baseline)
    if method in ("saliency", "smoothgrad", "occlusion"):
        return {"saliency": saliency, "smoothgrad": smoothgrad, "occlusion": occlusion}[method](
            model, image, class_index)
    raise ModelError(key="error.explain_method", name=method, choices=", ".join(METHODS))


# --- shared helpers ---------------------------------------------------------------------------------


def _checked_class(scorer: _Scorer, class_index: int | None) -> int:
    """`class_index` checked against the model's classes; −1 (the predicted class) for None."""
    if class_index is None:
        return -1
    if isinstance(class_index, bool) or not isinstance(class_index, (int, np.integer)) \
            or not 0 <= class_index < scorer.classes:
        raise ModelError(key="error.explain_class", index=class_index, count=scorer.classes,
                         last=scorer.classes - 1)
    return int(class_index)


def _resolved_class(scorer: _Scorer, x: np.ndarray, class_index: int | None) -> int:
    """The class to explain for a batch of one: `class_index`, or the predicted one (one forward pass)."""
    index = _checked_class(scorer, class_index)
    return int(scorer.run(scorer.forward, x[:1], index)[2]) if index < 0 else index


def _batch(scorer: _Scorer, images: np.ndarray) -> np.ndarray:
    x = np.asarray(images, dtype=np.float32)
    expected = scorer.input_shape
    if x.ndim != 4 or any(e is not None and e != a for e, a in zip(expected, x.shape[1:], strict=False)):
        shown = tuple(None if d is None else int(d) for d in expected)
        raise ModelError(key="error.explain_image", shape=tuple(x.shape[1:]) if x.ndim == 4 else x.shape,
                         expected=shown)
    if not np.isfinite(x).all():
        raise ModelError(key="error.explain_not_finite")
    return x


def _batch_of_one(scorer: _Scorer, image: np.ndarray) -> np.ndarray:
    x = np.asarray(image, dtype=np.float32)
    x = x[None] if x.ndim == 3 else x
    if x.ndim == 4 and x.shape[0] != 1:
        raise ModelError(key="error.explain_image", shape=x.shape, expected=scorer.input_shape)
    return _batch(scorer, x)


def _count(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 1 <= value <= 10_000:
        raise ModelError(key="error.explain_count", name=name, value=value)
    return int(value)


def _upsample(maps: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(h, w) or (h, w, k) maps resized bilinearly to `size`, as `tf.image.resize` does (half-pixel)."""
    rows, cols = _resize_matrix(maps.shape[0], int(size[0])), _resize_matrix(maps.shape[1], int(size[1]))
    return np.einsum("Hh,hw...,Ww->HW...", rows, maps, cols)


@functools.lru_cache(maxsize=64)
def _resize_matrix(source: int, target: int) -> np.ndarray:
    """The (target, source) matrix of linear interpolation: pixel centres at i + ½, edges clamped."""
    where = np.clip((np.arange(target) + 0.5) * source / target - 0.5, 0, source - 1)
    low = np.floor(where).astype(int)
    high = np.minimum(low + 1, source - 1)
    matrix = np.zeros((target, source))
    np.add.at(matrix, (np.arange(target), low), 1 - (where - low))
    np.add.at(matrix, (np.arange(target), high), where - low)
    return matrix


def _unit(values: np.ndarray) -> np.ndarray:
    """Non-negative values divided by their maximum (all zeros stay zeros), float32."""
    values = np.maximum(np.asarray(values, dtype=np.float64), 0.0)
    top = values.max()
    return (values / top if top > 0 else values).astype(np.float32)
