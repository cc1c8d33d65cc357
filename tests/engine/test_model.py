"""The analysis model's helpers."""

from __future__ import annotations

import numpy as np

from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Element, Layer, faces_off_pictures


def _element(kind: str, box: Box) -> Element:
    layer = Layer(box, np.ones((int(box.h), int(box.w), 4), np.float32))
    return Element(f"{kind}0", kind, box, layer, 1.0, kind)  # type: ignore[arg-type]


def test_a_face_on_a_lifted_picture_is_not_the_backdrops() -> None:
    """public_010's cat in a disc: its face travels with the picture, so the clean plate
    behind it is plain backdrop (grained, possibly a texture), not a covered face; a
    face of the photo itself, and one a headline only overlaps, stay."""
    disc = _element("product", Box(60, 60, 480, 480))
    words = _element("headline", Box(500, 100, 1000, 300))
    cat = Box(120, 150, 420, 420)
    passer_by = Box(800, 400, 900, 520)
    behind_words = Box(520, 120, 620, 240)
    got = faces_off_pictures([cat, passer_by, behind_words], [disc, words])
    assert got == [passer_by, behind_words]
