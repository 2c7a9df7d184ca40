"""What the printed documents of certification and mediation show: plain values only, so the
same data comes from the replica or over the centre's query API."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PartyLine:
    role: str  # 甲方 / 乙方
    name: str
    id_label: str  # 统一社会信用代码 or 公民身份号码
    id_number: str  # a natural person's number already masked
    representative: str | None
    agent: str | None
    address: str | None


@dataclass(frozen=True)
class FindingLine:
    item: str
    finding: str


@dataclass(frozen=True)
class CertificateData:
    number: str | None  # None: 待分配
    office_name: str
    district_name: str
    contract_title: str
    subject: str
    amount_yuan: Decimal
    amount_capital: str
    term_start: dt.date | None
    term_end: dt.date | None
    signed_place: str
    performance_place: str
    parties: tuple[PartyLine, ...]
    findings: tuple[FindingLine, ...]
    certifiers: tuple[str, ...]
    certified_on: dt.date
    verify_url: str


@dataclass(frozen=True)
class RefusalData:
    application_no: str | None
    office_name: str
    district_name: str
    contract_title: str
    parties: tuple[PartyLine, ...]
    reasons: str
    certifiers: tuple[str, ...]
    decided_on: dt.date


@dataclass(frozen=True)
class MediationOutcomeData:
    case_no: str | None
    office_name: str
    district_name: str
    applicant: str
    respondent: str
    dispute: str
    mediators: tuple[str, ...]
    sessions: tuple[tuple[dt.date, str], ...]
    succeeded: bool
    agreement: str | None
    referral: str | None  # 申请仲裁 / 向人民法院起诉, on failure
    decided_on: dt.date


@dataclass(frozen=True)
class MediationRefusalData:
    """不予受理通知书: an application for mediation the office did not accept."""

    case_no: str | None
    office_name: str
    district_name: str
    applicant: str
    respondent: str
    contract_title: str
    applied_on: dt.date
    reason: str  # the rules.MediationRefusal label
    note: str | None
    decided_on: dt.date
