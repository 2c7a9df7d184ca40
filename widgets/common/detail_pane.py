"""One record of a ledger screen (widgets/common/ledger.py: an application, a mediation case, a
document) under its list: its heading, a subline (its number, its state, …), the buttons of what the reader may do
on it, and its facts in group boxes in two columns, all in a scroll area; a placeholder while
nothing is selected. `InfoGrid` shows facts as label–value pairs, as the register's detail
shows an entity.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

MUTED = "#5B6573"


class InfoGrid(QWidget):
    """Label–value pairs in two columns, as the register's detail shows an entity."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        """(key, label, value) each."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.values = {}
        for r, (key, label, value) in enumerate(rows):
            name = QLabel(label)
            name.setStyleSheet(f"color: {MUTED}")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(shown, r, 1)
            self.values[key] = shown


def group_box(title: str, content: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(content)
    return box


def rich_text(name: str) -> QLabel:
    """A box's text in HTML (parties, sessions): wrapped, and selectable to be copied."""
    label = QLabel(objectName=name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def state_html(label: str, colour: str) -> str:
    """A record's state in the subline: bold, in its colour."""
    return f"<b style='color:{colour}'>{label}</b>"


class DetailPane(QWidget):
    """The pane's frame: a subclass makes its buttons and boxes and `lay_out`s them; it shows
    a record with `set_shown`, `set_heading` and what it puts in its boxes."""

    def __init__(self, subline_name: str):
        super().__init__()
        self.heading = QLabel(objectName="sectionTitle")
        self.heading.setWordWrap(True)
        self.subline = QLabel(objectName=subline_name)
        self.subline.setTextFormat(Qt.TextFormat.RichText)
        self.subline.setWordWrap(True)
        self.placeholder = QLabel()
        self.placeholder.setStyleSheet(f"color: {MUTED}")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget()

    def lay_out(self, placeholder: str, buttons: list[QPushButton], left: list[QGroupBox],
                right: list[QGroupBox]) -> None:
        """The heading and subline beside the buttons (at most a few of them show: the reader's
        step first), the boxes below in two columns; `placeholder` until a record is shown."""
        self.placeholder.setText(placeholder)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        for b in buttons:
            button_row.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.subline)
        head.addLayout(titles, 1)
        head.addLayout(button_row)
        content.addLayout(head)
        columns = QHBoxLayout()
        for boxes in (left, right):
            column = QVBoxLayout()
            for box in boxes:
                column.addWidget(box)
            column.addStretch(1)
            columns.addLayout(column, 1)
        content.addLayout(columns)
        content.addStretch(1)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(8, 0, 8, 8)
        inner_layout.addWidget(self.placeholder, 1)
        inner_layout.addWidget(self.content)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def set_shown(self, shown: bool) -> None:
        """A record (its heading and boxes), or the placeholder."""
        self.placeholder.setVisible(not shown)
        self.content.setVisible(shown)

    def set_heading(self, title: str, parts: list[str]) -> None:
        """The record's title, and its subline: `parts` (HTML) joined by dots."""
        self.heading.setText(title)
        self.subline.setText(" · ".join(parts))
