"""The embedded CJK font for every PDF, and drawing text that the font does not cover.

reportlab's built-in CID font (STSong-Light) is not embedded, so a viewer without the Chinese
language pack shows nothing. We embed a TrueType font instead (subset by reportlab), found in
the repository's resources/fonts/ first, then in the system's font folders.

Characters the CJK font lacks — CJK Extension B (U+20000…, e.g. 𠀋 in some personal names) is
the real case, none of wqy-microhei / uming / simsun covers it — are what this module is for:

- measured on reportlab 5.1 + wqy-microhei: such a character does not crash anything; reportlab
  maps it to glyph 0, which in wqy-microhei is an EMPTY glyph of full width, so the PDF shows a
  blank gap AND the character is gone from the text layer (pdftotext returns nothing for it).
  reportlab's ToUnicode CMap also writes code points above U+FFFF as invalid 5-digit hex, so
  even a font that has the glyph would lose the character in copy/paste and search.
- so `draw_text` draws such characters with a fallback font that has the glyph, if one is
  installed (HanaMinB from Debian's fonts-hanazono, Windows' SimSun-ExtB / MingLiU-ExtB, or a
  font dropped into resources/fonts/), and otherwise a visible hollow box (the clerk sees that
  a character is missing and can write it in by hand). Either way the character is wrapped in a
  marked-content span with /ActualText, so pdftotext, search and copy still read 𠀋.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

CJK_FONT = "HongdunCJK"

_REPO_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
_WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"

# (path, subfont index in a .ttc); first existing one wins. Only TrueType-outline fonts:
# reportlab rejects CFF-based fonts such as Noto CJK.
_CJK_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (_REPO_FONTS / "wqy-microhei.ttc", 0),
    (_REPO_FONTS / "uming.ttc", 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
    (_WINDOWS_FONTS / "simsun.ttc", 0),
)

# Tried in order, per character, for what the CJK font lacks. Registered only when first needed.
_FALLBACK_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (_REPO_FONTS / "HanaMinB.ttf", 0),
    (Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"), 0),  # fonts-hanazono
    (_WINDOWS_FONTS / "simsunb.ttf", 0),  # SimSun-ExtB
    (_WINDOWS_FONTS / "mingliub.ttc", 0),  # MingLiU-ExtB
    (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), 0),  # symbols such as ‽ ☠
)

_INSTALL_HINT = (
    "未找到可嵌入 PDF 的中文 TrueType 字体（wqy-microhei.ttc 或 uming.ttc）。"
    "请安装软件包 fonts-wqy-microhei（apt-get install fonts-wqy-microhei，"
    "或运行 scripts/install-system-packages.sh），或把 wqy-microhei.ttc 放入 resources/fonts/。"
)


class CJKFontNotFound(RuntimeError):
    """No embeddable CJK TrueType font on this machine; the message names the package."""


@dataclass(frozen=True)
class _Font:
    name: str  # reportlab font name
    glyphs: Container[int]  # code points with a glyph (the font's cmap)


def find_cjk_font(candidates: Iterable[tuple[Path, int]] = _CJK_CANDIDATES) -> tuple[Path, int]:
    """The first existing (path, subfont index) of `candidates`; CJKFontNotFound otherwise."""
    for path, index in candidates:
        if path.is_file():
            return path, index
    raise CJKFontNotFound(_INSTALL_HINT)


@cache
def register_cjk_font() -> str:
    """Register the CJK font with reportlab once per process (70–190 ms, cold disk cache the
    most) and return its name. Every report calls this; the GUI may call preload_fonts() in a
    worker at start-up so the first licence does not pay for it."""
    path, index = find_cjk_font()
    pdfmetrics.registerFont(TTFont(CJK_FONT, str(path), subfontIndex=index))
    return CJK_FONT


def preload_fonts() -> None:
    """Register the CJK font and the fallback fonts now rather than on the first report."""
    register_cjk_font()
    _fallback_fonts()


@cache
def _primary() -> _Font:
    name = register_cjk_font()
    return _Font(name, pdfmetrics.getFont(name).face.charToGlyph)


@cache
def _fallback_fonts() -> tuple[_Font, ...]:
    """Fallback fonts present on this machine, registered on first need (not at start-up)."""
    found: list[_Font] = []
    for path, index in _FALLBACK_CANDIDATES:
        if not path.is_file():
            continue
        name = f"HongdunFallback-{path.stem}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
        except TTFError:
            continue  # e.g. a CFF font dropped into resources/: skip it, keep going
        found.append(_Font(name, pdfmetrics.getFont(name).face.charToGlyph))
    return tuple(found)


def font_for(ch: str) -> str | None:
    """Name of the first registered font with a glyph for `ch`; None when no font has one."""
    code = ord(ch)
    primary = _primary()
    if code in primary.glyphs:
        return primary.name
    for font in _fallback_fonts():
        if code in font.glyphs:
            return font.name
    return None


def _needs_actual_text(ch: str, font: str | None) -> bool:
    # reportlab's ToUnicode entries are only correct inside the BMP, and a missing glyph has none
    return font is None or ord(ch) > 0xFFFF


@dataclass(frozen=True)
class Run:
    text: str
    font: str | None  # None: no font has these glyphs, a box is drawn
    actual_text: bool  # wrap in /ActualText so the text layer keeps the characters


def runs(text: str) -> list[Run]:
    """Split `text` into runs drawable with one font each (one character per special run)."""
    out: list[Run] = []
    plain: list[str] = []
    primary = _primary()
    for ch in text:
        if ord(ch) in primary.glyphs or ch == "\u00a0":  # reportlab maps nbsp to space
            plain.append(ch)
            continue
        if plain:
            out.append(Run("".join(plain), primary.name, False))
            plain = []
        font = font_for(ch)
        out.append(Run(ch, font, _needs_actual_text(ch, font)))
    if plain:
        out.append(Run("".join(plain), primary.name, False))
    return out


@lru_cache(maxsize=8192)
def _unit_width(text: str) -> float:
    """Width of `text` at 1 pt; text is small (a word or a character), so caching pays."""
    width = 0.0
    for run in runs(text):
        if run.font is None:
            width += len(run.text)  # the box is one em wide
        else:
            width += pdfmetrics.stringWidth(run.text, run.font, 1.0)
    return width


def text_width(text: str, size: float) -> float:
    """Width in points of `text` drawn by `draw_text` at `size`."""
    return _unit_width(text) * size


def _actual_text_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def draw_text(canvas, x: float, y: float, text: str, size: float, *,
              mode: int | None = None) -> float:
    """Draw `text` with its left baseline at (x, y) in the canvas's current fill colour
    (a missing-glyph box in the stroke colour), switching fonts per run as needed.
    mode: PDF text render mode (2 = fill and stroke, a poor man's bold). Returns the advance
    width in points."""
    start = x
    for run in runs(text):
        if run.actual_text:
            canvas.addLiteral(f"/Span <</ActualText <{_actual_text_hex(run.text)}>>> BDC")
        if run.font is None:
            # glyph 0 of the CJK font is empty but keeps a glyph in the span, which poppler
            # needs before it emits the /ActualText; the box shows the character is missing
            canvas.setFont(_primary().name, size)
            canvas.drawString(x, y, run.text)
            width = size * len(run.text)
            canvas.saveState()
            canvas.setLineWidth(max(size * 0.05, 0.3))
            canvas.rect(x + size * 0.1, y - size * 0.1, width - size * 0.2, size * 0.9)
            canvas.restoreState()
        else:
            canvas.setFont(run.font, size)
            canvas.drawString(x, y, run.text, mode=mode)
            width = pdfmetrics.stringWidth(run.text, run.font, size)
        if run.actual_text:
            canvas.addLiteral("EMC")
        x += width
    return x - start
