"""Supervision and inspections (监督检查): states, results, the checklist, and what a result leads to.

Pure rules, no database: the handlers in client/inspections/handlers.py apply them, and the
record form asks the same functions before it sends anything, so a rule has one message.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from client.kernel import text as text_rules
from client.kernel.coded import CodedEnum
from client.kernel.paths import resource_path


class PlanState(CodedEnum):
    DRAFT = ("draft", "草拟")
    DRAWN = ("drawn", "已抽取")
    PUBLISHED = ("published", "已公示")


class TaskState(CodedEnum):
    ASSIGNED = ("assigned", "待检查")
    RECORDING = ("recording", "检查中")
    DONE = ("done", "已完成")


class RecordState(CodedEnum):
    DRAFT = ("draft", "未完成")
    COMPLETED = ("completed", "已完成")


class InspectionResult(CodedEnum):
    """The result of a field inspection (DOMAIN.md, as the publicity system words them)."""

    NO_PROBLEM = ("no_problem", "未发现问题")
    CORRECTED = ("corrected", "发现问题已责令改正")
    NOT_OPERATING = ("not_operating", "未发现开展经营活动")
    UNREACHABLE = ("unreachable", "通过登记的住所无法联系")
    FOLLOW_UP = ("follow_up", "发现问题待后续处理")


class ItemResult(CodedEnum):
    PASS = ("pass", "符合")
    FAIL = ("fail", "不符合")
    NA = ("na", "不适用")


class Acknowledgement(CodedEnum):
    """What the party did with the record (当事人意见)."""

    SIGNED = ("signed", "当事人已签字确认")
    REFUSED = ("refused", "当事人拒绝签字")
    ABSENT = ("absent", "当事人不在场")


class AbnormalGround(CodedEnum):
    """Grounds for listing on the abnormal operation list (经营异常名录)."""

    NO_ANNUAL_REPORT = ("no_report", "未按规定报送年度报告")
    NOT_DISCLOSED = ("not_disclosed", "未按规定公示即时信息")
    FALSE_DISCLOSURE = ("false_info", "公示信息隐瞒真实情况、弄虚作假")
    UNREACHABLE = ("unreachable", "通过登记的住所或者经营场所无法联系")


class ListingState(CodedEnum):
    PROPOSED = ("proposed", "待确认")
    LISTED = ("listed", "已列入")
    DECLINED = ("declined", "不予列入")
    REMOVED = ("removed", "已移出")


class LeadState(CodedEnum):
    OPEN = ("open", "待处理")
    FILED = ("filed", "已立案")
    DISMISSED = ("dismissed", "不予立案")


# results that mean a problem was found: the findings must say what it was
PROBLEM_RESULTS = frozenset({InspectionResult.CORRECTED, InspectionResult.FOLLOW_UP})
# results where nobody may be there to acknowledge the record
NOBODY_THERE = frozenset({InspectionResult.UNREACHABLE, InspectionResult.NOT_OPERATING})

MIN_INSPECTORS = 2
MAX_FINDINGS = 2000
MAX_PLACE = 200
MAX_PARTY_NAME = 40
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 20
PHOTO_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}
MAX_SAMPLE = 1000


def photo_size_error(file_name: str, byte_count: int) -> str | None:
    """A photo too big to take (the form says so before it base64-encodes it into the queue)."""
    if byte_count <= MAX_PHOTO_BYTES:
        return None
    return f"照片“{file_name}”大小为{byte_count / 1048576:.1f} MB，超过{MAX_PHOTO_BYTES // 1048576} MB的限制"


# --- the checklist -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    text: str


@cache
def checklist_template() -> tuple[ChecklistItem, ...]:
    """The items of resources/reference/inspection_checklist.json, in order."""
    with resource_path("reference", "inspection_checklist.json").open(encoding="utf-8") as f:
        data = json.load(f)
    return tuple(ChecklistItem(i["code"], i["text"]) for i in data["items"])


def blank_checklist() -> list[dict]:
    """A new record's checklist: every template item, no result yet."""
    return [{"item": i.code, "text": i.text, "result": None, "note": ""} for i in checklist_template()]


# --- checking a record ----------------------------------------------------------------------


@dataclass(frozen=True)
class RecordDraft:
    """What the inspector filled in, as plain values (the command's payload)."""

    place: str
    inspected_at: dt.datetime | None
    inspector_ids: list[str]
    checklist: list[dict]
    findings: str
    result: str | None
    party_name: str
    party_ack: str | None


#: trimmed, runs of whitespace (full-width spaces too) made one space (client.kernel.text)
clean = text_rules.clean


def draft_errors(d: RecordDraft, *, now: dt.datetime) -> dict[str, str]:
    """Problems a saved (not yet completed) record may not have: lengths, the inspectors, times."""
    errors: dict[str, str] = {}
    if len(clean(d.place)) > MAX_PLACE:
        errors["place"] = f"检查地点不得超过{MAX_PLACE}个字"
    ids = [i for i in d.inspector_ids if i]
    if len(set(ids)) != len(ids):
        errors["inspector_ids"] = "检查人员不能重复"
    elif len(ids) < MIN_INSPECTORS:
        errors["inspector_ids"] = f"检查人员至少{MIN_INSPECTORS}名"
    if d.inspected_at is not None and d.inspected_at > now + dt.timedelta(minutes=10):
        errors["inspected_at"] = "检查时间不能晚于当前时间"
    if len((d.findings or "").strip()) > MAX_FINDINGS:
        errors["findings"] = f"检查情况不得超过{MAX_FINDINGS}个字，现为{len(d.findings.strip())}个字"
    if len(clean(d.party_name)) > MAX_PARTY_NAME:
        errors["party_name"] = f"当事人姓名不得超过{MAX_PARTY_NAME}个字"
    known = {i.code for i in checklist_template()}
    for entry in d.checklist:
        if entry.get("item") not in known:
            errors["checklist"] = f"检查事项“{entry.get('item')}”不在检查事项清单中"
            break
        if entry.get("result") not in (None, *[r.code for r in ItemResult]):
            errors["checklist"] = f"检查事项“{entry.get('text') or entry.get('item')}”的结果无效"
            break
        if len(clean(entry.get("note"))) > 200:
            errors["checklist"] = f"检查事项“{entry.get('text') or entry.get('item')}”的说明不得超过200个字"
            break
    if d.result is not None and d.result not in [r.code for r in InspectionResult]:
        errors["result"] = "检查结果无效"
    if d.party_ack is not None and d.party_ack not in [a.code for a in Acknowledgement]:
        errors["party_ack"] = "当事人意见无效"
    return errors


def completion_errors(d: RecordDraft, *, now: dt.datetime) -> dict[str, str]:
    """What must hold before a record is completed (and can no longer be edited)."""
    errors = draft_errors(d, now=now)
    if not clean(d.place):
        errors.setdefault("place", "请填写检查地点")
    if d.inspected_at is None:
        errors.setdefault("inspected_at", "请填写检查时间")
    codes = [r.code for r in InspectionResult]
    result = InspectionResult.from_code(d.result) if d.result in codes else None
    if d.result is None:
        errors.setdefault("result", "请选择检查结果")
    missing = [e.get("text") or e.get("item") for e in d.checklist if e.get("result") is None]
    if missing and result not in NOBODY_THERE:
        errors.setdefault("checklist", f"检查事项“{missing[0]}”尚未填写结果")
    failed = [e for e in d.checklist if e.get("result") == ItemResult.FAIL.code]
    if failed and result is InspectionResult.NO_PROBLEM:
        errors.setdefault("result", f"检查事项“{failed[0].get('text') or failed[0].get('item')}”不符合，"
                                    "检查结果不能为“未发现问题”")
    if result in PROBLEM_RESULTS and len(clean(d.findings)) < 4:
        errors.setdefault("findings", f"检查结果为“{result.label}”，请在检查情况中写明发现的问题（至少4个字）")
    ack = d.party_ack
    if ack is None:
        errors.setdefault("party_ack", "请选择当事人意见（签字、拒签或不在场）")
    elif ack == Acknowledgement.ABSENT.code:
        if result is not None and result not in NOBODY_THERE:
            errors.setdefault("party_ack", f"检查结果为“{result.label}”时当事人应在场签字或注明拒签")
    elif not clean(d.party_name):
        errors.setdefault("party_name", "请填写当事人（或其代理人）姓名")
    return errors


# --- what a result leads to -----------------------------------------------------------------


@dataclass(frozen=True)
class Consequence:
    propose_abnormal: AbnormalGround | None  # a listing the office head must confirm
    suggest_lead: bool  # the form offers to open a case lead (线索)


def consequence_of(result: InspectionResult, *, already_listed: bool) -> Consequence:
    """通过登记的住所无法联系 proposes the abnormal list (unless already on it); problems left
    for later suggest a case lead."""
    propose = AbnormalGround.UNREACHABLE if result is InspectionResult.UNREACHABLE and not already_listed else None
    return Consequence(propose_abnormal=propose, suggest_lead=result is InspectionResult.FOLLOW_UP)


def parse_day(text: str | None, *, field_label: str) -> tuple[dt.date | None, str | None]:
    """A date given as YYYY-MM-DD: (date, None) or (None, message)."""
    text = (text or "").strip()
    if not text:
        return None, f"请填写{field_label}"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError:
        return None, f"{field_label}“{text}”不是有效日期（应为YYYY-MM-DD）"
