"""The embedded queue: a process pool on this machine, models loaded once per process.

Each worker process opens its own store and blob store in its initializer and warms
the engine's models; jobs are handed over by id only. When a worker dies mid-job
(OOM kill, segfault) the pool breaks: every affected job is put back in the queue
(or FAILED and refunded after ``max_job_attempts`` runs) and a fresh pool is started.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bannerfit.jobs.records import JobStatus
from bannerfit.jobs.store import JobStore
from bannerfit.jobs.worker import INTERNAL_ERROR, WorkerContext, process_job
from bannerfit.settings import Settings

log = logging.getLogger("bannerfit.queue")

_CTX: WorkerContext | None = None


def _init_worker(settings_data: dict) -> None:
    """Per worker process: own DB connections, own blob store, models loaded once."""
    global _CTX
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    from bannerfit.jobs.context import open_store
    from bannerfit.storage import make_blob_store

    settings = Settings(**settings_data)
    _CTX = WorkerContext(
        settings=settings, store=open_store(settings), blobs=make_blob_store(settings)
    )
    try:
        from bannerfit.engine import warm_up

        warm_up()
    except ImportError:
        logging.getLogger("bannerfit.worker").warning(
            "engine not available in worker %d; jobs will fail until it is installed",
            os.getpid(),
        )


def _run(job_id: str) -> str | None:
    assert _CTX is not None, "worker initializer did not run"
    status = process_job(_CTX, job_id)
    return None if status is None else status.value


def _ready() -> int:
    return os.getpid()


class LocalPoolQueue:
    def __init__(self, settings: Settings, store: JobStore) -> None:
        self._settings = settings
        self._store = store
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None
        self._stopping = False
        # Bookkeeping after a job ends runs here, never on the pool's own thread.
        self._dispatcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bannerfit-queue")

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            max_workers=self._settings.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self._settings.model_dump(),),
        )
        for _ in range(self._settings.workers):  # start and warm every worker now
            pool.submit(_ready)
        return pool

    def start(self) -> None:
        with self._lock:
            self._pool = self._new_pool()
        recovered = self._store.recover(
            max_attempts=self._settings.max_job_attempts,
            retention_seconds=self._settings.retention_seconds,
        )
        if recovered:
            log.warning("recovering %d unfinished job(s) from a previous run", len(recovered))
        for job_id in recovered:
            self.enqueue(job_id)

    def enqueue(self, job_id: str) -> None:
        with self._lock:
            if self._stopping or self._pool is None:
                return  # the job stays QUEUED in the store; the next start recovers it
            try:
                future = self._pool.submit(_run, job_id)
            except (BrokenProcessPool, RuntimeError):
                log.warning("worker pool broken; starting a fresh one")
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                future = self._pool.submit(_run, job_id)
        future.add_done_callback(lambda f: self._after(job_id, f))

    def _after(self, job_id: str, future: Future) -> None:
        if future.cancelled() or future.exception() is None or self._stopping:
            return
        with contextlib.suppress(RuntimeError):  # shutting down: the next start recovers it
            self._dispatcher.submit(self._handle_failure, job_id, future.exception())

    def _handle_failure(self, job_id: str, exc: BaseException | None) -> None:
        s = self._settings
        try:
            if isinstance(exc, BrokenProcessPool):
                status = self._store.release_abandoned(
                    job_id, max_attempts=s.max_job_attempts, retention_seconds=s.retention_seconds
                )
                if status is JobStatus.FAILED:
                    log.error("job %s failed: its worker died %d times", job_id, s.max_job_attempts)
                if status is JobStatus.QUEUED:
                    self.enqueue(job_id)
            else:
                log.error("job %s crashed outside the engine: %r", job_id, exc)
                self._store.fail(
                    job_id,
                    error=INTERNAL_ERROR,
                    code="internal_error",
                    retention_seconds=s.retention_seconds,
                )
        except Exception:
            log.exception("could not settle job %s after its worker failed", job_id)

    def healthy(self) -> bool:
        return not self._stopping and self._pool is not None

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        self._dispatcher.shutdown(wait=False, cancel_futures=True)
