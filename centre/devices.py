"""Devices and users' keys on them: enrolment, registration, the administrator's list and revocation.

A workstation enrols at its first online sign-in: it makes an Ed25519 key pair, keeps the
private half in the OS keyring and sends the public half here, signed with it (proof that it
holds the private half), under the signed-in user's session. The device belongs to that
user's unit. Each user who then signs in on it online registers a key of their own for that
device (client.kernel.proofs); the centre keeps public halves only.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from client.kernel import proofs
from client.kernel.clock import utcnow
from client.kernel.errors import PermissionDenied, RuleViolation
from client.kernel.models import Device, UserKey
from client.kernel.roles import Principal
from client.kernel.uow import UnitOfWork


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    office_code: str | None
    district_code: str | None


def enrolment_body(user_id: str, label: str, public_key: str) -> dict:
    return {"enrol": label, "public_key": public_key, "user_id": user_id}


def user_key_body(user_id: str, device_id: str, public_key: str) -> dict:
    return {"user_key": public_key, "user_id": user_id, "device_id": device_id}


def enrol(sessions: sessionmaker[Session], principal: Principal, label: str, public_key: str,
          proof: str) -> Enrolled:
    if not proofs.is_public_key(public_key):
        raise RuleViolation("设备公钥格式不正确（规则：64位十六进制的Ed25519公钥）", field="public_key")
    if not proofs.verify(public_key, enrolment_body(principal.user_id, label, public_key), proof):
        raise RuleViolation("登记请求的签名与设备公钥不符（规则：登记须由持有私钥的设备发出）", field="proof")
    with UnitOfWork(sessions) as uow:
        user = uow.principal(principal.user_id)
        if not user.roles:
            raise PermissionDenied("登记本机需要有效的岗位权限")
        device = Device(label=label[:60], public_key=public_key, office_code=user.office_code,
                        district_code=user.district_code, enrolled_by=user.user_id,
                        enrolled_at=utcnow(), revoked=False)
        uow.session.add(device)
        uow.session.flush()
        uow.audit(action="device.enrol", user_id=user.user_id, office_code=user.office_code,
                  subject_id=device.id, details={"label": device.label, "public_key": public_key})
        uow.commit()
        return Enrolled(device.id, device.office_code, device.district_code)


def register_user_key(sessions: sessionmaker[Session], principal: Principal, device_id: str, public_key: str,
                      device_signature: str, user_signature: str) -> None:
    """The signed-in user's key on `device_id`: signed by the device (it is that workstation)
    and by the key itself (the workstation holds its private half). Keys registered before
    stay valid: commands queued under them are still on their way."""
    if not proofs.is_public_key(public_key):
        raise RuleViolation("用户公钥格式不正确（规则：64位十六进制的Ed25519公钥）", field="public_key")
    body = user_key_body(principal.user_id, device_id, public_key)
    with UnitOfWork(sessions) as uow:
        device = uow.session.get(Device, device_id)
        if device is None or device.revoked:
            raise PermissionDenied("本机未登记或已被停用（规则：只有登记在册的设备可以使用），请联系系统管理员")
        if not proofs.verify(device.public_key, body, device_signature):
            raise PermissionDenied("设备签名校验失败（规则：用户密钥须由登记的设备提交）")
        if not proofs.verify(public_key, body, user_signature):
            raise RuleViolation("用户密钥的签名与公钥不符", field="user_signature")
        user = uow.principal(principal.user_id)
        if device.office_code and user.office_code and device.office_code != user.office_code:
            raise PermissionDenied("该设备登记在其他单位（规则：设备只服务于登记单位）")
        known = uow.session.scalar(sa.select(UserKey.id).where(
            UserKey.user_id == user.user_id, UserKey.device_id == device_id, UserKey.public_key == public_key))
        if known is not None:
            return
        uow.session.add(UserKey(user_id=user.user_id, device_id=device_id, public_key=public_key,
                                registered_at=utcnow()))
        uow.audit(action="user_key.register", user_id=user.user_id, office_code=user.office_code,
                  subject_id=device_id, details={"public_key": public_key})
        uow.commit()


def revoke(sessions: sessionmaker[Session], principal: Principal, device_id: str) -> bool:
    """Revoke a device as `principal` (the REST endpoint and `hongdun devices revoke`): the
    kernel's RevokeDevice command, applied here. False if it was revoked already."""
    from client.kernel.bus import CommandBus
    from client.kernel.devices import RevokeDevice
    from client.kernel.permissions import require_role
    from client.kernel.roles import Role

    require_role(principal, Role.ADMIN)  # (before saying whether the device exists)
    with sessions() as session:
        device = session.get(Device, device_id)
        if device is None or not principal.covers(office_code=device.office_code,
                                                  district_code=device.district_code):
            raise LookupError(device_id)
        if device.revoked:
            return False
    outcome = CommandBus(sessions).dispatch(RevokeDevice(user_id=principal.user_id, device_id="centre",
                                                         target_device_id=device_id))
    if not outcome.ok:
        if "权限" in (outcome.message or ""):
            raise PermissionDenied(outcome.message)
        raise RuleViolation(outcome.message or "停用失败", field="device_id")
    return True


def device_of(session: Session, device_id: str) -> Device | None:
    device = session.get(Device, device_id)
    return None if device is None or device.revoked else device




