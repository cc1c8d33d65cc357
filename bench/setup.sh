#!/usr/bin/env bash
# System packages the benchmark needs: tesseract (the scorer's OCR, which the engine does
# not use) and the fonts bench/gen.py draws with. Idempotent; run as root where apt exists:
#   sudo bench/setup.sh
# The Python side is the project's bench extra: .venv/bin/pip install -e '.[bench]'
set -euo pipefail
PKGS="tesseract-ocr tesseract-ocr-eng fonts-dejavu-core fonts-dejavu-extra fonts-liberation fontconfig"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "bench/setup.sh: all packages present ($PKGS)"
elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  echo "bench/setup.sh: installed$missing"
else
  echo "bench/setup.sh: missing$missing; run as root: apt-get install$missing" >&2
  exit 1
fi
tesseract --version 2>&1 | head -1
tesseract --list-langs 2>/dev/null | grep -qx eng || { echo "tesseract has no 'eng' data" >&2; exit 1; }
