"""A dialog whose buttons are its actions (同意 / 不同意, 鉴证 / 不予鉴证, 批示, 签发), each sending one
command (widgets/common/command_dialog.py): it stays open while the command runs, shows a
refusal at the field it names (or above the fields) and keeps what was typed. The certification
and the documents areas make their step dialogs of it; `required_label` marks a form's required
fields as the registration form does."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from client.kernel.errors import InvalidInput
from widgets.app_context import AppContext
from widgets.common.command_dialog import CommandDialog
from widgets.common.fields import ERROR_COLOUR, FieldBox


def required_label(text: str, required: bool = True) -> QLabel:
    """A form label; a red star marks what must be filled in (as the registration form does)."""
    mark = f'<span style="color:{ERROR_COLOUR}">*</span>' if required else ""
    label = QLabel(f"{mark}{text}")
    label.setTextFormat(Qt.TextFormat.RichText)
    # as tall as a line edit, text centred: level with the editor beside it (the form aligns
    # labels to the top, so a message under the editor does not move the label)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    label.setFixedHeight(editor_height())
    return label


def editor_height() -> int:
    """A line edit's height in the application's style (computed once)."""
    global _EDITOR_HEIGHT
    if _EDITOR_HEIGHT is None:
        probe = QLineEdit()
        probe.ensurePolished()
        _EDITOR_HEIGHT = probe.sizeHint().height()
        probe.deleteLater()
    return _EDITOR_HEIGHT


_EDITOR_HEIGHT: int | None = None


class ActionDialog(CommandDialog):
    """A form whose buttons are its actions (同意 / 不同意, 鉴证 / 不予鉴证), each sending one
    command (`send(build)`: `build()` makes it, or raises InvalidInput); `applied` with the
    outcome when the service took it, and the dialog closes."""

    applied = Signal(object)  # client.kernel.bus.Outcome

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(ctx, title, parent)
        self.message.setObjectName("dialogMessage")
        self.message.setStyleSheet(f"color: {ERROR_COLOUR}")
        self.actions: list[QPushButton] = []
        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="dialogCancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)

    # --- building ---------------------------------------------------------------------------

    def standard_layout(self, heading: str | None = None) -> QFormLayout:
        """Heading, message, a form (returned for the fields) and the buttons, top to bottom."""
        outer = QVBoxLayout(self)
        if heading:
            title = QLabel(heading, objectName="dialogTitle")
            title.setWordWrap(True)
            outer.addWidget(title)
        outer.addWidget(self.message)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        outer.addLayout(form)
        outer.addStretch(1)
        outer.addLayout(self.finish_buttons())
        return form

    def field(self, key: str, editor: QWidget, *, label: str | None = None, form: QFormLayout | None = None,
              required: bool = False) -> FieldBox:
        box = self.field_box(key, editor)
        if form is not None:
            form.addRow(required_label(label or "", required), box)
        return box

    def add_action(self, text: str, handler: Callable[[], None], *, name: str, primary: bool = False) -> QPushButton:
        # the main action wears the application's primary style (resources/styles/app.qss)
        button = QPushButton(text, objectName="primaryButton" if primary else name)
        button.setProperty("action", name)
        if primary:
            button.setDefault(True)
        else:
            button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: handler())
        self.actions.append(button)
        return button

    def finish_buttons(self) -> QHBoxLayout:
        for button in self.actions:
            self.button_row.addWidget(button)
        self.button_row.addWidget(self.cancel_button)
        return self.button_row

    # --- sending ------------------------------------------------------------------------------

    def send(self, build: Callable[[], object]) -> None:
        if self.busy:
            return
        self.clear_messages()
        try:
            command = build()
        except InvalidInput as exc:
            self.show_refusal(exc.message, exc.errors, exc.field)
            return
        self.write(command)

    def send_step(self, command: type, task_id: str, base_version: int, opinion: str | None) -> None:
        """A flow step (client.flows.commands: ApproveTask, RefuseTask…) on the reader's task, by
        the signed-in user on this device."""
        ctx = self.ctx
        self.send(lambda: command(user_id=ctx.principal.user_id, device_id=ctx.device_id, task_id=task_id,
                                  base_version=base_version, opinion=opinion))

    def answered(self, outcome) -> None:
        if outcome.ok:
            self.applied.emit(outcome)
            self.accept()
        else:
            super().answered(outcome)

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        for button in self.actions:
            button.setEnabled(not busy)
