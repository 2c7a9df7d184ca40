"""Screenshots of the flow screens (待办, one instance, 流程管理, 流程统计) on the demo database, with
contract-certification cases made through the bus at times in the past (commands carry their
time), so the list has items due soon and overdue, a supervised one, and the statistics have
finished cases with real durations.

The cases are certification's because it is the flow in use; the screens themselves know no
area. `seed_cases` is also what the GUI tests use.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from widgets.common.shots import ShotEnv

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Cases:
    """What `seed_cases` made: application id -> instance id, by a short name."""

    instances: dict[str, str] = field(default_factory=dict)
    users: dict[str, str] = field(default_factory=dict)


def _contexts(env: ShotEnv, names: tuple[str, ...]) -> dict:
    return {n: env.context(n) for n in names}


def apply_for_certification(ctx, title: str, amount: str, *, at: dt.datetime | None = None,
                            seq: int = 1) -> str:
    """A certification application between two people at the counter; its flow's instance id."""
    from client.certification.commands import MaterialInput, PartyInput, apply_command
    from client.flows import queries as fq
    from client.kernel.codes import new_resident_id
    from client.kernel.types import new_id

    at = at or dt.datetime.now(dt.timezone.utc)
    extra = {"issued_at": at}
    parties = [PartyInput("person", new_resident_id("440106", dt.date(1978, 5, 1 + seq % 27), 100 + seq),
                          name="陈嘉明"),
               PartyInput("person", new_resident_id("440104", dt.date(1983, 9, 1 + seq % 27), 300 + seq),
                          name="林晓彤")]
    application_id = new_id()
    command = apply_command(
        application_id=application_id, contract_title=title, subject=f"{title}约定的标的", amount=amount,
        term_start=dt.date(2027, 1, 1), term_end=dt.date(2027, 12, 31), signed_place="广州市天河区",
        performance_place="广州市天河区", parties=parties, materials=[MaterialInput("contract", "合同.pdf", PDF)],
        today=at.date(), new_id=new_id, user_id=ctx.principal.user_id, **extra)
    outcome = ctx.bus.dispatch(command)
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    return ctx.reads.run(fq.instances_of, ctx.principal, application_id)[-1]


def act(ctx, instance_id: str, action: str = "approve", *, opinion: str | None = None,
        at: dt.datetime | None = None):
    """`ctx`'s user takes a step on their open task of the instance (the examination with the
    whole checklist 符合, as the certifier records it)."""
    from client.flows import queries as fq
    from client.flows.commands import ApproveTask, RefuseTask

    view = ctx.reads.run(fq.instance_view, ctx.principal, instance_id)
    if view.my_task_id is None:
        raise RuntimeError(f"{ctx.principal.username} has nothing to do on {view.title}")
    step = next(s for s in view.steps if s.task_id == view.my_task_id)
    envelope = {"user_id": ctx.principal.user_id, "issued_at": at or dt.datetime.now(dt.timezone.utc)}
    if step.node_key == "examine":
        from client.certification import rules
        from client.certification.commands import ExamineContract

        application_id = _subject_of(ctx, instance_id)
        command = ExamineContract(**envelope, application_id=application_id, task_id=view.my_task_id,
                                  base_version=view.my_task_version, findings={k: "符合" for k, _ in rules.CHECKLIST},
                                  approve=action == "approve", opinion=opinion)
    else:
        kind = ApproveTask if action == "approve" else RefuseTask
        command = kind(**envelope, task_id=view.my_task_id, base_version=view.my_task_version, opinion=opinion)
    outcome = ctx.bus.dispatch(command)
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    return outcome


def _subject_of(ctx, instance_id: str) -> str:
    def find(session):
        from client.flows.models import FlowInstance

        return session.get(FlowInstance, instance_id).subject_id

    return ctx.reads.run(find)


def seed_cases(env: ShotEnv) -> Cases:
    """Five cases of the Tianhe office: one finished (certified), one refused, one at the district
    head, one overdue at the examination (supervised by the head), one just received."""
    from client.flows.commands import Supervise

    c = _contexts(env, ("certifier", "certifier2", "head", "dhead"))
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    day, hour = dt.timedelta(days=1), dt.timedelta(hours=1)
    cases = Cases(users={n: ctx.principal.user_id for n, ctx in c.items()})

    t = now - 6 * day
    done = apply_for_certification(c["certifier"], "设备采购合同", "86,000.00", at=t, seq=1)
    act(c["certifier"], done, opinion="材料齐全，予以受理", at=t + 2 * hour)
    act(c["certifier"], done, opinion="经审查，合同符合鉴证条件", at=t + day + 3 * hour)
    act(c["head"], done, opinion="同意鉴证", at=t + 2 * day + 5 * hour)
    cases.instances["finished"] = done

    t = now - 5 * day
    refused = apply_for_certification(c["certifier"], "运输服务合同", "42,500.00", at=t, seq=2)
    act(c["certifier2"], refused, opinion="予以受理", at=t + hour)
    act(c["certifier2"], refused, opinion="审查要点均符合", at=t + day + 6 * hour)
    act(c["head"], refused, "refuse", opinion="违约责任条款约定不明确，请双方补充后重新申请", at=t + 2 * day)
    cases.instances["refused"] = refused

    t = now - 4 * day
    big = apply_for_certification(c["certifier"], "软件开发合同", "1,500,000.00", at=t, seq=3)
    act(c["certifier"], big, opinion="予以受理", at=t + 3 * hour)
    act(c["certifier2"], big, opinion="经审查，合同符合鉴证条件", at=t + 2 * day)
    act(c["head"], big, opinion="同意，报分局审批", at=t + 3 * day)
    cases.instances["district"] = big

    t = now - 12 * day
    late = apply_for_certification(c["certifier"], "广告发布合同", "320,000.00", at=t, seq=4)
    act(c["certifier"], late, opinion="予以受理", at=t + 2 * hour)
    view_task = _open_task(c["certifier"], late)
    outcome = c["head"].bus.dispatch(Supervise(
        user_id=c["head"].principal.user_id, task_id=view_task, note="请于期限内完成审查并报所长审批",
        due_on=(t + 3 * day).date(), issued_at=t + 2 * day))
    if not outcome.ok:
        raise RuntimeError(outcome.message)
    cases.instances["overdue"] = late

    cases.instances["new"] = apply_for_certification(c["certifier"], "房屋租赁合同", "120,000.00",
                                                     at=now - 2 * hour, seq=5)
    return cases


def _open_task(ctx, instance_id: str) -> str:
    from client.flows import queries as fq

    return ctx.reads.run(fq.instance_view, ctx.principal, instance_id).my_task_id


_SEEDED: dict[str, Cases] = {}


def _seeded(env: ShotEnv) -> Cases:
    if env.url not in _SEEDED:
        _SEEDED[env.url] = seed_cases(env)
    return _SEEDED[env.url]


def todo_screen(env: ShotEnv):
    from widgets.flows.todo_screen import TodoScreen

    _seeded(env)
    screen = TodoScreen(env.context("certifier"))
    screen.resize(1280, 720)
    env.windows.append(screen)
    return screen


def instance_dialog(env: ShotEnv):
    from widgets.flows.instance_dialog import InstanceDialog

    cases = _seeded(env)
    dialog = InstanceDialog(env.context("dhead"), cases.instances["district"])
    dialog.resize(1280, 720)
    env.windows.append(dialog)
    return dialog


def admin_screen(env: ShotEnv):
    from widgets.flows.admin_screen import FlowAdminScreen

    screen = FlowAdminScreen(env.context("admin"))
    screen.resize(1440, 820)
    env.windows.append(screen)
    return screen


def stats_screen(env: ShotEnv):
    from widgets.common import dates
    from widgets.flows.stats_screen import FlowStatsScreen

    _seeded(env)
    screen = FlowStatsScreen(env.context("head"))
    screen.since.setDate(dates.today().addDays(-30))  # the seeded cases, whatever the day of the month
    screen.resize(1280, 760)
    screen.refresh()
    env.windows.append(screen)
    return screen


SHOTS = [
    ("flows-todo.png", todo_screen),
    ("flows-instance.png", instance_dialog),
    ("flows-admin.png", admin_screen),
    ("flows-statistics.png", stats_screen),
]
