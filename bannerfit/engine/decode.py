"""Decode: untrusted image bytes -> an HxWx4 uint8 RGBA array in sRGB.

Everything downstream (analysis, planning, rendering) assumes one pixel format, so this
module absorbs the variety of real uploads: EXIF orientation, ICC profiles, CMYK (with
Adobe's inverted convention or without), 16-bit samples, palettes with transparency,
grayscale, alpha and animations (first frame only). It is also the engine's first line
of defence: the byte size and the header's dimensions are checked against
:class:`EngineLimits` before a single pixel is decoded, and every failure of the
decoder becomes an :class:`EngineError` with one sentence the user can act on.
"""

from __future__ import annotations

import io
import warnings
from typing import Final

import numpy as np
from PIL import Image, ImageChops, ImageCms, ImageOps

from bannerfit.engine.errors import ImageTooLarge, UndecodableImage, UnsupportedFormat
from bannerfit.engine.options import EngineLimits

#: Formats the engine decodes, keyed by :func:`sniff_format`'s name -> Pillow's plugin name.
SUPPORTED_FORMATS: Final[dict[str, str]] = {
    "png": "PNG",
    "jpeg": "JPEG",
    "webp": "WEBP",
    "gif": "GIF",
}

#: Human names for the formats we recognise but do not decode (used in error messages).
_FORMAT_LABELS: Final[dict[str, str]] = {
    "svg": "an SVG vector image",
    "tiff": "a TIFF image",
    "pdf": "a PDF document",
    "heic": "a HEIC/HEIF image",
    "avif": "an AVIF image",
    "bmp": "a BMP image",
    "ico": "an ICO icon",
    "psd": "a Photoshop PSD file",
    "jxl": "a JPEG XL image",
    "jp2": "a JPEG 2000 image",
    "eps": "a PostScript/EPS file",
    "zip": "a ZIP archive",
    "html": "an HTML document",
}

_ACCEPTED: Final[str] = "PNG, JPEG, WebP or GIF"

_SRGB_PROFILE: Final = ImageCms.createProfile("sRGB")


def sniff_format(data: bytes) -> str | None:
    """Name the file format from its magic bytes, or ``None`` when it is not recognised.

    Returns one of :data:`SUPPORTED_FORMATS`' keys for decodable input, or a name from
    ``_FORMAT_LABELS`` for formats we recognise only to give a better error. The
    extension and the declared media type are ignored on purpose: uploads lie.
    """
    head = data[:64]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        if brand in (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"):
            return "heic"
        if brand in (b"jxl ",):
            return "jxl"
        return None
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "tiff"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"%!PS"):
        return "eps"
    if head[:2] == b"BM":
        return "bmp"
    if head[:4] == b"\x00\x00\x01\x00":
        return "ico"
    if head[:4] == b"8BPS":
        return "psd"
    if head[:2] == b"\xff\x0a" or head.startswith(b"\x00\x00\x00\x0cJXL \r\n\x87\n"):
        return "jxl"
    if head.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n"):
        return "jp2"
    if head[:4] == b"PK\x03\x04":
        return "zip"
    text = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "svg"
    if text.startswith(b"<!doctype html") or text.startswith(b"<html"):
        return "html"
    return None


def decode_image(data: bytes, limits: EngineLimits) -> np.ndarray:
    """Decode ``data`` into a C-contiguous HxWx4 uint8 RGBA array in sRGB.

    Raises :class:`ImageTooLarge` (bytes or header dimensions over ``limits``, checked
    before decoding pixels), :class:`UnsupportedFormat` (not PNG/JPEG/WebP/GIF) or
    :class:`UndecodableImage` (empty, truncated or corrupt). No other exception escapes.
    """
    if not data:
        raise UndecodableImage("The image file is empty.")
    if len(data) > limits.max_image_bytes:
        raise ImageTooLarge(
            f"The image file is {len(data) / 1e6:.1f} MB; the limit is "
            f"{limits.max_image_bytes / 1e6:.1f} MB."
        )
    fmt = sniff_format(data)
    if fmt is None:
        raise UnsupportedFormat(f"The file is not a {_ACCEPTED} image.")
    if fmt not in SUPPORTED_FORMATS:
        raise UnsupportedFormat(
            f"The file looks like {_FORMAT_LABELS[fmt]}, which is not supported; "
            f"send a {_ACCEPTED} image."
        )
    name = {"png": "PNG", "jpeg": "JPEG", "webp": "WebP", "gif": "GIF"}[fmt]
    with warnings.catch_warnings():
        # Pillow's own bomb guard only warns below 2x its limit; ours is enforced below.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=[SUPPORTED_FORMATS[fmt]])
        except Image.DecompressionBombError as exc:
            raise ImageTooLarge(_too_many_pixels_message(None, limits)) from exc
        except Exception as exc:  # Pillow raises many types for bad headers
            raise UndecodableImage(
                f"The {name} image could not be read: its header is damaged."
            ) from exc
        _check_dimensions(img.size, limits)
        try:
            img.seek(0)  # animations: the first frame is the banner
            img.load()
        except Image.DecompressionBombError as exc:
            raise ImageTooLarge(_too_many_pixels_message(img.size, limits)) from exc
        except Exception as exc:
            raise UndecodableImage(
                f"The {name} image could not be decoded: the file is truncated or corrupt."
            ) from exc
        try:
            oriented = _orient(img)
            rgba = _to_srgb_rgba(oriented)
        except Exception as exc:
            raise UndecodableImage(
                f"The {name} image uses a pixel format that could not be converted."
            ) from exc
    arr = np.asarray(rgba, dtype=np.uint8)
    if arr.ndim != 3 or arr.shape[2] != 4 or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise UndecodableImage(f"The {name} image decoded to an empty picture.")
    return np.ascontiguousarray(arr)


def _too_many_pixels_message(size: tuple[int, int] | None, limits: EngineLimits) -> str:
    dims = f"{size[0]}x{size[1]} pixels" if size else "too many pixels"
    return (
        f"The image is {dims}; the limit is {limits.max_pixels:,} pixels and "
        f"{limits.max_side} px per side."
    )


def _check_dimensions(size: tuple[int, int], limits: EngineLimits) -> None:
    """Reject from the header alone, so a small file cannot claim gigabytes of pixels."""
    w, h = size
    if w < 1 or h < 1:
        raise UndecodableImage(f"The image header declares an empty size of {w}x{h} pixels.")
    if w * h > limits.max_pixels or max(w, h) > limits.max_side:
        raise ImageTooLarge(_too_many_pixels_message(size, limits))


def _orient(img: Image.Image) -> Image.Image:
    """Apply the EXIF orientation tag; a broken EXIF block is ignored, not fatal."""
    try:
        oriented = ImageOps.exif_transpose(img)
    except Exception:
        return img
    return oriented if oriented is not None else img


def _icc_profile(img: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """The embedded ICC profile, or ``None`` when absent, unreadable or already sRGB."""
    icc = img.info.get("icc_profile")
    if not icc:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        desc = (ImageCms.getProfileDescription(profile) or "").strip().lower()
    except Exception:
        return None  # a broken profile: assume sRGB, as browsers do
    if desc.startswith("srgb") or "iec61966-2" in desc or "iec 61966-2" in desc:
        return None  # transforming sRGB to sRGB costs time and changes nothing
    return profile


def _icc_to_srgb(img: Image.Image, mode_in: str, profile: ImageCms.ImageCmsProfile) -> Image.Image:
    """Convert ``img`` (RGB, L or CMYK) through its profile to sRGB RGB."""
    try:
        transform = ImageCms.buildTransform(
            profile,
            _SRGB_PROFILE,
            mode_in,
            "RGB",
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
        )
        out = ImageCms.applyTransform(img, transform)
    except Exception:
        return img.convert("RGB")  # profile does not match the pixels: ignore it
    return out if out is not None else img.convert("RGB")


def _to_srgb_rgba(img: Image.Image) -> Image.Image:
    """Normalise any decoded mode to RGBA sRGB, keeping alpha and transparency."""
    profile = _icc_profile(img)
    mode = img.mode

    if mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        # 16-bit grayscale (PNG gives "I;16"; older Pillow "I"): scale, never clip.
        arr = np.asarray(img)
        if mode == "F":
            gray = np.clip(np.rint(arr * 255.0), 0, 255)
        else:
            gray = np.clip(np.rint(arr.astype(np.float64) / 257.0), 0, 255)
        img = Image.fromarray(gray.astype(np.uint8))
        mode = "L"

    if mode == "CMYK":
        if "adobe" not in img.info:
            # Pillow assumes Adobe's inverted CMYK; without the APP14 marker it is plain.
            img = ImageChops.invert(img)
        rgb = _icc_to_srgb(img, "CMYK", profile) if profile else img.convert("RGB")
        return rgb.convert("RGBA")

    if mode in ("P", "PA", "1") or "transparency" in img.info:
        # Palette, bilevel and tRNS-keyed images: Pillow's convert applies transparency.
        img = img.convert("RGBA")
        mode = "RGBA"

    alpha: Image.Image | None = None
    if mode in ("RGBA", "LA", "RGBa", "La"):
        if mode in ("RGBa", "La"):
            img = img.convert(mode.replace("a", "A"))
            mode = img.mode
        alpha = img.getchannel("A")
        img = img.convert("RGB" if mode == "RGBA" else "L")
        mode = img.mode

    if mode not in ("RGB", "L"):
        img = img.convert("RGB")
        mode = "RGB"

    rgb = _icc_to_srgb(img, mode, profile) if profile else img.convert("RGB")
    if alpha is None:
        return rgb.convert("RGBA")
    rgb.putalpha(alpha)
    return rgb
