"""Engines and sessions for the central database (SQLite, PostgreSQL or Oracle)."""
from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str | sa.URL, **kwargs: Any) -> sa.Engine:
    url = sa.make_url(url)
    if url.get_backend_name() == "sqlite":
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
        engine = sa.create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    if url.get_backend_name() == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
        # No JIT: the centre's statements are short lists and counts whose cost estimates cross
        # PostgreSQL's JIT thresholds, and compiling them took longer than running them (a
        # district's list of 100,000 documents: 435 of 499 ms; 79 ms without, tests/bench/
        # bench_documents.py). PostgreSQL's own advice for OLTP loads.
        options = kwargs.setdefault("connect_args", {}).get("options", "")
        kwargs["connect_args"]["options"] = f"{options} -c jit=off".strip()
    if url.get_backend_name() == "oracle":
        kwargs.setdefault("pool_pre_ping", True)
    return sa.create_engine(url, **kwargs)


def _sqlite_on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # WAL: readers (the GUI's lists) never wait for the writer. NORMAL is durable
    # across application crashes in WAL mode; only a power cut may lose the last commit.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA cache_size=-65536")  # 64 MB page cache: the 3M-row register
    cur.close()


def make_session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def dialect_name(engine_or_session: sa.Engine | Session) -> str:
    bind = engine_or_session.get_bind() if isinstance(engine_or_session, Session) else engine_or_session
    return bind.dialect.name
