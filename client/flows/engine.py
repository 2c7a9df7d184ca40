"""How an instance of a flow moves: pure rules, no database.

The handlers (client/flows/handlers.py) load an instance's tasks into `Task`s, call `start` or
`act` here, and write back what changed. Everything an outcome depends on comes in through
`Context` (the definition, the case's fields, who holds a role, the command's time and ids
derived from its op_id), so the same command gives the same tasks on the workstation and on the
centre: a step queued offline replays centrally to the same state.

An instance is *running* while some task is open; it always either has ended or waits on named
people (a node whose rule finds nobody is refused when it is reached, with the reason).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Mapping

from client.flows import expr, workdays
from client.flows.definition import Assignees, Decision, FlowDefinition, Node, NodeKind, Outcome, reach
from client.kernel.errors import PermissionDenied, RuleViolation


class TaskState:
    """A task's state (stored code); labels for the history."""

    OPEN = "open"
    APPROVED = "approved"
    REFUSED = "refused"
    RETURNED = "returned"  # its holder sent the instance back (退回)
    CLOSED = "closed"  # the node was decided without it (or the instance ended)
    WITHDRAWN = "withdrawn"  # opened by a decision that was withdrawn (撤回)
    UNREAD, READ = "unread", "read"  # copy-to (抄送) notices

    LABELS = {OPEN: "待办", APPROVED: "同意", REFUSED: "不同意", RETURNED: "退回", CLOSED: "已由他人办理",
              WITHDRAWN: "已撤回", UNREAD: "抄送未读", READ: "抄送已阅"}


class Action:
    APPROVE, REFUSE, RETURN, WITHDRAW, ADD_SIGNER = "approve", "refuse", "return", "withdraw", "add_signer"
    LABELS = {APPROVE: "同意", REFUSE: "不同意", RETURN: "退回", WITHDRAW: "撤回", ADD_SIGNER: "加签"}


APPROVE, COPY = "approve", "copy"  # task kinds

#: why a step on a task that is no longer open is refused
_DONE = {TaskState.APPROVED: "您已办理过该事项", TaskState.REFUSED: "您已办理过该事项",
         TaskState.RETURNED: "该事项已退回", TaskState.CLOSED: "该环节已由他人办理（或流程已结束），不能再办理",
         TaskState.WITHDRAWN: "该事项已撤回，不需要办理"}


@dataclass
class Task:
    id: str
    node_key: str
    assignee_id: str
    round: int
    kind: str = APPROVE
    state: str = TaskState.OPEN
    opened_at: dt.datetime | None = None
    due_on: dt.date | None = None
    #: the task whose decision opened this one (None: the instance's start, or a return's)
    opened_by: str | None = None
    decided_at: dt.datetime | None = None
    #: who acted (the assignee, or a delegate acting for them)
    decided_by: str | None = None
    opinion: str | None = None
    #: 加签: who added this assignee
    added_by: str | None = None
    #: where its approval led, "node:round" of what it passed into (withdrawal undoes it)
    passed_to: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state == TaskState.OPEN


@dataclass
class InstanceState:
    tasks: list[Task] = field(default_factory=list)
    #: None while running; an Outcome code when ended
    outcome: str | None = None
    end_node: str | None = None
    #: tokens waiting at a join: join key -> how many arrived
    waiting: dict[str, int] = field(default_factory=dict)

    def open_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.is_open and t.kind == APPROVE]

    def current_nodes(self) -> set[str]:
        return {t.node_key for t in self.open_tasks()} | {k for k, n in self.waiting.items() if n}

    def visited_nodes(self) -> set[str]:
        return {t.node_key for t in self.tasks if t.state not in (TaskState.WITHDRAWN,)}

    def task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise RuleViolation("该待办事项不存在")

    def copy(self) -> "InstanceState":
        return InstanceState([replace(t) for t in self.tasks], self.outcome, self.end_node, dict(self.waiting))


@dataclass(frozen=True)
class Context:
    flow: FlowDefinition
    fields: Mapping[str, Any]
    #: an assignee rule -> the user ids it names, in a stable order (client/flows/assign.py)
    resolve: Callable[[Assignees], list[str]]
    now: dt.datetime  # the command's time (UTC)
    today: dt.date  # its Beijing date: deadlines count from it
    new_id: Callable[[], str]  # ids derived from the command's op_id


# --- starting and acting -----------------------------------------------------------------------


def start(ctx: Context) -> InstanceState:
    state = InstanceState()
    mover = _Mover(ctx, state)
    mover.enter_after(ctx.flow.start().key, via=None)
    mover.settle()
    return state


def act(ctx: Context, state: InstanceState, *, task_id: str, actor_id: str, action: str,
        opinion: str | None = None, target: str | None = None, users: tuple[str, ...] = ()) -> InstanceState:
    """One step by `actor_id` (the assignee or their delegate: the handler checks who may act)
    on task `task_id`; returns the new state (the given one is left unchanged)."""
    state = state.copy()
    task = state.task(task_id)
    if action != Action.WITHDRAW and (not task.is_open or task.kind != APPROVE):
        raise RuleViolation(_DONE.get(task.state, "该事项不需要办理"))
    if state.outcome is not None:
        raise RuleViolation("该流程已经结束，不能再办理")
    mover = _Mover(ctx, state)
    if action == Action.WITHDRAW:
        mover.withdraw(task)
        return state
    node = ctx.flow.node(task.node_key)
    if action == Action.APPROVE:
        _decide(task, TaskState.APPROVED, actor_id, opinion, ctx.now)
        mover.judge(node, task)
    elif action == Action.REFUSE:
        if not (opinion or "").strip():
            raise RuleViolation("不同意时必须填写意见（理由）", field="opinion")
        _decide(task, TaskState.REFUSED, actor_id, opinion, ctx.now)
        mover.judge(node, task)
    elif action == Action.RETURN:
        mover.send_back(task, actor_id, opinion, target)
    elif action == Action.ADD_SIGNER:
        mover.add_signers(node, task, users)
    else:
        raise RuleViolation(f"无法识别的操作“{action}”")
    mover.settle()
    return state


def return_targets(flow: FlowDefinition, state: InstanceState, task: Task) -> list[Node]:
    """Where the holder of `task` may send the instance back to: approve nodes it passed
    through before (earlier rounds, in the order first reached)."""
    seen: list[str] = []
    for t in sorted(state.tasks, key=lambda t: (t.opened_at or dt.datetime.min, t.round)):
        if (t.kind == APPROVE and t.node_key != task.node_key and t.state == TaskState.APPROVED
                and t.node_key not in seen):
            seen.append(t.node_key)
    return [flow.node(k) for k in seen]


def cancel(state: InstanceState) -> InstanceState:
    """End a running instance with no decision (Outcome.CANCELLED): its open tasks close. The
    case's area does it when the case no longer needs the flow, e.g. a hand-off whose step on the
    original was decided by others or withdrawn (client/documents/handoffs.py)."""
    if state.outcome is not None:
        raise RuleViolation("该流程已经结束")
    state = state.copy()
    state.outcome = Outcome.CANCELLED.code
    _close_all(state)
    return state


def _close_all(state: InstanceState) -> None:
    """The instance ended: what was still open closes, nothing waits at a join."""
    for t in state.tasks:
        if t.is_open:
            t.state = TaskState.CLOSED
    state.waiting.clear()


def _decide(task: Task, outcome: str, actor_id: str, opinion: str | None, now: dt.datetime) -> None:
    task.state = outcome
    task.decided_by = actor_id
    task.decided_at = now
    task.opinion = (opinion or "").strip() or None


class _Mover:
    def __init__(self, ctx: Context, state: InstanceState):
        self.ctx = ctx
        self.flow = ctx.flow
        self.state = state

    # --- tokens moving forward -----------------------------------------------------------------

    def enter_after(self, key: str, *, via: Task | None) -> None:
        for edge in self.flow.outgoing(key):
            self.enter(edge.target, via=via)

    def enter(self, key: str, *, via: Task | None) -> None:
        if self.state.outcome is not None:
            return
        node = self.flow.node(key)
        kind = node.kind
        if kind == NodeKind.APPROVE.code:
            self.open_tasks(node, via=via)
        elif kind == NodeKind.COPY.code:
            for user in self._people(node):
                self._open(node, user, via=via, kind=COPY, state=TaskState.UNREAD)
            self.enter_after(key, via=via)
        elif kind == NodeKind.CONDITION.code:
            self.enter(self._branch(node), via=via)
        elif kind == NodeKind.SPLIT.code:
            self.enter_after(key, via=via)
        elif kind == NodeKind.JOIN.code:
            self.state.waiting[key] = self.state.waiting.get(key, 0) + 1
            if via is not None:
                via.passed_to = via.passed_to or f"{key}:join"
        elif kind == NodeKind.END.code:
            self.finish(node)
        else:
            self.enter_after(key, via=via)

    def open_tasks(self, node: Node, *, via: Task | None) -> None:
        people = self._people(node)
        rounds = [t.round for t in self.state.tasks if t.node_key == node.key]
        number = max(rounds, default=0) + 1
        for user in people:
            self._open(node, user, via=via, round_no=number)
        if via is not None and via.passed_to is None:
            via.passed_to = f"{node.key}:{number}"

    def _open(self, node: Node, user: str, *, via: Task | None, kind: str = APPROVE,
              state: str = TaskState.OPEN, round_no: int = 1, added_by: str | None = None) -> Task:
        due = (workdays.add_working_days(self.ctx.today, node.deadline_days)
               if node.deadline_days and kind == APPROVE else None)
        task = Task(id=self.ctx.new_id(), node_key=node.key, assignee_id=user, round=round_no, kind=kind,
                    state=state, opened_at=self.ctx.now, due_on=due, opened_by=via.id if via else None,
                    added_by=added_by)
        self.state.tasks.append(task)
        return task

    def _people(self, node: Node) -> list[str]:
        people = list(dict.fromkeys(self.ctx.resolve(node.assignees or Assignees())))
        if not people:
            who = node.assignees.describe() if node.assignees else "（未设置）"
            raise RuleViolation(f"流程节点“{node.title}”找不到办理人（{who}），请管理员检查流程或人员设置")
        return people

    def _branch(self, node: Node) -> str:
        default = None
        for edge in self.flow.outgoing(node.key):
            if not edge.condition:
                default = edge.target
                continue
            try:
                if expr.evaluate(edge.condition, self.ctx.fields):
                    return edge.target
            except expr.ExpressionError as e:
                raise RuleViolation(f"条件节点“{node.title}”无法判断：{e}") from None
        if default is None:
            raise RuleViolation(f"条件节点“{node.title}”没有满足的分支")
        return default

    def finish(self, node: Node) -> None:
        self.state.outcome = node.outcome or Outcome.APPROVED.code
        self.state.end_node = node.key
        self._close_all()

    def _close_all(self) -> None:
        _close_all(self.state)

    # --- decisions ---------------------------------------------------------------------------------

    def judge(self, node: Node, task: Task) -> None:
        """After a vote on `node`: has the node passed, been refused, or does it still wait?"""
        peers = [t for t in self.state.tasks if t.kind == APPROVE and t.node_key == node.key
                 and t.round == task.round and t.state != TaskState.WITHDRAWN]
        n = len(peers)
        yes = sum(t.state == TaskState.APPROVED for t in peers)
        no = sum(t.state == TaskState.REFUSED for t in peers)
        decision = node.decision
        if decision == Decision.ONE.code:
            passed, refused = yes >= 1, no >= 1
        elif decision == Decision.ANY.code:
            passed, refused = yes >= 1, no == n
        elif decision == Decision.ALL.code:
            passed, refused = yes == n, no >= 1
        else:
            need = node.needed(n)
            passed, refused = yes >= need, no > n - need
        if refused:
            self.state.outcome = Outcome.REFUSED.code
            self.state.end_node = node.key
            self._close_all()
        elif passed:
            for t in peers:
                if t.is_open:
                    t.state = TaskState.CLOSED
            self.enter_after(node.key, via=task)

    def send_back(self, task: Task, actor_id: str, opinion: str | None, target: str | None) -> None:
        if not (opinion or "").strip():
            raise RuleViolation("退回时必须填写退回理由", field="opinion")
        allowed = {n.key: n for n in return_targets(self.flow, self.state, task)}
        if target not in allowed:
            raise RuleViolation("只能退回到本流程已经办理过的环节", field="target")
        _decide(task, TaskState.RETURNED, actor_id, opinion, self.ctx.now)
        self._close_all()
        self.open_tasks(allowed[target], via=task)

    def add_signers(self, node: Node, task: Task, users: tuple[str, ...]) -> None:
        holders = {t.assignee_id for t in self.state.tasks if t.node_key == node.key and t.round == task.round
                   and t.state != TaskState.WITHDRAWN}
        fresh = [u for u in dict.fromkeys(users) if u not in holders]
        if not fresh:
            raise RuleViolation("请选择尚未参与本环节的加签人", field="users")
        for user in fresh:
            self._open(node, user, via=task, round_no=task.round, added_by=task.assignee_id)

    def withdraw(self, task: Task) -> None:
        """撤回: the holder takes back an approval while nobody after it has acted."""
        if task.state != TaskState.APPROVED:
            raise RuleViolation("只能撤回自己已同意的事项")
        opened = [t for t in self.state.tasks if t.opened_by == task.id and t.added_by is None
                  and t.state != TaskState.WITHDRAWN]
        if any(t.kind == APPROVE and not t.is_open for t in opened) or (task.passed_to or "").endswith(":join"):
            raise RuleViolation("下一环节已经办理，不能撤回")
        for t in opened:
            t.state = TaskState.WITHDRAWN
        if task.passed_to:  # its approval passed the node: the peers it closed are open again
            for t in self.state.tasks:
                if (t.kind == APPROVE and t.node_key == task.node_key and t.round == task.round
                        and t.state == TaskState.CLOSED):
                    t.state = TaskState.OPEN
        task.state = TaskState.OPEN
        task.decided_at = task.decided_by = task.opinion = task.passed_to = None

    # --- parallel joins --------------------------------------------------------------------------

    def settle(self) -> None:
        """Fire every join no live branch can still reach (so a branch a condition skipped never
        leaves a join waiting)."""
        forward = defaultdict(list)
        for e in self.flow.edges:
            forward[e.source].append(e.target)
        changed = True
        while changed and self.state.outcome is None:
            changed = False
            for key, count in list(self.state.waiting.items()):
                if not count:
                    continue
                live = {t.node_key for t in self.state.open_tasks()}
                live |= {k for k, n in self.state.waiting.items() if n and k != key}
                if any(key in reach(origin, forward) for origin in live):
                    continue
                self.state.waiting[key] = 0
                self.enter_after(key, via=None)
                changed = True
        self.state.waiting = {k: n for k, n in self.state.waiting.items() if n}


def require_actor(task: Task, actor_id: str, delegates_of: Callable[[str], set[str]]) -> None:
    """Only the assignee, or someone the assignee delegated to for now, acts on a task."""
    if actor_id != task.assignee_id and actor_id not in delegates_of(task.assignee_id):
        raise PermissionDenied("该事项不是您的待办（也未委托给您）")
