"""Shared fixtures: a real bannerfit server on a free port, and test banners.

``live_server`` (session-wide) and ``server_factory`` (per test, for custom settings,
restarts and kills) start ``python -m bannerfit.cli serve`` as a child process with a
temporary ``BANNERFIT_DATA_DIR``, wait for ``/healthz``, and read the development key the
first start prints. Other packages' tests may use them as they are.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
DEV_KEY_RE = re.compile(r"dev key: (bf_[0-9a-f]{10}_[A-Za-z0-9_-]+)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A running ``bannerfit serve``: its URL, its dev key and its data dir."""

    base_url: str
    api_key: str
    data_dir: Path
    process: subprocess.Popen
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"x-api-key": self.api_key}

    def url(self, path: str) -> str:
        return self.base_url + path

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, headers=self.headers, timeout=60, **kwargs)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def settings(self):  # type: ignore[no-untyped-def]
        from bannerfit.settings import Settings

        return Settings(data_dir=self.data_dir, _env_file=None)

    def create_key(self, *, credits: int = 100, rpm: int | None = None, **kw) -> str:
        """A fresh key in this server's store (so a test can reason about its balance)."""
        from bannerfit.jobs.context import open_store

        store = open_store(self.settings())
        try:
            return store.create_key(name="test", credits=credits, rpm=rpm, **kw)[1]
        finally:
            store.dispose()

    def stop(self, timeout: float = 20) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._reap_group()

    def kill(self) -> None:
        """SIGKILL the server and its workers at once, as a crash or OOM would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self._reap_group()

    def _reap_group(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)


def start_server(
    data_dir: Path,
    *,
    env: dict[str, str] | None = None,
    workers: int = 1,
    api_key: str | None = None,
    timeout: float = 90,
) -> LiveServer:
    """Start ``bannerfit serve`` on a free port and wait until it answers /healthz."""
    data_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("BANNERFIT_")}
    child_env.update(
        {
            "BANNERFIT_DATA_DIR": str(data_dir),
            "BANNERFIT_ALLOW_PRIVATE_URLS": "1",
            "BANNERFIT_ENV_FILE": "/nonexistent",
            "PYTHONUNBUFFERED": "1",
        }
    )
    child_env.update(env or {})
    log_path = data_dir / f"server-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bannerfit.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=child_env,
            cwd=str(data_dir),
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    server = LiveServer(base_url, api_key or "", data_dir, process, log_path, child_env)
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"bannerfit serve exited with {process.returncode}:\n{server.log()}")
        try:
            if httpx.get(base_url + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"bannerfit serve did not start in {timeout}s:\n{server.log()}")
        time.sleep(0.1)
    if not server.api_key:
        match = DEV_KEY_RE.search(server.log())
        if match is None:
            server.kill()
            raise RuntimeError(f"no development key in the server output:\n{server.log()}")
        server.api_key = match.group(1)
    return server


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the session (1 worker process, private URLs allowed)."""
    server = start_server(tmp_path_factory.mktemp("bannerfit-live"))
    yield server
    server.stop()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator:
    """``start(data_dir=None, env=..., workers=1, api_key=None)`` -> LiveServer; all stopped after."""
    started: list[LiveServer] = []

    def start(data_dir: Path | None = None, **kwargs) -> LiveServer:
        server = start_server(data_dir or tmp_path / f"data{len(started)}", **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def make_banner(width: int = 600, height: int = 300, fmt: str = "PNG") -> bytes:
    """A small synthetic banner: gradient background, headline, a button and a logo block."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    for y in range(height):
        shade = int(40 + 120 * y / max(1, height - 1))
        draw.line([(0, y), (width, y)], fill=(20, shade, 160))
    draw.text((width * 0.08, height * 0.2), "SUMMER SALE 50% OFF", fill=(255, 255, 255))
    bx, by = int(width * 0.08), int(height * 0.6)
    draw.rounded_rectangle([bx, by, bx + 120, by + 36], radius=8, fill=(250, 180, 20))
    draw.text((bx + 18, by + 12), "SHOP NOW", fill=(0, 0, 0))
    draw.ellipse([width - 90, 20, width - 30, 80], fill=(255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def banner_png() -> bytes:
    return make_banner()
