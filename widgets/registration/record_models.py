"""Small table models over lists that are short by nature (a queue, one entity's history).

The register itself is never a list in memory: see entity_list_model.EntityListModel.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from widgets.registration import formatting as fmt

#: the record behind a row, for views that act on it
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

Column = tuple[str, Callable[[Any], str]]


class RecordTableModel(QAbstractTableModel):
    """Rows are records; each column is a header and a function from record to text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[Any] = []
        self._columns: list[Column] = self.columns()

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def records(self) -> list[Any]:
        return list(self._records)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._records):
            return None
        record = self._records[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](record)
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


class ApplicationQueueModel(RecordTableModel):
    """The reviewer's queue: client.services.applications_query.ApplicationRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Acceptance no."), lambda a: fmt.number_text(a.app_no)),
            (self.tr("Kind"), lambda a: fmt.application_kind_text(a.kind)),
            (self.tr("Name"), lambda a: a.title),
            (self.tr("Accepted by"), lambda a: a.submitted_by_name),
            (self.tr("Accepted at"), lambda a: fmt.datetime_text(a.submitted_at)),
            (self.tr("Office"), lambda a: fmt.office_name(a.office_code)),
        ]

    def row_of(self, application_id: str) -> int | None:
        return next((i for i, a in enumerate(self._records) if a.id == application_id), None)


class EntityApplicationsModel(RecordTableModel):
    """Every application an entity has had: ApplicationRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Acceptance no."), lambda a: fmt.number_text(a.app_no)),
            (self.tr("Kind"), lambda a: fmt.application_kind_text(a.kind)),
            (self.tr("State"), lambda a: fmt.application_state_text(a.state)),
            (self.tr("Date"), lambda a: fmt.datetime_text(a.decided_at or a.submitted_at)),
            (self.tr("Handled by"), lambda a: _handlers(a)),
        ]


def _handlers(app) -> str:
    names = [app.submitted_by_name]
    if app.decided_by_name:
        names.append(app.decided_by_name)
    return " / ".join(n for n in names if n)


class EntityEventsModel(RecordTableModel):
    """An entity's history: client.services.register_search.EventRow records."""

    def columns(self) -> list[Column]:
        return [
            (self.tr("Time"), lambda e: fmt.datetime_text(e.occurred_at)),
            (self.tr("Event"), lambda e: e.summary),
        ]
