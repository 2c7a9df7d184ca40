"""The one clock of the program: instants in UTC, dates in Beijing.

Licences, records, receipts, statistics and "today" in every check and every screen are
dated in Beijing time, whatever time zone the machine is set to: between 16:00 and 24:00
UTC the machine's date and Beijing's differ, and an office in Guangzhou lives by the latter.

Tests move the clock with `travel_to` (it keeps ticking from the instant given), so a test
can run a screen and the services behind it at 23:30 UTC or at 00:30 Beijing time.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

#: Beijing time (China has one time zone and no daylight saving)
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "CST")

#: added to the machine's clock; non-zero only while a test travels in time
_offset = dt.timedelta(0)


def utcnow() -> dt.datetime:
    """Now, as an aware UTC instant (what every timestamp column stores)."""
    return dt.datetime.now(dt.timezone.utc) + _offset


def beijing_now() -> dt.datetime:
    return utcnow().astimezone(CHINA_TZ)


def beijing_today() -> dt.date:
    """Today's date in Guangzhou: the date every check, form and statistic means by "today"."""
    return beijing_now().date()


def beijing_date(instant: dt.datetime) -> dt.date:
    """The Beijing date of an instant (naive instants are taken as UTC, as the columns store them)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone.utc)
    return instant.astimezone(CHINA_TZ).date()


def start_of_beijing_day(day: dt.date) -> dt.datetime:
    """The UTC instant at which a Beijing date begins (for "on or after this date" in SQL)."""
    return dt.datetime.combine(day, dt.time(), CHINA_TZ).astimezone(dt.timezone.utc)


@contextlib.contextmanager
def travel_to(instant: dt.datetime) -> Iterator[None]:
    """Run the clock from `instant` (aware) for the duration of the block: tests only."""
    global _offset
    if instant.tzinfo is None:
        raise ValueError("travel_to needs an aware instant")
    saved = _offset
    _offset = instant - dt.datetime.now(dt.timezone.utc)
    try:
        yield
    finally:
        _offset = saved
