"""The push: outbox rows, oldest first, sent in batches to the centre; acknowledged locally after.

Order of the two commits matters: central first (effect + applied_op together), local
acknowledgement second. A crash between them leaves the row pending; the next push
sends it again and the centre answers from applied_op — the effect stays single.

A batch never holds two commands on the same record, and a record with a conflicted or
rejected command blocks the later commands on it (they wait); unrelated ones go on.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Callable, Protocol

import sqlalchemy as sa

from client.kernel.clock import utcnow
from sync import local_schema
from client.kernel.bus import APPLIED, CONFLICT
from client.kernel.bus import Outcome
from sync.local_store import LocalStore

outbox = local_schema.outbox

Progress = Callable[[int, int], None]


@dataclass
class PushReport:
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    waiting: int = 0
    results: dict[str, dict] = field(default_factory=dict)


class Applier(Protocol):
    """The centre's side of the push (sync.remote.RemoteApplier)."""

    def hello(self, device_id: str, device_now: dt.datetime) -> dict: ...

    def apply_batch(self, envelopes: list[dict]) -> list[Outcome]: ...


class Pusher:
    #: commands per central transaction: the central apply's fixed costs (lookups, commit) are
    #: spread over more commands; the records a batch touches stay locked until its commit
    #: (about half a second for 1000 on PostgreSQL)
    BATCH_SIZE = 1000

    def __init__(self, store: LocalStore, applier: Applier, *, batch_size: int = BATCH_SIZE,
                 theirs: Callable[[str], dict | None] | None = None):
        self.store = store
        self.applier = applier
        self.batch_size = batch_size
        #: reads the central record of "table:id" for a conflict's "theirs" side
        self._theirs = theirs

    def push(self, progress: Progress | None = None) -> PushReport:
        report = PushReport()
        total = self.store.pending_count()
        done = 0
        after = 0
        while True:
            batch, after, waiting = self._next_batch(after)
            report.waiting += waiting
            if not batch:
                break
            outcomes = self.applier.apply_batch([envelope(r) for r in batch])
            self._acknowledge(batch, outcomes, report)
            done += len(batch)
            if progress:
                progress(done, total)
        return report

    def _next_batch(self, after: int):
        """Pending rows after `after`: none on a blocked record, none twice on one record."""
        with self.store.engine.connect() as conn:
            blocked = set()
            for (touched,) in conn.execute(sa.select(outbox.c.touched).where(outbox.c.state != local_schema.PENDING)):
                blocked.update(json.loads(touched))
            rows = conn.execute(sa.select(outbox).where(outbox.c.state == local_schema.PENDING,
                                                       outbox.c.seq > after)
                                .order_by(outbox.c.seq).limit(self.batch_size)).all()
        batch, in_batch, waiting, last = [], set(), 0, after
        for row in rows:
            keys = set(json.loads(row.touched))
            if keys & blocked:
                waiting += 1
                blocked |= keys  # what waits blocks what comes after it on the same records
                last = row.seq
                continue
            if keys & in_batch:
                break  # the next batch takes it, after this one's outcome is known
            batch.append(row)
            in_batch |= keys
            last = row.seq
        return batch, last, waiting

    def _acknowledge(self, batch, outcomes, report: PushReport) -> None:
        with self.store.begin() as conn:
            applied = [row for row, outcome in zip(batch, outcomes) if outcome.status == APPLIED]
            if applied:
                conn.execute(sa.delete(outbox).where(outbox.c.seq == sa.bindparam("row_seq")),
                             [{"row_seq": row.seq} for row in applied])
            for row, outcome in zip(batch, outcomes):
                if outcome.status == APPLIED:
                    report.applied += 1
                    report.results[row.op_id] = outcome.result
                    continue
                theirs = None
                if outcome.status == CONFLICT and self._theirs is not None:
                    theirs = {k: self._theirs(k) for k in json.loads(row.touched)}
                    report.conflicts += 1
                else:
                    report.rejected += 1
                conn.execute(sa.update(outbox).where(outbox.c.seq == row.seq).values(
                    state=outcome.status, reason=outcome.message,
                    theirs=json.dumps(theirs, ensure_ascii=False, default=str) if theirs else None,
                    attempts=outbox.c.attempts + 1))
            self.store.set_state("last_push_at", utcnow().isoformat(), conn=conn)


def envelope(row) -> dict:
    """An outbox row as the centre takes it: the command as signed, and its two signatures."""
    return {"device_id": row.device_id, "command": json.loads(row.command),
            "user_signature": row.user_signature or "", "device_signature": row.device_signature or ""}
