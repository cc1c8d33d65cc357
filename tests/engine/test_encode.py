"""Encode tests: exact size, faithful pixels, and nothing in the file but pixels."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image, JpegImagePlugin

from bannerfit.engine.decode import decode_image
from bannerfit.engine.encode import encode_image, png_backend
from bannerfit.engine.options import EngineLimits

FORMATS = ["png", "jpeg", "webp"]
MAGIC = {"png": b"\x89PNG", "jpeg": b"\xff\xd8\xff", "webp": b"RIFF"}


def _banner(w: int, h: int, alpha: bool = False) -> np.ndarray:
    """A small banner-like picture: a gradient, a flat block and a hard-edged bar."""
    y, x = np.mgrid[0:h, 0:w]
    rgb = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), np.full_like(x, 60)], -1)
    rgb = rgb.astype(np.uint8)
    rgb[h // 4 : h // 2, w // 4 : w // 2] = (220, 30, 40)
    if not alpha:
        return rgb
    a = np.full((h, w, 1), 255, np.uint8)
    a[:, : w // 3] = 0
    a[:, w // 3 : w // 2] = 128
    return np.concatenate([rgb, a], axis=2)


def _png_chunks(data: bytes) -> list[bytes]:
    kinds, i = [], 8
    while i < len(data):
        (n,) = struct.unpack(">I", data[i : i + 4])
        kinds.append(data[i + 4 : i + 8])
        i += 12 + n
    return kinds


def _jpeg_markers(data: bytes) -> list[int]:
    markers, i = [], 2
    while i < len(data) and data[i] == 0xFF:
        m = data[i + 1]
        markers.append(m)
        if m == 0xDA:  # start of scan: entropy-coded data follows
            break
        (n,) = struct.unpack(">H", data[i + 2 : i + 4])
        i += 2 + n
    return markers


def _webp_chunks(data: bytes) -> list[bytes]:
    kinds, i = [], 12
    while i + 8 <= len(data):
        kinds.append(data[i : i + 4])
        (n,) = struct.unpack("<I", data[i + 4 : i + 8])
        i += 8 + n + (n & 1)
    return kinds


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("size", [(1, 1), (728, 90), (160, 600), (333, 217)])
def test_exact_size_and_decodes_back(fmt: str, size: tuple[int, int]) -> None:
    w, h = size
    src = _banner(w, h)
    data = encode_image(src, fmt)
    assert data.startswith(MAGIC[fmt])
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (w, h)
        assert img.format == {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}[fmt]
    out = decode_image(data, EngineLimits())[..., :3].astype(int)
    err = np.abs(out - src).mean()
    assert err == 0 if fmt == "png" else err < 6, err


@pytest.mark.parametrize("use_pyvips", [True, False])
def test_png_is_lossless_and_bare(use_pyvips: bool) -> None:
    src = _banner(200, 120, alpha=True)
    data = encode_image(src, "png", use_pyvips=use_pyvips)
    assert np.array_equal(decode_image(data, EngineLimits()), src)
    allowed = {b"IHDR", b"IDAT", b"IEND", b"sRGB", b"iCCP", b"gAMA", b"cHRM", b"pHYs", b"PLTE"}
    assert set(_png_chunks(data)) <= allowed, _png_chunks(data)
    assert not {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"} & set(_png_chunks(data))


def test_png_backends_agree_on_pixels() -> None:
    src = _banner(300, 250)
    a = decode_image(encode_image(src, "png", use_pyvips=True), EngineLimits())
    b = decode_image(encode_image(src, "png", use_pyvips=False), EngineLimits())
    assert np.array_equal(a, b)
    assert png_backend() in {"libvips", "pillow"}


def test_opaque_alpha_is_dropped_translucent_alpha_kept() -> None:
    opaque = np.dstack([_banner(64, 32), np.full((32, 64), 255, np.uint8)])
    with Image.open(io.BytesIO(encode_image(opaque, "png"))) as img:
        assert img.mode == "RGB"
    with Image.open(io.BytesIO(encode_image(_banner(64, 32, alpha=True), "webp"))) as img:
        assert img.mode == "RGBA"


def test_jpeg_is_444_without_exif_and_flattens_alpha() -> None:
    data = encode_image(_banner(120, 80, alpha=True), "jpeg")
    with Image.open(io.BytesIO(data)) as img:
        assert img.mode == "RGB"
        assert JpegImagePlugin.get_sampling(img) == 0  # 4:4:4
        assert "exif" not in img.info
    markers = _jpeg_markers(data)
    assert 0xE1 not in markers  # APP1: EXIF / XMP
    assert 0xFE not in markers  # COM
    out = decode_image(data, EngineLimits())
    # Fully transparent columns become the white background.
    assert (out[40, 5, :3] > 245).all()


def test_webp_has_no_metadata_chunks() -> None:
    data = encode_image(_banner(120, 80, alpha=True), "webp")
    assert data[8:12] == b"WEBP"
    chunks = set(_webp_chunks(data))
    assert chunks, "no chunks parsed"
    assert not {b"EXIF", b"XMP ", b"ICCP"} & chunks, chunks


def test_grayscale_input_and_jpg_alias() -> None:
    gray = np.tile(np.arange(256, dtype=np.uint8), (8, 1))
    data = encode_image(gray, "JPG")
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (256, 8) and img.format == "JPEG"


@pytest.mark.parametrize(
    ("arr", "fmt", "exc"),
    [
        (np.zeros((4, 4, 3), np.float32), "png", TypeError),
        (np.zeros((4, 4, 2), np.uint8), "png", ValueError),
        (np.zeros((0, 4, 3), np.uint8), "png", ValueError),
        (np.zeros((4, 4, 3), np.uint8), "gif", ValueError),
    ],
)
def test_rejects_bad_input(arr: np.ndarray, fmt: str, exc: type[Exception]) -> None:
    with pytest.raises(exc):
        encode_image(arr, fmt)
