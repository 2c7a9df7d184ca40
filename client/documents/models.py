"""Tables of official documents (公文).

One table for both directions: a document received (收文) and one sent (发文) are searched, listed
and counted alike, and a document sent inside the bureau arrives as an incoming row linked to
its original (`source_id`). A document lives in its unit (office_code, district_code: the unit
that registered or drafted it), so the unit's workstations have it offline; its flow instance
and tasks live there too.

Attachments are stored with their SHA-256; a revision row is the whole draft after one change
(who, when, at which step), so the signer is shown exactly what changed between any two.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from client.kernel.models import Base, Versioned
from client.kernel.types import Flag, Id, JsonText, Str, UtcDateTime, new_id


class OfficialDocument(Base, Versioned):
    """A document received or sent by a unit."""

    __tablename__ = "official_document"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    direction: Mapped[str] = mapped_column(Str(3))  # rules.Direction
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    state: Mapped[str] = mapped_column(Str(12))  # rules.IncomingState / OutgoingState
    title: Mapped[str] = mapped_column(Str(200))
    #: 文种 (rules.DocKind)
    kind: Mapped[str] = mapped_column(Str(12), default="other", server_default="other")
    #: 发文字号: the sender's (incoming) or ours once numbered (outgoing; NULL: 待分配)
    doc_number: Mapped[str | None] = mapped_column(Str(60))
    #: an outgoing document's number in parts, given by the centre at 编号
    number_year: Mapped[int | None] = mapped_column(sa.Integer)
    number_serial: Mapped[int | None] = mapped_column(sa.Integer)
    #: 来文单位 (incoming) or the issuing unit (outgoing)
    sender: Mapped[str] = mapped_column(Str(100))
    classification: Mapped[str] = mapped_column(Str(12))  # rules.Classification
    secret_years: Mapped[int | None] = mapped_column(sa.Integer)
    urgency: Mapped[str] = mapped_column(Str(8))  # rules.Urgency
    #: 收文日期 (incoming); 成文日期 (outgoing, the day it was signed)
    received_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    signed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    page_count: Mapped[int | None] = mapped_column(sa.Integer)
    #: outgoing: 正文 (one paragraph a line; headings 一、（一）1.（1） as typed)
    body: Mapped[str | None] = mapped_column(sa.Text)
    #: outgoing: 主送 and 抄送: [{"code": office code or null, "name": …}]
    main_to: Mapped[list] = mapped_column(JsonText, default=list)
    copy_to: Mapped[list] = mapped_column(JsonText, default=list)
    #: outgoing: 附件说明, the attachments' names as printed
    attachment_names: Mapped[list] = mapped_column(JsonText, default=list)
    signer: Mapped[str | None] = mapped_column(Str(40))  # 签发人
    sealed: Mapped[bool] = mapped_column(Flag("sealed"), default=False)
    #: credit codes and case numbers the document concerns
    related: Mapped[list] = mapped_column(JsonText, default=list)
    #: incoming registered by distribution, or a hand-off: the original
    source_id: Mapped[str | None] = mapped_column(Id)
    #: a hand-off (rules.Handoff: 会签件, 承办件) and the original's task it decides
    handoff: Mapped[str | None] = mapped_column(Str(10))
    parent_task_id: Mapped[str | None] = mapped_column(Id)
    #: a hand-off: the original's steps decided before it was sent, as its holder reads them
    #: (the original's flow is not on their workstation): [{step, by, at, decision, opinion}]
    original_trail: Mapped[list | None] = mapped_column(JsonText)
    flow_instance_id: Mapped[str | None] = mapped_column(Id)
    created_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        sa.Index("ix_document_unit", "office_code", "direction", "created_at"),
        sa.Index("ix_document_number", "doc_number"),
        sa.Index("ix_document_source", "source_id"),
        sa.Index("ix_document_created", "direction", "created_at"),
        # the statistics join steps to their documents by it
        sa.Index("ix_document_instance", "flow_instance_id"),
    )


class DocumentAttachment(Base):
    """A scan or PDF of an incoming document (or an outgoing one's attachment)."""

    __tablename__ = "document_attachment"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("official_document.id"))
    seq: Mapped[int] = mapped_column(sa.Integer)
    filename: Mapped[str] = mapped_column(Str(200))
    mime: Mapped[str] = mapped_column(Str(40))
    size: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(Str(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    __table_args__ = (sa.Index("ix_document_attachment_doc", "document_id", "seq"),)


class DocumentRevision(Base):
    """The draft of an outgoing document after one change: who changed it, at which step."""

    __tablename__ = "document_revision"

    id: Mapped[str] = mapped_column(Id, primary_key=True, default=new_id)
    document_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("official_document.id"))
    seq: Mapped[int] = mapped_column(sa.Integer)  # 1: the first draft
    author_id: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    author_name: Mapped[str] = mapped_column(Str(40))
    step: Mapped[str] = mapped_column(Str(20))  # the step it was made at (拟稿, 核稿, 会签, 签发)
    made_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    note: Mapped[str | None] = mapped_column(Str(500))  # 修改说明
    title: Mapped[str] = mapped_column(Str(200))
    body: Mapped[str] = mapped_column(sa.Text)
    main_to: Mapped[list] = mapped_column(JsonText, default=list)
    copy_to: Mapped[list] = mapped_column(JsonText, default=list)
    attachment_names: Mapped[list] = mapped_column(JsonText, default=list)
    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"))
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))

    __table_args__ = (sa.UniqueConstraint("document_id", "seq", name="uq_document_revision_seq"),)


class DocumentIssuer(Base, Versioned):
    """How an office's outgoing documents name their issuer, as the bureau set it (client/documents/
    issuers.py): its 机关代字 in the number, its 发文机关标志 in red at the top. An office without
    a row uses the ones derived from its name."""

    __tablename__ = "document_issuer"

    office_code: Mapped[str] = mapped_column(Str(20), sa.ForeignKey("office.code"), primary_key=True)
    district_code: Mapped[str] = mapped_column(Str(6), sa.ForeignKey("district.code"))
    #: 机关代字, e.g. 穗天市监五山: unique, since numbers are 代字〔年份〕序号号
    mark: Mapped[str] = mapped_column(Str(20))
    #: 发文机关标志, e.g. 广州市天河区市场监督管理局五山市场监督管理所文件
    authority: Mapped[str] = mapped_column(Str(60))
    #: the 代字 of its 函, numbered as a series of their own (穗天市监五山函〔2026〕3号); None: 函
    #: are numbered with the rest
    letter_mark: Mapped[str | None] = mapped_column(Str(20))
    updated_by: Mapped[str] = mapped_column(Id, sa.ForeignKey("app_user.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    __table_args__ = (sa.UniqueConstraint("mark", name="uq_document_issuer_mark"),)
