"""Resolving a conflict field by field: mine, theirs, or an edited value.

The choice becomes a new command on the central version (sync.conflicts.resolved_command);
the refused one is dropped. Nothing is merged silently.
"""
from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from sync.conflicts import Refused


class ConflictDialog(QDialog):
    MINE, THEIRS, EDIT = 0, 1, 2

    def __init__(self, item: Refused, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resolve a synchronisation conflict"))
        self.item = item
        layout = QVBoxLayout(self)
        reason = QLabel(self.tr("The centre refused this workstation's change: %1. Choose for each item this workstation's value, the centre's, or type a new one.").replace("%1", item.reason or ""))
        reason.setWordWrap(True)
        layout.addWidget(reason)
        grid = QGridLayout()
        for col, title in enumerate((self.tr("Item"), self.tr("This workstation (mine)"), self.tr("The centre (theirs)"),
                                      self.tr("Change to"))):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, col)
        self.rows: dict[str, tuple[QButtonGroup, QLineEdit, object, object]] = {}
        for r, (field, mine, theirs) in enumerate(item.field_choices(), start=1):
            group = QButtonGroup(self)
            b_mine = QRadioButton(str(mine) if mine is not None else self.tr("(empty)"))
            b_theirs = QRadioButton(str(theirs) if theirs is not None else self.tr("(empty)"))
            b_edit = QRadioButton()
            edit = QLineEdit(str(mine) if mine is not None else "")
            edit.setEnabled(False)
            for i, b in ((self.MINE, b_mine), (self.THEIRS, b_theirs), (self.EDIT, b_edit)):
                group.addButton(b, i)
            b_mine.setChecked(True)
            b_edit.toggled.connect(edit.setEnabled)
            grid.addWidget(QLabel(field), r, 0)
            grid.addWidget(b_mine, r, 1)
            grid.addWidget(b_theirs, r, 2)
            grid.addWidget(b_edit, r, 3)
            grid.addWidget(edit, r, 4)
            self.rows[field] = (group, edit, mine, theirs)
        layout.addLayout(grid)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Resubmit with the choices"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def choose(self, field: str, which: int, value: str | None = None) -> None:
        group, edit, _, _ = self.rows[field]
        group.button(which).setChecked(True)
        if which == self.EDIT and value is not None:
            edit.setText(value)

    def choices(self) -> dict[str, object]:
        out = {}
        for field, (group, edit, mine, theirs) in self.rows.items():
            which = group.checkedId()
            out[field] = mine if which == self.MINE else theirs if which == self.THEIRS else edit.text()
        return out
