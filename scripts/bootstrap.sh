#!/usr/bin/env bash
# Prepares a machine to run the program and its tests (shared by the README's commands):
# Debian packages, .venv with python3 >= 3.11, `pip install -e '.[test]'`.
# Idempotent and quick when nothing changed: the install is skipped while pyproject.toml has
# the sha256 recorded in .venv/.pyproject.sha256 by the last successful install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-system-packages.sh

py_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; }

PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null && py_ok "$candidate"; then
      PYTHON="$candidate"
      break
    fi
  done
fi
if [ -z "$PYTHON" ] || ! py_ok "$PYTHON"; then
  found="$("${PYTHON:-python3}" -V 2>/dev/null || echo "no usable ${PYTHON:-python3}")"
  echo "bootstrap: Python >= 3.11 is required (found: $found). Install python3.11+ or set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

# A venv that no longer runs (its python moved or was removed) or is too old is made anew.
if [ -e .venv ] && ! py_ok .venv/bin/python; then
  echo "bootstrap: .venv is unusable, recreating it"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv with $("$PYTHON" -V 2>&1)"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.pyproject.sha256
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "bootstrap: pip install -e '.[test]'"
  rm -f "$stamp"
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" >"$stamp"
fi
