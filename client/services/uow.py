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

from client.db.models import AppUser, AuditEntry, Counter, EntityEvent
from client.db.types import utcnow
from client.domain.roles import Principal, parse_roles
from client.services.errors import NotFound, PermissionDenied, VersionConflict

GENESIS_HASH = "0" * 64


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], *, clock=utcnow):
        self._session_factory = session_factory
        self.clock = clock
        self.session: Session
        #: what the command changed ("entities", "applications"…): screens decide to refresh
        self.changes: set[str] = set()

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        self.session.begin()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
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

    @staticmethod
    def check_version(record: Any, base_version: int | None, *, label: str) -> None:
        if base_version is not None and record.version != base_version:
            raise VersionConflict(
                f"{label}已被他人修改（您看到的是第{base_version}版，现为第{record.version}版），请刷新后重试",
                record_id=record.id,
                expected=base_version,
                actual=record.version,
            )

    # --- numbers only the centre assigns --------------------------------------------------

    def next_number(self, name: str, *, start: int = 1) -> int:
        """Take the next value of a named counter with its row locked until commit."""
        row = self.session.get(Counter, name, with_for_update=True)
        if row is None:
            row = Counter(name=name, value=start - 1)
            self.session.add(row)
            self.session.flush()
        row.value += 1
        self.session.flush()
        return row.value

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
