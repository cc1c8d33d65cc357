"""The one settings object of bannerfit, read from ``BANNERFIT_*`` variables.

Every knob of the service lives here so that the API, the workers and the CLI agree on
limits, prices and backends. Values come from the environment and, optionally, from a
dotenv-style file named by ``BANNERFIT_ENV_FILE`` (default ``.env`` when present).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The one model this server serves.
MODEL_SLUG = "smart-banner-resizer"


def _default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class Settings(BaseSettings):
    """Service configuration; see README.md, section Settings, for the table of variables."""

    model_config = SettingsConfigDict(
        env_prefix="BANNERFIT_",
        env_file=os.environ.get("BANNERFIT_ENV_FILE", ".env"),
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    # --- where things live -------------------------------------------------------
    data_dir: Path = Path(".bannerfit")
    database_url: str | None = None
    queue_url: str | None = None
    storage_url: str | None = None
    #: Absolute base URL used in status/response/output URLs (behind a proxy);
    #: unset: derived from each request's Host.
    public_base_url: str | None = None

    # --- server ------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default_factory=_default_workers, ge=1, le=256)
    #: On the first start with an empty key store, create and print a dev key.
    create_dev_key: bool = True
    dev_key_credits: int = Field(default=1000, ge=0)

    # --- jobs ----------------------------------------------------------------------
    retention_seconds: int = Field(default=3600, ge=1)
    sync_timeout_seconds: float = Field(default=60.0, gt=0)
    #: A PROCESSING job whose lease ran out is considered abandoned.
    job_lease_seconds: int = Field(default=600, ge=1)
    #: Total runs of one job (first run + retries) before it is FAILED for good.
    max_job_attempts: int = Field(default=3, ge=1)
    #: How often the sweeper deletes expired results and reclaims lost jobs.
    sweep_interval_seconds: float = Field(default=30.0, gt=0)
    #: Jobs waiting in the whole service before submissions answer 503.
    max_queued_jobs: int = Field(default=1000, ge=1)

    # --- limits --------------------------------------------------------------------
    max_body_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_image_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_pixels: int = Field(default=50_000_000, ge=1)
    max_sizes_per_request: int = Field(default=10, ge=1)
    max_variants: int = Field(default=4, ge=1)
    max_prompt_chars: int = Field(default=5000, ge=0)
    min_side: int = Field(default=16, ge=1)
    max_side: int = Field(default=4096, ge=1)

    # --- URL fetching ----------------------------------------------------------------
    allow_private_urls: bool = False
    fetch_connect_timeout: float = Field(default=5.0, gt=0)
    fetch_read_timeout: float = Field(default=20.0, gt=0)
    fetch_max_redirects: int = Field(default=3, ge=0)

    # --- credits -----------------------------------------------------------------------
    price_1k: int = Field(default=1, ge=0)
    price_2k: int = Field(default=2, ge=0)
    price_4k: int = Field(default=4, ge=0)
    default_key_credits: int = Field(default=0, ge=0)

    # --- per-key limits --------------------------------------------------------------------
    #: Inference submissions (v1 + v2) per key per minute; a key may override it.
    rate_limit_rpm: int = Field(default=120, ge=1)
    #: Reads (status, result, credits) per key per minute.
    read_rate_limit_rpm: int = Field(default=1200, ge=1)
    #: Jobs QUEUED or PROCESSING at once per key.
    max_in_flight_per_key: int = Field(default=16, ge=1)

    # --- scale-out (README.md, section Scale-out) -----------------------------------
    #: Redis for limits shared by API replicas; unset: the queue URL when it is Redis.
    redis_url: str | None = None
    #: Prefix of every Redis key bannerfit writes (rate limits, markers), and of the
    #: Celery queue name, so several deployments or test runs can share one Redis.
    redis_prefix: str = "bannerfit"
    #: Seconds before Redis hands an unacknowledged task to another worker; must exceed
    #: the longest job (``job_lease_seconds``), since a slower job would run twice.
    celery_visibility_timeout: int = Field(default=7200, ge=10)
    #: Lease of a running scale-out job, renewed every third of it by its worker: a
    #: worker that dies loses its jobs to others this long after it stopped renewing.
    worker_lease_seconds: float = Field(default=60.0, ge=1)
    #: Object store (``BANNERFIT_STORAGE_URL=s3://bucket/prefix``); credentials default
    #: to the standard AWS variables and files when unset.
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    #: ``1``: serve outputs through the API instead of presigned object-store URLs.
    s3_proxy: bool = False

    @property
    def shared_redis_url(self) -> str | None:
        """Redis shared by API replicas (limits), or None: per-process memory."""
        if self.redis_url:
            return self.redis_url
        if self.queue_url and self.queue_url.startswith(("redis://", "rediss://")):
            return self.queue_url
        return None

    @field_validator(
        "database_url",
        "queue_url",
        "storage_url",
        "public_base_url",
        "redis_url",
        "s3_endpoint_url",
        "s3_region",
        "s3_access_key_id",
        "s3_secret_access_key",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    def price_for(self, resolution: str) -> int:
        """Credits charged per output image at ``resolution``."""
        return {"1K": self.price_1k, "2K": self.price_2k, "4K": self.price_4k}[resolution]

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL: explicit, or the SQLite file inside the data dir."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'bannerfit.db').resolve()}"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once; tests build their own ``Settings``)."""
    return Settings()
