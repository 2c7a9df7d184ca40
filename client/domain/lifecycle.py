"""States of market entities and applications, and which moves are allowed."""
from __future__ import annotations

import enum


class EntityState(enum.Enum):
    ACTIVE = ("active", "存续")
    REVOKED = ("revoked", "吊销")
    DEREGISTERED = ("deregistered", "注销")
    MOVED_OUT = ("moved_out", "迁出")

    def __init__(self, code: str, label: str):
        self.code = code
        self.label = label

    @classmethod
    def from_code(cls, code: str) -> "EntityState":
        return next(s for s in cls if s.code == code)


class ApplicationKind(enum.Enum):
    ESTABLISH = ("establish", "设立登记")
    CHANGE = ("change", "变更登记")
    DEREGISTER = ("deregister", "注销登记")

    def __init__(self, code: str, label: str):
        self.code = code
        self.label = label

    @classmethod
    def from_code(cls, code: str) -> "ApplicationKind":
        return next(k for k in cls if k.code == code)


class ApplicationState(enum.Enum):
    ACCEPTED = ("accepted", "已受理")
    APPROVED = ("approved", "已核准")
    REJECTED = ("rejected", "已驳回")

    def __init__(self, code: str, label: str):
        self.code = code
        self.label = label

    @classmethod
    def from_code(cls, code: str) -> "ApplicationState":
        return next(s for s in cls if s.code == code)


#: what may happen to an entity in each state (None: nothing; the register keeps it as history)
ENTITY_ACTIONS: dict[EntityState, frozenset[str]] = {
    EntityState.ACTIVE: frozenset({"change", "deregister", "revoke", "print_licence"}),
    # a revoked entity must still be wound up and deregistered (吊销后仍须办理注销)
    EntityState.REVOKED: frozenset({"deregister"}),
    EntityState.DEREGISTERED: frozenset(),
    EntityState.MOVED_OUT: frozenset(),
}

ACTION_LABELS = {
    "change": "变更登记",
    "deregister": "注销登记",
    "revoke": "吊销营业执照",
    "print_licence": "打印营业执照",
}


def refusal(state: EntityState, action: str) -> str | None:
    """None if the action is allowed, else the reason in Chinese."""
    if action in ENTITY_ACTIONS[state]:
        return None
    return f"该主体当前状态为“{state.label}”，不能办理{ACTION_LABELS.get(action, action)}"
