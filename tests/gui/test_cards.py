"""The card counter as a clerk uses it, through the real pcscd and a virtual card in vpcd's reader:
a card put into the reader shows its verdict; 制卡 → the card reads valid with the enterprise's
name; 发卡 and 挂失 → the verdict says 挂失; the receipt PDF; the statistics chart adds up; and
what clerks tripped over (issue 8 §4): the panel follows every action on the card in the reader,
the 发卡 and 挂失 dialogs stay open with the message at the field, a card left in the reader does
not pop up at sign-in."""
from __future__ import annotations

import datetime as dt
import subprocess
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QWidget

from client.cards.rules import CardAction
from client.kernel.codes import new_resident_id
from client.kernel import clock
from iccard.virtual import reader_name
from widgets.common import dates
from widgets.cards.reader_bridge import ReaderBridge
from tests.gui.conftest import type_chinese, wait_for_tasks


GOOD_ID = new_resident_id("440104", dt.date(1990, 7, 21), 357)
WRONG_CHECK_ID = "440104199007213570"  # the check character is wrong


@pytest.fixture
def counter(qtbot, login_context, demo_url, pcsc_daemon):
    from client.kernel.models import AppUser
    from tests.integration.sync_helpers import establish
    from widgets.cards.counter_screen import CardCounterScreen

    ctx = login_context("card")
    users = ctx.reads.run(lambda s: dict(s.execute(sa.select(AppUser.username, AppUser.id)).all()))
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
    qtbot.mouseClick(screen.buttons[CardAction.MAKE], Qt.MouseButton.LeftButton)
    _wait_banner(qtbot, screen, "制卡")
    assert screen.last_result.ok, screen.last_result.message
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "有效"
                    and screen.verdict.values["name"].text() == "广州市天河区澄明软件科技有限公司", timeout=5_000)
    assert screen.verdict.values["card_no"].text()  # a number (or 待分配 on a workstation)
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.entity_id == counter.entity_id,
                    timeout=5_000)
    assert screen.buttons[CardAction.ISSUE].isEnabled() and not screen.buttons[CardAction.MAKE].isEnabled()

    # 发卡: a wrong ID number is refused naming the field; the right one is taken
    screen.perform(CardAction.ISSUE, recipient=("李明华", WRONG_CHECK_ID))
    _wait_banner(qtbot, screen, "未办理")
    assert "公民身份号码" in screen.banner.text.text()  # the field and the rule, named
    screen.perform(CardAction.ISSUE, recipient=("李明华", GOOD_ID))
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.state == "issued", timeout=10_000)

    qtbot.waitUntil(lambda: screen.receipt_button.isEnabled(), timeout=5_000)
    qtbot.mouseClick(screen.receipt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.receipt_dialog is not None and screen.receipt_dialog.isVisible(), timeout=10_000)
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(screen.receipt_dialog.pdf_bytes)
    screen.receipt_dialog.close()
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
    screen.last_result = None
    screen.perform(CardAction.MAKE)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert screen.last_result.ok, screen.last_result.message

    stats = CardStatsScreen(counter.ctx)
    qtbot.addWidget(stats)
    stats.show()
    qtbot.waitUntil(lambda: stats.stats is not None, timeout=5_000)
    table_total = sum(int(stats.table.item(r, 2).text()) for r in range(stats.table.rowCount()))
    assert table_total >= 1
    assert stats.series_total(stats.stock_chart) == table_total  # the bars drawn add up to the table
    assert stats.series_total(stats.month_chart) >= 1  # this month's 制卡
    assert "已制卡" in stats.stock_chart.series_names()
    assert stats.month_chart.series_names() == ["制卡", "发卡", "挂失", "补卡"]
    today = clock.beijing_date(any_hour)
    assert dates.to_date(stats.until.date()) == today and stats.stats.until == today
    assert "元" in stats.fees.text()


# --- what clerks tripped over (issue 8 §4) ------------------------------------------------------


def _a_card_made(qtbot, counter, vpcd, blank):
    """A blank card in the reader, made for the test's enterprise; the panel shows it valid."""
    screen = counter.screen
    vpcd.insert(blank(), reader=0)
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "空白卡（未制卡）", timeout=5_000)
    qtbot.waitUntil(lambda: any(e.id == counter.entity_id for e in screen.entities), timeout=5_000)
    screen.entity = next(e for e in screen.entities if e.id == counter.entity_id)
    screen.last_result = None
    screen.perform(CardAction.MAKE)
    qtbot.waitUntil(lambda: screen.last_result is not None, timeout=10_000)
    assert screen.last_result.ok, screen.last_result.message
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "有效", timeout=10_000)
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.entity_id == counter.entity_id
                    and screen.detail.card.state == "made", timeout=10_000)
    return screen.detail.card


def _card_state(counter, card_id) -> str:
    from client.cards.models import IcCard

    return counter.ctx.reads.run(lambda s: s.get(IcCard, card_id).state)


def _open_dialog(screen) -> QDialog | None:
    return next((d for d in screen.findChildren(QDialog) if d.isVisible()), None)


def _when_the_dialog_opens(screen, act) -> dict:
    """Runs act(dialog) once the dialog that the next click opens is up (inside a modal dialog's
    own event loop too); the dialog is kept under "dialog"."""
    seen: dict = {}

    def poll():
        dialog = _open_dialog(screen)
        if dialog is None:
            QTimer.singleShot(10, poll)
            return
        seen["dialog"] = dialog
        act(dialog)

    QTimer.singleShot(0, poll)
    return seen


def _ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_reader_panel_follows_issue_and_loss_without_reading_the_card_again(qtbot, counter, vpcd, blank):
    """Complaint: after 发卡 or 挂失 the reader panel still showed 有效 until 读卡 was pressed."""
    screen = counter.screen
    _a_card_made(qtbot, counter, vpcd, blank)
    assert screen.verdict.values["card_state"].text() == "已制卡"

    screen.perform(CardAction.ISSUE, recipient=("李明华", GOOD_ID))
    # (the panel may read the card more than once after an action: "正在读卡…" in between)
    qtbot.waitUntil(lambda: screen.verdict.values["card_state"].text() == "已发卡"
                    and screen.verdict.headline_text() == "有效", timeout=10_000)

    # the card's new state is read before anything else may be done with it
    qtbot.waitUntil(lambda: screen.buttons[CardAction.REPORT_LOSS].isEnabled(), timeout=10_000)
    screen.perform(CardAction.REPORT_LOSS, reason="法定代表人报称遗失")
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "挂失"
                    and "请收回" in screen.verdict.message.text(), timeout=10_000)


def test_the_issue_dialog_stays_open_on_a_wrong_id_number_and_keeps_what_was_typed(qtbot, counter, vpcd, blank):
    """Complaint: the 发卡 dialog closed on a wrong ID number, and the typed 领卡人 and ID were gone."""
    screen = counter.screen
    card = _a_card_made(qtbot, counter, vpcd, blank)

    def fill_in(dialog):
        type_chinese(dialog.findChild(QLineEdit, "recipientName"), "李明华")
        dialog.findChild(QLineEdit, "recipientIdNo").setText(WRONG_CHECK_ID)
        _ok(dialog)

    seen = _when_the_dialog_opens(screen, fill_in)
    qtbot.mouseClick(screen.buttons[CardAction.ISSUE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=5_000)
    dialog = seen["dialog"]
    qtbot.waitUntil(lambda: "公民身份号码" in dialog.fields["recipient_id_no"].message.text(), timeout=10_000)
    assert dialog.isVisible()
    assert dialog.findChild(QLineEdit, "recipientName").text() == "李明华"
    assert dialog.findChild(QLineEdit, "recipientIdNo").text() == WRONG_CHECK_ID
    assert not dialog.fields["recipient_name"].message.text()
    assert _card_state(counter, card.id) == "made"

    dialog.findChild(QLineEdit, "recipientIdNo").setText(GOOD_ID)
    _ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert _card_state(counter, card.id) == "issued"
    _wait_banner(qtbot, screen, "发卡")


def test_a_loss_needs_a_reason_and_its_dialog_stays_open_to_take_it(qtbot, counter, vpcd, blank):
    """Complaint: 挂失 was accepted with an empty reason."""
    screen = counter.screen
    card = _a_card_made(qtbot, counter, vpcd, blank)
    screen.perform(CardAction.ISSUE, recipient=("李明华", GOOD_ID))
    qtbot.waitUntil(lambda: screen.detail is not None and screen.detail.card.state == "issued", timeout=10_000)
    qtbot.waitUntil(lambda: screen.buttons[CardAction.REPORT_LOSS].isEnabled(), timeout=5_000)

    seen = _when_the_dialog_opens(screen, _ok)  # OK with the reason left empty
    qtbot.mouseClick(screen.buttons[CardAction.REPORT_LOSS], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "dialog" in seen, timeout=5_000)
    dialog = seen["dialog"]
    qtbot.waitUntil(lambda: "挂失说明为必填项" in dialog.fields["reason"].message.text(), timeout=10_000)
    assert "规则" in dialog.fields["reason"].message.text()
    assert dialog.isVisible()
    wait_for_tasks(qtbot)
    assert _card_state(counter, card.id) == "issued"

    type_chinese(dialog.findChild(QLineEdit, "cardReason"), "营业执照与卡一同遗失")
    _ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert _card_state(counter, card.id) == "lost"
    qtbot.waitUntil(lambda: screen.verdict.headline_text() == "挂失", timeout=10_000)


def test_a_card_left_in_the_reader_does_not_pop_up_at_sign_in(qtbot, make_main_window, pcsc_daemon, vpcd, blank):
    """Complaint: a card left in the reader popped a 读卡结果 dialog over every sign-in. The
    status-bar cell still shows it; a card put in afterwards does pop up."""
    from widgets import cards

    vpcd.insert(blank(), reader=0)  # left there since yesterday
    window = make_main_window("card")
    try:
        cards.attach(window)
        cell = window.findChild(QWidget, "statusCardReader")
        qtbot.waitUntil(lambda: cell.text() == "读卡器：有卡", timeout=5_000)
        QApplication.processEvents()
        wait_for_tasks(qtbot)
        assert not [d for d in window.findChildren(QDialog, "cardVerdictDialog") if d.isVisible()]

        vpcd.insert(blank(), reader=1)  # a card put in now
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog, "cardVerdictDialog")),
                        timeout=5_000)
        dialog = window.findChild(QDialog, "cardVerdictDialog")
        qtbot.waitUntil(lambda: dialog.panel.headline_text() == "空白卡（未制卡）", timeout=5_000)
    finally:
        ReaderBridge.shutdown()
