"""The name check of 名称自主申报: structure, forbidden words and similarity.

An enterprise name is 行政区划 + 字号 + 行业 + 组织形式 (广州市 华盛 科技 有限公司).
`split_name` recovers those parts heuristically from the reference data; the similarity
rules then compare 字号 (trade names) the way 《企业名称登记管理规定》第十七条 does: a
trade name may not repeat one already used in the same industry, nor one used by a name
that states no industry. Verdicts are advice for the clerk and the reviewer; the final
decision is theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from client.kernel import reference
from client.kernel import text as text_rules

# --- normalisation -------------------------------------------------------------------

_HALF_TO_FULL_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def normalize_name(name: str) -> str:
    """Canonical form for comparison: no whitespace at all, full-width letters/digits made
    half-width and upper-cased, brackets made full-width (as printed on licences)."""
    out = []
    for ch in name:
        cp = ord(ch)
        if 0xFF01 <= cp <= 0xFF5E and ch not in "（）":
            ch = chr(cp - 0xFEE0)
        if ch.isspace():
            continue
        out.append(ch)
    return "".join(out).upper().translate(_HALF_TO_FULL_BRACKETS)


# --- structure -----------------------------------------------------------------------

MIN_NAME_LENGTH = 2
MAX_NAME_LENGTH = 100


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF
            or 0x20000 <= cp <= 0x3134F or ch == "〇")


def _allowed(ch: str) -> bool:
    return _is_han(ch) or ("0" <= ch <= "9") or ("A" <= ch <= "Z") or ch in "（）"


def _line_break_at(name: str) -> int | None:
    return next((pos for pos, ch in enumerate(name, start=1) if ch in "\t\n\r"), None)


def validate_name(name: str) -> str | None:
    """None if `name` is structurally acceptable, else a Chinese message naming the rule."""
    stripped = (name or "").strip()
    if not stripped:
        return "名称不能为空"
    if (pos := text_rules.invisible_at(stripped)) is not None or (pos := _line_break_at(stripped)):
        return f"名称第{pos}个字符是控制字符或不可见字符，请删除后重新输入"
    text = normalize_name(stripped)
    if any(ch.isspace() for ch in stripped):
        return "名称中不能有空格"
    if not MIN_NAME_LENGTH <= len(text) <= MAX_NAME_LENGTH:
        return f"名称长度应为{MIN_NAME_LENGTH}–{MAX_NAME_LENGTH}个字符，现为{len(text)}个"
    for ch in text:
        if not _allowed(ch):
            return f"名称含有不允许的字符“{ch}”（只能使用汉字、字母、数字和括号）"
    depth = 0
    for ch in text:
        depth += {"（": 1, "）": -1}.get(ch, 0)
        if depth < 0 or depth > 1:
            return "名称中的括号不成对"
    if depth:
        return "名称中的括号不成对"
    if not any(_is_han(ch) for ch in text):
        return "名称应使用汉字"
    return None


# --- forbidden words -----------------------------------------------------------------

def _occurs_outside_exceptions(text: str, word: str, exceptions: tuple[str, ...]) -> bool:
    for match in re.finditer(re.escape(word), text):
        start = match.start()
        covered = False
        for exc in exceptions:
            offset = exc.find(word)
            if offset >= 0 and text.startswith(exc, start - offset) and start >= offset:
                covered = True
                break
        if not covered:
            return True
    return False


def forbidden_words_in(name: str) -> list[tuple[str, str]]:
    """(word, reason) for every forbidden word in `name`, in the order they appear."""
    text = normalize_name(name)
    hits = []
    for fw in reference.forbidden_name_words():
        if _occurs_outside_exceptions(text, fw.word, fw.exceptions):
            hits.append((text.find(fw.word), fw.word, fw.reason))
    return [(word, reason) for _, word, reason in sorted(hits)]


def explain_forbidden_words(name: str) -> str | None:
    """E.g. 名称不得含有“中华”（须经国务院批准）; several are joined with "；"."""
    hits = forbidden_words_in(name)
    if not hits:
        return None
    return "；".join(f"名称不得含有“{word}”（{reason}）" for word, reason in hits)


# --- splitting a name into its parts -------------------------------------------------

@dataclass(frozen=True)
class NameParts:
    region: str  # 广州市天河区, or a bracketed （广州）; "" if none
    trade_name: str  # 字号
    industry: str  # the industry words (科技, 网络科技, 科技发展); "" if none
    form: str  # 有限公司, 店, 有限公司天河分公司 …
    industry_code: str | None = None  # GB/T 4754 division stated by industry or form


@cache
def _region_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    provinces = ("广东省", "广东")
    cities = ("广州市", "广州")
    district_names = tuple(d.name for d in reference.districts() if d.level == "district")
    return provinces, cities, district_names


@cache
def _bracket_regions() -> tuple[str, ...]:
    names = {"中国", "广东", "广东省"}
    for d in reference.districts():
        names.update((d.name, d.short_name))
    return tuple(sorted(f"（{n}）" for n in names))


@cache
def _branch_places() -> tuple[str, ...]:
    places = {"广州", "广州市"}
    for d in reference.districts():
        places.update((d.name, d.short_name))
    places.update(o.place for o in reference.offices())
    return tuple(sorted(places, key=len, reverse=True))


@cache
def _forms() -> tuple[reference.OrganisationForm, ...]:
    return tuple(sorted(reference.organisation_forms(), key=lambda f: len(f.form), reverse=True))


@cache
def _industry_words() -> tuple[tuple[str, str | None], ...]:
    """(word, division code or None for generic words), longest first."""
    words: dict[str, str | None] = {w: None for w in reference.generic_industry_words()}
    for ind in reference.industries():
        for w in ind.name_words:
            words[w] = ind.code
    return tuple(sorted(words.items(), key=lambda kv: len(kv[0]), reverse=True))


def _strip_region(text: str) -> tuple[str, str]:
    region = ""
    for group in _region_words():
        for word in group:
            if text.startswith(word) and len(text) > len(word):
                region += word
                text = text[len(word):]
                break
    for bracketed in _bracket_regions():
        if bracketed in text:
            region += bracketed
            text = text.replace(bracketed, "", 1)
            break
    return region, text


def _strip_form(text: str) -> tuple[str, reference.OrganisationForm | None]:
    for form in _forms():
        if text.endswith(form.form) and len(text) > len(form.form):
            return text[: -len(form.form)], form
    return text, None


def _strip_industry(text: str) -> tuple[str, str, str | None]:
    """Peel industry words off the end while a trade name of 2+ characters remains
    (a 字号 has at least two characters, so 广州市文化科技 keeps 文化 as the 字号)."""
    industry, code = "", None
    while True:
        for word, word_code in _industry_words():
            if text.endswith(word) and len(text) - len(word) >= 2:
                text = text[: -len(word)]
                industry = word + industry
                code = code or word_code  # generic words (发展) name no industry: keep looking
                break
        else:
            return text, industry, code


def split_name(name: str) -> NameParts:
    """Heuristic split into 行政区划 / 字号 / 行业 / 组织形式."""
    text = normalize_name(name)
    region, rest = _strip_region(text)
    rest, form = _strip_form(rest)
    if form is not None and form.kinds == "branch":
        # 华盛科技有限公司天河分公司: the parent's name, maybe a place, then the form.
        parent = rest
        place = next((p for p in _branch_places() if parent.endswith(p) and len(parent) > len(p)), "")
        parent = parent[: len(parent) - len(place)]
        inner = split_name(parent)
        return NameParts(region or inner.region, inner.trade_name, inner.industry,
                         inner.form + place + form.form, inner.industry_code)
    trade, industry, code = _strip_industry(rest)
    if code is None and form is not None:
        code = form.industry
    return NameParts(region, trade, industry, form.form if form else "", code)


# --- similarity ----------------------------------------------------------------------

def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i]
        for j, cb in enumerate(b, start=1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _section_of(code: str) -> reference.Industry | None:
    try:
        return reference.industry(reference.industry(code).section)
    except KeyError:
        return None


def _industry_overlap(a: NameParts, b: NameParts) -> str | None:
    """Why two names count as the same industry for 第十七条, or None if they do not."""
    if a.industry_code is None or b.industry_code is None:
        return "其中一个名称未表述行业"
    if a.industry_code == b.industry_code:
        return "行业相同"
    sa, sb = _section_of(a.industry_code), _section_of(b.industry_code)
    if sa is not None and sb is not None and sa.code == sb.code:
        return f"行业相近（同属{sa.name}）"
    return None


def similarity_verdict(new_name: str, existing_names: list[str]) -> list[tuple[str, str, str]]:
    """(existing_name, "identical" | "similar", reason) for each existing name that the
    new one collides with, in the order given.

    identical: equal after normalize_name (spaces, bracket width, letter case).
    similar: same industry (or one names none) and trade names that are equal, sound
    the same (pinyin without tones) or, for 3+ characters, differ by one edit.
    """
    new_norm = normalize_name(new_name)
    new_parts = split_name(new_name)
    verdicts = []
    for existing in existing_names:
        if normalize_name(existing) == new_norm:
            verdicts.append((existing, "identical", "名称相同（已忽略空格、括号全半角和字母大小写）"))
            continue
        reason = _trade_name_clash(new_parts, split_name(existing))
        if reason:
            verdicts.append((existing, "similar", reason))
    return verdicts


def _trade_name_clash(a: NameParts, b: NameParts) -> str | None:
    ta, tb = a.trade_name, b.trade_name
    if not ta or not tb:
        return None
    industry = _industry_overlap(a, b)
    if industry is None:
        return None
    if ta == tb:
        return f"字号“{ta}”相同，{industry}"
    from pypinyin import (
        lazy_pinyin,  # 160 ms of dictionaries: only when a name is judged
    )

    if len(ta) == len(tb) and lazy_pinyin(ta) == lazy_pinyin(tb):
        return f"字号“{ta}”与“{tb}”读音相同，{industry}"
    if min(len(ta), len(tb)) >= 3 and _edit_distance(ta, tb) == 1:
        return f"字号“{ta}”与“{tb}”仅一字之差，{industry}"
    return None


def trade_name_pinyin(name: str) -> str:
    """Toneless pinyin of the name's trade name (广州市华盛科技有限公司 -> "huasheng").

    Kept beside the name in the database, it lets the candidate query for the similarity
    check find homophones (华胜, 花生) with an indexed equality instead of a scan.
    """
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(split_name(name).trade_name)).lower()
