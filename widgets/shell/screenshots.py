"""Screenshot builders for the shell (listed in widgets/screenshots.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from widgets.common.shots import ShotEnv


def _login(env: ShotEnv):
    """The login window on the embedded centre, with the demo accounts it offers."""
    from widgets.shell.login import LoginWindow

    link = env.link()
    window = LoginWindow(link, show_demo_hint=True)
    if link.demo_accounts:
        window.set_demo_accounts(*link.demo_accounts)
    env.windows.append(window)
    return window


def login_window(env: ShotEnv) -> QWidget:
    window = _login(env)
    window.username.setText("clerk")
    window.password.setFocus()
    return window


def login_window_with_error(env: ShotEnv) -> QWidget:
    from sync.signin import sign_in

    window = _login(env)
    window.username.setText("reviewer")
    result = sign_in(env.link(), "reviewer", "wrong-password")  # the centre's own answer
    window.show_message(result.message or "")
    window.password.setFocus()
    return window


def main_window(env: ShotEnv) -> QWidget:
    return env.main_window("clerk")


def main_window_district(env: ShotEnv) -> QWidget:
    return env.signed_in_window("district")  # every screen of a district user asks the centre


def lock_screen(env: ShotEnv) -> QWidget:
    window = env.main_window("head")
    window.lock()
    return window


def settings_dialog(env: ShotEnv) -> QWidget:
    from client.settings import Settings
    from widgets.shell.settings_dialog import SettingsDialog

    settings = Settings(centre_urls=["https://centre1.gzamr.local:8443", "https://centre2.gzamr.local:8443"],
                        centre_ca_file="/etc/hongdun/gzamr-ca.pem", preprint_offset_original_mm=(1.5, -0.8),
                        preprint_offset_duplicate_mm=(0.4, 0.0))
    dialog = SettingsDialog(settings)
    env.windows.append(dialog)
    return dialog


def devices_screen(env: ShotEnv) -> QWidget:
    """设备管理 as the administrator sees it: counters, a field laptop, one revoked."""
    import datetime as dt

    from client.kernel.clock import utcnow
    from client.kernel.models import Device
    from client.kernel.types import new_id

    now = utcnow()
    with env.sessions()() as session:
        for label, office, days, seen, revoked in (
                ("天河五山所-登记窗口1", "440106-01", 40, 0.01, False),
                ("天河五山所-制卡柜台", "440106-01", 38, 0.2, False),
                ("天河五山所-外勤笔记本03", "440106-01", 25, 3, False),
                ("越秀洪桥所-登记窗口2", "440104-01", 30, 0.5, False),
                ("天河五山所-外勤笔记本01（遗失）", "440106-01", 60, 12, True)):
            session.add(Device(id=new_id(), label=label, public_key="00" * 32, office_code=office,
                               district_code=office.split("-")[0], enrolled_at=now - dt.timedelta(days=days),
                               last_seen_at=now - dt.timedelta(days=seen), revoked=revoked,
                               revoked_at=now - dt.timedelta(days=2) if revoked else None))
        session.commit()
    window = env.main_window("admin", "admin.devices")
    window.area_widget("admin.devices").reload()
    return window
