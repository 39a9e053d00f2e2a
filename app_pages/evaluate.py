"""Evaluate: test accuracy and loss, the confusion matrix, per-class accuracy and the most confident mistakes."""

from __future__ import annotations

import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz.analysis import evaluation
from cnnviz.core.errors import CnnvizError
from cnnviz.draw import describe, render
from cnnviz.models import outputs

GRID_SIZE = 32



def explain_sample(index: int) -> None:
    """Button callback: open Explain on test image `index` (the picture Feature maps shares), same model."""
    shared.switch("explain", fm_source="sample", sample=index)


st.title(t("nav.evaluate"))
current = shared.current_model()
if current is None:
    st.stop()
ds = shared.model_dataset(current, note=True)
if ds is None:
    st.stop()
classes = outputs.num_classes(current.model)
if classes is None:  # e.g. a lone Inception module: feature maps, not class scores
    main_shape = current.model.outputs[outputs.main_output_index(current.model)].shape[1:]
    st.warning(t("eval.not_a_classifier", shape="×".join(map(str, main_shape))))
    st.stop()
if classes != ds.num_classes:  # its answers cannot be compared with these labels: explain, then stop
    st.warning(t("eval.class_mismatch", model=classes, dataset=ds.name, data=ds.num_classes))
    st.info(t("eval.class_mismatch_how", model=classes))
    st.stop()
if not current.trained:
    st.info(t("eval.untrained_note"))
try:
    bar = st.empty()  # progress while predicting (10,000 images of the full Fashion-MNIST take a few seconds)
    result = shared.evaluation_of(current.key, current.model, ds, progress=lambda done, total: bar.progress(
        done / total, text=t("eval.running", count=f"{done:,} / {total:,}")))
    bar.empty()
except CnnvizError as err:
    st.error(shared.message(err))
    st.stop()
if result.kind == "logits":
    st.caption(t("eval.logits_note"))

names = list(shared.shown_class_names(ds))
figures = [(t("eval.accuracy"), f"{result.accuracy:.2%}")]
if result.total_loss is None:
    figures.append((t("eval.loss"), f"{result.loss:.4f}"))
else:  # auxiliary heads: the main head's cross-entropy and the weighted total, each under its own label
    weight = f"{result.aux_weight:g}" if result.aux_weight is not None else "w"
    figures += [(t("eval.main_loss"), f"{result.loss:.4f}"),
                (t("eval.total_loss", weight=weight), f"{result.total_loss:.4f}")]
figures.append((t("eval.mistakes"), f"{len(result.mistakes):,} / {len(result.true):,}"))
for column, (label, value) in zip(st.columns(len(figures)), figures, strict=False):
    column.metric(label, value)
if result.total_loss is not None:
    st.caption(f"💡 {t('eval.explain_aux_loss', weight=weight)}")
with present.focus("curves"):  # the lesson's early-stopping step shows how these weights were chosen
    shared.trained_curves(current)

left, right = st.columns(2)
with left:
    st.subheader(t("eval.confusion"))
    present.chart(render.confusion_figure(result.confusion, names, t("eval.predicted"), t("eval.true")),
                  key="confusion")
    shared.download_csv(evaluation.confusion_csv(result.confusion, names), "confusion_matrix")
    shared.explain("eval.explain_confusion")
with right:
    st.subheader(t("eval.per_class"))
    present.chart(render.per_class_bars(result.per_class_accuracy, names), key="per_class")
    shared.explain("eval.explain_per_class")

st.subheader(t("eval.grid"))
grid = render.prediction_grid(ds.x_test[:GRID_SIZE], result.true[:GRID_SIZE], result.predicted[:GRID_SIZE], names,
                              **present.grid_labels())
st.image(grid, caption=t("eval.grid_caption", count=GRID_SIZE),
         alt=describe.predictions(result.true[:GRID_SIZE], result.predicted[:GRID_SIZE], names, shared.lang()))
shared.download_png(grid, "predictions", key="png-grid")

st.subheader(t("eval.confident_mistakes"))
worst = result.mistakes[:16]
if len(worst) == 0:
    st.success(t("eval.no_mistakes"))
else:
    grid = render.prediction_grid(ds.x_test[worst], result.true[worst], result.predicted[worst], names,
                                  confidence=result.probabilities[worst, result.predicted[worst]],
                                  **present.grid_labels())
    st.image(grid, caption=t("eval.mistakes_caption"),
             alt=describe.mistakes(result.true[worst], result.predicted[worst], names,
                                   result.probabilities[worst, result.predicted[worst]], shared.lang(), indices=worst))
    shared.download_png(grid, "confident_mistakes", key="png-mistakes")
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox(
        t("eval.mistake_pick"), [int(i) for i in worst], key="eval_mistake",
        format_func=lambda i: shared.t_plain("eval.mistake_option", index=i, true=names[result.true[i]],
                                             predicted=names[result.predicted[i]],
                                             p=f"{result.probabilities[i, result.predicted[i]]:.1%}"))
    go.button(t("eval.explain_mistake"), key="eval_explain", on_click=explain_sample, args=(chosen,))
