"""The flow engine's own commands through the bus, on SQLite and PostgreSQL: only the holder (or
their delegate) acts on a task; 委托 for a period; 撤回 and 退回; 督办 with a new deadline on the
assignee's list; 催办 of overdue items to the unit head; 抄送 notices; statistics."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from client.certification.flows import certification_flow
from client.flows import queries as fq
from client.flows.commands import (
    ApproveTask,
    Delegate,
    EndDelegation,
    MarkCopyRead,
    PublishFlow,
    RefuseTask,
    ReturnTask,
    Supervise,
    WithdrawTask,
)
from client.flows.definition import Assignees, Edge, Node
from client.flows.models import FlowTask
from client.flows.statistics import flow_statistics, statistics_xlsx
from client.kernel.clock import beijing_today
from client.kernel.types import new_id
from tests.integration.test_certification import application, detail, ok, two_parties


def todo(central, user):
    with central.sessions() as s:
        return fq.todo_list(s, central.principal(user))


def test_only_the_holder_or_their_delegate_acts_and_a_delegation_ends(central):
    codes = two_parties(central)
    cmd = application(central, codes, amount="1000")
    ok(central, cmd)
    d = detail(central, "certifier", cmd.application_id)
    out = central.bus.dispatch(ApproveTask(user_id=central.users["head"], task_id=d.my_task_id,
                                           base_version=d.my_task_version))
    assert not out.ok and "不是您的待办" in out.message
    today = beijing_today()
    # the head is away: certifier acts for them for a week
    out = central.bus.dispatch(Delegate(user_id=central.users["head"], delegation_id=new_id(),
                                        delegate_id=central.users["clerk2"], starts_on=today, ends_on=today))
    assert not out.ok and out.field == "delegate_id" and "本单位" in out.message
    out = central.bus.dispatch(Delegate(user_id=central.users["head"], delegation_id=new_id(),
                                        delegate_id=central.users["certifier"], starts_on=today,
                                        ends_on=today - dt.timedelta(days=1)))
    assert not out.ok and out.field == "ends_on"
    delegation = new_id()
    ok(central, Delegate(user_id=central.users["head"], delegation_id=delegation,
                         delegate_id=central.users["certifier"], starts_on=today, ends_on=today + dt.timedelta(days=6),
                         reason="外出学习"))
    ok(central, ApproveTask(user_id=central.users["certifier"], task_id=d.my_task_id, base_version=d.my_task_version))
    from tests.integration.test_certification import examine

    assert examine(central, cmd.application_id).ok
    items = todo(central, "certifier").items
    [theirs] = [i for i in items if i.node_title == "所长审批"]
    assert theirs.on_behalf_of == "黄国平"
    ok(central, ApproveTask(user_id=central.users["certifier"], task_id=theirs.task_id,
                            base_version=theirs.task_version, opinion="代所长审批同意"))
    assert detail(central, "certifier", cmd.application_id).state == "certified"
    with central.sessions() as s:
        view = fq.instance_view(s, central.principal("head"), detail(central, "head", cmd.application_id).instance_id)
        lines = fq.my_delegations(s, central.principal("head"))
    assert [x.actor_name for x in view.steps if x.node_title == "所长审批"] == ["许文静（代黄国平）"]
    assert lines[0].active and lines[0].delegate_name == "许文静"
    ok(central, EndDelegation(user_id=central.users["head"], delegation_id=delegation))
    with central.sessions() as s:
        assert not fq.my_delegations(s, central.principal("head"))[0].active


def test_withdraw_before_the_next_person_acts_and_return_with_a_reason(central):
    codes = two_parties(central)
    cmd = application(central, codes, amount="1000")
    ok(central, cmd)
    d = detail(central, "certifier", cmd.application_id)
    ok(central, ApproveTask(user_id=central.users["certifier"], task_id=d.my_task_id, base_version=d.my_task_version))
    with central.sessions() as s:
        view = fq.instance_view(s, central.principal("certifier"), d.instance_id)
    assert view.withdrawable_task_id == d.my_task_id
    ok(central, WithdrawTask(user_id=central.users["certifier"], task_id=view.withdrawable_task_id,
                             base_version=view.withdrawable_version))
    assert detail(central, "certifier", cmd.application_id).my_node == "accept"
    d = detail(central, "certifier", cmd.application_id)
    ok(central, ApproveTask(user_id=central.users["certifier"], task_id=d.my_task_id, base_version=d.my_task_version))
    d = detail(central, "certifier", cmd.application_id)
    assert d.my_node == "examine"
    out = central.bus.dispatch(ReturnTask(user_id=central.users["certifier"], task_id=d.my_task_id,
                                          base_version=d.my_task_version, target="accept", opinion=""))
    assert not out.ok and out.field == "opinion" and "退回理由" in out.message
    ok(central, ReturnTask(user_id=central.users["certifier"], task_id=d.my_task_id, base_version=d.my_task_version,
                           target="accept", opinion="授权委托书未签字，请补正"))
    d = detail(central, "certifier", cmd.application_id)
    assert d.my_node == "accept"
    with central.sessions() as s:
        rounds = s.scalars(sa.select(FlowTask.round).where(FlowTask.node_key == "accept",
                                                           FlowTask.state == "open")).all()
        view = fq.instance_view(s, central.principal("certifier"), d.instance_id)
    assert set(rounds) == {2}
    assert [x.opinion for x in view.steps if x.state == "returned"] == ["授权委托书未签字，请补正"]
    out = central.bus.dispatch(RefuseTask(user_id=central.users["certifier"], task_id=d.my_task_id,
                                          base_version=d.my_task_version, opinion=None))
    assert not out.ok and "必须填写意见" in out.message


def test_supervision_escalation_and_copies_on_the_lists(central):
    codes = two_parties(central)
    # a flow version with a copy to the head after 受理
    flow = certification_flow()
    copy = Node("copy", "copy", "抄送所长", assignees=Assignees(role="head", unit="office"))
    edges = tuple(e for e in flow.edges if not (e.source == "accept" and e.target == "examine"))
    flow = flow.__class__(**{**flow.__dict__, "nodes": flow.nodes + (copy,),
                             "edges": edges + (Edge("accept", "copy"), Edge("copy", "examine")),
                             "escalate_after_days": 1})
    ok(central, PublishFlow(user_id=central.users["admin"], body=flow.to_json()))
    cmd = application(central, codes, amount="1000")
    ok(central, cmd)
    [item] = todo(central, "certifier").items
    # 督办: the head sets a note and a new deadline; the assignee sees both
    today = beijing_today()
    out = central.bus.dispatch(Supervise(user_id=central.users["certifier2"], task_id=item.task_id, note="请尽快受理",
                                         due_on=today))
    assert not out.ok and "所长" in out.message
    out = central.bus.dispatch(Supervise(user_id=central.users["head"], task_id=item.task_id, note="请尽快受理",
                                         due_on=today - dt.timedelta(days=1)))
    assert not out.ok and out.field == "due_on"
    ok(central, Supervise(user_id=central.users["head"], task_id=item.task_id, note="当事人催问，请今天受理",
                          due_on=today))
    [item] = todo(central, "certifier").items
    assert item.supervise_note == "当事人催问，请今天受理" and item.due_on == today and item.urgency == "soon"
    # seen from a week later: overdue on the assignee's list, and raised to the head (催办)
    later = today + dt.timedelta(days=9)
    with central.sessions() as s:
        mine = fq.todo_list(s, central.principal("certifier"), later)
        heads = fq.todo_list(s, central.principal("head"), later)
    assert mine.items[0].urgency == "overdue" and mine.items[0].overdue_days >= 5 and mine.overdue == 1
    assert [(i.node_title, i.escalated) for i in heads.items] == [("受理", True)]
    ok(central, ApproveTask(user_id=central.users["certifier"], task_id=item.task_id,
                            base_version=detail(central, "certifier", cmd.application_id).my_task_version))
    copies = [i for i in todo(central, "head").items if i.kind == "copy"]
    assert [i.node_title for i in copies] == ["抄送所长"]
    ok(central, MarkCopyRead(user_id=central.users["head"], task_id=copies[0].task_id))
    assert [i for i in todo(central, "head").items if i.kind == "copy"] == []
    with central.sessions() as s:
        assert fq.todo_count(s, central.principal("certifier")) == 1  # 鉴证员审查


def test_statistics_count_instances_and_time_per_node(central):
    codes = two_parties(central)
    from tests.integration.test_certification import approve, examine

    for amount in ("1000", "2000", "3000"):
        cmd = application(central, codes, amount=amount)
        ok(central, cmd)
        approve(central, "certifier", cmd.application_id)
    assert examine(central, cmd.application_id, approve=False, opinion="合同主要条款缺失，不予鉴证").ok
    today = beijing_today()
    with central.sessions() as s:
        stats = flow_statistics(s, central.principal("city"), today - dt.timedelta(days=1), today)
        office = flow_statistics(s, central.principal("head"), today - dt.timedelta(days=1), today)
        other = flow_statistics(s, central.principal("district"), today - dt.timedelta(days=1), today)
    [f] = stats.flows
    assert (f.started, f.finished, f.approved, f.refused, f.running) == (3, 1, 0, 1, 2)
    nodes = {n.node_key: n for n in f.nodes}
    assert nodes["accept"].decided == 3 and nodes["examine"].decided == 1
    assert nodes["accept"].p90_minutes >= 0 and nodes["accept"].average_minutes >= 0
    assert office.flows == stats.flows and other.flows == []  # Baiyun's district sees none of Tianhe's
    book = statistics_xlsx(stats, {"certification.contract": "合同鉴证"})
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(book)) as z:
        shared = z.read("xl/sharedStrings.xml").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "合同鉴证" in shared and "受理" in shared and "<v>3</v>" in sheet


def test_a_flow_naming_an_unknown_user_is_refused_at_publishing(central):
    flow = certification_flow()
    named = Node("extra", "approve", "专家会签", decision="all",
                 assignees=Assignees(users=("certifier", "nobody-here")), deadline_days=2)
    edges = tuple(e for e in flow.edges if not (e.source == "head" and e.target == "amount"))
    flow = flow.__class__(**{**flow.__dict__, "nodes": flow.nodes + (named,),
                             "edges": edges + (Edge("head", "extra"), Edge("extra", "amount"))})
    out = central.bus.dispatch(PublishFlow(user_id=central.users["admin"], body=flow.to_json()))
    assert not out.ok and out.field == "body" and "nobody-here" in out.message and "专家会签" in out.message
    fixed = flow.__class__(**{**flow.__dict__, "nodes": flow.nodes[:-1] + (
        Node("extra", "approve", "专家会签", decision="all", assignees=Assignees(users=("certifier", "certifier2")),
             deadline_days=2),)})
    assert ok(central, PublishFlow(user_id=central.users["admin"], body=fixed.to_json())).result["version"] == 2
