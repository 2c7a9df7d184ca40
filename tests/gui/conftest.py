"""GUI test fixtures: pytest-qt's QApplication set up like the real one, demo databases,
signed-in contexts, and `type_chinese` (QTest can only type ASCII; PLATFORM.md).

Fixtures
  gui_env            autouse: settings and data directories in tmp_path, no HONGDUN_DATABASE_URL
  demo_url           a fresh copy of a small demo database (populate, 40 entities): sqlite URL
  login_context      login_context(username, url=None) -> AppContext as after a real login (the
                     screens on the demo database directly: for tests whose subject is a screen)
  embedded_centre    centre.embedded.Embedded over demo_url with its sync.link.CentreLink
                     (`.link`), made as main.py makes it and not started: the shell starts it
                     (ShellController's warm-up), or the test (`.start()`); `.stop()` takes it away
                     (started again, it listens at another port: the link follows it)
  configured_centre  a centre given by its address, as `main.py --centre http://127.0.0.1:PORT`
                     (ConfiguredCentre: `.link`, `.stop()`, `.start()` again at the same address)
  make_main_window   make_main_window(username, *, idle_timeout_ms=0, register=True) -> MainWindow

Helpers (import from tests.gui.conftest)
  type_chinese(widget, text, *, preedit=None)   commit text through the input method
  wait_for_tasks(qtbot)                          until every widgets.common.tasks job reported
  in_worker(fn)                                  fn() on another thread (what screens do off the GUI thread)

Every GUI test fails if a screen runs a database statement on the GUI thread
(no_database_on_the_gui_thread, autouse).
"""
from __future__ import annotations

import shutil
import sys
import threading
import traceback
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QInputMethodEvent

from widgets.common.tasks import tasks_running

DEMO_ENTITIES = 40


@pytest.fixture(scope="session", autouse=True)
def _configured_qapp(qapp):
    """The same fonts, style sheet and Chinese translation as main.py gives the program."""
    from widgets.app import configure_application

    configure_application(qapp, language="zh_CN")
    return qapp


@pytest.fixture(autouse=True)
def gui_env(tmp_path, monkeypatch, qtbot):
    monkeypatch.setenv("HONGDUN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HONGDUN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("HONGDUN_DATABASE_URL", raising=False)
    yield tmp_path
    wait_for_tasks(qtbot)  # no worker may call back into a widget that the teardown deletes
    # the program's one card-reader bridge belongs to the test (a session) whose main window
    # started it: left running, a later test's card would reach that window's verdict dialog
    # too, read through its stale context beside the screen under test
    bridges = sys.modules.get("widgets.cards.reader_bridge")
    if bridges is not None:
        bridges.ReaderBridge.shutdown()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    from widgets.common.shots import demo_database

    path = tmp_path_factory.mktemp("demo") / "central.db"
    demo_database(f"sqlite:///{path}", entities=DEMO_ENTITIES)
    return path


@pytest.fixture
def demo_url(_demo_template, tmp_path):
    """Each test gets its own copy: logins change failure counters and lockouts."""
    target = tmp_path / "central.db"
    for suffix in ("", "-wal", "-shm"):
        source = _demo_template.with_name(_demo_template.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    return f"sqlite:///{target}"


@pytest.fixture
def login_context(demo_url):
    """login_context("clerk") -> AppContext of a demo user, signed in with the demo password."""
    from widgets.common.shots import ShotEnv

    def make(username: str, url: str | None = None):
        return ShotEnv(url or demo_url).context(username)

    return make


@pytest.fixture
def embedded_centre(demo_url):
    """The embedded default of main.py over this test's demo database: a real centre (uvicorn on a
    thread of this process, real HTTP on 127.0.0.1) once started. widgets/ may not import the
    centre, so the tests make it and hand it in, as main.py does."""
    from centre.embedded import Embedded
    from sync.link import CentreLink

    link = CentreLink(embedded_database=demo_url)
    centre = Embedded(demo_url, link)
    yield centre
    centre.stop()
    link.close()


class ConfiguredCentre:
    """A centre the workstation knows by its address (settings `centre_urls`): the centre's app
    under uvicorn on a thread over the demo database, on 127.0.0.1 (plain http is allowed to this
    computer only). It can go away and come back at the same address, as a real one restarts."""

    def __init__(self, database_url: str):
        from centre.server import start_embedded
        from sync.link import CentreLink

        self.database_url = database_url
        self._server = start_embedded(database_url)
        self.address = self._server.url
        self.link = CentreLink([self.address])

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def start(self) -> None:
        from urllib.parse import urlsplit

        from centre.server import start_embedded

        if self._server is None:
            self._server = start_embedded(self.database_url, port=urlsplit(self.address).port)


@pytest.fixture
def configured_centre(demo_url):
    centre = ConfiguredCentre(demo_url)
    yield centre
    centre.stop()
    centre.link.close()


@pytest.fixture
def make_main_window(qtbot, login_context):
    def make(username: str = "clerk", *, idle_timeout_ms: int = 0, register: bool = True):
        from widgets.shell.areas import register_areas
        from widgets.shell.main_window import MainWindow

        window = MainWindow(login_context(username), idle_timeout_ms=idle_timeout_ms)
        qtbot.addWidget(window)
        if register:
            register_areas(window)
        window.show()
        return window

    return make


def type_chinese(widget, text: str, *, preedit: str | None = None) -> None:
    """Type `text` as an input method commits it (optionally after showing `preedit`, the
    pinyin being composed). QTest.keyClicks would abort the process on non-ASCII text."""
    if preedit:
        QCoreApplication.sendEvent(widget, QInputMethodEvent(preedit, []))
    event = QInputMethodEvent()
    event.setCommitString(text)
    QCoreApplication.sendEvent(widget, event)


def in_worker(fn):
    """fn() on a thread of its own, as the screens run such calls (the lock screen's password
    check); its result, or its exception raised here."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def wait_for_tasks(qtbot, timeout: int = 10_000) -> None:
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=timeout)


# ----------------------------------------------------------------- the GUI thread never waits

_ROOT = Path(__file__).resolve().parents[2]
_SCREENS = _ROOT / "widgets"
#: tooling that lives under widgets/ but is not a screen: it signs demo users in for tests and
#: screenshots, on purpose on the calling thread
_NOT_SCREENS = ("shots.py", "screenshots.py")


def _screen_frames(stack) -> list[str]:
    frames = []
    for frame in stack:
        path = Path(frame.filename)
        if path.is_relative_to(_SCREENS) and path.name not in _NOT_SCREENS:
            frames.append(f"{path.relative_to(_ROOT)}:{frame.lineno} in {frame.name}")
    return frames


@pytest.fixture(autouse=True)
def no_database_on_the_gui_thread():
    """Fails a test in which a screen ran a database statement on the GUI thread (DESIGN.md
    "Screens": reads on the pool, writes on the serial writer). Statements the test itself runs
    to check the database are not a screen's, and are allowed."""
    import sqlalchemy as sa
    from sqlalchemy import event

    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if threading.current_thread() is threading.main_thread():
            frames = _screen_frames(traceback.extract_stack())
            if frames:
                seen.append(f"{statement.split()[0]} … from {frames[-1]}")

    event.listen(sa.engine.Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(sa.engine.Engine, "before_cursor_execute", before)
    assert not seen, "database statements on the GUI thread:\n  " + "\n  ".join(dict.fromkeys(seen))
