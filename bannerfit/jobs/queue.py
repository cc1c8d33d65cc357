"""The queue protocol and the backend chosen by ``BANNERFIT_QUEUE_URL``.

A queue only moves job ids to workers; the store row stays the record of truth, so a
lost or duplicated message can delay a job but never lose or double-charge it.
"""

from __future__ import annotations

from typing import Protocol

from bannerfit.jobs.store import JobStore
from bannerfit.settings import Settings


class JobQueue(Protocol):
    def start(self) -> None:
        """Begin accepting work (the embedded pool also recovers unfinished jobs)."""

    def enqueue(self, job_id: str) -> None:
        """Hand ``job_id`` to a worker; the job is already QUEUED in the store."""

    def healthy(self) -> bool:
        """True when jobs can be accepted now (for /readyz and 503s)."""

    def stop(self) -> None:
        """Stop accepting work; running jobs are recovered on the next start."""


def make_queue(settings: Settings, store: JobStore) -> JobQueue:
    if not settings.queue_url:
        from bannerfit.jobs.local_queue import LocalPoolQueue

        return LocalPoolQueue(settings, store)
    try:
        from bannerfit.jobs.celery_queue import CeleryQueue
    except ImportError as exc:
        raise RuntimeError(
            "BANNERFIT_QUEUE_URL is set but the Celery queue backend "
            "(bannerfit.jobs.celery_queue) is not available in this build; unset it to use "
            "the embedded worker pool."
        ) from exc
    return CeleryQueue(settings, store)
