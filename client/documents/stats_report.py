"""收发文统计 written out: the workbook (XlsxWriter, in constant-memory mode) and the PDF report
(reportlab: A4, the CJK font embedded, the tables and two bar charts drawn with reportlab's own
graphics). Both are made from `tables(stats)`, so they hold the same figures, in the same words,
as each other and as the screen's tables.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from client.documents.rules import Direction
from client.documents.statistics import DocumentStatistics
from client.kernel.pdf_lock import one_pdf_at_a_time

#: the series' colours, the screen's too
INCOMING_COLOUR, OUTGOING_COLOUR = "#1E88E5", "#43A047"
AVERAGE_COLOUR, P90_COLOUR = "#1E88E5", "#FB8C00"

Cell = str | int | float


@dataclass(frozen=True)
class Table:
    """One table of the figures: a sheet of the workbook, a section of the PDF."""

    title: str  # the sheet's name (≤ 31 characters) and the section's heading
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    #: columns holding hours (written with one decimal)
    hour_columns: frozenset[int] = frozenset()
    #: the columns' shares of the width (the PDF's page, the workbook's columns)
    weights: tuple[float, ...] = ()
    note: str = ""


def hours(minutes: float) -> float:
    return minutes / 60


def direction_label(code: str) -> str:
    return Direction.label_of(code)


def heading(stats: DocumentStatistics) -> str:
    return f"{stats.year}年收发文统计"


def summary(stats: DocumentStatistics) -> str:
    return (f"{stats.year}年共收文{stats.incoming}件、发文{stats.outgoing}件，已办结{stats.finished}件；"
            f"截至{stats.today:%Y-%m-%d}，超期未办结{stats.overdue_total}件。")


def tables(stats: DocumentStatistics) -> list[Table]:
    """The figures as the report and the workbook show them."""
    units = Table("按单位", ("单位", "收文", "发文", "合计", "已办结", "当前超期"),
                  tuple((u.office_name, u.incoming, u.outgoing, u.total, u.finished, u.overdue) for u in stats.units),
                  total=("合计", stats.incoming, stats.outgoing, stats.incoming + stats.outgoing, stats.finished,
                         stats.overdue_total) if stats.units else None, weights=(3, 1, 1, 1, 1, 1))
    months = Table("按月份", ("月份", "收文", "发文", "合计"),
                   tuple((f"{m.month}月", m.incoming, m.outgoing, m.incoming + m.outgoing) for m in stats.months),
                   total=("合计", stats.incoming, stats.outgoing, stats.incoming + stats.outgoing),
                   weights=(1.5, 1, 1, 1))
    kinds = Table("按文种、密级和紧急程度", ("分类", "项目", "收文", "发文", "合计"),
                  tuple((group, k.label, k.incoming, k.outgoing, k.incoming + k.outgoing)
                        for group, lines in (("文种", stats.doc_kinds), ("密级", stats.classifications),
                                             ("紧急程度", stats.urgencies))
                        for k in lines), weights=(1.5, 1.5, 1, 1, 1))
    steps = Table("办理环节", ("流程", "环节", "办理件数", "平均用时（小时）", "P90用时（小时）", "超期办理", "在办", "当前超期"),
                  tuple((direction_label(s.direction), s.node_title, s.decided, hours(s.average_minutes),
                         hours(s.p90_minutes), s.decided_late, s.open, s.open_overdue) for s in stats.steps),
                  hour_columns=frozenset({3, 4}), weights=(0.8, 1.2, 1, 1.6, 1.6, 1, 0.8, 1))
    listed = len(stats.overdue)
    note = f"共{stats.overdue_total}件，列出超期最久的{listed}件。" if stats.overdue_total > listed else ""
    overdue = Table("超期文件", ("类别", "文号", "标题", "单位", "超期环节", "办理人", "办理期限", "超期天数"),
                    tuple((direction_label(o.direction), o.doc_number, o.title, o.office_name, o.steps, o.holders,
                           f"{o.due_on:%Y-%m-%d}", o.days_late) for o in stats.overdue),
                    weights=(1.0, 2.4, 3.0, 2.0, 1.5, 1.1, 1.8, 1.2), note=note)
    return [units, months, kinds, steps, overdue]


# --- the workbook ---------------------------------------------------------------------------------


def write_xlsx(stats: DocumentStatistics, target: str | Path | IO[bytes]) -> None:
    """The figures as a workbook at `target` (a path or a binary file): a sheet a table, each
    headed by the year, the unit and the day counted. Constant-memory mode: rows go to disk as
    written, so a city's long overdue list does not sit in memory (rows are written in order)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target,
                               {"constant_memory": True})
    title = book.add_format({"bold": True, "font_size": 13})
    head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True,
                            "valign": "vcenter"})
    hours_format = book.add_format({"num_format": "0.0"})
    total = book.add_format({"bold": True, "top": 1})
    total_hours = book.add_format({"bold": True, "top": 1, "num_format": "0.0"})
    for table in tables(stats):
        sheet = book.add_worksheet(table.title)
        for column, weight in enumerate(table.weights):
            sheet.set_column(column, column, max(10.0, 11 * weight))
        sheet.write_string(0, 0, f"{heading(stats)}（{stats.unit_name}）", title)
        sheet.write_string(0, 3, f"统计日期：{stats.today:%Y-%m-%d}")
        sheet.write_row(1, 0, table.headings, head)
        row = 2
        for line in table.rows:
            _write_line(sheet, row, line, table, hours_format)
            row += 1
        if table.total is not None:
            _write_line(sheet, row, table.total, table, total_hours, total)
            row += 1
        if table.note:
            sheet.write_string(row + 1, 0, table.note)
    book.close()


def _write_line(sheet, row: int, line: tuple[Cell, ...], table: Table, hours_format, base=None) -> None:
    for column, value in enumerate(line):
        if isinstance(value, str):
            sheet.write_string(row, column, value, base)
        elif column in table.hour_columns:
            sheet.write_number(row, column, value, hours_format)
        else:
            sheet.write_number(row, column, value, base)


def statistics_xlsx(stats: DocumentStatistics) -> bytes:
    out = io.BytesIO()
    write_xlsx(stats, out)
    return out.getvalue()


# --- the PDF report -------------------------------------------------------------------------------


def _cell_text(value: Cell, hour: bool) -> str:
    return f"{value:.1f}" if hour else str(value)


@one_pdf_at_a_time
def statistics_pdf(stats: DocumentStatistics) -> bytes:
    """The report: the year's totals, each table under its heading, the documents by month and
    the hours per step as bar charts. A4 portrait; the CJK font embedded (client.kernel.fonts)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    from client.kernel.fonts import register_cjk_font

    font = register_cjk_font()
    title_style = ParagraphStyle("title", fontName=font, fontSize=18, leading=26, alignment=TA_CENTER)
    sub_style = ParagraphStyle("sub", fontName=font, fontSize=10, leading=15, alignment=TA_CENTER,
                               textColor=colors.HexColor("#5B6573"))
    section = ParagraphStyle("section", fontName=font, fontSize=13, leading=20, spaceBefore=10, spaceAfter=4)
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=17, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, alignment=TA_CENTER)
    width = A4[0] - 36 * mm

    def pdf_table(table: Table):
        hour = table.hour_columns
        wraps = len(table.headings) > 6  # the overdue list: its names and titles wrap
        data = [[Paragraph(_escape(h), head) for h in table.headings]]
        for line in list(table.rows) + ([table.total] if table.total else []):
            data.append([Paragraph(_escape(v), cell) if wraps and isinstance(v, str) else _cell_text(v, c in hour)
                         for c, v in enumerate(line)])
        share = width / sum(table.weights)
        numeric = [c for c in range(len(table.headings)) if table.rows and not isinstance(table.rows[0][c], str)]
        style = [
            ("FONT", (0, 0), (-1, -1), font, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9AA3AE")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE6F0")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ] + [("ALIGN", (c, 1), (c, -1), "RIGHT") for c in numeric]
        if table.total:
            style += [("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#F3F5F8"))]
        made = PdfTable(data, colWidths=[w * share for w in table.weights], repeatRows=1, hAlign="LEFT")
        made.setStyle(TableStyle(style))
        return made

    units, months, kinds, steps, overdue = tables(stats)
    story = [Paragraph(_escape(heading(stats)), title_style),
             Paragraph(_escape(f"统计单位：{stats.unit_name}　　统计日期：{stats.today:%Y-%m-%d}"), sub_style),
             Spacer(1, 6 * mm), Paragraph(_escape(summary(stats)), body)]
    story += [Paragraph("一、按单位统计", section), pdf_table(units) if units.rows else Paragraph("无。", body)]
    story += [KeepTogether([Paragraph("二、按月份统计", section), month_chart(stats, width, font)]),
              Spacer(1, 3 * mm), pdf_table(months)]
    story += [KeepTogether([Paragraph("三、按文种、密级和紧急程度统计", section), pdf_table(kinds)])]
    if steps.rows:
        story += [KeepTogether([Paragraph("四、各环节办理用时", section), step_chart(stats, width, font)]),
                  Spacer(1, 3 * mm), pdf_table(steps)]
    else:
        story += [Paragraph("四、各环节办理用时", section), Paragraph("本年度尚无办理记录。", body)]
    story += [Paragraph("五、当前超期文件", section)]
    story += [pdf_table(overdue)] if overdue.rows else [Paragraph("无超期文件。", body)]
    if overdue.note:
        story += [Spacer(1, 2 * mm), Paragraph(_escape(overdue.note), body)]

    def page_number(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillColor(colors.HexColor("#5B6573"))
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {doc.page} —")
        canvas.restoreState()

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, title=f"{heading(stats)}（{stats.unit_name}）",
                            author=stats.unit_name, creator="Hongdun Workbench", lang="zh-CN",
                            # otherwise every page names Helvetica, a font that is not embedded
                            initialFontName=font)
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


def _escape(value: Cell) -> str:
    from xml.sax.saxutils import escape

    return escape(str(value))


def _bar_chart(width: float, height: float, font: str, categories: list[str],
               series: list[tuple[str, str, list[float]]], *, whole_numbers: bool, title: str):
    """Bars grouped per category, a legend at the top right: the screen's chart on paper."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    drawing.initialFontName = font  # (else the drawing names Helvetica, which is not embedded)
    chart = VerticalBarChart()
    chart.x, chart.y = 34, 30
    chart.width, chart.height = width - 44, height - 62
    chart.data = [list(values) for _name, _colour, values in series] or [[0] * len(categories)]
    chart.categoryAxis.categoryNames = categories
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.dy = -3
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    top = max([v for _n, _c, values in series for v in values] + [0])
    if whole_numbers:
        ceiling = max(4, int(top) + 1)
        step = max(1, -(-ceiling // 5))
        chart.valueAxis.valueMax = -(-ceiling // step) * step
        chart.valueAxis.valueStep = step
        chart.valueAxis.labelTextFormat = "%d"
    else:
        chart.valueAxis.valueMax = max(1.0, top * 1.15)
        chart.valueAxis.labelTextFormat = "%.1f"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E3E6EA")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barSpacing = 1
    chart.groupSpacing = 8
    for i, (_name, colour, _values) in enumerate(series):
        chart.bars[i].fillColor = colors.HexColor(colour)
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    drawing.add(String(chart.x, height - 14, title, fontName=font, fontSize=10, fillColor=colors.HexColor("#333A45")))
    legend = Legend()
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.dx = legend.dy = 7
    legend.x = width - 70 * len(series) - 8
    legend.y = height - 8
    legend.colorNamePairs = [(colors.HexColor(colour), name) for name, colour, _v in series]
    drawing.add(legend)
    return drawing


def month_chart(stats: DocumentStatistics, width: float, font: str):
    return _bar_chart(width, 190, font, [f"{m.month}月" for m in stats.months], [
        ("收文", INCOMING_COLOUR, [m.incoming for m in stats.months]),
        ("发文", OUTGOING_COLOUR, [m.outgoing for m in stats.months]),
    ], whole_numbers=True, title=f"{stats.year}年各月收发文件数（件）")


def step_chart(stats: DocumentStatistics, width: float, font: str):
    return _bar_chart(width, 200, font, [s.node_title for s in stats.steps], [
        ("平均用时", AVERAGE_COLOUR, [round(hours(s.average_minutes), 1) for s in stats.steps]),
        ("P90用时", P90_COLOUR, [round(hours(s.p90_minutes), 1) for s in stats.steps]),
    ], whole_numbers=False, title="各环节办理用时（小时）")


def default_name(stats: DocumentStatistics, suffix: str) -> str:
    return f"{stats.year}年收发文统计（{stats.unit_name}）{suffix}"

