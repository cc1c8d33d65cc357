"""Veils: translucent panels over a picture. Found by a step of one sign along
their four sides, they let the picture under them be recovered, and the words on them
be redrawn on a veil of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Panel

#: a translucent panel (veil) over a picture is searched for this many line heights
#: around its words (or VEIL_REACH_SHARE); its sides are read VEIL_GAP pixels out and in, where the picture
#: must step by at least VEIL_STEP (0-1 brightness) with one sign along VEIL_AGREEMENT
#: of the side; its opacity lies in VEIL_OPACITY and the straight fit of inside against
#: outside misses by at most VEIL_FIT_ERROR at the median
VEIL_REACH = 5.0
#: ... or this share of the picture's short side, if that is more (a sub-line far under
#: its headline on one veil)
VEIL_REACH_SHARE = 0.4
#: a veil is searched for around a block and up to this many of its nearest lines and
#: buttons (taken in one at a time)
VEIL_NEIGHBOURS = 4
VEIL_GAP = 3
VEIL_STEP = 0.05
VEIL_AGREEMENT = 0.9
VEIL_OPACITY = (0.2, 0.85)
VEIL_FIT_ERROR = 0.04
#: below this spread (variance per value) the picture along the sides is plain
VEIL_MIN_SPREAD = 1e-3
#: a near-opaque veil over a fine texture (light dots under a cream card) steps by one
#: sign nowhere: its sides are where the picture's spread (standard deviation of the
#: brightness in a band DAMP_BAND pixels wide, VEIL_GAP from the side) outside, at least
#: DAMP_MIN_SPREAD, falls to at most DAMP_RATIO of it inside; its opacity, read from
#: that ratio, lies in DAMP_OPACITY
DAMP_BAND = 6
#: ... and its opacity is read from bands this wide
DAMP_FIT_BAND = 18
DAMP_MIN_SPREAD = 0.01
DAMP_RATIO = 0.4
DAMP_OPACITY = (0.6, 0.95)
#: its corners (this share of its short side around each) are filled in, not recovered
VEIL_CORNER = 0.12
#: on a veil, ink is what would lie this far (0-1) outside the picture's range under it
GLYPH_OUT_OF_RANGE = 0.1
#: ... and the hole around it reaches this share of its line height (drop shadows)
GLYPH_GROW = 0.25


@dataclass(frozen=True)
class Veil:
    """A translucent panel over a picture: what lies under it is
    ``(seen - opacity * color) / (1 - opacity)``."""

    box: Box  # working-picture pixels
    opacity: float
    color: tuple[float, float, float]

    def panel(self, s: float) -> Panel:
        """The panel the words on it are redrawn with (``s``: working scale)."""
        return Panel(self.color, self.opacity, scrim=self.box.scaled(1 / s), veil=True)

    def under(self, seen: np.ndarray) -> np.ndarray:
        """What lies under the veil where it shows ``seen`` (unclipped)."""
        c = np.array(self.color, np.float32)
        return (seen - self.opacity * c) / (1.0 - self.opacity)

    def shows_picture(self, seen: np.ndarray) -> np.ndarray:
        """Where ``seen`` is what the veil over some picture can show: no picture seen
        through a veil of opacity a and colour c is brighter than ``(1 - a) + a * c`` or
        darker than ``a * c``; a pixel outside that range is ink drawn over the veil."""
        bare = self.under(seen)
        out_of_range = (bare < -GLYPH_OUT_OF_RANGE) | (bare > 1.0 + GLYPH_OUT_OF_RANGE)
        return np.asarray(~out_of_range.any(axis=-1))


def _veil_under(work: np.ndarray, bbox: Box, lh: float, neighbours: list[Box]) -> Veil | None:
    """The translucent panel a text block sits on over a picture, when there is one.

    A veil shows as a step of one sign in every row (column) crossing each of its four
    sides, within VEIL_REACH line heights of the words (or VEIL_REACH_SHARE of the
    picture); the pixels just outside and
    just inside its sides then fit ``inside = (1 - a) * outside + a * c`` for one
    opacity a and colour c. The picture's own edges are neither straight nor of one
    sign along a whole side, and do not fit one such line on four sides. A near-opaque
    veil over a fine texture is found instead by the texture it damps
    (_damped_veil_around).
    """
    lum = work.mean(axis=2)
    # a veil may hold more than the block (its sub-line, its button): its sides are
    # then searched for around the block and its nearest neighbours, nearest first,
    # so that no letter's edge is taken for the veil's
    near = sorted(
        (b for b in neighbours if not bbox.contains(b, tol=1.0)), key=lambda b: max(bbox.gap(b))
    )
    seen = _lines_unseen(lum.shape, near)
    group = bbox
    for extra in [None, *near[:VEIL_NEIGHBOURS]]:
        if extra is not None:
            group = group.union(extra)
        veil = _veil_around(work, lum, group, lh) or _damped_veil_around(work, lum, seen, group, lh)
        if veil is not None:
            return veil
    return None


def _lines_unseen(shape: tuple[int, ...], lines: list[Box]) -> np.ndarray:
    """Where the damping test (_damped_side) looks: everywhere but the other lines'
    boxes, grown by a quarter of their height (their drop shadows). The letters of a
    line above a sub-line were a texture to it, and the gap between them the inside of
    a veil; filled in with their ground instead, a line looked like a veil's inside."""
    seen = np.ones(shape[:2], np.float32)
    h, w = shape[:2]
    for b in lines:
        seen[b.padded(0.25 * b.h).clipped(w, h).pixels()] = 0.0
    return seen


def _damped_veil_around(
    work: np.ndarray, lum: np.ndarray, seen: np.ndarray, bbox: Box, lh: float
) -> Veil | None:
    """The near-opaque veil whose four sides run around bbox, found by the texture it
    damps (see DAMP_BAND): public_020's cream card over light dots, 0.04 brighter than
    the dots' mean, so that a white dot outside is brighter than the card and a grey
    gap darker; no step of one sign runs along its sides."""
    h, w = work.shape[:2]
    found: list[int] = []
    for start, stop, span, axis in _side_searches(bbox, lh, h, w):
        at = _damped_side(lum, seen, start, stop, span, axis)
        if at is None:
            return None
        found.append(at)
    box = Box(*found)
    if box.w < 4 * (VEIL_GAP + DAMP_BAND) or box.h < 4 * (VEIL_GAP + DAMP_BAND):
        return None
    # the fit's wider bands reach the words on the veil: they are no texture
    unseen_words = seen.copy()
    unseen_words[bbox.padded(0.25 * lh).clipped(w, h).pixels()] = 0.0
    fit = _damped_fit(work, unseen_words, box)
    if fit is None:
        return None
    return Veil(box, fit[0], fit[1])


def _damped_side(
    lum: np.ndarray, seen: np.ndarray, start: int, stop: int, span: tuple[int, int], axis: str
) -> int | None:
    """Where along one side's search (from start towards stop) the picture's spread
    outside falls to DAMP_RATIO of it or less inside, through the whole span: the
    strongest fall of the first run of such positions (see _veil_side). Only ``seen``
    pixels count; a band mostly unseen shows no fall. None where there is none."""
    if axis == "x":
        band, weight = lum[span[0] : span[1]], seen[span[0] : span[1]]
    else:
        band, weight = lum[:, span[0] : span[1]].T, seen[:, span[0] : span[1]].T
    if band.shape[0] < 8:
        return None
    n = band.shape[1]
    d, b = VEIL_GAP, DAMP_BAND
    step = 1 if stop > start else -1
    start = max(d + b, min(n - d - b - 1, start))
    stop = max(d + b, min(n - d - b - 1, stop))
    if (stop - start) * step <= 0:
        return None
    # counts, sums and squares of the seen values per column, cumulated across columns,
    # give any band's mean and spread at once
    wb = (band * weight).astype(np.float64)

    def cumulated(per_column: np.ndarray) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(per_column)])

    counts = cumulated(weight.sum(axis=0, dtype=np.float64))
    sums = cumulated(wb.sum(axis=0))
    squares = cumulated((wb * band).sum(axis=0))
    full = band.shape[0] * b

    def spread(lo: np.ndarray) -> np.ndarray:
        c = counts[lo + b] - counts[lo]
        mean = (sums[lo + b] - sums[lo]) / np.maximum(c, 1.0)
        var = (squares[lo + b] - squares[lo]) / np.maximum(c, 1.0) - mean**2
        return np.where(c >= 0.5 * full, np.sqrt(np.maximum(0.0, var)), np.nan)

    pos = np.arange(start, stop, step)
    # the band beyond pos (towards stop) is outside, the one before it inside
    out_lo = pos + d if step > 0 else pos - d - b + 1
    in_lo = pos - d - b + 1 if step > 0 else pos + d
    outer, inner = spread(out_lo), spread(in_lo)
    with np.errstate(invalid="ignore"):
        falls = (outer >= DAMP_MIN_SPREAD) & (inner <= DAMP_RATIO * outer)
    if not falls.any():
        return None
    run = _first_run(falls)
    best = int(run[np.argmax(outer[run] / np.maximum(inner[run], 1e-4))])
    return int(pos[best])


def _first_run(hits: np.ndarray) -> np.ndarray:
    """Indices of the first run of True in ``hits`` (which has one): out from the words,
    the first run of a side's marks is the veil's edge (a stronger edge of the picture
    further out is not)."""
    first = int(np.argmax(hits))
    rest = hits[first:]
    return np.arange(first, first + (int(np.argmin(rest)) if not rest.all() else len(rest)))


def _damped_fit(
    work: np.ndarray, seen: np.ndarray, box: Box
) -> tuple[float, tuple[float, float, float]] | None:
    """Opacity and colour of a veil found by the texture it damps: the ratio of the
    picture's spread inside each side to that outside is 1 - opacity (the median over
    the sides: a texture's spread varies from place to place, and one side's bands can
    cross a denser patch), and the colour is what makes the means fit. The bands are
    DAMP_FIT_BAND wide, words unseen, along the middle of each side (its corners are
    rounded)."""
    x0, y0, x1, y1 = int(box.x0), int(box.y0), int(box.x1), int(box.y1)
    d, b = VEIL_GAP, DAMP_FIT_BAND
    my, mx = int(0.2 * (y1 - y0)), int(0.2 * (x1 - x0))
    rows = slice(y0 + my, y1 - my)
    cols = slice(x0 + mx, x1 - mx)
    # (outside, inside) per side; an outside band cut by the picture's edge is narrower
    sides = (
        ((rows, slice(max(0, x0 - d - b), max(0, x0 - d))), (rows, slice(x0 + d, x0 + d + b))),
        ((rows, slice(x1 + d, x1 + d + b)), (rows, slice(x1 - d - b, x1 - d))),
        ((slice(max(0, y0 - d - b), max(0, y0 - d)), cols), (slice(y0 + d, y0 + d + b), cols)),
        ((slice(y1 + d, y1 + d + b), cols), (slice(y1 - d - b, y1 - d), cols)),
    )
    ratios, outer, inner = [], [], []
    for out_px, in_px in sides:
        o = work[out_px][seen[out_px] > 0]
        i = work[in_px][seen[in_px] > 0]
        if len(o) < 16 or len(i) < 16:
            continue
        so = float(o.mean(axis=1).std())
        if so < DAMP_MIN_SPREAD:
            continue
        ratios.append(float(i.mean(axis=1).std()) / so)
        outer.append(o)
        inner.append(i)
    if len(ratios) < 3:
        return None
    k = float(np.median(ratios))
    if k > DAMP_RATIO:
        return None
    a = 1.0 - k
    if not DAMP_OPACITY[0] <= a <= DAMP_OPACITY[1]:
        return None
    om, im = np.concatenate(outer).mean(axis=0), np.concatenate(inner).mean(axis=0)
    color = np.clip((im - k * om) / a, 0.0, 1.0)
    return a, (float(color[0]), float(color[1]), float(color[2]))


def _side_searches(
    bbox: Box, lh: float, h: int, w: int
) -> tuple[tuple[int, int, tuple[int, int], str], ...]:
    """Where each of a veil's four sides around bbox is looked for (left, top, right,
    bottom; each as start, stop, the rows or columns it spans, its axis): from just
    outside the box out to VEIL_REACH line heights or VEIL_REACH_SHARE of the picture."""
    reach = max(VEIL_REACH * lh, VEIL_REACH_SHARE * min(h, w))
    ys = (int(bbox.y0), int(np.ceil(bbox.y1)))
    xs = (int(bbox.x0), int(np.ceil(bbox.x1)))
    return (
        (int(bbox.x0) - 1, int(bbox.x0 - reach), ys, "x"),
        (int(bbox.y0) - 1, int(bbox.y0 - reach), xs, "y"),
        (int(np.ceil(bbox.x1)) + 1, int(bbox.x1 + reach), ys, "x"),
        (int(np.ceil(bbox.y1)) + 1, int(bbox.y1 + reach), xs, "y"),
    )


def _veil_around(work: np.ndarray, lum: np.ndarray, bbox: Box, lh: float) -> Veil | None:
    """The veil whose four sides run around bbox (see _veil_under)."""
    h, w = work.shape[:2]
    sides = tuple(_veil_side(lum, *search) for search in _side_searches(bbox, lh, h, w))
    if any(sd is None for sd in sides):
        return None
    signs = {np.sign(sd[1]) for sd in sides if sd is not None}
    if len(signs) != 1:
        return None
    x0, y0, x1, y1 = (sd[0] for sd in sides if sd is not None)
    box = Box(x0, y0, x1, y1)
    if box.w < 4 * VEIL_GAP or box.h < 4 * VEIL_GAP:
        return None
    fit = _veil_fit(work, box)
    if fit is None:
        return None
    opacity, color = fit
    return Veil(box, opacity, color)


def _veil_side(
    lum: np.ndarray, start: int, stop: int, span: tuple[int, int], axis: str
) -> tuple[int, float] | None:
    """Where along one side's search (from start towards stop) a step of one sign runs
    through every row (axis "x") or column ("y") of span: the strongest of the first
    run of such positions (a strong edge of the picture further out is not the veil's).
    The step is the picture's brightness outside the side minus inside it. None where
    no such step is found."""
    n = lum.shape[1] if axis == "x" else lum.shape[0]
    d = VEIL_GAP
    step = 1 if stop > start else -1
    start = max(d, min(n - d - 1, start))
    stop = max(d, min(n - d - 1, stop))
    if (stop - start) * step <= 0:
        return None
    lo, hi = span
    pos = np.arange(start, stop, step)
    if axis == "x":
        band = lum[lo:hi]
        diff = band[:, pos - step * d] - band[:, pos + step * d]
    else:
        band = lum[:, lo:hi]
        diff = (band[pos - step * d] - band[pos + step * d]).T
    if diff.shape[0] < 8:
        return None
    med = np.median(diff, axis=0)
    agree = (np.sign(diff) == np.sign(med)).mean(axis=0)
    steps = (np.abs(med) >= VEIL_STEP) & (agree >= VEIL_AGREEMENT)
    if not steps.any():
        return None
    run = _first_run(steps)
    best = int(run[np.argmax(np.abs(med[run]) * agree[run])])
    return int(pos[best]), float(med[best])


def _veil_fit(work: np.ndarray, box: Box) -> tuple[float, tuple[float, float, float]] | None:
    """Opacity and colour of a veil from the pixels just outside and inside its sides
    (the middle of each side: its corners are rounded)."""
    x0, y0, x1, y1 = int(box.x0), int(box.y0), int(box.x1), int(box.y1)
    d = VEIL_GAP
    h, w = work.shape[:2]
    if x0 - d < 0 or y0 - d < 0 or x1 + d >= w or y1 + d >= h:
        return None
    my, mx = int(0.2 * (y1 - y0)), int(0.2 * (x1 - x0))
    rows = slice(y0 + my, y1 - my)
    cols = slice(x0 + mx, x1 - mx)
    outer = np.concatenate(
        [work[rows, x0 - d], work[rows, x1 + d], work[y0 - d, cols], work[y1 + d, cols]]
    )
    inner = np.concatenate(
        [work[rows, x0 + d], work[rows, x1 - d], work[y0 + d, cols], work[y1 - d, cols]]
    )
    om, im = outer.mean(axis=0), inner.mean(axis=0)
    var = float(((outer - om) ** 2).sum())
    if var < VEIL_MIN_SPREAD * outer.size:
        # a plain picture along the sides: the veil is taken to be black or white
        c = np.zeros(3) if im.mean() < om.mean() else np.ones(3)
        k = float(np.clip((im - c).sum() / max(1e-6, float((om - c).sum())), 0.0, 1.0))
    else:
        k = float(((outer - om) * (inner - im)).sum() / var)
    a = 1.0 - k
    if not VEIL_OPACITY[0] <= a <= VEIL_OPACITY[1]:
        return None
    t = im - k * om
    color = np.clip(t / a, 0.0, 1.0)
    err = np.abs(inner - (k * outer + a * color)).max(axis=1)
    if float(np.median(err)) > VEIL_FIT_ERROR:
        return None
    return a, (float(color[0]), float(color[1]), float(color[2]))


def _mostly_in(a: Box, b: Box) -> bool:
    """Whether more than half of a lies in b."""
    return a.intersection(b) > 0.5 * a.area


def _unveil(work: np.ndarray, veils: list[Veil]) -> np.ndarray:
    """The picture with what lies under each veil recovered."""
    if not veils:
        return work
    out = work.copy()
    for v in veils:
        px = v.box.pixels()
        out[px] = np.clip(v.under(work[px]), 0.0, 1.0)
    return out


def _glyph_holes(work: np.ndarray, box: Box, lh: float, veil: Veil) -> np.ndarray:
    """The letters of a text block on a veil, grown by a little: what is filled in of
    the picture under them.

    The ink is what the veil over a picture cannot show (see Veil.shows_picture; the
    picture's own detail between the letters is not).
    """
    h, w = work.shape[:2]
    m = np.zeros((h, w), bool)
    px = box.pixels()
    ink = ~veil.shows_picture(work[px])
    grow = max(3, int(lh * GLYPH_GROW)) | 1
    m[px] = cv2.dilate(ink.astype(np.uint8), np.ones((grow, grow), np.uint8)).astype(bool)
    return m


def _veil_rim(v: Veil, w: int, h: int) -> np.ndarray:
    """A veil's edge band and corner squares: left to be filled in, since its rounded
    corners and antialiased edge are not recovered by the straight formula."""
    m = np.zeros((h, w), bool)
    b = v.box
    band = VEIL_GAP + 1
    m[b.padded(band).clipped(w, h).pixels()] = True
    m[b.padded(-band).clipped(w, h).pixels()] = False
    r = VEIL_CORNER * min(b.w, b.h)
    for cx, cy in ((b.x0, b.y0), (b.x1, b.y0), (b.x0, b.y1), (b.x1, b.y1)):
        m[Box(cx - r, cy - r, cx + r, cy + r).clipped(w, h).pixels()] = True
    return m
