"""The default flows of certification and mediation (version 1 of each; an administrator
publishes later versions in the flow editor, e.g. to change the amount over which the district
bureau approves)."""
from __future__ import annotations

from decimal import Decimal

from client.certification.rules import SETTINGS
from client.flows.definition import Assignees, Edge, FlowDefinition, Node, Outcome

CERTIFICATION = "certification.contract"
MEDIATION = "certification.mediation"

#: the nodes handlers act on by key
ACCEPT, EXAMINE, HEAD, DISTRICT = "accept", "examine", "head", "district"
MEDIATION_ACCEPT, MEDIATE = "accept", "mediate"

_CERTIFIER = Assignees(role="certifier", unit="office")
_HEAD = Assignees(role="head", unit="office")


def certification_flow(threshold: Decimal = SETTINGS.district_threshold) -> FlowDefinition:
    """受理 → 鉴证员审查 → 所长审批 → (金额超过限额：分局审批) → 出具鉴证书; any refusal: 不予鉴证."""
    return FlowDefinition(
        key=CERTIFICATION, title="合同鉴证",
        nodes=(
            Node("start", "start", "申请", x=0, y=0),
            Node(ACCEPT, "approve", "受理", x=240, y=0, assignees=_CERTIFIER, deadline_days=1),
            Node(EXAMINE, "approve", "鉴证员审查", x=480, y=0, assignees=_CERTIFIER, deadline_days=5,
                 form="certification.examine"),
            Node(HEAD, "approve", "所长审批", x=720, y=0, assignees=_HEAD, deadline_days=2),
            Node("amount", "condition", "金额判断", x=960, y=0),
            Node(DISTRICT, "approve", "分局审批", x=960, y=160,
                 assignees=Assignees(role="head", unit="district"), deadline_days=3),
            Node("issue", "end", "出具鉴证书", x=1200, y=0, outcome=Outcome.APPROVED.code),
        ),
        edges=(
            Edge("start", ACCEPT), Edge(ACCEPT, EXAMINE), Edge(EXAMINE, HEAD), Edge(HEAD, "amount"),
            Edge("amount", DISTRICT, condition=f"amount > {threshold}", label="超过限额"),
            Edge("amount", "issue", label="其他"),
            Edge(DISTRICT, "issue"),
        ),
        fields=(("amount", "合同金额（元）"), ("party_kinds", "当事人类型")),
    )


def mediation_flow() -> FlowDefinition:
    """受理审查 (5 working days) → 调解 → 办结; 不予受理 ends it refused."""
    return FlowDefinition(
        key=MEDIATION, title="合同争议调解",
        nodes=(
            Node("start", "start", "申请", x=0, y=0),
            Node(MEDIATION_ACCEPT, "approve", "受理审查", x=240, y=0, assignees=_CERTIFIER,
                 deadline_days=SETTINGS.mediation_accept_days, form="certification.mediation_accept"),
            # the mediators named when the application was accepted (the case's field "mediators")
            Node(MEDIATE, "approve", "调解", x=480, y=0, assignees=Assignees(users=("@mediators",)),
                 deadline_days=30, form="certification.mediation_conclude"),
            Node("done", "end", "办结", x=720, y=0),
        ),
        edges=(Edge("start", MEDIATION_ACCEPT), Edge(MEDIATION_ACCEPT, MEDIATE), Edge(MEDIATE, "done")),
        fields=(("claim_amount", "争议金额（元）"), ("mediators", "调解员")),
    )
