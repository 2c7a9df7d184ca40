"""flows: published flow versions, instances, tasks, delegations

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 08:55:08.348467
"""
from alembic import op
import sqlalchemy as sa
import client.kernel.types


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('flow_definition',
    sa.Column('id', client.kernel.types.Str(length=70), nullable=False),
    sa.Column('flow_key', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('title', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('published_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('published_by', client.kernel.types.Id(length=36), nullable=True),
    sa.ForeignKeyConstraint(['published_by'], ['app_user.id'], name=op.f('fk_flow_definition_publ_4e78cf')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_definition')),
    sa.UniqueConstraint('flow_key', 'version', name='uq_flow_definition_version')
    )
    op.create_table('flow_delegation',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('user_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('delegate_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', client.kernel.types.Str(length=200), nullable=True),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=True),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=True),
    sa.Column('created_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('ended_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['delegate_id'], ['app_user.id'], name=op.f('fk_flow_delegation_delegate_id')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_flow_delegation_dist_57c4c1')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_flow_delegation_office_code')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_flow_delegation_user_id')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_delegation'))
    )
    with op.batch_alter_table('flow_delegation', schema=None) as batch_op:
        batch_op.create_index('ix_flow_delegation_delegate', ['delegate_id', 'ends_on'], unique=False)
        batch_op.create_index('ix_flow_delegation_user', ['user_id', 'ends_on'], unique=False)

    op.create_table('flow_instance',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('flow_key', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('flow_version', sa.Integer(), nullable=False),
    sa.Column('subject_area', client.kernel.types.Str(length=30), nullable=False),
    sa.Column('subject_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('title', client.kernel.types.Str(length=200), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('started_by', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('started_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('finished_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('outcome', client.kernel.types.Str(length=12), nullable=True),
    sa.Column('end_node', client.kernel.types.Str(length=40), nullable=True),
    sa.Column('fields', client.kernel.types.JsonText(), nullable=False),
    sa.Column('waiting', client.kernel.types.JsonText(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_flow_instance_district_code')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_flow_instance_office_code')),
    sa.ForeignKeyConstraint(['started_by'], ['app_user.id'], name=op.f('fk_flow_instance_started_by')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_instance'))
    )
    with op.batch_alter_table('flow_instance', schema=None) as batch_op:
        batch_op.create_index('ix_flow_instance_started', ['started_at'], unique=False)
        batch_op.create_index('ix_flow_instance_subject', ['subject_id'], unique=False)
        batch_op.create_index('ix_flow_instance_unit', ['office_code', 'started_at'], unique=False)

    op.create_table('flow_task',
    sa.Column('id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('instance_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('flow_key', client.kernel.types.Str(length=60), nullable=False),
    sa.Column('node_key', client.kernel.types.Str(length=40), nullable=False),
    sa.Column('node_title', client.kernel.types.Str(length=100), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('kind', client.kernel.types.Str(length=10), nullable=False),
    sa.Column('state', client.kernel.types.Str(length=12), nullable=False),
    sa.Column('assignee_id', client.kernel.types.Id(length=36), nullable=False),
    sa.Column('office_code', client.kernel.types.Str(length=20), nullable=False),
    sa.Column('district_code', client.kernel.types.Str(length=6), nullable=False),
    sa.Column('opened_at', client.kernel.types.UtcDateTime(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('opened_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('decided_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('decided_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('opinion', client.kernel.types.Str(length=1000), nullable=True),
    sa.Column('added_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('passed_to', client.kernel.types.Str(length=60), nullable=True),
    sa.Column('took_minutes', sa.Integer(), nullable=True),
    sa.Column('decided_late', sa.Boolean(create_constraint=True, name='decided_late'), nullable=False),
    sa.Column('supervised_by', client.kernel.types.Id(length=36), nullable=True),
    sa.Column('supervised_at', client.kernel.types.UtcDateTime(), nullable=True),
    sa.Column('supervise_note', client.kernel.types.Str(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['app_user.id'], name=op.f('fk_flow_task_assignee_id')),
    sa.ForeignKeyConstraint(['decided_by'], ['app_user.id'], name=op.f('fk_flow_task_decided_by')),
    sa.ForeignKeyConstraint(['district_code'], ['district.code'], name=op.f('fk_flow_task_district_code')),
    sa.ForeignKeyConstraint(['instance_id'], ['flow_instance.id'], name=op.f('fk_flow_task_instance_id')),
    sa.ForeignKeyConstraint(['office_code'], ['office.code'], name=op.f('fk_flow_task_office_code')),
    sa.ForeignKeyConstraint(['supervised_by'], ['app_user.id'], name=op.f('fk_flow_task_supervised_by')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flow_task'))
    )
    with op.batch_alter_table('flow_task', schema=None) as batch_op:
        batch_op.create_index('ix_flow_task_assignee', ['assignee_id', 'state', 'due_on'], unique=False)
        batch_op.create_index('ix_flow_task_instance', ['instance_id'], unique=False)
        batch_op.create_index('ix_flow_task_unit', ['office_code', 'state', 'due_on'], unique=False)
        batch_op.create_index('ix_flow_task_open', ['state', 'due_on'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('flow_task', schema=None) as batch_op:
        batch_op.drop_index('ix_flow_task_unit')
        batch_op.drop_index('ix_flow_task_open')
        batch_op.drop_index('ix_flow_task_instance')
        batch_op.drop_index('ix_flow_task_assignee')

    op.drop_table('flow_task')
    with op.batch_alter_table('flow_instance', schema=None) as batch_op:
        batch_op.drop_index('ix_flow_instance_unit')
        batch_op.drop_index('ix_flow_instance_subject')
        batch_op.drop_index('ix_flow_instance_started')

    op.drop_table('flow_instance')
    with op.batch_alter_table('flow_delegation', schema=None) as batch_op:
        batch_op.drop_index('ix_flow_delegation_user')
        batch_op.drop_index('ix_flow_delegation_delegate')

    op.drop_table('flow_delegation')
    op.drop_table('flow_definition')
    # ### end Alembic commands ###
