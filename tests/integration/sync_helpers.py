"""Helpers of the sync tests: entities made through the real commands, workstations on local stores."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from client.registration.models import RegApplication
from client.kernel.types import new_id
from client.registration.commands import ApproveApplication, SubmitEstablishment
from sync.central import CentralApplier
from sync.device import device_key, enrol
from sync.local_bus import LocalBus
from sync.local_store import LocalStore, open_local_store
from sync.pull import Puller
from sync.push import Pusher
from sync.scope import Scope
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

    def sync(self):
        pushed = self.pusher.push()
        pulled = self.puller.pull()
        return pushed, pulled


def workstation(central, tmp_path, name: str, user="clerk") -> Workstation:
    enrolment = enrol(central.sessions, central.users[user], f"测试机{name}")
    store = open_local_store(tmp_path / f"{name}.db")
    applier = CentralApplier(central.sessions)
    bus = LocalBus(store, device_id=enrolment.device_id, secret_hex=device_key(enrolment.device_id))
    puller = Puller(store, central.engine, Scope(enrolment.office_code, enrolment.district_code))
    from sync.theirs import central_record_reader
    pusher = Pusher(store, applier, theirs=central_record_reader(central.engine))
    ws = Workstation(store, bus, pusher, puller, enrolment.device_id)
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
