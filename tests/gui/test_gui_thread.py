"""The check every GUI test runs under: a screen that runs a database statement on the GUI
thread is caught (tests/gui/conftest.py, no_database_on_the_gui_thread), one on a worker is not,
and the test's own checks of the database are not a screen's."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from tests.gui.conftest import _ROOT


def _screen_function(engine):
    """A function whose code says it lives in a screen module under widgets/."""
    namespace: dict = {}
    source = "def load(engine):\n    with engine.connect() as c:\n        return c.execute(sa.text('SELECT 1')).scalar()\n"
    exec(compile(source, str(_ROOT / "widgets" / "registration" / "pretend_screen.py"), "exec"),
         {"sa": sa}, namespace)
    return lambda: namespace["load"](engine)


def test_a_screens_statement_on_the_gui_thread_is_caught(no_database_on_the_gui_thread, tmp_path):
    seen = no_database_on_the_gui_thread
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as c:  # the test's own statement: not a screen's
        c.execute(sa.text("SELECT 1"))
    assert seen == []

    load = _screen_function(engine)
    worker = threading.Thread(target=load)
    worker.start()
    worker.join()
    assert seen == []  # on a worker: what screens should do

    assert load() == 1  # on the GUI thread: caught, with where it came from
    assert len(seen) == 1 and "SELECT" in seen[0] and "widgets/registration/pretend_screen.py:3" in seen[0]
    seen.clear()  # (the fixture would fail this test otherwise)
    engine.dispose()
