"""我的检查任务: the inspector's tasks on the left, the record of the chosen one on the right.

Reads on the pool (ctx.ops) from the office's replica, so the list and the form work in the
field with no network; the list reloads itself when a command or a pull changes inspections.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.inspections import queries as q
from widgets.app_context import AppContext
from widgets.common.tasks import failure_text
from widgets.inspections.models import TaskListModel


class MyTasksScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = TaskListModel(self)
        self.model.me = ctx.principal.user_id if ctx.principal else ""
        self.form = None
        self._read = 0  # the newest read wins
        self._reloading = False
        self.loading = False
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    def _build(self) -> None:
        title = QLabel(self.tr("My inspection tasks"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        self.count_label = QLabel()
        self.show_done = QCheckBox(self.tr("Show completed"))
        self.show_done.toggled.connect(lambda _on: self.reload())
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.show_done)
        top.addWidget(refresh)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((0, 210), (1, 190), (2, 90), (3, 64), (4, 150)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._open_current())

        self.empty = QLabel(self.tr("Choose a task to fill in its inspection record."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 760])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _on_changed(self, changes: frozenset) -> None:
        if "inspections" in changes:
            self.reload(keep_form=True)

    def reload(self, *, keep_form: bool = False) -> None:
        """Read the tasks again; the table keeps what it shows until they are back."""
        self._read += 1
        token = self._read
        self.loading = True
        self.count_label.setText(self.tr("Loading..."))
        self.ctx.ops.read(q.my_tasks, self.ctx.principal, include_done=self.show_done.isChecked(), owner=self,
                          done=lambda rows: self._show(token, rows, keep_form),
                          failed=lambda exc: self._failed(token, exc))

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._read:
            self.loading = False
            self.count_label.setText(failure_text(exc))

    def _show(self, token: int, rows: list[q.TaskRow], keep_form: bool) -> None:
        if token != self._read:
            return
        self.loading = False
        current = self.current()
        self._reloading = True
        try:
            self.model.set_records(rows)
        finally:
            self._reloading = False
        self.count_label.setText(self.tr("%1 tasks").replace("%1", str(len(rows))))
        row = self.model.row_of(current.id) if current else None
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            if not keep_form:
                self._open_current()

    def current(self) -> q.TaskRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.record(index.row())

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _open_current(self) -> None:
        from widgets.inspections.record_form import RecordForm

        if self._reloading:
            return
        task = self.current()
        if task is None:
            return
        if self.form is not None and self.form.task.id == task.id and not self.form.load_failed:
            return
        if self.form is not None:
            self.stack.removeWidget(self.form)
            self.form.deleteLater()
        self.form = RecordForm(self.ctx, task, self)
        self.stack.addWidget(self.form)
        self.stack.setCurrentWidget(self.form)
