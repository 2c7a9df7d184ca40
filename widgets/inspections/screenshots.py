"""Screenshots of the inspection screens (listed in widgets/screenshots.py).

The builders share the demo database: the first one that needs a drawn plan makes it. They
read and write as the screens do (ctx.ops) and wait for the answer here, outside any test.
"""
from __future__ import annotations

import datetime as dt
import secrets

from PySide6.QtWidgets import QWidget

from widgets.common.shots import ask as _ask
from widgets.common.shots import send as _send
from widgets.common.shots import settle as _settle

PLAN_TITLE = "2026年第四季度双随机抽查"


def _plan(env) -> str:
    """A drawn plan of the head's office (made once per demo database)."""
    from client.inspections import queries as q
    from client.inspections.commands import CreatePlan, DrawPlan
    from client.kernel.types import new_id

    head = env.context("head")
    existing = [p for p in _ask(head, q.plans, head.principal) if p.title == PLAN_TITLE and p.state != "draft"]
    if existing:
        return existing[0].id
    pool = [i.id for i in _ask(head, q.inspectors, head.principal)]
    plan_id = new_id()
    out = _send(head, CreatePlan(user_id=head.principal.user_id, plan_id=plan_id, title=PLAN_TITLE,
                                 sample_size=8, inspector_ids=pool, states=["active", "revoked"]))
    assert out.ok, out.message
    out = _send(head, DrawPlan(user_id=head.principal.user_id, plan_id=plan_id, base_version=1,
                               seed=secrets.token_hex(8)))
    assert out.ok, out.message
    return plan_id


def _inspector_ctx(env):
    from client.inspections import queries as q

    for name in ("inspector", "inspector2", "inspector3"):
        ctx = env.context(name)
        if _ask(ctx, q.my_tasks, ctx.principal):
            return ctx
    return env.context("inspector")


def plans(env) -> QWidget:
    from widgets.inspections.plans_screen import PlansScreen

    _plan(env)
    w = PlansScreen(env.context("head"))
    w.resize(1280, 760)
    return w


def plan_dialog(env) -> QWidget:
    from widgets.inspections.plan_dialog import PlanDialog

    d = PlanDialog(env.context("head"))
    d.title.set_text("2027年第一季度个体工商户双随机抽查")
    d.group.setCurrentIndex(d.group.findData("个体"))
    d.sample.setValue(30)
    return d


def record_form(env) -> QWidget:
    from client.inspections.rules import ItemResult
    from widgets.inspections.tasks_screen import MyTasksScreen

    _plan(env)
    w = MyTasksScreen(_inspector_ctx(env))
    w.resize(1400, 900)
    _settle()
    if w.model.rowCount():
        w.select_row(0)
        _settle()
        form = w.form
        form.checklist_model.set_all(ItemResult.PASS.code)
        form.checklist_model.setData(form.checklist_model.index(0, 1), ItemResult.FAIL.code)
        form.checklist_model.setData(form.checklist_model.index(0, 2), "营业执照未悬挂")
        form.findings.set_text("经营场所未在醒目位置悬挂营业执照，已当场责令改正。")
        form.result.set_text("corrected")
        form.party_name.set_text(form.task.legal_rep)
        form.party_ack.set_text("signed")
        form.save()
        _settle()
    return w


def abnormal(env) -> QWidget:
    from client.inspections import queries as q
    from client.inspections.commands import CompleteInspection, SaveInspectionRecord
    from client.inspections.rules import blank_checklist
    from client.kernel.clock import utcnow
    from client.kernel.types import new_id
    from widgets.inspections.abnormal_screen import AbnormalListScreen

    _plan(env)
    ctx, tasks = None, []
    for name in ("inspector", "inspector2", "inspector3"):  # someone with a task not yet recorded
        ctx = env.context(name)
        tasks = [t for t in _ask(ctx, q.my_tasks, ctx.principal) if not t.record_id]
        if tasks:
            break
    if tasks:
        t = tasks[-1]
        record_id = new_id()
        out = _send(ctx, SaveInspectionRecord(
            user_id=ctx.principal.user_id, record_id=record_id, entity_id=t.entity_id, task_id=t.id,
            place=t.address, inspected_at=utcnow() - dt.timedelta(hours=2),
            inspector_ids=[t.inspector1_id, t.inspector2_id], checklist=blank_checklist(), result="unreachable",
            findings="登记住所大门紧锁，门口无招牌；拨打登记电话无人接听。", party_ack="absent"))
        if out.ok:
            _send(ctx, CompleteInspection(user_id=ctx.principal.user_id, record_id=record_id,
                                          base_version=out.result["version"]))
    w = AbnormalListScreen(env.context("head"))
    w.resize(1280, 560)
    return w


def record_pdf(env) -> QWidget:
    from client.inspections import queries as q
    from client.inspections.reports import render_inspection_record
    from widgets.common.pdf_dialog import PdfPreviewDialog

    record_id = None
    for name in ("inspector", "inspector2", "inspector3"):  # a record the builders above made
        ctx = env.context(name)
        record_id = next((t.record_id for t in _ask(ctx, q.my_tasks, ctx.principal, include_done=True)
                          if t.record_id), None)
        if record_id:
            break
    head = env.context("head")
    data = _ask(head, q.record_report_data, head.principal, record_id)
    d = PdfPreviewDialog(render_inspection_record(data), title="现场检查笔录", suggested_name="record.pdf")
    d.resize(820, 1000)
    return d


SHOTS = [
    ("inspections-plans.png", plans),
    ("inspections-plan-dialog.png", plan_dialog),
    ("inspections-record.png", record_form),
    ("inspections-abnormal.png", abnormal),
    ("inspections-record-pdf.png", record_pdf),
]
