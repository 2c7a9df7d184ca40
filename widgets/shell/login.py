"""The login window: user name, password, a red message line, the centre it talks to.

It appears before the database stack is even imported (main.py measures that); the
check itself (argon2, ~50 ms, plus a round trip) runs on a worker thread so the
window keeps painting. Service messages (wrong password, attempts left, locked) are
Chinese already and are shown as they come.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sync.link import CentreLink
from widgets.common import icons
from widgets.common.tasks import run_task
from widgets.shell.database import centre_label

#: (link, username, password) -> sync.signin.SignIn (ok, principal, message, workstation)
Authenticate = Callable[[CentreLink, str, str], object]


def _authenticate(link: CentreLink, username: str, password: str):
    from sync.signin import sign_in

    return sign_in(link, username, password)


class LoginWindow(QWidget):
    sig_logged_in = Signal(object)  # sync.signin.SignIn: .principal, .workstation, .offline
    sig_settings_requested = Signal()
    sig_first_paint = Signal()

    def __init__(self, link: CentreLink, *, show_demo_hint: bool = False,
                 authenticate: Authenticate = _authenticate, parent: QWidget | None = None):
        super().__init__(parent)
        self.link = link
        self._authenticate = authenticate
        self._painted = False
        self._busy = False
        self.setObjectName("loginWindow")
        self.setWindowTitle(self.tr("Hongdun Workbench — Sign in"))
        self.setFixedSize(840, 500)
        self._build(show_demo_hint)

    # --- layout ---------------------------------------------------------------------------

    def _build(self, show_demo_hint: bool) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._brand_panel(), 0)
        root.addWidget(self._form_panel(show_demo_hint), 1)

    def _brand_panel(self) -> QWidget:
        panel = QFrame(objectName="brandPanel")
        panel.setFixedWidth(340)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(40, 56, 40, 32)
        layout.setSpacing(0)
        logo = QLabel(objectName="brandLogo")
        logo.setPixmap(icons.pixmap("shield", 76))
        layout.addWidget(logo, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(26)
        title = QLabel(self.tr("Hongdun Workbench"), objectName="brandTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addSpacing(10)
        layout.addWidget(QLabel(self.tr("District office business system"), objectName="brandSubtitle"))
        layout.addStretch(1)
        org = QLabel(self.tr("Guangzhou Administration for Market Regulation"), objectName="brandOrg")
        org.setWordWrap(True)
        layout.addWidget(org)
        return panel

    def _form_panel(self, show_demo_hint: bool) -> QWidget:
        panel = QFrame(objectName="loginFormPanel")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(56, 52, 56, 28)
        layout.setSpacing(0)
        layout.addWidget(QLabel(self.tr("Sign in"), objectName="loginHeading"))
        layout.addSpacing(6)
        layout.addWidget(QLabel(self.tr("Sign in with your work account"), objectName="loginSubheading"))
        layout.addSpacing(26)

        self.username = QLineEdit(objectName="username")
        self.username.setPlaceholderText(self.tr("User name"))
        self.username.setClearButtonEnabled(True)
        self.username.addAction(icons.icon("user", selected_color=None), QLineEdit.ActionPosition.LeadingPosition)
        self.username.setInputMethodHints(Qt.InputMethodHint.ImhPreferLatin | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.password = QLineEdit(objectName="password")
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.addAction(icons.icon("lock", selected_color=None), QLineEdit.ActionPosition.LeadingPosition)
        for label_text, edit in ((self.tr("User name"), self.username), (self.tr("Password"), self.password)):
            label = QLabel(label_text, objectName="fieldLabel")
            label.setBuddy(edit)
            layout.addWidget(label)
            layout.addSpacing(6)
            layout.addWidget(edit)
            layout.addSpacing(14)

        self.message = QLabel(objectName="errorLabel")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(22)  # reserved: the form does not jump when it appears
        layout.addWidget(self.message)
        layout.addSpacing(8)

        self.login_button = QPushButton(self.tr("Sign in"), objectName="primaryButton")
        self.login_button.setMinimumHeight(40)
        self.login_button.setAutoDefault(True)
        layout.addWidget(self.login_button)
        layout.addStretch(1)

        self.demo_hint = QLabel(objectName="demoHint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setVisible(False)
        self._show_demo_hint = show_demo_hint
        layout.addWidget(self.demo_hint)
        layout.addSpacing(10)

        footer = QHBoxLayout()
        footer.setSpacing(6)
        db_icon = QLabel()
        db_icon.setPixmap(icons.pixmap("database", 16))
        footer.addWidget(db_icon)
        self.database_label = QLabel(centre_label(self.link), objectName="databaseLabel")
        self.database_label.setToolTip("\n".join(self.link.addresses) or centre_label(self.link))
        footer.addWidget(self.database_label, 1)
        self.settings_button = QPushButton(self.tr("Connection settings…"), objectName="linkButton")
        self.settings_button.setCursor(Qt.CursorShape.PointingHandCursor)
        footer.addWidget(self.settings_button)
        layout.addLayout(footer)

        self.username.returnPressed.connect(self._on_username_return)
        self.password.returnPressed.connect(self.submit)
        self.login_button.clicked.connect(self.submit)
        self.settings_button.clicked.connect(self.sig_settings_requested)
        # keyboard first: user name -> password -> sign in -> settings
        QWidget.setTabOrder(self.username, self.password)
        QWidget.setTabOrder(self.password, self.login_button)
        QWidget.setTabOrder(self.login_button, self.settings_button)
        self.username.setFocus()
        return panel

    # --- behaviour ------------------------------------------------------------------------

    def set_demo_accounts(self, usernames: list[str], password: str) -> None:
        """Shown only for the embedded demo database (main.py decides)."""
        if not self._show_demo_hint:
            return
        self.demo_hint.setText(self.tr("Demo accounts: {names}; password: {password}").format(
            names="、".join(usernames), password=password))
        self.demo_hint.setVisible(True)

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def _on_username_return(self) -> None:
        if self.password.text():
            self.submit()
        else:
            self.password.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.show_message(self.tr("Please enter your user name and password"))
            (self.password if username else self.username).setFocus()
            return
        self._set_busy(True)
        self.show_message("")
        link, check = self.link, self._authenticate
        run_task(lambda: check(link, username, password), on_done=self._on_result, on_failed=self._on_error, owner=self)

    def _on_result(self, result) -> None:
        self._set_busy(False)
        if result.ok:
            self.password.clear()
            self.sig_logged_in.emit(result)
            return
        self.show_message(result.message or self.tr("Sign-in failed"))
        self.password.clear()
        self.password.setFocus()

    def _on_error(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.show_message(self.tr("Cannot reach the centre: {error}").format(error=_short(exc)))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.login_button.setEnabled(not busy)
        self.login_button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        self.username.setReadOnly(busy)
        self.password.setReadOnly(busy)

    @property
    def busy(self) -> bool:
        return self._busy

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.sig_first_paint.emit()


def _short(exc: BaseException) -> str:
    """The first line of an error, without the details under it."""
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:160]
