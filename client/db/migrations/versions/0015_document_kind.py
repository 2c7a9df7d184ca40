"""official_document.kind: 文种 (通知, 函, 请示…), for the statistics by type

Documents registered before it get the 文种 their title ends with (rules.kind_of_title), else 其他.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 18:40:00
"""
from alembic import op
import sqlalchemy as sa
import client.kernel.types


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

#: (code, the title's ending) as rules.DocKind has them, fixed here as this revision knew them
KINDS = (("notice", "通知"), ("letter", "函"), ("request", "请示"), ("report", "报告"), ("reply", "批复"),
         ("opinion", "意见"), ("bulletin", "通报"), ("decision", "决定"), ("announcement", "公告"),
         ("circular", "通告"), ("minutes", "纪要"))


def upgrade() -> None:
    with op.batch_alter_table('official_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', client.kernel.types.Str(length=12), server_default='other',
                                      nullable=False))
    document = sa.table('official_document', sa.column('kind', sa.String), sa.column('title', sa.String))
    for code, ending in KINDS:
        op.execute(document.update().where(document.c.kind == 'other', document.c.title.like(f'%{ending}'))
                   .values(kind=code))


def downgrade() -> None:
    with op.batch_alter_table('official_document', schema=None) as batch_op:
        batch_op.drop_column('kind')
