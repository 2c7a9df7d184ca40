"""Alembic, driven from code so that `hongdun db upgrade` needs no alembic.ini in the cwd."""
from __future__ import annotations

import io
from pathlib import Path

import sqlalchemy as sa

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def head_revision() -> str:
    """The newest migration's revision, from the file names (0001_…, 0002_…), without
    importing Alembic (~150 ms): a workstation checks its store on every sign-in."""
    names = sorted(p.name for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    return names[-1][:4]


def alembic_config(url: str | None = None, *, output: io.StringIO | None = None):
    from alembic.config import Config

    cfg = Config(output_buffer=output) if output is not None else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        # ConfigParser interpolation: a literal % in a password must be doubled
        cfg.set_main_option("sqlalchemy.url", str(url).replace("%", "%%"))
    return cfg


def upgrade(url: str | sa.URL, revision: str = "head") -> None:
    from alembic import command

    if isinstance(url, sa.URL):
        url = url.render_as_string(hide_password=False)
    command.upgrade(alembic_config(url), revision)


def current_revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def offline_sql(dialect: str) -> str:
    """The full DDL script for a DBA (Alembic offline mode)."""
    out = io.StringIO()
    cfg = alembic_config(f"{dialect}://", output=out)
    cfg.attributes["offline_dialect"] = dialect
    from alembic import command

    command.upgrade(cfg, "head", sql=True)
    return out.getvalue()
