"""Handlers of official documents: run on the workstation and again on the centre, where the
roles, the jurisdiction, the classification and every field are judged against the database.

How a document moves follows its flow: the engine's events (`FlowStepped`, `FlowEnded`) set the
document's state, and the steps that do something to it do it here — 编号 takes the unit's next
number of the year (only the centre gives it: offline it is 待分配 until the push), 用印 marks it
sealed, 分发 registers it in every receiving unit of the bureau as an incoming document linked to
the original (centrally: those units are outside the sending workstation's replica).
"""
from __future__ import annotations

import base64
import binascii
import hashlib

import sqlalchemy as sa

from client.documents import access, flows, handoffs, issuers, rules
from client.documents.checks import Attachment, Incoming, attachment_problems, draft_problems, incoming_problems
from client.documents.commands import (
    DraftOutgoing,
    InstructIncoming,
    OpenDocument,
    RegisterIncoming,
    ReviseOutgoing,
    SetDocumentIssuer,
    SignOutgoing,
    draft_of,
)
from client.documents.models import DocumentAttachment, DocumentIssuer, DocumentRevision, OfficialDocument
from client.documents.rules import AREA, Direction, IncomingState, OutgoingState
from client.flows import service as flow_service
from client.flows.definition import Outcome
from client.flows.engine import Action
from client.flows.models import FlowInstance, FlowTask
from client.flows.service import FlowEnded, FlowStepped
from client.kernel.clock import beijing_date
from client.kernel.errors import FieldError, InvalidInput, PermissionDenied, RuleViolation
from client.kernel.ids import derived_id
from client.kernel.models import AppUser, Office
from client.kernel.permissions import require_role, require_scope
from client.kernel.roles import Principal, Role
from client.kernel.text import check_text
from client.kernel.uow import UnitOfWork

CHANGES = {"documents", "flows"}


def _unit_member(uow: UnitOfWork, user_id: str, *roles: Role) -> Principal:
    principal = uow.principal(user_id)
    if roles:
        require_role(principal, *roles)
    if not principal.office_code:
        raise RuleViolation("收发文由工商所办理，请使用工商所的账号")
    return principal


def _document(uow: UnitOfWork, document_id: str, direction: Direction) -> OfficialDocument:
    doc = uow.get(OfficialDocument, document_id, label="公文")
    if doc.direction != direction.code:
        raise RuleViolation(f"该公文不是{direction.label}")
    return doc


# --- 收文 ------------------------------------------------------------------------------------------


def register(cmd: RegisterIncoming, uow: UnitOfWork) -> dict:
    principal = _unit_member(uow, cmd.user_id, Role.SECRETARY, Role.OFFICE_HEAD)
    errors: list[FieldError] = []
    attachments = _decoded(cmd.attachments, errors)
    values, problems = incoming_problems(Incoming(
        sender=cmd.sender, doc_number=cmd.doc_number, title=cmd.doc_title, classification=cmd.classification,
        secret_years=cmd.secret_years, urgency=cmd.urgency, received_on=cmd.received_on,
        page_count=cmd.page_count, attachments=attachments, related=list(cmd.related), kind=cmd.kind),
        beijing_date(cmd.issued_at))
    errors += problems
    if errors:
        raise InvalidInput(errors)
    doc = OfficialDocument(
        id=cmd.document_id, direction=Direction.INCOMING.code, office_code=principal.office_code,
        district_code=principal.district_code, state=IncomingState.PROPOSING.code, title=values["title"],
        doc_number=values["doc_number"], sender=values["sender"], kind=values["kind"],
        classification=values["classification"],
        secret_years=values["secret_years"], urgency=values["urgency"], received_on=values["received_on"],
        page_count=values["page_count"], main_to=[], copy_to=[], attachment_names=[], related=values["related"],
        created_by=cmd.user_id, created_at=cmd.issued_at)
    uow.session.add(doc)
    _add_attachments(uow, doc, attachments, cmd.op_id, cmd.issued_at)
    _start_incoming(uow, doc, cmd.user_id, cmd.op_id, cmd.issued_at)
    uow.changes.update(CHANGES)
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=doc.office_code, op_id=cmd.op_id,
              subject_id=doc.id, details={"summary": f"收文：{doc.doc_number} {doc.title}",
                                          "attachments": {a.filename: a.sha256 for a in attachments}})
    return {"document_id": doc.id}


def _decoded(items, errors: list[FieldError]) -> list[Attachment]:
    """The attachments decoded, each checked against its declared SHA-256 and its real type."""
    found = []
    for i, a in enumerate(items):
        key, name = f"attachments.{i}", str(a.get("filename") or "")
        try:
            data = base64.b64decode(a.get("content") or "", validate=True)
        except (binascii.Error, ValueError):
            errors.append(FieldError(key, f"附件“{name}”的内容不是有效的Base64"))
            continue
        if hashlib.sha256(data).hexdigest() != a.get("sha256"):
            errors.append(FieldError(key, f"附件“{name}”的内容与其SHA-256不符（文件可能已损坏）"))
            continue
        found.append(Attachment(filename=name[-200:], content=data, mime=str(a.get("mime") or "")))
    errors += attachment_problems(found)
    return found


def _add_attachments(uow: UnitOfWork, doc: OfficialDocument, attachments: list[Attachment], op_id: str, at) -> None:
    uow.session.flush()  # the document first: its attachments refer to it
    for i, a in enumerate(attachments):
        uow.session.add(DocumentAttachment(
            id=derived_id(op_id, f"attachment-{doc.id}-{i}"), document_id=doc.id, seq=i, filename=a.filename,
            mime=a.sniffed or a.mime, size=len(a.content), sha256=a.sha256, content=a.content,
            office_code=doc.office_code, district_code=doc.district_code, added_at=at))


def _start_incoming(uow: UnitOfWork, doc: OfficialDocument, user_id: str, op_id: str, at) -> None:
    uow.session.flush()
    instance = flow_service.start_instance(
        uow, flow_key=flows.INCOMING, subject_area=AREA, subject_id=doc.id,
        title=f"收文：{doc.title}", office_code=doc.office_code, district_code=doc.district_code,
        fields=_incoming_fields(doc, ()), user_id=user_id, op_id=op_id if doc.source_id is None else
        derived_id(op_id, f"incoming-flow-{doc.id}"), at=at)
    doc.flow_instance_id = instance.id


def _incoming_fields(doc: OfficialDocument, undertakers) -> dict:
    return {"undertakers": ",".join(undertakers), "undertaker_count": len(undertakers),
            "urgency": doc.urgency, "classification": doc.classification}


def instruct(cmd: InstructIncoming, uow: UnitOfWork) -> dict:
    """领导批示: the opinion is required; the 承办人 must be enabled users of the bureau."""
    uow.principal(cmd.user_id)
    doc = _document(uow, cmd.document_id, Direction.INCOMING)
    task = uow.get(FlowTask, cmd.task_id, label="待办事项", for_update=False)
    if task.instance_id != doc.flow_instance_id or task.node_key != flows.INSTRUCT:
        raise RuleViolation("该待办事项不是本文件的领导批示")
    errors = []
    opinion, problem = check_text(cmd.opinion, label="批示意见", minimum=2, maximum=rules.SETTINGS.opinion_max,
                                  keep_lines=True)
    if problem:
        errors.append(FieldError("opinion", problem))
    undertakers = tuple(dict.fromkeys(cmd.undertakers))
    if undertakers:
        known = {u.id: u for u in uow.session.scalars(sa.select(AppUser).where(AppUser.id.in_(undertakers)))}
        missing = [u for u in undertakers if u not in known or known[u].disabled]
        if missing:
            errors.append(FieldError("undertakers", "承办人：所选人员不是在用的账号，请重新选择"))
    if errors:
        raise InvalidInput(errors)
    flow_service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version, action=Action.APPROVE,
                      actor_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at, opinion=opinion,
                      fields=_incoming_fields(doc, undertakers))
    uow.changes.update(CHANGES)
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=doc.office_code, op_id=cmd.op_id,
              subject_id=doc.id, details={"summary": f"批示：{doc.title}", "undertakers": list(undertakers)})
    return {}


# --- 发文 ------------------------------------------------------------------------------------------


def draft(cmd: DraftOutgoing, uow: UnitOfWork) -> dict:
    principal = _unit_member(uow, cmd.user_id)
    values, errors = draft_problems(draft_of(cmd, classification=cmd.classification,
                                             secret_years=cmd.secret_years, urgency=cmd.urgency))
    cosigners = tuple(dict.fromkeys(cmd.cosigners))
    if cmd.user_id in cosigners:
        errors.append(FieldError("cosigners", "会签人：不能选择拟稿人自己"))
    elif cosigners:
        known = set(uow.session.scalars(sa.select(AppUser.id).where(AppUser.id.in_(cosigners),
                                                                    AppUser.disabled.is_(False))))
        if len(known) != len(cosigners):
            errors.append(FieldError("cosigners", "会签人：所选人员不是在用的账号，请重新选择"))
    if errors:
        raise InvalidInput(errors)
    office = uow.session.get(Office, principal.office_code)
    doc = OfficialDocument(
        id=cmd.document_id, direction=Direction.OUTGOING.code, office_code=principal.office_code,
        district_code=principal.district_code, state=OutgoingState.DRAFTING.code, title=values["title"],
        sender=office.name, kind=values["kind"], classification=values["classification"],
        secret_years=values["secret_years"],
        urgency=values["urgency"], body=values["body"], main_to=values["main_to"], copy_to=values["copy_to"],
        attachment_names=values["attachment_names"], related=[], created_by=cmd.user_id, created_at=cmd.issued_at)
    uow.session.add(doc)
    uow.session.flush()  # the document first: its revisions refer to it
    _revision(uow, doc, principal, cmd.op_id, cmd.issued_at, step="拟稿", note=None, seq=1)
    instance = flow_service.start_instance(
        uow, flow_key=flows.OUTGOING, subject_area=AREA, subject_id=doc.id, title=f"发文：{doc.title}",
        office_code=doc.office_code, district_code=doc.district_code,
        fields={"drafter": cmd.user_id, "cosigners": ",".join(cosigners), "cosigner_count": len(cosigners),
                "urgency": doc.urgency, "classification": doc.classification},
        user_id=cmd.user_id, op_id=cmd.op_id, at=cmd.issued_at)
    doc.flow_instance_id = instance.id
    uow.changes.update(CHANGES)
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=doc.office_code, op_id=cmd.op_id,
              subject_id=doc.id, details={"summary": f"拟稿：{doc.title}"})
    return {"document_id": doc.id}


def _revision(uow: UnitOfWork, doc: OfficialDocument, principal: Principal, op_id: str, at, *, step: str,
              note: str | None, seq: int) -> None:
    uow.session.add(DocumentRevision(
        id=derived_id(op_id, f"revision-{seq}"), document_id=doc.id, seq=seq, author_id=principal.user_id,
        author_name=principal.full_name, step=step[:20], made_at=at, note=note, title=doc.title, body=doc.body,
        main_to=list(doc.main_to), copy_to=list(doc.copy_to), attachment_names=list(doc.attachment_names),
        office_code=doc.office_code, district_code=doc.district_code))


def revise(cmd: ReviseOutgoing, uow: UnitOfWork) -> dict:
    """Whoever holds the draft now (an open task on it, or a delegate's) may change it, until 签发."""
    principal = uow.principal(cmd.user_id)
    doc = _document(uow, cmd.document_id, Direction.OUTGOING)
    uow.check_version(doc, cmd.base_version, label="该文稿")
    if doc.state not in rules.REVISABLE:
        raise RuleViolation(f"文件已{OutgoingState.label_of(doc.state)}，文稿不能再修改")
    task = flow_service.open_task_of(uow.session, doc.flow_instance_id, cmd.user_id, beijing_date(cmd.issued_at))
    if task is None:
        raise PermissionDenied("只有当前办理该文稿的人员才能修改文稿")
    values, errors = draft_problems(draft_of(cmd, classification=doc.classification,
                                             secret_years=doc.secret_years, urgency=doc.urgency))
    note, problem = check_text(cmd.note, label="修改说明", maximum=500)
    if problem:
        errors.append(FieldError("note", problem))
    if errors:
        raise InvalidInput(errors)
    new = {k: values[k] for k in ("title", "kind", "body", "main_to", "copy_to", "attachment_names")}
    if all(getattr(doc, k) == v for k, v in new.items()):
        raise RuleViolation("文稿没有改动")
    for k, v in new.items():
        setattr(doc, k, v)
    doc.version += 1
    seq = (uow.session.scalar(sa.select(sa.func.max(DocumentRevision.seq))
                              .where(DocumentRevision.document_id == doc.id)) or 0) + 1
    _revision(uow, doc, principal, cmd.op_id, cmd.issued_at, step=task.node_title, note=note or None, seq=seq)
    uow.changes.add("documents")
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=doc.office_code, op_id=cmd.op_id,
              subject_id=doc.id, details={"summary": f"修改文稿（第{seq}稿，{task.node_title}）：{doc.title}"})
    return {"revision": seq}


def sign(cmd: SignOutgoing, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    doc = _document(uow, cmd.document_id, Direction.OUTGOING)
    task = uow.get(FlowTask, cmd.task_id, label="待办事项", for_update=False)
    if task.instance_id != doc.flow_instance_id or task.node_key != flows.SIGN:
        raise RuleViolation("该待办事项不是本文件的签发")
    opinion, problem = check_text(cmd.opinion, label="签发意见", minimum=0 if cmd.approve else 2,
                                  maximum=rules.SETTINGS.opinion_max, keep_lines=True)
    if problem:
        raise InvalidInput([FieldError("opinion", problem)])
    if cmd.approve:
        doc.signer = principal.full_name
        doc.signed_on = beijing_date(cmd.issued_at)
        doc.version += 1
    flow_service.step(uow, task_id=cmd.task_id, base_version=cmd.base_version,
                      action=Action.APPROVE if cmd.approve else Action.REFUSE, actor_id=cmd.user_id,
                      op_id=cmd.op_id, at=cmd.issued_at, opinion=opinion or None)
    uow.changes.update(CHANGES)
    uow.audit(action=cmd.name, user_id=cmd.user_id, office_code=doc.office_code, op_id=cmd.op_id,
              subject_id=doc.id, details={"summary": f"{'签发' if cmd.approve else '不予签发'}：{doc.title}"})
    return {}


def open_document(cmd: OpenDocument, uow: UnitOfWork) -> dict:
    """The bus writes the audit entry of every applied command; this one names the document."""
    principal = uow.principal(cmd.user_id)
    doc = uow.get(OfficialDocument, cmd.document_id, label="公文", for_update=False)
    access.require_read(uow.session, principal, doc)
    return {"subject_id": doc.id}


# --- following the flow ------------------------------------------------------------------------------

_INCOMING_STATE = {flows.PROPOSE: IncomingState.PROPOSING, flows.INSTRUCT: IncomingState.INSTRUCTING,
                   flows.UNDERTAKE: IncomingState.UNDERTAKING, flows.HANDLE: IncomingState.UNDERTAKING}
_OUTGOING_STATE = {flows.DRAFT: OutgoingState.DRAFTING, flows.REVIEW: OutgoingState.REVIEWING,
                   flows.COSIGN: OutgoingState.COSIGNING, flows.SIGN: OutgoingState.SIGNING,
                   flows.NUMBER: OutgoingState.NUMBERING, flows.SEAL: OutgoingState.SEALING,
                   flows.DISTRIBUTE: OutgoingState.DISTRIBUTING}


# --- 发文机关 ---------------------------------------------------------------------------------------


def set_issuer(cmd: SetDocumentIssuer, uow: UnitOfWork) -> dict:
    """An administrator sets an office's 机关代字 and 发文机关标志 (its numbers given from now on
    use the new 代字)."""
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.ADMIN)
    office = uow.session.get(Office, cmd.office_code)
    if office is None:
        raise InvalidInput([FieldError("office_code", f"单位代码“{cmd.office_code}”不存在")])
    require_scope(principal, office_code=office.code, district_code=office.district_code, what="该单位")
    mark, authority = "".join(cmd.mark.split()), "".join(cmd.authority.split())
    letter_mark = "".join((cmd.letter_mark or "").split()) or None
    problems = issuers.issuer_problems(uow.session, office.code, mark, authority, letter_mark)
    if problems:
        raise InvalidInput(problems)
    setting = uow.session.get(DocumentIssuer, office.code, with_for_update=True)
    if setting is None:
        if cmd.base_version is not None:
            raise RuleViolation("该单位的发文机关设置不存在，请刷新后重试")
        setting = DocumentIssuer(office_code=office.code, district_code=office.district_code, version=1)
        uow.session.add(setting)
    else:
        # (a change names the version it saw: None would be a first setting made twice)
        uow.check_version(setting, cmd.base_version if cmd.base_version is not None else 0,
                          label="该单位的发文机关设置")
        setting.version += 1
    setting.mark, setting.authority, setting.letter_mark = mark, authority, letter_mark
    setting.updated_by, setting.updated_at = principal.user_id, cmd.issued_at
    uow.changes.add("documents")
    return {"subject_id": office.code, "mark": mark, "authority": authority, "letter_mark": letter_mark,
            "version": setting.version}


def on_flow_stepped(event: FlowStepped, uow: UnitOfWork) -> None:
    if event.subject_area != AREA:
        return
    session = uow.session
    doc = session.get(OfficialDocument, event.subject_id)
    if doc is None:
        return
    instance = session.get(FlowInstance, event.instance_id)
    state = flow_service.instance_state(session, instance)
    if instance.outcome is None:
        table = _INCOMING_STATE if doc.direction == Direction.INCOMING.code else _OUTGOING_STATE
        current = [table[k] for k in table if k in state.current_nodes()]
        if current:
            doc.state = current[0].code
    if doc.handoff is None:
        handoffs.recall(uow, doc, event.actor_id, event.at)
        if instance.outcome is None:
            handoffs.hand_off(uow, doc, instance, event.actor_id, event.at)
    approved = event.action == Action.APPROVE
    if approved and event.node_key == flows.NUMBER and doc.number_serial is None:
        _number(uow, doc, event)
    elif approved and event.node_key == flows.SEAL:
        doc.sealed = True
    elif event.action == Action.WITHDRAW and event.node_key == flows.SEAL:
        doc.sealed = False
    elif approved and event.node_key == flows.DISTRIBUTE:
        _distribute(uow, doc, event)
    doc.version += 1
    uow.changes.add("documents")


def _number(uow: UnitOfWork, doc: OfficialDocument, event: FlowStepped) -> None:
    """The unit's next number of the year, under the counter's row lock: two offices numbering at
    the same moment wait for each other, and a command that fails gives its number back."""
    year = beijing_date(event.at).year
    mark, counter = issuers.issuer_of(uow.session, doc.office_code).series(doc.kind, year)
    serial = uow.number_or_pending(counter)
    if serial is None:
        return  # 待分配: the centre numbers it when the step is pushed
    doc.number_year, doc.number_serial = year, serial
    doc.doc_number = rules.format_number(mark, year, serial)


def _distribute(uow: UnitOfWork, doc: OfficialDocument, event: FlowStepped) -> None:
    """分发: each receiving office of the bureau gets the document registered in its incoming list,
    its 拟办 open. Only the centre does it: the receiving units are outside this workstation."""
    if not uow.assigns_numbers:
        return
    session = uow.session
    wanted = list(dict.fromkeys(u["code"] for u in list(doc.main_to) + list(doc.copy_to)
                                if u.get("code") and u["code"] != doc.office_code))
    offices = {o.code: o for o in session.scalars(sa.select(Office).where(Office.code.in_(wanted)))}
    for code in wanted:
        office = offices.get(code)
        if office is None:
            continue
        incoming = OfficialDocument(
            id=derived_id(event.instance_id, f"distributed-{code}"), direction=Direction.INCOMING.code,
            office_code=office.code, district_code=office.district_code, state=IncomingState.PROPOSING.code,
            title=doc.title, doc_number=doc.doc_number or "", sender=doc.sender, classification=doc.classification,
            secret_years=doc.secret_years, urgency=doc.urgency, received_on=beijing_date(event.at),
            page_count=None, main_to=[], copy_to=[], attachment_names=list(doc.attachment_names), related=[],
            source_id=doc.id, created_by=event.actor_id, created_at=event.at)
        if session.get(OfficialDocument, incoming.id) is not None:
            continue  # distributed before (a withdrawn and repeated 分发)
        session.add(incoming)
        _start_incoming(uow, incoming, event.actor_id, event.instance_id, event.at)
    uow.audit(action="documents.distribute", user_id=event.actor_id, office_code=doc.office_code, op_id=None,
              subject_id=doc.id, details={"summary": f"分发：{doc.doc_number} {doc.title}",
                                          "to": [offices[c].name for c in wanted if c in offices]})


def on_flow_ended(event: FlowEnded, uow: UnitOfWork) -> None:
    if event.subject_area != AREA:
        return
    doc = uow.session.get(OfficialDocument, event.subject_id)
    if doc is None:
        return
    approved = event.outcome == Outcome.APPROVED.code
    if event.outcome == Outcome.CANCELLED.code:
        doc.state = IncomingState.RECALLED.code  # only hand-offs are cancelled (handoffs.recall)
    else:
        if doc.handoff is not None:
            handoffs.handed_back(uow, doc, approved=approved, opinion=event.opinion,
                                 instance_id=event.instance_id, at=event.at)
        if doc.direction == Direction.INCOMING.code:
            doc.state = (IncomingState.DONE if approved else IncomingState.CLOSED).code
        else:
            doc.state = (OutgoingState.DISTRIBUTED if approved else OutgoingState.REFUSED).code
    doc.finished_at = event.at
    doc.version += 1
    uow.changes.add("documents")


HANDLERS = {
    RegisterIncoming: register,
    InstructIncoming: instruct,
    DraftOutgoing: draft,
    ReviseOutgoing: revise,
    SignOutgoing: sign,
    OpenDocument: open_document,
    SetDocumentIssuer: set_issuer,
}
