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



def test_documents_registered_before_0015_get_the_kind_their_title_ends_with(db_url):
    """Migration 0015 (文种): a document already stored gets its title's 文种, else 其他."""
    import datetime as dt

    from client.db.seed import seed_reference
    from client.db.engine import make_session_factory
    from client.kernel.users import add_demo_accounts

    upgrade(db_url, "0014")
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as session:
            seed_reference(session)
            user = add_demo_accounts(session)[0]
            session.commit()
            office, district, user_id = user.office_code, user.district_code, user.id
        document = sa.Table("official_document", sa.MetaData(), autoload_with=engine)
        titles = {"a": "关于开展专项检查的通知", "b": "关于商请协助核查的复函", "c": "2026年度工作要点"}
        with engine.begin() as conn:
            for key, title in titles.items():
                conn.execute(document.insert().values(
                    id=f"00000000-0000-0000-0000-00000000000{ord(key) - 96}", direction="in", office_code=office,
                    district_code=district, state="done", title=title, sender="广州市市场监督管理局",
                    classification="none", urgency="normal", main_to="[]", copy_to="[]", attachment_names="[]",
                    sealed=False, related="[]", created_by=user_id,
                    created_at=dt.datetime(2026, 5, 1, tzinfo=dt.timezone.utc), version=1))
        upgrade(db_url)
        with engine.connect() as conn:
            kinds = dict(conn.execute(sa.text("SELECT title, kind FROM official_document")).all())
        assert kinds == {titles["a"]: "notice", titles["b"]: "letter", titles["c"]: "other"}
    finally:
        engine.dispose()
