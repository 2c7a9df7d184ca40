"""The name check (client/registration/names.py) and the reference data it stands on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from client.kernel import reference
from client.registration.names import (NameParts, explain_forbidden_words, forbidden_words_in,
    normalize_name, similarity_verdict, split_name, trade_name_pinyin, validate_name)

# --- structure -----------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "广州市华盛科技有限公司",
    "广州华盛投资合伙企业（有限合伙）",
    "广州ABC123贸易有限公司",
    "华为技术(广州)有限公司",
    "  广州市天河区小李超市  ",
    "华盛",
])
def test_acceptable_names(name):
    assert validate_name(name) is None


@pytest.mark.parametrize("name, message", [
    ("", "名称不能为空"),
    ("　 ", "名称不能为空"),
    ("华", "名称长度应为2–100个字符，现为1个"),
    ("华" * 101, "名称长度应为2–100个字符，现为101个"),
    ("广州华盛&科技有限公司", "名称含有不允许的字符“&”（只能使用汉字、字母、数字和括号）"),
    ("广州华盛·科技有限公司", "名称含有不允许的字符“·”（只能使用汉字、字母、数字和括号）"),
    ("广州华盛 科技有限公司", "名称中不能有空格"),
    ("广州华盛\x07科技", "名称第5个字符是控制字符或不可见字符，请删除后重新输入"),
    ("广州\u200b华盛科技", "名称第3个字符是控制字符或不可见字符，请删除后重新输入"),
    ("华为技术（广州有限公司", "名称中的括号不成对"),
    ("华为技术）广州（有限公司", "名称中的括号不成对"),
    ("ABC123", "名称应使用汉字"),
])
def test_structural_rules_are_named(name, message):
    assert validate_name(name) == message


def test_full_width_letters_count_as_letters():
    assert validate_name("广州ＡＢＣ贸易有限公司") is None


def test_normalize_name_unifies_brackets_width_case_and_spaces():
    assert normalize_name(" 华为技术(广州) 有限公司ａｂｃ ") == "华为技术（广州）有限公司ABC"


# --- forbidden words -----------------------------------------------------------------

def test_forbidden_word_message_names_word_and_reason():
    assert explain_forbidden_words("广州中华科技有限公司") == "名称不得含有“中华”（须经国务院批准）"
    assert explain_forbidden_words("广州华盛科技有限公司") is None


def test_forbidden_words_are_listed_in_order_of_appearance():
    words = [w for w, _ in forbidden_words_in("广州赌场中华实业有限公司")]
    assert words == ["赌场", "中华"]


def test_word_inside_an_exception_phrase_is_not_flagged():
    # 中国家具 contains 国家, but the name uses 中国 and 家具: only 中国 is flagged.
    assert [w for w, _ in forbidden_words_in("广州中国家具城有限公司")] == ["中国"]
    assert forbidden_words_in("广州万国家居有限公司") == []
    assert forbidden_words_in("广州华盛国际贸易有限公司") == []


def test_word_outside_its_exception_phrase_is_still_flagged():
    assert [w for w, _ in forbidden_words_in("广州国际华盛贸易有限公司")] == ["国际"]
    assert [w for w, _ in forbidden_words_in("广州国家华盛家具有限公司")] == ["国家"]
    # An exception phrase elsewhere in the name does not excuse this occurrence.
    assert [w for w, _ in forbidden_words_in("广州国家华盛中国家具城有限公司")] == ["国家", "中国"]


def test_forbidden_words_ignore_spaces_typed_inside_them():
    assert [w for w, _ in forbidden_words_in("广州 中 华科技有限公司")] == ["中华"]


def test_harmless_words_near_forbidden_ones_pass():
    # 消毒 is not 毒品; 办公安装 is not 公安局.
    assert forbidden_words_in("广州华盛消毒服务有限公司") == []
    assert forbidden_words_in("广州办公安装工程有限公司") == []


# --- splitting -----------------------------------------------------------------------

@pytest.mark.parametrize("name, parts", [
    ("广州市华盛科技有限公司", NameParts("广州市", "华盛", "科技", "有限公司", "65")),
    ("广州华盛网络科技有限公司", NameParts("广州", "华盛", "网络科技", "有限公司", "64")),
    ("广州华盛科技发展有限公司", NameParts("广州", "华盛", "科技发展", "有限公司", "65")),
    ("广州市天河区华盛餐饮店", NameParts("广州市天河区", "华盛", "餐饮", "店", "62")),
    ("华为技术（广州）有限公司", NameParts("（广州）", "华为", "技术", "有限公司", None)),
    ("广州华盛投资合伙企业(有限合伙)",
     NameParts("广州", "华盛", "投资", "合伙企业（有限合伙）", "72")),
    ("广州市天河区小李超市", NameParts("广州市天河区", "小李", "", "超市", "52")),
    ("广州市华盛实业有限公司", NameParts("广州市", "华盛", "实业", "有限公司", None)),
    ("广州市文化科技有限公司", NameParts("广州市", "文化", "科技", "有限公司", "65")),
    ("广州华盛网络科技有限公司天河分公司",
     NameParts("广州", "华盛", "网络科技", "有限公司天河分公司", "64")),
    ("广州华盛餐饮管理有限公司石牌分店",
     NameParts("广州", "华盛", "餐饮管理", "有限公司石牌分店", "62")),
    ("广州番禺华盛农民专业合作社", NameParts("广州", "番禺华盛", "", "农民专业合作社", None)),
    ("华盛", NameParts("", "华盛", "", "", None)),
])
def test_split_name(name, parts):
    assert split_name(name) == parts


@given(
    st.sampled_from(["广州市", "广州", "广州市海珠区", ""]),
    # Characters that form no industry word: a trade name ending in one (信信通信) is
    # genuinely ambiguous and is split as 信信 + 通信科技.
    st.text(alphabet="华盛达鸿运恒泰", min_size=2, max_size=4),
    st.sampled_from(["科技", "贸易", "餐饮", "物流", ""]),
    st.sampled_from(["有限公司", "股份有限公司", "经营部", "工作室"]),
)
def test_split_name_recovers_the_parts_it_was_built_from(region, trade, industry, form):
    parts = split_name(region + trade + industry + form)
    assert (parts.region, parts.trade_name, parts.industry, parts.form) == (
        region, trade, industry, form)


# --- similarity ----------------------------------------------------------------------

NEW = "广州市华盛科技有限公司"


def _verdicts(new, existing):
    return {name: (kind, reason) for name, kind, reason in similarity_verdict(new, existing)}


def test_identical_after_normalisation():
    existing = ["广州市华盛科技有限公司", "广州市 华盛科技有限公司", "华为技术（广州）有限公司"]
    verdicts = similarity_verdict("华为技术(广州)有限公司", existing)
    assert [(n, k) for n, k, _ in verdicts] == [("华为技术（广州）有限公司", "identical")]
    assert verdicts[0][2] == "名称相同（已忽略空格、括号全半角和字母大小写）"


def test_same_trade_name_same_industry_is_similar():
    assert _verdicts(NEW, ["广州华盛科技有限公司"]) == {
        "广州华盛科技有限公司": ("similar", "字号“华盛”相同，行业相同")}


def test_same_trade_name_in_a_near_industry_is_similar():
    verdict = _verdicts(NEW, ["广州华盛网络科技有限公司"])["广州华盛网络科技有限公司"]
    assert verdict == ("similar", "字号“华盛”相同，行业相近（同属信息传输、软件和信息技术服务业）")


def test_same_trade_name_against_a_name_without_industry_is_similar():
    # 第十七条: a trade name may not repeat one of a name that states no industry.
    kind, reason = _verdicts(NEW, ["广州华盛实业有限公司"])["广州华盛实业有限公司"]
    assert kind == "similar" and "未表述行业" in reason


def test_same_trade_name_in_an_unrelated_industry_is_allowed():
    assert similarity_verdict(NEW, ["广州华盛餐饮有限公司", "广州华盛物流有限公司"]) == []


def test_homophone_trade_names_are_similar():
    verdicts = _verdicts(NEW, ["广州华胜科技有限公司", "广州花生软件有限公司"])
    assert verdicts["广州华胜科技有限公司"] == ("similar", "字号“华盛”与“华胜”读音相同，行业相同")
    assert verdicts["广州花生软件有限公司"][1].startswith("字号“华盛”与“花生”读音相同")


def test_one_character_apart_counts_only_for_longer_trade_names():
    three = _verdicts("广州华盛达科技有限公司", ["广州华盛通科技有限公司", "广州华盛科技有限公司"])
    assert three == {"广州华盛通科技有限公司": ("similar", "字号“华盛达”与“华盛通”仅一字之差，行业相同")}
    assert similarity_verdict(NEW, ["广州华美科技有限公司"]) == []


def test_branches_compare_by_the_parent_trade_name():
    kind, reason = _verdicts(NEW, ["广州华盛科技有限公司天河分公司"])["广州华盛科技有限公司天河分公司"]
    assert kind == "similar" and reason.startswith("字号“华盛”相同")


def test_trade_name_pinyin_is_shared_by_homophones():
    assert trade_name_pinyin(NEW) == "huasheng"
    assert trade_name_pinyin("广州花生软件有限公司") == "huasheng"
    assert trade_name_pinyin("广州ABC贸易有限公司") == "abc"


def test_unrelated_names_give_no_verdict():
    assert similarity_verdict(NEW, ["广州鸿运贸易有限公司", "广州市天河区小李超市"]) == []


# --- the reference data these rules stand on ----------------------------------------------

def test_districts_are_the_city_and_its_eleven_districts():
    codes = [d.code for d in reference.districts()]
    assert codes == ["440100", "440103", "440104", "440105", "440106", "440111", "440112",
                     "440113", "440114", "440115", "440117", "440118"]
    tianhe = reference.district("440106")
    assert (tianhe.name, tianhe.short_name, tianhe.bureau_name, tianhe.authority_name) == (
        "天河区", "天河", "天河分局", "广州市天河区市场监督管理局")
    assert reference.district("440100").authority_name == "广州市市场监督管理局"


def test_there_are_173_uniquely_named_offices_in_every_district():
    offices = reference.offices()
    assert len(offices) == 173
    assert len({o.code for o in offices}) == len({o.name for o in offices}) == 173
    for d in reference.districts()[1:]:
        mine = reference.offices_of(d.code)
        assert mine, d.name
        assert all(o.name.startswith(d.bureau_name) and o.name.endswith("工商所") for o in mine)
    assert reference.offices_of("440100") == ()
    assert reference.office("440106-05").district_code == "440106"
    sizes = {d.short_name: len(reference.offices_of(d.code)) for d in reference.districts()[1:]}
    assert max(sizes, key=sizes.get) == "白云"


def test_unknown_codes_raise_key_error():
    with pytest.raises(KeyError):
        reference.district("440199")
    with pytest.raises(KeyError):
        reference.office("440106-99")
    with pytest.raises(KeyError):
        reference.entity_kind("0000")


def test_entity_kinds_cover_the_seed_and_agree_with_uscc_categories():
    kinds = {k.name: k for k in reference.entity_kinds()}
    for name in ["有限责任公司（自然人投资或控股）", "有限责任公司（法人独资）", "股份有限公司（非上市）",
                 "个人独资企业", "普通合伙企业", "有限合伙企业", "有限责任公司（外商投资、非独资）",
                 "有限责任公司分公司", "农民专业合作社", "个体工商户"]:
        assert name in kinds
    individual = kinds["个体工商户"]
    assert (individual.uscc_category, individual.is_individual, individual.licence_layout,
            individual.group) == ("2", True, "individual", "个体")
    assert kinds["农民专业合作社"].uscc_category == "3"
    assert all(k.capital_required == (k.capital_label == "注册资本") for k in kinds.values())
    assert reference.entity_kind("1130").capital_required


def test_industries_have_all_sections_and_the_common_divisions():
    sections = [i.code for i in reference.industries() if i.level == "section"]
    assert sections == list("ABCDEFGHIJKLMNOPQRST")
    assert reference.industry("52").name == "零售业"
    assert reference.industry("62").name == "餐饮业"
    assert reference.industry("65").section == "I"


def test_no_industry_word_ends_in_an_organisation_form():
    # Otherwise split_name would cut the form out of the industry word.
    forms = [f.form for f in reference.organisation_forms()]
    for ind in reference.industries():
        for word in ind.name_words:
            assert not any(word.endswith(f) for f in forms), (word, ind.code)


def test_forms_state_only_industries_that_exist():
    for form in reference.organisation_forms():
        if form.industry is not None:
            assert reference.industry(form.industry).level == "division"


def test_forbidden_word_exceptions_contain_their_word():
    entries = reference.forbidden_name_words()
    assert len(entries) >= 30
    for fw in entries:
        assert fw.reason and all(fw.word in e for e in fw.exceptions)
