"""The inspection screens against a demo database: the head's plan dialog and drawn list, the
inspector's task list and record form (checklist, photos, print), and the head's confirmation
of an abnormal-list proposal. Chinese is typed as an input method commits it (type_chinese).

Screens read and write in the background (widgets/common/operations.py): the tests wait for what
the user would see. The tests' own checks read the database through `db`."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy.orm import sessionmaker

from client.inspections.models import AbnormalListing, CaseLead, InspectionRecord
from client.kernel.models import EntityEvent, MarketEntity
from client.kernel import pinyin
from client.inspections.rules import ItemResult
from tests.gui.conftest import type_chinese, wait_for_tasks
from widgets.common.dates import today as china_today
from widgets.inspections.abnormal_screen import AbnormalListScreen
from widgets.inspections.models import COL_NOTE, COL_RESULT, ChecklistModel
from widgets.inspections.plans_screen import PlansScreen
from widgets.inspections.tasks_screen import MyTasksScreen



@pytest.fixture
def db(demo_url):
    """Sessions on the demo database, for the tests' own setup and checks."""
    engine = sa.create_engine(demo_url)
    yield sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def head(login_context, db):
    """The office head, with twenty shops of the office added to the small demo register
    (its forty entities are spread over the whole city)."""
    ctx = login_context("head")
    with db() as s:
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
    qtbot.waitUntil(lambda: dialog.inspector_list.count() > 0, timeout=5000)
    type_chinese(dialog.title.editor, "2026年第四季度双随机抽查")
    dialog.sample.setValue(size)
    qtbot.waitUntil(lambda: (dialog.population_size or 0) > 0, timeout=5000)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: screen.current() is not None and screen.current().id == dialog.plan_id
                    and screen.current().state == "drawn" and screen.drawn.rowCount() == size, timeout=5000)
    wait_for_tasks(qtbot)
    return screen


def open_task(qtbot, ctx, *, size: tuple[int, int] = (1400, 900)) -> MyTasksScreen:
    screen = MyTasksScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=5000)
    screen.select_row(0)
    assert screen.form is not None
    qtbot.waitUntil(lambda: getattr(screen.form, "loaded", True), timeout=5000)
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
    screen.publish_button.click()
    assert not screen.publish_button.isEnabled()  # while the command runs
    # (the list may show the plan published, read again on the bus's news, a moment before the
    # command's own outcome says so)
    qtbot.waitUntil(lambda: screen.current().state == "published" and screen.result.text() == "已公示。",
                    timeout=5000)
    assert not screen.publish_button.isEnabled()


def test_plan_dialog_shows_the_services_messages_at_the_fields(qtbot, head):
    screen = PlansScreen(head)
    qtbot.addWidget(screen)
    dialog = screen.new_plan()
    qtbot.waitUntil(lambda: dialog.inspector_list.count() > 0, timeout=5000)
    type_chinese(dialog.title.editor, "抽查")
    for i in range(dialog.inspector_list.count()):
        dialog.inspector_list.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.title.message.text() != "", timeout=5000)
    assert not dialog.outcome.ok
    assert dialog.title.message.text() == "计划名称至少4个字"
    assert dialog.pool.message.text() == "检查人员名录至少2名检查员"
    assert dialog.title.text() == "抽查"  # nothing typed is lost
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert dialog.plan_id is None  # nothing was made


def test_a_plan_left_undrawn_is_drawn_from_the_plans_screen(qtbot, head, db):
    from client.kernel.types import new_id
    from client.inspections.commands import CreatePlan
    from client.inspections import queries as q

    with db() as s:
        pool = [i.id for i in q.inspectors(s, head.principal)]
    assert head.bus.dispatch(CreatePlan(user_id=head.principal.user_id, plan_id=new_id(), title="草拟中的抽查计划",
                                        sample_size=3, inspector_ids=pool)).ok
    screen = PlansScreen(head)
    qtbot.addWidget(screen)
    assert screen.is_loading()
    qtbot.waitUntil(lambda: screen.current() is not None and not screen.is_loading(), timeout=5000)
    assert screen.current().state == "draft"
    assert screen.draw_button.isEnabled() and not screen.publish_button.isEnabled()
    screen.draw_button.click()
    # (the list may show the new state, read again on the bus's news, before the outcome arrives)
    qtbot.waitUntil(lambda: screen.current().state == "drawn" and screen.drawn.rowCount() == 3
                    and "抽取" in screen.result.text() and screen.publish_button.isEnabled(), timeout=5000)
    assert not screen.draw_button.isEnabled()


def test_the_drawn_list_exports_as_csv_and_pdf(qtbot, head, tmp_path):
    screen = draw_plan_through_the_dialog(qtbot, head, size=4)
    target = tmp_path / "list.csv"
    screen._choose_csv_path = lambda suggested: str(target)
    assert screen.save_csv()
    qtbot.waitUntil(lambda: screen.result.text() == "已保存。", timeout=5000)
    text = target.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "序号,市场主体名称,统一社会信用代码,住所（经营场所）,检查人员"
    assert screen.drawn.record(0).entity_name in text
    assert screen.show_list_pdf()
    qtbot.waitUntil(lambda: screen.preview is not None, timeout=10_000)
    qtbot.addWidget(screen.preview)
    assert screen.preview.page_count() == 1


def test_a_list_that_cannot_be_saved_says_so(qtbot, head, tmp_path):
    screen = draw_plan_through_the_dialog(qtbot, head, size=2)
    screen._choose_csv_path = lambda suggested: str(tmp_path / "no-such-folder" / "list.csv")
    assert screen.save_csv()
    qtbot.waitUntil(lambda: screen.result.text().startswith("无法保存文件："), timeout=5000)
    assert screen.csv_button.isEnabled()


def test_an_inspector_fills_saves_completes_and_prints_a_record(qtbot, head, login_context, tmp_path,
                                                               qtmodeltester, db):
    plans = draw_plan_through_the_dialog(qtbot, head)
    ctx = inspector_with_tasks(login_context, plans.drawn.records())
    screen = open_task(qtbot, ctx)
    qtmodeltester.check(screen.model)
    form = screen.form
    task = form.task
    assert form.number_label.text() == "（保存时给号）"
    qtmodeltester.check(form.checklist_model)
    # first attempt: nothing checked, no result: the service says what is missing, at the fields
    form.complete_button.click()
    assert not form.complete_button.isEnabled() and not form.save_button.isEnabled()  # while it runs
    qtbot.waitUntil(lambda: form.result.message.text() != "", timeout=5000)
    assert form.result.message.text() == "请选择检查结果"
    assert form.party_ack.message.text().startswith("请选择当事人意见")
    assert form.complete_button.isEnabled()
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
    form.add_photo_button.click()
    qtbot.waitUntil(lambda: form.photo_list.count() == 1 and form.save_button.isEnabled(), timeout=10_000)
    assert "超过5 MB的限制" in form.photos.message.text()
    assert hashlib.sha256(photo.read_bytes()).hexdigest() in form.photo_list.item(0).toolTip()

    form.complete_button.click()
    qtbot.waitUntil(lambda: "检查完成" in form.banner.text(), timeout=5000)
    assert not form.save_button.isEnabled() and form.place.editor.isReadOnly()
    with db() as s:
        record = s.get(InspectionRecord, form.record_id)
        assert record.state == "completed" and record.outcome == "corrected"
        assert record.checklist[0]["result"] == "fail" and record.checklist[0]["note"] == "未悬挂营业执照"
        assert record.findings == "营业执照未在醒目位置悬挂，已当场责令改正"

    form.print_button.click()
    qtbot.waitUntil(lambda: form.preview is not None, timeout=10_000)
    preview = form.preview
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
    # the completed task leaves the open list (the list reloads itself on the change)
    qtbot.waitUntil(lambda: task.id not in {t.id for t in screen.model.records()} and not screen.loading,
                    timeout=5000)


def test_follow_up_opens_a_case_lead_when_completing(qtbot, head, login_context, db):
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
    form.complete_button.click()
    qtbot.waitUntil(lambda: "检查完成" in form.banner.text(), timeout=5000)
    assert "案件线索" in form.banner.text()
    with db() as s:
        lead = s.scalar(sa.select(CaseLead).where(CaseLead.source_record_id == form.record_id))
        assert lead.description == "涉嫌销售超过保质期的食品"


def _unreachable(qtbot, head, login_context):
    plans = draw_plan_through_the_dialog(qtbot, head)
    ctx = inspector_with_tasks(login_context, plans.drawn.records())
    form = open_task(qtbot, ctx).form
    type_chinese(form.findings.editor, "登记住所大门紧锁，电话无人接听")
    form.result.set_text("unreachable")
    form.party_ack.set_text("absent")
    form.complete_button.click()
    qtbot.waitUntil(lambda: "检查完成" in form.banner.text(), timeout=5000)
    assert "已提请所长" in form.banner.text()
    return form.task


def test_the_head_confirms_a_proposal_and_later_removes_the_listing(qtbot, head, login_context, qtmodeltester,
                                                                    db):
    task = _unreachable(qtbot, head, login_context)
    screen = AbnormalListScreen(head)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.loading
    qtbot.waitUntil(lambda: screen.proposals.rowCount() == 1, timeout=5000)
    qtmodeltester.check(screen.proposals)
    assert screen.current_proposal().entity_name == task.entity_name
    assert screen.tabs.tabText(0) == "待确认（1）"

    dialog = screen.confirm()
    qtbot.addWidget(dialog)
    dialog.reason.set_text("")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.reason.message.text() != "", timeout=5000)
    assert dialog.isVisible()
    assert dialog.reason.message.text() == "列入事由至少4个字"
    dialog.date_edit.setDate(china_today().addDays(3))
    type_chinese(dialog.reason.editor, "经实地核查，通过登记的住所无法联系")
    dialog.ok_button.click()
    assert not dialog.ok_button.isEnabled()  # while the command runs
    qtbot.waitUntil(lambda: dialog.date_box.message.text() != "", timeout=5000)
    assert dialog.date_box.message.text() == "列入日期不能晚于今天"
    dialog.date_edit.setDate(china_today())
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: screen.proposals.rowCount() == 0 and screen.listed.rowCount() == 1
                    and "已列入" in screen.result.text(), timeout=5000)
    with db() as s:
        assert s.get(MarketEntity, task.entity_id).abnormal
        listing = s.scalar(sa.select(AbnormalListing).where(AbnormalListing.entity_id == task.entity_id))
        assert listing.state == "listed" and listing.list_reason == "经实地核查，通过登记的住所无法联系"

    screen.tabs.setCurrentIndex(1)
    dialog = screen.remove()
    qtbot.addWidget(dialog)
    type_chinese(dialog.reason.editor, "已办理住所变更登记，可以联系")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: screen.listed.rowCount() == 0 and not screen.loading, timeout=5000)
    with db() as s:
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
    number shows 待分配 until the synchronisation brings the centre's number, and then the open
    form shows it too (it looks again when a pull changes inspections)."""
    from client.kernel.models import AppUser
    from client.kernel.types import new_id
    from client.kernel.roles import Principal, parse_roles
    from client.inspections.commands import CreatePlan, DrawPlan
    from client.settings import Settings
    from sync.workstation import pulled_changes
    from tests.integration.sync_helpers import TRADE_NAMES, establish, workstation
    from tests.integration.conftest import make_central as _make_central
    from sync.reads import Reads, SessionRunner
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
        ctx = AppContext(reads=Reads(SessionRunner(laptop.store.sessions)), bus=laptop.bus, settings=Settings(),
                         database_label="本地库", principal=principal, device_id=laptop.device_id)
        screen = open_task(qtbot, ctx)
        assert screen.model.rowCount() == 3  # both inspectors of every task: a pool of two
        form = screen.form
        type_chinese(form.findings.editor, "登记住所大门紧锁，电话无人接听")
        form.result.set_text("unreachable")
        form.party_ack.set_text("absent")
        form.complete_button.click()
        qtbot.waitUntil(lambda: "检查完成" in form.banner.text(), timeout=5000)
        assert form.number_label.text() == "待分配"
        assert laptop.store.pending_count() == 2  # saved, completed: queued for the centre

        _pushed, pulled = laptop.sync()
        assert laptop.store.pending_count() == 0
        ctx.changes.notify(pulled_changes(pulled))  # as the shell does after a pull
        qtbot.waitUntil(lambda: form.number_label.text().startswith("JC440106"), timeout=5000)
        screen.show_done.setChecked(True)
        qtbot.waitUntil(lambda: not screen.loading and screen.model.row_of(form.task.id) is not None, timeout=5000)
        row = screen.model.row_of(form.task.id)
        assert screen.model.record(row).record_no.startswith("JC440106")
        wait_for_tasks(qtbot)
        screen.close()
        laptop.store.dispose()
    finally:
        central.dispose()


# ----------------------------------------------------------------- issue 8 §4: what a clerk tripped over

import threading  # noqa: E402
from types import SimpleNamespace  # noqa: E402


@pytest.fixture
def office(qtbot, tmp_path):
    """The head's office workstation: a laptop's local store and local bus, its real sync worker
    (push, pull) and a thread writing the store's sync state — started by `office.busy()`, so the
    store is written by others while the head works."""
    from client.kernel.models import AppUser
    from client.kernel.roles import Principal, parse_roles
    from client.settings import Settings
    from sync.engine import SyncEngine, SyncWorker
    from sync.workstation import pulled_changes
    from tests.gui.conftest import wait_for_tasks
    from tests.integration.sync_helpers import TRADE_NAMES, establish, workstation
    from tests.integration.conftest import make_central as _make_central
    from sync.reads import Reads, SessionRunner
    from widgets.app_context import AppContext

    central = _make_central(f"sqlite:///{tmp_path / 'central.db'}")
    for trade in TRADE_NAMES[:6]:
        establish(central, trade)
    laptop = workstation(central, tmp_path, "office", user="head")
    with laptop.store.sessions() as s:
        u = s.get(AppUser, central.users["head"])
        principal = Principal(u.id, u.username, u.full_name, parse_roles(u.roles), u.office_code, u.district_code)
    ctx = AppContext(reads=Reads(SessionRunner(laptop.store.sessions)), bus=laptop.bus, settings=Settings(),
                     database_label="本地库", principal=principal, device_id=laptop.device_id)
    # the push and the pull reach the centre over HTTP, as the workstation's own worker does
    engine = SyncEngine(laptop.store, laptop.applier(), laptop.pusher, laptop.puller, laptop.device_id)
    engine.subscribe_pulled(lambda report: ctx.changes.notify(pulled_changes(report)))
    worker = SyncWorker(engine, interval=0.005)
    stop = threading.Event()
    rounds = []

    def keep_writing() -> None:
        while not stop.is_set():
            with laptop.store.begin() as conn:
                laptop.store.set_state("heartbeat", len(rounds), conn=conn)
            rounds.append(1)

    writer = threading.Thread(target=keep_writing, name="store-writer", daemon=True)

    def busy() -> None:
        worker.start()
        writer.start()

    yield SimpleNamespace(central=central, laptop=laptop, ctx=ctx, engine=engine, busy=busy, rounds=rounds)
    stop.set()
    worker.stop()
    if writer.is_alive() or writer.ident:
        writer.join(10)
    wait_for_tasks(qtbot)
    laptop.store.dispose()
    central.dispose()


class RecordingBus:
    """The office's bus, noting each command the screens hand over and the thread that ran it;
    `fail_first` makes the first command of that name fail as the database refused it."""

    def __init__(self, bus, *, fail_first: str | None = None):
        self.bus = bus
        self.fail_first = fail_first
        self.dispatched: list[tuple[str, int]] = []

    def dispatch(self, command):
        self.dispatched.append((command.name, threading.get_ident()))
        if command.name == self.fail_first:
            import sqlite3

            self.fail_first = None
            raise sa.exc.OperationalError("INSERT INTO inspection_task", {}, sqlite3.OperationalError("database is locked"))
        return self.bus.dispatch(command)

    def subscribe(self, listener) -> None:
        self.bus.subscribe(listener)


def _new_plan(qtbot, screen, title: str, size: int = 3):
    dialog = screen.new_plan()
    qtbot.waitUntil(lambda: dialog.inspector_list.count() >= 2, timeout=5000)
    type_chinese(dialog.title.editor, title)
    dialog.sample.setValue(size)
    qtbot.waitUntil(lambda: (dialog.population_size or 0) > 0, timeout=5000)
    return dialog


def _shows_drawn(screen, plan_id: str, size: int = 3) -> bool:
    plan = screen.current()
    return plan is not None and plan.id == plan_id and plan.state == "drawn" and screen.drawn.rowCount() == size


def test_on_a_workstation_create_and_draw_succeeds_while_the_sync_writes_the_store(qtbot, office):
    """抽查计划 → 新建计划并抽取 → 创建并抽取 failed the first time, every time, with "database is
    locked" while the background sync wrote the local store."""
    ctx = office.ctx
    recording = RecordingBus(ctx.ops.bus)
    ctx.ops.bus = recording
    screen = PlansScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    office.busy()
    for n in (1, 2):  # the first time, and the next
        dialog = _new_plan(qtbot, screen, f"第{n}批双随机抽查计划")
        with qtbot.waitSignal(dialog.accepted, timeout=20_000):
            dialog.ok_button.click()
            assert not dialog.ok_button.isEnabled()  # while the commands run
        plan_id = dialog.plan_id
        qtbot.waitUntil(lambda: _shows_drawn(screen, plan_id) and "已抽取" in screen.facts.text()
                        and "抽取" in screen.result.text(), timeout=10_000)
    assert len(office.rounds) > 10  # the store was being written all along
    # create, then draw: two commands, in that order, on the one serial writer (not the GUI thread)
    assert [name for name, _ in recording.dispatched] == ["inspections.create_plan", "inspections.draw_plan"] * 2
    threads = {ident for _, ident in recording.dispatched}
    assert len(threads) == 1 and threading.main_thread().ident not in threads


def test_a_draw_the_database_refuses_is_shown_and_the_same_plan_is_drawn_again(qtbot, office):
    ctx = office.ctx
    ctx.ops.bus = RecordingBus(ctx.ops.bus, fail_first="inspections.draw_plan")
    screen = PlansScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    office.busy()
    dialog = _new_plan(qtbot, screen, "被拒绝后重试的抽查计划")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.banner.isVisibleTo(dialog), timeout=10_000)
    assert "database is locked" in dialog.banner.text()  # shown, not swallowed
    assert dialog.isVisible() and dialog.title.text() == "被拒绝后重试的抽查计划"
    assert dialog.ok_button.isEnabled()
    plan_id = dialog.plan_id
    assert plan_id is not None  # the plan was made: it stays a draft until drawn
    qtbot.waitUntil(lambda: screen.current() is not None and screen.current().id == plan_id, timeout=10_000)
    assert screen.current().state == "draft"

    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: _shows_drawn(screen, plan_id), timeout=10_000)
    assert screen.plans.rowCount() == 1  # drawn again on the same plan, not a second one


def test_a_draw_of_a_plan_someone_else_drew_meanwhile_is_refused_and_says_why(qtbot, office):
    from client.inspections.commands import CreatePlan, DrawPlan
    from client.kernel.types import new_id
    from sync.local_bus import LocalBus

    ctx, users = office.ctx, office.central.users
    plan_id = new_id()
    assert ctx.bus.dispatch(CreatePlan(user_id=users["head"], plan_id=plan_id, title="草拟中的抽查计划",
                                       sample_size=3, inspector_ids=[users["inspector"], users["inspector2"]])).ok
    screen = PlansScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.current() is not None and screen.draw_button.isEnabled(), timeout=5000)
    # a second window on the same store draws it (its bus does not tell this screen)
    laptop = office.laptop
    other = LocalBus(laptop.store, device_id=laptop.device_id, device_key=laptop.device_key,
                     user_key=laptop.user_key, user_id=users["head"])
    assert other.dispatch(DrawPlan(user_id=users["head"], plan_id=plan_id, base_version=1, seed="someone-else")).ok
    screen.draw_button.click()
    assert not screen.draw_button.isEnabled()  # while the write runs
    qtbot.waitUntil(lambda: "已被他人修改" in screen.result.text(), timeout=10_000)
    assert "#c62828" in screen.result.styleSheet()
    # and the screen shows the plan as it is now
    qtbot.waitUntil(lambda: _shows_drawn(screen, plan_id), timeout=10_000)
    assert not screen.draw_button.isEnabled() and screen.publish_button.isEnabled()


def test_the_record_form_scrolls_to_the_first_field_in_error_and_a_corrected_field_loses_its_mark(
        qtbot, head, login_context):
    """现场检查笔录 said 请更正标红的项目 while the red fields were below the fold."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QScrollArea

    plans = draw_plan_through_the_dialog(qtbot, head)
    ctx = inspector_with_tasks(login_context, plans.drawn.records())
    screen = open_task(qtbot, ctx, size=(1100, 600))
    form = screen.form
    scroll = form.findChild(QScrollArea)

    def in_view(box) -> bool:
        top = box.mapTo(scroll.viewport(), QPoint(0, 0)).y()
        return box.isVisible() and 0 <= top and top + box.height() <= scroll.viewport().height()

    form.checklist_model.set_all(ItemResult.PASS.code)
    assert scroll.verticalScrollBar().value() == 0 and not in_view(form.result)
    form.complete_button.click()
    qtbot.waitUntil(lambda: form.result.message.isVisibleTo(form), timeout=10_000)
    assert form.result.message.text() == "请选择检查结果"
    assert form.party_ack.message.text().startswith("请选择当事人意见")
    assert form.banner.text().startswith("请更正标红的项目")
    qtbot.waitUntil(lambda: in_view(form.result))  # the first field in error, in view and focused
    assert form.window().focusWidget() is form.result.editor

    form.result.set_text("corrected")  # corrected: its mark goes at once; the other stays
    assert not form.result.message.isVisibleTo(form) and form.result.level == ""
    assert form.party_ack.message.isVisibleTo(form) and form.party_ack.level == "error"
    assert form.banner.isVisibleTo(form)
    form.party_ack.set_text("signed")
    assert not form.party_ack.message.isVisibleTo(form)
    assert not form.banner.isVisibleTo(form)  # nothing left to correct

    form.place.set_text("")  # a text field: the mark stays until it holds a place again
    form.complete_button.click()
    qtbot.waitUntil(lambda: form.place.message.isVisibleTo(form), timeout=10_000)
    assert form.place.message.text() == "请填写检查地点"
    qtbot.waitUntil(lambda: in_view(form.place))
    assert form.window().focusWidget() is form.place.editor
    type_chinese(form.place.editor, " ")
    assert form.place.level == "error"  # still no place: still marked
    form.place.editor.clear()
    type_chinese(form.place.editor, "五山路1号店内")
    assert form.place.level == "" and not form.place.message.isVisibleTo(form)


def test_a_read_that_fails_is_said_on_each_screen_not_swallowed(qtbot, head, login_context):
    class Gone:
        """The office's database, unreachable."""

        def run(self, fn, *args, **kwargs):
            raise sa.exc.OperationalError("SELECT", {}, Exception("unable to open database file"))

        run_wide = run

    plans = PlansScreen(head)
    qtbot.addWidget(plans)
    qtbot.waitUntil(lambda: not plans.is_loading(), timeout=5000)
    head.ops.reads = Gone()
    plans.reload()
    qtbot.waitUntil(lambda: "unable to open database file" in plans.result.text(), timeout=5000)
    assert not plans.is_loading()

    abnormal = AbnormalListScreen(head)
    qtbot.addWidget(abnormal)
    qtbot.waitUntil(lambda: "unable to open database file" in abnormal.result.text(), timeout=5000)

    inspector = login_context("inspector")
    inspector.ops.reads = Gone()
    tasks = MyTasksScreen(inspector)
    qtbot.addWidget(tasks)
    qtbot.waitUntil(lambda: "unable to open database file" in tasks.count_label.text(), timeout=5000)
