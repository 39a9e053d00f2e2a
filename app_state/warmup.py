"""Warm-up: while the first visitor reads the home page, get the first model page ready.

One background thread per server process imports TensorFlow, loads the default checkpoint and its dataset
into the same caches the pages use (`_cache`), builds its layer table and runs one forward pass over the
featured picture, so the extractor is traced. The first page that needs a model then finds everything done.

`python -m scripts.serve` (what `make run` does) imports TensorFlow before the server listens and starts the
rest at server start, so the first visitor's home page does not share the CPU with the import; after a plain
`streamlit run` it all starts after the first script run (the home page is drawn first). Setting
CNNVIZ_WARMUP=0 turns it off (the in-process page tests do). Any failure here is logged and left for the
page to report in its own words: warming up must never break the app.
"""

from __future__ import annotations

import os
import threading
import time

from streamlit.logger import get_logger

_LOG = get_logger("cnnviz.warmup")
_STARTED = threading.Event()
DONE = threading.Event()  # set when the warm-up has finished (or failed)
TIMINGS: dict[str, float] = {}  # step → seconds, for the benchmark's log


def enabled() -> bool:
    """False when CNNVIZ_WARMUP is 0/false/no/off."""
    return os.environ.get("CNNVIZ_WARMUP", "1").strip().lower() not in {"0", "false", "no", "off"}


def start() -> bool:
    """Start the warm-up thread once per process; True if this call started it."""
    if not enabled() or _STARTED.is_set():
        return False
    _STARTED.set()
    threading.Thread(target=_warm, name="cnnviz-warmup", daemon=True).start()
    return True


def import_tensorflow() -> None:
    """Import TensorFlow and Keras (most of the wait; a no-op once done)."""
    import keras  # noqa: F401
    import tensorflow  # noqa: F401


def _step(name: str, began: float) -> float:
    now = time.perf_counter()
    TIMINGS[name] = now - began
    _LOG.info("warm-up: %s in %.2f s", name, now - began)
    return now


def _warm() -> None:
    try:
        began = time.perf_counter()
        import_tensorflow()
        began = _step("import tensorflow and keras", began)
        from app_state import current as app_current
        from cnnviz import data
        from cnnviz.analysis import activations, evaluation
        from cnnviz.uploads import images

        current = app_current.default_model()
        if current is None:
            return
        began = _step("load the default checkpoint", began)
        ds = app_current.named_dataset(current.dataset)  # offline: the built-in stand-in, nothing downloaded
        app_current.layer_rows(current)
        began = _step("load its dataset and layer table", began)
        index = data.featured_sample(ds)
        x = evaluation.fit_to_input(ds.x_test[index : index + 1], images.model_input_spec(current.model))
        activations.maps_within_budget(current.model, x)  # traces the forward pass for this input shape
        _step("trace the forward pass", began)
    except Exception:  # noqa: BLE001 — the page that needs the model reports any problem itself
        _LOG.exception("warm-up failed; pages will load what they need themselves")
    finally:
        DONE.set()
