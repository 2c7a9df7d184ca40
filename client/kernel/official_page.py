"""The printed page of an official document (公文) in the GB/T 9704-2012 layout, as PDF.

One document model (`OfficialDocument`, with body `Block`s) and one renderer (`render`) for every
document the bureau prints in the standard's 文件格式: certificates and notices today, the whole
收发文 workflow next. What the standard fixes, and how it is done here:

- A4; 天头 (top margin) 37 mm, 订口 (binding, left margin) 28 mm, 版心 (text area) 156 × 225 mm.
- 正文 3号 (16 pt) 仿宋 on a grid of 22 lines × 28 characters a page: the line pitch is
  225 mm / 22, the character pitch 156 mm / 28 (5.57 mm, a little less than the 16 pt em, so the
  text is drawn with a character spacing of pitch − em, as Word's 文档网格 does). A full line of
  Chinese is exactly 28 characters wide; Arabic digits and Latin letters keep their own width on
  the same spacing. Every element of the main flow sits on a grid line, so the lines of page 2
  lie where the lines of page 1 would.
- Line breaking: CJK may break anywhere, but no line starts with a closing mark (，。、；：？！）」』》
  〉】〕” and the like, GB/T 15834): one such mark hangs at the end of the previous line, in the
  margin, as Chinese typesetting does (标点悬挂); two or more pull the previous character down with
  them. An opening mark (（《“〔 …) never ends a line; ——/…… and runs of ASCII (numbers, codes,
  addresses) are not split unless longer than a line.
- 份号, 密级和保密期限, 紧急程度 (7.2.1-7.2.3), each optional: 3号, 顶格 at the top left of the 版心
  on page 1, one a grid line from the first down in that order (份号 in 仿宋 as six Arabic digits,
  the other two in 黑体), above the mark, which starts 35 mm down, below the third line.
- 版头: the issuing authority's mark (发文机关标志) in red, centred, its top 35 mm below the top of the
  版心 (80 mm for 上行文, i.e. when a 签发人 is given); the 发文字号 two lines below it, centred (left
  with 签发人 on the right for 上行文); a red rule 4 mm below the 发文字号, as wide as the 版心.
- 标题 2号 (22 pt) 小标宋, two lines below the red rule, centred, long titles in balanced lines;
  主送机关 one line below, flush left, ending in a full-width colon; 正文 right after it, every
  paragraph indented 2 characters, continuation lines flush left. Headings 一、 in 黑体, （一） in
  楷体, 1. and （1） in 仿宋, numbered automatically.
- 附件说明 one line below the body, indented 2 characters, several attachments numbered 1. 2. …
  and aligned on the first character of their names.
- 落款 and 成文日期 (dates in Arabic numerals, 2026年12月7日): without a seal the issuer stands one
  line below the body, 2 characters from the right edge, the date on the next line starting 2
  characters further right (or 2 characters from the right edge with the issuer moved left when
  the date is the longer). With a seal the date is 4 characters from the right edge, the issuer
  centred over it, and the seal (here: a placeholder circle, 42 mm, red, dashed — never a picture
  of a seal) is centred on the date with its top within one line of the body. An optional QR code
  with a caption sits at the left of the signature. The signature is never alone on a page: the
  last lines of the body move with it.
- 版记 at the foot of the last page, 4号 (14 pt): 抄送 (one character in from both sides,
  continuation aligned after the colon, ending with 。), then 印发机关 (one character in) and
  印发日期 (one character from the right, "…印发"), between thick rules (0.35 mm) with a thin one
  (0.25 mm) between 抄送 and 印发; the last rule lies on the bottom edge of the 版心.
- 页码 4号 "— 1 —" below the 版心 (7 mm from its bottom edge to the top of the line), odd pages one
  character in from the right, even pages one character in from the left.
- Colours as the standard's inks: black K100 %, red Y80 % M80 % (CMYK).

Faces. 仿宋_GB2312, 方正小标宋, 黑体 and 楷体 are commercial fonts that cannot be shipped with the
program. Each face is the first font of `FACE_CANDIDATES` found on the machine (`faces()`):

- 仿宋 (body, 3. and (1) headings): the licensed 仿宋_GB2312 if a bureau puts it into
  resources/fonts/, Windows' simfang.ttf where installed; free stand-in AR PL UMing CN
  (uming.ttc, Debian fonts-arphic-uming, Arphic Public License) — no free 仿宋 with GB 2312
  coverage exists in Debian (cwTeX 仿宋 covers Big5 only), a 明体/宋体 is the nearest.
- 小标宋 (title, mark): 方正小标宋简体 (resources/fonts/ or FZXBSJW.TTF) where licensed; free
  stand-in AR PL UMing CN drawn bold.
- 黑体 (一、 headings): Windows' simhei.ttf; free: WenQuanYi Zen Hei (wqy-zenhei.ttc,
  fonts-wqy-zenhei, GPL-2 with font embedding exception), else WenQuanYi Micro Hei.
- 楷体 (（一） headings): Windows' simkai.ttf; free: LXGW WenKai (LXGWWenKai-Regular.ttf,
  fonts-lxgw-wenkai, SIL OFL 1.1), AR PL UKai CN (ukai.ttc, fonts-arphic-ukai, Arphic Public
  License).
- 宋体 (page numbers): Windows' simsun.ttc; free: AR PL UMing CN.

Every face falls back last to the project's one embedded CJK font (client/kernel/fonts.py):
WenQuanYi Micro Hei (wqy-microhei.ttc, Debian fonts-wqy-microhei; Apache-2.0 or GPL-3+ with font
exception). All of these are TrueType outlines, which reportlab embeds (as subsets).

On the machines this project is built and tested on only WenQuanYi Micro Hei is installed, so all
five faces are that one font: the title and the mark are drawn bold (fill + stroke), 一、 headings
bold too (so they still stand out from the body), （一） headings differ by their numbering only.
The layout does not depend on the face: CJK advance widths are 1 em in all of these fonts.

Characters no face covers (CJK Extension B in names) go through client/kernel/fonts.draw_text:
a fallback font or a visible box, and /ActualText so that the text layer keeps them.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from pathlib import Path
from typing import Union

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas

from client.kernel import fonts
from client.kernel.pdf_lock import one_pdf_at_a_time

# ------------------------------------------------------------------------------ geometry

PAGE_W, PAGE_H = A4
TOP_MARGIN_MM = 37.0  # 天头
LEFT_MARGIN_MM = 28.0  # 订口
TEXT_W_MM = 156.0  # 版心 width
TEXT_H_MM = 225.0  # 版心 height
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

CHAR_PITCH = TEXT_W_MM * mm / CHARS_PER_LINE  # pt, 5.571 mm
LINE_PITCH = TEXT_H_MM * mm / LINES_PER_PAGE  # pt, 10.227 mm

BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
FOOT_PT = 14.0  # 4号: page numbers and the 版记
MARK_PT = 40.0  # the authority's mark: "醒目、美观、庄重", chosen; narrowed to fit the 版心
CAPTION_PT = 9.0  # the QR code's caption
MARK_TOP_MM = 35.0  # top of the mark below the top of the 版心 (下行文)
MARK_TOP_UPWARD_MM = 80.0  # 上行文 (a 签发人 is given)
RULE_BELOW_NUMBER_MM = 4.0  # the red rule below the 发文字号
PAGE_NUMBER_GAP_MM = 7.0  # 版心 bottom edge → top of the page-number line
SEAL_DIAMETER_MM = 42.0
QR_SIZE_MM = 20.0

TEXT_LEFT = LEFT_MARGIN_MM * mm
TEXT_RIGHT = TEXT_LEFT + TEXT_W_MM * mm
TEXT_TOP = PAGE_H - TOP_MARGIN_MM * mm
TEXT_BOTTOM = TEXT_TOP - TEXT_H_MM * mm

BODY_CHAR_SPACE = CHAR_PITCH - BODY_PT  # −0.21 pt: the 16 pt em squeezed onto the 28-character grid
_EM_CENTRE = 0.38  # the ideographic em box runs from −0.12 em to 0.88 em around the baseline
_EPS = 0.01

BLACK = CMYKColor(0, 0, 0, 1)
RED = CMYKColor(0, 0.8, 0.8, 0)

# ------------------------------------------------------------------------------ the document


@dataclass(frozen=True)
class Heading:
    """A heading of level 1 (一、, 黑体), 2 (（一）, 楷体), 3 (1., 仿宋) or 4 (（1）, 仿宋).
    numbered: prefix the level's next number (a level restarts under each higher heading).
    run_in: body text that follows the heading in the same paragraph ("（一）主体资格：符合。…")."""

    text: str
    level: int = 1
    numbered: bool = True
    run_in: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; indent: first-line indent in characters (2, or 0 for 顶格)."""

    text: str
    indent: int = 2


@dataclass(frozen=True)
class Fields:
    """Label/value lines ("甲方：…"), the value wrapping under itself."""

    rows: tuple[tuple[str, str], ...]
    indent: int = 2


@dataclass(frozen=True)
class Signatures:
    """Lines for handwritten signatures: each a blank line, then the label and a rule."""

    labels: tuple[str, ...]


Block = Union[Heading, Paragraph, Fields, Signatures]


@dataclass(frozen=True, kw_only=True)
class OfficialDocument:
    authority_mark: str  # 发文机关标志, e.g. 广州市天河区市场监督管理局 ("\n" stacks several)
    doc_number: str | None  # 发文字号 line, e.g. 穗工商天〔2026〕12号; None: none printed
    title: str
    main_recipients: str | None  # 主送机关; the colon is added if missing
    body: Sequence[Block]
    issuer: str  # 发文机关署名 (落款)
    date: dt.date  # 成文日期
    attachments: Sequence[str] = ()  # 附件说明: the attachments' names
    copy_to: Sequence[str] = ()  # 版记: 抄送
    printed_by: str | None = None  # 版记: 印发机关
    printed_on: dt.date | None = None  # 版记: 印发日期
    qr_payload: str | None = None  # a QR code left of the signature
    qr_caption: str | None = None
    seal: str | None = None  # the seal to apply (its name): a placeholder circle, the seal layout
    signatory: str | None = None  # 签发人: makes it a 上行文 (mark 80 mm down, number on the left)
    note: str | None = None  # 附注, in parentheses below the date
    # the top left of page 1 (GB/T 9704 7.2.1-7.2.3), none by default
    copy_number: str | None = None  # 份号: up to 6 digits, printed as 6 (000023)
    classification: str | None = None  # 密级和保密期限 as printed, e.g. 秘密★10年
    urgency: str | None = None  # 紧急程度: 特急, 加急

    def __post_init__(self) -> None:
        for name in ("body", "attachments", "copy_to"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name in ("copy_number", "classification", "urgency"):  # blank is none
            value = getattr(self, name)
            object.__setattr__(self, name, "".join(value.split()) if value and value.strip() else None)
        if self.copy_number is not None:
            if not (self.copy_number.isascii() and self.copy_number.isdigit() and len(self.copy_number) <= 6):
                raise ValueError(f"份号“{self.copy_number}”不对：应为1至6位阿拉伯数字")
            object.__setattr__(self, "copy_number", self.copy_number.zfill(6))  # 一般用6位
        if not self.authority_mark.strip():
            raise ValueError("发文机关标志不能为空")
        if not self.title.strip():
            raise ValueError("公文标题不能为空")
        if not self.issuer.strip():
            raise ValueError("发文机关署名不能为空")
        for block in self.body:
            if isinstance(block, Heading) and block.level not in (1, 2, 3, 4):
                raise ValueError(f"标题层级只能是1至4：{block.level}")
            if not isinstance(block, (Heading, Paragraph, Fields, Signatures)):
                raise TypeError(f"not a Block: {block!r}")
        if self.qr_caption and not self.qr_payload:
            raise ValueError("二维码说明需要二维码内容")


def date_text(d: dt.date) -> str:
    """成文日期 in Arabic numerals, year in full, no leading zeros: 2026年12月7日."""
    return f"{d.year}年{d.month}月{d.day}日"


# ------------------------------------------------------------------------------ faces

_REPO_FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
_WIN_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
_DEB = Path("/usr/share/fonts/truetype")

FACE_ROLES = ("fangsong", "xiaobiaosong", "heiti", "kaiti", "songti")

_UMING = ((_REPO_FONTS / "uming.ttc", 0, False), (_DEB / "arphic/uming.ttc", 0, False))

#: role → (path, subfont index, is the real heavy 小标宋) tried in order; the embedded CJK font last
FACE_CANDIDATES: dict[str, tuple[tuple[Path, int, bool], ...]] = {
    "fangsong": ((_REPO_FONTS / "仿宋_GB2312.ttf", 0, False), (_WIN_FONTS / "simfang.ttf", 0, False),
                 *_UMING),
    "xiaobiaosong": ((_REPO_FONTS / "方正小标宋简体.ttf", 0, True), (_WIN_FONTS / "FZXBSJW.TTF", 0, True),
                     *_UMING),
    "heiti": ((_REPO_FONTS / "黑体.ttf", 0, False), (_WIN_FONTS / "simhei.ttf", 0, False),
              (_REPO_FONTS / "wqy-zenhei.ttc", 0, False), (_DEB / "wqy/wqy-zenhei.ttc", 0, False)),
    "kaiti": ((_REPO_FONTS / "楷体_GB2312.ttf", 0, False), (_WIN_FONTS / "simkai.ttf", 0, False),
              (_REPO_FONTS / "LXGWWenKai-Regular.ttf", 0, False),
              (_DEB / "lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, False),
              (_REPO_FONTS / "ukai.ttc", 0, False), (_DEB / "arphic/ukai.ttc", 0, False)),
    "songti": ((_WIN_FONTS / "simsun.ttc", 0, False), *_UMING),
}


@dataclass(frozen=True, eq=False)
class Face:
    role: str
    font: str  # reportlab font name
    path: str
    heavy: bool  # a real heavy face (no fake bold needed for a title)
    glyphs: Container[int] = field(repr=False)


_registered: dict[tuple[str, int], str] = {}  # (resolved path, index) → reportlab name


def _register(path: Path, index: int) -> str | None:
    """Register a font file once (the same file under two names would be embedded twice)."""
    primary_path, primary_index = fonts.find_cjk_font()
    key = (str(path.resolve()), index)
    if key == (str(primary_path.resolve()), primary_index):
        return fonts.register_cjk_font()
    if key not in _registered:
        name = f"HongdunFace-{len(_registered)}-{path.stem}"
        try:
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
        except (TTFError, OSError, ValueError):
            return None  # CFF outlines, no embedding permission, a broken file: try the next
        _registered[key] = name
    return _registered[key]


def resolve_face(role: str, candidates: Sequence[tuple[Path, int, bool]]) -> Face:
    """The first candidate font that exists and registers, else the embedded CJK font."""
    for path, index, heavy in candidates:
        if path.is_file():
            name = _register(path, index)
            if name is not None:
                return Face(role, name, str(path), heavy, pdfmetrics.getFont(name).face.charToGlyph)
    name = fonts.register_cjk_font()
    path, _ = fonts.find_cjk_font()
    return Face(role, name, str(path), False, pdfmetrics.getFont(name).face.charToGlyph)


@cache
def faces() -> dict[str, Face]:
    """The five faces on this machine (registered once per process)."""
    return {role: resolve_face(role, FACE_CANDIDATES[role]) for role in FACE_ROLES}


_widths: dict[tuple[str, str], float] = {}


def _unit_width(face: Face, ch: str) -> float:
    key = (face.font, ch)
    w = _widths.get(key)
    if w is None:
        if ord(ch) in face.glyphs:
            w = pdfmetrics.stringWidth(ch, face.font, 1.0)
        else:
            w = fonts.text_width(ch, 1.0)
        _widths[key] = w
    return w


def text_advance(text: str, face: Face, size: float, char_space: float = 0.0) -> float:
    """Width in points of `text` as `_draw` draws it."""
    return sum(_unit_width(face, ch) for ch in text) * size + char_space * len(text)


def _draw(c: Canvas, x: float, y: float, text: str, face: Face, size: float, *,
          char_space: float = 0.0, bold: bool = False) -> float:
    """Draw `text` at baseline (x, y) in the current fill colour; characters the face lacks go
    through fonts.draw_text (fallback font or box, /ActualText). Returns the advance."""
    start = x
    glyphs = face.glyphs
    for in_face, chars in groupby(text, key=lambda ch: ord(ch) in glyphs):
        run = "".join(chars)
        if in_face:
            c.setFont(face.font, size)
            c.drawString(x, y, run, mode=2 if bold else None, charSpace=char_space)
            x += pdfmetrics.stringWidth(run, face.font, size) + char_space * len(run)
        else:
            for ch in run:  # one by one: each keeps its grid cell
                fonts.draw_text(c, x, y, ch, size, mode=2 if bold else None)
                x += fonts.text_width(ch, size) + char_space
    return x - start


# ------------------------------------------------------------------------------ line breaking

# GB/T 15834: marks that never start a line, and marks that never end one
CLOSING = set("，。、；：？！）］｝」』》〉】〕〗”’．·～%,.;:?!)]}")
OPENING = set("（［｛「『《〈【〔〖“‘([{")
# one token each: runs of printable ASCII (numbers, codes, URLs)
# (a number keeps its unit: 2026年, 5个, 12号), the paired marks, any other single character
_TOKEN = re.compile(r"[!-~]+[年月日时分秒号万亿元角件个户名家份次条款项页倍]?|——|……|.", re.S)


def _is_closing(token: str) -> bool:
    return len(token) == 1 and token in CLOSING  # ASCII runs ("5%", ".com") break as words


def _is_opening(token: str) -> bool:
    return len(token) == 1 and token in OPENING


def wrap(text: str, face: Face, size: float, first_width: float, width: float,
         char_space: float = 0.0) -> list[str]:
    """Lines of one paragraph: the first at most `first_width` points wide, the rest `width`,
    with the closing/opening-mark rules above (a hanging closing mark may exceed the width)."""
    tokens = _TOKEN.findall(text)
    widths = [text_advance(t, face, size, char_space) for t in tokens]
    lines: list[list[int]] = []
    cur: list[int] = []
    cur_w = 0.0
    limit = first_width

    def flush(carry: list[int]) -> None:
        nonlocal cur, cur_w, limit
        lines.append(cur)
        cur = list(carry)
        cur_w = sum(widths[k] for k in cur)
        limit = width

    i = 0
    n = len(tokens)
    while i < n:
        w = widths[i]
        if cur_w + w <= limit + _EPS or not cur:
            if not cur and w > limit + _EPS and len(tokens[i]) > 1:
                # a token longer than a line (a URL): split it into characters
                chars = list(tokens[i])
                tokens[i:i + 1] = chars
                widths[i:i + 1] = [text_advance(ch, face, size, char_space) for ch in chars]
                n = len(tokens)
                continue
            cur.append(i)
            cur_w += w
            i += 1
            continue
        if _is_closing(tokens[i]):
            j = i
            while j < n and _is_closing(tokens[j]):
                j += 1
            if j - i == 1:  # one mark: hang it at the end of this line
                cur.append(i)
                i += 1
                flush([])
                continue
            # several: pull the last character that may start a line down with them
            k = len(cur) - 1
            while k > 0 and _is_closing(tokens[cur[k]]):
                k -= 1
            while k > 1 and _is_opening(tokens[cur[k - 1]]):
                k -= 1  # and an opening mark before it, which may not end the line
            if k > 0:
                carry = cur[k:]
                cur = cur[:k]
                flush(carry)
            else:
                cur.extend(range(i, j))  # nothing to pull: hang them all
                i = j
                flush([])
            continue
        # an opening mark never ends a line: move it (them) to the next one
        k = len(cur)
        while k > 1 and _is_opening(tokens[cur[k - 1]]):
            k -= 1
        carry = cur[k:]
        cur = cur[:k]
        flush(carry)
    if cur or not lines:
        lines.append(cur)
    return ["".join(tokens[k] for k in line).strip(" ") for line in lines]


def body_face() -> Face:
    return faces()["fangsong"]


def grid_lines(text: str, indent: int = 2) -> list[str]:
    """`text` as body paragraphs (one per "\\n") wrapped on the 28-character grid, the first line
    of each indented by `indent` ideographic spaces (U+3000)."""
    face = body_face()
    full = CHARS_PER_LINE * CHAR_PITCH
    out: list[str] = []
    for para in text.split("\n"):
        lines = wrap(para, face, BODY_PT, full - indent * CHAR_PITCH, full, BODY_CHAR_SPACE)
        lines[0] = "\u3000" * indent + lines[0]
        out.extend(lines)
    return out


# ------------------------------------------------------------------------------ rows and pages


@dataclass
class _Row:
    """Something on the grid: `slots` lines tall, drawn given the top of its first line."""

    slots: int
    draw: Callable[[Canvas, float], None]
    keep_next: bool = False  # a heading: never the last row of a page
    keep_prev: int = 0  # the signature: this many rows before it go with it to a new page
    blank: bool = False  # dropped at the top of a page


def _baseline(top: float, size: float) -> float:
    """Baseline of `size` text centred in the grid line whose top is `top`."""
    return top - LINE_PITCH / 2 - _EM_CENTRE * size


def _blank(slots: int = 1) -> _Row:
    return _Row(slots, lambda c, top: None, blank=True)


def _text_row(segments: Sequence[tuple[float, str, Face, float, float, bool]], **kw) -> _Row:
    """One grid line of (x from the 版心's left edge, text, face, size, char space, bold)."""

    def draw(c: Canvas, top: float) -> None:
        for x, text, face, size, cs, bold in segments:
            if text:
                _bold_draw(c, TEXT_LEFT + x, _baseline(top, size), text, face, size, cs, bold)

    return _Row(1, draw, **kw)


def _bold_draw(c: Canvas, x: float, y: float, text: str, face: Face, size: float,
               cs: float = 0.0, bold: bool = False) -> float:
    if not bold:
        return _draw(c, x, y, text, face, size, char_space=cs)
    c.saveState()
    c.setLineWidth(size * 0.032)
    c.setLineJoin(1)
    width = _draw(c, x, y, text, face, size, char_space=cs, bold=True)
    c.restoreState()
    return width


def _justify(lines: list[str], face: Face, first_width: float, width: float,
             cs: float = BODY_CHAR_SPACE, size: float = BODY_PT) -> list[float]:
    """Character spacing per line: every line but the last filled to its full width (两端对齐;
    only a half-width digit or an early break leaves a gap, spread over the line's characters)."""
    out = []
    for i, line in enumerate(lines):
        avail = first_width if i == 0 else width
        gap = avail - text_advance(line, face, size, cs)
        last = i == len(lines) - 1
        if last or len(line) < 2 or gap <= _EPS or gap > 3 * CHAR_PITCH:
            out.append(cs)
        else:
            out.append(cs + gap / (len(line) - 1))
    return out


def _wrapped_rows(text: str, face: Face, first_x: float, rest_x: float, *,
                  bold: bool = False) -> list[_Row]:
    """One paragraph on the grid, justified: first line from `first_x`, the rest from `rest_x`
    (points from the left edge of the 版心)."""
    full = CHARS_PER_LINE * CHAR_PITCH
    first_w, rest_w = full - first_x, full - rest_x
    lines = wrap(text, face, BODY_PT, first_w, rest_w, BODY_CHAR_SPACE)
    spacing = _justify(lines, face, first_w, rest_w)
    return [_text_row([(first_x if i == 0 else rest_x, line, face, BODY_PT, cs, bold)])
            for i, (line, cs) in enumerate(zip(lines, spacing))]


def _paragraph_rows(text: str, face: Face, *, first_x: float, rest_x: float, prefix: str = "",
                    bold: bool = False, keep_next: bool = False) -> list[_Row]:
    """A body paragraph (one per "\\n"): first line from `first_x` cells, the rest from `rest_x`."""
    rows = []
    for para in (prefix + text).split("\n"):
        rows += _wrapped_rows(para, face, first_x * CHAR_PITCH, rest_x * CHAR_PITCH, bold=bold)
    if keep_next:
        for row in rows:
            row.keep_next = True
    return rows


_CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    out = ("" if tens == 1 else _CN_DIGITS[tens]) + "十" if tens else ""
    return out + (_CN_DIGITS[ones] if ones else "")


def _heading_prefix(level: int, n: int) -> str:
    return {1: f"{chinese_numeral(n)}、", 2: f"（{chinese_numeral(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def _block_rows(blocks: Sequence[Block]) -> list[_Row]:
    f = faces()
    body = f["fangsong"]
    hei_bold = f["heiti"].font == body.font  # one font for both: bold keeps 一、 headings apart
    counters = [0, 0, 0, 0, 0]
    rows: list[_Row] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            rows += _paragraph_rows(block.text, body, first_x=block.indent, rest_x=0)
        elif isinstance(block, Heading):
            prefix = ""
            if block.numbered:
                counters[block.level] += 1
                for deeper in range(block.level + 1, 5):
                    counters[deeper] = 0
                prefix = _heading_prefix(block.level, counters[block.level])
            face = {1: f["heiti"], 2: f["kaiti"]}.get(block.level, body)
            bold = block.level == 1 and hei_bold
            if block.run_in:
                rows += _run_in_rows(prefix + block.text.strip(), face, bold, block.run_in, body)
            else:
                rows += _paragraph_rows(block.text, face, first_x=2, rest_x=0, prefix=prefix,
                                        bold=bold, keep_next=True)
        elif isinstance(block, Fields):
            for label, value in block.rows:
                rows += _field_rows(label, value, body, block.indent)
        elif isinstance(block, Signatures):
            for label in block.labels:
                rows += [_blank(), _signature_row(label, body)]
    return rows


def _run_in_rows(head: str, head_face: Face, bold: bool, text: str, body: Face) -> list[_Row]:
    """A heading followed by body text in one paragraph: wrapped as one, drawn in two faces."""
    full = CHARS_PER_LINE * CHAR_PITCH
    first_x = 2 * CHAR_PITCH
    lines = wrap(head + text, body, BODY_PT, full - first_x, full, BODY_CHAR_SPACE)
    spacing = _justify(lines, body, full - first_x, full)
    rows = []
    left = len(head)  # characters of the heading still to draw
    for i, (line, cs) in enumerate(zip(lines, spacing)):
        x = first_x if i == 0 else 0.0
        part, rest = line[:left], line[left:]
        left -= len(part)
        segments = [(x, part, head_face, BODY_PT, cs, bold)]
        if rest:
            segments.append((x + text_advance(part, head_face, BODY_PT, cs), rest, body, BODY_PT, cs, False))
        rows.append(_text_row(segments))
    return rows


def _field_rows(label: str, value: str, face: Face, indent: int) -> list[_Row]:
    full = CHARS_PER_LINE * CHAR_PITCH
    head = f"{label}："
    x0 = indent * CHAR_PITCH
    vx = x0 + text_advance(head, face, BODY_PT, BODY_CHAR_SPACE)
    hang = vx if vx <= 14 * CHAR_PITCH else 0.0  # a long label: continue flush left
    lines = wrap(value or "", face, BODY_PT, full - vx, full - hang, BODY_CHAR_SPACE)
    spacing = _justify(lines, face, full - vx, full - hang)
    rows = [_text_row([(x0, head, face, BODY_PT, BODY_CHAR_SPACE, False),
                       (vx, lines[0], face, BODY_PT, spacing[0], False)])]
    rows += [_text_row([(hang, line, face, BODY_PT, cs, False)])
             for line, cs in zip(lines[1:], spacing[1:])]
    return rows


def _signature_row(label: str, face: Face) -> _Row:
    """The label and a rule to sign on, to two characters from the right edge."""
    head = f"{label}："
    x0 = 2 * CHAR_PITCH

    def draw(c: Canvas, top: float) -> None:
        y = _baseline(top, BODY_PT)
        end = TEXT_LEFT + x0 + _draw(c, TEXT_LEFT + x0, y, head, face, BODY_PT, char_space=BODY_CHAR_SPACE)
        rule_end = TEXT_RIGHT - 2 * CHAR_PITCH
        if rule_end > end + 2 * CHAR_PITCH:
            c.setLineWidth(0.5)
            c.line(end + CHAR_PITCH / 2, y - 3, rule_end, y - 3)

    return _Row(1, draw)


# ------------------------------------------------------------------------------ the parts


def _mark_layout(mark: str) -> tuple[list[str], float, float]:
    """Lines of the mark, their size and horizontal scale (narrowed to fit the 版心, then smaller)."""
    face = faces()["xiaobiaosong"]
    lines = [line.strip() for line in mark.split("\n") if line.strip()]
    avail = TEXT_W_MM * mm - 2 * CHAR_PITCH
    natural = max(text_advance(line, face, MARK_PT) for line in lines)
    scale = min(1.0, avail / natural)
    size = MARK_PT
    if scale < 0.6:  # narrower than 60 % looks like a barcode: make it smaller instead
        size = MARK_PT * scale / 0.6
        scale = 0.6
    return lines, size, scale


@dataclass(frozen=True)
class _Header:
    mark_lines: list[str]
    mark_size: float
    mark_scale: float
    mark_top: float  # y of the mark's top edge
    number_baseline: float
    rule_y: float  # the red rule
    first_free: int  # the first grid line wholly below the red rule


def _header(doc: OfficialDocument) -> _Header:
    lines, size, scale = _mark_layout(doc.authority_mark)
    mark_top = TEXT_TOP - (MARK_TOP_UPWARD_MM if doc.signatory else MARK_TOP_MM) * mm
    mark_bottom = mark_top - size * (1.15 * len(lines) - 0.15)
    number_top = mark_bottom - 2 * LINE_PITCH  # 发文字号: 标志下空二行
    baseline = _baseline(number_top, BODY_PT)
    rule_y = baseline - 0.12 * BODY_PT - RULE_BELOW_NUMBER_MM * mm  # 发文字号之下4mm
    first_free = math.ceil((TEXT_TOP - rule_y) / LINE_PITCH - _EPS)
    return _Header(lines, size, scale, mark_top, baseline, rule_y, first_free)


def _draw_header(c: Canvas, doc: OfficialDocument, h: _Header) -> None:
    """The 版头 on page 1: the red mark, the 发文字号 (and 签发人), the red rule."""
    f = faces()
    title_face = f["xiaobiaosong"]
    body = f["fangsong"]
    c.saveState()
    c.setFillColor(RED)
    c.setStrokeColor(RED)
    top = h.mark_top
    for line in h.mark_lines:
        width = text_advance(line, title_face, h.mark_size) * h.mark_scale
        c.saveState()
        c.translate(TEXT_LEFT + (TEXT_W_MM * mm - width) / 2, top - 0.88 * h.mark_size)
        c.scale(h.mark_scale, 1.0)
        _bold_draw(c, 0, 0, line, title_face, h.mark_size, bold=not title_face.heavy)
        c.restoreState()
        top -= h.mark_size * 1.15
    c.setLineWidth(0.5 * mm)
    c.line(TEXT_LEFT, h.rule_y, TEXT_RIGHT, h.rule_y)
    c.restoreState()

    for slot, (text, face, bold) in enumerate(_top_left(doc)):
        _bold_draw(c, TEXT_LEFT, _baseline(TEXT_TOP - slot * LINE_PITCH, BODY_PT), text, face, BODY_PT,
                   BODY_CHAR_SPACE, bold)

    y = h.number_baseline
    if doc.signatory:  # 上行文: number one character in from the left, 签发人 from the right
        if doc.doc_number:
            _draw(c, TEXT_LEFT + CHAR_PITCH, y, doc.doc_number, body, BODY_PT)
        label = "签发人："
        x = (TEXT_RIGHT - CHAR_PITCH - text_advance(doc.signatory, f["kaiti"], BODY_PT)
             - text_advance(label, body, BODY_PT))
        x += _draw(c, x, y, label, body, BODY_PT)
        _draw(c, x, y, doc.signatory, f["kaiti"], BODY_PT)
    elif doc.doc_number:
        width = text_advance(doc.doc_number, body, BODY_PT)
        _draw(c, TEXT_LEFT + (TEXT_W_MM * mm - width) / 2, y, doc.doc_number, body, BODY_PT)


def _top_left(doc: OfficialDocument) -> list[tuple[str, Face, bool]]:
    """份号, 密级和保密期限, 紧急程度 as given, top down (7.2.3: in that order, one a line; stacked
    from the first grid line, so 密级 alone takes the first line rather than leaving it blank)."""
    f = faces()
    hei_bold = f["heiti"].font == f["fangsong"].font  # as for 一、 headings: bold when 黑体 is missing
    lines = []
    if doc.copy_number:
        lines.append((doc.copy_number, f["fangsong"], False))
    for text in (doc.classification, doc.urgency):
        if text:
            lines.append((text, f["heiti"], hei_bold))
    return lines


def _title_rows(title: str) -> list[_Row]:
    """The title centred in balanced lines (no more lines than needed, similar lengths)."""
    face = faces()["xiaobiaosong"]
    full = TEXT_W_MM * mm
    lines = wrap(title, face, TITLE_PT, full, full)
    count = len(lines)  # as few lines as the greedy break needs, then as even as possible
    target = text_advance(title, face, TITLE_PT) / count
    while count > 1 and target < full:
        even = wrap(title, face, TITLE_PT, target, target)
        if len(even) <= count:
            lines = even
            break
        target += TITLE_PT / 4
    rows = []
    for line in lines:
        x = (full - text_advance(line, face, TITLE_PT)) / 2
        rows.append(_text_row([(x, line, face, TITLE_PT, 0.0, not face.heavy)]))
    return rows


def _attachment_rows(names: Sequence[str]) -> list[_Row]:
    body = body_face()
    full = CHARS_PER_LINE * CHAR_PITCH
    head = "附件："
    x0 = 2 * CHAR_PITCH
    name_x = x0 + text_advance(head, body, BODY_PT, BODY_CHAR_SPACE)
    rows = []
    for i, name in enumerate(names, start=1):
        name = name.rstrip("。．.；;，,")  # no punctuation after an attachment's name
        number = f"{i}." if len(names) > 1 else ""
        x = name_x + text_advance(number, body, BODY_PT, BODY_CHAR_SPACE)
        lines = wrap(name, body, BODY_PT, full - x, full - x, BODY_CHAR_SPACE)
        spacing = _justify(lines, body, full - x, full - x)
        for j, (line, cs) in enumerate(zip(lines, spacing)):
            segments = [(x, line, body, BODY_PT, cs, False)]
            if j == 0:
                segments.append((name_x, number, body, BODY_PT, BODY_CHAR_SPACE, False))
                if i == 1:
                    segments.append((x0, head, body, BODY_PT, BODY_CHAR_SPACE, False))
            rows.append(_text_row(segments))
    return rows


def _signature_group(doc: OfficialDocument) -> _Row:
    """落款, 成文日期, seal placeholder, QR code and 附注 as one block kept with the body."""
    body = body_face()
    cs = BODY_CHAR_SPACE
    date = date_text(doc.date)
    date_w = text_advance(date, body, BODY_PT, cs)
    full = CHARS_PER_LINE * CHAR_PITCH
    issuer_lines = [doc.issuer]
    if doc.seal:
        lead = 2  # the seal reaches up to the body: its top within a line of the last body line
        date_x = full - 4 * CHAR_PITCH - date_w  # 成文日期右空四字
        centre = date_x + date_w / 2
        issuer_w = text_advance(doc.issuer, body, BODY_PT, cs)
        if issuer_w > full - 2 * CHAR_PITCH:
            issuer_lines = wrap(doc.issuer, body, BODY_PT, full - 4 * CHAR_PITCH, full - 4 * CHAR_PITCH, cs)
        issuer_xs = []
        for line in issuer_lines:  # centred over the date, kept 2 characters from the right edge
            w = text_advance(line, body, BODY_PT, cs)
            issuer_xs.append(max(0.0, min(centre - w / 2, full - 2 * CHAR_PITCH - w)))
    else:
        lead = 1  # 正文下空一行
        issuer_w = text_advance(doc.issuer, body, BODY_PT, cs)
        issuer_x = full - 2 * CHAR_PITCH - issuer_w  # 右空二字
        date_x = issuer_x + 2 * CHAR_PITCH  # 首字比署名首字右移二字
        if date_x + date_w > full - 2 * CHAR_PITCH + _EPS:  # the date is longer
            date_x = full - 2 * CHAR_PITCH - date_w
            issuer_x = date_x - 2 * CHAR_PITCH
        issuer_x = max(0.0, issuer_x)
        issuer_xs = [issuer_x]
    date_slot = lead + len(issuer_lines)
    qr_slot = 1
    qr_size = QR_SIZE_MM * mm
    slots = date_slot + 1
    if doc.qr_payload:  # the code, then its caption, inside the group
        slots = max(slots, qr_slot + math.ceil((qr_size + CAPTION_PT * 1.8) / LINE_PITCH - _EPS))
    note_slot = None
    if doc.note:
        note_slot = slots if doc.qr_payload else date_slot + 1
        slots = max(slots, note_slot + 1)

    def draw(c: Canvas, top: float) -> None:
        if doc.seal:
            _draw_seal(c, TEXT_LEFT + date_x + date_w / 2, top - lead * LINE_PITCH - 0.25 * LINE_PITCH,
                       doc.seal)
        for k, (line, x) in enumerate(zip(issuer_lines, issuer_xs)):
            _draw(c, TEXT_LEFT + x, _baseline(top - (lead + k) * LINE_PITCH, BODY_PT), line, body,
                  BODY_PT, char_space=cs)
        _draw(c, TEXT_LEFT + date_x, _baseline(top - date_slot * LINE_PITCH, BODY_PT), date, body,
              BODY_PT, char_space=cs)
        if doc.qr_payload:
            qr_top = top - qr_slot * LINE_PITCH
            draw_qr(c, doc.qr_payload, TEXT_LEFT, qr_top - qr_size, qr_size)
            if doc.qr_caption:
                cw = text_advance(doc.qr_caption, body, CAPTION_PT)
                _draw(c, TEXT_LEFT + max(0.0, (qr_size - cw) / 2), qr_top - qr_size - CAPTION_PT * 1.3,
                      doc.qr_caption, body, CAPTION_PT)
        if note_slot is not None:
            _draw(c, TEXT_LEFT + 2 * CHAR_PITCH, _baseline(top - note_slot * LINE_PITCH, BODY_PT),
                  f"（{doc.note.strip('（）()')}）", body, BODY_PT, char_space=cs)

    return _Row(slots, draw, keep_prev=2)


def _draw_seal(c: Canvas, x: float, y: float, name: str) -> None:
    """Where the seal goes: a thin dashed red circle and the seal's name, never a seal image."""
    r = SEAL_DIAMETER_MM * mm / 2
    c.saveState()
    c.setStrokeColor(RED)
    c.setFillColor(RED)
    c.setLineWidth(0.4)
    c.setDash(3, 3)
    c.circle(x, y, r, stroke=1, fill=0)
    face = body_face()
    label = f"（{name}）"
    chord = 2 * r * math.sqrt(1 - 0.45 ** 2) * 0.8  # the label sits in the upper part of the circle
    size = max(5.0, min(8.0, chord / max(1.0, text_advance(label, face, 1.0))))
    w = text_advance(label, face, size)
    _draw(c, x - w / 2, y + r * 0.45, label, face, size)
    c.restoreState()


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """A QR code (level M, no quiet zone: it sits on blank paper) as one path of dark runs,
    its lower-left corner at (x, y), `size` points square."""
    qr = QrCodeWidget(payload, barLevel="M", barBorder=0).qr
    qr.make()
    count = qr.getModuleCount()
    module = size / count
    path = c.beginPath()
    for r, row in enumerate(qr.modules):
        col = 0
        for dark, run in groupby(bool(m) for m in row):
            n = sum(1 for _ in run)
            if dark:
                path.rect(x + col * module, y + size - (r + 1) * module, n * module, module)
            col += n
    c.saveState()
    c.setFillColor(BLACK)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _imprint_rows(doc: OfficialDocument) -> int:
    """Grid lines the 版记 takes (0: none)."""
    lines = len(_copy_to_lines(doc.copy_to)) if doc.copy_to else 0
    return lines + (1 if (doc.printed_by or doc.printed_on) else 0)


def _copy_to_lines(names: Sequence[str]) -> list[str]:
    face = body_face()
    text = "，".join(n.strip() for n in names).rstrip("。") + "。"
    head_w = text_advance("抄送：", face, FOOT_PT)
    width = TEXT_W_MM * mm - 2 * FOOT_PT - head_w  # 左右各空一字, aligned after the colon
    return wrap(text, face, FOOT_PT, width, width)


def _draw_imprint(c: Canvas, doc: OfficialDocument, first_slot: int) -> None:
    """The 版记 from grid line `first_slot` to the bottom edge of the 版心."""
    face = body_face()
    top = TEXT_TOP - first_slot * LINE_PITCH
    c.setStrokeColor(BLACK)

    def rule(y: float, width_mm: float) -> None:
        c.setLineWidth(width_mm * mm)
        c.line(TEXT_LEFT, y, TEXT_RIGHT, y)

    rule(top, 0.35)
    slot = first_slot
    if doc.copy_to:
        head = "抄送："
        x = TEXT_LEFT + FOOT_PT
        head_w = text_advance(head, face, FOOT_PT)
        for i, line in enumerate(_copy_to_lines(doc.copy_to)):
            y = _baseline(TEXT_TOP - slot * LINE_PITCH, FOOT_PT)
            if i == 0:
                _draw(c, x, y, head, face, FOOT_PT)
            _draw(c, x + head_w, y, line, face, FOOT_PT)
            slot += 1
        if doc.printed_by or doc.printed_on:
            rule(TEXT_TOP - slot * LINE_PITCH, 0.25)
    if doc.printed_by or doc.printed_on:
        y = _baseline(TEXT_TOP - slot * LINE_PITCH, FOOT_PT)
        if doc.printed_by:
            _draw(c, TEXT_LEFT + FOOT_PT, y, doc.printed_by, face, FOOT_PT)
        if doc.printed_on:
            when = date_text(doc.printed_on) + "印发"
            _draw(c, TEXT_RIGHT - FOOT_PT - text_advance(when, face, FOOT_PT), y, when, face, FOOT_PT)
    rule(TEXT_BOTTOM, 0.35)


def page_number_text(n: int) -> str:
    return f"— {n} —"


def _draw_page_number(c: Canvas, n: int) -> None:
    """4号 "— n —" below the 版心: odd pages one character in from the right, even from the left."""
    face = faces()["songti"]
    text = page_number_text(n)
    width = text_advance(text, face, FOOT_PT)
    y = TEXT_BOTTOM - PAGE_NUMBER_GAP_MM * mm - 0.88 * FOOT_PT
    x = TEXT_RIGHT - FOOT_PT - width if n % 2 else TEXT_LEFT + FOOT_PT
    _draw(c, x, y, text, face, FOOT_PT)


# ------------------------------------------------------------------------------ layout


def _main_rows(doc: OfficialDocument) -> list[_Row]:
    rows = _title_rows(doc.title)
    if doc.main_recipients:
        text = doc.main_recipients.strip().rstrip("：:") + "："
        rows.append(_blank())  # 标题下空一行
        rows += _paragraph_rows(text, body_face(), first_x=0, rest_x=0)
    else:
        rows.append(_blank())
    rows += _block_rows(doc.body)
    if doc.attachments:
        rows.append(_blank())  # 正文下空一行
        rows += _attachment_rows(doc.attachments)
    rows.append(_signature_group(doc))
    return rows


def _paginate(rows: list[_Row], first_slot: int) -> list[list[tuple[_Row, int]]]:
    pages: list[list[tuple[_Row, int]]] = [[]]
    slot = first_slot
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.blank and slot == 0:
            i += 1  # no blank lines at the top of a page
            continue
        need = row.slots
        j = i
        while rows[j].keep_next and j + 1 < len(rows):  # a heading and what follows it
            j += 1
            need += rows[j].slots
        if slot + need > LINES_PER_PAGE and slot > 0:
            if need > LINES_PER_PAGE:  # an endless chain: just fit what fits
                need = row.slots
            if slot + need > LINES_PER_PAGE:
                carry: list[_Row] = []
                if row.keep_prev:
                    page = pages[-1]
                    while len(carry) < row.keep_prev and len(page) > 1 and not page[-1][0].blank:
                        carry.insert(0, page.pop()[0])
                pages.append([])
                slot = 0
                for kept in carry:
                    pages[-1].append((kept, slot))
                    slot += kept.slots
                continue
        pages[-1].append((row, slot))
        slot += row.slots
        i += 1
    return pages


@dataclass(frozen=True)
class Layout:
    header: _Header
    pages: list[list[tuple[_Row, int]]]
    first_slot: int  # grid line of the title on page 1
    imprint_slot: int | None  # grid line where the 版记 starts on the last page
    imprint_page: int  # 0-based


def layout(doc: OfficialDocument) -> Layout:
    header = _header(doc)
    first = header.first_free + 2  # 标题: 红色分隔线下空二行
    pages = _paginate(_main_rows(doc), first)
    need = _imprint_rows(doc)
    imprint_slot = None
    if need:
        last = pages[-1]
        used = max((slot + row.slots for row, slot in last), default=0)
        if used + need > LINES_PER_PAGE:
            pages.append([])  # no room under the signature: the 版记 gets a page of its own
        imprint_slot = LINES_PER_PAGE - need
    return Layout(header, pages, first, imprint_slot, len(pages) - 1)


@one_pdf_at_a_time
def page_count(doc: OfficialDocument) -> int:
    return len(layout(doc).pages)


@one_pdf_at_a_time
def render(doc: OfficialDocument) -> bytes:
    """The document as a PDF."""
    fonts.register_cjk_font()
    plan = layout(doc)
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor(doc.issuer)
    if doc.doc_number:
        c.setSubject(doc.doc_number)
    c.setCreator("红盾工作台")
    for index, page in enumerate(plan.pages):
        c.setFillColor(BLACK)
        c.setStrokeColor(BLACK)
        if index == 0:
            _draw_header(c, doc, plan.header)
        for row, slot in page:
            row.draw(c, TEXT_TOP - slot * LINE_PITCH)
        if index == plan.imprint_page and plan.imprint_slot is not None:
            _draw_imprint(c, doc, plan.imprint_slot)
        _draw_page_number(c, index + 1)
        c.showPage()
    c.save()
    return out.getvalue()
