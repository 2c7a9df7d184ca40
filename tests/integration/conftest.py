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
from sync.bus import CommandBus


@dataclass
class Central:
    url: str
    engine: sa.Engine
    sessions: object
    bus: CommandBus
    users: dict[str, str]  # username -> user id

    def principal(self, username: str) -> Principal:
        from client.kernel.uow import UnitOfWork

        with UnitOfWork(self.sessions) as uow:
            return uow.principal(self.users[username])


@pytest.fixture
def central(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        seed_reference(session)
        users = {u.username: u.id for u in add_demo_accounts(session)}
        session.commit()
    yield Central(db_url, engine, sessions, CommandBus(sessions), users)
    engine.dispose()
