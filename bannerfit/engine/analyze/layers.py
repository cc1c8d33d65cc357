"""The elements' layers, lifted at full resolution once the clean plate exists
and trimmed to what is their own: a badge to its shape, a lossy button redrawn in its
two colours, text without strokes crossing it.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from bannerfit.engine import background as bgm
from bannerfit.engine.analyze.lift import _cut_out, _lift_layer
from bannerfit.engine.analyze.mattes import _drop_crossing_strokes, _matte_block, _text_boxes
from bannerfit.engine.analyze.panels import _off_scrims, _off_veils
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings, _UnderText
from bannerfit.engine.analyze.words import _resplit_words
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Layer

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


def _lift_elements(
    canvas: _Canvas,
    backdrop: _Backdrop,
    under_text: _UnderText,
    logo_id: str | None,
    mattes: dict[str, Layer | None],
    stuck_on: dict[str, str],
    findings: _Findings,
) -> list[Element]:
    """Each element with its full-resolution layer: matted, or lifted off the clean
    plate, then trimmed to what is its own.

    Done last, once the clean plate exists: an element's pixels are un-mixed from the
    plate behind it, and its neighbours (a stuck badge's product apart) are known.
    """
    src, s, lossy = canvas.src, canvas.scale, canvas.lossy
    plate, busy = backdrop.plate, backdrop.busy
    scrims, veils = under_text.scrims, under_text.veils
    elements, specs = findings.elements, findings.specs
    spec_by_id = {sp[0]: sp for sp in specs}
    # a badge's shape is its own: a neighbour's layer reaching over it (a product's box
    # the badge touches) leaves it out, or a sliver of it travels with the product
    badge_shapes = [
        (b.id, b.box, spec_by_id[b.id][1])
        for b in elements
        if b.kind == "badge" and b.id not in stuck_on and spec_by_id[b.id][1] is not None
    ]
    lifted = []
    #: the opaque pictures (rectangles of photograph), painted out below
    photos: set[str] = set()
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
            if e.kind == "cta" and mask_w is not None and not layer.rect:
                layer = _button_within_shape(layer, e.box, mask_w)
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
        if not e.is_text and e.kind != "cta" and not layer.rect:
            if layer.opaque_within(e.box):
                photos.add(e.id)
            else:
                layer = _without_words(layer, e, elements, stuck_on)
        lifted.append(dataclasses.replace(e, layer=layer))
    return [_photo_without_words(e, lifted, stuck_on) if e.id in photos else e for e in lifted]


#: the ink of words over a photograph is painted out of it this many pixels past its
#: own alpha (its antialiased edge)
PAINT_OUT_GROW = 3


def _photo_without_words(e: Element, lifted: list[Element], stuck_on: dict[str, str]) -> Element:
    """A rectangle of photograph (``e``, see Layer.opaque_within) with the ink of the
    words, buttons and logos set over it painted out (inpainted from the photo around them).

    The words are their own elements, drawn wherever their blocks go: left in the photo
    they showed twice, and cut out of it as boxes (as off a cut-out picture, see
    _without_words) they left holes in it the backdrop showed through. Painted out along
    the ink alone, the photo keeps its pixels everywhere else.
    """
    layer = e.layer
    h, w = layer.rgba.shape[:2]
    ink = np.zeros((h, w), np.uint8)
    for t in lifted:
        if not (t.is_text or t.kind in ("cta", "logo")) or stuck_on.get(t.id) == e.id:
            continue
        if t.id == e.id or not t.layer.box.intersects(layer.box):
            continue
        tb = t.layer.box
        dx, dy = int(round(tb.x0 - layer.box.x0)), int(round(tb.y0 - layer.box.y0))
        th, tw = t.layer.rgba.shape[:2]
        x0, y0, x1, y1 = max(0, dx), max(0, dy), min(w, dx + tw), min(h, dy + th)
        if x1 <= x0 or y1 <= y0:
            continue
        a = t.layer.rgba[y0 - dy : y1 - dy, x0 - dx : x1 - dx, 3]
        ink[y0:y1, x0:x1] |= (a > 0.05).astype(np.uint8)
    if not ink.any():
        return e
    holes = cv2.dilate(ink, np.ones((3, 3), np.uint8), iterations=PAINT_OUT_GROW) > 0
    # (the backdrop's own repair: a smooth fill with the photo's grain carried in; a
    # full-size TELEA fill drew a brand mark's square patch as a diamond)
    rgb = np.ascontiguousarray(layer.rgba[..., :3], np.float32)
    painted = bgm.with_grain(rgb, holes, bgm.inpaint_plate(rgb, holes))
    rgba = layer.rgba.copy()
    rgba[..., :3] = painted
    return dataclasses.replace(e, layer=dataclasses.replace(layer, rgba=rgba))


#: words are left out of a neighbour's layer this many of their line heights around
#: their boxes (their antialiased edge, a shadow)
WORD_CLEARANCE = 0.15


def _without_words(
    layer: Layer, e: Element, elements: list[Element], stuck_on: dict[str, str]
) -> Layer:
    """``layer`` without the words of the text elements that reach into it.

    The words are their own element, drawn wherever their block goes: a lattice tower
    of a photo lifted as a product, whose top the brand word "ASTRO" overlapped, carried
    "STRO" with it (the letters joined the lattice, so no blob of them lay apart to be
    cleared as a neighbour's) and showed it a second time beside the word's own copy.
    Words inside the element (a label printed on a product) went with it already.
    """
    h, w = layer.rgba.shape[:2]
    frame = Box(0, 0, w, h)
    holes: list[Box] = []
    for t in elements:
        if not (t.is_text or t.kind == "cta") or not t.lines or t.id == e.id:
            continue
        if stuck_on.get(t.id) == e.id or not t.box.intersects(layer.box):
            continue
        for ln in t.lines:
            for word in ln.words:
                if not layer.box.contains(Box(word.box.cx, word.box.cy, word.box.cx, word.box.cy)):
                    # a word whose middle lies outside reaches in with its box's air
                    # only: a big headline's padded boxes under a brand had taken the
                    # brand's lower half (hidden_like_019's "U Umbra")
                    continue
                b = word.box.padded(WORD_CLEARANCE * ln.box.h).moved(-layer.box.x0, -layer.box.y0)
                if b.intersects(frame):
                    holes.append(b.clipped(w, h))
    if not holes:
        return layer
    rgba = layer.rgba.copy()
    for b in holes:
        rows, cols = b.pixels()
        rgba[rows, cols, 3] = 0.0
    return dataclasses.replace(layer, rgba=rgba)


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


#: a button's layer is cut to its shape when at least this share of its alpha lies
#: outside it (further than the shape's antialiased edge)
BUTTON_STRAY_SHARE = 0.01


def _button_within_shape(layer: Layer, box: Box, mask_w: np.ndarray) -> Layer:
    """A button cut to its shape (see _within_shape) where its layer carries more than
    a trace of something else: the struts of a launch tower behind its rounded corners
    (a photo read as a gradient), a light rim of the old backdrop along its edge
    (public_001), a band of a panel it sat on (own_003). A clean pill is left as it is,
    edge pixels and all."""
    near = _shape_near(layer, box, mask_w)
    alpha = layer.rgba[..., 3]
    stray = float((alpha * (near < 0.5)).sum()) / max(1e-6, float(alpha.sum()))
    return _within_shape(layer, box, mask_w) if stray >= BUTTON_STRAY_SHARE else layer


def _outside_shape(layer: Layer, box: Box, mask_w: np.ndarray) -> Layer:
    """``layer`` without a badge's shape (see _within_shape) that it reached over."""
    rgba = layer.rgba.copy()
    rgba[..., 3] *= 1.0 - _shape_near(layer, box, mask_w)
    return dataclasses.replace(layer, rgba=rgba)
