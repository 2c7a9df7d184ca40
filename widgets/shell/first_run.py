"""The first-run wizard (配置向导): the centre and the CA it trusts, this workstation's unit and
enrolment, the card reader, the printer's calibration for the pre-printed licence.

main.py shows it before anything else when an installed program starts with no settings file,
or with `--setup` (field support re-running it); the login window's settings dialog offers it
too (配置向导…). Nothing is saved before 完成: the settings file is written then, atomically, and
the program goes on with the centre chosen here. Cancel saves nothing, and the next start asks
again. What it does at the centre (the device's enrolment) is what the first online sign-in
would do anyway, through the same code (sync.enrolment.device_for): the device key goes to the
OS keyring, the centre records the device, and the first sign-in finds it.

Every call that may wait (the centre, the card reader, rendering the calibration page) runs on
a worker (widgets.common.tasks.run_task); the GUI thread only paints and prints.
"""
from __future__ import annotations

import copy as copying
import logging
from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from client.settings import Settings
from sync import setup_checks
from sync.setup_checks import (
    CardAccess,
    CentreProbe,
    ReaderProbe,
    SignedForEnrolment,
    enrol_device,
    first_line,
    or_problem,
    probe_centre,
    probe_reader,
)
from widgets.common import icons
from widgets.common.field_check import mark_invalid
from widgets.common.tasks import run_task
from widgets.shell.settings_dialog import (
    addresses_problem,
    ca_file_problem,
    offset_box,
    offset_pair,
    offset_value,
    split_addresses,
    with_browse_button,
)

log = logging.getLogger(__name__)

CENTRE_PAGE, OFFICE_PAGE, READER_PAGE, PRINTER_PAGE, DONE_PAGE = range(5)
COPIES = ("original", "duplicate")


# ================================================================== what the pages ask
# (sync.setup_checks asks the centre and the readers; naming the unit is the screens' part)

def unit_name(principal) -> str:
    """"天河分局五山工商所", "白云分局", "广州市局": what the device is enrolled for (on a worker:
    the city's name comes with the organisation's module, which brings the models)."""
    from widgets.common.formatting import district_name, office_name

    if principal.office_code:
        return office_name(principal.office_code)
    if principal.district_code:
        return district_name(principal.district_code)
    from client.kernel.org import CITY_BUREAU

    return CITY_BUREAU


def sign_in_for_enrolment(link, username: str, password: str) -> SignedForEnrolment:
    """On a worker: the sign-in of sync.setup_checks, with the unit named as the screens name it."""
    signed = setup_checks.sign_in_for_enrolment(link, username, password)
    signed.unit = unit_name(signed.principal)
    return signed


# ================================================================== the wizard


class AddressesEdit(QPlainTextEdit):
    """The centre's addresses, one per line (commas work too); `left` when focus leaves it."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.left.emit()


def _error_label() -> QLabel:
    label = QLabel(objectName="errorLabel")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def _show(label: QLabel, text: str | None) -> None:
    label.setText(text or "")
    label.setVisible(bool(text))


def _hint(text: str) -> QLabel:
    label = QLabel(text, objectName="hintLabel")
    label.setWordWrap(True)
    return label


class CentrePage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__()
        self._wizard = wizard
        self.setObjectName("centrePage")
        self.setTitle(self.tr("The centre"))
        self.setSubTitle(self.tr("The centre's addresses and the certificate authority this workstation trusts "
                                 "for it."))
        s = wizard.base
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        self.use_centre = QRadioButton(self.tr("Connect to the centre"), objectName="useCentre")
        self.use_demo = QRadioButton(self.tr("Demo mode (the built-in centre on this computer, demo data)"),
                                     objectName="useDemo")
        group = QButtonGroup(self)
        group.addButton(self.use_centre)
        group.addButton(self.use_demo)
        layout.addWidget(self.use_centre)

        self.centre_box = QWidget()
        form = QFormLayout(self.centre_box)
        form.setContentsMargins(24, 0, 0, 0)
        self.addresses = AddressesEdit(objectName="centreAddresses")
        self.addresses.setPlaceholderText("https://centre1.gz.example:8443\nhttps://centre2.gz.example:8443")
        self.addresses.setTabChangesFocus(True)
        self.addresses.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.addresses.setPlainText("\n".join(wizard.initial_addresses))
        self.addresses_message = _error_label()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(self.addresses)
        column.addWidget(_hint(self.tr("One per line (or separated by commas), tried in this order.")))
        column.addWidget(self.addresses_message)
        form.addRow(self.tr("Centre addresses"), column)

        self.ca = QLineEdit(s.centre_ca_file, objectName="centreCa")
        self.ca.setPlaceholderText(self.tr("Empty: the system's certificate authorities"))
        self.ca_message = _error_label()
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(with_browse_button(self.ca))
        column.addWidget(self.ca_message)
        form.addRow(self.tr("CA certificate (PEM)"), column)

        row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"), objectName="testConnection")
        row.addWidget(self.test_button)
        row.addStretch(1)
        form.addRow("", row)
        self.test_result = QLabel(objectName="connectionResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.RichText)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.test_result)
        layout.addWidget(self.centre_box)
        layout.addSpacing(6)
        layout.addWidget(self.use_demo)
        demo_hint = _hint(self.tr("For trying the program without a centre: a centre inside the program, over a "
                                  "demo database on this computer. Nothing reaches the real centre."))
        demo_hint.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(demo_hint)
        layout.addStretch(1)

        # an installed workstation's purpose is its office's centre: demo mode is the exception
        self.use_centre.setChecked(True)
        self._on_mode()
        self.use_demo.toggled.connect(self._on_mode)
        self.addresses.textChanged.connect(self.completeChanged)
        self.addresses.textChanged.connect(self._forget_probe)
        self.ca.textChanged.connect(self._forget_probe)
        self.addresses.left.connect(self.check_addresses)
        self.ca.editingFinished.connect(self.check_ca)
        self.test_button.clicked.connect(self.test_connection)
        self._probing = False

    # --- input ----------------------------------------------------------------------------

    @property
    def demo(self) -> bool:
        return self.use_demo.isChecked()

    def address_list(self) -> list[str]:
        return split_addresses(self.addresses.toPlainText())

    def ca_file(self) -> str:
        return self.ca.text().strip()

    def check_addresses(self) -> str | None:
        addresses = self.address_list()
        problem = addresses_problem(addresses)
        if not addresses and not self.demo:
            problem = self.tr("Please enter the centre's address")
        self._mark(self.addresses, self.addresses_message, problem)
        return problem

    def check_ca(self) -> str | None:
        problem = ca_file_problem(self.ca.text())
        self._mark(self.ca, self.ca_message, problem)
        return problem

    def _mark(self, widget: QWidget, label: QLabel, problem: str | None) -> None:
        mark_invalid(widget, problem)
        _show(label, problem)

    def _on_mode(self) -> None:
        self.centre_box.setEnabled(not self.demo)
        if self.demo:  # what was typed stays, for going back to it; its messages go
            self._mark(self.addresses, self.addresses_message, None)
            self._mark(self.ca, self.ca_message, None)
        self.completeChanged.emit()

    def _forget_probe(self) -> None:
        if not self._probing:
            self.test_result.clear()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.demo or bool(self.address_list())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.demo:
            return True
        bad_addresses, bad_ca = self.check_addresses(), self.check_ca()
        if bad_addresses:
            self.addresses.setFocus()
        elif bad_ca:
            self.ca.setFocus()
        return not (bad_addresses or bad_ca)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return READER_PAGE if self.demo else OFFICE_PAGE

    # --- the connection test ----------------------------------------------------------------

    def test_connection(self) -> None:
        if self._probing:
            return
        bad_addresses, bad_ca = self.check_addresses(), self.check_ca()
        if bad_addresses or bad_ca:
            return
        addresses, ca = self.address_list(), self.ca_file() or None
        self._probing = True
        self.test_button.setEnabled(False)
        self.test_button.setText(self.tr("Testing…"))
        self.test_result.setText(self.tr("Asking the centre…"))
        run_task(lambda: probe_centre(addresses, ca), owner=self, name="probe_centre",
                 on_done=self._on_probed, on_failed=self._on_probe_failed)

    def _on_probed(self, probes: list[CentreProbe]) -> None:
        self._done_probing()
        self._wizard.probes = probes
        self.test_result.setText("<br>".join(self.describe(p) for p in probes))

    def _on_probe_failed(self, exc: BaseException) -> None:
        self._done_probing()
        self.test_result.setText(_red(self.tr("The test failed: {error}").format(error=first_line(exc))))

    def _done_probing(self) -> None:
        self._probing = False
        self.test_button.setEnabled(True)
        self.test_button.setText(self.tr("Test connection"))

    def describe(self, probe: CentreProbe) -> str:
        """One line of rich text per address: the centre's version and state, or the problem."""
        from client.version import VERSION

        address = _escape(probe.address)
        if probe.problem is None:
            if probe.status == "ok" and probe.database:
                text = self.tr("{address}: the centre answers — version {version}, database connected "
                               "(schema {schema})").format(address=address, version=_escape(probe.version or "?"),
                                                          schema=_escape(probe.schema_version or "?"))
                if probe.version != VERSION:
                    text += self.tr("; this workstation is version {version}").format(version=VERSION)
                return _green("✔ " + text)
            return _red("✘ " + self.tr("{address}: the centre answers but is not healthy ({status}): its database "
                                       "cannot be reached").format(address=address, status=_escape(probe.status or "")))
        reason = {
            "certificate": self.tr("the centre's certificate is not trusted: choose the CA certificate that "
                                   "issued it (or check the address's host name)"),
            "tls": self.tr("the secure connection failed (is this port an HTTPS service?)"),
            "dns": self.tr("the host name is unknown (check the address, or this computer's DNS)"),
            "refused": self.tr("cannot connect (wrong address or port, the centre is not running, or a "
                               "firewall blocks it)"),
            "timeout": self.tr("no answer in time (the network or a firewall drops the connection)"),
            "unavailable": self.tr("the centre answers but cannot serve now (its database is down or it is "
                                   "being maintained)"),
            "not_centre": self.tr("this address answers, but it is not a Hongdun centre"),
            "ca_file": self.tr("the CA certificate file cannot be used"),
        }.get(probe.problem, self.tr("cannot connect"))
        return _red("✘ " + self.tr("{address}: {reason}").format(address=address, reason=reason)
                    + (f" <span style='color:#6b7280'>({_escape(probe.detail)})</span>" if probe.detail else ""))


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _green(text: str) -> str:
    return f"<span style='color:#1b5e20'>{text}</span>"


def _red(text: str) -> str:
    return f"<span style='color:#c62828'>{text}</span>"


class OfficePage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__()
        self._wizard = wizard
        self.setObjectName("officePage")
        self.setTitle(self.tr("The office and this workstation"))
        self.setSubTitle(self.tr("A member of the office (or its head) signs in: this workstation is enrolled "
                                 "for that office at the centre."))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit(objectName="enrolUsername")
        self.username.setInputMethodHints(Qt.InputMethodHint.ImhPreferLatin | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.password = QLineEdit(objectName="enrolPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        row = QHBoxLayout()
        self.sign_in_button = QPushButton(self.tr("Sign in"), objectName="enrolSignIn")
        row.addWidget(self.sign_in_button)
        row.addStretch(1)
        form.addRow("", row)
        layout.addLayout(form)

        self.unit = QLabel(objectName="enrolUnit")
        self.unit.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.unit.setWordWrap(True)
        self.account = QLabel(objectName="hintLabel")
        self.enrol_button = QPushButton(self.tr("Enrol this workstation"), objectName="primaryButton")
        self.enrol_button.setVisible(False)
        self.result = QLabel(objectName="enrolResult")
        self.result.setWordWrap(True)
        self.message = _error_label()
        layout.addSpacing(6)
        layout.addWidget(self.unit)
        layout.addWidget(self.account)
        row = QHBoxLayout()
        row.addWidget(self.enrol_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(_hint(self.tr("This step may be skipped: the workstation is then enrolled at the first "
                                       "online sign-in.")))

        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.sign_in)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.enrol_button.clicked.connect(self.enrol)
        self._busy = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        # the centre may have changed on the page before: a sign-in at another centre is void
        if self._wizard.signed is not None and self._wizard.signed_link is not self._wizard.link():
            self._wizard.forget_sign_in()
            self._clear()
        self.username.setFocus()

    def _clear(self) -> None:
        for label in (self.unit, self.account, self.result):
            label.clear()
        self.enrol_button.setVisible(False)
        _show(self.message, None)

    def sign_in(self) -> None:
        if self._busy:
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            _show(self.message, self.tr("Please enter your user name and password"))
            (self.password if username else self.username).setFocus()
            return
        self._wizard.forget_sign_in()
        self._clear()
        self._set_busy(True, self.sign_in_button, self.tr("Signing in…"))
        link = self._wizard.link()
        run_task(lambda: sign_in_for_enrolment(link, username, password), owner=self, name="enrol_sign_in",
                 on_done=lambda signed: self._on_signed(link, signed), on_failed=self._on_failed)

    def _on_signed(self, link, signed: SignedForEnrolment) -> None:
        self._set_busy(False, self.sign_in_button, self.tr("Sign in"))
        self.password.clear()
        self._wizard.signed, self._wizard.signed_link = signed, link
        principal, name = signed.principal, signed.unit
        self.account.setText(self.tr("Signed in: {name} ({roles})").format(name=principal.full_name,
                                                                          roles=principal.role_labels))
        if signed.device is not None:
            self.unit.setText(self.tr("This workstation is enrolled as: {unit}").format(unit=name))
            self._enrolled(signed.device, name, already=True)
            return
        self.unit.setText(self.tr("This workstation will be enrolled as: {unit}").format(unit=name))
        self.enrol_button.setVisible(True)
        self.enrol_button.setFocus()

    def enrol(self) -> None:
        signed, link = self._wizard.signed, self._wizard.signed_link
        if self._busy or signed is None:
            return
        _show(self.message, None)
        self._set_busy(True, self.enrol_button, self.tr("Enrolling…"))
        run_task(lambda: enrol_device(link, signed), owner=self, name="enrol_device",
                 on_done=lambda record: self._enrolled(record, signed.unit),
                 on_failed=self._on_failed)

    def _enrolled(self, record, name: str, *, already: bool = False) -> None:
        self._set_busy(False, self.enrol_button, self.tr("Enrol this workstation"))
        self.enrol_button.setVisible(False)
        self.unit.setText(self.tr("This workstation is enrolled as: {unit}").format(unit=name))
        self._wizard.enrolment = (name, record.id)
        text = (self.tr("Already enrolled (device {device}): nothing to do.") if already else
                self.tr("Enrolled: device {device}. Its key is kept in this computer's keyring; the centre "
                        "has recorded the device."))
        self.result.setText(_green("✔ " + _escape(text.format(device=record.id))))

    def _on_failed(self, exc: BaseException) -> None:
        from sync.centre_client import CentreRefused, CentreUnreachable

        self._set_busy(False, self.sign_in_button, self.tr("Sign in"))
        self._set_busy(False, self.enrol_button, self.tr("Enrol this workstation"))
        if isinstance(exc, CentreRefused):
            text = exc.message  # the centre's words: wrong password, attempts left, locked
            if self._wizard.signed is None:
                self.password.clear()
                self.password.setFocus()
        elif isinstance(exc, CentreUnreachable):
            text = self.tr("Cannot reach the centre: {error}").format(error=first_line(exc))
        elif type(exc).__module__.startswith("keyring"):
            text = self.tr("The device key cannot be kept in this computer's keyring: {error}").format(
                error=first_line(exc))
        else:
            text = self.tr("Enrolment failed: {error}").format(error=first_line(exc))
        _show(self.message, text)

    def _set_busy(self, busy: bool, button: QPushButton, text: str) -> None:
        self._busy = busy
        button.setEnabled(not busy)
        button.setText(text)
        self.username.setReadOnly(busy)
        self.password.setReadOnly(busy)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return not self._busy


class ReaderPage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__()
        self._wizard = wizard
        self.setObjectName("readerPage")
        self.setTitle(self.tr("Card reader"))
        self.setSubTitle(self.tr("The PC/SC card readers of this computer, and a test read of the card in one."))
        layout = QVBoxLayout(self)
        self.no_cards = QCheckBox(self.tr("This workstation does not handle IC cards"), objectName="noCards")
        layout.addWidget(self.no_cards)
        self.reader_box = QWidget()
        box = QVBoxLayout(self.reader_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.readers = QListWidget(objectName="readerList")
        self.readers.setMaximumHeight(110)
        box.addWidget(self.readers)
        row = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="refreshReaders")
        self.test_button = QPushButton(self.tr("Test read"), objectName="testRead")
        row.addWidget(self.refresh_button)
        row.addWidget(self.test_button)
        row.addStretch(1)
        box.addLayout(row)
        self.service = _error_label()
        box.addWidget(self.service)
        self.result = QLabel(objectName="readResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.result)
        layout.addWidget(self.reader_box)
        layout.addStretch(1)
        layout.addWidget(_hint(self.tr("Put a card in the reader before the test read: an enterprise card shows "
                                       "whose it is, any other card its answer to reset (ATR).")))
        self.no_cards.toggled.connect(self._on_no_cards)
        self.refresh_button.clicked.connect(self.refresh)
        self.test_button.clicked.connect(self.test_read)
        self.readers.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._busy = False
        self._listed = False
        self._update_buttons()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if not self._listed and not self.no_cards.isChecked():
            self.refresh()

    def _on_no_cards(self, skip: bool) -> None:
        self.reader_box.setEnabled(not skip)
        self._wizard.reader_summary = None
        if not skip and not self._listed:
            self.refresh()

    def _update_buttons(self) -> None:
        self.refresh_button.setEnabled(not self._busy)
        self.test_button.setEnabled(not self._busy and self.readers.currentItem() is not None)

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._listed = True
        self._update_buttons()
        _show(self.service, None)
        self.result.clear()
        lister = self._wizard.cards.list_readers
        run_task(or_problem(lister), owner=self, name="list_readers", on_done=self._on_listed,
                 on_failed=self._on_list_failed)

    def _on_listed(self, readers: list[str] | BaseException) -> None:
        if isinstance(readers, BaseException):
            self._on_list_failed(readers)
            return
        self._busy = False
        current = self.readers.currentItem().text() if self.readers.currentItem() else None
        self.readers.clear()
        self.readers.addItems(readers)
        if readers:
            self.readers.setCurrentRow(readers.index(current) if current in readers else 0)
        else:
            _show(self.service, self.tr("No card reader is connected: plug one in and press Refresh."))
        self._update_buttons()

    def _on_list_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.readers.clear()
        _show(self.service, self.service_problem(exc))
        self._update_buttons()

    def service_problem(self, exc: BaseException) -> str:
        from iccard.errors import CardError, PcscUnavailableError

        if isinstance(exc, ImportError):
            return self.tr("The card reader software (pyscard) is not installed: {error}").format(
                error=first_line(exc))
        if isinstance(exc, PcscUnavailableError):
            return self.tr("The smart card service pcscd is not running: install the pcscd package and start it "
                           "(systemctl start pcscd). {error}").format(error=exc.message)
        if isinstance(exc, CardError):
            return exc.message
        return self.tr("The card readers cannot be listed: {error}").format(error=first_line(exc))

    def test_read(self) -> None:
        item = self.readers.currentItem()
        if self._busy or item is None:
            return
        reader, opener = item.text(), self._wizard.cards.open
        self._busy = True
        self._update_buttons()
        self.test_button.setText(self.tr("Reading…"))
        self.result.clear()
        run_task(or_problem(lambda: probe_reader(reader, opener)), owner=self, name="probe_reader",
                 on_done=self._on_read, on_failed=self._on_read_failed)

    def _on_read(self, probe: ReaderProbe | BaseException) -> None:
        if isinstance(probe, BaseException):
            self._on_read_failed(probe)
            return
        self._read_done()
        self.result.setText(self.describe(probe))
        self._wizard.reader_summary = self.tr("{reader}: {found}").format(reader=probe.reader,
                                                                         found=self.in_short(probe))

    def _on_read_failed(self, exc: BaseException) -> None:
        self._read_done()
        _show(self.service, self.service_problem(exc))

    def _read_done(self) -> None:
        self._busy = False
        self.test_button.setText(self.tr("Test read"))
        self._update_buttons()

    def describe(self, probe: ReaderProbe) -> str:
        from iccard import Verdict

        if not probe.card:
            return self.tr("The reader works; there is no card in it ({message}).").format(message=probe.message)
        text = self.tr("A card answers (ATR {atr}).").format(atr=probe.atr.hex(" ").upper())
        if probe.name:
            text += " " + self.tr("Enterprise IC card of {name} ({code}).").format(name=probe.name,
                                                                                    code=probe.credit_code)
            if probe.verdict is Verdict.UNKNOWN_KEY:
                text += " " + self.tr("Its signature is checked once this workstation has the issuers' keys "
                                      "(at the first synchronisation).")
            elif probe.verdict is not None and probe.verdict is not Verdict.VALID:
                text += " " + probe.verdict.label + "：" + probe.message
        elif probe.verdict is Verdict.BLANK:
            text += " " + self.tr("A blank enterprise card (not made yet).")
        else:
            text += " " + probe.message
        return text

    def in_short(self, probe: ReaderProbe) -> str:
        from iccard import Verdict

        if not probe.card:
            return self.tr("works, no card in it")
        if probe.name:
            return self.tr("enterprise IC card of {name}").format(name=probe.name)
        if probe.verdict is Verdict.BLANK:
            return self.tr("a blank enterprise card")
        return self.tr("a card answers (not an enterprise card)")

    def summary(self) -> str:
        if self.no_cards.isChecked():
            return self.tr("This workstation does not handle IC cards")
        if self._wizard.reader_summary:
            return self._wizard.reader_summary
        if self.readers.count():
            return self.tr("{readers} (not test-read)").format(
                readers="、".join(self.readers.item(i).text() for i in range(self.readers.count())))
        return self.service.text() or self.tr("No card reader")


class PrinterPage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__()
        self._wizard = wizard
        self.setObjectName("printerPage")
        self.setTitle(self.tr("Printer calibration"))
        self.setSubTitle(self.tr("Print a calibration page on blank pre-printed licence paper, measure how far "
                                 "its marks are from the form's places, and enter the offsets."))
        s = wizard.base
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.printer = QComboBox(objectName="printer")
        for name in QPrinterInfo.availablePrinterNames():
            self.printer.addItem(name, name)
        self.printer.addItem(self.tr("PDF file…"), "")
        default = self.printer.findData(QPrinterInfo.defaultPrinterName())
        self.printer.setCurrentIndex(default if default >= 0 else 0)
        form.addRow(self.tr("Printer"), self.printer)
        layout.addLayout(form)

        grid_box = QGroupBox(self.tr("Offsets (positive values move the print right and down)"))
        grid = QGridLayout(grid_box)
        (ox, oy), (dx, dy) = s.preprint_offset_original_mm, s.preprint_offset_duplicate_mm
        self.offsets = {"original": (offset_box(ox), offset_box(oy)), "duplicate": (offset_box(dx), offset_box(dy))}
        self.print_buttons: dict[str, QPushButton] = {}
        names = {"original": self.tr("Original (A3)"), "duplicate": self.tr("Duplicate (A4)")}
        for row, copy in enumerate(COPIES):
            x, y = self.offsets[copy]
            x.setObjectName(f"{copy}X")
            y.setObjectName(f"{copy}Y")
            button = QPushButton(self.tr("Print calibration page"), objectName=f"print_{copy}")
            button.clicked.connect(lambda _checked=False, c=copy: self.print_page(c))
            self.print_buttons[copy] = button
            grid.addWidget(QLabel(names[copy]), row, 0)
            grid.addWidget(offset_pair(x, y), row, 1)
            grid.addWidget(button, row, 2)
        grid.setColumnStretch(1, 1)
        layout.addWidget(grid_box)
        self.status = QLabel(objectName="printStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(_hint(self.tr("Each crosshair marks where a field of the licence starts; its arms have a "
                                       "millimetre scale. If the form's place is 2 mm right of a mark, add 2 mm to the "
                                       "horizontal offset (left: subtract), then print again to check. The 100 mm "
                                       "scale bar must measure 100 mm: otherwise turn off the printer's scaling.")))
        self.printed: dict[str, int] = {c: 0 for c in COPIES}
        #: the calibration page last printed of each copy (the PDF's bytes, as rendered)
        self.last_pdf: dict[str, bytes] = {}
        self._busy = False

    def offset(self, copy: str) -> tuple[float, float]:
        return offset_value(*self.offsets[copy])

    def print_page(self, copy: str) -> None:
        """Render the calibration page with the offsets now entered (on a worker), then print it."""
        from client.registration.calibration import render_calibration

        if self._busy:
            return
        offset = self.offset(copy)
        self._set_busy(True)
        self.status.setText(self.tr("Preparing the calibration page…"))
        run_task(lambda: render_calibration(copy, offset), owner=self, name="render_calibration",
                 on_done=lambda pdf: self._print(copy, offset, pdf), on_failed=self._on_failed)

    def _print(self, copy: str, offset: tuple[float, float], pdf: bytes) -> bool:
        from widgets.common.printing import print_pdf

        self._set_busy(False)
        printer = self._make_printer(copy)
        if printer is None:
            self.status.clear()
            return False
        document, buffer = QPdfDocument(self), QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        try:
            ok = document.status() == QPdfDocument.Status.Ready and print_pdf(document, printer, copy)
        finally:
            document.close()
            document.deleteLater()
            buffer.deleteLater()
        if not ok:
            self.status.setText(_red(self.tr("The printer could not be started.")))
            return False
        self.printed[copy] += 1
        self.last_pdf[copy] = pdf
        self.print_buttons[copy].setText(self.tr("Print again to check"))
        where = printer.outputFileName() or printer.printerName()
        what = self.tr("original") if copy == "original" else self.tr("duplicate")
        self.status.setText(_green("✔ " + _escape(self.tr(
            "The calibration page of the {copy} went to {printer} (offset: horizontal {x} mm, vertical {y} mm).")
            .format(copy=what, printer=where, x=_signed(offset[0]), y=_signed(offset[1])))))
        return True

    def _make_printer(self, copy: str) -> QPrinter | None:
        name = self.printer.currentData()
        if not name:
            path = self._choose_pdf_path(copy)
            if not path:
                return None
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(path)
            return printer
        return QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)

    def _choose_pdf_path(self, copy: str) -> str | None:
        """The save dialog for the PDF-file printer (tests replace this method)."""
        from pathlib import Path

        what = self.tr("original") if copy == "original" else self.tr("duplicate")
        name = self.tr("Calibration page ({copy}).pdf").format(copy=what)
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the calibration page"), str(Path.home() / name),
                                              self.tr("PDF files (*.pdf)"))
        return path or None

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(_red(_escape(self.tr("The calibration page could not be made: {error}").format(
            error=first_line(exc)))))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in self.print_buttons.values():
            button.setEnabled(not busy)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        return not self._busy


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


class DonePage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__()
        self._wizard = wizard
        self.setObjectName("donePage")
        self.setTitle(self.tr("Done"))
        self.setSubTitle(self.tr("Press Finish to save the settings and go on to the sign-in."))
        layout = QVBoxLayout(self)
        self.summary = QLabel(objectName="setupSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.message = _error_label()
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(_hint(self.tr("Field support can run this wizard again: start the program with --setup, or "
                                       "on the sign-in window: Connection settings… → Setup wizard….")))

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.summary.setText(self._wizard.summary_html())
        _show(self.message, None)


class FirstRunWizard(QWizard):
    """`result` is the saved Settings once finished (None: cancelled, nothing saved)."""

    sig_first_paint = Signal()

    def __init__(self, settings: Settings, *, centre: str | None = None, save_path=None,
                 cards: CardAccess | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Hongdun Workbench — Setup"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icons.pixmap("shield", 48))
        self.setMinimumSize(780, 600)
        self.base = copying.deepcopy(settings)  # the settings are changed only when finished
        self.initial_addresses = split_addresses(centre or "") or list(settings.centre_urls)
        self._save_path = save_path
        self.cards = cards or CardAccess()
        self.result: Settings | None = None
        self.probes: list[CentreProbe] = []
        self.signed: SignedForEnrolment | None = None
        self.signed_link = None
        self.enrolment: tuple[str, str] | None = None  # (unit, device id)
        self.reader_summary: str | None = None
        self._link = None
        self._link_key = None
        self._painted = False

        self.centre_page = CentrePage(self)
        self.office_page = OfficePage(self)
        self.reader_page = ReaderPage(self)
        self.printer_page = PrinterPage(self)
        self.done_page = DonePage(self)
        for page_id, page in ((CENTRE_PAGE, self.centre_page), (OFFICE_PAGE, self.office_page),
                              (READER_PAGE, self.reader_page), (PRINTER_PAGE, self.printer_page),
                              (DONE_PAGE, self.done_page)):
            self.setPage(page_id, page)
        self.setStartId(CENTRE_PAGE)

    # --- the centre chosen ----------------------------------------------------------------

    def centre(self) -> tuple[list[str], str]:
        """(addresses, CA file) as chosen; ([], "") in demo mode (the embedded centre)."""
        if self.centre_page.demo:
            return [], ""
        return self.centre_page.address_list(), self.centre_page.ca_file()

    def link(self):
        """The workstation's link to the chosen centre, as main.py will build it from the saved
        settings (the same addresses: the same folder, where the enrolled device is kept)."""
        from sync.link import CentreLink

        addresses, ca = self.centre()
        key = (tuple(addresses), ca)
        if self._link is None or self._link_key != key:
            self._close_link()
            self._link = CentreLink(addresses, ca_file=ca or None)
            self._link_key = key
        return self._link

    def forget_sign_in(self) -> None:
        """Sign the unit's member out at the centre (on a worker: it may wait for the network)."""
        signed, self.signed, self.signed_link = self.signed, None, None
        self.enrolment = None
        if signed is not None:
            run_task(signed.session.sign_out, name="enrol_sign_out", on_failed=lambda exc: None)

    def _close_link(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            self.forget_sign_in()
            link.close()

    # --- the end ----------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The settings as they will be saved."""
        s = copying.deepcopy(self.base)
        s.centre_urls, s.centre_ca_file = self.centre()
        s.preprint_offset_original_mm = self.printer_page.offset("original")
        s.preprint_offset_duplicate_mm = self.printer_page.offset("duplicate")
        return s

    def summary_html(self) -> str:
        s = self.settings()
        rows = []
        if s.centre_urls:
            rows.append((self.tr("Centre"), "<br>".join(_escape(a) for a in s.centre_urls)))
            rows.append((self.tr("CA certificate"), _escape(s.centre_ca_file) if s.centre_ca_file
                         else self.tr("the system's certificate authorities")))
            if self.enrolment is not None:
                unit, device = self.enrolment
                enrolled = self.tr("{unit} (device {device})").format(unit=_escape(unit), device=_escape(device))
            else:
                enrolled = self.tr("not yet: at the first online sign-in")
            rows.append((self.tr("This workstation"), enrolled))
        else:
            rows.append((self.tr("Centre"), self.tr("demo mode: the built-in centre with demo data")))
        rows.append((self.tr("Card reader"), _escape(self.reader_page.summary())))
        for copy, name in (("original", self.tr("Original (A3)")), ("duplicate", self.tr("Duplicate (A4)"))):
            x, y = self.printer_page.offset(copy)
            text = self.tr("horizontal {x} mm, vertical {y} mm").format(x=_signed(x), y=_signed(y))
            if not self.printer_page.printed[copy]:
                text += self.tr(" (no calibration page printed)")
            rows.append((self.tr("Offset of the {copy}").format(copy=name), text))
        cells = "".join(f"<tr><td style='color:#5b6573; padding:4px 18px 4px 0'>{k}</td>"
                        f"<td style='padding:4px 0'>{v}</td></tr>" for k, v in rows)
        return f"<table>{cells}</table>"

    def accept(self) -> None:
        settings = self.settings()
        try:
            settings.save(self._save_path)
        except OSError as exc:
            _show(self.done_page.message, self.tr("The settings could not be saved: {error}").format(
                error=exc.strerror or str(exc)))
            return
        self.result = settings
        super().accept()

    def done(self, code: int) -> None:
        self._close_link()  # signs the unit's member out; main.py builds its own link
        super().done(code)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.sig_first_paint.emit()


def run_first_run(settings: Settings, *, centre: str | None = None, on_shown: Callable[[], None] | None = None,
                  parent: QWidget | None = None) -> Settings | None:
    """Show the wizard and wait for it (main.py, before the login window; the login window's
    settings). The settings saved, or None when cancelled (nothing saved)."""
    wizard = FirstRunWizard(settings, centre=centre, parent=parent)
    if on_shown is not None:
        wizard.sig_first_paint.connect(on_shown)
    wizard.exec()
    result = wizard.result
    wizard.deleteLater()
    return result


__all__ = ["FirstRunWizard", "run_first_run"]
