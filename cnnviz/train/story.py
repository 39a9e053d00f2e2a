"""The story of a training run: what it learnt from, how it ended and which weights it kept, as i18n keys.

A checkpoint keeps its story (`Metadata.story`) so every page can tell it in the reader's language; this
module imports no TensorFlow, so the home page can tell a shipped checkpoint's story without it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cnnviz.core import i18n
from cnnviz.train import checkpoints


@dataclass(frozen=True)
class RunStory:
    """How a run ended and which weights it kept: sentences as i18n keys with their values.

    The page shows `text(lang)` in the reader's language; the checkpoint keeps `to_dict()`
    (in `Metadata.story`) and the English text as its `notes`.
    """

    parts: tuple[tuple[str, dict[str, int]], ...]

    def text(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        """The story in `lang`, one sentence per part."""
        return " ".join(i18n.t(key, lang, **values) for key, values in self.parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form for checkpoint metadata."""
        return {"parts": [{"key": key, "values": dict(values)} for key, values in self.parts]}

    @classmethod
    def from_dict(cls, value: Any) -> RunStory | None:
        """The story back from metadata; None when it is missing, malformed or names unknown sentences."""
        try:
            parts = tuple((str(part["key"]), {str(k): int(v) for k, v in part["values"].items()})
                          for part in value["parts"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        if not parts or any(key not in i18n.STRINGS for key, _ in parts):
            return None
        return cls(parts)


def run_story(status: str, epochs: int, history: Mapping[str, Sequence[float]], batches_per_epoch: int,
              best_epoch: int | None, restored: bool, *, random_base: bool = False,
              sizes: tuple[int, int, int] | None = None) -> RunStory:
    """What the run learnt from, how it ended (finished, early stopping, or Stop, and whether mid-epoch) and
    which weights it kept.

    `history` is the per-epoch record, whose "batches" column counts the batches each epoch ran;
    `random_base` adds that the pretrained base started from random weights (ImageNet's were not had);
    `sizes` (training, validation and test images) opens the story with the data it saw.
    """
    done = [int(b) for b in history.get("batches", ())]
    trained = len(history.get("epoch", ()))
    partial = bool(done) and 0 < done[-1] < batches_per_epoch
    ended: tuple[str, dict[str, int]]
    kept: tuple[str, dict[str, int]]
    if status == "stopped" and partial:
        ended = ("story.stopped_during", {"epoch": trained, "epochs": epochs, "batch": done[-1],
                                          "batches": batches_per_epoch})
    elif status == "stopped":
        ended = ("story.stopped_after", {"epoch": trained, "epochs": epochs})
    elif trained < epochs:
        ended = ("story.early_stopping", {"epoch": trained, "epochs": epochs})
    else:
        ended = ("story.trained", {"epochs": epochs})
    if not restored or best_epoch is None:
        kept = ("story.kept_last", {})
    elif partial and best_epoch == trained:
        kept = ("story.kept_best_partial",
                {"best": best_epoch, "batch": done[-1], "batches": batches_per_epoch})
    else:
        kept = ("story.kept_best", {"best": best_epoch})
    data = [("story.data", {"train": sizes[0], "val": sizes[1], "test": sizes[2]})] if sizes else []
    return RunStory((*data, ended, kept, *([("story.random_base", {})] if random_base else [])))


def story_of(meta: checkpoints.Metadata) -> RunStory | None:
    """The story a cnnviz training stored in a checkpoint's metadata; None for other checkpoints."""
    return RunStory.from_dict(meta.story or meta.final_metrics.get("story"))
