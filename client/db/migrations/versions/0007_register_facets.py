"""register facets: rows of each state, kind and month of establishment per scroll band

reg_facet counts, for every band of 16 anchor buckets of a city or district scope and sort
order, the rows of each state, kind and month (client.kernel.facets). The register screen
reaches the middle of "the active entities, by name" or "established since 2020" through
them instead of reading a million rows from the top. A register whose anchors are built has
them drawn again with the facets (the facets' bands are the anchors' buckets: ~1 min at 3M).
On SQLite, entity_fts_name: the name pairs again, ordered by band of the name order.

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
    if not context.is_offline_mode():
        from client.kernel import name_index

        conn = op.get_bind()
        if name_index.anchors_built(conn):
            name_index.rebuild_anchors(conn)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TABLE entity_fts_name")
    op.drop_table("reg_facet")
