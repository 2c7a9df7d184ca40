"""A few applications and mediations in the demo database (`hongdun demo`, the embedded default),
so that the certifiers and the head find work in 待办 and a certificate to print: made through
the bus, as the counter would make them."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from client.certification import rules
from client.certification.commands import (
    AcceptMediation,
    ApplyForMediation,
    ExamineContract,
    MaterialInput,
    PartyInput,
    RecordMediationSession,
    apply_command,
)
from client.flows.commands import ApproveTask
from client.flows.models import FlowInstance, FlowTask
from client.kernel.clock import beijing_today
from client.kernel.lifecycle import EntityState
from client.kernel.models import AppUser, MarketEntity
from client.kernel.types import new_id

#: a one-page PDF standing in for a scanned contract
SAMPLE_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
              b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

CONTRACTS = (
    ("软件开发服务合同", "办公管理系统的开发、部署及一年运维服务", "1,280,000.00", "head"),
    ("房屋租赁合同", "天河路385号太古汇一座2301室整层租赁", "360,000.00", "examine"),
    ("设备采购合同", "数控机床三台及安装调试", "86,500.00", "accept"),
    ("广告发布合同", "地铁站灯箱广告发布十二个月", "240,000.00", "certified"),
)


def add_demo_work(bus, sessions) -> None:
    """Certification and mediation cases of the demo certifiers' office at every stage (skipped
    when the register has too few active entities, or the work is already there)."""
    with sessions() as s:
        users = dict(s.execute(sa.select(AppUser.username, AppUser.id)).all())
        certifier = s.get(AppUser, users.get("certifier"))
        if certifier is None or s.scalar(sa.select(sa.func.count()).select_from(FlowInstance)):
            return
        # the parties: active entities of the district first (a party may be registered anywhere)
        codes = s.scalars(sa.select(MarketEntity.uscc).where(
            MarketEntity.state == EntityState.ACTIVE.code, MarketEntity.uscc.is_not(None))
            .order_by((MarketEntity.district_code != certifier.district_code), MarketEntity.row_no).limit(8)).all()
    if len(codes) < 8:
        return
    today = beijing_today()
    for i, (title, subject, amount, stage) in enumerate(CONTRACTS):
        cmd = apply_command(
            application_id=new_id(), contract_title=title, subject=subject, amount=amount,
            term_start=today + dt.timedelta(days=10), term_end=today + dt.timedelta(days=375),
            signed_place="广州市天河区", performance_place="广州市天河区",
            parties=[PartyInput("entity", codes[2 * i]), PartyInput("entity", codes[2 * i + 1])],
            materials=[MaterialInput("contract", f"{title}.pdf", SAMPLE_PDF)], today=today, new_id=new_id,
            user_id=users["certifier"])
        _ok(bus.dispatch(cmd))
        for node, user in (("accept", "certifier"), ("examine", "certifier"), ("head", "head")):
            if stage == node:
                break
            task = _open_task(sessions, cmd.application_id, node, users[user])
            if node == "examine":
                _ok(bus.dispatch(ExamineContract(
                    user_id=users[user], application_id=cmd.application_id, task_id=task.id,
                    base_version=task.version, findings={k: "符合" for k, _ in rules.CHECKLIST}, approve=True,
                    opinion="经审查，当事人主体资格合法，合同内容真实合法，条款完备")))
            else:
                _ok(bus.dispatch(ApproveTask(user_id=users[user], task_id=task.id, base_version=task.version,
                                             opinion="同意")))
    case_id = new_id()
    _ok(bus.dispatch(ApplyForMediation(user_id=users["certifier"], case_id=case_id, applicant="广州市天河区宏达贸易有限公司",
                                       respondent="广州市番禺区立信五金制品厂", contract_title="五金配件购销合同",
                                       dispute="被申请人交付的配件规格与合同约定不符，申请人要求退货并赔偿损失。",
                                       claim_amount="52000", applied_on=today)))
    second = new_id()
    _ok(bus.dispatch(ApplyForMediation(user_id=users["certifier"], case_id=second, applicant="广州市天河区明远装饰工程有限公司",
                                       respondent="广州市白云区恒通建材经营部", contract_title="装修材料供应合同",
                                       dispute="双方就逾期供货的违约金计算方式发生争议，协商未果。",
                                       claim_amount="18000", applied_on=today)))
    task = _open_task(sessions, second, "accept", users["certifier"])
    _ok(bus.dispatch(AcceptMediation(user_id=users["certifier"], case_id=second, task_id=task.id,
                                     base_version=task.version, mediators=(users["certifier2"],))))
    _ok(bus.dispatch(RecordMediationSession(user_id=users["certifier2"], case_id=second, session_id=new_id(),
                                            held_on=today, place="五山工商所调解室",
                                            record="双方当事人到场，陈述了争议事实，同意在违约金计算上各让一步，约定下周再议。")))


def _open_task(sessions, subject_id: str, node: str, user_id: str) -> FlowTask:
    with sessions() as s:
        return s.scalars(sa.select(FlowTask).join(FlowInstance, FlowInstance.id == FlowTask.instance_id).where(
            FlowInstance.subject_id == subject_id, FlowTask.node_key == node, FlowTask.state == "open",
            FlowTask.assignee_id == user_id)).one()


def _ok(outcome) -> None:
    if not outcome.ok:
        raise RuntimeError(f"demo work refused: {outcome.message}")
