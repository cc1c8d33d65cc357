"""Decode tests on real files produced here: every input kind the engine promises to take.

Files are written with Pillow (or by hand where Pillow cannot write the variant, such as
16-bit RGBA PNG, a hand-made ICC profile or a lying PNG header), then decoded through the
engine, so each test exercises the real container parsing, not a mocked one.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from bannerfit.engine.decode import decode_image, sniff_format
from bannerfit.engine.errors import (
    EngineError,
    ImageTooLarge,
    UndecodableImage,
    UnsupportedFormat,
)
from bannerfit.engine.options import EngineLimits

LIMITS = EngineLimits()


def _save(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)
    )


def _png_raw(width: int, height: int, bit_depth: int, color_type: int, rows: bytes) -> bytes:
    """A PNG written by hand: lets a test declare what Pillow would refuse to write."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def _gradient_rgb(w: int = 64, h: int = 48) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 255 // (w - 1), y * 255 // (h - 1), np.full_like(x, 90)], axis=-1).astype(
        np.uint8
    )


# --- plain formats --------------------------------------------------------------------


def test_png_rgba_roundtrip_is_exact() -> None:
    rgba = np.dstack([_gradient_rgb(), np.tile(np.arange(64, dtype=np.uint8) * 4, (48, 1))])
    out = decode_image(_save(Image.fromarray(rgba, "RGBA"), "PNG"), LIMITS)
    assert out.dtype == np.uint8 and out.shape == (48, 64, 4) and out.flags.c_contiguous
    assert np.array_equal(out, rgba)


def test_jpeg_rgb_gets_opaque_alpha() -> None:
    rgb = _gradient_rgb()
    out = decode_image(_save(Image.fromarray(rgb), "JPEG", quality=95), LIMITS)
    assert out.shape == (48, 64, 4)
    assert (out[..., 3] == 255).all()
    assert np.abs(out[..., :3].astype(int) - rgb).mean() < 3


def test_webp_lossless_with_alpha() -> None:
    rgba = np.dstack([_gradient_rgb(), np.full((48, 64), 77, np.uint8)])
    out = decode_image(_save(Image.fromarray(rgba, "RGBA"), "WEBP", lossless=True), LIMITS)
    assert np.array_equal(out, rgba)


def test_grayscale_and_gray_alpha_png() -> None:
    gray = np.tile(np.arange(0, 256, 4, dtype=np.uint8), (10, 1))
    out = decode_image(_save(Image.fromarray(gray, "L"), "PNG"), LIMITS)
    assert np.array_equal(out[..., 0], gray) and np.array_equal(out[..., 2], gray)
    assert (out[..., 3] == 255).all()

    la = Image.merge("LA", [Image.fromarray(gray), Image.fromarray(255 - gray)])
    out = decode_image(_save(la, "PNG"), LIMITS)
    assert np.array_equal(out[..., 1], gray) and np.array_equal(out[..., 3], 255 - gray)


def test_bilevel_png() -> None:
    img = Image.new("1", (9, 5), 0)
    img.putpixel((4, 2), 1)
    out = decode_image(_save(img, "PNG"), LIMITS)
    assert tuple(out[2, 4]) == (255, 255, 255, 255)
    assert tuple(out[0, 0]) == (0, 0, 0, 255)


# --- orientation ----------------------------------------------------------------------


def test_exif_orientation_is_applied() -> None:
    # Stored 40x20: left half red, right half blue. Orientation 6 = rotate 90 deg CW to
    # display, so the viewer sees a 20x40 image with red on top.
    arr = np.zeros((20, 40, 3), np.uint8)
    arr[:, :20] = (255, 0, 0)
    arr[:, 20:] = (0, 0, 255)
    exif = Image.Exif()
    exif[0x0112] = 6
    data = _save(Image.fromarray(arr), "JPEG", quality=95, exif=exif.tobytes())
    out = decode_image(data, LIMITS)
    assert out.shape == (40, 20, 4)
    top, bottom = out[5, 10, :3].astype(int), out[35, 10, :3].astype(int)
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


# --- colour management ----------------------------------------------------------------


def _strip_jpeg_app14(data: bytes) -> bytes:
    """Remove the Adobe APP14 segment, leaving a plain (non-inverted) CMYK JPEG."""
    i = data.find(b"\xff\xee")
    assert i > 0
    seg_len = struct.unpack(">H", data[i + 2 : i + 4])[0]
    return data[:i] + data[i + 2 + seg_len :]


@pytest.mark.parametrize("adobe", [True, False])
def test_cmyk_jpeg_both_conventions(adobe: bool) -> None:
    cmyk = np.zeros((16, 32, 4), np.uint8)
    cmyk[:, :16] = (0, 255, 255, 0)  # red
    cmyk[:, 16:] = (255, 255, 0, 0)  # blue
    img = Image.fromarray(cmyk, "CMYK")
    if adobe:
        data = _save(img, "JPEG", quality=95)
    else:
        # Pillow writes Adobe-inverted samples; store inverted values, then drop the
        # marker, so the file holds plain CMYK as non-Adobe writers produce it.
        inverted = Image.fromarray(255 - cmyk, "CMYK")
        data = _strip_jpeg_app14(_save(inverted, "JPEG", quality=95))
        assert b"Adobe" not in data
    out = decode_image(data, LIMITS)
    red, blue = out[8, 4, :3].astype(int), out[8, 28, :3].astype(int)
    assert red[0] > 220 and red[1] < 40 and red[2] < 40, red
    assert blue[2] > 220 and blue[0] < 40, blue


def _s15f16(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def _adobe_rgb_like_profile() -> bytes:
    """A minimal ICC v2 matrix/TRC display profile with Adobe RGB (1998) primaries."""
    d50 = (0.9642, 1.0, 0.8249)
    colorants = {
        b"rXYZ": (0.60974, 0.31111, 0.01947),
        b"gXYZ": (0.20528, 0.62567, 0.06087),
        b"bXYZ": (0.14919, 0.06322, 0.74457),
    }

    def xyz(v: tuple[float, float, float]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(_s15f16(c) for c in v)

    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563) + b"\0\0"  # gamma 563/256
    text = b"Synthetic Adobe RGB-like\0"
    desc = (
        b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0" * 3 + b"\0" * 67
    )
    tags = [(b"desc", desc), (b"wtpt", xyz(d50)), (b"cprt", b"text\0\0\0\0none\0\0\0\0")]
    tags += [(k, xyz(v)) for k, v in colorants.items()]
    tags += [(b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]

    table, body = b"", b""
    offset = 128 + 4 + 12 * len(tags)
    for sig, payload in tags:
        while len(payload) % 4:
            payload += b"\0"
        table += sig + struct.pack(">II", offset + len(body), len(payload))
        body += payload
    size = offset + len(body)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + b"".join(_s15f16(c) for c in d50)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def _adobe_to_srgb_reference(rgb: np.ndarray) -> np.ndarray:
    """Textbook Adobe RGB -> XYZ (D65) -> sRGB, independent of littleCMS."""
    to_xyz = np.array(
        [
            [0.5767309, 0.1855540, 0.1881852],
            [0.2973769, 0.6273491, 0.0752741],
            [0.0270343, 0.0706872, 0.9911085],
        ]
    )
    to_srgb = np.array(
        [
            [3.2404542, -1.5371385, -0.4985314],
            [-0.9692660, 1.8760108, 0.0415560],
            [0.0556434, -0.2040259, 1.0572252],
        ]
    )
    lin = (rgb / 255.0) ** (563 / 256)
    s = np.clip(to_srgb @ to_xyz @ lin, 0, 1)
    enc = np.where(s <= 0.0031308, 12.92 * s, 1.055 * s ** (1 / 2.4) - 0.055)
    return enc * 255


def test_icc_profile_is_converted_to_srgb() -> None:
    profile = _adobe_rgb_like_profile()
    colours = [(120, 100, 80), (60, 150, 70), (128, 128, 128), (200, 40, 90)]
    arr = np.zeros((4, 8, 3), np.uint8)
    for i, c in enumerate(colours):
        arr[i] = c
    data = _save(Image.fromarray(arr), "PNG", icc_profile=profile)
    out = decode_image(data, LIMITS)
    for i, c in enumerate(colours):
        got = out[i, 3, :3].astype(float)
        want = _adobe_to_srgb_reference(np.array(c, float))
        assert np.abs(got - want).max() <= 3.0, (c, got, want)
    # The saturated green really moved (it is not passed through untouched).
    assert np.abs(out[1, 3, :3].astype(int) - np.array(colours[1])).max() >= 10


def test_broken_icc_profile_is_ignored() -> None:
    arr = _gradient_rgb()
    data = _save(Image.fromarray(arr), "PNG", icc_profile=b"not an icc profile at all")
    assert np.array_equal(decode_image(data, LIMITS)[..., :3], arr)


# --- bit depth and palettes -----------------------------------------------------------


def test_16bit_gray_png_is_scaled_not_clipped() -> None:
    values = np.array([[0, 257, 32896, 65535]], dtype=">u2")
    rows = b"".join(b"\0" + row.tobytes() for row in values)
    out = decode_image(_png_raw(4, 1, 16, 0, rows), LIMITS)
    assert out[0, :, 0].tolist() == [0, 1, 128, 255]
    assert (out[..., 3] == 255).all()


def test_16bit_rgba_png() -> None:
    px = np.array([[[65535, 0, 32896, 65535], [0, 65535, 0, 32896]]], dtype=">u2")
    rows = b"\0" + px.tobytes()
    out = decode_image(_png_raw(2, 1, 16, 6, rows), LIMITS)
    assert out[0, 0].tolist() == [255, 0, 128, 255]
    assert out[0, 1].tolist() == [0, 255, 0, 128]


def test_palette_png_with_transparency() -> None:
    img = Image.new("P", (10, 10), 0)
    img.putpalette([255, 0, 0, 0, 255, 0] + [0] * (254 * 3))
    for x in range(5):
        for y in range(10):
            img.putpixel((x, y), 1)
    data = _save(img, "PNG", transparency=0)
    out = decode_image(data, LIMITS)
    assert out[0, 9, 3] == 0  # index 0 transparent
    assert out[0, 0].tolist() == [0, 255, 0, 255]


def _frames() -> list[Image.Image]:
    return [Image.new("RGB", (24, 16), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]


def test_animated_gif_first_frame() -> None:
    f = _frames()
    data = _save(f[0], "GIF", save_all=True, append_images=f[1:], duration=100, loop=0)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    out = decode_image(data, LIMITS)
    assert out.shape == (16, 24, 4)
    assert out[8, 12].tolist() == [255, 0, 0, 255]


def test_animated_webp_first_frame() -> None:
    f = _frames()
    data = _save(f[0], "WEBP", save_all=True, append_images=f[1:], duration=100, lossless=True)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    out = decode_image(data, LIMITS)
    assert out[8, 12, :3].tolist() == [255, 0, 0]


# --- limits ---------------------------------------------------------------------------


def _lying_png(width: int, height: int) -> bytes:
    """A ~100-byte PNG whose header claims ``width`` x ``height`` (a decompression bomb)."""
    return _png_raw(width, height, 1, 0, b"\0" * 16)


def test_decompression_bomb_rejected_from_header_without_warning() -> None:
    data = _lying_png(10_000, 9_000)  # 90 Mpx: Pillow itself would only warn
    assert len(data) < 200
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ImageTooLarge, match="10000x9000"):
            decode_image(data, EngineLimits(max_side=20_000))
    assert not [w for w in caught if issubclass(w.category, Image.DecompressionBombWarning)]


def test_pillow_bomb_error_becomes_image_too_large() -> None:
    # Over 2x Pillow's limit Pillow raises in open(); our error must still be the one seen.
    generous = EngineLimits(max_pixels=10**10, max_side=10**6)
    with pytest.raises(ImageTooLarge):
        decode_image(_lying_png(20_000, 20_000), generous)


def test_pixel_side_and_byte_limits() -> None:
    data = _save(Image.fromarray(_gradient_rgb(200, 100)), "PNG")
    with pytest.raises(ImageTooLarge, match="pixels"):
        decode_image(data, EngineLimits(max_pixels=10_000))
    with pytest.raises(ImageTooLarge):
        decode_image(data, EngineLimits(max_side=150))
    with pytest.raises(ImageTooLarge, match="MB"):
        decode_image(data, EngineLimits(max_image_bytes=len(data) - 1))
    assert decode_image(data, EngineLimits(max_pixels=20_000, max_side=200)).shape == (100, 200, 4)


# --- bad input ------------------------------------------------------------------------


def test_zero_bytes() -> None:
    with pytest.raises(UndecodableImage, match="empty"):
        decode_image(b"", LIMITS)


def test_text_file() -> None:
    with pytest.raises(UnsupportedFormat, match="PNG, JPEG, WebP or GIF"):
        decode_image(b"hello, this is a banner brief, not a banner\n", LIMITS)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated(fmt: str) -> None:
    rng = np.random.default_rng(0)
    noisy = rng.integers(0, 256, (120, 160, 3), dtype=np.uint8)
    data = _save(Image.fromarray(noisy), fmt)
    with pytest.raises(UndecodableImage, match="truncated or corrupt"):
        decode_image(data[: len(data) // 2], LIMITS)


def test_damaged_header() -> None:
    data = bytearray(_save(Image.fromarray(_gradient_rgb()), "PNG"))
    data[12:16] = b"XXXX"  # IHDR chunk type destroyed
    with pytest.raises(UndecodableImage):
        decode_image(bytes(data), LIMITS)


@pytest.mark.parametrize(
    ("data", "name", "label"),
    [
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "svg", "SVG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf", "PDF"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "avif", "AVIF"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic", "HEIC"),
    ],
)
def test_recognised_unsupported_formats(data: bytes, name: str, label: str) -> None:
    assert sniff_format(data) == name
    with pytest.raises(UnsupportedFormat, match=label):
        decode_image(data, LIMITS)


@pytest.mark.parametrize(
    ("fmt", "name", "label"), [("TIFF", "tiff", "TIFF"), ("BMP", "bmp", "BMP")]
)
def test_real_tiff_and_bmp_are_named(fmt: str, name: str, label: str) -> None:
    data = _save(Image.fromarray(_gradient_rgb()), fmt)
    assert sniff_format(data) == name
    with pytest.raises(UnsupportedFormat, match=label):
        decode_image(data, LIMITS)


def test_sniff_supported() -> None:
    img = Image.fromarray(_gradient_rgb())
    for fmt, name in (("PNG", "png"), ("JPEG", "jpeg"), ("WEBP", "webp"), ("GIF", "gif")):
        assert sniff_format(_save(img, fmt)) == name
    assert sniff_format(b"") is None
    assert sniff_format(b"GIF8") is None


# --- fuzz -----------------------------------------------------------------------------

_SEEDS = [
    _save(Image.fromarray(_gradient_rgb(16, 12)), "PNG"),
    _save(Image.fromarray(_gradient_rgb(16, 12)), "JPEG", quality=80),
    _save(Image.fromarray(_gradient_rgb(16, 12)), "WEBP", quality=80),
    _save(Image.fromarray(_gradient_rgb(16, 12)).convert("P"), "GIF"),
]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=8))
        else:
            del data[i : i + draw(st.integers(1, 8))]
    return bytes(data)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_mutated_bytes_only_raise_engine_errors(data: bytes) -> None:
    try:
        out = decode_image(data, EngineLimits(max_pixels=4_000_000, max_side=4096))
    except EngineError as exc:
        assert exc.message and exc.message.endswith(".")
        return
    assert out.dtype == np.uint8 and out.ndim == 3 and out.shape[2] == 4
