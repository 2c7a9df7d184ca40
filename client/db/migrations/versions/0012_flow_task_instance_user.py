"""flow_task: the instance's index carries the assignee too

The documents' access rule asks, for each row of a list, whether the reader holds a task on the
document's instance (client/documents/access.py): with the assignee in the index the answer
comes from the index alone. Measured on the 100,000-document office list: the clerk's first page
on the workstation and an office head's on PostgreSQL (tests/bench/bench_documents.py). It
replaces the instance-only index, which it serves as well.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 18:05:00
"""
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_flow_task_instance_user', 'flow_task', ['instance_id', 'assignee_id'], unique=False)
    op.drop_index('ix_flow_task_instance', table_name='flow_task')


def downgrade() -> None:
    op.create_index('ix_flow_task_instance', 'flow_task', ['instance_id'], unique=False)
    op.drop_index('ix_flow_task_instance_user', table_name='flow_task')
