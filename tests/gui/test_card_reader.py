"""The reader bridge turns pcscd's events into Qt signals, and the status-bar cell follows a card
going in and out of a real (vpcd) reader through the real pcscd."""
from __future__ import annotations


from iccard.virtual import reader_name
from widgets.cards.reader_bridge import ReaderBridge
from widgets.cards.reader_status import ReaderIndicator



def test_the_reader_cell_follows_a_card_in_and_out(qtbot, vpcd, blank):
    bridge = ReaderBridge()
    cell = ReaderIndicator(bridge)
    qtbot.addWidget(cell)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: reader_name(0) in bridge.readers, timeout=5_000)
        qtbot.waitUntil(lambda: cell.text() == "读卡器：无卡", timeout=5_000)
        with qtbot.waitSignal(bridge.card_inserted, timeout=5_000) as inserted:
            card = vpcd.insert(blank(), reader=0)
        assert inserted.args[0] == reader_name(0) and len(inserted.args[1]) > 2  # the ATR
        assert cell.text() == "读卡器：有卡" and bridge.reader_with_card() == reader_name(0)
        with qtbot.waitSignal(bridge.card_removed, timeout=5_000):
            vpcd.remove(card)
        assert cell.text() == "读卡器：无卡" and bridge.reader_with_card() is None
    finally:
        bridge.stop()


def test_the_reader_cell_says_when_the_card_service_is_gone(qtbot, pcsc_daemon):
    bridge = ReaderBridge()
    cell = ReaderIndicator(bridge)
    qtbot.addWidget(cell)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: bool(bridge.readers), timeout=5_000)
        pcsc_daemon.stop()  # the fixture starts it again for the next test
        qtbot.waitUntil(lambda: cell.text() in ("读卡服务未启动", "未连接读卡器"), timeout=10_000)
        assert not bridge.readers
    finally:
        bridge.stop()
