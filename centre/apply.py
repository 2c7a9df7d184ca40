"""The central half of the push: signed envelopes in, outcomes out.

An envelope carries a command and two signatures (client.kernel.proofs): the user's, by the
key that user's password unlocks on that device, and the device's over both. The centre
applies a command only when both verify against the public keys it registered: the session
that pushes authenticates the connection, never the commands in it.

`apply_batch` runs many commands in one central transaction, so a push costs one commit per
batch rather than one per command, and the applied-ops row that makes a repeat harmless
commits together with the command's effect: a push killed after the central commit and
before the local acknowledgement is sent again and answered from `applied_op`. A refused
command rolls back only its own effects, as if each command had a savepoint of its own;
how that stays cheap is in docs/sync-protocol.md, "Applying a batch".
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.clock import utcnow
from client.kernel.commands import from_dict
from client.kernel.models import AppliedOp, Device
from client.kernel.uow import UnitOfWork
from client.kernel import proofs
from client.kernel.bus import REJECTED, Outcome, Unguarded, apply_in
from client.kernel.models import UserKey

log = logging.getLogger(__name__)

TAMPERED = "签名校验失败：该命令在本机被改动或并非本设备发出（规则：每条命令须带本设备的签名），已拒绝并记入审计日志"
UNPROVED_USER = ("无法证明该命令由其署名的用户发出：该用户未在本设备上输入密码登录过，或命令被改动"
                 "（规则：每条命令须带署名用户在本设备上的签名），已拒绝并记入审计日志")
UNKNOWN_DEVICE = "本机未登记或已被停用（规则：只有登记在册的设备可以提交命令），已拒绝并记入审计日志"
MALFORMED = "命令格式不正确或中心不认识该命令（规则：命令须符合中心的接口版本），请升级本机程序"
FOREIGN_DEVICE = "该设备登记在其他单位，不能提交本用户的命令（规则：设备只服务于登记单位），已拒绝并记入审计日志"


@dataclass(frozen=True)
class Envelope:
    device_id: str
    command: dict[str, Any]
    #: the user's signature over (device_id, command)
    user_signature: str
    #: the device's signature over (device_id, command, user_signature)
    device_signature: str

    def to_dict(self) -> dict:
        return {"device_id": self.device_id, "command": self.command,
                "user_signature": self.user_signature, "device_signature": self.device_signature}


def seal(device_id: str, device_key: bytes, user_key: bytes, command: dict) -> Envelope:
    """Sign a command as its user (on this device) and as the device (what a workstation does)."""
    user_signature = proofs.sign(user_key, proofs.user_body(device_id, command))
    return Envelope(device_id, command, user_signature,
                    proofs.sign(device_key, proofs.device_body(device_id, command, user_signature)))


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
                return {"ok": False, "now": now, "skew_s": skew,
                        "message": "本机未登记或已被停用（规则：只有登记在册的设备可以同步），请联系系统管理员"}
            device.last_seen_at = now
            device.clock_skew_s = skew
        return {"ok": True, "now": now, "skew_s": skew}

    def apply(self, envelope: Envelope) -> Outcome:
        return self.apply_batch([envelope])[0]

    def apply_batch(self, envelopes: list[Envelope]) -> list[Outcome]:
        """All the envelopes in one central transaction; an outcome for each, in order.

        How it stays fast (docs/sync-protocol.md, "Applying a batch"): devices, users and the
        applied op_ids are read once for the batch; the commands run in chunks of `CHUNK`, each
        chunk in one savepoint with no savepoint per command; the audit entries, the applied-ops
        rows and the change log are inserted together. If any command of a chunk is refused (or
        its applied-ops row collides with a concurrent push of the same op_id), the chunk is rolled
        back to its savepoint and run again with a savepoint per command, so a refused command
        still rolls back only its own effects.
        """
        commands = [env.command if isinstance(env.command, dict) else {} for env in envelopes]
        ids = sorted({env.device_id for env in envelopes if isinstance(env.device_id, str)})
        with self._sessions() as session:
            devices = _devices(session, ids)
            keys = _user_keys(session, ids, [cmd.get("user_id") for cmd in commands])
        # the signatures of each chunk are checked on the pool while earlier chunks are applied:
        # the checks release the GIL, and they are about half the CPU of a push
        chunks = [envelopes[start:start + CHUNK] for start in range(0, len(envelopes), CHUNK)]
        checked = _verify_chunks(chunks, devices, keys)
        outcomes: list[Outcome] = []
        with _APPLYING, UnitOfWork(self._sessions, clock=self._clock) as uow:
            devices = _devices(uow.session, ids)  # again: one revoked meanwhile is refused
            uow.preload_users(cmd.get("user_id") for cmd in commands)
            done = _applied(uow, [cmd.get("op_id") for cmd in commands])
            for chunk, verdicts in zip(chunks, checked, strict=True):
                outcomes += self._chunk(uow, chunk, verdicts.result(), devices, done)
            uow.commit()
        return outcomes

    def _chunk(self, uow: UnitOfWork, envelopes: list[Envelope], verdicts: list[str | None],
               devices: dict[str, Device], done: dict[str, dict]) -> list[Outcome]:
        uow.flush_pending()
        mark, done_before = uow.checkpoint(), dict(done)
        savepoint = uow.session.begin_nested()
        try:
            outcomes = [self._one(uow, env, verdict, devices, done, guarded=False)
                        for env, verdict in zip(envelopes, verdicts, strict=True)]
            uow.flush_pending()  # (an op_id a concurrent push committed collides here)
            savepoint.commit()
            return outcomes
        except (Unguarded, sa.exc.IntegrityError) as exc:
            log.info("push chunk of %d run again command by command: %r", len(envelopes), exc)
            savepoint.rollback()
            uow.restore(mark)
            done.clear()
            done.update(done_before)
        return [self._one(uow, env, verdict, devices, done, guarded=True)
                for env, verdict in zip(envelopes, verdicts, strict=True)]

    @staticmethod
    def _one(uow: UnitOfWork, env: Envelope, verdict: str | None, devices: dict[str, Device],
             done: dict[str, dict], *, guarded: bool) -> Outcome:
        refusal = verdict or _check_unit(uow, devices.get(env.device_id), env)
        if refusal is not None:
            _audit_tampered(uow, env, refusal)
            return Outcome(REJECTED, message=refusal)
        try:
            command = from_dict(env.command)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # signed by a genuine device and user, yet not a command this centre knows
            _audit_tampered(uow, env, f"malformed command: {exc!r}"[:200])
            return Outcome(REJECTED, message=MALFORMED)
        return apply_in(uow, command, audit_refusals=True, done=done, guarded=guarded)


#: commands per savepoint in a batch's first pass (a refusal re-runs at most this many one by one)
CHUNK = 100


def _applied(uow: UnitOfWork, op_ids: list) -> dict[str, dict]:
    """op_id -> stored result of those of `op_ids` already applied: one query (PostgreSQL:
    `= ANY(array)`, one parameter), elsewhere one `IN` per 500 (Oracle allows 1000)."""
    wanted = sorted({o for o in op_ids if isinstance(o, str)})
    done: dict[str, dict] = {}
    if uow.dialect == "postgresql":
        chunks = [AppliedOp.op_id == sa.any_(sa.bindparam("ids", wanted, type_=postgresql.ARRAY(sa.String)))] if wanted else []
    else:
        chunks = [AppliedOp.op_id.in_(wanted[start:start + 500]) for start in range(0, len(wanted), 500)]
    for where in chunks:
        rows = uow.session.execute(sa.select(AppliedOp.op_id, AppliedOp.result).where(where))
        done.update((op_id, result) for op_id, result in rows)
    return done


def _user_keys(session: Session, device_ids: list[str], user_ids) -> dict[tuple[str, str], list[str]]:
    """(user_id, device_id) -> the user's public keys on that device, for a batch: one query."""
    users = sorted({u for u in user_ids if isinstance(u, str)})
    if not device_ids or not users:
        return {}
    found: dict[tuple[str, str], list[str]] = {}
    for start in range(0, len(users), 500):
        rows = session.execute(sa.select(UserKey.user_id, UserKey.device_id, UserKey.public_key)
                                   .where(UserKey.device_id.in_(device_ids), UserKey.user_id.in_(users[start:start + 500])))
        for u, d, key in rows:
            found.setdefault((u, d), []).append(key)
    return found


def _devices(session: Session, ids: list[str]) -> dict[str, Device]:
    return {d.id: d for d in session.scalars(sa.select(Device).where(Device.id.in_(ids)))} if ids else {}


def _verify_chunks(chunks: list[list[Envelope]], devices: dict[str, Device],
                   keys: dict[tuple[str, str], list[str]]) -> list[Future]:
    """For each chunk, a future of its envelopes' refusals by their signatures (None: proved)."""
    def verdicts(part: list[Envelope]) -> list[str | None]:
        return [_check_signatures(devices.get(env.device_id), keys, env) for env in part]

    if len(chunks) == 1:  # (one command pushed by a bureau user: no hop to the pool)
        done: Future = Future()
        done.set_result(verdicts(chunks[0]))
        return [done]
    return [_verifiers().submit(verdicts, chunk) for chunk in chunks]


def _check_signatures(device: Device | None, keys: dict[tuple[str, str], list[str]], env: Envelope) -> str | None:
    """The device first (its signature covers the user's), then the user's own proof, whatever
    the user's unit."""
    if device is None or device.revoked:
        return UNKNOWN_DEVICE
    command = env.command
    if not isinstance(command, dict):
        return TAMPERED
    if not proofs.verify(device.public_key, proofs.device_body(env.device_id, command, env.user_signature),
                         env.device_signature):
        return TAMPERED
    if command.get("device_id") != env.device_id:
        return TAMPERED
    user_id = command.get("user_id")
    candidates = keys.get((user_id, env.device_id), []) if isinstance(user_id, str) else []
    signed = proofs.user_body(env.device_id, command)
    if not any(proofs.verify(key, signed, env.user_signature) for key in candidates):
        return UNPROVED_USER
    return None


def _check_unit(uow: UnitOfWork, device: Device | None, env: Envelope) -> str | None:
    """Inside the batch's transaction: the device still enrolled, and of the user's office."""
    if device is None or device.revoked:
        return UNKNOWN_DEVICE
    # a device enrolled for one office carries the work of that office's staff only
    user = uow.user(env.command.get("user_id"))
    if user is None or (device.office_code and user.office_code and user.office_code != device.office_code):
        return FOREIGN_DEVICE
    return None


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
#: batches applied at once by this process: more only queue on the counter rows' lock while
#: holding database sessions and worker threads that hellos and pulls are waiting for
_APPLYING = threading.BoundedSemaphore(2)


def _verifiers() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="verify")
        return _pool


def _audit_tampered(uow: UnitOfWork, env: Envelope, reason: str) -> None:
    cmd = env.command if isinstance(env.command, dict) else {}
    uow.audit(action="sync.refused_envelope", user_id=_id_or_none(cmd.get("user_id")),
              office_code=None, op_id=_id_or_none(cmd.get("op_id")),
              details={"device_id": env.device_id, "reason": reason, "command": cmd})


def _id_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= 36 else None
