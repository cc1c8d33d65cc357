"""Fixtures for the scale-out tests: real Redis, PostgreSQL and an S3 server, isolated.

Each run gets its own PostgreSQL database (``bannerfit_test_<random>``, dropped at the
end), its own Redis database number and key prefix (flushed before and after), and a
moto S3 server on a free 127.0.0.1 port. A test that needs a service that is not
reachable is skipped with a message that says which one and where.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import LiveServer, free_port, start_server

PG_ADMIN_URL = os.environ.get(
    "BANNERFIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_HOST = os.environ.get("BANNERFIT_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("BANNERFIT_TEST_REDIS_PORT", "6379"))

pytestmark = pytest.mark.services


def _redis_client(db: int = 0):  # type: ignore[no-untyped-def]
    import redis

    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_connect_timeout=2)


@pytest.fixture(scope="session")
def redis_db() -> Iterator[int]:
    """A Redis database number for this run (1..15, flushed before and after)."""
    import redis

    db = 1 + secrets.randbelow(15)
    client = _redis_client(db)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(
            f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT} ({exc}); start it to run the scale-out tests"
        )
    client.flushdb()
    yield db
    with contextlib.suppress(redis.RedisError):
        _redis_client(db).flushdb()


@pytest.fixture
def redis_url(redis_db: int) -> str:
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{redis_db}"


@pytest.fixture
def redis_prefix() -> str:
    return f"bftest{secrets.token_hex(4)}"


def _pg_admin():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", pool_pre_ping=True)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, dropped at the end (even if the test failed)."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    admin = _pg_admin()
    name = f"bannerfit_test_{secrets.token_hex(6)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.orig}); start it to run this test"
        )
    base = admin.url.set(database=name)
    try:
        yield base.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class S3Server:
    endpoint: str
    bucket: str

    def env(self, prefix: str, *, proxy: bool = False) -> dict[str, str]:
        return {
            "BANNERFIT_STORAGE_URL": f"s3://{self.bucket}/{prefix}",
            "BANNERFIT_S3_ENDPOINT_URL": self.endpoint,
            "BANNERFIT_S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "BANNERFIT_S3_PROXY": "1" if proxy else "0",
        }

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def keys(self, prefix: str = "") -> list[str]:
        pages = (
            self.client()
            .get_paginator("list_objects_v2")
            .paginate(Bucket=self.bucket, Prefix=prefix)
        )
        return [o["Key"] for page in pages for o in page.get("Contents", [])]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """moto's standalone S3 server on 127.0.0.1 (a real HTTP server, not a mock of boto)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    s3 = S3Server(endpoint=f"http://127.0.0.1:{port}", bucket="bannerfit-test")
    s3.client().create_bucket(Bucket=s3.bucket)
    yield s3
    server.stop()


# ---------------------------------------------------------------------- processes
@dataclass
class WorkerProcess:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once (a machine dying)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(15)
        self.kill()


def service_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BANNERFIT_")}
    env.update(
        {
            "BANNERFIT_ENV_FILE": "/nonexistent",
            "BANNERFIT_ALLOW_PRIVATE_URLS": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def start_worker(
    workdir: Path, env: dict[str, str], *, concurrency: int = 1, timeout: float = 90
) -> WorkerProcess:
    """``bannerfit worker`` as a child process; returns once its pool has loaded the models."""
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / f"worker-{secrets.token_hex(3)}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bannerfit.cli", "worker", "--concurrency", str(concurrency)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=service_env(**env),
            cwd=str(workdir),
            start_new_session=True,
        )
    worker = WorkerProcess(process, log_path)
    deadline = time.monotonic() + timeout
    while worker.log().count("ready (models in") < concurrency:
        if process.poll() is not None:
            raise RuntimeError(
                f"bannerfit worker exited with {process.returncode}:\n{worker.log()}"
            )
        if time.monotonic() > deadline:
            worker.kill()
            raise RuntimeError(f"bannerfit worker not ready in {timeout}s:\n{worker.log()}")
        time.sleep(0.2)
    return worker


@pytest.fixture
def processes(tmp_path: Path) -> Iterator:
    """Start APIs (``api(env)``) and workers (``worker(env)``); all stopped at the end."""
    servers: list[LiveServer] = []
    workers: list[WorkerProcess] = []

    class Starter:
        def api(self, env: dict[str, str], **kw) -> LiveServer:  # type: ignore[no-untyped-def]
            server = start_server(tmp_path / f"api{len(servers)}", env=env, **kw)
            servers.append(server)
            return server

        def worker(self, env: dict[str, str], **kw) -> WorkerProcess:  # type: ignore[no-untyped-def]
            worker = start_worker(tmp_path / f"worker{len(workers)}", env, **kw)
            workers.append(worker)
            return worker

    yield Starter()
    for w in workers:
        w.stop()
    for s in servers:
        s.stop()
