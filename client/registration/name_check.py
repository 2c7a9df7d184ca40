"""名称自主申报: a proposed name against the names already registered in the district."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.kernel.errors import PermissionDenied
from client.kernel.lifecycle import EntityState
from client.kernel.models import MarketEntity, Office
from client.kernel.roles import Principal
from client.kernel.name_index import name_contains
from client.registration import names
from client.registration.models import RegApplication

#: how many names sharing the trade name we compare; more is noise for the clerk
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class NameCheck:
    identical: tuple[str, ...] = ()
    similar: tuple[tuple[str, str], ...] = ()  # (existing name, why it is similar)

    @property
    def refused(self) -> bool:
        return bool(self.identical)

    def message(self) -> str | None:
        if self.identical:
            return f"名称与本区已登记的“{self.identical[0]}”相同，不予登记"
        if self.similar:
            existing, why = self.similar[0]
            more = f"等{len(self.similar)}个名称" if len(self.similar) > 1 else ""
            return f"名称与本区已登记的“{existing}”{more}近似（{why}），请确认"
        return None


def needs_confirmation(message: str | None) -> bool:
    """Is this refusal of a name one the clerk may overrule by confirming (a similar name, not an
    identical one)? For screens that get the service's message back, not the verdict."""
    return bool(message) and "近似" in message


def check_name(session: Session, asker: Principal, name: str, district_code: str, *,
               exclude_entity_id: str | None = None, exclude_application_id: str | None = None) -> NameCheck:
    """A proposed name compared with the live entities and pending establishment applications
    of the district; asked only by who registers in that district.

    `asker` is who asks: typed `Principal`, so the centre fills it with the signed-in user and
    never reads it from the request. A district's names are told to the people who register
    there, no one else."""
    if not _registers_in(session, asker, district_code):
        raise PermissionDenied("只能查询本辖区的名称（规则：名称查重按登记机关所在区进行）")
    return compare_name(session, name, district_code, exclude_entity_id=exclude_entity_id,
                        exclude_application_id=exclude_application_id)


def compare_name(session: Session, name: str, district_code: str, *,
                 exclude_entity_id: str | None = None, exclude_application_id: str | None = None) -> NameCheck:
    """Compare with live entities and pending establishment applications of the same district
    (the handlers' check, whose principal their own rules have checked already)."""
    parts = names.split_name(name)
    probe = parts.trade_name or name
    homophone = names.trade_name_pinyin(name)[:100]
    # two indexed probes: names containing the trade name, and trade names that sound the same
    same_district = [MarketEntity.district_code == district_code,
                     MarketEntity.state == EntityState.ACTIVE.code,
                     *([MarketEntity.id != exclude_entity_id] if exclude_entity_id else [])]
    existing = list(session.scalars(
        sa.select(MarketEntity.name).where(*same_district, name_contains(session.get_bind().dialect.name, probe))
        .limit(MAX_CANDIDATES)))
    if homophone:
        existing += session.scalars(
            sa.select(MarketEntity.name).where(*same_district, MarketEntity.trade_key == homophone)
            .limit(MAX_CANDIDATES))
    pending = session.scalars(
        sa.select(RegApplication.title).where(
            RegApplication.district_code == district_code,
            RegApplication.state == "accepted",
            RegApplication.kind.in_(("establish", "change")),
            RegApplication.title.contains(probe, autoescape=True),
            *( [RegApplication.id != exclude_application_id] if exclude_application_id else [] ),
        ).limit(MAX_CANDIDATES)
    ).all()
    identical: list[str] = []
    similar: list[tuple[str, str]] = []
    for other, verdict, reason in names.similarity_verdict(name, list(dict.fromkeys([*existing, *pending]))):
        if verdict == "identical":
            identical.append(other)
        else:
            similar.append((other, reason))
    return NameCheck(tuple(identical), tuple(similar))


def _registers_in(session: Session, principal: Principal, district_code: str) -> bool:
    if principal.office_code:
        office = session.get(Office, principal.office_code)
        return office is not None and office.district_code == district_code
    return principal.district_code in (None, district_code)  # the city, or that district
