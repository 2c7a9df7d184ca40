#!/usr/bin/env bash
# Both Linux packages from one PyInstaller run (one import scan serves both bundles):
#   installer/build-all.sh [--out DIR]
# = installer/build-deb.sh and installer/build-centre-deb.sh, in about half their time together.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/common.sh

out=dist
if [ "${1:-}" = --out ]; then out="$2"; fi
started=$(date +%s)
build_bundle both >/dev/null
echo "build-all: both bundles in $(( $(date +%s) - started )) s"
bash installer/build-deb.sh --bundle build/dist/hongdun --out "$out"
bash installer/build-centre-deb.sh --bundle build/dist/hongdun-centre --out "$out"
