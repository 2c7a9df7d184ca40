"""The small condition language on a flow's condition edges, e.g. `amount >= 1000000 and party.kind in ["公司", "合伙"]`.

Administrators type these conditions, so they are parsed by a tokenizer and a recursive-descent
parser of our own -- never `eval` -- into an immutable tree that can be checked, shown and
evaluated against a form's fields.

Grammar (lowest precedence first):

    condition  := or
    or         := and (("or" | "||") and)*
    and        := not (("and" | "&&") not)*
    not        := ("not" | "!") not | comparison
    comparison := operand [("==" | "!=" | "<" | "<=" | ">" | ">=") operand]
                | operand ["not"] "in" (list | operand)
    operand    := number | string | "true" | "false" | field | "(" or ")"
    list       := "[" [literal ("," literal)*] "]"       -- only on the right of in / not in
    number     := ["-"] digits ["." digits]                 -- a Decimal
    string     := "..." | '...' | “...” | ‘...’               -- a backslash takes the next character as it is
    field      := name ("." name)*                          -- ASCII letters, digits, _ and CJK

Comparisons do not chain (`a < b < c` is an error: write `a < b and b < c`). Limits keep a
condition cheap to parse and to show: at most 500 characters, 32 levels of brackets and `not`,
100 items in a list.

Values: numbers compare as Decimal -- ints, floats, Decimals and numeric strings from JSON
("1200000.00") alike when the other side is a number; text compares as text (so ISO dates compare
as dates); true/false only with == and !=. Any other mix is an error, except inside `in`, where
an item of another kind simply does not match (lists may mix kinds: `x in [1, 2, "a"]`). A field
whose value is None (left empty) equals nothing but None, and cannot be ordered.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_LIST_ITEMS = 100

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")
MEMBERSHIPS = ("in", "not in")

_SHOWN_TEXT = 60  # longer conditions are cut short in messages (the position still points)


class ExpressionError(ValueError):
    """A condition that cannot be parsed or evaluated; the message is Chinese.

    `problem` is the bare complaint, `position` the 0-based character offset in `text` (None
    when the problem is found only while evaluating, where it is about values, not text).
    """

    def __init__(self, problem: str, *, text: str | None = None, position: int | None = None):
        self.problem = problem
        self.text = text
        self.position = position
        super().__init__(_message(problem, text, position))


def _message(problem: str, text: str | None, position: int | None) -> str:
    if text is None or position is None or not text.strip():
        return problem
    shown = text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "…"
    where = "末尾" if position >= len(text) else f"第{position + 1}个字符处"
    return f"条件“{shown}”{where}：{problem}"


# --- the tree -------------------------------------------------------------------------------

class Expr:
    """A node of a parsed condition. Immutable; `str()` gives canonical text that parses back."""

    __slots__ = ()

    def evaluate(self, fields: Mapping[str, Any]) -> Any:
        """The node's value over `fields`: a bool for conditions, else Decimal, str, bool, None or tuple."""
        raise NotImplementedError

    def children(self) -> tuple[Expr, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class Number(Expr):
    value: Decimal

    def __post_init__(self):
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise ValueError(f"Number needs a finite Decimal, got {self.value!r}")

    def evaluate(self, fields):
        return self.value

    def __str__(self):
        return format(self.value, "f")


@dataclass(frozen=True, slots=True)
class Text(Expr):
    value: str

    def evaluate(self, fields):
        return self.value

    def __str__(self):
        return '"' + self.value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True, slots=True)
class Boolean(Expr):
    value: bool

    def evaluate(self, fields):
        return self.value

    def __str__(self):
        return "true" if self.value else "false"


@dataclass(frozen=True, slots=True)
class ListOf(Expr):
    """A list literal; it stands only on the right of `in` / `not in`."""

    items: tuple[Number | Text | Boolean, ...]

    def __post_init__(self):
        if not all(isinstance(i, (Number, Text, Boolean)) for i in self.items):
            raise ValueError("ListOf holds only Number, Text and Boolean items")

    def evaluate(self, fields):
        return tuple(i.value for i in self.items)

    def children(self):
        return self.items

    def __str__(self):
        return "[" + ", ".join(str(i) for i in self.items) + "]"


@dataclass(frozen=True, slots=True)
class Field(Expr):
    """A form field by name; a dotted name reaches into nested mappings (`party.kind`)."""

    name: str

    def __post_init__(self):
        if not _is_field_name(self.name):
            raise ValueError(f"not a field name: {self.name!r}")

    def evaluate(self, fields):
        return _normalise(_lookup(fields, self.name), self.name)

    def __str__(self):
        return self.name


@dataclass(frozen=True, slots=True)
class Compare(Expr):
    op: str
    left: Expr
    right: Expr

    def __post_init__(self):
        if self.op not in COMPARISONS and self.op not in MEMBERSHIPS:
            raise ValueError(f"unknown comparison {self.op!r}")
        if isinstance(self.left, ListOf) or (isinstance(self.right, ListOf) and self.op not in MEMBERSHIPS):
            raise ValueError("a list stands only on the right of in / not in")

    def evaluate(self, fields):
        left = self.left.evaluate(fields)
        right = self.right.evaluate(fields)
        if self.op in MEMBERSHIPS:
            found = _contains(right, left, self.op)
            return found if self.op == "in" else not found
        return _compare(self.op, left, right)

    def children(self):
        return (self.left, self.right)

    def __str__(self):
        return f"{_operand_text(self.left)} {self.op} {_operand_text(self.right)}"


@dataclass(frozen=True, slots=True)
class Not(Expr):
    operand: Expr

    def evaluate(self, fields):
        return not _truth(self.operand.evaluate(fields), "not")

    def children(self):
        return (self.operand,)

    def __str__(self):
        inner = str(self.operand)
        return "not " + (f"({inner})" if isinstance(self.operand, (And, Or)) else inner)


@dataclass(frozen=True, slots=True)
class And(Expr):
    """Two or more conditions, all true; evaluated left to right, stopping at the first false."""

    operands: tuple[Expr, ...]

    def __post_init__(self):
        if len(self.operands) < 2:
            raise ValueError("And needs at least two operands")

    def evaluate(self, fields):
        return all(_truth(o.evaluate(fields), "and") for o in self.operands)

    def children(self):
        return self.operands

    def __str__(self):
        # a bracketed And inside an And stays a node of its own, so it keeps its brackets
        return " and ".join(f"({o})" if isinstance(o, (And, Or)) else str(o) for o in self.operands)


@dataclass(frozen=True, slots=True)
class Or(Expr):
    """Two or more conditions, any true; evaluated left to right, stopping at the first true."""

    operands: tuple[Expr, ...]

    def __post_init__(self):
        if len(self.operands) < 2:
            raise ValueError("Or needs at least two operands")

    def evaluate(self, fields):
        return any(_truth(o.evaluate(fields), "or") for o in self.operands)

    def children(self):
        return self.operands

    def __str__(self):
        return " or ".join(f"({o})" if isinstance(o, Or) else str(o) for o in self.operands)


def _operand_text(node: Expr) -> str:
    text = str(node)
    return f"({text})" if isinstance(node, (Compare, Not, And, Or)) else text


# --- the public functions -----------------------------------------------------------------

def parse(text: str) -> Expr:
    """The tree of a condition; ExpressionError (Chinese, with the position) if it is not one."""
    if not isinstance(text, str):
        raise ExpressionError("条件必须是文字")
    return _parse_cached(text)


@functools.lru_cache(maxsize=1024)  # flows evaluate the same few conditions over and over
def _parse_cached(text: str) -> Expr:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"条件太长：最多{MAX_LENGTH}个字符，现有{len(text)}个")
    return _Parser(text).parse()


def evaluate(condition: str | Expr, fields: Mapping[str, Any]) -> bool:
    """Whether the condition holds over the fields; a condition must come out true or false."""
    expr = parse(condition) if isinstance(condition, str) else condition
    try:
        result = expr.evaluate(fields)
    except ExpressionError as e:
        raise ExpressionError(e.problem, text=str(expr)) from None
    if not isinstance(result, bool):
        raise ExpressionError(f"条件的结果必须是真或假，却是{_describe(result)}", text=str(expr))
    return result


def fields_of(expr: Expr) -> frozenset[str]:
    """The names of the fields a condition reads (as written, dotted names whole)."""
    names: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Field):
            names.add(node.name)
        stack.extend(node.children())
    return frozenset(names)


def check(text: str) -> str | None:
    """The Chinese problem with a condition as typed, or None if it is a well-formed condition.

    Beyond parsing, catches what is wrong whatever the fields hold: a number, text or list where
    true/false is needed (`amount and 5`), ordering true/false, comparing two literals of
    different kinds.
    """
    try:
        expr = parse(text)
    except ExpressionError as e:
        return str(e)
    problem = _static_problem(expr, needs_truth=True)
    return f"条件“{_shown(text)}”：{problem}" if problem else None


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN_TEXT else text[:_SHOWN_TEXT] + "…"


def _static_problem(node: Expr, *, needs_truth: bool) -> str | None:
    if needs_truth and isinstance(node, (Number, Text, ListOf)):
        return f"此处需要真或假，却是{_describe(node.evaluate({}))}"
    if isinstance(node, (And, Or, Not)):
        for child in node.children():
            problem = _static_problem(child, needs_truth=True)
            if problem:
                return problem
        return None
    if isinstance(node, Compare):
        for child in (node.left, node.right):
            problem = _static_problem(child, needs_truth=False)
            if problem:
                return problem
        constants = (Number, Text, Boolean)
        if node.op in COMPARISONS and isinstance(node.left, constants) and isinstance(node.right, constants):
            try:
                _compare(node.op, node.left.value, node.right.value)
            except ExpressionError as e:
                return e.problem
        elif node.op in COMPARISONS and node.op not in ("==", "!=") and (
                isinstance(node.left, Boolean) or isinstance(node.right, Boolean)):
            return f"真或假不能用“{node.op}”比较大小"
        return None
    return None


# --- values ---------------------------------------------------------------------------------

_MISSING = object()
_NUMERIC_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _lookup(fields: Mapping[str, Any], name: str) -> Any:
    value = fields.get(name, _MISSING) if isinstance(fields, Mapping) else _MISSING
    if value is _MISSING and "." in name:
        value = fields
        for part in name.split("."):
            value = value.get(part, _MISSING) if isinstance(value, Mapping) else _MISSING
            if value is _MISSING:
                break
    if value is _MISSING:
        raise ExpressionError(f"条件引用了未知字段“{name}”")
    return value


def _normalise(value: Any, name: str) -> Any:
    """A field's value as the language sees it: Decimal, str, bool, None or a tuple of those."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, (float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise ExpressionError(f"字段“{name}”的值“{value}”不是有限的数")
        return number
    if isinstance(value, (dt.date, dt.datetime)):  # ISO text, so dates compare as text does
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(_normalise(v, name) for v in value)
    raise ExpressionError(f"字段“{name}”的值类型（{type(value).__name__}）不能用在条件里")


def _kind(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, Decimal):
        return "数字"
    if isinstance(value, str):
        return "文字"
    return "列表"


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "真" if value else "假"
    if isinstance(value, Decimal):
        return f"数字“{format(value, 'f')}”"
    if isinstance(value, str):
        return f"文字“{value if len(value) <= 20 else value[:20] + '…'}”"
    return "列表"


def _truth(value: Any, op: str) -> bool:
    if not isinstance(value, bool):
        raise ExpressionError(f"“{op}”只能连接真或假，却遇到{_describe(value)}")
    return value


def _as_number(text: str) -> Decimal | None:
    return Decimal(text) if _NUMERIC_TEXT.fullmatch(text.strip()) else None


def _comparable(left: Any, right: Any) -> tuple[Any, Any] | None:
    """The two values made comparable (numeric text beside a number becomes a number), or None."""
    if isinstance(left, bool) or isinstance(right, bool):
        return (left, right) if isinstance(left, bool) and isinstance(right, bool) else None
    if isinstance(left, Decimal) and isinstance(right, Decimal):
        return left, right
    if isinstance(left, str) and isinstance(right, str):
        return left, right
    if isinstance(left, Decimal) and isinstance(right, str):
        number = _as_number(right)
        return None if number is None else (left, number)
    if isinstance(left, str) and isinstance(right, Decimal):
        number = _as_number(left)
        return None if number is None else (number, right)
    return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        if op in ("==", "!="):
            return (left is right) == (op == "==")
        raise ExpressionError(f"空值不能用“{op}”比较大小（字段没有填写）")
    if isinstance(left, tuple) or isinstance(right, tuple):
        raise ExpressionError(f"列表不能用“{op}”比较，只能用在“in”或“not in”的右边")
    pair = _comparable(left, right)
    if pair is None:
        raise ExpressionError(f"不能比较{_describe(left)}和{_describe(right)}")
    a, b = pair
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    if isinstance(a, bool):
        raise ExpressionError(f"真或假不能用“{op}”比较大小")
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


def _contains(items: Any, value: Any, op: str) -> bool:
    if not isinstance(items, tuple):
        raise ExpressionError(f"“{op}”的右边必须是列表，却是{_describe(items)}")
    if isinstance(value, tuple):
        raise ExpressionError(f"“{op}”的左边不能是列表")
    for item in items:
        if item is None or value is None:
            if item is value:
                return True
            continue
        pair = _comparable(value, item)
        if pair is not None and pair[0] == pair[1]:
            return True
    return False


# --- the tokenizer ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "string", "name", "keyword", "op", "end"
    text: str  # for op and keyword: the canonical spelling; for name: the name
    position: int
    value: Any = None  # Decimal for numbers, str for strings


_OPERATORS = {"==": "==", "!=": "!=", "<=": "<=", ">=": ">=", "&&": "and", "||": "or",
              "<": "<", ">": ">", "!": "not", "(": "(", ")": ")", "[": "[", "]": "]", ",": ","}
_CLOSING_QUOTE = {'"': '"', "'": "'", "“": "”", "‘": "’"}


def _unknown_symbol(ch: str) -> str:
    # an input method easily gives （ ） ， ＝ ＞ instead of ( ) , = >: say which one was meant
    half = unicodedata.normalize("NFKC", ch)
    if half != ch and (half in _OPERATORS or half in _MEANT):
        return f"无法识别的符号“{ch}”（请改用半角的“{half}”）"
    if ch in _MEANT:
        return f"无法识别的符号“{ch}”（{_MEANT[ch]}）"
    return f"无法识别的符号“{ch}”"


_MEANT = {"=": "比较相等请用“==”", "&": "“并且”请用“and”或“&&”", "|": "“或者”请用“or”或“||”"}


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3134F)


def _name_start(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch == "_" or _is_cjk(ch)


def _name_char(ch: str) -> bool:
    return _name_start(ch) or ("0" <= ch <= "9")


def _is_field_name(name: str) -> bool:
    if not isinstance(name, str) or name in KEYWORDS:
        return False
    parts = name.split(".")
    return all(p and _name_start(p[0]) and all(_name_char(c) for c in p) for p in parts)


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif "0" <= ch <= "9" or (ch == "-" and i + 1 < n and "0" <= text[i + 1] <= "9"):
            start = i
            i += 1
            while i < n and "0" <= text[i] <= "9":
                i += 1
            if i < n and text[i] == ".":
                i += 1
                if not (i < n and "0" <= text[i] <= "9"):
                    raise ExpressionError(f"数字“{text[start:i]}”不完整：小数点后面要有数字",
                                          text=text, position=start)
                while i < n and "0" <= text[i] <= "9":
                    i += 1
            if i < n and (_name_char(text[i]) or text[i] == "."):
                raise ExpressionError(f"数字“{text[start:i + 1]}”写法不对", text=text, position=start)
            tokens.append(_Token("number", text[start:i], start, Decimal(text[start:i])))
        elif _name_start(ch):
            start = i
            while True:
                while i < n and _name_char(text[i]):
                    i += 1
                if i + 1 < n and text[i] == "." and _name_start(text[i + 1]):
                    i += 1
                    continue
                break
            if i < n and text[i] == ".":
                raise ExpressionError(f"字段名“{text[start:i + 1]}”不完整：点后面要有名字",
                                      text=text, position=i)
            word = text[start:i]
            tokens.append(_Token("keyword" if word in KEYWORDS else "name", word, start))
        elif ch in _CLOSING_QUOTE:
            start, closing = i, _CLOSING_QUOTE[ch]
            i += 1
            chars: list[str] = []
            while i < n and text[i] != closing:
                if text[i] == "\\" and i + 1 < n:
                    i += 1
                chars.append(text[i])
                i += 1
            if i >= n:
                raise ExpressionError(f"文字缺少结束的引号“{closing}”", text=text, position=start)
            i += 1
            tokens.append(_Token("string", text[start:i], start, "".join(chars)))
        else:
            pair = text[i:i + 2]
            op = pair if pair in _OPERATORS else ch if ch in _OPERATORS else None
            if op is None:
                raise ExpressionError(_unknown_symbol(ch), text=text, position=i)
            i += len(op)
            spelled = _OPERATORS[op]
            # `>>`, `<>`, `===`, `=<`: a second comparison character right after a comparison
            if spelled in COMPARISONS and i < n and text[i] in "<>=":
                raise ExpressionError(f"无法识别的符号“{text[i]}”", text=text, position=i)
            tokens.append(_Token("keyword" if spelled in ("and", "or", "not") else "op",
                                 spelled, i - len(op)))
    tokens.append(_Token("end", "", n))
    return tokens


# --- the parser --------------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    # helpers

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def _peek(self, ahead: int = 1) -> _Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def _at(self, *spellings: str) -> bool:
        return self.token.kind in ("op", "keyword") and self.token.text in spellings

    def _advance(self) -> _Token:
        token = self.token
        self.index += 1
        return token

    def _error(self, problem: str, token: _Token | None = None) -> ExpressionError:
        return ExpressionError(problem, text=self.text, position=(token or self.token).position)

    def _shown(self, token: _Token) -> str:
        return self.text[token.position:token.position + 20] if token.kind == "string" else token.text

    def _nest(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._error(f"括号和“not”嵌套太深：最多{MAX_DEPTH}层", token)

    # grammar

    def parse(self) -> Expr:
        if self.token.kind == "end":
            raise ExpressionError("条件是空的", text=self.text, position=0)
        expr = self._or()
        if self.token.kind != "end":
            token = self.token
            if token.kind == "op" and token.text == ")":
                raise self._error("多余的右括号“)”")
            if token.kind == "op" and token.text in COMPARISONS or self._at("in") or (
                    self._at("not") and self._peek().kind == "keyword" and self._peek().text == "in"):
                raise self._error("比较不能连写，请用“and”连接两个比较，或加括号")
            raise self._error(f"多余的内容“{self._shown(token)}”：两个条件之间缺少“and”或“or”？")
        return expr

    def _or(self) -> Expr:
        operands = [self._and()]
        while self._at("or"):
            self._advance()
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _and(self) -> Expr:
        operands = [self._not()]
        while self._at("and"):
            self._advance()
            operands.append(self._not())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _not(self) -> Expr:
        if self._at("not"):
            token = self._advance()
            self._nest(token)
            operand = self._not()
            self.depth -= 1
            return Not(operand)
        return self._comparison()

    def _comparison(self) -> Expr:
        left = self._operand()
        if self.token.kind == "op" and self.token.text in COMPARISONS:
            op = self._advance().text
            return Compare(op, left, self._operand())
        if self._at("in"):
            self._advance()
            return Compare("in", left, self._operand(list_allowed=True))
        if self._at("not") and self._peek().kind == "keyword" and self._peek().text == "in":
            self._advance()
            self._advance()
            return Compare("not in", left, self._operand(list_allowed=True))
        return left

    def _operand(self, *, list_allowed: bool = False) -> Expr:
        token = self.token
        if token.kind == "number":
            self._advance()
            return Number(token.value)
        if token.kind == "string":
            self._advance()
            return Text(token.value)
        if token.kind == "name":
            self._advance()
            return Field(token.text)
        if self._at("true", "false"):
            self._advance()
            return Boolean(token.text == "true")
        if self._at("("):
            self._advance()
            self._nest(token)
            inner = self._or()
            self.depth -= 1
            if not self._at(")"):
                raise self._error(f"缺少与第{token.position + 1}个字符的“(”配对的“)”")
            self._advance()
            return inner
        if self._at("["):
            if not list_allowed:
                raise self._error("列表只能用在“in”或“not in”的右边")
            return self._list()
        if token.kind == "end":
            raise self._error("条件不完整，缺少要比较的值")
        if self._at("not"):
            raise self._error("“not”要写在整个比较的前面（如 not a == b），或加括号")
        raise self._error(f"此处应为字段、数字、文字或括号，却是“{self._shown(token)}”")

    def _list(self) -> ListOf:
        opening = self._advance()
        items: list[Number | Text | Boolean] = []
        if self._at("]"):
            self._advance()
            return ListOf(())
        while True:
            token = self.token
            if token.kind == "number":
                items.append(Number(token.value))
            elif token.kind == "string":
                items.append(Text(token.value))
            elif self._at("true", "false"):
                items.append(Boolean(token.text == "true"))
            elif token.kind == "end":
                raise self._error(f"缺少与第{opening.position + 1}个字符的“[”配对的“]”")
            else:
                raise self._error(f"列表里只能是数字、文字或真假值，却是“{self._shown(token)}”")
            if len(items) > MAX_LIST_ITEMS:
                raise self._error(f"列表太长：最多{MAX_LIST_ITEMS}项")
            self._advance()
            if self._at(","):
                self._advance()
                continue
            if self._at("]"):
                self._advance()
                return ListOf(tuple(items))
            if self.token.kind == "end":
                raise self._error(f"缺少与第{opening.position + 1}个字符的“[”配对的“]”")
            raise self._error(f"列表的各项之间要用逗号“,”隔开，却是“{self._shown(self.token)}”")
