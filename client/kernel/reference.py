"""Read-only reference data shipped in resources/reference/*.json.

Each file is ``{"source": "...", "items": [...]}``; the loaders turn items into frozen
dataclasses and cache them for the life of the process (the files never change at run
time). Lookups by code raise KeyError for unknown codes: a code that is not in the
reference data is a data error, not something to paper over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from client.kernel.paths import resource_path


@dataclass(frozen=True, slots=True)
class District:
    code: str  # GB/T 2260, e.g. "440106"; the city itself is "440100"
    name: str  # "天河区" / "广州市"
    short_name: str  # "天河"
    level: str  # "city" | "district"
    bureau_name: str  # "天河分局" (the city: "广州市市场监督管理局")
    authority_name: str  # registration authority on licences: "广州市天河区市场监督管理局"
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class Office:
    code: str  # "<district code>-<2 digits>", e.g. "440106-05"
    name: str  # "天河分局石牌工商所"
    short_name: str  # "石牌所"
    place: str  # the street / town it is named after: "石牌"
    district_code: str


@dataclass(frozen=True, slots=True)
class EntityKind:
    code: str
    name: str  # as printed in the licence's 类型 item
    group: str  # 内资 | 外资 | 私营 | 个体
    uscc_category: str  # USCC position 2: "1" enterprise, "2" individual, "3" cooperative
    is_individual: bool
    is_branch: bool
    is_legal_person: bool
    licence_layout: str  # "company" | "individual"
    capital_required: bool  # registered capital (注册资本) must be given
    capital_label: str | None  # 注册资本 / 出资额 / 成员出资总额; None: no amount printed
    representative_label: str  # 法定代表人 / 负责人 / 投资人 / 执行事务合伙人 / 经营者


@dataclass(frozen=True, slots=True)
class Industry:
    code: str  # section letter "F" or 2-digit division "52" (GB/T 4754-2017)
    name: str
    level: str  # "section" | "division"
    section: str  # the section letter (itself for a section)
    name_words: tuple[str, ...]  # words stating this industry in an enterprise name


@dataclass(frozen=True, slots=True)
class ForbiddenWord:
    word: str
    reason: str  # shown as 名称不得含有“word”（reason）
    basis: str  # the regulation it comes from
    exceptions: tuple[str, ...] = ()  # longer strings where the word is not meant


@dataclass(frozen=True, slots=True)
class OrganisationForm:
    form: str  # "有限公司", "店", "合伙企业（有限合伙）"
    kinds: str  # company | branch | partnership | cooperative | any
    industry: str | None  # division code when the form states the industry (酒家 -> "62")


def _items(filename: str) -> list[dict[str, Any]]:
    return _load(filename)["items"]


@cache
def _load(filename: str) -> dict[str, Any]:
    with resource_path("reference", filename).open(encoding="utf-8") as f:
        return json.load(f)


def _index(items: tuple, what: str) -> dict[str, Any]:
    index = {item.code: item for item in items}
    if len(index) != len(items):
        raise ValueError(f"duplicate codes in reference data: {what}")
    return index


# --- districts and offices -----------------------------------------------------------

@cache
def districts() -> tuple[District, ...]:
    """The city bureau (440100) first, then the 11 districts in code order."""
    return tuple(District(**d) for d in _items("districts.json"))


@cache
def _districts_by_code() -> dict[str, District]:
    return _index(districts(), "districts")


def district(code: str) -> District:
    return _districts_by_code()[code]


@cache
def offices() -> tuple[Office, ...]:
    return tuple(Office(**o) for o in _items("offices.json"))


@cache
def _offices_by_code() -> dict[str, Office]:
    return _index(offices(), "offices")


def office(code: str) -> Office:
    return _offices_by_code()[code]


@cache
def offices_of(district_code: str) -> tuple[Office, ...]:
    """Offices of one district bureau (empty for the city code: it has none of its own)."""
    return tuple(o for o in offices() if o.district_code == district_code)


# --- entity kinds --------------------------------------------------------------------

@cache
def entity_kinds() -> tuple[EntityKind, ...]:
    return tuple(EntityKind(**k) for k in _items("entity_kinds.json"))


@cache
def _kinds_by_code() -> dict[str, EntityKind]:
    return _index(entity_kinds(), "entity kinds")


def entity_kind(code: str) -> EntityKind:
    return _kinds_by_code()[code]


# --- industries ----------------------------------------------------------------------

@cache
def industries() -> tuple[Industry, ...]:
    """Sections A–T, each followed by the divisions we carry for it."""
    return tuple(
        Industry(**{**i, "name_words": tuple(i["name_words"])}) for i in _items("industries.json")
    )


@cache
def _industries_by_code() -> dict[str, Industry]:
    return _index(industries(), "industries")


def industry(code: str) -> Industry:
    return _industries_by_code()[code]


@cache
def generic_industry_words() -> tuple[str, ...]:
    """Words like 实业, 发展 that sit where the industry goes but name no industry."""
    return tuple(_load("industries.json")["generic_name_words"])


# --- names ---------------------------------------------------------------------------

@cache
def forbidden_name_words() -> tuple[ForbiddenWord, ...]:
    return tuple(
        ForbiddenWord(**{**w, "exceptions": tuple(w.get("exceptions", ()))})
        for w in _items("forbidden_name_words.json")
    )


@cache
def organisation_forms() -> tuple[OrganisationForm, ...]:
    return tuple(OrganisationForm(**f) for f in _items("organisation_forms.json"))
