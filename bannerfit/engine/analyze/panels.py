"""Scrims and quiet panels under text: the solid panel a block sits on (the
source's own, redrawn behind its words), the quiet panel words lifted off a busy picture
get, and what a box lifted from a picture leaves behind of a scrim or a veil.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import cv2
import numpy as np

from bannerfit.engine.analyze.pixels import _ring
from bannerfit.engine.analyze.veils import Veil
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Layer, Panel

#: a lifted box's pixel this close to a scrim's colour, inside the scrim, is the scrim's
SCRIM_MATCH = 0.1
#: a scrim's extent is flooded over the pixels this close to its colour (see
#: _panel_extent), and a bar's row or column is of its colour by the same measure
SCRIM_FLOOD = 0.14
#: opacity a scrim is redrawn with: a solid one stays solid (at 0.92 a dotted texture
#: showed through it as faint marks beside the words, whose own boxes of the source's
#: scrim hid it: a ghost "iL" after "PIZZA", which tesseract then misread)
SCRIM_OPACITY = 1.0
#: a scrim is looked for up to PANEL_REACH line heights around its words; a card of
#: the ground's colour around them is looked for as far, then CARD_REACHES' farther
#: (a card holding a headline, its sub-line and a button reaches past four of the
#: headline's lines below it, and had been taken for the ground)
PANEL_REACH = 4.0
CARD_REACHES = (PANEL_REACH, 10.0)
#: a bar of one colour from one edge of the banner to the other (a footer with the web
#: address and the terms) is the scrim of the words on it when it is at most
#: BAND_MAX_LINES of their line heights and BAND_MAX_SHARE of the banner thick, its
#: pixels within BAND_FLAT of its colour (a gradient's stripe of near colours is no
#: bar), and the colour beyond each of its open edges at least BAND_EDGE off it
BAND_MAX_LINES = 4.0
BAND_MAX_SHARE = 0.25
BAND_FLAT = 0.06
BAND_EDGE = 0.2
#: ... and is only looked for where a row (column) beside the words is of its colour
#: along this share of the banner's width (height)
BAND_ALONG = 0.95


def _panel_under(img: np.ndarray, bbox: Box, lh: float, plate: np.ndarray, busy: bool):
    """Colour, opacity and reach (see _panel_extent) of a scrim under a text block, when
    there is one."""
    pad = max(2.0, lh * 0.12)
    ring = _ring(img, bbox, pad)
    if ring.size < 12:
        return None
    color = np.median(ring, axis=0)
    spread = np.abs(ring - color).max(axis=1)
    if np.mean(spread < 0.08) < 0.8:
        return None
    outer = _ring(img, bbox.padded(pad * 5), pad * 2)
    bgc = np.median(outer, axis=0) if outer.size else np.median(_ring(plate, bbox, pad * 4), axis=0)
    reach = PANEL_REACH
    band = _band_around(img, bbox, lh, color, pad)
    if band is not None:
        reach = band
    elif np.abs(color - bgc).max() < 0.1:
        card = _card_around(img, bbox, lh, color, pad)
        if card is None:
            return None
        reach = card
    return (tuple(float(c) for c in color), SCRIM_OPACITY, reach)


def _band_around(
    img: np.ndarray, bbox: Box, lh: float, color: np.ndarray, pad: float
) -> float | None:
    """The reach (see _panel_extent) at which text is found on a bar of one colour
    running from one edge of the banner to the other (None: no bar).

    A footer's words (a web address, the terms) on a dark bar across the bottom had no
    scrim: the bar reaches past any window around the words, so it was taken for the
    ground, then the gradient fit took it in as a dark fade at the bottom, and the light
    words moved off it onto the cream, unreadable. As their scrim, the bar goes with
    them (a panel around the words when they move, the bar itself where the layout keeps
    the source's) and leaves the plate.
    """
    h, w = img.shape[:2]
    # a bar runs past its words from edge to edge just above or below them (or beside
    # them, for an upright bar), and the other way it ends: the whole banner is flooded
    # only when the rows (columns) beside them are of its colour all along and the
    # columns (rows) are not (both: the ground itself)
    rows, cols = _crossed(img, bbox, color, pad)
    if rows == cols:
        return None
    reach = max(w, h) / max(lh, 1.0)
    ext = _panel_extent(img, bbox, lh, color, reach)
    across_x = ext.x0 <= 1 and ext.x1 >= w - 1
    across_y = ext.y0 <= 1 and ext.y1 >= h - 1
    if across_x == across_y:
        return None
    thick, side = (ext.h, h) if across_x else (ext.w, w)
    if thick > BAND_MAX_LINES * lh or thick > BAND_MAX_SHARE * side:
        return None
    bar = img[ext.pixels()]
    inner = bbox.moved(-int(ext.x0), -int(ext.y0)).clipped(bar.shape[1], bar.shape[0])
    flat = np.ones(bar.shape[:2], bool)
    flat[inner.pixels()] = False
    if float(np.percentile(colour_distance(bar[flat], color), 95)) > BAND_FLAT:
        return None
    # a hard edge on each open side: the colour a little beyond it is another
    gap, depth = 2, max(2, int(round(pad * 2)))
    if across_x:
        beyond = [
            img[max(0, int(ext.y0) - gap - depth) : max(0, int(ext.y0) - gap)],
            img[int(np.ceil(ext.y1)) + gap : int(np.ceil(ext.y1)) + gap + depth],
        ]
    else:
        beyond = [
            img[:, max(0, int(ext.x0) - gap - depth) : max(0, int(ext.x0) - gap)],
            img[:, int(np.ceil(ext.x1)) + gap : int(np.ceil(ext.x1)) + gap + depth],
        ]
    beyond = [b.reshape(-1, 3) for b in beyond if b.size]
    if not beyond:
        return None
    for b in beyond:
        if float(colour_distance(np.median(b, axis=0), color)) < BAND_EDGE:
            return None
    return reach


def _crossed(img: np.ndarray, bbox: Box, color: np.ndarray, pad: float) -> tuple[bool, bool]:
    """Whether the row just above or just below ``bbox`` is of ``color`` (within the
    scrim flood's reach) across the banner, and whether the column just left or right
    of it is, down the banner."""
    h, w = img.shape[:2]
    b = bbox.padded(pad).clipped(w - 1, h - 1)

    def along(px: np.ndarray) -> bool:
        return float(np.mean(colour_distance(px, color) < SCRIM_FLOOD)) >= BAND_ALONG

    rows = along(img[int(b.y0)]) or along(img[int(b.y1)])
    cols = along(img[:, int(b.x0)]) or along(img[:, int(b.x1)])
    return rows, cols


def _card_around(
    img: np.ndarray, bbox: Box, lh: float, color: np.ndarray, pad: float
) -> float | None:
    """The reach (see _panel_extent) at which text whose surroundings are all of one
    colour is found on a card: a region of that colour that ends, on every side, within
    the search window, with a different colour beyond it (None: no card).

    A card with wide margins has its own colour a few letters out from its words too,
    so the nearer test takes it for the background. A plain or gradient background's
    colour runs on to the window's edge in some direction. A card that holds more than
    the block (a sub-line and a button under the headline) ends past the nearer window.
    """
    h, w = img.shape[:2]
    for reach in CARD_REACHES:
        win = bbox.padded(lh * reach).clipped(w, h)
        ext = _panel_extent(img, bbox, lh, color, reach)
        inside = (
            ext.x0 > win.x0 + 1
            and ext.y0 > win.y0 + 1
            and ext.x1 < win.x1 - 1
            and ext.y1 < win.y1 - 1
        )
        if not inside:
            continue
        beyond = _ring(img, ext.padded(pad), pad * 2)
        if beyond.size >= 12 and float(np.abs(np.median(beyond, axis=0) - color).max()) >= 0.1:
            return reach
        return None
    return None


def _on_scrim(
    e: Element, scrims: list[tuple[Box, np.ndarray]], veils: list[Veil], s: float
) -> Element:
    """A text block inside another block's scrim sits on that scrim.

    The scrim test looks at the colour just around a block and a little further out;
    around a sub-line on a large panel both rings are the panel, so the sub-line alone
    found no scrim (and on a photo got a quiet panel of its own, drawn apart from the
    headline's). It takes the scrim of the block it shares the panel with, or the veil
    (translucent panel) another block found around both.
    """
    if not e.is_text:
        return e
    own = e.panel
    # its own scrim, or a veil kept (one under a scrim is dropped: the scrim wins)
    if own is not None and not own.soft and (not own.veil or any(own == v.panel(s) for v in veils)):
        return e
    box = e.box.scaled(s)
    for extent, color in scrims:
        if extent.contains(box, tol=2.0):
            rgb = (float(color[0]), float(color[1]), float(color[2]))
            return dataclasses.replace(
                e, panel=Panel(rgb, SCRIM_OPACITY, scrim=extent.scaled(1 / s))
            )
    for v in veils:
        if v.box.contains(box, tol=2.0):
            return dataclasses.replace(e, panel=v.panel(s))
    return e


def _panel_extent(
    img: np.ndarray, bbox: Box, lh: float, color: np.ndarray, reach: float = PANEL_REACH
) -> Box:
    """How far a scrim reaches around its text: the region of its colour joined to the
    text, looked for up to ``reach`` line heights out."""
    h, w = img.shape[:2]
    win = bbox.padded(lh * reach).clipped(w, h)
    x0, y0, x1, y1 = int(win.x0), int(win.y0), int(np.ceil(win.x1)), int(np.ceil(win.y1))
    close = (colour_distance(img[y0:y1, x0:x1], color) < SCRIM_FLOOD).astype(np.uint8)
    ib = bbox.moved(-x0, -y0)
    close[int(max(0, ib.y0)) : int(np.ceil(ib.y1)), int(max(0, ib.x0)) : int(np.ceil(ib.x1))] = 1
    close = cv2.morphologyEx(close, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, lab, stats, _ = cv2.connectedComponentsWithStats(close, connectivity=4)
    cy, cx = int(min(lab.shape[0] - 1, max(0, ib.cy))), int(min(lab.shape[1] - 1, max(0, ib.cx)))
    k = lab[cy, cx]
    if k == 0:
        return bbox
    x, y, bw, bh, _ = stats[k]
    return Box(x0 + x, y0 + y, x0 + x + bw, y0 + y + bh).union(bbox)


def _off_scrims(layer: Layer, scrims: list[tuple[Box, np.ndarray]]) -> Layer:
    """A box lifted from a picture leaves behind the part of a scrim it reached into.

    A logo overlapping the top edge of a headline's scrim (public_017's "Wexa") brought
    a bar of the scrim into every layout. The scrim is redrawn behind its own words;
    pixels of its colour inside its extent are not the logo's.
    """
    return _left_behind(layer, [(box, _of_color(color)) for box, color in scrims])


def _of_color(color: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """A test for _left_behind: pixels within SCRIM_MATCH of ``color``."""

    def belongs(px: np.ndarray) -> np.ndarray:
        return np.asarray(colour_distance(px, color) < SCRIM_MATCH)

    return belongs


def _off_veils(layer: Layer, veils: list[Veil], s: float) -> Layer:
    """A box lifted from a picture leaves behind the part of a veil it reached into.

    public_000's brand, just over the top edge of a white veil, brought a pale bar of it
    to every layout: pixels of the box inside the veil's extent that the veil over a
    picture can show (Veil.shows_picture) are not the element's ink drawn on it.
    """
    return _left_behind(layer, [(v.box.scaled(1 / s), v.shows_picture) for v in veils])


def _left_behind(
    layer: Layer, regions: list[tuple[Box, Callable[[np.ndarray], np.ndarray]]]
) -> Layer:
    """``layer`` without the pixels that, inside each region's box (source pixels), its
    test says belong to the region (given the pixels' colours, it returns a mask)."""
    lb, rgba = layer.box, layer.rgba
    alpha = rgba[..., 3].copy()
    h, w = alpha.shape
    for box, belongs in regions:
        inside = box.moved(-lb.x0, -lb.y0).clipped(w, h).pixels()
        alpha[inside][belongs(rgba[inside][..., :3])] = 0.0
    if np.array_equal(alpha, rgba[..., 3]):
        return layer
    return dataclasses.replace(layer, rgba=np.dstack([rgba[..., :3], alpha]).astype(np.float32))


def _quiet_color(work: np.ndarray, box: Box, width: float) -> np.ndarray | None:
    """The median colour of a ``width`` ring around ``box`` (working pixels): the ground
    a quiet panel is drawn in. None when the ring is under four pixels."""
    ring = _ring(work, box, width)
    return np.median(ring, axis=0) if ring.size >= 12 else None


def _quiet_panel(color: np.ndarray) -> Panel:
    """A soft panel of ``color`` for something lifted off a busy picture (see
    _quiet_color): not a scrim of the source, it reaches no further than what it holds."""
    return Panel((float(color[0]), float(color[1]), float(color[2])), 0.85, soft=True)
