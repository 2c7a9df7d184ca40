"""Small dialogs that ask for a reason and then run a command: 注销, 吊销, 驳回, 核准.

The dialog does not judge the text itself: it hands the command to the serial writer
(`ctx.ops.write`), and a rejected outcome's message (Chinese, from the service) is shown at the
field it names while the dialog stays open with what was typed. One rule, one message, wherever
it is enforced. While the command runs the OK button is disabled; a failure is shown in the
dialog, which stays open.
"""
from __future__ import annotations

from typing import Any, Callable

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

from client.kernel.bus import Outcome
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text

#: (reason text, decision number) -> the command to run
MakeCommand = Callable[[str, str], Any]


class ReasonDialog(QDialog):
    def __init__(self, *, title: str, intro: str, reason_label: str, ops, command: MakeCommand,
                 ok_text: str, with_decision_no: bool = False, placeholder: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(FIELD_STYLE)
        self.setMinimumWidth(480)
        self._ops = ops  # widgets.common.operations.Operations
        self._command = command
        self.outcome: Outcome | None = None
        self.writing = False

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
        if self.writing:
            return
        decision_no = self.decision_no.text() if self.decision_no else ""
        self.writing = True
        self.ok_button.setEnabled(False)
        self._ops.write(self._command(self.reason.text(), decision_no), owner=self,
                        done=self._answered, failed=self._failed)

    def _answered(self, outcome: Outcome) -> None:
        self.writing = False
        self.ok_button.setEnabled(True)
        self.outcome = outcome
        if outcome.ok:
            self.accept()
            return
        self._show_refusal(outcome)

    def _failed(self, exc: BaseException) -> None:
        self.writing = False
        self.ok_button.setEnabled(True)
        self.banner.setText(failure_text(exc))
        self.banner.show()

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
