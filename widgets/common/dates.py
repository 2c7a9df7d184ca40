"""Dates between Qt's editors and the services, and "today" as Guangzhou sees it.

Never QDate.currentDate(): that is the machine's date, which differs from Beijing's for eight
hours a day on a machine set to UTC, and the services count by Beijing dates
(client.kernel.clock)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTimeZone

from client.kernel import clock

#: Beijing time for Qt's date-time editors
BEIJING = QTimeZone(8 * 3600)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def today() -> QDate:
    """Today in Beijing."""
    return to_qdate(clock.beijing_today())


def now() -> QDateTime:
    """Now, in Beijing time (for editors and the status bar clock)."""
    return QDateTime.fromMSecsSinceEpoch(int(clock.utcnow().timestamp() * 1000), BEIJING)
