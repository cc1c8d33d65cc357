"""Background plates: the grain carried into inpainted holes (background.with_grain)."""

from __future__ import annotations

import cv2
import numpy as np

from bannerfit.engine.background import GRAIN_MAX, GRAIN_SIGMA, with_grain


def _detail(img: np.ndarray) -> np.ndarray:
    return img - cv2.GaussianBlur(img, (0, 0), GRAIN_SIGMA)


def test_a_hole_in_grain_gets_grain_back_and_the_rest_is_untouched() -> None:
    rng = np.random.default_rng(5)
    img = np.clip(0.6 + 0.05 * rng.standard_normal((200, 300, 3)), 0, 1).astype(np.float32)
    holes = np.zeros((200, 300), bool)
    holes[60:140, 100:220] = True
    smooth = img.copy()
    smooth[holes] = 0.6  # what an inpainting leaves: the mean, no grain
    out = with_grain(img, holes, smooth)
    inside = _detail(out)[70:130, 110:210].std()
    outside = _detail(img)[:50].std()
    assert inside > 0.5 * outside, (inside, outside)
    far = cv2.dilate(holes.astype(np.uint8), np.ones((31, 31), np.uint8)) == 0
    assert np.array_equal(out[far], smooth[far])


def test_an_objects_edge_beside_a_hole_comes_in_only_as_a_trace() -> None:
    """A dark stroke next to the hole (a brow above a covered face) must not be mirrored
    into it as a new feature: grain is clipped to GRAIN_MAX."""
    img = np.full((120, 120, 3), 0.7, np.float32)
    img[36:40, 30:90] = 0.1  # the stroke, two pixels above the hole
    holes = np.zeros((120, 120), bool)
    holes[42:100, 20:100] = True
    smooth = img.copy()
    smooth[holes] = 0.7
    out = with_grain(img, holes, smooth)
    assert np.abs(out[holes] - 0.7).max() <= GRAIN_MAX + 1e-6
