"""Contract certification and mediation through the bus, on SQLite and on a real PostgreSQL: the
default flow from application to 鉴证书 (with the district bureau over the threshold), 不予鉴证
with reasons, the register's state and the authorisation judged by the handler, the certificate
number and its public check, a published flow version taking over for new applications only,
mediation from application to outcome; and two workstations deciding the same node offline."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from decimal import Decimal

import pytest
import sqlalchemy as sa

from client.certification import queries as cq
from client.certification import rules
from client.certification.commands import (
    AcceptMediation,
    ApplyForMediation,
    ConcludeMediation,
    ExamineContract,
    MaterialInput,
    PartyInput,
    RecordMediationSession,
    RefuseMediation,
    apply_command,
)
from client.certification.flows import certification_flow
from client.certification.models import ContractApplication
from client.flows import queries as fq
from client.flows.commands import ApproveTask, PublishFlow, RefuseTask
from client.flows.models import FlowInstance, FlowTask
from client.kernel.clock import beijing_today
from client.kernel.codes import new_resident_id
from client.kernel.errors import InvalidInput, RuleViolation
from client.kernel.models import MarketEntity
from client.kernel.official_page import date_text
from client.kernel.types import new_id
from client.registration.commands import RevokeLicence
from sync import conflicts
from tests.integration.sync_helpers import establish, workstation
from tests.tools import require_tool

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
TODAY = dt.date(2026, 12, 7)
_PERSON = new_resident_id("440106", dt.date(1990, 1, 1), 123)
WRONG_CHECK_DIGIT = _PERSON[:17] + ("0" if _PERSON[17] != "0" else "1")


def _pdf_text(pdf: bytes, tmp_path) -> str:
    """The PDF's text (poppler), without the spaces and line breaks of its layout."""
    require_tool("pdftotext", "poppler-utils")
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", "", out.stdout)


def ok(central, command):
    out = central.bus.dispatch(command)
    assert out.ok, out.message
    return out


def two_parties(central) -> tuple[str, str]:
    codes = []
    for trade in ("甲方", "乙方"):
        entity_id = establish(central, trade)
        with central.sessions() as s:
            codes.append(s.get(MarketEntity, entity_id).uscc)
    return codes[0], codes[1]


def application(central, codes, *, amount="1,500,000.00", agent=None, authorisation=True, user="certifier",
                parties=None):
    materials = [MaterialInput("contract", "合同.pdf", PDF)]
    if agent and authorisation:
        materials.append(MaterialInput("authorisation", "授权委托书.png", PNG, party_seq=1))
    return apply_command(
        application_id=new_id(), contract_title="软件开发合同", subject="定制开发办公软件一套", amount=amount,
        term_start=dt.date(2027, 1, 1), term_end=dt.date(2027, 12, 31), signed_place="广州市天河区",
        performance_place="广州市天河区",
        parties=parties or [PartyInput("entity", codes[0]), PartyInput("entity", codes[1], agent=agent)],
        materials=materials, today=TODAY, new_id=new_id, user_id=central.users[user])


def detail(central, user, app_id):
    with central.sessions() as s:
        return cq.application_detail(s, central.principal(user), app_id)


def approve(central, user, app_id, opinion="同意"):
    d = detail(central, user, app_id)
    assert d.my_task_id, f"{user} has nothing to do on {app_id}"
    return ok(central, ApproveTask(user_id=central.users[user], task_id=d.my_task_id,
                                   base_version=d.my_task_version, opinion=opinion))


def examine(central, app_id, *, approve=True, findings=None, opinion="经审查，合同真实合法"):
    d = detail(central, "certifier", app_id)
    assert d.my_node == "examine"
    return central.bus.dispatch(ExamineContract(
        user_id=central.users["certifier"], application_id=app_id, task_id=d.my_task_id,
        base_version=d.my_task_version, findings=findings or {k: "符合" for k, _ in rules.CHECKLIST},
        approve=approve, opinion=opinion))


def test_a_contract_over_the_threshold_goes_to_the_district_and_is_certified(central):
    codes = two_parties(central)
    cmd = application(central, codes, agent="张代理")
    assert ok(central, cmd).result["application_no"].startswith("鉴受〔")
    app_id = cmd.application_id
    assert detail(central, "certifier", app_id).my_node == "accept"
    # the certifiers' 待办: both see 受理 (one of them acts for all)
    with central.sessions() as s:
        for user in ("certifier", "certifier2"):
            items = fq.todo_list(s, central.principal(user)).items
            assert [i.node_title for i in items] == ["受理"] and items[0].due_on is not None
    approve(central, "certifier", app_id, "材料齐全，予以受理")
    assert examine(central, app_id).ok
    approve(central, "head", app_id)
    assert detail(central, "dhead", app_id).my_node == "district"  # 1,500,000 > 1,000,000
    approve(central, "dhead", app_id)
    d = detail(central, "certifier", app_id)
    assert d.state == "certified" and d.certificate_no.startswith("穗天河鉴〔")
    assert d.parties[1].agent == "张代理" and d.amount == Decimal("1500000.00")
    assert d.amount_capital.startswith("壹佰伍拾万元")
    with central.sessions() as s:
        view = fq.instance_view(s, central.principal("certifier"), d.instance_id)
        assert view.outcome == "approved" and view.current_nodes == []
        assert [x.node_title for x in view.steps if x.state == "approved"] == ["受理", "鉴证员审查", "所长审批", "分局审批"]
        data = cq.certificate_data(s, central.principal("certifier"), app_id)
        assert data.number == d.certificate_no and data.certifiers == ("许文静",)
        digest = data.verify_url.split("d=")[1]
        assert cq.verify_certificate(s, d.certificate_no, digest).valid
        assert not cq.verify_certificate(s, d.certificate_no, "0" * 16).valid  # altered paper
        assert not cq.verify_certificate(s, "穗天河鉴〔2026〕第99999号", digest).valid
        found = cq.search_applications(s, central.principal("certifier"), text=codes[1])
        assert [r.application_id for r in found] == [app_id]
        assert cq.search_applications(s, central.principal("certifier"), amount_min=Decimal("2000000")) == []
        month = cq.certification_statistics(s, central.principal("head"), d.certified_on.year)
        assert sum(m.certified for m in month) == 1 and sum(m.amount for m in month) == Decimal("1500000.00")


def test_a_small_contract_skips_the_district_and_a_refusal_keeps_its_reasons(central):
    codes = two_parties(central)
    small = application(central, codes, amount="80000")
    ok(central, small)
    approve(central, "certifier", small.application_id)
    assert examine(central, small.application_id).ok
    approve(central, "head", small.application_id)
    assert detail(central, "certifier", small.application_id).state == "certified"

    refused = application(central, codes, amount="90000")
    ok(central, refused)
    approve(central, "certifier", refused.application_id)
    findings = {k: "符合" for k, _ in rules.CHECKLIST} | {"wording": "不符合：违约责任条款表述含糊"}
    out = examine(central, refused.application_id, findings=findings, approve=True)
    assert not out.ok and "文字表述准确" in out.message  # cannot certify with a 不符合
    out = examine(central, refused.application_id, findings=findings, approve=False, opinion="")
    assert not out.ok and out.field == "opinion"
    assert examine(central, refused.application_id, findings=findings, approve=False,
                   opinion="违约责任条款表述含糊，不予鉴证").ok
    d = detail(central, "certifier", refused.application_id)
    assert d.state == "refused" and d.refusal_reasons == "违约责任条款表述含糊，不予鉴证"
    assert d.certificate_no is None and d.findings["wording"].startswith("不符合")


def test_bad_applications_are_refused_naming_the_field_and_the_rule(central):
    codes = two_parties(central)
    with pytest.raises(InvalidInput) as bad:
        application(central, codes, amount="abc")
    assert bad.value.errors[0].field == "amount" and "合同金额必须是数字" in bad.value.errors[0].message
    with pytest.raises(InvalidInput) as bad:
        application(central, codes, agent="张代理", authorisation=False)
    assert [e.field for e in bad.value.errors] == ["parties.1.authorisation"]
    assert "授权委托书" in bad.value.errors[0].message
    with pytest.raises(InvalidInput) as bad:
        application(central, codes, parties=[PartyInput("entity", codes[0]),
                                             PartyInput("person", WRONG_CHECK_DIGIT, name="王五")])
    assert bad.value.errors[0].field == "parties.1.code" and "公民身份号码" in bad.value.errors[0].message

    # what the form cannot judge, the handler does: a forged command (no authorisation for the agent,
    # an amount that is not a number) and a party that is no longer 存续
    good = application(central, codes, agent="张代理")
    forged = dataclasses.replace(good, materials=good.materials[:1], amount="十万")
    out = central.bus.dispatch(forged)
    assert not out.ok and {e.field for e in out.errors} == {"amount", "parties.1.authorisation"}
    with central.sessions() as s:
        entity = s.scalar(sa.select(MarketEntity).where(MarketEntity.uscc == codes[1]))
    ok(central, RevokeLicence(user_id=central.users["head"], entity_id=entity.id, base_version=entity.version,
                              reason="连续六个月未开业，依法吊销营业执照", decision_no="穗天市监罚〔2026〕1号"))
    out = central.bus.dispatch(application(central, codes))
    assert not out.ok and out.errors[0].field == "parties.1.code"
    assert "吊销" in out.message and "不是存续状态" in out.message
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(ContractApplication)) == 0


def test_a_natural_person_is_kept_masked_and_a_material_must_be_what_it_says(central):
    codes = two_parties(central)
    person = new_resident_id("440106", dt.date(1985, 3, 14), 123)
    cmd = application(central, codes, parties=[PartyInput("entity", codes[0]), PartyInput("person", person, name="王五")])
    assert person not in str(cmd.to_dict())  # the full number never reaches the outbox or the audit
    ok(central, cmd)
    party = detail(central, "certifier", cmd.application_id).parties[1]
    assert party.code == person[:6] + "********" + person[-4:]
    fake = dataclasses.replace(cmd, application_id=new_id(), op_id=new_id(),
                               materials=({**cmd.materials[0], "content": "bm90IGEgcGRm", "sha256": "0" * 64},))
    out = central.bus.dispatch(fake)
    assert not out.ok and "SHA-256" in out.message
    with pytest.raises(InvalidInput) as bad:
        apply_command(application_id=new_id(), contract_title="合同", subject="标的物", amount="1",
                      term_start=None, term_end=None, signed_place="天河", performance_place="天河",
                      parties=[PartyInput("entity", codes[0]), PartyInput("entity", codes[1])],
                      materials=[MaterialInput("contract", "合同.docx", b"PK\x03\x04 not a pdf")],
                      today=TODAY, new_id=new_id, user_id=central.users["certifier"])
    assert "不是PDF或图片" in bad.value.errors[0].message


def test_a_published_version_runs_new_applications_and_bad_flows_are_refused_centrally(central):
    codes = two_parties(central)
    running = application(central, codes, amount="500000")
    ok(central, running)
    # the administrator lowers the district's threshold to 100,000 元
    lowered = certification_flow(Decimal("100000"))
    out = ok(central, PublishFlow(user_id=central.users["admin"], body=lowered.to_json()))
    assert out.result["version"] == 2
    refused = central.bus.dispatch(PublishFlow(user_id=central.users["head"], body=lowered.to_json()))
    assert not refused.ok and "系统管理员" in refused.message
    broken = dataclasses.replace(lowered, edges=lowered.edges[:-1])  # 分局审批 leads nowhere
    out = central.bus.dispatch(PublishFlow(user_id=central.users["admin"], body=broken.to_json()))
    assert not out.ok and out.errors[0].field == "body" and "分局审批" in out.message
    out = central.bus.dispatch(PublishFlow(user_id=central.users["admin"], body="{not json"))
    assert not out.ok and "JSON" in out.message
    new = application(central, codes, amount="500000")
    ok(central, new)
    with central.sessions() as s:
        versions = dict(s.execute(sa.select(FlowInstance.subject_id, FlowInstance.flow_version)).all())
    assert versions == {running.application_id: 1, new.application_id: 2}
    for cmd in (running, new):
        approve(central, "certifier", cmd.application_id)
        assert examine(central, cmd.application_id).ok
        approve(central, "head", cmd.application_id)
    # the running instance stays on version 1 (threshold 1,000,000): certified at the office;
    # the new one, on version 2, goes on to the district
    assert detail(central, "certifier", running.application_id).state == "certified"
    assert detail(central, "dhead", new.application_id).my_node == "district"


def test_mediation_from_application_to_agreement_and_a_refusal(central, tmp_path):
    case_id = new_id()
    ok(central, ApplyForMediation(user_id=central.users["certifier"], case_id=case_id, applicant="广州甲公司",
                                  respondent="广州乙公司", contract_title="买卖合同",
                                  dispute="乙方逾期交货三十日，甲方要求赔偿损失", claim_amount="50000",
                                  applied_on=TODAY))
    with central.sessions() as s:
        d = cq.mediation_detail(s, central.principal("certifier"), case_id)
    assert d.state == "applied" and d.my_node == "accept" and d.case_no.startswith("穗天河调〔")
    assert d.accept_by == dt.date(2026, 12, 14)  # 5 working days
    out = central.bus.dispatch(AcceptMediation(user_id=central.users["certifier"], case_id=case_id,
                                               task_id=d.my_task_id, base_version=d.my_task_version,
                                               mediators=("a", "b", "c")))
    assert not out.ok and out.field == "mediators"
    ok(central, AcceptMediation(user_id=central.users["certifier"], case_id=case_id, task_id=d.my_task_id,
                                base_version=d.my_task_version, mediators=(central.users["certifier2"],)))
    with central.sessions() as s:
        # the mediator the case names holds the 调解 step, not the one who accepted it
        assert cq.mediation_detail(s, central.principal("certifier"), case_id).my_task_id is None
        d = cq.mediation_detail(s, central.principal("certifier2"), case_id)
        with pytest.raises(RuleViolation, match="受理审查或调解中"):
            cq.mediation_pdf(s, central.principal("certifier2"), case_id)  # still mediating
    assert d.state == "mediating" and d.mediators == ["梁志刚"] and d.my_node == "mediate"
    out = central.bus.dispatch(ConcludeMediation(user_id=central.users["certifier2"], case_id=case_id,
                                                 task_id=d.my_task_id, base_version=d.my_task_version, settled=True,
                                                 agreement="乙方于十日内赔偿甲方损失三万元。"))
    assert not out.ok and "调解笔录" in out.message
    ok(central, RecordMediationSession(user_id=central.users["certifier2"], case_id=case_id, session_id=new_id(),
                                       held_on=TODAY, place="天河工商所调解室",
                                       record="双方到场，陈述意见，经调解双方同意协商解决。"))
    ok(central, ConcludeMediation(user_id=central.users["certifier2"], case_id=case_id, task_id=d.my_task_id,
                                  base_version=d.my_task_version, settled=True,
                                  agreement="乙方于十日内赔偿甲方损失三万元。"))
    with central.sessions() as s:
        d = cq.mediation_detail(s, central.principal("certifier"), case_id)
        assert d.state == "settled" and len(d.sessions) == 1 and d.agreement.startswith("乙方")
        assert s.get(FlowInstance, d.instance_id).outcome == "approved"

    other, applied = new_id(), TODAY - dt.timedelta(days=3)
    ok(central, ApplyForMediation(user_id=central.users["certifier"], case_id=other, applicant="广州丙公司",
                                  respondent="广州丁公司", contract_title="租赁合同",
                                  dispute="租金支付争议，双方各执一词，已提起诉讼", applied_on=applied))
    with central.sessions() as s:
        d = cq.mediation_detail(s, central.principal("certifier"), other)
        with pytest.raises(RuleViolation, match="受理审查或调解中"):
            cq.mediation_pdf(s, central.principal("certifier"), other)  # not decided yet: nothing to print
    ok(central, RefuseMediation(user_id=central.users["certifier"], case_id=other, task_id=d.my_task_id,
                                base_version=d.my_task_version, refusal="court", note="已由天河区人民法院立案"))
    with central.sessions() as s:
        d = cq.mediation_detail(s, central.principal("certifier"), other)
        notice = cq.mediation_pdf(s, central.principal("certifier"), other)
    assert d.state == "refused" and d.refusal_label == "争议已由人民法院受理"
    # the 不予受理通知书, to the applicant, dated the day of the refusal
    text = _pdf_text(notice, tmp_path)
    for expected in ("不予受理通知书", f"调解案号：{d.case_no}", "广州丙公司：",
                     f"你（单位）于{date_text(applied)}提出的与广州丁公司之间因《租赁合同》发生的合同争议的调解申请",
                     "本机关决定不予受理", "不予受理的理由：争议已由人民法院受理。", "已由天河区人民法院立案",
                     "当事人可以依法通过诉讼程序解决该争议。"):
        assert expected in text, expected
    signed = text.split("当事人可以依法通过诉讼程序解决该争议。")[1]  # the issuer and the date of the decision
    assert "天河" in signed and date_text(beijing_today()) in signed and date_text(applied) not in signed
    assert "调解协议书" not in text and "调解终结书" not in text


@pytest.mark.postgres
def test_two_workstations_deciding_the_same_node_offline_one_stands_the_other_sees_a_conflict(pg_central, tmp_path):
    central = pg_central
    codes = two_parties(central)
    cmd = application(central, codes, amount="1000")
    ok(central, cmd)
    a = workstation(central, tmp_path, "a", "certifier")
    b = workstation(central, tmp_path, "b", "certifier2")
    tasks = {}
    for ws, user in ((a, "certifier"), (b, "certifier2")):
        with ws.store.sessions() as s:
            items = fq.todo_list(s, central.principal(user)).items
        assert [i.node_title for i in items] == ["受理"]
        tasks[user] = items[0]
    # both offline: each accepts on their own workstation (the screen updates at once)
    for ws, user in ((a, "certifier"), (b, "certifier2")):
        item = tasks[user]
        out = ws.bus.dispatch(ApproveTask(user_id=central.users[user], task_id=item.task_id,
                                          base_version=item.task_version, opinion=f"{user}受理"))
        assert out.ok, out.message
        with ws.store.sessions() as s:
            assert [i.node_title for i in fq.todo_list(s, central.principal(user)).items] == ["鉴证员审查"]
    pushed_a, _ = a.sync()
    assert pushed_a.applied == 1
    pushed_b, _ = b.sync()
    assert pushed_b.conflicts == 1 and pushed_b.applied == 0
    [item] = conflicts.refused(b.store)
    assert item.state == "conflict"
    # exactly one step stands: certifier's; certifier2's is kept for them to see, not applied
    with central.sessions() as s:
        decided = s.execute(sa.select(FlowTask.assignee_id, FlowTask.state, FlowTask.opinion)
                            .where(FlowTask.node_key == "accept")).all()
    assert sorted((u == central.users["certifier"], st, o) for u, st, o in decided) == [
        (False, "closed", None), (True, "approved", "certifier受理")]
    # b's own records stay as b left them while the conflict waits for b (nothing is lost); once
    # b drops the refused step, the replica agrees with the centre
    assert item.theirs and any(k.startswith("flow_task:") for k in item.touched)
    conflicts.discard(b.store, b.puller, item.op_id)
    b.puller.pull()
    with b.store.sessions() as s:
        assert [i.node_title for i in fq.todo_list(s, central.principal("certifier2")).items] == ["鉴证员审查"]
        rows = dict(s.execute(sa.select(FlowTask.assignee_id, FlowTask.state).where(FlowTask.node_key == "accept")).all())
    assert rows == {central.users["certifier"]: "approved", central.users["certifier2"]: "closed"}


@pytest.mark.postgres
def test_steps_queued_offline_replay_centrally_to_the_same_state(pg_central, tmp_path):
    """The workstation's local state after offline steps equals the centre's after the push."""
    central = pg_central
    codes = two_parties(central)
    ws = workstation(central, tmp_path, "w", "certifier")
    cmd = application(central, codes, amount="2000")
    assert ws.bus.dispatch(dataclasses.replace(cmd, user_id=central.users["certifier"])).ok
    with ws.store.sessions() as s:
        d = cq.application_detail(s, central.principal("certifier"), cmd.application_id)
    assert ws.bus.dispatch(ApproveTask(user_id=central.users["certifier"], task_id=d.my_task_id,
                                       base_version=d.my_task_version, opinion="受理")).ok
    with ws.store.sessions() as s:
        d = cq.application_detail(s, central.principal("certifier"), cmd.application_id)
    # the examination is decided by its own command (the checklist with it), not a plain 不同意
    refused = ws.bus.dispatch(RefuseTask(user_id=central.users["certifier"], task_id=d.my_task_id,
                                         base_version=d.my_task_version, opinion="合同主要条款缺失"))
    assert not refused.ok and "审查要点" in refused.message
    findings = {k: "符合" for k, _ in rules.CHECKLIST} | {"clauses": "不符合：缺少违约责任条款"}
    assert ws.bus.dispatch(ExamineContract(user_id=central.users["certifier"], application_id=cmd.application_id,
                                           task_id=d.my_task_id, base_version=d.my_task_version,
                                           findings=findings, approve=False, opinion="合同主要条款缺失")).ok

    def state(sessions):
        with sessions() as s:
            tasks = s.execute(sa.select(FlowTask.id, FlowTask.node_key, FlowTask.assignee_id, FlowTask.state,
                                        FlowTask.round, FlowTask.due_on, FlowTask.opinion, FlowTask.version)
                              .order_by(FlowTask.id)).all()
            instance = s.execute(sa.select(FlowInstance.id, FlowInstance.outcome, FlowInstance.end_node)).all()
            app = s.execute(sa.select(ContractApplication.state, ContractApplication.refusal_reasons)).all()
        return [tuple(t) for t in tasks], [tuple(i) for i in instance], [tuple(a) for a in app]

    local = state(ws.store.sessions)
    pushed, _ = ws.sync()
    assert pushed.applied == 3
    assert state(central.sessions) == local
    assert local[2] == [("refused", "合同主要条款缺失")]
