"""The naive resizers every bannerfit figure is compared with: f(rgb, W, H) -> W x H RGB.

Each breaks one rule of a good resize (docs: engine spec): stretch distorts, cover cuts,
contain and blurpad shrink the content into bars, attention/smart crops cut on large
aspect changes. They run in the same benchmark run as bannerfit, so every comparison is
made on the same banners, scorer and machine.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageFilter

Resizer = Callable[[np.ndarray, int, int], np.ndarray]


def _pil(rgb: np.ndarray) -> Image.Image:
    return Image.fromarray(rgb, "RGB")


def stretch(rgb: np.ndarray, w: int, h: int) -> np.ndarray:
    return np.asarray(_pil(rgb).resize((w, h), Image.LANCZOS))


def _cover(im: Image.Image, w: int, h: int) -> Image.Image:
    s = max(w / im.width, h / im.height)
    big = im.resize((max(w, round(im.width * s)), max(h, round(im.height * s))), Image.LANCZOS)
    x, y = (big.width - w) // 2, (big.height - h) // 2
    return big.crop((x, y, x + w, y + h))


def cover(rgb: np.ndarray, w: int, h: int) -> np.ndarray:
    return np.asarray(_cover(_pil(rgb), w, h))


def _fit(im: Image.Image, w: int, h: int) -> tuple[Image.Image, int, int]:
    s = min(w / im.width, h / im.height)
    fw, fh = max(1, min(w, round(im.width * s))), max(1, min(h, round(im.height * s)))
    return im.resize((fw, fh), Image.LANCZOS), (w - fw) // 2, (h - fh) // 2


def contain(rgb: np.ndarray, w: int, h: int) -> np.ndarray:
    """Letterbox on the mean colour of the source's outer 2% border."""
    b = max(1, round(0.02 * min(rgb.shape[:2])))
    border = np.concatenate(
        [
            rgb[:b].reshape(-1, 3),
            rgb[-b:].reshape(-1, 3),
            rgb[:, :b].reshape(-1, 3),
            rgb[:, -b:].reshape(-1, 3),
        ]
    )
    canvas = Image.new("RGB", (w, h), tuple(int(v) for v in border.mean(0).round()))
    fg, x, y = _fit(_pil(rgb), w, h)
    canvas.paste(fg, (x, y))
    return np.asarray(canvas)


def blurpad(rgb: np.ndarray, w: int, h: int) -> np.ndarray:
    """Contain over a blurred cover of itself (what CDNs call a blurred background)."""
    im = _pil(rgb)
    small = _cover(im, w, h).resize((max(1, w // 8), max(1, h // 8)), Image.BILINEAR)
    small = small.filter(ImageFilter.GaussianBlur(max(2.0, 0.02 * max(small.size))))
    canvas = small.resize((w, h), Image.BILINEAR)
    fg, x, y = _fit(im, w, h)
    canvas.paste(fg, (x, y))
    return np.asarray(canvas)


def vips_attention(rgb: np.ndarray, w: int, h: int) -> np.ndarray:
    """libvips' saliency crop (thumbnail with crop=attention)."""
    import pyvips

    src = pyvips.Image.new_from_memory(
        np.ascontiguousarray(rgb).data, rgb.shape[1], rgb.shape[0], 3, "uchar"
    )
    t = src.thumbnail_image(w, height=h, crop="attention", size="both")
    arr = np.ndarray(
        buffer=t.write_to_memory(), dtype=np.uint8, shape=(t.height, t.width, t.bands)
    )[..., :3]
    if arr.shape[:2] != (h, w):  # thumbnail may be a pixel off after rounding
        arr = np.asarray(_pil(np.ascontiguousarray(arr)).resize((w, h), Image.LANCZOS))
    return arr


def smartcrop(rgb: np.ndarray, w: int, h: int) -> np.ndarray:
    """The smartcrop package's best crop of the target's aspect, then resized."""
    import smartcrop as sc

    im = _pil(rgb)
    c = sc.SmartCrop().crop(im, w, h)["top_crop"]
    return np.asarray(
        im.crop((c["x"], c["y"], c["x"] + c["width"], c["y"] + c["height"])).resize(
            (w, h), Image.LANCZOS
        )
    )


def available() -> dict[str, Resizer]:
    """The baselines importable here (smartcrop is an optional bench extra)."""
    out: dict[str, Resizer] = {
        "stretch": stretch,
        "cover": cover,
        "contain": contain,
        "blurpad": blurpad,
    }
    try:
        import pyvips  # noqa: F401

        out["vips_attention"] = vips_attention
    except Exception:
        pass
    try:
        import smartcrop as _  # noqa: F401

        out["smartcrop"] = smartcrop
    except Exception:
        pass
    return out
