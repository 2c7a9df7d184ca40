"""document_issuer: an office's 机关代字 and 发文机关标志, as the bureau sets them

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 18:12:08.772186
"""
from alembic import op
import sqlalchemy as sa
import client.kernel.types


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_issuer',
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('mark', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('authority', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('updated_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('updated_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_document_issuer_dist_7626d7')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_document_issuer_office_code')),
    sa.ForeignKeyConstraint(['updated_by'], ['app_user.id'], name=op.f('fk_document_issuer_updated_by')),
    sa.PrimaryKeyConstraint('office_code', name=op.f('pk_document_issuer')),
    sa.UniqueConstraint('mark', name='uq_document_issuer_mark')
    )


def downgrade() -> None:
    op.drop_table('document_issuer')
