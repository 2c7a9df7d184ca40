"""What goes on an entity's business licence: the register's values in the licence's terms.

The licence renderer (client.registration.reports) takes plain data; this module decides where
each value comes from: the kind table says which layout and whether an amount is printed,
the district's registration authority (登记机关) comes from the District table (falling back
to the shipped reference data), and the QR code points at the configured publicity site.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Protocol

from sqlalchemy.orm import Session

from client.kernel import reference
from client.kernel.errors import NotFound, PermissionDenied, RuleViolation
from client.kernel.lifecycle import EntityState
from client.kernel.models import MarketEntity
from client.kernel.register import authority_name, issue_date  # noqa: F401 (the licence's own words)
from client.kernel.roles import Principal
from client.registration.reports import LicenceData, public_url_for
from client.registration.rules import refusal

#: Guangzhou's civil dates: a licence issued at 00:30 Beijing time carries that day's date

#: events after which a new licence is issued (发照): its date is the licence's 发照日期


class LicenceSubject(Protocol):
    """The registered values a licence prints (a MarketEntity row, or a test's stand-in)."""

    uscc: str | None
    name: str
    kind_code: str
    legal_rep: str
    address: str
    business_scope: str
    capital_wan: Decimal | None
    established_on: dt.date
    term_end: dt.date | None
    composition_form: str | None


def build_licence_data(entity: LicenceSubject, *, authority: str, public_base_url: str,
                       issued_on: dt.date) -> LicenceData:
    """Pure: the licence of `entity` as issued by `authority` on `issued_on`."""
    if not entity.uscc:
        # the centre assigns the code on approval; a licence without one is not a licence
        raise RuleViolation("该主体的统一社会信用代码待分配（规则：营业执照须载明中心赋予的统一社会信用代码），请待本机与中心同步后再打印")
    kind = reference.entity_kind(entity.kind_code)
    individual = kind.licence_layout == "individual"
    return LicenceData(
        uscc=entity.uscc,
        name=entity.name,
        kind_label=kind.name,
        layout=kind.licence_layout,
        legal_rep=entity.legal_rep,
        address=entity.address,
        business_scope=entity.business_scope,
        established_on=entity.established_on,
        # kinds without an amount item (branches, individual businesses) print none
        registered_capital_wan=entity.capital_wan if kind.capital_label and not individual else None,
        term_start=None if individual else entity.established_on,
        term_end=None if individual else entity.term_end,
        composition_form=entity.composition_form if individual else None,
        authority=authority,
        issued_on=issued_on,
        public_url=public_url_for(public_base_url, entity.uscc),
    )


def licence_data(session: Session, principal: Principal, entity_id: str, *,
                 public_base_url: str) -> LicenceData:
    """The licence of a registered entity in the principal's jurisdiction.

    Raises a RuleViolation (message for the clerk) when the licence may not be printed."""
    entity = session.get(MarketEntity, entity_id)
    if entity is None:
        raise NotFound("市场主体不存在（可能已被删除）")
    if not principal.covers(office_code=entity.office_code, district_code=entity.district_code):
        raise PermissionDenied("该主体不在您的管辖范围内")
    if problem := refusal(EntityState.from_code(entity.state), "print_licence"):
        raise RuleViolation(problem)
    return build_licence_data(
        entity, authority=authority_name(session, entity.district_code),
        public_base_url=public_base_url, issued_on=issue_date(session, entity))
