"""Signing in, online or not: the centre checks the password when it answers (sync.remote);
otherwise the verifier cached at the last online sign-in does (sync.offline_login). Then the
device and the user's key (sync.enrolment), and where the user's screens read and write:
office staff on their office's local store, district and city users on the centre.

`link` is the workstation's centre (sync.link.CentreLink).
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from client.kernel.errors import PermissionDenied
from client.kernel.roles import Principal
from client.settings import Settings
from sync import offline_login
from sync.centre_client import CentreRefused, CentreUnreachable
from sync.enrolment import device_for, user_key_for
from sync.link import CentreLink
from sync.reads import Reads, SessionRunner
from sync.remote import DeviceSession, RemoteBus, RemoteQueries, UserSession
from sync.workstation import Workstation, needs_workstation, open_workstation

log = logging.getLogger(__name__)

BUREAU_NEEDS_LINK = ("无法连接中心服务。区局、市局用户的查询跨越全市数据，须联网登录"
                     "（规则：只有工商所人员可以离线工作）")


@dataclass
class SignIn:
    principal: Principal | None
    message: str | None = None
    offline: bool = False
    workstation: Workstation | None = None
    #: where the screens read (sync.reads.Reads) and write (a local bus, or the centre's)
    reads: Reads | None = None
    bus: Any = None
    #: the user's session with the centre (None when signed in offline)
    session: UserSession | None = None

    @property
    def ok(self) -> bool:
        return self.principal is not None


def sign_in(link: CentreLink, username: str, password: str, *, settings: Settings | None = None,
            now: dt.datetime | None = None) -> SignIn:
    """Check the password and prepare the user's work. Runs on a worker thread."""
    settings = settings or Settings()
    user: UserSession | None = None
    # the user's key is opened (argon2id, ~0.2 s) while the centre checks the password
    opening = _Opening(link, username.strip(), password)
    try:
        link.client()  # (waits for an embedded centre still starting; unreachable: offline)
        user = UserSession.sign_in(link.lazy_client(), username, password)
        principal = user.principal
    except CentreRefused as exc:
        return SignIn(None, exc.message)
    except CentreUnreachable as exc:
        log.info("centre unreachable at sign-in, trying the offline verifier: %s", exc)
        result = offline_login.authenticate_offline(
            link.folder, username, password, max_age=dt.timedelta(days=settings.offline_login_days), now=now)
        if not result.ok:
            return SignIn(None, f"无法连接中心服务：{short_error(exc)}\n{result.message}", offline=True)
        principal = result.principal
    online = user is not None
    if online:  # bureau users too: offline, they are then told why they must wait for the link
        # hashing the verifier costs ~150 ms of argon2: not on the way to the main window
        threading.Thread(target=offline_login.remember, args=(link.folder, principal, password),
                         kwargs={"now": now}, name="remember-login", daemon=True).start()
    elif not needs_workstation(principal):
        return SignIn(None, BUREAU_NEEDS_LINK, offline=True)
    try:
        device, device_key = device_for(link, principal, user)
        user_key = user_key_for(link, principal, password, device, device_key, user, opened=opening.result())
        if not needs_workstation(principal):
            device_session = DeviceSession(link.lazy_client(), device.id, device_key)
            return SignIn(principal, reads=Reads(RemoteQueries(user)), session=user,
                          bus=RemoteBus(device_session, device_key, user_key, principal.user_id))
        workstation = open_workstation(link, principal, device, device_key, user_key, online=online,
                                       settings=settings)
    except PermissionDenied as exc:
        return SignIn(None, exc.message, offline=not online)
    except CentreRefused as exc:
        return SignIn(None, exc.message, offline=not online)
    except CentreUnreachable:
        # the link went while enrolling: the next sign-in will try again
        return SignIn(None, "连接中心服务中断，本机登记未完成，请稍后再登录", offline=True)
    if user is not None:
        workstation.engine.keep_alive(user.token)  # the user's session lives while the worker runs
    reads = Reads(SessionRunner(workstation.sessions), RemoteQueries(user) if user is not None else None,
                  lambda: workstation.engine.status.online)
    return SignIn(principal, offline=not online, workstation=workstation, reads=reads, bus=workstation.bus,
                  session=user)


class _Opening:
    """UserKeys.open_latest on a thread of its own; `result()` waits for it."""

    def __init__(self, link: CentreLink, username: str, password: str):
        from sync.keys import UserKeys

        self._value = None
        keys = UserKeys(link.folder)

        def run() -> None:
            try:
                self._value = keys.open_latest(username, password)
            except Exception:  # noqa: BLE001 - the key is then opened the usual way
                log.warning("opening the user's key ahead failed", exc_info=True)

        self._thread = threading.Thread(target=run, name="open-user-key", daemon=True)
        self._thread.start()

    def result(self):
        self._thread.join()
        return self._value


def check_password(link: CentreLink, username: str, password: str, *, settings: Settings | None = None) -> SignIn:
    """Unlocking the idle-locked window: the same checks, without opening a store again."""
    settings = settings or Settings()
    try:
        user = UserSession.sign_in(link.client(), username, password)
        user.sign_out()
        return SignIn(user.principal)
    except CentreRefused as exc:
        return SignIn(None, exc.message)
    except CentreUnreachable:
        pass
    result = offline_login.authenticate_offline(link.folder, username, password,
                                                max_age=dt.timedelta(days=settings.offline_login_days))
    return SignIn(result.principal, result.message, offline=True)


def short_error(exc: BaseException) -> str:
    """The first line of an error, without the details."""
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]


def warm_up(link: CentreLink) -> tuple[list[str], str] | None:
    """On a worker while the login window waits for the password: this module's imports (the
    local store, the bus, the worker, the models), argon2, the centre's client; and the
    embedded demo's accounts for the login window's hint."""
    import client.kernel.auth  # noqa: F401  (argon2, the models)

    try:
        link.client()
    except CentreUnreachable:
        pass
    return link.demo_accounts
