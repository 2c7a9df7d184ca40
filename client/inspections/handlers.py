"""Supervision and inspections (监督检查): the handlers of its commands (client/inspections/commands.py).

双随机 plans (create → draw → publish), field inspection records (saved offline, completed),
their photos, and what results lead to: the abnormal operation list (经营异常名录: proposed by
an inspection, confirmed or declined by the office head, later removed) and case leads (线索).

Every handler runs twice — on the workstation and on the centre — so everything it writes is a
function of the command and the database: ids of rows a handler creates are derived from the
command's own ids (uuid5), the draw from the seed the command carries, and numbers only the
centre gives (plan_no, record_no) are left NULL where the unit of work does not assign numbers.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib

import sqlalchemy as sa

from client.inspections import rules as rules
from client.inspections.commands import (
    AddInspectionPhoto,
    CompleteInspection,
    ConfirmAbnormalListing,
    CreatePlan,
    DeclineAbnormalListing,
    DrawPlan,
    OpenCaseLead,
    PublishPlan,
    RemoveAbnormalListing,
    RemoveInspectionPhoto,
    SaveInspectionRecord,
)
from client.inspections.draw import METHOD, assign_pair, draw_row_nos
from client.inspections.models import (
    AbnormalListing,
    CaseLead,
    InspectionPhoto,
    InspectionPlan,
    InspectionRecord,
    InspectionTask,
)
from client.inspections.rules import (
    AbnormalGround,
    InspectionResult,
    LeadState,
    ListingState,
    PlanState,
    RecordState,
    TaskState,
)
from client.kernel import reference
from client.kernel.errors import (
    FieldError,
    InvalidInput,
    PermissionDenied,
    RuleViolation,
)
from client.kernel.ids import derived_id
from client.kernel.lifecycle import EntityState
from client.kernel.models import AppUser, MarketEntity, Office
from client.kernel.numbers import CHINA_TZ  # noqa: F401 (re-exported)
from client.kernel.permissions import covers, require_role, require_scope, unit_reaches
from client.kernel.register import dealt_with
from client.kernel.roles import Principal, Role, parse_roles
from client.kernel.text import check_text
from client.kernel.uow import UnitOfWork

IN_CHUNK = 500  # ids per IN list (Oracle allows 1000)

# --- helpers --------------------------------------------------------------------------------




def _invalid(errors: dict[str, str]) -> InvalidInput:
    return InvalidInput([FieldError(k, v) for k, v in errors.items()])


def _text(text: str | None, *, key: str, label: str, minimum: int, maximum: int) -> str:
    value, problem = check_text(text, label=label, minimum=minimum, maximum=maximum)
    if problem:
        raise _invalid({key: problem})
    return value


def _today(uow: UnitOfWork) -> dt.date:
    return uow.clock().astimezone(CHINA_TZ).date()


def _centre_number(uow: UnitOfWork, counter: str) -> int | None:
    """A number only the centre gives; None on a workstation (shown as 待分配)."""
    number_or_pending = getattr(uow, "number_or_pending", None)
    if number_or_pending is not None:
        return number_or_pending(counter)
    return uow.next_number(counter)


def _chunks(items: list, size: int = IN_CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _inspector(uow: UnitOfWork, user_id: str, *, key: str = "inspector_ids") -> AppUser:
    user = uow.session.get(AppUser, user_id)
    if user is None or user.disabled:
        raise _invalid({key: f"检查人员（{user_id[:8]}）不存在或已停用"})
    if Role.INSPECTOR not in parse_roles(user.roles):
        raise _invalid({key: f"{user.full_name}不是检查员，不能担任检查人员"})
    return user


def _user_covered(principal: Principal, user: AppUser) -> bool:
    """A user is in the acting user's area when their unit lies inside it."""
    return covers(principal, office_code=user.office_code, district_code=user.district_code)


def _user_reaches(user: AppUser, entity: MarketEntity) -> bool:
    """Whether a user's unit has jurisdiction over an entity (office / district / city)."""
    return unit_reaches(user.office_code, user.district_code, record_office=entity.office_code,
                        record_district=entity.district_code)


def _plan(uow: UnitOfWork, principal: Principal, plan_id: str, base_version: int | None) -> InspectionPlan:
    plan = uow.get(InspectionPlan, plan_id, label="抽查计划")
    if not principal.covers(office_code=plan.office_code, district_code=plan.district_code):
        raise PermissionDenied("该抽查计划不在您的管辖范围内")
    uow.check_version(plan, base_version, label="该抽查计划")
    return plan


# --- plans ----------------------------------------------------------------------------------


def create_plan(cmd: CreatePlan, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.OFFICE_HEAD)
    if uow.session.get(InspectionPlan, cmd.plan_id) is not None:
        raise RuleViolation("该抽查计划已创建")
    errors: dict[str, str] = {}
    title = rules.clean(cmd.title)
    if len(title) < 4:
        errors["title"] = "计划名称至少4个字"
    elif len(title) > 100:
        errors["title"] = f"计划名称不得超过100个字，现为{len(title)}个字"
    if not 1 <= int(cmd.sample_size) <= rules.MAX_SAMPLE:
        errors["sample_size"] = f"抽取数量应在1至{rules.MAX_SAMPLE}之间"
    kinds = sorted(set(cmd.kinds))
    for code in kinds:
        try:
            reference.entity_kind(code)
        except KeyError:
            errors["kinds"] = f"主体类型代码“{code}”不存在"
    states = sorted(set(cmd.states)) or [EntityState.ACTIVE.code]
    for code in states:
        if code not in [s.code for s in EntityState]:
            errors["states"] = f"主体状态“{code}”无效"
    offices, districts = _population_units(uow, principal, cmd, errors)
    pool = list(dict.fromkeys(i for i in cmd.inspector_ids if i))
    if len(pool) < rules.MIN_INSPECTORS:
        errors["inspector_ids"] = f"检查人员名录至少{rules.MIN_INSPECTORS}名检查员"
    if errors:
        raise _invalid(errors)
    for user_id in pool:
        user = _inspector(uow, user_id)
        if not _user_covered(principal, user):
            raise _invalid({"inspector_ids": f"检查员{user.full_name}不属于您的管辖范围"})
    plan = InspectionPlan(
        id=cmd.plan_id, title=title, office_code=principal.office_code,
        district_code=principal.district_code,
        population_filter={"kinds": kinds, "states": states, "office_codes": offices,
                           "district_codes": districts},
        sample_size=int(cmd.sample_size), inspector_pool=pool, state=PlanState.DRAFT.code,
        created_by=principal.user_id, created_at=uow.clock(), version=1,
    )
    uow.session.add(plan)
    uow.changes.add("inspections")
    return {"subject_id": plan.id}


def _population_units(uow: UnitOfWork, principal: Principal, cmd: CreatePlan,
                      errors: dict[str, str]) -> tuple[list[str], list[str]]:
    """The offices and districts the plan draws from, all inside the head's jurisdiction."""
    offices = sorted(set(cmd.office_codes))
    districts = sorted(set(cmd.district_codes))
    for code in offices:
        office = uow.session.get(Office, code)
        if office is None:
            errors["office_codes"] = f"工商所“{code}”不存在"
        elif not principal.covers(office_code=office.code, district_code=office.district_code):
            errors["office_codes"] = f"{office.name}不在您的管辖范围内"
    for code in districts:
        try:
            reference.district(code)
        except KeyError:
            errors["district_codes"] = f"辖区代码“{code}”不存在"
            continue
        if principal.level == "office" or (principal.level == "district" and code != principal.district_code):
            errors["district_codes"] = f"辖区{code}不在您的管辖范围内"
    if not offices and not districts:  # the whole jurisdiction
        if principal.level == "office":
            offices = [principal.office_code]
        elif principal.level == "district":
            districts = [principal.district_code]
    return offices, districts


def population_filter(flt: dict) -> list:
    """SQL conditions on market_entity for a plan's population filter."""
    conditions = []
    if flt.get("kinds"):
        conditions.append(MarketEntity.kind_code.in_(flt["kinds"]))
    if flt.get("states"):
        conditions.append(MarketEntity.state.in_(flt["states"]))
    units = []
    if flt.get("office_codes"):
        units.append(MarketEntity.office_code.in_(flt["office_codes"]))
    if flt.get("district_codes"):
        units.append(MarketEntity.district_code.in_(flt["district_codes"]))
    if units:
        conditions.append(sa.or_(*units))
    return conditions


class SqlPopulation:
    """The entities of a filter, for client.inspections.draw (row numbers only)."""

    def __init__(self, session, flt: dict):
        self.session = session
        self.where = population_filter(flt)
        self._size: int | None = None

    def size(self) -> int:
        if self._size is None:
            self._size = self.session.scalar(sa.select(sa.func.count()).select_from(MarketEntity)
                                             .where(*self.where)) or 0
        return self._size

    def bounds(self) -> tuple[int, int]:
        lo, hi = self.session.execute(sa.select(sa.func.min(MarketEntity.row_no),
                                                sa.func.max(MarketEntity.row_no)).where(*self.where)).one()
        return int(lo), int(hi)

    def all_row_nos(self) -> list[int]:
        return list(self.session.scalars(sa.select(MarketEntity.row_no).where(*self.where)
                                         .order_by(MarketEntity.row_no)))

    def members_among(self, row_nos: set[int]) -> set[int]:
        return set(self.session.scalars(sa.select(MarketEntity.row_no)
                                        .where(MarketEntity.row_no.in_(sorted(row_nos)), *self.where)))


def conflicts_of_interest(session, entity_ids: list[str]) -> dict[str, set[str]]:
    """Per entity, the users who may not inspect it: who dealt with it in another area (e.g.
    accepted or decided an application of it: client.kernel.register.dealt_with) and who
    inspected it last time (the latest completed record)."""
    excluded = dealt_with(session, entity_ids)
    for chunk in _chunks(entity_ids):
        latest: dict[str, list[str]] = {}
        for entity_id, inspectors in session.execute(
                sa.select(InspectionRecord.entity_id, InspectionRecord.inspector_ids)
                .where(InspectionRecord.entity_id.in_(chunk),
                       InspectionRecord.state == RecordState.COMPLETED.code)
                .order_by(InspectionRecord.inspected_at, InspectionRecord.id)):
            latest[entity_id] = inspectors or []
        for entity_id, inspectors in latest.items():
            excluded[entity_id].update(inspectors)
    return excluded


def draw_plan(cmd: DrawPlan, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.OFFICE_HEAD)
    plan = _plan(uow, principal, cmd.plan_id, cmd.base_version)
    if plan.state != PlanState.DRAFT.code:
        raise RuleViolation(f"该抽查计划{PlanState.label_of(plan.state)}，不能再次抽取")
    seed = (cmd.seed or "").strip()
    if not 8 <= len(seed) <= 40:
        raise _invalid({"seed": "随机种子应为8至40个字符"})
    population = SqlPopulation(uow.session, plan.population_filter)
    size = population.size()
    if size == 0:
        raise RuleViolation("按该计划的条件没有可抽取的市场主体")
    row_nos = draw_row_nos(seed, population, plan.sample_size)
    entities: dict[int, MarketEntity] = {}
    for chunk in _chunks(row_nos):
        for entity in uow.session.scalars(sa.select(MarketEntity).where(MarketEntity.row_no.in_(chunk))):
            entities[entity.row_no] = entity
    drawn = [entities[r] for r in row_nos]
    excluded = conflicts_of_interest(uow.session, [e.id for e in drawn])
    pool = list(plan.inspector_pool)
    tasks = []
    for pos, entity in enumerate(drawn, start=1):
        pair = assign_pair(seed, entity.id, pool, excluded[entity.id])
        if pair is None:
            raise RuleViolation(f"检查人员不足：{entity.name}排除回避人员（登记经办人、上次检查人员）后"
                                f"可派检查员少于{rules.MIN_INSPECTORS}名，请增加检查人员名录后重新抽取",
                                field="inspector_ids")
        tasks.append(InspectionTask(
            id=derived_id(plan.id, entity.id), plan_id=plan.id, draw_pos=pos, entity_id=entity.id,
            inspector1_id=pair[0], inspector2_id=pair[1], office_code=entity.office_code,
            district_code=entity.district_code, state=TaskState.ASSIGNED.code, version=1,
        ))
    uow.session.add_all(tasks)
    year = uow.clock().astimezone(CHINA_TZ).year
    unit = plan.district_code or "440100"
    number = _centre_number(uow, f"plan_no:{unit}:{year}")
    plan.plan_no = f"CJ{unit}{year}{number:04d}" if number is not None else None
    plan.state = PlanState.DRAWN.code
    plan.draw_seed = seed
    plan.draw_method = METHOD
    plan.population_size = size
    plan.drawn_ids = [e.id for e in drawn]
    plan.drawn_by = principal.user_id
    plan.drawn_at = uow.clock()
    plan.version += 1
    for entity in drawn:
        uow.record_event(entity_id=entity.id, kind="insp_drawn", actor_id=principal.user_id,
                         summary=f"被抽取为双随机抽查对象（{plan.title}）", details={"plan_id": plan.id})
    uow.changes.update({"inspections", "history"})
    return {"subject_id": plan.id, "plan_no": plan.plan_no, "population_size": size, "drawn": len(drawn)}


def publish_plan(cmd: PublishPlan, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.OFFICE_HEAD)
    plan = _plan(uow, principal, cmd.plan_id, cmd.base_version)
    if plan.state != PlanState.DRAWN.code:
        raise RuleViolation(f"该抽查计划{PlanState.label_of(plan.state)}，只有已抽取的计划可以公示")
    plan.state = PlanState.PUBLISHED.code
    plan.published_by = principal.user_id
    plan.published_at = uow.clock()
    plan.version += 1
    uow.changes.add("inspections")
    return {"subject_id": plan.id}


# --- records --------------------------------------------------------------------------------


def _draft(cmd: SaveInspectionRecord) -> rules.RecordDraft:
    return rules.RecordDraft(
        place=cmd.place, inspected_at=cmd.inspected_at, inspector_ids=list(cmd.inspector_ids),
        checklist=[dict(e) for e in cmd.checklist], findings=cmd.findings or "", result=cmd.result or None,
        party_name=cmd.party_name, party_ack=cmd.party_ack or None,
    )


def _record_draft(record: InspectionRecord) -> rules.RecordDraft:
    return rules.RecordDraft(
        place=record.place or "", inspected_at=record.inspected_at, inspector_ids=list(record.inspector_ids),
        checklist=list(record.checklist or []), findings=record.findings or "", result=record.outcome,
        party_name=record.party_name or "", party_ack=record.party_ack,
    )


def _entity_for_inspector(uow: UnitOfWork, principal: Principal, entity_id: str) -> MarketEntity:
    entity = uow.get(MarketEntity, entity_id, label="市场主体", for_update=False)
    require_scope(principal, office_code=entity.office_code, district_code=entity.district_code)
    return entity


def save_inspection_record(cmd: SaveInspectionRecord, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.INSPECTOR)
    entity = _entity_for_inspector(uow, principal, cmd.entity_id)
    task = None
    if cmd.task_id:
        task = uow.get(InspectionTask, cmd.task_id, label="检查任务")
        if task.entity_id != entity.id:
            raise RuleViolation("检查任务与检查对象不一致")
        if principal.user_id not in (task.inspector1_id, task.inspector2_id):
            raise PermissionDenied("您不是该检查任务指派的检查人员")
    draft = _draft(cmd)
    if errors := rules.draft_errors(draft, now=uow.clock()):
        raise _invalid(errors)
    inspectors = list(dict.fromkeys(draft.inspector_ids))
    if principal.user_id not in inspectors:
        raise _invalid({"inspector_ids": "记录人须为检查人员之一"})
    for user_id in inspectors:
        user = _inspector(uow, user_id)
        if not _user_reaches(user, entity):
            raise _invalid({"inspector_ids": f"检查员{user.full_name}对该主体没有管辖权"})
    record = uow.session.get(InspectionRecord, cmd.record_id, with_for_update=True)
    if record is None:
        if cmd.base_version is not None:
            raise RuleViolation("该检查笔录不存在（可能已被删除）")
        if task is not None and uow.session.scalar(
                sa.select(InspectionRecord.id).where(InspectionRecord.task_id == task.id)) is not None:
            raise RuleViolation("该检查任务已有检查笔录，请打开原笔录修改")
        year = uow.clock().astimezone(CHINA_TZ).year
        number = _centre_number(uow, f"insp_record:{entity.district_code}:{year}")
        record = InspectionRecord(
            id=cmd.record_id, task_id=task.id if task else None, entity_id=entity.id,
            record_no=f"JC{entity.district_code}{year}{number:06d}" if number is not None else None,
            office_code=entity.office_code, district_code=entity.district_code,
            state=RecordState.DRAFT.code, created_by=principal.user_id, created_at=uow.clock(), version=0,
        )
        uow.session.add(record)
    else:
        if record.entity_id != entity.id:
            raise RuleViolation("检查笔录与检查对象不一致")
        uow.check_version(record, cmd.base_version, label="该检查笔录")
        if record.state != RecordState.DRAFT.code:
            raise RuleViolation("该检查笔录已完成，不能再修改")
    record.place = rules.clean(draft.place) or None
    record.inspected_at = draft.inspected_at
    record.inspector_ids = inspectors
    record.checklist = [{"item": e.get("item"), "text": e.get("text") or _item_text(e.get("item")),
                         "result": e.get("result"), "note": rules.clean(e.get("note"))} for e in draft.checklist]
    record.findings = (draft.findings or "").strip() or None
    record.outcome = draft.result
    record.party_name = rules.clean(draft.party_name) or None
    record.party_ack = draft.party_ack
    record.updated_at = uow.clock()
    record.version += 1
    if task is not None and task.state == TaskState.ASSIGNED.code:
        task.state = TaskState.RECORDING.code
        task.version += 1
    uow.changes.add("inspections")
    return {"subject_id": record.id, "record_no": record.record_no, "version": record.version}


def _item_text(code: str | None) -> str:
    return next((i.text for i in rules.checklist_template() if i.code == code), code or "")


def _record_of_inspector(uow: UnitOfWork, principal: Principal, record_id: str) -> InspectionRecord:
    record = uow.get(InspectionRecord, record_id, label="检查笔录")
    require_scope(principal, office_code=record.office_code, district_code=record.district_code)
    if principal.user_id not in (record.inspector_ids or []):
        raise PermissionDenied("您不是该检查笔录的检查人员")
    return record


def complete_inspection(cmd: CompleteInspection, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.INSPECTOR)
    record = _record_of_inspector(uow, principal, cmd.record_id)
    uow.check_version(record, cmd.base_version, label="该检查笔录")
    if record.state != RecordState.DRAFT.code:
        raise RuleViolation("该检查笔录已完成")
    if errors := rules.completion_errors(_record_draft(record), now=uow.clock()):
        raise _invalid(errors)
    entity = uow.get(MarketEntity, record.entity_id, label="市场主体", for_update=False)
    record.state = RecordState.COMPLETED.code
    record.completed_by = principal.user_id
    record.completed_at = uow.clock()
    record.version += 1
    if record.task_id:
        task = uow.get(InspectionTask, record.task_id, label="检查任务")
        task.state = TaskState.DONE.code
        task.version += 1
    result = InspectionResult.from_code(record.outcome)
    number = record.record_no or "待分配"
    uow.record_event(entity_id=entity.id, kind="inspected", actor_id=principal.user_id,
                     summary=f"现场检查（笔录{number}）：{result.label}",
                     details={"record_id": record.id, "result": result.code})
    out = {"subject_id": record.id, "record_no": record.record_no, "abnormal_proposal_id": None}
    already = entity.abnormal or uow.session.scalar(sa.select(AbnormalListing.id).where(
        AbnormalListing.entity_id == entity.id,
        AbnormalListing.state.in_([ListingState.PROPOSED.code, ListingState.LISTED.code]))) is not None
    consequence = rules.consequence_of(result, already_listed=already)
    if consequence.propose_abnormal is not None:
        listing = AbnormalListing(
            id=derived_id(record.id, "abnormal"), entity_id=entity.id, office_code=entity.office_code,
            district_code=entity.district_code, ground=consequence.propose_abnormal.code,
            state=ListingState.PROPOSED.code, source_record_id=record.id, proposed_by=principal.user_id,
            proposed_at=uow.clock(), version=1,
        )
        uow.session.add(listing)
        uow.record_event(entity_id=entity.id, kind="abnormal_proposed", actor_id=principal.user_id,
                         summary=f"提请列入经营异常名录：{consequence.propose_abnormal.label}（现场检查笔录{number}）",
                         details={"listing_id": listing.id})
        out["abnormal_proposal_id"] = listing.id
        uow.changes.add("abnormal")
    uow.changes.update({"inspections", "history"})
    return out


def _photo_media_type(file_name: str) -> str:
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    media_type = rules.PHOTO_TYPES.get(extension)
    if media_type is None:
        raise _invalid({"photos": f"照片“{file_name}”的格式不支持（只接受JPG、PNG）"})
    return media_type


def add_inspection_photo(cmd: AddInspectionPhoto, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.INSPECTOR)
    record = _record_of_inspector(uow, principal, cmd.record_id)
    if record.state != RecordState.DRAFT.code:
        raise RuleViolation("该检查笔录已完成，不能再添加照片")
    file_name = rules.clean(cmd.file_name)[-200:] or "photo"
    media_type = _photo_media_type(file_name)
    try:
        content = base64.b64decode(cmd.content_b64, validate=True)
    except (binascii.Error, ValueError):
        raise _invalid({"photos": f"照片“{file_name}”的内容已损坏"}) from None
    if not content:
        raise _invalid({"photos": f"照片“{file_name}”是空文件"})
    if (too_big := rules.photo_size_error(file_name, len(content))) is not None:
        raise _invalid({"photos": too_big})
    digest = hashlib.sha256(content).hexdigest()
    if digest != (cmd.sha256 or "").lower():
        raise _invalid({"photos": f"照片“{file_name}”的校验值不符，内容在传输中被改动"})
    count = uow.session.scalar(sa.select(sa.func.count()).select_from(InspectionPhoto)
                               .where(InspectionPhoto.record_id == record.id)) or 0
    if count >= rules.MAX_PHOTOS:
        raise _invalid({"photos": f"每份检查笔录最多{rules.MAX_PHOTOS}张照片"})
    if uow.session.scalar(sa.select(InspectionPhoto.id).where(
            InspectionPhoto.record_id == record.id, InspectionPhoto.sha256 == digest)) is not None:
        raise _invalid({"photos": f"照片“{file_name}”已添加过"})
    uow.session.add(InspectionPhoto(
        id=cmd.photo_id, record_id=record.id, office_code=record.office_code,
        district_code=record.district_code, file_name=file_name, media_type=media_type,
        byte_count=len(content), sha256=digest, content=content, added_by=principal.user_id,
        added_at=uow.clock(),
    ))
    uow.changes.add("inspections")
    return {"subject_id": cmd.photo_id, "sha256": digest}


def remove_inspection_photo(cmd: RemoveInspectionPhoto, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.INSPECTOR)
    record = _record_of_inspector(uow, principal, cmd.record_id)
    if record.state != RecordState.DRAFT.code:
        raise RuleViolation("该检查笔录已完成，不能再删除照片")
    photo = uow.get(InspectionPhoto, cmd.photo_id, label="照片")
    if photo.record_id != record.id:
        raise RuleViolation("照片不属于该检查笔录")
    uow.session.delete(photo)
    uow.changes.add("inspections")
    return {"subject_id": cmd.photo_id}


def open_case_lead(cmd: OpenCaseLead, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.INSPECTOR, Role.OFFICE_HEAD)
    record = uow.get(InspectionRecord, cmd.record_id, label="检查笔录", for_update=False)
    require_scope(principal, office_code=record.office_code, district_code=record.district_code)
    if not principal.has(Role.OFFICE_HEAD) and principal.user_id not in (record.inspector_ids or []):
        raise PermissionDenied("您不是该检查笔录的检查人员")
    if record.state != RecordState.COMPLETED.code:
        raise RuleViolation("检查笔录完成后才能移送案件线索")
    if uow.session.get(CaseLead, cmd.lead_id) is not None:
        raise RuleViolation("该线索已登记")
    description = _text(cmd.description, key="description", label="线索内容", minimum=4, maximum=1000)
    lead = CaseLead(id=cmd.lead_id, entity_id=record.entity_id, office_code=record.office_code,
                    district_code=record.district_code, source_record_id=record.id, description=description,
                    state=LeadState.OPEN.code, created_by=principal.user_id, created_at=uow.clock(), version=1)
    uow.session.add(lead)
    uow.record_event(entity_id=record.entity_id, kind="case_lead", actor_id=principal.user_id,
                     summary=f"现场检查发现案件线索：{description[:200]}", details={"lead_id": lead.id})
    uow.changes.update({"leads", "history"})
    return {"subject_id": lead.id}


# --- the abnormal operation list ------------------------------------------------------------


def _listing(uow: UnitOfWork, principal: Principal, listing_id: str, base_version: int) -> AbnormalListing:
    require_role(principal, Role.OFFICE_HEAD)
    listing = uow.get(AbnormalListing, listing_id, label="经营异常名录记录")
    require_scope(principal, office_code=listing.office_code, district_code=listing.district_code)
    uow.check_version(listing, base_version, label="该经营异常名录记录")
    return listing


def _decision_day(uow: UnitOfWork, text: str, *, key: str, label: str, not_before: dt.date | None) -> dt.date:
    day, problem = rules.parse_day(text, field_label=label)
    if problem:
        raise _invalid({key: problem})
    if day > _today(uow):
        raise _invalid({key: f"{label}不能晚于今天"})
    if not_before is not None and day < not_before:
        raise _invalid({key: f"{label}不能早于{not_before.isoformat()}"})
    return day


def confirm_abnormal_listing(cmd: ConfirmAbnormalListing, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    listing = _listing(uow, principal, cmd.listing_id, cmd.base_version)
    if listing.state != ListingState.PROPOSED.code:
        raise RuleViolation(f"该记录{ListingState.label_of(listing.state)}，不能再确认列入")
    entity = uow.get(MarketEntity, listing.entity_id, label="市场主体")
    if entity.state != EntityState.ACTIVE.code:
        raise RuleViolation(f"该主体当前状态为“{EntityState.label_of(entity.state)}”，不能列入经营异常名录")
    reason = _text(cmd.reason, key="reason", label="列入事由", minimum=4, maximum=500)
    proposed = listing.proposed_at.astimezone(CHINA_TZ).date() if listing.proposed_at else None
    day = _decision_day(uow, cmd.listed_on, key="listed_on", label="列入日期", not_before=proposed)
    listing.state = ListingState.LISTED.code
    listing.list_reason = reason
    listing.listed_on = day
    listing.listed_by = principal.user_id
    listing.version += 1
    if not entity.abnormal:
        entity.abnormal = True
        entity.updated_at = uow.clock()
        entity.version += 1
    ground = AbnormalGround.label_of(listing.ground)
    uow.record_event(entity_id=entity.id, kind="abnormal_listed", actor_id=principal.user_id,
                     summary=f"列入经营异常名录（{day.isoformat()}）：{ground}；{reason}",
                     details={"listing_id": listing.id, "ground": listing.ground, "listed_on": day.isoformat()})
    uow.changes.update({"abnormal", "entities", "history"})
    return {"subject_id": listing.id, "entity_id": entity.id}


def decline_abnormal_listing(cmd: DeclineAbnormalListing, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    listing = _listing(uow, principal, cmd.listing_id, cmd.base_version)
    if listing.state != ListingState.PROPOSED.code:
        raise RuleViolation(f"该记录{ListingState.label_of(listing.state)}，不能再作决定")
    reason = _text(cmd.reason, key="reason", label="不予列入的理由", minimum=4, maximum=500)
    listing.state = ListingState.DECLINED.code
    listing.decline_reason = reason
    listing.version += 1
    uow.record_event(entity_id=listing.entity_id, kind="abnormal_declined", actor_id=principal.user_id,
                     summary=f"不予列入经营异常名录：{reason}", details={"listing_id": listing.id})
    uow.changes.update({"abnormal", "history"})
    return {"subject_id": listing.id}


def remove_abnormal_listing(cmd: RemoveAbnormalListing, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    listing = _listing(uow, principal, cmd.listing_id, cmd.base_version)
    if listing.state != ListingState.LISTED.code:
        raise RuleViolation(f"该记录{ListingState.label_of(listing.state)}，只有已列入的才能移出")
    reason = _text(cmd.reason, key="reason", label="移出事由", minimum=4, maximum=500)
    day = _decision_day(uow, cmd.removed_on, key="removed_on", label="移出日期", not_before=listing.listed_on)
    listing.state = ListingState.REMOVED.code
    listing.removal_reason = reason
    listing.removed_on = day
    listing.removed_by = principal.user_id
    listing.version += 1
    entity = uow.get(MarketEntity, listing.entity_id, label="市场主体")
    still_listed = uow.session.scalar(sa.select(AbnormalListing.id).where(
        AbnormalListing.entity_id == entity.id, AbnormalListing.id != listing.id,
        AbnormalListing.state == ListingState.LISTED.code)) is not None
    if entity.abnormal and not still_listed:
        entity.abnormal = False
        entity.updated_at = uow.clock()
        entity.version += 1
    uow.record_event(entity_id=entity.id, kind="abnormal_removed", actor_id=principal.user_id,
                     summary=f"移出经营异常名录（{day.isoformat()}）：{reason}",
                     details={"listing_id": listing.id, "removed_on": day.isoformat()})
    uow.changes.update({"abnormal", "entities", "history"})
    return {"subject_id": listing.id, "entity_id": entity.id}


HANDLERS = {
    CreatePlan: create_plan,
    DrawPlan: draw_plan,
    PublishPlan: publish_plan,
    SaveInspectionRecord: save_inspection_record,
    CompleteInspection: complete_inspection,
    AddInspectionPhoto: add_inspection_photo,
    RemoveInspectionPhoto: remove_inspection_photo,
    OpenCaseLead: open_case_lead,
    ConfirmAbnormalListing: confirm_abnormal_listing,
    DeclineAbnormalListing: decline_abnormal_listing,
    RemoveAbnormalListing: remove_abnormal_listing,
}
