"""The GB/T 9704-2012 page (client/kernel/official_page.py), read back with poppler.

Geometry is checked on what poppler finds in the PDF (pdftotext -bbox-layout: line boxes in
points, y growing downwards), colours on the page rendered by pdftoppm, the line breaking both on
examples and as properties (hypothesis).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from client.kernel.fonts import CJK_FONT, find_cjk_font, register_cjk_font
from client.kernel.official_page import (CHAR_PITCH, CHARS_PER_LINE, CLOSING, FACE_ROLES, LEFT_MARGIN_MM,
    LINE_PITCH, LINES_PER_PAGE, OPENING, TEXT_H_MM, TEXT_W_MM, TOP_MARGIN_MM, Fields, Heading, OfficialDocument,
    Paragraph, Signatures, body_face, chinese_numeral, date_text, faces, grid_lines, layout, page_count, render,
    resolve_face, text_advance)
from tests.tools import require_tool

MM = 72 / 25.4
PAGE_W_MM, PAGE_H_MM = 210.0, 297.0
TEXT_RIGHT_MM = LEFT_MARGIN_MM + TEXT_W_MM  # 184
TEXT_BOTTOM_MM = TOP_MARGIN_MM + TEXT_H_MM  # 262, from the top of the page
CELL_MM = TEXT_W_MM / CHARS_PER_LINE
LINE_MM = TEXT_H_MM / LINES_PER_PAGE

# Chinese without punctuation: 28 of them are exactly the grid's width
HAN = "国务院办公厅关于进一步规范合同行政监督管理工作加强市场主体服务保障意见"


@pytest.fixture(autouse=True)
def _poppler():
    require_tool("pdftotext", "poppler-utils")


def han(n: int, offset: int = 0) -> str:
    return "".join(HAN[(offset + i) % len(HAN)] for i in range(n))


def doc(**overrides) -> OfficialDocument:
    values = dict(
        authority_mark="广州市天河区市场监督管理局", doc_number="穗工商天〔2026〕12号",
        title="关于做好2026年度合同鉴证工作的通知", main_recipients="各工商所、局属各科室",
        body=[Paragraph("为进一步规范合同鉴证工作，现通知如下。"), Heading("工作目标"),
              Paragraph("依法开展合同鉴证，做到标准统一、程序规范。")],
        issuer="广州市天河区市场监督管理局", date=dt.date(2026, 12, 7))
    values.update(overrides)
    return OfficialDocument(**values)


# ------------------------------------------------------------------------------ reading back


@dataclass(frozen=True)
class Line:
    x0: float  # mm from the left edge of the page
    y0: float  # mm from the top of the page
    x1: float
    y1: float
    text: str


def _write(pdf: bytes, tmp_path: Path, name: str = "doc.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def pages_of(path: Path) -> list[list[Line]]:
    """Every text line poppler finds, page by page, in reading order."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    root = ET.fromstring(out)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in root.iter("{http://www.w3.org/1999/xhtml}page"):
        lines = []
        for line in page.iterfind(".//h:line", ns):
            words = [w.text or "" for w in line.iterfind("h:word", ns)]
            box = [float(line.get(k)) / MM for k in ("xMin", "yMin", "xMax", "yMax")]
            lines.append(Line(*box, " ".join(words)))
        pages.append(sorted(lines, key=lambda ln: (round(ln.y0, 1), ln.x0)))
    return pages


def find(lines: list[Line], needle: str) -> Line:
    hits = [ln for ln in lines if needle in ln.text.replace(" ", "")]
    assert hits, f"{needle!r} not found in {[ln.text for ln in lines]}"
    return hits[0]


def pdfinfo_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def flat_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def page_png(path: Path, page: int, tmp_path: Path, dpi: int = 100):
    from PIL import Image

    prefix = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", str(path),
                    str(prefix)], check=True)
    [png] = sorted(tmp_path.glob(f"p{page}-*.png"))
    return Image.open(png).convert("RGB")


# ------------------------------------------------------------------------------ the grid


def test_the_standard_geometry():
    assert (TOP_MARGIN_MM, LEFT_MARGIN_MM, TEXT_W_MM, TEXT_H_MM) == (37, 28, 156, 225)
    assert (LINES_PER_PAGE, CHARS_PER_LINE) == (22, 28)
    assert CHAR_PITCH * CHARS_PER_LINE == pytest.approx(156 * MM)
    assert LINE_PITCH * LINES_PER_PAGE == pytest.approx(225 * MM)
    # a CJK character on the grid takes exactly one pitch (the 16 pt em, squeezed by −0.21 pt)
    face = body_face()
    assert text_advance(han(28), face, 16, CHAR_PITCH - 16) == pytest.approx(156 * MM)


def test_grid_lines_wrap_on_28_characters_with_a_two_character_indent():
    lines = grid_lines(han(100))
    assert lines[0] == "\u3000\u3000" + han(26)
    assert lines[1:3] == [han(28, 26), han(28, 54)]
    assert lines[3] == han(18, 82)
    assert "".join(lines).replace("\u3000", "") == han(100)
    assert grid_lines("甲\n乙") == ["\u3000\u3000甲", "\u3000\u3000乙"]
    assert grid_lines(han(30), indent=0)[0] == han(28)


def test_a_closing_mark_never_starts_a_line():
    # "，" would be character 27 of the first line (after 26 + indent): it hangs at its end
    lines = grid_lines(han(26) + "，" + han(10))
    assert lines[0] == "\u3000\u3000" + han(26) + "，"
    assert lines[1] == han(10)
    # two closing marks cannot both hang: the last character comes down with them
    lines = grid_lines(han(26) + "。”" + han(5))
    assert lines[0] == "\u3000\u3000" + han(25)
    assert lines[1] == han(1, 25) + "。”" + han(5)
    # an opening mark never ends a line
    lines = grid_lines(han(25) + "《" + han(8) + "》")
    assert lines[0] == "\u3000\u3000" + han(25)
    assert lines[1].startswith("《")


def test_numbers_and_codes_are_not_split():
    text = han(24) + "2026年" + han(10) + "91440106MA5CKL2R7A"
    lines = grid_lines(text)
    assert any(line.startswith("2026年") for line in lines)  # 2026 and its 年 stay together
    assert any("91440106MA5CKL2R7A" in line for line in lines)
    assert "".join(lines).replace("\u3000", "") == text


_ALPHABET = st.sampled_from(list(HAN) + list("，。、；：？！）》”（《“") + list("0123456789") + ["——", "……"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, min_size=1, max_size=160).map("".join))
def test_line_breaking_properties(text):
    face = body_face()
    full = CHARS_PER_LINE * CHAR_PITCH
    lines = grid_lines(text)
    assert "".join(lines).replace("\u3000", "") == text  # nothing lost, nothing added
    for i, line in enumerate(lines):
        body = line.replace("\u3000", "")
        if i > 0 and len(lines[i - 1].replace("\u3000", "")) > 1:
            assert body[0] not in CLOSING, lines
        if i < len(lines) - 1 and len(body) > 1:
            assert body[-1] not in OPENING, lines
        width = text_advance(line, face, 16, CHAR_PITCH - 16)
        if body and body[-1] in CLOSING:  # one hanging mark may stand in the margin
            width -= text_advance(body[-1], face, 16, CHAR_PITCH - 16)
        assert width <= full + 0.01 or not any(ch not in CLOSING for ch in body), lines
    for a, b in zip(lines, lines[1:]):  # —— and …… are never split
        assert not (a.endswith("—") and b.startswith("—")) and not (a.endswith("…") and b.startswith("…"))


def test_chinese_numerals_and_dates():
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99)] == ["一", "九", "十", "十一", "二十", "二十一", "九十九"]
    assert date_text(dt.date(2026, 1, 5)) == "2026年1月5日"  # no leading zeros
    assert date_text(dt.date(2026, 12, 7)) == "2026年12月7日"


def test_bad_documents_are_refused():
    with pytest.raises(ValueError, match="署名"):
        doc(issuer=" ")
    with pytest.raises(ValueError, match="层级"):
        doc(body=[Heading("x", level=5)])
    with pytest.raises(ValueError, match="二维码"):
        doc(qr_caption="扫码")


# ------------------------------------------------------------------------------ the printed page


def long_doc(paragraphs: int, **overrides) -> OfficialDocument:
    body = [Paragraph(han(200, offset=i)) for i in range(paragraphs)]
    return doc(body=body, **overrides)


def test_a_full_page_has_22_lines_of_28_characters_inside_the_text_area(tmp_path):
    path = _write(render(long_doc(6)), tmp_path)
    pages = pages_of(path)
    body = [ln for ln in pages[1] if ln.y0 < TEXT_BOTTOM_MM]  # page 2: body only, no header
    assert len(body) == LINES_PER_PAGE
    assert body[0].y0 > TOP_MARGIN_MM  # the first line sits below the top margin
    assert body[-1].y1 < TEXT_BOTTOM_MM  # and the last above the bottom of the text area
    pitches = [b.y0 - a.y0 for a, b in zip(body, body[1:])]
    assert pitches == pytest.approx([LINE_MM] * (LINES_PER_PAGE - 1), abs=0.05)
    full = [ln for ln in body if len(ln.text) == CHARS_PER_LINE]
    assert len(full) >= 15
    for ln in full:  # continuation lines: 顶格 at the binding margin, filling the 156 mm
        assert ln.x0 == pytest.approx(LEFT_MARGIN_MM, abs=1.0)
        assert ln.x1 == pytest.approx(TEXT_RIGHT_MM, abs=1.0)
    indented = [ln for ln in body if len(ln.text) == CHARS_PER_LINE - 2]
    assert indented and all(ln.x0 == pytest.approx(LEFT_MARGIN_MM + 2 * CELL_MM, abs=0.5) for ln in indented)


def test_page_one_has_the_header_parts_in_order(tmp_path):
    path = _write(render(doc()), tmp_path)
    lines = pages_of(path)[0]
    mark = find(lines, "广州市天河区市场监督管理局")
    number = find(lines, "穗工商天〔2026〕12号")
    title = find(lines, "关于做好2026年度合同鉴证工作的通知")
    recipients = find(lines, "各工商所、局属各科室：")
    first = find(lines, "为进一步规范合同鉴证工作")
    assert mark.y0 == pytest.approx(TOP_MARGIN_MM + 35, abs=2.5)  # 35 mm below the top of the text area
    assert mark.y0 < number.y0 < title.y0 < recipients.y0 < first.y0
    centre = LEFT_MARGIN_MM + TEXT_W_MM / 2
    for centred in (mark, number, title):
        assert (centred.x0 + centred.x1) / 2 == pytest.approx(centre, abs=1.0)
    assert recipients.x0 == pytest.approx(LEFT_MARGIN_MM, abs=0.5)  # 主送机关: 顶格
    assert first.x0 == pytest.approx(LEFT_MARGIN_MM + 2 * CELL_MM, abs=0.5)  # 正文: 左空二字
    assert title.y0 - number.y1 > 2 * LINE_MM  # the red rule, then two empty lines

    page = page_png(path, 1, tmp_path)
    dpi = page.width / PAGE_W_MM

    def reds_between(top_mm: float, bottom_mm: float) -> int:
        count = 0
        for y in range(int(top_mm * dpi), int(bottom_mm * dpi)):
            for x in range(int(LEFT_MARGIN_MM * dpi), int(TEXT_RIGHT_MM * dpi), 2):
                r, g, b = page.getpixel((x, y))
                count += r > 180 and g < 120 and b < 120
        return count

    assert reds_between(mark.y0, mark.y1) > 200  # the mark is red
    assert reds_between(number.y1, number.y1 + 6) > 0.8 * TEXT_W_MM * dpi / 2  # the red rule
    assert reds_between(title.y0, first.y1) == 0  # the title and the text are black


def test_headings_are_numbered_per_level(tmp_path):
    body = [Heading("甲"), Heading("乙", level=2), Heading("丙", level=3), Heading("丁", level=4),
            Heading("戊", level=4), Heading("己", level=2), Heading("庚", level=3), Heading("辛"),
            Heading("壬", level=2), Heading("主体资格：", level=2, run_in="符合。"),
            Heading("附：", numbered=False)]
    text = flat_text(_write(render(doc(body=body)), tmp_path))
    for expected in ("一、甲", "（一）乙", "1.丙", "（1）丁", "（2）戊", "（二）己", "1.庚", "二、辛", "（一）壬",
                     "（二）主体资格：符合。", "附："):
        assert expected in text, expected


def test_page_numbers_alternate_sides_below_the_text_area(tmp_path):
    path = _write(render(long_doc(4)), tmp_path)
    pages = pages_of(path)
    assert len(pages) >= 2
    for n, lines in enumerate(pages, start=1):
        number = find(lines, f"—{n}—")
        assert number.y0 == pytest.approx(TEXT_BOTTOM_MM + 7, abs=1.0)  # 7 mm below the text area
        one_char = 14 / MM  # 4号: one character in from the edge of the text area
        if n % 2:
            assert number.x1 == pytest.approx(TEXT_RIGHT_MM - one_char, abs=1.0)
        else:
            assert number.x0 == pytest.approx(LEFT_MARGIN_MM + one_char, abs=1.0)


def test_signature_without_a_seal(tmp_path):
    lines = pages_of(_write(render(doc()), tmp_path))[-1]
    issuer = [ln for ln in lines if ln.text == "广州市天河区市场监督管理局" and ln.x0 > LEFT_MARGIN_MM + 20][-1]
    date = find(lines, "2026年12月7日")
    assert issuer.x1 == pytest.approx(TEXT_RIGHT_MM - 2 * CELL_MM, abs=1.0)  # 右空二字
    assert date.x0 == pytest.approx(issuer.x0 + 2 * CELL_MM, abs=1.0)  # 首字右移二字
    assert date.y0 - issuer.y0 == pytest.approx(LINE_MM, abs=0.1)


def test_signature_with_a_seal_and_a_qr_code(tmp_path):
    d = doc(seal="广州市天河区市场监督管理局", qr_payload="https://example.gov.cn/v/1", qr_caption="扫码核验",
            note="联系人：张明，电话：020-38881234")
    lines = pages_of(_write(render(d), tmp_path))[-1]
    date = find(lines, "2026年12月7日")
    issuer = [ln for ln in lines if ln.text == "广州市天河区市场监督管理局" and ln.y0 < date.y0][-1]
    assert date.x1 == pytest.approx(TEXT_RIGHT_MM - 4 * CELL_MM, abs=1.0)  # 右空四字
    # centred over the date unless that pushes it nearer than two characters to the right edge
    assert issuer.x1 <= TEXT_RIGHT_MM - 2 * CELL_MM + 0.5
    caption = find(lines, "扫码核验")
    assert caption.x1 < issuer.x0  # the code stands left of the signature
    note = find(lines, "（联系人：张明，电话：020-38881234）")
    assert note.x0 == pytest.approx(LEFT_MARGIN_MM + 2 * CELL_MM, abs=1.0) and note.y0 > date.y0


def test_attachments_are_aligned_on_their_names(tmp_path):
    d = doc(attachments=["2026年度合同鉴证工作考核细则。", "合同鉴证申请书（示范文本）"])
    lines = pages_of(_write(render(d), tmp_path))[-1]
    first = find(lines, "附件：1.2026年度合同鉴证工作考核细则")
    second = find(lines, "2.合同鉴证申请书（示范文本）")
    assert first.x0 == pytest.approx(LEFT_MARGIN_MM + 2 * CELL_MM, abs=0.5)
    assert "。" not in first.text  # no punctuation after an attachment's name
    width_of_head = text_advance("附件：", body_face(), 16, CHAR_PITCH - 16) / MM
    assert second.x0 == pytest.approx(first.x0 + width_of_head, abs=0.5)


def test_the_imprint_sits_at_the_foot_of_the_last_page(tmp_path):
    d = doc(copy_to=["广州市市场监督管理局", "天河区人民政府办公室"], printed_by="广州市天河区市场监督管理局办公室",
            printed_on=dt.date(2026, 12, 7))
    lines = pages_of(_write(render(d), tmp_path))[-1]
    printed = find(lines, "广州市天河区市场监督管理局办公室")
    when = find(lines, "2026年12月7日印发")
    copy = find(lines, "抄送：广州市市场监督管理局，天河区人民政府办公室。")
    one_char = 14 / MM
    assert TEXT_BOTTOM_MM - LINE_MM < printed.y0 < printed.y1 < TEXT_BOTTOM_MM  # the last grid line
    assert printed.x0 == pytest.approx(LEFT_MARGIN_MM + one_char, abs=0.5)  # 左空一字
    assert when.x1 == pytest.approx(TEXT_RIGHT_MM - one_char, abs=0.5)  # 右空一字
    assert copy.x0 == pytest.approx(LEFT_MARGIN_MM + one_char, abs=0.5)
    assert printed.y0 - copy.y0 == pytest.approx(LINE_MM, abs=0.1)


def test_a_upward_document_names_its_signatory(tmp_path):
    lines = pages_of(_write(render(doc(signatory="李建国")), tmp_path))[0]
    mark = find(lines, "广州市天河区市场监督管理局")
    assert mark.y0 == pytest.approx(TOP_MARGIN_MM + 80, abs=2.5)  # 上行文: 80 mm
    number = find(lines, "穗工商天〔2026〕12号")
    signatory = find(lines, "签发人：李建国")
    assert number.x0 == pytest.approx(LEFT_MARGIN_MM + CELL_MM, abs=0.5)
    assert signatory.x1 == pytest.approx(TEXT_RIGHT_MM - CELL_MM, abs=0.5)


def test_the_signature_never_stands_alone_on_a_page():
    """However the body ends, the page with the issuer and date also carries body text."""
    for extra in range(0, 30):
        d = doc(body=[Paragraph(han(26 + 28 * extra))], seal="印章", qr_payload="x", qr_caption="扫码")
        plan = layout(d)
        last = plan.pages[-1]
        signature_at = [i for i, (row, _) in enumerate(last) if row.keep_prev]
        assert signature_at and signature_at[0] >= 1, extra
        assert max(slot + row.slots for row, slot in last) <= LINES_PER_PAGE


def test_other_blocks_print(tmp_path):
    d = doc(body=[Fields((("甲方", "广州市红棉智慧科技有限公司"), ("住所", han(40)))),
                  Signatures(("申请人（签名或盖章）",))])
    path = _write(render(d), tmp_path)
    text = flat_text(path)
    assert "甲方：广州市红棉智慧科技有限公司" in text
    assert "住所：" + han(40) in text
    assert "申请人（签名或盖章）：" in text
    lines = pages_of(path)[0]
    first = find(lines, "住所：")
    second = min((ln for ln in lines if ln.y0 > first.y0 + 1), key=lambda ln: ln.y0)
    assert "".join((first.text + second.text).split()) == "住所：" + han(40)
    head_w = text_advance("住所：", body_face(), 16, CHAR_PITCH - 16) / MM
    assert second.x0 == pytest.approx(first.x0 + head_w, abs=0.5)  # the value wraps under itself


def test_a_character_no_font_has_stays_in_the_text_layer(tmp_path):
    d = doc(body=[Paragraph("当事人王𠀋明，身份证号440106**********1234。")], main_recipients="王𠀋明")
    text = flat_text(_write(render(d), tmp_path))
    assert "当事人王𠀋明" in text and "王𠀋明：" in text


def test_fonts_are_embedded_and_faces_fall_back_to_the_cjk_font(tmp_path):
    path = _write(render(doc()), tmp_path)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    used = [line for line in listing.splitlines()[2:] if not line.startswith("Helvetica")]
    assert used and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in used)
    found = faces()
    assert set(found) == set(FACE_ROLES)
    for face in found.values():
        assert ord("中") in face.glyphs
    # no candidate on disk: the face is the embedded CJK font; the CJK font's own file is
    # reused under its name, not registered (and embedded) a second time
    assert resolve_face("kaiti", [(tmp_path / "missing.ttf", 0, False)]).font == register_cjk_font()
    path_cjk, index = find_cjk_font()
    assert resolve_face("heiti", [(path_cjk, index, False)]).font == CJK_FONT
    print("faces:", {role: (f.font, Path(f.path).name) for role, f in found.items()})


def test_thirty_pages_render_quickly(tmp_path):
    n = 60
    while page_count(long_doc(n)) < 30:
        n += 5
    while page_count(long_doc(n)) > 30:
        n -= 1
    d = long_doc(n, attachments=["附件一"], copy_to=["广州市市场监督管理局"], printed_by="办公室",
                 printed_on=dt.date(2026, 12, 7))
    expected = page_count(d)
    render(doc())  # fonts registered, caches warm: what a clerk's second print costs
    start = time.perf_counter()
    pdf = render(d)
    elapsed = time.perf_counter() - start
    path = _write(pdf, tmp_path)
    assert pdfinfo_pages(path) == expected
    assert 29 <= expected <= 31
    print(f"{expected}-page document ({n} paragraphs of 200 characters): rendered in {elapsed * 1000:.0f} ms, "
          f"{len(pdf) // 1024} KiB")
