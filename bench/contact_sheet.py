#!/usr/bin/env python3
"""Contact sheets: a source banner and every output size on one labelled PNG, for eyeballing.

    .venv/bin/python bench/contact_sheet.py --limit 4                  # bannerfit, own set
    .venv/bin/python bench/contact_sheet.py --resizer contain --banners own_003_1080x1920
    .venv/bin/python bench/contact_sheet.py --data /work/shared/bench/data/public --limit 2

Scores say *that* an output failed; a look says *why* (a smeared background, a cut
logo, a CTA far from its message). One sheet per banner in bench/results/sheets/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from quality import TARGETS, produce  # noqa: E402

CELL = 360  # each image is shown at most this many pixels on its long side
PAD = 16


def sheet(
    name: str, src: Image.Image, outputs: list[tuple[str, Image.Image | None]]
) -> Image.Image:
    font = ImageFont.load_default(14)
    tiles = [(f"source {src.width}x{src.height}", src), *outputs]
    cols = 4
    rows = (len(tiles) + cols - 1) // cols
    sheet = Image.new(
        "RGB", (cols * (CELL + PAD) + PAD, rows * (CELL + 2 * PAD + 4) + PAD + 24), (48, 48, 52)
    )
    d = ImageDraw.Draw(sheet)
    d.text((PAD, 6), name, fill=(255, 255, 255), font=font)
    for i, (label, im) in enumerate(tiles):
        x = PAD + (i % cols) * (CELL + PAD)
        y = 28 + (i // cols) * (CELL + 2 * PAD + 4)
        d.text((x, y), label, fill=(220, 220, 220), font=font)
        if im is None:
            d.text((x, y + 24), "no output", fill=(255, 90, 90), font=font)
            continue
        s = min(1.0, CELL / max(im.size))
        thumb = im.convert("RGB").resize(
            (max(1, round(im.width * s)), max(1, round(im.height * s))), Image.LANCZOS
        )
        sheet.paste(thumb, (x, y + 20))
        d.rectangle(
            (x - 1, y + 19, x + thumb.width, y + 20 + thumb.height), outline=(120, 120, 120)
        )
    return sheet


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", default=str(HERE / "data" / "own"))
    ap.add_argument("--resizer", default="bannerfit")
    ap.add_argument(
        "--banners", default=None, help="comma list of banner names (default: the first --limit)"
    )
    ap.add_argument("--limit", type=int, default=4)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "sheets")
    a = ap.parse_args()
    pngs = sorted(p for p in Path(a.data).glob("*.png") if p.stem.count(".") == 0)
    if a.banners:
        wanted = set(a.banners.split(","))
        pngs = [p for p in pngs if p.stem in wanted]
    else:
        pngs = pngs[: a.limit]
    a.out.mkdir(parents=True, exist_ok=True)
    for p in pngs:
        src = Image.open(p).convert("RGB")
        sizes = [s for s in TARGETS if s != src.size]
        outs = produce(a.resizer, str(p), sizes)
        tiles = []
        for (w, h), (rgb, dt, err) in outs.items():
            label = f"{w}x{h}  {dt:.2f}s" if err is None else f"{w}x{h}  ERROR"
            tiles.append(
                (label, None if rgb is None else Image.fromarray(np.ascontiguousarray(rgb)))
            )
            if err:
                print(f"{p.stem} {w}x{h}: {err.splitlines()[0]}", file=sys.stderr)
        fn = a.out / f"{p.stem}__{a.resizer}.png"
        sheet(f"{p.stem} - {a.resizer}", src, tiles).save(fn)
        print(fn)


if __name__ == "__main__":
    main()
