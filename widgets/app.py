"""The QApplication, set up once: names, fonts, translations, locale, style sheet.

`create_application` is what main.py calls; `configure_application` is split out so
the GUI tests can apply the same set-up to pytest-qt's own QApplication.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from client.kernel.paths import resource_path
from widgets.common import collector

log = logging.getLogger(__name__)

APP_NAME = "hongdun"
ORG_NAME = "gzamr"
VERSION = "0.1.0"

#: Simplified Chinese first: with only Noto CJK installed, Qt's fallback would pick the
#: Japanese variant (different glyphs for e.g. 直, 骨). Then the usual Windows/macOS faces.
UI_FONT_FAMILIES = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans",
    "DejaVu Sans",
    "sans-serif",
]
UI_FONT_POINT_SIZE = 10

#: translators must outlive the application's use of them; Qt does not own them
_installed: list[QTranslator] = []


def create_application(argv: Sequence[str], *, language: str = "zh_CN") -> QApplication:
    app = QApplication(list(argv))
    configure_application(app, language=language)
    return app


def configure_application(app: QCoreApplication, *, language: str = "zh_CN") -> None:
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(VERSION)
    if isinstance(app, QApplication):
        app.setFont(ui_font())
        app.setWindowIcon(QIcon(str(resource_path("icons", "shield.svg"))))
        app.setStyle("Fusion")  # the same look on Kylin, UOS and Windows
        app.setStyleSheet(style_sheet())
    set_language(app, language)
    collector.install(app)  # cyclic garbage is collected on the GUI thread only


def ui_font() -> QFont:
    font = QFont()
    available = set(QFontDatabase.families())
    families = [f for f in UI_FONT_FAMILIES if f in available] or UI_FONT_FAMILIES
    font.setFamilies(families)
    font.setPointSize(UI_FONT_POINT_SIZE)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def set_language(app: QCoreApplication, language: str) -> None:
    """zh_CN (default) installs our .qm and Qt's own (dialog buttons); "en" shows the sources."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory in (("qtbase_zh_CN", qt_dir),
                            ("hongdun_zh_CN", str(resource_path("translations")))):
        translator = QTranslator()
        if translator.load(name, directory):
            app.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)


def style_sheet() -> str:
    path = resource_path("styles", "app.qss")
    try:
        sheet = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        log.warning("style sheet %s missing", path)
        return ""
    return sheet.replace("@ICONS@", resource_path("icons").as_posix())
