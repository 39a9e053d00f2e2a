"""Feature maps: what every layer with a spatial output makes of one image.

One forward pass through a multi-output "extractor" model gives every map at
once. Models nested inside models (the VGG16 base inside `vgg16_transfer`)
are flattened by re-tracing their leaf layers on a new input, so inner layers
such as `vgg16/block1_conv1` are reachable; the re-traced graph shares the
original weights, so it always shows the model as it is now.

Extractors are memoised per model (weakly, so a dropped model frees them).
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np

from cnnviz import arch, outputs
from cnnviz.errors import ModelError

if TYPE_CHECKING:
    import keras

_EXTRACTORS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class _Extractor:
    """The flattened model's outputs for every spatial leaf layer, plus the prediction."""

    def __init__(self, model: keras.Model) -> None:
        import keras

        graph = arch.flat_graph(model)
        tensors = _retrace(graph) if _is_nested(model) else {g.name: g.output for g in graph}
        self.inputs = [tensors[g.name] for g in graph if _is_input(g.layer)]
        self.names = [g.name for g in graph if not _is_input(g.layer) and len(tensors[g.name].shape) == 4]
        self.output_names = _output_leaves(model, graph)
        wanted = [tensors[name] for name in self.names + self.output_names]
        self.model = keras.Model(self.inputs, wanted, name=f"{model.name}_extractor")
        self.lock = threading.Lock()

    def __call__(self, x: np.ndarray) -> tuple[dict[str, np.ndarray], list[np.ndarray]]:
        with self.lock:  # Keras models are not re-entrant across threads in eager mode
            results = self.model([x], training=False)
        arrays = [np.asarray(r) for r in results]
        maps = dict(zip(self.names, arrays[: len(self.names)]))
        return maps, arrays[len(self.names):]


def extractor(model: keras.Model) -> _Extractor:
    """The memoised extractor of `model` (built on first use, then shared)."""
    with _LOCK:
        found = _EXTRACTORS.get(model)
        if found is None:
            found = _EXTRACTORS[model] = _Extractor(model)
        return found


def spatial_layers(model: keras.Model) -> list[str]:
    """Names of the layers whose output is an image-like (H, W, C) map, in graph order."""
    return list(extractor(model).names)


def feature_maps(model: keras.Model, image: np.ndarray, layers: list[str] | None = None) -> dict[str, np.ndarray]:
    """Maps of every spatial layer (or the named ones) for one image, each (H, W, C) float32.

    `image` is (H, W, C) or (1, H, W, C), already converted to the model's input (see `cnnviz.images`).
    """
    maps, _ = extractor(model)(_batch_of_one(model, image))
    if layers is None:
        return {name: m[0] for name, m in maps.items()}
    unknown = [name for name in layers if name not in maps]
    if unknown:
        raise ModelError(f"These layers have no spatial output to show: {', '.join(unknown)}.")
    return {name: maps[name][0] for name in layers}


def maps_and_probabilities(model: keras.Model,
                           image: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
    """Feature maps and class probabilities from the same single forward pass.

    The probabilities are the main output made into probabilities by `cnnviz.outputs` (softmax of
    logits; one sigmoid unit becomes [1 − p, p]). They are None when the main output is not a
    vector of class scores (a lone Inception module outputs feature maps, not classes).
    """
    maps, found = extractor(model)(_batch_of_one(model, image))
    index = outputs.main_output_index(model)
    main = found[index][0]
    probabilities = outputs.to_probabilities(main, outputs.output_kind(model, index)) if main.ndim == 1 else None
    return {name: m[0] for name, m in maps.items()}, probabilities


def class_probabilities(model: keras.Model, image: np.ndarray) -> np.ndarray | None:
    """The main output for one image as probabilities over classes (see `maps_and_probabilities`)."""
    return maps_and_probabilities(model, image)[1]


def _batch_of_one(model: Any, image: np.ndarray) -> np.ndarray:
    x = np.asarray(image, dtype=np.float32)
    if x.ndim == 3:
        x = x[None]
    expected = tuple(model.inputs[0].shape[1:])
    if x.ndim != 4 or x.shape[0] != 1 or any(e is not None and e != a for e, a in zip(expected, x.shape[1:])):
        raise ModelError(f"The image has shape {x.shape[1:]}, but the model expects {expected}.")
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
