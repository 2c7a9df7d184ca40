"""A file attached to a record seen in the program: a scan (PNG, JPEG) or the first pages of a
PDF, with the file's name, size and SHA-256 — a contract's materials (the certificate vouches
for exactly these bytes, so the certifier sees the digest the application recorded), an
incoming document's scans.

PDF pages are drawn by Qt's own PDF module (QtPdf's QPdfDocument, PySide6-Addons): no external
program, and the document is read from memory, never from a temporary file.
"""
from __future__ import annotations

import hashlib

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

#: pages of a PDF drawn (a contract's first pages identify it; the rest is for the original)
PDF_PAGES = 3
#: the width pages are drawn at before being scaled to the pane (sharp on a 2x screen)
RENDER_WIDTH = 1200
MUTED = "#5B6573"
ERROR = "#c62828"


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def sniff(content: bytes) -> str:
    """What the bytes are (not what the name says): pdf, image or ""."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n") or content.startswith(b"\xff\xd8\xff"):
        return "image"
    return ""


def pdf_pages(content: bytes, pages: int = PDF_PAGES, width: int = RENDER_WIDTH) -> tuple[list[QImage], int]:
    """The first `pages` pages drawn, and how many the document has (0: not a readable PDF)."""
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)  # from a QBuffer the load is synchronous
    count = document.pageCount() if document.status() == QPdfDocument.Status.Ready else 0
    images = []
    for page in range(min(pages, count)):
        points = document.pagePointSize(page)
        if points.width() <= 0:
            continue
        height = round(width * points.height() / points.width())
        image = document.render(page, QSize(width, height))
        if not image.isNull():
            images.append(image)
    document.close()
    return images, count


class _Page(QLabel):
    """One page or picture, scaled to the width of the pane (never up beyond its own size)."""

    def __init__(self, image: QImage, parent: QWidget | None = None):
        super().__init__(parent)
        self.image = image
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setStyleSheet("background: #FFFFFF; border: 1px solid #DCE1E8;")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def fit(self, width: int) -> None:
        width = max(80, min(width, self.image.width()))
        height = round(self.image.height() * width / max(1, self.image.width()))
        ratio = self.devicePixelRatioF() or 1.0
        scaled = self.image.scaled(QSize(round(width * ratio), round(height * ratio)),
                                   Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.setPixmap(pixmap)
        self.setFixedHeight(height + 2)


class MaterialPreview(QWidget):
    """`show_material(filename, content)`: the picture or the first pages, the name, the size and
    the SHA-256 (against `expected_sha256` when the application recorded one)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("materialPreview")
        self.title = QLabel(objectName="materialTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.digest = QLabel(objectName="materialDigest")
        self.digest.setStyleSheet(f"color: {MUTED}; font-family: monospace;")
        self.digest.setWordWrap(True)
        self.digest.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLabel(objectName="materialNote")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages_widget = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setContentsMargins(8, 8, 8, 8)
        self.pages_layout.setSpacing(10)
        self.pages_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setStyleSheet("QScrollArea { background: #E9ECF0; } "
                                  "QScrollArea > QWidget > QWidget { background: #E9ECF0; }")
        self.scroll.setWidget(self.pages_widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.digest)
        layout.addWidget(self.note)
        layout.addWidget(self.scroll, 1)
        self.pages: list[_Page] = []
        self.page_count = 0  # of the PDF shown (0: an image, or nothing)
        self.sha256 = ""
        self.clear()

    def clear(self, text: str | None = None) -> None:
        self._set_pages([])
        self.title.setText("")
        self.digest.setText("")
        self.sha256 = ""
        self.page_count = 0
        self._say(text if text is not None else self.tr("Select a material to see it here."), MUTED)

    def show_loading(self, filename: str) -> None:
        self.clear(self.tr("Loading %1…").replace("%1", filename))

    def show_error(self, text: str) -> None:
        self.clear()
        self._say(text, ERROR)

    def show_material(self, filename: str, content: bytes, *, expected_sha256: str | None = None) -> None:
        self.sha256 = hashlib.sha256(content).hexdigest()
        self.title.setText(f"{filename}  ·  {size_text(len(content))}")
        # 64 hex digits do not wrap: two lines of 32
        self.digest.setText(f"SHA-256  {self.sha256[:32]}\n         {self.sha256[32:]}")
        self.digest.setToolTip(self.sha256)
        self.note.hide()
        self.page_count = 0
        kind = sniff(content)
        images: list[QImage] = []
        if kind == "pdf":
            images, self.page_count = pdf_pages(content)
            if self.page_count > len(images):
                self._say(self.tr("The first %1 of %2 pages are shown.").replace("%1", str(len(images)))
                          .replace("%2", str(self.page_count)), MUTED)
        elif kind == "image":
            image = QImage.fromData(QByteArray(content))
            if not image.isNull():
                images = [image]
        if not images:
            self._say(self.tr("This file cannot be shown (it is not a readable PDF, PNG or JPEG)."), ERROR)
        if expected_sha256 and expected_sha256 != self.sha256:
            self._say(self.tr("The content does not match the SHA-256 recorded with the application."), ERROR)
        self._set_pages(images)

    def _say(self, text: str, colour: str) -> None:
        self.note.setStyleSheet(f"color: {colour};")
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _set_pages(self, images: list[QImage]) -> None:
        for page in self.pages:
            self.pages_layout.removeWidget(page)
            page.deleteLater()
        self.pages = [_Page(image) for image in images]
        for i, page in enumerate(self.pages):
            self.pages_layout.insertWidget(i, page)
        self._fit()

    def _fit(self) -> None:
        width = self.scroll.viewport().width() - 20
        for page in self.pages:
            page.fit(width)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit()


class MaterialDialog(QDialog):
    """One material in a window of its own (the detail pane's materials open here)."""

    def __init__(self, filename: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("materialDialog")
        self.setWindowTitle(filename)
        self.resize(760, 880)
        self.preview = MaterialPreview(self)
        self.preview.show_loading(filename)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
