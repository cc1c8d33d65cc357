"""The page's files and its two pure modules (zip writer, layout reader).

These run against ``mount_web`` on a bare FastAPI app under a real uvicorn server, so
they hold whatever state the API and the engine are in. The module tests run the
page's own JavaScript in Chromium and check its output from Python (``zipfile``).
"""

from __future__ import annotations

import base64
import io
import re
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from bannerfit.web import STATIC_DIR, mount_web


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def static_server() -> Iterator[str]:
    """Only the page, served by uvicorn in a thread; no API behind it."""
    app = FastAPI()
    mount_web(app)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


class _Refs(HTMLParser):
    """Collects every src/href of the page: what the browser will load."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]


def test_page_and_every_asset_are_served_from_bannerfit(static_server: str) -> None:
    page = httpx.get(static_server + "/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp

    parser = _Refs()
    parser.feed(page.text)
    local = [r for r in parser.refs if r.startswith("/") and not r.startswith("//")]
    # No resource from elsewhere: only local paths, in-page anchors and data: URIs.
    assert [r for r in parser.refs if r not in local and not r.startswith(("#", "data:"))] == []
    # ES module imports and CSS url()s must resolve too.
    for js in STATIC_DIR.glob("*.js"):
        for name in re.findall(r'from\s+"\./([\w.-]+)"', js.read_text()):
            local.append(f"/static/{name}")
    css = (STATIC_DIR / "app.css").read_text()
    assert not re.search(r"url\((?!['\"]?data:)", css)
    assert "@import" not in css
    for ref in local:
        if ref == "/docs":  # the API's reference, served by the app factory
            continue
        assert httpx.get(static_server + ref).status_code == 200, ref
    assert httpx.get(static_server + "/static/missing.js").status_code == 404


def test_zip_writer_output_reads_back_with_python(browser: Any, static_server: str) -> None:
    page = browser.new_page()
    page.goto(static_server + "/static/index.html")  # any page of this origin
    encoded = page.evaluate(
        """async () => {
          const { makeZip } = await import('/static/zip.js');
          const big = new Uint8Array(70000).map((_, i) => (i * 7) % 251);
          const blob = makeZip([
            { name: 'a_728x90_0.png', data: new TextEncoder().encode('hello') },
            { name: 'bannière_1x1_1.webp', data: big },
            { name: 'empty.bin', data: new Uint8Array(0) },
          ], new Date(2024, 4, 17, 13, 45, 30));
          const bytes = new Uint8Array(await blob.arrayBuffer());
          let s = ''; for (const b of bytes) s += String.fromCharCode(b);
          return btoa(s);
        }"""
    )
    page.close()
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(encoded))) as zf:
        assert zf.testzip() is None
        assert zf.namelist() == ["a_728x90_0.png", "bannière_1x1_1.webp", "empty.bin"]
        assert zf.read("a_728x90_0.png") == b"hello"
        assert zf.read("bannière_1x1_1.webp") == bytes((i * 7) % 251 for i in range(70000))
        assert zf.read("empty.bin") == b""
        info = zf.getinfo("a_728x90_0.png")
        assert info.compress_type == zipfile.ZIP_STORED
        assert info.date_time == (2024, 5, 17, 13, 45, 30)


def test_layout_reader_accepts_the_box_shapes_and_skips_junk(
    browser: Any, static_server: str
) -> None:
    page = browser.new_page()
    page.goto(static_server + "/static/index.html")
    boxes = page.evaluate(
        """async () => {
          const { layoutBoxes } = await import('/static/layout.js');
          const w = 200, h = 100;
          return [
            layoutBoxes({ elements: [{ kind: 'logo', box: [20, 10, 100, 50] }] }, w, h),
            layoutBoxes({ box_format: 'xyxy', elements: [{ kind: 'cta', box: [20, 10, 120, 60] }] }, w, h),
            layoutBoxes({ elements: [{ kind: 'face', box: { x0: 20, y0: 10, x1: 120, y1: 60 } }] }, w, h),
            layoutBoxes({ boxes: [{ type: 'text', bbox: { x: 20, y: 10, width: 100, height: 50 } }] }, w, h),
            layoutBoxes({ elements: [{ kind: 'x', box: [5, 5, 0, 9] }, { kind: 'y', box: 'nope' }, {}] }, w, h),
            layoutBoxes(null, w, h),
            layoutBoxes({ elements: [{ kind: 'logo', box: [0, 0, 10, 10] }] }, 0, 0),
          ];
        }"""
    )
    page.close()
    expected = {"x": 0.1, "y": 0.1, "w": 0.5, "h": 0.5}
    for result, kind in zip(boxes[:4], ["logo", "cta", "face", "text"], strict=True):
        assert len(result) == 1
        assert result[0]["kind"] == kind
        assert {k: round(result[0][k], 6) for k in expected} == expected
    assert boxes[4:] == [[], [], []]
