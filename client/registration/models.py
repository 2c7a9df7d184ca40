"""The registration area's own table: applications at the counter (the register itself,
`market_entity` and its history, is the kernel's: every area works on it)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.kernel.models import Base, Versioned
from client.kernel.types import Id, JsonText, Str, UtcDateTime, new_id


class RegApplication(Base, Versioned):
    """An application at the counter: establishment, change or deregistration."""

    __tablename__ = "reg_application"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    #: 受理号, given by the centre; NULL on a workstation until the push (shown as 待分配)
    app_no: Mapped[str | None] = mapped_column(Str(24), unique=True)
    kind: Mapped[str] = mapped_column(Str(12))  # establish | change | deregister
    state: Mapped[str] = mapped_column(Str(12))  # accepted | approved | rejected
    entity_id: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("market_entity.id"), index=True)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    #: name shown in queues (the proposed name for an establishment)
    title: Mapped[str] = mapped_column(Str(100))
    #: the proposed registration items; for a change only the changed ones
    payload: Mapped[dict] = mapped_column(JsonText)
    submitted_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    decision_note: Mapped[str | None] = mapped_column(Str(500))

    __table_args__ = (sa.Index("ix_app_queue", "state", "office_code", "submitted_at"),)
