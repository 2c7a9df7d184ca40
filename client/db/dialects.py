"""Dialect objects for compiling DDL without a connection."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import oracle, postgresql, sqlite


def oracle19() -> sa.Dialect:
    """Oracle as production runs it: 19c, no BOOLEAN type, 30-character identifiers.

    Without a connection SQLAlchemy assumes the newest server (23ai, with BOOLEAN);
    a DBA's script must work on 19c.
    """
    d = oracle.dialect()
    d.server_version_info = (19, 0)
    d.supports_native_boolean = False
    d.max_identifier_length = 30
    # a DBA's script runs in SQL*Plus: no RETURNING … INTO bind variables
    d.insert_returning = False
    d.implicit_returning = False
    return d


def for_name(name: str) -> sa.Dialect:
    if name == "oracle":
        return oracle19()
    if name == "postgresql":
        return postgresql.psycopg.dialect()
    if name == "sqlite":
        return sqlite.dialect()
    raise ValueError(f"unknown dialect {name!r}")
