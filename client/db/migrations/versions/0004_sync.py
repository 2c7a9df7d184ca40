"""synchronisation engine: change log and enrolled devices

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import context, op

import client.kernel.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("table_name", client.kernel.types.Str(length=30), nullable=False),
        sa.Column("row_id", client.kernel.types.Str(length=40), nullable=False),
        sa.Column("change_kind", client.kernel.types.Str(length=6), nullable=False),
        sa.Column("office_code", client.kernel.types.Str(length=20), nullable=True),
        sa.Column("district_code", client.kernel.types.Str(length=6), nullable=True),
        sa.Column("op_id", client.kernel.types.Id(length=36), nullable=True),
        sa.Column("changed_at", client.kernel.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_change_log")),
    )
    op.create_index("ix_change_log_office", "change_log", ["office_code", "seq"])
    op.create_index("ix_change_log_district", "change_log", ["district_code", "seq"])
    op.create_table(
        "device",
        sa.Column("id", client.kernel.types.Id(length=36), nullable=False),
        sa.Column("label", client.kernel.types.Str(length=60), nullable=False),
        sa.Column("secret_hex", client.kernel.types.Str(length=64), nullable=False),
        sa.Column("office_code", client.kernel.types.Str(length=20), nullable=True),
        sa.Column("district_code", client.kernel.types.Str(length=6), nullable=True),
        sa.Column("enrolled_by", client.kernel.types.Id(length=36), nullable=True),
        sa.Column("enrolled_at", client.kernel.types.UtcDateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(create_constraint=True, name="revoked"), nullable=False),
        sa.Column("last_seen_at", client.kernel.types.UtcDateTime(), nullable=True),
        sa.Column("clock_skew_s", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["district_code"], ["district.code"], name=op.f("fk_device_district_code")),
        sa.ForeignKeyConstraint(["enrolled_by"], ["app_user.id"], name=op.f("fk_device_enrolled_by")),
        sa.ForeignKeyConstraint(["office_code"], ["office.code"], name=op.f("fk_device_office_code")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )
    # the counter row exists before the first writer: two first writers racing to insert it
    # would otherwise collide instead of queueing on its lock
    op.execute("INSERT INTO counter (name, value) VALUES ('change_log', 0)")
    # 受理号 is given by the centre; a workstation offline keeps it NULL (待分配) until the push
    _app_no_nullable(True)


def downgrade() -> None:
    _app_no_nullable(False)
    op.execute("DELETE FROM counter WHERE name = 'change_log'")
    op.drop_table("device")
    op.drop_index("ix_change_log_district", table_name="change_log")
    op.drop_index("ix_change_log_office", table_name="change_log")
    op.drop_table("change_log")


def _app_no_nullable(nullable: bool) -> None:
    if op.get_context().dialect.name != "sqlite":
        op.alter_column("reg_application", "app_no", existing_type=client.kernel.types.Str(length=24),
                        nullable=nullable)
        return
    # SQLite rebuilds the table; offline (a script for a DBA) it cannot reflect it, so it is given
    copy_from = None
    if context.is_offline_mode():
        from client.registration.models import RegApplication
        copy_from = RegApplication.__table__
    with op.batch_alter_table("reg_application", copy_from=copy_from) as batch:
        batch.alter_column("app_no", existing_type=client.kernel.types.Str(length=24), nullable=nullable)
