"""Permission and jurisdiction checks shared by every handler (they run on the centre too)."""
from __future__ import annotations

from client.domain.roles import Principal, Role
from client.services.errors import PermissionDenied


def require_role(principal: Principal, *roles: Role) -> None:
    if not any(principal.has(r) for r in roles):
        raise PermissionDenied(f"此操作需要{'或'.join(r.label for r in roles)}权限")


def require_scope(principal: Principal, *, office_code: str | None, district_code: str | None,
                  what: str = "该主体") -> None:
    if not principal.covers(office_code=office_code, district_code=district_code):
        raise PermissionDenied(f"{what}不在您的管辖范围内")
