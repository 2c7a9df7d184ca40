"""What the flow screens read: a user's 待办 (with 督办催办 marks), one instance drawn with its
history, the published flows, delegations. Plain dataclasses, so the same function answers on
the replica and on the centre."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from client.flows import service, workdays
from client.flows.engine import APPROVE, COPY, Action, TaskState
from client.flows.models import FlowDefinitionRow, FlowDelegation, FlowInstance, FlowTask
from client.kernel.clock import beijing_today
from client.kernel.models import AppUser
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal, Role

#: how a 待办 stands against its deadline (the list colours it)
NORMAL, DUE_SOON, OVERDUE = "normal", "soon", "overdue"


@dataclass(frozen=True)
class TodoItem:
    task_id: str
    task_version: int
    instance_id: str
    kind: str  # approve | copy
    instance_title: str
    flow_key: str
    node_key: str
    node_title: str
    assignee_id: str
    assignee_name: str
    opened_at: dt.datetime
    due_on: dt.date | None
    urgency: str  # NORMAL / DUE_SOON / OVERDUE
    overdue_days: int  # working days past the deadline
    #: the item is someone else's: delegated to the reader (委托) or raised to the head (催办)
    on_behalf_of: str | None
    escalated: bool
    supervise_note: str | None
    supervised_at: dt.datetime | None


@dataclass(frozen=True)
class TodoList:
    items: list[TodoItem]
    today: dt.date
    overdue: int
    due_soon: int


class _Urgency:
    """How a deadline stands today, worked out once per distinct deadline (a list of 10,000
    items has a few dozen): due soon is today or the next working day, overdue counts the
    working days past it."""

    def __init__(self, today: dt.date):
        self.today = today
        self.soon_before = workdays.add_working_days(today, 2)
        self._known: dict[dt.date, tuple[str, int]] = {}

    def __call__(self, due: dt.date | None) -> tuple[str, int]:
        if due is None:
            return NORMAL, 0
        found = self._known.get(due)
        if found is None:
            if due < self.today:
                found = OVERDUE, max(1, workdays.working_days_between(due, self.today))
            elif due < self.soon_before:
                found = DUE_SOON, 0
            else:
                found = NORMAL, 0
            self._known[due] = found
        return found


def todo_list(session, principal: Principal, today: dt.date | None = None) -> TodoList:
    """Everything waiting on the reader: their own open tasks and unread copies, the tasks of
    people who delegated to them today, and — for a unit head — the unit's tasks overdue by
    at least the flow's escalation threshold. Soonest deadline first."""
    today = today or beijing_today()
    me = principal.user_id
    delegators = service.delegators_of(session, me, today)
    people = {me} | delegators
    t, i, u = FlowTask, FlowInstance, AppUser
    columns = (t.id, t.version, t.instance_id, t.kind, i.title, i.flow_key, t.node_key, t.node_title, t.assignee_id,
               u.full_name, t.opened_at, t.due_on, t.supervise_note, t.supervised_at)
    base = sa.select(*columns).join(i, i.id == t.instance_id).join(u, u.id == t.assignee_id)
    mine = base.where(t.assignee_id.in_(people), t.state.in_((TaskState.OPEN, TaskState.UNREAD)))
    rows = list(session.execute(mine))
    escalated_ids: set[str] = set()
    if principal.has(Role.OFFICE_HEAD):
        late = (base.where(t.state == TaskState.OPEN, t.kind == APPROVE, t.due_on < today,
                           t.assignee_id.not_in(people))
                .where(in_jurisdiction(principal, t.office_code, t.district_code)))
        thresholds = _escalation_thresholds(session)
        raised: set[tuple[str, str]] = set()  # one line per waiting node, however many hold it
        for row in session.execute(late):
            if (row.instance_id, row.node_key) in raised:
                continue
            if workdays.working_days_between(row.due_on, today) >= thresholds.get(row.flow_key, 2):
                rows.append(row)
                escalated_ids.add(row.id)
                raised.add((row.instance_id, row.node_key))
    items = []
    urgency_of = _Urgency(today)
    # rows unpacked by position: reading 10,000 rows' fields by name costs more than the SQL
    for (task_id, version, instance_id, kind, title, flow_key, node_key, node_title, assignee_id, full_name,
         opened_at, due_on, note, noted_at) in rows:
        urgency, late_days = urgency_of(due_on) if kind == APPROVE else (NORMAL, 0)
        items.append(TodoItem(
            task_id=task_id, task_version=version, instance_id=instance_id, kind=kind, instance_title=title,
            flow_key=flow_key, node_key=node_key, node_title=node_title, assignee_id=assignee_id,
            assignee_name=full_name, opened_at=opened_at, due_on=due_on, urgency=urgency,
            overdue_days=late_days, on_behalf_of=full_name if assignee_id != me else None,
            escalated=task_id in escalated_ids, supervise_note=note, supervised_at=noted_at))
    items.sort(key=lambda x: (x.kind == COPY, x.due_on or dt.date.max, x.opened_at))
    return TodoList(items=items, today=today, overdue=sum(x.urgency == OVERDUE for x in items),
                    due_soon=sum(x.urgency == DUE_SOON for x in items))


def todo_count(session, principal: Principal) -> int:
    """The status bar's number: the reader's own open tasks (delegated ones included)."""
    people = {principal.user_id} | service.delegators_of(session, principal.user_id, beijing_today())
    return session.scalar(sa.select(sa.func.count()).select_from(FlowTask).where(
        FlowTask.assignee_id.in_(people), FlowTask.state == TaskState.OPEN)) or 0


def _escalation_thresholds(session) -> dict[str, int]:
    found = {k: f.escalate_after_days for k, f in service.built_in_flows().items()}
    for row in session.scalars(sa.select(FlowDefinitionRow).order_by(FlowDefinitionRow.version)):
        found[row.flow_key] = service.flow_version(session, row.flow_key, row.version).escalate_after_days
    return found


# --- one instance -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepLine:
    task_id: str
    node_key: str
    node_title: str
    assignee_name: str
    actor_name: str  # who acted (a delegate shows "受托人（代委托人）")
    state: str
    action_label: str
    opinion: str | None
    opened_at: dt.datetime
    decided_at: dt.datetime | None
    due_on: dt.date | None
    took_label: str


@dataclass(frozen=True)
class ReturnTarget:
    node_key: str
    title: str


@dataclass(frozen=True)
class InstanceView:
    instance_id: str
    title: str
    flow_key: str
    flow_version: int
    flow_json: str
    outcome: str | None
    current_nodes: list[str]
    visited_nodes: list[str]
    steps: list[StepLine]
    #: the reader's own open task on it, if any, with what they may do
    my_task_id: str | None
    my_task_version: int | None
    #: the node's form: its area's screen decides it, not the plain 同意/不同意 (Node.form)
    my_task_form: str | None
    return_targets: list[ReturnTarget]
    #: the reader's approved task they may still withdraw (撤回)
    withdrawable_task_id: str | None
    withdrawable_version: int | None


def _took(opened: dt.datetime, decided: dt.datetime | None) -> str:
    if decided is None:
        return ""
    minutes = int((decided - opened).total_seconds() // 60)
    if minutes < 60:
        return f"{max(minutes, 0)}分钟"
    if minutes < 24 * 60:
        return f"{minutes // 60}小时{minutes % 60}分"
    from client.kernel.clock import beijing_date

    days = workdays.working_days_between(beijing_date(opened), beijing_date(decided))
    # over a weekend or a holiday a day passes without a working one: say the hours instead
    return f"{days}个工作日" if days else f"{minutes // 60}小时"


def instance_view(session, principal: Principal, instance_id: str) -> InstanceView | None:
    from client.flows import engine

    instance = session.get(FlowInstance, instance_id)
    if instance is None:
        return None
    # the instance's jurisdiction sees it; so does anyone it waits on (a district head's 分局审批)
    if not (principal.covers(office_code=instance.office_code, district_code=instance.district_code)
            or service.open_task_of(session, instance_id, principal.user_id) is not None):
        return None
    flow = service.flow_version(session, instance.flow_key, instance.flow_version)
    state = service.instance_state(session, instance)
    rows = session.scalars(sa.select(FlowTask).where(FlowTask.instance_id == instance.id)).all()
    names = dict(session.execute(sa.select(AppUser.id, AppUser.full_name).where(
        AppUser.id.in_({r.assignee_id for r in rows} | {r.decided_by for r in rows if r.decided_by}))).all())
    steps = []
    for r in sorted(rows, key=lambda r: (r.opened_at, r.decided_at or dt.datetime.max.replace(tzinfo=dt.UTC), r.id)):
        if r.state == TaskState.WITHDRAWN:
            continue
        actor = names.get(r.decided_by or r.assignee_id, "")
        if r.decided_by and r.decided_by != r.assignee_id:
            actor = f"{actor}（代{names.get(r.assignee_id, '')}）"
        label = TaskState.LABELS.get(r.state, r.state)
        if r.added_by and r.state == TaskState.OPEN:
            label = "加签待办"
        steps.append(StepLine(task_id=r.id, node_key=r.node_key, node_title=r.node_title,
                              assignee_name=names.get(r.assignee_id, ""), actor_name=actor, state=r.state,
                              action_label=label, opinion=r.opinion, opened_at=r.opened_at, decided_at=r.decided_at,
                              due_on=r.due_on, took_label=_took(r.opened_at, r.decided_at)))
    today = beijing_today()
    mine = service.open_task_of(session, instance.id, principal.user_id, today)
    targets: list[ReturnTarget] = []
    if mine is not None:
        task = next(t for t in state.tasks if t.id == mine.id)
        targets = [ReturnTarget(n.key, n.title) for n in engine.return_targets(flow, state, task)]
    withdrawable = _withdrawable(state, rows, principal.user_id)
    return InstanceView(
        instance_id=instance.id, title=instance.title, flow_key=flow.key, flow_version=flow.version,
        flow_json=flow.to_json(), outcome=instance.outcome, current_nodes=sorted(state.current_nodes()),
        visited_nodes=sorted(state.visited_nodes()), steps=steps,
        my_task_id=mine.id if mine else None, my_task_version=mine.version if mine else None,
        my_task_form=(flow.node(mine.node_key).form or None) if mine else None, return_targets=targets, withdrawable_task_id=withdrawable.id if withdrawable else None,
        withdrawable_version=withdrawable.version if withdrawable else None)


def _withdrawable(state, rows, user_id: str):
    """The reader's latest approval that nobody after it has acted on (撤回 is offered)."""
    if state.outcome is not None:
        return None
    mine = [r for r in rows if r.decided_by == user_id and r.state == TaskState.APPROVED]
    for r in sorted(mine, key=lambda r: r.decided_at, reverse=True):
        opened = [x for x in rows if x.opened_by == r.id and x.added_by is None and x.state != TaskState.WITHDRAWN]
        if not any(x.kind == APPROVE and x.state != TaskState.OPEN for x in opened) \
                and not (r.passed_to or "").endswith(":join"):
            return r
        break
    return None


def instances_of(session, principal: Principal, subject_id: str) -> list[str]:
    """The instance ids of a case (oldest first)."""
    return list(session.scalars(sa.select(FlowInstance.id).where(FlowInstance.subject_id == subject_id)
                                .where(in_jurisdiction(principal, FlowInstance.office_code,
                                                       FlowInstance.district_code))
                                .order_by(FlowInstance.started_at)))


# --- flows and delegations ------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowSummary:
    flow_key: str
    title: str
    version: int
    published_at: dt.datetime | None  # None: the area's built-in version
    body: str


def published_flows(session) -> list[FlowSummary]:
    """The latest version of every flow (built-in ones until an administrator publishes)."""
    latest: dict[str, FlowSummary] = {
        k: FlowSummary(k, f.title, f.version, None, f.to_json()) for k, f in service.built_in_flows().items()}
    for row in session.scalars(sa.select(FlowDefinitionRow).order_by(FlowDefinitionRow.version)):
        latest[row.flow_key] = FlowSummary(row.flow_key, row.title, row.version, row.published_at, row.body)
    return sorted(latest.values(), key=lambda f: f.flow_key)


@dataclass(frozen=True)
class DelegationLine:
    delegation_id: str
    user_name: str
    delegate_name: str
    starts_on: dt.date
    ends_on: dt.date
    reason: str | None
    active: bool


def my_delegations(session, principal: Principal) -> list[DelegationLine]:
    d = FlowDelegation
    rows = session.scalars(sa.select(d).where(sa.or_(d.user_id == principal.user_id,
                                                     d.delegate_id == principal.user_id))
                           .order_by(d.starts_on.desc())).all()
    names = dict(session.execute(sa.select(AppUser.id, AppUser.full_name).where(
        AppUser.id.in_({r.user_id for r in rows} | {r.delegate_id for r in rows}))).all())
    today = beijing_today()
    return [DelegationLine(r.id, names.get(r.user_id, ""), names.get(r.delegate_id, ""), r.starts_on, r.ends_on,
                           r.reason, r.ended_at is None and r.starts_on <= today <= r.ends_on) for r in rows]


@dataclass(frozen=True)
class Colleague:
    user_id: str
    username: str
    full_name: str


def colleagues(session, principal: Principal) -> list[Colleague]:
    """People of the reader's unit (委托, 加签 pick from them)."""
    rows = session.scalars(sa.select(AppUser).where(AppUser.disabled.is_(False),
                                                    AppUser.office_code.is_(principal.office_code)
                                                    if principal.office_code is None
                                                    else AppUser.office_code == principal.office_code,
                                                    AppUser.district_code == principal.district_code
                                                    if principal.district_code else sa.true())
                           .order_by(AppUser.username)).all()
    return [Colleague(u.id, u.username, u.full_name) for u in rows if u.id != principal.user_id]


ACTION_LABELS = Action.LABELS
