#!/usr/bin/env bash
# Regenerates requirements.lock: every package the program and its tests install (pyproject.toml's
# dependencies + the `test` and `build` extras + setuptools, the build backend that scripts/bootstrap.sh installs
# the project and builds pyscard with), exact versions with the sha256 of every file, one universal
# resolution for CPython >= 3.11 on any platform (markers such as `python_full_version < '3.12'`
# select per interpreter). scripts/bootstrap.sh installs exactly this file.
#   scripts/lock.sh                      after editing pyproject.toml: versions already in the lock
#                                        are kept, only new or conflicting requirements move
#   scripts/lock.sh -P sqlalchemy        also upgrade one package to its newest allowed version
#   scripts/lock.sh --upgrade            upgrade everything (then run the whole suite)
# Further arguments go to `uv pip compile`. uv is used from PATH, else installed with pip into a
# temporary venv that is removed afterwards; it is needed only here, never to install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if command -v uv >/dev/null; then
  UV=uv
else
  echo "lock: installing uv into a temporary venv"
  python3 -m venv "$tmp/uv-venv"
  "$tmp/uv-venv/bin/python" -m pip install -q uv
  UV="$tmp/uv-venv/bin/uv"
fi

# [build-system] requires (setuptools) go in through stdin ("-"): locked like everything else
"${PYTHON:-python3}" -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' |
  "$UV" pip compile pyproject.toml - \
    --extra test --extra build \
    --universal --python-version 3.11 \
    --generate-hashes \
    --custom-compile-command scripts/lock.sh \
    -o requirements.lock \
    "$@"
