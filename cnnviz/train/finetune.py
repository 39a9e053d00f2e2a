"""Fine-tuning a model that did not come from the zoo (an uploaded `.keras` file).

`problem(model, dataset)` says, before anything is trained, whether the dataset's
images and classes fit the model (a ready-made message when not), and
`fit_dataset(model, dataset)` converts the dataset's images to the model's input
(size and grey ↔ RGB), which `training.train(..., base_model=model)` then uses.
The model itself is never changed: training works on a copy.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core.errors import CnnvizError, TrainingError
from cnnviz.uploads import images

if TYPE_CHECKING:
    import keras

MAX_CONVERTED_BYTES = 1_500_000_000  # float32 images after conversion, all three splits


def output_units(model: keras.Model) -> int:
    """Units of the model's main (first) output: the number of classes, or 1 for a single sigmoid."""
    return int(model.outputs[0].shape[-1])


def problem(model: keras.Model, dataset: data.Dataset) -> TrainingError | None:
    """Why `model` cannot be fine-tuned on `dataset` (an error to show), or None when it can."""
    try:
        height, width, channels = images.model_input_spec(model)
    except CnnvizError as err:
        return TrainingError(str(err), key=err.key, **err.values)
    units = output_units(model)
    classes = dataset.num_classes
    if units != classes and not (units == 1 and classes == 2):
        return TrainingError(key="finetune.classes", units=units, classes=classes, dataset=dataset.name)
    have = dataset.input_shape[-1]
    if have != channels and not (channels in (1, 3) and have in (1, 3, 4)):
        return TrainingError(key="finetune.channels", model=channels, data=have)
    h, w = height or dataset.input_shape[0], width or dataset.input_shape[1]
    count = len(dataset.x_train) + len(dataset.x_val) + len(dataset.x_test)
    size = count * h * w * channels * 4
    if size > MAX_CONVERTED_BYTES:
        return TrainingError(key="finetune.too_big", count=count, h=h, w=w, c=channels,
                             gb=f"{size / 1e9:.1f}", limit=f"{MAX_CONVERTED_BYTES / 1e9:.1f}")
    return None


def fit_dataset(model: keras.Model, dataset: data.Dataset) -> data.Dataset:
    """The dataset with every split converted to the model's input size and channels (still 0–1)."""
    error = problem(model, dataset)
    if error is not None:
        raise error
    shape = images.model_input_spec(model)
    x_train, x_val, x_test = (evaluation.fit_to_input(x, shape)
                              for x in (dataset.x_train, dataset.x_val, dataset.x_test))
    return dataclasses.replace(dataset, x_train=x_train, x_val=x_val, x_test=x_test)


def conversion(model: keras.Model, dataset: data.Dataset) -> tuple[int, int, int] | None:
    """The (H, W, C) the dataset's images become for this model, or None when they fit as they are."""
    return images.converted_shape(images.model_input_spec(model), dataset.input_shape)
