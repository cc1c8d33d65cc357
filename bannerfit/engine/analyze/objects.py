"""The remaining foreground, products and decorations: on a plain background what
differs from the plate, on textures and photos regions of colours the background's
border never shows, and round or framed pictures pasted on them.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from bannerfit.engine.analyze.attachments import (
    ICON_RUN_LINES,
    _is_underline,
    _squarish,
    _stands_before,
)
from bannerfit.engine.analyze.discs import _disc, _framed_discs, _round_frame
from bannerfit.engine.analyze.edges import _edges, _side_support
from bannerfit.engine.analyze.frames import (
    FRAME_SIDE_SUPPORT,
    _framed_boxes,
    _framed_hold_detail,
    _pasted_pictures,
    _rounded_outline,
)
from bannerfit.engine.analyze.lift import RECT_MARGIN, _cut_out
from bannerfit.engine.analyze.lines import _Line
from bannerfit.engine.analyze.pixels import _fill_holes, _flat_marks
from bannerfit.engine.analyze.state import _Backdrop, _Canvas, _Findings, _UnderText
from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Layer

#: _piece_of_photo: a silhouette cut out of a photo is a pasted picture when its outline
#: lies on strong edges along this share of its length (the kit's and our own pasted
#: products: 0.958-1.0, a cat's disc on a drawn texture 0.914; the rare-coloured regions
#: of a full-bleed coffee photo, a saucer's red and a cup's crema: 0.64 and 0.78, but
#: the crema of the same photo cropped 30 px higher 0.913: a thin margin both ways)
PIECE_OUTLINE_SUPPORT = 0.9
#: a region of colours no border of a busy picture shows is an object when it fills at
#: least this share of its box (see _find_busy_objects): a pasted product fills most
#: of it (own_004's helmet 0.67), the cup and saucer of a coffee photo a third
#: (0.29 as PNG, 0.34 as JPEG read through the median)
BUSY_OBJECT_FILL = 0.4


def _find_foreground(
    canvas: _Canvas,
    backdrop: _Backdrop,
    lines: list[_Line],
    faces: tuple[Box, ...],
    under_text: _UnderText,
    findings: _Findings,
) -> None:
    """The remaining foreground: products, people, decorations.

    Looked for last, in what the text, buttons, badges and panels left: on a plain
    background what differs from the plate; on a texture or photo, regions of rare
    colours, round pictures and pictures pasted in (rounded) rectangles.
    """
    work, colours, s = canvas.work, canvas.colours, canvas.scale
    ww, wh = canvas.work_width, canvas.work_height
    fg, busy, kind = backdrop.fg, backdrop.busy, backdrop.kind
    panels, grounds, veils = under_text.panels, under_text.grounds, under_text.veils
    elements, specs, occupied = findings.elements, findings.specs, findings.occupied
    add = findings.add
    # 4. the remaining foreground: products, people, decorations
    badge_ids = {e.id for e in elements if e.kind == "badge"}
    badges_w = [box_w for eid, _, box_w, _ in specs if eid in badge_ids]
    if not busy:
        # (the words on buttons and badges have their own shapes: a sliver of a pill's
        # rim under its words is no underline)
        line_boxes = [ln.box for ln in lines if not ln.used]
        _find_objects(
            work, fg, occupied, s, add, badges_w, [f.scaled(s) for f in faces], line_boxes
        )
    else:
        # a scrim behind the words is not a product, though its colour is as rare as one
        for pb, pc in panels + grounds:
            px = pb.clipped(ww, wh).pixels()
            occupied[px] |= colour_distance(work[px], pc) < 0.1
        for v in veils:
            occupied[v.box.clipped(ww, wh).pixels()] = True
        bodies = [_body_under(f.scaled(s)) for f in faces]
        _find_busy_objects(work, colours, occupied, s, add, bodies, kind == "photo")
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
        # a round outline around text is a badge, around a face it is the head; one
        # inside a pasted picture is a piece of it (a motorbike's wheel)
        keep_out = [ln.box for ln in lines] + [f.scaled(s) for f in faces]
        for i, disc in enumerate(_framed_discs(work, occupied, keep_out)):
            add("product", disc, _disc(disc), True, 0.6, f"disc{i}")


def _find_objects(
    work,
    fg,
    occupied,
    s,
    add,
    badges: list[Box],
    faces: Sequence[Box] = (),
    lines: Sequence[Box] = (),
) -> None:  # type: ignore[no-untyped-def]
    """Foreground components not yet claimed: products (large) and decorations (small);
    a small one around a face (``faces``, working pixels) is a person's portrait, and
    one too small to keep that stands in the row of a line of words, about its height,
    before it (``lines``, working pixels: a rating's stars before "4.8 from 12,000
    reviews") is an icon of that line (see attachments._bullets_on_lines).

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
        b = Box(x, y, x + bw, y + bh)
        if any(_is_underline(b, ln) for ln in lines):
            # an underline under a link's words ("DISCOVER NOW"): it goes with them
            add("decoration", b, lab[y : y + bh, x : x + bw] == i, True, 0.3, f"decoration{i}")
            continue
        if min(bw, bh) < 6 or (frac < 0.0015 and not _icon_before_line(b, lines)):
            continue
        words_share = float(claimed[y : y + bh, x : x + bw].mean())
        skip = words_share > 0.05
        if skip and _photo_under_words(work, lab[y : y + bh, x : x + bw] == i, b, w, h):
            add("product", b, None, True, 0.85, f"product{i}")
            continue
        if skip and _picture_words_touch(work, lab[y : y + bh, x : x + bw] == i, b, words_share):
            skip = False
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
        elif any(b.contains(f, tol=PORTRAIT_FACE_TOL * f.w) for f in faces):
            # a reviewer's round portrait beside her name: no decoration to drop
            add("person", b, m, True, 0.85, f"person{i}")
        else:
            add("decoration", b, m, True, 0.3, f"decoration{i}")


def _icon_before_line(b: Box, lines: Sequence[Box]) -> bool:
    """Whether ``b`` stands in the row of one of ``lines``, about its height, and before
    it by at most ICON_RUN_LINES line heights: an icon of that line, however small (and
    about as wide as tall: a sliver of a ring or an outline beside words is no icon)."""
    return _squarish(b) and any(_stands_before(b, ln, ln.x0, ICON_RUN_LINES * ln.h) for ln in lines)


#: _photo_under_words: a blob spanning the banner's height or width (to within this
#: share of the side), covering PHOTO_PANEL_AREA of it, with detail (not locally flat)
#: over PHOTO_PANEL_DETAIL of its pixels, is a photograph down one side of the design
PHOTO_PANEL_EDGE = 0.01
PHOTO_PANEL_AREA = 0.15
PHOTO_PANEL_DETAIL = 0.5


def _photo_under_words(work: np.ndarray, blob: np.ndarray, box: Box, w: int, h: int) -> bool:
    """Whether a blob that words overlap is a photograph spanning the banner, not a
    panel under the words.

    A headline that runs on from the plain side over the photo's edge claims part of
    the photo's box: taken for a scrim under the words, the photo went into the
    backdrop, which was then fitted as a gradient, and every re-layout lost the cat.
    A scrim is flat; a photograph is detail all over.
    """
    tx, ty = PHOTO_PANEL_EDGE * w, PHOTO_PANEL_EDGE * h
    spans = (box.x0 <= tx and box.x1 >= w - tx) or (box.y0 <= ty and box.y1 >= h - ty)
    if not spans or box.area < PHOTO_PANEL_AREA * w * h:
        return False
    return _detail_share(work, blob, box) >= PHOTO_PANEL_DETAIL


#: _picture_words_touch: a blob with detail over PICTURE_DETAIL of its pixels, of whose
#: box the words claim at most PICTURE_WORDS_SHARE, is a picture the words run up to
PICTURE_DETAIL = 0.25
PICTURE_WORDS_SHARE = 0.2
#: ... and that fills at least PICTURE_FILL of its box (rules and rings crossing the
#: words' boxes are detail too, but thin)
PICTURE_FILL = 0.5
#: a small foreground blob holding a detected face (to within this share of the face's
#: width) is a portrait, not a decoration
PORTRAIT_FACE_TOL = 0.1


def _picture_words_touch(work: np.ndarray, blob: np.ndarray, box: Box, words_share: float) -> bool:
    """Whether a blob that words overlap is a picture they only touch, not a panel under
    them.

    A headline set close to a product shot claims a strip of the shot's box: taken for
    a scrim under the words, an espresso cup was left out of every layout (the plate
    inpainted white where it had been). A scrim is flat and holds its words; a picture
    is detail, solid, and words reaching into its box cover only an edge of it.
    """
    if words_share > PICTURE_WORDS_SHARE or blob.mean() < PICTURE_FILL:
        return False
    return _detail_share(work, blob, box) >= PICTURE_DETAIL


def _detail_share(work: np.ndarray, blob: np.ndarray, box: Box) -> float:
    """The share of a blob's pixels (``blob``, over ``box``) that are not locally flat: a
    scrim is flat, a photograph detail."""
    detail = blob & ~_flat_marks(work[box.pixels()])
    return float(detail.sum()) / max(1, int(blob.sum()))


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
