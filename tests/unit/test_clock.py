"""One clock: UTC instants, Beijing dates, whatever the machine's zone and hour."""
from __future__ import annotations

import datetime as dt

from client.kernel import clock
from tests.conftest import instant_at


def test_beijing_today_is_the_next_day_from_16_utc():
    late = instant_at("2330utc")
    with clock.travel_to(late):
        assert clock.beijing_today() == late.date() + dt.timedelta(days=1)
        assert clock.beijing_now().hour == 7
    with clock.travel_to(instant_at("0030beijing")):
        assert clock.beijing_today() == late.date() + dt.timedelta(days=1)
        assert clock.beijing_now().strftime("%H:%M") == "00:30"
    with clock.travel_to(instant_at("noon")):
        assert clock.beijing_today() == late.date()


def test_travel_keeps_the_clock_ticking_and_comes_back():
    before = clock.utcnow()  # (the machine's clock, or the suite's hour: tests/suite_clock.py)
    with clock.travel_to(before - dt.timedelta(days=300)):
        first = clock.utcnow()
        assert abs((first - (before - dt.timedelta(days=300))).total_seconds()) < 60
        assert clock.utcnow() >= first
    assert abs((clock.utcnow() - before).total_seconds()) < 60


def test_a_beijing_day_starts_at_16_utc_the_day_before():
    start = clock.start_of_beijing_day(dt.date(2026, 12, 7))
    assert start == dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.timezone.utc)
    assert clock.beijing_date(start) == dt.date(2026, 12, 7)
    assert clock.beijing_date(start - dt.timedelta(microseconds=1)) == dt.date(2026, 12, 6)
    assert clock.beijing_date(dt.datetime(2026, 12, 6, 16, 0)) == dt.date(2026, 12, 7)  # naive = UTC
