"""official_document.original_trail: a hand-off carries the original's steps decided so far

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 18:30:00
"""
from alembic import op
import sqlalchemy as sa
import client.kernel.types


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('official_document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_trail', client.kernel.types.JsonText(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('official_document', schema=None) as batch_op:
        batch_op.drop_column('original_trail')
