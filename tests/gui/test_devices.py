"""设备管理: an administrator sees the enrolled workstations and revokes one."""
from __future__ import annotations

import sqlalchemy as sa

from client.kernel.models import AuditEntry, Device
from client.kernel.types import new_id
from tests.gui.conftest import wait_for_tasks


def _enrolled(sessions, label: str, office_code: str | None) -> str:
    with sessions() as s:
        device = Device(id=new_id(), label=label, public_key="ab" * 32, office_code=office_code,
                        district_code=office_code.split("-")[0] if office_code else None, revoked=False)
        s.add(device)
        s.commit()
        return device.id


def test_an_administrator_lists_devices_and_revokes_one(qtbot, make_main_window, monkeypatch, login_context):
    from widgets.common import messages

    window = make_main_window("admin")
    assert "admin.devices" in window.area_keys()
    sessions = window.ctx.reads._local.sessions
    first = _enrolled(sessions, "天河所柜台一号机", "440106-01")
    _enrolled(sessions, "越秀所外勤笔记本", "440104-01")
    screen = window.open_area("admin.devices")
    screen.reload()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2, timeout=10_000)
    labels = {screen.model.record(r).label for r in range(2)}
    assert labels == {"天河所柜台一号机", "越秀所外勤笔记本"}
    assert not screen.revoke_button.isEnabled()  # nothing selected yet

    row = next(r for r in range(2) if screen.model.record(r).id == first)
    screen.table.selectRow(row)
    assert screen.revoke_button.isEnabled()
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    screen.revoke_selected()
    qtbot.waitUntil(lambda: any(d.revoked for d in screen.model.records()), timeout=10_000)
    wait_for_tasks(qtbot)
    revoked = [d for d in screen.model.records() if d.revoked]
    assert [d.id for d in revoked] == [first]
    with sessions() as s:
        assert s.get(Device, first).revoked
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                        .where(AuditEntry.action == "kernel.revoke_device", AuditEntry.subject_id == first)) == 1


def test_the_devices_screen_is_for_administrators_only(make_main_window):
    assert "admin.devices" not in make_main_window("clerk").area_keys()
    assert "admin.devices" not in make_main_window("city").area_keys()
