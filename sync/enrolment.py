"""Enrolment at an online sign-in: this workstation's device for the user's unit, and the
user's own key on it (DESIGN.md "Security"; client.kernel.proofs says what each proves).

The device's key pair is made here; its private half goes to the OS keyring before the
centre hears of it (a device whose key is lost is useless), its public half to the centre
with a signature that proves the workstation holds the private half. The user's key pair is
made at the user's first online sign-in on this device, sealed under the password just
typed (sync.keys), and its public half registered by the user's own session, signed by both
keys. Offline, both must exist already.
"""
from __future__ import annotations

import platform

from client.kernel import proofs
from client.kernel.errors import PermissionDenied
from client.kernel.roles import Principal
from sync.keys import UserKey, UserKeys, device_key, keep_device_key
from sync.link import CentreLink, DeviceRecord, unit_of
from sync.remote import API, UserSession

NO_DEVICE_OFFLINE = ("本机尚未登记或设备密钥丢失（规则：离线工作须先联网登记本机），请连接网络后再登录")
NO_USER_KEY_OFFLINE = ("本机没有您的签名密钥，或密码已在中心修改（规则：须先在本机联网登录一次，"
                       "离线办理的业务才能证明由您办理），请连接网络后再登录")


def device_for(link: CentreLink, principal: Principal, user: UserSession | None) -> tuple[DeviceRecord, bytes]:
    """This workstation's device for the principal's unit, enrolled now if online and needed."""
    unit = unit_of(principal.office_code, principal.district_code)
    record = link.device(unit)
    key = device_key(record.id) if record is not None else None
    if record is not None and key is not None:
        return record, key
    if user is None:
        raise PermissionDenied(NO_DEVICE_OFFLINE)
    raw, public = proofs.new_key()
    label = (platform.node() or "workstation")[:60]
    proof = proofs.sign(raw, {"enrol": label, "public_key": public, "user_id": principal.user_id})
    data = user.call("POST", f"{API}/devices", json={"label": label, "public_key": public, "proof": proof})
    keep_device_key(data["device_id"], raw)
    record = DeviceRecord(data["device_id"], data.get("office_code"), data.get("district_code"))
    link.keep_device(unit, record)
    return record, raw


def user_key_for(link: CentreLink, principal: Principal, password: str, device: DeviceRecord, key: bytes,
                 user: UserSession | None, *, opened: UserKey | None = None) -> bytes:
    """The user's private key on this device, opened with the password (made and registered
    now at the first online sign-in, or after the password changed centrally). `opened`: the
    key already opened (sync.signin does it while the centre checks the password)."""
    keys = UserKeys(link.folder)
    if opened is not None and opened.device_id == device.id and opened.username == principal.username:
        found = opened
    else:
        found = keys.open(principal.username, device.id, password)
    if found is not None and found.registered:
        return found.private_raw
    if user is None:
        raise PermissionDenied(NO_USER_KEY_OFFLINE)
    if found is None:
        found = keys.make(principal.username, principal.user_id, device.id, password)
    body = {"user_key": found.public_key, "user_id": principal.user_id, "device_id": device.id}
    user.call("PUT", f"{API}/devices/{device.id}/user-key", json={
        "public_key": found.public_key, "device_signature": proofs.sign(key, body),
        "user_signature": proofs.sign(found.private_raw, body)})
    keys.mark_registered(principal.username, found.public_key)
    return found.private_raw
