#!/usr/bin/env python3
"""Speed benchmark: bannerfit's warm time against a floor measured in the same run.

    .venv/bin/python bench/speed.py                    # own banner, 5 runs, one core
    .venv/bin/python bench/speed.py --runs 9 --image my_banner.png
    .venv/bin/python bench/speed.py --profile          # cProfile top 25 (cumulative)
    .venv/bin/python bench/speed.py --skip-cli --skip-rss

One banner to 1080x1080 + 728x90 + 1080x1920, JPEG and PNG output. The floor is what
any resizer pays: decode + cover resize + encode of the same sizes with Pillow
(``floor_pillow``: Pillow's default encoders; ``floor_engine_enc``: the engine's own
encoders, so the ratio isolates analysis/plan/render). Both are timed in the same
process, interleaved with bannerfit, so machine noise hits all of them alike. The run
is pinned to one CPU (sched_setaffinity, OMP/libvips threads 1, cv2 threads 1), which
is how a worker process of the embedded pool runs on a loaded host.

Also: cold CLI start (``bannerfit resize`` in a fresh process) and peak RSS of a child
process that recomposes a 3840x2160 banner at resolution 4K.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("VIPS_CONCURRENCY", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

HERE = Path(__file__).resolve().parent
SIZES = ((1080, 1080), (728, 90), (1080, 1920))


def pin_one_core() -> str:
    """Pin this process (and children) to one CPU; returns a note for the report."""
    try:
        import cv2

        cv2.setNumThreads(1)
    except Exception:
        pass
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def default_image() -> bytes:
    """The own set's first banner (own_000_1200x628: a headline, a sub-line, a button and
    a logo on a radial gradient): read from bench/data/own when gen.py wrote it there,
    else drawn here by the same generator (same seed, same pixels). A plain gradient
    would leave the text detector, the mattes and the layout search nothing to do."""
    own = sorted((HERE / "data" / "own").glob("own_000_*.png"))
    if own:
        return own[0].read_bytes()
    sys.path.insert(0, str(HERE))
    import gen  # bench/gen.py

    size, kind = gen.plan(1, 7)[0]
    banner, _ = gen.make_banner(0, 7, size, kind)
    buf = io.BytesIO()
    banner.canvas.convert("RGB").save(buf, "PNG", optimize=False)
    return buf.getvalue()


def floor_pillow(data: bytes, fmt: str) -> None:
    im = Image.open(io.BytesIO(data)).convert("RGB")
    for w, h in SIZES:
        s = max(w / im.width, h / im.height)
        big = im.resize((max(w, round(im.width * s)), max(h, round(im.height * s))), Image.LANCZOS)
        x, y = (big.width - w) // 2, (big.height - h) // 2
        buf = io.BytesIO()
        big.crop((x, y, x + w, y + h)).save(
            buf, "JPEG" if fmt == "jpeg" else "PNG", **({"quality": 90} if fmt == "jpeg" else {})
        )


def floor_engine_enc(data: bytes, fmt: str) -> None:
    from bannerfit.engine.decode import decode_image
    from bannerfit.engine.encode import encode_image
    from bannerfit.engine.options import EngineLimits

    rgba = decode_image(data, EngineLimits())
    im = Image.fromarray(np.ascontiguousarray(rgba[..., :3]))
    for w, h in SIZES:
        s = max(w / im.width, h / im.height)
        big = im.resize((max(w, round(im.width * s)), max(h, round(im.height * s))), Image.LANCZOS)
        x, y = (big.width - w) // 2, (big.height - h) // 2
        encode_image(np.asarray(big.crop((x, y, x + w, y + h))), fmt)


def bannerfit_call(data: bytes, fmt: str) -> None:
    from bannerfit.engine import RecomposeOptions, recompose

    recompose(data, RecomposeOptions(sizes=SIZES, output_format=fmt))  # type: ignore[arg-type]


def timed(fn: Callable[[], None]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def warm(data: bytes, runs: int) -> list[dict[str, object]]:
    rows = []
    for fmt in ("jpeg", "png"):
        fns = {
            "bannerfit": bannerfit_call,
            "floor_pillow": floor_pillow,
            "floor_engine_enc": floor_engine_enc,
        }
        for fn in fns.values():  # warm-up: imports, model loading, caches
            fn(data, fmt)
        times: dict[str, list[float]] = {k: [] for k in fns}
        for _ in range(runs):  # interleaved, so noise hits every contender alike
            for k, fn in fns.items():
                times[k].append(timed(lambda fn=fn, fmt=fmt: fn(data, fmt)))
        med = {k: statistics.median(v) for k, v in times.items()}
        for k in fns:
            rows.append({"format": fmt, "what": k, "median_s": round(med[k], 4), "min_s": round(min(times[k]), 4),
                         "ratio_to_floor_pillow": round(med[k] / med["floor_pillow"], 2),
                         "ratio_to_floor_engine_enc": round(med[k] / med["floor_engine_enc"], 2)})  # fmt: skip
    return rows


def cold_cli(data: bytes) -> float | None:
    exe = shutil.which("bannerfit") or str(Path(sys.executable).parent / "bannerfit")
    if not Path(exe).exists():
        return None
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "banner.png"
        src.write_bytes(data)
        t = time.perf_counter()
        p = subprocess.run([exe, "resize", str(src), "--size", "1080x1080", "--out", str(Path(d) / "out"), "--quiet"],
                           capture_output=True, text=True, timeout=600)  # fmt: skip
        dt = time.perf_counter() - t
        if p.returncode != 0:
            print("cold CLI failed:", (p.stderr or p.stdout)[-400:], file=sys.stderr)
            return None
    return dt


_RSS_CHILD = """
import io, sys, numpy as np
from PIL import Image
from bannerfit.engine import RecomposeOptions, recompose
src = Image.open(io.BytesIO(sys.stdin.buffer.read())).convert("RGB").resize((3840, 2160), Image.LANCZOS)
buf = io.BytesIO(); src.save(buf, "PNG", compress_level=1)
recompose(buf.getvalue(), RecomposeOptions(sizes=((1080, 1080), (728, 90), (1080, 1920)), resolution="4K"))
"""


def peak_rss_4k(data: bytes) -> float | None:
    """Peak RSS (MiB) of a fresh child process recomposing a 3840x2160 banner at 4K."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run(
        [sys.executable, "-c", _RSS_CHILD], input=data, capture_output=True, timeout=600
    )
    if p.returncode != 0:
        print("4K child failed:", p.stderr.decode()[-400:], file=sys.stderr)
        return None
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(after, before) / 1024, 1)  # Linux reports KiB


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--image", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--profile", action="store_true", help="cProfile one warm call, top 25 cumulative"
    )
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--skip-rss", action="store_true")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "speed.json")
    a = ap.parse_args()
    note = pin_one_core()
    data = a.image.read_bytes() if a.image else default_image()
    w, h = Image.open(io.BytesIO(data)).size
    print(f"source {w}x{h}, sizes {', '.join(f'{x}x{y}' for x, y in SIZES)}, {a.runs} runs, {note}")

    if a.profile:
        bannerfit_call(data, "png")
        prof = cProfile.Profile()
        prof.runcall(bannerfit_call, data, "png")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        return

    rows = warm(data, a.runs)
    print(
        "\n| format | what | median s | min s | x floor_pillow | x floor_engine_enc |\n|---|---|---|---|---|---|"
    )
    for r in rows:
        print(f"| {r['format']} | {r['what']} | {r['median_s']:.3f} | {r['min_s']:.3f} | "
              f"{r['ratio_to_floor_pillow']:.2f} | {r['ratio_to_floor_engine_enc']:.2f} |")  # fmt: skip
    extra: dict[str, float | None] = {}
    if not a.skip_cli:
        extra["cold_cli_s"] = cold_cli(data)
        print(f"\ncold CLI (bannerfit resize, 1 size, fresh process): {extra['cold_cli_s']} s")
    if not a.skip_rss:
        extra["peak_rss_4k_mib"] = peak_rss_4k(data)
        print(
            f"peak RSS, 3840x2160 source at 4K, 3 sizes (child process): {extra['peak_rss_4k_mib']} MiB"
        )
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(
        json.dumps(
            {"source": f"{w}x{h}", "runs": a.runs, "pinning": note, "rows": rows, **extra}, indent=1
        )
    )


if __name__ == "__main__":
    main()
