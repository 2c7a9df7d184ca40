"""The running program's offline half: the office's local store, the device, the local bus, the worker.

One local store per (central database, office): a laptop lent from one office to another
never mixes their replicas, and each store has its own enrolled device (DESIGN.md: a device
carries the work of its office's staff only). District and city users work online against
the centre directly (`needs_workstation`): their questions span millions of records that
no laptop holds.

Opening is done off the GUI thread (it may run migrations on a new store); the worker is
started by the shell once the main window is up.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.errors import PermissionDenied
from client.kernel.registry import registry
from client.kernel.roles import Principal
from client.settings import Settings, data_dir
from sync.central import CentralApplier
from sync.device import KEYRING_SERVICE, enrol
from sync.engine import SyncEngine, SyncStatus, SyncWorker
from sync.local_bus import LocalBus
from sync.local_store import LocalStore, open_local_store
from sync.pull import Puller, PullReport
from sync.push import Pusher
from sync.scope import Scope
from sync.theirs import central_record_reader

log = logging.getLogger(__name__)

def pulled_changes(report: PullReport) -> frozenset[str]:
    """The change tags (client.kernel.registry) of what a pull changed: the screens showing it
    look again, the others do not."""
    return registry().change_tags(report.tables)


def needs_workstation(principal: Principal) -> bool:
    """Office staff work on a local replica (online and offline alike); bureau users online."""
    return bool(principal.office_code)


def stores_dir(central_url: str, base: Path | None = None) -> Path:
    """<data dir>/stores/<hash of the central URL without its password>/."""
    key = sa.make_url(central_url).render_as_string(hide_password=True)
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    return (base or data_dir()) / "stores" / digest


@dataclass
class Workstation:
    principal: Principal
    store: LocalStore
    device_id: str
    bus: LocalBus
    engine: SyncEngine
    worker: SyncWorker

    @property
    def sessions(self) -> sessionmaker[Session]:
        return self.store.sessions

    def start(self) -> None:
        self.worker.start()

    def sync_now(self) -> None:
        self.worker.nudge()

    def on_pulled(self, listener: Callable[[PullReport], None]) -> None:
        self.engine.subscribe_pulled(listener)

    def close(self) -> None:
        self.worker.stop()
        self.store.dispose()


def open_workstation(central_url: str, central_engine: sa.Engine, central_sessions: sessionmaker[Session],
                     principal: Principal, *, online: bool, settings: Settings | None = None,
                     base: Path | None = None) -> Workstation:
    """The principal's office store, enrolled and ready (the worker not yet started).

    Offline, the store and its enrolment must exist already (from an earlier online sign-in).
    """
    settings = settings or Settings()
    if not needs_workstation(principal):
        raise ValueError("district and city users work online")
    path = stores_dir(central_url, base) / f"{principal.office_code}.db"
    if not online and not path.exists():
        raise PermissionDenied("本机没有该工商所的离线数据（规则：离线工作须先联网登录并同步一次），请连接网络后再登录")
    store = open_local_store(path)
    device = store.get_state("device")
    secret = _device_secret(device)
    if secret is None:
        if not online:
            store.dispose()
            raise PermissionDenied("本机尚未登记或设备密钥丢失（规则：离线工作须先联网登记本机），请连接网络后再登录")
        enrolment = enrol(central_sessions, principal.user_id, platform.node() or "workstation")
        device = {"id": enrolment.device_id, "office_code": enrolment.office_code,
                  "district_code": enrolment.district_code}
        with store.begin() as conn:
            store.set_state("device", device, conn=conn)
        secret = _device_secret(device)
    bus = LocalBus(store, device_id=device["id"], secret_hex=secret,
                   max_unsynced=dt.timedelta(days=settings.max_unsynced_days))
    applier = CentralApplier(central_sessions)
    pusher = Pusher(store, applier, theirs=central_record_reader(central_engine))
    puller = Puller(store, central_engine, Scope(device["office_code"], device["district_code"]))
    engine = SyncEngine(store, applier, pusher, puller, device["id"])
    worker = SyncWorker(engine, interval=float(settings.sync_interval_s))
    bus.subscribe(lambda _command, _outcome: worker.nudge())  # new work goes out at once when online
    return Workstation(principal, store, device["id"], bus, engine, worker)


def _device_secret(device: dict | None) -> str | None:
    if not device:
        return None
    import keyring

    return keyring.get_password(KEYRING_SERVICE, device["id"]) or None


__all__ = ["Workstation", "open_workstation", "needs_workstation", "stores_dir", "pulled_changes", "SyncStatus"]
