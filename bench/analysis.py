#!/usr/bin/env python3
"""Score the engine's analysis (text lines, words, elements, background) against ground truth.

    .venv/bin/python bench/analysis.py                      # own set (has line/word boxes)
    .venv/bin/python bench/analysis.py --limit 8 --json bench/results/analysis.json
    .venv/bin/python bench/analysis.py --data /work/shared/bench/data/public  # elements only

Why: a resize can only be as good as the decomposition it starts from, and output
scores mix analysis and layout errors. This isolates analysis: recall and precision of
text lines, words and elements (logo, product, cta, person, headline, ...) at IoU >= 0.5,
overall and per background kind, plus background classification accuracy.

The engine's result is read through one small adapter, ``_analysis_to_boxes``; if the
analysis API changes, only that function needs to follow.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
BoxT = tuple[float, float, float, float]  # x0, y0, x1, y1

#: ground-truth element type -> analysis kinds that count as a correct find
ACCEPT: dict[str, set[str]] = {
    "logo": {"logo"},
    "product": {"product"},
    "cta": {"cta"},
    "person": {"person"},
    "headline": {"headline", "text"},
    "subheadline": {"body", "headline", "text"},
    "small_print": {"small_print", "body", "text"},
}
#: ground-truth background type -> the engine's background kinds
BG_MAP = {
    "flat": "flat",
    "linear": "gradient",
    "radial": "gradient",
    "gradient": "gradient",
    "texture": "texture",
    "photo": "photo",
}


def _box(b: Any) -> BoxT | None:
    """Any box-like (x0/y0/x1/y1 attributes, x/y/w/h attributes, or a 4-sequence) -> xyxy."""
    if b is None:
        return None
    if all(hasattr(b, k) for k in ("x0", "y0", "x1", "y1")):
        return (float(b.x0), float(b.y0), float(b.x1), float(b.y1))
    if all(hasattr(b, k) for k in ("x", "y", "w", "h")):
        return (float(b.x), float(b.y), float(b.x + b.w), float(b.y + b.h))
    try:
        x0, y0, x1, y1 = (float(v) for v in b)
    except (TypeError, ValueError):
        return None
    return (x0, y0, x1, y1)


def _analysis_to_boxes(result: Any) -> dict[str, Any]:
    """The adapter: the engine's Analysis -> plain boxes in source pixels.

    Returns {"elements": [(kind, box)], "lines": [box], "words": [box], "faces": [box],
    "background": kind or None}. Tolerates missing attributes (empty lists).
    """
    elements, lines, words = [], [], []
    for e in getattr(result, "elements", ()) or ():
        b = _box(getattr(e, "box", None))
        if b is not None:
            elements.append((str(getattr(e, "kind", "unknown")), b))
        for ln in getattr(e, "lines", ()) or ():
            lb = _box(getattr(ln, "box", None))
            if lb is not None:
                lines.append(lb)
            for w in getattr(ln, "words", ()) or ():
                wb = _box(getattr(w, "box", w))
                if wb is not None:
                    words.append(wb)
    faces = [b for b in (_box(f) for f in getattr(result, "faces", ()) or ()) if b is not None]
    bg = getattr(getattr(result, "background", None), "kind", None)
    return {"elements": elements, "lines": lines, "words": words, "faces": faces, "background": bg}


def iou(a: BoxT, b: BoxT) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def match(gt: list[BoxT], pred: list[BoxT], thr: float = 0.5) -> int:
    """Greedy one-to-one matches at IoU >= thr, best pairs first."""
    pairs = sorted(
        ((iou(g, p), i, j) for i, g in enumerate(gt) for j, p in enumerate(pred)), reverse=True
    )
    used_g, used_p, n = set(), set(), 0
    for v, i, j in pairs:
        if v < thr:
            break
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            n += 1
    return n


def _xywh(b: list[float]) -> BoxT:
    return (b[0], b[1], b[0] + b[2], b[1] + b[3])


def gt_boxes(gt: dict[str, Any]) -> dict[str, Any]:
    elements = [
        (e["type"], _xywh(e["bbox"])) for e in gt["elements"] if e["type"] in ACCEPT and "bbox" in e
    ]
    lines = [_xywh(b) for e in gt["elements"] for b in e.get("line_boxes", [])]
    words = [_xywh(w["bbox"]) for e in gt["elements"] for w in e.get("words", [])]
    faces = [_xywh(e["bbox"]) for e in gt["elements"] if e["type"] == "face"]
    return {
        "elements": elements,
        "lines": lines,
        "words": words,
        "faces": faces,
        "background": gt.get("background", {}).get("type"),
    }


def score_one(gt: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Counts (tp, gt, pred) per class, so that sums over banners give exact rates."""
    out: dict[str, Any] = {}
    g = gt_boxes(gt)
    for key in ("lines", "words", "faces"):
        if g[key] or key != "faces":
            out[key] = (match(g[key], pred[key]), len(g[key]), len(pred[key]))
    for t, kinds in ACCEPT.items():
        gb = [b for k, b in g["elements"] if k == t]
        pb = [b for k, b in pred["elements"] if k in kinds]
        if gb:
            out[f"el:{t}"] = (match(gb, pb), len(gb), len(pb))
    # detection regardless of kind: was the thing found at all?
    out["el:any"] = (
        match([b for _, b in g["elements"]], [b for _, b in pred["elements"]]),
        len(g["elements"]),
        len(pred["elements"]),
    )
    want = BG_MAP.get(g["background"] or "")
    out["background_ok"] = (
        None if want is None or pred["background"] is None else bool(pred["background"] == want)
    )
    return out


def _rates(counts: list[tuple[int, int, int]]) -> str:
    tp, ng, npred = (sum(c[i] for c in counts) for i in range(3))
    r = f"{tp / ng:.2f}" if ng else "-"
    p = f"{tp / npred:.2f}" if npred else "-"
    return f"{r} / {p} ({ng})"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=str(HERE / "data" / "own"))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--resolution", default="1K", choices=["1K", "2K", "4K"])
    ap.add_argument("--json", type=Path, default=HERE / "results" / "analysis.json")
    a = ap.parse_args()
    try:
        from bannerfit.engine.analyze import analyze
        from bannerfit.engine.options import WORKING_LONG_SIDE
    except Exception as exc:
        sys.exit(f"the engine's analysis cannot be imported yet: {exc!r}")
    rows = []
    for j in sorted(Path(a.data).glob("*.json"))[: a.limit]:
        gt = json.loads(j.read_text())
        rgb = np.asarray(Image.open(j.with_suffix(".png")).convert("RGB"))
        t = time.perf_counter()
        try:
            pred = _analysis_to_boxes(analyze(rgb, WORKING_LONG_SIDE[a.resolution]))
            err = None
        except Exception as exc:
            pred, err = (
                {"elements": [], "lines": [], "words": [], "faces": [], "background": None},
                repr(exc),
            )
        dt = time.perf_counter() - t
        rows.append({"banner": gt["name"], "background": gt.get("background", {}).get("type"), "seconds": round(dt, 3),
                     "error": err, "scores": score_one(gt, pred), "pred_kinds": sorted(k for k, _ in pred["elements"])})  # fmt: skip
        print(f"{gt['name']}: {dt:.2f} s {'ERROR ' + err if err else ''}", file=sys.stderr)

    keys = sorted({k for r in rows for k in r["scores"] if k != "background_ok"})
    groups = ["all", *sorted({r["background"] for r in rows if r["background"]})]
    print("recall / precision (number in ground truth), IoU >= 0.5\n")
    print("| class | " + " | ".join(groups) + " |\n|---|" + "---|" * len(groups))
    for k in keys:
        cells = []
        for gname in groups:
            rs = [r for r in rows if gname == "all" or r["background"] == gname]
            cells.append(_rates([r["scores"][k] for r in rs if k in r["scores"]]))
        print(f"| {k} | " + " | ".join(cells) + " |")
    bg = [r["scores"]["background_ok"] for r in rows if r["scores"]["background_ok"] is not None]
    print(
        f"\nbackground kind correct: {sum(bg)}/{len(bg)}; mean analysis time {np.mean([r['seconds'] for r in rows]):.2f} s"
    )
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps({"data": a.data, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
