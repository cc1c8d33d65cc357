"""textread: the recogniser from the rapidocr wheel reads a drawn line back."""

from __future__ import annotations

import string

import numpy as np
import pytest
from banners import BOLD, REGULAR, font
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from bannerfit.engine.textread import agreement, normalized, read_line


def _line(text: str, face: str, px: int, ink: tuple, ground: tuple) -> np.ndarray:
    f = font(face, px)
    w = int(f.getlength(text)) + px
    img = Image.new("RGB", (w, int(px * 1.6)), ground)
    ImageDraw.Draw(img).text((px // 2, px // 4), text, font=f, fill=ink)
    return np.asarray(img)


@pytest.mark.parametrize(
    ("text", "face", "px", "ink", "ground"),
    [
        ("Order today", BOLD, 34, (255, 255, 255), (120, 40, 30)),
        ("Fresh beans delivered weekly", REGULAR, 22, (30, 30, 40), (245, 240, 230)),
        ("SALE 50% OFF", BOLD, 60, (250, 210, 40), (20, 20, 60)),
    ],
)
def test_a_drawn_line_reads_as_its_text(
    text: str, face: str, px: int, ink: tuple, ground: tuple
) -> None:
    assert normalized(read_line(_line(text, face, px, ink, ground))) == normalized(text)


def test_a_line_with_a_letter_gone_reads_otherwise() -> None:
    """What the matte check relies on: a lost letter changes the reading."""
    whole = _line("Morning Roast", BOLD, 48, (255, 255, 255), (90, 40, 20))
    cut = whole.copy()
    f = font(BOLD, 48)
    x0 = 24 + int(f.getlength("Morning Roas"))
    cut[:, x0:] = (90, 40, 20)  # the final "t" painted over with the ground
    assert agreement(read_line(whole), "Morning Roast") == 1.0
    assert agreement(read_line(cut), read_line(whole)) < 0.97


def test_nothing_to_read_reads_as_nothing() -> None:
    assert read_line(np.zeros((1, 40, 3), np.uint8)) == ""
    assert normalized(read_line(np.full((48, 200, 3), 128, np.uint8))) == ""


@given(st.text(string.printable, max_size=30), st.text(max_size=30))
def test_agreement_is_within_zero_and_one_and_whole_for_the_same_reading(a: str, b: str) -> None:
    assert 0.0 <= agreement(a, b) <= 1.0
    assert agreement(a, a) == 1.0
    assert agreement(a, a.upper() + " .") == 1.0  # case, spaces and marks do not count
