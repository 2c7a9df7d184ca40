"""name search and scroll anchors

The register's name search needs an index made for Chinese on each dialect, and scrolling
3 million rows needs a way to reach any position without OFFSET (PLATFORM.md, "Search and
scrolling at 3 million rows"):

- SQLite: an FTS5 table of the name's overlapping character pairs (rowid = row_no). FTS5's
  trigram tokenizer answers nothing for 2-character Chinese queries; pairs stored as space-
  separated tokens and queried as a phrase answer any fragment of 2+ characters exactly, and
  a 1-character prefix index answers single characters. Contentless: the names are in
  market_entity already; an update must delete the old tokens (client.kernel.name_index).
- PostgreSQL: a GIN index over an IMMUTABLE function returning the name's characters and
  character pairs. pg_trgm is no use: no trigram for 2-character queries, and under a C
  LC_CTYPE it skips CJK characters altogether.
- Oracle (the DBA's script): Oracle Text CONTEXT index with the Chinese lexer, synced on commit.
- reg_anchor: every 1000th sort key per scope and sort order, with the number of rows in
  each bucket, kept right by the write path; positions are prefix sums of the counts.
- (uscc, row_no): the credit-code sort with its tie-breaker, so a page is an index range;
  and each sort within a district, for the district bureaus' lists.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import context, op

import client.kernel.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# CHINESE_VGRAM_LEXER indexes overlapping character pairs, like the other two dialects.
_ORACLE_LEXER = "hd_cn_lexer"


def upgrade() -> None:
    dialect = op.get_context().dialect.name

    op.create_table(
        "reg_anchor",
        # 'city', 'd:<district code>' or 'o:<office code>'
        sa.Column("scope", client.kernel.types.Str(length=24), nullable=False),
        # row_no | name | est | uscc
        sa.Column("sort_name", client.kernel.types.Str(length=12), nullable=False),
        sa.Column("bucket_no", sa.Integer(), nullable=False),
        # the first key of the bucket (NULL key_row: the open start of bucket 0)
        sa.Column("key_text", client.kernel.types.Str(length=400), nullable=True),
        sa.Column("key_date", sa.Date(), nullable=True),
        sa.Column("key_row", sa.BigInteger(), nullable=True),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "sort_name", "bucket_no", name=op.f("pk_reg_anchor")),
    )

    if dialect == "postgresql":
        # NULLS FIRST ascending, as SQLite orders NULLs: a sort by code lists the entities still
        # waiting for their code first on every dialect.
        op.execute("CREATE INDEX ix_entity_uscc_row ON market_entity (uscc NULLS FIRST, row_no)")
        op.execute("CREATE INDEX ix_entity_dist_uscc ON market_entity "
                   "(district_code, uscc NULLS FIRST, row_no)")
    else:
        op.create_index("ix_entity_uscc_row", "market_entity", ["uscc", "row_no"])
        op.create_index("ix_entity_dist_uscc", "market_entity", ["district_code", "uscc", "row_no"])
    # A district bureau's list in each order: without these a page of it reads ~11 rows of
    # the city for every row of the district (seconds when they are not cached).
    op.create_index("ix_entity_dist_name", "market_entity", ["district_code", "name_key", "row_no"])
    op.create_index("ix_entity_dist_est", "market_entity", ["district_code", "established_on", "row_no"])

    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE entity_fts USING fts5(grams, content='', columnsize=0, "
            "prefix='1', tokenize='unicode61 remove_diacritics 0')"
        )
        if not context.is_offline_mode():
            _fill_sqlite_fts()
    elif dialect == "postgresql":
        # Characters and overlapping pairs of the name. IMMUTABLE and free of locale-dependent
        # functions (substr, char_length and string_to_array count characters in any LC_CTYPE),
        # so the index is valid under every collation and serves
        # `entity_name_grams(name) @> ARRAY[...]`. PL/pgSQL because it is 2.5 times faster than the
        # same in SQL (generate_series), which is most of the index build on 3 million names.
        op.execute(
            """
            CREATE FUNCTION entity_name_grams(name text) RETURNS text[]
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            DECLARE
              grams text[] := string_to_array(name, NULL);
            BEGIN
              FOR i IN 1 .. char_length(name) - 1 LOOP
                grams := grams || substr(name, i, 2);
              END LOOP;
              RETURN grams;
            END
            $$
            """
        )
        op.execute(
            "CREATE INDEX ix_entity_name_grams ON market_entity "
            "USING gin (entity_name_grams(name))"
        )
    elif dialect == "oracle":
        op.execute(
            f"BEGIN ctx_ddl.create_preference('{_ORACLE_LEXER}', 'CHINESE_VGRAM_LEXER'); END;"
        )
        op.execute(
            "CREATE INDEX ix_entity_name_ctx ON market_entity (name) "
            "INDEXTYPE IS CTXSYS.CONTEXT "
            f"PARAMETERS ('LEXER {_ORACLE_LEXER} SYNC (ON COMMIT)')"
        )


def downgrade() -> None:
    dialect = op.get_context().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE entity_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX ix_entity_name_grams")
        op.execute("DROP FUNCTION entity_name_grams(text)")
    elif dialect == "oracle":
        op.execute("DROP INDEX ix_entity_name_ctx")
        op.execute(f"BEGIN ctx_ddl.drop_preference('{_ORACLE_LEXER}'); END;")
    for name in ("ix_entity_dist_est", "ix_entity_dist_name", "ix_entity_dist_uscc", "ix_entity_uscc_row"):
        op.drop_index(name, table_name="market_entity")
    op.drop_table("reg_anchor")


def _fill_sqlite_fts() -> None:
    """Index the names already in the register (a database upgraded in place)."""
    from client.kernel.name_index import name_tokens

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT row_no, name FROM market_entity")).all()
    if rows:
        bind.execute(
            sa.text("INSERT INTO entity_fts (rowid, grams) VALUES (:r, :g)"),
            [{"r": r, "g": name_tokens(n)} for r, n in rows],
        )
