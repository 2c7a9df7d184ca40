"""Alembic environment: online against a URL, or offline emitting a dialect's DDL."""
from alembic import context

from client.db.dialects import for_name
from client.db.engine import make_engine
from client.db.schema import metadata

config = context.config
target_metadata = metadata()


def run_offline() -> None:
    dialect = config.attributes.get("offline_dialect") or config.get_main_option("sqlalchemy.url").split(":")[0]
    context.configure(
        dialect_name=dialect,
        dialect_opts={},
        target_metadata=target_metadata,
        literal_binds=True,
        transactional_ddl=False,
    )
    # the 19c flavour of Oracle (no BOOLEAN, 30-character names), not the newest
    context.get_context().dialect = for_name(dialect)
    context.get_context().impl.dialect = context.get_context().dialect
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
