#!/usr/bin/env bash
# The test command: prepares the machine (scripts/bootstrap.sh), then runs pytest.
#   scripts/test.sh                  the whole suite (benchmarks excluded: scripts for tests/bench)
#   scripts/test.sh tests/unit -x    any pytest arguments
# The throwaway PostgreSQL cluster and the offscreen Qt platform are set up by the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh

export QT_QPA_PLATFORM=offscreen
if [ $# -eq 0 ]; then
  set -- -q
fi
# --ignore only affects collection: tests/bench/... named explicitly still runs.
exec .venv/bin/python -m pytest --ignore=tests/bench "$@"
