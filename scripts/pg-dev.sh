#!/usr/bin/env bash
# A local throwaway PostgreSQL cluster for development (same code as the test fixture).
#   scripts/pg-dev.sh [start] [DIR] [PORT]   initdb on first use, start, print the SQLAlchemy URL
#   scripts/pg-dev.sh stop [DIR]
# DIR defaults to ./var/pg (ignored by git; as root it must be reachable by user postgres).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
verb="${1:-start}"
dir="${2:-var/pg}"
shift $(( $# < 2 ? $# : 2 ))
py=.venv/bin/python
[ -x "$py" ] || py=python3
exec "$py" -m tests.pgcluster "$verb" "$dir" "$@"
