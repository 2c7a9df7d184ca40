"""A ledger (台账) as the areas' screens show one — applications for certification, mediation
cases, incoming and outgoing documents: searched (text, the area's own filters, a state) above,
the records found in a list, and the record selected in its detail pane (detail_pane.py) below,
with the dialogs of what the reader may do on it, its flow and its printed documents.

Reads run on the pool, the newest answer of each kind shown; commands go through the dialogs
(action_dialog.ActionDialog); the screen reads again when the bus says its area or the flows
changed.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from widgets.app_context import AppContext
from widgets.common.detail_pane import MUTED, DetailPane
from widgets.common.action_dialog import ActionDialog
from widgets.common.banner import Banner
from widgets.common.record_models import RecordTableModel
from widgets.common.tables import set_up_list
from widgets.common.tasks import failure_text


class FlowStepsDialog(QDialog):
    """The flow of a record, read only: drawn, with its steps (widgets/flows/history.py)."""

    def __init__(self, ctx: AppContext, instance_id: str, parent: QWidget | None = None):
        from widgets.flows.history import InstanceDiagram

        super().__init__(parent)
        self.setObjectName("certificationFlowDialog")
        self.setWindowTitle(self.tr("Flow"))
        self.resize(1100, 560)
        self.diagram = InstanceDiagram(self)
        self.note = QLabel(self.tr("Loading…"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.diagram, 1)
        layout.addWidget(buttons)
        from client.flows import queries as fq

        ctx.ops.read(fq.instance_view, ctx.principal, instance_id, owner=self, done=self._show,
                     failed=lambda exc: self.note.setText(failure_text(exc)))

    def _show(self, view) -> None:
        from client.flows.definition import FlowDefinition

        if view is None:
            self.note.setText(self.tr("The flow is not in your jurisdiction."))
            return
        self.note.setText(view.title)
        self.diagram.show_instance(FlowDefinition.from_json(view.flow_json), set(view.current_nodes),
                                   set(view.visited_nodes), view.steps)


def open_flow(ctx: AppContext, instance_id: str, parent: QWidget, on_stepped) -> QDialog:
    """The flows area's instance dialog (its steps, and the engine's actions on the reader's task),
    or, where that is not installed, the read-only drawing with its steps."""
    try:
        from widgets.flows.instance_dialog import InstanceDialog
    except ImportError:
        dialog = FlowStepsDialog(ctx, instance_id, parent)
    else:
        dialog = InstanceDialog(ctx, instance_id, parent)
        dialog.stepped.connect(on_stepped)
    dialog.open()
    return dialog


class LedgerScreen(QWidget):
    """A subclass names its reads (`search_query`, `detail_query`), the changes it hears
    (`CHANGES`), its search (`search_placeholder`, `states`, `filter_widgets`, `filters`), its
    list (`make_model`, `STRETCH`, `WIDTHS`, `row_id`, `count_text`), its pane (`make_pane`) and
    what the reader may do (`_update_buttons`, `new_application`, `_applied` and the actions);
    its __init__ ends with `start()`."""

    # the bus's change tags that make the screen read again
    CHANGES: set[str] = set()
    # the prefix of its widgets' object names
    PREFIX = ""
    # the column of the list that takes the room left, and the others' widths ((column, px) each)
    STRETCH = 0
    WIDTHS: tuple[tuple[int, int], ...] = ()
    # client.certification.queries (a staticmethod each): (principal, **filters) -> the rows;
    # (principal, id) -> the detail of one
    search_query: Callable[..., list]
    detail_query: Callable[..., Any]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list = []
        self.detail = None
        self.dialog: QDialog | None = None  # the action dialog open now
        self.pdf_dialog = None
        self._selected_id: str | None = None
        self._list_token = self._detail_token = 0
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)

    def start(self) -> None:
        """Lays the screen out and reads the list (the subclass's __init__ ends with it)."""
        self._build()
        if self.ctx.changes is not None:
            self.ctx.changes.changed.connect(self._on_changed)
        self.search()

    # --- what the subclass says ---------------------------------------------------------------

    def search_placeholder(self) -> str:
        raise NotImplementedError

    def states(self) -> list:
        """The states to filter by (an enum: label and code each)."""
        raise NotImplementedError

    def new_text(self) -> str:
        """The label of the button that starts a new record."""
        return self.tr("New application…")

    def filter_widgets(self) -> list[QWidget]:
        """The area's own filters, between the search box and the state."""
        return []

    def filters(self) -> dict:
        """The search as `search_query` takes it."""
        return {"text": self.search_box.text().strip(), "state": self.state_filter.currentData()}

    def make_model(self) -> RecordTableModel:
        raise NotImplementedError

    def make_pane(self) -> DetailPane:
        raise NotImplementedError

    def row_id(self, row) -> str:
        raise NotImplementedError

    def count_text(self, count: int) -> str:
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def _applied(self, outcome) -> None:
        raise NotImplementedError

    def new_application(self):
        raise NotImplementedError

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_box = QLineEdit(objectName=f"{self.PREFIX}Search")
        self.search_box.setPlaceholderText(self.search_placeholder())
        self.search_box.returnPressed.connect(self.search)
        self.state_filter = QComboBox(objectName=f"{self.PREFIX}StateFilter")
        self.state_filter.addItem(self.tr("All states"), None)
        for state in self.states():
            self.state_filter.addItem(state.label, state.code)
        self.state_filter.currentIndexChanged.connect(self.search)
        search_button = QPushButton(self.tr("Search"), objectName=f"{self.PREFIX}SearchButton")
        search_button.clicked.connect(self.search)
        self.new_button = QPushButton(self.new_text(), objectName="primaryButton")
        self.new_button.clicked.connect(self.new_application)
        top.addWidget(self.search_box, 1)
        for widget in self.filter_widgets():
            top.addWidget(widget)
        top.addWidget(self.state_filter)
        top.addWidget(search_button)
        top.addSpacing(12)
        top.addWidget(self.new_button)
        outer.addLayout(top)
        self.banner = Banner(self)
        outer.addWidget(self.banner)

        self.model = self.make_model()
        self.table = QTableView(objectName=f"{self.PREFIX}Table")
        self.table.setModel(self.model)
        set_up_list(self.table, stretch=self.STRETCH, widths=self.WIDTHS)
        self.table.selectionModel().selectionChanged.connect(self._row_selected)
        self.count_label = QLabel(objectName=f"{self.PREFIX}Count")
        self.count_label.setStyleSheet(f"color: {MUTED}")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        self.pane = self.make_pane()

        # the list above, the record below (as the inspection plans show a plan's entities)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(self.pane)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        self.split = split
        self._sized = False
        outer.addWidget(split, 1)
        self._update_buttons()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized:  # the first time it has a height: a few rows of the list, the rest the detail
            self._sized = True
            height = max(self.split.height(), 600)
            self.split.setSizes([min(260, height // 3), height - min(260, height // 3)])

    # --- reads ------------------------------------------------------------------------------------

    def _read(self, fn, *args, done, **kwargs) -> None:
        """A read on the pool; a failure is shown in the banner."""
        self.ctx.ops.read(fn, *args, owner=self, done=done,
                          failed=lambda exc: self.banner.show_error(failure_text(exc)), **kwargs)

    def search(self) -> None:
        self._list_token += 1
        token = self._list_token
        self._read(self.search_query, self.ctx.principal, **self.filters(),
                   done=lambda rows: self._show_rows(rows) if token == self._list_token else None)

    def refresh(self) -> None:
        self.search()
        if self._selected_id:
            self.load_detail(self._selected_id)

    def _on_changed(self, changes: frozenset) -> None:
        if self.CHANGES & set(changes):
            self._refresh_timer.start()  # once for a burst of changes

    def _show_rows(self, rows: list) -> None:
        self.rows = rows
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.set_records(rows)
        for r, row in enumerate(rows):
            if self.row_id(row) == self._selected_id:
                self.table.selectRow(r)
        selection.blockSignals(False)
        self.count_label.setText(self.count_text(len(rows)))

    def _row_selected(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.select(self.row_id(self.rows[rows[0].row()]))

    def select(self, record_id: str) -> None:
        self._selected_id = record_id
        self.load_detail(record_id)

    def select_row(self, record_id: str) -> None:
        """The record's row selected in the list (no read: the caller reads its detail)."""
        selection = self.table.selectionModel()
        for r, row in enumerate(self.rows):
            if self.row_id(row) == record_id and not selection.isRowSelected(r, QModelIndex()):
                selection.blockSignals(True)
                self.table.selectRow(r)
                selection.blockSignals(False)

    def load_detail(self, record_id: str) -> None:
        self._detail_token += 1
        token = self._detail_token
        self._read(self.detail_query, self.ctx.principal, record_id,
                   done=lambda d: self._show_detail(d) if token == self._detail_token else None)

    def _show_detail(self, detail) -> None:
        self.detail = detail
        self.pane.show_detail(detail)
        self._update_buttons()

    # --- dialogs and documents ------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.deleteLater()  # the previous one, long closed
        self.dialog = dialog
        if isinstance(dialog, ActionDialog):
            dialog.applied.connect(self._applied)
        dialog.open()
        return dialog

    def _flow_stepped(self) -> None:
        """A step taken in the flow's dialog."""
        self.refresh()

    def show_flow(self):
        d = self.detail
        if d is None or d.instance_id is None:
            return None
        dialog = open_flow(self.ctx, d.instance_id, self, lambda *_: self._flow_stepped())
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        return dialog

    def _print(self, fn, record_id: str, title: str, name: str, object_name: str) -> None:
        """A document of the record (`fn`: its PDF), read and shown to be printed or saved."""
        def show(pdf: bytes) -> None:
            from widgets.common.pdf_dialog import PdfPreviewDialog

            dialog = PdfPreviewDialog(pdf, title=title, suggested_name=name, parent=self)
            dialog.setObjectName(object_name)
            if self.pdf_dialog is not None:
                self.pdf_dialog.deleteLater()
            self.pdf_dialog = dialog
            dialog.open()

        self._read(fn, self.ctx.principal, record_id, done=show)
