"""Tables only a workstation has: the outbox and the sync state.

Kept on their own metadata (not in Alembic): the central database never has them.
A refused command stays in the outbox with its state ("conflict" or "rejected"), the
central reason and — for a conflict — the central record as it is now ("theirs").
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

PENDING, CONFLICT, REJECTED = "pending", "conflict", "rejected"

outbox = sa.Table(
    "outbox", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("op_id", sa.String(36), nullable=False, unique=True),
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("command", sa.Text, nullable=False),  # canonical JSON, as signed
    #: the user's and the device's Ed25519 signatures (client.kernel.proofs), made at dispatch
    sa.Column("user_signature", sa.String(128)),
    sa.Column("device_signature", sa.String(128)),
    sa.Column("device_id", sa.String(36), nullable=False),
    #: JSON list of "table:row_id" the local run touched: later commands on them wait
    sa.Column("touched", sa.Text, nullable=False),
    sa.Column("state", sa.String(10), nullable=False, default=PENDING),
    sa.Column("reason", sa.Text),
    sa.Column("theirs", sa.Text),  # JSON of the central record at the conflict
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Index("ix_outbox_state", "state", "seq"),
)

#: columns added since a store was first made: (name, SQL type), added by open_local_store
ADDED_COLUMNS = {"outbox": [("user_signature", "VARCHAR(128)"), ("device_signature", "VARCHAR(128)")]}
#: columns of older stores that go (the device's HMAC signature, before issue 9)
DROPPED_COLUMNS = {"outbox": ["signature"]}

sync_state = sa.Table(
    "sync_state", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.Text),
)
