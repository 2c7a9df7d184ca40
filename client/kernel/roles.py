"""Roles and the acting user's jurisdiction (city / district / office)."""
from __future__ import annotations

from dataclasses import dataclass

from client.kernel.coded import CodedEnum


class Role(CodedEnum):
    CLERK = ("clerk", "登记员")
    REVIEWER = ("reviewer", "审核员")
    INSPECTOR = ("inspector", "检查员")
    CARD_OPERATOR = ("card", "制卡员")
    CERTIFIER = ("certifier", "鉴证员")
    #: 文书: registers incoming documents, proposes their handling (拟办), numbers, seals and
    #: distributes outgoing ones
    SECRETARY = ("secretary", "文书")
    OFFICE_HEAD = ("head", "所长")
    ADMIN = ("admin", "系统管理员")


def parse_roles(text: str | None) -> frozenset[Role]:
    return frozenset(Role.from_code(c.strip()) for c in (text or "").split(",") if c.strip())


def format_roles(roles: frozenset[Role] | set[Role]) -> str:
    return ",".join(sorted(r.code for r in roles))


@dataclass(frozen=True)
class Principal:
    """Who acts, and over which area. Loaded from the user record on every command."""

    user_id: str
    username: str
    full_name: str
    roles: frozenset[Role]
    office_code: str | None
    district_code: str | None

    @property
    def level(self) -> str:
        if self.office_code:
            return "office"
        if self.district_code:
            return "district"
        return "city"

    def has(self, role: Role) -> bool:
        return role in self.roles

    def covers(self, *, office_code: str | None, district_code: str | None) -> bool:
        """Jurisdiction: an office its own area, a district its offices, the city all
        (client.kernel.permissions, where the SQL form lives too)."""
        from client.kernel.permissions import covers

        return covers(self, office_code=office_code, district_code=district_code)

    @property
    def role_labels(self) -> str:
        return "、".join(r.label for r in sorted(self.roles, key=lambda r: list(Role).index(r)))
