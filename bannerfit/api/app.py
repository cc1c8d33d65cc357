"""The FastAPI application factory.

``create_app()`` wires settings -> store, blob store, queue; on start it prints a dev
key into an empty store, starts (and recovers) the worker pool and the sweeper; on stop
it refuses new work and lets the next start recover whatever was still running.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from bannerfit.api import inference, ops, requests
from bannerfit.api.body_limit import BodySizeLimit
from bannerfit.api.errors import install_error_handlers
from bannerfit.api.metrics import AppMetrics, MetricsMiddleware
from bannerfit.api.services import Services, build_services, ensure_dev_key
from bannerfit.jobs.sweeper import sweep_once
from bannerfit.settings import Settings, get_settings
from bannerfit.web import mount_web

log = logging.getLogger("bannerfit.api")

DESCRIPTION = """\
bannerfit recomposes one banner into many ad sizes. The wire format follows Segmind's
serverless API: `POST /v1/smart-banner-resizer` (sync) and `POST /v2/smart-banner-resizer`
(async, then poll `status_url` and fetch `response_url`). Authenticate with `x-api-key`.
"""


async def _sweeper(services: Services) -> None:
    while True:
        await asyncio.sleep(services.settings.sweep_interval_seconds)
        try:
            await run_in_threadpool(
                sweep_once, services.settings, services.store, services.blobs, services.queue
            )
        except Exception:
            log.exception("sweep failed; retrying at the next interval")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    metrics = AppMetrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await run_in_threadpool(build_services, settings, metrics)
        app.state.services = services
        await run_in_threadpool(ensure_dev_key, services)
        await run_in_threadpool(services.queue.start)
        await run_in_threadpool(
            sweep_once, settings, services.store, services.blobs, services.queue
        )
        task = asyncio.create_task(_sweeper(services))
        try:
            yield
        finally:
            services.shutting_down = True
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await run_in_threadpool(services.queue.stop)
            services.store.dispose()

    app = FastAPI(
        title="bannerfit",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    install_error_handlers(app)
    app.include_router(inference.router)
    app.include_router(requests.router)
    app.include_router(ops.router)
    mount_web(app)  # the try-it page at / (a client of the public API only)
    # Outermost first: the size guard sees the raw stream before anything reads it.
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    return app
