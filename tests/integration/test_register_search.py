"""The register's search and paging, on SQLite and PostgreSQL, against a brute-force oracle.

A few thousand demo entities are loaded once per dialect; every answer of RegisterQuery is
compared with the same question answered in Python over all rows. The anchors are rebuilt with
a small odd bucket size so that a few thousand rows make many buckets (and page boundaries
fall inside them).
"""
from __future__ import annotations

import datetime as dt
import random

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.db.engine import make_engine
from client.kernel.models import MarketEntity
from client.demo import populate
from client.kernel import pinyin
from client.kernel.roles import Principal, Role
from client.kernel import name_index as register_index
from client.registration import search as register_search
from client.registration.search import (SORTS, EntityFilter, RegisterQuery, entity_detail, initials_prefixes,
    interpret)

ENTITIES = 3000
BUCKET = 97

CITY = Principal("u-city", "city", "市局", frozenset({Role.REVIEWER}), None, None)


def office_principal(office_code: str) -> Principal:
    return Principal("u-office", "clerk", "所", frozenset({Role.CLERK}), office_code, None)


def district_principal(district_code: str) -> Principal:
    return Principal("u-district", "district", "分局", frozenset({Role.REVIEWER}), None, district_code)


COLUMNS = ("id", "row_no", "uscc", "name", "name_key", "name_initials", "kind_code", "state",
           "legal_rep", "district_code", "office_code", "established_on")


def all_rows(engine: sa.Engine) -> list[dict]:
    m = MarketEntity.__table__.c
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(*[m[c] for c in COLUMNS]))]


def sort_key(sort: str):
    if sort == "row_no":
        return lambda r: (r["row_no"],)
    if sort == "name":
        return lambda r: (r["name_key"], r["row_no"])
    if sort == "established_on":
        return lambda r: (r["established_on"], r["row_no"])
    return lambda r: (r["uscc"] is not None, r["uscc"] or "", r["row_no"])  # NULLs first


def expected(rows: list[dict], keep=lambda r: True, sort: str = "row_no", descending: bool = False) -> list[int]:
    return [r["row_no"] for r in sorted(filter(keep, rows), key=sort_key(sort), reverse=descending)]


def row_nos(page) -> list[int]:
    return [r.row_no for r in page]


def everything(q: RegisterQuery, page: int = 50) -> list[int]:
    out: list[int] = []
    while True:
        got = q.page_at(len(out), page)
        out += row_nos(got)
        if len(got) < page:
            return out


# ------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module", params=[
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
])
def register(request, tmp_path_factory):
    """(engine, rows): a populated register shared by the read-only tests of one dialect."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('register') / 'central.db'}"
        cleanup = None
    else:
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.create_database()
        url = cluster.url(name)
        cleanup = lambda: cluster.drop_database(name)  # noqa: E731
    engine = make_engine(url)
    populate(engine, entities=ENTITIES, seed=7)
    with engine.begin() as conn:
        register_index.rebuild_anchors(conn, bucket_size=BUCKET)
    yield engine, all_rows(engine)
    engine.dispose()
    if cleanup:
        cleanup()


@pytest.fixture(params=["index", "scan"], ids=["via-index", "via-scan"])
def plan(request, monkeypatch):
    """Run a search test both ways a criterion is answered: fetching its hits through the index
    (few hits) and scanning the list in order testing each row (many hits), with a window short
    enough that some pages are not found in it and come from the index after all."""
    if request.param == "scan":
        monkeypatch.setattr(register_search, "SMALL", 40)
        monkeypatch.setattr(register_search, "SCAN_WINDOW", 150)
        # fragment lists in register order reached through their hits' bands, short ones
        monkeypatch.setattr(register_search, "FTS_DIRECT", 60)
        monkeypatch.setattr(register_search, "ROW_BAND_SHIFT", 7)
    return request.param


# ---------------------------------------------------------------------------- the search box


def test_the_search_box_tells_codes_initials_and_fragments_apart():
    assert interpret(" 9144 0106 3xxx").kind == "code_prefix"
    assert interpret("gzhs") == interpret("GZHS") and interpret("gzhs").kind == "initials"
    assert interpret("g").kind == "none" and interpret("   ").kind == "none"
    assert interpret("华盛").kind == "fragment" and interpret("华").kind == "fragment"
    assert interpret("华" * 101).kind == "nothing"


def test_exact_code_in_any_case_and_spacing(register, plan):
    engine, rows = register
    target = random.Random(1).choice(rows)
    for typed in (target["uscc"], target["uscc"].lower(), " ".join(target["uscc"]), f"  {target['uscc']}\t"):
        assert row_nos(RegisterQuery(engine, CITY, EntityFilter(text=typed)).first_page()) == [target["row_no"]]


@pytest.mark.parametrize("length", [1, 2, 3, 4])
def test_name_fragments_find_exactly_the_names_containing_them(register, plan, length):
    engine, rows = register
    rng = random.Random(length)
    fragments = []
    for r in rng.sample(rows, 12):
        name = r["name"]
        i = rng.randrange(0, len(name) - length + 1)
        fragments.append(name[i:i + length])
    fragments += ["龘" * length, ("华盛科技")[:length]]
    office = rows[0]["office_code"]
    for frag in fragments:
        q = RegisterQuery(engine, CITY, EntityFilter(text=frag))
        want = expected(rows, lambda r: frag in r["name"] or r["legal_rep"] == frag)
        assert q.count() == len(want), frag
        assert everything(q, 200) == want, frag
        in_office = RegisterQuery(engine, CITY, EntityFilter(text=frag, office_code=office), "name", True)
        assert everything(in_office, 30) == expected(
            rows, lambda r: (frag in r["name"] or r["legal_rep"] == frag) and r["office_code"] == office, "name", True)


@pytest.mark.parametrize("sort", ["name", "row_no"])
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_city_wide_fragment_lists_are_exact_at_any_position(register, plan, sort, descending):
    """Name order or register order, a fragment's list is the same from the top and from any
    position a scroll bar jumps to (on SQLite, via the scan plan: through the bands of the
    pair index, legal representatives of that name merged in)."""
    engine, rows = register
    rng = random.Random(3)
    person = next(r["legal_rep"] for r in rows if r["legal_rep"] not in r["name"])
    routes = set()
    for frag in ("有限", "公", "科技", person, "广州市", "龘"):
        want = expected(rows, lambda r: frag in r["name"] or r["legal_rep"] == frag, sort, descending)
        q = RegisterQuery(engine, CITY, EntityFilter(text=frag), sort, descending)
        assert everything(q, 70) == want, frag
        routes.add(q.route)
        for offset in [0, 1, 59, 61, len(want) // 2, max(0, len(want) - 5)] + [
                rng.randrange(max(1, len(want))) for _ in range(4)]:
            fresh = RegisterQuery(engine, CITY, EntityFilter(text=frag), sort, descending)
            assert row_nos(fresh.page_at(offset, 25)) == want[offset:offset + 25], (frag, offset)
            routes.add(fresh.route)
    if plan == "scan" and (engine.dialect.name == "sqlite" or sort == "name"):
        assert "name-bands" in routes


def test_pinyin_initials_find_names_by_their_prefix(register, plan):
    engine, rows = register
    probe = next(r for r in rows if r["name"].startswith("广州") and not r["name"].startswith("广州市"))
    for typed in (probe["name_initials"][:4], probe["name_initials"][2:5].upper()):
        prefixes = initials_prefixes(typed.lower())
        want = expected(rows, lambda r: any(r["name_initials"].startswith(p) for p in prefixes))
        q = RegisterQuery(engine, CITY, EntityFilter(text=typed))
        assert probe["row_no"] in want
        assert everything(q) == want


def test_legal_representative_from_the_box_and_from_its_own_field(register, plan):
    engine, rows = register
    person = random.Random(3).choice(rows)["legal_rep"]
    want = expected(rows, lambda r: r["legal_rep"] == person or person in r["name"])
    assert everything(RegisterQuery(engine, CITY, EntityFilter(text=person))) == want
    exact = expected(rows, lambda r: r["legal_rep"] == person)
    assert everything(RegisterQuery(engine, CITY, EntityFilter(legal_rep=f" {person} "))) == exact


def test_filters_combine(register, plan):
    engine, rows = register
    some = rows[0]
    f = EntityFilter(kind_codes=("9600", "1130"), states=("active", "revoked"), district_code=some["district_code"],
                     established_from=dt.date(2015, 1, 1), established_to=dt.date(2024, 12, 31))
    want = expected(rows, lambda r: r["kind_code"] in f.kind_codes and r["state"] in f.states
                    and r["district_code"] == f.district_code
                    and f.established_from <= r["established_on"] <= f.established_to, "name")
    q = RegisterQuery(engine, CITY, f, "name")
    assert q.count() == len(want) > 0
    assert everything(q) == want
    prefix = some["uscc"][:8]
    by_prefix = RegisterQuery(engine, CITY, EntityFilter(text=prefix.lower(), states=("active",)), "uscc", True)
    assert everything(by_prefix) == expected(
        rows, lambda r: r["uscc"].startswith(prefix) and r["state"] == "active", "uscc", True)
    office = RegisterQuery(engine, CITY, EntityFilter(office_code=some["office_code"]), "established_on", True)
    assert everything(office) == expected(rows, lambda r: r["office_code"] == some["office_code"],
                                          "established_on", True)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_every_sort_is_the_sorted_register_and_pages_are_its_slices(register, sort, descending):
    engine, rows = register
    want = expected(rows, sort=sort, descending=descending)
    q = RegisterQuery(engine, CITY, EntityFilter(), sort, descending)
    assert q.count() == len(want) == ENTITIES
    for offset in (0, 1, BUCKET - 1, BUCKET, len(want) // 2, len(want) // 2 + 13, len(want) - 50, len(want) - 7):
        assert row_nos(q.page_at(offset, 50)) == want[offset:offset + 50], offset
    assert q.page_at(len(want), 50) == [] and q.page_at(len(want) + 10**6, 50) == []
    # a filtered list of the same sort: keyset from positions seen, then OFFSET
    active = expected(rows, lambda r: r["state"] == "active", sort, descending)
    fq = RegisterQuery(engine, CITY, EntityFilter(states=("active",)), sort, descending)
    assert everything(fq, 333) == active
    assert row_nos(RegisterQuery(engine, CITY, EntityFilter(states=("active",)), sort, descending)
                   .page_at(len(active) // 2, 40)) == active[len(active) // 2:len(active) // 2 + 40]


def test_pinyin_keys_read_words_and_keep_ascii():
    assert pinyin.initials("广州华盛") == "gzhs"
    assert pinyin.sort_key("广州华盛") == "guang0zhou0hua0sheng0"
    assert pinyin.syllables("重庆银行长城绿色") == ["chong", "qing", "yin", "hang", "chang", "cheng", "lv", "se"]
    assert pinyin.initials("ＡＢＣ（广州）3D打印") == "abcgz3ddy"
    assert pinyin.keys("") == ("", "")
    assert len(pinyin.sort_key("广" * 100)) <= 400 and len(pinyin.initials("广" * 200)) <= 100


def test_names_sort_in_pinyin_order(register):
    engine, _rows = register
    names = [r.name for r in RegisterQuery(engine, CITY, EntityFilter(text="gz"), "name").first_page(200)]
    keys = [pinyin.sort_key(n) for n in names]
    assert keys == sorted(keys)
    assert pinyin.sort_key("阿姨") < pinyin.sort_key("爱") < pinyin.sort_key("广州") < pinyin.sort_key("中山")


def test_jurisdiction_limits_what_a_principal_sees(register):
    engine, rows = register
    office = rows[5]["office_code"]
    district = rows[5]["district_code"]
    for principal, keep in (
        (office_principal(office), lambda r: r["office_code"] == office),
        (district_principal(district), lambda r: r["district_code"] == district),
    ):
        for sort in SORTS:
            want = expected(rows, keep, sort)
            q = RegisterQuery(engine, principal, EntityFilter(), sort)
            assert q.count() == len(want)
            assert everything(q, 77) == want
            assert row_nos(q.page_at(len(want) // 2, 30)) == want[len(want) // 2:len(want) // 2 + 30]
        # a filter cannot widen the jurisdiction
        other = next(r for r in rows if not keep(r))
        assert RegisterQuery(engine, principal, EntityFilter(text=other["uscc"])).first_page() == []
        assert RegisterQuery(engine, principal, EntityFilter(office_code=other["office_code"])).count() == 0
        with Session(engine) as session:
            assert entity_detail(session, principal, other["id"]) is None
            assert entity_detail(session, principal, rows[5]["id"]).row.row_no == rows[5]["row_no"]


HOSTILE = [
    "%", "_", "%%", "'", "''", "' OR 1=1 --", "'; DROP TABLE market_entity; --", "--", ";", "\\", "\\%",
    '"', '""', "*", "广*", '"广州"', "广州 OR 华盛", "NEAR(广州 华盛)", "广州 AND", "(", ")", ":", "name:广州", "^广",
    "\x00", "广\x00州", "\u200b", "\ud800", "\x1b[31m", "\t\n\r", "ＡＢＣ", "x" * 10_000, "广" * 10_000,
    "🙂", "𠀀", "ÉÈ", "%广州%", "广州_", "91440106%", "9" * 18, "9" * 40, "_" * 18,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises_and_is_taken_literally(register, plan, text):
    engine, rows = register
    for sort in ("row_no", "name"):
        q = RegisterQuery(engine, CITY, EntityFilter(text=text, legal_rep=text), sort)
        q.count()
        q.first_page()
        q.page_at(5, 10)
    meant = interpret(text)
    if meant.kind == "fragment":
        frag = meant.value
        want = expected(rows, lambda r: frag in r["name"] or r["legal_rep"] == frag)
        assert everything(RegisterQuery(engine, CITY, EntityFilter(text=text)), 500) == want


def test_entity_detail_has_items_history_and_applications(register):
    engine, rows = register
    with Session(engine) as session:
        detail = entity_detail(session, CITY, rows[10]["id"])
        assert detail.row.name == rows[10]["name"]
        assert detail.items["address"].startswith("广州市")
        assert detail.events[0].kind == "established"
        assert detail.applications == ()
        assert entity_detail(session, CITY, "no-such-id") is None


# ------------------------------------------------------------------------- the write path


def test_index_and_anchors_follow_new_and_renamed_entities(db_url, monkeypatch):
    engine = make_engine(db_url)
    try:
        populate(engine, entities=400, seed=11)
        with engine.begin() as conn:
            register_index.rebuild_anchors(conn, bucket_size=23)
        with Session(engine) as session, session.begin():
            victim = session.scalar(sa.select(MarketEntity).where(MarketEntity.row_no == 200))
            old_name = victim.name
            before = register_index.placed(victim)
            victim.name = "广州市龘靐齉爩测试有限公司"
            victim.name_key, victim.name_initials = pinyin.keys(victim.name)
            register_index.on_entity_saved(session, victim, before=before)

            template = session.scalar(sa.select(MarketEntity).where(MarketEntity.row_no == 1))
            district, office = template.district_code, template.office_code
            for i, name in enumerate(["阿坝新设商行", "中山新设有限公司", "广州新设龘科技有限公司"]):
                fresh = MarketEntity(
                    row_no=401 + i, uscc=None if i == 0 else f"9144010{i}MA00000{i}X{i}"[:18], name=name,
                    kind_code=template.kind_code, state="active", abnormal=False,
                    legal_rep="有限" if i == 0 else "测试人",  # a person named like a common word
                    address="广州市", district_code=template.district_code, office_code=template.office_code,
                    business_scope="测试", established_on=dt.date(2000 + i, 1, 1),
                )
                fresh.name_key, fresh.name_initials = pinyin.keys(name)
                session.add(fresh)
                session.flush()
                register_index.on_entity_saved(session, fresh, before=None)

            # a change that moves an entity to another district's office
            mover = session.scalar(sa.select(MarketEntity).where(
                MarketEntity.row_no == 300, MarketEntity.district_code != district).limit(1)) or \
                session.scalar(sa.select(MarketEntity).where(MarketEntity.district_code != district).limit(1))
            before = register_index.placed(mover)
            mover.office_code, mover.district_code = office, district
            register_index.on_entity_saved(session, mover, before=before)

            # state changes move facet counts between values (revocations, deregistrations)
            for row_no in (5, 150, 390):
                changed = session.scalar(sa.select(MarketEntity).where(MarketEntity.row_no == row_no))
                before = register_index.placed(changed)
                changed.state = "revoked" if changed.state != "revoked" else "active"
                register_index.on_entity_saved(session, changed, before=before)
        rows = all_rows(engine)
        assert len(rows) == 403

        def found(text):
            return everything(RegisterQuery(engine, CITY, EntityFilter(text=text)))

        assert found("龘靐齉") == [200]
        assert found(old_name) == expected(rows, lambda r: old_name in r["name"] or r["legal_rep"] == old_name)
        assert 200 not in found(old_name)
        assert found("龘") == [200, 403]
        assert found("新设") == [401, 402, 403]
        for principal, keep in ((CITY, lambda r: True),
                                (district_principal(district), lambda r: r["district_code"] == district),
                                (office_principal(office), lambda r: r["office_code"] == office)):
            for sort in SORTS:
                for descending in (False, True):
                    want = expected(rows, keep, sort, descending)
                    q = RegisterQuery(engine, principal, EntityFilter(), sort, descending)
                    assert q.count() == len(want)
                    assert everything(q, 20) == want, (principal.level, sort, descending)
        # lists filtered on one facet, reached through the band counts after those writes
        assert_faceted_lists_exact(engine, rows, district)
        # fragment lists through the pair index's bands (SQLite), after renames and inserts
        monkeypatch.setattr(register_search, "SMALL", 40)
        monkeypatch.setattr(register_search, "FTS_DIRECT", 60)
        monkeypatch.setattr(register_search, "ROW_BAND_SHIFT", 6)
        routes = set()
        for frag in ("科技", "龘", "新设", "有限"):
            for sort in ("name", "row_no"):
                for descending in (False, True):
                    want = expected(rows, lambda r: frag in r["name"] or r["legal_rep"] == frag, sort, descending)
                    assert everything(RegisterQuery(engine, CITY, EntityFilter(text=frag), sort, descending), 30) \
                        == want, (frag, sort, descending)
                    for offset in (0, 61, len(want) // 2, max(0, len(want) - 4)):
                        q = RegisterQuery(engine, CITY, EntityFilter(text=frag), sort, descending)
                        assert row_nos(q.page_at(offset, 20)) == want[offset:offset + 20], (frag, sort, offset)
                        routes.add(q.route)
        assert 401 in found("有限")
        assert "name-bands" in routes
    finally:
        engine.dispose()


def test_demo_data_is_valid_and_deterministic(db_url, tmp_path):
    from client.kernel import codes

    engine = make_engine(db_url)
    try:
        populate(engine, entities=300, seed=5)
        rows = all_rows(engine)
        assert all(codes.validate_uscc(r["uscc"]) for r in rows)
        with engine.connect() as conn:
            ids = conn.execute(sa.text("SELECT legal_rep_id_no FROM market_entity")).scalars().all()
            counters = dict(conn.execute(sa.text("SELECT name, value FROM counter")).all())
        assert all(codes.validate_resident_id(i) for i in ids)
        assert counters["entity_row_no"] == 300
        other = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
        populate(other, entities=300, seed=5)
        assert sorted(all_rows(other), key=lambda r: r["row_no"]) == sorted(rows, key=lambda r: r["row_no"])
        other.dispose()
    finally:
        engine.dispose()


def assert_faceted_lists_exact(engine: sa.Engine, rows: list[dict], district: str) -> None:
    """Lists on one facet (state, kind, a date range with partial months) are the filtered,
    sorted register, counted and paged through the band counts at any position."""
    kinds = sorted({r["kind_code"] for r in rows})
    filters = {
        "revoked": (EntityFilter(states=("revoked",)), lambda r: r["state"] == "revoked"),
        "active": (EntityFilter(states=("active",)), lambda r: r["state"] == "active"),
        "kind": (EntityFilter(kind_codes=(kinds[0],)), lambda r: r["kind_code"] == kinds[0]),
        "dates": (EntityFilter(established_from=dt.date(2008, 3, 17), established_to=dt.date(2021, 7, 20)),
                  lambda r: dt.date(2008, 3, 17) <= r["established_on"] <= dt.date(2021, 7, 20)),
        "since": (EntityFilter(established_from=dt.date(2015, 1, 1)),
                  lambda r: r["established_on"] >= dt.date(2015, 1, 1)),
    }
    rng = random.Random(5)
    for principal, keep in ((CITY, lambda r: True),
                            (district_principal(district), lambda r: r["district_code"] == district)):
        for name, (flt, wanted) in filters.items():
            for sort in SORTS:
                for descending in (False, True):
                    want = expected(rows, lambda r: keep(r) and wanted(r), sort, descending)
                    q = RegisterQuery(engine, principal, flt, sort, descending)
                    assert q.count() == len(want), (principal.level, name, sort, descending)
                    for offset in [0, len(want) // 2, max(0, len(want) - 3)] + [
                            rng.randrange(max(1, len(want))) for _ in range(3)]:
                        fresh = RegisterQuery(engine, principal, flt, sort, descending)
                        assert row_nos(fresh.page_at(offset, 17)) == want[offset:offset + 17], (
                            principal.level, name, sort, descending, offset)
                        assert fresh.route == "facets"
