"""Two API replicas on one PostgreSQL and one Redis: balances, in-flight caps and rate
limits hold across them under parallel submissions; a database that goes away gives
clear 502/503s and leaves nothing half-written. No worker runs: jobs stay QUEUED, which
is what keeps them in flight (and API replicas in Celery mode never run the engine).
"""

from __future__ import annotations

import base64
import contextlib
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text

from bannerfit.jobs.context import open_store
from bannerfit.jobs.models import Job
from bannerfit.settings import Settings
from tests.conftest import free_port, make_banner

pytestmark = [pytest.mark.services, pytest.mark.timeout(180)]

BANNER = base64.b64encode(make_banner(64, 32)).decode()


def _env(pg_url: str, redis_url: str, prefix: str, **extra: str) -> dict[str, str]:
    return {
        "BANNERFIT_DATABASE_URL": pg_url,
        "BANNERFIT_QUEUE_URL": redis_url,
        "BANNERFIT_REDIS_PREFIX": prefix,
        **extra,
    }


def _key(pg_url: str, **kw) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    store = open_store(Settings(database_url=pg_url, _env_file=None))
    try:
        record, token = store.create_key(name="replicas", **kw)
        return token, record.id
    finally:
        store.dispose()


def _burst(urls: list[str], key: str, n: int) -> list[httpx.Response]:
    """``n`` submissions at once, alternating between the replicas."""
    barrier = threading.Barrier(n)

    def one(i: int) -> httpx.Response:
        with httpx.Client(base_url=urls[i % len(urls)], timeout=30) as client:
            barrier.wait()
            return client.post(
                "/v2/smart-banner-resizer",
                headers={"x-api-key": key},
                json={"image_url": BANNER, "target_sizes": ["100x100"]},
            )

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def test_parallel_submits_through_two_replicas_never_overdraw(
    processes, pg_url, redis_url, redis_prefix
) -> None:
    env = _env(pg_url, redis_url, redis_prefix, BANNERFIT_MAX_IN_FLIGHT_PER_KEY="1000")
    a = processes.api(env)
    b = processes.api(env, api_key=a.api_key)
    key, key_id = _key(pg_url, credits=10)
    responses = _burst([a.base_url, b.base_url], key, 30)
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] * 10 + [406] * 20, [r.text for r in responses if r.status_code != 406]
    assert all(
        r.json()["code"] == "insufficient_credits" for r in responses if r.status_code == 406
    )
    store = open_store(Settings(database_url=pg_url, _env_file=None))
    try:
        assert store.balance(key_id) == 0
        assert store.ledger_sum(key_id) == 0
    finally:
        store.dispose()


def test_in_flight_cap_and_rate_limit_are_shared_by_replicas(
    processes, pg_url, redis_url, redis_prefix
) -> None:
    env = _env(pg_url, redis_url, redis_prefix, BANNERFIT_MAX_IN_FLIGHT_PER_KEY="5")
    a = processes.api(env)
    b = processes.api(env, api_key=a.api_key)
    urls = [a.base_url, b.base_url]

    capped, _ = _key(pg_url, credits=1000)
    codes = [r.status_code for r in _burst(urls, capped, 20)]
    assert codes.count(200) == 5 and codes.count(429) == 15, codes

    limited, _ = _key(pg_url, credits=1000, rpm=4)
    codes = [r.status_code for r in _burst(urls, limited, 4)]
    assert codes == [200] * 4, codes  # 2 on each replica: under the limit of 4 in all
    for url in urls:  # a 5th anywhere is over the shared limit (each replica alone saw 2)
        r = httpx.post(
            url + "/v2/smart-banner-resizer",
            headers={"x-api-key": limited},
            json={"image_url": BANNER, "target_sizes": ["100x100"]},
        )
        assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1, r.text


class _Forwarder:
    """A TCP forwarder to PostgreSQL that the test can close, like a database going away."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._conns: list[socket.socket] = []
        self._open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if not self._open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self._conns += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := src.recv(65536):
                dst.sendall(data)
        with contextlib.suppress(OSError):
            dst.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        """Refuse new connections and drop the existing ones."""
        self._open = False
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
        self._conns.clear()

    def close(self) -> None:
        self.cut()
        self._server.close()


def test_database_unreachable_gives_clear_errors_and_writes_nothing(
    processes, pg_url, redis_url, redis_prefix, tmp_path
) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    proxy = _Forwarder((url.host or "127.0.0.1", url.port or 5432))
    try:
        via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        api = processes.api(_env(via_proxy, redis_url, redis_prefix))
        key, key_id = _key(pg_url, credits=50)
        with httpx.Client(base_url=api.base_url, headers={"x-api-key": key}, timeout=30) as c:
            assert c.get("/readyz").status_code == 200
            proxy.cut()
            ready = c.get("/readyz")
            assert ready.status_code == 503
            assert ready.json()["checks"]["database"].startswith("unavailable")
            assert "database" in ready.json()["error"]
            # JSON and multipart (whose upload is stored before the database is asked).
            r1 = c.post(
                "/v2/smart-banner-resizer", json={"image_url": BANNER, "target_sizes": ["100x100"]}
            )
            r2 = c.post(
                "/v2/smart-banner-resizer",
                files={"image": ("b.png", make_banner(64, 32), "image/png")},
                data={"target_sizes": "100x100"},
            )
            for r in (r1, r2):
                assert r.status_code in (502, 503), r.text
                assert r.json()["code"] == "dependency_unavailable"
                assert "database" in r.json()["error"]
    finally:
        proxy.close()
    # Nothing half-written: no job, balance untouched, no stored upload left behind.
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Job.__table__)).scalar_one() == 0
        credits = conn.execute(
            text("SELECT credits FROM api_keys WHERE id = :k"), {"k": key_id}
        ).scalar_one()
    engine.dispose()
    assert credits == 50
    assert not list((api.data_dir / "files").glob("jobs/*/input*"))
