"""Pictures and plotly figures of what the lower rooms compute: grids, charts, the architecture diagram
(render), the shared layout rules (figure_layout) and one module per view (calc, receptive, module figures).
"""
