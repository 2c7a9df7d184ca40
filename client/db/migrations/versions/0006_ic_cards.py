"""ic cards: the cards, their history, the city-wide hot-list and the issuers' public keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 00:56:37.115922
"""
import sqlalchemy as sa
from alembic import op

import client.kernel.types

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('card_hotlist',
    sa.Column('serial', client.kernel.types.Str(length=32), nullable=False),
    sa.Column('card_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('since', client.kernel.types.UtcDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('serial', name=op.f('pk_card_hotlist'))
    )
    op.create_table('card_issuer_key',
    sa.Column('key_id', client.kernel.types.Str(length=32), nullable=False),
    sa.Column('algorithm', sa.Integer(), nullable=False),
    sa.Column('public_key', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('device_id', client.kernel.types.Str(length=36), nullable=True),
    sa.Column('issuing_office', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('created_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('revoked_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('revoke_reason', client.kernel.types.Str(length=500), nullable=True),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_card_issuer_key_created_by')),
    sa.ForeignKeyConstraint(['issuing_office'], ['office.code'], name=op.f('fk_card_issuer_key_issu_93363e')),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_card_issuer_key'))
    )
    op.create_table('ic_card',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('card_no', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('serial', client.kernel.types.Str(length=32), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('key_id', client.kernel.types.Str(length=32), nullable=False),
    sa.Column('content_hash', client.kernel.types.Str(length=64), nullable=False),
    sa.Column('made_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('made_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('issued_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('issued_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('recipient_name', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('recipient_id_masked', client.kernel.types.Str(length=18), nullable=True),
    sa.Column('recipient_id_hash', client.kernel.types.Str(length=64), nullable=True),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.Column('replaced_by_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('state_reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('state_changed_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_ic_card_district_code')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_ic_card_entity_id')),
    sa.ForeignKeyConstraint(['issued_by'], ['app_user.id'], name=op.f('fk_ic_card_issued_by')),
    sa.ForeignKeyConstraint(['key_id'], ['card_issuer_key.key_id'], name=op.f('fk_ic_card_key_id')),
    sa.ForeignKeyConstraint(['made_by'], ['app_user.id'], name=op.f('fk_ic_card_made_by')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_ic_card_office_code')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['ic_card.id'], name=op.f('fk_ic_card_replaced_by_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ic_card')),
    sa.UniqueConstraint('card_no', name=op.f('uq_ic_card_card_no')),
    sa.UniqueConstraint('serial', name=op.f('uq_ic_card_serial'))
    )
    with op.batch_alter_table('ic_card', schema=None) as batch_op:
        batch_op.create_index('ix_ic_card_entity', ['entity_id', 'generation'], unique=False)
        batch_op.create_index('ix_ic_card_made', ['made_at'], unique=False)
        batch_op.create_index('ix_ic_card_office', ['office_code', 'state'], unique=False)

    op.create_table('card_event',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('card_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('kind', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('occurred_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('actor_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('summary', client.kernel.types.Str(length=500), nullable=False),
    sa.Column('reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('fee_fen', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['app_user.id'], name=op.f('fk_card_event_actor_id')),
    sa.ForeignKeyConstraint(['card_id'], ['ic_card.id'], name=op.f('fk_card_event_card_id')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_card_event_entity_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_card_event'))
    )
    with op.batch_alter_table('card_event', schema=None) as batch_op:
        batch_op.create_index('ix_card_event_card', ['card_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_card_event_time', ['occurred_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('card_event', schema=None) as batch_op:
        batch_op.drop_index('ix_card_event_time')
        batch_op.drop_index('ix_card_event_card')

    op.drop_table('card_event')
    with op.batch_alter_table('ic_card', schema=None) as batch_op:
        batch_op.drop_index('ix_ic_card_office')
        batch_op.drop_index('ix_ic_card_made')
        batch_op.drop_index('ix_ic_card_entity')

    op.drop_table('ic_card')
    op.drop_table('card_issuer_key')
    op.drop_table('card_hotlist')
