"""Shared test setup: quiet TensorFlow, keep Keras's home inside a temp folder."""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("CNNVIZ_WARMUP", "0")  # page tests run in-process: no warm-up thread (servers: e2e_server)
