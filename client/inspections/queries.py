"""Read side of inspections: plans, drawn lists, an inspector's tasks, records, the abnormal list.

Every function takes a session and reads whatever database it is given: the screens hand it
the context's session (the local replica once the sync engine runs), so the task list works
with no network at all. Lists here are short by nature (a plan has at most 1000 entities).

Whatever opens a plan or a record by id takes the acting principal and refuses one outside
its jurisdiction, as the handlers do: the centre answers district and city users any query
with any id they send (centre/queries.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from client.inspections.handlers import population_filter as population_conditions
from client.inspections.models import (
    AbnormalListing,
    CaseLead,
    InspectionPhoto,
    InspectionPlan,
    InspectionRecord,
    InspectionTask,
)
from client.inspections.report_data import ChecklistLine, DrawListData, DrawnEntity, InspectionRecordData
from client.inspections.rules import ListingState, PlanState
from client.kernel.errors import NotFound
from client.kernel.models import AppUser, MarketEntity, Office
from client.kernel.numbers import PENDING, number_text  # noqa: F401 (re-exported)
from client.kernel.permissions import in_jurisdiction, require_scope
from client.kernel.roles import Principal, Role, parse_roles


@dataclass(frozen=True)
class PlanRow:
    id: str
    plan_no: str | None
    title: str
    state: str
    sample_size: int
    population_size: int | None
    drawn_count: int
    population_filter: dict
    inspector_pool: list
    draw_seed: str | None
    draw_method: str | None
    created_at: dt.datetime
    drawn_at: dt.datetime | None
    published_at: dt.datetime | None
    version: int


@dataclass(frozen=True)
class TaskRow:
    id: str
    plan_id: str
    plan_title: str
    plan_no: str | None
    draw_pos: int
    entity_id: str
    entity_name: str
    uscc: str | None
    address: str
    kind_code: str
    legal_rep: str
    office_code: str
    inspector1_id: str
    inspector1_name: str
    inspector2_id: str
    inspector2_name: str
    state: str
    record_id: str | None
    record_no: str | None
    record_state: str | None
    version: int

    @property
    def inspector_names(self) -> str:
        """The two inspectors as the list and the notice print them."""
        return f"{self.inspector1_name}、{self.inspector2_name}"


@dataclass(frozen=True)
class InspectorRow:
    id: str
    full_name: str
    office_code: str | None


@dataclass(frozen=True)
class ListingRow:
    id: str
    entity_id: str
    entity_name: str
    uscc: str | None
    address: str
    ground: str
    state: str
    source_record_id: str | None
    record_no: str | None
    proposed_by_name: str | None
    proposed_at: dt.datetime | None
    list_reason: str | None
    listed_on: dt.date | None
    removed_on: dt.date | None
    removal_reason: str | None
    decline_reason: str | None
    version: int


@dataclass(frozen=True)
class PhotoRow:
    id: str
    file_name: str
    media_type: str
    byte_count: int
    sha256: str


def _plan_row(plan: InspectionPlan) -> PlanRow:
    return PlanRow(
        id=plan.id, plan_no=plan.plan_no, title=plan.title, state=plan.state, sample_size=plan.sample_size,
        population_size=plan.population_size, drawn_count=len(plan.drawn_ids or []),
        population_filter=plan.population_filter or {}, inspector_pool=list(plan.inspector_pool or []),
        draw_seed=plan.draw_seed, draw_method=plan.draw_method, created_at=plan.created_at,
        drawn_at=plan.drawn_at, published_at=plan.published_at, version=plan.version,
    )


def plans(session: Session, principal: Principal, *, limit: int = 500) -> list[PlanRow]:
    """The plans of the user's unit, newest first."""
    stmt = sa.select(InspectionPlan).where(in_jurisdiction(principal, InspectionPlan.office_code, InspectionPlan.district_code)).order_by(
        InspectionPlan.created_at.desc(), InspectionPlan.id).limit(limit)
    return [_plan_row(p) for p in session.scalars(stmt)]


def _in_scope(session: Session, principal: Principal, model: type, record_id: str, what: str):
    """The plan or record (None if this database has none); PermissionDenied outside the
    principal's jurisdiction."""
    found = session.get(model, record_id)
    if found is not None:
        require_scope(principal, office_code=found.office_code, district_code=found.district_code, what=what)
    return found


def _plan_in_scope(session: Session, principal: Principal, plan_id: str) -> InspectionPlan | None:
    return _in_scope(session, principal, InspectionPlan, plan_id, "该抽查计划")


def _record_in_scope(session: Session, principal: Principal, record_id: str) -> InspectionRecord | None:
    return _in_scope(session, principal, InspectionRecord, record_id, "该检查笔录")


def plan(session: Session, principal: Principal, plan_id: str) -> PlanRow | None:
    found = _plan_in_scope(session, principal, plan_id)
    return _plan_row(found) if found is not None else None


def _task_select():
    first, second = aliased(AppUser), aliased(AppUser)
    return (
        sa.select(InspectionTask, InspectionPlan.title, InspectionPlan.plan_no, MarketEntity.name,
                  MarketEntity.uscc, MarketEntity.address, MarketEntity.kind_code, MarketEntity.legal_rep,
                  first.full_name, second.full_name, InspectionRecord.id, InspectionRecord.record_no,
                  InspectionRecord.state)
        .join(InspectionPlan, InspectionPlan.id == InspectionTask.plan_id)
        .join(MarketEntity, MarketEntity.id == InspectionTask.entity_id)
        .join(first, first.id == InspectionTask.inspector1_id)
        .join(second, second.id == InspectionTask.inspector2_id)
        .outerjoin(InspectionRecord, InspectionRecord.task_id == InspectionTask.id)
    )


def _task_row(task, title, plan_no, name, uscc, address, kind, legal_rep, n1, n2, rid, rno, rstate) -> TaskRow:
    return TaskRow(
        id=task.id, plan_id=task.plan_id, plan_title=title, plan_no=plan_no, draw_pos=task.draw_pos,
        entity_id=task.entity_id, entity_name=name, uscc=uscc, address=address, kind_code=kind,
        legal_rep=legal_rep, office_code=task.office_code, inspector1_id=task.inspector1_id,
        inspector1_name=n1, inspector2_id=task.inspector2_id, inspector2_name=n2, state=task.state,
        record_id=rid, record_no=rno, record_state=rstate, version=task.version,
    )


def plan_tasks(session: Session, principal: Principal, plan_id: str) -> list[TaskRow]:
    """The drawn list of a plan, in draw order, with the inspectors assigned."""
    if _plan_in_scope(session, principal, plan_id) is None:
        return []
    return _tasks_of(session, plan_id)


def _tasks_of(session: Session, plan_id: str) -> list[TaskRow]:
    stmt = _task_select().where(InspectionTask.plan_id == plan_id).order_by(InspectionTask.draw_pos)
    return [_task_row(*r) for r in session.execute(stmt)]


def my_tasks(session: Session, principal: Principal, *, include_done: bool = False) -> list[TaskRow]:
    """The inspector's tasks of drawn and published plans: open ones first, by plan and order."""
    me = principal.user_id
    stmt = _task_select().where(
        sa.or_(InspectionTask.inspector1_id == me, InspectionTask.inspector2_id == me),
        InspectionPlan.state.in_([PlanState.DRAWN.code, PlanState.PUBLISHED.code]),
    )
    if not include_done:
        stmt = stmt.where(InspectionTask.state != "done")
    stmt = stmt.order_by(InspectionPlan.drawn_at.desc(), InspectionTask.draw_pos)
    return [_task_row(*r) for r in session.execute(stmt)]


def task(session: Session, task_id: str) -> TaskRow | None:
    r = session.execute(_task_select().where(InspectionTask.id == task_id)).first()
    return _task_row(*r) if r else None


def record(session: Session, record_id: str) -> InspectionRecord | None:
    """The record itself (detached values are read while the session is open)."""
    return session.get(InspectionRecord, record_id)


def record_number(session: Session, principal: Principal, record_id: str) -> str | None:
    """The record's number (None until the centre has given one, or before the first save)."""
    found = _record_in_scope(session, principal, record_id)
    return found.record_no if found is not None else None


def record_of_task(session: Session, task_id: str) -> InspectionRecord | None:
    return session.scalar(sa.select(InspectionRecord).where(InspectionRecord.task_id == task_id))


def photos(session: Session, principal: Principal, record_id: str) -> list[PhotoRow]:
    """The record's photos (not their bytes), oldest first."""
    if _record_in_scope(session, principal, record_id) is None:
        return []
    return _photos_of(session, record_id)


def _photos_of(session: Session, record_id: str) -> list[PhotoRow]:
    stmt = sa.select(InspectionPhoto.id, InspectionPhoto.file_name, InspectionPhoto.media_type,
                     InspectionPhoto.byte_count, InspectionPhoto.sha256).where(
        InspectionPhoto.record_id == record_id).order_by(InspectionPhoto.added_at, InspectionPhoto.id)
    return [PhotoRow(*r) for r in session.execute(stmt)]


def photo_content(session: Session, photo_id: str) -> bytes | None:
    return session.scalar(sa.select(InspectionPhoto.content).where(InspectionPhoto.id == photo_id))


def inspectors(session: Session, principal: Principal) -> list[InspectorRow]:
    """Active users with the inspector role in the user's unit: the pool a plan can draw on."""
    stmt = sa.select(AppUser).where(
        AppUser.disabled == False, AppUser.roles.like("%inspector%"),  # noqa: E712 (SQL, not Python)
        in_jurisdiction(principal, AppUser.office_code, AppUser.district_code),
    ).order_by(AppUser.username)
    return [InspectorRow(u.id, u.full_name, u.office_code) for u in session.scalars(stmt)
            if Role.INSPECTOR in parse_roles(u.roles)]


def user_names(session: Session, user_ids: list[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    return dict(session.execute(sa.select(AppUser.id, AppUser.full_name).where(AppUser.id.in_(user_ids))).all())


def population_size(session: Session, principal: Principal, population_filter: dict) -> int:
    """How many entities a plan with this filter would draw from (shown before drawing).

    Counted inside the asker's jurisdiction only: a plan draws from there (create_plan refuses
    units outside it, and a filter naming no unit means the whole jurisdiction), and a count of
    another district's register is not the asker's to know."""
    return session.scalar(sa.select(sa.func.count()).select_from(MarketEntity).where(
        *population_conditions(population_filter),
        in_jurisdiction(principal, MarketEntity.office_code, MarketEntity.district_code))) or 0


def offices_in_scope(session: Session, principal: Principal) -> list[tuple[str, str]]:
    stmt = sa.select(Office.code, Office.name).where(
        in_jurisdiction(principal, Office.code, Office.district_code)).order_by(Office.code)
    return [tuple(r) for r in session.execute(stmt)]


def abnormal_listings(session: Session, principal: Principal,
                      states: tuple[str, ...] = (ListingState.PROPOSED.code,), *, limit: int = 500) -> list[ListingRow]:
    """Proposals to confirm (or listings to remove) in the user's jurisdiction, oldest first."""
    proposer = aliased(AppUser)
    stmt = (
        sa.select(AbnormalListing, MarketEntity.name, MarketEntity.uscc, MarketEntity.address,
                  InspectionRecord.record_no, proposer.full_name)
        .join(MarketEntity, MarketEntity.id == AbnormalListing.entity_id)
        .outerjoin(InspectionRecord, InspectionRecord.id == AbnormalListing.source_record_id)
        .outerjoin(proposer, proposer.id == AbnormalListing.proposed_by)
        .where(AbnormalListing.state.in_(states),
               in_jurisdiction(principal, AbnormalListing.office_code, AbnormalListing.district_code))
        .order_by(AbnormalListing.proposed_at, AbnormalListing.id).limit(limit)
    )
    out = []
    for listing, name, uscc, address, record_no, proposer_name in session.execute(stmt):
        out.append(ListingRow(
            id=listing.id, entity_id=listing.entity_id, entity_name=name, uscc=uscc, address=address,
            ground=listing.ground, state=listing.state, source_record_id=listing.source_record_id,
            record_no=record_no, proposed_by_name=proposer_name, proposed_at=listing.proposed_at,
            list_reason=listing.list_reason, listed_on=listing.listed_on, removed_on=listing.removed_on,
            removal_reason=listing.removal_reason, decline_reason=listing.decline_reason,
            version=listing.version,
        ))
    return out


@dataclass(frozen=True)
class PlanChoices:
    """What the new-plan dialog offers: the offices it may draw from and the inspectors' pool."""
    offices: list[tuple[str, str]]
    inspectors: list[InspectorRow]


def plan_choices(session: Session, principal: Principal) -> PlanChoices:
    return PlanChoices(offices_in_scope(session, principal), inspectors(session, principal))


@dataclass(frozen=True)
class RecordRow:
    """An inspection record as its form shows it."""
    id: str
    record_no: str | None
    state: str
    place: str
    inspected_at: dt.datetime | None
    inspector_ids: list[str]
    checklist: list[dict]
    findings: str
    outcome: str
    party_name: str
    party_ack: str
    version: int


@dataclass(frozen=True)
class RecordFormData:
    """Everything the record form of a task needs at once: the record (None before the first
    save), the inspectors one may add, and the record's photos."""
    record: RecordRow | None
    inspectors: list[InspectorRow]
    photos: list[PhotoRow]


def record_form(session: Session, principal: Principal, task_id: str) -> RecordFormData:
    assigned = session.get(InspectionTask, task_id)
    if assigned is not None:
        require_scope(principal, office_code=assigned.office_code, district_code=assigned.district_code,
                      what="该检查任务")
    found = record_of_task(session, task_id)
    row = None
    if found is not None:
        require_scope(principal, office_code=found.office_code, district_code=found.district_code,
                      what="该检查笔录")
        row = RecordRow(
            id=found.id, record_no=found.record_no, state=found.state, place=found.place or "",
            inspected_at=found.inspected_at, inspector_ids=list(found.inspector_ids or []),
            checklist=[dict(e) for e in found.checklist or []], findings=found.findings or "",
            outcome=found.outcome or "", party_name=found.party_name or "", party_ack=found.party_ack or "",
            version=found.version)
    return RecordFormData(row, inspectors(session, principal), _photos_of(session, found.id) if found else [])


@dataclass(frozen=True)
class AbnormalLists:
    """The office head's two lists: proposals to confirm, entities listed."""
    proposals: list[ListingRow]
    listed: list[ListingRow]


def abnormal_lists(session: Session, principal: Principal) -> AbnormalLists:
    return AbnormalLists(abnormal_listings(session, principal, (ListingState.PROPOSED.code,)),
                         abnormal_listings(session, principal, (ListingState.LISTED.code,)))


def leads_of_record(session: Session, record_id: str) -> list[CaseLead]:
    return list(session.scalars(sa.select(CaseLead).where(CaseLead.source_record_id == record_id)))


# --- what the reports print -----------------------------------------------------------------


def _authority(session: Session, office_code: str | None, district_code: str | None) -> str:
    from client.kernel import reference

    if office_code:
        office = session.get(Office, office_code)
        if office is not None:
            return office.name
    if district_code:
        try:
            return reference.district(district_code).bureau_name
        except KeyError:
            return district_code
    return "广州市市场监督管理局"


def record_report_data(session: Session, principal: Principal, record_id: str) -> InspectionRecordData:
    """The 现场检查笔录 of a record, as client.inspections.reports prints it."""
    from client.inspections.rules import Acknowledgement, InspectionResult, ItemResult

    rec = _record_in_scope(session, principal, record_id)
    if rec is None:
        raise NotFound("检查笔录不存在（可能尚未同步）")
    entity = session.get(MarketEntity, rec.entity_id)
    names = user_names(session, list(rec.inspector_ids or []))
    plan_text = ""
    if rec.task_id:
        t = session.get(InspectionTask, rec.task_id)
        p = session.get(InspectionPlan, t.plan_id) if t else None
        if p is not None:
            plan_text = f"{p.title}（{number_text(p.plan_no)}）"
    count = session.scalar(sa.select(sa.func.count()).select_from(InspectionPhoto)
                           .where(InspectionPhoto.record_id == rec.id)) or 0
    return InspectionRecordData(
        record_no=rec.record_no, authority=_authority(session, rec.office_code, rec.district_code), plan=plan_text,
        entity_name=entity.name, uscc=entity.uscc, legal_rep=entity.legal_rep, address=entity.address,
        place=rec.place or "", inspected_at=rec.inspected_at,
        inspectors=[names.get(i, i) for i in rec.inspector_ids or []],
        checklist=[ChecklistLine(e.get("text") or e.get("item") or "",
                                 ItemResult.label_of(e.get("result")) if e.get("result") else "",
                                 e.get("note") or "") for e in rec.checklist or []],
        findings=rec.findings or "", result=InspectionResult.label_of(rec.outcome) if rec.outcome else "",
        party_name=rec.party_name or "",
        party_ack=Acknowledgement.label_of(rec.party_ack) if rec.party_ack else "", photo_count=count,
    )


def draw_list_data(session: Session, principal: Principal, plan_id: str) -> DrawListData:
    """The published list of a drawn plan (client.inspections.reports.render_draw_list)."""
    p = _plan_in_scope(session, principal, plan_id)
    if p is None:
        raise NotFound("抽查计划不存在（可能尚未同步）")
    rows = _tasks_of(session, plan_id)
    return DrawListData(
        plan_no=p.plan_no, title=p.title, authority=_authority(session, p.office_code, p.district_code),
        population_size=p.population_size or 0, seed=p.draw_seed or "", method=p.draw_method or "",
        drawn_on=p.drawn_at,
        entities=[DrawnEntity(t.draw_pos, t.entity_name, t.uscc, t.address,
                              t.inspector_names) for t in rows],
    )
