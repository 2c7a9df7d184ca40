"""Which records replicate to which workstations, and what their changes mean on screen.

Areas register their tables with `registry.replicate(model, scope, tags=...)`; the unit of
work then logs every change to them in the change log (centrally) or the outbox's touched
list (locally) without the handlers doing anything. The kernel's own tables (the
organisation, users, the register and its history) are registered here.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from client.kernel.models import AppUser, District, EntityEvent, MarketEntity, Office
from client.kernel.registry import Registry, registry

UPSERT, DELETE = "upsert", "delete"


def replicated_models() -> dict[str, type]:
    return registry().replicated_models()


def replicated_table(obj: Any) -> str | None:
    cls = type(obj)
    return cls.__tablename__ if cls in registry().replicated else None


def scope_of(session: Any, obj: Any) -> tuple[str | None, str | None]:
    return registry().replicated[type(obj)].scope(session, obj)


def row_key(obj: Any) -> str:
    (key,) = sa.inspect(type(obj)).primary_key
    return str(getattr(obj, key.key))


# --- scope functions areas reuse -------------------------------------------------------------


def own_scope(_session: Any, obj: Any) -> tuple[str | None, str | None]:
    """A record that carries its own office and district."""
    return obj.office_code, obj.district_code


def reference(_session: Any, _obj: Any) -> tuple[None, None]:
    """Reference data: every workstation takes it."""
    return None, None


def entity_scope(session: Any, obj: Any) -> tuple[str | None, str | None]:
    """A record that belongs to a market entity (obj.entity_id): the entity's office."""
    entity = session.get(MarketEntity, obj.entity_id)
    return (entity.office_code, entity.district_code) if entity is not None else (None, None)


def register(r: Registry) -> None:
    from client.kernel import devices, org

    r.query(org.ping)
    r.query(org.unit_label)
    r.query(devices.list_devices)
    r.command(devices.RevokeDevice, devices.revoke_device)
    r.replicate(District, reference, tags={"organisation"})
    r.replicate(Office, reference, tags={"organisation"})  # every workstation needs every office (FK targets)
    r.replicate(AppUser, own_scope, tags={"users"})
    r.replicate(MarketEntity, own_scope, tags={"entities"})
    r.replicate(EntityEvent, entity_scope, tags={"history"})
