"""The register as a table model that never holds the register, and never waits for it.

Rows come page by page, read in the background (`ctx.ops.read`): data() for a row whose page is
not here yet answers a placeholder ("…") and asks for that page (PAGE_SIZE rows at its offset;
the query seeks to any offset through its anchors), at most once while the request is out; when
the page arrives, dataChanged for its rows. The last CACHE_PAGES pages are kept. The view asks
only for what it paints, so a drag of the scroll bar to row 1,500,000 costs one page.

A new search or sort starts two reads at once: the first page and the count. The first page
is shown as soon as it comes, with the rows it needs; the count, which over a large part of the
city may take a second, follows when it is ready (`counting` meanwhile) and never holds the
first page back. Every search is a new generation: an answer for an older one is dropped.
Sorting is a new query with another ORDER BY; no proxy model ever sorts in memory.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Callable, Protocol

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
#: what a row shows until its page has come
PLACEHOLDER = "…"

#: the EntityRow behind a row, and its id, for opening the detail
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2

COL_USCC, COL_NAME, COL_KIND, COL_REP, COL_STATE, COL_OFFICE, COL_EST, COL_CAPITAL = range(8)

#: the columns the register can order by in SQL, and the query's name for that order
SORTABLE = {COL_USCC: "uscc", COL_NAME: "name", COL_EST: "established_on"}


class ListQuery(Protocol):
    """One list of the register as the model reads it (client.registration.register_list)."""

    def page(self, session: Any, offset: int, limit: int) -> list: ...

    def count(self, session: Any) -> int: ...


#: makes the query for (sort name, descending)
QueryMaker = Callable[[str, bool], ListQuery]


class EntityListModel(QAbstractTableModel):
    #: the exact number of rows is known (a new search, a new sort, a refresh)
    count_changed = Signal(int)
    #: loading, counting or failing began or ended: the status line reads them again
    status_changed = Signal()
    #: the database failed while counting or paging (a message for the status line)
    failed = Signal(str)

    def __init__(self, ops=None, make_query: QueryMaker | None = None, parent=None):
        super().__init__(parent)
        self._ops = ops  # widgets.common.operations.Operations
        self._make_query = make_query
        self._query: ListQuery | None = None
        self._generation = 0
        self._rows = 0
        self._pages: OrderedDict[int, list] = OrderedDict()
        #: pages of the previous generation, shown while the refreshed ones are on their way
        self._stale: dict[int, list] = {}
        self._pending: set[int] = set()
        self._counting = False
        self._counted = False
        self.error = ""  # the last failure of this generation, for the status line
        self.sort_name = "name"
        self.descending = False
        self.fetches = 0  # pages asked of the database (tests and the benchmark look at it)
        self._headers = [self.tr("Unified social credit code"), self.tr("Name"), self.tr("Kind"),
                         self.tr("Legal rep. / operator"), self.tr("State"),
                         self.tr("Registration authority"), self.tr("Established"),
                         self.tr("Capital (10k yuan)")]

    # ------------------------------------------------------------------ what it is doing

    @property
    def counting(self) -> bool:
        """The count of this search is still being read (the rows shown may be a first page)."""
        return self._counting and not self._counted

    @property
    def counted(self) -> bool:
        """rowCount() is the list's exact length."""
        return self._counted

    @property
    def loading(self) -> bool:
        """A page of this search is still on its way."""
        return bool(self._pending)

    @property
    def settled(self) -> bool:
        """Nothing of this search is on its way (tests wait for it)."""
        return not self._pending and not self._counting

    # ------------------------------------------------------------------ queries

    def set_query_maker(self, make_query: QueryMaker | None) -> None:
        """A new search: the filter lives in the maker; the sort stays what the clerk chose."""
        self._make_query = make_query
        self.refresh()

    def refresh(self) -> None:
        """Read the list from its start: a new generation, the first page and the count."""
        self._generation += 1
        self.beginResetModel()
        self._pages.clear()
        self._stale.clear()
        self._pending.clear()
        self._rows = 0
        self._counted = False
        self._counting = False
        self.error = ""
        self._query = self._make_query(self.sort_name, self.descending) if self._make_query else None
        self.endResetModel()
        if self._query is not None:
            self._start_count()
            self._request(0)
        else:
            self._counted = True
        self.status_changed.emit()

    def refresh_keeping_position(self) -> None:
        """After a write: the same query read again, without a reset (a reset would throw the
        clerk back to the top of a long list). The rows on screen keep what they showed until
        their pages are read again; a changed count adds or removes rows at the end."""
        if self._make_query is None or self._query is None:
            self.refresh()
            return
        self._generation += 1
        self._stale.update(self._pages)
        while len(self._stale) > CACHE_PAGES:
            self._stale.pop(next(iter(self._stale)))
        self._pages.clear()
        self._pending.clear()
        self.error = ""
        self._query = self._make_query(self.sort_name, self.descending)
        self._start_count()
        if self._rows:  # the view paints again and so asks for the pages it shows
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, self.columnCount() - 1))
        else:
            self._request(0)
        self.status_changed.emit()

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

    # ------------------------------------------------------------------ background reads

    def _start_count(self) -> None:
        if self._ops is None or self._query is None:
            return
        generation, query = self._generation, self._query
        self._counting = True
        self._ops.read(query.count, owner=self,
                       done=lambda n: self._count_arrived(generation, n),
                       failed=lambda exc: self._count_failed(generation, exc))

    def _request(self, page_no: int) -> None:
        """Ask for a page unless it is already asked for (one request per page and search)."""
        if page_no in self._pending or self._query is None or self._ops is None:
            return
        self._pending.add(page_no)
        self.fetches += 1
        generation, query = self._generation, self._query
        self._ops.read(query.page, page_no * PAGE_SIZE, PAGE_SIZE, owner=self,
                       done=lambda rows: self._page_arrived(generation, page_no, rows),
                       failed=lambda exc: self._page_failed(generation, page_no, exc))

    def _page_arrived(self, generation: int, page_no: int, rows: list) -> None:
        if generation != self._generation:
            return  # the answer to a search the clerk has already replaced
        self._keep(page_no, list(rows))
        if page_no == 0 and not self._counted:
            if len(rows) < PAGE_SIZE:  # the whole list is in its first page: that is the count
                self._counted = True
                self._set_rows(len(rows))
                self.count_changed.emit(self._rows)
            else:  # the first page at once; the count, still being read, says how many follow
                self._set_rows(max(self._rows, len(rows)))
        self._page_changed(page_no)
        self.status_changed.emit()

    def _page_failed(self, generation: int, page_no: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("register page %s failed: %s", page_no, exc)
        self._keep(page_no, [])  # kept, so a broken connection is not asked again on every paint
        self._fail(exc)
        self._page_changed(page_no)

    def _count_arrived(self, generation: int, n: int) -> None:
        if generation != self._generation:
            return
        self._counting = False
        self._counted = True
        self._set_rows(int(n))
        self.count_changed.emit(self._rows)
        self.status_changed.emit()

    def _count_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("register count failed: %s", exc)
        self._counting = False
        self._fail(exc)

    def _fail(self, exc: BaseException) -> None:
        self.error = self.tr("The register could not be read: %1").replace(
            "%1", getattr(exc, "message", None) or type(exc).__name__)
        self.failed.emit(self.error)
        self.status_changed.emit()

    def _keep(self, page_no: int, rows: list) -> None:
        self._pending.discard(page_no)
        self._stale.pop(page_no, None)
        self._pages[page_no] = rows
        self._pages.move_to_end(page_no)
        while len(self._pages) > CACHE_PAGES:
            self._pages.popitem(last=False)

    def _page_changed(self, page_no: int) -> None:
        first = page_no * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._rows) - 1
        if first <= last:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def _set_rows(self, n: int) -> None:
        """Grow or shrink at the end: the rows above keep their place (and the clerk's)."""
        if n > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, n - 1)
            self._rows = n
            self.endInsertRows()
        elif n < self._rows:
            self.beginRemoveRows(QModelIndex(), n, self._rows - 1)
            self._rows = n
            for page_no in [p for p in self._pages if p * PAGE_SIZE >= n]:
                del self._pages[page_no]
            self.endRemoveRows()

    # ------------------------------------------------------------------ rows

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def entity_row(self, row: int):
        """The EntityRow at `row`, or None while its page is on its way (then it is asked for)."""
        if not 0 <= row < self._rows or self._query is None:
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is not None:
            self._pages.move_to_end(page_no)
        else:
            self._request(page_no)
            page = self._stale.get(page_no)
            if page is None:
                return None
        i = row - page_no * PAGE_SIZE
        return page[i] if i < len(page) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < self._rows:
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
            if role == Qt.ItemDataRole.DisplayRole and col == COL_NAME:
                return PLACEHOLDER
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
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._rows:
            return f"{section + 1:,}"
        return None
