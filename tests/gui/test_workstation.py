"""The running program as an office workstation: sign-in opens the office's local store and the
sync worker, screens read the replica, work queued offline shows 待分配 and drains when the centre
comes back, offline sign-in and unlock use the cached verifier, the sync window shows the queue.

Real widgets, the real ShellController, a real centre over real HTTP on 127.0.0.1 (the embedded
one of main.py, or one configured by its address) that goes away (stopped) and comes back.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from client.kernel.types import new_id
from client.kernel.users import DEMO_PASSWORD
from client.settings import Settings
from sync.offline_login import OFFLINE_REFUSED
from tests.gui.conftest import in_worker
from tests.gui.test_shell import sign_in
from widgets.shell.controller import ShellController


def _login(qtbot, controller: ShellController, username: str):
    controller.show_login() if controller.login is None else None
    with qtbot.waitSignal(controller.sig_main_shown, timeout=20_000) as shown:
        sign_in(qtbot, controller.login, username, DEMO_PASSWORD)
    return shown.args[0]  # not for qtbot to close: signing out deletes it


def _settings() -> Settings:
    settings = Settings()
    settings.sync_interval_s = 1
    return settings


def _cached_logins(link) -> set[str]:
    """Who may sign in offline here: the verifiers the online sign-ins cached (sync.offline_login,
    written on a thread of their own beside the sign-in)."""
    try:
        return set(json.loads((link.folder / "logins.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def _office_entity_count(url: str, office_code: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(sa.text("SELECT count(*) FROM market_entity WHERE office_code = :o"), {"o": office_code})
    finally:
        engine.dispose()


def test_office_clerk_works_on_the_local_replica_and_the_queue_drains(qtbot, demo_url, embedded_centre):
    from client.registration.commands import SubmitEstablishment
    from tests.integration.test_registration_flow import company_items
    from widgets.common import formatting as fmt

    controller = ShellController(_settings(), embedded_centre.link, embedded=embedded_centre, idle_timeout_ms=0)
    controller.start()
    window = _login(qtbot, controller, "clerk")
    ctx = window.ctx
    ws = ctx.workstation
    assert ws is not None and not ctx.signed_in_offline
    # screens read the office's replica
    assert ctx.reads.run(lambda s: str(s.get_bind().url)) == str(ws.store.engine.url)
    assert ctx.database_label.endswith("本机副本")
    ui = window.workstation_ui
    qtbot.waitUntil(lambda: ui.cells.link.text() == "在线", timeout=20_000)
    qtbot.waitUntil(lambda: "从未" not in ui.cells.last.text(), timeout=20_000)
    assert not window.status.connection.isVisible()  # the sync cells tell online/offline

    # the first download brought the office's entities into the local store
    office = ctx.principal.office_code
    with ws.sessions() as s:
        local = s.scalar(sa.text("SELECT count(*) FROM market_entity WHERE office_code = :o"), {"o": office})
    assert local == _office_entity_count(demo_url, office)
    with ws.sessions() as s:  # and the reference data every screen needs
        assert s.scalar(sa.text("SELECT count(*) FROM office")) == 173

    # the centre goes away: work goes on, queued, with the centre's numbers 待分配
    embedded_centre.stop()
    qtbot.waitUntil(lambda: ui.cells.link.text().startswith("离线"), timeout=20_000)
    outcomes = []  # through the screens' serial writer, as a form submits
    ctx.ops.write(SubmitEstablishment(user_id=ctx.principal.user_id, application_id=new_id(),
                                      items=company_items(name="广州市天河区晨曦软件科技有限公司")),
                  owner=window, done=outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=10_000)
    out = outcomes[0]
    assert out.ok and out.result.get("app_no") is None
    assert fmt.number_text(out.result.get("app_no")) == "待分配"
    qtbot.waitUntil(lambda: ui.cells.pending.text() == "待上传 1", timeout=5_000)

    # the sync window lists the queued command by its Chinese title
    ui.action.trigger()
    sync_window = ui.sync_window
    qtbot.waitUntil(lambda: sync_window.queue.rowCount() == 1, timeout=5_000)
    assert sync_window.queue.item(0, 1).text() == "设立登记申请"
    assert sync_window.tabs.tabText(0) == "待上传（1）"

    # the centre comes back: the queue drains by itself and the number arrives
    pushes = []  # the push progress of every status the window was shown
    ui.cells.bridge.changed.connect(lambda status: pushes.append(status.push_progress))
    embedded_centre.start()
    qtbot.waitUntil(lambda: ui.cells.pending.text() == "待上传 0", timeout=30_000)
    qtbot.waitUntil(lambda: sync_window.queue.rowCount() == 0, timeout=10_000)
    with ws.sessions() as s:
        app_no = s.scalar(sa.text("SELECT app_no FROM reg_application WHERE id = :i"),
                          {"i": out.result["subject_id"]})
    assert app_no  # given by the centre, pulled back
    assert (1, 1) in pushes  # the one queued command was shown pushed, "1/1 条命令"
    done, total = pushes[-1]
    assert sync_window.push_bar.format() == (f"{done}/{total} 条命令" if total else "无")
    window.close()
    assert not ws.worker._thread.is_alive()  # the worker stops with the window


def test_offline_sign_in_and_unlock_use_the_cached_verifier(qtbot, configured_centre):
    """A centre configured by its address: the embedded one cannot stay away (the login window
    starts it again), a centre on another machine can."""
    link = configured_centre.link
    controller = ShellController(_settings(), link, idle_timeout_ms=0)
    controller.start()
    window = _login(qtbot, controller, "clerk")  # online once: the verifier is cached
    qtbot.waitUntil(lambda: "从未" not in window.workstation_ui.cells.last.text(), timeout=20_000)
    window.sign_out()
    window = _login(qtbot, controller, "district")
    assert window.ctx.workstation is None  # bureau users work on the centre directly
    window.sign_out()
    qtbot.waitUntil(lambda: {"clerk", "district"} <= _cached_logins(link), timeout=10_000)

    configured_centre.stop()  # the centre goes away
    login = controller.login
    sign_in(qtbot, login, "clerk", "wrong-password")  # offline, a wrong password is still wrong
    assert login.message.text().startswith("无法连接中心服务：")
    assert login.message.text().endswith(OFFLINE_REFUSED)
    window = _login(qtbot, controller, "clerk")
    assert window.ctx.signed_in_offline and window.ctx.workstation is not None
    with window.ctx.workstation.sessions() as s:  # the replica is there to work on
        assert s.scalar(sa.text("SELECT count(*) FROM office")) == 173
    ok = in_worker(lambda: window.ctx.check_password("clerk", DEMO_PASSWORD))  # the idle lock unlocks offline
    assert ok.ok and ok.offline
    assert not in_worker(lambda: window.ctx.check_password("clerk", "nope")).ok
    window.sign_out()

    # a district user has no replica to work on: refused with the reason
    sign_in(qtbot, controller.login, "district", DEMO_PASSWORD)
    assert "须联网登录" in controller.login.message.text()
    # a user who never signed in here online cannot sign in offline
    sign_in(qtbot, controller.login, "reviewer", DEMO_PASSWORD)
    assert "从未在本机联网登录过" in controller.login.message.text()
    qtbot.addWidget(controller.login)
