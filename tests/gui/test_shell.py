"""The shell: login, the main window and its rail, status bar, idle lock, settings, start-up,
and the Chinese translation being complete. Real widgets, real SQLite demo databases; signing in
goes through the embedded centre of main.py (uvicorn on a thread, real HTTP on 127.0.0.1), as in
the program."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from client.kernel import reference
from client.kernel.roles import Role
from client.kernel.auth import SIGN_IN_REFUSED
from client.kernel.users import DEMO_PASSWORD
from client.settings import Settings
from sync.link import CentreLink
from tests.gui.conftest import type_chinese
from widgets.shell.controller import ShellController
from widgets.shell.login import LoginWindow

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "hongdun_zh_CN.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent


# --- helpers ----------------------------------------------------------------------------------


def sign_in(qtbot, login: LoginWindow, username: str, password: str) -> None:
    login.username.clear()
    login.password.clear()
    qtbot.keyClicks(login.username, username)
    qtbot.keyClick(login.username, Qt.Key.Key_Return)  # Enter moves on to the password
    assert login.password.hasFocus() or not login.isActiveWindow()
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)  # Enter submits
    qtbot.waitUntil(lambda: not login.busy, timeout=10_000)


def make_login(qtbot, link: CentreLink) -> LoginWindow:
    """A login window on its own (sync.signin.sign_in through `link`), without the controller."""
    login = LoginWindow(link)
    qtbot.addWidget(login)
    login.show()
    return login


def shell(embedded, **kwargs) -> ShellController:
    """The controller as main.py makes it when no centre is configured: it starts the embedded
    centre while the login window waits."""
    kwargs.setdefault("idle_timeout_ms", 0)
    return ShellController(Settings(), embedded.link, embedded=embedded, **kwargs)


def signed_in(qtbot, controller: ShellController, username: str):
    """The user's main window, after signing in at the controller's login window (not for qtbot
    to close when the test signs out: signing out deletes it)."""
    if controller.login is None:
        controller.start()
    with qtbot.waitSignal(controller.sig_main_shown, timeout=20_000) as shown:
        sign_in(qtbot, controller.login, username, DEMO_PASSWORD)
    return shown.args[0]


@pytest.fixture
def centre_link(embedded_centre) -> CentreLink:
    """The link of an embedded centre already started (a login window without the controller)."""
    embedded_centre.start()
    return embedded_centre.link


class Scratch(QWidget):
    """An area with a line edit, standing in for a business form."""

    def __init__(self, _ctx=None):
        super().__init__()
        self.edit = QLineEdit(objectName="scratchEdit")
        QVBoxLayout(self).addWidget(self.edit)


# --- login ------------------------------------------------------------------------------------


def test_login_opens_main_window_listing_only_allowed_areas(qtbot, embedded_centre):
    controller = shell(embedded_centre)
    controller.start()
    login = controller.login  # the controller deletes it after the login: not for qtbot to close
    assert login.password.echoMode() == QLineEdit.EchoMode.Password
    with qtbot.waitSignal(controller.sig_main_shown, timeout=10_000) as shown:
        sign_in(qtbot, login, "clerk", DEMO_PASSWORD)
    window = shown.args[0]
    qtbot.addWidget(window)
    assert window.isVisible() and controller.login is None
    assert window.ctx.principal.username == "clerk"
    keys = window.area_keys()
    assert keys[0] == "home" and window.current_area() == "home"
    for key in keys:  # nothing on the rail that the clerk may not open
        roles = window._areas[key].roles
        assert roles is None or roles & window.ctx.principal.roles, key
    hidden = [k for k, a in window._areas.items() if a.roles is not None and not a.roles & {Role.CLERK}]
    assert not set(hidden) & set(keys)
    assert window.rail.titles()[0] == "首页"  # the Chinese translation is loaded


def test_rail_hides_areas_of_other_roles_and_builds_areas_lazily(qtbot, make_main_window):
    window = make_main_window("clerk", register=False)
    built = []

    def factory(ctx):
        built.append(ctx.principal.username)
        return Scratch()

    window.add_area("scratch", "草稿", None, factory, roles={Role.CLERK})
    window.add_area("review", "审核", None, Scratch, roles={Role.REVIEWER})
    window.add_area("everyone", "公共", None, Scratch)
    assert window.area_keys() == ["scratch", "everyone"]
    assert built == []  # nothing is built before it is opened
    widget = window.open_area("scratch")
    assert built == ["clerk"] and window.open_area("scratch") is widget
    assert window.pages.currentWidget() is widget
    with pytest.raises(KeyError):
        window.open_area("review")
    window.rail.list.setCurrentRow(1)  # clicking the rail opens the area
    assert window.current_area() == "everyone"


def test_screens_date_things_by_beijing_at_any_hour(qtbot, any_hour, make_main_window):
    """Home's date, the status bar's clock and the register's date filter say Beijing's date,
    also at 23:30 UTC and 00:30 Beijing time, when the machine's date is another."""
    from client.kernel import clock
    from widgets.common import dates

    today = clock.beijing_date(any_hour)
    window = make_main_window("clerk")
    home = window.open_area("home")
    assert home.subtitle.text().startswith(f"{today.year}年{today.month}月{today.day}日")
    # and greets by Beijing's hour: 07:30 and 00:30 are morning there, 12:00 noon, whatever the
    # machine's own clock says (23:30 UTC would be evening)
    hour = clock.beijing_now().hour
    expected = ("Good morning" if hour < 11 else "Good noon" if hour < 13 else "Good afternoon" if hour < 18
                else "Good evening")
    greeting = home.findChild(QLabel, "homeGreeting").text()
    assert greeting.startswith(QCoreApplication.translate("HomePage", expected)), (hour, greeting)
    qtbot.waitUntil(lambda: window.status.clock.label.text().startswith(f"{today:%Y-%m-%d}"), timeout=3_000)
    search = window.open_area("registration.search").search
    assert dates.to_date(search.date_to.date()) == today
    assert dates.to_date(search.date_from.date()) == today.replace(year=today.year - 1)


def test_wrong_password_and_unknown_user_read_the_same(qtbot, centre_link):
    login = make_login(qtbot, centre_link)
    sign_in(qtbot, login, "nobody", "not-the-password")
    unknown = login.message.text()
    sign_in(qtbot, login, "reviewer", "not-the-password")
    assert login.message.text() == unknown == SIGN_IN_REFUSED
    assert login.password.text() == "" and login.username.text() == "reviewer"


def test_five_failures_lock_the_account_even_for_the_right_password(qtbot, centre_link):
    login = make_login(qtbot, centre_link)
    for _ in range(5):
        sign_in(qtbot, login, "reviewer", "not-the-password")
    assert login.message.text() == SIGN_IN_REFUSED
    with qtbot.assertNotEmitted(login.sig_logged_in):
        sign_in(qtbot, login, "reviewer", DEMO_PASSWORD)
    assert login.message.text() == SIGN_IN_REFUSED


def test_unreachable_centre_is_named_on_the_login_window(qtbot):
    login = make_login(qtbot, CentreLink(["https://127.0.0.1:1"]))  # nothing listens there
    assert login.database_label.text() == "中心 127.0.0.1:1"
    sign_in(qtbot, login, "clerk", DEMO_PASSWORD)
    assert login.message.text().startswith("无法连接中心服务：")
    # and why the offline sign-in cannot stand in: this user never signed in here online
    assert "从未在本机联网登录过" in login.message.text()


def test_a_centre_that_did_not_start_is_named_at_sign_in_at_once(qtbot):
    """The embedded centre failed to start (or main.py found only a server database of the
    direct-connection days): a sign-in says why, without waiting for a centre."""
    link = CentreLink(embedded_database="sqlite:///demo.db")
    link.failed_to_start("内置中心服务未能启动：磁盘已满")
    login = make_login(qtbot, link)
    sign_in(qtbot, login, "clerk", DEMO_PASSWORD)
    assert login.message.text().startswith("无法连接中心服务：内置中心服务未能启动：磁盘已满")
    assert "从未在本机联网登录过" in login.message.text()  # and the offline sign-in cannot stand in


def test_the_login_window_names_the_first_centre_and_lists_the_others(qtbot):
    addresses = ["https://centre1.gz.example:8443", "https://centre2.gz.example:8443"]
    login = make_login(qtbot, CentreLink(addresses))
    assert login.database_label.text() == "中心 centre1.gz.example:8443 (+1)"  # the other: failover
    assert login.database_label.toolTip() == "\n".join(addresses)
    embedded = make_login(qtbot, CentreLink(embedded_database="sqlite:///demo.db"))
    assert embedded.database_label.text() == "内置中心（演示库）"
    assert make_login(qtbot, CentreLink()).database_label.text() == "未配置中心"


def test_tab_order_is_username_password_login(qtbot, embedded_centre):
    from PySide6.QtWidgets import QApplication

    login = make_login(qtbot, embedded_centre.link)
    login.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is login.username)
    order = []
    for _ in range(3):
        order.append(QApplication.focusWidget())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert order == [login.username, login.password, login.login_button]


def test_demo_hint_only_for_the_embedded_demo_database(qtbot, embedded_centre):
    plain = make_login(qtbot, embedded_centre.link)
    plain.set_demo_accounts(["clerk"], DEMO_PASSWORD)
    assert plain.demo_hint.isHidden()
    demo = LoginWindow(embedded_centre.link, show_demo_hint=True)
    qtbot.addWidget(demo)
    demo.set_demo_accounts(["clerk", "reviewer"], DEMO_PASSWORD)
    assert not demo.demo_hint.isHidden() and DEMO_PASSWORD in demo.demo_hint.text()


def test_sign_out_returns_to_the_login_window(qtbot, embedded_centre):
    controller = shell(embedded_centre)
    window = signed_in(qtbot, controller, "head")
    window.sign_out()
    assert controller.login is not None and controller.login.isVisible()
    assert not window.isVisible()
    qtbot.addWidget(controller.login)


# --- main window ------------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "unit"), [
    ("clerk", reference.offices_of("440106")[0].name),
    ("district", "白云分局"),
    ("city", "广州市局"),
])
def test_status_bar_shows_user_unit_and_centre(qtbot, embedded_centre, username, unit):
    window = signed_in(qtbot, shell(embedded_centre), username)
    qtbot.addWidget(window)
    status = window.status
    qtbot.waitUntil(lambda: status.unit.text() == unit, timeout=10_000)
    principal = window.ctx.principal
    assert status.user.text() == f"{principal.full_name}（{principal.role_labels}）"
    assert status.database.text() == window.ctx.database_label
    if username == "clerk":  # office staff work on their office's replica, kept by the sync worker
        assert status.database.text() == "内置中心（演示库） · 本机副本"
        assert status.connection.isHidden()  # the sync cells tell online/offline
        qtbot.waitUntil(lambda: window.workstation_ui.cells.link.text() == "在线", timeout=20_000)
    else:  # bureau users: the centre answers every screen
        assert status.database.text() == "内置中心（演示库）"
        qtbot.waitUntil(lambda: status.connection.text() == "已连接", timeout=10_000)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \S+ \d\d:\d\d", status.clock.text())


@pytest.mark.parametrize(("username", "district"), [("district", "440111"), ("city", None)])
def test_bureau_users_read_the_register_through_the_centre(qtbot, embedded_centre, demo_url, monkeypatch,
                                                           username, district):
    """District and city users have no replica: signed in through the embedded centre, their
    register list is filled by the centre's query API (registration.count and .page over HTTP),
    with exactly the entities of their jurisdiction."""
    from sync.centre_client import CentreClient

    asked = []
    call = CentreClient.call

    def recorded(self, method, path, **kwargs):
        asked.append(path)
        return call(self, method, path, **kwargs)

    monkeypatch.setattr(CentreClient, "call", recorded)
    window = signed_in(qtbot, shell(embedded_centre), username)
    qtbot.addWidget(window)
    assert window.ctx.workstation is None and window.ctx.reads.backend == "centre"
    search = window.open_area("registration.search").search
    qtbot.waitUntil(lambda: search.model.counted and search.model.settled, timeout=20_000)
    expected = _entity_count(demo_url, district)
    assert search.model.rowCount() == expected > 0
    assert search.count_label.text() == f"共 {expected:,} 条"
    model = search.model
    qtbot.waitUntil(lambda: all(model.entity_row(i) is not None for i in range(expected)), timeout=10_000)
    districts = {model.entity_row(i).district_code for i in range(expected)}
    if district:
        assert districts == {district}
    else:
        assert len(districts) > 1  # the whole city
    assert "/api/v1/queries/registration.count" in asked and "/api/v1/queries/registration.page" in asked


def _entity_count(url: str, district: str | None) -> int:
    """The test's own look at the centre's database."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            where = "WHERE district_code = :d" if district else ""
            return conn.scalar(sa.text(f"SELECT count(*) FROM market_entity {where}"), {"d": district})
    finally:
        engine.dispose()


def test_status_bar_reports_a_lost_centre(qtbot, configured_centre):
    """A centre configured by its address (no embedded one: main.py --centre …) goes away and comes
    back; the status bar of a city user, whose every screen asks the centre, says so."""
    controller = ShellController(Settings(), configured_centre.link, idle_timeout_ms=0)
    window = signed_in(qtbot, controller, "city")
    qtbot.addWidget(window)
    status = window.status
    assert status.database.text() == f"中心 {configured_centre.address.removeprefix('http://')}"
    qtbot.waitUntil(lambda: status.connection.text() == "已连接", timeout=10_000)
    qtbot.waitUntil(lambda: status.unit.text() == "广州市局", timeout=10_000)
    configured_centre.stop()
    qtbot.waitUntil(lambda: not status.checking)  # a check already under way is not doubled up
    status.check_connection()  # what the timer does every 10 s
    qtbot.waitUntil(lambda: status.connection.text() == "连接中断", timeout=10_000)
    configured_centre.start()  # back at the same address
    qtbot.waitUntil(lambda: not status.checking)
    status.check_connection()
    qtbot.waitUntil(lambda: status.connection.text() == "已连接", timeout=10_000)


def test_idle_lock_covers_the_window_and_keeps_typed_work(qtbot, embedded_centre, demo_url):
    """Signed in through the centre: unlocking asks the centre again (a wrong password counts
    toward the account's lockout there)."""
    window = signed_in(qtbot, shell(embedded_centre), "clerk")
    qtbot.addWidget(window)
    window.add_area("scratch", "草稿", None, Scratch)
    form = window.open_area("scratch")
    form.edit.setFocus()
    type_chinese(form.edit, "广州华盛", preedit="gzhs")
    assert form.edit.text() == "广州华盛"
    window.idle.set_timeout_ms(300)  # from now on: the sign-in itself is not idle time

    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    lock = window.lock_screen
    assert lock.geometry() == window.rect()  # the whole window, menus and status bar too
    assert not window.centralWidget().isEnabled() and not window.menuBar().isEnabled()

    qtbot.keyClicks(lock.password, "wrong-password")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(lock.message.text()), timeout=10_000)
    assert window.locked and lock.message.text() == SIGN_IN_REFUSED
    assert _failed_logins(demo_url, "clerk") == 1  # counted at the centre, toward the lockout

    qtbot.keyClicks(lock.password, DEMO_PASSWORD)
    with qtbot.waitSignal(lock.sig_unlocked, timeout=10_000):
        qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert not window.locked and window.centralWidget().isEnabled()
    assert form.edit.text() == "广州华盛"  # nothing typed was lost
    assert window.idle.timeout_ms == 300


def _failed_logins(url: str, username: str) -> int:
    engine = sa.create_engine(url)  # the test's own look at the centre's database
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT failed_logins FROM app_user WHERE username = :u"), {"u": username})
    finally:
        engine.dispose()


def test_lock_on_demand_and_idle_timer_restarts_on_input(qtbot, make_main_window):
    window = make_main_window("clerk", idle_timeout_ms=600, register=False)
    window.add_area("scratch", "草稿", None, Scratch)
    form = window.open_area("scratch")
    for _ in range(4):  # keep typing: the lock must not come while someone works
        qtbot.wait(250)
        qtbot.keyClick(form.edit, Qt.Key.Key_A)
    assert not window.locked
    window.lock_action.trigger()
    assert window.locked


# --- settings ---------------------------------------------------------------------------------


def test_settings_dialog_saves_the_centre_its_ca_and_the_offsets(qtbot, gui_env, monkeypatch):
    from tests.tls import make_pki
    from widgets.shell.settings_dialog import SettingsDialog

    monkeypatch.delenv("HONGDUN_CENTRE", raising=False)
    monkeypatch.delenv("HONGDUN_CENTRE_CA", raising=False)
    pki = make_pki(gui_env / "pki")
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    assert dialog.centre_urls.placeholderText() == "留空：使用内置中心及其演示库"
    # a workstation holds no database and no password of one: nothing to type them into
    assert not [e for e in dialog.findChildren(QLineEdit) if e.echoMode() == QLineEdit.EchoMode.Password]
    assert not hasattr(dialog, "database_url")
    # typed with the Chinese comma as well: both separate the addresses, tried in this order
    dialog.centre_urls.setText(" https://centre1.gz.example:8443，https://centre2.gz.example:8443 ")
    dialog.centre_ca.setText(pki.ca)
    dialog.original_x.setValue(1.5)
    dialog.original_y.setValue(-0.8)
    dialog.duplicate_x.stepBy(3)  # three 0.1 mm steps
    dialog.duplicate_y.setValue(-60)  # clamped to the ±50 mm range
    dialog.idle_lock_minutes.setValue(5)
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.restart_needed  # the workbench talks to the new centre after a restart

    saved = Settings.load()
    assert saved.centre_urls == ["https://centre1.gz.example:8443", "https://centre2.gz.example:8443"]
    assert saved.centre_ca_file == pki.ca
    assert saved.resolve_centre() == (saved.centre_urls, pki.ca)  # what main.py will connect to
    assert saved.preprint_offset_original_mm == (1.5, -0.8)
    assert saved.preprint_offset_duplicate_mm == (0.3, -50.0)
    assert saved.idle_lock_minutes == 5
    assert saved.database_url == ""  # no database of the workstation's own

    again = SettingsDialog(saved)  # shown as saved
    qtbot.addWidget(again)
    assert again.centre_urls.text() == "https://centre1.gz.example:8443, https://centre2.gz.example:8443"
    assert again.centre_ca.text() == pki.ca
    again.accept()
    assert again.result() == SettingsDialog.DialogCode.Accepted and not again.restart_needed


def test_settings_dialog_takes_plain_http_only_to_this_computer_and_empty_for_the_embedded_centre(qtbot):
    from widgets.shell.settings_dialog import SettingsDialog

    settings = Settings(centre_urls=["https://centre1.gz.example:8443"])
    for addresses in ("http://127.0.0.1:8000", "http://localhost:8000, http://[::1]:8000", ""):
        dialog = SettingsDialog(settings)
        qtbot.addWidget(dialog)
        dialog.centre_urls.setText(addresses)
        dialog.accept()
        assert dialog.result() == SettingsDialog.DialogCode.Accepted, (addresses, dialog.message.text())
        assert Settings.load().centre_urls == [a.strip() for a in addresses.split(",") if a.strip()]
    assert Settings.load().centre_urls == []  # empty: the embedded centre with its demo database


@pytest.mark.parametrize(("addresses", "ca", "problem"), [
    ("http://centre1.gz.example:8443", "", "中心地址须以 https:// 开头（http:// 仅限本机）"),
    ("https://centre1.gz.example:8443, http://192.168.1.20:8000", "", "中心地址须以 https:// 开头（http:// 仅限本机）"),
    ("centre1.gz.example", "", "中心地址 centre1.gz.example 格式不正确"),
    ("https://centre1.gz.example:port", "", "中心地址 https://centre1.gz.example:port 格式不正确"),
    ("ftp://centre1.gz.example", "", "中心地址须以 https:// 开头（http:// 仅限本机）"),
    ("https://centre1.gz.example:8443", "missing.pem", "根证书文件不存在"),
    ("https://centre1.gz.example:8443", "not-a-certificate.pem", "根证书文件不是 PEM 格式的证书"),
])
def test_settings_dialog_names_the_problem_and_keeps_the_input(qtbot, tmp_path, addresses, ca, problem):
    from widgets.shell.settings_dialog import SettingsDialog

    (tmp_path / "not-a-certificate.pem").write_text("-----BEGIN CERTIFICATE-----\nnonsense\n", encoding="ascii")
    ca_path = str(tmp_path / ca) if ca else ""
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.centre_urls.setText(addresses)
    dialog.centre_ca.setText(ca_path)
    dialog.accept()
    assert dialog.result() != SettingsDialog.DialogCode.Accepted and dialog.isVisible()
    assert dialog.message.text() == problem
    assert dialog.centre_urls.text() == addresses and dialog.centre_ca.text() == ca_path
    assert not (Path(os.environ["HONGDUN_CONFIG_DIR"]) / "settings.json").exists()


# --- first start ------------------------------------------------------------------------------


def _embedded_default():
    """What main.py makes when neither a centre nor a database is configured: the embedded centre
    over the demo database in the user's data directory (not there yet at the first start)."""
    from centre.embedded import Embedded
    from client.settings import default_database_url

    url = default_database_url()
    return Embedded(url, CentreLink(embedded_database=url))


def test_first_start_builds_the_demo_database_with_progress_then_shows_login(qtbot, gui_env):
    from client.settings import default_database_url
    from widgets.common.shots import demo_database

    url = default_database_url()
    assert str(gui_env) in url
    seen = []

    def populate(url, entities, progress):
        for done in range(0, entities + 1, 10):
            progress(done, entities)
        demo_database(url, entities=0)

    embedded = _embedded_default()
    assert embedded.needs_demo_data()
    controller = ShellController(Settings(), embedded.link, embedded=embedded, demo_entities=30, populate=populate)
    try:
        controller.start()
        dialog = controller.setup
        qtbot.addWidget(dialog)
        dialog.bar.valueChanged.connect(seen.append)
        with qtbot.waitSignal(controller.sig_login_shown, timeout=20_000):
            pass
        login = controller.login
        qtbot.addWidget(login)
        assert seen[:4] == [0, 10, 20, 30]  # the bar followed populate's own progress
        assert login.isVisible() and login.database_label.text() == "内置中心（演示库）"
        # the embedded centre started while the login window waited, and offered its demo accounts
        qtbot.waitUntil(lambda: not login.demo_hint.isHidden(), timeout=10_000)
        assert "clerk" in login.demo_hint.text()
        assert [a.split(":")[:2] for a in embedded.link.addresses] == [["http", "//127.0.0.1"]]
    finally:
        embedded.stop()


def test_cancelling_the_demo_database_removes_the_half_built_file(qtbot, gui_env, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from widgets.shell.setup_dialog import SetupDialog

    monkeypatch.setattr(QApplication, "quit", lambda: None)
    embedded = _embedded_default()
    path = embedded.path

    def populate(url, entities, progress):
        path.write_bytes(b"half")
        while True:
            progress(1, 2)
            time.sleep(0.01)

    controller = ShellController(Settings(), embedded.link, embedded=embedded, populate=populate)
    controller.start()
    dialog: SetupDialog = controller.setup
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.bar.maximum() == 2, timeout=5_000)
    with qtbot.waitSignal(dialog.sig_finished, timeout=5_000) as finished:
        dialog.cancel_button.click()
    assert finished.args == [False, ""]
    assert not path.exists() and controller.login is None
    assert embedded.needs_demo_data()  # the next start builds it afresh


# --- Chinese input ----------------------------------------------------------------------------


def test_type_chinese_commits_like_an_input_method(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edited = []
    edit.textEdited.connect(edited.append)
    type_chinese(edit, "张三", preedit="zhangsan")
    assert edit.text() == "张三" and edited == ["张三"]


def test_field_check_judges_committed_text_not_the_pinyin(qtbot):
    from widgets.common.field_check import FieldCheck, chinese_name_problem

    edit = QLineEdit()
    qtbot.addWidget(edit)
    check = FieldCheck(edit, lambda text: chinese_name_problem(text, field="姓名"))
    edit.setFocus()
    type_chinese(edit, "", preedit="zhang")  # composing: nothing committed, nothing judged
    assert edit.property("invalid") is False or edit.property("invalid") is None
    type_chinese(edit, "张三")
    assert edit.property("invalid") is False
    type_chinese(edit, "abc")
    assert edit.property("invalid") is True and edit.toolTip() == "姓名只能包含汉字"
    assert not check.validate()


# --- start-up time ----------------------------------------------------------------------------


@pytest.mark.parametrize("centre", ["embedded", "configured", "old-database"])
def test_the_program_starts_to_its_login_window_and_reports_the_time(demo_url, tmp_path, centre):
    """The real program, started as a process, paints its login window and says how long that
    took (the figure itself is measured by tests/bench/bench_workstation.py, not judged here):
    with its embedded centre over a demo database; with a centre given by its address (the
    window comes before any answer from it: nothing listens at that port); and with only a
    server database of the direct-connection days configured (the window says to configure the
    centre: no workstation connects to a database any more)."""
    env = {**os.environ, "HONGDUN_TIMING": "exit", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HONGDUN_CENTRE", None)
    where = {"embedded": ["--url", demo_url], "configured": ["--centre", "http://127.0.0.1:1"],
             "old-database": ["--url", "postgresql+psycopg://hongdun@127.0.0.1:1/hongdun"]}[centre]
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), *where],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    line = next(l for l in out.stdout.splitlines() if l.startswith("start→login window"))
    print(line)
    assert re.fullmatch(r"start→login window: \d+ ms( \(process start→login window: \d+ ms\))?", line)
    assert ("请在设置中填写中心服务的地址" in out.stderr) == (centre == "old-database")


# --- translations -----------------------------------------------------------------------------


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(ctx.findtext("name"), msg.findtext("source"), msg.find("translation"))
            for ctx in root.iter("context") for msg in ctx.iter("message")]


def test_every_ui_string_has_a_chinese_translation(tmp_path):
    """lupdate over the current sources (into a copy) must find nothing left untranslated:
    a string added to a screen without running scripts/update_translations.sh shows up here."""
    assert (BIN / "pyside6-lupdate").exists(), "pyside6-lupdate missing from the venv (PySide6-Essentials)"
    fresh = tmp_path / TS.name
    shutil.copyfile(TS, fresh)
    subprocess.run([str(BIN / "pyside6-lupdate"), "-extensions", "py", "-locations", "none",
                    "-no-obsolete", "-source-language", "en", "-target-language", "zh_CN",
                    "widgets", "main.py", "-ts", str(fresh)],
                   cwd=ROOT, check=True, capture_output=True)
    missing = [f"{ctx}: {src!r}" for ctx, src, tr in _messages(fresh)
               if tr.get("type") == "unfinished" or not "".join(tr.itertext()).strip()]  # (%n: in numerusform)
    assert not missing, (
        f"{len(missing)} UI string(s) without a Chinese translation; run "
        "scripts/update_translations.sh and fill them in resources/translations/hongdun_zh_CN.ts:\n  "
        + "\n  ".join(missing))


def _invisible_to_lupdate(path: Path) -> list[str]:
    """tr()/translate() calls whose text is not a literal: lupdate cannot collect those."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        if name == "tr":
            text = node.args[0] if node.args else None
        elif (name == "translate" and isinstance(node.func, ast.Attribute) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            # translate("Context", text): QCoreApplication's (QPainter.translate(dx, dy) is not)
            text = node.args[1] if len(node.args) > 1 else None
        else:
            continue
        if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_translated_string_is_a_literal_lupdate_can_see():
    """A wrapper like `def _tr(text): return translate("Ctx", text)` hides every string from
    lupdate (they stay English); use translate("Ctx", "literal") or QT_TRANSLATE_NOOP."""
    sources = [ROOT / "main.py", *sorted((ROOT / "widgets").rglob("*.py"))]
    hidden = [hit for path in sources for hit in _invisible_to_lupdate(path)]
    assert not hidden, "translated text that lupdate cannot collect:\n  " + "\n  ".join(hidden)


def test_compiled_translation_matches_the_ts(tmp_path):
    assert (BIN / "pyside6-lrelease").exists(), "pyside6-lrelease missing from the venv (PySide6-Essentials)"
    qm = tmp_path / QM.name
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(qm)], check=True,
                   capture_output=True)
    assert QM.read_bytes() == qm.read_bytes(), "run scripts/update_translations.sh to rebuild the .qm"


# --- the window's size, and what 关于 says ------------------------------------------------------


def test_the_main_window_fits_the_screen():
    from PySide6.QtCore import QRect, QSize

    from widgets.shell.main_window import fits_a_screen, fitted_size

    assert fitted_size(QRect(0, 0, 1366, 728)) is None  # a small laptop: maximised
    assert fitted_size(QRect(0, 0, 1600, 1000)) == QSize(1472, 920)  # a margin around it
    assert fitted_size(QRect(0, 0, 1920, 1040)) == QSize(1600, 956)  # wide enough for every column
    assert fitted_size(QRect(0, 0, 2560, 1400)) == QSize(1600, 1000)  # no bigger than needed
    desk = [QRect(0, 0, 1920, 1040), QRect(1920, 0, 1280, 984)]
    assert fits_a_screen(QRect(100, 50, 1600, 1000), desk)
    assert fits_a_screen(QRect(2000, 20, 1100, 900), desk)  # on the second screen
    assert not fits_a_screen(QRect(2000, 20, 1100, 900), desk[:1])  # that screen is gone
    assert not fits_a_screen(QRect(1500, 0, 1000, 900), [QRect(0, 0, 1920, 1040)])  # mostly off it


def test_the_main_window_opens_maximised_on_a_small_screen_and_comes_back_as_it_was_left(qtbot, login_context):
    from widgets.shell.main_window import MainWindow

    window = MainWindow(login_context("clerk"), idle_timeout_ms=0)
    qtbot.addWidget(window)
    window.show_fitted()  # nothing saved yet; the offscreen screen (800×800) is small
    assert window.isMaximized()
    window.close()  # closing keeps how it was left

    again = MainWindow(login_context("clerk"), idle_timeout_ms=0)
    qtbot.addWidget(again)
    again.show_fitted()
    assert again.isMaximized()
    again.setWindowState(Qt.WindowState.WindowNoState)
    qtbot.waitUntil(lambda: not again.isMaximized(), timeout=3_000)
    again.move(0, 0)
    placed = again.geometry()
    again.close()

    third = MainWindow(login_context("clerk"), idle_timeout_ms=0)
    qtbot.addWidget(third)
    third.show_fitted()  # left at 1280×800 on an 800-wide screen: does not fit, maximised again
    assert third.isMaximized() and placed.width() > 800


def test_about_lists_the_business_areas_the_program_has(qtbot, make_main_window):
    from client.kernel.registry import registry

    window = make_main_window("clerk")
    text = window.about_text()
    for area in registry().areas:
        assert area.title in text
    assert "登记注册" in text and "企业IC卡" in text and "合同鉴证" in text
    assert "案件" not in text  # not built yet: not promised
