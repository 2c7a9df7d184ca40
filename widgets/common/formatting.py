"""How values read on screen: dates YYYY-MM-DD, times in Beijing time, capital in 万元, names
of codes, numbers the centre has not given yet.

Kept apart from the widgets so every table and pane shows a value the same way.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from client.kernel import reference
from client.kernel.amounts import format_amount
from client.kernel.clock import CHINA_TZ
from client.kernel.lifecycle import EntityState


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def datetime_text(value: dt.datetime | None) -> str:
    """Beijing time, whatever the workstation's zone says."""
    if value is None:
        return ""
    if value.tzinfo is None:  # the database hands back UTC without a zone on SQLite
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def capital_text(value: Decimal | str | None) -> str:
    """万元 with thousands separators and no trailing zeros: 1,000 / 12.5."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value))
    whole, _, frac = format_amount(amount).partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def wan_text(value: Decimal | str | None) -> str:
    """An amount with its unit, for panes that show it next to other values."""
    text = capital_text(value)
    return QCoreApplication.translate("Formatting", "%1 (10k yuan)").replace("%1", text) if text else ""


def long_term_text() -> str:
    return QCoreApplication.translate("Formatting", "Long-term")


def _reference_name(lookup, code: str | None, attribute: str = "name") -> str:
    """A reference-data name for a stored code; an unknown code shows as itself."""
    if not code:
        return ""
    try:
        return getattr(lookup(code), attribute)
    except KeyError:
        return code


def kind_name(code: str | None) -> str:
    return _reference_name(reference.entity_kind, code)


def office_name(code: str | None) -> str:
    return _reference_name(reference.office, code)


def district_name(code: str | None) -> str:
    return _reference_name(reference.district, code, "bureau_name")


def state_text(code: str | None, abnormal: bool = False) -> str:
    label = EntityState.label_of(code)
    if abnormal:
        label += QCoreApplication.translate("Formatting", " (abnormal list)")
    return label


def plain(value) -> str:
    """Any stored value as the text a form field holds."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def number_text(number: str | None) -> str:
    """A number only the centre gives (受理号, credit code): 待分配 until the push brings it back."""
    return number or QCoreApplication.translate("Inspections", "Pending")
