"""Architecture: the diagram, the full layer table with its formulas, parameter breakdowns and teaching panels."""

from __future__ import annotations

import streamlit as st

from app_state import present, shared
from app_state.shared import t
from cnnviz.analysis import receptive
from cnnviz.draw import receptive_figures, render
from cnnviz.models import arch, figures, zoo

st.title(t("nav.architecture"))
current = shared.current_model()
if current is None:
    st.stop()

classic = False
if current.zoo_name:
    classic = st.toggle(t("arch.classic"), key="arch_classic", help=t("arch.classic_help"))
model = shared.zoo_model(current.zoo_name, None, None) if classic else current.model
key = f"zoo:{current.zoo_name}:classic" if classic else current.key
rows = shared.cached_rows(key, model)
totals = arch.totals(model, rows)

st.caption(t("arch.intro", label=current.label))
cols = st.columns(4)
cols[0].metric(t("arch.total"), f"{totals.params:,}")
cols[1].metric(t("arch.trainable"), f"{totals.trainable:,}")
cols[2].metric(t("arch.non_trainable"), f"{totals.non_trainable:,}")
cols[3].metric(t("arch.flops"), f"{totals.flops:,}")
st.caption(t("arch.flops_convention"))
if totals.uncounted:
    st.caption(t("arch.macs_uncounted", layers=shared.listing(totals.uncounted)))

names = [row.name for row in rows]
left, right = st.columns([2, 3])
with right:
    first_conv = next((r.name for r in rows if r.type == "Conv2D"), None)
    selected = shared.pick("arch.layer", names, "layer", default=first_conv)
    row = next(r for r in rows if r.name == selected)
    st.markdown(t("arch.layer_detail", name=row.name, type=row.type, shape="×".join(map(str, row.output_shape)),
                  params=f"{row.params:,}"))
    if row.output_size_formula:
        st.markdown(f"**{t('arch.size_formula')}** `{row.output_size_formula}`")
    st.markdown(f"**{t('arch.param_formula')}** `{row.param_formula}`")
    if row.receptive_pixels:
        field = "×".join(map(str, row.receptive_pixels))
        image = arch.input_size(rows)
        if image and arch.field_exceeds_input(row, rows):
            st.markdown(t("arch.receptive_larger", rf=field, image="×".join(map(str, image))))
        else:
            st.markdown(t("arch.receptive", rf=field))
    shared.explain("arch.explain_formula")
with left:
    shared.diagram(rows, selected)

st.subheader(t("arch.table"))
st.dataframe(render.layer_table_view(rows, t), hide_index=True, width="stretch")
shared.download_csv(render.layer_table_csv(rows), f"{model.name}_layers")

with present.focus("params"):  # a lesson about parameters shows these bars first while presenting
    st.subheader(t("arch.breakdown"))
    by_layer, by_type = st.columns([3, 2])
    present.chart(render.parameter_breakdown(rows, totals, "layer", t("col.params")), where=by_layer,
                  key="by_layer")
    present.chart(render.parameter_breakdown(rows, totals, "type"), where=by_type, key="by_type")
    if totals.by_type.get("Dense"):
        st.caption(t("arch.dense_share", share=f"{totals.share('Dense'):.1%}",
                     dense=f"{totals.by_type['Dense']:,}", total=f"{totals.params:,}"))
    shared.explain("arch.explain_breakdown")

st.subheader(t("arch.lessons"))
with st.expander(t("arch.lesson_3x3")):
    one, two = arch.stacked_kernel_cost([5]), arch.stacked_kernel_cost([3, 3])
    st.markdown(t("arch.lesson_3x3_body", rf=arch.stacked_receptive_field([3, 3]), one=one, two=two))
    growth = receptive.stacked_growth()  # tiny Keras models, the boxes measured with receptive.unit_box
    sizes = [receptive.box_size(rect) for rect in (*growth.stacked, growth.single)]
    stacked = [(t("calc.rf.lesson_after", layer=f"conv{i + 1} ({k}×{k})", height=h, width=w), rect)
               for i, (k, (h, w), rect) in enumerate(zip(growth.kernels, sizes, growth.stacked, strict=False))]
    single = [(t("calc.rf.lesson_after", layer=f"conv1 ({growth.kernel}×{growth.kernel})", height=sizes[-1][0],
                 width=sizes[-1][1]), growth.single)]
    present.chart(receptive_figures.growth(growth.size, [
        (t("calc.rf.lesson_stacked"), stacked), (t("calc.rf.lesson_single"), single)]), key="rf_growth")
    st.caption(t("calc.rf.lesson_caption", size=growth.size, first="×".join(map(str, sizes[0])),
                 second="×".join(map(str, sizes[1])), single="×".join(map(str, sizes[-1]))))
with st.expander(t("arch.lesson_1x1")):
    inception = figures.inception_comparison()  # both modules built at 28×28×192 and measured
    c1, c2 = st.columns(2)
    c1.metric(zoo.get_spec("inception_naive").title, f"{inception.naive_params:,}")
    c2.metric(zoo.get_spec("inception_reduced").title, f"{inception.reduced_params:,}",
              delta=f"{inception.reduced_params - inception.naive_params:,}", delta_color="inverse")
    st.markdown(t("arch.lesson_1x1_body", channels=inception.input_channels, r3=inception.reduce_3x3,
                  r5=inception.reduce_5x5, fp=inception.pool_projection, ratio=f"{inception.param_ratio:.0%}",
                  naive=f"{inception.naive_params:,}", reduced=f"{inception.reduced_params:,}",
                  out_naive=inception.naive_channels, out_reduced=inception.reduced_channels))
with st.expander(t("arch.lesson_skip")):
    residual = figures.residual_summary()
    st.markdown(t("arch.lesson_skip_body", cin=residual.input_shape[-1], filters=residual.filters,
                  shape="×".join(map(str, residual.input_shape)), params=f"{residual.params:,}",
                  formula=residual.projection_formula))
