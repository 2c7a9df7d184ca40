#!/usr/bin/env bash
# The test command: prepares the machine (scripts/bootstrap.sh), then runs pytest.
#   scripts/test.sh                  the whole suite (benchmarks excluded: scripts for tests/bench),
#                                    tests/install in a second process beside the rest
#   scripts/test.sh tests/unit -x    any pytest arguments
# The throwaway PostgreSQL cluster and the offscreen Qt platform are set up by the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh

# vpcd's readers listen on 127.0.0.1:35963 and 35964, inside the kernel's ephemeral port range:
# one of the suite's many loopback connections (PostgreSQL, the centre) may be given such a port
# as its own while pcscd restarts, and vpcd cannot listen there any more. Reserved, it is never
# handed out (best effort: needs root, as the rest of the setup does).
if [ -w /proc/sys/net/ipv4/ip_local_reserved_ports ]; then
  reserved="$(cat /proc/sys/net/ipv4/ip_local_reserved_ports)"
  case ",$reserved," in
    *,35963-35964,*) ;;
    *) { echo "${reserved:+$reserved,}35963-35964" >/proc/sys/net/ipv4/ip_local_reserved_ports; } 2>/dev/null || true ;;
  esac
fi

export QT_QPA_PLATFORM=offscreen
if [ $# -gt 0 ]; then
  # --ignore only affects collection: tests/bench/... named explicitly still runs.
  exec .venv/bin/python -m pytest --ignore=tests/bench "$@"
fi

# The whole suite. The install tests mostly wait for the packages and the Debian root, made at
# the lowest priority (tests/install/preparation.py), and then for apt and dpkg in that root:
# they run in a second pytest beside the rest, so their minutes overlap the other tests' instead
# of following them. Their output is shown after the rest's; either failing fails the run.
install_log="$(mktemp)"
.venv/bin/python -m pytest -q -p no:cacheprovider tests/install >"$install_log" 2>&1 &
install_pid=$!
status=0
.venv/bin/python -m pytest --ignore=tests/bench --ignore=tests/install -q || status=$?
install_status=0
wait "$install_pid" || install_status=$?
echo "--- tests/install ---"
cat "$install_log"
rm -f "$install_log"
if [ "$status" -ne 0 ]; then
  exit "$status"
fi
exit "$install_status"
