"""The administrator's view of enrolled devices, and revoking one (a lost or stolen laptop).

Enrolment itself is the centre's (centre/devices.py): it happens over a user's session when a
workstation first signs in. Listing and revoking are ordinary reads and commands, so the
设备管理 screen reads and writes through operations like every other screen, and a revocation
is a command with its user's proof and an audit entry like every other write.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.kernel.commands import Command
from client.kernel.errors import NotFound, RuleViolation
from client.kernel.models import AppUser, Device, UserKey
from client.kernel.permissions import in_jurisdiction, require_role, require_scope
from client.kernel.roles import Principal, Role


@dataclass(frozen=True)
class DeviceRow:
    id: str
    label: str
    office_code: str | None
    district_code: str | None
    enrolled_by: str | None  # the enrolling user's full name
    enrolled_at: dt.datetime
    revoked: bool
    revoked_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    clock_skew_s: int | None
    #: users who registered a key on it (signed in there online)
    users: int


def list_devices(session: Session, principal: Principal, *, include_revoked: bool = True,
                 limit: int = 1000) -> list[DeviceRow]:
    """The devices in the administrator's jurisdiction, newest first."""
    require_role(principal, Role.ADMIN)
    users = (sa.select(sa.func.count()).select_from(UserKey).where(UserKey.device_id == Device.id)
             .scalar_subquery())
    query = (sa.select(Device, AppUser.full_name, users).outerjoin(AppUser, AppUser.id == Device.enrolled_by)
             .where(in_jurisdiction(principal, Device.office_code, Device.district_code))
             .order_by(Device.enrolled_at.desc(), Device.id).limit(limit))
    if not include_revoked:
        query = query.where(Device.revoked.is_(False))
    return [DeviceRow(d.id, d.label, d.office_code, d.district_code, who, d.enrolled_at, d.revoked, d.revoked_at,
                      d.last_seen_at, d.clock_skew_s, n or 0) for d, who, n in session.execute(query)]


@dataclass(frozen=True, kw_only=True)
class RevokeDevice(Command):
    name = "kernel.revoke_device"
    title = "停用设备"
    target_device_id: str
    reason: str = ""


def revoke_device(cmd: RevokeDevice, uow) -> dict:
    """From now on the device's pushes and pulls are refused and its sessions end; what it has
    queued is not applied. (A device cannot be revoked twice: the second is refused.)"""
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.ADMIN)
    device = uow.session.get(Device, cmd.target_device_id)
    if device is None:
        raise NotFound("没有这台设备", field="target_device_id")
    require_scope(principal, office_code=device.office_code, district_code=device.district_code, what="该设备")
    if device.revoked:
        raise RuleViolation("该设备此前已停用", field="target_device_id")
    device.revoked = True
    device.revoked_at = uow.clock()
    device.revoked_by = principal.user_id
    return {"subject_id": device.id, "label": device.label}
