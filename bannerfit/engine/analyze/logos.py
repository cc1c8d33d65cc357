"""The logo: a brand's mark (a glyph on a compact shape, a compact blob, a lone
glyph, or a tile inside its word's line) beside its short word.
"""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.analyze.lines import _Line, _tighten
from bannerfit.engine.analyze.pixels import (
    FLAT_MARK_VAR,
    FLAT_MARK_VAR_LOSSY,
    FLAT_MARK_VAR_LOSSY_BUSY,
    _fill_holes,
    _flat_marks,
    _ring,
)
from bannerfit.engine.analyze.shapes import (
    FLOOD_REACH,
    FLOOD_TOLERANCE,
    SHAPE_DISTINCT,
    SHAPE_SOLIDITY,
    _commonest_colour,
    _flood_within,
    _Shape,
    _solidity,
    _well_outside,
)
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings, _LogoParts
from bannerfit.engine.analyze.words import _ink_runs
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box, box_array, containing, ious

#: _find_logo measures the banner's biggest type on lines at least this many times as
#: wide as tall
LOGO_TYPE_ASPECT = 2.5
#: _find_logo: a line at least this share of the tallest text line's height and wider
#: than LOGO_WORD_MAX_ASPECT times its height is a headline, not a brand's word (a
#: strip's brand may be as tall as its headline, but it is one short word)
LOGO_WORD_MAX_SHARE = 0.9
LOGO_WORD_MAX_ASPECT = 4.5
#: added to the cost (word aspect + 3 x off-centre) of a brand whose mark is only a
#: square-ish line of text, not a shape or a blob
LONE_GLYPH_PENALTY = 1.0
#: a lone glyph's line this many times as wide as tall may be the brand's short word
#: instead ("Zeal" beside a diamond, both square-ish lines)
GLYPH_WORD_ASPECT = 1.4
#: _split_marks: parts of at least this many pixels, this near in colour (largest
#: channel difference), at most this share of their joint height apart; grown by up to
#: SPLIT_MARK_GROW of it to pixels of their colour
SPLIT_MARK_MIN_AREA = 10
#: ... and filling at least this share of their boxes
SPLIT_MARK_FILL = 0.4
SPLIT_MARK_TONE = 0.06
SPLIT_MARK_GAP = 0.35
SPLIT_MARK_GROW = 0.25
#: ... and their colour this far from the ground around them (largest channel difference)
SPLIT_MARK_DISTINCT = 0.25
#: _shape_behind_glyph: the shape's colour covers at least this share of the glyph's
#: box, and its flooded part at least GLYPH_SHAPE_AREA of it
GLYPH_SHAPE_MODE = 0.2
GLYPH_SHAPE_AREA = 0.3
#: a mark read inside the brand's line is a tile: at least this share of its box inked
LOGO_TILE_FILL = 0.5
LOGO_TILE_CONTRAST = 0.15
#: ... as tall as the rows of its word where this share of the row is ink (a letter)
LOGO_WORD_ROW_INK = 0.1
#: ... and its logo's box reaches this share of the tile's and letters' height past them
#: (a round tile's caps are under half inked, and lie outside the measured rows)
INLINE_LOGO_PAD = 0.15
#: a mark candidate overlapping a detected face (grown by PORTRAIT_AROUND_FACE of its
#: width on every side: hair, ears, the round frame of an avatar) by this share of the
#: smaller of the two is part of a portrait, no brand's mark
FACE_IN_MARK = 0.2
PORTRAIT_AROUND_FACE = 0.5
#: ... when the face is at most this many times the mark's size (a photo's big face,
#: a cat's filling a disc, does not keep a brand's mark beside it from being one)
PORTRAIT_MARK_RATIO = 3.0


def _find_brand(
    canvas: _Canvas,
    backdrop: _Backdrop,
    lines: list[_Line],
    shapes: list[_Shape | None],
    findings: _Findings,
    faces: tuple[Box, ...] = (),
) -> tuple[_LogoParts | None, str | None]:
    """The logo, looked for once buttons have taken their words and before badges and
    text blocks take the rest (see _find_logo).

    Returns its mark and word when it was found as such a pair (what a logo on a
    picture is matted from), with the logo element's id. ``faces`` (source pixels): a
    portrait around one of them is no brand's mark (a reviewer's round portrait beside
    her name).
    """
    work, colours, s, lossy = canvas.work, canvas.colours, canvas.scale, canvas.lossy
    fg, elements, add = backdrop.fg, findings.elements, findings.add
    # 2. logo: a mark (glyph on a compact shape, or a compact blob) beside a short word
    faces_w = [f.scaled(s).padded(PORTRAIT_AROUND_FACE * f.w * s) for f in faces]
    logo_parts = _find_logo(work, colours, lines, shapes, fg, s, add, lossy, faces_w)
    logo_id = elements[-1].id if logo_parts is not None else None
    return logo_parts, logo_id


def _find_logo(work, colours, lines, shapes, fg, s, add, lossy, faces=()) -> _LogoParts | None:  # type: ignore[no-untyped-def]
    """A mark and a short word side by side, at the same height: the brand (``lossy``:
    the pixels come from a JPEG or WebP, whose noise the mark's flat parts carry even
    in ``colours``, the pixels with their speckle filtered out, see _denoised).
    Returns its mark and word when it was found as such a pair."""
    h, w = work.shape[:2]
    marks: list[Box] = []
    mark_masks: list[np.ndarray | None] = []
    lettered: list[tuple[Box, _Line]] = []  # a shape with one letter in it: a monogram
    for ln, sh in zip(lines, shapes, strict=True):
        if ln.used or sh is None:
            continue
        if 0.6 < sh.box.w / max(1.0, sh.box.h) < 1.7 and sh.box.h <= 3.5 * ln.box.h:
            marks.append(sh.box)
            mark_masks.append(sh.mask)
            if ln.box.w < 1.8 * ln.box.h:
                lettered.append((sh.box, ln))
    # a lone glyph (square-ish line) is a mark drawn as a letter in a shape; it is weaker
    # evidence than a shape or a blob (a short word of small print is square-ish too)
    lone_glyphs: set[int] = set()
    own_mark: dict[int, int] = {}  # id of a lone glyph's line -> its mark's index
    for ln in lines:
        if ln.used or not (0.6 < ln.box.w / max(1.0, ln.box.h) < 1.8):
            continue
        if any(m.iou(ln.box) > 0.3 or m.contains(ln.box, tol=2) for m in marks):
            continue
        if _inside_sentence(ln, lines):
            continue
        own_mark[id(ln)] = len(marks)
        behind = _shape_behind_glyph(work, ln.box)
        if behind is not None:
            # the glyph's shape is found after all: the mark is that shape, no lone glyph
            marks.append(behind)
        else:
            lone_glyphs.add(len(marks))
            marks.append(ln.box.padded(ln.box.h * 0.3))
        mark_masks.append(None)
    # compact foreground blobs can be marks too (on busy backgrounds: flat-colour blobs);
    # on plain backgrounds also the flat-colour parts of the foreground, for a mark that
    # overlaps a decoration and is one foreground blob with it
    plain = bool(fg.any())  # busy backgrounds have no foreground mask
    lossy_var = FLAT_MARK_VAR_LOSSY if plain else FLAT_MARK_VAR_LOSSY_BUSY
    flat = _flat_marks(colours, lossy_var if lossy else FLAT_MARK_VAR)
    for blobs in (fg, fg & flat) if plain else (flat,):
        _marks_of(blobs, marks, mark_masks, lines, colours)
    best = None
    # a long line of the banner's biggest type is the headline, not a brand's word (a
    # picture's blob beside a headline on a scrim is no mark); the biggest type is
    # measured on lines of words, not on a mark's letter (a "B" in a disc, read as a
    # line) or a hero figure ("$2" half the banner tall), both about as wide as tall
    mark_boxes = box_array(marks)
    tallest = max(
        (ln.box.h for ln in lines if ln.box.w >= LOGO_TYPE_ASPECT * ln.box.h), default=0.0
    )
    tallest = tallest or max((ln.box.h for ln in lines), default=0.0)
    words = [
        ln
        for ln in lines
        if not ln.used
        and not (
            len(lines) > 1
            and ln.box.h >= LOGO_WORD_MAX_SHARE * tallest
            and ln.box.w > LOGO_WORD_MAX_ASPECT * ln.box.h
        )
        # the glyph of a mark, read as a line, is not the brand's word (a short word
        # as square as a glyph, "Zeal", may be either)
        and not (id(ln) in own_mark and ln.box.w < GLYPH_WORD_ASPECT * ln.box.h)
        and not _on_a_mark(mark_boxes, ln.box, own_mark.get(id(ln)))
        and not _in_paragraph(ln, lines)
    ]
    for mi, mb in enumerate(marks):
        if any(
            mb.intersection(f) > FACE_IN_MARK * min(mb.area, f.area)
            and max(f.w, f.h)
            <= PORTRAIT_MARK_RATIO * (1 + 2 * PORTRAIT_AROUND_FACE) * max(mb.w, mb.h)
            for f in faces
        ):
            continue  # a portrait (or a piece of one) of a mark's size is no brand's mark
        for ln in words:
            if ln.box.contains(mb, tol=2) or mb.contains(ln.box, tol=2):
                continue
            word = _less_mark(work, ln.box, mb)
            if word.iou(mb) > 0.3:
                continue
            gx, gy = mb.gap(word)
            if -gy < 0.5 * min(mb.h, word.h) or not (-0.6 * word.h <= gx < 1.2 * mb.h):
                continue
            if mb.x0 < word.x0 < mb.x1 and mb.x0 < word.x1 < mb.x1:
                continue
            if mark_masks[mi] is None and mb.cx > word.cx:
                # a blob's outline is unknown, and a brand's mark leads its word: a
                # flat blob after a line of words is a piece of the picture (the white
                # rim of a cup after a sub-line, which then opened every layout as
                # the brand)
                continue
            if not (0.5 < mb.h / word.h < 3.0) or word.w > 9 * word.h:
                continue
            if mi in lone_glyphs and id(ln) in own_mark:
                # two square-ish lines side by side, neither on a shape it was found
                # by: a row of figures ("02" "14" on a countdown's tiles), no brand
                continue
            # the short word beside a mark centred on it (a mark and its brand share a
            # middle line; a texture blob that merely touches the word does not)
            off_centre = abs((mb.y0 + mb.y1) - (word.y0 + word.y1)) / (2 * word.h)
            weak = LONE_GLYPH_PENALTY if mi in lone_glyphs else 0.0
            cand = (ln.box.w / ln.box.h + 3.0 * off_centre + weak, mi, ln)
            if best is None or cand[0] < best[0]:
                best = cand
    parts = None
    if best is not None:
        _, mi, ln = best
        box = marks[mi].union(ln.box)
        parts = _LogoParts(marks[mi], mark_masks[mi], ln.box)
        # a mark's thin parts (a triangle's apex, a ring's rim) escape the blob that
        # found it: take a generous margin unless it would reach into another line
        pad, near_pad = 0.3 * ln.box.h, 0.1 * ln.box.h
    elif (inline := _mark_inside_line(work, lines, tallest)) is not None:
        ln, box = inline
        # measured from the ink: a margin for the round mark's caps and soft edges
        pad = near_pad = INLINE_LOGO_PAD * box.h
    elif lettered and plain:
        # no word beside it: a monogram alone ("B" in a disc) on a plain ground is the
        # brand's mark; read as a line of text, its disc was cut at the letter's panel
        # (on a picture such a disc stays a badge, as before)
        box, ln = max(lettered, key=lambda m: m[0].area)
        pad = near_pad = 0.1 * ln.box.h
    else:
        return None
    for other in lines:
        if other.box.intersection(box) > 0.6 * other.box.area:
            other.used = True
    ln.used = True
    wide = box.padded(pad).clipped(w, h)
    if any(not o.used and wide.intersection(o.box) > 0 for o in lines):
        wide = box.padded(near_pad).clipped(w, h)
    add("logo", wide, None, True, 0.8, "logo")
    return parts


def _on_a_mark(mark_boxes: np.ndarray, line: Box, own: int | None) -> bool:
    """Whether a line is (or lies inside) one of the marks other than its own (``own``:
    the index of the mark a lone glyph's line was taken for, if it was)."""
    on = (ious(mark_boxes, line) > 0.5) | containing(mark_boxes, line, tol=2)
    if own is not None:
        on[own] = False
    return bool(on.any())


def _less_mark(work: np.ndarray, line: Box, mark: Box) -> Box:
    """The part of a line's box beside a mark that reaches over one of its ends.

    The detector can box a brand's word with the lower part of a taller mark before it
    (a JPEG's hexagon beside "Kasko"): the word then overlaps the mark instead of
    standing beside it. The line is cut at the mark's edge only where that edge falls in
    a gap of the line's ink (a blob of a photo over a headline's first letters cuts
    through them); lines the mark does not reach over from one end, or about as tall as
    the mark, are kept whole.
    """
    if mark.h < 1.2 * line.h:
        return line
    tol = 0.3 * line.h
    if mark.x0 - tol <= line.x0 < mark.x1 < line.x1 - line.h:
        cut, word = mark.x1, Box(mark.x1, line.y0, line.x1, line.y1)
    elif line.x0 + line.h < mark.x0 < line.x1 <= mark.x1 + tol:
        cut, word = mark.x0, Box(line.x0, line.y0, mark.x0, line.y1)
    else:
        return line
    b = line.clipped(work.shape[1], work.shape[0])
    inked = _off_ground(work, b, np.median(_ring(work, b, max(1.0, b.h * 0.1)), axis=0))
    at = int(cut) - int(b.x0)
    cols = inked[:, max(0, at - 1) : at + 2].sum(axis=0)
    return word if cols.size and cols.max() <= 0.15 * b.h else line


def _inside_sentence(ln: _Line, lines: list[_Line]) -> bool:
    """Whether text of ``ln``'s size follows a word-gap away on both its sides.

    The detector splits small print into pieces; a short word in the middle of one is
    square-ish like a mark's glyph, but a mark has its brand on one side only.
    """

    def beside(o: _Line) -> bool:
        gx, gy = o.box.gap(ln.box)
        return (
            o is not ln
            and 0.7 <= o.box.h / max(1.0, ln.box.h) <= 1.4
            and -gy > 0.5 * min(o.box.h, ln.box.h)
            and gx < 1.0 * ln.box.h
        )

    near = [o for o in lines if beside(o)]
    return any(o.box.cx < ln.box.cx for o in near) and any(o.box.cx > ln.box.cx for o in near)


def _in_paragraph(ln: _Line, lines: list[_Line]) -> bool:
    """Whether another line of the same size sits right above or below ``ln``.

    A brand's word stands alone beside its mark; a line with a sibling of its size a
    line-gap away is part of a paragraph (the second line of a headline beside a dark
    patch of a photo is no brand).
    """
    for o in lines:
        if o is ln or not (0.8 <= o.box.h / max(1.0, ln.box.h) <= 1.25):
            continue
        gx, gy = o.box.gap(ln.box)
        if -0.5 * ln.box.h < gy < 0.6 * ln.box.h and -gx > 0.5 * min(o.box.w, ln.box.w):
            return True
    return False


def _marks_of(
    blobs: np.ndarray,
    marks: list[Box],
    mark_masks: list[np.ndarray | None],
    lines: list[_Line],
    colours: np.ndarray,
) -> None:
    """Add the compact blobs of ``blobs`` not yet known to ``marks`` (and the marks a
    letter cuts in two, see _split_marks; ``colours``: the pixels they are read from)."""
    h, w = blobs.shape
    n, lab, stats, _ = cv2.connectedComponentsWithStats(blobs.astype(np.uint8), connectivity=8)
    known = box_array(marks)
    found: list[Box] = []
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if bh < 6 or not (0.5 < bw / bh < 2.0) or bw * bh > 0.03 * h * w:
            continue
        if area < 0.3 * bw * bh:
            # a mark with a glyph cut out of it: count the glyph as part of the mark
            area = int(_fill_holes(lab[y : y + bh, x : x + bw] == i).sum())
            if area < 0.3 * bw * bh:
                continue
        found.append(Box(x, y, x + bw, y + bh))
    for b in found + _split_marks(colours, lab, stats):
        if (ious(known, b) > 0.5).any():
            continue
        if any(ln.box.contains(b, tol=2) and ln.box.w > 1.8 * b.w for ln in lines):
            continue
        marks.append(b)
        mark_masks.append(None)
        known = np.vstack([known, [(b.x0, b.y0, b.x1, b.y1)]])


def _split_marks(colours: np.ndarray, lab: np.ndarray, stats: np.ndarray) -> list[Box]:
    """Flat shapes a letter cuts in two: a part over another of the same colour, a
    letter's height apart at most, together a compact box (grown to the shape's own
    colour around them).

    A triangle's letter sits low, where the triangle is wide, and a "T"'s bar spans it:
    its apex and its base are two flat blobs, neither a mark beside the brand's word
    (hidden_like_027's "Tessa"). The letter itself, unread by the detector, leaves no
    line to find the shape from (see _shape_behind_glyph).
    """
    h, w = lab.shape
    x, y, bw, bh, area = (stats[1:, k].astype(np.float64) for k in range(5))
    # (a part of a flat shape is solid: the speckle of flat pixels a photo has is not,
    # and left in it made the pairs a photo's thousands of blobs squared)
    keep = (
        (area >= SPLIT_MARK_MIN_AREA)
        & (area >= SPLIT_MARK_FILL * bw * bh)
        & (bw * bh <= 0.03 * h * w)
    )
    idx = np.flatnonzero(keep)
    if idx.size < 2:
        return []
    flat = lab.ravel()
    counts = np.maximum(1, np.bincount(flat, minlength=len(stats)))
    sums = [np.bincount(flat, colours[..., c].ravel(), minlength=len(stats)) for c in range(3)]
    means = np.stack(sums, 1) / counts[:, None]
    xs, ys, ws, hs = x[idx], y[idx], bw[idx], bh[idx]
    ux0 = np.minimum(xs[:, None], xs[None, :])
    ux1 = np.maximum((xs + ws)[:, None], (xs + ws)[None, :])
    uy0 = ys[:, None]  # row: the upper part, column: the lower
    uy1 = (ys + hs)[None, :]
    uh, uw = uy1 - uy0, ux1 - ux0
    gap = ys[None, :] - (ys + hs)[:, None]
    mid = (xs + ws / 2)[:, None]
    tone = np.abs(means[idx + 1][:, None, :] - means[idx + 1][None, :, :]).max(axis=2)
    pair = (
        (gap > 0)
        & (gap <= SPLIT_MARK_GAP * uh)
        & (mid >= xs[None, :])
        & (mid <= (xs + ws)[None, :])
        & (tone < SPLIT_MARK_TONE)
        & (uw > 0.6 * uh)
        & (uw < 1.7 * uh)
        & (uh >= 10)
        & (uw * uh <= 0.03 * h * w)
    )
    out = []
    for a, b in zip(*np.nonzero(pair), strict=True):
        u = Box(ux0[a, b], uy0[a, 0], ux1[a, b], uy1[0, b])
        colour = means[idx[a] + 1]
        # a shape of its own colour, far from the ground around it (two pale stones of
        # a gravel one above the other are the ground)
        ground = _ring(colours, u.padded(0.3 * u.h), max(2.0, 0.15 * u.h))
        tone_off = np.abs(colour - np.median(ground, axis=0)).max() if ground.size else 0.0
        if tone_off < SPLIT_MARK_DISTINCT:
            continue
        out.append(_grown_to_colour(colours, u, colour))
    return out


def _grown_to_colour(colours: np.ndarray, box: Box, colour: np.ndarray) -> Box:
    """``box`` grown to the pixels of ``colour`` connected to it nearby: a flat blob
    stops short of its shape's edge and of a triangle's thin apex (the flatness test
    spans a few pixels)."""
    h, w = colours.shape[:2]
    win = box.padded(SPLIT_MARK_GROW * box.h).clipped(w, h)
    x0, y0 = int(win.x0), int(win.y0)
    close = colour_distance(colours[win.pixels()], colour) < SPLIT_MARK_TONE * 2
    n, lab, stats, _ = cv2.connectedComponentsWithStats(close.astype(np.uint8), connectivity=8)
    inner = box.moved(-x0, -y0)
    parts = set(lab[inner.pixels()].ravel().tolist()) - {0}
    grown = box
    for k in parts:
        bx, by, bw, bh, _ = stats[k]
        if bx == 0 or by == 0 or bx + bw >= close.shape[1] or by + bh >= close.shape[0]:
            return box  # the colour runs on past the window: the ground, not the shape
        grown = grown.union(Box(x0 + bx, y0 + by, x0 + bx + bw, y0 + by + bh))
    return grown


def _shape_behind_glyph(work: np.ndarray, glyph: Box) -> Box | None:
    """The extent of a flat shape behind a lone glyph that _shape_under did not find.

    A letter across a small triangle ("T" on a yellow triangle) covers so much of it
    that the triangle's colour is under GLYPH_SHAPE_MODE of the line's box and the
    letter's bar cuts its apex off from the rest: the flooded rest, distinct from the
    picture well around it, solid and holding the line's lower part, joined with the
    line's box, is the mark. Left a lone glyph, its penalty lost it to a dot of the
    backdrop beside the brand.
    """
    h, w = work.shape[:2]
    inner = work[glyph.clipped(w, h).pixels()].reshape(-1, 3)
    outer = _well_outside(work, glyph)
    if inner.size == 0 or outer.size == 0:
        return None
    mode = _commonest_colour(inner)
    if np.mean(colour_distance(inner, mode) < 0.06) < GLYPH_SHAPE_MODE:
        return None
    if float(np.abs(mode - np.median(outer, axis=0)).max()) < SHAPE_DISTINCT:
        return None
    shape, _ = _flood_within(work, glyph, mode, FLOOD_REACH, FLOOD_TOLERANCE)
    if shape is None or _solidity(shape.mask) < SHAPE_SOLIDITY:
        return None
    if shape.mask.sum() < GLYPH_SHAPE_AREA * glyph.area:
        return None
    mark = shape.box.union(glyph)
    if not 0.6 < mark.w / max(1.0, mark.h) < 1.7 or mark.h > 1.5 * glyph.h:
        return None
    return mark


def _mark_inside_line(
    work: np.ndarray, lines: list[_Line], tallest: float
) -> tuple[_Line, Box] | None:
    """A brand read as one line with its mark: a solid square-ish shape, then one word.

    The detector often boxes a small mark and the brand's word together ("[K] Kasko"),
    so no mark lies beside any line. Such a line starts with an ink run set apart from
    the rest by more than letter spacing, about as wide as tall and mostly filled (a
    letter cut out of a tile still covers most of it), and is not the banner's biggest
    type. Returns the line and the extent of its tile and letters (the detector's box
    reaches well past them, and on a busy picture the logo travels as a patch of it).
    """
    best: tuple[float, _Line, Box] | None = None
    for ln in lines:
        if ln.used or ln.box.h >= LOGO_WORD_MAX_SHARE * tallest or ln.box.w > 9 * ln.box.h:
            continue
        b = ln.box.clipped(work.shape[1], work.shape[0])
        patch = work[b.pixels()]
        ring = _ring(work, b, max(1.0, b.h * 0.1))
        if patch.size == 0 or ring.size == 0:
            continue
        inked = _off_ground(work, b, np.median(ring, axis=0))
        # columns of a thin stroke crossing the line (a decorative rule) are no ink
        cols = inked.sum(axis=0) > 0.15 * b.h
        # the mark stands a little apart from the word: more than letters do
        runs = _ink_runs(np.asarray(cols), max(2, int(round(0.12 * b.h))))
        if len(runs) < 2:
            continue
        x0, y0 = int(b.x0), int(b.y0)
        # the tile: the rows its columns are mostly inked in (a solid tile is all ink,
        # which _tighten would take for the shape under a letter)
        tile_rows = np.flatnonzero(inked[:, runs[0][0] : runs[0][1]].mean(axis=1) >= 0.5)
        if tile_rows.size == 0:
            continue
        ink = Box(x0 + runs[0][0], y0 + tile_rows[0], x0 + runs[0][1], y0 + tile_rows[-1] + 1)
        word = _tighten(work, Box(x0 + runs[1][0], b.y0, x0 + runs[-1][1], b.y1))
        tile, letters = work[ink.pixels()], work[word.pixels()]
        tile_ink = inked[ink.moved(-x0, -y0).pixels()]
        letter_ink = inked[word.moved(-x0, -y0).clipped(b.w, b.h).pixels()]
        letters = letters[: letter_ink.shape[0], : letter_ink.shape[1]]
        # a tile is as tall as the word's capitals; a lowercase letter ("m") is not. The
        # word's height is that of its rows of letters (on gravel, _tighten keeps the
        # stones above and below them in the box)
        rows = np.flatnonzero(letter_ink.mean(axis=1) >= LOGO_WORD_ROW_INK)
        word_h = float(rows[-1] - rows[0] + 1) if rows.size else word.h
        if not 0.6 < ink.w / max(1.0, ink.h) < 1.7 or ink.h < 0.85 * word_h:
            continue
        # ... mostly filled, and of another colour than the word's letters (a first
        # letter of the same colour, "B" of "Buy now", is no tile)
        if tile_ink.mean() < LOGO_TILE_FILL or not letter_ink.any():
            continue
        tone = np.median(tile[tile_ink], axis=0) - np.median(letters[letter_ink], axis=0)
        if float(np.abs(tone).max()) < LOGO_TILE_CONTRAST:
            continue
        cost = ln.box.w / ln.box.h
        if best is None or cost < best[0]:
            top = min(ink.y0, word.y0 + float(rows[0])) if rows.size else ink.y0
            bottom = max(ink.y1, word.y0 + float(rows[-1] + 1)) if rows.size else ink.y1
            best = (cost, ln, Box(ink.x0, top, word.x1, bottom))
    return None if best is None else (best[1], best[2])


def _off_ground(work: np.ndarray, b: Box, ground: np.ndarray) -> np.ndarray:
    """Pixels of ``b`` unlike the ground around it: ink of a mark or of letters.

    The ground is the colour around the box (``ground``, one colour) or, column by
    column, the ground just above or just below it, whichever is nearer: on a picture
    the ground's colour changes along a line (a dark corner, then lit wood), and the
    gap between a brand's tile and its word, unlike the one median colour, would be ink.
    """
    h, w = work.shape[:2]
    patch = work[b.pixels()]
    off = colour_distance(patch, ground)
    pad = max(1, int(round(0.1 * b.h)))
    x0, x1 = int(b.x0), int(b.x0) + patch.shape[1]
    for y0, y1 in ((int(b.y0) - pad, int(b.y0)), (int(b.y1), int(b.y1) + pad)):
        if y0 < 0 or y1 > h:
            continue
        column = np.median(work[y0:y1, x0:x1], axis=0)
        off = np.minimum(off, colour_distance(patch, column[None]))
    return off > 0.2
