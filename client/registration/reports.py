"""The business licence (营业执照, 2019 edition) as PDF: 正本 A3 landscape, 副本 A4 landscape.

One layout table in millimetres on the 副本 (297×210 mm) serves both copies: the 正本 is the
same ISO shape, so every position and font size is scaled by 420/297. Full mode draws what the
pre-printed paper carries (frame, emblem, title, labels, footer) plus the variable fields;
`preprinted=True` draws only the variable fields, shifted by the printer's calibration offset.

Text never overflows silently: a value that does not fit its box at its smallest allowed size
raises LicenceTextTooLong (a user-facing message), after wrapping and shrinking step by step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO
from itertools import groupby
from math import cos, radians, sin

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.kernel.amounts import capital_in_words
from client.kernel.fonts import CJK_FONT, draw_text, register_cjk_font, text_width
from client.kernel.pdf_lock import one_pdf_at_a_time


@dataclass(frozen=True)
class LicenceData:
    uscc: str  # 统一社会信用代码
    name: str  # 名称
    kind_label: str  # 类型, e.g. "有限责任公司(自然人投资或控股)" or "个体工商户"
    layout: str  # "company" | "individual"
    legal_rep: str  # 法定代表人 (company) / 经营者 (individual)
    address: str  # 住所 (company) / 经营场所 (individual)
    business_scope: str  # 经营范围, up to ~1000 characters
    established_on: date  # 成立日期 (company) / 注册日期 (individual)
    registered_capital_wan: Decimal | None  # 注册资本 in 万元, printed in capitals
    term_start: date | None  # 营业期限 start; None → established_on
    term_end: date | None  # None → 长期
    composition_form: str | None  # 组成形式 (individual): 个人经营 / 家庭经营
    authority: str  # 登记机关
    issued_on: date  # 发照日期
    public_url: str  # QR target: the entity's page on the publicity system
    licence_serial: str | None = None  # 编号, optional

    def __post_init__(self) -> None:
        if self.layout not in ("company", "individual"):
            raise ValueError(f"layout must be 'company' or 'individual', got {self.layout!r}")


class LicenceTextTooLong(ValueError):
    """A value does not fit its box even at the smallest allowed size (message in Chinese)."""


def public_url_for(base_url: str, uscc: str) -> str:
    """The QR target: the configured base address followed by the credit code."""
    return base_url.rstrip("/") + "/" + uscc.strip()


def qr_payload(data: LicenceData) -> str:
    """What the QR code encodes: the entity's public page (must name its credit code)."""
    url = data.public_url.strip()
    if not url or data.uscc.strip() not in url:
        raise ValueError(f"二维码地址必须包含统一社会信用代码：{url!r}")
    return url


# ------------------------------------------------------------------------------ layout table

BASE_PAGE_MM = (297.0, 210.0)  # the 副本; the table below is in mm on this page, from top-left
PAGES_MM = {"original": (420.0, 297.0), "duplicate": (297.0, 210.0)}


@dataclass(frozen=True)
class Slot:
    """A value box: left/top/width/height in mm, base and minimum font size in pt."""

    x: float
    y: float
    w: float
    h: float
    size: float
    min_size: float
    align: str = "left"  # left | center | right
    one_line_down_to: float = 0.0  # pt: keep to one line by shrinking down to this size first


_LABEL_SIZE = 11.0  # pt, item labels
_LABEL_EM = _LABEL_SIZE * 25.4 / 72  # mm
_VALUE_GAP = 5 * _LABEL_EM + 4.5  # label column (5 characters) + gap, mm
_LEFT, _RIGHT = 26.0, 166.0  # label x of the two item columns, mm
_ROWS = (83.0, 94.0, 104.0, 114.0)  # tops of the item rows, mm (the name may take two lines)

SLOTS: dict[str, Slot] = {
    "uscc": Slot(26, 38.5, 95, 7, 14, 10),
    "serial": Slot(150, 19, 90, 5, 9, 6, "right"),
    "qr": Slot(247, 20, 26, 26, 0, 0),
    "L1": Slot(_LEFT + _VALUE_GAP, _ROWS[0], 150 - _LEFT - _VALUE_GAP, 10, 12, 7,
               one_line_down_to=9),
    "L2": Slot(_LEFT + _VALUE_GAP, _ROWS[1], 150 - _LEFT - _VALUE_GAP, 8, 11, 7),
    "L3": Slot(_LEFT + _VALUE_GAP, _ROWS[2], 150 - _LEFT - _VALUE_GAP, 8, 11, 7),
    "L4": Slot(_LEFT + _VALUE_GAP, _ROWS[3], 150 - _LEFT - _VALUE_GAP, 64, 11, 5),
    "R1": Slot(_RIGHT + _VALUE_GAP, _ROWS[0], 272 - _RIGHT - _VALUE_GAP, 10, 11, 7),
    "R2": Slot(_RIGHT + _VALUE_GAP, _ROWS[1], 272 - _RIGHT - _VALUE_GAP, 8, 11, 7),
    "R3": Slot(_RIGHT + _VALUE_GAP, _ROWS[2], 272 - _RIGHT - _VALUE_GAP, 8, 11, 7),
    "R4": Slot(_RIGHT + _VALUE_GAP, _ROWS[3], 272 - _RIGHT - _VALUE_GAP, 30, 11, 7),
    "R34": Slot(_RIGHT + _VALUE_GAP, _ROWS[2], 272 - _RIGHT - _VALUE_GAP, 40, 11, 7),
    "authority": Slot(196 + _VALUE_GAP - 3.9, 157, 272 - 196 - _VALUE_GAP + 3.9, 8, 11, 7),
    "issued": Slot(196, 169, 76, 7, 11, 9, "center"),
}

# (field key, label, slot) per layout: left column short items and the scope, right column the rest
ITEMS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "company": (
        ("name", "名称", "L1"),
        ("kind_label", "类型", "L2"),
        ("legal_rep", "法定代表人", "L3"),
        ("business_scope", "经营范围", "L4"),
        ("registered_capital", "注册资本", "R1"),
        ("established_on", "成立日期", "R2"),
        ("term", "营业期限", "R3"),
        ("address", "住所", "R4"),
    ),
    "individual": (
        ("name", "名称", "L1"),
        ("kind_label", "类型", "L2"),
        ("legal_rep", "经营者", "L3"),
        ("business_scope", "经营范围", "L4"),
        ("composition_form", "组成形式", "R1"),
        ("established_on", "注册日期", "R2"),
        ("address", "经营场所", "R34"),
    ),
}


@dataclass(frozen=True)
class Box:
    """A slot placed on a real page: points, PDF orientation (y up) for drawing."""

    left: float
    top: float  # from the bottom of the page, y of the box's top edge
    width: float
    height: float
    size: float
    min_size: float
    align: str
    one_line_down_to: float


def field_boxes(layout: str, copy: str = "duplicate",
                offset_mm: tuple[float, float] = (0.0, 0.0)) -> dict[str, Box]:
    """Every variable field's box on the page (points, y up), keyed by field name
    ("uscc", "licence_serial", "qr", "authority", "issued_on" and the ITEMS keys)."""
    page_w, page_h = _page_mm(copy)
    scale = page_w / BASE_PAGE_MM[0]
    dx, dy = offset_mm

    def place(slot: Slot) -> Box:
        return Box(left=(slot.x * scale + dx) * mm, top=(page_h - slot.y * scale - dy) * mm,
                   width=slot.w * scale * mm, height=slot.h * scale * mm,
                   size=slot.size * scale, min_size=slot.min_size * scale, align=slot.align,
                   one_line_down_to=slot.one_line_down_to * scale)

    boxes = {"uscc": place(SLOTS["uscc"]), "licence_serial": place(SLOTS["serial"]),
             "qr": place(SLOTS["qr"]), "authority": place(SLOTS["authority"]),
             "issued_on": place(SLOTS["issued"])}
    for key, _label, slot in ITEMS[layout]:
        boxes[key] = place(SLOTS[slot])
    return boxes


def _page_mm(copy: str) -> tuple[float, float]:
    try:
        return PAGES_MM[copy]
    except KeyError:
        raise ValueError(f"copy must be 'original' or 'duplicate', got {copy!r}") from None


# ------------------------------------------------------------------------------ values


def licence_date(d: date) -> str:
    """Dates as the licence prints them: 2019年03月05日 (two-digit month and day)."""
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def field_values(data: LicenceData) -> dict[str, str]:
    """The text of every variable field, keyed like field_boxes (empty: nothing printed)."""
    start = data.term_start or data.established_on
    end = licence_date(data.term_end) if data.term_end else "长期"
    capital = data.registered_capital_wan
    return {
        "uscc": _one_line(data.uscc),
        "licence_serial": f"编号：{_one_line(data.licence_serial)}" if data.licence_serial else "",
        "name": _one_line(data.name),
        "kind_label": _one_line(data.kind_label),
        "legal_rep": _one_line(data.legal_rep),
        # the scope keeps the clerk's line breaks (一般项目 / 许可项目 are often on their own)
        "business_scope": "\n".join(_one_line(p) for p in data.business_scope.splitlines()),
        "registered_capital": "人民币" + capital_in_words(capital) if capital is not None else "",
        "established_on": licence_date(data.established_on),
        "term": f"{licence_date(start)}至{end}",
        "address": _one_line(data.address),
        "composition_form": _one_line(data.composition_form or ""),
        "authority": _one_line(data.authority),
        "issued_on": licence_date(data.issued_on),
    }


def _one_line(text: str) -> str:
    """Tabs, line breaks and runs of spaces from pasted text become one space: a control
    character would otherwise print as a missing-glyph box."""
    return " ".join(text.split())


# ------------------------------------------------------------------------------ wrapping

# Latin words, numbers and URLs stay whole; every other character is its own token
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:/%\-_+@#&=?]*|\n|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』】〕〉…,.;:?!)]}%’”")
_NO_LINE_END = set("（《「『【〔〈([{‘“")
_LEADING = 1.3  # line pitch / font size


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking for Chinese text: any character may break, except that closing
    punctuation never starts a line and opening punctuation never ends one (避头尾)."""
    lines: list[list[str]] = []
    line: list[str] = []
    line_w = 0.0

    def place(tok: str) -> None:
        nonlocal line, line_w
        w = text_width(tok, size)
        if w > width and len(tok) > 1:  # a URL longer than the line: break inside it
            for ch in tok:
                place(ch)
            return
        if line and line_w + w > width:
            carry: list[str] = []
            if tok in _NO_LINE_START:  # take characters along until one may start a line
                while len(line) > 1:
                    carry.insert(0, line.pop())
                    if carry[0] not in _NO_LINE_START:
                        break
            while len(line) > 1 and line[-1] in _NO_LINE_END:
                carry.insert(0, line.pop())
            lines.append(line)
            line = carry
            line_w = sum(text_width(t, size) for t in carry)
        if not line and tok.isspace():
            return
        line.append(tok)
        line_w += w

    for tok in _TOKEN.findall(text):
        if tok == "\n":
            lines.append(line)
            line, line_w = [], 0.0
        else:
            place(tok)
    if line:
        lines.append(line)
    return ["".join(parts).rstrip() for parts in lines]


def _sizes(start: float, stop: float):
    """Half-point steps from `start` down to `stop` (inclusive)."""
    size = start
    while size >= stop - 1e-9:
        yield size
        size -= 0.5


def fit(text: str, box: Box, what: str) -> tuple[float, list[str]]:
    """Largest size (half-point steps from the base size) at which `text` wraps into `box`;
    a box with one_line_down_to first tries to stay on one line (a name reads better
    smaller than broken)."""
    if box.one_line_down_to:
        for size in _sizes(box.size, box.one_line_down_to):
            if text_width(text, size) <= box.width and "\n" not in text:
                return size, [text]
    for size in _sizes(box.size, box.min_size):
        lines = wrap(text, box.width, size)
        fits = all(text_width(ln, size) <= box.width + 0.01 for ln in lines)
        if fits and (len(lines) - 1) * size * _LEADING + size * 1.2 <= box.height + 0.01:
            return size, lines
    raise LicenceTextTooLong(f"{what}内容过长（{len(text)}字），营业执照上打印不下，请精简后重试。")


def baseline(box: Box) -> float:
    """Baseline of a box's first line at its base size; labels sit on it too."""
    return box.top - box.size * 0.95


def _draw_box_text(c: Canvas, box: Box, text: str, what: str) -> None:
    size, lines = fit(text, box, what)
    if len(lines) == 1:
        baselines = [baseline(box)]  # a one-line value sits on the label's baseline
    else:
        first = box.top - size * 0.95
        baselines = [first - i * size * _LEADING for i in range(len(lines))]
    for line, y in zip(lines, baselines):
        w = text_width(line, size)
        x = {"left": box.left, "center": box.left + (box.width - w) / 2,
             "right": box.left + box.width - w}[box.align]
        draw_text(c, x, y, line, size)


# ------------------------------------------------------------------------------ rendering

RED = Color(0.78, 0.09, 0.11)
GOLD = Color(0.98, 0.78, 0.18)
BAND = Color(0.97, 0.86, 0.84)


OTHER_FIELD_NAMES = {"uscc": "统一社会信用代码", "licence_serial": "编号",
                     "authority": "登记机关", "issued_on": "发照日期"}


@one_pdf_at_a_time
def render_licence(data: LicenceData, *, copy: str = "original", preprinted: bool = False,
                   offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """The licence as a one-page PDF. copy: "original" (正本, A3) or "duplicate" (副本, A4).
    preprinted: print only the variable fields, shifted by offset_mm (x right, y down)."""
    register_cjk_font()
    page_w, page_h = _page_mm(copy)
    scale = page_w / BASE_PAGE_MM[0]
    boxes = field_boxes(data.layout, copy, offset_mm if preprinted else (0.0, 0.0))
    values = field_values(data)

    out = BytesIO()
    # initialFontName: otherwise every page references Helvetica, a font that is not embedded
    c = Canvas(out, pagesize=(page_w * mm, page_h * mm), invariant=True, pageCompression=1,
               initialFontName=CJK_FONT, lang="zh-CN")
    c.setTitle(f"营业执照 – {data.name}")
    c.setSubject("营业执照（正本）" if copy == "original" else "营业执照（副本）")
    c.setAuthor(data.authority)
    c.setCreator("红盾工作台")

    if not preprinted:
        _draw_paper(c, data.layout, copy, page_w * mm, page_h * mm, scale, boxes)

    c.setFillColor(black)
    c.setStrokeColor(black)
    labels = {key: label for key, label, _slot in ITEMS[data.layout]}
    for key in ("uscc", "licence_serial", *labels, "authority", "issued_on"):
        text = values[key]
        if not text:
            continue
        box = boxes[key]
        what = labels[key] if key in labels else OTHER_FIELD_NAMES[key]
        _draw_box_text(c, box, text, what)
    _draw_qr(c, qr_widget(data), boxes["qr"])

    c.showPage()
    c.save()
    return out.getvalue()


def qr_widget(data: LicenceData) -> QrCodeWidget:
    """reportlab's QR widget for the licence: level M (15 % damage tolerated, the paper is
    handled for years), no quiet zone of its own since the box sits on blank paper."""
    return QrCodeWidget(qr_payload(data), barLevel="M", barBorder=0)


def _draw_qr(c: Canvas, widget: QrCodeWidget, box: Box) -> None:
    """The widget's module matrix as one path of dark runs: rendering the widget itself makes
    one shape object per run and encodes twice, ~35 ms of the ~40 ms a licence takes."""
    qr = widget.qr
    qr.make()
    count = qr.getModuleCount()
    module = min(box.width, box.height) / count
    path = c.beginPath()
    for r, row in enumerate(qr.modules):
        col = 0
        for dark, run in groupby(bool(m) for m in row):
            n = sum(1 for _ in run)
            if dark:
                path.rect(box.left + col * module, box.top - (r + 1) * module,
                          n * module, module)
            col += n
    c.saveState()
    c.setFillColor(black)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


# ------------------------------------------------------------------------------ the paper
# What the pre-printed paper carries; drawn only in full mode. Positions in mm on the 副本.

_FRAME_OUTER, _FRAME_INNER = 9.0, 15.0  # mm from the page edge
_EMBLEM_CENTRE, _EMBLEM_RADIUS = (148.5, 33.0), 11.0
_TITLE = ("营业执照", 148.5, 63.0, 40.0)  # text, centre x, baseline y, size pt
_DUPLICATE_MARK = ("（副　本）", 148.5, 73.0, 14.0)
_USCC_LABEL = (26.0, 34.5, 10.0)  # x, baseline y, size
_QR_CAPTION = (260.0, 49.5, 5.2, 36.0)  # centre x, top y, size, width
_QR_CAPTION_TEXT = "扫描二维码登录'国家企业信用信息公示系统'了解更多登记、备案、许可、监管信息"
_AUTHORITY_LABEL = (196.0, "登记机关")
_FOOTER_Y, _FOOTER_SIZE = 190.0, 6.5
_FOOTER = (
    (24.0, "left", "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn"),
    (148.5, "center", "市场主体应当于每年1月1日至6月30日通过国家企业信用信息公示系统报送公示年度报告"),
    (273.0, "right", "国家市场监督管理总局监制"),
)


def _draw_paper(c: Canvas, layout: str, copy: str, page_w: float, page_h: float,
                scale: float, boxes: dict[str, Box]) -> None:
    def pt(x_mm: float, y_mm: float) -> tuple[float, float]:
        return x_mm * scale * mm, page_h - y_mm * scale * mm

    _draw_frame(c, page_w, page_h, scale)
    _draw_emblem(c, *pt(*_EMBLEM_CENTRE), _EMBLEM_RADIUS * scale * mm)

    c.setFillColor(black)
    text, cx, y, size = _TITLE
    _draw_spaced(c, text, pt(cx, y), size * scale, spacing=0.6, bold=True)
    if copy == "duplicate":
        text, cx, y, size = _DUPLICATE_MARK
        _draw_spaced(c, text, pt(cx, y), size * scale, spacing=0.0)

    x, y, size = _USCC_LABEL
    draw_text(c, *pt(x, y), "统一社会信用代码", size * scale)

    cx, top, size, width = _QR_CAPTION
    lines = wrap(_QR_CAPTION_TEXT, width * scale * mm, size * scale)
    for i, line in enumerate(lines):
        x_pt, y_pt = pt(cx, top)
        w = text_width(line, size * scale)
        draw_text(c, x_pt - w / 2, y_pt - size * scale * (1 + i * 1.35), line, size * scale)

    for key, label, _slot in ITEMS[layout]:
        box = boxes[key]
        _draw_label(c, label, box.left - _VALUE_GAP * scale * mm, baseline(box),
                    _LABEL_SIZE * scale)
    x_label, label = _AUTHORITY_LABEL
    box = boxes["authority"]
    _draw_label(c, label, x_label * scale * mm, baseline(box), _LABEL_SIZE * scale)

    for x, align, line in _FOOTER:
        size = _FOOTER_SIZE * scale
        x_pt, y_pt = pt(x, _FOOTER_Y)
        w = text_width(line, size)
        x_pt -= {"left": 0, "center": w / 2, "right": w}[align]
        draw_text(c, x_pt, y_pt, line, size)


def _draw_label(c: Canvas, label: str, x: float, y: float, size: float) -> None:
    """Labels are justified over four characters like the printed form (名　　称);
    the one five-character label (法定代表人) keeps its natural width."""
    span = max(len(label), 4) * size
    if len(label) == 1:
        draw_text(c, x, y, label, size)
        return
    step = (span - size) / (len(label) - 1)
    for i, ch in enumerate(label):
        draw_text(c, x + i * step, y, ch, size)


def _draw_spaced(c: Canvas, text: str, centre: tuple[float, float], size: float,
                 spacing: float, bold: bool = False) -> None:
    """Centred text with extra space between characters (in em); bold by stroking the glyphs,
    since the embedded font has no bold face."""
    widths = [text_width(ch, size) for ch in text]
    total = sum(widths) + spacing * size * (len(text) - 1)
    x, y = centre[0] - total / 2, centre[1]
    c.saveState()
    if bold:
        c.setStrokeColor(black)
        c.setLineWidth(size * 0.03)
    for ch, w in zip(text, widths):
        draw_text(c, x, y, ch, size, mode=2 if bold else None)
        x += w + spacing * size
    c.restoreState()


def _draw_frame(c: Canvas, page_w: float, page_h: float, scale: float) -> None:
    """Red frame: an outer rule, a tinted band with a chain of diamonds, an inner double rule."""
    outer, inner = _FRAME_OUTER * scale * mm, _FRAME_INNER * scale * mm
    band = inner - outer
    c.saveState()
    c.setFillColor(BAND)
    path = c.beginPath()
    path.rect(outer, outer, page_w - 2 * outer, page_h - 2 * outer)
    path.rect(inner, inner, page_w - 2 * inner, page_h - 2 * inner)
    c.drawPath(path, stroke=0, fill=1, fillMode=0)  # even-odd: only the band

    c.setStrokeColor(RED)
    c.setFillColor(RED)
    c.setLineWidth(1.4 * scale)
    c.rect(outer, outer, page_w - 2 * outer, page_h - 2 * outer)
    c.setLineWidth(0.8 * scale)
    c.rect(inner, inner, page_w - 2 * inner, page_h - 2 * inner)
    c.setLineWidth(0.4 * scale)
    gap = 1.2 * scale * mm
    c.rect(inner + gap, inner + gap, page_w - 2 * (inner + gap), page_h - 2 * (inner + gap))

    # a chain of diamonds along the middle of the band, a whole number per side
    mid = outer + band / 2
    r = band * 0.28
    diamonds = c.beginPath()
    for (x0, y0), (x1, y1) in (((mid, mid), (page_w - mid, mid)),
                               ((mid, page_h - mid), (page_w - mid, page_h - mid)),
                               ((mid, mid), (mid, page_h - mid)),
                               ((page_w - mid, mid), (page_w - mid, page_h - mid))):
        length = max(abs(x1 - x0), abs(y1 - y0))
        count = max(int(length / (band * 1.1)), 1)
        # the vertical sides leave out their ends: the horizontal sides already drew the corners
        ends = range(count + 1) if y0 == y1 else range(1, count)
        for i in ends:
            x = x0 + (x1 - x0) * i / count
            y = y0 + (y1 - y0) * i / count
            diamonds.moveTo(x, y + r)
            diamonds.lineTo(x + r, y)
            diamonds.lineTo(x, y - r)
            diamonds.lineTo(x - r, y)
            diamonds.close()
    c.drawPath(diamonds, stroke=0, fill=1)
    c.restoreState()


def _star_path(c: Canvas, cx: float, cy: float, r: float, angle: float = 90.0):
    path = c.beginPath()
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        a = radians(angle + i * 36)
        x, y = cx + radius * cos(a), cy + radius * sin(a)
        (path.moveTo if i == 0 else path.lineTo)(x, y)
    path.close()
    return path


def _draw_emblem(c: Canvas, cx: float, cy: float, r: float) -> None:
    """A placeholder for the national emblem (not an image): red disc, gold ring, five stars
    over a gate."""
    c.saveState()
    c.setFillColor(GOLD)
    c.circle(cx, cy, r, stroke=0, fill=1)
    c.setFillColor(RED)
    c.circle(cx, cy, r * 0.86, stroke=0, fill=1)
    c.setFillColor(GOLD)
    c.drawPath(_star_path(c, cx, cy + r * 0.38, r * 0.26), stroke=0, fill=1)
    for deg in (150, 120, 60, 30):
        a = radians(deg)
        sx, sy = cx + r * 0.58 * cos(a), cy + r * 0.38 + r * 0.30 * sin(a) - r * 0.18
        c.drawPath(_star_path(c, sx, sy, r * 0.09), stroke=0, fill=1)
    # the gate: a roof and a base
    c.rect(cx - r * 0.42, cy - r * 0.22, r * 0.84, r * 0.12, stroke=0, fill=1)
    c.rect(cx - r * 0.34, cy - r * 0.48, r * 0.68, r * 0.22, stroke=0, fill=1)
    c.setFillColor(RED)
    for i in range(5):
        c.rect(cx - r * 0.28 + i * r * 0.13, cy - r * 0.46, r * 0.06, r * 0.14, stroke=0, fill=1)
    c.setFillColor(GOLD)
    c.rect(cx - r * 0.6, cy - r * 0.62, r * 1.2, r * 0.08, stroke=0, fill=1)
    c.restoreState()
