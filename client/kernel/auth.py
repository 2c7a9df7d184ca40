"""Logging in: argon2 verification, lockout after repeated failures."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.orm import Session

from client.kernel.clock import utcnow
from client.kernel.models import AppUser
from client.kernel.roles import Principal, parse_roles
from client.kernel.users import HASHER

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)

#: The one answer to a failed sign-in, whether the name is unknown, the password wrong or the
#: account locked: a stranger must not learn which names exist (nor which are locked), so it
#: states the lockout rule to everyone instead of counting down one account's attempts.
SIGN_IN_REFUSED = (f"用户名或密码错误，或账号因连续输错已被暂时锁定"
                   f"（规则：连续{MAX_FAILURES}次输错，锁定{int(LOCKOUT.total_seconds() // 60)}分钟）")


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
    if user is None:
        HASHER.hash(password)  # spend the same time as a real check
        return LoginResult(None, SIGN_IN_REFUSED)
    if user.locked_until is not None and user.locked_until > now:
        # not even checked: a locked account must not tell a guesser when the guess was right
        HASHER.hash(password)
        return LoginResult(None, SIGN_IN_REFUSED)
    try:
        HASHER.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_logins = (user.failed_logins or 0) + 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        session.commit()
        return LoginResult(None, SIGN_IN_REFUSED)
    if user.disabled:  # said only to whoever knows the password
        return LoginResult(None, "该账号已停用，请联系系统管理员")
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
