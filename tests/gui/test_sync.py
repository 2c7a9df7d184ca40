"""The sync status cells follow the centre going away and coming back; a conflict resolved in the dialog."""
from __future__ import annotations

import os

import pytest


@pytest.fixture
def station(demo_url, login_context, tmp_path):
    from client.db.engine import make_engine, make_session_factory
    from sync.central import CentralApplier
    from sync.device import device_key, enrol
    from sync.engine import SyncEngine
    from sync.local_bus import LocalBus
    from sync.local_store import open_local_store
    from sync.pull import Puller
    from sync.push import Pusher
    from sync.scope import Scope

    ctx = login_context("clerk")
    central = make_engine(demo_url)
    sessions = make_session_factory(central)
    enrolment = enrol(sessions, ctx.principal.user_id, "测试机")
    store = open_local_store(tmp_path / "local.db")
    applier = CentralApplier(sessions)
    engine = SyncEngine(store, applier, Pusher(store, applier),
                        Puller(store, central, Scope(enrolment.office_code, enrolment.district_code)),
                        enrolment.device_id)
    bus = LocalBus(store, device_id=enrolment.device_id, secret_hex=device_key(enrolment.device_id))
    yield ctx, engine, bus, demo_url.removeprefix("sqlite:///"), central
    central.dispose()
    store.dispose()


def test_status_bar_follows_the_centre_going_away_and_coming_back(qtbot, station):
    from client.kernel.types import new_id
    from client.registration.commands import SubmitEstablishment
    from sync.engine import SyncWorker
    from tests.integration.test_registration_flow import company_items
    from widgets.shell.status_bar import ShellStatusBar
    from widgets.sync.status import SyncIndicators

    ctx, engine, bus, path, central = station
    bar = ShellStatusBar(ctx)
    qtbot.addWidget(bar)
    cells = SyncIndicators(bar, engine)
    worker = SyncWorker(engine, interval=0.2, min_backoff=0.1, max_backoff=0.3)
    worker.start()
    try:
        qtbot.waitUntil(lambda: cells.link.text() == "在线", timeout=20_000)
        qtbot.waitUntil(lambda: "从未" not in cells.last.text(), timeout=10_000)

        _move(path, path + ".away")  # the central database goes away
        central.dispose()
        qtbot.waitUntil(lambda: cells.link.text().startswith("离线"), timeout=10_000)
        out = bus.dispatch(SubmitEstablishment(user_id=ctx.principal.user_id, application_id=new_id(),
                                               items=company_items(name="广州市天河区晨曦软件科技有限公司")))
        assert out.ok
        engine.refresh_counts()
        qtbot.waitUntil(lambda: cells.pending.text() == "待上传 1", timeout=5_000)

        central.dispose()
        _move(path + ".away", path)  # and comes back: the queue drains by itself
        qtbot.waitUntil(lambda: cells.link.text() == "在线", timeout=20_000)
        qtbot.waitUntil(lambda: cells.pending.text() == "待上传 0", timeout=20_000)
    finally:
        worker.stop()
        bar.stop()


def _move(src, dst):
    for suffix in ("-wal", "-shm", ""):  # the WAL with it, or the database is not the same one
        if os.path.exists(src + suffix):
            os.replace(src + suffix, dst + suffix)
        elif os.path.exists(dst + suffix):
            os.remove(dst + suffix)


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
