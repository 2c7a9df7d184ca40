"""Rows of the central tables as JSON and back: how the change log's rows travel to a workstation.

Encoding goes by the value (dates and times as ISO 8601, Decimal as a string, so no amount
loses a fen; bytes as base64); decoding goes by the column's type, so a workstation turns a
row back into exactly the Python values the centre read. JSON columns travel as JSON.
"""
from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

import sqlalchemy as sa

from client.kernel.types import JsonText, UtcDateTime


def encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot send {type(value).__name__}")


def encode_row(row: dict) -> dict:
    return {k: encode(v) for k, v in row.items()}


def decode_row(table: sa.Table, row: dict) -> dict:
    """The row as the table's Python values; unknown columns are dropped (a newer centre may
    send columns an older workstation does not have yet)."""
    decoders = _decoders(table)
    return {k: (None if v is None else decoders[k](v)) for k, v in row.items() if k in decoders}


@lru_cache(maxsize=None)
def _decoders(table: sa.Table) -> dict[str, Callable[[Any], Any]]:
    return {c.name: _decoder(c.type) for c in table.columns}


def _decoder(type_: sa.types.TypeEngine) -> Callable[[Any], Any]:
    if isinstance(type_, JsonText):
        return _same
    if isinstance(type_, UtcDateTime):
        return _datetime
    impl = getattr(type_, "impl", type_)
    impl = impl if isinstance(impl, sa.types.TypeEngine) else impl()
    if isinstance(impl, sa.DateTime):
        return _datetime
    if isinstance(impl, sa.Date):
        return dt.date.fromisoformat
    if isinstance(impl, sa.LargeBinary):
        return base64.b64decode
    if isinstance(impl, sa.Numeric) and getattr(impl, "asdecimal", False):
        return Decimal
    return _same


def _same(value: Any) -> Any:
    return value


def _datetime(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def query_type(annotation: Any) -> Any:
    """The type a query's parameter or answer travels as: bytes (a PDF, a photo) as base64, so a
    binary value survives JSON; everything else as pydantic sends it."""
    if annotation is bytes:
        from pydantic import Base64Bytes

        return Base64Bytes
    return annotation
