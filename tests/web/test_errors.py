"""Every error the API can answer a submission with reaches the person as one clear
message: the status, the API's own ``error`` sentence, and what to do.

Each case makes the real server produce the error (a key without credits, a key with
a one-request rate limit, a damaged image, a server with a tiny body limit) and reads
the message the page shows in its alert.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from .pagekit import alert_text, make_banner, open_page, submit

pytestmark = pytest.mark.browser


def test_no_credits_shows_the_406_message(browser: Any, live_server: Any, tmp_path: Path) -> None:
    key = live_server.create_key(credits=0)
    page = open_page(browser, live_server.base_url)
    submit(page, key, make_banner(tmp_path / "b.png"), ["Leaderboard"])
    message = alert_text(page)
    assert message.startswith("Not enough credits (406): ")
    assert "bannerfit keys add-credits" in message
    # The page shows the API's own sentence (which says what is needed and left).
    api = httpx.post(
        live_server.url("/v2/smart-banner-resizer"),
        headers={"x-api-key": key},
        json={"image_url": "https://example.com/a.png", "target_sizes": ["728x90"]},
    )
    assert api.status_code == 406
    assert api.json()["error"] in message
    page.context.close()


def test_damaged_image_shows_the_422_reason(browser: Any, live_server: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4000))
    page = open_page(browser, live_server.base_url)
    submit(page, live_server.api_key, broken, ["Leaderboard"])
    message = alert_text(page)
    # A FAILED job: the worker's reason, as the status endpoint gives it.
    assert re.fullmatch(r"Processing failed \(422\): .*PNG.*\.", message), message
    assert page.locator("#results").is_hidden()
    page.context.close()


def test_bad_parameter_shows_the_400_field(browser: Any, web_server: tuple[str, str]) -> None:
    base_url, api_key = web_server
    page = open_page(browser, base_url)
    page.get_by_label("Key", exact=True).fill(api_key)
    page.get_by_label("or an image URL").fill("https://example.com/banner.png")
    page.get_by_role("checkbox", name=re.compile("Leaderboard")).check()
    page.get_by_label("Seed").fill("-5")
    page.get_by_role("button", name="Resize").click()
    message = alert_text(page)
    assert message.startswith("The request was refused (400): ")
    assert "seed: " in message  # the field at fault, from the API's "fields"
    page.context.close()


def test_rate_limit_shows_the_429_message_with_the_wait(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    key = live_server.create_key(credits=10, rpm=1)
    page = open_page(browser, live_server.base_url)
    submit(page, key, make_banner(tmp_path / "b.png"), ["Mobile banner"])
    page.locator("#outputs img").first.wait_for(timeout=120_000)
    page.get_by_role("button", name="Resize").click()  # a second submission in the minute
    message = alert_text(page)
    assert re.fullmatch(r"Too many requests \(429\): .+ Try again in \d+ s\.", message), message
    page.context.close()


def test_too_large_shows_the_413_message(browser: Any, server_factory: Any, tmp_path: Path) -> None:
    server = server_factory(env={"BANNERFIT_MAX_BODY_BYTES": "20000"})
    banner = make_banner(tmp_path / "b.png")
    assert banner.stat().st_size > 20000
    page = open_page(browser, server.base_url)
    submit(page, server.api_key, banner, ["Leaderboard"])
    message = alert_text(page)
    assert message.startswith("The image or request is too large (413): "), message
    page.context.close()
