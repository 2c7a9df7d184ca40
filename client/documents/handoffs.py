"""会签 and 承办 by people of other offices.

A flow's tasks live in the document's unit, so they reach that unit's workstations and nobody
else's; someone in another office would neither see the task nor be able to act on it, online
or off, since every command runs on the workstation's own replica first. So when a 会签 or 承办
task opens for a person of another office, the centre registers a hand-off in that office — a
document of its own (会签件 / 承办件: the original's title, number, text and classification,
its scans, and the steps decided on it so far — the 拟办 and 批示 a 承办人 acts on — linked to
it), with a one-step flow for that person — exactly as a distributed document arrives
registered. It reaches their workstation with the next pull; they decide it there, offline too.
When the hand-off's flow ends, the centre decides their task on the original with the same
opinion (同意, or 不同意 at a 会签), as them.

And the other way: when their task on the original closes without them — another 会签 refused
and ended the flow, the 核稿 that opened the 会签 was withdrawn, the flow went back — the centre
recalls the hand-off (its flow cancelled, the document 无需办理), so nothing stays in their 待办
that nobody needs. A decision they made offline meanwhile comes back as a conflict when pushed
(the task changed on the centre), as when two people decide one node.

Only the centre does either (the other office is outside the workstation that made the step);
both are derived from the tasks' ids, so a replayed push makes nothing twice.
"""
from __future__ import annotations

import sqlalchemy as sa

from client.documents import flows
from client.documents.models import DocumentAttachment, OfficialDocument
from client.documents.rules import AREA, Direction, Handoff, IncomingState
from client.flows import service as flow_service
from client.flows.engine import APPROVE, Action, TaskState
from client.flows.models import FlowInstance, FlowTask
from client.kernel.clock import beijing_date
from client.kernel.ids import derived_id
from client.kernel.models import AppUser, Office

_KIND = {flows.COSIGN: Handoff.COSIGN, flows.UNDERTAKE: Handoff.UNDERTAKE}


def hand_off(uow, doc: OfficialDocument, instance: FlowInstance, actor_id: str, at) -> None:
    """A hand-off for every open 会签/承办 task of the original held by someone of another office."""
    if not uow.assigns_numbers:
        return
    session = uow.session
    tasks = session.scalars(sa.select(FlowTask).where(
        FlowTask.instance_id == instance.id, FlowTask.state == TaskState.OPEN, FlowTask.kind == APPROVE,
        FlowTask.node_key.in_(list(_KIND)))).all()
    for task in tasks:
        user = session.get(AppUser, task.assignee_id)
        if user is None or user.office_code in (None, doc.office_code):
            continue  # the unit's own people, and its district's (a district's workstations see it)
        child_id = derived_id(task.id, "handoff")
        if session.get(OfficialDocument, child_id) is not None:
            continue
        office = session.get(Office, user.office_code)
        sender = session.get(Office, doc.office_code)
        earlier = earlier_steps(session, instance.id)
        child = OfficialDocument(
            id=child_id, direction=Direction.INCOMING.code, office_code=office.code,
            district_code=office.district_code, state=IncomingState.UNDERTAKING.code, title=doc.title,
            doc_number=doc.doc_number or "", sender=sender.name if sender else doc.sender,
            classification=doc.classification, secret_years=doc.secret_years, urgency=doc.urgency,
            received_on=beijing_date(at), body=doc.body, main_to=list(doc.main_to or []),
            copy_to=list(doc.copy_to or []), attachment_names=list(doc.attachment_names or []),
            related=list(doc.related or []), source_id=doc.id, handoff=_KIND[task.node_key].code,
            parent_task_id=task.id, original_trail=earlier, created_by=actor_id, created_at=at)
        session.add(child)
        session.flush()
        _copy_attachments(session, doc, child, at)
        kind = _KIND[task.node_key].label
        child_instance = flow_service.start_instance(
            uow, flow_key=flows.HANDOFF, subject_area=AREA, subject_id=child.id, title=f"{kind}：{doc.title}",
            office_code=child.office_code, district_code=child.district_code, fields={"handler": user.id},
            user_id=actor_id, op_id=derived_id(task.id, "handoff-flow"), at=at)
        child.flow_instance_id = child_instance.id
        uow.audit(action="documents.hand_off", user_id=actor_id, office_code=doc.office_code, op_id=None,
                  subject_id=child.id, details={"summary": f"{kind}送{office.name}{user.full_name}：{doc.title}",
                                                "original": doc.id})
        uow.changes.add("documents")


def _copy_attachments(session, doc: OfficialDocument, child: OfficialDocument, at) -> None:
    """The original's scans go with it (a 承办人 reads the notice itself): rows of the hand-off's
    office, since a workstation holds its own office's rows only."""
    for a in session.scalars(sa.select(DocumentAttachment).where(DocumentAttachment.document_id == doc.id)
                             .order_by(DocumentAttachment.seq)):
        session.add(DocumentAttachment(
            id=derived_id(a.id, f"handoff-{child.id}"), document_id=child.id, seq=a.seq, filename=a.filename,
            mime=a.mime, size=a.size, sha256=a.sha256, content=a.content, office_code=child.office_code,
            district_code=child.district_code, added_at=at))


def earlier_steps(session, instance_id: str) -> list[dict]:
    """The original's decided steps so far, oldest first, as a hand-off carries them."""
    decided = session.scalars(sa.select(FlowTask).where(
        FlowTask.instance_id == instance_id, FlowTask.kind == APPROVE,
        FlowTask.state.in_([TaskState.APPROVED, TaskState.REFUSED, TaskState.RETURNED]))
        .order_by(FlowTask.decided_at, FlowTask.id)).all()
    ids = {t.assignee_id for t in decided} | {t.decided_by for t in decided if t.decided_by}
    names = dict(session.execute(sa.select(AppUser.id, AppUser.full_name).where(AppUser.id.in_(ids))).all()) \
        if ids else {}
    steps = []
    for t in decided:
        by = names.get(t.decided_by or t.assignee_id, "")
        if t.decided_by and t.decided_by != t.assignee_id:
            by = f"{by}（代{names.get(t.assignee_id, '')}）"
        steps.append({"step": t.node_title, "by": by, "at": t.decided_at.isoformat() if t.decided_at else None,
                      "decision": TaskState.LABELS.get(t.state, t.state), "opinion": t.opinion})
    return steps


def recall(uow, doc: OfficialDocument, actor_id: str, at) -> None:
    """Recall the original's running hand-offs whose task there is no longer open."""
    if not uow.assigns_numbers:
        return
    session = uow.session
    children = session.scalars(sa.select(OfficialDocument).where(
        OfficialDocument.source_id == doc.id, OfficialDocument.handoff.is_not(None),
        OfficialDocument.finished_at.is_(None))).all()
    for child in children:
        task = session.get(FlowTask, child.parent_task_id) if child.parent_task_id else None
        instance = session.get(FlowInstance, child.flow_instance_id) if child.flow_instance_id else None
        if task is None or task.state == TaskState.OPEN or instance is None or instance.outcome is not None:
            continue
        reason = f"原件{task.node_title}环节{TaskState.LABELS.get(task.state, task.state)}，此件无需办理"
        flow_service.cancel_instance(uow, instance, actor_id=actor_id, reason=reason, at=at)
        uow.audit(action="documents.recall", user_id=actor_id, office_code=doc.office_code, op_id=None,
                  subject_id=child.id, details={"summary": f"收回{Handoff.label_of(child.handoff)}件：{doc.title}",
                                                "original": doc.id, "reason": reason})


def handed_back(uow, child: OfficialDocument, *, approved: bool, opinion: str | None, instance_id: str, at) -> None:
    """A hand-off ended: its holder's task on the original is decided as they decided it."""
    if not uow.assigns_numbers or not child.parent_task_id:
        return
    task = uow.session.get(FlowTask, child.parent_task_id)
    if task is None or task.state != TaskState.OPEN:
        return  # decided on the original meanwhile (online, by the holder or a delegate)
    refuse = not approved and child.handoff == Handoff.COSIGN.code
    flow_service.step(uow, task_id=task.id, base_version=task.version,
                      action=Action.REFUSE if refuse else Action.APPROVE, actor_id=task.assignee_id,
                      op_id=derived_id(instance_id, "handed-back"), at=at,
                      opinion=opinion or ("不同意" if refuse else None))
