"""Inspection commands: plans, records, photos, case leads and the abnormal operation list.

Each is a frozen record carrying everything its handler needs (client/inspections/handlers.py),
including the ids of what it creates and the seed of a draw, so the two runs agree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from client.kernel.commands import Command


@dataclass(frozen=True, kw_only=True)
class CreatePlan(Command):
    name = "inspections.create_plan"
    title = "新建抽查计划"
    plan_id: str
    title: str
    sample_size: int
    inspector_ids: list[str]
    kinds: list[str] = field(default_factory=list)  # entity kind codes; empty: every kind
    district_codes: list[str] = field(default_factory=list)
    office_codes: list[str] = field(default_factory=list)  # empty: the whole jurisdiction
    states: list[str] = field(default_factory=lambda: ["active"])


@dataclass(frozen=True, kw_only=True)
class DrawPlan(Command):
    name = "inspections.draw_plan"
    title = "随机抽取"
    plan_id: str
    base_version: int
    seed: str  # made on the workstation (secrets.token_hex): the draw is reproducible from it


@dataclass(frozen=True, kw_only=True)
class PublishPlan(Command):
    name = "inspections.publish_plan"
    title = "公布抽查名单"
    plan_id: str
    base_version: int


@dataclass(frozen=True, kw_only=True)
class SaveInspectionRecord(Command):
    name = "inspections.save_record"
    title = "保存检查记录"
    record_id: str  # made on the workstation; the record number comes from the centre
    entity_id: str
    base_version: int | None = None  # None: a new record
    task_id: str | None = None
    place: str = ""
    inspected_at: dt.datetime | None = None
    inspector_ids: list[str] = field(default_factory=list)
    checklist: list[dict] = field(default_factory=list)
    findings: str = ""
    result: str | None = None
    party_name: str = ""
    party_ack: str | None = None


@dataclass(frozen=True, kw_only=True)
class CompleteInspection(Command):
    name = "inspections.complete"
    title = "完成检查"
    record_id: str
    base_version: int


@dataclass(frozen=True, kw_only=True)
class AddInspectionPhoto(Command):
    name = "inspections.add_photo"
    title = "添加现场照片"
    photo_id: str
    record_id: str
    file_name: str
    content_b64: str
    sha256: str


@dataclass(frozen=True, kw_only=True)
class RemoveInspectionPhoto(Command):
    name = "inspections.remove_photo"
    title = "删除现场照片"
    photo_id: str
    record_id: str


@dataclass(frozen=True, kw_only=True)
class OpenCaseLead(Command):
    name = "inspections.open_lead"
    title = "移送案件线索"
    lead_id: str
    record_id: str
    description: str


@dataclass(frozen=True, kw_only=True)
class ConfirmAbnormalListing(Command):
    name = "inspections.confirm_abnormal"
    title = "列入经营异常名录"
    listing_id: str
    base_version: int
    reason: str
    listed_on: str  # YYYY-MM-DD (the date of the listing decision)


@dataclass(frozen=True, kw_only=True)
class DeclineAbnormalListing(Command):
    name = "inspections.decline_abnormal"
    title = "不予列入经营异常名录"
    listing_id: str
    base_version: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class RemoveAbnormalListing(Command):
    name = "inspections.remove_abnormal"
    title = "移出经营异常名录"
    listing_id: str
    base_version: int
    reason: str
    removed_on: str  # YYYY-MM-DD
