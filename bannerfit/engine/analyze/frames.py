"""Framed pictures: boxes with a crisp edge along all four sides, inside a
foreground blob of a plain banner or pasted on a photo in a (rounded) rectangle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np

from bannerfit.engine.analyze.discs import FRAME_AREA
from bannerfit.engine.analyze.edges import ROUND_FRAME_EDGE, _edges, _side_support
from bannerfit.engine.analyze.pixels import _flat_marks
from bannerfit.engine.geometry import Box

#: _framed_boxes: a picture's box has a strong edge along this share of each side; a
#: foreground blob is taken as its framed pictures (the rest flat decoration) when they
#: hold FRAMED_DETAIL_SHARE of its detailed (not locally flat) pixels
FRAME_SIDE_SUPPORT = 0.75
#: ... and frames with this much support on every side are taken before the others
#: (three rounded pictures side by side: each 1.0; a box from the first one's left side
#: to an edge inside the second, 0.89, had been taken first as the larger)
FRAME_CLEAN_SUPPORT = 0.95
#: _framed_boxes reads the edges on the blob's box grown by this many pixels, and
#: tries boxes of the LONG_RUNS_MAX longest horizontal and vertical edges
FRAME_CROP_PAD = 3
LONG_RUNS_MAX = 12
FRAMED_DETAIL_SHARE = 0.7
#: a picture pasted on a photo: its sides run along steps (_pasted_outlines: a colour
#: gradient over PASTED_EDGE_MIN and PASTED_EDGE_RATIO times those 4-8 px to either side)
#: over FRAME_PASTED_SUPPORT of their middle, and the box FRAME_DISTINCT_GROW of its
#: short side outside it along under FRAME_DISTINCT on average
PASTED_EDGE_MIN = 24.0
PASTED_EDGE_RATIO = 2.5
FRAME_PASTED_SUPPORT = 0.85
#: ... but one side, where the picture meets a part of the photo of its own tone (a cup
#: shot's dark saucer on the shadow under it), along at least FRAME_PASTED_WEAK_SIDE
FRAME_PASTED_WEAK_SIDE = 0.35
#: ... if it covers this share of the canvas (on bricks a box between mortar lines
#: under a button has three clear sides and a faint one) and touches no element (no more
#: than FRAME_WEAK_CLEAR of the box FRAME_DISTINCT_GROW around it is taken)
FRAME_WEAK_AREA = 0.05
FRAME_WEAK_CLEAR = 0.02
FRAME_DISTINCT_GROW = 0.05
FRAME_DISTINCT = 0.5
#: _rounded_outline tries corner radii up to this share of the picture's short side
CORNER_REACH = 0.3
#: _framed_boxes: a picture's side is off a strong edge between two stretches on it
#: for at most this share of its length (the gap between two pictures is more)
FRAME_SIDE_GAP = 0.08


def _framed_boxes(
    work: np.ndarray,
    region: Box,
    occupied: np.ndarray,
    hiding: Sequence[Box] = (),
    supports: tuple[float, ...] = (FRAME_CLEAN_SUPPORT, FRAME_SIDE_SUPPORT),
    outlines: Callable[[np.ndarray], OutlineMaps] | None = None,
    weak_side: float = 1.0,
) -> list[Box]:
    """Pictures inside ``region``: boxes with a crisp edge along all four sides.

    A product photo overlapping decorative circles is one foreground blob with them, but
    its picture has straight sides. Long horizontal and vertical edge runs give the
    candidate top/bottom rows and left/right columns; a box of them is a picture when
    the middle of each side runs along a strong edge (FRAME_SIDE_SUPPORT), it covers at
    least FRAME_AREA[0] of the canvas, holds detail (a flat rectangle is a decoration)
    and is no panel under text (``occupied``). Largest first, none nested.

    A badge stuck over a picture's corner (``hiding``) hides that stretch of its sides:
    there the side counts as seen and the badge as no text, or the largest frame left is
    an edge inside the photo.

    ``supports`` are the passes' least side support, ``outlines`` where edges run (by
    default strong grey-level edges; on a photo, _pasted_outlines), and ``weak_side``
    what one side may have when the other three have a pass's support.
    """
    h, w = work.shape[:2]
    if hiding:
        occupied = occupied.copy()
        for hidden in hiding:
            occupied[hidden.clipped(w, h).pixels()] = False
    # a few pixels past the blob: its outermost picture's outline lies on its border,
    # where the gradient (reflected at the crop's edge) does not see it
    win = region.padded(FRAME_CROP_PAD).clipped(w, h)
    x0, y0 = int(win.x0), int(win.y0)
    crop = work[win.pixels()]
    side = int(0.5 * np.sqrt(FRAME_AREA[0] * w * h))
    if min(crop.shape[:2]) < max(16, side):
        return []
    along_rows, along_cols, strong = (outlines or _outline_maps)(crop)
    for hidden in hiding:
        strong[hidden.moved(-x0, -y0).clipped(crop.shape[1], crop.shape[0]).pixels()] = True
    rows = _long_runs(along_rows, side)
    cols = _long_runs(along_cols.T, side)
    cands = [
        Box(left, top, right + 1, bottom + 1)
        for top in rows
        for bottom in rows
        if bottom - top >= side
        for left in cols
        for right in cols
        if right - left >= side and 0.25 <= (right - left) / (bottom - top) <= 4
    ]
    found: list[Box] = []
    # frames whose four sides are whole edges first: a box from one picture's left side
    # to an edge inside its neighbour (two pictures side by side, with the gap between
    # them in its top and bottom) is nearly as well supported, and larger
    for least in supports:
        for inner in sorted(cands, key=lambda b: -b.area):
            b = inner.moved(x0, y0)
            if b.area < FRAME_AREA[0] * w * h or any(f.intersects(b) for f in found):
                continue
            if occupied[b.pixels()].mean() > 0.05:
                continue
            sides = _side_support(strong, inner)
            weak = int(np.argmin(sides))
            if sides[weak] < least and (sides[weak] < weak_side or sorted(sides)[1] < least):
                continue
            skip = weak if sides[weak] < least else None
            # on the clean pass, a side running over the gap between two pictures (their
            # top edges, the ground between them, the next one's corner) is no picture's
            # side, though the gap hides in the side's unmeasured end: a clean picture's
            # dropouts are short (a badge over a picture's side is a longer one, found
            # on the second pass, where the boxes across gaps meet the clean ones)
            if least == supports[0] and _interior_gap(strong, inner, skip) > FRAME_SIDE_GAP:
                continue
            core = crop[inner.padded(-0.15 * min(inner.w, inner.h)).pixels()]
            if core.size == 0 or float(core.std(axis=(0, 1)).max()) < 0.03:
                continue
            found.append(b)
    return sorted(found, key=lambda b: -b.area)


def _pasted_pictures(work: np.ndarray, taken: np.ndarray, badges: list[Box]) -> list[Box]:
    """Pictures pasted on a photo in (rounded) rectangles, in work pixels.

    Boxes with four clear sides first (a box with one weak side can be a clear picture
    run on to a line of the photo past it), then large ones with one weak side that
    touch no element (``taken``). Each stands out from the photo around it."""
    h, w = work.shape[:2]
    taken = taken.copy()
    found: list[Box] = []
    # the whole picture's steps, found once for both passes (each pass marks the badges
    # on its own copy of the outline map)
    rows, cols, strong = _pasted_outlines(work)

    def outlines(_: np.ndarray) -> OutlineMaps:
        return rows, cols, strong.copy()

    for weak, least_area in ((1.0, FRAME_AREA[0]), (FRAME_PASTED_WEAK_SIDE, FRAME_WEAK_AREA)):
        framed = _framed_boxes(
            work, Box(0, 0, w, h), taken, badges, (FRAME_PASTED_SUPPORT,), outlines, weak
        )
        for pic in framed:
            if any(pic.intersection(b) > 0.5 * pic.area for b in badges):
                continue  # a badge's own box (its area counts as the pictures' edges)
            if not least_area * w * h <= pic.area <= FRAME_AREA[1] * w * h:
                continue
            around = pic.padded(FRAME_DISTINCT_GROW * min(pic.w, pic.h)).clipped(w, h)
            if weak < 1.0 and taken[around.pixels()].mean() > FRAME_WEAK_CLEAR:
                continue  # sides borrowed from the elements around it (a gap between them)
            if _stands_out(work, pic):
                found.append(pic)
                taken[pic.clipped(w, h).pixels()] = True
    return found


def _stands_out(work: np.ndarray, pic: Box) -> bool:
    """Whether a framed box's outline is its own: a box a little outside it lies on
    strong edges along under FRAME_DISTINCT of its sides (on gravel or foliage every box
    does, and a box there is no pasted picture)."""
    h, w = work.shape[:2]
    grow = max(3.0, FRAME_DISTINCT_GROW * min(pic.w, pic.h))
    outer = pic.padded(grow)
    if outer.x0 < 0 or outer.y0 < 0 or outer.x1 > w or outer.y1 > h:
        return False  # a picture at the edge: nothing outside to tell it by
    win = outer.padded(2).clipped(w, h)
    strong = _pasted_outlines(work[win.pixels()])[2]
    around = _side_support(strong, outer.moved(-int(win.x0), -int(win.y0)))
    return float(np.mean(around)) < FRAME_DISTINCT


def _rounded_outline(work: np.ndarray, pic: Box) -> np.ndarray:
    """The mask (work pixels) of a picture framed on a photo: its box with the corner
    radius whose arcs its outline follows best.

    Lifted as its box, a picture with rounded corners brings four slivers of the photo
    under it along; cut out by colour (GrabCut), a cup shot lost its saucer and spoon.
    """
    h, w = work.shape[:2]
    win = pic.padded(2).clipped(w, h)
    strong = _pasted_outlines(work[win.pixels()])[2]
    sh, sw = strong.shape
    x0, y0 = pic.x0 - win.x0, pic.y0 - win.y0
    x1, y1 = x0 + pic.w - 1, y0 + pic.h - 1
    reach = CORNER_REACH * min(pic.w, pic.h)
    best_r, best = 0.0, -1.0
    for r in np.linspace(0.0, reach, 16):
        # each corner's path: the side from the arc's end to ``reach``, and the arc
        straight = np.arange(r, reach)
        turn = np.linspace(0.0, np.pi / 2, max(2, int(np.pi * r / 2)))
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        for cx, cy, dx, dy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x0, y1, 1, -1), (x1, y1, -1, -1)):
            xs += [cx + dx * straight, np.full_like(straight, cx)]
            ys += [np.full_like(straight, cy), cy + dy * straight]
            xs.append(cx + dx * (r - r * np.cos(turn)))
            ys.append(cy + dy * (r - r * np.sin(turn)))
        px = np.clip(np.round(np.concatenate(xs)).astype(int), 0, sw - 1)
        py = np.clip(np.round(np.concatenate(ys)).astype(int), 0, sh - 1)
        support = float(strong[py, px].mean())
        if support > best + 0.02:
            best_r, best = float(r), support
    mh, mw = max(1, int(round(pic.h))), max(1, int(round(pic.w)))
    mask = np.zeros((mh, mw), np.uint8)
    ri = int(round(best_r))
    cv2.rectangle(mask, (ri, 0), (mw - 1 - ri, mh - 1), 1, -1)
    cv2.rectangle(mask, (0, ri), (mw - 1, mh - 1 - ri), 1, -1)
    for cx, cy in ((ri, ri), (mw - 1 - ri, ri), (ri, mh - 1 - ri), (mw - 1 - ri, mh - 1 - ri)):
        cv2.circle(mask, (cx, cy), ri, 1, -1)
    return mask.astype(bool)


def _framed_hold_detail(work: np.ndarray, blob: np.ndarray, box: Box, framed: list[Box]) -> bool:
    """Whether framed pictures hold nearly all the detail of a foreground blob.

    Then the rest of the blob is flat decoration merged with them; a picture with
    straight edges inside it (a shelf in a product photo) leaves most detail outside.
    """
    if not framed:
        return False
    crop = work[box.pixels()]
    detail = blob & ~_flat_marks(crop)
    inside = np.zeros_like(detail)
    for f in framed:
        inside[f.moved(-box.x0, -box.y0).clipped(box.w, box.h).pixels()] = True
    total = int(detail.sum())
    return total > 0 and float((detail & inside).sum()) >= FRAMED_DETAIL_SHARE * total


def _long_runs(edge: np.ndarray, length: int) -> list[int]:
    """Rows of ``edge`` (bool) holding a run of at least ``length`` pixels, one per band
    of adjacent rows (an edge is two or three pixels thick): the LONG_RUNS_MAX bands with
    the most such pixels, in order. (The first ones from the top were kept: a rocket
    photo's launch tower took them all before the photo's own right side.)"""
    kernel = np.ones((1, max(3, length)), np.uint8)
    long_px = cv2.morphologyEx(edge.astype(np.uint8), cv2.MORPH_OPEN, kernel).sum(axis=1)
    bands: list[tuple[int, int]] = []  # (middle row, most long-run pixels in a row)
    y = 0
    while y < len(long_px):
        if long_px[y]:
            start = y
            while y < len(long_px) and long_px[y]:
                y += 1
            bands.append(((start + y - 1) // 2, int(long_px[start:y].max())))
        y += 1
    strongest = sorted(bands, key=lambda b: -b[1])[:LONG_RUNS_MAX]
    return sorted(mid for mid, _ in strongest)


def _interior_gap(strong: np.ndarray, b: Box, skip: int | None = None) -> float:
    """The longest stretch off a strong edge along any side of ``b`` (but side ``skip``,
    in _side_support's order) that does not reach the side's end, as a share of the
    side's length."""
    h, w = strong.shape
    x0, y0 = max(0, int(b.x0)), max(0, int(b.y0))
    x1, y1 = min(w - 1, int(b.x1) - 1), min(h - 1, int(b.y1) - 1)
    sides = (
        strong[y0, x0 : x1 + 1],
        strong[y1, x0 : x1 + 1],
        strong[y0 : y1 + 1, x0],
        strong[y0 : y1 + 1, x1],
    )
    worst = 0.0
    for i, side in enumerate(sides):
        if side.size < 3 or i == skip:
            continue
        on = np.flatnonzero(side)
        if on.size < 2:
            continue
        # stretches between two edge pixels: interior by construction
        worst = max(worst, float(np.diff(on).max() - 1) / side.size)
    return worst


#: where horizontal edges run, where vertical ones run, and where an outline runs
OutlineMaps = tuple[np.ndarray, np.ndarray, np.ndarray]


def _outline_maps(img: np.ndarray) -> OutlineMaps:
    """Strong grey-level edges, split by direction: a picture's sides on a plain ground."""
    gx, gy, strong = _edges(img)
    return (gy > ROUND_FRAME_EDGE) & (gy > gx), (gx > ROUND_FRAME_EDGE) & (gx > gy), strong


def _pasted_outlines(img: np.ndarray) -> OutlineMaps:
    """Edges that stand out from the picture around them, split by direction.

    A picture pasted on a photo of the same colours (a cup on the coffee table it was
    cut from, a retina on a red spacesuit) meets it in a step that can be faint in grey,
    but it is a step in some colour channel several times stronger than the gradients a
    few pixels to either side of it, and it runs straight; a photo's own texture has no
    long straight runs of such steps.
    """
    u8 = (np.clip(img, 0, 1) * 255).astype(np.uint8)
    gx = np.max([np.abs(cv2.Sobel(u8[..., c], cv2.CV_32F, 1, 0, ksize=3)) for c in range(3)], 0)
    gy = np.max([np.abs(cv2.Sobel(u8[..., c], cv2.CV_32F, 0, 1, ksize=3)) for c in range(3)], 0)
    # the gradients 4 to 8 pixels to either side, across the edge
    flank = np.zeros((17, 1), np.float32)
    flank[:5] = flank[-5:] = 0.1
    across_rows = cv2.filter2D(gy, -1, flank, borderType=cv2.BORDER_REFLECT)
    across_cols = cv2.filter2D(gx, -1, flank.T, borderType=cv2.BORDER_REFLECT)
    rows = (gy > PASTED_EDGE_MIN) & (gy > PASTED_EDGE_RATIO * across_rows) & (gy > gx)
    cols = (gx > PASTED_EDGE_MIN) & (gx > PASTED_EDGE_RATIO * across_cols) & (gx > gy)
    return rows, cols, cv2.dilate((rows | cols).astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
