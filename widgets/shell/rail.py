"""The navigation rail: the product's mark on top, one entry per business area below."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from widgets.common import icons

_KEY = Qt.ItemDataRole.UserRole


class NavigationRail(QFrame):
    sig_selected = Signal(str)  # area key

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("navRail")
        self.setFixedWidth(200)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        header = QFrame(objectName="railHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(18, 16, 12, 16)
        row.setSpacing(10)
        logo = QLabel()
        logo.setPixmap(icons.pixmap("shield", 30))
        row.addWidget(logo)
        title = QLabel(self.tr("Hongdun Workbench"), objectName="railTitle")
        title.setWordWrap(True)  # the English name is longer than the Chinese
        row.addWidget(title, 1)
        layout.addWidget(header)

        self.list = QListWidget(objectName="navList")
        self.list.setIconSize(QSize(20, 20))
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._on_current)
        layout.addWidget(self.list, 1)

    def add(self, key: str, title: str, icon: QIcon | None) -> None:
        item = QListWidgetItem(icon or QIcon(), title)
        item.setData(_KEY, key)
        item.setSizeHint(QSize(0, 44))
        item.setToolTip(title)
        self.list.addItem(item)

    def keys(self) -> list[str]:
        return [self.list.item(i).data(_KEY) for i in range(self.list.count())]

    def titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def select(self, key: str) -> None:
        """Mark the entry without emitting (the window opened the area itself)."""
        for i in range(self.list.count()):
            if self.list.item(i).data(_KEY) == key:
                self.list.blockSignals(True)
                self.list.setCurrentRow(i)
                self.list.blockSignals(False)
                return

    def _on_current(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.sig_selected.emit(current.data(_KEY))
