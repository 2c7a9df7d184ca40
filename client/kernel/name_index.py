"""The register's search and scroll structures, kept right by the code that writes entities.

Two structures live beside market_entity (migration 0002):

- the name index: on SQLite an FTS5 table of the name's character pairs, which must be told
  about every insert and rename (PostgreSQL's GIN index is over a function of the name and
  Oracle Text syncs on commit: nothing to do there);
- scroll anchors (reg_anchor): for each scope (city, district, office) and sort order, every
  1000th sort key with the number of rows in its bucket. The position of a bucket's first row
  is the sum of the counts before it, so the register screen reaches row 1,500,000 with one
  seek instead of an OFFSET, and counts the scope's rows by adding ~3000 numbers. Inserts,
  renames and moves change the counts of the buckets the row leaves and enters; the
  boundaries stay until `rebuild_anchors` draws them again (after a bulk load, or nightly).

- facet counts (reg_facet, client.kernel.facets) per band of 16 buckets, and on SQLite the pair
  index again in name order (entity_fts_name, migration 0007).

Every writer of market_entity calls `on_entity_saved` in the same transaction; a writer that
bypasses it (a raw import) must call `rebuild_anchors` and, on SQLite, `rebuild_name_index`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from client.kernel import facets, text
from client.kernel.models import MarketEntity

# --- the name index: tokens ---------------------------------------------------------------


def _is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF


def _enc(ch: str) -> str:
    # FTS5's unicode61 tokenizer splits at punctuation and folds case, so only CJK ideographs
    # are safe to store as they are; anything else becomes 'x' + 6 hex digits. That is a prefix
    # code (an ideograph is one character, anything else starts with x), so a pair token decodes
    # one way only and matching tokens means matching characters, exactly.
    return ch if _is_ideograph(ch) else f"x{ord(ch):06x}"


def name_tokens(name: str) -> str:
    """The FTS5 document of a name: its overlapping pairs, then its last character alone.

    Pair i and pair i+1 are neighbours, so a phrase of a fragment's pairs matches exactly the
    names that contain the fragment. A 1-character fragment is a prefix query: every
    occurrence of a character starts a pair, except at the end, hence the final single.
    """
    if not name:
        return ""
    enc = [_enc(c) for c in name]
    pairs = [a + b for a, b in zip(enc, enc[1:])]
    pairs.append(enc[-1])
    return " ".join(pairs)


def fragment_match(fragment: str) -> str:
    """The FTS5 MATCH expression for names containing `fragment` (taken literally).

    The tokens hold only ideographs, 'x' and hex digits, so quoting cannot be broken out of:
    FTS syntax in the input ("  *  :  (  NEAR  AND) is just more characters to find.
    """
    if not fragment:
        raise ValueError("empty fragment")
    enc = [_enc(c) for c in fragment]
    if len(enc) == 1:
        return f'"{enc[0]}" *'
    return '"' + " ".join(a + b for a, b in zip(enc, enc[1:])) + '"'


def name_grams(fragment: str) -> list[str]:
    """What `entity_name_grams(name) @> ARRAY[...]` asks for on PostgreSQL (see 0002)."""
    if len(fragment) == 1:
        return [fragment]
    return sorted({fragment[i:i + 2] for i in range(len(fragment) - 1)})


# --- the anchors --------------------------------------------------------------------------

anchor_metadata = sa.MetaData()

#: migration 0002; a Core table because no screen edits it
reg_anchor = sa.Table(
    "reg_anchor",
    anchor_metadata,
    sa.Column("scope", sa.String(24), primary_key=True),
    sa.Column("sort_name", sa.String(12), primary_key=True),
    sa.Column("bucket_no", sa.Integer, primary_key=True),
    sa.Column("key_text", sa.String(400)),
    sa.Column("key_date", sa.Date),
    sa.Column("key_row", sa.BigInteger),
    sa.Column("row_count", sa.BigInteger, nullable=False),
)

BUCKET_SIZE = 1000


@dataclass(frozen=True)
class SortSpec:
    """A sort order of the register: one column (or none) and row_no to break ties."""

    name: str  # as stored in reg_anchor.sort_name
    column: str | None  # market_entity column; None: row_no alone
    anchor_column: str | None  # where reg_anchor keeps that column's value
    nullable: bool  # NULLs sort first ascending, on every dialect


SORT_SPECS = {
    "row_no": SortSpec("row_no", None, None, False),
    "name": SortSpec("name", "name_key", "key_text", False),
    "est": SortSpec("est", "established_on", "key_date", False),
    "uscc": SortSpec("uscc", "uscc", "key_text", True),
}

#: which scopes get anchors for which sorts. An office's rows are few (~17k): its pages come
#: from its (office_code, row_no) index or a small sort, so it only needs its count.
SCOPE_SORTS = {"city": tuple(SORT_SPECS), "district": tuple(SORT_SPECS), "office": ("row_no",)}


def _scopes_of(office_code: str, district_code: str, sort: str) -> list[str]:
    out = ["city", f"d:{district_code}"]
    if sort in SCOPE_SORTS["office"]:
        out.append(f"o:{office_code}")
    return out


def key_after(cols: Sequence[Any], key: Sequence[Any], *, nullable: bool, descending: bool = False,
              inclusive: bool = False) -> Any:
    """SQL: the row's (key column, row_no) comes after `key` in the sort order.

    `cols`/`key` are (column, row_no) or (row_no,) alone. The order is ascending with NULLs
    first, or its exact reverse. Written as `a >= k AND (a > k OR (a = k AND b > r))` rather
    than a row-value comparison: Oracle has none, and the leading range term is what lets a
    planner start the index scan at k instead of filtering from the start of the index.
    """
    if len(cols) == 1:
        (b,), (r,) = cols, key
        a = k = None
    else:
        (a, b), (k, r) = cols, key
    if descending:
        tie = b <= r if inclusive else b < r
    else:
        tie = b >= r if inclusive else b > r
    if a is None:
        return tie
    if k is None:  # only a nullable column has NULL keys; NULLs are first ascending
        return sa.or_(sa.and_(a.is_(None), tie), a.is_not(None)) if not descending else \
            sa.and_(a.is_(None), tie)
    if descending:
        after = sa.and_(a <= k, sa.or_(a < k, sa.and_(a == k, tie)))
        return sa.or_(after, a.is_(None)) if nullable else after
    return sa.and_(a >= k, sa.or_(a > k, sa.and_(a == k, tie)))


def _bucket_of(conn: sa.Connection, scope: str, spec: SortSpec, value: Any, row_no: int) -> int | None:
    """The bucket a key falls in: the last one whose first key is not after it."""
    a = reg_anchor.c
    col = getattr(a, spec.anchor_column) if spec.anchor_column else None
    cols = (col, a.key_row) if col is not None else (a.key_row,)
    key = (value, row_no) if col is not None else (row_no,)
    # bucket 0 takes every key before the second bucket (its own key is only a lower bound);
    # a bucket's first key at or before `key` ascending = after-or-at it in descending order
    start_not_after = sa.or_(
        a.bucket_no == 0,
        key_after(cols, key, nullable=spec.nullable, descending=True, inclusive=True),
    )
    return conn.execute(
        sa.select(sa.func.max(a.bucket_no)).where(a.scope == scope, a.sort_name == spec.name, start_not_after)
    ).scalar()


def anchors_built(conn: sa.Connection) -> bool:
    a = reg_anchor.c
    return conn.execute(
        sa.select(a.bucket_no).where(a.scope == "city", a.sort_name == "row_no", a.bucket_no == 0)
    ).first() is not None


def _bump(conn: sa.Connection, changes: list[tuple[str, str, Any, int, int, tuple]]) -> None:
    """Apply (scope, sort, key value, row_no, delta, facet values) to the bucket counts, and
    to the facet counts of the buckets' bands.

    Buckets are resolved first and updated in one global order, so two writers that touch
    the same buckets lock them in the same order and cannot deadlock each other.
    """
    a = reg_anchor.c
    resolved: dict[tuple[str, str, int], int] = {}
    faceted = []
    for scope, sort, value, row_no, delta, facet_values in changes:
        spec = SORT_SPECS[sort]
        bucket = _bucket_of(conn, scope, spec, value, row_no)
        if bucket is None:  # a scope the last build did not see (a new office): open it
            conn.execute(reg_anchor.insert().values(scope=scope, sort_name=sort, bucket_no=0, row_count=0))
            bucket = 0
        if bucket == 0 and delta > 0:
            _lower_first_key(conn, scope, spec, value, row_no)
        resolved[(scope, sort, bucket)] = resolved.get((scope, sort, bucket), 0) + delta
        faceted.append((scope, sort, bucket, facet_values, delta))
    for (scope, sort, bucket), delta in sorted(resolved.items()):
        if delta:
            conn.execute(
                reg_anchor.update()
                .where(a.scope == scope, a.sort_name == sort, a.bucket_no == bucket)
                .values(row_count=a.row_count + delta)
            )
    facets.bump(conn, faceted)


def _lower_first_key(conn: sa.Connection, scope: str, spec: SortSpec, value: Any, row_no: int) -> None:
    """Keep bucket 0's key at or before every key in it: a page seeks from it as from any
    bucket's (without it the database walks to the scope's first row from the start of the
    whole index: 1.8 s for a district sorted by credit code, whose codes sit together)."""
    a = reg_anchor.c
    where = (a.scope == scope, a.sort_name == spec.name, a.bucket_no == 0)
    hint = conn.execute(sa.select(a.key_text, a.key_date, a.key_row).where(*where)).first()
    if hint is None:
        return
    current = getattr(hint, spec.anchor_column) if spec.anchor_column else None
    if hint.key_row is not None and not _sorts_before(spec, (value, row_no), (current, hint.key_row)):
        return
    values = {"key_row": row_no}
    if spec.anchor_column:
        values[spec.anchor_column] = value
    conn.execute(reg_anchor.update().where(*where).values(**values))


def _sorts_before(spec: SortSpec, a: tuple, b: tuple) -> bool:
    if spec.column is None:
        return a[1] < b[1]
    if spec.nullable:  # NULLs first
        return (a[0] is not None, a[0] or "", a[1]) < (b[0] is not None, b[0] or "", b[1])
    return a < b


@dataclass(frozen=True)
class Placed:
    """Where a row sits in the name index, the anchors and the facets: what a write may move."""

    row_no: int
    office_code: str
    district_code: str
    name: str
    name_key: str
    established_on: dt.date
    uscc: str | None
    state: str
    kind_code: str

    def entries(self, delta: int) -> list[tuple[str, str, Any, int, int, tuple]]:
        facet_values = facets.values_of(self.state, self.kind_code, self.established_on)
        out = []
        for sort, spec in SORT_SPECS.items():
            value = getattr(self, spec.column) if spec.column else None
            for scope in _scopes_of(self.office_code, self.district_code, sort):
                out.append((scope, sort, value, self.row_no, delta, facet_values))
        return out


def placed(entity: MarketEntity) -> Placed:
    """A handler takes this before it changes an entity, and hands it to `on_entity_saved`."""
    return Placed(entity.row_no, entity.office_code, entity.district_code, entity.name,
                  entity.name_key, entity.established_on, entity.uscc, entity.state, entity.kind_code)


def on_entity_saved(session: Session, entity: MarketEntity, before: Placed | None) -> None:
    """Keep the name index, the anchors and the facets right after a handler wrote `entity`.

    Call it in the handler's transaction once the entity has its row_no and name_key, with
    `before=None` for a new entity, else what `placed(entity)` said before the change. A change
    that moves nothing (capital, address) costs one comparison.
    """
    now = placed(entity)
    if before == now:
        return
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        if before is not None and before.name != entity.name:
            conn.execute(
                sa.text("INSERT INTO entity_fts (entity_fts, rowid, grams) VALUES ('delete', :r, :g)"),
                {"r": before.row_no, "g": name_tokens(before.name)},
            )
        if before is None or before.name != entity.name:
            conn.execute(sa.text("INSERT INTO entity_fts (rowid, grams) VALUES (:r, :g)"),
                         {"r": entity.row_no, "g": name_tokens(entity.name)})

    if not anchors_built(conn):
        return
    _bump(conn, now.entries(+1) if before is None else before.entries(-1) + now.entries(+1))
    if conn.dialect.name == "postgresql" and (before is None or before.name != entity.name):
        band = _bucket_of(conn, "city", SORT_SPECS["name"], now.name_key, now.row_no) // facets.BAND
        conn.execute(sa.text(
            "INSERT INTO entity_name_band (row_no, band, name, name_key) VALUES (:r, :b, :n, :k) "
            "ON CONFLICT (row_no) DO UPDATE SET band = EXCLUDED.band, name = EXCLUDED.name, "
            "name_key = EXCLUDED.name_key"),
            {"r": now.row_no, "b": band, "n": now.name, "k": now.name_key})
    if conn.dialect.name == "sqlite" and (before is None or before.name != entity.name):
        name = SORT_SPECS["name"]
        if before is not None:
            band = _bucket_of(conn, "city", name, before.name_key, before.row_no) // facets.BAND
            conn.execute(sa.text("INSERT INTO entity_fts_name (entity_fts_name, rowid, grams) "
                                 "VALUES ('delete', :r, :g)"),
                         {"r": name_band_rowid(band, before.row_no), "g": name_tokens(before.name)})
        band = _bucket_of(conn, "city", name, now.name_key, now.row_no) // facets.BAND
        conn.execute(sa.text("INSERT INTO entity_fts_name (rowid, grams) VALUES (:r, :g)"),
                     {"r": name_band_rowid(band, now.row_no), "g": name_tokens(now.name)})


# --- SQLite: the pair index in name order ------------------------------------------------

#: entity_fts_name (migration 0007) holds the same pairs as entity_fts under rowid
#: band << NAME_BAND_SHIFT | row_no, band being the row's band of the city's name order
#: (client.kernel.facets). Its hits come out band by band in name order, so a common
#: fragment's first page, or its 500,000th hit by name, costs the hits of one band sorted
#: instead of all its hits. Drawn again with the anchors; a rename moves a row between bands.
NAME_BAND_SHIFT = 32
ROW_MASK = (1 << NAME_BAND_SHIFT) - 1


def name_band_rowid(band: int, row_no: int) -> int:
    return (band << NAME_BAND_SHIFT) | row_no


#: PostgreSQL's twin (migration 0007): the names by band, under a GIN index of their
#: characters and pairs prefixed with the band ('17:天河'), so a band's hits are one lookup
entity_name_band = sa.Table(
    "entity_name_band",
    anchor_metadata,
    sa.Column("row_no", sa.BigInteger, primary_key=True),
    sa.Column("band", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False),
)


def _rebuild_name_bands_pg(connection: sa.Connection, rows_per_band: int) -> None:
    connection.exec_driver_sql("TRUNCATE entity_name_band")
    connection.exec_driver_sql("DROP INDEX IF EXISTS ix_entity_name_band")  # filled faster without it
    connection.exec_driver_sql(
        "INSERT INTO entity_name_band (row_no, band, name, name_key) SELECT row_no, "
        f"(row_number() OVER (ORDER BY name_key, row_no) - 1) / {int(rows_per_band)}, name, name_key "
        "FROM market_entity ORDER BY name_key, row_no")  # a band's rows lie together
    connection.exec_driver_sql(
        "CREATE INDEX ix_entity_name_band ON entity_name_band USING gin (entity_band_grams(band, name))")


def _rebuild_name_bands(connection: sa.Connection, rows_per_band: int) -> None:
    connection.exec_driver_sql("INSERT INTO entity_fts_name (entity_fts_name) VALUES ('delete-all')")
    cursor = connection.exec_driver_sql(
        "SELECT row_no, name, (row_number() OVER (ORDER BY name_key, row_no) - 1) / ? FROM market_entity",
        (rows_per_band,))
    while batch := cursor.fetchmany(50_000):
        connection.exec_driver_sql(
            "INSERT INTO entity_fts_name (rowid, grams) VALUES (?, ?)",
            [(name_band_rowid(band, row_no), name_tokens(name)) for row_no, name, band in batch])


# --- bulk ---------------------------------------------------------------------------------


def bulk_index(connection: sa.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index (row_no, name) pairs just loaded in bulk (the demo loader, an import)."""
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql(
        "INSERT INTO entity_fts (rowid, grams) VALUES (?, ?)",
        [(row_no, name_tokens(name)) for row_no, name in rows],
    )


def replace_names(connection: sa.Connection, removed: Iterable[tuple[int, str]],
                  added: Iterable[tuple[int, str]]) -> None:
    """Rows written around the handlers (a workstation's pull): take the (row_no, name) pairs
    that were indexed out and put the new ones in. SQLite only; the others index by themselves."""
    if connection.dialect.name != "sqlite":
        return
    removed, added = list(removed), list(added)
    if removed:
        connection.exec_driver_sql(
            "INSERT INTO entity_fts (entity_fts, rowid, grams) VALUES ('delete', ?, ?)",
            [(row_no, name_tokens(name)) for row_no, name in removed])
    if added:
        bulk_index(connection, added)


def rebuild_name_index(connection: sa.Connection) -> None:
    """Drop and refill the SQLite name index from market_entity (after a raw import)."""
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("INSERT INTO entity_fts (entity_fts) VALUES ('delete-all')")
    cursor = connection.exec_driver_sql("SELECT row_no, name FROM market_entity")
    while batch := cursor.fetchmany(50_000):
        bulk_index(connection, batch)


def rebuild_anchors(connection: sa.Connection, *, bucket_size: int = BUCKET_SIZE) -> int:
    """Draw the buckets again from the whole register; returns the number of anchor rows.

    Run in its own transaction. It locks reg_anchor first: a writer that has already bumped a
    count is waited for (and so is visible to the scan), and one that has not yet bumped waits
    until the new buckets are in, then bumps those. The first key of every bucket is picked by
    a window function in the database, so only every 1000th row travels (3M rows: ~20 s on
    PostgreSQL, ~35 s on SQLite, mostly the sorts by district).
    """
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("LOCK TABLE reg_anchor IN EXCLUSIVE MODE")
    connection.execute(reg_anchor.delete())  # on SQLite this takes the write lock
    m = MarketEntity.__table__.c
    levels = {"city": None, "district": m.district_code, "office": m.office_code}
    total = 0
    faceted = []
    for level, part in levels.items():
        prefix = {"city": "city", "district": "d:", "office": "o:"}[level]
        if part is None:
            sizes = {"city": connection.execute(sa.select(sa.func.count()).select_from(MarketEntity.__table__)).scalar()}
        else:
            sizes = {prefix + code: n for code, n in connection.execute(sa.select(part, sa.func.count()).group_by(part))}
        for sort in SCOPE_SORTS[level]:
            spec = SORT_SPECS[sort]
            key = m[spec.column] if spec.column else None
            order = ([key.asc().nulls_first() if spec.nullable else key] if key is not None else []) + [m.row_no]
            if facets.faceted_scope(prefix):
                faceted.append((prefix, sort, part, order))
            rn = sa.func.row_number().over(partition_by=part, order_by=order).label("rn")
            cols = [m.row_no, rn] + ([key.label("k")] if key is not None else []) + (
                [part.label("part")] if part is not None else [])
            numbered = sa.select(*cols).subquery()
            firsts = sa.select(numbered).where((numbered.c.rn - 1) % bucket_size == 0)
            rows = []
            for r in connection.execute(firsts):
                scope = prefix + r.part if part is not None else "city"
                bucket = (r.rn - 1) // bucket_size
                size = sizes[scope]
                entry = {"scope": scope, "sort_name": sort, "bucket_no": bucket, "key_text": None,
                         "key_date": None, "key_row": None,
                         "row_count": min(bucket_size, size - bucket * bucket_size)}
                # bucket 0's key is a lower bound for seeking (it takes any smaller key later)
                entry["key_row"] = r.row_no
                if spec.anchor_column:
                    entry[spec.anchor_column] = r.k
                rows.append(entry)
            if level == "city" and not rows:  # an empty register still gets its (empty) bucket
                rows.append({"scope": "city", "sort_name": sort, "bucket_no": 0, "key_text": None,
                             "key_date": None, "key_row": None, "row_count": 0})
            for i in range(0, len(rows), 5000):
                connection.execute(reg_anchor.insert(), rows[i:i + 5000])
            total += len(rows)
    total += facets.rebuild(connection, faceted, bucket_size * facets.BAND)
    if connection.dialect.name == "sqlite":
        _rebuild_name_bands(connection, bucket_size * facets.BAND)
    elif connection.dialect.name == "postgresql":
        _rebuild_name_bands_pg(connection, bucket_size * facets.BAND)
    return total


#: the register's columns (Core, not ORM: the searches compose them into larger statements)
_entity = MarketEntity.__table__.c


def name_contains(dialect: str, fragment: str) -> Any:
    """market_entity rows whose name contains `fragment`, through the name index of the dialect
    (migration 0002): SQLite's FTS5 pairs, PostgreSQL's GIN over the name's pairs, Oracle Text;
    a LIKE scan only where no index exists. The register search and the name check both ask
    here, so neither scans 3 million names on any dialect."""
    if dialect == "sqlite":
        fts = sa.table("entity_fts", sa.column("rowid"), sa.column("entity_fts"))
        hits = sa.select(fts.c.rowid).where(fts.c.entity_fts.op("MATCH")(fragment_match(fragment)))
        return _entity.row_no.in_(hits)  # exact: the pair phrase matches substrings and nothing else
    like = text.contains(_entity.name, fragment)
    if dialect == "postgresql":
        grams = sa.cast(sa.literal(name_grams(fragment), postgresql.ARRAY(sa.Text)),
                        postgresql.ARRAY(sa.Text))
        # the index finds names holding every pair; LIKE drops those with the pairs elsewhere
        return sa.and_(sa.func.entity_name_grams(_entity.name).op("@>")(grams), like)
    if dialect == "oracle":
        # Oracle Text: {…} takes the text literally (only } needs doubling); LIKE rechecks
        query = "{" + fragment.replace("}", "}}") + "}"
        return sa.and_(sa.text("CONTAINS(market_entity.name, :ctx_q) > 0").bindparams(ctx_q=query), like)
    return like
