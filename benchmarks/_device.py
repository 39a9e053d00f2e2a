"""Which device the benchmarks run on: `python benchmarks/_device.py` prints it (`make bench` does, first)."""

from __future__ import annotations

import os
import platform


def describe() -> str:
    """'GPU: <names>' when TensorFlow sees one (training, feature maps and explanations then run there), else
    'CPU: <processor>, N cores (no GPU visible)'."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        names = [tf.config.experimental.get_device_details(g).get("device_name", g.name) for g in gpus]
        return f"GPU: {', '.join(names)} (TensorFlow {tf.__version__})"
    cpu = platform.processor() or platform.machine()
    return f"CPU: {cpu}, {os.cpu_count()} cores (no GPU visible; TensorFlow {tf.__version__})"


if __name__ == "__main__":
    print(f"benchmarks run on {describe()}")
