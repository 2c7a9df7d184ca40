"""the centre as a service: device public keys, users' keys per device, centre sessions (users' and devices')

The device's HMAC secret goes: the centre now keeps the public half of each device's
Ed25519 key only (client.kernel.proofs). Devices enrolled before cannot prove anything any
more and are forgotten; their workstations enrol again at the next online sign-in.

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

import client.kernel.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _device_table(key_column: sa.Column) -> None:
    op.create_table(
        "device",
        sa.Column("id", client.kernel.types.Id(length=36), nullable=False),
        sa.Column("label", client.kernel.types.Str(length=60), nullable=False),
        key_column,
        sa.Column("office_code", client.kernel.types.Str(length=20), nullable=True),
        sa.Column("district_code", client.kernel.types.Str(length=6), nullable=True),
        sa.Column("enrolled_by", client.kernel.types.Id(length=36), nullable=True),
        sa.Column("enrolled_at", client.kernel.types.UtcDateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(create_constraint=True, name="revoked"), nullable=False),
        *([sa.Column("revoked_at", client.kernel.types.UtcDateTime(), nullable=True),
           sa.Column("revoked_by", client.kernel.types.Id(length=36), nullable=True),
           sa.ForeignKeyConstraint(["revoked_by"], ["app_user.id"], name=op.f("fk_device_revoked_by"))]
          if key_column.name == "public_key" else []),
        sa.Column("last_seen_at", client.kernel.types.UtcDateTime(), nullable=True),
        sa.Column("clock_skew_s", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["district_code"], ["district.code"], name=op.f("fk_device_district_code")),
        sa.ForeignKeyConstraint(["enrolled_by"], ["app_user.id"], name=op.f("fk_device_enrolled_by")),
        sa.ForeignKeyConstraint(["office_code"], ["office.code"], name=op.f("fk_device_office_code")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
    )


def upgrade() -> None:
    # made again rather than altered: no device enrolled before can prove anything now (and
    # SQLite's batch alter cannot run in `hongdun db sql` offline mode)
    op.drop_table("device")
    _device_table(sa.Column("public_key", client.kernel.types.Str(length=64), nullable=False))
    op.create_table(
        "user_key",
        sa.Column("id", client.kernel.types.Id(length=36), nullable=False),
        sa.Column("user_id", client.kernel.types.Id(length=36), nullable=False),
        sa.Column("device_id", client.kernel.types.Id(length=36), nullable=False),
        sa.Column("public_key", client.kernel.types.Str(length=64), nullable=False),
        sa.Column("registered_at", client.kernel.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_user_key_device_id")),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_user_key_user_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_key")),
        sa.UniqueConstraint("user_id", "device_id", "public_key", name="uq_user_key"),
    )
    op.create_table(
        "centre_session",
        sa.Column("token_hash", client.kernel.types.Str(length=64), nullable=False),
        sa.Column("user_id", client.kernel.types.Id(length=36), nullable=True),
        sa.Column("device_id", client.kernel.types.Id(length=36), nullable=True),
        sa.Column("created_at", client.kernel.types.UtcDateTime(), nullable=False),
        sa.Column("expires_at", client.kernel.types.UtcDateTime(), nullable=False),
        sa.Column("address", client.kernel.types.Str(length=45), nullable=True),
        sa.ForeignKeyConstraint(["device_id"], ["device.id"], name=op.f("fk_centre_session_device_id")),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_centre_session_user_id")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_centre_session")),
    )
    op.create_index("ix_centre_session_user", "centre_session", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_centre_session_user", table_name="centre_session")
    op.drop_table("centre_session")
    op.drop_table("user_key")
    op.drop_table("device")
    _device_table(sa.Column("secret_hex", client.kernel.types.Str(length=64), nullable=False))
