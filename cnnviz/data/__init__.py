"""Datasets for the explorer: built in, downloaded by Keras, or the student's own images.

Every loader returns a `Dataset`: float32 images in [0, 1] shaped (N, H, W, C)
(channels_last), int64 labels and fixed train / validation / test splits, so
models and pages never care where the pictures came from. TensorFlow and Keras
are imported inside the functions that need them, so listing datasets is cheap.

One idea per module, this façade for callers (``from cnnviz import data``):
`types` (the Dataset and its splits), `embedded` (built-in sets), `downloads`
(keras.datasets through Keras's cache, read without unpickling code), `folders`
(your own images as a folder or zip, with their guards), `catalogue` (names,
loading, what was done to the pictures) and `augment` (augmentation and tf.data).
"""

from __future__ import annotations

from cnnviz.data.augment import Augmentation, augmentation_warnings, augmenter, eval_batches, train_batches
from cnnviz.data.catalogue import (
    STAND_INS,
    class_names_in,
    featured_sample,
    list_datasets,
    load_dataset,
    preprocessing_steps,
    stand_in,
)
from cnnviz.data.downloads import fill_cache, keras_home
from cnnviz.data.embedded import (
    FASHION_CLASSES,
    FEATURED_CLASS,
    SHAPE_CLASSES,
    fashion_sample_arrays,
    make_shapes,
)
from cnnviz.data.folders import load_image_folder, load_image_zip
from cnnviz.data.types import Dataset, DatasetInfo, fingerprint

__all__ = [
    "FASHION_CLASSES", "FEATURED_CLASS", "SHAPE_CLASSES", "STAND_INS", "Augmentation", "Dataset", "DatasetInfo",
    "augmentation_warnings", "augmenter", "class_names_in", "eval_batches", "fashion_sample_arrays",
    "featured_sample", "fill_cache", "fingerprint",
    "keras_home", "list_datasets", "load_dataset", "load_image_folder", "load_image_zip", "make_shapes",
    "preprocessing_steps", "stand_in", "train_batches",
]
