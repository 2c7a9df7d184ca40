"""What every area asks of the register beyond its rows: the registration authority printed for
a district, the date an entity's licence was last issued, and who has dealt with an entity.

"Who has dealt with it" is answered by the areas: each registers a provider of the people its
records tie to an entity (registration: who accepted or decided its applications), so an area
that must exclude them (inspections, later cases) asks here without knowing the others.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.kernel import reference
from client.kernel.clock import beijing_date
from client.kernel.models import District, EntityEvent, MarketEntity
from client.kernel.registry import registry

#: history lines that (re)issue the licence: its date is the 核准日期 printed on it
_ISSUING_EVENTS = ("established", "changed")


def authority_name(session: Session, district_code: str) -> str:
    """The district's registration authority as printed on licences."""
    row = session.get(District, district_code)
    if row is not None and row.authority:
        return row.authority
    return reference.district(district_code).authority_name


def issue_date(session: Session, entity: MarketEntity) -> dt.date:
    """The date of the last approval that (re)issued the licence, in Beijing time."""
    last = session.scalar(
        sa.select(sa.func.max(EntityEvent.occurred_at)).where(
            EntityEvent.entity_id == entity.id, EntityEvent.kind.in_(_ISSUING_EVENTS)))
    if last is None:
        return entity.established_on
    return beijing_date(last)  # (SQLite hands back naive UTC: beijing_date takes it as UTC)


def dealt_with(session: Session, entity_ids: Iterable[str]) -> dict[str, set[str]]:
    """Per entity, the users whose work in any area ties them to it (conflicts of interest)."""
    ids = list(dict.fromkeys(entity_ids))
    people: dict[str, set[str]] = {e: set() for e in ids}
    for provider in registry().dealings:
        for entity_id, users in provider(session, ids).items():
            people.setdefault(entity_id, set()).update(users)
    return people
