"""Hand-made ads, messier than either generator draws, for contact sheets (no scores).

    .venv/bin/python bench/handmade.py --out DIR
    .venv/bin/python bench/contact_sheet.py --data DIR --limit 20 --out DIR/sheets

Real ads are judged by eye as much as by a scorer, and most arrive as JPEGs. These are
the cases the fifteenth session drew with Pillow and scikit-image's photos to find what
the engine garbles: words in two colours beside a portrait fading into navy, lettered
feature icons with their words, a price disc on a small photo ad, shadowed words on a
cat's fur, a sub-line under its headline on a photo's dark band, a photo panel filling
a third of a plain banner, a leaderboard to be blown up. Each is written as NAME.png
(JPEG bytes where the ad is a JPEG, as ``jpeg_set.py`` does: the engine sniffs the
format), with no ground truth: look at the sheets.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import skimage.data as skdata
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def bold(size: int) -> ImageFont.FreeTypeFont:
    return font("DejaVuSans-Bold.ttf", size)


def regular(size: int) -> ImageFont.FreeTypeFont:
    return font("DejaVuSans.ttf", size)


def serif_bold(size: int) -> ImageFont.FreeTypeFont:
    return font("DejaVuSerif-Bold.ttf", size)


def shadowed(
    img: Image.Image, xy: tuple[int, int], text: str, f: ImageFont.FreeTypeFont, fill, off: int
) -> None:
    """Words with a soft dark drop shadow ``off`` pixels down and right."""
    shadow = Image.new("L", img.size, 0)
    ImageDraw.Draw(shadow).text((xy[0] + off, xy[1] + off), text, font=f, fill=160)
    img.paste((0, 0, 0), (0, 0), shadow.filter(ImageFilter.GaussianBlur(off + 1)))
    ImageDraw.Draw(img).text(xy, text, font=f, fill=fill)


def portrait_navy() -> Image.Image:
    """1200x628: a portrait fading into navy, a white-and-yellow serif headline."""
    W, H = 1200, 628
    navy = (18, 22, 40)
    img = Image.new("RGB", (W, H), navy)
    img.paste(Image.fromarray(skdata.astronaut()).convert("RGB").resize((H, H)), (0, 0))
    fade = Image.linear_gradient("L").rotate(90).resize((260, H)).point(lambda v: 255 - v)
    img.paste(navy, (440, 0), fade)
    d = ImageDraw.Draw(img)
    d.text((700, 60), "NOVA", font=bold(40), fill=(255, 255, 255))
    d.text((700, 170), "Reach for", font=serif_bold(64), fill=(255, 255, 255))
    d.text((700, 245), "the stars", font=serif_bold(64), fill=(255, 200, 80))
    d.text((700, 350), "Training camps for young explorers.", font=regular(26), fill=(220,) * 3)
    d.text((700, 385), "Spring sessions now open.", font=regular(26), fill=(220,) * 3)
    d.rounded_rectangle((700, 460, 930, 526), 33, fill=(255, 200, 80))
    d.text((815, 493), "Enrol today", font=bold(28), fill=navy, anchor="mm")
    return img


def leaderboard() -> Image.Image:
    """728x90: a cat's picture, a headline, a sub-line and a button, to be blown up."""
    img = Image.new("RGB", (728, 90), (250, 245, 235))
    cat = Image.fromarray(skdata.chelsea()).convert("RGB").crop((60, 0, 400, 300))
    img.paste(cat.resize((90, 80)), (8, 5))
    d = ImageDraw.Draw(img)
    d.text((112, 14), "Happy cats, happy homes", font=bold(26), fill=(60, 40, 30))
    d.text((112, 52), "Premium food delivered monthly", font=regular(17), fill=(90, 70, 60))
    d.rounded_rectangle((560, 24, 710, 66), 8, fill=(220, 80, 40))
    d.text((635, 45), "Try 50% off", font=bold(18), fill=(255, 255, 255), anchor="mm")
    return img


def feature_icons() -> Image.Image:
    """1080x1080 on a blue-to-purple gradient: three lettered discs, a word under each."""
    W, H = 1080, 1080
    yy = np.linspace(0, 1, H)[:, None, None]
    ground = (np.array([40, 90, 200]) * (1 - yy) + np.array([120, 60, 180]) * yy).repeat(W, axis=1)
    img = Image.fromarray(ground.astype(np.uint8))
    d = ImageDraw.Draw(img)
    d.text((540, 150), "Work smarter", font=bold(96), fill=(255, 255, 255), anchor="mm")
    d.text((540, 250), "All your projects in one calm place", font=regular(40),
           fill=(230, 235, 255), anchor="mm")  # fmt: skip
    features = [("Plan", (255, 200, 80)), ("Share", (120, 220, 160)), ("Ship", (255, 130, 130))]
    for i, (word, colour) in enumerate(features):
        cx = 240 + i * 300
        d.ellipse((cx - 90, 380, cx + 90, 560), fill=colour)
        d.text((cx, 470), word[0], font=bold(90), fill=(40, 40, 80), anchor="mm")
        d.text((cx, 610), word, font=bold(44), fill=(255, 255, 255), anchor="mm")
    d.rounded_rectangle((360, 740, 720, 840), 50, fill=(255, 255, 255))
    d.text((540, 790), "Start free", font=bold(44), fill=(60, 60, 160), anchor="mm")
    d.text((540, 960), "orbitly", font=bold(48), fill=(255, 255, 255), anchor="mm")
    return img


def coffee_price() -> Image.Image:
    """300x250 coffee photo: shadowed words, a red price disc, a pill, a wordmark."""
    photo = Image.fromarray(skdata.coffee()).convert("RGB").resize((375, 250), Image.LANCZOS)
    img = photo.crop((40, 0, 340, 250))
    shadowed(img, (14, 14), "Fresh roast", bold(30), (255, 255, 255), 2)
    shadowed(img, (14, 50), "every morning", regular(18), (255, 255, 255), 1)
    d = ImageDraw.Draw(img)
    d.ellipse((210, 120, 290, 200), fill=(200, 30, 40))
    d.text((250, 160), "$4.99", font=bold(18), fill=(255, 255, 255), anchor="mm")
    d.rounded_rectangle((14, 200, 124, 236), 18, fill=(255, 255, 255))
    d.text((69, 218), "Order now", font=bold(15), fill=(90, 40, 20), anchor="mm")
    d.text((286, 14), "BEANO", font=bold(14), fill=(255, 255, 255), anchor="ra")
    return img


def cat_story() -> Image.Image:
    """1080x1920 story: a cat's face full bleed, shadowed words in white and yellow."""
    W, H = 1080, 1920
    cat = Image.fromarray(skdata.chelsea()).convert("RGB")
    cat = cat.resize((round(cat.width * H / cat.height), H), Image.LANCZOS)
    x0 = (cat.width - W) // 2
    img = cat.crop((x0, 0, x0 + W, H))
    shadowed(img, (140, 160), "Treat them", bold(120), (255, 255, 255), 5)
    shadowed(img, (210, 300), "right", bold(120), (255, 220, 90), 5)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((290, 1640, 790, 1770), 65, fill=(255, 220, 90))
    d.text((540, 1705), "Shop treats", font=bold(56), fill=(60, 30, 10), anchor="mm")
    d.text((540, 1850), "pawly.com", font=regular(40), fill=(255, 255, 255), anchor="mm")
    return img


def dark_band() -> Image.Image:
    """1080x1080 portrait with a dark band at the bottom, a headline and its sub-line."""
    W, H = 1080, 1080
    img = Image.fromarray(skdata.astronaut()).convert("RGB").resize((W, H), Image.LANCZOS)
    band = Image.linear_gradient("L").resize((W, H)).point(lambda v: int(max(0, v - 110) * 1.6))
    img.paste((10, 10, 20), (0, 0), band)
    d = ImageDraw.Draw(img)
    d.text((60, 720), "Space camp 2027", font=bold(84), fill=(255, 255, 255))
    d.text((60, 830), "Five days among real astronauts. Ages 10-16.", font=regular(36),
           fill=(230, 230, 230))  # fmt: skip
    d.rounded_rectangle((60, 920, 360, 1000), 40, fill=(255, 90, 60))
    d.text((210, 960), "Book a seat", font=bold(36), fill=(255, 255, 255), anchor="mm")
    d.text((1020, 60), "ORBIT KIDS", font=bold(34), fill=(255, 255, 255), anchor="ra")
    return img


def photo_panel() -> Image.Image:
    """1200x628: a rocket photo filling the left third of a cream banner, a sale."""
    W, H = 1200, 628
    img = Image.new("RGB", (W, H), (245, 240, 230))
    rocket = Image.fromarray(skdata.rocket()).convert("RGB")
    rocket = rocket.resize((round(rocket.width * H / rocket.height), H))
    img.paste(rocket.crop((0, 0, 520, H)), (0, 0))
    d = ImageDraw.Draw(img)
    d.text((580, 70), "MEGA SALE", font=bold(96), fill=(255, 200, 40),
           stroke_width=4, stroke_fill=(30, 30, 30))  # fmt: skip
    d.text((580, 210), "Telescopes for the whole family", font=regular(34), fill=(40,) * 3)
    d.text((580, 290), "$599", font=bold(60), fill=(150, 150, 150))
    d.line((575, 330, 735, 320), fill=(200, 30, 30), width=6)
    d.text((760, 280), "$399", font=bold(80), fill=(200, 30, 30))
    d.rounded_rectangle((580, 450, 860, 530), 12, fill=(30, 30, 30))
    d.text((720, 490), "Shop the sale", font=bold(32), fill=(255, 255, 255), anchor="mm")
    return img


#: name -> (drawing, JPEG quality or None for a PNG)
ADS: dict[str, tuple[Callable[[], Image.Image], int | None]] = {
    "hand_portrait_navy_1200x628": (portrait_navy, 88),
    "hand_leaderboard_728x90": (leaderboard, None),
    "hand_feature_icons_1080x1080": (feature_icons, 90),
    "hand_coffee_price_300x250": (coffee_price, 85),
    "hand_cat_story_1080x1920": (cat_story, 85),
    "hand_dark_band_1080x1080": (dark_band, 88),
    "hand_photo_panel_1200x628": (photo_panel, 88),
}


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for name, (draw, quality) in ADS.items():
        buf = io.BytesIO()
        if quality is None:
            draw().save(buf, "PNG")
        else:
            draw().save(buf, "JPEG", quality=quality)
        (a.out / f"{name}.png").write_bytes(buf.getvalue())
    print(f"{len(ADS)} hand-made ads in {a.out}")


if __name__ == "__main__":
    main()
