"""Scale-out queue: Celery with a Redis broker (``BANNERFIT_QUEUE_URL=redis://...``).

API replicas only publish job ids; ``bannerfit worker`` processes run the engine. The
store row stays the record of truth, so the queue may lose or duplicate a message:

* Tasks are acknowledged late and rejected back to the queue when their process dies
  (``acks_late``, ``task_reject_on_worker_lost``), one task prefetched at a time.
* A running attempt holds a short lease in the store, renewed by a heartbeat thread.
  When a worker dies, its lease runs out; the API's sweeper (or any redelivered message)
  then puts the job back in the queue, counting the lost attempt, and FAILs and refunds
  it after ``max_job_attempts``. So recovery never waits for Redis's visibility timeout.
* Running a job twice is harmless: the claim and the completion are conditional
  updates on ``(status, attempts)``, outputs are keyed by job id and variant, and
  credits move only with the one winning state change.
* A job whose message was lost (Redis restarted without persistence, a replica died
  between commit and publish) is republished by the API once it has been QUEUED for a
  while; a duplicate message is a no-op.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue as queue_mod
import threading
import time
from dataclasses import replace
from typing import Any

from celery import Celery, signals

from bannerfit.jobs.records import JobRecord, JobStatus
from bannerfit.jobs.store import JobStore
from bannerfit.jobs.worker import WorkerContext, process_job
from bannerfit.settings import Settings

log = logging.getLogger("bannerfit.celery")

TASK_NAME = "bannerfit.process_job"


def queue_name(settings: Settings) -> str:
    return f"{settings.redis_prefix}.jobs"


def make_celery(settings: Settings) -> Celery:
    """The Celery app for these settings (same configuration in API and worker)."""
    app = Celery("bannerfit", broker=settings.queue_url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue_name(settings),
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        task_serializer="json",
        accept_content=["json"],
        # The longest job: past it, the pool kills the process (the attempt is lost,
        # counted and retried like a crash). The visibility timeout must exceed it.
        task_time_limit=settings.job_lease_seconds,
        broker_transport_options={
            "visibility_timeout": settings.celery_visibility_timeout,
            "socket_connect_timeout": 3,
            "socket_timeout": 10,
            "retry_on_timeout": True,
        },
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits for Redis to come back
        broker_heartbeat=0,
        # Model loading happens in each pool process before it reports ready.
        worker_proc_alive_timeout=180,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
    )
    app.conf.task_publish_retry_policy = {
        "max_retries": 2,
        "interval_start": 0.2,
        "interval_step": 0.5,
        "interval_max": 1,
    }

    @app.task(name=TASK_NAME, bind=True, max_retries=settings.max_job_attempts * 2)
    def run_job(self: Any, job_id: str) -> str:
        return _run_task(self, job_id)

    return app


# --------------------------------------------------------------------------- worker side
_CTX: WorkerContext | None = None
_SETTINGS: Settings | None = None


def configure_worker(settings: Settings) -> None:
    """Called by ``bannerfit worker`` before the pool starts (settings for the children)."""
    global _SETTINGS
    _SETTINGS = settings


def _context() -> WorkerContext:
    """Per pool process: own DB engine and blob client, models loaded once."""
    global _CTX
    if _CTX is None:
        from bannerfit.jobs.context import open_store
        from bannerfit.storage import make_blob_store

        settings = _SETTINGS or Settings()
        _CTX = WorkerContext(
            settings=settings, store=open_store(settings), blobs=make_blob_store(settings)
        )
    return _CTX


@signals.worker_process_init.connect
def _init_process(**_: Any) -> None:
    if _SETTINGS is None:  # not a bannerfit worker (e.g. another Celery app imported us)
        return
    _context()
    from bannerfit.engine import warm_up

    started = time.perf_counter()
    warm_up()
    log.info(
        "worker process %d ready (models in %.1f s)", os.getpid(), time.perf_counter() - started
    )


class _LeaseKeeper:
    """Renews the lease of one running attempt every third of the lease, in a thread."""

    def __init__(self, store: JobStore, lease_seconds: float) -> None:
        self._store = store
        self._lease = lease_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, job: JobRecord) -> None:
        def beat() -> None:
            while not self._stop.wait(self._lease / 3):
                try:
                    if not self._store.renew_lease(
                        job.id, attempt=job.attempts, lease_seconds=self._lease
                    ):
                        return  # no longer ours: finished or reclaimed
                except Exception:
                    log.warning("could not renew the lease of job %s; retrying", job.id)

        self._thread = threading.Thread(target=beat, name=f"lease-{job.id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


class _LeasedStore:
    """The worker's store, whose successful claim starts the lease heartbeat."""

    def __init__(self, inner: JobStore, keeper: _LeaseKeeper, lease_seconds: float) -> None:
        self._inner = inner
        self._keeper = keeper
        self._lease = lease_seconds

    def claim(self, job_id: str, *, lease_seconds: float) -> JobRecord | None:
        job = self._inner.claim(job_id, lease_seconds=self._lease)
        if job is not None:
            log.info("job %s: attempt %d running in process %d", job_id, job.attempts, os.getpid())
            self._keeper.start(job)
        return job

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def run_once(ctx: WorkerContext, job_id: str) -> str:
    """One delivery of ``job_id``: run it if it is ours to run; say what happened.

    A PROCESSING job whose lease ran out belonged to a dead worker: that attempt is
    counted (FAILED and refunded past ``max_job_attempts``) and the job run here. One
    with a live lease is running elsewhere: nothing to do (if that worker dies, the
    sweeper requeues the job once its lease runs out).
    """
    s = ctx.settings
    job = ctx.store.get_job(job_id)
    if job is None or job.is_terminal:
        return "gone" if job is None else job.status.value
    if job.status is JobStatus.PROCESSING:
        if (job.lease_expires_at or 0) > time.time():
            return "held"
        status = ctx.store.release_abandoned(
            job_id, max_attempts=s.max_job_attempts, retention_seconds=s.retention_seconds
        )
        if status is not JobStatus.QUEUED:
            return "gone" if status is None else status.value
    keeper = _LeaseKeeper(ctx.store, s.worker_lease_seconds)
    leased = replace(ctx, store=_LeasedStore(ctx.store, keeper, s.worker_lease_seconds))  # type: ignore[arg-type]
    try:
        final = process_job(leased, job_id)
    finally:
        keeper.stop()
    return "not-claimed" if final is None else final.value


def _run_task(task: Any, job_id: str) -> str:
    ctx = _context()
    s = ctx.settings
    try:
        return run_once(ctx, job_id)
    except Exception as exc:
        # Infrastructure trouble (database, object store) outside the engine: give the
        # attempt back, counted, and retry later; bounded by the job's attempts.
        log.warning("job %s: attempt failed outside the engine (%r); retrying", job_id, exc)
        status: JobStatus | None = JobStatus.QUEUED
        with contextlib.suppress(Exception):
            status = ctx.store.release_abandoned(
                job_id, max_attempts=s.max_job_attempts, retention_seconds=s.retention_seconds
            )
        if status is not JobStatus.QUEUED:
            return "gone" if status is None else status.value
        if task.request.retries >= task.max_retries:
            with contextlib.suppress(Exception):
                ctx.store.fail(
                    job_id,
                    error="This request could not be run: the service's storage kept "
                    "failing. Its credits were refunded.",
                    code="dependency_unavailable",
                    retention_seconds=s.retention_seconds,
                )
            return JobStatus.FAILED.value
        raise task.retry(exc=exc, countdown=min(30, 2**task.request.retries)) from None


# ------------------------------------------------------------------------------ API side
class CeleryQueue:
    """The API replica's side: publish job ids; republish jobs whose message was lost."""

    def __init__(self, settings: Settings, store: JobStore) -> None:
        import redis

        self._settings = settings
        self._store = store
        self._app = make_celery(settings)
        self._redis = redis.Redis.from_url(
            settings.queue_url or "", socket_connect_timeout=2, socket_timeout=2
        )
        self._outbox: queue_mod.Queue[str | None] = queue_mod.Queue()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._health = (0.0, False)
        #: A QUEUED job older than this without a worker is published again.
        self.republish_after = max(30.0, 2 * settings.sweep_interval_seconds)

    def start(self) -> None:
        for target, name in ((self._publisher, "publisher"), (self._republisher, "republisher")):
            thread = threading.Thread(target=target, name=f"bannerfit-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def enqueue(self, job_id: str) -> None:
        """Never blocks the caller: a thread publishes (the store row is already there)."""
        self._outbox.put(job_id)

    def publish(self, job_id: str) -> None:
        self._app.send_task(TASK_NAME, args=[job_id], queue=queue_name(self._settings))

    def _publisher(self) -> None:
        while True:
            job_id = self._outbox.get()
            if job_id is None:
                return
            try:
                self.publish(job_id)
            except Exception as exc:
                # Left QUEUED in the store: the republisher sends it once Redis is back.
                log.warning("could not publish job %s (%r); it will be republished", job_id, exc)

    def _republisher(self) -> None:
        interval = self._settings.sweep_interval_seconds
        while not self._stopping.wait(interval):
            try:
                self.republish_stale()
            except Exception as exc:
                log.warning("republishing stale jobs failed (%r); retrying", exc)

    def republish_stale(self) -> int:
        """Publish again every job QUEUED for longer than ``republish_after``.

        A Redis marker (``SET NX EX``) makes all replicas together republish one job at
        most once per period; a job whose first message is merely waiting in a long
        queue gets one harmless duplicate per period.
        """
        cutoff = time.time() - self.republish_after
        count = 0
        for job_id in self._store.queued_before(cutoff):
            marker = f"{self._settings.redis_prefix}:republished:{job_id}"
            if self._redis.set(marker, 1, nx=True, ex=max(1, int(self.republish_after))):
                self.publish(job_id)
                count += 1
        if count:
            log.warning("republished %d job(s) that were waiting without a message", count)
        return count

    def healthy(self) -> bool:
        if self._stopping.is_set():
            return False
        checked_at, ok = self._health
        now = time.monotonic()
        if now - checked_at < 1.0:
            return ok
        try:
            ok = bool(self._redis.ping())
        except Exception:
            ok = False
        self._health = (now, ok)
        return ok

    def stop(self) -> None:
        self._stopping.set()
        self._outbox.put(None)
        for thread in self._threads:
            thread.join(timeout=5)
        with contextlib.suppress(Exception):
            self._redis.close()
