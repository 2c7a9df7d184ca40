"""The central schema, one definition for SQLite, PostgreSQL and Oracle.

Rules kept here (a test checks them against the Oracle dialect): every string has
a length, every identifier is at most 30 characters and no column is an Oracle
reserved word, keys are client-made UUIDs, and every record a user edits has a
`version` for optimistic concurrency.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from client.kernel.clock import utcnow
from client.kernel.naming import make_metadata
from client.kernel.types import Flag, Id, JsonText, Str, UtcDateTime, Wan, new_id


class Base(DeclarativeBase):
    metadata = make_metadata()


class Versioned:
    """Optimistic concurrency: a command carries the version it saw (base_version)."""

    version: Mapped[int] = mapped_column(sa.Integer, nullable=False, default=1)


# --- organisation ---------------------------------------------------------------------------


class District(Base):
    __tablename__ = "district"

    code: Mapped[str] = mapped_column(Str(6), primary_key=True)  # GB/T 2260
    name: Mapped[str] = mapped_column(Str(20))
    short_name: Mapped[str] = mapped_column(Str(10))
    authority: Mapped[str] = mapped_column(Str(60))  # printed on licences as 登记机关


class Office(Base):
    __tablename__ = "office"

    code: Mapped[str] = mapped_column(Str(20), primary_key=True)
    name: Mapped[str] = mapped_column(Str(60))
    short_name: Mapped[str] = mapped_column(Str(20))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"), index=True)


class AppUser(Base, Versioned):
    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(Str(40), unique=True)
    full_name: Mapped[str] = mapped_column(Str(40))
    password_hash: Mapped[str] = mapped_column(Str(200))
    #: comma-separated role codes (client.kernel.roles.Role)
    roles: Mapped[str] = mapped_column(Str(200))
    #: the unit the user works for; NULL office with a district = district bureau; both NULL = city
    office_code: Mapped[str | None] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str | None] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    failed_logins: Mapped[int] = mapped_column(sa.Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    disabled: Mapped[bool] = mapped_column(Flag("disabled"), default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


# --- the register ---------------------------------------------------------------------------


class MarketEntity(Base, Versioned):
    """A market entity in the register (created when its establishment is approved)."""

    __tablename__ = "market_entity"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    #: a dense number given by the centre: the text index and the scroll anchors key on it
    row_no: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    uscc: Mapped[str | None] = mapped_column(Str(18), unique=True)
    name: Mapped[str] = mapped_column(Str(100))
    #: pinyin of the name, for sorting in pinyin order on every dialect
    name_key: Mapped[str] = mapped_column(Str(400))
    #: pinyin initials, so `gzhs` finds 广州华盛…
    name_initials: Mapped[str] = mapped_column(Str(100))
    #: toneless pinyin of the trade name (字号): the name check finds homophones (华胜/华盛) by it
    trade_key: Mapped[str | None] = mapped_column(Str(100))
    kind_code: Mapped[str] = mapped_column(Str(10))
    state: Mapped[str] = mapped_column(Str(12))
    abnormal: Mapped[bool] = mapped_column(Flag("abnormal"), default=False)
    legal_rep: Mapped[str] = mapped_column(Str(40))
    legal_rep_id_no: Mapped[str | None] = mapped_column(Str(18))
    address: Mapped[str] = mapped_column(Str(200))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    capital_wan: Mapped[Decimal | None] = mapped_column(Wan)
    business_scope: Mapped[str] = mapped_column(Str(1000))
    industry_code: Mapped[str | None] = mapped_column(Str(4))
    composition_form: Mapped[str | None] = mapped_column(Str(10))
    established_on: Mapped[dt.date] = mapped_column(sa.Date)
    term_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    phone: Mapped[str | None] = mapped_column(Str(20))
    state_reason: Mapped[str | None] = mapped_column(Str(500))
    state_changed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_entity_name_key", "name_key", "row_no"),
        sa.Index("ix_entity_legal_rep", "legal_rep"),
        sa.Index("ix_entity_initials", "name_initials"),
        sa.Index("ix_entity_office", "office_code", "row_no"),
        sa.Index("ix_entity_district", "district_code", "row_no"),
        sa.Index("ix_entity_established", "established_on", "row_no"),
        sa.Index("ix_entity_name", "name"),
        sa.Index("ix_entity_trade_key", "district_code", "trade_key"),
    )


class EntityEvent(Base):
    """One line of an entity's history (append-only)."""

    __tablename__ = "entity_event"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    kind: Mapped[str] = mapped_column(Str(20))
    application_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("reg_application.id"))
    actor_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    summary: Mapped[str] = mapped_column(Str(500))
    details: Mapped[dict | None] = mapped_column(JsonText)

    __table_args__ = (sa.Index("ix_event_entity", "entity_id", "occurred_at"),)


# --- the machinery of commands ----------------------------------------------------------


class Counter(Base):
    """Numbers only the centre assigns; taken with the row locked (SELECT … FOR UPDATE)."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(Str(40), primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger)


class AppliedOp(Base):
    """Every command applied, by op_id: a repeated push returns the stored result."""

    __tablename__ = "applied_op"

    op_id: Mapped[str] = mapped_column(Id, primary_key=True)
    op_name: Mapped[str] = mapped_column(Str(60))
    user_id: Mapped[str | None] = mapped_column(Id)
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    result: Mapped[dict | None] = mapped_column(JsonText)


class AuditEntry(Base):
    """Append-only, hash-chained: entry_hash = sha256(prev_hash + canonical entry)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    logged_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    user_id: Mapped[str | None] = mapped_column(Id)
    office_code: Mapped[str | None] = mapped_column(Str(20))
    op_id: Mapped[str | None] = mapped_column(Id)
    action: Mapped[str] = mapped_column(Str(60))
    subject_id: Mapped[str | None] = mapped_column(Id)
    details: Mapped[dict | None] = mapped_column(JsonText)
    prev_hash: Mapped[str] = mapped_column(Str(64))
    entry_hash: Mapped[str] = mapped_column(Str(64))


# --- the synchronisation engine (docs/sync-protocol.md): what workstations pull by, who may push


class ChangeLog(Base):
    """One row per record a committed command inserted, updated or deleted.

    `seq` comes from the `counter` row "change_log" locked until commit, so the order
    of seq is the order of commit: a client that has read everything up to N can never
    later find a smaller seq appear (which a database sequence would allow).
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    table_name: Mapped[str] = mapped_column(Str(30))
    row_id: Mapped[str] = mapped_column(Str(40))
    #: "upsert" or "delete"
    change_kind: Mapped[str] = mapped_column(Str(6))
    #: the record's scope; both NULL = reference data every workstation takes
    office_code: Mapped[str | None] = mapped_column(Str(20))
    district_code: Mapped[str | None] = mapped_column(Str(6))
    op_id: Mapped[str | None] = mapped_column(Id)
    changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (
        sa.Index("ix_change_log_office", "office_code", "seq"),
        sa.Index("ix_change_log_district", "district_code", "seq"),
    )


class Device(Base):
    """An enrolled workstation: the public half of its Ed25519 key checks every pushed batch.

    The centre keeps public keys only (client.kernel.proofs): what this table yields to
    someone who reads it signs nothing.
    """

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    label: Mapped[str] = mapped_column(Str(60))
    public_key: Mapped[str] = mapped_column(Str(64))
    office_code: Mapped[str | None] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str | None] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    enrolled_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Flag("revoked"), default=False)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    clock_skew_s: Mapped[int | None] = mapped_column(sa.Integer)


class UserKey(Base):
    """The public half of a user's key on one device (client.kernel.proofs).

    Made at the user's first online sign-in on that device and registered by that user's
    session: a command naming this user and device verifies only against these. A user may
    have several on one device: a new one is made when the password changed centrally, and
    the commands queued under the old one must still verify.
    """

    __tablename__ = "user_key"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    device_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("device.id"))
    public_key: Mapped[str] = mapped_column(Str(64))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    __table_args__ = (sa.UniqueConstraint("user_id", "device_id", "public_key", name="uq_user_key"),)


class CentreSession(Base):
    """A session with the centre: the token's SHA-256, never the token.

    A user's session (signed in with the password) asks questions and enrols; a device's
    session (signed with the device's key) pushes and pulls, whoever is signed in or not:
    the commands carry their users' proofs. Sessions live in the database, not in one centre
    process, so any instance behind the load balancer answers any workstation, and signing
    out, disabling the user or revoking the device ends them.
    """

    __tablename__ = "centre_session"

    token_hash: Mapped[str] = mapped_column(Str(64), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    device_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("device.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    address: Mapped[str | None] = mapped_column(Str(45))

    __table_args__ = (sa.Index("ix_centre_session_user", "user_id"),)
