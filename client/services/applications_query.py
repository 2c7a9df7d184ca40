"""Read side of applications: the reviewer's queue and an application's detail."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from client.db.models import AppUser, RegApplication
from client.domain.roles import Principal


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
    if principal.level == "office":
        return RegApplication.office_code == principal.office_code
    if principal.level == "district":
        return RegApplication.district_code == principal.district_code
    return sa.true()


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


def applications_of_entity(session: Session, entity_id: str) -> list[ApplicationRow]:
    stmt = _select().where(RegApplication.entity_id == entity_id).order_by(RegApplication.submitted_at)
    return [_row(*r) for r in session.execute(stmt)]


def application(session: Session, principal: Principal, application_id: str) -> ApplicationRow | None:
    r = session.execute(_select().where(RegApplication.id == application_id, _scope(principal))).first()
    return _row(*r) if r else None
