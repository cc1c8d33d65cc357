"""Photo panels: a photograph cut by the source's edges fills its side of a new layout.

The module's rules (what is a photo panel, how far it grows, where its window lies)
are driven with hand-built elements; the planner with a hand-built analysis; and the
whole engine with a drawn split ad (a rocket photo down the left, words on the right).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from banners import (
    BOLD,
    REGULAR,
    cat_right_panel,
    coffee_band_bottom,
    coffee_band_middle,
    font,
    pill,
    rocket_panel,
    two_photo_panels,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from bannerfit.engine import RecomposeOptions, recompose
from bannerfit.engine.analyze import analyze
from bannerfit.engine.geometry import Box
from bannerfit.engine.model import Analysis, Background, Element, Layer, TextLine, Word
from bannerfit.engine.photos import (
    PHOTO_MAX_CROP,
    PHOTO_MAX_SCALE,
    edges_run_off,
    filled,
    is_photo_panel,
)
from bannerfit.engine.plan import plan_layouts
from bannerfit.engine.prompt import parse_prompt

TOL = 0.5


def _photo(box: Box, rgb: np.ndarray | None = None, opaque: bool = True) -> Element:
    h, w = int(box.h), int(box.w)
    rgba = np.ones((h, w, 4), np.float32)
    rgba[..., :3] = 0.3 if rgb is None else rgb
    if not opaque:  # a cut-out: a disc on a transparent square
        yy, xx = np.mgrid[0:h, 0:w]
        rgba[..., 3] = ((xx - w / 2) ** 2 + (yy - h / 2) ** 2 <= (min(w, h) / 2) ** 2).astype(
            np.float32
        )
    return Element("product0", "product", box, Layer(box, rgba), 0.8, "product0")


def _sky_with_rocket(h: int, w: int) -> np.ndarray:
    """A dark blue sky, a lattice of its own tone down the left third, a white rocket
    in the right third."""
    rgb = np.empty((h, w, 3), np.float32)
    rgb[:] = (0.1, 0.15, 0.35)
    yy, xx = np.mgrid[0:h, 0:w]
    lattice = (xx < w // 3) & (((xx + yy) % 12 < 2) | ((xx - yy) % 12 < 2))
    rgb[lattice] = (0.05, 0.08, 0.2)
    rgb[(xx > 0.72 * w) & (xx < 0.8 * w) & (yy > 0.2 * h)] = (0.95, 0.95, 0.92)
    return rgb


def test_an_opaque_picture_spanning_the_source_is_a_photo_panel() -> None:
    assert is_photo_panel(_photo(Box(0, 0, 500, 628)), 1200, 628)
    # a cut-out shape is a product with a shape of its own
    assert not is_photo_panel(_photo(Box(0, 0, 500, 628), opaque=False), 1200, 628)
    # a photo set inside the banner, or off one edge only, keeps its frame
    assert not is_photo_panel(_photo(Box(100, 100, 600, 528)), 1200, 628)
    assert not is_photo_panel(_photo(Box(0, 100, 500, 528)), 1200, 628)
    # a shot in a corner is an object with a frame of its own, not a side of the design
    assert not is_photo_panel(_photo(Box(0, 0, 500, 400)), 1200, 628)
    # a band across the full width is one
    assert is_photo_panel(_photo(Box(0, 0, 1080, 560)), 1080, 1080)
    # a thumbnail in a corner is not a side of the design
    assert not is_photo_panel(_photo(Box(0, 0, 200, 150)), 1200, 628)


def test_a_panel_fills_the_room_below_the_words_with_a_bounded_crop() -> None:
    """The hand-made telescope ad at 1080x1920: the photo had floated at the left under
    the words, 815 px wide, plain backdrop beside it."""
    photo = _photo(Box(0, 0, 522, 628))
    button = Box(48, 649, 446, 764)
    fill = filled(
        photo, Box(0, 810, 815, 1789), [Box(48, 130, 1031, 603), button], 1080, 1920, 48.0,
        [], edges_run_off(photo.box, 1200, 628),
    )  # fmt: skip
    assert fill is not None
    # flush with the canvas's left, right and bottom edges, no nearer the button (46 px
    # above it, under the 48 px gap) than it was
    assert fill.dst.x0 == 0 and fill.dst.x1 == 1080 and fill.dst.y1 == 1920
    assert fill.dst.y0 >= 810 - TOL
    # one scale, a window of the photo, no more cropped than allowed, no more enlarged
    assert abs(fill.dst.w / fill.src.w - fill.dst.h / fill.src.h) < 1e-6
    assert photo.box.contains(fill.src, tol=TOL)
    assert fill.src.w >= (1 - PHOTO_MAX_CROP) * photo.box.w - TOL
    assert fill.src.h >= (1 - PHOTO_MAX_CROP) * photo.box.h - TOL
    assert fill.scale <= PHOTO_MAX_SCALE + 1e-6


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.0, 0.5),
    st.floats(0.05, 0.6),
    st.floats(0.2, 0.9),
    st.integers(200, 1920),
    st.integers(50, 1920),
)
def test_a_fill_stays_in_the_canvas_off_its_neighbours_and_keeps_the_face(
    fx: float, fw: float, wx: float, W: int, H: int
) -> None:
    """Wherever the panel and the words land, the room is inside the canvas, keeps
    its gap from every neighbour, and the photo's face is whole in the window."""
    photo = _photo(Box(0, 0, 600, 628))
    face = Box(fx * 600, 100, min(600, fx * 600 + fw * 600), 260)
    d = Box(0, 0, max(10.0, (wx - 0.05) * W), H / 2)
    words = Box(wx * W, 0, W, H / 3)
    gap = 0.04 * min(W, H)
    fill = filled(photo, d, [words], W, H, gap, [face], edges_run_off(photo.box, 1200, 628))
    if fill is None:
        return
    assert Box(0, 0, W, H).contains(fill.dst, tol=TOL)
    assert not fill.dst.intersects(words, tol=TOL)
    assert fill.src.contains(face, tol=TOL)
    assert abs(fill.dst.w / fill.src.w - fill.dst.h / fill.src.h) < 1e-6


def test_the_window_keeps_what_stands_out_not_the_plain_sky_or_the_lattice() -> None:
    """Cropped to a narrow column, the rocket ad's photo kept its tower lattice and cut
    the white rocket in half (a centred window) or lost it (spectral saliency alone)."""
    photo = _photo(Box(0, 0, 520, 628), _sky_with_rocket(628, 520))
    # a tall narrow room at the left of a square canvas
    fill = filled(photo, Box(0, 200, 300, 562), [Box(360, 0, 1080, 1080)], 1080, 1080, 40.0,
                  [], edges_run_off(photo.box, 1200, 628))  # fmt: skip
    assert fill is not None and fill.src.w < photo.box.w
    rocket = Box(0.72 * 520, 0.2 * 628, 0.8 * 520, 628)
    assert fill.src.x0 <= rocket.x0 and fill.src.x1 >= rocket.x1


def _split_ad() -> Image.Image:
    img = rocket_panel()
    d = ImageDraw.Draw(img)
    d.text((580, 70), "MEGA SALE", font=font(BOLD, 84), fill=(200, 150, 20))
    d.text((580, 200), "Telescopes for the whole family", font=font(REGULAR, 32), fill=(40,) * 3)
    pill(d, (580, 440, 860, 520), 12, (30, 30, 30), "Shop the sale", 30, (255, 255, 255))
    return img


def _hand_analysis(*elements: Element, w: int, h: int) -> Analysis:
    bg = Background("flat", np.full((10, 10, 3), 0.9, np.float32), 0.01, (0.9, 0.9, 0.9), 0.0)
    return Analysis(w, h, np.full((h, w, 3), 0.9, np.float32), bg, tuple(elements))


def _words(eid: str, kind: str, box: Box) -> Element:
    mid = (box.x0 + box.x1) / 2
    line = TextLine(
        box,
        (Word(Box(box.x0, box.y0, mid - 10, box.y1)), Word(Box(mid + 10, box.y0, box.x1, box.y1))),
    )
    return Element(eid, kind, box, Layer(box, np.ones((int(box.h), int(box.w), 4), np.float32)), 1.0, eid, (line,))  # type: ignore[arg-type]  # fmt: skip


def test_every_plan_lets_the_panel_fill_without_new_overlaps() -> None:
    an = _hand_analysis(
        _photo(Box(0, 0, 520, 628)),
        _words("headline0", "headline", Box(580, 70, 1100, 170)),
        _words("body0", "body", Box(580, 200, 1100, 240)),
        w=1200,
        h=628,
    )
    for W, H in ((1080, 1920), (1080, 1080), (300, 600), (1920, 1080)):
        for i, p in enumerate(plan_layouts(an, W, H, parse_prompt("no crop"), 4, 0)):
            if p.strategy != "relayout":
                continue
            photo = next(q for q in p.placements if q.element_id == "product0")
            others = [q.dst for q in p.placements if q.element_id != "product0"]
            assert not any(photo.dst.intersects(o, tol=TOL) for o in others), (W, H)
            assert Box(0, 0, W, H).contains(photo.dst, tol=TOL)
            assert abs(photo.dst.w / photo.src.w - photo.dst.h / photo.src.h) < 1e-3
            at_edges = [
                photo.dst.x0 <= TOL, photo.dst.y0 <= TOL,
                photo.dst.x1 >= W - TOL, photo.dst.y1 >= H - TOL,
            ]  # fmt: skip
            # the best plan's photo reaches two edges (an alternative may set it between
            # two blocks of words, against one)
            assert sum(at_edges) >= (2 if i == 0 else 1), (W, H, p.arrangement, photo.dst)


def test_a_split_ad_fills_its_photo_side_end_to_end() -> None:
    """Through recompose: at 1080x1920 and 1080x1080 the rocket photo reaches two canvas
    edges, is larger than the words' scale alone allowed, and every word is kept."""
    buf = io.BytesIO()
    _split_ad().save(buf, "PNG")
    outs = recompose(buf.getvalue(), RecomposeOptions(sizes=((1080, 1920), (1080, 1080))))
    for o in outs:
        assert (o.width, o.height) == Image.open(io.BytesIO(o.data)).size
        photo = next(e for e in o.layout["elements"] if e["kind"] == "product")
        x, y, w, h = photo["box"]
        edges = [x <= 1, y <= 1, x + w >= o.width - 1, y + h >= o.height - 1]
        assert sum(edges) >= 2, o.layout
        # it fills at least half the canvas's area
        assert w * h >= 0.4 * o.width * o.height, o.layout
        kinds = sorted(e["kind"] for e in o.layout["elements"])
        assert "cta" in kinds and "headline" in kinds


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _analysed(img: Image.Image) -> Analysis:
    return analyze(np.asarray(img.convert("RGB")), 1024)


def test_a_photo_the_headline_runs_onto_is_still_a_picture_with_the_words_painted_out() -> None:
    """The headline ran on from the plain side over the cat photo: taken for a scrim
    under the words, the photo went into the backdrop (fitted as a gradient) and every
    re-layout lost the cat. It is a picture spanning the banner's height, opaque, with
    the headline's ink and the brand mark painted out of it (drawn once, by their own
    elements), and it fills its side of a square."""
    img = cat_right_panel(words_over=True, mark=True)
    an = _analysed(img)
    photo = next(e for e in an.elements if e.kind in ("product", "person") and e.box.w > 400)
    assert photo.box.x0 == pytest.approx(640, abs=8) and photo.box.y0 <= 2 and photo.box.y1 >= 626
    assert is_photo_panel(photo, an.width, an.height)
    lb = photo.layer.box
    rgb = photo.layer.rgba[..., :3]
    src = np.asarray(img, np.float32)[lb.pixels()] / 255.0
    # the white letters of "happy" over the photo (x 640-915, y 120-200) are gone from it
    head = np.asarray(img, np.float32)[120:200, 660:900] / 255.0
    white = head.min(axis=2) > 0.95
    assert white.sum() > 500
    painted = rgb[120 - int(lb.y0) : 200 - int(lb.y0), 660 - int(lb.x0) : 900 - int(lb.x0)]
    assert float(painted[white].min(axis=1).mean()) < 0.8
    # ... and so is the yellow mark; away from them the photo keeps its pixels
    mark = rgb[55 - int(lb.y0) : 75 - int(lb.y0), 1105 - int(lb.x0) : 1125 - int(lb.x0)]
    assert float(np.abs(mark - np.array([250, 200, 90]) / 255).max(axis=2).mean()) > 0.1
    far = (slice(400, 600), slice(700 - int(lb.x0), 1100 - int(lb.x0)))
    assert float(np.abs(rgb[far] - src[far]).max()) < 1e-3
    buf = io.BytesIO()
    img.save(buf, "PNG")
    (out,) = recompose(buf.getvalue(), RecomposeOptions(sizes=((1080, 1080),)))
    shown = next(e for e in out.layout["elements"] if e["kind"] == photo.kind)
    assert shown["box"][2] * shown["box"][3] >= 0.4 * 1080 * 1080, out.layout


def test_a_photo_credit_printed_on_the_panel_is_never_cut() -> None:
    """ "Photo: NASA" in the rocket photo's corner travels with the photo; windows cut
    through it ("NASA" alone at 300x250, "SA" at 160x600). Every window keeps it."""
    img = rocket_panel()
    d = ImageDraw.Draw(img)
    d.text((580, 70), "MEGA SALE", font=font(BOLD, 84), fill=(200, 150, 20))
    d.text((580, 200), "Telescopes for the whole family", font=font(REGULAR, 32), fill=(40,) * 3)
    pill(d, (580, 440, 860, 520), 12, (30, 30, 30), "Shop the sale", 30, (255, 255, 255))
    d.text((30, 580), "Photo: NASA", font=font(BOLD, 24), fill=(255, 255, 255))
    an = _analysed(img)
    photo = next(e for e in an.elements if e.kind == "product" and e.box.w > 400)
    assert photo.printed, "the credit should travel with the photo"
    credit = photo.printed[0]
    assert credit.x0 < 60 and credit.y0 > 560
    windows = 0
    for W, H in ((1080, 1080), (300, 250), (160, 600), (1080, 1920), (970, 250)):
        for p in plan_layouts(an, W, H, parse_prompt(""), 2, 0):
            for q in p.placements:
                if q.element_id == photo.id and q.src != photo.box:
                    windows += 1
                    assert q.src.contains(credit, tol=TOL), (W, H, q.src, credit)
    assert windows, "no plan cropped the photo"


def test_a_photo_at_each_end_of_a_plain_banner_is_two_pictures() -> None:
    """A café ad with a coffee photo down the left and a cat down the right, the words
    on cream between them, was a photo background: the tall outputs cropped the cream
    middle and both photos were lost. The ground is the background; each photo is a
    picture spanning the banner's height, and both are shown at 1080x1920."""
    img = two_photo_panels()
    an = _analysed(img)
    assert an.background.kind in ("flat", "gradient")
    panels = sorted(
        (e for e in an.elements if is_photo_panel(e, an.width, an.height)), key=lambda e: e.box.x0
    )
    assert len(panels) == 2
    assert panels[0].box.x0 <= 2 and panels[0].box.x1 == pytest.approx(330, abs=8)
    assert panels[1].box.x1 >= 1198 and panels[1].box.x0 == pytest.approx(870, abs=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    (out,) = recompose(buf.getvalue(), RecomposeOptions(sizes=((1080, 1920),)))
    shown = [e for e in out.layout["elements"] if e["kind"] == panels[0].kind]
    assert len(shown) == 2, out.layout
    assert sum(e["box"][2] * e["box"][3] for e in shown) >= 0.3 * 1080 * 1920


def test_a_panel_does_not_grow_up_beside_a_button_it_faced_corner_to_corner() -> None:
    """Two photos under a café ad's button, at 1080x1080: the right one grew up beside
    the button, 11 px from it. A neighbour it only faced corner to corner keeps the
    full gap; one it already faced from closer (a button just above) it may run along."""
    photo = _photo(Box(0, 0, 330, 628))
    button = Box(391, 210, 689, 290)
    d = Box(700, 312, 1080, 1031)
    left_photo = Box(0, 312, 651, 1080)  # the left photo, grown
    fill = filled(photo, d, [button, left_photo], 1080, 1080, 48.0, [], (False, True, True, True))
    # it may grow down to the edge, not up beside the button
    assert fill is None or fill.dst.y0 >= d.y0 - TOL, fill.dst


def test_a_photo_band_under_the_words_is_one_picture_on_the_ground() -> None:
    """A coffee photo filling the bottom half under words on cream: the three rows of
    spread along the photo's own top edge put the cream at 3.1% detailed, just over the
    split test's 3%, so the banner was a photo background, and the crema, a rare
    colour, was lifted as an orange half-disc that floated over every layout. The
    cream is the ground, the band one picture spanning the width, and nothing else is."""
    an = _analysed(coffee_band_bottom())
    assert an.background.kind in ("flat", "gradient")
    pictures = [e for e in an.elements if e.kind in ("product", "person")]
    assert len(pictures) == 1, [(e.kind, e.box) for e in pictures]
    band = pictures[0]
    assert band.box.x0 <= 2 and band.box.x1 >= 1198 and band.box.y1 >= 626
    assert band.box.y0 == pytest.approx(298, abs=8)
    assert is_photo_panel(band, an.width, an.height)


def test_a_photo_band_across_the_middle_is_one_picture_on_the_ground() -> None:
    """A coffee photo band across the middle of a cream square, words above, a pill
    below: a split in three with the photo in the middle (the ground at both ends) is
    its ground with one picture on it, spanning the width; it had been a textured
    backdrop with a piece of the photo lifted out of it."""
    an = _analysed(coffee_band_middle())
    assert an.background.kind in ("flat", "gradient")
    pictures = [e for e in an.elements if e.kind in ("product", "person")]
    assert len(pictures) == 1, [(e.kind, e.box) for e in pictures]
    band = pictures[0]
    assert band.box.x0 <= 2 and band.box.x1 >= 1078
    assert band.box.y0 == pytest.approx(260, abs=8) and band.box.y1 == pytest.approx(820, abs=8)
    assert is_photo_panel(band, an.width, an.height)


@pytest.mark.parametrize("size", [(160, 600), (300, 600), (1080, 1920)])
def test_the_words_are_centred_in_the_room_the_photo_band_leaves(size: tuple[int, int]) -> None:
    """The coffee band grows to the foot of a tall canvas, edge to edge; the words and
    the pill stand centred in the cream above it. They had stayed where the stack
    centred them with the band at its first size: at 160x600 a third of the cream was
    blank above them, none below."""
    out = recompose(_png(coffee_band_bottom()), RecomposeOptions(sizes=(size,)))[0]
    W, H = size
    boxes = {e["id"]: Box.from_xywh(*e["box"]) for e in out.layout["elements"]}
    photo = next(boxes[e["id"]] for e in out.layout["elements"] if e["kind"] == "product")
    assert photo.x0 <= 1 and photo.x1 >= W - 1 and photo.y1 >= H - 1, photo
    rest = [b for b in boxes.values() if b is not photo]
    top, bottom = min(b.y0 for b in rest), max(b.y1 for b in rest)
    assert bottom <= photo.y0
    assert abs(top - (photo.y0 - bottom)) <= 2, (top, photo.y0 - bottom, out.layout["arrangement"])
