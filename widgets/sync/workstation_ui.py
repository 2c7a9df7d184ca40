"""Hooks an office workstation (sync.workstation) into the main window: the status-bar cells,
the sync window, screens refreshed after a pull, and the worker started and stopped.

The worker lives as long as the main window: it starts once the window is on screen (so
the first download never delays it) and stops when the window closes or the user signs out.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction

from sync.workstation import pulled_changes
from widgets.sync.release_notice import ReleaseNotice
from widgets.sync.status import SyncIndicators


class _PulledBridge(QObject):
    pulled = Signal(frozenset)  # the change tags of what the pull changed


class WorkstationUi:
    def __init__(self, window, workstation):
        self.window = window
        self.workstation = workstation
        self.sync_window = None
        status = window.status
        # the generic "connected" cell pings the database the screens read: here that is the
        # local store, so the sync cells tell online/offline instead
        status.stop_connection_check()
        status.connection.hide()
        self.cells = SyncIndicators(status, workstation.engine)
        for cell in (self.cells.link, self.cells.pending, self.cells.refused, self.cells.last):
            cell.clicked.connect(self.show_sync_window)
        self.bridge = _PulledBridge(window)
        self.bridge.pulled.connect(window.ctx.changes.notify)
        # worker thread → queued to the GUI thread
        workstation.on_pulled(lambda report: self.bridge.pulled.emit(pulled_changes(report)))
        # a command queued offline shows in the pending count at once, not at the next round
        workstation.bus.subscribe(lambda _c, _o: workstation.engine.refresh_counts())
        self.action = QAction(QCoreApplication.translate("WorkstationUi", "Data synchronisation…"), window)
        self.action.setObjectName("syncWindowAction")
        self.action.triggered.connect(self.show_sync_window)
        window.system_menu.insertAction(window.settings_action, self.action)
        # a newer version, or pushes refused for this one: what the login window's question and
        # then every sync round's hello heard from the centre
        self.notice = ReleaseNotice(window, queue=True)
        window.add_notice(self.notice)
        link = workstation.link
        self._heard = (workstation.engine.status.release or (link.release if link is not None else None),
                       workstation.engine.status.upgrade)
        self.notice.show_release(*self._heard)
        self.cells.bridge.changed.connect(self._on_status)

    def _on_status(self, status) -> None:
        # (a status comes at every step of a round: the notice changes only when the policy does)
        heard = (status.release, status.upgrade)
        if status.release is not None and heard != self._heard:
            self._heard = heard
            self.notice.show_release(*heard)

    def start(self) -> None:
        self.workstation.start()

    def show_sync_window(self) -> None:
        from widgets.sync.sync_window import SyncWindow

        if self.sync_window is None:
            self.sync_window = SyncWindow(self.workstation, self.window)
        self.sync_window.show()
        self.sync_window.raise_()
        self.sync_window.activateWindow()

    def close(self) -> None:
        self.workstation.close()
