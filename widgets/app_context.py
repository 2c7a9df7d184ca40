"""What every screen needs, wired once in main.py: who is logged in, the bus, reads, settings.

Screens never tell each other to reload: the bus reports what each applied command
changed (`ChangeBridge.changed`, e.g. {"entities", "applications"}) and every
screen decides for itself whether it must refresh (Anki's operations pattern).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal

from client.kernel.commands import Command
from sync.reads import Reads
from widgets.common.operations import Operations
from client.kernel.roles import Principal
from client.settings import Settings
from client.kernel.bus import CommandBus, Outcome


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
    #: where the screens' questions are answered (sync.reads.Reads: the office's replica, the
    #: centre for wider ones); screens reach it only through `ops`
    reads: Reads
    #: where commands go: the local bus of an office workstation, or the central bus
    bus: Any
    settings: Settings
    database_label: str  # shown in the status bar, e.g. "SQLite 本地库" or "PostgreSQL db01"
    principal: Principal | None = None
    device_id: str = "local"
    changes: ChangeBridge | None = field(default=None)
    #: office staff: the local store, device and sync worker (sync.workstation); None when the
    #: screens work without a replica (district and city users through the centre; tools, tests)
    workstation: Any = None
    #: (username, password) -> result with ok/principal/message, for unlocking the idle lock
    #: (it runs on a worker: the lock screen never waits for it)
    check_password: Callable[[str, str], Any] | None = None
    #: signed in with the cached verifier because the centre did not answer
    signed_in_offline: bool = False
    #: how screens read and write (widgets.common.operations), made from `reads` and `bus`
    ops: Operations | None = None

    def __post_init__(self) -> None:
        if self.changes is None:
            self.changes = ChangeBridge(self.bus)
        if self.ops is None:
            self.ops = Operations(self.reads, self.bus)
