"""Registration end to end through the bus, on SQLite and on a real PostgreSQL."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from client.kernel.models import AppliedOp, AuditEntry, EntityEvent, MarketEntity
from client.registration.models import RegApplication
from client.kernel.types import new_id
from client.kernel.codes import new_resident_id, validate_uscc
from client.registration.commands import (ApproveApplication, RecordLicencePrinted, RejectApplication,
    RevokeLicence, SubmitChange, SubmitDeregistration, SubmitEstablishment)
from client.kernel.uow import verify_audit_chain

TODAY = dt.date.today()


def company_items(name="广州市天河区澄明软件科技有限公司", **over) -> dict[str, str]:
    items = {
        "name": name,
        "kind_code": "1130",
        "legal_rep": "李明华",
        "legal_rep_id_no": new_resident_id("440106", dt.date(1985, 3, 14), 123),
        "address": "广州市天河区天河路385号太古汇一座21楼",
        "capital_wan": "500",
        "business_scope": "软件开发；信息技术咨询服务；数据处理和存储支持服务",
        "industry_code": "65",
        "term_end": "",
        "phone": "020-38881234",
    }
    items.update(over)
    return items


def individual_items(name="广州市天河区阿芳糖水店", **over) -> dict[str, str]:
    items = {
        "name": name,
        "kind_code": "9600",
        "legal_rep": "陈阿芳",
        "legal_rep_id_no": new_resident_id("440106", dt.date(1979, 8, 2), 246),
        "address": "广州市天河区石牌东路12号首层",
        "capital_wan": "",
        "business_scope": "餐饮服务；甜品制售",
        "composition_form": "个人经营",
    }
    items.update(over)
    return items


def submit(central, items, user="clerk", **kw):
    return central.bus.dispatch(SubmitEstablishment(
        user_id=central.users[user], application_id=new_id(), items=items, **kw))


def app_version(central, app_id) -> int:
    with central.sessions() as s:
        return s.get(RegApplication, app_id).version


def approve(central, app_id, user="reviewer"):
    return central.bus.dispatch(ApproveApplication(
        user_id=central.users[user], application_id=app_id, base_version=app_version(central, app_id)))


def establish(central, items) -> MarketEntity:
    out = submit(central, items)
    assert out.ok, out.message
    out = approve(central, out.result["subject_id"])
    assert out.ok, out.message
    with central.sessions() as s:
        return s.get(MarketEntity, out.result["entity_id"])


def test_company_establishment_is_approved_with_a_valid_credit_code_of_the_district(central):
    entity = establish(central, company_items())
    assert validate_uscc(entity.uscc)
    assert entity.uscc[0:2] == "91"  # market regulation, enterprise
    assert entity.uscc[2:8] == "440106"  # the registering district's division code
    assert entity.state == "active"
    assert entity.established_on is not None
    with central.sessions() as s:
        kinds = s.scalars(sa.select(EntityEvent.kind).where(EntityEvent.entity_id == entity.id)).all()
    assert kinds == ["established"]


def test_individual_business_gets_category_2_code(central):
    entity = establish(central, individual_items())
    assert entity.uscc[0:2] == "92"
    assert entity.composition_form == "个人经营"
    assert entity.capital_wan is None


def test_bad_items_are_refused_with_chinese_messages_naming_the_field(central):
    bad_id = company_items()["legal_rep_id_no"]
    wrong_check = bad_id[:17] + ("0" if bad_id[17] != "0" else "1")
    out = submit(central, company_items(legal_rep_id_no=wrong_check, capital_wan="-5", business_scope="x" * 10_000))
    assert out.status == "rejected"
    fields = {e.field: e.message for e in out.errors}
    assert "身份证" in fields["legal_rep_id_no"] and "校验" in fields["legal_rep_id_no"]
    assert "注册资本" in fields["capital_wan"]
    assert "经营范围" in fields["business_scope"] and "1000" in fields["business_scope"]
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(RegApplication)) == 0


def test_identical_name_in_same_district_is_refused_and_similar_needs_confirmation(central):
    establish(central, company_items(name="广州市天河区澄明软件科技有限公司"))
    out = submit(central, company_items(name="广州市天河区澄明软件科技有限公司"))
    assert out.status == "rejected" and out.field == "name" and "相同" in out.message
    out = submit(central, company_items(name="广州市天河区澄明信息科技有限公司"))
    assert out.status == "rejected" and out.field == "name" and "近似" in out.message
    out = submit(central, company_items(name="广州市天河区澄明信息科技有限公司"), similar_name_confirmed=True)
    assert out.ok, out.message


def test_clerk_cannot_approve_and_submitter_cannot_approve_own_application(central):
    out = submit(central, company_items(), user="head")  # head is also a reviewer, not a clerk
    assert out.status == "rejected" and "登记员" in out.message
    out = submit(central, company_items())
    app_id = out.result["subject_id"]
    refused = approve(central, app_id, user="clerk")
    assert refused.status == "rejected" and "审核员" in refused.message


def test_reject_needs_a_reason_and_keeps_history(central):
    app_id = submit(central, company_items()).result["subject_id"]
    out = central.bus.dispatch(RejectApplication(
        user_id=central.users["reviewer"], application_id=app_id, base_version=1, reason="短"))
    assert out.status == "rejected" and "驳回理由" in out.message
    out = central.bus.dispatch(RejectApplication(
        user_id=central.users["reviewer"], application_id=app_id, base_version=1, reason="经营范围表述不规范，请补正"))
    assert out.ok
    with central.sessions() as s:
        app = s.get(RegApplication, app_id)
        assert app.state == "rejected" and app.decision_note == "经营范围表述不规范，请补正"


def test_change_then_deregistration_flow(central):
    entity = establish(central, company_items())
    change = central.bus.dispatch(SubmitChange(
        user_id=central.users["clerk"], application_id=new_id(), entity_id=entity.id,
        base_version=entity.version, items={"address": "广州市天河区体育西路191号中石化大厦B塔30楼", "capital_wan": "800"}))
    assert change.ok, change.message
    assert approve(central, change.result["subject_id"]).ok
    with central.sessions() as s:
        e = s.get(MarketEntity, entity.id)
        assert e.address.startswith("广州市天河区体育西路") and str(e.capital_wan.normalize()) == "8E+2"
        assert e.version == entity.version + 1
    dereg = central.bus.dispatch(SubmitDeregistration(
        user_id=central.users["clerk"], application_id=new_id(), entity_id=entity.id,
        base_version=entity.version + 1, reason="股东会决议解散"))
    assert dereg.ok, dereg.message
    assert approve(central, dereg.result["subject_id"]).ok
    with central.sessions() as s:
        e = s.get(MarketEntity, entity.id)
        assert e.state == "deregistered"
        events = s.scalars(sa.select(EntityEvent.kind).where(EntityEvent.entity_id == entity.id)
                           .order_by(EntityEvent.occurred_at)).all()
    assert events == ["established", "changed", "deregistered"]


def test_stale_base_version_is_a_conflict_not_an_overwrite(central):
    entity = establish(central, company_items())
    out = central.bus.dispatch(SubmitChange(
        user_id=central.users["clerk"], application_id=new_id(), entity_id=entity.id,
        base_version=entity.version + 5, items={"capital_wan": "900"}))
    assert out.status == "conflict"


def test_revocation_is_for_the_office_head_with_a_reason(central):
    entity = establish(central, company_items())
    out = central.bus.dispatch(RevokeLicence(user_id=central.users["clerk"], entity_id=entity.id,
                                             base_version=entity.version, reason="连续六个月未开业"))
    assert out.status == "rejected" and "所长" in out.message
    out = central.bus.dispatch(RevokeLicence(user_id=central.users["head"], entity_id=entity.id,
                                             base_version=entity.version, reason="连续六个月未开业",
                                             decision_no="穗天市监处罚〔2026〕18号"))
    assert out.ok, out.message
    printed = central.bus.dispatch(RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity.id,
                                                        copy="duplicate"))
    assert printed.status == "rejected" and "吊销" in printed.message


def test_other_offices_entities_are_out_of_reach(central):
    entity = establish(central, company_items())
    out = central.bus.dispatch(SubmitChange(
        user_id=central.users["clerk2"], application_id=new_id(), entity_id=entity.id,
        base_version=entity.version, items={"capital_wan": "900"}))
    assert out.status == "rejected" and "管辖" in out.message


def test_a_repeated_command_is_applied_once_and_returns_the_same_result(central):
    cmd = SubmitEstablishment(user_id=central.users["clerk"], application_id=new_id(), items=company_items())
    first = central.bus.dispatch(cmd)
    second = central.bus.dispatch(cmd)
    assert first.ok and second.ok and second.replayed
    assert first.result == second.result
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(RegApplication)) == 1
        assert s.scalar(sa.select(sa.func.count()).select_from(AppliedOp)) == 1


def test_audit_chain_covers_every_applied_command_and_detects_tampering(central):
    establish(central, company_items())
    with central.sessions() as s:
        ok, count, _ = verify_audit_chain(s)
        assert ok and count == 2
        entry = s.scalar(sa.select(AuditEntry).order_by(AuditEntry.seq))
        entry.action = "registration.something_else"
        s.commit()
        ok, _, message = verify_audit_chain(s)
    assert not ok and "篡改" in message


def test_a_homophone_trade_name_in_the_district_is_warned_as_similar(central):
    establish(central, company_items(name="广州市天河区华盛科技有限公司"))
    out = submit(central, company_items(name="广州市天河区华胜科技有限公司"))
    assert out.status == "rejected" and out.field == "name"
    assert "近似" in out.message and "华盛" in out.message
    # another district's bureau registers its own names
    out = submit(central, company_items(name="广州市白云区华胜科技有限公司"), user="baiyun")
    assert out.ok, out.message
