"""Field work with no network: the inspector's laptop takes its tasks, records offline (the record
number 待分配), and synchronises back; the same handlers ran locally and centrally, the centre
numbered the record, and the abnormal-list proposal made on the laptop is the one the head confirms."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib

import sqlalchemy as sa

from client.kernel import clock
from client.inspections.models import AbnormalListing, InspectionPhoto, InspectionRecord
from client.kernel.models import AppUser, MarketEntity
from client.kernel.types import new_id
from client.kernel.clock import utcnow
from client.inspections.rules import blank_checklist
from client.kernel.roles import Principal, parse_roles
from client.inspections import queries as q
from client.inspections.commands import (AddInspectionPhoto, CompleteInspection, ConfirmAbnormalListing,
    CreatePlan, DrawPlan, SaveInspectionRecord)
from tests.integration.sync_helpers import TRADE_NAMES, establish, workstation

POOL = ("inspector", "inspector2", "inspector3")


def test_an_inspection_recorded_offline_is_numbered_by_the_centre_and_flows_back(central, tmp_path):
    entities = [establish(central, trade) for trade in TRADE_NAMES[:4]]
    head = central.users["head"]
    plan_id = new_id()
    assert central.bus.dispatch(CreatePlan(user_id=head, plan_id=plan_id, title="离线检查测试计划", sample_size=4,
                                           inspector_ids=[central.users[u] for u in POOL])).ok
    out = central.bus.dispatch(DrawPlan(user_id=head, plan_id=plan_id, base_version=1, seed="offline-seed-1"))
    assert out.ok, out.message
    with central.sessions() as s:
        task = q.plan_tasks(s, central.principal("head"), plan_id)[0]
    inspector = next(u for u in POOL if central.users[u] == task.inspector1_id)

    laptop = workstation(central, tmp_path, "field", user=inspector)  # takes tasks and entities before leaving
    me = central.users[inspector]
    with laptop.store.sessions() as s:
        user = s.get(AppUser, me)  # the principal as the replica knows it
        principal = Principal(user.id, user.username, user.full_name, parse_roles(user.roles),
                              user.office_code, user.district_code)
        assert task.id in {t.id for t in q.my_tasks(s, principal)}
        assert s.get(MarketEntity, task.entity_id) is not None

    # in the field: no network is used by anything below until sync()
    record_id = new_id()
    out = laptop.bus.dispatch(SaveInspectionRecord(
        user_id=me, record_id=record_id, entity_id=task.entity_id, task_id=task.id, place=task.address,
        inspected_at=utcnow() - dt.timedelta(minutes=30), inspector_ids=[task.inspector1_id, task.inspector2_id],
        checklist=blank_checklist(), findings="登记住所大门紧锁，电话无人接听", result="unreachable",
        party_ack="absent"))
    assert out.ok, out.message
    assert out.result["record_no"] is None  # 待分配 until the centre numbers it
    content = b"\xff\xd8\xff\xe0field-photo" * 100
    assert laptop.bus.dispatch(AddInspectionPhoto(
        user_id=me, photo_id=new_id(), record_id=record_id, file_name="大门.jpg",
        content_b64=base64.b64encode(content).decode(), sha256=hashlib.sha256(content).hexdigest())).ok
    done = laptop.bus.dispatch(CompleteInspection(user_id=me, record_id=record_id, base_version=1))
    assert done.ok, done.message
    proposal = done.result["abnormal_proposal_id"]
    with laptop.store.sessions() as s:
        assert q.number_text(s.get(InspectionRecord, record_id).record_no) == "待分配"
        assert s.get(AbnormalListing, proposal).state == "proposed"
    with central.sessions() as s:
        assert s.get(InspectionRecord, record_id) is None  # nothing has left the laptop yet

    laptop.sync()

    with central.sessions() as s:
        record = s.get(InspectionRecord, record_id)
        assert record.state == "completed" and record.record_no.startswith("JC440106")
        assert s.get(AbnormalListing, proposal).state == "proposed"  # the same row id on both sides
        assert s.scalar(sa.select(InspectionPhoto.sha256).where(InspectionPhoto.record_id == record_id)) == \
            hashlib.sha256(content).hexdigest()
        number = record.record_no
    with laptop.store.sessions() as s:
        assert s.get(InspectionRecord, record_id).record_no == number  # the pull brought the number

    # back at the office the head confirms the proposal made in the field
    assert central.bus.dispatch(ConfirmAbnormalListing(
        user_id=head, listing_id=proposal, base_version=1, reason="经实地核查，通过登记的住所无法联系",
        listed_on=clock.beijing_today().isoformat())).ok
    laptop.sync()
    with laptop.store.sessions() as s:
        assert s.get(MarketEntity, task.entity_id).abnormal
    assert task.entity_id in entities
