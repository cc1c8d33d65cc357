"""The whole scale-out topology as real processes, and a worker SIGKILLed mid-job.

Two ``bannerfit serve`` replicas (one handing out presigned S3 URLs, one proxying the
bytes) and two ``bannerfit worker`` processes share PostgreSQL, Redis and an S3 server.
Jobs are submitted to both APIs; the worker running one of them is killed with its pool
(SIGKILL of the process group, as when a machine dies). Every job must still end
COMPLETED, with outputs of the exact sizes, readable through either API, charged once.
"""

from __future__ import annotations

import base64
import io
import re
import time

import httpx
import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from tests.conftest import make_banner

pytestmark = [pytest.mark.services, pytest.mark.timeout(240)]

SIZES = [["300x250"], ["728x90", "160x600"], ["320x50"], ["250x250"], ["468x60", "300x600"]]


def _wait_all(client: httpx.Client, ids: list[str], timeout: float) -> dict[str, dict]:
    deadline = time.monotonic() + timeout
    done: dict[str, dict] = {}
    while len(done) < len(ids):
        for rid in ids:
            if rid in done:
                continue
            r = client.get(f"/v2/requests/{rid}")
            if r.status_code in (200, 422):
                done[rid] = r.json()
        if time.monotonic() > deadline:
            pending = sorted(set(ids) - set(done))
            raise AssertionError(f"jobs not finished after {timeout}s: {pending}")
        time.sleep(0.3)
    return done


def test_worker_killed_mid_job_every_job_completes_once(
    processes, pg_url, redis_url, redis_prefix, s3_server
) -> None:
    common = {
        "BANNERFIT_DATABASE_URL": pg_url,
        "BANNERFIT_QUEUE_URL": redis_url,
        "BANNERFIT_REDIS_PREFIX": redis_prefix,
        "BANNERFIT_WORKER_LEASE_SECONDS": "4",  # a dead worker's job is free again in 4 s
        "BANNERFIT_SWEEP_INTERVAL_SECONDS": "1",
    }
    # Replica A presigns object-store URLs; replica B serves the bytes itself.
    api_a = processes.api({**common, **s3_server.env(redis_prefix)})
    api_b = processes.api(
        {**common, **s3_server.env(redis_prefix, proxy=True)}, api_key=api_a.api_key
    )
    # Worker 1 holds each job for 2 s after claiming it, so it is surely mid-job when killed.
    w1 = processes.worker(
        {**common, **s3_server.env(redis_prefix), "BANNERFIT_TEST_JOB_DELAY": "2"}
    )
    w2 = processes.worker({**common, **s3_server.env(redis_prefix)})
    from bannerfit.jobs.context import open_store
    from bannerfit.settings import Settings

    store = open_store(Settings(database_url=pg_url, _env_file=None))
    _, key = store.create_key(name="fault", credits=100)
    key_id = store.authenticate(key).id  # type: ignore[union-attr]
    store.dispose()

    clients = [
        httpx.Client(base_url=s.base_url, headers={"x-api-key": key}, timeout=30)
        for s in (api_a, api_b)
    ]
    banner = base64.b64encode(make_banner(480, 240)).decode()
    ids: list[str] = []
    for i, sizes in enumerate(SIZES):
        r = clients[i % 2].post(
            "/v2/smart-banner-resizer", json={"image_url": banner, "target_sizes": sizes, "seed": i}
        )
        assert r.status_code == 200, r.text
        ids.append(r.json()["request_id"])

    # Kill worker 1 while it is PROCESSING one of our jobs.
    deadline = time.monotonic() + 60
    victim = None
    while victim is None:
        running = re.findall(r"job (\S+): attempt 1 running", w1.log())
        for rid in running:
            status = clients[0].get(f"/v2/requests/{rid}/status").json()["status"]
            if status == "PROCESSING":
                victim = rid
                break
        assert time.monotonic() < deadline, f"worker 1 never ran a job:\n{w1.log()}"
        time.sleep(0.1)
    w1.kill()
    assert clients[1].get(f"/v2/requests/{victim}/status").json()["status"] == "PROCESSING"

    results = _wait_all(clients[0], ids, timeout=150)
    for rid, body in results.items():
        assert body["status"] == "COMPLETED", (rid, body, w2.log()[-3000:])
    assert results[victim]["request_id"] == victim
    victim_status = clients[1].get(f"/v2/requests/{victim}/status").json()
    assert victim_status["attempts"] == 2, victim_status  # the killed attempt was counted

    # Outputs: exact sizes, through A's presigned URLs and through B's proxy alike.
    for sizes, rid in zip(SIZES, ids, strict=True):
        for client in clients:
            body = client.get(f"/v2/requests/{rid}").json()
            assert [o["target_size"] for o in body["output"]] == sizes
            for out in body["output"]:
                data = httpx.get(out["url"], timeout=30)
                assert data.status_code == 200, out["url"]
                w, h = (int(v) for v in out["target_size"].split("x"))
                assert Image.open(io.BytesIO(data.content)).size == (w, h)
        a_url = clients[0].get(f"/v2/requests/{rid}").json()["output"][0]["url"]
        b_url = clients[1].get(f"/v2/requests/{rid}").json()["output"][0]["url"]
        assert a_url.startswith(s3_server.endpoint) and "Signature" in a_url
        assert b_url.startswith(api_b.base_url + "/v2/files/")

    # Charged once: one reservation per job, no refund, balance = grant - costs.
    cost = sum(len(s) for s in SIZES)
    assert clients[1].get("/v1/credits").json() == {"credits": 100 - cost}
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT reason, count(*), sum(delta) FROM credit_ledger WHERE key_id = :k GROUP BY reason"
            ),
            {"k": key_id},
        ).all()
    engine.dispose()
    assert {r[0]: (r[1], r[2]) for r in rows} == {"grant": (1, 100), "reserve": (len(ids), -cost)}
    for c in clients:
        c.close()
