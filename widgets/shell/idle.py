"""Notices when nobody has touched keyboard or mouse for a while (the idle lock).

One application-wide event filter sees every event, so it must be cheap: it only
notes the time of the last input. A single-shot timer then checks that time and
re-arms itself for the remainder, instead of being restarted on every mouse move.
"""
from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.InputMethod, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.ShortcutOverride,
})


class IdleMonitor(QObject):
    """Emits `sig_idle` once after `timeout_ms` without input; `resume()` starts watching again."""

    sig_idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._timeout_ms = max(0, int(timeout_ms))
        self._last_input = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._watching = False
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        return self._timeout_ms

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """0 turns the idle lock off."""
        self._timeout_ms = max(0, int(timeout_ms))
        if self._watching:
            self.resume()

    def resume(self) -> None:
        self._watching = True
        self._last_input = time.monotonic()
        self._arm(self._timeout_ms)

    def pause(self) -> None:
        self._watching = False
        self._timer.stop()

    def stop(self) -> None:
        self.pause()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT_EVENTS:
            self._last_input = time.monotonic()
        return False

    def _arm(self, ms: int) -> None:
        if self._timeout_ms > 0:
            self._timer.start(max(1, int(ms)))
        else:
            self._timer.stop()

    def _check(self) -> None:
        if not self._watching:
            return
        idle_ms = (time.monotonic() - self._last_input) * 1000
        remaining = self._timeout_ms - idle_ms
        if remaining > 0:
            self._arm(remaining)
            return
        self._watching = False
        self.sig_idle.emit()
