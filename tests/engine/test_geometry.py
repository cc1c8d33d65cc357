"""Box algebra: the unit every engine stage speaks, checked as properties."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from bannerfit.engine.geometry import Box, box_array, containing, ious, union_all

coord = st.floats(-2000, 2000, allow_nan=False, allow_infinity=False)
size = st.floats(0.5, 2000, allow_nan=False, allow_infinity=False)


@st.composite
def boxes(draw: st.DrawFn) -> Box:
    return Box.from_xywh(draw(coord), draw(coord), draw(size), draw(size))


FAST = settings(max_examples=150, deadline=None)


@FAST
@given(boxes(), st.floats(0.01, 50))
def test_scaling_is_uniform_and_keeps_aspect(b: Box, s: float) -> None:
    t = b.scaled(s)
    assert math.isclose(t.w, b.w * s, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(t.h, b.h * s, rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(t.w / t.h, b.w / b.h, rel_tol=1e-9)
    assert math.isclose(t.area, b.area * s * s, rel_tol=1e-9)


@FAST
@given(boxes(), coord, coord)
def test_moving_keeps_size(b: Box, dx: float, dy: float) -> None:
    t = b.moved(dx, dy)
    assert math.isclose(t.w, b.w, abs_tol=1e-6) and math.isclose(t.h, b.h, abs_tol=1e-6)
    assert math.isclose(t.cx, b.cx + dx, abs_tol=1e-6) and math.isclose(
        t.cy, b.cy + dy, abs_tol=1e-6
    )


@FAST
@given(boxes(), boxes())
def test_union_contains_both_and_is_smallest(a: Box, b: Box) -> None:
    u = a.union(b)
    assert u.contains(a) and u.contains(b)
    assert u == b.union(a)
    # tight: every side of the union is a side of one of the two
    assert u.x0 in (a.x0, b.x0) and u.y0 in (a.y0, b.y0)
    assert u.x1 in (a.x1, b.x1) and u.y1 in (a.y1, b.y1)
    assert union_all([a, b]) == u


@FAST
@given(boxes(), boxes())
def test_intersection_and_iou(a: Box, b: Box) -> None:
    inter = a.intersection(b)
    assert inter == b.intersection(a)
    assert 0 <= inter <= min(a.area, b.area) + 1e-6
    iou = a.iou(b)
    assert 0 <= iou <= 1 + 1e-9
    assert math.isclose(a.iou(a), 1.0)
    # intersects() agrees with a positive intersection area
    assert a.intersects(b) == (inter > 0)
    gx, gy = a.gap(b)
    assert (gx < 0 and gy < 0) == (inter > 0)


@FAST
@given(boxes(), st.integers(1, 4000), st.integers(1, 4000))
def test_clipped_lies_in_canvas(b: Box, w: int, h: int) -> None:
    c = b.clipped(w, h)
    if c.w > 0 and c.h > 0:
        assert Box(0, 0, w, h).contains(c)
        assert b.contains(c, tol=1e-9)


@FAST
@given(boxes(), st.floats(0, 100), st.floats(0, 100))
def test_padded_contains_original(b: Box, px: float, py: float) -> None:
    p = b.padded(px, py)
    assert p.contains(b)
    assert math.isclose(p.w, b.w + 2 * px, abs_tol=1e-6)
    assert math.isclose(p.h, b.h + 2 * py, abs_tol=1e-6)
    assert b.padded(px) == b.padded(px, px)


@FAST
@given(boxes())
def test_xywh_round_trip(b: Box) -> None:
    x, y, w, h = b.to_list()
    assert abs(x - b.x0) <= 0.05 + 1e-9 and abs(y - b.y0) <= 0.05 + 1e-9
    assert abs(w - b.w) <= 0.05 + 1e-9 and abs(h - b.h) <= 0.05 + 1e-9
    again = Box.from_xywh(b.x0, b.y0, b.w, b.h)
    assert math.isclose(again.x1, b.x1, abs_tol=1e-6) and math.isclose(again.y1, b.y1, abs_tol=1e-6)


@FAST
@given(boxes())
def test_pixels_of_a_clipped_box_cover_it_and_stay_in_the_array(b: Box) -> None:
    import numpy as np

    arr = np.zeros((300, 400), bool)
    c = b.clipped(400, 300)
    rows, cols = c.pixels()
    arr[rows, cols] = True
    if c.w > 0 and c.h > 0:
        # every pixel the clipped box touches is marked, and only those
        assert rows.start == math.floor(c.y0) and rows.stop == math.ceil(c.y1)
        assert cols.start == math.floor(c.x0) and cols.stop == math.ceil(c.x1)
        assert arr.sum() == (min(300, rows.stop) - rows.start) * (min(400, cols.stop) - cols.start)
    else:
        assert not arr.any()


@given(st.lists(boxes(), max_size=12), boxes())
def test_ious_agrees_with_box_iou(many: list[Box], other: Box) -> None:
    """The vectorised IoU (thousands of candidate marks at once) is the same measure."""
    got = ious(box_array(many), other)
    assert got.shape == (len(many),)
    for b, v in zip(many, got, strict=True):
        assert math.isclose(v, b.iou(other), rel_tol=1e-9, abs_tol=1e-9)


@given(st.lists(boxes(), max_size=12), boxes(), st.floats(0, 10))
def test_containing_agrees_with_box_contains(many: list[Box], other: Box, tol: float) -> None:
    got = containing(box_array(many), other, tol)
    assert [bool(v) for v in got] == [b.contains(other, tol) for b in many]
