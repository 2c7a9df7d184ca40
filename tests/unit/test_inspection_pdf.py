"""The inspection record PDF (现场检查笔录) and the draw list, read back with poppler."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess

import pytest

from tests.tools import require_tool
from client.inspections.rules import checklist_template
from client.inspections.reports import (ChecklistLine, DrawListData, DrawnEntity, InspectionRecordData,
    draw_list_csv, render_draw_list, render_inspection_record)

@pytest.fixture(autouse=True)
def _poppler():
    require_tool("pdftotext", "poppler-utils")

RECORD = InspectionRecordData(
    record_no="JC4401062026000012",
    authority="天河分局五山工商所",
    plan="2026年第四季度双随机抽查（CJ44010620260003）",
    entity_name="广州市天河区澄明软件科技有限公司",
    uscc="91440106MA5CKL2R7A",
    legal_rep="李明华",
    address="广州市天河区天河路385号太古汇一座21楼",
    place="广州市天河区天河路385号太古汇一座2101室",
    inspected_at=dt.datetime(2026, 11, 24, 2, 30, tzinfo=dt.timezone.utc),
    inspectors=["赵敏", "孙立军"],
    checklist=[ChecklistLine(i.text, "符合" if n else "不符合", "未悬挂" if not n else "")
               for n, i in enumerate(checklist_template())],
    findings="经营场所未在醒目位置悬挂营业执照，已当场责令改正。",
    result="发现问题已责令改正",
    party_name="李明华",
    party_ack="当事人已签字确认",
    photo_count=3,
)


def pdftotext(pdf: bytes, tmp_path, *extra: str) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *extra, str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_record_prints_every_part(tmp_path):
    text = flat(pdftotext(render_inspection_record(RECORD), tmp_path))
    for expected in ("现场检查笔录", "JC4401062026000012", "天河分局五山工商所", RECORD.entity_name, RECORD.uscc,
                     RECORD.place, "2026年11月24日10时30分", "赵敏、孙立军", "检查事项", "不符合",
                     RECORD.findings, "检查结果：发现问题已责令改正", "当事人已签字确认", "当事人：李明华", "当事人（签名）",
                     "检查人员（签名）", "现场照片：3张", "CJ44010620260003"):
        assert flat(expected) in text, expected
    for item in checklist_template():
        assert flat(item.text) in text, item.text


def test_the_font_is_embedded(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_inspection_record(RECORD))
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    cjk = [line for line in fonts.splitlines()[2:] if not line.startswith("Helvetica")]
    assert cjk and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in cjk)  # embedded subsets


def test_a_record_without_a_number_says_pending(tmp_path):
    from dataclasses import replace

    text = flat(pdftotext(render_inspection_record(replace(RECORD, record_no=None)), tmp_path))
    assert "编号：待分配" in text


def test_long_findings_flow_onto_more_pages_and_nothing_is_lost(tmp_path):
    from dataclasses import replace

    findings = "".join(f"第{i}项问题：货架商品未明码标价。" for i in range(1, 120))
    pdf = render_inspection_record(replace(RECORD, findings=findings))
    text = flat(pdftotext(pdf, tmp_path))
    assert "第2页" in text
    body = re.sub(r"笔录编号：JC4401062026000012第\d页", "", text)  # the footers between the pages
    assert flat(findings) in body


def test_the_draw_list_pdf_and_csv_name_every_entity():
    data = DrawListData(plan_no="CJ44010620260003", title="2026年第四季度双随机抽查", authority="天河分局五山工商所",
                        population_size=1234, seed="5eed0001cafe", method="rowno-v1",
                        drawn_on=dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.timezone.utc),
                        entities=[DrawnEntity(i, f"广州市测试{i}号商店", f"92440106MA5C{i:06d}", "广州市天河区",
                                              "赵敏、孙立军") for i in range(1, 61)])
    rows = list(csv.reader(io.StringIO(draw_list_csv(data).decode("utf-8-sig"))))
    assert rows[0] == ["序号", "市场主体名称", "统一社会信用代码", "住所（经营场所）", "检查人员"]
    assert rows[60][1] == "广州市测试60号商店" and len(rows) == 61
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        text = flat(pdftotext(render_draw_list(data), Path(d)))
    assert "从1234户符合条件的市场主体中随机抽取60户" in text
    assert "5eed0001cafe" in text
    assert all(f"广州市测试{i}号商店" in text for i in range(1, 61))
