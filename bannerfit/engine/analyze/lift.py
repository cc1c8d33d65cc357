"""An element's pixels lifted at full resolution: un-mixed from the plate behind
it, drawn with a solid shape's outline for alpha, taken as a box of a picture with a
margin to fade out in, or cut out of that box as a silhouette (GrabCut).
"""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.analyze.pixels import _fill_holes
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Layer

#: share of its short side lifted around an element cut from a busy picture as a box
RECT_MARGIN = 0.12
#: _cut_out: GrabCut runs on the lifted product at most this many pixels on its long
#: side, and its silhouette is used when it keeps this share of the product's box
CUT_OUT_VIEW_PX = 240
CUT_OUT_SHARE = (0.3, 0.97)
#: _clear_neighbours: a blob of a layer lying this much in a neighbour's box is the
#: neighbour's
NEIGHBOUR_BLOB_SHARE = 0.7


def _cut_out(layer: Layer, own: Box) -> Layer:
    """A product lifted off a photo or texture as its silhouette instead of a rectangle.

    GrabCut (colour models of the object and of the picture, a graph cut between them)
    is seeded with the lifted margin as certain background. It is trusted only when it
    keeps a plausible share of the box in one piece; otherwise the rectangle, which at
    worst brings a little of the picture along, stays.
    """
    rgba = layer.rgba
    ch, cw = rgba.shape[:2]
    f = min(1.0, CUT_OUT_VIEW_PX / max(ch, cw))
    sw, sh = max(8, int(round(cw * f))), max(8, int(round(ch * f)))
    small = cv2.resize(
        (np.clip(rgba[..., :3], 0, 1) * 255).astype(np.uint8),
        (sw, sh),
        interpolation=cv2.INTER_AREA,
    )
    fx, fy = sw / cw, sh / ch
    rx0 = int(np.floor((own.x0 - layer.box.x0) * fx))
    ry0 = int(np.floor((own.y0 - layer.box.y0) * fy))
    rx1 = int(np.ceil((own.x1 - layer.box.x0) * fx))
    ry1 = int(np.ceil((own.y1 - layer.box.y0) * fy))
    rx0, ry0, rx1, ry1 = max(1, rx0), max(1, ry0), min(sw - 1, rx1), min(sh - 1, ry1)
    if rx1 - rx0 < 8 or ry1 - ry0 < 8:
        return layer
    mask = np.zeros((sh, sw), np.uint8)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(0)
    cv2.grabCut(small, mask, (rx0, ry0, rx1 - rx0, ry1 - ry0), bgd, fgd, 4, cv2.GC_INIT_WITH_RECT)
    fg = ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.uint8)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    if n < 2:
        return layer
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    fg = _fill_holes(lab == biggest)
    share = float(fg.sum()) / ((rx1 - rx0) * (ry1 - ry0))
    if not CUT_OUT_SHARE[0] <= share <= CUT_OUT_SHARE[1]:
        return layer
    alpha = cv2.resize(fg.astype(np.float32), (cw, ch), interpolation=cv2.INTER_LINEAR)
    alpha = cv2.GaussianBlur(alpha, (0, 0), max(0.6, 0.5 / f))
    return Layer(layer.box, np.dstack([rgba[..., :3], np.clip(alpha, 0, 1)]).astype(np.float32))


def _margin_short_of(lifted: Box, own: Box, others: list[Box]) -> Box:
    """The lifted box with each side pulled back before a neighbouring element.

    The margin is there to fade out in; reaching into a button or a line of text next
    to the element would paste a sliver of that neighbour a second time elsewhere.
    """
    x0, y0, x1, y1 = lifted.x0, lifted.y0, lifted.x1, lifted.y1
    for o in others:
        if o.intersects(own) or not o.intersects(Box(x0, y0, x1, y1)):
            continue
        if o.y1 <= own.y0:
            y0 = max(y0, min(own.y0, o.y1))
        elif o.y0 >= own.y1:
            y1 = min(y1, max(own.y1, o.y0))
        elif o.x1 <= own.x0:
            x0 = max(x0, min(own.x0, o.x1))
        elif o.x0 >= own.x1:
            x1 = min(x1, max(own.x1, o.x0))
    return Box(x0, y0, x1, y1)


def _clear_neighbours(alpha: np.ndarray, crop: Box, own: Box, others: list[Box]) -> np.ndarray:
    """Leave out pieces of a neighbour reaching into this element's box (a logo under a
    product's shadow): pasted elsewhere, they would show as a cut fragment beside the
    neighbour's real copy. A piece is a connected blob of the layer lying mostly in the
    box of a smaller neighbour (the smaller one owns the contested pixels: the dot of a
    logo's i under a product's shadow stays with the logo); what lies wholly inside the
    element (a badge on a product) is part of it, and a blob that only touches a
    neighbour's box stays."""
    h, w = alpha.shape
    theirs = np.zeros((h, w), bool)
    for o in others:
        # the smaller of two overlapping elements owns the contested pixels
        if own.contains(o, tol=2) or not o.intersects(crop) or o.area >= own.area:
            continue
        b = o.padded(2)
        i0, j0 = max(0, int(b.x0 - crop.x0)), max(0, int(b.y0 - crop.y0))
        i1, j1 = min(w, int(np.ceil(b.x1 - crop.x0))), min(h, int(np.ceil(b.y1 - crop.y0)))
        theirs[j0:j1, i0:i1] = True
    if not theirs.any():
        return alpha
    n, labels = cv2.connectedComponents((alpha > 0.1).astype(np.uint8), connectivity=8)
    if n < 2:
        return alpha
    sizes = np.bincount(labels.ravel(), minlength=n)
    inside = np.bincount(labels[theirs], minlength=n)
    gone = (inside >= NEIGHBOUR_BLOB_SHARE * sizes) & (np.arange(n) > 0)
    if not gone.any():
        return alpha
    return np.where(gone[labels], 0.0, alpha).astype(np.float32)


def _shape_layer(src: np.ndarray, box: Box, mask_w: np.ndarray) -> Layer | None:
    """The pixels of ``box`` (full resolution) with a solid shape's outline for alpha:
    ``mask_w``, its mask in working pixels over the box, drawn at full size with a soft
    edge. None for a box under two pixels across."""
    H, W = src.shape[:2]
    b = box.clipped(W, H)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    crop = src[y0:y1, x0:x1]
    ch, cw = crop.shape[:2]
    if ch < 2 or cw < 2:
        return None
    mm = cv2.resize(mask_w.astype(np.float32), (cw, ch), interpolation=cv2.INTER_LINEAR)
    alpha = np.clip(cv2.GaussianBlur(mm, (0, 0), 0.6), 0, 1).astype(np.float32)
    return Layer(Box(x0, y0, x1, y1), np.dstack([crop, alpha]).astype(np.float32))


def _lift_layer(
    src: np.ndarray,
    box: Box,
    plate: np.ndarray,
    s: float,
    mask_w: np.ndarray | None,
    box_w: Box,
    solid: bool,
    rect: bool,
    others: list[Box] | None = None,
) -> Layer:
    """Full-resolution RGBA of an element, un-mixed from the background behind it."""
    H, W = src.shape[:2]
    pad = 2.0 / s
    if rect:
        # a margin of the surrounding picture comes along, for the paste to fade out in
        lifted_as_box = solid and mask_w is None
        pad = max(2.0 / s, RECT_MARGIN * min(box.w, box.h)) if lifted_as_box else 0.0
    b = box.padded(pad).clipped(W, H)
    if pad > 2.0 / s:
        b = _margin_short_of(b, box, others or [])
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    crop = src[y0:y1, x0:x1]
    ch, cw = crop.shape[:2]
    if rect and solid and mask_w is not None:
        # a solid shape found by its colour (button, mark): its own outline, not a box
        shaped = _shape_layer(src, Box(x0, y0, x1, y1), mask_w)
        if shaped is not None:
            return shaped
    if rect or ch < 2 or cw < 2:
        alpha = np.ones((ch, cw), np.float32)
        return Layer(Box(x0, y0, x1, y1), np.dstack([crop, alpha]).astype(np.float32), rect=True)
    px0, py0 = x0 * s, y0 * s
    pw, ph = max(1, int(round(cw * s))), max(1, int(round(ch * s)))
    pc = plate[int(py0) : int(py0) + ph + 2, int(px0) : int(px0) + pw + 2]
    bgc = (
        cv2.resize(pc, (cw, ch), interpolation=cv2.INTER_LINEAR) if pc.size else np.zeros_like(crop)
    )
    r = colour_distance(crop, bgc)
    top = max(0.15, float(np.percentile(r, 99)))
    alpha = np.clip((r - 0.03) / (0.85 * top - 0.03), 0, 1).astype(np.float32)
    if solid:
        hard = (r > 0.08).astype(np.uint8)
        hard = cv2.morphologyEx(hard, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)).astype(bool)
        filled = _fill_holes(hard)
        if mask_w is not None:
            mm = cv2.resize(mask_w.astype(np.uint8), (cw, ch), interpolation=cv2.INTER_NEAREST)
            filled |= cv2.erode(mm, np.ones((3, 3), np.uint8)).astype(bool)
        inner = cv2.erode(filled.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        alpha = np.where(inner, 1.0, np.where(filled, np.maximum(alpha, 0.5), alpha)).astype(
            np.float32
        )
    alpha = _clear_neighbours(alpha, Box(x0, y0, x1, y1), box, others or [])
    a3 = np.maximum(alpha, 1e-3)[..., None]
    color = np.clip(bgc + (crop - bgc) / a3, 0, 1)
    color = np.where(alpha[..., None] > 0.02, color, crop)
    return Layer(Box(x0, y0, x1, y1), np.dstack([color, alpha]).astype(np.float32))
