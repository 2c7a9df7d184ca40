"""The shell's flow: (first start: demo data) → login window → main window → sign out → login.

main.py builds this with the resolved settings and the workstation's centre (sync.link.CentreLink)
and calls `start()`; everything heavy (SQLAlchemy, argon2, the models, the bus, the web stack of
an embedded centre) is imported only after the login window has been painted, on a worker.

`embedded`: the embedded default's centre (centre.embedded.Embedded, made by main.py): its demo
database is built at the first start, and it is started while the login window waits.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from client.settings import Settings
from sync.link import CentreLink
from widgets.common import messages
from widgets.common.tasks import run_task
from widgets.shell.database import centre_label
from widgets.shell.login import LoginWindow

log = logging.getLogger(__name__)


class ShellController(QObject):
    sig_login_shown = Signal()  # the login window has been painted (startup timing)
    sig_main_shown = Signal(object)  # MainWindow

    def __init__(self, settings: Settings, link: CentreLink, *, embedded=None, demo_entities: int = 20_000,
                 idle_timeout_ms: int | None = None, show_demo_hint: bool | None = None,
                 populate=None):
        super().__init__()
        self._populate = populate  # (url, entities, progress) -> None; None: client.demo.populate
        self.settings, self.link, self.embedded = settings, link, embedded
        self.demo_entities = demo_entities
        self.idle_timeout_ms = idle_timeout_ms
        self.show_demo_hint = (embedded is not None and embedded.demo_hint) if show_demo_hint is None \
            else show_demo_hint
        self.login: LoginWindow | None = None
        self.window = None
        self.setup = None

    def start(self) -> None:
        if self.embedded is not None and self.embedded.needs_demo_data():
            self._build_demo_database()
        else:
            self.show_login()

    # --- first start ----------------------------------------------------------------------

    def _build_demo_database(self) -> None:
        from widgets.shell.setup_dialog import SetupDialog

        path = self.embedded.path
        path.parent.mkdir(parents=True, exist_ok=True)
        kwargs = {"populate": self._populate} if self._populate is not None else {}
        self.setup = SetupDialog(self.embedded.database_url, self.demo_entities, **kwargs)
        self.setup.sig_finished.connect(self._on_demo_built)
        self.setup.show()
        self.setup.start()

    def _on_demo_built(self, ok: bool, error: str) -> None:
        self.setup = None
        if ok:
            self.show_login()
            return
        path = self.embedded.path
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)  # a half-built database would be taken as ready
        if error:
            messages.fail(None, self.tr("The demo database could not be created:\n{error}").format(error=error))
        QApplication.quit()

    # --- login ----------------------------------------------------------------------------

    def show_login(self) -> LoginWindow:
        settings = self.settings

        def sign_in(link, username, password):
            from sync.signin import sign_in

            return sign_in(link, username, password, settings=settings)

        self.login = LoginWindow(self.link, show_demo_hint=self.show_demo_hint, authenticate=sign_in)
        self.login.sig_first_paint.connect(self.sig_login_shown)
        self.login.sig_logged_in.connect(self._on_logged_in)
        self.login.sig_settings_requested.connect(self._edit_settings)
        self.login.show()
        self.login.raise_()
        self.login.activateWindow()
        # start an embedded centre and import the sign-in stack while the user types the password
        link, embedded = self.link, self.embedded
        run_task(lambda: _warm_up(link, embedded), owner=self.login,
                 on_done=self._on_warm, on_failed=lambda exc: log.warning("warm-up failed: %s", exc))
        return self.login

    def _on_warm(self, demo: tuple[list[str], str] | None) -> None:
        from widgets.common import collector

        collector.freeze()  # the modules and mappers just loaded are never scanned again
        if demo and self.login is not None:
            self.login.set_demo_accounts(*demo)
        if self.login is not None:
            # after the warm-up: the embedded centre is up, and the start is never delayed by it
            from widgets.sync.release_notice import attach_to_login

            attach_to_login(self.login, self.link)

    def _edit_settings(self) -> None:
        from widgets.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self.login, offer_wizard=True)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted and dialog.restart_needed:
            messages.inform(self.login, self.tr("The centre's address and the language take effect the next "
                                                "time the workbench starts."))
        elif dialog.wizard_requested:
            self.run_wizard()

    def run_wizard(self) -> bool:
        """The first-run wizard again, from the login window (field support). Its settings are
        saved when it finishes; a new centre is used from the next start, as the settings
        dialog's is (this window's link and embedded centre were made by main.py)."""
        from dataclasses import fields

        from widgets.shell.first_run import run_first_run

        before = (list(self.settings.centre_urls), self.settings.centre_ca_file)
        chosen = run_first_run(self.settings, parent=self.login)
        if chosen is None:
            return False
        for f in fields(chosen):  # in place: the login's sign-in and the windows hold this object
            setattr(self.settings, f.name, getattr(chosen, f.name))
        if (list(chosen.centre_urls), chosen.centre_ca_file) != before:
            messages.inform(self.login, self.tr("The centre's address and the language take effect the next "
                                                "time the workbench starts."))
        return True

    # --- main window ----------------------------------------------------------------------

    def _on_logged_in(self, result) -> None:
        """`result` is a sync.signin.SignIn: the principal, where the screens read and write, and
        for office staff their workstation."""
        self.open_main_window(result)
        if self.login is not None:
            self.login.close()
            self.login.deleteLater()
            self.login = None

    def open_main_window(self, signed, *, start_sync: bool = True):
        """`signed`: a sync.signin.SignIn. Office staff (with a workstation) work on their office's
        local store through the local bus and the sync worker; district and city users on the
        centre, through its query API and its bus."""
        from sync.signin import check_password
        from widgets.app_context import AppContext
        from widgets.shell.areas import attach_areas, register_areas
        from widgets.shell.main_window import MainWindow

        link, settings, workstation = self.link, self.settings, signed.workstation
        label = centre_label(link)
        if workstation is not None:
            label = self.tr("{database} · local replica").format(database=label)
        ctx = AppContext(reads=signed.reads, bus=signed.bus, settings=settings, database_label=label,
                         principal=signed.principal, workstation=workstation, signed_in_offline=signed.offline,
                         device_id=workstation.device_id if workstation is not None else "centre",
                         check_password=lambda u, p: check_password(link, u, p, settings=settings))
        window = MainWindow(ctx, idle_timeout_ms=self.idle_timeout_ms)
        ui = None
        if workstation is not None:
            from widgets.sync.workstation_ui import WorkstationUi

            ui = window.workstation_ui = WorkstationUi(window, workstation)
            window.sig_closed.connect(ui.close)
        else:
            # office staff hear of a new release through their sync rounds (WorkstationUi);
            # district and city staff, who have none, through the centre's /version now
            from widgets.sync.release_notice import attach_to_main_window

            attach_to_main_window(window, link)
        register_areas(window)
        attach_areas(window)
        if window.area_keys():
            window.open_area(window.area_keys()[0])
        window.sig_sign_out.connect(self._on_sign_out)
        window.sig_quit.connect(QApplication.quit)
        window.show_fitted()
        self.window = window
        if ui is not None and start_sync:
            ui.start()  # after the window is up: a first download never delays it
        self.sig_main_shown.emit(window)
        return window

    def _on_sign_out(self) -> None:
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
        self.show_login()

    def shutdown(self) -> None:
        """main.py, after the event loop: stop the sync worker of a window still open, and the
        card reader monitor."""
        ui = getattr(self.window, "workstation_ui", None) if self.window is not None else None
        if ui is not None:
            ui.close()
        from widgets.shell.areas import shutdown_areas

        shutdown_areas()


def _warm_up(link: CentreLink, embedded) -> tuple[list[str], str] | None:
    """Runs on a worker: the embedded centre, the sign-in stack (sync.signin.warm_up), the card
    reader's monitor; the demo account names for the hint."""
    from sync.signin import warm_up

    if embedded is not None:
        embedded.start()
    accounts = warm_up(link)
    try:
        import iccard.monitor  # noqa: F401  (pyscard, cryptography: the card reader's monitor)
    except ImportError:
        pass  # no pyscard: the counter says so when opened
    # the areas' modules (reportlab among them): the main window would import them on the GUI
    # thread after the password, a third of a second
    from client.kernel.registry import registry
    from widgets.shell.areas import area_modules

    registry()
    area_modules()
    return accounts
