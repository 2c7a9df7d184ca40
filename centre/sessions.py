"""Signing in to the centre and the session tokens that follow (DESIGN.md "Security").

The password is checked here, on the centre (argon2, the lockout: client.kernel.auth). A
sign-in returns a random token; the database keeps its SHA-256 and an expiry, so every
instance behind the load balancer knows every session, and the token is useless to whoever
reads the table. Tokens are short-lived: the workstation refreshes one before it expires.
Each request re-reads the user: a disabled account's token stops working at its next request.

A device signs in too, with its key instead of a password (`device_sign_in`): its session
pushes and pulls for the workstation whoever is signed in there, online or offline, since
every command carries its own user's proof. A revoked device's session ends at its next request.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.kernel import proofs
from client.kernel.auth import LoginResult, authenticate
from client.kernel.clock import utcnow
from client.kernel.models import AppUser, CentreSession, Device
from client.kernel.roles import Principal, parse_roles

#: how long a token lives without a refresh
TOKEN_TTL = dt.timedelta(minutes=15)
#: a device's signed sign-in request is good for this long either side of the centre's clock
DEVICE_SIGN_IN_WINDOW = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Issued:
    token: str
    expires_at: dt.datetime
    principal: Principal | None = None
    device_id: str | None = None


@dataclass(frozen=True)
class Caller:
    """Who a token belongs to: a signed-in user, or a device (its office and district)."""

    principal: Principal | None = None
    device: Device | None = None


def device_sign_in_body(device_id: str, signed_at: str) -> dict:
    return {"device_session": device_id, "at": signed_at}


def device_sign_in(session: Session, device_id: str, signed_at: str, signature: str, *,
                   address: str | None = None, now: dt.datetime | None = None) -> Issued | None:
    """A session for a device that proves it holds its key; None if it does not, or is revoked."""
    now = now or utcnow()
    try:
        when = dt.datetime.fromisoformat(signed_at)
    except ValueError:
        return None
    if when.tzinfo is None or abs(when - now) > DEVICE_SIGN_IN_WINDOW:
        return None
    device = session.get(Device, device_id)
    if device is None or device.revoked:
        return None
    if not proofs.verify(device.public_key, device_sign_in_body(device_id, signed_at), signature):
        return None
    token = secrets.token_urlsafe(32)
    expires = now + TOKEN_TTL
    session.add(CentreSession(token_hash=token_hash(token), device_id=device_id, created_at=now,
                              expires_at=expires, address=(address or "")[:45] or None))
    session.commit()
    return Issued(token, expires, device_id=device_id)


def sign_in(session: Session, username: str, password: str, *, address: str | None = None,
            now: dt.datetime | None = None) -> tuple[LoginResult, Issued | None]:
    now = now or utcnow()
    result = authenticate(session, username, password, now=now)
    if not result.ok:
        return result, None
    issued = _issue(session, result.principal, address, now)
    session.commit()
    return result, issued


def refresh(session: Session, token: str, *, now: dt.datetime | None = None) -> Issued | None:
    """A new token for a live user's session; the old one ends. None when the session is over
    (a device signs in again instead: it needs no password for that)."""
    now = now or utcnow()
    principal = principal_of(session, token, now=now)
    if principal is None:
        return None
    row = session.get(CentreSession, token_hash(token))
    address = row.address if row is not None else None
    if row is not None:
        session.delete(row)
    issued = _issue(session, principal, address, now)
    session.commit()
    return issued


def sign_out(session: Session, token: str) -> None:
    session.execute(sa.delete(CentreSession).where(CentreSession.token_hash == token_hash(token)))
    session.commit()


def caller_of(session: Session, token: str, *, now: dt.datetime | None = None) -> Caller | None:
    """Whose token this is, re-read now; None for an unknown or expired token, a disabled user,
    a revoked device."""
    now = now or utcnow()
    row = session.get(CentreSession, token_hash(token))
    if row is None or row.expires_at <= now:
        return None
    if row.device_id is not None:
        device = session.get(Device, row.device_id)
        return None if device is None or device.revoked else Caller(device=device)
    user = session.get(AppUser, row.user_id)
    if user is None or user.disabled:
        return None
    return Caller(principal=Principal(user_id=user.id, username=user.username, full_name=user.full_name,
                                      roles=parse_roles(user.roles), office_code=user.office_code,
                                      district_code=user.district_code))


def principal_of(session: Session, token: str, *, now: dt.datetime | None = None) -> Principal | None:
    """The signed-in user of a token, re-read now; None for anything else."""
    caller = caller_of(session, token, now=now)
    return caller.principal if caller is not None else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def purge_expired(session: Session, *, now: dt.datetime | None = None) -> int:
    """Forget sessions that ended (run now and then; an expired token is refused anyway)."""
    done = session.execute(sa.delete(CentreSession).where(CentreSession.expires_at <= (now or utcnow())))
    session.commit()
    return done.rowcount or 0


class Purger:
    """Runs `purge_expired` at most once per `every` in this process, on the way of a sign-in
    (any instance's purge serves all: the sessions are in the database)."""

    def __init__(self, every: dt.timedelta = dt.timedelta(minutes=10)):
        self.every = every
        self._next = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
        self._lock = threading.Lock()

    def maybe(self, session: Session, *, now: dt.datetime | None = None) -> int:
        now = now or utcnow()
        with self._lock:
            if now < self._next:
                return 0
            self._next = now + self.every
        return purge_expired(session, now=now)


def _issue(session: Session, principal: Principal, address: str | None, now: dt.datetime) -> Issued:
    token = secrets.token_urlsafe(32)
    expires = now + TOKEN_TTL
    session.add(CentreSession(token_hash=token_hash(token), user_id=principal.user_id, created_at=now,
                              expires_at=expires, address=(address or "")[:45] or None))
    return Issued(token, expires, principal=principal)
