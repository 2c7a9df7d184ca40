"""Writes installer/windows/hongdun.ico from the program's own icon, resources/icons/shield.svg.

Windows wants an .ico (the installer's icon, the shortcuts', the uninstaller entry's, and
PyInstaller's `icon=` for the .exe files); the program only ships the SVG. Qt renders the SVG
at each size (crisper at 16 px than scaling one big bitmap down) and this script packs the PNG
frames into an ICO container itself: the format is a 6-byte header and one 16-byte entry per
frame, and Windows Vista and later read PNG frames, so neither Pillow nor a converter is needed.

Run it again only when shield.svg changes (the .ico is committed):
    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/windows/make_icon.py
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "resources" / "icons" / "shield.svg"
TARGET = Path(__file__).resolve().parent / "hongdun.ico"
#: the sizes Explorer, the taskbar, the Start menu and the installer ask for (100 %–200 % scaling)
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def png_frame(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px frame as PNG")
    buffer.close()
    return bytes(data)


def ico_bytes(frames: list[tuple[int, bytes]]) -> bytes:
    """ICONDIR + ICONDIRENTRY per frame + the PNG data; a width/height byte of 0 means 256."""
    header = struct.pack("<HHH", 0, 1, len(frames))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(frames)
    entries, blobs = [], []
    for size, png in frames:
        side = 0 if size >= 256 else size
        # width, height, colours in palette (0: none), reserved, colour planes, bits per pixel,
        # size of the image data, its offset from the start of the file
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset))
        blobs.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(blobs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - QPainter needs it
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icon: {SOURCE} is not a valid SVG", file=sys.stderr)
        return 1
    frames = [(size, png_frame(renderer, size)) for size in SIZES]
    TARGET.write_bytes(ico_bytes(frames))
    print(f"make_icon: wrote {TARGET.relative_to(ROOT)} ({len(frames)} sizes, "
          f"{TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
