"""Central tables of the synchronisation engine (docs/sync-protocol.md).

`change_log` is what workstations pull by; `device` is who may push. Both live in the
central database; the local store has them too (same migrations) but leaves them empty.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.db.models import AppUser, Base, District, EntityEvent, MarketEntity, Office, RegApplication
from client.db.types import Flag, Id, Str, UtcDateTime, new_id, utcnow


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
    """An enrolled workstation. Its HMAC key signs every pushed command.

    The key is kept here because HMAC needs it on both sides; the column is readable
    only by the sync service account in production (PLATFORM.md, grants).
    """

    __tablename__ = "device"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    label: Mapped[str] = mapped_column(Str(60))
    secret_hex: Mapped[str] = mapped_column(Str(64))
    office_code: Mapped[str | None] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str | None] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    enrolled_by: Mapped[str | None] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Flag("revoked"), default=False)
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    #: device clock minus central clock at the last push, in seconds (reported, not corrected)
    clock_skew_s: Mapped[int | None] = mapped_column(sa.Integer)


# --- which records replicate, and in whose scope ------------------------------------------------

UPSERT, DELETE = "upsert", "delete"

#: model class -> scope function (session, record) -> (office_code, district_code).
#: (None, None) is reference data every workstation takes. Business areas register their
#: models with `replicate(...)`; the unit of work then logs their changes without the
#: handlers doing anything.
_REPLICATED: dict[type, Callable[[Any, Any], tuple[str | None, str | None]]] = {}


def replicate(model: type, scope: Callable[[Any, Any], tuple[str | None, str | None]]) -> None:
    _REPLICATED[model] = scope


def replicated_models() -> dict[str, type]:
    return {m.__tablename__: m for m in _REPLICATED}


def replicated_table(obj: Any) -> str | None:
    cls = type(obj)
    return cls.__tablename__ if cls in _REPLICATED else None


def scope_of(session: Any, obj: Any) -> tuple[str | None, str | None]:
    return _REPLICATED[type(obj)](session, obj)


def row_key(obj: Any) -> str:
    (key,) = sa.inspect(type(obj)).primary_key
    return str(getattr(obj, key.key))


def _own_scope(_session: Any, obj: Any) -> tuple[str | None, str | None]:
    return obj.office_code, obj.district_code


def _reference(_session: Any, _obj: Any) -> tuple[None, None]:
    return None, None


def _entity_scope(session: Any, obj: Any) -> tuple[str | None, str | None]:
    entity = session.get(MarketEntity, obj.entity_id)
    return (entity.office_code, entity.district_code) if entity is not None else (None, None)


replicate(District, _reference)
replicate(Office, _reference)  # every workstation needs every office (FK targets)
replicate(AppUser, _own_scope)
replicate(MarketEntity, _own_scope)
replicate(RegApplication, _own_scope)
replicate(EntityEvent, _entity_scope)

# Areas with tables of their own register them on import; if this module was imported before
# the models, their first attempt came before `replicate` existed: register them now. (If the
# area's module is itself still loading, it registers when it finishes.)
from client.db import inspection_models as _inspection_models  # noqa: E402

if hasattr(_inspection_models, "ensure_replicated"):
    _inspection_models.ensure_replicated()

from client.db import card_models as _card_models  # noqa: E402

if hasattr(_card_models, "ensure_replicated"):
    _card_models.ensure_replicated()
