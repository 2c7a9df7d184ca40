"""A PDF made by client/reports shown before it is printed or saved (A4 portrait documents)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

PRINT_DPI = 300


class PdfPreviewDialog(QDialog):
    def __init__(self, pdf_bytes: bytes, *, title: str, suggested_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 900)
        self.pdf_bytes = pdf_bytes
        self.suggested_name = suggested_name
        self.document = QPdfDocument(self)
        # QPdfDocument reads from the device while it renders: keep buffer and bytes alive
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf_bytes))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel()
        self.print_button = QPushButton(self.tr("Print..."))
        self.save_button = QPushButton(self.tr("Save as PDF..."))
        close = QPushButton(self.tr("Close"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self) -> bool:
        printer = self._choose_printer()
        if printer is None:
            return False
        ok = self.print_to(printer)
        self._say(self.tr("Sent to the printer.") if ok else self.tr("The printer could not be started."), ok)
        return ok

    def _choose_printer(self) -> QPrinter | None:
        """The print dialog (tests replace this method with a PDF-file printer)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_to(self, printer: QPrinter) -> bool:
        printer.setFullPage(True)
        printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          QMarginsF(0, 0, 0, 0)))
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
                points = self.document.pagePointSize(page)
                dpi = min(printer.resolution(), PRINT_DPI)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                options = QPdfDocumentRenderOptions()
                painter.drawImage(target, self.document.render(page, size, options))
        finally:
            painter.end()
        return True

    def save_pdf(self) -> bool:
        path = self._choose_save_path()
        if not path:
            return False
        try:
            Path(path).write_bytes(self.pdf_bytes)
        except OSError as exc:
            self._say(self.tr("Could not save the file: %1").replace("%1", exc.strerror or str(exc)), False)
            return False
        self._say(self.tr("Saved."), True)
        return True

    def _choose_save_path(self) -> str | None:
        """The save dialog (tests replace this method)."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"), str(Path.home() / self.suggested_name),
                                              self.tr("PDF files (*.pdf)"))
        return path or None

    def _say(self, text: str, ok: bool) -> None:
        self.status.setStyleSheet(f"color: {'#1b5e20' if ok else '#c62828'};")
        self.status.setText(text)
