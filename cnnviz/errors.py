"""Errors whose message is written for the person at the screen.

Pages catch `CnnvizError` and show its message; anything else is a bug.
Raise these with ``raise XError("...") from err`` so developers keep the cause.
"""


class CnnvizError(Exception):
    """Base class: a problem the user can understand and usually fix."""


class ModelError(CnnvizError):
    """A model cannot be built or used as asked (unknown name, input too small, not a CNN)."""


class DatasetError(CnnvizError):
    """A dataset cannot be loaded (offline, unsafe archive, no images, one class)."""


class ImageError(CnnvizError):
    """An uploaded image cannot be used (not an image, truncated, too large)."""


class CheckpointError(CnnvizError):
    """A checkpoint cannot be saved or loaded (corrupt, foreign, unsafe code)."""


class TrainingError(CnnvizError):
    """A training run cannot start or continue (busy server, bad settings)."""
