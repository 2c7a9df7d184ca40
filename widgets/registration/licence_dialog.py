"""打印营业执照: choose the copy and the mode, look at the PDF, print it or save it.

The PDF from client.registration.reports is the single source of the printed page: the preview
shows exactly those bytes (QtPdf), printing paints the same pages onto the printer at
full page (no driver margins: the pre-printed mode's offsets are measured from the paper's
corner), and saving writes the bytes unchanged. Every print or save is recorded as a
command, so the entity's history shows who printed which copy when.

Nothing here waits on the GUI thread: the licence's data is read in the background, the PDF is
rendered in the background (a newer choice of copy or mode makes an older rendering moot), and
the record of a print goes to the serial writer.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    Qt,
    Signal,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from client.kernel.errors import RuleViolation
from client.registration.commands import RecordLicencePrinted
from client.registration.licence_data import licence_data
from client.registration.reports import LicenceData, LicenceTextTooLong, render_licence
from client.kernel.bus import Outcome
from widgets.app_context import AppContext
from widgets.common.tasks import failure_text
from widgets.common.printing import print_pdf, set_licence_page


class LicenceDialog(QDialog):
    #: the preview shows the PDF of the copy and mode now chosen (pdf_bytes are those)
    rendered = Signal()
    #: a print or save was recorded (the outcome), or could not be
    recorded = Signal(object)

    def __init__(self, ctx: AppContext, entity_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.entity_id = entity_id
        self.data: LicenceData | None = None
        self.pdf_bytes = b""
        self.rendering = False
        self.recording = False
        self._renders = 0  # the newest rendering: an older one finishing late is dropped
        # one rendering at a time: reportlab is not thread-safe, and two choices made in quick
        # succession (副本, then 套打) rendered on two of the pool's threads at once; a choice made
        # while one renders waits for it and then renders the newest
        self._in_flight = False
        self._again = False
        self.setWindowTitle(self.tr("Print business licence"))
        self.resize(1100, 780)
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self._build()
        self._load()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        copy_box = QGroupBox(self.tr("Copy"))
        self.original = QRadioButton(self.tr("Original (A3)"))
        self.duplicate = QRadioButton(self.tr("Duplicate (A4)"))
        self.original.setChecked(True)
        self._copy_group = QButtonGroup(self)
        for b in (self.original, self.duplicate):
            self._copy_group.addButton(b)
        row = QVBoxLayout(copy_box)
        row.addWidget(self.original)
        row.addWidget(self.duplicate)

        mode_box = QGroupBox(self.tr("Mode"))
        self.full = QRadioButton(self.tr("Full print (blank paper)"))
        self.preprinted = QRadioButton(self.tr("Pre-printed paper"))
        self.full.setChecked(True)
        self._mode_group = QButtonGroup(self)
        for b in (self.full, self.preprinted):
            self._mode_group.addButton(b)
        self.offset_label = QLabel()
        self.offset_label.setStyleSheet("color: #5b6573;")
        self.offset_label.setWordWrap(True)
        col = QVBoxLayout(mode_box)
        col.addWidget(self.full)
        col.addWidget(self.preprinted)
        col.addWidget(self.offset_label)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        self.print_button = QPushButton(self.tr("Print..."))
        self.save_button = QPushButton(self.tr("Save as PDF..."))
        close = QPushButton(self.tr("Close"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_licence)
        self.save_button.clicked.connect(self.save_pdf)
        close.clicked.connect(self.reject)

        side = QVBoxLayout()
        side.addWidget(self.heading)
        side.addWidget(copy_box)
        side.addWidget(mode_box)
        side.addStretch(1)
        side.addWidget(self.status)
        side.addWidget(self.print_button)
        side.addWidget(self.save_button)
        side.addWidget(close)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setFixedWidth(260)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setStyleSheet("background: #6b7280;")

        layout = QHBoxLayout(self)
        layout.addWidget(side_widget)
        layout.addWidget(self.view, 1)

        for b in (self.original, self.duplicate, self.full, self.preprinted):
            b.toggled.connect(self._on_option)

    # ------------------------------------------------------------------ state

    @property
    def copy(self) -> str:
        return "original" if self.original.isChecked() else "duplicate"

    @property
    def is_preprinted(self) -> bool:
        return self.preprinted.isChecked()

    def offset_mm(self) -> tuple[float, float]:
        s = self.ctx.settings
        return tuple(s.preprint_offset_original_mm if self.copy == "original"
                     else s.preprint_offset_duplicate_mm)

    def _load(self) -> None:
        self._set_outputs(False)
        self._say(self.tr("Loading…"), "#5b6573")
        self.ctx.ops.read(licence_data, self.ctx.principal, self.entity_id, owner=self,
                          public_base_url=self.ctx.settings.public_base_url,
                          done=self._loaded, failed=self._load_failed)

    def _loaded(self, data: LicenceData) -> None:
        self.data = data
        self.heading.setText(f"{data.name}\n{data.uscc}")
        self._render()

    def _load_failed(self, exc: BaseException) -> None:
        self._refuse(exc.message if isinstance(exc, RuleViolation) else failure_text(exc))

    def _refuse(self, message: str) -> None:
        self._say(message, "#c62828")
        for w in (self.print_button, self.save_button, self.original, self.duplicate, self.full,
                  self.preprinted):
            w.setEnabled(False)

    def _say(self, text: str, colour: str = "") -> None:
        self.status.setStyleSheet(f"color: {colour};" if colour else "")
        self.status.setText(text)

    def _set_outputs(self, enabled: bool) -> None:
        """Print and save: only with the PDF of the current choice, and not while recording."""
        for b in (self.print_button, self.save_button):
            b.setEnabled(enabled)

    def _on_option(self, checked: bool) -> None:
        if checked:  # each toggle fires twice (off, on): render once
            self._render()

    def _render(self) -> None:
        """Render the PDF of the current choice in the background; the old preview stays until
        the new one is ready, and print and save wait for it."""
        if self.data is None:
            return
        x, y = self.offset_mm()
        self.offset_label.setText(self.tr("Printer offset: x %1 mm, y %2 mm (set in Settings)")
                                  .replace("%1", f"{x:+.1f}").replace("%2", f"{y:+.1f}"))
        self.offset_label.setVisible(self.is_preprinted)
        self.rendering = True
        self._set_outputs(False)
        self._say(self.tr("Preparing the licence…"), "#5b6573")
        if self._in_flight:
            self._again = True
            return
        self._start_render()

    def _start_render(self) -> None:
        x, y = self.offset_mm()
        self._renders += 1
        ticket = self._renders
        self._in_flight = True
        data, copy, preprinted = self.data, self.copy, self.is_preprinted
        self.ctx.ops.run(lambda: render_licence(data, copy=copy, preprinted=preprinted, offset_mm=(x, y)),
                         owner=self, name="render_licence",
                         done=lambda pdf: self._back(ticket, pdf, None),
                         failed=lambda exc: self._back(ticket, None, exc))

    def _back(self, ticket: int, pdf: bytes | None, exc: BaseException | None) -> None:
        self._in_flight = False
        if self._again:  # the choice changed meanwhile: this one is moot, render the newest
            self._again = False
            self._start_render()
        elif exc is not None:
            self._render_failed(ticket, exc)
        else:
            self._show_pdf(ticket, pdf)

    def _render_failed(self, ticket: int, exc: BaseException) -> None:
        if ticket != self._renders:
            return
        self.rendering = False
        self.pdf_bytes = b""
        self.document.close()
        self._say(str(exc) if isinstance(exc, LicenceTextTooLong) else failure_text(exc), "#c62828")
        self.rendered.emit()

    def _show_pdf(self, ticket: int, pdf: bytes) -> None:
        if ticket != self._renders:
            return
        self.rendering = False
        self.pdf_bytes = pdf
        self._set_outputs(not self.recording)
        self.status.clear()
        self.document.close()
        # QPdfDocument reads from the device while it renders: keep buffer and bytes alive
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.rendered.emit()

    # ------------------------------------------------------------------ output

    def print_licence(self) -> bool:
        """Print the preview; True once it went to the printer (the record follows: `recorded`)."""
        if not self.pdf_bytes or self.rendering or self.recording:
            return False
        printer = self._choose_printer()
        if printer is None:
            return False
        if not self.print_to(printer):
            self._say(self.tr("The printer could not be started."), "#c62828")
            return False
        self._record()
        return True

    def _choose_printer(self) -> QPrinter | None:
        """The print dialog (tests replace this method with a PDF-file printer)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self._set_page(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print business licence"))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _set_page(self, printer: QPrinter) -> None:
        set_licence_page(printer, self.copy)

    def print_to(self, printer: QPrinter) -> bool:
        """Paint every page of the PDF onto the printer, page edge to paper edge."""
        return print_pdf(self.document, printer, self.copy)

    def save_pdf(self) -> bool:
        """Save the preview's bytes; True once saved (the record follows: `recorded`)."""
        if not self.pdf_bytes or self.rendering or self.recording:
            return False
        path = self._choose_save_path()
        if not path:
            return False
        try:
            Path(path).write_bytes(self.pdf_bytes)
        except OSError as exc:
            self._say(self.tr("Could not save the file: %1").replace("%1", exc.strerror or str(exc)), "#c62828")
            return False
        self._record()
        return True

    def _choose_save_path(self) -> str | None:
        """The save dialog (tests replace this method)."""
        copy = self.tr("original") if self.copy == "original" else self.tr("duplicate")
        title = self.tr("Business licence")
        suggested = f"{title}_{self.data.uscc}_{copy}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), str(Path.home() / suggested),
                                              self.tr("PDF files (*.pdf)"))
        return path or None

    def _record(self) -> None:
        """The print or save into the entity's history, on the serial writer."""
        self.recording = True
        self._set_outputs(False)
        self._say(self.tr("Recording in the entity's history…"), "#5b6573")
        self.ctx.ops.write(RecordLicencePrinted(
            user_id=self.ctx.principal.user_id, device_id=self.ctx.device_id,
            entity_id=self.entity_id, copy=self.copy, preprinted=self.is_preprinted),
            owner=self, done=self._recorded, failed=self._record_failed)

    def _recorded(self, outcome: Outcome) -> None:
        self.recording = False
        self._set_outputs(bool(self.pdf_bytes) and not self.rendering)
        if outcome.ok:
            self._say(self.tr("Done; recorded in the entity's history."), "#1b5e20")
        else:
            self._say(outcome.message or "", "#c62828")
        self.recorded.emit(outcome)

    def _record_failed(self, exc: BaseException) -> None:
        self.recording = False
        self._set_outputs(bool(self.pdf_bytes) and not self.rendering)
        self._say(self.tr("Printed, but not recorded in the entity's history: %1")
                  .replace("%1", failure_text(exc)), "#c62828")
        self.recorded.emit(exc)
