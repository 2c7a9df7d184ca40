"""鉴证统计: for one year, the applications certified and refused by office and month of the
decision, and the amount of the contracts certified (元); a bar chart of the months.

The chart is the statistics screens' bar chart (widgets/common/bar_chart.py). One read
(`certification_statistics`) off the GUI thread; the screen counts again when certification
changes. 导出Excel writes the figures on screen as a workbook, off the GUI thread
(`client.certification.reports.statistics_xlsx`, XlsxWriter), through
widgets/common/stats_export.py.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.certification import queries as cq
from client.kernel.clock import beijing_today
from widgets.app_context import AppContext
from widgets.common.bar_chart import AXIS_COLOUR, BarChart
from widgets.common.stats_export import FileExport
from widgets.common.tasks import Task, failure_text

CERTIFIED_COLOUR = "#43A047"
REFUSED_COLOUR = "#C62828"


def _write_xlsx(figures: tuple[list[cq.MonthLine], int | None], path: Path) -> None:
    from client.certification.reports import statistics_xlsx  # (reportlab: loaded when needed)

    lines, year = figures
    path.write_bytes(statistics_xlsx(lines, year))


class CertificationStatsScreen(QWidget):
    # the workbook's path, once written
    exported = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("certificationStatsScreen")
        self.ctx = ctx
        self.lines: list[cq.MonthLine] | None = None
        self.lines_year: int | None = None  # the year the figures on screen are of
        self._token = 0
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.year = QSpinBox(objectName="certStatsYear")
        this_year = beijing_today().year
        self.year.setRange(2000, this_year + 1)
        self.year.setValue(this_year)
        self.year.valueChanged.connect(self.refresh)
        self.run_button = QPushButton(self.tr("Count"), objectName="certStatsRun")
        self.run_button.clicked.connect(self.refresh)
        self.loading = QLabel(self.tr("Counting…"))
        self.loading.setStyleSheet(f"color: {AXIS_COLOUR}")
        self.loading.hide()
        self.export_button = QPushButton(self.tr("Export to Excel…"), objectName="certStatsExport")
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        self.totals = QLabel(objectName="certStatsTotals")
        self.error = QLabel(objectName="certStatsError")
        self.error.setStyleSheet("color: #c62828")
        self.error.setWordWrap(True)
        self.error.hide()
        row.addWidget(QLabel(self.tr("Year")))
        row.addWidget(self.year)
        row.addWidget(self.run_button)
        row.addWidget(self.loading)
        row.addSpacing(24)
        row.addWidget(self.totals, 1)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.message = QLabel(objectName="certStatsMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        # certified and refused side by side for each month of the year
        self.chart = BarChart("certStatsChart", minimum_height=280, group_width=0.7, bar_width=0.9)
        layout.addWidget(self.chart, 3)
        self.table = QTableWidget(0, 5, objectName="certStatsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Office"), self.tr("Month"), self.tr("Certified"),
                                              self.tr("Refused"), self.tr("Amount certified (yuan)")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 2)
        self.excel = FileExport(self, ctx.ops, self.export_button, caption=self.tr("Export to Excel"),
                                file_filter=self.tr("Excel workbooks (*.xlsx)"), suffix=".xlsx", write=_write_xlsx,
                                name="certification statistics xlsx")
        self.excel.written.connect(self._exported)
        self.excel.failed.connect(lambda text: self._show_message(self.tr("Not exported: %1").replace("%1", text),
                                                                  error=True))
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self) -> None:
        self._token += 1
        token = self._token
        year = self.year.value()
        self.loading.show()
        self.error.hide()
        self.ctx.ops.read(cq.certification_statistics, self.ctx.principal, year, owner=self,
                          done=lambda lines: self._answered(token, year, lines),
                          failed=lambda exc: self._answered(token, year, None, exc))

    def _on_changed(self, changes: frozenset) -> None:
        if "certification" in changes:
            self.refresh()

    def _answered(self, token: int, year: int, lines, exc: BaseException | None = None) -> None:
        if token != self._token:
            return
        self.loading.hide()
        if exc is not None:
            self.error.setText(failure_text(exc))
            self.error.show()
            return
        self.show_statistics(year, lines)

    def show_statistics(self, year: int, lines: list[cq.MonthLine]) -> None:
        self.lines = lines
        self.lines_year = year
        self.export_button.setEnabled(True)
        certified = sum(x.certified for x in lines)
        refused = sum(x.refused for x in lines)
        amount = sum((x.amount for x in lines), Decimal(0))
        self.totals.setText(self.tr("%1: %2 certified, %3 refused, %4 yuan certified")
                            .replace("%1", str(year)).replace("%2", str(certified)).replace("%3", str(refused))
                            .replace("%4", f"{amount:,.2f}"))
        rows = [(x.office_name, x.month, str(x.certified), str(x.refused), f"{x.amount:,.2f}") for x in lines]
        if lines:
            rows.append((self.tr("Total"), "", str(certified), str(refused), f"{amount:,.2f}"))
        self.table.setRowCount(len(rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if lines and r == len(rows) - 1:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        by_month = {m: [0, 0] for m in range(1, 13)}
        for x in lines:
            month = int(x.month[5:7])
            by_month[month][0] += x.certified
            by_month[month][1] += x.refused
        months = [self.tr("Month %1").replace("%1", str(m)) for m in range(1, 13)]
        self.chart.show_bars(self.tr("Certifications by month, %1").replace("%1", str(year)), months, [
            (self.tr("Certified"), CERTIFIED_COLOUR, [by_month[m][0] for m in range(1, 13)]),
            (self.tr("Refused"), REFUSED_COLOUR, [by_month[m][1] for m in range(1, 13)]),
        ])

    # --- exporting -----------------------------------------------------------------------------

    def default_file_name(self) -> str:
        return self.tr("Certification statistics %1").replace("%1", str(self.lines_year))

    def export(self) -> Task | None:
        return self.excel.ask(self._figures(), self.default_file_name()) if self.lines is not None else None

    def export_to(self, path: str | Path) -> Task:
        """Writes the figures on screen to `path` in the background; `exported` when done."""
        return self.excel.to(path, self._figures())

    def _figures(self) -> tuple[list[cq.MonthLine], int | None]:
        return list(self.lines or []), self.lines_year

    def _exported(self, path: str) -> None:
        self._show_message(self.tr("Exported to %1").replace("%1", path))
        self.exported.emit(path)

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c62828;" if error else "color: #1B5E20;")
        self.message.setVisible(bool(text))
