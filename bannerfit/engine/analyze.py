"""Take a banner apart: text lines, buttons, logo, products, panels and the background.

Everything is found at a bounded working resolution, then each element's pixels are
lifted from the full-resolution source so that text stays sharp at every tier.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import cv2
import numpy as np

from bannerfit.engine import background as bgm
from bannerfit.engine.frame import find_frame, without_frame
from bannerfit.engine.geometry import (
    Box,
    box_array,
    containing,
    edge_fade,
    ious,
    rect_feather,
    union_all,
)
from bannerfit.engine.model import (
    Analysis,
    Background,
    BackgroundKind,
    Element,
    ElementKind,
    Layer,
    Panel,
    TextLine,
    Word,
    faces_off_pictures,
)
from bannerfit.engine.textdet import detect_lines
from bannerfit.engine.textread import agreement, normalized, read_line

_T = TypeVar("_T")

#: Longest side of the analysis canvas; the tier's working side caps it.
ANALYSIS_LONG_SIDE = 1024
#: share of its short side lifted around an element cut from a busy picture as a box
RECT_MARGIN = 0.12
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
#: a circle found in a busy region is a product's frame when its outline is an edge
#: (grey-level gradient over ROUND_FRAME_EDGE) along ROUND_FRAME_SUPPORT of its length
ROUND_FRAME_EDGE = 60.0
ROUND_FRAME_SUPPORT = 0.8
#: _tighten: a line's text continues past where its frame's colour ends for as long as
#: columns hold pixels this close (max channel, 0..1) to the ink's colour
INK_COLOUR_DISTANCE = 0.12
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
#: a badge (short text on a round or square shape) covers at most this share of the
#: canvas (a price disc 80 px across takes 9% of a 300x250: at 5% it was left on the
#: photo as a red blob); its shape's width / height lies in BADGE_ASPECT and its height
#: is BADGE_HEIGHT times the text's
BADGE_MAX_AREA = 0.1
BADGE_ASPECT = (0.75, 1.33)
BADGE_HEIGHT = (1.6, 6.0)
#: share of a badge's box that must lie on a product for the badge to be stuck on it
BADGE_STUCK_OVERLAP = 0.1
#: a lifted box's pixel this close to a scrim's colour, inside the scrim, is the scrim's
SCRIM_MATCH = 0.1
#: opacity a scrim is redrawn with: a solid one stays solid (at 0.92 a dotted texture
#: showed through it as faint marks beside the words, whose own boxes of the source's
#: scrim hid it: a ghost "iL" after "PIZZA", which tesseract then misread)
SCRIM_OPACITY = 1.0
#: a button's shape holds its words to within this share of their line's height
CTA_HOLDS_TOL = 0.3
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
#: its corners (this share of its short side around each) are filled in, not recovered
VEIL_CORNER = 0.12
#: on a veil, ink is what would lie this far (0-1) outside the picture's range under it
GLYPH_OUT_OF_RANGE = 0.1
#: ... and the hole around it reaches this share of its line height (drop shadows)
GLYPH_GROW = 0.25
#: a detector "line" narrower than PICTURE_LINE_ASPECT x its height and taller than
#: PICTURE_LINE_SHARE of the banner's long side is a picture, not text
PICTURE_LINE_ASPECT = 1.5
PICTURE_LINE_SHARE = 0.2
#: ... unless this share of its pixels is one of three colours (_glyph_like)
GLYPH_TWO_COLOURS = 0.85
GLYPH_SAMPLE = 20000
#: analysis confidence on a picture background, with words that could not be matted
#: off the picture, and with no text found at all (see _confidence)
BUSY_CONFIDENCE = 0.7
UNMATTED_CONFIDENCE = 0.4
NO_TEXT_CONFIDENCE = 0.4
#: _join_row_pieces: detector pieces on one row closer than this many line heights are
#: one line, if no taller than ROW_PIECE_MAX_SHARE of the tallest line
ROW_PIECE_GAP = 2.5
ROW_PIECE_MAX_SHARE = 0.6
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
#: _two_tone: a lossy source's button is redrawn in its two colours when they are at
#: least TWO_TONE_MIN_CONTRAST apart in brightness (0..1) and TWO_TONE_FIT_PERCENTILE of
#: its solid pixels lie within TWO_TONE_FIT of the line between them (the own set's JPEG
#: q85 buttons: 0.03-0.16; those with a dark rim or a third colour: 0.2-0.56); the
#: faintest TWO_TONE_SNAP of each end of that line is flat pill or flat ink (ringing), the
#: rest is stretched over it; the words' colour is that of the pixels at least
#: TWO_TONE_INK_CORE as far from the pill's as the farthest (1 %); buttons under
#: TWO_TONE_MIN_PIXELS solid pixels are left as they are
TWO_TONE_MIN_CONTRAST = 0.3
TWO_TONE_FIT = 0.16
TWO_TONE_FIT_PERCENTILE = 99
TWO_TONE_SNAP = 0.1
TWO_TONE_INK_CORE = 0.85
TWO_TONE_MIN_PIXELS = 200
#: _framed_discs: a round picture pasted on a photo covers this share of the canvas, and
#: its outline lies on a strong edge along DISC_SUPPORT of its length (stricter than
#: ROUND_FRAME_SUPPORT inside a rare region: a cup seen from above in a photo reaches 0.88)
FRAME_AREA = (0.02, 0.4)
DISC_SUPPORT = 0.9
#: ... among the first DISC_CANDIDATES circles Hough finds on a DISC_VIEW_PX view (those
#: on edges along DISC_SCREEN of a wide band are refined at full size), and its outline
#: lies on DISC_DISTINCT more of its length on edges than a circle DISC_BAND of its
#: radius outside it does
DISC_VIEW_PX = 320
DISC_CANDIDATES = 60
DISC_SCREEN = 0.75
DISC_DISTINCT = 0.2
DISC_BAND = 0.08
#: ... or, for an outline this far clearer than the circle around it (DISC_DISTINCT_CLEAR),
#: along DISC_SUPPORT_CLEAR of its length: a badge stuck on a round picture hides a
#: tenth of its outline
DISC_SUPPORT_CLEAR = 0.8
DISC_DISTINCT_CLEAR = 0.45
#: a round picture may be squeezed to an ellipse by up to this share of its radius
DISC_SQUEEZE = 0.05
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
#: _cut_out: GrabCut runs on the lifted product at most this many pixels on its long
#: side, and its silhouette is used when it keeps this share of the product's box
CUT_OUT_VIEW_PX = 240
CUT_OUT_SHARE = (0.3, 0.97)
#: _reads_as_source: a matte's lines must read this much alike (textread.agreement) to
#: the source's ...
MATTE_READ_AGREEMENT = 0.97
#: ... where the source's line reads as at least this many letters and digits
MATTE_READ_MIN_CHARS = 3
#: _find_logo measures the banner's biggest type on lines at least this many times as
#: wide as tall
LOGO_TYPE_ASPECT = 2.5
#: _tier_reference: a one-line block under this many times as wide as tall ...
HERO_ASPECT = 4.0
#: ... and this many times as tall as the next block is a hero figure
HERO_RATIO = 2.5
#: _framed_boxes: a picture's side is off a strong edge between two stretches on it
#: for at most this share of its length (the gap between two pictures is more)
FRAME_SIDE_GAP = 0.08
#: _captions: a caption starts within this share of its product's height below it ...
CAPTION_GAP = 0.3
#: ... and reaches past its sides by at most this share of its width
CAPTION_OVERHANG = 0.1
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
#: _piece_of_photo: a silhouette cut out of a photo is a pasted picture when its outline
#: lies on strong edges along this share of its length (the kit's and our own pasted
#: products: 0.958-1.0, a cat's disc on a drawn texture 0.914; the rare-coloured regions
#: of a full-bleed coffee photo, a saucer's red and a cup's crema: 0.64 and 0.78, but
#: the crema of the same photo cropped 30 px higher 0.913: a thin margin both ways)
PIECE_OUTLINE_SUPPORT = 0.9
#: the clean plate leaves out this share of a picture's short side around its box (its
#: drop shadow)
SHADOW_REACH = 0.1
#: _matte_text: a blob of the matte whose alpha never reaches this is grain, not a glyph
MATTE_CORE_ALPHA = 0.75
#: ... in lines shorter than MATTE_THIN_LINE source pixels, MATTE_THIN_CORE_ALPHA
MATTE_THIN_LINE = 24.0
MATTE_THIN_CORE_ALPHA = 0.5
#: ... and see-through matte farther than this share of the line height from solid ink
#: is grain (a glyph's soft edge and drop shadow lie within it)
MATTE_EDGE_REACH = 0.12
#: ... and past MATTE_EDGE_PX pixels of solid ink (the letters' anti-aliased edge) the
#: alpha is no more than its blur over this share of the line height
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
#: a matte's pixel above this alpha is ink when a line's rows are measured
MATTE_INK_ALPHA = 0.3
#: a word space is at least this share of its line's ink height ...
WORD_GAP = 0.28
#: ... and at least this many times the widest gap between letters of its line
WORD_GAP_JUMP = 1.5
#: in a line of capitals the ink's height is the cap height, about 3/4 of the type size
#: that letter and word spaces scale with: two upright stems stand 0.27 of it apart
#: (the N and E of a bold "PLANET", split and reflowed as "PLAN ET"), a word space
#: twice that; such a line's word space is at least this share of its height
WORD_GAP_CAPS = 0.36
#: a line is capitals when the top quarter of its ink rows holds at least this share of
#: the ink density of its middle half (lower case leaves only ascenders up there)
CAPS_TOP_DENSITY = 0.6
#: air kept above and below a word's ink, in line heights
WORD_VPAD = 0.12
#: between two matted lines a row is ink when it holds more than this share of the
#: busiest row's ink pixels (a picture's specks leave a few)
INK_ROW_SHARE = 0.02
#: _tighten: when the ink rows of a line box cover TIGHTEN_ALL_ROWS of it and its border
#: holds two plain colours (spread over TIGHTEN_MIXED_BORDER, with top and bottom rows
#: stepping less than TIGHTEN_SMOOTH_STEP from pixel to pixel on average), its ink is
#: measured against each pixel's own column's and row's ends
TIGHTEN_ALL_ROWS = 0.95
TIGHTEN_MIXED_BORDER = 0.15
TIGHTEN_SMOOTH_STEP = 0.005
#: _find_logo: a line at least this share of the tallest text line's height and wider
#: than LOGO_WORD_MAX_ASPECT times its height is a headline, not a brand's word (a
#: strip's brand may be as tall as its headline, but it is one short word)
LOGO_WORD_MAX_SHARE = 0.9
LOGO_WORD_MAX_ASPECT = 4.5
#: added to the cost (word aspect + 3 x off-centre) of a brand whose mark is only a
#: square-ish line of text, not a shape or a blob
LONE_GLYPH_PENALTY = 1.0
#: a mark read inside the brand's line is a tile: at least this share of its box inked
LOGO_TILE_FILL = 0.5
LOGO_TILE_CONTRAST = 0.15
#: ... as tall as the rows of its word where this share of the row is ink (a letter)
LOGO_WORD_ROW_INK = 0.1
#: ... and its logo's box reaches this share of the tile's and letters' height past them
#: (a round tile's caps are under half inked, and lie outside the measured rows)
INLINE_LOGO_PAD = 0.15
#: _flat_marks: largest colour variance (5x5 window, 0..1 units) of a solid shape's
#: pixels (a standard deviation of 3.6 grey levels); for a lossy source on a plain
#: background, where no texture competes, FLAT_MARK_VAR_LOSSY (10 levels): JPEG's
#: ringing around the letter in a small logo tile broke the tile's flat ring into
#: specks at the tighter one (own_006 and own_012 at quality 85: their brands were read
#: as headlines or sub-lines)
FLAT_MARK_VAR = 2e-4
FLAT_MARK_VAR_LOSSY = 1.5e-3
#: ... and for a lossy source on a texture or photo FLAT_MARK_VAR_LOSSY_BUSY (5.7 levels;
#: own_019's brand tile on bricks at quality 85 was specks, and a brick blob its mark)
FLAT_MARK_VAR_LOSSY_BUSY = 5e-4
#: a lossy source's flat marks and rare colours are read after a median of this size
#: (see _denoised)
LOSSY_MEDIAN = 5
#: a region of colours no border of a busy picture shows is an object when it fills at
#: least this share of its box (see _find_busy_objects): a pasted product fills most
#: of it (own_004's helmet 0.67), the cup and saucer of a coffee photo a third
#: (0.29 as PNG, 0.34 as JPEG read through the median)
BUSY_OBJECT_FILL = 0.4
#: _ink_side: the side with more letter-sized pieces is the ink only if its edges are at
#: least this sharp relative to the other side's (a drop shadow's are far softer)
INK_SOFT_EDGES = 0.6
#: _pictures_in_plate: neighbouring cells of the ground differ by less than PLATE_STEP
#: (max channel, 0..1); a region of other cells covering PICTURE_MIN_AREA of the banner,
#: with a mean local spread (7x7, grey 0..1) of PICTURE_DETAIL, is a picture
PLATE_STEP = 0.06
PICTURE_MIN_AREA = 0.05
PICTURE_DETAIL = 0.015
#: _merge_overlapping: two blocks' boxes overlapping by at least this share of the
#: smaller one's height and width overlap in their letters, not in the line spacing
MERGE_OVERLAP = 0.2
#: _clear_neighbours: a blob of a layer lying this much in a neighbour's box is the
#: neighbour's
NEIGHBOUR_BLOB_SHARE = 0.7
#: a pixel of a stroke crossing a text block is let go when its colour is this far
#: (max channel, 0..1) from the ink's
STROKE_INK_DISTANCE = 0.25


@dataclass
class _Line:
    box: Box  # in work pixels
    score: float
    used: bool = False


@dataclass(frozen=True)
class _LogoParts:
    """A brand found as a mark beside its word (working pixels): what a logo on a
    picture is matted from, instead of being lifted as a box of the picture."""

    mark: Box
    #: the mark's flat shape (bool over ``mark``, glyph holes filled); None for a mark
    #: found as a blob or a lone glyph, whose outline is not known
    mark_mask: np.ndarray | None
    word: Box


@dataclass
class _Shape:
    """A uniformly coloured region that text or a glyph sits on (button, mark, panel)."""

    box: Box
    mask: np.ndarray  # bool over box (work pixels)
    color: np.ndarray


def analyze(
    rgb: np.ndarray,
    working_long_side: int = 1024,
    faces: tuple[Box, ...] = (),
    lossy: bool = False,
) -> Analysis:
    """Decompose ``rgb`` (HxWx3 uint8, full resolution) into elements and a background.

    ``lossy``: the pixels come from a lossy file (JPEG, WebP), whose compression noise
    the logo's flat-mark test allows for (see _find_logo).
    """
    H, W = rgb.shape[:2]
    src = rgb.astype(np.float32) / 255.0
    if min(H, W) < 16:
        # too small to take apart: the whole image is the background
        kind0: BackgroundKind = "photo"
        cr, cg, cb = (float(v) for v in src.reshape(-1, 3).mean(0))
        bg0 = Background(kind0, src.copy(), 1.0, (cr, cg, cb), 0.0)
        too_small = ("image too small to analyse",)
        return Analysis(W, H, src, bg0, (), (), 0.0, too_small, too_small)
    # a border around the banner belongs to the canvas: taken apart without it, it is
    # drawn again inside every output's edge (engine.frame)
    frame = find_frame(src)
    if frame is not None:
        src = without_frame(src, frame)
        rgb = (np.clip(src, 0, 1) * 255 + 0.5).astype(np.uint8)
    long_side = min(max(H, W), working_long_side, ANALYSIS_LONG_SIDE)
    s = long_side / max(H, W)
    wh, ww = max(8, int(round(H * s))), max(8, int(round(W * s)))
    work = cv2.resize(src, (ww, wh), interpolation=cv2.INTER_AREA) if s < 1 else src.copy()
    s = ww / W
    # the colours flat marks and rare objects are read from: a lossy file's without its
    # speckle (see _denoised)
    colours = _denoised(work) if lossy else work

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
    text_mask = np.zeros((wh, ww), bool)
    for ln in lines:
        text_mask[ln.box.padded(ln.box.h * 0.15).clipped(ww, wh).pixels()] = True

    # background: fit, find foreground by difference, refit without it
    plate = bgm.fit_plate(work, text_mask)
    kind, noise = bgm.classify(work, plate, ~text_mask)
    fg = np.zeros_like(text_mask)
    excl = text_mask
    if kind not in ("texture", "photo"):
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
        plate = bgm.fit_plate(work, excl)
    busy = kind in ("texture", "photo")
    if busy and faces:
        kind = "photo"  # people in the background: never mirror or tile them
    notes: list[str] = [f"background {kind} (noise {noise:.3f})"]

    shapes = [_shape_under(work, ln.box, plate, busy) for ln in lines]
    elements: list[Element] = []
    occupied = np.zeros((wh, ww), bool)

    specs: list[tuple] = []

    def add(
        kind_: ElementKind,
        box_w: Box,
        mask_w: np.ndarray | None,
        solid: bool,
        importance: float,
        group: str,
        tlines: tuple[TextLine, ...] = (),
        panel=None,
    ) -> None:
        """Record an element; its pixels are lifted once the final clean plate exists."""
        box_f = box_w.scaled(1 / s).clipped(W, H)
        eid = f"{kind_}{sum(1 for e in elements if e.kind == kind_)}"
        empty = Layer(box_f, np.zeros((1, 1, 4), np.float32))
        elements.append(Element(eid, kind_, box_f, empty, importance, group, tlines, panel))
        specs.append((eid, mask_w, box_w, solid))
        occupied[box_w.clipped(ww, wh).pixels()] = True

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

    # 2. logo: a mark (glyph on a compact shape, or a compact blob) beside a short word
    logo_parts = _find_logo(work, colours, lines, shapes, fg, s, add, lossy)
    logo_id = elements[-1].id if logo_parts is not None else None

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
            panel: Panel | None = None
            if scrim is not None:
                color = np.array(scrim[0], np.float32)
                panels.append((_panel_extent(work, bbox, lh, color), color))
                scrims.append(panels[-1])
                panel = Panel(scrim[0], scrim[1], scrim=panels[-1][0].scaled(1 / s))
            elif busy and (veil := _veil_under(work, bbox, lh, neighbours)) is not None:
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

    # 4. the remaining foreground: products, people, decorations
    badge_ids = {e.id for e in elements if e.kind == "badge"}
    badges_w = [box_w for eid, _, box_w, _ in specs if eid in badge_ids]
    if not busy:
        _find_objects(work, fg, occupied, s, add, badges_w)
    else:
        # a scrim behind the words is not a product, though its colour is as rare as one
        for pb, pc in panels + grounds:
            px = pb.clipped(ww, wh).pixels()
            occupied[px] |= np.abs(work[px] - pc).max(axis=2) < 0.1
        for v in veils:
            occupied[v.box.clipped(ww, wh).pixels()] = True
        bodies = [_body_under(f.scaled(s)) for f in faces]
        _find_busy_objects(work, colours, occupied, s, add, bodies, kind == "photo")
        # a round outline around text is a badge, around a face it is the head
        keep_out = [ln.box for ln in lines] + [f.scaled(s) for f in faces]
        for i, disc in enumerate(_framed_discs(work, occupied, keep_out)):
            add("product", disc, _disc(disc), True, 0.6, f"disc{i}")
        # a product shot pasted on the photo in a (rounded) rectangle shares the photo's
        # colours too, but ends in four straight edges
        # (what the elements, scrims and veils cover is taken; the picture of the words'
        # ground colour, marked above, may be the pasted picture's too)
        taken = np.zeros_like(occupied)
        for box_w in [e.box.scaled(s) for e in elements] + [pb for pb, _ in panels]:
            taken[box_w.clipped(ww, wh).pixels()] = True
        for v in veils:
            taken[v.box.clipped(ww, wh).pixels()] = True
        for i, pic in enumerate(_pasted_pictures(work, taken, badges_w)):
            add("product", pic, _rounded_outline(work, pic), True, 0.6, f"frame{i}")

    # a badge stuck on a product travels with it, as one piece
    stuck_on = _stuck_badges(elements)
    # text printed on a product belongs to the product
    prods = [e.box for e in elements if e.kind in ("product", "person")]
    elements[:] = [
        e
        for e in elements
        if not (
            e.kind in ("body", "small_print", "decoration")
            and any(p.contains(e.box, tol=4) for p in prods)
        )
    ]

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
        matte = None if on_scrim else _matte_logo(src, rgb, logo.box, logo_parts, s, lossy)
        ground = None if matte is None else _quiet_color(work, logo.box.scaled(s), 2.0)
        if matte is not None and ground is not None:
            elements[at] = dataclasses.replace(logo, panel=_quiet_panel(ground))
            mattes[logo.id] = matte
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
        plate = bgm.with_grain(bare_pic, holes, bgm.inpaint_plate(bare_pic, holes), bare)
        if not own_faces and bgm.repeats(bare_pic, ~holes):
            kind = "texture"
            notes[0] = f"background {kind} (noise {noise:.3f})"
    elif holes.mean() < 0.97:
        plate = bgm.fit_plate(work, holes)
        if kind == "gradient":
            poly, err = bgm.fit_polynomial(work, holes)
            if err < 0.012:
                plate = poly
    spec_by_id = {sp[0]: sp for sp in specs}
    # a badge's shape is its own: a neighbour's layer reaching over it (a product's box
    # the badge touches) leaves it out, or a sliver of it travels with the product
    badge_shapes = [
        (b.id, b.box, spec_by_id[b.id][1])
        for b in elements
        if b.kind == "badge" and b.id not in stuck_on and spec_by_id[b.id][1] is not None
    ]
    lifted = []
    for e in elements:
        _, mask_w, box_w, solid = spec_by_id[e.id]
        rect = busy or e.panel is not None
        layer = mattes.get(e.id) if e.id == logo_id else None
        if rect and e.is_text and e.lines:
            # words on a scrim or a picture: their ink, not a patch of what lay under them
            layer = (
                mattes[e.id]
                if e.id in mattes
                else _matte_block(src, e, lossy, _text_boxes(elements, e))
            )
            if layer is not None:
                e = _resplit_words(e, layer)
        if layer is None:
            # a stuck badge and its product are one piece: neither is a neighbour to clear
            partners = {e.id} | {b for b, p in stuck_on.items() if p == e.id}
            partners.add(stuck_on.get(e.id, e.id))
            others = [o.box for o in elements if o.id not in partners]
            layer = _lift_layer(src, e.box, plate, s, mask_w, box_w, solid, rect, others)
            if e.kind == "badge" and mask_w is not None and not layer.rect:
                layer = _within_shape(layer, e.box, mask_w)
            if busy and e.kind == "product" and layer.rect:
                layer = _cut_out(layer, e.box)
            if layer.rect and not e.is_text:
                layer = _off_scrims(layer, [(b.scaled(1 / s), c) for b, c in scrims])
                layer = _off_veils(layer, veils, s)
            if lossy and e.kind == "cta" and not layer.rect:
                layer = _two_tone(layer)
        if e.is_text and e.lines and not layer.rect:
            layer = _drop_crossing_strokes(layer)
        if not layer.rect:
            for badge_id, badge_box, shape in badge_shapes:
                if badge_id != e.id and layer.box.intersects(badge_box):
                    layer = _outside_shape(layer, badge_box, shape)
        lifted.append(dataclasses.replace(e, layer=layer))
    # a product grid's captions (name, price) travel with their pictures
    elements = _with_badges_stuck(lifted, {**stuck_on, **_captions(lifted, stuck_on)})
    mean = tuple(float(v) for v in plate.reshape(-1, 3).mean(axis=0))
    bg = Background(kind, plate.astype(np.float32), s, mean, noise)  # type: ignore[arg-type]
    conf, doubts = _confidence(elements, busy)
    if frame is not None:
        notes.append("a border around the banner is drawn again inside every output's edge")
    notes += doubts
    return Analysis(W, H, src, bg, tuple(elements), faces, conf, tuple(notes), tuple(doubts), frame)


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
            g = _gray(work).astype(np.float32) / 255
            mu = cv2.blur(g, (7, 7))
            spread = np.sqrt(np.maximum(cv2.blur(g * g, (7, 7)) - mu * mu, 0))
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
    right = np.abs(grid[:, 1:] - grid[:, :-1]).max(axis=2) < step
    down = np.abs(grid[1:] - grid[:-1]).max(axis=2) < step
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
    for k in np.argsort(counts)[-3:]:
        colour = px[keys == k].mean(axis=0)
        near |= np.abs(px - colour).max(axis=1) < INK_COLOUR_DISTANCE
    return float(near.mean()) >= GLYPH_TWO_COLOURS


def _confidence(elements: list[Element], busy: bool) -> tuple[float, list[str]]:
    """How far the decomposition can be trusted (0-1), and the reasons it is lower.

    On a plain background every element is cut out exactly (difference to a fitted
    plate). On a picture, words are matted and objects found by colour and outline,
    which can miss; words whose matte failed are lifted as a box of the picture, and a
    banner with no text found may not have been read at all. The planner prefers a
    plain crop when the analysis is unsure (UNSURE_CONFIDENCE).
    """
    conf, doubts = 1.0, []
    if busy:
        conf = BUSY_CONFIDENCE
    unmatted = [e.kind for e in elements if e.is_text and e.layer.rect]
    if busy and unmatted:
        conf = min(conf, UNMATTED_CONFIDENCE)
        doubts.append(f"words could not be matted off the picture: {', '.join(unmatted)}")
    if not any(e.is_text or e.kind == "cta" for e in elements):
        conf = min(conf, NO_TEXT_CONFIDENCE)
        doubts.append("no text found")
    return conf, doubts


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
        ink = np.abs(patch - bgc).max(axis=2) > 0.2
        r_ok, c_ok = _text_rows_cols(ink)
        if r_ok.size >= 0.3 * ph and c_ok.size > 0:
            break
    if r_ok.size >= TIGHTEN_ALL_ROWS * ph and _two_plain_grounds(frame, patch):
        # every row holds "ink": the line runs onto a plain shape of another colour (a
        # pale blob under a sub-line's last words), which is "ink" against the border's
        # median in every row, so the line kept the detector's whole box. Each pixel is
        # measured against its own column's and row's ends instead.
        ends_ink = (np.abs(patch - _ends_ground(patch)).max(axis=-1) > 0.2).all(axis=0)
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
    has = (np.abs(rows - color).max(axis=2) < INK_COLOUR_DISTANCE).any(axis=0)
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


def _rekind(e: Element, kind: ElementKind) -> Element:
    return dataclasses.replace(e, kind=kind, importance=0.7)


def _ring(img: np.ndarray, box: Box, pad: float) -> np.ndarray:
    h, w = img.shape[:2]
    o = box.padded(pad).clipped(w, h)
    x0, y0, x1, y1 = int(o.x0), int(o.y0), int(np.ceil(o.x1)), int(np.ceil(o.y1))
    i = box.clipped(w, h)
    m = np.ones((y1 - y0, x1 - x0), bool)
    m[int(i.y0) - y0 : int(np.ceil(i.y1)) - y0, int(i.x0) - x0 : int(np.ceil(i.x1)) - x0] = False
    return img[y0:y1, x0:x1][m]


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
        outer = _ring(img, box.padded(box.h * 2.5, box.h * 1.6), max(2.0, box.h * 0.5))
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
        q = (inner * 15.99).astype(np.int32)
        keys = q[:, 0] * 256 + q[:, 1] * 16 + q[:, 2]
        mode = inner[keys == np.bincount(keys).argmax()].mean(axis=0)
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


def _holds_glyphs(img: np.ndarray, shape: _Shape, ground: np.ndarray | None) -> bool:
    """Whether a shape flooded from the commonest colour inside a line's box has the
    line's glyphs on it: pixels of another colour inside its outline, unlike the ground
    around the line (``ground``: the ring's colour, when uniform).

    In a tight box the commonest colour can be the glyph's own ink (a big bold "P" on a
    disc the first plate estimate absorbed): flooded, the letter is a shape, with the
    disc's colour in its counter or nothing inside, and it was taken for a monogram.
    """
    patch = img[shape.box.pixels()]
    inside = shape.mask & (np.abs(patch - shape.color).max(axis=2) >= 0.08)
    if inside.sum() < 0.02 * shape.mask.sum():
        return False
    if ground is None:
        return True
    return bool(np.abs(np.median(patch[inside], axis=0) - ground).max() >= SHAPE_DISTINCT)


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
    close = np.abs(patch - color).max(axis=2) < tolerance
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
        np.abs(patch - sh.color).max(axis=2) > SHAPE_INK_DISTANCE
    )
    window = np.zeros_like(ink)
    window[line.moved(-x0, -y0).clipped(ink.shape[1], ink.shape[0]).pixels()] = True
    ys, xs = np.nonzero(ink & window)
    if ys.size < 8:
        return line
    b = Box(x0 + xs.min(), y0 + ys.min(), x0 + xs.max() + 1, y0 + ys.max() + 1).padded(1)
    return b if b.h >= 3 and b.w >= b.h else line


def _fill_holes(m: np.ndarray) -> np.ndarray:
    inv = (~m).astype(np.uint8)
    n, lab = cv2.connectedComponents(inv, connectivity=4)
    border = set(np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]])).tolist())
    holes = (lab > 0) & ~np.isin(lab, list(border))
    return m | holes


def _panel_under(img: np.ndarray, bbox: Box, lh: float, plate: np.ndarray, busy: bool):
    """Colour and opacity of a scrim under a text block, when there is one."""
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
    if np.abs(color - bgc).max() < 0.1 and not _card_around(img, bbox, lh, color, pad):
        return None
    return (tuple(float(c) for c in color), SCRIM_OPACITY)


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
    sign along a whole side, and do not fit one such line on four sides.
    """
    lum = work.mean(axis=2)
    # a veil may hold more than the block (its sub-line, its button): its sides are
    # then searched for around the block and its nearest neighbours, nearest first,
    # so that no letter's edge is taken for the veil's
    near = sorted(
        (b for b in neighbours if not bbox.contains(b, tol=1.0)), key=lambda b: max(bbox.gap(b))
    )
    group = bbox
    for extra in [None, *near[:VEIL_NEIGHBOURS]]:
        if extra is not None:
            group = group.union(extra)
        veil = _veil_around(work, lum, group, lh)
        if veil is not None:
            return veil
    return None


def _veil_around(work: np.ndarray, lum: np.ndarray, bbox: Box, lh: float) -> Veil | None:
    """The veil whose four sides run around bbox (see _veil_under)."""
    h, w = work.shape[:2]
    reach = max(VEIL_REACH * lh, VEIL_REACH_SHARE * min(h, w))
    ys = (int(bbox.y0), int(np.ceil(bbox.y1)))
    xs = (int(bbox.x0), int(np.ceil(bbox.x1)))
    left = _veil_side(lum, int(bbox.x0) - 1, int(bbox.x0 - reach), ys, "x")
    right = _veil_side(lum, int(np.ceil(bbox.x1)) + 1, int(bbox.x1 + reach), ys, "x")
    top = _veil_side(lum, int(bbox.y0) - 1, int(bbox.y0 - reach), xs, "y")
    bottom = _veil_side(lum, int(np.ceil(bbox.y1)) + 1, int(bbox.y1 + reach), xs, "y")
    sides = (left, top, right, bottom)
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
    # the first run of such steps out from the words is the veil's edge
    first = int(np.argmax(steps))
    end = first + (int(np.argmin(steps[first:])) if not steps[first:].all() else len(steps) - first)
    run = np.arange(first, end)
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


def _card_around(img: np.ndarray, bbox: Box, lh: float, color: np.ndarray, pad: float) -> bool:
    """Whether text whose surroundings are all of one colour sits on a card: a region of
    that colour that ends, on every side, within the search window (_panel_extent's),
    with a different colour beyond it.

    A card with wide margins has its own colour a few letters out from its words too,
    so the nearer test takes it for the background. A plain or gradient background's
    colour runs on to the window's edge in some direction.
    """
    h, w = img.shape[:2]
    win = bbox.padded(lh * 4).clipped(w, h)
    ext = _panel_extent(img, bbox, lh, color)
    inside = (
        ext.x0 > win.x0 + 1 and ext.y0 > win.y0 + 1 and ext.x1 < win.x1 - 1 and ext.y1 < win.y1 - 1
    )
    if not inside:
        return False
    beyond = _ring(img, ext.padded(pad), pad * 2)
    return beyond.size >= 12 and float(np.abs(np.median(beyond, axis=0) - color).max()) >= 0.1


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


def _panel_extent(img: np.ndarray, bbox: Box, lh: float, color: np.ndarray) -> Box:
    """How far a scrim reaches around its text: the region of its colour joined to the text."""
    h, w = img.shape[:2]
    win = bbox.padded(lh * 4).clipped(w, h)
    x0, y0, x1, y1 = int(win.x0), int(win.y0), int(np.ceil(win.x1)), int(np.ceil(win.y1))
    close = (np.abs(img[y0:y1, x0:x1] - color).max(axis=2) < 0.14).astype(np.uint8)
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


def _join_row_pieces(lines: list[_Line], tallest: float) -> list[_Line]:
    """Pieces of one line of small text, split by the detector, joined into one line.

    The detector breaks small print on a busy picture into pieces (and may miss the
    words between them); moved apart, each piece reads as a fragment. Pieces of about
    one height, on one row, a few letters apart are one line. Only small type is
    joined: beside a headline on its row lies other content (a product's label).
    """
    small = ROW_PIECE_MAX_SHARE * tallest

    def one_row(a: _Line, b: _Line) -> bool:
        gx, gy = a.box.gap(b.box)
        return (
            max(a.box.h, b.box.h) <= small
            and 0.5 <= a.box.h / max(1.0, b.box.h) <= 2.0
            and -gy >= 0.7 * min(a.box.h, b.box.h)
            and gx < ROW_PIECE_GAP * max(a.box.h, b.box.h)
        )

    return _merge_pairs(
        sorted(lines, key=lambda ln: ln.box.x0),
        one_row,
        lambda a, b: _Line(a.box.union(b.box), max(a.score, b.score)),
    )


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
    bases = {id(ln): _baseline(work, ln.box) for ln in lines}

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
                ratio < 1.45
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
    found = _line_ink(img, box)
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
    return np.abs(patch - np.median(ring, axis=0)).max(axis=2) > 0.2, y0


def _dense_band_end(ink: np.ndarray, y0: float, default: float) -> float:
    """Row after the last one holding at least a third of the densest row's ink."""
    rows = ink.sum(axis=1)
    dense = np.nonzero(rows >= max(1.0, rows.max() / 3))[0] if rows.size else rows
    return float(y0 + dense[-1] + 1) if dense.size else default


def _split_words(img: np.ndarray, box: Box, to_src: float) -> tuple[Word, ...]:
    """Words of a line: runs of ink separated by gaps wider than a third of the line height."""
    h, w = img.shape[:2]
    b = box.clipped(w, h)
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(np.ceil(b.x1)), int(np.ceil(b.y1))
    patch = img[y0:y1, x0:x1]
    if patch.size == 0:
        return (Word(box.scaled(to_src)),)
    ring = _ring(img, b, max(1.0, b.h * 0.1))
    bgc = np.median(ring, axis=0) if ring.size else np.median(patch.reshape(-1, 3), axis=0)
    ink = np.abs(patch - bgc).max(axis=2) > 0.2
    share = WORD_GAP_CAPS if _capitals(ink) else WORD_GAP
    runs = _ink_runs(ink.any(axis=0), max(2, int(round(b.h * share))))
    if not runs:
        return (Word(box.scaled(to_src)),)
    return _words_of(runs, x0, box, b.h, to_src)


def _capitals(ink: np.ndarray) -> bool:
    """Whether a line's ink (rows x columns) is capitals (or figures): as dense at the
    top of its height as in the middle, where lower case has only its ascenders."""
    rows = np.nonzero(ink.any(axis=1))[0]
    if rows.size < 8:
        return False
    band = ink[rows[0] : rows[-1] + 1].mean(axis=1)
    n = band.size
    top, middle = band[: n // 4].mean(), band[n // 4 : n - n // 4].mean()
    return bool(middle > 0 and top >= CAPS_TOP_DENSITY * middle)


def _ink_runs(cols: np.ndarray, gap_min: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of True in ``cols`` split by gaps of gap_min or more."""
    runs: list[tuple[int, int]] = []
    start = None
    gap = 0
    end = 0
    for i, c in enumerate(cols):
        if c:
            if start is None:
                start = i
            gap = 0
            end = i
        elif start is not None:
            gap += 1
            if gap >= gap_min:
                runs.append((start, end + 1))
                start = None
    if start is not None:
        runs.append((start, end + 1))
    return runs


def _word_runs(cols: np.ndarray, ink_h: float) -> list[tuple[int, int]]:
    """Words of a matted line: its ink runs split at the gaps that stand out.

    A word space is at least WORD_GAP of the ink's height, and clearly wider than the
    gaps between letters: at a matte's solid core a thin "r" stood 5 px off its "a",
    as far as the 0.28 rule alone allows, and "Compare" was reflowed as "Compa re". The
    sorted gaps are cut at the biggest jump, if it is at least WORD_GAP_JUMP times the
    next smaller gap (the first gap counts as following a zero gap: letters joined by
    their soft edges leave only word spaces); with no such jump the line is one word.
    """
    letters = _ink_runs(cols, 1)
    gaps = sorted(b0 - e0 for (_, e0), (b0, _) in zip(letters, letters[1:], strict=False))
    least = max(2.0, WORD_GAP * ink_h)
    cut, jump = None, WORD_GAP_JUMP
    for lo, hi in zip([0, *gaps], gaps, strict=False):
        ratio = hi / lo if lo else math.inf
        if hi >= least and ratio >= jump:
            cut, jump = hi, ratio
    if cut is not None:
        return _ink_runs(cols, cut)
    return [(letters[0][0], letters[-1][1])] if letters else []


def _words_of(
    runs: list[tuple[int, int]], x0: float, line: Box, h: float, to_src: float
) -> tuple[Word, ...]:
    """Word boxes for ink runs (offsets from x0) of a line of height h."""
    # a little air around each word lets the renderer feather its edge without cutting ink
    gaps = [b0 - e0 for (_, e0), (b0, _) in zip(runs, runs[1:], strict=False)]
    pad = max(1.0, min(0.12 * h, (min(gaps) / 2 - 1) if gaps else 0.12 * h))
    vpad = _word_vpad(h)
    return tuple(
        Word(Box(x0 + a - pad, line.y0 - vpad, x0 + e + pad, line.y1 + vpad).scaled(to_src))
        for a, e in runs
    )


def _resplit_words(e: Element, layer: Layer) -> Element:
    """Words and baseline of matted text found again in the matte's alpha.

    On a texture or a photo the first split, by distance from the colour around the
    line, sees the picture's specks as ink and the words run together; a headline that
    is one "word" cannot wrap, and a tall slot gets it one line wide and small. The
    matte holds the letters only. The word space is measured against the ink's height
    (a detector box can hold a drop shadow and air), but never less than 0.6 of the
    line box, so a line of small lowercase letters does not split into letters.
    """
    lb, alpha = layer.box, layer.rgba[..., 3]
    lines = []
    for ln in e.lines:
        x0 = max(0, int(ln.box.x0 - lb.x0))
        x1 = min(alpha.shape[1], int(np.ceil(ln.box.x1 - lb.x0)))
        y0 = max(0, int(ln.box.y0 - lb.y0))
        y1 = min(alpha.shape[0], int(np.ceil(ln.box.y1 - lb.y0)))
        sub = alpha[y0:y1, x0:x1]
        rows = (
            np.flatnonzero((sub > MATTE_INK_ALPHA).any(axis=1)) if sub.size else np.array([], int)
        )
        if rows.size == 0:
            lines.append(ln)
            continue
        ink_h = max(float(rows[-1] - rows[0] + 1), 0.6 * ln.box.h)
        solid = sub > 0.5
        runs = _word_runs(np.asarray(solid.any(axis=0)), ink_h)
        if not runs:
            lines.append(ln)
            continue
        words = _words_of(runs, lb.x0 + x0, ln.box, ink_h, 1.0)
        base = _dense_band_end(solid, lb.y0 + y0, ln.box.y1)
        lines.append(dataclasses.replace(ln, words=words, baseline=base))
    return dataclasses.replace(e, lines=tuple(_cut_between_lines(lines, alpha, lb)))


def _cut_between_lines(lines: list[TextLine], alpha: np.ndarray, lb: Box) -> list[TextLine]:
    """Words of consecutive matted lines meet at the emptiest row between them.

    The detector's boxes of two lines overlap and end at the first line's baseline: its
    descenders were cut off, and their tips rode along with the next line's words. The
    row with the least ink from the upper box's bottom to 0.4 of the lower box's height
    below the lower box's top is where the descenders end and the next line's ascenders
    have not begun. Each side's words then end a little past their own ink, not at the
    cut: widely spaced lines (a panel's headline) would otherwise bring the whole gap
    along as part of their words, and the layout would space them half as far again.
    """
    ink = (alpha > 0.3).sum(axis=1)
    out = list(lines)
    for i in range(len(out) - 1):
        up, down = out[i], out[i + 1]
        lo = int(min(up.box.y1, down.box.y0) - lb.y0)
        hi = int(max(up.box.y1, down.box.y0 + 0.4 * down.box.h) - lb.y0)
        lo, hi = max(0, lo), min(len(ink), hi)
        if hi - lo < 2:
            continue
        seg = ink[lo:hi]
        zero = np.flatnonzero(seg == seg.min())
        at = lo + int(zero[len(zero) // 2])
        cut = lb.y0 + at
        # rows with a few specks of a picture's texture are not ink
        inked = np.flatnonzero(seg > max(2, seg.min() + INK_ROW_SHARE * float(seg.max())))
        above, below = inked[inked < at - lo], inked[inked > at - lo]
        up_end = lb.y0 + lo + float(above[-1] + 1) if above.size else up.box.y1
        down_start = lb.y0 + lo + float(below[0]) if below.size else down.box.y0
        out[i] = _with_word_edges(up, y1=min(cut, up_end + _word_vpad(up.box.h)))
        out[i + 1] = _with_word_edges(down, y0=max(cut, down_start - _word_vpad(down.box.h)))
    return out


def _word_vpad(line_h: float) -> float:
    """Air kept above and below a word's ink (see _words_of)."""
    return max(1.0, WORD_VPAD * line_h)


def _with_word_edges(ln: TextLine, **edges: float) -> TextLine:
    """The line with every word box's given edges (y0 and/or y1) moved to the values."""
    words = tuple(Word(dataclasses.replace(w.box, **edges)) for w in ln.words)
    return dataclasses.replace(ln, words=words)


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


def _find_logo(work, colours, lines, shapes, fg, s, add, lossy) -> _LogoParts | None:  # type: ignore[no-untyped-def]
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
    glyph_lines: set[int] = set()
    for ln in lines:
        if ln.used or not (0.6 < ln.box.w / max(1.0, ln.box.h) < 1.8):
            continue
        if any(m.iou(ln.box) > 0.3 or m.contains(ln.box, tol=2) for m in marks):
            continue
        if _inside_sentence(ln, lines):
            continue
        lone_glyphs.add(len(marks))
        glyph_lines.add(id(ln))
        marks.append(ln.box.padded(ln.box.h * 0.3))
        mark_masks.append(None)
    # compact foreground blobs can be marks too (on busy backgrounds: flat-colour blobs);
    # on plain backgrounds also the flat-colour parts of the foreground, for a mark that
    # overlaps a decoration and is one foreground blob with it
    plain = bool(fg.any())  # busy backgrounds have no foreground mask
    lossy_var = FLAT_MARK_VAR_LOSSY if plain else FLAT_MARK_VAR_LOSSY_BUSY
    flat = _flat_marks(colours, lossy_var if lossy else FLAT_MARK_VAR)
    for blobs in (fg, fg & flat) if plain else (flat,):
        _marks_of(blobs, marks, mark_masks, lines)
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
        # the glyph of a mark, read as a line, is not the brand's word
        and id(ln) not in glyph_lines
        and not (ious(mark_boxes, ln.box) > 0.5).any()
        and not containing(mark_boxes, ln.box, tol=2).any()
        and not _in_paragraph(ln, lines)
    ]
    for mi, mb in enumerate(marks):
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
    blobs: np.ndarray, marks: list[Box], mark_masks: list[np.ndarray | None], lines: list[_Line]
) -> None:
    """Add the compact blobs of ``blobs`` not yet known to ``marks``."""
    h, w = blobs.shape
    n, lab, stats, _ = cv2.connectedComponentsWithStats(blobs.astype(np.uint8), connectivity=8)
    known = box_array(marks)
    for i in range(1, n):
        x, y, bw, bh, area = stats[i]
        if bh < 6 or not (0.5 < bw / bh < 2.0) or bw * bh > 0.03 * h * w:
            continue
        if area < 0.3 * bw * bh:
            # a mark with a glyph cut out of it: count the glyph as part of the mark
            area = int(_fill_holes(lab[y : y + bh, x : x + bw] == i).sum())
            if area < 0.3 * bw * bh:
                continue
        b = Box(x, y, x + bw, y + bh)
        if (ious(known, b) > 0.5).any():
            continue
        if any(ln.box.contains(b, tol=2) and ln.box.w > 1.8 * b.w for ln in lines):
            continue
        marks.append(b)
        mark_masks.append(None)
        known = np.vstack([known, [(b.x0, b.y0, b.x1, b.y1)]])


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
    off = np.abs(patch - ground).max(axis=2)
    pad = max(1, int(round(0.1 * b.h)))
    x0, x1 = int(b.x0), int(b.x0) + patch.shape[1]
    for y0, y1 in ((int(b.y0) - pad, int(b.y0)), (int(b.y1), int(b.y1) + pad)):
        if y0 < 0 or y1 > h:
            continue
        column = np.median(work[y0:y1, x0:x1], axis=0)
        off = np.minimum(off, np.abs(patch - column[None]).max(axis=2))
    return off > 0.2


def _find_objects(work, fg, occupied, s, add, badges: list[Box]) -> None:  # type: ignore[no-untyped-def]
    """Foreground components not yet claimed: products (large) and decorations (small).

    A component overlapping what is claimed is a panel under text, but a badge stuck on
    a product does not make the product a panel (it joins the product afterwards, see
    _stuck_badges)."""
    h, w = fg.shape
    rest = fg & ~cv2.dilate(occupied.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    claimed = occupied.copy()
    for bb in badges:
        claimed[bb.clipped(w, h).pixels()] = False
    rest = cv2.morphologyEx(rest.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    n, lab, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    for i in sorted(range(1, n), key=lambda k: -stats[k][4]):
        x, y, bw, bh, area = stats[i]
        frac = area / (h * w)
        if frac < 0.0015 or min(bw, bh) < 6:
            continue
        b = Box(x, y, x + bw, y + bh)
        skip = claimed[y : y + bh, x : x + bw].mean() > 0.05
        # a picture overlapping decorations is one blob with them (reaching under the
        # text, or far past the picture); its own straight outline still finds it
        framed = _framed_boxes(work, b, occupied, badges) if skip or frac > 0.02 else []
        if skip or _framed_hold_detail(work, lab[y : y + bh, x : x + bw] == i, b, framed):
            for j, f in enumerate(framed):
                add("product", f, None, True, 0.85, f"product{i}_{j}")
            continue  # else a panel under text, already drawn behind it
        m = _fill_holes(lab[y : y + bh, x : x + bw] == i)
        if frac > 0.02:
            add("product", b, m, True, 0.85, f"product{i}")
        else:
            add("decoration", b, m, True, 0.3, f"decoration{i}")


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
        return np.asarray(np.abs(px - color).max(axis=2) < SCRIM_MATCH)

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


def _stuck_badges(elements: list[Element]) -> dict[str, str]:
    """Badge id -> id of the product it is stuck on.

    A "-50%" sticker on a product's corner is part of the product shot: lifted apart, the
    product would keep a bite where the sticker covered it, and the layout would put the
    two side by side. A badge that only grazes a product's edge is not stuck on it: on a
    photo that "product" can be a region of the picture next to the badge.
    """
    stuck: dict[str, str] = {}
    prods = [e for e in elements if e.kind == "product"]
    for badge in [e for e in elements if e.kind == "badge"]:
        covered = max(prods, key=lambda p: p.box.intersection(badge.box), default=None)
        if covered and covered.box.intersection(badge.box) >= BADGE_STUCK_OVERLAP * badge.box.area:
            stuck[badge.id] = covered.id
    return stuck


def _captions(elements: list[Element], stuck_on: dict[str, str]) -> dict[str, str]:
    """Caption id -> id of the product (or badge) it captions, in a grid of captioned
    products (or a row of icons with their labels).

    An e-commerce banner shows several products, each with its name and price right
    under it; a product banner, its features as round icons, each with a word under it.
    Laid out as separate text, the names and prices left their pictures (a column of
    prices beside a row of pictures). A caption is body text or small print under a
    product, within its width (CAPTION_OVERHANG), starting within CAPTION_GAP of its
    height below it (or below the caption above it); it joins its product only when at
    least two products of a kind have captions: one picture over a line of text is a
    layout, not a caption. A badge stuck on a product (``stuck_on``) travels with the
    product and takes no caption of its own.
    """
    found: dict[str, str] = {}
    for kind in ("product", "badge"):
        items = [e for e in elements if e.kind == kind and e.id not in stuck_on]
        found.update(_captions_of(items, elements, found))
    return found


def _captions_of(
    prods: list[Element], elements: list[Element], taken: dict[str, str]
) -> dict[str, str]:
    """Caption id -> id of one of ``prods`` (see _captions); none unless two have one."""
    texts = [e for e in elements if e.kind in ("body", "small_print") and e.id not in taken]
    found: dict[str, str] = {}
    captioned = 0
    for p in prods:
        bottom, gap, over = p.box.y1, CAPTION_GAP * p.box.h, CAPTION_OVERHANG * p.box.w
        mine = 0
        while True:
            below = [
                t
                for t in texts
                if t.id not in found
                and p.box.x0 - over <= t.box.x0
                and t.box.x1 <= p.box.x1 + over
                and bottom - 0.1 * t.box.h <= t.box.y0 <= bottom + gap
            ]
            if not below:
                break
            t = min(below, key=lambda e: e.box.y0)
            found[t.id] = p.id
            bottom, mine = t.box.y1, mine + 1
        captioned += mine > 0
    return found if captioned >= 2 else {}


def _with_badges_stuck(elements: list[Element], stuck_on: dict[str, str]) -> list[Element]:
    """Each stuck badge composited over its product's layer: one element, the product."""
    by_id = {e.id: e for e in elements}
    out = []
    for e in elements:
        if e.id in stuck_on:
            continue
        badges = [by_id[b] for b, p in stuck_on.items() if p == e.id]
        if badges:
            e = _composite(e, badges)
        out.append(e)
    return out


def _composite(prod: Element, badges: list[Element]) -> Element:
    """The product's layer with the badges' layers laid over it ("over", straight alpha).

    A product lifted as a rectangle of a picture brings its fading margin baked into its
    alpha: the merged layer is no longer a plain rectangle for the renderer to feather.
    """
    layers = [_baked_feather(prod)] + [b.layer for b in badges]
    lb = union_all([la.box for la in layers])
    rgba = np.zeros((int(lb.h), int(lb.w), 4), np.float32)
    for la in layers:
        ox, oy = int(la.box.x0 - lb.x0), int(la.box.y0 - lb.y0)
        h, w = la.rgba.shape[:2]
        under = rgba[oy : oy + h, ox : ox + w]
        a_top, a_under = la.rgba[..., 3:4], under[..., 3:4]
        a_out = a_top + a_under * (1 - a_top)
        color = (la.rgba[..., :3] * a_top + under[..., :3] * a_under * (1 - a_top)) / np.maximum(
            a_out, 1e-6
        )
        rgba[oy : oy + h, ox : ox + w] = np.dstack([color, a_out])
    box = union_all([prod.box] + [b.box for b in badges])
    return dataclasses.replace(prod, box=box, layer=Layer(lb, rgba))


def _baked_feather(e: Element) -> Layer:
    """A rectangle layer with the renderer's border fade applied to its alpha."""
    layer = e.layer
    if not layer.rect:
        return layer
    h, w = layer.rgba.shape[:2]
    rgba = layer.rgba.copy()
    rgba[..., 3] *= edge_fade(h, w, rect_feather(e.box, layer.box))
    return Layer(layer.box, rgba)


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


def _side_support(strong: np.ndarray, b: Box) -> list[float]:
    """For each side of ``b``, the share of its middle 70 % lying on a strong edge
    (rounded corners leave the ends off the straight line)."""
    x0, y0, x1, y1 = int(b.x0), int(b.y0), int(b.x1) - 1, int(b.y1) - 1
    mx, my = int(0.15 * (x1 - x0)), int(0.15 * (y1 - y0))
    return [
        float(strong[y0, x0 + mx : x1 - mx].mean()),
        float(strong[y1, x0 + mx : x1 - mx].mean()),
        float(strong[y0 + my : y1 - my, x0].mean()),
        float(strong[y0 + my : y1 - my, x1].mean()),
    ]


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


def _piece_of_photo(work: np.ndarray, box: Box) -> bool:
    """Whether a rectangle of rare colours on a photo is a piece of the photo itself.

    A product set on a photo has a frame (straight sides on strong edges) or a
    silhouette that GrabCut can cut out of its box along edges. A rectangle with neither, with two
    or more sides off any edge and no silhouette inside, is around the rare colours of
    something in the photo (the crema and the red of a JPEG's cup whose white rim and
    oval outline the searches missed): lifted, it would be laid out as a rectangle cut
    through the cup, with the rest of the cup left in the backdrop.
    """
    h, w = work.shape[:2]
    outer = box.padded(RECT_MARGIN * min(box.w, box.h)).clipped(w, h)
    crop = work[outer.pixels()]
    # the sides' edges, read on the crop around them (not a Sobel of the whole picture)
    strong = _edges(crop)[2]
    sides = _side_support(strong, box.moved(-int(outer.x0), -int(outer.y0)))
    if sum(v < FRAME_SIDE_SUPPORT for v in sides) < 2:
        return False
    rgba = np.dstack([crop, np.ones(crop.shape[:2], crop.dtype)]).astype(np.float32)
    cut = _cut_out(Layer(outer, rgba, rect=True), box)
    if cut.rect:
        return True
    # a silhouette cut out of the photo is a pasted picture only if it ends in an edge
    # all the way round: a region of the photo's own rare colours (the red of a saucer,
    # the crema of a cup, in a full-bleed coffee photo) runs on into the picture along
    # part of its outline, and lifted it is laid out as a torn-off scrap
    return _outline_support(cut.rgba[..., 3] > 0.5, strong) < PIECE_OUTLINE_SUPPORT


def _outline_support(mask: np.ndarray, strong: np.ndarray) -> float:
    """Share of the outline of ``mask``'s largest piece (away from the array's border)
    that lies within two pixels of a strong edge."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return 0.0
    c = max(contours, key=len)[:, 0]
    h, w = mask.shape
    inside = (c[:, 0] > 1) & (c[:, 1] > 1) & (c[:, 0] < w - 2) & (c[:, 1] < h - 2)
    if not inside.any():
        return 1.0
    near = cv2.dilate(strong.astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return float(near[c[inside, 1], c[inside, 0]].mean())


def _body_under(face: Box) -> Box:
    """Where a person's body lies below their face: clothes there are no product."""
    return Box(face.cx - 2.0 * face.w, face.y1, face.cx + 2.0 * face.w, face.y1 + 6.0 * face.h)


def _find_busy_objects(work, colours, occupied, s, add, bodies, photo) -> None:  # type: ignore[no-untyped-def]
    """On textures and photos: regions whose colours the background's border never shows.

    A region centred on a person's body (``bodies``) is their clothing, not a product; on a
    ``photo``, a rectangle that is a piece of the photo itself (_piece_of_photo) is none.
    Colours are read from ``colours``: ``work`` itself, or for a lossy file ``work``
    after a median (_denoised). A JPEG's noise had spread own_004's black helmet over
    colours the grey photo's border shows too (8% of its box rare, 55% as PNG), and it
    stayed in the backdrop; a median keeps edges and makes no new colours, where a 3x3
    blur had made the centre of a JPEG coffee photo a rare region too, in place of the
    cup shot pasted on it.
    """
    h, w = work.shape[:2]
    q = np.clip((colours * 15.99).astype(np.int32), 0, 15)
    idx = q[..., 0] * 256 + q[..., 1] * 16 + q[..., 2]
    # the background's colours: those seen along at least two of the four borders (a
    # product that touches one border must not teach its own colours as background)
    bh_, bw_ = max(2, int(0.08 * h)), max(2, int(0.08 * w))
    sides = [np.zeros((h, w), bool) for _ in range(4)]
    sides[0][:bh_] = sides[1][-bh_:] = True
    sides[2][:, :bw_] = sides[3][:, -bw_:] = True
    votes = np.zeros(4096, np.int32)
    for band in sides:
        band &= ~occupied
        if band.sum() < 12:
            continue
        hist: np.ndarray = np.bincount(idx[band], minlength=4096).astype(np.float32)
        hist = cv2.GaussianBlur(hist.reshape(16, 256), (3, 3), 0).reshape(-1)  # bin edges
        votes += (hist / float(hist.sum()) >= 0.2 / 4096).astype(np.int32)
    if not votes.any():
        return
    rare = votes[idx] < 2
    rare &= ~cv2.dilate(occupied.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    k = max(3, int(0.012 * max(h, w)) | 1)
    cand = cv2.morphologyEx(rare.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    cand = cv2.morphologyEx(cand, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    n, lab, stats, _ = cv2.connectedComponentsWithStats(cand, connectivity=8)
    for i in sorted(range(1, n), key=lambda j: -stats[j][4]):
        x, y, bw, bh, area = stats[i]
        if area / (h * w) < 0.02 or area < BUSY_OBJECT_FILL * bw * bh:
            continue
        b = Box(x, y, x + bw, y + bh)
        if occupied[y : y + bh, x : x + bw].mean() > 0.3:
            continue
        if any(body.contains(Box(b.cx, b.cy, b.cx, b.cy)) for body in bodies):
            continue
        framed = _round_frame(work, b)
        if framed is not None:
            add("product", framed, _disc(framed), True, 0.6, f"product{i}")
        else:
            snapped = _snap_to_edges(work, b, occupied)
            if photo and _piece_of_photo(work, snapped):
                continue  # it stays in the backdrop, whole, where it was
            add("product", snapped, None, True, 0.6, f"product{i}")
        occupied[y : y + bh, x : x + bw] = True


def _framed_discs(work: np.ndarray, occupied: np.ndarray, keep_out: list[Box]) -> list[Box]:
    """Round pictures pasted on a photo: circles whose outline is an edge all round.

    A product photo on a photographic background shares its colours often enough that
    colour rarity misses it, but a pasted round picture ends in a crisp circle, which
    the objects of a photo seldom do. Circles found anywhere (Hough, on a small view:
    its cost grows with the radii) are refined at the working resolution and kept when
    their outline lies on strong edges along DISC_SUPPORT of its length and a circle a
    little outside does far less (on gravel every circle lies on edges), unless they
    take in much of a ``keep_out`` box (text, a face). Boxes in work pixels, largest
    first.
    """
    h, w = work.shape[:2]
    g = _gray(work)
    strong = _edges(work)[2]
    f = min(1.0, DISC_VIEW_PX / max(h, w))
    small = cv2.resize(
        g, (max(8, round(w * f)), max(8, round(h * f))), interpolation=cv2.INTER_AREA
    )
    r_min = int(np.sqrt(FRAME_AREA[0] * w * h) / 2 * f)
    r_max = int(np.sqrt(FRAME_AREA[1] * w * h) / 2 * f)
    circles = cv2.HoughCircles(
        cv2.GaussianBlur(small, (5, 5), 1.0),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=max(4, r_min // 2),
        param1=120,
        param2=30,
        minRadius=max(6, r_min),
        maxRadius=max(7, r_max),
    )
    if circles is None:
        return []
    # the view's circle is a few pixels off: a wider edge band screens it first
    near = cv2.dilate(strong.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    inset = 0.02 * min(w, h)  # a pasted picture sits inside the banner, a photo's plates
    found: list[Box] = []  # and cups run off its edges
    # Hough lists circles by votes: a texture yields hundreds, a pasted picture is
    # among the first
    for c in sorted(circles[0][:DISC_CANDIDATES] / f, key=lambda c: -c[2]):
        b = Box(c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2])
        if b.x0 < inset or b.y0 < inset or b.x1 > w - inset or b.y1 > h - inset:
            continue
        if any(o.intersects(b) for o in found) or occupied[b.clipped(w, h).pixels()].mean() > 0.3:
            continue
        if any(b.intersection(k) > 0.3 * k.area for k in keep_out):
            continue
        if _circle_support(near, b) < DISC_SCREEN:
            continue
        cx, cy, r = _refine_circle(strong, c, 1.0 / f)
        b = _refine_ellipse(strong, Box(cx - r, cy - r, cx + r, cy + r))
        support = _circle_support(strong, b)
        distinct = support - _circle_support(strong, b.padded(DISC_BAND * r))
        if (support >= DISC_SUPPORT and distinct >= DISC_DISTINCT) or (
            support >= DISC_SUPPORT_CLEAR and distinct >= DISC_DISTINCT_CLEAR
        ):
            found.append(b)
    return found


def _refine_ellipse(strong: np.ndarray, b: Box) -> Box:
    """The ellipse inscribed in a box near ``b`` (a circle's) whose outline lies best on
    edges: a round picture squeezed a few per cent (672x650) strays off any circle by
    more than the edges' width along a quarter of its outline."""
    best = (_circle_support(strong, b), b)
    for ax in np.linspace(-DISC_SQUEEZE, DISC_SQUEEZE, 9):
        for ay in np.linspace(-DISC_SQUEEZE, DISC_SQUEEZE, 9):
            e = b.padded(b.w / 2 * ax, b.h / 2 * ay)
            sup = _circle_support(strong, e)
            if sup > best[0]:
                best = (sup, e)
    return best[1]


def _refine_circle(strong: np.ndarray, c: np.ndarray, step: float) -> tuple[float, float, float]:
    """The circle near ``c`` (cx, cy, r found on a view ``step`` times smaller) whose
    outline lies best on the working resolution's edges."""
    shifts = np.linspace(-1.5 * step, 1.5 * step, 7)
    # every candidate at once, in the order (radius, y, x) a loop would take them, so the
    # first of equally good circles wins as before
    dr, dy, dx = np.meshgrid(
        np.linspace(-0.08 * c[2], 0.08 * c[2], 9), shifts, shifts, indexing="ij"
    )
    cx, cy, r = (c[0] + dx).ravel(), (c[1] + dy).ravel(), (c[2] + dr).ravel()
    best = int(np.argmax(_ellipse_supports(strong, cx - r, cy - r, cx + r, cy + r)))
    return float(cx[best]), float(cy[best]), float(r[best])


def _gray(img: np.ndarray) -> np.ndarray:
    """An RGB image in 0..1 as 8-bit grey levels, the scale the edge thresholds use."""
    return cv2.cvtColor((np.clip(img, 0, 1) * 255).astype(np.uint8), cv2.COLOR_RGB2GRAY)


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


def _edges(img: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Horizontal and vertical gradient strengths of ``img``, and where an outline runs:
    within a pixel of a grey-level gradient over ROUND_FRAME_EDGE."""
    g = _gray(img)
    gx = np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3))
    gy = np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3))
    mag = (np.hypot(gx, gy) > ROUND_FRAME_EDGE).astype(np.uint8)
    return gx, gy, cv2.dilate(mag, np.ones((3, 3), np.uint8)) > 0


def _circle_support(strong: np.ndarray, b: Box) -> float:
    """Share of the ellipse inscribed in ``b`` (a circle in a square) that lies on a
    strong edge."""
    edges = np.array([[b.x0, b.y0, b.x1, b.y1]], np.float64).T
    return float(_ellipse_supports(strong, *edges)[0])


def _ellipse_supports(
    strong: np.ndarray, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray
) -> np.ndarray:
    """_circle_support of many boxes at once (given by their sides, one array each)."""
    h, w = strong.shape
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    px = np.clip(np.round(cx[:, None] + rx[:, None] * _CIRCLE_COS).astype(int), 0, w - 1)
    py = np.clip(np.round(cy[:, None] + ry[:, None] * _CIRCLE_SIN).astype(int), 0, h - 1)
    return np.asarray(strong[py, px].mean(axis=1))


#: the 180 points around a circle that _circle_support samples
_CIRCLE_T = np.linspace(0, 2 * np.pi, 180, endpoint=False)
_CIRCLE_COS, _CIRCLE_SIN = np.cos(_CIRCLE_T), np.sin(_CIRCLE_T)


def _round_frame(img: np.ndarray, box: Box) -> Box | None:
    """A product photo framed in a circle, inside a region of rare colours.

    On a photograph the rare region around a framed product takes in whatever else of
    the picture is rare too (a dark figure beside it). A frame has a crisp outline all
    the way round, which a round thing in the photo seldom has: the strongest circle
    whose outline is an edge along most of its length is the product's extent.
    """
    h, w = img.shape[:2]
    win = box.clipped(w, h)
    x0, y0 = int(win.x0), int(win.y0)
    crop = img[win.pixels()]
    ch, cw = crop.shape[:2]
    if min(ch, cw) < 24:
        return None
    g = _gray(crop)
    found = cv2.HoughCircles(
        cv2.GaussianBlur(g, (5, 5), 1.5),
        cv2.HOUGH_GRADIENT,
        dp=1,
        minDist=max(8, min(ch, cw) // 3),
        param1=120,
        param2=40,
        minRadius=int(0.25 * min(ch, cw)),
        maxRadius=int(0.6 * max(ch, cw)),
    )
    if found is None:
        return None
    cx, cy, r = (float(v) for v in found[0][0])
    inside = (cx - r >= -1) & (cy - r >= -1) & (cx + r <= cw + 1) & (cy + r <= ch + 1)
    circle = Box(cx - r, cy - r, cx + r, cy + r)
    if not inside or _circle_support(_edges(crop)[2], circle) < ROUND_FRAME_SUPPORT:
        return None
    if (2 * r) ** 2 < 0.35 * ch * cw:
        return None
    return Box(x0 + cx - r, y0 + cy - r, x0 + cx + r, y0 + cy + r).clipped(w, h)


def _disc(box: Box) -> np.ndarray:
    """The mask of the ellipse inscribed in ``box`` (work pixels): a round frame's
    outline (a circle in a square box)."""
    h, w = max(1, int(round(box.h))), max(1, int(round(box.w)))
    yy, xx = np.mgrid[0:h, 0:w]
    return ((xx + 0.5 - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - h / 2) / (h / 2)) ** 2 <= 1.0


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


def _snap_to_edges(img: np.ndarray, box: Box, occupied: np.ndarray) -> Box:
    """Move each side of a product box to the strongest straight edge near it.

    Colour rarity finds most of a product photo but stops where its colours resemble the
    background; the photo's own outline is a long straight edge, so each side is moved
    (outwards by up to 40 % or inwards by up to 10 %) to where the gradient along it peaks.
    """
    h, w = img.shape[:2]
    gx, gy, _ = _edges(img)
    x0, y0, x1, y1 = int(box.x0), int(box.y0), int(np.ceil(box.x1)), int(np.ceil(box.y1))
    bw, bh = max(1, x1 - x0), max(1, y1 - y0)

    def best(profile: np.ndarray, positions: range, current: int) -> int:
        # an outline is continuous: most of the line crosses a strong edge
        if len(profile) == 0:
            return current
        k = int(np.argmax(profile))
        return positions[k] if profile[k] >= 0.6 else current

    def rows(lo: int, hi: int) -> tuple[range, np.ndarray]:
        r = range(max(1, lo), min(h - 1, hi))
        return r, np.array([(gy[y, x0:x1] > 60).mean() for y in r], np.float32)

    def cols(lo: int, hi: int) -> tuple[range, np.ndarray]:
        r = range(max(1, lo), min(w - 1, hi))
        return r, np.array([(gx[y0:y1, x] > 60).mean() for x in r], np.float32)

    # outwards only as far as free space: a scrim's or a button's edge is not the product's
    row_taken = occupied[:, x0:x1].mean(axis=1) > 0.2
    col_taken = occupied[y0:y1, :].mean(axis=0) > 0.2

    def reach(start: int, stop: int, taken: np.ndarray) -> int:
        step = 1 if stop >= start else -1
        for v in range(start, stop, step):
            if taken[min(len(taken) - 1, max(0, v))]:
                return v - step
        return stop

    r, p = rows(reach(y0, y0 - int(0.4 * bh), row_taken), y0 + int(0.1 * bh))
    ny0 = best(p, r, y0)
    r, p = rows(y1 - int(0.1 * bh), reach(y1, y1 + int(0.4 * bh), row_taken))
    ny1 = best(p, r, y1)
    r, p = cols(reach(x0, x0 - int(0.4 * bw), col_taken), x0 + int(0.1 * bw))
    nx0 = best(p, r, x0)
    r, p = cols(x1 - int(0.1 * bw), reach(x1, x1 + int(0.4 * bw), col_taken))
    nx1 = best(p, r, x1)
    if nx1 - nx0 < 0.5 * bw or ny1 - ny0 < 0.5 * bh:
        return box
    return Box(nx0, ny0, nx1 + 1, ny1 + 1).clipped(w, h)


def _quiet_color(work: np.ndarray, box: Box, width: float) -> np.ndarray | None:
    """The median colour of a ``width`` ring around ``box`` (working pixels): the ground
    a quiet panel is drawn in. None when the ring is under four pixels."""
    ring = _ring(work, box, width)
    return np.median(ring, axis=0) if ring.size >= 12 else None


def _quiet_panel(color: np.ndarray) -> Panel:
    """A soft panel of ``color`` for something lifted off a busy picture (see
    _quiet_color): not a scrim of the source, it reaches no further than what it holds."""
    return Panel((float(color[0]), float(color[1]), float(color[2])), 0.85, soft=True)


def _matte_logo(
    src: np.ndarray, rgb: np.ndarray, box: Box, parts: _LogoParts, s: float, lossy: bool
) -> Layer | None:
    """A brand on a picture pulled off it: its mark by the mark's flat shape, its word
    by the word's ink (see _matte_text), over the logo's box (full-resolution ``box``).

    Lifted as a box, a logo carried a patch of the picture behind it (the dark corner
    of a photo, a strand of hair) to every new place. None when the mark's outline is
    not known (a blob, a lone glyph) or the word is not one-colour ink: the box then.
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
    H, W = src.shape[:2]
    out = box.union(ink.box).union(mark.box).clipped(W, H)
    whole = Box(int(out.x0), int(out.y0), int(np.ceil(out.x1)), int(np.ceil(out.y1)))
    return _strongest_of(whole, [ink, mark])


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
    if float(np.abs(model - seen).max(axis=2)[hole > 0].mean()) > MATTE_MAX_ERROR:
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
    far = np.abs(rgba[..., :3] - ink).max(axis=2) > STROKE_INK_DISTANCE
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


def _denoised(work: np.ndarray) -> np.ndarray:
    """``work`` with a lossy file's speckle filtered out (a median per channel, which
    keeps edges and makes no new colours). In own_004's JPEG the chroma noise had
    broken the brand's small green hexagon into specks (a flat patch of the photo at
    the banner's edge became its mark) and spread its black helmet over greys the
    photo's border shows (it stayed in the backdrop)."""
    u8 = (np.clip(work, 0, 1) * 255 + 0.5).astype(np.uint8)
    return cv2.medianBlur(u8, LOSSY_MEDIAN).astype(np.float32) / 255.0


def _flat_marks(work: np.ndarray, max_var: float = FLAT_MARK_VAR) -> np.ndarray:
    """Pixels of locally constant colour: solid shapes stand out on textures and photos."""
    g = work.astype(np.float32)
    mu = cv2.blur(g, (5, 5))
    var = cv2.blur(g * g, (5, 5)) - mu * mu
    return var.max(axis=2) < max_var


def _shape_near(layer: Layer, box: Box, mask_w: np.ndarray) -> np.ndarray:
    """A shape (``mask_w``, found by its colour over ``box``) on ``layer``'s pixels,
    reaching a little past its outline (its antialiased edge), softly (0..1)."""
    h, w = layer.rgba.shape[:2]
    bw, bh = max(1, int(round(box.w))), max(1, int(round(box.h)))
    own = cv2.resize(mask_w.astype(np.uint8), (bw, bh), interpolation=cv2.INTER_NEAREST)
    inner = np.zeros((h, w), np.uint8)
    dx, dy = int(round(box.x0 - layer.box.x0)), int(round(box.y0 - layer.box.y0))
    x0, y0 = max(0, dx), max(0, dy)
    x1, y1 = min(w, dx + bw), min(h, dy + bh)
    if x1 > x0 and y1 > y0:
        inner[y0:y1, x0:x1] = own[y0 - dy : y1 - dy, x0 - dx : x1 - dx]
    near = cv2.dilate(inner, np.ones((5, 5), np.uint8)).astype(np.float32)
    return np.asarray(cv2.GaussianBlur(near, (0, 0), 1.0), np.float32)


def _two_tone(layer: Layer) -> Layer:
    """A button of a lossy source redrawn in its own two colours, without the file's
    compression noise, when two colours are all it holds (one tone of the pill, one of
    its words, and their antialiased mixes).

    A 160x600's button is enlarged four times in a 1080x1080: the JPEG's ringing around
    its letters and blocking in the pill grow with it into blotches that read as stains
    (and tesseract read own_023's "Download" in its PNG, "dowynnhoad" in its JPEG). Each
    pixel keeps how far its brightness lies from the pill's towards the words' (JPEG
    keeps brightness at full resolution, so the letters' antialiased edges keep their
    shape) and takes the colour that far along the line between the two; the faint
    ringing left in the flat parts (TWO_TONE_SNAP of the way) goes too. Whether the
    button is two colours is judged at the resolution JPEG keeps colour at (a 3x3 blur:
    any blur of two colours' mixes is still their mix). A pill with a third colour (an
    icon, a gradient, a shadow) is left as it is.
    """
    rgb, alpha = layer.rgba[..., :3], layer.rgba[..., 3]
    inside = alpha > 0.9
    if inside.sum() < TWO_TONE_MIN_PIXELS:
        return layer
    px = rgb[inside]
    pill = np.median(px, axis=0)
    far = np.linalg.norm(px - pill, axis=1)
    # the letters' cores: their edges are mixes with the pill, so the median of every
    # pixel away from the pill would be a paler ink (navy words came back olive)
    ink_px = px[far >= TWO_TONE_INK_CORE * float(np.percentile(far, 99))]
    if len(ink_px) == 0:
        return layer
    axis = np.median(ink_px, axis=0) - pill
    luma = np.array([0.299, 0.587, 0.114], np.float32)
    contrast = float(axis @ luma)
    if abs(contrast) < TWO_TONE_MIN_CONTRAST:
        return layer
    seen = cv2.blur(rgb, (3, 3))[inside]
    t = ((seen - pill) @ axis) / float(axis @ axis)
    off = np.linalg.norm(seen - pill - t[:, None] * axis[None, :], axis=1)
    if float(np.percentile(off, TWO_TONE_FIT_PERCENTILE)) > TWO_TONE_FIT:
        return layer
    t_all = ((rgb - pill) @ luma) / contrast
    t_all = np.clip((t_all - TWO_TONE_SNAP) / (1.0 - 2.0 * TWO_TONE_SNAP), 0.0, 1.0)
    rgba = layer.rgba.copy()
    rgba[..., :3] = pill + t_all[..., None] * axis
    return dataclasses.replace(layer, rgba=rgba.astype(np.float32))


def _within_shape(layer: Layer, box: Box, mask_w: np.ndarray) -> Layer:
    """A badge is its round or square shape and nothing else: the shadow of a product
    it touches, which differs from the backdrop as much, came along as a grey wedge on
    its rim."""
    rgba = layer.rgba.copy()
    rgba[..., 3] *= _shape_near(layer, box, mask_w)
    return dataclasses.replace(layer, rgba=rgba)


def _outside_shape(layer: Layer, box: Box, mask_w: np.ndarray) -> Layer:
    """``layer`` without a badge's shape (see _within_shape) that it reached over."""
    rgba = layer.rgba.copy()
    rgba[..., 3] *= 1.0 - _shape_near(layer, box, mask_w)
    return dataclasses.replace(layer, rgba=rgba)


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
    r = np.abs(crop - bgc).max(axis=2)
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
