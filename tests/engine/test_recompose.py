"""recompose() end to end: drawn banners to the ten standard ad sizes.

Each run goes through the public entry point (bytes in, encoded images out) once per
module and is then measured: exact pixel sizes in every format, variants, the layout
record (JSON, element kinds, boxes, scales, prompt report), elements inside the canvas,
and text detection recall against the drawn ground truth.
"""

from __future__ import annotations

import io
import json
import warnings
from functools import cache

import pytest
from banners import (
    BOLD,
    Banner,
    countdown,
    font,
    make_banner,
    new_arrivals,
    png_bytes,
    tagged_offer,
    three_pictures_banner,
)
from PIL import Image, ImageDraw

from bannerfit.engine import RecomposeOptions, RenderedImage, recompose
from bannerfit.engine.analyze import analyze
from bannerfit.engine.geometry import Box
from bannerfit.engine.plan import plan_layouts
from bannerfit.engine.prompt import parse_prompt

STANDARD_SIZES: tuple[tuple[int, int], ...] = (
    (1080, 1080), (1080, 1920), (1200, 628), (300, 250), (728, 90),
    (160, 600), (320, 50), (970, 250), (300, 600), (1920, 1080),
)  # fmt: skip
PIL_FORMAT = {"png": "PNG", "jpeg": "JPEG", "webp": "WEBP"}
MEDIA = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}

# one banner per output format; each run asks for two variants per size
RUNS: dict[str, tuple[tuple[str, int, int], str, str]] = {
    "flat_1200x628": (("flat", 1200, 628), "png", ""),
    "gradient_1080x1080": (("gradient", 1080, 1080), "jpeg", "emphasize product"),
    "flat_300x600": (("flat", 300, 600), "webp", "align left, make it pop; xyzzy"),
}
TEXT_CARRIERS = {"headline", "body", "small_print", "cta", "logo"}


@cache
def banner(name: str) -> Banner:
    bg, w, h = RUNS[name][0]
    return make_banner(w, h, bg)


@cache
def run(name: str) -> list[RenderedImage]:
    _, fmt, prompt = RUNS[name]
    opts = RecomposeOptions(
        sizes=STANDARD_SIZES, variants=2, output_format=fmt, prompt=prompt, seed=7
    )  # type: ignore[arg-type]
    return recompose(banner(name).png, opts)


@cache
def analysis(name: str):  # type: ignore[no-untyped-def]
    return analyze(banner(name).rgb, 1024)


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_size_and_variant_in_order_at_exact_pixel_size(name: str) -> None:
    fmt = RUNS[name][1]
    outs = run(name)
    assert [(o.width, o.height, o.variant) for o in outs] == [
        (w, h, v) for w, h in STANDARD_SIZES for v in (0, 1)
    ]
    for o in outs:
        assert o.format == fmt and o.media_type == MEDIA[fmt]
        assert o.target_size == f"{o.width}x{o.height}"
        with Image.open(io.BytesIO(o.data)) as im:
            assert im.format == PIL_FORMAT[fmt]
            assert im.size == (o.width, o.height)
            assert im.mode == "RGB"
            im.load()


@pytest.mark.parametrize("name", sorted(RUNS))
def test_variants_are_distinct_when_the_planner_has_alternatives(name: str) -> None:
    outs = run(name)
    an = analysis(name)
    directives = parse_prompt(RUNS[name][2])
    distinct_sizes = 0
    for w, h in STANDARD_SIZES:
        a, b = [o for o in outs if (o.width, o.height) == (w, h)]
        available = {p.arrangement for p in plan_layouts(an, w, h, directives, 4, 7)}
        if len(available) >= 2:
            distinct_sizes += 1
            assert a.layout["arrangement"] != b.layout["arrangement"], (w, h)
            assert a.layout != b.layout, (w, h)
            # pixels differ exactly when the element boxes do (two arrangement names can
            # build the same layout: see test_plan.test_variants_differ_in_geometry)
            same_boxes = [e["box"] for e in a.layout["elements"]] == [
                e["box"] for e in b.layout["elements"]
            ]
            assert (a.data == b.data) == same_boxes, (w, h)
        else:
            # no alternative: the second variant repeats the first rather than inventing one
            assert a.layout["arrangement"] == b.layout["arrangement"], (w, h)
    # a banner with logo, headline, sub-line, CTA and product has alternatives for most shapes
    assert distinct_sizes >= 6, distinct_sizes


@pytest.mark.parametrize("name", sorted(RUNS))
def test_layout_record_is_json_and_describes_the_output(name: str) -> None:
    prompt = RUNS[name][2]
    for o in run(name):
        rec = o.layout
        again = json.loads(json.dumps(rec))
        assert again == rec  # plain JSON types only: lists, dicts, str, numbers
        assert (rec["width"], rec["height"], rec["variant"], rec["seed"]) == (
            o.width,
            o.height,
            o.variant,
            7,
        )
        assert rec["strategy"] in {"crop", "relayout", "extend"}
        assert rec["elements"], "an output with no elements listed"
        for el in rec["elements"]:
            assert {"id", "kind", "box", "scale"} <= set(el)
            assert el["kind"] in {"headline", "body", "cta", "small_print", "logo", "product", "person",
                                  "decoration", "source"}  # fmt: skip
            assert len(el["box"]) == 4 and all(isinstance(v, (int, float)) for v in el["box"])
            assert el["scale"] > 0
        assert isinstance(rec["prompt"]["ignored"], list)
        assert isinstance(rec["prompt"]["understood"], list)
        clauses = [c.strip() for c in prompt.replace(";", ",").split(",") if c.strip()]
        assert sorted(rec["prompt"]["understood"] + rec["prompt"]["ignored"]) == sorted(clauses)


def test_unknown_prompt_clauses_are_reported_as_ignored() -> None:
    for o in run("flat_300x600"):
        assert o.layout["prompt"]["ignored"] == ["make it pop", "xyzzy"]
        assert o.layout["prompt"]["understood"] == ["align left"]


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_element_lies_inside_the_canvas(name: str) -> None:
    for o in run(name):
        canvas = Box(0, 0, o.width, o.height)
        for el in o.layout["elements"]:
            x, y, w, h = el["box"]
            assert w > 0 and h > 0
            # boxes are rounded to 0.1 px in the record
            assert canvas.contains(Box.from_xywh(x, y, w, h), tol=0.6), (
                o.target_size,
                o.variant,
                el,
            )


@pytest.mark.parametrize("name", sorted(RUNS))
def test_fixed_elements_keep_their_aspect_in_the_output(name: str) -> None:
    """Logos, buttons and products: output box = source box x one scale (no stretching)."""
    for o in run(name):
        for el in o.layout["elements"]:
            if el["kind"] not in {"logo", "cta", "product", "person", "source"}:
                continue
            _, _, sw, sh = el["source_box"]
            _, _, w, h = el["box"]
            s = el["scale"]
            assert w == pytest.approx(sw * s, rel=0.01, abs=0.3), (o.target_size, el)
            assert h == pytest.approx(sh * s, rel=0.01, abs=0.3), (o.target_size, el)


def _coverage(word: Box, box: Box) -> float:
    return word.intersection(box) / word.area


@pytest.mark.parametrize("name", ["flat_1200x628", "flat_300x600"])
def test_text_detection_recall_on_flat_backgrounds(name: str) -> None:
    """Every drawn word lies (>= 90% of its ink box) inside a text-carrying element.

    Measured on these banners at the time of writing: 100% of words at >= 90% coverage,
    for all four source shapes on flat and gradient backgrounds.
    """
    b = banner(name)
    an = analysis(name)
    carriers = [e.box for e in an.elements if e.kind in TEXT_CARRIERS]
    missed = [
        w.text
        for w in b.words
        if max((_coverage(Box(*w.box), c) for c in carriers), default=0) < 0.9
    ]
    assert missed == [], f"words not covered by any text element: {missed}"
    # the same holds for the source boxes the layout record reports, for every output
    for o in run(name):
        if o.layout["strategy"] == "extend":
            continue
        boxes = [
            Box.from_xywh(*el["source_box"])
            for el in o.layout["elements"]
            if el["kind"] in TEXT_CARRIERS
        ]
        lost = [
            w.text
            for w in b.words
            if max((_coverage(Box(*w.box), c) for c in boxes), default=0) < 0.85
        ]
        assert lost == [], (o.target_size, o.variant, lost)


def test_headline_stays_the_largest_text() -> None:
    """In re-layouts, the headline's output scale x line height is the tallest text."""
    an = analysis("flat_1200x628")
    lh = {e.id: e.line_height for e in an.elements}
    for o in run("flat_1200x628"):
        els = o.layout["elements"]
        heads = [e for e in els if e["kind"] == "headline"]
        others = [e for e in els if e["kind"] in ("body", "small_print")]
        assert len(heads) == 1, (o.target_size, [e["kind"] for e in els])
        h = lh[heads[0]["id"]] * heads[0]["scale"]
        for e in others:
            assert lh[e["id"]] * e["scale"] <= h * 1.01, (o.target_size, o.variant, e)


def test_banner_with_only_a_headline_recomposes_to_wide_sizes() -> None:
    """Regression: plan_layouts once built an empty column here and raised ValueError."""
    img = Image.new("RGB", (1200, 628), (246, 241, 230))
    d = ImageDraw.Draw(img)
    d.text((60, 200), "Summer sale", font=font(BOLD, 64), fill=(25, 30, 60))
    d.text((60, 280), "up to half off", font=font(BOLD, 64), fill=(25, 30, 60))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    outs = recompose(buf.getvalue(), RecomposeOptions(sizes=((728, 90), (970, 250))))
    assert [(o.width, o.height) for o in outs] == [(728, 90), (970, 250)]


def test_a_jpeg_gradient_banner_is_laid_out_on_its_gradient() -> None:
    """The pipeline tells the analysis that a JPEG's pixels carry compression noise: a
    gradient banner saved at quality 75 was classified a photo (its elements matted
    off a "picture", its backdrop a blurred crop)."""
    buf = io.BytesIO()
    Image.fromarray(make_banner(970, 250, background="gradient").rgb).save(buf, "JPEG", quality=75)
    out = recompose(buf.getvalue(), RecomposeOptions(sizes=((728, 90),)))[0]
    assert out.layout["background"] == "gradient", out.layout["notes"]


def _person_beside_words() -> bytes:
    """A 1200x628 photo ad: an astronaut's portrait on the right, words on the left."""
    import numpy as np
    import skimage.data as skdata

    photo = np.asarray(Image.fromarray(skdata.astronaut()).resize((1200, 1200)))[:628]
    # the portrait moved right, the flag mirrored in on its left, as a designer would
    img = Image.fromarray(np.pad(photo, ((0, 0), (260, 0), (0, 0)), mode="symmetric")[:, :1200])
    d = ImageDraw.Draw(img)
    d.text((40, 120), "Crisp autumn", font=font(BOLD, 56), fill=(255, 255, 255))
    d.text((40, 190), "deals", font=font(BOLD, 56), fill=(255, 255, 255))
    d.rounded_rectangle((40, 300, 240, 360), radius=28, fill=(230, 60, 50))
    d.text((70, 312), "Shop now", font=font(BOLD, 28), fill=(255, 255, 255))
    return png_bytes(img)


@pytest.mark.parametrize(
    "size",
    [(1080, 1080), (1080, 1920), (1200, 628), (1920, 1080), (300, 250), (300, 600)],
)
def test_a_face_in_the_photo_stays_in_view_and_uncovered(size: tuple[int, int]) -> None:
    """The person's face is found again, whole, in the output by the face detector, and
    no element is laid over its eyes and nose. Laid out without regard to it, the face
    was cropped away (1080x1080) or cut by the edge (300x250), or the words were laid
    over it (the other sizes); in the 300x600 the photo, shown at its own size but large
    next to the words, was blurred into a smear. (In a 160x600 the face is wider than
    the canvas: the words go over it, and the photo is blurred.)"""
    import numpy as np

    from bannerfit.engine.safety import detect_faces

    out = recompose(_person_beside_words(), RecomposeOptions(sizes=(size,)))[0]
    rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB"))
    faces = [Box.from_xywh(*b) for b, _ in detect_faces(rgb, min_score=0.7)]
    assert faces, out.layout["arrangement"]
    face = max(faces, key=lambda b: b.area)
    eyes = Box(face.x0, face.y0, face.x1, face.y0 + 0.65 * face.h)
    for el in out.layout["elements"]:
        covered = eyes.intersection(Box.from_xywh(*el["box"])) / eyes.area
        assert covered < 0.05, (el["kind"], el["box"], face, out.layout["arrangement"])


def _cat_photo_ad() -> tuple[bytes, Box]:
    """A 1080x1080 photo ad: a cat's face filling the photo, the brand at the top left
    and the words below its eyes, as a designer sets them; and where its eyes are."""
    import numpy as np
    import skimage.data as skdata

    photo = np.asarray(Image.fromarray(skdata.chelsea()).resize((1440, 1080), Image.LANCZOS))
    img = Image.fromarray(photo[:, 200:1280].copy())
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((60, 60, 130, 130), radius=14, fill=(255, 255, 255))
    d.text((78, 68), "P", font=font(BOLD, 48), fill=(200, 80, 40))
    d.text((150, 70), "Pawly", font=font(BOLD, 48), fill=(255, 255, 255))
    d.text((60, 760), "Treats they", font=font(BOLD, 84), fill=(255, 255, 255))
    d.text((60, 860), "come running for", font=font(BOLD, 84), fill=(255, 255, 255))
    d.rounded_rectangle((60, 980, 330, 1045), radius=32, fill=(255, 255, 255))
    d.text((95, 992), "Shop treats", font=font(BOLD, 32), fill=(200, 80, 40))
    return png_bytes(img), Box(250, 300, 850, 560)


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (300, 250)])
def test_what_the_photo_shows_where_the_source_kept_it_open_stays_in_view(
    size: tuple[int, int],
) -> None:
    """No face detector knows a cat; the source's open space (the largest part of the
    photo its elements left free) is where its subject is. The cat's eyes are found in
    the output, whole and uncovered, at the photo's scale (laid out centred, the words
    covered them at these sizes)."""
    import cv2
    import numpy as np

    data, eyes = _cat_photo_ad()
    src = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    out = recompose(data, RecomposeOptions(sizes=(size,)))[0]
    rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB"))
    c = max(size[0] / 1080, size[1] / 1080)
    tpl = src[int(eyes.y0) : int(eyes.y1), int(eyes.x0) : int(eyes.x1)]
    tpl = cv2.resize(tpl, (round(eyes.w * c), round(eyes.h * c)), interpolation=cv2.INTER_AREA)
    score = float(cv2.matchTemplate(rgb, tpl, cv2.TM_CCOEFF_NORMED).max())
    assert score > 0.85, (score, out.layout["arrangement"])


@pytest.mark.parametrize("size", [(1440, 1080), (300, 250)])
def test_several_product_pictures_line_up_on_a_wide_canvas(size: tuple[int, int]) -> None:
    """Three product photos beside the words: on a landscape canvas they stand side by
    side under (or over) the words, not in a column beside them that leaves most of the
    canvas empty. (A 1920x1080, of nearly the source's shape, keeps the source's own
    composition: see test_plan's kept compositions.)"""
    img, _ = three_pictures_banner()
    out = recompose(png_bytes(img), RecomposeOptions(sizes=(size,)))[0]
    pics = sorted(
        (Box.from_xywh(*e["box"]) for e in out.layout["elements"] if e["kind"] == "product"),
        key=lambda b: b.x0,
    )
    assert len(pics) == 3, out.layout["elements"]
    for a, b in zip(pics, pics[1:], strict=False):
        assert a.x1 <= b.x0 + 1, (a, b)  # side by side ...
        assert min(a.y1, b.y1) - max(a.y0, b.y0) > 0.5 * min(a.h, b.h), (a, b)  # ... in a row


def test_a_price_set_larger_than_the_name_stays_under_it() -> None:
    """A price ad: the brand, the product's name, then its price in the largest type,
    the old price struck through, the button, a legal line. Laid out in a column beside
    the picture, the words keep the source's reading order (the price, the largest
    text, had been put first, above the brand and the name it prices), in every variant
    (the picture-first and picture-in-the-middle stacks had put it first still)."""
    import numpy as np

    W, H = 1080, 1080
    ramp = np.linspace(0, 1, H)[:, None, None]
    sky = (np.array([18, 32, 64]) * (1 - ramp) + np.array([60, 20, 90]) * ramp).astype(np.uint8)
    img = Image.fromarray(np.broadcast_to(sky, (H, W, 3)).copy())
    d = ImageDraw.Draw(img)
    d.text((80, 80), "NOVA", font=font(BOLD, 44), fill=(255, 210, 80))
    d.text((80, 180), "Wireless", font=font(BOLD, 96), fill=(255, 255, 255))
    d.text((80, 290), "headphones", font=font(BOLD, 96), fill=(255, 255, 255))
    d.text((80, 430), "$49.99", font=font(BOLD, 120), fill=(255, 210, 80))
    d.rounded_rectangle((80, 700, 400, 790), radius=45, fill=(255, 210, 80))
    d.text((125, 720), "Buy now", font=font(BOLD, 44), fill=(18, 32, 64))
    d.ellipse((600, 520, 1020, 940), fill=(230, 120, 60))
    d.ellipse((700, 620, 920, 840), fill=(250, 240, 220))
    sizes = ((1200, 628), (1920, 1080), (1080, 1920), (300, 600))
    for out in recompose(png_bytes(img), RecomposeOptions(sizes=sizes, variants=4)):
        by_source = sorted(
            (e for e in out.layout["elements"] if e["kind"] not in ("product", "badge")),
            key=lambda e: e["source_box"][1],
        )
        tops = [e["box"][1] for e in by_source]
        assert tops == sorted(tops), (out.target_size, out.layout["arrangement"], by_source)


@pytest.mark.parametrize("size", [(1080, 1080), (300, 600)])
def test_a_solid_panel_behind_the_words_stays_solid_over_a_texture(
    size: tuple[int, int],
) -> None:
    """A source's solid panel is redrawn solid: at 92 % opacity the new backdrop's grain
    showed through it, and the source's own panel pixels around each word (cut out with
    the word) stood out of it as clean boxes, with faint marks beside the words."""
    import numpy as np
    import skimage.data as skdata

    W, H = 1200, 628
    grain = Image.fromarray(skdata.gravel()).resize((W, H)).convert("RGB")
    img = Image.blend(grain, Image.new("RGB", (W, H), (200, 220, 200)), 0.3)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((560, 150, 1140, 470), radius=16, fill=(40, 45, 48))
    d.text((600, 190), "Fresh", font=font(BOLD, 90), fill=(250, 250, 250))
    d.text((600, 320), "bread daily", font=font(BOLD, 90), fill=(250, 250, 250))
    out = recompose(png_bytes(img), RecomposeOptions(sizes=(size,)))[0]
    rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB")).astype(np.float32) / 255
    head = next(e for e in out.layout["elements"] if e["kind"] == "headline")
    x, y, w, h = (int(v) for v in head["box"])
    patch = rgb[y : y + h, x : x + w]
    panel = np.array([40, 45, 48], np.float32) / 255
    ground = np.abs(patch - panel).max(axis=2) < 0.08  # the panel around the letters
    assert ground.mean() > 0.5, (ground.mean(), out.layout["arrangement"])
    off = float(np.abs(patch[ground] - panel).max(axis=1).mean())
    assert off < 0.01, off


def _two_pictures_under_the_words() -> bytes:
    """A 1080x1080 ad: the brand and a two-line headline over two product photos side by
    side, the right one a little taller (its top 36 px higher), and a button."""
    import numpy as np
    import skimage.data as skdata

    W, H = 1080, 1080
    ramp = np.linspace(0, 1, W)[None, :, None]
    green = (np.array([70, 140, 40]) * (1 - ramp) + np.array([40, 100, 40]) * ramp).astype(np.uint8)
    img = Image.fromarray(np.broadcast_to(green, (H, W, 3)).copy())
    img.paste(Image.fromarray(skdata.coffee()).resize((420, 420)), (80, 520))
    img.paste(
        Image.fromarray(skdata.rocket()).crop((120, 0, 330, 427)).resize((240, 488)), (700, 484)
    )
    d = ImageDraw.Draw(img)
    d.text((80, 60), "Orla", font=font(BOLD, 48), fill=(255, 255, 255))
    d.text((80, 180), "Brave engine", font=font(BOLD, 96), fill=(255, 255, 255))
    d.text((80, 300), "harvest", font=font(BOLD, 96), fill=(255, 255, 255))
    d.rounded_rectangle((420, 990, 660, 1060), radius=12, fill=(255, 255, 255))
    d.text((450, 1003), "Shop now", font=font(BOLD, 36), fill=(40, 90, 40))
    return png_bytes(img)


def test_two_pictures_side_by_side_keep_their_order_and_stand_beside_the_words() -> None:
    """Two product photos side by side are read left to right although the right one
    starts higher (it had been put first), and on landscape canvases they stand side by
    side beside the words (in a column there they stood at half the height, and over or
    under the words the text's height held them small)."""
    sizes = ((1920, 1080), (1200, 628), (1080, 1920), (300, 600))
    for out in recompose(_two_pictures_under_the_words(), RecomposeOptions(sizes=sizes)):
        pics = sorted(
            (e for e in out.layout["elements"] if e["kind"] == "product"),
            key=lambda e: e["source_box"][0],
        )
        assert len(pics) == 2, out.layout["elements"]
        left, right = (Box.from_xywh(*p["box"]) for p in pics)
        assert left.x0 < right.x0 - 1 or left.y0 < right.y0 - 1, (out.target_size, left, right)
        if out.width > out.height:
            head = Box.from_xywh(
                *next(e for e in out.layout["elements"] if e["kind"] == "headline")["box"]
            )
            assert left.x1 <= right.x0 + 1, (out.target_size, out.layout["arrangement"])
            beside = head.x0 >= right.x1 - 1 or head.x1 <= left.x0 + 1
            assert beside, (out.target_size, out.layout["arrangement"], head, left, right)


def _portrait_poster() -> bytes:
    """A 1080x1350 poster: a full-bleed portrait, the words centred on its dark foot."""
    import skimage.data as skdata

    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((1350, 1350))
    img = img.crop((135, 0, 1215, 1350))
    shade = Image.linear_gradient("L").resize(img.size).point(lambda v: int(max(0, v - 100) * 1.5))
    img.paste((0, 0, 0), (0, 0), shade)
    d = ImageDraw.Draw(img)
    d.text((540, 1000), "SPACE EXPO", font=font(BOLD, 120), fill=(255, 255, 255), anchor="mm")
    d.rounded_rectangle((390, 1170, 690, 1250), radius=40, fill=(255, 90, 60))
    d.text((540, 1210), "Get tickets", font=font(BOLD, 36), fill=(255, 255, 255), anchor="mm")
    return png_bytes(img)


def test_a_strip_as_tall_as_the_face_shows_it_cropped_close_and_sharp() -> None:
    """A 970x250 from a portrait poster: the photo, covering the strip's width, holds
    the face but not the room above and below it; the face is shown cropped close,
    sharp (the detector finds it), the words beside it. It had been blurred into a
    smear because the room around the face counted as cut off."""
    import numpy as np

    from bannerfit.engine.safety import detect_faces

    out = recompose(_portrait_poster(), RecomposeOptions(sizes=((970, 250),)))[0]
    rgb = np.asarray(Image.open(io.BytesIO(out.data)).convert("RGB"))
    faces = [Box.from_xywh(*b) for b, _ in detect_faces(rgb, min_score=0.7)]
    assert faces, out.layout["arrangement"]
    face = max(faces, key=lambda b: b.area)
    assert face.h > 150, face
    for el in out.layout["elements"]:
        assert not face.intersects(Box.from_xywh(*el["box"])), (el["kind"], el["box"], face)


@pytest.mark.parametrize("size", [(1080, 1080), (300, 250)])
def test_a_reviewers_portrait_stays_beside_her_name(size: tuple[int, int]) -> None:
    """A testimonial's round portrait stood just before the reviewer's name and town: it
    is set beside them again (a byline), not after the button as the words' picture."""
    from banners import reviewer_quote

    out = recompose(png_bytes(reviewer_quote()), RecomposeOptions(sizes=(size,)))[0]
    boxes = {e["kind"]: Box.from_xywh(*e["box"]) for e in out.layout["elements"]}
    person, name, cta = boxes["person"], boxes["body"], boxes["cta"]
    overlap = min(person.y1, name.y1) - max(person.y0, name.y0)
    assert overlap >= 0.5 * min(person.h, name.h), (person, name)
    assert person.x1 <= name.x0 + 1 and person.y1 <= cta.y0 + 1, (person, name, cta)


def test_a_lone_button_in_one_colour_recomposes_without_numeric_warnings() -> None:
    """A white pill on black, nothing else (a cut-out mask, a button exported alone): the
    band test behind a line's words found all its ink one colour and took the median of
    no pixels, a RuntimeWarning in every worker's log."""
    img = Image.new("L", (243, 67), 0)
    ImageDraw.Draw(img).rounded_rectangle((4, 4, 238, 62), radius=29, fill=255)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        outs = recompose(buf.getvalue(), RecomposeOptions(sizes=((320, 50), (1080, 1920))))
    assert [(o.width, o.height) for o in outs] == [(320, 50), (1080, 1920)]


@pytest.mark.parametrize("size", [(1080, 1080), (1080, 1920), (300, 250), (300, 600)])
def test_a_countdowns_boxes_stay_side_by_side(size: tuple[int, int]) -> None:
    """Days, hours and minutes in three boxes side by side: stacked into a column beside
    the headline (1080x1080, 300x250) or under it, they no longer read as a time."""
    out = recompose(png_bytes(countdown()), RecomposeOptions(sizes=(size,)))[0]
    boxes = sorted(
        (Box.from_xywh(*e["box"]) for e in out.layout["elements"] if e["kind"] == "badge"),
        key=lambda b: b.x0,
    )
    assert len(boxes) == 3, out.layout["elements"]
    for a, b in zip(boxes, boxes[1:], strict=False):
        assert a.x1 <= b.x0 + 1, (a, b)
        assert min(a.y1, b.y1) - max(a.y0, b.y0) > 0.8 * min(a.h, b.h), (a, b)


@pytest.mark.parametrize("size", [(1080, 1920), (300, 250)])
def test_four_pictures_are_set_two_by_two_where_a_row_leaves_them_small(
    size: tuple[int, int],
) -> None:
    """A shop's four new arrivals: in one column beside the words (1080x1920) or one
    row (300x250) each picture got a fraction of the room a grid of two rows gives."""
    out = recompose(png_bytes(new_arrivals()), RecomposeOptions(sizes=(size,)))[0]
    pics = [Box.from_xywh(*e["box"]) for e in out.layout["elements"] if e["kind"] == "product"]
    assert len(pics) == 4, out.layout["elements"]
    rows = sorted({round(b.cy / (0.5 * b.h)) for b in pics})
    cols = sorted({round(b.cx / (0.5 * b.w)) for b in pics})
    assert len(rows) == 2 and len(cols) == 2, (out.layout["arrangement"], pics)


def test_a_tag_too_wide_for_a_skyscraper_is_given_up_before_the_whole_layout() -> None:
    """A "LIMITED OFFER" tag over the headline is a pill of words too, and at its legible
    size as wide as a 160x600: no arrangement fitted, and the whole banner was shrunk
    to a 160 px wide strip in the middle of the slot. The tag goes (the largest button
    stays) before the layout does."""
    out = recompose(png_bytes(tagged_offer()), RecomposeOptions(sizes=((160, 600),)))[0]
    assert out.layout["strategy"] == "relayout", out.layout["reason"]
    kinds = {e["kind"] for e in out.layout["elements"]}
    assert {"headline", "cta"} <= kinds, kinds
    (button,) = [e for e in out.layout["elements"] if e["kind"] == "cta"]
    assert button["source_box"][1] > 400  # "Book now", not the tag


@pytest.mark.parametrize("size", [(1080, 1920), (300, 600)])
def test_a_stacks_picture_grows_into_the_height_its_words_leave(size: tuple[int, int]) -> None:
    """The autumn ad's stack is as wide as "COLLECTION" at the words' scale: its coffee
    photo stood at that scale too, a third of a 1080x1920's height in the middle of the
    cream. It grows into the room left (here to the canvas's width), the words keep
    their size."""
    from banners import tracked_headings

    W, H = size
    out = recompose(png_bytes(tracked_headings()), RecomposeOptions(sizes=(size,)))[0]
    rec = {e["kind"]: e for e in out.layout["elements"] if e["kind"] in ("product", "headline")}
    photo = Box.from_xywh(*rec["product"]["box"])
    assert photo.w >= 0.85 * W, (out.layout["arrangement"], photo)
    assert rec["product"]["scale"] > 1.3 * rec["headline"]["scale"], rec
