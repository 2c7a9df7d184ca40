"""Audit entries written as commands write them, and an attacker who rewrites them."""
from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.kernel.models import AuditEntry
from client.kernel.uow import GENESIS_HASH, UnitOfWork, audit_hash


def log_entries(sessions, count: int, *, action: str = "registration.submit") -> None:
    """`count` audit entries in one transaction, through the unit of work (as a command's are)."""
    with UnitOfWork(sessions) as uow:
        for n in range(count):
            uow.audit(action=action, user_id=None, office_code="440106-03",
                      details={"n": n, "名称": "广州市天河区华盛贸易有限公司"})
        uow.commit()


def rewrite_history(engine: sa.Engine, seq: int, details: dict) -> None:
    """What someone with write access to the database can do: change an old entry with plain
    SQL, then recompute every prev_hash and entry_hash after it so the chain verifies again."""
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE audit_log SET details = :details WHERE seq = :seq"),
                     {"details": json.dumps(details, ensure_ascii=False, sort_keys=True), "seq": seq})
    with Session(engine) as session:
        prev = GENESIS_HASH
        for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)):
            entry.prev_hash = prev
            entry.entry_hash = prev = audit_hash(entry)
        session.commit()
