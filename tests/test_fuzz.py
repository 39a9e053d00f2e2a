"""Bounded fuzzing (fixed seeds, seconds): mutated .keras files and zips give cnnviz's own errors, never others."""

from __future__ import annotations

import fuzzing

from cnnviz import data
from cnnviz.train import checkpoints


def test_mutated_keras_files_are_loaded_or_refused_with_a_message() -> None:
    outcome = fuzzing.run(fuzzing.keras_seeds(), lambda b: checkpoints.load_bytes(b, "fuzz.keras"), cases=150)
    assert outcome.cases == 150 and outcome.refused > 0
    assert outcome.failures == [], "\n".join(outcome.failures)


def test_zips_with_mutated_images_are_loaded_or_refused_with_a_message() -> None:
    outcome = fuzzing.run(fuzzing.zip_seeds(), lambda b: data.load_image_zip(b, image_size=(16, 16)), cases=150,
                          mutator=fuzzing.mutate_zip_members)
    assert outcome.cases == 150 and outcome.accepted > 0
    assert outcome.failures == [], "\n".join(outcome.failures)


def test_mutated_zip_archives_are_loaded_or_refused_with_a_message() -> None:
    outcome = fuzzing.run(fuzzing.zip_seeds(), lambda b: data.load_image_zip(b, image_size=(16, 16)), cases=150,
                          seed=1)
    assert outcome.cases == 150 and outcome.refused > 0
    assert outcome.failures == [], "\n".join(outcome.failures)


def test_keras_files_with_mutated_config_and_weights_are_loaded_or_refused() -> None:
    """The members themselves mutated and zipped again, so the damage reaches Keras and h5py, not only zip's CRC."""
    outcome = fuzzing.run(fuzzing.keras_seeds(), lambda b: checkpoints.load_bytes(b, "fuzz.keras"), cases=120,
                          seed=3, mutator=fuzzing.mutate_zip_members)
    assert outcome.cases == 120 and outcome.accepted > 0 and outcome.refused > 0
    assert outcome.failures == [], "\n".join(outcome.failures)
