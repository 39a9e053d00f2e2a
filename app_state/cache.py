"""Cached resources: built once per key, shared read-only by every session.

`st.cache_resource` holds objects (models, datasets, layer tables, the checkpoint listing as a tuple, the
pictures of `_renders`) that sessions share and must never mutate (training clones its model): no copy is
unpickled on every rerun of every session. An argument whose name starts with `_` is not hashed: the argument
before it (a digest, a content key) stands for it in the key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from app_state import serving
from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core import budget
from cnnviz.models import zoo
from cnnviz.train import checkpoints, runs
from cnnviz.uploads import photos

if TYPE_CHECKING:
    import keras
    import numpy as np

    from cnnviz.models import arch

serving.keep_keras_collections()  # every page imports this module: set once per server, before any run ends


@st.cache_resource(show_spinner=False, max_entries=16)
def zoo_model(name: str, input_shape: tuple[int, ...] | None, num_classes: int | None) -> keras.Model:
    """An untrained zoo model (VGG16 without its ImageNet download). Key: name, input shape, class count."""
    options = {"weights": None} if name == "vgg16_transfer" else {}
    return zoo.build_model(name, input_shape, num_classes, **options)


@st.cache_resource(show_spinner=False, max_entries=16)
def checkpoint_model(path: str, modified: float) -> tuple[keras.Model, checkpoints.Metadata]:
    """A checkpoint on disk and its metadata. Key: the checkpoint's path and modification time."""
    return checkpoints.load(path)


@st.cache_resource(show_spinner=False, max_entries=8)
def uploaded_model(digest: str, _data: bytes, filename: str
                   ) -> tuple[keras.Model, checkpoints.Metadata, dict[str, str]]:
    """An upload, its metadata and its layer renames (training.runnable). Key: its SHA-256 digest and name."""
    from cnnviz.train import training

    model, meta = checkpoints.load_bytes(_data, filename)
    model, renamed = training.runnable(model)
    return model, meta, renamed


@st.cache_resource(show_spinner=False, max_entries=8)
def dataset(name: str) -> data.Dataset:
    """A catalogue dataset, read (or downloaded) once. Key: the dataset's name."""
    return data.load_dataset(name)


ZIP_DATASETS_BYTES = 1024 * 2**20  # every session's uploaded image sets together; the least recently used go


@st.cache_resource(show_spinner=False)
def _zip_datasets() -> budget.ByteBudgetCache:
    """Uploaded image sets of every session, under a byte budget. Key: none (one store per server)."""
    return budget.ByteBudgetCache(ZIP_DATASETS_BYTES)


def zip_dataset(digest: str, _data: bytes, filename: str) -> data.Dataset:
    """Your own images from an uploaded zip, decoded once. Key: the zip's SHA-256 digest and its file name."""
    return _zip_datasets().get_or_compute((digest, filename),
                                          lambda: data.load_image_zip(_data, name=Path(filename).stem))


@st.cache_resource(show_spinner=False, max_entries=8)
def checkpoint_list(folders: tuple[str, ...], stamp: float) -> tuple[checkpoints.CheckpointInfo, ...]:
    """The checkpoints in `folders`, shared read-only. Key: the folders and their newest modification time."""
    return tuple(info for folder in folders for info in checkpoints.list_checkpoints(folder))


@st.cache_resource(show_spinner=False, ttl=600)
def _cleaned(folder: str) -> list[str]:
    """Abandoned runs removed at most every ten minutes, by whichever session comes. Key: the runs folder."""
    return runs.clean_abandoned(folder)


@st.cache_resource(show_spinner=False, max_entries=32)
def cached_rows(key: str, _model: keras.Model) -> list[arch.LayerInfo]:
    """The layer table of a model. Key: the model's content key (`CurrentModel.key`), not the model itself."""
    from cnnviz.models import arch

    return arch.layer_table(_model)


@st.cache_resource(show_spinner=False, max_entries=8)
def training_stats(key: str, _x_train: np.ndarray) -> photos.TrainingStats:
    """Brightness statistics of a model's training split. Key: the model's content key and the dataset."""
    return photos.training_stats(_x_train)


EVALUATIONS_BYTES = 64 * 2**20  # test-set scores of every session (10,000 images of 10 classes: about 0.6 MB each)


@st.cache_resource(show_spinner=False)
def _evaluations() -> budget.ByteBudgetCache:
    """Models' scores on test splits, of every session, under a byte budget. Key: none (one store per server)."""
    return budget.ByteBudgetCache(EVALUATIONS_BYTES)


def evaluation_of(key: str, model: keras.Model, ds: data.Dataset,
                  progress: Callable[[int, int], object] | None = None) -> evaluation.Evaluation:
    """A model's scores on `ds`'s test split, computed once per model content key (`CurrentModel.key`, a
    checkpoint's path and time) and dataset fingerprint; `progress(done, total)` follows a computation."""
    return _evaluations().get_or_compute(
        (key, data.fingerprint(ds)),
        lambda: evaluation.evaluate(model, ds.x_test, ds.y_test, ds.num_classes, progress=progress))


RENDERS_BYTES = 32 * 2**20  # every session's encoded pictures (app_state/renders.py; ~110 KB a picture's views)


@st.cache_resource(show_spinner=False)
def rendered_pictures() -> budget.ByteBudgetCache:
    """PNG bytes of pictures every session shows, under a byte budget. Key: none (one store per server)."""
    return budget.ByteBudgetCache(RENDERS_BYTES)


EPOCH_TWINS_BYTES = 512 * 2**20  # the epoch models of every session together; the least recently used go first


@st.cache_resource(show_spinner=False)
def epoch_twins() -> budget.ByteBudgetCache:
    """Epoch models (a checkpoint at epoch k) of every session, under a byte budget. Key: none (one store)."""
    return budget.ByteBudgetCache(EPOCH_TWINS_BYTES)


@st.cache_data(show_spinner=False, max_entries=64)
def replay_epochs(key: str, _source: str | bytes) -> tuple[int, ...]:
    """The epochs a checkpoint can replay. Key: the model's content key (path and time, or digest)."""
    return checkpoints.replay_epochs(_source)
