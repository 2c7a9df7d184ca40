"""Column widths from what a column typically holds, measured in the view's own font.

A width in pixels is right for one font and one screen; a width from a typical value (a credit
code, a company name, an office) is right for all of them. One column stretches into the room the
others leave, but never below its typical width: in a narrow window the table scrolls sideways
instead of squeezing the names to "广…".
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

#: the cell's margins, and room for the header's sort indicator
PADDING = 20


def typical_widths(view: QAbstractItemView, model, typical: dict[int, str]) -> list[int]:
    """For each column: the wider of its typical value and its header, plus padding."""
    cells = view.fontMetrics()
    header = view.horizontalHeader().fontMetrics() if hasattr(view, "horizontalHeader") else cells
    widths = []
    for col in range(model.columnCount()):
        title = model.headerData(col, Qt.Orientation.Horizontal) or ""
        widths.append(max(cells.horizontalAdvance(typical.get(col, "")), header.horizontalAdvance(title))
                      + PADDING)
    return widths


class StretchAtLeast(QObject):
    """Keeps `column` as wide as the viewport leaves it, and at least `minimum` wide."""

    def __init__(self, view, column: int, minimum: int):
        super().__init__(view)
        self._view, self._column, self._minimum = view, column, minimum
        header: QHeaderView = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._on_section_resized)
        view.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        header = self._view.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c != self._column and not header.isSectionHidden(c))
        width = max(self._minimum, self._view.viewport().width() - others)
        if header.sectionSize(self._column) != width:
            header.resizeSection(self._column, width)

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self._column:  # the clerk widened another column: the name gives way
            self.fit()

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False
