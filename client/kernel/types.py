"""Column types that behave the same on SQLite, PostgreSQL and Oracle.

Oracle stores '' as NULL; the other two do not. If we let them differ, a query
written against PostgreSQL in tests (`WHERE phone = ''`) silently means something
else in production. So every string column maps '' to NULL on the way in, on
every dialect, and code only ever tests for NULL.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from client.kernel.clock import utcnow  # noqa: F401 (re-exported: column defaults)
from client.kernel.ids import new_id  # noqa: F401 (column defaults)


class Str(TypeDecorator[str]):
    """A bounded string ('' stored as NULL). Oracle renders VARCHAR2(n CHAR)."""

    impl = sa.String
    cache_ok = True

    def __init__(self, length: int):
        if not length:
            raise ValueError("every string column needs a length (Oracle VARCHAR2)")
        super().__init__(length)

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, str) and value == "":
            return None
        return value


class Id(TypeDecorator[str]):
    """A UUID kept as its 36-character text form: one representation on all dialects."""

    impl = sa.String(36)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if isinstance(value, uuid.UUID):
            return str(value)
        return value


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An instant in UTC with fractions of a second.

    TIMESTAMP, not DateTime: the Oracle dialect renders DateTime as DATE, which has
    no fractions. Stored naive (UTC by convention), handed back aware.
    """

    impl = sa.TIMESTAMP
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, str):  # SQLite without detect_types
            value = dt.datetime.fromisoformat(value)
        return value.replace(tzinfo=dt.timezone.utc)


class JsonText(TypeDecorator[Any]):
    """JSON kept as text (CLOB on Oracle): portable, and readable by a DBA."""

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Any:
        if value is None:
            return None
        return json.loads(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def Flag(name: str) -> sa.Boolean:
    """A boolean with a named check constraint (Oracle before 23ai has no BOOLEAN)."""
    return sa.Boolean(create_constraint=True, name=name)


#: Money in 万元 with four decimals (one yuan = 0.0001 万元).
Wan = sa.Numeric(18, 4)


