"""The printed documents of contract certification and mediation, on the GB/T 9704 page
(client/kernel/official_page.py): 合同鉴证书, 不予鉴证通知书, 调解协议书, 调解终结书 and the
不予受理通知书 of a mediation application; and the certification statistics as a workbook.

Each is an OfficialDocument: the district bureau's name as the red mark (发文机关标志), the
document's number where the 发文字号 stands (待分配 until the centre gives one), the office as
issuer (落款: the bureau's name followed by the office's, "广州市天河区市场监督管理局石牌工商所"),
the date of the decision as 成文日期, and a placeholder circle where the seal is applied by hand.
The certificate carries a QR code of its public check (verify_url).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from client.certification.report_data import (
    CertificateData,
    MediationOutcomeData,
    MediationRefusalData,
    PartyLine,
    RefusalData,
)
from client.certification.rules import MediationRefusal
from client.kernel.numbers import PENDING
from client.kernel.official_page import Fields, Heading, OfficialDocument, Paragraph, Signatures, date_text, render

if TYPE_CHECKING:
    from client.certification.queries import MonthLine

CERTIFICATE_SEAL = "合同鉴证专用章"
QR_CAPTION = "扫码核验本鉴证书"
COPIES_NOTE = "本协议一式三份，双方各执一份，调解机关存档一份。"


def issuer_name(district_name: str, office_name: str) -> str:
    """The office's full name for the 落款: "广州市天河区市场监督管理局" + "天河分局石牌工商所" →
    "广州市天河区市场监督管理局石牌工商所" (the "…分局" of the short name is the bureau itself)."""
    office = office_name.strip()
    district = district_name.strip()
    if not district or office.startswith(district):
        return office
    if "分局" in office:
        office = office.split("分局", 1)[1]
    return district + office if office else district


def money_text(amount_yuan: Decimal, capital: str) -> str:
    """人民币1,234,567.89元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）."""
    return f"人民币{amount_yuan:,.2f}元（大写：{capital}）"


def term_text(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{date_text(start)}至{date_text(end)}"
    if start:
        return f"自{date_text(start)}起"
    if end:
        return f"至{date_text(end)}止"
    return "未约定"


def _names(parties: tuple[PartyLine, ...]) -> str:
    return "与".join(f"{p.role}{p.name}" for p in parties)


def _party_fields(p: PartyLine) -> Fields:
    rows = [(p.role, p.name), (p.id_label, p.id_number)]
    if p.representative:
        rows.append(("法定代表人", p.representative))
    if p.agent:
        rows.append(("委托代理人", p.agent))
    if p.address:
        rows.append(("住所", p.address))
    return Fields(tuple(rows))


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(line.strip()) for line in (text or "").splitlines() if line.strip()]


def _people(names: tuple[str, ...]) -> str:
    return "、".join(names) if names else "（未填写）"


def certificate_document(data: CertificateData) -> OfficialDocument:
    both = "双方" if len(data.parties) == 2 else "各方"
    body = [
        Paragraph(f"经审查，{_names(data.parties)}{both}于{data.signed_place}签订的《{data.contract_title}》，"
                  "当事人主体资格合法，意思表示真实，合同内容不违反法律、行政法规的规定，主要条款完备，"
                  "文字表述准确，签订手续完备，符合合同鉴证的条件，予以鉴证。"),
        Heading("合同当事人"),
        *(_party_fields(p) for p in data.parties),
        Heading("合同主要内容"),
        Fields((("标的", data.subject),
                ("合同金额", money_text(data.amount_yuan, data.amount_capital)),
                ("合同期限", term_text(data.term_start, data.term_end)),
                ("签订地点", data.signed_place),
                ("履行地点", data.performance_place))),
    ]
    if data.findings:
        body.append(Heading("审查意见"))
        for line in data.findings:
            body.append(Heading(f"{line.item}：", level=2, run_in=" ".join(line.finding.split())))
    body += [
        Paragraph(f"鉴证员：{_people(data.certifiers)}"),
        Paragraph("合同鉴证是对合同真实性、合法性的审查证明，不具有强制执行效力。"),
    ]
    return OfficialDocument(
        authority_mark=data.district_name, doc_number=f"鉴证书编号：{data.number or PENDING}",
        title="合同鉴证书", main_recipients=None, body=body,
        issuer=issuer_name(data.district_name, data.office_name), date=data.certified_on,
        seal=CERTIFICATE_SEAL, qr_payload=data.verify_url, qr_caption=QR_CAPTION)


def certificate_pdf(data: CertificateData) -> bytes:
    """合同鉴证书."""
    return render(certificate_document(data))


def refusal_document(data: RefusalData) -> OfficialDocument:
    reasons = _paragraphs(data.reasons)
    if not reasons:
        raise ValueError("不予鉴证通知书必须写明不予鉴证的理由")
    issuer = issuer_name(data.district_name, data.office_name)
    body = [
        Paragraph(f"你们申请鉴证的《{data.contract_title}》，经审查，不符合合同鉴证的条件，"
                  "本机关决定不予鉴证。"),
        Heading("申请鉴证的当事人"),
        *(_party_fields(p) for p in data.parties),
        Heading("不予鉴证的理由"),
        *reasons,
        Paragraph("当事人消除上述情形后，可以重新申请合同鉴证。"),
        Paragraph(f"鉴证员：{_people(data.certifiers)}"),
    ]
    return OfficialDocument(
        authority_mark=data.district_name, doc_number=f"申请编号：{data.application_no or PENDING}",
        title="不予鉴证通知书", main_recipients="、".join(p.name for p in data.parties) or None,
        body=body, issuer=issuer, date=data.decided_on, seal=issuer)


def refusal_notice_pdf(data: RefusalData) -> bytes:
    """不予鉴证通知书 with the reasons."""
    return render(refusal_document(data))


def referral_text(referral: str | None) -> str:
    """Where the parties go after a failed mediation (rules.Referral labels, or 仲裁/诉讼)."""
    text = referral or ""
    if "仲裁" in text:
        return "当事人可以依据合同中的仲裁条款或者事后达成的书面仲裁协议，向仲裁机构申请仲裁。"
    if any(word in text for word in ("诉讼", "法院", "起诉")):
        return "当事人可以依法向人民法院提起诉讼。"
    return "当事人可以依法申请仲裁或者向人民法院提起诉讼。"


def mediation_document(data: MediationOutcomeData) -> OfficialDocument:
    issuer = issuer_name(data.district_name, data.office_name)
    body = [
        Fields((("申请人", data.applicant), ("被申请人", data.respondent), ("调解机关", issuer),
                ("调解员", _people(data.mediators)))),
        Heading("争议事项"),
        *_paragraphs(data.dispute),
    ]
    if data.sessions:
        body.append(Heading("调解经过"))
        for n, (held_on, what) in enumerate(data.sessions, start=1):
            body.append(Paragraph(f"第{n}次调解：{date_text(held_on)}，{what.strip().rstrip('。')}。"))
    if data.succeeded:
        agreement = _paragraphs(data.agreement or "")
        if not agreement:
            raise ValueError("调解协议书必须写明协议内容")
        title = "调解协议书"
        body += [
            Heading("协议内容"),
            Paragraph("经调解，双方当事人自愿达成如下协议："),
            *agreement,
            Paragraph(COPIES_NOTE),
            Signatures(("申请人（签名或盖章）", "被申请人（签名或盖章）", "调解员（签名）")),
        ]
    else:
        title = "调解终结书"
        body += [
            Heading("调解结果"),
            Paragraph("经调解，双方当事人未能达成协议，本机关决定终结调解。" + referral_text(data.referral)),
        ]
    return OfficialDocument(
        authority_mark=data.district_name, doc_number=f"调解案号：{data.case_no or PENDING}",
        title=title, main_recipients=None, body=body, issuer=issuer, date=data.decided_on, seal=issuer)


def mediation_outcome_pdf(data: MediationOutcomeData) -> bytes:
    """调解协议书 (agreement reached) or 调解终结书 (failed, naming the referral)."""
    return render(mediation_document(data))


#: what the applicant may do instead, by the reason the application was not accepted (none for 其他)
REFUSAL_REMEDIES = {
    MediationRefusal.COURT.label: "当事人可以依法通过诉讼程序解决该争议。",
    MediationRefusal.ARBITRATION.label: "当事人可以依法通过仲裁程序解决该争议。",
    MediationRefusal.DECLINED.label: "当事人可以依法申请仲裁或者向人民法院起诉。",
}


def mediation_refusal_document(data: MediationRefusalData) -> OfficialDocument:
    reason = (data.reason or "").strip().rstrip("。")
    if not reason:
        raise ValueError("不予受理通知书必须写明不予受理的理由")
    issuer = issuer_name(data.district_name, data.office_name)
    body = [
        Paragraph(f"你（单位）于{date_text(data.applied_on)}提出的与{data.respondent}之间因《{data.contract_title}》"
                  "发生的合同争议的调解申请，经审查，本机关决定不予受理。"),
        Paragraph(f"不予受理的理由：{reason}。"),
        *_paragraphs(data.note or ""),
    ]
    if remedy := REFUSAL_REMEDIES.get(reason):
        body.append(Paragraph(remedy))
    return OfficialDocument(
        authority_mark=data.district_name, doc_number=f"调解案号：{data.case_no or PENDING}",
        title="不予受理通知书", main_recipients=data.applicant, body=body, issuer=issuer,
        date=data.decided_on, seal=issuer)


def mediation_refusal_pdf(data: MediationRefusalData) -> bytes:
    """不予受理通知书 of a mediation application, addressed to the applicant."""
    return render(mediation_refusal_document(data))


def statistics_xlsx(lines: list[MonthLine], year: int) -> bytes:
    """The certification statistics of `year` as a workbook (XlsxWriter, in memory): one row an
    office and month, as the screen's table, and the year's total."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    total = book.add_format({"bold": True, "top": 1})
    total_money = book.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"})
    sheet = book.add_worksheet("合同鉴证统计")
    sheet.write_row(0, 0, ["统计年度", f"{year}年"])
    sheet.write_row(2, 0, ["单位", "月份", "鉴证件数", "不予鉴证件数", "鉴证合同金额（元）"], head)
    row = 3
    for line in lines:
        sheet.write_string(row, 0, line.office_name)
        sheet.write_string(row, 1, line.month)
        sheet.write_number(row, 2, line.certified)
        sheet.write_number(row, 3, line.refused)
        sheet.write_number(row, 4, float(line.amount), money)
        row += 1
    if lines:
        sheet.write_string(row, 0, "合计", total)
        sheet.write_blank(row, 1, None, total)
        sheet.write_number(row, 2, sum(x.certified for x in lines), total)
        sheet.write_number(row, 3, sum(x.refused for x in lines), total)
        sheet.write_number(row, 4, float(sum((x.amount for x in lines), Decimal(0))), total_money)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 3, 14)
    sheet.set_column(4, 4, 22)
    book.close()
    return out.getvalue()
