"""register facets: rows of each state, kind and month of establishment per scroll band

reg_facet counts, for every band of 16 anchor buckets of a city or district scope and sort
order, the rows of each state, kind and month (client.kernel.facets). The register screen
reaches the middle of "the active entities, by name" or "established since 2020" through
them instead of reading a million rows from the top. A register whose anchors are built has
them drawn again with the facets (the facets' bands are the anchors' buckets: ~1 min at 3M).
On SQLite, entity_fts_name: the name pairs again, ordered by band of the name order; on
PostgreSQL entity_name_band, the names with their band under a band-prefixed GIN index.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import context, op

import client.kernel.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reg_facet",
        # as reg_anchor: 'city' or 'd:<district code>'; row_no | name | est | uscc
        sa.Column("scope", client.kernel.types.Str(length=24), nullable=False),
        sa.Column("sort_name", client.kernel.types.Str(length=12), nullable=False),
        # bucket_no // 16 of reg_anchor
        sa.Column("band_no", sa.Integer(), nullable=False),
        # state | kind | month
        sa.Column("dim", client.kernel.types.Str(length=8), nullable=False),
        # a state code, a kind code, or 'YYYY-MM'
        sa.Column("value", client.kernel.types.Str(length=12), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "sort_name", "band_no", "dim", "value", name=op.f("pk_reg_facet")),
    )
    if op.get_context().dialect.name == "sqlite":
        # the name pairs again, under rowid band << 32 | row_no (client.kernel.name_index)
        op.execute(
            "CREATE VIRTUAL TABLE entity_fts_name USING fts5(grams, content='', columnsize=0, "
            "prefix='1', tokenize='unicode61 remove_diacritics 0')"
        )
    elif op.get_context().dialect.name == "postgresql":
        # the names again with their band of the name order (client.kernel.name_index), under
        # a GIN index of their characters and pairs each prefixed with the band: '17:天河'
        op.execute(
            """
            CREATE FUNCTION entity_band_grams(band integer, name text) RETURNS text[]
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            DECLARE
              prefix text := band::text || ':';
              grams text[] := '{}';
            BEGIN
              FOR i IN 1 .. char_length(name) LOOP
                grams := grams || (prefix || substr(name, i, 1));
              END LOOP;
              FOR i IN 1 .. char_length(name) - 1 LOOP
                grams := grams || (prefix || substr(name, i, 2));
              END LOOP;
              RETURN grams;
            END
            $$
            """
        )
        op.execute("CREATE TABLE entity_name_band (row_no bigint PRIMARY KEY, band integer NOT NULL, "
                   "name text NOT NULL, name_key text NOT NULL)")
        op.execute("CREATE INDEX ix_entity_name_band ON entity_name_band USING gin (entity_band_grams(band, name))")
    if not context.is_offline_mode():
        from client.kernel import name_index

        conn = op.get_bind()
        if name_index.anchors_built(conn):
            name_index.rebuild_anchors(conn)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TABLE entity_fts_name")
    elif op.get_context().dialect.name == "postgresql":
        op.execute("DROP TABLE entity_name_band")
        op.execute("DROP FUNCTION entity_band_grams(integer, text)")
    op.drop_table("reg_facet")
