"""Background plates: the grain carried into inpainted holes (background.with_grain)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

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


def test_grain_is_never_taken_from_a_hole_left_smooth() -> None:
    """public_010: a cat's face on a picture in a disc was a hole left smooth (no grain
    where a face was covered), and reached into the headline's dark panel beside it, a
    hole to be grained. Mirrored from inside the smooth hole, the panel's letters came
    into the rest of the panel as ghost words in every backdrop. The smooth hole is a
    hole all the same: grain is mirrored only from the picture around both (here plain,
    so the panel's other part gets none)."""
    img = np.full((200, 300, 3), 0.6, np.float32)
    holes = np.zeros((200, 300), bool)
    holes[40:160, 40:260] = True  # the panel
    img[60:140, 60:130] = 0.2
    img[60:140, 60:130:6] = 1.0  # letters: white strokes, left part of the panel
    smooth = np.zeros_like(holes)
    smooth[30:170, 30:140] = True  # the face's smooth area, over the letters
    plate = img.copy()
    plate[holes] = 0.6
    out = with_grain(img, holes, plate, smooth)
    assert np.abs(out[60:140, 150:250] - 0.6).max() < 0.01
    assert np.array_equal(out[smooth], plate[smooth])


def _dots(period: int, h: int = 240, w: int = 240) -> np.ndarray:
    """Soft dots ``period`` pixels apart, as high-passed detail."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.hypot((yy % period) - period / 2, (xx % period) - period / 2)
    return np.clip(1.0 - d / (0.3 * period), 0, 1) - 0.2


def test_a_period_seen_as_a_multiple_is_refined_to_the_dots_own_spacing() -> None:
    """public_020: the coarse view's peak was every second dot; the fill then reached
    only half as far and matched worse. The half that matches as well is taken."""
    from bannerfit.engine.background import _shortest_period

    detail = _dots(24)
    keep = np.ones(detail.shape, bool)
    assert _shortest_period(detail, keep, 0.0, 47.0) == (0, 24)
    assert _shortest_period(detail, keep, 49.0, 0.0) == (24, 0)


def test_a_fraction_of_a_period_that_matches_worse_is_not_taken() -> None:
    from bannerfit.engine.background import _shortest_period

    detail = _dots(30)
    keep = np.ones(detail.shape, bool)
    assert _shortest_period(detail, keep, 0.0, 31.0) == (0, 30)


def test_of_the_fractions_of_a_period_the_best_matching_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """public_020 with its card lifted off the dots: the coarse peak was two dots'
    spacing (88), and its third (29) matched a little better than the whole did, so the
    third was taken before the half (44, the dots' own spacing, matching best) was
    tried; the fill then copied dots a third of a period out of phase along every
    letter's edge."""
    import bannerfit.engine.background as bgm

    scores = {88: 0.45, 29: 0.47, 44: 0.58}

    def refined(detail: np.ndarray, keep: np.ndarray, vy: float, vx: float):
        n = round(vx)
        return ((0, n), scores[n]) if n in scores else None

    monkeypatch.setattr(bgm, "_refined_period", refined)
    keep = np.ones((8, 8), bool)
    assert bgm._shortest_period(np.zeros((8, 8)), keep, 0.0, 88.0) == (0, 44)
    scores[44] = 0.40  # the half matches worse than the whole: the third is the best
    assert bgm._shortest_period(np.zeros((8, 8)), keep, 0.0, 88.0) == (0, 29)
