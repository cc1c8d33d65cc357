"""Periodic housekeeping: delete expired results, requeue jobs whose lease ran out."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bannerfit.jobs.queue import JobQueue
from bannerfit.jobs.store import JobStore
from bannerfit.jobs.worker import job_prefix
from bannerfit.settings import Settings
from bannerfit.storage.base import BlobStore

log = logging.getLogger("bannerfit.sweeper")


@dataclass(frozen=True)
class SweepReport:
    deleted: int
    requeued: int


def sweep_once(
    settings: Settings, store: JobStore, blobs: BlobStore, queue: JobQueue
) -> SweepReport:
    deleted = 0
    while True:
        expired = store.expired_jobs(limit=500)
        if not expired:
            break
        for job in expired:
            blobs.delete_prefix(job_prefix(job.id))
        store.delete_jobs([j.id for j in expired])
        deleted += len(expired)
    requeued = store.reclaim_expired_leases(
        max_attempts=settings.max_job_attempts, retention_seconds=settings.retention_seconds
    )
    for job_id in requeued:
        queue.enqueue(job_id)
    if deleted or requeued:
        log.info("sweep: deleted %d expired request(s), requeued %d", deleted, len(requeued))
    return SweepReport(deleted=deleted, requeued=len(requeued))
