"""The receipt of the card counter (企业IC卡业务收费收据): 制卡, 补卡 (with the 工本费) and 发卡.

A5 portrait with the embedded CJK font (client/kernel/fonts.py). The fee is printed in figures
and in financial capitals (大写), as every Chinese receipt does, so that it cannot be altered by
adding a stroke. The card number is printed as 待分配 until the centre has given it.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from client.kernel.amounts import capital_in_words
from client.kernel.fonts import draw_text, register_cjk_font, text_width
from client.kernel.numbers import CHINA_TZ  # noqa: F401 (re-exported)
from client.kernel.pdf_lock import one_pdf_at_a_time
from client.kernel.roles import Principal

PAGE_W, PAGE_H = A5
LEFT, RIGHT = 14 * mm, PAGE_W - 14 * mm
BODY = 10


@dataclass(frozen=True)
class CardReceiptData:
    receipt_no: str
    action: str  # 制卡 / 补卡 / 发卡
    fee_item: str  # 工本费 / 补卡工本费 / （本项业务不收费）
    fee_fen: int
    entity_name: str
    uscc: str
    card_no: str  # or 待分配
    serial: str
    generation: int
    recipient_name: str | None  # 发卡 only
    recipient_id_masked: str | None
    operator: str
    office_name: str  # 收款单位
    occurred_at: dt.datetime
    authority: str = "广州市市场监督管理局"


def fee_in_figures(fen: int) -> str:
    """5000 -> ¥50.00"""
    return f"¥{fen // 100:,}.{fen % 100:02d}"


def fee_in_words(fen: int) -> str:
    """5000 -> 人民币伍拾元整; 5050 -> 人民币伍拾元伍角整; 5055 -> 人民币伍拾元伍角伍分."""
    if fen < 0:
        raise ValueError("金额不能为负")
    words = capital_in_words(Decimal(fen) / Decimal(1_000_000))  # amounts.py works in 万元
    return "人民币" + words + ("整" if fen % 10 == 0 else "")


def _date_text(value: dt.datetime) -> str:
    local = value.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日"


@one_pdf_at_a_time
def render_card_receipt(data: CardReceiptData) -> bytes:
    register_cjk_font()
    out = io.BytesIO()
    c = Canvas(out, pagesize=A5, pageCompression=1)
    c.setTitle(f"企业IC卡业务收费收据 {data.receipt_no}")
    c.setAuthor(data.office_name)
    y = PAGE_H - 16 * mm

    head = data.authority
    draw_text(c, (PAGE_W - text_width(head, 11)) / 2, y - 11, head, 11)
    y -= 11 * 1.9
    title = "企业IC卡业务收费收据"
    draw_text(c, (PAGE_W - text_width(title, 17)) / 2, y - 17, title, 17, mode=2)
    y -= 17 * 1.5
    c.setLineWidth(0.8)
    c.line((PAGE_W - text_width(title, 17)) / 2, y, (PAGE_W + text_width(title, 17)) / 2, y)
    c.line((PAGE_W - text_width(title, 17)) / 2, y - 2, (PAGE_W + text_width(title, 17)) / 2, y - 2)
    y -= 8 * mm

    left = f"收据编号：{data.receipt_no}"
    right = f"日期：{_date_text(data.occurred_at)}"
    draw_text(c, LEFT, y - 9, left, 9)
    draw_text(c, RIGHT - text_width(right, 9), y - 9, right, 9)
    y -= 9 + 3 * mm

    rows: list[tuple[str, str]] = [
        ("缴款单位", data.entity_name),
        ("统一社会信用代码", data.uscc),
        ("业务类型", data.action),
        ("卡号", data.card_no),
        ("卡片序列号", f"{data.serial}（第{data.generation}张卡）"),
        ("收费项目", data.fee_item),
        ("金额（小写）", fee_in_figures(data.fee_fen)),
        ("金额（大写）", fee_in_words(data.fee_fen)),
    ]
    if data.recipient_name:
        who = data.recipient_name + (f"（公民身份号码 {data.recipient_id_masked}）" if data.recipient_id_masked else "")
        rows.append(("领卡人", who))
    rows += [("经办人", data.operator), ("收款单位", data.office_name)]
    y = _table(c, y, rows)

    y -= 12 * mm
    draw_text(c, LEFT, y, "收款单位（盖章）：", BODY)
    sign = "经办人（签名）："
    draw_text(c, LEFT + (RIGHT - LEFT) / 2 + 6 * mm, y, sign, BODY)
    if data.recipient_name:
        y -= 12 * mm
        draw_text(c, LEFT, y, "领卡人（签名）：", BODY)
    note = "本收据为企业IC卡业务收费凭证，请妥善保管；卡片遗失请及时到工商所办理挂失。"
    draw_text(c, (PAGE_W - text_width(note, 8)) / 2, 12 * mm, note, 8)
    c.showPage()
    c.save()
    return out.getvalue()


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text or "":
        if line and text_width(line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def _table(c: Canvas, top: float, rows: list[tuple[str, str]]) -> float:
    """Label | value rows with ruled borders; returns the y below the table."""
    label_w = 32 * mm
    pad = 2 * mm
    c.setLineWidth(0.6)
    y = top
    for label, value in rows:
        lines = _wrap(value, BODY, RIGHT - LEFT - label_w - 2 * pad)
        height = max(1, len(lines)) * BODY * 1.45 + 2 * pad
        c.rect(LEFT, y - height, label_w, height)
        c.rect(LEFT + label_w, y - height, RIGHT - LEFT - label_w, height)
        draw_text(c, LEFT + pad, y - pad - BODY, label, BODY, mode=2)
        strong = label.startswith("金额")
        for i, line in enumerate(lines):
            draw_text(c, LEFT + label_w + pad, y - pad - BODY - i * BODY * 1.45, line, BODY,
                      mode=2 if strong else None)
        y -= height
    c.setLineWidth(1.2)
    c.rect(LEFT, y, RIGHT - LEFT, top - y)
    return y


def card_receipt_pdf(session, principal: Principal, event_id: str) -> bytes:
    """The receipt of a card event (制卡, 补卡, 发卡) as a PDF: read and drawn in one go, off the
    GUI thread (the screens run it as a read)."""
    from client.cards.queries import receipt_data

    return render_card_receipt(receipt_data(session, principal, event_id))
