"""The home page: a greeting, the user's unit, and a tile for every area they may open."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSize, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from client.kernel import org
from client.kernel.clock import beijing_now
from widgets.app_context import AppContext
from widgets.common import dates


def _greeting(hour: int) -> str:
    """By the hour in Beijing, as every date and time of the program (the machine's own clock may
    run in UTC, as on a server-built desktop image)."""
    # written out in full each time: lupdate does not follow an alias of translate()
    if hour < 11:
        return QCoreApplication.translate("HomePage", "Good morning")
    if hour < 13:
        return QCoreApplication.translate("HomePage", "Good noon")
    if hour < 18:
        return QCoreApplication.translate("HomePage", "Good afternoon")
    return QCoreApplication.translate("HomePage", "Good evening")


class HomePage(QWidget):
    """Built by areas.py with the window, so its tiles can open the other areas."""

    def __init__(self, ctx: AppContext, window):
        super().__init__(objectName="homePage")
        self.ctx, self.window_ = ctx, window
        principal = ctx.principal
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 30, 36, 30)
        layout.setSpacing(0)

        banner = QFrame(objectName="homeBanner")
        inner = QVBoxLayout(banner)
        inner.setContentsMargins(28, 22, 28, 22)
        inner.setSpacing(6)
        name = principal.full_name if principal else ""
        inner.addWidget(QLabel(self.tr("{greeting}, {name}").format(
            greeting=_greeting(beijing_now().hour), name=name), objectName="homeGreeting"))
        today = dates.today()
        # the date format is translated too: 2026年3月5日 星期四 / Thursday, March 5, 2026
        date_text = QLocale().toString(today, self.tr("dddd, MMMM d, yyyy"))
        self.subtitle = QLabel(date_text, objectName="homeSubtitle")
        inner.addWidget(self.subtitle)
        self.unit_line = QLabel(principal.role_labels if principal else "", objectName="homeUnit")
        inner.addWidget(self.unit_line)
        layout.addWidget(banner)
        layout.addSpacing(28)

        layout.addWidget(QLabel(self.tr("Business areas"), objectName="sectionTitle"))
        layout.addSpacing(12)
        self.tiles = QGridLayout()
        self.tiles.setHorizontalSpacing(16)
        self.tiles.setVerticalSpacing(16)
        layout.addLayout(self.tiles)
        layout.addSpacing(28)
        cards = QHBoxLayout()
        cards.setSpacing(16)
        cards.addWidget(self._account_card(), 1)
        cards.addWidget(self._keys_card(), 1)
        layout.addLayout(cards)
        layout.addStretch(1)
        self.refresh_tiles()
        self._load_unit()

    def _card(self, title: str) -> tuple[QFrame, QFormLayout]:
        card = QFrame(objectName="infoCard")
        outer = QVBoxLayout(card)
        outer.setContentsMargins(22, 16, 22, 18)
        outer.setSpacing(10)
        outer.addWidget(QLabel(title, objectName="cardTitle"))
        form = QFormLayout()
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(8)
        outer.addLayout(form)
        outer.addStretch(1)
        return card, form

    def _account_card(self) -> QFrame:
        principal, settings = self.ctx.principal, self.ctx.settings
        card, form = self._card(self.tr("Account and workstation"))
        minutes = int(settings.idle_lock_minutes)
        rows = [
            (self.tr("User name"), principal.username if principal else ""),
            (self.tr("Roles"), principal.role_labels if principal else ""),
            (self.tr("Centre"), self.ctx.database_label),
            (self.tr("Idle lock"), self.tr("after {n} minutes without input").format(n=minutes)
             if minutes > 0 else self.tr("off")),
        ]
        for label, value in rows:
            form.addRow(QLabel(label, objectName="cardKey"), QLabel(value, objectName="cardValue"))
        return card

    def _keys_card(self) -> QFrame:
        card, form = self._card(self.tr("Keyboard"))
        for keys, meaning in (("Tab / Shift+Tab", self.tr("next / previous field")),
                              ("Enter", self.tr("confirm, sign in")),
                              ("Ctrl+L", self.tr("lock the workbench")),
                              ("Ctrl+Q", self.tr("exit"))):
            form.addRow(QLabel(keys, objectName="keyCap"), QLabel(meaning, objectName="cardValue"))
        return card

    def refresh_tiles(self) -> None:
        while self.tiles.count():
            self.tiles.takeAt(0).widget().deleteLater()
        entries = [(k, t) for k, t in self.window_.area_titles().items() if k != "home"]
        if not entries:
            empty = QLabel(self.tr("More business areas will appear here as they are installed."),
                           objectName="hintLabel")
            self.tiles.addWidget(empty, 0, 0)
            return
        for i, (key, title) in enumerate(entries):
            tile = QToolButton(objectName="areaTile")
            tile.setText(title)
            tile.setIcon(self.window_.area_icon(key))
            tile.setIconSize(QSize(30, 30))
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            tile.setFixedSize(150, 104)
            tile.setCursor(Qt.CursorShape.PointingHandCursor)
            tile.clicked.connect(lambda _=False, k=key: self.window_.open_area(k))
            self.tiles.addWidget(tile, i // 5, i % 5, Qt.AlignmentFlag.AlignLeft)
        self.tiles.setColumnStretch(5, 1)

    def _load_unit(self) -> None:
        principal = self.ctx.principal
        if principal is None:
            return
        self.ctx.ops.read(org.unit_label, principal, owner=self,
                          done=lambda unit: self.unit_line.setText(f"{unit} · {principal.role_labels}"),
                          failed=lambda _e: None)  # the line keeps the roles alone
