"""Job records -> response bodies with absolute URLs."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request

from bannerfit.api.services import Services
from bannerfit.jobs.records import JobRecord, JobStatus, OutputRecord


def iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")


def base_url(request: Request, services: Services) -> str:
    base = services.settings.public_base_url or str(request.base_url)
    return base.rstrip("/")


def request_urls(request: Request, services: Services, job_id: str) -> dict[str, str]:
    base = base_url(request, services)
    return {
        "status_url": f"{base}/v2/requests/{job_id}/status",
        "response_url": f"{base}/v2/requests/{job_id}",
    }


def ordered_outputs(job: JobRecord) -> list[OutputRecord]:
    """Outputs in the order of target_sizes, then variant (whatever order workers wrote)."""
    rank = {f"{w}x{h}": i for i, (w, h) in enumerate(job.params.sizes)}
    return sorted(job.outputs, key=lambda o: (rank.get(o.target_size, len(rank)), o.variant))


def output_url(request: Request, services: Services, job: JobRecord, out: OutputRecord) -> str:
    # A presigned URL lives exactly as long as the request's remaining retention.
    remaining = services.settings.retention_seconds
    if job.expires_at is not None:
        remaining = max(1, int(job.expires_at - time.time()))
    direct = services.blobs.public_url(out.blob_key, remaining)
    if direct:
        return direct
    return f"{base_url(request, services)}/v2/files/{job.id}/{job.output_token}/{out.filename}"


def status_body(request: Request, services: Services, job: JobRecord) -> dict[str, Any]:
    body: dict[str, Any] = {
        "request_id": job.id,
        "status": job.status.value,
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "completed_at": iso(job.finished_at),
        "attempts": job.attempts,
        "credits_charged": job.credits_charged,
        **request_urls(request, services, job.id),
    }
    if job.status is JobStatus.FAILED:
        body["error"] = job.error
        body["code"] = job.error_code
    return body


def result_body(
    request: Request, services: Services, job: JobRecord, *, include_layout: bool = False
) -> dict[str, Any]:
    if job.status is not JobStatus.COMPLETED:
        return status_body(request, services, job)
    output = []
    for out in ordered_outputs(job):
        item: dict[str, Any] = {
            "url": output_url(request, services, job, out),
            "target_size": out.target_size,
            "width": out.width,
            "height": out.height,
            "format": out.format,
            "variant": out.variant,
        }
        if include_layout:
            item["layout"] = out.layout
        output.append(item)
    return {
        "request_id": job.id,
        "status": job.status.value,
        "output": output,
        "seed": job.params.seed,
        "metrics": {
            "inference_time": job.inference_time,
            "queue_time": job.queue_time,
            "total_time": job.total_time,
        },
        "credits_charged": job.credits_charged,
        "created_at": iso(job.created_at),
        "completed_at": iso(job.finished_at),
        "expires_at": iso(job.expires_at),
    }
