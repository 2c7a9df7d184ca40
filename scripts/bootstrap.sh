#!/usr/bin/env bash
# Prepares a machine to run the program and its tests (shared by the README's commands):
# Debian packages, .venv with python3 >= 3.11, exactly the packages of requirements.lock (every
# file checked against its sha256; scripts/lock.sh regenerates the lock), the project editable.
# The venv is made equal to the lock: other versions are replaced, packages the lock does not list
# are removed. Idempotent and quick when nothing changed: the install is skipped while
# requirements.lock and pyproject.toml have the sha256 recorded in .venv/.lock.sha256 by the last
# successful install.
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

stamp=.venv/.lock.sha256
want="$(sha256sum requirements.lock pyproject.toml)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "bootstrap: installing requirements.lock"
  rm -f "$stamp" .venv/.pyproject.sha256
  pip=(.venv/bin/python -m pip --disable-pip-version-check)
  # The build backend first, from the lock: pyscard (no Linux wheel: built from its sdist with the
  # system's swig and gcc) and the project are built with it, without build isolation, so no
  # unlocked build requirement is downloaded.
  backend="$(mktemp)"
  trap 'rm -f "$backend"' EXIT
  awk '/^[A-Za-z]/ { keep = /^setuptools==/ } keep' requirements.lock >"$backend"
  "${pip[@]}" install -q --require-hashes --no-deps --only-binary :all: -r "$backend"
  # Everything else as locked; wheels only, except pyscard.
  "${pip[@]}" install -q --require-hashes --no-deps --no-build-isolation \
    --only-binary :all: --no-binary pyscard -r requirements.lock
  "${pip[@]}" install -q --no-deps --no-build-isolation -e .
  # Like pip-sync: remove what the lock does not list for this interpreter, then check that every
  # locked package is installed at its locked version.
  .venv/bin/python - <<'EOF'
import re
import subprocess
import sys
from importlib.metadata import distributions

from pip._vendor.packaging.markers import Marker
from pip._vendor.packaging.utils import canonicalize_name

locked = {}
for line in open("requirements.lock", encoding="utf-8"):
    m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)(?:\s*;\s*([^\\]+))?", line)
    if m and (m[3] is None or Marker(m[3].strip()).evaluate()):
        locked[canonicalize_name(m[1])] = m[2]
installed = {canonicalize_name(d.metadata["Name"]): d.version for d in distributions() if d.metadata["Name"]}
keep = {"pip", "setuptools", "wheel", "hongdun-workbench"}
extra = sorted(set(installed) - set(locked) - keep)
if extra:
    print("bootstrap: removing packages requirements.lock does not list:", *extra)
    subprocess.run([sys.executable, "-m", "pip", "uninstall", "-q", "-y", *extra], check=True)
wrong = [f"{n} {installed.get(n, 'missing')} (locked {v})" for n, v in locked.items() if installed.get(n) != v]
if wrong:
    sys.exit("bootstrap: the venv differs from requirements.lock: " + ", ".join(wrong))
EOF
  "${pip[@]}" check -q
  echo "$want" >"$stamp"
fi
