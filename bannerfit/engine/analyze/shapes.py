"""Shapes under text: buttons (a short line on a compact uniform shape, or in a
thin outline), badges (a round or square shape of their own), and the floods that find
those shapes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np

from bannerfit.engine.analyze.lines import _Line
from bannerfit.engine.analyze.pixels import _fill_holes, _gray, _ring
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Panel, TextLine, Word

#: a shape under text (button, mark) must differ from what lies around it by this much
#: in some channel; the flood that follows is the real test (it must stay compact), so
#: this only keeps plain background out (a navy button on a maroon scrim differs by 0.1)
SHAPE_DISTINCT = 0.08
#: a button's letters differ from its colour by at least this much (max over channels)
SHAPE_INK_DISTANCE = 0.25
#: the window a shape under a line is flooded in: line heights beside it, above/below it
FLOOD_REACH = (3.0, 2.0)
#: a shape's pixels are within this of its colour (largest channel difference) ...
FLOOD_TOLERANCE = 0.08
#: ... or, where that region is far from convex (under SHAPE_SOLIDITY of its hull), within
#: this (see _flood)
FLOOD_TOLERANCE_TIGHT = 0.04
SHAPE_SOLIDITY = 0.85
#: _holds_glyphs: a shape at least this many times as wide as tall and this solid is a
#: pill whatever colour its words are (a glyph flooded from its ink is not that wide and
#: convex at once)
PILL_ASPECT = 1.6
PILL_SOLIDITY = 0.95
#: a badge (short text on a round or square shape) covers at most this share of the
#: canvas (a price disc 80 px across takes 9% of a 300x250: at 5% it was left on the
#: photo as a red blob); its shape's width / height lies in BADGE_ASPECT and its height
#: is BADGE_HEIGHT times the text's
BADGE_MAX_AREA = 0.1
BADGE_ASPECT = (0.75, 1.33)
BADGE_HEIGHT = (1.6, 6.0)
#: a button's shape holds its words to within this share of their line's height
CTA_HOLDS_TOL = 0.3
#: _highlighted_lines: a button's shape under this many times its line's height hugs
#: it (the kit's and the own set's pills are twice their line and more) ...
HIGHLIGHT_HUG = 1.6
#: ... and with words this many times as tall as the tallest other text it is a
#: headline line on a highlighter band
HIGHLIGHT_OVER_TEXT = 1.25
#: _ghost_outline is tried on lines at most this many times as wide as tall (a button's
#: two or three words)
GHOST_LINE_ASPECT = 8.0
#: _ghost_outline: a ghost button's outline is looked for this many line heights to the
#: sides and above and below its words, ...
GHOST_REACH = (3.0, 1.1)
#: ... is a stroke at most this share of a line height thick, ...
GHOST_STROKE_MAX = 0.15
#: ... lighter (or darker) than the pixels beside it on both sides by this much, ...
GHOST_CONTRAST = 0.2
#: ... running straight above and below the words over this share of their width
#: (over gaps of up to GHOST_GAP line heights)
GHOST_RUN_SHARE = 0.8
GHOST_GAP = 0.3


@dataclass
class _Shape:
    """A uniformly coloured region that text or a glyph sits on (button, mark, panel)."""

    box: Box
    mask: np.ndarray  # bool over box (work pixels)
    color: np.ndarray


def _shapes_under(canvas: _Canvas, backdrop: _Backdrop, lines: list[_Line]) -> list[_Shape | None]:
    """The uniform shape under each text line, if any (see _shape_under).

    Buttons, a logo's mark and badges are all told by the shape their words sit on: it
    is found once, against the first plate, for the three of them.
    """
    work, plate, busy = canvas.work, backdrop.plate, backdrop.busy
    shapes = [_shape_under(work, ln.box, plate, busy) for ln in lines]
    return shapes


def _find_buttons(
    canvas: _Canvas,
    backdrop: _Backdrop,
    lines: list[_Line],
    shapes: list[_Shape | None],
    findings: _Findings,
) -> dict[str, np.ndarray]:
    """Buttons: a short text line on a compact uniform shape (a pill).

    Found first, so that their words are no longer free for the logo, badges and text
    blocks. Returns the buttons whose shape hugs its line, with the shape's colour: a
    headline on a highlighter band looks like such a button (see _highlighted_lines).
    """
    work, s, ww, wh = canvas.work, canvas.scale, canvas.work_width, canvas.work_height
    plate, busy = backdrop.plate, backdrop.busy
    elements, add = findings.elements, findings.add
    # 1. buttons: a short text line on a compact uniform shape
    hugging: dict[str, np.ndarray] = {}  # buttons whose shape hugs its line: its colour
    for ln, sh in zip(lines, shapes, strict=True):
        if sh is None and not busy and not ln.used:
            # a large flat button is part of the first plate (its cells are all button):
            # compared with the plate it is no shape; with what lies well outside, it is
            sh = _shape_under(work, ln.box, plate, True)
        if sh is None or ln.used:
            continue
        if (
            sh.box.h <= 3.2 * ln.box.h
            and sh.box.w >= 1.6 * sh.box.h
            and sh.box.w <= ln.box.w + 6 * ln.box.h
            # a button holds its words (a light veil's patch over a bright wall is
            # uniform too, but the words run past it)
            and sh.box.contains(ln.box, tol=CTA_HOLDS_TOL * ln.box.h)
        ):
            inner = [o for o in lines if not o.used and sh.box.contains(o.box, tol=2)]
            if len(inner) > 2 or sh.box.area > 0.15 * ww * wh:
                continue
            for o in inner:
                o.used = True
            ln.used = True
            words = [_ink_on_shape(work, sh, o.box) for o in (inner or [ln])]
            text = tuple(TextLine(b.scaled(1 / s), (Word(b.scaled(1 / s)),)) for b in words)
            add("cta", sh.box, sh.mask, True, 0.9, "cta", text)
            if sh.box.h < HIGHLIGHT_HUG * ln.box.h:
                hugging[elements[-1].id] = sh.color
    return hugging


def _find_ghost_buttons(canvas: _Canvas, lines: list[_Line], findings: _Findings) -> None:
    """Ghost buttons: a short text line in a thin outline of its own.

    An outline leaves no uniform shape under the words for _find_buttons to find; it
    is looked for before the logo and text blocks, which would take its words.
    """
    work, s, add = canvas.work, canvas.scale, findings.add
    # 1b. ghost buttons: a short text line in a thin outline of its own
    for ln in lines:
        if ln.used or ln.box.w > GHOST_LINE_ASPECT * ln.box.h:
            continue
        ghost = _ghost_outline(work, ln.box)
        if ghost is None or any(
            o is not ln and not o.used and ghost.intersects(o.box) for o in lines
        ):
            continue
        ln.used = True
        line = TextLine(ln.box.scaled(1 / s), (Word(ln.box.scaled(1 / s)),))
        add("cta", ghost, None, True, 0.9, "cta", (line,))


def _find_badges(
    canvas: _Canvas,
    backdrop: _Backdrop,
    lines: list[_Line],
    shapes: list[_Shape | None],
    findings: _Findings,
) -> None:
    """Badges: a short text on a round or square shape of its own ("-50%", "NEW").

    Looked for after buttons and the logo (a pill or a brand's mark is no badge) and
    before text blocks, which would take their words as plain text.
    """
    work, s, ww, wh = canvas.work, canvas.scale, canvas.work_width, canvas.work_height
    plate, add = backdrop.plate, findings.add
    # 2b. badges: a short text on a round or square shape of its own ("-50%", "NEW")
    for bi, (ln, sh) in enumerate(zip(lines, shapes, strict=True)):
        if ln.used:
            continue
        badge = _badge_under(work, ln, sh, plate)
        if badge is None or badge.box.area > BADGE_MAX_AREA * ww * wh:
            continue
        inner = [o for o in lines if not o.used and badge.box.contains(o.box, tol=2)]
        if len(inner) > 2:
            continue
        for o in inner + [ln]:
            o.used = True
        text = tuple(TextLine(o.box.scaled(1 / s), (Word(o.box.scaled(1 / s)),)) for o in inner)
        add("badge", badge.box, badge.mask, True, 0.5, f"badge{bi}", text)


def _highlighted_lines(elements: list[Element], hugging: dict[str, np.ndarray]) -> list[Element]:
    """Buttons that are lines of the headline on a highlighter band: headline text on a
    solid panel of the band's colour.

    A band behind each line of a headline ("Adopt a friend" / "for life" on yellow) is
    a uniform shape under a short line, as a button is, but it hugs its line (under
    HIGHLIGHT_HUG line heights tall; a button's pill is twice its line) and its words
    are the banner's biggest (HIGHLIGHT_OVER_TEXT times the tallest other text). Taken
    for buttons, a banner had three, its sub-line became the headline and was read
    first, and a 320x50 fitted nothing. As text on a panel, the words are matted off
    the band and each line is drawn on a band of its own colour again.
    """
    tallest = max((e.line_height for e in elements if e.is_text), default=0.0)
    out = []
    for e in elements:
        color = hugging.get(e.id)
        if color is not None and e.line_height >= HIGHLIGHT_OVER_TEXT * tallest:
            band = Panel((float(color[0]), float(color[1]), float(color[2])), 1.0)
            e = dataclasses.replace(e, kind="headline", importance=1.0, panel=band)
        out.append(e)
    return out


def _ghost_outline(img: np.ndarray, box: Box) -> Box | None:
    """The box of a ghost button around a short text line: a thin outline, no fill.

    A button drawn as an outline (a "ghost" button, common on photos) has no uniform
    shape under its words for _shape_under to find, and its words' box reaches the
    outline, which then passed for their ground. Its outline is a ridge: a thin stroke
    lighter (or darker) than the pixels a stroke's width to either side. The button is
    a straight run of such a ridge above the words and one below them, over the same
    columns and at least GHOST_RUN_SHARE of the words' width, closed at both ends by
    the ridge turning down (a pill's round ends, a box's sides).
    """
    h, w = img.shape[:2]
    lh = box.h
    region = box.padded(GHOST_REACH[0] * lh, GHOST_REACH[1] * lh).clipped(w, h)
    lum = _gray(img[region.pixels()]).astype(np.float32) / 255.0
    rh, rw = lum.shape
    if min(rh, rw) < 8:
        return None
    d = max(2, int(round(GHOST_STROKE_MAX * lh)))
    pad = np.pad(lum, d, mode="edge")

    def ridge(sign: float, dy: int, dx: int) -> np.ndarray:
        a = sign * (lum - pad[d - dy : d - dy + rh, d - dx : d - dx + rw])
        b = sign * (lum - pad[d + dy : d + dy + rh, d + dx : d + dx + rw])
        return (a > GHOST_CONTRAST) & (b > GHOST_CONTRAST)

    inner = box.moved(-region.x0, -region.y0)
    iy0, iy1 = int(inner.y0), int(np.ceil(inner.y1))
    # (a JPEG's ringing breaks a thin outline here and there)
    close = np.ones((1, max(3, int(GHOST_GAP * lh))), np.uint8)
    for sign in (1.0, -1.0):
        across = cv2.morphologyEx(ridge(sign, d, 0).astype(np.uint8), cv2.MORPH_CLOSE, close)
        top = _longest_run(across[:iy0], inner)
        bottom = _longest_run(across[iy1:], inner)
        if top is None or bottom is None:
            continue
        (ya, ax0, ax1), (yb, bx0, bx1) = top, bottom
        yb += iy1
        # (one of them may break where the picture behind is as light as the outline)
        x0, x1 = min(ax0, bx0), max(ax1, bx1)
        # the ends: the ridge going down between the two runs, within a round end's reach
        down = ridge(sign, 0, d) | ridge(sign, d, d) | ridge(sign, d, -d)
        cols = down[ya : yb + 1].any(axis=0)
        reach = int((yb - ya) / 2 + d)
        left, right = _run_on(cols, x0, -1, reach), _run_on(cols, x1, 1, reach)
        if left is None or right is None:
            continue
        ghost = Box(left, ya, right + 1, yb + 1).padded(d).moved(region.x0, region.y0)
        if ghost.h > 3.2 * lh or ghost.w < 1.6 * ghost.h or ghost.w > box.w + 6 * lh:
            continue
        return ghost.clipped(w, h)
    return None


def _run_on(cols: np.ndarray, start: int, step: int, reach: int) -> int | None:
    """How far a button's outline runs on past the end of its straight run, column by
    column (``cols``: the outline turning down there), over gaps of at most two columns
    and ``reach`` columns at most; None if it does not turn down at the end at all."""
    near = cols[max(0, start - 2) : start + 3]
    if not near.any():
        return None
    last, gap, x = start, 0, start
    while 0 <= x + step < cols.size and abs(x + step - start) <= reach:
        x += step
        if cols[x]:
            last, gap = x, 0
        else:
            gap += 1
            if gap > 2:
                break
    return last


def _longest_run(rows: np.ndarray, inner: Box) -> tuple[int, int, int] | None:
    """The row of ``rows`` (a mask) with the longest run overlapping ``inner``'s columns,
    as (row, first column, last column), if it spans GHOST_RUN_SHARE of ``inner``."""
    best: tuple[int, int, int] | None = None
    for y in range(rows.shape[0]):
        edges = np.diff(np.concatenate([[0], rows[y].astype(np.int8), [0]]))
        for x0, x1 in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1, strict=True):
            if x1 < inner.x0 or x0 > inner.x1 or x1 - x0 + 1 < GHOST_RUN_SHARE * inner.w:
                continue
            if best is None or x1 - x0 > best[2] - best[1]:
                best = (y, int(x0), int(x1))
    return best


def _shape_under(
    img: np.ndarray,
    box: Box,
    plate: np.ndarray,
    busy: bool,
    reach: tuple[float, float] = FLOOD_REACH,
) -> _Shape | None:
    """The uniformly coloured shape a text line sits on, if it differs from the background.

    The shape's colour is either the uniform ring just around the line (text inside a
    button) or the dominant colour inside the line's box (a box that already spans the
    button, or a glyph on a mark).
    """
    h, w = img.shape[:2]
    pad = max(2.0, box.h * 0.2)
    if busy:
        # no trustworthy plate: compare with what lies well outside the line
        outer = _well_outside(img, box)
        bgc = np.median(outer, axis=0) if outer.size else np.median(plate.reshape(-1, 3), axis=0)
    else:
        bgc = np.median(_ring(plate, box.padded(pad), pad), axis=0)
    candidates: list[np.ndarray] = []
    ring = _ring(img, box.padded(1), pad)
    ring_color = None
    if ring.size >= 12:
        color = np.median(ring, axis=0)
        if np.mean(np.abs(ring - color).max(axis=1) < 0.06) >= 0.85:
            candidates.append(color)
            ring_color = color
    inner = img[box.clipped(w, h).pixels()].reshape(-1, 3)
    if inner.size:
        mode = _commonest_colour(inner)
        if np.mean(np.abs(inner - mode).max(axis=1) < 0.06) > 0.35:
            candidates.append(mode)
    for color in candidates:
        if np.abs(color - bgc).max() < SHAPE_DISTINCT:
            continue
        shape = _flood(img, box, color, reach)
        if shape is None:
            continue
        # a region no larger than the line's own box, flooded from its commonest colour,
        # is the line's glyphs when nothing of another colour than the ground is on it
        if color is ring_color or not box.contains(shape.box, tol=2):
            return shape
        if _holds_glyphs(img, shape, ring_color):
            return shape
    return None


def _well_outside(img: np.ndarray, box: Box) -> np.ndarray:
    """The pixels of a ring well outside a text line (Nx3): on a busy picture, with no
    trustworthy plate, what a shape under the line must differ from."""
    return _ring(img, box.padded(box.h * 2.5, box.h * 1.6), max(2.0, box.h * 0.5))


def _commonest_colour(pixels: np.ndarray) -> np.ndarray:
    """The mean of the commonest of 16 levels a channel (``pixels``: Nx3, 0..1)."""
    q = (pixels * 15.99).astype(np.int32)
    keys = q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2]
    return pixels[keys == np.bincount(keys).argmax()].mean(axis=0)


def _holds_glyphs(img: np.ndarray, shape: _Shape, ground: np.ndarray | None) -> bool:
    """Whether a shape flooded from the commonest colour inside a line's box has the
    line's glyphs on it: pixels of another colour inside its outline, unlike the ground
    around the line (``ground``: the ring's colour, when uniform).

    In a tight box the commonest colour can be the glyph's own ink (a big bold "P" on a
    disc the first plate estimate absorbed): flooded, the letter is a shape, with the
    disc's colour in its counter or nothing inside, and it was taken for a monogram.
    """
    patch = img[shape.box.pixels()]
    inside = shape.mask & (colour_distance(patch, shape.color) >= 0.08)
    if inside.sum() < 0.02 * shape.mask.sum():
        return False
    if ground is None:
        return True
    if np.abs(np.median(patch[inside], axis=0) - ground).max() >= SHAPE_DISTINCT:
        return True
    # words of the ground's own colour on a pill (navy "Download" on an orange pill on
    # navy, own_006), whose detector box spans the pill: the pill's outline tells it
    return shape.box.w >= PILL_ASPECT * shape.box.h and _solidity(shape.mask) >= PILL_SOLIDITY


def _flood(
    img: np.ndarray, box: Box, color: np.ndarray, reach: tuple[float, float] = FLOOD_REACH
) -> _Shape | None:
    """The connected region of ``color`` that holds the line, unless it runs off the window
    (``reach`` line heights beside and above/below the line).

    A button the colour of the photo behind it (own_016's red "Shop now" pill on an
    orange suit) touches patches of the photo within the colour tolerance, and flooded
    with them it was a ragged blob twice the pill's height: no button, and its words
    were reflowed as plain text (or it ran off the window with them). A region far
    from convex, or none, is flooded again at a tighter tolerance, and the tighter
    region is the shape when it is convex: flat paint is far closer to its own colour
    than a photo's pixels are.
    """
    shape, held = _flood_within(img, box, color, reach, FLOOD_TOLERANCE)
    if not held:
        # no region of the colour holds the line: no tighter one can
        return None
    if shape is not None and _solidity(shape.mask) >= SHAPE_SOLIDITY:
        return shape
    tight, _ = _flood_within(img, box, color, reach, FLOOD_TOLERANCE_TIGHT)
    if tight is not None and _solidity(tight.mask) >= SHAPE_SOLIDITY:
        return tight
    return shape


def _solidity(mask: np.ndarray) -> float:
    """The share of its convex hull that a (hole-filled) mask covers."""
    pts = cv2.findNonZero(mask.astype(np.uint8))
    if pts is None:
        return 0.0
    hull = cv2.convexHull(pts)
    # (pixels counted against a polygon's area: half its outline's pixels lie outside it)
    area = cv2.contourArea(hull) + 0.5 * cv2.arcLength(hull, True)
    return float(mask.sum()) / max(1.0, area)


def _flood_within(
    img: np.ndarray, box: Box, color: np.ndarray, reach: tuple[float, float], tolerance: float
) -> tuple[_Shape | None, bool]:
    """_flood's region at one colour ``tolerance`` (the largest channel difference), and
    whether a region of that colour holds the line at all (a region that runs off the
    window holds it, but is no shape)."""
    h, w = img.shape[:2]
    search = box.padded(box.h * reach[0], box.h * reach[1]).clipped(w, h)
    x0, y0, x1, y1 = (
        int(search.x0),
        int(search.y0),
        int(np.ceil(search.x1)),
        int(np.ceil(search.y1)),
    )
    patch = img[y0:y1, x0:x1]
    close = colour_distance(patch, color) < tolerance
    ib = box.moved(-x0, -y0)
    iy0, iy1 = int(max(0, ib.y0)), int(np.ceil(ib.y1))
    ix0, ix1 = int(max(0, ib.x0)), int(np.ceil(ib.x1))
    n, lab, stats, _ = cv2.connectedComponentsWithStats(close.astype(np.uint8), connectivity=4)
    inside = lab[iy0:iy1, ix0:ix1]
    counts = np.bincount(inside.ravel(), minlength=n)
    counts[0] = 0
    k = int(counts.argmax())
    if k == 0 or counts[k] < 0.1 * inside.size:
        return None, False
    x, y, bw, bh, area = stats[k]
    # a shape cut by the search window is not compact: it is a panel or the background
    if x == 0 or y == 0 or x + bw >= patch.shape[1] or y + bh >= patch.shape[0]:
        return None, True
    # the glyphs on the shape are holes in its colour: filling them keeps the text, and
    # the shape's own outline (rounded corners) stays exact
    m = _fill_holes(lab[y : y + bh, x : x + bw] == k)
    return _Shape(Box(x0 + x, y0 + y, x0 + x + bw, y0 + y + bh), m, color), True


def _ink_on_shape(img: np.ndarray, sh: _Shape, line: Box) -> Box:
    """The letters' own box on a button.

    On small sources the detector's box of a button's words can span the whole pill,
    and the planner's legibility floor and size caps must see the letters' height, not
    the pill's: a 31 px pill whose words are 12 px tall was drawn 14 px tall in a
    320x50 slot, its words 6 px. Ink is what differs from the shape's colour inside
    the shape (its outline's anti-aliasing eroded away), within the line's box.
    """
    inside = cv2.erode(sh.mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    x0, y0 = int(sh.box.x0), int(sh.box.y0)
    patch = img[y0 : y0 + inside.shape[0], x0 : x0 + inside.shape[1]]
    ink = inside[: patch.shape[0], : patch.shape[1]] & (
        colour_distance(patch, sh.color) > SHAPE_INK_DISTANCE
    )
    window = np.zeros_like(ink)
    window[line.moved(-x0, -y0).clipped(ink.shape[1], ink.shape[0]).pixels()] = True
    ys, xs = np.nonzero(ink & window)
    if ys.size < 8:
        return line
    b = Box(x0 + xs.min(), y0 + ys.min(), x0 + xs.max() + 1, y0 + ys.max() + 1).padded(1)
    return b if b.h >= 3 and b.w >= b.h else line


def _badge_under(
    work: np.ndarray, ln: _Line, sh: _Shape | None, plate: np.ndarray
) -> _Shape | None:
    """The round or square shape of its own a short line sits on, if it is a badge.

    A badge is about as wide as tall and a few text heights tall; a button is a pill
    (found before), a panel is far larger. The plate near a large badge may have taken
    in its colour, so the shape is also looked for against what lies well outside.
    """
    # a shape holding the line (within 2 px) is at least as wide as it, so a line wider
    # than the widest badge for its height needs no flood
    if ln.box.w - 4 > BADGE_ASPECT[1] * BADGE_HEIGHT[1] * ln.box.h:
        return None
    # the window reaches past the tallest badge's rim (BADGE_HEIGHT line heights tall)
    reach = (BADGE_HEIGHT[1] / 2 + 0.7,) * 2
    for shape in (sh, _shape_under(work, ln.box, plate, True, reach)):
        if shape is None or not shape.box.contains(ln.box, tol=2):
            continue
        b = shape.box
        if (
            BADGE_ASPECT[0] <= b.w / max(1.0, b.h) <= BADGE_ASPECT[1]
            and BADGE_HEIGHT[0] * ln.box.h <= b.h <= BADGE_HEIGHT[1] * ln.box.h
        ):
            return shape
    return None
