"""document_issuer.letter_mark: an office's 函 numbered as a series of their own

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 19:15:00
"""
from alembic import op
import sqlalchemy as sa
import client.kernel.types


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('document_issuer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter_mark', client.kernel.types.Str(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('document_issuer', schema=None) as batch_op:
        batch_op.drop_column('letter_mark')
