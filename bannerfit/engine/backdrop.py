"""Where a photograph lies on a new canvas, and where the people in it land.

A photo background is enlarged to cover the canvas and a window of it is shown. The
planner chooses that window together with the layout (so that words are not laid over
a face), and the renderer shows the window the plan chose; both read it from here.
"""

from __future__ import annotations

import math

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis

#: a face is kept clear with this share of its size around it (hair, chin)
FACE_CLEARANCE = 0.15
#: a face is clear when the source's elements covered at most this share of its box
FACE_COVERED_MAX = 0.05
#: elements whose pictures are lifted off the background, faces and all
LIFTED_KINDS = frozenset({"product", "person", "logo", "badge"})


def background_faces(an: Analysis) -> list[Box]:
    """The faces that are part of the background: not those inside a lifted picture
    (a cat's face on a product shot travels with the product)."""
    lifted = [e.box for e in an.elements if e.kind in LIFTED_KINDS]
    return [f for f in an.faces if not any(f.intersection(b) >= 0.5 * f.area for b in lifted)]


def clear_faces(an: Analysis) -> list[Box]:
    """The background's faces that no element of the source lay over.

    Only these are kept in view by a new layout: where the source's words or pictures
    covered part of a face, the clean plate holds a guess there (a smear across the
    chin), better left under the words again.
    """
    covering = [e.box for e in an.elements if e.kind != "decoration"]
    return [
        f
        for f in background_faces(an)
        if sum(f.intersection(b) for b in covering) <= FACE_COVERED_MAX * f.area
    ]


def cover_scale(an: Analysis, W: int, H: int) -> float:
    """Plate pixels to canvas pixels when the plate covers a W x H canvas."""
    ph, pw = an.background.plate.shape[:2]
    return max(W / pw, H / ph)


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


def faces_on_canvas(an: Analysis, W: int, H: int, window: tuple[int, int]) -> list[Box]:
    """Each clear face (with its clearance) where it lands on the canvas through
    ``window``."""
    k = an.background.plate_scale * cover_scale(an, W, H)
    return [with_clearance(f).scaled(k).moved(-window[0], -window[1]) for f in clear_faces(an)]


def with_clearance(face: Box) -> Box:
    """A face with the room it needs around it (hair, chin)."""
    return face.padded(FACE_CLEARANCE * face.w, FACE_CLEARANCE * face.h)
