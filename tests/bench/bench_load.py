"""173 office workstations against two centre processes on one throwaway PostgreSQL (issue 9).

    .venv/bin/python -m tests.bench.bench_load                    # 300 s
    .venv/bin/python -m tests.bench.bench_load --seconds 30       # a quick run
    .venv/bin/python -m tests.bench.bench_load --interval 0       # no pause: the most it takes

One simulated workstation per office of the city (173): a clerk of that office (made here,
one per office) signs in online, the workstation enrols its device and registers the clerk's
key (sync.enrolment, as at a first sign-in), downloads its office's scope, then loops for
`--seconds`: queue `--commands` licence prints of the office's entities through the local bus,
then a sync round as the worker does it (hello, push, pull), then a pause of about `--interval`
seconds (jittered, so the rounds do not march in step). Each workstation is given both
centres' addresses, half of them in one order and half in the other (sync.centre_client
tries the first and fails over to the second), so each centre serves about half.

What the machine is: everything runs on this one computer (2 cores here): PostgreSQL, the two
centres, and the workstations — `--processes` worker processes (default 3) each running its
share of the workstations on threads (a GIL each). The workstations' own work (the local
command, its signatures, their SQLite stores) takes CPU the centres then lack, and a
latency includes the wait for the worker process's GIL. The report gives the CPU seconds each
part used, so the figures can be read for what they are: a lower bound of what two centres
on their own hardware take.

At the end every workstation pushes what is left and pulls once more; then the run checks
that nothing was lost or doubled (an assertion fails it): every queued op_id is in applied_op
and audited exactly once, nothing else was applied, the audit chain verifies, the change log
is dense, every outbox is empty, and every change of each office's scope in the change log is
in that office's local store (its licence-print history as many lines as the centre's).
Timing decides nothing. Prints and writes tests/bench/results/load.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).with_name("results")
USER_PREFIX = "load-"


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _stats(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50_ms": round(statistics.median(values), 1), "p95_ms": round(_pct(values, 95), 1),
            "p99_ms": round(_pct(values, 99), 1), "max_ms": round(max(values), 1)}


# --- the parent: the database, the centres, the workers, the checks ------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--processes", type=int, default=3, help="worker processes running the workstations")
    ap.add_argument("--workstations", type=int, default=173, help="how many offices get one (all: 173)")
    ap.add_argument("--commands", type=int, default=3, help="commands queued per round")
    ap.add_argument("--interval", type=float, default=5.0, help="mean pause between a workstation's rounds (s)")
    ap.add_argument("--entities", type=int, default=20_000, help="demo register size")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(Path(args.worker))

    work = Path(tempfile.mkdtemp(prefix="hongdun-bench-load-"))
    os.environ.update(PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
                      XDG_DATA_HOME=str(work / "keyring-parent"))

    from client.demo import populate
    from tests.bench.bench_centre import start_centre
    from tests.pgcluster import PgCluster

    cluster = PgCluster.temporary()
    centres: list = []
    workers: list = []
    try:
        url = cluster.url(cluster.create_database())
        t = time.perf_counter()
        populate(url, entities=args.entities)
        offices = make_office_users(url, args.workstations)
        setup_s = time.perf_counter() - t
        print(f"demo register of {args.entities:,} entities, {len(offices)} office clerks: {setup_s:.0f} s",
              flush=True)
        before = central_counts(url)
        for name in ("a", "b"):
            # the 173 offices share this machine's address: the password sign-ins of the
            # set-up would exceed the per-address limit meant for one office's NAT
            centres.append(start_centre(url, work / f"centre-{name}.log", extra=("--sign-ins-per-address", "1000")))
        addresses = [c.url for c in centres]
        print(f"centres {addresses}", flush=True)
        template = work / "template.db"  # a new store, made once (its migrations run once, not 173 times)
        from sync.local_store import open_local_store
        open_local_store(template).dispose()

        specs = []
        for p in range(args.processes):
            mine = [dict(o, index=k, addresses=addresses if k % 2 == 0 else addresses[::-1])
                    for k, o in enumerate(offices) if k % args.processes == p]
            spec = {"process": p, "work": str(work / f"w{p}"), "template": str(template), "workstations": mine,
                    "seconds": args.seconds, "commands": args.commands, "interval": args.interval,
                    "go": str(work / "go"), "seed": p}
            Path(spec["work"]).mkdir(parents=True)
            (Path(spec["work"]) / "spec.json").write_text(json.dumps(spec, ensure_ascii=False))
            env = dict(os.environ, XDG_DATA_HOME=str(Path(spec["work"]) / "keyring"))
            log = open(Path(spec["work"]) / "worker.log", "wb")
            workers.append(subprocess.Popen([sys.executable, "-m", "tests.bench.bench_load", "--worker",
                                             str(Path(spec["work"]) / "spec.json")], cwd=ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT))
            log.close()
            specs.append(spec)

        # every workstation signed in and downloaded its scope: then all start together
        t = time.perf_counter()
        while not all((Path(s["work"]) / "ready").exists() for s in specs):
            for w, s in zip(workers, specs):
                if w.poll() is not None:
                    raise RuntimeError(f"worker {s['process']} ended during set-up: "
                                       f"{(Path(s['work']) / 'worker.log').read_text()[-3000:]}")
            time.sleep(0.2)
        enrol_s = time.perf_counter() - t
        print(f"{len(offices)} workstations signed in, enrolled and downloaded in {enrol_s:.0f} s; "
              f"running {args.seconds:.0f} s …", flush=True)
        start = time.time() + 1.0
        (work / "go").write_text(str(start))
        time.sleep(max(0.0, start - time.time()))
        cpu0 = cpu_seconds(centres, cluster)
        activity = sample_activity(cluster, url, start + args.seconds)
        cpu1 = cpu_seconds(centres, cluster)  # (the workers measure their own: they have ended by the check)
        for w, s in zip(workers, specs):
            if w.wait(timeout=args.seconds + 1800) != 0:
                raise RuntimeError(f"worker {s['process']} failed: "
                                   f"{(Path(s['work']) / 'worker.log').read_text()[-3000:]}")
        outs = [json.loads((Path(s["work"]) / "out.json").read_text()) for s in specs]
        checks = check(url, outs, before)
        results = summarise(args, outs, start, cpu0, cpu1, setup_s, enrol_s, checks)
        results["postgresql_sessions"] = activity
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
        for c in centres:
            c.stop()
        cluster.destroy()
    print(report(results), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    shutil.rmtree(work, ignore_errors=True)
    return 0


def make_office_users(url: str, how_many: int) -> list[dict]:
    """A clerk for each office (the demo password), and the office's entities a print may name.
    An office the demo register left without an active registered entity has none to print:
    it is left out (the report says how many offices took part)."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from client.db.engine import make_engine
    from client.kernel import reference
    from client.kernel.models import AppUser, MarketEntity
    from client.kernel.roles import Role, format_roles
    from client.kernel.users import DEMO_PASSWORD, create_user

    engine = make_engine(url)
    out = []
    try:
        with Session(engine) as session, session.begin():
            hashed = None
            for office in reference.offices()[:how_many]:
                entities = list(session.scalars(sa.select(MarketEntity.id).where(
                    MarketEntity.office_code == office.code, MarketEntity.state == "active",
                    MarketEntity.uscc.is_not(None)).limit(50)))
                if not entities:
                    continue
                username = f"{USER_PREFIX}{office.code}"
                if hashed is None:  # one argon2 hash for all: they share the password
                    user = create_user(session, username=username, full_name=f"{office.name}登记员",
                                       password=DEMO_PASSWORD, roles={Role.CLERK}, office_code=office.code)
                    hashed = user.password_hash
                else:
                    user = AppUser(username=username, full_name=f"{office.name}登记员", password_hash=hashed,
                                   roles=format_roles({Role.CLERK}), office_code=office.code,
                                   district_code=office.district_code, failed_logins=0, disabled=False, version=1)
                    session.add(user)
                    session.flush()
                out.append({"office": office.code, "district": office.district_code, "username": username,
                            "user_id": user.id, "entities": entities})
    finally:
        engine.dispose()
    return out


def central_counts(url: str) -> dict:
    import sqlalchemy as sa

    from client.db.engine import make_engine
    from client.kernel.models import AppliedOp, ChangeLog

    engine = make_engine(url)
    try:
        with engine.connect() as c:
            return {"applied": c.scalar(sa.select(sa.func.count()).select_from(AppliedOp)),
                    "change_seq": c.scalar(sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))}
    finally:
        engine.dispose()


def check(url: str, outs: list[dict], before: dict) -> dict:
    """Nothing lost, nothing doubled (module doc). Raises AssertionError otherwise."""
    import sqlalchemy as sa

    from client.db.engine import make_engine, make_session_factory
    from client.kernel.models import AppliedOp, AuditEntry, ChangeLog
    from client.kernel.replication import DELETE, replicated_models
    from client.kernel.uow import verify_audit_chain
    from sync import local_schema

    stations = [w for out in outs for w in out["workstations"]]
    op_ids = [op for w in stations for op in w["op_ids"]]
    assert len(set(op_ids)) == len(op_ids), "an op_id queued twice"
    engine = make_engine(url)
    models = replicated_models()
    try:
        with make_session_factory(engine)() as s:
            ok, _, message = verify_audit_chain(s)
            assert ok, f"audit chain: {message}"
        with engine.connect() as c:
            applied, audited = set(), {}
            for start in range(0, len(op_ids), 1000):
                part = op_ids[start:start + 1000]
                applied.update(c.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(part))))
                audited.update(c.execute(sa.select(AuditEntry.op_id, sa.func.count()).where(
                    AuditEntry.op_id.in_(part), AuditEntry.action == "registration.licence_printed")
                    .group_by(AuditEntry.op_id)).all())
            lost = set(op_ids) - applied
            assert not lost, f"{len(lost)} queued commands not applied, e.g. {sorted(lost)[:3]}"
            assert len(audited) == len(op_ids) and set(audited.values()) == {1}, \
                f"audited not exactly once: {[k for k, v in audited.items() if v != 1][:3]}"
            total_applied = c.scalar(sa.select(sa.func.count()).select_from(AppliedOp))
            assert total_applied - before["applied"] == len(op_ids), (total_applied, before, len(op_ids))
            seqs = list(c.scalars(sa.select(ChangeLog.seq).where(ChangeLog.seq > before["change_seq"])
                                  .order_by(ChangeLog.seq)))
            assert seqs == list(range(before["change_seq"] + 1, before["change_seq"] + 1 + len(seqs))), \
                "change log not dense"
            prints = dict(c.execute(sa.text(_PRINTS_BY_OFFICE)).all())
            by_office: dict[str, list] = {}
            last_of_office: dict[str, int] = {}
            for seq, office, table, row_id, kind in c.execute(
                    sa.select(ChangeLog.seq, ChangeLog.office_code, ChangeLog.table_name, ChangeLog.row_id,
                              ChangeLog.change_kind)
                    .where(ChangeLog.seq > before["change_seq"], ChangeLog.office_code.is_not(None))
                    .order_by(ChangeLog.seq)):
                by_office.setdefault(office, []).append((table, row_id, kind))
                last_of_office[office] = seq
    finally:
        engine.dispose()

    # every workstation's store: the queue empty, every change of its office present, no history doubled
    checked_rows = 0
    for w in stations:
        store = make_engine(f"sqlite:///{w['store']}")
        try:
            with store.connect() as c:
                left = c.scalar(sa.select(sa.func.count()).select_from(local_schema.outbox))
                assert left == 0, f"{w['office']}: {left} commands still in the outbox"
                latest: dict[tuple[str, str], str] = {}
                for table, row_id, kind in by_office.get(w["office"], []):
                    latest[(table, row_id)] = kind
                for table, row_id in [k for k, v in latest.items() if v != DELETE and k[0] in models]:
                    t = models[table].__table__
                    (pk,) = t.primary_key.columns
                    assert c.scalar(sa.select(sa.func.count()).select_from(t).where(pk == row_id)) == 1, \
                        f"{w['office']}: pulled change {table}:{row_id} missing"
                    checked_rows += 1
                local_prints = c.scalar(sa.text("SELECT count(*) FROM entity_event e JOIN market_entity m "
                                                "ON m.id = e.entity_id WHERE e.kind = 'licence_printed' "
                                                "AND m.office_code = :o"), {"o": w["office"]})
                assert local_prints == prints.get(w["office"], 0), \
                    f"{w['office']}: {local_prints} print lines locally, {prints.get(w['office'], 0)} centrally"
                cursor = int(json.loads(c.scalar(sa.text("SELECT value FROM sync_state WHERE key = 'cursor'"))))
                assert cursor >= last_of_office.get(w["office"], 0), f"{w['office']}: cursor {cursor} behind"
        finally:
            store.dispose()
    return {"commands_checked": len(op_ids), "store_rows_checked": checked_rows, "audit_chain": "whole",
            "change_log": "dense", "outboxes": "empty", "ok": True}


_PRINTS_BY_OFFICE = ("SELECT m.office_code, count(*) FROM entity_event e JOIN market_entity m ON m.id = e.entity_id "
                     "WHERE e.kind = 'licence_printed' GROUP BY m.office_code")


def sample_activity(cluster, url: str, until: float) -> dict:
    """PostgreSQL's sessions of the centres, four times a second until `until`: how many run a
    statement, how many of those wait for a lock (the audit and change-log counter rows are
    the city's one queue: a push holds them from its audit entries to its commit), how many sit
    in an open transaction. Says whether a slow push waited for the database or for a CPU."""
    import sqlalchemy as sa

    query = ("SELECT count(*) FILTER (WHERE state = 'active'), "
             "count(*) FILTER (WHERE state = 'active' AND wait_event_type = 'Lock'), "
             "count(*) FILTER (WHERE state = 'idle in transaction') "
             "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
             "AND backend_type = 'client backend'")
    # who waits for whom: the waiting statement, and what its blocker is doing meanwhile
    # (the blocker that holds the lock, not the waiters queued ahead: those wait for a Lock too)
    blocked_by = ("SELECT left(w.query, 70), b.state, left(b.query, 70) FROM pg_stat_activity w "
                  "CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid) "
                  "JOIN pg_stat_activity b ON b.pid = blocker.pid "
                  "WHERE w.datname = current_database() AND w.wait_event_type = 'Lock' "
                  "AND b.wait_event_type IS DISTINCT FROM 'Lock'")
    samples = []
    waits: Counter = Counter()
    with cluster.connect(sa.make_url(url).database, autocommit=True) as conn:
        while time.time() < until:
            samples.append(conn.execute(query).fetchone())
            waits.update(tuple(" ".join(str(x).split()) for x in row) for row in conn.execute(blocked_by))
            time.sleep(0.25)
    if not samples:
        return {}
    n = len(samples)
    return {"samples": n,
            "active_mean": round(sum(a for a, _, _ in samples) / n, 2), "active_max": max(a for a, _, _ in samples),
            "waiting_for_lock_mean": round(sum(w for _, w, _ in samples) / n, 2),
            "waiting_for_lock_max": max(w for _, w, _ in samples),
            "share_of_samples_with_a_lock_wait": round(sum(1 for _, w, _ in samples if w) / n, 2),
            "idle_in_transaction_mean": round(sum(i for _, _, i in samples) / n, 2),
            "most_common_waits": [{"waiting": w, "blocker_state": st, "blocker_last_statement": b, "seen": k}
                                  for (w, st, b), k in waits.most_common(5)]}


def cpu_seconds(centres, cluster) -> dict:
    """User+system CPU seconds so far: each centre, PostgreSQL (its processes and the reaped
    ones), and this machine as a whole."""
    tick = os.sysconf("SC_CLK_TCK")

    def of(pid: int, children: bool = False) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        used = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if children else 0)
        return used / tick

    postmaster = int((cluster.data_dir / "postmaster.pid").read_text().split()[0])
    pg = of(postmaster, children=True)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == postmaster:
                pg += of(int(entry.name))
    with open("/proc/stat") as f:
        total = [int(x) for x in f.readline().split()[1:]]
    return {"centre_a": of(centres[0].process.pid), "centre_b": of(centres[1].process.pid),
            "postgresql": pg,
            "machine_busy": (sum(total) - total[3] - total[4]) / tick, "machine_total": sum(total) / tick}


def summarise(args, outs, start, cpu0, cpu1, setup_s, enrol_s, checks) -> dict:
    stations = [w for out in outs for w in out["workstations"]]
    end = start + args.seconds
    rounds = [r for w in stations for r in w["rounds"] if start <= r["at"] <= end]
    pushes = [r["push_ms"] for r in rounds if r["pushed"]]
    pulls = [r["pull_ms"] for r in rounds]
    applied = sum(r["pushed"] for r in rounds)
    errors = [e for w in stations for e in w["errors"]]
    cpu = {k: round(cpu1[k] - cpu0[k], 1) for k in cpu0}
    cpu["workstations"] = round(sum(out["cpu_window_s"] for out in outs), 1)
    wall = cpu["machine_total"] / (os.cpu_count() or 1)
    return {
        "workstations": len(stations), "processes": args.processes, "seconds": args.seconds,
        "commands_per_round": args.commands, "interval_s": args.interval, "entities": args.entities,
        "offered_commands_per_s": round(len(stations) * args.commands / max(args.interval, 1e-9), 1)
        if args.interval else None,
        "commands_applied_in_window": applied, "commands_per_s": round(applied / args.seconds, 1),
        "rounds": len(rounds), "rounds_per_s": round(len(rounds) / args.seconds, 1),
        "push": _stats(pushes), "pull": _stats(pulls), "hello": _stats([r["hello_ms"] for r in rounds]),
        "round": _stats([r["hello_ms"] + r["push_ms"] + r["pull_ms"] for r in rounds]),
        "queue_local": _stats([r["queue_ms"] for r in rounds]),
        "errors": len(errors), "error_samples": errors[:5],
        "by_centre_first": {"a": sum(1 for w in stations if w["index"] % 2 == 0),
                            "b": sum(1 for w in stations if w["index"] % 2 == 1)},
        "drain_after_window": {"commands": sum(w["drained"] for w in stations)},
        "cpu_seconds": cpu, "cpu_share": {k: round(v / max(cpu["machine_total"], 1e-9) * (os.cpu_count() or 1), 2)
                                          for k, v in cpu.items() if k not in ("machine_total",)},
        "wall_s_measured": round(wall, 1),
        "setup": {"populate_and_users_s": round(setup_s, 1), "sign_in_enrol_download_s": round(enrol_s, 1)},
        "checks": checks,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg_after": os.getloadavg()},
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def report(r: dict) -> str:
    lines = [f"== {r['workstations']} workstations, 2 centres, {r['processes']} worker processes, "
             f"{r['seconds']:.0f} s on {r['machine']['cpus']} cores ==",
             f"commands applied {r['commands_applied_in_window']:,} ({r['commands_per_s']}/s; offered "
             f"{r['offered_commands_per_s']}/s), rounds {r['rounds']:,} ({r['rounds_per_s']}/s), errors {r['errors']}",
             f"{'':10s} {'n':>7s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}"]
    for key in ("push", "pull", "hello", "round", "queue_local"):
        v = r[key]
        if v.get("n"):
            lines.append(f"{key:10s} {v['n']:7d} {v['p50_ms']:8.1f} {v['p95_ms']:8.1f} {v['p99_ms']:8.1f} "
                         f"{v['max_ms']:8.1f}")
    lines.append("CPU (cores busy on average): " + ", ".join(f"{k} {v}" for k, v in r["cpu_share"].items()))
    lines.append(f"PostgreSQL sessions: {r.get('postgresql_sessions')}")
    lines.append(f"checks: {r['checks']}")
    return "\n".join(lines)


# --- a worker process: its share of the workstations, on threads ------------------------------

def worker(spec_path: Path) -> int:
    spec = json.loads(spec_path.read_text())
    work = Path(spec["work"])
    from client.kernel.users import DEMO_PASSWORD
    from client.registration.commands import RecordLicencePrinted
    from sync.link import CentreLink
    from sync.local_bus import LocalBus
    from sync.local_store import open_local_store
    from sync.pull import Puller
    from sync.push import Pusher
    from sync.remote import DeviceSession, RemoteApplier, RemoteFeed
    from sync.theirs import central_record_reader
    from tests.integration.sync_helpers import sign_in_on
    from client.kernel.clock import utcnow

    # the keyring file of this process is read-modified-written at each enrolment: one at a time
    enrolling = threading.Lock()
    stations: list[dict] = []
    ready = threading.Barrier(len(spec["workstations"]) + 1)
    stop_at = {"t": None}

    def station(w: dict) -> None:
        rng = random.Random(f"{spec['seed']}-{w['office']}")
        result = {"office": w["office"], "index": w["index"], "op_ids": [], "rounds": [], "errors": [],
                  "drained": 0, "store": str(work / f"{w['office']}.db")}
        stations.append(result)
        try:
            link = CentreLink(w["addresses"], identity=f"load:{w['office']}", base=work / w["office"])
            with enrolling:
                _user, device, key, user_key = sign_in_on(link, w["username"], DEMO_PASSWORD)
            shutil.copy(spec["template"], result["store"])
            store = open_local_store(result["store"])
            with store.begin() as conn:
                store.set_state("device", {"id": device.id, "office_code": device.office_code,
                                           "district_code": device.district_code}, conn=conn)
            bus = LocalBus(store, device_id=device.id, device_key=key, user_key=user_key, user_id=w["user_id"])
            session = DeviceSession(link.client(), device.id, key)
            feed = RemoteFeed(session)
            applier = RemoteApplier(session)
            pusher = Pusher(store, applier, theirs=central_record_reader(feed))
            puller = Puller(store, feed)
            puller.pull()  # the first download
        except Exception as exc:  # noqa: BLE001 - reported, and the run fails on it
            result["errors"].append(f"set-up: {exc!r}")
            ready.abort()
            raise
        ready.wait()
        try:
            while stop_at["t"] is None:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, spec["interval"] or 0))  # spread the first rounds

            def queue(n: int) -> None:
                for _ in range(n):
                    command = RecordLicencePrinted(user_id=w["user_id"], entity_id=rng.choice(w["entities"]),
                                                   copy="original")
                    out = bus.dispatch(command)
                    if not out.ok:
                        raise AssertionError(f"{w['office']}: local command refused: {out}")
                    result["op_ids"].append(command.op_id)

            while time.time() < stop_at["t"]:
                at = time.time()
                t = time.perf_counter()
                queue(spec["commands"])
                queue_ms = (time.perf_counter() - t) * 1000
                try:
                    t = time.perf_counter()
                    hello = applier.hello(device.id, utcnow())
                    hello_ms = (time.perf_counter() - t) * 1000
                    assert hello["ok"], hello
                    t = time.perf_counter()
                    pushed = pusher.push()
                    push_ms = (time.perf_counter() - t) * 1000
                    t = time.perf_counter()
                    pulled = puller.pull()
                    pull_ms = (time.perf_counter() - t) * 1000
                except Exception as exc:  # noqa: BLE001 - an overloaded centre: counted, the loop goes on
                    result["errors"].append(f"{time.time() - stop_at['t'] + spec['seconds']:.1f}s: {exc!r}"[:300])
                    time.sleep(1)
                    continue
                assert pushed.conflicts == 0 and pushed.rejected == 0, (w["office"], pushed)
                result["rounds"].append({"at": at, "queue_ms": round(queue_ms, 2), "hello_ms": round(hello_ms, 2),
                                         "push_ms": round(push_ms, 2), "pushed": pushed.applied,
                                         "pull_ms": round(pull_ms, 2), "pulled": pulled.upserted})
                if spec["interval"]:
                    time.sleep(rng.uniform(0.5, 1.5) * spec["interval"])
            # after the window: what is left goes out, and a last pull brings the office up to date
            for _attempt in range(20):
                try:
                    pushed = pusher.push()
                    result["drained"] += pushed.applied
                    if store.pending_count() == 0:
                        puller.pull()
                        break
                except Exception as exc:  # noqa: BLE001
                    result["errors"].append(f"drain: {exc!r}"[:300])
                    time.sleep(2)
            store.dispose()
            link.close()
        except BaseException as exc:  # noqa: BLE001 - the worker fails the run with it
            result["fatal"] = repr(exc)[:500]
            raise

    threads = [threading.Thread(target=station, args=(w,), name=w["office"], daemon=True)
               for w in spec["workstations"]]
    for th in threads:
        th.start()
    ready.wait()
    (work / "ready").write_text("ready")
    go = Path(spec["go"])
    while not go.exists():
        time.sleep(0.05)
    start = float(go.read_text())
    time.sleep(max(0.0, start - time.time()))
    stop_at["t"] = start + spec["seconds"]
    cpu0 = time.process_time()
    time.sleep(max(0.0, stop_at["t"] - time.time()))
    cpu_window = time.process_time() - cpu0  # this process's CPU in the window (all its threads)
    for th in threads:
        th.join()
    fatal = [w["office"] for w in stations if w.get("fatal")]
    (work / "out.json").write_text(json.dumps({"process": spec["process"], "workstations": stations,
                                               "cpu_window_s": cpu_window}))
    if fatal:
        print(f"workstations that stopped on an error: {fatal}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
