"""Read side of the register screen: search, count and page 3 million entities.

A `RegisterQuery` is one list as the screen shows it: the acting user's jurisdiction, a filter
and a sort. The lazy Qt model asks it for `count()` and `page_at(offset, limit)` as the user
scrolls, so both must be fast anywhere in the list:

- Sorting and filtering always happen in SQL, on indexes made for them (ORDER BY key, row_no).
- A plain listing of a scope (no filter beyond the jurisdiction) is counted from the scroll
  anchors and reached through them: find the bucket holding the position, seek to its first
  key, skip less than a bucket (client.kernel.name_index).
- A city or district list filtered on one of state, kind or a date range is counted from the
  facet counts of its bands (client.kernel.facets) and reached through them: seek to the band
  holding the position, skip less than a band.
- A name fragment over the whole city, in name order (the screen's default), comes band by band
  of the name order from the pair index kept in that order (SQLite: entity_fts_name;
  PostgreSQL: entity_name_band): a page costs one band's hits sorted, not all the hits. Its
  middle pages, and on SQLite the middle pages in register order, come from its hits counted
  per band.
- Any other filtered list is reached from the nearest position this query has already seen
  (keyset), else by OFFSET: such lists are short, or are scrolled from the top.
- The search box takes a credit code, a name fragment, pinyin initials or a legal
  representative; `interpret` decides which. Input is taken literally, never as SQL or FTS
  syntax, and nothing a user types raises. A criterion with few hits is answered through its
  index and the hits sorted; one with many by reading the list in order and testing each row
  (see _Arm). In registration order a name fragment is always fast; in the order of credit
  code or date, or within a district, a common fragment whose hits all sit late in that order
  is not (it sorts all its hits: up to seconds at 3M).
- Counts are exact. A plain listing counts in ~1 ms; a search or filter over much of the city
  takes 0.1-1 s: the screen should count off the GUI thread.
"""
from __future__ import annotations

import datetime as dt
import heapq
import itertools
import time
from bisect import bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, sessionmaker

from client.kernel import codes, facets
from client.kernel.models import EntityEvent, MarketEntity
from client.kernel.name_index import (
    NAME_BAND_SHIFT,
    ROW_MASK,
    SCOPE_SORTS,
    SORT_SPECS,
    SortSpec,
    entity_name_band,
    fragment_match,
    key_after,
    name_contains,
    name_grams,
    reg_anchor,
)
from client.kernel.permissions import in_jurisdiction
from client.kernel.roles import Principal
from client.kernel.text import printable
from client.registration.queries import ApplicationRow, applications_of_entity

# --- what the screen asks for ---------------------------------------------------------------


@dataclass(frozen=True)
class EntityFilter:
    #: credit code (exact, any case/spaces), name fragment, pinyin initials, legal representative
    text: str = ""
    kind_codes: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    district_code: str | None = None
    office_code: str | None = None
    established_from: dt.date | None = None
    established_to: dt.date | None = None
    #: exact legal representative name (its own field on the search form)
    legal_rep: str = ""


SORTS = ("row_no", "name", "established_on", "uscc")
_SPEC_OF_SORT = {"row_no": SORT_SPECS["row_no"], "name": SORT_SPECS["name"],
                 "established_on": SORT_SPECS["est"], "uscc": SORT_SPECS["uscc"]}


@dataclass(frozen=True)
class EntityRow:
    id: str
    row_no: int
    uscc: str | None
    name: str
    kind_code: str
    state: str
    abnormal: bool
    legal_rep: str
    district_code: str
    office_code: str
    established_on: dt.date
    capital_wan: Decimal | None
    version: int


_m = MarketEntity.__table__.c
_ROW_COLUMNS = [_m.id, _m.row_no, _m.uscc, _m.name, _m.kind_code, _m.state, _m.abnormal, _m.legal_rep,
                _m.district_code, _m.office_code, _m.established_on, _m.capital_wan, _m.version]
#: what a page query selects: the row, then name_key (the name sort's key, not shown)
_PAGE_COLUMNS = _ROW_COLUMNS + [_m.name_key]
_KEY_INDEX = {"name_key": 13, "established_on": 10, "uscc": 2}


def _entity_row(r: Any) -> EntityRow:
    return EntityRow(*r[:13])


# --- the search box -----------------------------------------------------------------------

#: a name is at most 100 characters: a longer fragment matches nothing and is not searched
MAX_FRAGMENT = 100


@dataclass(frozen=True)
class TextQuery:
    """What the search box text means.

    kind: "none" (list everything), "code" (exact credit code), "code_prefix", "initials"
    (pinyin initials prefix), "fragment" (name contains `value`, or legal_rep equals it),
    "nothing" (cannot match: e.g. longer than any name).
    """

    kind: str
    value: str = ""


#: drop control and format characters (and lone surrogates, which no driver can encode)
clean = printable


def interpret(text: str) -> TextQuery:
    compact = "".join(clean(text or "").split())  # names and codes have no spaces in them
    if not compact:
        return TextQuery("none")
    code = codes.normalize_code(compact)  # full-width → ASCII, upper case
    if len(code) == 18 and codes.explain_uscc(code, checksums=False) is None:
        return TextQuery("code", code)
    if code.isascii() and code.isalnum():
        if code.isalpha():
            # one letter narrows nothing: a plain listing
            return TextQuery("initials", code.lower()) if len(code) >= 2 else TextQuery("none")
        if len(code) >= 4:
            return TextQuery("code_prefix", code) if len(code) <= 18 else TextQuery("nothing")
    if len(compact) > MAX_FRAGMENT:
        return TextQuery("nothing")
    return TextQuery("fragment", compact)


def initials_prefixes(value: str) -> list[str]:
    """Almost every name starts with 广州 or 广州市: `hs` also finds 广州华盛… (gzhs, gzshs)."""
    if value.startswith("gz"):
        return [value]
    return [value, "gz" + value, "gzs" + value]


def _prefix_range(column: Any, prefix: str) -> Any:
    # a range, not LIKE: SQLite's LIKE ignores case and so cannot use a BINARY index
    return sa.and_(column >= prefix, column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


def _contains(dialect: str, column: Any, text: str) -> Any:
    """`text` occurs in `column`, tested row by row: no index, no pattern syntax to escape."""
    fn = sa.func.strpos(column, text) if dialect == "postgresql" else sa.func.instr(column, text)
    return fn > 0


def _starts(column: Any, prefix: str) -> Any:
    """The row-by-row twin of _prefix_range: the same rows, but no index range to start from."""
    return sa.func.substr(column, 1, len(prefix)) == prefix


#: a text criterion matching more rows than this is answered by scanning in sort order and
#: testing each row; fewer, by fetching its rows through the index and sorting them. Either
#: costs ~40 ms at the crossover on 3 million rows (sqrt(50 rows × 3M) ≈ 12k).
SMALL = 12_000


#: a fragment search over the city in register order reaches positions before this through
#: FTS5's OFFSET, and later ones through its hits counted per band of 2^14 row numbers
FTS_DIRECT = 10_000
ROW_BAND_SHIFT = 14
#: the most legal-rep hits (the fragment being a person's name) merged in memory
EXTRA_LIMIT = 5_000


#: how many rows (of the list, in its order) a scan reads looking for a page of a common
#: criterion's hits before it gives up and sorts all the hits instead
SCAN_WINDOW = 25_000


@dataclass(frozen=True)
class _Arm:
    """Part of a text search. A search is the union of its arms (disjoint by construction).

    Few hits (fewer than SMALL): `conditions` fetch them through the index and the page is
    sorted from them. Many hits: `conditions` test each row of the list in its order (a page
    needs only ~50 × N/hits rows), at most SCAN_WINDOW of them: hits that all sit late in the
    order (a word found only in recent names, sorted by name) fall back to `fallback`, the
    indexed form, sorted.
    """

    conditions: tuple
    #: order by expressions, not columns: stops SQLite from walking a sort index and testing
    #: membership of a small hit list row by row (seconds) instead of fetching the hits
    fetch_hits: bool = False
    #: the same rows for COUNT, when an index answers that better than `conditions`
    count_conditions: tuple | None = None
    #: the indexed form, for a scan that found too few hits in its window
    fallback: tuple | None = None
    #: SQLite, sorted by row_no: the FTS5 MATCH expression. FTS5 returns hits in rowid order
    #: and rowid is row_no, so the page is the first hits joined to their rows, whatever the
    #: number of hits and wherever they are
    fts: str | None = None


# PostgreSQL's statistics of the name index: which characters and pairs are common, and how
# common (ANALYZE keeps them; they are re-read every few minutes).
_GRAM_STATS: dict[str, tuple[float, dict[str, float], float, float]] = {}
_GRAM_STATS_TTL = 600.0


def _pg_gram_stats(conn: sa.Connection) -> tuple[dict[str, float], float, float] | None:
    """(frequency of the most common grams, the least of those frequencies, rows) or None."""
    key = conn.engine.url.render_as_string(hide_password=True)
    cached = _GRAM_STATS.get(key)
    now = time.monotonic()
    if cached is None or now - cached[0] > _GRAM_STATS_TTL:
        row = conn.execute(sa.text(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs, "
            "(SELECT reltuples FROM pg_class WHERE oid = 'market_entity'::regclass) "
            "FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'ix_entity_name_grams'"
        )).first()
        if row is None or not row[0] or not row[2] or row[2] < 0:
            _GRAM_STATS[key] = cached = (now, {}, 0.0, -1.0)
        else:
            elems, freqs, rows = row
            # the frequencies are followed by their minimum, maximum and the NULL frequency
            _GRAM_STATS[key] = cached = (now, dict(zip(elems, freqs)), float(freqs[-3]), float(rows))
    _, freqs, least, rows = cached
    return (freqs, least, rows) if rows >= 0 else None


# --- the query ----------------------------------------------------------------------------

Db = sa.Engine | sessionmaker


class RegisterQuery:
    """One list of the register: jurisdiction × filter × sort. Cheap to make; make a new one
    when the user changes the filter or sort, or when the screen refreshes (it caches its
    count and the positions it has seen). Use it from one thread at a time."""

    def __init__(self, db: Db, principal: Principal, flt: EntityFilter | None = None,
                 sort: str = "row_no", descending: bool = False):
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}; one of {SORTS}")
        self._db = db
        self.principal = principal
        self.filter = flt or EntityFilter()
        self.sort = sort
        self.descending = descending
        self._spec: SortSpec = _SPEC_OF_SORT[sort]
        self._text = interpret(self.filter.text)
        self._count: int | None = None
        self._plan: list[_Arm] | None = None
        self._dialect = ""
        # positions this query has returned, with the sort key of the row there
        self._marks: dict[int, tuple] = {}
        self._mark_positions: list[int] = []
        #: a list on one facet: [(band, rows)] and the bands' first keys (see _facet_bands)
        self._bands: tuple[list[tuple[int, int]], dict[int, tuple]] | None = None
        self._bands_read = False
        #: a name fragment over the city: {band: rows of the list in it}, the legal-rep arm's rows
        self._fts_counts: dict[int, int] = {}
        self._fts_extra: list[Any] | None = None
        self._fts_firsts: list[tuple[tuple, int]] | None = None
        self._fts_extra_bands: dict[int, list[Any]] | None = None
        #: how the last page was found: "anchors", "facets", "name-bands" or "keyset"
        self.route = ""

    # --- the public face ------------------------------------------------------------------

    def count(self) -> int:
        """Rows in the list; exact. Counted once per query object (make a new one to refresh)."""
        if self._count is None:
            with self._connect() as conn:
                return self._count_on(conn)
        return self._count

    def _count_on(self, conn: sa.Connection) -> int:
        if self._count is None:
            self._count = self._count_in(conn)
        return self._count

    def first_page(self, limit: int = 50) -> list[EntityRow]:
        return self.page_at(0, limit)

    def page_at(self, offset: int, limit: int) -> list[EntityRow]:
        """The rows at positions offset … offset+limit-1 of the sorted list (fewer at the end)."""
        offset = max(0, int(offset))
        limit = int(limit)
        if limit <= 0 or self._text.kind == "nothing":
            return []
        with self._connect() as conn:
            scope = self._anchor_scope()
            if scope is not None and self._anchored(conn, scope):
                self.route = "anchors"
                rows = self._anchor_page(conn, scope, offset, limit)
            elif self._facet_bands(conn) is not None:
                self.route = "facets"
                rows = self._facet_page(conn, offset, limit)
            elif self._fts_banded(conn, offset):
                self.route = "name-bands"
                rows = self._fts_band_page(conn, offset, limit)
            else:
                self.route = "keyset"
                rows = self._keyset_page(conn, offset, limit)
        self._remember(offset, rows)
        return [_entity_row(r) for r in rows]

    # --- where the rows come from ---------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sa.Connection]:
        if isinstance(self._db, sa.Engine):
            with self._db.connect() as conn:
                self._dialect = conn.dialect.name
                yield conn
        else:
            with self._db() as session:
                conn = session.connection()
                self._dialect = conn.dialect.name
                yield conn

    def _scope_conditions(self) -> list[Any]:
        if self.principal.level == "city":
            return []
        return [in_jurisdiction(self.principal, _m.office_code, _m.district_code)]

    def _base_conditions(self, *, facet_filters: bool = True, unindexed: bool = False) -> list[Any]:
        """Jurisdiction and every filter except the search box; without state, kind and dates
        if not `facet_filters`. `unindexed`: the date range tested row by row, so that the
        database walks the sort's index (a band of it) rather than fetching the whole range."""
        f = self.filter
        conds = self._scope_conditions()
        if f.office_code:
            conds.append(_m.office_code == f.office_code)
        if f.district_code:
            conds.append(_m.district_code == f.district_code)
        if not facet_filters:
            return conds
        if f.kind_codes:
            conds.append(_m.kind_code.in_(f.kind_codes))
        if f.states:
            conds.append(_m.state.in_(f.states))
        established = _m.established_on
        if unindexed and (f.established_from or f.established_to):
            # an expression of the column, equal to it: no index applies (SQLite keeps dates as text)
            established = (established.op("||")(sa.literal_column("''")) if self._dialect == "sqlite"
                           else established + sa.literal_column("0"))
        if f.established_from:
            conds.append(established >= f.established_from)
        if f.established_to:
            conds.append(established <= f.established_to)
        legal_rep = "".join(clean(f.legal_rep or "").split())
        if legal_rep:
            conds.append(_m.legal_rep == legal_rep[:40])
        return conds

    def _arms(self, conn: sa.Connection) -> list[_Arm]:
        """The search box as SQL: one arm, or two for "name contains it, or legal rep is it"."""
        if self._plan is not None:
            return self._plan
        t = self._text
        dialect = conn.dialect.name
        v = t.value
        if t.kind == "code":
            arms = [_Arm((_m.uscc == v,))]
        elif t.kind == "code_prefix":
            indexed = _prefix_range(_m.uscc, v)
            arms = [self._sized(conn, indexed, _starts(_m.uscc, v), count=indexed)]
        elif t.kind == "initials":
            prefixes = initials_prefixes(v)
            indexed = sa.or_(*[_prefix_range(_m.name_initials, p) for p in prefixes])
            scanned = sa.or_(*[_starts(_m.name_initials, p) for p in prefixes])
            # counting is an index range scan whatever the size
            arms = [self._sized(conn, indexed, scanned, count=indexed)]
        elif t.kind == "fragment":
            indexed = name_contains(dialect, v)
            scanned = _contains(dialect, _m.name, v)
            if dialect == "sqlite" and self.sort == "row_no":
                arms = [_Arm((indexed,), fts=fragment_match(v))]
            else:
                arms = [self._sized(conn, indexed, scanned, fragment=v)]
            if len(v) <= 40:  # legal_rep is at most 40 characters
                arms.append(_Arm((_m.legal_rep == v, sa.not_(scanned))))
        else:
            arms = [_Arm(())]
        self._plan = arms
        return arms

    def _sized(self, conn: sa.Connection, indexed: Any, scanned: Any, *, count: Any = None,
               fragment: str | None = None) -> _Arm:
        """The arm for a criterion, by how many rows it matches."""
        if fragment is not None:
            small = self._fragment_is_small(conn, fragment)
        else:
            small = self._is_small(conn, indexed)
        counted = (count,) if count is not None else None
        if small:
            return _Arm((indexed,), fetch_hits=True, count_conditions=counted)
        return _Arm((scanned,), count_conditions=counted, fallback=(indexed,))

    def _fragment_is_small(self, conn: sa.Connection, fragment: str) -> bool:
        if conn.dialect.name == "sqlite":
            # FTS5 alone counts up to SMALL hits in a few ms
            hits = sa.text("SELECT rowid FROM entity_fts WHERE entity_fts MATCH :q LIMIT :n").bindparams(
                q=fragment_match(fragment), n=SMALL).columns(sa.column("rowid")).subquery()
            return conn.execute(sa.select(sa.func.count()).select_from(hits)).scalar() < SMALL
        if conn.dialect.name == "postgresql":
            # Counting even 12k hits through GIN costs 100-700 ms on PostgreSQL (a bitmap heap
            # scan); its statistics bound the hits by the rarest character or pair instead.
            stats = _pg_gram_stats(conn)
            if stats is not None:
                freqs, least, rows = stats
                share = min(freqs.get(g, least) for g in name_grams(fragment))
                return share * rows < SMALL
        return self._is_small(conn, name_contains(conn.dialect.name, fragment))

    def _is_small(self, conn: sa.Connection, condition: Any) -> bool:
        """Does the criterion alone match fewer than SMALL rows? (Reads at most SMALL of them.)"""
        probe = sa.select(sa.literal(1)).select_from(MarketEntity.__table__).where(condition).limit(SMALL)
        return conn.execute(sa.select(sa.func.count()).select_from(probe.subquery())).scalar() < SMALL

    def _office_scoped(self) -> bool:
        return self.principal.level == "office" or bool(self.filter.office_code)

    def _selective_base(self) -> bool:
        """Do the filters alone narrow the list to an office or district (or a person)?"""
        f = self.filter
        return (self.principal.level != "city" or bool(f.office_code or f.district_code)
                or bool("".join(clean(f.legal_rep or "").split())))

    def _order(self, *, expressions: bool | None = None, descending: bool | None = None) -> list[Any]:
        """ORDER BY key, row_no; as expressions (same order, no index can supply it) if asked.

        By default expressions for an office's list: its few thousand rows are read by the
        office index and sorted (~20 ms). Walking a sort index instead, the database may read
        a million rows before the office's first one (credit codes of a district sit together).
        """
        spec = self._spec
        desc = self.descending if descending is None else descending
        if expressions is None:
            expressions = spec.column is not None and self._office_scoped()
        key = _m[spec.column] if spec.column else None
        row_no = _m.row_no
        if expressions:
            if key is not None and spec.column == "established_on" and self._dialect != "sqlite":
                key = key + sa.literal_column("0")  # date + 0 is the date (SQLite keeps dates as text)
            elif key is not None:
                # text || '' keeps the text's order (a literal: Str binds '' as NULL, as Oracle would)
                key = key.op("||")(sa.literal_column("''"))
            row_no = row_no + 0
        out = []
        if key is not None:
            if spec.nullable:
                out.append(key.desc().nulls_last() if desc else key.asc().nulls_first())
            else:
                out.append(key.desc() if desc else key.asc())
        out.append(row_no.desc() if desc else row_no.asc())
        return out

    def _sort_key(self, row: Any) -> tuple:
        """The SQL order of a fetched row, in Python (for merging the arms of a search)."""
        spec = self._spec
        if spec.column is None:
            return (row[1],)
        value = row[_KEY_INDEX[spec.column]]
        if spec.nullable:
            return (value is not None, value or "", row[1])
        return (value, row[1])

    def _key_of(self, row: Any) -> tuple:
        spec = self._spec
        return (row[_KEY_INDEX[spec.column]], row[1]) if spec.column else (row[1],)

    def _key_cols(self) -> tuple:
        spec = self._spec
        return (_m[spec.column], _m.row_no) if spec.column else (_m.row_no,)

    def _count_in(self, conn: sa.Connection) -> int:
        if self._text.kind == "nothing":
            return 0
        scope = self._anchor_scope()
        if scope is not None:
            a = reg_anchor.c
            total, buckets = conn.execute(
                sa.select(sa.func.sum(a.row_count), sa.func.count())
                .where(a.scope == scope, a.sort_name == "row_no")).one()
            if buckets:
                return int(total)
            if self._anchors_exist(conn):  # built, and this scope had no rows then nor since
                return 0
        bands = self._facet_bands(conn)
        if bands is not None:
            return sum(n for _, n in bands[0])
        base = self._base_conditions()
        total = 0
        for arm in self._arms(conn):
            total += int(conn.execute(self._count_query(conn, base, arm)).scalar())
        return total

    def _count_query(self, conn: sa.Connection, base: list[Any], arm: _Arm) -> Any:
        fragment = self._text.value if self._text.kind == "fragment" else None
        sqlite = conn.dialect.name == "sqlite"
        if fragment is not None and sqlite and (arm.fts or arm.fallback) and not base:
            # the whole register: the name index alone counts (~150 ms for all 3M rows)
            return sa.text("SELECT count(*) FROM entity_fts WHERE entity_fts MATCH :q").bindparams(
                q=fragment_match(fragment))
        if arm.fts and self._selective_base():
            # a few thousand rows of an office or district: testing them beats joining
            # every hit in the city to its row
            conditions: tuple = (_contains("sqlite", _m.name, fragment),)
        elif arm.count_conditions is not None:
            conditions = arm.count_conditions
        elif arm.fallback is not None and sqlite and not self._selective_base():
            # many hits city-wide: through FTS5 (PostgreSQL's parallel scan beats its GIN here)
            conditions = arm.fallback
        else:
            conditions = arm.conditions
        return sa.select(sa.func.count()).select_from(MarketEntity.__table__).where(*base, *conditions)

    def _anchor_scope(self) -> str | None:
        """The reg_anchor scope that is exactly this list, or None when filters narrow it."""
        f = self.filter
        if f.kind_codes or f.states or f.established_from or f.established_to:
            return None
        return self._unit_scope()

    def _unit_scope(self) -> str | None:
        """The reg_anchor scope of the list's units (jurisdiction, office and district filters)
        when nothing but state, kind and dates narrows it further, else None."""
        f = self.filter
        if self._text.kind != "none" or "".join(clean(f.legal_rep or "").split()):
            return None
        p = self.principal
        if p.level == "office":
            return f"o:{p.office_code}" if f.office_code in (None, p.office_code) and not f.district_code else None
        if p.level == "district":
            if f.office_code:
                return None
            return f"d:{p.district_code}" if f.district_code in (None, p.district_code) else None
        if f.office_code:
            return None if f.district_code else f"o:{f.office_code}"
        return f"d:{f.district_code}" if f.district_code else "city"

    def _anchors_exist(self, conn: sa.Connection) -> bool:
        a = reg_anchor.c
        return conn.execute(sa.select(a.bucket_no).where(
            a.scope == "city", a.sort_name == "row_no", a.bucket_no == 0)).first() is not None

    def _anchored(self, conn: sa.Connection, scope: str) -> bool:
        level = {"c": "city", "d": "district", "o": "office"}[scope[0]]
        return self._spec.name in SCOPE_SORTS[level] and self._count_on(conn) > 0 and (
            self._anchors_exist(conn))

    def _anchor_page(self, conn: sa.Connection, scope: str, offset: int, limit: int) -> list[Any]:
        total = self._count_on(conn)
        if offset >= total:
            return []
        if not self.descending:
            return self._ascending_from_anchor(conn, scope, offset, limit)
        # descending positions are ascending ones counted from the end
        start = total - offset - limit
        if start < 0:
            limit += start
            start = 0
        return list(reversed(self._ascending_from_anchor(conn, scope, start, limit)))

    def _ascending_from_anchor(self, conn: sa.Connection, scope: str, offset: int, limit: int) -> list[Any]:
        a = reg_anchor.c
        running = sa.func.sum(a.row_count).over(order_by=a.bucket_no, rows=(None, 0)).label("upto")
        buckets = sa.select(a.bucket_no, a.key_text, a.key_date, a.key_row, a.row_count, running).where(
            a.scope == scope, a.sort_name == self._spec.name).subquery()
        bucket = conn.execute(
            sa.select(buckets).where(buckets.c.upto > offset).order_by(buckets.c.bucket_no).limit(1)
        ).first()
        if bucket is None:
            return []
        start = bucket.upto - bucket.row_count
        spec = self._spec
        conds = self._base_conditions()  # a plain listing: no search text
        if bucket.key_row is not None:  # (only an empty register's bucket has no key)
            value = getattr(bucket, spec.anchor_column) if spec.anchor_column else None
            key = (value, bucket.key_row) if spec.column else (bucket.key_row,)
            conds.append(key_after(self._key_cols(), key, nullable=spec.nullable, inclusive=True))
        order = self._order(descending=False)
        # Two steps: skip within the bucket reading only the index (key, row_no: no table rows,
        # which matters when they are not cached), then read the page's rows from that key.
        first = conn.execute(sa.select(*self._key_cols()).where(*conds).order_by(*order)
                             .offset(offset - start).limit(1)).first()
        if first is None:
            return []
        page = self._base_conditions() + [
            key_after(self._key_cols(), tuple(first), nullable=spec.nullable, inclusive=True)]
        return list(conn.execute(sa.select(*_PAGE_COLUMNS).where(*page).order_by(*order).limit(limit)))

    # --- a list filtered on one facet: through the band counts (client.kernel.facets) ---------

    def _facet(self) -> tuple[str, str] | None:
        """(scope, dimension) when the list is a city or district scope filtered on exactly one
        of state, kind or establishment date; None otherwise."""
        f = self.filter
        dims = [d for d, on in (("state", f.states), ("kind", f.kind_codes),
                                ("month", f.established_from or f.established_to)) if on]
        if len(dims) != 1:
            return None
        scope = self._unit_scope()
        if scope is None or not facets.faceted_scope(scope):
            return None
        return scope, dims[0]

    def _facet_bands(self, conn: sa.Connection) -> tuple[list[tuple[int, int]], dict[int, tuple]] | None:
        """([(band, rows of this list in it)], {band: its first sort key}) or None when the
        list has no facet or the register has no facet counts (anchors never built)."""
        if self._bands_read:
            return self._bands
        self._bands_read = True
        facet = self._facet()
        if facet is None or not self._anchors_exist(conn):
            return None
        scope, dim = facet
        spec = self._spec
        f = self.filter
        a = reg_anchor.c
        firsts = {}
        for r in conn.execute(sa.select(a.bucket_no, a.key_text, a.key_date, a.key_row).where(
                a.scope == scope, a.sort_name == spec.name, a.bucket_no % facets.BAND == 0)):
            if r.key_row is not None:
                value = getattr(r, spec.anchor_column) if spec.anchor_column else None
                firsts[r.bucket_no // facets.BAND] = (value, r.key_row) if spec.column else (r.key_row,)
        if not firsts:  # an empty scope, or one the last build did not see
            self._bands = ([], {})
            return self._bands
        if dim == "state":
            counts = facets.band_counts(conn, scope, spec.name, dim, values=f.states)
        elif dim == "kind":
            counts = facets.band_counts(conn, scope, spec.name, dim, values=f.kind_codes)
        else:
            start, end = f.established_from, f.established_to
            counts = facets.band_counts(conn, scope, spec.name, dim, between=(
                facets.month_of(start) if start else "0000-00", facets.month_of(end) if end else "9999-99"))
            # the months at the ends count whole: take away their days outside the range
            starts = sorted((self._python_key(k), b) for b, k in firsts.items() if b)
            keys = [k for k, _ in starts]
            for key in self._outside_days(conn, start, end):
                i = bisect_right(keys, key)
                band = starts[i - 1][1] if i else 0
                counts[band] = counts.get(band, 0) - 1
        self._bands = (sorted((b, n) for b, n in counts.items() if n > 0), firsts)
        return self._bands

    def _outside_days(self, conn: sa.Connection, start: dt.date | None, end: dt.date | None) -> list[tuple]:
        """The sort keys of the scope's rows in the range's first and last months but outside
        the range (at most two months of the scope: ~8,000 rows a month city-wide)."""
        spans = []
        if start is not None and start.day != 1:
            spans.append(sa.and_(_m.established_on >= start.replace(day=1), _m.established_on < start))
        if end is not None:
            next_month = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            if end + dt.timedelta(days=1) != next_month:
                spans.append(sa.and_(_m.established_on > end, _m.established_on < next_month))
        if not spans:
            return []
        units = [c for c in self._base_conditions(facet_filters=False)]
        query = sa.select(*self._key_cols()).where(*units, sa.or_(*spans))
        return [self._python_key(tuple(r)) for r in conn.execute(query)]

    def _python_key(self, key: tuple) -> tuple:
        """A sort key as Python orders it the way the database does (NULL codes first)."""
        if self._spec.nullable:
            value, row_no = key
            return (value is not None, value or "", row_no)
        if self._spec.column == "established_on" and isinstance(key[0], str):
            return (dt.date.fromisoformat(key[0]), key[1])
        return key

    def _facet_page(self, conn: sa.Connection, offset: int, limit: int) -> list[Any]:
        bands, _ = self._facet_bands(conn)
        total = sum(n for _, n in bands)
        if offset >= total:
            return []
        if not self.descending:
            return self._ascending_in_bands(conn, offset, limit)
        start = total - offset - limit  # descending positions are ascending ones from the end
        if start < 0:
            limit += start
            start = 0
        return list(reversed(self._ascending_in_bands(conn, start, limit)))

    def _ascending_in_bands(self, conn: sa.Connection, offset: int, limit: int) -> list[Any]:
        bands, firsts = self._facet_bands(conn)
        before = 0
        band = bands[-1][0]
        for b, n in bands:
            if before + n > offset:
                band = b
                break
            before += n
        spec = self._spec
        conds = self._base_conditions(unindexed=True)
        if band in firsts:  # (band 0's key is a lower bound of every key)
            conds.append(key_after(self._key_cols(), firsts[band], nullable=spec.nullable, inclusive=True))
        order = self._order(descending=False)
        # skip within the band on the sort index, testing the filter row by row (< a band)
        first = conn.execute(sa.select(*self._key_cols()).where(*conds).order_by(*order)
                             .offset(offset - before).limit(1)).first()
        if first is None:
            return []
        page = self._base_conditions(unindexed=True) + [
            key_after(self._key_cols(), tuple(first), nullable=spec.nullable, inclusive=True)]
        return list(conn.execute(sa.select(*_PAGE_COLUMNS).where(*page).order_by(*order).limit(limit)))

    # --- SQLite: a name fragment over the whole city, band by band of the pair index -------

    def _fts_banded(self, conn: sa.Connection, offset: int) -> bool:
        """A city-wide fragment search in name order with many hits, or in register order far
        from the top: through the bands of entity_fts_name / entity_fts (name_index)."""
        dialect = conn.dialect.name
        if (dialect not in ("sqlite", "postgresql") or self._text.kind != "fragment"
                or self.sort not in ("row_no", "name") or self._base_conditions() or not self._anchors_exist(conn)):
            return False
        if self.sort == "row_no":
            # nearer the top, FTS5's own OFFSET is cheaper (PostgreSQL has no such order)
            return dialect == "sqlite" and offset >= FTS_DIRECT
        if not self._fts_counts and self._fragment_is_small(conn, self._text.value):
            return False  # few hits: fetched and sorted whole (_sized)
        return self._extra_rows(conn) is not None

    def _fts_table(self) -> tuple[Any, int]:
        name = "entity_fts_name" if self.sort == "name" else "entity_fts"
        shift = NAME_BAND_SHIFT if self.sort == "name" else ROW_BAND_SHIFT
        return sa.table(name, sa.column("rowid"), sa.column(name)), shift

    def _extra_rows(self, conn: sa.Connection) -> list[Any] | None:
        """The legal-rep arm (the fragment is a legal representative's name that is not in the
        entity's name), sorted; None if it is too long to merge in memory."""
        if self._fts_extra is None:
            v = self._text.value
            rows = [] if len(v) > 40 else conn.execute(
                sa.select(*_PAGE_COLUMNS).where(_m.legal_rep == v, sa.not_(_contains(conn.dialect.name, _m.name, v)))
                .limit(EXTRA_LIMIT + 1)).all()
            if len(rows) > EXTRA_LIMIT:
                return None
            self._fts_extra = sorted(rows, key=self._sort_key)
        return self._fts_extra

    def _extras_in(self, conn: sa.Connection, band: int) -> list[Any]:
        """The legal-rep arm's rows that fall in `band`, in order (grouped once per query)."""
        if self._fts_extra_bands is None:
            self._fts_extra_bands = {}
            for row in self._extra_rows(conn) or ():
                self._fts_extra_bands.setdefault(self._band_of_row(conn, row), []).append(row)
        return self._fts_extra_bands.get(band, [])

    def _band_of_row(self, conn: sa.Connection, row: Any) -> int:
        if self.sort == "row_no":
            return row[1] >> ROW_BAND_SHIFT
        if self._fts_firsts is None:
            a = reg_anchor.c
            self._fts_firsts = sorted(
                ((r.key_text, r.key_row), r.bucket_no // facets.BAND) for r in conn.execute(
                    sa.select(a.bucket_no, a.key_text, a.key_row).where(
                        a.scope == "city", a.sort_name == "name", a.bucket_no % facets.BAND == 0,
                        a.bucket_no > 0)))
        i = bisect_right([k for k, _ in self._fts_firsts], (row[13], row[1]))
        return self._fts_firsts[i - 1][1] if i else 0

    def _top_band(self, conn: sa.Connection) -> int:
        if self.sort == "row_no":
            return (conn.execute(sa.select(sa.func.max(_m.row_no))).scalar() or 0) >> ROW_BAND_SHIFT
        top = conn.execute(sa.select(sa.func.max(reg_anchor.c.bucket_no)).where(
            reg_anchor.c.scope == "city", reg_anchor.c.sort_name == "name")).scalar() or 0
        return top // facets.BAND

    def _band_count(self, conn: sa.Connection, band: int) -> int:
        """The list's rows in one band: its hits there and the legal-rep rows that fall in it.
        One statement per band: on SQLite a GROUP BY over every hit sorts them (twice the time)."""
        if band not in self._fts_counts:
            v = self._text.value
            if conn.dialect.name == "postgresql":
                n = entity_name_band.c
                grams = [f"{band}:{g}" for g in name_grams(v)]
                hits = conn.execute(sa.select(sa.func.count()).where(
                    sa.func.entity_band_grams(n.band, n.name).op("@>")(sa.literal(grams, postgresql.ARRAY(sa.Text))),
                    n.band == band, sa.func.strpos(n.name, v) > 0)).scalar()
            else:
                fts, shift = self._fts_table()
                hits = conn.execute(sa.select(sa.func.count()).select_from(fts).where(
                    fts.c[fts.name].op("MATCH")(fragment_match(v)),
                    fts.c.rowid >= band << shift, fts.c.rowid < (band + 1) << shift)).scalar()
            extra = len(self._extras_in(conn, band))
            self._fts_counts[band] = hits + extra
        return self._fts_counts[band]

    def _band_rows(self, conn: sa.Connection, band: int, skip: int, limit: int, descending: bool) -> list[Any]:
        """Rows skip … skip+limit-1 of one band's hits, in the list's order."""
        if conn.dialect.name == "postgresql":
            # the band's hits sorted within entity_name_band (its rows lie together, in name
            # order), then only the page's rows read from market_entity
            grams = [f"{band}:{g}" for g in name_grams(self._text.value)]
            n = entity_name_band.c
            key = [n.name_key.desc(), n.row_no.desc()] if descending else [n.name_key, n.row_no]
            hits = (sa.select(n.row_no, n.name_key)
                    .where(sa.func.entity_band_grams(n.band, n.name).op("@>")(
                               sa.literal(grams, postgresql.ARRAY(sa.Text))),
                           n.band == band, sa.func.strpos(n.name, self._text.value) > 0)
                    .order_by(*key).limit(skip + limit).subquery())
            query = (sa.select(*_PAGE_COLUMNS).select_from(hits.join(MarketEntity.__table__, _m.row_no == hits.c.row_no))
                     .order_by(*([hits.c.name_key.desc(), hits.c.row_no.desc()] if descending
                                 else [hits.c.name_key, hits.c.row_no])))
            return self._with_extra(conn, conn.execute(query).all(), band, skip, limit, descending)
        fts, shift = self._fts_table()
        rowid = fts.c.rowid
        row_no = rowid.op("&")(ROW_MASK) if shift == NAME_BAND_SHIFT else rowid
        order = [rowid.desc() if descending else rowid] if self.sort == "row_no" else \
            self._order(expressions=True, descending=descending)
        query = (sa.select(*_PAGE_COLUMNS).select_from(fts.join(MarketEntity.__table__, _m.row_no == row_no))
                 .where(fts.c[fts.name].op("MATCH")(fragment_match(self._text.value)),
                        rowid >= band << shift, rowid < (band + 1) << shift)
                 .order_by(*order).limit(skip + limit))
        return self._with_extra(conn, conn.execute(query).all(), band, skip, limit, descending)

    def _with_extra(self, conn: sa.Connection, hits: list[Any], band: int, skip: int, limit: int,
                    descending: bool) -> list[Any]:
        extra = self._extras_in(conn, band)
        if extra:
            hits = list(heapq.merge(hits, extra[::-1] if descending else extra, key=self._sort_key,
                                    reverse=descending))
        return hits[skip:skip + limit]

    def _fts_band_page(self, conn: sa.Connection, offset: int, limit: int) -> list[Any]:
        if conn.dialect.name == "postgresql":
            # A band's lookup reads a few index entries (~0.4 ms); the planner, trusting the
            # GIN's generic estimate, would start parallel workers for each (~40 ms apiece).
            conn.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")
        # Near an end of the name order, walk the bands from it taking their hits; further in,
        # count each band's hits until the position is reached (about half of them for the
        # middle: counting every hit of a fragment in most names costs ~200 ms).
        walk = offset < FTS_DIRECT and self.sort == "name"
        top = self._top_band(conn)
        out: list[Any] = []
        skip = offset
        for band in range(top, -1, -1) if self.descending else range(top + 1):
            need = limit - len(out)
            if not walk and skip > 0:
                n = self._band_count(conn, band)
                if n <= skip:
                    skip -= n
                    continue
                rows = self._band_rows(conn, band, skip, need, self.descending)
                skip = 0
            else:
                rows = self._band_rows(conn, band, 0, skip + need, self.descending)
                rows, skip = rows[skip:], max(0, skip - len(rows))
            out += rows
            if len(out) >= limit:
                break
        return out[:limit]

    def _keyset_page(self, conn: sa.Connection, offset: int, limit: int) -> list[Any]:
        """From the nearest position already seen at or before `offset`, else from the top."""
        base = self._base_conditions()
        skip = offset
        i = bisect_right(self._mark_positions, offset)
        if i:
            seen = self._mark_positions[i - 1]
            base.append(key_after(self._key_cols(), self._marks[seen], nullable=self._spec.nullable,
                                  descending=self.descending, inclusive=True))
            skip = offset - seen
        arms = self._arms(conn)
        if len(arms) == 1:
            return self._arm_rows(conn, base, arms[0], skip, limit)
        # a union of disjoint arms: the first skip+limit of each, merged in the SQL order
        parts = [self._arm_rows(conn, base, arm, 0, skip + limit) for arm in arms]
        merged = heapq.merge(*parts, key=self._sort_key, reverse=self.descending)
        return list(itertools.islice(merged, skip, skip + limit))

    def _arm_rows(self, conn: sa.Connection, base: list[Any], arm: _Arm, skip: int, limit: int) -> list[Any]:
        sqlite = conn.dialect.name == "sqlite"
        if arm.fts:
            fts = sa.table("entity_fts", sa.column("rowid"), sa.column("entity_fts"))
            query = (sa.select(*_PAGE_COLUMNS)
                     .select_from(fts.join(MarketEntity.__table__, _m.row_no == fts.c.rowid))
                     .where(fts.c.entity_fts.op("MATCH")(arm.fts), *base)
                     .order_by(fts.c.rowid.desc() if self.descending else fts.c.rowid))
            return conn.execute(query.offset(skip).limit(limit)).all()
        if arm.fallback is None:
            expressions = (arm.fetch_hits and sqlite) or None
            query = sa.select(*_PAGE_COLUMNS).where(*base, *arm.conditions).order_by(
                *self._order(expressions=expressions))
            return conn.execute(query.offset(skip).limit(limit)).all()
        # many hits: read the list in order, at most SCAN_WINDOW rows of it
        window_end = conn.execute(sa.select(*self._key_cols()).where(*base).order_by(*self._order())
                                  .offset(SCAN_WINDOW - 1).limit(1)).first()
        conds = [*base, *arm.conditions]
        if window_end is not None:
            conds.append(key_after(self._key_cols(), tuple(window_end), nullable=self._spec.nullable,
                                   descending=not self.descending, inclusive=True))
        query = sa.select(*_PAGE_COLUMNS).where(*conds).order_by(*self._order())
        rows = conn.execute(query.offset(skip).limit(limit)).all()
        if len(rows) == limit or window_end is None:
            return rows  # a full page, or the window was the whole list
        query = sa.select(*_PAGE_COLUMNS).where(*base, *arm.fallback).order_by(
            *self._order(expressions=sqlite or None))
        return conn.execute(query.offset(skip).limit(limit)).all()

    def _remember(self, offset: int, rows: list[Any]) -> None:
        # the first and last row of each page: enough to continue in either direction
        for pos, row in ((offset, rows[0]), (offset + len(rows) - 1, rows[-1])) if rows else ():
            if pos not in self._marks:
                self._marks[pos] = self._key_of(row)
                self._mark_positions.insert(bisect_right(self._mark_positions, pos), pos)


# --- one entity ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    occurred_at: dt.datetime
    kind: str
    summary: str
    application_id: str | None
    actor_id: str | None
    details: dict | None


@dataclass(frozen=True)
class EntityDetail:
    row: EntityRow
    #: every registration item of the entity, by column name (address, business_scope, …)
    items: dict[str, Any]
    #: the entity's history, oldest first
    events: tuple[EventRow, ...]
    applications: tuple[ApplicationRow, ...]


def entity_detail(session: Session, principal: Principal, entity_id: str) -> EntityDetail | None:
    """Everything about one entity, or None if it does not exist or is outside the user's area."""
    entity = session.get(MarketEntity, entity_id)
    if entity is None or not principal.covers(office_code=entity.office_code, district_code=entity.district_code):
        return None
    items = {c.key: getattr(entity, c.key) for c in MarketEntity.__table__.columns}
    row = EntityRow(*(items[c.key] for c in _ROW_COLUMNS))
    e = EntityEvent
    events = tuple(
        EventRow(ev.occurred_at, ev.kind, ev.summary, ev.application_id, ev.actor_id, ev.details)
        for ev in session.scalars(sa.select(e).where(e.entity_id == entity_id).order_by(e.occurred_at, e.id))
    )
    return EntityDetail(row=row, items=items, events=events,
                        applications=tuple(applications_of_entity(session, principal, entity_id)))
