"""The line above a form that says what happened to the last submission; and a notice line (the
main window's and the login window's news, e.g. a newer version: widgets/sync/release_notice.py)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Banner(QFrame):
    """The line above the form: what happened to the last submission."""

    next_clicked = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.next_button)
        self.hide()

    def clear(self) -> None:
        self.hide()
        self.text.clear()

    def show_error(self, text: str) -> None:
        self.setStyleSheet("Banner { background: #fdecea; border: 1px solid #f5c2c0; }"
                           "QLabel { color: #c62828; }")
        self.text.setText(text)
        self.next_button.hide()
        self.show()

    def show_notice(self, text: str, button_text: str | None = None) -> None:
        """News, not a result: calm colours; `button_text` (e.g. "Dismiss") shows the button."""
        self.setStyleSheet("Banner { background: #e8f0fe; border: 1px solid #aecbfa; }"
                           "QLabel { color: #174ea6; }")
        self.text.setText(text)
        self.next_button.setVisible(button_text is not None)
        if button_text:
            self.next_button.setText(button_text)
        self.show()

    def show_success(self, text: str, next_text: str | None) -> None:
        self.setStyleSheet("Banner { background: #e8f5e9; border: 1px solid #a5d6a7; }"
                           "QLabel { color: #1b5e20; font-weight: bold; }")
        self.text.setText(text)
        self.next_button.setVisible(next_text is not None)
        if next_text:
            self.next_button.setText(next_text)
            self.next_button.setFocus()
        self.show()
