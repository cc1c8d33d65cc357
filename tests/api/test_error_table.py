"""Every parameter rule and every status code of api.md's error table, over real HTTP."""

from __future__ import annotations

import base64
import threading
import time

import httpx
import pytest

from tests.conftest import make_banner

V1 = "/v1/smart-banner-resizer"
V2 = "/v2/smart-banner-resizer"
URL = "https://example.com/banner.png"


def upload(server, key: str, sizes: str = "64x64", headers: dict | None = None) -> httpx.Response:
    """A valid multipart request that the engine completes (so its charge stays)."""
    files = {"image": ("b.png", make_banner(200, 100), "image/png")}
    return httpx.post(
        server.url(V2),
        data={"target_sizes": sizes},
        files=files,
        headers={"x-api-key": key, **(headers or {})},
        timeout=60,
    )


def body(**overrides):
    data = {"image_url": URL, "target_sizes": ["300x250"]}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    data = response.json()
    assert isinstance(data["error"], str) and data["error"].endswith("."), data
    assert "Traceback" not in response.text
    if code:
        assert data["code"] == code, data
    return data


@pytest.fixture(scope="module")
def http(live_server):
    with live_server.client() as client:
        yield client


# ------------------------------------------------------------------ parameter rules: 400
BAD_PARAMS = [
    ("image_url", body(image_url=...)),
    ("image_url", body(image_url="")),
    ("image_url", body(image_url="ftp://example.com/a.png")),
    ("image_url", body(image_url="data:text/plain;base64,aGVsbG8=")),
    ("image_url", body(image_url="not an image at all!")),
    ("image_url", body(image_url=42)),
    ("target_sizes", body(target_sizes=...)),
    ("target_sizes", body(target_sizes=[])),
    ("target_sizes", body(target_sizes="300x250")),
    ("target_sizes", body(target_sizes=["300x"])),
    ("target_sizes", body(target_sizes=["15x300"])),
    ("target_sizes", body(target_sizes=["4097x300"])),
    ("target_sizes", body(target_sizes=["300x250", "300X250"])),
    ("target_sizes", body(target_sizes=[f"{100 + i}x100" for i in range(11)])),
    ("target_sizes[0]", body(target_sizes=[300])),
    ("num_images_per_size", body(num_images_per_size=0)),
    ("num_images_per_size", body(num_images_per_size=5)),
    ("num_images_per_size", body(num_images_per_size="2")),
    ("num_images_per_size", body(num_images_per_size=True)),
    ("output_format", body(output_format="gif")),
    ("prompt", body(prompt="x" * 5001)),
    ("prompt", body(prompt=5)),
    ("resolution", body(resolution="8K")),
    ("safety_tolerance", body(safety_tolerance=0)),
    ("safety_tolerance", body(safety_tolerance=7)),
    ("safety_tolerance", body(safety_tolerance="high")),
    ("safety_tolerance", body(safety_tolerance=True)),
    ("seed", body(seed=-1)),
    ("seed", body(seed=2**32)),
    ("seed", body(seed="abc")),
    ("seed", body(seed=1.5)),
]


@pytest.mark.parametrize(("field", "payload"), BAD_PARAMS)
def test_invalid_parameter_is_400_naming_the_field(http, field, payload) -> None:
    data = assert_error(http.post(V2, json=payload), 400)
    assert field in [f["field"] for f in data["fields"]], data
    assert field.split("[")[0] in data["error"]


def test_unknown_fields_are_named(http) -> None:
    data = assert_error(http.post(V2, json=body(width=3, colour="red")), 400, "unknown_fields")
    assert "colour" in data["error"] and "width" in data["error"]
    assert {f["field"] for f in data["fields"]} == {"colour", "width"}


@pytest.mark.parametrize(
    ("raw", "code"),
    [(b"", "invalid_body"), (b"{not json", "invalid_json"), (b"[1, 2]", "invalid_body")],
)
def test_malformed_bodies_are_400(http, raw, code) -> None:
    response = http.post(V2, content=raw, headers={"content-type": "application/json"})
    assert_error(response, 400, code)


def test_valid_edge_values_are_accepted(live_server) -> None:
    key = live_server.create_key(credits=1000)
    payload = body(
        target_sizes=[f"{16 + i}x4096" for i in range(10)],
        num_images_per_size=4,
        output_format="webp",
        prompt="p" * 5000,
        resolution="4K",
        safety_tolerance="6",
        seed=2**32 - 1,
        image_url=" " + URL,
    )
    response = httpx.post(live_server.url(V2), json=payload, headers={"x-api-key": key})
    assert response.status_code == 200, response.text
    status = httpx.get(response.json()["status_url"], headers={"x-api-key": key}).json()
    assert status["credits_charged"] == 10 * 4 * 4  # sizes x variants x 4K price


def test_multipart_upload_with_repeated_and_comma_sizes(live_server) -> None:
    key = live_server.create_key(credits=10)
    files = {"image": ("b.png", make_banner(200, 100), "image/png")}
    form = {"target_sizes": ["120x120,64x64", "200x50"], "safety_tolerance": "4", "seed": "3"}
    response = httpx.post(live_server.url(V2), data=form, files=files, headers={"x-api-key": key})
    assert response.status_code == 200, response.text
    assert httpx.get(live_server.url("/v1/credits"), headers={"x-api-key": key}).json() == {
        "credits": 7
    }
    bad = httpx.post(
        live_server.url(V2),
        data={"target_sizes": "10x10"},
        files=files,
        headers={"x-api-key": key},
    )
    assert_error(bad, 400, "invalid_parameters")
    both = httpx.post(
        live_server.url(V2),
        data={"target_sizes": "64x64", "image_url": URL},
        files=files,
        headers={"x-api-key": key},
    )
    assert_error(both, 400)
    unknown = httpx.post(
        live_server.url(V2),
        data={"target_sizes": "64x64", "zoom": "2"},
        files=files,
        headers={"x-api-key": key},
    )
    assert "zoom" in assert_error(unknown, 400, "unknown_fields")["error"]


# ---------------------------------------------------------------------------- 401 / 403
def test_401_missing_invalid_and_revoked_keys(live_server) -> None:
    assert_error(httpx.post(live_server.url(V2), json=body()), 401, "missing_api_key")
    assert_error(
        httpx.post(live_server.url(V2), json=body(), headers={"x-api-key": "nope"}),
        401,
        "invalid_api_key",
    )
    assert_error(
        httpx.get(
            live_server.url("/v1/credits"), headers={"authorization": "Bearer bf_0123456789_x"}
        ),
        401,
    )
    key = live_server.create_key()
    ok = httpx.get(live_server.url("/v1/credits"), headers={"authorization": f"Bearer {key}"})
    assert ok.status_code == 200
    from bannerfit.jobs.context import open_store

    store = open_store(live_server.settings())
    store.revoke_key(key)
    store.dispose()
    assert_error(httpx.get(live_server.url("/v1/credits"), headers={"x-api-key": key}), 401)


def test_403_model_restricted_key_and_non_admin(live_server) -> None:
    other = live_server.create_key(models=["some-other-model"])
    assert_error(
        httpx.post(live_server.url(V2), json=body(), headers={"x-api-key": other}),
        403,
        "forbidden_model",
    )
    plain = live_server.create_key()
    assert_error(
        httpx.get(live_server.url("/admin/keys"), headers={"x-api-key": plain}),
        403,
        "admin_required",
    )
    listed = httpx.get(
        live_server.url("/admin/keys"), headers=live_server.headers
    )  # dev key is admin
    assert listed.status_code == 200 and all("key_hash" not in k for k in listed.json())


# ------------------------------------------------------------------------------- 404 / 405
def test_404_unknown_slug_id_and_other_tenant(live_server, http) -> None:
    assert_error(http.post("/v1/no-such-model", json=body()), 404, "unknown_model")
    assert_error(http.post("/v2/no-such-model", json=body()), 404, "unknown_model")
    assert_error(http.get("/v2/requests/does-not-exist/status"), 404, "request_not_found")
    assert_error(http.get("/v2/requests/does-not-exist"), 404, "request_not_found")
    assert_error(http.get("/nothing/here"), 404)
    job = http.post(V2, json=body()).json()
    stranger = {"x-api-key": live_server.create_key()}
    assert_error(httpx.get(job["status_url"], headers=stranger), 404)
    assert_error(httpx.get(job["response_url"], headers=stranger), 404)


def test_405_wrong_method(http) -> None:
    assert_error(http.get(V1), 405, "method_not_allowed")
    assert_error(http.delete("/v1/credits"), 405)
    assert_error(http.post("/v2/requests/x/status"), 405)


# ------------------------------------------------------------------------------------ 406
def test_406_insufficient_credits_says_needed_and_left(live_server) -> None:
    key = live_server.create_key(credits=3)
    response = httpx.post(
        live_server.url(V2),
        json=body(target_sizes=["100x100", "200x200"], resolution="2K"),
        headers={"x-api-key": key},
    )
    data = assert_error(response, 406, "insufficient_credits")
    assert (data["credits_needed"], data["credits_left"]) == (4, 3)


# ------------------------------------------------------------------------------------ 409
def test_idempotency_key(live_server) -> None:
    key = live_server.create_key(credits=10)
    first = upload(live_server, key, headers={"Idempotency-Key": "order-42"})
    again = upload(live_server, key, headers={"Idempotency-Key": "order-42"})
    assert first.status_code == again.status_code == 200
    assert first.json()["request_id"] == again.json()["request_id"]
    other = upload(live_server, key, sizes="65x65", headers={"Idempotency-Key": "order-42"})
    assert_error(other, 409, "idempotency_conflict")
    assert httpx.get(live_server.url("/v1/credits"), headers={"x-api-key": key}).json() == {
        "credits": 9
    }


# ------------------------------------------------------------------------------------ 413
def test_413_declared_body_too_large(live_server) -> None:
    big = b'{"image_url": "' + b"A" * (21 * 1024 * 1024) + b'"}'
    response = httpx.post(
        live_server.url(V2),
        content=big,
        headers={**live_server.headers, "content-type": "application/json"},
        timeout=60,
    )
    assert_error(response, 413, "payload_too_large")


def test_413_streamed_body_is_cut_while_reading(live_server) -> None:
    """No Content-Length (chunked): the guard counts bytes as they arrive."""

    def chunks():
        yield b'{"image_url": "'
        for _ in range(22):
            yield b"A" * (1024 * 1024)
        yield b'"}'

    response = httpx.post(
        live_server.url(V2),
        content=chunks(),
        headers={**live_server.headers, "content-type": "application/json"},
        timeout=60,
    )
    assert_error(response, 413, "payload_too_large")


# ------------------------------------------------------------------------------------ 422
def test_422_failed_request_for_unreachable_url(http) -> None:
    job = http.post(V2, json=body(image_url="http://127.0.0.1:9/banner.png")).json()
    deadline = time.monotonic() + 60
    while True:
        status = http.get(job["status_url"])
        if status.json()["status"] == "FAILED" or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    data = assert_error(status, 422)
    assert data["status"] == "FAILED"
    result = http.get(job["response_url"])
    assert result.status_code == 422 and result.json()["error"] == data["error"]


def test_422_sync_failure_and_refund(live_server) -> None:
    key = live_server.create_key(credits=5)
    response = httpx.post(
        live_server.url(V1),
        json=body(image_url=base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()),
        headers={"x-api-key": key},
        timeout=60,
    )
    data = assert_error(response, 422)
    assert data["status"] == "FAILED" and data["request_id"] == response.headers["x-request-id"]
    assert httpx.get(live_server.url("/v1/credits"), headers={"x-api-key": key}).json() == {
        "credits": 5
    }


# ------------------------------------------------------------------------------------ 429
def test_429_rate_limit_with_retry_after(live_server) -> None:
    key = live_server.create_key(credits=100, rpm=2)
    codes = [
        httpx.post(live_server.url(V2), json=body(), headers={"x-api-key": key}) for _ in range(3)
    ]
    assert [r.status_code for r in codes] == [200, 200, 429]
    data = assert_error(codes[2], 429, "rate_limited")
    assert 1 <= int(codes[2].headers["retry-after"]) <= 60 and data["retry_after"] >= 1


# ------------------------------------------------------------------------------- ops routes
def test_ops_endpoints(live_server) -> None:
    assert httpx.get(live_server.url("/healthz")).json() == {"status": "ok"}
    ready = httpx.get(live_server.url("/readyz"))
    assert ready.status_code == 200 and ready.json()["checks"] == {
        "database": "ok",
        "storage": "ok",
        "queue": "ok",
    }
    metrics = httpx.get(live_server.url("/metrics"))
    assert metrics.status_code == 200
    assert (
        "bannerfit_http_requests_total" in metrics.text
        and 'bannerfit_jobs{status="QUEUED"}' in metrics.text
    )
    schema = httpx.get(live_server.url("/openapi.json")).json()
    assert {"/v1/{slug}", "/v2/{slug}", "/v2/requests/{request_id}/status", "/v1/credits"} <= set(
        schema["paths"]
    )
    assert httpx.get(live_server.url("/docs")).status_code == 200


def test_concurrent_submits_over_http_never_overdraw(live_server) -> None:
    key = live_server.create_key(credits=5)
    codes: list[int] = []
    lock = threading.Lock()

    def submit() -> None:
        r = upload(live_server, key)
        with lock:
            codes.append(r.status_code)

    threads = [threading.Thread(target=submit) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(200) == 5 and codes.count(406) == 7
