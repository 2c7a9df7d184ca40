"""The screenshots in docs/screenshots, in one list: (file name, builder).

`scripts/screenshots.py` renders every entry offscreen against a temporary demo
database. A builder takes a `ShotEnv` and returns the widget to grab (shown and laid
out by the script). Each business part appends its own entries to SHOTS.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtWidgets import QWidget


@dataclass
class ShotEnv:
    """What a builder needs: the demo database and ways to sign someone in."""

    url: str
    windows: list[QWidget] = field(default_factory=list)  # kept alive until the script ends

    def context(self, username: str):
        """An AppContext for a demo user, as after a successful login."""
        from client.services.auth import authenticate
        from client.services.users import DEMO_PASSWORD
        from client.settings import Settings
        from sync.bus import CommandBus
        from widgets.app_context import AppContext
        from widgets.shell.database import CentralDatabase

        database = CentralDatabase(self.url)
        factory = database.session_factory
        with factory() as session:
            result = authenticate(session, username, DEMO_PASSWORD)
        if not result.ok:
            raise RuntimeError(f"demo user {username!r} cannot sign in: {result.message}")
        return AppContext(session_factory=factory, bus=CommandBus(factory), settings=Settings(),
                          database_label=database.label, principal=result.principal)

    def main_window(self, username: str = "clerk", area: str | None = None):
        """The main window of a demo user with every area registered (and `area` open)."""
        from widgets.shell.areas import register_areas
        from widgets.shell.main_window import MainWindow

        window = MainWindow(self.context(username), idle_timeout_ms=0)
        register_areas(window)
        keys = window.area_keys()
        if area or keys:
            window.open_area(area or keys[0])
        self.windows.append(window)
        return window


Builder = Callable[[ShotEnv], QWidget]


def _shell_shots() -> list[tuple[str, Builder]]:
    from widgets.shell import screenshots as shell

    return [
        ("login.png", shell.login_window),
        ("login-error.png", shell.login_window_with_error),
        ("main-window.png", shell.main_window),
        ("main-window-district.png", shell.main_window_district),
        ("lock-screen.png", shell.lock_screen),
        ("settings.png", shell.settings_dialog),
    ]


def _registration_shots() -> list[tuple[str, Builder]]:
    from widgets.registration import screenshots as registration

    return registration.SHOTS


def _inspection_shots() -> list[tuple[str, Builder]]:
    from widgets.inspections import screenshots as inspections

    return inspections.SHOTS


def _sync_shots() -> list[tuple[str, Builder]]:
    from widgets.sync import screenshots as sync

    return sync.SHOTS


def _card_shots() -> list[tuple[str, Builder]]:
    from widgets.cards import screenshots as cards

    return cards.SHOTS


def shots() -> list[tuple[str, Builder]]:
    """Every screenshot; business parts add theirs below the shell's."""
    return [*_shell_shots(), *_registration_shots(), *_inspection_shots(), *_sync_shots(), *_card_shots()]


def demo_database(url: str, *, entities: int = 200, seed: int = 2026) -> None:
    """Create a demo database at `url` (schema, reference data, demo accounts, entities)."""
    from client.demo import populate

    populate(url, entities=entities, seed=seed)
