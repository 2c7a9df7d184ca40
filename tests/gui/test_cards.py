"""The card counter as a clerk uses it, through the real pcscd and a virtual card in vpcd's reader:
a card put into the reader shows its verdict; 制卡 → the card reads valid with the enterprise's
name; 发卡 and 挂失 → the verdict says 挂失; the receipt PDF; the statistics chart adds up."""
from __future__ import annotations

import datetime as dt
import subprocess
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from client.cards.rules import CardAction
from client.kernel.codes import new_resident_id
from client.kernel import clock
from iccard.virtual import reader_name
from widgets.common import dates
from widgets.cards.reader_bridge import ReaderBridge


@pytest.fixture
def counter(qtbot, login_context, demo_url, pcsc_daemon):
    from client.kernel.models import AppUser
    from tests.integration.sync_helpers import establish
    from widgets.cards.counter_screen import CardCounterScreen

    ctx = login_context("card")
    with ctx.read() as s:
        users = dict(s.execute(sa.select(AppUser.username, AppUser.id)).all())
    central = SimpleNamespace(bus=ctx.bus, users=users)
    entity_id = establish(central, "澄明")  # in the card operator's office
    bridge = ReaderBridge()
    bridge.start()
    qtbot.waitUntil(lambda: reader_name(0) in bridge.readers, timeout=5_000)
    screen = CardCounterScreen(ctx, bridge=bridge)
    qtbot.addWidget(screen)
    screen.resize(1400, 900)
    screen.show()
    yield SimpleNamespace(screen=screen, ctx=ctx, entity_id=entity_id, bridge=bridge)
    bridge.stop()


def _wait_banner(qtbot, screen, text: str):
    qtbot.waitUntil(lambda: screen.banner.isVisible() and text in screen.banner.text.text(), timeout=10_000)


def test_a_card_is_made_issued_reported_lost_and_its_verdict_follows(qtbot, counter, vpcd, blank, tmp_path):
    screen = counter.screen
    qtbot.waitUntil(lambda: screen.entity_table.rowCount() >= 1, timeout=5_000)

    vpcd.insert(blank(), reader=0)  # a blank card goes into the reader: the panel reads it by itself
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "空白卡（未制卡）", timeout=5_000)

    row = next(i for i, e in enumerate(screen.entities) if e.id == counter.entity_id)
    screen.tabs.setCurrentIndex(1)
    screen.entity_table.selectRow(row)
    assert screen.buttons[CardAction.MAKE].isEnabled() and not screen.buttons[CardAction.ISSUE].isEnabled()
    qtbot.mouseClick(screen.buttons[CardAction.MAKE], __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    _wait_banner(qtbot, screen, "制卡")
    assert screen.last_result.ok, screen.last_result.message
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "有效", timeout=5_000)
    assert screen.verdict.values["name"].text() == "广州市天河区澄明软件科技有限公司"
    assert screen.verdict.values["card_no"].text()  # a number (or 待分配 on a workstation)
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.entity_id == counter.entity_id,
                    timeout=5_000)
    assert screen.buttons[CardAction.ISSUE].isEnabled() and not screen.buttons[CardAction.MAKE].isEnabled()

    # 发卡: a wrong ID number is refused naming the field; the right one is taken
    screen.perform(CardAction.ISSUE, recipient=("李明华", "440104199007213570"))
    _wait_banner(qtbot, screen, "未办理")
    assert "公民身份号码" in screen.banner.text.text()  # the field and the rule, named
    good_id = new_resident_id("440104", dt.date(1990, 7, 21), 357)
    screen.perform(CardAction.ISSUE, recipient=("李明华", good_id))
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.state == "issued", timeout=10_000)

    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(screen.receipt_pdf(screen.last_event_id))
    text = subprocess.run(["pdftotext", str(receipt), "-"], capture_output=True, text=True, check=True).stdout
    assert "广州市天河区澄明软件科技有限公司" in text

    screen.perform(CardAction.REPORT_LOSS, reason="法定代表人报称遗失")
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.state == "lost", timeout=10_000)
    screen.read_card(reader_name(0))
    qtbot.waitUntil(lambda: "挂失" in screen.verdict.headline_text(), timeout=5_000)
    assert not screen.buttons[CardAction.REPORT_LOSS].isEnabled()
    assert screen.buttons[CardAction.WITHDRAW_LOSS].isEnabled()


def test_statistics_chart_adds_up_to_the_table(any_hour, qtbot, counter, vpcd, blank):
    """At every hour (23:30 UTC, 00:30 Beijing, noon): the screen's period and the services'
    Beijing dates agree, so the card made now is in the table and in the month's bars."""
    from widgets.cards.stats_screen import CardStatsScreen

    screen = counter.screen
    vpcd.insert(blank(), reader=0)
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "空白卡（未制卡）", timeout=5_000)
    qtbot.waitUntil(lambda: any(e.id == counter.entity_id for e in screen.entities), timeout=5_000)
    screen.entity = next(e for e in screen.entities if e.id == counter.entity_id)
    screen.perform(CardAction.MAKE)
    _wait_banner(qtbot, screen, "制卡")

    stats = CardStatsScreen(counter.ctx)
    qtbot.addWidget(stats)
    stats.show()
    qtbot.waitUntil(lambda: stats.stats is not None, timeout=5_000)
    table_total = sum(int(stats.table.item(r, 2).text()) for r in range(stats.table.rowCount()))
    assert table_total >= 1
    assert stats.series_total(stats.stock_view) == table_total
    assert stats.series_total(stats.month_view) >= 1  # this month's 制卡
    today = clock.beijing_date(any_hour)
    assert dates.to_date(stats.until.date()) == today and stats.stats.until == today
    assert "元" in stats.fees.text()
