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
  interpolation. The aspect ratio is not kept (no cropping or padding): a wide
  photo is squeezed, which is easy to see and to explain;
* values are divided by the largest value of the file's real bit depth
  (255 for 8-bit, 65,535 for 16-bit grey, 4,095 for 12-bit TIFF, …);
  floating-point images already in 0–1 are kept, others are stretched to 0–1.

Sizes in messages are written width×height, as image editors show them;
arrays and model specs are (height, width, channels), as NumPy and Keras use.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageCms, ImageOps

from cnnviz.errors import ImageError

if TYPE_CHECKING:  # keras imports TensorFlow: only load it when a model is touched
    import keras

IMAGE_TYPES = ["png", "jpg", "jpeg", "bmp", "webp", "gif", "tif", "tiff"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_FREE_SIDE = 512  # longest side used when a model accepts any height and width

# Pillow plugins we let parse uploads: the formats above and nothing else
# (no EPS, which runs Ghostscript, and none of the rarely used parsers).
PILLOW_FORMATS = ("PNG", "JPEG", "BMP", "WEBP", "GIF", "TIFF")
ACCEPTED = "PNG, JPEG, BMP, WebP, GIF or TIFF"

# Keys this module adds to ``image.info`` so `to_array` and `describe_conversion`
# still know about the file after the image has been copied out of it.
BITS_KEY = "cnnviz.bits"
FRAMES_KEY = "cnnviz.frames"
ROTATED_KEY = "cnnviz.exif_rotated"

_GREY_MODES = {"1", "L", "LA", "La"}
_HIGH_BIT_MODES = {"I", "F", "I;16", "I;16L", "I;16B", "I;16N", "I;16S"}
_FORMAT_NAMES = {"WEBP": "WebP", "MPO": "JPEG"}
_MODE_NAMES = {
    "1": "black-and-white (1-bit)",
    "L": "greyscale",
    "LA": "greyscale with transparency",
    "La": "greyscale with transparency",
    "P": "palette",
    "PA": "palette with transparency",
    "RGB": "RGB",
    "RGBA": "RGBA",
    "RGBa": "RGBA",
    "RGBX": "RGB",
    "CMYK": "CMYK",
    "YCbCr": "YCbCr",
    "LAB": "CIELAB",
    "HSV": "HSV",
    "F": "floating-point greyscale",
}


def decode_image(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """The upload as a fully loaded, upright Pillow image (first frame), or an `ImageError` saying why not.

    The image keeps its file's mode (RGBA, P, I;16, …) and ``.format``; `to_array` converts it.
    """
    data = bytes(data)
    if not data:
        raise ImageError("The file is empty (0 bytes). The upload or download was probably interrupted: try again.")
    if len(data) > max_bytes:
        raise ImageError(
            f"The file is {_megabytes(len(data))}; cnnviz accepts images up to {_megabytes(max_bytes)}. "
            "Save a smaller version (for example as JPEG, or at a lower resolution) and upload that."
        )
    # Pillow warns above Image.MAX_IMAGE_PIXELS (~89 MP) and raises above twice that; make the warning an
    # error too. Our own, lower cap is checked from the header before any pixel is decoded. (The warnings
    # filter is process-wide while this block runs; it only concerns Pillow's bomb warning.)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            opened = Image.open(io.BytesIO(data), formats=list(PILLOW_FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
            raise _bomb_error(max_pixels) from err
        except Exception as err:  # UnidentifiedImageError, or whatever a parser raises on a malformed header
            raise ImageError(_describe_unreadable(data)) from err
        with opened:
            width, height = opened.size
            kind = opened.format or "image"
            if width * height > max_pixels:
                raise ImageError(
                    f"The image is {width}×{height} pixels ({width * height / 1e6:,.1f} megapixels); cnnviz accepts "
                    f"at most {max_pixels / 1e6:g} megapixels. Resize it (a model only sees a few hundred pixels "
                    "a side anyway) and upload it again."
                )
            try:
                frames = getattr(opened, "n_frames", 1)
                opened.seek(0)
                opened.load()
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
                raise _bomb_error(max_pixels) from err
            except Exception as err:  # OSError "image file is truncated", SyntaxError, zlib/struct errors, …
                raise ImageError(
                    f"This {_FORMAT_NAMES.get(kind, kind)} file is truncated or damaged: Pillow could not read all "
                    f"of its pixels ({_first_line(err)}). It was probably cut short while downloading or copying; "
                    "save or download it again."
                ) from err
            bits = _bit_depth(opened)
            image = _upright(opened)
    image.format = kind
    image.info[FRAMES_KEY] = frames
    if bits is not None:
        image.info[BITS_KEY] = bits
    return image


def model_input_spec(model: keras.Model) -> tuple[int | None, int | None, int]:
    """(height, width, channels) of the model's single image input; height/width are None if any size is accepted."""
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
            f"This model expects images with {channels} channels; cnnviz can feed greyscale (1 channel) or RGB "
            f"(3 channels) pictures.{hint}"
        )
    return (None if height is None else int(height), None if width is None else int(width), int(channels))


def resolve_spec(image: Image.Image, spec: tuple[int | None, int | None, int]) -> tuple[int, int, int]:
    """The spec with unknown height/width filled from the image's own size, longest side capped at 512."""
    height, width, channels = spec
    if height is None or width is None:
        scale = min(1.0, MAX_FREE_SIDE / max(image.size))
        own_w, own_h = (max(1, round(side * scale)) for side in image.size)
        height = own_h if height is None else height
        width = own_w if width is None else width
    return int(height), int(width), int(channels)


def to_array(image: Image.Image, size: tuple[int, int], channels: int) -> np.ndarray:
    """The image as a float32 (height, width, channels) array in 0–1; ``size`` is (height, width)."""
    height, width = size
    if height < 1 or width < 1:
        raise ValueError(f"size must be positive (height, width), got {size}")
    if channels not in (1, 3):
        raise ImageError(f"cnnviz can convert pictures to 1 (greyscale) or 3 (RGB) channels, not {channels}.")
    if image.mode in _HIGH_BIT_MODES:
        out = _high_bit_array(image, (width, height))
        return np.ascontiguousarray(np.repeat(out, channels, axis=-1))

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


def to_model_input(data: bytes, model: keras.Model) -> np.ndarray:
    """A batch of one, shape (1, H, W, C) float32 in 0–1, sized for the model's input."""
    spec = model_input_spec(model)  # refuse an unsuitable model before decoding anything
    image = decode_image(data)
    height, width, channels = resolve_spec(image, spec)
    return to_array(image, (height, width), channels)[None]


def describe_conversion(image: Image.Image, spec: tuple[int | None, int | None, int]) -> str:
    """One sentence for the screen: what the picture was and what the model will see."""
    height, width, channels = resolve_spec(image, spec)
    kind = _FORMAT_NAMES.get(image.format or "", image.format or "image")
    source = f"{image.width}×{image.height} {_mode_name(image)} {kind}"
    if image.info.get(FRAMES_KEY, 1) > 1:
        source += f" (first of its {image.info[FRAMES_KEY]} frames)"
    target = f"{width}×{height} {'greyscale' if channels == 1 else 'RGB'}"
    steps = []
    if image.info.get(ROTATED_KEY):
        steps.append("turned upright as its EXIF orientation says")
    if image.mode not in _HIGH_BIT_MODES and image.has_transparency_data:
        steps.append("transparent areas filled with white")
    grey_source = image.mode in _GREY_MODES or image.mode in _HIGH_BIT_MODES
    if channels == 1 and not grey_source:
        steps.append("colours mixed to grey (0.299 R + 0.587 G + 0.114 B)")
    elif channels == 3 and grey_source:
        steps.append("the grey value copied into R, G and B")
    if (image.width, image.height) == (width, height):
        steps.append("kept at its size")
    elif image.width * height == image.height * width:
        steps.append(f"resized from {image.width}×{image.height} to {width}×{height} (bilinear)")
    else:
        steps.append(
            f"resized from {image.width}×{image.height} to {width}×{height} (bilinear, stretched: "
            "the aspect ratio is not kept)"
        )
    steps.append(_scaling_text(image))
    return f"Your {source} was converted to {target}: " + "; ".join(steps) + "."


# --- decoding helpers ---------------------------------------------------------------------------------------


def _upright(image: Image.Image) -> Image.Image:
    """A loaded copy of the image, rotated/flipped as its EXIF orientation says."""
    try:
        orientation = image.getexif().get(0x0112, 1)
        upright = ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block should not cost the student the picture itself
        return image.copy()
    if upright is None or upright is image:
        return image.copy()
    upright.info[ROTATED_KEY] = orientation not in (1, None)
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


def _bomb_error(max_pixels: int) -> ImageError:
    return ImageError(
        f"This image declares an enormous size, far more than the {max_pixels / 1e6:g} megapixels cnnviz accepts. "
        "Files like this can be 'decompression bombs' that exhaust the server's memory, so it was not opened. "
        "If it is a real picture, resize it and upload it again."
    )


_MAGIC_NAMES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)


def _describe_unreadable(data: bytes) -> str:
    """Say what a file Pillow cannot open most likely is, from its first bytes."""
    head = data[:2048]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, name in _MAGIC_NAMES:
        if head.startswith(magic):
            return (
                f"This {name} file is truncated or damaged: Pillow cannot even read its header. It was probably "
                "cut short while downloading or copying; save or download it again."
            )
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "This WebP file is truncated or damaged. Save or download it again, or export it as PNG."
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return (
                "This is a HEIC/HEIF photo (the iPhone's default format), which cnnviz cannot read. "
                "Export or share it as JPEG (on an iPhone: Settings → Camera → Formats → Most Compatible)."
            )
        if brand in (b"avif", b"avis"):
            return f"This is an AVIF picture, which cnnviz does not accept. Save it as {ACCEPTED}."
        return "This looks like a video or MP4/MOV file, not a picture. Take a still frame and save it as PNG."
    if b"<svg" in text:
        return (
            "This is an SVG file. SVG is a vector format (shapes, not pixels), which cnnviz cannot read: "
            "export it as PNG (most drawing programs and browsers can) and upload that."
        )
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return (
            "This file is not an image: it looks like a web page (HTML). The download probably saved the page "
            "instead of the picture; open the picture itself and use 'Save image as…'."
        )
    if head.startswith(b"%PDF"):
        return (
            "This file is a PDF document, not an image. Export the page as PNG or JPEG "
            "(or take a screenshot of it) and upload that."
        )
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _describe_zip(data)
    if head.startswith(b"\x89HDF\r\n\x1a\n"):
        return (
            "This is an HDF5 (.h5) file, probably a saved Keras model, not an image. Load models from the "
            "sidebar's model picker; here, upload a picture."
        )
    if head.startswith(b"\x1f\x8b"):
        return "This is a gzip-compressed file, not an image. Decompress it and upload the picture inside."
    if head.startswith(b"%!PS"):
        return f"This is a PostScript/EPS file, which cnnviz does not read. Export it as {ACCEPTED}."
    if _looks_like_text(head):
        what = "JSON text" if text.startswith((b"{", b"[")) else "plain text"
        return f"This file is not an image: it looks like {what}. Upload a picture ({ACCEPTED})."
    return (
        f"This file is not an image cnnviz can read (it accepts {ACCEPTED}). If it is a picture, open it in "
        "an image editor and save it as PNG or JPEG."
    )


def _describe_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:
        names = set()
    if {"config.json", "metadata.json"} <= names:
        return (
            "This is a Keras model file (.keras), not an image. Load models from the sidebar's model picker; "
            "here, upload a picture."
        )
    return (
        "This file is not an image: it is a zip archive (Word and other Office files are zips too). "
        "If the picture is inside, unzip it and upload the picture itself."
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 3:  # a multi-byte character cut at the end is fine
            return False
        decoded = head[: err.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in decoded)
    return bool(decoded) and printable >= 0.95 * len(decoded)


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


def _scaling_text(image: Image.Image) -> str:
    if image.mode not in _HIGH_BIT_MODES:
        return "values divided by 255 to lie in 0–1"
    offset, scale, bits = _value_range(image)
    if bits is not None:
        return f"{bits}-bit values divided by {scale:,.0f} to lie in 0–1"
    if (offset, scale) == (0.0, 1.0):
        return "its floating-point values were already in 0–1"
    return f"its values, from {offset:g} to {offset + scale:g}, stretched to 0–1"


def _mode_name(image: Image.Image) -> str:
    if image.mode in _HIGH_BIT_MODES and image.mode != "F":
        bits = _value_range(image)[2]
        return f"{bits}-bit greyscale" if bits else "integer greyscale"
    return _MODE_NAMES.get(image.mode, image.mode)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n % (1024 * 1024) else f"{n // (1024 * 1024)} MB"


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


__all__ = [
    "IMAGE_TYPES",
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "ImageError",
    "decode_image",
    "describe_conversion",
    "model_input_spec",
    "resolve_spec",
    "to_array",
    "to_model_input",
]
