"""Segmind's own Python SDK, unchanged, against a real bannerfit server."""

from __future__ import annotations

import base64
import io

import httpx
import pytest
from PIL import Image
from segmind import SegmindClient
from segmind.exceptions import SegmindError
from segmind.v2 import AsyncJob, InferenceFailed

from tests.conftest import make_banner

SLUG = "smart-banner-resizer"


def data_uri(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


@pytest.fixture(scope="module")
def sdk(live_server) -> SegmindClient:
    return SegmindClient(
        api_key=live_server.api_key, base_url=live_server.base_url + "/v1", timeout=60
    )


@pytest.fixture(scope="module")
def banner() -> bytes:
    return make_banner(480, 240)


def test_run_returns_completed_result_with_downloadable_outputs(sdk, banner) -> None:
    result = sdk.run(SLUG, image_url=data_uri(banner), target_sizes=["300x300", "728x90"], seed=11)
    assert result["status"] == "COMPLETED"
    assert [o["target_size"] for o in result["output"]] == ["300x300", "728x90"]
    assert result["seed"] == 11 and result["credits_charged"] == 2
    assert set(result["metrics"]) == {"inference_time", "queue_time", "total_time"}
    for out in result["output"]:
        response = httpx.get(out["url"], timeout=30)  # no API key: the URL is the credential
        assert response.status_code == 200
        assert response.headers["content-type"] == "image/png"
        img = Image.open(io.BytesIO(response.content))
        assert img.size == (out["width"], out["height"])


def test_run_sync_single_output_is_the_image(sdk, banner) -> None:
    response = sdk.run_sync(
        SLUG,
        image_url=base64.b64encode(banner).decode(),
        target_sizes=["320x50"],
        output_format="jpeg",
    )
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-request-id"]
    assert float(response.headers["x-inference-time"]) > 0
    assert int(response.headers["x-remaining-credits"]) >= 0
    assert Image.open(io.BytesIO(response.content)).size == (320, 50)


def test_submit_async_wait(sdk, banner) -> None:
    job = sdk.submit_async(
        SLUG,
        image_url=data_uri(banner),
        target_sizes=["250x250"],
        num_images_per_size=2,
        safety_tolerance="5",
    )
    assert job.submit_response["status"] == "QUEUED"
    assert job.status_url.startswith("http://") and job.response_url.startswith("http://")
    result = job.wait(timeout=60, interval=0.2)
    assert result["request_id"] == job.request_id
    assert [(o["target_size"], o["variant"]) for o in result["output"]] == [
        ("250x250", 0),
        ("250x250", 1),
    ]


def test_failed_job_raises_inference_failed(sdk) -> None:
    truncated = make_banner(200, 100)[:60]  # PNG signature, then nothing decodable
    job = sdk.submit_async(SLUG, image_url=data_uri(truncated), target_sizes=["100x100"])
    with pytest.raises(InferenceFailed) as info:
        job.wait(timeout=60, interval=0.2)
    assert info.value.detail and info.value.detail.endswith(".")
    assert info.value.status_body["status"] == "FAILED"


def test_unknown_request_id_is_404(sdk, live_server) -> None:
    url = live_server.url("/v2/requests/00000000-0000-0000-0000-000000000000")
    job = AsyncJob("00000000-0000-0000-0000-000000000000", url + "/status", url, {}, sdk)
    with pytest.raises(SegmindError) as info:
        job.status()
    assert info.value.status == 404 and info.value.detail


def test_bad_key_and_no_credits_surface_as_segmind_errors(live_server) -> None:
    bad = SegmindClient(api_key="bf_0123456789_wrong", base_url=live_server.base_url + "/v1")
    with pytest.raises(SegmindError) as info:
        bad.run_sync(SLUG, image_url="https://example.com/a.png", target_sizes=["100x100"])
    assert info.value.status == 401
    poor = SegmindClient(
        api_key=live_server.create_key(credits=0), base_url=live_server.base_url + "/v1"
    )
    with pytest.raises(SegmindError) as info:
        poor.submit_async(SLUG, image_url="https://example.com/a.png", target_sizes=["100x100"])
    assert info.value.status == 406 and "needs 1 credits" in info.value.detail


def test_v1_several_outputs_json_or_zip(live_server, banner) -> None:
    import zipfile

    payload = {"image_url": data_uri(banner), "target_sizes": ["100x100", "200x50"]}
    as_json = httpx.post(
        live_server.url("/v1/" + SLUG), json=payload, headers=live_server.headers, timeout=60
    )
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    assert [o["target_size"] for o in as_json.json()["output"]] == ["100x100", "200x50"]
    assert as_json.headers["x-remaining-credits"].isdigit()
    headers = {**live_server.headers, "accept": "application/zip"}
    as_zip = httpx.post(live_server.url("/v1/" + SLUG), json=payload, headers=headers, timeout=60)
    assert as_zip.status_code == 200 and as_zip.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(as_zip.content)).namelist()
    assert names == ["100x100_0.png", "200x50_0.png"]
