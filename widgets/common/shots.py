"""What a screenshot builder (widgets/<area>/screenshots.py) gets: a demo database and ways to
sign someone in; scripts/screenshots.py and the GUI tests use the same."""
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
        from client.kernel.auth import authenticate
        from client.kernel.users import DEMO_PASSWORD
        from client.settings import Settings
        from sync.bus import CommandBus
        from sync.central_database import CentralDatabase
        from sync.reads import Reads
        from sync.signin import check_password
        from widgets.app_context import AppContext
        from widgets.shell.database import database_label

        database = CentralDatabase(self.url)
        factory = database.session_factory
        with factory() as session:
            result = authenticate(session, username, DEMO_PASSWORD)
        if not result.ok:
            raise RuntimeError(f"demo user {username!r} cannot sign in: {result.message}")
        settings = Settings()
        return AppContext(reads=Reads(factory), bus=CommandBus(factory), settings=settings,
                          database_label=database_label(self.url), principal=result.principal,
                          check_password=lambda u, p: check_password(database, u, p, settings=settings))

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


def demo_database(url: str, *, entities: int = 200, seed: int = 2026) -> None:
    """Create a demo database at `url` (schema, reference data, demo accounts, entities)."""
    from client.demo import populate

    populate(url, entities=entities, seed=seed)
