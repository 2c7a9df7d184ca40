"""The status bar: who is signed in, for which unit, which centre, whether it answers, the time.

The connection check asks the screens' reads for a round trip (client.kernel.org.ping: for
district and city users a request to the centre, which runs its `SELECT 1`) on a worker thread
every 10 s; a check that has not answered yet is never doubled up. An office's replica is a
local SQLite file with nothing to lose contact with, so it simply says so (the sync cells tell
whether the centre answers). Other parts (pending commands, conflicts, the card reader) add
their own indicators with `add_indicator`.
"""
from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QWidget

from client.kernel import org
from widgets.common import dates, icons

CHECK_INTERVAL_MS = 10_000


class Indicator(QFrame):
    """An icon and a text, as one status-bar cell; `clicked` when the user clicks it."""

    clicked = Signal()

    def __init__(self, icon_name: str, text: str = "", *, object_name: str):
        super().__init__(objectName=object_name)
        self.setProperty("statusCell", True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 0, 10, 0)
        row.setSpacing(6)
        self.icon = QLabel()
        self.icon.setPixmap(icons.pixmap(icon_name, 14))
        self.label = QLabel(text)
        row.addWidget(self.icon)
        row.addWidget(self.label)

    def set(self, text: str, *, icon_name: str | None = None, color: str = icons.MUTED,
            state: str = "") -> None:
        self.label.setText(text)
        if icon_name:
            self.icon.setPixmap(icons.pixmap(icon_name, 14, color))
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)

    def text(self) -> str:
        return self.label.text()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class ShellStatusBar(QStatusBar):
    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shellStatusBar")
        self.setSizeGripEnabled(False)
        self._ctx = ctx
        self._checking = False
        principal = ctx.principal
        roles = principal.role_labels if principal else ""
        user_text = f"{principal.full_name}（{roles}）" if principal else ""
        self.user = Indicator("user", user_text, object_name="statusUser")
        self.unit = Indicator("office", "…", object_name="statusUnit")
        self.database = Indicator("database", ctx.database_label, object_name="statusDatabase")
        self.connection = Indicator("online", "", object_name="statusConnection")
        self.clock = Indicator("clock", "", object_name="statusClock")
        self._extra_at = 0
        for cell in (self.user, self.unit, self.database, self.connection, self.clock):
            self.addPermanentWidget(cell)
        self._extra_at = 3  # indicators added later go before the connection cell

        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(1000)
        self._tick()
        self._check_timer = QTimer(self)
        self._check_timer.timeout.connect(self.check_connection)
        if self.is_local:
            self.connection.set(self.tr("Local database"), icon_name="database", state="local")
        else:
            self.connection.set(self.tr("Connecting…"), icon_name="online", state="checking")
            self._check_timer.start(CHECK_INTERVAL_MS)
            self.check_connection()
        self._load_unit()
        if ctx.changes is not None:
            # a new office workstation has no offices until its first download: then the name
            ctx.changes.changed.connect(self._on_changed)

    # --- public ---------------------------------------------------------------------------

    def add_indicator(self, widget: QWidget) -> None:
        """A cell of another part (pending commands, card reader), placed before the clock."""
        self.insertPermanentWidget(self._extra_at, widget)
        self._extra_at += 1

    @property
    def is_local(self) -> bool:
        return self._ctx.reads.backend == "sqlite"

    @property
    def checking(self) -> bool:
        """A connection check is under way (a new one would not start)."""
        return self._checking

    def check_connection(self) -> None:
        if self._checking or self.is_local:
            return
        self._checking = True
        self._ctx.ops.read(org.ping, owner=self, done=lambda _ok: self._on_checked(True),
                           failed=lambda _e: self._on_checked(False))

    def stop(self) -> None:
        self._clock_timer.stop()
        self._check_timer.stop()

    def stop_connection_check(self) -> None:
        """Another part (the sync engine) reports the link instead."""
        self._check_timer.stop()
        self._checking = True  # a check still running is ignored, none starts

    # --- private --------------------------------------------------------------------------

    def _on_checked(self, ok: bool) -> None:
        self._checking = False
        if ok:
            self.connection.set(self.tr("Connected"), icon_name="online", color="#1E8E3E", state="online")
        else:
            self.connection.set(self.tr("Connection lost"), icon_name="offline", color=icons.ACCENT,
                                state="offline")

    def _tick(self) -> None:
        now = dates.now()
        locale = QLocale()
        self.clock.label.setText(f"{now.toString('yyyy-MM-dd')} {locale.dayName(now.date().dayOfWeek(), QLocale.FormatType.ShortFormat)} {now.toString('HH:mm')}")

    def _on_changed(self, changes: frozenset) -> None:
        if "organisation" in changes:
            self._load_unit()

    def _load_unit(self) -> None:
        if self._ctx.principal is not None:
            self._ctx.ops.read(org.unit_label, self._ctx.principal, owner=self,
                               done=lambda label: self.unit.set(label, icon_name="office"),
                               failed=lambda _e: self.unit.set("?", icon_name="office"))
