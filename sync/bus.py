"""The command bus: runs a command's handler in a unit of work, exactly once per op_id.

For now commands go straight to the central database. The same `dispatch` will be
the central half of the push (issue 3): it already re-checks permission inside the
handler, compares base versions, records the op_id with its result so a repeated
command returns the stored result, and appends to the audit chain.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from client.db.models import AppliedOp, AppUser
from client.services.commands import Command
from client.services.errors import FieldError, InvalidInput, RuleViolation, VersionConflict
from client.services.handlers import handler_for
from client.services.uow import UnitOfWork

log = logging.getLogger(__name__)

APPLIED, REJECTED, CONFLICT = "applied", "rejected", "conflict"


@dataclass(frozen=True)
class Outcome:
    status: str
    result: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    field: str | None = None
    errors: tuple[FieldError, ...] = ()
    changes: frozenset[str] = frozenset()
    replayed: bool = False

    @property
    def ok(self) -> bool:
        return self.status == APPLIED


Listener = Callable[[Command, Outcome], None]


class CommandBus:
    def __init__(self, session_factory: sessionmaker[Session], *, clock=None):
        self._session_factory = session_factory
        self._clock = clock
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Called after every applied command (e.g. the GUI bridge that refreshes screens)."""
        self._listeners.append(listener)

    def dispatch(self, command: Command) -> Outcome:
        outcome = self._run(command)
        if outcome.ok:
            for listener in self._listeners:
                listener(command, outcome)
        return outcome

    def _run(self, command: Command) -> Outcome:
        uow = UnitOfWork(self._session_factory, op_id=command.op_id,
                         **({"clock": self._clock} if self._clock else {}))
        with uow:
            outcome = apply_in(uow, command)
            if outcome.ok and not outcome.replayed:
                uow.commit()
            else:
                uow.rollback()
        return outcome


def apply_in(uow: UnitOfWork, command: Command, *, audit_refusals: bool = False) -> Outcome:
    """Run one command inside an open unit of work, in a savepoint of its own.

    Used alone (one command, one transaction) and for a pushed batch (many commands, one
    transaction): a refused command rolls back only its savepoint, and with it the records
    it would have logged to the change log.
    """
    handler = handler_for(command)
    uow.begin_command(command.op_id)
    done = uow.session.get(AppliedOp, command.op_id)
    if done is not None:
        return Outcome(APPLIED, done.result or {}, replayed=True)
    touched_before = dict(uow.touched)
    changes_before = set(uow.changes)
    savepoint = uow.session.begin_nested()
    try:
        result = handler(command, uow) or {}
        principal = uow.principal(command.user_id)
        uow.session.add(AppliedOp(
            op_id=command.op_id, op_name=command.name, user_id=command.user_id,
            applied_at=uow.clock(), result=result,
        ))
        uow.audit(
            action=command.name, user_id=command.user_id,
            office_code=principal.office_code, op_id=command.op_id,
            subject_id=result.get("subject_id"), details=command.to_dict(),
        )
        uow.session.flush()
        savepoint.commit()
    except (VersionConflict, InvalidInput, RuleViolation) as exc:
        savepoint.rollback()
        uow.touched = touched_before
        uow.changes = changes_before
        if isinstance(exc, VersionConflict):
            outcome = Outcome(CONFLICT, message=exc.message, field=exc.field)
        elif isinstance(exc, InvalidInput):
            outcome = Outcome(REJECTED, message=exc.message, field=exc.field, errors=tuple(exc.errors))
        else:
            outcome = Outcome(REJECTED, message=exc.message, field=exc.field)
        if audit_refusals:
            _audit_refusal(uow, command, outcome)
        return outcome
    except sa.exc.IntegrityError:
        # the same op_id committed by a concurrent push: return what it stored
        savepoint.rollback()
        uow.touched = touched_before
        done = uow.session.get(AppliedOp, command.op_id, populate_existing=True)
        if done is None:
            raise
        return Outcome(APPLIED, done.result or {}, replayed=True)
    return Outcome(APPLIED, result, changes=frozenset(uow.changes - changes_before) or frozenset(uow.changes))


def _audit_refusal(uow: UnitOfWork, command: Command, outcome: Outcome) -> None:
    """A pushed command the centre refused stays on record with the reason."""
    user = uow.session.get(AppUser, command.user_id)
    uow.audit(action=f"refused:{command.name}"[:60], user_id=command.user_id,
              office_code=user.office_code if user else None, op_id=command.op_id,
              details={"status": outcome.status, "reason": outcome.message, "command": command.to_dict()})
