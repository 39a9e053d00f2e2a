"""What a file that is not a usable picture most likely is, from its first bytes, said for the student.

Pillow only says it "cannot identify image file"; a student who saved a web page, a PDF, an SVG, a
HEIC photo or a zip with an image's name needs to hear what they actually uploaded and what to do.
"""

from __future__ import annotations

import io
import zipfile

from cnnviz.core.i18n import Phrase

_MAGIC_NAMES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)


def describe_unreadable(data: bytes, accepted: str) -> Phrase:
    """Say what a file Pillow cannot open most likely is, from its first bytes (English; `.text(lang)`)."""
    head = data[:2048]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, name in _MAGIC_NAMES:
        if head.startswith(magic):
            return Phrase("sniff.damaged", name=name)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Phrase("sniff.webp")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return Phrase("sniff.heic")
        if brand in (b"avif", b"avis"):
            return Phrase("sniff.avif", accepted=accepted)
        return Phrase("sniff.video")
    if b"<svg" in text:
        return Phrase("sniff.svg")
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in text:
        return Phrase("sniff.html")
    if head.startswith(b"%PDF"):
        return Phrase("sniff.pdf")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _describe_zip(data)
    if head.startswith(b"\x89HDF\r\n\x1a\n"):
        return Phrase("sniff.h5")
    if head.startswith(b"\x1f\x8b"):
        return Phrase("sniff.gzip")
    if head.startswith(b"%!PS"):
        return Phrase("sniff.postscript", accepted=accepted)
    if _looks_like_text(head):
        return Phrase("sniff.json" if text.startswith((b"{", b"[")) else "sniff.text", accepted=accepted)
    return Phrase("sniff.unknown", accepted=accepted)


def _describe_zip(data: bytes) -> Phrase:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except Exception:
        names = set()
    if {"config.json", "metadata.json"} <= names:
        return Phrase("sniff.keras")
    return Phrase("sniff.zip")


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
