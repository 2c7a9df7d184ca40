"""Status-bar cells of the synchronisation engine: online/offline, pending, conflicts, last sync.

The engine reports from its worker thread; a Qt signal carries each status to the GUI
thread (queued), so the cells never touch the database and never block the event loop.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QObject, Signal

from client.kernel.clock import CHINA_TZ
from sync.engine import SyncEngine, SyncStatus
from widgets.common import icons
from widgets.shell.status_bar import Indicator

GREEN, AMBER = "#1E8E3E", "#B26A00"


def link_text(status: SyncStatus) -> str:
    if status.online is None:
        return QCoreApplication.translate("SyncStatus", "Connecting to the centre…")
    if status.online and status.upgrade:
        # the centre answers but refuses this version's pushes: the queue waits for the upgrade
        return QCoreApplication.translate("SyncStatus", "Online · upgrade needed")
    if status.online:
        return QCoreApplication.translate("SyncStatus", "Online")
    return QCoreApplication.translate("SyncStatus", "Offline (retrying by itself)")


def last_sync_text(at: dt.datetime | None, fmt: str = "%m-%d %H:%M") -> str:
    if at is None:
        return QCoreApplication.translate("SyncStatus", "never")
    return at.astimezone(CHINA_TZ).strftime(fmt)


class StatusBridge(QObject):
    changed = Signal(object)

    def __init__(self, engine: SyncEngine, parent: QObject | None = None):
        super().__init__(parent)
        engine.subscribe(self.changed.emit)  # emitted on the worker thread, delivered queued


class SyncIndicators:
    """Four cells added to the shell's status bar; `show(status)` updates them."""

    def __init__(self, status_bar, engine: SyncEngine):
        self.link = Indicator("online", "", object_name="statusSyncLink")
        self.pending = Indicator("database", "", object_name="statusSyncPending")
        self.refused = Indicator("info", "", object_name="statusSyncConflicts")
        self.last = Indicator("clock", "", object_name="statusSyncLast")
        for cell in (self.link, self.pending, self.refused, self.last):
            status_bar.add_indicator(cell)
        self.bridge = StatusBridge(engine, status_bar)
        self.bridge.changed.connect(self.show)
        self.show(engine.status)

    def show(self, status: SyncStatus) -> None:
        if status.online is None:
            self.link.set(link_text(status), icon_name="online", state="")
        elif status.online and status.upgrade:
            self.link.set(link_text(status), icon_name="online", color=AMBER, state="upgrade")
        elif status.online:
            self.link.set(link_text(status), icon_name="online", color=GREEN, state="online")
        else:
            self.link.set(link_text(status), icon_name="offline", color=icons.ACCENT, state="offline")
        self.link.setToolTip(status.upgrade or status.message or "")
        self.pending.set(QCoreApplication.translate("SyncStatus", "To push %1").replace("%1", str(status.pending)),
                         state="pending" if status.pending else "")
        self.refused.set(QCoreApplication.translate("SyncStatus", "Conflicts/returned %1").replace("%1", str(status.refused)),
                         color=AMBER if status.refused else icons.MUTED,
                         state="conflict" if status.refused else "")
        self.last.set(QCoreApplication.translate("SyncStatus", "Last sync %1").replace("%1", last_sync_text(status.last_sync_at)))
        self.last.setToolTip(status.skew_warning or "")
