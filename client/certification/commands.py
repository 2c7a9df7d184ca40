"""Commands of contract certification and mediation.

`ApplyForCertification` carries the whole application: the contract's items, the parties (a
natural person's ID number only masked and hashed: `apply_command` builds it from what the clerk
typed, so the full number never reaches the outbox or the audit log) and the materials with
their bytes (Base64), so that "an agent without an authorisation" is judged on one record.
The flow's steps (受理, 所长审批, 分局审批) are the engine's commands (client/flows/commands.py);
the examination has its own, because it records the checklist with the decision.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from client.certification import rules
from client.certification.rules import PartyKind
from client.kernel.codes import normalize_code
from client.kernel.commands import Command
from client.kernel.errors import FieldError, InvalidInput
from client.kernel.text import check_text


@dataclass(frozen=True, kw_only=True)
class ApplyForCertification(Command):
    """合同鉴证申请, received at the counter; the flow starts at 受理."""

    name = "certification.apply"
    title = "合同鉴证申请"
    application_id: str
    contract_title: str
    subject: str
    amount: str  # 元, as a decimal string (checked again by the handler)
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    signed_place: str
    performance_place: str
    #: each: kind, code (credit code, or a person's masked number), person_id_hash, name,
    #: representative, address, agent, entity_state (as looked up)
    parties: tuple[dict[str, Any], ...]
    #: each: material_id, kind, party_seq, filename, mime, sha256, content (Base64)
    materials: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, kw_only=True)
class ExamineContract(Command):
    """鉴证员审查: the checklist's findings, and the certifier's decision on the flow's task."""

    name = "certification.examine"
    title = "鉴证审查"
    application_id: str
    task_id: str
    base_version: int
    findings: dict[str, str]
    approve: bool
    opinion: str | None = None


@dataclass(frozen=True, kw_only=True)
class ApplyForMediation(Command):
    name = "certification.mediation_apply"
    title = "合同争议调解申请"
    case_id: str
    applicant: str
    respondent: str
    contract_title: str
    dispute: str
    claim_amount: str | None = None
    applied_on: dt.date


@dataclass(frozen=True, kw_only=True)
class AcceptMediation(Command):
    name = "certification.mediation_accept"
    title = "受理调解申请"
    case_id: str
    task_id: str
    base_version: int
    mediators: tuple[str, ...]
    opinion: str | None = None


@dataclass(frozen=True, kw_only=True)
class RefuseMediation(Command):
    name = "certification.mediation_refuse"
    title = "不予受理调解申请"
    case_id: str
    task_id: str
    base_version: int
    refusal: str  # rules.MediationRefusal
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordMediationSession(Command):
    name = "certification.mediation_session"
    title = "调解笔录"
    case_id: str
    session_id: str
    held_on: dt.date
    place: str
    record: str


@dataclass(frozen=True, kw_only=True)
class ConcludeMediation(Command):
    """The outcome: an agreement (in three copies) or failure with a referral."""

    name = "certification.mediation_conclude"
    title = "调解结案"
    case_id: str
    task_id: str
    base_version: int
    settled: bool
    agreement: str | None = None
    referral: str | None = None  # rules.Referral, when not settled


# --- building the application from the form -------------------------------------------------------


@dataclass(frozen=True)
class PartyInput:
    """One party as typed on the form."""

    kind: str  # PartyKind code
    code: str  # credit code or resident ID number (full, as typed)
    name: str = ""  # a person's name; a registered party's comes from the register
    representative: str | None = None
    address: str | None = None
    agent: str | None = None
    entity_state: str | None = None  # as the lookup found it


@dataclass(frozen=True)
class MaterialInput:
    kind: str  # rules.MaterialKind code
    filename: str
    content: bytes
    mime: str = ""
    party_seq: int | None = None


def apply_command(*, application_id: str, contract_title: str, subject: str, amount: str,
                  term_start: dt.date | None, term_end: dt.date | None, signed_place: str,
                  performance_place: str, parties: list[PartyInput], materials: list[MaterialInput],
                  today: dt.date, new_id, **envelope) -> ApplyForCertification:
    """The application as a command, or InvalidInput naming every field that is wrong."""
    errors: list[FieldError] = []
    title, problem = check_text(contract_title, label="合同名称", minimum=2, maximum=100)
    if problem:
        errors.append(FieldError("contract_title", problem))
    subject_text, problem = check_text(subject, label="合同标的", minimum=2, maximum=500)
    if problem:
        errors.append(FieldError("subject", problem))
    value, problem = rules.parse_amount(amount)
    if problem:
        errors.append(FieldError("amount", problem))
    if problem := rules.term_problem(term_start, term_end):
        errors.append(FieldError("term_end", problem))
    places = {}
    for key, label in (("signed_place", "签订地点"), ("performance_place", "履行地点")):
        places[key], problem = check_text(locals()[key], label=label, minimum=2, maximum=100)
        if problem:
            errors.append(FieldError(key, problem))
    if len(parties) < 2:
        errors.append(FieldError("parties", "合同鉴证须由双方当事人申请，请填写甲方和乙方"))
    authorised = {m.party_seq for m in materials if m.kind == rules.MaterialKind.AUTHORISATION.code}
    party_rows = []
    for i, p in enumerate(parties):
        errors += rules.party_problems(i, kind=p.kind, code=p.code, name=p.name, agent=(p.agent or "").strip() or None,
                                       has_authorisation=i in authorised, today=today)
        code = normalize_code(p.code)
        person = p.kind == PartyKind.PERSON.code
        party_rows.append({
            "kind": p.kind, "code": rules.mask_person_id(code) if person else code,
            "person_id_hash": rules.person_id_hash(code) if person else None,
            "name": (p.name or "").strip(), "representative": (p.representative or "").strip() or None,
            "address": (p.address or "").strip() or None, "agent": (p.agent or "").strip() or None,
            "entity_state": p.entity_state})
    if not any(m.kind == rules.MaterialKind.CONTRACT.code for m in materials):
        errors.append(FieldError("materials", "材料：必须附合同文本（扫描件或PDF）"))
    material_rows = []
    total = 0
    for i, m in enumerate(materials):
        total += len(m.content)
        if problem := rules.material_problem(m.filename, m.mime, len(m.content), m.content[:16]):
            errors.append(FieldError(f"materials.{i}", f"材料：{problem}"))
            continue
        material_rows.append({
            "material_id": new_id(), "kind": m.kind, "party_seq": m.party_seq, "filename": m.filename[-200:],
            "mime": rules.sniff_type(m.content[:16]), "sha256": hashlib.sha256(m.content).hexdigest(),
            "content": base64.b64encode(m.content).decode("ascii")})
    if total > rules.SETTINGS.material_max_bytes * 3:
        errors.append(FieldError("materials", f"材料合计不得超过{rules.SETTINGS.material_max_bytes * 3 // 1048576}MB"))
    if errors:
        raise InvalidInput(errors)
    return ApplyForCertification(
        application_id=application_id, contract_title=title, subject=subject_text, amount=str(value),
        term_start=term_start, term_end=term_end, signed_place=places["signed_place"],
        performance_place=places["performance_place"], parties=tuple(party_rows), materials=tuple(material_rows),
        **envelope)
