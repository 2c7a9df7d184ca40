"""The lock screen: covers the whole main window until the same user's password is given.

It is a child of the main window laid over everything, and the window's own parts are
disabled meanwhile (so Tab, shortcuts and menus cannot reach them); disabling keeps
every form's contents, so the clerk continues exactly where they left off. The
password goes through client.kernel.auth, so failures count toward the lockout.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from widgets.common import icons
from widgets.common.tasks import run_task


class LockScreen(QWidget):
    sig_unlocked = Signal()
    sig_sign_out = Signal()

    def __init__(self, window: QWidget, *, check_password, username: str, user_id: str,
                 full_name: str):
        """`check_password(username, password)` -> a result with ok/principal/message; called
        on a worker thread (AppContext.check_password: the centre, or offline the cached verifier)."""
        super().__init__(window)
        self.setObjectName("lockScreen")
        self._check_password = check_password
        self._username, self._user_id = username, user_id
        self._busy = False
        self._build(full_name)
        window.installEventFilter(self)  # follow the window's size
        self.hide()

    def _build(self, full_name: str) -> None:
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame(objectName="lockCard")
        card.setFixedWidth(460)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(36, 32, 36, 28)
        layout.setSpacing(0)
        picture = QLabel()
        picture.setPixmap(icons.pixmap("lock", 40, icons.ACCENT))
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(14)
        title = QLabel(self.tr("Workstation locked"), objectName="lockTitle")
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        hint = QLabel(self.tr("Locked after a period of inactivity. Your work is kept.\n"
                              "Enter the password of {name} to continue.").format(name=full_name),
                      objectName="lockHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addSpacing(20)
        self.password = QLineEdit(objectName="unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.addAction(icons.icon("lock", selected_color=None), QLineEdit.ActionPosition.LeadingPosition)
        layout.addWidget(self.password)
        layout.addSpacing(8)
        self.message = QLabel(objectName="errorLabel")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(22)
        layout.addWidget(self.message)
        layout.addSpacing(8)
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="primaryButton")
        self.unlock_button.setMinimumHeight(38)
        layout.addWidget(self.unlock_button)
        layout.addSpacing(10)
        self.sign_out_button = QPushButton(self.tr("Sign out instead"), objectName="linkButton")
        layout.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        self.password.returnPressed.connect(self.submit)
        self.unlock_button.clicked.connect(self.submit)
        self.sign_out_button.clicked.connect(self.sig_sign_out)

    # --- showing ----------------------------------------------------------------------------

    def lock(self) -> None:
        self.password.clear()
        self.message.clear()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    @property
    def locked(self) -> bool:
        return self.isVisible()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, _event) -> None:  # noqa: N802 - opaque: nothing shows through
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#2A2F38"))

    # --- unlocking --------------------------------------------------------------------------

    def submit(self) -> None:
        password = self.password.text()
        if self._busy:
            return
        if not password:
            self.message.setText(self.tr("Please enter your password"))
            return
        self._busy = True
        self.unlock_button.setEnabled(False)
        check, username = self._check_password, self._username
        run_task(lambda: check(username, password), on_done=self._on_result, on_failed=self._on_error, owner=self)

    def _on_result(self, result) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.password.clear()
        if result.ok and result.principal.user_id == self._user_id:
            self.hide()
            self.sig_unlocked.emit()
            return
        self.message.setText(result.message or self.tr("Wrong password"))
        self.password.setFocus()

    def _on_error(self, exc: BaseException) -> None:
        self._busy = False
        self.unlock_button.setEnabled(True)
        self.message.setText(self.tr("Cannot reach the centre: {error}").format(error=str(exc)[:120]))
