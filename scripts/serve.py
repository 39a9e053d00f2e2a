"""Serve the app with the warm-up started at server start: `python -m scripts.serve [streamlit options]`.

The same as `streamlit run streamlit_app.py [options]`, in this process, with TensorFlow imported
before the server listens (a few seconds) and `app_state.warmup` loading the default model and tracing its
forward pass at server start, so the first model page a visitor opens finds them ready.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Start the warm-up thread, then Streamlit's own command line on the entry script."""
    sys.path.insert(0, str(ROOT))
    from streamlit.web import cli

    from app_state import warmup

    if warmup.enabled():
        began = time.perf_counter()
        warmup.import_tensorflow()  # before the server listens: a first visitor's page never waits for it
        print(f"cnnviz: TensorFlow imported in {time.perf_counter() - began:.1f} s; warming up the default model")
        warmup.start()
    sys.argv = ["streamlit", "run", str(ROOT / "streamlit_app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
