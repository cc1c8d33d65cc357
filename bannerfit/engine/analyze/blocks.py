"""Text blocks: lines of one size and weight grouped into blocks, each block's kind
(headline, body, small print) told against the others, and the panel each sits on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from bannerfit.engine.analyze.lines import (
    _baseline,
    _baseline_of,
    _Line,
    _line_ink,
    _stroke_width,
)
from bannerfit.engine.analyze.panels import (
    _on_scrim,
    _panel_extent,
    _panel_under,
    _quiet_color,
    _quiet_panel,
)
from bannerfit.engine.analyze.shapes import _highlighted_lines
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings, _UnderText
from bannerfit.engine.analyze.veils import Veil, _mostly_in, _veil_under
from bannerfit.engine.analyze.words import _split_words
from bannerfit.engine.geometry import Box, union_all
from bannerfit.engine.model import Element, ElementKind, Panel, TextLine

_T = TypeVar("_T")
#: _join_row_pieces: detector pieces on one row closer than this many line heights are
#: one line, if no taller than ROW_PIECE_MAX_SHARE of the tallest line
ROW_PIECE_GAP = 2.5
ROW_PIECE_MAX_SHARE = 0.6
#: ... unless both pieces start columns: other lines, in other rows, start within this
#: share of a line height of where each starts (see _columns)
COLUMN_ALIGN = 0.3
#: _group_lines: a line this much heavier (stroke width) than the line above starts a
#: new block; on a photo or texture, where the stroke estimate is rough, BUSY_WEIGHT_RATIO.
#: (1.7 let a 25 px bold headline and its 20 px regular sub-line, measured 1.70 apart,
#: run together into one block whose reflow put a sub-line word on a headline line)
WEIGHT_RATIO = 1.6
BUSY_WEIGHT_RATIO = 2.0
#: _group_lines: ... and a line whose letters rise this much higher (or lower) above its
#: baseline than the line above's starts a new block (BUSY_RISE_RATIO on a picture, whose
#: baselines are rough). Box heights mix in descenders: own_018's 94 px "summit" (none)
#: over its 66 px sub-line (with "p" and "g") measured 1.43 apart, under the 1.45 that
#: tells sizes apart, while their letters rose 88 and 51 px (1.74). Caps over a line of
#: x-height letters alone rise about 1.4 apart in one font.
RISE_RATIO = 1.55
BUSY_RISE_RATIO = 2.0
#: _group_lines: lines of box heights 1.45 and more apart are of one size when their
#: x-heights (see _x_height) are under this ratio apart
SAME_X_HEIGHT = 1.15
#: _x_height: rows holding at least this share of a line's densest rows' ink
X_BAND_SHARE = 0.5
#: _tier_reference: a one-line block under this many times as wide as tall ...
HERO_ASPECT = 4.0
#: ... and this many times as tall as the next block is a hero figure
HERO_RATIO = 2.5
#: _merge_overlapping: two blocks' boxes overlapping by at least this share of the
#: smaller one's height and width overlap in their letters, not in the line spacing
MERGE_OVERLAP = 0.2
#: on a picture, a block's scrim (its colour flooded from around its words) and the veil
#: found by a step along four sides are one panel when they overlap by at least this
#: much (IoU); the source's translucent scrims in the kit: 0.97 and more
SCRIM_VEIL_IOU = 0.9


def _find_text_blocks(
    canvas: _Canvas,
    backdrop: _Backdrop,
    lines: list[_Line],
    hugging: dict[str, np.ndarray],
    findings: _Findings,
) -> _UnderText:
    """Text blocks of the lines left free, each with what lies under it: a scrim, a
    veil or a quiet panel of its own.

    What buttons, the logo and badges left is the banner's text. Grouped into blocks,
    the blocks' kinds (headline, body, small print) are told against each other; what
    lies under them is kept for the finders of products, the clean plate and the
    lifting after (see _UnderText).
    """
    work, s, ww, wh = canvas.work, canvas.scale, canvas.work_width, canvas.work_height
    plate, busy = backdrop.plate, backdrop.busy
    elements, add = findings.elements, findings.add
    # 3. text blocks from the remaining lines; panels (scrims) under them
    panels: list[tuple[Box, np.ndarray]] = []  # a scrim's extent and its colour
    grounds: list[tuple[Box, np.ndarray]] = []  # the picture's colour around plain words
    scrims: list[tuple[Box, np.ndarray]] = []  # the panels that are the source's own
    veils: list[Veil] = []  # translucent panels over a picture
    quiet_boxes: dict[str, Box] = {}  # the quiet panel's box (in panels) of each block
    # what a veil may hold besides a block: the other lines and the buttons
    neighbours = [ln.box for ln in lines] + [e.box.scaled(s) for e in elements if e.kind == "cta"]
    free = [ln for ln in lines if not ln.used]
    free = _join_row_pieces(free, max((ln.box.h for ln in free), default=0.0))
    blocks = _group_lines(free, work, busy)
    if blocks:
        head_h = _tier_reference(blocks)
        for bi, block in enumerate(blocks):
            lh = float(np.median([ln.box.h for ln in block]))
            bbox = union_all([ln.box for ln in block])
            kind_: ElementKind = "headline" if lh >= 0.8 * head_h else "body"
            if lh < 0.45 * head_h and len(block) <= 2:
                kind_ = "small_print"
            scrim = _panel_under(work, bbox, lh, plate, busy)
            extent = None
            if scrim is not None:
                extent = _panel_extent(work, bbox, lh, np.array(scrim[0], np.float32), scrim[2])
            veil = _veil_under(work, bbox, lh, neighbours) if busy else None
            if extent is not None and veil is not None and extent.iou(veil.box) < SCRIM_VEIL_IOU:
                # over a light part of a picture a translucent panel is as even around
                # its words as a scrim, and the scrim's colour floods on past the veil's
                # edges into the picture (own_027: down to the cup shot pasted under it,
                # then no picture of its own): where the flood is no rectangle the veil
                # found by its four sides is the panel
                scrim = extent = None
            panel: Panel | None = None
            if scrim is not None and extent is not None:
                color = np.array(scrim[0], np.float32)
                panels.append((extent, color))
                scrims.append(panels[-1])
                panel = Panel(scrim[0], scrim[1], scrim=panels[-1][0].scaled(1 / s))
            elif veil is not None:
                # a translucent panel: the picture shows through it, so it is lifted off
                # the plate (not painted over) and redrawn as translucent behind the words
                veils.append(veil)
                panel = veil.panel(s)
            elif busy:
                # words lifted as boxes from a busy picture get a quiet panel of their own;
                # it is not a scrim of the source, so it reaches no further than the words
                # (flooding its colour would take in the whole picture around them)
                ground = _quiet_color(work, bbox, max(2.0, lh * 0.12))
                if ground is not None:
                    panel = _quiet_panel(ground)
                    panels.append((bbox.padded(lh * 0.3).clipped(ww, wh), ground))
                    # the picture of that colour around the words is still no product
                    grounds.append((_panel_extent(work, bbox, lh, ground), ground))
            tlines = tuple(
                TextLine(
                    ln.box.scaled(1 / s),
                    _split_words(work, ln.box, 1 / s),
                    _baseline(work, ln.box) / s,
                )
                for ln in block
            )
            imp = {"headline": 1.0, "body": 0.7, "small_print": 0.4}[kind_]
            add(kind_, bbox.padded(lh * 0.16), None, False, imp, f"text{bi}", tlines, panel)
            if panel is not None and panel.soft:  # its box is the last of panels
                quiet_boxes[elements[-1].id] = panels[-1][0]
        elements[:] = _highlighted_lines(elements, hugging)
        # exactly one headline: the tallest block wins, ties by position
        heads = [e for e in elements if e.kind == "headline"]
        if len(heads) > 1:
            keep = max(heads, key=lambda e: (e.line_height, -e.box.y0))
            elements[:] = [
                e if (e.kind != "headline" or e is keep) else _rekind(e, "body") for e in elements
            ]
        # a sub-line's view of its headline's scrim may be a veil: the scrim wins
        veils[:] = [v for v in veils if not any(_mostly_in(v.box, ext) for ext, _ in scrims)]
        elements[:] = [_on_scrim(e, scrims, veils, s) for e in elements]
    return _UnderText(panels, grounds, scrims, veils, quiet_boxes)


def _tier_reference(blocks: list[list[_Line]]) -> float:
    """The line height the blocks' kinds are measured against: the tallest block's.

    But a hero figure ("70%" in 300 px type over "UP TO" and "OFF EVERYTHING" in 70 px)
    is one short line (under HERO_ASPECT times as wide as tall) HERO_RATIO times the
    next block's height or more: measured against it, the message around it was all
    small print, the first thing left out, and a 320x50 showed "70%" alone. Then the
    next block is the reference (the figure stays the headline, being the tallest).
    """
    heights = [float(np.median([ln.box.h for ln in b])) for b in blocks]
    order = sorted(range(len(blocks)), key=lambda i: heights[i])
    tallest, top = heights[order[-1]], blocks[order[-1]]
    hero = len(top) == 1 and top[0].box.w < HERO_ASPECT * top[0].box.h
    if hero and len(blocks) > 1 and tallest >= HERO_RATIO * heights[order[-2]]:
        return heights[order[-2]]
    return tallest


def _rekind(e: Element, kind: ElementKind) -> Element:
    return dataclasses.replace(e, kind=kind, importance=0.7)


def _join_row_pieces(lines: list[_Line], tallest: float) -> list[_Line]:
    """Pieces of one line of small text, split by the detector, joined into one line.

    The detector breaks small print on a busy picture into pieces (and may miss the
    words between them); moved apart, each piece reads as a fragment. Pieces of about
    one height, on one row, a few letters apart are one line. Only small type is
    joined: beside a headline on its row lies other content (a product's label).
    """
    small = ROW_PIECE_MAX_SHARE * tallest
    boxes = [ln.box for ln in lines]

    def one_row(a: _Line, b: _Line) -> bool:
        gx, gy = a.box.gap(b.box)
        return (
            max(a.box.h, b.box.h) <= small
            and 0.5 <= a.box.h / max(1.0, b.box.h) <= 2.0
            and -gy >= 0.7 * min(a.box.h, b.box.h)
            and gx < ROW_PIECE_GAP * max(a.box.h, b.box.h)
            and not _columns(a.box, b.box, boxes)
        )

    return _merge_pairs(
        sorted(lines, key=lambda ln: ln.box.x0),
        one_row,
        lambda a, b: _Line(a.box.union(b.box), max(a.score, b.score)),
    )


def _columns(a: Box, b: Box, boxes: list[Box]) -> bool:
    """Whether two pieces of a row start two columns of lines: each has another line in
    another row starting where it starts (within COLUMN_ALIGN of a line height).

    A list of job titles in two columns ("Backend engineer   Product designer" over
    "Data analyst   Support lead") had its first row joined into one line, read as
    one phrase in every layout; a line broken into pieces has no lines lined up under
    its pieces."""
    h = max(a.h, b.h)

    def lined_up(piece: Box) -> bool:
        return any(abs(c.x0 - piece.x0) <= COLUMN_ALIGN * h and c.gap(piece)[1] > 0 for c in boxes)

    return lined_up(a) and lined_up(b)


def _merge_pairs(
    items: list[_T], joinable: Callable[[_T, _T], bool], join: Callable[[_T, _T], _T]
) -> list[_T]:
    """Join the first joinable pair (in list order) until no pair is joinable."""
    out = list(items)
    while True:
        pair = next(
            (
                (i, j)
                for i in range(len(out))
                for j in range(i + 1, len(out))
                if joinable(out[i], out[j])
            ),
            None,
        )
        if pair is None:
            return out
        i, j = pair
        out[i] = join(out[i], out[j])
        del out[j]


def _group_lines(lines: list[_Line], work: np.ndarray, busy: bool) -> list[list[_Line]]:
    """Lines of one block: similar height and weight, stacked closely, overlapping.

    On a busy picture the weight is a rough estimate (a line box over a dark patch of a
    photo splits into that patch and the rest, not into ink and ground), so only a far
    heavier line starts a new block there.
    """
    lines = sorted(lines, key=lambda ln: (ln.box.y0, ln.box.x0))
    strokes = {id(ln): _stroke_width(work, ln.box, busy) for ln in lines}
    # (each line's ink, found once, gives its baseline and its x-height)
    inks = {id(ln): _line_ink(work, ln.box) for ln in lines}
    bases = {id(ln): _baseline_of(inks[id(ln)], ln.box) for ln in lines}
    x_heights = {id(ln): _x_height(inks[id(ln)], ln.box) for ln in lines}

    def rise(ln: _Line) -> float:
        """How high the line's letters reach above its baseline."""
        return bases[id(ln)] - ln.box.y0

    def leading(a: _Line, b: _Line) -> float:
        """The air between two lines as if both had ascenders and descenders: a line
        without descenders over one without ascenders ("lemon" over "yoga") is no
        further apart than the lines above it."""
        ba, bb = bases[id(a)], bases[id(b)]
        rise = max(ba - a.box.y0, bb - b.box.y0)
        fall = max(a.box.y1 - ba, b.box.y1 - bb)
        return (bb - rise) - (ba + fall)

    blocks: list[list[_Line]] = []
    for ln in lines:
        placed = False
        for block in blocks:
            last = block[-1]
            ratio = max(ln.box.h, last.box.h) / max(1.0, min(ln.box.h, last.box.h))
            # ... unless only ascenders and descenders make the boxes differ: "museum"
            # (x-height letters alone) between "Running" and "party" is of their size
            xa, xb = x_heights[id(ln)], x_heights[id(last)]
            same_x = max(xa, xb) / max(1.0, min(xa, xb)) < SAME_X_HEIGHT
            a, b = strokes[id(ln)], strokes[id(last)]
            # a line with and one without descenders differ in height; a headline and
            # its sub-line differ in stroke weight too
            heavier = max(a, b) / max(0.5, min(a, b))
            ra, rb = rise(ln), rise(last)
            taller = max(ra, rb) / max(1.0, min(ra, rb))
            gx, gy = last.box.gap(ln.box)
            # a block's lines are evenly spaced: a gap well past its own leading starts
            # the next block (a sub-line under a two-line headline of similar weight)
            lead = max(
                (leading(a, b) for a, b in zip(block, block[1:], strict=False)), default=None
            )
            spaced = lead is not None and leading(last, ln) > max(2.0 * lead, 0.35 * ln.box.h)
            if (
                (ratio < 1.45 or same_x)
                and heavier < (BUSY_WEIGHT_RATIO if busy else WEIGHT_RATIO)
                and taller < (BUSY_RISE_RATIO if busy else RISE_RATIO)
                and -0.5 * ln.box.h < gy < 1.0 * max(ln.box.h, last.box.h)
                and gx < 0
                and not spaced
            ):
                block.append(ln)
                placed = True
                break
        if not placed:
            blocks.append([ln])
    return _merge_overlapping(blocks) if busy else blocks


def _x_height(found: tuple[np.ndarray, int] | None, box: Box) -> float:
    """The height of a line's band of dense ink rows: its lowercase letters' x-height
    (a capital's or an ascender's rows above it and a descender's below hold a few
    letters' ink, X_BAND_SHARE of the densest rows' at most), or its capitals' height.

    A line's box is as tall as its tallest letter and lowest descender, which a word of
    x-height letters alone has neither of, so its box is about half as tall as the next
    line's in the same type; the band is the same. ``found``: the line's ink (see
    _line_ink).
    """
    if found is None or found[0].size == 0:
        return box.h
    rows = found[0].sum(axis=1).astype(np.float32)
    return float((rows >= X_BAND_SHARE * np.percentile(rows, 90)).sum())


def _merge_overlapping(blocks: list[list[_Line]]) -> list[list[_Line]]:
    """Blocks whose boxes overlap become one block, unless lines of different sizes only
    touch in the line spacing.

    Words on a busy picture are lifted as boxes of it (or mattes with a panel); two
    overlapping blocks moved apart would each carry a piece of the other's letters. The
    detector's boxes reach into the line spacing, so boxes of lines of different sizes
    that overlap by less than MERGE_OVERLAP of the smaller one's height (or width) only
    touch there: a headline and the smaller sub-line right under it on a photo's dark
    band had become one block, the sub-line's words reflowed into the headline's lines
    and its full stop dropped as a speck at the headline's size. Lines of one size that
    touch stay one block: on a picture the weight estimate can part a headline's two
    lines (one over a darker patch of the photo).
    """

    def joinable(a: list[_Line], b: list[_Line]) -> bool:
        ba, bb = union_all([ln.box for ln in a]), union_all([ln.box for ln in b])
        w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
        h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
        if w <= 0 or h <= 0:
            return False
        if w > MERGE_OVERLAP * min(ba.w, bb.w) and h > MERGE_OVERLAP * min(ba.h, bb.h):
            return True
        ha = float(np.median([ln.box.h for ln in a]))
        hb = float(np.median([ln.box.h for ln in b]))
        return max(ha, hb) < 1.45 * min(ha, hb)

    return _merge_pairs(
        blocks, joinable, lambda a, b: sorted(a + b, key=lambda ln: (ln.box.y0, ln.box.x0))
    )
