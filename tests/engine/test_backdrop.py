"""What a new layout keeps in view on a photo background (backdrop.subjects)."""

from __future__ import annotations

import numpy as np

from bannerfit.engine import backdrop
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis, Background, Element, Layer

FACE = Box(400, 50, 650, 300)


def _photo_ad(*covers: Box) -> Analysis:
    """A 1200x628 photo with one face, and text blocks over ``covers``."""
    plate = np.random.default_rng(0).random((63, 120, 3)).astype(np.float32)
    bg = Background("photo", plate, 0.05, (0.5, 0.5, 0.5), 0.1)
    elements = tuple(
        Element(f"text{i}", "headline", b, Layer(b, np.ones((4, 4, 4), np.float32)), 1.0, f"t{i}")
        for i, b in enumerate(covers)
    )
    src = np.zeros((628, 1200, 3), np.float32)
    return Analysis(1200, 628, src, bg, elements, faces=(FACE,))


def test_a_clear_face_is_a_whole_subject() -> None:
    (sub,) = backdrop.subjects(_photo_ad(Box(700, 300, 1150, 500)))
    assert sub.whole and sub.core.y1 > FACE.y0 + 0.6 * FACE.h


def test_a_face_whose_chin_the_source_covered_keeps_its_eyes_in_view() -> None:
    """own_016: the headline's card lay over the astronaut's chin, her eyes in view; a
    re-layout had set the brand over them (no subject: nothing to keep clear)."""
    (sub,) = backdrop.subjects(_photo_ad(Box(30, 170, 560, 330)))
    assert not sub.whole
    assert sub.core.y0 == FACE.y0 and sub.core.y1 <= FACE.y0 + 0.45 * FACE.h
    assert sub.core.x0 == FACE.x0 and sub.core.x1 == FACE.x1


def test_a_face_the_source_covered_over_the_eyes_is_no_subject() -> None:
    assert backdrop.subjects(_photo_ad(Box(30, 60, 560, 330))) == []


def test_a_face_keeps_the_room_around_it_that_the_canvas_holds() -> None:
    """The hair and chin room around a face shrinks to what a low strip holds, never
    into the face's eyes and nose: a strip as tall as the face shows it cropped close
    (the room had counted as cut off, and the photo was blurred away)."""
    (sub,) = backdrop.subjects(_photo_ad(Box(700, 300, 1150, 500)))
    assert sub.fitted(2000, 2000) == sub
    low = sub.fitted(2000, FACE.h)
    assert low.box.h == FACE.h and low.box.cy == sub.box.cy and low.box.w == sub.box.w
    lower = sub.fitted(2000, 10)
    assert lower.box.y0 <= sub.core.y0 and lower.box.y1 >= sub.core.y1
    narrow = sub.fitted(FACE.w / 2, 2000)
    assert narrow.box.x0 == sub.core.x0 and narrow.box.x1 == sub.core.x1
