"""Mattes: words (and a brand's mark and word) pulled off whatever lies behind them
as one-colour ink with a soft alpha, read back to check they say what the source says,
and the holes they leave in the clean plate.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from bannerfit.engine.analyze.lift import NEIGHBOUR_BLOB_SHARE, _shape_layer
from bannerfit.engine.analyze.panels import _quiet_color, _quiet_panel
from bannerfit.engine.analyze.pixels import _ring
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings, _LogoParts, _UnderText
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Layer
from bannerfit.engine.textread import agreement, normalized, read_line

#: text is pulled off a scrim or a picture as ink plus alpha only when its ink is at
#: least this far (in luminance, 0..1) from what surrounds it and the two-colour model
#: reproduces its pixels to within MATTE_MAX_ERROR on average
MATTE_MIN_CONTRAST = 0.25
MATTE_MAX_ERROR = 0.06
#: ... for a lossy source, compared after a 3x3 blur: JPEG keeps colour at half
#: resolution, so the edges of coloured letters (yellow on navy) are off the
#: ink-to-ground line in colour (0.069), not once both are seen at that resolution
#: (0.029); a block of white and yellow lines matted in one ink still is (0.14)
#: ... and pieces of it smaller than this share of the line height, squared, are the
#: picture's grain, not ink
MATTE_SPECK_FRACTION = 0.06
#: _reads_as_source: a matte's lines must read this much alike (textread.agreement) to
#: the source's ...
MATTE_READ_AGREEMENT = 0.97
#: ... where the source's line reads as at least this many letters and digits
MATTE_READ_MIN_CHARS = 3
#: _matte_text: a blob of the matte whose alpha never reaches this is grain, not a glyph
MATTE_CORE_ALPHA = 0.75
#: ... in lines shorter than MATTE_THIN_LINE source pixels, MATTE_THIN_CORE_ALPHA
MATTE_THIN_LINE = 24.0
MATTE_THIN_CORE_ALPHA = 0.5
#: ... and see-through matte farther than this share of the line height from solid ink
#: is grain (a glyph's soft edge and drop shadow lie within it)
MATTE_EDGE_REACH = 0.12
#: ... and past MATTE_EDGE_PX pixels of solid ink (the letters' anti-aliased edge) the
#: alpha of dark ink (its drop shadow) is no more than its blur over this share of the
#: line height; light ink keeps none there
MATTE_EDGE_PX = 2
MATTE_SHADOW_SIGMA = 0.03
#: _crossing_bars: a bar through matted words is a segment this many line heights long
#: within CROSSING_BAR_TILT degrees of upright (the longest letter stroke is a line tall;
#: a tripod's leg through a line runs past it into the padding), looked for on a view
#: where a line is CROSSING_BAR_VIEW_PX tall
CROSSING_BAR_LENGTH = 1.2
CROSSING_BAR_TILT = 40
CROSSING_BAR_VIEW_PX = 24.0
#: ... in the matte's pixels over this alpha (at 0.25 a saucer's pale rim, matted at
#: 0.3-0.5, was found through a headline on a coffee photo, and took the stem of an "i"
#: in line with it: a faint ghost of a rim is the lesser harm)
CROSSING_BAR_ALPHA = 0.5
#: the clean plate loses matted words' ink grown by this share of their line height
#: (their drop shadow, which the matte leaves out, reaches a tenth of it, half of that
#: past the letters' own soft rim)
MATTE_HOLE_GROW = 0.08
#: the widest stroke of a matted letter, in line heights (see _matte_text)
MATTE_STROKE_MAX = 0.5
#: a letter-like piece (when choosing the ink's side) is at least this share of the line
#: height tall: a photo's highlights through a scrim are specks, lower-case letters ~0.45
GLYPH_MIN_HEIGHT = 0.25
#: _ink_side: the side with more letter-sized pieces is the ink only if its edges are at
#: least this sharp relative to the other side's (a drop shadow's are far softer)
INK_SOFT_EDGES = 0.6
#: a pixel of a stroke crossing a text block is let go when its colour is this far
#: (max channel, 0..1) from the ink's
STROKE_INK_DISTANCE = 0.25


def _matte_on_picture(
    canvas: _Canvas,
    backdrop: _Backdrop,
    under_text: _UnderText,
    logo_parts: _LogoParts | None,
    logo_id: str | None,
    findings: _Findings,
) -> dict[str, Layer | None]:
    """Words and a brand straight on a picture, matted before the clean plate is made
    (it then loses only their ink). A brand matted gets a quiet panel.

    Returns the mattes by element id (None for words whose matte does not read as the
    source: they are lifted another way).
    """
    rgb, src, work, s, lossy = canvas.rgb, canvas.src, canvas.work, canvas.scale, canvas.lossy
    busy, scrims, elements = backdrop.busy, under_text.scrims, findings.elements
    # words straight on a picture are matted now: the plate then loses only their ink
    # and shadow, not the box around them (a box-shaped smear of the photo, with a hard
    # rim, wherever the words had been)
    # (and read back: a matte that lost a letter to the picture is no matte, see textread)
    mattes = {
        e.id: _reads_as_source(rgb, e, _matte_block(src, e, lossy, _text_boxes(elements, e)))
        for e in elements
        if busy and e.is_text and e.lines and (e.panel is None or e.panel.soft)
    }
    # a brand on a picture: its mark's shape and its word's ink, not a box of the picture;
    # like words lifted off a picture it gets a quiet panel of the colour around it, or
    # dark ink set down on a dark part of the new backdrop is lost. (A brand reaching
    # into a scrim stays a box, which leaves the scrim behind (_off_scrims): a dark
    # scrim's edge along dark letters was matted as their ink.)
    at = next((i for i, e in enumerate(elements) if e.id == logo_id), None)
    if busy and logo_parts is not None and at is not None:
        logo = elements[at]
        on_scrim = any(b.intersects(logo.box.scaled(s)) for b, _ in scrims)
        parts = _outlined(canvas.colours, logo_parts)
        matte = None if on_scrim else _matte_logo(src, rgb, logo.box, parts, s, lossy)
        ground = None if matte is None else _quiet_color(work, logo.box.scaled(s), 2.0)
        if matte is not None and ground is not None:
            elements[at] = dataclasses.replace(logo, box=matte.box, panel=_quiet_panel(ground))
            mattes[logo.id] = matte
    return mattes


def _outlined(colours: np.ndarray, parts: _LogoParts) -> _LogoParts:
    """``parts`` with the outline of the tile its mark is drawn on, where the mark was
    found without one (a lone glyph, a blob; see _mark_outline)."""
    if parts.mark_mask is not None:
        return parts
    outline = _mark_outline(colours, parts.mark)
    if outline is None:
        return parts
    return dataclasses.replace(parts, mark=outline[0], mark_mask=outline[1])


def _matte_logo(
    src: np.ndarray, rgb: np.ndarray, box: Box, parts: _LogoParts, s: float, lossy: bool
) -> Layer | None:
    """A brand on a picture pulled off it: its mark by the mark's flat shape, its word
    by the word's ink (see _matte_text), over the box of the two (full resolution).

    Lifted as a box, a logo carried a patch of the picture behind it (the dark corner
    of a photo, a strand of hair) to every new place. None when the mark's outline is
    not known (a blob or a lone glyph not on a tile, see _mark_outline), the word is
    not one-colour ink, or ink of its colour in the brand's box (full-resolution
    ``box``) is left out: the box then.
    """
    if parts.mark_mask is None:
        return None
    word = parts.word.scaled(1 / s)
    ink = _matte_text(src, word, word.h, lossy)
    # (a letter on a patch of the picture as dark as the ink is lost to it: the box then)
    if ink is None or not _matte_reads(rgb, word, word.h, [word], ink):
        return None
    mark = _shape_layer(src, parts.mark.scaled(1 / s), parts.mark_mask)
    if mark is None:
        return None
    if _ink_left_out(src, box, ink, [ink, mark], word.h):
        return None
    H, W = src.shape[:2]
    # (the box the brand was found in has a margin for a mark's thin parts that no
    # outline holds; with its outline known, the brand is no bigger than its pieces)
    out = ink.box.union(mark.box).clipped(W, H)
    whole = Box(int(out.x0), int(out.y0), int(np.ceil(out.x1)), int(np.ceil(out.y1)))
    return _strongest_of(whole, [ink, mark])


#: _ink_left_out: pixels this close (max channel, 0..1) to a brand word's ink colour ...
LEFT_OUT_INK_TOL = 0.1
#: ... in a piece at least this share of the word's height across (squared), away from
#: the matte, are a letter it left out
LEFT_OUT_PIECE = 0.2


def _ink_left_out(src: np.ndarray, box: Box, ink: Layer, pieces: list[Layer], lh: float) -> bool:
    """Whether the brand's ``box`` holds a letter-sized piece of its word's ink colour
    that none of ``pieces`` covers: public_000's "Solva" began with a black "S" on a
    dark flag, which the detector's line and so the word's matte left out (the matte
    read as the line did, "olva")."""
    H, W = src.shape[:2]
    b = box.clipped(W, H)
    bx0, by0 = int(b.x0), int(b.y0)
    crop = src[b.pixels()]
    near = colour_distance(crop, ink.rgba[0, 0, :3]) <= LEFT_OUT_INK_TOL
    covered = np.zeros(near.shape, np.uint8)
    for p in pieces:
        ph, pw = p.rgba.shape[:2]
        px, py = int(p.box.x0) - bx0, int(p.box.y0) - by0
        a = p.rgba[max(0, -py) : ph, max(0, -px) : pw, 3] > 0.05
        view = covered[max(0, py) : max(0, py) + a.shape[0], max(0, px) : max(0, px) + a.shape[1]]
        view |= a[: view.shape[0], : view.shape[1]].astype(np.uint8)
    r = max(1, int(0.1 * lh))
    covered = cv2.dilate(covered, np.ones((2 * r + 1, 2 * r + 1), np.uint8))
    left = (near & (covered == 0)).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(left, connectivity=8)
    return bool((stats[1:, cv2.CC_STAT_AREA] >= (LEFT_OUT_PIECE * lh) ** 2).any())


def _ink_holes(matte: Layer, s: float, shape: tuple[int, int], lh: float) -> np.ndarray:
    """Where matted words (and their drop shadow) lay, in working pixels: their ink grown
    by MATTE_HOLE_GROW of a line height and a pixel (the shadow is not in the matte)."""
    holes = np.zeros(shape, bool)
    b = matte.box.scaled(s)
    x0, y0 = int(np.floor(b.x0)), int(np.floor(b.y0))
    x1, y1 = min(shape[1], int(np.ceil(b.x1))), min(shape[0], int(np.ceil(b.y1)))
    if x1 <= x0 or y1 <= y0:
        return holes
    a = cv2.resize(matte.rgba[..., 3], (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
    r = 1 + int(round(MATTE_HOLE_GROW * lh))
    grown = cv2.dilate(
        (a > 0.05).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1,) * 2)
    )
    holes[y0:y1, x0:x1] = grown > 0
    return holes


def _matte_text(src: np.ndarray, box: Box, line_height: float, lossy: bool = False) -> Layer | None:
    """Text of one colour pulled off whatever lies behind it: its colour and a soft alpha.

    Text on a scrim over a photo, or straight on a texture, cannot be un-mixed from the
    clean plate (the plate has no scrim, and a texture's inpainting is a guess). Its ink
    is one colour, far from what is behind it: that colour is read from the strongest
    pixels, the background under the letters is inpainted from around them, and alpha
    is each pixel's position between the two. Returns None when the pixels do not look
    like one-colour text (too little contrast, or a poor fit), so the caller can fall
    back to lifting a box. A ``lossy`` source's fit is judged at the resolution it
    keeps colour at (see MATTE_MAX_ERROR).
    """
    H, W = src.shape[:2]
    b = box.padded(max(2.0, 0.15 * line_height)).clipped(W, H)
    crop = src[b.pixels()]
    ch, cw = crop.shape[:2]
    if ch < 4 or cw < 4:
        return None
    lum = crop @ np.array([0.299, 0.587, 0.114], np.float32)
    ground, sign, reach = _ink_side(lum, line_height)
    if reach < MATTE_MIN_CONTRAST:
        return None
    core = sign * (lum - ground) >= 0.75 * reach
    if core.sum() < 8:
        return None
    ink = np.median(crop[core], axis=0)
    # the background under the letters, inpainted from around them
    # ink stands out from its own surroundings, not only from the crop's border: on a
    # ground of two tones (a dark suit beside a lit pavement) the lighter tone passes
    # the border's threshold and was matted as half-transparent ink, a pale patch
    # around the words on any panel. Strokes are narrower than MATTE_STROKE_MAX line
    # heights; an opening (closing, for dark ink) that wide leaves the ground alone.
    k = max(3, int(MATTE_STROKE_MAX * line_height) | 1)
    se = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    flat = cv2.morphologyEx(lum, cv2.MORPH_OPEN if sign > 0 else cv2.MORPH_CLOSE, se)
    text = ((sign * (lum - ground) >= 0.3 * reach) & (sign * (lum - flat) >= 0.3 * reach)).astype(
        np.uint8
    )
    hole = cv2.dilate(text, np.ones((3, 3), np.uint8), iterations=max(1, int(line_height / 40)))
    crop8 = (np.clip(crop, 0, 1) * 255).astype(np.uint8)
    behind = cv2.inpaint(crop8, hole, 3, cv2.INPAINT_TELEA).astype(np.float32) / 255.0
    span = ink[None, None, :] - behind
    alpha = np.clip(
        ((crop - behind) * span).sum(axis=2) / np.maximum((span * span).sum(axis=2), 1e-4), 0, 1
    )
    alpha = np.where(hole > 0, alpha, 0.0).astype(np.float32)
    fit = alpha[..., None] * ink + (1 - alpha[..., None]) * behind
    # a lossy source's is compared at the resolution a JPEG keeps colour at
    model, seen = (cv2.blur(fit, (3, 3)), cv2.blur(crop, (3, 3))) if lossy else (fit, crop)
    misfit = colour_distance(model, seen)[hole > 0]
    if misfit.size and float(misfit.mean()) > MATTE_MAX_ERROR:  # (no hole: nothing to test)
        return None
    # a straight bar of the picture as light (or dark) as the ink running through the
    # words from beyond them (a tripod's leg, a pole) is no letter: letters stay inside
    # the padded block and no stroke of theirs is longer than a line is tall. Where it
    # crossed a letter, the letter's stroke is drawn on across it from both sides.
    bars = _crossing_bars(alpha > CROSSING_BAR_ALPHA, line_height)
    if bars.any():
        a8 = (np.where(bars, 0.0, alpha) * 255).astype(np.uint8)
        alpha = (
            cv2.inpaint(a8, bars.astype(np.uint8), 3, cv2.INPAINT_TELEA).astype(np.float32) / 255
        )
    # specks of the picture as dark (or light) as the ink are not letters: glyphs and
    # their dots are far larger than the grain
    n, lab, stats, _ = cv2.connectedComponentsWithStats(
        (alpha > 0.05).astype(np.uint8), connectivity=8
    )
    speck = stats[:, cv2.CC_STAT_AREA] < (MATTE_SPECK_FRACTION * line_height) ** 2
    # ... and a glyph has a solid core: grain only half as dark as the ink (cracks in
    # gravel, a crease) is matted see-through everywhere
    # (in small print a letter's stroke is a pixel wide, and an "l" spread over two
    # pixel columns is nowhere solid: "valid" lost its "l", MATTE_THIN_LINE)
    solid_alpha = MATTE_CORE_ALPHA if line_height >= MATTE_THIN_LINE else MATTE_THIN_CORE_ALPHA
    core_max = np.zeros(n, np.float32)
    np.maximum.at(core_max, lab.ravel().astype(np.intp), alpha.ravel())
    speck |= core_max < solid_alpha
    speck[0] = False
    alpha = np.where(speck[lab], 0.0, alpha).astype(np.float32)
    # ... and what is see-through far from any solid ink is the picture's grain too (the
    # cracks of gravel under a darker shape run on from the letters' edges)
    r = max(1, int(round(MATTE_EDGE_REACH * line_height)))
    solid = (alpha >= solid_alpha).astype(np.uint8)
    near = cv2.dilate(solid, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
    alpha = np.where(near > 0, alpha, 0.0).astype(np.float32)
    # ... and past the letters' soft edge (in their drop shadow) a picture's grain is
    # matted as spikes of ink, a dirty halo: a shadow is smooth, so out there the alpha
    # is no more than its own blur
    edge = cv2.dilate(solid, np.ones((3, 3), np.uint8), iterations=MATTE_EDGE_PX)
    if sign > 0:
        # light ink casts no light shadow: see-through past its soft edge is the
        # picture's light detail (a suit's patch and straps ghosting over a headline)
        alpha = np.where(edge > 0, alpha, 0.0).astype(np.float32)
    else:
        smooth = cv2.GaussianBlur(alpha, (0, 0), max(1.0, MATTE_SHADOW_SIGMA * line_height))
        alpha = np.where(edge > 0, alpha, np.minimum(alpha, smooth)).astype(np.float32)
    color = np.broadcast_to(ink, crop.shape).astype(np.float32)
    return Layer(b, np.dstack([color, alpha]).astype(np.float32))


def _text_boxes(elements: list[Element], e: Element) -> list[Box]:
    """The boxes of the text blocks other than ``e``."""
    return [o.box for o in elements if o is not e and o.is_text and o.lines]


def _matte_block(src: np.ndarray, e: Element, lossy: bool, others: list[Box]) -> Layer | None:
    """A text block matted whole, or else line by line, each line in its own ink; less
    the letters of the neighbouring blocks (``others``) its padded box reaches into.

    A headline whose second line is set in an accent colour (white "Reach for" over
    yellow "the stars") is no one-colour text: matted whole it failed, and the block
    was lifted as a box of the picture behind it. Returns None unless every line mattes.
    """
    matte = _matte_lines(src, e, lossy)
    return None if matte is None else _without_neighbours(matte, e.box, others)


def _without_neighbours(matte: Layer, own: Box, others: list[Box]) -> Layer:
    """``matte`` less its pieces lying mostly in another block's box and less in its own
    (a sub-line's tops under a headline, a headline's descenders over its sub-line):
    moved apart, each block would carry a cut fragment of the other's letters."""
    alpha = matte.rgba[..., 3]
    near = [o for o in others if o.intersects(matte.box)]
    if not near:
        return matte
    n, labels = cv2.connectedComponents((alpha > 0.1).astype(np.uint8), connectivity=8)
    if n < 2:
        return matte
    h, w = alpha.shape
    sizes = np.maximum(1, np.bincount(labels.ravel(), minlength=n))

    def share(b: Box) -> np.ndarray:
        inside = np.zeros((h, w), bool)
        inside[b.moved(-matte.box.x0, -matte.box.y0).clipped(w, h).pixels()] = True
        return np.bincount(labels[inside], minlength=n) / sizes

    mine = share(own)
    theirs = np.max([share(o) for o in near], axis=0)
    gone = (theirs >= NEIGHBOUR_BLOB_SHARE) & (mine < theirs) & (np.arange(n) > 0)
    if not gone.any():
        return matte
    rgba = matte.rgba.copy()
    rgba[..., 3] = np.where(gone[labels], 0.0, alpha)
    return Layer(matte.box, rgba)


def _matte_lines(src: np.ndarray, e: Element, lossy: bool) -> Layer | None:
    """``e`` matted whole, or else line by line (see _matte_block)."""
    whole = _matte_text(src, e.box, e.line_height, lossy)
    if whole is not None or len(e.lines) < 2:
        return whole
    parts = [_matte_text(src, ln.box, ln.box.h, lossy) for ln in e.lines]
    if any(p is None for p in parts):
        return None
    h, w = src.shape[:2]
    pad = max(2.0, 0.15 * e.line_height)
    box = e.box.padded(pad).clipped(w, h)
    for p in parts:
        box = box.union(p.box)  # type: ignore[union-attr]
    around = Box(int(box.x0), int(box.y0), int(box.x1), int(box.y1))
    return _strongest_of(around, [p for p in parts if p is not None])


def _strongest_of(box: Box, pieces: list[Layer]) -> Layer:
    """One layer over ``box`` (whole pixels, holding every piece) made of ``pieces``:
    where they overlap, each pixel is the most opaque piece's."""
    x0, y0 = int(box.x0), int(box.y0)
    rgba = np.zeros((int(box.y1) - y0, int(box.x1) - x0, 4), np.float32)
    for p in pieces:
        ph, pw = p.rgba.shape[:2]
        py, px = int(p.box.y0) - y0, int(p.box.x0) - x0
        under = rgba[py : py + ph, px : px + pw]
        stronger = p.rgba[..., 3] > under[..., 3]
        under[stronger] = p.rgba[stronger]
    return Layer(box, rgba)


def _reads_as_source(rgb: np.ndarray, e: Element, matte: Layer | None) -> Layer | None:
    """``matte`` if every line of ``e`` reads in it as it reads in the source, else None.

    Shown on a plain ground of the colour around the words, the matte must say what
    the source says (MATTE_READ_AGREEMENT): where the picture behind the words holds
    their own colour, a letter can go with the picture (white "n" on a white cup rim),
    and where the words' box runs along a lighter outline (a ghost button's), the
    picture between the letters can be taken for dark ink, leaving the letters as holes
    that vanish on any new background. Lines the recogniser cannot read in the source
    (fewer than MATTE_READ_MIN_CHARS letters: a logo word, a stylised face) are not
    judged.
    """
    if matte is None:
        return None
    lines = [ln.box for ln in e.lines]
    return matte if _matte_reads(rgb, e.box, e.line_height, lines, matte) else None


def _matte_reads(
    rgb: np.ndarray, box: Box, line_height: float, lines: list[Box], matte: Layer
) -> bool:
    """Whether every line of words (``lines``, in ``box``) reads in ``matte`` as in the
    source (see _reads_as_source)."""
    h, w = rgb.shape[:2]
    outside = _ring(rgb, box, 0.5 * line_height)
    # (words filling the banner have nothing around them: a mid grey then)
    ground = outside.mean(axis=0) / 255.0 if len(outside) else np.full(3, 0.5)
    alpha = matte.rgba[..., 3:]
    shown = (np.clip(matte.rgba[..., :3] * alpha + ground * (1 - alpha), 0, 1) * 255).astype(
        np.uint8
    )
    mh, mw = shown.shape[:2]
    for ln in lines:
        line = ln.clipped(w, h)
        said = read_line(rgb[line.pixels()])
        if len(normalized(said)) < MATTE_READ_MIN_CHARS:
            continue
        in_matte = line.moved(-matte.box.x0, -matte.box.y0).clipped(mw, mh)
        if agreement(said, read_line(shown[in_matte.pixels()])) < MATTE_READ_AGREEMENT:
            return False
    return True


def _crossing_bars(ink: np.ndarray, line_height: float) -> np.ndarray:
    """Straight bars in ``ink`` (a padded text crop's mask) that run in from its edge.

    A bar is where a segment of CROSSING_BAR_LENGTH line heights, within
    CROSSING_BAR_TILT degrees of upright, fits in the ink. Found on a view where lines
    are CROSSING_BAR_VIEW_PX tall (a 4K headline's kernels would be slow), widened by a
    pixel there, and then narrowed back to the ink (and a pixel around it) at full size.
    """
    f = min(1.0, CROSSING_BAR_VIEW_PX / max(1.0, line_height))
    h, w = ink.shape
    view: np.ndarray = ink.astype(np.uint8)
    if f < 1.0:
        size = (max(1, round(w * f)), max(1, round(h * f)))
        view = (
            cv2.resize(ink.astype(np.float32), size, interpolation=cv2.INTER_AREA) >= 0.5
        ).astype(np.uint8)
    n = max(3, int(round(CROSSING_BAR_LENGTH * line_height * f)))
    bars: np.ndarray = np.zeros(view.shape, np.uint8)
    for deg in range(-CROSSING_BAR_TILT, CROSSING_BAR_TILT + 1, 5):
        k = np.zeros((n, n), np.uint8)
        dx = 0.5 * (n - 1) * np.tan(np.radians(deg))
        c = (n - 1) / 2
        cv2.line(k, (round(c - dx), 0), (round(c + dx), n - 1), 1, 1)
        bars = bars | cv2.morphologyEx(view, cv2.MORPH_OPEN, k)
    bars = _touching_edge(bars > 0).astype(np.uint8)
    if not bars.any():
        return np.zeros(ink.shape, bool)
    bars = cv2.dilate(bars, np.ones((3, 3), np.uint8))
    if f < 1.0:
        bars = cv2.resize(bars, (w, h), interpolation=cv2.INTER_NEAREST)
    # the view's band is wider than the bar: only its own pixels (and their rim) go
    rim = cv2.dilate(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    return (bars > 0) & (rim > 0)


def _ink_side(lum: np.ndarray, line_height: float | None = None) -> tuple[float, float, float]:
    """The ground (median of the crop's border), the ink's side of it (+1 lighter, -1
    darker) and how far the ink reaches, for a crop of a text line or block (whose
    lines are ``line_height`` tall; a line crop's own height by default).

    The ink is the side reaching further; where both reach far (white words beside a
    dark pole of a photo, dark words on a light scrim over a photo's highlights) it is
    the side with more letter-sized pieces, unless that side's edges are soft: a drop
    shadow is blurred, letters are crisp (white words with a soft shadow on a cat's
    striped fur had more dark pieces, shadows and stripes, and were matted as their
    shadow, brown smudges in the shape of the words).
    """
    edge = np.concatenate([lum[0], lum[-1], lum[:, 0], lum[:, -1]])
    ground = float(np.median(edge))
    light = float(np.percentile(lum, 99)) - ground
    dark = ground - float(np.percentile(lum, 1))
    sign = 1.0 if light >= dark else -1.0
    if min(light, dark) >= MATTE_MIN_CONTRAST:
        min_h = GLYPH_MIN_HEIGHT * (line_height or lum.shape[0])
        lighter = _glyphs(lum - ground, light, min_h)
        darker = _glyphs(ground - lum, dark, min_h)
        if lighter != darker:
            by_count = 1.0 if lighter > darker else -1.0
            gradient = np.hypot(
                cv2.Sobel(lum, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(lum, cv2.CV_32F, 0, 1, ksize=3)
            )
            crisp = (
                _edge_crispness(lum, gradient, ground, light, 1.0),
                _edge_crispness(lum, gradient, ground, dark, -1.0),
            )
            counted, other = (crisp[0], crisp[1]) if by_count > 0 else (crisp[1], crisp[0])
            if counted >= INK_SOFT_EDGES * other:
                sign = by_count
    return ground, sign, (light if sign > 0 else dark)


def _edge_crispness(
    lum: np.ndarray, gradient: np.ndarray, ground: float, reach: float, side: float
) -> float:
    """How sharp the edges of what reaches half ``reach`` toward ``side`` of the ground
    are: the mean of ``gradient`` (lum's magnitude) along its outline, per unit of reach."""
    mask = (side * (lum - ground) >= 0.5 * reach).astype(np.uint8)
    outline = (mask > 0) & (cv2.erode(mask, np.ones((3, 3), np.uint8)) == 0)
    if not outline.any():
        return 0.0
    return float(gradient[outline].mean()) / max(reach, 1e-3)


def _glyphs(toward: np.ndarray, reach: float, min_h: float) -> int:
    """Letter-like pieces of a text crop most of ``reach`` toward one side.

    Words are many pieces, each shorter than the crop and at least ``min_h`` tall; a
    dark part of the photo below a scrim, or a pole through the words, is one or two
    pieces spanning it, and a photo's highlights through a scrim are specks.
    """
    h = toward.shape[0]
    n, _, stats, _ = cv2.connectedComponentsWithStats(
        (toward >= 0.75 * reach).astype(np.uint8), connectivity=8
    )
    hs, areas = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_AREA]
    return int(((hs < 0.9 * h) & (hs >= min_h) & (areas >= 4)).sum())


def _drop_crossing_strokes(layer: Layer) -> Layer:
    """Clear what runs into a text block from outside it and is not in the ink's colour.

    A decoration crossing the words (a ring, a swoosh) differs from the clean plate as
    much as the letters do, and would travel with them into every new layout as loose
    fragments. Ink never reaches the block's padded edge, so the pieces that do, and
    only their pixels far from the ink's colour, are let go: a letter that touches the
    stroke keeps its own pixels.
    """
    rgba = layer.rgba
    alpha = rgba[..., 3]
    core = alpha > 0.9
    if core.sum() < 8:
        return layer
    ink = np.median(rgba[..., :3][core], axis=0)
    # what reaches the edge through solid pixels: a faint halo joining a letter of
    # another colour (an accent word) to a stroke must not make the letter a stroke
    crossing = _touching_edge(alpha > 0.5)
    # a faint stroke un-mixes to a see-through version of the ink, so the colour test
    # alone misses it; letters are opaque where a crossing stroke is not
    far = colour_distance(rgba[..., :3], ink) > STROKE_INK_DISTANCE
    foreign = crossing & (far | (alpha < 0.75))
    # faint strokes reaching the edge, away from the letters' solid pixels, go too
    letters = cv2.dilate(
        ((alpha > 0.5) & ~crossing).astype(np.uint8), np.ones((5, 5), np.uint8)
    ).astype(bool)
    foreign |= _touching_edge(alpha > 0.1) & (alpha <= 0.5) & ~letters
    if not foreign.any():
        return layer
    out = rgba.copy()
    out[..., 3] = np.where(foreign, 0.0, alpha)
    return Layer(layer.box, out, layer.rect)


def _touching_edge(mask: np.ndarray) -> np.ndarray:
    """The pixels of ``mask`` connected (8-way) to the border of the array."""
    n, lab = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    edge = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
    edge = edge[edge > 0]
    return np.isin(lab, edge) if edge.size else np.zeros(mask.shape, bool)


#: _mark_outline: colours this far (max channel, 0..1) from a tile's are not the tile (a
#: light grey tile on a white ground differed by 0.027: public_012's "K")
TILE_COLOUR_TOL = 0.02
#: ... a tile has at least this share of the mark's middle in one colour (the glyph, its
#: rim and the corners of a diamond take the rest)
TILE_MIN_SHARE = 0.2
#: ... fills at least this share of its own bounding box (a diamond: a half)
TILE_MIN_FILL = 0.4
#: ... and is looked for this many times the mark's long side around the mark's box,
#: where it must end (a triangle's apex rises far above the letter it holds)
TILE_SEARCH = 1.5
#: ... and fills at least this share of its convex outline (a glyph cut out of it takes
#: the rest)
TILE_SOLIDITY = 0.6
#: ... a tile cut from a thread keeps this share of the mark's height clear of the view's
#: edge
TILE_CLEAR = 0.25


def _mark_outline(colours: np.ndarray, mark: Box) -> tuple[Box, np.ndarray] | None:
    """The tile a brand's mark is drawn on, where the mark was found as a lone glyph or a
    blob (working pixels): the convex outline of the one-colour region that holds most
    of the mark's middle (a glyph reaching near the tile's edge opens its hole to the
    outside, so filling holes is not enough). Returns its box and its mask over the box.

    Without an outline a logo on a picture was lifted as a box of the picture, and the
    patch travelled with it to every new place (public_015's "Wexa" diamond on a green
    texture, public_012's "Ketra" tile half on a photo). None where no one colour holds
    the middle, or the region runs out of the search window (the glyph stands on the
    picture itself, with no tile of its own), fills too little of its box or of its
    convex outline (not a tile: a ring, a crescent, the picture's own shapes).
    """
    h, w = colours.shape[:2]
    win = mark.padded(TILE_SEARCH * max(mark.w, mark.h)).clipped(w, h)
    x0, y0, x1, y1 = int(win.x0), int(win.y0), int(np.ceil(win.x1)), int(np.ceil(win.y1))
    crop = colours[y0:y1, x0:x1]
    mid = mark.padded(-0.2 * min(mark.w, mark.h)).moved(-x0, -y0).clipped(x1 - x0, y1 - y0)
    centre = crop[mid.pixels()].reshape(-1, 3)
    if len(centre) < 16:
        return None
    q = np.round(centre / TILE_COLOUR_TOL).astype(np.int32)
    keys, counts = np.unique(q, axis=0, return_counts=True)
    tile = centre[(q == keys[int(np.argmax(counts))]).all(axis=1)].mean(axis=0)
    close = (colour_distance(crop, tile) <= TILE_COLOUR_TOL).astype(np.uint8)
    if close[mid.pixels()].mean() < TILE_MIN_SHARE:
        return None
    region = _region_at(close, mid, 0)
    if region is None:
        # (a light patch of the photo beside a light tile joins it by a thread of pixels;
        # cut off, the tile ends well inside the view, not where the view cut it)
        opened = cv2.morphologyEx(close, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        region = _region_at(opened, mid, int(TILE_CLEAR * mark.h) + 1)
    if region is None:
        return None
    ys, xs = np.nonzero(region)
    points = np.column_stack([xs, ys]).astype(np.int32)
    hull = np.zeros(region.shape, np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(points), 1)
    bx0, by0, bx1, by1 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
    if region.sum() < TILE_SOLIDITY * hull.sum() or hull[by0:by1, bx0:bx1].mean() < TILE_MIN_FILL:
        return None
    # (the anti-aliased rim, and a tile's hairline border, lie just outside the colour;
    # the region ends inside the window, so a pixel more on every side stays in it)
    bx0, by0, bx1, by1 = bx0 - 1, by0 - 1, bx1 + 1, by1 + 1
    grown = cv2.dilate(hull, np.ones((3, 3), np.uint8)) > 0
    return Box(x0 + bx0, y0 + by0, x0 + bx1, y0 + by1), grown[by0:by1, bx0:bx1]


def _region_at(close: np.ndarray, mid: Box, clear: int) -> np.ndarray | None:
    """The pixels of ``close`` connected to those in ``mid``; None where they come within
    ``clear`` pixels of the edge of the view (the colour runs on into the picture)."""
    _, lab = cv2.connectedComponents(close, connectivity=4)
    at = np.unique(lab[mid.pixels()])
    region = np.isin(lab, at[at > 0])
    c = clear + 1
    edges = (region[:c].any(), region[-c:].any(), region[:, :c].any(), region[:, -c:].any())
    return None if not region.any() or any(edges) else region
