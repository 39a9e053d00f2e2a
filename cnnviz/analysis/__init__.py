"""What a model computes: feature maps within a memory budget (activations), kernels and histograms
(weights), receptive boxes and effective fields (receptive), one convolution or pooling step as numbers
(arithmetic), Inception branches and residual paths (modules), accuracy and mistakes (evaluation),
penultimate-layer projections (embedding). Imports the rooms below.
"""
