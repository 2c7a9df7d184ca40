"""What a screenshot builder (widgets/<area>/screenshots.py) gets: a demo database and ways to
sign someone in; scripts/screenshots.py and the GUI tests use the same."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtWidgets import QWidget


@dataclass
class ShotEnv:
    """What a builder needs: the demo database and ways to sign someone in."""

    url: str
    windows: list[QWidget] = field(default_factory=list)  # kept alive until the script ends
    #: () -> sync.link.CentreLink of a centre serving `url` (scripts/screenshots.py and the tests
    #: start an embedded one: widgets/ may not import the centre)
    link_factory: Callable[[], object] | None = None
    _sessions: object = None
    _link: object = None

    def link(self):
        if self._link is None:
            if self.link_factory is None:
                raise RuntimeError("this screenshot needs a centre: give ShotEnv a link_factory")
            self._link = self.link_factory()
        return self._link

    def context(self, username: str):
        """An AppContext for a demo user, as after a successful login, whose screens work on the
        demo database directly (in this process, as the centre would answer them): the screens
        are the subject here; the real sign-in through a centre is the shell's (tests/gui/test_shell.py)."""
        from client.kernel.auth import authenticate
        from client.kernel.bus import CommandBus
        from client.kernel.users import DEMO_PASSWORD
        from client.settings import Settings
        from sync.reads import Reads, SessionRunner
        from widgets.app_context import AppContext

        factory = self.sessions()
        with factory() as session:
            result = authenticate(session, username, DEMO_PASSWORD)
        if not result.ok:
            raise RuntimeError(f"demo user {username!r} cannot sign in: {result.message}")
        settings = Settings()

        def check_password(name: str, password: str):
            with factory() as session:
                return authenticate(session, name, password)

        return AppContext(reads=Reads(SessionRunner(factory)), bus=CommandBus(factory), settings=settings,
                          database_label="演示库", principal=result.principal, check_password=check_password)

    def sessions(self):
        """A session factory of the demo database (made once)."""
        if self._sessions is None:
            from client.db.engine import make_engine, make_session_factory

            self._sessions = make_session_factory(make_engine(self.url))
        return self._sessions

    def signed_in_window(self, username: str, size: tuple[int, int] = (1280, 800)):
        """The main window of a demo user signed in through the centre (`link()`), as the shell
        opens it after the login window (an office user's sync worker left stopped)."""
        from PySide6.QtCore import Qt

        from client.kernel.users import DEMO_PASSWORD
        from client.settings import Settings
        from sync.signin import sign_in
        from widgets.shell.controller import ShellController

        signed = sign_in(self.link(), username, DEMO_PASSWORD)
        if not signed.ok:
            raise RuntimeError(f"demo user {username!r} cannot sign in: {signed.message}")
        window = ShellController(Settings(), self.link(), idle_timeout_ms=0).open_main_window(signed, start_sync=False)
        # the size of the other screenshots, not the offscreen screen's (it opened maximised on it)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
        self.windows.append(window)
        return window

    def main_window(self, username: str = "clerk", area: str | None = None):
        """The main window of a demo user with every area registered (and `area` open)."""
        from widgets.shell.areas import register_areas
        from widgets.shell.main_window import MainWindow

        window = MainWindow(self.context(username), idle_timeout_ms=0)
        register_areas(window)
        keys = window.area_keys()
        if area or keys:
            window.open_area(area or keys[0])
        self.windows.append(window)
        return window


Builder = Callable[[ShotEnv], QWidget]


def demo_database(url: str, *, entities: int = 200, seed: int = 2026) -> None:
    """Create a demo database at `url` (schema, reference data, demo accounts, entities)."""
    from client.demo import populate

    populate(url, entities=entities, seed=seed)


# --- what builders use to set the scene through the screens' own operations ------------------------


def settle(seconds: float = 20) -> None:
    """Until every background read and write is back (the screens' own loads too)."""
    import time

    from PySide6.QtCore import QCoreApplication

    from widgets.common.tasks import tasks_running

    app = QCoreApplication.instance()
    deadline = time.monotonic() + seconds
    while tasks_running() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def answer(start):
    """Start an operation with `done` and `failed`; wait for what comes back."""
    got: list = []
    failures: list[BaseException] = []
    start(got.append, failures.append)
    settle()
    if failures:
        raise RuntimeError(f"screenshot data failed: {failures[0]}") from failures[0]
    if not got:
        raise RuntimeError("screenshot data did not come back in time")
    return got[0]


def ask(ctx, fn, *args, **kwargs):
    """A read through the context's operations, waited for."""
    from PySide6.QtCore import QCoreApplication

    owner = QCoreApplication.instance()
    return answer(lambda done, failed: ctx.ops.read(fn, *args, owner=owner, done=done, failed=failed, **kwargs))


def send(ctx, command):
    """A command through the context's operations, waited for: its outcome."""
    from PySide6.QtCore import QCoreApplication

    owner = QCoreApplication.instance()
    return answer(lambda done, failed: ctx.ops.write(command, owner=owner, done=done, failed=failed))

