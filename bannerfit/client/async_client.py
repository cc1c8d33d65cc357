"""Asyncio client: the same methods as :class:`bannerfit.client.Client`, awaitable."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any

import httpx

from bannerfit.client.errors import RequestFailed, WaitTimeout, error_from_response
from bannerfit.client.models import Output, Result, Submission
from bannerfit.client.request import ImageInput, prepare
from bannerfit.client.sync_client import SLUG


class AsyncClient:
    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 120.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            headers={"x-api-key": api_key},
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport,
        )

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    def _check(self, response: httpx.Response) -> httpx.Response:
        if response.status_code >= 400:
            raise error_from_response(response)
        return response

    async def submit(
        self,
        image: ImageInput,
        sizes: Sequence[str],
        *,
        idempotency_key: str | None = None,
        **params: Any,
    ) -> Submission:
        req = prepare(image, sizes, params)
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        response = self._check(
            await self._http.post(
                f"/v2/{SLUG}", json=req.json, data=req.data, files=req.files, headers=headers
            )
        )
        body = response.json()
        return Submission(
            body["request_id"], body["status"], body["status_url"], body["response_url"]
        )

    async def status(self, request_id: str) -> dict[str, Any]:
        response = await self._http.get(f"/v2/requests/{request_id}/status")
        if response.status_code == 422:
            return response.json()
        return self._check(response).json()

    async def result(self, request_id: str) -> Result:
        response = self._check(await self._http.get(f"/v2/requests/{request_id}"))
        if response.status_code == 202:
            raise WaitTimeout(
                f"request {request_id} is still {response.json()['status']}", status=202
            )
        return Result.from_json(response.json())

    async def wait(
        self, request_id: str, *, timeout: float = 600.0, interval: float = 0.5
    ) -> Result:
        deadline = time.monotonic() + timeout
        while True:
            body = await self.status(request_id)
            if body["status"] == "COMPLETED":
                return await self.result(request_id)
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
            await asyncio.sleep(interval)

    async def run(
        self,
        image: ImageInput,
        sizes: Sequence[str],
        *,
        timeout: float = 600.0,
        interval: float = 0.5,
        **params: Any,
    ) -> Result:
        submission = await self.submit(image, sizes, **params)
        return await self.wait(submission.request_id, timeout=timeout, interval=interval)

    async def download(self, output: Output | str) -> bytes:
        url = output.url if isinstance(output, Output) else output
        return self._check(await self._http.get(url)).content

    async def credits(self) -> int:
        return int(self._check(await self._http.get("/v1/credits")).json()["credits"])
