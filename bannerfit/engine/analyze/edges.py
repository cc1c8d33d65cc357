"""Where strong edges run, and how much of a box's sides or of a circle's outline
lies on them: the evidence framed and round pictures are told by.
"""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.analyze.pixels import _gray
from bannerfit.engine.geometry import Box

#: a circle found in a busy region is a product's frame when its outline is an edge
#: (grey-level gradient over ROUND_FRAME_EDGE) along ROUND_FRAME_SUPPORT of its length
ROUND_FRAME_EDGE = 60.0
ROUND_FRAME_SUPPORT = 0.8
#: the 180 points around a circle that _circle_support samples
_CIRCLE_T = np.linspace(0, 2 * np.pi, 180, endpoint=False)
_CIRCLE_COS, _CIRCLE_SIN = np.cos(_CIRCLE_T), np.sin(_CIRCLE_T)


def _side_support(strong: np.ndarray, b: Box) -> list[float]:
    """For each side of ``b``, the share of its middle 70 % lying on a strong edge
    (rounded corners leave the ends off the straight line)."""
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(b.x1) - 1, int(b.y1) - 1
    mx, my = int(0.15 * (x1 - x0)), int(0.15 * (y1 - y0))
    return [
        float(strong[y0, x0 + mx : x1 - mx].mean()),
        float(strong[y1, x0 + mx : x1 - mx].mean()),
        float(strong[y0 + my : y1 - my, x0].mean()),
        float(strong[y0 + my : y1 - my, x1].mean()),
    ]


def _edges(img: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal and vertical gradient strengths of ``img``, and where an outline runs:
    within a pixel of a grey-level gradient over ROUND_FRAME_EDGE."""
    g = _gray(img)
    gx = np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3))
    gy = np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3))
    mag = (np.hypot(gx, gy) > ROUND_FRAME_EDGE).astype(np.uint8)
    return gx, gy, cv2.dilate(mag, np.ones((3, 3), np.uint8)) > 0


def _circle_support(strong: np.ndarray, b: Box) -> float:
    """Share of the ellipse inscribed in ``b`` (a circle in a square) that lies on a
    strong edge."""
    edges = np.array([[b.x0, b.y0, b.x1, b.y1]], np.float64).T
    return float(_ellipse_supports(strong, *edges)[0])


def _ellipse_supports(
    strong: np.ndarray, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray
) -> np.ndarray:
    """_circle_support of many boxes at once (given by their sides, one array each)."""
    h, w = strong.shape
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    px = np.clip(np.round(cx[:, None] + rx[:, None] * _CIRCLE_COS).astype(int), 0, w - 1)
    py = np.clip(np.round(cy[:, None] + ry[:, None] * _CIRCLE_SIN).astype(int), 0, h - 1)
    return np.asarray(strong[py, px].mean(axis=1))
