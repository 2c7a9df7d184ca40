"""Workstation settings: the centre, licence QR base URL, idle lock, pre-printed paper, language.

A workstation knows the centre's addresses and the CA certificate it trusts, never a database
or its password: only the centre holds those (DESIGN.md "Two programs").
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from client.settings import Settings
from sync.link import address_problem, ca_problem

LANGUAGES = (("zh_CN", "简体中文"), ("en", "English"))  # untranslated: each language is named in itself
OFFSET_RANGE_MM = 50.0


def _offset_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-OFFSET_RANGE_MM, OFFSET_RANGE_MM)
    box.setDecimals(1)
    box.setSingleStep(0.1)
    box.setSuffix(" mm")
    box.setValue(value)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None, *, save_path=None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(620)
        self.settings = settings
        self._save_path = save_path
        self.restart_needed = False
        self._build()

    def _build(self) -> None:
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
        form.addRow(self.tr("CA certificate (PEM)"), self.centre_ca)
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
        self.original_x, self.original_y = _offset_box(ox), _offset_box(oy)
        self.duplicate_x, self.duplicate_y = _offset_box(dx), _offset_box(dy)
        for box, name in ((self.original_x, "originalX"), (self.original_y, "originalY"),
                          (self.duplicate_x, "duplicateX"), (self.duplicate_y, "duplicateY")):
            box.setObjectName(name)
        grid.addRow(self.tr("Original (A3)"), self._pair(self.original_x, self.original_y))
        grid.addRow(self.tr("Duplicate (A4)"), self._pair(self.duplicate_x, self.duplicate_y))
        hint = QLabel(self.tr("Positive values move the print right and down."), objectName="hintLabel")
        grid.addRow("", hint)
        layout.addWidget(paper)

        self.message = QLabel(objectName="errorLabel")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _pair(self, x: QDoubleSpinBox, y: QDoubleSpinBox) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Horizontal")))
        layout.addWidget(x, 1)
        layout.addSpacing(12)
        layout.addWidget(QLabel(self.tr("Vertical")))
        layout.addWidget(y, 1)
        return row

    # --- saving ---------------------------------------------------------------------------

    def addresses(self) -> list[str]:
        return [a.strip() for a in self.centre_urls.text().replace("，", ",").split(",") if a.strip()]

    def problem(self) -> str | None:
        """What is wrong with the input, in words for the user; None when it can be saved."""
        for address in self.addresses():
            problem = address_problem(address)
            if problem == "scheme":
                return self.tr("A centre address must start with https:// (http:// only for this computer)")
            if problem == "invalid":
                return self.tr("The centre address {address} is not valid").format(address=address)
        ca = self.centre_ca.text().strip()
        if ca:
            problem = ca_problem(ca)
            if problem == "missing":
                return self.tr("The CA certificate file does not exist")
            if problem == "invalid":
                return self.tr("The CA certificate file is not a PEM certificate")
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
        s.preprint_offset_original_mm = (round(self.original_x.value(), 1), round(self.original_y.value(), 1))
        s.preprint_offset_duplicate_mm = (round(self.duplicate_x.value(), 1), round(self.duplicate_y.value(), 1))
        s.language = language
        s.save(self._save_path)
        super().accept()
