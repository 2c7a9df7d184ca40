"""Working days on the official holiday calendar (client/flows/workdays.py).

The facts asserted are chinesecalendar's data (1.11.0), which follows the State Council notice
国务院办公厅关于2026年部分节假日安排的通知.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from client.flows import workdays
from client.flows.workdays import (HolidayCalendar, add_working_days, calendar, is_working_day,
    known_year, working_days_between)
from client.kernel.paths import resource_path

D = dt.date


def days(first: D, last: D) -> list[D]:
    return [D.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]


# --- the official calendar --------------------------------------------------------------------

def test_spring_festival_2026():
    assert all(not is_working_day(d) for d in days(D(2026, 2, 15), D(2026, 2, 23)))
    assert D(2026, 2, 14).weekday() == 5 and is_working_day(D(2026, 2, 14))  # 调休: Saturday worked
    assert D(2026, 2, 28).weekday() == 5 and is_working_day(D(2026, 2, 28))
    assert is_working_day(D(2026, 2, 13)) and is_working_day(D(2026, 2, 24))
    # started Friday 13 February: Sat 14 is the 1st working day, then 24, 25, 26, 27 February
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
    assert add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert add_working_days(D(2026, 2, 13), 6) == D(2026, 2, 28)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 27)) == 5
    assert working_days_between(D(2026, 2, 14), D(2026, 2, 23)) == 0  # the whole festival


def test_national_day_2026():
    # chinesecalendar 1.11.0: 1-7 October off, Sunday 20 September and Saturday 10 October worked;
    # Mid-Autumn is 25-27 September, apart from it
    assert all(not is_working_day(d) for d in days(D(2026, 10, 1), D(2026, 10, 7)))
    assert is_working_day(D(2026, 10, 8))
    assert D(2026, 9, 20).weekday() == 6 and is_working_day(D(2026, 9, 20))
    assert D(2026, 10, 10).weekday() == 5 and is_working_day(D(2026, 10, 10))
    assert not is_working_day(D(2026, 9, 25))  # a Friday: Mid-Autumn
    assert add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert working_days_between(D(2026, 9, 24), D(2026, 10, 12)) == 7  # 28,29,30 Sep; 8,9,10,12 Oct


def test_agrees_with_the_package_on_every_day_it_knows():
    for d in days(D(2004, 1, 1), D(2026, 12, 31)):
        assert is_working_day(d) == chinese_calendar.is_workday(d), d


def test_known_years_and_the_monday_to_friday_fallback():
    assert all(known_year(y) for y in range(2004, 2027))
    assert not known_year(2003) and not known_year(2027)
    with pytest.raises(NotImplementedError):  # why the fallback exists
        chinese_calendar.is_workday(D(2027, 1, 4))
    # 2027 (not yet published): Monday to Friday, so 1 January 2027, a Friday, counts as worked
    assert [is_working_day(d) for d in days(D(2027, 1, 1), D(2027, 1, 7))] == [
        True, False, False, True, True, True, True]
    assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert add_working_days(D(2003, 12, 31), 1) == D(2004, 1, 2)  # 2004-01-01 is a holiday


def test_zero_days_and_the_edges():
    assert add_working_days(D(2026, 2, 13), 0) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 15), 0) == D(2026, 2, 24)  # a holiday: the next working day
    assert add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)  # a Saturday
    assert working_days_between(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert working_days_between(D(2026, 3, 10), D(2026, 3, 9)) == 0
    assert working_days_between(D(2025, 12, 31), D(2027, 1, 1)) == (
        sum(chinese_calendar.is_workday(d) for d in days(D(2026, 1, 1), D(2026, 12, 31))) + 1)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 9), -1)


# --- the override file ------------------------------------------------------------------------

def test_the_shipped_override_file_is_documented_and_empty_for_now():
    path = resource_path("holidays.json")
    assert workdays.default_override_path() == path
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"note", "holidays", "workdays"}
    assert data["holidays"] == [] and data["workdays"] == []  # 2027 not yet published


def write(tmp_path, **lists) -> str:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"note": "test", **lists}), encoding="utf-8")
    return str(path)


def test_an_override_wins_over_the_package(tmp_path):
    cal = calendar(write(tmp_path, holidays=["2026-02-24", "2027-01-01"], workdays=["2026-02-21", "2027-02-06"]))
    assert not cal.is_working_day(D(2026, 2, 24))  # the package says worked
    assert cal.is_working_day(D(2026, 2, 21))  # the package says Spring Festival
    # Sat 14, Sat 21, then 25, 26, 27 February
    assert cal.add_working_days(D(2026, 2, 13), 5) == D(2026, 2, 27)
    assert cal.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 21)
    assert cal.add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.is_working_day(D(2027, 2, 6))  # a Saturday
    assert cal.known_year(2027)  # the file gives 2027
    assert not cal.known_year(2028)
    # the default calendar is untouched
    assert is_working_day(D(2026, 2, 24)) and not known_year(2027)


def test_override_file_problems(tmp_path):
    assert calendar(tmp_path / "missing.json").is_working_day(D(2026, 2, 24))  # nothing to override
    with pytest.raises(ValueError, match="both a holiday and a working day: 2027-01-01"):
        HolidayCalendar.from_file(write(tmp_path, holidays=["2027-01-01"], workdays=["2027-01-01"]))
    with pytest.raises(ValueError, match="not a YYYY-MM-DD date"):
        HolidayCalendar.from_file(write(tmp_path, holidays=["2027/01/01"]))
    with pytest.raises(ValueError, match="must be a list"):
        HolidayCalendar.from_file(write(tmp_path, workdays="2027-01-01"))


# --- properties -----------------------------------------------------------------------------

def _calendars():
    overridden = HolidayCalendar(frozenset({D(2026, 2, 24), D(2027, 5, 3)}), frozenset({D(2026, 2, 21), D(2027, 5, 8)}))
    return st.sampled_from([calendar(), overridden])


dates = st.dates(min_value=D(2002, 1, 1), max_value=D(2029, 12, 31))


def naive_add(cal, start, n):
    day = start
    if n == 0:
        while not cal.is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    while n:
        day += dt.timedelta(days=1)
        n -= cal.is_working_day(day)
    return day


@settings(max_examples=300)
@given(_calendars(), dates, st.integers(0, 600))
def test_deadlines(cal, start, n):
    deadline = cal.add_working_days(start, n)
    assert cal.is_working_day(deadline)
    assert deadline >= start
    if n >= 1:
        assert deadline > start
        assert cal.working_days_between(start, deadline) == n
        assert cal.working_days_between(start, deadline - dt.timedelta(days=1)) == n - 1
    later = cal.add_working_days(start, n + 1)
    if n == 0 and not cal.is_working_day(start):
        assert later == deadline  # from a day off, "0 days" is already the next working day
    else:
        assert later > deadline
        assert cal.working_days_between(deadline, later) == 1


@settings(max_examples=150)
@given(_calendars(), dates, st.integers(0, 40))
def test_agrees_with_counting_day_by_day(cal, start, n):
    assert cal.add_working_days(start, n) == naive_add(cal, start, n)
    end = start + dt.timedelta(days=n)
    assert cal.working_days_between(start, end) == sum(
        cal.is_working_day(start + dt.timedelta(days=i)) for i in range(1, n + 1))


@settings(max_examples=200)
@given(_calendars(), dates, dates)
def test_between_splits_at_any_day(cal, start, end):
    middle = D.fromordinal((start.toordinal() + end.toordinal()) // 2)
    low, high = min(start, end), max(start, end)
    middle = min(max(middle, low), high)
    assert cal.working_days_between(low, high) == (
        cal.working_days_between(low, middle) + cal.working_days_between(middle, high))
    assert cal.working_days_between(high, low) == 0


# --- speed ------------------------------------------------------------------------------------

def test_a_hundred_thousand_calls_are_cheap():
    sample = [D(2025, 1, 1) + dt.timedelta(days=i % 1100) for i in range(100_000)]
    for d in sample[:1100]:
        is_working_day(d)  # the years are built once, on first use
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for d in sample:
            is_working_day(d)
        best = min(best, time.perf_counter() - started)
    assert best < 0.1
