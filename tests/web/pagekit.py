"""Helpers for driving the page the way a person does: labels, buttons, the file chooser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont


def make_banner(path: Path) -> Path:
    """A small but real banner: coloured background, a headline, a button-like box."""
    img = Image.new("RGB", (1200, 628), (24, 78, 162))
    draw = ImageDraw.Draw(img)
    draw.text((80, 150), "Summer sale 40% off", font=ImageFont.load_default(size=72), fill="white")
    draw.rounded_rectangle((80, 380, 480, 480), radius=18, fill=(255, 196, 0))
    draw.text((130, 402), "Shop now", font=ImageFont.load_default(size=48), fill=(20, 20, 20))
    img.save(path)
    return path


def open_page(browser: Any, base_url: str, **context_args: Any) -> Any:
    """A fresh context (own localStorage) with the page loaded and its script ready."""
    context = browser.new_context(accept_downloads=True, **context_args)
    page = context.new_page()
    page.goto(base_url + "/")
    page.wait_for_selector("html[data-ready='true']")
    return page


def submit(page: Any, key: str, banner: Path, presets: list[str]) -> None:
    """Fill the form as a person would and press Resize."""
    page.get_by_label("Key", exact=True).fill(key)
    page.get_by_label("Choose a banner image").set_input_files(str(banner))
    for label in presets:
        page.get_by_role("checkbox", name=re.compile(label)).check()
    page.get_by_role("button", name="Resize").click()


def alert_text(page: Any, timeout_ms: int = 60_000) -> str:
    """The page's error message, once shown."""
    alert = page.get_by_role("alert")
    alert.wait_for(state="visible", timeout=timeout_ms)
    return str(alert.inner_text())
