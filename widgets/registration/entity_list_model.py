"""The register as a table model that never holds the register: rows come page by page.

rowCount is the query's count; data() for a row whose page is not cached fetches that one
page (PAGE_SIZE rows at its offset — the query seeks to any offset through its anchors)
and keeps the last CACHE_PAGES pages. The view asks only for what it paints, so a drag of
the scroll bar to row 1,500,000 costs one page. Sorting is a new query with another
ORDER BY; no proxy model ever sorts in memory.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Callable

import sqlalchemy as sa
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from widgets.common import formatting as fmt

log = logging.getLogger(__name__)

PAGE_SIZE = 200
CACHE_PAGES = 64  # ~13k rows: a few screens each way around every place looked at

#: the EntityRow behind a row, and its id, for opening the detail
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

COL_USCC, COL_NAME, COL_KIND, COL_REP, COL_STATE, COL_OFFICE, COL_EST, COL_CAPITAL = range(8)

#: the columns the register can order by in SQL, and the query's name for that order
SORTABLE = {COL_USCC: "uscc", COL_NAME: "name", COL_EST: "established_on"}

#: makes the query for (sort name, descending); count() / page_at(offset, limit) on the result
QueryMaker = Callable[[str, bool], Any]


class EntityListModel(QAbstractTableModel):
    #: the number of rows changed (a new search, a new sort)
    count_changed = Signal(int)
    #: the database failed while counting or paging (a message for the status line)
    failed = Signal(str)

    def __init__(self, make_query: QueryMaker | None = None, parent=None):
        super().__init__(parent)
        self._make_query = make_query
        self._query = None
        self._count = 0
        self._pages: OrderedDict[int, list] = OrderedDict()
        self.sort_name = "name"
        self.descending = False
        self.fetches = 0  # pages read from the database (tests and the benchmark look at it)
        self._headers = [self.tr("Unified social credit code"), self.tr("Name"), self.tr("Kind"),
                         self.tr("Legal rep. / operator"), self.tr("State"),
                         self.tr("Registration authority"), self.tr("Established"),
                         self.tr("Capital (10k yuan)")]

    # ------------------------------------------------------------------ queries

    def set_query_maker(self, make_query: QueryMaker | None) -> None:
        """A new search: the filter lives in the maker; the sort stays what the clerk chose."""
        self._make_query = make_query
        self.refresh()

    def refresh(self) -> None:
        self.beginResetModel()
        self._pages.clear()
        self._query = None
        self._count = 0
        if self._make_query is not None:
            try:
                self._query = self._make_query(self.sort_name, self.descending)
                self._count = self._query.count()
            except sa.exc.SQLAlchemyError as exc:
                log.exception("register count failed")
                self._query, self._count = None, 0
                self.failed.emit(self._db_message(exc))
        self.endResetModel()
        self.count_changed.emit(self._count)

    def refresh_keeping_position(self) -> None:
        """After a write: the same query read again, without a reset when the count holds
        (a reset would throw the clerk back to the top of a long list)."""
        if self._make_query is None or self._query is None:
            self.refresh()
            return
        try:
            query = self._make_query(self.sort_name, self.descending)
            count = query.count()
        except sa.exc.SQLAlchemyError as exc:
            self.failed.emit(self._db_message(exc))
            return
        if count != self._count:
            self.refresh()
            return
        self._query = query
        self._pages.clear()
        if count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, self.columnCount() - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = SORTABLE.get(column)
        if name is None:  # not an order the register keeps an index for: keep the current one
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (name, descending) == (self.sort_name, self.descending) and self._query is not None:
            return
        self.sort_name, self.descending = name, descending
        self.refresh()

    def sort_column(self) -> int:
        """The header that shows the current order (-1: the register's own order)."""
        return next((c for c, n in SORTABLE.items() if n == self.sort_name), -1)

    # ------------------------------------------------------------------ rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def entity_row(self, row: int):
        """The EntityRow at `row` (fetching its page if needed), or None."""
        if not 0 <= row < self._count or self._query is None:
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(page_no)
        else:
            self._pages.move_to_end(page_no)
        i = row - page_no * PAGE_SIZE
        return page[i] if i < len(page) else None

    def _fetch(self, page_no: int) -> list:
        try:
            page = list(self._query.page_at(page_no * PAGE_SIZE, PAGE_SIZE))
        except sa.exc.SQLAlchemyError as exc:
            log.exception("register page %s failed", page_no)
            self.failed.emit(self._db_message(exc))
            page = []  # kept, so a broken connection is not asked again on every paint
        self.fetches += 1
        self._pages[page_no] = page
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)
        return page

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE, ID_ROLE,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_CAPITAL:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        row = self.entity_row(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_STATE and (row.state != "active" or getattr(row, "abnormal", False)):
                return QColor("#c62828")
            return None
        return self._text(row, col)

    @staticmethod
    def _text(row, col: int) -> str:
        if col == COL_USCC:
            return fmt.number_text(row.uscc)
        if col == COL_NAME:
            return row.name
        if col == COL_KIND:
            return fmt.kind_name(row.kind_code)
        if col == COL_REP:
            return row.legal_rep or ""
        if col == COL_STATE:
            return fmt.state_text(row.state, getattr(row, "abnormal", False))
        if col == COL_OFFICE:
            return fmt.office_name(row.office_code)
        if col == COL_EST:
            return fmt.date_text(row.established_on)
        if col == COL_CAPITAL:
            return fmt.capital_text(row.capital_wan)
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._count:
            return f"{section + 1:,}"
        return None

    def _db_message(self, exc: Exception) -> str:
        return self.tr("The register could not be read: %1").replace("%1", type(exc).__name__)
