"""Run one job end to end: claim, load the image, recompose, store outputs, complete.

This is the whole of a worker's job, shared by the embedded process pool and by the
scale-out (Celery) worker: it talks to the store and the blob store only, so running it
twice on one job is harmless (the claim and the completion are conditional updates,
outputs are keyed by job id).
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

from bannerfit.jobs.records import JobRecord, JobStatus, OutputRecord, SourceKind
from bannerfit.jobs.store import JobStore
from bannerfit.settings import Settings
from bannerfit.storage.base import BlobNotFound, BlobStore

log = logging.getLogger("bannerfit.worker")

INTERNAL_ERROR = "An internal error stopped this request; its credits were refunded."
ENGINE_MISSING = (
    "The recomposition engine is not available on this server; the request was refunded."
)

#: Test-only knobs (documented in README.md, section Settings); read by workers only.
TEST_DELAY_ENV = "BANNERFIT_TEST_JOB_DELAY"
TEST_EXIT_ENV = "BANNERFIT_TEST_WORKER_EXIT"


@dataclass(frozen=True)
class WorkerContext:
    settings: Settings
    store: JobStore
    blobs: BlobStore


def input_key(job_id: str) -> str:
    return f"jobs/{job_id}/input"


def job_prefix(job_id: str) -> str:
    return f"jobs/{job_id}/"


def _apply_test_knobs() -> None:
    delay = float(os.environ.get(TEST_DELAY_ENV, "0") or 0)
    if delay > 0:
        time.sleep(delay)
    if os.environ.get(TEST_EXIT_ENV) == "1":
        os._exit(13)  # simulate a worker killed mid-job (OOM, segfault)


class _SourceError(Exception):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _load_source(ctx: WorkerContext, job: JobRecord) -> bytes:
    if job.source_kind is SourceKind.UPLOAD:
        assert job.input_key is not None
        return ctx.blobs.get(job.input_key)
    try:
        from bannerfit.fetch import FetchError, FetchPolicy, load_image_source
    except ImportError as exc:
        raise _SourceError(
            "Loading images from image_url is not available on this server; upload the "
            "image as multipart field 'image' instead.",
            "fetch_unavailable",
        ) from exc
    s = ctx.settings
    policy = FetchPolicy(
        allow_private=s.allow_private_urls,
        max_bytes=s.max_image_bytes,
        connect_timeout=s.fetch_connect_timeout,
        read_timeout=s.fetch_read_timeout,
        max_redirects=s.fetch_max_redirects,
    )
    if job.source_kind is SourceKind.URL:
        assert job.source_url is not None
        source = job.source_url
    else:
        assert job.input_key is not None
        source = ctx.blobs.get(job.input_key).decode("ascii", errors="replace")
    try:
        return load_image_source(source, policy)
    except FetchError as exc:
        message = str(getattr(exc, "message", None) or exc)
        raise _SourceError(message, str(getattr(exc, "code", None) or "fetch_failed")) from exc


def process_job(ctx: WorkerContext, job_id: str) -> JobStatus | None:
    """Run ``job_id`` if it is QUEUED; returns its final status, or None if not ours."""
    s = ctx.settings
    job = ctx.store.claim(job_id, lease_seconds=s.job_lease_seconds)
    if job is None:
        return None
    _apply_test_knobs()

    def fail(message: str, code: str) -> JobStatus:
        if ctx.store.fail(
            job_id,
            error=message,
            code=code,
            retention_seconds=s.retention_seconds,
            attempt=job.attempts,
        ):
            _drop_input(ctx, job)
        return JobStatus.FAILED

    try:
        source = _load_source(ctx, job)
    except _SourceError as exc:
        return fail(exc.message, exc.code)
    except BlobNotFound:
        return fail("The uploaded image of this request is gone; submit it again.", "input_lost")

    from bannerfit.engine import EngineError, EngineLimits, RecomposeOptions, recompose

    p = job.params
    options = RecomposeOptions(
        sizes=p.sizes,
        variants=p.variants,
        output_format=p.output_format,  # type: ignore[arg-type]
        resolution=p.resolution,  # type: ignore[arg-type]
        prompt=p.prompt,
        seed=p.seed,
        safety_tolerance=p.safety_tolerance,
        limits=EngineLimits(
            max_pixels=s.max_pixels, max_image_bytes=s.max_image_bytes, max_side=s.max_side
        ),
    )
    started = time.perf_counter()
    try:
        rendered = recompose(source, options)
    except EngineError as exc:
        return fail(exc.message, exc.code)
    except ImportError:
        log.exception("engine import failed for job %s", job_id)
        return fail(ENGINE_MISSING, "engine_unavailable")
    except Exception:
        log.exception("engine crashed on job %s", job_id)
        return fail(INTERNAL_ERROR, "internal_error")
    inference_time = time.perf_counter() - started

    outputs = []
    for image in rendered:
        filename = f"{image.width}x{image.height}_{image.variant}.{image.format}"
        key = f"jobs/{job_id}/out/{filename}"
        ctx.blobs.put(key, image.data, image.media_type)
        outputs.append(
            OutputRecord(
                blob_key=key,
                filename=filename,
                width=image.width,
                height=image.height,
                variant=image.variant,
                format=image.format,
                media_type=image.media_type,
                size_bytes=len(image.data),
                layout=image.layout,
            )
        )
    if ctx.store.complete(
        job_id,
        attempt=job.attempts,
        outputs=outputs,
        inference_time=inference_time,
        retention_seconds=s.retention_seconds,
    ):
        _drop_input(ctx, job)
        return JobStatus.COMPLETED
    current = ctx.store.get_job(job_id)
    return None if current is None else current.status


def _drop_input(ctx: WorkerContext, job: JobRecord) -> None:
    """Inputs are not kept once a request is final: only outputs are served."""
    if job.input_key:
        try:
            ctx.blobs.delete_prefix(job.input_key)
        except OSError:
            log.warning("could not delete input of job %s", job.id)
