"""收发文统计: for one year and the reader's unit (or one office of his district or city), the
documents by unit, by month, by 密级 and 紧急程度; each step's count, average and P90 time and
overdue counts; the documents overdue now. Two bar charts: the documents of each month (收文
and 发文), and each step's average and P90 hours.

One read (`client.documents.statistics.document_statistics`, counted by the database) off the
GUI thread, again when documents change. 导出Excel and 导出PDF write the figures on screen
(client/documents/stats_report.py) off the GUI thread, through widgets/common/stats_export.py.
"""
from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from client.documents import statistics as ds
from client.documents.rules import Direction
from client.kernel.clock import beijing_today
from widgets.app_context import AppContext
from widgets.common.bar_chart import AXIS_COLOUR, BarChart
from widgets.common.stats_export import FileExport
from widgets.common.unit_choice import fill_units
from widgets.common.tables import row_height, sample_widths, set_up_list
from widgets.common.tasks import Task, failure_text

INCOMING_COLOUR, OUTGOING_COLOUR = "#1E88E5", "#43A047"  # as in the PDF report
AVERAGE_COLOUR, P90_COLOUR = "#1E88E5", "#FB8C00"
RED = "#C62828"


def _number(value, text: str | None = None, *, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text if text is not None else str(value))
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if colour:
        item.setForeground(pg.mkColor(colour))
    return item


def _write_xlsx(stats: ds.DocumentStatistics, path: Path) -> None:
    from client.documents.stats_report import write_xlsx

    write_xlsx(stats, path)


def _write_pdf(stats: ds.DocumentStatistics, path: Path) -> None:
    from client.documents.stats_report import statistics_pdf  # (reportlab: loaded when needed)

    path.write_bytes(statistics_pdf(stats))


class DocumentStatsScreen(QWidget):
    #: figures shown (after each count)
    counted = Signal()
    #: a workbook or a report was written (its path)
    exported = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("documentStatsScreen")
        self.ctx = ctx
        self.stats: ds.DocumentStatistics | None = None
        self._token = 0
        self._build()
        self.excel = FileExport(self, ctx.ops, self.excel_button, caption=self.tr("Export to Excel"),
                                file_filter=self.tr("Excel workbooks (*.xlsx)"), suffix=".xlsx", write=_write_xlsx,
                                name="document statistics xlsx")
        self.pdf = FileExport(self, ctx.ops, self.pdf_button, caption=self.tr("Export to PDF"),
                              file_filter=self.tr("PDF documents (*.pdf)"), suffix=".pdf", write=_write_pdf,
                              name="document statistics pdf")
        for export in (self.excel, self.pdf):
            export.written.connect(self._exported)
            export.failed.connect(lambda text: self._show_message(self.tr("Not exported: %1").replace("%1", text),
                                                                  error=True))
        if ctx.changes is not None:
            ctx.changes.changed.connect(self._on_changed)
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        this_year = beijing_today().year
        self.year = QSpinBox(objectName="docStatsYear")
        self.year.setRange(2000, this_year)
        self.year.setValue(this_year)
        self.year.valueChanged.connect(self.refresh)
        self.unit = QComboBox(objectName="docStatsUnit")
        self._fill_units()
        self.unit.currentIndexChanged.connect(self.refresh)
        self.run_button = QPushButton(self.tr("Count"), objectName="docStatsRun")
        self.run_button.clicked.connect(self.refresh)
        self.loading = QLabel(self.tr("Counting…"))
        self.loading.setStyleSheet(f"color: {AXIS_COLOUR}")
        self.loading.hide()
        self.totals = QLabel(objectName="docStatsTotals")
        self.totals.setWordWrap(True)
        self.excel_button = QPushButton(self.tr("Export to Excel…"), objectName="docStatsExcel")
        self.excel_button.clicked.connect(self.export_excel)
        self.pdf_button = QPushButton(self.tr("Export to PDF…"), objectName="docStatsPdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Unit")))
        top.addWidget(self.unit)
        top.addWidget(self.run_button)
        top.addWidget(self.loading)
        top.addStretch(1)
        top.addWidget(self.excel_button)
        top.addWidget(self.pdf_button)
        self.message = QLabel(objectName="docStatsMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        # documents of each month, and each step's hours, side by side
        self.month_chart = BarChart("docStatsMonthChart", minimum_height=240, group_width=0.7, bar_width=0.9)
        self.step_chart = BarChart("docStatsStepChart", minimum_height=240, group_width=0.7, bar_width=0.9)
        charts = QSplitter(Qt.Orientation.Horizontal)
        for chart in (self.month_chart, self.step_chart):
            frame = QFrame(objectName="docStatsChartFrame")
            frame.setStyleSheet("#docStatsChartFrame { background: #FFFFFF; border: 1px solid #DCE1E8; }")
            layout = QVBoxLayout(frame)
            layout.setContentsMargins(4, 4, 4, 4)
            layout.addWidget(chart)
            charts.addWidget(frame)
        charts.setChildrenCollapsible(False)
        self.unit_table = self._table("docStatsUnits", [self.tr("Unit"), self.tr("Incoming"), self.tr("Outgoing"), self.tr("Total"),
                                                        self.tr("Finished"), self.tr("Overdue now")], stretch=0)
        self.month_table = self._table("docStatsMonths", [self.tr("Month"), self.tr("Incoming"), self.tr("Outgoing"), self.tr("Total")],
                                       stretch=0)
        self.kind_table = self._table("docStatsKinds", [self.tr("Document type / classification / urgency"), self.tr("Incoming"),
                                                        self.tr("Outgoing"), self.tr("Total")], stretch=0)
        self.step_table = self._table("docStatsSteps", [self.tr("Flow"), self.tr("Step"), self.tr("Handled"), self.tr("Average time"),
                                                        self.tr("P90 time"), self.tr("Late"), self.tr("Open"), self.tr("Overdue now")],
                                      stretch=1)
        self.step_table.horizontalHeaderItem(5).setToolTip(self.tr("Handled after the deadline"))
        self.step_table.horizontalHeaderItem(7).setToolTip(self.tr("Open steps past their deadline"))
        self.overdue_table = self._table("docStatsOverdue", [self.tr("Type"), self.tr("Number"), self.tr("Title"), self.tr("Unit"),
                                                             self.tr("Step"), self.tr("Held by"), self.tr("Deadline"),
                                                             self.tr("Days late")], stretch=2)
        # from an overdue line to the document itself, where 督办 is (Enter or a double click)
        self.overdue_table.activated.connect(lambda index: self.open_overdue(index.row()))
        self.tabs = QTabWidget(objectName="docStatsTabs")
        for table, title in ((self.unit_table, self.tr("By unit")), (self.month_table, self.tr("By month")),
                             (self.kind_table, self.tr("By document type, classification and urgency")),
                             (self.step_table, self.tr("Steps")), (self.overdue_table, self.tr("Overdue documents"))):
            self.tabs.addTab(table, title)

        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(charts)
        outer.addWidget(self.tabs)
        outer.setChildrenCollapsible(False)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 1)
        outer.setSizes([400, 330])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(self.message)
        layout.addWidget(outer, 1)

    def _table(self, name: str, headings: list[str], *, stretch: int) -> QTableWidget:
        table = QTableWidget(0, len(headings), objectName=name)
        table.setHorizontalHeaderLabels(headings)
        # width samples, never shown: a document number and a unit's name in the overdue list,
        # else the heading or five digits, whichever is wider
        wide = "穗工商天五山〔2026〕12号"  # untranslated: a width sample, never shown
        samples = [(c, wide if len(headings) > 6 and c in (1, 3) else h) for c, h in enumerate(headings)]
        widths = [(c, max(w, digits)) for (c, w), (_c, digits) in
                  zip(sample_widths(self, samples, 28), sample_widths(self, [(c, "00000") for c, _h in samples], 28))
                  if c != stretch]
        set_up_list(table, stretch=stretch, height=row_height(self), widths=widths)
        return table

    def _fill_units(self) -> None:
        fill_units(self.unit, self.ctx.principal)

    # --- counting ------------------------------------------------------------------------------

    def _on_changed(self, changes: frozenset) -> None:
        if "documents" in changes:
            self.refresh()

    def refresh(self) -> None:
        """Count again for the year and unit chosen (the old figures stay until then)."""
        self._token += 1
        token = self._token
        self.loading.show()
        self.ctx.ops.read(ds.document_statistics, self.ctx.principal, self.year.value(),
                          office_code=self.unit.currentData(), owner=self,
                          done=lambda stats: self._answered(token, stats),
                          failed=lambda exc: self._answered(token, None, exc))

    def _answered(self, token: int, stats, exc: BaseException | None = None) -> None:
        if token != self._token:
            return
        self.loading.hide()
        if exc is not None:
            self._show_message(self.tr("The figures could not be counted: %1").replace("%1", failure_text(exc)),
                               error=True)
            return
        self._show_message("")
        self.show_statistics(stats)
        self.counted.emit()

    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {RED};" if error else "color: #1B5E20;")
        self.message.setVisible(bool(text))

    # --- showing -------------------------------------------------------------------------------

    def direction_text(self, code: str) -> str:
        return self.tr("Incoming") if code == "in" else self.tr("Outgoing")

    def time_text(self, minutes: float) -> str:
        if minutes < 60:
            return self.tr("%1 min").replace("%1", str(int(round(minutes))))
        return self.tr("%1 h").replace("%1", f"{minutes / 60:.1f}")

    def show_statistics(self, stats: ds.DocumentStatistics) -> None:
        self.stats = stats
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(True)
        self.totals.setText(
            self.tr("%1, %2: %3 incoming, %4 outgoing, %5 finished; %6 overdue now")
            .replace("%1", str(stats.year)).replace("%2", stats.unit_name).replace("%3", str(stats.incoming))
            .replace("%4", str(stats.outgoing)).replace("%5", str(stats.finished))
            .replace("%6", str(stats.overdue_total)))
        self._fill(self.unit_table, [
            [u.office_name, _number(u.incoming), _number(u.outgoing), _number(u.total), _number(u.finished),
             _number(u.overdue, colour=RED if u.overdue else None)] for u in stats.units],
            total=[self.tr("Total"), stats.incoming, stats.outgoing, stats.incoming + stats.outgoing, stats.finished,
                   stats.overdue_total] if stats.units else None)
        self._fill(self.month_table, [
            [self.month_text(m.month), _number(m.incoming), _number(m.outgoing), _number(m.incoming + m.outgoing)]
            for m in stats.months], total=[self.tr("Total"), stats.incoming, stats.outgoing,
                                           stats.incoming + stats.outgoing])
        kinds = [(self.tr("Document type"), stats.doc_kinds), (self.tr("Classification"), stats.classifications),
                 (self.tr("Urgency"), stats.urgencies)]
        self._fill(self.kind_table, [
            [f"{group}：{k.label}", _number(k.incoming), _number(k.outgoing), _number(k.incoming + k.outgoing)]
            for group, lines in kinds for k in lines])
        self._fill(self.step_table, [
            [self.direction_text(s.direction), s.node_title, _number(s.decided),
             _number(s.average_minutes, self.time_text(s.average_minutes) if s.decided else "—"),
             _number(s.p90_minutes, self.time_text(s.p90_minutes) if s.decided else "—"),
             _number(s.decided_late, colour=RED if s.decided_late else None), _number(s.open),
             _number(s.open_overdue, colour=RED if s.open_overdue else None)] for s in stats.steps])
        self._fill(self.overdue_table, [
            [self.direction_text(o.direction), o.doc_number, o.title, o.office_name, o.steps, o.holders,
             f"{o.due_on:%Y-%m-%d}", _number(o.days_late, colour=RED)] for o in stats.overdue])
        title = self.tr("Overdue documents")
        self.tabs.setTabText(4, f"{title} ({stats.overdue_total})" if stats.overdue_total else title)
        hint = self.tr("Double-click a document (or press Enter) to open it")
        if len(stats.overdue) < stats.overdue_total:
            hint = self.tr("The %1 longest overdue of %2").replace("%1", str(len(stats.overdue))) \
                .replace("%2", str(stats.overdue_total)) + "\n" + hint
        self.overdue_table.setToolTip(hint)

        self.month_chart.show_bars(
            self.tr("Documents by month, %1").replace("%1", str(stats.year)),
            [self.month_text(m.month) for m in stats.months],
            [(self.tr("Incoming"), INCOMING_COLOUR, [m.incoming for m in stats.months]),
             (self.tr("Outgoing"), OUTGOING_COLOUR, [m.outgoing for m in stats.months])])
        self.step_chart.show_bars(
            self.tr("Hours per step"), [s.node_title for s in stats.steps],
            [(self.tr("Average (hours)"), AVERAGE_COLOUR, [round(s.average_minutes / 60, 1) for s in stats.steps]),
             (self.tr("P90 (hours)"), P90_COLOUR, [round(s.p90_minutes / 60, 1) for s in stats.steps])],
            whole_numbers=False)

    def open_overdue(self, row: int) -> QWidget | None:
        """The document of an overdue line, opened in its list (收文 or 发文) in the main window,
        its detail beside it; returns that screen (None outside a main window)."""
        from widgets.documents import INCOMING, OUTGOING

        window = self.window()
        if self.stats is None or not 0 <= row < len(self.stats.overdue) or not hasattr(window, "open_area"):
            return None
        line = self.stats.overdue[row]
        screen = window.open_area(INCOMING if line.direction == Direction.INCOMING.code else OUTGOING)
        screen.select(line.document_id)
        return screen

    def month_text(self, month: int) -> str:
        return self.tr("Month %1").replace("%1", str(month))

    def _fill(self, table: QTableWidget, rows: list[list], *, total: list | None = None) -> None:
        lines = rows + ([[total[0]] + [_number(v) for v in total[1:]]] if total else [])
        table.setRowCount(len(lines))
        bold = QFont(table.font())
        bold.setBold(True)
        for r, line in enumerate(lines):
            for c, value in enumerate(line):
                item = value if isinstance(value, QTableWidgetItem) else QTableWidgetItem(str(value))
                if total and r == len(lines) - 1:
                    item.setFont(bold)
                table.setItem(r, c, item)

    # --- exporting -----------------------------------------------------------------------------

    def default_file_name(self) -> str:
        stats = self.stats
        return self.tr("Document statistics %1 (%2)").replace("%1", str(stats.year)).replace("%2", stats.unit_name)

    def export_excel(self) -> Task | None:
        return self.excel.ask(self.stats, self.default_file_name()) if self.stats else None

    def export_pdf(self) -> Task | None:
        return self.pdf.ask(self.stats, self.default_file_name()) if self.stats else None

    def export_excel_to(self, path: str | Path) -> Task:
        """The figures on screen as a workbook at `path`, in the background; `exported` when done."""
        return self.excel.to(path, self.stats)

    def export_pdf_to(self, path: str | Path) -> Task:
        return self.pdf.to(path, self.stats)

    def _exported(self, path: str) -> None:
        self._show_message(self.tr("Exported to %1").replace("%1", path))
        self.exported.emit(path)
