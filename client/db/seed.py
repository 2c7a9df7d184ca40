"""Reference data into the central database (districts and offices from resources/)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from client.kernel import reference
from client.kernel.models import District, Office


def seed_reference(session: Session) -> None:
    """Insert or update districts and offices; safe to run again."""
    for d in reference.districts():
        session.merge(District(code=d.code, name=d.name, short_name=d.short_name, authority=d.authority_name))
    session.flush()
    for o in reference.offices():
        session.merge(Office(code=o.code, name=o.name, short_name=o.short_name, district_code=o.district_code))
    session.flush()
