"""A central database with the schema, reference data and the demo accounts (no entities)."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from client.db.engine import make_engine, make_session_factory
from client.db.migrate import upgrade
from client.db.seed import seed_reference
from client.kernel.roles import Principal
from client.kernel.users import add_demo_accounts
from client.kernel.bus import CommandBus


@dataclass
class Central:
    """A central database (schema, reference data, demo accounts), the bus that writes it
    directly (the centre's own tools; the tests' way to set the scene) and, on first use, a
    centre serving it over HTTP (`centre_url`)."""

    url: str
    engine: sa.Engine
    sessions: object
    bus: CommandBus
    users: dict[str, str]  # username -> user id
    _centre: object = None

    @property
    def centre_url(self) -> str:
        """A centre (uvicorn on a thread of this process, real HTTP) over this database."""
        if self._centre is None:
            from tests.centres import centre_thread

            self._centre = centre_thread(self.url)
        return self._centre.url

    def stop_centre(self) -> None:
        if self._centre is not None:
            self._centre.stop()
            self._centre = None

    def dispose(self) -> None:
        self.stop_centre()
        self.engine.dispose()

    def principal(self, username: str) -> Principal:
        from client.kernel.uow import UnitOfWork

        with UnitOfWork(self.sessions) as uow:
            return uow.principal(self.users[username])


def make_central(url: str, *, pool_size: int = 12) -> Central:
    """A central database at `url`, made and seeded now (for tests that take the URL themselves)."""
    upgrade(url)
    engine = make_engine(url, **({} if url.startswith("sqlite") else {"pool_size": pool_size}))
    sessions = make_session_factory(engine)
    with sessions() as session:
        seed_reference(session)
        users = {u.username: u.id for u in add_demo_accounts(session)}
        session.commit()
    return Central(url, engine, sessions, CommandBus(sessions), users)


@pytest.fixture
def central(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        seed_reference(session)
        users = {u.username: u.id for u in add_demo_accounts(session)}
        session.commit()
    made = Central(db_url, engine, sessions, CommandBus(sessions), users)
    yield made
    made.dispose()


@pytest.fixture
def pg_central(pg_url):
    """A central PostgreSQL (for tests of several workstations, which need a real server)."""
    made = make_central(pg_url)
    yield made
    made.dispose()
