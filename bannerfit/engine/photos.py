"""Photo panels: a photograph that ran off the source's edges fills its side again.

Split designs (a photograph down one side, the words on the other) are the commonest
banners there are. The photograph is cut by the banner's edges: it is a window onto a
larger picture, not an object with a shape of its own. Laid out again as a whole
element, it floated as a small rectangle in a new canvas with plain backdrop all
around it (the hand-made telescope and astronaut ads at 1080x1920 and 300x250). A
designer lets such a photograph fill the room its side of the layout leaves, up to the
canvas's edges, cropping it a little where the shapes differ: this module finds that
room and the crop.

Products and people cut out on the backdrop keep their shape (they are not photo
panels: their pixels do not fill their box), and neither a face in the photograph nor
words printed on it (a photo credit) are ever cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import cv2
import numpy as np

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element

#: a rectangle of photograph (see Layer.opaque_within) is a panel when its box ran off
#: two opposite edges of the source (within
#: PHOTO_EDGE_TOUCH of the side: a side or a band of the design, full height or full
#: width; a shot in a corner keeps its frame) and covers at least PHOTO_MIN_AREA of it
PHOTO_EDGE_TOUCH = 0.005
PHOTO_MIN_AREA = 0.15
#: at most this share of a panel's width or height is cropped away to fill its room
PHOTO_MAX_CROP = 0.4
#: a filled panel shows at most this many output pixels per source pixel (a photograph
#: tolerates some enlargement; past it, it turns soft)
PHOTO_MAX_SCALE = 2.5
#: filling is worth it when the panel gains at least this share of area, or reaches
#: more of the canvas's edges
PHOTO_MIN_GAIN = 1.15
#: the photo's saliency is found at this many px on its long side (see
#: saliency_profiles), blurred by SALIENCY_BLUR px, and the window's place is chosen
#: among WINDOW_STEPS + 1 even steps
SALIENCY_SIDE = 64
SALIENCY_BLUR = 2.5
WINDOW_STEPS = 32


@dataclass(frozen=True)
class Fill:
    """A panel's new placement: the part of the source shown (``src``, a window of its
    box with the room's shape) and where it lands (``dst``)."""

    src: Box
    dst: Box

    @property
    def scale(self) -> float:
        return self.dst.w / max(1e-6, self.src.w)


def edges_run_off(box: Box, width: int, height: int) -> tuple[bool, bool, bool, bool]:
    """Whether ``box`` reached the source's left, top, right and bottom edge."""
    tx, ty = PHOTO_EDGE_TOUCH * width, PHOTO_EDGE_TOUCH * height
    return box.x0 <= tx, box.y0 <= ty, box.x1 >= width - tx, box.y1 >= height - ty


def is_photo_panel(e: Element, width: int, height: int) -> bool:
    """A product or person shot that is an opaque rectangle spanning the source's height
    or width."""
    if e.kind not in ("product", "person") or e.panel is not None:
        return False
    left, top, right, bottom = edges_run_off(e.box, width, height)
    if not (left and right) and not (top and bottom):
        return False
    if e.box.area < PHOTO_MIN_AREA * width * height:
        return False
    return _profiles(e).opaque


def filled(
    e: Element,
    dst: Box,
    others: Sequence[Box],
    W: int,
    H: int,
    gap: float,
    faces: Sequence[Box],
    source_edges: tuple[bool, bool, bool, bool],
) -> Fill | None:
    """Where the photo panel ``e`` placed at ``dst`` fills the room around it.

    The room is the largest free rectangle grown from ``dst`` (``others``, grown by
    ``gap``, bound it; those already over the panel, as words set on the photograph,
    do not), trimmed so that the crop stays within PHOTO_MAX_CROP, the enlargement
    within PHOTO_MAX_SCALE and every face whole. None when that gains too little.
    """
    near = [_kept_off(o, dst, gap) for o in others if not o.intersects(dst)]
    room = max(
        (_grown(dst, near, W, H, x_first) for x_first in (True, False)),
        key=lambda b: b.area,
    )
    room = _within_crop(room, e.box, dst, W, H, source_edges)
    src = _window(e, room.w / room.h, faces)
    if src is None:
        return None
    limit = max(PHOTO_MAX_SCALE, dst.w / max(1e-6, e.box.w))
    if room.w / src.w > limit:
        room = _anchored(room, src.w * limit, src.h * limit, dst, W, H, source_edges)
    reaches_more = _edges_reached(room, W, H) > _edges_reached(dst, W, H)
    if room.area < PHOTO_MIN_GAIN * dst.area and not (reaches_more and room.area > dst.area):
        return None
    return Fill(src, room)


def _edges_reached(b: Box, W: int, H: int) -> int:
    return sum((b.x0 <= 0.5, b.y0 <= 0.5, b.x1 >= W - 0.5, b.y1 >= H - 0.5))


def _kept_off(o: Box, d: Box, gap: float) -> Box:
    """``o`` grown by the ``gap`` a room must keep from it, or by less across the side
    the panel already faces it from closer (growing along a button just above it is
    fine, as long as it comes no nearer; growing up beside a button it only faced
    corner to corner is not)."""
    gx, gy = d.gap(o)  # (negative where the spans overlap: they face each other)
    px = min(gap, gx) if gy < 0 <= gx else gap
    py = min(gap, gy) if gx < 0 <= gy else gap
    return o.padded(px, py)


def _grown(d: Box, near: Sequence[Box], W: int, H: int, x_first: bool) -> Box:
    """``d`` grown along one axis and then the other up to ``near`` or the canvas."""
    box = d
    for along_x in (x_first, not x_first):
        box = _grown_along(box, near, W if along_x else H, along_x)
    return box


def _grown_along(d: Box, near: Sequence[Box], side: float, along_x: bool) -> Box:
    lo, hi = (d.x0, d.x1) if along_x else (d.y0, d.y1)
    a, b = (d.y0, d.y1) if along_x else (d.x0, d.x1)
    new_lo, new_hi = 0.0, float(side)
    for o in near:
        o_lo, o_hi = (o.x0, o.x1) if along_x else (o.y0, o.y1)
        c_lo, c_hi = (o.y0, o.y1) if along_x else (o.x0, o.x1)
        if c_hi <= a or c_lo >= b:
            continue  # not across the panel's span
        # (a neighbour's margin reaching into the panel stops it growing on that side)
        if o_lo + o_hi < lo + hi:
            new_lo = max(new_lo, min(o_hi, lo))
        else:
            new_hi = min(new_hi, max(o_lo, hi))
    new_lo, new_hi = min(new_lo, lo), max(new_hi, hi)
    return Box(new_lo, d.y0, new_hi, d.y1) if along_x else Box(d.x0, new_lo, d.x1, new_hi)


def _within_crop(
    room: Box, photo: Box, d: Box, W: int, H: int, source_edges: tuple[bool, bool, bool, bool]
) -> Box:
    """``room`` narrowed so that the photo's shape needs no more than PHOTO_MAX_CROP off
    either side."""
    aspect = photo.w / photo.h
    widest, tallest = aspect / (1 - PHOTO_MAX_CROP), aspect * (1 - PHOTO_MAX_CROP)
    if room.w > widest * room.h:
        return _anchored(room, widest * room.h, room.h, d, W, H, source_edges)
    if room.w < tallest * room.h:
        return _anchored(room, room.w, room.w / tallest, d, W, H, source_edges)
    return room


def _anchored(
    room: Box,
    w: float,
    h: float,
    d: Box,
    W: int,
    H: int,
    source_edges: tuple[bool, bool, bool, bool],
) -> Box:
    """A ``w`` x ``h`` box inside ``room``, kept against the canvas edges the room
    reaches (against the one the photograph ran off in the source, where it reaches
    both), centred on the panel's old place otherwise."""
    left, top, right, bottom = source_edges
    x0 = _anchor(room.x0, room.x1, w, d.cx, W, left, right)
    y0 = _anchor(room.y0, room.y1, h, d.cy, H, top, bottom)
    return Box(x0, y0, x0 + w, y0 + h)


def _anchor(
    lo: float, hi: float, size: float, centre: float, side: int, ran_lo: bool, ran_hi: bool
) -> float:
    at_lo, at_hi = lo <= 0.5, hi >= side - 0.5
    if at_lo and at_hi:
        at_lo, at_hi = ran_lo and not ran_hi, ran_hi and not ran_lo
    if at_lo and not at_hi:
        return lo
    if at_hi and not at_lo:
        return hi - size
    return min(max(centre - size / 2, lo), hi - size)


def _window(e: Element, aspect: float, faces: Sequence[Box]) -> Box | None:
    """The largest window of the photo ``e`` with the room's ``aspect``: every face and
    every word printed on it whole, and as much of what stands out in it (see
    saliency_profiles) as the window holds, centred on that where the window has room
    to spare; None when one would be cut."""
    photo = e.box
    cut_x = aspect < photo.w / photo.h
    w, h = (photo.h * aspect, photo.h) if cut_x else (photo.w, photo.w / aspect)
    # (and the words printed on it, a photo credit: a window never cuts them)
    inside = [f for f in faces if f.intersection(photo) >= 0.5 * f.area] + list(e.printed)
    lo, hi = (photo.x0, photo.x1 - w) if cut_x else (photo.y0, photo.y1 - h)
    if inside:
        f_lo = min((f.x0 if cut_x else f.y0) for f in inside)
        f_hi = max((f.x1 if cut_x else f.y1) for f in inside)
        lo, hi = max(lo, f_hi - (w if cut_x else h)), min(hi, f_lo)
        if lo > hi + 1e-6:
            return None
    origin, length, size = (photo.x0, photo.w, w) if cut_x else (photo.y0, photo.h, h)
    profile = _profiles(e).columns if cut_x else _profiles(e).rows
    start = _best_start(profile, origin, length, size, lo, hi)
    return (
        Box(start, photo.y0, start + w, photo.y1)
        if cut_x
        else Box(photo.x0, start, photo.x1, start + h)
    )


def _best_start(
    profile: np.ndarray, origin: float, length: float, size: float, lo: float, hi: float
) -> float:
    """Where a window of ``size`` source px holds the most of ``profile`` (even steps
    over ``length`` px from ``origin``), starting between lo and hi; of equal holds,
    the one nearest the middle of that range."""
    if hi - lo < 1e-6:
        return lo
    n = len(profile)
    total = np.concatenate([[0.0], np.cumsum(profile)])
    steps = np.arange(n + 1)
    per_px = n / max(1e-6, length)

    def held(start: float) -> float:
        a = (start - origin) * per_px
        b = a + size * per_px
        return float(np.interp(b, steps, total) - np.interp(a, steps, total))

    mid = (lo + hi) / 2
    starts = [lo + (hi - lo) * i / WINDOW_STEPS for i in range(WINDOW_STEPS + 1)]
    return max(starts, key=lambda t: (round(held(t), 4), -abs(t - mid)))


@dataclass(frozen=True)
class _Profiles:
    """What filling needs to know of a picture, worked out once per element (every
    candidate layout of every size asks again)."""

    #: whether it is a rectangle of photograph (see Layer.opaque_within)
    opaque: bool
    #: its saliency column by column and row by row (see saliency_profiles)
    columns: np.ndarray
    rows: np.ndarray


_PROFILES: WeakKeyDictionary[Element, _Profiles] = WeakKeyDictionary()


def _profiles(e: Element) -> _Profiles:
    if e not in _PROFILES:
        lb = e.layer.box
        pixels = e.layer.rgba[e.box.moved(-lb.x0, -lb.y0).pixels()]
        opaque = e.layer.opaque_within(e.box)
        columns, rows = (
            saliency_profiles(pixels[..., :3]) if pixels.size else (np.ones(1), np.ones(1))
        )
        _PROFILES[e] = _Profiles(opaque, columns, rows)
    return _PROFILES[e]


def saliency_profiles(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How much of a photograph stands out, column by column and row by row, as shares
    summing to 1, at SALIENCY_SIDE px: its spectral residual (Hou and
    Zhang, 2007: what breaks the picture's usual detail) times how far each pixel's
    colour lies from the picture's mean (Achanta et al., 2009). Either alone liked the
    launch tower's lattice as much as the white rocket beside it; together a plain sky
    or wall counts for nothing, a repeated lattice of the sky's tone little, and a
    rocket, a product or a face most."""
    h, w = rgb.shape[:2]
    f = SALIENCY_SIDE / max(h, w)
    small = cv2.resize(
        np.ascontiguousarray(rgb, np.float32),
        (max(8, round(w * f)), max(8, round(h * f))),
        interpolation=cv2.INTER_AREA,
    )
    spectrum = np.fft.fft2(small.mean(axis=2))
    log_amp = np.log(np.abs(spectrum) + 1e-6).astype(np.float32)
    residual = log_amp - cv2.blur(log_amp, (3, 3))
    rare = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spectrum)))) ** 2
    rare = cv2.GaussianBlur(rare.astype(np.float32), (0, 0), SALIENCY_BLUR)
    lab = cv2.cvtColor(small, cv2.COLOR_RGB2LAB)
    distinct = np.linalg.norm(
        cv2.GaussianBlur(lab, (0, 0), 1.0) - lab.reshape(-1, 3).mean(axis=0), axis=2
    )
    sal = (rare * distinct).astype(np.float64)
    total = max(1e-12, float(sal.sum()))
    return sal.sum(axis=0) / total, sal.sum(axis=1) / total
