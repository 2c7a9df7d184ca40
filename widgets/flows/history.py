"""An instance's history: the steps taken, as a table beside the drawing of its flow.

A step is whatever the caller reads (client/flows queries): any object with the attributes
    node_title: str, actor_name: str, action_label: str, opinion: str,
    opened_at: datetime (UTC), decided_at: datetime | None (None: still open), took_label: str
so this module names no query's row type and any frozen dataclass of those fields will do.
Times read in Beijing time (widgets/common/formatting.py), whatever the workstation's zone.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.flows.definition import FlowDefinition
from widgets.common import formatting as fmt
from widgets.common.record_models import Column, RecordTableModel
from widgets.common.tables import set_up_list
from widgets.flows.drawing import FlowScene, FlowView

COL_NODE, COL_ACTOR, COL_ACTION, COL_OPINION, COL_OPENED, COL_DECIDED, COL_TOOK = range(7)


class StepsModel(RecordTableModel):
    """The steps, oldest first; a step still open reads 办理中 and is drawn in the accent."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Node"), lambda s: s.node_title),
            (self.tr("Handled by"), lambda s: s.actor_name or ""),
            (self.tr("Action"), lambda s: s.action_label or (self.tr("In progress") if _waiting(s) else "")),
            (self.tr("Opinion"), lambda s: s.opinion or ""),
            (self.tr("Received"), lambda s: fmt.datetime_text(s.opened_at)),
            (self.tr("Handled"), lambda s: fmt.datetime_text(s.decided_at)),
            (self.tr("Time taken"), lambda s: s.took_label or ""),
        ]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and 0 <= index.row() < self.rowCount():
            step = self.record(index.row())
            if _waiting(step):
                return QColor("#C8161D")  # where the instance waits now
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == COL_OPINION:
            return self.record(index.row()).opinion or None  # long opinions are cut in the cell
        return super().data(index, role)


def _waiting(step) -> bool:
    """Still open: undecided, and not closed because someone else decided its node (a step
    without a `state` is judged by its decision time alone)."""
    return step.decided_at is None and getattr(step, "state", "open") == "open"


class FlowHistory(QWidget):
    """The table of an instance's steps (set_steps)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = StepsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_list(self.table, stretch=COL_OPINION, widths=((COL_NODE, 110), (COL_ACTOR, 76), (COL_ACTION, 70),
                                                             (COL_OPENED, 126), (COL_DECIDED, 126), (COL_TOOK, 80)))
        self.heading = QLabel(self.tr("Steps"))
        self.heading.setObjectName("sectionTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 8, 8)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)

    def set_steps(self, steps: Sequence[Any]) -> None:
        self.model.set_records(steps)
        if steps:
            self.table.scrollToBottom()


class InstanceDiagram(QWidget):
    """Where an instance stands: its flow drawn on the left (current node highlighted, the
    passed ones ticked), its steps on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.scene = FlowScene(self)
        self.view = FlowView(self.scene)
        self.history = FlowHistory()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.history)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self._sized = False

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._sized:  # the first time it has a width: the drawing gets half
            self._sized = True
            width = max(self.splitter.width(), 800)
            self.splitter.setSizes([width // 2, width - width // 2])

    def show_instance(self, flow: FlowDefinition, current: set[str], visited: set[str],
                      steps: Sequence[Any]) -> None:
        self.scene.set_flow(flow)
        self.scene.set_state(set(current), set(visited))
        self.history.set_steps(steps)
        self.view.fit()
