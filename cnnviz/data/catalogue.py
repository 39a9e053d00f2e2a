"""The catalogue: which datasets exist, loading one by name, and what was done to its pictures."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cnnviz.core import i18n
from cnnviz.core.errors import DatasetError
from cnnviz.data.downloads import KERAS_SOURCES, _is_cached, _keras_dataset, keras_home
from cnnviz.data.embedded import FASHION_CLASSES, FEATURED_CLASS, SHAPE_CLASSES, _digits, _fashion_sample, _shapes
from cnnviz.data.types import Dataset, DatasetInfo, _check_fraction

# ---------------------------------------------------------------------------
# Catalogue
# ---------------------------------------------------------------------------

_EMBEDDED = ("fashion_mnist_sample", "digits", "shapes")  # titles and texts: i18n data.title.*, data.about.*


def list_datasets(lang: str = "en") -> list[DatasetInfo]:
    """Every dataset the app offers, built-in first, titled in `lang`; checks the cache, loads nothing."""
    home = keras_home()
    infos = [DatasetInfo(name, i18n.t(f"data.title.{name}", lang), i18n.t(f"data.about.{name}", lang),
                         "embedded", False) for name in _EMBEDDED]
    infos += [
        DatasetInfo(name, s.title, " ".join([i18n.translate(s.description, lang),
                                             i18n.t("data.downloaded_once", lang, size=s.download_mb)]),
                    "keras", not _is_cached(name, home))
        for name, s in KERAS_SOURCES.items()
    ]
    infos.append(DatasetInfo("folder", i18n.t("data.title.folder", lang), i18n.t("data.about.folder", lang),
                             "folder", False))
    return infos


def load_dataset(name: str, *, val_fraction: float = 0.1, seed: int = 0, limit: int | None = None
                 ) -> Dataset:
    """Load a named dataset; `limit` caps each split's size for quick experiments."""
    _check_fraction(val_fraction, "validation")
    if name == "fashion_mnist_sample":
        return _fashion_sample(val_fraction, seed, limit)
    if name == "digits":
        return _digits(val_fraction, seed, limit)
    if name == "shapes":
        return _shapes(val_fraction, seed, limit)
    if name in KERAS_SOURCES:
        return _keras_dataset(name, val_fraction, seed, limit)
    if name == "folder":
        raise DatasetError(key="data.folder_needs_upload")
    known = ", ".join(info.name for info in list_datasets() if info.source != "folder")
    raise DatasetError(key="data.unknown", name=name, known=known)


# Built-in datasets whose class names have translations (i18n keys class.<family>.<index>); digits need none.
_CLASS_FAMILIES = {"fashion_mnist_sample": ("fashion", FASHION_CLASSES), "fashion_mnist": ("fashion", FASHION_CLASSES),
                   "shapes": ("shapes", SHAPE_CLASSES),
                   "cifar10": ("cifar10", KERAS_SOURCES["cifar10"].class_names)}


def class_names_in(dataset: str, class_names: Sequence[str], lang: str = i18n.DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The class names to show in `lang`: a built-in dataset's own names translated, anything else as given.

    `dataset` is where the names came from (a dataset's or a checkpoint's `dataset`). Names a user typed, a
    zip's folder names and an uploaded model's own names stay exactly as they are, even when they happen
    to read "Sneaker": only the built-in tuple itself, under its dataset's name, is translated.
    """
    family = _CLASS_FAMILIES.get(dataset)
    if family is None or tuple(class_names) != family[1]:
        return tuple(str(name) for name in class_names)
    return tuple(i18n.t(f"class.{family[0]}.{k}", lang) for k in range(len(family[1])))


# Downloaded datasets with a built-in stand-in: the same classes and kind of picture, fewer of them, offline.
STAND_INS = {"fashion_mnist": "fashion_mnist_sample"}


def stand_in(name: str) -> str | None:
    """The built-in dataset to use for `name` while its download is missing; None when `name` itself is usable.

    A checkpoint trained on the full Fashion-MNIST is shown offline on the built-in sample (the same ten
    classes), instead of failing on a download. Only Keras's cache is looked at: nothing is fetched.
    """
    if name in STAND_INS and not _is_cached(name, keras_home()):
        return STAND_INS[name]
    return None


def featured_sample(dataset: Dataset) -> int:
    """Test-split index of the first ankle boot (Fashion-MNIST's sets), else 0: the picture to open on."""
    if FEATURED_CLASS not in dataset.class_names:
        return 0
    hits = np.flatnonzero(dataset.y_test == dataset.class_names.index(FEATURED_CLASS))
    return int(hits[0]) if len(hits) else 0


# ---------------------------------------------------------------------------
# Explanations for the UI
# ---------------------------------------------------------------------------


def _scaling_step(raw_max: float, lang: str) -> str:
    if raw_max == 255:
        how = i18n.t("data.prep.scale_255", lang)
    elif raw_max == 1:
        how = i18n.t("data.prep.scale_1", lang)
    else:
        how = i18n.t("data.prep.scale_other", lang, max=raw_max)
    return f"{how} {i18n.t('data.prep.scale_why', lang)}"


def preprocessing_steps(dataset: Dataset, lang: str = "en") -> list[str]:
    """Short sentences in `lang` saying what was done to the raw images, and why."""
    h, w, c = dataset.input_shape
    colour = i18n.t("data.prep.grey", lang) if c == 1 else i18n.t("data.prep.rgb", lang, c=c)
    names = ", ".join(dataset.class_names[:4]) + (", …" if dataset.num_classes > 4 else "")
    return [
        _scaling_step(dataset.raw_max, lang),
        i18n.t("data.prep.shape", lang, h=h, w=w, c=c, colour=colour),
        i18n.t("data.prep.channels_last", lang, h=h, w=w, c=c),
        *(i18n.translate(step, lang) for step in dataset.preprocessing),
        i18n.t("data.prep.labels", lang, last=dataset.num_classes - 1, names=names),
        i18n.t("data.prep.split", lang, train=len(dataset.y_train), val=len(dataset.y_val),
               test=len(dataset.y_test)),
    ]
