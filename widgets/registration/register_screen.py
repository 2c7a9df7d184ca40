"""主体查询: one search box over the register, a filter row, the lazy list, and a tab per
opened entity (and per change application started from one).

The box takes a credit code, a name fragment, pinyin initials or a legal representative:
the query layer decides which. It searches 300 ms after the clerk stops typing and at
once on Enter; an IME's composition is not text yet, so half-typed pinyin never searches.
The list reads in the background (entity_list_model.py): the first page shows as soon as it
comes, the count when it is ready ("counting…" meanwhile), and a search that finds nothing says
so, with what was searched.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.kernel import reference
from client.kernel.lifecycle import EntityState
from client.registration.register_list import RegisterList
from client.registration.search import EntityFilter
from widgets.app_context import AppContext
from widgets.common import dates, messages
from widgets.registration.columns import StretchAtLeast, typical_widths
from widgets.registration.entity_list_model import COL_NAME, ID_ROLE, EntityListModel

SEARCH_DELAY_MS = 300
SEARCH_MAX_CHARS = 100  # longer than any name (100), code (18) or person; the query copes anyway
#: how much of the searched text the "nothing found" line repeats
SHOWN_TEXT_CHARS = 30


class RegisterScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.search = RegisterSearch(ctx)
        self.search.open_requested.connect(self.open_entity)
        self.tabs.addTab(self.search, self.tr("Register"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        close = QShortcut(QKeySequence("Ctrl+W"), self)
        close.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        close.activated.connect(lambda: self._close_tab(self.tabs.currentIndex()))

    def open_entity(self, entity_id: str):
        """Show the entity's detail tab (one per entity) and return it."""
        from widgets.registration.entity_detail import EntityDetailWidget

        for i in range(1, self.tabs.count()):
            w = self.tabs.widget(i)
            if isinstance(w, EntityDetailWidget) and w.entity_id == entity_id:
                self.tabs.setCurrentIndex(i)
                return w
        detail = EntityDetailWidget(self.ctx, entity_id)
        detail.change_requested.connect(self.open_change)
        detail.title_changed.connect(lambda title, w=detail: self._retitle(w, title))
        self.tabs.addTab(detail, _short(detail.title()))
        self.tabs.setCurrentWidget(detail)
        return detail

    def open_change(self, base):
        """A change application for an entity, in its own tab."""
        from widgets.registration.application_form import ApplicationForm

        form = ApplicationForm(self.ctx, change=base)
        index = self.tabs.addTab(form, _short(self.tr("Change: %1").replace("%1", base.name)))
        self.tabs.setCurrentIndex(index)
        return form

    def has_unsaved_work(self) -> bool:
        """A change application typed in one of the tabs and not yet submitted."""
        return any(getattr(self.tabs.widget(i), "has_unsaved_work", lambda: False)()
                   for i in range(1, self.tabs.count()))

    def _retitle(self, widget: QWidget, title: str) -> None:
        i = self.tabs.indexOf(widget)
        if i > 0:
            self.tabs.setTabText(i, _short(title))

    def _close_tab(self, index: int) -> None:
        if index <= 0:
            return
        w = self.tabs.widget(index)
        if getattr(w, "has_unsaved_work", lambda: False)() and not messages.confirm(
                self, self.tr("Discard the change application typed in this tab?")):
            return
        self.tabs.removeTab(index)
        w.deleteLater()


def _short(text: str, n: int = 16) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class RegisterSearch(QWidget):
    """The search box, the filters and the list."""

    #: the clerk opened a row (double-click or Enter): the entity id
    open_requested = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = EntityListModel(ctx.ops, parent=self)
        self._searched: EntityFilter | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self._build()
        self.model.status_changed.connect(self._show_status)
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.run_search()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.box = QLineEdit()
        self.box.setMaxLength(SEARCH_MAX_CHARS)
        self.box.setClearButtonEnabled(True)
        self.box.setPlaceholderText(self.tr("Credit code, name, pinyin initials or legal representative"))
        self.box.textEdited.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self.run_search)
        self.box.textChanged.connect(self._on_text_changed)
        search_button = QPushButton(self.tr("Search"))
        search_button.clicked.connect(self.run_search)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(160)

        self.kind = QComboBox()
        self.kind.addItem(self.tr("All kinds"), None)
        for k in reference.entity_kinds():
            self.kind.addItem(k.name, k.code)
        self.state = QComboBox()
        self.state.addItem(self.tr("All states"), None)
        for s in EntityState:
            self.state.addItem(s.label, s.code)
        self.district = QComboBox()
        self.office = QComboBox()
        self._fill_jurisdiction()
        self.date_on = QCheckBox(self.tr("Established"))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for w, d in ((self.date_from, dates.today().addYears(-1)), (self.date_to, dates.today())):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setDate(d)
            w.setEnabled(False)
        self.date_on.toggled.connect(self.date_from.setEnabled)
        self.date_on.toggled.connect(self.date_to.setEnabled)
        reset = QPushButton(self.tr("Clear filters"))
        reset.clicked.connect(self.clear_filters)

        # the dates beside the box, the choices below: both rows fit a 1280-pixel window
        top = QHBoxLayout()
        top.addWidget(self.box, 1)
        top.addSpacing(8)
        top.addWidget(self.date_on)
        top.addWidget(self.date_from)
        top.addWidget(QLabel("–"))
        top.addWidget(self.date_to)
        top.addWidget(search_button)
        top.addWidget(self.count_label)
        filters = QHBoxLayout()
        for label, w in ((self.tr("Kind"), self.kind), (self.tr("State"), self.state),
                         (self.tr("Bureau"), self.district), (self.tr("Office"), self.office)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(reset)
        self.kind.setMaximumWidth(260)
        self.office.setMinimumWidth(180)

        for combo in (self.kind, self.state, self.office):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.district.currentIndexChanged.connect(self._on_district)
        self.date_on.toggled.connect(lambda _c: self.run_search())
        for w in (self.date_from, self.date_to):
            w.dateChanged.connect(lambda _d: self.run_search() if self.date_on.isChecked() else None)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.table.verticalHeader()
        # fixed heights: a million rows must never be measured (ResizeToContents hangs)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        # each column as wide as what it typically holds; the name takes the room left, but never
        # less than a typical name: a narrow window scrolls sideways rather than show "广…"
        widths = typical_widths(self.table, self.model, _typical_values())
        for col, width in enumerate(widths):
            self.table.setColumnWidth(col, width)
        self._stretch = StretchAtLeast(self.table, COL_NAME, widths[COL_NAME])
        # the indicator first: enabling sorting sorts at once by whatever it shows
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._keep_indicator_honest)
        self.table.activated.connect(self._open_index)

        # "nothing found", over the empty table
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.setStyleSheet("color: #5b6573; padding: 24px;")
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        overlay = QVBoxLayout(self.table.viewport())
        overlay.addWidget(self.empty_label)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.box)

    def _fill_jurisdiction(self) -> None:
        """District and office choices limited to what the user may see."""
        principal = self.ctx.principal
        self.district.blockSignals(True)
        self.district.clear()
        if principal is not None and principal.district_code:
            d = reference.district(principal.district_code)
            self.district.addItem(d.bureau_name, d.code)
            self.district.setEnabled(False)
        else:
            self.district.addItem(self.tr("All bureaus"), None)
            for d in reference.districts():
                if d.level == "district":
                    self.district.addItem(d.bureau_name, d.code)
        self.district.blockSignals(False)
        self._fill_offices()

    def _fill_offices(self) -> None:
        principal = self.ctx.principal
        self.office.blockSignals(True)
        self.office.clear()
        if principal is not None and principal.office_code:
            self.office.addItem(reference.office(principal.office_code).name, principal.office_code)
            self.office.setEnabled(False)
        else:
            self.office.addItem(self.tr("All offices"), None)
            district = self.district.currentData()
            for o in reference.offices_of(district) if district else ():
                self.office.addItem(o.name, o.code)
            self.office.setEnabled(bool(district))
        self.office.blockSignals(False)

    def _on_district(self, _index: int) -> None:
        self._fill_offices()
        self.run_search()

    def clear_filters(self) -> None:
        for w in (self.kind, self.state, self.district, self.office, self.date_on):
            w.blockSignals(True)
        self.kind.setCurrentIndex(0)
        self.state.setCurrentIndex(0)
        if self.district.isEnabled():
            self.district.setCurrentIndex(0)
        self.date_on.setChecked(False)
        for w in (self.kind, self.state, self.district, self.office, self.date_on):
            w.blockSignals(False)
        self._fill_offices()
        self.run_search()

    # ------------------------------------------------------------------ searching

    def current_filter(self) -> EntityFilter:
        established_from = established_to = None
        if self.date_on.isChecked():
            established_from = dates.to_date(self.date_from.date())
            established_to = dates.to_date(self.date_to.date())
        kind = self.kind.currentData()
        state = self.state.currentData()
        return EntityFilter(
            text=self.box.text(),
            kind_codes=(kind,) if kind else (),
            states=(state,) if state else (),
            district_code=self.district.currentData(),
            office_code=self.office.currentData(),
            established_from=established_from,
            established_to=established_to,
        )

    def run_search(self) -> None:
        self._timer.stop()
        flt = self.current_filter()
        principal = self.ctx.principal
        self._searched = flt

        def make_query(sort: str, descending: bool) -> RegisterList:
            return RegisterList(principal, flt, sort, descending)

        self.model.set_query_maker(make_query)  # a reset: the view is at the top again

    def _on_text_changed(self, text: str) -> None:
        # the clear button empties the box without an edit: show the whole scope again
        if not text and not self._timer.isActive():
            self._timer.start()

    def _keep_indicator_honest(self, column: int, order: Qt.SortOrder) -> None:
        # a click on a column the register cannot order by leaves the order as it was
        shown = self.model.sort_column()
        if column != shown:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(shown, Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _show_status(self) -> None:
        m = self.model
        empty = m.counted and m.rowCount() == 0 and not m.error
        if m.error:
            self.count_label.setStyleSheet("color: #c62828;")
            self.count_label.setText(m.error)
        elif m.counting:
            self.count_label.setStyleSheet("color: #5b6573;")
            self.count_label.setText(self.tr("Counting…"))
        else:
            self.count_label.setStyleSheet("")
            self.count_label.setText(self.tr("%1 entities").replace("%1", f"{m.rowCount():,}"))
        if empty and self._searched is not None:
            self.empty_label.setText(self.nothing_found_text(self._searched))
        self.empty_label.setVisible(empty)

    def nothing_found_text(self, flt: EntityFilter) -> str:
        """未找到 and what was searched: the text and the filters the clerk chose."""
        text = " ".join((flt.text or "").split())
        if len(text) > SHOWN_TEXT_CHARS:
            text = text[:SHOWN_TEXT_CHARS] + "…"
        filters = self.tr(", ").join(self._chosen_filters())
        if text and filters:
            return self.tr("No entity matches “%1” (filters: %2)").replace("%1", text).replace("%2", filters)
        if text:
            return self.tr("No entity matches “%1”").replace("%1", text)
        if filters:
            return self.tr("No entity matches the filters (%1)").replace("%1", filters)
        return self.tr("There are no entities in your jurisdiction yet")

    def _chosen_filters(self) -> list[str]:
        """The filters as the clerk set them (a district or office fixed by the jurisdiction is no choice)."""
        chosen = []
        for label, combo in ((self.tr("Kind: %1"), self.kind), (self.tr("State: %1"), self.state),
                             (self.tr("Bureau: %1"), self.district), (self.tr("Office: %1"), self.office)):
            if combo.isEnabled() and combo.currentData():
                chosen.append(label.replace("%1", combo.currentText()))
        if self.date_on.isChecked():
            chosen.append(self.tr("Established: %1 to %2")
                          .replace("%1", self.date_from.date().toString("yyyy-MM-dd"))
                          .replace("%2", self.date_to.date().toString("yyyy-MM-dd")))
        return chosen

    def _on_changed(self, changes: frozenset) -> None:
        if "entities" in changes:
            self.model.refresh_keeping_position()

    def _open_index(self, index) -> None:
        entity_id = self.model.data(index, ID_ROLE)
        if entity_id:
            self.open_requested.emit(entity_id)




def _typical_values() -> dict[int, str]:
    """What each column typically holds: the width it gets comes from these in the table's font."""
    import datetime as dt
    from decimal import Decimal
    from statistics import median_low

    from widgets.common import formatting as fmt
    from widgets.registration import entity_list_model as m

    def median_length(texts: list[str]) -> str:
        middle = median_low(len(t) for t in texts)
        return next(t for t in texts if len(t) == middle)

    return {
        m.COL_USCC: "91440106MA5CKL2R7A",
        m.COL_NAME: chr(0x56FD) * 14,  # a company name: 广州市 + trade name + industry + 有限公司
        m.COL_KIND: median_length([k.name for k in reference.entity_kinds()]),
        m.COL_REP: chr(0x56FD) * 3,
        m.COL_STATE: fmt.state_text(EntityState.ACTIVE.code, True),  # 存续（经营异常）
        m.COL_OFFICE: median_length([o.name for o in reference.offices()]),
        m.COL_EST: fmt.date_text(dt.date(2026, 12, 31)),
        m.COL_CAPITAL: fmt.capital_text(Decimal("12345.5")),
    }
