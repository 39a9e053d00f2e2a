"""Shared test setup: quiet TensorFlow, keep Keras's home inside a temp folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
# An empty Keras home of the suite's own (Keras reads it once, at import, so before any test module loads
# Keras): nothing downloaded on this machine leaks in, and the shipped full-Fashion-MNIST checkpoint shows on
# its built-in stand-in, as at a first offline launch. tests/test_full_dataset.py fills one of its own.
os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="cnnviz-test-keras-")
os.environ.setdefault("CNNVIZ_WARMUP", "0")  # page tests run in-process: no warm-up thread (servers: e2e_server)
# In-process tests train in the test's own thread (each child process would cost a TensorFlow import, ~5 s);
# servers started for the browser tests (e2e_server.py) drop this and train in child processes, as `make run`
# does, and tests/test_training_memory.py measures the child mode itself.
os.environ.setdefault("CNNVIZ_TRAIN_IN_PROCESS", "1")


@pytest.fixture(scope="module")
def every_batch() -> Iterator[None]:
    """The live curve gets a point for every batch, in order (as `live.PUBLISH_EVERY = 0`), for tests that
    count batches; the app publishes at most every `PUBLISH_EVERY` seconds."""
    from cnnviz.train import live

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(live, "PUBLISH_EVERY", 0.0)
        yield
