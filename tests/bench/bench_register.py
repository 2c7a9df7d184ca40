"""Benchmark of the register at scale: demo load, search and paging on SQLite and PostgreSQL.

    .venv/bin/python -m tests.bench.bench_register                      # 3,000,000 entities, both dialects
    .venv/bin/python -m tests.bench.bench_register --entities 200000 --dialect sqlite
    .venv/bin/python -m tests.bench.bench_register --url sqlite:////tmp/r.db   # measure a loaded database

Prints a table per dialect and writes tests/bench/results/register-<dialect>.json. PostgreSQL runs
in a throwaway cluster (tests/pgcluster.py) that is destroyed at the end unless --keep is given.
Targets (DESIGN/PLATFORM): code p95 < 5 ms, fragment first page p95 < 50 ms, page_at anywhere
< 300 ms, demo load < 10 min.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from client.db.engine import make_engine
from client.kernel.models import MarketEntity
from client.kernel.roles import Principal, Role
from client.registration.search import EntityFilter, RegisterQuery

RESULTS = Path(__file__).with_name("results")
CITY = Principal("bench", "bench", "基准", frozenset({Role.REVIEWER}), None, None)

TARGETS_MS = {"code": 5, "fragment": 50, "page_at": 300}


def _ms(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _stats(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(statistics.median(values), 2), "p95_ms": round(_pct(values, 95), 2),
            "max_ms": round(max(values), 2)}


def populate_timed(url: str, entities: int, seed: int) -> dict:
    from client.demo import populate

    start = time.perf_counter()
    marks: list[tuple[int, float]] = []

    def progress(done: int, total: int) -> None:
        now = time.perf_counter() - start
        marks.append((done, now))
        if done == total or len(marks) % 10 == 0:
            print(f"  loaded {done:,}/{total:,} in {now:.0f} s ({done / max(now, 1e-9):,.0f}/s)", flush=True)

    populate(url, entities=entities, seed=seed, progress=progress)
    total = time.perf_counter() - start
    rows_done = marks[-1][1] if marks else total
    return {"entities": entities, "seconds": round(total, 1), "rows_seconds": round(rows_done, 1),
            "indexes_anchors_seconds": round(total - rows_done, 1),
            "rate_per_s": round(entities / total)}


def sample(engine: sa.Engine, n: int, seed: int) -> list[dict]:
    """n random entities (by row_no: dense, so a random number is a random row)."""
    m = MarketEntity.__table__.c
    with engine.connect() as conn:
        top = conn.execute(sa.select(sa.func.max(m.row_no))).scalar() or 0
        rng = random.Random(seed)
        wanted = sorted({rng.randint(1, top) for _ in range(n)})
        rows = conn.execute(sa.select(m.row_no, m.uscc, m.name, m.name_initials, m.legal_rep, m.district_code,
                                      m.office_code).where(m.row_no.in_(wanted))).all()
    return [dict(r._mapping) for r in rows]


def warm(engine: sa.Engine) -> float:
    """Read the database's files once, so that the figures are those of a centre whose working
    set is in memory, not of a disk: this machine's page cache is reclaimed when it idles (a
    3.3 GB SQLite file read again takes 4 s cold, 0.7 s warm). Returns the seconds it took."""
    started = time.perf_counter()
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        for name in (path, path + "-wal"):
            if Path(name).exists():
                with open(name, "rb") as f:
                    while f.read(8 << 20):
                        pass
    elif engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            # 'read': into the OS page cache (shared_buffers stays at its default, 128 MB)
            conn.exec_driver_sql(
                "SELECT pg_prewarm(c.oid, 'read') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 't', 'm')").all()
            conn.commit()
    return time.perf_counter() - started


def measure(engine: sa.Engine, seed: int = 1) -> dict:
    rng = random.Random(seed)
    picks = sample(engine, 1000, seed)
    out: dict = {}

    def first_page(flt: EntityFilter, principal=CITY, sort="row_no") -> float:
        return _ms(lambda: RegisterQuery(engine, principal, flt, sort).first_page(50))

    # warm the pool and the caches a little, as a screen that has been open does
    for r in picks[:20]:
        first_page(EntityFilter(text=r["uscc"]))

    codes = [r["uscc"] for r in rng.sample(picks, 200)]
    out["code"] = _stats([first_page(EntityFilter(text=c)) for c in codes])

    for length in (1, 2, 3, 4):
        frags = []
        for r in rng.sample(picks, 200):
            name = r["name"]
            i = rng.randrange(0, len(name) - length + 1)
            frags.append(name[i:i + length])
        out[f"fragment{length}_first_page"] = _stats([first_page(EntityFilter(text=f)) for f in frags])
        out[f"fragment{length}_first_page_by_name"] = _stats(
            [first_page(EntityFilter(text=f), sort="name") for f in frags[:50]])
        out[f"fragment{length}_count"] = _stats(
            [_ms(lambda f=f: RegisterQuery(engine, CITY, EntityFilter(text=f)).count()) for f in frags[:50]])

    initials = [r["name_initials"][:4] for r in rng.sample(picks, 100)]
    out["initials_first_page"] = _stats([first_page(EntityFilter(text=t)) for t in initials])
    reps = [r["legal_rep"] for r in rng.sample(picks, 100)]
    out["legal_rep_first_page"] = _stats([first_page(EntityFilter(legal_rep=t)) for t in reps])

    one = picks[0]
    scopes = {
        "city": CITY,
        "district": Principal("b", "b", "b", frozenset(), None, one["district_code"]),
        "office": Principal("b", "b", "b", frozenset(), one["office_code"], None),
    }
    for scope, principal in scopes.items():
        for sort in ("row_no", "name", "established_on", "uscc"):
            for descending in (False, True):
                q = RegisterQuery(engine, principal, EntityFilter(), sort, descending)
                count_ms = _ms(q.count)
                total = q.count()
                times = {}
                for where, pos in (("start", 0), ("middle", total // 2), ("end", max(0, total - 50))):
                    fresh = [_ms(lambda p=pos: RegisterQuery(engine, principal, EntityFilter(), sort, descending)
                                 .page_at(p, 50)) for _ in range(3)]
                    times[where] = round(statistics.median(fresh), 2)
                # anywhere: 20 random positions, each with a fresh query (a jump of the scroll bar)
                anywhere = [_ms(lambda: RegisterQuery(engine, principal, EntityFilter(), sort, descending)
                                .page_at(rng.randrange(max(1, total)), 50)) for _ in range(20)]
                key = f"page_{scope}_{sort}_{'desc' if descending else 'asc'}"
                out[key] = {"rows": total, "count_ms": round(count_ms, 2), **{f"{k}_ms": v for k, v in times.items()},
                            "anywhere": _stats(anywhere)}

    counts = {
        "count_city": EntityFilter(),
        "count_active": EntityFilter(states=("active",)),
        "count_individual_active_district": EntityFilter(kind_codes=("9600",), states=("active",),
                                                         district_code=one["district_code"]),
        "count_fragment_common": EntityFilter(text="有限公司"),
        "count_since_2020": EntityFilter(established_from=__import__("datetime").date(2020, 1, 1)),
    }
    for key, flt in counts.items():
        q = RegisterQuery(engine, CITY, flt)
        out[key] = {"ms": round(_ms(q.count), 2), "rows": q.count(),
                    "first_page_ms": round(_ms(lambda: RegisterQuery(engine, CITY, flt).first_page(50)), 2),
                    "middle_ms": round(_ms(lambda: RegisterQuery(engine, CITY, flt).page_at(q.count() // 2, 50)), 2)}
    return out


def report(dialect: str, load: dict | None, results: dict) -> str:
    lines = [f"== register benchmark: {dialect} ==  (load average now: "
             f"{' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())})", ""]
    if load:
        lines.append(f"demo load: {load['entities']:,} entities in {load['seconds']} s "
                     f"({load['rate_per_s']:,}/s; rows {load['rows_seconds']} s, indexes+anchors "
                     f"{load['indexes_anchors_seconds']} s)")
    lines.append(f"{'measure':45s} {'p50 ms':>9s} {'p95 ms':>9s} {'max ms':>9s}")
    for key, v in results.items():
        if "p50_ms" in v:
            lines.append(f"{key:45s} {v['p50_ms']:9.2f} {v['p95_ms']:9.2f} {v['max_ms']:9.2f}")
    lines.append("")
    lines.append(f"{'page_at (fresh query, 50 rows)':45s} {'rows':>9s} {'count':>8s} {'start':>8s} {'middle':>8s} "
                 f"{'end':>8s} {'any p95':>8s}")
    for key, v in results.items():
        if key.startswith("page_"):
            lines.append(f"{key[5:]:45s} {v['rows']:9d} {v['count_ms']:8.1f} {v['start_ms']:8.1f} "
                         f"{v['middle_ms']:8.1f} {v['end_ms']:8.1f} {v['anywhere']['p95_ms']:8.1f}")
    lines.append("")
    for key, v in results.items():
        if key.startswith("count_"):
            lines.append(f"{key:45s} rows {v['rows']:>9,}  count {v['ms']:8.1f} ms  first page "
                         f"{v['first_page_ms']:7.1f} ms  middle {v['middle_ms']:7.1f} ms")
    return "\n".join(lines)


def run(dialect: str, url: str | None, entities: int, seed: int, keep: bool, workdir: Path) -> dict:
    cluster = None
    load = None
    try:
        if url is None:
            if dialect == "sqlite":
                workdir.mkdir(parents=True, exist_ok=True)
                path = workdir / "register.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                url = f"sqlite:///{path}"
            else:
                from tests.pgcluster import PgCluster

                cluster = PgCluster.on_disk(workdir)
                url = cluster.url(cluster.create_database("register"))
                print(f"  PostgreSQL cluster at {cluster.data_dir} ({url})", flush=True)
            print(f"populating {entities:,} entities into {dialect} …", flush=True)
            load = populate_timed(url, entities, seed)
        engine = make_engine(url)
        try:
            print(f"reading the database into the page cache … {warm(engine):.1f} s", flush=True)
            print("measuring …", flush=True)
            results = measure(engine)
        finally:
            engine.dispose()
        text = report(dialect, load, results)
        print(text, flush=True)
        # the machine may be shared: the load average says how much else was running
        doc = {"dialect": dialect, "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                                               "loadavg_after": __import__("os").getloadavg()},
               "load": load, "results": results, "when": time.strftime("%Y-%m-%d %H:%M:%S")}
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"register-{dialect}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1))
        return doc
    finally:
        if cluster is not None and not keep:
            cluster.destroy()
        elif cluster is not None:
            print(f"  kept: {cluster.url('register')} (stop with python -m tests.pgcluster stop "
                  f"{cluster.base_dir}; then remove the directory)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=3_000_000)
    ap.add_argument("--dialect", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--url", help="measure this already populated database (no load)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL cluster")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/hongdun-bench"), help="where the SQLite file goes")
    args = ap.parse_args(argv)
    if args.url:
        run(sa.make_url(args.url).get_backend_name(), args.url, 0, args.seed, args.keep, args.workdir)
        return 0
    for dialect in (("sqlite", "postgresql") if args.dialect == "both" else (args.dialect,)):
        run(dialect, None, args.entities, args.seed, args.keep, args.workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
