"""Text as users type it and as the database searches it: one set of rules for every area.

- `clean`: what the user meant (NFC; full-width spaces are spaces; trimmed; runs of blanks made
  one unless the field keeps its lines).
- `check_text`: a free-text field judged by its length and by invisible characters, with the
  message naming the field and the rule.
- `like_contains` / `contains`: a fragment searched with LIKE, its % and _ taken literally.
- `printable`: what a search box's text is once control and format characters are dropped.
"""
from __future__ import annotations

import unicodedata
from typing import Any

#: line breaks a multi-line field may hold; every other control character is refused
_LINE_BREAKS = "\t\n\r"

LIKE_ESCAPE = "\\"


def clean(text: str | None, *, keep_lines: bool = False) -> str:
    """NFC, full-width spaces as spaces, trimmed; blanks collapsed unless `keep_lines`."""
    value = unicodedata.normalize("NFC", text or "").replace("\u3000", " ")
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in value.strip().splitlines()).strip()
    return " ".join(value.split())


def trimmed(text: str | None) -> str:
    """NFC, full-width spaces as spaces, trimmed, inner blanks kept (registration items)."""
    return unicodedata.normalize("NFC", text or "").replace("\u3000", " ").strip()


def invisible_at(text: str) -> int | None:
    """The 1-based position of the first invisible (control or format) character, or None."""
    # Cc: control characters; Cf: format characters (zero-width spaces, direction marks, BOM),
    # which text pasted from web pages and chat programs carries and which make equal names
    # differ; Zl/Zp: line and paragraph separators
    for pos, ch in enumerate(text, start=1):
        if ch not in _LINE_BREAKS and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            return pos
    return None


def check_text(text: str | None, *, label: str, minimum: int = 0, maximum: int,
               keep_lines: bool = False) -> tuple[str, str | None]:
    """(the cleaned value, None) or (the cleaned value, a message naming `label` and the rule)."""
    raw = unicodedata.normalize("NFC", text or "")
    if invisible_at(raw) is not None or (not keep_lines and "\n" in raw.strip()):
        return clean(raw, keep_lines=keep_lines), f"{label}含有不可见的控制字符或换行，请删除后重新输入"
    value = clean(raw, keep_lines=keep_lines)
    if minimum and len(value) < minimum:
        return value, (f"{label}为必填项" if minimum == 1 else f"{label}至少{minimum}个字")
    if len(value) > maximum:
        return value, f"{label}不得超过{maximum}个字，现为{len(value)}个字"
    return value, None


def printable(text: str | None) -> str:
    """Drop control, format, surrogate, private and unassigned characters (no driver can take
    a lone surrogate; the others only make a search miss)."""
    return "".join(c for c in (text or "") if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn"))


def like_escaped(text: str) -> str:
    """`text` for a LIKE pattern with LIKE_ESCAPE: its %, _ and the escape itself are literal."""
    return text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")


def like_contains(text: str) -> str:
    return "%" + like_escaped(text) + "%"


def contains(column: Any, text: str) -> Any:
    """column LIKE '%text%' with the text taken literally (no index: a scan, for small sets)."""
    return column.like(like_contains(text), escape=LIKE_ESCAPE)
