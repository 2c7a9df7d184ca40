#!/usr/bin/env bash
# Runs the GUI suite N times in a row (default 20) and reports each run; stops at the first
# run that fails or crashes (a segfault shows as exit code 139 / -11, with faulthandler's
# traceback of every thread in the log). Logs: ${SOAK_DIR:-/tmp/hongdun-soak}/run-K.log.
#   scripts/soak-gui.sh 20
#   scripts/soak-gui.sh 5 -k cards      (further arguments go to pytest)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs="${1:-20}"
shift || true
dir="${SOAK_DIR:-/tmp/hongdun-soak}"
mkdir -p "$dir"
bash scripts/bootstrap.sh >/dev/null

export QT_QPA_PLATFORM=offscreen
passed=0
for k in $(seq 1 "$runs"); do
  started=$(date +%s)
  .venv/bin/python -X faulthandler -m pytest -q -p no:cacheprovider tests/gui "$@" >"$dir/run-$k.log" 2>&1
  code=$?
  summary="$(tail -n 1 "$dir/run-$k.log")"
  echo "run $k/$runs: exit $code in $(( $(date +%s) - started )) s — $summary"
  if [ "$code" -ne 0 ]; then
    echo "soak: run $k failed; log: $dir/run-$k.log" >&2
    grep -n -m 5 -E "Fatal Python error|Segmentation fault|FAILED|ERROR" "$dir/run-$k.log" >&2 || true
    echo "soak: $passed clean run(s) before the failure"
    exit 1
  fi
  passed=$((passed + 1))
done
echo "soak: $passed/$runs clean runs of the GUI suite"
