"""Pinyin of entity names: a sort key for pinyin order and initials for `gzhs`-style search.

pypinyin's `lazy_pinyin` costs ~110 µs a name (it segments the text into words first), which
is five and a half minutes for the 3 million names of the register. Names are short and
made of a few thousand distinct characters, so we read each character's reading once from
pypinyin's dictionary and cache it (~2 µs a name). What we lose is context: a polyphonic
character (行 xing/hang, 长 zhang/chang, 重 zhong/chong) gets its most common reading. Two-
character words whose reading differs from the characters' defaults (银行 yin hang, 长城 chang
cheng, 重庆 chong qing) are taken from pypinyin's phrase dictionary and applied on top,
which fixes the cases that matter in company names at the cost of one dict lookup per
character.

Both functions are pure and deterministic; the demo loader and the registration handlers
call them for every name they write.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Between syllables. A digit, not a space: linguistic collations (an en_US or zh_CN database,
#: Oracle with NLS_SORT set) ignore spaces and punctuation, but every collation puts digits
#: before letters, so "a0yi0" (阿姨) < "ai0" (爱) holds under binary and linguistic order alike.
SEPARATOR = "0"

#: the lengths of the name_key and name_initials columns
MAX_KEY = 400
MAX_INITIALS = 100


def sort_key(name: str) -> str:
    """Tone-free pinyin syllables, each followed by SEPARATOR: 广州华盛 -> guang0zhou0hua0sheng0.

    ASCII letters and digits count as their own syllable (lower-case); other characters
    (brackets, punctuation, spaces) are skipped. Names with the same pinyin tie; callers
    break ties by row_no.
    """
    return keys(name)[0]


def initials(name: str) -> str:
    """Lower-case initials: 广州华盛（天河）科技 -> gzhsthkj; ASCII letters and digits are kept."""
    return keys(name)[1]


def keys(name: str) -> tuple[str, str]:
    """(sort_key, initials) in one pass: what a writer of market_entity stores."""
    found = syllables(name)
    key = SEPARATOR.join(found) + SEPARATOR if found else ""
    return key[:MAX_KEY], "".join([s[0] for s in found])[:MAX_INITIALS]


def syllables(name: str) -> list[str]:
    """The tone-free syllables, in order; characters without one are left out."""
    # NFKC: full-width letters and digits (ＡＢＣ１２３) count like ASCII ones.
    text = unicodedata.normalize("NFKC", name) if not name.isascii() else name
    cache = _CHAR_CACHE
    readings = [cache.get(c) or _char_reading(c) for c in text]
    words = _word_readings()
    # Two-character words override the per-character defaults (银行: hang, not xing).
    for i in range(len(text) - 1):
        pair = words.get(text[i:i + 2])
        if pair is not None:
            readings[i], readings[i + 1] = pair
    return [r for r in readings if r]


#: char -> reading ('' for none); filled on first sight of each character
_CHAR_CACHE: dict[str, str] = {}


def _char_reading(char: str) -> str:
    reading = _CHAR_CACHE.get(char)
    if reading is None:
        reading = _CHAR_CACHE[char] = _lookup(char)
    return reading


def _lookup(char: str) -> str:
    if char.isascii():
        return char.lower() if char.isalnum() else ""
    from pypinyin.constants import PINYIN_DICT

    readings = PINYIN_DICT.get(ord(char))
    if not readings:
        return ""  # not a Han character pypinyin knows: no syllable
    return _toneless(readings.split(",")[0])


def _toneless(syllable: str) -> str:
    # ü (with or without a tone mark: ǖ ǘ ǚ ǜ) is written v (lv, nv), as pinyin input methods
    # do; then the tone marks go.
    decomposed = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1)
def _word_readings() -> dict[str, tuple[str, str]]:
    """Two-character words whose reading differs from their characters' default readings."""
    from pypinyin.constants import PHRASES_DICT

    out: dict[str, tuple[str, str]] = {}
    for word, readings in PHRASES_DICT.items():
        if len(word) != 2 or len(readings) != 2:
            continue
        pair = (_toneless(readings[0][0]), _toneless(readings[1][0]))
        if pair != (_char_reading(word[0]), _char_reading(word[1])):
            out[word] = pair
    return out
