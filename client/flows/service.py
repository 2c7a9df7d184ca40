"""The flow engine inside a unit of work: what areas call to start an instance and to step it.

An area's handler (certification's 受理, its examination…) calls `start_instance` and `step`
here in the same transaction as its own changes; the generic step commands of the 待办 list
(client/flows/handlers.py) call `step` too. Both sides of a command — the workstation and the
centre — run this with the command's time and op_id, so they make the same tasks.

Areas hear how their instances move through domain events (`FlowStepped`, `FlowEnded`), so the
engine never imports an area.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa

from client.flows import engine
from client.flows.definition import Assignees, FlowDefinition, Unit, problems
from client.flows.engine import APPROVE, Context, InstanceState, Task, TaskState
from client.flows.models import FlowDefinitionRow, FlowDelegation, FlowInstance, FlowTask
from client.kernel.clock import beijing_date
from client.kernel.errors import PermissionDenied
from client.kernel.events import DomainEvent
from client.kernel.ids import derived_id
from client.kernel.models import AppUser
from client.kernel.roles import parse_roles

#: flows the areas bring (key -> version 1), used until an administrator publishes another
_BUILT_IN: dict[str, FlowDefinition] = {}


def built_in(flow: FlowDefinition) -> None:
    """An area's default flow (registered from its `register`); it is version 1."""
    if flow_problems := problems(flow):
        raise ValueError(f"built-in flow {flow.key}: {flow_problems}")
    _BUILT_IN[flow.key] = flow.with_version(1)


def built_in_flows() -> dict[str, FlowDefinition]:
    from client.kernel.registry import registry

    registry()  # the areas register their flows
    return dict(_BUILT_IN)


@dataclass(frozen=True)
class FlowStepped(DomainEvent):
    """A step was taken on an instance of an area's flow (same transaction as the step)."""

    instance_id: str
    subject_area: str
    subject_id: str
    node_key: str
    action: str
    actor_id: str
    opinion: str | None
    at: dt.datetime


@dataclass(frozen=True)
class FlowEnded(DomainEvent):
    """An instance ended: `outcome` is approved, refused or cancelled (client.flows.definition.
    Outcome); `end_node` where (None when cancelled)."""

    instance_id: str
    subject_area: str
    subject_id: str
    outcome: str
    end_node: str | None
    actor_id: str
    opinion: str | None
    at: dt.datetime


# --- definitions ---------------------------------------------------------------------------------


def latest_flow(session, flow_key: str) -> FlowDefinition:
    row = session.scalar(sa.select(FlowDefinitionRow).where(FlowDefinitionRow.flow_key == flow_key)
                         .order_by(FlowDefinitionRow.version.desc()).limit(1))
    if row is not None:
        return _parsed(row.body)
    flows = built_in_flows()
    if flow_key not in flows:
        raise LookupError(f"没有名为“{flow_key}”的流程")
    return flows[flow_key]


def flow_version(session, flow_key: str, version: int) -> FlowDefinition:
    row = session.get(FlowDefinitionRow, FlowDefinitionRow.key_of(flow_key, version))
    if row is not None:
        return _parsed(row.body)
    flow = built_in_flows().get(flow_key)
    if flow is None or version != flow.version:
        raise LookupError(f"流程“{flow_key}”第{version}版不存在")
    return flow


@functools.lru_cache(maxsize=64)
def _parsed(body: str) -> FlowDefinition:
    return FlowDefinition.from_json(body)


# --- who -------------------------------------------------------------------------------------------


def resolver(session, instance: FlowInstance) -> Callable[[Assignees], list[str]]:
    """An assignee rule -> the users it names for this instance's case, enabled, in username order."""

    def resolve(rule: Assignees) -> list[str]:
        if rule.users:
            rule = Assignees(users=tuple(_named(rule.users, instance.fields or {})))
        users = session.scalars(sa.select(AppUser).where(AppUser.disabled.is_(False))
                                .where(_unit_condition(rule, instance)).order_by(AppUser.username)).all()
        if rule.users:
            wanted = set(rule.users)
            return [u.id for u in users if u.id in wanted or u.username in wanted]
        return [u.id for u in users if rule.role and rule.role in {r.code for r in parse_roles(u.roles)}]

    return resolve


def _named(users: tuple[str, ...], fields: dict) -> list[str]:
    """Named users: ids or usernames, and "@field" for people the case names (its mediators)."""
    found: list[str] = []
    for entry in users:
        if entry.startswith("@"):
            value = fields.get(entry[1:]) or []
            found.extend(value.split(",") if isinstance(value, str) else [str(v) for v in value])
        else:
            found.append(entry)
    return [u.strip() for u in found if u.strip()]


def _unit_condition(rule: Assignees, instance: FlowInstance):
    if rule.users:
        return sa.or_(AppUser.id.in_(rule.users), AppUser.username.in_(rule.users))
    if rule.unit == Unit.OFFICE.code:
        return AppUser.office_code == instance.office_code
    if rule.unit == Unit.DISTRICT.code:
        return sa.and_(AppUser.office_code.is_(None), AppUser.district_code == instance.district_code)
    return sa.and_(AppUser.office_code.is_(None), AppUser.district_code.is_(None))


def delegators_of(session, delegate_id: str, day: dt.date) -> set[str]:
    """Whose tasks `delegate_id` may do on `day` (委托)."""
    return set(session.scalars(sa.select(FlowDelegation.user_id).where(
        FlowDelegation.delegate_id == delegate_id, FlowDelegation.starts_on <= day,
        FlowDelegation.ends_on >= day, FlowDelegation.ended_at.is_(None))))


# --- starting and stepping ------------------------------------------------------------------------


def start_instance(uow, *, flow_key: str, subject_area: str, subject_id: str, title: str,
                   office_code: str, district_code: str, fields: dict[str, Any], user_id: str,
                   op_id: str, at: dt.datetime) -> FlowInstance:
    """Start the latest version of `flow_key` for a case; its first tasks open at once."""
    session = uow.session
    flow = latest_flow(session, flow_key)
    instance = FlowInstance(id=derived_id(op_id, "flow-instance"), flow_key=flow.key, flow_version=flow.version,
                            subject_area=subject_area, subject_id=subject_id, title=title[:200],
                            office_code=office_code, district_code=district_code, started_by=user_id,
                            started_at=at, fields=_plain(fields), waiting={})
    session.add(instance)
    state = engine.start(_context(session, flow, instance, op_id, at))
    _write(uow, flow, instance, {}, state, at, actor_id=user_id)
    return instance


def step(uow, *, task_id: str, base_version: int | None, action: str, actor_id: str, op_id: str,
         at: dt.datetime, opinion: str | None = None, target: str | None = None,
         users: tuple[str, ...] = (), fields: dict[str, Any] | None = None) -> FlowInstance:
    """One step on a task. `fields`: the case's fields as they are now (an area that changed
    them in this command, e.g. the amount, passes them so conditions judge the new values)."""
    session = uow.session
    row = uow.get(FlowTask, task_id, label="待办事项")
    uow.check_version(row, base_version, label="该待办事项")
    instance = uow.get(FlowInstance, row.instance_id, label="流程")
    if fields is not None:
        instance.fields = _plain(fields)
    if action != engine.Action.WITHDRAW:
        task = _task(row)
        engine.require_actor(task, actor_id, lambda user: _delegators(session, actor_id, user, at))
    elif row.decided_by != actor_id and row.assignee_id != actor_id:
        raise PermissionDenied("只能撤回自己办理的事项")
    flow = flow_version(session, instance.flow_key, instance.flow_version)
    rows, before = _rows_and_state(session, instance)
    after = engine.act(_context(session, flow, instance, op_id, at), before, task_id=task_id, actor_id=actor_id,
                       action=action, opinion=opinion, target=target, users=tuple(users))
    _write(uow, flow, instance, rows, after, at, actor_id=actor_id)
    uow.publish(FlowStepped(instance_id=instance.id, subject_area=instance.subject_area,
                            subject_id=instance.subject_id, node_key=row.node_key, action=action,
                            actor_id=actor_id, opinion=opinion, at=at))
    if after.outcome is not None:
        uow.publish(FlowEnded(instance_id=instance.id, subject_area=instance.subject_area,
                              subject_id=instance.subject_id, outcome=after.outcome, end_node=after.end_node,
                              actor_id=actor_id, opinion=opinion, at=at))
    return instance


def cancel_instance(uow, instance: FlowInstance, *, actor_id: str, reason: str, at: dt.datetime) -> None:
    """End a running instance with no decision (engine.cancel); FlowEnded tells its area, with
    `reason` as the opinion."""
    session = uow.session
    flow = flow_version(session, instance.flow_key, instance.flow_version)
    rows, before = _rows_and_state(session, instance)
    after = engine.cancel(before)
    _write(uow, flow, instance, rows, after, at, actor_id=actor_id)
    uow.publish(FlowEnded(instance_id=instance.id, subject_area=instance.subject_area,
                          subject_id=instance.subject_id, outcome=after.outcome, end_node=None,
                          actor_id=actor_id, opinion=reason, at=at))


def _delegators(session, actor_id: str, assignee: str, at: dt.datetime) -> set[str]:
    return {actor_id} if assignee in delegators_of(session, actor_id, beijing_date(at)) else set()


def instance_state(session, instance: FlowInstance) -> InstanceState:
    return _rows_and_state(session, instance)[1]


def _rows_and_state(session, instance: FlowInstance) -> tuple[dict[str, FlowTask], InstanceState]:
    """The instance's task rows by id, and the engine's state made of them."""
    rows = {r.id: r for r in session.scalars(sa.select(FlowTask).where(FlowTask.instance_id == instance.id))}
    return rows, InstanceState([_task(r) for r in sorted(rows.values(), key=_order)], instance.outcome,
                               instance.end_node, dict(instance.waiting or {}))


def _order(row: FlowTask) -> tuple:
    return (row.opened_at, row.round, row.id)


def _context(session, flow: FlowDefinition, instance: FlowInstance, op_id: str, at: dt.datetime) -> Context:
    counter = itertools.count(1)
    return Context(flow=flow, fields=dict(instance.fields or {}), resolve=resolver(session, instance), now=at,
                   today=beijing_date(at), new_id=lambda: derived_id(op_id, f"flow-task-{next(counter)}"))


_TASK_FIELDS = ("node_key", "assignee_id", "round", "kind", "state", "opened_at", "due_on", "opened_by",
                "decided_at", "decided_by", "opinion", "added_by", "passed_to")


def _task(row: FlowTask) -> Task:
    return Task(id=row.id, **{f: getattr(row, f) for f in _TASK_FIELDS})


def _write(uow, flow: FlowDefinition, instance: FlowInstance, rows: dict[str, FlowTask], state: InstanceState,
           at: dt.datetime, *, actor_id: str) -> None:
    """Write back what the engine changed: new tasks inserted, changed ones updated (version + 1)."""
    for task in state.tasks:
        row = rows.get(task.id)
        if row is None:
            row = FlowTask(id=task.id, instance_id=instance.id, flow_key=instance.flow_key,
                           node_title=flow.node(task.node_key).title[:100],
                           office_code=instance.office_code, district_code=instance.district_code)
            for f in _TASK_FIELDS:
                setattr(row, f, getattr(task, f))
            uow.session.add(row)
            continue
        changed = [f for f in _TASK_FIELDS if getattr(row, f) != getattr(task, f)]
        if not changed:
            continue
        for f in changed:
            setattr(row, f, getattr(task, f))
        row.version = (row.version or 1) + 1
        if task.decided_at is not None and task.state in (TaskState.APPROVED, TaskState.REFUSED, TaskState.RETURNED):
            row.took_minutes = max(0, int((task.decided_at - task.opened_at).total_seconds() // 60))
            row.decided_late = bool(task.due_on and beijing_date(task.decided_at) > task.due_on)
        elif task.state == TaskState.OPEN:
            row.took_minutes, row.decided_late = None, False
    instance.waiting = dict(state.waiting)
    if state.outcome is not None and instance.outcome is None:
        instance.outcome, instance.end_node, instance.finished_at = state.outcome, state.end_node, at
    instance.version = (instance.version or 1) + 1


def _plain(fields: dict[str, Any]) -> dict[str, Any]:
    """Fields as JSON keeps them (Decimal amounts as strings: conditions compare them as numbers)."""
    out = {}
    for k, v in fields.items():
        if isinstance(v, (dt.date, dt.datetime)):
            v = v.isoformat()
        elif not isinstance(v, (str, int, float, bool, type(None), list)):
            v = str(v)
        out[k] = v
    return out


def open_task_of(session, instance_id: str, user_id: str, day: dt.date | None = None) -> FlowTask | None:
    """The open approve task of `user_id` (or of someone who delegated to them) on an instance."""
    people = {user_id} | (delegators_of(session, user_id, day) if day else set())
    return session.scalar(sa.select(FlowTask).where(
        FlowTask.instance_id == instance_id, FlowTask.state == TaskState.OPEN, FlowTask.kind == APPROVE,
        FlowTask.assignee_id.in_(people)).order_by(FlowTask.opened_at).limit(1))
