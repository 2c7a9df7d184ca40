"""A list of records as the screens show one in a table: read only, one row selected at a time,
rows alternately shaded at one height, the columns sized by hand with one taking the room left.

Heights and widths come from the screen's font where a screen measures them (`row_height`,
`sample_widths`: a width sample is what a column typically holds, never shown), so a larger
font or a Chinese one keeps the text whole.
"""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QTableWidgetItem, QWidget

#: a row's height where a screen does not measure it (px)
ROW_HEIGHT = 30


def row_height(widget: QWidget, pad: int = 14) -> int:
    """A row as tall as a line of `widget`'s font and `pad` around it."""
    return widget.fontMetrics().height() + pad


def sample_widths(widget: QWidget, samples: Iterable[tuple[int, str]], pad: int) -> list[tuple[int, int]]:
    """(column, width) for each (column, sample): the sample's width in `widget`'s font and `pad`."""
    metrics = widget.fontMetrics()
    return [(column, metrics.horizontalAdvance(sample) + pad) for column, sample in samples]


def set_up_list(table: QTableView, *, stretch: int, widths: Iterable[tuple[int, int]] = (),
                height: int = ROW_HEIGHT, fixed_rows: bool = False, wrap: bool = False) -> QHeaderView:
    """Makes `table` a list: rows selected whole, one at a time, not edited, alternately shaded,
    `height` px each (`fixed_rows`: never measured), no row numbers, text on one line unless
    `wrap`; the columns resized by hand, column `stretch` taking the room left and the others
    as `widths` says ((column, px) each). Returns the horizontal header."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    if not wrap:
        table.setWordWrap(False)
    vertical = table.verticalHeader()
    vertical.hide()
    if fixed_rows:
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(height)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column, width in widths:
        table.setColumnWidth(column, width)
    return header


# --- small tables inside a record's detail pane (materials, attachments) ----------------------------


def make_table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(30)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    # as tall as its rows (the pane scrolls, the table does not)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    header = table.horizontalHeader().sizeHint().height()
    rows_height = table.verticalHeader().defaultSectionSize() * max(1, len(rows))
    table.setFixedHeight(header + rows_height + 2 * table.frameWidth() + 2)
