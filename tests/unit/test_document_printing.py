"""Printing official documents (client/documents/printing.py): the outgoing document on the
GB/T 9704 page and the 收文处理单, read back with poppler (pdftotext -layout for the text in
reading order, -bbox-layout for line boxes in points, pdftoppm for the red 版头).
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from client.documents.printing import (PrintableOutgoing, ProcessingSheet, SheetEntry, body_blocks,
    heading_level, outgoing_document, outgoing_page_count, outgoing_print, processing_sheet_pdf, time_text)
from client.kernel.official_page import (CHARS_PER_LINE, LEFT_MARGIN_MM, LINES_PER_PAGE, MARK_TOP_MM, TEXT_H_MM,
    TEXT_W_MM, TOP_MARGIN_MM, Heading, OfficialDocument, Paragraph, date_text, layout, render)
from tests.tools import require_tool

MM = 72 / 25.4
LINE_MM = TEXT_H_MM / LINES_PER_PAGE  # 10.227 mm
CELL_MM = TEXT_W_MM / CHARS_PER_LINE  # 5.571 mm
TEXT_RIGHT_MM = LEFT_MARGIN_MM + TEXT_W_MM
TEXT_BOTTOM_MM = TOP_MARGIN_MM + TEXT_H_MM
CJK = re.compile(r"[\u4e00-\u9fff]")

BODY = """为进一步规范辖区市场主体年度报告公示工作，提高年报率和年报质量，现就有关事项通知如下。
一、工作目标
力争2026年度辖区企业年报率达到95%以上，个体工商户年报率达到90%以上。
二、工作措施
（一）加强宣传引导。通过短信、微信公众号、上门走访等方式，宣传年报的法定义务。
（二）做好指导服务
1.设立年报咨询服务点，安排专人解答填报中遇到的问题。
（1）对未年报企业逐户电话提醒；
（2）对联系不上的企业实地核查。
三、工作要求
各单位要于2026年6月30日前完成年报工作，并将工作情况报送所办公室。"""


def outgoing(**overrides) -> PrintableOutgoing:
    values = dict(
        authority_mark="天河分局五山工商所文件", doc_number="穗工商天五山〔2026〕3号",
        title="关于做好2026年度市场主体年度报告公示工作的通知", main_to=["各监管组", "综合组"], body=BODY,
        attachment_names=["2026年度年报工作进度表"], issuer="天河分局五山工商所", signed_on=dt.date(2026, 12, 7),
        copy_to=["天河分局办公室", "天河分局企业监管科"], printed_by="天河分局五山工商所综合组",
        printed_on=dt.date(2026, 12, 8))
    values.update(overrides)
    return PrintableOutgoing(**values)


@pytest.fixture(autouse=True)
def _poppler():
    require_tool("pdftotext", "poppler-utils")


# ------------------------------------------------------------------------------ reading back


@dataclass(frozen=True)
class Line:
    x0: float  # mm from the left edge of the page
    y0: float  # mm from the top
    x1: float
    y1: float
    text: str  # the words without the spaces poppler puts between them

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2


def write(pdf: bytes, tmp_path: Path, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def pages_of(path: Path) -> list[list[Line]]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in ET.fromstring(out).iter("{http://www.w3.org/1999/xhtml}page"):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            text = "".join(w.text or "" for w in line.iterfind("h:word", ns))
            box = [float(line.get(k)) / MM for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(*box, text))
        pages.append(sorted(lines, key=lambda ln: (round(ln.y0, 1), ln.x0)))
    return pages


def find(lines: list[Line], needle: str) -> Line:
    hits = [ln for ln in lines if needle in ln.text]
    assert hits, f"{needle!r} not in {[ln.text for ln in lines]}"
    return hits[0]


def layout_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def red_pixels(path: Path, tmp_path: Path, top_mm: float, bottom_mm: float, page: int = 1) -> int:
    from PIL import Image

    dpi = 50
    prefix = tmp_path / f"red{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(path), str(prefix)],
                   check=True)
    [png] = sorted(tmp_path.glob(f"red{page}-*.png"))
    image = Image.open(png).convert("RGB")
    scale = dpi / 25.4
    count = 0
    for y in range(int(top_mm * scale), int(bottom_mm * scale)):
        for x in range(image.width):
            r, g, b = image.getpixel((x, y))
            count += r > 150 and r - g > 50 and r - b > 50  # red, or pink where thin lines blur
    return count


# ------------------------------------------------------------------------------ the body


def test_body_lines_become_headings_of_four_levels_keeping_their_numbers():
    blocks = body_blocks(BODY)
    headings = [(b.level, b.text, b.run_in) for b in blocks if isinstance(b, Heading)]
    assert headings == [
        (1, "一、工作目标", None), (1, "二、工作措施", None),
        (2, "（一）加强宣传引导。", "通过短信、微信公众号、上门走访等方式，宣传年报的法定义务。"),
        (2, "（二）做好指导服务", None),
        (3, "1.", "设立年报咨询服务点，安排专人解答填报中遇到的问题。"),  # items: sentences
        (4, "（1）", "对未年报企业逐户电话提醒；"), (4, "（2）", "对联系不上的企业实地核查。"),
        (1, "三、工作要求", None)]
    assert all(not b.numbered for b in blocks if isinstance(b, Heading))  # typed numbers, never renumbered
    assert sum(isinstance(b, Paragraph) for b in blocks) == 3


def test_what_is_and_is_not_a_heading():
    assert heading_level("十二、其他") == (1, 3)
    assert heading_level("(三)半角括号") == (2, 3)
    assert heading_level("12．全角点") == (3, 3)
    assert heading_level("(10)半角") == (4, 4)
    for text in ("一是加强领导。", "2026年全年共检查46次。", "1.5万元以下的罚款。", "二〇二六年", "（注：见附件）",
                 "1、顿号不是标准写法"):
        assert heading_level(text) is None, text
    # the drafter's indent and blank lines go; a space after the number too; a 。 inside brackets
    # or quotes does not end a run-in heading
    blocks = body_blocks("　　首段。\n\n 1. 标题\n（一）《条例》规定“应当年报。”的情形。其余内容。")
    assert blocks[0] == Paragraph("首段。")
    assert blocks[1] == Heading("1.标题", level=3, numbered=False)  # a title: no sentence end
    assert blocks[2] == Heading("（一）《条例》规定“应当年报。”的情形。", level=2, numbered=False, run_in="其余内容。")


def test_bad_input_is_refused_naming_the_field_and_the_rule():
    with pytest.raises(ValueError, match="密级“绝对保密”不对：应为秘密或机密"):
        outgoing_document(outgoing(classification="绝对保密"))
    with pytest.raises(ValueError, match="紧急程度“很急”不对：应为特急、加急"):
        outgoing_document(outgoing(urgency="很急"))
    with pytest.raises(ValueError, match="份号“12a”不对"):
        outgoing_document(outgoing(copy_number="12a"))
    with pytest.raises(ValueError, match="公文标题不能为空"):
        outgoing_document(outgoing(title=" "))
    # the model's labels for "none" print nothing
    doc = outgoing_document(outgoing(classification="普通", urgency="平急"))
    assert doc.classification is None and doc.urgency is None
    doc = outgoing_document(outgoing(classification="机密 ★ 20年", urgency="特急", copy_number="23"))
    assert (doc.classification, doc.urgency, doc.copy_number) == ("机密★20年", "特急", "000023")


def test_the_document_model_carries_the_values():
    doc = outgoing_document(outgoing(sealed=True, main_to=["各监管组", " ", "综合组"]))
    assert doc.main_recipients == "各监管组、综合组"
    assert doc.seal == "天河分局五山工商所" and doc.issuer == "天河分局五山工商所"
    assert doc.attachments == ("2026年度年报工作进度表",)
    assert doc.date == dt.date(2026, 12, 7) and doc.printed_on == dt.date(2026, 12, 8)
    assert outgoing_document(outgoing()).seal is None
    assert outgoing_document(outgoing(main_to=[])).main_recipients is None
    assert outgoing_document(outgoing(doc_number=None)).doc_number is None


# ------------------------------------------------------------------------------ the printed 发文


def test_the_parts_read_back_in_order_and_in_their_places(tmp_path):
    path = write(outgoing_print(outgoing()), tmp_path)
    text = flat(layout_text(path))
    date = date_text(dt.date(2026, 12, 7))
    assert date == "2026年12月7日"
    order = ["天河分局五山工商所文件", "穗工商天五山〔2026〕3号", "关于做好2026年度市场主体", "各监管组、综合组：",
             "为进一步规范", "一、工作目标", "附件：2026年度年报工作进度表", "天河分局五山工商所" + date,
             "抄送：天河分局办公室，天河分局企业监管科。", "天河分局五山工商所综合组2026年12月8日印发"]
    at = [text.find(part) for part in order]
    assert all(i >= 0 for i in at), dict(zip(order, at))
    assert at == sorted(at), dict(zip(order, at))

    pages = pages_of(path)
    first, last = pages[0], pages[-1]
    mark = find(first, "天河分局五山工商所文件")
    number = find(first, "穗工商天五山〔2026〕3号")
    title = find(first, "年度报告公示工作的通知")
    main_to = find(first, "各监管组、综合组：")
    centre = LEFT_MARGIN_MM + TEXT_W_MM / 2
    assert mark.y0 == pytest.approx(TOP_MARGIN_MM + MARK_TOP_MM, abs=2.5)  # 35 mm into the 版心
    assert mark.y1 < number.y0 < title.y0 < main_to.y0
    for centred in (mark, number, title):
        assert (centred.x0 + centred.x1) / 2 == pytest.approx(centre, abs=1.0)
    assert main_to.x0 == pytest.approx(LEFT_MARGIN_MM, abs=0.3)  # 主送: 顶格
    assert title.y0 - number.y1 > 2 * LINE_MM  # the red rule, then two empty lines
    # 落款 and 成文日期 at the right of the last page, the date a line below the issuer
    when = find(last, date)
    issuer = [ln for ln in last if ln.text == "天河分局五山工商所" and ln.y0 < when.y0][-1]
    assert issuer.x1 == pytest.approx(TEXT_RIGHT_MM - 2 * CELL_MM, abs=1.0)  # 右空二字
    assert when.x0 == pytest.approx(issuer.x0 + 2 * CELL_MM, abs=1.0)  # 首字右移二字
    assert when.y0 - issuer.y0 == pytest.approx(LINE_MM, abs=0.1)
    # the 版记 ends on the bottom edge of the 版心
    printed = find(last, "2026年12月8日印发")
    assert TEXT_BOTTOM_MM - LINE_MM < printed.y0 < printed.y1 < TEXT_BOTTOM_MM


def test_the_mark_and_its_rule_are_red_the_rest_black(tmp_path):
    path = write(outgoing_print(outgoing()), tmp_path)
    first = pages_of(path)[0]
    mark = find(first, "天河分局五山工商所文件")
    number = find(first, "穗工商天五山〔2026〕3号")
    title = find(first, "年度报告公示工作的通知")
    assert title.y0 > number.y1  # the title is below the red rule, in the black part checked last
    assert red_pixels(path, tmp_path, mark.y0, mark.y1) > 300  # the mark
    assert red_pixels(path, tmp_path, number.y1, number.y1 + 6) > 200  # the red rule, 156 mm wide
    assert red_pixels(path, tmp_path, 0, mark.y0 - 1) == 0  # nothing red above it
    assert red_pixels(path, tmp_path, number.y1 + 6, 297) == 0  # title, body, page number: black
    assert red_pixels(path, tmp_path, 0, 297, page=2) == 0  # no 版头 on later pages


def test_a_sealed_document_has_the_seals_place_in_red(tmp_path):
    path = write(outgoing_print(outgoing(sealed=True)), tmp_path)
    last = pages_of(path)[-1]
    when = find(last, "2026年12月7日")
    assert when.x1 == pytest.approx(TEXT_RIGHT_MM - 4 * CELL_MM, abs=1.0)  # with a seal: 右空四字
    assert "（天河分局五山工商所）" in flat(layout_text(path))  # the placeholder names the seal
    pages = len(pages_of(path))
    assert red_pixels(path, tmp_path, when.y0 - 25, when.y1 + 20, page=pages) > 50  # the dashed circle


def test_classification_urgency_and_copy_number_print_top_left(tmp_path):
    path = write(outgoing_print(outgoing(classification="秘密★10年", urgency="特急", copy_number="23")), tmp_path)
    first = pages_of(path)[0]
    mark = find(first, "天河分局五山工商所文件")
    above = [ln for ln in first if ln.y1 < mark.y0]
    assert [ln.text for ln in above] == ["000023", "秘密★10年", "特急"]  # in that order, one a line
    for slot, ln in enumerate(above):
        assert ln.x0 == pytest.approx(LEFT_MARGIN_MM, abs=0.3)  # 顶格 at the left of the 版心
        assert ln.mid == pytest.approx(TOP_MARGIN_MM + (slot + 0.5) * LINE_MM, abs=0.6)  # grid line 1, 2, 3

    # 密级 alone takes the first line; nothing at all when none is given
    path = write(outgoing_print(outgoing(classification="机密")), tmp_path, "one.pdf")
    first = pages_of(path)[0]
    above = [ln for ln in first if ln.y1 < find(first, "天河分局五山工商所文件").y0]
    assert [ln.text for ln in above] == ["机密"]
    assert above[0].mid == pytest.approx(TOP_MARGIN_MM + 0.5 * LINE_MM, abs=0.6)
    path = write(outgoing_print(outgoing()), tmp_path, "none.pdf")
    first = pages_of(path)[0]
    assert not [ln for ln in first if ln.y1 < find(first, "天河分局五山工商所文件").y0]
    assert not {"秘密", "机密", "特急", "加急"} & set(flat(layout_text(path)).split("文件")[0])


def test_the_top_left_marks_move_nothing_else():
    """Documents without them (the certificates) lay out exactly as before; with them the page
    grid is unchanged too: they sit above the mark, in the room the standard leaves there."""
    plain = outgoing_document(outgoing())
    marked = replace(plain, classification="秘密★10年", urgency="特急", copy_number="000001")
    a, b = layout(plain), layout(marked)
    assert a.header == b.header and a.first_slot == b.first_slot
    assert [[slot for _, slot in page] for page in a.pages] == [[slot for _, slot in page] for page in b.pages]
    assert 3 * LINE_MM < MARK_TOP_MM  # three lines fit above the mark
    cert = OfficialDocument(authority_mark="广州市天河区市场监督管理局", doc_number="鉴证书编号：待分配",
                            title="合同鉴证书", main_recipients=None, body=[Paragraph("正文。")],
                            issuer="广州市天河区市场监督管理局", date=dt.date(2026, 12, 7))
    assert (cert.copy_number, cert.classification, cert.urgency) == (None, None, None)


def test_every_heading_level_prints_with_its_number(tmp_path):
    text = flat(layout_text(write(outgoing_print(outgoing()), tmp_path)))
    for expected in ("一、工作目标", "二、工作措施", "（一）加强宣传引导。通过短信", "（二）做好指导服务",
                     "1.设立年报咨询服务点", "（1）对未年报企业逐户电话提醒；", "（2）对联系不上的企业", "三、工作要求"):
        assert expected in text, expected


def _long_body(paragraphs: int) -> str:
    from tests.bench.bench_documents_print import realistic_lines

    return "\n".join(realistic_lines(paragraphs, seed=7))


def test_page_geometry_follows_the_standard(tmp_path):
    """A4; on a page of body text the first line lies in the first grid line (37 mm from the top,
    顶格 at 28 mm), 22 lines at the pitch of 225 mm / 22, a full line 28 characters over 156 mm."""
    doc = outgoing(body=_long_body(90))
    pdf = outgoing_print(doc)
    path = write(pdf, tmp_path)
    info = pdfinfo(path)
    assert info["Page size"].split()[:3] == ["595.276", "x", "841.89"]  # A4 in points
    pages = pages_of(path)
    assert len(pages) == outgoing_page_count(doc) == int(info["Pages"]) >= 4
    plan = layout(outgoing_document(doc))
    used = [max((slot + row.slots for row, slot in page), default=0) for page in plan.pages]
    # a page ends early only where a heading must go on with its text, or the signature with
    # the body's last lines: most pages are full
    assert used[1:-1].count(LINES_PER_PAGE) >= 0.7 * len(used[1:-1]), used
    body_only = [n for n, page in enumerate(plan.pages, start=1)
                 if n > 1 and page and not any(row.keep_prev for row, _ in page)]  # no header, no signature
    assert len(body_only) >= 3
    for n in body_only:
        body = [ln for ln in pages[n - 1] if ln.y1 < TEXT_BOTTOM_MM + 0.5]
        assert len(body) == used[n - 1], (n, [ln.text for ln in body])  # 22 on a full page
        grid_slots = [round((ln.mid - TOP_MARGIN_MM) / LINE_MM - 0.5, 2) for ln in body]
        assert grid_slots == pytest.approx(list(range(len(body))), abs=0.08), n  # one a grid line
        assert TOP_MARGIN_MM <= body[0].y0 and body[0].y1 <= TOP_MARGIN_MM + LINE_MM
        assert body[-1].y1 <= TEXT_BOTTOM_MM
        plain = [ln for ln in body if CJK.search(ln.text) and not re.search(r"[0-9%,.]", ln.text)]
        full = [ln for ln in plain if ln.x0 == pytest.approx(LEFT_MARGIN_MM, abs=0.3)
                and len(ln.text) == CHARS_PER_LINE and ln.x1 == pytest.approx(TEXT_RIGHT_MM, abs=0.5)]
        assert len(full) >= 4, (n, [(ln.text, round(ln.x0, 1), round(ln.x1, 1)) for ln in plain])
        for ln in body:  # nothing beyond the 版心 but one hanging mark
            assert ln.x0 >= LEFT_MARGIN_MM - 0.3
            assert ln.x1 <= TEXT_RIGHT_MM + CELL_MM + 0.3
            assert sum(not ch.isascii() for ch in ln.text) <= CHARS_PER_LINE + 1  # digits are narrower
    first_lines = [ln for ln in pages[1] if ln.y1 < TEXT_BOTTOM_MM + 0.5]
    assert min(ln.x0 for ln in first_lines) == pytest.approx(LEFT_MARGIN_MM, abs=0.3)  # 订口 28 mm


def test_a_full_page_holds_exactly_22_lines_of_28_characters(tmp_path):
    """Plain Chinese with no punctuation: every line but a paragraph's last is 28 characters."""
    han = "市场监督管理局依法履行登记注册和行政执法职责加强事中事后监管促进公平竞争"
    para = "".join(han[i % len(han)] for i in range(28 * 21 + 26))  # 22 lines after a 2-character indent
    doc = outgoing(body="\n".join([para] * 4))
    path = write(outgoing_print(doc), tmp_path)
    page = pages_of(path)[1]
    body = [ln for ln in page if ln.y1 < TEXT_BOTTOM_MM + 0.5]
    assert len(body) == LINES_PER_PAGE
    for ln in body:
        indent = round((ln.x0 - LEFT_MARGIN_MM) / CELL_MM)
        assert indent in (0, 2)
        assert len(ln.text) + indent == CHARS_PER_LINE, ln
        assert ln.x1 == pytest.approx(TEXT_RIGHT_MM, abs=0.5)


def test_page_numbers_and_page_count(tmp_path):
    doc = outgoing(body=_long_body(40))
    path = write(outgoing_print(doc), tmp_path)
    pages = pages_of(path)
    assert len(pages) == outgoing_page_count(doc) >= 2
    for n, page in enumerate(pages, start=1):
        number = find(page, f"—{n}—")
        assert number.y0 > TEXT_BOTTOM_MM


def test_a_upward_document_names_its_signatory(tmp_path):
    path = write(outgoing_print(outgoing(signatory="王建国", classification="秘密★5年")), tmp_path)
    first = pages_of(path)[0]
    assert find(first, "签发人：王建国").x1 == pytest.approx(TEXT_RIGHT_MM - CELL_MM, abs=0.5)
    assert find(first, "秘密★5年").y1 < find(first, "天河分局五山工商所文件").y0


def test_printing_is_the_kernels_page(tmp_path):
    """outgoing_print is official_page.render of outgoing_document: one layout for every 公文."""
    doc = outgoing(classification="秘密★10年", urgency="加急", sealed=True)
    a = flat(layout_text(write(outgoing_print(doc), tmp_path, "a.pdf")))
    b = flat(layout_text(write(render(outgoing_document(doc)), tmp_path, "b.pdf")))
    assert a == b


# ------------------------------------------------------------------------------ 收文处理单


UTC = dt.timezone.utc


def sheet(**overrides) -> ProcessingSheet:
    values = dict(
        unit="天河分局五山工商所", sender="广州市天河区市场监督管理局", doc_number="穗天市监〔2026〕45号",
        title="关于开展2026年度“双随机、一公开”联合抽查工作的通知", classification="秘密★10年", urgency="加急",
        received_on=dt.date(2026, 12, 1), page_count=6, register_no="五山收〔2026〕118号", registered_by="陈文书",
        entries=[
            ("拟办", "陈文书", dt.datetime(2026, 12, 1, 2, 15, tzinfo=UTC), "拟请王所长阅示，建议由监管一组牵头办理。"),
            ("领导批示", "王所长", dt.datetime(2026, 12, 1, 6, 40, tzinfo=UTC), "同意。请监管一组按分局要求办理。"),
            ("承办", "李组长", dt.datetime(2026, 12, 10, 8, 0, tzinfo=UTC), "已完成抽查12户，结果已公示。"),
            ("承办（综合组）", "赵干事", dt.datetime(2026, 12, 11, 3, 0, tzinfo=UTC), "已配合完成材料归档。"),
        ],
        finished_on=dt.date(2026, 12, 12))
    values.update(overrides)
    return ProcessingSheet(**values)


def test_the_sheet_shows_the_register_and_every_opinion(tmp_path):
    path = write(processing_sheet_pdf(sheet()), tmp_path)
    assert pdfinfo(path)["Pages"].strip() == "1"
    assert pdfinfo(path)["Page size"].split()[:3] == ["595.276", "x", "841.89"]
    text = flat(layout_text(path))
    for part in ("天河分局五山工商所收文处理单", "来文单位", "广州市天河区市场监督管理局", "来文字号", "穗天市监〔2026〕45号",
                 "双随机、一公开", "秘密★10年", "加急", "收文日期", "2026年12月1日", "页数", "6", "收文编号",
                 "五山收〔2026〕118号", "登记人", "陈文书", "办结日期", "2026年12月12日"):
        assert part in text, part
    # every opinion with its author and its time in China time (UTC+8), in the order of the boxes
    order = ["拟请王所长阅示", "陈文书2026年12月1日10:15", "同意。请监管一组", "王所长2026年12月1日14:40",
             "已完成抽查12户", "李组长2026年12月10日16:00", "【承办（综合组）】已配合完成材料归档。",
             "赵干事2026年12月11日11:00", "办结日期"]
    at = [text.find(part) for part in order]
    assert all(a >= 0 for a in at), [p for p, a in zip(order, at) if a < 0]
    assert at == sorted(at)
    lines = pages_of(path)[0]
    for label in ("拟办意见", "领导批示", "承办情况"):  # the label column: written downwards
        column = [ln for ln in lines if len(ln.text) == 1 and ln.text in label and ln.x1 < 20 + 14]
        assert "".join(ln.text for ln in column).count(label) == 1, label


def test_a_very_long_opinion_goes_on_to_a_second_page_whole(tmp_path):
    long_opinion = "请各单位高度重视此项工作，严格按照分局统一部署开展抽查，做到程序规范、结果公开、责任到人。" * 30
    entries = list(sheet().entries) + [SheetEntry("领导批示", "张局长", dt.datetime(2026, 12, 2, 9, 0), long_opinion)]
    path = write(processing_sheet_pdf(sheet(entries=entries)), tmp_path)
    pages = pages_of(path)
    assert len(pages) == 2
    text = flat(layout_text(path))
    # the opinions' column read line by line (the boxes' labels stand apart at the left)
    column = "".join(ln.text for page in pages for ln in page if 20 + 14 < ln.x0 < 20 + 20)
    assert long_opinion in column  # nothing cut, nothing doubled at the page break
    assert column.count("请各单位高度重视此项工作") == 30
    assert "张局长2026年12月2日09:00" in text  # a naive time is China time already
    assert "第1页共2页" in text and "第2页共2页" in text
    assert "（续）" in text
    # the later boxes and the 办结 row follow on page 2
    second = "".join(ln.text for ln in pages[1])
    assert "已完成抽查12户" in second and "办结日期" in second and "2026年12月12日" in second
    for page in pages:  # inside the page, above the footer
        assert all(10 < ln.x0 and ln.x1 < 200 and ln.y1 < 290 for ln in page)


def test_an_empty_sheet_leaves_room_to_write_by_hand(tmp_path):
    path = write(processing_sheet_pdf(sheet(entries=[], finished_on=None, classification="", urgency="")), tmp_path)
    assert pdfinfo(path)["Pages"].strip() == "1"
    text = flat(layout_text(path))
    assert "普通" in text and "平急" in text and "办结日期年月日" in text


def test_time_text():
    assert time_text(dt.datetime(2026, 12, 31, 16, 5, tzinfo=UTC)) == "2027年1月1日 00:05"
    assert time_text(dt.datetime(2026, 1, 5, 8, 30)) == "2026年1月5日 08:30"
    assert time_text(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert time_text(None) == ""


def test_an_opinion_longer_than_a_page_runs_over_several_whole(tmp_path):
    opinion = "请各单位高度重视此项工作，严格按照分局统一部署开展抽查，做到程序规范、结果公开、责任到人。" * 120
    entries = [SheetEntry("拟办", "陈文书", None, opinion), *sheet().entries,
               SheetEntry("督办", "孙科长", dt.datetime(2026, 12, 5, 1, 0, tzinfo=UTC), "请加快办理。")]
    path = write(processing_sheet_pdf(sheet(entries=entries)), tmp_path)
    pages = pages_of(path)
    assert len(pages) >= 4
    column = "".join(ln.text for page in pages for ln in page if 20 + 14 < ln.x0 < 20 + 20)
    assert opinion in column and column.count("请各单位高度重视此项工作") == 120
    text = flat(layout_text(path))
    assert f"第{len(pages)}页共{len(pages)}页" in text
    assert "【督办】请加快办理。" in text and "孙科长2026年12月5日09:00" in text  # a step no box names
