"""Throughput of the embedded server and of scale-out with 1, 2 and 4 worker processes.

    .venv/bin/python bench/scale.py [--jobs 16] [--size 300x250] [--redis redis://127.0.0.1:6379/14]

Starts every topology on this machine, in turn: ``bannerfit serve`` alone (embedded
pool, ``BANNERFIT_WORKERS`` = cores), then one ``bannerfit serve`` in Celery mode with
1, 2 and 4 ``bannerfit worker --concurrency 1`` processes (shared SQLite file and file
store, Redis broker). Each topology gets one warm-up job, then ``--jobs`` jobs submitted
at once; jobs/s = jobs / (last completion - first submit). Prints a Markdown table.
Needs Redis for the scale-out rows (skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.conftest import LiveServer, make_banner, start_server  # noqa: E402
from tests.scaleout.conftest import WorkerProcess, start_worker  # noqa: E402


def run_jobs(server: LiveServer, n: int, size: str) -> tuple[float, float, int]:
    """Submit ``n`` jobs at once; returns (seconds, mean inference s, failures)."""
    banner = base64.b64encode(make_banner(600, 300)).decode()

    def one(i: int) -> tuple[str, float]:
        with server.client() as c:
            r = c.post(
                "/v2/smart-banner-resizer",
                json={"image_url": banner, "target_sizes": [size], "seed": i},
            )
            r.raise_for_status()
            rid = r.json()["request_id"]
            while True:
                body = c.get(f"/v2/requests/{rid}").json()
                if body["status"] in ("COMPLETED", "FAILED"):
                    inference = (body.get("metrics") or {}).get("inference_time") or 0.0
                    return body["status"], float(inference)
                time.sleep(0.05)

    started = time.perf_counter()
    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(one, range(n)))
    elapsed = time.perf_counter() - started
    failures = sum(1 for status, _ in results if status != "COMPLETED")
    mean_inference = sum(i for _, i in results) / max(1, len(results))
    return elapsed, mean_inference, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=16)
    parser.add_argument("--size", default="300x250")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--workers", default="1,2,4", help="scale-out worker counts")
    args = parser.parse_args()
    limits = {
        "BANNERFIT_MAX_IN_FLIGHT_PER_KEY": "1000",
        "BANNERFIT_RATE_LIMIT_RPM": "100000",
        "BANNERFIT_READ_RATE_LIMIT_RPM": "1000000",
        "BANNERFIT_DEV_KEY_CREDITS": "100000",
    }
    rows: list[tuple[str, float, float, int]] = []
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bannerfit-scale-") as tmp:
        root = Path(tmp)
        server = start_server(root / "embedded", env=limits, workers=cores)
        try:
            run_jobs(server, 1, args.size)
            elapsed, inference, failed = run_jobs(server, args.jobs, args.size)
            rows.append((f"embedded, {cores} pool processes", elapsed, inference, failed))
        finally:
            server.stop()

        import redis

        try:
            redis.Redis.from_url(args.redis, socket_connect_timeout=2).flushdb()
        except redis.RedisError as exc:
            print(f"(scale-out rows skipped: Redis unreachable at {args.redis}: {exc})")
            args.workers = ""
        for count in [int(n) for n in args.workers.split(",") if n]:
            run_dir = root / f"celery{count}"
            env = {
                **limits,
                "BANNERFIT_DATABASE_URL": f"sqlite:///{run_dir / 'shared.db'}",
                "BANNERFIT_STORAGE_URL": f"file://{run_dir / 'files'}",
                "BANNERFIT_QUEUE_URL": args.redis,
                "BANNERFIT_REDIS_PREFIX": f"scale{count}",
            }
            server = start_server(run_dir / "api", env=env)
            workers: list[WorkerProcess] = []
            try:
                for i in range(count):
                    workers.append(start_worker(run_dir / f"w{i}", env, concurrency=1))
                run_jobs(server, count, args.size)  # warm-up: one per worker
                elapsed, inference, failed = run_jobs(server, args.jobs, args.size)
                rows.append((f"Celery, {count} worker process(es)", elapsed, inference, failed))
            finally:
                for w in workers:
                    w.stop()
                server.stop()
        redis.Redis.from_url(args.redis).flushdb()

    print(f"\n{args.jobs} jobs of 1 output ({args.size}) from a 600x300 banner, {cores} cores\n")
    print("| topology | jobs/s | wall s | mean inference s | failed |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, elapsed, inference, failed in rows:
        print(
            f"| {name} | {args.jobs / elapsed:.2f} | {elapsed:.1f} | {inference:.2f} | {failed} |"
        )
    return 1 if any(r[3] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
