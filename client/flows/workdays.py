"""Working days on the official Chinese holiday calendar: flow deadlines and how late a step is.

The State Council publishes each year's arrangement (放假安排) in November or December: the
holidays, and the weekend days worked in exchange (调休). The `chinesecalendar` package carries
the published years; `resources/holidays.json` carries what it does not know yet (a year
published after the package was released) or corrections, and wins over the package. A year
known to neither is counted Monday to Friday, and `known_year` says so, so a screen can warn that
a deadline in that year may move.

All days are Beijing calendar days (`datetime.date`); nothing here reads a clock.

The override file:

    {
      "note": "...",
      "holidays": ["2027-01-01", ...],   # days off, whatever the weekday
      "workdays": ["2027-02-06", ...]    # days worked, whatever the weekday (调休)
    }

A year counts as known when the package knows it or the file names a day in it, so the file
must give a year's whole arrangement, not part of it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
from array import array
from pathlib import Path

import chinese_calendar

from client.kernel.paths import resource_path

OVERRIDE_FILE = "holidays.json"


def default_override_path() -> Path:
    return resource_path(OVERRIDE_FILE)


class _Year:
    """One year's working days: a flag per day and the running count, for O(1) and O(log) answers."""

    __slots__ = ("first_ordinal", "flags", "running", "total", "known")

    def __init__(self, year: int, holidays: frozenset[dt.date], workdays: frozenset[dt.date]):
        first = dt.date(year, 1, 1)
        self.first_ordinal = first.toordinal()
        days = dt.date(year, 12, 31).toordinal() - self.first_ordinal + 1
        self.known = _package_knows(year) or any(d.year == year for d in holidays | workdays)
        flags = bytearray(days)
        for i in range(days):
            day = first + dt.timedelta(days=i)
            if day in workdays:
                flags[i] = 1
            elif day in holidays:
                flags[i] = 0
            elif _package_knows(year):
                flags[i] = chinese_calendar.is_workday(day)
            else:
                flags[i] = day.weekday() < 5
        self.flags = bytes(flags)
        # running[i]: working days from 1 January up to and including day i
        self.running = array("i", [0] * days)
        count = 0
        for i, flag in enumerate(self.flags):
            count += flag
            self.running[i] = count
        self.total = count


@functools.cache
def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:  # the package's way of saying "no data for that year"
        return False
    return True


class HolidayCalendar:
    """The working-day calendar: the package's official years, overridden by a file's days."""

    def __init__(self, holidays: frozenset[dt.date] = frozenset(), workdays: frozenset[dt.date] = frozenset()):
        both = holidays & workdays
        if both:
            raise ValueError(f"both a holiday and a working day: {sorted(both)[0].isoformat()}")
        self.holidays = holidays
        self.workdays = workdays
        self._years: dict[int, _Year] = {}

    @classmethod
    def from_file(cls, path: Path) -> HolidayCalendar:
        """The calendar with the overrides in `path`; a missing file overrides nothing."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected an object with \"holidays\" and \"workdays\" lists")
        return cls(_dates(data, "holidays", path), _dates(data, "workdays", path))

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is None:
            data = self._years[year] = _Year(year, self.holidays, self.workdays)
        return data

    def known_year(self, year: int) -> bool:
        """Whether the year's official arrangement is known (else it is counted Monday to Friday)."""
        return self._year(year).known

    def is_working_day(self, day: dt.date) -> bool:
        data = self._years.get(day.year) or self._year(day.year)
        return data.flags[day.toordinal() - data.first_ordinal] == 1

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (start not counted); for 0, start or the next working day."""
        if days < 0:
            raise ValueError(f"days must not be negative: {days}")
        if days == 0:
            if self.is_working_day(start):
                return start
            days = 1
        year = start.year
        data = self._year(year)
        target = data.running[start.toordinal() - data.first_ordinal] + days
        while target > data.total:
            target -= data.total
            year += 1
            data = self._year(year)
        index = bisect.bisect_left(data.running, target)
        return dt.date.fromordinal(data.first_ordinal + index)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; 0 when end is not after start."""
        if end <= start:
            return 0
        first = self._year(start.year)
        count = -first.running[start.toordinal() - first.first_ordinal]
        for year in range(start.year, end.year):
            count += self._year(year).total
        last = self._year(end.year)
        return count + last.running[end.toordinal() - last.first_ordinal]


def _dates(data: dict, key: str, path: Path) -> frozenset[dt.date]:
    values = data.get(key, [])
    if not isinstance(values, list):
        raise ValueError(f"{path}: \"{key}\" must be a list of YYYY-MM-DD dates")
    days = set()
    for value in values:
        try:
            days.add(dt.date.fromisoformat(value))
        except (TypeError, ValueError):
            raise ValueError(f"{path}: \"{key}\" holds {value!r}, not a YYYY-MM-DD date") from None
    return frozenset(days)


@functools.cache
def calendar(override_path: Path | str | None = None) -> HolidayCalendar:
    """The calendar with the overrides of `override_path` (default: resources/holidays.json), built once."""
    return HolidayCalendar.from_file(Path(override_path) if override_path else default_override_path())


def is_working_day(day: dt.date) -> bool:
    return calendar().is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The deadline `days` working days after `start` (start itself not counted)."""
    return calendar().add_working_days(start, days)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    return calendar().working_days_between(start, end)


def known_year(year: int) -> bool:
    """Whether `year`'s official arrangement is known; if not, its days are counted Monday to Friday."""
    return calendar().known_year(year)
