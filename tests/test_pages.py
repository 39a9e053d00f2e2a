"""Every page, run with AppTest on the shipped checkpoints: no exception, and what it shows is right."""

from __future__ import annotations

import time

import keras
import numpy as np
import pytest
from helpers import ROOT, app_test, image_captions, open_page

from cnnviz import data
from cnnviz.analysis import weights
from cnnviz.models import arch
from cnnviz.train import checkpoints

SHIPPED = "fashion_cnn_digits"
DEFAULT = "fashion_cnn_fashion"  # the textbook's Fashion-MNIST CNN, trained on the built-in sample


@pytest.fixture(scope="module")
def shipped() -> tuple[object, checkpoints.Metadata]:
    return checkpoints.load(ROOT / "checkpoints" / f"{SHIPPED}.keras")


def test_default_model_is_the_shipped_checkpoint() -> None:
    app = open_page("home")
    assert app.sidebar.selectbox(key="model").value == f"ckpt:{DEFAULT}"
    assert any(DEFAULT in m.value for m in app.markdown)


def test_first_launch_shows_the_textbooks_ankle_boot() -> None:
    app = open_page("feature_maps")
    model, meta = checkpoints.load(ROOT / "checkpoints" / f"{DEFAULT}.keras")
    ds = data.load_dataset("fashion_mnist_sample")
    index = app.session_state["sample"]
    assert ds.class_names[int(ds.y_test[index])] == "Ankle boot"
    p = model.predict(ds.x_test[index : index + 1], verbose=0)[0]  # Keras's own prediction for that image
    shown = next(m.value for m in app.markdown if m.value.startswith("Prediction:"))
    assert shown.startswith(f"Prediction: **{meta.class_names[int(p.argmax())]}** ({p.max():.1%})")
    assert "true label: **Ankle boot**" in shown


def test_architecture_totals_equal_count_params(shipped: tuple) -> None:
    model, _ = shipped
    app = open_page("architecture")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Parameters"] == f"{model.count_params():,}" == "333,526"
    # by hand: conv1 28·28·9·32 + conv2 14·14·288·64 + dense 3136·100 + 100·10 = 4,153,064 MACs, twice that in FLOPs
    assert metrics["FLOPs per image"] == "8,306,128"
    assert len(app.dataframe[0].value) == len(arch.layer_table(model))
    assert any("3×3×32×64 + 64 = 18,496" in str(v) for v in app.dataframe[0].value["Parameter formula"])
    (diagram,) = app.get("graphviz_chart")  # its text alternative (the chart's aria-label) counts as Keras does
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    assert f"{len(layers)} layers after the input" in diagram.proto.alt
    assert f"{model.count_params():,} parameters" in diagram.proto.alt


def test_architecture_classic_alexnet() -> None:
    app = open_page("architecture", model="zoo:alexnet")
    app.toggle[0].set_value(True).run()
    assert {m.label: m.value for m in app.metric}["Parameters"] == "62,378,344"
    sizes = app.dataframe[0].value
    assert "(227 − 11 + 2×0)/4 + 1 = 55" in list(sizes["Output size formula"])


def test_feature_maps_grid_has_one_tile_per_channel(shipped: tuple) -> None:
    model, meta = shipped
    app = open_page("feature_maps", model=f"ckpt:{SHIPPED}", layer="conv2", sample="3")
    channels = weights.kernel(model, "conv2").shape[-1]
    assert f"conv2: {channels} feature maps (8×8 grid), each 14×14" in image_captions(app)
    ds = data.load_dataset(meta.dataset)
    x = ds.x_test[3:4]
    assert x.shape[1:] == tuple(model.inputs[0].shape[1:]) == (28, 28, 1)  # Keras predicts the image as it is
    predicted = meta.class_names[int(model.predict(x, verbose=0).argmax())]
    assert any(m.value.startswith(f"Prediction: **{predicted}**") for m in app.markdown)
    app.selectbox(key="layer").set_value("pool1").run()
    assert "pool1: 32 feature maps (4×8 grid), each 14×14" in image_captions(app)
    every_layer = [c for c in image_captions(app) if " feature maps (" in c]
    assert len(every_layer) == 1 + 4  # the chosen layer, then conv1, pool1, conv2, pool2 in the second tab


def test_kernels_page_shows_the_conv_filters() -> None:
    app = open_page("kernels", layer="conv1")
    assert any(c.value.startswith("32 filters of 3×3 on 1 input channel") for c in app.caption)


def test_weights_page_histograms_and_evolution(shipped: tuple) -> None:
    model, meta = shipped
    app = open_page("weights", model=f"ckpt:{SHIPPED}", layer="conv1")
    kernel = np.asarray(model.get_layer("conv1").get_weights()[0], dtype=np.float64)  # Keras's own tensor
    mean, std = kernel.mean(), np.sqrt(((kernel - kernel.mean()) ** 2).mean())
    assert any(f"mean {mean:.4f}, standard deviation {std:.4f}" in m.value for m in app.markdown)
    assert len(meta.snapshots) >= 2
    assert not any("no per-epoch snapshots" in i.value for i in app.info)


def test_evaluate_reports_the_test_accuracy(shipped: tuple) -> None:
    model, meta = shipped
    app = open_page("evaluate", model=f"ckpt:{SHIPPED}")
    ds = data.load_dataset(meta.dataset)
    scores = model.evaluate(data.eval_batches(ds.x_test, ds.y_test, 128), verbose=0, return_dict=True)  # Keras
    shown = {m.label: m.value for m in app.metric}
    assert shown["Test accuracy"] == f"{scores['accuracy']:.2%}"
    assert scores["accuracy"] >= 0.97
    cross_entropy = keras.losses.SparseCategoricalCrossentropy()(ds.y_test, model.predict(ds.x_test, verbose=0))
    assert float(shown["Test loss (cross-entropy)"]) == pytest.approx(float(cross_entropy), abs=6e-5)
    # the confusion matrix's text alternative: its diagonal holds the test images Keras counts as right
    confusion = next(c for c in app.get("plotly_chart") if c.proto.id.endswith("confusion"))
    right = round(scores["accuracy"] * len(ds.y_test))
    assert f"{right:,} of {len(ds.y_test):,} on the diagonal" in confusion.proto.alt
    assert all(chart.proto.alt for chart in app.get("plotly_chart"))  # every chart has one


def save_checkpoint(model: keras.Model, folder, name: str, **meta: object) -> None:
    """A model as a checkpoint in `folder` (the app's runs folder in these tests)."""
    checkpoints.save(model, folder / f"{name}.keras", checkpoints.Metadata(model_name=name, **meta))


def test_evaluate_with_a_model_ending_in_logits(tmp_path, monkeypatch, shipped: tuple) -> None:
    """The shipped CNN with its softmax removed: accuracy unchanged, loss = Keras's from-logits cross-entropy."""
    model, meta = shipped
    config = model.get_config()
    last = next(layer for layer in config["layers"] if layer["config"]["name"] == "predictions")
    last["config"]["activation"] = "linear"
    twin = keras.Model.from_config(config)
    twin.set_weights(model.get_weights())
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    save_checkpoint(twin, tmp_path, "logits_twin", dataset=meta.dataset, class_names=meta.class_names,
                    input_shape=meta.input_shape)
    app = open_page("evaluate", model="ckpt:logits_twin")
    ds = data.load_dataset(meta.dataset)
    logits = twin.predict(ds.x_test, verbose=0)
    assert logits.min() < 0 or logits.max() > 1  # not probabilities
    shown = {m.label: m.value for m in app.metric}
    assert shown["Test accuracy"] == f"{float((logits.argmax(axis=1) == ds.y_test).mean()):.2%}"
    reference = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(ds.y_test, logits)
    assert float(shown["Test loss (cross-entropy)"]) == pytest.approx(float(reference), abs=6e-5)
    assert any("outputs logits" in c.value for c in app.caption)


def test_evaluate_shows_main_and_total_loss_for_auxiliary_heads(tmp_path, monkeypatch) -> None:
    from cnnviz.models import zoo
    from cnnviz.train import training

    model = zoo.build_model("mini_googlenet", (28, 28, 1), 10, aux_heads=True)
    training.compile_model(model, training.TrainConfig())
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    save_checkpoint(model, tmp_path, "googlenet_aux", dataset="digits", class_names=[str(d) for d in range(10)],
                    input_shape=[28, 28, 1])
    app = open_page("evaluate", model="ckpt:googlenet_aux")
    ds = data.load_dataset("digits")
    main, aux = model.predict(ds.x_test, verbose=0)
    ce = keras.losses.SparseCategoricalCrossentropy()
    main_ce, aux_ce = float(ce(ds.y_test, main)), float(ce(ds.y_test, aux))
    shown = {m.label: m.value for m in app.metric}
    assert float(shown["Main-head cross-entropy"]) == pytest.approx(main_ce, abs=6e-5)
    assert float(shown["Total loss (main + 0.3 × aux)"]) == pytest.approx(main_ce + 0.3 * aux_ce, abs=6e-5)
    assert "Test loss (cross-entropy)" not in shown  # one definition per label


def test_evaluate_stops_after_explaining_a_class_mismatch(tmp_path, monkeypatch) -> None:
    inputs = keras.Input((28, 28, 1))
    three = keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(inputs)))
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    save_checkpoint(three, tmp_path, "three_classes", class_names=["cat", "dog", "bird"], input_shape=[28, 28, 1])
    app = open_page("evaluate", model="ckpt:three_classes", dataset="digits")
    assert any("scores 3 classes but the dataset **digits** has 10" in w.value for w in app.warning)
    assert any("Your own images" in i.value and "one folder per class (3 folders" in i.value for i in app.info)
    assert len(app.metric) == 0 and not app.get("plotly_chart") and not app.get("imgs")  # no meaningless numbers


def test_pages_speak_korean() -> None:
    app = open_page("kernels", lang="ko", layer="conv1")
    assert app.title[0].value == "커널"
    assert any("필터" in c.value for c in app.caption)


def test_bad_url_values_fall_back_quietly() -> None:
    app = open_page("feature_maps", model="ckpt:../../etc/passwd", layer="nope", sample="99999", dataset="x")
    assert app.sidebar.selectbox(key="model").value == f"ckpt:{DEFAULT}"


def test_navigation_runs_the_entry_script_without_exceptions() -> None:
    app = app_test().run()
    assert not app.exception
    assert app.sidebar.selectbox(key="model").value == f"ckpt:{DEFAULT}"


def test_train_page_runs_a_short_training_and_saves_a_checkpoint(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    app = open_page("train")
    app.selectbox(key="train_model").set_value("fashion_cnn")
    app.slider(key="train_epochs").set_value(1)
    app.number_input(key="train_limit").set_value(100).run()  # each change reruns, as in a browser
    app.button(key="start").click().run()
    run = app.session_state["run"]
    deadline = time.monotonic() + 240
    while not run.done and time.monotonic() < deadline:
        time.sleep(1)
    assert run.done and run.error is None
    app.run()
    assert not app.exception
    assert any("Saved checkpoint" in s.value for s in app.success)
    model, meta = checkpoints.load(run.checkpoint_path)
    assert meta.model_name == "fashion_cnn" and len(meta.history["loss"]) == 1
    assert run.checkpoint_path.parent == tmp_path
    test = data.load_dataset(meta.dataset)  # the page's dataset, its splits capped at the limit by the trainer
    sizes = [min(100, len(split)) for split in (test.y_train, test.y_val, test.y_test)]
    story = (f"Trained on {sizes[0]} images ({sizes[1]} more held out for validation), then tested on {sizes[2]}. "
             "Trained to the end (epoch 1 of 1). Kept the weights from epoch 1 (lowest validation loss).")
    assert any(m.value == story for m in app.markdown)
    x, y = test.x_test[:100], test.y_test[:100]
    probabilities = model.predict(x, verbose=0)
    assert meta.final_metrics["test_accuracy"] == pytest.approx(float((probabilities.argmax(axis=1) == y).mean()))
    cross_entropy = float(keras.losses.SparseCategoricalCrossentropy()(y, probabilities))
    shown = {m.label: m.value for m in app.metric}
    assert float(shown["Test loss (cross-entropy)"]) == pytest.approx(cross_entropy, abs=6e-5)


def test_two_sessions_training_at_once_see_only_their_own_runs(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    apps = [open_page("train"), open_page("train")]
    for app, limit in zip(apps, (100, 150), strict=False):
        app.slider(key="train_epochs").set_value(1).run()
        app.number_input(key="train_limit").set_value(limit).run()
    for app in apps:
        app.button(key="start").click().run()
    runs = [app.session_state["run"] for app in apps]
    assert runs[0] is not runs[1] and runs[0].run_id != runs[1].run_id
    for run in runs:
        assert run.join(240) and run.error is None
    assert runs[0].checkpoint_path != runs[1].checkpoint_path
    train_sizes = [checkpoints.read_metadata(run.checkpoint_path).hyperparameters["limit"] for run in runs]
    assert train_sizes == [100, 150]


def test_training_never_changes_the_shared_cached_model(tmp_path, monkeypatch, shipped: tuple) -> None:
    """Another session's model stays as it was: training builds its own model, never the cached one."""
    monkeypatch.setenv("CNNVIZ_RUNS_DIR", str(tmp_path))
    app = open_page("train", model="zoo:fashion_cnn")
    from app_state import shared

    cached = shared.zoo_model("fashion_cnn", (28, 28, 1), 10)
    before = [w.copy() for w in cached.get_weights()]
    app.slider(key="train_epochs").set_value(1).run()
    app.number_input(key="train_limit").set_value(100).run()
    app.button(key="start").click().run()
    assert app.session_state["run"].join(240)
    assert all(np.array_equal(a, b) for a, b in zip(before, cached.get_weights(), strict=False))


def test_own_images_zip_becomes_the_dataset(tmp_path) -> None:
    import io
    import zipfile

    from PIL import Image

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for label, colour in (("cloudy", "grey"), ("shine", "yellow")):
            for i in range(12):
                image = io.BytesIO()
                Image.new("RGB", (20 + i, 20), colour).save(image, format="PNG")
                archive.writestr(f"weather/{label}/{i}.png", image.getvalue())
    app = open_page("train", dataset="folder")
    assert any("Upload a .zip" in i.value for i in app.info)
    from app_state import shared

    ds = shared.zip_dataset("test-digest", buffer.getvalue(), "weather.zip")
    assert ds.class_names == ("cloudy", "shine") and ds.input_shape == (64, 64, 3)
