"""Synthetic test banners drawn with Pillow, with their ground truth.

``make_banner(width, height, background=..., product=...)`` draws a banner the way an
ad is usually built (logo, a 2-3 line headline in a large bold face, a sub-line, a
rounded call-to-action button, optionally a product photo) and returns a
:class:`Banner`: the PNG bytes, the RGB array, and the ground truth (every word's
string and ink box, and each element's box) in source pixels.

Layouts follow the source's shape: landscape (1200x628), square (1080x1080), wide strip
(970x250) and tall skyscraper (300x600).  Everything is deterministic.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOLD = "DejaVuSans-Bold.ttf"
REGULAR = "DejaVuSans.ttf"
SERIF_BOLD = "DejaVuSerif-Bold.ttf"

SOURCE_SIZES: tuple[tuple[int, int], ...] = ((1200, 628), (1080, 1080), (970, 250), (300, 600))

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 (half-open, source pixels)


@dataclass(frozen=True)
class WordTruth:
    text: str
    role: str  # "headline" | "sub" | "cta" | "brand"
    box: Rect  # the word's ink box


@dataclass
class Banner:
    name: str
    width: int
    height: int
    background: str
    png: bytes
    rgb: np.ndarray  # HxWx3 uint8
    words: list[WordTruth] = field(default_factory=list)
    #: element boxes by role: "logo", "headline", "sub", "cta", "product"
    elements: dict[str, Rect] = field(default_factory=dict)
    #: the logo's mark alone (the diamond / circle with its letter)
    mark: Rect | None = None

    def words_of(self, *roles: str) -> list[WordTruth]:
        return [w for w in self.words if w.role in roles]


@lru_cache(maxsize=64)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONT_DIR / name
    if path.exists():
        return ImageFont.truetype(str(path), size)
    try:
        return ImageFont.truetype(name, size)  # let FreeType / fontconfig find it
    except OSError:
        # no DejaVu on this machine: Pillow's own scalable font still draws real glyphs
        return ImageFont.load_default(size=size)  # type: ignore[return-value]


def _union(boxes: list[Rect]) -> Rect:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _ink_box(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, f: ImageFont.FreeTypeFont
) -> Rect:
    return tuple(float(v) for v in draw.textbbox(xy, text, font=f))  # type: ignore[return-value]


def _text_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    f: ImageFont.FreeTypeFont,
    x: float,
    y: float,
    fill,
    role: str,
    out: list[WordTruth],
    leading: float = 1.18,
    align_w: float | None = None,
) -> Rect:
    """Draw ``lines`` (words separated by spaces) top-down from (x, y); return the ink box."""
    size = f.size
    space = f.getlength(" ")
    boxes: list[Rect] = []
    for i, line in enumerate(lines):
        ly = y + i * size * leading
        words = line.split()
        lw = sum(f.getlength(w) for w in words) + space * (len(words) - 1)
        lx = x + ((align_w - lw) / 2 if align_w is not None else 0.0)
        for w in words:
            draw.text((lx, ly), w, font=f, fill=fill)
            b = _ink_box(draw, (lx, ly), w, f)
            out.append(WordTruth(w, role, b))
            boxes.append(b)
            lx += f.getlength(w) + space
    return _union(boxes)


def _background(w: int, h: int, kind: str, c0, c1) -> Image.Image:
    if kind == "flat":
        return Image.new("RGB", (w, h), c0)
    if kind == "gradient":
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        t = (0.35 * xx / max(1, w - 1) + 0.65 * yy / max(1, h - 1))[..., None]
        a, b = np.array(c0, np.float32), np.array(c1, np.float32)
        return Image.fromarray(np.clip(a * (1 - t) + b * t + 0.5, 0, 255).astype(np.uint8))
    raise ValueError(f"unknown background kind {kind!r}")


def _product_patch(w: int, h: int) -> Image.Image:
    """A photo-like patch (the scikit-image cat), w x h, with a rounded-rect alpha mask."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.chelsea()).convert("RGB")
    pw, ph = photo.size
    # cover-crop the photo to the patch's aspect
    s = max(w / pw, h / ph)
    photo = photo.resize((max(w, round(pw * s)), max(h, round(ph * s))), Image.LANCZOS)
    x0 = (photo.width - w) // 2
    y0 = (photo.height - h) // 2
    photo = photo.crop((x0, y0, x0 + w, y0 + h))
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, w - 1, h - 1), radius=max(4, min(w, h) // 10), fill=255
    )
    photo.putalpha(mask)
    return photo


def _logo(
    img: Image.Image,
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    size: int,
    color,
    text_color,
    brand: str,
    out: list[WordTruth],
    shape: str = "diamond",
) -> tuple[Rect, Rect]:
    """A filled mark (diamond or circle) with a letter in it, and a brand word beside it."""
    s = size
    if shape == "diamond":
        pts = [(x + s / 2, y), (x + s, y + s / 2), (x + s / 2, y + s), (x, y + s / 2)]
        draw.polygon(pts, fill=color)
    else:
        draw.ellipse((x, y, x + s, y + s), fill=color)
    letter = brand[0].upper()
    lf = font(BOLD, max(8, int(s * 0.45)))
    lb = draw.textbbox((0, 0), letter, font=lf)
    lx = x + s / 2 - (lb[0] + lb[2]) / 2
    ly = y + s / 2 - (lb[1] + lb[3]) / 2
    draw.text((lx, ly), letter, font=lf, fill=(255, 255, 255))
    mark: Rect = (float(x), float(y), float(x + s), float(y + s))
    bf = font(BOLD, max(8, int(s * 0.5)))
    bb = draw.textbbox((0, 0), brand, font=bf)
    bx = x + s + s * 0.3
    by = y + s / 2 - (bb[1] + bb[3]) / 2
    draw.text((bx, by), brand, font=bf, fill=text_color)
    wb = _ink_box(draw, (bx, by), brand, bf)
    out.append(WordTruth(brand, "brand", wb))
    return mark, _union([mark, wb])


def _button(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    label: str,
    size: int,
    fill,
    text_fill,
    out: list[WordTruth],
    w_min: float = 0.0,
) -> Rect:
    f = font(BOLD, size)
    tw = f.getlength(label)
    padx, pady = size * 1.1, size * 0.65
    bw = max(w_min, tw + 2 * padx)
    bb = draw.textbbox((0, 0), label, font=f)
    bh = (bb[3] - bb[1]) + 2 * pady
    draw.rounded_rectangle((x, y, x + bw, y + bh), radius=bh * 0.3, fill=fill)
    tx = x + (bw - tw) / 2
    ty = y + pady - bb[1]
    words = label.split()
    lx = tx
    space = f.getlength(" ")
    for w in words:
        draw.text((lx, ty), w, font=f, fill=text_fill)
        out.append(WordTruth(w, "cta", _ink_box(draw, (lx, ty), w, f)))
        lx += f.getlength(w) + space
    return (float(x), float(y), float(x + bw), float(y + bh))


PALETTES = {
    "flat": dict(
        c0=(246, 241, 230),
        c1=(246, 241, 230),
        ink=(25, 30, 60),
        sub=(70, 70, 80),
        cta=(220, 60, 40),
        cta_text=(255, 255, 255),
        mark=(30, 90, 200),
    ),
    "gradient": dict(
        c0=(20, 40, 110),
        c1=(90, 30, 120),
        ink=(255, 255, 255),
        sub=(225, 225, 240),
        cta=(250, 200, 40),
        cta_text=(20, 20, 30),
        mark=(240, 90, 60),
    ),
}


def make_banner(
    width: int, height: int, background: str = "flat", product: bool = True, mark: str = "diamond"
) -> Banner:
    """Draw one banner; the layout follows the source's shape."""
    pal = PALETTES[background]
    img = _background(width, height, background, pal["c0"], pal["c1"])
    draw = ImageDraw.Draw(img)
    words: list[WordTruth] = []
    el: dict[str, Rect] = {}
    W, H = width, height
    aspect = W / H

    def place_product(box: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = box
        patch = _product_patch(x1 - x0, y1 - y0)
        img.paste(patch, (x0, y0), patch)
        el["product"] = (float(x0), float(y0), float(x1), float(y1))

    if aspect > 3.0:  # wide strip, 970x250
        m = round(0.08 * H)
        mark_box, el["logo"] = _logo(
            img, draw, m, m, round(0.2 * H), pal["mark"], pal["ink"], "Nordly", words, mark
        )
        hf = font(BOLD, round(0.17 * H))
        el["headline"] = _text_lines(
            draw,
            ["Summer sale", "ends Sunday"],
            hf,
            0.05 * W,
            0.36 * H,
            pal["ink"],
            "headline",
            words,
        )
        sf = font(REGULAR, round(0.075 * H))
        el["sub"] = _text_lines(
            draw,
            ["Free shipping on every order"],
            sf,
            0.05 * W,
            el["headline"][3] + 0.06 * H,
            pal["sub"],
            "sub",
            words,
        )
        if product:
            place_product(
                (round(0.47 * W), round(0.1 * H), round(0.47 * W + 0.95 * H), round(0.9 * H))
            )
        el["cta"] = _button(
            draw,
            0.78 * W,
            0.38 * H,
            "Shop now",
            round(0.08 * H),
            pal["cta"],
            pal["cta_text"],
            words,
        )
    elif aspect > 1.4:  # landscape, 1200x628
        m = round(0.06 * H)
        mark_box, el["logo"] = _logo(
            img, draw, m, m, round(0.11 * H), pal["mark"], pal["ink"], "Nordly", words, mark
        )
        hf = font(BOLD, round(0.1 * H))
        el["headline"] = _text_lines(
            draw, ["Summer sale", "up to half off"], hf, m, 0.3 * H, pal["ink"], "headline", words
        )
        sf = font(REGULAR, round(0.04 * H))
        el["sub"] = _text_lines(
            draw,
            ["Free shipping on every order"],
            sf,
            m,
            el["headline"][3] + 0.05 * H,
            pal["sub"],
            "sub",
            words,
        )
        el["cta"] = _button(
            draw,
            m,
            el["sub"][3] + 0.07 * H,
            "Shop now",
            round(0.04 * H),
            pal["cta"],
            pal["cta_text"],
            words,
        )
        if product:
            place_product((round(0.58 * W), round(0.14 * H), round(0.94 * W), round(0.86 * H)))
    elif aspect > 0.8:  # square, 1080x1080
        m = round(0.06 * H)
        mark_box, el["logo"] = _logo(
            img, draw, m, m, round(0.07 * H), pal["mark"], pal["ink"], "Nordly", words, mark
        )
        hf = font(BOLD, round(0.075 * H))
        el["headline"] = _text_lines(
            draw,
            ["Summer sale", "up to half", "off today"],
            hf,
            m,
            0.2 * H,
            pal["ink"],
            "headline",
            words,
        )
        sf = font(REGULAR, round(0.03 * H))
        el["sub"] = _text_lines(
            draw,
            ["Free shipping on every order"],
            sf,
            m,
            el["headline"][3] + 0.04 * H,
            pal["sub"],
            "sub",
            words,
        )
        el["cta"] = _button(
            draw, m, 0.8 * H, "Shop now", round(0.032 * H), pal["cta"], pal["cta_text"], words
        )
        if product:
            place_product((round(0.5 * W), round(0.5 * H), round(0.94 * W), round(0.94 * H)))
    else:  # tall skyscraper, 300x600
        m = round(0.08 * W)
        mark_box, el["logo"] = _logo(
            img, draw, m, m, round(0.15 * W), pal["mark"], pal["ink"], "Nordly", words, mark
        )
        hf = font(BOLD, round(0.13 * W))
        el["headline"] = _text_lines(
            draw, ["Summer", "sale ends", "Sunday"], hf, m, 0.13 * H, pal["ink"], "headline", words
        )
        sf = font(REGULAR, round(0.055 * W))
        el["sub"] = _text_lines(
            draw,
            ["Free shipping", "on every order"],
            sf,
            m,
            el["headline"][3] + 0.03 * H,
            pal["sub"],
            "sub",
            words,
        )
        if product:
            place_product((round(0.15 * W), round(0.55 * H), round(0.85 * W), round(0.82 * H)))
        el["cta"] = _button(
            draw, m, 0.86 * H, "Shop now", round(0.06 * W), pal["cta"], pal["cta_text"], words
        )

    rgb = np.asarray(img.convert("RGB")).copy()
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG")
    name = f"{background}_{W}x{H}" + ("" if product else "_noproduct")
    return Banner(name, W, H, background, buf.getvalue(), rgb, words, el, mark_box)


def png_of(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="PNG")
    return buf.getvalue()


def three_pictures_banner() -> tuple[Image.Image, list[Rect]]:
    """An e-commerce banner (1200x628, plain ground): words on the left, three rounded
    product photos close together on the right (one foreground blob with a "-30%"
    sticker), and the pictures' boxes."""
    import skimage.data as skdata

    img = Image.new("RGB", (1200, 628), (250, 247, 242))
    d = ImageDraw.Draw(img)
    d.text((60, 60), "Summer", font=font(BOLD, 72), fill=(30, 30, 60))
    d.text((60, 145), "essentials", font=font(BOLD, 72), fill=(30, 30, 60))
    d.text((60, 250), "Three picks, one low price", font=font(REGULAR, 34), fill=(80, 80, 90))
    d.rounded_rectangle((60, 330, 330, 395), radius=32, fill=(230, 80, 60))
    d.text((95, 343), "Shop the set", font=font(BOLD, 30), fill=(255, 255, 255))
    pictures: list[Rect] = [(620, 80, 880, 340), (900, 60, 1140, 300), (760, 360, 1000, 600)]
    for name, (x0, y0, x1, y1) in zip(("coffee", "rocket", "astronaut"), pictures, strict=True):
        size = (int(x1 - x0), int(y1 - y0))
        pic = Image.fromarray(getattr(skdata, name)()).convert("RGB").resize(size)
        mask = Image.new("L", size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), 24, fill=255)
        img.paste(pic, (int(x0), int(y0)), mask)
    d.ellipse((1060, 470, 1170, 580), fill=(255, 200, 40))
    d.text((1078, 505), "-30%", font=font(BOLD, 28), fill=(40, 30, 30))
    return img, pictures


def jpeg_pixels(img: Image.Image, quality: int = 85) -> np.ndarray:
    """``img`` as the pixels of the JPEG it would arrive as (ringing, chroma at half
    resolution): most ads are JPEGs."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(buf).convert("RGB"))


def png_bytes(img: Image.Image) -> bytes:
    """``img`` as the bytes of a PNG file, as a user would upload it."""
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


BORDER = (120, 60, 30)


def bakery_banner(border: bool = True) -> Image.Image:
    """A 970x250 bakery ad on a horizontal gradient, in a 3 px rule 6 px from its edge,
    with a price as tall as half the banner."""
    W, H = 970, 250
    g = np.linspace(0, 1, W)[None, :, None]
    ground = np.array([250, 230, 200]) * (1 - g) + np.array([240, 180, 140]) * g
    img = Image.fromarray(np.repeat(ground, H, axis=0).astype(np.uint8))
    d = ImageDraw.Draw(img)
    if border:
        d.rectangle((6, 6, W - 7, H - 7), outline=BORDER, width=3)
    d.ellipse((40, 75, 140, 175), fill=(50, 90, 160))
    d.text((90, 125), "B", font=font(SERIF_BOLD, 60), fill=(255, 255, 255), anchor="mm")
    d.text((170, 60), "Bakery fresh", font=font(SERIF_BOLD, 58), fill=(80, 40, 20))
    d.text((172, 135), "Croissants every morning", font=font(REGULAR, 30), fill=(80, 40, 20))
    d.text((640, 70), "$2", font=font(BOLD, 110), fill=(200, 40, 30))
    d.rounded_rectangle((820, 150, 950, 200), radius=10, fill=(80, 40, 20))
    d.text((885, 175), "Order", font=font(BOLD, 26), fill=(255, 255, 255), anchor="mm")
    return img


# -- hand-made ads: messier than make_banner, drawn as a designer would (bench/handmade.py
# writes these same drawings to files for contact sheets) --------------------------------


def portrait_beside_navy() -> Image.Image:
    """A 1200x628 ad: a photo of a person on the left fading into navy, the words on the
    navy, the headline's second line in yellow."""
    import skimage.data as skdata

    W, H = 1200, 628
    navy = (18, 22, 40)
    img = Image.new("RGB", (W, H), navy)
    img.paste(Image.fromarray(skdata.astronaut()).convert("RGB").resize((H, H)), (0, 0))
    fade = Image.linear_gradient("L").rotate(90).resize((260, H)).point(lambda v: 255 - v)
    img.paste(navy, (440, 0), fade)
    d = ImageDraw.Draw(img)
    d.text((700, 60), "NOVA", font=font(BOLD, 40), fill=(255, 255, 255))
    d.text((700, 170), "Reach for", font=font(SERIF_BOLD, 64), fill=(255, 255, 255))
    d.text((700, 245), "the stars", font=font(SERIF_BOLD, 64), fill=(255, 200, 80))
    d.text(
        (700, 350), "Training camps for young explorers.", font=font(REGULAR, 26), fill=(220,) * 3
    )
    d.text((700, 385), "Spring sessions now open.", font=font(REGULAR, 26), fill=(220,) * 3)
    d.rounded_rectangle((700, 460, 930, 526), 33, fill=(255, 200, 80))
    d.text((815, 493), "Enrol today", font=font(BOLD, 28), fill=navy, anchor="mm")
    return img


def feature_icons_banner() -> Image.Image:
    """A 1080x1080 product ad on a blue-to-purple gradient: a headline, three lettered
    discs with a word under each (the product's features), a button, the brand."""
    W, H = 1080, 1080
    yy = np.linspace(0, 1, H)[:, None, None]
    ground = (np.array([40, 90, 200]) * (1 - yy) + np.array([120, 60, 180]) * yy).repeat(W, axis=1)
    img = Image.fromarray(ground.astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.text((540, 150), "Work smarter", font=font(BOLD, 96), fill=(255, 255, 255), anchor="mm")
    d.text((540, 250), "All your projects in one calm place", font=font(REGULAR, 40),
           fill=(230, 235, 255), anchor="mm")  # fmt: skip
    features = [("Plan", (255, 200, 80)), ("Share", (120, 220, 160)), ("Ship", (255, 130, 130))]
    for i, (word, colour) in enumerate(features):
        cx = 240 + i * 300
        d.ellipse((cx - 90, 380, cx + 90, 560), fill=colour)
        d.text((cx, 470), word[0], font=font(BOLD, 90), fill=(40, 40, 80), anchor="mm")
        d.text((cx, 610), word, font=font(BOLD, 44), fill=(255, 255, 255), anchor="mm")
    d.rounded_rectangle((360, 740, 720, 840), 50, fill=(255, 255, 255))
    d.text((540, 790), "Start free", font=font(BOLD, 44), fill=(60, 60, 160), anchor="mm")
    d.text((540, 960), "orbitly", font=font(BOLD, 48), fill=(255, 255, 255), anchor="mm")
    return img


def cat_leaderboard() -> Image.Image:
    """A 728x90 leaderboard: a cat's picture, a four-word headline, a sub-line, a button."""
    import skimage.data as skdata

    img = Image.new("RGB", (728, 90), (250, 245, 235))
    cat = Image.fromarray(skdata.chelsea()).convert("RGB").crop((60, 0, 400, 300))
    img.paste(cat.resize((90, 80)), (8, 5))
    d = ImageDraw.Draw(img)
    d.text((112, 14), "Happy cats, happy homes", font=font(BOLD, 26), fill=(60, 40, 30))
    d.text((112, 52), "Premium food delivered monthly", font=font(REGULAR, 17), fill=(90, 70, 60))
    d.rounded_rectangle((560, 24, 710, 66), 8, fill=(220, 80, 40))
    d.text((635, 45), "Try 50% off", font=font(BOLD, 18), fill=(255, 255, 255), anchor="mm")
    return img


def shadowed(
    img: Image.Image,
    xy: tuple[int, int],
    text: str,
    f: ImageFont.FreeTypeFont,
    fill: tuple[int, int, int],
    off: int,
) -> None:
    """Words with a soft dark drop shadow ``off`` pixels down and right."""
    shadow = Image.new("L", img.size, 0)
    ImageDraw.Draw(shadow).text((xy[0] + off, xy[1] + off), text, font=f, fill=160)
    img.paste((0, 0, 0), (0, 0), shadow.filter(ImageFilter.GaussianBlur(off + 1)))
    ImageDraw.Draw(img).text(xy, text, font=f, fill=fill)


def cat_story_words() -> Image.Image:
    """A 1080x1920 story: a cat's face full bleed, white "Treat them" over yellow "right"
    with a soft drop shadow."""
    import skimage.data as skdata

    W, H = 1080, 1920
    cat = Image.fromarray(skdata.chelsea()).convert("RGB")
    cat = cat.resize((round(cat.width * H / cat.height), H), Image.LANCZOS)
    x0 = (cat.width - W) // 2
    img = cat.crop((x0, 0, x0 + W, H))
    shadowed(img, (140, 160), "Treat them", font(BOLD, 120), (255, 255, 255), 5)
    shadowed(img, (210, 300), "right", font(BOLD, 120), (255, 220, 90), 5)
    return img


def pill(
    d: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    radius: int,
    fill: tuple[int, int, int],
    label: str,
    size: int,
    ink: tuple[int, int, int],
) -> None:
    """A button: a rounded rectangle with its bold label centred on it."""
    d.rounded_rectangle(box, radius, fill=fill)
    centre = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
    d.text(centre, label, font=font(BOLD, size), fill=ink, anchor="mm")


def coffee_price() -> Image.Image:
    """300x250 coffee photo: shadowed white words over the cup's white rim (no matte
    tells the letters from the rim), a red price disc, a pill, a wordmark."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((375, 250), Image.LANCZOS)
    img = photo.crop((40, 0, 340, 250))
    shadowed(img, (14, 14), "Fresh roast", font(BOLD, 30), (255, 255, 255), 2)
    shadowed(img, (14, 50), "every morning", font(REGULAR, 18), (255, 255, 255), 1)
    d = ImageDraw.Draw(img)
    d.ellipse((210, 120, 290, 200), fill=(200, 30, 40))
    d.text((250, 160), "$4.99", font=font(BOLD, 18), fill=(255, 255, 255), anchor="mm")
    pill(d, (14, 200, 124, 236), 18, (255, 255, 255), "Order now", 15, (90, 40, 20))
    d.text((286, 14), "BEANO", font=font(BOLD, 14), fill=(255, 255, 255), anchor="ra")
    return img


#: the wordmark of rocket_launch(), over the top of a lattice tower of the photo
ROCKET_WORDMARK = "ASTRO"


def rocket_launch() -> tuple[Image.Image, Rect]:
    """A 1200x628 ad: a rocket between lattice towers under a dark sky, white words and a
    blue pill on the left, and a wordmark over the top of the right-hand tower; and the
    wordmark's ink box."""
    import skimage.data as skdata

    # the photo stretched into a tall sky (a smooth dark gradient with the towers and the
    # rocket standing in it: taken for pictures on a gradient, not for a photograph)
    img = Image.fromarray(skdata.rocket()).convert("RGB").resize((1200, 1799), Image.LANCZOS)
    img = img.crop((0, 300, 1200, 928))
    d = ImageDraw.Draw(img)
    d.text((60, 60), "Launch week", font=font(BOLD, 80), fill=(255, 255, 255))
    d.text((60, 160), "Every telescope 30% off until Sunday", font=font(REGULAR, 34),
           fill=(220, 230, 255))  # fmt: skip
    pill(d, (60, 240, 330, 310), 35, (30, 90, 200), "See deals", 32, (255, 255, 255))
    mark = font(BOLD, 36)
    d.text((1140, 40), ROCKET_WORDMARK, font=mark, fill=(255, 255, 255), anchor="ra")
    return img, d.textbbox((1140, 40), ROCKET_WORDMARK, font=mark, anchor="ra")


#: the sub-line of dark_band_words(): under its headline, a third of its size
DARK_BAND_SUB = "Five days among real astronauts. Ages 10-16."


def dark_band_words() -> tuple[Image.Image, Rect]:
    """A 1080x1080 portrait with a dark band at the bottom: a headline and, right under
    it, a smaller sub-line; and the sub-line's ink box."""
    import skimage.data as skdata

    W, H = 1080, 1080
    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((W, H), Image.LANCZOS)
    band = Image.linear_gradient("L").resize((W, H)).point(lambda v: int(max(0, v - 110) * 1.6))
    img.paste((10, 10, 20), (0, 0), band)
    d = ImageDraw.Draw(img)
    d.text((60, 720), "Space camp 2027", font=font(BOLD, 84), fill=(255, 255, 255))
    d.text((60, 830), DARK_BAND_SUB, font=font(REGULAR, 36), fill=(230, 230, 230))
    return img, d.textbbox((60, 830), DARK_BAND_SUB, font=font(REGULAR, 36))


def rocket_panel() -> Image.Image:
    """A cream 1200x628 whose left third (520 px) is a rocket photo, full height: the
    words go on the right."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.new("RGB", (W, H), (245, 240, 230))
    rocket = Image.fromarray(skdata.rocket()).convert("RGB")
    rocket = rocket.resize((round(rocket.width * H / rocket.height), H))
    img.paste(rocket.crop((0, 0, 520, H)), (0, 0))
    return img


def cat_right_panel(words_over: bool = False, mark: bool = False) -> Image.Image:
    """A 1200x628 ad: a cat photo down the right (full height), two-colour words and a
    pill on dark green; ``words_over``: the headline's first line runs on over the photo
    ("Happy cats, happy"); ``mark``: a round brand mark sits on the photo's top corner."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.new("RGB", (W, H), (20, 40, 30))
    cat = Image.fromarray(skdata.chelsea()).convert("RGB")
    cat = cat.resize((round(cat.width * H / cat.height), H))
    img.paste(cat.crop((cat.width - 560, 0, cat.width, H)), (W - 560, 0))
    d = ImageDraw.Draw(img)
    if words_over:
        d.text((60, 120), "Happy cats, happy", font=font(BOLD, 80), fill=(255, 255, 255),
               stroke_width=2, stroke_fill=(0, 0, 0))  # fmt: skip
        d.text((60, 215), "homes", font=font(BOLD, 80), fill=(250, 200, 90))
    else:
        d.text((60, 120), "Happy cats,", font=font(BOLD, 72), fill=(255, 255, 255))
        d.text((60, 210), "happy homes", font=font(BOLD, 72), fill=(250, 200, 90))
    d.text((60, 330), "Vet-approved food, delivered", font=font(REGULAR, 34), fill=(220, 230, 220))
    pill(d, (60, 430, 330, 505), 37, (250, 200, 90), "Try it free", 32, (20, 40, 30))
    if mark:
        d.ellipse((1080, 30, 1150, 100), fill=(250, 200, 90))
        d.text((1115, 65), "P", font=font(BOLD, 44), fill=(20, 40, 30), anchor="mm")
    return img


def two_photo_panels() -> Image.Image:
    """A 1200x628 café ad: a coffee photo down the left, a cat down the right (each 330
    px, full height), the words and a pill on the cream between them."""
    import skimage.data as skdata

    W, H = 1200, 628
    img = Image.new("RGB", (W, H), (245, 240, 230))
    cup = Image.fromarray(skdata.coffee()).convert("RGB")
    cup = cup.resize((round(cup.width * H / cup.height), H))
    cat = Image.fromarray(skdata.chelsea()).convert("RGB")
    cat = cat.resize((round(cat.width * H / cat.height), H))
    img.paste(cup.crop((100, 0, 430, H)), (0, 0))
    img.paste(cat.crop((200, 0, 530, H)), (W - 330, 0))
    d = ImageDraw.Draw(img)
    d.text((W // 2, 200), "Cats & coffee", font=font(BOLD, 64), fill=(60, 35, 20), anchor="mm")
    d.text((W // 2, 290), "The cosiest café in town", font=font(REGULAR, 34), fill=(90, 70, 60),
           anchor="mm")  # fmt: skip
    pill(d, (470, 380, 730, 450), 35, (60, 35, 20), "Book a table", 30, (255, 255, 255))
    return img


def coffee_band_on(
    W: int, H: int, ground: tuple[int, int, int], rows: tuple[int, int], at: int
) -> Image.Image:
    """A W x H canvas of ``ground`` with a band of the coffee photo (scaled to the width,
    its ``rows``) pasted edge to edge from row ``at``."""
    import skimage.data as skdata

    img = Image.new("RGB", (W, H), ground)
    photo = Image.fromarray(skdata.coffee()).convert("RGB")
    photo = photo.resize((W, round(photo.height * W / photo.width)))
    img.paste(photo.crop((0, rows[0], W, rows[1])), (0, at))
    return img


def coffee_band_bottom() -> Image.Image:
    """A 1200x628 ad: words and a pill on cream over a coffee photo filling the bottom
    half, edge to edge."""
    img = coffee_band_on(1200, 628, (250, 250, 245), (300, 630), 298)
    d = ImageDraw.Draw(img)
    d.text((60, 70), "Brew better mornings", font=font(BOLD, 64), fill=(40, 30, 20))
    d.text((60, 160), "Fresh beans every week", font=font(REGULAR, 34), fill=(90, 80, 70))
    pill(d, (880, 90, 1140, 160), 35, (40, 30, 20), "Subscribe", 32, (255, 255, 255))
    return img


def coffee_band_middle() -> Image.Image:
    """A 1080x1080 ad on cream: a headline and sub-line over a coffee photo band across
    the middle (edge to edge, 560 px tall), a pill under it."""
    W = 1080
    img = coffee_band_on(W, 1080, (250, 246, 240), (100, 660), 260)
    d = ImageDraw.Draw(img)
    d.text((W // 2, 130), "Morning ritual", font=font(BOLD, 96), fill=(60, 35, 20), anchor="mm")
    d.text((W // 2, 210), "Single-origin beans", font=font(REGULAR, 44), fill=(90, 70, 60),
           anchor="mm")  # fmt: skip
    pill(d, (390, 900, 690, 980), 40, (60, 35, 20), "Order now", 38, (255, 255, 255))
    return img


def highlighted_headline() -> Image.Image:
    """A 1200x628 ad on white: "Save 50% today" with a yellow highlighter band behind
    "50%", a sub-line, a pill, a photo on the right and a legal line at the foot."""
    import skimage.data as skdata

    img = Image.new("RGB", (1200, 628), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.text((70, 60), "shopwise", font=font(BOLD, 40), fill=(30, 90, 200))
    f = font(BOLD, 76)
    x = 70 + d.textlength("Save ", font=f)
    w = d.textlength("50%", font=f)
    d.rectangle((x - 8, 180, x + w + 8, 240), fill=(255, 230, 60))
    d.text((70, 150), "Save 50% today", font=f, fill=(20, 20, 30))
    d.text((70, 290), "On every laptop, tablet and phone in store.", font=font(REGULAR, 30),
           fill=(80, 80, 90))  # fmt: skip
    pill(d, (70, 380, 370, 460), 40, (30, 90, 200), "Shop deals", 36, (255, 255, 255))
    img.paste(Image.fromarray(skdata.camera()).convert("RGB").resize((340, 340)), (820, 130))
    d.text((70, 570), "*Terms and conditions apply. Offer ends 31 December.", font=font(REGULAR, 20),
           fill=(120, 120, 130))  # fmt: skip
    return img


def card_on_photo() -> Image.Image:
    """A 1080x1080 photo ad: the cat filling it, a white rounded card low in the middle
    holding a headline, a sub-line and a pill."""
    import skimage.data as skdata

    photo = Image.fromarray(skdata.chelsea()).convert("RGB").resize((1440, 1080))
    img = photo.crop((180, 0, 1260, 1080))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((190, 600, 890, 980), 30, fill=(255, 255, 255))
    d.text((540, 680), "Adopt, don't shop", font=font(BOLD, 64), fill=(30, 30, 40), anchor="mm")
    d.text((540, 770), "Meet 40 cats waiting for a home", font=font(REGULAR, 34),
           fill=(90, 90, 100), anchor="mm")  # fmt: skip
    pill(d, (390, 840, 690, 920), 40, (230, 90, 40), "Meet them", 36, (255, 255, 255))
    return img


#: where checklist() draws its check discs (x0, y0, x1, y1) and their colour
CHECKS = [(80, 480 + i * 90, 130, 530 + i * 90) for i in range(3)]
CHECK_GREEN = (20, 160, 120)


def checklist() -> Image.Image:
    """A 1080x1080 SaaS ad: a logo, a two-line headline, three list items each after a
    green disc with a white check mark, and a pill."""
    img = Image.new("RGB", (1080, 1080), (240, 246, 250))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((80, 80, 140, 140), 12, fill=CHECK_GREEN)
    d.text((160, 88), "Ledgerly", font=font(BOLD, 44), fill=(20, 40, 60))
    d.text((80, 220), "Bookkeeping", font=font(BOLD, 90), fill=(20, 40, 60))
    d.text((80, 320), "on autopilot", font=font(BOLD, 90), fill=CHECK_GREEN)
    items = ["Receipts scanned in seconds", "Taxes filed on time", "Bank sync, every day"]
    for (x0, y0, x1, y1), item in zip(CHECKS, items, strict=True):
        d.ellipse((x0, y0, x1, y1), fill=CHECK_GREEN)
        d.line((x0 + 13, y0 + 26, x0 + 23, y0 + 36, x0 + 40, y0 + 15), fill=(255,) * 3, width=6)
        d.text((155, y0 + 2), item, font=font(REGULAR, 40), fill=(40, 50, 60))
    pill(d, (80, 800, 460, 890), 45, (20, 40, 60), "Start free trial", 38, (255, 255, 255))
    return img


#: where product_beside_headline() draws its cup (an oval of the coffee photo)
CUP_OVAL = (460, 280, 980, 840)


def product_beside_headline() -> Image.Image:
    """A 1080x1080 shop ad on white: an espresso cup cut out as an oval, the headline's
    box reaching into the oval's, a price, a "-30%" disc on the cup and a pill."""
    import skimage.data as skdata

    img = Image.new("RGB", (1080, 1080), (255, 255, 255))
    cup = (
        Image.fromarray(skdata.coffee()).convert("RGB").resize((800, 600)).crop((120, 0, 720, 600))
    )
    oval = Image.new("L", (600, 600), 0)
    ImageDraw.Draw(oval).ellipse((40, 20, 560, 580), fill=255)
    img.paste(cup, (420, 260), oval)
    d = ImageDraw.Draw(img)
    d.text((70, 70), "BREW&CO", font=font(BOLD, 48), fill=(20, 20, 20))
    d.text((70, 300), "Espresso", font=font(BOLD, 88), fill=(20, 20, 20))
    d.text((70, 400), "cup set", font=font(BOLD, 88), fill=(20, 20, 20))
    d.text((70, 540), "$49.99", font=font(BOLD, 72), fill=(200, 30, 40))
    d.text((70, 640), "Free shipping", font=font(REGULAR, 36), fill=(90, 90, 90))
    d.ellipse((820, 230, 1000, 410), fill=(200, 30, 40))
    d.text((910, 320), "-30%", font=font(BOLD, 52), fill=(255, 255, 255), anchor="mm")
    pill(d, (70, 740, 370, 820), 40, (20, 20, 20), "Buy now", 38, (255, 255, 255))
    return img


#: where reviewer_quote() draws the reviewer's round portrait
PORTRAIT_DISC = (90, 380, 230, 520)


def reviewer_quote() -> Image.Image:
    """A 1200x628 testimonial on cream: a big quote mark, the quote, the reviewer's round
    portrait beside her name and town, and a pill."""
    import skimage.data as skdata

    img = Image.new("RGB", (1200, 628), (250, 244, 235))
    d = ImageDraw.Draw(img)
    d.text((70, 20), "\u201c", font=font(BOLD, 240), fill=(230, 120, 60))
    d.text((90, 200), "The best coffee I've had", font=font(BOLD, 56), fill=(40, 30, 20))
    d.text((90, 270), "outside of Rome.", font=font(BOLD, 56), fill=(40, 30, 20))
    x0, y0, x1, y1 = PORTRAIT_DISC
    face = Image.fromarray(skdata.astronaut()).convert("RGB").crop((150, 20, 350, 220))
    disc = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(disc).ellipse((0, 0, x1 - x0 - 1, y1 - y0 - 1), fill=255)
    img.paste(face.resize(disc.size), (x0, y0), disc)
    d.text((250, 410), "Eileen C.", font=font(BOLD, 36), fill=(40, 30, 20))
    d.text((250, 460), "Houston, TX", font=font(REGULAR, 30), fill=(120, 100, 90))
    pill(d, (880, 480, 1130, 550), 35, (230, 120, 60), "Order now", 32, (255, 255, 255))
    return img


#: footer_bar()'s bar across the bottom (x0, y0, x1, y1) and its colour
FOOTER_BAR = (0, 990, 1080, 1080)
FOOTER_BROWN = (40, 25, 15)


def footer_bar() -> Image.Image:
    """A 1080x1080 cream coffee ad: a wordmark, a three-line headline, a pill and the
    coffee photo to the right, and a dark bar across the bottom holding the web address
    and the terms in light type."""
    import skimage.data as skdata

    img = Image.new("RGB", (1080, 1080), (245, 240, 230))
    img.paste(Image.fromarray(skdata.coffee()).convert("RGB").resize((450, 300)), (590, 330))
    d = ImageDraw.Draw(img)
    d.text((60, 60), "BREWLAB", font=font(BOLD, 44), fill=(90, 50, 20))
    for i, word in enumerate(("Fresh", "every", "morning")):
        d.text((60, 200 + 130 * i), word, font=font(BOLD, 110), fill=FOOTER_BROWN)
    pill(d, (60, 720, 380, 810), 45, (200, 80, 30), "Order now", 40, (255, 255, 255))
    d.rectangle(FOOTER_BAR, fill=FOOTER_BROWN)
    d.text((540, 1035), "brewlab.com  ·  Free delivery over $30. Terms apply.",
           font=font(REGULAR, 28), fill=(230, 220, 200), anchor="mm")  # fmt: skip
    return img


#: rating_row()'s five stars: centres (x, y), outer radius and colour
STARS = [(100 + i * 52, 340) for i in range(5)]
STAR_R = 22
STAR_GOLD = (255, 180, 0)


def rating_row() -> Image.Image:
    """A 1200x628 mattress ad: a headline, a sub-line, five gold stars before "4.8 from
    12,000 reviews", a pill, and a drawn mattress to the right."""
    import math

    img = Image.new("RGB", (1200, 628), (255, 248, 235))
    d = ImageDraw.Draw(img)
    d.text((80, 110), "Sleep better", font=font(BOLD, 96), fill=(30, 40, 90))
    d.text((80, 240), "The mattress 40,000 sleepers love", font=font(REGULAR, 36),
           fill=(60, 60, 80))  # fmt: skip
    for cx, cy in STARS:
        tips = [
            (cx + r * math.cos(-math.pi / 2 + k * math.pi / 5),
             cy + r * math.sin(-math.pi / 2 + k * math.pi / 5))
            for k, r in enumerate([STAR_R, STAR_R * 0.45] * 5)
        ]  # fmt: skip
        d.polygon(tips, fill=STAR_GOLD)
    d.text((370, 340), "4.8 from 12,000 reviews", font=font(REGULAR, 32), fill=(60, 60, 80),
           anchor="lm")  # fmt: skip
    pill(d, (80, 430, 380, 510), 40, (30, 40, 90), "Try 100 nights", 34, (255, 255, 255))
    d.rounded_rectangle((800, 180, 1140, 460), 20, fill=(200, 210, 235))
    d.rounded_rectangle((820, 300, 1120, 440), 14, fill=(255, 255, 255))
    return img


def _spaced(
    d: ImageDraw.ImageDraw, y: int, text: str, size: int, fill, track: int, name: str
) -> None:  # type: ignore[no-untyped-def]
    """``text`` centred on a 1080 wide canvas at ``y``, ``track`` pixels between letters."""
    f = font(name, size)
    widths = [d.textlength(c, font=f) for c in text]
    x = (1080 - sum(widths) - track * (len(text) - 1)) / 2
    for c, w in zip(text, widths, strict=True):
        d.text((x, y), c, font=f, fill=fill)
        x += w + track


def tracked_headings() -> Image.Image:
    """A 1080x1080 fashion ad in letter-spaced capitals: "THE AUTUMN" over "COLLECTION",
    the coffee photo, and "DISCOVER NOW" under it, underlined (a text link)."""
    import skimage.data as skdata

    img = Image.new("RGB", (1080, 1080), (236, 228, 218))
    d = ImageDraw.Draw(img)
    _spaced(d, 140, "THE AUTUMN", 40, (90, 70, 60), 18, REGULAR)
    _spaced(d, 230, "COLLECTION", 110, (40, 30, 25), 14, BOLD)
    img.paste(Image.fromarray(skdata.coffee()).convert("RGB").resize((600, 400)), (240, 430))
    _spaced(d, 880, "DISCOVER NOW", 34, (40, 30, 25), 12, BOLD)
    d.line(TRACKED_UNDERLINE, fill=(40, 30, 25), width=3)
    return img


#: where tracked_headings() underlines its link (x0, y, x1, y)
TRACKED_UNDERLINE = (420, 935, 660, 935)


def countdown() -> Image.Image:
    """A 1200x628 Black Friday ad on near-black: a headline, a sub-line, a countdown of
    three rounded boxes (days, hours, minutes) side by side, and a pill."""
    img = Image.new("RGB", (1200, 628), (15, 15, 20))
    d = ImageDraw.Draw(img)
    d.text((600, 110), "BLACK FRIDAY", font=font(BOLD, 100), fill=(255, 255, 255), anchor="mm")
    d.text((600, 200), "Up to 70% off everything", font=font(REGULAR, 42), fill=(255, 200, 0),
           anchor="mm")  # fmt: skip
    for i, (num, unit) in enumerate([("02", "DAYS"), ("14", "HOURS"), ("36", "MINS")]):
        x = 330 + i * 200
        d.rounded_rectangle((x, 260, x + 150, 390), 16, fill=(45, 45, 55))
        d.text((x + 75, 325), num, font=font(BOLD, 72), fill=(255, 255, 255), anchor="mm")
        d.text((x + 75, 415), unit, font=font(REGULAR, 24), fill=(180, 180, 190), anchor="mm")
    pill(d, (470, 480, 730, 560), 40, (255, 200, 0), "Shop now", 38, (15, 15, 20))
    return img


def new_arrivals() -> Image.Image:
    """A 1080x1080 shop ad: "New arrivals" over four photos in two rows of two, each
    with its price under it, and a pill at the foot."""
    import skimage.data as skdata

    img = Image.new("RGB", (1080, 1080), (250, 250, 252))
    d = ImageDraw.Draw(img)
    d.text((540, 90), "New arrivals", font=font(BOLD, 90), fill=(20, 20, 30), anchor="mm")
    photos = [skdata.coffee(), skdata.chelsea(), skdata.astronaut(), skdata.rocket()]
    for i, (photo, price) in enumerate(zip(photos, ["$12", "$29", "$45", "$99"], strict=True)):
        x, y = 140 + (i % 2) * 420, 180 + (i // 2) * 400
        img.paste(Image.fromarray(photo).convert("RGB").resize((380, 300)), (x, y))
        d.text((x + 190, y + 335), price, font=font(BOLD, 44), fill=(200, 40, 60), anchor="mm")
    pill(d, (390, 990, 690, 1060), 35, (20, 20, 30), "Shop all", 36, (255, 255, 255))
    return img


def corner_ribbon() -> Image.Image:
    """A 1080x1080 adoption ad: a headline and a sub-line over the cat's photo, a pill,
    and a red ribbon across the top right corner with "NEW" on it at 45 degrees."""
    import skimage.data as skdata

    img = Image.new("RGB", (1080, 1080), (230, 240, 250))
    img.paste(Image.fromarray(skdata.chelsea()).convert("RGB").resize((640, 460)), (220, 380))
    d = ImageDraw.Draw(img)
    d.text((540, 150), "Meet Chelsea", font=font(BOLD, 100), fill=(20, 40, 80), anchor="mm")
    d.text((540, 260), "Adopt a senior cat this month", font=font(REGULAR, 44),
           fill=(60, 70, 90), anchor="mm")  # fmt: skip
    pill(d, (390, 900, 690, 990), 45, (240, 90, 60), "Adopt today", 40, (255, 255, 255))
    ribbon = Image.new("RGBA", (600, 90), (230, 30, 60, 255))
    ImageDraw.Draw(ribbon).text((300, 45), "NEW", font=font(BOLD, 50), fill=(255, 255, 255),
                                anchor="mm")  # fmt: skip
    ribbon = ribbon.rotate(-45, expand=True, resample=Image.BICUBIC)
    img.paste(ribbon, (1080 - ribbon.width // 2 - 110, 110 - ribbon.height // 2), ribbon)
    return img


def tagged_offer() -> Image.Image:
    """A 1200x628 white ad: a small yellow "LIMITED OFFER" tag (a pill of words) over a
    two-line headline, two lines of copy, a "Book now" button, and the astronaut's
    photo to the right."""
    import skimage.data as skdata

    img = Image.new("RGB", (1200, 628), (255, 255, 255))
    img.paste(Image.fromarray(skdata.astronaut()).convert("RGB").resize((460, 460)), (700, 84))
    d = ImageDraw.Draw(img)
    pill(d, (70, 90, 330, 140), 25, (255, 230, 120), "LIMITED OFFER", 24, (120, 80, 0))
    d.text((70, 170), "Space camp", font=font(BOLD, 76), fill=(20, 20, 40))
    d.text((70, 265), "for grown-ups", font=font(BOLD, 76), fill=(20, 20, 40))
    d.text((70, 380), "Train like an astronaut for a weekend.", font=font(REGULAR, 30),
           fill=(80, 80, 100))  # fmt: skip
    d.text((70, 420), "Zero-g flights, simulators and more.", font=font(REGULAR, 30),
           fill=(80, 80, 100))  # fmt: skip
    pill(d, (70, 490, 330, 565), 12, (40, 90, 220), "Book now", 34, (255, 255, 255))
    return img


#: hiring_columns()'s job titles, in two columns of three rows
ROLES = ["Backend engineer", "Product designer", "Data analyst", "Support lead", "QA engineer",
         "Recruiter"]  # fmt: skip


def hiring_columns() -> Image.Image:
    """A 1080x1080 green hiring ad: a headline, six job titles in two columns, a pill and
    a web address at the foot."""
    img = Image.new("RGB", (1080, 1080), (20, 60, 50))
    d = ImageDraw.Draw(img)
    d.text((80, 100), "We're hiring", font=font(BOLD, 110), fill=(255, 255, 255))
    for i, role in enumerate(ROLES):
        d.text((80 + (i % 2) * 480, 330 + (i // 2) * 90), role, font=font(REGULAR, 44),
               fill=(200, 240, 220))  # fmt: skip
    pill(d, (80, 700, 420, 790), 45, (250, 200, 60), "See open roles", 38, (20, 60, 50))
    d.text((80, 960), "greenleaf.io/careers", font=font(REGULAR, 32), fill=(150, 200, 180))
    return img


def before_after() -> Image.Image:
    """A 1080x1080 photo-restoration ad: a headline over two photos side by side (grey
    and colour), each with a dark "BEFORE" / "AFTER" label on its top left corner, a
    sub-line and a pill."""
    import skimage.data as skdata

    img = Image.new("RGB", (1080, 1080), (250, 248, 245))
    d = ImageDraw.Draw(img)
    d.text((540, 110), "See the difference", font=font(BOLD, 84), fill=(30, 30, 40), anchor="mm")
    photo = Image.fromarray(skdata.astronaut()).convert("RGB").resize((440, 440))
    img.paste(photo.convert("L").convert("RGB"), (80, 220))
    img.paste(photo, (560, 220))
    for x, label in ((80, "BEFORE"), (560, "AFTER")):
        d.rectangle((x, 220, x + 170, 275), fill=(30, 30, 40))
        d.text((x + 85, 247), label, font=font(BOLD, 30), fill=(255, 255, 255), anchor="mm")
    d.text((540, 760), "Colour restoration in one click", font=font(REGULAR, 44),
           fill=(80, 80, 90), anchor="mm")  # fmt: skip
    pill(d, (380, 860, 700, 950), 45, (255, 100, 60), "Try it free", 40, (255, 255, 255))
    return img
