"""IC卡统计: the cards each office holds by state (the stock), the counter's actions month by
month over a period, and the fees taken; two bar charts and the table behind them.

The charts are the statistics screens' bar chart (widgets/common/bar_chart.py): bars grouped
per category, the categories written under them, a legend per series. The statistics are one
read (`q.statistics`) off the GUI thread; the screen counts again when cards change.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.cards import queries as q
from client.cards.rules import CardAction, CardState
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common.bar_chart import AXIS_COLOUR, BarChart
from widgets.common.tasks import failure_text

STATE_COLOURS = {"made": "#90A4AE", "issued": "#43A047", "lost": "#FB8C00", "suspended": "#FDD835",
                 "revoked": "#C62828", "cancelled": "#6D4C41", "replaced": "#8E24AA"}
#: the actions drawn month by month (the others are rare and stay in the table)
CHART_ACTIONS = [CardAction.MAKE, CardAction.ISSUE, CardAction.REPORT_LOSS, CardAction.REPLACE]
ACTION_COLOURS = {"make": "#1E88E5", "issue": "#43A047", "report_loss": "#FB8C00", "replace": "#8E24AA"}


class CardStatsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cardStatsScreen")
        self.ctx = ctx
        self.stats = None
        self._token = 0  # only the newest answer is shown
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        today = dates.today()
        self.since = QDateEdit(today.addMonths(-11).addDays(1 - today.day()), objectName="cardStatsSince")
        self.until = QDateEdit(today, objectName="cardStatsUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.run_button = QPushButton(self.tr("Count"), objectName="cardStatsRun")
        self.run_button.clicked.connect(self.refresh)
        self.loading = QLabel(self.tr("Counting…"), objectName="cardStatsLoading")
        self.loading.setStyleSheet(f"color: {AXIS_COLOUR}")
        self.loading.hide()
        self.fees = QLabel(objectName="cardStatsFees")
        self.error = QLabel(objectName="cardStatsError")
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        row.addWidget(QLabel(self.tr("From")))
        row.addWidget(self.since)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.until)
        row.addWidget(self.run_button)
        row.addWidget(self.loading)
        row.addSpacing(24)
        row.addWidget(self.fees, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        charts = QHBoxLayout()
        self.stock_chart = BarChart("cardStockChart")
        self.month_chart = BarChart("cardMonthChart")
        charts.addWidget(self.stock_chart, 1)
        charts.addWidget(self.month_chart, 1)
        layout.addLayout(charts, 2)
        self.table = QTableWidget(0, 3, objectName="cardStatsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Office"), self.tr("State"), self.tr("Cards")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        """Count again for the period shown (the old figures stay until the new ones arrive)."""
        self._token += 1
        token = self._token
        self.error.clear()
        self.loading.show()
        self.run_button.setEnabled(False)
        self.ctx.ops.read(q.statistics, self.ctx.principal, since=dates.to_date(self.since.date()),
                          until=dates.to_date(self.until.date()), owner=self,
                          done=lambda stats: self._answered(token, stats),
                          failed=lambda exc: self._answered(token, None, exc))

    def _answered(self, token: int, stats, exc: BaseException | None = None) -> None:
        if token != self._token:
            return  # a newer count is on its way
        self.loading.hide()
        self.run_button.setEnabled(True)
        if exc is not None:
            self.error.setText(failure_text(exc))
        else:
            self.show_statistics(stats)

    def _on_changed(self, changes: frozenset) -> None:
        if "cards" in changes:
            self.refresh()

    def show_statistics(self, stats) -> None:
        self.stats = stats
        self.fees.setText(self.tr("Fees in the period: %1 (%2 charged actions)")
                          .replace("%1", stats.fees.total_text).replace("%2", str(stats.fees.count)))
        self._stock_chart(stats)
        self._month_chart(stats)
        self.table.setRowCount(len(stats.by_office_state))
        for r, c in enumerate(stats.by_office_state):
            for k, text in enumerate((c.office_name, c.state_label, str(c.count))):
                item = QTableWidgetItem(text)
                if k == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, k, item)

    def _stock_chart(self, stats) -> None:
        offices = sorted({c.office_name for c in stats.by_office_state})
        series = []
        for state in CardState:
            counts = {c.office_name: c.count for c in stats.by_office_state if c.state == state.code}
            if counts:
                series.append((state.label, STATE_COLOURS.get(state.code, "#607D8B"),
                               [counts.get(office, 0) for office in offices]))
        self.stock_chart.show_bars(self.tr("Cards by office and state"), offices or [self.tr("(none)")], series)

    def _month_chart(self, stats) -> None:
        months = [self.tr("Month %1").replace("%1", str(int(m.month[5:7]))) for m in stats.by_month]
        series = [(action.label, ACTION_COLOURS[action.code], [m.counts.get(action.code, 0) for m in stats.by_month])
                  for action in CHART_ACTIONS] if months else []
        # twelve full dates do not fit under the bars: the months go there, the period in the title
        title = self.tr("Counter actions by month, %1 to %2").replace("%1", f"{stats.since:%Y-%m}") \
            .replace("%2", f"{stats.until:%Y-%m}")
        self.month_chart.show_bars(title, months or [self.tr("(none)")], series)

    def series_total(self, chart: BarChart) -> int:
        """The sum of every bar a chart drew (tests compare it with the table)."""
        return chart.total()
