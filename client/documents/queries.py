"""What the documents screens read: a unit's incoming or outgoing list with its search, one
document with its trail, revisions and links, an attachment's bytes, the people and units a
drafter or a head picks from, and the printed forms. Plain dataclasses, so the same function
answers on the replica and on the centre; every one applies client/documents/access.py."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import sqlalchemy as sa

from client.documents import access, rules
from client.documents.issuers import issuer_of
from client.documents.models import DocumentAttachment, DocumentRevision, OfficialDocument
from client.documents.rules import Direction, DocKind, IncomingState, OutgoingState, Urgency
from client.flows import service as flow_service
from client.flows.engine import APPROVE, TaskState
from client.flows.models import FlowTask
from client.kernel.clock import beijing_date, beijing_today
from client.kernel.errors import NotFound, RuleViolation
from client.kernel.models import AppUser, District, Office
from client.kernel.numbers import PENDING
from client.kernel.roles import Principal, parse_roles
from client.kernel.text import LIKE_ESCAPE, like_contains

PAGE = 200


def state_label(direction: str, state: str) -> str:
    return (IncomingState if direction == Direction.INCOMING.code else OutgoingState).label_of(state)


# --- the list --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentFilter:
    direction: str = Direction.INCOMING.code
    #: words of the title (every one must occur)
    words: str = ""
    number: str = ""
    sender: str = ""
    state: str | None = None
    #: 收文日期 (incoming) / 拟稿日期 (outgoing), Beijing dates, inclusive
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    overdue_only: bool = False


@dataclass(frozen=True)
class DocumentRow:
    document_id: str
    version: int
    doc_number: str
    title: str
    sender: str
    classification: str
    classification_text: str
    urgency: str
    urgency_label: str
    day: dt.date | None  # 收文日期 / 成文日期 (else the drafting day)
    state: str
    state_label: str
    #: the earliest deadline of its open steps, and whether it has passed
    due_on: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class DocumentPage:
    rows: list[DocumentRow]
    total: int
    offset: int
    today: dt.date


def document_list(session, principal: Principal, filter: DocumentFilter = DocumentFilter(), offset: int = 0,
                  limit: int = PAGE) -> DocumentPage:
    """One page of the unit's documents of one direction, newest first, and how many match."""
    d = OfficialDocument
    today = beijing_today()
    conditions = [d.direction == filter.direction, access.readable(principal)]
    for word in filter.words.split():
        conditions.append(d.title.like(like_contains(word), escape=LIKE_ESCAPE))
    if number := "".join(filter.number.split()):
        conditions.append(d.doc_number.like(like_contains(number), escape=LIKE_ESCAPE))
    if sender := filter.sender.strip():
        conditions.append(d.sender.like(like_contains(sender), escape=LIKE_ESCAPE))
    if filter.state:
        conditions.append(d.state == filter.state)
    if filter.date_from:
        conditions.append(d.created_at >= _utc_start(filter.date_from))
    if filter.date_to:
        conditions.append(d.created_at < _utc_start(filter.date_to + dt.timedelta(days=1)))
    if filter.overdue_only:
        # the few open steps past their deadline first (ix_flow_task_open), then their documents:
        # an EXISTS per document made SQLite walk every task of 100,000 documents (19 s)
        late = sa.select(FlowTask.instance_id).where(FlowTask.state == TaskState.OPEN, FlowTask.kind == APPROVE,
                                                     FlowTask.due_on < today)
        conditions.append(d.flow_instance_id.in_(late))
    where = sa.and_(*conditions)
    total = session.scalar(sa.select(sa.func.count()).select_from(d).where(where)) or 0
    columns = (d.id, d.version, d.doc_number, d.title, d.sender, d.classification, d.secret_years, d.urgency,
               d.received_on, d.signed_on, d.created_at, d.state, d.direction, d.flow_instance_id)
    if offset > total // 2:
        # a page in the older half is read from the oldest end: an OFFSET of 97,000 walks and
        # sorts every row before it (165-240 ms on SQLite), from the other end it walks the few after
        n = max(0, min(limit, total - offset))
        rows = session.execute(sa.select(*columns).where(where).order_by(d.created_at.asc(), d.id.desc())
                               .offset(max(0, total - offset - n)).limit(n)).all()[::-1]
    else:
        rows = session.execute(sa.select(*columns).where(where).order_by(d.created_at.desc(), d.id)
                               .offset(offset).limit(limit)).all()
    due = _earliest_due(session, [r.flow_instance_id for r in rows if r.flow_instance_id])
    out = []
    for r in rows:
        due_on = due.get(r.flow_instance_id)
        out.append(DocumentRow(
            document_id=r.id, version=r.version, doc_number=r.doc_number or PENDING, title=r.title,
            sender=r.sender, classification=r.classification,
            classification_text=rules.classification_text(r.classification, r.secret_years),
            urgency=r.urgency, urgency_label=Urgency.label_of(r.urgency),
            day=r.received_on or r.signed_on or beijing_date(r.created_at), state=r.state,
            state_label=state_label(r.direction, r.state), due_on=due_on,
            overdue=bool(due_on and due_on < today)))
    return DocumentPage(rows=out, total=total, offset=offset, today=today)


def _utc_start(day: dt.date) -> dt.datetime:
    from client.kernel.clock import CHINA_TZ

    return dt.datetime.combine(day, dt.time(), CHINA_TZ).astimezone(dt.timezone.utc)


def _earliest_due(session, instance_ids: list[str]) -> dict[str, dt.date]:
    if not instance_ids:
        return {}
    t = FlowTask
    return dict(session.execute(sa.select(t.instance_id, sa.func.min(t.due_on)).where(
        t.instance_id.in_(instance_ids), t.state == TaskState.OPEN, t.kind == APPROVE, t.due_on.is_not(None))
        .group_by(t.instance_id)).all())


# --- one document ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AttachmentView:
    attachment_id: str
    filename: str
    mime: str
    size: int
    sha256: str


@dataclass(frozen=True)
class EarlierStep:
    """A step of a hand-off's original, decided before it was sent (handoffs.earlier_steps)."""

    step: str
    by: str
    decided_at: dt.datetime | None
    decision: str
    opinion: str | None


@dataclass(frozen=True)
class TrailStep:
    """One line of the trail: a person's part at a step (拟办, 批示, 承办…) and what they wrote."""

    task_id: str
    task_version: int
    node_key: str
    node_title: str
    assignee: str
    actor: str | None  # who acted (a delegate may act for the assignee)
    state: str
    state_label: str
    opened_at: dt.datetime
    decided_at: dt.datetime | None
    due_on: dt.date | None
    opinion: str | None
    supervise_note: str | None


@dataclass(frozen=True)
class RevisionView:
    seq: int
    author: str
    step: str
    made_at: dt.datetime
    note: str | None
    title: str
    body: str
    main_to: list[str]
    copy_to: list[str]
    attachment_names: list[str]


@dataclass(frozen=True)
class LinkedDocument:
    document_id: str
    unit: str
    doc_number: str
    title: str
    state_label: str


@dataclass(frozen=True)
class DocumentDetail:
    document_id: str
    version: int
    direction: str
    unit: str
    doc_number: str
    numbered: bool
    title: str
    sender: str
    classification: str
    classification_text: str
    secret_years: int | None
    urgency: str
    urgency_label: str
    received_on: dt.date | None
    signed_on: dt.date | None
    signer: str | None
    sealed: bool
    page_count: int | None
    body: str | None
    main_to: list[dict]
    copy_to: list[dict]
    attachment_names: list[str]
    related: list[str]
    state: str
    state_label: str
    created_by: str
    created_at: dt.datetime
    attachments: list[AttachmentView]
    trail: list[TrailStep]
    revisions: list[RevisionView]
    #: an incoming document distributed to us: the original; an outgoing one: where it went
    source: LinkedDocument | None
    distributed_to: list[LinkedDocument]
    instance_id: str | None
    #: the reader's open task on it (a delegate's too): what they may do now
    my_task_id: str | None
    my_task_version: int | None
    my_node: str | None
    may_revise: bool
    #: a 会签件 or 承办件 (rules.Handoff) sent here from another office; None otherwise
    handoff: str | None = None
    #: a hand-off: the original's steps decided before it was sent
    original_trail: list[EarlierStep] = field(default_factory=list)
    kind: str = DocKind.OTHER.code  # 文种 (rules.DocKind)

    @property
    def kind_label(self) -> str:
        return DocKind.label_of(self.kind)

    @property
    def classified(self) -> bool:
        return self.classification != rules.Classification.NONE.code


def _document(session, principal: Principal, document_id: str) -> OfficialDocument:
    doc = session.get(OfficialDocument, document_id)
    if doc is None:
        raise NotFound("公文不存在")
    access.require_read(session, principal, doc)
    return doc


def _names(session, ids) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(session.execute(sa.select(AppUser.id, AppUser.full_name).where(AppUser.id.in_(ids))).all())


def document_detail(session, principal: Principal, document_id: str) -> DocumentDetail:
    doc = _document(session, principal, document_id)
    attachments = session.execute(sa.select(
        DocumentAttachment.id, DocumentAttachment.filename, DocumentAttachment.mime, DocumentAttachment.size,
        DocumentAttachment.sha256).where(DocumentAttachment.document_id == doc.id)
        .order_by(DocumentAttachment.seq)).all()
    tasks = session.scalars(sa.select(FlowTask).where(FlowTask.instance_id == doc.flow_instance_id)).all() \
        if doc.flow_instance_id else []
    # as it happened: by when each step came, and parallel ones by when they were done
    far = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
    tasks = sorted(tasks, key=lambda t: (t.opened_at, t.decided_at or far, t.id))
    names = _names(session, [t.assignee_id for t in tasks] + [t.decided_by for t in tasks] + [doc.created_by])
    trail = [TrailStep(task_id=t.id, task_version=t.version, node_key=t.node_key, node_title=t.node_title, assignee=names.get(t.assignee_id, "?"),
                       actor=names.get(t.decided_by) if t.decided_by else None, state=t.state,
                       state_label=TaskState.LABELS.get(t.state, t.state), opened_at=t.opened_at,
                       decided_at=t.decided_at, due_on=t.due_on, opinion=t.opinion, supervise_note=t.supervise_note)
             for t in tasks if t.state != TaskState.WITHDRAWN]
    revisions = revisions_of(session, doc.id)
    unit_names = dict(session.execute(sa.select(Office.code, Office.name)).all())
    source = None
    if doc.source_id:
        original = session.get(OfficialDocument, doc.source_id)
        if original is not None:
            source = LinkedDocument(original.id, unit_names.get(original.office_code, original.sender),
                                    original.doc_number or PENDING, original.title,
                                    state_label(original.direction, original.state))
    distributed = [LinkedDocument(r.id, unit_names.get(r.office_code, r.office_code), r.doc_number or PENDING,
                                  r.title, state_label(r.direction, r.state))
                   for r in session.scalars(sa.select(OfficialDocument).where(OfficialDocument.source_id == doc.id)
                                            .order_by(OfficialDocument.office_code, OfficialDocument.created_at,
                                                      OfficialDocument.id))]
    task = (flow_service.open_task_of(session, doc.flow_instance_id, principal.user_id, beijing_today())
            if doc.flow_instance_id else None)
    return DocumentDetail(
        document_id=doc.id, version=doc.version, direction=doc.direction,
        unit=unit_names.get(doc.office_code, doc.office_code), doc_number=doc.doc_number or PENDING,
        numbered=bool(doc.doc_number), title=doc.title, sender=doc.sender, classification=doc.classification,
        classification_text=rules.classification_text(doc.classification, doc.secret_years),
        secret_years=doc.secret_years, urgency=doc.urgency, urgency_label=Urgency.label_of(doc.urgency),
        received_on=doc.received_on, signed_on=doc.signed_on, signer=doc.signer, sealed=bool(doc.sealed),
        page_count=doc.page_count, body=doc.body, main_to=list(doc.main_to or []), copy_to=list(doc.copy_to or []),
        attachment_names=list(doc.attachment_names or []), related=list(doc.related or []), state=doc.state,
        state_label=state_label(doc.direction, doc.state), created_by=names.get(doc.created_by, "?"),
        created_at=doc.created_at, attachments=[AttachmentView(*a) for a in attachments], trail=trail,
        revisions=revisions, source=source, distributed_to=distributed, instance_id=doc.flow_instance_id,
        my_task_id=task.id if task else None, my_task_version=task.version if task else None,
        my_node=task.node_key if task else None,
        may_revise=task is not None and doc.state in rules.REVISABLE and doc.handoff is None, handoff=doc.handoff,
        kind=doc.kind or DocKind.OTHER.code,
        original_trail=[EarlierStep(s["step"], s["by"], dt.datetime.fromisoformat(s["at"]) if s.get("at") else None,
                                    s["decision"], s.get("opinion")) for s in doc.original_trail or []])


def revisions_of(session, document_id: str) -> list[RevisionView]:
    return [RevisionView(seq=r.seq, author=r.author_name, step=r.step, made_at=r.made_at, note=r.note, title=r.title,
                         body=r.body, main_to=[u["name"] for u in r.main_to or []],
                         copy_to=[u["name"] for u in r.copy_to or []], attachment_names=list(r.attachment_names or []))
            for r in session.scalars(sa.select(DocumentRevision).where(DocumentRevision.document_id == document_id)
                                     .order_by(DocumentRevision.seq))]


def attachment_content(session, principal: Principal, attachment_id: str) -> bytes:
    """An attachment's bytes (the preview), checked against the SHA-256 it was stored with."""
    a = session.get(DocumentAttachment, attachment_id)
    if a is None:
        raise NotFound("附件不存在")
    _document(session, principal, a.document_id)
    if hashlib.sha256(a.content).hexdigest() != a.sha256:
        raise RuleViolation(f"附件“{a.filename}”的内容与登记的SHA-256不符，可能已被篡改")
    return a.content


# --- whom to pick --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    unit: str
    office_code: str | None
    roles: str  # labels, 、-separated


def document_people(session, principal: Principal) -> list[Person]:
    """People a head names as 承办人 or a drafter as 会签人: the enabled staff of the reader's
    district bureau (the reader's office first). Asked of the centre too: a workstation's replica
    holds its own office's staff only."""
    u = AppUser
    rows = session.execute(sa.select(u.id, u.full_name, u.office_code, u.roles, u.username)
                           .where(u.disabled.is_(False), u.district_code == principal.district_code)
                           .order_by(u.username)).all()
    offices = dict(session.execute(sa.select(Office.code, Office.name)).all())
    district = session.get(District, principal.district_code) if principal.district_code else None
    people = [Person(r.id, r.full_name, offices.get(r.office_code, district.name if district else ""), r.office_code,
                     "、".join(sorted(role.label for role in parse_roles(r.roles))))
              for r in rows]
    people.sort(key=lambda p: (p.office_code != principal.office_code, p.office_code or "", p.name))
    return people


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str


def document_units(session, principal: Principal) -> list[UnitChoice]:
    """Units a document may be sent to inside the bureau: the offices of the reader's district
    first, then the rest of the city's (reference data: every workstation has them)."""
    rows = session.execute(sa.select(Office.code, Office.name, Office.district_code).order_by(Office.code)).all()
    rows.sort(key=lambda r: (r.district_code != principal.district_code, r.code))
    return [UnitChoice(r.code, r.name) for r in rows]


# --- printed forms ----------------------------------------------------------------------------------


def outgoing_pdf(session, principal: Principal, document_id: str) -> bytes:
    """The document in the GB/T 9704 layout: before 签发 a draft (no number, today's date), after
    it with the 成文日期, the number once the centre gave it, and the seal's place once sealed."""
    from client.documents.printing import PrintableOutgoing, outgoing_print

    doc = _document(session, principal, document_id)
    if doc.direction != Direction.OUTGOING.code:
        raise RuleViolation("只有发文可以按公文格式打印")
    office = session.get(Office, doc.office_code)
    day = doc.signed_on or beijing_today()
    return outgoing_print(PrintableOutgoing(
        authority_mark=issuer_of(session, doc.office_code).authority, doc_number=doc.doc_number, title=doc.title,
        main_to=[u["name"] for u in doc.main_to or []], body=doc.body or "", issuer=office.name, signed_on=day,
        attachment_names=list(doc.attachment_names or []), copy_to=[u["name"] for u in doc.copy_to or []],
        printed_by=office.name, printed_on=day, sealed=bool(doc.sealed),
        classification=rules.classification_text(doc.classification, doc.secret_years),
        urgency=Urgency.label_of(doc.urgency) if doc.urgency != Urgency.NORMAL.code else ""))


def processing_sheet_pdf(session, principal: Principal, document_id: str) -> bytes:
    """收文处理单: the registration and every opinion of the trail, with author and time."""
    from client.documents.printing import ProcessingSheet, SheetEntry, processing_sheet_pdf as render

    d = document_detail(session, principal, document_id)
    if d.direction != Direction.INCOMING.code:
        raise RuleViolation("收文处理单只用于收文")
    doc = session.get(OfficialDocument, document_id)
    entries = [SheetEntry(t.node_title, t.actor or t.assignee, t.decided_at, t.opinion or "")
               for t in d.trail if t.decided_at and t.state != TaskState.CLOSED]
    return render(ProcessingSheet(
        unit=d.unit, sender=d.sender, doc_number=d.doc_number, title=d.title, classification=d.classification_text,
        urgency=d.urgency_label if d.urgency != Urgency.NORMAL.code else "", received_on=d.received_on,
        page_count=d.page_count, register_no=f"收{beijing_date(doc.created_at):%Y%m%d}-{doc.id[:6].upper()}",
        registered_by=d.created_by, entries=entries,
        finished_on=beijing_date(doc.finished_at) if doc.finished_at and d.state == IncomingState.DONE.code
        else None))
