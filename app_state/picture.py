"""The picture a page looks at: a test-set sample or an uploaded image, shared by Feature maps and Explain.

Both pages use the same widget keys (`fm_source`, `sample`, `fm_upload`, `fm_fit`, `fm_invert`), so the
picture chosen on one page is the picture shown on the other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import streamlit as st

from app_state import shared, uploads
from app_state.cache import training_stats
from app_state.shared import t
from cnnviz import data
from cnnviz.analysis import evaluation
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import describe
from cnnviz.uploads import images, photos

SOURCES = ("sample", "upload")  # a test-set sample, or a picture of the user's own


def training_split(current: shared.CurrentModel, ds: data.Dataset | None) -> photos.TrainingStats | None:
    """The statistics of the images this model was trained on; None when they are not at hand."""
    if ds is None or not current.trained or ds.name != current.dataset:
        return None
    return training_stats(f"{current.key}:{data.fingerprint(ds)}", ds.x_train)


def source_ui() -> str:
    """The radio choosing a test-set sample or an upload. Both are always offered, so a dataset missing for a
    moment (an upload not yet made, a download failing) never changes the user's choice."""
    shared.keep_valid("fm_source", SOURCES)
    return st.radio(t("fm.source"), SOURCES, horizontal=True, format_func=lambda s: t(f"fm.source_{s}"),
                    key="fm_source")


def sample_ui(current: shared.CurrentModel, ds: data.Dataset) -> tuple[np.ndarray, str, int, int]:
    """The chosen test-set sample as model input, a note saying where it comes from, its label's index, its
    number in the test split."""
    count = len(ds.x_test)
    shared.keep_valid("sample", range(count))
    if "sample" not in st.session_state:  # the textbook's ankle boot on the Fashion-MNIST sample
        st.session_state["sample"] = data.featured_sample(ds)
    index = st.number_input(t("fm.sample"), min_value=0, max_value=count - 1, step=1, key="sample")
    spec = images.model_input_spec(current.model)
    x = evaluation.fit_to_input(ds.x_test[index : index + 1], spec)
    note = t("fm.sample_note", index=index, count=count, dataset=ds.name)
    target = images.converted_shape(spec, ds.input_shape)
    if target is not None:
        note += " " + t("fm.sample_converted", given="×".join(map(str, ds.input_shape)),
                        target="×".join(map(str, target)))
    return x, note, int(ds.y_test[index]), int(index)


def upload_ui(current: shared.CurrentModel, reference: photos.TrainingStats | None) -> tuple[np.ndarray, str]:
    """The uploaded picture as model input, cropped or stretched, inverted when the model expects it."""
    upload = uploads.uploader("image", t("fm.upload"), images.IMAGE_TYPES,
                              max_upload_size=images.MAX_UPLOAD_BYTES // 2**20)
    if upload is None:
        st.info(t("fm.upload_prompt"))
        st.stop()
    fit = st.radio(t("fm.fit"), images.FITS, horizontal=True, format_func=lambda f: t(f"fm.fit_{f}"),
                   key="fm_fit", help=t("fm.fit_help"))
    preprocessing = current.metadata.preprocessing if current.metadata else None
    background = photos.expected_background(preprocessing, reference)
    try:
        images.check_upload_size(upload.size)  # before getvalue(): the library's own refusal, read from .size
        picture = images.decode_image(upload.getvalue())
        spec = images.model_input_spec(current.model)
        prepared = images.prepare(picture, spec, fit=fit, invert=None, background=background)
        if prepared.inverted:
            keep = st.toggle(t("fm.invert"), value=True, key="fm_invert", help=t("fm.invert_help"))
            st.info(t("fm.inverted_note" if keep else "fm.not_inverted_note", border=f"{prepared.border:.2f}"))
            if not keep:
                prepared = images.prepare(picture, spec, fit=fit, invert=False)
        note = images.describe_conversion(picture, spec, fit=fit, inverted=prepared.inverted, lang=shared.lang())
    except CnnvizError as err:
        st.error(shared.message(err))
        st.stop()
    return prepared.x, note


@dataclass(frozen=True)
class Picture:
    """The chosen picture as model input, the note saying where it comes from, and its label if it has one."""

    x: np.ndarray
    note: str
    true_index: int | None  # a test sample's label; None for an upload
    source: str  # "sample" or "upload"
    reference: photos.TrainingStats | None  # the training images' statistics, for an upload's doubts
    sample: int | None = None  # a test sample's number in the test split; None for an upload


def picture_ui(current: shared.CurrentModel, ds: data.Dataset | None) -> Picture:
    """The source radio, then the sample number or the upload: the picture every picture page shares."""
    source = source_ui()
    if source == "upload":
        reference = training_split(current, ds)
        x, note = upload_ui(current, reference)
        return Picture(x, note, None, source, reference)
    if ds is None:  # said so, and the choice kept: the sample comes back with the dataset
        st.info(t("fm.no_samples"))
        st.stop()
    x, note, index, sample = sample_ui(current, ds)
    return Picture(x, note, index, source, None, sample)


def picture_alt(chosen: Picture, ds: data.Dataset | None) -> str:
    """The text alternative of the picture's preview: a test sample's number and its label in `ds` (the set
    it was drawn from), its size, grey or colour."""
    names = shared.shown_class_names(ds) if ds is not None else ()
    label = None
    if chosen.true_index is not None and chosen.true_index < len(names):
        label = names[chosen.true_index]
    return describe.input_image(chosen.x, shared.lang(), index=chosen.sample, label=label)
