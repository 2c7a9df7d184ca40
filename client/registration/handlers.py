"""Registration of market entities: the handlers of its commands (client/registration/commands.py).

受理 (submit) → 审核/核准 (approve) or 驳回 (reject); revocation is the office
head's authority action. Handlers check permission and jurisdiction themselves:
the centre runs them too, and must not trust the workstation.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from client.kernel import codes, pinyin, reference
from client.kernel import name_index as register_index
from client.kernel.amounts import format_amount
from client.kernel.clock import beijing_date
from client.kernel.errors import (
    FieldError,
    InvalidInput,
    PermissionDenied,
    RuleViolation,
)
from client.kernel.events import EntityDeregistered, EntityRevoked
from client.kernel.lifecycle import EntityState
from client.kernel.models import MarketEntity, Office
from client.kernel.permissions import require_role, require_scope
from client.kernel.roles import Principal, Role
from client.kernel.uow import UnitOfWork
from client.registration import items as items_
from client.registration import names
from client.registration.commands import (
    ApproveApplication,
    RecordLicencePrinted,
    RejectApplication,
    RevokeLicence,
    SubmitChange,
    SubmitDeregistration,
    SubmitEstablishment,
)
from client.registration.models import RegApplication
from client.registration.name_check import compare_name
from client.registration.rules import ApplicationKind, ApplicationState, refusal

# --- helpers --------------------------------------------------------------------------------


def _invalid(errors: dict[str, str]) -> InvalidInput:
    return InvalidInput([FieldError(k, v) for k, v in errors.items()])


def _reason(text: str, label: str) -> str:
    text = items_.clean_text(text or "")
    if len(text) < 4:
        raise InvalidInput([FieldError("reason", f"{label}至少4个字")])
    if len(text) > 500:
        raise InvalidInput([FieldError("reason", f"{label}不得超过500个字，现为{len(text)}个字")])
    return text


def _name_check(uow: UnitOfWork, name: str, district_code: str, confirmed: bool, **exclude) -> list[str]:
    verdict = compare_name(uow.session, name, district_code, **exclude)
    if verdict.refused:
        raise InvalidInput([FieldError("name", verdict.message())])
    if verdict.similar and not confirmed:
        raise InvalidInput([FieldError("name", verdict.message() + "后再提交")])
    return [n for n, _ in verdict.similar]


def _registering_office(uow: UnitOfWork, principal: Principal, office_code: str | None) -> Office:
    code = principal.office_code or office_code
    if not code:
        raise InvalidInput([FieldError("office_code", "请选择登记机关（工商所）")])
    office = uow.session.get(Office, code)
    if office is None:
        raise InvalidInput([FieldError("office_code", f"工商所“{code}”不存在")])
    require_scope(principal, office_code=office.code, district_code=office.district_code)
    return office


def _open_application(uow: UnitOfWork, entity_id: str) -> RegApplication | None:
    return uow.session.scalar(sa.select(RegApplication).where(
        RegApplication.entity_id == entity_id, RegApplication.state == ApplicationState.ACCEPTED.code))


def _new_app_no(uow: UnitOfWork, district_code: str) -> str | None:
    year = beijing_date(uow.clock()).year
    n = uow.number_or_pending(f"app_no:{district_code}:{year}")
    return f"{district_code}{year}{n:07d}" if n is not None else None  # None: 待分配 offline


def _entity_in_scope(uow: UnitOfWork, principal: Principal, entity_id: str) -> MarketEntity:
    entity = uow.get(MarketEntity, entity_id, label="市场主体")
    require_scope(principal, office_code=entity.office_code, district_code=entity.district_code)
    return entity


# --- handlers -------------------------------------------------------------------------------


def submit_establishment(cmd: SubmitEstablishment, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.CLERK)
    office = _registering_office(uow, principal, cmd.office_code)
    kind_code = items_.clean_text(cmd.items.get("kind_code") or "")
    keys = items_.applicable_keys(kind_code)
    if errors := items_.check_items(cmd.items, keys, kind_code=kind_code, today=uow.clock().date()):
        raise _invalid(errors)
    values = items_.normalise(cmd.items, keys)
    similar = _name_check(uow, values["name"], office.district_code, cmd.similar_name_confirmed)
    app = RegApplication(
        id=cmd.application_id, app_no=_new_app_no(uow, office.district_code),
        kind=ApplicationKind.ESTABLISH.code, state=ApplicationState.ACCEPTED.code,
        office_code=office.code, district_code=office.district_code, title=values["name"],
        payload={"items": values, "similar_names": similar}, submitted_by=principal.user_id,
        submitted_at=uow.clock(), version=1,
    )
    uow.session.add(app)
    uow.changes.add("applications")
    return {"subject_id": app.id, "app_no": app.app_no}


def submit_change(cmd: SubmitChange, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.CLERK)
    entity = _entity_in_scope(uow, principal, cmd.entity_id)
    uow.check_version(entity, cmd.base_version, label="该主体")
    if problem := refusal(EntityState.from_code(entity.state), "change"):
        raise RuleViolation(problem)
    if (pending := _open_application(uow, entity.id)) is not None:
        raise RuleViolation(f"该主体有未办结的申请（受理号{pending.app_no}），请办结后再申请")
    keys = [k for k in items_.CHANGEABLE if k in cmd.items]
    if errors := items_.check_items(cmd.items, keys, kind_code=entity.kind_code, today=uow.clock().date()):
        raise _invalid(errors)
    values = items_.normalise(cmd.items, keys)
    changed = {k: v for k, v in values.items() if _differs(getattr(entity, k), v)}
    if not changed:
        raise InvalidInput([FieldError("items", "没有变更任何登记事项")])
    if "legal_rep" in changed and "legal_rep_id_no" not in changed:
        raise InvalidInput([FieldError("legal_rep_id_no", "变更法定代表人须同时填写新的身份证号码")])
    similar = []
    if "name" in changed:
        similar = _name_check(uow, changed["name"], entity.district_code, cmd.similar_name_confirmed,
                              exclude_entity_id=entity.id)
    before = {k: _plain(getattr(entity, k)) for k in changed}
    app = RegApplication(
        id=cmd.application_id, app_no=_new_app_no(uow, entity.district_code),
        kind=ApplicationKind.CHANGE.code, state=ApplicationState.ACCEPTED.code, entity_id=entity.id,
        office_code=entity.office_code, district_code=entity.district_code,
        title=changed.get("name", entity.name),
        payload={"items": changed, "before": before, "similar_names": similar},
        submitted_by=principal.user_id, submitted_at=uow.clock(), version=1,
    )
    uow.session.add(app)
    uow.changes.add("applications")
    return {"subject_id": app.id, "app_no": app.app_no}


def submit_deregistration(cmd: SubmitDeregistration, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.CLERK)
    entity = _entity_in_scope(uow, principal, cmd.entity_id)
    uow.check_version(entity, cmd.base_version, label="该主体")
    if problem := refusal(EntityState.from_code(entity.state), "deregister"):
        raise RuleViolation(problem)
    if (pending := _open_application(uow, entity.id)) is not None:
        raise RuleViolation(f"该主体有未办结的申请（受理号{pending.app_no}），请办结后再申请")
    reason = _reason(cmd.reason, "注销原因")
    app = RegApplication(
        id=cmd.application_id, app_no=_new_app_no(uow, entity.district_code),
        kind=ApplicationKind.DEREGISTER.code, state=ApplicationState.ACCEPTED.code, entity_id=entity.id,
        office_code=entity.office_code, district_code=entity.district_code, title=entity.name,
        payload={"reason": reason}, submitted_by=principal.user_id, submitted_at=uow.clock(), version=1,
    )
    uow.session.add(app)
    uow.changes.add("applications")
    return {"subject_id": app.id, "app_no": app.app_no}


def approve_application(cmd: ApproveApplication, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.REVIEWER)
    app = _application_to_decide(uow, principal, cmd.application_id, cmd.base_version)
    kind = ApplicationKind.from_code(app.kind)
    app.decided_by = principal.user_id
    app.decided_at = uow.clock()
    if kind is ApplicationKind.ESTABLISH:
        entity = _establish(uow, app)
    elif kind is ApplicationKind.CHANGE:
        entity = _apply_change(uow, app)
    else:
        entity = _deregister(uow, app)
    app.entity_id = entity.id
    app.state = ApplicationState.APPROVED.code
    app.decision_note = items_.clean_text(cmd.note or "") or None
    app.version += 1
    uow.changes.update({"applications", "entities"})
    return {"subject_id": app.id, "entity_id": entity.id, "uscc": entity.uscc}


def reject_application(cmd: RejectApplication, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.REVIEWER)
    app = _application_to_decide(uow, principal, cmd.application_id, cmd.base_version)
    app.state = ApplicationState.REJECTED.code
    app.decided_by = principal.user_id
    app.decided_at = uow.clock()
    app.decision_note = _reason(cmd.reason, "驳回理由")
    app.version += 1
    if app.entity_id:
        uow.record_event(entity_id=app.entity_id, kind="rejected", actor_id=principal.user_id,
                         application_id=app.id,
                         summary=f"{ApplicationKind.from_code(app.kind).label}申请被驳回：{app.decision_note}")
    uow.changes.add("applications")
    return {"subject_id": app.id}


def revoke_licence(cmd: RevokeLicence, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.OFFICE_HEAD)
    entity = _entity_in_scope(uow, principal, cmd.entity_id)
    uow.check_version(entity, cmd.base_version, label="该主体")
    if problem := refusal(EntityState.from_code(entity.state), "revoke"):
        raise RuleViolation(problem)
    reason = _reason(cmd.reason, "吊销理由")
    decision_no = items_.clean_text(cmd.decision_no or "")
    if len(decision_no) > 60:
        raise InvalidInput([FieldError("decision_no", "处罚决定书文号不得超过60个字")])
    _set_state(uow, entity, EntityState.REVOKED, reason)
    uow.record_event(entity_id=entity.id, kind="revoked", actor_id=principal.user_id,
                     summary=f"吊销营业执照：{reason}" + (f"（{decision_no}）" if decision_no else ""),
                     details={"reason": reason, "decision_no": decision_no or None})
    uow.publish(EntityRevoked(entity_id=entity.id, actor_id=principal.user_id, reason=reason))  # its IC cards follow
    uow.changes.add("entities")
    return {"subject_id": entity.id}


def record_licence_printed(cmd: RecordLicencePrinted, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.CLERK, Role.REVIEWER, Role.OFFICE_HEAD)
    entity = _entity_in_scope(uow, principal, cmd.entity_id)
    if problem := refusal(EntityState.from_code(entity.state), "print_licence"):
        raise RuleViolation(problem)
    copy = "正本" if cmd.copy == "original" else "副本"
    mode = "（套打）" if cmd.preprinted else ""
    uow.record_event(entity_id=entity.id, kind="licence_printed", actor_id=principal.user_id,
                     summary=f"打印营业执照{copy}{mode}")
    uow.changes.add("history")
    return {"subject_id": entity.id}


# --- approval, by kind ----------------------------------------------------------------------


def _application_to_decide(uow: UnitOfWork, principal: Principal, app_id: str, base_version: int) -> RegApplication:
    app = uow.get(RegApplication, app_id, label="申请")
    require_scope(principal, office_code=app.office_code, district_code=app.district_code)
    uow.check_version(app, base_version, label="该申请")
    if app.state != ApplicationState.ACCEPTED.code:
        raise RuleViolation(f"该申请已{ApplicationState.from_code(app.state).label[1:]}，不能再次审核")
    if app.submitted_by == principal.user_id:
        raise PermissionDenied("受理与核准须由不同人员办理，不能审核本人受理的申请")
    return app


def _establish(uow: UnitOfWork, app: RegApplication) -> MarketEntity:
    values = app.payload["items"]
    # a name approved meanwhile in the same district wins; refuse rather than register twice
    verdict = compare_name(uow.session, values["name"], app.district_code, exclude_application_id=app.id)
    if verdict.refused:
        raise RuleViolation(verdict.message())
    kind = reference.entity_kind(values["kind_code"])
    org_no = uow.number_or_pending("org_code", start=10_000_000)
    entity = MarketEntity(
        # offline: a negative provisional row_no and no credit code (待分配) until the push
        row_no=uow.provisional_number("entity_row_no"),
        uscc=(codes.new_uscc(app.district_code, kind.uscc_category, codes.entity_code_from_number(org_no))
              if org_no is not None else None),
        state=EntityState.ACTIVE.code, abnormal=False,
        district_code=app.district_code, office_code=app.office_code,
        established_on=beijing_date(uow.clock()),
        created_at=uow.clock(), updated_at=uow.clock(), version=1,
        **_entity_values(values),
    )
    _set_name_keys(entity)
    uow.session.add(entity)
    uow.session.flush()
    register_index.on_entity_saved(uow.session, entity, before=None)
    uow.record_event(entity_id=entity.id, kind="established", actor_id=app.decided_by,
                     application_id=app.id, summary=f"设立登记核准，统一社会信用代码{entity.uscc or '待分配'}")
    return entity


def _apply_change(uow: UnitOfWork, app: RegApplication) -> MarketEntity:
    entity = uow.get(MarketEntity, app.entity_id, label="市场主体")
    if problem := refusal(EntityState.from_code(entity.state), "change"):
        raise RuleViolation(problem)
    changed = app.payload["items"]
    before = register_index.placed(entity)
    if "name" in changed:
        verdict = compare_name(uow.session, changed["name"], entity.district_code,
                               exclude_entity_id=entity.id, exclude_application_id=app.id)
        if verdict.refused:
            raise RuleViolation(verdict.message())
    for key, value in _entity_values(changed).items():
        setattr(entity, key, value)
    if "name" in changed:
        _set_name_keys(entity)
    register_index.on_entity_saved(uow.session, entity, before=before)
    entity.updated_at = uow.clock()
    entity.version += 1
    labels = "、".join(items_.label(k, entity.kind_code) for k in changed)
    uow.record_event(entity_id=entity.id, kind="changed", actor_id=app.decided_by, application_id=app.id,
                     summary=f"变更登记核准：{labels}",
                     details={"before": app.payload.get("before"), "after": changed})
    return entity


def _deregister(uow: UnitOfWork, app: RegApplication) -> MarketEntity:
    entity = uow.get(MarketEntity, app.entity_id, label="市场主体")
    if problem := refusal(EntityState.from_code(entity.state), "deregister"):
        raise RuleViolation(problem)
    _set_state(uow, entity, EntityState.DEREGISTERED, app.payload.get("reason"))
    uow.record_event(entity_id=entity.id, kind="deregistered", actor_id=app.decided_by, application_id=app.id,
                     summary=f"注销登记核准：{app.payload.get('reason')}")
    uow.publish(EntityDeregistered(entity_id=entity.id, actor_id=app.decided_by,  # its IC cards follow
                                   reason=app.payload.get("reason")))
    return entity


def _set_name_keys(entity: MarketEntity) -> None:
    """What the register sorts and searches a name by: pinyin order, initials, trade name."""
    entity.name_key = pinyin.sort_key(entity.name)
    entity.name_initials = pinyin.initials(entity.name)
    entity.trade_key = names.trade_name_pinyin(entity.name)[:100] or None


def _set_state(uow: UnitOfWork, entity: MarketEntity, state: EntityState, reason: str | None) -> None:
    before = register_index.placed(entity)
    entity.state = state.code
    entity.state_reason = reason
    entity.state_changed_on = beijing_date(uow.clock())
    entity.updated_at = uow.clock()
    entity.version += 1
    register_index.on_entity_saved(uow.session, entity, before=before)  # the state's facet counts


def _entity_values(values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if key == "capital_wan":
            value = Decimal(value) if value is not None else None
        elif key == "term_end":
            value = dt.date.fromisoformat(value) if value else None
        out[key] = value
    return out


def _differs(current, proposed: str | None) -> bool:
    return _plain(current) != proposed


def _plain(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


HANDLERS = {
    SubmitEstablishment: submit_establishment,
    SubmitChange: submit_change,
    SubmitDeregistration: submit_deregistration,
    ApproveApplication: approve_application,
    RejectApplication: reject_application,
    RevokeLicence: revoke_licence,
    RecordLicencePrinted: record_licence_printed,
}
