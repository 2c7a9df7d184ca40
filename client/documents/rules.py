"""Official documents (公文): incoming (收文) and outgoing (发文). The rules, with no database.

DOMAIN.md: a 发文字号 is the issuing authority's abbreviation (机关代字), the year in 〔〕 and the
serial of the year followed by 号 (穗工商天〔2026〕12号); GB/T 9704 says the serial has no
leading zeros (1号, never 01号) and the year is written in full. Classified documents carry
their level and period (秘密★10年); urgency is 特急 or 加急 (平急: none marked).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from client.kernel.attachments import attachment_problem
from client.kernel.coded import CodedEnum
from client.kernel.errors import FieldError
from client.kernel.text import check_text

AREA = "documents"


class Direction(CodedEnum):
    INCOMING = ("in", "收文")
    OUTGOING = ("out", "发文")


class Classification(CodedEnum):
    """密级 (GB/T 9704 7.2.2). 绝密 is never handled on these machines."""

    NONE = ("none", "普通")
    SECRET = ("secret", "秘密")
    CONFIDENTIAL = ("confidential", "机密")


#: 保密期限 in years a level may carry (国家秘密保护法: 机密 up to 20, 秘密 up to 10 years)
SECRET_PERIOD_MAX = {Classification.SECRET.code: 10, Classification.CONFIDENTIAL.code: 20}


class DocKind(CodedEnum):
    """文种: what a document is (党政机关公文处理工作条例 第八条, the kinds a market-regulation
    office sends and receives); its title ends with it (关于……的通知)."""

    NOTICE = ("notice", "通知")
    LETTER = ("letter", "函")
    REQUEST = ("request", "请示")
    REPORT = ("report", "报告")
    REPLY = ("reply", "批复")
    OPINION = ("opinion", "意见")
    BULLETIN = ("bulletin", "通报")
    DECISION = ("decision", "决定")
    ANNOUNCEMENT = ("announcement", "公告")
    CIRCULAR = ("circular", "通告")
    MINUTES = ("minutes", "纪要")
    OTHER = ("other", "其他")


def kind_of_title(title: str | None) -> str:
    """The 文种 a title ends with (……的通知: notice; ……的复函: letter), else OTHER."""
    text = "".join((title or "").split()).rstrip("。.；;）)")
    for kind in DocKind:
        if kind is not DocKind.OTHER and text.endswith(kind.label):
            return kind.code
    return DocKind.OTHER.code


def kind_problem(code: str | None) -> str | None:
    try:
        DocKind.from_code(code or "")
    except ValueError:
        return f"文种“{code}”无法识别：应为{'、'.join(k.label for k in DocKind)}之一"
    return None


class Urgency(CodedEnum):
    TOP = ("top", "特急")
    URGENT = ("urgent", "加急")
    NORMAL = ("normal", "平急")


class IncomingState(CodedEnum):
    PROPOSING = ("proposing", "拟办")
    INSTRUCTING = ("instructing", "领导批示")
    UNDERTAKING = ("undertaking", "承办")
    DONE = ("done", "办结")
    CLOSED = ("closed", "不予办理")
    #: a hand-off the original no longer needs: its step there was decided by others or withdrawn
    RECALLED = ("recalled", "无需办理")


class Handoff(CodedEnum):
    """What another office is asked to do on a document (a 会签件 or a 承办件 arrives there)."""

    COSIGN = ("cosign", "会签")
    UNDERTAKE = ("undertake", "承办")


class OutgoingState(CodedEnum):
    DRAFTING = ("drafting", "拟稿")
    REVIEWING = ("reviewing", "核稿")
    COSIGNING = ("cosigning", "会签")
    SIGNING = ("signing", "签发")
    NUMBERING = ("numbering", "编号")
    SEALING = ("sealing", "用印")
    DISTRIBUTING = ("distributing", "分发")
    DISTRIBUTED = ("distributed", "已分发")
    REFUSED = ("refused", "不予发文")


#: states in which the draft may still be revised (after 签发 the text is what was signed)
REVISABLE = {OutgoingState.DRAFTING.code, OutgoingState.REVIEWING.code, OutgoingState.COSIGNING.code,
             OutgoingState.SIGNING.code}


@dataclass(frozen=True)
class Settings:
    #: largest attachment of an incoming document (a scan of a long document is large)
    attachment_max_bytes: int = 10 * 1024 * 1024
    attachments_max: int = 20
    title_max: int = 200
    body_max: int = 60_000
    opinion_max: int = 1000


SETTINGS = Settings()


# --- document numbers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class DocumentNumber:
    prefix: str  # 机关代字
    year: int
    serial: int

    def __str__(self) -> str:
        return format_number(self.prefix, self.year, self.serial)


def format_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}〔{year}〕{serial}号"


# brackets typed instead of 〔〕 (the standard's 六角括号): accepted and written as 〔〕
_OPEN, _CLOSE = "〔[［(（【", "〕]］)）】"
_NUMBER = re.compile(r"^(?P<prefix>[\u4e00-\u9fffA-Za-z]{1,20})[〔\[［(（【](?P<year>\d{4})[〕\]］)）】]"
                     r"(?P<serial>\d{1,6})号$")
#: what an incoming document's number is called on the forms
INCOMING_NUMBER = "来文字号"
NUMBER_RULE = "应为“机关代字〔年份〕序号号”，如 穗工商天〔2026〕12号"


def parse_number(text: str | None, *, label: str = "发文字号") -> tuple[DocumentNumber | None, str | None]:
    """(the number, None) or (None, a message naming the field and the rule)."""
    value = "".join((text or "").split())
    if not value:
        return None, f"{label}为必填项"
    m = _NUMBER.match(value)
    if m is None:
        return None, f"{label}“{value}”格式不对：{NUMBER_RULE}"
    year, serial = int(m["year"]), m["serial"]
    if not 1949 <= year <= 2100:
        return None, f"{label}的年份{year}不对：应写四位公历年份"
    if serial.startswith("0"):
        return None, f"{label}的序号“{serial}”不对：序号不编虚位（写作{int(serial)}号，不写{serial}号）"
    return DocumentNumber(m["prefix"], year, int(serial)), None


def number_prefix(district_short: str, office_short: str) -> str:
    """The 机关代字 of an office's documents: 穗工商 + the district's first character + the
    office's place (天河's 五山所: 穗工商天五山). One place per district, so it is unique."""
    place = office_short[:-1] if office_short.endswith("所") else office_short
    return f"穗工商{district_short[:1]}{place}"


def authority_mark(office_name: str) -> str:
    """发文机关标志: the issuing authority's full name followed by 文件."""
    return f"{office_name}文件"


def classification_text(code: str, period_years: int | None) -> str:
    """As printed and listed: 秘密★10年; nothing for an ordinary document."""
    if code == Classification.NONE.code:
        return ""
    label = Classification.label_of(code)
    return f"{label}★{period_years}年" if period_years else label


# --- checks ---------------------------------------------------------------------------------------

def text_field(errors: list[FieldError], key: str, value: str | None, label: str, *, minimum: int = 0,
               maximum: int, lines: bool = False) -> str:
    cleaned, problem = check_text(value, label=label, minimum=minimum, maximum=maximum, keep_lines=lines)
    if problem:
        errors.append(FieldError(key, problem))
    return cleaned


def classification_problems(code: str, period_years: int | None) -> list[FieldError]:
    try:
        Classification.from_code(code)
    except ValueError:
        return [FieldError("classification", f"密级“{code}”无法识别：应为普通、秘密或机密")]
    if code == Classification.NONE.code:
        return [] if not period_years else [FieldError("secret_period", "保密期限：普通文件不设保密期限")]
    top = SECRET_PERIOD_MAX[code]
    if not period_years or not 1 <= period_years <= top:
        return [FieldError("secret_period",
                           f"保密期限：{Classification.label_of(code)}文件须填写1至{top}年")]
    return []


def attachment_problem_of(filename: str, mime: str, size: int, head: bytes) -> str | None:
    return attachment_problem(filename, mime, size, head, max_bytes=SETTINGS.attachment_max_bytes)


# 案件编号 as the enforcement area numbers cases (e.g. 穗天市监立〔2026〕15号): a document number
# in form; a credit code is 18 characters (client.kernel.codes judges it)
def related_problem(text: str) -> str | None:
    from client.kernel.codes import explain_uscc, normalize_code

    code = normalize_code(text)
    if len(code) == 18 and code.isalnum():
        return explain_uscc(code)
    number, problem = parse_number(text, label="案件编号")
    if number is None:
        return f"关联事项“{text}”既不是18位统一社会信用代码，也不是案件编号（{NUMBER_RULE}）"
    return None
