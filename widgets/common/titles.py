"""A screen's title, above its list: the screen's font, bold and a fifth larger."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel


def screen_title(text: str) -> QLabel:
    title = QLabel(text)
    font = title.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    title.setFont(font)
    return title
