"""Text lines: the detector's lines, told from the pictures it fires on, tightened
to their ink, and measured (stroke width, baseline) for grouping into blocks.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from bannerfit.engine.analyze.mattes import MATTE_MIN_CONTRAST, _ink_side
from bannerfit.engine.analyze.pixels import _ring
from bannerfit.engine.analyze.state import _Canvas
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.textdet import detect_lines

#: _tighten: a line's text continues past where its frame's colour ends for as long as
#: columns hold pixels this close (max channel, 0..1) to the ink's colour
INK_COLOUR_DISTANCE = 0.12
#: a detector "line" narrower than PICTURE_LINE_ASPECT x its height and taller than
#: PICTURE_LINE_SHARE of the banner's long side is a picture, not text
PICTURE_LINE_ASPECT = 1.5
PICTURE_LINE_SHARE = 0.2
#: ... unless this share of its pixels is one of three colours (_glyph_like)
GLYPH_TWO_COLOURS = 0.85
GLYPH_SAMPLE = 20000
#: _tighten: when the ink rows of a line box cover TIGHTEN_ALL_ROWS of it and its border
#: holds two plain colours (spread over TIGHTEN_MIXED_BORDER, with top and bottom rows
#: stepping less than TIGHTEN_SMOOTH_STEP from pixel to pixel on average), its ink is
#: measured against each pixel's own column's and row's ends
TIGHTEN_ALL_ROWS = 0.95
TIGHTEN_MIXED_BORDER = 0.15
TIGHTEN_SMOOTH_STEP = 0.005


@dataclass
class _Line:
    box: Box  # in work pixels
    score: float
    used: bool = False


def _text_lines(canvas: _Canvas) -> list[_Line]:
    """The detector's text lines, tightened to their ink (working pixels).

    Everything else is measured against them: the first plate is fitted around them,
    and buttons, the logo, badges and text blocks are made of them. A picture the
    detector fired on is left out here, before it can pass for a word.
    """
    rgb, src, work, s = canvas.rgb, canvas.src, canvas.work, canvas.scale
    H, W = canvas.height, canvas.width
    # (a box's glyph test, asked by up to three of the filters below, is made once)
    glyph_like = functools.cache(lambda b: _glyph_like(src, b))
    raw = [
        (b, sc)
        for b, sc in detect_lines(rgb)
        if (b.h < 0.5 * H or glyph_like(b)) and b.w > 0.5 * b.h
    ]
    # a square blob a fifth of the banner tall is a picture the detector fired on (a
    # cat's eyes, a product shot), not a word: words that big are wider than tall
    # (a big price, "$2", is as square, but it is glyphs of one ink on a plain ground)
    raw = [
        (b, sc)
        for b, sc in raw
        if b.w >= PICTURE_LINE_ASPECT * b.h
        or b.h <= PICTURE_LINE_SHARE * max(H, W)
        or glyph_like(b)
    ]
    # photos sometimes fire the detector: a "line" far taller than the others is an image
    wide = [b.h for b, _ in raw if b.w >= 2.5 * b.h]
    if wide:
        ref_h = max(wide)
        raw = [(b, sc) for b, sc in raw if b.h <= 1.6 * ref_h or b.w >= 2.2 * b.h or glyph_like(b)]
    lines = [_Line(_tighten(work, b.scaled(s)), sc) for b, sc in raw]
    lines = [ln for ln in lines if ln.box.w >= 2 and ln.box.h >= 2]
    return lines


def _glyph_like(img: np.ndarray, box: Box) -> bool:
    """Whether a detected box holds glyphs of one ink on a plain ground: nearly all its
    pixels (GLYPH_TWO_COLOURS) near one of its three commonest colours (the ink and a
    ground that may shade across the box, a gradient's). A picture the detector fired
    on (a cat's eyes, a product shot) holds many more: on the kit and the own set, at
    most three quarters of such a box."""
    h, w = img.shape[:2]
    crop = img[box.clipped(w, h).pixels()]
    # a share of the box's pixels: a sample of about GLYPH_SAMPLE of them will do (the
    # detector fires on a whole plain banner's gradient, 0.1 s per analysis unsampled)
    step = max(1, int(np.sqrt(crop.shape[0] * crop.shape[1] / GLYPH_SAMPLE)))
    px = crop[::step, ::step].reshape(-1, 3)
    if len(px) < 16:
        return False
    q = np.clip((px * 15.99).astype(np.int32), 0, 15)
    keys = q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2]
    counts = np.bincount(keys, minlength=4096)
    near = np.zeros(len(px), bool)
    # (a box of fewer than three colours has fewer commonest ones: no empty means)
    for k in [k for k in np.argsort(counts)[-3:] if counts[k]]:
        colour = px[keys == k].mean(axis=0)
        near |= np.abs(px - colour).max(axis=1) < INK_COLOUR_DISTANCE
    return float(near.mean()) >= GLYPH_TWO_COLOURS


def _tighten(img: np.ndarray, box: Box) -> Box:
    """Shrink a detector box (which includes line spacing) to the ink of its glyphs.

    The colour between glyphs is the most common colour of the box's middle band; rows
    and columns holding some but not nearly all "other" pixels are the text.  Rows or
    columns that are almost all other colour lie outside the shape the text sits on.
    """
    h, w = img.shape[:2]
    b = box.clipped(w, h)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    patch = img[y0:y1, x0:x1]
    if patch.shape[0] < 4 or patch.shape[1] < 4:
        return b
    frame = np.concatenate(
        [
            patch[:2].reshape(-1, 3),
            patch[-2:].reshape(-1, 3),
            patch[:, :2].reshape(-1, 3),
            patch[:, -2:].reshape(-1, 3),
        ]
    )
    ph = patch.shape[0]
    band = patch[int(ph * 0.35) : max(int(ph * 0.35) + 1, int(ph * 0.65))].reshape(-1, 3)
    q = (band * 15.99).astype(np.int32)
    keys = q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2]
    mode = np.bincount(keys).argmax()
    # the frame's colour is the background unless the box overhangs a button: then the
    # most common colour between the glyphs is
    for bgc in (np.median(frame, axis=0), band[keys == mode].mean(axis=0)):
        ink = colour_distance(patch, bgc) > 0.2
        r_ok, c_ok = _text_rows_cols(ink)
        if r_ok.size >= 0.3 * ph and c_ok.size > 0:
            break
    if r_ok.size >= TIGHTEN_ALL_ROWS * ph and _two_plain_grounds(frame, patch):
        # every row holds "ink": the line runs onto a plain shape of another colour (a
        # pale blob under a sub-line's last words), which is "ink" against the border's
        # median in every row, so the line kept the detector's whole box. Each pixel is
        # measured against its own column's and row's ends instead.
        ends_ink = (colour_distance(patch, _ends_ground(patch)) > 0.2).all(axis=0)
        r_alt, c_alt = _text_rows_cols(ends_ink)
        if r_alt.size >= 0.3 * ph and c_alt.size > 0:
            ink, r_ok, c_ok = ends_ink, r_alt, c_alt
    if r_ok.size == 0 or c_ok.size == 0:
        return b
    first, last = _ink_coloured_reach(patch, ink, r_ok, c_ok)
    return Box(x0 + first, y0 + r_ok[0], x0 + last + 1, y0 + r_ok[-1] + 1).padded(1).clipped(w, h)


def _text_rows_cols(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a line box holding some ink but not nearly all (those that
    are almost all "ink" lie outside the shape the text sits on)."""
    r_ok = np.where((ink.sum(axis=1) >= 1) & (ink.mean(axis=1) < 0.9))[0]
    c_ok = np.where((ink.sum(axis=0) >= 1) & (ink.mean(axis=0) < 0.97))[0]
    return r_ok, c_ok


def _two_plain_grounds(frame: np.ndarray, patch: np.ndarray) -> bool:
    """Whether a line box's border holds two or more colours (spread over
    TIGHTEN_MIXED_BORDER) that change only smoothly along its top and bottom rows (plain
    shapes, a gradient; not gravel, grass or a photo, whose border is mixed everywhere
    and where the median holds)."""
    spread = float(np.ptp(np.percentile(frame, [10, 90], axis=0), axis=0).max())
    steps = np.abs(np.diff(patch[[0, -1]], axis=1)).max(axis=-1)
    return spread > TIGHTEN_MIXED_BORDER and float(steps.mean()) < TIGHTEN_SMOOTH_STEP


def _ends_ground(patch: np.ndarray) -> np.ndarray:
    """Two estimates of the ground under each pixel of a line's box, stacked: the median
    of its column's two top and two bottom pixels, and of its row's two left and two
    right ones. A pixel far from both is ink (over a plain shape the line runs onto, the
    columns' ends there are the shape's colour)."""
    cols = np.median(np.concatenate([patch[:2], patch[-2:]], axis=0), axis=0)
    rows = np.median(np.concatenate([patch[:, :2], patch[:, -2:]], axis=1), axis=1)
    h, w = patch.shape[:2]
    return np.stack([np.broadcast_to(cols, (h, w, 3)), np.broadcast_to(rows[:, None], (h, w, 3))])


def _ink_coloured_reach(
    patch: np.ndarray, ink: np.ndarray, r_ok: np.ndarray, c_ok: np.ndarray
) -> tuple[int, int]:
    """First and last columns of a line's text, following the ink's own colour.

    Where words run over a shape of another colour (a decorative circle), every column
    there differs from the frame's colour and reads as outside the text; letters of
    the ink's colour continue there, and a button's padding has none.
    """
    rows = patch[r_ok[0] : r_ok[-1] + 1]
    inked = ink[r_ok[0] : r_ok[-1] + 1, c_ok[0] : c_ok[-1] + 1]
    if inked.sum() < 4:
        return int(c_ok[0]), int(c_ok[-1])
    color = np.median(rows[:, c_ok[0] : c_ok[-1] + 1][inked], axis=0)
    has = (colour_distance(rows, color) < INK_COLOUR_DISTANCE).any(axis=0)
    gap = max(2, int(0.6 * len(rows)))

    def reach(start: int, step: int) -> int:
        end, miss, x = start, 0, start + step
        while 0 <= x < len(has) and miss <= gap:
            if has[x]:
                end, miss = x, 0
            else:
                miss += 1
            x += step
        return end

    return reach(int(c_ok[0]), -1), reach(int(c_ok[-1]), 1)


def _stroke_width(img: np.ndarray, box: Box, busy: bool = False) -> float:
    """Typical stroke thickness of the glyphs in a line box (work pixels).

    Ink is the minority side of an Otsu split of the line's grey levels, whichever its
    polarity; twice the distance transform's upper values is the stroke width. On a busy
    picture an Otsu split may separate two parts of the picture instead, so there ink
    is what lies far from the ground on the ink's side (see _ink_side).
    """
    h, w = img.shape[:2]
    crop = img[box.clipped(w, h).pixels()]
    if crop.shape[0] < 3 or crop.shape[1] < 3:
        return 1.0
    g = (cv2.cvtColor(np.clip(crop, 0, 1), cv2.COLOR_RGB2GRAY) * 255).astype(np.uint8)
    bw = _ink_of(g) if busy else None
    if bw is None:
        _, bw = cv2.threshold(g, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        if bw.mean() > 0.5:
            bw = 1 - bw
    if not bw.any():
        return 1.0
    dt = cv2.distanceTransform(bw.astype(np.uint8), cv2.DIST_L2, 3)
    return float(2.0 * np.percentile(dt[bw > 0], 90))


def _ink_of(g: np.ndarray) -> np.ndarray | None:
    """The ink of a text crop's grey levels (uint8) on a busy picture, by _ink_side, or
    None when the ink is not clearly off its ground."""
    lum = g.astype(np.float32) / 255.0
    ground, sign, reach = _ink_side(lum)
    if reach < MATTE_MIN_CONTRAST:
        return None
    return (sign * (lum - ground) >= 0.5 * reach).astype(np.uint8)


def _baseline(img: np.ndarray, box: Box) -> float:
    """The line's baseline: where its ink's rows drop most sharply below its middle.

    Descenders are sparse, but not always sparse enough for a density threshold: the
    descenders of "yoga" (two of four letters) hold over a third of its densest row, and
    a baseline taken where the ink falls under a third sat at their tips, so a reflowed
    "yoga" rode a descender's depth above the words beside it. The sharpest drop does not
    care how dense the descenders are; a line whose ink never drops by a third of its
    densest row (a busy picture's specks) ends at its box's bottom.
    """
    return _baseline_of(_line_ink(img, box), box)


def _baseline_of(found: tuple[np.ndarray, int] | None, box: Box) -> float:
    """_baseline from the line's ink (see _line_ink), for callers that measure it too."""
    if found is None or found[0].shape[0] < 4:
        return box.y1
    ink, y0 = found
    rows = np.concatenate([ink.sum(axis=1), [0]]).astype(np.float32)
    drop = rows[:-2] - rows[2:]  # drop[i]: from row i to row i + 2
    start = len(rows) // 2
    if start >= len(drop) or drop[start:].max() < rows.max() / 3:
        return box.y1
    return float(y0 + start + int(np.argmax(drop[start:])) + 1)


def _line_ink(img: np.ndarray, box: Box) -> tuple[np.ndarray, int] | None:
    """Where a line box's pixels stand off the colour just around it (a tenth of its
    height wide), and the box's top row; None for an empty box or ring."""
    h, w = img.shape[:2]
    b = box.clipped(w, h)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    patch = img[y0:y1, x0:x1]
    ring = _ring(img, b, max(1.0, b.h * 0.1))
    if patch.size == 0 or ring.size == 0:
        return None
    return colour_distance(patch, np.median(ring, axis=0)) > 0.2, y0
