"""Small dialogs that ask for a reason and then run a command: 注销, 吊销, 驳回, 核准.

The dialog does not judge the text itself: it dispatches, and a rejected outcome's
message (Chinese, from the service) is shown at the field it names while the dialog
stays open with what was typed. One rule, one message, wherever it is enforced.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sync.bus import Outcome
from widgets.common.fields import FIELD_STYLE, FieldBox

#: (reason text, decision number) -> the bus's outcome
Submit = Callable[[str, str], Outcome]


class ReasonDialog(QDialog):
    def __init__(self, *, title: str, intro: str, reason_label: str, submit: Submit,
                 ok_text: str, with_decision_no: bool = False, placeholder: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(FIELD_STYLE)
        self.setMinimumWidth(480)
        self._submit = submit
        self.outcome: Outcome | None = None

        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setPlaceholderText(placeholder)
        text.setFixedHeight(110)
        self.reason = FieldBox("reason", text)
        self.decision_no = FieldBox("decision_no", QLineEdit()) if with_decision_no else None

        form = QFormLayout()
        form.addRow(reason_label, self.reason)
        if self.decision_no is not None:
            form.addRow(self.tr("Decision document no."), self.decision_no)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("color: #c62828;")
        self.banner.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _on_ok(self) -> None:
        decision_no = self.decision_no.text() if self.decision_no else ""
        outcome = self._submit(self.reason.text(), decision_no)
        self.outcome = outcome
        if outcome.ok:
            self.accept()
            return
        self._show_refusal(outcome)

    def _show_refusal(self, outcome: Outcome) -> None:
        boxes = {b.key: b for b in (self.reason, self.decision_no) if b is not None}
        for box in boxes.values():
            box.clear_message()
        self.banner.hide()
        placed = False
        for error in outcome.errors or ():
            if error.field in boxes:
                boxes[error.field].show_error(error.message)
                placed = True
        if not placed and outcome.field in boxes:
            boxes[outcome.field].show_error(outcome.message or "")
            placed = True
        if not placed:
            self.banner.setText(outcome.message or self.tr("The request was refused."))
            self.banner.show()
