"""Names of the organisational units, for the status bar and window titles."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.kernel.models import District, Office
from client.kernel.roles import Principal

CITY_BUREAU = "广州市局"


def ping(session: Session) -> bool:
    """A cheap round trip to the database (the status bar's connection cell)."""
    oracle = session.get_bind().dialect.name == "oracle"
    session.execute(sa.text("SELECT 1 FROM DUAL" if oracle else "SELECT 1"))
    return True


def unit_label(session: Session, principal: Principal) -> str:
    """"天河分局石牌工商所" for an office user, "白云分局" for a district, "广州市局" for the city."""
    if principal.office_code:
        office = session.get(Office, principal.office_code)
        return office.name if office is not None else principal.office_code
    if principal.district_code:
        district = session.get(District, principal.district_code)
        if district is None:
            return principal.district_code
        return f"{district.short_name}分局"  # the bureau, as in office names: "白云分局"
    return CITY_BUREAU
