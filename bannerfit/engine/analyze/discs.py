"""Round pictures: a product photo framed in a circle inside a region of rare
colours, and round pictures pasted on a photo (circles whose outline is an edge all
round).
"""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.analyze.edges import (
    ROUND_FRAME_SUPPORT,
    _circle_support,
    _edges,
    _ellipse_supports,
)
from bannerfit.engine.analyze.pixels import _gray
from bannerfit.engine.geometry import Box

#: _framed_discs: a round picture pasted on a photo covers this share of the canvas, and
#: its outline lies on a strong edge along DISC_SUPPORT of its length (stricter than
#: ROUND_FRAME_SUPPORT inside a rare region: a cup seen from above in a photo reaches 0.88)
FRAME_AREA = (0.02, 0.4)
DISC_SUPPORT = 0.9
#: ... among the first DISC_CANDIDATES circles Hough finds on a DISC_VIEW_PX view (those
#: on edges along DISC_SCREEN of a wide band are refined at full size), and its outline
#: lies on DISC_DISTINCT more of its length on edges than a circle DISC_BAND of its
#: radius outside it does
DISC_VIEW_PX = 320
DISC_CANDIDATES = 60
DISC_SCREEN = 0.75
DISC_DISTINCT = 0.2
DISC_BAND = 0.08
#: ... or, for an outline this far clearer than the circle around it (DISC_DISTINCT_CLEAR),
#: along DISC_SUPPORT_CLEAR of its length: a badge stuck on a round picture hides a
#: tenth of its outline
DISC_SUPPORT_CLEAR = 0.8
DISC_DISTINCT_CLEAR = 0.45
#: a round picture may be squeezed to an ellipse by up to this share of its radius
DISC_SQUEEZE = 0.05


def _framed_discs(work: np.ndarray, occupied: np.ndarray, keep_out: list[Box]) -> list[Box]:
    """Round pictures pasted on a photo: circles whose outline is an edge all round.

    A product photo on a photographic background shares its colours often enough that
    colour rarity misses it, but a pasted round picture ends in a crisp circle, which
    the objects of a photo seldom do. Circles found anywhere (Hough, on a small view:
    its cost grows with the radii) are refined at the working resolution and kept when
    their outline lies on strong edges along DISC_SUPPORT of its length and a circle a
    little outside does far less (on gravel every circle lies on edges), unless they
    take in much of a ``keep_out`` box (text, a face). Boxes in work pixels, largest
    first.
    """
    h, w = work.shape[:2]
    g = _gray(work)
    strong = _edges(work)[2]
    f = min(1.0, DISC_VIEW_PX / max(h, w))
    small = cv2.resize(
        g, (max(8, round(w * f)), max(8, round(h * f))), interpolation=cv2.INTER_AREA
    )
    r_min = int(np.sqrt(FRAME_AREA[0] * w * h) / 2 * f)
    r_max = int(np.sqrt(FRAME_AREA[1] * w * h) / 2 * f)
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small, (5, 5), 1.0),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=max(4, r_min // 2),
        param1=120,
        param2=30,
        minRadius=max(6, r_min),
        maxRadius=max(7, r_max),
    )
    if circles is None:
        return []
    # the view's circle is a few pixels off: a wider edge band screens it first
    near = cv2.dilate(strong.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    inset = 0.02 * min(w, h)  # a pasted picture sits inside the banner, a photo's plates
    found: list[Box] = []  # and cups run off its edges
    # Hough lists circles by votes: a texture yields hundreds, a pasted picture is
    # among the first
    for c in sorted(circles[0][:DISC_CANDIDATES] / f, key=lambda c: -c[2]):
        b = Box(c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2])
        if b.x0 < inset or b.y0 < inset or b.x1 > w - inset or b.y1 > h - inset:
            continue
        if any(o.intersects(b) for o in found) or occupied[b.clipped(w, h).pixels()].mean() > 0.3:
            continue
        if any(b.intersection(k) > 0.3 * k.area for k in keep_out):
            continue
        if _circle_support(near, b) < DISC_SCREEN:
            continue
        cx, cy, r = _refine_circle(strong, c, 1.0 / f)
        b = _refine_ellipse(strong, Box(cx - r, cy - r, cx + r, cy + r))
        support = _circle_support(strong, b)
        distinct = support - _circle_support(strong, b.padded(DISC_BAND * r))
        if (support >= DISC_SUPPORT and distinct >= DISC_DISTINCT) or (
            support >= DISC_SUPPORT_CLEAR and distinct >= DISC_DISTINCT_CLEAR
        ):
            found.append(b)
    return found


def _refine_ellipse(strong: np.ndarray, b: Box) -> Box:
    """The ellipse inscribed in a box near ``b`` (a circle's) whose outline lies best on
    edges: a round picture squeezed a few per cent (672x650) strays off any circle by
    more than the edges' width along a quarter of its outline."""
    best = (_circle_support(strong, b), b)
    for ax in np.linspace(-DISC_SQUEEZE, DISC_SQUEEZE, 9):
        for ay in np.linspace(-DISC_SQUEEZE, DISC_SQUEEZE, 9):
            e = b.padded(b.w / 2 * ax, b.h / 2 * ay)
            sup = _circle_support(strong, e)
            if sup > best[0]:
                best = (sup, e)
    return best[1]


def _refine_circle(strong: np.ndarray, c: np.ndarray, step: float) -> tuple[float, float, float]:
    """The circle near ``c`` (cx, cy, r found on a view ``step`` times smaller) whose
    outline lies best on the working resolution's edges."""
    shifts = np.linspace(-1.5 * step, 1.5 * step, 7)
    # every candidate at once, in the order (radius, y, x) a loop would take them, so the
    # first of equally good circles wins as before
    dr, dy, dx = np.meshgrid(
        np.linspace(-0.08 * c[2], 0.08 * c[2], 9), shifts, shifts, indexing="ij"
    )
    cx, cy, r = (c[0] + dx).ravel(), (c[1] + dy).ravel(), (c[2] + dr).ravel()
    best = int(np.argmax(_ellipse_supports(strong, cx - r, cy - r, cx + r, cy + r)))
    return float(cx[best]), float(cy[best]), float(r[best])


def _round_frame(img: np.ndarray, box: Box) -> Box | None:
    """A product photo framed in a circle, inside a region of rare colours.

    On a photograph the rare region around a framed product takes in whatever else of
    the picture is rare too (a dark figure beside it). A frame has a crisp outline all
    the way round, which a round thing in the photo seldom has: the strongest circle
    whose outline is an edge along most of its length is the product's extent.
    """
    h, w = img.shape[:2]
    win = box.clipped(w, h)
    x0, y0 = int(win.x0), int(win.y0)
    crop = img[win.pixels()]
    ch, cw = crop.shape[:2]
    if min(ch, cw) < 24:
        return None
    g = _gray(crop)
    found = cv2.HoughCircles(
        cv2.GaussianBlur(g, (5, 5), 1.5),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=max(8, min(ch, cw) // 3),
        param1=120,
        param2=40,
        minRadius=int(0.25 * min(ch, cw)),
        maxRadius=int(0.6 * max(ch, cw)),
    )
    if found is None:
        return None
    cx, cy, r = (float(v) for v in found[0][0])
    inside = (cx - r >= -1) & (cy - r >= -1) & (cx + r <= cw + 1) & (cy + r <= ch + 1)
    circle = Box(cx - r, cy - r, cx + r, cy + r)
    if not inside or _circle_support(_edges(crop)[2], circle) < ROUND_FRAME_SUPPORT:
        return None
    if (2 * r) ** 2 < 0.35 * ch * cw:
        return None
    return Box(x0 + cx - r, y0 + cy - r, x0 + cx + r, y0 + cy + r).clipped(w, h)


def _disc(box: Box) -> np.ndarray:
    """The mask of the ellipse inscribed in ``box`` (work pixels): a round frame's
    outline (a circle in a square box)."""
    h, w = max(1, int(round(box.h))), max(1, int(round(box.w)))
    yy, xx = np.mgrid[0:h, 0:w]
    return ((xx + 0.5 - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - h / 2) / (h / 2)) ** 2 <= 1.0
