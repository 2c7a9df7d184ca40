"""inspections: random-inspection plans, tasks, field records, photos, the abnormal list, case leads

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 22:01:20.069162
"""
import sqlalchemy as sa
from alembic import op

import client.kernel.types

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('insp_plan',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('plan_no', client.kernel.types.Str(length=30), nullable=True),
    sa.Column('title', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=True),
    sa.Column('population_filter', client.kernel.types.JsonText(), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=False),
    sa.Column('inspector_pool', client.kernel.types.JsonText(), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('draw_seed', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('draw_method', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('population_size', sa.Integer(), nullable=True),
    sa.Column('drawn_ids', client.kernel.types.JsonText(), nullable=True),
    sa.Column('created_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('drawn_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('drawn_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('published_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('published_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_insp_plan_created_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_insp_plan_district_code')),
    sa.ForeignKeyConstraint(['drawn_by'], ['app_user.id'], name=op.f('fk_insp_plan_drawn_by')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_insp_plan_office_code')),
    sa.ForeignKeyConstraint(['published_by'], ['app_user.id'], name=op.f('fk_insp_plan_published_by')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insp_plan')),
    sa.UniqueConstraint('plan_no', name=op.f('uq_insp_plan_plan_no'))
    )
    with op.batch_alter_table('insp_plan', schema=None) as batch_op:
        batch_op.create_index('ix_insp_plan_office', ['office_code', 'created_at'], unique=False)

    op.create_table('insp_task',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('plan_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('draw_pos', sa.Integer(), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('inspector1_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('inspector2_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_insp_task_district_code')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_insp_task_entity_id')),
    sa.ForeignKeyConstraint(['inspector1_id'], ['app_user.id'], name=op.f('fk_insp_task_inspector1_id')),
    sa.ForeignKeyConstraint(['inspector2_id'], ['app_user.id'], name=op.f('fk_insp_task_inspector2_id')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_insp_task_office_code')),
    sa.ForeignKeyConstraint(['plan_id'], ['insp_plan.id'], name=op.f('fk_insp_task_plan_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insp_task')),
    sa.UniqueConstraint('plan_id', 'draw_pos', name=op.f('uq_insp_task_plan_id_draw_pos')),
    sa.UniqueConstraint('plan_id', 'entity_id', name=op.f('uq_insp_task_plan_id_entity_id'))
    )
    with op.batch_alter_table('insp_task', schema=None) as batch_op:
        batch_op.create_index('ix_insp_task_inspector1', ['inspector1_id', 'state'], unique=False)
        batch_op.create_index('ix_insp_task_inspector2', ['inspector2_id', 'state'], unique=False)

    op.create_table('insp_record',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('record_no', client.kernel.types.Str(length=30), nullable=True),
    sa.Column('task_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('place', client.kernel.types.Str(length=200), nullable=True),
    sa.Column('inspected_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('inspector_ids', client.kernel.types.JsonText(), nullable=False),
    sa.Column('checklist', client.kernel.types.JsonText(), nullable=False),
    sa.Column('findings', client.kernel.types.Str(length=2000), nullable=True),
    sa.Column('outcome', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('party_name', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('party_ack', client.kernel.types.Str(length=12), nullable=True),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('created_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('updated_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('completed_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('completed_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['completed_by'], ['app_user.id'], name=op.f('fk_insp_record_completed_by')),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_insp_record_created_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_insp_record_district_code')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_insp_record_entity_id')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_insp_record_office_code')),
    sa.ForeignKeyConstraint(['task_id'], ['insp_task.id'], name=op.f('fk_insp_record_task_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insp_record')),
    sa.UniqueConstraint('record_no', name=op.f('uq_insp_record_record_no')),
    sa.UniqueConstraint('task_id', name=op.f('uq_insp_record_task_id'))
    )
    with op.batch_alter_table('insp_record', schema=None) as batch_op:
        batch_op.create_index('ix_insp_record_entity', ['entity_id', 'inspected_at'], unique=False)

    op.create_table('abnormal_listing',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('ground', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('source_record_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('proposed_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('proposed_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('list_reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('listed_on', sa.Date(), nullable=True),
    sa.Column('listed_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('decline_reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removed_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('removal_reason', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_abnormal_listing_dis_ed4f51')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_abnormal_listing_entity_id')),
    sa.ForeignKeyConstraint(['listed_by'], ['app_user.id'], name=op.f('fk_abnormal_listing_listed_by')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_abnormal_listing_off_af41ac')),
    sa.ForeignKeyConstraint(['proposed_by'], ['app_user.id'], name=op.f('fk_abnormal_listing_pro_91284b')),
    sa.ForeignKeyConstraint(['removed_by'], ['app_user.id'], name=op.f('fk_abnormal_listing_removed_by')),
    sa.ForeignKeyConstraint(['source_record_id'], ['insp_record.id'], name=op.f('fk_abnormal_listing_sou_b18ceb')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abnormal_listing'))
    )
    with op.batch_alter_table('abnormal_listing', schema=None) as batch_op:
        batch_op.create_index('ix_abnormal_entity', ['entity_id', 'state'], unique=False)
        batch_op.create_index('ix_abnormal_office', ['office_code', 'state'], unique=False)

    op.create_table('case_lead',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('entity_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('source_record_id', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('description', client.kernel.types.Str(length=1000), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('created_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['app_user.id'], name=op.f('fk_case_lead_created_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_case_lead_district_code')),
    sa.ForeignKeyConstraint(['entity_id'], ['market_entity.id'], name=op.f('fk_case_lead_entity_id')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_case_lead_office_code')),
    sa.ForeignKeyConstraint(['source_record_id'], ['insp_record.id'], name=op.f('fk_case_lead_source_record_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_lead'))
    )
    with op.batch_alter_table('case_lead', schema=None) as batch_op:
        batch_op.create_index('ix_case_lead_office', ['office_code', 'state'], unique=False)

    op.create_table('insp_photo',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('record_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('file_name', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('media_type', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('byte_count', sa.Integer(), nullable=False),
    sa.Column('sha256', client.kernel.types.Str(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('added_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('added_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['app_user.id'], name=op.f('fk_insp_photo_added_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_insp_photo_district_code')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_insp_photo_office_code')),
    sa.ForeignKeyConstraint(['record_id'], ['insp_record.id'], name=op.f('fk_insp_photo_record_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insp_photo')),
    sa.UniqueConstraint('record_id', 'sha256', name=op.f('uq_insp_photo_record_id_sha256'))
    )
    with op.batch_alter_table('insp_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insp_photo_record_id'), ['record_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('insp_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insp_photo_record_id'))

    op.drop_table('insp_photo')
    with op.batch_alter_table('case_lead', schema=None) as batch_op:
        batch_op.drop_index('ix_case_lead_office')

    op.drop_table('case_lead')
    with op.batch_alter_table('abnormal_listing', schema=None) as batch_op:
        batch_op.drop_index('ix_abnormal_office')
        batch_op.drop_index('ix_abnormal_entity')

    op.drop_table('abnormal_listing')
    with op.batch_alter_table('insp_record', schema=None) as batch_op:
        batch_op.drop_index('ix_insp_record_entity')

    op.drop_table('insp_record')
    with op.batch_alter_table('insp_task', schema=None) as batch_op:
        batch_op.drop_index('ix_insp_task_inspector2')
        batch_op.drop_index('ix_insp_task_inspector1')

    op.drop_table('insp_task')
    with op.batch_alter_table('insp_plan', schema=None) as batch_op:
        batch_op.drop_index('ix_insp_plan_office')

    op.drop_table('insp_plan')
