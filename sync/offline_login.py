"""Offline sign-in: a verifier cached at the last online sign-in, usable for a limited number of days.

The cache holds an argon2id hash of the password made on this workstation (its own salt,
not the centre's hash: the central hash never leaves the centre, see sync.pull.MASKED),
the user's roles and unit as the centre last knew them, and when that was. Five wrong
passwords in a row lock the offline sign-in until the next online one, so a stolen
laptop cannot be guessed at forever. Kept as one small JSON file per centre,
replaced atomically.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from client.kernel.clock import utcnow
from client.kernel.roles import Principal, format_roles, parse_roles

MAX_OFFLINE_FAILURES = 5
#: one answer to a wrong password and a locked offline sign-in alike (client.kernel.auth says why)
OFFLINE_REFUSED = (f"用户名或密码错误，或离线登录因连续输错已被锁定"
                   f"（规则：连续{MAX_OFFLINE_FAILURES}次输错后须联网登录）")
_HASHER = PasswordHasher()
#: read-modify-write of the file: `remember` runs on its own thread beside sign-ins
_LOCK = threading.RLock()


@dataclass(frozen=True)
class OfflineLogin:
    principal: Principal | None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.principal is not None


def _file(store_dir: Path) -> Path:
    return store_dir / "logins.json"


def _load(store_dir: Path) -> dict:
    path = _file(store_dir)
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged cache only means: sign in online once more


def _save(store_dir: Path, data: dict) -> None:
    store_dir.mkdir(parents=True, exist_ok=True)
    path = _file(store_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def remember(store_dir: Path, principal: Principal, password: str, *, now: dt.datetime | None = None) -> None:
    """After an online sign-in: cache the verifier and the principal."""
    verifier = _HASHER.hash(password)  # the slow part, outside the lock
    with _LOCK:
        _store(store_dir, principal, verifier, now)


def _store(store_dir: Path, principal: Principal, verifier: str, now: dt.datetime | None) -> None:
    data = _load(store_dir)
    data[principal.username] = {
        "verifier": verifier,
        "cached_at": (now or utcnow()).isoformat(),
        "failures": 0,
        "user_id": principal.user_id,
        "full_name": principal.full_name,
        "roles": format_roles(principal.roles),
        "office_code": principal.office_code,
        "district_code": principal.district_code,
    }
    _save(store_dir, data)


def forget(store_dir: Path, username: str) -> None:
    with _LOCK:
        data = _load(store_dir)
        if data.pop(username, None) is not None:
            _save(store_dir, data)


def authenticate_offline(store_dir: Path, username: str, password: str, *, max_age: dt.timedelta,
                         now: dt.datetime | None = None) -> OfflineLogin:
    with _LOCK:
        return _authenticate_offline(store_dir, username, password, max_age, now or utcnow())


def _authenticate_offline(store_dir: Path, username: str, password: str, max_age: dt.timedelta,
                          now: dt.datetime) -> OfflineLogin:
    username = username.strip()
    data = _load(store_dir)
    entry = data.get(username)
    if entry is None:
        return OfflineLogin(None, "无法连接中心服务，且该用户从未在本机联网登录过"
                                  "（规则：离线登录须先在本机联网登录一次），请连接网络后再登录")
    if entry.get("failures", 0) >= MAX_OFFLINE_FAILURES:
        return OfflineLogin(None, OFFLINE_REFUSED)
    cached_at = dt.datetime.fromisoformat(entry["cached_at"])
    age = now - cached_at
    if age > max_age:
        return OfflineLogin(None, f"离线登录凭据已过期：上次联网登录在{age.days}天前，超过{max_age.days}天的期限"
                                  "（规则：离线登录凭据有效期有限），请连接网络后再登录")
    try:
        _HASHER.verify(entry["verifier"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        entry["failures"] = entry.get("failures", 0) + 1
        _save(store_dir, data)
        return OfflineLogin(None, OFFLINE_REFUSED)
    if entry.get("failures"):
        entry["failures"] = 0
        _save(store_dir, data)
    return OfflineLogin(Principal(
        user_id=entry["user_id"], username=username, full_name=entry["full_name"],
        roles=parse_roles(entry["roles"]), office_code=entry["office_code"],
        district_code=entry["district_code"]))
