"""The background plate: the first one, fitted around the text lines (large
pictures a plain banner's grid plate took in left out), and the clean plate, fitted or
inpainted without any element.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from bannerfit.engine import background as bgm
from bannerfit.engine.analyze.lines import _Line
from bannerfit.engine.analyze.mattes import _ink_holes
from bannerfit.engine.analyze.pixels import _gray
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings, _LogoParts, _UnderText
from bannerfit.engine.analyze.veils import _glyph_holes, _unveil, _veil_rim
from bannerfit.engine.arrays import channel_max, colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Layer, faces_off_pictures

#: the clean plate leaves out this share of a picture's short side around its box (its
#: drop shadow)
SHADOW_REACH = 0.1
#: _pictures_in_plate: neighbouring cells of the ground differ by less than PLATE_STEP
#: (max channel, 0..1); a region of other cells covering PICTURE_MIN_AREA of the banner,
#: with a mean local spread (7x7, grey 0..1) of PICTURE_DETAIL, is a picture
PLATE_STEP = 0.06
PICTURE_MIN_AREA = 0.05
PICTURE_DETAIL = 0.015


def _first_plate(canvas: _Canvas, lines: list[_Line], faces: tuple[Box, ...]) -> _Backdrop:
    """The background fitted around the text lines, its kind, and the foreground that
    differs from it.

    The finders compare with this plate (a shape under a line differs from it; on a
    plain background the products are what differs), and its kind decides how they
    look: on a texture or photo, by colour and outline instead.
    """
    work, ww, wh = canvas.work, canvas.work_width, canvas.work_height
    text_mask = np.zeros((wh, ww), bool)
    for ln in lines:
        text_mask[ln.box.padded(ln.box.h * 0.15).clipped(ww, wh).pixels()] = True

    # background: fit, find foreground by difference, refit without it
    plate = bgm.fit_plate(work, text_mask)
    kind, noise = bgm.classify(work, plate, ~text_mask)
    fg = np.zeros_like(text_mask)
    excl = text_mask
    panel = _photo_panel(work, text_mask) if kind == "photo" else None
    if panel is not None:
        # a photo set beside a plain ground (a split ad): the ground is the background,
        # the photo a picture on it, moved and scaled whole like any other
        plain_kind, plain_noise = bgm.classify(work, plate, ~text_mask & ~panel)
        if plain_kind in ("flat", "gradient"):
            kind, noise = plain_kind, plain_noise
            excl = excl | panel
            plate = bgm.fit_plate(work, excl)
    elif kind not in ("texture", "photo"):
        # a large photo on the plain ground fills whole cells of the grid plate, which
        # then follows it: left out of the plate, it is foreground whole below (and so
        # stays out of the refits)
        pictures = _pictures_in_plate(work, plate)
        if pictures.any():
            excl = excl | pictures
            plate = bgm.fit_plate(work, excl)
    for _ in range(0 if kind in ("texture", "photo") else 2):
        r = bgm.residual(work, plate)
        fg = r > bgm.FOREGROUND_RESIDUAL
        fg = cv2.morphologyEx(
            fg.astype(np.uint8), cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)
        ).astype(bool)
        excl = cv2.dilate((fg | text_mask).astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
        if panel is not None:
            # (its parts near the ground's colour, a tinted strip, are the picture's too)
            fg, excl = fg | panel, excl | panel
        plate = bgm.fit_plate(work, excl)
    busy = kind in ("texture", "photo")
    if busy and faces:
        kind = "photo"  # people in the background: never mirror or tile them
    return _Backdrop(plate, kind, noise, fg, busy)


def _clean_plate(
    canvas: _Canvas,
    backdrop: _Backdrop,
    under_text: _UnderText,
    faces: tuple[Box, ...],
    logo_parts: _LogoParts | None,
    logo_id: str | None,
    mattes: dict[str, Layer | None],
    findings: _Findings,
) -> _Backdrop:
    """The background refitted (or inpainted) without any element: what the elements'
    pixels are un-mixed from, and what new layouts are drawn on.

    Made once every element is known; matted words take only their ink out of it. A
    busy picture found to repeat is a texture from here on (the kind returned).
    """
    work, s, ww, wh = canvas.work, canvas.scale, canvas.work_width, canvas.work_height
    plate, kind, fg, busy = backdrop.plate, backdrop.kind, backdrop.fg, backdrop.busy
    panels, veils, quiet_boxes = under_text.panels, under_text.veils, under_text.quiet_boxes
    elements = findings.elements
    # clean plate: the background refitted (or inpainted) without any element
    holes = np.zeros((wh, ww), bool)
    veiled_ink = np.zeros((wh, ww), bool)
    for e in elements:
        # (a block's box reaches a sixth of a line past its words; its veil, a little less)
        reach = 0.3 * e.line_height * s
        veil = next(
            (v for v in veils if e.is_text and v.box.contains(e.box.scaled(s), reach)), None
        )
        if veil is not None:
            # the picture between the letters on a veil is recovered like the rest of it
            box_w = e.box.scaled(s).clipped(ww, wh)
            veiled_ink |= _glyph_holes(work, box_w, e.line_height * s, veil)
            continue
        matte = mattes.get(e.id)
        if matte is not None:
            lh = logo_parts.word.h if e.id == logo_id and logo_parts else e.line_height * s
            holes |= _ink_holes(matte, s, (wh, ww), lh)
            continue
        pad = 3 + (e.line_height * s * 0.35 if e.panel is not None else 0)
        if e.kind in ("product", "person", "badge"):
            # a picture's drop shadow reaches past its box: left on the plate, it would
            # stay behind as a dark smudge where the picture no longer is
            pad += SHADOW_REACH * min(e.box.w, e.box.h) * s
        holes[e.box.scaled(s).padded(pad).clipped(ww, wh).pixels()] = True
    quiet_of_matted = [q for i, q in quiet_boxes.items() if mattes.get(i) is not None]
    for pb, _ in panels:
        if any(v.box.intersection(pb) >= 0.8 * pb.area for v in veils):
            continue  # a quiet panel made before the block was found on a veil
        if any(pb is q for q in quiet_of_matted):
            continue  # no more of the picture than the matted words' ink is lost
        holes[pb.padded(2).clipped(ww, wh).pixels()] = True
    holes |= cv2.dilate(fg.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    if busy:
        # the picture under a translucent panel is recovered; only its rim and rounded
        # corners (where the panel's edge is not known to the pixel) are filled in
        bare_pic = _unveil(work, veils)
        for v in veils:
            veiled_ink |= _veil_rim(v, ww, wh)
        holes |= veiled_ink
        # no grain where a face was covered (its mirrored brows read as closed eyes) or
        # on a veil's letters and rim (the grain mirrored in is the next letter's edge);
        # a face on a lifted picture is the picture's (public_010's cat in a disc), and
        # leaves a backdrop that may be a texture
        own_faces = faces_off_pictures(faces, elements)
        bare = veiled_ink.copy()
        for f in own_faces:
            bare[f.scaled(s).padded(0.5 * f.w * s, 0.5 * f.h * s).clipped(ww, wh).pixels()] = True
        smooth = bgm.inpaint_plate(bare_pic, holes)
        plate = bgm.with_grain(bare_pic, holes, smooth, bare)
        pattern = None if own_faces else bgm.repeat_pattern(bare_pic, ~holes)
        if pattern is not None and pattern.repeats():
            kind = "texture"
            # a lattice (dots, checks) is continued by its own period, not mirrored
            basis = bgm.lattice(bare_pic, ~holes, pattern)
            if basis is not None:
                plate = bgm.lattice_fill(bare_pic, holes, smooth, plate, basis)
    elif holes.mean() < 0.97:
        plate = bgm.fit_plate(work, holes)
        if kind == "gradient":
            poly, err = bgm.fit_polynomial(work, holes)
            if err < 0.012:
                plate = poly
    return dataclasses.replace(backdrop, plate=plate, kind=kind)


#: _photo_panel: a pixel is detailed where its 7x7 grey spread is at least PANEL_DETAIL;
#: the picture's side has at least PANEL_PICTURE_SHARE of its pixels (words aside)
#: detailed, the ground's side at most PANEL_GROUND_SHARE, and each side at least
#: PANEL_MIN_SIDE of the banner across the split
PANEL_DETAIL = 0.02
PANEL_PICTURE_SHARE = 0.35
PANEL_GROUND_SHARE = 0.03
PANEL_MIN_SIDE = 0.3
#: ... and the split is a straight edge: across it, at least PANEL_EDGE_SHARE of the rows
#: (columns) change by PANEL_EDGE_STEP or more (max channel) within two pixels
PANEL_EDGE_SHARE = 0.5
PANEL_EDGE_STEP = 0.08
#: ... and the shares leave out this many lines on either side of the cut, where a 7x7
#: spread straddles the edge itself (three rows of "detail" along a photo band's top
#: edge had put the cream above it at 3.1% detailed, over PANEL_GROUND_SHARE)
PANEL_EDGE_SKIP = 3


def _photo_panel(work: np.ndarray, text_mask: np.ndarray) -> np.ndarray | None:
    """The picture side of a split ad (a photo filling one side of the banner up to a
    straight edge, a plain ground on the other), as a mask; None for anything else.

    The hand-made astronaut ad (her photo on the left, navy on the right with the
    words) was one photo background: every square and tall output laid the words over
    her suit on scrims, and the navy ground was lost. A photo's own smooth parts (a sky,
    a studio wall) have no straight edge to the rest, and no such ground is kept plain.
    """
    h, w = work.shape[:2]
    detailed = _local_spread(work) >= PANEL_DETAIL
    valid = ~text_mask
    best: tuple[float, int, int, bool] | None = None
    for axis in (1, 0):  # a split along the width (left | right), then along the height
        n = w if axis == 1 else h
        counts, hits = _detail_sums(valid, detailed, axis)
        lo, hi = int(PANEL_MIN_SIDE * n), int((1 - PANEL_MIN_SIDE) * n)
        for cut in range(lo, hi + 1):
            # (the spread of the lines right at the cut is the edge's own: left out)
            a, b = cut - PANEL_EDGE_SKIP, cut + PANEL_EDGE_SKIP
            before = hits[a] / max(1.0, counts[a])
            after = (hits[-1] - hits[b]) / max(1.0, counts[-1] - counts[b])
            for picture, ground, first in ((before, after, True), (after, before, False)):
                if picture < PANEL_PICTURE_SHARE or ground > PANEL_GROUND_SHARE:
                    continue
                if not _straight_edge(work, valid, axis, cut):
                    continue
                if best is None or picture - ground > best[0]:
                    best = (picture - ground, axis, cut, first)
    if best is None:
        return _photo_panels_both_sides(work, valid, detailed)
    _, axis, cut, first = best
    mask = np.zeros((h, w), bool)
    span = slice(0, cut) if first else slice(cut, w if axis == 1 else h)
    if axis == 1:
        mask[:, span] = True
    else:
        mask[span, :] = True
    return mask


def _detail_sums(
    valid: np.ndarray, detailed: np.ndarray, axis: int
) -> tuple[np.ndarray, np.ndarray]:
    """The valid pixels and the detailed ones among them in the lines (columns for axis
    1, rows for axis 0) before each line: entry k counts lines 0 to k - 1, so a run of
    lines a..b-1 holds ``sums[b] - sums[a]``."""
    counts = valid.sum(axis=1 - axis).astype(np.float64)
    hits = (detailed & valid).sum(axis=1 - axis).astype(np.float64)
    return np.concatenate([[0.0], np.cumsum(counts)]), np.concatenate([[0.0], np.cumsum(hits)])


#: _photo_panels_both_sides: each end at least this share of the banner across
PANEL_MIN_OUTER = 0.1


def _photo_panels_both_sides(
    work: np.ndarray, valid: np.ndarray, detailed: np.ndarray
) -> np.ndarray | None:
    """The picture parts of a banner split in three, as one mask: a photo at each end
    with a plain ground between them (the words on it), or a photo band across the
    middle with the ground at both ends; None for anything else.

    A coffee photo down the left and a cat down the right of a café's cream banner made
    it a photo background: the tall outputs cropped the cream middle, and both photos
    were lost; a coffee band across a cream square was a textured backdrop with a piece
    of the photo lifted out of it. The same tests as a split in two (see _photo_panel),
    at both cuts.
    """
    h, w = work.shape[:2]
    best: tuple[float, int, int, int, bool] | None = None
    for axis in (1, 0):
        n = w if axis == 1 else h
        counts, hits = _detail_sums(valid, detailed, axis)
        edges = _straight_edges(work, valid, axis)
        cuts = np.arange(
            max(2, int(PANEL_MIN_OUTER * n)), min(n - 2, int((1 - PANEL_MIN_OUTER) * n)) + 1
        )
        cuts = cuts[edges[cuts - 2]]
        # (the spread of the lines right at a cut is the edge's own: left out)
        lo, hi = cuts - PANEL_EDGE_SKIP, cuts + PANEL_EDGE_SKIP
        before = hits[lo] / np.maximum(1.0, counts[lo])
        after = (hits[-1] - hits[hi]) / np.maximum(1.0, counts[-1] - counts[hi])
        for ends_photo in (True, False):
            if ends_photo:
                first, last = before >= PANEL_PICTURE_SHARE, after >= PANEL_PICTURE_SHARE
            else:
                first, last = before <= PANEL_GROUND_SHARE, after <= PANEL_GROUND_SHARE
            c0s, c1s = cuts[first], cuts[last]
            if not len(c0s) or not len(c1s):
                continue
            # every pair at once: the middle between them, against both ends
            i0, i1 = c0s[:, None] + PANEL_EDGE_SKIP, c1s[None, :] - PANEL_EDGE_SKIP
            middle = (hits[i1] - hits[i0]) / np.maximum(1.0, counts[i1] - counts[i0])
            if ends_photo:
                pictures = np.minimum(before[first][:, None], after[last][None, :])
                grounds = middle
            else:
                pictures = middle
                grounds = np.maximum(before[first][:, None], after[last][None, :])
            ok = (
                (c1s[None, :] - c0s[:, None] >= PANEL_MIN_SIDE * n)
                & (pictures >= PANEL_PICTURE_SHARE)
                & (grounds <= PANEL_GROUND_SHARE)
            )
            if not ok.any():
                continue
            score = np.where(ok, pictures - grounds, -np.inf)
            j0, j1 = np.unravel_index(int(np.argmax(score)), score.shape)
            if best is None or score[j0, j1] > best[0]:
                best = (float(score[j0, j1]), axis, int(c0s[j0]), int(c1s[j1]), ends_photo)
    if best is None:
        return None
    _, axis, c0, c1, ends_photo = best
    mask = np.full((h, w), ends_photo, bool)
    if axis == 1:
        mask[:, c0:c1] = not ends_photo
    else:
        mask[c0:c1, :] = not ends_photo
    return mask


def _straight_edges(work: np.ndarray, valid: np.ndarray, axis: int) -> np.ndarray:
    """_straight_edge at every inner cut at once: entry k is the cut k + 2 (the line
    between pixels k + 1 and k + 2 of the axis), for k up to n - 4."""
    if axis == 1:
        step = channel_max(np.abs(work[:, 3:] - work[:, :-3]))
        ok = valid[:, :-3] & valid[:, 3:]
        along = 0
    else:
        step = channel_max(np.abs(work[3:] - work[:-3]))
        ok = valid[:-3] & valid[3:]
        along = 1
    seen = ok.sum(axis=along)
    strong = ((step >= PANEL_EDGE_STEP) & ok).sum(axis=along)
    return (seen > 0) & (strong >= PANEL_EDGE_SHARE * np.maximum(seen, 1))


def _local_spread(work: np.ndarray) -> np.ndarray:
    """Each pixel's grey spread (standard deviation, 0..1) over its 7x7 neighbourhood:
    how detailed the picture is there (a photo's texture, not a flat shape's face)."""
    g = _gray(work).astype(np.float32) / 255
    mu = cv2.blur(g, (7, 7))
    return np.sqrt(np.maximum(cv2.blur(g * g, (7, 7)) - mu * mu, 0))


def _straight_edge(work: np.ndarray, valid: np.ndarray, axis: int, cut: int) -> bool:
    """Whether ``work`` changes by PANEL_EDGE_STEP across a straight line at ``cut``
    (a column for axis 1, a row for axis 0) on PANEL_EDGE_SHARE of the line's length
    (words aside)."""
    n = work.shape[axis]
    a, b = max(0, cut - 2), min(n - 1, cut + 1)
    if axis == 1:
        step = np.abs(work[:, b] - work[:, a]).max(axis=1)
        ok = valid[:, a] & valid[:, b]
    else:
        step = np.abs(work[b] - work[a]).max(axis=1)
        ok = valid[a] & valid[b]
    return bool(ok.any() and (step[ok] >= PANEL_EDGE_STEP).mean() >= PANEL_EDGE_SHARE)


def _pictures_in_plate(work: np.ndarray, plate: np.ndarray) -> np.ndarray:
    """Large detailed regions of a plain banner that its first grid plate took in.

    A photo filling a third of a plain banner (a rocket at its launch tower beside the
    words) covers whole cells of the grid plate, which follows it: only its finest
    detail differed from the plate, and it came apart into two "products" along an edge
    inside it. On the plate's cell grid the ground is the largest region of cells whose
    colours change by less than PLATE_STEP from one to the next (a gradient's cells
    do); another region of at least PICTURE_MIN_AREA of the banner whose pixels are
    detailed (local spread PICTURE_DETAIL on average: a large flat shape is design) is
    a picture, returned as a mask of its cells.
    """
    h, w = work.shape[:2]
    cell = max(2, int(np.ceil(max(h, w) / bgm.GRID_CELLS)))
    gh, gw = max(1, h // cell), max(1, w // cell)
    grid = cv2.resize(plate[: gh * cell, : gw * cell], (gw, gh), interpolation=cv2.INTER_AREA)
    roots = _similar_regions(grid, PLATE_STEP)
    labels, counts = np.unique(roots, return_counts=True)
    ground = labels[counts.argmax()]
    off = (roots != ground).astype(np.uint8)
    n, lab, stats, _ = cv2.connectedComponentsWithStats(off, connectivity=4)
    out = np.zeros((h, w), bool)
    spread = None  # the pixels' local spread, measured once a region is large enough
    for i in range(1, n):
        if stats[i][4] < PICTURE_MIN_AREA * gh * gw:
            continue
        if spread is None:
            spread = _local_spread(work)
        cells = cv2.resize(
            (lab == i).astype(np.uint8), (gw * cell, gh * cell), interpolation=cv2.INTER_NEAREST
        )
        region = np.zeros((h, w), bool)
        region[: gh * cell, : gw * cell] = cells[:h, :w] > 0
        if float(spread[region].mean()) >= PICTURE_DETAIL:
            out |= region
    return out


def _similar_regions(grid: np.ndarray, step: float) -> np.ndarray:
    """Labels of a cell grid's regions: 4-neighbours whose colours differ by less than
    ``step`` (max channel) share one, the smallest cell index of their region (minimum
    labels spread along the similar edges until nothing changes; vectorised, the grid of
    a banner settles in a few dozen rounds)."""
    gh, gw = grid.shape[:2]
    right = colour_distance(grid[:, 1:], grid[:, :-1]) < step
    down = colour_distance(grid[1:], grid[:-1]) < step
    lab = np.arange(gh * gw).reshape(gh, gw)
    while True:
        new = lab.copy()
        across = np.minimum(lab[:, 1:], lab[:, :-1])
        new[:, 1:] = np.where(right, np.minimum(new[:, 1:], across), new[:, 1:])
        new[:, :-1] = np.where(right, np.minimum(new[:, :-1], across), new[:, :-1])
        along = np.minimum(lab[1:], lab[:-1])
        new[1:] = np.where(down, np.minimum(new[1:], along), new[1:])
        new[:-1] = np.where(down, np.minimum(new[:-1], along), new[:-1])
        if np.array_equal(new, lab):
            return lab
        lab = new
