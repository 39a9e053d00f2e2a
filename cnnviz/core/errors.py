"""Errors whose message is written for the person at the screen, in their language.

Pages catch `CnnvizError` and show `err.text(lang)`; anything else is a bug.
Raise these with ``raise XError("...") from err`` so developers keep the cause, or better with
a message key from `cnnviz.core.i18n` and its values, ``XError(key="error.x", name=...)``: `str(err)`
is then the English text (the library's default for notebook users) and `err.text("ko")` the Korean.
"""

from __future__ import annotations


class CnnvizError(Exception):
    """Base class: a problem the user can understand and usually fix."""

    def __init__(self, message: str = "", *, key: str | None = None, **values: object) -> None:
        self.key = key
        self.values = values
        if key is not None and not message:
            from cnnviz.core import i18n

            message = i18n.t(key, "en", **values)
        super().__init__(message)

    def text(self, lang: str = "en") -> str:
        """The message in `lang` when it was raised with a key, else the message as written."""
        from cnnviz.core import i18n

        if self.key is None:  # a message as written, or an `i18n.Phrase` of several keyed sentences
            return i18n.translate(self.args[0], lang) if self.args else str(self)

        return i18n.t(self.key, lang, **self.values)


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
