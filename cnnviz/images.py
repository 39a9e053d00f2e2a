"""Turn an uploaded picture into the array a model expects.

`decode_image` reads the bytes of an upload with Pillow and refuses, with an
`ImageError` a student can act on, anything that is not a usable picture:
empty, too big, truncated, a web page or PDF saved with an image extension, an
SVG, a decompression bomb. `to_array` is the pure conversion of a decoded image
into a float32 ``(height, width, channels)`` array in 0–1, and
`to_model_input` chains the two for a Keras model.

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

Texts for the screen (`describe_conversion`) come from `cnnviz.i18n`, English
unless another language is asked for.

Sizes in messages are written width×height, as image editors show them;
arrays and model specs are (height, width, channels), as NumPy and Keras use.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from PIL import Image, ImageCms, ImageOps

from cnnviz import i18n, sniff
from cnnviz.photos import Background, background_is_light, border_mean
from cnnviz.errors import ImageError

if TYPE_CHECKING:  # keras imports TensorFlow: only load it when a model is touched
    import keras

IMAGE_TYPES = ["png", "jpg", "jpeg", "bmp", "webp", "gif", "tif", "tiff"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_FREE_SIDE = 512  # longest side used when a model accepts any height and width
MIN_FREE_SIDE = 32  # shortest side then: a smaller picture is enlarged, a thinner one (over 16:1) refused

# Pillow plugins we let parse uploads: the formats above and nothing else
# (no EPS, which runs Ghostscript, and none of the rarely used parsers).
PILLOW_FORMATS = ("PNG", "JPEG", "BMP", "WEBP", "GIF", "TIFF")
ACCEPTED = "PNG, JPEG, BMP, WebP, GIF or TIFF"

# Keys this module adds to ``image.info`` so `to_array` and `describe_conversion`
# still know about the file after the image has been copied out of it.
BITS_KEY = "cnnviz.bits"
ANIMATED_KEY = "cnnviz.animated"  # True for an animation or a multi-page file
ROTATED_KEY = "cnnviz.exif_rotated"

_GREY_MODES = {"1", "L", "LA", "La"}
_HIGH_BIT_MODES = {"I", "F", "I;16", "I;16L", "I;16B", "I;16N", "I;16S"}
_FORMAT_NAMES = {"WEBP": "WebP", "MPO": "JPEG"}
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
def decode_image(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES,
                 max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The upload as a fully loaded, upright Pillow image (first frame), or an `ImageError` saying why not.

    The image keeps its file's mode (RGBA, P, I;16, …) and ``.format``; `to_array` converts it.
    The pixel cap is checked from the header, before any pixel is decoded, and never exceeds Pillow's
    own ``Image.MAX_IMAGE_PIXELS``, so Pillow's decompression-bomb warning cannot fire.
    """
    data = bytes(data)
    if not data:
        raise ImageError(key="img.empty")
    check_upload_size(len(data), max_bytes)
    cap = _pixel_cap(max_pixels)
    _check_pixels(_gif_canvas(data), cap)  # Pillow grows a GIF to its first frame while opening it
    opened = _open(data, cap)
    with opened:
        kind = opened.format or "image"
        try:
            _check_pixels(opened.size, cap)
            # is_animated looks at most one frame ahead; n_frames would walk (or trust) the whole file
            animated = bool(getattr(opened, "is_animated", False))
            opened.seek(0)
            opened.load()
        except ImageError:
            raise
        except Image.DecompressionBombError as err:  # Pillow's error mode: an exception, never a warning
            raise _bomb_error(cap) from err
        except Exception as err:  # OSError "image file is truncated", SyntaxError, zlib/struct errors, …
            if _metadata_too_large(err):
                raise ImageError(key="img.metadata_too_large") from err
            name = _FORMAT_NAMES.get(kind, kind)
            raise ImageError(key="img.truncated", kind=name, detail=_first_line(err)) from err
        bits = _bit_depth(opened)
        image = _upright(opened)
    image.format = kind
    image.info[ANIMATED_KEY] = animated
    if bits is not None:
        image.info[BITS_KEY] = bits
    return image


def check_upload_size(n_bytes: int, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse, with the message `decode_image` gives, a file larger than `max_bytes` before it is read."""
    if n_bytes <= max_bytes:
        return
    if float(f"{n_bytes / 2**20:.1f}") <= max_bytes / 2**20:  # "20.0 MB, up to 20 MB" would not say why
        raise ImageError(key="img.too_big_bytes", size=f"{n_bytes:,}", limit=f"{max_bytes:,}")
    raise ImageError(key="img.too_big", size=_megabytes(n_bytes), limit=_megabytes(max_bytes))


def model_input_spec(model: keras.Model) -> tuple[int | None, int | None, int]:
    """(height, width, channels) of the model's single image input; height/width None for any size."""
    try:
        inputs = list(model.inputs)
    except (AttributeError, ValueError) as err:
        raise ImageError(
            "This model has no input shape yet, so cnnviz cannot tell what image size it expects. "
            "Build it with an input, e.g. keras.Input((28, 28, 1)), and try again."
        ) from err
    if len(inputs) != 1:
        names = ", ".join(str(getattr(t, "name", "?")) for t in inputs)
        raise ImageError(
            f"This model takes {len(inputs)} inputs ({names}); cnnviz can only feed a picture to a model "
            "with a single image input."
        )
    shape = tuple(inputs[0].shape)
    if len(shape) != 4:
        shown = "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"
        raise ImageError(
            f"This model's input has shape {shown}, which is not an image: cnnviz needs an input of shape "
            "(batch, height, width, channels), as in a model that starts with keras.Input((28, 28, 1)) "
            "followed by a convolution. A model that starts with Flatten or Dense on a flat vector cannot be "
            "fed an image here."
        )
    _, height, width, channels = shape
    if channels is None:
        raise ImageError(
            "This model's input does not say how many colour channels it expects (its shape ends in None). "
            "Rebuild it with a fixed number of channels: 1 for greyscale or 3 for RGB."
        )
    if channels not in (1, 3):
        hint = (
            " Its input looks channels-first (channels before height and width); cnnviz needs channels-last."
            if height in (1, 3)
            else ""
        )
        raise ImageError(
            f"This model expects images with {channels} channels; cnnviz can feed greyscale (1 channel) "
            f"or RGB (3 channels) pictures.{hint}"
        )
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
    from cnnviz.errors import ModelError

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
        raise ImageError(f"cnnviz can convert pictures to 1 (greyscale) or 3 (RGB) channels, not {channels}.")
    if image.mode in _HIGH_BIT_MODES:
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
    kind = _FORMAT_NAMES.get(image.format or "", image.format or "image")
    source = f"{image.width}×{image.height} {_mode_name(image, lang)} {kind}"
    if image.info.get(ANIMATED_KEY):
        source += " " + say("img.first_frame")
    target = f"{width}×{height} {say('img.mode_grey') if channels == 1 else 'RGB'}"
    steps = []
    if image.info.get(ROTATED_KEY):
        steps.append(say("img.step_exif"))
    if image.mode not in _HIGH_BIT_MODES and image.has_transparency_data:
        steps.append(say("img.step_transparent"))
    grey_source = image.mode in _GREY_MODES or image.mode in _HIGH_BIT_MODES
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


# --- decoding helpers ---------------------------------------------------------------------------------------


def _open(data: bytes, cap: int) -> Image.Image:
    """`Image.open` restricted to `PILLOW_FORMATS`, without its decompression-bomb warning.

    The plugins only parse the header here; `decode_image` then applies cnnviz's cap, which is below
    Pillow's, so the warning (process-wide machinery, not thread-safe to silence) is never needed.
    """
    Image.init()  # registers the plugins once; Image.open does the same for a format it has not loaded
    prefix = data[:16]
    for name in PILLOW_FORMATS:
        if name not in Image.OPEN:  # a plugin this Pillow build lacks
            continue
        factory, accept = Image.OPEN[name]
        accepted = accept is None or accept(prefix)
        if not accepted or isinstance(accepted, str):  # a str: Pillow's "this format, but unsupported"
            continue
        try:
            return factory(io.BytesIO(data), "")
        except (SyntaxError, IndexError, TypeError, struct.error):  # not this format after all: try the next
            continue
        except Image.DecompressionBombError as err:
            raise _bomb_error(cap) from err
        except Exception as err:  # a parser giving up on a malformed or hostile header
            if _metadata_too_large(err):
                raise ImageError(key="img.metadata_too_large") from err
            raise ImageError(sniff.describe_unreadable(data, ACCEPTED)) from err
    raise ImageError(sniff.describe_unreadable(data, ACCEPTED))


def _pixel_cap(max_pixels: int) -> int:
    """cnnviz's pixel cap, never above Pillow's warning threshold (``Image.MAX_IMAGE_PIXELS``)."""
    pillow = Image.MAX_IMAGE_PIXELS
    return max_pixels if pillow is None else min(max_pixels, int(pillow))


def _check_pixels(size: tuple[int, int] | None, cap: int) -> None:
    if size is None:
        return
    width, height = size
    if width * height > cap:
        raise ImageError(
            key="img.too_many_pixels", w=width, h=height, pixels=f"{width * height:,}", cap=f"{cap:,}",
            megapixels=f"{cap / 1e6:g}",
        )


def _gif_canvas(data: bytes) -> tuple[int, int] | None:
    """The size Pillow gives a GIF once it has read its first frame, None when `data` is not a GIF.

    Pillow enlarges the canvas to a first frame that sticks out of it, inside `Image.open`, with its own
    bomb check: walking the blocks the way GifImagePlugin does lets cnnviz's cap refuse the file first.
    """
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 13:
        return None
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    pos = 13 + ((3 << ((flags & 7) + 1)) if flags & 0x80 else 0)

    def sub_block(at: int) -> tuple[bytes | None, int]:  # GifImageFile.data(): None at a zero length
        if at >= len(data) or not data[at]:
            return None, min(at + 1, len(data))
        return data[at + 1 : at + 1 + data[at]], at + 1 + data[at]

    while pos < len(data) and data[pos] != 0x3B:  # ";" ends the file
        introducer, pos = data[pos], pos + 1
        if introducer == 0x2C:  # "," an image descriptor: left, top, width, height
            if pos + 9 > len(data):
                break
            left, top, frame_w, frame_h = struct.unpack_from("<HHHH", data, pos)
            return max(width, left + frame_w), max(height, top + frame_h)
        if introducer != 0x21:  # Pillow skips any other byte
            continue
        if pos >= len(data):
            break
        label, pos = data[pos], pos + 1
        block, pos = sub_block(pos)
        if label == 0xFE:  # comment: sub-blocks until an empty one
            while block:
                block, pos = sub_block(pos)
            continue
        if label == 0xFF and block is not None and block.startswith(b"NETSCAPE2.0"):
            block, pos = sub_block(pos)
        while True:  # `while self.data(): pass`, even after an empty first sub-block, as Pillow does
            block, pos = sub_block(pos)
            if not block:
                break
    return width, height


def _metadata_too_large(err: BaseException) -> bool:
    """Whether Pillow refused a PNG's colour profile (iCCP) or text chunks (zTXt, iTXt) as too large."""
    return isinstance(err, ValueError) and "MAX_TEXT" in str(err)


def _upright(image: Image.Image) -> Image.Image:
    """A loaded copy of the image, rotated/flipped as its EXIF orientation says; an invalid tag is ignored."""
    try:
        orientation = image.getexif().get(0x0112, 1)
        upright = ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block should not cost the student the picture itself
        return image.copy()
    if upright is None or upright is image:
        return image.copy()
    # 2–8 are the turns and flips; 1 is "as stored", anything else (0, 99, text) is not a valid orientation
    upright.info[ROTATED_KEY] = isinstance(orientation, int) and 2 <= orientation <= 8
    return upright


def _bit_depth(image: Image.Image) -> int | None:
    """Bits per sample of a high-bit-depth greyscale file (PNG 16, TIFF 12/16/32), None for 8-bit modes."""
    if image.mode not in _HIGH_BIT_MODES or image.mode == "F":
        return None
    tags = getattr(image, "tag_v2", None)
    if tags is not None:
        bits = tags.get(258)
        bits = bits[0] if isinstance(bits, tuple) else bits
        if isinstance(bits, int) and 1 <= bits <= 32:
            return bits
    return 32 if image.mode == "I" and image.format != "PNG" else 16


def _bomb_error(cap: int) -> ImageError:
    return ImageError(key="img.bomb", megapixels=f"{cap / 1e6:g}")


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
            return _convert(ImageCms.applyTransform(image, lab_to_srgb), mode)
        return image.convert(mode)
    except (ValueError, OSError, ImageCms.PyCMSError) as err:
        raise ImageError(
            f"cnnviz cannot convert a {image.mode} image to {mode}. Save the picture as an ordinary RGB PNG "
            "or JPEG and upload that."
        ) from err


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
    if image.mode not in _HIGH_BIT_MODES:
        return i18n.t("img.scale_255", lang)
    offset, scale, bits = _value_range(image)
    if bits is not None:
        return i18n.t("img.scale_bits", lang, bits=bits, scale=f"{scale:,.0f}")
    if (offset, scale) == (0.0, 1.0):
        return i18n.t("img.scale_float", lang)
    return i18n.t("img.scale_stretch", lang, low=f"{offset:g}", high=f"{offset + scale:g}")


def _mode_name(image: Image.Image, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    if image.mode in _HIGH_BIT_MODES and image.mode != "F":
        bits = _value_range(image)[2]
        return i18n.t("img.mode_bits_grey", lang, bits=bits) if bits else i18n.t("img.mode_int_grey", lang)
    name = _MODE_NAMES.get(image.mode, image.mode)
    return i18n.t(name, lang) if name.startswith("img.") else name


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n % (1024 * 1024) else f"{n // (1024 * 1024)} MB"


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


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
