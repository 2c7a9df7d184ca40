#!/usr/bin/env bash
# Set up and start Hongdun Workbench (the README's "set up and start" command):
#   bash scripts/run.sh [--url URL] [--demo-entities N]
# scripts/bootstrap.sh installs the system packages and the .venv (quick when nothing
# changed). Without a database URL the program creates a local demo database on first start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh

# The card counter needs a PC/SC reader. Without a real one, put a virtual enterprise card
# (blank, in vpcd's reader "Virtual PCD 00 00"; its content is kept under the user's data
# directory) into the reader, starting pcscd if it is not running. It stops with the program.
virtual_card_pid=""
if ! .venv/bin/python - <<'PY' 2>/dev/null
import sys
from iccard.pcsc_transport import list_readers
sys.exit(0 if any("Virtual PCD" not in r for r in list_readers()) else 1)
PY
then
  .venv/bin/python -m iccard.virtual --start-pcscd > "${TMPDIR:-/tmp}/hongdun-virtual-card.log" 2>&1 &
  virtual_card_pid=$!
  trap '[ -n "$virtual_card_pid" ] && kill "$virtual_card_pid" 2>/dev/null; wait 2>/dev/null' EXIT
  echo "run: no card reader found: a virtual card is in \"Virtual PCD 00 00\" (log: ${TMPDIR:-/tmp}/hongdun-virtual-card.log)" >&2
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if command -v xvfb-run >/dev/null; then
    # a virtual screen: the program runs (e.g. over ssh) but nothing is visible here
    echo "run: no display (\$DISPLAY and \$WAYLAND_DISPLAY are empty): starting under xvfb-run," >&2
    echo "     where the window is not visible. Run this on a desktop session to use the program." >&2
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python main.py "$@"
    exit $?
  fi
  echo "run: no display (\$DISPLAY and \$WAYLAND_DISPLAY are empty). Hongdun Workbench is a" >&2
  echo "     desktop program: run this command in a desktop session (Kylin, UOS, GNOME, KDE…)," >&2
  echo "     or install xvfb (apt-get install xvfb xauth) to start it on a virtual screen." >&2
  exit 2
fi

.venv/bin/python main.py "$@"
