"""Commands of official documents.

The steps 拟办, 承办, 核稿, 会签, 编号, 用印 and 分发 are the flow engine's own (client/flows/commands.py:
the 待办 list's 同意 with an opinion); what those steps do to the document (its state, its number,
the seal, the distribution) follows from the engine's events (client/documents/handlers.py).
The steps that record more than an opinion have commands here: 领导批示 names the 承办人, 签发
records the signer; a revision carries the whole draft.

Attachments travel in the command as Base64 with their SHA-256, checked by the screen first
(`register_command`) and again by the handler.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from client.documents.checks import Draft, Incoming, draft_problems, incoming_problems
from client.kernel.commands import Command
from client.kernel.errors import InvalidInput


@dataclass(frozen=True, kw_only=True)
class RegisterIncoming(Command):
    """收文登记: the flow starts at 拟办."""

    name = "documents.register"
    title = "收文登记"
    document_id: str
    sender: str
    doc_number: str
    doc_title: str
    classification: str
    secret_years: int | None = None
    urgency: str
    received_on: dt.date
    page_count: int | None = None
    #: each: filename, mime, sha256, content (Base64)
    attachments: tuple[dict[str, Any], ...] = ()
    related: tuple[str, ...] = ()
    #: 文种 (rules.DocKind; empty in commands of older versions: the title's)
    kind: str = ""


@dataclass(frozen=True, kw_only=True)
class InstructIncoming(Command):
    """领导批示: the head's instruction and the 承办人 (none: 阅知, the document is done)."""

    name = "documents.instruct"
    title = "领导批示"
    document_id: str
    task_id: str
    base_version: int
    opinion: str
    undertakers: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DraftOutgoing(Command):
    """拟稿: a new outgoing document; the drafter's 拟稿 task opens (送审 is its 同意)."""

    name = "documents.draft"
    title = "拟稿"
    document_id: str
    doc_title: str
    body: str
    main_to: tuple[dict[str, Any], ...]
    copy_to: tuple[dict[str, Any], ...] = ()
    attachment_names: tuple[str, ...] = ()
    classification: str
    secret_years: int | None = None
    urgency: str
    #: 会签: the people of other units who must agree
    cosigners: tuple[str, ...] = ()
    kind: str = ""  # 文种, as RegisterIncoming's


@dataclass(frozen=True, kw_only=True)
class ReviseOutgoing(Command):
    """A change to the draft by whoever holds it now (the drafter, 核稿, 会签 or 签发)."""

    name = "documents.revise"
    title = "修改文稿"
    document_id: str
    base_version: int
    doc_title: str
    body: str
    main_to: tuple[dict[str, Any], ...]
    copy_to: tuple[dict[str, Any], ...] = ()
    attachment_names: tuple[str, ...] = ()
    note: str | None = None
    kind: str = ""  # 文种, as RegisterIncoming's


@dataclass(frozen=True, kw_only=True)
class SignOutgoing(Command):
    """签发 (or refuse to): the signer's decision on the 签发 task; the date is the 成文日期."""

    name = "documents.sign"
    title = "签发"
    document_id: str
    task_id: str
    base_version: int
    approve: bool
    opinion: str | None = None


@dataclass(frozen=True, kw_only=True)
class OpenDocument(Command):
    """A classified document was opened: the centre's audit log keeps who read it, and when."""

    name = "documents.open"
    title = "查阅涉密文件"
    document_id: str


def encode_attachments(attachments) -> tuple[dict[str, Any], ...]:
    return tuple({"filename": a.filename[-200:], "mime": a.sniffed or a.mime, "sha256": a.sha256,
                  "content": base64.b64encode(a.content).decode("ascii")} for a in attachments)


def register_command(doc: Incoming, *, document_id: str, today: dt.date, **envelope) -> RegisterIncoming:
    """The registration as a command, or InvalidInput naming every field that is wrong."""
    values, errors = incoming_problems(doc, today)
    if errors:
        raise InvalidInput(errors)
    return RegisterIncoming(
        document_id=document_id, sender=values["sender"], doc_number=values["doc_number"],
        doc_title=values["title"], classification=values["classification"],
        secret_years=values["secret_years"], urgency=values["urgency"], received_on=values["received_on"],
        page_count=values["page_count"], attachments=encode_attachments(doc.attachments),
        related=tuple(values["related"]), kind=values["kind"], **envelope)


def draft_command(draft: Draft, *, document_id: str, cosigners: tuple[str, ...] = (), **envelope) -> DraftOutgoing:
    values, errors = draft_problems(draft)
    if errors:
        raise InvalidInput(errors)
    return DraftOutgoing(
        document_id=document_id, doc_title=values["title"], body=values["body"], main_to=tuple(values["main_to"]),
        copy_to=tuple(values["copy_to"]), attachment_names=tuple(values["attachment_names"]),
        classification=values["classification"], secret_years=values["secret_years"], urgency=values["urgency"],
        cosigners=tuple(dict.fromkeys(cosigners)), kind=values["kind"], **envelope)


def revise_command(draft: Draft, *, document_id: str, base_version: int, note: str | None = None,
                   **envelope) -> ReviseOutgoing:
    values, errors = draft_problems(draft)
    if errors:
        raise InvalidInput(errors)
    return ReviseOutgoing(
        document_id=document_id, base_version=base_version, doc_title=values["title"], body=values["body"],
        main_to=tuple(values["main_to"]), copy_to=tuple(values["copy_to"]),
        attachment_names=tuple(values["attachment_names"]), note=note, kind=values["kind"], **envelope)


def draft_of(cmd: DraftOutgoing | ReviseOutgoing, **overrides) -> Draft:
    """The command's draft, to be judged again by the handler."""
    fields = dict(title=cmd.doc_title, body=cmd.body, main_to=[dict(u) for u in cmd.main_to],
                  copy_to=[dict(u) for u in cmd.copy_to], attachment_names=list(cmd.attachment_names),
                  kind=cmd.kind)
    fields.update(overrides)
    return Draft(**{k: v for k, v in fields.items() if k in {f.name for f in dataclasses.fields(Draft)}})


@dataclass(frozen=True, kw_only=True)
class SetDocumentIssuer(Command):
    """机关代字 and 发文机关标志 of an office's outgoing documents (系统管理员; client/documents/issuers.py)."""

    name = "documents.set_issuer"
    title = "设置发文机关代字"
    office_code: str
    mark: str
    authority: str
    #: the 代字 of its 函 as a series of their own ("" or None: 函 are numbered with the rest)
    letter_mark: str | None = None
    #: the setting's version seen (None: the office had none)
    base_version: int | None = None
