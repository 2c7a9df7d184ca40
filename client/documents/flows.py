"""The default flows of incoming and outgoing documents (version 1 of each; an administrator
publishes later ones in the flow editor, e.g. a second 核稿 for 上行文).

The nodes handlers act on are named here; the people a document names (the 承办人 the head
picks in his 批示, the 会签 people the drafter picks, the drafter) are case fields ("@field")."""
from __future__ import annotations

from client.flows.definition import Assignees, Decision, Edge, FlowDefinition, Node, Outcome

INCOMING = "documents.incoming"
OUTGOING = "documents.outgoing"
HANDOFF = "documents.handoff"

# incoming
PROPOSE, INSTRUCT, UNDERTAKE, DONE = "propose", "instruct", "undertake", "done"
# outgoing
DRAFT, REVIEW, COSIGN, SIGN, NUMBER, SEAL, DISTRIBUTE, ISSUED = (
    "draft", "review", "cosign", "sign", "number", "seal", "distribute", "issued")

# a hand-off (会签件, 承办件) in another office
HANDLE, HANDED = "handle", "handed"

#: the forms (client.flows.definition.Node.form) of the nodes decided in the documents screen
INSTRUCT_FORM = "documents.instruct"
SIGN_FORM = "documents.sign"

_SECRETARY = Assignees(role="secretary", unit="office")
_HEAD = Assignees(role="head", unit="office")


def incoming_flow() -> FlowDefinition:
    """拟办 (文书) → 领导批示 (所长, naming the 承办人) → 承办 (in parallel, every one) → 办结;
    a 批示 that names nobody (阅知) ends it at once."""
    return FlowDefinition(
        key=INCOMING, title="收文办理",
        nodes=(
            Node("start", "start", "收文登记", x=0, y=0),
            Node(PROPOSE, "approve", "拟办", x=220, y=0, assignees=_SECRETARY, deadline_days=1),
            Node(INSTRUCT, "approve", "领导批示", x=440, y=0, assignees=_HEAD, deadline_days=2,
                 form=INSTRUCT_FORM),
            Node("who", "condition", "是否需承办", x=660, y=0),
            Node(UNDERTAKE, "approve", "承办", x=660, y=160, assignees=Assignees(users=("@undertakers",)),
                 decision=Decision.ALL.code, deadline_days=5),
            Node(DONE, "end", "办结", x=880, y=0, outcome=Outcome.APPROVED.code),
        ),
        edges=(
            Edge("start", PROPOSE), Edge(PROPOSE, INSTRUCT), Edge(INSTRUCT, "who"),
            Edge("who", UNDERTAKE, condition="undertaker_count > 0", label="需承办"),
            Edge("who", DONE, label="阅知"),
            Edge(UNDERTAKE, DONE),
        ),
        fields=(("undertaker_count", "承办人数"), ("urgency", "紧急程度"), ("classification", "密级")),
    )


def outgoing_flow() -> FlowDefinition:
    """拟稿 → 核稿 → 会签 (every unit named, in parallel; skipped when none) → 签发 → 编号 → 用印
    → 分发; a refusal at any step ends it (不予发文); 退回 sends it back to an earlier step."""
    return FlowDefinition(
        key=OUTGOING, title="发文办理",
        nodes=(
            Node("start", "start", "起草", x=0, y=0),
            Node(DRAFT, "approve", "拟稿", x=200, y=0, assignees=Assignees(users=("@drafter",))),
            Node(REVIEW, "approve", "核稿", x=400, y=0, assignees=Assignees(role="reviewer", unit="office"),
                 deadline_days=2),
            Node("any_cosign", "condition", "是否会签", x=600, y=0),
            Node(COSIGN, "approve", "会签", x=600, y=160, assignees=Assignees(users=("@cosigners",)),
                 decision=Decision.ALL.code, deadline_days=3),
            Node(SIGN, "approve", "签发", x=800, y=0, assignees=_HEAD, deadline_days=2, form=SIGN_FORM),
            Node(NUMBER, "approve", "编号", x=1000, y=0, assignees=_SECRETARY, deadline_days=1),
            Node(SEAL, "approve", "用印", x=1200, y=0, assignees=_SECRETARY, deadline_days=1),
            Node(DISTRIBUTE, "approve", "分发", x=1400, y=0, assignees=_SECRETARY, deadline_days=1),
            Node(ISSUED, "end", "已分发", x=1600, y=0, outcome=Outcome.APPROVED.code),
        ),
        edges=(
            Edge("start", DRAFT), Edge(DRAFT, REVIEW), Edge(REVIEW, "any_cosign"),
            Edge("any_cosign", COSIGN, condition="cosigner_count > 0", label="需会签"),
            Edge("any_cosign", SIGN, label="不需会签"),
            Edge(COSIGN, SIGN), Edge(SIGN, NUMBER), Edge(NUMBER, SEAL), Edge(SEAL, DISTRIBUTE),
            Edge(DISTRIBUTE, ISSUED),
        ),
        fields=(("cosigner_count", "会签人数"), ("urgency", "紧急程度"), ("classification", "密级")),
    )


def handoff_flow() -> FlowDefinition:
    """A 会签 or 承办 asked of someone in another office: a document of its own in that office
    (so it is there offline), with one step for that person; its end decides their part of the
    original (client/documents/handoffs.py)."""
    return FlowDefinition(
        key=HANDOFF, title="会签、承办（他单位）",
        nodes=(
            Node("start", "start", "送达", x=0, y=0),
            Node(HANDLE, "approve", "办理", x=220, y=0, assignees=Assignees(users=("@handler",)), deadline_days=3),
            Node(HANDED, "end", "办结", x=440, y=0, outcome=Outcome.APPROVED.code),
        ),
        edges=(Edge("start", HANDLE), Edge(HANDLE, HANDED)),
    )
