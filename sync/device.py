"""Enrolment: a workstation gets a device id and a secret key.

The key is written to the operating system's keyring (never to the local store, which a
user can open with any SQLite tool); the centre keeps it in `device` to check signatures.
"""
from __future__ import annotations

from dataclasses import dataclass

import keyring
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.clock import utcnow
from client.kernel.errors import PermissionDenied
from client.kernel.models import Device
from client.kernel.roles import Role
from client.kernel.uow import UnitOfWork
from sync.signing import new_secret

KEYRING_SERVICE = "hongdun-workbench-device"


@dataclass(frozen=True)
class Enrolment:
    device_id: str
    office_code: str | None
    district_code: str | None


def enrol(central: sessionmaker[Session], user_id: str, label: str) -> Enrolment:
    """Register this workstation centrally for the user's unit and keep its key in the keyring."""
    with UnitOfWork(central) as uow:
        principal = uow.principal(user_id)
        if not any(principal.has(r) for r in Role):
            raise PermissionDenied("登记本机需要有效的岗位权限")
        secret = new_secret()
        device = Device(label=label[:60], secret_hex=secret, office_code=principal.office_code,
                        district_code=principal.district_code, enrolled_by=principal.user_id,
                        enrolled_at=utcnow(), revoked=False)
        uow.session.add(device)
        uow.session.flush()
        uow.audit(action="device.enrol", user_id=principal.user_id, office_code=principal.office_code,
                  subject_id=device.id, details={"label": device.label})
        uow.commit()
    keyring.set_password(KEYRING_SERVICE, device.id, secret)
    return Enrolment(device.id, device.office_code, device.district_code)


def device_key(device_id: str) -> str:
    secret = keyring.get_password(KEYRING_SERVICE, device_id)
    if not secret:
        raise PermissionDenied("本机的设备密钥不在系统密钥环中，请重新登记本机（hongdun device enrol）")
    return secret
