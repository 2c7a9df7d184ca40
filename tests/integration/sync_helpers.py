"""Helpers of the sync tests: entities made through the real commands, workstations on local stores
that reach their centre over HTTP (tests.centres), signed in with the demo password."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from client.kernel.types import new_id
from client.kernel.users import DEMO_PASSWORD
from client.registration.commands import ApproveApplication, SubmitEstablishment
from client.registration.models import RegApplication
from sync.enrolment import device_for, user_key_for
from sync.link import CentreLink, DeviceRecord
from sync.local_bus import LocalBus
from sync.local_store import LocalStore, open_local_store
from sync.pull import Puller
from sync.push import Pusher
from sync.remote import DeviceSession, RemoteApplier, RemoteFeed, UserSession
from sync.theirs import central_record_reader
from tests.integration.test_registration_flow import company_items

TRADE_NAMES = ["澄明", "远航", "青松", "晨曦", "恒泰", "锦程", "瑞丰", "星河", "博雅", "凌云",
               "嘉禾", "鼎盛", "安和", "汇通", "明德", "启航", "华彩", "永信", "东升", "立达"]


def establish(central, trade: str, *, clerk="clerk", reviewer="reviewer") -> str:
    app_id = new_id()
    out = central.bus.dispatch(SubmitEstablishment(
        user_id=central.users[clerk], application_id=app_id,
        items=company_items(name=f"广州市天河区{trade}软件科技有限公司")))
    assert out.ok, out
    out = central.bus.dispatch(ApproveApplication(user_id=central.users[reviewer], application_id=app_id,
                                                  base_version=1))
    assert out.ok, out
    return out.result["entity_id"]


@dataclass
class Workstation:
    store: LocalStore
    bus: LocalBus
    pusher: Pusher
    puller: Puller
    device_id: str
    link: CentreLink
    device: DeviceRecord
    device_key: bytes
    user_key: bytes
    session: DeviceSession

    def sync(self):
        pushed = self.pusher.push()
        pulled = self.puller.pull()
        return pushed, pulled

    def applier(self) -> RemoteApplier:
        return RemoteApplier(self.session)


def sign_in_on(link: CentreLink, username: str, password: str = DEMO_PASSWORD):
    """A user signs in online on the workstation of `link`: (session, device, device key, user key)."""
    user = UserSession.sign_in(link.client(), username, password)
    device, key = device_for(link, user.principal, user)
    return user, device, key, user_key_for(link, user.principal, password, device, key, user)


def workstation(central, tmp_path: Path, name: str, user="clerk", *, centre_url: str | None = None) -> Workstation:
    """A workstation named `name` (its own folder, store and keys) on which `user` signed in online;
    first download done."""
    link = CentreLink([centre_url or central.centre_url], identity=f"test:{name}", base=tmp_path / name)
    _user, device, key, user_key = sign_in_on(link, user)
    store = open_local_store(tmp_path / f"{name}.db")
    with store.begin() as conn:
        store.set_state("device", {"id": device.id, "office_code": device.office_code,
                                   "district_code": device.district_code}, conn=conn)
    bus = LocalBus(store, device_id=device.id, device_key=key, user_key=user_key, user_id=central.users[user])
    session = DeviceSession(link.client(), device.id, key)
    feed = RemoteFeed(session)
    pusher = Pusher(store, RemoteApplier(session), theirs=central_record_reader(feed))
    puller = Puller(store, feed)
    ws = Workstation(store, bus, pusher, puller, device.id, link, device, key, user_key, session)
    puller.pull()
    return ws


def app_row(sessions, app_id):
    with sessions() as s:
        return s.get(RegApplication, app_id)


def count(engine, table, **where):
    t = sa.table(table, *[sa.column(k) for k in where])
    q = sa.select(sa.func.count()).select_from(t)
    for k, v in where.items():
        q = q.where(t.c[k] == v)
    with engine.connect() as c:
        return c.scalar(q)
