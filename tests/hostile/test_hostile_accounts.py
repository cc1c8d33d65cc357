"""Account attacks: bad keys, other tenants' ids and outputs, credit races, rate limits,
idempotency. Exact status and code each time, and the server still serves."""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from PIL import Image

from tests.conftest import LiveServer
from tests.fetch.local_http import RecordingServer, image_bytes, stall_after
from tests.hostile.conftest import V1, V2, assert_error, assert_still_serves

FAST_FAIL_URL = "http://127.0.0.1:9/banner.png"


def submit(
    server: LiveServer, key: str, url: str = FAST_FAIL_URL, **headers: str
) -> httpx.Response:
    return httpx.post(
        server.url(V2),
        json={"image_url": url, "target_sizes": ["64x64"]},
        headers={"x-api-key": key, **headers},
        timeout=30,
    )


def credits(server: LiveServer, key: str) -> int:
    return httpx.get(server.url("/v1/credits"), headers={"x-api-key": key}).json()["credits"]


def wait_final(url: str, key: str, timeout: float = 30) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(url, headers={"x-api-key": key}, timeout=10)
        if response.json().get("status") in ("COMPLETED", "FAILED"):
            return response
        assert time.monotonic() < deadline, response.text
        time.sleep(0.1)


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({}, "missing_api_key"),
        ({"x-api-key": ""}, "missing_api_key"),
        ({"x-api-key": "nope"}, "invalid_api_key"),
        ({"x-api-key": "bf_0000000000_" + "A" * 43}, "invalid_api_key"),
        ({"x-api-key": "x" * 8000}, "invalid_api_key"),
        ({"x-api-key": "bf_' OR '1'='1"}, "invalid_api_key"),
        ({"x-api-key": b"bf_\xff\xfe\xe9"}, "invalid_api_key"),  # raw non-ASCII bytes
        ({"authorization": "Bearer"}, "missing_api_key"),
        ({"authorization": "Bearer nope"}, "invalid_api_key"),
        ({"authorization": "Basic dXNlcjpwYXNz"}, "missing_api_key"),
    ],
)
def test_bad_keys_are_401(hostile: LiveServer, headers: dict, code: str) -> None:
    for response in (
        httpx.post(hostile.url(V2), json={"target_sizes": ["64x64"]}, headers=headers),
        httpx.get(hostile.url("/v1/credits"), headers=headers),
    ):
        assert_error(response, 401, code)
    assert_still_serves(hostile)


def test_revoked_key_is_401_at_once(hostile: LiveServer) -> None:
    from bannerfit.jobs.context import open_store

    key = hostile.create_key(credits=5)
    assert credits(hostile, key) == 5
    store = open_store(hostile.settings())
    try:
        store.revoke_key(key)
    finally:
        store.dispose()
    assert_error(submit(hostile, key), 401, "invalid_api_key")
    assert_still_serves(hostile)


def test_other_tenants_request_ids_are_404(hostile: LiveServer) -> None:
    owner, stranger = hostile.create_key(credits=5), hostile.create_key(credits=5)
    job = submit(hostile, owner).json()
    for url in (job["status_url"], job["response_url"]):
        assert_error(httpx.get(url, headers={"x-api-key": stranger}), 404, "request_not_found")
        assert httpx.get(url, headers={"x-api-key": owner}).status_code in (200, 202, 422)
    for bogus in ("../../etc/passwd", "%00", "' OR 1=1 --", "x" * 2000):
        response = httpx.get(
            hostile.url(f"/v2/requests/{bogus}/status"), headers={"x-api-key": owner}
        )
        assert response.status_code == 404, response.text


def _flat_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (200, 100), (40, 120, 200)).save(buf, "PNG")
    return buf.getvalue()


def test_output_urls_need_the_exact_token(hostile: LiveServer) -> None:
    owner = hostile.create_key(credits=10)
    job = httpx.post(
        hostile.url(V2),
        data={"target_sizes": "64x64"},
        files={"image": ("b.png", _flat_png(), "image/png")},
        headers={"x-api-key": owner},
    ).json()
    result = wait_final(job["response_url"], owner, timeout=60)
    assert result.status_code == 200, result.text
    url = result.json()["output"][0]["url"]
    assert httpx.get(url).status_code == 200  # the URL itself is the credential
    prefix, token, filename = url.rsplit("/", 2)
    tampered = [
        f"{prefix}/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/{filename}",
        f"{prefix}/{token}/..%2F..%2Fbannerfit.db",
        f"{prefix}/{token}/{filename}.bak",
        f"{prefix}/x/{filename}",
        url.replace(job["request_id"], "00000000-0000-0000-0000-000000000000"),
    ]
    for bad in tampered:
        response = httpx.get(bad)
        assert response.status_code == 404, (bad, response.status_code)
    other = submit(hostile, hostile.create_key(credits=5)).json()["request_id"]
    assert httpx.get(url.replace(job["request_id"], other)).status_code == 404
    assert_still_serves(hostile)


def test_credits_running_out_mid_burst_never_overdraw(
    hostile: LiveServer, image_host: RecordingServer
) -> None:
    """8 simultaneous 1-credit submissions on a 3-credit key: exactly 3 accepted.

    The image host stalls, so no job finishes (and refunds) during the burst.
    """
    image_host.routes["/stall.png"] = stall_after(image_bytes("PNG")[:20], 3)
    key = hostile.create_key(credits=3, rpm=100)
    with ThreadPoolExecutor(8) as pool:
        responses = list(
            pool.map(lambda _: submit(hostile, key, image_host.url("/stall.png")), range(8))
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 3 + [406] * 5, [r.text for r in responses]
    for r in responses:
        if r.status_code == 406:
            data = assert_error(r, 406, "insufficient_credits")
            assert data["credits_left"] >= 0
    assert credits(hostile, key) == 0
    for r in responses:
        if r.status_code == 200:
            assert_error(wait_final(r.json()["status_url"], key), 422, "fetch_timeout")
    assert credits(hostile, key) == 3  # every FAILED request refunded, exactly once
    assert_still_serves(hostile)


def test_rate_limit_is_429_with_retry_after(hostile: LiveServer) -> None:
    key = hostile.create_key(credits=50, rpm=3)
    for _ in range(3):
        assert submit(hostile, key).status_code == 200
    limited = submit(hostile, key)
    data = assert_error(limited, 429, "rate_limited")
    retry = int(limited.headers["Retry-After"])
    assert 1 <= retry <= 60
    assert data["retry_after"] == retry
    assert submit(hostile, hostile.create_key(credits=5)).status_code == 200  # others unaffected
    assert_still_serves(hostile)


def test_idempotency_replay_and_conflict(hostile: LiveServer) -> None:
    key = hostile.create_key(credits=10)
    first = submit(hostile, key, **{"Idempotency-Key": "campaign-7"})
    again = submit(hostile, key, **{"Idempotency-Key": "campaign-7"})
    assert first.status_code == again.status_code == 200
    assert first.json()["request_id"] == again.json()["request_id"]
    conflict = httpx.post(
        hostile.url(V2),
        json={"image_url": FAST_FAIL_URL, "target_sizes": ["65x65"]},
        headers={"x-api-key": key, "Idempotency-Key": "campaign-7"},
    )
    assert_error(conflict, 409, "idempotency_conflict")
    other = submit(hostile, hostile.create_key(credits=5), **{"Idempotency-Key": "campaign-7"})
    assert other.status_code == 200
    assert other.json()["request_id"] != first.json()["request_id"]  # keys are per tenant
    wait_final(first.json()["status_url"], key)
    assert credits(hostile, key) == 10  # charged once, refunded once (the URL fails)
    assert_error(
        submit(hostile, key, **{"Idempotency-Key": "x" * 1000}), 400, "invalid_idempotency_key"
    )


def test_sync_endpoint_with_no_credits_is_406(hostile: LiveServer) -> None:
    key = hostile.create_key(credits=0)
    response = httpx.post(
        hostile.url(V1),
        json={"image_url": FAST_FAIL_URL, "target_sizes": ["64x64"]},
        headers={"x-api-key": key},
    )
    data = assert_error(response, 406, "insufficient_credits")
    assert (data["credits_needed"], data["credits_left"]) == (1, 0)
