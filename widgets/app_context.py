"""What every screen needs, wired once in main.py: who is logged in, the bus, reads, settings.

Screens never tell each other to reload: the bus reports what each applied command
changed (`ChangeBridge.changed`, e.g. {"entities", "applications"}) and every
screen decides for itself whether it must refresh (Anki's operations pattern).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.commands import Command
from client.kernel.roles import Principal
from client.settings import Settings
from sync.bus import CommandBus, Outcome


class ChangeBridge(QObject):
    """Turns the bus's 'applied' notifications into a Qt signal for the screens."""

    changed = Signal(frozenset)

    def __init__(self, bus: CommandBus):
        # owned by the application, not by Python's garbage collector: a collection that
        # happens to run on a worker thread would otherwise destroy this QObject there
        super().__init__(QCoreApplication.instance())
        bus.subscribe(self._on_applied)

    def _on_applied(self, command: Command, outcome: Outcome) -> None:
        self.changed.emit(outcome.changes)

    def notify(self, changes: frozenset) -> None:
        """Changes that came another way (a pull); safe from any thread (queued delivery)."""
        self.changed.emit(frozenset(changes))


@dataclass
class AppContext:
    session_factory: sessionmaker[Session]
    bus: CommandBus
    settings: Settings
    database_label: str  # shown in the status bar, e.g. "SQLite 本地库" or "PostgreSQL db01"
    principal: Principal | None = None
    device_id: str = "local"
    changes: ChangeBridge | None = field(default=None)
    #: office staff: the local store, device and sync worker (sync.workstation); None when the
    #: screens work on the central database directly (district and city users, tools, tests)
    workstation: Any = None
    #: (username, password) -> result with ok/principal/message, for unlocking the idle lock
    check_password: Callable[[str, str], Any] | None = None
    #: signed in with the cached verifier because the centre did not answer
    signed_in_offline: bool = False
    #: the centre's sessions, for questions wider than an office's replica (workstation mode)
    central_session_factory: sessionmaker[Session] | None = None
    #: where reads go (sync.reads.Reads) and how screens read and write (widgets.common.operations)
    reads: Any = None
    ops: Any = None

    def __post_init__(self) -> None:
        if self.changes is None:
            self.changes = ChangeBridge(self.bus)
        if self.reads is None:
            from sync.reads import Reads

            ws = self.workstation
            online = (lambda: ws.engine.status.online) if ws is not None else None
            self.reads = Reads(self.session_factory, self.central_session_factory, online)
        if self.ops is None:
            from widgets.common.operations import Operations

            self.ops = Operations(self.reads, self.bus)
        if self.check_password is None:
            factory = self.session_factory

            def check(username: str, password: str):
                from client.kernel.auth import authenticate

                with factory() as session:
                    return authenticate(session, username, password)

            self.check_password = check

    def read(self) -> Session:
        """A session for query functions; use as a context manager."""
        return self.session_factory()

    def read_wide(self) -> tuple[Session, bool]:
        """(session, local_only) for a question wider than the office (a district's names).

        The centre while a workstation is online, else the office's replica — and then
        `local_only` is True, so the screen can say the answer covers this office only.
        """
        ws = self.workstation
        if ws is None or self.central_session_factory is None:
            return self.session_factory(), False
        if ws.engine.status.online is False:
            return self.session_factory(), True
        return self.central_session_factory(), False
