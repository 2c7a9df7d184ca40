"""待办: everything waiting on the reader — their own tasks, those of colleagues who delegated to
them (代X办理), for a unit head the unit's tasks overdue past the flow's threshold (催办) — and
the copies sent to them (抄送), soonest deadline first.

The list can hold ten thousand items: it is one model over the query's list (no widget per row),
texts made only for the rows painted, sorting done on the list in Python. Rows due soon read
amber, overdue rows red with 超期N个工作日; a 督办 mark carries the supervisor's note as its
tooltip. Opening an item (double-click, 办理) shows the instance dialog; opening a copy marks it
read. The list reloads itself when the "flows" change tag fires.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QRectF, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.flows import queries as fq
from client.flows.commands import MarkCopyRead
from client.flows.engine import COPY
from client.kernel.roles import Role
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common.record_models import RECORD_ROLE
from widgets.common.tables import row_height, sample_widths, set_up_list
from widgets.common.tasks import failure_text
from widgets.common.titles import screen_title

AMBER, RED, MUTED = "#B26A00", "#C62828", "#8A94A3"
COL_TITLE, COL_NODE, COL_OPENED, COL_DUE, COL_STATE, COL_MARKS = range(6)

#: the filter's choices: (key, predicate)
FILTERS: dict[str, Callable[[Any], bool]] = {
    "all": lambda i: True,
    "overdue": lambda i: i.urgency == fq.OVERDUE,
    "soon": lambda i: i.urgency == fq.DUE_SOON,
    "supervised": lambda i: bool(i.supervise_note),
    "delegated": lambda i: i.on_behalf_of is not None,
    "copy": lambda i: i.kind == COPY,
}


@cache
def _dot(colour: str) -> QIcon:
    """The state's mark: a dot that keeps its colour on a selected row (whose text the style
    sheet draws dark)."""
    pixmap = QPixmap(20, 20)
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(1.5, 1.5, 7, 7))
    painter.end()
    icon = QIcon()
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active):
        icon.addPixmap(pixmap, mode)
    return icon


def _sort_keys() -> dict[int, Callable[[Any], Any]]:
    far = dt.date.max
    return {
        COL_TITLE: lambda i: i.instance_title,
        COL_NODE: lambda i: i.node_title,
        COL_OPENED: lambda i: i.opened_at,
        COL_DUE: lambda i: (i.kind == COPY, i.due_on or far, i.opened_at),
        COL_STATE: lambda i: (i.kind == COPY, -i.overdue_days, {fq.OVERDUE: 0, fq.DUE_SOON: 1}.get(i.urgency, 2),
                              i.due_on or far),
        COL_MARKS: lambda i: (not i.supervise_note, not i.escalated, i.on_behalf_of is None, i.due_on or far),
    }


class TodoModel(QAbstractTableModel):
    """The 待办 list: TodoItems, filtered and sorted here; texts made when a row is painted."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list = []
        self._rows: list = []
        self._filter = "all"
        self._sort: tuple[int, Qt.SortOrder] = (COL_DUE, Qt.SortOrder.AscendingOrder)
        self._headers = [self.tr("Item"), self.tr("Node"), self.tr("Received"), self.tr("Deadline"),
                         self.tr("State"), self.tr("Marks")]

    # --- the list ------------------------------------------------------------------------------

    def set_items(self, items: list) -> None:
        self.beginResetModel()
        self._all = list(items)
        self._rows = self._arranged()
        self.endResetModel()

    def set_filter(self, key: str) -> None:
        self.beginResetModel()
        self._filter = key if key in FILTERS else "all"
        self._rows = self._arranged()
        self.endResetModel()

    def _arranged(self) -> list:
        keep = FILTERS[self._filter]
        rows = [i for i in self._all if keep(i)] if self._filter != "all" else list(self._all)
        column, order = self._sort
        rows.sort(key=_sort_keys()[column], reverse=order == Qt.SortOrder.DescendingOrder)
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:  # noqa: D401
        if column not in _sort_keys():
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._rows = self._arranged()
        self.layoutChanged.emit()

    def item(self, row: int):
        return self._rows[row]

    def items(self) -> list:
        return list(self._rows)

    def row_of(self, task_id: str) -> int | None:
        for row, item in enumerate(self._rows):
            if item.task_id == task_id:
                return row
        return None

    # --- what a row reads ----------------------------------------------------------------------

    def state_text(self, item) -> str:
        if item.kind == COPY:
            return self.tr("Copy")
        if item.urgency == fq.OVERDUE:
            return self.tr("Overdue %1 working day(s)").replace("%1", str(item.overdue_days))
        if item.urgency == fq.DUE_SOON:
            return self.tr("Due soon")
        return self.tr("In time")

    def marks_text(self, item) -> str:
        marks = []
        if item.supervise_note:
            marks.append(self.tr("Supervised"))
        if item.escalated:
            marks.append(self.tr("Escalated (held by %1)").replace("%1", item.assignee_name))
        elif item.on_behalf_of:
            marks.append(self.tr("On behalf of %1").replace("%1", item.on_behalf_of))
        return " · ".join(marks)

    def marks_tooltip(self, item) -> str | None:
        lines = []
        if item.supervise_note:
            lines.append(self.tr("Supervision (%1): %2").replace("%1", fmt.datetime_text(item.supervised_at))
                         .replace("%2", item.supervise_note))
        if item.escalated:
            lines.append(self.tr("Overdue past the flow's limit: raised to you as the unit's head"))
        elif item.on_behalf_of:
            lines.append(self.tr("Delegated to you by %1").replace("%1", item.on_behalf_of))
        return "\n".join(lines) or None

    def colour(self, item) -> QColor | None:
        if item.kind == COPY:
            return QColor(MUTED)
        if item.urgency == fq.OVERDUE:
            return QColor(RED)
        if item.urgency == fq.DUE_SOON:
            return QColor(AMBER)
        return None

    def _text(self, item, column: int) -> str:
        if column == COL_TITLE:
            return item.instance_title
        if column == COL_NODE:
            return item.node_title
        if column == COL_OPENED:
            return fmt.datetime_text(item.opened_at)
        if column == COL_DUE:
            return fmt.date_text(item.due_on) if item.kind != COPY else ""
        if column == COL_STATE:
            return self.state_text(item)
        return self.marks_text(item)

    # --- Qt's model ----------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(item)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATE:
            return _dot(self.colour(item).name()) if item.urgency != fq.NORMAL and item.kind != COPY else None
        if role == Qt.ItemDataRole.FontRole:
            if column == COL_STATE and item.urgency == fq.OVERDUE and item.kind != COPY:
                font = QFont()
                font.setBold(True)
                return font
            if column == COL_MARKS and item.supervise_note:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_MARKS or (column == COL_STATE and item.supervise_note):
                return self.marks_tooltip(item)
            if column == COL_TITLE:
                return item.instance_title
            return None
        if role == RECORD_ROLE:
            return item
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None


class TodoScreen(QWidget):
    #: the list on screen is the one just read
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("todoScreen")
        self.ctx = ctx
        self.todo: fq.TodoList | None = None
        self.dialog = None  # the instance dialog last opened
        self.side_dialog = None  # the 委托 / 督办 dialog last opened
        self.loading = False
        self._token = 0
        principal = ctx.principal
        self.supervisor = principal is not None and (principal.has(Role.OFFICE_HEAD) or principal.has(Role.ADMIN))
        self.model = TodoModel(self)
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        title = screen_title(self.tr("To-do"))
        self.count_label = QLabel(objectName="todoCount")
        self.filter = QComboBox(objectName="todoFilter")
        for key, text in (("all", self.tr("All items")), ("overdue", self.tr("Overdue")),
                          ("soon", self.tr("Due soon")), ("supervised", self.tr("Supervised")),
                          ("delegated", self.tr("Delegated to me")), ("copy", self.tr("Copies"))):
            self.filter.addItem(text, key)
        self.filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.delegate_button = QPushButton(self.tr("Delegation…"))
        self.delegate_button.setToolTip(self.tr("Let a colleague handle your tasks while you are away"))
        self.delegate_button.clicked.connect(self.open_delegation)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.filter)
        top.addSpacing(12)
        top.addWidget(self.delegate_button)
        top.addWidget(self.refresh_button)

        self.table = QTableView(objectName="todoTable")
        self.table.setModel(self.model)
        samples = ((COL_NODE, "鉴证员审查审查"), (COL_OPENED, "2026-12-07 15:19  "),  # untranslated: width samples, never shown
                   (COL_DUE, "2026-12-07  "), (COL_STATE, "超期12个工作日  "),  # untranslated: width samples, never shown
                   (COL_MARKS, "督办 · 催办（许文静）"))  # untranslated: width samples, never shown
        header = set_up_list(self.table, stretch=COL_TITLE, widths=sample_widths(self, samples, 24),
                             height=row_height(self), fixed_rows=True)
        header.setSortIndicator(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda index: self.open_item(self.model.item(index.row())))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, lambda: self.open_item(self.current()),
                      context=Qt.ShortcutContext.WidgetShortcut)

        self.hint = QLabel(self.tr("Double-click an item (or press Enter) to open it."))
        self.hint.setObjectName("hintLabel")
        self.error = QLabel(objectName="errorLabel")
        self.error.setWordWrap(True)
        self.error.hide()
        self.supervise_button = QPushButton(self.tr("Supervise…"))
        self.supervise_button.setToolTip(self.tr("Give a colleague's open task a note and a new deadline"))
        self.supervise_button.clicked.connect(self.open_supervise)
        self.supervise_button.setVisible(self.supervisor)
        self.open_button = QPushButton(self.tr("Handle"))
        self.open_button.setObjectName("primaryButton")
        self.open_button.clicked.connect(lambda: self.open_item(self.current()))
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.supervise_button)
        bottom.addWidget(self.open_button)

        self.setFocusProxy(self.table)  # keyboard-first: arrows and Enter work on the list at once
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- loading -------------------------------------------------------------------------------

    def _on_changed(self, changes: frozenset) -> None:
        if "flows" in changes:
            self.reload()

    def reload(self) -> None:
        """Read the list in the background; the list shown stays until the answer comes."""
        self._token += 1
        token = self._token
        self.loading = True
        self.ctx.ops.read(fq.todo_list, self.ctx.principal, owner=self,
                          done=lambda todo: self._show(token, todo), failed=lambda exc: self._failed(token, exc))

    def _failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        self.loading = False
        self.error.setText(self.tr("The list could not be read: %1").replace("%1", failure_text(exc)))
        self.error.show()

    def _show(self, token: int, todo: fq.TodoList) -> None:
        if token != self._token:
            return
        self.loading = False
        self.error.hide()
        self.show_list(todo)
        self.loaded.emit()

    def show_list(self, todo: fq.TodoList) -> None:
        """Shows a 待办 list (the selected item stays selected if it is still there)."""
        current = self.current()
        keep = current.task_id if current else None
        self.todo = todo
        self.model.set_items(todo.items)
        self._show_count()
        row = self.model.row_of(keep) if keep else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.select_row(row)
        self._update_buttons()

    def _apply_filter(self) -> None:
        current = self.current()
        self.model.set_filter(self.filter.currentData())
        row = self.model.row_of(current.task_id) if current else None
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.select_row(row)
        self._show_count()
        self._update_buttons()

    def _show_count(self) -> None:
        todo = self.todo
        if todo is None:
            self.count_label.clear()
            return
        copies = sum(1 for i in todo.items if i.kind == COPY)
        tasks = len(todo.items) - copies
        parts = [self.tr("%1 to do").replace("%1", f"{tasks:,}")]
        if todo.overdue:
            parts.append(f"<span style='color:{RED}'>" + self.tr("%1 overdue").replace("%1", f"{todo.overdue:,}")
                         + "</span>")
        if todo.due_soon:
            parts.append(f"<span style='color:{AMBER}'>" + self.tr("%1 due soon").replace("%1", f"{todo.due_soon:,}")
                         + "</span>")
        if copies:
            parts.append(self.tr("%1 copies unread").replace("%1", f"{copies:,}"))
        if self.model.rowCount() != len(todo.items):
            parts.append(self.tr("%1 shown").replace("%1", f"{self.model.rowCount():,}"))
        self.count_label.setText(" · ".join(parts))

    def count_text(self) -> str:
        """The count line as plain text (tests, screen readers)."""
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(self.count_label.text()).toPlainText()

    # --- the selection -------------------------------------------------------------------------

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def select_task(self, task_id: str) -> bool:
        row = self.model.row_of(task_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    def current(self):
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.item(index.row())

    def _may_supervise(self, item) -> bool:
        principal = self.ctx.principal
        return (self.supervisor and item is not None and item.kind != COPY
                and item.assignee_id != principal.user_id)

    def _update_buttons(self) -> None:
        item = self.current()
        self.open_button.setEnabled(item is not None)
        self.supervise_button.setEnabled(self._may_supervise(item))
        if self.supervisor:
            self.supervise_button.setToolTip(
                self.tr("Give a colleague's open task a note and a new deadline") if item is None
                or self._may_supervise(item) else self.tr("Only a colleague's task can be supervised"))

    # --- acting --------------------------------------------------------------------------------

    def open_item(self, item):
        """The instance dialog of an item (a copy is marked read as it is opened)."""
        from widgets.flows.instance_dialog import InstanceDialog

        if item is None:
            return None
        if item.kind == COPY and item.assignee_id == self.ctx.principal.user_id:
            self.ctx.ops.write(MarkCopyRead(user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
                                            task_id=item.task_id),
                               owner=self, done=self._copy_read, failed=self._show_write_failure)
        dialog = InstanceDialog(self.ctx, item.instance_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._dialog_gone(d))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_gone(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _copy_read(self, outcome) -> None:
        if not outcome.ok:
            self.error.setText(outcome.message or "")
            self.error.show()

    def _show_write_failure(self, exc: BaseException) -> None:
        self.error.setText(failure_text(exc))
        self.error.show()

    def open_delegation(self):
        from widgets.flows.step_dialogs import DelegationDialog

        dialog = DelegationDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.side_dialog = dialog
        dialog.open()
        return dialog

    def open_supervise(self):
        from widgets.flows.step_dialogs import SuperviseDialog

        item = self.current()
        if not self._may_supervise(item):
            return None
        dialog = SuperviseDialog(self.ctx, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.side_dialog = dialog
        dialog.open()
        return dialog
