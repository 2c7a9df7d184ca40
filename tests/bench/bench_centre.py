"""The city register search through the centre's query API, against the same query run in-process.

    .venv/bin/python -m tests.bench.bench_centre                          # 200,000 entities, SQLite
    .venv/bin/python -m tests.bench.bench_centre --entities 100000        # a quick run
    .venv/bin/python -m tests.bench.bench_centre --dialect postgresql     # a throwaway cluster
    .venv/bin/python -m tests.bench.bench_centre --url sqlite:////tmp/hongdun-bench/register.db   # no load

A district or city user has no replica: the register screen asks the centre
(`POST /api/v1/queries/registration.page` and `registration.count`). This bench loads the demo
register (`client.demo.populate`, as `hongdun demo` does; `--url` measures a database loaded
before, e.g. bench_register's 3 million), starts a real centre process on it (`hongdun centre
serve`, `start_centre` below), signs in as "city" and asks, for the same random samples:

- in-process: `client.registration.register_list.page/count` with a fresh session of this
  process (what the centre's endpoint runs);
- api: the HTTP request through one keep-alive httpx client (what the centre adds: HTTP, the
  token's check, the request's validation, the answer's JSON, gzip as the workstation asks);
- remote: the workstation's own path (sync.remote.RemoteQueries over a UserSession: the answer
  validated back into `EntityRow`s), what a city user's screen waits for.

Cases: a credit-code search; first pages (50 rows) of 2-character name fragments in register
order and in name order (the screen's default); their counts; a page anywhere in the city's
list; counts of the city and of a state; and `kernel.ping` (a request that asks the database
only "SELECT 1": the fixed cost of a request). In-process and API alternate sample by sample,
so both meet the same caches. Each answer through the API is checked against the in-process
one (the same rows, the same count): a difference fails the run. Timing decides nothing.
Target: the API's p95 no more than 20 ms above the in-process p95.

The centre listens as an installed one does (`--listen 127.0.0.1:<port>`, `start_centre`).
Prints a table and writes tests/bench/results/centre-<dialect>.json.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).with_name("results")
API = "/api/v1"
TARGET_EXTRA_MS = 20

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="hongdun-bench-keyring-"))


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _stats(values: list[float]) -> dict:
    return {"n": len(values), "p50_ms": round(statistics.median(values), 2), "p95_ms": round(_pct(values, 95), 2),
            "max_ms": round(max(values), 2)}


def start_centre(db_url: str, log: Path, *, extra: tuple[str, ...] = ()):
    """`hongdun centre serve --listen 127.0.0.1:<port>` in a process of its own, plain HTTP, the
    way an installed centre listens (uvicorn binds the socket): a tests.centres.CentreProcess
    (`.url`, `.stop()`). `extra`: more options of `centre serve`."""
    from tests.centres import CentreProcess
    from tests.pgcluster import free_port

    for attempt in range(3):
        port = free_port()  # (another process may take it first: then the next attempt)
        cmd = [sys.executable, "-m", "hongdun_cli", "centre", "serve", "--url", db_url,
               "--listen", f"127.0.0.1:{port}", "--log-level", "warning", "--insecure-http", *extra]
        with open(log, "ab") as out:
            process = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        centre = CentreProcess(f"http://127.0.0.1:{port}", process, log)
        try:
            centre.wait_healthy()
            return centre
        except RuntimeError:
            centre.stop()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@dataclasses.dataclass
class Case:
    """One kind of question: `fn` (the registered query function) and its arguments per sample."""
    name: str
    fn: object
    samples: list[dict]


def cases(engine: sa.Engine, principal, n: int, seed: int) -> list[Case]:
    from client.kernel import org
    from client.registration import register_list
    from client.registration.search import EntityFilter
    from tests.bench.bench_register import sample

    rng = random.Random(seed)
    picks = sample(engine, max(1000, n), seed)
    assert picks, "the register is empty"

    def fragment(name: str, length: int = 2) -> str:
        i = rng.randrange(0, max(1, len(name) - length + 1))
        return name[i:i + length]

    def page(flt, sort="row_no", offset=0):
        return {"principal": principal, "flt": flt, "sort": sort, "descending": False, "offset": offset,
                "limit": 50}

    with engine.connect() as c:
        total = c.scalar(sa.select(sa.func.count()).select_from(sa.table("market_entity")))
    codes = [r["uscc"] for r in rng.sample(picks, n) if r["uscc"]]
    frags = [fragment(r["name"]) for r in rng.sample(picks, n)]
    few = max(10, n // 4)  # the slow kinds: fewer samples
    return [
        Case("ping", org.ping, [{} for _ in range(n)]),
        Case("code_page", register_list.page, [page(EntityFilter(text=c)) for c in codes]),
        Case("fragment2_page", register_list.page, [page(EntityFilter(text=f)) for f in frags]),
        Case("fragment2_page_by_name", register_list.page, [page(EntityFilter(text=f), "name") for f in frags[:few]]),
        Case("fragment2_count", register_list.count,
             [{"principal": principal, "flt": EntityFilter(text=f)} for f in frags[:few]]),
        Case("city_page_anywhere", register_list.page,
             [page(EntityFilter(), offset=rng.randrange(max(1, total - 50))) for _ in range(few)]),
        Case("city_count", register_list.count, [{"principal": principal, "flt": EntityFilter()} for _ in range(few)]),
        Case("active_count", register_list.count,
             [{"principal": principal, "flt": EntityFilter(states=("active",))} for _ in range(few)]),
    ]


def measure(url: str, centre_url: str, n: int, seed: int) -> dict:
    import httpx

    from client.db.engine import make_engine, make_session_factory
    from client.kernel.registry import query_name
    from client.kernel.users import DEMO_PASSWORD
    from sync.centre_client import CentreClient
    from sync.remote import RemoteQueries, UserSession, _shape

    engine = make_engine(url)
    sessions = make_session_factory(engine)
    # the API as a script or another service would ask it: one keep-alive connection, gzip as
    # the workstation asks (sync.centre_client)
    http = httpx.Client(base_url=centre_url, headers={"Accept-Encoding": "gzip"}, timeout=300)
    signed = http.post(f"{API}/sessions", json={"username": "city", "password": DEMO_PASSWORD})
    signed.raise_for_status()
    token = signed.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    client = CentreClient([centre_url])
    user = UserSession.sign_in(client, "city", DEMO_PASSWORD)
    principal = user.principal
    remote = RemoteQueries(user)

    def in_process(fn, kwargs):
        with sessions() as s:
            return fn(s, **kwargs)

    def api(fn, kwargs):
        shape = _shape(fn)
        body = {name: adapter.dump_python(kwargs[name], mode="json")
                for name, adapter in shape.params if adapter is not None and name in kwargs}
        answer = http.post(f"{API}/queries/{query_name(fn)}", json=body, headers=auth)
        answer.raise_for_status()
        return answer.json()

    def via_remote(fn, kwargs):  # (the principal argument is not sent: the centre uses the session's)
        return remote.run(fn, **kwargs)

    def same(local, wire) -> bool:
        if isinstance(local, list):
            return [r.id for r in local] == [r["id"] for r in wire]
        return local == wire

    out: dict = {}
    all_cases = cases(engine, principal, n, seed)
    # warm both sides a little (the pool, the prepared statements, the page cache), as a
    # centre that has been serving and a screen that has been open
    for case in all_cases:
        for kwargs in case.samples[:3]:
            in_process(case.fn, kwargs), api(case.fn, kwargs), via_remote(case.fn, kwargs)
    for case in all_cases:
        local_ms, api_ms, remote_ms, diffs = [], [], [], []
        print(f"  {case.name}: {len(case.samples)} samples …", flush=True)
        for k, kwargs in enumerate(case.samples):
            # alternate which goes first, so that neither always meets the other's warm cache
            order = ("local", "api", "remote") if k % 2 == 0 else ("remote", "api", "local")
            answers, times = {}, {}
            for side in order:
                fn = {"local": in_process, "api": api, "remote": via_remote}[side]
                t = time.perf_counter()
                answers[side] = fn(case.fn, kwargs)
                times[side] = (time.perf_counter() - t) * 1000
            if not same(answers["local"], answers["api"]):
                raise AssertionError(f"{case.name}: the API answered differently from the query in-process "
                                     f"for {kwargs}")
            if isinstance(answers["remote"], list):
                assert [r.id for r in answers["remote"]] == [r.id for r in answers["local"]], case.name
            else:
                assert answers["remote"] == answers["local"], case.name
            local_ms.append(times["local"])
            api_ms.append(times["api"])
            remote_ms.append(times["remote"])
            diffs.append(times["api"] - times["local"])
        rows = answers["local"]
        out[case.name] = {"in_process": _stats(local_ms), "api": _stats(api_ms), "remote": _stats(remote_ms),
                          "api_minus_in_process_p95_ms": round(_pct(api_ms, 95) - _pct(local_ms, 95), 2),
                          "paired_extra": _stats(diffs),
                          "answer": len(rows) if isinstance(rows, list) else rows}
    http.close()
    user.sign_out()
    client.close()
    engine.dispose()
    return out


def report(dialect: str, entities: int | None, results: dict) -> str:
    lines = [f"== centre query API vs in-process: {dialect}, {entities or '?'} entities ==  "
             f"(load average now: "
             f"{' '.join(f'{x:.1f}' for x in os.getloadavg())})", "",
             f"{'case':26s} {'in-proc p50':>11s} {'p95':>8s} {'api p50':>9s} {'p95':>8s} {'remote p95':>11s} "
             f"{'api-in p95':>11s} {'paired p50':>11s}"]
    for name, v in results.items():
        lines.append(f"{name:26s} {v['in_process']['p50_ms']:11.2f} {v['in_process']['p95_ms']:8.2f} "
                     f"{v['api']['p50_ms']:9.2f} {v['api']['p95_ms']:8.2f} {v['remote']['p95_ms']:11.2f} "
                     f"{v['api_minus_in_process_p95_ms']:11.2f} {v['paired_extra']['p50_ms']:11.2f}")
    lines.append(f"(ms; target: api p95 − in-process p95 ≤ {TARGET_EXTRA_MS} ms)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entities", type=int, default=200_000)
    ap.add_argument("--dialect", choices=("sqlite", "postgresql"), default="sqlite")
    ap.add_argument("--url", help="measure this already populated database (no load)")
    ap.add_argument("--samples", type=int, default=200, help="samples of the quick cases (the slow ones: a quarter)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL cluster (the SQLite file always stays)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/hongdun-bench"))
    args = ap.parse_args(argv)

    from tests.bench.bench_register import populate_timed, warm

    cluster, url, load = None, args.url, None
    dialect = sa.make_url(url).get_backend_name() if url else args.dialect
    args.workdir.mkdir(parents=True, exist_ok=True)
    sqlite_file = None
    centre = None
    try:
        if url is None:
            if dialect == "sqlite":
                sqlite_file = args.workdir / "centre.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(sqlite_file) + suffix).unlink(missing_ok=True)
                url = f"sqlite:///{sqlite_file}"
            else:
                from tests.pgcluster import PgCluster

                cluster = PgCluster.on_disk(args.workdir)
                url = cluster.url(cluster.create_database("register"))
            print(f"populating {args.entities:,} entities into {dialect} …", flush=True)
            load = populate_timed(url, args.entities, args.seed)
        from client.db.engine import make_engine

        engine = make_engine(url)
        try:
            print(f"reading the database into the page cache … {warm(engine):.1f} s", flush=True)
            with engine.connect() as c:
                entities = c.scalar(sa.select(sa.func.count()).select_from(sa.table("market_entity")))
        finally:
            engine.dispose()
        centre = start_centre(url, args.workdir / "centre.log")
        print(f"centre {centre.url}; measuring …", flush=True)
        results = measure(url, centre.url, args.samples, args.seed)
    finally:
        if centre is not None:
            centre.stop()
        if cluster is not None and not args.keep:
            cluster.destroy()
        elif cluster is not None:
            print(f"  kept: {url} (stop with python -m tests.pgcluster stop {cluster.base_dir})")
        if sqlite_file is not None:
            print(f"  the SQLite file stays, for --url sqlite:///{sqlite_file} (remove it when done)")
    print(report(dialect, entities, results), flush=True)
    doc = {"dialect": dialect, "entities": entities, "load": load,
           "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg_after": os.getloadavg()},
           "target_extra_p95_ms": TARGET_EXTRA_MS, "results": results, "when": time.strftime("%Y-%m-%d %H:%M:%S")}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"centre-{dialect}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
