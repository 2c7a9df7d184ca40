"""The business licence PDF, read back with poppler (pdftotext, pdfinfo, pdffonts).

Every variable field is checked inside its own box (pdftotext -x -y -W -H crops to the box),
which proves both that the value is printed in full and that it stays inside its box.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.tools import require_tool
from client.kernel.amounts import capital_in_words, format_wan
from client.kernel.fonts import CJK_FONT, CJKFontNotFound, find_cjk_font, font_for, register_cjk_font, runs
from client.registration.reports import (ITEMS, LicenceData, LicenceTextTooLong, field_boxes, field_values,
    fit, public_url_for, qr_payload, qr_widget, render_licence, wrap)

@pytest.fixture(autouse=True)
def _poppler():
    require_tool("pdftotext", "poppler-utils")

MM = 72 / 25.4
BASE = "https://www.gsxt.gov.cn/gz/entity"

COMPANY = LicenceData(
    uscc="91440106MA5CKL2R7A",
    name="广州市红棉智慧科技有限公司",
    kind_label="有限责任公司(自然人投资或控股)",
    layout="company",
    legal_rep="陈志强",
    address="广州市天河区天河路385号太古汇一座2301室（仅限办公）",
    business_scope="技术服务、技术开发、技术咨询；软件开发；信息系统集成服务；计算机系统服务。"
                   "（除依法须经批准的项目外，凭许可证件自主开展活动）",
    established_on=date(2019, 3, 5),
    registered_capital_wan=Decimal("1234.5"),
    term_start=date(2019, 3, 5),
    term_end=date(2049, 3, 4),
    composition_form=None,
    authority="广州市天河区市场监督管理局",
    issued_on=date(2026, 11, 24),
    public_url=public_url_for(BASE, "91440106MA5CKL2R7A"),
    licence_serial="S2612019012345",
)

INDIVIDUAL = LicenceData(
    uscc="92440106L7QX3H8D68",
    name="广州市天河区石牌陈记肠粉店",
    kind_label="个体工商户",
    layout="individual",
    legal_rep="陈伟明",
    address="广州市天河区石牌东路118号首层之二",
    business_scope="餐饮服务；小餐饮；食品销售（仅销售预包装食品）。",
    established_on=date(2021, 6, 18),
    registered_capital_wan=None,
    term_start=None,
    term_end=None,
    composition_form="家庭经营",
    authority="广州市天河区市场监督管理局",
    issued_on=date(2026, 11, 24),
    public_url=public_url_for(BASE, "92440106L7QX3H8D68"),
)

# what a reader of the printed licence sees in each field (computed by hand, not by the module)
EXPECTED = {
    "company": {
        "uscc": "91440106MA5CKL2R7A",
        "licence_serial": "编号：S2612019012345",
        "name": COMPANY.name,
        "kind_label": COMPANY.kind_label,
        "legal_rep": "陈志强",
        "business_scope": COMPANY.business_scope,
        "registered_capital": "人民币壹仟贰佰叁拾肆万伍仟元",
        "established_on": "2019年03月05日",
        "term": "2019年03月05日至2049年03月04日",
        "address": COMPANY.address,
        "authority": "广州市天河区市场监督管理局",
        "issued_on": "2026年11月24日",
    },
    "individual": {
        "uscc": "92440106L7QX3H8D68",
        "name": INDIVIDUAL.name,
        "kind_label": "个体工商户",
        "legal_rep": "陈伟明",
        "business_scope": INDIVIDUAL.business_scope,
        "composition_form": "家庭经营",
        "established_on": "2021年06月18日",
        "address": INDIVIDUAL.address,
        "authority": "广州市天河区市场监督管理局",
        "issued_on": "2026年11月24日",
    },
}
LABELS = {
    "company": ["名称", "类型", "法定代表人", "经营范围", "注册资本", "成立日期", "营业期限", "住所"],
    "individual": ["名称", "类型", "经营者", "组成形式", "经营场所", "经营范围", "注册日期"],
}
PRINTED_FORM = ["营业执照", "统一社会信用代码", "登记机关", "国家市场监督管理总局监制",
                "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", "扫描二维码登录"]
PAGE_MM = {"original": (420, 297), "duplicate": (297, 210)}
DATA = {"company": COMPANY, "individual": INDIVIDUAL}


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text_in_box(pdf: Path, box, page_h_pt: float, slack: float = 1.5) -> str:
    """pdftotext of the region of `box` (points, y up) plus a little slack for rounding."""
    x = box.left - slack
    y = page_h_pt - box.top - slack
    return _run("pdftotext", "-layout", "-x", f"{x:.0f}", "-y", f"{y:.0f}",
                "-W", f"{box.width + 2 * slack:.0f}", "-H", f"{box.height + 2 * slack:.0f}",
                str(pdf), "-")


def _word_box(pdf: Path, word: str) -> tuple[float, float]:
    bbox = _run("pdftotext", "-bbox", str(pdf), "-")
    m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>' + re.escape(word) + "<", bbox)
    assert m, f"{word} not found in the PDF"
    return float(m.group(1)), float(m.group(2))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every layout × copy × mode, rendered once; prints the render times."""
    out = tmp_path_factory.mktemp("licences")
    register_cjk_font()  # timings below are per licence, not the one-off font load
    pdfs = {}
    for layout, data in DATA.items():
        for copy in ("original", "duplicate"):
            for preprinted in (False, True):
                started = time.perf_counter()
                pdf = render_licence(data, copy=copy, preprinted=preprinted)
                ms = 1000 * (time.perf_counter() - started)
                print(f"render {layout}/{copy}/{'preprinted' if preprinted else 'full'}: {ms:.0f} ms")
                path = out / f"{layout}-{copy}-{preprinted}.pdf"
                path.write_bytes(pdf)
                pdfs[layout, copy, preprinted] = path
    return pdfs


CASES = [(layout, copy, pre) for layout in DATA for copy in PAGE_MM for pre in (False, True)]


@pytest.mark.parametrize("layout,copy,preprinted", CASES)
def test_every_field_is_printed_inside_its_box(rendered, layout, copy, preprinted):
    pdf = rendered[layout, copy, preprinted]
    boxes = field_boxes(layout, copy)
    page_h = PAGE_MM[copy][1] * MM
    for key, expected in EXPECTED[layout].items():
        assert _squash(_text_in_box(pdf, boxes[key], page_h)) == _squash(expected), key


@pytest.mark.parametrize("layout,copy,preprinted", CASES)
def test_page_size_is_a3_or_a4_landscape(rendered, layout, copy, preprinted):
    info = _run("pdfinfo", str(rendered[layout, copy, preprinted]))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (w, h) == pytest.approx((PAGE_MM[copy][0] * MM, PAGE_MM[copy][1] * MM), abs=0.5)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Title:\s+(.*)$", info, re.M).group(1) == f"营业执照 – {DATA[layout].name}"


@pytest.mark.parametrize("layout,copy,preprinted", CASES)
def test_every_font_is_embedded(rendered, layout, copy, preprinted):
    rows = _run("pdffonts", str(rendered[layout, copy, preprinted])).splitlines()[2:]
    assert rows, "no font in the PDF"
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert "WenQuanYi" in name or "Fallback" in name or "DejaVu" in name, row


@pytest.mark.parametrize("layout,copy", [(lt, c) for lt in DATA for c in PAGE_MM])
def test_full_mode_prints_the_form_and_preprinted_mode_only_the_values(rendered, layout, copy):
    full = _squash(_run("pdftotext", "-layout", str(rendered[layout, copy, False]), "-"))
    bare = _squash(_run("pdftotext", "-layout", str(rendered[layout, copy, True]), "-"))
    for text in LABELS[layout] + PRINTED_FORM:
        assert _squash(text) in full, text
        assert _squash(text) not in bare, text
    assert ("（副本）" in full) == (copy == "duplicate")
    # (wrapped values interleave with the other column on a whole page; see the box test)
    for key in ("uscc", "name", "authority", "issued_on"):
        assert _squash(EXPECTED[layout][key]) in bare


def test_individual_licence_has_no_capital_or_term():
    text = _squash(_run_pdf(render_licence(INDIVIDUAL, copy="duplicate")))
    for absent in ("注册资本", "营业期限", "法定代表人", "成立日期", "住所", "长期", "人民币"):
        assert absent not in text


def test_open_ended_term_reads_long_term():
    data = dataclasses.replace(COMPANY, term_start=None, term_end=None)
    assert field_values(data)["term"] == "2019年03月05日至长期"


def _run_pdf(pdf: bytes, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, "-", "-"], input=pdf, check=True,
                          capture_output=True).stdout.decode()


# ------------------------------------------------------------------------------ offsets


def test_preprinted_offset_shifts_fields_right_and_down(tmp_path):
    plain = tmp_path / "plain.pdf"
    shifted = tmp_path / "shifted.pdf"
    plain.write_bytes(render_licence(COMPANY, copy="duplicate", preprinted=True))
    shifted.write_bytes(render_licence(COMPANY, copy="duplicate", preprinted=True,
                                       offset_mm=(10.0, 5.0)))
    x0, y0 = _word_box(plain, COMPANY.uscc)
    x1, y1 = _word_box(shifted, COMPANY.uscc)
    assert x1 - x0 == pytest.approx(10 * MM, abs=0.2)
    assert y1 - y0 == pytest.approx(5 * MM, abs=0.2)  # pdftotext's y grows downwards


def test_values_sit_at_the_same_place_in_full_and_preprinted_mode(tmp_path):
    full = tmp_path / "full.pdf"
    bare = tmp_path / "bare.pdf"
    full.write_bytes(render_licence(COMPANY, copy="original"))
    bare.write_bytes(render_licence(COMPANY, copy="original", preprinted=True))
    assert _word_box(full, COMPANY.uscc) == pytest.approx(_word_box(bare, COMPANY.uscc))


def test_full_mode_ignores_the_paper_offset():
    assert render_licence(COMPANY, copy="duplicate", offset_mm=(10, 5)) == \
        render_licence(COMPANY, copy="duplicate")


def test_original_is_the_duplicate_scaled_by_420_over_297():
    small, large = field_boxes("company", "duplicate"), field_boxes("company", "original")
    for key in small:
        assert large[key].left == pytest.approx(small[key].left * 420 / 297)
        assert large[key].size == pytest.approx(small[key].size * 420 / 297)


# ------------------------------------------------------------------------------ long text


def test_a_1000_character_scope_shrinks_and_fits(tmp_path):
    unit = "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；"
    scope = (unit * 40)[:1000]
    data = dataclasses.replace(COMPANY, business_scope=scope)
    for copy in PAGE_MM:
        box = field_boxes("company", copy)["business_scope"]
        size, lines = fit(scope, box, "经营范围")
        assert size < box.size and len(lines) > 20
        path = tmp_path / f"{copy}.pdf"
        path.write_bytes(render_licence(data, copy=copy))
        assert _squash(_text_in_box(path, box, PAGE_MM[copy][1] * MM)) == scope


def test_a_scope_that_cannot_fit_is_refused_not_cut():
    data = dataclasses.replace(COMPANY, business_scope="技术服务" * 1500)
    with pytest.raises(LicenceTextTooLong, match="经营范围内容过长"):
        render_licence(data, copy="duplicate")


def test_a_long_name_shrinks_on_its_line_before_wrapping():
    box = field_boxes("company", "duplicate")["name"]
    size, lines = fit("广州市红棉智慧科技与数字文化创意产业发展集团有限公司", box, "名称")
    assert lines == ["广州市红棉智慧科技与数字文化创意产业发展集团有限公司"]
    assert size < box.size
    size, lines = fit("广州市红棉智慧科技与数字文化创意产业发展集团股份有限公司天河第一分公司",
                      box, "名称")
    assert len(lines) == 2


def test_wrapping_keeps_closing_punctuation_off_the_line_start():
    text = "技术服务、技术开发，技术咨询。软件开发；信息系统集成服务（限分支机构经营）。" * 6
    for width in range(40, 200, 7):
        lines = wrap(text, width, 10)
        assert "".join(lines) == text
        for line in lines[1:]:
            assert line[0] not in "，。、；）》", (width, lines)


def test_line_breaks_in_the_scope_are_kept_and_other_fields_are_one_line():
    data = dataclasses.replace(COMPANY, business_scope="一般项目：软件开发。\r\n许可项目：第二类增值电信业务。",
                               name="广州市红棉\n智慧科技\t有限公司")
    values = field_values(data)
    assert wrap(values["business_scope"], 500, 10) == ["一般项目：软件开发。", "许可项目：第二类增值电信业务。"]
    assert values["name"] == "广州市红棉 智慧科技 有限公司"


def test_wrapping_keeps_a_url_whole_when_it_fits():
    lines = wrap("网址http://www.gsxt.gov.cn查询", 150, 10)
    assert any("http://www.gsxt.gov.cn" in line for line in lines)


# ------------------------------------------------------------------------------ QR


def test_qr_encodes_the_public_page_of_the_entity():
    assert qr_payload(COMPANY) == "https://www.gsxt.gov.cn/gz/entity/91440106MA5CKL2R7A"
    assert qr_widget(COMPANY).value == qr_payload(COMPANY)
    assert public_url_for(BASE + "/", " 9144 ") == BASE + "/9144"


def test_qr_refuses_an_address_without_the_code():
    with pytest.raises(ValueError):
        qr_payload(dataclasses.replace(COMPANY, public_url=BASE))


# ------------------------------------------------------------------------------ fonts


def test_cjk_font_is_registered_once():
    assert register_cjk_font() == CJK_FONT
    assert register_cjk_font() is register_cjk_font()


def test_missing_cjk_font_names_the_package_to_install(tmp_path):
    with pytest.raises(CJKFontNotFound, match="fonts-wqy-microhei"):
        find_cjk_font([(tmp_path / "none.ttc", 0)])


def test_extension_b_character_is_kept_in_the_text_layer():
    """𠀋 (U+2000B) is in no installed CJK font: no crash, a visible box (or the glyph from a
    fallback font such as HanaMinB when installed), and pdftotext still reads it."""
    data = dataclasses.replace(COMPANY, legal_rep="张𠀋明")
    pdf = render_licence(data, copy="duplicate")
    assert "张𠀋明" in _run_pdf(pdf)
    [ext_b] = [run for run in runs("张𠀋明") if run.text == "𠀋"]
    assert ext_b.actual_text
    if font_for("𠀋") is None:
        assert ext_b.font is None  # drawn as an empty box
    print(f"U+2000B drawn with: {font_for('𠀋') or 'a missing-glyph box'}")


def test_symbols_missing_from_the_cjk_font_use_a_fallback_font(tmp_path):
    assert Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").is_file(), \
        "DejaVuSans missing: install fonts-dejavu-core (scripts/install-system-packages.sh)"
    assert font_for("‽") == "HongdunFallback-DejaVuSans"
    path = tmp_path / "symbol.pdf"
    path.write_bytes(render_licence(dataclasses.replace(COMPANY, legal_rep="陈‽强"),
                                    copy="duplicate"))
    assert "陈‽强" in _run("pdftotext", str(path), "-")
    fonts = _run("pdffonts", str(path))
    assert re.search(r"DejaVuSans\s.*\byes\s+yes\s+yes\b", fonts), fonts


# ------------------------------------------------------------------------------ amounts


@pytest.mark.parametrize("wan,words", [
    ("500", "伍佰万元"),
    ("1234.5", "壹仟贰佰叁拾肆万伍仟元"),
    ("10", "壹拾万元"),
    ("100.05", "壹佰万零伍佰元"),
    ("1005", "壹仟零伍万元"),
    ("3", "叁万元"),
    ("0.3", "叁仟元"),
    ("10000", "壹亿元"),
    ("10000.05", "壹亿零伍佰元"),
    ("100000", "壹拾亿元"),
    ("1000.0001", "壹仟万零壹元"),
    ("0.00012", "壹元贰角"),
    ("0.001005", "壹拾元零伍分"),
    ("0.00105", "壹拾元零伍角"),
    ("0", "零元"),
])
def test_capital_in_words(wan, words):
    assert capital_in_words(Decimal(wan)) == words


@pytest.mark.parametrize("bad", ["-1", "0.0000001", "NaN"])
def test_capital_in_words_refuses_what_cannot_be_printed(bad):
    with pytest.raises(ValueError):
        capital_in_words(Decimal(bad))


@pytest.mark.parametrize("wan,text", [("500", "500万元"), ("500.000", "500万元"),
                                      ("1234.50", "1234.5万元"), ("0.0", "0万元"),
                                      ("1E+3", "1000万元")])
def test_format_wan(wan, text):
    assert format_wan(Decimal(wan)) == text


def test_items_follow_domain_md():
    assert [label for _k, label, _s in ITEMS["company"]] == [
        "名称", "类型", "法定代表人", "经营范围", "注册资本", "成立日期", "营业期限", "住所"]
    assert {label for _k, label, _s in ITEMS["individual"]} == set(LABELS["individual"])
