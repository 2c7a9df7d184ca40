"""Registered capital as the licence prints it.

Capital is kept in 万元 (ten-thousand yuan), as every screen shows it. The business licence
spells it in financial capitals (大写), e.g. 500 万元 → "人民币伍佰万元", because capitals cannot be
altered by adding a stroke. The licence style omits the trailing 整 ("伍佰万元", not "伍佰万元整").
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_GROUP = ("", "拾", "佰", "仟")  # position inside a group of four digits
_GROUPS = ("", "万", "亿", "万亿")  # one per group of four digits, lowest first
_FEN_PER_WAN = 1_000_000  # 1 万元 = 10 000 元 = 1 000 000 分


def _group_in_words(n: int) -> str:
    """0 < n < 10000 in capitals, with 零 for inner gaps only (1005 → 壹仟零伍)."""
    out: list[str] = []
    pending_zero = False
    for pos in range(3, -1, -1):
        d = (n // 10**pos) % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[d] + _IN_GROUP[pos])
    return "".join(out)


def _integer_in_words(n: int) -> str:
    """n ≥ 1 in capitals with 万/亿 group units (12 345 000 → 壹仟贰佰叁拾肆万伍仟)."""
    groups: list[int] = []
    while n:
        n, g = divmod(n, 10_000)
        groups.append(g)
    if len(groups) > len(_GROUPS):
        raise ValueError("金额过大")
    out: list[str] = []
    need_zero = False  # a zero group, or a group below 1000, follows a non-empty higher group
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(out)
            continue
        if out and (need_zero or g < 1000):
            out.append("零")
        out.append(_group_in_words(g) + _GROUPS[idx])
        need_zero = False
    return "".join(out)


def _as_fen(wan: Decimal) -> int:
    try:
        value = Decimal(wan)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"不是金额：{wan!r}") from exc
    if not value.is_finite() or value < 0:
        raise ValueError(f"金额必须是非负数：{wan}")
    fen = value * _FEN_PER_WAN
    if fen != fen.to_integral_value():
        raise ValueError(f"金额精确到分（万元后最多六位小数）：{wan}")
    return int(fen)


def capital_in_words(wan: Decimal) -> str:
    """Amount in 万元 → Chinese financial capitals in 元/角/分.

    500 → 伍佰万元, 1234.5 → 壹仟贰佰叁拾肆万伍仟元, 100.05 → 壹佰万零伍佰元, 0 → 零元,
    0.00012 → 壹元贰角. Raises ValueError for negative amounts or fractions of a 分.
    """
    fen = _as_fen(wan)
    yuan, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)
    if fen == 0:
        return "零元"
    out = _integer_in_words(yuan) + "元" if yuan else ""
    if jiao:
        # 壹拾元零伍角: a zero in the 元 digit is spoken before the 角
        if yuan and yuan % 10 == 0:
            out += "零"
        out += _DIGITS[jiao] + "角"
    if fen_digit:
        if yuan and not jiao:
            out += "零"
        out += _DIGITS[fen_digit] + "分"
    return out


def format_wan(wan: Decimal) -> str:
    """Plain figure in 万元 for screens and lists: Decimal("500.000") → "500万元",
    Decimal("1234.50") → "1234.5万元" (no exponent, no trailing zeros, no grouping)."""
    value = Decimal(wan)
    if not value.is_finite():
        raise ValueError(f"不是金额：{wan}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text + "万元"


def format_amount(amount: Decimal) -> str:
    """Canonical text of an amount: no exponent, no trailing zeros (500, 12.5)."""
    return format(amount.normalize(), "f")
