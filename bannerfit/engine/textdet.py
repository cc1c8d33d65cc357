"""Text line detection with the PP-OCR DB detector that ships inside the rapidocr wheel.

Glyphs are never redrawn: they are moved as the source's own pixels. Words are read
(textread, the same wheel's recogniser) only to check a matte pulled off a photo.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np

from bannerfit.engine import ocrmodels
from bannerfit.engine.geometry import Box

_LOCK = threading.Lock()
_DET_MODEL = "PP-OCRv6_det_small.onnx"
#: Longest side the detector sees; text smaller than ~8 px at this size is missed.
DET_LONG_SIDE = 768
#: ... and a skyscraper (portrait) narrower than this is shown this wide, its height at
#: most DET_MAX_LONG_SIDE: at 320 px a 300x600's 10-14 px words over a photo were missed
#: (the detector then costs about twice as long on such a source, ~0.5 s for a 160x600)
DET_MIN_SHORT_SIDE = 480
DET_MAX_LONG_SIDE = 2048
PROB_THRESHOLD = 0.3
BOX_THRESHOLD = 0.5
#: a line running at more than this many degrees off the horizontal (and at least
#: TILTED_ELONGATION times as long as thick, so its slant is measured) is not taken
#: for a line of words: a corner ribbon's "NEW" at 45 degrees had an upright box five
#: letters tall, was taken for the headline, and was lifted with pieces of its ribbon
TILTED_DEG = 20.0
TILTED_ELONGATION = 1.8


def _session():  # type: ignore[no-untyped-def]
    return ocrmodels.session(_DET_MODEL)


def warm_up() -> None:
    _session()


def probability_map(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """Text probability at detector resolution, and the factor from image to map pixels."""
    h, w = rgb.shape[:2]
    scale = min(1.0, DET_LONG_SIDE / max(h, w))
    # upscale small banners: the detector wants strokes of a few pixels, and a
    # skyscraper's words (a 160x600's brand on bricks) are missed at its own width.
    # Strips (728x90) are not: their tighter boxes at a larger scale left the words'
    # soft edges out of the text mask, and a gradient read as a texture
    if max(h, w) * scale < 640:
        scale = 640 / max(h, w)
    if h > w and w < DET_MIN_SHORT_SIDE:
        scale = min(DET_MIN_SHORT_SIDE / w, DET_MAX_LONG_SIDE / h)
    nh = max(32, int(round(h * scale / 32)) * 32)
    nw = max(32, int(round(w * scale / 32)) * 32)
    img = cv2.resize(
        rgb[:, :, ::-1], (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    )
    x = (img.astype(np.float32) / 255.0 - 0.5) / 0.5
    x = x.transpose(2, 0, 1)[None]
    with _LOCK:
        out = _session().run(None, {"x": x})[0]
    prob = out[0, 0]
    sx, sy = nw / w, nh / h
    return prob, (sx + sy) / 2


def detect_lines(rgb: np.ndarray) -> list[tuple[Box, float]]:
    """Axis-aligned text line boxes in image pixels, with the detector's mean score."""
    h, w = rgb.shape[:2]
    prob, s = probability_map(rgb)
    ph, pw = prob.shape
    fx, fy = w / pw, h / ph
    binary: np.ndarray = (prob > PROB_THRESHOLD).astype(np.uint8)
    binary = cv2.dilate(binary, np.ones((2, 2), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    out: list[tuple[Box, float]] = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if bw < 3 or bh < 3:
            continue
        mask = labels[y : y + bh, x : x + bw] == i
        score = float(prob[y : y + bh, x : x + bw][mask].mean())
        if score < BOX_THRESHOLD or _tilted(mask):
            continue
        # DB shrinks text regions; grow back by area * ratio / perimeter (the "unclip")
        d = area * 1.5 / (2 * (bw + bh))
        box = Box((x - d) * fx, (y - d) * fy, (x + bw + d) * fx, (y + bh + d) * fy).clipped(w, h)
        out.append((box, score))
    out.sort(key=lambda t: (t[0].y0, t[0].x0))
    return out


def _tilted(mask: np.ndarray) -> bool:
    """Whether a detected region (its mask) runs slanted (see TILTED_DEG): words set at
    an angle are part of a picture, a sticker or a ribbon, not a line to reflow."""
    ys, xs = np.nonzero(mask)
    (_, _), (rw, rh), angle = cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32))
    if max(rw, rh) < TILTED_ELONGATION * max(1.0, min(rw, rh)):
        return False
    along = angle if rw >= rh else angle + 90.0
    return abs((along + 90.0) % 180.0 - 90.0) > TILTED_DEG
