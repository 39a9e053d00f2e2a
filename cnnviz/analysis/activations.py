"""Feature maps: what every layer with a spatial output makes of one image.

One forward pass through a multi-output "extractor" model gives the maps. Models nested inside models
(the VGG16 base inside `vgg16_transfer`) are flattened by re-tracing their leaf layers on a new input,
so inner layers such as `vgg16/block1_conv1` are reachable; the re-traced graph shares the original
weights, so it always shows the model as it is now.

Maps can be big: a model with a fixed 1024×1024 input and a few 64-filter convolutions makes more than
a gigabyte of them per picture. `map_bytes` and `pass_bytes` work out from the layer shapes, before any
pass, what the maps take and what a pass would hold at its peak (the maps kept plus the tensors still
needed); `maps_within_budget` computes every map when that fits `MAPS_BUDGET`, and otherwise only the
chosen layer (and the prediction if that fits too). Passes run as TensorFlow graphs, which free each
intermediate tensor once the layers that read it are done (an eager Keras call keeps them all).

Extractors are memoised per model (weakly, so a dropped model frees them).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz.core import budget, memo
from cnnviz.core.errors import ModelError
from cnnviz.models import arch, outputs

if TYPE_CHECKING:
    import keras

_EXTRACTORS: memo.PerModel[_Extractor] = memo.PerModel()

MAPS_BUDGET = 384 * 2**20  # bytes a pass may hold at its peak for one picture: maps kept + tensors in flight
BYTES_PER_VALUE = 4  # maps are float32
MAX_SQUARE_SIDE = 4096  # the largest square side tried when looking for the smallest input a model accepts
_PASSES_KEPT = 16  # compiled passes (one per set of layers asked for) memoised per extractor


class _Extractor:
    """The flattened model: every leaf layer's tensor, the spatial ones named, and compiled passes."""

    def __init__(self, model: keras.Model) -> None:
        import keras

        graph = arch.flat_graph(model)
        self.tensors = _retrace(graph) if _is_nested(model) else {g.name: g.output for g in graph}
        self.order = [g.name for g in graph]
        self.parents = {g.name: tuple(g.parents) for g in graph if not _is_input(g.layer)}
        self.inputs = [self.tensors[g.name] for g in graph if _is_input(g.layer)]
        self.names = [g.name for g in graph
                      if not _is_input(g.layer) and len(self.tensors[g.name].shape) == 4]
        self.output_names = _output_leaves(model, graph)
        self.model = keras.Model(self.inputs, [self.tensors[n] for n in self.names + self.output_names],
                                 name=f"{model.name}_extractor")
        self._all_leaves: Any = None
        self._shapes: dict[tuple[int, ...], dict[str, tuple[int, ...]]] = {}
        self._passes: OrderedDict[tuple[tuple[str, ...], bool], Callable[[Any], Any]] = OrderedDict()
        self.lock = threading.Lock()

    def __call__(self, x: np.ndarray, names: Sequence[str] | None = None,
                 prediction: bool = True) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
        """The maps of `names` (every spatial layer when None) and, with `prediction`, the model's outputs."""
        names = tuple(self.names if names is None else names)
        self.shapes(x.shape[1:])  # a too-small picture is refused here: a graph would give empty maps instead
        with self.lock:  # Keras models are not re-entrant across threads
            run = self._pass(names, prediction)
            try:
                found = run(x)
                results = [np.asarray(r) for r in (found if isinstance(found, (list, tuple)) else [found])]
            except _backend_errors() as err:  # an op that cannot take this input (too small, odd size, …)
                raise _forward_error(x.shape[1:], err) from err
        return dict(zip(names, results[: len(names)], strict=False)), results[len(names):]

    def _pass(self, names: tuple[str, ...], prediction: bool) -> Callable[[Any], Any]:
        """A compiled pass giving `names`' maps (and the outputs), memoised (least recently used dropped)."""
        import keras

        key = (names, prediction)
        found = self._passes.get(key)
        if found is None:
            wanted = [self.tensors[n] for n in names + (tuple(self.output_names) if prediction else ())]
            sub = keras.Model(self.inputs, wanted)
            found = self._passes[key] = _compiled(sub, tuple(self.inputs[0].shape))
            while len(self._passes) > _PASSES_KEPT:
                self._passes.popitem(last=False)
        self._passes.move_to_end(key)
        return found

    def shapes(self, image_shape: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
        """Every leaf's output shape (no batch axis) for one image of `image_shape` (H, W, C)."""
        import keras

        image_shape = tuple(int(d) for d in image_shape)
        with self.lock:
            found = self._shapes.get(image_shape)
            if found is not None:
                return found
            static = {n: tuple(t.shape[1:]) for n, t in self.tensors.items()}
            if all(d is not None for shape in static.values() for d in shape):
                found = static
            else:  # a model that takes any size: Keras infers every shape symbolically, computing nothing
                if self._all_leaves is None:
                    self._all_leaves = keras.Model(self.inputs, [self.tensors[n] for n in self.order])
                try:
                    specs = self._all_leaves.compute_output_spec(keras.KerasTensor((1, *image_shape)))
                except ValueError as err:
                    raise self._too_small(image_shape, err) from err
                found = {n: tuple(int(d) for d in s.shape[1:]) for n, s in zip(self.order, specs, strict=False)}
            if len(self._shapes) > 64:
                self._shapes.clear()
            self._shapes[image_shape] = found
            return found

    def _too_small(self, image_shape: tuple[int, ...], err: Exception) -> ModelError:
        """The error for an input the layers shrink to nothing, naming the smallest square it takes."""
        import keras

        height, width, channels = image_shape
        size = f"{width}×{height}"
        low, high = 1, MAX_SQUARE_SIDE
        try:
            self._all_leaves.compute_output_spec(keras.KerasTensor((1, high, high, channels)))
        except ValueError:
            return ModelError(key="error.input_unusable", size=size, detail=_first_line(err))
        while low < high:  # the smallest side that works, assuming a bigger picture never hurts
            middle = (low + high) // 2
            try:
                self._all_leaves.compute_output_spec(keras.KerasTensor((1, middle, middle, channels)))
                high = middle
            except ValueError:
                low = middle + 1
        return ModelError(key="error.input_too_small", size=size, side=low)

    def peak_bytes(self, image_shape: tuple[int, ...], targets: Sequence[str]) -> int:
        """Estimated peak bytes of a pass that keeps `targets`' outputs (see `peak_of_pass`)."""
        shapes = self.shapes(image_shape)
        sizes = {n: math.prod(shape) * BYTES_PER_VALUE for n, shape in shapes.items()}
        return peak_of_pass(self.order, self.parents, sizes, targets)


def peak_of_pass(order: Sequence[str], parents: dict[str, tuple[str, ...]], sizes: dict[str, int],
                 targets: Sequence[str]) -> int:
    """Bytes held at the busiest moment of a pass that computes `targets` and keeps them.

    Layers run in `order` (inputs have no entry in `parents`); a tensor is held from when its layer runs
    until the last layer needing it has run, and a target until the end. Layers no target depends on
    are skipped, as a graph does.
    """
    needed = budget.needed_for(targets, parents)
    uses = {name: 0 for name in needed}
    for name in needed:
        for parent in parents.get(name, ()):
            uses[parent] += 1
    keep = set(targets)
    held = peak = 0
    for name in order:
        if name not in needed:
            continue
        held += sizes[name]
        peak = max(peak, held)
        for parent in parents.get(name, ()):
            uses[parent] -= 1
            if uses[parent] == 0 and parent not in keep:
                held -= sizes[parent]
    return peak


def extractor(model: keras.Model) -> _Extractor:
    """The memoised extractor of `model` (built on first use, then shared)."""
    return _EXTRACTORS.get(model, lambda: _Extractor(model))


def spatial_layers(model: keras.Model) -> list[str]:
    """Names of the layers whose output is an image-like (H, W, C) map, in graph order."""
    return list(extractor(model).names)


def map_bytes(model: keras.Model, image_shape: tuple[int, ...] | None = None,
              layers: Sequence[str] | None = None) -> int:
    """Bytes (float32) the maps of every spatial layer, or of `layers`, take for one image.

    `image_shape` (H, W, C) is needed only for a model that takes any size; computed from the layer
    shapes, without a forward pass.
    """
    ex = extractor(model)
    shapes = ex.shapes(_image_shape(model, image_shape))
    names = ex.names if layers is None else _check_layers(ex, layers)
    return sum(math.prod(shapes[name]) * BYTES_PER_VALUE for name in names)


def pass_bytes(model: keras.Model, image_shape: tuple[int, ...] | None = None,
               layers: Sequence[str] | None = None, prediction: bool = True) -> int:
    """Estimated peak bytes of a pass with the maps of `layers` (None: all) and, if asked, the prediction."""
    ex = extractor(model)
    names = ex.names if layers is None else _check_layers(ex, layers)
    targets = list(names) + (ex.output_names if prediction else [])
    return ex.peak_bytes(_image_shape(model, image_shape), targets)


@dataclass(frozen=True)
class MapsView:
    """The maps computed for one picture, with what they would all take and what was left out."""

    maps: dict[str, np.ndarray]  # layer name → (H, W, C) float32; every spatial layer when `complete`
    probabilities: np.ndarray | None  # None: not a classifier, or not `predicted`
    all_bytes: int  # what every spatial layer's maps take for this picture
    full_pass_bytes: int  # estimated peak of one pass keeping them all, with the prediction
    prediction_bytes: int  # estimated peak of the pass that gave (or would have given) the prediction
    budget: int
    complete: bool
    predicted: bool

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays."""
        return budget.nbytes(self)


def maps_within_budget(model: keras.Model, image: np.ndarray, layer: str | None = None,
                       budget_bytes: int | None = None) -> MapsView:
    """Every map and the prediction when one pass fits the budget; else only `layer`'s maps.

    The prediction comes with `layer` when that pass fits the budget too. `layer` defaults to the first
    spatial layer; `budget_bytes` to `MAPS_BUDGET`. A layer whose maps alone do not fit is a `ModelError`.
    """
    limit = MAPS_BUDGET if budget_bytes is None else int(budget_bytes)
    ex = extractor(model)
    x = _batch_of_one(model, image)
    shape = x.shape[1:]
    shapes = ex.shapes(shape)
    all_bytes = sum(math.prod(shapes[name]) * BYTES_PER_VALUE for name in ex.names)
    full = ex.peak_bytes(shape, ex.names + ex.output_names)
    if full <= limit:
        maps, found = ex(x)
        return MapsView(_first(maps), _probabilities(model, found), all_bytes, full, full, limit, True, True)
    layer = ex.names[0] if layer is None else _check_layers(ex, [layer])[0]
    alone = ex.peak_bytes(shape, [layer])
    if alone > limit:
        raise ModelError(key="error.layer_too_big", layer=layer, need=budget.megabytes(alone),
                         budget=budget.megabytes(limit))
    with_prediction = ex.peak_bytes(shape, [layer] + ex.output_names)
    predicted = with_prediction <= limit
    maps, found = ex(x, [layer], prediction=predicted)
    probabilities = _probabilities(model, found) if predicted else None
    return MapsView(_first(maps), probabilities, all_bytes, full, with_prediction, limit, False, predicted)


def feature_maps(model: keras.Model, image: np.ndarray,
                 layers: list[str] | None = None) -> dict[str, np.ndarray]:
    """Maps of every spatial layer (or the named ones) for one image, each (H, W, C) float32.

    `image` is (H, W, C) or (1, H, W, C), already converted to the model's input (see `cnnviz.images`).
    Only the named layers are computed (and only the part of the model they depend on).
    """
    ex = extractor(model)
    names = None if layers is None else _check_layers(ex, layers)
    maps, _ = ex(_batch_of_one(model, image), names, prediction=False)
    return _first(maps)


def maps_and_probabilities(model: keras.Model,
                           image: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Feature maps and class probabilities from the same single forward pass.

    The probabilities are the main output made into probabilities by `cnnviz.outputs` (softmax of
    logits; one sigmoid unit becomes [1 − p, p]). They are None when the main output is not a
    vector of class scores (a lone Inception module outputs feature maps, not classes).
    """
    maps, found = extractor(model)(_batch_of_one(model, image))
    return _first(maps), _probabilities(model, found)


def class_probabilities(model: keras.Model, image: np.ndarray) -> np.ndarray | None:
    """The main output for one image as probabilities over classes (see `maps_and_probabilities`)."""
    maps, found = extractor(model)(_batch_of_one(model, image), [], prediction=True)
    return _probabilities(model, found)


def _probabilities(model: Any, found: list[np.ndarray]) -> np.ndarray | None:
    """The main output of a batch of one as probabilities, None when it is not a vector of class scores."""
    index = outputs.main_output_index(model)
    main = found[index][0]
    return outputs.to_probabilities(main, outputs.output_kind(model, index)) if main.ndim == 1 else None


def _first(maps: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {name: m[0] for name, m in maps.items()}


def _check_layers(ex: _Extractor, layers: Sequence[str]) -> list[str]:
    unknown = [name for name in layers if name not in ex.names]
    if unknown:
        raise ModelError(key="error.no_spatial", names=", ".join(unknown))
    return list(layers)


def _image_shape(model: Any, image_shape: tuple[int, ...] | None) -> tuple[int, ...]:
    """`image_shape`, or the model's own fixed input shape; a ModelError when neither gives a size."""
    expected = tuple(model.inputs[0].shape[1:])
    if image_shape is None:
        if any(d is None for d in expected):
            raise ModelError(key="error.any_size")
        return tuple(int(d) for d in expected)
    return tuple(int(d) for d in image_shape)


def _compiled(sub: Any, input_shape: tuple[int | None, ...]) -> Callable[[Any], Any]:
    """`sub` called for inference as a TensorFlow graph (intermediates freed as soon as they are used)."""
    import keras

    if keras.backend.backend() != "tensorflow":
        return lambda x: sub([x], training=False)
    import tensorflow as tf

    spec = tf.TensorSpec((1, *input_shape[1:]), tf.float32)  # None sides stay None: one trace for all sizes
    return tf.function(lambda x: sub([x], training=False), input_signature=[spec])


def _backend_errors() -> tuple[type[Exception], ...]:
    """What a forward pass raises on an input its operations cannot take (Keras's and TensorFlow's errors)."""
    import keras

    if keras.backend.backend() != "tensorflow":
        return (ValueError,)
    import tensorflow as tf

    return (ValueError, tf.errors.OpError)


def _forward_error(shape: tuple[int, ...], err: Exception) -> ModelError:
    size = f"{shape[1]}×{shape[0]}" if len(shape) >= 2 else str(shape)
    return ModelError(key="error.forward_failed", size=size, detail=_first_line(err))


def _first_line(err: BaseException) -> str:
    lines = [line.strip() for line in str(err).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(err).__name__
    return text if len(text) <= 300 else text[:297] + "…"


def _batch_of_one(model: Any, image: np.ndarray) -> np.ndarray:
    x = np.asarray(image, dtype=np.float32)
    if x.ndim == 3:
        x = x[None]
    expected = tuple(model.inputs[0].shape[1:])
    if x.ndim != 4 or x.shape[0] != 1 or any(e is not None and e != a
                                             for e, a in zip(expected, x.shape[1:], strict=False)):
        raise ModelError(key="error.image_shape", shape=x.shape[1:], expected=expected)
    return x


def _is_input(layer: Any) -> bool:
    import keras

    return isinstance(layer, keras.layers.InputLayer)


def _is_nested(model: Any) -> bool:
    import keras

    return any(isinstance(layer, keras.Model) for layer in model.layers)


def _retrace(graph: list[arch.GraphLayer]) -> dict[str, Any]:
    """Call every leaf layer again on fresh inputs, giving one flat graph that shares the weights."""
    import keras

    tensors: dict[str, Any] = {}
    for g in graph:
        if _is_input(g.layer):
            tensors[g.name] = keras.Input(g.layer.batch_shape[1:], name=f"flat_{g.layer.name}")
            continue
        args = [tensors[p] for p in g.parents]
        tensors[g.name] = g.layer(args if len(args) > 1 else args[0])
    return tensors


def _output_leaves(model: Any, graph: list[arch.GraphLayer]) -> list[str]:
    """Leaf names standing for the model's outputs, in output order (main prediction first)."""
    walker_names = {g.name for g in graph}
    leaves = []
    for tensor in model.outputs:
        name = tensor._keras_history.operation.name
        if name in walker_names:
            leaves.append(name)
        else:  # the output comes from a nested model: use its last leaf
            leaves.append([g.name for g in graph if g.name.startswith(name + "/")][-1])
    return leaves


GRID_TYPES = frozenset({"Conv2D", "DepthwiseConv2D", "SeparableConv2D", "MaxPooling2D", "AveragePooling2D",
                        "Concatenate", "Add"})  # the layers whose maps are worth a grid of their own


def grid_layers(names: Sequence[str], rows: Sequence[arch.LayerInfo]) -> list[str]:
    """Of the layers with maps (`names`), those that get a grid: convolutions, pooling and merges.

    Activations, batch norm, dropout or padding layers repeat the picture of the layer before them.
    """
    types = {row.name: row.type for row in rows}
    return [name for name in names if types.get(name) in GRID_TYPES]


def channel_order(maps: np.ndarray) -> np.ndarray:
    """Channels of an (H, W, C) map sorted by mean activation, strongest first."""
    return np.argsort(-np.asarray(maps).reshape(-1, maps.shape[-1]).mean(axis=0), kind="stable")


ZERO_PADDED_TYPES = {"Conv2D", "DepthwiseConv2D", "SeparableConv2D"}


def zero_padded(row: arch.LayerInfo) -> bool:
    """True for a convolution with padding="same" and a window wider than 1 pixel.

    Keras surrounds its input with zeros, so the outer rows and columns of its maps are partly computed
    from padding, not from the picture.
    """
    wide = any(k > 1 for k in row.kernel_size or ())
    return row.type in ZERO_PADDED_TYPES and row.padding == "same" and wide
