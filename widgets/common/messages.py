"""Message boxes with the buttons a Chinese clerk expects (确定/取消 via Qt's own .qm).

Service messages are already Chinese and are shown as they are; these helpers only
fix the window title and buttons, so every screen asks and informs the same way.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def app_title() -> str:
    return QCoreApplication.translate("Messages", "Hongdun Workbench")


def inform(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    QMessageBox.information(parent, title or app_title(), text)


def warn(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    QMessageBox.warning(parent, title or app_title(), text)


def fail(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    QMessageBox.critical(parent, title or app_title(), text)


def confirm(parent: QWidget | None, text: str, *, title: str | None = None,
            default_yes: bool = False) -> bool:
    """Yes/No question; No is the default so Enter never confirms something destructive."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title or app_title(), text, yes | no, yes if default_yes else no)
    return answer == yes
