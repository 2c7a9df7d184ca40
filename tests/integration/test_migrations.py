"""Alembic migrations on a real database: upgrade from nothing, the schema matches the models."""
from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from client.db.engine import make_engine
from client.db.migrate import current_revision, upgrade
from client.db import schema


def test_upgrade_to_head_creates_a_schema_matching_the_models(db_url):
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) is not None
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), schema.metadata())
        # only the dialect-specific search structures that live in migration 0002 may differ
        real = [d for d in diff if not _migration_only(d)]
        assert real == [], real
    finally:
        engine.dispose()


def test_upgrade_twice_is_harmless(db_url):
    upgrade(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        assert "market_entity" in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


# dialect-specific structures of the name search (0002), which the portable models leave out
MIGRATION_ONLY = ("reg_anchor", "reg_facet", "entity_name_band", "ix_entity_name_band", "entity_fts", "ix_entity_uscc_row", "ix_entity_name_grams", "ix_entity_dist_")


def _migration_only(diff) -> bool:
    kind, obj = diff[0], diff[1]
    name = getattr(obj, "name", "") or ""
    return kind in ("remove_table", "remove_index") and name.startswith(MIGRATION_ONLY)


def test_head_revision_from_file_names_is_alembics_head():
    """local_store reads the head from the file names (no Alembic import on every sign-in)."""
    from alembic.script import ScriptDirectory

    from client.db.migrate import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()
