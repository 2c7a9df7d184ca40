"""The field inspection record (现场检查笔录) and the published draw list of a plan, as PDF (and CSV).

A4 portrait with the embedded CJK font (client/kernel/fonts.py). The layout flows top to
bottom and starts a new page when the checklist or the findings run long; every page carries
the record number (or 待分配 when the centre has not given one yet) and the page number.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.inspections.report_data import ChecklistLine, DrawListData, DrawnEntity, InspectionRecordData  # noqa: F401
from client.kernel.fonts import draw_text, register_cjk_font, text_width
from client.kernel.numbers import CHINA_TZ, PENDING  # noqa: F401 (re-exported)
from client.kernel.pdf_lock import one_pdf_at_a_time

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 20 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm, 22 * mm
BODY = 10.5
LINE = BODY * 1.65


def wrap(text: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width` at `size` (CJK: any character may break)."""
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line = ""
        for ch in paragraph:
            if line and text_width(line + ch, size) > width:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines


class _Flow:
    """A y cursor over pages; header/footer drawn on each page."""

    def __init__(self, canvas: Canvas, footer: str):
        self.c = canvas
        self.footer = footer
        self.page = 1
        self.y = TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def new_page(self) -> None:
        self._footer()
        self.c.showPage()
        self.page += 1
        self.y = TOP

    def _footer(self) -> None:
        text = f"{self.footer}    第{self.page}页"
        draw_text(self.c, (PAGE_W - text_width(text, 9)) / 2, BOTTOM - 10 * mm, text, 9)

    def finish(self) -> None:
        self._footer()
        self.c.showPage()

    def text(self, x: float, text: str, size: float = BODY, *, width: float | None = None,
             bold: bool = False) -> None:
        width = width if width is not None else RIGHT - x
        for line in wrap(text, size, width):
            self.need(size * 1.65)
            draw_text(self.c, x, self.y - size, line, size, mode=2 if bold else None)
            self.y -= size * 1.65

    def labelled(self, label: str, value: str) -> None:
        """'label：value' with the value wrapped under itself."""
        label_w = text_width(label + "：", BODY)
        lines = wrap(value or "", BODY, RIGHT - LEFT - label_w)
        for i, line in enumerate(lines):
            self.need(LINE)
            if i == 0:
                draw_text(self.c, LEFT, self.y - BODY, label + "：", BODY, mode=2)
            draw_text(self.c, LEFT + label_w, self.y - BODY, line, BODY)
            self.y -= LINE


def _time_text(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(CHINA_TZ).strftime("%Y年%m月%d日 %H时%M分")


@one_pdf_at_a_time
def render_inspection_record(data: InspectionRecordData) -> bytes:
    register_cjk_font()
    out = io.BytesIO()
    number = data.record_no or PENDING
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"现场检查笔录 {number}")
    c.setAuthor(data.authority)
    flow = _Flow(c, f"笔录编号：{number}")

    title = "现场检查笔录"
    draw_text(c, (PAGE_W - text_width(title, 20)) / 2, flow.y - 20, title, 20, mode=2)
    flow.y -= 20 * 1.8
    sub = f"{data.authority}    编号：{number}"
    draw_text(c, RIGHT - text_width(sub, 10), flow.y - 10, sub, 10)
    flow.y -= 10 * 2.2

    flow.labelled("检查对象", data.entity_name)
    flow.labelled("统一社会信用代码", data.uscc or "")
    flow.labelled("法定代表人（负责人、经营者）", data.legal_rep)
    flow.labelled("登记住所（经营场所）", data.address)
    flow.labelled("检查地点", data.place)
    flow.labelled("检查时间", _time_text(data.inspected_at))
    flow.labelled("检查人员", "、".join(data.inspectors))
    if data.plan:
        flow.labelled("抽查计划", data.plan)
    flow.y -= LINE * 0.4

    _checklist_table(flow, data.checklist)

    flow.y -= LINE * 0.4
    flow.labelled("检查情况", data.findings or "（无）")
    flow.labelled("检查结果", data.result)
    if data.photo_count:
        flow.labelled("现场照片", f"{data.photo_count}张（附后存档）")
    flow.y -= LINE * 0.6

    # acknowledgement and signatures: kept together on one page
    flow.need(LINE * 9)
    flow.labelled("当事人", data.party_name or "")
    flow.labelled("当事人意见", data.party_ack)
    flow.text(LEFT, "以上笔录已经本人核对（或已向本人宣读），与事实相符。")
    flow.y -= LINE
    _signature_line(flow, "当事人（签名）：")
    for _ in range(max(2, len(data.inspectors))):
        _signature_line(flow, "检查人员（签名）：")
    flow.finish()
    c.save()
    return out.getvalue()


def _signature_line(flow: _Flow, label: str) -> None:
    """A label, a rule to sign on and a date to write by hand."""
    c, y = flow.c, flow.y - BODY
    draw_text(c, LEFT, y, label, BODY)
    start = LEFT + text_width("检查人员（签名）：", BODY)
    c.setLineWidth(0.5)
    c.line(start, y - 2, start + 60 * mm, y - 2)
    date = "日期：　　　　年　　月　　日"
    draw_text(c, RIGHT - text_width(date, BODY), y, date, BODY)
    flow.y -= LINE * 1.6


def _checklist_table(flow: _Flow, lines: list[ChecklistLine]) -> None:
    c = flow.c
    cols = [(LEFT, 12 * mm, "序号"), (LEFT + 12 * mm, 100 * mm, "检查事项"),
            (LEFT + 112 * mm, 18 * mm, "结果"), (LEFT + 130 * mm, RIGHT - LEFT - 130 * mm, "说明")]
    size = 9.5
    pad = 1.6 * mm

    def row(cells: list[str], *, bold: bool = False) -> None:
        wrapped = [wrap(text, size, width - 2 * pad) for (_, width, _), text in zip(cols, cells)]
        height = max(len(w) for w in wrapped) * size * 1.45 + 2 * pad
        flow.need(height)
        top = flow.y
        c.setLineWidth(0.6)
        for (x, width, _), cell in zip(cols, wrapped):
            c.rect(x, top - height, width, height)
            for i, line in enumerate(cell):
                draw_text(c, x + pad, top - pad - size - i * size * 1.45, line, size, mode=2 if bold else None)
        flow.y = top - height

    row([h for _, _, h in cols], bold=True)
    for i, line in enumerate(lines, start=1):
        row([str(i), line.text, line.result or "", line.note or ""])


# --- the published draw list ----------------------------------------------------------------


CSV_HEADER = ["序号", "市场主体名称", "统一社会信用代码", "住所（经营场所）", "检查人员"]


def draw_list_csv(data: DrawListData) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel on a Chinese Windows opens it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for e in data.entities:
        writer.writerow([e.pos, e.name, e.uscc or "", e.address, e.inspectors])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@one_pdf_at_a_time
def render_draw_list(data: DrawListData) -> bytes:
    """双随机抽查结果公示表: plan, how it was drawn (population, seed), the entities."""
    register_cjk_font()
    out = io.BytesIO()
    number = data.plan_no or PENDING
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"双随机抽查名单 {number}")
    flow = _Flow(c, f"计划编号：{number}")
    title = "“双随机”抽查对象及检查人员名单"
    draw_text(c, (PAGE_W - text_width(title, 17)) / 2, flow.y - 17, title, 17, mode=2)
    flow.y -= 17 * 2
    flow.labelled("抽查计划", f"{data.title}（{number}）")
    flow.labelled("组织单位", data.authority)
    flow.labelled("抽取时间", _time_text(data.drawn_on))
    flow.labelled("抽取方式", f"从{data.population_size}户符合条件的市场主体中随机抽取{len(data.entities)}户；"
                              f"随机种子{data.seed}（{data.method}），可据此复核抽取结果")
    flow.y -= LINE * 0.4
    cols = [(LEFT, 12 * mm), (LEFT + 12 * mm, 62 * mm), (LEFT + 74 * mm, 42 * mm), (LEFT + 116 * mm, RIGHT - LEFT - 116 * mm)]
    size, pad = 9, 1.5 * mm

    def row(cells: list[str], bold: bool = False) -> None:
        wrapped = [wrap(text, size, width - 2 * pad) for (_, width), text in zip(cols, cells)]
        height = max(len(w) for w in wrapped) * size * 1.45 + 2 * pad
        flow.need(height)
        top = flow.y
        c.setLineWidth(0.6)
        for (x, width), cell in zip(cols, wrapped):
            c.rect(x, top - height, width, height)
            for i, line in enumerate(cell):
                draw_text(c, x + pad, top - pad - size - i * size * 1.45, line, size, mode=2 if bold else None)
        flow.y = top - height

    row(["序号", "市场主体名称", "统一社会信用代码", "检查人员"], bold=True)
    for e in data.entities:
        row([str(e.pos), e.name, e.uscc or "", e.inspectors])
    flow.finish()
    c.save()
    return out.getvalue()
