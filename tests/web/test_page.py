"""The try-it page, driven in a real Chromium against a live bannerfit server.

These tests use the page the way a person does (labels, buttons, file chooser,
download) and check what comes back through the public API: real engine outputs of
the right pixel sizes, a zip with the right entries, the API's own error sentences.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image

from .pagekit import alert_text, make_banner, open_page, submit

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO / "docs" / "screenshot.png"

#: (preset label on the page, expected output size)
CHOSEN = [
    ("Instagram story", (1080, 1920)),
    ("Leaderboard", (728, 90)),
    ("Medium rectangle", (300, 250)),
]


def test_resize_three_presets_overlay_and_zip(
    browser: Any, web_server: tuple[str, str], tmp_path: Path
) -> None:
    base_url, api_key = web_server
    banner = make_banner(tmp_path / "summer.png")
    page = open_page(browser, base_url, viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))

    submit(page, api_key, banner, [label for label, _ in CHOSEN])

    # Results appear once the job is COMPLETED and every image has loaded.
    page.wait_for_function(
        "() => { const imgs = [...document.querySelectorAll('#outputs img')];"
        " return imgs.length === 3 && imgs.every(i => i.complete && i.naturalWidth > 0); }",
        timeout=240_000,
    )
    assert page.locator("#error").is_hidden()
    natural = page.eval_on_selector_all(
        "#outputs img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])"
    )
    assert [tuple(s) for s in natural] == [size for _, size in CHOSEN]
    summary = page.locator("#summary").inner_text()
    assert re.search(r"3 outputs · compute \d+\.\d\d s", summary), summary
    assert re.search(r"\d+ credits? charged", summary), summary

    # Shown at true aspect: the displayed box has the output's proportions.
    for img, (_, (w, h)) in zip(page.locator("#outputs img").all(), CHOSEN, strict=True):
        box = img.bounding_box()
        assert box is not None
        assert abs(box["width"] / box["height"] - w / h) < 0.02 * (w / h)

    # The layout overlay: hidden, then drawn over the first output, inside its image.
    first = page.locator("#outputs li").first
    overlay = first.locator(".overlay")
    assert overlay.is_hidden()
    toggle = first.get_by_role("button", name=re.compile("layout"))
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert overlay.is_visible()
    boxes = overlay.locator(".box")
    assert boxes.count() >= 1
    img_box = first.locator("img").bounding_box()
    assert img_box is not None
    for b in boxes.all():
        bb = b.bounding_box()
        assert bb is not None
        assert bb["x"] >= img_box["x"] - 2 and bb["y"] >= img_box["y"] - 2
        assert bb["x"] + bb["width"] <= img_box["x"] + img_box["width"] + 2
        assert bb["y"] + bb["height"] <= img_box["y"] + img_box["height"] + 2
        assert b.get_attribute("data-kind")

    # Download all: a zip built in the page from the output URLs.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download all (zip)").click()
    download = info.value
    assert download.suggested_filename == "summer_bannerfit.zip"
    with zipfile.ZipFile(download.path()) as zf:
        assert zf.testzip() is None  # every CRC checks out
        names = zf.namelist()
        assert names == [f"summer_{w}x{h}_0.png" for _, (w, h) in CHOSEN]
        sizes = [Image.open(io.BytesIO(zf.read(n))).size for n in names]
    assert sizes == [size for _, size in CHOSEN]

    # Nothing was loaded from anywhere but bannerfit itself.
    origin = urlsplit(base_url).netloc
    foreign = [
        u
        for u in requested
        if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origin
    ]
    assert foreign == []

    if os.environ.get("BANNERFIT_UPDATE_SCREENSHOT") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.context.close()


def test_bad_key_shows_the_401_message(
    browser: Any, web_server: tuple[str, str], tmp_path: Path
) -> None:
    base_url, _ = web_server
    banner = make_banner(tmp_path / "b.png")
    page = open_page(browser, base_url)
    submit(page, "not-a-real-key", banner, ["Leaderboard"])
    message = alert_text(page)
    assert "The API key was not accepted (401)" in message
    # The API's own sentence is shown, not a generic one.
    api_error = httpx.get(base_url + "/v1/credits", headers={"x-api-key": "not-a-real-key"}).json()
    assert api_error["error"] in message
    # The key check next to the field says so too, before any submission is needed.
    assert "(401)" in page.locator("#credits").inner_text()
    assert page.locator("#results").is_hidden()
    page.context.close()


def test_keyboard_and_phone_width(browser: Any, web_server: tuple[str, str]) -> None:
    base_url, _ = web_server
    page = open_page(browser, base_url, viewport={"width": 375, "height": 740}, is_mobile=True)
    # No horizontal scrolling at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Presets are real checkboxes reachable with Tab and toggled with Space.
    page.locator("#preset-1080x1080").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "preset-1080x1920"
    page.keyboard.press("Space")
    assert page.get_by_role("checkbox", name=re.compile("Instagram story")).is_checked()
    assert "1 of at most 10 sizes" in page.locator("#size-count").inner_text()
    # Focus reached by keyboard is visible: the focused control draws an outline.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.context.close()


def test_dropping_a_file_on_the_drop_zone_chooses_it(
    browser: Any, web_server: tuple[str, str], tmp_path: Path
) -> None:
    base_url, _ = web_server
    data = list(make_banner(tmp_path / "dropped.png").read_bytes())
    page = open_page(browser, base_url)
    page.evaluate(
        """(bytes) => {
          const file = new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' });
          const dt = new DataTransfer();
          dt.items.add(file);
          document.getElementById('drop-zone')
            .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }""",
        data,
    )
    info = page.locator("#source-info")
    info.filter(has_text="1200x628").wait_for(timeout=10_000)
    assert info.inner_text().startswith("dropped.png: 1200x628")
    assert page.get_by_role("img", name="Chosen banner: dropped.png").is_visible()
    page.context.close()
