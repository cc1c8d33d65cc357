"""Paint a plan: background synthesised at the target size, then the element layers.

Layers are resampled premultiplied (so edges do not pick up dark fringes), with area
averaging when shrinking and bicubic when enlarging.
"""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.arrays import colour_distance
from bannerfit.engine.backdrop import photo_blurred, shown_window
from bannerfit.engine.frame import draw_frame, frame_scale
from bannerfit.engine.geometry import Box, edge_fade, rect_feather
from bannerfit.engine.model import Analysis, Element, Panel
from bannerfit.engine.plan import Plan
from bannerfit.engine.prompt import PromptDirectives

#: share of its line's height lifted around a word cut from a rectangular layer
WORD_MARGIN = 0.2
#: a panel's corner radius is at most this many times its padding (a corner circle of
#: up to 3.4 paddings clears the words' own corner; 2 leaves room for antialiasing)
PANEL_CORNER_PAD = 2.0
#: a veil of the source blurs what shows through it with a sigma of VEIL_FROST paddings
VEIL_FROST = 1.0
#: a quiet panel is left out where at least QUIET_GROUND_SHARE of the backdrop under it
#: lies within QUIET_GROUND_MATCH (largest channel difference) of the panel's colour
QUIET_GROUND_MATCH = 0.12
QUIET_GROUND_SHARE = 0.9
#: ... and where the matted ink it holds keeps at least QUIET_CONTRAST_KEPT of its
#: contrast to the ground against the backdrop under it, each tone of ink making up
#: QUIET_TONE_SHARE of it or more judged on its own (see _ink_stands_out)
QUIET_CONTRAST_KEPT = 0.8
QUIET_TONE_SHARE = 0.1
#: ... and where the backdrop under it spans no more than QUIET_SWING of that contrast
#: (between its 5th and 95th percentiles)
QUIET_SWING = 0.5


def render(an: Analysis, plan: Plan, directives: PromptDirectives) -> np.ndarray:
    """The output as HxWx3 float32 in 0..1, with the source's border (if it had one)
    drawn again inside its edge."""
    canvas = _composed(an, plan, directives)
    if an.frame is not None:
        draw_frame(canvas, an.frame, frame_scale(an.width, an.height, plan.width, plan.height))
    return canvas


def _composed(an: Analysis, plan: Plan, directives: PromptDirectives) -> np.ndarray:
    W, H = plan.width, plan.height
    if plan.strategy == "crop" and plan.crop is not None:
        return _crop(an.source, plan.crop, W, H)
    plate = _plate_keeping(an, plan.anchored) if plan.anchored else None
    canvas = background(an, W, H, directives, plan.backdrop, plan.subject_hidden, plate)
    if plan.strategy == "extend":
        p = plan.placements[0]
        src = np.dstack([an.source, np.ones(an.source.shape[:2], np.float32)])
        _paste(canvas, src, p.dst)
        return canvas
    elements = {e.id: e for e in an.elements}
    for panel in plan.panels:
        held = [elements[i] for i in panel.element_ids if i in elements]
        if _quiet_panel_needless(canvas, panel.box, panel.panel, held):
            continue
        _panel(canvas, panel.box, panel.panel, panel.pad)
    # large pieces first: a product's faded margin must lie under a logo, not over it
    order = sorted(plan.placements, key=lambda q: -q.dst.area)
    for p in order:
        e = elements[p.element_id]
        whole = p.src == e.box
        # a word cut from a box lifted off a scrim or a picture brings a little of what
        # lies around it, and fades out there: no hard patch edges at its glyphs
        # (a photo panel cropped to its room has no words: its cut edges stay crisp)
        word_pad = WORD_MARGIN * e.line_height if e.layer.rect and e.lines and not whole else 0.0
        part, part_box = _layer_part(e, p.src.padded(word_pad) if word_pad else p.src)
        # the part's own box maps through the placement's uniform scale
        sc = p.dst.w / max(1e-6, p.src.w)
        dst = Box(
            p.dst.x0 + (part_box.x0 - p.src.x0) * sc,
            p.dst.y0 + (part_box.y0 - p.src.y0) * sc,
            p.dst.x0 + (part_box.x1 - p.src.x0) * sc,
            p.dst.y0 + (part_box.y1 - p.src.y0) * sc,
        )
        feather = 0.0
        if e.layer.rect and whole:
            others = [q.dst for q in plan.placements if q is not p]
            part, dst = _trim_margin(part, dst, p.dst, others)
            feather = rect_feather(p.dst, dst)
        elif e.layer.rect:
            feather = max(1.0, word_pad * sc)
        _paste(canvas, part, dst, feather)
    return canvas


def _trim_margin(
    rgba: np.ndarray, dst: Box, element: Box, others: list[Box]
) -> tuple[np.ndarray, Box]:
    """Cut a lifted margin back where it would reach over a neighbouring element."""
    x0, y0, x1, y1 = dst.x0, dst.y0, dst.x1, dst.y1
    for o in others:
        if o.x1 <= x0 or o.x0 >= x1 or o.y1 <= y0 or o.y0 >= y1:
            continue
        if o.x1 <= element.x0:
            x0 = max(x0, o.x1)
        elif o.x0 >= element.x1:
            x1 = min(x1, o.x0)
        elif o.y1 <= element.y0:
            y0 = max(y0, o.y1)
        elif o.y0 >= element.y1:
            y1 = min(y1, o.y0)
    if (x0, y0, x1, y1) == (dst.x0, dst.y0, dst.x1, dst.y1):
        return rgba, dst
    h, w = rgba.shape[:2]
    fx, fy = w / max(1e-6, dst.w), h / max(1e-6, dst.h)
    i0 = int(np.clip(np.ceil((x0 - dst.x0) * fx), 0, w - 1))
    j0 = int(np.clip(np.ceil((y0 - dst.y0) * fy), 0, h - 1))
    i1 = int(np.clip(np.floor((x1 - dst.x0) * fx), i0 + 1, w))
    j1 = int(np.clip(np.floor((y1 - dst.y0) * fy), j0 + 1, h))
    cut = Box(dst.x0 + i0 / fx, dst.y0 + j0 / fy, dst.x0 + i1 / fx, dst.y0 + j1 / fy)
    return rgba[j0:j1, i0:i1], cut


def _crop(src: np.ndarray, win: Box, W: int, H: int) -> np.ndarray:
    x0, y0 = int(round(win.x0)), int(round(win.y0))
    x1 = min(src.shape[1], max(x0 + 1, int(round(win.x1))))
    y1 = min(src.shape[0], max(y0 + 1, int(round(win.y1))))
    part = src[y0:y1, x0:x1]
    interp = cv2.INTER_AREA if part.shape[1] > W else cv2.INTER_CUBIC
    return np.clip(cv2.resize(part, (W, H), interpolation=interp), 0, 1)


def background(
    an: Analysis,
    W: int,
    H: int,
    directives: PromptDirectives,
    window: tuple[int, int] | None = None,
    subject_hidden: float = 0.0,
    plate: np.ndarray | None = None,
) -> np.ndarray:
    """The clean plate (or ``plate``, one of its size) re-synthesised for a W x H canvas
    (a photo shown through ``window``, see backdrop; by default the window centred on
    its first face; the layout hides ``subject_hidden`` of the photo's subjects)."""
    bg = an.background
    if directives.background == "solid" and directives.solid_color is not None:
        c = np.array(directives.solid_color, np.float32) / 255
        return np.broadcast_to(c, (H, W, 3)).copy()
    if plate is None:
        plate = bg.plate
    ph, pw = plate.shape[:2]
    cover = max(W / pw, H / ph)
    if bg.kind in ("flat", "gradient") or directives.background == "blur":
        out = _cover(plate, W, H, cover)
        if directives.background == "blur":
            out = cv2.GaussianBlur(out, (0, 0), max(2.0, 0.02 * max(W, H)))
        return out
    if bg.kind == "photo":
        return _photo_background(an, plate, W, H, cover, window, subject_hidden)
    # textures: keep their grain near the source's scale, mirror beyond it
    contain = min(W / pw, H / ph)
    s_ref = np.sqrt(W * H / (pw * ph))
    f = min(cover, max(contain, 1.25 * s_ref))
    nw, nh = max(1, int(round(pw * f))), max(1, int(round(ph * f)))
    img = cv2.resize(plate, (nw, nh), interpolation=cv2.INTER_AREA if f < 1 else cv2.INTER_LINEAR)
    if nw >= W and nh >= H:
        x0, y0 = (nw - W) // 2, (nh - H) // 2
        return img[y0 : y0 + H, x0 : x0 + W].copy()
    px0 = max(0, (W - nw) // 2)
    py0 = max(0, (H - nh) // 2)
    cx0 = max(0, (nw - W) // 2)
    cy0 = max(0, (nh - H) // 2)
    core = img[cy0 : cy0 + min(nh, H), cx0 : cx0 + min(nw, W)]
    padded = np.pad(
        core,
        ((py0, H - py0 - core.shape[0]), (px0, W - px0 - core.shape[1]), (0, 0)),
        mode="symmetric",
    )
    if directives.background == "extend":
        # soften the mirrored parts so the reflection does not read as a copy
        inside = np.zeros((H, W), np.float32)
        inside[py0 : py0 + core.shape[0], px0 : px0 + core.shape[1]] = 1
        dist = cv2.distanceTransform((1 - inside).astype(np.uint8), cv2.DIST_L2, 3)
        ramp = np.clip(dist / max(8.0, 0.08 * max(W, H)), 0, 1)[..., None]
        blurred = cv2.GaussianBlur(padded, (0, 0), max(3.0, 0.015 * max(W, H)))
        padded = padded * (1 - ramp) + blurred * ramp
    return padded.astype(np.float32)


def _photo_background(
    an: Analysis,
    plate: np.ndarray,
    W: int,
    H: int,
    cover: float,
    window: tuple[int, int] | None,
    subject_hidden: float,
) -> np.ndarray:
    """A photograph: cropped around its subject, never mirrored (mirrored faces, trees and
    tables read as copies). Where the crop must enlarge the photo far past the area
    scale (a strip made into a square), it is blurred: an enlarged photo is soft anyway,
    and a blurred backdrop reads as intended. A sharp strip over a blur was tried: its
    edges read as letterbox bars behind the new layout. A photo shown at no more than
    PHOTO_SHARP_UPSCALE of its own size stays sharp however large it is next to the
    content (1200x628 to 300x600 shows the photo at 0.96: blurred, the person in it was a
    smear behind the words), unless the layout covers or cuts the person (a face wider
    than a 160x600 under the words reads as a mistake, a smear as a backdrop)."""
    at = shown_window(an, W, H, window)
    if not photo_blurred(an, W, H, subject_hidden):
        return _subject_cover(plate, W, H, cover, at)
    # blurred: worked at the fraction of the canvas's size where the blur is BLUR_WORK_SIGMA
    # pixels, then enlarged (a 728x90 photo on a 1080x1920 canvas is enlarged 21 times:
    # the whole enlarged photo and a 38 px blur took 0.35 s per output)
    sigma = max(4.0, 0.02 * max(W, H))
    f = min(1.0, BLUR_WORK_SIGMA / sigma)
    w, h = max(1, round(W * f)), max(1, round(H * f))
    small = _subject_cover(plate, w, h, cover * f, (round(at[0] * f), round(at[1] * f)))
    small = cv2.GaussianBlur(small, (0, 0), sigma * f)
    if (w, h) == (W, H):
        return small.astype(np.float32)
    return cv2.resize(small, (W, H), interpolation=cv2.INTER_LINEAR).astype(np.float32)


#: a blurred photo backdrop is made at the size where its blur is this many pixels, then
#: enlarged to the canvas
BLUR_WORK_SIGMA = 4.0


#: around each element taken off a plate that keeps the source (see _plate_keeping),
#: the clean plate reaches this share of the element's short side past its layer (its
#: soft edge and shadow), and blends into the source over PLATE_BLEND plate pixels
PLATE_REACH = 0.04
PLATE_BLEND = 2.0


def _plate_keeping(an: Analysis, kept: tuple[str, ...]) -> np.ndarray:
    """The clean plate with the source's own pixels everywhere but under the elements
    not in ``kept``: words left where they sat on the photo show on the photo they sat
    on, not on the plate's guess of what lay under them (a smear a rectangle of the
    photo around the words would show against)."""
    plate = an.background.plate
    ph, pw = plate.shape[:2]
    src = an.source
    if src.shape[:2] != (ph, pw):
        src = cv2.resize(src, (pw, ph), interpolation=cv2.INTER_AREA)
    k = an.background.plate_scale
    gone = np.zeros((ph, pw), np.float32)
    for e in an.elements:
        if e.id in kept:
            continue
        b = e.layer.box.padded(PLATE_REACH * min(e.box.w, e.box.h)).scaled(k)
        gone[b.clipped(pw, ph).pixels()] = 1.0
    gone = np.maximum(gone, cv2.GaussianBlur(gone, (0, 0), PLATE_BLEND))[..., None]
    return (plate * gone + src * (1 - gone)).astype(np.float32)


def _subject_cover(
    plate: np.ndarray, W: int, H: int, cover: float, window: tuple[int, int]
) -> np.ndarray:
    """Cover crop through ``window`` (its top-left corner on the enlarged plate)."""
    ph, pw = plate.shape[:2]
    nw, nh = max(W, int(np.ceil(pw * cover))), max(H, int(np.ceil(ph * cover)))
    x0, y0 = min(window[0], nw - W), min(window[1], nh - H)
    return _enlarged_window(plate, nw, nh, x0, y0, W, H)


def _cover(plate: np.ndarray, W: int, H: int, cover: float) -> np.ndarray:
    ph, pw = plate.shape[:2]
    nw, nh = max(W, int(np.ceil(pw * cover))), max(H, int(np.ceil(ph * cover)))
    return _enlarged_window(plate, nw, nh, (nw - W) // 2, (nh - H) // 2, W, H)


#: _enlarged_window: a plate enlarged to more than this many times the canvas's area is
#: resampled for the window alone
WINDOW_ONLY_AREA = 4.0


def _enlarged_window(
    plate: np.ndarray, nw: int, nh: int, x0: int, y0: int, W: int, H: int
) -> np.ndarray:
    """The W x H window at (x0, y0) of ``plate`` enlarged (bilinear) to nw x nh.

    Enlarging the whole plate to cut a window from it costs the enlarged area: a 728x90
    banner's plate covering a 1080x1920 canvas is 15,000 px wide. Past WINDOW_ONLY_AREA
    times the canvas, only the window is resampled (an affine warp of the plate with the
    same pixel-centre mapping; its weights are quantised to 1/32 pixel, invisible on a
    plate enlarged that far).
    """
    if nw * nh <= WINDOW_ONLY_AREA * W * H:
        img = cv2.resize(plate, (nw, nh), interpolation=cv2.INTER_LINEAR)
        return img[y0 : y0 + H, x0 : x0 + W].astype(np.float32)
    ph, pw = plate.shape[:2]
    sx, sy = pw / nw, ph / nh
    # output pixel (x, y) samples the plate at ((x + x0 + 0.5) * sx - 0.5, ...), as resize does
    m = np.array([[sx, 0.0, (x0 + 0.5) * sx - 0.5], [0.0, sy, (y0 + 0.5) * sy - 0.5]])
    out = cv2.warpAffine(
        np.ascontiguousarray(plate, np.float32),
        m,
        (W, H),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return out.astype(np.float32)


def _layer_part(e: Element, src: Box) -> tuple[np.ndarray, Box]:
    """The layer pixels to draw for ``src`` and the source box they cover.

    A whole element brings its soft edge padding along; a word is cut from its line at
    whole pixels.
    """
    lb = e.layer.box
    rgba = e.layer.rgba
    if src == e.box:
        return rgba, lb
    x0 = int(max(0, np.floor(src.x0 - lb.x0)))
    y0 = int(max(0, np.floor(src.y0 - lb.y0)))
    x1 = int(min(rgba.shape[1], np.ceil(src.x1 - lb.x0)))
    y1 = int(min(rgba.shape[0], np.ceil(src.y1 - lb.y0)))
    return rgba[y0:y1, x0:x1], Box(lb.x0 + x0, lb.y0 + y0, lb.x0 + x1, lb.y0 + y1)


def _paste(canvas: np.ndarray, rgba: np.ndarray, dst: Box, feather: float = 0.0) -> None:
    """Alpha-composite ``rgba`` resized to ``dst`` (rounded to whole pixels) onto canvas."""
    H, W = canvas.shape[:2]
    x0, y0 = int(round(dst.x0)), int(round(dst.y0))
    w, h = max(1, int(round(dst.w))), max(1, int(round(dst.h)))
    if rgba.size == 0:
        return
    # (channel by channel: NumPy broadcasts a pixel's alpha over its three colours about
    # ten times slower than it runs three plane operations, and words are pasted by the
    # dozen per output; the values are the same)
    stack = np.empty(rgba.shape[:2] + (4,), rgba.dtype)  # premultiplied colour, alpha
    for c in range(3):
        np.multiply(rgba[..., c], rgba[..., 3], out=stack[..., c])
    stack[..., 3] = rgba[..., 3]
    sh, sw = stack.shape[:2]
    interp = cv2.INTER_AREA if (w < sw or h < sh) else cv2.INTER_CUBIC
    res = cv2.resize(stack, (w, h), interpolation=interp)
    if res.ndim == 2:
        res = res[..., None]
    np.clip(res, 0, 1, out=res)
    for c in range(3):  # premultiplied colour <= alpha
        np.minimum(res[..., c], res[..., 3], out=res[..., c])
    if feather > 0 and h > 2 and w > 2:
        res = res * edge_fade(h, w, feather)[..., None]
    # clip to the canvas
    cx0, cy0 = max(0, x0), max(0, y0)
    cx1, cy1 = min(W, x0 + w), min(H, y0 + h)
    if cx1 <= cx0 or cy1 <= cy0:
        return
    part = res[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0]
    uncovered = 1 - part[..., 3]
    region = canvas[cy0:cy1, cx0:cx1]  # a view: composited in place
    for c in range(3):
        region[..., c] = part[..., c] + region[..., c] * uncovered


def _quiet_panel_needless(canvas: np.ndarray, box: Box, panel: Panel, held: list[Element]) -> bool:
    """Whether a quiet panel (Panel.soft: the colour around words or a brand lifted off
    a busy picture) can be left out: it is drawn so that ink set down on a like-toned
    part of a new backdrop is not lost, and elsewhere it is only a patch. Scrims and
    veils of the source are always drawn."""
    if not panel.soft:
        return False
    H, W = canvas.shape[:2]
    under = canvas[box.clipped(W, H).pixels()]
    if under.size == 0:
        return False
    return _ground_shows(under, panel.color) or _ink_stands_out(under, panel, held)


def _ink_stands_out(under: np.ndarray, panel: Panel, held: list[Element]) -> bool:
    """Whether the ink of the matted elements a quiet panel holds stands out from the
    backdrop under it (nearly) as well as from the ground the panel was made of.

    The panel is there so that dark ink set down on a dark part of a new backdrop (or
    light on light) is not lost. Each tone of ink is judged on its own against the
    backdrop's extreme on its side: dark ink (darker than the ground) against the
    backdrop's darker pixels, light ink against its lighter ones, each keeping at least
    QUIET_CONTRAST_KEPT of the ground's contrast, with the backdrop swinging through no
    more than QUIET_SWING of it. A lifted box (Layer.rect) carries its own ground, and
    keeps its panel."""
    if not held or any(e.layer.rect for e in held):
        return False
    luma = np.array([0.299, 0.587, 0.114], np.float32)
    inks = np.concatenate([e.layer.rgba[..., :3][e.layer.rgba[..., 3] > 0.9] @ luma for e in held])
    if inks.size < 16:
        return False
    ground = float(np.asarray(panel.color, np.float32) @ luma)
    backdrop = under.reshape(-1, 3) @ luma
    darkest, lightest = np.percentile(backdrop, [5, 95])
    # (signed: a backdrop reaching past the ink's own tone has lost it somewhere)
    for tone, sign, side in (
        (inks[inks < ground], 1.0, darkest),
        (inks[inks >= ground], -1.0, lightest),
    ):
        if tone.size < QUIET_TONE_SHARE * inks.size:
            continue
        before = float(np.median(sign * (ground - tone)))
        after = float(np.median(sign * (side - tone)))
        # ... and a backdrop swinging through much of that contrast under the words is
        # busy behind them, however dark it stays (own_015's light words over a blur
        # from black to mid-grey went unread)
        if after < QUIET_CONTRAST_KEPT * before or lightest - darkest > QUIET_SWING * before:
            return False
    return True


def _ground_shows(under: np.ndarray, color: tuple[float, float, float]) -> bool:
    """Whether the backdrop under a quiet panel is the ground it was made of: there
    the ink stands out as it did in the source (public_020's light dots continued around
    its brand, which sat on a grey patch)."""
    near = colour_distance(under, np.asarray(color, np.float32)) <= QUIET_GROUND_MATCH
    return bool(near.mean() >= QUIET_GROUND_SHARE)


def _panel(canvas: np.ndarray, box: Box, panel: Panel, pad: float = 0.0) -> None:
    """Draw a rounded panel; its corners never round into the words it reaches past by pad."""
    H, W = canvas.shape[:2]
    x0, y0, x1, y1 = int(box.x0), int(box.y0), int(np.ceil(box.x1)), int(np.ceil(box.y1))
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(W, x1), min(H, y1)
    if x1 <= x0 or y1 <= y0:
        return
    m = np.zeros((y1 - y0, x1 - x0), np.uint8)
    r = int(max(2, min(min(m.shape) * 0.12, PANEL_CORNER_PAD * pad if pad > 0 else np.inf)))
    cv2.rectangle(m, (r, 0), (m.shape[1] - 1 - r, m.shape[0] - 1), 255, -1)
    cv2.rectangle(m, (0, r), (m.shape[1] - 1, m.shape[0] - 1 - r), 255, -1)
    for cx, cy in (
        (r, r),
        (m.shape[1] - 1 - r, r),
        (r, m.shape[0] - 1 - r),
        (m.shape[1] - 1 - r, m.shape[0] - 1 - r),
    ):
        cv2.circle(m, (cx, cy), r, 255, -1, lineType=cv2.LINE_AA)
    a = m.astype(np.float32) / 255
    if panel.soft:
        # fade in from the edge over a fifth of the short side: a glow under the words
        ramp = cv2.distanceTransform((m > 0).astype(np.uint8), cv2.DIST_L2, 3)
        a = a * np.clip(ramp / max(1.0, 0.2 * min(m.shape)), 0, 1)
    under = canvas[y0:y1, x0:x1]
    if panel.veil and pad > 0:
        # a translucent panel frosts the picture it lets through: the source's veil was
        # made for its own type size, and small words redrawn on it compete with every
        # detail of the backdrop (tesseract lost 728x90 headlines on a 0.6 veil)
        sigma = VEIL_FROST * pad
        frosted = cv2.GaussianBlur(under, (0, 0), sigma, borderType=cv2.BORDER_REFLECT)
        under = under * (1 - a[..., None]) + frosted * a[..., None]
    a = (a * panel.opacity)[..., None]
    c = np.array(panel.color, np.float32)
    canvas[y0:y1, x0:x1] = under * (1 - a) + c * a
