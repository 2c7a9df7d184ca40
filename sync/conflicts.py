"""Refused commands kept in the outbox: listed, discarded, or replaced by a new command.

A conflict (the record moved on centrally) is resolved field by field — mine, theirs or
an edited value — and the result goes out as a *new* command on the central version;
the refused one is dropped. A rejection (a rule failed centrally) is fixed and resent
or discarded. Either way the records the refused command touched are brought back to
their central state first, so the new command runs locally on what the centre has.
"""
from __future__ import annotations

import datetime as dt

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from client.kernel.commands import Command, from_dict
from sync import local_schema
from client.kernel.bus import Outcome
from sync.local_bus import LocalBus
from sync.local_store import LocalStore
from sync.pull import Puller

outbox = local_schema.outbox


@dataclass(frozen=True)
class Refused:
    op_id: str
    state: str  # conflict | rejected
    command: dict[str, Any]
    reason: str | None
    touched: list[str]
    theirs: dict[str, dict | None]

    def field_choices(self) -> list[tuple[str, Any, Any]]:
        """(field, mine, theirs) for the items of a conflicted command on one record."""
        items = self.command.get("items") or {}
        record = next((v for v in self.theirs.values() if v), {}) or {}
        return [(k, v, record.get(k)) for k, v in items.items()]

    def their_version(self) -> int | None:
        record = next((v for v in self.theirs.values() if v), None)
        return record.get("version") if record else None


@dataclass(frozen=True)
class Queued:
    """A command waiting in the outbox, as the sync window lists it."""

    created_at: dt.datetime
    name: str
    attempts: int


def queued(store: LocalStore, limit: int) -> list[Queued]:
    """The first `limit` commands waiting to be pushed, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(outbox.c.created_at, outbox.c.name, outbox.c.attempts)
                            .where(outbox.c.state == local_schema.PENDING)
                            .order_by(outbox.c.seq).limit(limit)).all()
    return [Queued(dt.datetime.fromisoformat(created), name, attempts or 0) for created, name, attempts in rows]


def refused(store: LocalStore) -> list[Refused]:
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(outbox).where(outbox.c.state != local_schema.PENDING)
                            .order_by(outbox.c.seq)).all()
    return [Refused(r.op_id, r.state, json.loads(r.command), r.reason, json.loads(r.touched),
                    json.loads(r.theirs) if r.theirs else {}) for r in rows]


def discard(store: LocalStore, puller: Puller | None, op_id: str) -> None:
    """Drop a refused command; its records go back to the central state (when reachable)."""
    with store.begin() as conn:
        touched = conn.scalar(sa.select(outbox.c.touched).where(outbox.c.op_id == op_id))
        if touched is None:
            return
        conn.execute(sa.delete(outbox).where(outbox.c.op_id == op_id))
        pending_refresh = set(store.get_state("refresh", [], conn=conn)) | set(json.loads(touched))
        store.set_state("refresh", sorted(pending_refresh), conn=conn)
    if puller is not None:
        refresh_pending(store, puller)


def refresh_pending(store: LocalStore, puller: Puller) -> None:
    keys = store.get_state("refresh", [])
    if keys:
        puller.refresh(keys)
        with store.begin() as conn:
            store.set_state("refresh", [], conn=conn)


def replace(store: LocalStore, puller: Puller, bus: LocalBus, op_id: str, command: Command) -> Outcome:
    """Resolve by a new command (mine / theirs / edited values on the central version)."""
    discard(store, puller, op_id)
    return bus.dispatch(command)


def resolved_command(item: Refused, choices: dict[str, Any]) -> Command | None:
    """The new command for a conflict resolved field by field; None if every field is theirs."""
    theirs = dict(item.field_choices() and {k: t for k, _, t in item.field_choices()})
    items = {k: v for k, v in choices.items() if v != theirs.get(k)}
    if not items:
        return None
    data = dict(item.command)
    for key in ("op_id", "issued_at"):
        data.pop(key, None)
    data["items"] = items
    if "base_version" in data:
        data["base_version"] = item.their_version()
    if "application_id" in data:
        from client.kernel.types import new_id
        data["application_id"] = new_id()
    return from_dict(data)
