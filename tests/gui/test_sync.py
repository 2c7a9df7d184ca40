"""The sync status cells follow the centre (the embedded one, over real HTTP) going away and
coming back; a conflict resolved in the dialog."""
from __future__ import annotations

import pytest

from client.settings import Settings
from tests.gui.conftest import in_worker, wait_for_tasks


@pytest.fixture
def station(embedded_centre, qtbot):
    """The clerk signed in online through the embedded centre (real HTTP), as the shell signs in:
    the office's local store and its sync engine; the engine's worker is the test's own, with
    short waits."""
    from client.kernel.users import DEMO_PASSWORD
    from sync.signin import sign_in
    from widgets.app_context import AppContext

    embedded_centre.start()
    link = embedded_centre.link
    signed = in_worker(lambda: sign_in(link, "clerk", DEMO_PASSWORD))
    assert signed.ok and signed.workstation is not None, signed.message
    ctx = AppContext(reads=signed.reads, bus=signed.bus, settings=Settings(), database_label="本机副本",
                     principal=signed.principal, workstation=signed.workstation,
                     device_id=signed.workstation.device_id)
    yield ctx, signed.workstation
    wait_for_tasks(qtbot)
    signed.workstation.close()


def test_status_bar_follows_the_centre_going_away_and_coming_back(qtbot, station, embedded_centre):
    from client.kernel.types import new_id
    from client.registration.commands import SubmitEstablishment
    from sync.engine import SyncWorker
    from tests.integration.test_registration_flow import company_items
    from widgets.shell.status_bar import ShellStatusBar
    from widgets.sync.status import SyncIndicators

    ctx, ws = station
    bar = ShellStatusBar(ctx)
    qtbot.addWidget(bar)
    cells = SyncIndicators(bar, ws.engine)
    worker = SyncWorker(ws.engine, interval=0.2, min_backoff=0.1, max_backoff=0.3)
    worker.start()
    try:
        qtbot.waitUntil(lambda: cells.link.text() == "在线", timeout=20_000)
        qtbot.waitUntil(lambda: "从未" not in cells.last.text(), timeout=10_000)

        embedded_centre.stop()  # the centre goes away
        qtbot.waitUntil(lambda: cells.link.text().startswith("离线"), timeout=10_000)
        out = ctx.bus.dispatch(SubmitEstablishment(user_id=ctx.principal.user_id, application_id=new_id(),
                                                   items=company_items(name="广州市天河区晨曦软件科技有限公司")))
        assert out.ok
        ws.engine.refresh_counts()
        qtbot.waitUntil(lambda: cells.pending.text() == "待上传 1", timeout=5_000)

        embedded_centre.start()  # and comes back (at another port: the link follows): the queue drains by itself
        qtbot.waitUntil(lambda: cells.link.text() == "在线", timeout=20_000)
        qtbot.waitUntil(lambda: cells.pending.text() == "待上传 0", timeout=20_000)
    finally:
        worker.stop()
        bar.stop()


def test_a_conflict_is_resolved_through_the_dialog(qtbot):
    from sync.conflicts import Refused, resolved_command
    from widgets.sync.conflict_dialog import ConflictDialog

    item = Refused(
        op_id="op", state="conflict", reason="该主体已被他人修改（您看到的是第1版，现为第2版），请刷新后重试",
        command={"name": "registration.submit_change", "user_id": "u", "device_id": "d", "op_id": "op",
                 "issued_at": "2026-11-24T00:00:00+00:00", "application_id": "a", "entity_id": "e",
                 "base_version": 1, "items": {"phone": "020-1", "address": "本机地址"}},
        touched=["market_entity:e"],
        theirs={"market_entity:e": {"version": 2, "phone": "020-2", "address": "中心地址"}})
    dialog = ConflictDialog(item)
    qtbot.addWidget(dialog)
    dialog.choose("phone", ConflictDialog.THEIRS)
    dialog.choose("address", ConflictDialog.EDIT, "体育西路1号")
    assert dialog.choices() == {"phone": "020-2", "address": "体育西路1号"}
    command = resolved_command(item, dialog.choices())
    assert command.items == {"address": "体育西路1号"} and command.base_version == 2
    assert command.op_id != "op"
