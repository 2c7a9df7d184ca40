"""trade-name pinyin for the name check

The name check (名称自主申报) warns of names confusingly similar to registered ones in the
same district; homophone trade names (华盛 / 华胜 / 花生) share no characters, so only their
pinyin, indexed with the district, finds them without scanning the district's names.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import context, op

import client.kernel.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("market_entity") as batch:
        batch.add_column(sa.Column("trade_key", client.kernel.types.Str(length=100), nullable=True))
    op.create_index("ix_entity_trade_key", "market_entity", ["district_code", "trade_key"])
    if not context.is_offline_mode():
        _fill()


def downgrade() -> None:
    op.drop_index("ix_entity_trade_key", table_name="market_entity")
    with op.batch_alter_table("market_entity") as batch:
        batch.drop_column("trade_key")


def _fill() -> None:
    """Entities registered before this revision (a database upgraded in place)."""
    from client.registration.names import trade_name_pinyin

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, name FROM market_entity")).all()
    for start in range(0, len(rows), 10_000):
        bind.execute(
            sa.text("UPDATE market_entity SET trade_key = :k WHERE id = :i"),
            [{"k": trade_name_pinyin(n)[:100] or None, "i": i} for i, n in rows[start:start + 10_000]],
        )
