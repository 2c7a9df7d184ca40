"""Domain events: what one area tells the others, instead of calling into them.

An area raises an event with `uow.publish(...)` inside its handler; every subscriber that
areas registered (`registry.subscribe`) runs at once, in the same transaction and the same
savepoint, so a command and its consequences in other areas commit or roll back together —
on the workstation and again on the centre, like the command itself.

The events about the register live here because the register is the kernel's: registration
raises them, cards (and later cases) follow.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DomainEvent:
    """Base of every event: a plain record of what happened."""


@dataclass(frozen=True)
class EntityRevoked(DomainEvent):
    """吊销营业执照: the entity's licence was revoked."""

    entity_id: str
    actor_id: str | None
    reason: str | None


@dataclass(frozen=True)
class EntityDeregistered(DomainEvent):
    """注销登记 approved: the entity leaves the market."""

    entity_id: str
    actor_id: str | None
    reason: str | None
