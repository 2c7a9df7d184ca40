"""One form field: its editor and the message under it (red error, amber warning).

The editor is outlined while it holds a message; the message stays until the field is
judged again, so a clerk who looks away still sees what is wrong and where.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#b26a00"

#: applied to the form: only widgets carrying the property change their look. The app's
#: focus frame is a thin red line, so a message frame is thicker and tinted to differ from it;
#: the padding shrinks by what the border grows, so nothing moves when a message appears.
FIELD_STYLE = f"""
QLineEdit[level="error"], QPlainTextEdit[level="error"], QComboBox[level="error"] {{
    border: 2px solid {ERROR_COLOUR}; background: #FFF6F6; padding: 4px 7px; }}
QLineEdit[level="warning"], QPlainTextEdit[level="warning"], QComboBox[level="warning"] {{
    border: 2px solid {WARNING_COLOUR}; background: #FFFAEF; padding: 4px 7px; }}
QLabel[role="field-message"][level="error"] {{ color: {ERROR_COLOUR}; }}
QLabel[role="field-message"][level="warning"] {{ color: {WARNING_COLOUR}; }}
"""

class FieldBox(QWidget):
    """An editor with a message line below it. `committed` fires when the clerk is done
    with the field: Return or leaving it for a line edit, leaving it for a text box,
    a new choice for a combo box — never on a keystroke, so an IME's composition is
    never judged half-typed."""

    committed = Signal()

    def __init__(self, key: str, editor: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.editor = editor
        self.message = _MessageLabel(self)
        self.message.setProperty("role", "field-message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self.setFocusProxy(editor)
        if isinstance(editor, QLineEdit):
            editor.editingFinished.connect(self.committed)
        elif isinstance(editor, QComboBox):
            editor.activated.connect(lambda _i: self.committed.emit())
        elif isinstance(editor, QPlainTextEdit):
            self._focus_watch = _FocusOutWatch(editor, self.committed.emit)

    # --- the value ----------------------------------------------------------------------

    def text(self) -> str:
        e = self.editor
        if isinstance(e, QLineEdit):
            return e.text()
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        if isinstance(e, QComboBox):
            data = e.currentData()
            return data if isinstance(data, str) else e.currentText()
        raise TypeError(type(e))

    def set_text(self, value: str) -> None:
        e = self.editor
        if isinstance(e, QLineEdit):
            e.setText(value)
            e.setCursorPosition(0)
        elif isinstance(e, QPlainTextEdit):
            e.setPlainText(value)
        elif isinstance(e, QComboBox):
            i = e.findData(value)
            e.setCurrentIndex(i if i >= 0 else 0)

    def set_editable(self, editable: bool) -> None:
        e = self.editor
        if isinstance(e, (QLineEdit, QPlainTextEdit)):
            e.setReadOnly(not editable)
            e.setFocusPolicy(Qt.FocusPolicy.StrongFocus if editable else Qt.FocusPolicy.ClickFocus)
        else:
            e.setEnabled(editable)

    # --- the message --------------------------------------------------------------------

    @property
    def level(self) -> str:
        return self.message.property("level") or ""

    def show_error(self, text: str) -> None:
        self._show("error", text)

    def show_warning(self, text: str) -> None:
        self._show("warning", text)

    def clear_message(self) -> None:
        self._show("", "")

    def _show(self, level: str, text: str) -> None:
        for w in (self.editor, self.message):
            w.setProperty("level", level)
            w.style().unpolish(w)
            w.style().polish(w)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.editor.setToolTip(text)


class _MessageLabel(QLabel):
    """A wrapping label that tells layouts its height for the width it has now.

    A word-wrapped QLabel answers "height for width" instead, which QFormLayout inside a
    QScrollArea adds up wrongly: the form then squeezes a tall editor (the scope box) under
    its neighbour. A plain minimum height, kept right on every resize, adds up correctly."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWordWrap(True)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False

    def _height(self) -> int:
        if not self.text():
            return 0
        width = self.width() if self.width() > 50 else 400
        return self.heightForWidth(width)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(0, self._height())

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(200, self._height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width() and self.height() != self._height():
            self.updateGeometry()


class _FocusOutWatch(QObject):
    def __init__(self, watched: QWidget, callback):
        super().__init__(watched)
        self._callback = callback
        watched.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        # a context menu or an IME candidate list takes focus for a moment: not "done"
        if event.type() == QEvent.Type.FocusOut and event.reason() != Qt.FocusReason.PopupFocusReason:
            self._callback()
        return False
