"""Serve the app with the warm-up started at server start: `python -m scripts.serve [streamlit options]`.

The same as `streamlit run streamlit_app.py [options]`, in this process, with TensorFlow imported
before the server listens (a few seconds) and `app_state.warmup` loading the default model and tracing its
forward pass at server start, so the first model page a visitor opens finds them ready.

Memory comes from glibc's allocator in at most `ARENAS` arenas (`M_ARENA_MAX`), not its default of eight per
core, unless `MALLOC_ARENA_MAX` is set: every session's script runs in a thread of its own, and more arenas
leave more freed memory stranded between them (≈ 45 MB more after 1,000 sessions of `benchmarks/soak.py`).

`CNNVIZ_MEMORY_LOG=FILE` (off by default; for finding what grows, with `benchmarks/soak.py --server-env`)
appends to FILE every `CNNVIZ_MEMORY_EVERY` seconds (60) the server's RSS, Streamlit's stores (media files,
uploads, sessions kept for reconnection), the byte budgets' contents, the object types whose counts grew most
and, with `CNNVIZ_TRACEMALLOC=1`, the source lines whose allocations grew most since the previous report.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARENAS = 2
M_ARENA_MAX = -8  # glibc's mallopt parameter


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Tell glibc's allocator to use at most `arenas` arenas (before threads start); False where it cannot."""
    import ctypes
    import ctypes.util

    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False  # glibc read the variable at start; or not glibc
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError):
        return False  # another C library (musl has no mallopt)


def streamlit_stores() -> str:
    """Sizes of Streamlit's in-memory stores: media files, uploaded files, sessions (active and kept)."""
    from streamlit import runtime

    if not runtime.exists():
        return "runtime not started"
    rt = runtime.get_instance()
    media = getattr(rt.media_file_mgr, "_storage", None)
    files = list(getattr(media, "_files_by_id", {}).values())
    uploads = getattr(rt.uploaded_file_mgr, "file_storage", {})
    kept = getattr(getattr(rt._session_mgr, "_session_storage", None), "_cache", {})
    return (f"media {len(files)} files {sum(len(f.content) for f in files) / 2**20:.1f} MB; "
            f"uploads {sum(len(v) for v in uploads.values())} files in {len(uploads)} sessions; "
            f"active sessions {len(rt._session_mgr.list_active_sessions())}; kept for reconnection {len(kept)}")


def memory_log(path: str, every: float) -> None:
    """Append what the server holds to `path` every `every` seconds (the thread `CNNVIZ_MEMORY_LOG` starts)."""
    import collections
    import gc
    import tracemalloc

    import psutil

    tracing = os.environ.get("CNNVIZ_TRACEMALLOC") == "1"
    if tracing:
        tracemalloc.start()
    before, counts_before = None, collections.Counter[str]()
    while True:
        time.sleep(every)
        objects = gc.get_objects()
        counts = collections.Counter(type(o).__qualname__ for o in objects)
        budgets = [o for o in objects if type(o).__name__ == "ByteBudgetCache"]
        del objects
        grew = (counts - counts_before).most_common(15) if counts_before else []
        counts_before = counts
        full = gc.get_stats()[2]
        lines = [f"--- {time.strftime('%H:%M:%S')} RSS {psutil.Process().memory_info().rss / 2**20:.0f} MB; "
                 f"{streamlit_stores()}; {counts['AppSession']} AppSession objects; {sum(counts.values())} "
                 f"objects tracked, {full['collections']} full collections ({full['collected']} collected)",
                 "byte budgets (held/budget MB, entries): " + ", ".join(
                     f"{b.total_bytes / 2**20:.1f}/{b.max_bytes / 2**20:.0f} ({len(b)})" for b in budgets),
                 "objects grown since the previous report: " + ", ".join(f"{n} +{c}" for n, c in grew)]
        if tracing:
            snapshot = tracemalloc.take_snapshot()
            if before is not None:
                lines += [f"  {stat}" for stat in snapshot.compare_to(before, "lineno")[:25]]
            before = snapshot
        with open(path, "a") as log:
            log.write("\n".join(lines) + "\n")


def main() -> None:
    """Start the warm-up thread, then Streamlit's own command line on the entry script."""
    limit_arenas()
    sys.path.insert(0, str(ROOT))
    if os.environ.get("CNNVIZ_MEMORY_LOG"):
        every = float(os.environ.get("CNNVIZ_MEMORY_EVERY", "60"))
        threading.Thread(target=memory_log, args=(os.environ["CNNVIZ_MEMORY_LOG"], every), daemon=True,
                         name="cnnviz-memory-log").start()
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
