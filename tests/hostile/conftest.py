"""Fixtures of the hostile-input battery: two real servers and a local image host.

``hostile`` runs with private URLs allowed (so the battery's own 127.0.0.1 image host
can play slow, endless and lying servers) and with small limits that make the edge
cases cheap: 1 MiB images, 2 MiB bodies, 1 s fetch timeouts, 4 Mpx images, 5 requests
per minute per key by default. ``public_only`` runs with the production default
(private URLs refused). Both are started once, in parallel, for the whole battery.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer, start_server
from tests.fetch.local_http import RecordingServer, running_server

V1 = "/v1/smart-banner-resizer"
V2 = "/v2/smart-banner-resizer"

HOSTILE_ENV = {
    "BANNERFIT_ALLOW_PRIVATE_URLS": "1",
    "BANNERFIT_FETCH_READ_TIMEOUT": "1",
    "BANNERFIT_FETCH_CONNECT_TIMEOUT": "1",
    "BANNERFIT_MAX_IMAGE_BYTES": str(1024 * 1024),
    "BANNERFIT_MAX_BODY_BYTES": str(2 * 1024 * 1024),
    "BANNERFIT_MAX_PIXELS": str(4_000_000),
}
PUBLIC_ENV = {"BANNERFIT_ALLOW_PRIVATE_URLS": "0"}


@pytest.fixture(scope="session")
def battery_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, LiveServer]]:
    root = tmp_path_factory.mktemp("hostile")
    started: dict[str, LiveServer] = {}
    errors: list[BaseException] = []

    def start(name: str, env: dict[str, str]) -> None:
        try:
            started[name] = start_server(Path(root / name), env=env)
        except BaseException as exc:  # surfaced below, in the test thread
            errors.append(exc)

    threads = [
        threading.Thread(target=start, args=("hostile", HOSTILE_ENV)),
        threading.Thread(target=start, args=("public_only", PUBLIC_ENV)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        if errors:
            raise errors[0]
        for server in started.values():
            # The battery sends hundreds of submissions a minute: use a key whose rate
            # limit does not get in the way (the rate-limit test makes its own key).
            server.api_key = server.create_key(credits=1_000_000, rpm=1_000_000)
        yield started
    finally:
        for server in started.values():
            server.stop()


@pytest.fixture(scope="session")
def hostile(battery_servers: dict[str, LiveServer]) -> LiveServer:
    return battery_servers["hostile"]


@pytest.fixture(scope="session")
def public_only(battery_servers: dict[str, LiveServer]) -> LiveServer:
    return battery_servers["public_only"]


@pytest.fixture(scope="session")
def image_host() -> Iterator[RecordingServer]:
    with running_server() as server:
        yield server


def assert_error(response: httpx.Response, status: int, code: str) -> dict:
    """The exact status and code, a one-sentence error, and no stack trace."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json"), response.headers
    data = response.json()
    assert data.get("code") == code, data
    error = data["error"]
    assert isinstance(error, str) and error.endswith(".") and "\n" not in error, data
    assert "Traceback" not in response.text and 'File "' not in response.text
    return data


def assert_still_serves(server: LiveServer) -> None:
    """The server answers the next request normally after the hostile one."""
    assert httpx.get(server.url("/healthz"), timeout=10).status_code == 200
    credits = httpx.get(server.url("/v1/credits"), headers=server.headers, timeout=10)
    assert credits.status_code == 200 and isinstance(credits.json()["credits"], int)
