"""Evaluate: test accuracy and loss, the confusion matrix, per-class accuracy and the most confident mistakes."""

from __future__ import annotations

import streamlit as st

from cnnviz import evaluation, render
from app_pages import _shared as shared
from app_pages._shared import t

GRID_SIZE = 32


@st.cache_resource(show_spinner=False, max_entries=16)
def evaluated(key: str, dataset: str, _model: object, _x: object, _y: object, classes: int) -> evaluation.Evaluation:
    return evaluation.evaluate(_model, _x, _y, classes)


st.title(t("nav.evaluate"))
current = shared.current_model()
if current is None:
    st.stop()
ds = shared.model_dataset(current)
if ds is None:
    st.stop()
if not current.trained:
    st.info(t("eval.untrained_note"))
with st.spinner(t("eval.running", count=len(ds.x_test))):
    result = evaluated(current.key, ds.name, current.model, ds.x_test, ds.y_test, ds.num_classes)
if result.probabilities.shape[1] != ds.num_classes:
    st.warning(t("eval.class_mismatch", model=result.probabilities.shape[1], data=ds.num_classes))

names = list(ds.class_names)
cols = st.columns(3)
cols[0].metric(t("eval.accuracy"), f"{result.accuracy:.2%}")
cols[1].metric(t("eval.loss"), f"{result.loss:.4f}")
cols[2].metric(t("eval.mistakes"), f"{len(result.mistakes):,} / {len(result.true):,}")

left, right = st.columns(2)
with left:
    st.subheader(t("eval.confusion"))
    st.plotly_chart(render.confusion_figure(result.confusion, names, t("eval.predicted"), t("eval.true")),
                    key="confusion")
    shared.download_csv(evaluation.confusion_csv(result.confusion, names), "confusion_matrix")
    shared.explain("eval.explain_confusion")
with right:
    st.subheader(t("eval.per_class"))
    st.plotly_chart(render.per_class_bars(result.per_class_accuracy, names), key="per_class")
    shared.explain("eval.explain_per_class")

st.subheader(t("eval.grid"))
grid = render.prediction_grid(ds.x_test[:GRID_SIZE], result.true[:GRID_SIZE], result.predicted[:GRID_SIZE], names)
st.image(grid, caption=t("eval.grid_caption", count=GRID_SIZE))
shared.download_png(grid, "predictions", key="png-grid")

st.subheader(t("eval.confident_mistakes"))
worst = result.mistakes[:16]
if len(worst) == 0:
    st.success(t("eval.no_mistakes"))
else:
    grid = render.prediction_grid(ds.x_test[worst], result.true[worst], result.predicted[worst], names,
                                  confidence=result.probabilities[worst, result.predicted[worst]])
    st.image(grid, caption=t("eval.mistakes_caption"))
    shared.download_png(grid, "confident_mistakes", key="png-mistakes")
