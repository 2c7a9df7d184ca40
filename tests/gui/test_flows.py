"""The flow screens on a demo database, with contract-certification cases made through the bus:
the certifier's 待办 shows a new application, the instance dialog approves it with an opinion and
the next node's holders see it; 不同意 without an opinion keeps the dialog open with the
service's message; a decision someone else made first is said and shown; 退回, 加签 and 撤回;
due-soon and overdue items are coloured, a 督办 carries its note, the head sees 催办 items and
supervises one; 委托 puts a colleague's items in one's list; a copy (抄送) is marked read when
opened; the list stays fast with 10,000 items; the administrator publishes version 2 through the
editor; the statistics count a finished case and export a workbook; the status-bar cell."""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
import zipfile
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog

from client.flows import queries as fq
from client.flows.commands import PublishFlow, Supervise
from client.flows.definition import Assignees, Edge, FlowDefinition, Node
from client.kernel.bus import CONFLICT
from tests.gui.conftest import type_chinese, wait_for_tasks
from widgets.common import dates
from widgets.flows import screenshots as seed
from widgets.flows.todo_screen import AMBER, COL_MARKS, COL_STATE, RED, TodoModel, TodoScreen

CONTRACT = "certification.contract"
UTC = dt.timezone.utc


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


@pytest.fixture
def people(login_context):
    """Signed-in contexts of the Tianhe office's certifiers and head, the district head, the admin."""
    return SimpleNamespace(**{n: login_context(n) for n in ("certifier", "certifier2", "head", "dhead", "admin")})


def todo_screen(qtbot, ctx) -> TodoScreen:
    screen = TodoScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitUntil(lambda: screen.todo is not None and not screen.loading, timeout=10_000)
    return screen


def row_of_instance(screen: TodoScreen, instance_id: str, node_title: str | None = None) -> int | None:
    for row, item in enumerate(screen.model.items()):
        if item.instance_id == instance_id and (node_title is None or item.node_title == node_title):
            return row
    return None


def open_dialog(qtbot, screen: TodoScreen, row: int):
    """Double-click on the row, as the clerk does; the instance dialog once it has read the case."""
    screen.select_row(row)
    rect = screen.table.visualRect(screen.model.index(row, 0))
    # QTest's double click alone is not one to a view: a real one starts with a press
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.view is not None, timeout=10_000)
    return screen.dialog


def instance_dialog(qtbot, ctx, instance_id: str):
    from widgets.flows.instance_dialog import InstanceDialog

    dialog = InstanceDialog(ctx, instance_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=10_000)
    return dialog


def answered(qtbot, step_dialog):
    qtbot.waitUntil(lambda: step_dialog.outcome is not None and not step_dialog.busy, timeout=10_000)
    return step_dialog.outcome


# --- 待办 and the instance dialog -------------------------------------------------------------------


def test_a_new_application_is_in_the_certifiers_list_and_is_approved_with_an_opinion(qtbot, people):
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00")
    screen = todo_screen(qtbot, people.certifier)

    row = row_of_instance(screen, instance)
    assert row is not None
    item = screen.model.item(row)
    assert (item.instance_title, item.node_title) == ("合同鉴证：房屋租赁合同", "受理")
    assert screen.model.index(row, 0).data() == "合同鉴证：房屋租赁合同"
    assert screen.model.index(row, 1).data() == "受理"
    # 受理 has one working day: due soon, amber
    assert item.urgency == fq.DUE_SOON
    assert screen.model.index(row, COL_STATE).data() == tr("TodoModel", "Due soon")
    assert screen.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) == QColor(AMBER)
    tasks = sum(1 for i in screen.todo.items if i.kind != "copy")
    assert screen.count_text().startswith(tr("TodoScreen", "%1 to do").replace("%1", str(tasks)))
    assert tr("TodoScreen", "%1 due soon").replace("%1", str(screen.todo.due_soon)) in screen.count_text()

    dialog = open_dialog(qtbot, screen, row)
    assert dialog.view.current_nodes == ["accept"]
    assert dialog.approve_button.isVisible() and dialog.refuse_button.isVisible()
    assert not dialog.return_button.isVisible()  # nothing passed yet to send it back to
    assert not dialog.withdraw_button.isVisible()
    assert "受理" in dialog.task_line.text()
    assert dialog.diagram.scene.node_item("accept").highlighted

    step = dialog.approve()
    type_chinese(step.opinion.editor, "材料齐全，予以受理")
    with qtbot.waitSignal(dialog.stepped, timeout=10_000) as stepped:
        step.ok_button.click()
    assert stepped.args[0].ok
    qtbot.waitUntil(lambda: dialog.view is not None and dialog.view.current_nodes == ["examine"], timeout=10_000)
    assert dialog.banner_text()  # says what happened
    accepted = next(s for s in dialog.view.steps if s.node_key == "accept" and s.state == "approved")
    assert (accepted.actor_name, accepted.opinion) == ("许文静", "材料齐全，予以受理")
    assert dialog.diagram.scene.node_item("examine").highlighted
    # the approval may be withdrawn while nobody after it has acted
    assert dialog.withdraw_button.isVisible()

    # the certifier's list follows by itself (the "flows" change tag): the case is at 鉴证员审查
    qtbot.waitUntil(lambda: row_of_instance(screen, instance, "鉴证员审查") is not None
                    and row_of_instance(screen, instance, "受理") is None, timeout=10_000)
    # and the next node's other holder sees it in theirs
    other = todo_screen(qtbot, people.certifier2)
    assert row_of_instance(other, instance, "鉴证员审查") is not None


def test_disagreeing_without_an_opinion_keeps_the_dialog_open_with_the_message(qtbot, people):
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00")
    dialog = instance_dialog(qtbot, people.certifier, instance)

    step = dialog.refuse()
    assert step.isVisible()
    step.ok_button.click()
    outcome = answered(qtbot, step)
    assert not outcome.ok
    assert step.field_message("opinion") == "不同意时必须填写意见（理由）"
    assert step.isVisible() and dialog.view.current_nodes == ["accept"]

    # an opinion past the limit is refused at the field, and what was typed stays
    long_text = "理由" * 501
    step.opinion.editor.setPlainText(long_text)
    step.outcome = None
    step.ok_button.click()
    outcome = answered(qtbot, step)
    assert not outcome.ok and "办理意见" in step.field_message("opinion")
    assert step.opinion.text() == long_text and step.isVisible()

    step.opinion.editor.setPlainText("合同标的约定不明确")
    with qtbot.waitSignal(dialog.stepped, timeout=10_000):
        step.ok_button.click()
    qtbot.waitUntil(lambda: dialog.view.outcome == "refused", timeout=10_000)
    assert not dialog.approve_button.isVisible()


def test_a_decision_made_by_someone_else_first_is_said_and_the_case_reloaded(qtbot, people):
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00")
    dialog = instance_dialog(qtbot, people.certifier, instance)
    assert dialog.view.current_nodes == ["accept"]

    seed.act(people.certifier2, instance, opinion="予以受理")  # the other certifier was quicker

    step = dialog.approve()
    step.ok_button.click()
    outcome = answered(qtbot, step)
    assert outcome.status == CONFLICT
    qtbot.waitUntil(lambda: dialog.view.current_nodes == ["examine"], timeout=10_000)
    assert dialog.banner_text() == tr("InstanceDialog", "This item has already been handled by someone else; "
                                                        "the case is shown as it stands now.")
    assert "鉴证员审查" in dialog.task_line.text()  # what the certifier may do now


def test_return_add_signers_and_withdraw(qtbot, people):
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00")
    seed.act(people.certifier, instance, opinion="予以受理")
    dialog = instance_dialog(qtbot, people.certifier, instance)

    # 撤回: the acceptance is taken back, the case waits at 受理 again
    step = dialog.withdraw()
    with qtbot.waitSignal(dialog.stepped, timeout=10_000):
        step.ok_button.click()
    qtbot.waitUntil(lambda: dialog.view.current_nodes == ["accept"], timeout=10_000)
    assert not dialog.withdraw_button.isVisible()

    seed.act(people.certifier, instance, opinion="予以受理")
    dialog.reload()
    qtbot.waitUntil(lambda: dialog.view.current_nodes == ["examine"] and dialog.return_button.isVisible(),
                    timeout=10_000)

    # 加签 with nobody chosen: the service's message at the list
    signers = dialog.add_signers()
    qtbot.waitUntil(lambda: signers.loaded, timeout=10_000)
    signers.ok_button.click()
    assert not answered(qtbot, signers).ok
    assert signers.field_message("users") == "请选择尚未参与本环节的加签人"

    signers.reject()
    # 退回 to 受理 needs a reason; with one it goes back
    back = dialog.send_back()
    assert [back.target.editor.itemText(i) for i in range(back.target.editor.count())] == ["受理"]
    back.ok_button.click()
    assert not answered(qtbot, back).ok
    assert back.field_message("opinion") == "退回时必须填写退回理由"
    type_chinese(back.opinion.editor, "缺少乙方授权委托书")
    with qtbot.waitSignal(dialog.stepped, timeout=10_000):
        back.ok_button.click()
    qtbot.waitUntil(lambda: dialog.view.current_nodes == ["accept"], timeout=10_000)
    returned = [s for s in dialog.view.steps if s.state == "returned"]
    assert returned and returned[0].opinion == "缺少乙方授权委托书"


# --- colours, 督办 and 催办, 委托, 抄送 ------------------------------------------------------------------


def test_overdue_items_are_red_supervised_ones_carry_the_note_and_the_head_sees_them(qtbot, people):
    cases = seed.seed_cases(SimpleNamespace(context=lambda n: getattr(people, n), url="x"))
    late = cases.instances["overdue"]

    screen = todo_screen(qtbot, people.certifier)
    row = row_of_instance(screen, late)
    item = screen.model.item(row)
    assert item.urgency == fq.OVERDUE and item.overdue_days >= 1 and item.supervise_note
    assert screen.model.index(row, COL_STATE).data() == \
        tr("TodoModel", "Overdue %1 working day(s)").replace("%1", str(item.overdue_days))
    assert screen.model.index(row, 2).data(Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    assert screen.model.index(row, COL_MARKS).data() == tr("TodoModel", "Supervised")
    assert "请于期限内完成审查并报所长审批" in screen.model.index(row, COL_MARKS).data(Qt.ItemDataRole.ToolTipRole)
    assert not screen.supervise_button.isVisible()  # a certifier supervises nobody
    # the filter shows the overdue ones only
    screen.filter.setCurrentIndex(screen.filter.findData("overdue"))
    assert screen.model.rowCount() >= 1 and all(i.urgency == fq.OVERDUE for i in screen.model.items())

    # the head: the unit's tasks overdue past the threshold are raised to them (催办)
    head = todo_screen(qtbot, people.head)
    row = row_of_instance(head, late)
    assert row is not None
    item = head.model.item(row)
    assert item.escalated and item.assignee_name in ("许文静", "梁志刚")
    assert head.model.index(row, COL_MARKS).data().endswith(
        tr("TodoModel", "Escalated (held by %1)").replace("%1", item.assignee_name))
    head.select_row(row)
    assert head.supervise_button.isVisible() and head.supervise_button.isEnabled()
    dialog = head.open_supervise()
    type_chinese(dialog.note.editor, "请今天内办结")
    dialog.due.setDate(dates.today().addDays(3))
    task_id = item.task_id
    dialog.ok_button.click()
    assert answered(qtbot, dialog).ok
    # no longer overdue: it leaves the head's list and is in time in the holder's
    qtbot.waitUntil(lambda: all(i.task_id != task_id for i in head.model.items()), timeout=10_000)
    holder = people.certifier if item.assignee_name == "许文静" else people.certifier2
    todo = holder.reads.run(fq.todo_list, holder.principal)
    mine = next(i for i in todo.items if i.task_id == task_id)
    assert mine.urgency != fq.OVERDUE and mine.supervise_note == "请今天内办结"


def test_the_supervise_dialog_refuses_a_short_note_at_its_field(qtbot, people):
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00",
                                            at=dt.datetime.now(UTC) - dt.timedelta(days=10))
    screen = todo_screen(qtbot, people.head)  # 受理 is ten days late: raised to the head
    row = next(r for r, i in enumerate(screen.model.items()) if i.instance_id == instance)
    screen.select_row(row)
    dialog = screen.open_supervise()
    type_chinese(dialog.note.editor, "快")
    dialog.ok_button.click()
    assert not answered(qtbot, dialog).ok
    assert "督办意见" in dialog.field_message("note")
    assert dialog.note.text() == "快" and dialog.isVisible()


def test_a_delegation_puts_the_colleagues_items_in_ones_list_until_it_ends(qtbot, people):
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00")
    seed.act(people.certifier, instance, opinion="予以受理")  # both certifiers hold 鉴证员审查

    screen = todo_screen(qtbot, people.certifier2)
    dialog = screen.open_delegation()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    dialog.colleague.setCurrentIndex(dialog.colleague.findData(people.certifier.principal.user_id))
    # a period that ends before it starts is refused at the field, the dialog stays
    dialog.ends.setDate(dates.today().addDays(-1))
    dialog.ok_button.click()
    assert not answered(qtbot, dialog).ok
    assert dialog.field_message("ends_on") == "委托结束日期：不能早于开始日期"
    dialog.ends.setDate(dates.today().addDays(5))
    type_chinese(dialog.reason.editor, "外出培训")
    dialog.outcome = None
    dialog.ok_button.click()
    assert answered(qtbot, dialog).ok
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    assert dialog.table.item(0, 1).text() == "许文静" and dialog.table.item(0, 3).text() == "外出培训"

    # the delegate sees the delegator's task, marked 代梁志刚办理
    mine = todo_screen(qtbot, people.certifier)
    delegated = [i for i in mine.model.items() if i.on_behalf_of == "梁志刚" and i.instance_id == instance]
    assert len(delegated) == 1 and delegated[0].node_title == "鉴证员审查"
    row = mine.model.row_of(delegated[0].task_id)
    assert mine.model.index(row, COL_MARKS).data() == tr("TodoModel", "On behalf of %1").replace("%1", "梁志刚")

    # 结束委托
    dialog.table.selectRow(0)
    assert dialog.end_button.isEnabled()
    dialog.outcome = None
    dialog.end_button.click()
    assert answered(qtbot, dialog).ok
    qtbot.waitUntil(lambda: dialog.lines and not dialog.lines[0].active, timeout=10_000)
    mine.reload()
    qtbot.waitUntil(lambda: not mine.loading and all(i.on_behalf_of is None for i in mine.model.items()),
                    timeout=10_000)


def test_a_copy_shows_as_such_and_is_marked_read_when_opened(qtbot, people):
    # a version of the certification flow that copies the head in after 受理
    flow = people.admin.reads.run(fq.published_flows)
    body = next(f.body for f in flow if f.flow_key == CONTRACT)
    contract = FlowDefinition.from_json(body)
    cc = Node("cc", "copy", "抄送所长", x=255, y=120, assignees=Assignees(role="head", unit="office"))
    edges = tuple(e for e in contract.edges if (e.source, e.target) != ("accept", "examine")) \
        + (Edge("accept", "cc"), Edge("cc", "examine"))
    copied = dataclasses.replace(contract, nodes=contract.nodes + (cc,), edges=edges)
    outcome = people.admin.bus.dispatch(PublishFlow(user_id=people.admin.principal.user_id, body=copied.to_json()))
    assert outcome.ok, outcome.message
    instance = seed.apply_for_certification(people.certifier, "房屋租赁合同", "120,000.00")
    seed.act(people.certifier, instance, opinion="予以受理")

    screen = todo_screen(qtbot, people.head)
    row = row_of_instance(screen, instance)
    item = screen.model.item(row)
    assert item.kind == "copy" and item.node_title == "抄送所长"
    assert screen.model.index(row, COL_STATE).data() == tr("TodoModel", "Copy")
    assert screen.model.index(row, 3).data() == ""  # a copy has no deadline
    dialog = open_dialog(qtbot, screen, row)
    assert not dialog.approve_button.isVisible()  # nothing to decide on a copy
    qtbot.waitUntil(lambda: row_of_instance(screen, instance) is None, timeout=10_000)  # read: gone


def test_due_soon_and_overdue_rows_are_coloured_and_ten_thousand_items_stay_fast(qtbot, people):
    screen = todo_screen(qtbot, people.certifier)
    now = dt.datetime.now(UTC)
    today = dt.date.today()
    kinds = [(fq.NORMAL, 0), (fq.DUE_SOON, 0), (fq.OVERDUE, 3)]
    items = [fq.TodoItem(
        task_id=f"t{i}", task_version=1, instance_id=f"i{i}", kind="copy" if i % 97 == 0 else "approve",
        instance_title=f"合同鉴证：第{i}号合同", flow_key=CONTRACT, node_key="examine", node_title="鉴证员审查",
        assignee_id=people.certifier.principal.user_id, assignee_name="许文静",
        opened_at=now - dt.timedelta(minutes=i), due_on=today + dt.timedelta(days=(i % 7) - 3),
        urgency=kinds[i % 3][0], overdue_days=kinds[i % 3][1], on_behalf_of=None, escalated=False,
        supervise_note="请加快办理" if i % 5 == 0 else None, supervised_at=now if i % 5 == 0 else None)
        for i in range(10_000)]
    todo = fq.TodoList(items=items, today=today, overdue=sum(i.urgency == fq.OVERDUE for i in items),
                       due_soon=sum(i.urgency == fq.DUE_SOON for i in items))

    started = time.perf_counter()
    screen.show_list(todo)
    qtbot.wait(1)
    shown = time.perf_counter() - started
    assert screen.model.rowCount() == 10_000
    assert shown < 1.0, f"10,000 items took {shown:.2f}s to show"
    started = time.perf_counter()
    screen.table.sortByColumn(COL_STATE, Qt.SortOrder.AscendingOrder)
    qtbot.wait(1)
    assert time.perf_counter() - started < 1.0
    first = screen.model.item(0)
    assert first.urgency == fq.OVERDUE and first.kind == "approve"  # the most overdue first

    model = screen.model
    for row in range(60):
        item = model.item(row)
        colour = model.index(row, 1).data(Qt.ItemDataRole.ForegroundRole)
        if item.kind == "copy":
            continue
        expected = {fq.OVERDUE: QColor(RED), fq.DUE_SOON: QColor(AMBER)}.get(item.urgency)
        assert colour == expected
    assert re.search(r"10,?000|9,?8\d\d", screen.count_text())  # the copies are counted apart


def test_the_model_says_whom_an_item_is_for(qtbot):
    model = TodoModel()
    now = dt.datetime.now(UTC)
    base = fq.TodoItem(task_id="t", task_version=1, instance_id="i", kind="approve", instance_title="合同鉴证：甲",
                       flow_key=CONTRACT, node_key="head", node_title="所长审批", assignee_id="u",
                       assignee_name="黄国平", opened_at=now, due_on=dt.date.today(), urgency=fq.DUE_SOON,
                       overdue_days=0, on_behalf_of="黄国平", escalated=False, supervise_note=None, supervised_at=None)
    escalated = dataclasses.replace(base, task_id="e", escalated=True, urgency=fq.OVERDUE, overdue_days=4,
                                    supervise_note="尽快", supervised_at=now)
    model.set_items([base, escalated])
    assert model.marks_text(base) == tr("TodoModel", "On behalf of %1").replace("%1", "黄国平")
    assert model.marks_text(escalated) == tr("TodoModel", "Supervised") + " · " + \
        tr("TodoModel", "Escalated (held by %1)").replace("%1", "黄国平")
    assert "尽快" in model.marks_tooltip(escalated)


# --- 流程管理 ------------------------------------------------------------------------------------------


def test_the_administrator_publishes_version_2_through_the_editor(qtbot, people):
    from widgets.flows.admin_screen import FlowAdminScreen

    screen = FlowAdminScreen(people.admin)
    qtbot.addWidget(screen)
    screen.resize(1400, 800)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 2, timeout=10_000)
    assert screen.select_flow(CONTRACT)
    assert screen.editor.flow().key == CONTRACT and screen.editor.flow().title == "合同鉴证"
    row = screen.model.row_of(CONTRACT)
    assert screen.model.index(row, 2).data() == "1"
    assert screen.model.index(row, 3).data() == tr("FlowListModel", "Built-in")

    screen.editor.escalate_spin.setValue(3)  # an edit: the screen has unsaved work
    assert screen.has_unsaved_work()
    with qtbot.waitSignal(screen.published, timeout=10_000) as published:
        screen.editor.publish_button.click()
    assert published.args[0].ok and published.args[0].result["version"] == 2
    assert screen.banner_text() == tr("FlowAdminScreen", "Published version %1 of %2.") \
        .replace("%1", "2").replace("%2", "合同鉴证")
    qtbot.waitUntil(lambda: screen.model.index(screen.model.row_of(CONTRACT), 2).data() == "2", timeout=10_000)
    row = screen.model.row_of(CONTRACT)
    assert screen.model.index(row, 3).data() != tr("FlowListModel", "Built-in")
    assert not screen.has_unsaved_work()
    qtbot.waitUntil(lambda: screen.editor.flow().version == 2, timeout=10_000)
    assert screen.editor.flow().escalate_after_days == 3

    # what the centre refuses is shown with its reasons
    broken = dataclasses.replace(screen.editor.flow(), edges=())
    with qtbot.waitSignal(screen.published, timeout=10_000) as published:
        screen.publish(broken.to_json())
    assert not published.args[0].ok
    assert "流程不能发布" in screen.banner_text()
    # and only an administrator may publish at all
    outcome = people.head.bus.dispatch(PublishFlow(user_id=people.head.principal.user_id,
                                                   body=screen.editor.flow().to_json()))
    assert not outcome.ok


# --- 流程统计 ------------------------------------------------------------------------------------------


def test_the_statistics_count_a_finished_case_and_export_a_workbook(qtbot, people, tmp_path, monkeypatch):
    from widgets.flows.stats_screen import FlowStatsScreen

    # a case of last week (the demo's own cases are of today: the period below leaves them out)
    then = dt.datetime.now(UTC).replace(microsecond=0) - dt.timedelta(days=4)
    instance = seed.apply_for_certification(people.certifier, "设备采购合同", "86,000.00", at=then)
    seed.act(people.certifier, instance, opinion="予以受理", at=then + dt.timedelta(hours=2))
    seed.act(people.certifier, instance, opinion="符合鉴证条件", at=then + dt.timedelta(hours=20))
    outcome = seed.act(people.head, instance, opinion="同意鉴证", at=then + dt.timedelta(hours=26))
    assert outcome.result.get("outcome") == "approved"

    screen = FlowStatsScreen(people.head)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    qtbot.waitUntil(lambda: screen.stats is not None, timeout=10_000)
    screen.since.setDate(dates.today().addDays(-6))
    screen.until.setDate(dates.today().addDays(-1))
    with qtbot.waitSignal(screen.counted, timeout=10_000):
        screen.run_button.click()
    assert not screen.unit.isEnabled() and screen.unit.currentData() == people.head.principal.office_code
    flows = [screen.flow_table.item(0, c).text() for c in range(6)]
    assert flows == ["合同鉴证", "1", "1", "1", "0", "0"]
    nodes = [[screen.node_table.item(r, c).text() for c in range(2)] for r in range(screen.node_table.rowCount())]
    assert nodes == [["受理", "1"], ["鉴证员审查", "1"], ["所长审批", "1"]]  # in the flow's order
    assert screen.node_table.item(0, 2).text() == screen.time_text(120)  # 受理 took two hours
    assert screen.node_table.item(1, 2).text() == screen.time_text(18 * 60)
    assert screen.chart.categories == ["受理", "鉴证员审查", "所长审批"]
    assert screen.chart.bar_heights() == [[2.0, 18.0, 6.0], [2.0, 18.0, 6.0]]

    # the workbook, through the save dialog
    path = tmp_path / "flows.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.export()
    with zipfile.ZipFile(path) as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
        flows_sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        nodes_sheet = book.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert "合同鉴证" in strings and "鉴证员审查" in strings and "所长审批" in strings
    # row 4 of the flows sheet: 合同鉴证, started 1, finished 1, approved 1, refused 0, running 0
    cells = dict(re.findall(r'<c r="([B-F]4)"[^>]*><v>([^<]*)</v>', flows_sheet))
    assert cells == {"B4": "1", "C4": "1", "D4": "1", "E4": "0", "F4": "0"}
    hours = dict(re.findall(r'<c r="(D[2-9])"[^>]*><v>([^<]*)</v>', nodes_sheet))
    assert sorted(float(v) for v in hours.values()) == [2.0, 6.0, 18.0]
    assert screen.message.text().endswith(str(path))


def test_a_district_head_picks_an_office_of_the_district(qtbot, people):
    from client.kernel import reference
    from widgets.flows.stats_screen import FlowStatsScreen

    screen = FlowStatsScreen(people.dhead)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.stats is not None, timeout=10_000)
    offices = [screen.unit.itemData(i) for i in range(screen.unit.count())]
    assert offices[0] is None and set(offices[1:]) == {o.code for o in reference.offices_of("440106")}
    start, end = screen.period()
    assert start == end.replace(day=1)  # this month by default


# --- the rail and the status bar ----------------------------------------------------------------------


def test_the_areas_by_role_and_the_todo_cell(qtbot, people, make_main_window):
    import widgets.flows as flows_area

    def keys(username):
        window = make_main_window(username, register=False)
        flows_area.register(window)
        return window, set(window.area_keys())

    assert keys("certifier")[1] == {flows_area.TODO}
    assert keys("head")[1] == {flows_area.TODO, flows_area.STATS}
    assert keys("admin")[1] == {flows_area.TODO, flows_area.ADMIN, flows_area.STATS}

    window, _ = keys("certifier")
    flows_area.attach(window)
    cell = window.todo_indicator
    qtbot.waitUntil(lambda: cell.count is not None, timeout=10_000)
    before = cell.count
    assert cell.text() == tr("TodoIndicator", "To-do %1").replace("%1", str(before))

    # work through the window's own bus: the "flows" tag has the cell count again
    ctx = window.ctx
    instance = seed.apply_for_certification(ctx, "房屋租赁合同", "120,000.00")
    qtbot.waitUntil(lambda: cell.count == before + 1, timeout=10_000)
    assert cell.colour() in ("amber", "red")  # 受理 is due tomorrow
    seed.act(ctx, instance, opinion="予以受理")  # 鉴证员审查 has five days
    ctx.bus.dispatch(Supervise(user_id=people.head.principal.user_id,
                               task_id=ctx.reads.run(fq.instance_view, ctx.principal, instance).my_task_id,
                               note="请尽快审查", due_on=dt.date.today() - dt.timedelta(days=3),
                               issued_at=dt.datetime.now(UTC) - dt.timedelta(days=4)))
    qtbot.waitUntil(lambda: cell.colour() == "red" and cell.overdue >= 1, timeout=10_000)

    qtbot.mouseClick(cell, Qt.MouseButton.LeftButton)
    assert window.current_area() == flows_area.TODO
    wait_for_tasks(qtbot)


def test_the_todo_cell_is_amber_for_due_soon_and_red_for_overdue(qtbot, people):
    from widgets.flows.status import TodoIndicator

    cell = TodoIndicator(people.admin)
    qtbot.addWidget(cell)
    qtbot.waitUntil(lambda: cell.count is not None, timeout=10_000)
    item = fq.TodoItem(task_id="t", task_version=1, instance_id="i", kind="approve", instance_title="甲",
                       flow_key=CONTRACT, node_key="head", node_title="所长审批", assignee_id="u",
                       assignee_name="黄国平", opened_at=dt.datetime.now(UTC), due_on=dt.date.today(),
                       urgency=fq.NORMAL, overdue_days=0, on_behalf_of=None, escalated=False,
                       supervise_note=None, supervised_at=None)
    for urgency, colour in ((fq.NORMAL, ""), (fq.DUE_SOON, "amber"), (fq.OVERDUE, "red")):
        items = [dataclasses.replace(item, urgency=urgency), dataclasses.replace(item, kind="copy")]
        cell._show(fq.TodoList(items=items, today=dt.date.today(), overdue=int(urgency == fq.OVERDUE),
                               due_soon=int(urgency == fq.DUE_SOON)))
        assert cell.colour() == colour and cell.count == 1  # a copy is not a task
