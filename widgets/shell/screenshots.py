"""Screenshot builders for the shell (listed in widgets/screenshots.py)."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from widgets.common.shots import ShotEnv


def _login(env: ShotEnv):
    from client.kernel.users import DEMO_PASSWORD, demo_accounts
    from sync.central_database import CentralDatabase
    from widgets.shell.login import LoginWindow

    database = CentralDatabase(env.url)
    window = LoginWindow(database, show_demo_hint=True)
    with database.session_factory() as session:
        window.set_demo_accounts([row[0] for row in demo_accounts(session)], DEMO_PASSWORD)
    env.windows.append(window)
    return window, database


def login_window(env: ShotEnv) -> QWidget:
    window, _ = _login(env)
    window.username.setText("clerk")
    window.password.setFocus()
    return window


def login_window_with_error(env: ShotEnv) -> QWidget:
    from client.kernel.auth import authenticate

    window, database = _login(env)
    window.username.setText("reviewer")
    with database.session_factory() as session:
        result = authenticate(session, "reviewer", "wrong-password")
    window.show_message(result.message or "")
    window.password.setFocus()
    return window


def main_window(env: ShotEnv) -> QWidget:
    return env.main_window("clerk")


def main_window_district(env: ShotEnv) -> QWidget:
    return env.main_window("district")


def lock_screen(env: ShotEnv) -> QWidget:
    window = env.main_window("head")
    window.lock()
    return window


def settings_dialog(env: ShotEnv) -> QWidget:
    from client.settings import Settings
    from widgets.shell.settings_dialog import SettingsDialog

    settings = Settings(database_url="postgresql+psycopg://hongdun@db01.gzamr.local:5432/hongdun",
                        preprint_offset_original_mm=(1.5, -0.8), preprint_offset_duplicate_mm=(0.4, 0.0))
    dialog = SettingsDialog(settings)
    env.windows.append(dialog)
    return dialog
