"""What the routes need, built once per app from the settings."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field

from starlette.requests import Request

from bannerfit.accounts.ratelimit import MemoryRateLimiter, RateLimiter
from bannerfit.api.metrics import AppMetrics
from bannerfit.jobs.context import open_store
from bannerfit.jobs.queue import JobQueue, make_queue
from bannerfit.jobs.store import SqlStore
from bannerfit.settings import Settings
from bannerfit.storage import BlobStore, make_blob_store

log = logging.getLogger("bannerfit.api")


@dataclass
class Services:
    settings: Settings
    store: SqlStore
    blobs: BlobStore
    queue: JobQueue
    limiter: RateLimiter
    metrics: AppMetrics = field(default_factory=AppMetrics)
    shutting_down: bool = False


def build_services(settings: Settings, metrics: AppMetrics | None = None) -> Services:
    store = open_store(settings)
    services = Services(
        settings=settings,
        store=store,
        blobs=make_blob_store(settings),
        queue=make_queue(settings, store),
        limiter=_make_limiter(settings),
        metrics=metrics or AppMetrics(),
    )
    services.metrics.watch_jobs(store.counts_by_status)
    return services


def _make_limiter(settings: Settings) -> RateLimiter:
    """Shared through Redis when replicas share one (queue or redis URL), else in memory."""
    url = settings.shared_redis_url
    if url is None:
        return MemoryRateLimiter()
    from bannerfit.accounts.redis_ratelimit import RedisRateLimiter

    return RedisRateLimiter(url, prefix=settings.redis_prefix)


def ensure_dev_key(services: Services) -> str | None:
    """On the first start with an empty key store, create a key and print it once."""
    s = services.settings
    if not s.create_dev_key or services.store.has_keys():
        return None
    _, token = services.store.create_key(
        name="development", credits=s.dev_key_credits, is_admin=True
    )
    print(
        f"bannerfit: the key store was empty, so a development API key with "
        f"{s.dev_key_credits} credits was created (shown only once):\n"
        f"bannerfit: dev key: {token}",
        file=sys.stdout,
        flush=True,
    )
    return token


def get_services(request: Request) -> Services:
    return request.app.state.services  # type: ignore[no-any-return]
