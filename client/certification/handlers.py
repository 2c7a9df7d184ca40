"""Handlers of certification and mediation (client/certification/commands.py), and how the
area follows its flows (`on_flow_ended`: 出具鉴证书 with the centre's number, or 不予鉴证).

Every check a clerk could dodge runs here, on the centre too: a registered party must be 存续 in
the register (the centre's is the whole city's; a workstation that does not hold the party's
record lets the centre judge), an agent needs an authorisation among the materials, materials
are PDFs or images whose SHA-256 matches their bytes, the amount is a number.
"""
from __future__ import annotations

import base64
import binascii
import hashlib

import sqlalchemy as sa

from client.certification import flows, rules
from client.certification.commands import (
    AcceptMediation,
    ApplyForCertification,
    ApplyForMediation,
    ConcludeMediation,
    ExamineContract,
    RecordMediationSession,
    RefuseMediation,
)
from client.certification.models import (
    ContractApplication,
    ContractMaterial,
    ContractParty,
    MediationCase,
    MediationSession,
)
from client.certification.rules import ApplicationState, MediationState, PartyKind
from client.flows import service as flow_service
from client.flows.engine import Action
from client.flows.models import FlowInstance, FlowTask
from client.flows.service import FlowEnded
from client.kernel.clock import beijing_date
from client.kernel.ids import derived_id
from client.kernel.errors import FieldError, InvalidInput, RuleViolation
from client.kernel.models import AppUser, District, MarketEntity
from client.kernel.permissions import require_role, require_scope
from client.kernel.roles import Principal, Role
from client.kernel.text import check_text
from client.kernel.uow import LOCAL, UnitOfWork

AREA = "certification"


def _certifier(uow: UnitOfWork, user_id: str) -> Principal:
    principal = uow.principal(user_id)
    require_role(principal, Role.CERTIFIER, Role.OFFICE_HEAD)
    if not principal.office_code:
        raise RuleViolation("合同鉴证和调解由工商所受理，请使用工商所的账号办理")
    return principal


def _text(errors: list[FieldError], key: str, value: str | None, label: str, *, minimum: int, maximum: int,
          lines: bool = False) -> str:
    cleaned, problem = check_text(value, label=label, minimum=minimum, maximum=maximum, keep_lines=lines)
    if problem:
        errors.append(FieldError(key, problem))
    return cleaned


# --- certification ----------------------------------------------------------------------------------


def apply(cmd: ApplyForCertification, uow: UnitOfWork) -> dict:
    principal = _certifier(uow, cmd.user_id)
    session = uow.session
    errors: list[FieldError] = []
    title = _text(errors, "contract_title", cmd.contract_title, "合同名称", minimum=2, maximum=100)
    subject = _text(errors, "subject", cmd.subject, "合同标的", minimum=2, maximum=500)
    amount, problem = rules.parse_amount(cmd.amount)
    if problem:
        errors.append(FieldError("amount", problem))
    if problem := rules.term_problem(cmd.term_start, cmd.term_end):
        errors.append(FieldError("term_end", problem))
    signed = _text(errors, "signed_place", cmd.signed_place, "签订地点", minimum=2, maximum=100)
    performed = _text(errors, "performance_place", cmd.performance_place, "履行地点", minimum=2, maximum=100)
    if len(cmd.parties) < 2:
        errors.append(FieldError("parties", "合同鉴证须由双方当事人申请，请填写甲方和乙方"))
    materials = _materials(cmd, errors)
    authorised = {m["party_seq"] for m in materials if m["kind"] == rules.MaterialKind.AUTHORISATION.code}
    if not any(m["kind"] == rules.MaterialKind.CONTRACT.code for m in materials):
        errors.append(FieldError("materials", "材料：必须附合同文本（扫描件或PDF）"))
    parties = []
    for i, p in enumerate(cmd.parties):
        role = rules.party_role(i)
        agent = (p.get("agent") or "").strip() or None
        if agent and i not in authorised:
            errors.append(FieldError(f"parties.{i}.authorisation", f"{role}由代理人“{agent}”办理，必须附书面授权委托书"))
        parties.append(_party(uow, i, p, errors))
    if errors:
        raise InvalidInput(errors)
    app = ContractApplication(
        id=cmd.application_id, office_code=principal.office_code, district_code=principal.district_code,
        state=ApplicationState.EXAMINING.code, contract_title=title, subject=subject, amount=amount,
        term_start=cmd.term_start, term_end=cmd.term_end, signed_place=signed, performance_place=performed,
        findings={}, applied_at=cmd.issued_at, applied_by=cmd.user_id)
    if (serial := uow.number_or_pending(f"contract_app:{principal.office_code}:{cmd.issued_at.year}")) is not None:
        app.application_no = f"鉴受〔{cmd.issued_at.year}〕{principal.office_code}第{serial:05d}号"
    session.add(app)
    session.flush()
    for i, p in enumerate(parties):
        session.add(ContractParty(id=derived_id(cmd.op_id, f"party-{i}"), application_id=app.id, seq=i,
                                  office_code=app.office_code, district_code=app.district_code, **p))
    for m in materials:
        session.add(ContractMaterial(id=m["material_id"], application_id=app.id, kind=m["kind"],
                                     party_seq=m["party_seq"], filename=m["filename"], mime=m["mime"],
                                     size=len(m["bytes"]), sha256=m["sha256"], content=m["bytes"],
                                     office_code=app.office_code, district_code=app.district_code,
                                     added_at=cmd.issued_at))
    flow_service.start_instance(
        uow, flow_key=flows.CERTIFICATION, subject_area=AREA, subject_id=app.id,
        title=f"合同鉴证：{title}", office_code=app.office_code, district_code=app.district_code,
        fields=_fields(app, parties), user_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at)
    uow.changes.update({"certification", "flows"})
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=app.office_code, op_id=cmd.op_id,
              subject_id=app.id, details={"contract": title, "amount": str(amount),
                                          "materials": {m["filename"]: m["sha256"] for m in materials}})
    return {"application_no": app.application_no}


def _fields(app: ContractApplication, parties: list[dict]) -> dict:
    return {"amount": str(app.amount), "party_kinds": [p["kind"] for p in parties]}


def _materials(cmd: ApplyForCertification, errors: list[FieldError]) -> list[dict]:
    """The materials decoded, each checked against its declared SHA-256 and its real type."""
    found = []
    for i, m in enumerate(cmd.materials):
        key = f"materials.{i}"
        try:
            data = base64.b64decode(m.get("content") or "", validate=True)
        except (binascii.Error, ValueError):
            errors.append(FieldError(key, f"材料“{m.get('filename')}”的内容不是有效的Base64"))
            continue
        if hashlib.sha256(data).hexdigest() != m.get("sha256"):
            errors.append(FieldError(key, f"材料“{m.get('filename')}”的内容与其SHA-256不符（文件可能已损坏）"))
            continue
        if problem := rules.material_problem(str(m.get("filename")), m.get("mime") or "", len(data), data[:16]):
            errors.append(FieldError(key, f"材料：{problem}"))
            continue
        try:
            kind = rules.MaterialKind.from_code(m.get("kind")).code
        except ValueError:
            errors.append(FieldError(key, f"材料“{m.get('filename')}”的类别无法识别"))
            continue
        found.append({**m, "kind": kind, "bytes": data, "filename": str(m.get("filename"))[-200:]})
    return found


def _party(uow: UnitOfWork, index: int, p: dict, errors: list[FieldError]) -> dict:
    """One party as stored; a registered one judged against the register."""
    role = rules.party_role(index)
    kind, code = p.get("kind"), (p.get("code") or "").strip().upper()
    out = {"kind": kind, "code": code, "person_id_hash": p.get("person_id_hash"), "name": (p.get("name") or "")[:100],
           "representative": p.get("representative"), "address": p.get("address"),
           "agent": (p.get("agent") or "").strip() or None, "entity_state": p.get("entity_state")}
    if kind == PartyKind.ENTITY.code:
        entity = uow.session.scalar(sa.select(MarketEntity).where(MarketEntity.uscc == code))
        if entity is None:
            if uow.location != LOCAL:  # the centre holds the whole register
                errors.append(FieldError(f"parties.{index}.code",
                                         f"{role}统一社会信用代码{code}在登记簿中不存在，请核对"))
            elif out["entity_state"] and (problem := rules.entity_refusal(role, out["name"], out["entity_state"])):
                errors.append(FieldError(f"parties.{index}.code", problem))
            return out
        if problem := rules.entity_refusal(role, entity.name, entity.state):
            errors.append(FieldError(f"parties.{index}.code", problem))
        out.update(name=entity.name, entity_state=entity.state, representative=entity.legal_rep,
                   address=entity.address)
    elif kind == PartyKind.PERSON.code:
        if not (len(code) == 18 and "*" in code and p.get("person_id_hash")):
            errors.append(FieldError(f"parties.{index}.code", f"{role}公民身份号码须以脱敏形式提交"))
        if not out["name"] or len(out["name"]) < 2:
            errors.append(FieldError(f"parties.{index}.name", f"{role}姓名为必填项"))
    else:
        errors.append(FieldError(f"parties.{index}.kind", f"{role}类型必须是市场主体或自然人"))
    return out


def examine(cmd: ExamineContract, uow: UnitOfWork) -> dict:
    principal = _certifier(uow, cmd.user_id)
    app = uow.get(ContractApplication, cmd.application_id, label="鉴证申请")
    require_scope(principal, office_code=app.office_code, district_code=app.district_code, what="该申请")
    _task_on(uow, cmd.task_id, app.id, flows.EXAMINE, label="鉴证员审查")
    errors = rules.findings_problems(dict(cmd.findings or {}), cmd.approve)
    opinion, problem = check_text(cmd.opinion, label="审查意见", minimum=0 if cmd.approve else 4, maximum=1000,
                                  keep_lines=True)
    if problem:
        errors.append(FieldError("opinion", problem if cmd.approve else problem.replace("审查意见", "不予鉴证的理由")))
    if errors:
        raise InvalidInput(errors)
    app.findings = {k: v.strip() for k, v in cmd.findings.items()}
    app.certifiers = principal.full_name[:100]
    app.version += 1
    flow_service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version,
                      action=Action.APPROVE if cmd.approve else Action.REFUSE, actor_id=cmd.user_id,
                      op_id=cmd.op_id, at=cmd.issued_at, opinion=opinion or None)
    uow.changes.update({"certification", "flows"})
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=app.office_code, op_id=cmd.op_id,
              subject_id=app.id, details={"approve": cmd.approve, "findings": app.findings})
    return {}


def _task_on(uow: UnitOfWork, task_id: str, subject_id: str, node_key: str, *, label: str) -> FlowTask:
    task = uow.get(FlowTask, task_id, label="待办事项", for_update=False)
    instance = uow.session.get(FlowInstance, task.instance_id)
    if instance is None or instance.subject_id != subject_id or task.node_key != node_key:
        raise RuleViolation(f"该待办事项不是本案的“{label}”环节")
    return task


def on_flow_ended(event: FlowEnded, uow: UnitOfWork) -> None:
    """The certification flow ended: 出具鉴证书 (the centre numbers it) or 不予鉴证 with reasons."""
    if event.subject_area != AREA:
        return
    session = uow.session
    app = session.get(ContractApplication, event.subject_id)
    if app is not None:
        app.decided_at = event.at
        if event.outcome == "approved":
            app.state = ApplicationState.CERTIFIED.code
            day = beijing_date(event.at)
            app.certified_on = day
            serial = uow.number_or_pending(f"certificate:{app.district_code}:{day.year}")
            if serial is not None:
                district = session.get(District, app.district_code)
                app.certificate_no = rules.certificate_number(district.short_name, day.year, serial)
        else:
            app.state = ApplicationState.REFUSED.code
            app.refusal_reasons = (event.opinion or "经审查，不符合合同鉴证条件")[:1000]
        app.version += 1
        uow.changes.add("certification")
        return
    case = session.get(MediationCase, event.subject_id)
    if case is not None and event.outcome != "approved" and case.state == MediationState.APPLIED.code:
        case.state = MediationState.REFUSED.code
        case.refusal = case.refusal or rules.MediationRefusal.OTHER.code
        case.refusal_note = case.refusal_note or (event.opinion or "")[:500] or None
        case.version += 1
        uow.changes.add("mediation")


# --- mediation ---------------------------------------------------------------------------------------


def apply_mediation(cmd: ApplyForMediation, uow: UnitOfWork) -> dict:
    from client.flows import workdays

    principal = _certifier(uow, cmd.user_id)
    errors: list[FieldError] = []
    applicant = _text(errors, "applicant", cmd.applicant, "申请人", minimum=2, maximum=100)
    respondent = _text(errors, "respondent", cmd.respondent, "被申请人", minimum=2, maximum=100)
    title = _text(errors, "contract_title", cmd.contract_title, "争议合同名称", minimum=2, maximum=100)
    dispute = _text(errors, "dispute", cmd.dispute, "争议事项", minimum=10, maximum=2000, lines=True)
    claim = None
    if (cmd.claim_amount or "").strip():
        claim, problem = rules.parse_amount(cmd.claim_amount, label="争议金额")
        if problem:
            errors.append(FieldError("claim_amount", problem))
    if applicant and applicant == respondent:
        errors.append(FieldError("respondent", "被申请人：不能与申请人相同"))
    today = beijing_date(cmd.issued_at)
    if cmd.applied_on > today:
        errors.append(FieldError("applied_on", "申请日期：不能晚于今天"))
    if errors:
        raise InvalidInput(errors)
    case = MediationCase(id=cmd.case_id, office_code=principal.office_code, district_code=principal.district_code,
                         state=MediationState.APPLIED.code, applicant=applicant, respondent=respondent,
                         contract_title=title, dispute=dispute, claim_amount=claim, applied_on=cmd.applied_on,
                         accept_by=workdays.add_working_days(cmd.applied_on, rules.SETTINGS.mediation_accept_days),
                         applied_by=cmd.user_id)
    if (serial := uow.number_or_pending(f"mediation:{principal.district_code}:{cmd.applied_on.year}")) is not None:
        district = uow.session.get(District, principal.district_code)
        case.case_no = f"穗{district.short_name}调〔{cmd.applied_on.year}〕第{serial:04d}号"
    uow.session.add(case)
    uow.session.flush()
    flow_service.start_instance(
        uow, flow_key=flows.MEDIATION, subject_area=AREA, subject_id=case.id, title=f"合同争议调解：{title}",
        office_code=case.office_code, district_code=case.district_code,
        fields={"claim_amount": str(claim) if claim is not None else None, "mediators": []},
        user_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at)
    uow.changes.update({"mediation", "flows"})
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=case.office_code, op_id=cmd.op_id,
              subject_id=case.id)
    return {"case_no": case.case_no}


def _case(uow: UnitOfWork, principal: Principal, case_id: str, *states: MediationState) -> MediationCase:
    case = uow.get(MediationCase, case_id, label="调解案件")
    require_scope(principal, office_code=case.office_code, district_code=case.district_code, what="该调解案件")
    if states and case.state not in {s.code for s in states}:
        raise RuleViolation(f"该调解案件当前为“{MediationState.label_of(case.state)}”，不能办理此操作")
    return case


def accept_mediation(cmd: AcceptMediation, uow: UnitOfWork) -> dict:
    principal = _certifier(uow, cmd.user_id)
    case = _case(uow, principal, cmd.case_id, MediationState.APPLIED)
    _task_on(uow, cmd.task_id, case.id, flows.MEDIATION_ACCEPT, label="受理审查")
    mediators = list(dict.fromkeys(cmd.mediators))
    if not 1 <= len(mediators) <= rules.SETTINGS.mediators_max:
        raise InvalidInput([FieldError("mediators", f"调解员：须指定1至{rules.SETTINGS.mediators_max}名")])
    for user_id in mediators:
        user = uow.session.get(AppUser, user_id)
        if user is None or user.disabled or user.office_code != case.office_code:
            raise InvalidInput([FieldError("mediators", "调解员：须为本所在职人员")])
    case.mediators = ",".join(mediators)
    case.state = MediationState.MEDIATING.code
    case.version += 1
    instance = uow.session.get(FlowInstance, uow.session.get(FlowTask, cmd.task_id).instance_id)
    flow_service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version, action=Action.APPROVE,
                      actor_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at, opinion=cmd.opinion,
                      fields={**(instance.fields or {}), "mediators": mediators})
    uow.changes.update({"mediation", "flows"})
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=case.office_code, op_id=cmd.op_id, subject_id=case.id)
    return {}


def refuse_mediation(cmd: RefuseMediation, uow: UnitOfWork) -> dict:
    principal = _certifier(uow, cmd.user_id)
    case = _case(uow, principal, cmd.case_id, MediationState.APPLIED)
    _task_on(uow, cmd.task_id, case.id, flows.MEDIATION_ACCEPT, label="受理审查")
    try:
        reason = rules.MediationRefusal.from_code(cmd.refusal)
    except ValueError:
        raise InvalidInput([FieldError("refusal", "不予受理的理由：请从列表中选择")]) from None
    note, problem = check_text(cmd.note, label="说明", minimum=4 if reason is rules.MediationRefusal.OTHER else 0,
                               maximum=500, keep_lines=True)
    if problem:
        raise InvalidInput([FieldError("note", problem)])
    case.refusal, case.refusal_note = reason.code, note or None
    case.state = MediationState.REFUSED.code
    case.version += 1
    flow_service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version, action=Action.REFUSE,
                      actor_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at,
                      opinion=reason.label + (f"：{note}" if note else ""))
    uow.changes.update({"mediation", "flows"})
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=case.office_code, op_id=cmd.op_id, subject_id=case.id)
    return {}


def record_session(cmd: RecordMediationSession, uow: UnitOfWork) -> dict:
    principal = _certifier(uow, cmd.user_id)
    case = _case(uow, principal, cmd.case_id, MediationState.MEDIATING)
    errors: list[FieldError] = []
    place = _text(errors, "place", cmd.place, "调解地点", minimum=2, maximum=100)
    record = _text(errors, "record", cmd.record, "调解笔录", minimum=10, maximum=4000, lines=True)
    if cmd.held_on < case.applied_on or cmd.held_on > beijing_date(cmd.issued_at):
        errors.append(FieldError("held_on", "调解日期：须在申请日期之后且不晚于今天"))
    if errors:
        raise InvalidInput(errors)
    uow.session.add(MediationSession(id=cmd.session_id, case_id=case.id, held_on=cmd.held_on, place=place,
                                     record=record, recorded_by=cmd.user_id, office_code=case.office_code,
                                     district_code=case.district_code))
    uow.changes.add("mediation")
    return {}


def conclude_mediation(cmd: ConcludeMediation, uow: UnitOfWork) -> dict:
    principal = _certifier(uow, cmd.user_id)
    case = _case(uow, principal, cmd.case_id, MediationState.MEDIATING)
    _task_on(uow, cmd.task_id, case.id, flows.MEDIATE, label="调解")
    held = uow.session.scalar(sa.select(sa.func.count()).select_from(MediationSession)
                              .where(MediationSession.case_id == case.id))
    if not held:
        raise RuleViolation("尚未记录任何调解笔录，不能结案", field="record")
    if cmd.settled:
        agreement, problem = check_text(cmd.agreement, label="调解协议内容", minimum=10, maximum=4000, keep_lines=True)
        if problem:
            raise InvalidInput([FieldError("agreement", problem)])
        case.agreement, case.referral, case.state = agreement, None, MediationState.SETTLED.code
    else:
        try:
            case.referral = rules.Referral.from_code(cmd.referral or "").code
        except ValueError:
            raise InvalidInput([FieldError("referral", "调解不成时须告知当事人申请仲裁或向人民法院起诉，请选择")]) from None
        case.agreement, case.state = None, MediationState.FAILED.code
    case.concluded_on = beijing_date(cmd.issued_at)
    case.version += 1
    flow_service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version, action=Action.APPROVE,
                      actor_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at,
                      opinion="调解成功，达成协议" if cmd.settled else f"调解不成，告知当事人{rules.Referral.label_of(case.referral)}")
    uow.changes.update({"mediation", "flows"})
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=case.office_code, op_id=cmd.op_id, subject_id=case.id,
              details={"settled": cmd.settled})
    return {}


HANDLERS = {
    ApplyForCertification: apply,
    ExamineContract: examine,
    ApplyForMediation: apply_mediation,
    AcceptMediation: accept_mediation,
    RefuseMediation: refuse_mediation,
    RecordMediationSession: record_session,
    ConcludeMediation: conclude_mediation,
}
