"""Printing a PDF page edge to paper edge on A3 or A4 landscape: the licence, its calibration page.

The PDF made by client.registration is the single source of the page: it is rendered by QtPdf
and painted onto the printer at full page, with no driver margins, since the pre-printed mode's
offsets are measured from the paper's corner. The page is painted in bands so no single image
is the size of the whole sheet.
"""
from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

#: enough for sharp 12 pt text; 600 dpi would make an A3 page a 280 MB image
PRINT_DPI = 300
#: the page is painted in bands so no single image is the size of the whole sheet
BAND_PX = 600

PAGE_SIZES = {"original": QPageSize.PageSizeId.A3, "duplicate": QPageSize.PageSizeId.A4}


def set_licence_page(printer: QPrinter, copy: str) -> None:
    """The copy's paper (正本 A3, 副本 A4), landscape, the whole sheet addressable."""
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES[copy]), QPageLayout.Orientation.Landscape,
                                      QMarginsF(0, 0, 0, 0)))


def print_pdf(document: QPdfDocument, printer: QPrinter, copy: str) -> bool:
    """Paint every page of the document onto the printer, page edge to paper edge; False when
    the printer could not be started."""
    set_licence_page(printer, copy)
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            paint_page(painter, printer, document, page)
    finally:
        painter.end()
    return True


def paint_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, page: int) -> None:
    target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
    points = document.pagePointSize(page)
    dpi = min(printer.resolution(), PRINT_DPI)
    width, height = round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)
    scale_y = target.height() / height
    for top in range(0, height, BAND_PX):
        band = min(BAND_PX, height - top)
        options = QPdfDocumentRenderOptions()
        options.setScaledSize(QSize(width, height))
        options.setScaledClipRect(QRect(0, top, width, band))
        image = document.render(page, QSize(width, band), options)
        painter.drawImage(QRectF(target.left(), target.top() + top * scale_y,
                                 target.width(), band * scale_y), image)
