"""Background runs: fair turns (one run per owner, first come first served), queue places, Stop while waiting."""

from __future__ import annotations

import threading
import time

import pytest

from cnnviz.core.errors import TrainingError
from cnnviz.train import jobs, training

pytestmark = pytest.mark.usefixtures("every_batch")  # these tests count every batch

QUICK = dict(model_name="fashion_cnn", dataset="digits", epochs=1, batch_size=32, limit=64, early_stopping=False)


def start_waiting(slots: jobs.TrainingSlots, run_id: str, cancelled=lambda: False) -> tuple[threading.Thread, list]:
    got: list[bool] = []
    thread = threading.Thread(target=lambda: got.append(slots.wait_turn(run_id, cancelled, poll=0.01)))
    thread.start()
    return thread, got


def test_runs_start_in_the_order_they_were_asked_for_within_capacity() -> None:
    slots = jobs.TrainingSlots(capacity=1)
    for run_id, owner in (("a", "ann"), ("b", "ben"), ("c", "cho")):
        slots.enqueue(run_id, owner)
    assert [slots.position(r) for r in "abc"] == [1, 2, 3]
    first, got_a = start_waiting(slots, "a")
    first.join(2)
    assert got_a == [True] and slots.running() == 1 and [slots.position(r) for r in "abc"] == [0, 1, 2]
    third, got_c = start_waiting(slots, "c")  # c asks before b is waiting: still b's turn first
    second, got_b = start_waiting(slots, "b")
    time.sleep(0.1)
    assert got_b == [] and got_c == []  # the only slot is taken
    slots.release("a")
    second.join(2)
    time.sleep(0.05)
    assert got_b == [True] and got_c == [] and slots.position("c") == 1
    slots.release("b")
    third.join(2)
    assert got_c == [True]


def test_one_owner_cannot_hold_two_places() -> None:
    slots = jobs.TrainingSlots(capacity=2)
    slots.enqueue("a", "ann")
    with pytest.raises(TrainingError) as caught:
        slots.enqueue("a2", "ann")  # the same browser, another tab
    assert caught.value.key == "error.one_run_each" and "다른 탭" in caught.value.text("ko")
    slots.enqueue("b", "ben")
    slots.release("a")
    slots.enqueue("a3", "ann")  # once the first has ended, the next is welcome


def test_a_full_queue_refuses_with_a_message() -> None:
    slots = jobs.TrainingSlots(capacity=1, max_waiting=2)
    slots.enqueue("a", "ann")
    slots.enqueue("b", "ben")
    with pytest.raises(TrainingError) as caught:
        slots.enqueue("c", "cho")
    assert caught.value.key == "error.queue_full" and caught.value.values["count"] == 2


def test_stop_while_waiting_leaves_the_queue() -> None:
    slots = jobs.TrainingSlots(capacity=1)
    slots.enqueue("a", "ann")
    slots.enqueue("b", "ben")
    start_waiting(slots, "a")[0].join(2)
    stop = threading.Event()
    thread, got = start_waiting(slots, "b", stop.is_set)
    stop.set()
    thread.join(2)
    assert got == [False] and slots.position("b") == 0 and slots.waiting() == 0


def test_a_queued_run_waits_its_turn_then_trains(tmp_path) -> None:
    slots = jobs.TrainingSlots(capacity=1)
    first = jobs.TrainingRun(training.TrainConfig(**{**QUICK, "epochs": 100}), tmp_path, owner="ann", slots=slots)
    second = jobs.TrainingRun(training.TrainConfig(**QUICK), tmp_path, owner="ben", slots=slots)
    first.start()
    second.start()
    deadline = time.monotonic() + 60
    while first.history.snapshot().status != "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert second.queue_position == 1 and second.history.snapshot().status == "queued"
    first.stop()
    assert first.join(60) and second.join(120)
    assert second.history.snapshot().status == "finished" and second.error is None
    assert slots.running() == 0 and slots.waiting() == 0
    from cnnviz.train import checkpoints

    assert checkpoints.read_metadata(second.checkpoint_path).owner == "ben"
