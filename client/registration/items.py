"""The registration items (登记事项) of an application form, and their rules.

One table of fields drives both the form (labels, lengths) and the checks, so the
message a clerk sees while typing is the message the centre gives when it refuses.
Every check returns a Chinese message that names the field and the rule.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from client.kernel import codes, reference, text
from client.kernel.amounts import format_amount
from client.kernel.clock import beijing_today
from client.registration import names

# an absurd capital is a typing slip (万元 entered as 元): 1,000亿元 is more than any registration here
MAX_CAPITAL_WAN = Decimal("10000000")
COMPOSITION_FORMS = ("个人经营", "家庭经营")


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    max_len: int
    required: bool = True


ITEMS: dict[str, Item] = {i.key: i for i in (
    Item("name", "名称", 100),
    Item("kind_code", "类型", 10),
    Item("legal_rep", "法定代表人", 40),
    Item("legal_rep_id_no", "法定代表人身份证号码", 18),
    Item("address", "住所", 200),
    Item("capital_wan", "注册资本（万元）", 20),
    Item("business_scope", "经营范围", 1000),
    Item("industry_code", "行业", 4, required=False),
    Item("term_end", "营业期限至", 10, required=False),
    Item("composition_form", "组成形式", 10),
    Item("phone", "联系电话", 20, required=False),
)}

#: what an individual business calls the same items
INDIVIDUAL_LABELS = {
    "legal_rep": "经营者",
    "legal_rep_id_no": "经营者身份证号码",
    "address": "经营场所",
    "capital_wan": "资金数额（万元）",
}

#: items a change application may change (DOMAIN.md: name, address, legal rep, capital, scope)
CHANGEABLE = ("name", "address", "legal_rep", "legal_rep_id_no", "capital_wan", "business_scope", "phone")


def label(key: str, kind_code: str | None = None) -> str:
    if kind_code and _is_individual(kind_code) and key in INDIVIDUAL_LABELS:
        return INDIVIDUAL_LABELS[key]
    return ITEMS[key].label


def _is_individual(kind_code: str) -> bool:
    kind = _kind(kind_code)
    return bool(kind and kind.is_individual)


def _kind(kind_code: str | None):
    if not kind_code:
        return None
    try:
        return reference.entity_kind(kind_code)
    except KeyError:
        return None


def applicable_keys(kind_code: str | None) -> list[str]:
    individual = _is_individual(kind_code or "")
    keys = ["name", "kind_code", "legal_rep", "legal_rep_id_no", "address", "capital_wan",
            "business_scope", "industry_code", "phone"]
    keys += ["composition_form"] if individual else ["term_end"]
    return keys


def required(key: str, kind_code: str | None) -> bool:
    if key == "capital_wan":
        kind = _kind(kind_code)
        return bool(kind and kind.capital_required)
    return ITEMS[key].required


#: what a clerk meant: NFC, trimmed, full-width spaces as spaces (client.kernel.text)
clean_text = text.trimmed


def check_item(key: str, raw: str, *, kind_code: str | None = None, today: dt.date | None = None) -> str | None:
    """The message for one field as typed, or None when it is acceptable."""
    item = ITEMS[key]
    name = label(key, kind_code)
    value = clean_text(raw or "")
    if text.invisible_at(value) is not None or "\n" in value and key != "business_scope":
        return f"{name}含有不可见的控制字符或换行，请删除后重新输入"
    if not value:
        return f"{name}为必填项" if required(key, kind_code) else None
    if len(value) > item.max_len:
        return f"{name}不得超过{item.max_len}个字，现为{len(value)}个字"
    check = _CHECKS.get(key)
    return check(value, name, kind_code, today or beijing_today()) if check else None


def _check_name(value, name, kind_code, today):
    if problem := names.validate_name(value):
        return problem
    bad = names.forbidden_words_in(value)
    if bad:
        word, reason = bad[0]
        return f"{name}不得含有“{word}”（{reason}）"
    return None


def _check_kind(value, name, kind_code, today):
    return None if _kind(value) else f"{name}“{value}”不是有效的主体类型"


def _check_person(value, name, kind_code, today):
    if len(value) < 2:
        return f"{name}至少2个字"
    if not re.fullmatch(r"[\u3400-\u9fff\U00020000-\U0002fa1f·•A-Za-z .]+", value):
        return f"{name}只能包含汉字、字母和间隔号“·”"
    return None


def _check_id(value, name, kind_code, today):
    problem = codes.explain_resident_id(value, today=today)
    return f"{name}有误：{problem}" if problem else None


def _check_address(value, name, kind_code, today):
    return f"{name}过短，请填写到门牌号" if len(value) < 6 else None


def _check_capital(value, name, kind_code, today):
    amount = parse_amount(value)
    if amount is None:
        if _NEGATIVE.fullmatch(clean_text(value).replace(",", "").replace("，", "")):
            return f"{name}应大于0（不能为负数）"
        return f"{name}应为数字（单位万元，最多4位小数），如 100 或 12.5"
    if amount <= 0:
        return f"{name}应大于0"
    if amount > MAX_CAPITAL_WAN:
        return f"{name}超过{MAX_CAPITAL_WAN:,}万元，请确认单位是否为万元"
    return None


def _check_scope(value, name, kind_code, today):
    return f"{name}至少4个字" if len(value) < 4 else None


def _check_industry(value, name, kind_code, today):
    known = {i.code for i in reference.industries()}
    return None if value in known else f"{name}代码“{value}”不在国民经济行业分类（GB/T 4754）中"


def _check_term_end(value, name, kind_code, today):
    date = parse_date(value)
    if date is None:
        return f"{name}应为日期，如 2046-11-24 或 2046年11月24日；长期经营请留空"
    if date <= today:
        return f"{name}必须晚于今天"
    return None


def _check_composition(value, name, kind_code, today):
    return None if value in COMPOSITION_FORMS else f"{name}应为“个人经营”或“家庭经营”"


def _check_phone(value, name, kind_code, today):
    return None if re.fullmatch(r"[0-9\-+ ]{7,20}", value) else f"{name}只能包含数字和“-”，7至20位"


_CHECKS = {
    "name": _check_name,
    "kind_code": _check_kind,
    "legal_rep": _check_person,
    "legal_rep_id_no": _check_id,
    "address": _check_address,
    "capital_wan": _check_capital,
    "business_scope": _check_scope,
    "industry_code": _check_industry,
    "term_end": _check_term_end,
    "composition_form": _check_composition,
    "phone": _check_phone,
}


#: a number with a minus sign (ASCII, full-width or the typographic one): a sign, not a typo
_NEGATIVE = re.compile(r"[-－−]\s*\d+(\.\d*)?")


def parse_amount(text: str) -> Decimal | None:
    text = clean_text(text).replace(",", "").replace("，", "")
    if not re.fullmatch(r"\d{1,12}(\.\d{1,4})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_date(text: str) -> dt.date | None:
    text = clean_text(text)
    m = re.fullmatch(r"(\d{4})(?:-|/|年)(\d{1,2})(?:-|/|月)(\d{1,2})日?", text)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def normalise(raw: dict[str, str], keys: list[str] | tuple[str, ...]) -> dict[str, str | None]:
    """The stored form of the checked fields: trimmed text, codes upper-case, '' as None."""
    out: dict[str, str | None] = {}
    for key in keys:
        value = clean_text(raw.get(key) or "")
        if key == "legal_rep_id_no":
            value = codes.normalize_code(value)
        elif key == "capital_wan" and value:
            value = format_amount(parse_amount(value))
        elif key == "term_end" and value:
            value = parse_date(value).isoformat()
        out[key] = value or None
    return out


def check_items(raw: dict[str, str], keys: list[str] | tuple[str, ...], *, kind_code: str | None,
                today: dt.date | None = None) -> dict[str, str]:
    """All messages at once: {field key: message}."""
    errors = {}
    for key in keys:
        if problem := check_item(key, raw.get(key) or "", kind_code=kind_code, today=today):
            errors[key] = problem
    return errors
