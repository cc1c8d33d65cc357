"""Backends one by one against real servers: S3 (moto's standalone server), Alembic on
SQLite and PostgreSQL, the Redis rate limiter, and the Celery task's redelivery rules."""

from __future__ import annotations

import threading
import time
import uuid

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from bannerfit.db import current_revision, head_revision, upgrade
from bannerfit.jobs.models import Base
from bannerfit.settings import Settings
from bannerfit.storage import BlobNotFound, make_blob_store

pytestmark = pytest.mark.services


# ------------------------------------------------------------------------------- S3
def _s3_settings(s3_server, prefix: str, **kw) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(
        _env_file=None,
        storage_url=f"s3://{s3_server.bucket}/{prefix}",
        s3_endpoint_url=s3_server.endpoint,
        s3_region="us-east-1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
        **kw,
    )


def test_s3_store_roundtrip_presign_and_expiry(s3_server) -> None:
    prefix = f"run-{uuid.uuid4().hex[:8]}"
    blobs = make_blob_store(_s3_settings(s3_server, prefix))
    blobs.ping()
    blobs.put("jobs/a/out/1x1_0.png", b"png-bytes", "image/png")
    blobs.put("jobs/a/input", b"in")
    blobs.put("jobs/b/out/x.png", b"other")
    assert blobs.get("jobs/a/out/1x1_0.png") == b"png-bytes"
    assert f"{prefix}/jobs/a/out/1x1_0.png" in s3_server.keys(prefix)
    with pytest.raises(BlobNotFound):
        blobs.get("jobs/a/out/missing.png")

    url = blobs.public_url("jobs/a/out/1x1_0.png", 120)
    assert url is not None and "X-Amz-Expires=120" in url
    fetched = httpx.get(url)
    assert fetched.status_code == 200 and fetched.content == b"png-bytes"
    assert fetched.headers["content-type"] == "image/png"
    # moto does not enforce expiry, so check what is signed: never beyond SigV4's 7 days.
    assert "X-Amz-Expires=604800" in (blobs.public_url("k", 10**9) or "")

    blobs.delete_prefix("jobs/a/")
    assert [k for k in s3_server.keys(prefix) if "/jobs/" in k] == [f"{prefix}/jobs/b/out/x.png"]
    with pytest.raises(ValueError):
        blobs.get("../escape")


def test_s3_proxy_mode_hands_out_no_direct_urls(s3_server) -> None:
    blobs = make_blob_store(_s3_settings(s3_server, "proxy", s3_proxy=True))
    blobs.put("k", b"v")
    assert blobs.public_url("k", 60) is None
    assert blobs.get("k") == b"v"


def test_s3_unreachable_fails_the_probe() -> None:
    from tests.conftest import free_port

    settings = Settings(
        _env_file=None,
        storage_url="s3://nobucket/x",
        s3_endpoint_url=f"http://127.0.0.1:{free_port()}",
        s3_region="us-east-1",
        s3_access_key_id="testing",
        s3_secret_access_key="testing",
    )
    with pytest.raises(Exception, match="(?i)connect"):
        make_blob_store(settings).ping()


def test_sweep_deletes_expired_outputs_from_the_object_store(s3_server, tmp_path) -> None:
    from bannerfit.jobs.context import open_store
    from bannerfit.jobs.records import JobParams, NewJob, SourceKind
    from bannerfit.jobs.sweeper import sweep_once

    settings = _s3_settings(s3_server, f"sweep-{uuid.uuid4().hex[:6]}", data_dir=tmp_path)
    store, blobs = open_store(settings), make_blob_store(settings)
    _, token = store.create_key(credits=5)
    key = store.authenticate(token)
    assert key is not None
    job_id = str(uuid.uuid4())
    store.submit(
        NewJob(
            job_id, key.id, JobParams(sizes=((10, 10),)), SourceKind.URL, "http://x", None, 1, "t"
        ),
        max_in_flight=5,
        max_queued=5,
    )
    claimed = store.claim(job_id, lease_seconds=60)
    assert claimed is not None
    blobs.put(f"jobs/{job_id}/out/10x10_0.png", b"x")
    assert store.complete(
        job_id, attempt=claimed.attempts, outputs=[], inference_time=0.1, retention_seconds=-1
    )

    class NoQueue:
        def enqueue(self, job_id: str) -> None:
            raise AssertionError("nothing to requeue")

    report = sweep_once(settings, store, blobs, NoQueue())  # type: ignore[arg-type]
    assert report.deleted == 1
    assert not [k for k in s3_server.keys(settings.storage_url.split("/", 3)[3]) if job_id in k]  # type: ignore[union-attr]
    store.dispose()


# ------------------------------------------------------------------------- migrations
def _no_drift(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_migrations_build_the_models_schema_on_sqlite_and_postgresql(tmp_path, pg_url) -> None:
    for url in (f"sqlite:///{tmp_path / 'fresh.db'}", pg_url):
        engine = create_engine(url)
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision()
        assert upgrade(engine) == head_revision()  # idempotent
        _no_drift(engine)
        engine.dispose()


def test_database_made_before_migrations_is_stamped_not_recreated(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'legacy.db'}")
    Base.metadata.create_all(engine)
    assert upgrade(engine) == head_revision()
    engine.dispose()


def test_replicas_starting_together_migrate_once(pg_url) -> None:
    engine = create_engine(pg_url, pool_size=8)
    errors: list[BaseException] = []

    def go() -> None:
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert current_revision(engine) == head_revision()
    _no_drift(engine)
    engine.dispose()


def test_db_upgrade_command(tmp_path, pg_url, capsys) -> None:
    import os

    from bannerfit.cli import main

    old = {k: os.environ.get(k) for k in ("BANNERFIT_DATABASE_URL", "BANNERFIT_ENV_FILE")}
    os.environ.update(BANNERFIT_DATABASE_URL=pg_url, BANNERFIT_ENV_FILE="/nonexistent")
    try:
        assert main(["db", "current"]) == 0
        assert "empty" in capsys.readouterr().out
        assert main(["db", "upgrade"]) == 0
        assert f"revision {head_revision()}" in capsys.readouterr().out
        os.environ["BANNERFIT_DATABASE_URL"] = "postgresql+psycopg://postgres@127.0.0.1:1/none"
        assert main(["db", "upgrade"]) == 1
        assert "cannot reach the database" in capsys.readouterr().err
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ------------------------------------------------------------------------ rate limits
def test_redis_rate_limiter_is_one_window_for_all_instances(redis_url, redis_prefix) -> None:
    from bannerfit.accounts.redis_ratelimit import RedisRateLimiter

    a = RedisRateLimiter(redis_url, prefix=redis_prefix)
    b = RedisRateLimiter(redis_url, prefix=redis_prefix)
    assert [a.hit("k", 3), b.hit("k", 3), a.hit("k", 3)] == [None, None, None]
    wait = b.hit("k", 3)
    assert wait is not None and 1 <= wait <= 60
    assert a.hit("other", 3) is None  # buckets are separate
    short = RedisRateLimiter(redis_url, prefix=redis_prefix, window=1.0)
    assert short.hit("s", 1) is None and short.hit("s", 1) is not None
    time.sleep(1.1)
    assert short.hit("s", 1) is None  # the window slid past the first hit


def test_redis_rate_limiter_lets_requests_through_when_redis_is_down() -> None:
    from bannerfit.accounts.redis_ratelimit import RedisRateLimiter
    from tests.conftest import free_port

    limiter = RedisRateLimiter(f"redis://127.0.0.1:{free_port()}/0")
    assert limiter.hit("k", 1) is None and limiter.hit("k", 1) is None


# ------------------------------------------------------------------ task redelivery
def test_redelivered_task_respects_live_leases_and_counts_dead_attempts(tmp_path) -> None:
    """No engine needed: these deliveries never reach it."""
    from bannerfit.jobs.celery_queue import run_once
    from bannerfit.jobs.context import open_store
    from bannerfit.jobs.records import JobParams, JobStatus, NewJob, SourceKind
    from bannerfit.jobs.worker import WorkerContext

    settings = Settings(_env_file=None, data_dir=tmp_path, max_job_attempts=2)
    store = open_store(settings)
    ctx = WorkerContext(settings=settings, store=store, blobs=make_blob_store(settings))
    _, token = store.create_key(credits=3)
    key = store.authenticate(token)
    assert key is not None
    job_id = str(uuid.uuid4())
    store.submit(
        NewJob(
            job_id, key.id, JobParams(sizes=((10, 10),)), SourceKind.URL, "http://x", None, 3, "t"
        ),
        max_in_flight=5,
        max_queued=5,
    )
    assert run_once(ctx, "no-such-job") == "gone"
    store.claim(job_id, lease_seconds=60)  # another worker holds it, alive
    assert run_once(ctx, job_id) == "held"
    assert store.get_job(job_id).status is JobStatus.PROCESSING  # type: ignore[union-attr]
    assert store.renew_lease(job_id, attempt=1, lease_seconds=-1)  # ... then it died
    assert not store.renew_lease(job_id, attempt=2, lease_seconds=60)  # not attempt 2's
    # Attempt 1 is counted and the job goes back to the queue; then attempt 2 dies too.
    store.release_abandoned(job_id, max_attempts=2, retention_seconds=60)
    store.claim(job_id, lease_seconds=-1)
    assert run_once(ctx, job_id) == "FAILED"  # out of attempts: FAILED and refunded
    job = store.get_job(job_id)
    assert job is not None and job.error_code == "worker_lost" and job.attempts == 2
    assert store.balance(key.id) == 3 and store.ledger_sum(key.id) == 3
    assert run_once(ctx, job_id) == "FAILED"  # a late duplicate changes nothing
    assert store.balance(key.id) == 3
    store.dispose()
