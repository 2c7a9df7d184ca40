"""A flow as data: its nodes, the edges between them, and what makes a flow fit to publish.

A flow (流程) is versioned data, not code: an administrator draws it in the editor, publishes it
as a new version, exports and imports it as JSON. A running instance stays on the version it
started with, so a definition is immutable once published (frozen dataclasses here; the table
`flow_definition` keeps each version's JSON).

Nodes:
- start / end: one start; at least one end. An end carries the instance's outcome (an end node
  named 不予鉴证 ends the instance refused, one named 出具鉴证书 approved).
- approve (审批): people decide. `decision` says how many of the assignees must approve:
  one (one of them acts for all: the first to act decides), all (会签: every one must approve,
  one refusal refuses), any (或签: the first approval passes; the node refuses only when every
  one refused), share (比例签: at least ceil(share × n) approvals). `assignees` names who (a role
  in a unit relative to the case, or named users) and `deadline_days` how many working days
  they have.
- copy (抄送): the assignees are told; nobody has to act and the flow does not wait.
- condition: the first outgoing edge whose condition holds is taken, else the edge without one.
- split / join: parallel branches; a join waits for every incoming branch.
"""
from __future__ import annotations

import json
from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from math import ceil
from typing import Any

from client.kernel.coded import CodedEnum

#: the JSON format of an exported flow (bumped when the format changes)
FORMAT = "hongdun.flow/1"
MAX_NODES = 200


class NodeKind(CodedEnum):
    START = ("start", "开始")
    APPROVE = ("approve", "审批")
    COPY = ("copy", "抄送")
    CONDITION = ("condition", "条件")
    SPLIT = ("split", "并行分支")
    JOIN = ("join", "并行汇聚")
    END = ("end", "结束")


class Decision(CodedEnum):
    ONE = ("one", "一人办理")
    ALL = ("all", "会签")
    ANY = ("any", "或签")
    SHARE = ("share", "比例签")


class Unit(CodedEnum):
    """Where an assignee rule's role is looked for, relative to the case."""

    OFFICE = ("office", "本所")
    DISTRICT = ("district", "本分局")
    CITY = ("city", "市局")


class Outcome(CodedEnum):
    APPROVED = ("approved", "通过")
    REFUSED = ("refused", "不通过")
    #: ended from outside, with no decision: the case no longer needs it (engine.cancel)
    CANCELLED = ("cancelled", "已撤销")


@dataclass(frozen=True)
class Assignees:
    """Who a node's tasks go to: holders of `role` (a client.kernel.roles.Role code) in the
    case's office, district or the city; or the named users (ids), when `users` is not empty."""

    role: str | None = None
    unit: str = Unit.OFFICE.code
    #: user ids or usernames; "@field" names the people a case field holds (e.g. its mediators)
    users: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.users:
            named = [u for u in self.users if not u.startswith("@")]
            picked = [u[1:] for u in self.users if u.startswith("@")]
            return "、".join(([f"指定人员（{len(named)}人）"] if named else []) + [f"案件指定的{f}" for f in picked])
        from client.kernel.roles import Role

        role = Role.label_of(self.role) if self.role else "（未设角色）"
        return f"{Unit.label_of(self.unit)}{role}"


@dataclass(frozen=True)
class Node:
    key: str  # unique in the flow; what tasks and the history refer to
    kind: str  # NodeKind code
    title: str
    x: float = 0.0  # where the editor draws it (scene coordinates)
    y: float = 0.0
    decision: str = Decision.ONE.code
    #: 比例签: the share of assignees that must approve (0 < share <= 1)
    share: Decimal | None = None
    assignees: Assignees | None = None
    #: working days the assignees have (approve nodes); None: no deadline
    deadline_days: int | None = None
    #: end nodes: the instance's outcome when it ends here
    outcome: str = Outcome.APPROVED.code
    #: an area's own command decides this node, recording what the decision needs (the
    #: certifier's checklist, a mediation's mediators): e.g. "certification.examine". The 待办
    #: list's plain 同意/不同意 are refused there; 退回, 加签 and 撤回 are not.
    form: str = ""

    @property
    def node_kind(self) -> NodeKind:
        return NodeKind.from_code(self.kind)

    def needed(self, assignees: int) -> int:
        """How many approvals pass this node when `assignees` people have it."""
        if self.decision == Decision.ALL.code:
            return assignees
        if self.decision == Decision.SHARE.code:
            return max(1, ceil(Decimal(self.share or 1) * assignees))
        return 1


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    #: condition nodes' outgoing edges: an expression of client.flows.expr; None: the default
    condition: str | None = None
    label: str = ""


@dataclass(frozen=True)
class FlowDefinition:
    key: str  # e.g. "certification.contract": what an area starts an instance of
    title: str
    version: int = 1
    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    #: 督办催办: an overdue task is raised to the unit head after this many overdue working days
    escalate_after_days: int = 2
    #: the case fields conditions may use, with what the editor calls them: (field, label)
    fields: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    # --- navigation -------------------------------------------------------------------------

    def node(self, key: str) -> Node:
        for n in self.nodes:
            if n.key == key:
                return n
        raise KeyError(key)

    def start(self) -> Node:
        return next(n for n in self.nodes if n.kind == NodeKind.START.code)

    def outgoing(self, key: str) -> list[Edge]:
        return [e for e in self.edges if e.source == key]

    def incoming(self, key: str) -> list[Edge]:
        return [e for e in self.edges if e.target == key]

    def with_version(self, version: int) -> "FlowDefinition":
        return replace(self, version=version)

    # --- JSON (export/import, the flow_definition table) -----------------------------------------

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = FORMAT
        return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)

    @classmethod
    def from_json(cls, text: str) -> "FlowDefinition":
        """Read an exported flow; a file that is not one gets a Chinese reason (ValueError)."""
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, TypeError) as e:
            raise ValueError(f"流程文件不是有效的JSON：{e}") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"流程文件格式不符：应为{FORMAT}")
        try:
            nodes = tuple(_node(n) for n in data["nodes"])
            edges = tuple(Edge(source=str(e["source"]), target=str(e["target"]),
                               condition=e.get("condition") or None, label=str(e.get("label") or ""))
                          for e in data["edges"])
            return cls(key=str(data["key"]), title=str(data["title"]), version=int(data.get("version", 1)),
                       nodes=nodes, edges=edges, escalate_after_days=int(data.get("escalate_after_days", 2)),
                       fields=tuple((str(f), str(label)) for f, label in data.get("fields", ())))
        except (KeyError, TypeError, ValueError, ArithmeticError) as e:
            raise ValueError(f"流程文件内容不完整或有误：{e}") from None


def _node(data: dict[str, Any]) -> Node:
    a = data.get("assignees")
    assignees = Assignees(role=a.get("role"), unit=a.get("unit") or Unit.OFFICE.code,
                          users=tuple(a.get("users") or ())) if a else None
    share = data.get("share")
    return Node(key=str(data["key"]), kind=str(data["kind"]), title=str(data["title"]),
                x=float(data.get("x", 0)), y=float(data.get("y", 0)),
                decision=str(data.get("decision") or Decision.ONE.code),
                share=Decimal(str(share)) if share not in (None, "") else None,
                assignees=assignees,
                deadline_days=int(data["deadline_days"]) if data.get("deadline_days") is not None else None,
                outcome=str(data.get("outcome") or Outcome.APPROVED.code), form=str(data.get("form") or ""))


# --- what makes a flow fit to publish ----------------------------------------------------------


def problems(flow: FlowDefinition) -> list[str]:
    """Why `flow` may not be published (Chinese, one line each); empty when it may.

    The editor shows these before saving and the centre checks them again when the flow is
    published, so a flow that could leave an instance stuck never runs."""
    from client.flows import expr

    found: list[str] = []
    if not flow.key.strip() or not flow.title.strip():
        found.append("流程必须有标识和名称")
    if not flow.nodes:
        return found + ["流程没有任何节点"]
    if len(flow.nodes) > MAX_NODES:
        found.append(f"流程节点不能超过{MAX_NODES}个")
    keys = [n.key for n in flow.nodes]
    for key in sorted({k for k in keys if keys.count(k) > 1}):
        found.append(f"节点标识“{key}”重复")
    by_key = {n.key: n for n in flow.nodes}
    starts = [n for n in flow.nodes if n.kind == NodeKind.START.code]
    ends = [n for n in flow.nodes if n.kind == NodeKind.END.code]
    if len(starts) != 1:
        found.append("流程必须有且只有一个开始节点")
    if not ends:
        found.append("流程没有结束节点")
    for n in flow.nodes:
        try:
            kind = NodeKind.from_code(n.kind)
        except ValueError:
            found.append(f"节点“{n.title}”的类型“{n.kind}”无法识别")
            continue
        if not n.title.strip():
            found.append(f"节点“{n.key}”没有名称")
        outs, ins = flow.outgoing(n.key), flow.incoming(n.key)
        if kind is NodeKind.START and ins:
            found.append("开始节点不能有进入的连线")
        if kind is NodeKind.END and outs:
            found.append(f"结束节点“{n.title}”不能有引出的连线")
        if kind is not NodeKind.END and not outs:
            found.append(f"节点“{n.title}”没有引出的连线")
        if kind in (NodeKind.START, NodeKind.APPROVE, NodeKind.COPY, NodeKind.JOIN) and len(outs) > 1:
            found.append(f"节点“{n.title}”只能有一条引出的连线（分支请用条件或并行分支节点）")
        if kind is NodeKind.SPLIT and len(outs) < 2:
            found.append(f"并行分支“{n.title}”至少要有两条引出的连线")
        if kind is NodeKind.JOIN and len(ins) < 2:
            found.append(f"并行汇聚“{n.title}”至少要有两条进入的连线")
        if kind in (NodeKind.APPROVE, NodeKind.COPY):
            a = n.assignees
            if a is None or (not a.users and not a.role):
                found.append(f"节点“{n.title}”没有设置办理人（角色或指定人员）")
            elif not a.users:
                try:
                    Unit.from_code(a.unit)
                except ValueError:
                    found.append(f"节点“{n.title}”的办理单位“{a.unit}”无法识别")
        if kind is NodeKind.APPROVE:
            try:
                decision = Decision.from_code(n.decision)
            except ValueError:
                found.append(f"节点“{n.title}”的审批方式“{n.decision}”无法识别")
                decision = None
            if decision is Decision.SHARE and not (n.share is not None and 0 < n.share <= 1):
                found.append(f"节点“{n.title}”为比例签，通过比例必须大于0且不超过1")
            if n.deadline_days is not None and not 0 < n.deadline_days <= 365:
                found.append(f"节点“{n.title}”的办理时限必须在1至365个工作日之间")
        if kind is NodeKind.CONDITION:
            defaults = [e for e in outs if not e.condition]
            if len(defaults) != 1:
                found.append(f"条件节点“{n.title}”必须有且只有一条不带条件的默认连线")
            for e in outs:
                if e.condition and (problem := expr.check(e.condition)):
                    found.append(f"条件节点“{n.title}”的连线条件有误：{problem}")
        elif any(e.condition for e in outs):
            found.append(f"只有条件节点的连线可以带条件（节点“{n.title}”）")
        if kind is NodeKind.END:
            try:
                Outcome.from_code(n.outcome)
            except ValueError:
                found.append(f"结束节点“{n.title}”的结果“{n.outcome}”无法识别")
    dangling = False
    for e in flow.edges:
        for end in (e.source, e.target):
            if end not in by_key:
                found.append(f"连线指向不存在的节点“{end}”")
                dangling = True
    if dangling or len(starts) != 1 or len(by_key) != len(keys):
        return found  # the graph itself is not sound: reachability would mislead
    forward = defaultdict(list)
    backward = defaultdict(list)
    for e in flow.edges:
        forward[e.source].append(e.target)
        backward[e.target].append(e.source)
    reached = reach(starts[0].key, forward)
    for n in flow.nodes:
        if n.key not in reached:
            found.append(f"节点“{n.title}”从开始节点无法到达")
    finishing = set().union(*(reach(e.key, backward) for e in ends))
    for n in flow.nodes:
        if n.key in reached and n.key not in finishing:
            found.append(f"节点“{n.title}”之后无法到达结束节点（存在没有出口的循环）")
    return found


def reach(origin: str, graph: dict[str, list[str]]) -> set[str]:
    """Every node reachable from `origin` along `graph` (source -> targets), itself included."""
    seen = {origin}
    todo = deque([origin])
    while todo:
        for nxt in graph[todo.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
