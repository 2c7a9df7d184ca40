"""Icons from resources/icons/*.svg, tinted for the palette.

The SVGs are line drawings with `stroke="currentColor"`; Qt's SVG renderer does not
know currentColor, so the colour is substituted before rendering. Each icon gets a
normal and a selected (accent) colour, which the navigation rail uses for its states.
"""
from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from client.kernel.paths import resource_path

#: colours shared with resources/styles/app.qss
MUTED = "#5B6573"
ACCENT = "#C8161D"
ON_ACCENT = "#FFFFFF"

_SIZES = (16, 20, 24, 32, 48, 64)


def svg_path(name: str) -> str:
    return str(resource_path("icons", f"{name}.svg"))


def _render(svg: bytes, size: int, ratio: float = 2.0) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg))
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


@cache
def _svg(name: str) -> bytes:
    return resource_path("icons", f"{name}.svg").read_bytes()


@cache
def icon(name: str, color: str = MUTED, selected_color: str | None = ACCENT) -> QIcon:
    """A tinted icon; unknown names give an empty icon (a missing picture is not an error)."""
    try:
        svg = _svg(name)
    except FileNotFoundError:
        return QIcon()
    result = QIcon()
    for size in _SIZES:
        result.addPixmap(_render(svg.replace(b"currentColor", color.encode()), size))
        if selected_color:
            tinted = svg.replace(b"currentColor", selected_color.encode())
            result.addPixmap(_render(tinted, size), QIcon.Mode.Selected)
            result.addPixmap(_render(tinted, size), QIcon.Mode.Active)
    return result


def pixmap(name: str, size: int, color: str = MUTED) -> QPixmap:
    """A single rendered picture (e.g. the logo on the login window)."""
    return _render(_svg(name).replace(b"currentColor", color.encode()), size)
