"""The card counter's commands through the bus, on SQLite and on a real PostgreSQL: each action,
its permission and jurisdiction checks, the state machine's refusals in Chinese, the hot-list kept
in step, fees, 吊销 following the entity's revocation and 注销 its deregistration, and the queries
and statistics the counter's screens read."""
from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from client.cards.models import CardEvent, CardHotlist, IcCard, IssuerKey
from client.kernel.models import AuditEntry, MarketEntity
from client.registration.models import RegApplication
from client.kernel.types import new_id
from client.kernel.codes import new_resident_id
from client.cards import queries as q
from client.cards.commands import (CancelCard, IssueCard, MakeCard, RegisterIssuerKey, ReplaceCard,
    ReportLoss, RestoreCard, RevokeIssuerKey, RewriteCard, SuspendCard, WithdrawLoss, issue_card_command)
from client.cards.handlers import serial_problem
from client.kernel.clock import CHINA_TZ, beijing_today
from client.kernel.commands import command_title, from_dict
from client.kernel.errors import InvalidInput
from client.registration.commands import ApproveApplication, RevokeLicence, SubmitDeregistration
from iccard.signature import demo_signer
from tests.integration.sync_helpers import establish

RECIPIENT_ID = new_resident_id("440104", dt.date(1990, 7, 21), 357)  # not the legal rep's
HASH_A, HASH_B = "a" * 64, "b" * 64


def dispatch_ok(central, command):
    out = central.bus.dispatch(command)
    assert out.ok, out.message
    return out


def refused(central, command) -> str:
    out = central.bus.dispatch(command)
    assert not out.ok, out
    return out.message


def register_key(central, signer=None, user="card") -> str:
    signer = signer or demo_signer()
    office = central.principal(user).office_code
    dispatch_ok(central, RegisterIssuerKey(user_id=central.users[user], key_id=signer.key_id, algorithm=1,
                                           public_key=signer.public_key_bytes().hex(), issuing_office=office))
    return signer.key_id


def card_version(central, card_id) -> int:
    with central.sessions() as s:
        return s.get(IcCard, card_id).version


def card_row(central, card_id) -> IcCard:
    with central.sessions() as s:
        return s.get(IcCard, card_id)


def make(central, entity_id, *, serial="0102030405060708", generation=1, user="card", key_id=None,
         card_id=None, content_hash=HASH_A):
    return central.bus.dispatch(MakeCard(
        user_id=central.users[user], card_id=card_id or new_id(), entity_id=entity_id, serial=serial,
        key_id=key_id or demo_signer().key_id, content_hash=content_hash, generation=generation))


def made(central, entity_id, **kw) -> str:
    card_id = new_id()
    out = make(central, entity_id, card_id=card_id, **kw)
    assert out.ok, out.message
    return card_id


def issue(central, card_id, user="card"):
    return central.bus.dispatch(issue_card_command(
        user_id=central.users[user], card_id=card_id, base_version=card_version(central, card_id),
        recipient_name="李明华", recipient_id_no=RECIPIENT_ID))


def issued(central, entity_id, **kw) -> str:
    card_id = made(central, entity_id, **kw)
    out = issue(central, card_id)
    assert out.ok, out.message
    return card_id


def act(central, cls, card_id, user="card", **kw):
    return central.bus.dispatch(cls(user_id=central.users[user], card_id=card_id,
                                    base_version=card_version(central, card_id), **kw))


def hotlist(central) -> dict[str, str]:
    with central.sessions() as s:
        return dict(s.execute(sa.select(CardHotlist.serial, CardHotlist.state)).all())


@pytest.fixture
def counter(central):
    central.entity = establish(central, "澄明")
    central.other = establish(central, "远航")
    central.yuexiu = establish(central, "青松", clerk="clerk2", reviewer="city")
    central.key_id = register_key(central)
    central.office = central.principal("card").office_code
    return central


def test_make_and_issue_record_the_card_the_fee_and_the_history(counter):
    card_id = new_id()
    out = make(counter, counter.entity, card_id=card_id)
    assert out.ok, out.message
    year = dt.datetime.now(CHINA_TZ).year
    assert out.result["card_no"] == f"K440106{year}000001" and out.result["state"] == "made"
    assert out.result["card_id"] == out.result["subject_id"] == card_id
    out = issue(counter, card_id)
    assert out.ok, out.message
    with counter.sessions() as s:
        card = s.get(IcCard, card_id)
        assert (card.state, card.generation, card.fee_fen, card.version) == ("issued", 1, 5000, 2)
        assert card.office_code == counter.office and card.district_code == "440106"
        assert card.recipient_name == "李明华" and card.recipient_id_masked == "*" * 14 + RECIPIENT_ID[-4:]
        assert len(card.recipient_id_hash) == 64 and card.issued_by == counter.users["card"]
        events = s.scalars(sa.select(CardEvent).where(CardEvent.card_id == card_id)
                           .order_by(CardEvent.occurred_at)).all()
        assert [(e.kind, e.fee_fen) for e in events] == [("make", 5000), ("issue", 0)]
        # the full ID number is nowhere: not on the card row, not in the audit log
        audit = json.dumps([a.details for a in s.scalars(sa.select(AuditEntry))], ensure_ascii=False)
        assert "cards.issue" in audit and RECIPIENT_ID not in audit
        assert RECIPIENT_ID not in json.dumps([getattr(card, c.key) for c in IcCard.__table__.c], default=str)
        assert hotlist(counter) == {}
        receipt = q.receipt_data(s, counter.principal("card"), events[0].id)
        assert (receipt.action, receipt.fee_fen, receipt.fee_item) == ("制卡", 5000, "工本费")
        assert receipt.card_no == out.result["card_no"] and receipt.operator == "林晓燕"
        issue_receipt = q.receipt_data(s, counter.principal("card"), out.result["event_id"])
        assert issue_receipt.recipient_name == "李明华" and issue_receipt.fee_fen == 0


def test_issue_command_never_carries_the_id_number_and_checks_it():
    with pytest.raises(InvalidInput) as bad:
        issue_card_command(user_id="u", card_id="c", base_version=1, recipient_name="李明华",
                           recipient_id_no=RECIPIENT_ID[:17] + ("0" if RECIPIENT_ID[17] != "0" else "1"))
    assert bad.value.field == "recipient_id_no" and "校验位错误" in bad.value.message
    cmd = issue_card_command(user_id="u", card_id="c", base_version=1, recipient_name=" 李明华 ",
                             recipient_id_no=RECIPIENT_ID)
    assert RECIPIENT_ID not in json.dumps(cmd.to_dict(), ensure_ascii=False)
    assert cmd.recipient_name == "李明华"


def test_make_refusals_name_the_rule(counter):
    e = counter.entity
    assert "需要制卡员权限" in refused(counter, MakeCard(
        user_id=counter.users["clerk"], card_id=new_id(), entity_id=e, serial="01", key_id=counter.key_id,
        content_hash=HASH_A))
    assert refused(counter, MakeCard(
        user_id=counter.users["card"], card_id=new_id(), entity_id=counter.yuexiu, serial="01",
        key_id=counter.key_id, content_hash=HASH_A)) == "该企业不在您的管辖范围内"
    assert "签发密钥“NO-SUCH-KEY”未登记" in make(counter, e, key_id="NO-SUCH-KEY").message
    assert "卡序号应为1" in make(counter, e, generation=2).message
    assert "64位小写十六进制" in make(counter, e, content_hash="xyz").message
    assert "大写十六进制" in make(counter, e, serial="0a0b").message

    card_id = made(counter, e)
    assert make(counter, e, serial="AABB").message == (
        "该企业已有一张“已制卡”状态的卡，不能制卡（规则：一个企业同时只能有一张卡；卡片遗失或损坏请办理补卡，不再使用请先注销）")
    # the same chip for another enterprise: refused, and the counter can ask before it writes
    assert "已登记为“广州市天河区澄明软件科技有限公司”的卡" in make(counter, counter.other).message
    with counter.sessions() as s:
        assert "已登记为" in serial_problem(s, "0102030405060708")
        assert serial_problem(s, "0102030405060709") is None
    assert card_row(counter, card_id).state == "made"


def test_loss_and_its_withdrawal_keep_the_hot_list(counter):
    card_id = issued(counter, counter.entity, serial="C0FFEE01")
    out = act(counter, ReportLoss, card_id, reason="企业工作人员外出时遗失")
    assert out.ok, out.message
    assert hotlist(counter) == {"C0FFEE01": "lost"}
    with counter.sessions() as s:
        assert s.get(CardHotlist, "C0FFEE01").reason == "企业工作人员外出时遗失"
    assert "该卡状态为“挂失”，不能挂失" in act(counter, ReportLoss, card_id).message
    assert "不能发卡" in issue(counter, card_id).message
    assert act(counter, WithdrawLoss, card_id).ok
    assert hotlist(counter) == {}
    assert card_row(counter, card_id).state == "issued"


def test_a_loss_is_refused_without_a_reason_naming_the_field_and_the_rule(counter):
    card_id = issued(counter, counter.entity, serial="C0FFEE02")
    for reason in ("", "   "):
        out = act(counter, ReportLoss, card_id, reason=reason)
        assert (out.ok, out.field) == (False, "reason")
        assert out.message == "挂失说明为必填项（规则：办理挂失须写明原因，至少2个字，记入卡片档案）"
    assert card_row(counter, card_id).state == "issued" and hotlist(counter) == {}
    assert act(counter, ReportLoss, card_id, reason="营业执照与卡一同遗失").ok


def test_replace_puts_the_old_card_on_the_hot_list_and_makes_generation_two(counter):
    old = issued(counter, counter.entity, serial="0A0A0A0A")
    assert act(counter, ReportLoss, old, reason="企业报称遗失").ok
    new = new_id()
    out = counter.bus.dispatch(ReplaceCard(
        user_id=counter.users["card"], old_card_id=old, base_version=card_version(counter, old), new_card_id=new,
        serial="0B0B0B0B", key_id=counter.key_id, content_hash=HASH_B, reason="遗失补办"))
    assert out.ok, out.message
    assert out.result["generation"] == 2 and out.result["old_card_id"] == old
    old_row, new_row = card_row(counter, old), card_row(counter, new)
    assert (old_row.state, old_row.replaced_by_id) == ("replaced", new)
    assert (new_row.state, new_row.generation, new_row.fee_fen) == ("made", 2, 5000)
    assert hotlist(counter) == {"0A0A0A0A": "replaced"}
    with counter.sessions() as s:
        fees = s.execute(sa.select(CardEvent.kind, CardEvent.fee_fen).where(CardEvent.fee_fen > 0)
                         .order_by(CardEvent.occurred_at)).all()
        assert fees == [("make", 5000), ("replace", 5000)]
        assert q.receipt_data(s, counter.principal("card"), out.result["event_id"]).fee_item == "补卡工本费"
        assert q.current_card(s, counter.entity).id == new
        assert q.next_generation(s, counter.entity) == 3
        detail = q.card_detail(s, counter.principal("card"), old)
        assert [e.kind for e in detail.events] == ["make", "issue", "report_loss", "replaced"]
        assert detail.hotlisted and detail.allowed_actions == []
        assert q.card_detail(s, counter.principal("card"), new).replaces_id == old
    # a replaced card is final; a suspended card must be restored before it can be replaced
    assert "该卡状态为“已补卡作废”" in act(counter, WithdrawLoss, old).message
    assert act(counter, IssueCard, new, recipient_name="李明华", recipient_id_masked="*" * 14 + "123X",
               recipient_id_hash=HASH_A).ok
    assert act(counter, SuspendCard, new, user="head", reason="涉嫌违法经营，暂停使用").ok
    out = counter.bus.dispatch(ReplaceCard(
        user_id=counter.users["card"], old_card_id=new, base_version=card_version(counter, new),
        new_card_id=new_id(), serial="0C0C0C0C", key_id=counter.key_id, content_hash=HASH_B))
    assert out.message == "该卡状态为“暂吊”，不能补卡（规则：只有状态为“已发卡”或“挂失”的卡可以补卡）"
    # a hot-listed chip cannot be made into a card again
    assert "在黑名单中" in make(counter, counter.other, serial="0A0A0A0A").message


def test_suspend_restore_and_cancel_by_the_head_or_the_card_operator(counter):
    card_id = issued(counter, counter.entity, serial="5050")
    assert act(counter, SuspendCard, card_id, user="clerk", reason="测试").message == "此操作需要制卡员或所长权限"
    assert act(counter, SuspendCard, card_id, user="head", reason="").message == (
        "暂吊理由为必填项（规则：办理暂吊须写明原因，至少2个字，记入卡片档案）")
    assert act(counter, SuspendCard, card_id, user="head", reason="查").message == "暂吊理由至少2个字"
    assert act(counter, SuspendCard, card_id, user="head", reason="涉嫌虚假登记，暂停使用").ok
    assert hotlist(counter) == {"5050": "suspended"}
    assert "不能补卡" in counter.bus.dispatch(ReplaceCard(
        user_id=counter.users["card"], old_card_id=card_id, base_version=card_version(counter, card_id),
        new_card_id=new_id(), serial="5151", key_id=counter.key_id, content_hash=HASH_B)).message
    assert act(counter, RestoreCard, card_id, user="card", reason="核查完毕，恢复使用").ok
    assert hotlist(counter) == {}
    assert act(counter, CancelCard, card_id, user="head", reason="企业申请注销卡片").ok
    assert hotlist(counter) == {"5050": "cancelled"}
    assert card_row(counter, card_id).state_reason == "企业申请注销卡片"
    # a cancelled card does not stand in the way of a new one (generation 2)
    assert "卡序号应为2" in make(counter, counter.entity, serial="5252").message
    assert made(counter, counter.entity, serial="5252", generation=2)


def test_rewrite_checks_the_card_in_the_reader(counter):
    card_id = issued(counter, counter.entity, serial="7070")
    other_signer = demo_signer("DEMO-P256-02")
    register_key(counter, other_signer)
    out = act(counter, RewriteCard, card_id, serial="7171", content_hash=HASH_B)
    assert out.message == "读卡器中的卡（序列号7171）不是该卡（序列号7070），修改已取消"
    out = act(counter, RewriteCard, card_id, serial="7070", content_hash=HASH_B, key_id="DEMO-P256-02")
    assert out.ok, out.message
    row = card_row(counter, card_id)
    assert (row.content_hash, row.key_id, row.state, row.version) == (HASH_B, "DEMO-P256-02", "issued", 3)


def test_a_stale_version_is_a_conflict(counter):
    card_id = issued(counter, counter.entity)
    out = counter.bus.dispatch(ReportLoss(user_id=counter.users["card"], card_id=card_id, base_version=1))
    assert out.status == "conflict" and "第1版" in out.message


def test_revocation_of_the_licence_revokes_and_hot_lists_the_card(counter):
    card_id = issued(counter, counter.entity, serial="DEAD01")
    with counter.sessions() as s:
        version = s.get(MarketEntity, counter.entity).version
    dispatch_ok(counter, RevokeLicence(user_id=counter.users["head"], entity_id=counter.entity,
                                       base_version=version, reason="成立后无正当理由超过六个月未开业"))
    row = card_row(counter, card_id)
    assert row.state == "revoked" and row.state_reason == "成立后无正当理由超过六个月未开业"
    assert hotlist(counter) == {"DEAD01": "revoked"}
    with counter.sessions() as s:
        kinds = s.scalars(sa.select(CardEvent.kind).where(CardEvent.card_id == card_id)
                          .order_by(CardEvent.occurred_at)).all()
        assert kinds == ["make", "issue", "revoke"]
    assert make(counter, counter.entity, serial="DEAD02", generation=2).message == \
        "该企业状态为“吊销”，不能制卡（规则：只有存续的企业可以制卡）"
    assert act(counter, CancelCard, card_id, user="head", reason="测试注销").message.startswith("该卡状态为“吊销”")


def test_deregistration_cancels_the_card(counter):
    card_id = made(counter, counter.other, serial="BEEF")
    app_id = new_id()
    with counter.sessions() as s:
        version = s.get(MarketEntity, counter.other).version
    dispatch_ok(counter, SubmitDeregistration(user_id=counter.users["clerk"], application_id=app_id,
                                              entity_id=counter.other, base_version=version, reason="股东会决议解散"))
    dispatch_ok(counter, ApproveApplication(user_id=counter.users["reviewer"], application_id=app_id, base_version=1))
    assert card_row(counter, card_id).state == "cancelled"
    assert hotlist(counter) == {"BEEF": "cancelled"}


def test_issuer_keys_are_checked_and_can_be_revoked(counter):
    signer = demo_signer("DEMO-P256-03")
    office = counter.office
    cmd = dict(user_id=counter.users["card"], key_id="DEMO-P256-03", algorithm=1, issuing_office=office)
    assert "65字节的未压缩点" in refused(counter, RegisterIssuerKey(public_key="04" + "00" * 10, **cmd))
    assert "不是 P-256 曲线上的点" in refused(counter, RegisterIssuerKey(public_key="04" + "11" * 64, **cmd))
    assert "不支持的签名算法" in refused(counter, RegisterIssuerKey(
        public_key=signer.public_key_bytes().hex(), **{**cmd, "algorithm": 9}))
    assert refused(counter, RegisterIssuerKey(public_key=signer.public_key_bytes().hex(),
                                              **{**cmd, "issuing_office": counter.principal("clerk2").office_code})) \
        == "该工商所不在您的管辖范围内"
    # the same key again is harmless; another key under the same id is not
    assert counter.bus.dispatch(RegisterIssuerKey(
        user_id=counter.users["card"], key_id=counter.key_id, algorithm=1,
        public_key=demo_signer().public_key_bytes().hex(), issuing_office=office)).result["already"]
    assert "已被使用" in refused(counter, RegisterIssuerKey(
        user_id=counter.users["card"], key_id=counter.key_id, algorithm=1,
        public_key=signer.public_key_bytes().hex(), issuing_office=office))
    assert refused(counter, RevokeIssuerKey(user_id=counter.users["card"], key_id=counter.key_id,
                                            reason="笔记本电脑遗失")) == "此操作需要系统管理员权限"
    dispatch_ok(counter, RevokeIssuerKey(user_id=counter.users["admin"], key_id=counter.key_id, reason="笔记本电脑遗失"))
    with counter.sessions() as s:
        assert s.get(IssuerKey, counter.key_id).revoked_at is not None
        assert [k.key_id for k in q.issuer_keys(s)] == [counter.key_id]
    assert "已于" in make(counter, counter.entity).message and "停用" in make(counter, counter.entity).message


def test_lists_eligible_entities_and_statistics(counter):
    principal = counter.principal("card")
    a = issued(counter, counter.entity, serial="A1")
    b = made(counter, counter.other, serial="B1")
    assert act(counter, ReportLoss, a, reason="企业报称遗失").ok
    with counter.sessions() as s:
        rows = q.cards(s, principal)
        assert {r.id for r in rows} == {a, b}
        assert [r.id for r in q.cards(s, principal, state="lost")] == [a]
        assert [r.id for r in q.cards(s, principal, text="远航")] == [b]
        assert [r.id for r in q.cards(s, principal, text="b1")] == [b]
        uscc = s.get(MarketEntity, counter.entity).uscc
        assert [r.id for r in q.cards(s, principal, text=uscc)] == [a]
        today = beijing_today()  # the program's today (dt.datetime.now would miss a moved clock)
        assert len(q.cards(s, principal, since=today, until=today)) == 2
        assert q.cards(s, principal, since=today + dt.timedelta(days=1)) == []
        assert q.cards(s, counter.principal("clerk2")) == []  # another office sees none of them
        assert q.cards(s, counter.principal("city"), office_code=counter.office, state="made")[0].id == b
        # eligible: active, with a credit code, no live card: the Tianhe entities both have one
        assert q.eligible_entities(s, principal) == []
        assert [e.id for e in q.eligible_entities(s, counter.principal("clerk2"))] == [counter.yuexiu]
        assert [e.id for e in q.eligible_entities(s, counter.principal("city"), text="gzsthqqs")] == [counter.yuexiu]
        assert [e.id for e in q.eligible_entities(s, counter.principal("city"), text="青松")] == [counter.yuexiu]
        assert q.eligible_entities(s, counter.principal("city"), text="澄明") == []  # it has a card

        stats = q.statistics(s, principal, since=today.replace(day=1), until=today)
        assert {(r.office_code, r.state, r.count) for r in stats.by_office_state} == \
            {(counter.office, "made", 1), (counter.office, "lost", 1)}
        month = stats.by_month[-1]
        assert month.month == today.strftime("%Y-%m")
        assert (month.counts["make"], month.counts["issue"], month.counts["report_loss"], month.counts["replace"]) \
            == (2, 1, 1, 0)
        assert month.fees_fen == 10000
        assert (stats.fees.total_fen, stats.fees.count, stats.fees.by_action) == (10000, 2, {"make": 10000})
        assert stats.fees.total_text == "100.00元"
        year = q.actions_by_month(s, principal, since=dt.date(today.year, 1, 1), until=dt.date(today.year, 12, 31))
        assert len(year) == 12 and sum(m.counts["make"] for m in year) == 2
        assert q.counts_by_office_state(s, counter.principal("clerk2")) == []


def test_card_commands_survive_the_outbox_wire_form():
    samples = [
        MakeCard(user_id="u", card_id="c", entity_id="e", serial="01", key_id="k", content_hash=HASH_A, generation=2),
        issue_card_command(user_id="u", card_id="c", base_version=1, recipient_name="李明华",
                           recipient_id_no=RECIPIENT_ID),
        RewriteCard(user_id="u", card_id="c", base_version=2, serial="01", content_hash=HASH_B, key_id=None),
        ReportLoss(user_id="u", card_id="c", base_version=3), WithdrawLoss(user_id="u", card_id="c", base_version=4),
        ReplaceCard(user_id="u", old_card_id="c", base_version=1, new_card_id="d", serial="02", key_id="k",
                    content_hash=HASH_A),
        SuspendCard(user_id="u", card_id="c", base_version=1, reason="r"),
        RestoreCard(user_id="u", card_id="c", base_version=1, reason="r"),
        CancelCard(user_id="u", card_id="c", base_version=1, reason="r"),
        RegisterIssuerKey(user_id="u", key_id="k", algorithm=1, public_key="04", issuing_office="o"),
        RevokeIssuerKey(user_id="u", key_id="k", reason="r"),
    ]
    for cmd in samples:
        assert from_dict(json.loads(json.dumps(cmd.to_dict()))) == cmd
        assert command_title(cmd.name) == type(cmd).title != ""


def test_applications_are_untouched_by_card_work(counter):
    """(the deregistration hook runs only on approval, not on submission)"""
    card_id = issued(counter, counter.entity)
    with counter.sessions() as s:
        version = s.get(MarketEntity, counter.entity).version
    dispatch_ok(counter, SubmitDeregistration(user_id=counter.users["clerk"], application_id=new_id(),
                                              entity_id=counter.entity, base_version=version, reason="股东会决议解散"))
    assert card_row(counter, card_id).state == "issued"
    with counter.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(RegApplication)
                        .where(RegApplication.state == "accepted")) == 1
