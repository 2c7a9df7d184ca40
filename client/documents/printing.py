"""Printing official documents (公文): an outgoing document (发文) on the GB/T 9704 page and the
收文处理单 (processing sheet) of an incoming one, as PDF.

Both take plain values (frozen dataclasses filled by the caller from the database), never ORM
rows, so they print the same in the workstation, the centre and the tests.

- `outgoing_print`: the 发文 as client.kernel.official_page draws it (版头 in red, 发文字号, 标题,
  主送机关, 正文 with its heading levels, 附件说明, 落款 and 成文日期 with the seal's place, 版记),
  plus 份号, 密级和保密期限 and 紧急程度 at the top left of page 1.
- `processing_sheet_pdf`: an A4 form in the embedded CJK font (client/kernel/fonts.py): the
  register's data, then boxes for 拟办意见, 领导批示 and 承办情况 with every opinion, its author and
  time, and the 办结 date; a box grows with its opinions and runs on to the next page.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.kernel import fonts, official_page
from client.kernel.clock import CHINA_TZ
from client.kernel.official_page import Block, Heading, OfficialDocument, Paragraph, date_text, render, \
    resolve_face, wrap
from client.kernel.pdf_lock import one_pdf_at_a_time

# ------------------------------------------------------------------------------ 发文

#: 紧急程度 printed (GB/T 9704 7.2.3); 平急 is the model's label for none marked
URGENCIES = ("特急", "加急")
_NO_URGENCY = ("", "平急")
#: 密级 as printed: the level, optionally ★ and the period (秘密★10年, 机密★20年, 机密★长期);
#: 普通 is the model's label for an ordinary document, which prints nothing
_CLASSIFICATION = re.compile(r"^(秘密|机密|绝密)(★(\d{1,2}年|\d{1,2}个月|长期))?$")
_UNCLASSIFIED = ("", "普通")


@dataclass(frozen=True, kw_only=True)
class PrintableOutgoing:
    """An outgoing document as printed. `body` is the drafted text, one paragraph a line."""

    authority_mark: str  # 发文机关标志, e.g. 天河分局五山工商所文件
    doc_number: str | None  # 发文字号; None prints none (待分配 is the caller's choice)
    title: str
    main_to: Sequence[str]  # 主送机关, joined with 、
    body: str
    issuer: str  # 落款: the office's name
    signed_on: dt.date  # 成文日期
    attachment_names: Sequence[str] = ()
    copy_to: Sequence[str] = ()  # 版记: 抄送
    printed_by: str | None = None  # 版记: 印发机关
    printed_on: dt.date | None = None  # 版记: 印发日期
    sealed: bool = False  # the seal's place (a placeholder circle named after the issuer)
    classification: str = ""  # 密级和保密期限 as printed, e.g. 秘密★10年; "" or 普通: none
    urgency: str = ""  # 特急 / 加急; "" or 平急: none
    copy_number: str | None = None  # 份号 of this copy (涉密公文 carry one)
    signatory: str | None = None  # 签发人: only for a 上行文 (its 版头 is laid out for it)

    def __post_init__(self) -> None:
        for name in ("main_to", "attachment_names", "copy_to"):
            object.__setattr__(self, name, tuple(n.strip() for n in getattr(self, name) if n and n.strip()))


# Heading numbers as GB/T 9704 7.3.3 writes them, at the start of a line. A line is a heading
# only with the standard's mark after the number: "一是…" or "2026年…" stay paragraphs.
_HEADING_NUMBERS = (
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"^\d{1,2}[.．](?!\d)")),  # 1. and 1．, not 1.5万元
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
#: where a run-in heading ends ("（一）主体资格。内容…"): the first of these outside brackets
_HEADING_ENDS = "。：:！？"
#: a heading line of level 3 or 4 ending so is a numbered sentence (an item), not a title
_SENTENCE_ENDS = ("。", "；", ";", "！", "？")
_OPENERS, _CLOSERS = "（(《“‘〔【「", "）)》”’〕】」"


def heading_level(line: str) -> tuple[int, int] | None:
    """(level 1-4, length of its number) when `line` starts with a heading number."""
    for level, pattern in _HEADING_NUMBERS:
        m = pattern.match(line)
        if m:
            return level, m.end()
    return None


def _run_in_split(text: str) -> tuple[str, str]:
    """The heading part of a heading line (up to and including its first 。 or ： outside
    brackets and quotes) and the body text after it ("" when nothing follows)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in _HEADING_ENDS:
            return text[:i + 1], text[i + 1:].strip()
    return text, ""


def body_blocks(body: str) -> list[Block]:
    """The drafted body as blocks: one paragraph a line, blank lines dropped; a line starting
    with 一、（一）1.（1） is a heading of level 1-4, run in when text follows its first 。 or ：; a
    level 3 or 4 line that is a whole sentence is a numbered item (run in after its number).

    Headings keep the numbers the drafter typed (Heading(numbered=False)): the text printed is
    the text the signer signed (签发), so printing never renumbers it; a gap in the numbering is
    the drafter's to fix, not the printer's."""
    blocks: list[Block] = []
    for raw in (body or "").splitlines():
        line = raw.strip(" \t\u3000")  # the drafter's own indent: the page indents paragraphs itself
        if not line:
            continue
        found = heading_level(line)
        if found is None:
            blocks.append(Paragraph(line))
            continue
        level, end = found
        number, rest = line[:end], line[end:].lstrip(" \u3000")  # "1. 标题" prints as 1.标题
        head, run_in = _run_in_split(rest)
        if not run_in and level >= 3 and rest.endswith(_SENTENCE_ENDS):
            # "1.设立咨询点，安排专人解答。" is a numbered item, not a title: a heading is kept with
            # what follows it, and a list of such items would move to the next page as one
            # block; run in after its bare number it flows like a paragraph (levels 3 and 4 are
            # 仿宋 like the body, so it looks the same)
            blocks.append(Heading(number, level=level, numbered=False, run_in=rest))
            continue
        blocks.append(Heading(number + head, level=level, numbered=False, run_in=run_in or None))
    return blocks


def _classification(text: str) -> str | None:
    value = "".join((text or "").split())
    if value in _UNCLASSIFIED:
        return None
    if not _CLASSIFICATION.match(value):
        raise ValueError(f"密级“{value}”不对：应为秘密或机密，可加★和保密期限，如 秘密★10年")
    return value


def _urgency(text: str) -> str | None:
    value = "".join((text or "").split())
    if value in _NO_URGENCY:
        return None
    if value not in URGENCIES:
        raise ValueError(f"紧急程度“{value}”不对：应为特急、加急或不标注")
    return value


def outgoing_document(doc: PrintableOutgoing) -> OfficialDocument:
    """The outgoing document as the GB/T 9704 page model (ValueError, in Chinese, on bad input)."""
    return OfficialDocument(
        authority_mark=doc.authority_mark, doc_number=doc.doc_number or None, title=doc.title,
        main_recipients="、".join(doc.main_to) or None, body=body_blocks(doc.body), issuer=doc.issuer,
        date=doc.signed_on, attachments=doc.attachment_names, copy_to=doc.copy_to,
        printed_by=doc.printed_by or None, printed_on=doc.printed_on,
        seal=doc.issuer if doc.sealed else None, signatory=doc.signatory or None,
        copy_number=doc.copy_number, classification=_classification(doc.classification),
        urgency=_urgency(doc.urgency))


def outgoing_print(doc: PrintableOutgoing) -> bytes:
    """The outgoing document as a PDF in the GB/T 9704 layout."""
    return render(outgoing_document(doc))


def outgoing_page_count(doc: PrintableOutgoing) -> int:
    """Pages the printed document takes (the 页数 of the copy the receivers register)."""
    return official_page.page_count(outgoing_document(doc))


# ------------------------------------------------------------------------------ 收文处理单


class SheetEntry(NamedTuple):
    """One opinion on the sheet: the flow step's title (拟办, 领导批示, 承办, …), who, when, what."""

    step: str
    author: str
    decided_at: dt.datetime | None
    opinion: str


@dataclass(frozen=True, kw_only=True)
class ProcessingSheet:
    """An incoming document's 收文处理单. `entries` in the order they were decided."""

    unit: str  # the receiving office: the sheet's title is "<unit>收文处理单"
    sender: str  # 来文单位
    doc_number: str  # 来文字号
    title: str
    classification: str = ""  # 密级 as printed (秘密★10年); "": 普通
    urgency: str = ""  # 紧急程度; "": 平急
    received_on: dt.date | None = None  # 收文日期
    page_count: int | None = None  # 页数
    register_no: str = ""  # 收文编号
    registered_by: str = ""  # 登记人
    entries: Sequence[SheetEntry] = ()
    finished_on: dt.date | None = None  # 办结 date; None: still open (left blank to fill in)

    def __post_init__(self) -> None:
        object.__setattr__(self, "entries", tuple(SheetEntry(*e) for e in self.entries))


#: the sheet's opinion boxes: (label, words that send a step's entries to it, least height in mm).
#: A step no box names (a flow an administrator extended, 督办) goes to the last box, its title
#: printed with it; the least heights leave room to write by hand on a sheet printed early.
SHEET_BOXES = (
    ("拟办意见", ("拟办",), 38.0),
    ("领导批示", ("批示", "批办", "审批", "阅示"), 55.0),
    ("承办情况", ("承办",), 55.0),
)

_S_LEFT, _S_RIGHT = 20 * mm, A4[0] - 20 * mm
_S_TOP, _S_BOTTOM = A4[1] - 18 * mm, 20 * mm
_S_TITLE_PT = 20.0
_S_PT = 12.0  # 小四: the values and the opinions
_S_LEADING = _S_PT * 1.55
_S_PAD = 2.2 * mm
_S_LABEL_W = 24 * mm  # the label columns of the register part
_S_BOX_LABEL_W = 14 * mm  # the opinion boxes' label column, written downwards
_S_ROW_MIN = 10 * mm
_S_FOOT_PT = 9.0
_EPS = 0.01


def _sheet_face():
    # the embedded CJK font (fonts.register_cjk_font) as an official_page face, for its line
    # breaking (no line starts with ，。; numbers kept whole); drawn through fonts.draw_text
    return resolve_face("sheet", ())


def _lines(text: str, width: float, size: float = _S_PT) -> list[str]:
    face = _sheet_face()
    out: list[str] = []
    for para in (text or "").split("\n"):
        out += wrap(para.strip(), face, size, width, width) if para.strip() else [""]
    while len(out) > 1 and not out[-1]:
        out.pop()
    return out or [""]


def time_text(value: dt.datetime | dt.date | None) -> str:
    """2026年12月7日 14:05 in China time (a naive datetime is taken as China time already)."""
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return date_text(value)
    local = value.astimezone(CHINA_TZ) if value.tzinfo else value
    return f"{date_text(local.date())} {local:%H:%M}"


def _box_of(step: str) -> int:
    for i, (_, words, _) in enumerate(SHEET_BOXES):
        if any(w in step for w in words):
            return i
    return len(SHEET_BOXES) - 1


@dataclass
class _Pages:
    """The sheet laid out before it is drawn, so that every page can say 第n页 共m页."""

    pages: list[list[Callable[[Canvas], None]]] = field(default_factory=lambda: [[]])
    y: float = _S_TOP

    def add(self, op: Callable[[Canvas], None]) -> None:
        self.pages[-1].append(op)

    def new_page(self, heading: str) -> None:
        self.pages.append([])
        self.y = _S_TOP
        size = min(10.0, (_S_RIGHT - _S_LEFT) / max(1.0, fonts.text_width(heading, 1.0)))  # one line
        self.add(lambda c, y=self.y: fonts.draw_text(c, _S_LEFT, y - 10, heading, size))
        self.y -= 10 * 2.2


def _slot_baseline(top: float) -> float:
    """Baseline of _S_PT text centred in a line of _S_LEADING whose top is `top` (the CJK em box
    runs from −0.12 to 0.88 em about the baseline, its centre 0.38 em above it)."""
    return top - _S_LEADING / 2 - 0.38 * _S_PT


def _text_op(x: float, y: float, text: str, size: float = _S_PT, bold: bool = False):
    return lambda c: fonts.draw_text(c, x, y, text, size, mode=2 if bold else None)


def _rect_op(x: float, y: float, w: float, h: float):
    def draw(c: Canvas) -> None:
        c.setLineWidth(0.7)
        c.rect(x, y, w, h)
    return draw


def _register_rows(sheet: ProcessingSheet) -> list[list[tuple[str, str]]]:
    """The register part as rows of (label, value) cells: two cells a row, or one full width."""
    pages = str(sheet.page_count) if sheet.page_count else ""
    return [
        [("来文单位", sheet.sender), ("来文字号", sheet.doc_number)],
        [("标　　题", sheet.title)],
        [("密　　级", sheet.classification or "普通"), ("紧急程度", sheet.urgency or "平急")],
        [("收文日期", date_text(sheet.received_on) if sheet.received_on else ""), ("页　　数", pages)],
        [("收文编号", sheet.register_no), ("登 记 人", sheet.registered_by)],
    ]


def _draw_register(p: _Pages, sheet: ProcessingSheet) -> None:
    width = _S_RIGHT - _S_LEFT
    label_w = _S_LABEL_W
    for row in _register_rows(sheet):
        cell_w = width / len(row)
        wrapped = [_lines(value, cell_w - label_w - 2 * _S_PAD) for _, value in row]
        height = max(_S_ROW_MIN, max(len(w) for w in wrapped) * _S_LEADING + 2 * _S_PAD)
        top = p.y
        for k, ((label, _), lines) in enumerate(zip(row, wrapped)):
            x = _S_LEFT + k * cell_w
            p.add(_rect_op(x, top - height, label_w, height))
            p.add(_rect_op(x + label_w, top - height, cell_w - label_w, height))
            label_x = x + (label_w - fonts.text_width(label, _S_PT)) / 2
            p.add(_text_op(label_x, top - height / 2 - 0.38 * _S_PT, label, bold=True))
            first = top - (height - len(lines) * _S_LEADING) / 2  # the value centred in its cell
            for i, line in enumerate(lines):
                p.add(_text_op(x + label_w + _S_PAD, _slot_baseline(first - i * _S_LEADING), line))
        p.y -= height


@dataclass(frozen=True)
class _BoxLine:
    text: str
    right: bool = False  # the signature line: flush right
    keep_prev: bool = False  # never the first line of a box's part on a new page


def _box_lines(entries: Sequence[SheetEntry], box_label: str, width: float) -> list[_BoxLine]:
    out: list[_BoxLine] = []
    canonical = {"拟办意见": "拟办", "领导批示": "领导批示", "承办情况": "承办"}[box_label]
    for n, e in enumerate(entries):
        if n:
            out.append(_BoxLine(""))  # a blank line between opinions
        text = (e.opinion or "").strip() or "（无意见）"
        if e.step.strip() and e.step.strip() != canonical:  # 承办（综合科）, 督办: say which step
            text = f"【{e.step.strip()}】{text}"
        out += [_BoxLine(line) for line in _lines(text, width)]
        sign = "　".join(part for part in (e.author.strip(), time_text(e.decided_at)) if part)
        out.append(_BoxLine(sign, right=True, keep_prev=True))
    return out


def _draw_box(p: _Pages, label: str, lines: list[_BoxLine], least: float, heading: str) -> None:
    """A labelled box holding `lines`, at least `least` tall; what the page cannot hold goes on
    in a box "（续）" on the next one."""
    inner_x = _S_LEFT + _S_BOX_LABEL_W + _S_PAD
    inner_right = _S_RIGHT - _S_PAD
    part = label
    i = 0
    while True:
        rest = lines[i:]
        need = len(rest) * _S_LEADING + 2 * _S_PAD
        avail = p.y - _S_BOTTOM
        if max(need, least) <= avail:
            take, height = len(rest), max(need, least)
        elif need <= avail and avail >= min(least, 20 * mm):  # the lines fit, the blank room not all
            take, height = len(rest), avail
        else:
            take = int((avail - 2 * _S_PAD) / _S_LEADING)
            while 0 < take < len(rest) and rest[take].keep_prev:
                take -= 1  # a signature stays with its opinion's last line
            if take < 3:  # not worth a sliver: the box starts on the next page
                p.new_page(heading)
                continue
            height = avail
        top = p.y
        p.add(_rect_op(_S_LEFT, top - height, _S_BOX_LABEL_W, height))
        p.add(_rect_op(_S_LEFT + _S_BOX_LABEL_W, top - height, _S_RIGHT - _S_LEFT - _S_BOX_LABEL_W, height))
        _vertical_label(p, part, top, height)
        for k, line in enumerate(rest[:take]):
            y = _slot_baseline(top - _S_PAD - k * _S_LEADING)
            x = inner_right - fonts.text_width(line.text, _S_PT) if line.right else inner_x
            if line.text:
                p.add(_text_op(x, y, line.text))
        p.y -= height
        i += take
        if i >= len(lines):
            return
        p.new_page(heading)
        part = f"{label}（续）"


def _vertical_label(p: _Pages, label: str, top: float, height: float) -> None:
    """The box's label written downwards, one character a line, centred in its column."""
    chars = [ch for ch in label if ch not in "（）"]
    cont = "（续）" in label
    if cont:
        chars = chars[:-1]  # 续 goes below the label, small, as "（续）"
    step = _S_PT * 1.35
    total = len(chars) * step + (step * 1.2 if cont else 0)
    y = top - (height - total) / 2 - 0.88 * _S_PT
    for ch in chars:
        x = _S_LEFT + (_S_BOX_LABEL_W - fonts.text_width(ch, _S_PT)) / 2
        p.add(_text_op(x, y, ch, bold=True))
        y -= step
    if cont:
        note = "（续）"
        x = _S_LEFT + (_S_BOX_LABEL_W - fonts.text_width(note, 9)) / 2
        p.add(_text_op(x, y - 2, note, 9))


def _sheet_layout(sheet: ProcessingSheet, extra: float = 0.0) -> _Pages:
    """The sheet on pages; `extra` points shared among the boxes in proportion to their least
    heights (a one-page sheet is stretched to the foot of the page: room to write by hand)."""
    p = _Pages()
    title = f"{sheet.unit.strip()}收文处理单"
    size = _S_TITLE_PT
    while fonts.text_width(title, size) > _S_RIGHT - _S_LEFT and size > 12:
        size -= 1  # a long office name: a smaller title rather than a cut one
    p.add(_text_op((A4[0] - fonts.text_width(title, size)) / 2, p.y - 0.88 * size, title, size, bold=True))
    p.y -= size * 2.0
    heading = f"{title}（续）　来文字号：{sheet.doc_number}　收文编号：{sheet.register_no}"
    _draw_register(p, sheet)
    p.y -= 3 * mm
    width = _S_RIGHT - _S_LEFT - _S_BOX_LABEL_W - 2 * _S_PAD
    by_box: list[list[SheetEntry]] = [[] for _ in SHEET_BOXES]
    for e in sheet.entries:
        by_box[_box_of(e.step)].append(e)
    leasts = sum(least for _, _, least in SHEET_BOXES)
    for (label, _, least), entries in zip(SHEET_BOXES, by_box):
        _draw_box(p, label, _box_lines(entries, label, width), least * mm + extra * least / leasts, heading)
    # 办结: a row of its own, kept on the page of the last box when it fits
    if p.y - _S_BOTTOM < _S_ROW_MIN - _EPS:
        p.new_page(heading)
    top = p.y
    head_w = _S_BOX_LABEL_W + 10 * mm
    p.add(_rect_op(_S_LEFT, top - _S_ROW_MIN, head_w, _S_ROW_MIN))
    p.add(_rect_op(_S_LEFT + head_w, top - _S_ROW_MIN, _S_RIGHT - _S_LEFT - head_w, _S_ROW_MIN))
    baseline = top - _S_ROW_MIN / 2 - 0.38 * _S_PT
    p.add(_text_op(_S_LEFT + (head_w - fonts.text_width("办结日期", _S_PT)) / 2, baseline, "办结日期", bold=True))
    done = date_text(sheet.finished_on) if sheet.finished_on else "　　　　年　　月　　日"
    p.add(_text_op(_S_LEFT + head_w + _S_PAD, baseline, done))
    p.y -= _S_ROW_MIN
    return p


@one_pdf_at_a_time
def processing_sheet_pdf(sheet: ProcessingSheet) -> bytes:
    """收文处理单 as a PDF: one A4 page, more when the opinions run long (nothing is cut)."""
    fonts.register_cjk_font()
    p = _sheet_layout(sheet)
    if len(p.pages) == 1 and p.y - _S_BOTTOM > 1:
        p = _sheet_layout(sheet, p.y - _S_BOTTOM - 1)
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"收文处理单 {sheet.doc_number}".strip())
    c.setAuthor(sheet.unit)
    c.setCreator("红盾工作台")
    total = len(p.pages)
    for n, ops in enumerate(p.pages, start=1):
        for op in ops:
            op(c)
        foot = f"第{n}页　共{total}页"
        fonts.draw_text(c, (A4[0] - fonts.text_width(foot, _S_FOOT_PT)) / 2, _S_BOTTOM - 10 * mm, foot, _S_FOOT_PT)
        c.showPage()
    c.save()
    return out.getvalue()
