"""流程管理: the flows in use (the latest version of each, built-in ones until an administrator
publishes) and the editor. Selecting a flow loads it into the editor; the editor's 发布 sends
PublishFlow with the flow's JSON, which the centre checks again and stores as the next version
(running instances stay on theirs). The result is said above the editor: 已发布第N版, or the
centre's reasons for refusing it, the drawing left as it was.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.flows import queries as fq
from client.flows.commands import PublishFlow
from client.flows.definition import FlowDefinition, Node, NodeKind
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common import formatting as fmt
from widgets.common import messages
from widgets.common.banner import Banner
from widgets.common.record_models import Column, RecordTableModel
from widgets.common.tables import row_height, sample_widths, set_up_list
from widgets.common.tasks import failure_text
from widgets.common.titles import screen_title
from widgets.flows.editor import FlowEditor


class FlowListModel(RecordTableModel):
    def columns(self) -> list[Column]:
        return [
            (self.tr("Key"), lambda f: f.flow_key),
            (self.tr("Name"), lambda f: f.title),
            (self.tr("Version"), lambda f: str(f.version)),
            (self.tr("Published"), lambda f: fmt.datetime_text(f.published_at)[:10] if f.published_at
             else self.tr("Built-in")),
        ]

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 3:
            record = self.record(index.row())
            return fmt.datetime_text(record.published_at) if record.published_at else None
        return super().data(index, role)

    def row_of(self, flow_key: str) -> int | None:
        for row, f in enumerate(self.records()):
            if f.flow_key == flow_key:
                return row
        return None


def blank_flow() -> FlowDefinition:
    return FlowDefinition(key="", title="", nodes=(
        Node(key="n1", kind=NodeKind.START.code, title=NodeKind.START.label, x=0, y=0),
        Node(key="n2", kind=NodeKind.END.code, title=NodeKind.END.label, x=0, y=240)))


class FlowAdminScreen(QWidget):
    #: the list on screen is the one just read
    loaded = Signal()
    #: the Outcome of a publication (applied or refused), after the screen has shown it
    published = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("flowAdminScreen")
        self.ctx = ctx
        self.flows: list[fq.FlowSummary] = []
        self.shown_key: str | None = None  # the flow in the editor ("" for a new one)
        self.dirty = False
        self.publishing = False
        self._token = 0
        self._select_after_load: str | None = None
        self.model = FlowListModel(self)
        self._build()
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.reload()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        title = screen_title(self.tr("Flows"))
        hint = QLabel(self.tr("A published version applies to cases started from then on; running cases keep "
                              "the version they started with."))
        hint.setObjectName("hintLabel")
        self.new_button = QPushButton(self.tr("New flow"))
        self.new_button.clicked.connect(self.new_flow)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(hint, 1)
        top.addWidget(self.new_button)
        self.banner = Banner(self)

        self.table = QTableView(objectName="flowList")
        self.table.setModel(self.model)
        samples = ((0, "certification.mediation"), (2, "版本"), (3, "2026-12-07"))  # untranslated: a width sample, never shown
        set_up_list(self.table, stretch=1, widths=sample_widths(self, samples, 20), height=row_height(self))
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.list_note = QLabel(objectName="hintLabel")
        self.list_note.setWordWrap(True)
        left = QFrame()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.list_note)

        self.editor = FlowEditor()
        self.editor.setObjectName("flowEditor")
        self.editor.publish_requested.connect(self.publish)
        self.editor.changed.connect(self._on_edited)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([420, 1020])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

    # --- the list ------------------------------------------------------------------------------

    def _on_changed(self, changes: frozenset) -> None:
        if "flow_definitions" in changes:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        self._token += 1
        token = self._token
        if select is not None:
            self._select_after_load = select
        self.ctx.ops.read(fq.published_flows, owner=self, done=lambda flows: self._show(token, flows),
                          failed=lambda exc: self._failed(token, exc))

    def _failed(self, token: int, exc: BaseException) -> None:
        if token == self._token:
            self.banner.show_error(self.tr("The flows could not be read: %1").replace("%1", failure_text(exc)))

    def _show(self, token: int, flows: list[fq.FlowSummary]) -> None:
        if token != self._token:
            return
        self.flows = list(flows)
        wanted = self._select_after_load or self.shown_key
        self._select_after_load = None
        self.table.selectionModel().blockSignals(True)
        try:
            self.model.set_records(self.flows)
        finally:
            self.table.selectionModel().blockSignals(False)
        self.list_note.setText(self.tr("%1 flows").replace("%1", str(len(self.flows))))
        row = self.model.row_of(wanted) if wanted else None
        if row is None and self.flows and self.shown_key is None:
            row = 0
        if row is not None:
            self._select(row)
            summary = self.flows[row]
            if not self.dirty or summary.flow_key != self.shown_key:
                self._load(summary)
        self.loaded.emit()

    def _select(self, row: int) -> None:
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            selection.blockSignals(False)

    def select_flow(self, flow_key: str) -> bool:
        """Selects a flow of the list and loads it into the editor (as a click does)."""
        row = self.model.row_of(flow_key)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        return self.shown_key == flow_key

    def current(self) -> fq.FlowSummary | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() and index.row() < self.model.rowCount() else None

    def _on_row_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        summary = self.model.record(current.row())
        if summary.flow_key == self.shown_key:
            return
        if self.dirty and not messages.confirm(self, self.tr("The flow being edited has changes that are not "
                                                             "published. Discard them?")):
            row = self.model.row_of(self.shown_key) if self.shown_key else None
            if row is not None:
                self._select(row)
            return
        self._load(summary)

    def _load(self, summary: fq.FlowSummary) -> None:
        self.editor.load(FlowDefinition.from_json(summary.body))
        self.shown_key = summary.flow_key
        self.dirty = False

    def new_flow(self) -> None:
        if self.dirty and not messages.confirm(self, self.tr("The flow being edited has changes that are not "
                                                             "published. Discard them?")):
            return
        self.table.selectionModel().blockSignals(True)
        self.table.clearSelection()
        self.table.setCurrentIndex(self.model.index(-1, -1))
        self.table.selectionModel().blockSignals(False)
        self.editor.load(blank_flow())
        self.shown_key = ""
        self.dirty = False
        self.banner.clear()

    def _on_edited(self) -> None:
        self.dirty = True

    def has_unsaved_work(self) -> bool:
        """The shell asks before signing out."""
        return self.dirty

    # --- publishing ----------------------------------------------------------------------------

    def publish(self, body: str) -> None:
        """Sends the editor's flow as the next version of its key."""
        if self.publishing:
            return
        self.publishing = True
        self.editor.publish_button.setEnabled(False)
        self.banner.clear()
        principal = self.ctx.principal
        self.ctx.ops.write(PublishFlow(user_id=principal.user_id, device_id=self.ctx.device_id, body=body),
                           owner=self, done=lambda outcome: self._published(body, outcome),
                           failed=self._publish_failed)

    def _publish_failed(self, exc: BaseException) -> None:
        self.publishing = False
        self.editor.publish_button.setEnabled(True)
        self.banner.show_error(self.tr("Not published: %1").replace("%1", failure_text(exc)))

    def _published(self, body: str, outcome: Outcome) -> None:
        self.publishing = False
        self.editor.publish_button.setEnabled(True)
        if outcome.ok:
            flow = FlowDefinition.from_json(body)
            version = outcome.result.get("version")
            self.banner.show_success(self.tr("Published version %1 of %2.").replace("%1", str(version))
                                     .replace("%2", flow.title or flow.key), None)
            self.dirty = False
            self.shown_key = flow.key
            self.reload(select=flow.key)
        else:
            reasons = [e.message for e in outcome.errors] or [outcome.message or ""]
            self.banner.show_error(self.tr("Not published: %1").replace("%1", "\n".join(r for r in reasons if r)))
        self.published.emit(outcome)

    def banner_text(self) -> str:
        return self.banner.text.text() if self.banner.isVisibleTo(self) else ""
