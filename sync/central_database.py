"""The central database as a workstation reaches it today: its URL, and an engine and session
factory made once, on first use, from any thread.

Making the engine imports SQLAlchemy, the models and the drivers (~0.4 s), so the shell has it
made on a worker after the login window is painted (`warm_up`). (Issue 9 replaces this with the
centre's HTTP service: then no workstation holds the database's credentials.)
"""
from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import unquote

from client.settings import default_database_url


def backend_of(url: str) -> str:
    scheme = url.split(":", 1)[0]
    return scheme.split("+", 1)[0].lower()


def sqlite_path(url: str) -> Path | None:
    """The file of an sqlite:/// URL (None for other databases and in-memory SQLite)."""
    if backend_of(url) != "sqlite":
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    rest = rest.split("?", 1)[0]
    return Path(unquote(rest)) if rest and rest != ":memory:" else None


def url_problem(url: str) -> str | None:
    """What is wrong with a database URL a user typed: "invalid", "password" (it must not be in
    the URL: the keyring keeps it), "backend" (not SQLite, PostgreSQL or Oracle), or None."""
    import sqlalchemy as sa

    try:
        parsed = sa.make_url(url)
    except Exception:  # noqa: BLE001 - SQLAlchemy raises ArgumentError and ValueError
        return "invalid"
    if parsed.password:
        return "password"
    if backend_of(url) not in ("sqlite", "postgresql", "oracle"):
        return "backend"
    return None


class CentralDatabase:
    """The URL, and an engine / session factory made once, from any thread."""

    def __init__(self, url: str):
        self.url = url
        self._lock = threading.Lock()
        self._engine = None
        self._session_factory = None

    @property
    def is_local(self) -> bool:
        return backend_of(self.url) == "sqlite"

    @property
    def is_embedded_demo(self) -> bool:
        """The default SQLite file that main.py fills with demo data (the login shows a hint)."""
        return self.url == default_database_url()

    def needs_demo_data(self) -> bool:
        path = sqlite_path(self.url)
        return self.is_embedded_demo and path is not None and not path.exists()

    @property
    def engine(self):
        self._ensure()
        return self._engine

    @property
    def session_factory(self):
        self._ensure()
        return self._session_factory

    def warm_up(self) -> None:
        """Import the database stack and the password hasher; call on a worker thread."""
        self._ensure()
        import client.kernel.auth  # noqa: F401  (argon2, the models)

    def ping(self) -> bool:  # (a worker's question: it may wait for a network timeout)
        """A cheap round trip (`SELECT 1`); False when the database cannot be reached."""
        import sqlalchemy as sa

        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1 FROM DUAL" if self.engine.dialect.name == "oracle"
                                     else "SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not reachable now"
            return False

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = self._session_factory = None

    def _ensure(self) -> None:
        with self._lock:
            if self._engine is None:
                from client.db.engine import make_engine, make_session_factory
                from client.db.secrets import url_with_password

                self._engine = make_engine(url_with_password(self.url))
                self._session_factory = make_session_factory(self._engine)
