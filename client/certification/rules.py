"""Contract certification (合同鉴证) and contract-dispute mediation (合同争议调解): the rules,
with no database. DOMAIN.md: certification is voluntary, on application by both parties; the
certifier examines capacity, genuine intent, lawful content, complete clauses, precise wording
and proper signing; a registered party must be 存续; an agent needs a written authorisation.
Mediation is refused when the dispute is already before a court or an arbitration body or the
other side declines, is accepted or refused within 5 working days, and has one or two mediators.

The 1997 《合同鉴证办法》 was not found, so fees and time limits are settings (`Settings`), not
constants in the code.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from client.kernel.amounts import capital_in_words
from client.kernel.attachments import TYPES, attachment_problem, sniff_type  # noqa: F401 (sniff_type re-exported)
from client.kernel.codes import explain_resident_id, explain_uscc, normalize_code
from client.kernel.coded import CodedEnum
from client.kernel.errors import FieldError
from client.kernel.lifecycle import EntityState
from client.kernel.text import check_text


class ApplicationState(CodedEnum):
    EXAMINING = ("examining", "审查中")
    CERTIFIED = ("certified", "已鉴证")
    REFUSED = ("refused", "不予鉴证")


class PartyKind(CodedEnum):
    ENTITY = ("entity", "市场主体")
    PERSON = ("person", "自然人")


class MaterialKind(CodedEnum):
    CONTRACT = ("contract", "合同文本")
    LICENCE = ("licence", "营业执照")
    REPRESENTATIVE = ("representative", "法定代表人身份证明")
    AUTHORISATION = ("authorisation", "授权委托书")
    IDENTITY = ("identity", "身份证件")
    OTHER = ("other", "其他")


#: the examination checklist (审查要点), in the order the certifier goes through it
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("capacity", "主体资格：当事人具有订立合同的权利能力和行为能力"),
    ("intent", "意思表示真实：当事人意思表示真实、一致"),
    ("lawful", "内容合法：合同内容不违反法律、行政法规，不损害国家和社会公共利益"),
    ("clauses", "主要条款完备：标的、数量、质量、价款、期限、地点、方式、违约责任等条款齐全"),
    ("wording", "文字表述准确：合同文字清楚、准确，无歧义"),
    ("signing", "签订手续完备：签字盖章齐全，代理人有书面授权"),
)
FINDINGS = ("符合", "不符合")


@dataclass(frozen=True)
class Settings:
    """What the missing 《合同鉴证办法》 would fix; configurable per deployment."""

    #: a contract over this amount (元) is approved by the district bureau too (分局审批);
    #: the default flow's condition carries it, so an administrator changes it in the editor
    district_threshold: Decimal = Decimal("1000000")
    #: working days the office has to accept or refuse a mediation application
    mediation_accept_days: int = 5
    mediators_max: int = 2
    #: largest attachment (bytes)
    material_max_bytes: int = 10 * 1024 * 1024


SETTINGS = Settings()

MATERIAL_TYPES = TYPES
AMOUNT_MAX = Decimal("999999999999.99")


def parse_amount(text: str | Decimal | None, *, label: str = "合同金额") -> tuple[Decimal | None, str | None]:
    """An amount in 元 as the clerk typed it ("1,200,000.00", "120万" not accepted: 元 only)."""
    if isinstance(text, Decimal):
        value = text
    else:
        raw = (text or "").strip().replace(",", "").replace("，", "").replace("元", "")
        if not raw:
            return None, f"{label}为必填项（单位：元）"
        try:
            value = Decimal(raw)
        except InvalidOperation:
            return None, f"{label}必须是数字（单位：元，最多两位小数），“{text}”不是数字"
    if not value.is_finite() or value < 0:
        return None, f"{label}必须是不小于0的数字（单位：元）"
    if value > AMOUNT_MAX:
        return None, f"{label}不得超过{AMOUNT_MAX:,}元"
    if value != value.quantize(Decimal("0.01")):
        return None, f"{label}最多两位小数（精确到分）"
    return value.quantize(Decimal("0.01")), None


def amount_capital(yuan: Decimal) -> str:
    """人民币大写 of an amount in 元 (client.kernel.amounts works in 万元)."""
    return capital_in_words(yuan / Decimal(10000))


def mask_person_id(number: str) -> str:
    """A natural person's ID number as printed: 440106**********1234 (region kept, birth hidden)."""
    number = normalize_code(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def person_id_hash(number: str) -> str:
    return hashlib.sha256(("hongdun.certification.person:" + normalize_code(number)).encode()).hexdigest()


def party_problems(index: int, *, kind: str, code: str, name: str, agent: str | None,
                   has_authorisation: bool, today: dt.date) -> list[FieldError]:
    """Problems of one party as typed (the register's state is judged by the handler)."""
    prefix = f"parties.{index}"
    role = party_role(index)
    errors: list[FieldError] = []
    if kind == PartyKind.ENTITY.code:
        if problem := explain_uscc(normalize_code(code)):
            errors.append(FieldError(f"{prefix}.code", f"{role}统一社会信用代码：{problem}"))
    elif kind == PartyKind.PERSON.code:
        if problem := explain_resident_id(normalize_code(code), today=today):
            errors.append(FieldError(f"{prefix}.code", f"{role}公民身份号码：{problem}"))
        _, problem = check_text(name, label=f"{role}姓名", minimum=2, maximum=40)
        if problem:
            errors.append(FieldError(f"{prefix}.name", problem))
    else:
        errors.append(FieldError(f"{prefix}.kind", f"{role}类型必须是市场主体或自然人"))
    if agent:
        _, problem = check_text(agent, label=f"{role}代理人姓名", minimum=2, maximum=40)
        if problem:
            errors.append(FieldError(f"{prefix}.agent", problem))
        elif not has_authorisation:
            errors.append(FieldError(f"{prefix}.authorisation",
                                     f"{role}由代理人“{agent}”办理，必须附书面授权委托书"))
    return errors


def party_role(index: int) -> str:
    return "甲方" if index == 0 else "乙方" if index == 1 else f"第{index + 1}方"


def entity_refusal(role: str, name: str, state: str) -> str | None:
    """A registered party must be 存续 to be certified (DOMAIN.md)."""
    if state == EntityState.ACTIVE.code:
        return None
    return f"{role}“{name}”的登记状态为{EntityState.label_of(state)}，不是存续状态，不能办理合同鉴证"


def term_problem(start: dt.date | None, end: dt.date | None) -> str | None:
    if start and end and end < start:
        return "合同期限：终止日期不能早于起始日期"
    return None


def findings_problems(findings: dict[str, str], approving: bool) -> list[FieldError]:
    """Every checklist item needs a finding; certifying needs every one 符合."""
    errors = []
    for key, label in CHECKLIST:
        value = (findings.get(key) or "").strip()
        short = label.split("：")[0]
        if not value:
            errors.append(FieldError(f"findings.{key}", f"审查要点“{short}”：请填写审查结论"))
        elif approving and not value.startswith(FINDINGS[0]):
            errors.append(FieldError(f"findings.{key}",
                                     f"审查要点“{short}”的结论为“{value}”，不能同意鉴证（可选择不予鉴证）"))
    unknown = set(findings) - {k for k, _ in CHECKLIST}
    if unknown:
        errors.append(FieldError("findings", f"无法识别的审查要点：{'、'.join(sorted(unknown))}"))
    return errors


def material_problem(filename: str, mime: str, size: int, head: bytes) -> str | None:
    """A material must be a PDF or an image, and not too large (its first bytes are checked,
    not only its name)."""
    return attachment_problem(filename, mime, size, head, max_bytes=SETTINGS.material_max_bytes)


def certificate_number(district_short: str, year: int, serial: int) -> str:
    """鉴证书编号, given by the centre per district and year: 穗天鉴〔2026〕第00012号."""
    return f"穗{district_short}鉴〔{year}〕第{serial:05d}号"


def certificate_digest(number: str, parties: list[str], amount: Decimal, certified_on: dt.date) -> str:
    """What the QR code carries besides the number: the public check compares it with the register."""
    text = "|".join([number, *parties, f"{amount:.2f}", certified_on.isoformat()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- mediation -------------------------------------------------------------------------------------


class MediationState(CodedEnum):
    APPLIED = ("applied", "待受理")
    REFUSED = ("refused", "不予受理")
    MEDIATING = ("mediating", "调解中")
    SETTLED = ("settled", "调解成功")
    FAILED = ("failed", "调解终结")


class MediationRefusal(CodedEnum):
    """Why an application is not accepted (《合同争议行政调解办法》)."""

    COURT = ("court", "争议已由人民法院受理")
    ARBITRATION = ("arbitration", "争议已由仲裁机构受理")
    DECLINED = ("declined", "对方当事人不同意调解")
    OTHER = ("other", "其他不属于受理范围的情形")


class Referral(CodedEnum):
    ARBITRATION = ("arbitration", "申请仲裁")
    COURT = ("court", "向人民法院起诉")
