"""The pull: what changed in the device's scope after the cursor, from the centre; upserted locally.

The rows and the new cursor commit in one local transaction, so a pull interrupted at
any point is simply done again. A first pull (cursor 0) downloads the scope's tables
whole, page by page (centre.feed: the log's last seq is read first, so every change after
it comes by the log), and only then sets the cursor.

A record with a pending local command is not overwritten: the local version already has
the command on top; it is refreshed by the change the push of that command logs.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from client.kernel import name_index as register_index
from client.kernel.clock import utcnow
from client.kernel.models import MarketEntity
from client.kernel.replication import replicated_models
from client.kernel.wire import decode_row
from sync import local_schema
from sync.local_store import LocalStore

CHUNK = 1000

Progress = Callable[[int, int], None]


class Feed(Protocol):
    """The centre's change log and first download (sync.remote.RemoteFeed)."""

    def changes(self, after: int, limit: int) -> dict: ...

    def snapshot(self) -> dict: ...

    def snapshot_page(self, table: str, after: str | None, limit: int) -> dict: ...

    def records(self, keys: list[str]) -> dict[str, list[dict]]: ...


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
    def __init__(self, store: LocalStore, feed: Feed, *, page: int = 20_000):
        self.store = store
        self.feed = feed
        self.page = page

    def pull(self, progress: Progress | None = None) -> PullReport:
        report = PullReport(cursor=self.store.get_state("cursor", 0))
        if report.cursor == 0 and self.store.get_state("snapshot_done") is None:
            self._first_download(report, progress)
        while True:
            page = self.feed.changes(report.cursor, self.page)
            if not page["changes"]:
                break
            rows = {table: found for table, found in page["rows"].items()}
            gone = [(t, i) for t, i in page["gone"]]
            self._apply(rows, gone, page["cursor"], report)
            report.changes += page["changes"]
            if progress:
                progress(report.changes, report.changes + page["remaining"])
            if not page["remaining"]:
                break
        now = utcnow()
        if report.upserted or report.deleted:  # (the first download above all)
            self.store.refresh_statistics(now)
        with self.store.begin() as conn:
            self.store.set_state("last_sync_at", now.isoformat(), conn=conn)
        return report

    def refresh(self, keys: list[str]) -> PullReport:
        """Bring the named records ("table:id") to their central state now — after a refused
        command is discarded, its local effect goes and the central version comes back."""
        report = PullReport(cursor=self.store.get_state("cursor", 0))
        pairs = [tuple(k.split(":", 1)) for k in keys]
        pairs = [(t, i) for t, i in pairs if t in replicated_models()]
        rows = self.feed.records([f"{t}:{i}" for t, i in pairs])
        present = {(t, str(r[replicated_models()[t].__table__.primary_key.columns[0].name]))
                   for t, found in rows.items() for r in found}
        gone = [p for p in pairs if p not in present]
        self._apply(rows, gone, report.cursor, report)
        return report

    def _first_download(self, report: PullReport, progress: Progress | None) -> None:
        """The whole scope, table by table in pages; the cursor as the centre gave it first."""
        start = self.feed.snapshot()
        for table in start["tables"]:
            after = None
            while True:
                page = self.feed.snapshot_page(table, after, self.page)
                if page["rows"]:
                    self._apply({table: page["rows"]}, [], 0, report)
                    if progress:
                        progress(report.upserted, report.upserted)
                after = page["next"]
                if after is None:
                    break
        with self.store.begin() as conn:
            self.store.set_state("cursor", start["cursor"], conn=conn)
            self.store.set_state("snapshot_done", True, conn=conn)
        report.cursor = start["cursor"]

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
                values = [decode_row(t, r) for r in found if f"{table}:{r[pk.name]}" not in held]
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
