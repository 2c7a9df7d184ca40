"""The status-bar cell of the card reader: no service, no reader, reader ready, card in."""
from __future__ import annotations

from PySide6.QtCore import QLocale

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
            self.set(self.tr("Card service not running"), color=icons.MUTED, state="offline")
            self.setToolTip(b.service_message or self.tr("The PC/SC service (pcscd) is not running"))
        elif not b.readers:
            self.set(self.tr("No card reader"), color=icons.MUTED, state="")
            self.setToolTip("")
        else:
            if b.reader_with_card():
                self.set(self.tr("Reader: card in"), color=GREEN, state="card")
            else:
                self.set(self.tr("Reader: no card"), state="ready")
            self.setToolTip(QLocale().createSeparatedList(sorted(b.readers)))
