"""Inspections end to end through the bus, on SQLite and on a real PostgreSQL:
plan → draw → record → abnormal-list proposal → confirm → remove, with the permission and
jurisdiction checks and the Chinese messages for bad input."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib

import pytest
import sqlalchemy as sa

from client.kernel import clock
from client.inspections.models import AbnormalListing, CaseLead, InspectionPlan, InspectionRecord
from client.kernel.models import EntityEvent, MarketEntity
from client.registration.models import RegApplication
from client.kernel.types import new_id
from client.kernel.clock import utcnow
from client.kernel import pinyin
from client.inspections.rules import blank_checklist
from client.inspections import queries as q
from client.kernel.commands import from_dict
from client.inspections.commands import (AddInspectionPhoto, CompleteInspection, ConfirmAbnormalListing,
    CreatePlan, DeclineAbnormalListing, DrawPlan, OpenCaseLead, PublishPlan, RemoveAbnormalListing,
    SaveInspectionRecord)
from client.kernel.users import create_user
from client.kernel.roles import Role

TIANHE, YUEXIU = "440106", "440104"
POOL = ("inspector", "inspector2", "inspector3")


def today() -> str:
    return clock.beijing_today().isoformat()


def add_entities(central, office_code: str, district_code: str, count: int, *, start: int,
                 state: str = "active", kind: str = "9600") -> list[str]:
    ids = []
    with central.sessions() as s:
        for i in range(count):
            name = f"广州市测试{start + i}号商店"
            entity = MarketEntity(
                id=new_id(), row_no=start + i, uscc=None, name=name, name_key=pinyin.sort_key(name),
                name_initials=pinyin.initials(name), kind_code=kind, state=state, abnormal=False,
                legal_rep="王小明", address=f"广州市天河区测试路{start + i}号", district_code=district_code,
                office_code=office_code, business_scope="日用百货销售", established_on=dt.date(2020, 1, 1),
                version=1,
            )
            s.add(entity)
            ids.append(entity.id)
        s.commit()
    return ids


@pytest.fixture
def world(central):
    tianhe_office = central.principal("head").office_code
    yuexiu_office = central.principal("clerk2").office_code
    central.tianhe = add_entities(central, tianhe_office, TIANHE, 30, start=1)
    central.gone = add_entities(central, tianhe_office, TIANHE, 5, start=100, state="deregistered")
    central.yuexiu = add_entities(central, yuexiu_office, YUEXIU, 10, start=200)
    central.office = tianhe_office
    return central


def dispatch_ok(central, command):
    out = central.bus.dispatch(command)
    assert out.ok, out.message
    return out


def create_plan(central, *, size=5, pool=POOL, **kw):
    plan_id = new_id()
    dispatch_ok(central, CreatePlan(user_id=central.users["head"], plan_id=plan_id, title="2026年第四季度双随机抽查",
                                    sample_size=size, inspector_ids=[central.users[u] for u in pool], **kw))
    return plan_id


def plan_version(central, plan_id) -> int:
    with central.sessions() as s:
        return s.get(InspectionPlan, plan_id).version


def draw(central, plan_id, seed="5eed0001cafe"):
    return central.bus.dispatch(DrawPlan(user_id=central.users["head"], plan_id=plan_id,
                                         base_version=plan_version(central, plan_id), seed=seed))


def drawn_plan(central, **kw):
    plan_id = create_plan(central, **kw)
    out = draw(central, plan_id)
    assert out.ok, out.message
    return plan_id


def full_checklist(result="pass"):
    checklist = blank_checklist()
    for entry in checklist:
        entry["result"] = result
    return checklist


def save(central, task: q.TaskRow, user: str | None = None, *, record_id=None, base_version=None, **over):
    user = user or next(u for u, i in central.users.items() if i == task.inspector1_id)
    values = dict(place=task.address, inspected_at=utcnow() - dt.timedelta(hours=1),
                  inspector_ids=[task.inspector1_id, task.inspector2_id], checklist=full_checklist(),
                  findings="", result="no_problem", party_name="王小明", party_ack="signed")
    values.update(over)
    return central.bus.dispatch(SaveInspectionRecord(
        user_id=central.users[user], record_id=record_id or new_id(), entity_id=task.entity_id,
        task_id=task.id, base_version=base_version, **values))


def record_version(central, record_id) -> int:
    with central.sessions() as s:
        return s.get(InspectionRecord, record_id).version


def complete(central, record_id, user):
    return central.bus.dispatch(CompleteInspection(user_id=central.users[user], record_id=record_id,
                                                   base_version=record_version(central, record_id)))


def name_of(central, user_id):
    return next(u for u, i in central.users.items() if i == user_id)


def tasks_of(central, plan_id):
    with central.sessions() as s:
        return q.plan_tasks(s, central.principal("head"), plan_id)


# ------------------------------------------------------------------------------ plans


def test_a_plan_is_drawn_from_its_population_with_two_inspectors_each_and_a_plan_number(world):
    plan_id = create_plan(world)
    out = draw(world, plan_id)
    assert out.ok, out.message
    assert out.result["population_size"] == 30  # the office's active entities, not the deregistered
    assert out.result["plan_no"].startswith(f"CJ{TIANHE}")
    tasks = tasks_of(world, plan_id)
    assert [t.draw_pos for t in tasks] == [1, 2, 3, 4, 5]
    pool = {world.users[u] for u in POOL}
    for t in tasks:
        assert t.entity_id in world.tianhe
        assert t.inspector1_id != t.inspector2_id and {t.inspector1_id, t.inspector2_id} <= pool
        assert t.state == "assigned"
    with world.sessions() as s:
        plan = s.get(InspectionPlan, plan_id)
        assert plan.draw_seed == "5eed0001cafe" and plan.population_size == 30
        assert plan.drawn_ids == [t.entity_id for t in tasks]
        assert s.scalar(sa.select(sa.func.count()).select_from(EntityEvent).where(
            EntityEvent.kind == "insp_drawn")) == 5


def test_the_same_seed_and_population_draw_the_same_entities(world):
    first, second = create_plan(world), create_plan(world)
    assert draw(world, first, seed="same-seed-42").ok
    assert draw(world, second, seed="same-seed-42").ok
    other = create_plan(world)
    assert draw(world, other, seed="other-seed-7").ok
    with world.sessions() as s:
        a, b, c = (s.get(InspectionPlan, p).drawn_ids for p in (first, second, other))
    assert a == b
    assert a != c


def test_a_plan_is_drawn_once_and_published_after_drawing(world):
    plan_id = create_plan(world)
    out = world.bus.dispatch(PublishPlan(user_id=world.users["head"], plan_id=plan_id,
                                         base_version=plan_version(world, plan_id)))
    assert not out.ok and "只有已抽取的计划可以公示" in out.message
    assert draw(world, plan_id).ok
    again = draw(world, plan_id)
    assert not again.ok and "不能再次抽取" in again.message
    dispatch_ok(world, PublishPlan(user_id=world.users["head"], plan_id=plan_id,
                                   base_version=plan_version(world, plan_id)))
    with world.sessions() as s:
        assert s.get(InspectionPlan, plan_id).state == "published"


def test_inspectors_are_never_assigned_to_an_entity_they_registered(world):
    with world.sessions() as s:
        both = create_user(s, username="clerkinsp", full_name="钱多多", password="hongdun2026",
                           roles={Role.CLERK, Role.INSPECTOR}, office_code=world.office)
        s.flush()
        for entity_id in world.tianhe:  # registered every entity of the office
            s.add(RegApplication(id=new_id(), app_no=new_id()[:20], kind="establish", state="approved",
                                 entity_id=entity_id, office_code=world.office, district_code=TIANHE,
                                 title="x", payload={}, submitted_by=both.id, submitted_at=utcnow(), version=2))
        s.commit()
        world.users["clerkinsp"] = both.id
    plan_id = drawn_plan(world, size=10, pool=("inspector", "inspector2", "clerkinsp"))
    for t in tasks_of(world, plan_id):
        assert world.users["clerkinsp"] not in (t.inspector1_id, t.inspector2_id)


def test_those_who_inspected_last_time_are_not_assigned_again(world):
    plan_id = drawn_plan(world, size=30)  # the whole office
    for t in tasks_of(world, plan_id):
        record_id = new_id()
        assert save(world, t, record_id=record_id).ok
        assert complete(world, record_id, name_of(world, t.inspector1_id)).ok
    last = {t.entity_id: {t.inspector1_id, t.inspector2_id} for t in tasks_of(world, plan_id)}
    # with three inspectors and two excluded, nobody is left to pair: the draw says so, in Chinese
    again = create_plan(world, size=30)
    out = draw(world, again)
    assert not out.ok and "排除回避人员" in out.message
    # with a fourth in the pool every entity gets the two who did not go last time
    with world.sessions() as s:
        extra = create_user(s, username="inspector9", full_name="冯晓", password="hongdun2026",
                            roles={Role.INSPECTOR}, office_code=world.office)
        s.commit()
        world.users["inspector9"] = extra.id
    plan_id = drawn_plan(world, size=30, pool=(*POOL, "inspector9"))
    for t in tasks_of(world, plan_id):
        assert not ({t.inspector1_id, t.inspector2_id} & last[t.entity_id])


def test_plan_input_errors_are_chinese_and_name_the_field(world):
    out = world.bus.dispatch(CreatePlan(user_id=world.users["head"], plan_id=new_id(), title="抽查",
                                        sample_size=0, inspector_ids=[world.users["inspector"]]))
    assert not out.ok
    fields = {e.field: e.message for e in out.errors}
    assert fields["title"] == "计划名称至少4个字"
    assert fields["sample_size"] == "抽取数量应在1至1000之间"
    assert fields["inspector_ids"] == "检查人员名录至少2名检查员"
    out = world.bus.dispatch(CreatePlan(user_id=world.users["head"], plan_id=new_id(), title="越秀区抽查计划",
                                        sample_size=5, inspector_ids=[world.users[u] for u in POOL],
                                        office_codes=[world.principal("clerk2").office_code]))
    assert not out.ok and "不在您的管辖范围内" in out.message


def test_only_an_office_head_makes_plans_and_only_inspectors_from_their_area(world):
    out = world.bus.dispatch(CreatePlan(user_id=world.users["inspector"], plan_id=new_id(), title="检查员自拟计划",
                                        sample_size=5, inspector_ids=[world.users[u] for u in POOL]))
    assert not out.ok and out.message == "此操作需要所长权限"
    out = world.bus.dispatch(CreatePlan(user_id=world.users["head"], plan_id=new_id(), title="跨所检查员计划",
                                        sample_size=5, inspector_ids=[world.users["inspector"],
                                                                      world.users["inspector4"]]))
    assert not out.ok and "郑磊不属于您的管辖范围" in out.message


# ----------------------------------------------------------------------------- records


def test_a_record_gets_its_number_from_the_centre_and_completing_it_finishes_the_task(world):
    plan_id = drawn_plan(world)
    task = tasks_of(world, plan_id)[0]
    record_id = new_id()
    out = save(world, task, record_id=record_id, place="", result=None)
    assert out.ok, out.message
    assert out.result["record_no"].startswith(f"JC{TIANHE}")
    assert tasks_of(world, plan_id)[0].state == "recording"
    out = complete(world, record_id, name_of(world, task.inspector1_id))
    assert not out.ok
    assert {e.field: e.message for e in out.errors}["place"] == "请填写检查地点"
    assert save(world, task, record_id=record_id, base_version=record_version(world, record_id)).ok
    assert complete(world, record_id, name_of(world, task.inspector2_id)).ok
    done = tasks_of(world, plan_id)[0]
    assert done.state == "done" and done.record_no == out_no(world, record_id)
    with world.sessions() as s:
        summaries = s.scalars(sa.select(EntityEvent.summary).where(
            EntityEvent.entity_id == task.entity_id, EntityEvent.kind == "inspected")).all()
    assert summaries == [f"现场检查（笔录{out_no(world, record_id)}）：未发现问题"]
    again = save(world, task, record_id=record_id, base_version=record_version(world, record_id))
    assert not again.ok and again.message == "该检查笔录已完成，不能再修改"


def out_no(central, record_id):
    with central.sessions() as s:
        return s.get(InspectionRecord, record_id).record_no


def test_an_inspector_of_another_office_cannot_record_for_this_offices_entity(world):
    task = tasks_of(world, drawn_plan(world))[0]
    out = save(world, task, "inspector4", inspector_ids=[world.users["inspector4"], task.inspector1_id])
    assert not out.ok and out.message == "该主体不在您的管辖范围内"
    with world.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(InspectionRecord)) == 0


def test_only_the_assigned_inspectors_record_a_task(world):
    task = tasks_of(world, drawn_plan(world))[0]
    other = next(u for u in POOL if world.users[u] not in (task.inspector1_id, task.inspector2_id))
    out = save(world, task, other, inspector_ids=[world.users[other], task.inspector1_id])
    assert not out.ok and out.message == "您不是该检查任务指派的检查人员"
    out = world.bus.dispatch(SaveInspectionRecord(user_id=world.users["clerk"], record_id=new_id(),
                                                  entity_id=task.entity_id))
    assert not out.ok and out.message == "此操作需要检查员权限"


def test_record_input_errors_are_chinese_and_name_the_field(world):
    task = tasks_of(world, drawn_plan(world))[0]
    out = save(world, task, inspector_ids=[task.inspector1_id], findings="问" * 2001,
               inspected_at=utcnow() + dt.timedelta(days=2))
    fields = {e.field: e.message for e in out.errors}
    assert fields["inspector_ids"] == "检查人员至少2名"
    assert fields["inspected_at"] == "检查时间不能晚于当前时间"
    assert fields["findings"] == "检查情况不得超过2000个字，现为2001个字"
    record_id = new_id()
    assert save(world, task, record_id=record_id, checklist=full_checklist("fail"), result="corrected").ok
    out = complete(world, record_id, name_of(world, task.inspector1_id))
    assert {e.field: e.message for e in out.errors}["findings"] == \
        "检查结果为“发现问题已责令改正”，请在检查情况中写明发现的问题（至少4个字）"


def test_a_stale_record_version_is_a_conflict(world):
    task = tasks_of(world, drawn_plan(world))[0]
    record_id = new_id()
    assert save(world, task, record_id=record_id).ok
    assert save(world, task, record_id=record_id, base_version=1, findings="第一次修改").ok
    out = save(world, task, record_id=record_id, base_version=1, findings="基于旧版本的修改")
    assert out.status == "conflict"


def test_commands_survive_the_outbox_wire_form(world):
    task = tasks_of(world, drawn_plan(world))[0]
    command = SaveInspectionRecord(
        user_id=world.users[name_of(world, task.inspector1_id)], record_id=new_id(), entity_id=task.entity_id,
        task_id=task.id, place="现场", inspected_at=utcnow(), inspector_ids=[task.inspector1_id, task.inspector2_id],
        checklist=full_checklist(), result="no_problem", party_name="王小明", party_ack="signed")
    again = from_dict(command.to_dict())
    assert again == command
    assert world.bus.dispatch(again).ok


# ------------------------------------------------------------------------------ photos


def photo(user, record_id, content: bytes, name="现场.jpg", sha=None):
    return AddInspectionPhoto(user_id=user, photo_id=new_id(), record_id=record_id, file_name=name,
                              content_b64=base64.b64encode(content).decode(),
                              sha256=sha or hashlib.sha256(content).hexdigest())


def test_photos_are_kept_with_their_hash_and_limits(world):
    task = tasks_of(world, drawn_plan(world))[0]
    record_id = new_id()
    assert save(world, task, record_id=record_id).ok
    user = task.inspector1_id
    content = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    dispatch_ok(world, photo(user, record_id, content))
    out = world.bus.dispatch(photo(user, record_id, content))
    assert not out.ok and out.message == "照片“现场.jpg”已添加过"
    out = world.bus.dispatch(photo(user, record_id, b"other", sha="0" * 64))
    assert not out.ok and "校验值不符" in out.message
    out = world.bus.dispatch(photo(user, record_id, b"x" * (5 * 1024 * 1024 + 1), name="大.png"))
    assert not out.ok and "超过5 MB的限制" in out.message
    out = world.bus.dispatch(photo(user, record_id, b"GIF89a", name="动图.gif"))
    assert not out.ok and "格式不支持" in out.message
    with world.sessions() as s:
        rows = q.photos(s, world.principal(name_of(world, user)), record_id)
        assert [(r.file_name, r.byte_count, r.sha256) for r in rows] == [
            ("现场.jpg", len(content), hashlib.sha256(content).hexdigest())]
        assert q.photo_content(s, rows[0].id) == content


# ------------------------------------------------------------ results: the abnormal list, leads


def unreachable(central, task):
    record_id = new_id()
    out = save(central, task, record_id=record_id, checklist=blank_checklist(), result="unreachable",
               party_name="", party_ack="absent", findings="登记住所大门紧锁，经电话联系无人接听")
    assert out.ok, out.message
    out = complete(central, record_id, name_of(central, task.inspector1_id))
    assert out.ok, out.message
    return record_id, out.result["abnormal_proposal_id"]


def listing(central, listing_id) -> AbnormalListing:
    with central.sessions() as s:
        return s.get(AbnormalListing, listing_id)


def entity(central, entity_id) -> MarketEntity:
    with central.sessions() as s:
        return s.get(MarketEntity, entity_id)


def test_unreachable_is_proposed_confirmed_and_later_removed_with_reasons_and_dates(world):
    task = tasks_of(world, drawn_plan(world))[0]
    record_id, proposal = unreachable(world, task)
    assert proposal is not None
    with world.sessions() as s:
        rows = q.abnormal_listings(s, world.principal("head"))
    assert [(r.id, r.entity_name, r.ground, r.record_no) for r in rows] == [
        (proposal, task.entity_name, "unreachable", out_no(world, record_id))]
    assert not entity(world, task.entity_id).abnormal

    out = world.bus.dispatch(ConfirmAbnormalListing(user_id=world.users["inspector"], listing_id=proposal,
                                                    base_version=1, reason="通过登记的住所无法联系", listed_on=today()))
    assert not out.ok and out.message == "此操作需要所长权限"
    out = world.bus.dispatch(ConfirmAbnormalListing(user_id=world.users["head"], listing_id=proposal,
                                                    base_version=1, reason="", listed_on="2026-02-30"))
    fields = {e.field: e.message for e in out.errors}
    assert fields == {"reason": "列入事由至少4个字"}
    out = world.bus.dispatch(ConfirmAbnormalListing(user_id=world.users["head"], listing_id=proposal,
                                                    base_version=1, reason="经实地核查，通过登记的住所无法联系",
                                                    listed_on="2026-02-30"))
    assert out.errors[0].field == "listed_on" and "不是有效日期" in out.message
    before = entity(world, task.entity_id).version
    dispatch_ok(world, ConfirmAbnormalListing(user_id=world.users["head"], listing_id=proposal, base_version=1,
                                              reason="经实地核查，通过登记的住所无法联系", listed_on=today()))
    listed = listing(world, proposal)
    assert listed.state == "listed" and listed.listed_on.isoformat() == today()
    assert listed.listed_by == world.users["head"]
    e = entity(world, task.entity_id)
    assert e.abnormal and e.version == before + 1

    out = world.bus.dispatch(RemoveAbnormalListing(user_id=world.users["head"], listing_id=proposal,
                                                   base_version=listed.version, reason="已补报",
                                                   removed_on=today()))
    assert not out.ok and out.message == "移出事由至少4个字"
    dispatch_ok(world, RemoveAbnormalListing(user_id=world.users["head"], listing_id=proposal,
                                             base_version=listed.version, reason="已依法办理住所变更登记，可以联系",
                                             removed_on=today()))
    removed = listing(world, proposal)
    assert removed.state == "removed" and removed.removal_reason == "已依法办理住所变更登记，可以联系"
    assert not entity(world, task.entity_id).abnormal
    with world.sessions() as s:
        history = s.scalars(sa.select(EntityEvent.kind).where(EntityEvent.entity_id == task.entity_id)
                            .order_by(EntityEvent.occurred_at)).all()
    assert history == ["insp_drawn", "inspected", "abnormal_proposed", "abnormal_listed", "abnormal_removed"]


def test_a_declined_proposal_leaves_the_entity_off_the_list(world):
    task = tasks_of(world, drawn_plan(world))[0]
    _, proposal = unreachable(world, task)
    dispatch_ok(world, DeclineAbnormalListing(user_id=world.users["head"], listing_id=proposal, base_version=1,
                                              reason="当事人已主动到所说明情况，可以联系"))
    assert listing(world, proposal).state == "declined"
    assert not entity(world, task.entity_id).abnormal


def test_no_second_proposal_while_one_is_open(world):
    task = tasks_of(world, drawn_plan(world))[0]
    _, first = unreachable(world, task)
    assert first is not None
    # a second visit outside the plan (no task) finds the entity unreachable again
    record_id = new_id()
    out = world.bus.dispatch(SaveInspectionRecord(
        user_id=world.users["inspector"], record_id=record_id, entity_id=task.entity_id,
        place=task.address, inspected_at=utcnow(), inspector_ids=[world.users["inspector"], world.users["inspector3"]],
        checklist=blank_checklist(), result="unreachable", party_ack="absent", findings="再次上门，仍无法联系"))
    assert out.ok, out.message
    out = complete(world, record_id, "inspector")
    assert out.ok and out.result["abnormal_proposal_id"] is None


def test_a_head_of_another_office_cannot_confirm(world):
    task = tasks_of(world, drawn_plan(world))[0]
    _, proposal = unreachable(world, task)
    with world.sessions() as s:
        other = create_user(s, username="yxhead", full_name="何所长", password="hongdun2026",
                            roles={Role.OFFICE_HEAD}, office_code=world.principal("clerk2").office_code)
        s.commit()
        other_id = other.id
    out = world.bus.dispatch(ConfirmAbnormalListing(user_id=other_id, listing_id=proposal, base_version=1,
                                                    reason="通过登记的住所无法联系", listed_on=today()))
    assert not out.ok and out.message == "该主体不在您的管辖范围内"


def test_a_finding_opens_a_case_lead(world):
    task = tasks_of(world, drawn_plan(world))[0]
    record_id = new_id()
    inspector = name_of(world, task.inspector1_id)
    assert save(world, task, record_id=record_id, checklist=full_checklist("fail"), result="follow_up",
                findings="现场发现销售无中文标签的进口预包装食品").ok
    lead_id = new_id()
    out = world.bus.dispatch(OpenCaseLead(user_id=world.users[inspector], lead_id=lead_id, record_id=record_id,
                                          description="涉嫌销售无中文标签进口食品"))
    assert not out.ok and out.message == "检查笔录完成后才能移送案件线索"
    assert complete(world, record_id, inspector).ok
    dispatch_ok(world, OpenCaseLead(user_id=world.users[inspector], lead_id=lead_id, record_id=record_id,
                                    description="涉嫌销售无中文标签进口食品"))
    with world.sessions() as s:
        lead = s.get(CaseLead, lead_id)
        assert (lead.state, lead.source_record_id, lead.entity_id) == ("open", record_id, task.entity_id)
        assert s.scalar(sa.select(EntityEvent.summary).where(EntityEvent.kind == "case_lead")) == \
            "现场检查发现案件线索：涉嫌销售无中文标签进口食品"


def test_my_tasks_list_only_the_inspectors_own_open_tasks(world):
    plan_id = drawn_plan(world, size=10)
    with world.sessions() as s:
        mine = q.my_tasks(s, world.principal("inspector"))
        all_tasks = q.plan_tasks(s, world.principal("head"), plan_id)
    expected = [t.id for t in all_tasks if world.users["inspector"] in (t.inspector1_id, t.inspector2_id)]
    assert [t.id for t in mine] == expected
    assert all(t.plan_no and t.entity_name for t in mine)


def test_a_large_population_is_drawn_by_row_number_queries_reproducibly(world, monkeypatch):
    """The path a city-wide plan over 3 million entities takes: random row numbers checked
    against the filter in SQL, never the register loaded (forced here by a small threshold)."""
    from client.inspections import draw as inspection_draw

    monkeypatch.setattr(inspection_draw, "SMALL_POPULATION", 10)
    from client.inspections import handlers as service

    monkeypatch.setattr(service.SqlPopulation, "all_row_nos", lambda self: pytest.fail("register loaded"))
    first, second = create_plan(world, size=12), create_plan(world, size=12)
    assert draw(world, first, seed="large-path-1").ok
    assert draw(world, second, seed="large-path-1").ok
    with world.sessions() as s:
        a, b = (s.get(InspectionPlan, p).drawn_ids for p in (first, second))
    assert a == b and len(set(a)) == 12 and set(a) <= set(world.tianhe)
