"""Read an uploaded picture safely: Pillow behind our own caps, with a message for every refusal.

`decode_image` reads the bytes of an upload with Pillow and refuses, with an `ImageError` a student
can act on, anything that is not a usable picture: empty, too big, truncated, a web page or PDF saved
with an image extension, an SVG, a decompression bomb. Our pixel cap is applied to the header's size
before any pixel is decoded (Pillow's own bomb check is never reached, so no process-wide warning
filter is needed), EXIF orientation is applied, and only the first frame of an animation is read.
Turning the decoded picture into a model's input is `cnnviz.images`.
"""

from __future__ import annotations

import io
import struct

from PIL import Image, ImageOps

from cnnviz.core.errors import ImageError
from cnnviz.uploads import sniff

HIGH_BIT_MODES = {"I", "F", "I;16", "I;16L", "I;16B", "I;16N", "I;16S"}
FORMAT_NAMES = {"WEBP": "WebP", "MPO": "JPEG"}

IMAGE_TYPES = ["png", "jpg", "jpeg", "bmp", "webp", "gif", "tif", "tiff"]
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000


PILLOW_FORMATS = ("PNG", "JPEG", "BMP", "WEBP", "GIF", "TIFF")
ACCEPTED = "PNG, JPEG, BMP, WebP, GIF or TIFF"

# Keys this module adds to ``image.info`` so `to_array` and `describe_conversion`
# still know about the file after the image has been copied out of it.
BITS_KEY = "cnnviz.bits"
ANIMATED_KEY = "cnnviz.animated"  # True for an animation or a multi-page file
ROTATED_KEY = "cnnviz.exif_rotated"


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
            name = FORMAT_NAMES.get(kind, kind)
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
    if image.mode not in HIGH_BIT_MODES or image.mode == "F":
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


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n % (1024 * 1024) else f"{n // (1024 * 1024)} MB"


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__
