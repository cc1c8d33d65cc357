"""Recognise image formats by their magic bytes, never by URL or Content-Type.

A URL ending in ``.png`` or a ``Content-Type: image/png`` header says nothing about the
bytes; the decoder only ever sees files whose first bytes are PNG, JPEG, WebP or GIF.
Other well-known formats are named so the error tells the user what they sent.
"""

from __future__ import annotations

ACCEPTED_FORMATS = ("png", "jpeg", "webp", "gif")

#: Bytes needed to decide (the WebP signature ends at offset 12).
SNIFF_BYTES = 16

_NAMES = {
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WebP",
    "gif": "GIF",
    "tiff": "TIFF",
    "bmp": "BMP",
    "pdf": "PDF",
    "svg": "SVG",
    "html": "HTML",
    "heic": "HEIC/HEIF",
    "avif": "AVIF",
    "ico": "ICO",
    "psd": "Photoshop (PSD)",
    "jxl": "JPEG XL",
    "jp2": "JPEG 2000",
    "zip": "ZIP",
    "gzip": "gzip",
}


def sniff_format(head: bytes) -> str | None:
    """Return the format tag of ``head`` (the first bytes of a file), or None if unknown."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    return _sniff_other(head)


def _sniff_other(head: bytes) -> str | None:
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head.startswith(b"BM"):
        return "bmp"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"8BPS"):
        return "psd"
    if head.startswith(b"\x00\x00\x01\x00"):
        return "ico"
    if head.startswith(b"\xff\x0a") or head.startswith(b"\x00\x00\x00\x0cJXL "):
        return "jxl"
    if head.startswith(b"\x00\x00\x00\x0cjP  ") or head.startswith(b"\xff\x4f\xff\x51"):
        return "jp2"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"heim", b"heis"):
            return "heic"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<svg", b"<?xml")):
        return "svg"
    if text.startswith((b"<!doctype", b"<html", b"<head", b"<body")):
        return "html"
    return None


def format_name(tag: str) -> str:
    """Human name of a format tag, for error messages."""
    return _NAMES.get(tag, tag.upper())


def require_accepted(data: bytes) -> str:
    """Return the accepted format of ``data`` or raise FetchError naming what it is."""
    from bannerfit.fetch.errors import FetchError

    if not data:
        raise FetchError(
            "The image is empty (0 bytes); send a PNG, JPEG, WebP or GIF image.",
            "empty_image",
        )
    tag = sniff_format(data[:SNIFF_BYTES])
    if tag in ACCEPTED_FORMATS:
        return tag
    if tag is None:
        raise FetchError(
            "The data is not a recognised image; send a PNG, JPEG, WebP or GIF image.",
            "unsupported_format",
        )
    name = format_name(tag)
    article = "an" if name[0] in "AEFHILMNORSX" else "a"  # as the letter is read aloud
    raise FetchError(
        f"The image is {article} {name} file; only PNG, JPEG, WebP and GIF images are accepted.",
        "unsupported_format",
    )
