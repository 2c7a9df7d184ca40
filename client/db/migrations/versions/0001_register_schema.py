"""register schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 21:21:15.741184
"""
import sqlalchemy as sa
from alembic import op

import client.kernel.types

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('applied_op',
    sa.Column('op_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('op_name', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('user_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('applied_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('result', client.kernel.types.JsonText(), nullable=True),
    sa.PrimaryKeyConstraint('op_id', name=op.f('pk_applied_op'))
    )
    op.create_table('audit_log',
    sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('logged_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('user_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('op_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('action', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('subject_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('details', client.kernel.types.JsonText(), nullable=True),
    sa.Column('prev_hash', client.kernel.types.Str(length=64), nullable=False),
    sa.Column('entry_hash', client.kernel.types.Str(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_audit_log'))
    )
    op.create_table('counter',
    sa.Column('name', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counter'))
    )
    op.create_table('district',
    sa.Column('code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('name', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('short_name', client.kernel.types.Str(length=10), nullable=False),
    sa.Column('authority', client.kernel.types.Str(length=60), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_district'))
    )
    op.create_table('office',
    sa.Column('code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('name', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('short_name', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_office_district_code')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_office'))
    )
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_district_code'), ['district_code'], unique=False)

    op.create_table('app_user',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('username', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('full_name', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('password_hash', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('roles', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('disabled', sa.Boolean(create_constraint=True, name='disabled'), nullable=False),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_app_user_district_code')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_app_user_office_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('market_entity',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('row_no', sa.BigInteger(), nullable=False),
    sa.Column('uscc', client.kernel.types.Str(length=18), nullable=True),
    sa.Column('name', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('name_key', client.kernel.types.Str(length=400), nullable=False),
    sa.Column('name_initials', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('kind_code', client.kernel.types.Str(length=10), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('abnormal', sa.Boolean(create_constraint=True, name='abnormal'), nullable=False),
    sa.Column('legal_rep', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('legal_rep_id_no', client.kernel.types.Str(length=18), nullable=True),
    sa.Column('address', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('capital_wan', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('business_scope', client.kernel.types.Str(length=1000), nullable=False),
    sa.Column('industry_code', client.kernel.types.Str(length=4), nullable=True),
    sa.Column('composition_form', client.kernel.types.Str(length=10), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('phone', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('state_reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('state_changed_on', sa.Date(), nullable=True),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_market_entity_district_code')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_market_entity_office_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_market_entity')),
    sa.UniqueConstraint('row_no', name=op.f('uq_market_entity_row_no')),
    sa.UniqueConstraint('uscc', name=op.f('uq_market_entity_uscc'))
    )
    with op.batch_alter_table('market_entity', schema=None) as batch_op:
        batch_op.create_index('ix_entity_district', ['district_code', 'row_no'], unique=False)
        batch_op.create_index('ix_entity_established', ['established_on', 'row_no'], unique=False)
        batch_op.create_index('ix_entity_initials', ['name_initials'], unique=False)
        batch_op.create_index('ix_entity_legal_rep', ['legal_rep'], unique=False)
        batch_op.create_index('ix_entity_name', ['name'], unique=False)
        batch_op.create_index('ix_entity_name_key', ['name_key', 'row_no'], unique=False)
        batch_op.create_index('ix_entity_office', ['office_code', 'row_no'], unique=False)

    op.create_table('reg_application',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('app_no', client.kernel.types.Str(length=24), nullable=False),
    sa.Column('kind', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('title', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('payload', client.kernel.types.JsonText(), nullable=False),
    sa.Column('submitted_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('submitted_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('decided_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('decided_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('decision_note', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['app_user.id'], name=op.f('fk_reg_application_decided_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_reg_application_dist_c10b02')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_reg_application_entity_id')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_reg_application_office_code')),
    sa.ForeignKeyConstraint(['submitted_by'], ['app_user.id'], name=op.f('fk_reg_application_subm_12736c')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reg_application')),
    sa.UniqueConstraint('app_no', name=op.f('uq_reg_application_app_no'))
    )
    with op.batch_alter_table('reg_application', schema=None) as batch_op:
        batch_op.create_index('ix_app_queue', ['state', 'office_code', 'submitted_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reg_application_entity_id'), ['entity_id'], unique=False)

    op.create_table('entity_event',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('occurred_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('kind', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('application_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('actor_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('summary', client.kernel.types.Str(length=500), nullable=False),
    sa.Column('details', client.kernel.types.JsonText(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['app_user.id'], name=op.f('fk_entity_event_actor_id')),
    sa.ForeignKeyConstraint(['application_id'], ['reg_application.id'], name=op.f('fk_entity_event_application_id')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_entity_event_entity_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_event'))
    )
    with op.batch_alter_table('entity_event', schema=None) as batch_op:
        batch_op.create_index('ix_event_entity', ['entity_id', 'occurred_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('entity_event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_entity')

    op.drop_table('entity_event')
    with op.batch_alter_table('reg_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reg_application_entity_id'))
        batch_op.drop_index('ix_app_queue')

    op.drop_table('reg_application')
    with op.batch_alter_table('market_entity', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_office')
        batch_op.drop_index('ix_entity_name_key')
        batch_op.drop_index('ix_entity_name')
        batch_op.drop_index('ix_entity_legal_rep')
        batch_op.drop_index('ix_entity_initials')
        batch_op.drop_index('ix_entity_established')
        batch_op.drop_index('ix_entity_district')

    op.drop_table('market_entity')
    op.drop_table('app_user')
    with op.batch_alter_table('office', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_district_code'))

    op.drop_table('office')
    op.drop_table('district')
    op.drop_table('counter')
    op.drop_table('audit_log')
    op.drop_table('applied_op')

