"""Hostile and awkward image files, built in memory (nothing downloaded, nothing stored).

Each builder returns the bytes of one case of the battery: decompression bombs whose
headers promise billions of pixels, truncated and corrupt files, edge sizes, exotic
but legitimate encodings (16-bit, CMYK, EXIF rotation, palette transparency,
animation), and formats outside PNG/JPEG/WebP/GIF.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def _save(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def banner(width: int = 240, height: int = 120, mode: str = "RGB") -> Image.Image:
    """A small banner-like picture with structure (stripes, a block) in ``mode``."""
    img = Image.new("RGB", (width, height), (30, 90, 200))
    for x in range(0, width, 12):
        img.paste((240, 200, 40), (x, 0, x + 5, height // 3))
    img.paste((255, 255, 255), (width // 5, height // 2, width // 2, height * 4 // 5))
    return img.convert(mode)


# ---- decompression bombs -------------------------------------------------------------


def png_header_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG whose IHDR claims 10^10 pixels, followed by a little valid zlib data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 4096)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def png_real_bomb(side: int = 6000) -> bytes:
    """A complete, valid 1-bit PNG of side x side pixels: tiny file, huge once decoded."""
    row = b"\0" + b"\0" * ((side + 7) // 8)
    raw = zlib.compress(row * side, 9)
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", raw) + _chunk(b"IEND", b"")
    )


def gif_bomb() -> bytes:
    """A GIF whose screen and single frame are 65535 x 65535."""
    header = b"GIF89a" + struct.pack("<HHBBB", 0xFFFF, 0xFFFF, 0x80, 0, 0)
    palette = b"\0\0\0\xff\xff\xff"
    frame = b"\x2c" + struct.pack("<HHHHB", 0, 0, 0xFFFF, 0xFFFF, 0)
    lzw = b"\x02\x02\x4c\x01\x00"  # min code size 2; clear, a pixel, end
    return header + palette + frame + lzw + b"\x3b"


def webp_bomb() -> bytes:
    """A lossless WebP whose header claims 16384 x 16384 pixels (the format's maximum)."""
    w = h = 16384
    bits = (w - 1) | ((h - 1) << 14) | (1 << 28)  # alpha hint, version 0
    payload = b"\x2f" + struct.pack("<I", bits) + b"\0" * 32
    chunk = b"VP8L" + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


# ---- broken files ----------------------------------------------------------------------


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(1, int(len(data) * keep))]


def corrupt_png() -> bytes:
    """A PNG whose image data bytes were overwritten (CRC no longer matches)."""
    data = bytearray(_save(banner(), "PNG"))
    start = data.index(b"IDAT") + 8
    data[start : start + 64] = b"\xa5" * 64
    return bytes(data)


def corrupt_jpeg() -> bytes:
    """A JPEG whose entropy-coded data is replaced by garbage after the header."""
    data = bytearray(_save(banner(), "JPEG", quality=90))
    sos = data.index(b"\xff\xda")
    for i in range(sos + 20, len(data) - 2):
        data[i] = 0xFF if i % 7 == 0 else (i * 31) & 0xFF
    return bytes(data)


def magic_only(fmt: str) -> bytes:
    return {
        "png": b"\x89PNG\r\n\x1a\n",
        "jpeg": b"\xff\xd8\xff\xe0",
        "gif": b"GIF89a",
        "webp": b"RIFF\x10\0\0\0WEBPVP8 ",
    }[fmt]


# ---- edge cases that must work ---------------------------------------------------------


def one_pixel(fmt: str = "PNG") -> bytes:
    return _save(Image.new("RGB", (1, 1), (200, 10, 10)), fmt)


def png_16bit() -> bytes:
    return _save(banner(mode="L").convert("I;16"), "PNG")


def png_16bit_rgb() -> bytes:
    """16 bits per channel RGB, written by hand (Pillow cannot save RGB48)."""
    width, height = 64, 32
    rows = b"".join(
        b"\0" + b"".join(struct.pack(">HHH", x * 1000, y * 2000, 40000) for x in range(width))
        for y in range(height)
    )
    ihdr = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def cmyk_jpeg() -> bytes:
    return _save(banner(mode="CMYK"), "JPEG", quality=90)


def exif_rotated_jpeg() -> bytes:
    """A 240x120 JPEG with EXIF orientation 6 (displayed as 120x240)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return _save(banner(), "JPEG", quality=90, exif=exif.tobytes())


def palette_transparent_png() -> bytes:
    img = banner().convert("P", palette=Image.Palette.ADAPTIVE, colors=8)
    return _save(img, "PNG", transparency=0)


def grayscale_alpha_png() -> bytes:
    return _save(banner(mode="LA"), "PNG")


def animated_gif() -> bytes:
    frames = [banner(), banner().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def animated_webp() -> bytes:
    frames = [banner(), banner().transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    return _save(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)


def tiny_extreme_aspect() -> bytes:
    return _save(banner(2000, 2), "PNG")


# ---- formats that are refused ------------------------------------------------------------


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="250"><rect width="300" height="250" fill="red"/></svg>'


def svg_with_xml_prolog() -> bytes:
    return b'<?xml version="1.0"?>\n' + svg()


def tiff() -> bytes:
    return _save(banner(), "TIFF")


def bmp() -> bytes:
    return _save(banner(), "BMP")


def heic_like() -> bytes:
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def text_file() -> bytes:
    return b"Hello, this is a text file that someone renamed to banner.png\n"


def html_page() -> bytes:
    return b"<!DOCTYPE html><html><body><img src='banner.png'></body></html>"
