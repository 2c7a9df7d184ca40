"""A card put into the reader anywhere in the program shows whose it is and whether it may be
accepted (a small window with the verdict panel), unless the card counter is open: it shows
the card itself."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QVBoxLayout

from widgets.cards.reader_bridge import ReaderBridge
from widgets.cards.verdict_panel import VerdictPanel
from widgets.common.tasks import run_task


class VerdictDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("cardVerdictDialog")
        self.setWindowTitle(self.tr("Card in the reader"))
        self.panel = VerdictPanel(self)
        QVBoxLayout(self).addWidget(self.panel)
        self.resize(460, 320)


class CardWatch(QObject):
    def __init__(self, window, bridge: ReaderBridge):
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.dialog: VerdictDialog | None = None
        bridge.card_inserted.connect(self._on_inserted)
        bridge.card_removed.connect(self._on_removed)

    def _on_inserted(self, reader: str, _atr: bytes) -> None:
        from widgets.cards import COUNTER

        if self.window.current_area() == COUNTER or getattr(self.window, "locked", False):
            return
        ctx = self.window.ctx
        if self.dialog is None:
            self.dialog = VerdictDialog(self.window)
        self.dialog.panel.show_reading()
        self.dialog.show()

        def read():
            from client.cards.desk import CardDesk

            return CardDesk(ctx.session_factory, ctx.bus, ctx.principal, ctx.device_id).read(reader)

        run_task(read, on_done=self.dialog.panel.show_verdict,
                 on_failed=lambda exc: self.dialog.panel.show_error(getattr(exc, "message", None) or str(exc)[:200]),
                 owner=self.dialog)

    def _on_removed(self, _reader: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.panel.show_waiting()
