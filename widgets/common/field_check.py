"""Field-level checks that never fight the Chinese input method.

An IME composes text (pinyin pre-edit) before committing characters. QLineEdit keeps
the pre-edit outside `text()` and emits `textEdited` only for committed text, so a
check on `textEdited` judges what was committed, and `editingFinished` judges the
field when the clerk leaves it. A QValidator that returns Invalid would instead
swallow half-composed input, which is why none is used for Chinese fields.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

Check = Callable[[str], "str | None"]  # text -> Chinese message for the clerk, or None when fine

#: CJK Unified Ideographs incl. Extension A and B–F (personal names use rare characters)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def is_cjk(char: str) -> bool:
    return bool(_CJK.fullmatch(char))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def normalise(text: str) -> str:
    """NFKC folds full-width letters/digits (ＡＢＣ１２３) typed with the IME into ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


def chinese_name_problem(text: str, *, field: str, max_length: int = 50) -> str | None:
    """A name made of Chinese characters (and the middle dot of minority names).

    `field` is the field's label as shown (already translated)."""
    text = normalise(text)
    if not text:
        return QCoreApplication.translate("FieldCheck", "Please fill in {field}").format(field=field)
    if len(text) > max_length:
        return QCoreApplication.translate("FieldCheck", "{field} must not exceed {n} characters").format(field=field, n=max_length)
    if not all(is_cjk(c) or c in "·" for c in text):
        return QCoreApplication.translate("FieldCheck", "{field} may only contain Chinese characters").format(field=field)
    return None


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Flag a field for the stylesheet (`[invalid="true"]`) and show the rule as tooltip."""
    widget.setProperty("invalid", bool(message))
    widget.setToolTip(message or "")
    # a dynamic property only restyles after a re-polish
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldCheck:
    """Runs `check` on committed edits and when the field is left; shows the message.

    Keep the instance (e.g. as an attribute of the form): it owns the connections.
    While the field has never been left, an empty value is not reported yet, so a
    clerk tabbing into a form is not greeted by red fields.
    """

    def __init__(self, edit: QLineEdit, check: Check, message_label: QLabel | None = None):
        self.edit, self.check, self.label = edit, check, message_label
        self._left_once = False
        edit.textEdited.connect(self._on_edited)
        edit.editingFinished.connect(self._on_left)

    @property
    def message(self) -> str | None:
        return self.check(self.edit.text())

    def validate(self) -> bool:
        """Judge now (e.g. on submit); shows the message; True when the value is fine."""
        self._left_once = True
        return self._show(self.message) is None

    def _on_edited(self, _text: str) -> None:
        message = self.message
        if message and not self._left_once and not self.edit.text().strip():
            message = None
        self._show(message)

    def _on_left(self) -> None:
        self._left_once = True
        self._show(self.message)

    def _show(self, message: str | None) -> str | None:
        mark_invalid(self.edit, message)
        if self.label is not None:
            self.label.setText(message or "")
            self.label.setVisible(bool(message))
        return message
