"""Crashes lose nothing (issue 22): saves a kill cannot split, runs a dead server cut off told to their owner,
and uploads whose layer names TensorFlow refuses trained all the same."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest

from cnnviz.core.errors import CheckpointError
from cnnviz.train import checkpoints, interrupted, runs, training
from cnnviz.train.checkpoints import Metadata

ROOT = Path(__file__).resolve().parents[1]
QUICK = {"dataset": "digits", "limit": 120, "batch_size": 16}


def tiny_model(seed: int = 0) -> keras.Model:
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, name="conv")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax", name="dense")(x))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def listed(folder: Path) -> dict[str, Metadata]:
    return {info.name: info.metadata for info in checkpoints.list_checkpoints(folder)}


def embedded(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(checkpoints.EMBEDDED_METADATA)


def assert_whole(folder: Path, name: str = "run") -> None:
    """The sidecar holds exactly the metadata inside the .keras beside it."""
    assert (folder / f"{name}.json").read_bytes() == embedded(folder / f"{name}.keras")


def age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def child(code: str, *args: str, via_shell: bool = False) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter (its own parent, or a shell that outlives nothing, with `via_shell`)."""
    command = [sys.executable, "-c", textwrap.dedent(code), *args]
    if via_shell:  # the shell forks python (it has more to do after), so python's parent is not this test
        command = ["sh", "-c", '"$@"; exit $?', "sh", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def saved(tmp_path) -> Path:
    """Ann's run, saved whole."""
    checkpoints.save(tiny_model(0), tmp_path / "run", Metadata(run_id="old", owner="ann"))
    return tmp_path


# --------------------------------------------------------------------------- 1. a save is old or new, whole


def test_a_run_without_its_sidecar_stays_its_owners_and_gets_it_back(saved):
    (saved / "run.json").unlink()  # what the old order left when the server died between the two renames
    infos = checkpoints.list_checkpoints(saved)
    assert [i.metadata.owner for i in infos] == ["ann"] and infos[0].metadata.run_id == "old"
    assert runs.visible(infos, "ben") == [] and [i.name for i in runs.visible(infos, "ann")] == ["run"]
    assert_whole(saved)  # the sidecar rewritten from the copy inside


def test_a_stale_or_damaged_sidecar_gives_way_to_the_model_beside_it(saved):
    (saved / "run.json").write_text(Metadata(run_id="new", owner="").to_json())  # says: nobody's, shown to all
    assert listed(saved)["run"].owner == "ann"
    assert_whole(saved)
    (saved / "run.json").write_text("{ half a fi")
    assert listed(saved)["run"].run_id == "old"
    assert_whole(saved)


def failing_replace(monkeypatch, at: int) -> list[str]:
    """os.replace fails (disk error) on its `at`-th call, as a fault injected at that rename."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(Path(dst).name)
        if len(calls) == at:
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return calls


@pytest.mark.parametrize("at", [1, 2])
def test_a_save_failing_at_either_rename_leaves_the_old_run_whole(saved, monkeypatch, at):
    calls = failing_replace(monkeypatch, at)
    with pytest.raises(CheckpointError, match="previous checkpoint, if any, is unchanged"):
        checkpoints.save(tiny_model(1), saved / "run", Metadata(run_id="new", owner="ben"))
    monkeypatch.undo()
    assert calls[:2] == ["run.json", "run.keras"][:len(calls)]  # the sidecar first, the model (the commit) last
    assert {k: (m.run_id, m.owner) for k, m in listed(saved).items()} == {"run": ("old", "ann")}
    assert_whole(saved)
    assert sorted(p.name for p in saved.iterdir()) == ["run.json", "run.keras"]
    np.testing.assert_array_equal(checkpoints.load(saved / "run")[0].get_weights()[0], tiny_model(0).get_weights()[0])


def test_a_first_save_failing_at_its_commit_leaves_nothing_at_all(tmp_path, monkeypatch):
    failing_replace(monkeypatch, 2)
    with pytest.raises(CheckpointError):
        checkpoints.save(tiny_model(1), tmp_path / "run", Metadata(run_id="new", owner="ann"))
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == [] and checkpoints.list_checkpoints(tmp_path) == []


@pytest.mark.parametrize("at", [1, 2])
def test_sharing_failing_at_either_rename_leaves_the_run_unshared_and_whole(saved, monkeypatch, at):
    failing_replace(monkeypatch, at)
    with pytest.raises(CheckpointError):
        runs.set_shared(saved / "run.keras", True)
    monkeypatch.undo()
    infos = checkpoints.list_checkpoints(saved)
    assert not infos[0].metadata.shared and runs.visible(infos, "ben") == []
    assert_whole(saved)


KILL_AT_RENAME = """
    import os, signal, sys
    from pathlib import Path
    real, calls = os.replace, []

    def replace(src, dst):  # the process is killed (SIGKILL: no clean-up runs) just before rename number AT
        calls.append(dst)
        if len(calls) == int(sys.argv[2]):
            os.kill(os.getpid(), signal.SIGKILL)
        real(src, dst)

    os.replace = replace
"""


def test_a_server_killed_between_the_renames_of_a_save_leaves_the_old_run(saved):
    code = KILL_AT_RENAME + """
    import keras
    from cnnviz.train import checkpoints
    keras.utils.set_random_seed(1)
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 3, name="conv")(inputs))
    model = keras.Model(inputs, keras.layers.Dense(3, activation="softmax", name="dense")(x))
    checkpoints.save(model, Path(sys.argv[1]) / "run", checkpoints.Metadata(run_id="new", owner="ben"))
    """
    result = child(code, str(saved), "2")
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    leftovers = sorted(p.name for p in saved.iterdir() if p.name.startswith("."))
    assert len(leftovers) == 1 and leftovers[0].startswith(".run.tmp-")  # the new model, never renamed
    assert (saved / "run.json").read_bytes() != embedded(saved / "run.keras")  # the new sidecar, stale

    infos = checkpoints.list_checkpoints(saved)
    assert [(i.name, i.metadata.run_id, i.metadata.owner) for i in infos] == [("run", "old", "ann")]
    assert runs.visible(infos, "ben") == [] and len(runs.visible(infos, "ann")) == 1
    assert_whole(saved)
    assert (saved / leftovers[0]).exists()  # fresh: perhaps a save still going on; kept
    age(saved / leftovers[0], checkpoints.STALE_SECONDS + 60)
    checkpoints.list_checkpoints(saved)
    assert sorted(p.name for p in saved.iterdir()) == ["run.json", "run.keras"]


@pytest.mark.parametrize(("at", "shared"), [(1, False), (2, False), (3, True)])
def test_a_server_killed_anywhere_in_a_metadata_write_leaves_old_or_new(saved, at, shared):
    code = KILL_AT_RENAME + """
    import dataclasses
    from cnnviz.train import checkpoints, runs
    runs.set_shared(Path(sys.argv[1]) / "run.keras", True)
    """
    result = child(code, str(saved), str(at))
    assert result.returncode == (-signal.SIGKILL if at <= 2 else 0), result.stderr[-2000:]
    infos = checkpoints.list_checkpoints(saved)
    assert [(i.metadata.owner, i.metadata.shared) for i in infos] == [("ann", shared)]
    assert len(runs.visible(infos, "ben")) == int(shared)
    assert_whole(saved)


def test_stale_leftovers_go_and_other_files_stay(tmp_path):
    checkpoints.save(tiny_model(0), tmp_path / "run", Metadata(owner="ann"))
    orphan = tmp_path / "lost.json"  # a first save killed between its renames: a sidecar without a model
    orphan.write_bytes((tmp_path / "run.json").read_bytes())
    theirs = tmp_path / "notes.json"
    theirs.write_text('{"mine": true}')
    temp = tmp_path / ".run.tmp-0123abcd.keras"
    temp.write_bytes(b"PK\x03\x04 half a zip")
    checkpoints.list_checkpoints(tmp_path)
    assert orphan.exists() and temp.exists()  # fresh
    for path in (orphan, theirs, temp):
        age(path, checkpoints.STALE_SECONDS + 60)
    assert list(listed(tmp_path)) == ["run"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.json", "run.json", "run.keras"]


# --------------------------------------------------------------------------- 3. layer names TensorFlow refuses


def odd_names_model() -> keras.Model:
    """Layer names Keras takes and TensorFlow's graph scopes do not, a nested model's among them."""
    inner = keras.Sequential([keras.Input((8, 8, 1), name="안 입력"), keras.layers.Conv2D(4, 3, name="안쪽 conv")],
                             name="안쪽")
    inputs = keras.Input((8, 8, 1), name="입력 1")
    x = inner(inputs)
    x = keras.layers.Add(name="더하기")([x, keras.layers.Conv2D(4, 1, name="my conv", padding="same")(x)])
    x = keras.layers.Flatten(name="평탄")(x)
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax", name="d:1")(x), name="내 모델")


def test_tensorflow_refuses_such_names_in_training_and_says_which(tmp_path):
    model = odd_names_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x = np.zeros((4, 8, 8, 1), "float32")
    caught: list[BaseException] = []

    def fit() -> None:  # what a plain Keras fit does with it (our reproduction), in a thread of its own: the
        try:  # failure leaves its name scope open in the thread's Keras state, as a run's thread would
            model.fit(x, np.zeros(4), verbose=0)
        except ValueError as err:
            caught.append(err)

    thread = threading.Thread(target=fit)
    thread.start()
    thread.join()
    assert len(caught) == 1
    failure = training.training_failure(caught[0])
    assert failure.key == "error.scope_name" and failure.values["name"] in ("내 모델", "입력 1", "안쪽")
    assert "TensorFlow cannot train a model with a layer named" in str(failure)
    assert "학습할 수 없습니다" in failure.text("ko") and failure.values["name"] in failure.text("ko")


def test_an_unreadable_first_line_gives_way_to_one_that_says_something():
    wrapped = ValueError("in user code:\n\n    File \"x.py\", line 1\n\nIncompatible shapes: [16,10] vs. [16,3]")
    assert training.training_failure(wrapped).values["reason"] == "Incompatible shapes: [16,10] vs. [16,3]"
    assert training.training_failure(RuntimeError()).values["reason"] == "RuntimeError"


def test_an_upload_with_such_names_fine_tunes_under_plain_names(tmp_path):
    upload = odd_names_model()
    before = [layer.name for layer in upload.layers]
    x = np.random.default_rng(0).random((2, 8, 8, 1), dtype=np.float32)
    copy, renamed = training.trainable_copy(upload)
    np.testing.assert_allclose(copy(x), upload(x), rtol=1e-6)  # the same model, weights and all
    assert renamed["내 모델"] == "functional" and renamed["my conv"] == "my_conv" and renamed["d:1"] == "d_1"
    assert renamed["안쪽 conv"] == "conv" and len(set(renamed.values())) == len(renamed)

    config = training.TrainConfig(model_name="내 모델", epochs=1, **QUICK)
    result = training.train(config, tmp_path, base_model=upload, owner="ann")
    assert result.status == "finished" and [layer.name for layer in upload.layers] == before  # untouched
    assert ("story.layers_renamed", {"count": len(renamed)}) in result.story.parts
    loaded, meta = checkpoints.load(result.checkpoint_path)
    assert "my_conv" in [layer.name for layer in loaded.layers] and meta.owner == "ann"
    assert result.checkpoint_path.stem.startswith("내_모델-digits-")


# --------------------------------------------------------------------------- 4. a run cut off is told


def test_a_run_leaves_a_marker_while_it_trains_and_none_once_it_ends(tmp_path):
    seen = []

    class Look(keras.callbacks.Callback):  # runs after cnnviz's own callbacks, so after the marker
        def on_epoch_end(self, epoch, logs=None):
            folder = tmp_path / interrupted.FOLDER
            seen.append((json.loads(next(folder.glob("*.json")).read_text()), sorted(p.suffix for p in
                                                                                    folder.iterdir())))

    config = training.TrainConfig(epochs=2, **QUICK)
    result = training.train(config, tmp_path, owner="ann", callbacks=[Look()])
    assert [record["epoch"] for record, _ in seen] == [1, 2] and seen[-1][1] == [".json", ".keras", ".weights"]
    record = seen[-1][0]
    assert (record["owner"], record["run_id"], record["pid"], record["epochs"]) == ("ann", result.run_id,
                                                                                  os.getpid(), 2)
    assert record["kept"] == 2 and len(record["history"]["loss"]) == 2
    assert not (tmp_path / interrupted.FOLDER).exists()  # the marker, its weights and (empty) their folder gone
    assert interrupted.sweep(tmp_path, every=0) == []


def marker(folder: Path, run_id: str, **changes) -> Path:
    record = {"format": 1, "run_id": run_id, "owner": "ann", "epochs": 5, "epoch": 2, "kept": 0, "shapes": [],
              "history": {}, "host": socket.gethostname(), "boot": interrupted._boot_id(), "pid": os.getpid(),
              "started": interrupted._started(os.getpid()), "parent": -1, "parent_started": None,
              "metadata": Metadata(model_name="lenet5", dataset="shapes", owner="ann", run_id=run_id).to_dict()}
    path = folder / interrupted.FOLDER / f"{run_id}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({**record, **changes}))
    return path


def test_only_markers_of_gone_processes_become_notices_and_each_is_told_once(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(gone.stdout)
    live = marker(tmp_path, "live")  # this very process: still training
    reused = marker(tmp_path, "reused", started=-1.0)  # a process with the same id but another start
    dead = marker(tmp_path, "dead", pid=dead_pid)
    foreign = marker(tmp_path, "foreign", host="another-host", pid=dead_pid)  # a worker elsewhere: can't tell
    assert sorted(interrupted.sweep(tmp_path, every=0)) == ["dead", "reused"]
    assert live.exists() and foreign.exists() and not dead.exists() and not reused.exists()
    assert interrupted.sweep(tmp_path, every=3600) == []  # looked a moment ago: not again so soon

    assert interrupted.take_notices(tmp_path, "ben") == []
    notices = interrupted.take_notices(tmp_path, "ann")
    assert sorted(n.run_id for n in notices) == ["dead", "reused"] and all(n.saved == "" for n in notices)
    assert notices[0].text() == ("Your run (lenet5 on shapes) was cut off: the server restarted during epoch 3 "
                                 "of 5. Nothing was saved: start the run again to train the model.")
    assert "5에포크 중 3번째 에포크 도중에 서버가 다시 시작되었습니다" in notices[0].text("ko")
    assert interrupted.take_notices(tmp_path, "ann") == []  # told once
    assert checkpoints.list_checkpoints(tmp_path) == []

    age(foreign, interrupted.FOREIGN_STALE_SECONDS + 60)  # no word from that worker for a day: dead
    lost = marker(tmp_path, "lost", pid=dead_pid, parent=os.getpid(), parent_started=interrupted._started(
        os.getpid()))  # this server's own child process, killed (for memory, say)
    assert sorted(interrupted.sweep(tmp_path, every=0)) == ["foreign", "lost"]
    texts = {n.run_id: n.text() for n in interrupted.take_notices(tmp_path, "ann")}
    assert "the process training it stopped during epoch 3 of 5" in texts["lost"]
    assert not lost.exists()


KILLED_AT_EPOCH = """
    import os, signal, sys
    from pathlib import Path
    import keras
    import numpy as np
    from cnnviz.train import training

    class Kill(keras.callbacks.Callback):  # the server dies at the end of epoch 2 (after cnnviz's callbacks)
        def on_epoch_end(self, epoch, logs=None):
            if epoch + 1 == 2:
                np.savez(sys.argv[2], *self.model.get_weights())
                os.kill(os.getpid(), signal.SIGKILL)

    config = training.TrainConfig(dataset="digits", limit=120, batch_size=16, epochs=4, early_stopping=False)
    training.train(config, sys.argv[1], owner="ann", callbacks=[Kill()])
"""


def test_a_server_killed_mid_training_keeps_the_last_epoch_and_tells_its_owner_once(tmp_path):
    runs_dir, weights = tmp_path / "runs", tmp_path / "epoch2.npz"
    result = child(KILLED_AT_EPOCH, str(runs_dir), str(weights), via_shell=True)
    assert result.returncode == 128 + signal.SIGKILL, result.stderr[-3000:]
    assert checkpoints.list_checkpoints(runs_dir) == []  # nothing saved by the run itself

    recovered = interrupted.sweep(runs_dir, every=0)
    infos = checkpoints.list_checkpoints(runs_dir)
    assert len(recovered) == 1 and len(infos) == 1
    info = infos[0]
    assert info.path == checkpoints.run_path(runs_dir, recovered[0], "fashion_cnn", "digits")
    meta = info.metadata
    assert (meta.owner, meta.run_id, meta.best_epoch, meta.history["epoch"]) == ("ann", recovered[0], 2, [1, 2])
    assert meta.story == {"parts": [{"key": "story.interrupted", "values": {"epoch": 3, "epochs": 4, "kept": 2}}]}
    assert runs.visible(infos, "ben") == [] and runs.visible(infos, "ann") == infos
    model, _ = checkpoints.load(info.path)
    kept = np.load(weights)
    for got, want in zip(model.get_weights(), [kept[f"arr_{i}"] for i in range(len(kept.files))], strict=True):
        np.testing.assert_array_equal(got, want)  # the weights the run had at the end of epoch 2

    assert interrupted.take_notices(runs_dir, "ben") == []
    (notice,) = interrupted.take_notices(runs_dir, "ann")
    assert notice.saved == info.name
    assert notice.text().startswith("Your run (fashion_cnn on digits) was cut off: the server restarted during "
                                    "epoch 3 of 4. The weights after epoch 2 were kept")
    assert "2번째 에포크를 마친 가중치는 남겨 두었습니다" in notice.text("ko")
    assert interrupted.take_notices(runs_dir, "ann") == []
    assert [p for p in (runs_dir / interrupted.FOLDER).iterdir()] == []


def test_a_notice_shows_in_the_owners_sidebar_until_dismissed(tmp_path, monkeypatch):
    from helpers import page_test

    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    app = page_test("home")
    app.query_params["dataset"] = "digits"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    owner = app.session_state["_owner"]
    marker(tmp_path, "cut", pid=int(gone.stdout), owner=owner)
    monkeypatch.setattr(interrupted, "SWEEP_EVERY", 0.0)
    app.run()
    assert [w.value for w in app.sidebar.warning if "cut off" in w.value] == [
        "Your run (lenet5 on shapes) was cut off: the server restarted during epoch 3 of 5. Nothing was saved: "
        "start the run again to train the model."]
    app.run()  # still there on the next rerun (the notice file is gone: this session holds it)
    assert any("cut off" in w.value for w in app.sidebar.warning)
    app.sidebar.button(key="dismiss-cut").click().run()
    assert not any("cut off" in w.value for w in app.sidebar.warning)
