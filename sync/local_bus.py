"""The workstation's bus: the command runs on the local store and joins the outbox, in one transaction.

Same interface as `client.kernel.bus.CommandBus` (dispatch, subscribe), so screens do not know
whether they work online or offline. The push worker later runs the same command centrally.

Each command is signed when it is made, as the signed-in user (whose key that user's password
opened at sign-in) and as this device (sync.keys): whoever is signed in when it is pushed,
the centre knows who made it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import sqlalchemy as sa

from client.kernel.clock import utcnow
from client.kernel.commands import Command
from client.kernel.uow import LOCAL, UnitOfWork
from client.kernel.bus import REJECTED, Listener, Outcome, apply_in
from sync import local_schema
from sync.local_store import LocalStore
from sync.remote import sign_envelope

NOT_YOURS = "只能以本人身份办理（规则：命令须由登录的用户本人签名）"

#: after this long without a successful synchronisation, new work is refused (configurable)
DEFAULT_MAX_UNSYNCED = dt.timedelta(days=7)


class LocalBus:
    def __init__(self, store: LocalStore, *, device_id: str, device_key: bytes, user_key: bytes, user_id: str,
                 max_unsynced: dt.timedelta = DEFAULT_MAX_UNSYNCED, clock=utcnow):
        self.store = store
        self.device_id = device_id
        self._device_key = device_key
        self._user_key = user_key
        self.user_id = user_id
        self.max_unsynced = max_unsynced
        self._clock = clock
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def dispatch(self, command: Command) -> Outcome:
        if (refusal := self.too_long_unsynced()) is not None:
            return Outcome(REJECTED, message=refusal)
        if command.user_id != self.user_id:
            return Outcome(REJECTED, message=NOT_YOURS)
        command = dataclasses.replace(command, device_id=self.device_id)
        body = command.to_dict()
        signed = sign_envelope(self.device_id, self._device_key, self._user_key, body)
        uow = UnitOfWork(self.store.write_sessions, clock=self._clock, location=LOCAL, op_id=command.op_id)
        with self.store.writing(), uow:
            outcome = apply_in(uow, command)
            if not outcome.ok or outcome.replayed:
                uow.rollback()
                return outcome
            uow.session.flush()
            uow.session.execute(sa.insert(local_schema.outbox).values(
                op_id=command.op_id, name=command.name, command=json.dumps(body, ensure_ascii=False),
                user_signature=signed["user_signature"], device_signature=signed["device_signature"],
                device_id=self.device_id,
                touched=json.dumps(sorted({f"{t}:{i}" for t, i in uow.touched} | uow.version_checked)),
                state=local_schema.PENDING, created_at=self._clock().isoformat(), attempts=0,
            ))
            uow.commit()
        for listener in self._listeners:
            listener(command, outcome)
        return outcome

    def too_long_unsynced(self) -> str | None:
        last = self.store.get_state("last_sync_at")
        if last is None:
            return None  # a store never synchronised is being filled by its first download
        elapsed = self._clock() - dt.datetime.fromisoformat(last)
        if elapsed > self.max_unsynced:
            days = self.max_unsynced.days
            return (f"本机已{elapsed.days}天未与中心同步，超过规定的{days}天上限"
                    f"（规则：离线工作最长{days}天），请连接网络同步后再办理新业务")
        return None
