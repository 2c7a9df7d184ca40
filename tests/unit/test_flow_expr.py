"""The flow condition language (client/flows/expr.py): parsing, evaluation, errors, limits."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import time
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from client.flows import expr as expr_module
from client.flows.expr import (KEYWORDS, And, Boolean, Compare, ExpressionError, Field, ListOf, Not,
    Number, Or, Text, check, evaluate, fields_of, parse)

a, b, c = Field("a"), Field("b"), Field("c")


# --- parsing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, tree", [
    ("a or b and c", Or((a, And((b, c))))),
    ("a and b or c", Or((And((a, b)), c))),
    ("(a or b) and c", And((Or((a, b)), c))),
    ("not a and b", And((Not(a), b))),
    ("not a == b", Not(Compare("==", a, b))),
    ("not not a", Not(Not(a))),
    ("a || b && !c", Or((a, And((b, Not(c)))))),
    ("a and b and c", And((a, b, c))),
    ("a and (b and c)", And((a, And((b, c))))),
    ("a >= 1000000", Compare(">=", a, Number(Decimal(1000000)))),
    ("a < 3.5", Compare("<", a, Number(Decimal("3.5")))),
    ("a > -2", Compare(">", a, Number(Decimal(-2)))),
    ("a in [1, 2, \"a\"]", Compare("in", a, ListOf((Number(Decimal(1)), Number(Decimal(2)), Text("a"))))),
    ("a not in []", Compare("not in", a, ListOf(()))),
    ("not a in b", Not(Compare("in", a, b))),
    ("party.kind == 'company'", Compare("==", Field("party.kind"), Text("company"))),
    ("状态 == “存续”", Compare("==", Field("状态"), Text("存续"))),
    ("登记.状态 != \"注销\"", Compare("!=", Field("登记.状态"), Text("注销"))),
    ("a == true", Compare("==", a, Boolean(True))),
    ("(a == b) == false", Compare("==", Compare("==", a, b), Boolean(False))),
    ("a == 'it\\'s'", Compare("==", a, Text("it's"))),
    ("  a\u3000==\tb  ", Compare("==", a, b)),
])
def test_parse_builds_the_tree(text, tree):
    assert parse(text) == tree
    assert parse(str(tree)) == tree


def test_canonical_text():
    assert str(parse("a || b && !c")) == "a or b and not c"
    assert str(parse("((a))and(b  ==1.50)")) == "a and b == 1.50"
    assert str(parse("状态 == “存续”")) == '状态 == "存续"'
    assert str(parse("(a and b) and c")) == "(a and b) and c"
    assert str(parse("not (a or b)")) == "not (a or b)"
    assert str(parse("(not a) == b")) == "(not a) == b"


@pytest.mark.parametrize("text, position, problem", [
    ("amount >> 5", 8, "无法识别的符号“>”"),
    ("a = b", 2, "无法识别的符号“=”（比较相等请用“==”）"),
    ("a <> b", 3, "无法识别的符号“>”"),
    ("a & b", 2, "无法识别的符号“&”"),
    ("a（b）", 1, "无法识别的符号“（”（请改用半角的“(”）"),
    ("a == @", 5, "无法识别的符号“@”"),
    ("a < b < c", 6, "比较不能连写"),
    ("(a and b", 8, "缺少与第1个字符的“(”配对的“)”"),
    ("a and b)", 7, "多余的右括号“)”"),
    ("a ==", 4, "缺少要比较的值"),
    ("a and", 5, "缺少要比较的值"),
    ("a b", 2, "多余的内容“b”"),
    ("a == \"存续", 5, "文字缺少结束的引号“\"”"),
    ("a == “存续", 5, "文字缺少结束的引号“””"),
    ("a < 1.", 4, "数字“1.”不完整"),
    ("a < 5x", 4, "数字“5x”写法不对"),
    ("party. == 1", 5, "字段名“party.”不完整"),
    ("[1, 2] in a", 0, "列表只能用在“in”或“not in”的右边"),
    ("a == [1]", 5, "列表只能用在“in”或“not in”的右边"),
    ("a in [1, b]", 9, "列表里只能是数字、文字或真假值"),
    ("a in [1 2]", 8, "要用逗号"),
    ("a in [1, 2", 10, "缺少与第6个字符的“[”配对的“]”"),
    ("a == not b", 5, "“not”要写在整个比较的前面"),
    ("and", 0, "此处应为字段、数字、文字或括号"),
])
def test_errors_name_the_problem_and_position(text, position, problem):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    error = caught.value
    assert error.position == position
    assert problem in error.problem
    where = "末尾" if position == len(text) else f"第{position + 1}个字符处"
    assert str(error) == f"条件“{text}”{where}：{error.problem}"


def test_the_documented_message():
    with pytest.raises(ExpressionError) as caught:
        parse("amount >> 5")
    assert str(caught.value) == "条件“amount >> 5”第9个字符处：无法识别的符号“>”"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_empty_is_an_error(text):
    with pytest.raises(ExpressionError, match="条件是空的"):
        parse(text)


def test_limits():
    ok = "a == " + '"' + "x" * 493 + '"'
    assert len(ok) == 500
    parse(ok)
    with pytest.raises(ExpressionError, match="条件太长：最多500个字符，现有501个"):
        parse(ok + " ")

    parse("(" * 32 + "a" + ")" * 32)
    with pytest.raises(ExpressionError, match="嵌套太深：最多32层") as caught:
        parse("(" * 33 + "a" + ")" * 33)
    assert caught.value.position == 32
    parse("not " * 32 + "a")
    with pytest.raises(ExpressionError, match="嵌套太深"):
        parse("not " * 33 + "a")
    with pytest.raises(ExpressionError, match="嵌套太深"):
        parse("(not " * 17 + "a" + ")" * 17)

    parse("a in [" + ",".join(["1"] * 100) + "]")
    with pytest.raises(ExpressionError, match="列表太长：最多100项") as caught:
        parse("a in [" + ",".join(["1"] * 101) + "]")
    assert caught.value.position == 6 + 2 * 100

    # a long flat chain is not nesting
    chain = " and ".join(["a"] * 80)
    assert parse(chain) == And((a,) * 80)


def test_nodes_refuse_what_the_parser_never_builds():
    for build in (lambda: Field("and"), lambda: Field("a..b"), lambda: Field("1a"),
                  lambda: Number(Decimal("NaN")), lambda: Number(5), lambda: And((a,)),
                  lambda: Or(()), lambda: Compare("=", a, b), lambda: Compare("==", a, ListOf(())),
                  lambda: ListOf((a,))):
        with pytest.raises(ValueError):
            build()


def test_fields_of():
    assert fields_of(parse("amount > 5 and (party.kind in ['a'] or not 状态 == a) or true")) == {
        "amount", "party.kind", "状态", "a"}
    assert fields_of(parse("1 == 1")) == frozenset()


# --- evaluation ---------------------------------------------------------------------------------

def test_precedence_decides_the_result():
    fields = {"a": True, "b": False, "c": False}
    assert evaluate("a or b and c", fields) is True
    assert evaluate("(a or b) and c", fields) is False
    assert evaluate("not a or a", fields) is True
    assert evaluate("not (a or a)", fields) is False
    assert evaluate("!b && (a || c)", fields) is True


def test_numbers_compare_as_decimals():
    assert evaluate("amount >= 1000000", {"amount": 1000000})
    assert evaluate("amount >= 1000000", {"amount": "1200000.00"})  # JSON money text
    assert evaluate("amount > 1000000", {"amount": Decimal("1000000.01")})
    assert not evaluate("amount > 1000000", {"amount": 999999.99})
    assert evaluate("amount == 0.1", {"amount": 0.1})  # the float's shortest text, not its binary
    assert evaluate("amount == 3", {"amount": Decimal("3.000")})
    assert evaluate("amount == '3'", {"amount": 3})  # numeric text beside a number is a number
    assert evaluate("rate < -0.5", {"rate": -1})


def test_text_compares_as_text_and_dates_as_iso_text():
    assert evaluate("状态 == “存续”", {"状态": "存续"})
    assert evaluate("状态 != '存续'", {"状态": "注销"})
    assert evaluate("code < \"10\"", {"code": "09"})
    assert evaluate("code > \"9\"", {"code": "10"}) is False  # text, not numbers
    assert evaluate("issued < '2026-10-01'", {"issued": "2026-02-13"})
    assert evaluate("issued >= '2026-10-01'", {"issued": dt.date(2026, 10, 1)})


def test_membership():
    kinds = "party.kind in [\"公司\", \"合伙\", 3]"
    assert evaluate(kinds, {"party": {"kind": "合伙"}})
    assert not evaluate(kinds, {"party": {"kind": "个体"}})
    assert evaluate(kinds, {"party": {"kind": 3}})
    assert evaluate(kinds, {"party.kind": "3"})  # a flat dotted key, numeric text meeting 3
    assert evaluate("x not in [1, 2]", {"x": 5})
    assert evaluate("x in tags", {"x": "急", "tags": ["急", "重"]})
    assert not evaluate("x in []", {"x": 1})
    assert not evaluate("x in [1]", {"x": None})
    assert evaluate("x in [true]", {"x": True})
    assert not evaluate("x in [1]", {"x": True})  # true is not the number 1


def test_short_circuit_like_the_words_say():
    assert evaluate("false and missing > 1", {}) is False
    assert evaluate("true or missing > 1", {}) is True


def test_empty_fields():
    assert evaluate("x == 1", {"x": None}) is False
    assert evaluate("x != 'a'", {"x": None}) is True
    with pytest.raises(ExpressionError, match="空值不能用“>”比较大小"):
        evaluate("x > 1", {"x": None})


@pytest.mark.parametrize("text, fields, problem", [
    ("xxx > 1", {}, "条件引用了未知字段“xxx”"),
    ("party.kind == 'a'", {"party": {}}, "条件引用了未知字段“party.kind”"),
    ("party.kind == 'a'", {"party": "公司"}, "条件引用了未知字段“party.kind”"),
    ("amount > 5", {"amount": "五万"}, "不能比较文字“五万”和数字“5”"),
    ("amount == 'abc'", {"amount": 5}, "不能比较数字“5”和文字“abc”"),
    ("flag == 1", {"flag": True}, "不能比较真和数字“1”"),
    ("flag < true", {"flag": False}, "真或假不能用“<”比较大小"),
    ("amount", {"amount": 5}, "条件的结果必须是真或假，却是数字“5”"),
    ("name", {"name": "张三"}, "条件的结果必须是真或假，却是文字“张三”"),
    ("a and 5 > 1", {"a": "yes"}, "“and”只能连接真或假，却遇到文字“yes”"),
    ("not a", {"a": 1}, "“not”只能连接真或假，却遇到数字“1”"),
    ("x in y", {"x": 1, "y": "123"}, "“in”的右边必须是列表，却是文字“123”"),
    ("x == y", {"x": [1], "y": [1]}, "列表不能用“==”比较，只能用在“in”或“not in”的右边"),
    ("x > 1", {"x": float("inf")}, "字段“x”的值“inf”不是有限的数"),
    ("x > 1", {"x": object()}, "字段“x”的值类型（object）不能用在条件里"),
])
def test_evaluation_errors_name_the_problem(text, fields, problem):
    with pytest.raises(ExpressionError) as caught:
        evaluate(text, fields)
    assert caught.value.problem == problem
    assert str(caught.value) == problem
    assert caught.value.position is None


def test_evaluate_takes_a_parsed_tree_and_expr_evaluate_gives_values():
    tree = parse("amount >= 10")
    assert evaluate(tree, {"amount": 11}) is True
    assert Field("amount").evaluate({"amount": 11}) == Decimal(11)
    assert parse("x").evaluate({"x": [1, "a"]}) == (Decimal(1), "a")


def test_check_for_editors():
    assert check("amount >= 1000000 and 状态 == “存续”") is None
    assert check("amount >> 5") == "条件“amount >> 5”第9个字符处：无法识别的符号“>”"
    assert check("amount and 5") == "条件“amount and 5”：此处需要真或假，却是数字“5”"
    assert check("'存续'") == "条件“'存续'”：此处需要真或假，却是文字“存续”"
    assert check("1 == 'a'") == "条件“1 == 'a'”：不能比较数字“1”和文字“a”"
    assert check("x < true") == "条件“x < true”：真或假不能用“<”比较大小"
    assert check("x") is None  # a yes/no field
    assert check("") == "条件是空的"


def test_the_module_never_evaluates_python():
    source = inspect.getsource(expr_module)
    assert not re.search(r"(?<![\w.])(eval|exec|compile|__import__)\(|literal_eval|import ast", source)


# --- properties: str() round trip ----------------------------------------------------------------

_ascii_name = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,5}", fullmatch=True)
_cjk_name = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=3)
_segment = st.one_of(_ascii_name, _cjk_name, st.sampled_from(sorted(KEYWORDS)))
field_names = st.lists(_segment, min_size=1, max_size=3).map(".".join).filter(lambda n: n not in KEYWORDS)

numbers = st.one_of(
    st.integers(-10**15, 10**15).map(Decimal),
    st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
).map(Number)
texts = st.text(max_size=12).map(Text)
booleans = st.booleans().map(Boolean)
literals = st.one_of(numbers, texts, booleans)
lists = st.lists(literals, max_size=5).map(lambda items: ListOf(tuple(items)))
leaves = st.one_of(literals, field_names.map(Field))


def _extend(children):
    return st.one_of(
        st.builds(Compare, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), children, children),
        st.builds(Compare, st.sampled_from(["in", "not in"]), children, st.one_of(lists, children)),
        st.builds(Not, children),
        st.lists(children, min_size=2, max_size=4).map(lambda xs: And(tuple(xs))),
        st.lists(children, min_size=2, max_size=4).map(lambda xs: Or(tuple(xs))),
    )


trees = st.recursive(leaves, _extend, max_leaves=20)


def _parse_or_reject(text):
    try:
        return parse(text)
    except ExpressionError as e:  # a legal tree can still be too long or too deep to type
        assume("太长" not in e.problem and "嵌套太深" not in e.problem)
        raise


def _field_names(node):
    if isinstance(node, Field):
        return {node.name}
    parts = {Compare: lambda n: (n.left, n.right), Not: lambda n: (n.operand,),
             And: lambda n: n.operands, Or: lambda n: n.operands}
    kids = parts.get(type(node), lambda n: ())(node)
    return set().union(*(_field_names(k) for k in kids)) if kids else set()


@settings(max_examples=400)
@given(trees)
def test_canonical_text_parses_back_to_the_same_tree(tree):
    text = str(tree)
    parsed = _parse_or_reject(text)
    assert parsed == tree
    assert str(parsed) == text
    assert fields_of(parsed) == _field_names(tree)


# --- properties: evaluation against a reference computed here -----------------------------------

_OPS = {"==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<": lambda x, y: x < y,
        "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}


def _quote(value: str, style: str) -> str:
    closing = {'"': '"', "'": "'", "“": "”"}[style]
    escaped = "".join("\\" + ch if ch in ("\\", closing) else ch for ch in value)
    return style + escaped + closing


@st.composite
def comparisons(draw, index):
    """(text, fields, expected): one comparison of field f<index> with a literal."""
    name = f"f{index}"
    kind = draw(st.sampled_from(["number", "text", "bool", "none"]))
    if kind == "number":
        exact = draw(st.decimals(min_value=-10**6, max_value=10**6, places=2))
        stored = draw(st.sampled_from(["int", "float", "decimal", "string"]))
        if stored == "int":
            exact = exact.to_integral_value()
            value = int(exact)
        elif stored == "float":
            value = float(exact)
            exact = Decimal(repr(value))
        elif stored == "decimal":
            value = exact
        else:
            value = format(exact, ".2f")  # as JSON money comes: "1200000.00"
        other = draw(st.one_of(st.just(exact), st.decimals(min_value=-10**6, max_value=10**6, places=2)))
        if draw(st.booleans()):
            op = draw(st.sampled_from(sorted(_OPS)))
            return f"{name} {op} {format(other, 'f')}", {name: value}, _OPS[op](exact, other)
        items = draw(st.lists(st.decimals(min_value=-100, max_value=100, places=1), max_size=4)) + [other]
        negate = draw(st.booleans())
        text = f"{name} {'not in' if negate else 'in'} [{', '.join(format(i, 'f') for i in items)}]"
        return text, {name: value}, (exact in items) != negate
    if kind == "text":
        alphabet = st.sampled_from(list("ab存续注销\"'“”\\ 0"))
        value = draw(st.text(alphabet, max_size=5))
        other = draw(st.one_of(st.just(value), st.text(alphabet, max_size=5)))
        op = draw(st.sampled_from(sorted(_OPS)))
        literal = _quote(other, draw(st.sampled_from(['"', "'", "“"])))
        return f"{name} {op} {literal}", {name: value}, _OPS[op](value, other)
    if kind == "bool":
        value, other = draw(st.booleans()), draw(st.booleans())
        op = draw(st.sampled_from(["==", "!="]))
        return f"{name} {op} {'true' if other else 'false'}", {name: value}, _OPS[op](value, other)
    op = draw(st.sampled_from(["==", "!="]))
    return f"{name} {op} 1", {name: None}, op == "!="


@st.composite
def conditions(draw, depth=0, counter=None):
    """(text, fields, expected) for a random and/or/not tree, fully bracketed."""
    counter = counter if counter is not None else [0]
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        counter[0] += 1
        return draw(comparisons(counter[0]))
    shape = draw(st.sampled_from(["and", "or", "not"]))
    if shape == "not":
        text, fields, expected = draw(conditions(depth + 1, counter))
        return f"{draw(st.sampled_from(['not ', '!']))}({text})", fields, not expected
    parts = [draw(conditions(depth + 1, counter)) for _ in range(draw(st.integers(2, 3)))]
    word = {"and": draw(st.sampled_from([" and ", " && "])), "or": draw(st.sampled_from([" or ", " || "]))}[shape]
    fields = {}
    for _, f, _ in parts:
        fields.update(f)
    results = [p[2] for p in parts]
    expected = all(results) if shape == "and" else any(results)
    return word.join(f"({p[0]})" for p in parts), fields, expected


@settings(max_examples=300)
@given(conditions())
def test_evaluate_agrees_with_the_reference(case):
    text, fields, expected = case
    assume(len(text) <= 500)
    assert evaluate(text, fields) is expected
    assert evaluate(parse(str(parse(text))), fields) is expected


@settings(max_examples=300)
@given(st.lists(st.booleans(), min_size=1, max_size=8), st.data())
def test_unbracketed_precedence_agrees_with_the_reference(values, data):
    """`not` binds tighter than `and`, `and` tighter than `or`: the reference groups by hand."""
    n = len(values)
    joins = data.draw(st.lists(st.sampled_from(["and", "or", "&&", "||"]), min_size=n - 1, max_size=n - 1))
    negations = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))  # how many `not`s
    terms = [("not " * k) + f"g{i}" for i, k in enumerate(negations)]
    truths = [v != (k % 2 == 1) for v, k in zip(values, negations)]
    groups = [[truths[0]]]
    for join, truth in zip(joins, truths[1:]):
        if join in ("or", "||"):
            groups.append([])
        groups[-1].append(truth)
    expected = any(all(group) for group in groups)
    text = terms[0] + "".join(f" {j} {t}" for j, t in zip(joins, terms[1:]))
    assert evaluate(text, {f"g{i}": v for i, v in enumerate(values)}) is expected


# --- properties: garbage and time ----------------------------------------------------------------

_fragments = st.sampled_from([
    "a", "b.c", "状态", "1", "-2", "3.5", "1.", "\"x", "\"y\"", "'z'", "“存续”", "”", "\\", "(", ")",
    "[", "]", ",", "==", "=", "!=", "!", "<", "<=", ">", ">=", "&&", "&", "||", "|", "and", "or",
    "not", "in", "true", "false", " ", ".", "-", "（", "\u3000", "\n", "@", "#", "_", "é",
])
garbage = st.one_of(st.text(max_size=80), st.lists(_fragments, max_size=40).map("".join))


@settings(max_examples=600)
@given(garbage)
def test_garbage_raises_only_expression_errors(text):
    try:
        tree = parse(text)
    except ExpressionError as e:
        assert e.position is None or 0 <= e.position <= len(text)
        assert check(text) is not None
        return
    fields = {name: draw_value for name, draw_value in zip(sorted(fields_of(tree)), [1, "x", True, None] * 50)}
    try:
        result = evaluate(tree, fields)
    except ExpressionError:
        return
    assert isinstance(result, bool)


_big_fragments = st.sampled_from(["a", "b.c", "1", "(", ")", "[", "]", ",", " == ", " and ", " or ",
                                  "not ", " in ", "\"", "'s'", "x" * 20, "“", "1.5"])


def _parse_seconds(text):
    expr_module._parse_cached.cache_clear()
    started = time.perf_counter()
    try:
        parse(text)
    except ExpressionError:
        pass
    return time.perf_counter() - started


@settings(max_examples=100, deadline=None)
@given(st.lists(_big_fragments, min_size=1, max_size=200).map(lambda xs: "".join(xs)[:500]))
def test_500_characters_parse_quickly(text):
    assert _parse_seconds(text) < 0.05


@pytest.mark.parametrize("text", [
    "(" * 250 + ")" * 250,
    "(" * 32 + "a" + ")" * 32 + " and a" * 70,
    "not " * 125,
    "!" * 500,
    "a and " * 83 + "a",
    "a&&" * 166 + "a",
    "x in [" + ",".join(["1"] * 100) + "]",
    "a == \"" + "x" * 492 + "\"",
    "a == \"" + "\\\"" * 246 + "\"",
    "[" * 500,
    "a." * 249 + "a",
    "状" * 500,
    "1" * 500,
])
def test_worst_cases_parse_quickly(text):
    assert len(text) <= 500
    assert _parse_seconds(text) < 0.05
