"""The calibration page for pre-printed licence paper (套打校准页): where this printer puts the
licence's fields, so a clerk can read the printer's offset in millimetres.

The page carries a crosshair at the place every variable field of the licence is printed, with
a millimetre scale on its arms and the field's name beside it. The places come from the
licence's own layout (reports.field_boxes, the same call the pre-printed licence is drawn
with, and the same offset), never from a copy of its numbers: a field moved in the layout
moves its mark too. A 100 mm scale bar shows whether the printer scales the page (it must
print at actual size).

The clerk prints it onto a blank pre-printed form (or lays it over one against the light),
reads at the crosshairs how far the form's places are from the marks, and adds that to the
offset (x right, y down, millimetres), then prints again to check.

A mark's anchor is where the field's text hangs: the first line's baseline (where the form's
printed label sits) at the x its alignment starts from (left edge, centre or right edge); for
the QR code, its top-left corner.
"""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.kernel.fonts import CJK_FONT, draw_text, register_cjk_font, text_width
from client.kernel.pdf_lock import one_pdf_at_a_time
from client.registration.reports import (
    BASE_PAGE_MM,
    ITEMS,
    OTHER_FIELD_NAMES,
    PAGES_MM,
    Box,
    baseline,
    field_boxes,
    wrap,
)

COPY_NAMES = {"original": "正本", "duplicate": "副本"}
PAPER_NAMES = {"original": "A3 横向", "duplicate": "A4 横向"}
QR_NAME = "二维码"

#: the crosshair's arms, each way from the centre (real millimetres on both copies: a scale);
#: the licence's item rows are ~10 mm apart on the 副本, so longer arms would touch
ARM_MM = 4.0
#: the standalone scale bar: long enough to notice a printer's "fit to page" (a few per cent)
SCALE_BAR_MM = 100.0
#: where the heading, the notes and the scale bar go, in mm on the 副本 (scaled like the layout):
#: places the form leaves blank (above the credit code, the lower part of the business scope's
#: box, the band between the scope and the footer)
_HEADING_AT = (26.0, 19.0)  # left, top
_NOTES_AT = (50.0, 140.0, 95.0)  # left, top, width
_SCALE_BAR_AT = (26.0, 181.0)  # left end, the line the ticks stand on
MARK_COLOUR = Color(0.0, 0.25, 0.65)  # blue: told apart from the form's red print at a glance


@dataclass(frozen=True)
class Mark:
    """One crosshair: the fields printed at this place, and where (mm from the paper's top-left
    corner, the offset included)."""

    fields: tuple[tuple[str, str], ...]  # (layout, field key of reports.field_boxes)
    label: str  # "名称", "法定代表人／经营者"
    x_mm: float
    y_mm: float
    align: str = "left"  # the side the field's text runs from the mark: its name goes there


def anchor_mm(box: Box, page_height_mm: float, *, corner: bool = False) -> tuple[float, float]:
    """A placed box's anchor in mm from the paper's top-left corner (see the module's note)."""
    if corner:
        x, y = box.left, box.top
    else:
        x = {"left": box.left, "center": box.left + box.width / 2, "right": box.left + box.width}[box.align]
        y = baseline(box)
    return x / mm, page_height_mm - y / mm


def field_name(layout: str, key: str) -> str:
    """A field's name as the form prints it ("住所" for a company, "经营场所" for an individual)."""
    for item, label, _slot in ITEMS[layout]:
        if item == key:
            return label
    return QR_NAME if key == "qr" else OTHER_FIELD_NAMES[key]


def calibration_marks(copy: str, offset_mm: tuple[float, float] = (0.0, 0.0)) -> tuple[Mark, ...]:
    """Every place the licence prints a field on this copy, moved by the offset, top to bottom
    and left to right. The company and the individual layout share most places; a place is
    one mark whose label names every field printed there."""
    _page_w, page_h = _page(copy)
    # keyed by the place to a thousandth of a millimetre (the layouts' sums differ in the last bits)
    places: dict[tuple[float, float], tuple[float, float, str, list[tuple[str, str]]]] = {}
    for layout in ("company", "individual"):
        for key, box in field_boxes(layout, copy, offset_mm).items():
            x, y = anchor_mm(box, page_h, corner=key == "qr")
            place = places.setdefault((round(x, 3), round(y, 3)), (x, y, box.align, []))
            place[3].append((layout, key))
    marks = []
    for x, y, align, fields in places.values():
        labels: list[str] = []
        for layout, key in fields:
            name = field_name(layout, key)
            if name not in labels:
                labels.append(name)
        marks.append(Mark(tuple(fields), "／".join(labels), x, y, align))
    dx, dy = offset_mm  # (the order is the layout's, whatever the offset)
    return tuple(sorted(marks, key=lambda m: (round(m.y_mm - dy), round(m.x_mm - dx, 3))))


def _page(copy: str) -> tuple[float, float]:
    try:
        return PAGES_MM[copy]
    except KeyError:
        raise ValueError(f"copy must be 'original' or 'duplicate', got {copy!r}") from None


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def offset_text(offset_mm: tuple[float, float]) -> str:
    dx, dy = offset_mm
    return f"水平 {_signed(dx)} mm，垂直 {_signed(dy)} mm"


@one_pdf_at_a_time
def render_calibration(copy: str, offset_mm: tuple[float, float] = (0.0, 0.0)) -> bytes:
    """The calibration page of one copy as a one-page PDF, the size of that copy's paper, every
    mark moved by the offset exactly as the pre-printed licence is."""
    register_cjk_font()
    page_w, page_h = _page(copy)
    scale = page_w / BASE_PAGE_MM[0]
    dx, dy = offset_mm

    def pt(x_mm: float, y_mm: float) -> tuple[float, float]:  # mm from top-left → points, y up
        return x_mm * mm, (page_h - y_mm) * mm

    def layout_pt(x_mm: float, y_mm: float) -> tuple[float, float]:  # a 副本 position, moved
        return pt(x_mm * scale + dx, y_mm * scale + dy)

    out = BytesIO()
    c = Canvas(out, pagesize=(page_w * mm, page_h * mm), invariant=True, pageCompression=1,
               initialFontName=CJK_FONT, lang="zh-CN")
    c.setTitle(f"营业执照套打校准页（{COPY_NAMES[copy]}）")
    c.setCreator("红盾工作台")

    heading = f"营业执照套打校准页 · {COPY_NAMES[copy]}（{PAPER_NAMES[copy]}）"
    x, y = layout_pt(*_HEADING_AT)
    c.setFillColor(MARK_COLOUR)
    draw_text(c, x, y - 11 * scale, heading, 11 * scale)
    draw_text(c, x, y - 11 * scale - 10 * scale, f"本页偏移量：{offset_text(offset_mm)}（向右、向下为正）",
              8 * scale)

    for mark in calibration_marks(copy, offset_mm):
        _crosshair(c, *pt(mark.x_mm, mark.y_mm), mark.label, 6.5 * scale, left=mark.align == "right")

    _scale_bar(c, *layout_pt(*_SCALE_BAR_AT), 6 * scale)

    left, top, width = _NOTES_AT
    x, y = layout_pt(left, top)
    size = 6.5 * scale
    notes = ("用法：把本页打印在一张空白套打纸上（或与空白套打纸叠放对光）。每个十字的中心是该栏内容的起点，"
             "横线应与表上栏目名称的底边齐平。表上位置在十字中心右方（下方）几毫米，水平（垂直）偏移量就加"
             "几毫米，在左方（上方）则减；再打印一张核对。各十字读数应相同；比例尺量得不是100毫米时，"
             "请在打印设置中选择“实际大小”（不缩放）。")
    c.setFillColor(black)
    for i, line in enumerate(wrap(notes, width * scale * mm, size)):
        draw_text(c, x, y - size * (1 + i * 1.35), line, size)

    c.showPage()
    c.save()
    return out.getvalue()


def _crosshair(c: Canvas, x: float, y: float, label: str, size: float, *, left: bool = False) -> None:
    """A crosshair at (x, y) in points, a tick every millimetre along its arms (longer at the end),
    and the field's name above its right arm (its left one for a right-aligned field)."""
    arm = ARM_MM * mm
    c.saveState()
    c.setStrokeColor(MARK_COLOUR)
    c.setFillColor(MARK_COLOUR)
    c.setLineWidth(0.35)  # 0.12 mm: two dots of a 600 dpi printer, thin enough to read 0.1 mm against
    c.line(x - arm, y, x + arm, y)
    c.line(x, y - arm, x, y + arm)
    c.setLineWidth(0.2)
    for i in range(1, int(ARM_MM) + 1):
        tick = (1.0 if i == int(ARM_MM) else 0.55) * mm  # the arm's end: longer
        for sign in (-1, 1):
            c.line(x + sign * i * mm, y - tick / 2, x + sign * i * mm, y + tick / 2)
            c.line(x - tick / 2, y + sign * i * mm, x + tick / 2, y + sign * i * mm)
    c.circle(x, y, 0.6 * mm, stroke=1, fill=0)  # finds the centre at a glance
    gap = 1.2 * mm
    draw_text(c, x - gap - text_width(label, size) if left else x + gap, y + 1.0 * mm, label, size)
    c.restoreState()


def _scale_bar(c: Canvas, x: float, y: float, size: float) -> None:
    """A 100 mm bar from (x, y) in points: a tick every millimetre, numbered every ten."""
    c.saveState()
    c.setStrokeColor(black)
    c.setFillColor(black)
    c.setLineWidth(0.25)
    c.line(x, y, x + SCALE_BAR_MM * mm, y)
    c.setLineWidth(0.15)
    for i in range(int(SCALE_BAR_MM) + 1):
        tick = (3.0 if i % 10 == 0 else 2.0 if i % 5 == 0 else 1.2) * mm
        c.line(x + i * mm, y, x + i * mm, y + tick)
        if i % 10 == 0:
            label = str(i)
            draw_text(c, x + i * mm - text_width(label, size) / 2, y - size * 1.1, label, size)
    caption = f"比例尺：{int(SCALE_BAR_MM)} 毫米"
    draw_text(c, x + SCALE_BAR_MM * mm + 2 * mm, y - size * 0.35, caption, size)
    c.restoreState()
