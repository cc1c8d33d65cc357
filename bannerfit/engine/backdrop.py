"""Where a photograph lies on a new canvas, and where the people in it land.

A photo background is enlarged to cover the canvas and a window of it is shown. The
planner chooses that window together with the layout (so that words are not laid over
a face, or over what the source kept open), and the renderer shows the window the plan
chose; both read it from here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis, faces_off_pictures

#: a face is kept clear with this share of its size around it (hair, chin); its eyes and
#: nose are its top FACE_EYES_SHARE
FACE_CLEARANCE = 0.15
FACE_EYES_SHARE = 0.65
#: the source's open space (see open_space) is a subject when it holds OPEN_SPACE_MIN of
#: the banner; found on a grid of OPEN_GRID cells along the long side; its core is the
#: box inset by OPEN_CORE_INSET of its size on each side, and hiding it costs
#: OPEN_SPACE_WEIGHT of what hiding a face does (at 0.5 a cat's eyes stayed under the
#: headline of a 1080x1920, the shorter layout beside them scoring lower)
OPEN_SPACE_MIN = 0.2
OPEN_GRID = 48
OPEN_CORE_INSET = 0.2
OPEN_SPACE_WEIGHT = 1.0
#: a detected "face" more than this many times as tall as wide (or wide as tall) is
#: none: the detector's box around a cat's flank was twice as tall as wide
FACE_MAX_ASPECT = 1.6
#: a face is clear when the source's elements covered at most this share of its box
FACE_COVERED_MAX = 0.05
#: a face whose lower part the source covered (own_016's headline panel over an
#: astronaut's chin) still has its eyes in view, its top FACE_EYES_BAND: a new layout
#: keeps them so (a re-layout had set the brand over her eyes)
FACE_EYES_BAND = 0.4
#: a photo background enlarged past this multiple of the area scale is blurred, when
#: that enlarges it past PHOTO_SHARP_UPSCALE of its own pixels or the layout hides more
#: than PHOTO_SHARP_HIDDEN of its subjects (see plan.subjects._subject_hidden)
PHOTO_SHARP_COVER = 1.9
PHOTO_SHARP_UPSCALE = 1.5
PHOTO_SHARP_HIDDEN = 0.05


def background_faces(an: Analysis) -> list[Box]:
    """The faces that are part of the background: not those inside a lifted picture
    (a cat's face on a product shot travels with the product), nor boxes no face has
    the shape of."""
    return [
        f
        for f in faces_off_pictures(an.faces, an.elements)
        if max(f.w, f.h) <= FACE_MAX_ASPECT * min(f.w, f.h)
    ]


def clear_faces(an: Analysis) -> list[Box]:
    """The background's faces that no element of the source lay over.

    Only these are kept in view by a new layout: where the source's words or pictures
    covered part of a face, the clean plate holds a guess there (a smear across the
    chin), better left under the words again.
    """
    return [f for f in background_faces(an) if _uncovered(an, f)]


def _eyes(face: Box) -> Box:
    """A face's eyes and brows: its top FACE_EYES_BAND."""
    return Box(face.x0, face.y0, face.x1, face.y0 + FACE_EYES_BAND * face.h)


def _uncovered(an: Analysis, box: Box) -> bool:
    """Whether the source's elements left ``box`` in view (FACE_COVERED_MAX of it at most)."""
    covering = [e.box for e in an.elements if e.kind != "decoration"]
    return sum(box.intersection(b) for b in covering) <= FACE_COVERED_MAX * box.area


def cover_scale(an: Analysis, W: int, H: int) -> float:
    """Plate pixels to canvas pixels when the plate covers a W x H canvas."""
    ph, pw = an.background.plate.shape[:2]
    return max(W / pw, H / ph)


def photo_blurred(an: Analysis, W: int, H: int, subject_hidden: float) -> bool:
    """Whether a photo background is shown blurred on a W x H canvas (see
    render._photo_background for why); the planner asks too, for plans that need the
    photo shown as it is."""
    ph, pw = an.background.plate.shape[:2]
    cover = cover_scale(an, W, H)
    if cover <= PHOTO_SHARP_COVER * math.sqrt(W * H / (pw * ph)):
        return False
    upscale = cover * an.background.plate_scale
    return not (upscale <= PHOTO_SHARP_UPSCALE and subject_hidden <= PHOTO_SHARP_HIDDEN)


def window_slack(an: Analysis, W: int, H: int) -> tuple[int, int]:
    """How far the window can move across the enlarged photo (x, y)."""
    ph, pw = an.background.plate.shape[:2]
    c = cover_scale(an, W, H)
    nw, nh = max(W, math.ceil(pw * c)), max(H, math.ceil(ph * c))
    return nw - W, nh - H


def face_centred_window(an: Analysis, W: int, H: int) -> tuple[int, int]:
    """The window centred on the first face of the background (else the photo's centre)."""
    sx, sy = window_slack(an, W, H)
    faces = background_faces(an)
    if not faces:
        return sx // 2, sy // 2
    f = faces[0]
    k = an.background.plate_scale * cover_scale(an, W, H)
    x0 = int(min(max(0.0, f.cx * k - W / 2), sx))
    y0 = int(min(max(0.0, f.cy * k - H / 2), sy))
    return x0, y0


def shown_window(an: Analysis, W: int, H: int, chosen: tuple[int, int] | None) -> tuple[int, int]:
    """The window of the photo a W x H canvas shows: the one its plan chose, else the
    window centred on the first face (the planner scores, and the renderer draws, this
    same window)."""
    return chosen if chosen is not None else face_centred_window(an, W, H)


def with_clearance(face: Box) -> Box:
    """A face with the room it needs around it (hair, chin)."""
    return face.padded(FACE_CLEARANCE * face.w, FACE_CLEARANCE * face.h)


@dataclass(frozen=True)
class Subject:
    """What a layout should leave in view on a photo background.

    ``box`` is to stay inside the canvas, ``core`` uncovered; ``weight`` scales what
    hiding it costs (1 for a face, OPEN_SPACE_WEIGHT for the source's open space).
    """

    box: Box
    core: Box
    weight: float
    #: all of it is the photo's own pixels: a layout may set the words beside it. A face
    #: whose chin the source covered is not (the plate holds a guess there, better left
    #: under the words): a layout is only scored for covering its eyes
    whole: bool = True

    def mapped(self, f: Callable[[Box], Box]) -> Subject:
        return Subject(f(self.box), f(self.core), self.weight, self.whole)

    def fitted(self, W: float, H: float) -> Subject:
        """The subject with no more room around its core than a W x H canvas holds.

        The room around a face (its hair, its chin) is kept where the canvas has it;
        a strip too low for it shows the face cropped close, as a designer's tight
        headshot does, rather than not at all (the expo poster's astronaut at 970x250
        had been blurred away for the 15% of room above and below her face).
        """

        def span(a0: float, a1: float, c0: float, c1: float, room: float) -> tuple[float, float]:
            if a1 - a0 <= room:
                return a0, a1
            mid = (a0 + a1) / 2
            lo, hi = mid - room / 2, mid + room / 2
            return min(lo, c0), max(hi, c1)

        core = self.core
        x0, x1 = span(self.box.x0, self.box.x1, core.x0, core.x1, W)
        y0, y1 = span(self.box.y0, self.box.y1, core.y0, core.y1, H)
        return Subject(Box(x0, y0, x1, y1), core, self.weight, self.whole)


def subjects(an: Analysis) -> list[Subject]:
    """The clear faces of the photo (their eyes and nose the core); with none, the
    largest part of the photo the source's elements left open, when it is large: a
    designer sets the words beside what the photo shows (a cat's eyes above the
    headline), and a new layout should not lay them over it."""
    shown = background_faces(an)
    clear = clear_faces(an)
    faces = [
        Subject(
            with_clearance(f),
            Box(f.x0, f.y0, f.x1, f.y0 + FACE_EYES_SHARE * f.h),
            1.0,
        )
        for f in clear
    ]
    faces += [
        Subject(eyes.padded(FACE_CLEARANCE * f.w, FACE_CLEARANCE * f.h), eyes, 1.0, whole=False)
        for f in shown
        if f not in clear and _uncovered(an, eyes := _eyes(f))
    ]
    if faces or shown or not an.elements:
        return faces  # people the source's words covered: the window centres on them
    room = open_space(an)
    if room is None:
        return []
    core = room.padded(-OPEN_CORE_INSET * room.w, -OPEN_CORE_INSET * room.h)
    return [Subject(core, core, OPEN_SPACE_WEIGHT)]


def open_space(an: Analysis) -> Box | None:
    """The largest rectangle of the source no element touches (in source pixels), if it
    holds at least OPEN_SPACE_MIN of the banner; found on a grid of OPEN_GRID cells along
    the long side, as the largest rectangle under a histogram of free cells per row."""
    W, H = an.width, an.height
    cell = max(W, H) / OPEN_GRID
    gw, gh = max(1, math.ceil(W / cell)), max(1, math.ceil(H / cell))
    taken = np.zeros((gh, gw), bool)
    for e in an.elements:
        b = e.box
        taken[
            int(b.y0 // cell) : int(math.ceil(b.y1 / cell)),
            int(b.x0 // cell) : int(math.ceil(b.x1 / cell)),
        ] = True
    best, best_box = 0, None
    heights = np.zeros(gw, int)
    for y in range(gh):
        heights = np.where(taken[y], 0, heights + 1)
        stack: list[int] = []
        for x in range(gw + 1):
            hx = heights[x] if x < gw else 0
            while stack and heights[stack[-1]] >= hx:
                top = stack.pop()
                left = stack[-1] + 1 if stack else 0
                area = int(heights[top]) * (x - left)
                if area > best:
                    best = area
                    best_box = (left, y - int(heights[top]) + 1, x, y + 1)
            stack.append(x)
    if best_box is None or best < OPEN_SPACE_MIN * gw * gh:
        return None
    x0, y0, x1, y1 = best_box
    return Box(x0 * cell, y0 * cell, min(W, x1 * cell), min(H, y1 * cell))


def on_canvas(
    an: Analysis, subs: list[Subject], W: int, H: int, window: tuple[int, int]
) -> list[Subject]:
    """``subs`` (see subjects) where they land on a W x H canvas through ``window``."""
    k = an.background.plate_scale * cover_scale(an, W, H)
    return [sub.mapped(lambda b: b.scaled(k).moved(-window[0], -window[1])) for sub in subs]
