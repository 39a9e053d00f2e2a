"""One server, a class of sessions: what Streamlit does after every script run, kept cheap.

After each run Streamlit calls `keras.backend.clear_session()` (its `_clean_problem_modules`), and Keras then
runs a full garbage collection: with TensorFlow loaded that is 0.1–0.3 s of CPU per run, every click of every
student, more than the page itself costs. `keep_keras_collections` makes that call without the collection
(Keras's global state is still reset as Streamlit intends; Python's own collector still runs when it is due).
The second collection Streamlit runs after each script is off in `.streamlit/config.toml`
(`runner.postScriptGC = false`).
"""

from __future__ import annotations

import contextlib
import sys


def _clean_problem_modules() -> None:
    """Streamlit's post-run clean-up (Keras's session, matplotlib's figures), without a full collection."""
    keras = sys.modules.get("keras")
    if keras is not None:
        # as Streamlit: a failed clean-up must not break the app
        with contextlib.suppress(Exception):
            keras.backend.clear_session(free_memory=False)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        with contextlib.suppress(Exception):
            pyplot.close("all")


def keep_keras_collections() -> bool:
    """Make Streamlit's post-run clean-up skip Keras's full garbage collection; False if Streamlit changed."""
    from streamlit.runtime.scriptrunner import script_runner

    if not callable(getattr(script_runner, "_clean_problem_modules", None)):
        return False
    script_runner._clean_problem_modules = _clean_problem_modules
    return True
