"""Credit codes, organisation codes and resident ID numbers (client/kernel/codes.py)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from client.kernel.codes import (USCC_CHARSET, USCC_WEIGHTS, entity_code_from_number, explain_resident_id,
    explain_uscc, new_resident_id, new_uscc, normalize_code, org_code_check_char, resident_id_birth_date,
    resident_id_check_char, resident_id_sex, upgrade_resident_id_15, uscc_check_char, validate_resident_id,
    validate_uscc)

TODAY = date(2024, 6, 1)

charset_char = st.sampled_from(USCC_CHARSET)
usccs = st.builds(
    new_uscc,
    division_code=st.from_regex(r"\A[0-9]{6}\Z"),
    category=charset_char,
    entity_code=st.text(USCC_CHARSET, min_size=8, max_size=8),
    department=charset_char,
)
market_usccs = st.builds(
    lambda div, cat, n: new_uscc(div, cat, entity_code_from_number(n)),
    st.sampled_from(["440100", "440103", "440106", "440111", "440113", "440118"]),
    st.sampled_from("123"),
    st.integers(0, 31**8 - 1),
)
resident_ids = st.builds(
    new_resident_id,
    address_code=st.from_regex(r"\A[1-8][0-9]{5}\Z"),
    birth=st.dates(date(1900, 1, 1), TODAY),
    sequence=st.integers(0, 999),
)


# --- normalisation -------------------------------------------------------------------

def test_normalize_code_turns_full_width_into_half_width_and_upper_case():
    assert normalize_code("\u3000 ９１４４０３００ｍａ５ｘ \t") == "91440300MA5X"


def test_normalize_code_keeps_inner_spaces_for_the_validator_to_report():
    assert normalize_code(" 9144 0300 ") == "9144 0300"


# --- published and hand-checked USCCs --------------------------------------------------

# 深圳市腾讯计算机系统有限公司, as printed on its licence. By hand:
#   values  9 1 4 4 0 3 0 0 7 0  8  4 6  1  1  3  6
#   weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
#   Σ = 9+3+36+108+0+78+0+0+140+0+200+52+48+24+10+90+168 = 966; 966 mod 31 = 5;
#   31 − 5 = 26 → USCC_CHARSET[26] = "T".
#   organisation code 70846113: 21+0+72+40+30+8+4+6 = 181; 181 mod 11 = 5; 11 − 5 = 6.
TENCENT = "91440300708461136T"
# Further codes copied from public registration records (小米科技, 阿里巴巴(中国)网络技术).
PUBLISHED = [TENCENT, "91110108551385082Q", "91330100716105852F"]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_credit_codes_validate(code):
    assert validate_uscc(code)
    assert explain_uscc(code) is None


def test_check_characters_match_the_hand_computation():
    assert uscc_check_char(TENCENT[:17]) == "T"
    assert org_code_check_char("70846113") == "6"


def test_weights_are_powers_of_three_mod_31_as_in_gb_32100():
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_new_guangzhou_code_matches_the_hand_computation():
    # MA59ABCD: M=22 A=10 5 9 A=10 B=11 C=12 D=13 (GB 11714 values) ·3 7 9 10 5 8 4 2
    #   = 66+70+45+90+50+88+48+26 = 483; 483 mod 11 = 10; 11 − 10 = 1 → "1".
    # 91440106MA59ABCD1 with USCC values (M=21 there): Σ = 2118, 2118 mod 31 = 10,
    #   31 − 10 = 21 → "M".
    assert new_uscc("440106", "1", "MA59ABCD") == "91440106MA59ABCD1M"
    assert new_uscc("440106", "1", "MA59ABCD1") == "91440106MA59ABCD1M"


# --- generated codes ---------------------------------------------------------------------

@given(usccs)
def test_every_generated_code_validates(code):
    assert len(code) == 18
    assert validate_uscc(code), explain_uscc(code)


@given(market_usccs)
def test_market_codes_carry_department_category_and_division(code):
    assert code[0] == "9" and code[1] in "123"
    assert code[2:8].isdigit()
    assert validate_uscc(code)


@given(usccs)
def test_lower_case_spaces_and_full_width_are_accepted(code):
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code.lower())
    assert validate_uscc(f"  {code.lower()}\t")
    assert validate_uscc(f"\u3000{full_width}\u3000")


@settings(max_examples=60)
@given(usccs)
def test_every_single_substitution_is_caught(code):
    # MOD 31 is prime and no weight is 0 mod 31, so a changed value at any position
    # changes the weighted sum: every substitution inside the charset is caught.
    for pos in range(18):
        for ch in USCC_CHARSET:
            if ch != code[pos]:
                changed = code[:pos] + ch + code[pos + 1:]
                assert not validate_uscc(changed), (code, pos, ch)


@given(usccs, st.integers(0, 17), st.sampled_from("IOSVZ"))
def test_excluded_letters_are_named_in_the_message(code, pos, letter):
    changed = code[:pos] + letter + code[pos + 1:]
    assert explain_uscc(changed) == (
        f"统一社会信用代码第{pos + 1}位“{letter}”不是有效字符（不使用I、O、S、V、Z）")


@given(usccs)
def test_every_adjacent_transposition_of_a_credit_code_is_caught(code):
    # Swapping a, b at i, i+1 changes the sum by (a−b)(w[i+1]−w[i]) = (a−b)·2·w[i]
    # (w[i+1] = 3·w[i]); for positions 17/18 by (a−b)·27 (the check counts with weight 1).
    # Neither is 0 mod 31 when a ≠ b: all adjacent transpositions are caught.
    for pos in range(17):
        if code[pos] != code[pos + 1]:
            swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2:]
            assert not validate_uscc(swapped), (code, pos)


def test_org_check_alone_misses_values_eleven_apart_but_the_uscc_check_does_not():
    # Documented limit of GB 11714: "0" (0) and "B" (11) weigh the same mod 11.
    assert org_code_check_char("00000000") == org_code_check_char("B0000000")
    code = new_uscc("440106", "1", "00000000")
    changed = code[:8] + "B" + code[9:]
    assert explain_uscc(changed).startswith("统一社会信用代码校验位错误")


# --- messages ------------------------------------------------------------------------------

def test_explain_names_the_length():
    assert explain_uscc(TENCENT[:17]) == "统一社会信用代码应为18位，现为17位"
    assert explain_uscc("   ") == "统一社会信用代码不能为空"


def test_explain_names_a_foreign_character():
    assert explain_uscc(TENCENT[:4] + "-" + TENCENT[5:]) == (
        "统一社会信用代码第5位“-”不是有效字符（只能是数字或大写字母，不使用I、O、S、V、Z）")


def test_explain_names_the_division_code():
    body = "91A40300708461136"
    message = explain_uscc(body + uscc_check_char(body))
    assert message.startswith("统一社会信用代码第3–8位应为登记管理机关行政区划码")


def test_explain_names_the_final_check_character():
    assert explain_uscc(TENCENT[:17] + "U") == "统一社会信用代码校验位错误：应为“T”，输入为“U”"


def test_explain_points_at_the_embedded_organisation_code():
    body = TENCENT[:16] + "7"  # org check should be 6
    message = explain_uscc(body + uscc_check_char(body))
    assert message == "组织机构代码部分（第9–17位）校验位错误：第17位应为“6”，输入为“7”"


def test_legacy_codes_can_be_checked_for_structure_only():
    bad_check = TENCENT[:17] + "U"
    assert explain_uscc(bad_check, checksums=False) is None
    assert explain_uscc(TENCENT[:17], checksums=False) == "统一社会信用代码应为18位，现为17位"


# --- building codes --------------------------------------------------------------------------

@given(st.integers(0, 31**8 - 1))
def test_entity_codes_from_numbers_fit_inside_a_credit_code(n):
    code = entity_code_from_number(n)
    assert len(code) == 9
    assert set(code) <= set(USCC_CHARSET)
    assert code[8] == org_code_check_char(code[:8])
    assert validate_uscc(new_uscc("440106", "1", code))


@given(st.integers(0, 31**8 - 2))
def test_entity_codes_sort_in_number_order(n):
    assert entity_code_from_number(n) < entity_code_from_number(n + 1)


def test_entity_code_numbering_starts_at_zero():
    assert entity_code_from_number(0) == "00000000" + org_code_check_char("00000000")
    assert entity_code_from_number(31)[:8] == "00000010"


@pytest.mark.parametrize("args", [
    ("44010", "1", "MA59ABCD"),          # division too short
    ("440106", "1", "MA59ABC"),          # entity code too short
    ("440106", "1", "MA59ABCDO"),        # O not allowed
    ("440106", "1", "MA59ABCD2"),        # wrong org check (should be 1)
    ("440106", "I", "MA59ABCD"),         # category outside the charset
])
def test_new_uscc_rejects_bad_parts(args):
    with pytest.raises(ValueError):
        new_uscc(*args)


@pytest.mark.parametrize("n", [-1, 31**8])
def test_entity_code_number_out_of_range(n):
    with pytest.raises(ValueError):
        entity_code_from_number(n)


def test_check_char_functions_reject_bad_input():
    for bad in ("9144030070846113", "I1440300708461136"):  # too short; I not allowed
        with pytest.raises(ValueError):
            uscc_check_char(bad)
    with pytest.raises(ValueError):
        org_code_check_char("7084611")


# --- resident ID numbers ----------------------------------------------------------------------

# The example of GB 11643-1999. By hand: digits 1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 times
# weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 = 167; 167 mod 11 = 2; "10X98765432"[2] = "X".
STANDARD_ID = "11010519491231002X"


def test_standard_example_is_valid_and_female():
    assert resident_id_check_char(STANDARD_ID[:17]) == "X"
    assert validate_resident_id(STANDARD_ID, today=TODAY)
    assert resident_id_birth_date(STANDARD_ID) == date(1949, 12, 31)
    assert resident_id_sex(STANDARD_ID) == "女"


def test_lower_case_x_spaces_and_full_width_are_accepted():
    assert validate_resident_id(" 11010519491231002x ", today=TODAY)
    assert validate_resident_id("\u3000１１０１０５１９４９１２３１００２ｘ", today=TODAY)


@given(resident_ids)
def test_generated_ids_are_valid(number):
    assert validate_resident_id(number, today=TODAY), explain_resident_id(number, today=TODAY)


@given(st.dates(date(1900, 1, 1), TODAY), st.integers(0, 999))
def test_birth_date_and_sex_round_trip(birth, sequence):
    number = new_resident_id("440106", birth, sequence)
    assert resident_id_birth_date(number) == birth
    assert resident_id_sex(number) == ("男" if sequence % 2 else "女")


@settings(max_examples=60)
@given(resident_ids)
def test_every_single_character_change_is_caught(number):
    # MOD 11-2: weights 2^(17−i) mod 11 are never 0 and digits differ by less than 11.
    for pos in range(18):
        for ch in "0123456789X":
            if ch != number[pos]:
                changed = number[:pos] + ch + number[pos + 1:]
                assert not validate_resident_id(changed, today=TODAY), (number, pos, ch)


@given(resident_ids)
def test_every_adjacent_transposition_of_an_id_number_is_caught(number):
    # Swapping a, b at i, i+1 changes the sum by (b−a)·w[i+1] (w[i] = 2·w[i+1]), which is
    # never 0 mod 11 for digits; at 17/18 by (c−a). All adjacent transpositions are caught.
    for pos in range(17):
        if number[pos] != number[pos + 1]:
            swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2:]
            assert not validate_resident_id(swapped, today=TODAY), (number, pos)


def _with_check(body17: str) -> str:
    return body17 + resident_id_check_char(body17)


def test_impossible_dates_are_named():
    number = _with_check("44010619990230123")
    assert explain_resident_id(number, today=TODAY) == (
        "公民身份号码出生日期（第7–14位）“19990230”不是有效日期")
    assert not validate_resident_id(_with_check("44010620230229123"), today=TODAY)
    assert validate_resident_id(_with_check("44010620240229123"), today=TODAY)  # leap year


def test_future_and_too_early_birth_dates_are_rejected():
    tomorrow = TODAY + timedelta(days=1)
    assert explain_resident_id(new_resident_id("440106", tomorrow, 1), today=TODAY) == (
        "公民身份号码出生日期（第7–14位）不能晚于今天")
    assert validate_resident_id(new_resident_id("440106", TODAY, 1), today=TODAY)
    assert explain_resident_id(_with_check("44010618991231123"), today=TODAY) == (
        "公民身份号码出生日期（第7–14位）不能早于1900年")


def test_explain_resident_id_names_each_rule():
    assert explain_resident_id("", today=TODAY) == "公民身份号码不能为空"
    assert explain_resident_id(STANDARD_ID[:17], today=TODAY) == "公民身份号码应为18位，现为17位"
    assert "15位旧号码请先升位" in explain_resident_id("110105491231002", today=TODAY)
    assert explain_resident_id("1101051949123100AX", today=TODAY) == "公民身份号码第17位“A”应为数字"
    assert explain_resident_id("11010519491231002Y", today=TODAY) == (
        "公民身份号码第18位（校验位）“Y”应为数字或X")
    assert explain_resident_id(_with_check("01010519491231002"), today=TODAY) == (
        "公民身份号码地址码（第1–6位）首位应为1–8，现为“0”")
    assert explain_resident_id(_with_check("91010519491231002"), today=TODAY).startswith(
        "公民身份号码地址码")
    wrong_check = explain_resident_id("110105194912310021", today=TODAY)
    assert wrong_check == "公民身份号码校验位错误：第18位与前17位不符（规则：GB 11643 校验码），请核对号码"
    assert "X" not in wrong_check  # the right check character (X) is not given away


def test_fifteen_digit_numbers_are_upgraded():
    # The standard example in its 15-digit form: 110105 491231 002.
    assert upgrade_resident_id_15("110105491231002") == STANDARD_ID
    assert resident_id_birth_date("110105491231002") == date(1949, 12, 31)
    assert resident_id_sex("110105491231003") == "男"


@given(resident_ids.filter(lambda n: n[6:8] == "19"))
def test_upgrade_inverts_dropping_the_century(number):
    old = number[:6] + number[8:17]
    assert upgrade_resident_id_15(old) == number


@pytest.mark.parametrize("bad", ["11010549123100", "11010549123100A", "110105490230002"])
def test_upgrade_rejects_bad_old_numbers(bad):
    with pytest.raises(ValueError):
        upgrade_resident_id_15(bad)


@pytest.mark.parametrize("args", [
    ("440106", date(1899, 12, 31), 1),
    ("040106", date(1990, 1, 1), 1),
    ("44010", date(1990, 1, 1), 1),
    ("440106", date(1990, 1, 1), 1000),
])
def test_new_resident_id_rejects_bad_parts(args):
    with pytest.raises(ValueError):
        new_resident_id(*args)
