"""Redis restarted while the service is idle: API and worker reconnect on their own.

The test restarts the machine's Redis (``redis-cli shutdown nosave`` then
``redis-server``, as CI starts it) and always leaves a Redis running, even on failure.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
import time

import httpx
import pytest

from tests.conftest import make_banner
from tests.scaleout.conftest import REDIS_HOST, REDIS_PORT, _redis_client

pytestmark = [pytest.mark.services, pytest.mark.timeout(200)]

REDIS_START = [
    "redis-server",
    "--daemonize", "yes",
    "--bind", "127.0.0.1", "-::1",
    "--port", str(REDIS_PORT),
    "--save", "",
    "--appendonly", "no",
    "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def _redis_up(timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if _redis_client().ping():
                return True
        except Exception:
            pass
        time.sleep(0.1)
    return False


def _ensure_redis() -> None:
    if not _redis_up(0.5):
        subprocess.run(REDIS_START, check=False, timeout=20)
        assert _redis_up(10), "could not start Redis again"


def _run_job(client: httpx.Client, banner: str) -> dict:
    r = client.post(
        "/v2/smart-banner-resizer", json={"image_url": banner, "target_sizes": ["200x200"]}
    )
    assert r.status_code == 200, r.text
    rid = r.json()["request_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = client.get(f"/v2/requests/{rid}").json()
        if body["status"] in ("COMPLETED", "FAILED"):
            return body
        time.sleep(0.2)
    raise AssertionError(f"job {rid} did not finish after the Redis restart")


def test_service_recovers_after_redis_restart(processes, redis_url, redis_prefix, tmp_path) -> None:
    if REDIS_HOST not in ("127.0.0.1", "localhost") or not shutil.which("redis-server"):
        pytest.skip("restarting Redis needs a local redis-server binary")
    shared = {
        "BANNERFIT_DATABASE_URL": f"sqlite:///{tmp_path / 'shared.db'}",
        "BANNERFIT_STORAGE_URL": f"file://{tmp_path / 'files'}",
        "BANNERFIT_QUEUE_URL": redis_url,
        "BANNERFIT_REDIS_PREFIX": redis_prefix,
    }
    api = processes.api(shared)
    processes.worker(shared)
    banner = base64.b64encode(make_banner(300, 150)).decode()
    with api.client() as client:
        assert _run_job(client, banner)["status"] == "COMPLETED"
        try:
            down = subprocess.run(
                ["redis-cli", "-h", REDIS_HOST, "-p", str(REDIS_PORT), "shutdown", "nosave"],
                capture_output=True,
                text=True,
                timeout=20,
            )
            if _redis_up(1):
                pytest.skip(f"cannot shut Redis down here: {down.stdout}{down.stderr}")
            assert client.get("/readyz").status_code == 503  # the queue is down, and says so
            subprocess.run(REDIS_START, check=True, timeout=20)
            assert _redis_up(10)
        finally:
            _ensure_redis()
        deadline = time.monotonic() + 15
        while client.get("/readyz").status_code != 200:
            assert time.monotonic() < deadline, client.get("/readyz").text
            time.sleep(0.2)
        body = _run_job(client, banner)
        assert body["status"] == "COMPLETED", body
        assert body["output"][0]["width"] == 200
