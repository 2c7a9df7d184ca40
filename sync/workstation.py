"""The running program's offline half: the office's local store, the device, the local bus, the worker.

One local store per (centre, office): a laptop lent from one office to another never mixes
their replicas. The device and the user's key come from sync.enrolment. District and city
users have no replica (`needs_workstation`): their questions span millions of records that
no laptop holds, and the centre answers them (sync.remote).

Opening is done off the GUI thread (it may run migrations on a new store); the worker is
started by the shell once the main window is up.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from client.kernel.errors import PermissionDenied
from client.kernel.registry import registry
from client.kernel.roles import Principal
from client.settings import Settings
from sync.engine import SyncEngine, SyncStatus, SyncWorker
from sync.link import CentreLink, DeviceRecord
from sync.local_bus import LocalBus
from sync.local_store import LocalStore, open_local_store
from sync.pull import Puller, PullReport
from sync.push import Pusher
from sync.remote import DeviceSession, RemoteApplier, RemoteFeed
from sync.theirs import central_record_reader

log = logging.getLogger(__name__)


def pulled_changes(report: PullReport) -> frozenset[str]:
    """The change tags (client.kernel.registry) of what a pull changed: the screens showing it
    look again, the others do not."""
    return registry().change_tags(report.tables)


def needs_workstation(principal: Principal) -> bool:
    """Office staff work on a local replica (online and offline alike); bureau users online."""
    return bool(principal.office_code)


@dataclass
class Workstation:
    principal: Principal
    store: LocalStore
    device_id: str
    bus: LocalBus
    engine: SyncEngine
    worker: SyncWorker
    #: the device's own session with the centre (push, pull)
    device: DeviceSession
    #: the workstation's centre (its release policy as last heard: `link.release`)
    link: CentreLink | None = None

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


def open_workstation(link: CentreLink, principal: Principal, device: DeviceRecord, device_key: bytes,
                     user_key: bytes, *, online: bool, settings: Settings | None = None) -> Workstation:
    """The principal's office store, ready (the worker not yet started).

    Offline, the store must exist already (from an earlier online sign-in).
    """
    settings = settings or Settings()
    if not needs_workstation(principal):
        raise ValueError("district and city users work online")
    path = link.folder / f"{principal.office_code}.db"
    if not online and not path.exists():
        raise PermissionDenied("本机没有该工商所的离线数据（规则：离线工作须先联网登录并同步一次），请连接网络后再登录")
    store = open_local_store(path)
    if store.get_state("device") != {"id": device.id, "office_code": device.office_code,
                                     "district_code": device.district_code}:
        with store.begin() as conn:
            store.set_state("device", {"id": device.id, "office_code": device.office_code,
                                       "district_code": device.district_code}, conn=conn)
    bus = LocalBus(store, device_id=device.id, device_key=device_key, user_key=user_key,
                   user_id=principal.user_id, max_unsynced=dt.timedelta(days=settings.max_unsynced_days))
    return _assemble(link, principal, store, device, device_key, bus, settings)


def _assemble(link: CentreLink, principal: Principal, store: LocalStore, device: DeviceRecord, device_key: bytes,
              bus: LocalBus, settings: Settings) -> Workstation:
    session = DeviceSession(link.lazy_client(), device.id, device_key)
    feed = RemoteFeed(session)
    applier = RemoteApplier(session)
    pusher = Pusher(store, applier, theirs=central_record_reader(feed))
    puller = Puller(store, feed)
    engine = SyncEngine(store, applier, pusher, puller, device.id)
    worker = SyncWorker(engine, interval=float(settings.sync_interval_s))
    bus.subscribe(lambda _command, _outcome: worker.nudge())  # new work goes out at once when online

    def heard(status: SyncStatus) -> None:  # the link keeps the release policy the last hello told
        if status.release is not None and status.release is not link.release:
            link.keep_release(status.release)

    engine.subscribe(heard)
    return Workstation(principal, store, device.id, bus, engine, worker, session, link)


__all__ = ["Workstation", "open_workstation", "needs_workstation", "pulled_changes", "SyncStatus"]
