"""The workstation's local store: a SQLite file (WAL) with the central schema plus the outbox.

Created by the same Alembic migrations as the central database, so the same models,
handlers and queries run on it. Foreign keys are not enforced here: the store is a
partial replica (an office's scope), whose rows may point at records of other scopes,
and the centre — which does enforce them — is the authority.

One writer at a time: every write (a command through the local bus, the pull's rows, the
push's acknowledgements, sync state) goes through `begin()` / `write_sessions`, which hold the
store's write lock and open the transaction with BEGIN IMMEDIATE. A deferred transaction that
reads before it writes cannot take the write lock once another connection has committed in
between (SQLITE_BUSY, "database is locked", which no busy timeout waits out); one that takes
the lock at BEGIN simply waits its turn. Reads (`engine`, `sessions`) never wait for writers
(WAL).
"""
from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from client.db.engine import make_engine, make_session_factory
from client.db.migrate import upgrade
from sync import local_schema

#: the query planner's statistics (sqlite_stat1) are refreshed after a pull that changed rows,
#: at most this often
STATISTICS_EVERY = dt.timedelta(hours=1)
#: rows of each index that ANALYZE samples (SQLite's analysis_limit): milliseconds on any store
STATISTICS_SAMPLE = 1000


@dataclass
class LocalStore:
    path: Path
    #: reads (screens' queries, counts): never wait for a writer
    engine: sa.Engine
    sessions: sessionmaker[Session]
    #: writes: BEGIN IMMEDIATE, under `lock` (one writer in this process; other processes wait
    #: in SQLite's busy handler)
    write_engine: sa.Engine
    lock: threading.RLock = field(default_factory=threading.RLock)

    @property
    def write_sessions(self) -> sessionmaker[Session]:
        """Sessions for the unit of work of a command: use inside `writing()`."""
        return self._write_sessions

    def __post_init__(self) -> None:
        self._write_sessions = make_session_factory(self.write_engine)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock (a command's whole unit of work runs inside)."""
        with self.lock:
            yield

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        """A write transaction (BEGIN IMMEDIATE) under the write lock; commits on success."""
        with self.lock, self.write_engine.begin() as conn:
            yield conn

    def get_state(self, key: str, default: Any = None, *, conn: sa.Connection | None = None) -> Any:
        def read(c):
            return c.scalar(sa.select(local_schema.sync_state.c.value).where(local_schema.sync_state.c.key == key))
        value = read(conn) if conn is not None else _with(self.engine, read)
        return json.loads(value) if value is not None else default

    def set_state(self, key: str, value: Any, *, conn: sa.Connection) -> None:
        t = local_schema.sync_state
        conn.execute(sa.delete(t).where(t.c.key == key))
        conn.execute(sa.insert(t).values(key=key, value=json.dumps(value, default=str)))

    def refresh_statistics(self, now: dt.datetime) -> bool:
        """Gather the query planner's statistics (ANALYZE on a sample of each index), unless done
        within STATISTICS_EVERY. Without them SQLite chooses indexes by rule of thumb, which
        goes wrong on an office's grown tables: measured on 100,000 documents, the list's
        "overdue only" takes 79 ms without and 9 ms with, and the sampled ANALYZE 3 ms
        (157 ms unsampled). Other connections read the new statistics at their next statement
        (ANALYZE changes the schema cookie)."""
        last = self.get_state("analysed_at")
        if last and now - dt.datetime.fromisoformat(last) < STATISTICS_EVERY:
            return False
        with self.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA analysis_limit={STATISTICS_SAMPLE}")
            conn.exec_driver_sql("ANALYZE")
            self.set_state("analysed_at", now.isoformat(), conn=conn)
        return True

    def pending_count(self) -> int:
        t = local_schema.outbox
        return _with(self.engine, lambda c: c.scalar(
            sa.select(sa.func.count()).select_from(t).where(t.c.state == local_schema.PENDING)))

    def refused_count(self) -> int:
        t = local_schema.outbox
        return _with(self.engine, lambda c: c.scalar(
            sa.select(sa.func.count()).select_from(t).where(t.c.state != local_schema.PENDING)))

    def dispose(self) -> None:
        self.engine.dispose()
        self.write_engine.dispose()


def _with(engine: sa.Engine, fn):
    with engine.connect() as conn:
        return fn(conn)


def open_local_store(path: str | Path) -> LocalStore:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    fresh = not path.exists()
    if fresh or not _is_current(url):
        upgrade(url)
    engine = make_engine(url)
    event.listen(engine, "connect", _replica_pragmas)
    write_engine = make_engine(url)
    event.listen(write_engine, "connect", _replica_pragmas)
    event.listen(write_engine, "connect", _no_implicit_begin)
    event.listen(write_engine, "begin", _begin_immediate)
    local_schema.metadata.create_all(write_engine)
    _add_new_columns(write_engine)
    return LocalStore(path, engine, make_session_factory(engine), write_engine)


def _add_new_columns(engine: sa.Engine) -> None:
    """A store made by an older version gets the outbox's new columns (its old rows keep NULL
    there: the centre refuses them as unproved, and the clerk sees them among the refused)."""
    with engine.begin() as conn:
        for table, columns in local_schema.ADDED_COLUMNS.items():
            have = {row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
            for name, sql_type in columns:
                if name not in have:
                    conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
            for name in local_schema.DROPPED_COLUMNS.get(table, ()):
                if name in have:
                    conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {name}")


def _no_implicit_begin(dbapi_conn, _record) -> None:
    # pysqlite would open a deferred transaction itself before the first write; we open it
    isolation = "isolation_level"
    setattr(dbapi_conn, isolation, None)


def _begin_immediate(conn: sa.Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _is_current(url: str) -> bool:
    """Is the store at the newest migration? Read plainly: Alembic is imported only to upgrade."""
    from client.db.migrate import head_revision

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            try:
                current = conn.scalar(sa.text("SELECT version_num FROM alembic_version"))
            except sa.exc.OperationalError:
                return False
        return current == head_revision()
    finally:
        engine.dispose()


def _replica_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=OFF")
    # the outbox is the only copy of work done offline: a power cut must not take the last
    # command the clerk was told was saved (NORMAL may, in WAL mode)
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
