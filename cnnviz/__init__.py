"""cnnviz: the computations behind the interactive CNN explorer, callable from a notebook.

Every number and array the app shows comes from a function in this package, tested without Streamlit. The
package is laid out in rooms, each importing only the rooms below it (`LAYERS`, checked by
tests/test_layout.py from the imports themselves):

    core      errors, i18n, byte budgets, per-model memos, the colours that carry meaning
    uploads   reading a user's file safely: sniff, decoding, images, photos, vetting, model_size
    data      datasets: the embedded sample, keras.datasets downloads, a folder-per-class zip
    models    the zoo, the layer table (arch), what an output means, figures measured on built models
    analysis  activations, weights, receptive fields, one convolution step, modules, evaluation, embedding
    draw      pictures and plotly figures of all of the above
    explain   attribution methods (Grad-CAM, ...), their sanity checks and overlays, what filters look for
    train     the recipe, live history, background runs, checkpoints, replay, runs, comparisons, labs
    teach     lessons, and any page's view as a notebook

The names people call keep working where the README and the issues put them: `cnnviz.explain.grad_cam`
(the package re-exports its methods), and `cnnviz.arch`, `cnnviz.zoo`, `cnnviz.activations`, ... (each an
alias of its module in its room, the same module object: `cnnviz.arch is cnnviz.models.arch`).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from types import ModuleType

__version__ = "0.20.0"

LAYERS = ("core", "uploads", "data", "models", "analysis", "draw", "explain", "train", "teach")
ROOMS: dict[str, tuple[str, ...]] = {
    "core": ("errors", "i18n", "budget", "memo", "palette"),
    "uploads": ("sniff", "decoding", "photos", "images", "model_size", "vetting"),
    "models": ("zoo", "outputs", "arch", "figures"),
    "analysis": ("activations", "receptive", "weights", "arithmetic", "modules", "evaluation", "embedding"),
    "draw": ("figure_layout", "render", "calc_figures", "receptive_figures", "module_figures", "describe",
             "describe_charts"),
    "explain": ("methods", "sanity", "overlays", "featureviz"),
    "train": ("replay", "checkpoints", "runs", "live", "finetune", "training", "jobs", "remote", "initialisers",
              "freezing", "compare"),
    "teach": ("lessons", "notebooks"),
}
# The flat names (cnnviz.arch, ...) of every module that has a room; `explain` is a room itself.
ALIASES: dict[str, str] = {
    module: f"{__name__}.{room}.{module}" for room, modules in ROOMS.items() for module in modules
    if module != "methods"
}


class _AliasLoader(importlib.abc.Loader):
    """Loads `cnnviz.<name>` as the module it names in its room (one module object under two names)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.own_spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self.target)
        self.own_spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run (the module ran under its own name); the import system has just set the alias's
        spec on it, so give it back its own."""
        module.__spec__ = self.own_spec


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Finds `import cnnviz.arch` (and `mock.patch("cnnviz.arch.x")`) as `cnnviz.models.arch`."""

    def find_spec(self, fullname: str, path: object = None, target: object = None
                  ) -> importlib.machinery.ModuleSpec | None:
        prefix, _, name = fullname.rpartition(".")
        if prefix != __name__ or name not in ALIASES:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(ALIASES[name]))


if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
    sys.meta_path.insert(0, _AliasFinder())


def __getattr__(name: str) -> ModuleType:
    """`from cnnviz import arch`: the module in its room, imported on first use."""
    if name in ALIASES:
        module = importlib.import_module(ALIASES[name])
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
