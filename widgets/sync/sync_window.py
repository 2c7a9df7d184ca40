"""The sync window: where the link stands, a real progress bar over commands pushed and rows
pulled, the queue of pending commands, and the conflicts and rejections to deal with.

Everything it reads (the queue, the refused commands) is read on a worker thread; the
engine's status arrives by a queued signal, so opening it during a long push never stalls
the screen.
"""
from __future__ import annotations

import json

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
from sync.engine import SyncStatus
from widgets.common import messages
from widgets.common.tasks import run_task
from widgets.sync.status import StatusBridge

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
        self.setWindowTitle("数据同步")
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
        grid.addWidget(QLabel("连接状态："), 0, 0)
        grid.addWidget(self.link, 0, 1)
        grid.addWidget(QLabel("上次同步："), 1, 0)
        grid.addWidget(self.last, 1, 1)
        grid.addWidget(self.skew, 2, 0, 1, 2)
        self.push_bar = QProgressBar(objectName="syncPushBar")
        self.pull_bar = QProgressBar(objectName="syncPullBar")
        for bar in (self.push_bar, self.pull_bar):
            bar.setRange(0, 1)
            bar.setValue(0)
            bar.setStyleSheet(PROGRESS_STYLE)
        grid.addWidget(QLabel("上传命令："), 3, 0)
        grid.addWidget(self.push_bar, 3, 1)
        grid.addWidget(QLabel("下载变更："), 4, 0)
        grid.addWidget(self.pull_bar, 4, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        self.sync_button = QPushButton("立即同步", objectName="syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.tabs = QTabWidget()
        self.queue = _table(["办理时间", "业务", "状态", "尝试次数"], "syncQueue")
        self.refused = _table(["业务", "结果", "中心给出的原因"], "syncRefused")
        self.refused.itemSelectionChanged.connect(self._update_buttons)
        refused_page = QWidget()
        col = QVBoxLayout(refused_page)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.refused)
        row = QHBoxLayout()
        self.resolve_button = QPushButton("逐项处理后重新提交…", objectName="syncResolve")
        self.discard_button = QPushButton("放弃此命令", objectName="syncDiscard")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        row.addStretch(1)
        row.addWidget(self.resolve_button)
        row.addWidget(self.discard_button)
        col.addLayout(row)
        self.tabs.addTab(self.queue, "待上传")
        self.tabs.addTab(refused_page, "冲突与退回")
        layout.addWidget(self.tabs, 1)
        self._items = []
        self._update_buttons()

    # --- status -----------------------------------------------------------------------------

    def show_status(self, status: SyncStatus) -> None:
        if status.online is None:
            self.link.setText("正在连接中心…")
        elif status.online:
            self.link.setText("在线")
        else:
            self.link.setText(status.message or "离线（自动重试）")
        self.last.setText(status.last_sync_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
                          if status.last_sync_at else "从未同步")
        self.skew.setText(status.skew_warning or "")
        _show_progress(self.push_bar, *status.push_progress, "条命令")
        _show_progress(self.pull_bar, *status.pull_progress, "条变更")
        self.tabs.setTabText(0, f"待上传（{status.pending}）")
        self.tabs.setTabText(1, f"冲突与退回（{status.refused}）")
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

            return _queue_rows(store), conflicts.refused(store)

        run_task(read, on_done=self._show_lists, owner=self)

    def _show_lists(self, lists) -> None:
        queue, refused = lists
        self.queue.setRowCount(len(queue))
        for r, (created, name, state, attempts) in enumerate(queue):
            for c, text in enumerate((created, _command_label(name), state, str(attempts))):
                self.queue.setItem(r, c, QTableWidgetItem(text))
        self._items = refused
        self.refused.setRowCount(len(refused))
        for r, item in enumerate(refused):
            for c, text in enumerate((_command_label(item.command.get("name", "")), item.label, item.reason or "")):
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
        if item is None or not messages.confirm(self, f"放弃“{_command_label(item.command.get('name', ''))}”？"
                                                      "本机对该记录的修改将被撤销，恢复为中心的数据。"):
            return
        self._replace(item, None)

    def _replace(self, item, command) -> None:
        """Discard the refused command and (if any) queue the new one, off the GUI thread:
        the records go back to the central state first, which reads the centre."""
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
                messages.fail(self, outcome.message or "重新提交未成功")
            self.reload()

        run_task(work, on_done=done, on_failed=lambda exc: messages.fail(
            self, f"无法连接中心数据库，暂不能处理：{str(exc)[:120]}"), owner=self)


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _show_progress(bar: QProgressBar, done: int, total: int, unit: str) -> None:
    bar.setRange(0, max(total, 1))
    bar.setValue(min(done, max(total, 1)) if total else 0)
    bar.setFormat(f"{done}/{total} {unit}" if total else "无")
    bar.setAlignment(Qt.AlignmentFlag.AlignCenter)


def _queue_rows(store) -> list[tuple[str, str, str, int]]:
    import datetime as dt

    import sqlalchemy as sa

    from sync import local_schema

    t = local_schema.outbox
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.created_at, t.c.name, t.c.state, t.c.attempts)
                            .where(t.c.state == local_schema.PENDING)
                            .order_by(t.c.seq).limit(QUEUE_ROWS)).all()
    out = []
    for created, name, _state, attempts in rows:
        when = dt.datetime.fromisoformat(created).astimezone(CHINA_TZ).strftime("%m-%d %H:%M:%S")
        out.append((when, name, "待上传" if not attempts else "重试中", attempts or 0))
    return out


__all__ = ["SyncWindow", "json"]
