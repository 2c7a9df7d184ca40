"""Who may act, and where: role checks and jurisdiction, shared by every handler and query.

Jurisdiction is one rule — an office sees its own office, a district bureau its district,
the city bureau everything — written once here as a Python predicate (`covers`) and once as
SQL (`in_jurisdiction`). Handlers run on the centre too, so these checks are the real ones.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from client.kernel.errors import PermissionDenied
from client.kernel.roles import Principal, Role


def require_role(principal: Principal, *roles: Role) -> None:
    if not any(principal.has(r) for r in roles):
        raise PermissionDenied(f"此操作需要{'或'.join(r.label for r in roles)}权限")


def require_scope(principal: Principal, *, office_code: str | None, district_code: str | None,
                  what: str = "该主体") -> None:
    if not covers(principal, office_code=office_code, district_code=district_code):
        raise PermissionDenied(f"{what}不在您的管辖范围内")


def covers(principal: Principal, *, office_code: str | None, district_code: str | None) -> bool:
    """Whether a record of this office and district lies in the principal's jurisdiction."""
    if principal.level == "city":
        return True
    if principal.level == "district":
        return district_code == principal.district_code
    return office_code == principal.office_code


def unit_reaches(office_code: str | None, district_code: str | None, *, record_office: str | None,
                 record_district: str | None) -> bool:
    """Whether a unit (a user's office / district; both None: the city) has jurisdiction over a
    record of `record_office` in `record_district`."""
    if office_code:
        return office_code == record_office
    if district_code:
        return district_code == record_district
    return True


def in_jurisdiction(principal: Principal, office_column: Any, district_column: Any) -> sa.ColumnElement[bool]:
    """The SQL twin of `covers`: rows whose office / district columns the principal covers."""
    if principal.level == "office":
        return office_column == principal.office_code
    if principal.level == "district":
        return district_column == principal.district_code
    return sa.true()
