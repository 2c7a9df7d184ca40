"""What every screen needs, wired once in main.py: who is logged in, the bus, reads, settings.

Screens never tell each other to reload: the bus reports what each applied command
changed (`ChangeBridge.changed`, e.g. {"entities", "applications"}) and every
screen decides for itself whether it must refresh (Anki's operations pattern).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from client.domain.roles import Principal
from client.services.commands import Command
from client.settings import Settings
from sync.bus import CommandBus, Outcome


class ChangeBridge(QObject):
    """Turns the bus's 'applied' notifications into a Qt signal for the screens."""

    changed = Signal(frozenset)

    def __init__(self, bus: CommandBus):
        super().__init__()
        bus.subscribe(self._on_applied)

    def _on_applied(self, command: Command, outcome: Outcome) -> None:
        self.changed.emit(outcome.changes)


@dataclass
class AppContext:
    session_factory: sessionmaker[Session]
    bus: CommandBus
    settings: Settings
    database_label: str  # shown in the status bar, e.g. "SQLite 本地库" or "PostgreSQL db01"
    principal: Principal | None = None
    device_id: str = "local"
    changes: ChangeBridge | None = field(default=None)

    def __post_init__(self) -> None:
        if self.changes is None:
            self.changes = ChangeBridge(self.bus)

    def read(self) -> Session:
        """A session for query functions; use as a context manager."""
        return self.session_factory()
