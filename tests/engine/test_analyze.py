"""analyze() on drawn banners: blocks, products on busy pictures, button sizing.

Each test draws a banner with known boxes and checks what analysis (or the layout
record of a recomposition) says about them, through the public functions.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from banners import (
    BOLD,
    CHECK_GREEN,
    CHECKS,
    CUP_OVAL,
    FOOTER_BAR,
    FOOTER_BROWN,
    PORTRAIT_DISC,
    REGULAR,
    ROLES,
    SERIF_BOLD,
    SOURCE_SIZES,
    STAR_GOLD,
    STAR_R,
    STARS,
    TRACKED_UNDERLINE,
    bakery_banner,
    before_after,
    card_on_photo,
    cat_story_words,
    checklist,
    corner_ribbon,
    dark_band_words,
    feature_icons_banner,
    font,
    footer_bar,
    highlighted_headline,
    hiring_columns,
    jpeg_pixels,
    make_banner,
    png_bytes,
    portrait_beside_navy,
    product_beside_headline,
    rating_row,
    reviewer_quote,
    rocket_launch,
    rocket_panel,
    shadowed,
    three_pictures_banner,
    tracked_headings,
)
from PIL import Image, ImageDraw, ImageFilter

from bannerfit.engine import RecomposeOptions, recompose
from bannerfit.engine.analyze import analyze
from bannerfit.engine.geometry import Box
from bannerfit.engine.plan import plan_layouts
from bannerfit.engine.plan.limits import CTA_MAX_FRACTION, CTA_MAX_PX, MIN_LINE_PX
from bannerfit.engine.prompt import parse_prompt


def _box(r: tuple[float, float, float, float]) -> Box:
    return Box(*r)


@pytest.mark.parametrize("size", SOURCE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_headline_and_its_sub_line_are_separate_blocks(size: tuple[int, int]) -> None:
    """A bold headline and the lighter sub-line under it are two elements, not one."""
    b = make_banner(*size)
    an = analyze(b.rgb, 1024)
    sub = _box(b.elements["sub"])
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1
    cx, cy = (sub.x0 + sub.x1) / 2, (sub.y0 + sub.y1) / 2
    assert not (
        heads[0].box.x0 <= cx <= heads[0].box.x1 and heads[0].box.y0 <= cy <= heads[0].box.y1
    )
    assert any(e.kind in ("body", "small_print") and e.box.iou(sub) > 0.4 for e in an.elements)


def test_a_headline_line_without_ascenders_under_one_without_descenders_stays_in_it() -> None:
    """ "Tropical / lemon / yoga": the boxes of "lemon" (no descenders) and "yoga" (no
    ascenders) stand further apart than the lines above, though the baselines are evenly
    spaced; "yoga" was split off as a sub-line and laid out apart from its headline."""
    img = Image.new("RGB", (1200, 628), (28, 45, 90))
    d = ImageDraw.Draw(img)
    serif = font(SERIF_BOLD, 84)
    for i, word in enumerate(("Tropical", "lemon", "yoga")):
        d.text((700, 130 + 105 * i), word, font=serif, fill=(250, 250, 250))
    d.text((700, 470), "Start claim meet and styles", font=font(REGULAR, 34), fill=(250, 250, 250))
    an = analyze(np.asarray(img), 1024)
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1, [(e.kind, e.box) for e in an.elements]
    assert len(heads[0].lines) == 3, heads[0].lines
    assert not any(e.is_text and e.box.y0 < 460 for e in an.elements if e is not heads[0])
    # "yoga" sits on its letters' baseline, not on its descenders' tips: reflowed beside
    # "lemon" it rode a descender's depth above it
    ascent = serif.getmetrics()[0]
    for i, line in enumerate(heads[0].lines):
        base = 130 + 105 * i + ascent
        assert line.baseline is not None and abs(line.baseline - base) < 0.08 * 84, (i, line)


def _texture(w: int, h: int) -> np.ndarray:
    """A green dotted texture over smooth noise, like a patterned ad background."""
    rng = np.random.default_rng(3)
    noise = rng.random((h // 40 + 2, w // 40 + 2)).astype(np.float32)
    smooth = np.asarray(
        Image.fromarray((noise * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC)
    )
    t = smooth.astype(np.float32)[..., None] / 255
    base = np.array([150, 215, 175], np.float32) * (0.85 + 0.15 * t)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    for y in range(10, h, 36):
        for x in range(10, w, 36):
            d.ellipse((x, y, x + 16, y + 16), fill=(112, 190, 145))
    return np.asarray(img)


def _assert_one_logo_over(img: Image.Image, brand: Box, tol: float) -> None:
    """Analysis finds exactly one logo, and it covers the brand's mark and word."""
    an = analyze(np.asarray(img), 1024)
    logo = _the_logo(an)
    assert logo.box.contains(brand, tol=tol), logo.box


def _the_headline_and_no_logo(img: Image.Image):  # type: ignore[no-untyped-def]
    """Analysis finds no logo and exactly one headline, which is returned."""
    an = analyze(np.asarray(img), 1024)
    found = [(e.kind, e.box) for e in an.elements]
    assert not any(e.kind == "logo" for e in an.elements), found
    head = [e for e in an.elements if e.kind == "headline"]
    assert len(head) == 1, found
    return head[0]


def _with_scrim(
    img: Image.Image, box: tuple[int, int, int, int], rgba: tuple[int, int, int, int]
) -> Image.Image:
    """``img`` under a translucent rounded panel, as ads put words on busy pictures."""
    scrim = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(scrim).rounded_rectangle(box, 20, fill=rgba)
    return Image.alpha_composite(img.convert("RGBA"), scrim).convert("RGB")


def test_product_touching_the_border_of_a_texture_is_found_whole() -> None:
    """Its own colours along one border do not make it background."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(_texture(W, H))
    cat = Image.fromarray(skdata.chelsea()).resize((420, 420), Image.LANCZOS)
    mask = Image.new("L", cat.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 419, 419), fill=255)
    img.paste(cat, (0, 100), mask)
    d = ImageDraw.Draw(img)
    d.text((640, 230), "Fresh deals", font=font(BOLD, 64), fill=(20, 40, 30))
    an = analyze(np.asarray(img), 1024)
    truth = Box(0, 100, 420, 520)
    products = [e for e in an.elements if e.kind in ("product", "person")]
    assert products, [e.kind for e in an.elements]
    best = max(products, key=lambda e: e.box.intersection(truth))
    assert best.box.intersection(truth) >= 0.9 * truth.area
    assert best.box.w <= 1.3 * truth.w


def test_button_is_capped_on_a_large_canvas_and_stays_legible() -> None:
    """A small banner's button is not blown up to headline size on a big canvas."""
    b = make_banner(300, 600)
    out = recompose(b.png, RecomposeOptions(sizes=((1080, 1920), (320, 50))))
    for o in out:
        ctas = [e for e in o.layout["elements"] if e["kind"] == "cta"]
        assert ctas, o.layout["elements"]
        h = ctas[0]["box"][3]
        cap = min(CTA_MAX_PX, max(29.0, CTA_MAX_FRACTION * min(o.width, o.height)))
        assert h <= cap + 1.0
        # its words stay at least the legible minimum tall
        assert h >= MIN_LINE_PX


def test_text_on_a_scrim_over_a_texture_is_lifted_as_ink_not_a_patch() -> None:
    """Words on a translucent panel over a pattern come away without the pattern.

    A box cut around the words would carry the dots and the panel's tint into every
    new layout; the matte keeps the ink's colour, opaque on the glyphs and clear
    between them.
    """
    W, H = 1200, 628
    img = _with_scrim(Image.fromarray(_texture(W, H)), (150, 180, 1050, 420), (30, 40, 35, 200))
    d = ImageDraw.Draw(img)
    f = font(BOLD, 96)
    d.text((200, 230), "Fresh Daily", font=f, fill=(255, 255, 255))
    rgb = np.asarray(img)
    an = analyze(rgb, 1024)
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1
    layer = heads[0].layer
    assert not layer.rect
    alpha = layer.rgba[..., 3]
    ink = rgb[layer.box.pixels()].astype(np.float32).mean(axis=2) > 200
    assert ink.any() and float(alpha[ink].mean()) > 0.9
    # between and around the glyphs (well away from the ink) nothing of the scrim or dots
    import cv2

    near = cv2.dilate(ink.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    assert float(alpha[~near].max()) < 0.1
    assert np.allclose(layer.rgba[ink][:, :3].mean(axis=0), 1.0, atol=0.08)


def _photo_like(w: int, h: int) -> np.ndarray:
    """A grey picture with a dark figure on its left, like a tinted photo background."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = 150 + 40 * np.sin(xx / 37.0) * np.cos(yy / 23.0)
    base[:, : w // 5] = 45 + 10 * np.sin(yy[:, : w // 5] / 9.0)
    return np.clip(np.dstack([base, base, base * 0.95]), 0, 255).astype(np.uint8)


def test_regular_weight_headline_and_sub_line_split_at_the_paragraph_gap() -> None:
    """Same typeface weight, but the sub-line sits well past the headline's leading."""
    W, H = 970, 250
    img = Image.new("RGB", (W, H), (245, 240, 230))
    d = ImageDraw.Draw(img)
    big, small = font(REGULAR, 36), font(REGULAR, 30)
    d.text((190, 20), "Rapid garden", font=big, fill=(20, 20, 20))
    d.text((190, 64), "workshop days", font=big, fill=(20, 20, 20))
    d.text((190, 125), "Enjoy every explore build taste", font=small, fill=(20, 20, 20))
    an = analyze(np.asarray(img), 1024)
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1 and heads[0].box.y1 < 120, [(e.kind, e.box) for e in an.elements]
    assert any(e.kind in ("body", "small_print") and e.box.y0 > 115 for e in an.elements)


def test_a_logo_mark_with_a_letter_pairs_with_the_brand_word_beside_it() -> None:
    """The letter inside the mark is read as a line too; it is not the brand's word."""
    W, H = 970, 250
    img = Image.fromarray(_photo_like(W, H))
    d = ImageDraw.Draw(img)
    d.ellipse((3, 110, 17, 128), fill=(150, 150, 150))  # a light speck of the picture
    d.rounded_rectangle((22, 106, 58, 142), 6, fill=(120, 200, 40))
    d.text((31, 110), "K", font=font(BOLD, 26), fill=(255, 255, 255))
    d.text((66, 111), "Kasko", font=font(BOLD, 24), fill=(255, 255, 255))
    d.rounded_rectangle((230, 40, 700, 200), 16, fill=(30, 30, 30))
    d.text((260, 70), "Rapid garden", font=font(BOLD, 44), fill=(255, 255, 255))
    d.text((260, 130), "Enjoy every day", font=font(REGULAR, 26), fill=(255, 255, 255))
    _assert_one_logo_over(img, Box(24, 108, 140, 138), tol=2)


def test_plain_text_on_a_texture_leaves_a_clean_plate() -> None:
    """Words straight on a texture are removed from the background that gets extended.

    Their quiet panel once took its extent from a flood of the texture's own colour,
    which covered the whole picture; the plate was then the source itself, blurred, and
    every new size showed ghosts of the headline behind the real one.
    """
    W, H = 1200, 628
    img = Image.fromarray(_texture(W, H))
    d = ImageDraw.Draw(img)
    d.text((150, 200), "Sleek garden", font=font(BOLD, 120), fill=(20, 40, 60))
    rgb = np.asarray(img)
    an = analyze(rgb, 1024)
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1
    ps = an.background.plate_scale
    plate = an.background.plate
    under = plate[heads[0].box.scaled(ps).pixels()]
    texture_mean = _texture(W, H).astype(np.float32).mean() / 255
    assert abs(float(under.mean()) - texture_mean) < 0.06, (float(under.mean()), texture_mean)


def test_a_ring_crossing_the_words_does_not_travel_with_them() -> None:
    """A decoration's stroke through a sub-line stays behind; the letters stay whole."""
    W, H = 1080, 1080
    img = Image.new("RGB", (W, H), (248, 242, 228))
    d = ImageDraw.Draw(img)
    d.text((120, 200), "Swift kitchen", font=font(BOLD, 90), fill=(25, 25, 25))
    d.text((150, 420), "Nearby savings season", font=font(REGULAR, 56), fill=(25, 25, 25))
    d.ellipse((640, 300, 1180, 840), outline=(160, 158, 150), width=18)
    rgb = np.asarray(img)
    an = analyze(rgb, 1024)
    body = [e for e in an.elements if e.kind in ("body", "small_print") and e.box.y0 > 380]
    assert len(body) == 1, [(e.kind, e.box) for e in an.elements]
    layer = body[0].layer
    crop = rgb[layer.box.pixels()].astype(np.float32)
    alpha = layer.rgba[..., 3]
    ink = crop.max(axis=2) < 60
    import cv2

    near_ink = cv2.dilate(ink.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    # the ring's own pixels (letters' anti-aliased edges share its grey, so not near them)
    grey = (np.abs(crop - np.array([160, 158, 150])).max(axis=2) < 12) & ~near_ink
    assert grey.sum() > 50 and ink.sum() > 200
    assert float(alpha[grey].max()) < 0.1
    assert float(alpha[ink].mean()) > 0.9


def test_the_grain_of_a_texture_does_not_come_away_with_the_words() -> None:
    """Specks of a texture as dark as the ink stay in the background, not in the matte."""
    W, H = 1200, 628
    img = Image.fromarray(_texture(W, H))
    d = ImageDraw.Draw(img)
    rng = np.random.default_rng(5)
    for x, y in rng.integers((80, 120), (1120, 420), size=(150, 2)):
        d.rectangle((int(x), int(y), int(x) + 2, int(y) + 2), fill=(30, 45, 60))
    d.text((150, 200), "Sleek garden", font=font(BOLD, 120), fill=(20, 40, 60))
    rgb = np.asarray(img)
    an = analyze(rgb, 1024)
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1 and not heads[0].layer.rect
    layer = heads[0].layer
    crop = rgb[layer.box.pixels()].astype(np.float32)
    import cv2

    glyphs = np.zeros(crop.shape[:2], np.uint8)
    big = Image.new("L", (W, H), 0)
    ImageDraw.Draw(big).text((150, 200), "Sleek garden", font=font(BOLD, 120), fill=255)
    glyphs = np.asarray(big)[layer.box.pixels()] > 0
    away = ~cv2.dilate(glyphs.astype(np.uint8), np.ones((31, 31), np.uint8)).astype(bool)
    specks = (crop.max(axis=2) < 70) & away
    assert specks.sum() > 20
    assert float(layer.rgba[..., 3][specks].max()) < 0.05


def test_a_product_framed_in_a_circle_on_a_photo_is_found_by_its_frame() -> None:
    """The rare colours around the frame include a dark figure; the frame's outline wins."""
    import skimage.data as skdata

    W, H = 600, 1200
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    grey = 150 + 30 * np.sin(xx / 31.0) * np.cos(yy / 17.0)
    bg = np.dstack([grey * 0.9, grey * 0.55, grey * 0.9])  # a photo tinted purple
    # a dark figure at the left edge, reaching behind the frame
    bg[560:1000, :160] = np.dstack([20 + 10 * np.sin(yy[560:1000, :160] / 7.0)] * 3)
    img = Image.fromarray(np.clip(bg, 0, 255).astype(np.uint8))
    photo = Image.fromarray(skdata.coffee()).resize((460, 460))
    frame = Image.new("L", (460, 460), 0)
    ImageDraw.Draw(frame).ellipse((0, 0, 459, 459), fill=255)
    img.paste(photo, (70, 690), frame)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((40, 160, 560, 470), 20, fill=(60, 40, 70))
    d.text((80, 200), "Noodle gallery", font=font(BOLD, 60), fill=(255, 255, 255))
    d.text((80, 300), "Camping rocket", font=font(BOLD, 60), fill=(255, 255, 255))
    an = analyze(np.asarray(img), 1024)
    prods = [e for e in an.elements if e.kind == "product"]
    assert prods, [(e.kind, e.box) for e in an.elements]
    assert max(p.box.iou(Box(70, 690, 530, 1150)) for p in prods) > 0.8, [p.box for p in prods]


def _words_on(bg: np.ndarray) -> np.ndarray:
    img = Image.fromarray(bg).convert("RGB")
    d = ImageDraw.Draw(img)
    d.text((60, 60), "Weekend market", font=font(BOLD, 64), fill=(20, 20, 20))
    return np.asarray(img)


@pytest.mark.parametrize("picture", ["coffee", "rocket", "chelsea"])
def test_a_photograph_is_not_taken_for_a_texture(picture: str) -> None:
    """Only a background that repeats is mirrored at its grain; a photo never is."""
    import skimage.data as skdata

    photo = Image.fromarray(getattr(skdata, picture)()).convert("RGB").resize((1200, 628))
    for lossy in (False, True):  # the rocket's sky is nearly as smooth as a gradient
        an = analyze(_words_on(np.asarray(photo)), 1024, lossy=lossy)
        assert an.background.kind == "photo", an.notes


def _jpeg_pixels(rgb: np.ndarray, quality: int) -> np.ndarray:
    """``rgb`` as it comes back from a JPEG file of this quality."""
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(buf).convert("RGB"))


@pytest.mark.parametrize("size", [(728, 90), (970, 250), (300, 250), (1200, 628)])
@pytest.mark.parametrize("background", ["flat", "gradient"])
def test_a_plain_banner_saved_as_jpeg_stays_plain(size: tuple[int, int], background: str) -> None:
    """Most ads arrive as JPEGs: the ringing around a crowded strip's logo, button and
    product tipped its background's median residual over the plain threshold, and a
    gradient was laid out as a photo (own_006 at quality 90: its logo read as the
    headline)."""
    rgb = _jpeg_pixels(make_banner(*size, background=background).rgb, 75)
    an = analyze(rgb, 1024, lossy=True)
    assert an.background.kind in ("flat", "gradient"), an.notes


@pytest.mark.parametrize("jpeg_quality", [None, 75])
def test_a_dotted_pattern_is_a_texture(jpeg_quality: int | None) -> None:
    rgb = _words_on(_texture(1200, 628))
    if jpeg_quality:
        rgb = _jpeg_pixels(rgb, jpeg_quality)
    an = analyze(rgb, 1024, lossy=jpeg_quality is not None)
    assert an.background.kind == "texture", an.notes


def _photo_banner_with(product: Image.Image, at: tuple[int, int]) -> np.ndarray:
    import skimage.data as skdata

    img = Image.fromarray(skdata.coffee()).convert("RGB").resize((1200, 628))
    img.paste(product, at, product)
    ImageDraw.Draw(img).text((700, 80), "Weekend market", font=font(BOLD, 56), fill=(255,) * 3)
    return np.asarray(img)


def _product_alpha_corners_and_centre(an, at: Box) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Alpha at the corners and at the centre of the product found where one was pasted
    (other round things of the photo may be products too)."""
    prods = [
        e
        for e in an.elements
        if e.kind == "product" and e.box.contains(Box(at.cx, at.cy, at.cx, at.cy))
    ]
    assert len(prods) == 1, [(e.kind, e.box) for e in an.elements]
    a = prods[0].layer.rgba[..., 3]
    h, w = a.shape
    corners = max(a[: h // 10, : w // 10].max(), a[-(h // 10) :, -(w // 10) :].max())
    return float(corners), float(a[h // 2 - 5 : h // 2 + 5, w // 2 - 5 : w // 2 + 5].min())


def test_a_round_framed_product_on_a_photo_is_lifted_as_its_disc() -> None:
    """Its square box would bring the photo's corners along into every layout."""
    import skimage.data as skdata

    cat = Image.fromarray(skdata.chelsea()).convert("RGB").crop((50, 0, 350, 300))
    mask = Image.new("L", cat.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 299, 299), fill=255)
    cat.putalpha(mask)
    corners, centre = _product_alpha_corners_and_centre(
        analyze(_photo_banner_with(cat, (120, 160)), 1024), Box(120, 160, 420, 460)
    )
    assert corners < 0.05 and centre > 0.99, (corners, centre)


def test_an_oval_picture_with_a_badge_on_its_rim_is_found_by_its_outline() -> None:
    """A picture cut to a slightly squeezed oval (672x650), a "SALE" disc over its rim
    and a soft shadow under it, on a photo: no circle lay on its outline along 90% of
    its length, and the product stayed in the backdrop of every layout (own_010)."""
    import skimage.data as skdata

    pic = Image.fromarray(skdata.astronaut()).crop((128, 128, 384, 384))
    img = _oval_on_coffee(pic)
    an = analyze(np.asarray(img), 1024)
    products = [e.box for e in an.elements if e.kind == "product"]
    assert any(b.contains(Box(1152, 183, 1824, 833), tol=12) for b in products), products


def _oval_on_coffee(pic: Image.Image) -> Image.Image:
    """own_010's scene: a picture cut to an oval (672x650) with a "SALE" disc on its rim
    and a soft shadow, pasted on a photo, with a headline on a panel."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.coffee()).convert("RGBA").resize((1920, 1080))
    pic = pic.convert("RGB").resize((672, 650))
    oval = Image.new("L", pic.size, 0)
    ImageDraw.Draw(oval).ellipse((0, 0, 671, 649), fill=255)
    shadow = Image.new("RGBA", img.size, (0, 0, 0, 0))
    shadow.paste((0, 0, 0, 255), (1178, 209), oval.point(lambda v: v * 90 // 255))
    img.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(26)))
    img = img.convert("RGB")
    img.paste(pic, (1152, 183), oval)
    d = ImageDraw.Draw(img)
    _disc_badge(d, (1613, 761, 1863, 1011), "SALE", 60, (210, 70, 90), (250, 240, 230))
    d.rounded_rectangle((60, 260, 1000, 480), 30, fill=(240, 235, 230))
    d.text((100, 300), "Brave voyage", font=font(BOLD, 110), fill=(30, 30, 32))
    return img


def test_a_rectangle_inside_something_of_the_photo_is_no_product() -> None:
    """own_010 as a JPEG (quality 90, most ads' format): its oval's outline too soft for
    the circle search, colour rarity found the crema and the red cup inside it, and
    their rectangle, with no straight edge on its sides and no silhouette inside, was
    laid out as a piece cut through the cup. A framed picture and a cut-out bottle on
    the same photo are still products."""
    import skimage.data as skdata

    from bannerfit.engine.analyze.objects import _piece_of_photo

    photo = _photo_like(900, 600)
    cup = Image.fromarray(photo)
    ImageDraw.Draw(cup).ellipse((350, 100, 850, 560), fill=(170, 40, 30))
    inside = np.asarray(cup.filter(ImageFilter.GaussianBlur(3))).astype(np.float32) / 255
    assert _piece_of_photo(inside, Box(450, 200, 750, 460))

    framed = Image.fromarray(photo)
    framed.paste(Image.fromarray(skdata.astronaut()).resize((300, 260)), (450, 200))
    assert not _piece_of_photo(np.asarray(framed).astype(np.float32) / 255, Box(450, 200, 750, 460))

    bottle = Image.fromarray(photo)
    d = ImageDraw.Draw(bottle)
    d.rounded_rectangle((560, 200, 640, 280), 12, fill=(20, 60, 30))
    d.rounded_rectangle((480, 260, 720, 460), 40, fill=(20, 60, 30))
    assert not _piece_of_photo(np.asarray(bottle).astype(np.float32) / 255, Box(470, 195, 730, 465))


def test_small_print_on_a_texture_keeps_its_thin_letters() -> None:
    """14 px words matted off a texture: a one-pixel "l" spread over two pixel columns
    is nowhere solid, and the matte dropped it as grain (own_008's small print read
    "valıd whı e stocks ast. Terms app y" in every layout)."""
    img = Image.fromarray(_texture(1200, 628))
    d = ImageDraw.Draw(img)
    d.text((60, 150), "Clever lantern", font=font(BOLD, 80), fill=(40, 40, 44))
    small, text, at = font(REGULAR, 14), "Offer valid while stocks last. Terms apply.", (60, 573)
    d.text(at, text, font=small, fill=(40, 40, 44))
    an = analyze(np.asarray(img), 1024)
    line = next(e for e in an.elements if e.is_text and e.box.contains(Box(62, 576, 340, 586)))
    alpha, lb = line.layer.rgba[..., 3], line.layer.box
    top, bottom = at[1] + small.getbbox("l")[1], at[1] + small.getbbox("l")[3]
    for i in [i for i, c in enumerate(text) if c in "li"]:
        x0 = at[0] + small.getlength(text[:i])
        x1 = x0 + small.getlength(text[i])
        ink = alpha[int(top - lb.y0) : int(bottom - lb.y0), int(x0 - lb.x0) : int(x1 - lb.x0) + 1]
        assert ink.max() > 0.3, (i, text[:i])


def test_a_products_drop_shadow_does_not_stay_on_the_clean_plate() -> None:
    """A product shot with a soft shadow to its lower right: the shadow lay outside the
    product's box and stayed on the plate, a dark smudge in every layout's backdrop
    where the product no longer was (own_009)."""
    from banners import _product_patch

    # a sky whose light comes in bands, more than a cubic surface follows (the plate is
    # the grid of local medians then)
    x = np.linspace(0, 1, 1200, dtype=np.float32)
    ramp = (x + 0.06 * np.sin(x * 4 * np.pi))[None, :, None]
    sky = np.array([215, 230, 240], np.float32) * (1 - ramp) + np.array([150, 195, 225]) * ramp
    sky = np.broadcast_to(sky, (628, 1200, 3))
    img = Image.fromarray(sky.astype(np.uint8)).convert("RGBA")
    patch = _product_patch(400, 400)
    shadow = Image.new("RGBA", img.size, (0, 0, 0, 0))
    shadow.paste((0, 0, 0, 255), (716, 136), patch.getchannel("A").point(lambda v: v * 90 // 255))
    img.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(16)))
    img.alpha_composite(patch, (700, 120))
    d = ImageDraw.Draw(img)
    d.text((60, 200), "Radiant workshop", font=font(BOLD, 56), fill=(20, 40, 60))
    an = analyze(np.asarray(img.convert("RGB")), 1024)
    assert [e.kind for e in an.elements].count("product") == 1, an.elements
    bg = an.background
    for band in (Box(1100, 136, 1140, 560), Box(716, 520, 1140, 560)):  # the shadow's
        plate = bg.plate[band.scaled(bg.plate_scale).pixels()]
        truth = sky[band.pixels()] / 255
        truth = cv2.resize(truth, (plate.shape[1], plate.shape[0]), interpolation=cv2.INTER_AREA)
        assert (truth - plate).mean() < 0.015, (band, (truth - plate).mean())


def test_the_plate_keeps_the_grain_of_gravel_where_the_words_were() -> None:
    """Words lifted off gravel: the plate under them was a smooth inpainted blend, a
    soft stain the shape of the headline in every layout's backdrop (own_025)."""
    import skimage.data as skdata

    g = skdata.gravel().astype(np.float32)
    tile = np.tile(g, (628 // g.shape[0] + 1, 1200 // g.shape[1] + 1))[:628, :1200]
    tile = (tile - tile.mean()) / tile.std()
    pink = np.array([225, 200, 205], np.float32) + tile[..., None] * 22.0
    img = Image.fromarray(np.clip(pink, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.text((80, 200), "Brave river", font=font(BOLD, 150), fill=(40, 40, 44))
    an = analyze(np.asarray(img), 1024)
    head = next(e for e in an.elements if e.kind == "headline")
    bg = an.background

    def grain(box: Box) -> float:
        patch = bg.plate[box.scaled(bg.plate_scale).pixels()].mean(axis=2)
        return float((patch - cv2.GaussianBlur(patch, (0, 0), 2.0)).std())

    words = head.box.padded(-10)
    beside = Box(words.x0, 470, words.x1, 470 + words.h)  # bare gravel under the words
    assert grain(words) > 0.5 * grain(beside), (grain(words), grain(beside))


def test_a_covered_face_gets_no_grain_from_its_brows() -> None:
    """A headline panel over the lower half of a face: the grain mirrored across the
    hole's edge brought the brows down as a pair of closed eyes (public_000). Where a
    face was covered the plate stays the inpainting's."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.astronaut()).resize((1024, 1024))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((60, 300, 980, 520), 30, fill=(235, 230, 225))
    d.text((100, 330), "Brave voyage", font=font(BOLD, 130), fill=(20, 20, 24))
    covered = Box(360, 320, 520, 400)  # under the panel, where the eyes were

    def detail(faces: tuple[Box, ...]) -> float:
        bg = analyze(np.asarray(img), 1024, faces).background
        patch = bg.plate[covered.scaled(bg.plate_scale).pixels()].mean(axis=2)
        return float((patch - cv2.GaussianBlur(patch, (0, 0), 2.0)).std())

    assert detail((Box(330, 140, 540, 400),)) < 0.75 * detail(())


def test_a_product_on_a_photo_is_cut_out_not_boxed() -> None:
    """A bright product shape on a photograph is lifted as its silhouette."""
    shape = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    d = ImageDraw.Draw(shape)
    d.ellipse((20, 60, 280, 290), fill=(235, 70, 40, 255))
    d.rectangle((120, 10, 180, 80), fill=(40, 160, 220, 255))
    corners, centre = _product_alpha_corners_and_centre(
        analyze(_photo_banner_with(shape, (120, 160)), 1024), Box(140, 170, 400, 450)
    )
    assert corners < 0.05 and centre > 0.99, (corners, centre)


def test_words_on_a_texture_are_split_at_their_spaces_and_sit_on_their_baseline() -> None:
    """A shadowed two-word headline on a texture reflows word by word (it can wrap in a
    tall slot) instead of moving as one block the picture's specks glued together."""
    import skimage.data as skdata

    W, H = 1200, 628
    grain = Image.fromarray(skdata.gravel()).resize((W, H)).convert("RGB")
    img = Image.blend(grain, Image.new("RGB", (W, H), (235, 238, 240)), 0.55)
    d = ImageDraw.Draw(img)
    big = font(BOLD, 110)
    d.text((126, 186), "Sleek garden", font=big, fill=(120, 130, 140))  # drop shadow
    d.text((120, 180), "Sleek garden", font=big, fill=(20, 35, 60))
    an = analyze(np.asarray(img), 1024)
    texts = [e for e in an.elements if e.lines]
    head = max(texts, key=lambda e: e.line_height)
    assert [len(ln.words) for ln in head.lines] == [2], [(e.kind, e.box) for e in texts]
    # and its baseline is the letters', not where the gravel's specks thin out
    baseline = 180 + big.getmetrics()[0]
    found = head.lines[0].baseline
    assert found is not None and abs(found - baseline) < 0.08 * 110, (found, baseline)


@pytest.mark.parametrize("size", [40, 80, 120])
@pytest.mark.parametrize("lines", [("PLANET BAKERY", "NEW DINER"), ("HIDDEN MENU", "sea now mean")])
def test_a_line_of_capitals_is_split_at_its_spaces_not_between_upright_letters(
    size: int, lines: tuple[str, str]
) -> None:
    """The gap between two upright stems of capitals (the N and E of "PLANET") is over
    a quarter of the line's ink height, which is the cap height, not the type size;
    split there, the word was reflowed as "PLAN ET" and the next line's first word
    glued to its end. A line without ascenders is measured the same way."""
    img = Image.new("RGB", (1200, 628), (226, 228, 230))
    d = ImageDraw.Draw(img)
    for text, top in zip(lines, (100, 100 + 2 * size), strict=True):
        d.text((60, top), text, font=font(REGULAR, size), fill=(25, 25, 30))
    an = analyze(np.asarray(img), 1024)
    found = sorted((ln.box.y0, len(ln.words)) for e in an.elements for ln in e.lines)
    assert [n for _, n in found] == [len(t.split()) for t in lines], found


def _two_lines_on_a_scrim(
    photo: str,
    scrim: tuple[int, int, int, int],
    rgba: tuple[int, int, int, int],
    lines: tuple[str, str],
    face,  # type: ignore[no-untyped-def]
    at: tuple[int, int, int],
    ink: tuple[int, int, int],
) -> Image.Image:
    """A 1200x628 scikit-image photo under a scrim with two lines of words on it, drawn
    at x = at[0] and tops at[1], at[2]."""
    import skimage.data as skdata

    picture = getattr(skdata, photo)()
    img = _with_scrim(Image.fromarray(picture).convert("RGB").resize((1200, 628)), scrim, rgba)
    d = ImageDraw.Draw(img)
    for text, top in zip(lines, at[1:], strict=True):
        d.text((at[0], top), text, font=face, fill=ink)
    return img


def test_a_headline_on_a_scrim_over_a_photo_is_no_logo_and_keeps_its_baselines() -> None:
    """A blob of the photo beside the headline is no brand mark; the headline's two
    lines keep their words and baselines, so reflowed words sit on one line."""
    big = font(BOLD, 72)
    img = _two_lines_on_a_scrim(
        "astronaut", (40, 120, 640, 420), (60, 50, 45, 170),
        ("Crisp engine", "market"), big, (70, 150, 250), (250, 245, 235),
    )  # fmt: skip
    head = _the_headline_and_no_logo(img)
    assert [len(ln.words) for ln in head.lines] == [2, 1]
    ascent = big.getmetrics()[0]
    for ln, top in zip(head.lines, (150, 250), strict=True):
        assert ln.baseline is not None and abs(ln.baseline - (top + ascent)) < 6, ln.baseline


def test_a_brand_read_in_one_line_with_its_tile_is_the_logo() -> None:
    """The detector boxes "[K] Kasko" as one line: the coloured tile and the word are the
    logo, not a line of body text (and a thin rule crossing them does not hide the gap)."""
    W, H = 1920, 1080
    img = Image.new("RGB", (W, H), (110, 40, 50))
    d = ImageDraw.Draw(img)
    d.line((0, 240, 1920, 20), fill=(200, 90, 100), width=6)
    d.rectangle((745, 90, 815, 160), fill=(240, 90, 70))
    d.text((762, 96), "K", font=font(BOLD, 52), fill=(60, 20, 30))
    d.text((840, 88), "Kasko", font=font(REGULAR, 64), fill=(250, 245, 240))
    d.text((240, 300), "Clever summit", font=font(BOLD, 150), fill=(250, 245, 240))
    d.text((300, 560), "Reserve discover build premium", font=font(REGULAR, 70), fill=(250,) * 3)
    _assert_one_logo_over(img, Box(745, 90, 1000, 160), tol=4)


def _pale_gravel(w: int, h: int) -> Image.Image:
    """scikit-image's gravel tiled at its own scale on pink, spread over 22 grey levels
    (the own benchmark's texture backgrounds)."""
    import skimage.data as skdata

    stones = np.tile(skdata.gravel(), (3, 3))[:h, :w].astype(np.float32)
    stones = (stones - stones.mean()) / stones.std()
    pink = np.array([250, 215, 220], np.float32)
    return Image.fromarray(np.clip(pink + 22.0 * stones[..., None], 0, 255).astype(np.uint8))


def test_a_brand_read_in_one_line_with_its_mark_on_gravel_is_the_logo() -> None:
    """ "(Q) Quink" on pale gravel, boxed as one line: the stones above and below the word
    stay in its tightened box, so the word is measured by its rows of letters, and the
    round mark (taller than the word's capitals) is still the tile of a logo, whose box
    is the mark and the letters with a small margin."""
    W, H = 1080, 1080
    img = _pale_gravel(W, H)
    d = ImageDraw.Draw(img)
    d.ellipse((378, 75, 466, 163), fill=(110, 40, 70))
    d.text((402, 88), "Q", font=font(SERIF_BOLD, 48), fill=(250, 240, 240))
    d.text((482, 78), "Quink", font=font(SERIF_BOLD, 70), fill=(30, 30, 30))
    word = d.textbbox((482, 78), "Quink", font=font(SERIF_BOLD, 70))
    d.text((120, 290), "Brave river", font=font(BOLD, 130), fill=(30, 30, 30))
    d.text((115, 545), "Upgrade collect season local", font=font(REGULAR, 66), fill=(30,) * 3)
    brand = Box(378, 75, word[2], 163)
    _assert_one_logo_over(img, brand, tol=4)
    # measured from its ink, not the detector's line box: on a busy picture the logo
    # travels as a patch, and the patch is no wider than the brand needs
    logo = next(e for e in analyze(np.asarray(img), 1024).elements if e.kind == "logo")
    assert brand.padded(0.2 * brand.h).contains(logo.box), (logo.box, brand)


def test_a_drop_shadow_on_gravel_is_matted_smooth_not_as_spikes_of_grain() -> None:
    """A dark headline with a soft drop shadow on pale gravel: past the letters' edge the
    matte holds the shadow, not the cracks between the stones inside it as spikes of ink
    (redrawn on a plain panel, they were a dirty halo around every letter)."""
    W, H = 1080, 1080
    img = _pale_gravel(W, H)
    f = font(BOLD, 130)
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).text((126, 296), "Brave river", font=f, fill=255)
    shadow = shadow.filter(ImageFilter.GaussianBlur(5)).point(lambda v: int(v * 0.45))
    img = Image.composite(Image.new("RGB", (W, H), (40, 30, 30)), img, shadow)
    d = ImageDraw.Draw(img)
    d.text((120, 290), "Brave river", font=f, fill=(40, 40, 40))
    d.text((115, 545), "Upgrade collect season local", font=font(BOLD, 66), fill=(40,) * 3)
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((120, 290), "Brave river", font=f, fill=255)
    an = analyze(np.asarray(img), 1024)
    head = [e for e in an.elements if e.kind == "headline"]
    assert len(head) == 1, [(e.kind, e.box) for e in an.elements]
    lb, alpha = head[0].layer.box, head[0].layer.rgba[..., 3]
    ink = np.asarray(glyphs)[int(lb.y0) :, int(lb.x0) :][: alpha.shape[0], : alpha.shape[1]] > 0
    away = cv2.distanceTransform((~ink).astype(np.uint8), cv2.DIST_L2, 3)
    halo = (away > 4) & (away < 16)
    assert float(alpha[ink].mean()) > 0.9
    assert float((alpha[halo] > 0.3).mean()) < 0.015


def test_an_accent_coloured_word_is_not_taken_for_a_crossing_stroke() -> None:
    """'Silver journey' with the second word in an accent colour, a thin rule crossing
    the line: the rule may go, the accent word's letters stay in the headline's layer."""
    W, H = 970, 250
    img = Image.new("RGB", (W, H), (60, 130, 40))
    d = ImageDraw.Draw(img)
    d.line((0, 100, 970, 60), fill=(90, 150, 70), width=2)
    f = font(REGULAR, 58)
    d.text((190, 40), "Silver", font=f, fill=(255, 255, 255))
    x = 190 + d.textlength("Silver ", font=f)
    d.text((x, 40), "journey", font=f, fill=(170, 220, 20))
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((x, 40), "journey", font=f, fill=255)
    an = analyze(np.asarray(img), 1024)
    head = [e for e in an.elements if e.is_text and e.box.contains(Box(x, 50, x + 150, 90))]
    assert head, [(e.kind, e.box) for e in an.elements]
    lb, alpha = head[0].layer.box, head[0].layer.rgba[..., 3]
    ink = np.asarray(glyphs)[int(lb.y0) : int(lb.y1), int(lb.x0) : int(lb.x1)] > 200
    assert float((alpha[ink] > 0.2).mean()) > 0.9


def test_a_logo_mark_overlapping_a_decoration_is_still_the_mark() -> None:
    """A round mark drawn over the edge of a big decorative circle is one foreground blob
    with it; its flat colour still sets it apart, and it pairs with the brand's word."""
    W, H = 970, 250
    img = Image.new("RGB", (W, H), (236, 180, 180))
    d = ImageDraw.Draw(img)
    d.ellipse((-80, -60, 75, 140), fill=(165, 140, 140))
    d.ellipse((18, 96, 74, 152), fill=(210, 70, 90))
    d.ellipse((36, 114, 56, 134), fill=(236, 180, 180))
    d.text((86, 102), "Orla", font=font(BOLD, 40), fill=(30, 25, 30))
    d.text((215, 50), "Swift workshop", font=font(REGULAR, 64), fill=(30, 25, 30))
    d.text((215, 165), "Fast season collect compare", font=font(REGULAR, 36), fill=(30, 25, 30))
    _assert_one_logo_over(img, Box(20, 98, 170, 150), tol=4)


@pytest.mark.parametrize(("backdrop", "side"), [("plain", 40), ("texture", 44)])
def test_a_jpeg_logo_tile_stays_one_flat_mark(backdrop: str, side: int) -> None:
    """own_006 as a JPEG (quality 85): JPEG's ringing around the letter in a small logo
    tile broke the tile's flat ring into specks, no mark was found, and the brand's
    word was taken for the headline (own_019's tile on bricks alike). For a JPEG the
    flat test allows for that noise: more on a plain background, less on a texture,
    whose own smooth patches must not become marks."""
    from bannerfit.engine.analyze import (
        FLAT_MARK_VAR,
        FLAT_MARK_VAR_LOSSY,
        FLAT_MARK_VAR_LOSSY_BUSY,
    )
    from bannerfit.engine.analyze.pixels import _flat_marks

    plain = backdrop == "plain"
    img = Image.new("RGB", (200, 90), (18, 42, 70)) if plain else Image.fromarray(_texture(200, 90))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((15, 13, 15 + side - 1, 13 + side - 1), 5, fill=(240, 178, 50))
    f = font(REGULAR, round(0.6 * side))
    bb = d.textbbox((0, 0), "O", font=f)
    cx, cy = 15 + (side - 1) / 2, 13 + (side - 1) / 2
    d.text((cx - (bb[0] + bb[2]) / 2, cy - (bb[1] + bb[3]) / 2), "O", font=f, fill=(18, 42, 70))
    work = _jpeg_pixels(np.asarray(img), 85).astype(np.float32) / 255
    tile = np.abs(work - np.array([240, 178, 50]) / 255).max(axis=2) < 0.15

    def largest_share(max_var: float) -> float:
        mask = (_flat_marks(work, max_var) & tile).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        return max((float(st[2] * st[3]) for st in stats[1:]), default=0.0) / (side * side)

    assert largest_share(FLAT_MARK_VAR_LOSSY if plain else FLAT_MARK_VAR_LOSSY_BUSY) > 0.5
    assert largest_share(FLAT_MARK_VAR) < 0.2  # why a JPEG's threshold is looser


def _round_picture(name: str, d: int, centred: bool) -> Image.Image:
    """A square crop of a scikit-image photo (its centre or its top-left) in a disc."""
    import skimage.data as skdata

    pic = Image.fromarray(getattr(skdata, name)()).convert("RGB")
    side = min(pic.size)
    x0, y0 = ((pic.width - side) // 2, (pic.height - side) // 2) if centred else (0, 0)
    pic = pic.crop((x0, y0, x0 + side, y0 + side)).resize((d, d))
    mask = Image.new("L", (d, d), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, d - 1, d - 1), fill=255)
    pic.putalpha(mask)
    return pic


def test_round_pictures_on_a_photo_of_a_person_are_products_and_her_clothes_are_not() -> None:
    """Two round product photos pasted beside a person share her photo's colours; their
    crisp circular outlines find them, and the suit below her face stays background."""
    import skimage.data as skdata

    from bannerfit.engine.safety import analyze_safety

    W, H = 1200, 628
    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((H, H))
    canvas = Image.new("RGB", (W, H), (200, 200, 205))
    canvas.paste(img, (300, 0))
    for name, x, centred in (("coffee", 640, True), ("chelsea", 920, False)):
        pic = _round_picture(name, 250, centred)
        canvas.paste(pic, (x, 200), pic)
    canvas = _with_scrim(canvas, (20, 60, 380, 300), (60, 50, 45, 190))
    d = ImageDraw.Draw(canvas)
    d.text((45, 90), "Crisp engine", font=font(BOLD, 48), fill=(250, 245, 235))
    d.text((45, 170), "market", font=font(BOLD, 48), fill=(250, 245, 235))
    rgb = np.asarray(canvas)
    faces = tuple(Box.from_xywh(*b) for b, _ in analyze_safety(rgb).faces(0.25))
    assert faces, "the astronaut's face is found"
    an = analyze(rgb, 1024, faces)
    prods = [e.box for e in an.elements if e.kind == "product"]
    for x in (640, 920):
        disc = Box(x, 200, x + 250, 450)
        assert any(p.iou(disc) > 0.8 for p in prods), (x, prods)
    assert len(prods) == 2, prods


def test_the_second_line_of_a_headline_beside_a_dark_patch_is_no_brand() -> None:
    """A dark patch of the photo left of a headline's second line looks like a mark
    beside a word; a line with a same-size line right above it is a paragraph's."""
    import skimage.data as skdata

    W, H = 600, 1200
    img = Image.fromarray(skdata.camera()).convert("RGB").resize((W, H))
    img = Image.blend(img, Image.new("RGB", (W, H), (170, 170, 170)), 0.7)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 780, 60, 880), fill=(15, 15, 15))
    big = font(BOLD, 90)
    d.text((80, 660), "Fresh", font=big, fill=(255, 255, 255))
    d.text((80, 770), "island", font=big, fill=(255, 255, 255))
    assert len(_the_headline_and_no_logo(img).lines) == 2


def test_white_words_crossed_by_a_dark_pole_are_matted_as_white_ink() -> None:
    """Both ways from the photo's grey reach far (white letters, a black pole), but the
    letters run along the line and the pole does not: the ink is white."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(skdata.camera()).convert("RGB").resize((W, H))
    img = Image.blend(img, Image.new("RGB", (W, H), (150, 150, 150)), 0.4)
    d = ImageDraw.Draw(img)
    d.text((560, 120), "Honest discover weekend", font=font(REGULAR, 48), fill=(255, 255, 255))
    d.rectangle((840, 70, 852, 240), fill=(10, 10, 10))
    an = analyze(np.asarray(img), 1024)
    assert an.background.kind == "photo", an.notes
    texts = [e for e in an.elements if e.lines and e.box.intersects(Box(560, 120, 1100, 180))]
    assert texts, [(e.kind, e.box) for e in an.elements]
    layer = texts[0].layer.rgba
    inked = layer[..., 3] > 0.5
    assert inked.sum() > 500
    assert float(layer[..., :3][inked].mean()) > 0.8, float(layer[..., :3][inked].mean())


def _paste_rounded_coffee(
    img: Image.Image,
    crop: tuple[int, int, int, int],
    at: tuple[int, int, int, int],
    radius: int,
) -> None:
    """scikit-image's coffee photo (its ``crop``) pasted at ``at`` (x0, y0, x1, y1) with
    rounded corners: a product shot."""
    import skimage.data as skdata

    w, h = at[2] - at[0], at[3] - at[1]
    pic = Image.fromarray(skdata.coffee()).convert("RGB").crop(crop).resize((w, h))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius, fill=255)
    img.paste(pic, at[:2], mask)


def _plain_with_circles(w: int, h: int) -> Image.Image:
    """A plain banner with two large decorative circles running off its right edge."""
    img = Image.new("RGB", (w, h), (230, 236, 240))
    d = ImageDraw.Draw(img)
    d.ellipse((150, 110, 470, 430), fill=(150, 192, 228))
    d.ellipse((170, 290, 470, 590), fill=(150, 160, 172))
    return img


def test_a_product_overlapping_decorative_circles_is_found_by_its_straight_sides() -> None:
    """The product and the circles it overlaps are one foreground blob reaching under the
    text; the picture's own straight outline still finds it."""

    img = _plain_with_circles(300, 600)
    _paste_rounded_coffee(img, (100, 0, 500, 400), (55, 275, 245, 465), 22)
    d = ImageDraw.Draw(img)
    d.text((22, 90), "Vivid", font=font(BOLD, 44), fill=(20, 40, 70))
    d.text((22, 195), "Discover weekend", font=font(REGULAR, 24), fill=(20, 40, 70))
    d.rounded_rectangle((45, 500, 190, 536), 4, fill=(20, 40, 70))
    d.text((62, 505), "Get started", font=font(BOLD, 18), fill=(255, 255, 255))
    an = analyze(np.asarray(img), 1024)
    prods = [e.box for e in an.elements if e.kind == "product"]
    assert any(p.iou(Box(55, 275, 245, 465)) > 0.8 for p in prods), [
        (e.kind, e.box) for e in an.elements
    ]


def test_a_line_running_over_a_decorative_circle_keeps_its_last_word() -> None:
    """Every column over the circle differs from the banner's colour; the letters there
    are still the ink's colour, so the line's box reaches to its last letter."""
    img = _plain_with_circles(300, 600)
    d = ImageDraw.Draw(img)
    d.text((22, 90), "Vivid", font=font(BOLD, 44), fill=(20, 40, 70))
    f = font(REGULAR, 24)
    d.text((22, 195), "Discover weekend", font=f, fill=(20, 40, 70))
    end = 22 + f.getbbox("Discover weekend")[2]
    an = analyze(np.asarray(img), 1024)
    # (the line through y = 207, the middle of its letters)
    lines = [ln.box for e in an.elements for ln in e.lines if ln.box.y0 < 207 < ln.box.y1]
    assert lines and max(b.x1 for b in lines) >= end - 5, (end, lines)


def test_a_sub_line_running_onto_a_pale_disc_splits_at_its_spaces() -> None:
    """A sub-line whose last word lies on a pale disc (own_029): the disc is off the
    ground past the ink threshold, so its rows bridged the spaces and filled the top of
    the line like capitals; the line was one word, never wrapped, and given up in a
    160x600. The disc behind the words is a band of the nearer colour, not ink."""
    img = Image.new("RGB", (300, 600), (232, 240, 242))
    d = ImageDraw.Draw(img)
    d.ellipse((165, 105, 485, 425), fill=(173, 216, 240))
    d.text((22, 90), "Vivid", font=font(SERIF_BOLD, 44), fill=(20, 40, 70))
    d.text(
        (24, 210), "Discover weekend collect", font=font("DejaVuSerif.ttf", 17), fill=(20, 40, 70)
    )
    an = analyze(np.asarray(img), 1024)
    lines = [ln for e in an.elements for ln in e.lines if ln.box.y0 < 220 < ln.box.y1]
    assert len(lines) == 1 and len(lines[0].words) == 3, [
        [(round(w.box.x0), round(w.box.x1)) for w in ln.words] for ln in lines
    ]


def test_a_thin_rule_crossing_a_headline_does_not_join_its_words() -> None:
    """A decorative rule 2 px thick runs across the banner behind the headline (own_028):
    every column of the word space holds a little of it, and the two words had been one,
    never broken, set small on one line in a 160x600. A column holding no more than a
    hairline of ink is a gap between words."""
    img = Image.new("RGB", (970, 250), (236, 190, 190))
    d = ImageDraw.Draw(img)
    d.line((0, 80, 970, 62), fill=(150, 130, 130), width=2)
    d.text((215, 40), "Swift workshop", font=font(SERIF_BOLD, 64), fill=(30, 28, 30))
    d.text((215, 170), "Fast season collect compare", font=font(REGULAR, 30), fill=(30, 28, 30))
    an = analyze(np.asarray(img), 1024)
    (head,) = [e for e in an.elements if e.kind == "headline"]
    assert [len(ln.words) for ln in head.lines] == [2], [
        [(round(w.box.x0), round(w.box.x1)) for w in ln.words] for ln in head.lines
    ]


def _columns(gaps: list[int], letter_w: int = 12) -> np.ndarray:
    """A matted line's ink columns: letters ``letter_w`` wide, ``gaps`` apart."""
    cols = [True] * letter_w
    for g in gaps:
        cols += [False] * g + [True] * letter_w
    return np.array(cols)


def test_a_serif_lines_word_spaces_standing_clear_of_its_letter_gaps_split_it() -> None:
    """own_025's serif sub-line on gravel, matted: spaces of 20-24 px against 73 px of
    ink (ascenders to descenders), letter gaps up to 6 px. The spaces fall under the
    0.28 share of the ink that tells a sans's spaces, and the line had been one word,
    set as one small line in every layout; three spaces this clear of every letter gap
    are word spaces. A single wide gap in a word ("Compa re") still is not."""
    from bannerfit.engine.analyze.words import _word_runs

    line = [2, 6, 2, 3, 4, 4, 24, 5, 4, 2, 3, 2, 3, 23, 5, 5, 4, 6, 4, 20, 4, 4, 4, 1]
    assert len(_word_runs(_columns(line), 73.0)) == 4
    assert len(_word_runs(_columns([1, 1, 2, 2, 5]), 18.0)) == 1


def test_a_brand_over_a_big_headline_keeps_its_lower_half() -> None:
    """A brand (a mark and its word) just above a large serif headline (hidden_like_019):
    the headline's word boxes, padded for their soft edges, reach up into the brand, and
    clearing them out of it had left the brand's lower half behind in every layout. Only
    words whose middle lies inside a neighbour's layer are cleared from it."""
    img = Image.new("RGB", (1080, 1080), (120, 70, 160))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((407, 54, 493, 140), 14, fill=(255, 214, 64))
    d.text((450, 97), "U", font=font(SERIF_BOLD, 52), fill=(20, 20, 20), anchor="mm")
    d.text((512, 97), "Umbra", font=font(SERIF_BOLD, 58), fill=(250, 250, 250), anchor="lm")
    d.text((132, 140), "Lemon daily", font=font(SERIF_BOLD, 150), fill=(250, 250, 250))
    d.text((132, 360), "breeze extra", font=font(SERIF_BOLD, 150), fill=(250, 250, 250))
    an = analyze(np.asarray(img))
    logos = [e for e in an.elements if e.kind == "logo"]
    assert logos, [(e.kind, e.box) for e in an.elements]
    layer = logos[0].layer
    alpha = layer.rgba[..., 3]
    rows = np.flatnonzero((alpha > 0.5).any(axis=1)) + layer.box.y0
    assert rows.max() >= 130, (layer.box, rows.min(), rows.max())


def _bricks(w: int, h: int) -> Image.Image:
    """Green bricks: thin light mortar lines, as a skyscraper's textured background."""
    img = Image.new("RGB", (w, h), (24, 92, 52))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 24):
        d.line((0, y, w, y), fill=(58, 130, 84), width=2)
        for x in range(0 if (y // 24) % 2 else 20, w, 40):
            d.line((x, y, x, y + 24), fill=(58, 130, 84), width=2)
    return img


def test_the_letter_of_a_round_mark_on_bricks_is_not_the_brand() -> None:
    """The detector reads the mark's letter as a line of its own; it is the mark's glyph,
    not a brand word beside the dark stone of the wall left of the mark: the word
    beside the mark is the brand."""
    img = _bricks(160, 600)
    d = ImageDraw.Draw(img)
    d.rectangle((2, 266, 26, 300), fill=(8, 30, 16))
    d.ellipse((30, 268, 62, 300), fill=(160, 220, 20))
    d.text((39, 272), "B", font=font(REGULAR, 20), fill=(20, 60, 30))
    d.text((68, 272), "Brivo", font=font(REGULAR, 20), fill=(255, 255, 255))
    d.text((10, 330), "Sleek", font=font(REGULAR, 40), fill=(255, 255, 255))
    d.text((10, 380), "market", font=font(REGULAR, 40), fill=(255, 255, 255))
    _assert_one_logo_over(img, Box(30, 268, 125, 300), tol=4)


def test_gravel_under_a_darker_shape_does_not_cling_to_the_words() -> None:
    """Where the words cross a darker decorative shape on gravel, the gravel's cracks
    there are as dark as half the ink; the matte keeps only what lies at the letters."""
    import skimage.data as skdata

    W, H = 1080, 1080
    grain = Image.fromarray(skdata.gravel()).resize((W, H)).convert("RGB")
    img = Image.blend(grain, Image.new("RGB", (W, H), (240, 215, 220)), 0.6)
    shade = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    ImageDraw.Draw(shade).ellipse((600, 420, 1300, 1120), fill=(90, 60, 70, 110))
    img = Image.alpha_composite(img.convert("RGBA"), shade).convert("RGB")
    f = font(REGULAR, 60)
    ImageDraw.Draw(img).text((110, 540), "Upgrade collect season local", font=f, fill=(40, 40, 40))
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((110, 540), "Upgrade collect season local", font=f, fill=255)
    near = cv2.dilate((np.asarray(glyphs) > 0).astype(np.uint8), np.ones((17, 17), np.uint8))
    an = analyze(np.asarray(img), 1024)
    texts = [e for e in an.elements if e.lines and e.box.intersects(Box(110, 540, 1000, 610))]
    assert texts, [(e.kind, e.box) for e in an.elements]
    stray = 0
    for e in texts:
        lb = e.layer.box
        a = e.layer.rgba[..., 3]
        x0, y0 = int(lb.x0), int(lb.y0)
        far = near[y0 : y0 + a.shape[0], x0 : x0 + a.shape[1]] == 0
        stray += int(((a > 0.2) & far[: a.shape[0], : a.shape[1]]).sum())
    assert stray < 150, stray


def test_small_print_split_by_the_detector_on_a_photo_stays_one_line() -> None:
    """The detector reads small print on a photo as pieces (missing some words between
    them); pieces of one row a few letters apart are one line, lifted whole."""
    import skimage.data as skdata

    W, H = 160, 600
    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((W, H))
    d = ImageDraw.Draw(img)
    d.text((10, 40), "Smart", font=font(BOLD, 30), fill=(255, 255, 255))
    f = font(REGULAR, 9)
    d.text((12, 563), "Offer valid while stocks last.", font=f, fill=(255, 255, 255))
    x0, y0, x1, y1 = f.getbbox("Offer valid while stocks last.")
    an = analyze(np.asarray(img), 1024)
    row = [e for e in an.elements if e.lines and e.box.y0 > 540]
    assert len(row) == 1, [(e.kind, e.box) for e in an.elements]
    assert row[0].box.contains(Box(12 + x0, 563 + y0, 12 + x1, 563 + y1), tol=2), row[0].box


def test_a_round_badge_is_one_piece_with_its_words_and_travels_whole() -> None:
    """'-30%' on a disc is a badge: lifted with its disc (not words on a panel of the
    disc's colour), and every layout keeps it whole and uniformly scaled."""
    img = Image.new("RGB", (300, 600), (235, 240, 245))
    d = ImageDraw.Draw(img)
    d.ellipse((200, 190, 280, 270), fill=(40, 140, 220))
    d.text((212, 218), "-30%", font=font(BOLD, 20), fill=(255, 255, 255))
    d.text((20, 330), "Urban compass", font=font(BOLD, 30), fill=(20, 30, 60))
    d.rounded_rectangle((20, 500, 170, 540), 6, fill=(20, 30, 60))
    d.text((40, 508), "Download", font=font(BOLD, 20), fill=(255, 255, 255))
    an = analyze(np.asarray(img), 1024)
    badges = [e for e in an.elements if e.kind == "badge"]
    assert len(badges) == 1 and badges[0].box.iou(Box(200, 190, 281, 271)) > 0.8, [
        (e.kind, e.box) for e in an.elements
    ]
    buf = io.BytesIO()
    img.save(buf, "PNG")
    for out in recompose(buf.getvalue(), RecomposeOptions(sizes=((728, 90), (1080, 1080)))):
        rec = [e for e in out.layout["elements"] if e["kind"] == "badge"]
        assert len(rec) == 1, out.layout["elements"]
        x, y, w, h = rec[0]["box"]
        assert x >= 0 and y >= 0 and x + w <= out.width and y + h <= out.height


@pytest.mark.parametrize("size", [(728, 90), (320, 50)])
def test_a_small_buttons_words_are_measured_by_their_letters_not_the_pill(
    size: tuple[int, int],
) -> None:
    """On a small source the detector's box of a button's words spans the whole pill;
    the planner's legibility floor must see the letters' height, or it lets the words
    shrink under the minimum in every layout."""
    b = make_banner(*size)
    an = analyze(b.rgb)
    (cta,) = [e for e in an.elements if e.kind == "cta"]
    letters = [w.box for w in b.words if w.role == "cta"]
    ink_h = max(y1 for _, _, _, y1 in letters) - min(y0 for _, y0, _, _ in letters)
    assert cta.line_height <= 1.3 * ink_h + 2
    assert cta.line_height < 0.8 * cta.box.h
    out = recompose(b.png, RecomposeOptions(sizes=((300, 250),)))[0]
    (placed,) = [e for e in out.layout["elements"] if e["kind"] == "cta"]
    assert ink_h * placed["scale"] >= MIN_LINE_PX - 1


def test_words_of_the_grounds_colour_on_a_pill_are_a_button() -> None:
    """Navy words on an orange pill on a navy banner (own_006): the detector's box of
    the words spans the pill, the pill's commonest colour is flooded, and what lies on
    it is the ground's colour, as a big letter flooded from its ink and holding the disc
    under it looks. A wide, convex shape is a pill: the button had been a second
    headline, the real headline demoted to a sub-line in every layout."""
    navy, orange = (15, 42, 68), (242, 177, 52)
    img = Image.new("RGB", (728, 90), navy)
    d = ImageDraw.Draw(img)
    d.text((138, 16), "Urban engine lantern", font=font(SERIF_BOLD, 30), fill=(255,) * 3)
    d.text((138, 58), "Honest today season local build", font=font(REGULAR, 18), fill=(255,) * 3)
    d.rounded_rectangle((602, 28, 701, 63), 17, fill=orange)
    d.text(
        (651, 45), "Download", font=font("DejaVuSansCondensed-Bold.ttf", 18), fill=navy, anchor="mm"
    )
    an = analyze(np.asarray(img))
    ctas = [e for e in an.elements if e.kind == "cta"]
    assert len(ctas) == 1 and ctas[0].box.iou(Box(602, 28, 702, 63)) > 0.8, [
        (e.kind, e.box) for e in an.elements
    ]
    (head,) = [e for e in an.elements if e.kind == "headline"]
    assert head.box.x0 < 200, head.box


def test_dark_words_on_a_light_scrim_over_a_photos_highlights_are_matted_dark() -> None:
    """Through a light scrim a photo's highlights show as many small light specks; the
    letters are fewer but letter-sized pieces, and they are the ink (the light specks
    had been matted as the "words", leaving the headline unreadable)."""
    img = _two_lines_on_a_scrim(
        "coffee", (30, 110, 700, 460), (255, 236, 230, 150),
        ("Brave voyage", "workshop"), font(BOLD, 84), (60, 140, 260), (24, 22, 26),
    )  # fmt: skip
    an = analyze(np.asarray(img), 1024)
    head = max((e for e in an.elements if e.is_text), key=lambda e: e.line_height)
    rgba = head.layer.rgba
    solid = rgba[..., 3] > 0.9
    assert solid.sum() > 500
    ink = rgba[..., :3][solid].mean(axis=0)
    assert float(ink @ np.array([0.299, 0.587, 0.114])) < 0.3, ink


def _disc_badge(
    d: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    word: str,
    px: int,
    fill: tuple[int, int, int],
    ink: tuple[int, int, int],
) -> None:
    """A round badge: a disc with a bold word centred on it."""
    d.ellipse(box, fill=fill)
    f = font(BOLD, px)
    d.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), word, font=f, fill=ink, anchor="mm")


def _product_under_badge(
    img: Image.Image,
    product: tuple[int, int, int, int],
    badge: tuple[int, int, int, int],
    word: str,
    px: int,
) -> ImageDraw.ImageDraw:
    """A product shot pasted at ``product`` (x0, y0, x1, y1) and a disc badge over it."""
    from banners import _product_patch

    patch = _product_patch(product[2] - product[0], product[3] - product[1])
    img.paste(patch, product[:2], patch)
    d = ImageDraw.Draw(img)
    _disc_badge(d, badge, word, px, (210, 70, 90), (250, 240, 230))
    return d


def test_a_badge_five_text_heights_tall_on_a_photo_is_found_whole() -> None:
    """A big "SALE" disc on a photo: its flood once ran off the search window (two text
    heights above and below the word), so the badge became words on a rectangle."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(skdata.coffee()).convert("RGB").resize((W, H))
    d = ImageDraw.Draw(img)
    _disc_badge(d, (950, 380, 1110, 540), "SALE", 38, (210, 70, 90), (250, 240, 230))
    d.text((60, 120), "Brave voyage", font=font(BOLD, 80), fill=(250, 245, 235))
    an = analyze(np.asarray(img), 1024)
    badges = [e for e in an.elements if e.kind == "badge"]
    assert len(badges) == 1, [(e.kind, e.box) for e in an.elements]
    assert badges[0].box.iou(Box(950, 380, 1111, 541)) > 0.8, badges[0].box


def test_a_badge_stuck_on_a_products_corner_travels_with_the_product() -> None:
    """A "-50%" disc over a product's corner: found as a badge, it once made the product
    look like a panel under text (the product vanished from every layout); the two are
    one piece, as in the source."""
    img = Image.new("RGB", (1080, 1920), (120, 40, 60))
    d = _product_under_badge(img, (110, 100, 810, 660), (700, 560, 960, 820), "-50%", 60)
    d.text((100, 1050), "Modern harbor", font=font(BOLD, 110), fill=(250, 240, 230))
    d.rounded_rectangle((300, 1600, 760, 1720), 50, fill=(235, 90, 70))
    d.text((360, 1625), "Learn more", font=font(REGULAR, 60), fill=(250, 240, 230))
    an = analyze(np.asarray(img), 1024)
    products = [e for e in an.elements if e.kind == "product"]
    assert len(products) == 1, [(e.kind, e.box) for e in an.elements]
    assert not [e for e in an.elements if e.kind == "badge"]
    assert products[0].box.contains(Box(110, 100, 810, 660), tol=8)
    assert products[0].box.contains(Box(700, 560, 960, 820), tol=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    for out in recompose(buf.getvalue(), RecomposeOptions(sizes=((1080, 1080), (728, 90)))):
        assert [e["kind"] for e in out.layout["elements"]].count("product") == 1


def _two_line_headline(img: Image.Image):  # type: ignore[no-untyped-def]
    """The tallest text block analysis finds in a banner of two lines (see
    _two_lines_on_a_scrim); it must hold both lines."""
    an = analyze(np.asarray(img), 1024)
    head = max((e for e in an.elements if e.is_text), key=lambda e: e.line_height)
    assert len(head.lines) == 2, head.lines
    return head


def test_a_matted_lines_descenders_stay_with_it_and_not_with_the_next_line() -> None:
    """The detector's boxes of two lines overlap and end near the first line's baseline:
    the words of "voyage" lost their tails and the next line carried the tips along.
    Words of consecutive lines meet at the emptiest row between them."""
    face = font(BOLD, 84)
    head = _two_line_headline(_two_lines_on_a_scrim(
        "coffee", (30, 110, 700, 480), (255, 236, 230, 150),
        ("Brave voyage", "workshop"), face, (60, 140, 232), (24, 22, 26),
    ))  # fmt: skip
    tail = 140 + face.getbbox("Brave voyage")[3]  # the bottom of "y" and "g"
    top = 232 + face.getbbox("workshop")[1]  # the top of "k" and "h"
    assert all(w.box.y1 >= tail - 2 for w in head.lines[0].words), (tail, head.lines[0])
    assert all(w.box.y0 >= tail - 2 for w in head.lines[1].words), (tail, head.lines[1])
    assert all(w.box.y0 <= top + 1 for w in head.lines[1].words), (top, head.lines[1])


def test_widely_spaced_matted_lines_do_not_take_the_gap_into_their_words() -> None:
    """A panel's headline set with a line of air between its lines: the words met at
    the middle of the gap, each took half of it, and the layout spaced the reflowed lines
    half as far again (public_010's three-line headline fitted no 320x50 row). Words end
    a little past their own ink."""
    face = font(BOLD, 60)
    head = _two_line_headline(_two_lines_on_a_scrim(
        "coffee", (30, 100, 760, 470), (30, 32, 36, 235),
        ("MIGHTY PIZZA", "AMAZING DANCE"), face, (60, 130, 204), (250, 250, 250),
    ))  # fmt: skip
    ink_h = face.getbbox("MIGHTY PIZZA")[3] - face.getbbox("MIGHTY PIZZA")[1]
    first_bottom = 130 + face.getbbox("MIGHTY PIZZA")[3]
    second_top = 204 + face.getbbox("AMAZING DANCE")[1]
    for w in head.lines[0].words:
        assert first_bottom - 2 <= w.box.y1 <= first_bottom + 0.25 * ink_h, (first_bottom, w)
    for w in head.lines[1].words:
        assert second_top - 0.25 * ink_h <= w.box.y0 <= second_top + 2, (second_top, w)


def test_small_words_on_a_photo_in_a_small_skyscraper_are_all_detected() -> None:
    """A 300x600 source was shown to the text detector 320 px wide: 10 px words over the
    busy parts of a photo were missed (own_021's brand name and a sub-line's second line).
    A skyscraper narrower than DET_MIN_SHORT_SIDE is now shown at that width."""
    import skimage.data as skdata

    from bannerfit.engine.textdet import detect_lines

    img = Image.fromarray(skdata.camera()).convert("RGB").resize((300, 600))
    d = ImageDraw.Draw(img)
    rows = range(40, 560, 40)
    for y in rows:
        d.text((20, y), "weekend offers", font=font(REGULAR, 10), fill=(250, 250, 250))
    lines = [b for b, _ in detect_lines(np.asarray(img))]
    missed = [
        y for y in rows if not any(b.x0 <= 30 <= b.x1 and b.y0 <= y + 6 <= b.y1 for b in lines)
    ]
    assert not missed, (missed, lines)


def test_a_badge_stuck_on_a_framed_product_on_a_photo_travels_with_it_whole() -> None:
    """On a photo, a "SALE" disc over a framed product's corner left the product with a
    bite where the disc had covered it, and the layout put the two apart. A badge with
    at least BADGE_STUCK_OVERLAP of its box on a product is composited onto it."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.camera()).convert("RGB").resize((600, 1200))
    d = _product_under_badge(img, (120, 60, 480, 440), (390, 350, 560, 520), "SALE", 40)
    d.text((40, 700), "Fresh island", font=font(BOLD, 80), fill=(250, 245, 235))
    d.rounded_rectangle((80, 1000, 420, 1090), 30, fill=(210, 70, 90))
    d.text((120, 1020), "Download", font=font(REGULAR, 48), fill=(250, 240, 230))
    an = analyze(np.asarray(img), 1024)
    assert not [e for e in an.elements if e.kind == "badge"], [(e.kind, e.box) for e in an.elements]
    (prod,) = [
        e for e in an.elements if e.kind == "product" and e.box.intersects(Box(390, 350, 560, 520))
    ]
    assert prod.box.contains(Box(390, 350, 560, 520), tol=8), prod.box
    # the product's pixels under the disc are the disc's, not a hole
    lb = prod.layer.box
    cx, cy = int(475 - lb.x0), int(435 - lb.y0)
    assert prod.layer.rgba[cy, cx, 3] > 0.95
    assert abs(prod.layer.rgba[cy - 30, cx + 30, 0] - 210 / 255) < 0.1


@pytest.mark.parametrize("px", [18, 20])
def test_a_matted_word_with_thin_letters_stays_one_word(px: int) -> None:
    """Words of text matted off a photo were split where the matte's solid core left a
    gap wider than the word space threshold: a thin "r" stood 5 px off its "a", and
    "Compare" was reflowed as "Compa re". A word space must stand out from the gaps
    between the line's letters."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.camera()).convert("RGB").resize((320, 600))
    d = ImageDraw.Draw(img)
    d.text((20, 100), "Sleek market", font=font(BOLD, 40), fill=(250, 250, 250))
    d.text((20, 300), "Compare savings", font=font(REGULAR, px), fill=(250, 250, 250))
    d.text((20, 340), "Rare offers", font=font(REGULAR, px), fill=(250, 250, 250))
    an = analyze(np.asarray(img), 1024)
    lines = [ln for e in an.elements if e.is_text for ln in e.lines if ln.box.y0 > 330]
    assert [len(ln.words) for ln in lines] == [2], lines


def test_a_logo_reaching_into_a_scrim_leaves_the_scrim_behind() -> None:
    """public_017's "Wexa" overlaps the top edge of the headline's scrim: lifted as a box
    of the picture, it carried a dark bar of the scrim into every layout. Inside the
    scrim, the scrim's colour is not the logo's."""
    import skimage.data as skdata

    W, H = 1080, 1080
    img = Image.fromarray(skdata.coffee()).convert("RGB").resize((W, H))
    d = ImageDraw.Draw(img)
    scrim = (90, 150, 990, 500)
    d.rounded_rectangle(scrim, 24, fill=(70, 40, 45))
    d.polygon([(455, 88), (500, 130), (455, 172), (410, 130)], fill=(45, 45, 90))
    d.text((455, 130), "W", font=font(BOLD, 40), fill=(250, 245, 235), anchor="mm")
    d.text((515, 130), "Wexa", font=font(BOLD, 48), fill=(20, 15, 20), anchor="lm")
    d.text((540, 250), "Bakery picnic", font=font(BOLD, 110), fill=(250, 245, 235), anchor="mm")
    d.text((540, 400), "studio", font=font(BOLD, 110), fill=(250, 245, 235), anchor="mm")
    an = analyze(np.asarray(img), 1024)
    (logo,) = [e for e in an.elements if e.kind == "logo"]
    lb, alpha = logo.layer.box, logo.layer.rgba[..., 3]
    assert lb.y1 > scrim[1] + 8, (lb, "the test needs a logo box reaching into the scrim")
    # the scrim between the mark and the word, under the word's baseline: not the logo's
    x, y = int(505 - lb.x0), int(scrim[1] + 4 - lb.y0)
    assert alpha[y, x] == 0.0, alpha[y - 3 : y + 3, x - 3 : x + 3]
    # the picture above the scrim still comes along, for the box to fade out in
    assert alpha[int(scrim[1] - 25 - lb.y0), x] > 0.5


def test_the_analysis_says_how_sure_it_is_and_an_unsure_one_is_cropped() -> None:
    """A photo with no text found is not read as a banner: the analysis says so (low
    confidence, the reason in its notes), and the layout record names the crop it fell
    back to. A plain drawn banner is taken apart exactly: full confidence, no doubts."""
    import skimage.data as skdata

    plain = make_banner(1080, 1080)
    an = analyze(plain.rgb, 1024)
    assert an.confidence == 1.0 and not an.doubts

    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((1080, 1080))
    an = analyze(np.asarray(img), 1024)
    assert an.confidence < 0.5
    assert "no text found" in an.doubts and "no text found" in an.notes
    buf = io.BytesIO()
    img.save(buf, "PNG")
    (out,) = recompose(buf.getvalue(), RecomposeOptions(sizes=((1200, 1000),)))
    assert out.layout["strategy"] == "crop"
    assert out.layout["reason"].startswith("analysis unsure (no text found)")
    assert out.layout["analysis_confidence"] < 0.5


def test_words_over_a_dark_coat_and_a_lit_ground_leave_the_ground_behind() -> None:
    """own_021's white headline sits over a dark coat and a lit pavement. The matte's
    ink threshold came from the crop's border (mostly coat), so the pavement near the
    letters counted as ink and was matted half-transparent: a pale patch around the
    words on every panel. Ink must also stand out from its own surroundings."""
    import skimage.data as skdata

    img = (
        Image.fromarray(skdata.camera()).convert("RGB").resize((600, 600)).crop((150, 0, 450, 600))
    )
    face = font(BOLD, 38)
    glyphs = Image.new("L", img.size, 0)
    for canvas, offset, fill in (
        (img, 2, (20, 20, 20)),
        (img, 0, (250, 250, 250)),
        (glyphs, 0, 255),
    ):
        d = ImageDraw.Draw(canvas)
        d.text((24 + offset, 330 + offset), "Fresh", font=face, fill=fill)
        d.text((24 + offset, 375 + offset), "island", font=face, fill=fill)
    an = analyze(np.asarray(img), 1024)
    head = max((e for e in an.elements if e.is_text), key=lambda e: e.line_height)
    alpha = head.layer.rgba[..., 3]
    y0, x0 = int(head.layer.box.y0), int(head.layer.box.x0)
    window = (slice(y0, y0 + alpha.shape[0]), slice(x0, x0 + alpha.shape[1]))
    letters = np.asarray(glyphs)[window] > 0
    near = cv2.dilate(letters.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    lit = (np.asarray(img.convert("L"))[window] > 120) & ~near
    assert lit.sum() > 1000
    assert float((alpha[lit] > 0.2).mean()) < 0.02
    assert float(alpha[letters].mean()) > 0.8


def test_a_cats_eyes_are_not_read_as_words() -> None:
    """The text detector fires on a cat's eyes (two square blobs ~300 px tall in a
    1080 px photo). In a picture with no line of text (an image sent by mistake, or a
    key visual) they were laid out as a headline and a sub-line, cut out of the picture
    and moved. A square "line" a fifth of the banner tall is a picture."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.chelsea()).convert("RGB").resize((1080, 1080))
    an = analyze(np.asarray(img), 1024)
    assert not [(e.kind, e.box) for e in an.elements if e.is_text or e.lines]
    assert "no text found" in an.doubts


def test_a_bold_headline_and_its_regular_sub_line_are_two_blocks_in_a_skyscraper() -> None:
    """own_023's 25 px bold headline and 20 px regular sub-line measured 1.70 apart in
    stroke weight, just under the old 1.7 threshold: one block, whose reflow put the
    sub-line's "Online" at the end of the headline's last line."""
    img = Image.new("RGB", (160, 600), (247, 241, 227))
    d = ImageDraw.Draw(img)
    for y, word in ((324, "Urban"), (358, "compass"), (392, "kitchen")):
        d.text((14, y), word, font=font(BOLD, 25), fill=(27, 27, 30))
    d.text((13, 428), "Online today", font=font(REGULAR, 20), fill=(27, 27, 30))
    d.text((13, 453), "explore", font=font(REGULAR, 20), fill=(27, 27, 30))
    an = analyze(np.asarray(img), 1024)
    blocks = sorted((e.box.y0, e.kind, len(e.lines)) for e in an.elements if e.is_text)
    assert [(kind, n) for _, kind, n in blocks] == [("headline", 3), ("body", 2)], blocks


def test_a_sub_line_on_the_headline_s_card_shares_its_scrim() -> None:
    """On a card that reaches far past it, the ring around a sub-line is the card
    itself; the sub-line sits on the headline's scrim (it had got a quiet panel of its
    own and was redrawn as a strip apart from the card)."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.coffee()).convert("RGB").resize((1200, 628))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((185, 45, 745, 300), 20, fill=(50, 50, 56))
    head = font(SERIF_BOLD, 48)
    d.text((200, 55), "Dance gallery", font=head, fill=(250, 250, 250))
    d.text((200, 125), "Running coffee", font=head, fill=(250, 250, 250))
    d.text((240, 245), "Lessons cards rewards new", font=font(REGULAR, 28), fill=(250, 250, 250))
    an = analyze(np.asarray(img), 1024)
    text = [e for e in an.elements if e.kind in ("headline", "body")]
    assert sorted(e.kind for e in text) == ["body", "headline"], [e.kind for e in an.elements]
    panels = [e.panel for e in text]
    assert all(p is not None and not p.soft and p.scrim is not None for p in panels), panels
    assert panels[0].scrim == panels[1].scrim  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("rgba", "ink"), [((0, 0, 0, 128), (255, 255, 255)), ((255, 255, 255, 150), (20, 20, 20))]
)
def test_a_translucent_panel_over_a_photo_is_lifted_off_the_picture(
    rgba: tuple[int, int, int, int], ink: tuple[int, int, int]
) -> None:
    """Words on a translucent panel over a photo: the panel is measured (its opacity
    and colour) and redrawn behind the words, and the picture under it is recovered in
    the clean plate, not left darkened (or filled in) where the panel was."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.astronaut()).convert("RGB").resize((1200, 628))
    img = _with_scrim(photo, (40, 110, 720, 460), rgba)
    d = ImageDraw.Draw(img)
    d.text((80, 140), "Crisp engine", font=font(SERIF_BOLD, 64), fill=ink)
    d.text((80, 230), "market", font=font(SERIF_BOLD, 64), fill=ink)
    d.text((80, 340), "Explore today, upgrade easy design", font=font(REGULAR, 30), fill=ink)
    an = analyze(np.asarray(img), 1024)
    veil = Box(40, 110, 720, 460)
    # (the photo's own name tag, outside the panel, is read as words too)
    text = [e for e in an.elements if e.is_text and veil.contains(e.box, tol=20)]
    assert len(text) >= 2, [(e.kind, e.box) for e in an.elements]
    # a light veil's patch over the bright wall is uniform, but no button: the words
    # on it run past it
    assert not [e for e in an.elements if e.kind == "cta"], [(e.kind, e.box) for e in an.elements]
    for e in text:
        p = e.panel
        assert p is not None and not p.soft and p.scrim is not None, (e.kind, p)
        assert abs(p.opacity - rgba[3] / 255) < 0.12, p.opacity
        assert np.allclose(p.color, np.array(rgba[:3]) / 255, atol=0.15), p.color
    # the plate inside the panel, away from its rim and the words, is the photo again
    plate = an.background.plate
    ps = plate.shape[1] / 1200
    truth = np.asarray(photo.resize((plate.shape[1], plate.shape[0]), Image.LANCZOS)) / 255.0
    inner = Box(60, 130, 700, 440).scaled(ps).pixels()
    near_words = np.zeros(plate.shape[:2], bool)
    for e in text:
        near_words[e.box.scaled(ps).padded(0.3 * e.line_height * ps).pixels()] = True
    clear = ~near_words[inner]
    err = np.abs(plate[inner] - truth[inner]).mean(axis=2)[clear]
    veiled = np.abs(np.asarray(img.resize(truth.shape[1::-1], Image.LANCZOS)) / 255.0 - truth)
    before = float(np.median(veiled[inner].mean(axis=2)[clear]))
    assert clear.mean() > 0.2 and float(np.median(err)) < min(0.06, before / 3), (err, before)


def test_a_veil_over_a_light_part_of_a_photo_leaves_the_picture_under_it_whole() -> None:
    """A white veil over the bright rim of a cup photo is as even around its words as an
    opaque scrim; flooding the scrim's colour from the words ran on past the veil's edges
    over the rim, down to a cup shot pasted under the veil (own_027), and the shot, then
    touching a panel, was no picture of its own: it stayed in the backdrop, blurred into
    every layout. The veil, found by the step along its four sides, is the panel."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.coffee()).convert("RGB")
    photo = photo.crop((187, 0, 412, 400)).resize((1080, 1920), Image.LANCZOS)
    img = _with_scrim(photo, (56, 232, 1031, 836), (255, 252, 248, 166))
    d = ImageDraw.Draw(img)
    d.text((90, 290), "Prime signal", font=font(SERIF_BOLD, 120), fill=(43, 43, 43))
    d.text((90, 440), "compass", font=font(SERIF_BOLD, 120), fill=(43, 43, 43))
    d.text((90, 640), "Online nearby discover", font=font(REGULAR, 70), fill=(43, 43, 43))
    shot = Image.fromarray(skdata.coffee()).convert("RGB").crop((93, 0, 507, 400))
    shot = shot.resize((636, 615), Image.LANCZOS)
    mask = Image.new("L", shot.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, 635, 614), 60, fill=255)
    img.paste(shot, (222, 883), mask)
    an = analyze(np.asarray(img), 1024)
    pasted = Box(222, 883, 858, 1498)
    products = [e for e in an.elements if e.kind == "product"]
    assert any(e.box.iou(pasted) > 0.85 for e in products), [(e.kind, e.box) for e in an.elements]
    text = [e for e in an.elements if e.kind in ("headline", "body")]
    assert text and all(e.panel is not None and e.panel.veil for e in text), [
        (e.kind, e.panel) for e in text
    ]


def _soft_dots(w: int, h: int, period: int) -> Image.Image:
    """A light grey ground with soft white dots ``period`` pixels apart (public_020's)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.hypot((yy % period) - period / 2, (xx % period) - period / 2)
    dots = np.clip(1.0 - d / (0.3 * period), 0, 1) ** 0.5
    shade = 0.86 + 0.03 * np.sin(xx / 170.0) * np.cos(yy / 130.0)
    grey = np.clip(shade + (1.0 - shade) * dots, 0, 1)
    return Image.fromarray((np.dstack([grey] * 3) * 255 + 0.5).astype(np.uint8))


def test_a_near_opaque_card_over_soft_dots_is_a_veil() -> None:
    """public_020: a cream card at 0.85 over light grey dots, 0.04 brighter than the
    dots' mean. No step of one sign runs along its sides (a white dot outside is
    brighter than the card, a grey gap darker), so it was neither scrim nor veil: it
    stayed in the plate, and every layout's backdrop was tiled with pieces of it. The
    dots it damps find its sides; its opacity and colour are measured, and the plate
    under it is the dots again."""
    W, H = 1080, 1080
    ground = _soft_dots(W, H, 85)
    card = (40, 260, 1040, 760)
    img = _with_scrim(ground, card, (246, 244, 238, 217))
    d = ImageDraw.Draw(img)
    d.text((120, 300), "Rhythm", font=font(BOLD, 120), fill=(17, 17, 17))
    d.text((120, 460), "Chocolate", font=font(BOLD, 120), fill=(17, 17, 17))
    d.text((120, 620), "Fresh every single morning", font=font(REGULAR, 48), fill=(17, 17, 17))
    an = analyze(np.asarray(img), 1024)
    text = [e for e in an.elements if e.is_text]
    assert text, [(e.kind, e.box) for e in an.elements]
    for e in text:
        p = e.panel
        assert p is not None and p.veil and not p.soft and p.scrim is not None, (e.kind, p)
        assert abs(p.opacity - 217 / 255) < 0.06, p.opacity
        assert np.allclose(p.color, np.array((246, 244, 238)) / 255, atol=0.03), p.color
        assert p.scrim.iou(Box(*card)) > 0.85, p.scrim
    # inside the card, away from the words, the plate shows the dots again
    plate = an.background.plate
    ps = plate.shape[1] / W
    truth = np.asarray(ground.resize((plate.shape[1], plate.shape[0]), Image.LANCZOS)) / 255.0
    inner = Box(80, 300, 1000, 720).scaled(ps).pixels()
    spread = float(plate[inner].mean(axis=2).std())
    assert spread > 0.6 * float(truth[inner].mean(axis=2).std()), spread
    assert float(np.median(np.abs(plate[inner] - truth[inner]))) < 0.03


def test_a_bar_of_the_picture_through_words_on_it_is_not_matted_as_ink() -> None:
    """White words on a photo crossed by a white pole (a tripod's leg): the pole is as
    light as the ink, but it runs in from beyond the words and is longer than any
    letter's stroke, so it does not travel with them as stray strokes."""
    W, H = 970, 250
    img = Image.fromarray(_photo_like(W, H))
    d = ImageDraw.Draw(img)
    d.text((250, 30), "Rapid garden", font=font(BOLD, 64), fill=(255, 255, 255))
    pole = ((560, 0), (640, 250))
    d.line(pole, fill=(250, 250, 250), width=5)
    words, f = (250, 140), font(REGULAR, 44)
    d.text(words, "Honest discover weekend", font=f, fill=(255, 255, 255))
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text(words, "Honest discover weekend", font=f, fill=255)
    bar = Image.new("L", (W, H), 0)
    ImageDraw.Draw(bar).line(pole, fill=255, width=5)
    an = analyze(np.asarray(img), 1024)
    body = [e for e in an.elements if e.is_text and e.box.contains(Box(300, 150, 700, 180))]
    assert body and not body[0].layer.rect, [(e.kind, e.box, e.layer.rect) for e in an.elements]
    lb, alpha = body[0].layer.box, body[0].layer.rgba[..., 3]

    def crop(m: Image.Image) -> np.ndarray:
        a = np.asarray(m)[int(lb.y0) :, int(lb.x0) :][: alpha.shape[0], : alpha.shape[1]] > 128
        return np.pad(a, ((0, alpha.shape[0] - a.shape[0]), (0, alpha.shape[1] - a.shape[1])))

    ink = crop(glyphs)
    near_ink = cv2.dilate(ink.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    pole_only = crop(bar) & ~near_ink
    assert pole_only.sum() > 100
    assert float((alpha[pole_only] > 0.3).mean()) < 0.05
    assert float(alpha[ink].mean()) > 0.85


def test_a_full_bleed_photo_gives_up_no_scraps_of_itself_as_products() -> None:
    """A coffee photo filling the banner, darkened toward the bottom for the words: the
    red of the saucer and the crema are colours no border shows, and GrabCut cuts a
    silhouette out of either, but their outlines run on into the photo (an edge along
    only 78% and 64% of them). They stay in the backdrop instead of being laid out as
    torn-off scraps of it. (Cropped 30 px higher, the crema's outline measures 91% and it
    is lifted still: see PIECE_OUTLINE_SUPPORT.)"""
    import skimage.data as skdata

    W, H = 1200, 628
    photo = np.asarray(Image.fromarray(skdata.coffee()).resize((W, 900), Image.LANCZOS))
    shade = np.clip((np.arange(H) / H - 0.45) / 0.55, 0, 1)[:, None, None] * 0.75
    img = Image.fromarray((photo[100 : 100 + H].astype(np.float32) * (1 - shade)).astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.ellipse((1080, 30, 1160, 110), fill=(255, 255, 255))  # the brand's round mark
    d.text((1100, 48), "B", font=font(BOLD, 40), fill=(120, 60, 30))
    d.text((50, 390), "Morning roast, done right", font=font(BOLD, 54), fill=(255, 255, 255))
    d.text(
        (50, 462), "Single-origin beans, delivered weekly", font=font(REGULAR, 30), fill=(235,) * 3
    )
    d.rounded_rectangle((50, 525, 290, 585), radius=30, fill=(255, 200, 60))
    d.text((80, 537), "Order now", font=font(BOLD, 30), fill=(30, 30, 30))
    an = analyze(np.asarray(img), 1024)
    assert an.background.kind == "photo", an.notes
    assert [e.kind for e in an.elements if e.kind == "product"] == [], [
        (e.kind, e.box) for e in an.elements
    ]
    assert {"headline", "cta"} <= {e.kind for e in an.elements}


def test_words_matted_off_a_photo_leave_the_photo_between_them_in_the_plate() -> None:
    """White words straight on a photo: the clean plate loses only their ink and drop
    shadow. Between and around the letters the photo stays as it was (a box inpainted
    around them had left a smear the shape of the block, with a hard rim, in every
    layout's backdrop)."""
    import skimage.data as skdata

    W, H = 1200, 628
    photo = Image.fromarray(skdata.coffee()).resize((W, 900)).crop((0, 100, W, 100 + H))
    img = photo.copy()
    d = ImageDraw.Draw(img)
    f = font(BOLD, 54)
    d.text((50, 390), "Morning roast, done right", font=f, fill=(255, 255, 255))
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((50, 390), "Morning roast, done right", font=f, fill=255)
    an = analyze(np.asarray(img), 1024)
    head = [e for e in an.elements if e.kind == "headline"]
    assert head and not head[0].layer.rect, [(e.kind, e.box) for e in an.elements]
    plate = an.background.plate
    ph, pw = plate.shape[:2]
    before = cv2.resize(np.asarray(photo).astype(np.float32) / 255, (pw, ph), cv2.INTER_AREA)
    ink = cv2.resize(np.asarray(glyphs), (pw, ph), interpolation=cv2.INTER_AREA) > 0
    away = cv2.distanceTransform((~ink).astype(np.uint8), cv2.DIST_L2, 3)
    s = an.background.plate_scale
    box = head[0].box.scaled(s).clipped(pw, ph)
    inside = np.zeros((ph, pw), bool)
    inside[box.pixels()] = True
    between = inside & (away > 0.35 * head[0].line_height * s)
    assert between.sum() > 2000
    diff = np.abs(plate - before).max(axis=2)
    assert float(np.percentile(diff[between], 95)) < 0.06
    # ... and the letters themselves are gone from it
    assert float(plate[ink].mean()) < 0.8


def test_three_pictures_side_by_side_on_a_plain_ground_are_three_products() -> None:
    """An e-commerce banner: three rounded product photos close together (one foreground
    blob with a "-30%" sticker) beside the words. Each is found as its own frame; the
    leftmost one's outline lies on the blob's border, and the rocket's launch tower
    holds a dozen vertical edges of its own. (Found before: a box from the coffee's
    middle to inside the rocket, and the rest of the rocket left on the plate as a
    dark smear.)"""
    img, pictures = three_pictures_banner()
    an = analyze(np.asarray(img), 1024)
    products = [e.box for e in an.elements if e.kind == "product"]
    for b in pictures:
        assert any(p.iou(Box(*b)) > 0.9 for p in products), (b, products)


def test_a_two_line_sub_line_running_onto_a_pale_shape_stays_one_block() -> None:
    """A skyscraper's sub-line whose first line runs onto a pale decorative blob at the
    right, its second line short of it. Measured against the box's median border
    colour, the blob was "ink" in every row of the first line's box, so that box stayed
    the detector's (half as tall again as its letters), and the two lines, unequal,
    were split into two blocks drawn at two sizes (own_029 at 970x250)."""
    W, H = 300, 600
    img = Image.new("RGB", (W, H), (232, 241, 242))
    d = ImageDraw.Draw(img)
    d.ellipse((200, 150, 420, 420), fill=(174, 216, 237))
    d.text((23, 93), "Vivid", font=font(SERIF_BOLD, 41), fill=(20, 40, 70))
    d.text((23, 140), "lantern", font=font(SERIF_BOLD, 41), fill=(20, 40, 70))
    f = font(REGULAR, 23)
    d.text((25, 196), "Discover weekend", font=f, fill=(20, 40, 70))
    d.text((25, 224), "collect", font=f, fill=(20, 40, 70))
    an = analyze(np.asarray(img), 1024)
    subs = [e for e in an.elements if e.is_text and e.box.y0 > 185]
    assert len(subs) == 1 and len(subs[0].lines) == 2, [(e.kind, e.box) for e in an.elements]


def test_a_badge_touching_a_shadowed_product_is_lifted_as_its_own_disc() -> None:
    """A "-30%" disc set just under a product photo's corner, in its drop shadow: the
    badge's layer is the disc alone (the shadow came along as a grey wedge on its rim)
    and the product's layer holds none of the disc (a red sliver travelled with it)."""
    import skimage.data as skdata

    W, H = 320, 1200
    img = Image.new("RGB", (W, H), (246, 240, 228))
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).rounded_rectangle((50, 150, 290, 410), radius=20, fill=120)
    shadow = shadow.filter(ImageFilter.GaussianBlur(8))
    img = Image.composite(Image.new("RGB", (W, H), (150, 150, 150)), img, shadow)
    photo = Image.fromarray(skdata.immunohistochemistry()).resize((240, 240))
    rounded = Image.new("L", (240, 240), 0)
    ImageDraw.Draw(rounded).rounded_rectangle((0, 0, 239, 239), radius=20, fill=255)
    img.paste(photo, (40, 140), rounded)
    d = ImageDraw.Draw(img)
    d.ellipse((200, 381, 290, 471), fill=(210, 70, 90))
    d.text((214, 411), "-30%", font=font(BOLD, 22), fill=(255, 255, 255))
    d.text((30, 600), "Urban kitchen", font=font(BOLD, 40), fill=(30, 30, 30))
    an = analyze(np.asarray(img), 1024)
    badge = next(e for e in an.elements if e.kind == "badge")
    product = next(e for e in an.elements if e.kind == "product")
    rgba = badge.layer.rgba
    yy, xx = np.mgrid[0 : rgba.shape[0], 0 : rgba.shape[1]]
    cx, cy = 245 - badge.layer.box.x0, 426 - badge.layer.box.y0
    off_disc = (xx + 0.5 - cx) ** 2 + (yy + 0.5 - cy) ** 2 > 50**2
    assert float(rgba[..., 3][off_disc].max()) < 0.1
    p = product.layer.rgba
    red = (p[..., 0] > 0.7) & (p[..., 1] < 0.4) & (p[..., 3] > 0.5)
    assert int(red.sum()) < 5, int(red.sum())


def _coffee_with(words, shapes=None) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """A 1200x628 coffee photo with ``shapes(draw)`` and ``words(draw, fill)`` drawn in
    white, and the mask of the words' glyphs alone."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(skdata.coffee()).resize((W, 900)).crop((0, 100, W, 100 + H))
    d = ImageDraw.Draw(img)
    if shapes is not None:
        shapes(d)
    words(d, (255, 255, 255))
    glyphs = Image.new("L", (W, H), 0)
    words(ImageDraw.Draw(glyphs), 255)
    return np.asarray(img), np.asarray(glyphs) > 128


def _glyphs_travel_with_their_words(an, rgb: np.ndarray, glyphs: np.ndarray) -> None:  # type: ignore[no-untyped-def]
    """Every glyph pixel lies in a text element's layer, opaque and of its own colour."""
    src = rgb.astype(np.float32) / 255
    carried = np.zeros(glyphs.shape, bool)
    for e in an.elements:
        if not (e.is_text or e.kind == "cta"):
            continue
        lb = e.layer.box
        x0, y0 = int(lb.x0), int(lb.y0)
        rgba = e.layer.rgba
        h, w = rgba.shape[:2]
        opaque = rgba[..., 3] >= 0.5
        alike = np.abs(rgba[..., :3] - src[y0 : y0 + h, x0 : x0 + w]).max(axis=2) < 0.25
        carried[y0 : y0 + h, x0 : x0 + w] |= opaque & alike
    core = cv2.erode(glyphs.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    lost = core & ~carried
    assert lost.sum() <= 0.01 * core.sum(), (int(lost.sum()), int(core.sum()))


def test_white_words_over_a_white_cup_rim_are_not_matted_into_a_misspelling() -> None:
    """White words on a photo cross the white rim of a cup: a matte cannot tell the
    letters' strokes there from the rim (the "n" of "Morning" went with the photo). The
    matte is read back against the source and, misspelt, given up: the words are lifted
    whole, as a box of the picture, and the analysis says it is unsure."""

    def words(d: ImageDraw.ImageDraw, fill) -> None:  # type: ignore[no-untyped-def]
        d.text((60, 120), "Morning Roast", font=font(BOLD, 92), fill=fill)
        d.text((62, 240), "Fresh beans delivered weekly", font=font(REGULAR, 40), fill=fill)

    rgb, glyphs = _coffee_with(words)
    an = analyze(rgb, 1024)
    _glyphs_travel_with_their_words(an, rgb, glyphs)
    assert an.confidence < 0.5 and any("matted" in d for d in an.doubts), an.doubts


@pytest.mark.parametrize("jpeg_quality", [None, 80])
def test_the_words_of_a_ghost_button_on_a_photo_keep_their_own_colour(
    jpeg_quality: int | None,
) -> None:
    """White words inside a white outline (a ghost button) on a photo: the outline along
    the words' box passed for their ground, and the photo between the letters for dark
    ink, leaving the letters as holes that vanish on any new background. The outline is
    found (a thin ridge above, below and round the ends of the words, through a JPEG's
    ringing too), and the button travels whole, outline and all: no ring of it stays
    behind in the backdrop."""

    def outline(d: ImageDraw.ImageDraw) -> None:
        d.rounded_rectangle((62, 330, 362, 400), radius=35, outline=(255, 255, 255), width=4)

    def words(d: ImageDraw.ImageDraw, fill) -> None:  # type: ignore[no-untyped-def]
        d.text((60, 40), "Morning Roast", font=font(BOLD, 92), fill=fill)
        d.text((212, 365), "Order now", font=font(BOLD, 34), fill=fill, anchor="mm")

    rgb, glyphs = _coffee_with(words, outline)
    if jpeg_quality is not None:
        buf = io.BytesIO()
        Image.fromarray(rgb).save(buf, "JPEG", quality=jpeg_quality)
        rgb = np.asarray(Image.open(buf).convert("RGB"))
    an = analyze(rgb, 1024, lossy=jpeg_quality is not None)
    _glyphs_travel_with_their_words(an, rgb, glyphs)
    buttons = [e.box for e in an.elements if e.kind == "cta"]
    assert any(b.contains(Box(62, 330, 363, 401), tol=2) for b in buttons), buttons


def _highlighted_headline_banner() -> np.ndarray:
    """A 1200x628 cat photo: a two-line headline, each line on a yellow highlighter band
    hugging it, a white sub-line under it and a dark button."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(skdata.chelsea()).resize((W, 900)).crop((0, 100, W, 100 + H))
    d = ImageDraw.Draw(img)
    for i, text in enumerate(("Adopt a friend", "for life")):
        f = font(BOLD, 70)
        y = 150 + i * 100
        d.rectangle((60, y - 8, 60 + f.getlength(text) + 24, y + 80), fill=(255, 220, 60))
        d.text((72, y), text, font=f, fill=(30, 30, 30))
    d.text((64, 370), "Meet the cats at our shelter", font=font(REGULAR, 36), fill=(255, 255, 255))
    d.rounded_rectangle((64, 440, 354, 510), radius=8, fill=(30, 30, 30))
    d.text((209, 475), "Visit us", font=font(BOLD, 34), fill=(255, 220, 60), anchor="mm")
    return np.asarray(img)


def test_lines_on_highlighter_bands_are_the_headline_not_buttons() -> None:
    """A band hugging each headline line is a uniform shape under a short line, as a
    button is: taken for buttons, the banner had three, its sub-line was the headline
    (read first in every layout) and a 320x50 fitted nothing. The bands' lines are the
    headline, on panels of the band's colour; the dark pill is the one button."""
    rgb = _highlighted_headline_banner()
    an = analyze(rgb, 1024)
    kinds = sorted((e.box.y0, e.kind) for e in an.elements if e.is_text or e.kind == "cta")
    assert [k for _, k in kinds] == ["headline", "body", "body", "cta"], kinds
    head = next(e for e in an.elements if e.kind == "headline")
    assert head.panel is not None and np.allclose(
        head.panel.color, (1.0, 220 / 255, 60 / 255), atol=0.05
    )
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "PNG")
    (out,) = recompose(buf.getvalue(), RecomposeOptions(sizes=((320, 50),)))
    assert out.layout["strategy"] == "relayout", out.layout["reason"]


def _hero_figure_banner() -> np.ndarray:
    """A white 1080x1080 sale ad: "UP TO" / "70%" in 300 px type / "OFF EVERYTHING", a
    black rectangular button, a wordmark and a legal line."""
    img = Image.new("RGB", (1080, 1080), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text((80, 120), "UP TO", font=font(BOLD, 70), fill=(20, 20, 20))
    d.text((70, 200), "70%", font=font(BOLD, 300), fill=(230, 30, 60))
    d.text((80, 540), "OFF EVERYTHING", font=font(BOLD, 70), fill=(20, 20, 20))
    d.rounded_rectangle((80, 680, 440, 770), radius=8, fill=(20, 20, 20))
    d.text((260, 725), "SHOP NOW", font=font(BOLD, 40), fill=(255, 255, 255), anchor="mm")
    d.text(
        (80, 1000), "Ends midnight. Exclusions apply.", font=font(REGULAR, 22), fill=(120, 120, 120)
    )
    d.text((800, 60), "STORE", font=font(SERIF_BOLD, 48), fill=(20, 20, 20))
    return np.asarray(img)


def test_a_hero_figure_does_not_make_the_message_around_it_small_print() -> None:
    """Measured against "70%" in 300 px type, every other line was small print (the
    first thing left out) and a 320x50 showed "70%" alone; and the large flat button,
    absorbed by the first background estimate, was no button. The figure stays the
    headline, the lines around it are measured against each other, the button is one,
    and the strip keeps it."""
    rgb = _hero_figure_banner()
    an = analyze(rgb, 1024)
    kinds = {e.kind for e in an.elements}
    assert "cta" in kinds, [(e.kind, e.box) for e in an.elements]
    head = next(e for e in an.elements if e.kind == "headline")
    assert head.box.contains(Box(90, 250, 780, 480), tol=10)
    message = [e for e in an.elements if e.is_text and 500 < e.box.cy < 640 or 120 < e.box.cy < 200]
    assert message and all(e.kind == "body" for e in message), [(e.kind, e.box) for e in message]
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "PNG")
    (out,) = recompose(buf.getvalue(), RecomposeOptions(sizes=((320, 50),)))
    assert any(el["kind"] == "cta" for el in out.layout["elements"]), out.layout


def _captioned_grid_banner(gap: int = 160) -> tuple[np.ndarray, list[tuple[int, int, int, int]]]:
    """A 1200x628 shop banner on a plain ground: a headline, then three product photos
    in a row, ``gap`` apart, each with its name and price under it; the cards' boxes."""
    import skimage.data as skdata

    img = Image.new("RGB", (1200, 628), (245, 240, 232))
    d = ImageDraw.Draw(img)
    d.text((60, 40), "Summer picks", font=font(SERIF_BOLD, 70), fill=(30, 30, 60))
    cards = []
    for i, (name, label, price) in enumerate(
        (
            ("chelsea", "Cat bed", "$29.99"),
            ("coffee", "Espresso", "$12.50"),
            ("rocket", "Rocket kit", "$49.00"),
        )
    ):
        x = 60 + i * (240 + gap)
        pic = Image.fromarray(getattr(skdata, name)()).convert("RGB").resize((240, 240))
        img.paste(pic, (x, 160))
        d.text((x, 412), label, font=font(BOLD, 30), fill=(30, 30, 60))
        d.text((x, 456), price, font=font(BOLD, 36), fill=(220, 40, 60))
        cards.append((x, 160, x + 240, 500))
    return np.asarray(img), cards


@pytest.mark.parametrize("gap", [160, 40])
def test_the_captions_of_a_product_grid_travel_with_their_pictures(gap: int) -> None:
    """Three products, each with its name and price under it: laid out as separate
    text, the names and prices left their pictures (a column of prices beside a row of
    pictures). Each caption joins its product: one card, picture and caption. Close
    together the three are one foreground blob, split by their straight sides (a box
    from one picture's left side to the next one's, over the gap between them, is none)."""
    rgb, cards = _captioned_grid_banner(gap)
    an = analyze(rgb, 1024)
    prods = [e.box for e in an.elements if e.kind == "product"]
    for x0, y0, _x1, y1 in cards:
        assert any(p.contains(Box(x0, y0, x0 + 150, y1 - 8), tol=6) for p in prods), (cards, prods)
    assert not any(e.is_text and 400 < e.box.cy < 510 for e in an.elements)


def test_a_monogram_with_no_word_beside_it_is_the_logo_whole() -> None:
    """A "B" in a disc beside the headline: with the headline as its brand word, the
    logo swallowed the headline and its sub-line (one picture, unreadable in a
    skyscraper); with nothing, the letter was a line of text and the disc was cut at
    its panel. The monogram alone is the logo, whole, and the lines beside it are text."""
    an = analyze(np.asarray(bakery_banner(border=False)), 1024)
    logos = [e.box for e in an.elements if e.kind == "logo"]
    assert len(logos) == 1 and logos[0].contains(Box(40, 75, 140, 175), tol=2), logos
    assert logos[0].x1 < 160
    texts = [e for e in an.elements if e.is_text]
    assert any(e.box.contains(Box(175, 70, 560, 120), tol=8) for e in texts), [
        (e.kind, e.box) for e in an.elements
    ]


@pytest.mark.parametrize("jpeg_quality", [None, 85])
def test_a_badge_over_a_pictures_corner_does_not_cut_the_picture_short(
    jpeg_quality: int | None,
) -> None:
    """A cup photo with rounded corners on a dark gradient, a "SALE" disc over its lower
    right corner, the brand just below: the badge hid part of the photo's right side, so
    the largest frame with four edges was an edge inside the photo (the cup's rim): the
    cup's handle and saucer stayed behind in the background, cut straight, or the photo
    came away with the pale translucent shape behind it and the brand."""

    W, H = 300, 600
    yy = np.linspace(0.0, 1.0, H)[:, None, None]
    ground = (np.array([15, 42, 68]) * (1 - yy) + np.array([70, 62, 40]) * yy).repeat(W, axis=1)
    img = Image.fromarray(ground.astype(np.uint8))
    shade = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shade).polygon([(0, 150), (160, 215), (300, 140), (300, 330), (0, 320)], 90)
    img.paste((150, 150, 130), (0, 0), shade)
    _paste_rounded_coffee(img, (60, 0, 460, 390), (41, 30, 258, 240), 16)
    d = ImageDraw.Draw(img)
    _disc_badge(d, (198, 180, 283, 265), "SALE", 18, (242, 177, 52), (15, 42, 68))
    d.rounded_rectangle((60, 270, 92, 302), 5, fill=(242, 177, 52))
    d.text((70, 275), "L", font=font(REGULAR, 20), fill=(15, 42, 68))
    d.text((100, 272), "Lumo", font=font(REGULAR, 22), fill=(255, 255, 255))
    d.text((24, 334), "Modern", font=font(SERIF_BOLD, 35), fill=(255, 255, 255))
    d.text((24, 378), "lantern river", font=font(SERIF_BOLD, 35), fill=(255, 255, 255))
    d.text((25, 443), "Compare taste build", font=font(REGULAR, 22), fill=(255, 255, 255))
    d.rounded_rectangle((83, 510, 217, 545), 17, fill=(242, 177, 52))
    d.text((150, 527), "Apply now", font=font(BOLD, 16), fill=(15, 42, 68), anchor="mm")
    if jpeg_quality is not None:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=jpeg_quality)
        img = Image.open(buf).convert("RGB")
    an = analyze(np.asarray(img), 1024, lossy=jpeg_quality is not None)
    products = [e for e in an.elements if e.kind == "product"]
    assert len(products) == 1, [(e.kind, e.box) for e in an.elements]
    assert products[0].box.contains(Box(41, 30, 258, 240), tol=4), products[0].box
    assert Box(41, 30, 283, 265).contains(products[0].box, tol=4), products[0].box


def _analysed_as_jpeg(img: Image.Image, quality: int = 85):  # type: ignore[no-untyped-def]
    """The analysis of ``img`` saved as a JPEG and read back, as an upload would be."""
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return analyze(np.asarray(Image.open(buf).convert("RGB")), 1024, lossy=True)


def _the_logo(an):  # type: ignore[no-untyped-def]
    """The one logo an analysis found."""
    logos = [e for e in an.elements if e.kind == "logo"]
    assert len(logos) == 1, [(e.kind, e.box) for e in an.elements]
    return logos[0]


def test_a_brand_read_with_its_tile_over_a_dark_corner_and_lit_wood_is_the_logo() -> None:
    """ "[T] Tessa" on a photo whose ground turns from a dark corner to lit wood under the
    line, as a JPEG (own_010's brand): against one median colour of the ground the gap
    between tile and word was ink too, so the brand became body text on a panel."""
    import skimage.data as skdata

    W, H = 1920, 1080
    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((W, 1280), Image.LANCZOS)
    img = photo.crop((0, 100, W, 100 + H))
    d = ImageDraw.Draw(img)
    d.rectangle((111, 93, 184, 166), fill=(214, 72, 96))
    d.text((147, 130), "T", font=font(BOLD, 48), fill=(250, 240, 230), anchor="mm")
    d.text((204, 129), "Tessa", font=font(BOLD, 64), fill=(255, 255, 255), anchor="lm")
    word = d.textbbox((204, 129), "Tessa", font=font(BOLD, 64), anchor="lm")
    d.text((94, 286), "Brave voyage", font=font(SERIF_BOLD, 123), fill=(27, 27, 30))
    d.text((94, 590), "Today design every", font=font(REGULAR, 80), fill=(27, 27, 30))
    an = _analysed_as_jpeg(img)
    logo = _the_logo(an)
    assert logo.box.contains(Box(111, 93, word[2], 166), tol=6), logo.box


def test_a_brand_boxed_with_the_foot_of_its_taller_mark_is_the_logo() -> None:
    """A hexagon taller than "Kasko" beside it, on a photo, as a JPEG (own_027's brand):
    the detector boxed the word with the hexagon's lower half, so the word overlapped the
    mark instead of standing beside it, and the brand became small print on a panel."""
    import skimage.data as skdata

    W, H = 1080, 1920
    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((2880, H), Image.LANCZOS)
    img = photo.crop((900, 0, 900 + W, H))
    d = ImageDraw.Draw(img)
    d.regular_polygon((169, 144, 52), 6, rotation=30, fill=(110, 40, 80))
    d.text((169, 144), "K", font=font(BOLD, 50), fill=(250, 230, 240), anchor="mm")
    d.text((235, 144), "Kasko", font=font(BOLD, 84), fill=(30, 30, 30), anchor="lm")
    word = d.textbbox((235, 144), "Kasko", font=font(BOLD, 84), anchor="lm")
    d.text((91, 300), "Prime signal", font=font(BOLD, 120), fill=(30, 30, 30))
    d.text((91, 640), "Online nearby discover", font=font(REGULAR, 70), fill=(30, 30, 30))
    an = _analysed_as_jpeg(img)
    logo = _the_logo(an)
    assert logo.box.contains(Box(169 - 45, 144 - 52, word[2], 144 + 52), tol=6), logo.box
    assert not [e for e in an.elements if e.kind == "small_print"]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_headline_in_two_colours_is_matted_line_by_line(fmt: str) -> None:
    """White "Reach for" over yellow "the stars": matted as one colour the block failed,
    and in a JPEG even the yellow line alone failed the colour fit (colour is kept at
    half resolution), so the headline was lifted as a box and the unsure analysis
    cropped every size. Each line is matted in its own ink now."""
    buf = io.BytesIO()
    portrait_beside_navy().save(buf, fmt, quality=88)
    an = analyze(np.asarray(Image.open(buf).convert("RGB")), 1024, lossy=fmt == "JPEG")
    head = next(e for e in an.elements if e.kind == "headline")
    assert not head.layer.rect and not an.doubts, an.doubts
    rgba = head.layer.rgba
    solid = rgba[..., 3] > 0.9
    mid = int(round((head.lines[0].box.y1 + head.lines[1].box.y0) / 2 - head.layer.box.y0))
    top = rgba[:mid][solid[:mid], :3].mean(axis=0)
    bottom = rgba[mid:][solid[mid:], :3].mean(axis=0)
    assert np.abs(top - 1.0).max() < 0.05, top
    assert np.abs(bottom - np.array([255, 200, 80]) / 255).max() < 0.08, bottom


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_feature_icons_are_three_discs_each_with_its_word(fmt: str) -> None:
    """Three lettered discs, each with its word under it: the first estimate of the
    gradient absorbed the green disc, so its letter's own strokes were taken for the
    shape under it and the "S" became the brand's monogram, its disc left behind as a
    green smear; and the words under the discs were laid out as a column of text apart
    from them. Each disc now travels whole, with its word."""
    buf = io.BytesIO()
    feature_icons_banner().save(buf, fmt, quality=90)
    an = analyze(np.asarray(Image.open(buf).convert("RGB")), 1024, lossy=fmt == "JPEG")
    found = [(e.kind, e.box) for e in an.elements]
    assert not [e for e in an.elements if e.kind == "logo" and e.box.h > 60], found
    for i in range(3):
        cx = 240 + i * 300
        disc_and_word = Box(cx - 90, 380, cx + 90, 635)
        holders = [e for e in an.elements if e.box.contains(Box(cx - 90, 380, cx + 90, 560), tol=6)]
        assert len(holders) == 1, found
        assert holders[0].box.contains(disc_and_word, tol=10), (holders[0].box, found)


def test_a_price_disc_taking_a_tenth_of_a_small_photo_ad_is_a_badge() -> None:
    """A red "$4.99" disc 80 px across on a 300x250 coffee photo, as a JPEG: over 5% of
    the canvas, it was no badge; its words were lifted alone and the disc stayed on the
    clean plate, a red blob on the photo in every layout."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((375, 250), Image.LANCZOS)
    img = photo.crop((40, 0, 340, 250))
    d = ImageDraw.Draw(img)
    d.text((14, 14), "Fresh roast", font=font(BOLD, 30), fill=(255, 255, 255))
    d.ellipse((210, 120, 290, 200), fill=(200, 30, 40))
    d.text((250, 160), "$4.99", font=font(BOLD, 18), fill=(255, 255, 255), anchor="mm")
    d.rounded_rectangle((14, 200, 124, 236), 18, fill=(255, 255, 255))
    d.text((69, 218), "Order now", font=font(BOLD, 15), fill=(90, 40, 20), anchor="mm")
    an = _analysed_as_jpeg(img)
    badges = [e for e in an.elements if e.kind == "badge"]
    assert len(badges) == 1, [(e.kind, e.box) for e in an.elements]
    assert badges[0].box.contains(Box(210, 120, 290, 200), tol=4), badges[0].box


def test_words_with_a_soft_drop_shadow_on_striped_fur_are_matted_in_their_own_colours() -> None:
    """White "Treat them" over yellow "right" with a soft drop shadow, on a cat's striped
    fur, as a JPEG: the shadows and stripes made more dark pieces than the letters made
    light ones, so the words were matted as their shadow (brown smudges in their shape);
    and matted in one ink, the yellow line passed as see-through white. The crisp side
    is the ink, each line in its own colour."""
    img = cat_story_words()
    an = _analysed_as_jpeg(img)
    head = next(e for e in an.elements if e.kind == "headline")
    assert not head.layer.rect, [(e.kind, e.box) for e in an.elements]
    rgba = head.layer.rgba
    solid = rgba[..., 3] > 0.9
    mid = int(round(290 - head.layer.box.y0))
    top = rgba[:mid][solid[:mid], :3].mean(axis=0)
    bottom = rgba[mid:][solid[mid:], :3].mean(axis=0)
    assert np.abs(top - 1.0).max() < 0.08, top
    assert np.abs(bottom - np.array([255, 220, 90]) / 255).max() < 0.1, bottom


def test_a_sub_line_right_under_the_headline_on_a_photo_is_its_own_block() -> None:
    """A headline and a smaller sub-line on a photo's dark band, the detector's boxes of
    the two overlapping in the line spacing: they had become one block, the sub-line's
    words reflowed into the headline's lines and its full stop dropped as a speck at the
    headline's size. Two blocks now, and neither matte carries the other's letters."""
    img, sub = dark_band_words()
    sub_box = Box(*sub)
    an = _analysed_as_jpeg(img, 88)
    head = next(e for e in an.elements if e.kind == "headline")
    body = next(e for e in an.elements if e.is_text and e.box.contains(sub_box, tol=8))
    assert head is not body and len(head.lines) == 1, [(e.kind, e.box) for e in an.elements]
    # no piece of the sub-line's letters in the headline's matte
    rgba = head.layer.rgba
    top = int(sub_box.y0 + 4 - head.layer.box.y0)
    assert top >= rgba.shape[0] or rgba[top:, :, 3].max() < 0.5


def test_a_photo_panel_filling_a_third_of_a_plain_banner_is_one_picture() -> None:
    """A rocket photo filling the left third of a cream 1200x628, words on the right: the
    photo filled whole cells of the first grid plate, which followed it, and only its
    finest detail differed from the plate: it came apart into two "products" along an
    edge inside it, laid out side by side. It is one picture, whole."""
    img = rocket_panel()
    d = ImageDraw.Draw(img)
    d.text((580, 70), "MEGA SALE", font=font(BOLD, 96), fill=(230, 170, 20))
    d.text((580, 210), "Telescopes for the whole family", font=font(REGULAR, 34), fill=(40,) * 3)
    d.rounded_rectangle((580, 450, 860, 530), 12, fill=(30, 30, 30))
    d.text((720, 490), "Shop the sale", font=font(BOLD, 32), fill=(255, 255, 255), anchor="mm")
    an = _analysed_as_jpeg(img, 88)
    products = [e for e in an.elements if e.kind == "product"]
    assert len(products) == 1, [(e.kind, e.box) for e in an.elements]
    assert products[0].box.iou(Box(0, 0, 520, 628)) > 0.95, products[0].box


def _rounded_shot_on(
    photo: Image.Image, at: tuple[int, int, int, int], shot: Image.Image
) -> Image.Image:
    """``shot`` cut to a rounded rectangle and pasted at ``at`` with a soft drop shadow."""
    x0, y0, x1, y1 = at
    w, h = x1 - x0, y1 - y0
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=0.12 * min(w, h), fill=255)
    shadow = Image.new("L", photo.size, 0)
    shadow.paste(mask.point(lambda v: v * 90 // 255), (x0 + 10, y0 + 10))
    photo = Image.composite(
        Image.new("RGB", photo.size, (0, 0, 0)), photo, shadow.filter(ImageFilter.GaussianBlur(10))
    )
    photo.paste(shot.resize((w, h)), (x0, y0), mask)
    return photo


@pytest.mark.parametrize("as_jpeg", [False, True])
@pytest.mark.parametrize("scene", ["retina on a spacesuit", "cup on its own photo"])
def test_a_rounded_product_shot_pasted_on_a_photo_of_the_same_colours_is_a_product(
    scene: str, as_jpeg: bool
) -> None:
    """A picture of a retina on a spacesuit (own_015), a cup shot on the photo it was cut
    from: no colour of theirs is rare, and in grey their sides are faint steps, but in
    some colour each side is a straight step that a box a little outside does not follow."""
    import skimage.data as skdata

    if scene == "retina on a spacesuit":
        photo = Image.fromarray(skdata.astronaut()).crop((200, 250, 512, 512))
        shot = Image.fromarray(skdata.retina()).crop((300, 300, 1100, 1100))
    else:
        photo = Image.fromarray(skdata.coffee())
        shot = photo.crop((150, 40, 450, 330))
    img = _rounded_shot_on(photo.convert("RGB").resize((1200, 1000)), (700, 380, 1000, 680), shot)
    ImageDraw.Draw(img).text((60, 80), "Smart harvest", font=font(BOLD, 80), fill=(255,) * 3)
    an = _analysed_as_jpeg(img) if as_jpeg else analyze(np.asarray(img), 1024)
    prods = [e for e in an.elements if e.kind == "product"]
    shot = [e for e in prods if e.box.iou(Box(700, 380, 1000, 680)) > 0.8]
    assert shot, [e.box for e in prods]
    # lifted with its rounded corners: neither the photo's slivers at its corners nor a
    # silhouette cut out of it by colour
    alpha = shot[0].layer.rgba[..., 3]
    h, w = alpha.shape
    assert max(alpha[:6, :6].max(), alpha[-6:, -6:].max()) < 0.05
    assert alpha[int(0.05 * h) : int(0.95 * h), int(0.12 * w) : int(0.88 * w)].min() > 0.95


def test_no_product_is_framed_on_gravel() -> None:
    """On gravel every box lies on edges, the box a little outside it too: no picture."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.gravel()).convert("RGB").resize((1000, 1000))
    ImageDraw.Draw(img).text((60, 80), "Fresh island", font=font(BOLD, 90), fill=(255,) * 3)
    an = analyze(np.asarray(img), 1024)
    assert not [e.box for e in an.elements if e.kind == "product"]


def test_a_product_shot_whose_bottom_meets_the_photo_in_its_own_tone_is_a_product() -> None:
    """own_027: a cup shot's dark saucer ends on the dark shadow under it, so its bottom
    side is no step along much of its length; three clear sides and that faint one, with
    no element beside it, still frame it (and not a box run on past it)."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((1080, 1920))
    img = _rounded_shot_on(photo, (220, 880, 860, 1500), photo.crop((270, 72, 810, 594)))
    # a soft shadow across the left part of its bottom side, one tone on both sides of it
    yy, xx = np.mgrid[0:1920, 0:1080]
    shade = np.clip(1 - np.abs(yy - 1500) / 80, 0, 1) * np.clip((600 - xx) / 120, 0, 1)
    shade = (shade * (xx > 150))[..., None]
    dark = np.asarray(img, np.float32) * (1 - shade) + np.array([60, 20, 12]) * shade
    img = Image.fromarray(dark.astype(np.uint8))
    ImageDraw.Draw(img).text((90, 200), "Prime signal", font=font(BOLD, 110), fill=(255,) * 3)
    an = analyze(np.asarray(img), 1024)
    prods = [e.box for e in an.elements if e.kind == "product"]
    assert any(p.iou(Box(220, 880, 860, 1500)) > 0.95 for p in prods), prods


def _brand_on_coffee(word_fill: tuple[int, int, int], dark_to: int = 0):  # type: ignore[no-untyped-def]
    """ "(K) Kasko" on the coffee photo, with the disc's box and the word's glyphs;
    ``dark_to``: the photo dark navy from its left edge to that column (under the disc
    and the word's first letter), as own_016's brand lay on a dark suit."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(skdata.coffee()).convert("RGB").resize((W, 800)).crop((0, 80, W, 80 + H))
    d = ImageDraw.Draw(img)
    if dark_to:
        d.rectangle((0, 0, dark_to, H), fill=(20, 20, 60))
    disc = (60, 70, 140, 150)
    d.ellipse(disc, fill=(235, 90, 70))
    d.text((100, 110), "K", font=font(REGULAR, 44), fill=(40, 30, 40), anchor="mm")
    d.text((160, 110), "Kasko", font=font(REGULAR, 60), fill=word_fill, anchor="lm")
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((160, 110), "Kasko", font=font(REGULAR, 60), fill=255, anchor="lm")
    d.text((60, 260), "Morning roast", font=font(BOLD, 96), fill=(255, 255, 255))
    d.text((60, 420), "Fresh beans every week", font=font(REGULAR, 50), fill=(255, 255, 255))
    return img, Box(*disc), np.asarray(glyphs) > 128


def test_a_brand_on_a_photo_is_lifted_as_its_mark_and_its_ink_not_a_patch() -> None:
    """A logo on a photo travelled as a box of the photo behind it (own_010's dark corner
    beside "Tessa", own_015's hair around "Kasko"): its mark is lifted by the mark's own
    shape and its word by its ink, and the photo around and between them stays behind."""
    img, disc, glyphs = _brand_on_coffee((255, 255, 255))
    logo = _the_logo(analyze(np.asarray(img), 1024))
    assert not logo.layer.rect
    rgba, lb = logo.layer.rgba, logo.layer.box
    alpha = np.zeros(glyphs.shape, np.float32)
    x0, y0 = int(lb.x0), int(lb.y0)
    alpha[y0 : y0 + rgba.shape[0], x0 : x0 + rgba.shape[1]] = rgba[..., 3]
    # the disc whole and opaque, the letters' cores opaque
    yy, xx = np.mgrid[0 : glyphs.shape[0], 0 : glyphs.shape[1]]
    cx, cy, r = (disc.x0 + disc.x1) / 2, (disc.y0 + disc.y1) / 2, disc.w / 2
    from_centre = np.hypot(xx - cx, yy - cy)
    assert alpha[from_centre < r - 4].min() > 0.95
    cores = cv2.erode(glyphs.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    assert float(np.median(alpha[cores])) > 0.9
    # the photo between the letters, between disc and word and around them: left behind
    off_disc = from_centre > r + 6
    away = cv2.distanceTransform((~glyphs).astype(np.uint8), cv2.DIST_L2, 3) > 6
    in_box = np.zeros(glyphs.shape, bool)
    in_box[lb.padded(-1).clipped(glyphs.shape[1], glyphs.shape[0]).pixels()] = True
    photo = off_disc & away & in_box
    assert photo.sum() > 2000
    assert float(np.percentile(alpha[photo], 99)) < 0.1


def test_a_brand_whose_letter_lies_on_photo_of_its_ink_colour_travels_as_its_box() -> None:
    """own_016: the "K" of a dark "Kasko" lay on a dark part of the photo, and its ink
    matte lost the letter ("asko"); a matte that does not read as the source's word is no
    matte, and the brand travels as its box, every letter with it."""
    img, _, _ = _brand_on_coffee((25, 25, 30), dark_to=190)
    logo = _the_logo(analyze(np.asarray(img), 1024))
    assert logo.layer.rect
    assert logo.box.contains(Box(60, 70, 300, 150), tol=6)


def test_a_sub_line_with_descenders_under_a_headline_without_them_is_its_own_block() -> None:
    """own_018: "Golden / summit" in a 125 px face over "Upgrade honest design /
    weekend" in a 70 px one. The headline's lines have no descenders and the sub-line's
    first line has them, so their boxes measured 1.43 apart (under the 1.45 that tells
    sizes apart) and the sub-line joined the headline: in a 320x50 its words were set at
    the headline's word spacing, "Upgradehonest". Their letters rise 1.7x apart."""
    img = Image.new("RGB", (1920, 1080), (31, 87, 52))
    draw = ImageDraw.Draw(img)
    head, sub = font(REGULAR, 125), font(REGULAR, 70)
    draw.text((80, 260), "Golden", font=head, fill=(255, 255, 255))
    draw.text((80, 400), "summit", font=head, fill=(255, 255, 255))
    draw.text((80, 560), "Upgrade honest design", font=sub, fill=(255, 255, 255))
    draw.text((80, 640), "weekend", font=sub, fill=(255, 255, 255))
    an = analyze(np.asarray(img), 1024)
    texts = [e for e in an.elements if e.is_text]
    holding = {e.id: [round(ln.box.y0) for ln in e.lines] for e in texts}
    tops = sorted(y for ys in holding.values() for y in ys)
    assert len(tops) == 4, holding
    headline = next(e for e in texts if any(ln.box.y0 < 300 for ln in e.lines))
    assert all(ln.box.y1 < 560 for ln in headline.lines), holding


def _jpeg_button_banner(icon: bool) -> np.ndarray:
    """A 160x600 skyscraper with a small crimson "Download" button, through JPEG q85
    (own_023): optionally a yellow dot beside the button's word (a third colour)."""
    img = Image.new("RGB", (160, 600), (246, 241, 230))
    draw = ImageDraw.Draw(img)
    draw.text((12, 320), "Urban", font=font(BOLD, 30), fill=(25, 30, 60))
    draw.text((12, 360), "compass", font=font(BOLD, 30), fill=(25, 30, 60))
    draw.rounded_rectangle((24, 500, 134, 532), radius=10, fill=(208, 72, 90))
    draw.text((38, 508), "Download", font=font(BOLD, 14), fill=(255, 255, 255))
    if icon:
        draw.ellipse((116, 506, 130, 520), fill=(250, 210, 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))


def _button_layer(rgb: np.ndarray) -> np.ndarray:
    an = analyze(rgb, 1024, (), True)
    cta = next(e for e in an.elements if e.kind == "cta")
    assert not cta.layer.rect
    return cta.layer.rgba


def test_a_jpeg_button_is_redrawn_in_its_two_colours() -> None:
    """own_023 as JPEG: its 160x600's button, enlarged four times in a 1080x1080,
    carried the file's ringing and blocking grown into blotches (tesseract read
    "dowynnhoad"). Its solid pixels now lie on the line between the pill's colour and
    the word's, and the pill around the word is one flat colour."""
    rgba = _button_layer(_jpeg_button_banner(icon=False))
    solid = rgba[..., 3] > 0.9
    px = rgba[..., :3][solid]
    pill = np.median(px, axis=0)
    assert np.abs(pill * 255 - (208, 72, 90)).max() < 12
    ink = px[np.argmax(px.sum(axis=1))]
    axis = ink - pill
    t = ((px - pill) @ axis) / float(axis @ axis)
    off = np.linalg.norm(px - pill - t[:, None] * axis, axis=1)
    assert off.max() < 0.01
    # the pill's flat band over the word (4 px under the button's top edge)
    band = rgba[4, 12:-12, :3]
    assert band.std(axis=0).max() < 0.004, band.std(axis=0)


def test_a_jpeg_button_with_a_third_colour_is_left_as_it_is() -> None:
    """A yellow dot on the crimson button is not a mix of its two colours: redrawn in
    two, it would turn pink."""
    rgba = _button_layer(_jpeg_button_banner(icon=True))
    solid = rgba[..., 3] > 0.9
    yellowish = (rgba[..., 0] > 0.85) & (rgba[..., 1] > 0.7) & (rgba[..., 2] < 0.4) & solid
    assert yellowish.sum() >= 40


def test_a_flat_blob_after_a_sub_line_is_not_taken_for_a_brands_mark() -> None:
    """The hand-made coffee ad (bench/handmade.py): the white rim of the cup just after
    its sub-line "every morning" was a flat blob beside a short line, so the pair was
    taken for the brand (mark and word), and every layout opened with the sub-line,
    above the headline. A mark found as a blob leads its word; one after it is not."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((375, 250), Image.LANCZOS)
    img = photo.crop((40, 0, 340, 250))
    shadowed(img, (14, 14), "Fresh roast", font(BOLD, 30), (255, 255, 255), 2)
    shadowed(img, (14, 50), "every morning", font(REGULAR, 18), (255, 255, 255), 1)
    ImageDraw.Draw(img).text((286, 14), "BEANO", font=font(BOLD, 14), fill=(255,) * 3, anchor="ra")
    an = _analysed_as_jpeg(img)
    sub_line = Box(14, 54, 130, 72)
    for e in an.elements:
        if e.kind == "logo":
            assert e.box.intersection(sub_line) < 0.2 * sub_line.area, e.box
    words = [e for e in an.elements if e.is_text and e.box.intersection(sub_line) > 0]
    assert words, [(e.kind, e.box) for e in an.elements]


def test_a_box_lifted_over_a_veils_edge_leaves_the_veil_behind() -> None:
    """The kit's public_000: its brand, lifted as a box of the flag behind it, reached
    just over the top edge of a white veil and brought a pale bar of it to every
    layout. Inside a veil, what a veil over a picture can show is not the element's;
    ink drawn on the veil (darker than the veil lets any picture be) stays."""
    from bannerfit.engine.analyze import Veil
    from bannerfit.engine.analyze.panels import _off_veils
    from bannerfit.engine.model import Layer

    rng = np.random.default_rng(3)
    picture = rng.uniform(0.0, 1.0, (60, 100, 3)).astype(np.float32)
    color = np.array([0.96, 0.94, 0.91], np.float32)
    seen = picture.copy()
    seen[30:] = 0.8 * color + 0.2 * picture[30:]  # the veil over the box's lower half
    seen[40:45, 20:80] = 0.05  # a dark stroke drawn on the veil
    rgba = np.dstack([seen, np.ones((60, 100), np.float32)])
    layer = Layer(Box(200, 100, 300, 160), rgba, rect=True)
    veil = Veil(Box(100, 130, 900, 600).scaled(0.5), 0.8, tuple(float(c) for c in color))
    alpha = _off_veils(layer, [veil], 0.5).rgba[..., 3]
    assert alpha[:30].min() == 1.0  # above the veil: the element's
    assert alpha[40:45, 20:80].min() == 1.0  # ink on the veil: the element's
    under = np.ones((60, 100), bool)
    under[:30] = False
    under[40:45, 20:80] = False
    assert alpha[under].max() == 0.0


def test_a_button_the_colour_of_the_photo_behind_it_is_a_button() -> None:
    """own_016: a red "Shop now" pill on the astronaut's orange suit. Flooded from its
    colour, the pill took in patches of the suit within the tolerance, a ragged blob
    twice its height: no button was found, and its words were reflowed as plain text
    ("Shop / now" in a 728x90). The pill is found by its own flat paint."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.astronaut()).resize((1200, 1200), Image.LANCZOS)
    img = photo.crop((0, 143, 1200, 771))
    d = ImageDraw.Draw(img)
    d.text((48, 150), "Crisp engine", font=font(BOLD, 80), fill=(255, 255, 255))
    pill = (71, 463, 314, 531)
    d.rounded_rectangle(pill, 34, fill=(241, 89, 70))
    d.text((98, 482), "Shop now", font=font(BOLD, 34), fill=(255, 255, 255))
    an = analyze(np.asarray(img), 1024)
    ctas = [e for e in an.elements if e.kind == "cta"]
    assert len(ctas) == 1, [(e.kind, e.box) for e in an.elements]
    assert ctas[0].box.iou(Box(*pill)) > 0.8, ctas[0].box


def test_a_jpeg_brands_small_saturated_mark_on_a_photo_stays_flat() -> None:
    """own_004 as a JPEG (quality 85): a green hexagon with a "K" on the camera photo.
    The compression's chroma noise left no flat blob of the hexagon, and a flat patch of
    the photo at the banner's left edge became the brand's mark: the logo travelled as
    a box reaching to the edge, with a piece of the photo. A JPEG's marks are found
    flat on its pixels with that noise filtered out."""
    import skimage.data as skdata

    from bannerfit.engine.analyze import FLAT_MARK_VAR_LOSSY_BUSY
    from bannerfit.engine.analyze.pixels import _denoised, _flat_marks

    cam = Image.fromarray(skdata.camera()).convert("RGB").resize((970, 970))
    img = cam.crop((0, 360, 200, 610))
    d = ImageDraw.Draw(img)
    cx, cy, r = 38, 125, 19
    hexagon = [
        (cx + r * np.cos(a), cy + r * np.sin(a)) for a in np.arange(6) * np.pi / 3 + np.pi / 6
    ]
    d.polygon(hexagon, fill=(164, 222, 2))
    d.text((cx, cy), "K", font=font(BOLD, 24), fill=(35, 91, 47), anchor="mm")
    work = _jpeg_pixels(np.asarray(img), 85).astype(np.float32) / 255
    tile = np.zeros(work.shape[:2], np.uint8)
    cv2.fillPoly(tile, [np.round(np.array(hexagon)).astype(np.int32)], 1)

    def largest_share(pixels: np.ndarray) -> float:
        mask = (_flat_marks(pixels, FLAT_MARK_VAR_LOSSY_BUSY) & tile.astype(bool)).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        return max((float(st[2] * st[3]) for st in stats[1:]), default=0.0) / float(tile.sum())

    assert largest_share(_denoised(work)) > 0.5
    assert largest_share(work) < 0.3  # why: the noise alone breaks it up


def test_a_product_shot_on_a_grey_photo_is_a_product_as_a_jpeg_too() -> None:
    """The astronaut's black helmet pasted on the grey camera photo, as a PNG and as a
    JPEG: a product either way. (own_004's JPEG had lost it, its noise spreading the
    helmet's colours over ones the photo's border shows; this scene does not reproduce
    that loss, which the own JPEG benchmark measures, but guards the colours read after
    the median against losing a plain case.)"""
    import skimage.data as skdata

    cam = Image.fromarray(skdata.camera()).convert("RGB").resize((970, 970))
    shot = Image.fromarray(skdata.astronaut()).crop((280, 330, 512, 512))
    img = _rounded_shot_on(cam.crop((0, 360, 970, 610)), (600, 67, 746, 182), shot)
    d = ImageDraw.Draw(img)
    d.text((186, 34), "Rapid garden", font=font(BOLD, 48), fill=(255, 255, 255))
    d.text((186, 94), "workshop", font=font(BOLD, 48), fill=(255, 255, 255))
    for an in (analyze(np.asarray(img), 1024), _analysed_as_jpeg(img)):
        prods = [e.box for e in an.elements if e.kind == "product"]
        assert any(p.iou(Box(600, 67, 746, 182)) > 0.7 for p in prods), prods


def test_words_are_left_out_of_a_picture_they_overlap() -> None:
    """The wordmark over the top of the photo's lattice tower is its own element: the
    tower, lifted as a picture, does not carry the letters' pixels along (the letters
    joined the lattice, and a moved tower showed "STRO" beside the word's own copy)."""
    img, mark = rocket_launch()
    an = analyze(jpeg_pixels(img, 70), 1024, lossy=True)
    ink = Box(*mark)
    word = next(e for e in an.elements if e.is_text and e.box.intersection(ink) > 0.5 * ink.area)
    overlapping = [
        e for e in an.elements if not e.is_text and e.kind != "cta" and e.layer.box.intersects(ink)
    ]
    assert overlapping
    for e in overlapping:
        lb = e.layer.box
        for w in (w for ln in word.lines for w in ln.words):
            h, wd = e.layer.rgba.shape[:2]
            rows, cols = w.box.moved(-lb.x0, -lb.y0).clipped(wd, h).pixels()
            assert not e.layer.rgba[rows, cols, 3].any()


def _brand_on_a_tile(backdrop: np.ndarray, tile: str):  # type: ignore[no-untyped-def]
    """ "[W] Wexa" on a picture, its letter on a tile found as a lone glyph (a diamond,
    as public_015's on its green texture, or a light square with a hairline rim, as
    public_012's "K" on a photo; here pale gravel): with the tile's mask and the brand's
    extent."""
    img = Image.fromarray(backdrop).convert("RGB")
    W, H = img.size
    d = ImageDraw.Draw(img)
    mask = Image.new("L", (W, H), 0)
    m = ImageDraw.Draw(mask)
    if tile == "diamond":
        pts = [(110, 40), (170, 100), (110, 160), (50, 100)]
        d.polygon(pts, fill=(12, 30, 22))
        m.polygon(pts, fill=255)
        d.text((110, 100), "W", font=font(BOLD, 52), fill=(250, 250, 250), anchor="mm")
    else:
        d.rounded_rectangle((50, 40, 170, 160), 16, fill=(229, 229, 229), outline=(205,) * 3)
        m.rounded_rectangle((50, 40, 170, 160), 16, fill=255)
        d.text((110, 100), "K", font=font(SERIF_BOLD, 60), fill=(15, 15, 15), anchor="mm")
    d.text((195, 100), "Wexa", font=font(BOLD, 64), fill=(15, 15, 15), anchor="lm")
    word = d.textbbox((195, 100), "Wexa", font=font(BOLD, 64), anchor="lm")
    d.text((80, 330), "Lemon bakery", font=font(BOLD, 130), fill=(250, 250, 250))
    d.text((80, 560), "Unlock styles start flights", font=font(REGULAR, 60), fill=(250,) * 3)
    return img, np.asarray(mask) > 128, Box(50, 40, word[2], 160)


@pytest.mark.parametrize("tile", ["diamond", "square"])
def test_a_brand_whose_letter_sits_on_a_tile_on_a_picture_is_matted_by_the_tile(
    tile: str,
) -> None:
    """The tile under a brand's letter was not found as a shape (a diamond; a light square
    on a lighter ground), so the brand travelled as a patch of the picture behind it to
    every new place (public_015's green texture around "Wexa", public_012's photo around
    "Ketra"). The tile is found by its colour around the letter: the brand is matted by
    the tile and its word's ink, and its box holds the two, not the detector's margin."""
    backdrop = _texture(1920, 1080) if tile == "diamond" else np.asarray(_pale_gravel(1920, 1080))
    img, tile_mask, brand = _brand_on_a_tile(backdrop, tile)
    logo = _the_logo(analyze(np.asarray(img), 1024))
    assert not logo.layer.rect
    assert brand.padded(0.2 * brand.h).contains(logo.box), (logo.box, brand)
    rgba, lb = logo.layer.rgba, logo.layer.box
    alpha = np.zeros(tile_mask.shape, np.float32)
    x0, y0 = int(lb.x0), int(lb.y0)
    alpha[y0 : y0 + rgba.shape[0], x0 : x0 + rgba.shape[1]] = rgba[..., 3]
    inner = cv2.erode(tile_mask.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    assert alpha[inner].min() > 0.95
    # the picture beside the tile, above and below the word: left behind
    beside = np.zeros(tile_mask.shape, bool)
    beside[40:160, 40:190] = True
    beside &= cv2.dilate(tile_mask.astype(np.uint8), np.ones((13, 13), np.uint8)) == 0
    assert beside.sum() > 1000
    assert float(np.percentile(alpha[beside], 99)) < 0.1


def test_a_dotted_texture_is_continued_under_the_elements_by_its_own_period() -> None:
    """A product and a headline on a dotted texture: where they stood, the clean plate
    shows the dots again at their own period (inpainting and mirrored grain had left a
    smooth blur ringed with ghost dots there, which every layout's backdrop repeated:
    the kit's public_010)."""
    W, H = 1200, 628
    bare = _texture(W, H)
    img = Image.fromarray(bare.copy())
    d = ImageDraw.Draw(img)
    d.ellipse((650, 120, 1050, 520), fill=(200, 70, 60))
    d.ellipse((760, 230, 940, 410), fill=(250, 240, 220))
    d.text((80, 200), "Fresh picks", font=font(BOLD, 90), fill=(20, 60, 40))
    d.text((80, 340), "Grown near you every week", font=font(REGULAR, 40), fill=(20, 60, 40))
    an = analyze(np.asarray(img), 1024)
    assert an.background.kind == "texture"
    plate = an.background.plate
    k = plate.shape[1] / W
    want = cv2.resize(bare, (plate.shape[1], plate.shape[0]), interpolation=cv2.INTER_AREA)
    x0, y0, x1, y1 = (int(v * k) for v in (700, 170, 1000, 470))  # well inside the product

    def detail(a: np.ndarray) -> np.ndarray:
        g = cv2.cvtColor(np.asarray(a, np.float32), cv2.COLOR_RGB2GRAY)
        return (g - cv2.GaussianBlur(g, (0, 0), 6.0))[y0:y1, x0:x1].ravel()

    got, ref = detail(np.clip(plate, 0, 1) * 255), detail(want)
    assert float(np.corrcoef(got, ref)[0, 1]) > 0.6


def _split_ad(ground: tuple[int, int, int], photo_width: int = 560) -> Image.Image:
    """A 1200x628 split ad: a photo ``photo_width`` wide on the left up to a straight
    edge, the words on a plain ground on the right (over the photo where it is wider)."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.new("RGB", (W, H), ground)
    img.paste(Image.fromarray(skdata.coffee()).convert("RGB").resize((photo_width, H)), (0, 0))
    d = ImageDraw.Draw(img)
    d.text((640, 150), "Morning roast", font=font(BOLD, 64), fill=(250, 245, 235))
    d.text((640, 260), "Fresh beans every week", font=font(REGULAR, 36), fill=(220, 220, 230))
    d.rounded_rectangle((640, 360, 900, 430), 30, fill=(250, 200, 80))
    d.text((770, 395), "Order now", font=font(BOLD, 30), fill=(20, 20, 40), anchor="mm")
    return img


def test_a_photo_beside_a_plain_ground_is_a_picture_on_that_ground() -> None:
    """A split ad (a photo up to a straight edge, the words on navy) was one photo
    background: every square and tall output laid the words over the photo on scrims and
    lost the navy ground (the hand-made astronaut ad). The ground is the background, the
    photo one picture on it, whole."""
    an = analyze(np.asarray(_split_ad((18, 22, 48))), 1024)
    assert an.background.kind in ("flat", "gradient")
    pictures = [e for e in an.elements if e.kind in ("product", "person")]
    assert len(pictures) == 1, [(e.kind, e.box) for e in an.elements]
    assert pictures[0].box.iou(Box(0, 0, 560, 628)) > 0.9, pictures[0].box


def test_a_photo_under_the_words_stays_the_background() -> None:
    """A photo the whole banner wide, the words on it: no plain ground beside it, so it
    is the background (the split is looked for only beside a plain side)."""
    an = analyze(np.asarray(_split_ad((18, 22, 48), photo_width=1200)), 1024)
    assert an.background.kind == "photo"


def _pill_mask(w: int, h: int) -> np.ndarray:
    m = np.zeros((h, w), np.uint8)
    cv2.rectangle(m, (h // 2, 0), (w - 1 - h // 2, h - 1), 1, -1)
    cv2.circle(m, (h // 2, h // 2), h // 2, 1, -1)
    cv2.circle(m, (w - 1 - h // 2, h // 2), h // 2, 1, -1)
    return m.astype(bool)


def test_a_button_carrying_what_lay_behind_its_corners_is_cut_to_its_shape() -> None:
    """hand-made rocket ad: its button over a photo read as a gradient brought the
    launch tower's struts behind its rounded corners to every layout (dark corners
    beside the pill). Its layer is cut to its shape; a clean pill is left as it was."""
    from bannerfit.engine.analyze.layers import _button_within_shape
    from bannerfit.engine.model import Layer

    pill = _pill_mask(200, 60)
    rgba = np.zeros((60, 200, 4), np.float32)
    rgba[..., :3] = (0.1, 0.3, 0.8)
    rgba[..., 3] = pill
    clean = Layer(Box(0, 0, 200, 60), rgba)
    assert _button_within_shape(clean, Box(0, 0, 200, 60), pill) is clean
    struts = rgba.copy()
    struts[:, 2:14, :3] = 0.05  # a strut crossing the left corners
    struts[:, 2:14, 3] = 1.0
    cut = _button_within_shape(Layer(Box(0, 0, 200, 60), struts), Box(0, 0, 200, 60), pill)
    assert cut.rgba[0:4, 2:6, 3].max() < 0.05  # the corner's strut is gone
    assert cut.rgba[30, 2:6, 3].min() > 0.99  # the pill's own edge stays
    assert np.array_equal(cut.rgba[10:50, 40:160], struts[10:50, 40:160])


def test_straight_edges_at_every_cut_agree_with_the_one_cut_test() -> None:
    """The three-way split search reads every cut's straight edge at once; it must be
    the one-cut test's answer at each (words masked out, both axes)."""
    from bannerfit.engine.analyze.plate import _straight_edge, _straight_edges

    rng = np.random.default_rng(3)
    work = np.full((120, 200, 3), 0.9, np.float32)
    work[:, :60] = rng.random((120, 60, 3), dtype=np.float32)  # a photo down the left
    work[:70, 150:] = 0.2  # a dark block: edges along x = 150 and y = 70
    valid = np.ones((120, 200), bool)
    valid[40:60, 80:140] = False  # words
    for axis in (1, 0):
        n = work.shape[axis]
        every = _straight_edges(work, valid, axis)
        assert list(every) == [_straight_edge(work, valid, axis, c) for c in range(2, n - 1)]
    assert _straight_edges(work, valid, 1)[60 - 2] and _straight_edges(work, valid, 1)[150 - 2]


def test_white_words_on_a_photo_take_none_of_its_light_detail_with_them() -> None:
    """White words over a spacesuit's patch and straps: past the letters' soft edge the
    matte holds nothing (light ink casts no light shadow). The light detail beside the
    letters had been matted see-through and drawn as ghosts over every new backdrop."""
    import skimage.data as skdata

    W, H = 1080, 1350
    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((H, H)).crop((135, 0, 1215, H))
    shade = Image.linear_gradient("L").resize((W, H)).point(lambda v: int(max(0, v - 100) * 1.5))
    img.paste((0, 0, 0), (0, 0), shade)
    f = font(BOLD, 120)
    ImageDraw.Draw(img).text((W // 2, 1000), "SPACE EXPO", font=f, fill=(255,) * 3, anchor="mm")
    glyphs = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glyphs).text((W // 2, 1000), "SPACE EXPO", font=f, fill=255, anchor="mm")
    an = analyze(np.asarray(img), 1024)
    head = [e for e in an.elements if e.kind == "headline"]
    assert len(head) == 1, [(e.kind, e.box) for e in an.elements]
    lb, alpha = head[0].layer.box, head[0].layer.rgba[..., 3]
    s = alpha.shape[1] / lb.w  # layer pixels per source pixel
    ink = np.asarray(glyphs.resize((round(W * s), round(H * s)), Image.BILINEAR)) > 127
    y0, x0 = round(lb.y0 * s), round(lb.x0 * s)
    ink = ink[y0 : y0 + alpha.shape[0], x0 : x0 + alpha.shape[1]]
    away = cv2.distanceTransform((~ink).astype(np.uint8), cv2.DIST_L2, 3)
    halo = away > 4
    assert float(alpha[ink].mean()) > 0.9
    assert float((alpha[halo] > 0.1).mean()) < 0.002, float((alpha[halo] > 0.1).mean())


def test_a_highlighter_band_behind_a_word_does_not_join_the_words_beside_it() -> None:
    """ "Save 50% today" with a yellow band behind "50%": the band is off the white ground
    too and bridged both word spaces, and the headline was one word, never broken (set
    on one line as narrow as a 160x600). Its words are three, each with its own ink; a
    160x600 sets the headline on more than one line."""
    an = analyze(np.asarray(highlighted_headline()), 1024)
    (head,) = [e for e in an.elements if e.kind == "headline"]
    (line,) = head.lines
    assert len(line.words) == 3, [w.box for w in line.words]
    starts = [w.box.x0 for w in line.words]
    assert starts == sorted(starts)
    (plan,) = plan_layouts(an, 160, 600, parse_prompt(""), 1, 0)
    rows = {round(q.dst.y0) for q in plan.placements if q.element_id == head.id}
    assert len(rows) >= 2, (plan.arrangement, rows)


def test_bold_letters_on_a_gradient_are_no_band() -> None:
    """A bold serif "m" fills more than half its box, and a gradient's far end is off its
    ground: neither is a band behind the words (public_003's "cosmic" had been split
    between its "m" and "i")."""
    W, H = 600, 200
    img = Image.linear_gradient("L").rotate(90).resize((W, H))
    img = Image.merge("RGB", (img.point(lambda v: 90 + v // 3), img.point(lambda v: 40 + v // 4),
                              img.point(lambda v: 150 + v // 3)))  # fmt: skip
    ImageDraw.Draw(img).text((40, 40), "cosmic", font=font(SERIF_BOLD, 56), fill=(250,) * 3)
    an = analyze(np.asarray(img), 1024)
    words = [w for e in an.elements if e.is_text for ln in e.lines for w in ln.words]
    assert len(words) == 1, [w.box for w in words]


def test_a_card_holding_the_words_and_the_button_is_their_scrim() -> None:
    """A white card on a photo holds a headline, a sub-line and a pill: it reaches past
    four of the headline's lines below it, and had been taken for the headline's own
    ground; the words got soft white glows, the card stayed in the plate and was cut
    into by every new layout (a sub-line's first letter off its edge at 1920x1080)."""
    an = analyze(np.asarray(card_on_photo()), 1024)
    texts = [e for e in an.elements if e.is_text]
    assert {e.kind for e in texts} >= {"headline", "body"}
    for e in texts:
        assert e.panel is not None and not e.panel.soft, (e.kind, e.panel)
        assert e.panel.scrim is not None
        assert e.panel.scrim.contains(Box(190, 600, 890, 980), tol=12), e.panel.scrim
    plate, s = an.background.plate, an.background.plate_scale
    centre = plate[int(790 * s), int(540 * s)]
    assert float(centre.min()) < 0.9, centre  # the card is off the plate


def test_a_list_items_bullet_icon_is_the_first_word_of_its_line() -> None:
    """Three list items after green check discs: each disc is its line's first word
    (it had been a decoration, dropped from every new layout: the items stood bare),
    the items are of one kind, and a 1200x628 draws all three discs."""
    an = analyze(np.asarray(checklist()), 1024)
    assert not [e for e in an.elements if e.kind == "decoration"]
    firsts = [
        ln.words[0].box for e in an.elements if e.is_text for ln in e.lines if ln.box.y0 > 450
    ]
    assert len(firsts) == 3, firsts
    # one kind for every item ("Taxes filed on time", without descenders, was small print)
    items = [e for e in an.elements if e.is_text and e.box.y0 > 450]
    assert {e.kind for e in items} == {"body"}, [(e.kind, e.box) for e in items]
    for box, (x0, y0, x1, y1) in zip(sorted(firsts, key=lambda b: b.y0), CHECKS, strict=True):
        assert box.iou(Box(x0, y0, x1, y1)) > 0.7, box
    out = recompose(png_bytes(checklist()), RecomposeOptions(sizes=((1200, 628),)))[0]
    rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB")).astype(int)
    green = (np.abs(rgb - np.array(CHECK_GREEN)).max(axis=2) < 40).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(green)
    discs = [st for st in stats[1:] if st[4] > 150 and 0.7 < st[2] / st[3] < 1.4]
    assert len(discs) >= 3 + 1, [tuple(st) for st in stats[1:] if st[4] > 150]  # and the logo


def test_a_product_the_headlines_box_reaches_into_is_still_a_product() -> None:
    """An espresso cup cut out as an oval beside "Espresso / cup set": the headline's
    box reaches into the oval's, and the cup was taken for a panel under the words,
    left out of every layout (the plate inpainted white where it had been). It is a
    product, with the "-30%" disc on it stuck to it, in the analysis and in a 1200x628."""
    an = analyze(jpeg_pixels(product_beside_headline(), 88), 1024)
    products = [e for e in an.elements if e.kind == "product"]
    assert len(products) == 1, [(e.kind, e.box) for e in an.elements]
    assert products[0].box.iou(Box(*CUP_OVAL)) > 0.6, products[0].box
    assert not [e for e in an.elements if e.kind == "badge"]
    out = recompose(png_bytes(product_beside_headline()), RecomposeOptions(sizes=((1200, 628),)))
    assert "product" in {e["kind"] for e in out[0].layout["elements"]}


def test_a_reviewers_round_portrait_is_a_person_not_a_brands_mark() -> None:
    """A testimonial's round portrait beside the reviewer's name: its flat side had been
    taken for a brand's mark beside the name (a half-moon of the portrait drawn as the
    logo), the rest dropped as a decoration. The portrait is a person, drawn whole in a
    1080x1080, inside the canvas."""
    from bannerfit.engine.pipeline import _moderate_and_find_faces

    rgb = np.asarray(reviewer_quote())
    an = analyze(rgb, 1024, _moderate_and_find_faces(rgb, 4))
    assert not [e for e in an.elements if e.kind == "logo"], [(e.kind, e.box) for e in an.elements]
    people = [e for e in an.elements if e.kind == "person"]
    assert len(people) == 1 and people[0].box.contains(Box(*PORTRAIT_DISC), tol=4), people
    out = recompose(png_bytes(reviewer_quote()), RecomposeOptions(sizes=((1080, 1080),)))[0]
    (drawn,) = [e for e in out.layout["elements"] if e["kind"] == "person"]
    x, y, w, h = drawn["box"]
    sx, sy, sw, sh = drawn["source_box"]
    assert abs(w / h - sw / sh) < 0.02 * sw / sh and w >= sw * 0.5, drawn
    assert Box(0, 0, 1080, 1080).contains(Box(x, y, x + w, y + h), tol=0.5)


def test_words_on_a_bar_across_the_banner_take_the_bar_as_their_scrim() -> None:
    """A footer's light words on a dark bar from edge to edge: the bar reaches past any
    window around them, so it had been taken for their ground, fitted into the gradient
    as a dark fade at the bottom, and the words moved off it onto the cream, unreadable.
    The bar is their scrim now: off the plate, and drawn behind them where they land."""
    an = analyze(np.asarray(footer_bar()), 1024)
    footer = next(e for e in an.elements if e.is_text and e.box.y0 > FOOTER_BAR[1])
    assert footer.panel is not None and not footer.panel.soft
    assert footer.panel.scrim is not None
    assert footer.panel.scrim.contains(_box(FOOTER_BAR), tol=4), footer.panel.scrim
    assert np.allclose(footer.panel.color, np.array(FOOTER_BROWN) / 255, atol=0.03)
    plate, s = an.background.plate, an.background.plate_scale
    assert float(plate[int(1070 * s), int(30 * s)].min()) > 0.8  # the bar is off the plate
    outs = recompose(
        png_bytes(footer_bar()), RecomposeOptions(sizes=((1200, 628), (1080, 1920), (300, 600)))
    )
    for out in outs:
        rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB"), np.float32)
        rec = next(r for r in out.layout["elements"] if r["source_box"][1] > FOOTER_BAR[1])
        x, y, w, h = rec["box"]
        under = rgb[int(y) : int(y + h), int(x) : int(x + w)].mean(axis=2)
        assert float(np.median(under)) < 90, (out.width, out.height, np.median(under))


def test_a_ratings_stars_are_one_word_before_its_line() -> None:
    """Five small stars before "4.8 from 12,000 reviews": each too small for a
    decoration, they had been painted out of the plate and lost from every layout. They
    are one word, the first of their line (never broken over two lines), and every new
    layout draws all five."""
    an = analyze(np.asarray(rating_row()), 1024)
    assert not [e for e in an.elements if e.kind == "decoration"]
    run = Box(
        STARS[0][0] - STAR_R, STARS[0][1] - STAR_R, STARS[-1][0] + STAR_R, STARS[0][1] + STAR_R
    )
    firsts = [ln.words[0].box for e in an.elements if e.is_text for ln in e.lines]
    assert any(b.contains(run, tol=4) and run.contains(b, tol=4) for b in firsts), firsts
    gold = np.array(STAR_GOLD, np.float32)
    src_gold = int((np.abs(np.asarray(rating_row(), np.float32) - gold).max(axis=2) < 40).sum())
    sizes = ((1080, 1920), (300, 600), (728, 90))
    for out in recompose(png_bytes(rating_row()), RecomposeOptions(sizes=sizes)):
        rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB"), np.float32)
        at = np.abs(rgb - gold).max(axis=2) < 40
        rows = np.flatnonzero(at.any(axis=1))
        assert rows.size and rows[-1] - rows[0] < 2 * STAR_R * 3, (out.width, out.height)
        scale = next(
            r["scale"]
            for r in out.layout["elements"]
            if r["kind"] == "small_print" and r["source_box"][1] > 300
        )
        assert at.sum() > 0.5 * src_gold * scale**2, (out.width, out.height, at.sum())


def test_a_letter_spaced_line_splits_at_its_word_spaces_only() -> None:
    """Letter-spaced capitals stand as far apart as a plain line's words: each letter
    had been a word, set again with the layout's word space ("THEAUTUMN" on one line,
    "DISCOV / ERNOW" broken in a 160x600). Their words are found at the wider gaps."""
    an = analyze(np.asarray(tracked_headings()), 1024)
    lines = sorted(
        (ln for e in an.elements if e.is_text for ln in e.lines), key=lambda ln: ln.box.y0
    )
    # (the link under the photo is one word with its underline, see the next test)
    assert [len(ln.words) for ln in lines] == [2, 1, 1]
    # "THE" ends before "AUTUMN" starts, a word space apart
    the, autumn = lines[0].words
    assert autumn.box.x0 - the.box.x1 > 30
    assert the.box.w < autumn.box.w


def test_a_links_underline_goes_with_its_words() -> None:
    """A text link's underline, a rule 3 px thin, was painted out of the plate with the
    specks, and "DISCOVER NOW" stood bare in every layout. It is drawn into the link,
    one word with it, and every layout shows it under the words."""
    an = analyze(np.asarray(tracked_headings()), 1024)
    link = next(e for e in an.elements if e.is_text and e.box.y0 > 850)
    (word,) = link.lines[0].words
    x0, y, x1, _ = TRACKED_UNDERLINE
    assert word.box.contains(Box(x0, y - 1, x1, y + 2), tol=3), word.box
    assert not [e for e in an.elements if e.kind == "decoration"]
    sizes = ((1200, 628), (1080, 1920), (970, 250))
    for out in recompose(png_bytes(tracked_headings()), RecomposeOptions(sizes=sizes)):
        rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("L"), np.float32)
        rec = next(r for r in out.layout["elements"] if r["source_box"][1] > 850)
        bx, by, bw, bh = rec["box"]
        # the bottom fifth of the link's box holds a dark row most of the rule's length
        low = rgb[int(by + 0.8 * bh) : int(by + bh) + 1, int(bx) : int(bx + bw) + 1] < 120
        assert low.sum(axis=1).max() > 0.4 * bw, (out.width, out.height)


def test_words_at_an_angle_are_no_line_of_text() -> None:
    """A corner ribbon's "NEW" at 45 degrees: its upright box was five letters tall, so
    it was taken for the headline ("Meet Chelsea" demoted to a sub-line) and lifted with
    pieces of its ribbon, set under the headline in every layout. Slanted words belong to
    their picture; the headline is the headline."""
    an = analyze(np.asarray(corner_ribbon()), 1024)
    head = next(e for e in an.elements if e.kind == "headline")
    assert head.box.contains(Box(250, 100, 830, 200), tol=10), head.box
    assert not [e for e in an.elements if e.is_text and e.box.x0 > 850 and e.box.y1 < 320]


def test_a_list_in_two_columns_keeps_each_item_its_own_line() -> None:
    """Job titles in two columns: the first row's two titles, two line heights apart,
    were joined as pieces of one broken line ("Backend engineer Product designer"),
    one phrase in every layout. Pieces that each start a column of lines are items."""
    an = analyze(np.asarray(hiring_columns()), 1024)
    lines = [ln.box for e in an.elements if e.is_text for ln in e.lines]
    items = [b for b in lines if 320 < b.y0 < 600]
    assert len(items) == len(ROLES), items
    assert all(b.w < 480 for b in items), items


def test_a_label_on_a_pictures_corner_travels_with_the_picture() -> None:
    """ "AFTER" in a dark box on the second photo's corner was found as a button: lifted
    off the photo, it stood apart from it in every layout, beside the headline, with a
    bite of the photo under it. A button lying on a picture is its label (the call,
    off the pictures, stays the one button)."""
    an = analyze(np.asarray(before_after()), 1024)
    buttons = [e for e in an.elements if e.kind == "cta"]
    assert len(buttons) == 1 and buttons[0].box.y0 > 800, buttons
    after = next(e for e in an.elements if e.kind == "product" and e.box.x0 > 500)
    assert after.box.contains(Box(560, 220, 730, 275), tol=3)


def _brand_with_mark(
    img: Image.Image,
    at: tuple[int, int],
    mh: int,
    shape: str,
    brand: str,
    face: str,
    colours: tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int, int]],
) -> Box:
    """Draw a brand as ad generators do: a shape ``mh`` tall with the brand's first
    letter on it (a triangle's set low, where it is wide), then the word; returns the
    box of both."""
    c_shape, c_mark, c_word = colours
    x, y = at
    d = ImageDraw.Draw(img)
    if shape == "triangle":
        d.polygon([(x + mh / 2, y), (x + mh, y + mh), (x, y + mh)], fill=c_shape)
    else:  # diamond
        d.polygon(
            [(x + mh / 2, y), (x + mh, y + mh / 2), (x + mh / 2, y + mh), (x, y + mh / 2)],
            fill=c_shape,
        )
    glyph = font(face, int(mh * 0.5))
    cy = y + mh * (0.58 if shape == "triangle" else 0.5)
    d.text((x + mh / 2, cy), brand[0], font=glyph, fill=c_mark, anchor="mm")
    word = font(face, int(mh * 0.62))
    wx = x + mh + int(mh * 0.22)
    d.text((wx, y + mh / 2), brand, font=word, fill=c_word, anchor="lm")
    return Box(x, y, wx + word.getlength(brand), y + mh)


def test_a_letter_splitting_its_triangle_still_makes_the_triangle_the_brands_mark() -> None:
    """A "T" on a small triangle cuts its apex off from the rest, so the triangle's
    colour is little of the letter's line box and no shape was found under it: the
    letter stayed a lone glyph, and a dot of the texture between it and "Tessa" was
    taken for the mark (hidden_like_004: the triangle was set apart as a line of text in
    every size). The flooded rest of the triangle, joined with the letter's line, is
    the mark."""
    W, H = 1200, 628
    img = Image.fromarray(_texture(W, H))
    brand = _brand_with_mark(
        img, (820, 40), 56, "triangle", "Tessa", SERIF_BOLD,
        ((255, 210, 63), (20, 20, 20), (250, 250, 250)),
    )  # fmt: skip
    d = ImageDraw.Draw(img)
    d.text((150, 200), "Sleek garden", font=font(BOLD, 110), fill=(20, 40, 60))
    _assert_one_logo_over(img, brand, tol=2)


def test_a_brands_short_word_as_square_as_a_glyph_pairs_with_its_diamond() -> None:
    """A short brand ("Ko" here, "Zeal" on a photo in hidden_like_007) is read as a line
    about as wide as tall, like a mark's lone letter: it was kept out of the brand's
    words, so the diamond beside it had no word and was set as a headline of its own.
    A square-ish line wider than a letter can be the word."""
    W, H = 970, 250
    img = Image.fromarray(_photo_like(W, H))
    brand = _brand_with_mark(
        img, (240, 100), 40, "diamond", "Ko", BOLD,
        ((245, 160, 30), (20, 20, 20), (255, 255, 255)),
    )  # fmt: skip
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((400, 40, 900, 200), 16, fill=(30, 30, 30))
    d.text((430, 70), "Rapid garden", font=font(BOLD, 44), fill=(255, 255, 255))
    d.text((430, 130), "Enjoy every day", font=font(REGULAR, 26), fill=(255, 255, 255))
    _assert_one_logo_over(img, brand, tol=2)


def test_a_rectangular_shot_with_a_wheel_in_it_is_one_product_not_the_wheel() -> None:
    """A motorbike shot pasted on a photo in a plain rectangle: its front wheel's round
    outline was taken for a round picture before the rectangle was looked for, and the
    rectangle, overlapping it, was then no longer free (hidden_like_028: the wheel cut
    out as a disc in every size, the rest of the shot left in the backdrop)."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.fromarray(skdata.astronaut()).resize((W, W)).crop((0, 150, W, 150 + H))
    bike = Image.fromarray(skdata.stereo_motorcycle()[0]).crop((0, 12, 595, 487))
    img.paste(bike.resize((381, 304), Image.LANCZOS), (765, 240))
    ImageDraw.Draw(img).text((40, 160), "Endless Cosmic", font=font(BOLD, 80), fill=(255,) * 3)
    an = analyze(np.asarray(img), 1024)
    prods = [e.box for e in an.elements if e.kind == "product"]
    assert len(prods) == 1 and prods[0].iou(Box(765, 240, 1146, 544)) > 0.9, prods


def test_a_headline_line_of_x_height_letters_alone_stays_in_its_block() -> None:
    """ "museum" has neither ascenders nor descenders: its box is about half as tall as
    "Running" above it and "party" below, and the box-height test set it apart as a
    block of its own, the headline cut in three (hidden_like_009: "museum" set larger
    than its neighbours in a 320x50). Its x-height is theirs."""
    W, H = 300, 600
    img = Image.new("RGB", (W, H), (250, 190, 170))
    d = ImageDraw.Draw(img)
    face = font(BOLD, 40)
    for i, word in enumerate(("Running", "museum", "party")):
        d.text((15, 90 + 52 * i), word, font=face, fill=(25, 25, 30))
    d.text((15, 272), "Meet cards styles flights for", font=font(REGULAR, 16), fill=(25, 25, 30))
    an = analyze(np.asarray(img), 1024)
    heads = [e for e in an.elements if e.kind == "headline"]
    assert len(heads) == 1 and len(heads[0].lines) == 3, [(e.kind, e.box) for e in an.elements]
