"""The inspection screens against a demo database: the head's plan dialog and drawn list, the
inspector's task list and record form (checklist, photos, print), and the head's confirmation
of an abnormal-list proposal. Chinese is typed as an input method commits it (type_chinese)."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from client.inspections.models import AbnormalListing, CaseLead, InspectionRecord
from client.kernel.models import EntityEvent, MarketEntity
from client.kernel import pinyin
from client.inspections.rules import ItemResult
from tests.gui.conftest import type_chinese
from widgets.common.dates import today as china_today
from widgets.inspections.abnormal_screen import AbnormalListScreen
from widgets.inspections.models import COL_NOTE, COL_RESULT, ChecklistModel
from widgets.inspections.plans_screen import PlansScreen
from widgets.inspections.tasks_screen import MyTasksScreen


@pytest.fixture
def head(login_context):
    """The office head, with twenty shops of the office added to the small demo register
    (its forty entities are spread over the whole city)."""
    ctx = login_context("head")
    with ctx.read() as s:
        for i in range(20):
            name = f"广州市天河区五山测试{i}号商店"
            s.add(MarketEntity(
                row_no=900_000 + i, name=name, name_key=pinyin.sort_key(name), name_initials=pinyin.initials(name),
                kind_code="9600", state="active", abnormal=False, legal_rep="王小明",
                address=f"广州市天河区五山路{i + 1}号", district_code="440106",
                office_code=ctx.principal.office_code, business_scope="日用百货销售",
                established_on=dt.date(2020, 1, 1), version=1))
        s.commit()
    return ctx


def draw_plan_through_the_dialog(qtbot, head_ctx, *, size: int = 6) -> PlansScreen:
    screen = PlansScreen(head_ctx)
    qtbot.addWidget(screen)
    screen.show()
    dialog = screen.new_plan()
    type_chinese(dialog.title.editor, "2026年第四季度双随机抽查")
    dialog.sample.setValue(size)
    qtbot.waitUntil(lambda: (dialog.population_size or 0) > 0, timeout=5000)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    return screen


def open_task(qtbot, ctx) -> MyTasksScreen:
    screen = MyTasksScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show()
    assert screen.model.rowCount() > 0
    screen.select_row(0)
    assert screen.form is not None
    return screen


def inspector_with_tasks(login_context, plan_tasks):
    for name in ("inspector", "inspector2", "inspector3"):
        ctx = login_context(name)
        if any(ctx.principal.user_id in (t.inspector1_id, t.inspector2_id) for t in plan_tasks):
            return ctx
    raise AssertionError("no inspector has a task")


def test_the_head_creates_and_draws_a_plan_and_publishes_it(qtbot, head, qtmodeltester):
    screen = draw_plan_through_the_dialog(qtbot, head)
    assert screen.plans.rowCount() == 1
    plan = screen.current()
    assert plan.plan_no and plan.plan_no.startswith("CJ440106")
    assert screen.drawn.rowCount() == 6
    assert "2026年第四季度双随机抽查" in screen.heading.text()
    assert "抽取" in screen.result.text() and plan.plan_no in screen.result.text()
    first = screen.drawn.record(0)
    assert first.inspector1_id != first.inspector2_id
    assert screen.drawn.data(screen.drawn.index(0, 3)) == f"{first.inspector1_name}、{first.inspector2_name}"
    qtmodeltester.check(screen.plans)
    qtmodeltester.check(screen.drawn)
    out = screen.publish()
    assert out.ok
    assert screen.current().state == "published"
    assert not screen.publish_button.isEnabled()


def test_plan_dialog_shows_the_services_messages_at_the_fields(qtbot, head):
    screen = PlansScreen(head)
    qtbot.addWidget(screen)
    dialog = screen.new_plan()
    type_chinese(dialog.title.editor, "抽查")
    for i in range(dialog.inspector_list.count()):
        dialog.inspector_list.item(i).setCheckState(Qt.CheckState.Unchecked)
    out = dialog.create_and_draw()
    assert not out.ok
    assert dialog.title.message.text() == "计划名称至少4个字"
    assert dialog.pool.message.text() == "检查人员名录至少2名检查员"
    assert dialog.title.text() == "抽查"  # nothing typed is lost
    assert dialog.isVisible()


def test_a_plan_left_undrawn_is_drawn_from_the_plans_screen(qtbot, head):
    from client.kernel.types import new_id
    from client.inspections.commands import CreatePlan

    with head.read() as s:
        from client.inspections import queries as q

        pool = [i.id for i in q.inspectors(s, head.principal)]
    assert head.bus.dispatch(CreatePlan(user_id=head.principal.user_id, plan_id=new_id(), title="草拟中的抽查计划",
                                        sample_size=3, inspector_ids=pool)).ok
    screen = PlansScreen(head)
    qtbot.addWidget(screen)
    assert screen.current().state == "draft"
    assert screen.draw_button.isEnabled() and not screen.publish_button.isEnabled()
    out = screen.draw()
    assert out.ok, out.message
    assert screen.current().state == "drawn" and screen.drawn.rowCount() == 3
    assert not screen.draw_button.isEnabled() and screen.publish_button.isEnabled()


def test_the_drawn_list_exports_as_csv_and_pdf(qtbot, head, tmp_path):
    screen = draw_plan_through_the_dialog(qtbot, head, size=4)
    target = tmp_path / "list.csv"
    screen._choose_csv_path = lambda suggested: str(target)
    assert screen.save_csv()
    text = target.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "序号,市场主体名称,统一社会信用代码,住所（经营场所）,检查人员"
    assert screen.drawn.record(0).entity_name in text
    preview = screen.show_list_pdf()
    qtbot.addWidget(preview)
    assert preview.page_count() == 1


def test_an_inspector_fills_saves_completes_and_prints_a_record(qtbot, head, login_context, tmp_path,
                                                               qtmodeltester):
    plans = draw_plan_through_the_dialog(qtbot, head)
    ctx = inspector_with_tasks(login_context, plans.drawn.records())
    screen = open_task(qtbot, ctx)
    qtmodeltester.check(screen.model)
    form = screen.form
    task = form.task
    assert form.number_label.text() == "（保存时给号）"
    qtmodeltester.check(form.checklist_model)
    # first attempt: nothing checked, no result: the service says what is missing, at the fields
    out = form.complete()
    assert not out.ok
    assert form.result.message.text() == "请选择检查结果"
    assert form.party_ack.message.text().startswith("请选择当事人意见")
    # a saved draft has a record number from the centre (this database is the centre)
    assert form.base_version == 1 and form.record_no and form.record_no.startswith("JC440106")
    assert form.number_label.text() == form.record_no

    form.checklist_model.set_all(ItemResult.PASS.code)
    model: ChecklistModel = form.checklist_model
    assert model.setData(model.index(0, COL_RESULT), ItemResult.FAIL.code)
    assert model.setData(model.index(0, COL_NOTE), "未悬挂营业执照")
    assert not model.setData(model.index(0, COL_RESULT), "maybe")
    form.findings.editor.setFocus()
    type_chinese(form.findings.editor, "营业执照未在醒目位置悬挂，已当场责令改正", preedit="yingye")
    form.result.set_text("corrected")
    type_chinese(form.party_name.editor, "王小明")
    form.party_ack.set_text("signed")

    photo = tmp_path / "门店.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"photo" * 2000)
    big = tmp_path / "大图.png"
    big.write_bytes(b"\x89PNG" + b"0" * (5 * 1024 * 1024))
    form._choose_photo_files = lambda: [str(photo), str(big)]
    outcomes = form.add_photos()
    assert [o.ok for o in outcomes] == [True]
    assert "超过5 MB的限制" in form.photos.message.text()
    assert form.photo_list.count() == 1
    assert hashlib.sha256(photo.read_bytes()).hexdigest() in form.photo_list.item(0).toolTip()

    out = form.complete()
    assert out.ok, out.message
    assert "检查完成" in form.banner.text()
    assert not form.save_button.isEnabled() and form.place.editor.isReadOnly()
    with ctx.read() as s:
        record = s.get(InspectionRecord, form.record_id)
        assert record.state == "completed" and record.outcome == "corrected"
        assert record.checklist[0]["result"] == "fail" and record.checklist[0]["note"] == "未悬挂营业执照"
        assert record.findings == "营业执照未在醒目位置悬挂，已当场责令改正"

    preview = form.print_record()
    qtbot.addWidget(preview)
    assert preview.page_count() >= 1
    if shutil.which("pdftotext"):
        target = tmp_path / "record.pdf"
        preview._choose_save_path = lambda: str(target)
        assert preview.save_pdf()
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True,
                              text=True, check=True).stdout.replace(" ", "")
        assert "现场检查笔录" in text and task.entity_name in text and "发现问题已责令改正" in text
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    preview._choose_printer = lambda: printer
    assert preview.print_document()
    assert printed.stat().st_size > 1000
    # the completed task leaves the open list
    screen.reload()
    assert task.id not in {t.id for t in screen.model.records()}


def test_follow_up_opens_a_case_lead_when_completing(qtbot, head, login_context):
    plans = draw_plan_through_the_dialog(qtbot, head)
    ctx = inspector_with_tasks(login_context, plans.drawn.records())
    form = open_task(qtbot, ctx).form
    form.checklist_model.set_all(ItemResult.FAIL.code)
    type_chinese(form.findings.editor, "现场发现销售过期食品")
    form.result.set_text("follow_up")
    assert form.lead_box.isVisibleTo(form)
    form.lead_box.setChecked(True)
    type_chinese(form.lead_text, "涉嫌销售超过保质期的食品")
    type_chinese(form.party_name.editor, "王小明")
    form.party_ack.set_text("refused")
    out = form.complete()
    assert out.ok, out.message
    assert "案件线索" in form.banner.text()
    with ctx.read() as s:
        lead = s.scalar(sa.select(CaseLead).where(CaseLead.source_record_id == form.record_id))
        assert lead.description == "涉嫌销售超过保质期的食品"


def _unreachable(qtbot, head, login_context):
    plans = draw_plan_through_the_dialog(qtbot, head)
    ctx = inspector_with_tasks(login_context, plans.drawn.records())
    form = open_task(qtbot, ctx).form
    type_chinese(form.findings.editor, "登记住所大门紧锁，电话无人接听")
    form.result.set_text("unreachable")
    form.party_ack.set_text("absent")
    out = form.complete()
    assert out.ok, out.message
    assert "已提请所长" in form.banner.text()
    return form.task


def test_the_head_confirms_a_proposal_and_later_removes_the_listing(qtbot, head, login_context, qtmodeltester):
    task = _unreachable(qtbot, head, login_context)
    screen = AbnormalListScreen(head)
    qtbot.addWidget(screen)
    screen.show()
    qtmodeltester.check(screen.proposals)
    assert screen.proposals.rowCount() == 1
    assert screen.current_proposal().entity_name == task.entity_name
    assert screen.tabs.tabText(0) == "待确认（1）"

    dialog = screen.confirm()
    qtbot.addWidget(dialog)
    dialog.reason.set_text("")
    dialog._on_ok()
    assert dialog.isVisible()
    assert dialog.reason.message.text() == "列入事由至少4个字"
    dialog.date_edit.setDate(china_today().addDays(3))
    type_chinese(dialog.reason.editor, "经实地核查，通过登记的住所无法联系")
    dialog._on_ok()
    assert dialog.date_box.message.text() == "列入日期不能晚于今天"
    dialog.date_edit.setDate(china_today())
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.ok_button.click()
    assert screen.proposals.rowCount() == 0 and screen.listed.rowCount() == 1
    assert "已列入" in screen.result.text()
    with head.read() as s:
        assert s.get(MarketEntity, task.entity_id).abnormal
        listing = s.scalar(sa.select(AbnormalListing).where(AbnormalListing.entity_id == task.entity_id))
        assert listing.state == "listed" and listing.list_reason == "经实地核查，通过登记的住所无法联系"

    screen.tabs.setCurrentIndex(1)
    dialog = screen.remove()
    qtbot.addWidget(dialog)
    type_chinese(dialog.reason.editor, "已办理住所变更登记，可以联系")
    with qtbot.waitSignal(dialog.accepted, timeout=3000):
        dialog.ok_button.click()
    assert screen.listed.rowCount() == 0
    with head.read() as s:
        assert not s.get(MarketEntity, task.entity_id).abnormal
        kinds = s.scalars(sa.select(EntityEvent.kind).where(EntityEvent.entity_id == task.entity_id)).all()
    assert {"abnormal_proposed", "abnormal_listed", "abnormal_removed"} <= set(kinds)


def test_the_areas_appear_for_the_right_roles(make_main_window):
    head_window = make_main_window("head")
    assert {"inspections.plans", "inspections.abnormal"} <= set(head_window.area_keys())
    assert "inspections.tasks" not in head_window.area_keys()
    assert head_window.area_titles()["inspections.plans"] == "抽查计划"
    inspector = make_main_window("inspector")
    assert "inspections.tasks" in inspector.area_keys()
    assert inspector.area_titles()["inspections.tasks"] == "我的检查任务"
    assert isinstance(inspector.open_area("inspections.tasks"), MyTasksScreen)
    clerk = make_main_window("clerk")
    assert not any(k.startswith("inspections.") for k in clerk.area_keys())


def test_the_task_list_and_record_form_work_on_the_laptops_local_store(qtbot, tmp_path):
    """Offline: the screens read the laptop's replica and write through its local bus; the record
    number shows 待分配 until the synchronisation brings the centre's number."""
    from client.kernel.models import AppUser
    from client.kernel.types import new_id
    from client.kernel.roles import Principal, parse_roles
    from client.inspections.commands import CreatePlan, DrawPlan
    from client.settings import Settings
    from tests.integration.sync_helpers import TRADE_NAMES, establish, workstation
    from tests.integration.test_sync_central import _make_central
    from widgets.app_context import AppContext

    central = _make_central(f"sqlite:///{tmp_path / 'central.db'}")
    try:
        for trade in TRADE_NAMES[:3]:
            establish(central, trade)
        plan_id = new_id()
        pool = [central.users[u] for u in ("inspector", "inspector2")]
        assert central.bus.dispatch(CreatePlan(user_id=central.users["head"], plan_id=plan_id, title="离线检查测试计划",
                                               sample_size=3, inspector_ids=pool)).ok
        assert central.bus.dispatch(DrawPlan(user_id=central.users["head"], plan_id=plan_id, base_version=1,
                                             seed="gui-offline-1")).ok
        laptop = workstation(central, tmp_path, "field", user="inspector")
        with laptop.store.sessions() as s:
            u = s.get(AppUser, central.users["inspector"])
            principal = Principal(u.id, u.username, u.full_name, parse_roles(u.roles), u.office_code, u.district_code)
        ctx = AppContext(session_factory=laptop.store.sessions, bus=laptop.bus, settings=Settings(),
                         database_label="本地库", principal=principal, device_id=laptop.device_id)
        screen = open_task(qtbot, ctx)
        assert screen.model.rowCount() == 3  # both inspectors of every task: a pool of two
        form = screen.form
        type_chinese(form.findings.editor, "登记住所大门紧锁，电话无人接听")
        form.result.set_text("unreachable")
        form.party_ack.set_text("absent")
        out = form.complete()
        assert out.ok, out.message
        assert form.number_label.text() == "待分配"
        assert laptop.store.pending_count() == 2  # saved, completed: queued for the centre

        laptop.sync()
        assert laptop.store.pending_count() == 0
        screen.show_done.setChecked(True)
        row = screen.model.row_of(form.task.id)
        assert screen.model.record(row).record_no.startswith("JC440106")
        screen.close()
        laptop.store.dispose()
    finally:
        central.engine.dispose()
