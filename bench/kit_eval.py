"""Score bannerfit with the public benchmark kit's own scorer, in-process and in parallel.

    .venv/bin/python bench/kit_eval.py --kit ../shared/bench [--limit N] [--workers 2]
    .venv/bin/python bench/kit_eval.py --kit ../shared/bench --data DIR --name own  # own set
    .venv/bin/python bench/kit_eval.py --kit ../shared/bench --report bench/results/kit_own.json

The kit's ``run.py`` starts ``bannerfit resize`` once per output (9 processes per banner,
each analysing the banner again); this script calls ``bannerfit.engine.recompose`` once
per banner for all nine sizes and scores every output with the kit's ``evaluate.py``
(imported from ``--kit``: nothing of the kit is copied here). Variant 0 does not depend
on the seed, so the images are the ones the CLI writes. Prints pass rates overall, per
target size and per background kind, and writes every row to
``bench/results/kit_<name>.json``.
"""

from __future__ import annotations

import argparse
import glob
import io
import json
import os
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

TARGETS = [
    (1080, 1080),
    (1080, 1920),
    (1200, 628),
    (300, 250),
    (728, 90),
    (160, 600),
    (320, 50),
    (970, 250),
    (300, 600),
    (1920, 1080),
]


def _score_banner(job: tuple[str, str, tuple[tuple[int, int], ...]]) -> list[dict]:
    kit, src, targets = job
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    sys.path.insert(0, kit)
    import evaluate as ev  # the kit's scorer
    from PIL import Image

    from bannerfit.engine import RecomposeOptions, recompose

    gt = ev.load_gt(src[:-4] + ".json")
    sizes = tuple(t for t in targets if t != (gt["width"], gt["height"]))
    if not sizes:
        return []
    t0 = time.perf_counter()
    outs = recompose(Path(src).read_bytes(), RecomposeOptions(sizes=sizes))
    per_output = (time.perf_counter() - t0) / len(sizes)
    source_text = ev.source_text(gt)
    templates = ev.load_templates(gt)
    rows = []
    for o in outs:
        row = ev.evaluate(
            Image.open(io.BytesIO(o.data)), gt, (o.width, o.height), source_text, templates
        )
        row.update(_without_button_words(row, gt, ev))
        row.update(
            name=gt["name"],
            size=o.target_size,
            background=gt["background"]["type"],
            strategy=o.layout["strategy"],
            arrangement=o.layout["arrangement"],
            seconds=per_output,
        )
        rows.append(row)
    return rows


def _without_button_words(row: dict, gt: dict, ev) -> dict:  # type: ignore[no-untyped-def]
    """Would the output pass if its button's words were set aside?

    A diagnostic, not the kit's verdict: whether tesseract reads the words on a pill
    depends on how its one-threshold-per-channel binarisation of the whole page falls
    (the pill and its letters can land on the same side and print as one solid blob),
    so layout changes flip button words both ways. This separates those flips from
    failures the engine owns (a missed element, a headline word, a small content scale).
    The pass rule and its thresholds are the kit's (``ev`` is its evaluate module).
    """
    button = {
        ev.norm_word(w) for e in gt["elements"] if e["type"] == "cta" for w in e["text"].split()
    }
    on_button = [w for w in row["words_missing"] if w in button]
    seen = len(row["words_found"]) + len(row["words_missing"])
    lost = len(row["words_missing"]) - len(on_button)
    recall = (seen - lost) / seen if seen else 1.0
    ok = (
        bool(row["dims_ok"])
        and recall >= ev.TEXT_RECALL_PASS
        and all(e["ok"] for e in row["elements"])
        and (row["content_scale"] or 0.0) >= ev.CONTENT_SCALE_PASS
    )
    return {"button_words_missing": on_button, "pass_without_button_words": ok}


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--kit", required=True, help="the public kit's folder (has evaluate.py, data/public)"
    )
    ap.add_argument("--data", default=None, help="banner folder (default: KIT/data/public)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument(
        "--banners", default="", help="comma-separated banner names (default: every banner)"
    )
    ap.add_argument("--background", default="", help="only banners with this background kind")
    ap.add_argument(
        "--sizes", default="", help="comma-separated WxH target sizes (default: all ten)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--name", default="public")
    ap.add_argument(
        "--report", type=Path, default=None, help="only print the tables of a kit_*.json"
    )
    args = ap.parse_args()
    if args.report:
        _print_tables(json.loads(args.report.read_text()))
        return
    kit = str(Path(args.kit).resolve())
    data = args.data or os.path.join(kit, "data", "public")
    files = sorted(f for f in glob.glob(os.path.join(data, "*.png")) if f.count(".") == 1)
    if args.banners:
        names = set(args.banners.split(","))
        files = [f for f in files if Path(f).stem in names]
    if args.background:
        files = [
            f
            for f in files
            if json.loads(Path(f[:-4] + ".json").read_text())["background"]["type"]
            == args.background
        ]
    if args.limit:
        files = files[: args.limit]
    targets = (
        tuple(tuple(int(v) for v in s.split("x")) for s in args.sizes.split(","))
        if args.sizes
        else tuple(TARGETS)
    )
    rows: list[dict] = []
    jobs = [(kit, f, targets) for f in files]
    with Pool(args.workers) as pool:
        for banner_rows in pool.imap_unordered(_score_banner, jobs):
            if not banner_rows:
                continue
            rows += banner_rows
            print(
                f"{banner_rows[0]['name']}: {sum(r['pass'] for r in banner_rows)}/{len(banner_rows)} pass",
                flush=True,
            )
    out = Path(__file__).parent / "results" / f"kit_{args.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, default=str))
    _print_tables(rows)


def _print_tables(rows: list[dict]) -> None:
    by_size: dict[str, list[bool]] = defaultdict(list)
    by_bg: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        by_size[r["size"]].append(bool(r["pass"]))
        by_bg[r["background"]].append(bool(r["pass"]))

    def pct(v: list[bool]) -> str:
        return f"{100 * sum(v) / max(1, len(v)):.0f}%"

    n = len(rows)
    print(
        "\n| resizer | outputs | pass | text_recall_rel | elements ok | content_scale | s/output |"
    )
    print("|---|---|---|---|---|---|---|")
    els = [e["ok"] for r in rows for e in r["elements"]]
    cs = sorted(r["content_scale"] or 0 for r in rows)
    # None: tesseract read none of the source's words, so there is nothing to recall
    recalls = [r["text_recall_rel"] for r in rows if r["text_recall_rel"] is not None]
    print(
        f"| bannerfit | {n} | {pct([bool(r['pass']) for r in rows])} | "
        f"{sum(recalls) / max(1, len(recalls)):.2f} | {pct(els)} | "
        f"{cs[len(cs) // 2]:.2f} | {sum(r['seconds'] for r in rows) / max(1, n):.3f} |"
    )
    aside = sum(bool(r["pass_without_button_words"]) for r in rows)
    print(
        f"\nwith button words set aside (diagnostic, see _without_button_words): "
        f"{aside}/{n} = {pct([bool(r['pass_without_button_words']) for r in rows])}"
    )
    sizes = sorted(by_size, key=lambda s: tuple(int(v) for v in s.split("x")))
    print("\n| " + " | ".join(sizes) + " |\n|" + "---|" * len(sizes))
    print("| " + " | ".join(pct(by_size[s]) for s in sizes) + " |")
    print("\n| " + " | ".join(sorted(by_bg)) + " |\n|" + "---|" * len(by_bg))
    print("| " + " | ".join(pct(by_bg[b]) for b in sorted(by_bg)) + " |")


if __name__ == "__main__":
    main()
