"""``bannerfit worker``: a Celery worker that runs the engine (scale-out mode).

A prefork pool of ``BANNERFIT_WORKERS`` processes (``--concurrency``); each loads the
models once when it starts. The parent process never runs the engine, so when a pool
process is killed mid-job (OOM, SIGKILL) the parent notices, rejects the task back to
the queue and starts a fresh process. Several ``bannerfit worker`` commands, on one
machine or many, share the queue.
"""

from __future__ import annotations

import logging
import os
import socket

from bannerfit.settings import Settings


def main(settings: Settings) -> int:
    from bannerfit.jobs.celery_queue import configure_worker, make_celery, queue_name

    if settings.celery_visibility_timeout <= settings.job_lease_seconds:
        logging.getLogger("bannerfit.celery").warning(
            "BANNERFIT_CELERY_VISIBILITY_TIMEOUT (%d s) should exceed the longest job "
            "(BANNERFIT_JOB_LEASE_SECONDS, %d s): slower jobs are handed to a second worker",
            settings.celery_visibility_timeout,
            settings.job_lease_seconds,
        )
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    configure_worker(settings)
    # The pool processes build their own Settings from the same environment; make sure
    # what the command line chose (e.g. --concurrency) is in it.
    os.environ["BANNERFIT_WORKERS"] = str(settings.workers)
    app = make_celery(settings)
    print(
        f"bannerfit: worker with {settings.workers} engine process(es) on queue "
        f"{queue_name(settings)!r}",
        flush=True,
    )
    app.worker_main(
        [
            "worker",
            "--loglevel=INFO",
            "--pool=prefork",
            f"--concurrency={settings.workers}",
            f"--queues={queue_name(settings)}",
            f"--hostname=bannerfit-{os.getpid()}@{socket.gethostname()}",
            # No worker-to-worker chatter: bannerfit needs none, and it costs Redis traffic.
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
    return 0
