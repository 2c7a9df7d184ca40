"""Card readers as Qt signals: iccard's monitor calls back on its own thread; these signals
carry each event to the GUI thread (queued), so screens react to a card without polling.

One bridge per program (`ReaderBridge.instance()`): pcscd serves many clients, but one
monitor thread is enough for every screen that wants to know about cards.

`card_inserted` also reports the cards already in a reader when the monitor first looks (so a
screen learns the current state); `card_put_in` only the cards put in after that look (what the
program's verdict pop-up follows: a card left in the reader overnight is not news at sign-in).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)


class ReaderBridge(QObject):
    reader_added = Signal(str)
    reader_removed = Signal(str)
    card_inserted = Signal(str, bytes)  # reader, ATR
    card_put_in = Signal(str, bytes)  # reader, ATR: inserted after the monitor's first look
    card_removed = Signal(str)
    service_changed = Signal(bool, str)  # PC/SC available?, message

    _instance: "ReaderBridge | None" = None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent if parent is not None else QCoreApplication.instance())
        self.readers: dict[str, bool] = {}  # reader -> card present (kept on the GUI thread)
        self.service_up: bool | None = None
        self.service_message = ""
        self._monitor = None
        self._stopped = False
        self.reader_added.connect(lambda r: self.readers.setdefault(r, False))
        self.reader_removed.connect(lambda r: self.readers.pop(r, None))
        self.card_inserted.connect(lambda r, _atr: self.readers.__setitem__(r, True))
        self.card_removed.connect(lambda r: self.readers.__setitem__(r, False) if r in self.readers else None)
        self.service_changed.connect(self._on_service)

    @classmethod
    def instance(cls, *, start_after_ms: int = 0) -> "ReaderBridge":
        """The program's bridge, started on first use (`start_after_ms` later: the main window
        paints first, the PC/SC context follows)."""
        if cls._instance is None:
            cls._instance = cls()
            if start_after_ms:
                from PySide6.QtCore import QTimer

                QTimer.singleShot(start_after_ms, cls._instance.start)
            else:
                cls._instance.start()
        return cls._instance

    def start(self) -> None:
        if self._monitor is not None or self._stopped:
            return
        try:
            from iccard.monitor import CardMonitor
        except ImportError as exc:  # pyscard missing: the program runs, the counter says why
            self.service_changed.emit(False, QCoreApplication.translate(
                "ReaderBridge", "The card reader software is not installed (%1)").replace("%1", str(exc)))
            return

        def inserted(reader: str, atr: bytes) -> None:  # on the monitor's thread
            self.card_inserted.emit(reader, atr)
            if monitor.started.is_set():  # set once the first look has been reported
                self.card_put_in.emit(reader, atr)

        monitor = CardMonitor(
            on_reader_added=self.reader_added.emit, on_reader_removed=self.reader_removed.emit,
            on_card_inserted=inserted, on_card_removed=self.card_removed.emit,
            on_service=self.service_changed.emit)
        self._monitor = monitor
        monitor.start()

    def stop(self) -> None:
        self._stopped = True  # a start still scheduled (instance(start_after_ms=…)) does nothing
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None

    @classmethod
    def shutdown(cls) -> None:
        if cls._instance is not None:
            cls._instance.stop()
            cls._instance = None

    def _on_service(self, up: bool, message: str) -> None:
        self.service_up, self.service_message = up, message
        if not up:
            self.readers.clear()

    def reader_with_card(self) -> str | None:
        """The first reader holding a card (the counter works with one card at a time)."""
        return next((r for r, present in sorted(self.readers.items()) if present), None)
