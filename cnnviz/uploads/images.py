"""Turn an uploaded picture into the array a model expects.

Reading the bytes safely is `cnnviz.decoding` (`decode_image`, re-exported here for callers):
it refuses, with an `ImageError` a student can act on, anything that is not a usable picture.
`to_array` is the pure conversion of a decoded image into a float32 ``(height, width, channels)``
array in 0–1, and `to_model_input` chains the two for a Keras model.

The conversion is deliberately simple and the same for every picture:

* EXIF orientation is applied (phone photos come out upright), and only the
  first frame of an animated GIF/WebP/PNG or multi-page TIFF is used;
* transparent areas are painted white (a drawn digit on a transparent
  background reads as dark-on-white, like the datasets), never black;
* colours become greyscale (ITU-R 601 luma, Pillow's "L") for 1-channel
  models, and grey becomes RGB by repeating the value for 3-channel models;
* the picture is resized to the model's height × width with bilinear
  interpolation. By default (``fit="stretch"``) the aspect ratio is not kept:
  a wide photo is squeezed. ``fit="crop"`` first cuts the middle of the
  picture to the model's proportions, so nothing is distorted but the sides
  are lost;
* values are divided by the largest value of the file's real bit depth
  (255 for 8-bit, 65,535 for 16-bit grey, 4,095 for 12-bit TIFF, …);
  floating-point images already in 0–1 are kept, others are stretched to 0–1;
* on request, brightness is inverted (1 − value). Models trained on light
  figures on a dark background (MNIST, the digits, Fashion-MNIST) read a dark
  digit on white paper as something else: `prepare` inverts such a picture
  when the training images had dark borders and the picture has a light one
  (`cnnviz.photos.background_is_light`).

Whether a picture looks like the model's training images (their background,
brightness and contrast) is `cnnviz.photos`.

Texts for the screen (`describe_conversion`) come from `cnnviz.core.i18n`, English
unless another language is asked for.

Sizes in messages are written width×height, as image editors show them;
arrays and model specs are (height, width, channels), as NumPy and Keras use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from PIL import Image, ImageCms

from cnnviz.core import i18n
from cnnviz.core.errors import ImageError
from cnnviz.uploads.decoding import (
    ANIMATED_KEY,
    BITS_KEY,
    FORMAT_NAMES,
    HIGH_BIT_MODES,
    IMAGE_TYPES,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    ROTATED_KEY,
    check_upload_size,
    decode_image,
)
from cnnviz.uploads.photos import Background, background_is_light, border_mean

if TYPE_CHECKING:  # keras imports TensorFlow: only load it when a model is touched
    import keras

MAX_FREE_SIDE = 512  # longest side used when a model accepts any height and width
MIN_FREE_SIDE = 32  # shortest side then: a smaller picture is enlarged, a thinner one (over 16:1) refused

# Pillow plugins we let parse uploads: the formats above and nothing else
# (no EPS, which runs Ghostscript, and none of the rarely used parsers).
_GREY_MODES = {"1", "L", "LA", "La"}
# Pillow modes as the screen names them: an i18n key ("img.…") or a technical name (the same in any language).
_MODE_NAMES = {
    "1": "img.mode_bw",
    "L": "img.mode_grey",
    "LA": "img.mode_grey_alpha",
    "La": "img.mode_grey_alpha",
    "P": "img.mode_palette",
    "PA": "img.mode_palette_alpha",
    "RGB": "RGB",
    "RGBA": "RGBA",
    "RGBa": "RGBA",
    "RGBX": "RGB",
    "CMYK": "CMYK",
    "YCbCr": "YCbCr",
    "LAB": "CIELAB",
    "HSV": "HSV",
    "F": "img.mode_float_grey",
}

Fit = Literal["stretch", "crop"]
FITS: tuple[Fit, ...] = ("crop", "stretch")
def model_input_spec(model: keras.Model) -> tuple[int | None, int | None, int]:
    """(height, width, channels) of the model's single image input; height/width None for any size."""
    try:
        inputs = list(model.inputs)
    except (AttributeError, ValueError) as err:
        raise ImageError(key="img.no_input_shape") from err
    if len(inputs) != 1:
        names = ", ".join(str(getattr(t, "name", "?")) for t in inputs)
        raise ImageError(key="img.many_inputs", count=len(inputs), names=names)
    shape = tuple(inputs[0].shape)
    if len(shape) != 4:
        shown = "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"
        raise ImageError(key="img.not_image_input", shape=shown)
    _, height, width, channels = shape
    if channels is None:
        raise ImageError(key="img.channels_unknown")
    if channels not in (1, 3):
        hint: list[tuple[str, dict[str, object]]] = [("img.channels_first", {})] if height in (1, 3) else []
        raise ImageError(i18n.Phrase.join([("img.channels_model", {"channels": channels}), *hint]))
    return (None if height is None else int(height), None if width is None else int(width), int(channels))


def converted_shape(spec: tuple[int | None, int | None, int],
                    shape: tuple[int, ...]) -> tuple[int, int, int] | None:
    """The (H, W, C) images of `shape` become for a model with input `spec`; None if they fit as they are."""
    height, width, channels = spec
    target = (height or int(shape[0]), width or int(shape[1]), channels)
    return None if target == tuple(int(d) for d in shape) else target


def resolve_spec(image: Image.Image, spec: tuple[int | None, int | None, int]) -> tuple[int, int, int]:
    """The spec with unknown height/width filled from the image's own size: longest side ≤ 512, shortest ≥ 32.

    A picture too long and thin for both (more than 16:1) is an `ImageError`: its shorter side would leave
    the first convolutions nothing to slide over.
    """
    height, width, channels = spec
    if height is None or width is None:
        long_side, short_side = max(image.size), min(image.size)
        scale = min(1.0, MAX_FREE_SIDE / long_side)
        if round(short_side * scale) < MIN_FREE_SIDE:
            if round(long_side * MIN_FREE_SIDE / short_side) > MAX_FREE_SIDE:
                raise ImageError(key="img.too_thin", w=f"{image.width:,}", h=f"{image.height:,}",
                                 max=MAX_FREE_SIDE, short=f"{short_side * scale:.2g}", min=MIN_FREE_SIDE,
                                 ratio=MAX_FREE_SIDE // MIN_FREE_SIDE)
            scale = MIN_FREE_SIDE / short_side
        own_w, own_h = (max(1, round(side * scale)) for side in image.size)
        height = own_h if height is None else height
        width = own_w if width is None else width
    return int(height), int(width), int(channels)


LUMA = np.array([0.299, 0.587, 0.114], dtype=np.float32)  # ITU-R 601, as Pillow's "L" conversion


def convert_channels(x: np.ndarray, channels: int) -> np.ndarray:
    """Images (…, C) in 0–1 with `channels` channels: the one grey ↔ RGB conversion of cnnviz.

    An alpha channel (grey + alpha, RGBA) is painted on white first, as uploads are; RGB → grey uses
    the luma weights (as Pillow's "L"), grey → RGB repeats the value. Anything else raises ModelError.
    """
    from cnnviz.core.errors import ModelError

    x = np.asarray(x, dtype=np.float32)
    have = x.shape[-1]
    if have in (2, 4) and channels != have:  # paint on white: colour × alpha + (1 − alpha)
        x = x[..., :-1] * x[..., -1:] + (1.0 - x[..., -1:])
    if x.shape[-1] == channels:
        return x
    if (x.shape[-1], channels) == (3, 1):
        return (x @ LUMA)[..., None]
    if (x.shape[-1], channels) == (1, 3):
        return np.repeat(x, 3, axis=-1)
    raise ModelError(key="error.channels", have=have, want=channels)


def to_array(image: Image.Image, size: tuple[int, int], channels: int) -> np.ndarray:
    """The image as a float32 (height, width, channels) array in 0–1; ``size`` is (height, width)."""
    height, width = size
    if height < 1 or width < 1:
        raise ValueError(f"size must be positive (height, width), got {size}")
    if channels not in (1, 3):
        raise ImageError(key="img.to_array_channels", channels=channels)
    if image.mode in HIGH_BIT_MODES:
        return np.ascontiguousarray(convert_channels(_high_bit_array(image, (width, height)), channels))

    alpha = image.has_transparency_data
    grey_source = image.mode in _GREY_MODES
    base = ("LA" if alpha else "L") if grey_source else ("RGBA" if alpha else "RGB")
    wanted = ("LA" if alpha else "L") if channels == 1 else ("RGBA" if alpha else "RGB")
    image = _convert(image, base)
    if wanted != base:
        image = image.convert(wanted)
    # RGBA/LA are resized premultiplied by Pillow, so painting on white afterwards equals painting first.
    image = image.resize((width, height), Image.Resampling.BILINEAR)
    arr = np.asarray(image, dtype=np.float32) / 255.0
    if arr.ndim == 2:
        arr = arr[..., None]
    if alpha:
        colour, opacity = arr[..., :-1], arr[..., -1:]
        arr = colour * opacity + (1.0 - opacity)
    return np.ascontiguousarray(np.clip(arr, 0.0, 1.0), dtype=np.float32)


def to_model_input(data: bytes, model: keras.Model, *, fit: Fit = "stretch", invert: bool | None = False,
                   background: Background | None = None) -> np.ndarray:
    """A batch of one, shape (1, H, W, C) float32 in 0–1, sized for the model's input.

    `fit` and `invert` are as in `prepare`; the defaults (stretch, no inversion) give the plain conversion.
    """
    spec = model_input_spec(model)  # refuse an unsuitable model before decoding anything
    return prepare(decode_image(data), spec, fit=fit, invert=invert, background=background).x


@dataclass(frozen=True)
class ModelInput:
    """A picture converted for a model, with what was done to it."""

    x: np.ndarray  # (1, H, W, C) float32 in 0–1: what the model gets
    fit: Fit
    box: tuple[int, int, int, int]  # the part of the picture used: (left, top, right, bottom) in its pixels
    border: float  # mean brightness of the converted picture's border, before any inversion
    inverted: bool


def prepare(image: Image.Image, spec: tuple[int | None, int | None, int], *, fit: Fit = "stretch",
            invert: bool | None = False, background: Background | None = None) -> ModelInput:
    """The decoded picture converted for a model of input `spec`, cropped or stretched, inverted or not.

    ``invert=None`` decides from the picture: it is inverted when the model's training images had a dark
    `background` and the picture's border is light (brighter than 0.5), as for a dark digit on white paper.
    """
    if fit not in FITS:
        raise ValueError(f"fit must be one of {FITS}, got {fit!r}")
    if background not in (None, "dark", "light", "mixed"):
        raise ValueError(f"background must be 'dark', 'light', 'mixed' or None, got {background!r}")
    height, width, channels = resolve_spec(image, spec)
    box = centre_crop_box(image.size, (height, width)) if fit == "crop" else (0, 0, *image.size)
    used = image if box == (0, 0, *image.size) else image.crop(box)
    x = to_array(used, (height, width), channels)
    border = border_mean(x)
    if invert is None:
        invert = background == "dark" and background_is_light(x)
    if invert:
        x = np.ascontiguousarray(1.0 - x, dtype=np.float32)
    return ModelInput(x[None], fit, box, border, bool(invert))


def centre_crop_box(size: tuple[int, int], target: tuple[int, int]) -> tuple[int, int, int, int]:
    """The middle of a picture of `size` (width, height) with the proportions of `target` (height, width).

    Returned as Pillow's crop box (left, top, right, bottom): a 300×100 picture for a square model
    keeps its middle 100×100, (100, 0, 200, 100).
    """
    width, height = size
    target_h, target_w = target
    if width * target_h > height * target_w:  # wider than the model: cut the sides
        kept = max(1, min(width, round(height * target_w / target_h)))
        left = (width - kept) // 2
        return left, 0, left + kept, height
    kept = max(1, min(height, round(width * target_h / target_w)))
    top = (height - kept) // 2
    return 0, top, width, top + kept


def describe_conversion(image: Image.Image, spec: tuple[int | None, int | None, int], *, fit: Fit = "stretch",
                        inverted: bool = False, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """One sentence for the screen: what the picture was and what the model will see."""
    def say(key: str, **values: object) -> str:
        return i18n.t(key, lang, **values)

    height, width, channels = resolve_spec(image, spec)
    kind = FORMAT_NAMES.get(image.format or "", image.format or "image")
    source = f"{image.width}×{image.height} {_mode_name(image, lang)} {kind}"
    if image.info.get(ANIMATED_KEY):
        source += " " + say("img.first_frame")
    target = f"{width}×{height} {say('img.mode_grey') if channels == 1 else 'RGB'}"
    steps = []
    if image.info.get(ROTATED_KEY):
        steps.append(say("img.step_exif"))
    if image.mode not in HIGH_BIT_MODES and image.has_transparency_data:
        steps.append(say("img.step_transparent"))
    grey_source = image.mode in _GREY_MODES or image.mode in HIGH_BIT_MODES
    if channels == 1 and not grey_source:
        steps.append(say("img.step_to_grey"))
    elif channels == 3 and grey_source:
        steps.append(say("img.step_to_rgb"))
    box = centre_crop_box(image.size, (height, width)) if fit == "crop" else (0, 0, *image.size)
    used = image if box == (0, 0, *image.size) else image.crop(box)
    if used is not image:
        steps.append(say("img.step_crop", w=used.width, h=used.height))
    size = {"src": f"{used.width}×{used.height}", "dst": f"{width}×{height}"}
    if (used.width, used.height) == (width, height):
        steps.append(say("img.step_same_size"))
    elif used.width * height == used.height * width:
        steps.append(say("img.step_resize", **size))
    else:
        steps.append(say("img.step_stretch", **size))
    steps.append(_scaling_text(used, lang))
    if inverted:
        steps.append(say("img.step_invert"))
    return say("img.converted", source=source, target=target, steps="; ".join(steps))


# --- conversion helpers -------------------------------------------------------------------------------------


def _convert(image: Image.Image, mode: str) -> Image.Image:
    """Pillow's conversion, with CIELAB through LittleCMS and a readable error for the rest."""
    if image.mode == mode:
        return image
    try:
        if image.mode == "LAB":
            lab_to_srgb = ImageCms.buildTransform(
                ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB"
            )
            srgb = ImageCms.applyTransform(image, lab_to_srgb)
            if srgb is None:  # only an in-place transform returns None
                raise ValueError("LittleCMS returned no image")
            return _convert(srgb, mode)
        return image.convert(mode)
    except (ValueError, OSError, ImageCms.PyCMSError) as err:
        raise ImageError(key="img.convert_failed", source=image.mode, target=mode) from err


def _high_bit_array(image: Image.Image, size: tuple[int, int]) -> np.ndarray:
    """16/32-bit integer or float greyscale, scaled to 0–1 and resized in float: (H, W, 1)."""
    values = np.asarray(image)
    offset, scale, _ = _value_range(image, values)
    unit = ((values.astype(np.float32) - offset) / scale) if scale else np.zeros(values.shape, np.float32)
    unit = np.clip(np.nan_to_num(unit, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0).astype(np.float32)
    resized = Image.fromarray(unit).resize(size, Image.Resampling.BILINEAR)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)[..., None]


def _value_range(image: Image.Image, values: np.ndarray | None = None) -> tuple[float, float, int | None]:
    """(offset, scale, bits) so that (value - offset) / scale lies in 0–1, for a high-bit-depth image.

    ``bits`` is the integer bit depth used for the scale, None when the values were stretched or are floats.
    """
    if image.mode.startswith("I;16") and image.info.get(BITS_KEY):  # unsigned: no need to look at the pixels
        bits = image.info[BITS_KEY]
        return 0.0, float(2**bits - 1), bits
    if values is None:
        values = np.asarray(image)
    finite = values[np.isfinite(values)] if image.mode == "F" else values
    low = float(finite.min()) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 0.0
    if image.mode == "F" and low >= 0.0 and high <= 1.0:
        return 0.0, 1.0, None
    if image.mode == "F" or low < 0:  # floats outside 0–1, or signed integers: stretch what is there
        return low, high - low, None
    bits = image.info.get(BITS_KEY) or (16 if image.mode.startswith("I;16") or high <= 65535 else 32)
    if bits == 32 and image.mode == "I":
        return 0.0, float(2**31 - 1), 32  # Pillow's "I" is signed 32-bit
    return 0.0, float(2**bits - 1), bits


def _scaling_text(image: Image.Image, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    if image.mode not in HIGH_BIT_MODES:
        return i18n.t("img.scale_255", lang)
    offset, scale, bits = _value_range(image)
    if bits is not None:
        return i18n.t("img.scale_bits", lang, bits=bits, scale=f"{scale:,.0f}")
    if (offset, scale) == (0.0, 1.0):
        return i18n.t("img.scale_float", lang)
    return i18n.t("img.scale_stretch", lang, low=f"{offset:g}", high=f"{offset + scale:g}")


def _mode_name(image: Image.Image, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    if image.mode in HIGH_BIT_MODES and image.mode != "F":
        bits = _value_range(image)[2]
        return i18n.t("img.mode_bits_grey", lang, bits=bits) if bits else i18n.t("img.mode_int_grey", lang)
    name = _MODE_NAMES.get(image.mode, image.mode)
    return i18n.t(name, lang) if name.startswith("img.") else name


__all__ = [
    "FITS",
    "IMAGE_TYPES",
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "ImageError",
    "ModelInput",
    "centre_crop_box",
    "check_upload_size",
    "decode_image",
    "describe_conversion",
    "model_input_spec",
    "prepare",
    "resolve_spec",
    "to_array",
    "to_model_input",
]
