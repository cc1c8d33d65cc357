"""Job lifecycle on real servers: crash recovery, dead workers, deadlines, limits, retention.

These start their own servers with test-only knobs (``BANNERFIT_TEST_JOB_DELAY`` makes
each job sleep in the worker; ``BANNERFIT_TEST_WORKER_EXIT`` makes the worker process
exit mid-job, as an OOM kill would).
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer, make_banner, start_server

V1 = "/v1/smart-banner-resizer"
V2 = "/v2/smart-banner-resizer"


def submit(
    server: LiveServer, key: str, sizes: str = "64x64", endpoint: str = V2, **kw
) -> httpx.Response:
    files = {"image": ("b.png", make_banner(200, 100), "image/png")}
    return httpx.post(
        server.url(endpoint),
        data={"target_sizes": sizes},
        files=files,
        headers={"x-api-key": key},
        timeout=60,
        **kw,
    )


def wait_status(
    server: LiveServer, key: str, job_id: str, want: set[str], timeout: float = 60
) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        r = httpx.get(server.url(f"/v2/requests/{job_id}/status"), headers={"x-api-key": key})
        if r.status_code in (200, 422) and r.json()["status"] in want:
            return r.json()
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} never reached {want}: {r.status_code} {r.text}")
        time.sleep(0.1)


def credits(server: LiveServer, key: str) -> int:
    return httpx.get(server.url("/v1/credits"), headers={"x-api-key": key}).json()["credits"]


def test_sigkill_mid_job_then_restart_recovers_and_completes(
    server_factory, tmp_path: Path
) -> None:
    data_dir = tmp_path / "crash"
    first = server_factory(data_dir, env={"BANNERFIT_TEST_JOB_DELAY": "30"})
    key = first.create_key(credits=10)
    running = submit(first, key).json()["request_id"]
    waiting = submit(first, key).json()["request_id"]
    wait_status(first, key, running, {"PROCESSING"})
    first.kill()  # server and workers die together, mid-job

    second = server_factory(data_dir, api_key=first.api_key)
    done = wait_status(second, key, running, {"COMPLETED"})
    assert done["attempts"] == 2  # the killed run counted, the recovered run finished
    assert wait_status(second, key, waiting, {"COMPLETED"})["attempts"] == 1
    assert credits(second, key) == 8  # each charged exactly once
    result = httpx.get(second.url(f"/v2/requests/{running}"), headers={"x-api-key": key}).json()
    image = httpx.get(result["output"][0]["url"])
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert "recovering 2 unfinished job(s)" in second.log()


def test_worker_that_keeps_dying_fails_the_job_and_refunds(server_factory) -> None:
    server = server_factory(env={"BANNERFIT_TEST_WORKER_EXIT": "1"})
    key = server.create_key(credits=5)
    job = submit(server, key, sizes="64x64,32x32").json()["request_id"]
    failed = wait_status(server, key, job, {"FAILED"}, timeout=120)
    assert failed["code"] == "worker_lost" and failed["attempts"] == 3
    assert "3 times" in failed["error"] and failed["error"].endswith(".")
    assert credits(server, key) == 5
    assert httpx.get(server.url("/readyz")).status_code == 200  # the pool came back


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    server = start_server(
        tmp_path_factory.mktemp("slow"),
        env={
            "BANNERFIT_TEST_JOB_DELAY": "1.5",
            "BANNERFIT_SYNC_TIMEOUT_SECONDS": "0.5",
            "BANNERFIT_MAX_IN_FLIGHT_PER_KEY": "2",
            "BANNERFIT_MAX_QUEUED_JOBS": "3",
            "BANNERFIT_MAX_IMAGE_BYTES": str(64 * 1024),
            "BANNERFIT_RETENTION_SECONDS": "4",
            "BANNERFIT_SWEEP_INTERVAL_SECONDS": "0.5",
        },
    )
    yield server
    server.stop()


def test_504_past_the_sync_deadline_then_result_through_v2(slow_server) -> None:
    key = slow_server.create_key(credits=10)
    response = submit(slow_server, key, endpoint=V1)
    assert response.status_code == 504, response.text
    data = response.json()
    assert data["code"] == "timeout" and data["error"].endswith(".")
    assert data["request_id"] == response.headers["x-request-id"]
    done = wait_status(slow_server, key, data["request_id"], {"COMPLETED"})
    result = httpx.get(done["response_url"], headers={"x-api-key": key})
    assert result.status_code == 200 and len(result.json()["output"]) == 1


def test_429_in_flight_cap(slow_server) -> None:
    key = slow_server.create_key(credits=10)
    codes = [submit(slow_server, key) for _ in range(3)]
    assert [r.status_code for r in codes] == [200, 200, 429]
    assert codes[2].json()["code"] == "too_many_in_flight" and codes[2].headers["retry-after"]
    for r in codes[:2]:
        wait_status(slow_server, key, r.json()["request_id"], {"COMPLETED"})


def test_413_image_over_the_image_limit(slow_server) -> None:
    key = slow_server.create_key(credits=10)
    big = {"image": ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (80 * 1024), "image/png")}
    r = httpx.post(
        slow_server.url(V2), data={"target_sizes": "64x64"}, files=big, headers={"x-api-key": key}
    )
    assert r.status_code == 413 and r.json()["code"] == "image_too_large"
    inline = "A" * (100 * 1024)
    r = httpx.post(
        slow_server.url(V2),
        json={"image_url": inline, "target_sizes": ["64x64"]},
        headers={"x-api-key": key},
    )
    assert r.status_code == 413 and r.json()["error"].endswith(".")
    assert credits(slow_server, key) == 10


def test_results_expire_after_retention(slow_server) -> None:
    key = slow_server.create_key(credits=10)
    job_id = submit(slow_server, key).json()["request_id"]
    wait_status(slow_server, key, job_id, {"COMPLETED"})
    result = httpx.get(slow_server.url(f"/v2/requests/{job_id}"), headers={"x-api-key": key}).json()
    file_url = result["output"][0]["url"]
    assert httpx.get(file_url).status_code == 200
    wrong_token = file_url.replace(file_url.split("/")[-2], "x" * 32)
    assert httpx.get(wrong_token).status_code == 404
    job_dir = slow_server.data_dir / "files" / "jobs" / job_id
    assert job_dir.exists()
    deadline = time.monotonic() + 15
    while job_dir.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not job_dir.exists(), "the sweeper did not delete the files"
    assert (
        httpx.get(
            slow_server.url(f"/v2/requests/{job_id}/status"), headers={"x-api-key": key}
        ).status_code
        == 404
    )
    assert httpx.get(file_url).status_code == 404


def test_503_when_the_queue_is_full(slow_server) -> None:
    keys = [slow_server.create_key(credits=10) for _ in range(3)]
    responses = [submit(slow_server, k) for k in keys for _ in range(2)]
    codes = [r.status_code for r in responses]
    assert 503 in codes and 200 in codes, codes
    full = next(r for r in responses if r.status_code == 503)
    assert full.json()["code"] == "queue_full" and full.headers["retry-after"]
