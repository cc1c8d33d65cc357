"""Inference endpoints: v1 sync (wait for the result) and v2 async submit."""

from __future__ import annotations

import asyncio
import io
import secrets
import time
import uuid
import zipfile
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from bannerfit.accounts.pricing import request_cost
from bannerfit.api.auth import authenticate, require_model, submit_limit
from bannerfit.api.errors import ApiError
from bannerfit.api.parsing import ParsedRequest, parse_inference_request
from bannerfit.api.presenters import ordered_outputs, request_urls, result_body
from bannerfit.api.schemas import ErrorResponse, ResizeRequest, SubmitResponse
from bannerfit.api.services import Services, get_services
from bannerfit.jobs.errors import (
    IdempotencyConflict,
    InsufficientCredits,
    QueueFull,
    TooManyInFlight,
)
from bannerfit.jobs.records import ApiKeyRecord, JobParams, JobRecord, JobStatus, NewJob
from bannerfit.jobs.worker import input_key, job_prefix
from bannerfit.settings import MODEL_SLUG

router = APIRouter()

_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ResizeRequest.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "image": {"type": "string", "format": "binary"},
                        "target_sizes": {"type": "array", "items": {"type": "string"}},
                        "num_images_per_size": {"type": "integer"},
                        "output_format": {"type": "string", "enum": ["png", "jpeg", "webp"]},
                        "prompt": {"type": "string"},
                        "resolution": {"type": "string", "enum": ["1K", "2K", "4K"]},
                        "safety_tolerance": {"type": "integer"},
                        "seed": {"type": "integer"},
                    },
                    "required": ["image", "target_sizes"],
                }
            },
        },
    }
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 406, 409, 413, 422, 429, 503)
}


def _check_slug(slug: str) -> None:
    if slug != MODEL_SLUG:
        raise ApiError(
            404, "unknown_model", f"There is no model {slug!r}; this server serves {MODEL_SLUG!r}."
        )


def _idempotency_key(request: Request) -> str | None:
    value = request.headers.get("idempotency-key")
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 255:
        raise ApiError(
            400,
            "invalid_idempotency_key",
            "The Idempotency-Key header must be 1 to 255 characters.",
        )
    return value


async def _submit(
    request: Request, services: Services, key: ApiKeyRecord, slug: str, endpoint: str
) -> JobRecord:
    """Validate, store the input, reserve credits, insert the job and enqueue it."""
    _check_slug(slug)
    require_model(key, slug)
    if services.shutting_down or not services.queue.healthy():
        raise ApiError(
            503,
            "unavailable",
            "The server is shutting down or its workers are unavailable; retry shortly.",
            headers={"Retry-After": "5"},
        )
    submit_limit(services, key)
    idem = _idempotency_key(request)
    parsed: ParsedRequest = await parse_inference_request(request, services.settings)
    p = parsed.params
    settings = services.settings
    cost = request_cost(
        settings, sizes=len(p.target_sizes), variants=p.num_images_per_size, resolution=p.resolution
    )
    job_id = str(uuid.uuid4())
    stored_input = None
    if parsed.input_data is not None:
        stored_input = input_key(job_id)
        await run_in_threadpool(services.blobs.put, stored_input, parsed.input_data)
    new = NewJob(
        id=job_id,
        key_id=key.id,
        params=JobParams(
            sizes=p.sizes,
            variants=p.num_images_per_size,
            output_format=p.output_format,
            resolution=p.resolution,
            prompt=p.prompt,
            seed=p.seed if p.seed is not None else secrets.randbelow(2**32),
            safety_tolerance=p.safety_tolerance,
        ),
        source_kind=parsed.source_kind,
        source_url=parsed.source_url,
        input_key=stored_input,
        credits=cost,
        output_token=secrets.token_urlsafe(24),
        idempotency_key=idem,
        request_hash=parsed.request_hash,
    )

    async def drop_input() -> None:
        if stored_input is not None:
            await run_in_threadpool(services.blobs.delete_prefix, job_prefix(job_id))

    try:
        outcome = await run_in_threadpool(
            services.store.submit,
            new,
            max_in_flight=settings.max_in_flight_per_key,
            max_queued=settings.max_queued_jobs,
        )
    except InsufficientCredits as exc:
        await drop_input()
        raise ApiError(
            406,
            "insufficient_credits",
            exc.message,
            credits_needed=exc.needed,
            credits_left=exc.left,
        ) from None
    except IdempotencyConflict as exc:
        await drop_input()
        raise ApiError(409, "idempotency_conflict", exc.message) from None
    except TooManyInFlight as exc:
        await drop_input()
        raise ApiError(
            429, "too_many_in_flight", exc.message, headers={"Retry-After": "2"}, retry_after=2
        ) from None
    except QueueFull as exc:
        await drop_input()
        raise ApiError(503, "queue_full", exc.message, headers={"Retry-After": "5"}) from None
    except BaseException:
        await drop_input()
        raise
    if outcome.created:
        services.queue.enqueue(job_id)
        services.metrics.submitted.labels(endpoint).inc()
    else:
        await drop_input()
    return outcome.job


@router.post(
    "/v2/{slug}",
    response_model=SubmitResponse,
    responses=_ERRORS,
    openapi_extra=_BODY_DOC,
    summary="Submit an async request",
    tags=["inference"],
)
async def submit_async(
    slug: str,
    request: Request,
    key: ApiKeyRecord = Depends(authenticate),
    services: Services = Depends(get_services),
) -> dict[str, Any]:
    job = await _submit(request, services, key, slug, "v2")
    return {
        "request_id": job.id,
        "status": job.status.value,
        **request_urls(request, services, job.id),
    }


async def _wait(services: Services, job_id: str, deadline: float) -> JobRecord | None:
    delay = 0.02
    while True:
        job = await run_in_threadpool(services.store.get_job, job_id)
        if job is None or job.is_terminal:
            return job
        if time.monotonic() >= deadline:
            return job
        await asyncio.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 1.5, 0.25)


def _wants(request: Request) -> str:
    accept = request.headers.get("accept", "").lower()
    if "application/zip" in accept:
        return "zip"
    if "application/json" in accept and "image/" not in accept and "*/*" not in accept:
        return "json"
    return "auto"


@router.post(
    "/v1/{slug}",
    responses={
        200: {
            "description": "One output: the image itself. Several: the JSON result body "
            "(or a zip with Accept: application/zip).",
            "content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}, "application/zip": {}},
        },
        504: {"model": ErrorResponse},
        **_ERRORS,
    },
    openapi_extra=_BODY_DOC,
    summary="Run a request and wait for the result",
    tags=["inference"],
)
async def run_sync(
    slug: str,
    request: Request,
    key: ApiKeyRecord = Depends(authenticate),
    services: Services = Depends(get_services),
) -> Response:
    started = time.monotonic()
    job = await _submit(request, services, key, slug, "v1")
    deadline = started + services.settings.sync_timeout_seconds
    job = await _wait(services, job.id, deadline) or job
    headers = {"X-Request-Id": job.id}
    if not job.is_terminal:
        raise ApiError(
            504,
            "timeout",
            f"The request did not finish within {services.settings.sync_timeout_seconds:g} s; "
            "it keeps running: fetch its result from response_url.",
            headers=headers,
            request_id=job.id,
            **request_urls(request, services, job.id),
        )
    if job.status is JobStatus.FAILED:
        raise ApiError(
            422,
            job.error_code or "failed",
            job.error or "The request failed.",
            headers=headers,
            request_id=job.id,
            status="FAILED",
        )
    balance = await run_in_threadpool(services.store.balance, key.id)
    headers["X-Inference-Time"] = f"{job.inference_time or 0.0:.3f}"
    headers["X-Remaining-Credits"] = str(balance)
    outputs = ordered_outputs(job)
    wants = _wants(request)
    if wants == "zip":
        data = await run_in_threadpool(_zip, services, outputs)
        headers["Content-Disposition"] = f'attachment; filename="{job.id}.zip"'
        return Response(data, media_type="application/zip", headers=headers)
    if len(outputs) == 1 and wants == "auto":
        out = outputs[0]
        data = await run_in_threadpool(services.blobs.get, out.blob_key)
        services.metrics.outputs_served.inc()
        return Response(data, media_type=out.media_type, headers=headers)
    return JSONResponse(result_body(request, services, job), headers=headers)


def _zip(services: Services, outputs: list) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for out in outputs:
            archive.writestr(out.filename, services.blobs.get(out.blob_key))
    return buffer.getvalue()
