"""The sync window: where the link stands, a real progress bar over commands pushed and rows
pulled, the queue of pending commands, and the conflicts and rejections to deal with.

Everything it reads (the queue, the refused commands) is read on a worker thread; the
engine's status arrives by a queued signal, so opening it during a long push never stalls
the screen. Resolving or discarding a refused command runs on a worker too: it reads the
centre's record first.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.kernel.clock import CHINA_TZ
from sync import local_schema
from sync.engine import SyncStatus
from widgets.common import messages
from widgets.common.tasks import failure_text, run_task
from widgets.sync.release_notice import queue_kept_text
from widgets.sync.status import StatusBridge, last_sync_text, link_text

#: how many queued commands the list shows (the count above it is exact)
QUEUE_ROWS = 500
#: a light bar with dark text: the count stays readable over the filled part
PROGRESS_STYLE = ("QProgressBar{border:1px solid #D0D5DC;border-radius:4px;background:#FFFFFF;"
                  "color:#1F2933;text-align:center;min-height:20px}"
                  "QProgressBar::chunk{background:#A8DDB5;border-radius:3px}")


def _command_label(name: str) -> str:
    from client.kernel.commands import command_title

    return command_title(name)


class SyncWindow(QDialog):
    def __init__(self, workstation, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncWindow")
        self.setWindowTitle(self.tr("Data synchronisation"))
        self.resize(860, 560)
        self.workstation = workstation
        self._build()
        self.bridge = StatusBridge(workstation.engine, self)
        self.bridge.changed.connect(self.show_status)
        self.show_status(workstation.engine.status)
        self.reload()

    # --- layout -----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.link = QLabel(objectName="syncLink")
        self.last = QLabel(objectName="syncLast")
        self.skew = QLabel(objectName="syncSkew")
        self.skew.setStyleSheet("color:#B26A00")
        # the centre refuses this version's pushes: its message, and that the queue waits
        self.upgrade = QLabel(objectName="syncUpgrade")
        self.upgrade.setWordWrap(True)
        self.upgrade.setStyleSheet("color:#c62828")
        self.upgrade.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.upgrade.hide()
        grid.addWidget(QLabel(self.tr("Link:")), 0, 0)
        grid.addWidget(self.link, 0, 1)
        grid.addWidget(QLabel(self.tr("Last synchronised:")), 1, 0)
        grid.addWidget(self.last, 1, 1)
        grid.addWidget(self.skew, 2, 0, 1, 2)
        grid.addWidget(self.upgrade, 5, 0, 1, 2)
        self.push_bar = QProgressBar(objectName="syncPushBar")
        self.pull_bar = QProgressBar(objectName="syncPullBar")
        for bar in (self.push_bar, self.pull_bar):
            bar.setRange(0, 1)
            bar.setValue(0)
            bar.setStyleSheet(PROGRESS_STYLE)
        grid.addWidget(QLabel(self.tr("Commands pushed:")), 3, 0)
        grid.addWidget(self.push_bar, 3, 1)
        grid.addWidget(QLabel(self.tr("Changes pulled:")), 4, 0)
        grid.addWidget(self.pull_bar, 4, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("Synchronise now"), objectName="syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.queue = _table([self.tr("Done at"), self.tr("Business"), self.tr("State"), self.tr("Attempts")],
                            "syncQueue")
        self.refused = _table([self.tr("Business"), self.tr("Result"), self.tr("The centre's reason")],
                              "syncRefused")
        self.refused.itemSelectionChanged.connect(self._update_buttons)
        refused_page = QWidget()
        col = QVBoxLayout(refused_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.refused)
        row = QHBoxLayout()
        self.resolve_button = QPushButton(self.tr("Resolve item by item and resubmit…"), objectName="syncResolve")
        self.discard_button = QPushButton(self.tr("Discard this command"), objectName="syncDiscard")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        row.addStretch(1)
        row.addWidget(self.resolve_button)
        row.addWidget(self.discard_button)
        col.addLayout(row)
        self.tabs.addTab(self.queue, "")
        self.tabs.addTab(refused_page, "")
        layout.addWidget(self.tabs, 1)
        self._items = []
        self._update_buttons()

    # --- status -----------------------------------------------------------------------------

    def show_status(self, status: SyncStatus) -> None:
        self.link.setText(status.message if status.online is False and status.message else link_text(status))
        self.last.setText(status.last_sync_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
                          if status.last_sync_at else last_sync_text(None))
        self.skew.setText(status.skew_warning or "")
        if status.upgrade:
            self.upgrade.setText(self.tr("Upgrade needed: %1").replace("%1", status.upgrade) + "\n" + queue_kept_text())
        self.upgrade.setVisible(bool(status.upgrade))
        _show_progress(self.push_bar, *status.push_progress,
                       self.tr("%1/%2 commands"), self.tr("none"))
        _show_progress(self.pull_bar, *status.pull_progress,
                       self.tr("%1/%2 changes"), self.tr("none"))
        self.tabs.setTabText(0, self.tr("Waiting to be pushed (%1)").replace("%1", str(status.pending)))
        self.tabs.setTabText(1, self.tr("Conflicts and rejections (%1)").replace("%1", str(status.refused)))
        if (status.pending, status.refused) != getattr(self, "_counts", None):
            self._counts = (status.pending, status.refused)
            self.reload()

    def sync_now(self) -> None:
        self.workstation.sync_now()

    # --- the queue and the refused ----------------------------------------------------------

    def reload(self) -> None:
        store = self.workstation.store

        def read():
            from sync import conflicts

            return conflicts.queued(store, QUEUE_ROWS), conflicts.refused(store)

        run_task(read, on_done=self._show_lists, owner=self, name="sync window lists",
                 on_failed=lambda exc: self.tabs.setToolTip(failure_text(exc)))

    def _show_lists(self, lists) -> None:
        queue, refused = lists
        self.queue.setRowCount(len(queue))
        waiting, retrying = self.tr("Waiting"), self.tr("Retrying")
        for r, item in enumerate(queue):
            when = item.created_at.astimezone(CHINA_TZ).strftime("%m-%d %H:%M:%S")
            state = retrying if item.attempts else waiting
            for c, text in enumerate((when, _command_label(item.name), state, str(item.attempts))):
                self.queue.setItem(r, c, QTableWidgetItem(text))
        self._items = refused
        self.refused.setRowCount(len(refused))
        conflict, rejected = self.tr("Conflict"), self.tr("Returned by the centre")
        for r, item in enumerate(refused):
            result = conflict if item.state == local_schema.CONFLICT else rejected
            for c, text in enumerate((_command_label(item.command.get("name", "")), result, item.reason or "")):
                self.refused.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def selected(self):
        rows = self.refused.selectionModel().selectedRows()
        return self._items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        item = self.selected()
        self.resolve_button.setEnabled(item is not None and bool(item.command.get("items")))
        self.discard_button.setEnabled(item is not None)

    def resolve_selected(self) -> None:
        from sync.conflicts import resolved_command
        from widgets.sync.conflict_dialog import ConflictDialog

        item = self.selected()
        if item is None:
            return
        dialog = ConflictDialog(item, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        command = resolved_command(item, dialog.choices())
        self._replace(item, command)

    def discard_selected(self) -> None:
        item = self.selected()
        question = self.tr("Discard \u201c%1\u201d? This workstation's changes to the record are undone and "
                           "the centre's data is restored.").replace("%1", _command_label(item.command.get("name", ""))) \
            if item is not None else ""
        if item is None or not messages.confirm(self, question):
            return
        self._replace(item, None)

    def _replace(self, item, command) -> None:
        """Discard the refused command and (if any) queue the new one, off the GUI thread and on
        the store's writer: the records go back to the central state first, which reads the centre."""
        ws = self.workstation

        def work():
            from sync import conflicts

            if command is None:
                conflicts.discard(ws.store, ws.engine.puller, item.op_id)
                return None
            return conflicts.replace(ws.store, ws.engine.puller, ws.bus, item.op_id, command)

        def done(outcome) -> None:
            ws.engine.refresh_counts()
            if outcome is not None and not outcome.ok:
                messages.fail(self, outcome.message or self.tr("The command was not accepted"))
            self.reload()

        def failed(exc) -> None:
            messages.fail(self, self.tr("The centre cannot be reached; this cannot be dealt with now: %1")
                          .replace("%1", failure_text(exc)))

        run_task(work, on_done=done, on_failed=failed, owner=self, name="resolve refused command")


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _show_progress(bar: QProgressBar, done: int, total: int, pattern: str, none: str) -> None:
    bar.setRange(0, max(total, 1))
    bar.setValue(min(done, max(total, 1)) if total else 0)
    bar.setFormat(pattern.replace("%1", str(done)).replace("%2", str(total)) if total else none)
    bar.setAlignment(Qt.AlignmentFlag.AlignCenter)
