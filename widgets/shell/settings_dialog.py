"""Workstation settings: the centre, licence QR base URL, idle lock, pre-printed paper, language.

A workstation knows the centre's addresses and the CA certificate it trusts, never a database
or its password: only the centre holds those (DESIGN.md "Two programs").

The checks of the centre's addresses and CA file and the widgets for them and for the printer
offsets are module functions: the first-run wizard (widgets/shell/first_run.py) uses the same.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.settings import Settings
from sync.link import address_problem, ca_problem

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))  # untranslated: each language is named in itself
OFFSET_RANGE_MM = 50.0


# --- shared with the first-run wizard --------------------------------------------------------


def split_addresses(text: str) -> list[str]:
    """The centre's addresses as typed: one per line, or separated by commas (the Chinese comma
    too), in the order they are to be tried."""
    return [a for a in re.split(r"[,，\s]+", text) if a]


def addresses_problem(addresses: list[str]) -> str | None:
    """What is wrong with the first bad address, in words for the user (naming the field)."""
    for address in addresses:
        problem = address_problem(address)
        if problem == "scheme":
            return QCoreApplication.translate(
                "SettingsDialog", "A centre address must start with https:// (http:// only for this computer)")
        if problem == "invalid":
            return QCoreApplication.translate(
                "SettingsDialog", "The centre address {address} is not valid").format(address=address)
    return None


def ca_file_problem(path: str) -> str | None:
    """What is wrong with the CA certificate file (empty: the system's CAs, fine)."""
    path = path.strip()
    problem = ca_problem(path) if path else None
    if problem == "missing":
        return QCoreApplication.translate("SettingsDialog", "The CA certificate file does not exist")
    if problem == "invalid":
        return QCoreApplication.translate("SettingsDialog", "The CA certificate file is not a PEM certificate")
    return None


def with_browse_button(edit: QLineEdit) -> QWidget:
    """The CA file's line edit with a 浏览… button that picks a certificate file into it (and
    then reports it as edited: the field's check runs as on leaving it)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(edit, 1)
    button = QPushButton(QCoreApplication.translate("SettingsDialog", "Browse…"), objectName="browseButton")

    def browse() -> None:
        start = edit.text().strip() or "/etc/ssl/certs"
        path, _ = QFileDialog.getOpenFileName(
            row, QCoreApplication.translate("SettingsDialog", "CA certificate (PEM)"), start,
            QCoreApplication.translate("SettingsDialog", "Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            edit.setText(path)
            edit.setCursorPosition(0)
            edit.editingFinished.emit()

    button.clicked.connect(browse)
    layout.addWidget(button)
    return row


def offset_box(value: float) -> QDoubleSpinBox:
    """A printer offset in millimetres: ±50 mm in 0.1 mm steps."""
    box = QDoubleSpinBox()
    box.setRange(-OFFSET_RANGE_MM, OFFSET_RANGE_MM)
    box.setDecimals(1)
    box.setSingleStep(0.1)
    box.setSuffix(" mm")
    box.setValue(value)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


def offset_pair(x: QDoubleSpinBox, y: QDoubleSpinBox) -> QWidget:
    """水平 [x] 竖直 [y] in one row."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(QCoreApplication.translate("SettingsDialog", "Horizontal")))
    layout.addWidget(x, 1)
    layout.addSpacing(12)
    layout.addWidget(QLabel(QCoreApplication.translate("SettingsDialog", "Vertical")))
    layout.addWidget(y, 1)
    return row


def offset_value(x: QDoubleSpinBox, y: QDoubleSpinBox) -> tuple[float, float]:
    return round(x.value(), 1), round(y.value(), 1)


# --- the dialog ---------------------------------------------------------------------------------


class SettingsDialog(QDialog):
    #: 配置向导… was pressed (offered with `offer_wizard`): the dialog closes without saving
    sig_wizard_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, save_path=None,
                 offer_wizard: bool = False):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(620)
        self.settings = settings
        self._save_path = save_path
        self.restart_needed = False
        self.wizard_requested = False
        self._build(offer_wizard)

    def _build(self, offer_wizard: bool) -> None:
        s = self.settings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(14)

        centre = QGroupBox(self.tr("Centre"))
        box = QVBoxLayout(centre)
        form = QFormLayout()
        box.addLayout(form)
        self.centre_urls = QLineEdit(", ".join(s.centre_urls), objectName="centreUrls")
        self.centre_urls.setPlaceholderText(self.tr("Empty: the embedded centre with its demo database"))
        self.centre_ca = QLineEdit(s.centre_ca_file, objectName="centreCa")
        self.centre_ca.setPlaceholderText(self.tr("Empty: the system's certificate authorities"))
        for edit in (self.centre_urls, self.centre_ca):
            edit.setCursorPosition(0)  # the start of a long address: the scheme and the host
        form.addRow(self.tr("Centre addresses"), self.centre_urls)
        form.addRow(self.tr("CA certificate (PEM)"), with_browse_button(self.centre_ca))
        note = QLabel(self.tr("e.g. https://centre1.gz.example:8443, https://centre2.gz.example:8443 "
                              "(tried in order)")
                      + "\n" + self.tr("The workstation holds no database password: only the centre does."),
                      objectName="hintLabel")
        note.setWordWrap(True)
        box.addWidget(note)  # below the form: a wrapped label in a form row gets clipped
        layout.addWidget(centre)

        general = QGroupBox(self.tr("Workstation"))
        form = QFormLayout(general)
        self.public_base_url = QLineEdit(s.public_base_url, objectName="publicBaseUrl")
        form.addRow(self.tr("Public base URL (licence QR code)"), self.public_base_url)
        self.idle_lock_minutes = QSpinBox(objectName="idleLockMinutes")
        self.idle_lock_minutes.setRange(0, 240)
        self.idle_lock_minutes.setSuffix(self.tr(" min"))
        self.idle_lock_minutes.setSpecialValueText(self.tr("Never"))
        self.idle_lock_minutes.setValue(int(s.idle_lock_minutes))
        form.addRow(self.tr("Lock after inactivity"), self.idle_lock_minutes)
        self.language = QComboBox(objectName="language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        form.addRow(self.tr("Language"), self.language)
        layout.addWidget(general)

        paper = QGroupBox(self.tr("Pre-printed licence paper (printer offset)"))
        grid = QFormLayout(paper)
        (ox, oy), (dx, dy) = s.preprint_offset_original_mm, s.preprint_offset_duplicate_mm
        self.original_x, self.original_y = offset_box(ox), offset_box(oy)
        self.duplicate_x, self.duplicate_y = offset_box(dx), offset_box(dy)
        for box, name in ((self.original_x, "originalX"), (self.original_y, "originalY"),
                          (self.duplicate_x, "duplicateX"), (self.duplicate_y, "duplicateY")):
            box.setObjectName(name)
        grid.addRow(self.tr("Original (A3)"), offset_pair(self.original_x, self.original_y))
        grid.addRow(self.tr("Duplicate (A4)"), offset_pair(self.duplicate_x, self.duplicate_y))
        hint = QLabel(self.tr("Positive values move the print right and down."), objectName="hintLabel")
        grid.addRow("", hint)
        layout.addWidget(paper)

        self.message = QLabel(objectName="errorLabel")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if offer_wizard:
            # the whole set-up again, step by step (the centre, this workstation's enrolment, the
            # card reader, the printer's calibration): what field support asks for on the phone
            self.wizard_button = buttons.addButton(self.tr("Setup wizard…"), QDialogButtonBox.ButtonRole.ResetRole)
            self.wizard_button.setObjectName("wizardButton")
            self.wizard_button.clicked.connect(self._request_wizard)
        layout.addWidget(buttons)

    def _request_wizard(self) -> None:
        self.wizard_requested = True
        self.reject()
        self.sig_wizard_requested.emit()

    # --- saving ---------------------------------------------------------------------------

    def addresses(self) -> list[str]:
        return split_addresses(self.centre_urls.text())

    def problem(self) -> str | None:
        """What is wrong with the input, in words for the user; None when it can be saved."""
        problem = addresses_problem(self.addresses()) or ca_file_problem(self.centre_ca.text())
        if problem:
            return problem
        base = self.public_base_url.text().strip()
        if not base.startswith(("https://", "http://")):
            return self.tr("The public base URL must start with https:// or http://")
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        s = self.settings
        addresses, ca = self.addresses(), self.centre_ca.text().strip()
        language = self.language.currentData()
        self.restart_needed = addresses != s.centre_urls or ca != s.centre_ca_file or language != s.language
        s.centre_urls = addresses
        s.centre_ca_file = ca
        s.public_base_url = self.public_base_url.text().strip()
        s.idle_lock_minutes = self.idle_lock_minutes.value()
        s.preprint_offset_original_mm = offset_value(self.original_x, self.original_y)
        s.preprint_offset_duplicate_mm = offset_value(self.duplicate_x, self.duplicate_y)
        s.language = language
        s.save(self._save_path)
        super().accept()
