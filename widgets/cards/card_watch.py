"""A card put into the reader anywhere in the program shows whose it is and whether it may be
accepted (a small window with the verdict panel), unless the card counter is open: it shows
the card itself. A card that was already in the reader when the window opened (left there since
yesterday) does not pop up at sign-in: the status-bar cell shows it, and the counter reads it.

The card is read and judged on the serial writer (`ctx.ops.run`), like every card I/O of the
program, so it never meets a card being written."""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QVBoxLayout

from widgets.cards.reader_bridge import ReaderBridge
from widgets.cards.verdict_panel import VerdictPanel
from widgets.common.tasks import failure_text


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
        self._desk = None
        bridge.card_put_in.connect(self._on_put_in)
        bridge.card_removed.connect(self._on_removed)

    def _on_put_in(self, reader: str, _atr: bytes) -> None:
        from widgets.cards import COUNTER
        from widgets.cards.counter_screen import card_desk

        if self.window.current_area() == COUNTER or getattr(self.window, "locked", False):
            return
        ctx = self.window.ctx
        if self.dialog is None:
            self.dialog = VerdictDialog(self.window)
        if self._desk is None:
            self._desk = card_desk(ctx)
        dialog, desk = self.dialog, self._desk
        dialog.panel.show_reading()
        dialog.show()
        ctx.ops.run(lambda: desk.read(reader), owner=dialog, writes=True, name="cards.read",
                    done=dialog.panel.show_verdict,
                    failed=lambda exc: dialog.panel.show_error(failure_text(exc)))

    def _on_removed(self, _reader: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.panel.show_waiting()
