"""Explanations: attribution methods on one picture (Grad-CAM, Grad-CAM++, Layer-CAM, Score-CAM, saliency,
SmoothGrad, integrated gradients, occlusion) in `methods`, re-exported here so `cnnviz.explain.grad_cam` is one
call; their sanity checks (`sanity`), overlays on the picture (`overlays`), and what each filter looks for
(`featureviz`). Imports every room below it.
"""

from cnnviz.explain.methods import *  # noqa: F403 (the methods are this room's public names)
from cnnviz.explain.methods import __all__ as _methods_all

__all__ = list(_methods_all)
