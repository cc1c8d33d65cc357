#!/usr/bin/env bash
# Score bannerfit with the public benchmark kit (its own scorer, its own banners), writing
# results under bench/results/ in this repository (the kit's folder is shared: leave it alone).
#   bench/shared_kit.sh [KIT_DIR] [extra run.py options, e.g. --limit 4 --targets 728x90]
# Needs the kit set up (its setup.sh: .venv and data/public). Optional: the project's own
# benchmark (bench/quality.py) does not need the kit.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
KIT="${1:-/work/shared/bench}"
shift || true
OUT="$REPO/bench/results/shared_kit_bannerfit"
mkdir -p "$OUT"
cd "$KIT"
exec .venv/bin/python run.py --data data/public --name bannerfit \
  --cmd "$REPO/.venv/bin/bannerfit resize {src} --size {w}x{h} --out {outdir} --quiet" \
  --out "$OUT" "$@"
