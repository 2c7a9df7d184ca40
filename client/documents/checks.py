"""What makes a registration or a draft acceptable: judged by the screen before anything is
queued and again by the handler (on the workstation and on the centre, where it cannot be
skipped). Each problem names the field and the rule."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from client.documents import rules
from client.documents.rules import SETTINGS, Classification, Urgency
from client.kernel.attachments import HEAD, sniff_type
from client.kernel.errors import FieldError


@dataclass(frozen=True)
class Attachment:
    """A file as read from disk (the screen) or decoded from a command (the handler)."""

    filename: str
    content: bytes
    mime: str = ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def sniffed(self) -> str | None:
        return sniff_type(self.content[:HEAD])


@dataclass
class Incoming:
    """An incoming document's registration as typed (收文登记)."""

    sender: str
    doc_number: str
    title: str
    classification: str = Classification.NONE.code
    secret_years: int | None = None
    urgency: str = Urgency.NORMAL.code
    received_on: dt.date | None = None
    page_count: int | None = None
    attachments: list[Attachment] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    #: 文种 (rules.DocKind); empty: as the title ends
    kind: str = ""


def _kind(errors: list[FieldError], code: str, title: str) -> str:
    """The 文种 chosen, or the title's when none was."""
    if not code:
        return rules.kind_of_title(title)
    if problem := rules.kind_problem(code):
        errors.append(FieldError("kind", problem))
    return code


def incoming_problems(doc: Incoming, today: dt.date) -> tuple[dict[str, Any], list[FieldError]]:
    """(the cleaned values, every problem)."""
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    out["sender"] = rules.text_field(errors, "sender", doc.sender, "来文单位", minimum=2, maximum=100)
    number, problem = rules.parse_number(doc.doc_number, label=rules.INCOMING_NUMBER)
    if problem:
        errors.append(FieldError("doc_number", problem))
    out["doc_number"] = str(number) if number else "".join((doc.doc_number or "").split())
    out["title"] = rules.text_field(errors, "title", doc.title, "标题", minimum=1, maximum=SETTINGS.title_max)
    out["kind"] = _kind(errors, doc.kind, out["title"])
    errors += rules.classification_problems(doc.classification, doc.secret_years)
    out["classification"], out["secret_years"] = doc.classification, doc.secret_years or None
    try:
        out["urgency"] = Urgency.from_code(doc.urgency).code
    except ValueError:
        errors.append(FieldError("urgency", f"紧急程度“{doc.urgency}”无法识别：应为特急、加急或平急"))
    if doc.received_on is None:
        errors.append(FieldError("received_on", "收文日期为必填项"))
    elif doc.received_on > today:
        errors.append(FieldError("received_on", f"收文日期{doc.received_on:%Y-%m-%d}不能晚于今天"))
    out["received_on"] = doc.received_on
    if doc.page_count is not None and not 1 <= doc.page_count <= 9999:
        errors.append(FieldError("page_count", "页数：应为1至9999之间的整数"))
    out["page_count"] = doc.page_count
    errors += attachment_problems(doc.attachments)
    related = []
    for i, text in enumerate(doc.related):
        value = "".join((text or "").split())
        if not value:
            continue
        if problem := rules.related_problem(value):
            errors.append(FieldError(f"related.{i}", problem))
        related.append(value.upper() if len(value) == 18 else value)
    out["related"] = list(dict.fromkeys(related))
    return out, errors


def attachment_problems(attachments: list[Attachment]) -> list[FieldError]:
    errors = []
    if len(attachments) > SETTINGS.attachments_max:
        errors.append(FieldError("attachments", f"附件：最多{SETTINGS.attachments_max}个"))
    for i, a in enumerate(attachments):
        if problem := rules.attachment_problem_of(a.filename, a.mime, len(a.content), a.content[:HEAD]):
            errors.append(FieldError(f"attachments.{i}", f"附件：{problem}"))
    return errors


@dataclass
class Draft:
    """An outgoing document's draft as typed (拟稿)."""

    title: str
    body: str
    main_to: list[dict] = field(default_factory=list)  # {"code": office code | None, "name": …}
    copy_to: list[dict] = field(default_factory=list)
    attachment_names: list[str] = field(default_factory=list)
    classification: str = Classification.NONE.code
    secret_years: int | None = None
    urgency: str = Urgency.NORMAL.code
    #: 文种 (rules.DocKind); empty: as the title ends
    kind: str = ""


def draft_problems(draft: Draft) -> tuple[dict[str, Any], list[FieldError]]:
    errors: list[FieldError] = []
    out: dict[str, Any] = {}
    out["title"] = rules.text_field(errors, "title", draft.title, "标题", minimum=1, maximum=SETTINGS.title_max)
    out["kind"] = _kind(errors, draft.kind, out["title"])
    out["body"] = rules.text_field(errors, "body", draft.body, "正文", minimum=1, maximum=SETTINGS.body_max,
                                   lines=True)
    for key, label in (("main_to", "主送机关"), ("copy_to", "抄送机关")):
        units, seen = [], set()
        for i, unit in enumerate(getattr(draft, key)):
            name = rules.text_field(errors, f"{key}.{i}", (unit or {}).get("name"), label, minimum=2, maximum=60)
            if name in seen:
                errors.append(FieldError(f"{key}.{i}", f"{label}：“{name}”重复"))
            seen.add(name)
            units.append({"code": (unit or {}).get("code") or None, "name": name})
        out[key] = units
    if not out["main_to"]:
        errors.append(FieldError("main_to", "主送机关：至少选择一个"))
    names = []
    for i, name in enumerate(draft.attachment_names):
        names.append(rules.text_field(errors, f"attachment_names.{i}", name, "附件名称", minimum=1, maximum=100))
    out["attachment_names"] = names
    errors += rules.classification_problems(draft.classification, draft.secret_years)
    out["classification"], out["secret_years"] = draft.classification, draft.secret_years or None
    try:
        out["urgency"] = Urgency.from_code(draft.urgency).code
    except ValueError:
        errors.append(FieldError("urgency", f"紧急程度“{draft.urgency}”无法识别：应为特急、加急或平急"))
    return out, errors
