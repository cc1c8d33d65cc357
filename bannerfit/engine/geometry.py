"""Axis-aligned boxes in pixel coordinates, the unit every engine stage speaks."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Box:
    """Half-open box [x0, x1) x [y0, y1) in float pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def area(self) -> float:
        return max(0.0, self.w) * max(0.0, self.h)

    def scaled(self, s: float) -> Box:
        return Box(self.x0 * s, self.y0 * s, self.x1 * s, self.y1 * s)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def padded(self, px: float, py: float | None = None) -> Box:
        py = px if py is None else py
        return Box(self.x0 - px, self.y0 - py, self.x1 + px, self.y1 + py)

    def clipped(self, width: float, height: float) -> Box:
        return Box(max(0.0, self.x0), max(0.0, self.y0), min(width, self.x1), min(height, self.y1))

    def pixels(self) -> tuple[slice, slice]:
        """Rows and columns of the whole pixels the box touches, to index an array with.

        Clip the box first: a negative start would index from the array's far end. An
        empty box gives empty slices (a negative stop would otherwise count from the end).
        """
        y0, x0 = int(self.y0), int(self.x0)
        return (
            slice(y0, max(y0, math.ceil(self.y1))),
            slice(x0, max(x0, math.ceil(self.x1))),
        )

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def intersection(self, other: Box) -> float:
        iw = min(self.x1, other.x1) - max(self.x0, other.x0)
        ih = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(0.0, iw) * max(0.0, ih)

    def intersects(self, other: Box, tol: float = 0.0) -> bool:
        return (
            min(self.x1, other.x1) - max(self.x0, other.x0) > tol
            and min(self.y1, other.y1) - max(self.y0, other.y0) > tol
        )

    def iou(self, other: Box) -> float:
        inter = self.intersection(other)
        union = self.area + other.area - inter
        return inter / union if union > 0 else 0.0

    def contains(self, other: Box, tol: float = 0.0) -> bool:
        return (
            other.x0 >= self.x0 - tol
            and other.y0 >= self.y0 - tol
            and other.x1 <= self.x1 + tol
            and other.y1 <= self.y1 + tol
        )

    def gap(self, other: Box) -> tuple[float, float]:
        """Horizontal and vertical gaps (negative when the spans overlap)."""
        gx = max(self.x0, other.x0) - min(self.x1, other.x1)
        gy = max(self.y0, other.y0) - min(self.y1, other.y1)
        return gx, gy

    def to_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.y0, 1), round(self.w, 1), round(self.h, 1)]

    @staticmethod
    def from_xywh(x: float, y: float, w: float, h: float) -> Box:
        return Box(x, y, x + w, y + h)


def union_all(boxes: list[Box]) -> Box:
    out = boxes[0]
    for b in boxes[1:]:
        out = out.union(b)
    return out


def box_array(boxes: list[Box]) -> np.ndarray:
    """Boxes as an (n, 4) array of x0, y0, x1, y1, for :func:`ious`."""
    return np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes], dtype=np.float64).reshape(-1, 4)


def ious(boxes: np.ndarray, other: Box) -> np.ndarray:
    """IoU of every row of a :func:`box_array` with ``other`` at once.

    A busy background yields thousands of candidate marks; comparing them one Box at a
    time took most of a minute on a texture banner.
    """
    iw = np.clip(np.minimum(boxes[:, 2], other.x1) - np.maximum(boxes[:, 0], other.x0), 0, None)
    ih = np.clip(np.minimum(boxes[:, 3], other.y1) - np.maximum(boxes[:, 1], other.y0), 0, None)
    inter = iw * ih
    areas = np.clip(boxes[:, 2] - boxes[:, 0], 0, None) * np.clip(
        boxes[:, 3] - boxes[:, 1], 0, None
    )
    union = areas + other.area - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def containing(boxes: np.ndarray, other: Box, tol: float = 0.0) -> np.ndarray:
    """Which rows of a :func:`box_array` contain ``other`` (see :meth:`Box.contains`)."""
    return (
        (other.x0 >= boxes[:, 0] - tol)
        & (other.y0 >= boxes[:, 1] - tol)
        & (other.x1 <= boxes[:, 2] + tol)
        & (other.y1 <= boxes[:, 3] + tol)
    )


def rect_feather(element: Box, layer: Box) -> float:
    """Feather width for a layer lifted as a rectangle: its margin around the element.

    The fade must stay in the background lifted around the element; fading the
    element's own edge pixels would eat into a logo or a product photo.
    """
    margins = [
        element.x0 - layer.x0,
        element.y0 - layer.y0,
        layer.x1 - element.x1,
        layer.y1 - element.y1,
    ]
    inner = [m for m in margins if m > 0.5]
    if not inner:
        return 1.0
    return float(max(1.0, min(inner)))


def edge_fade(h: int, w: int, feather: float) -> np.ndarray:
    """Alpha ramp over an h x w rectangle: 0 at its border, 1 from ``feather`` px inside."""
    ry = np.clip((np.minimum(np.arange(h), np.arange(h)[::-1]) + 0.5) / feather, 0, 1)
    rx = np.clip((np.minimum(np.arange(w), np.arange(w)[::-1]) + 0.5) / feather, 0, 1)
    return (ry[:, None] * rx[None, :]).astype(np.float32)
