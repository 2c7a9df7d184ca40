"""Tables of the enterprise IC card counter (工商企业IC卡).

`ic_card` and `card_event` live in the office of the card's enterprise (the card row carries
its office and district; the events follow the entity), like the rest of an office's work.
`card_hotlist` (the deny-list of serials not to be accepted) and `card_issuer_key` (the issuers'
public keys) are what any reader anywhere needs to judge a card offline: they replicate
CITY-WIDE, so they deliberately carry no office_code/district_code/entity_id column (the pull's
snapshot scopes a table by those columns; `issuing_office` is named so on purpose).

The recipient's ID number is never stored: only its masked form (last four characters) and a
SHA-256 of it, to check later that the same person took the card.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.kernel.clock import utcnow
from client.kernel.models import Base, Versioned
from client.kernel.types import Id, Str, UtcDateTime, new_id


class IssuerKey(Base):
    """An issuing key's public half (SEC1 uncompressed point, hex), registered by the counter
    workstation that holds the private half in its OS keyring."""

    __tablename__ = "card_issuer_key"

    key_id: Mapped[str] = mapped_column(Str(32), primary_key=True)  # written on every card it signs
    algorithm: Mapped[int] = mapped_column(sa.Integer)  # iccard.layout.ALG_* (1 = ECDSA P-256)
    public_key: Mapped[str] = mapped_column(Str(200))  # hex
    device_id: Mapped[str | None] = mapped_column(Str(36))  # the workstation holding the private key
    #: the office whose counter uses the key (not "office_code": the table is city-wide)
    issuing_office: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    created_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Str(500))


class IcCard(Base, Versioned):
    """One physical card of an enterprise (a replacement is a new row, generation + 1)."""

    __tablename__ = "ic_card"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    #: 卡号, given by the centre; NULL on a workstation until the push (shown as 待分配)
    card_no: Mapped[str | None] = mapped_column(Str(20), unique=True)
    #: the chip's factory serial as iccard reads it (upper-case hex): the hot-list's key
    serial: Mapped[str] = mapped_column(Str(32), unique=True)
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    generation: Mapped[int] = mapped_column(sa.Integer)  # 1 for the first card, +1 per 补卡
    state: Mapped[str] = mapped_column(Str(12))  # client.cards.rules.CardState
    key_id: Mapped[str] = mapped_column(Str(32), sa.ForeignKey("card_issuer_key.key_id"))
    #: SHA-256 (hex) of the signed body as written (client.cards.handlers.content_hash)
    content_hash: Mapped[str] = mapped_column(Str(64))
    made_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    made_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    issued_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    recipient_name: Mapped[str | None] = mapped_column(Str(40))
    recipient_id_masked: Mapped[str | None] = mapped_column(Str(18))
    recipient_id_hash: Mapped[str | None] = mapped_column(Str(64))
    #: what was charged for this card (工本费 of 制卡 or 补卡), in 分
    fee_fen: Mapped[int] = mapped_column(sa.Integer, default=0)
    replaced_by_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("ic_card.id"))
    state_reason: Mapped[str | None] = mapped_column(Str(500))
    state_changed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        sa.Index("ix_ic_card_entity", "entity_id", "generation"),
        sa.Index("ix_ic_card_office", "office_code", "state"),
        sa.Index("ix_ic_card_made", "made_at"),
    )


class CardEvent(Base):
    """One line of a card's history (append-only): what was done, by whom, the fee charged."""

    __tablename__ = "card_event"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    card_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("ic_card.id"))
    entity_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("market_entity.id"))
    kind: Mapped[str] = mapped_column(Str(20))  # client.cards.rules.CardAction
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    summary: Mapped[str] = mapped_column(Str(500))
    reason: Mapped[str | None] = mapped_column(Str(500))
    fee_fen: Mapped[int] = mapped_column(sa.Integer, default=0)

    __table_args__ = (
        sa.Index("ix_card_event_card", "card_id", "occurred_at"),
        sa.Index("ix_card_event_time", "occurred_at"),
    )


class CardHotlist(Base):
    """The deny-list: a serial here is not to be accepted, whatever its signature says."""

    __tablename__ = "card_hotlist"

    serial: Mapped[str] = mapped_column(Str(32), primary_key=True)
    card_id: Mapped[str] = mapped_column(Id)  # (no FK: a workstation holds the list, not every card)
    state: Mapped[str] = mapped_column(Str(12))  # the card's CardState when listed
    reason: Mapped[str | None] = mapped_column(Str(500))
    since: Mapped[dt.datetime] = mapped_column(UtcDateTime)
