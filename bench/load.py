"""Load test: N concurrent clients submit async jobs to a running bannerfit server.

    python bench/load.py --url http://127.0.0.1:8000 --key bf_... --clients 8 --jobs 64

Each client submits a small synthetic banner (multipart upload) to POST /v2, then
polls until COMPLETED or FAILED. Prints jobs/s and p50/p95 latency (submit to
terminal status), then checks that nothing was lost: every id ends COMPLETED or
FAILED, and the key's balance moved by exactly the credits of the COMPLETED jobs.
Exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import sys
import time

import httpx


def banner(width: int = 600, height: int = 300) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), (30, 60, 150))
    draw = ImageDraw.Draw(img)
    draw.text((40, 60), "BIG SALE TODAY", fill=(255, 255, 255))
    draw.rounded_rectangle([40, 180, 180, 220], radius=8, fill=(250, 180, 20))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return buffer.getvalue()


async def one_job(
    http: httpx.AsyncClient, image: bytes, sizes: list[str], poll: float
) -> tuple[str, str, float, int]:
    started = time.perf_counter()
    while True:
        r = await http.post(
            "/v2/smart-banner-resizer",
            data={"target_sizes": ",".join(sizes)},
            files={"image": ("banner.png", image, "image/png")},
        )
        if r.status_code == 429:  # in-flight cap or rpm: back off as told
            await asyncio.sleep(float(r.headers.get("retry-after", "1")))
            continue
        r.raise_for_status()
        break
    request_id = r.json()["request_id"]
    while True:
        s = await http.get(f"/v2/requests/{request_id}/status")
        body = s.json()
        if body.get("status") in ("COMPLETED", "FAILED"):
            return (
                request_id,
                body["status"],
                time.perf_counter() - started,
                int(body.get("credits_charged", 0)),
            )
        await asyncio.sleep(poll)


async def main(args: argparse.Namespace) -> int:
    image = banner()
    sizes = args.sizes.split(",")
    limits = httpx.Limits(max_connections=args.clients * 2)
    async with httpx.AsyncClient(
        base_url=args.url, headers={"x-api-key": args.key}, timeout=120, limits=limits
    ) as http:
        before = (await http.get("/v1/credits")).json()["credits"]
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(args.jobs):
            queue.put_nowait(i)
        results: list[tuple[str, str, float, int]] = []

        async def client() -> None:
            while True:
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                results.append(await one_job(http, image, sizes, args.poll))

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(args.clients)))
        elapsed = time.perf_counter() - started
        after = (await http.get("/v1/credits")).json()["credits"]
        # Re-read every id: the store, not the client's memory, is the record of truth.
        final = {}
        for request_id, *_ in results:
            final[request_id] = (await http.get(f"/v2/requests/{request_id}/status")).json()[
                "status"
            ]

    latencies = sorted(r[2] for r in results)
    completed = [r for r in results if r[1] == "COMPLETED"]
    charged = sum(r[3] for r in completed)
    p95 = latencies[max(0, int(round(0.95 * len(latencies))) - 1)]
    print(
        f"jobs: {len(results)} ({len(completed)} COMPLETED, {len(results) - len(completed)} FAILED), clients: {args.clients}, sizes/job: {len(sizes)}"
    )
    print(f"throughput: {len(results) / elapsed:.2f} jobs/s over {elapsed:.1f} s")
    print(
        f"latency submit->terminal: p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, max {latencies[-1]:.2f} s"
    )
    print(f"credits: before {before}, after {after}, charged for COMPLETED {charged}")
    ok = True
    if len(results) != args.jobs or len(set(final)) != args.jobs:
        print(f"LOST: submitted {args.jobs}, tracked {len(set(final))}")
        ok = False
    not_final = [i for i, s in final.items() if s not in ("COMPLETED", "FAILED")]
    if not_final:
        print(f"NOT FINAL: {not_final[:5]}")
        ok = False
    if before - after != charged:
        print(f"BALANCE MISMATCH: moved {before - after}, expected {charged}")
        ok = False
    print("check: nothing lost, balances exact" if ok else "check: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--key", required=True)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=64)
    parser.add_argument("--sizes", default="300x250,728x90")
    parser.add_argument("--poll", type=float, default=0.2)
    sys.exit(asyncio.run(main(parser.parse_args())))
