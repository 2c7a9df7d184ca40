"""certification: contract applications, their parties and materials; mediation cases and sessions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 08:58:50.435219
"""
from alembic import op
import sqlalchemy as sa
import client.kernel.types


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contract_material',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('application_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('kind', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('party_seq', sa.Integer(), nullable=True),
    sa.Column('filename', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('mime', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', client.kernel.types.Str(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('added_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_contract_material_di_d8dc1d')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_contract_material_of_677f72')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_material'))
    )
    with op.batch_alter_table('contract_material', schema=None) as batch_op:
        batch_op.create_index('ix_contract_material_app', ['application_id'], unique=False)

    op.create_table('contract_application',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('application_no', client.kernel.types.Str(length=30), nullable=True),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('contract_title', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('subject', client.kernel.types.Str(length=500), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('signed_place', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('performance_place', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('findings', client.kernel.types.JsonText(), nullable=False),
    sa.Column('applied_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('applied_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('decided_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('certificate_no', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('certified_on', sa.Date(), nullable=True),
    sa.Column('refusal_reasons', client.kernel.types.Str(length=1000), nullable=True),
    sa.Column('certifiers', client.kernel.types.Str(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['applied_by'], ['app_user.id'], name=op.f('fk_contract_application_b58b01')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_contract_application_e7c672')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_contract_application_1da2ba')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_application')),
    sa.UniqueConstraint('application_no', name=op.f('uq_contract_application_19c2a5')),
    sa.UniqueConstraint('certificate_no', name=op.f('uq_contract_application_005491'))
    )
    with op.batch_alter_table('contract_application', schema=None) as batch_op:
        batch_op.create_index('ix_contract_app_amount', ['amount'], unique=False)
        batch_op.create_index('ix_contract_app_certified', ['district_code', 'certified_on'], unique=False)
        batch_op.create_index('ix_contract_app_office', ['office_code', 'applied_at'], unique=False)

    op.create_table('mediation_case',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('case_no', client.kernel.types.Str(length=30), nullable=True),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('applicant', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('respondent', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('contract_title', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('dispute', client.kernel.types.Str(length=2000), nullable=False),
    sa.Column('claim_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('applied_on', sa.Date(), nullable=False),
    sa.Column('accept_by', sa.Date(), nullable=False),
    sa.Column('applied_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('refusal', client.kernel.types.Str(length=12), nullable=True),
    sa.Column('refusal_note', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('mediators', client.kernel.types.Str(length=80), nullable=True),
    sa.Column('agreement', client.kernel.types.Str(length=4000), nullable=True),
    sa.Column('referral', client.kernel.types.Str(length=12), nullable=True),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['applied_by'], ['app_user.id'], name=op.f('fk_mediation_case_applied_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_mediation_case_distr_243d2c')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_mediation_case_office_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_case')),
    sa.UniqueConstraint('case_no', name=op.f('uq_mediation_case_case_no'))
    )
    with op.batch_alter_table('mediation_case', schema=None) as batch_op:
        batch_op.create_index('ix_mediation_office', ['office_code', 'applied_on'], unique=False)

    op.create_table('contract_party',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('application_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', client.kernel.types.Str(length=10), nullable=False),
    sa.Column('name', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('code', client.kernel.types.Str(length=18), nullable=False),
    sa.Column('person_id_hash', client.kernel.types.Str(length=64), nullable=True),
    sa.Column('entity_state', client.kernel.types.Str(length=12), nullable=True),
    sa.Column('representative', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('address', client.kernel.types.Str(length=200), nullable=True),
    sa.Column('agent', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['contract_application.id'], name=op.f('fk_contract_party_appli_512749')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_contract_party_distr_948d7d')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_contract_party_office_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_party'))
    )
    with op.batch_alter_table('contract_party', schema=None) as batch_op:
        batch_op.create_index('ix_contract_party_app', ['application_id'], unique=False)
        batch_op.create_index('ix_contract_party_code', ['code'], unique=False)
        batch_op.create_index('ix_contract_party_name', ['name'], unique=False)

    op.create_table('mediation_session',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('case_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('place', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('record', client.kernel.types.Str(length=4000), nullable=False),
    sa.Column('recorded_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['mediation_case.id'], name=op.f('fk_mediation_session_case_id')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_mediation_session_di_f523e2')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_mediation_session_of_5d4bba')),
    sa.ForeignKeyConstraint(['recorded_by'], ['app_user.id'], name=op.f('fk_mediation_session_re_c4a70a')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mediation_session'))
    )
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.create_index('ix_mediation_session_case', ['case_id', 'held_on'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('mediation_session', schema=None) as batch_op:
        batch_op.drop_index('ix_mediation_session_case')

    op.drop_table('mediation_session')
    with op.batch_alter_table('contract_party', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_party_name')
        batch_op.drop_index('ix_contract_party_code')
        batch_op.drop_index('ix_contract_party_app')

    op.drop_table('contract_party')
    with op.batch_alter_table('mediation_case', schema=None) as batch_op:
        batch_op.drop_index('ix_mediation_office')

    op.drop_table('mediation_case')
    with op.batch_alter_table('contract_application', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_app_office')
        batch_op.drop_index('ix_contract_app_certified')
        batch_op.drop_index('ix_contract_app_amount')

    op.drop_table('contract_application')
    with op.batch_alter_table('contract_material', schema=None) as batch_op:
        batch_op.drop_index('ix_contract_material_app')

    op.drop_table('contract_material')
    # ### end Alembic commands ###
