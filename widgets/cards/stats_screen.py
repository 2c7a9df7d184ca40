"""IC卡统计: the cards each office holds by state (the stock), the counter's actions month by
month over a period, and the fees taken; two bar charts (QtCharts) and the table behind them."""
from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
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

from client.cards.rules import CardAction, CardState
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common.tasks import run_task

STATE_COLOURS = {"made": "#90A4AE", "issued": "#43A047", "lost": "#FB8C00", "suspended": "#FDD835",
                 "revoked": "#C62828", "cancelled": "#6D4C41", "replaced": "#8E24AA"}
#: the actions drawn month by month (the others are rare and stay in the table)
CHART_ACTIONS = [CardAction.MAKE, CardAction.ISSUE, CardAction.REPORT_LOSS, CardAction.REPLACE]


class CardStatsScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cardStatsScreen")
        self.ctx = ctx
        self.stats = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        today = dates.today()
        self.since = QDateEdit(today.addMonths(-11).addDays(1 - today.day()), objectName="cardStatsSince")
        self.until = QDateEdit(today, objectName="cardStatsUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        run = QPushButton(self.tr("Count"), objectName="cardStatsRun")
        run.clicked.connect(self.refresh)
        self.fees = QLabel(objectName="cardStatsFees")
        self.error = QLabel(objectName="cardStatsError")
        self.error.setStyleSheet("color: #c62828")
        row.addWidget(QLabel(self.tr("From")))
        row.addWidget(self.since)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(self.until)
        row.addWidget(run)
        row.addSpacing(24)
        row.addWidget(self.fees, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        charts = QHBoxLayout()
        self.stock_view = QChartView(objectName="cardStockChart")
        self.month_view = QChartView(objectName="cardMonthChart")
        for view in (self.stock_view, self.month_view):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(300)
            charts.addWidget(view, 1)
        layout.addLayout(charts, 2)
        self.table = QTableWidget(0, 3, objectName="cardStatsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Office"), self.tr("State"), self.tr("Cards")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        since = dates.to_date(self.since.date())
        until = dates.to_date(self.until.date())
        sessions, principal = self.ctx.session_factory, self.ctx.principal

        def load():
            from client.cards import queries as q

            with sessions() as s:
                return q.statistics(s, principal, since=since, until=until)

        self.error.clear()
        run_task(load, on_done=self.show_statistics,
                 on_failed=lambda exc: self.error.setText(getattr(exc, "message", None) or str(exc)[:200]),
                 owner=self)

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
        offices = sorted({c.office_name for c in stats.by_office_state}) or [self.tr("(none)")]
        series = QBarSeries()
        for state in CardState:
            counts = {c.office_name: c.count for c in stats.by_office_state if c.state == state.code}
            if not counts:
                continue
            bar = QBarSet(state.label)
            bar.setColor(QColor(STATE_COLOURS.get(state.code, "#607D8B")))
            for office in offices:
                bar.append(counts.get(office, 0))
            series.append(bar)
        self.stock_view.setChart(_chart(self.tr("Cards by office and state"), series, offices))

    def _month_chart(self, stats) -> None:
        months = _month_labels([m.month for m in stats.by_month]) or [self.tr("(none)")]
        series = QBarSeries()
        for action in CHART_ACTIONS:
            bar = QBarSet(action.label)
            for m in stats.by_month:
                bar.append(m.counts.get(action.code, 0))
            series.append(bar)
        title = self.tr("Counter actions by month, %1 to %2").replace("%1", f"{stats.since:%Y-%m}") \
            .replace("%2", f"{stats.until:%Y-%m}")
        self.month_view.setChart(_chart(title, series, months))

    def series_total(self, view: QChartView) -> int:
        """The sum of every bar of a chart (tests compare it with the table)."""
        total = 0
        for series in view.chart().series():
            for bar in series.barSets():
                total += int(sum(bar.at(i) for i in range(bar.count())))
        return total


def _chart(title: str, series: QBarSeries, categories: list[str]) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(categories)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    axis_y.setLabelFormat("%d")
    top = max([bar.at(i) for bar in series.barSets() for i in range(bar.count())] or [0])
    axis_y.setRange(0, max(4, int(top) + 1))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _month_labels(months: list[str]) -> list[str]:
    """"2026-11" -> "11月" (twelve full dates do not fit under a chart's bars; the chart's
    title gives the period)."""
    return [f"{int(month[5:7])}月" for month in months]

