"""Logging in: argon2 verification, lockout after repeated failures."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.orm import Session

from client.db.models import AppUser
from client.db.types import utcnow
from client.domain.roles import Principal, parse_roles
from client.services.users import HASHER

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None
    message: str | None = None  # Chinese, for the login window

    @property
    def ok(self) -> bool:
        return self.principal is not None


def authenticate(session: Session, username: str, password: str, *, now: dt.datetime | None = None) -> LoginResult:
    """Check a password; counts failures and locks the account. Commits its own changes."""
    now = now or utcnow()
    username = username.strip()
    if not username or not password:
        return LoginResult(None, "请输入用户名和密码")
    user = session.scalar(sa.select(AppUser).where(AppUser.username == username).with_for_update())
    # the same message for an unknown user and a wrong password: do not reveal which names exist
    wrong = "用户名或密码错误"
    if user is None:
        HASHER.hash(password)  # spend the same time as a real check
        return LoginResult(None, wrong)
    if user.disabled:
        return LoginResult(None, "该账号已停用，请联系系统管理员")
    if user.locked_until is not None and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        return LoginResult(None, f"连续{MAX_FAILURES}次密码错误，账号已锁定，请{minutes}分钟后再试")
    try:
        HASHER.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
            session.commit()
            return LoginResult(None, f"连续{MAX_FAILURES}次密码错误，账号已锁定{int(LOCKOUT.total_seconds() // 60)}分钟")
        left = MAX_FAILURES - user.failed_logins
        session.commit()
        return LoginResult(None, f"{wrong}，再错{left}次将锁定账号")
    user.failed_logins = 0
    user.locked_until = None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    session.commit()
    return LoginResult(Principal(
        user_id=user.id, username=user.username, full_name=user.full_name,
        roles=parse_roles(user.roles), office_code=user.office_code,
        district_code=user.district_code,
    ))
