"""Browser fixtures: Debian's Chromium driven by Playwright, against a live server.

The browser tests need ``/usr/bin/chromium`` (``make browser-deps`` installs it when
running as root with apt); without it they skip and say exactly what is missing.
Playwright's own browser download is not used: it needs internet access.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("BANNERFIT_CHROMIUM", "/usr/bin/chromium"))

# Flags for a headless run on a closed network: without the background-networking
# ones Chromium keeps trying to reach Google services and floods the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session; each test opens its own context."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the Python package 'playwright' is missing: pip install -e '.[test]'")
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is missing at {CHROMIUM}: run 'make browser-deps' as root "
            "(apt-get install chromium) or set BANNERFIT_CHROMIUM to a Chromium binary"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def web_server(live_server: Any) -> tuple[str, str]:
    """(base URL, development key) of the session's live ``bannerfit serve``.

    The page is served by the same process as the API (``mount_web`` in the app
    factory), so the tests exercise exactly what a user opens.
    """
    return live_server.base_url, live_server.api_key
