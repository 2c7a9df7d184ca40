"""A dialog that sends one command and shows the service's answer at the fields it names.

What is typed becomes a command, which goes to the serial writer (ctx.ops.write) while the
dialog waits: `busy`, its buttons disabled (`set_busy`), a second click ignored. A refusal keeps
the dialog open with everything typed kept: each message under the field it names (`fields`, by
the command's field names; `aliases` shows one field's messages in another's box) and the
messages of no field here together in `message`. What follows an answer, and where the fields
and the message stand, is the subclass's: the certification dialogs
(widgets/common/action_dialog.py) and the flow's step dialogs
(widgets/flows/step_dialogs.py) are made of this one.
"""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common.fields import FIELD_STYLE, FieldBox
from widgets.common.tasks import failure_text


class CommandDialog(QDialog):
    """`write(command)` sends it; `answered(outcome)` is the subclass's (the service's answer,
    applied or refused), `show_refusal` puts a refusal's messages where they belong."""

    #: between the messages shown together (several at one field, or of no field here)
    separator = "；"

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setStyleSheet(FIELD_STYLE)
        self.fields: dict[str, FieldBox] = {}
        #: an error's field key -> the key of the field that shows it
        self.aliases: dict[str, str] = {}
        #: the last answer (client.kernel.bus.Outcome)
        self.outcome: Outcome | None = None
        self.busy = False
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()

    def field_box(self, key: str, editor: QWidget) -> FieldBox:
        """`editor` with its message line, shown there when an error names `key`."""
        box = FieldBox(key, editor)
        self.fields[key] = box
        return box

    # --- sending ------------------------------------------------------------------------------

    def write(self, command) -> None:
        self.set_busy(True)
        self.clear_messages()
        self.ctx.ops.write(command, owner=self, done=self._answered, failed=self._failed)

    def _answered(self, outcome: Outcome) -> None:
        self.set_busy(False)
        self.outcome = outcome
        self.answered(outcome)

    def answered(self, outcome: Outcome) -> None:
        """The service's answer: refused, its messages at their fields."""
        if not outcome.ok:
            self.show_refusal(outcome.message or "", outcome.errors, outcome.field)

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.show_message(self.failure_text(exc))

    def failure_text(self, exc: BaseException) -> str:
        """What is said when the command could not be sent."""
        return failure_text(exc)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy

    # --- messages -----------------------------------------------------------------------------

    def show_refusal(self, message: str, errors=(), field: str | None = None) -> None:
        """Each message at its field; those of no field here together in `message`."""
        errors = [(e.field, e.message) for e in errors] or ([(field, message)] if field else [])
        loose: list[str] = []
        first = None
        for key, text in errors:
            box = self.fields.get(self.aliases.get(key, key))
            if box is None:
                loose.append(text)
                continue
            previous = box.message.text() if box.level == "error" else ""
            box.show_error(f"{previous}{self.separator}{text}" if previous and text not in previous else text)
            first = first or box
        if not errors:
            loose.append(message)
        if loose:
            self.show_message(self.separator.join(t for t in loose if t))
        if first is not None:
            first.setFocus()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_messages(self) -> None:
        for box in self.fields.values():
            box.clear_message()
        self.show_message("")

    def field_message(self, key: str) -> str:
        """The message shown at a field ("" when none)."""
        box = self.fields.get(key)
        return box.message.text() if box is not None and box.message.isVisibleTo(self) else ""

    def message_texts(self) -> dict[str, str]:
        """What each field says now, and "" what is said above or under them (tests, and the
        screen's own checks)."""
        texts = {key: box.message.text() for key, box in self.fields.items() if box.message.text()}
        if self.message.text():
            texts[""] = self.message.text()
        return texts
