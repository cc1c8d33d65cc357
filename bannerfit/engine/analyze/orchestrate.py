"""analyze(): the stages that take a banner apart, run in order."""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.analyze.attachments import (
    _bullets_on_lines,
    _captions,
    _drop_text_on_products,
    _stuck_badges,
    _underlines_on_lines,
    _with_badges_stuck,
)
from bannerfit.engine.analyze.blocks import _find_text_blocks
from bannerfit.engine.analyze.layers import _lift_elements
from bannerfit.engine.analyze.lines import _text_lines
from bannerfit.engine.analyze.logos import _find_brand
from bannerfit.engine.analyze.mattes import _matte_on_picture
from bannerfit.engine.analyze.objects import _find_foreground
from bannerfit.engine.analyze.pixels import _denoised
from bannerfit.engine.analyze.plate import _clean_plate, _first_plate
from bannerfit.engine.analyze.shapes import (
    _find_badges,
    _find_buttons,
    _find_ghost_buttons,
    _shapes_under,
)
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings
from bannerfit.engine.frame import find_frame, without_frame
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis, Background, BackgroundKind, Element

#: Longest side of the analysis canvas; the tier's working side caps it.
ANALYSIS_LONG_SIDE = 1024
#: analysis confidence on a picture background, with words that could not be matted
#: off the picture, and with no text found at all (see _confidence)
BUSY_CONFIDENCE = 0.7
UNMATTED_CONFIDENCE = 0.4
NO_TEXT_CONFIDENCE = 0.4


def analyze(
    rgb: np.ndarray,
    working_long_side: int = 1024,
    faces: tuple[Box, ...] = (),
    lossy: bool = False,
) -> Analysis:
    """Decompose ``rgb`` (HxWx3 uint8, full resolution) into elements and a background.

    ``lossy``: the pixels come from a lossy file (JPEG, WebP), whose compression noise
    the logo's flat-mark test allows for (see _find_logo).

    The stages run in order, each handed what the ones before found: the text lines,
    a first plate, the elements (buttons, ghost buttons, the logo, badges, text blocks,
    then the remaining foreground: each takes what the ones before left), mattes of
    words on a picture, the clean plate without any element, and last each element's
    pixels lifted off it.
    """
    if min(rgb.shape[:2]) < 16:
        return _too_small_to_analyse(rgb)
    canvas = _working_canvas(rgb, working_long_side, lossy)
    lines = _text_lines(canvas)
    backdrop = _first_plate(canvas, lines, faces)
    shapes = _shapes_under(canvas, backdrop, lines)
    findings = _Findings.none_yet(canvas)
    hugging = _find_buttons(canvas, backdrop, lines, shapes, findings)
    _find_ghost_buttons(canvas, lines, findings)
    logo_parts, logo_id = _find_brand(canvas, backdrop, lines, shapes, findings, faces)
    _find_badges(canvas, backdrop, lines, shapes, findings)
    under_text = _find_text_blocks(canvas, backdrop, lines, hugging, findings)
    _find_foreground(canvas, backdrop, lines, faces, under_text, findings)
    # a badge stuck on a product travels with it, as one piece
    stuck_on = _stuck_badges(findings.elements)
    _drop_text_on_products(findings)
    mattes = _matte_on_picture(canvas, backdrop, under_text, logo_parts, logo_id, findings)
    clean = _clean_plate(canvas, backdrop, under_text, faces, logo_parts, logo_id, mattes, findings)
    lifted = _lift_elements(canvas, clean, under_text, logo_id, mattes, stuck_on, findings)
    return _assembled(canvas, clean, faces, stuck_on, lifted)


def _too_small_to_analyse(rgb: np.ndarray) -> Analysis:
    """The whole image as the background, with no elements: under 16 pixels on a side
    there is nothing to take apart."""
    H, W = rgb.shape[:2]
    src = rgb.astype(np.float32) / 255.0
    # too small to take apart: the whole image is the background
    kind0: BackgroundKind = "photo"
    cr, cg, cb = (float(v) for v in src.reshape(-1, 3).mean(0))
    bg0 = Background(kind0, src.copy(), 1.0, (cr, cg, cb), 0.0)
    too_small = ("image too small to analyse",)
    return Analysis(W, H, src, bg0, (), (), 0.0, too_small, too_small)


def _working_canvas(rgb: np.ndarray, working_long_side: int, lossy: bool) -> _Canvas:
    """The banner's pixels at full resolution and at the bounded working resolution
    everything is found at (at most ``working_long_side`` and ANALYSIS_LONG_SIDE on the
    long side), a border around the banner painted out of both."""
    H, W = rgb.shape[:2]
    src = rgb.astype(np.float32) / 255.0
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
    return _Canvas(rgb, src, work, colours, s, W, H, ww, wh, frame, lossy)


def _assembled(
    canvas: _Canvas,
    backdrop: _Backdrop,
    faces: tuple[Box, ...],
    stuck_on: dict[str, str],
    lifted: list[Element],
) -> Analysis:
    """The analysis: the lifted elements, stuck badges and captions joined to their
    products, over the clean plate, with how far it can be trusted and why."""
    src, s, frame = canvas.src, canvas.scale, canvas.frame
    W, H = canvas.width, canvas.height
    plate, kind, noise, busy = backdrop.plate, backdrop.kind, backdrop.noise, backdrop.busy
    notes: list[str] = [f"background {kind} (noise {noise:.3f})"]
    # a product grid's captions (name, price) travel with their pictures
    elements = _with_badges_stuck(lifted, {**stuck_on, **_captions(lifted, stuck_on)})
    # a list's bullet icons travel with their lines
    elements = _bullets_on_lines(elements)
    # ... and a link's underline with its words
    elements = _underlines_on_lines(elements)
    mean = tuple(float(v) for v in plate.reshape(-1, 3).mean(axis=0))
    bg = Background(kind, plate.astype(np.float32), s, mean, noise)  # type: ignore[arg-type]
    conf, doubts = _confidence(elements, busy)
    if frame is not None:
        notes.append("a border around the banner is drawn again inside every output's edge")
    notes += doubts
    return Analysis(W, H, src, bg, tuple(elements), faces, conf, tuple(notes), tuple(doubts), frame)


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
