"""What the certification and mediation screens read: a party looked up by credit code, the
search over applications (party, number, date, amount), one application with its parties,
materials and where its flow stands, the printed documents, statistics by office and month, and
the public check of a certificate's QR code."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

import sqlalchemy as sa

from client.certification import flows, rules
from client.certification.models import (
    ContractApplication,
    ContractMaterial,
    ContractParty,
    MediationCase,
    MediationSession,
)
from client.certification.report_data import (
    CertificateData,
    FindingLine,
    MediationOutcomeData,
    MediationRefusalData,
    PartyLine,
    RefusalData,
)
from client.certification.rules import ApplicationState, MediationState, PartyKind
from client.flows import service as flow_service
from client.flows.models import FlowInstance, FlowTask
from client.kernel.codes import normalize_code
from client.kernel.errors import NotFound, RuleViolation
from client.kernel.models import AppUser, District, MarketEntity, Office
from client.kernel.numbers import PENDING
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal
from client.kernel.text import LIKE_ESCAPE, like_contains

#: where the QR code sends a phone (the public check; the centre answers /verify/certificate)
VERIFY_BASE = "https://hongdun.gz.gov.cn/verify/certificate"


@dataclass(frozen=True)
class PartyFound:
    uscc: str
    name: str
    state: str
    state_label: str
    legal_rep: str
    address: str
    refusal: str | None  # why it cannot be certified (not 存续), or None


def party_by_code(session, principal: Principal, uscc: str) -> PartyFound | None:
    """A party of a contract looked up in the register by credit code. Asked of the centre too
    (a party may be registered anywhere in the city): credit code, name, state, legal
    representative and address are public facts of the register."""
    code = normalize_code(uscc)
    entity = session.scalar(sa.select(MarketEntity).where(MarketEntity.uscc == code))
    if entity is None:
        return None
    return PartyFound(entity.uscc, entity.name, entity.state, rules.EntityState.label_of(entity.state),
                      entity.legal_rep, entity.address, rules.entity_refusal("该当事人", entity.name, entity.state))


@dataclass(frozen=True)
class ApplicationRow:
    application_id: str
    application_no: str
    certificate_no: str | None
    contract_title: str
    parties: str  # "甲方名称；乙方名称"
    amount: Decimal
    state: str
    state_label: str
    applied_at: dt.datetime
    certified_on: dt.date | None


def search_applications(session, principal: Principal, text: str = "", date_from: dt.date | None = None,
                        date_to: dt.date | None = None, amount_min: Decimal | None = None,
                        amount_max: Decimal | None = None, state: str | None = None,
                        limit: int = 200) -> list[ApplicationRow]:
    """Applications in the reader's jurisdiction: `text` matches a party's name or code, the
    受理号 or the 鉴证书编号; dates are when it was certified (or applied, while examining)."""
    a, p = ContractApplication, ContractParty
    q = sa.select(a).where(in_jurisdiction(principal, a.office_code, a.district_code))
    text = (text or "").strip()
    if text:
        pattern = like_contains(text)
        q = q.where(sa.or_(a.application_no.like(pattern, escape=LIKE_ESCAPE),
                           a.certificate_no.like(pattern, escape=LIKE_ESCAPE),
                           a.contract_title.like(pattern, escape=LIKE_ESCAPE),
                           a.id.in_(sa.select(p.application_id).where(sa.or_(
                               p.name.like(pattern, escape=LIKE_ESCAPE), p.code == normalize_code(text))))))
    day = a.certified_on
    if date_from:
        q = q.where(day >= date_from)
    if date_to:
        q = q.where(day <= date_to)
    if amount_min is not None:
        q = q.where(a.amount >= amount_min)
    if amount_max is not None:
        q = q.where(a.amount <= amount_max)
    if state:
        q = q.where(a.state == state)
    apps = session.scalars(q.order_by(a.applied_at.desc()).limit(max(1, min(limit, 1000)))).all()
    names: dict[str, list[str]] = {}
    if apps:
        for app_id, name in session.execute(sa.select(p.application_id, p.name)
                                            .where(p.application_id.in_([x.id for x in apps])).order_by(p.seq)):
            names.setdefault(app_id, []).append(name)
    return [ApplicationRow(x.id, x.application_no or PENDING, x.certificate_no, x.contract_title,
                           "；".join(names.get(x.id, [])), x.amount, x.state, ApplicationState.label_of(x.state),
                           x.applied_at, x.certified_on) for x in apps]


@dataclass(frozen=True)
class PartyView:
    seq: int
    role: str
    kind: str
    name: str
    code: str
    entity_state: str | None
    representative: str | None
    address: str | None
    agent: str | None


@dataclass(frozen=True)
class MaterialView:
    material_id: str
    kind: str
    kind_label: str
    party_seq: int | None
    filename: str
    mime: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ApplicationDetail:
    application_id: str
    version: int
    application_no: str
    state: str
    state_label: str
    contract_title: str
    subject: str
    amount: Decimal
    amount_capital: str
    term_start: dt.date | None
    term_end: dt.date | None
    signed_place: str
    performance_place: str
    parties: list[PartyView]
    materials: list[MaterialView]
    findings: dict[str, str]
    certificate_no: str | None
    certified_on: dt.date | None
    refusal_reasons: str | None
    instance_id: str | None
    #: the reader's open task on it and its node (受理 / 鉴证员审查 / 所长审批 / 分局审批)
    my_task_id: str | None
    my_task_version: int | None
    my_node: str | None


def application_detail(session, principal: Principal, application_id: str) -> ApplicationDetail:
    app = _application(session, principal, application_id)
    parties = session.scalars(sa.select(ContractParty).where(ContractParty.application_id == app.id)
                              .order_by(ContractParty.seq)).all()
    materials = session.execute(sa.select(
        ContractMaterial.id, ContractMaterial.kind, ContractMaterial.party_seq, ContractMaterial.filename,
        ContractMaterial.mime, ContractMaterial.size, ContractMaterial.sha256)
        .where(ContractMaterial.application_id == app.id).order_by(ContractMaterial.added_at)).all()
    instance_id, task = _my_task(session, principal, app.id)
    return ApplicationDetail(
        application_id=app.id, version=app.version, application_no=app.application_no or PENDING, state=app.state,
        state_label=ApplicationState.label_of(app.state), contract_title=app.contract_title, subject=app.subject,
        amount=app.amount, amount_capital=rules.amount_capital(app.amount), term_start=app.term_start,
        term_end=app.term_end, signed_place=app.signed_place, performance_place=app.performance_place,
        parties=[PartyView(p.seq, rules.party_role(p.seq), p.kind, p.name, p.code, p.entity_state, p.representative,
                           p.address, p.agent) for p in parties],
        materials=[MaterialView(m.id, m.kind, rules.MaterialKind.label_of(m.kind), m.party_seq, m.filename, m.mime,
                                m.size, m.sha256) for m in materials],
        findings=dict(app.findings or {}), certificate_no=app.certificate_no, certified_on=app.certified_on,
        refusal_reasons=app.refusal_reasons, instance_id=instance_id,
        my_task_id=task.id if task else None, my_task_version=task.version if task else None,
        my_node=task.node_key if task else None)


def _my_task(session, principal: Principal, subject_id: str):
    from client.kernel.clock import beijing_today

    instance_id = session.scalar(sa.select(FlowInstance.id).where(FlowInstance.subject_id == subject_id)
                                 .order_by(FlowInstance.started_at.desc()).limit(1))
    if instance_id is None:
        return None, None
    return instance_id, flow_service.open_task_of(session, instance_id, principal.user_id, beijing_today())


def _application(session, principal: Principal, application_id: str) -> ContractApplication:
    app = session.get(ContractApplication, application_id)
    if app is None or not principal.covers(office_code=app.office_code, district_code=app.district_code):
        raise NotFound("鉴证申请不存在或不在您的辖区")
    return app


def material_content(session, principal: Principal, material_id: str) -> bytes:
    """A material's bytes (the preview), checked against the SHA-256 it was stored with."""
    import hashlib

    m = session.get(ContractMaterial, material_id)
    if m is None or not principal.covers(office_code=m.office_code, district_code=m.district_code):
        raise NotFound("材料不存在或不在您的辖区")
    if hashlib.sha256(m.content).hexdigest() != m.sha256:
        raise RuleViolation(f"材料“{m.filename}”的内容与登记的SHA-256不符，可能已被篡改")
    return m.content


# --- printed documents -------------------------------------------------------------------------------


def _party_lines(session, app_id: str) -> tuple[PartyLine, ...]:
    parties = session.scalars(sa.select(ContractParty).where(ContractParty.application_id == app_id)
                              .order_by(ContractParty.seq)).all()
    return tuple(PartyLine(role=rules.party_role(p.seq), name=p.name,
                           id_label="统一社会信用代码" if p.kind == PartyKind.ENTITY.code else "公民身份号码",
                           id_number=p.code, representative=p.representative, agent=p.agent, address=p.address)
                 for p in parties)


def _unit_names(session, office_code: str, district_code: str) -> tuple[str, str]:
    office = session.get(Office, office_code)
    district = session.get(District, district_code)
    return (office.name if office else office_code), (district.authority if district else district_code)


def certificate_data(session, principal: Principal, application_id: str) -> CertificateData:
    app = _application(session, principal, application_id)
    if app.state != ApplicationState.CERTIFIED.code:
        raise RuleViolation("该申请尚未鉴证，不能打印鉴证书")
    office, district = _unit_names(session, app.office_code, app.district_code)
    parties = _party_lines(session, app.id)
    number = app.certificate_no
    digest = rules.certificate_digest(number, [p.name for p in parties], app.amount, app.certified_on) if number else ""
    return CertificateData(
        number=number, office_name=office, district_name=district, contract_title=app.contract_title,
        subject=app.subject, amount_yuan=app.amount, amount_capital=rules.amount_capital(app.amount),
        term_start=app.term_start, term_end=app.term_end, signed_place=app.signed_place,
        performance_place=app.performance_place, parties=parties,
        findings=tuple(FindingLine(label.split("：")[0], (app.findings or {})[k])
                       for k, label in rules.CHECKLIST if k in (app.findings or {})),
        certifiers=tuple(n for n in (app.certifiers or "").split("、") if n), certified_on=app.certified_on,
        verify_url=f"{VERIFY_BASE}/{quote(number)}?d={digest}" if number else f"{VERIFY_BASE}/{quote(PENDING)}")


def certificate_pdf(session, principal: Principal, application_id: str) -> bytes:
    from client.certification.reports import certificate_pdf as render

    return render(certificate_data(session, principal, application_id))


def refusal_pdf(session, principal: Principal, application_id: str) -> bytes:
    from client.certification.reports import refusal_notice_pdf

    app = _application(session, principal, application_id)
    if app.state != ApplicationState.REFUSED.code:
        raise RuleViolation("该申请未被决定不予鉴证，不能打印不予鉴证通知书")
    office, district = _unit_names(session, app.office_code, app.district_code)
    return refusal_notice_pdf(RefusalData(
        application_no=app.application_no, office_name=office, district_name=district,
        contract_title=app.contract_title, parties=_party_lines(session, app.id),
        reasons=app.refusal_reasons or "", certifiers=tuple(n for n in (app.certifiers or "").split("、") if n),
        decided_on=(app.decided_at.date() if app.decided_at else app.applied_at.date())))


@dataclass(frozen=True)
class CertificateCheck:
    """What the public check of a QR code answers (no personal data beyond the certificate's)."""

    number: str
    valid: bool
    message: str
    contract_title: str | None = None
    parties: tuple[str, ...] = ()
    amount: Decimal | None = None
    certified_on: dt.date | None = None
    office: str | None = None


def verify_certificate(session, number: str, digest: str) -> CertificateCheck:
    app = session.scalar(sa.select(ContractApplication).where(ContractApplication.certificate_no == number))
    if app is None or app.state != ApplicationState.CERTIFIED.code:
        return CertificateCheck(number, False, "查无此鉴证书，请向出具机关核实")
    names = [p.name for p in session.scalars(sa.select(ContractParty).where(ContractParty.application_id == app.id)
                                             .order_by(ContractParty.seq))]
    if rules.certificate_digest(number, names, app.amount, app.certified_on) != digest:
        return CertificateCheck(number, False, "鉴证书内容与登记不符，可能被涂改，请向出具机关核实")
    office, _ = _unit_names(session, app.office_code, app.district_code)
    return CertificateCheck(number, True, "鉴证书真实有效", app.contract_title, tuple(names), app.amount,
                            app.certified_on, office)


# --- statistics ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthLine:
    office_code: str
    office_name: str
    month: str  # YYYY-MM
    certified: int
    refused: int
    amount: Decimal  # of the certified contracts


def certification_statistics(session, principal: Principal, year: int) -> list[MonthLine]:
    """Certified and refused applications by office and month of the decision."""
    a = ContractApplication
    lo, hi = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    rows = session.execute(sa.select(a.office_code, a.state, a.certified_on, a.decided_at, a.amount)
                           .where(in_jurisdiction(principal, a.office_code, a.district_code),
                                  a.state.in_((ApplicationState.CERTIFIED.code, ApplicationState.REFUSED.code)),
                                  a.decided_at >= dt.datetime(year - 1, 12, 31, tzinfo=dt.UTC),
                                  a.decided_at < dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC))).all()
    from client.kernel.clock import beijing_date

    acc: dict[tuple[str, str], list] = {}
    for office, state, certified_on, decided_at, amount in rows:
        day = certified_on or (beijing_date(decided_at) if decided_at else None)
        if day is None or not lo <= day < hi:
            continue
        line = acc.setdefault((office, f"{day:%Y-%m}"), [0, 0, Decimal(0)])
        if state == ApplicationState.CERTIFIED.code:
            line[0] += 1
            line[2] += amount
        else:
            line[1] += 1
    names = dict(session.execute(sa.select(Office.code, Office.name).where(Office.code.in_({k[0] for k in acc}))).all())
    return [MonthLine(o, names.get(o, o), m, *acc[(o, m)]) for o, m in sorted(acc)]


# --- mediation ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MediationRow:
    case_id: str
    case_no: str
    applicant: str
    respondent: str
    contract_title: str
    state: str
    state_label: str
    applied_on: dt.date
    accept_by: dt.date


def mediation_cases(session, principal: Principal, text: str = "", state: str | None = None,
                    limit: int = 200) -> list[MediationRow]:
    m = MediationCase
    q = sa.select(m).where(in_jurisdiction(principal, m.office_code, m.district_code))
    if (text or "").strip():
        pattern = like_contains(text.strip())
        q = q.where(sa.or_(m.applicant.like(pattern, escape=LIKE_ESCAPE), m.respondent.like(pattern, escape=LIKE_ESCAPE),
                           m.case_no.like(pattern, escape=LIKE_ESCAPE), m.contract_title.like(pattern, escape=LIKE_ESCAPE)))
    if state:
        q = q.where(m.state == state)
    rows = session.scalars(q.order_by(m.applied_on.desc()).limit(max(1, min(limit, 1000)))).all()
    return [MediationRow(c.id, c.case_no or PENDING, c.applicant, c.respondent, c.contract_title, c.state,
                         MediationState.label_of(c.state), c.applied_on, c.accept_by) for c in rows]


@dataclass(frozen=True)
class SessionLine:
    held_on: dt.date
    place: str
    record: str
    recorded_by: str


@dataclass(frozen=True)
class MediationDetail:
    case_id: str
    version: int
    case_no: str
    state: str
    state_label: str
    applicant: str
    respondent: str
    contract_title: str
    dispute: str
    claim_amount: Decimal | None
    applied_on: dt.date
    accept_by: dt.date
    refusal_label: str | None
    refusal_note: str | None
    mediators: list[str]  # names
    sessions: list[SessionLine]
    agreement: str | None
    referral_label: str | None
    concluded_on: dt.date | None
    instance_id: str | None
    my_task_id: str | None
    my_task_version: int | None
    my_node: str | None


def _case(session, principal: Principal, case_id: str) -> MediationCase:
    case = session.get(MediationCase, case_id)
    if case is None or not principal.covers(office_code=case.office_code, district_code=case.district_code):
        raise NotFound("调解案件不存在或不在您的辖区")
    return case


def mediation_detail(session, principal: Principal, case_id: str) -> MediationDetail:
    case = _case(session, principal, case_id)
    ids = [x for x in (case.mediators or "").split(",") if x]
    names = dict(session.execute(sa.select(AppUser.id, AppUser.full_name).where(AppUser.id.in_(ids))).all()) if ids else {}
    sessions = session.execute(sa.select(MediationSession, AppUser.full_name)
                               .join(AppUser, AppUser.id == MediationSession.recorded_by)
                               .where(MediationSession.case_id == case.id).order_by(MediationSession.held_on)).all()
    instance_id, task = _my_task(session, principal, case.id)
    return MediationDetail(
        case_id=case.id, version=case.version, case_no=case.case_no or PENDING, state=case.state,
        state_label=MediationState.label_of(case.state), applicant=case.applicant, respondent=case.respondent,
        contract_title=case.contract_title, dispute=case.dispute, claim_amount=case.claim_amount,
        applied_on=case.applied_on, accept_by=case.accept_by,
        refusal_label=rules.MediationRefusal.label_of(case.refusal) if case.refusal else None,
        refusal_note=case.refusal_note, mediators=[names.get(i, i) for i in ids],
        sessions=[SessionLine(s.held_on, s.place, s.record, name) for s, name in sessions],
        agreement=case.agreement, referral_label=rules.Referral.label_of(case.referral) if case.referral else None,
        concluded_on=case.concluded_on, instance_id=instance_id, my_task_id=task.id if task else None,
        my_task_version=task.version if task else None, my_node=task.node_key if task else None)


def _refused_on(session, case: MediationCase) -> dt.date:
    """The day the application was refused: when the 受理审查 task was decided (the handler steps
    the flow at the command's time); the application's day if no flow recorded it."""
    from client.flows.engine import TaskState
    from client.kernel.clock import beijing_date

    t = FlowTask
    decided_at = session.scalar(
        sa.select(t.decided_at).join(FlowInstance, FlowInstance.id == t.instance_id)
        .where(FlowInstance.subject_id == case.id, FlowInstance.flow_key == flows.MEDIATION,
               t.node_key == flows.MEDIATION_ACCEPT, t.state == TaskState.REFUSED, t.decided_at.is_not(None))
        .order_by(t.decided_at.desc()).limit(1))
    return beijing_date(decided_at) if decided_at else case.applied_on


def mediation_refusal_data(session, principal: Principal, case_id: str) -> MediationRefusalData:
    case = _case(session, principal, case_id)
    if case.state != MediationState.REFUSED.code:
        raise RuleViolation("该调解申请未被决定不予受理，不能打印不予受理通知书")
    office, district = _unit_names(session, case.office_code, case.district_code)
    return MediationRefusalData(
        case_no=case.case_no, office_name=office, district_name=district, applicant=case.applicant,
        respondent=case.respondent, contract_title=case.contract_title, applied_on=case.applied_on,
        reason=rules.MediationRefusal.label_of(case.refusal) if case.refusal else "",
        note=case.refusal_note, decided_on=_refused_on(session, case))


def mediation_pdf(session, principal: Principal, case_id: str) -> bytes:
    """The case's printed outcome: 调解协议书 or 调解终结书 once concluded, 不予受理通知书 if the
    application was refused."""
    from client.certification.reports import mediation_outcome_pdf, mediation_refusal_pdf

    case = _case(session, principal, case_id)
    if case.state == MediationState.REFUSED.code:
        return mediation_refusal_pdf(mediation_refusal_data(session, principal, case_id))
    if case.state not in (MediationState.SETTLED.code, MediationState.FAILED.code):
        raise RuleViolation("调解申请尚在受理审查或调解中，不能打印调解协议书、调解终结书或不予受理通知书")
    detail = mediation_detail(session, principal, case_id)
    office, district = _unit_names(session, case.office_code, case.district_code)
    return mediation_outcome_pdf(MediationOutcomeData(
        case_no=case.case_no, office_name=office, district_name=district, applicant=case.applicant,
        respondent=case.respondent, dispute=case.dispute, mediators=tuple(detail.mediators),
        sessions=tuple((s.held_on, s.place) for s in detail.sessions),
        succeeded=case.state == MediationState.SETTLED.code, agreement=case.agreement,
        referral=rules.Referral.label_of(case.referral) if case.referral else None,
        decided_on=case.concluded_on))

