"""What a file that is not a usable picture most likely is, from its first bytes, said for the student.

Pillow only says it "cannot identify image file"; a student who saved a web page, a PDF, an SVG, a
HEIC photo or a zip with an image's name needs to hear what they actually uploaded and what to do.
"""

from __future__ import annotations

import io
import zipfile

_MAGIC_NAMES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)


def describe_unreadable(data: bytes, accepted: str) -> str:
    """Say what a file Pillow cannot open most likely is, from its first bytes."""
    head = data[:2048]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, name in _MAGIC_NAMES:
        if head.startswith(magic):
            return (
                f"This {name} file is truncated or damaged: Pillow cannot even read its header. "
                "It was probably cut short while downloading or copying; save or download it again."
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
            return f"This is an AVIF picture, which cnnviz does not accept. Save it as {accepted}."
        return ("This looks like a video or MP4/MOV file, not a picture. "
                "Take a still frame and save it as PNG.")
    if b"<svg" in text:
        return (
            "This is an SVG file. SVG is a vector format (shapes, not pixels), which cnnviz cannot read: "
            "export it as PNG (most drawing programs and browsers can) and upload that."
        )
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return (
            "This file is not an image: it looks like a web page (HTML). The download probably saved "
            "the page instead of the picture; open the picture itself and use 'Save image as…'."
        )
    if head.startswith(b"%PDF"):
        return (
            "This file is a PDF document, not an image. Export the page as PNG or JPEG "
            "(or take a screenshot of it) and upload that."
        )
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _describe_zip(data, accepted)
    if head.startswith(b"\x89HDF\r\n\x1a\n"):
        return (
            "This is an HDF5 (.h5) file, probably a saved Keras model, not an image. Load models from the "
            "sidebar's model picker; here, upload a picture."
        )
    if head.startswith(b"\x1f\x8b"):
        return "This is a gzip-compressed file, not an image. Decompress it and upload the picture inside."
    if head.startswith(b"%!PS"):
        return f"This is a PostScript/EPS file, which cnnviz does not read. Export it as {accepted}."
    if _looks_like_text(head):
        what = "JSON text" if text.startswith((b"{", b"[")) else "plain text"
        return f"This file is not an image: it looks like {what}. Upload a picture ({accepted})."
    return (
        f"This file is not an image cnnviz can read (it accepts {accepted}). If it is a picture, open it in "
        "an image editor and save it as PNG or JPEG."
    )


def _describe_zip(data: bytes, accepted: str) -> str:
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
