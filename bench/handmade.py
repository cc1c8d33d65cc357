"""Hand-made ads, messier than either generator draws, for contact sheets (no scores).

    .venv/bin/python bench/handmade.py --out DIR
    .venv/bin/python bench/contact_sheet.py --data DIR --limit 20 --out DIR/sheets

Real ads are judged by eye as much as by a scorer, and most arrive as JPEGs. These are
the cases the fifteenth session drew with Pillow and scikit-image's photos to find what
the engine garbles: words in two colours beside a portrait fading into navy, lettered
feature icons with their words, a price disc on a small photo ad, shadowed words on a
cat's fur, a sub-line under its headline on a photo's dark band, a photo panel filling
a third of a plain banner, a leaderboard to be blown up; and from the twentieth, a
rocket photo whose lattice tower a wordmark overlaps. Each is written as NAME.png
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
    cat_leaderboard,
    cat_story_words,
    coffee_price,
    dark_band_words,
    feature_icons_banner,
    font,
    pill,
    portrait_beside_navy,
    rocket_launch,
    rocket_panel,
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
