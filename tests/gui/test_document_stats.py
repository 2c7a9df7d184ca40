"""The 收发文统计 screen on a demo database: last year's documents made through the bus at chosen
instants; the office head picks the year and sees the counts by unit and month, each step's
times, the charts' bars; the figures go to a workbook and to a PDF report (the PDF through the
save dialog)."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog

from client.documents import queries as dq
from client.documents import statistics as ds
from client.documents.checks import Draft, Incoming
from client.documents.commands import InstructIncoming, draft_command, register_command
from client.flows.commands import ApproveTask
from client.kernel.clock import CHINA_TZ, beijing_date, beijing_today
from client.kernel.reference import offices_of
from client.kernel.types import new_id
from widgets.common.shots import ask

YEAR = beijing_today().year - 1
TIANHE = offices_of("440106")[0]


def tr(text: str) -> str:
    return QCoreApplication.translate("DocumentStatsScreen", text)


def at(month: int, day: int, minutes: int = 0) -> dt.datetime:
    start = dt.datetime(YEAR, month, day, 9, 0, tzinfo=CHINA_TZ) + dt.timedelta(minutes=minutes)
    return start.astimezone(dt.timezone.utc)


def sent(ctx, command):
    out = ctx.bus.dispatch(command)
    assert out.ok, out.message
    return command


def approve(ctx, doc_id, when):
    d = ask(ctx, dq.document_detail, ctx.principal, doc_id)
    sent(ctx, ApproveTask(user_id=ctx.principal.user_id, task_id=d.my_task_id, base_version=d.my_task_version,
                          opinion="同意", issued_at=when))


@pytest.fixture
def year(login_context):
    """Three incoming documents (two in February, one in June) and one outgoing (June): 拟办 of
    60 and 180 minutes, a 批示 of 120 (阅知), a 拟稿 of 30; the head's signed-in context."""
    secretary, head, clerk = (login_context(u) for u in ("secretary", "head", "clerk"))
    docs = []
    for n, (month, day) in enumerate(((2, 3), (2, 17), (6, 9))):
        doc = Incoming(sender="广州市市场监督管理局", doc_number=f"穗市监〔{YEAR}〕{n + 1}号",
                       title=f"关于第{n + 1}项工作的通知", received_on=beijing_date(at(month, day)))
        docs.append(sent(secretary, register_command(doc, document_id=new_id(), today=doc.received_on,
                                                     user_id=secretary.principal.user_id,
                                                     issued_at=at(month, day))).document_id)
    approve(secretary, docs[0], at(2, 3, 60))
    approve(secretary, docs[1], at(2, 17, 180))
    h = ask(head, dq.document_detail, head.principal, docs[0])
    sent(head, InstructIncoming(user_id=head.principal.user_id, document_id=docs[0], task_id=h.my_task_id,
                                base_version=h.my_task_version, opinion="阅知", issued_at=at(2, 3, 180)))
    draft = Draft(title="关于开展年中检查的通知", body="各科室：\n按时完成。", main_to=[{"code": None, "name": "各科室"}])
    out = sent(clerk, draft_command(draft, document_id=new_id(), user_id=clerk.principal.user_id,
                                    issued_at=at(6, 20)))
    approve(clerk, out.document_id, at(6, 20, 30))
    return head


def stats_screen(qtbot, ctx):
    from widgets.documents.stats_screen import DocumentStatsScreen

    screen = DocumentStatsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitUntil(lambda: screen.stats is not None, timeout=10_000)
    with qtbot.waitSignal(screen.counted, timeout=10_000):
        screen.year.setValue(YEAR)
    return screen


def cells(table, row: int) -> list[str]:
    return [table.item(row, c).text() for c in range(table.columnCount())]


def test_the_head_sees_the_years_figures_and_the_charts_have_bars(qtbot, year):
    screen = stats_screen(qtbot, year)
    stats = screen.stats
    assert stats.year == YEAR and (stats.incoming, stats.outgoing) == (3, 1)
    assert not screen.unit.isEnabled() and screen.unit.currentData() == TIANHE.code
    assert cells(screen.unit_table, 0)[:4] == [TIANHE.name, "3", "1", "4"]
    assert cells(screen.unit_table, 1)[0] == tr("Total")
    months = {r + 1: cells(screen.month_table, r)[1:3] for r in range(12)}
    assert months[2] == ["2", "0"] and months[6] == ["1", "1"] and months[3] == ["0", "0"]
    assert cells(screen.month_table, 12) == [tr("Total"), "3", "1", "4"]
    steps = {cells(screen.step_table, r)[1]: cells(screen.step_table, r) for r in range(screen.step_table.rowCount())}
    assert steps["拟办"][2:5] == ["2", screen.time_text(120), screen.time_text(180)]  # average 2 h, P90 3 h
    assert steps["拟办"][6] == "1"  # the June one waits
    assert steps["领导批示"][2:4] == ["1", screen.time_text(120)]
    assert steps["拟稿"][2:4] == ["1", screen.time_text(30)]
    assert "3" in screen.totals.text() and TIANHE.name in screen.totals.text()
    # the charts: a bar a month and a series, and each step's hours
    assert screen.month_chart.categories == [screen.month_text(m) for m in range(1, 13)]
    incoming, outgoing = screen.month_chart.bar_heights()
    assert incoming == [m.incoming for m in stats.months] and incoming[1] == 2 and outgoing[5] == 1
    assert screen.month_chart.total() == 4
    assert screen.step_chart.categories == [s.node_title for s in stats.steps]
    average, p90 = screen.step_chart.bar_heights()
    assert average[screen.step_chart.categories.index("拟办")] == 2.0
    assert p90[screen.step_chart.categories.index("拟办")] == 3.0
    # what the screen shows is the query's answer
    assert stats == ask(year, ds.document_statistics, year.principal, YEAR, office_code=TIANHE.code,
                        today=stats.today)


def test_the_figures_go_to_a_workbook_and_a_pdf(qtbot, year, tmp_path, monkeypatch):
    screen = stats_screen(qtbot, year)
    book = tmp_path / "stats.xlsx"
    with qtbot.waitSignal(screen.exported, timeout=10_000):
        screen.export_excel_to(book)
    with zipfile.ZipFile(book) as z:
        units = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert TIANHE.name in units
    assert dict(re.findall(r'<c r="([B-D]3)"[^>]*><v>([^<]*)</v>', units)) == {"B3": "3", "C3": "1", "D3": "4"}
    assert str(book) in screen.message.text() and screen.excel_button.isEnabled()

    # the PDF through the save dialog, which offers the figures' own name
    offered = []
    pdf = tmp_path / "报告"

    def save_as(_parent, _caption, name, _filter):
        offered.append(name)
        return str(pdf), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    with qtbot.waitSignal(screen.exported, timeout=10_000) as written:
        screen.pdf_button.click()
    assert written.args == [str(pdf) + ".pdf"]
    assert str(YEAR) in offered[0] and offered[0].endswith(".pdf")
    text = subprocess.run(["pdftotext", "-layout", written.args[0], "-"], capture_output=True, text=True,
                          check=True).stdout
    assert f"{YEAR}年收发文统计" in text and re.search(rf"{re.escape(TIANHE.name)}\s+3\s+1\s+4", text)


def test_a_district_head_counts_the_district_or_one_of_its_offices(qtbot, year, login_context):
    screen = stats_screen(qtbot, login_context("dhead"))
    offices = [screen.unit.itemData(i) for i in range(screen.unit.count())]
    assert offices[0] is None and set(offices[1:]) == {o.code for o in offices_of("440106")}
    assert screen.stats.unit_name == "天河分局" and (screen.stats.incoming, screen.stats.outgoing) == (3, 1)
    other = offices_of("440106")[1]
    with qtbot.waitSignal(screen.counted, timeout=10_000):
        screen.unit.setCurrentIndex(offices.index(other.code))
    assert (screen.stats.unit_name, screen.stats.incoming, screen.stats.outgoing) == (other.name, 0, 0)
    assert screen.unit_table.rowCount() == 0 and screen.month_chart.total() == 0


def test_an_overdue_line_opens_its_document_in_the_main_window(qtbot, year, make_main_window):
    """The head goes from the overdue list to the document (Enter on its line), where 督办 is."""
    from PySide6.QtCore import Qt

    from widgets.documents import INCOMING, STATS

    window = make_main_window("head")
    screen = window.open_area(STATS)
    qtbot.waitUntil(lambda: screen.stats is not None, timeout=10_000)
    with qtbot.waitSignal(screen.counted, timeout=10_000):
        screen.year.setValue(YEAR)
    [late] = [o for o in screen.stats.overdue if o.title == "关于第3项工作的通知"]  # (waits at 拟办 since June)
    row = screen.stats.overdue.index(late)
    screen.tabs.setCurrentWidget(screen.overdue_table)
    screen.overdue_table.setCurrentCell(row, 2)
    qtbot.keyClick(screen.overdue_table, Qt.Key.Key_Return)
    assert window.current_area() == INCOMING
    incoming = window.area_widget(INCOMING)
    qtbot.waitUntil(lambda: incoming.detail is not None and incoming.detail.document_id == late.document_id,
                    timeout=10_000)
    assert incoming.detail.title == "关于第3项工作的通知" and incoming.detail.state == "proposing"
