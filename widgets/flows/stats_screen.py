"""流程统计: for a period and a unit, each flow's cases (发起, 办结, 通过, 不通过, 在办) and the
time its nodes took (件数, 平均用时, P90用时, 超期), a bar chart of the selected flow's average
and P90 hours per node, and the figures as an Excel workbook.

The figures are one read (`flows.flow_statistics`: summed by the database); the flows' titles
and node order come from `flows.published_flows`, read once. The workbook is made off the GUI
thread by `client.flows.statistics.statistics_xlsx` (XlsxWriter) from the figures on screen,
through widgets/common/stats_export.py.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.flows import queries as fq
from client.flows import statistics as fs
from client.flows.definition import FlowDefinition
from widgets.app_context import AppContext
from widgets.common import dates
from widgets.common.bar_chart import BarChart
from widgets.common.stats_export import FileExport
from widgets.common.unit_choice import fill_units
from widgets.common.tables import row_height, sample_widths, set_up_list
from widgets.common.tasks import Task, failure_text

AVERAGE_COLOUR, P90_COLOUR = "#1E88E5", "#FB8C00"
RED = "#C62828"
FLOW_COLUMNS = 6
NODE_COLUMNS = 6


def hours(minutes: float) -> float:
    return round(minutes / 60, 1)


def _number_item(value, text: str | None = None, *, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text if text is not None else str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if colour:
        item.setForeground(pg.mkColor(colour))
    return item


def _write_xlsx(figures: tuple[fs.FlowStatistics, dict[str, str]], path: Path) -> None:
    stats, titles = figures
    path.write_bytes(fs.statistics_xlsx(stats, titles))


class FlowStatsScreen(QWidget):
    #: figures shown (after each count)
    counted = Signal()
    #: a workbook was written (its path)
    exported = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("flowStatsScreen")
        self.ctx = ctx
        self.stats: fs.FlowStatistics | None = None
        self.flows: dict[str, FlowDefinition] = {}
        self._token = 0
        self._build()
        self.excel = FileExport(self, ctx.ops, self.export_button, caption=self.tr("Export to Excel"),
                                file_filter=self.tr("Excel workbooks (*.xlsx)"), suffix=".xlsx", write=_write_xlsx,
                                name="flow statistics xlsx")
        self.excel.written.connect(self._exported)
        self.excel.failed.connect(lambda text: self._show_message(self.tr("Not exported: %1").replace("%1", text),
                                                                  error=True))
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        ctx.ops.read(fq.published_flows, owner=self, done=self._flows_read, failed=lambda _e: self.refresh())

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        today = dates.today()
        self.since = QDateEdit(today.addDays(1 - today.day()), objectName="flowStatsSince")
        self.until = QDateEdit(today, objectName="flowStatsUntil")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.unit = QComboBox(objectName="flowStatsUnit")
        self._fill_units()
        self.run_button = QPushButton(self.tr("Count"), objectName="flowStatsRun")
        self.run_button.clicked.connect(self.refresh)
        self.loading = QLabel(self.tr("Counting…"))
        self.loading.setObjectName("hintLabel")
        self.loading.hide()
        self.export_button = QPushButton(self.tr("Export to Excel…"), objectName="flowStatsExport")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.since)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.until)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Unit")))
        top.addWidget(self.unit)
        top.addWidget(self.run_button)
        top.addWidget(self.loading)
        top.addStretch(1)
        top.addWidget(self.export_button)
        self.message = QLabel(objectName="flowStatsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.flow_table = QTableWidget(0, FLOW_COLUMNS, objectName="flowStatsFlows")
        self.flow_table.setHorizontalHeaderLabels([self.tr("Flow"), self.tr("Started"), self.tr("Finished"),
                                                   self.tr("Approved"), self.tr("Refused"), self.tr("Running")])
        self._table_look(self.flow_table, stretch=0)
        self.flow_table.itemSelectionChanged.connect(self._show_selected_flow)

        self.node_title = QLabel(objectName="sectionTitle")
        self.node_title.setTextFormat(Qt.TextFormat.PlainText)
        self.node_table = QTableWidget(0, NODE_COLUMNS, objectName="flowStatsNodes")
        self.node_table.setHorizontalHeaderLabels([self.tr("Node"), self.tr("Handled"), self.tr("Average time"),
                                                   self.tr("P90 time"), self.tr("Late"), self.tr("Overdue now")])
        self.node_table.horizontalHeaderItem(4).setToolTip(self.tr("Handled after the deadline"))
        self.node_table.horizontalHeaderItem(5).setToolTip(self.tr("Open tasks past their deadline"))
        self._table_look(self.node_table, stretch=0)
        node_pane = QWidget()
        node_layout = QVBoxLayout(node_pane)
        node_layout.setContentsMargins(0, 4, 0, 0)
        node_layout.addWidget(self.node_title)
        node_layout.addWidget(self.node_table, 1)
        # average and P90 hours per node side by side, the nodes written under their bars
        self.chart = BarChart("flowHoursChart", minimum_height=260, group_width=0.7, bar_width=0.9)
        chart_frame = QFrame(objectName="flowChartFrame")
        chart_frame.setStyleSheet("#flowChartFrame { background: #FFFFFF; border: 1px solid #DCE1E8; }")
        chart_layout = QVBoxLayout(chart_frame)
        chart_layout.setContentsMargins(4, 4, 4, 4)
        chart_layout.addWidget(self.chart)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(node_pane)
        lower.addWidget(chart_frame)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setChildrenCollapsible(False)
        lower.setSizes([560, 720])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(self.flow_table)
        outer.addWidget(lower)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 3)
        outer.setChildrenCollapsible(False)
        outer.setSizes([150, 600])

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(outer, 1)

    def _table_look(self, table: QTableWidget, *, stretch: int) -> None:
        sample = "当前超期000"  # untranslated: a width sample, never shown
        set_up_list(table, stretch=stretch, height=row_height(self), wrap=True,
                    widths=sample_widths(self, [(c, sample) for c in range(table.columnCount()) if c != stretch], 16))

    def _fill_units(self) -> None:
        fill_units(self.unit, self.ctx.principal)

    # --- counting ------------------------------------------------------------------------------

    def _flows_read(self, flows: list) -> None:
        for summary in flows:
            try:
                self.flows[summary.flow_key] = FlowDefinition.from_json(summary.body)
            except ValueError:
                continue  # a flow that no longer reads keeps its key as its title
        self.refresh()

    def _on_changed(self, changes: frozenset) -> None:
        if "flows" in changes:
            self.refresh()

    def titles(self) -> dict[str, str]:
        return {k: f.title for k, f in self.flows.items()}

    def refresh(self) -> None:
        """Count again for the period and unit chosen (the old figures stay until then)."""
        start, end = dates.to_date(self.since.date()), dates.to_date(self.until.date())
        if end < start:
            self._show_message(self.tr("The period ends before it starts."), error=True)
            return
        self._token += 1
        token = self._token
        self._show_message("")
        self.loading.show()
        self.run_button.setEnabled(False)
        self.ctx.ops.read(fs.flow_statistics, self.ctx.principal, start, end, office_code=self.unit.currentData(),
                          owner=self, done=lambda stats: self._answered(token, stats),
                          failed=lambda exc: self._answered(token, None, exc))

    def _answered(self, token: int, stats, exc: BaseException | None = None) -> None:
        if token != self._token:
            return
        self.loading.hide()
        self.run_button.setEnabled(True)
        if exc is not None:
            self._show_message(self.tr("The figures could not be counted: %1").replace("%1", failure_text(exc)),
                               error=True)
            return
        self.show_statistics(stats)
        self.counted.emit()

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {RED};" if error else "color: #1B5E20;")
        self.message.setVisible(bool(text))

    # --- showing -------------------------------------------------------------------------------

    def show_statistics(self, stats: fs.FlowStatistics) -> None:
        previous = self.selected_flow()
        self.stats = stats
        self.export_button.setEnabled(True)
        titles = self.titles()
        table = self.flow_table
        table.blockSignals(True)
        try:
            table.setRowCount(len(stats.flows))
            for r, f in enumerate(stats.flows):
                name = QTableWidgetItem(titles.get(f.flow_key, f.flow_key))
                name.setToolTip(f.flow_key)
                table.setItem(r, 0, name)
                for c, value in enumerate((f.started, f.finished, f.approved, f.refused, f.running), start=1):
                    table.setItem(r, c, _number_item(value))
        finally:
            table.blockSignals(False)
        keys = [f.flow_key for f in stats.flows]
        row = keys.index(previous.flow_key) if previous and previous.flow_key in keys else 0
        if stats.flows:
            table.selectRow(row)
        self._show_selected_flow()

    def selected_flow(self) -> fs.FlowFigures | None:
        if self.stats is None or not self.stats.flows:
            return None
        rows = self.flow_table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        return self.stats.flows[row] if row < len(self.stats.flows) else None

    def _ordered_nodes(self, figures: fs.FlowFigures) -> list[fs.NodeFigures]:
        """In the flow's own order (as drawn), nodes of older versions after them."""
        flow = self.flows.get(figures.flow_key)
        order = {n.key: i for i, n in enumerate(flow.nodes)} if flow else {}
        return sorted(figures.nodes, key=lambda n: (order.get(n.node_key, len(order)), n.node_key))

    def _show_selected_flow(self) -> None:
        figures = self.selected_flow()
        if figures is None:
            self.node_title.setText(self.tr("No case in this period"))
            self.node_table.setRowCount(0)
            self._show_hours(self.tr("Hours per node"), [], [], [])
            return
        title = self.titles().get(figures.flow_key, figures.flow_key)
        self.node_title.setText(self.tr("Nodes of %1").replace("%1", title))
        nodes = self._ordered_nodes(figures)
        self.node_table.setRowCount(len(nodes))
        for r, n in enumerate(nodes):
            self.node_table.setItem(r, 0, QTableWidgetItem(n.node_title))
            self.node_table.setItem(r, 1, _number_item(n.decided))
            self.node_table.setItem(r, 2, _number_item(n.average_minutes, self.time_text(n.average_minutes)))
            self.node_table.setItem(r, 3, _number_item(n.p90_minutes, self.time_text(n.p90_minutes)))
            self.node_table.setItem(r, 4, _number_item(n.decided_late, colour=RED if n.decided_late else None))
            self.node_table.setItem(r, 5, _number_item(n.open_overdue, colour=RED if n.open_overdue else None))
        self._show_hours(self.tr("%1: hours per node").replace("%1", title), [n.node_title for n in nodes],
                         [hours(n.average_minutes) for n in nodes], [hours(n.p90_minutes) for n in nodes])

    def _show_hours(self, title: str, nodes: list[str], average: list[float], p90: list[float]) -> None:
        self.chart.show_bars(title, nodes, [(self.tr("Average (hours)"), AVERAGE_COLOUR, average),
                                            (self.tr("P90 (hours)"), P90_COLOUR, p90)], whole_numbers=False)

    def time_text(self, minutes: float) -> str:
        if minutes < 60:
            return self.tr("%1 min").replace("%1", str(int(round(minutes))))
        return self.tr("%1 h").replace("%1", f"{minutes / 60:.1f}")

    # --- exporting -----------------------------------------------------------------------------

    def default_file_name(self) -> str:
        stats = self.stats
        return self.tr("Flow statistics %1 to %2").replace("%1", str(stats.start)).replace("%2", str(stats.end))

    def export(self) -> Task | None:
        return self.excel.ask(self._figures(), self.default_file_name()) if self.stats else None

    def export_to(self, path: str | Path) -> Task:
        """Writes the figures on screen to `path` in the background; `exported` when done."""
        return self.excel.to(path, self._figures())

    def _figures(self) -> tuple[fs.FlowStatistics | None, dict[str, str]]:
        # the flows' titles with the figures: the workbook names each flow as the screen does
        return self.stats, self.titles()

    def _exported(self, path: str) -> None:
        self._show_message(self.tr("Exported to %1").replace("%1", path))
        self.exported.emit(path)

    def period(self) -> tuple[dt.date, dt.date]:
        return dates.to_date(self.since.date()), dates.to_date(self.until.date())
