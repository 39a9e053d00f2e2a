"""Generate the image corpus for tests/test_images.py: good pictures in every format and mode, and bad uploads.

Nothing binary is checked in: every file is written here, in well under a second.

    python tests/make_image_corpus.py OUTDIR     # writes the files and prints what each should do

Each `CorpusCase` records its expected outcome. Good cases give the decoded size (width, height, EXIF applied),
the Pillow mode, and `Probe`s: colours the converted array must have at points inside large flat regions, so
bilinear resizing to any model size cannot blur them. Bad cases give words the `ImageError` message must
contain and, where the message comes from `cnnviz.core.i18n`, its exact key. `mutants` turns the good cases into damaged
uploads for the fuzz test (tests/test_images.py) and the longer run (benchmarks/fuzz_uploads.py).
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so `python tests/make_image_corpus.py OUTDIR` finds cnnviz
    sys.path.insert(0, str(ROOT))

from cnnviz.uploads.images import MAX_UPLOAD_BYTES  # noqa: E402

WHITE, BLACK = (1.0, 1.0, 1.0), (0.0, 0.0, 0.0)
RED, GREEN, BLUE = (1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)


@dataclass(frozen=True)
class Probe:
    """The converted picture at (x, y), given as fractions of its width and height, is `rgb` (0–1) ± `tol`."""

    x: float
    y: float
    rgb: tuple[float, float, float]
    tol: float = 0.03

    def grey(self) -> float:
        """The value a 1-channel model sees: ITU-R 601 luma, as Pillow's "L"."""
        r, g, b = self.rgb
        return 0.299 * r + 0.587 * g + 0.114 * b


@dataclass(frozen=True)
class CorpusCase:
    name: str
    path: Path
    size: tuple[int, int] | None = None  # good: (width, height) after decoding
    mode: str | None = None  # good: Pillow mode after decoding
    probes: tuple[Probe, ...] = ()
    error_words: tuple[str, ...] = ()  # bad: words the ImageError message contains
    error_key: str | None = None  # bad: the i18n key of the message, when it has one
    frames_note: bool = False  # good: the description says only the first frame is used

    @property
    def good(self) -> bool:
        return not self.error_words


def _halves(left: tuple[float, float, float], right: tuple[float, float, float], tol: float = 0.03) -> tuple:
    return (Probe(0.2, 0.5, left, tol), Probe(0.8, 0.5, right, tol))


def _save(folder: Path, name: str, image: Image.Image, fmt: str, **params) -> Path:
    path = folder / name
    image.save(path, fmt, **params)
    return path


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _split(mode: str, size: tuple[int, int], left, right) -> Image.Image:
    """An image whose left half is `left` and right half `right` (pixel values in the mode's own units)."""
    image = Image.new(mode, size, left)
    image.paste(right, (size[0] // 2, 0, size[0], size[1]))
    return image


def _png_header_only(width: int, height: int) -> bytes:
    """A 1-bit PNG whose header claims width×height but whose pixel data stops after a few rows."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * ((width + 7) // 8 + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _tiff_12bit(values: np.ndarray) -> bytes:
    """An uncompressed 12-bit greyscale TIFF (Pillow cannot write one); width × 12 must be a multiple of 8."""
    height, width = values.shape
    bits = "".join(format(int(v), "012b") for v in values.ravel())
    pixels = int(bits, 2).to_bytes(len(bits) // 8, "big")
    offset = 8 + 2 + 9 * 12 + 4  # header, entry count, 9 entries, next-IFD pointer; pixels follow
    entries = [  # (tag, type: 3 SHORT / 4 LONG, value)
        (256, 3, width), (257, 3, height), (258, 3, 12), (259, 3, 1), (262, 3, 1),
        (273, 4, offset), (277, 3, 1), (278, 3, height), (279, 4, len(pixels)),
    ]  # fmt: skip
    ifd = struct.pack("<H", len(entries))
    for tag, kind, value in entries:  # a value fills the entry's 4 bytes: SHORT + 2 padding bytes, or LONG
        ifd += struct.pack("<HHIHH" if kind == 3 else "<HHII", tag, kind, 1, value, *((0,) if kind == 3 else ()))
    return b"II*\x00" + struct.pack("<I", 8) + ifd + struct.pack("<I", 0) + pixels


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png_with_chunk(chunk: bytes, *, after_idat: bool = False) -> bytes:
    """A valid 8×8 red PNG with `chunk` inserted right after IHDR, or right before IEND."""
    data = _png_bytes(Image.new("RGB", (8, 8), (255, 0, 0)))
    at = data.rindex(b"IEND") - 4 if after_idat else 8 + 25  # signature + IHDR (length, type, 13 bytes, CRC)
    return data[:at] + chunk + data[at:]


def _deflated_zeros(n: int) -> bytes:
    """zlib data that inflates to `n` zero bytes: a few kilobytes on disk."""
    return zlib.compress(b"\x00" * n, 9)


def _png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def _jpeg_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=95)
    return buf.getvalue()


# --- good cases ----------------------------------------------------------------------------------------------


def png_rgba(folder: Path) -> CorpusCase:
    # thirds: fully transparent black, opaque red, black at 50% opacity (→ mid grey on white)
    image = Image.new("RGBA", (60, 30), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (20, 0, 40, 30))
    image.paste((0, 0, 0, 128), (40, 0, 60, 30))
    half = 1 - 128 / 255
    probes = (Probe(0.1, 0.5, WHITE), Probe(0.5, 0.5, RED), Probe(0.9, 0.5, (half, half, half)))
    return CorpusCase("png_rgba", _save(folder, "rgba.png", image, "PNG"), (60, 30), "RGBA", probes)


def png_palette_transparent(folder: Path) -> CorpusCase:
    image = _split("P", (40, 20), 0, 1)
    image.putpalette([0, 0, 0, 0, 0, 255] + [0] * (254 * 3))
    path = _save(folder, "palette.png", image, "PNG", transparency=0)  # index 0 (black) is see-through
    return CorpusCase("png_palette_transparent", path, (40, 20), "P", _halves(WHITE, BLUE))


def png_rgb_colour_key(folder: Path) -> CorpusCase:
    image = _split("RGB", (40, 20), (0, 255, 0), (255, 0, 0))
    path = _save(folder, "colour_key.png", image, "PNG", transparency=(0, 255, 0))  # tRNS: green is see-through
    return CorpusCase("png_rgb_colour_key", path, (40, 20), "RGB", _halves(WHITE, RED))


def png_1bit(folder: Path) -> CorpusCase:
    path = _save(folder, "bilevel.png", _split("1", (40, 20), 0, 1), "PNG")
    return CorpusCase("png_1bit", path, (40, 20), "1", _halves(BLACK, WHITE))


def png_grey_alpha(folder: Path) -> CorpusCase:
    path = _save(folder, "grey_alpha.png", _split("LA", (40, 20), (0, 0), (51, 255)), "PNG")
    return CorpusCase("png_grey_alpha", path, (40, 20), "LA", _halves(WHITE, (0.2, 0.2, 0.2)))


def png_16bit_grey(folder: Path) -> CorpusCase:
    # 1000 is bright if clipped at 255, 32768 is mid-grey only if divided by 65,535
    values = np.full((20, 60), 1000, np.uint16)
    values[:, 20:40] = 32768
    values[:, 40:] = 65535
    path = _save(folder, "grey16.png", Image.fromarray(values), "PNG")
    probes = (
        Probe(0.1, 0.5, (1000 / 65535,) * 3, 0.005),
        Probe(0.5, 0.5, (32768 / 65535,) * 3, 0.005),
        Probe(0.9, 0.5, WHITE, 0.005),
    )
    return CorpusCase("png_16bit_grey", path, (60, 20), "I;16", probes)


def jpeg_exif_rotated(folder: Path) -> CorpusCase:
    # stored 40 wide × 20 high, top red, bottom blue; orientation 6 = "rotate 90° clockwise to view",
    # so the viewer sees 20 × 40 with red on the right (orientation 8 would put it on the left)
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 40, 10))
    exif = Image.Exif()
    exif[0x0112] = 6
    path = _save(folder, "rotated.jpg", image, "JPEG", exif=exif, quality=95)
    return CorpusCase("jpeg_exif_rotated", path, (20, 40), "RGB", _halves(BLUE, RED, 0.08))


def jpeg_exif_orientation_invalid(folder: Path) -> CorpusCase:
    # orientation 99 is not one of EXIF's 1–8: the picture stays as stored and nothing says "turned upright"
    image = _split("RGB", (40, 20), (255, 0, 0), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 99
    path = _save(folder, "orientation99.jpg", image, "JPEG", exif=exif, quality=95)
    return CorpusCase("jpeg_exif_orientation_invalid", path, (40, 20), "RGB", _halves(RED, BLUE, 0.08))


def jpeg_cmyk(folder: Path) -> CorpusCase:
    image = _split("CMYK", (40, 20), (0, 255, 255, 0), (0, 0, 0, 255))  # red | black
    path = _save(folder, "cmyk.jpg", image, "JPEG", quality=95)
    return CorpusCase("jpeg_cmyk", path, (40, 20), "CMYK", _halves(RED, BLACK, 0.08))


def jpeg_grey(folder: Path) -> CorpusCase:
    path = _save(folder, "grey.jpg", _split("L", (40, 20), 0, 255), "JPEG", quality=95)
    return CorpusCase("jpeg_grey", path, (40, 20), "L", _halves(BLACK, WHITE, 0.05))


def bmp_rgb(folder: Path) -> CorpusCase:
    path = _save(folder, "picture.bmp", _split("RGB", (40, 20), (0, 255, 0), (0, 0, 255)), "BMP")
    return CorpusCase("bmp_rgb", path, (40, 20), "RGB", _halves(GREEN, BLUE))


def webp_rgba(folder: Path) -> CorpusCase:
    image = _split("RGBA", (40, 20), (0, 0, 0, 0), (0, 255, 0, 255))
    path = _save(folder, "picture.webp", image, "WEBP", lossless=True)
    return CorpusCase("webp_rgba", path, (40, 20), "RGBA", _halves(WHITE, GREEN))


def gif_animated(folder: Path) -> CorpusCase:
    first, second = Image.new("RGB", (30, 20), (255, 0, 0)), Image.new("RGB", (30, 20), (0, 0, 255))
    path = _save(folder, "animated.gif", first, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    return CorpusCase("gif_animated", path, (30, 20), "P", _halves(RED, RED), frames_note=True)


def apng_claims_billions_of_frames(folder: Path) -> CorpusCase:
    # acTL says 2³¹ − 1 frames (the most Pillow believes); the file holds one picture: nothing may count them
    data = _png_with_chunk(_chunk(b"acTL", struct.pack(">II", 2**31 - 1, 0)))
    path = _write(folder, "apng_claims.png", data)
    return CorpusCase("apng_claims_billions_of_frames", path, (8, 8), "RGB", _halves(RED, RED),
                      frames_note=True)


def tiff_rgb(folder: Path) -> CorpusCase:
    image = _split("RGB", (40, 20), (255, 0, 0), (0, 255, 0))
    path = _save(folder, "picture.tiff", image, "TIFF", compression="tiff_lzw")
    return CorpusCase("tiff_rgb", path, (40, 20), "RGB", _halves(RED, GREEN))


def tiff_float(folder: Path) -> CorpusCase:
    values = np.full((20, 40), 0.25, np.float32)
    values[:, 20:] = 0.75
    path = _save(folder, "float.tif", Image.fromarray(values), "TIFF")
    return CorpusCase("tiff_float", path, (40, 20), "F", _halves((0.25,) * 3, (0.75,) * 3, 0.005))


def tiff_int32(folder: Path) -> CorpusCase:
    values = np.full((20, 40), 2**29, np.int32)  # a quarter of the signed 32-bit range
    values[:, 20:] = 2**31 - 1
    path = _save(folder, "int32.tif", Image.fromarray(values), "TIFF")
    return CorpusCase("tiff_int32", path, (40, 20), "I", _halves((0.25,) * 3, WHITE, 0.005))


def tiff_12bit_grey(folder: Path) -> CorpusCase:
    # 2048 is mid-grey only if divided by 4,095 (BitsPerSample), not 65,535 or 255
    values = np.full((20, 40), 2048, np.uint16)
    values[:, 20:] = 4095
    path = _write(folder, "grey12.tif", _tiff_12bit(values))
    return CorpusCase("tiff_12bit_grey", path, (40, 20), "I;16", _halves((2048 / 4095,) * 3, WHITE, 0.005))


def tiff_lab(folder: Path) -> CorpusCase:
    rgb = _split("RGB", (40, 20), (255, 0, 0), (0, 0, 255))
    to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB")
    path = _save(folder, "lab.tif", ImageCms.applyTransform(rgb, to_lab), "TIFF")
    return CorpusCase("tiff_lab", path, (40, 20), "LAB", _halves(RED, BLUE, 0.1))


def png_1x1(folder: Path) -> CorpusCase:
    path = _save(folder, "dot.png", Image.new("RGB", (1, 1), (255, 255, 0)), "PNG")
    return CorpusCase("png_1x1", path, (1, 1), "RGB", (Probe(0.5, 0.5, (1.0, 1.0, 0.0)),))


def png_3000x2000(folder: Path) -> CorpusCase:
    image = _split("RGB", (3000, 2000), (0, 0, 0), (255, 255, 255))
    path = _save(folder, "large.png", image, "PNG", compress_level=1)
    return CorpusCase("png_3000x2000", path, (3000, 2000), "RGB", _halves(BLACK, WHITE))


# --- bad cases -----------------------------------------------------------------------------------------------


def empty(folder: Path) -> CorpusCase:
    path = _write(folder, "empty.png", b"")
    return CorpusCase("empty", path, error_words=("empty", "0 bytes"), error_key="img.empty")


def truncated_png(folder: Path) -> CorpusCase:
    noise = Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8))
    data = _png_bytes(noise)
    path = _write(folder, "half.png", data[: len(data) // 2])
    return CorpusCase("truncated_png", path, error_words=("PNG", "truncated"), error_key="img.truncated")


def truncated_png_header(folder: Path) -> CorpusCase:
    data = _png_bytes(Image.new("RGB", (8, 8)))
    return CorpusCase(
        "truncated_png_header", _write(folder, "stub.png", data[:20]), error_words=("PNG", "truncated")
    )


def truncated_jpeg(folder: Path) -> CorpusCase:
    noise = Image.fromarray(np.random.default_rng(1).integers(0, 256, (64, 64, 3), dtype=np.uint8))
    data = _jpeg_bytes(noise)
    path = _write(folder, "half.jpg", data[: len(data) // 2])
    return CorpusCase("truncated_jpeg", path, error_words=("JPEG", "truncated"), error_key="img.truncated")


def html_as_png(folder: Path) -> CorpusCase:
    page = b"<!DOCTYPE html>\n<html><head><title>cat.png</title></head><body><img src='cat.png'></body></html>\n"
    return CorpusCase("html_as_png", _write(folder, "page.png", page), error_words=("HTML", "web page"))


def random_as_jpg(folder: Path) -> CorpusCase:
    data = np.random.default_rng(2).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    if data[:3] == b"\xff\xd8\xff":  # cannot happen with this seed; keep the case honest anyway
        data = b"\x00" + data
    return CorpusCase("random_as_jpg", _write(folder, "noise.jpg", data), error_words=("not an image", "PNG"))


def text_as_png(folder: Path) -> CorpusCase:
    data = "These are my notes about convolution — not a picture.\n".encode() * 5
    return CorpusCase("text_as_png", _write(folder, "notes.png", data), error_words=("plain text",))


def svg(folder: Path) -> CorpusCase:
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><circle cx="14" cy="14" r="9"/></svg>\n'
    )
    return CorpusCase("svg", _write(folder, "drawing.png", data), error_words=("SVG", "vector", "PNG"))


def pdf(folder: Path) -> CorpusCase:
    data = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return CorpusCase("pdf", _write(folder, "scan.jpg", data), error_words=("PDF",))


def zip_as_png(folder: Path) -> CorpusCase:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("photo.png", _png_bytes(Image.new("RGB", (4, 4))))
    return CorpusCase("zip_as_png", _write(folder, "archive.png", buf.getvalue()), error_words=("zip",))


def keras_model_as_png(folder: Path) -> CorpusCase:
    buf = io.BytesIO()  # the layout of a Keras 3 `.keras` file, without the cost of saving a real model
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("metadata.json", '{"keras_version": "3.15.1"}')
        archive.writestr("config.json", '{"class_name": "Sequential"}')
        archive.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n")
    return CorpusCase("keras_model_as_png", _write(folder, "model.png", buf.getvalue()), error_words=("Keras model",))


def heic_as_jpg(folder: Path) -> CorpusCase:
    data = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    return CorpusCase("heic_as_jpg", _write(folder, "iphone.jpg", data), error_words=("HEIC", "JPEG"))


def bomb_over_our_cap(folder: Path) -> CorpusCase:
    # 48 MP: under Pillow's own limit, over ours. Only the header is complete, so a file that got as far
    # as decoding would fail as "truncated": seeing "megapixels" proves the cap is checked first.
    path = _write(folder, "big_header.png", _png_header_only(8000, 6000))
    words = ("8000×6000 = 48,000,000 pixels", "40,000,000 pixels", "40 megapixels")
    return CorpusCase("bomb_over_our_cap", path, error_words=words, error_key="img.too_many_pixels")


def bomb_pillow_warning(folder: Path) -> CorpusCase:
    # 100 MP: above Image.MAX_IMAGE_PIXELS, where Pillow would only *warn*; our cap refuses it from the header
    path = _write(folder, "bomb100.png", _png_header_only(10_000, 10_000))
    words = ("10000×10000 = 100,000,000 pixels", "40 megapixels")
    return CorpusCase("bomb_pillow_warning", path, error_words=words, error_key="img.too_many_pixels")


def bomb_pillow_error(folder: Path) -> CorpusCase:
    path = _write(folder, "bomb900.png", _png_header_only(30_000, 30_000))
    words = ("30000×30000 = 900,000,000 pixels", "40 megapixels")
    return CorpusCase("bomb_pillow_error", path, error_words=words, error_key="img.too_many_pixels")


def gif_first_frame_bomb(folder: Path) -> CorpusCase:
    # a 1×1 GIF whose first frame is 10000×10000: Pillow grows the canvas to 100 MP (and would warn) while
    # opening it, so cnnviz must read the frame's size itself first
    header = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    comment = b"\x21\xfe\x05hello\x00"
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 10_000, 10_000, 0) + b"\x02\x02\x4c\x01\x00"
    path = _write(folder, "frame_bomb.gif", header + comment + frame + b"\x3b")
    words = ("10000×10000 = 100,000,000 pixels", "40 megapixels")
    return CorpusCase("gif_first_frame_bomb", path, error_words=words, error_key="img.too_many_pixels")


def png_huge_colour_profile(folder: Path) -> CorpusCase:
    # an iCCP chunk of a few kB that inflates to 2 MB, over Pillow's MAX_TEXT_CHUNK: refused while opening
    body = b"icc\x00\x00" + _deflated_zeros(2 * 1024 * 1024)
    path = _write(folder, "huge_icc.png", _png_with_chunk(_chunk(b"iCCP", body)))
    words = ("colour profile", "metadata")
    return CorpusCase("png_huge_colour_profile", path, error_words=words, error_key="img.metadata_too_large")


def png_huge_text_after_pixels(folder: Path) -> CorpusCase:
    # the same inside a zTXt chunk after the pixels: refused while loading, and not called "truncated"
    body = b"Comment\x00\x00" + _deflated_zeros(2 * 1024 * 1024)
    path = _write(folder, "huge_text.png", _png_with_chunk(_chunk(b"zTXt", body), after_idat=True))
    words = ("text chunks", "metadata")
    key = "img.metadata_too_large"
    return CorpusCase("png_huge_text_after_pixels", path, error_words=words, error_key=key)


def oversized(folder: Path) -> CorpusCase:
    # a valid PNG padded one byte past the cap: without the size check it would decode fine. Rounded to
    # 0.1 MB it would read "20.0 MB", so the message gives bytes
    data = _png_bytes(Image.new("RGB", (8, 8), (255, 0, 0)))
    data += b"\x00" * (MAX_UPLOAD_BYTES + 1 - len(data))
    words = ("20,971,521 bytes", "20,971,520 bytes")
    path = _write(folder, "huge.png", data)
    return CorpusCase("oversized", path, error_words=words, error_key="img.too_big_bytes")


GOOD: dict[str, Callable[[Path], CorpusCase]] = {
    f.__name__: f
    for f in (
        png_rgba,
        png_palette_transparent,
        png_rgb_colour_key,
        png_1bit,
        png_grey_alpha,
        png_16bit_grey,
        jpeg_exif_rotated,
        jpeg_exif_orientation_invalid,
        jpeg_cmyk,
        jpeg_grey,
        bmp_rgb,
        webp_rgba,
        gif_animated,
        apng_claims_billions_of_frames,
        tiff_rgb,
        tiff_float,
        tiff_int32,
        tiff_12bit_grey,
        tiff_lab,
        png_1x1,
        png_3000x2000,
    )
}
BAD: dict[str, Callable[[Path], CorpusCase]] = {
    f.__name__: f
    for f in (
        empty,
        truncated_png,
        truncated_png_header,
        truncated_jpeg,
        html_as_png,
        random_as_jpg,
        text_as_png,
        svg,
        pdf,
        zip_as_png,
        keras_model_as_png,
        heic_as_jpg,
        bomb_over_our_cap,
        bomb_pillow_warning,
        bomb_pillow_error,
        gif_first_frame_bomb,
        png_huge_colour_profile,
        png_huge_text_after_pixels,
        oversized,
    )
}


def make_case(folder: Path | str, name: str) -> CorpusCase:
    """Write one case's file into `folder` and return what it should do."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return {**GOOD, **BAD}[name](folder)


def make_corpus(folder: Path | str) -> dict[str, CorpusCase]:
    """Write every case's file into `folder`; name → case."""
    return {name: make_case(folder, name) for name in (*GOOD, *BAD)}


MUTATION_SEEDS = ("png_rgba", "png_palette_transparent", "png_16bit_grey", "jpeg_exif_rotated", "jpeg_cmyk",
                  "bmp_rgb", "webp_rgba", "gif_animated", "tiff_rgb", "tiff_12bit_grey", "tiff_lab")


def mutants(folder: Path | str, count: int, seed: int = 0) -> Iterator[bytes]:
    """`count` damaged uploads made from the small good cases, reproducibly for a given `seed`
    (mutated by `fuzzing.mutate`, the one mutator of the fuzz runs)."""
    import random

    from fuzzing import mutate

    rng = random.Random(seed)
    seeds = [make_case(folder, name).path.read_bytes() for name in MUTATION_SEEDS]
    for i in range(count):
        yield mutate(seeds[i % len(seeds)], rng)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/make_image_corpus.py OUTDIR", file=sys.stderr)
        return 2
    for case in make_corpus(argv[0]).values():
        expected = (
            f"{case.size[0]}×{case.size[1]} {case.mode}" if case.good else "refused: " + ", ".join(case.error_words)
        )
        print(f"{case.name:30} {case.path.name:18} {case.path.stat().st_size:>10,} B  {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
