"""A border around the whole banner: found, taken off the analysis, drawn on every output."""

from __future__ import annotations

import io

import numpy as np
import pytest
from banners import BOLD, BORDER, bakery_banner, font, make_banner
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from bannerfit.engine import RecomposeOptions, recompose
from bannerfit.engine.analyze import analyze
from bannerfit.engine.frame import draw_frame, find_frame, without_frame
from bannerfit.engine.model import Frame


def _src(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB")).astype(np.float32) / 255.0


def test_a_rule_around_the_banner_is_found_with_its_inset_thickness_and_colour() -> None:
    frame = find_frame(_src(bakery_banner()))
    assert frame is not None
    assert (frame.inset, frame.thickness) == (6.0, 3.0)
    assert np.allclose(frame.color, np.array(BORDER) / 255, atol=0.02)


@pytest.mark.parametrize("size", [(970, 250), (1080, 1080), (300, 600), (728, 90)])
def test_banners_without_a_border_have_none(size: tuple[int, int]) -> None:
    assert find_frame(_src(bakery_banner(border=False))) is None
    for background in ("flat", "gradient"):
        banner = make_banner(*size, background=background)
        assert find_frame(banner.rgb.astype(np.float32) / 255) is None


@settings(max_examples=30, deadline=None)
@given(
    inset=st.integers(0, 8),
    thickness=st.integers(1, 4),
    ground=st.tuples(*[st.integers(150, 255)] * 3),
    ink=st.tuples(*[st.integers(0, 90)] * 3),
)
def test_any_rule_is_found_exactly_and_taken_off_whole(
    inset: int, thickness: int, ground: tuple, ink: tuple
) -> None:
    img = Image.new("RGB", (300, 250), ground)
    d = ImageDraw.Draw(img)
    d.rectangle((inset, inset, 299 - inset, 249 - inset), outline=ink, width=thickness)
    d.text((40, 100), "Cloud storage", font=font(BOLD, 28), fill=ink)
    src = _src(img)
    frame = find_frame(src)
    assert frame is not None
    assert (frame.inset, frame.thickness) == (inset, thickness)
    bare = without_frame(src, frame)
    band = np.ones(bare.shape[:2], bool)
    band[20:-20, 20:-20] = False
    assert np.abs(bare[band] - np.array(ground) / 255).max() < 0.01


def test_a_drawn_frame_lies_inside_the_canvas_at_its_scaled_inset() -> None:
    canvas = np.ones((90, 728, 3), np.float32)
    draw_frame(canvas, Frame(6.0, 3.0, (0.5, 0.2, 0.1)), 0.5)
    dark = np.abs(canvas - np.array([0.5, 0.2, 0.1])).max(axis=2) < 1e-6
    assert dark[3, 3:-3].all() and dark[-4, 3:-3].all()
    assert dark[3:-3, 3].all() and dark[3:-3, -4].all()
    assert not dark[:3].any() and not dark[5:-5, 5:-5].any()


def _frame_rows(img: np.ndarray) -> np.ndarray:
    """Rows of ``img`` holding an unbroken run, a third of its width long, of the
    border's colour (letters of its colour are short runs)."""
    near = np.abs(img.astype(np.float32) - np.array(BORDER)).max(axis=2) < 40
    longest = np.zeros(len(near), int)
    for y, row in enumerate(near):
        run = 0
        for v in row:
            run = run + 1 if v else 0
            longest[y] = max(longest[y], run)
    return longest > near.shape[1] / 3


@pytest.mark.parametrize("size", [(1080, 1080), (728, 90), (300, 600)])
def test_every_output_has_the_border_at_its_edge_and_no_stray_rule_inside(
    size: tuple[int, int],
) -> None:
    """On a gradient the rule made the background read as a texture, which tiled its
    lines across the outputs; cropped or extended it would be cut or run through."""
    buf = io.BytesIO()
    bakery_banner().save(buf, "PNG")
    (out,) = recompose(buf.getvalue(), RecomposeOptions(sizes=(size,)))
    img = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB"))
    W, H = size
    rows = _frame_rows(img)
    cols = _frame_rows(img.transpose(1, 0, 2))
    edge = int(0.06 * min(W, H)) + 2
    assert rows[:edge].any() and rows[-edge:].any()
    assert cols[:edge].any() and cols[-edge:].any()
    assert not rows[edge:-edge].any() and not cols[edge:-edge].any()
    assert any("border" in n for n in out.layout["notes"])


def test_a_price_as_tall_as_half_the_banner_is_text_not_background() -> None:
    """ "$2" in 110 px type on a 250 px banner is taller than the other lines and about
    as wide as tall, which the detector's picture filters took for an image: it was
    left in the background, cut by every new edge. Glyphs of one ink on a plain ground
    are words, however big."""
    an = analyze(np.asarray(bakery_banner()), 1024)
    price = (640, 80, 760, 200)
    texts = [e.box for e in an.elements if e.is_text]
    assert any(b.x0 <= price[0] + 5 and b.x1 >= price[2] - 5 for b in texts), [
        (e.kind, e.box) for e in an.elements
    ]
