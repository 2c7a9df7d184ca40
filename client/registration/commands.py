"""Registration commands: what a clerk, a reviewer or an office head asks of the register.

受理 (submit) → 审核/核准 (approve) or 驳回 (reject); revocation is the office head's authority
action. Each is a frozen record carrying everything its handler needs (client/registration/handlers.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from client.kernel.commands import Command


@dataclass(frozen=True, kw_only=True)
class SubmitEstablishment(Command):
    name = "registration.submit_establishment"
    title = "设立登记申请"
    application_id: str
    items: dict[str, str]
    office_code: str | None = None  # district/city clerks say which office registers it
    similar_name_confirmed: bool = False


@dataclass(frozen=True, kw_only=True)
class SubmitChange(Command):
    name = "registration.submit_change"
    title = "变更登记申请"
    application_id: str
    entity_id: str
    base_version: int
    items: dict[str, str]  # only the items being changed
    similar_name_confirmed: bool = False


@dataclass(frozen=True, kw_only=True)
class SubmitDeregistration(Command):
    name = "registration.submit_deregistration"
    title = "注销登记申请"
    application_id: str
    entity_id: str
    base_version: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class ApproveApplication(Command):
    name = "registration.approve"
    title = "核准登记"
    application_id: str
    base_version: int
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class RejectApplication(Command):
    name = "registration.reject"
    title = "驳回申请"
    application_id: str
    base_version: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class RevokeLicence(Command):
    name = "registration.revoke"
    title = "吊销营业执照"
    entity_id: str
    base_version: int
    reason: str
    decision_no: str = ""  # 行政处罚决定书文号


@dataclass(frozen=True, kw_only=True)
class RecordLicencePrinted(Command):
    name = "registration.licence_printed"
    title = "打印营业执照"
    entity_id: str
    copy: str  # original | duplicate
    preprinted: bool = False
