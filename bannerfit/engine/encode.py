"""Encode: an RGB(A) uint8 array -> PNG, JPEG or WebP bytes of exactly the array's size.

Output files carry pixels only: no EXIF, no text chunks, no XMP. The engine works in
sRGB throughout, and untagged PNG/JPEG/WebP are treated as sRGB by every browser, so no
profile is embedded (it would add ~3 KB per file and nothing else).

Encoder choices, measured on one core of the dev machine for 1080x1080 + 728x90 +
1080x1920 (photo + flat colour + text; see README.md ("The engine")):

- PNG: libvips (pyvips) with zlib level 3 and the "up" filter, ~75 ms and ~1.85 MB,
  against Pillow's default ~525 ms / 1.59 MB (level 1: ~190 ms / 1.84 MB). Pillow is
  the fallback when pyvips cannot be imported.
- JPEG: Pillow (libjpeg-turbo), quality 90, 4:4:4 chroma: ~26 ms, 624 KB against
  ~20 ms, 473 KB for 4:2:0. Banner text is often coloured on colour, and 4:2:0 halves
  the chroma resolution of exactly those edges; the 30% larger file is the price.
- WebP: Pillow (libwebp), lossy quality 90, method 2: ~180 ms, 302 KB against
  method 4's ~290 ms, 292 KB (libvips was no faster).
"""

from __future__ import annotations

import io
from typing import Any, Final

import numpy as np
from PIL import Image

JPEG_QUALITY: Final[int] = 90
WEBP_QUALITY: Final[int] = 90
WEBP_METHOD: Final[int] = 2
PNG_COMPRESSION: Final[int] = 3
#: zlib level for the Pillow fallback: its level 6 default is ~3x slower for ~15% less.
PILLOW_PNG_LEVEL: Final[int] = 1

_FORMAT_ALIASES: Final[dict[str, str]] = {
    "png": "png",
    "jpeg": "jpeg",
    "jpg": "jpeg",
    "webp": "webp",
}


def _load_pyvips() -> Any | None:
    """pyvips when libvips loads, else ``None`` (Pillow then encodes PNG)."""
    try:
        import pyvips

        pyvips.Image.black(1, 1)  # fails here, not mid-request, if libvips is broken
    except Exception:
        return None
    return pyvips


_PYVIPS: Final = _load_pyvips()


def png_backend() -> str:
    """Which PNG encoder is in use ("libvips" or "pillow"), for logs and benchmarks."""
    return "libvips" if _PYVIPS is not None else "pillow"


def encode_image(
    rgb_or_rgba: np.ndarray,
    fmt: str,
    *,
    jpeg_quality: int = JPEG_QUALITY,
    webp_quality: int = WEBP_QUALITY,
    background: tuple[int, int, int] = (255, 255, 255),
    use_pyvips: bool = True,
) -> bytes:
    """Encode an HxW, HxWx3 or HxWx4 uint8 array as ``fmt`` ("png", "jpeg"/"jpg", "webp").

    Alpha is kept for PNG and WebP only when some pixel is not opaque (an all-opaque
    alpha channel just costs bytes); JPEG has no alpha, so translucent pixels are
    composited over ``background``. ``use_pyvips=False`` forces the Pillow PNG encoder
    (used by tests and benchmarks to compare the two).
    """
    kind = _FORMAT_ALIASES.get(fmt.lower())
    if kind is None:
        raise ValueError(f"unknown output format {fmt!r}")
    arr = _normalise(rgb_or_rgba)
    if arr.shape[2] == 4 and (kind == "jpeg" or bool((arr[..., 3] == 255).all())):
        arr = _flatten(arr, background) if kind == "jpeg" else arr[..., :3]
    arr = np.ascontiguousarray(arr)

    if kind == "png":
        if use_pyvips and _PYVIPS is not None:
            return _png_vips(arr)
        return _pillow(arr, "PNG", compress_level=PILLOW_PNG_LEVEL)
    if kind == "jpeg":
        return _pillow(arr, "JPEG", quality=jpeg_quality, subsampling=0, optimize=False)
    return _pillow(arr, "WEBP", quality=webp_quality, method=WEBP_METHOD)


def _normalise(arr: np.ndarray) -> np.ndarray:
    """Validate the array (a caller bug, not user input, if wrong) and make it HxWxC."""
    if arr.dtype != np.uint8:
        raise TypeError(f"expected a uint8 array, got {arr.dtype}")
    if arr.ndim == 2:
        arr = np.repeat(arr[..., None], 3, axis=2)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4) or arr.shape[0] < 1 or arr.shape[1] < 1:
        raise ValueError(f"expected HxW, HxWx3 or HxWx4, got shape {arr.shape}")
    return arr


def _flatten(rgba: np.ndarray, background: tuple[int, int, int]) -> np.ndarray:
    """Composite over an opaque colour, rounding like an 8-bit alpha blend."""
    a = rgba[..., 3:4].astype(np.uint16)
    bg = np.asarray(background, dtype=np.uint16)
    out = (rgba[..., :3].astype(np.uint16) * a + bg * (255 - a) + 127) // 255
    return out.astype(np.uint8)


def _pillow(arr: np.ndarray, fmt: str, **params: Any) -> bytes:
    img = Image.fromarray(arr, "RGBA" if arr.shape[2] == 4 else "RGB")
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def _png_vips(arr: np.ndarray) -> bytes:
    h, w, bands = arr.shape
    assert _PYVIPS is not None
    img = _PYVIPS.Image.new_from_memory(arr.data, w, h, bands, "uchar")
    img = img.copy(interpretation="srgb")
    try:
        data = img.pngsave_buffer(compression=PNG_COMPRESSION, filter="up", keep="none")
    except _PYVIPS.Error:  # libvips < 8.15 has no "keep"; "strip" means the same there
        data = img.pngsave_buffer(compression=PNG_COMPRESSION, filter="up", strip=True)
    return bytes(data)
