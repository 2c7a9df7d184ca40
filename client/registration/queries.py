"""Read side of applications: the reviewer's queue and an application's detail."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from client.kernel.models import AppUser, MarketEntity
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal
from client.registration.models import RegApplication


@dataclass(frozen=True)
class ApplicationRow:
    id: str
    app_no: str
    kind: str
    state: str
    title: str
    office_code: str
    district_code: str
    entity_id: str | None
    submitted_at: dt.datetime
    submitted_by: str
    submitted_by_name: str
    decided_by_name: str | None
    decided_at: dt.datetime | None
    decision_note: str | None
    payload: dict
    version: int


def _scope(principal: Principal):
    return in_jurisdiction(principal, RegApplication.office_code, RegApplication.district_code)


def _select():
    submitter = aliased(AppUser)
    decider = aliased(AppUser)
    return sa.select(RegApplication, submitter.full_name, decider.full_name).join(
        submitter, submitter.id == RegApplication.submitted_by
    ).outerjoin(decider, decider.id == RegApplication.decided_by)


def _row(app: RegApplication, submitter: str, decider: str | None) -> ApplicationRow:
    return ApplicationRow(
        id=app.id, app_no=app.app_no, kind=app.kind, state=app.state, title=app.title,
        office_code=app.office_code, district_code=app.district_code, entity_id=app.entity_id,
        submitted_at=app.submitted_at, submitted_by=app.submitted_by, submitted_by_name=submitter,
        decided_by_name=decider, decided_at=app.decided_at, decision_note=app.decision_note,
        payload=app.payload, version=app.version,
    )


def review_queue(session: Session, principal: Principal, *, states: tuple[str, ...] = ("accepted",),
                 limit: int = 500) -> list[ApplicationRow]:
    """Oldest first: the counter works first come, first served."""
    stmt = _select().where(_scope(principal), RegApplication.state.in_(states)).order_by(
        RegApplication.submitted_at, RegApplication.app_no).limit(limit)
    return [_row(*r) for r in session.execute(stmt)]


def applications_of_entity(session: Session, principal: Principal, entity_id: str) -> list[ApplicationRow]:
    """The entity's applications in the principal's jurisdiction (each by its own office, as the
    replicas hold them), oldest first."""
    stmt = _select().where(RegApplication.entity_id == entity_id, _scope(principal)).order_by(
        RegApplication.submitted_at)
    return [_row(*r) for r in session.execute(stmt)]


def application(session: Session, principal: Principal, application_id: str) -> ApplicationRow | None:
    r = session.execute(_select().where(RegApplication.id == application_id, _scope(principal))).first()
    return _row(*r) if r else None


@dataclass(frozen=True)
class ApplicationNumbers:
    """The numbers only the centre gives, as this database knows them now (None: 待分配)."""

    application_id: str
    app_no: str | None
    state: str
    entity_id: str | None
    #: the credit code of the entity the application made or concerns
    uscc: str | None


def application_numbers(session: Session, principal: Principal, application_id: str) -> ApplicationNumbers | None:
    """An application's 受理号 and its entity's credit code: what a screen that showed 待分配
    asks again after a pull."""
    r = session.execute(
        sa.select(RegApplication.app_no, RegApplication.state, RegApplication.entity_id, MarketEntity.uscc)
        .outerjoin(MarketEntity, MarketEntity.id == RegApplication.entity_id)
        .where(RegApplication.id == application_id, _scope(principal))).first()
    return ApplicationNumbers(application_id, r[0], r[1], r[2], r[3]) if r else None


def applicants_and_deciders(session: Session, entity_ids: list[str]) -> dict[str, set[str]]:
    """Who accepted or decided an application of each entity (they may not inspect it)."""
    people: dict[str, set[str]] = {}
    for start in range(0, len(entity_ids), 500):  # (Oracle allows 1000 ids in an IN list)
        chunk = entity_ids[start:start + 500]
        for entity_id, submitted, decided in session.execute(
                sa.select(RegApplication.entity_id, RegApplication.submitted_by, RegApplication.decided_by)
                .where(RegApplication.entity_id.in_(chunk))):
            people.setdefault(entity_id, set()).update(u for u in (submitted, decided) if u)
    return people
