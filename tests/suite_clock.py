"""The whole suite at another hour of the day: `HONGDUN_SUITE_CLOCK=23:30 bash scripts/test.sh`.

Between 16:00 and 24:00 UTC the machine's date and Beijing's differ; a test that passes at noon
and fails then is broken. libfaketime cannot show it here (its `sleep` fails with EINVAL when the
monotonic clock is left real, and with the monotonic clock faked too the timed waits drift and
the run hangs), so this moves the program's own clock instead (`client.kernel.clock`, the only
"now" of the program), in the test process and in every Python process it starts (the centre,
the CLI, workstation children) through `tests/suite_clock_site/sitecustomize.py`: all of them
keep the same offset, so their clocks agree with one another.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

#: the hour to run at, "HH:MM" UTC of today's date
HOUR = "HONGDUN_SUITE_CLOCK"
#: the offset every process applies (set once by the first process from HOUR)
OFFSET = "HONGDUN_SUITE_CLOCK_OFFSET"
SITE = Path(__file__).with_name("suite_clock_site")


def offset() -> dt.timedelta | None:
    if os.environ.get(OFFSET):
        return dt.timedelta(seconds=float(os.environ[OFFSET]))
    if not os.environ.get(HOUR):
        return None
    hours, minutes = (int(x) for x in os.environ[HOUR].split(":"))
    now = dt.datetime.now(dt.timezone.utc)
    shift = dt.datetime.combine(now.date(), dt.time(hours, minutes), dt.timezone.utc) - now
    os.environ[OFFSET] = str(shift.total_seconds())
    return shift


def apply() -> bool:
    """Move this process's program clock (and, through PYTHONPATH, its children's)."""
    shift = offset()
    if shift is None:
        return False
    from client.kernel import clock

    clock._offset = shift
    paths = os.environ.get("PYTHONPATH", "")
    if str(SITE) not in paths.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(SITE), paths) if p)
    return True
