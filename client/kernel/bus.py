"""The command bus: runs a command's handler in a unit of work, exactly once per op_id.

`apply_in` is what every place that runs a command shares: the workstation's local bus
(sync.local_bus), the centre's push (centre.apply) and `CommandBus` (one command, one
transaction: the centre's own tools and tests). It re-checks permission inside the handler,
compares base versions, records the op_id with its result so a repeated command returns
the stored result, and appends to the audit chain.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.commands import Command
from client.kernel.errors import (
    FieldError,
    InvalidInput,
    PermissionDenied,
    RuleViolation,
    VersionConflict,
)
from client.kernel.models import AppliedOp
from client.kernel.registry import registry
from client.kernel.uow import UnitOfWork

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


class Unguarded(Exception):
    """A command run without a savepoint of its own was refused: its partial effects cannot be
    undone alone, so the caller rolls back to the savepoint of its chunk and runs the chunk
    again with a savepoint per command (`centre.apply.CentralApplier.apply_batch`)."""


def apply_in(uow: UnitOfWork, command: Command, *, audit_refusals: bool = False,
             done: dict[str, dict] | None = None, guarded: bool = True) -> Outcome:
    """Run one command inside an open unit of work, in a savepoint of its own.

    Used alone (one command, one transaction) and for a pushed batch (many commands, one
    transaction): a refused command rolls back only its savepoint, and with it the records
    it would have logged to the change log and its audit entry.

    `done`: results of the batch's op_ids already in `applied_op`, read by the caller in one
    query (and extended here as commands apply); None: look this one up. `guarded=False`
    runs without a savepoint, for a batch's optimistic first pass: a refusal raises
    `Unguarded` (and an insert that collides, IntegrityError) for the caller to undo.
    """
    handler = registry().handler_for(command)
    uow.begin_command(command.op_id)
    if done is None:
        row = uow.session.get(AppliedOp, command.op_id)
        if row is not None:
            return Outcome(APPLIED, row.result or {}, replayed=True)
    elif command.op_id in done:
        return Outcome(APPLIED, done[command.op_id] or {}, replayed=True)
    if not guarded:
        try:
            outcome = _run(uow, command, handler)
        except (VersionConflict, InvalidInput, RuleViolation) as exc:
            raise Unguarded(command.op_id) from exc
        if done is not None:
            done[command.op_id] = outcome.result
        return outcome
    uow.flush_pending()
    mark = uow.checkpoint()
    changes_before = set(uow.changes)
    savepoint = uow.session.begin_nested()
    try:
        outcome = _run(uow, command, handler)
        uow.flush_pending()
        savepoint.commit()
    except (VersionConflict, InvalidInput, RuleViolation) as exc:
        savepoint.rollback()
        uow.restore(mark)
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
        uow.restore(mark)
        row = uow.session.get(AppliedOp, command.op_id, populate_existing=True)
        if row is None:
            raise
        if done is not None:
            done[command.op_id] = row.result
        return Outcome(APPLIED, row.result or {}, replayed=True)
    if done is not None:
        done[command.op_id] = outcome.result
    return Outcome(APPLIED, outcome.result,
                   changes=frozenset(uow.changes - changes_before) or frozenset(uow.changes))


def _run(uow: UnitOfWork, command: Command, handler) -> Outcome:
    """The handler (it re-checks permission and base versions), the applied-ops row, the audit."""
    changes_before = set(uow.changes)
    result = handler(command, uow) or {}
    user = uow.user(command.user_id)  # (the handler re-checked the principal; it is held)
    if user is None or user.disabled:
        raise PermissionDenied("用户不存在或已停用")
    uow.record_applied(op_id=command.op_id, op_name=command.name, user_id=command.user_id, result=result)
    uow.audit(
        action=command.name, user_id=command.user_id,
        office_code=user.office_code, op_id=command.op_id,
        subject_id=result.get("subject_id"), details=command.to_dict(),
    )
    uow.end_command()
    return Outcome(APPLIED, result, changes=frozenset(uow.changes - changes_before) or frozenset(uow.changes))


def _audit_refusal(uow: UnitOfWork, command: Command, outcome: Outcome) -> None:
    """A pushed command the centre refused stays on record with the reason."""
    user = uow.user(command.user_id)
    uow.audit(action=f"refused:{command.name}"[:60], user_id=command.user_id,
              office_code=user.office_code if user else None, op_id=command.op_id,
              details={"status": outcome.status, "reason": outcome.message, "command": command.to_dict()})
