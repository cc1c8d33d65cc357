"""A hidden-like banner set from the public kit's own generator, for kit_eval.py.

    .venv/bin/python bench/kit_variant.py --kit ../shared/bench --out DIR [--n 36]
    .venv/bin/python bench/kit_eval.py --kit ../shared/bench --data DIR --name variant

The kit's acceptance set is drawn by the same generator with other fonts, words,
palettes, templates, logo marks and seed; the public set alone overstates how the
engine does on banners it has not seen (twenty-eighth session: 83.8% public, 64.2% on
this variant). This variant keeps the kit's generator code (imported from ``--kit``,
nothing of it copied) and changes its public configuration: another seed, the
Liberation faces (``bench/setup.sh`` installs them) with one DejaVu serif headline
face, other button words and brand names. Same arguments, same files.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

SEED = 0x5EED_2026
FONTS_HEAD = [
    "LiberationSans-Bold.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSansNarrow-Bold.ttf",
    "DejaVuSerif-Bold.ttf",
]
FONTS_BODY = [
    "LiberationSans-Regular.ttf",
    "LiberationSerif-Regular.ttf",
    "LiberationSansNarrow-Regular.ttf",
]
FONTS_CTA = ["LiberationSans-Bold.ttf", "LiberationSansNarrow-Bold.ttf"]
CTAS = [
    "Shop now",
    "Learn more",
    "Book today",
    "Get started",
    "Try it free",
    "Download",
    "Reserve",
    "Apply now",
    "Discover",
    "Order now",
]
BRANDS = [
    "Quink",
    "Orla",
    "Brivo",
    "Kasko",
    "Tessa",
    "Umbra",
    "Fjord",
    "Nimo",
    "Zeal",
    "Lumo",
    "Vanta",
    "Rivo",
]
NAME = "hidden_like"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kit", required=True, help="the public kit's folder (has gen.py)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, default=36)
    args = ap.parse_args()
    sys.path.insert(0, str(Path(args.kit).resolve()))
    import gen  # the kit's generator

    cfg = copy.deepcopy(gen.SETS["public"])
    cfg.update(
        seed=SEED,
        fonts_head=FONTS_HEAD,
        fonts_body=FONTS_BODY,
        fonts_cta=FONTS_CTA,
        ctas=CTAS,
        brands=BRANDS,
    )
    gen.SETS[NAME] = cfg
    sys.argv = ["gen.py", "--set", NAME, "--out", args.out, "--n", str(args.n)]
    gen.main()


if __name__ == "__main__":
    main()
