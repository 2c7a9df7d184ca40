"""Signing in, online or not: the centre checks the password when it answers; otherwise the
verifier cached at the last online sign-in does (sync.offline_login), and office staff get
their office's local store either way (sync.workstation).

`central` is anything with `url`, `engine` and `session_factory` (the shell's CentralDatabase).
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.errors import PermissionDenied
from client.kernel.roles import Principal
from client.settings import Settings
from sync import offline_login
from sync.engine import is_disconnect
from sync.workstation import (
    Workstation,
    needs_workstation,
    open_workstation,
    stores_dir,
)

log = logging.getLogger(__name__)

BUREAU_NEEDS_LINK = ("无法连接中心数据库。区局、市局用户的查询跨越全市数据，须联网登录"
                     "（规则：只有工商所人员可以离线工作）")


class Central(Protocol):
    url: str

    @property
    def engine(self) -> sa.Engine: ...

    @property
    def session_factory(self) -> sessionmaker[Session]: ...


@dataclass
class SignIn:
    principal: Principal | None
    message: str | None = None
    offline: bool = False
    workstation: Workstation | None = None

    @property
    def ok(self) -> bool:
        return self.principal is not None


def sign_in(central: Central, username: str, password: str, *, settings: Settings | None = None,
            base: Path | None = None, now: dt.datetime | None = None) -> SignIn:
    """Check the password and prepare the user's workstation. Runs on a worker thread."""
    settings = settings or Settings()
    cache = stores_dir(central.url, base)
    try:
        result = _authenticate_online(central, username, password, now)
        online = True
    except Exception as exc:
        if not is_disconnect(exc):
            raise
        log.info("centre unreachable at sign-in, trying the offline verifier: %s", exc)
        result = offline_login.authenticate_offline(
            cache, username, password, max_age=dt.timedelta(days=settings.offline_login_days), now=now)
        online = False
        if not result.ok:
            return SignIn(None, f"无法连接数据库：{short_error(exc)}\n{result.message}", offline=True)
    if not result.ok:
        return SignIn(None, result.message, offline=not online)
    principal = result.principal
    if online:  # bureau users too: offline, they are then told why they must wait for the link
        # hashing the verifier costs ~150 ms of argon2: not on the way to the main window
        threading.Thread(target=offline_login.remember, args=(cache, principal, password),
                         kwargs={"now": now}, name="remember-login", daemon=True).start()
    if not needs_workstation(principal):
        if not online:
            return SignIn(None, BUREAU_NEEDS_LINK, offline=True)
        return SignIn(principal)
    try:
        workstation = open_workstation(central.url, central.engine, central.session_factory, principal,
                                       online=online, settings=settings, base=base)
    except PermissionDenied as exc:
        return SignIn(None, exc.message, offline=not online)
    except Exception as exc:
        if not is_disconnect(exc):
            raise
        # the link went while enrolling: the next sign-in will try again
        return SignIn(None, "连接中心数据库中断，本机登记未完成，请稍后再登录", offline=True)
    return SignIn(principal, offline=not online, workstation=workstation)


def check_password(central: Central, username: str, password: str, *, settings: Settings | None = None,
                   base: Path | None = None) -> SignIn:
    """Unlocking the idle-locked window: the same checks, without opening a store again."""
    settings = settings or Settings()
    try:
        result = _authenticate_online(central, username, password, None)
        return SignIn(result.principal, result.message)
    except Exception as exc:
        if not is_disconnect(exc):
            raise
    result = offline_login.authenticate_offline(stores_dir(central.url, base), username, password,
                                                max_age=dt.timedelta(days=settings.offline_login_days))
    return SignIn(result.principal, result.message, offline=True)


def short_error(exc: BaseException) -> str:
    """The first line of a driver error, without the SQL and the link to the docs."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def _authenticate_online(central: Central, username: str, password: str, now):
    from client.kernel.auth import authenticate

    with central.session_factory() as session:
        return authenticate(session, username, password, now=now)


def warm_up(central, *, demo_accounts: bool = False) -> tuple[list[str], str] | None:
    """On a worker while the login window waits for the password: the engine, the models,
    argon2 and this module's imports (the local store, the bus, the worker); with
    `demo_accounts`, the demo accounts' names and password for the login window's hint."""
    central.warm_up()
    if not demo_accounts:
        return None
    from client.kernel.users import DEMO_PASSWORD, demo_accounts as accounts

    with central.session_factory() as session:
        return [row[0] for row in accounts(session)], DEMO_PASSWORD


def reads_and_bus(central, workstation=None):
    """Where a signed-in user's screens read and write: an office workstation's replica and
    local bus (the centre answering wider questions while it is online); the centre itself for
    district and city users."""
    from sync.bus import CommandBus
    from sync.reads import Reads

    if workstation is not None:
        reads = Reads(workstation.sessions, central.session_factory, lambda: workstation.engine.status.online)
        return reads, workstation.bus
    return Reads(central.session_factory), CommandBus(central.session_factory)
