"""The flow engine's rules (client/flows/engine.py), property-based: over random valid flows and
random orders of steps an instance always ends or waits on named people; 会签/或签/比例签 decide
exactly when they should; deadlines count working days across the Spring Festival and National
Day; the same steps give the same state wherever they run."""
from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from math import ceil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from client.flows import engine
from client.flows.definition import Assignees, Edge, FlowDefinition, Node, problems
from client.flows.engine import Action, Context, TaskState
from client.kernel.errors import RuleViolation

USERS = [f"u{i}" for i in range(6)]
NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)


def context(flow: FlowDefinition, fields=None, *, seed: str = "op", today=dt.date(2026, 3, 2), now=NOW) -> Context:
    counter = itertools.count(1)
    return Context(flow=flow, fields=fields or {}, resolve=lambda rule: list(rule.users), now=now, today=today,
                   new_id=lambda: f"{seed}-{next(counter)}")


# --- random valid flows ---------------------------------------------------------------------------


@st.composite
def approve_nodes(draw, key: str) -> Node:
    people = tuple(draw(st.lists(st.sampled_from(USERS), min_size=1, max_size=4, unique=True)))
    decision = draw(st.sampled_from(["one", "all", "any", "share"]))
    share = Decimal(draw(st.sampled_from(["0.5", "0.6", "0.75", "1"]))) if decision == "share" else None
    return Node(key, "approve", f"审批{key}", decision=decision, share=share, assignees=Assignees(users=people),
                deadline_days=draw(st.integers(1, 10)))


@st.composite
def flows(draw) -> FlowDefinition:
    """start → a chain of parts → end; a part is an approve node, a copy node, a condition with two
    approve branches, or a parallel split of 2–3 approve branches and their join."""
    nodes = [Node("start", "start", "开始")]
    edges: list[Edge] = []
    names = (f"n{i}" for i in itertools.count())
    tail = ["start"]  # the nodes whose way out goes to the next part
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["approve", "approve", "copy", "condition", "parallel"]))
        if kind in ("approve", "copy"):
            key = next(names)
            node = draw(approve_nodes(key))
            if kind == "copy":
                node = Node(key, "copy", f"抄送{key}", assignees=node.assignees)
            nodes.append(node)
            edges += [Edge(t, key) for t in tail]
            tail = [key]
        elif kind == "condition":
            c, a, b = next(names), next(names), next(names)
            nodes += [Node(c, "condition", "金额"), draw(approve_nodes(a)), draw(approve_nodes(b))]
            edges += [Edge(t, c) for t in tail]
            edges += [Edge(c, a, condition="amount > 100"), Edge(c, b), ]
            tail = [a, b]
        else:
            s, j = next(names), next(names)
            branches = [next(names) for _ in range(draw(st.integers(2, 3)))]
            nodes += [Node(s, "split", "分支"), Node(j, "join", "汇聚")]
            nodes += [draw(approve_nodes(k)) for k in branches]
            edges += [Edge(t, s) for t in tail]
            edges += [Edge(s, k) for k in branches] + [Edge(k, j) for k in branches]
            tail = [j]
    nodes.append(Node("end", "end", "结束"))
    edges += [Edge(t, "end") for t in tail]
    flow = FlowDefinition("test.flow", "测试流程", nodes=tuple(nodes), edges=tuple(edges))
    assert problems(flow) == [], problems(flow)
    return flow


def holders_named(state: engine.InstanceState) -> bool:
    """Running: some open task, each on a named person."""
    open_tasks = state.open_tasks()
    return bool(open_tasks) and all(t.assignee_id in USERS for t in open_tasks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flow=flows(), amount=st.integers(0, 200), data=st.data())
def test_an_instance_always_ends_or_waits_on_named_people(flow, amount, data):
    ctx = context(flow, {"amount": amount})
    state = engine.start(ctx)
    for step in range(60):
        if state.outcome is not None:
            assert not state.open_tasks() and not state.waiting
            return
        assert holders_named(state), state
        task = data.draw(st.sampled_from(state.open_tasks()))
        action = data.draw(st.sampled_from([Action.APPROVE] * 4 + [Action.REFUSE, Action.RETURN, Action.ADD_SIGNER,
                                                                     Action.WITHDRAW]))
        target = None
        if action == Action.RETURN:
            targets = engine.return_targets(flow, state, task)
            target = data.draw(st.sampled_from([t.key for t in targets])) if targets else "nowhere"
        if action == Action.WITHDRAW:
            approved = [t for t in state.tasks if t.state == TaskState.APPROVED]
            if not approved:
                continue
            task = data.draw(st.sampled_from(approved))
        try:
            state = engine.act(ctx, state, task_id=task.id, actor_id=task.assignee_id, action=action,
                               opinion="意见理由", target=target,
                               users=tuple(data.draw(st.lists(st.sampled_from(USERS), max_size=2))))
        except RuleViolation:
            continue  # refused steps change nothing (act works on a copy)
    assert state.outcome is not None or holders_named(state)


@settings(max_examples=100, deadline=None)
@given(flow=flows(), amount=st.integers(0, 200), data=st.data())
def test_approving_everything_ends_approved(flow, amount, data):
    ctx = context(flow, {"amount": amount})
    state = engine.start(ctx)
    for _ in range(200):
        if state.outcome is not None:
            break
        task = data.draw(st.sampled_from(state.open_tasks()))
        state = engine.act(ctx, state, task_id=task.id, actor_id=task.assignee_id, action=Action.APPROVE)
    assert state.outcome == "approved" and state.end_node == "end"


@settings(max_examples=100, deadline=None)
@given(flow=flows(), amount=st.integers(0, 200), data=st.data())
def test_the_same_steps_give_the_same_state(flow, amount, data):
    """What the workstation computes and what the centre replays agree: the state is a function
    of the definition, the fields and the steps (ids come from the op_id, times from the command)."""
    steps = []
    ctx = context(flow, {"amount": amount})
    state = engine.start(ctx)
    for _ in range(20):
        if state.outcome is not None:
            break
        task = data.draw(st.sampled_from(state.open_tasks()))
        action = data.draw(st.sampled_from([Action.APPROVE, Action.APPROVE, Action.REFUSE]))
        steps.append((task.id, task.assignee_id, action))
        state = engine.act(ctx, state, task_id=task.id, actor_id=task.assignee_id, action=action, opinion="理由")
    replay_ctx = context(flow, {"amount": amount})
    replayed = engine.start(replay_ctx)
    for task_id, actor, action in steps:
        replayed = engine.act(replay_ctx, replayed, task_id=task_id, actor_id=actor, action=action, opinion="理由")
    assert replayed == state


# --- 会签 / 或签 / 比例签 / one of ---------------------------------------------------------------------


def single(decision: str, people: int, share: str | None = None) -> FlowDefinition:
    node = Node("a", "approve", "审批", decision=decision, share=Decimal(share) if share else None,
                assignees=Assignees(users=tuple(USERS[:people])), deadline_days=3)
    return FlowDefinition("one.node", "单节点", nodes=(Node("s", "start", "开始"), node, Node("e", "end", "结束")),
                          edges=(Edge("s", "a"), Edge("a", "e")))


def expected(decision: str, n: int, yes: int, no: int, share: str | None) -> str | None:
    """The rule as the seed states it, written out independently of the engine."""
    if decision == "one":
        return "approved" if yes else "refused" if no else None
    if decision == "any":
        return "approved" if yes else "refused" if no == n else None
    if decision == "all":
        return "refused" if no else "approved" if yes == n else None
    need = max(1, ceil(Decimal(share) * n))
    return "approved" if yes >= need else "refused" if no > n - need else None


@settings(max_examples=300, deadline=None)
@given(decision=st.sampled_from(["one", "all", "any", "share"]), n=st.integers(1, 6),
       share=st.sampled_from(["0.34", "0.5", "0.6", "0.75", "1"]), data=st.data())
def test_each_decision_rule_decides_exactly_when_it_should(decision, n, share, data):
    flow = single(decision, n, share if decision == "share" else None)
    ctx = context(flow)
    state = engine.start(ctx)
    assert len(state.open_tasks()) == n
    votes = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    yes = no = 0
    for task, vote in zip(list(state.open_tasks()), votes):
        if state.outcome is not None:
            break
        state = engine.act(ctx, state, task_id=task.id, actor_id=task.assignee_id,
                           action=Action.APPROVE if vote else Action.REFUSE, opinion="理由")
        yes, no = yes + vote, no + (not vote)
        assert state.outcome == expected(decision, n, yes, no, share if decision == "share" else None)
    if state.outcome is not None:
        assert not state.open_tasks()  # the others' tasks closed: nobody acts on a decided node


def test_one_of_closes_the_others_and_their_late_step_is_refused():
    ctx = context(single("one", 3))
    state = engine.start(ctx)
    first, second, _ = state.open_tasks()
    state = engine.act(ctx, state, task_id=first.id, actor_id=first.assignee_id, action=Action.APPROVE)
    assert state.task(second.id).state == TaskState.CLOSED
    with pytest.raises(RuleViolation, match="已由他人办理"):
        engine.act(ctx, state, task_id=second.id, actor_id=second.assignee_id, action=Action.APPROVE)


def test_refusing_and_returning_need_a_reason():
    ctx = context(single("one", 1))
    state = engine.start(ctx)
    (task,) = state.open_tasks()
    with pytest.raises(RuleViolation, match="必须填写意见"):
        engine.act(ctx, state, task_id=task.id, actor_id=task.assignee_id, action=Action.REFUSE, opinion=" ")


def chain() -> FlowDefinition:
    a = Node("a", "approve", "受理", assignees=Assignees(users=("u0",)), deadline_days=1)
    b = Node("b", "approve", "审批", assignees=Assignees(users=("u1",)), deadline_days=2)
    return FlowDefinition("chain", "两步", nodes=(Node("s", "start", "开始"), a, b, Node("e", "end", "结束")),
                          edges=(Edge("s", "a"), Edge("a", "b"), Edge("b", "e")))


def test_return_sends_the_instance_back_and_withdraw_takes_an_approval_back():
    flow = chain()
    ctx = context(flow)
    state = engine.start(ctx)
    (a,) = state.open_tasks()
    state = engine.act(ctx, state, task_id=a.id, actor_id="u0", action=Action.APPROVE)
    (b,) = state.open_tasks()
    # 撤回: nobody at b has acted, so u0 may take the approval back
    withdrawn = engine.act(ctx, state, task_id=a.id, actor_id="u0", action=Action.WITHDRAW)
    assert [t.node_key for t in withdrawn.open_tasks()] == ["a"]
    assert withdrawn.task(b.id).state == TaskState.WITHDRAWN
    # 退回 to 受理 with a reason: a new round at a
    with pytest.raises(RuleViolation, match="只能退回"):
        engine.act(ctx, state, task_id=b.id, actor_id="u1", action=Action.RETURN, opinion="材料不全", target="e")
    back = engine.act(ctx, state, task_id=b.id, actor_id="u1", action=Action.RETURN, opinion="材料不全", target="a")
    (again,) = back.open_tasks()
    assert (again.node_key, again.round, back.task(b.id).state) == ("a", 2, TaskState.RETURNED)
    # once b acted, u0 can no longer withdraw
    done = engine.act(ctx, state, task_id=b.id, actor_id="u1", action=Action.APPROVE)
    assert done.outcome == "approved"
    with pytest.raises(RuleViolation):
        engine.act(ctx, done, task_id=a.id, actor_id="u0", action=Action.WITHDRAW)


def test_a_countersigner_added_to_a_joint_signature_must_approve_too():
    ctx = context(single("all", 1))
    state = engine.start(ctx)
    (task,) = state.open_tasks()
    state = engine.act(ctx, state, task_id=task.id, actor_id="u0", action=Action.ADD_SIGNER, users=("u4",))
    assert {t.assignee_id for t in state.open_tasks()} == {"u0", "u4"}
    state = engine.act(ctx, state, task_id=task.id, actor_id="u0", action=Action.APPROVE)
    assert state.outcome is None
    added = next(t for t in state.open_tasks() if t.assignee_id == "u4")
    state = engine.act(ctx, state, task_id=added.id, actor_id="u4", action=Action.APPROVE)
    assert state.outcome == "approved"


def test_a_node_whose_rule_finds_nobody_is_refused_with_the_reason():
    flow = single("one", 1)
    ctx = Context(flow=flow, fields={}, resolve=lambda rule: [], now=NOW, today=dt.date(2026, 3, 2),
                  new_id=lambda: "x")
    with pytest.raises(RuleViolation, match="找不到办理人"):
        engine.start(ctx)


def test_a_condition_skipping_a_parallel_branch_does_not_leave_the_join_waiting():
    """split → (a) and (condition → b, or straight on) → join: the join fires once no live branch
    can still reach it."""
    a = Node("a", "approve", "甲", assignees=Assignees(users=("u0",)))
    b = Node("b", "approve", "乙", assignees=Assignees(users=("u1",)))
    flow = FlowDefinition("p", "并行", nodes=(
        Node("s", "start", "开始"), Node("sp", "split", "分"), a, Node("c", "condition", "条件"), b,
        Node("j", "join", "合"), Node("e", "end", "结束")), edges=(
        Edge("s", "sp"), Edge("sp", "a"), Edge("sp", "c"), Edge("c", "b", condition="amount > 10"), Edge("c", "j"),
        Edge("a", "j"), Edge("b", "j"), Edge("j", "e")))
    assert problems(flow) == []
    ctx = context(flow, {"amount": 5})
    state = engine.start(ctx)
    assert [t.node_key for t in state.open_tasks()] == ["a"] and state.waiting == {"j": 1}
    (task,) = state.open_tasks()
    state = engine.act(ctx, state, task_id=task.id, actor_id="u0", action=Action.APPROVE)
    assert state.outcome == "approved"


# --- deadlines in working days ----------------------------------------------------------------------


@pytest.mark.parametrize("opened, days, due", [
    # 春节 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked
    (dt.date(2026, 2, 13), 5, dt.date(2026, 2, 27)),
    (dt.date(2026, 2, 12), 1, dt.date(2026, 2, 13)),
    (dt.date(2026, 2, 13), 1, dt.date(2026, 2, 14)),  # the 调休 Saturday counts
    # 国庆 2026: 10-01..10-07 off, Saturday 10-10 worked
    (dt.date(2026, 9, 30), 1, dt.date(2026, 10, 8)),
    (dt.date(2026, 9, 30), 3, dt.date(2026, 10, 10)),
])
def test_deadlines_count_working_days_across_the_holidays(opened, days, due):
    node = Node("a", "approve", "审批", assignees=Assignees(users=("u0",)), deadline_days=days)
    flow = FlowDefinition("d", "期限", nodes=(Node("s", "start", "开始"), node, Node("e", "end", "结束")),
                          edges=(Edge("s", "a"), Edge("a", "e")))
    state = engine.start(context(flow, today=opened))
    assert state.open_tasks()[0].due_on == due


# --- what makes a flow fit to publish ---------------------------------------------------------------


def test_flows_that_could_get_stuck_are_refused_with_the_reason():
    ok = chain()
    assert problems(ok) == []
    unreachable = FlowDefinition("x", "孤立", nodes=ok.nodes + (Node("z", "approve", "孤立节点",
                                                                      assignees=Assignees(users=("u0",))),),
                                 edges=ok.edges + (Edge("z", "e"),))
    assert any("孤立节点" in p and "无法到达" in p for p in problems(unreachable))
    loop = FlowDefinition("x", "死循环", nodes=ok.nodes + (Node("c", "condition", "判断"),), edges=(
        Edge("s", "a"), Edge("a", "c"), Edge("c", "b", condition="amount > 1"), Edge("c", "a"), Edge("b", "a"),
        Edge("e", "e")))
    found = problems(loop)
    assert any("结束节点" in p for p in found)
    cycle = FlowDefinition("x", "无出口", nodes=ok.nodes + (Node("c", "condition", "判断"),), edges=(
        Edge("s", "a"), Edge("a", "c"), Edge("c", "b", condition="amount > 1"), Edge("c", "a"), Edge("b", "c")))
    assert any("没有出口的循环" in p for p in problems(cycle))
    bad = FlowDefinition("x", "坏条件", nodes=ok.nodes + (Node("c", "condition", "判断"),), edges=(
        Edge("s", "a"), Edge("a", "c"), Edge("c", "b", condition="amount >> 1"), Edge("c", "e"), Edge("b", "e")))
    assert any("条件有误" in p and "amount >> 1" in p for p in problems(bad))
    no_end = FlowDefinition("x", "无结束", nodes=ok.nodes[:3], edges=(Edge("s", "a"), Edge("a", "b")))
    assert "流程没有结束节点" in problems(no_end)


def test_a_flow_round_trips_through_its_json():
    flow = chain()
    assert FlowDefinition.from_json(flow.to_json()) == flow
    with pytest.raises(ValueError, match="格式不符"):
        FlowDefinition.from_json('{"key": "x"}')
