"""v2 status, result and output files."""

from __future__ import annotations

import hmac
import time
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from bannerfit.api.auth import read_key
from bannerfit.api.errors import ApiError
from bannerfit.api.presenters import result_body, status_body
from bannerfit.api.schemas import ErrorResponse, ResultResponse, StatusResponse
from bannerfit.api.services import Services, get_services
from bannerfit.jobs.records import ApiKeyRecord, JobRecord, JobStatus
from bannerfit.storage.base import BlobNotFound

router = APIRouter(tags=["requests"])


def _not_found(job_id: str) -> ApiError:
    return ApiError(
        404,
        "request_not_found",
        f"No request {job_id!r} (unknown, expired, or made with another key).",
    )


async def _visible_job(services: Services, job_id: str, key: ApiKeyRecord | None) -> JobRecord:
    """The job, unless unknown, expired, or another tenant's: all three are the same 404."""
    job = await run_in_threadpool(services.store.get_job, job_id) if len(job_id) <= 64 else None
    if job is None or (key is not None and job.key_id != key.id):
        raise _not_found(job_id)
    if job.expires_at is not None and job.expires_at < time.time():
        raise _not_found(job_id)
    return job


@router.get(
    "/v2/requests/{request_id}/status",
    response_model=StatusResponse,
    responses={
        404: {"model": ErrorResponse},
        422: {"model": StatusResponse, "description": "FAILED"},
    },
)
async def request_status(
    request_id: str,
    request: Request,
    key: ApiKeyRecord = Depends(read_key),
    services: Services = Depends(get_services),
) -> JSONResponse:
    job = await _visible_job(services, request_id, key)
    code = 422 if job.status is JobStatus.FAILED else 200
    return JSONResponse(status_body(request, services, job), status_code=code)


@router.get(
    "/v2/requests/{request_id}",
    response_model=ResultResponse,
    responses={
        202: {"model": StatusResponse, "description": "not finished yet"},
        404: {"model": ErrorResponse},
        422: {"model": StatusResponse, "description": "FAILED"},
    },
)
async def request_result(
    request_id: str,
    request: Request,
    include_layout: bool = False,
    key: ApiKeyRecord = Depends(read_key),
    services: Services = Depends(get_services),
) -> JSONResponse:
    job = await _visible_job(services, request_id, key)
    body: dict[str, Any] = result_body(request, services, job, include_layout=include_layout)
    code = {JobStatus.COMPLETED: 200, JobStatus.FAILED: 422}.get(job.status, 202)
    return JSONResponse(body, status_code=code)


@router.get(
    "/v2/files/{request_id}/{token}/{filename}",
    responses={
        200: {"content": {"image/png": {}, "image/jpeg": {}, "image/webp": {}}},
        404: {"model": ErrorResponse},
    },
    summary="Download an output (the URL is the credential: no API key)",
)
async def output_file(
    request_id: str, token: str, filename: str, services: Services = Depends(get_services)
) -> Response:
    job = await _visible_job(services, request_id, None)
    if not hmac.compare_digest(token.encode(), job.output_token.encode()):
        raise ApiError(404, "output_not_found", "No such output file (wrong link or expired).")
    match = next((o for o in job.outputs if o.filename == filename), None)
    if match is None:
        raise ApiError(404, "output_not_found", "No such output file (wrong link or expired).")
    try:
        data = await run_in_threadpool(services.blobs.get, match.blob_key)
    except BlobNotFound:
        raise ApiError(
            404, "output_not_found", "No such output file (wrong link or expired)."
        ) from None
    services.metrics.outputs_served.inc()
    max_age = max(0, int((job.expires_at or time.time()) - time.time()))
    return Response(
        data,
        media_type=match.media_type,
        headers={
            "Cache-Control": f"private, max-age={max_age}",
            "Content-Disposition": f'inline; filename="{match.filename}"',
        },
    )
