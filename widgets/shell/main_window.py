"""The main window: navigation rail, the open business area, status bar, menus, idle lock.

Business areas are registered by the parts that own them (widgets/shell/areas.py is
the one place that calls them) and built lazily on first open. An area is listed only
when the signed-in user has one of its roles, and the services check again anyway.

An area widget may define `has_unsaved_work() -> bool`; the window asks before signing
out or quitting would throw that work away.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QRect, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from client.kernel.roles import Role
from widgets.app_context import AppContext
from widgets.common import icons, messages
from widgets.shell.idle import IdleMonitor
from widgets.shell.lock_screen import LockScreen
from widgets.shell.rail import NavigationRail
from widgets.shell.status_bar import ShellStatusBar

AreaFactory = Callable[[AppContext], QWidget]


@dataclass
class Area:
    key: str
    title: str
    icon: QIcon | None
    factory: AreaFactory
    roles: frozenset[Role] | None
    widget: QWidget | None = None


class MainWindow(QMainWindow):
    sig_sign_out = Signal()  # the controller shows the login window again
    sig_quit = Signal()
    sig_closed = Signal()  # the window has closed (sign-out or quit): background work stops

    def __init__(self, ctx: AppContext, *, idle_timeout_ms: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self._areas: dict[str, Area] = {}
        self._leaving = False
        self.setObjectName("mainWindow")
        principal = ctx.principal
        self.setWindowTitle(self.tr("Hongdun Workbench") + (f" — {principal.full_name}" if principal else ""))
        self.resize(1280, 800)
        self.setMinimumSize(1024, 640)

        central = QWidget(objectName="shellCentral")
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.rail = NavigationRail()
        self.rail.sig_selected.connect(self.open_area)
        row.addWidget(self.rail)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # news over the open area (a newer version: widgets/sync/release_notice.py), each line
        # hidden while it has nothing to say
        self.notices = QVBoxLayout()
        self.notices.setContentsMargins(0, 0, 0, 0)
        self.notices.setSpacing(0)
        column.addLayout(self.notices)
        self.pages = QStackedWidget(objectName="areaStack")
        self.pages.addWidget(self._empty_page())
        column.addWidget(self.pages, 1)
        row.addLayout(column, 1)
        self.setCentralWidget(central)

        self.status = ShellStatusBar(ctx, self)
        self.setStatusBar(self.status)
        self._build_menus()

        if idle_timeout_ms is None:
            idle_timeout_ms = int(ctx.settings.idle_lock_minutes) * 60_000
        self.idle = IdleMonitor(idle_timeout_ms, self)
        self.idle.sig_idle.connect(self.lock)
        self.lock_screen = LockScreen(
            self, check_password=ctx.check_password,
            username=principal.username if principal else "", user_id=principal.user_id if principal else "",
            full_name=principal.full_name if principal else "")
        self.lock_screen.sig_unlocked.connect(self._on_unlocked)
        self.lock_screen.sig_sign_out.connect(self.sign_out)
        self.idle.resume()

    # --- the area API ---------------------------------------------------------------------

    def add_area(self, key: str, title: str, icon: QIcon | None, factory: AreaFactory, *,
                 roles: set[Role] | frozenset[Role] | None = None) -> None:
        """Register a business area; listed only if the user has one of `roles` (None: everyone)."""
        if key in self._areas:
            raise ValueError(f"area {key!r} registered twice")
        area = Area(key, title, icon if icon is not None else icons.icon(key),
                    factory, frozenset(roles) if roles is not None else None)
        self._areas[key] = area
        if self._allowed(area):
            self.rail.add(key, title, area.icon)

    def open_area(self, key: str) -> QWidget:
        """Show an area (building it on first use) and return its widget."""
        area = self._areas.get(key)
        if area is None or not self._allowed(area):
            raise KeyError(f"no area {key!r} for this user")
        if area.widget is None:
            area.widget = area.factory(self.ctx)
            area.widget.setProperty("areaKey", key)
            self.pages.addWidget(area.widget)
        self.pages.setCurrentWidget(area.widget)
        self.rail.select(key)
        return area.widget

    def area_keys(self) -> list[str]:
        """The areas this user sees, in rail order."""
        return self.rail.keys()

    def area_titles(self) -> dict[str, str]:
        return {key: self._areas[key].title for key in self.rail.keys()}

    def area_icon(self, key: str) -> QIcon:
        return self._areas[key].icon or QIcon()

    def area_widget(self, key: str) -> QWidget | None:
        """The area's widget if it has been opened, else None."""
        area = self._areas.get(key)
        return area.widget if area else None

    def current_area(self) -> str | None:
        widget = self.pages.currentWidget()
        return widget.property("areaKey") if widget is not None else None

    def _allowed(self, area: Area) -> bool:
        if area.roles is None:
            return True
        principal = self.ctx.principal
        return principal is not None and bool(area.roles & principal.roles)

    def add_notice(self, widget: QWidget) -> None:
        """A line of news above the business area (it shows and hides itself)."""
        self.notices.addWidget(widget)

    # --- menus ----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        system = self.system_menu = self.menuBar().addMenu(self.tr("&System"))
        self.settings_action = QAction(icons.icon("settings", selected_color=None), self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self.show_settings)
        self.lock_action = QAction(icons.icon("lock", selected_color=None), self.tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.sign_out_action = QAction(icons.icon("logout", selected_color=None), self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        system.addAction(self.settings_action)
        system.addSeparator()
        system.addAction(self.lock_action)
        system.addAction(self.sign_out_action)
        system.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(icons.icon("info", selected_color=None), self.tr("&About Hongdun Workbench"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def show_settings(self) -> None:
        from widgets.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.ctx.settings, self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.idle.set_timeout_ms(int(self.ctx.settings.idle_lock_minutes) * 60_000)
            if dialog.restart_needed:
                messages.inform(self, self.tr("The centre's address and the language take effect the next time "
                                              "the workbench starts."))

    def about_text(self) -> str:
        """What the program has: the business areas found (client.kernel.registry), not a list
        written once and left behind."""
        from client.kernel.registry import registry

        areas = "、".join(area.title for area in registry().areas)
        return self.tr(
            "<h3>Hongdun Workbench {version}</h3>"
            "<p>For the district offices of the Guangzhou Administration for Market Regulation.</p>"
            "<p>Business areas: {areas}</p>"
            "<p>Centre: {database}</p>").format(version=QApplication.applicationVersion(), areas=areas,
                                                  database=self.ctx.database_label)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Hongdun Workbench"), self.about_text())

    # --- size and place -------------------------------------------------------------------

    def show_fitted(self) -> None:
        """Show where the user left it last time if that still fits a screen; else a size that
        fits this screen (maximised on a small one, where every pixel counts)."""
        state = _window_state()
        saved = state.value("main/geometry")
        screens = [screen.availableGeometry() for screen in QGuiApplication.screens()]
        if saved is not None and self.restoreGeometry(saved) and fits_a_screen(self.frameGeometry(), screens):
            self.showMaximized() if state.value("main/maximized", False) in (True, "true") else self.show()
            return
        available = (self.screen() or QApplication.primaryScreen()).availableGeometry()
        size = fitted_size(available)
        if size is None:
            self.showMaximized()
            return
        self.resize(size)
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())
        self.show()

    def save_geometry(self) -> None:
        state = _window_state()
        state.setValue("main/geometry", self.saveGeometry())
        state.setValue("main/maximized", self.isMaximized())
        state.sync()

    # --- locking and leaving --------------------------------------------------------------

    def lock(self) -> None:
        if self.lock_screen.locked:
            return
        self.idle.pause()
        self._set_work_enabled(False)
        self.lock_screen.lock()

    @property
    def locked(self) -> bool:
        return self.lock_screen.locked

    def _on_unlocked(self) -> None:
        self._set_work_enabled(True)
        self.idle.resume()
        current = self.pages.currentWidget()
        if current is not None:
            current.setFocus()

    def _set_work_enabled(self, enabled: bool) -> None:
        # disabled widgets keep their contents: nothing typed is lost while locked
        for part in (self.centralWidget(), self.menuBar(), self.statusBar()):
            part.setEnabled(enabled)

    def _unsaved_work(self) -> list[str]:
        return [a.title for a in self._areas.values()
                if a.widget is not None and getattr(a.widget, "has_unsaved_work", lambda: False)()]

    def _may_leave(self) -> bool:
        unsaved = self._unsaved_work()
        return not unsaved or messages.confirm(self, self.tr(
            "Unsaved work in: {areas}. Discard it?").format(areas="、".join(unsaved)))

    def sign_out(self) -> None:
        if not self._may_leave():
            return
        self._leaving = True
        # the login window must be up before this one closes, or Qt quits on "last window closed"
        self.sig_sign_out.emit()
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._leaving and not self.locked and not self._may_leave():
            event.ignore()
            return
        if self.locked and not self._leaving:
            event.ignore()  # a locked window cannot be closed by whoever walks up to it
            return
        self.idle.stop()
        self.status.stop()
        self.save_geometry()
        quitting = not self._leaving
        super().closeEvent(event)
        self.sig_closed.emit()
        if quitting:
            self.sig_quit.emit()

    def _empty_page(self) -> QWidget:
        page = QWidget(objectName="emptyPage")
        layout = QVBoxLayout(page)
        label = QLabel(self.tr("No business area is available to your roles.\n"
                               "Ask the system administrator to assign you a role."), objectName="hintLabel")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        return page


#: the window's size on a screen big enough for it: every column of the register readable
FITTED = QSize(1600, 1000)


def _window_state() -> QSettings:
    """The window's place and size, beside the settings file (not in the user's global Qt store)."""
    from client.settings import config_dir

    return QSettings(str(config_dir() / "window-state.ini"), QSettings.Format.IniFormat)


#: below this (a 1366×768 laptop), the window is maximised: every pixel counts
SMALLEST_FITTED = QSize(1280, 760)


def fitted_size(available: QRect) -> QSize | None:
    """The window's size on a screen with this much room (a margin around it, at most FITTED);
    None: maximise (a small screen)."""
    size = QSize(min(FITTED.width(), int(available.width() * 0.92)),
                 min(FITTED.height(), int(available.height() * 0.92)))
    if size.width() < SMALLEST_FITTED.width() or size.height() < SMALLEST_FITTED.height():
        return None
    return size


def fits_a_screen(frame: QRect, screens: list[QRect]) -> bool:
    """Mostly (80 %) on one of the screens attached now: not after a laptop left its docking
    station, or a remote session changed resolution."""
    for screen in screens:
        visible = screen.intersected(frame)
        if visible.width() * visible.height() >= 0.8 * frame.width() * frame.height():
            return True
    return False
