"""The status-bar cell of the card reader: no service, no reader, reader ready, card in."""
from __future__ import annotations

from widgets.cards.reader_bridge import ReaderBridge
from widgets.common import icons
from widgets.shell.status_bar import Indicator

GREEN = "#1E8E3E"


class ReaderIndicator(Indicator):
    def __init__(self, bridge: ReaderBridge):
        super().__init__("card", "", object_name="statusCardReader")
        self.bridge = bridge
        # bound methods: the connections go with this cell (the bridge outlives it)
        for signal in (bridge.reader_added, bridge.reader_removed, bridge.card_removed):
            signal.connect(self._on_reader_event)
        bridge.card_inserted.connect(self._on_card_inserted)
        bridge.service_changed.connect(self._on_service)
        self.refresh()

    def _on_reader_event(self, _reader: str) -> None:
        self.refresh()

    def _on_card_inserted(self, _reader: str, _atr: bytes) -> None:
        self.refresh()

    def _on_service(self, _up: bool, _message: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        b = self.bridge
        if b.service_up is False:
            self.set("读卡服务未启动", color=icons.MUTED, state="offline")
            self.setToolTip(b.service_message or "PC/SC 服务（pcscd）未运行")
        elif not b.readers:
            self.set("未连接读卡器", color=icons.MUTED, state="")
            self.setToolTip("")
        else:
            with_card = b.reader_with_card()
            names = "、".join(sorted(b.readers))
            if with_card:
                self.set("读卡器：有卡", color=GREEN, state="card")
            else:
                self.set("读卡器：无卡", state="ready")
            self.setToolTip(names)
