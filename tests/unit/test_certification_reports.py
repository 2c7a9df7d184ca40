"""合同鉴证书, 不予鉴证通知书, 调解协议书, 调解终结书 and the 不予受理通知书 of a mediation application
as PDF, read back field by field with poppler; the certificate's QR code is read back from the
rendered page module by module; the statistics workbook read back from its sheet's XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget

from client.certification.queries import MonthLine
from client.certification.report_data import (CertificateData, FindingLine, MediationOutcomeData, MediationRefusalData,
    PartyLine, RefusalData)
from client.certification.reports import (COPIES_NOTE, QR_CAPTION, certificate_pdf, issuer_name, mediation_outcome_pdf,
    mediation_refusal_pdf, money_text, refusal_notice_pdf, statistics_xlsx, term_text)
from client.certification.rules import MediationRefusal
from client.kernel.amounts import capital_in_words
from client.kernel.official_page import CHARS_PER_LINE, LEFT_MARGIN_MM, QR_SIZE_MM, TEXT_W_MM
from tests.tools import require_tool

MM = 72 / 25.4
CELL_MM = TEXT_W_MM / CHARS_PER_LINE
TEXT_RIGHT_MM = LEFT_MARGIN_MM + TEXT_W_MM


@pytest.fixture(autouse=True)
def _poppler():
    require_tool("pdftotext", "poppler-utils")


COMPANY = PartyLine(role="甲方", name="广州市红棉智慧科技有限公司", id_label="统一社会信用代码",
                    id_number="91440106MA5CKL2R7A", representative="陈志强", agent="李小红",
                    address="广州市天河区天河路385号太古汇一座2301室（仅限办公）")
PERSON = PartyLine(role="乙方", name="王𠀋明", id_label="公民身份号码", id_number="440106**********1234",
                   representative=None, agent=None, address="广州市天河区石牌东路118号")
AMOUNT = Decimal("1234567.89")

CERTIFICATE = CertificateData(
    number="穗天鉴〔2026〕12号", office_name="天河分局石牌工商所", district_name="广州市天河区市场监督管理局",
    contract_title="软件开发服务合同", subject="红棉智慧门店管理系统的开发、部署及一年运维服务",
    amount_yuan=AMOUNT, amount_capital=capital_in_words(AMOUNT / 10000),
    term_start=dt.date(2026, 1, 5), term_end=dt.date(2027, 1, 4), signed_place="广州市天河区",
    performance_place="广州市天河区天河路385号", parties=(COMPANY, PERSON),
    findings=(FindingLine("主体资格", "符合。甲方登记状态为存续，乙方为完全民事行为能力人。"),
              FindingLine("意思表示真实", "符合。双方当事人均到场，确认合同系真实意思表示。"),
              FindingLine("签订手续完备", "符合。甲方由委托代理人李小红办理，附书面授权委托书。")),
    certifiers=("张明", "刘芳"), certified_on=dt.date(2026, 12, 7),
    verify_url="https://hongdun.gz.gov.cn/verify/certificate/JZ2026000012?d=3fa9c2e1")

REFUSAL = RefusalData(
    application_no="JZ440106202600123", office_name="天河分局石牌工商所", district_name="广州市天河区市场监督管理局",
    contract_title="房屋租赁合同", parties=(COMPANY, PERSON),
    reasons="一、甲方的登记状态为吊销，不具备合同鉴证所要求的主体资格。\n二、合同未约定租金支付方式和违约责任，主要条款不完备。",
    certifiers=("张明", "刘芳"), decided_on=dt.date(2026, 3, 9))

MEDIATION = MediationOutcomeData(
    case_no="TJ440106202600007", office_name="天河分局石牌工商所", district_name="广州市天河区市场监督管理局",
    applicant="广州市红棉智慧科技有限公司", respondent="广州市天河区石牌陈记肠粉店",
    dispute="双方签订的《门店管理系统服务合同》约定乙方支付服务费48000元，乙方以系统故障为由拒付尾款12000元。",
    mediators=("张明", "刘芳"),
    sessions=((dt.date(2026, 11, 3), "天河分局石牌工商所调解室"), (dt.date(2026, 11, 17), "天河分局石牌工商所调解室")),
    succeeded=True,
    agreement="一、乙方于2026年12月31日前向甲方支付尾款10000元。\n二、甲方于2026年12月20日前修复系统故障。",
    referral=None, decided_on=dt.date(2026, 12, 7))


MEDIATION_REFUSAL = MediationRefusalData(
    case_no="穗天河调〔2026〕8号", office_name="天河分局石牌工商所", district_name="广州市天河区市场监督管理局",
    applicant="广州市红棉智慧科技有限公司", respondent="广州市天河区石牌陈记肠粉店", contract_title="门店管理系统服务合同",
    applied_on=dt.date(2026, 11, 30), reason=MediationRefusal.COURT.label, note="该争议已由天河区人民法院立案受理。",
    decided_on=dt.date(2026, 12, 3))


def write(pdf: bytes, tmp_path: Path, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def text_of(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def word_boxes(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax in mm from the top-left, text) of every word."""
    out = text_of(path, "-bbox")
    boxes = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            boxes.append((page, *(float(m.group(i)) / MM for i in range(1, 5)), m.group(5)))
    return boxes


def box_of(path: Path, word: str):
    hits = [b for b in word_boxes(path) if b[5] == word]
    assert hits, word
    return hits[-1]


# ------------------------------------------------------------------------------ 合同鉴证书


def test_the_certificate_prints_every_field(tmp_path):
    path = write(certificate_pdf(CERTIFICATE), tmp_path)
    text = flat(text_of(path, "-layout"))
    assert "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分" == CERTIFICATE.amount_capital  # the 大写 form, by hand
    for expected in (
        "广州市天河区市场监督管理局", "合同鉴证书", "鉴证书编号：穗天鉴〔2026〕12号",
        "经审查，甲方广州市红棉智慧科技有限公司与乙方王𠀋明双方于广州市天河区签订的《软件开发服务合同》",
        "予以鉴证。",
        "甲方：广州市红棉智慧科技有限公司", "统一社会信用代码：91440106MA5CKL2R7A", "法定代表人：陈志强",
        "委托代理人：李小红", "住所：广州市天河区天河路385号太古汇一座2301室（仅限办公）",
        "乙方：王𠀋明", "公民身份号码：440106**********1234", "住所：广州市天河区石牌东路118号",
        "标的：红棉智慧门店管理系统的开发、部署及一年运维服务",
        "合同金额：人民币1,234,567.89元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）",
        "合同期限：2026年1月5日至2027年1月4日", "签订地点：广州市天河区", "履行地点：广州市天河区天河路385号",
        "（一）主体资格：符合。甲方登记状态为存续，乙方为完全民事行为能力人。",
        "（二）意思表示真实：符合。双方当事人均到场，确认合同系真实意思表示。",
        "（三）签订手续完备：符合。甲方由委托代理人李小红办理，附书面授权委托书。",
        "鉴证员：张明、刘芳", "不具有强制执行效力",
        "广州市天河区市场监督管理局石牌工商所", "2026年12月7日", QR_CAPTION,
    ):
        assert flat(expected) in text, expected
    order = [text.index(flat(s)) for s in ("合同鉴证书", "一、合同当事人", "二、合同主要内容", "三、审查意见",
                                           "鉴证员", "广州市天河区市场监督管理局石牌工商所")]
    assert order == sorted(order)
    assert "待分配" not in text


def test_a_certificate_without_a_number_says_pending(tmp_path):
    text = flat(text_of(write(certificate_pdf(dataclasses.replace(CERTIFICATE, number=None)), tmp_path)))
    assert "鉴证书编号：待分配" in text


def test_the_signature_follows_the_seal_layout(tmp_path):
    path = write(certificate_pdf(CERTIFICATE), tmp_path)
    page, x0, y0, x1, y1, _ = box_of(path, "2026年12月7日")
    assert x1 == pytest.approx(TEXT_RIGHT_MM - 4 * CELL_MM, abs=1.0)  # 成文日期右空四字
    issuer = box_of(path, "广州市天河区市场监督管理局石牌工商所")
    assert issuer[0] == page and issuer[2] < y0  # the issuer on the same page, above the date
    assert issuer[3] <= TEXT_RIGHT_MM - 2 * CELL_MM + 0.5


def test_the_qr_code_encodes_the_verify_url(tmp_path):
    """Sample the printed code module by module and compare with the encoder's matrix."""
    from PIL import Image

    path = write(certificate_pdf(CERTIFICATE), tmp_path)
    page, cx0, cy0, cx1, cy1, _ = box_of(path, QR_CAPTION)
    dpi = 300
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-png", str(path),
                    str(tmp_path / "qr")], check=True)
    [png] = tmp_path.glob("qr-*.png")
    image = Image.open(png).convert("L")
    px = dpi / 25.4  # pixels per mm
    # the code stands at the left edge of the text area, right above its caption
    left, bottom = LEFT_MARGIN_MM, cy0 - 0.8  # (glyph tops may reach a little above poppler's box)
    box = image.crop((int((left - 1) * px), int((bottom - QR_SIZE_MM - 5) * px),
                      int((left + QR_SIZE_MM + 1) * px), int(bottom * px)))
    dark = [(x, y) for y in range(box.height) for x in range(box.width) if box.getpixel((x, y)) < 100]
    xs, ys = [p[0] for p in dark], [p[1] for p in dark]
    x_min, x_max, y_min, y_max = min(xs), max(xs), min(ys), max(ys)
    assert (x_max - x_min) / px == pytest.approx(QR_SIZE_MM, abs=0.5)
    assert (y_max - y_min) / px == pytest.approx(QR_SIZE_MM, abs=0.5)
    qr = QrCodeWidget(CERTIFICATE.verify_url, barLevel="M", barBorder=0).qr
    qr.make()
    count = qr.getModuleCount()
    module = (x_max - x_min + 1) / count
    read = [[box.getpixel((int(x_min + (c + 0.5) * module), int(y_min + (r + 0.5) * module))) < 128
             for c in range(count)] for r in range(count)]
    assert read == [[bool(m) for m in row] for row in qr.modules]


# ------------------------------------------------------------------------------ 不予鉴证通知书


def test_the_refusal_notice_prints_the_reasons(tmp_path):
    text = flat(text_of(write(refusal_notice_pdf(REFUSAL), tmp_path), "-layout"))
    for expected in (
        "不予鉴证通知书", "申请编号：JZ440106202600123", "广州市红棉智慧科技有限公司、王𠀋明：",
        "你们申请鉴证的《房屋租赁合同》，经审查，不符合合同鉴证的条件，本机关决定不予鉴证。",
        "一、甲方的登记状态为吊销，不具备合同鉴证所要求的主体资格。",
        "二、合同未约定租金支付方式和违约责任，主要条款不完备。",
        "统一社会信用代码：91440106MA5CKL2R7A", "公民身份号码：440106**********1234",
        "鉴证员：张明、刘芳", "广州市天河区市场监督管理局石牌工商所", "2026年3月9日",
    ):
        assert flat(expected) in text, expected
    assert "扫码" not in text  # only the certificate carries a QR code


def test_a_refusal_needs_reasons_and_may_lack_a_number(tmp_path):
    with pytest.raises(ValueError, match="理由"):
        refusal_notice_pdf(dataclasses.replace(REFUSAL, reasons="  \n "))
    text = flat(text_of(write(refusal_notice_pdf(dataclasses.replace(REFUSAL, application_no=None)), tmp_path)))
    assert "申请编号：待分配" in text


# ------------------------------------------------------------------------------ mediation


def test_the_mediation_agreement(tmp_path):
    text = flat(text_of(write(mediation_outcome_pdf(MEDIATION), tmp_path), "-layout"))
    for expected in (
        "调解协议书", "调解案号：TJ440106202600007", "申请人：广州市红棉智慧科技有限公司",
        "被申请人：广州市天河区石牌陈记肠粉店", "调解员：张明、刘芳", MEDIATION.dispute,
        "第1次调解：2026年11月3日，天河分局石牌工商所调解室。", "第2次调解：2026年11月17日",
        "一、乙方于2026年12月31日前向甲方支付尾款10000元。", "二、甲方于2026年12月20日前修复系统故障。",
        COPIES_NOTE, "本协议一式三份，双方各执一份，调解机关存档一份", "申请人（签名或盖章）：",
        "被申请人（签名或盖章）：", "调解员（签名）：", "广州市天河区市场监督管理局石牌工商所", "2026年12月7日",
    ):
        assert flat(expected) in text, expected
    assert "调解终结书" not in text


@pytest.mark.parametrize("referral, expected", [
    ("申请仲裁", "向仲裁机构申请仲裁"), ("仲裁", "向仲裁机构申请仲裁"),
    ("向人民法院起诉", "向人民法院提起诉讼"), ("诉讼", "向人民法院提起诉讼"),
    (None, "申请仲裁或者向人民法院提起诉讼"),
])
def test_a_failed_mediation_ends_with_the_referral(tmp_path, referral, expected):
    failed = dataclasses.replace(MEDIATION, succeeded=False, agreement=None, referral=referral)
    text = flat(text_of(write(mediation_outcome_pdf(failed), tmp_path), "-layout"))
    assert "调解终结书" in text and "调解协议书" not in text
    assert "双方当事人未能达成协议，本机关决定终结调解" in text
    assert expected in text
    assert "一式三份" not in text and "签名或盖章" not in text


def test_a_settled_mediation_needs_its_agreement():
    with pytest.raises(ValueError, match="协议内容"):
        mediation_outcome_pdf(dataclasses.replace(MEDIATION, agreement=None))


# ------------------------------------------------------------------------------ 不予受理通知书


def test_the_mediation_refusal_notice_prints_every_field(tmp_path):
    path = write(mediation_refusal_pdf(MEDIATION_REFUSAL), tmp_path)
    text = flat(text_of(path, "-layout"))
    for expected in (
        "广州市天河区市场监督管理局", "不予受理通知书", "调解案号：穗天河调〔2026〕8号",
        "广州市红棉智慧科技有限公司：",  # addressed to the applicant
        "你（单位）于2026年11月30日提出的与广州市天河区石牌陈记肠粉店之间因《门店管理系统服务合同》"
        "发生的合同争议的调解申请，经审查，本机关决定不予受理。",
        "不予受理的理由：争议已由人民法院受理。", "该争议已由天河区人民法院立案受理。",
        "当事人可以依法通过诉讼程序解决该争议。",
        "广州市天河区市场监督管理局石牌工商所", "2026年12月3日",
    ):
        assert flat(expected) in text, expected
    order = [text.index(flat(s)) for s in ("不予受理通知书", "广州市红棉智慧科技有限公司：", "不予受理的理由",
                                           "广州市天河区市场监督管理局石牌工商所", "2026年12月3日")]
    assert order == sorted(order)
    assert "2026年11月30日" not in text.split("石牌工商所")[-1]  # the date signed is the decision's
    assert "调解协议书" not in text and "待分配" not in text
    date = box_of(path, "2026年12月3日")
    issuer = box_of(path, "广州市天河区市场监督管理局石牌工商所")
    assert issuer[0] == date[0] and issuer[2] < date[2]  # the issuer above the date, on its page


@pytest.mark.parametrize("reason, remedy", [
    (MediationRefusal.ARBITRATION, "当事人可以依法通过仲裁程序解决"),
    (MediationRefusal.DECLINED, "当事人可以依法申请仲裁或者向人民法院起诉"),
])
def test_a_refused_mediation_says_where_the_party_may_go(tmp_path, reason, remedy):
    data = dataclasses.replace(MEDIATION_REFUSAL, reason=reason.label, note=None, case_no=None)
    text = flat(text_of(write(mediation_refusal_pdf(data), tmp_path)))
    assert f"不予受理的理由：{reason.label}。" in text and remedy in text
    assert "调解案号：待分配" in text and "立案受理" not in text


def test_a_mediation_refused_for_another_reason_names_no_remedy_and_needs_a_reason(tmp_path):
    other = dataclasses.replace(MEDIATION_REFUSAL, reason=MediationRefusal.OTHER.label, note="申请事项不属于合同争议。")
    text = flat(text_of(write(mediation_refusal_pdf(other), tmp_path)))
    assert "不予受理的理由：其他不属于受理范围的情形。" in text and "申请事项不属于合同争议。" in text
    assert "仲裁" not in text and "起诉" not in text and "诉讼" not in text
    with pytest.raises(ValueError, match="理由"):
        mediation_refusal_pdf(dataclasses.replace(MEDIATION_REFUSAL, reason=" "))


# ------------------------------------------------------------------------------ statistics workbook


def _cells(sheet_xml: str, strings: list[str]) -> dict[str, str]:
    """Cell reference → shown value (shared strings resolved) of a worksheet's XML."""
    cells = {}
    cell = r'<c r="([A-Z]+\d+)"(?: s="\d+")?(?: t="(\w+)")?[^>]*><v>([^<]*)</v>'
    for ref, kind, value in re.findall(cell, sheet_xml):
        cells[ref] = strings[int(value)] if kind == "s" else value
    return cells


def test_the_statistics_workbook_has_a_row_an_office_and_month_and_the_total():
    lines = [MonthLine("440106001", "天河分局石牌工商所", "2026-03", 4, 1, Decimal("1234567.89")),
             MonthLine("440106001", "天河分局石牌工商所", "2026-11", 2, 0, Decimal("86000.00")),
             MonthLine("440106002", "天河分局沙河工商所", "2026-11", 0, 3, Decimal("0"))]
    book = statistics_xlsx(lines, 2026)
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        names = z.namelist()
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        workbook = z.read("xl/workbook.xml").decode("utf-8")
        styles = z.read("xl/styles.xml").decode("utf-8")
    assert names.count("xl/worksheets/sheet1.xml") == 1 and "xl/worksheets/sheet2.xml" not in names
    assert 'name="合同鉴证统计"' in workbook
    strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", shared)]
    cells = _cells(sheet, strings)
    assert cells["A1"] == "统计年度" and cells["B1"] == "2026年"
    assert [cells[f"{c}3"] for c in "ABCDE"] == ["单位", "月份", "鉴证件数", "不予鉴证件数", "鉴证合同金额（元）"]
    rows = [[cells.get(f"{c}{r}") for c in "ABCDE"] for r in range(4, 7)]
    assert rows == [["天河分局石牌工商所", "2026-03", "4", "1", "1234567.89"],
                    ["天河分局石牌工商所", "2026-11", "2", "0", "86000"],
                    ["天河分局沙河工商所", "2026-11", "0", "3", "0"]]
    assert [cells.get(f"{c}7") for c in "ACDE"] == ["合计", "6", "4", "1320567.89"]
    assert "#,##0.00" in styles  # the amounts shown as money
    assert "<col " in sheet  # the columns widened for the names


def test_an_empty_year_is_a_workbook_with_only_the_heading():
    with zipfile.ZipFile(io.BytesIO(statistics_xlsx([], 2025))) as z:
        shared = z.read("xl/sharedStrings.xml").decode("utf-8")
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "2025年" in shared and "合计" not in shared
    assert '<row r="4"' not in sheet


# ------------------------------------------------------------------------------ wording


def test_wording_helpers():
    assert issuer_name("广州市天河区市场监督管理局", "天河分局石牌工商所") == "广州市天河区市场监督管理局石牌工商所"
    assert issuer_name("广州市天河区市场监督管理局", "广州市天河区市场监督管理局石牌所") == "广州市天河区市场监督管理局石牌所"
    assert issuer_name("广州市天河区市场监督管理局", "石牌工商所") == "广州市天河区市场监督管理局石牌工商所"
    assert money_text(Decimal("100000"), "壹拾万元") == "人民币100,000.00元（大写：壹拾万元）"
    assert term_text(dt.date(2026, 1, 5), None) == "自2026年1月5日起"
    assert term_text(None, dt.date(2026, 1, 5)) == "至2026年1月5日止"
    assert term_text(None, None) == "未约定"


def test_a_long_contract_stays_whole(tmp_path):
    """Many parties, long names and findings: every character is printed, page breaks or not."""
    parties = tuple(dataclasses.replace(COMPANY, role=f"第{i}方", name=f"广州市天河区第{i}号长名称供应链管理服务有限公司",
                                        address="广州市天河区" + "天河北路" * 12 + "1号") for i in range(3, 9))
    findings = tuple(FindingLine(f"审查要点{i}", "符合。" + "经核对原件与复印件一致，" * 6) for i in range(1, 9))
    data = dataclasses.replace(CERTIFICATE, parties=(COMPANY, PERSON, *parties), findings=findings)
    path = write(certificate_pdf(data), tmp_path)
    text = flat(text_of(path, "-layout"))
    for p in parties:
        assert flat(f"{p.role}：{p.name}") in text and flat(p.address) in text
    for i, f in enumerate(findings, start=1):
        assert flat(f.finding) in text
    assert "各方于广州市天河区签订" in text
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    assert box_of(path, "2026年12月7日")[0] == pages  # the signature closes the last page
