"""The cells of a page's notebook (`cnnviz.notebooks`): each page's settings and its code, as data.

`SECTIONS` holds the code of each part of a page (the layer table, the feature maps, Grad-CAM, ...) written
once for both languages: it makes the library calls the page makes, with the settings cell's names (LAYER,
SAMPLE, ...), and prints its key numbers as ``name = value`` lines. A line's ``#: key`` becomes the comment
``notebook.<key>`` in the notebook's language. The names it may use: model, meta, class_names (the model's),
ds (the dataset), x and true_index (the picture), LANG, CHECKPOINTS and show() (the setup cell's).
"""

from __future__ import annotations

# Each page's settings: (the notebook's name, the view's key or None for the page's fixed default, default).
SETTINGS: dict[str, tuple[tuple[str, str | None, object], ...]] = {
    "architecture": (("LAYER", "layer", None),),
    "train": (("SEED", "seed", 0),),
    "weights": (("LAYER", "layer", None),),
    "kernels": (("LAYER", "layer", None),),
    "feature_maps": (("LAYER", "layer", None), ("SAMPLE", "sample", None), ("SCALE", "fm_scale", "map"),
                     ("SORT", "fm_sort", False), ("CHANNEL", "fm_channel", None)),
    "explain": (("SAMPLE", "sample", None), ("METHODS", "ex_methods", ["grad_cam", "saliency", "occlusion"]),
                ("TARGET", "ex_target", "predicted"), ("CLASS", "ex_class", None), ("LAYER", "ex_layer", None),
                ("OPACITY", "ex_opacity", 0.5), ("BASELINE", "ex_baseline", "black")),
    "computation": (("LAYER", "layer", None), ("SAMPLE", "sample", None)),
    "embedding": (("METHOD", None, "pca"), ("SEED", None, 0)),
    "filters": (("LAYER", "layer", None),),
}

# Each part's code; its markdown is notebook.step.<part>.
SECTIONS: dict[str, str] = {
    "zoo": '''for spec in zoo.list_models():
    print(spec.name, "|", spec.title, "|", "×".join(map(str, spec.input_shape)), "|", spec.params)
for info in checkpoints.list_checkpoints(CHECKPOINTS):
    accuracy = info.metadata.final_metrics.get("test_accuracy")
    print(info.name, "|", info.metadata.dataset, "| test_accuracy =", accuracy)''',
    "table": '''rows = arch.layer_table(model)
totals = arch.totals(model, rows)
print(render.layer_table_csv(rows))
print("total_params =", totals.params)
print("trainable_params =", totals.trainable)
print("non_trainable_params =", totals.non_trainable)
print("flops =", totals.flops)''',
    "layer": '''names = [row.name for row in rows]
LAYER = LAYER if LAYER in names else next((r.name for r in rows if r.type == "Conv2D"), names[0])
row = rows[names.index(LAYER)]
print("layer =", row.name, row.type, "×".join(map(str, row.output_shape)))
print("params =", row.params, "=", row.param_formula)
print("output_size =", row.output_size_formula or "-")
print("receptive_field =", row.receptive_label or "-")''',
    "recipe": '''print("dataset =", ds.name, "| train/val/test =", len(ds.x_train), len(ds.x_val), len(ds.x_test))
for step in data.preprocessing_steps(ds, LANG):
    print("-", step)
config = training.TrainConfig(model_name=MODEL_NAME, model_options=zoo.training_options(MODEL_NAME),
                              dataset=ds.name, seed=SEED)
for key, value in config.to_dict().items():
    print(key, "=", value)
#: train_call
# result = training.train(config, "runs", dataset=ds)
# print(result.checkpoint_path)''',
    "histogram": '''options = weights.weight_layers(model)
LAYER = LAYER if LAYER in options else options[0]
fresh_parts = weights.fresh_kernels(model, LAYER)
for part, trained in weights.kernels(model, LAYER).items():
    value_range = weights.shared_range(trained, fresh_parts[part])
    for label, values in (("trained", trained), ("fresh", fresh_parts[part])):
        s = weights.stats(values)
        counts = weights.histogram(values, value_range=value_range).counts
        print(f"{LAYER} {part} {label}: mean = {s.mean:.4f} std = {s.std:.4f} min = {s.min:.3f} "
              f"max = {s.max:.3f} count = {s.count} histogram = {counts.tolist()}")
evolution = weights.snapshot_evolution(meta.snapshots if meta else [], LAYER)
print("snapshot_epochs =", evolution[0] if evolution else [])''',
    "kernels": '''options = weights.kernel_layers(model)
LAYER = LAYER if LAYER in options else options[0]
fresh_parts = weights.fresh_kernels(model, LAYER)
for part, trained in weights.kernels(model, LAYER).items():
    mode = weights.drawing_modes(part, trained.shape)[0]
    limit = weights.shared_range(trained, fresh_parts[part])[1]
    print(f"{LAYER} {part}: shape = {trained.shape} mode = {mode} limit = {limit:.3f}")
    show(render.kernel_grid(trained, mode, 0, limit))
    show(render.kernel_grid(fresh_parts[part], mode, 0, limit))''',
    "maps": '''shown = activations.grid_layers(activations.spatial_layers(model), arch.layer_table(model))
LAYER = LAYER if LAYER in shown else shown[0]
view = activations.maps_within_budget(model, x, LAYER)
if view.probabilities is not None:
    probabilities = view.probabilities
    names = [class_names[i] if i < len(class_names) else str(i) for i in range(len(probabilities))]
    predicted = int(np.argmax(probabilities))
    print("predicted =", predicted, names[predicted])
    print("probability =", repr(float(probabilities[predicted])))
maps = view.maps[LAYER]
listed = {name: view.maps[name] for name in shown if name in view.maps}
span = render.map_range(listed, SCALE, LAYER)
order = activations.channel_order(maps) if SORT else None
print("layer =", LAYER, "| maps_shape =", maps.shape, "| value_range =", span)
show(render.feature_map_grid(maps, order, value_range=span))
ranked = list(order) if order is not None else list(range(maps.shape[-1]))
CHANNEL = CHANNEL if CHANNEL in ranked else int(ranked[0])
print("channel =", CHANNEL, "| mean =", repr(float(maps[..., CHANNEL].mean())))
show(render.single_map(maps, CHANNEL, value_range=span))''',
    "evaluate": '''result = evaluation.evaluate(model, ds.x_test, ds.y_test, ds.num_classes)
print("accuracy =", repr(result.accuracy))
print("loss =", repr(result.loss))
print("mistakes =", len(result.mistakes), "/", len(result.true))
print(evaluation.confusion_csv(result.confusion, list(ds.class_names)))
for name, accuracy in zip(ds.class_names, result.per_class_accuracy):
    print(f"{name}: {accuracy:.2%}")
show(render.prediction_grid(ds.x_test[:32], result.true[:32], result.predicted[:32], list(ds.class_names)))''',
    "explain": '''probabilities = explain.probabilities(model, x)[0]
names = [class_names[i] if i < len(class_names) else str(i) for i in range(len(probabilities))]
ranked = [int(i) for i in np.argsort(-probabilities, kind="stable")]
print("predicted =", ranked[0], names[ranked[0]])
print("probability =", repr(float(probabilities[ranked[0]])))
if true_index is None or true_index >= len(names):
    true_index = None
    TARGET = "predicted" if TARGET == "true" else TARGET
CLASS = CLASS if CLASS in range(len(names)) else ranked[0]
classes = {"predicted": ranked[:1], "true": [true_index], "top3": ranked[:3], "any": [CLASS]}[TARGET]
layers = activations.spatial_layers(model)
LAYER = LAYER if LAYER in layers else explain.suggest_layer(model)
print("layer =", LAYER)
for class_index in classes:
    print("class =", class_index, names[class_index], repr(float(probabilities[class_index])))
    for method in METHODS:
        found = explain.attribution(model, x, method, class_index,
                                    LAYER if method in explain.LAYER_METHODS else None, BASELINE)
        print("checksum", method, class_index, "=", repr(float(found.sum(dtype=np.float64))))
        show(overlays.overlay(x, overlays.heat(found), OPACITY))''',
    "numbers": '''options = arithmetic.step_layers(model)
types = {row.name: row.type for row in arch.layer_table(model)}
first_conv = next((n for n in options if types.get(n) in arithmetic.CONV_STEP_TYPES), options[0])
LAYER = LAYER if LAYER in options else first_conv
maps = arithmetic.layer_maps(model, x, LAYER)
height, width, channels = maps[1].shape
ROW, COL, CHANNEL = height // 2, width // 2, 0
#: step_at
step = arithmetic.step_at(model, x, LAYER, ROW, COL, CHANNEL, maps)
print("layer =", LAYER, step.layer_type, "| unit =", (ROW, COL, CHANNEL))
print("total =", repr(step.total))
print("output =", repr(step.output))
print("map_value =", repr(step.map_value))''',
    "sandbox": '''box = arithmetic.sandbox(7, 3, 2, 1, 1)
print(box.formula)
print("out =", box.out)
print("starts =", box.starts)''',
    "receptive": '''layers = activations.spatial_layers(model)
LAYER = LAYER if LAYER in layers else layers[len(layers) // 2]
height, width, channels = activations.feature_maps(model, x, [LAYER])[LAYER].shape
ROW, COL = height // 2, width // 2
box = receptive.unit_box(model, LAYER, ROW, COL, x.shape[1:])
found = receptive.effective_field(model, x, LAYER, ROW, COL, None)
print("layer =", LAYER, "| unit =", (ROW, COL), "| box =", box.rect)
print("share_inside =", repr(receptive.share_inside(found, box.rect)))''',
    "inception": '''costs = modules.compare_inception((28, 28, 192))
for name, cost in (("naive", costs.naive), ("reduced", costs.reduced)):
    print(f"{name}: params = {cost.params} macs = {cost.macs} channels = {cost.channels}")
print("param_ratio =", repr(costs.param_ratio))''',
    "residual": '''x_batch = ds.x_train[: modules.GRADIENT_BATCH].astype(np.float32)
y_batch = ds.y_train[: modules.GRADIENT_BATCH]
found = modules.skip_comparison(x_batch, y_batch, ds.num_classes, 4)
for name, with_skips, without in zip(found.layers, found.with_skips, found.without_skips):
    print(f"{name}: with_skips = {with_skips:.3g} without_skips = {without:.3g}")''',
    "initialisers": '''x_batch, y_batch = initialisers.first_batch(ds)
found = initialisers.compare("fashion_cnn", x_batch, y_batch, initialisers.INITIALIZERS, 0,
                             num_classes=ds.num_classes)
for name, stats in found.items():
    for s in stats:
        print(f"{name} {s.name}: activation_std = {s.activation_std:.3g} gradient_norm = {s.gradient_norm:.3g}")''',
    "freezing": '''model = zoo.build_model(freezing.MODEL, ds.input_shape, ds.num_classes, weights=None)
for blocks in freezing.DEFAULT_PLANS:
    counts = freezing.trainable_counts(freezing.freeze_plan(model, blocks))
    print(f"{freezing.plan_label(blocks, LANG)}: trainable = {counts.trainable} frozen = {counts.non_trainable}")
#: train_call
# runs = freezing.compare_freezing(ds, freezing.DEFAULT_PLANS, 1, 0, 300)''',
    "compare": '''infos = checkpoints.list_checkpoints(CHECKPOINTS)
chosen = sorted(infos, key=lambda info: info.name != "fashion_cnn_fashion")[:2]
table = compare.runs(chosen)
print(table.frame(LANG).to_string())
print("differing =", table.differing)''',
    "embedding": '''count = min(embedding.DEFAULT_POINTS, len(ds.x_test))
LAYER = embedding.penultimate_layer(model)
x = evaluation.fit_to_input(ds.x_test[:count], images.model_input_spec(model))
truth = ds.y_test[:count]
table = embedding.features(model, x, LAYER)
net = embedding.project(table, METHOD, SEED)
raw = embedding.project(embedding.pixels(x), METHOD, SEED)
print("layer =", LAYER, "| points =", count)
print("separation_network =", embedding.separation(net, truth))
print("separation_pixels =", embedding.separation(raw, truth))''',
    "filters": '''layers = featureviz.filter_layers(arch.layer_table(model))
LAYER = LAYER if LAYER in layers else layers[0]
count = min(len(ds.x_test), featureviz.MAX_IMAGES)
x = evaluation.fit_to_input(ds.x_test[:count], images.model_input_spec(model))
found = featureviz.layer_patches(model, LAYER, x, featureviz.DEFAULT_K)
channels = list(range(min(8, len(found))))
pictures = featureviz.maximize_many(model, LAYER, channels, steps=featureviz.DEFAULT_STEPS, seed=0,
                                    image_shape=tuple(x.shape[1:]))
for channel in channels:
    print("filter", channel, "| top activation =", repr(float(found[channel].activations[0])))
    show(featureviz.patch_grid(found[channel].patches))
    show(featureviz.image_tile(pictures[channel]))
for s in featureviz.layer_statistics(model, x):
    print(f"{s.name}: dead = {s.dead_channels}/{s.channels} sparsity = {s.sparsity:.3f} mean = {s.mean:.4f}")''',
}
# What each section needs loaded before it: the dataset, the model, the picture (a test sample or yours).
NEEDS: dict[str, frozenset[str]] = {
    "zoo": frozenset(), "sandbox": frozenset(), "inception": frozenset(), "compare": frozenset(),
    "table": frozenset({"model"}), "layer": frozenset({"model"}), "histogram": frozenset({"model"}),
    "kernels": frozenset({"model"}), "recipe": frozenset({"data"}), "residual": frozenset({"data"}),
    "initialisers": frozenset({"data"}), "freezing": frozenset({"data"}),
    "evaluate": frozenset({"model", "data"}), "embedding": frozenset({"model", "data"}),
    "filters": frozenset({"model", "data"}),
    "maps": frozenset({"picture"}), "explain": frozenset({"picture"}), "numbers": frozenset({"picture"}),
    "receptive": frozenset({"picture"}),
}
