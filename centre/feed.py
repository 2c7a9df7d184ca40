"""The change log served to a workstation: what changed in its scope after its cursor, and the
first download of the whole scope, page by page (docs/sync-protocol.md, "Pull").

Every answer is limited to the device's scope (centre.scope): a workstation asks by its
enrolled device, and the centre, not the workstation, decides what that scope is.

The first download is stateless, so any centre instance serves any page: `snapshot_start`
reads the change log's last seq first, then the tables are read in primary-key pages. A row
changed after that seq may be read newer than the seq (harmless: the log brings the same
version again), and every change after the seq reaches the workstation through the log.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa

from client.kernel.models import ChangeLog, MarketEntity
from client.kernel.replication import DELETE, replicated_models
from client.kernel.wire import encode_row
from centre.scope import Scope

#: ids per IN list (Oracle allows 1000)
CHUNK = 1000
#: columns never sent to a workstation (a stolen laptop must not yield password hashes)
MASKED = {"app_user": {"password_hash": "-"}}


@dataclass(frozen=True)
class Changes:
    #: the seq of the last log row covered; the workstation's next cursor
    cursor: int
    #: log rows covered by this page (a record changed twice counts twice)
    changes: int
    #: log rows in scope still after `cursor`
    remaining: int
    rows: dict[str, list[dict]]
    gone: list[tuple[str, str]]


def changes(conn: sa.Connection, scope: Scope, after: int, limit: int) -> Changes:
    """The latest state of every record the log changed in scope after `after`, `limit` log rows."""
    log = conn.execute(sa.select(ChangeLog.seq, ChangeLog.table_name, ChangeLog.row_id, ChangeLog.change_kind)
                       .where(ChangeLog.seq > after, scope.condition())
                       .order_by(ChangeLog.seq).limit(limit)).all()
    if not log:
        return Changes(after, 0, 0, {}, [])
    latest: dict[tuple[str, str], str] = {}
    for _seq, table, row_id, kind in log:
        latest[(table, row_id)] = kind
    cursor = log[-1][0]
    remaining = conn.scalar(sa.select(sa.func.count()).select_from(ChangeLog)
                            .where(ChangeLog.seq > cursor, scope.condition())) if len(log) == limit else 0
    rows = read_rows(conn, scope, [k for k, v in latest.items() if v != DELETE], scoped=False)
    gone = [k for k, v in latest.items() if v == DELETE]
    return Changes(cursor, len(log), remaining or 0, rows, gone)


def read_rows(conn: sa.Connection, scope: Scope, keys: list[tuple[str, str]], *,
              scoped: bool = True) -> dict[str, list[dict]]:
    """The current central rows of `keys` (table, id), encoded for the wire.

    `scoped`: only those in the scope (a workstation asking for records by key, after a
    conflict or a refusal, gets nothing outside its scope); the log is in scope already.
    """
    by_table: dict[str, list[str]] = defaultdict(list)
    models = replicated_models()
    for table, row_id in keys:
        if table in models:
            by_table[table].append(row_id)
    out: dict[str, list[dict]] = {}
    for table, ids in by_table.items():
        t = models[table].__table__
        (pk,) = t.primary_key.columns
        where = [table_scope(t, scope)] if scoped else []
        found = []
        for start in range(0, len(ids), CHUNK):
            query = sa.select(t).where(pk.in_(ids[start:start + CHUNK]), *where)
            found += [_masked(table, dict(r._mapping)) for r in conn.execute(query)]
        out[table] = found
    return out


def snapshot_start(conn: sa.Connection) -> int:
    """The change log's last seq: the cursor a first download starts the log from."""
    return conn.scalar(sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))


def snapshot_page(conn: sa.Connection, scope: Scope, table: str, after: str | None, limit: int
                  ) -> tuple[list[dict], str | None]:
    """Rows of one replicated table in scope, by primary key after `after`; and the next `after`
    (None when the table is done)."""
    model = replicated_models()[table]
    t = model.__table__
    (pk,) = t.primary_key.columns
    query = sa.select(t).where(table_scope(t, scope)).order_by(pk).limit(limit)
    if after is not None:
        query = query.where(pk > after)
    rows = [dict(r._mapping) for r in conn.execute(query)]
    following = str(rows[-1][pk.name]) if len(rows) == limit else None
    return [_masked(table, r) for r in rows], following


def snapshot_tables() -> list[str]:
    return sorted(replicated_models())


def table_scope(t: sa.Table, scope: Scope):
    """The rows of table `t` that belong to `scope`."""
    if "office_code" in t.c and "district_code" in t.c and t.name not in ("office",):
        return scope.condition(t.c.office_code, t.c.district_code)
    if "entity_id" in t.c:  # history rows follow their entity
        e = MarketEntity.__table__
        return t.c.entity_id.in_(sa.select(e.c.id).where(scope.condition(e.c.office_code, e.c.district_code)))
    return sa.true()


def _masked(table: str, row: dict) -> dict:
    return encode_row({**row, **MASKED.get(table, {})})
