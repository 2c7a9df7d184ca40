"""Facet counts of the register's scroll bands: how many rows of each state, kind and month of
establishment lie in each band of a sorted scope.

A band is BAND consecutive anchor buckets (client.kernel.name_index: ~16,000 rows). With the
counts of a filter's value in every band, the register screen finds the band holding position
1,200,000 of "the active entities of the city, by name" by adding ~190 numbers, seeks to that
band's first key and skips less than a band, instead of reading 1.2 million rows from the top.
It works for a filter on one of the three dimensions (states, kinds, a date range); a list
filtered on two of them is reached as before (its counts per band are not the sums of these).

The counts live in reg_facet (migration 0007), kept by the same code and in the same
transaction as the anchors' counts (`name_index.on_entity_saved`): an entity established,
moved, renamed, or changing state or kind moves its counts between bands and values. Only
city and district scopes have them: an office's list is short enough to skip through.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite as sqlite_dialect

#: anchor buckets per band: a band is the most a filtered page skips row by row
BAND = 16

#: the dimensions a band is counted by, and the entity column each reads
DIMENSIONS = ("state", "kind", "month")

facet_metadata = sa.MetaData()

#: migration 0007; Core, like reg_anchor: no screen edits it
reg_facet = sa.Table(
    "reg_facet",
    facet_metadata,
    sa.Column("scope", sa.String(24), primary_key=True),
    sa.Column("sort_name", sa.String(12), primary_key=True),
    sa.Column("band_no", sa.Integer, primary_key=True),
    sa.Column("dim", sa.String(8), primary_key=True),
    sa.Column("value", sa.String(12), primary_key=True),
    sa.Column("row_count", sa.BigInteger, nullable=False),
)


def faceted_scope(scope: str) -> bool:
    return not scope.startswith("o:")


def month_of(day: dt.date | str) -> str:
    """'YYYY-MM' (SQLite hands dates back as ISO text in raw statements)."""
    return str(day)[:7]


def values_of(state: str, kind_code: str, established_on: dt.date) -> tuple[tuple[str, str], ...]:
    """The (dimension, value) pairs a row is counted under."""
    return (("state", state), ("kind", kind_code), ("month", month_of(established_on)))


def bump(conn: sa.Connection, changes: Iterable[tuple[str, str, int, tuple[tuple[str, str], ...], int]]) -> None:
    """Apply (scope, sort, bucket, facet values, delta) to the band counts.

    Called by name_index._bump after it updated the buckets' own counts in this transaction,
    which locks those anchor rows: two writers of one bucket are already in line. Two writers
    of one band through different buckets may both be first to count a value, hence the upsert.
    """
    deltas: dict[tuple[str, str, int, str, str], int] = defaultdict(int)
    for scope, sort, bucket, values, delta in changes:
        if not faceted_scope(scope):
            continue
        for dim, value in values:
            deltas[(scope, sort, bucket // BAND, dim, value)] += delta
    for key, delta in sorted(deltas.items()):  # one global order: no deadlock between writers
        if delta:
            _add(conn, key, delta)


def _add(conn: sa.Connection, key: tuple[str, str, int, str, str], delta: int) -> None:
    scope, sort, band, dim, value = key
    row = {"scope": scope, "sort_name": sort, "band_no": band, "dim": dim, "value": value, "row_count": delta}
    f = reg_facet.c
    dialect = conn.dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = (postgresql.insert if dialect == "postgresql" else sqlite_dialect.insert)(reg_facet)
        conn.execute(insert.values(**row).on_conflict_do_update(
            index_elements=[f.scope, f.sort_name, f.band_no, f.dim, f.value],
            set_={"row_count": reg_facet.c.row_count + delta}))
        return
    if dialect == "oracle":
        conn.execute(sa.text(
            "MERGE INTO reg_facet t USING (SELECT :scope scope, :sort_name sort_name, :band_no band_no, "
            ":dim dim, :value value FROM dual) s ON (t.scope = s.scope AND t.sort_name = s.sort_name "
            "AND t.band_no = s.band_no AND t.dim = s.dim AND t.value = s.value) "
            "WHEN MATCHED THEN UPDATE SET t.row_count = t.row_count + :row_count "
            "WHEN NOT MATCHED THEN INSERT (scope, sort_name, band_no, dim, value, row_count) "
            "VALUES (s.scope, s.sort_name, s.band_no, s.dim, s.value, :row_count)"), row)
        return
    updated = conn.execute(reg_facet.update().where(
        f.scope == scope, f.sort_name == sort, f.band_no == band, f.dim == dim, f.value == value)
        .values(row_count=f.row_count + delta)).rowcount
    if not updated:
        conn.execute(reg_facet.insert().values(**row))


def rebuild(connection: sa.Connection, scopes: Iterable[tuple[str, str, Any, list[Any]]],
            rows_per_band: int) -> int:
    """Count every band again. `scopes`: (level prefix, sort name, partition column or None,
    ORDER BY) as name_index.rebuild_anchors numbers the rows: band = (row number - 1) //
    rows_per_band, the same boundaries as its buckets'. Returns the number of facet rows."""
    from client.kernel.models import MarketEntity

    m = MarketEntity.__table__.c
    connection.execute(reg_facet.delete())
    total = 0
    for prefix, sort, part, order in scopes:
        rn = sa.func.row_number().over(partition_by=part, order_by=order).label("rn")
        cols = [rn, m.state, m.kind_code, _month_sql(connection, m.established_on).label("month")] + (
            [part.label("part")] if part is not None else [])
        numbered = sa.select(*cols).subquery()
        band = sa.cast((numbered.c.rn - 1) / rows_per_band, sa.Integer)
        if connection.dialect.name == "postgresql":
            band = sa.func.div(numbered.c.rn - 1, rows_per_band)
        elif connection.dialect.name == "oracle":
            band = sa.func.trunc((numbered.c.rn - 1) / rows_per_band)
        group = [numbered.c.part] if part is not None else []
        query = (sa.select(*group, band.label("band"), numbered.c.state, numbered.c.kind_code,
                           numbered.c.month, sa.func.count().label("n"))
                 .group_by(*group, band, numbered.c.state, numbered.c.kind_code, numbered.c.month))
        counts: dict[tuple[str, int, str, str], int] = defaultdict(int)
        for r in connection.execute(query):
            scope = prefix + r.part if part is not None else prefix
            for dim, value in (("state", r.state), ("kind", r.kind_code), ("month", r.month)):
                counts[(scope, int(r.band), dim, value)] += r.n
        rows = [{"scope": s, "sort_name": sort, "band_no": b, "dim": d, "value": v, "row_count": n}
                for (s, b, d, v), n in counts.items()]
        for i in range(0, len(rows), 5000):
            connection.execute(reg_facet.insert(), rows[i:i + 5000])
        total += len(rows)
    return total


def _month_sql(connection: sa.Connection, column: Any) -> Any:
    if connection.dialect.name == "sqlite":  # dates are ISO text there
        return sa.func.substr(column, 1, 7)
    return sa.func.to_char(column, "YYYY-MM")


def band_counts(conn: sa.Connection, scope: str, sort: str, dim: str, *, values: Iterable[str] = (),
                between: tuple[str, str] | None = None) -> dict[int, int]:
    """band → rows of the scope in that band whose `dim` is one of `values` (or in the
    inclusive range `between`, for months)."""
    f = reg_facet.c
    where = [f.scope == scope, f.sort_name == sort, f.dim == dim]
    if between is not None:
        where += [f.value >= between[0], f.value <= between[1]]
    else:
        where.append(f.value.in_(list(values)))
    query = sa.select(f.band_no, sa.func.sum(f.row_count)).where(*where).group_by(f.band_no)
    return {int(b): int(n) for b, n in conn.execute(query) if n}
