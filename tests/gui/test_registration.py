"""The registration screens against real databases: search, detail, the application form,
the review queue and the licence dialog.

SQLite demo registers of a few thousand entities for most tests; the submit → approve →
print flow also runs on PostgreSQL. Chinese is typed as an input method commits it
(type_chinese): QTest can only type ASCII. The screens read and write in the background: tests
wait for what they look at (wait_list, rows_of, submit, decide, loaded).
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import threading

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from client.db.engine import make_engine, make_session_factory
from client.kernel.models import EntityEvent, MarketEntity
from client.registration.models import RegApplication
from client.kernel import codes, pinyin
from client.kernel.lifecycle import EntityState
from client.registration.rules import refusal
from client.kernel.auth import authenticate
from client.registration.name_check import compare_name
from client.kernel.users import DEMO_PASSWORD
from client.settings import Settings
from client.kernel.bus import CommandBus
from sync.reads import Reads, SessionRunner
from client.registration.register_list import RegisterList
from tests.gui.conftest import type_chinese, wait_for_tasks
from widgets.app_context import AppContext
from widgets.registration.application_form import ApplicationForm
from widgets.registration.entity_detail import EntityDetailWidget
from widgets.registration.entity_list_model import (
    COL_EST,
    COL_KIND,
    COL_NAME,
    COL_USCC,
    PAGE_SIZE,
    PLACEHOLDER,
)
from widgets.registration.licence_dialog import LicenceDialog
from widgets.registration.register_screen import RegisterScreen
from widgets.registration.review_queue import ReviewQueueWidget


ENTITIES = 3000
TIANHE = "440106"
HOSTILE = [
    "'; DROP TABLE market_entity; --",
    "\" OR 1=1 --",
    "%", "_", "\\", "%_\\%", "*", "NEAR(广州 华盛)", '"广州" AND "华盛"', "{}}",
    "\x00\x01\x07\x1b[31m", "\u200b\u202e\ufeff", "\ud800", "\U00020000𠀋",
    "ｇｚｈｓ", "９１４４０１", "广州\n华盛", "广" * 10_000, "a" * 10_000,
]


# ----------------------------------------------------------------------- the environment


@pytest.fixture(scope="session")
def _register_template(tmp_path_factory):
    from client.demo import populate

    path = tmp_path_factory.mktemp("register") / "central.db"
    populate(f"sqlite:///{path}", entities=ENTITIES)
    return path


@pytest.fixture
def reg_url(_register_template, tmp_path):
    target = tmp_path / "register.db"
    for suffix in ("", "-wal", "-shm"):
        source = _register_template.with_name(_register_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return f"sqlite:///{target}"


class Counter:
    """Several users at one database with one bus: one user's command refreshes the others'
    screens, as it will once the pull delivers changes."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.session_factory = make_session_factory(self.engine)
        self.bus = CommandBus(self.session_factory)
        self.dispatched = []
        self.bus.subscribe(lambda command, outcome: self.dispatched.append(command))
        self.settings = Settings()

    def context(self, username: str) -> AppContext:
        with self.session_factory() as session:
            result = authenticate(session, username, DEMO_PASSWORD)
        assert result.ok, result.message
        ctx = AppContext(reads=Reads(SessionRunner(self.session_factory)), bus=self.bus, settings=self.settings,
                         database_label="test", principal=result.principal)
        return ctx

    def entity(self, *conditions) -> MarketEntity:
        with self.session_factory() as s:
            return s.scalars(sa.select(MarketEntity).where(*conditions).order_by(MarketEntity.row_no)).first()

    def scalar(self, stmt):
        with self.session_factory() as s:
            return s.scalar(stmt)


@pytest.fixture
def counter(reg_url):
    c = Counter(reg_url)
    yield c
    c.engine.dispose()


def show_active(qtbot, widget) -> None:
    """Shown and the active window: focus, Enter-moves-on and focus-out checks need it."""
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()


def office_of(ctx):
    return ctx.principal.office_code


def active_in(counter, ctx, *more):
    return counter.entity(MarketEntity.office_code == office_of(ctx), MarketEntity.state == "active", *more)


# ------------------------------------------------------------------------ search


@pytest.fixture
def screen(qtbot, counter):
    def make(username: str = "clerk") -> RegisterScreen:
        w = RegisterScreen(counter.context(username))
        qtbot.addWidget(w)
        w.resize(1400, 800)
        w.show()
        return w

    return make


def wait_list(qtbot, model, timeout: int = 10_000) -> None:
    """Until the search's count and every page asked for have come."""
    qtbot.waitUntil(lambda: model.counted and model.settled, timeout=timeout)


def rows_of(qtbot, model, n: int | None = None) -> list:
    """The first n rows (all: None) of the list, once their pages have been read."""
    wait_list(qtbot, model)
    n = model.rowCount() if n is None else min(n, model.rowCount())
    qtbot.waitUntil(lambda: all(model.entity_row(i) is not None for i in range(n)), timeout=10_000)
    return [model.entity_row(i) for i in range(n)]


def ids_in(qtbot, model) -> set[str]:
    return {r.id for r in rows_of(qtbot, model)}


def loaded(qtbot, detail: EntityDetailWidget) -> EntityDetailWidget:
    qtbot.waitUntil(lambda: detail.detail is not None and not detail.loading, timeout=10_000)
    return detail


def test_entity_list_model_passes_the_model_tester(qtbot, qtmodeltester, screen):
    w = screen("city")
    model = w.search.model
    wait_list(qtbot, model)
    assert model.rowCount() == ENTITIES
    qtmodeltester.check(model, force_py=True)  # stays attached: every signal below is checked too
    # a new search: reset, the first page, then the count's rows. A hundred hits, not all 3,000
    # ("gz" is every name's 广州): the Python tester checks every row of every change, and
    # 3,000 of them under a loaded machine took longer than the waits below allow
    w.search.box.setText("gzh")
    w.search.run_search()
    rows_of(qtbot, model, 50)
    assert 50 < model.rowCount() < ENTITIES
    w.ctx.changes.notify({"entities"})  # read again in place
    qtbot.waitUntil(lambda: model.settled)
    model.sort(COL_EST, Qt.SortOrder.DescendingOrder)
    rows_of(qtbot, model, 10)


def test_clerk_sees_only_the_office_and_the_count(qtbot, screen, counter):
    w = screen("clerk")
    ctx_office = w.ctx.principal.office_code
    expected = counter.scalar(sa.select(sa.func.count()).where(MarketEntity.office_code == ctx_office))
    wait_list(qtbot, w.search.model)
    assert w.search.model.rowCount() == expected > 0
    assert w.search.count_label.text() == f"共 {expected:,} 条"
    assert not w.search.office.isEnabled() and w.search.office.count() == 1
    assert not w.search.district.isEnabled()


def test_search_by_code_by_chinese_fragment_and_by_initials(qtbot, screen, counter):
    w = screen("city")
    box, model = w.search.box, w.search.model
    target = counter.entity(MarketEntity.kind_code == "1130", MarketEntity.state == "active")

    box.setFocus()
    qtbot.keyClicks(box, target.uscc.lower())  # any case; Enter searches at once
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert ids_in(qtbot, model) == {target.id}

    box.clear()
    fragment = target.name[2:5]  # after 广州: three characters of the trade name
    type_chinese(box, fragment, preedit="pinyin")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert target.id in ids_in(qtbot, model)
    assert all(fragment in r.name or r.legal_rep == fragment for r in rows_of(qtbot, model))

    box.clear()
    initials = target.name_initials[:5]
    qtbot.keyClicks(box, initials)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert target.id in ids_in(qtbot, model)
    assert all(pinyin.initials(r.name).startswith(initials) for r in rows_of(qtbot, model))

    box.clear()
    type_chinese(box, target.legal_rep)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert target.id in ids_in(qtbot, model)


def test_typing_searches_300_ms_after_the_last_key_not_on_every_key(qtbot, screen, counter):
    w = screen("city")
    target = counter.entity(MarketEntity.state == "active")
    model = w.search.model
    wait_list(qtbot, model)
    before = model.rowCount()
    qtbot.keyClicks(w.search.box, target.uscc)
    assert model.rowCount() == before  # nothing yet: the clerk may still be typing
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=2000)


def test_filters_narrow_the_list_in_sql(qtbot, screen, counter):
    w = screen("city")
    s = w.search
    s.state.setCurrentIndex(s.state.findData("revoked"))
    n_revoked = counter.scalar(sa.select(sa.func.count()).where(MarketEntity.state == "revoked"))
    wait_list(qtbot, s.model)
    assert s.model.rowCount() == n_revoked > 0
    s.district.setCurrentIndex(s.district.findData(TIANHE))
    assert s.office.isEnabled() and s.office.count() > 1
    assert all(r.district_code == TIANHE for r in rows_of(qtbot, s.model))
    s.date_from.setDate(s.date_from.date().addYears(-60))
    s.date_on.setChecked(True)
    year = dt.date.today().year - 3
    s.date_from.setDate(s.date_from.date().fromString(f"{year}-01-01", "yyyy-MM-dd"))
    assert all(r.established_on >= dt.date(year, 1, 1) for r in rows_of(qtbot, s.model))
    s.clear_filters()
    wait_list(qtbot, s.model)
    assert s.model.rowCount() == ENTITIES


def test_header_click_sorts_in_sql_and_unsortable_columns_keep_the_order(qtbot, screen):
    w = screen("city")
    table, model = w.search.table, w.search.model
    header = table.horizontalHeader()

    def click(col):
        x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))

    keys = [pinyin.sort_key(r.name) for r in rows_of(qtbot, model, 50)]
    assert model.sort_name == "name" and keys == sorted(keys)
    click(COL_EST)
    assert model.sort_name == "established_on"
    dates = [r.established_on for r in rows_of(qtbot, model, 300)]
    assert dates == sorted(dates)
    click(COL_EST)
    assert model.descending
    wait_list(qtbot, model)
    model.entity_row(ENTITIES - 1)
    qtbot.waitUntil(lambda: model.entity_row(0) is not None and model.entity_row(ENTITIES - 1) is not None)
    assert model.entity_row(0).established_on >= model.entity_row(ENTITIES - 1).established_on
    fetches = model.fetches
    click(COL_KIND)  # no index for this order: nothing changes, the indicator stays honest
    assert model.sort_name == "established_on" and header.sortIndicatorSection() == COL_EST
    assert model.fetches == fetches  # and nothing is read again
    click(COL_USCC)
    codes_ = [r.uscc for r in rows_of(qtbot, model, 100)]
    assert codes_ == sorted(codes_)


def test_dragging_the_scroll_bar_anywhere_reads_only_the_pages_on_screen(qtbot, screen):
    w = screen("city")
    table, model = w.search.table, w.search.model
    wait_list(qtbot, model)
    bar = table.verticalScrollBar()
    for fraction in (0.5, 0.93, 0.07, 1.0, 0.31):
        fetched = model.fetches
        bar.setValue(int(bar.maximum() * fraction))  # (the time it takes: tests/bench/bench_gui.py)
        table.viewport().repaint()
        top = table.rowAt(0)
        qtbot.waitUntil(lambda: model.entity_row(top) is not None)
        assert model.fetches - fetched <= 2  # only the pages on screen were read
    assert len(model._pages) <= 64


@pytest.fixture
def spare_readers():
    """Threads enough for the reads a test holds back plus the ones it waits for, on any machine."""
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    before = pool.maxThreadCount()
    pool.setMaxThreadCount(max(before, 4))
    yield
    pool.setMaxThreadCount(before)


@pytest.mark.usefixtures("spare_readers")
def test_rows_not_read_yet_show_a_placeholder_and_their_page_is_asked_for_once(qtbot, screen, monkeypatch):
    release = threading.Event()
    real = RegisterList.page

    def slow(self, session, offset, limit):
        if offset:  # every page but the first waits until the test lets it go
            release.wait(10)
        return real(self, session, offset, limit)

    monkeypatch.setattr(RegisterList, "page", slow)
    w = screen("city")
    table, model = w.search.table, w.search.model
    try:
        qtbot.waitUntil(lambda: model.counted and model.entity_row(0) is not None, timeout=10_000)
        bar = table.verticalScrollBar()
        fetched = model.fetches
        bar.setValue(bar.maximum() // 2)
        for _ in range(3):  # painted again and again while the page is on its way
            table.viewport().repaint()
        top = table.rowAt(0)
        assert model.data(model.index(top, COL_NAME)) == PLACEHOLDER and model.entity_row(top) is None
        assert 1 <= model.fetches - fetched <= 2  # one request per page on screen, however often painted
    finally:
        release.set()
    qtbot.waitUntil(lambda: model.entity_row(top) is not None)
    assert model.data(model.index(top, COL_NAME)) == model.entity_row(top).name


@pytest.mark.usefixtures("spare_readers")
def test_the_first_page_shows_while_a_slow_count_is_still_running(qtbot, screen, monkeypatch):
    release = threading.Event()
    real = RegisterList.count

    def slow(self, session):
        release.wait(10)
        return real(self, session)

    monkeypatch.setattr(RegisterList, "count", slow)
    w = screen("city")
    model, label = w.search.model, w.search.count_label
    try:
        qtbot.waitUntil(lambda: model.rowCount() == PAGE_SIZE and model.entity_row(0) is not None)
        assert model.counting and label.text() == "正在统计…"
        assert model.data(model.index(0, COL_NAME)) == model.entity_row(0).name
    finally:
        release.set()
    qtbot.waitUntil(lambda: model.counted and model.rowCount() == ENTITIES)
    assert label.text() == f"共 {ENTITIES:,} 条"


@pytest.mark.usefixtures("spare_readers")
def test_an_answer_to_a_replaced_search_is_dropped(qtbot, screen, monkeypatch):
    release = threading.Event()
    real = RegisterList.page

    def slow(self, session, offset, limit):
        if self.filter.text == "zzqxw":
            release.wait(10)
        return real(self, session, offset, limit)

    monkeypatch.setattr(RegisterList, "page", slow)
    w = screen("city")
    s = w.search
    wait_list(qtbot, s.model)
    try:
        s.box.setText("zzqxw")  # nothing has these initials: its empty page must not land
        s.run_search()
        s.box.setText("")
        s.run_search()
        wait_list(qtbot, s.model)
    finally:
        release.set()
    wait_for_tasks(qtbot)
    assert s.model.rowCount() == ENTITIES and s.model.entity_row(0) is not None
    assert not s.empty_label.isVisible()


def test_a_write_reads_the_list_again_without_jumping_to_the_top(qtbot, screen):
    w = screen("city")
    table, model = w.search.table, w.search.model
    wait_list(qtbot, model)
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    table.viewport().repaint()
    top = table.rowAt(0)
    qtbot.waitUntil(lambda: model.entity_row(top) is not None)
    resets, fetched, position = [], model.fetches, bar.value()
    model.modelReset.connect(lambda: resets.append(1))
    w.ctx.changes.notify({"entities"})
    qtbot.waitUntil(lambda: model.fetches > fetched and model.settled)
    assert not resets and bar.value() == position and model.rowCount() == ENTITIES
    assert model.entity_row(top) is not None


def test_a_search_without_hits_says_nothing_was_found_and_what_was_searched(qtbot, screen):
    w = screen("city")
    s = w.search
    s.state.setCurrentIndex(s.state.findData("revoked"))
    s.box.setText("zzqxw")
    s.run_search()
    wait_list(qtbot, s.model)
    assert s.model.rowCount() == 0
    assert s.empty_label.isVisible()
    text = s.empty_label.text()
    assert text.startswith("未找到") and "“zzqxw”" in text and s.state.currentText() in text, text
    s.box.setText("")
    s.run_search()
    wait_list(qtbot, s.model)
    assert s.model.rowCount() > 0 and not s.empty_label.isVisible()


def test_the_name_column_is_not_squeezed_in_a_1280_by_800_window(qtbot, make_main_window):
    window = make_main_window("clerk")
    window.resize(1280, 800)
    search = window.open_area("registration.search").search
    wait_list(qtbot, search.model)
    QApplication.processEvents()
    table = search.table
    fm = table.fontMetrics()
    assert table.columnWidth(COL_NAME) >= fm.horizontalAdvance(COMPANY["name"])
    assert table.columnWidth(COL_USCC) >= fm.horizontalAdvance("91440106MA5CKL2R7A")
    header_fm = table.horizontalHeader().fontMetrics()
    for col in range(search.model.columnCount()):  # no header cut to a few characters either
        title = search.model.headerData(col, Qt.Orientation.Horizontal)
        assert table.columnWidth(col) >= header_fm.horizontalAdvance(title), title


def test_hostile_text_in_the_search_box_never_raises(qtbot, screen):
    w = screen("city")
    box = w.search.box
    for text in HOSTILE:
        box.clear()
        type_chinese(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert len(box.text()) <= 100
        w.search.model.rowCount()
        w.search.table.viewport().repaint()
        wait_list(qtbot, w.search.model)
        assert not w.search.model.error, (text, w.search.model.error)
        box.setText(text)
        w.search.run_search()
    qtbot.wait(350)  # the debounce timer fires too, with the last text
    wait_list(qtbot, w.search.model)
    assert not w.search.model.error


def test_enter_or_double_click_opens_the_detail_with_items_history_and_actions(qtbot, screen, counter):
    w = screen("clerk")
    table, model = w.search.table, w.search.model
    row = rows_of(qtbot, model, 1)[0]
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert w.tabs.count() == 2
    detail = w.tabs.currentWidget()
    assert isinstance(detail, EntityDetailWidget)
    loaded(qtbot, detail)
    assert w.tabs.tabText(1) == (row.name if len(row.name) <= 16 else row.name[:15] + "…")
    assert detail.entity_id == row.id and detail.name_label.text() == row.name
    assert detail.events_model.rowCount() >= 1
    # the same entity again: the same tab
    rect = table.visualRect(model.index(0, COL_NAME))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.tabs.count() == 2
    # a clerk registers; revocation is the office head's
    assert detail.change_button.isVisible() and detail.deregister_button.isVisible()
    assert not detail.revoke_button.isVisible()


def test_state_refusal_is_the_tooltip_of_a_disabled_action(qtbot, screen, counter):
    w = screen("clerk")
    gone = counter.entity(MarketEntity.office_code == w.ctx.principal.office_code,
                          MarketEntity.state == "deregistered")
    detail = loaded(qtbot, w.open_entity(gone.id))
    assert not detail.change_button.isEnabled()
    assert detail.change_button.toolTip() == refusal(EntityState.DEREGISTERED, "change")
    assert not detail.print_button.isEnabled()
    assert "注销" in detail.state_label.text()


def test_detail_model_testers(qtbot, qtmodeltester, screen, counter):
    w = screen("clerk")
    detail = loaded(qtbot, w.open_entity(active_in(counter, w.ctx).id))
    qtmodeltester.check(detail.events_model)
    qtmodeltester.check(detail.apps_model)


# ------------------------------------------------------------------------ the form


@pytest.fixture
def form(qtbot, counter):
    def make(username: str = "clerk", change=None) -> ApplicationForm:
        f = ApplicationForm(counter.context(username), change=change)
        qtbot.addWidget(f)
        f.resize(900, 1000)
        show_active(qtbot, f)
        return f

    return make


COMPANY = {
    "name": "广州市天河区瑞澜贸易有限公司",
    "legal_rep": "张晓明",
    "legal_rep_id_no": "11010519491231002X",
    "address": "广州市天河区天河路385号1201室",
    "capital_wan": "500",
    "business_scope": "日用百货销售；五金产品零售；电子产品销售",
}


def enter(qtbot, f: ApplicationForm, key: str, text: str) -> None:
    """Type into a field as a clerk does (Chinese through the IME), then Enter moves on (and
    for the name, wait for the district's names to have been checked)."""
    box = f.fields[key]
    box.editor.setFocus()
    if text.isascii():
        qtbot.keyClicks(box.editor, text)
    else:
        type_chinese(box.editor, text, preedit="pin")
    if key == "name":
        with qtbot.waitSignal(f.name_checked, timeout=10_000):
            qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(box.editor, Qt.Key.Key_Return)


def submit(qtbot, f: ApplicationForm):
    """Submit and wait for the outcome (the form has shown it by then)."""
    with qtbot.waitSignal(f.answered, timeout=10_000) as answer:
        assert f.submit() is not None, messages(f)
    return answer.args[0]


def messages(f: ApplicationForm) -> dict[str, str]:
    return {k: b.message.text() for k, b in f.fields.items() if b.level}


def fill(qtbot, f: ApplicationForm, values: dict[str, str]) -> None:
    for key, text in values.items():
        enter(qtbot, f, key, text)


def test_establishment_typed_at_the_keyboard_is_accepted_and_the_form_resets(qtbot, form, counter):
    f = form()
    assert f.fields["kind_code"].editor.hasFocus()
    fill(qtbot, f, COMPANY)
    for key, text in COMPANY.items():
        assert f.fields[key].text() == text
        assert f.fields[key].level == "", (key, f.fields[key].message.text())
    assert f.scope_counter.text().endswith(f"{len(COMPANY['business_scope'])}/1000</span>")
    assert f.has_unsaved_work()
    with qtbot.waitSignal(f.answered, timeout=10_000):
        qtbot.keyClick(f.fields["phone"].editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not f.submit_button.isEnabled()  # while the writer has it
    assert f.banner.isVisible() and "受理号" in f.banner.text.text()
    app = counter.scalar(sa.select(RegApplication).where(RegApplication.title == COMPANY["name"]))
    assert app is not None and app.app_no in f.banner.text.text()
    assert app.payload["items"]["capital_wan"] == "500"
    assert not f.body.isEnabled() and not f.has_unsaved_work()
    qtbot.mouseClick(f.banner.next_button, Qt.MouseButton.LeftButton)
    assert f.body.isEnabled() and f.fields["name"].text() == "" and not f.banner.isVisible()


def test_enter_moves_to_the_next_field(qtbot, form):
    f = form()
    enter(qtbot, f, "name", COMPANY["name"])
    assert f.fields["legal_rep"].editor.hasFocus()
    enter(qtbot, f, "legal_rep", "张晓明")
    assert f.fields["legal_rep_id_no"].editor.hasFocus()


def test_a_field_is_judged_when_committed_not_while_the_ime_composes(qtbot, form):
    f = form()
    box = f.fields["legal_rep"]
    box.editor.setFocus()
    type_chinese(box.editor, "", preedit="zhang")  # composing: nothing committed
    assert box.level == ""
    type_chinese(box.editor, "张")
    assert box.level == ""  # not judged on a keystroke
    qtbot.keyClick(box.editor, Qt.Key.Key_Return)
    assert box.level == "error" and "至少2个字" in box.message.text()


@pytest.mark.parametrize("key, text, expected", [
    ("legal_rep_id_no", "110105194912310021", "校验"),  # check character wrong
    ("legal_rep_id_no", "11010519490230" + "0012", "出生日期"),  # 30 February, check fixed below
    ("capital_wan", "-5", "注册资本（万元）应大于0"),  # a sign, not "应为数字"
    ("capital_wan", "0", "注册资本（万元）应大于0"),
    ("capital_wan", "99999999999", "请确认单位是否为万元"),
    ("address", "广" * 10_000, "不得超过200个字，现为10000个字"),
    ("name", "名" * 10_000, "名称"),
])
def test_bad_input_shows_the_rule_at_the_field_and_keeps_the_text(qtbot, form, counter, key, text, expected):
    if text.startswith("11010519490230"):
        text = text[:17] + codes.resident_id_check_char(text[:17])
    f = form()
    fill(qtbot, f, {k: v for k, v in COMPANY.items() if k != key})
    box = f.fields[key]
    box.set_text(text)
    box.committed.emit()
    assert box.level == "error"
    assert expected in box.message.text(), box.message.text()
    assert box.message.isVisible()
    before = counter.scalar(sa.select(sa.func.count()).select_from(RegApplication))
    f.submit()
    assert box.text() == text  # nothing typed is lost
    assert box.level == "error" and f.banner.isVisible()
    assert counter.scalar(sa.select(sa.func.count()).select_from(RegApplication)) == before


def test_individual_business_changes_labels_and_items(qtbot, form):
    f = form()
    kind = f.fields["kind_code"].editor
    kind.setCurrentIndex(kind.findData("9600"))
    assert f.labels["legal_rep"].text().endswith("经营者")
    assert f.labels["address"].text().endswith("经营场所")
    assert f.form.isRowVisible(f._rows["composition_form"])
    assert not f.form.isRowVisible(f._rows["term_end"])
    assert "*" not in f.labels["capital_wan"].text()  # no amount is required of a 个体工商户
    kind.setCurrentIndex(kind.findData("1130"))
    assert f.labels["legal_rep"].text().endswith("法定代表人")
    assert "*" in f.labels["capital_wan"].text()
    assert not f.form.isRowVisible(f._rows["composition_form"])


def test_individual_business_is_accepted(qtbot, form, counter):
    f = form()
    kind = f.fields["kind_code"].editor
    kind.setFocus()
    kind.setCurrentIndex(kind.findData("9600"))
    fill(qtbot, f, {"name": "广州市天河区晓明便利店", "legal_rep": "李晓明",
                    "legal_rep_id_no": "440106198503120031",
                    "address": "广州市天河区棠下村西约大街12号首层",
                    "business_scope": "日用百货零售；预包装食品零售"})
    f.fields["composition_form"].set_text("家庭经营")
    outcome = submit(qtbot, f)
    assert outcome.ok, messages(f) or outcome.message
    app = counter.scalar(sa.select(RegApplication).where(RegApplication.id == outcome.result["subject_id"]))
    assert app.payload["items"]["composition_form"] == "家庭经营"


def _similar_name(counter) -> tuple[str, str]:
    """(an existing active name in 天河, a new name confusingly similar to it)."""
    with counter.session_factory() as s:
        names = s.scalars(sa.select(MarketEntity.name).where(
            MarketEntity.district_code == TIANHE, MarketEntity.state == "active",
            MarketEntity.kind_code.in_(("1130", "1151")), MarketEntity.name.like("广州%有限公司"),
            sa.not_(MarketEntity.name.like("广州市%")))).all()
        for name in names:
            candidate = "广州市天河区" + name[2:]
            verdict = compare_name(s, candidate, TIANHE)
            if verdict.similar and not verdict.refused:
                return name, candidate
    pytest.fail("the demo register (seed 2026) has no similar-name pair: the demo generator changed")


def test_identical_name_is_red_similar_name_is_amber_and_needs_confirmation(qtbot, form, counter):
    existing, similar = _similar_name(counter)
    f = form()
    enter(qtbot, f, "name", existing)
    assert f.fields["name"].level == "error" and "相同" in f.fields["name"].message.text()
    f.fields["name"].editor.clear()
    enter(qtbot, f, "name", similar)
    assert f.fields["name"].level == "warning" and "近似" in f.fields["name"].message.text()
    assert f.similar_confirm.isVisible() and not f.similar_confirm.isChecked()
    fill(qtbot, f, {k: v for k, v in COMPANY.items() if k != "name"})
    outcome = submit(qtbot, f)
    assert not outcome.ok and f.fields["name"].level == "warning"
    assert f.fields["name"].text() == similar
    f.similar_confirm.setChecked(True)
    outcome = submit(qtbot, f)
    assert outcome.ok, outcome.message


def test_a_refusal_from_the_centre_lands_at_the_field_it_names(qtbot, form, counter):
    existing, similar = _similar_name(counter)
    f = form()
    for key, text in {**COMPANY, "name": similar}.items():
        f.fields[key].set_text(text)  # never committed: the form has not checked the name
    outcome = submit(qtbot, f)
    assert outcome.status == "rejected" and outcome.errors[0].field == "name"
    assert "近似" in f.fields["name"].message.text()
    assert f.similar_confirm.isVisible()
    assert all(f.fields[k].text() == v for k, v in {**COMPANY, "name": similar}.items())


def test_a_name_checked_offline_says_it_was_checked_against_this_office_only(qtbot, counter):
    """The name check asks the centre (wide); when only the replica answered, the form says so."""
    ctx = counter.context("clerk")
    replica = SessionRunner(counter.session_factory)
    offline = Reads(replica, replica, online=lambda: False)
    ctx = AppContext(reads=offline, bus=counter.bus, settings=counter.settings,
                     database_label="test", principal=ctx.principal)
    f = ApplicationForm(ctx)
    qtbot.addWidget(f)
    show_active(qtbot, f)
    enter(qtbot, f, "name", COMPANY["name"])
    assert f.fields["name"].level == "warning"
    assert "已按本所数据检查" in f.fields["name"].message.text()


def test_business_scope_counter_counts_live(qtbot, form):
    f = form()
    scope = f.fields["business_scope"].editor
    scope.setFocus()
    type_chinese(scope, "经营" * 501)
    assert "1002/1000" in f.scope_counter.text() and "#c62828" in f.scope_counter.text()
    f.fields["name"].editor.setFocus()
    assert f.fields["business_scope"].level == "error"


def test_change_application_offers_only_changeable_items_and_sends_only_the_changes(qtbot, screen, counter):
    w = screen("clerk")
    target = active_in(counter, w.ctx, MarketEntity.kind_code == "1130")
    detail = loaded(qtbot, w.open_entity(target.id))
    qtbot.mouseClick(detail.change_button, Qt.MouseButton.LeftButton)
    f = w.tabs.currentWidget()
    assert isinstance(f, ApplicationForm) and f.change is not None
    assert f.fields["name"].text() == target.name
    assert not f.fields["kind_code"].editor.isEnabled()
    assert f.fields["industry_code"].editor.isEnabled() is False
    assert not f.fields["address"].editor.isReadOnly()
    f.fields["address"].editor.clear()
    enter(qtbot, f, "address", "广州市天河区体育西路191号中石化大厦B座2001")
    outcome = submit(qtbot, f)
    assert outcome.ok, outcome.message
    app = counter.scalar(sa.select(RegApplication).where(RegApplication.id == outcome.result["subject_id"]))
    assert app.kind == "change" and set(app.payload["items"]) == {"address"}
    assert app.payload["before"]["address"] == target.address
    # the detail learns of the open application: no second change while it waits
    qtbot.waitUntil(lambda: not detail.change_button.isEnabled())
    assert app.app_no in detail.change_button.toolTip()


def test_deregistration_reason_dialog_keeps_the_text_until_the_reason_is_enough(qtbot, screen, counter):
    w = screen("clerk")
    target = active_in(counter, w.ctx)
    detail = loaded(qtbot, w.open_entity(target.id))
    detail.request_deregistration()
    dialog = detail.dialog
    type_chinese(dialog.reason.editor, "歇业")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.ok_button.isEnabled()  # while the writer has it
    qtbot.waitUntil(lambda: not dialog.writing)
    assert dialog.isVisible() and "至少4个字" in dialog.reason.message.text()
    assert dialog.reason.text() == "歇业" and dialog.ok_button.isEnabled()
    type_chinese(dialog.reason.editor, "，股东会决议解散")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.writing)
    assert not dialog.isVisible() and dialog.outcome.ok
    assert dialog.outcome.result["app_no"] in detail.message.text()


def test_office_head_revokes_with_decision_number(qtbot, screen, counter):
    w = screen("head")
    target = active_in(counter, w.ctx)
    detail = loaded(qtbot, w.open_entity(target.id))
    assert detail.revoke_button.isVisible() and detail.revoke_button.isEnabled()
    detail.request_revocation()
    dialog = detail.dialog
    type_chinese(dialog.reason.editor, "通过登记的住所无法联系且逾期未改正")
    type_chinese(dialog.decision_no.editor, "穗天市监罚〔2026〕18号")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    assert dialog.outcome.ok, dialog.outcome.message
    qtbot.waitUntil(lambda: "吊销" in detail.state_label.text())
    assert "住所无法联系" in detail.state_label.text()
    assert not detail.revoke_button.isEnabled()
    assert detail.revoke_button.toolTip() == refusal(EntityState.REVOKED, "revoke")
    assert "穗天市监罚〔2026〕18号" in detail.events_model.record(0).summary


# ------------------------------------------------------------------------ review


def submit_company(ctx, name: str = COMPANY["name"]):
    from client.kernel.types import new_id
    from client.registration.commands import SubmitEstablishment

    outcome = ctx.bus.dispatch(SubmitEstablishment(
        user_id=ctx.principal.user_id, application_id=new_id(), items={**COMPANY, "kind_code": "1130",
                                                                      "name": name}))
    assert outcome.ok, outcome.message
    return outcome


@pytest.fixture
def queue(qtbot, counter):
    def make(username: str = "reviewer") -> ReviewQueueWidget:
        q = ReviewQueueWidget(counter.context(username))
        qtbot.addWidget(q)
        q.resize(1300, 700)
        q.show()
        qtbot.waitUntil(lambda: not q.loading, timeout=10_000)
        return q

    return make


def decide(qtbot, q: ReviewQueueWidget, action):
    """Approve or reject and wait for the outcome (the queue has shown it by then)."""
    with qtbot.waitSignal(q.decided, timeout=10_000) as answer:
        assert action() is not None
        assert not q.approve_button.isEnabled() and not q.reject_button.isEnabled()
    return answer.args[0]


def test_queue_refreshes_when_a_clerk_submits_and_passes_the_model_tester(qtbot, qtmodeltester, queue, counter):
    q = queue()
    n = q.model.rowCount()
    submit_company(counter.context("clerk"))
    qtbot.waitUntil(lambda: q.model.rowCount() == n + 1)  # the bus said "applications" changed
    qtmodeltester.check(q.model)
    q.select_row(q.model.rowCount() - 1)
    assert COMPANY["name"] in q.heading.text()
    texts = {q.items.item(r, 1).text() for r in range(q.items.rowCount())}
    assert "500万元" in texts and "长期" in texts


def test_reject_needs_a_reason_of_four_characters(qtbot, queue, counter):
    submit_company(counter.context("clerk"))
    q = queue()
    q.select_row(q.model.rowCount() - 1)
    outcome = decide(qtbot, q, q.reject)
    assert not outcome.ok and "至少4个字" in q.opinion.message.text()
    type_chinese(q.opinion.editor, "经营范围表述不规范，请补正")
    outcome = decide(qtbot, q, q.reject)
    assert outcome.ok
    assert "驳回" in q.result.text() or "Rejected" in q.result.text()


def test_approval_of_a_change_shows_before_and_after(qtbot, queue, counter):
    from client.kernel.types import new_id
    from client.registration.commands import SubmitChange

    clerk = counter.context("clerk")
    target = active_in(counter, clerk)
    out = clerk.bus.dispatch(SubmitChange(user_id=clerk.principal.user_id, application_id=new_id(),
                                          entity_id=target.id, base_version=target.version,
                                          items={"address": "广州市天河区珠江新城华夏路8号"}))
    assert out.ok, out.message
    q = queue()
    q.select_row(q.model.row_of(out.result["subject_id"]))
    assert q.items.columnCount() == 3
    assert q.items.item(0, 1).text() == target.address
    assert q.items.item(0, 2).text() == "广州市天河区珠江新城华夏路8号"
    assert decide(qtbot, q, q.approve).ok


# ------------------------------------------------------------------------ the whole flow


def flow(qtbot, counter, tmp_path, monkeypatch):
    """Clerk types an establishment; reviewer approves; the licence is previewed, printed and saved."""
    clerk, reviewer = counter.context("clerk"), counter.context("reviewer")
    f = ApplicationForm(clerk)
    qtbot.addWidget(f)
    f.show()
    fill(qtbot, f, COMPANY)
    outcome = submit(qtbot, f)
    assert outcome.ok, outcome.message
    app_no = outcome.result["app_no"]
    assert app_no in f.banner.text.text()

    q = ReviewQueueWidget(reviewer)
    qtbot.addWidget(q)
    q.show()
    qtbot.waitUntil(lambda: not q.loading, timeout=10_000)
    row = next(i for i in range(q.model.rowCount()) if q.model.record(i).app_no == app_no)
    q.select_row(row)
    type_chinese(q.opinion.editor, "材料齐全，准予登记")
    decision = decide(qtbot, q, q.approve)
    assert decision.ok, decision.message
    uscc = decision.result["uscc"]
    assert codes.validate_uscc(uscc) and uscc[:8] == "91" + TIANHE
    assert uscc in q.result.text()
    qtbot.waitUntil(lambda: q.model.row_of(outcome.result["subject_id"]) is None)  # left the queue

    q.open_licence()
    dialog: LicenceDialog = q.licence_dialog
    qtbot.addWidget(dialog)

    def previewed():
        return (dialog.data is not None and not dialog.rendering
                and dialog.document.status() == QPdfDocument.Status.Ready)

    qtbot.waitUntil(previewed, timeout=10_000)
    text = subprocess.run(["pdftotext", "-", "-"], input=dialog.pdf_bytes, capture_output=True,
                          check=True).stdout.decode()
    assert COMPANY["name"] in text and uscc in text
    assert dialog.document.pageCount() == 1
    size = dialog.document.pagePointSize(0)
    assert round(size.width()) == 1191 and round(size.height()) == 842  # A3 landscape

    dialog.duplicate.setChecked(True)
    dialog.preprinted.setChecked(True)
    assert dialog.rendering and not dialog.print_button.isEnabled()  # no printing of the old choice
    qtbot.waitUntil(previewed, timeout=10_000)
    assert round(dialog.document.pagePointSize(0).width()) == 842  # A4 landscape
    preprinted = subprocess.run(["pdftotext", "-", "-"], input=dialog.pdf_bytes, capture_output=True,
                                check=True).stdout.decode()
    assert uscc in preprinted and "营业执照" not in preprinted  # the paper carries the title

    printed = tmp_path / "printed.pdf"

    def pdf_printer():
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(printed))
        return p

    monkeypatch.setattr(dialog, "_choose_printer", pdf_printer)
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        assert dialog.print_licence()
    assert recorded.args[0].ok
    assert printed.stat().st_size > 10_000
    saved = tmp_path / "licence.pdf"
    monkeypatch.setattr(dialog, "_choose_save_path", lambda: str(saved))
    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        assert dialog.save_pdf()
    assert recorded.args[0].ok
    assert saved.read_bytes() == dialog.pdf_bytes

    with counter.session_factory() as s:
        entity = s.scalar(sa.select(MarketEntity).where(MarketEntity.uscc == uscc))
        kinds = s.scalars(sa.select(EntityEvent.summary).where(EntityEvent.entity_id == entity.id)).all()
    assert entity.name == COMPANY["name"] and entity.capital_wan == 500
    assert sum("打印营业执照副本（套打）" in k for k in kinds) == 2
    return entity


def test_submit_approve_print_on_sqlite(qtbot, counter, tmp_path, monkeypatch):
    entity = flow(qtbot, counter, tmp_path, monkeypatch)
    w = RegisterScreen(counter.context("clerk"))
    qtbot.addWidget(w)
    type_chinese(w.search.box, "瑞澜")
    w.search.run_search()
    assert ids_in(qtbot, w.search.model) == {entity.id}


def test_submit_approve_print_on_postgresql(qtbot, pg_url, tmp_path, monkeypatch):
    from client.demo import populate

    populate(pg_url, entities=400)
    c = Counter(pg_url)
    try:
        entity = flow(qtbot, c, tmp_path, monkeypatch)
        w = RegisterScreen(c.context("clerk"))
        qtbot.addWidget(w)
        type_chinese(w.search.box, "瑞澜贸易")
        w.search.run_search()
        assert ids_in(qtbot, w.search.model) == {entity.id}
        for text in HOSTILE:
            w.search.box.setText(text)
            w.search.run_search()
            w.search.table.viewport().repaint()
            wait_list(qtbot, w.search.model)
            assert not w.search.model.error, (text, w.search.model.error)
        wait_for_tasks(qtbot)
    finally:
        c.engine.dispose()


# ------------------------------------------------------------------------ the rail


def test_areas_follow_roles(make_main_window):
    clerk = make_main_window("clerk")
    keys = clerk.area_keys()
    assert "registration.search" in keys and "registration.establish" in keys
    assert "registration.review" not in keys
    titles = clerk.area_titles()
    assert titles["registration.search"] == "主体查询" and titles["registration.establish"] == "设立登记"
    reviewer = make_main_window("reviewer")
    assert "registration.review" in reviewer.area_keys()
    assert reviewer.area_titles()["registration.review"] == "审核"
    assert isinstance(reviewer.open_area("registration.review"), ReviewQueueWidget)
    assert isinstance(clerk.open_area("registration.search"), RegisterScreen)
    QApplication.processEvents()


# ------------------------------------------------------------------------ on a workstation


def test_numbers_the_centre_assigned_replace_pending_after_a_pull(qtbot, tmp_path):
    """An office workstation: the clerk's application and the reviewer's approval are applied
    locally with 待分配; once pushed, applied and pulled back, the form's banner shows the 受理号,
    the approval banner and the entity's detail the credit code."""
    from client.kernel.models import AppUser
    from client.kernel.registry import registry
    from client.kernel.roles import parse_roles
    from client.kernel.roles import Principal
    from tests.integration.sync_helpers import workstation
    from tests.integration.conftest import make_central as _make_central

    central = _make_central(f"sqlite:///{tmp_path / 'central.db'}")
    pulled_tags = registry().change_tags({"reg_application", "market_entity", "entity_event"})
    stations = []

    def station(name: str, user: str) -> tuple:
        ws = workstation(central, tmp_path, name, user=user)
        stations.append(ws)
        with ws.store.sessions() as s:
            u = s.get(AppUser, central.users[user])
            principal = Principal(u.id, u.username, u.full_name, parse_roles(u.roles), u.office_code,
                                  u.district_code)
        return ws, AppContext(reads=Reads(SessionRunner(ws.store.sessions)), bus=ws.bus, settings=Settings(),
                              database_label="本机副本", principal=principal, device_id=ws.device_id)

    def synchronise(ws, ctx) -> None:
        wait_for_tasks(qtbot)  # the screens' own reads first: the test drives the sync itself
        ws.sync()
        assert ws.store.pending_count() == 0
        ctx.changes.notify(pulled_tags)  # as the sync worker does after a pull

    try:
        counter_ws, clerk = station("counter", "clerk")
        f = ApplicationForm(clerk)
        qtbot.addWidget(f)
        f.show()
        fill(qtbot, f, COMPANY)
        outcome = submit(qtbot, f)
        assert outcome.ok and outcome.result["app_no"] is None, outcome
        assert "受理号：待分配" in f.banner.text.text()

        synchronise(counter_ws, clerk)
        app_no = central_value(central, RegApplication.app_no, RegApplication.id == outcome.result["subject_id"])
        assert app_no
        qtbot.waitUntil(lambda: app_no in f.banner.text.text(), timeout=10_000)
        assert "待分配" not in f.banner.text.text()

        review_ws, reviewer = station("review", "reviewer")
        q = ReviewQueueWidget(reviewer)
        qtbot.addWidget(q)
        q.show()
        qtbot.waitUntil(lambda: not q.loading and q.model.row_of(outcome.result["subject_id"]) is not None)
        q.select_row(q.model.row_of(outcome.result["subject_id"]))
        decision = decide(qtbot, q, q.approve)
        assert decision.ok and decision.result["uscc"] is None, decision
        assert "统一社会信用代码：待分配" in q.result.text()
        detail = EntityDetailWidget(reviewer, decision.result["entity_id"])
        qtbot.addWidget(detail)
        loaded(qtbot, detail)
        assert "待分配" in detail.code_label.text()

        synchronise(review_ws, reviewer)
        uscc = central_value(central, MarketEntity.uscc, MarketEntity.id == decision.result["entity_id"])
        assert uscc
        qtbot.waitUntil(lambda: uscc in q.result.text(), timeout=10_000)
        assert "待分配" not in q.result.text() and app_no in q.result.text()
        qtbot.waitUntil(lambda: uscc in detail.code_label.text(), timeout=10_000)
    finally:
        wait_for_tasks(qtbot)
        for ws in stations:
            ws.store.dispose()
        central.dispose()


def central_value(central, column, *where):
    with central.sessions() as s:
        return s.scalar(sa.select(column).where(*where))
