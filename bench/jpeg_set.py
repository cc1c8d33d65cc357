"""Copy a generated banner set with every source re-encoded as a JPEG.

    .venv/bin/python bench/jpeg_set.py --data DIR --out DIR_JPEG [--quality 85]
    .venv/bin/python bench/quality.py --data DIR_JPEG --resizers bannerfit --name own_jpeg

Most ads arrive as JPEGs, whose ringing and chroma subsampling the generator's PNGs do
not have. The sources are written under their ``NAME.png`` names (bannerfit and the
scorers tell formats by content, not by name), so ``bench/quality.py`` scores the same
ground truth (json, masks: copied unchanged) against JPEG inputs.
"""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

from PIL import Image


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", required=True, help="folder of NAME.png + NAME.json (+ masks)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quality", type=int, default=85)
    a = ap.parse_args()
    src, out = Path(a.data), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    for j in sorted(src.glob("*.json")):
        for f in src.glob(j.stem + ".*"):
            shutil.copyfile(f, out / f.name)  # the json and the masks (NAME.logo.png ...)
        buf = io.BytesIO()
        Image.open(j.with_suffix(".png")).convert("RGB").save(buf, "JPEG", quality=a.quality)
        (out / f"{j.stem}.png").write_bytes(buf.getvalue())
        n += 1
    print(f"{n} banners as JPEG (quality {a.quality}) in {out}")


if __name__ == "__main__":
    main()
