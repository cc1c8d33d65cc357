#!/usr/bin/env python3
"""Quality benchmark: bannerfit and the naive baselines, same banners, same scorer, one run.

    .venv/bin/python bench/quality.py                       # own set (bench/data/own)
    .venv/bin/python bench/quality.py --limit 4 --resizers bannerfit,contain
    .venv/bin/python bench/quality.py --data /work/shared/bench/data/public --name public

Every banner goes to the ten standard targets (less its own size). Outputs are scored
from pixels only (bench/scoring.py): tesseract text recall relative to the source,
masked template matching of logo/product, content scale and pass. Prints markdown
tables and writes every row to bench/results/quality_<name>.json.

bannerfit runs in-process through ``bannerfit.engine.recompose``, one call per banner
for all sizes (analysis is shared), so its s/output is that call's time / sizes. If the
engine cannot be imported, its rows are failures with the reason, and the run goes on.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import time
import traceback
from multiprocessing import Pool
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import baselines  # noqa: E402
import numpy as np  # noqa: E402
import scoring  # noqa: E402
from PIL import Image  # noqa: E402

HERE = Path(__file__).resolve().parent
TARGETS = [(1080, 1080), (1080, 1920), (1200, 628), (300, 250), (728, 90), (160, 600),
           (320, 50), (970, 250), (300, 600), (1920, 1080)]  # fmt: skip


def _parse_size(s: str) -> tuple[int, int]:
    w, h = s.lower().split("x")
    return int(w), int(h)


# ---------------------------------------------------------------------------------------
# Producing outputs
# ---------------------------------------------------------------------------------------
def run_bannerfit(
    src_path: str, sizes: list[tuple[int, int]]
) -> tuple[dict[tuple[int, int], np.ndarray], float, str | None]:
    """All sizes in one recompose call -> ({size: rgb}, seconds per output, error)."""
    try:
        from bannerfit.engine import RecomposeOptions, recompose
    except Exception as exc:  # the engine is not there (yet)
        return {}, 0.0, f"import failed: {exc!r}"
    data = Path(src_path).read_bytes()
    t = time.perf_counter()
    try:
        outs = recompose(data, RecomposeOptions(sizes=tuple(sizes), output_format="png"))
    except Exception as exc:
        return (
            {},
            time.perf_counter() - t,
            f"{type(exc).__name__}: {exc}"[:300] + "\n" + traceback.format_exc()[-600:],
        )
    dt = (time.perf_counter() - t) / max(1, len(sizes))
    got: dict[tuple[int, int], np.ndarray] = {}
    for o in outs:
        if o.variant == 0 or (o.width, o.height) not in got:
            got[(o.width, o.height)] = np.asarray(Image.open(io.BytesIO(o.data)).convert("RGB"))
    return got, dt, None


def produce(
    resizer: str, src_path: str, sizes: list[tuple[int, int]]
) -> dict[tuple[int, int], tuple[np.ndarray | None, float, str | None]]:
    if resizer == "bannerfit":
        got, dt, err = run_bannerfit(src_path, sizes)
        return {
            s: (got.get(s), dt, err or (None if s in got else "size missing from output"))
            for s in sizes
        }
    fn = baselines.available()[resizer]
    rgb = np.asarray(Image.open(src_path).convert("RGB"))
    out = {}
    for w, h in sizes:
        t = time.perf_counter()
        try:
            out[(w, h)] = (fn(rgb, w, h), time.perf_counter() - t, None)
        except Exception as exc:
            out[(w, h)] = (None, time.perf_counter() - t, f"{type(exc).__name__}: {exc}")
    return out


# ---------------------------------------------------------------------------------------
# Workers
# ---------------------------------------------------------------------------------------
def _source_task(json_path: str) -> tuple[str, dict[str, float]]:
    return json_path, scoring.source_text(scoring.load_gt(json_path))


def _task(
    args: tuple[str, str, list[tuple[int, int]], dict[str, float], str | None],
) -> list[dict[str, Any]]:
    resizer, json_path, sizes, src_words, save_dir = args
    gt = scoring.load_gt(json_path)
    tpls = scoring.templates(gt)
    rows = []
    for (w, h), (rgb, dt, err) in produce(resizer, gt["_src"], sizes).items():
        row: dict[str, Any] = {"banner": gt["name"], "resizer": resizer, "target": f"{w}x{h}",
                               "source": f"{gt['width']}x{gt['height']}", "seconds": round(dt, 4), "error": err}  # fmt: skip
        if rgb is None:
            row.update(
                {
                    "pass": False,
                    "dims_ok": False,
                    "text_recall_rel": 0.0,
                    "elements": [],
                    "elements_ok": False,
                    "content_scale": None,
                }
            )
        else:
            img = Image.fromarray(np.ascontiguousarray(rgb))
            if save_dir:
                d = Path(save_dir) / resizer
                d.mkdir(parents=True, exist_ok=True)
                img.save(d / f"{gt['name']}__{w}x{h}.png")
            row.update(scoring.score_output(img, gt, (w, h), src_words, tpls))
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------
def _mean(xs: list[float]) -> float | None:
    xs = [x for x in xs if x is not None]
    return float(np.mean(xs)) if xs else None


def _fmt(v: float | None, pct: bool = False, nd: int = 2) -> str:
    if v is None:
        return "-"
    return f"{100 * v:.1f}%" if pct else f"{v:.{nd}f}"


def summarize(rows: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    out = []
    for r in order:
        rs = [x for x in rows if x["resizer"] == r]
        if not rs:
            continue
        els = [e for x in rs for e in x["elements"]]
        out.append({
            "resizer": r, "outputs": len(rs), "errors": sum(1 for x in rs if x["error"]),
            "pass": _mean([float(x["pass"]) for x in rs]),
            "text_recall_rel": _mean([x["text_recall_rel"] for x in rs]),
            "elements_ok": _mean([float(e["ok"]) for e in els]) if els else None,
            "content_scale": _mean([x["content_scale"] for x in rs]),
            "aspect_error": _mean([x.get("aspect_error_max") for x in rs]),
            "s_per_output": _mean([x["seconds"] for x in rs]),
        })  # fmt: skip
    return out


def tables(rows: list[dict[str, Any]], summary: list[dict[str, Any]]) -> str:
    lines = ["| resizer | outputs | pass | text_recall_rel | elements ok | content_scale | aspect err | s/output |",
             "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for s in summary:
        lines.append(f"| {s['resizer']} | {s['outputs']}{' (' + str(s['errors']) + ' errors)' if s['errors'] else ''} | "
                     f"{_fmt(s['pass'], True)} | {_fmt(s['text_recall_rel'])} | {_fmt(s['elements_ok'], True)} | "
                     f"{_fmt(s['content_scale'])} | {_fmt(s['aspect_error'], nd=3)} | {_fmt(s['s_per_output'], nd=3)} |")  # fmt: skip
    targets = sorted(
        {r["target"] for r in rows}, key=lambda t: (int(t.split("x")[0]), int(t.split("x")[1]))
    )
    lines += ["", "| resizer | " + " | ".join(targets) + " |", "|---|" + "---|" * len(targets)]
    for s in summary:
        cells = []
        for t in targets:
            rs = [x for x in rows if x["resizer"] == s["resizer"] and x["target"] == t]
            cells.append(
                f"{100 * _mean([float(x['pass']) for x in rs]):.0f}% ({len(rs)})" if rs else "-"
            )
        lines.append(f"| {s['resizer']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data", default=str(HERE / "data" / "own"), help="folder of NAME.png + NAME.json"
    )
    ap.add_argument(
        "--resizers", default="all", help="comma list: bannerfit and/or baselines; 'all'"
    )
    ap.add_argument(
        "--targets", default=None, help="comma list of WxH (default: the ten standard ones)"
    )
    ap.add_argument("--limit", type=int, default=None, help="first N banners only")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--name", default=None, help="results file suffix (default: the data folder's name)"
    )
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--save-images", default=None, help="keep every output under DIR/<resizer>/")
    ap.add_argument(
        "--report",
        type=Path,
        default=None,
        help="only print the tables of a results .json or .partial.jsonl",
    )
    a = ap.parse_args()
    if a.report:
        text = a.report.read_text()
        rows = (
            json.loads(text)["rows"]
            if a.report.suffix == ".json"
            else [json.loads(ln) for ln in text.splitlines() if ln]
        )
        order = list(dict.fromkeys(r["resizer"] for r in rows))
        print(tables(rows, summarize(rows, order)))
        return

    avail = ["bannerfit", *baselines.available()]
    resizers = avail if a.resizers == "all" else [r.strip() for r in a.resizers.split(",")]
    unknown = [r for r in resizers if r not in avail]
    if unknown:
        sys.exit(f"unknown or unavailable resizers {unknown}; available: {avail}")
    targets = [_parse_size(t) for t in a.targets.split(",")] if a.targets else TARGETS
    jsons = sorted(str(p) for p in Path(a.data).glob("*.json"))[: a.limit]
    if not jsons:
        sys.exit(f"no NAME.json in {a.data}; run bench/gen.py first")
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cache_file = out / "source_text_cache.json"
    cache = json.loads(cache_file.read_text()) if cache_file.exists() else {}

    def key(j: str) -> str:
        return hashlib.sha1(
            Path(j).with_suffix(".png").read_bytes() + Path(j).read_bytes()
        ).hexdigest()

    t0 = time.perf_counter()
    with Pool(a.workers) as pool:
        todo = [j for j in jsons if key(j) not in cache]
        for j, words in pool.imap_unordered(_source_task, todo):
            cache[key(j)] = words
        cache_file.write_text(json.dumps(cache))
        tasks = []
        for j in jsons:
            gt = json.loads(Path(j).read_text())
            sizes = [s for s in targets if s != (gt["width"], gt["height"])]
            if sizes:  # a banner already of the only size asked for has nothing to do
                tasks += [(r, j, sizes, cache[key(j)], a.save_images) for r in resizers]
        rows: list[dict[str, Any]] = []
        name = a.name or Path(a.data).name
        partial = out / f"quality_{name}.partial.jsonl"  # survives an interrupted run
        partial.write_text("")
        for i, rs in enumerate(pool.imap_unordered(_task, tasks), 1):
            rows += rs
            with partial.open("a") as fh:
                fh.writelines(json.dumps(r, default=str) + "\n" for r in rs)
            print(f"[{i}/{len(tasks)}] {rs[0]['resizer']} {rs[0]['banner']}: "
                  f"{sum(r['pass'] for r in rs)}/{len(rs)} pass", file=sys.stderr, flush=True)  # fmt: skip
    elapsed = time.perf_counter() - t0
    summary = summarize(rows, resizers)
    meta = {"data": a.data, "banners": len(jsons), "resizers": resizers, "targets": [f"{w}x{h}" for w, h in targets],
            "workers": a.workers, "elapsed_seconds": round(elapsed, 1), "argv": sys.argv[1:]}  # fmt: skip
    fn = out / f"quality_{name}.json"
    fn.write_text(
        json.dumps({"meta": meta, "summary": summary, "rows": rows}, indent=1, default=str)
    )
    print(tables(rows, summary))
    print(f"\n{len(rows)} outputs, {elapsed:.0f} s wall, {a.workers} workers; rows in {fn}")


if __name__ == "__main__":
    main()
