"""The workstation's local store: a SQLite file (WAL) with the central schema plus the outbox.

Created by the same Alembic migrations as the central database, so the same models,
handlers and queries run on it. Foreign keys are not enforced here: the store is a
partial replica (an office's scope), whose rows may point at records of other scopes,
and the centre — which does enforce them — is the authority.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from client.db.engine import make_engine, make_session_factory
from client.db.migrate import upgrade
from sync import local_schema


@dataclass
class LocalStore:
    path: Path
    engine: sa.Engine
    sessions: sessionmaker[Session]

    def get_state(self, key: str, default: Any = None, *, conn: sa.Connection | None = None) -> Any:
        def read(c):
            return c.scalar(sa.select(local_schema.sync_state.c.value).where(local_schema.sync_state.c.key == key))
        value = read(conn) if conn is not None else _with(self.engine, read)
        return json.loads(value) if value is not None else default

    def set_state(self, key: str, value: Any, *, conn: sa.Connection) -> None:
        t = local_schema.sync_state
        conn.execute(sa.delete(t).where(t.c.key == key))
        conn.execute(sa.insert(t).values(key=key, value=json.dumps(value, default=str)))

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
    local_schema.metadata.create_all(engine)
    return LocalStore(path, engine, make_session_factory(engine))


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
