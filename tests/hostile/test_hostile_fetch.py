"""image_url through the API: internal addresses, other schemes, lying and slow hosts.

Each case is one synchronous request (v1): a refused or failed fetch is a FAILED
request, HTTP 422 with the loader's sentence and code; a URL that is not http(s) at
all is a 400 at submit. After every case the server must still serve.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import LiveServer
from tests.fetch.local_http import (
    RecordingServer,
    endless,
    image_bytes,
    redirect_to,
    serve,
    stall_after,
)
from tests.hostile.conftest import V1, V2, assert_error, assert_still_serves

PNG = image_bytes("PNG", (120, 60))


def submit(server: LiveServer, image_url: str, **extra: object) -> httpx.Response:
    body = {"image_url": image_url, "target_sizes": ["64x64"], **extra}
    return httpx.post(server.url(V1), json=body, headers=server.headers, timeout=60)


@pytest.mark.parametrize(
    ("host", "sentence"),
    [
        ("127.0.0.1", "points to a loopback address (127.0.0.1)"),
        ("2130706433", "points to a loopback address (127.0.0.1)"),
        ("0x7f.1", "points to a loopback address (127.0.0.1)"),
        ("0177.0.0.1", "points to a loopback address (127.0.0.1)"),
        ("[::1]", "points to a loopback address (::1)"),
        ("[::ffff:127.0.0.1]", "points to a loopback address (::ffff:7f00:1)"),
        ("localhost", "resolves to the local host name 'localhost'"),
        ("0.0.0.0", "points to an unspecified address (0.0.0.0)"),
        ("10.0.0.5", "points to a private address (10.0.0.5)"),
        ("192.168.1.1", "points to a private address (192.168.1.1)"),
        ("169.254.169.254", "points to a cloud metadata address (169.254.169.254)"),
        ("2852039166", "points to a cloud metadata address (169.254.169.254)"),
        ("[fd00:ec2::254]", "points to a cloud metadata address (fd00:ec2::254)"),
        ("100.100.100.200", "points to a cloud metadata address (100.100.100.200)"),
        ("[fe80::1]", "points to a link-local address (fe80::1)"),
    ],
)
def test_internal_addresses_fail_with_the_sentence(
    public_only: LiveServer, image_host: RecordingServer, host: str, sentence: str
) -> None:
    image_host.routes["/banner.png"] = serve(PNG)
    before = image_host.connections
    response = submit(public_only, f"http://{host}:{image_host.port}/banner.png")
    data = assert_error(response, 422, "private_address")
    assert data["error"] == f"The image URL {sentence}; only public addresses are allowed."
    assert data["status"] == "FAILED"
    assert image_host.connections == before
    assert_still_serves(public_only)


def test_async_private_url_fails_and_is_refunded(public_only: LiveServer) -> None:
    key = public_only.create_key(credits=2)
    headers = {"x-api-key": key}
    job = httpx.post(
        public_only.url(V2),
        json={"image_url": "http://10.1.2.3/banner.png", "target_sizes": ["64x64"]},
        headers=headers,
    ).json()
    status = wait_final(job["status_url"], headers)
    data = assert_error(status, 422, "private_address")
    assert "(10.1.2.3)" in data["error"]
    assert httpx.get(public_only.url("/v1/credits"), headers=headers).json() == {"credits": 2}


def wait_final(url: str, headers: dict[str, str], timeout: float = 30) -> httpx.Response:
    import time

    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(url, headers=headers, timeout=10)
        if response.json().get("status") in ("COMPLETED", "FAILED"):
            return response
        assert time.monotonic() < deadline, response.text
        time.sleep(0.1)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/banner.png",
        "gopher://127.0.0.1:6379/_INFO",
        "dict://127.0.0.1:11211/stats",
        "javascript:alert(1)",
        "//example.com/banner.png",
        "data:text/html;base64,PGgxPmhpPC9oMT4=",
    ],
)
def test_other_schemes_are_400_at_submit(hostile: LiveServer, url: str) -> None:
    data = assert_error(submit(hostile, url), 400, "invalid_parameters")
    assert "image_url" in [f["field"] for f in data["fields"]]
    assert_still_serves(hostile)


def test_userinfo_trick_fails(public_only: LiveServer) -> None:
    data = assert_error(submit(public_only, "http://good.com@127.0.0.1/x.png"), 422, "invalid_url")
    assert "credentials" in data["error"]


@pytest.mark.parametrize(
    ("route", "code"),
    [
        (stall_after(PNG[:20], 5), "fetch_timeout"),  # read timeout is 1 s on this server
        (endless(PNG[:20]), "image_too_large"),  # byte cap is 1 MiB on this server
        (serve(PNG + b"\0" * (2 * 1024 * 1024)), "image_too_large"),  # declared length
        (serve(b"<!DOCTYPE html><html>nope</html>", "image/png"), "unsupported_format"),
        (serve(b"GIF-but-not-really" * 3, "image/gif"), "unsupported_format"),
        (serve(b"", "image/png"), "empty_image"),
        (serve(image_bytes("TIFF"), "image/png"), "unsupported_format"),
        (serve(b"Not found", "text/plain", status=404), "http_status"),
        (serve(b"oops", "text/plain", status=500), "http_status"),
        (redirect_to("/loop"), "too_many_redirects"),
        (redirect_to("http://169.254.169.254/latest/meta-data/"), "private_address"),
        (redirect_to("file:///etc/passwd"), "unsupported_scheme"),
    ],
    ids=[
        "stalled-body",
        "endless-body",
        "oversize-declared",
        "html-as-png",
        "fake-gif",
        "empty-body",
        "tiff-as-png",
        "404",
        "500",
        "redirect-loop",
        "redirect-to-metadata",
        "redirect-to-file",
    ],
)
def test_lying_and_slow_hosts_fail_cleanly(
    hostile: LiveServer, image_host: RecordingServer, route, code: str
) -> None:
    image_host.routes["/loop"] = route
    response = submit(hostile, image_host.url("/loop"))
    assert_error(response, 422, code)
    assert_still_serves(hostile)


def test_local_url_works_when_private_allowed(
    hostile: LiveServer, image_host: RecordingServer
) -> None:
    """The control case: the same host and image succeed where private URLs are allowed."""
    image_host.routes["/ok.png"] = serve(PNG, "application/octet-stream")
    response = submit(hostile, image_host.url("/ok.png"))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
