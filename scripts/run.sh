#!/usr/bin/env bash
# Set up and start Hongdun Workbench (the README's "set up and start" command):
#   bash scripts/run.sh [--url URL] [--demo-entities N]
# scripts/bootstrap.sh installs the system packages and the .venv (quick when nothing
# changed). Without a database URL the program creates a local demo database on first start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  if command -v xvfb-run >/dev/null; then
    # a virtual screen: the program runs (e.g. over ssh) but nothing is visible here
    echo "run: no display (\$DISPLAY and \$WAYLAND_DISPLAY are empty): starting under xvfb-run," >&2
    echo "     where the window is not visible. Run this on a desktop session to use the program." >&2
    exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python main.py "$@"
  fi
  echo "run: no display (\$DISPLAY and \$WAYLAND_DISPLAY are empty). Hongdun Workbench is a" >&2
  echo "     desktop program: run this command in a desktop session (Kylin, UOS, GNOME, KDE…)," >&2
  echo "     or install xvfb (apt-get install xvfb xauth) to start it on a virtual screen." >&2
  exit 2
fi

exec .venv/bin/python main.py "$@"
