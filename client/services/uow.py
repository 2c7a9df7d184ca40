"""The unit of work a handler runs in: one transaction on one database.

Handlers see only this object, never an engine or a URL, so the same handler runs
on the workstation's local store and on the central database.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

import uuid

from sqlalchemy import event

from client.db import sync_models
from client.db.models import AppUser, AuditEntry, Counter, EntityEvent
from client.db.types import utcnow
from client.domain.roles import Principal, parse_roles
from client.services.errors import NotFound, PermissionDenied, VersionConflict

GENESIS_HASH = "0" * 64

CENTRAL, LOCAL = "central", "local"
#: ids of records a command creates are derived from its op_id, so the local run and the
#: central run of the same command create the same keys and the pulled row replaces the local one
_ID_NAMESPACE = uuid.UUID("6f1d2c3e-8a4b-4c5d-9e0f-1a2b3c4d5e6f")


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], *, clock=utcnow,
                 location: str = CENTRAL, op_id: str | None = None):
        self._session_factory = session_factory
        self.clock = clock
        self.location = location
        self.op_id = op_id
        self.session: Session
        #: what the command changed ("entities", "applications"…): screens decide to refresh
        self.changes: set[str] = set()
        #: (table, row id) -> (change kind, office, district, op_id) of replicated records touched
        self.touched: dict[tuple[str, str], tuple[str, str | None, str | None, str | None]] = {}
        self._ids_made = 0
        #: "table:id" of records whose version a command checked: it edits them, so a later
        #: command on them must wait if this one is refused (the outbox keeps these keys)
        self.version_checked: set[str] = set()

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        event.listen(self.session, "before_flush", self._before_flush)
        self.session.begin()
        return self

    @property
    def assigns_numbers(self) -> bool:
        """Only the centre gives out numbers (credit codes, 受理号…); locally they stay NULL (待分配)."""
        return self.location == CENTRAL

    # --- what the command touched (the change log, the outbox) --------------------------------

    def _before_flush(self, session: Session, _ctx, _instances) -> None:
        for obj in list(session.new):
            table = sync_models.replicated_table(obj)
            if table is None:
                continue
            if self.op_id is not None and getattr(obj, "id", "x") is None:
                obj.id = self._derived_id()
            self._touch(table, obj, sync_models.UPSERT)
        for obj in list(session.dirty):
            table = sync_models.replicated_table(obj)
            if table is not None and session.is_modified(obj):
                self._touch(table, obj, sync_models.UPSERT)
        for obj in list(session.deleted):
            table = sync_models.replicated_table(obj)
            if table is not None:
                self._touch(table, obj, sync_models.DELETE)

    def _touch(self, table: str, obj: Any, kind: str) -> None:
        office, district = sync_models.scope_of(self.session, obj)
        self.touched[(table, sync_models.row_key(obj))] = (kind, office, district, self.op_id)

    def begin_command(self, op_id: str) -> None:
        """Several commands in one transaction (a pushed batch): ids derive from each one's op_id."""
        self.op_id = op_id
        self._ids_made = 0

    def _derived_id(self) -> str:
        self._ids_made += 1
        return str(uuid.uuid5(_ID_NAMESPACE, f"{self.op_id}:{self._ids_made}"))

    def write_change_log(self) -> None:
        """Append the touched records to the change log, last thing before commit.

        The seq counter row stays locked until commit, so seq order is commit order; taking
        it last keeps the lock as short as the commit itself.
        """
        self.session.flush()
        if not self.touched:
            return
        now = self.clock()
        rows = []
        first = self._take_many("change_log", len(self.touched))
        for seq, ((table, row_id), (kind, office, district, op_id)) in enumerate(self.touched.items(), first):
            rows.append(dict(seq=seq, table_name=table, row_id=row_id, change_kind=kind,
                             office_code=office, district_code=district, op_id=op_id, changed_at=now))
        self.session.execute(sa.insert(sync_models.ChangeLog), rows)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        if self.location == CENTRAL:
            self.write_change_log()
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    # --- who acts -------------------------------------------------------------------------

    def principal(self, user_id: str) -> Principal:
        user = self.session.get(AppUser, user_id)
        if user is None or user.disabled:
            raise PermissionDenied("用户不存在或已停用")
        return Principal(
            user_id=user.id,
            username=user.username,
            full_name=user.full_name,
            roles=parse_roles(user.roles),
            office_code=user.office_code,
            district_code=user.district_code,
        )

    # --- records --------------------------------------------------------------------------

    def get(self, model: type, record_id: str, *, label: str, for_update: bool = True) -> Any:
        if for_update:
            record = self.session.get(model, record_id, with_for_update=True)
        else:
            record = self.session.get(model, record_id)
        if record is None:
            raise NotFound(f"{label}不存在（可能已被删除）")
        return record

    def check_version(self, record: Any, base_version: int | None, *, label: str) -> None:
        table = sync_models.replicated_table(record)
        if table is not None:
            self.version_checked.add(f"{table}:{sync_models.row_key(record)}")
        if base_version is not None and record.version != base_version:
            raise VersionConflict(
                f"{label}已被他人修改（您看到的是第{base_version}版，现为第{record.version}版），请刷新后重试",
                record_id=record.id,
                expected=base_version,
                actual=record.version,
            )

    # --- numbers only the centre assigns --------------------------------------------------

    def number_or_pending(self, name: str, *, start: int = 1) -> int | None:
        """The next number centrally; None locally (the screen shows 待分配 until the push)."""
        return self.next_number(name, start=start) if self.assigns_numbers else None

    def provisional_number(self, name: str) -> int:
        """A dense key a local row needs now (row_no): centrally the real next number, locally
        a negative one from a local counter, replaced when the central row is pulled."""
        if self.assigns_numbers:
            return self.next_number(name)
        return -self._take(f"local:{name}", 1)

    def next_number(self, name: str, *, start: int = 1) -> int:
        """Take the next value of a named counter with its row locked until commit."""
        if not self.assigns_numbers and name != "audit_log":
            raise RuntimeError(f"编号“{name}”只能由中心分配，离线时请使用 number_or_pending")
        return self._take(name, start)

    def _take(self, name: str, start: int) -> int:
        return self._take_many(name, 1, start=start)

    def _take_many(self, name: str, count: int, *, start: int = 1) -> int:
        """Reserve `count` consecutive values; returns the first."""
        row = self.session.get(Counter, name, with_for_update=True)
        if row is None:
            row = Counter(name=name, value=start - 1)
            self.session.add(row)
            self.session.flush()
        first = row.value + 1
        row.value += count
        self.session.flush()
        return first

    # --- history and audit ----------------------------------------------------------------

    def record_event(self, *, entity_id: str, kind: str, summary: str, actor_id: str | None,
                     application_id: str | None = None, details: dict | None = None) -> None:
        self.session.add(EntityEvent(
            entity_id=entity_id, kind=kind, summary=summary, actor_id=actor_id,
            application_id=application_id, details=details, occurred_at=self.clock(),
        ))

    def audit(self, *, action: str, user_id: str | None, office_code: str | None,
              op_id: str | None = None, subject_id: str | None = None,
              details: dict | None = None) -> AuditEntry:
        """Append to the hash chain. The counter row lock serialises appenders."""
        seq = self.next_number("audit_log")
        prev = self.session.scalar(sa.select(AuditEntry.entry_hash).where(AuditEntry.seq == seq - 1))
        entry = AuditEntry(
            seq=seq, logged_at=self.clock(), user_id=user_id, office_code=office_code,
            op_id=op_id, action=action, subject_id=subject_id, details=details,
            prev_hash=prev or GENESIS_HASH, entry_hash="",
        )
        entry.entry_hash = audit_hash(entry)
        self.session.add(entry)
        return entry


def audit_hash(entry: AuditEntry) -> str:
    logged_at = entry.logged_at
    if logged_at.tzinfo is None:
        logged_at = logged_at.replace(tzinfo=dt.timezone.utc)
    canonical = json.dumps(
        [entry.seq, logged_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
         entry.user_id, entry.office_code, entry.op_id, entry.action, entry.subject_id,
         entry.details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256((entry.prev_hash + canonical).encode("utf-8")).hexdigest()


def verify_audit_chain(session: Session) -> tuple[bool, int, str]:
    """Walk the chain; returns (ok, entries checked, message)."""
    prev = GENESIS_HASH
    expected_seq = None
    count = 0
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        if expected_seq is not None and entry.seq != expected_seq:
            return False, count, f"审计日志缺少第{expected_seq}条"
        if entry.prev_hash != prev or audit_hash(entry) != entry.entry_hash:
            return False, count, f"审计日志第{entry.seq}条被篡改"
        prev = entry.entry_hash
        expected_seq = entry.seq + 1
        count += 1
    return True, count, f"审计日志完整，共{count}条"
