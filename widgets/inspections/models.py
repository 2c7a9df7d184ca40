"""Table models of the inspection screens.

The lists are short by nature (a unit's plans, a plan's drawn entities — at most 1000 —, an
inspector's tasks, the proposals waiting for the office head), so they are plain record lists
over client/inspections/queries rows. The checklist is an editable model: the result
column takes 符合 / 不符合 / 不适用, the note column free text.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from client.inspections.queries import number_text
from client.inspections.rules import (
    AbnormalGround,
    InspectionResult,
    ItemResult,
    ListingState,
    PlanState,
    TaskState,
)
from widgets.common import formatting as fmt
from widgets.common.record_models import Column, RecordTableModel

#: 待分配 for a number the centre has not given yet (one definition: the registration screens')
pending_text = fmt.number_text


class PlanListModel(RecordTableModel):
    """The unit's plans: PlanRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Plan no."), lambda p: pending_text(p.plan_no) if p.state != PlanState.DRAFT.code else ""),
            (self.tr("Plan"), lambda p: p.title),
            (self.tr("State"), lambda p: PlanState.label_of(p.state)),
            (self.tr("Drawn"), lambda p: f"{p.drawn_count}/{p.population_size:,}" if p.population_size
             else str(p.sample_size)),
            (self.tr("Created"), lambda p: fmt.datetime_text(p.created_at)),
        ]

    def row_of(self, plan_id: str) -> int | None:
        return next((i for i, p in enumerate(self._records) if p.id == plan_id), None)


class DrawnListModel(RecordTableModel):
    """A plan's drawn entities with their inspectors: TaskRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("No."), lambda t: str(t.draw_pos)),
            (self.tr("Entity"), lambda t: t.entity_name),
            (self.tr("Credit code"), lambda t: pending_text(t.uscc)),
            (self.tr("Inspectors"), lambda t: t.inspector_names),
            (self.tr("State"), lambda t: TaskState.label_of(t.state)),
            (self.tr("Record no."), lambda t: pending_text(t.record_no) if t.record_id else ""),
        ]


class TaskListModel(RecordTableModel):
    """The inspector's own tasks: TaskRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Entity"), lambda t: t.entity_name),
            (self.tr("Address"), lambda t: t.address),
            (self.tr("Together with"), lambda t: t.inspector2_name if t.inspector1_id == self.me else t.inspector1_name),
            (self.tr("State"), lambda t: TaskState.label_of(t.state)),
            (self.tr("Record no."), lambda t: pending_text(t.record_no) if t.record_id else ""),
            (self.tr("Plan"), lambda t: self.tr("%1 (%2)").replace("%1", t.plan_title)
             .replace("%2", number_text(t.plan_no))),
        ]

    me: str = ""

    def row_of(self, task_id: str) -> int | None:
        return next((i for i, t in enumerate(self._records) if t.id == task_id), None)


class ListingModel(RecordTableModel):
    """Abnormal-list proposals or listings: ListingRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Entity"), lambda r: r.entity_name),
            (self.tr("Credit code"), lambda r: pending_text(r.uscc)),
            (self.tr("Ground"), lambda r: AbnormalGround.label_of(r.ground)),
            (self.tr("State"), lambda r: ListingState.label_of(r.state)),
            (self.tr("Proposed by"), lambda r: r.proposed_by_name or ""),
            (self.tr("Proposed"), lambda r: fmt.datetime_text(r.proposed_at)),
            (self.tr("Listed on"), lambda r: fmt.date_text(r.listed_on)),
            (self.tr("Record no."), lambda r: pending_text(r.record_no) if r.source_record_id else ""),
        ]

    def row_of(self, listing_id: str) -> int | None:
        return next((i for i, r in enumerate(self._records) if r.id == listing_id), None)


RESULT_CODES = [None] + [r.code for r in ItemResult]
COL_ITEM, COL_RESULT, COL_NOTE = 0, 1, 2


class ChecklistModel(QAbstractTableModel):
    """The record's checklist: item (read-only), result (choice), note (text)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._entries: list[dict] = []
        self._editable = True

    def set_entries(self, entries: list[dict], *, editable: bool = True) -> None:
        self.beginResetModel()
        self._entries = [dict(e) for e in entries]
        self._editable = editable
        self.endResetModel()

    def entries(self) -> list[dict]:
        return [dict(e) for e in self._entries]

    def is_editable(self) -> bool:
        return self._editable

    def set_all(self, result: str | None) -> None:
        """Mark every item at once (e.g. all 符合, then change the exceptions)."""
        for e in self._entries:
            e["result"] = result
        if self._entries:
            self.dataChanged.emit(self.index(0, COL_RESULT), self.index(len(self._entries) - 1, COL_RESULT))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return (self.tr("Checklist item"), self.tr("Result"), self.tr("Note"))[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == COL_ITEM:
                return entry.get("text") or entry.get("item")
            if col == COL_RESULT:
                return ItemResult.label_of(entry.get("result")) if entry.get("result") else self.tr("(not checked)")
            return entry.get("note") or ""
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_RESULT:
                return entry.get("result")
            if col == COL_NOTE:
                return entry.get("note") or ""
            return entry.get("text")
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_RESULT:
            from PySide6.QtGui import QColor

            if entry.get("result") == ItemResult.FAIL.code:
                return QColor("#c62828")
            if not entry.get("result"):
                return QColor("#8a8f98")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._editable and index.column() in (COL_RESULT, COL_NOTE):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self._editable:
            return False
        entry = self._entries[index.row()]
        if index.column() == COL_RESULT:
            if value not in RESULT_CODES:
                return False
            entry["result"] = value
        elif index.column() == COL_NOTE:
            entry["note"] = str(value or "")[:200]
        else:
            return False
        self.dataChanged.emit(index, index)
        return True


def result_choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in InspectionResult]
