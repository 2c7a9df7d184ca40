"""The central half of the push: signed envelopes in, outcomes out.

`apply_batch` runs many commands in one central transaction (each in its own savepoint),
so a push costs one commit per batch rather than one per command, and the applied-ops
row that makes a repeat harmless commits together with the command's effect: a push
killed after the central commit and before the local acknowledgement is sent again and
answered from `applied_op`.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from client.db.models import AppUser
from client.db.sync_models import Device
from client.db.types import utcnow
from client.services.commands import from_dict
from client.services.uow import UnitOfWork
from sync import signing
from sync.bus import REJECTED, Outcome, apply_in

log = logging.getLogger(__name__)

TAMPERED = "签名校验失败：该命令在本机被改动或并非本设备发出（规则：每条命令须带本设备的签名），已拒绝并记入审计日志"


@dataclass(frozen=True)
class Envelope:
    device_id: str
    command: dict[str, Any]
    signature: str

    def to_dict(self) -> dict:
        return {"device_id": self.device_id, "command": self.command, "signature": self.signature}


def seal(device_id: str, secret_hex: str, command: dict) -> Envelope:
    return Envelope(device_id, command, signing.sign(secret_hex, device_id, command))


class CentralApplier:
    def __init__(self, sessions: sessionmaker[Session], *, clock=utcnow):
        self._sessions = sessions
        self._clock = clock

    def hello(self, device_id: str, device_now: dt.datetime) -> dict:
        """The probe of a push: central time, and the device's clock skew recorded."""
        now = self._clock()
        skew = int((device_now - now).total_seconds())
        with self._sessions.begin() as session:
            device = session.get(Device, device_id)
            if device is None or device.revoked:
                return {"ok": False, "now": now, "skew_s": skew, "message": "本机未登记或已被停用，请重新登记本机"}
            device.last_seen_at = now
            device.clock_skew_s = skew
        return {"ok": True, "now": now, "skew_s": skew}

    def apply(self, envelope: Envelope) -> Outcome:
        return self.apply_batch([envelope])[0]

    def apply_batch(self, envelopes: list[Envelope]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        with UnitOfWork(self._sessions, clock=self._clock) as uow:
            devices: dict[str, Device | None] = {}
            for env in envelopes:
                if env.device_id not in devices:
                    devices[env.device_id] = uow.session.get(Device, env.device_id)
                refusal = _check_envelope(uow, devices[env.device_id], env)
                if refusal is not None:
                    _audit_tampered(uow, env, refusal)
                    outcomes.append(Outcome(REJECTED, message=refusal))
                    continue
                outcomes.append(apply_in(uow, from_dict(env.command), audit_refusals=True))
            uow.commit()
        return outcomes


def _check_envelope(uow: UnitOfWork, device: Device | None, env: Envelope) -> str | None:
    if device is None or device.revoked:
        return "本机未登记或已被停用（规则：只有登记在册的设备可以提交命令），已拒绝并记入审计日志"
    if not signing.verify(device.secret_hex, env.device_id, env.command, env.signature):
        return TAMPERED
    if env.command.get("device_id") != env.device_id:
        return TAMPERED
    # a device enrolled for one office carries the work of that office's staff only
    user = uow.session.get(AppUser, env.command.get("user_id"))
    if user is None or (device.office_code and user.office_code and user.office_code != device.office_code):
        return "该设备登记在其他单位，不能提交本用户的命令（规则：设备只服务于登记单位），已拒绝并记入审计日志"
    return None


def _audit_tampered(uow: UnitOfWork, env: Envelope, reason: str) -> None:
    cmd = env.command if isinstance(env.command, dict) else {}
    uow.audit(action="sync.refused_envelope", user_id=_id_or_none(cmd.get("user_id")),
              office_code=None, op_id=_id_or_none(cmd.get("op_id")),
              details={"device_id": env.device_id, "reason": reason, "command": cmd})


def _id_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= 36 else None
