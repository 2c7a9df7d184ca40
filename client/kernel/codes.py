"""Identification codes: unified social credit code (GB 32100-2015), the organisation
code embedded in it (GB 11714), and the resident ID number (GB 11643-1999).

Pure functions, no dependencies. `validate_*` answer yes/no; `explain_*` return None when
the input is valid, otherwise one Chinese message naming the rule that failed, so a form
can show it next to the field. Malformed arguments to the *generating* functions are
programming errors and raise ValueError.
"""

from __future__ import annotations

from datetime import date

from client.kernel.clock import beijing_today

# --- input normalisation -------------------------------------------------------------

# Full-width ASCII block U+FF01..U+FF5E maps 1:1 onto U+0021..U+007E.
_FULLWIDTH_OFFSET = 0xFEE0


def normalize_code(text: str) -> str:
    """Clean a code as typed at the counter: full-width ＡＢ１２ -> AB12, surrounding
    whitespace (incl. the ideographic space U+3000) removed, upper-cased.

    Inner characters are left alone: a space inside a code is a typing error the
    validator should report, not something to guess about.
    """
    chars = []
    for ch in text:
        cp = ord(ch)
        if 0xFF01 <= cp <= 0xFF5E:
            ch = chr(cp - _FULLWIDTH_OFFSET)
        elif cp == 0x3000:
            ch = " "
        chars.append(ch)
    return "".join(chars).strip().upper()


# --- GB 11714 organisation code ------------------------------------------------------

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def org_code_check_char(first8: str) -> str:
    """Check character of an organisation code (GB 11714) from its first 8 characters.

    Values 0-9, A=10 … Z=35; weights 3 7 9 10 5 8 4 2; check = 11 − (Σ mod 11), with
    10 written as 'X' and 11 as '0'. The result is therefore a digit or 'X'.
    """
    if len(first8) != 8 or any(c not in _ORG_VALUE for c in first8):
        raise ValueError(f"organisation code body must be 8 chars of 0-9A-Z, got {first8!r}")
    total = sum(_ORG_VALUE[c] * w for c, w in zip(first8, _ORG_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


# --- GB 32100 unified social credit code ---------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters, no I O S V Z
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 …
_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARSET)}
_EXCLUDED_LETTERS = "IOSVZ"

# Position 1 (registration department). Only 9 is issued by market regulation; the
# others appear on counterparties (e.g. contract certification) and must validate too.
USCC_DEPARTMENTS = {
    "1": "机构编制", "2": "外交", "3": "司法行政", "4": "文化", "5": "民政",
    "6": "旅游", "7": "宗教", "8": "工会", "9": "市场监督管理（工商）", "A": "中央军委改革和编制办公室",
    "N": "农业", "Y": "其他",
}
# Position 2 under department 9.
USCC_CATEGORIES_MARKET = {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"}

_USCC = "统一社会信用代码"


def uscc_check_char(first17: str) -> str:
    """Check character (position 18) of a USCC from its first 17 characters."""
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise ValueError(f"USCC body must be 17 chars of {USCC_CHARSET}, got {first17!r}")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def explain_uscc(code: str, *, checksums: bool = True) -> str | None:
    """None if `code` is a valid USCC, else a Chinese message naming the broken rule.

    With ``checksums=False`` only the structure is checked (length, characters, division
    digits). Some early pilot-region codes fail their check characters: importers of
    legacy data use the structural check as the error and the full check as a warning.
    """
    code = normalize_code(code)
    if not code:
        return f"{_USCC}不能为空"
    if len(code) != 18:
        return f"{_USCC}应为18位，现为{len(code)}位"
    for pos, ch in enumerate(code, start=1):
        if ch not in _USCC_VALUE:
            if ch in _EXCLUDED_LETTERS:
                hint = "不使用I、O、S、V、Z"
            else:
                hint = "只能是数字或大写字母，不使用I、O、S、V、Z"
            return f"{_USCC}第{pos}位“{ch}”不是有效字符（{hint}）"
    if not code[2:8].isdigit():
        return f"{_USCC}第3–8位应为登记管理机关行政区划码（6位数字），现为“{code[2:8]}”"
    if not checksums:
        return None
    # The embedded organisation code is checked first: when both fail, the error is
    # most likely inside positions 9-17 and this message points the clerk there.
    expected_org = org_code_check_char(code[8:16])
    if code[16] != expected_org:
        return (f"组织机构代码部分（第9–17位）校验位错误：第17位应为“{expected_org}”，"
                f"输入为“{code[16]}”")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"{_USCC}校验位错误：应为“{expected}”，输入为“{code[17]}”"
    return None


def validate_uscc(code: str) -> bool:
    """True if `code` (case and surrounding spaces ignored) is a valid USCC."""
    return explain_uscc(code) is None


def new_uscc(division_code: str, category: str, entity_code: str,
             department: str = "9") -> str:
    """Assemble a valid 18-character USCC.

    `entity_code` is the 8-character organisation-code body (its check is computed) or the
    full 9 characters (its check is verified). Every character must be in USCC_CHARSET,
    because the organisation code is embedded in the credit code.
    """
    if len(division_code) != 6 or not (division_code.isascii() and division_code.isdigit()):
        raise ValueError(f"division code must be 6 digits, got {division_code!r}")
    for label, value in (("department", department), ("category", category)):
        if len(value) != 1 or value not in _USCC_VALUE:
            raise ValueError(f"{label} must be one char of {USCC_CHARSET}, got {value!r}")
    entity_code = normalize_code(entity_code)
    if len(entity_code) not in (8, 9):
        raise ValueError(f"entity code must have 8 or 9 chars, got {entity_code!r}")
    if any(c not in _USCC_VALUE for c in entity_code):
        raise ValueError(f"entity code chars must be in {USCC_CHARSET}, got {entity_code!r}")
    check = org_code_check_char(entity_code[:8])
    if len(entity_code) == 9 and entity_code[8] != check:
        raise ValueError(f"entity code {entity_code!r} has check {entity_code[8]!r}, "
                         f"expected {check!r}")
    body = department + category + division_code + entity_code[:8] + check
    return body + uscc_check_char(body)


ENTITY_CODE_CAPACITY = len(USCC_CHARSET) ** 8


def entity_code_from_number(n: int) -> str:
    """Deterministic 9-character organisation code for sequence number `n`.

    GB 11714 allows digits and upper-case letters in the 8-character body, but inside a
    credit code only USCC_CHARSET is allowed, so the body is `n` written in base 31 over
    that charset (zero-padded; 31^8 ≈ 8.5·10^11 codes). Because the charset is in ASCII
    order, string order equals numeric order. The check character (digit or 'X') is
    always in the charset as well.
    """
    if not 0 <= n < ENTITY_CODE_CAPACITY:
        raise ValueError(f"sequence number must be in [0, 31**8), got {n}")
    digits = []
    for _ in range(8):
        n, r = divmod(n, 31)
        digits.append(USCC_CHARSET[r])
    body = "".join(reversed(digits))
    return body + org_code_check_char(body)


# --- GB 11643 resident ID number -----------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(17-i) mod 11
_ID_CHECK = "10X98765432"
_ID = "公民身份号码"
_MIN_BIRTH_YEAR = 1900


def resident_id_check_char(first17: str) -> str:
    """Check character (ISO 7064 MOD 11-2) of a resident ID from its first 17 digits."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"resident ID body must be 17 digits, got {first17!r}")
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def _parse_birth(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def explain_resident_id(number: str, *, today: date | None = None) -> str | None:
    """None if `number` is a valid 18-digit resident ID, else a Chinese message.

    `today` is the reference for "birth date not in the future" (tests pass it).
    """
    number = normalize_code(number)
    if not number:
        return f"{_ID}不能为空"
    if len(number) != 18:
        hint = "（15位旧号码请先升位为18位）" if len(number) == 15 else ""
        return f"{_ID}应为18位，现为{len(number)}位{hint}"
    for pos, ch in enumerate(number[:17], start=1):
        if not ("0" <= ch <= "9"):
            return f"{_ID}第{pos}位“{ch}”应为数字"
    if not ("0" <= number[17] <= "9" or number[17] == "X"):
        return f"{_ID}第18位（校验位）“{number[17]}”应为数字或X"
    # First digit of the address code is the region: 1-6 mainland, 7 Taiwan, 8 HK/Macao.
    if number[0] not in "12345678":
        return f"{_ID}地址码（第1–6位）首位应为1–8，现为“{number[0]}”"
    birth = _parse_birth(number[6:14])
    if birth is None:
        return f"{_ID}出生日期（第7–14位）“{number[6:14]}”不是有效日期"
    if birth.year < _MIN_BIRTH_YEAR:
        return f"{_ID}出生日期（第7–14位）不能早于{_MIN_BIRTH_YEAR}年"
    if birth > (today or beijing_today()):
        return f"{_ID}出生日期（第7–14位）不能晚于今天"
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        return f"{_ID}校验位错误：第18位与前17位不符（规则：GB 11643 校验码），请核对号码"
    return None


def validate_resident_id(number: str, *, today: date | None = None) -> bool:
    """True if `number` (lower-case x and surrounding spaces accepted) is a valid ID."""
    return explain_resident_id(number, today=today) is None


def upgrade_resident_id_15(number15: str) -> str:
    """Turn an old 15-digit ID into the 18-digit form: insert "19" before the 2-digit
    birth year and append the check character."""
    number15 = normalize_code(number15)
    if len(number15) != 15 or not number15.isascii() or not number15.isdigit():
        raise ValueError(f"old resident ID must be 15 digits, got {number15!r}")
    body = number15[:6] + "19" + number15[6:]
    if _parse_birth(body[6:14]) is None:
        raise ValueError(f"old resident ID {number15!r} has an impossible birth date")
    return body + resident_id_check_char(body)


def _as_18(number: str) -> str:
    number = normalize_code(number)
    if len(number) == 15:
        return upgrade_resident_id_15(number)
    if len(number) != 18 or not number[:17].isascii() or not number[:17].isdigit():
        raise ValueError(f"not a resident ID number: {number!r}")
    return number


def resident_id_birth_date(number: str) -> date:
    """Birth date of an 18- or 15-digit ID; ValueError if it is not a real date."""
    number = _as_18(number)
    birth = _parse_birth(number[6:14])
    if birth is None:
        raise ValueError(f"resident ID {number!r} has an impossible birth date")
    return birth


def resident_id_sex(number: str) -> str:
    """"男" or "女" from the parity of the sequence code (odd = male)."""
    return "男" if int(_as_18(number)[16]) % 2 else "女"


def new_resident_id(address_code: str, birth: date, sequence: int) -> str:
    """A valid 18-digit ID for demo data; `sequence` 0-999, odd for a man."""
    if (len(address_code) != 6 or not (address_code.isascii() and address_code.isdigit())
            or address_code[0] not in "12345678"):
        raise ValueError(f"address code must be 6 digits starting 1-8, got {address_code!r}")
    if not 0 <= sequence <= 999:
        raise ValueError(f"sequence must be in 0..999, got {sequence}")
    if birth.year < _MIN_BIRTH_YEAR:
        raise ValueError(f"birth year must be {_MIN_BIRTH_YEAR} or later, got {birth}")
    body = f"{address_code}{birth:%Y%m%d}{sequence:03d}"
    return body + resident_id_check_char(body)
