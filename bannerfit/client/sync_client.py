"""Blocking client."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import httpx

from bannerfit.client.errors import RequestFailed, WaitTimeout, error_from_response
from bannerfit.client.models import Output, Result, Submission
from bannerfit.client.request import ImageInput, prepare

SLUG = "smart-banner-resizer"
TERMINAL = ("COMPLETED", "FAILED")


class Client:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 120.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"x-api-key": api_key},
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    def submit(
        self,
        image: ImageInput,
        sizes: Sequence[str],
        *,
        idempotency_key: str | None = None,
        **params: Any,
    ) -> Submission:
        """POST /v2: validate and queue; returns at once with the request id."""
        req = prepare(image, sizes, params)
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        response = self._check(
            self._http.post(
                f"/v2/{SLUG}", json=req.json, data=req.data, files=req.files, headers=headers
            )
        )
        body = response.json()
        return Submission(
            body["request_id"], body["status"], body["status_url"], body["response_url"]
        )

    def status(self, request_id: str) -> dict[str, Any]:
        response = self._http.get(f"/v2/requests/{request_id}/status")
        if response.status_code == 422:
            return response.json()  # FAILED is a status, not a transport error
        return self._check(response).json()

    def result(self, request_id: str) -> Result:
        """The COMPLETED result; raises RequestFailed for FAILED."""
        response = self._check(self._http.get(f"/v2/requests/{request_id}"))
        if response.status_code == 202:
            raise WaitTimeout(
                f"request {request_id} is still {response.json()['status']}", status=202
            )
        return Result.from_json(response.json())

    def wait(self, request_id: str, *, timeout: float = 600.0, interval: float = 0.5) -> Result:
        deadline = time.monotonic() + timeout
        while True:
            body = self.status(request_id)
            if body["status"] == "COMPLETED":
                return self.result(request_id)
            if body["status"] == "FAILED":
                raise RequestFailed(
                    body.get("error") or "The request failed.",
                    status=422,
                    code=body.get("code"),
                    body=body,
                )
            if time.monotonic() >= deadline:
                raise WaitTimeout(
                    f"request {request_id} did not finish within {timeout:g} s; it may still complete"
                )
            time.sleep(interval)

    def run(
        self,
        image: ImageInput,
        sizes: Sequence[str],
        *,
        timeout: float = 600.0,
        interval: float = 0.5,
        **params: Any,
    ) -> Result:
        """Submit and wait."""
        return self.wait(
            self.submit(image, sizes, **params).request_id, timeout=timeout, interval=interval
        )

    def run_sync(self, image: ImageInput, sizes: Sequence[str], **params: Any) -> httpx.Response:
        """POST /v1 (one blocking call); the raw response: image bytes or JSON."""
        req = prepare(image, sizes, params)
        return self._check(
            self._http.post(f"/v1/{SLUG}", json=req.json, data=req.data, files=req.files)
        )

    def download(self, output: Output | str) -> bytes:
        url = output.url if isinstance(output, Output) else output
        return self._check(self._http.get(url)).content

    def credits(self) -> int:
        return int(self._check(self._http.get("/v1/credits")).json()["credits"])
