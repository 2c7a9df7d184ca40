"""The pull: change-log rows after the cursor, in scope; current central rows upserted locally.

The rows and the new cursor commit in one local transaction, so a pull interrupted at
any point is simply done again. A first pull (cursor 0) downloads the scope's tables
whole, in one REPEATABLE READ snapshot that also reads the change log's last seq: every
change after that snapshot is then pulled by the log.

A record with a pending local command is not overwritten: the local version already has
the command on top; it is refreshed by the change the push of that command logs.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from client.kernel import name_index as register_index
from client.kernel.clock import utcnow
from client.kernel.models import ChangeLog, MarketEntity
from client.kernel.replication import DELETE, replicated_models
from sync import local_schema
from sync.local_store import LocalStore
from sync.scope import Scope

CHUNK = 1000
#: columns never copied to a workstation (a stolen laptop must not yield password hashes)
MASKED = {"app_user": {"password_hash": "-"}}

Progress = Callable[[int, int], None]


@dataclass
class PullReport:
    changes: int = 0
    upserted: int = 0
    deleted: int = 0
    kept_local: int = 0
    cursor: int = 0
    #: the tables whose local rows the pull changed (what screens showing them must re-read)
    tables: set[str] = field(default_factory=set)


class Puller:
    def __init__(self, store: LocalStore, central: sa.Engine, scope: Scope, *, page: int = 20_000):
        self.store = store
        self.central = central
        self.scope = scope
        self.page = page

    def pull(self, progress: Progress | None = None) -> PullReport:
        report = PullReport(cursor=self.store.get_state("cursor", 0))
        if report.cursor == 0 and self.store.get_state("snapshot_done") is None:
            self._first_download(report, progress)
        while True:
            with self.central.connect() as conn:
                total = conn.scalar(sa.select(sa.func.count()).select_from(ChangeLog).where(
                    ChangeLog.seq > report.cursor, self.scope.condition()))
                if not total:
                    break
                log = conn.execute(sa.select(ChangeLog.seq, ChangeLog.table_name, ChangeLog.row_id,
                                             ChangeLog.change_kind)
                                   .where(ChangeLog.seq > report.cursor, self.scope.condition())
                                   .order_by(ChangeLog.seq).limit(self.page)).all()
                latest: dict[tuple[str, str], str] = {}
                for seq, table, row_id, kind in log:
                    latest[(table, row_id)] = kind
                rows = self._read_rows(conn, [k for k, v in latest.items() if v != DELETE])
            gone = [k for k, v in latest.items() if v == DELETE]
            self._apply(rows, gone, log[-1][0], report)
            report.changes += len(log)
            if progress:
                progress(report.changes, report.changes + total - len(log))
        with self.store.begin() as conn:
            self.store.set_state("last_sync_at", utcnow().isoformat(), conn=conn)
        return report

    def refresh(self, keys: list[str]) -> PullReport:
        """Bring the named records ("table:id") to their central state now — after a refused
        command is discarded, its local effect goes and the central version comes back."""
        report = PullReport(cursor=self.store.get_state("cursor", 0))
        pairs = [tuple(k.split(":", 1)) for k in keys]
        pairs = [(t, i) for t, i in pairs if t in replicated_models()]
        with self.central.connect() as conn:
            rows = self._read_rows(conn, pairs)
        present = {(t, str(r[replicated_models()[t].__table__.primary_key.columns[0].name]))
                   for t, found in rows.items() for r in found}
        gone = [p for p in pairs if p not in present]
        self._apply(rows, gone, report.cursor, report)
        return report

    # --- reading the centre ------------------------------------------------------------------

    def _read_rows(self, conn: sa.Connection, keys: list[tuple[str, str]]) -> dict[str, list[dict]]:
        by_table: dict[str, list[str]] = defaultdict(list)
        for table, row_id in keys:
            by_table[table].append(row_id)
        models = replicated_models()
        out: dict[str, list[dict]] = {}
        for table, ids in by_table.items():
            t = models[table].__table__
            (pk,) = t.primary_key.columns
            found = []
            for start in range(0, len(ids), CHUNK):
                found += [dict(r._mapping) for r in conn.execute(sa.select(t).where(pk.in_(ids[start:start + CHUNK])))]
            out[table] = found
            # a logged upsert whose row is gone meanwhile: its delete is further on in the log
        return out

    def _first_download(self, report: PullReport, progress: Progress | None) -> None:
        """The whole scope in one consistent snapshot, and the log's seq as of that snapshot."""
        with self.central.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                last_seq = conn.scalar(sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))
                rows = {}
                for table, model in replicated_models().items():
                    t = model.__table__
                    cond = self._table_scope(t, model)
                    rows[table] = [dict(r._mapping) for r in conn.execute(sa.select(t).where(cond))]
        self._apply(rows, [], last_seq, report)
        with self.store.begin() as conn:
            self.store.set_state("snapshot_done", True, conn=conn)
        if progress:
            progress(report.upserted, report.upserted)

    def _table_scope(self, t: sa.Table, model: type):
        if "office_code" in t.c and "district_code" in t.c and t.name not in ("office",):
            return self.scope.condition(t.c.office_code, t.c.district_code)
        if "entity_id" in t.c:  # history rows follow their entity
            from client.kernel.models import MarketEntity

            e = MarketEntity.__table__
            return t.c.entity_id.in_(sa.select(e.c.id).where(self.scope.condition(e.c.office_code, e.c.district_code)))
        return sa.true()

    # --- writing the local store -----------------------------------------------------------

    def _apply(self, rows: dict[str, list[dict]], gone: list[tuple[str, str]], cursor: int,
               report: PullReport) -> None:
        models = replicated_models()
        with self.store.begin() as conn:
            held = _records_with_pending_commands(conn)
            gone = [(t, i) for t, i in gone if f"{t}:{i}" not in held]
            # the name index follows the register's rows (register_index: SQLite's FTS table is
            # not a function of the row, so what the handlers would have told it, the pull does)
            entity_ids = [r["id"] for r in rows.get("market_entity", ())] + \
                [i for t, i in gone if t == "market_entity"]
            indexed_before = _names_of(conn, entity_ids)
            for table, found in rows.items():
                t = models[table].__table__
                (pk,) = t.primary_key.columns
                masked = MASKED.get(table, {})
                values = [{**r, **masked} for r in found if f"{table}:{r[pk.name]}" not in held]
                report.kept_local += len(found) - len(values)
                if not values:
                    continue
                # a provisional local row_no may stand in the way of the central one: the
                # central number wins, the local row with it is the same record or is refreshed
                stmt = sqlite_insert(t)
                stmt = stmt.on_conflict_do_update(
                    index_elements=[pk.name],
                    set_={c.name: stmt.excluded[c.name] for c in t.columns if c.name != pk.name})
                conn.execute(stmt, values)
                report.upserted += len(values)
                report.tables.add(table)
            for table, row_id in gone:
                t = models[table].__table__
                (pk,) = t.primary_key.columns
                report.deleted += conn.execute(sa.delete(t).where(pk == row_id)).rowcount
                report.tables.add(table)
                if table == "market_entity":  # it left this scope: its history goes with it
                    report.deleted += _delete_history(conn, models, row_id, held)
                    report.tables.update(models_of_history(models))
            indexed_after = _names_of(conn, entity_ids)
            removed = [v for k, v in indexed_before.items() if indexed_after.get(k) != v]
            added = [v for k, v in indexed_after.items() if indexed_before.get(k) != v]
            register_index.replace_names(conn, removed, added)
            self.store.set_state("cursor", cursor, conn=conn)
        report.cursor = cursor


def _names_of(conn: sa.Connection, entity_ids: list[str]) -> dict[str, tuple[int, str]]:
    """id -> (row_no, name) of the local entities among `entity_ids`."""
    e = MarketEntity.__table__
    out: dict[str, tuple[int, str]] = {}
    for start in range(0, len(entity_ids), CHUNK):
        for row in conn.execute(sa.select(e.c.id, e.c.row_no, e.c.name)
                                .where(e.c.id.in_(entity_ids[start:start + CHUNK]))):
            out[row.id] = (row.row_no, row.name)
    return out


def _delete_history(conn: sa.Connection, models: dict, entity_id: str, held: set[str]) -> int:
    """Rows that belong to an entity that left the scope (its events, applications, records)."""
    deleted = 0
    for table, model in models.items():
        t = model.__table__
        if "entity_id" not in t.c:
            continue
        (pk,) = t.primary_key.columns
        ids = [r[0] for r in conn.execute(sa.select(pk).where(t.c.entity_id == entity_id))]
        ids = [i for i in ids if f"{table}:{i}" not in held]
        if ids:
            deleted += conn.execute(sa.delete(t).where(pk.in_(ids))).rowcount
    return deleted


def _records_with_pending_commands(conn: sa.Connection) -> set[str]:
    held: set[str] = set()
    for (touched,) in conn.execute(sa.select(local_schema.outbox.c.touched)):
        held.update(json.loads(touched))
    return held


def models_of_history(models: dict[str, type]) -> set[str]:
    """Tables whose rows follow an entity (entity_id): they leave with it."""
    return {name for name, model in models.items() if "entity_id" in model.__table__.c}
