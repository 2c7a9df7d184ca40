"""Update notices (issue 11, "Updates"): the login window and the main window tell of a newer
version in the centre's words (dismissible for the session, nothing downloads); when the centre
refuses this version's pushes, the status bar and the sync window say "需升级" with the centre's
message and the queue stays, until the minimum is lowered.

Real widgets, the real ShellController, a real centre (uvicorn on a thread, real HTTP on 127.0.0.1)
reading a real release file that the test edits as an operator would.
"""
from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import Qt

from client.kernel.types import new_id
from client.version import VERSION
from tests.gui.conftest import wait_for_tasks
from tests.gui.test_workstation import _login, _settings
from widgets.shell.controller import ShellController
from widgets.shell.login import LoginWindow
from widgets.sync import release_notice
from widgets.sync.release_notice import attach_to_login, attach_to_main_window

DOWNLOAD = "https://soft.example.gov.cn/hongdun/"
NOTES = "新增：证照打印校准。"


def _announce(path, stamp: int, **fields) -> None:
    """The operator edits the file (a modification time of its own each time: the centre notices
    a change by it)."""
    path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    os.utime(path, ns=(stamp * 1_000_000_000, stamp * 1_000_000_000))


@pytest.fixture
def announcing(demo_url, tmp_path):
    """(link, release file): a centre announcing 9.0.0, no minimum yet."""
    from centre.server import start_embedded
    from sync.link import CentreLink

    policy = tmp_path / "release.json"
    _announce(policy, 1, latest="9.0.0", download=DOWNLOAD, notes=NOTES)
    server = start_embedded(demo_url, release_file=str(policy))
    link = CentreLink([server.url])
    release_notice._dismissed.clear()  # (dismissed "for the session": each test is a session of its own)
    yield link, policy
    server.stop()
    link.close()
    release_notice._dismissed.clear()


NEWER = f"有新版本 9.0.0（本机 {VERSION}）：{NOTES} 请从 {DOWNLOAD} 安装，或联系管理员。"


def test_the_login_window_tells_of_a_newer_version_until_dismissed(qtbot, announcing):
    link, policy = announcing
    login = LoginWindow(link)
    qtbot.addWidget(login)
    login.show()
    notice = attach_to_login(login, link)
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert notice.text.text() == NEWER
    assert notice.next_button.text() == "知道了"
    assert attach_to_login(login, link) is notice  # one notice per window

    qtbot.mouseClick(notice.next_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    # dismissed for the session: the next login window (after a sign-out) does not nag again
    again = LoginWindow(link)
    qtbot.addWidget(again)
    again.show()
    second = attach_to_login(again, link)
    wait_for_tasks(qtbot)
    assert not second.isVisible() and second.release.latest == "9.0.0"

    # yet another release is news again
    _announce(policy, 2, latest="9.1.0", download=DOWNLOAD)
    third = LoginWindow(link)
    qtbot.addWidget(third)
    third.show()
    notice = attach_to_login(third, link)
    qtbot.waitUntil(lambda: notice.isVisible() and "9.1.0" in notice.text.text(), timeout=10_000)
    assert notice.text.text() == f"有新版本 9.1.0（本机 {VERSION}）。 请从 {DOWNLOAD} 安装，或联系管理员。"


def test_an_office_workstation_shows_the_notice_and_keeps_its_queue_while_refused(qtbot, announcing):
    from client.registration.commands import SubmitEstablishment
    from tests.integration.test_registration_flow import company_items

    link, policy = announcing
    controller = ShellController(_settings(), link, idle_timeout_ms=0)
    controller.start()
    window = _login(qtbot, controller, "clerk")
    ui = window.workstation_ui
    notice = ui.notice
    # the first round's hello brings the policy: the notice above the open area
    qtbot.waitUntil(notice.isVisible, timeout=20_000)
    assert notice.kind == "newer" and notice.text.text() == NEWER
    # (the cell follows the round's end, the notice its hello: either may be painted first)
    qtbot.waitUntil(lambda: ui.cells.link.text() == "在线", timeout=20_000)

    # the operator raises the minimum above this version
    _announce(policy, 2, latest="9.0.0", minimum="9.0.0", download=DOWNLOAD, notes=NOTES)
    refusal = (f"本机红盾工作台版本 {VERSION} 低于中心要求的最低版本 9.0.0（规则：低于最低版本的工作台不能提交业务），"
               f"请安装 9.0.0（下载：{DOWNLOAD}）")
    qtbot.waitUntil(lambda: ui.cells.link.text() == "在线·需升级", timeout=20_000)
    assert ui.cells.link.toolTip() == refusal
    # (the notice follows its own signal, as above: it may be painted a moment after the cell)
    qtbot.waitUntil(lambda: notice.kind == "upgrade", timeout=5_000)
    assert notice.isVisible() and not notice.next_button.isVisible()
    assert notice.text.text() == f"{refusal}\n本机办理的业务保留在待上传队列中，升级后自动上传到中心。"

    # work goes on; what is done waits in the queue, round after round
    ctx = window.ctx
    outcomes = []
    ctx.ops.write(SubmitEstablishment(user_id=ctx.principal.user_id, application_id=new_id(),
                                      items=company_items(name="广州市天河区晨曦软件科技有限公司")),
                  owner=window, done=outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    assert outcomes[0].ok
    qtbot.waitUntil(lambda: ui.cells.pending.text() == "待上传 1", timeout=5_000)
    rounds = []
    ui.cells.bridge.changed.connect(lambda status: rounds.append(status.last_sync_at))
    qtbot.waitUntil(lambda: len(set(rounds)) >= 3, timeout=20_000)  # rounds went by (each pulled)
    assert ui.cells.pending.text() == "待上传 1" and ui.cells.link.text() == "在线·需升级"

    ui.action.trigger()  # the sync window says it plainly too
    sync_window = ui.sync_window
    qtbot.waitUntil(lambda: sync_window.queue.rowCount() == 1, timeout=5_000)
    assert sync_window.upgrade.isVisible()
    assert sync_window.upgrade.text().startswith(f"需升级：{refusal}\n")

    # the minimum lowered again: the same queue drains by itself
    _announce(policy, 3, latest="9.0.0", download=DOWNLOAD, notes=NOTES)
    try:
        qtbot.waitUntil(lambda: ui.cells.pending.text() == "待上传 0", timeout=30_000)
    except qtbot.TimeoutError:  # (what the engine last said, for whoever reads the failure)
        raise AssertionError(f"queue not drained: {ui.workstation.engine.status}") from None
    qtbot.waitUntil(lambda: not sync_window.upgrade.isVisible(), timeout=5_000)
    qtbot.waitUntil(lambda: ui.cells.link.text() == "在线", timeout=5_000)  # (its own signal, as above)
    assert notice.kind == "newer" and notice.text.text() == NEWER
    window.close()


def test_a_district_user_sees_the_notice_too(qtbot, announcing):
    link, _policy = announcing
    controller = ShellController(_settings(), link, idle_timeout_ms=0)
    controller.start()
    window = _login(qtbot, controller, "district")
    assert window.ctx.workstation is None  # no sync rounds: the notice asks the centre itself
    notice = attach_to_main_window(window, link)
    qtbot.waitUntil(notice.isVisible, timeout=10_000)
    assert notice.text.text() == NEWER
    window.close()
