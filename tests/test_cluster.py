"""A school's cluster on loopback (`deploy/cluster.py`): Redis, two workers, two replicas behind nginx.

Chromium goes through nginx: a run trains on a queue worker and its curve grows in the browser; the
checkpoint appears on the other replica; Stop lands mid-epoch; a worker SIGKILLed mid-run is reported
as failed on the page, and the shared runs folder holds only whole checkpoints.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_e2e import assert_no_traceback, browser, epoch_points, new_page, screenshot, settle  # noqa: F401

from cnnviz.train import interrupted, remote

pytestmark = pytest.mark.cluster
ROOT = Path(__file__).resolve().parents[1]


def tools_or_skip() -> None:
    missing = [tool for tool in ("redis-server", "nginx") if shutil.which(tool) is None
               and not Path(f"/usr/sbin/{tool}").exists()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing in CI: `make test` should have installed them with apt.")
        pytest.skip(f"Debian's {', '.join(missing)} not installed (make test installs them when run as root)")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The launcher's READY values (url, replicas, redis, workers, runs_dir); everything stops afterwards."""
    tools_or_skip()
    runs_dir = tmp_path_factory.mktemp("shared-runs")
    began = time.monotonic()
    process = subprocess.Popen([sys.executable, str(ROOT / "deploy" / "cluster.py"), "--port", "0",
                                "--runs-dir", str(runs_dir)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        ready = None
        lines = []
        for line in process.stdout:  # the launcher gives up by itself (and exits) if a part never starts
            lines.append(line)
            if line.startswith("READY "):
                ready = json.loads(line[6:])
                break
        assert ready is not None, "".join(lines[-30:])
        ready["started_in"] = time.monotonic() - began
        print(f"\ncluster ready in {ready['started_in']:.1f} s")
        yield ready
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def replica_of(url: str, key: str) -> str:
    """Which replica nginx sends a browser with cookie `cnnviz_replica=key` to."""
    request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"cnnviz_replica={key}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers["X-Cnnviz-Replica"]


def start_run(page: object, epochs_to_end: bool) -> None:
    """Batch size 16 (81 batches an epoch on digits), optionally 50 epochs, then Start training."""
    page.get_by_role("slider").nth(1).focus()
    page.keyboard.press("Home")
    if epochs_to_end:
        page.get_by_role("slider").nth(2).focus()
        page.keyboard.press("End")
    settle(page)
    page.get_by_role("button", name="Start training").click()


MID_RUN = re.compile(r"Epoch \d+/50, batch")  # the progress line of a 50-epoch run under way


def wait_text(page: object, text: str, timeout: float = 180) -> None:
    page.get_by_text(text).first.wait_for(timeout=timeout * 1000)


def worker_on(cluster: dict, run_id: str) -> int:
    """The pid of the worker training `run_id` (the launcher names them worker1-…, worker2-…)."""
    from rq import Worker

    for worker in Worker.all(queue=remote.training_queue(cluster["redis"])):
        if worker.get_current_job_id() == run_id:
            return cluster["workers"][int(worker.name.split("-")[0].removeprefix("worker")) - 1]
    raise AssertionError(f"no worker is training {run_id}")


def test_a_school_cluster_trains_through_the_queue(cluster: dict, browser: object) -> None:  # noqa: F811
    began = time.monotonic()
    url, runs_dir = cluster["url"], Path(cluster["runs_dir"])
    context, page = new_page(browser)
    response = page.goto(f"{url}/train?dataset=digits")
    here = response.headers["x-cnnviz-replica"]
    wait_text(page, "Start training", 90)
    settle(page)

    # 1. a short run trains on a worker; its curve grows in the browser, through nginx
    start_run(page, epochs_to_end=False)
    wait_text(page, "trains on a worker")
    seen: list[int] = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and "Saved checkpoint" not in page.inner_text("body"):
        seen.append(epoch_points(page))
        page.wait_for_timeout(300)
    assert "Saved checkpoint" in page.inner_text("body")
    assert len({n for n in seen if n > 0}) >= 2, f"the curve never grew in the browser: {seen}"
    assert_no_traceback(page)
    screenshot(page, "cluster_train")
    first = sorted(runs_dir.glob("*.keras"))
    assert len(first) == 1

    # 2. the same browser, sent to the other replica (its cookie says so), sees that checkpoint
    key = next(k for k in (f"k{i}" for i in range(200)) if replica_of(url, k) != here)
    other, other_page = new_page(browser)
    other.add_cookies([{**c, "value": key} if c["name"] == "cnnviz_replica" else c for c in context.cookies()])
    response = other_page.goto(f"{url}/feature_maps?model=ckpt:{first[0].stem}")
    assert response.headers["x-cnnviz-replica"] != here
    wait_text(other_page, "What the model sees")
    settle(other_page)
    chosen = other_page.get_by_role("combobox", name="Model").input_value()
    assert chosen.startswith("🏋️ fashion_cnn · digits · "), chosen
    assert_no_traceback(other_page)
    other.close()

    # 3. Stop mid-run (of 50 epochs): the worker saves, and the story says where it stopped
    start_run(page, epochs_to_end=True)
    page.get_by_text(MID_RUN).first.wait_for(timeout=180_000)  # any epoch: one can pass between two polls
    page.get_by_role("button", name="Stop", exact=True).click()
    wait_text(page, "Saved checkpoint")
    settle(page)
    story = page.inner_text("body")
    assert re.search(r"Stopped by the user during epoch \d+ of 50 \(\d+ of 81 batches\)", story), story[-2000:]
    assert len(list(runs_dir.glob("*.keras"))) == 2

    # 4. a worker SIGKILLed mid-run: the page reports the run failed, nothing half-written is left
    start_run(page, epochs_to_end=True)
    page.get_by_text(MID_RUN).first.wait_for(timeout=180_000)  # any epoch: one can pass between two polls
    conn = remote.connect(cluster["redis"])
    run_id = conn.get(next(iter(conn.scan_iter("cnnviz:owner:*")))).decode()  # this browser's one run
    os.kill(worker_on(cluster, run_id), signal.SIGKILL)
    killed = time.monotonic()
    wait_text(page, "stopped answering", remote.HEARTBEAT_TTL + 30)
    detected = time.monotonic() - killed
    settle(page)
    assert_no_traceback(page)
    screenshot(page, "cluster_worker_lost")
    files = sorted(p.name for p in runs_dir.iterdir() if p.name != interrupted.FOLDER)  # the killed run's marker
    assert len(files) == 4 and all(not n.startswith(".") for n in files), files  # two runs: .keras + .json
    context.close()
    print(f"\nfailure shown {detected:.1f} s after SIGKILL; browser part {time.monotonic() - began:.0f} s")
