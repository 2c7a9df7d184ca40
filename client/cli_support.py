"""What every `hongdun` task shares, the kernel's and the areas' alike (client/cli.py,
client/<area>/cli.py): the database URL option, a session factory on it, and the error that is
printed as one line of Chinese. Kept apart from client/cli.py, which knows the demo and so
every area: an area's own tasks import this, never each other."""
from __future__ import annotations

import argparse


class CliError(Exception):
    pass


def database_url(args) -> str:
    from client.db.secrets import url_with_password
    from client.settings import Settings

    url = Settings.load().resolve_database_url(getattr(args, "url", None))
    return url_with_password(url).render_as_string(hide_password=False)


def session_factory(args):
    from client.db.engine import make_engine, make_session_factory

    return make_session_factory(make_engine(database_url(args)))


def add_url(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", help="central database URL (else $HONGDUN_DATABASE_URL, settings, embedded SQLite)")
