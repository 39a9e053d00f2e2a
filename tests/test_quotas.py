"""Budgets no made-up identity can dodge: runs per client address, the whole queue, the runs folder's disk, and
no checkpoint for a run stopped during its first epoch unless asked. Over Streamlit's own websocket protocol
where the identity comes from the request (cookies, X-Forwarded-For), in the library elsewhere."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import keras
import pytest
from helpers import page_test

from cnnviz.core.errors import CheckpointError, TrainingError
from cnnviz.train import checkpoints, jobs, runs, training

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import ws_load  # noqa: E402
from e2e_server import streamlit_server  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

FORGED = 20


# --------------------------------------------------------------------------- slots: per address, the whole queue


def test_made_up_browsers_from_one_address_get_at_most_the_address_cap() -> None:
    slots = jobs.TrainingSlots(capacity=2, max_waiting=64, per_address=2)
    refused = []
    for i in range(FORGED):  # twenty made-up cookies, twenty "browsers", one address
        try:
            slots.enqueue(f"f{i}", f"forged-{i}", "203.0.113.7")
        except TrainingError as err:
            refused.append(err)
    assert len(refused) == FORGED - 2
    assert {err.key for err in refused} == {"error.address_busy"}
    assert "같은 네트워크" in refused[0].text("ko") and refused[0].values == {"limit": 2}
    slots.enqueue("inn", "innocent", "198.51.100.9")
    assert slots.position("inn") == 3  # behind the two the address may have (before: behind all twenty)
    slots.release("f0")
    slots.enqueue("f20", "forged-20", "203.0.113.7")  # one ended: the address may have another
    for i in range(3):  # this computer itself (or no browser: notebooks, AppTest) has no address cap
        slots.enqueue(f"local{i}", f"local-{i}", "")


def test_the_queue_as_a_whole_has_a_cap() -> None:
    slots = jobs.TrainingSlots(capacity=1, max_waiting=3, per_address=2)
    for i in range(3):
        slots.enqueue(f"r{i}", f"owner-{i}", f"192.0.2.{i}")  # every one from an address of its own
    with pytest.raises(TrainingError) as caught:
        slots.enqueue("r3", "owner-3", "192.0.2.3")
    assert caught.value.key == "error.queue_full" and caught.value.values == {"count": 3}


# --------------------------------------------------------------------------- the runs folder's disk


def saved_run(folder: Path, owner: str, when: float, shared: bool = False) -> checkpoints.CheckpointInfo:
    """A small real checkpoint of `owner`'s, as if last changed at `when` (seconds since the epoch)."""
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(inputs)))
    run_id = checkpoints.new_run_id()
    meta = checkpoints.Metadata(model_name="tiny", dataset="digits", owner=owner, run_id=run_id, shared=shared,
                                title=f"{owner}'s run {int(when)}")
    path = checkpoints.save(model, folder / f"tiny-{run_id}", meta)
    for file in (path, path.with_suffix(checkpoints.SIDECAR_SUFFIX)):
        os.utime(file, (when, when))
    return next(i for i in checkpoints.list_checkpoints(folder) if i.path == path)


def test_the_disk_budget_removes_the_oldest_unshared_run_and_tells_its_owner(tmp_path) -> None:
    old = saved_run(tmp_path, "ann", 1000)
    public = saved_run(tmp_path, "ben", 900, shared=True)  # older, but public: the class uses it
    shown = saved_run(tmp_path, "cho", 950)  # older, but a session shows it right now
    new = saved_run(tmp_path, "dan", 2000)
    runs.mark_in_use(shown.path)
    total = sum(runs._size(i) for i in (old, public, shown, new))
    assert runs.fit_folder(tmp_path, max_bytes=total) == []  # within budget: nothing to do
    removed = runs.fit_folder(tmp_path, incoming_bytes=runs._size(old), max_bytes=total)  # one run's room
    assert removed == ["ann's run 1000"]
    assert {i.path for i in checkpoints.list_checkpoints(tmp_path)} == {public.path, shown.path, new.path}
    assert runs.take_evicted(tmp_path, "ann") == ["ann's run 1000"]  # told when next seen…
    assert runs.take_evicted(tmp_path, "ann") == []  # …once
    assert runs.take_evicted(tmp_path, "dan") == []

    # only shared, in-use and kept runs would be left over the budget: a new run is refused, nothing removed
    with pytest.raises(CheckpointError) as caught:
        runs.fit_folder(tmp_path, incoming_bytes=10 * total, max_bytes=total, keep=[new.path])
    assert caught.value.key == "error.runs_full" and "공간이 가득" in caught.value.text("ko")
    assert len(checkpoints.list_checkpoints(tmp_path)) == 3


def test_a_start_is_refused_before_anything_is_queued_when_the_folder_is_full(tmp_path, monkeypatch) -> None:
    public = saved_run(tmp_path, "ben", 900, shared=True)
    monkeypatch.setattr(runs, "MAX_TOTAL_BYTES", runs._size(public) - 1)
    with pytest.raises(CheckpointError) as caught:  # whoever asks: the check is the server's, not the page's
        jobs.start_training(training.TrainConfig(), tmp_path, owner="ann", address="203.0.113.7")
    assert caught.value.key == "error.runs_full"
    assert jobs.SLOTS.waiting() == 0 and jobs.SLOTS.running() == 0


def test_the_owner_of_a_removed_run_is_told_on_the_train_page(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    runs._tell(tmp_path, "ann", "My *first* run")
    app = page_test("train")
    app.session_state["_owner"] = "ann"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    said = [w.value for w in app.warning if "oldest runs were removed" in w.value]
    assert said == ["To keep the server's disk within its limit, your oldest runs were removed: My \\*first\\* run."]
    assert app.checkbox(key="train_keep").value is False  # a first-epoch stop is not kept unless ticked
    app.run()
    assert not [w for w in app.warning if "oldest runs were removed" in w.value]  # told once


# --------------------------------------------------------------------------- a stop in the first epoch


def stop_during_first_epoch(run: jobs.TrainingRun) -> None:
    deadline = time.monotonic() + 120
    while run.history.snapshot().batch < 1 and not run.done and time.monotonic() < deadline:
        time.sleep(0.02)
    run.stop()


@pytest.mark.usefixtures("every_batch")
def test_a_run_stopped_in_its_first_epoch_keeps_no_checkpoint_unless_asked(tmp_path) -> None:
    config = training.TrainConfig(dataset="digits", limit=400, batch_size=4, epochs=3, early_stopping=False)
    dropped = jobs.start_training(config, tmp_path / "dropped", owner="ann")  # 100 batches in epoch 1
    kept = jobs.start_training(config, tmp_path / "kept", owner="ben", keep_partial=True)
    for run in (dropped, kept):
        stop_during_first_epoch(run)
    for run in (dropped, kept):
        assert run.join(180) and run.error is None, run.error
        snap = run.history.snapshot()
        assert snap.status == "stopped" and runs.stopped_in_first_epoch(snap)
        assert snap.history["batches"][0] < snap.batches_per_epoch  # cut short in epoch 1
    assert dropped.result.checkpoint_path is None and not list((tmp_path / "dropped").glob("*.keras"))
    assert kept.result.checkpoint_path is not None and kept.result.checkpoint_path.exists()
    assert checkpoints.read_metadata(kept.result.checkpoint_path).owner == "ben"


# --------------------------------------------------------------------------- over Streamlit's websocket


class Tab(ws_load.Session):
    """A tab whose request carries the cookie and the X-Forwarded-For header it chooses."""

    def __init__(self, url: str, cookie: str, address: str) -> None:
        super().__init__(url, None)
        self.headers = {"Cookie": f"_streamlit_xsrf={cookie}", "X-Forwarded-For": address}

    async def connect(self, timeout: float) -> None:
        import websockets

        ws_url = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.socket = await asyncio.wait_for(
            websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, compression=None,
                               open_timeout=timeout, ping_interval=None, additional_headers=self.headers), timeout)

    async def alerts(self, query: str = "", timeout: float = 120) -> list[str]:
        """Run the Train page with this tab's widget states; the texts of the alerts it shows."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = "train"
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        await self.send(message)
        texts: list[str] = []
        async with asyncio.timeout(timeout):
            while True:
                reply = await self.receive()
                kind = reply.WhichOneof("type")
                if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                    element = reply.delta.new_element
                    body = getattr(element, element.WhichOneof("type") or "alert")
                    key = ws_load.user_key(getattr(body, "id", "") or "")
                    if key:
                        self.widgets[key] = body.id
                    if element.WhichOneof("type") == "alert":
                        texts.append(element.alert.body)
                elif kind == "script_finished" and reply.script_finished in ws_load.FINISHED:
                    return texts
                elif kind == "script_finished" and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    raise AssertionError(f"script finished with status {reply.script_finished}")

    async def start(self) -> list[str]:
        """Press Start; the alerts the page then shows."""
        self.set_widget("start", trigger_value=True)
        try:
            return await self.alerts()
        finally:
            self.states.pop("start")


async def forged_then_innocent(url: str) -> tuple[list[list[str]], list[str]]:
    forged = [Tab(url, f"made-up-{i}", "203.0.113.7") for i in range(FORGED)]
    innocent = Tab(url, "a-real-browser", "198.51.100.9")
    tabs = [*forged, innocent]
    try:
        for tab in tabs:
            await tab.connect(60)
        first = forged[0]
        await first.alerts("dataset=shapes")
        epochs = WidgetState(id=first.widgets["train_epochs"])  # long enough to still train when the others ask
        epochs.double_array_value.data.append(50)
        first.states["train_epochs"] = epochs
        first.set_widget("train_early", bool_value=False)
        await first.alerts()
        said = [await first.start()]
        for tab in forged[1:]:
            await tab.alerts()
            said.append(await tab.start())
        await innocent.alerts()
        return said, await innocent.start()
    finally:
        for tab in tabs:
            await tab.close()


def test_twenty_made_up_cookies_from_one_address_cannot_fill_the_queue(tmp_path) -> None:
    env = {"CNNVIZ_RUNS_DIR": str(tmp_path), "CNNVIZ_MAX_TRAININGS": "1", "CNNVIZ_MAX_RUNS_PER_ADDRESS": "2",
           "CNNVIZ_WARMUP": "0"}
    with streamlit_server(env=env, timeout=120) as url:
        said, innocent = asyncio.run(forged_then_innocent(url))
    refused = [texts for texts in said if any("from your network" in text for text in texts)]
    assert len(refused) == FORGED - 2, said  # two runs for the address, whatever its cookies say
    assert not any("from your network" in text for text in said[0] + said[1])
    assert any("number 1 in the queue" in text for text in said[1]), said[1]
    # the other browser waits behind the two the address may have (it was number 19 when cookies were trusted)
    assert any("number 2 in the queue" in text for text in innocent), innocent
