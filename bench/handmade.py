"""Hand-made ads, messier than either generator draws, for contact sheets (no scores).

    .venv/bin/python bench/handmade.py --out DIR
    .venv/bin/python bench/contact_sheet.py --data DIR --limit 20 --out DIR/sheets

Real ads are judged by eye as much as by a scorer, and most arrive as JPEGs. These are
the cases the fifteenth session drew with Pillow and scikit-image's photos to find what
the engine garbles: words in two colours beside a portrait fading into navy, lettered
feature icons with their words, a price disc on a small photo ad, shadowed words on a
cat's fur, a sub-line under its headline on a photo's dark band, a photo panel filling
a third of a plain banner, a leaderboard to be blown up; and from the twentieth, a
rocket photo whose lattice tower a wordmark overlaps; and from the twenty-fifth, a
photo band over the words of a square, a photo panel down the right of a landscape, a
full-bleed poster under a dark gradient, an app ad with two store buttons side by side,
a sale's eyebrow over its percentage on a flat colour, and the photo panel ad with its
headline running on over the photo and a brand mark on it, a café ad with a photo at
each end, a coffee photo filling the bottom half under the words, and one across the middle;
and from the twenty-sixth, a headline with a highlighter band behind its middle word, a
white card holding the words and a button on a photo, a list with check-mark bullets, and
a shop ad whose headline's box reaches into its product's, and a testimonial with the
reviewer's round portrait beside her name; and from the twenty-seventh, a coffee ad
with a dark footer bar holding its web address and terms, and a mattress ad with a
rating's five stars before its line, an autumn collection in letter-spaced capitals, a Black Friday countdown, a shop's four new arrivals in two rows of two, and an adoption ad with a
corner ribbon's "NEW" at 45 degrees, a space camp ad with a "LIMITED OFFER" tag over
its headline, a hiring ad listing six job titles in two columns, and a before-and-after pair of
photos with a label on each.
Each is written as NAME.png
(JPEG bytes where the ad is a JPEG, as ``jpeg_set.py`` does: the engine sniffs the
format), with no ground truth: look at the sheets. Five are drawn, and three more are
started, by the engine tests (``tests/engine/banners.py``), which assert on them; this
script writes them as files.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
# some of the ads are (or start from) the engine tests' own drawings: one copy serves both
sys.path.insert(0, str(HERE.parent / "tests" / "engine"))
from banners import (  # noqa: E402
    BOLD,
    REGULAR,
    before_after,
    card_on_photo,
    cat_leaderboard,
    cat_right_panel,
    cat_story_words,
    checklist,
    coffee_band_bottom,
    coffee_band_middle,
    coffee_band_on,
    coffee_price,
    corner_ribbon,
    countdown,
    dark_band_words,
    feature_icons_banner,
    font,
    footer_bar,
    highlighted_headline,
    hiring_columns,
    new_arrivals,
    pill,
    portrait_beside_navy,
    product_beside_headline,
    rating_row,
    reviewer_quote,
    rocket_launch,
    rocket_panel,
    tagged_offer,
    tracked_headings,
    two_photo_panels,
)


def cat_story() -> Image.Image:
    """1080x1920 story: the tests' cat with shadowed words, and a button and a web address."""
    img = cat_story_words()
    d = ImageDraw.Draw(img)
    pill(d, (290, 1640, 790, 1770), 65, (255, 220, 90), "Shop treats", 56, (60, 30, 10))
    d.text((540, 1850), "pawly.com", font=font(REGULAR, 40), fill=(255, 255, 255), anchor="mm")
    return img


def dark_band() -> Image.Image:
    """1080x1080: the tests' portrait with a headline and its sub-line on a dark band,
    and a button and a wordmark."""
    img, _ = dark_band_words()
    d = ImageDraw.Draw(img)
    pill(d, (60, 920, 360, 1000), 40, (255, 90, 60), "Book a seat", 36, (255, 255, 255))
    d.text((1020, 60), "ORBIT KIDS", font=font(BOLD, 34), fill=(255, 255, 255), anchor="ra")
    return img


def photo_panel() -> Image.Image:
    """1200x628: a rocket photo filling the left third of a cream banner, a sale."""
    img = rocket_panel()
    d = ImageDraw.Draw(img)
    d.text((580, 70), "MEGA SALE", font=font(BOLD, 96), fill=(255, 200, 40),
           stroke_width=4, stroke_fill=(30, 30, 30))  # fmt: skip
    d.text((580, 210), "Telescopes for the whole family", font=font(REGULAR, 34), fill=(40,) * 3)
    d.text((580, 290), "$599", font=font(BOLD, 60), fill=(150, 150, 150))
    d.line((575, 330, 735, 320), fill=(200, 30, 30), width=6)
    d.text((760, 280), "$399", font=font(BOLD, 80), fill=(200, 30, 30))
    pill(d, (580, 450, 860, 530), 12, (30, 30, 30), "Shop the sale", 32, (255, 255, 255))
    return img


def launch() -> Image.Image:
    """1200x628: the tests' rocket photo ad (a wordmark over a lattice tower)."""
    return rocket_launch()[0]


def coffee_band() -> Image.Image:
    """1080x1080: a coffee photo across the top half, the words centred under it."""
    W = 1080
    img = coffee_band_on(W, 1080, (250, 246, 240), (0, 560), 0)
    d = ImageDraw.Draw(img)
    d.text((W // 2, 650), "Morning ritual", font=font(BOLD, 96), fill=(60, 35, 20), anchor="mm")
    d.text((W // 2, 760), "Single-origin beans, roasted weekly", font=font(REGULAR, 40),
           fill=(90, 70, 60), anchor="mm")  # fmt: skip
    pill(d, (380, 860, 700, 950), 45, (60, 35, 20), "Order now", 40, (255, 255, 255))
    return img


def cat_over() -> Image.Image:
    """1200x628: the cat panel ad with its headline running on over the photo, and a
    brand mark on the photo's corner."""
    return cat_right_panel(words_over=True, mark=True)


def expo() -> Image.Image:
    """1080x1350 poster: a full-bleed portrait darkened towards the bottom, the words
    centred on the dark."""
    import skimage.data as sk

    W, H = 1080, 1350
    photo = Image.fromarray(sk.astronaut()).convert("RGB").resize((H, H))
    img = photo.crop(((H - W) // 2, 0, (H - W) // 2 + W, H))
    shade = Image.linear_gradient("L").resize((W, H)).point(lambda v: int(max(0, v - 100) * 1.5))
    img.paste((0, 0, 0), (0, 0), shade)
    d = ImageDraw.Draw(img)
    d.text((W // 2, 1000), "SPACE EXPO", font=font(BOLD, 120), fill=(255, 255, 255), anchor="mm")
    d.text((W // 2, 1100), "March 14-16  ·  Houston", font=font(REGULAR, 44), fill=(230,) * 3,
           anchor="mm")  # fmt: skip
    pill(d, (390, 1170, 690, 1250), 40, (255, 90, 60), "Get tickets", 36, (255, 255, 255))
    return img


def app() -> Image.Image:
    """1200x628: a phone with a cat on its screen, words and two store buttons side by side."""
    import skimage.data as sk

    W, H = 1200, 628
    img = Image.new("RGB", (W, H), (240, 244, 255))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((820, 90, 1080, 560), 30, fill=(20, 20, 20))
    img.paste(Image.fromarray(sk.chelsea()).convert("RGB").resize((220, 400)), (840, 125))
    d.text((70, 130), "Your pet's", font=font(BOLD, 70), fill=(20, 30, 80))
    d.text((70, 215), "health, in one app", font=font(BOLD, 70), fill=(20, 30, 80))
    d.text(
        (70, 320), "Vet chat, reminders and records.", font=font(REGULAR, 32), fill=(60, 70, 100)
    )
    pill(d, (70, 420, 300, 490), 14, (0, 0, 0), "App Store", 30, (255, 255, 255))
    pill(d, (320, 420, 560, 490), 14, (0, 0, 0), "Google Play", 30, (255, 255, 255))
    return img


def sale() -> Image.Image:
    """1080x1080 on yellow: an eyebrow over a big percentage, a pill, a coffee disc and a
    legal line at the foot."""
    import skimage.data as sk

    W, H = 1080, 1080
    img = Image.new("RGB", (W, H), (255, 214, 0))
    d = ImageDraw.Draw(img)
    d.text((80, 120), "SUMMER SALE", font=font(BOLD, 64), fill=(20, 20, 20))
    d.text((80, 200), "50% OFF", font=font(BOLD, 180), fill=(200, 20, 40))
    cup = Image.fromarray(sk.coffee()).convert("RGB").resize((560, 420)).crop((100, 0, 520, 420))
    disc = Image.new("L", (420, 420), 0)
    ImageDraw.Draw(disc).ellipse((0, 0, 419, 419), fill=255)
    img.paste(cup, (600, 480), disc)
    pill(d, (80, 560, 420, 650), 45, (20, 20, 20), "Shop the sale", 38, (255, 255, 255))
    d.text((80, 1000), "Ends Sunday. Selected items only.", font=font(REGULAR, 26), fill=(60,) * 3)
    return img


#: name -> (drawing, JPEG quality or None for a PNG)
ADS: dict[str, tuple[Callable[[], Image.Image], int | None]] = {
    "hand_portrait_navy_1200x628": (portrait_beside_navy, 88),
    "hand_leaderboard_728x90": (cat_leaderboard, None),
    "hand_feature_icons_1080x1080": (feature_icons_banner, 90),
    "hand_coffee_price_300x250": (coffee_price, 85),
    "hand_cat_story_1080x1920": (cat_story, 85),
    "hand_dark_band_1080x1080": (dark_band, 88),
    "hand_photo_panel_1200x628": (photo_panel, 88),
    "hand_rocket_launch_1200x628": (launch, 70),
    "hand_coffee_band_1080x1080": (coffee_band, 85),
    "hand_cat_right_1200x628": (cat_right_panel, 88),
    "hand_cat_over_1200x628": (cat_over, 85),
    "hand_two_panels_1200x628": (two_photo_panels, 88),
    "hand_band_bottom_1200x628": (coffee_band_bottom, 85),
    "hand_band_middle_1080x1080": (coffee_band_middle, 85),
    "hand_expo_1080x1350": (expo, 85),
    "hand_app_1200x628": (app, None),
    "hand_sale_1080x1080": (sale, None),
    "hand_highlight_1200x628": (highlighted_headline, 88),
    "hand_card_1080x1080": (card_on_photo, 88),
    "hand_checklist_1080x1080": (checklist, 88),
    "hand_shop_1080x1080": (product_beside_headline, 88),
    "hand_quote_1200x628": (reviewer_quote, 88),
    "hand_footer_1080x1080": (footer_bar, 85),
    "hand_rating_1200x628": (rating_row, 88),
    "hand_tracked_1080x1080": (tracked_headings, 88),
    "hand_countdown_1200x628": (countdown, None),
    "hand_arrivals_1080x1080": (new_arrivals, 88),
    "hand_ribbon_1080x1080": (corner_ribbon, 88),
    "hand_tagged_1200x628": (tagged_offer, 88),
    "hand_hiring_1080x1080": (hiring_columns, None),
    "hand_before_after_1080x1080": (before_after, 88),
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
