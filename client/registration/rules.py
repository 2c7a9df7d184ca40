"""Registration's rules: the kinds and states of applications, and what may be applied for
in each state of an entity."""
from __future__ import annotations

from client.kernel.coded import CodedEnum
from client.kernel.lifecycle import EntityState


class ApplicationKind(CodedEnum):
    ESTABLISH = ("establish", "设立登记")
    CHANGE = ("change", "变更登记")
    DEREGISTER = ("deregister", "注销登记")


class ApplicationState(CodedEnum):
    ACCEPTED = ("accepted", "已受理")
    APPROVED = ("approved", "已核准")
    REJECTED = ("rejected", "已驳回")


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
