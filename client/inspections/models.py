"""Tables of supervision and inspections (监督检查).

Every table carries the office and district of the entity (or plan) it belongs to, so the
change log can scope each row to the workstations that need it. Numbers only the centre
assigns (plan_no, record_no) are NULL on a workstation until the pull brings them.
Photos are kept as BLOBs in their own table (BLOB on Oracle, bytea on PostgreSQL) with their
sha256 and size, limited per photo and per record by the handler.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.kernel.clock import utcnow
from client.kernel.models import Base, Versioned
from client.kernel.types import Id, JsonText, Str, UtcDateTime, new_id


class InspectionPlan(Base, Versioned):
    """A random-inspection plan (双随机抽查计划): its filter, its draw and its publication."""

    __tablename__ = "insp_plan"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    plan_no: Mapped[str | None] = mapped_column(Str(30), unique=True)  # by the centre
    title: Mapped[str] = mapped_column(Str(100))
    office_code: Mapped[str | None] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str | None] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    #: {"kinds": [...], "district_codes": [...], "office_codes": [...], "states": [...]}
    population_filter: Mapped[dict] = mapped_column(JsonText)
    sample_size: Mapped[int] = mapped_column(sa.Integer)
    #: the inspectors the draw may assign (user ids)
    inspector_pool: Mapped[list] = mapped_column(JsonText)
    state: Mapped[str] = mapped_column(Str(12))
    draw_seed: Mapped[str | None] = mapped_column(Str(40))
    draw_method: Mapped[str | None] = mapped_column(Str(20))
    population_size: Mapped[int | None] = mapped_column(sa.Integer)
    #: entity ids in draw order
    drawn_ids: Mapped[list | None] = mapped_column(JsonText)
    created_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    drawn_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    drawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    published_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    published_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (sa.Index("ix_insp_plan_office", "office_code", "created_at"),)


class InspectionTask(Base, Versioned):
    """One drawn entity of a plan, with the two inspectors assigned to it."""

    __tablename__ = "insp_task"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    plan_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("insp_plan.id"))
    draw_pos: Mapped[int] = mapped_column(sa.Integer)  # 1-based, the order of the draw
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    inspector1_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    inspector2_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    state: Mapped[str] = mapped_column(Str(12))

    __table_args__ = (
        sa.UniqueConstraint("plan_id", "draw_pos"),
        sa.UniqueConstraint("plan_id", "entity_id"),
        sa.Index("ix_insp_task_inspector1", "inspector1_id", "state"),
        sa.Index("ix_insp_task_inspector2", "inspector2_id", "state"),
    )


class InspectionRecord(Base, Versioned):
    """现场检查笔录: created offline with a client id; record_no given by the centre."""

    __tablename__ = "insp_record"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    record_no: Mapped[str | None] = mapped_column(Str(30), unique=True)
    task_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("insp_task.id"), unique=True)
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    place: Mapped[str | None] = mapped_column(Str(200))
    inspected_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    inspector_ids: Mapped[list] = mapped_column(JsonText)
    #: [{"item": code, "text": ..., "result": pass|fail|na|None, "note": ...}]
    checklist: Mapped[list] = mapped_column(JsonText)
    findings: Mapped[str | None] = mapped_column(Str(2000))
    outcome: Mapped[str | None] = mapped_column(Str(20))  # client.inspections.rules.InspectionResult
    party_name: Mapped[str | None] = mapped_column(Str(40))
    party_ack: Mapped[str | None] = mapped_column(Str(12))
    state: Mapped[str] = mapped_column(Str(12))
    created_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    completed_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (sa.Index("ix_insp_record_entity", "entity_id", "inspected_at"),)


class InspectionPhoto(Base):
    """A photo taken at the inspection, from a file; the bytes with their sha256."""

    __tablename__ = "insp_photo"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    record_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("insp_record.id"), index=True)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    file_name: Mapped[str] = mapped_column(Str(200))
    media_type: Mapped[str] = mapped_column(Str(40))
    byte_count: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(Str(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    added_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("record_id", "sha256"),)


class AbnormalListing(Base, Versioned):
    """经营异常名录: a proposal (from an inspection), its listing and its removal."""

    __tablename__ = "abnormal_listing"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    ground: Mapped[str] = mapped_column(Str(20))  # client.inspections.rules.AbnormalGround
    state: Mapped[str] = mapped_column(Str(12))  # proposed | listed | declined | removed
    source_record_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("insp_record.id"))
    proposed_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    proposed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    list_reason: Mapped[str | None] = mapped_column(Str(500))
    listed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    listed_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    decline_reason: Mapped[str | None] = mapped_column(Str(500))
    removed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    removed_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    removal_reason: Mapped[str | None] = mapped_column(Str(500))

    __table_args__ = (
        sa.Index("ix_abnormal_entity", "entity_id", "state"),
        sa.Index("ix_abnormal_office", "office_code", "state"),
    )


class CaseLead(Base, Versioned):
    """线索: a possible case opened from an inspection's findings (the case system takes it on)."""

    __tablename__ = "case_lead"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    source_record_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("insp_record.id"))
    description: Mapped[str] = mapped_column(Str(1000))
    state: Mapped[str] = mapped_column(Str(12))
    created_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_case_lead_office", "office_code", "state"),)


#: every inspection row lives in its entity's (or its plan's) office and district, which the
#: rows carry themselves (registered in client/inspections/__init__.py)
REPLICATED = (InspectionPlan, InspectionTask, InspectionRecord, InspectionPhoto, AbnormalListing, CaseLead)
