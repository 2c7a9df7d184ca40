"""Synchronisation figures (issues 3 and 9), through a real centre process (`hongdun centre serve`,
bench_centre.start_centre) over a throwaway PostgreSQL cluster, and local SQLite stores.

    .venv/bin/python -m tests.bench.bench_sync                 # the issue's sizes
    .venv/bin/python -m tests.bench.bench_sync --scale 0.1     # a quick run
    .venv/bin/python -m tests.bench.bench_sync --push 2000     # full pull sizes, a shorter push

- push: 10,000 queued commands (licence prints) pushed over HTTP to the centre, which applies
  them to PostgreSQL; against a plain batched insert of the same rows (entity_event, applied_op,
  audit_log, change_log) in one transaction, and against the centre's applier run in this
  process on the same kind of queue (what HTTP, JSON and the endpoint add);
- pull: 100,000 changed rows into an empty local store (by the change log), through the centre;
- first download: an office's scope of 20,000 entities with their history (3 events each),
  through a centre over a database of its own;
- start: opening a local store with 10,000 pending commands and counting the queue.

The centre listens as an installed one does (`--listen 127.0.0.1:<port>`).

Timing decides nothing; each step checks that nothing was lost or doubled (an assertion fails
the run). Prints and writes tests/bench/results/sync.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).with_name("results")

# the device keys go to a keyring of this run, not the user's (the centre processes inherit it)
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="hongdun-bench-keyring-"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--push", type=int, help="commands to push (default 10,000 × scale)")
    args = ap.parse_args()
    n_push, n_pull, n_entities = int(10_000 * args.scale), int(100_000 * args.scale), int(20_000 * args.scale)
    n_push = args.push or n_push

    from tests.bench.bench_centre import start_centre
    from tests.integration.conftest import make_central
    from tests.pgcluster import PgCluster

    cluster = PgCluster.temporary()
    work = Path(tempfile.mkdtemp(prefix="hongdun-bench-sync-"))
    results: dict = {"sizes": {"push": n_push, "pull": n_pull, "entities": n_entities},
                     "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "loadavg_before": os.getloadavg()}}
    centres: list = []
    try:
        central = make_central(cluster.url(cluster.create_database()))
        centre = start_centre(central.url, work / "centre.log")
        centres.append(centre)
        print(f"centre {centre.url} over {central.url}", flush=True)
        results["push"] = bench_push(central, centre, work, n_push)
        print("push:", results["push"], flush=True)
        results["pull"] = bench_pull(central, centre, work, n_pull)
        print("pull:", results["pull"], flush=True)
        results["first_download"] = bench_first_download(cluster, work, n_entities, centres)
        print("first download:", results["first_download"], flush=True)
        results["start"] = bench_start(work)
        central.dispose()
    finally:
        for c in centres:
            c.stop()
        cluster.destroy()
    results["machine"]["loadavg_after"] = os.getloadavg()
    results["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sync.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(json.dumps(results, ensure_ascii=False, indent=2))
    shutil.rmtree(work, ignore_errors=True)  # (a failed run leaves it: the centres' logs are there)
    return 0


class CountingApplier:
    """The workstation's RemoteApplier, counting the HTTP pushes (one per batch)."""

    def __init__(self, inner):
        self.inner = inner
        self.requests = 0

    def hello(self, device_id, device_now):
        return self.inner.hello(device_id, device_now)

    def apply_batch(self, envelopes):
        self.requests += 1
        return self.inner.apply_batch(envelopes)


def process_cpu_s(pid: int) -> float:
    """User+system CPU seconds a process has used: on a shared 2-core machine the wall time of a
    step says as much about the other processes as about this one; the centre's CPU does not."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _queue(ws, central, entity_id: str, n: int) -> tuple[list[str], float]:
    """n licence prints queued offline on the workstation: (their op_ids, seconds)."""
    from client.registration.commands import RecordLicencePrinted

    op_ids = []
    t = time.perf_counter()
    for _ in range(n):
        command = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="original")
        out = ws.bus.dispatch(command)
        assert out.ok, out
        op_ids.append(command.op_id)
    return op_ids, time.perf_counter() - t


def bench_push(central, centre, work: Path, n: int) -> dict:
    from centre.apply import CentralApplier, Envelope
    from client.kernel.models import AppliedOp, AuditEntry, ChangeLog, EntityEvent
    from sync import local_schema
    from tests.integration.sync_helpers import establish, workstation

    entity_id = establish(central, "澄明")
    centre_url = centre.url

    # 1. the centre's applier in this process (no HTTP): the same commands, the same batches
    near = workstation(central, work, "push-in-process", centre_url=centre_url)
    near_ops, _ = _queue(near, central, entity_id, n)
    with near.store.engine.connect() as c:
        rows = c.execute(sa.select(local_schema.outbox).order_by(local_schema.outbox.c.seq)).all()
    envelopes = [Envelope(r.device_id, json.loads(r.command), r.user_signature, r.device_signature) for r in rows]
    applier = CentralApplier(central.sessions)
    cl_before = _last_change(central)
    cpu = time.process_time()
    t = time.perf_counter()
    for start in range(0, len(envelopes), 1000):
        outcomes = applier.apply_batch(envelopes[start:start + 1000])
        assert all(o.ok for o in outcomes), [o for o in outcomes if not o.ok][:3]
    in_process_s = time.perf_counter() - t
    in_process_cpu_s = time.process_time() - cpu
    _check_applied(central, near_ops, cl_before)
    near.store.dispose()

    # 2. the workstation's push, over HTTP to the centre process
    ws = workstation(central, work, "push", centre_url=centre_url)
    op_ids, queue_s = _queue(ws, central, entity_id, n)
    counting = CountingApplier(ws.pusher.applier)
    ws.pusher.applier = counting
    ws.pusher.batch_size = 1000
    cl_before = _last_change(central)
    cpu = process_cpu_s(centre.process.pid)
    t = time.perf_counter()
    report = ws.pusher.push()
    push_s = time.perf_counter() - t
    centre_cpu_s = process_cpu_s(centre.process.pid) - cpu
    assert report.applied == n and ws.store.pending_count() == 0, report
    _check_applied(central, op_ids, cl_before)

    # 3. the baseline: the same rows, a plain batched insert in one transaction
    now = dt.datetime.now(dt.timezone.utc)
    with central.engine.connect() as c:
        base_seq = c.scalar(sa.select(sa.func.max(AuditEntry.seq))) + 1
        base_cl = c.scalar(sa.select(sa.func.max(ChangeLog.seq))) + 1
    ids = [str(uuid.uuid4()) for _ in range(n)]
    t = time.perf_counter()
    with central.engine.begin() as c:
        c.execute(sa.insert(EntityEvent), [dict(id=i, entity_id=entity_id, occurred_at=now, kind="licence_printed",
                                               actor_id=central.users["clerk"], summary="打印营业执照正本") for i in ids])
        c.execute(sa.insert(AppliedOp), [dict(op_id=i, op_name="registration.licence_printed",
                                             user_id=central.users["clerk"], applied_at=now, result={"subject_id": entity_id})
                                        for i in ids])
        c.execute(sa.insert(AuditEntry), [dict(seq=base_seq + k, logged_at=now, user_id=central.users["clerk"],
                                               office_code="x", op_id=i, action="registration.licence_printed",
                                               subject_id=entity_id, details={"op": i}, prev_hash="0" * 64,
                                               entry_hash="0" * 64) for k, i in enumerate(ids)])
        c.execute(sa.insert(ChangeLog), [dict(seq=base_cl + k, table_name="entity_event", row_id=i, change_kind="upsert",
                                              office_code="x", district_code="440106", op_id=i, changed_at=now)
                                         for k, i in enumerate(ids)])
    plain_s = time.perf_counter() - t
    with central.engine.begin() as c:  # the bench database goes on: keep its counters ahead
        c.execute(sa.text("UPDATE counter SET value = :v WHERE name = 'audit_log'"), {"v": base_seq + n - 1})
        c.execute(sa.text("UPDATE counter SET value = :v WHERE name = 'change_log'"), {"v": base_cl + n - 1})
    ws.store.dispose()
    return {"commands": n, "batch": ws.pusher.batch_size, "http_pushes": counting.requests,
            "queue_offline_s": round(queue_s, 2), "local_commands_per_s": round(n / queue_s),
            "push_s": round(push_s, 2), "commands_per_s": round(n / push_s),
            "centre_cpu_s": round(centre_cpu_s, 2),
            "centre_apply_in_process_s": round(in_process_s, 2), "in_process_cpu_s": round(in_process_cpu_s, 2),
            "http_overhead_s": round(push_s - in_process_s, 2),
            "http_overhead_cpu_s": round(centre_cpu_s - in_process_cpu_s, 2),
            "plain_batched_insert_s": round(plain_s, 2), "ratio": round(push_s / plain_s, 2),
            "ratio_in_process": round(in_process_s / plain_s, 2)}


def _last_change(central) -> int:
    from client.kernel.models import ChangeLog

    with central.engine.connect() as c:
        return c.scalar(sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))


def _check_applied(central, op_ids: list[str], cl_before: int) -> None:
    """Not timed: each command applied once (its applied_op row, one audit entry, one event),
    the audit chain whole, the change log dense after `cl_before`."""
    from client.kernel.models import AppliedOp, AuditEntry, ChangeLog, EntityEvent
    from client.kernel.uow import verify_audit_chain

    n = len(op_ids)
    with central.sessions() as s:
        ok, _, message = verify_audit_chain(s)
        assert ok, message
        applied, audited = set(), {}
        for start in range(0, n, 1000):
            part = op_ids[start:start + 1000]
            applied.update(s.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(part))))
            for op_id, times in s.execute(sa.select(AuditEntry.op_id, sa.func.count()).where(
                    AuditEntry.op_id.in_(part), AuditEntry.action == "registration.licence_printed")
                    .group_by(AuditEntry.op_id)):
                audited[op_id] = times
        new_events = s.scalar(sa.select(sa.func.count()).select_from(ChangeLog).where(
            ChangeLog.seq > cl_before, ChangeLog.table_name == EntityEvent.__tablename__))
        seqs = list(s.scalars(sa.select(ChangeLog.seq).where(ChangeLog.seq > cl_before).order_by(ChangeLog.seq)))
    assert applied == set(op_ids), f"{n - len(applied)} commands not in applied_op"
    assert len(audited) == n and set(audited.values()) == {1}, "a command audited twice or not at all"
    assert new_events == n, (new_events, n)
    assert seqs == list(range(cl_before + 1, cl_before + 1 + len(seqs))), "change log not dense"


def bench_pull(central, centre, work: Path, n: int) -> dict:
    """n changed rows (entity events of the office, logged as a push would) pulled by the log."""
    from client.kernel.models import ChangeLog, EntityEvent, MarketEntity
    from tests.integration.sync_helpers import workstation

    ws = workstation(central, work, "pull", centre_url=centre.url)
    with central.engine.connect() as c:
        entity_id, office, district = c.execute(sa.select(MarketEntity.id, MarketEntity.office_code,
                                                          MarketEntity.district_code)).first()
        seq0 = c.scalar(sa.select(sa.func.max(ChangeLog.seq)))
    now = dt.datetime.now(dt.timezone.utc)
    ids = [str(uuid.uuid4()) for _ in range(n)]
    with central.engine.begin() as c:
        for start in range(0, n, 20_000):
            part = ids[start:start + 20_000]
            c.execute(sa.insert(EntityEvent), [dict(id=i, entity_id=entity_id, occurred_at=now, kind="changed",
                                                   summary="变更登记核准：住所", details={"after": {"address": "某路1号"}})
                                              for i in part])
            c.execute(sa.insert(ChangeLog), [dict(seq=seq0 + start + k + 1, table_name="entity_event", row_id=i,
                                                  change_kind="upsert", office_code=office, district_code=district,
                                                  changed_at=now) for k, i in enumerate(part)])
        c.execute(sa.text("UPDATE counter SET value = :v WHERE name = 'change_log'"), {"v": seq0 + n})
    cpu, centre_cpu = time.process_time(), process_cpu_s(centre.process.pid)
    t = time.perf_counter()
    report = ws.puller.pull()
    pull_s = time.perf_counter() - t
    cpu, centre_cpu = time.process_time() - cpu, process_cpu_s(centre.process.pid) - centre_cpu
    assert report.upserted >= n and report.cursor == seq0 + n, report
    with ws.store.engine.connect() as c:  # not timed: every row arrived
        have = set()
        for start in range(0, n, 1000):
            have.update(c.scalars(sa.select(EntityEvent.id).where(EntityEvent.id.in_(ids[start:start + 1000]))))
    assert len(have) == n, f"{n - len(have)} pulled rows missing"
    ws.store.dispose()
    return {"rows": n, "seconds": round(pull_s, 2), "rows_per_s": round(n / pull_s), "target_s": 20,
            "centre_cpu_s": round(centre_cpu, 2), "workstation_cpu_s": round(cpu, 2)}


def bench_first_download(cluster, work: Path, n: int, centres: list) -> dict:
    """A fresh central database whose office has n entities with 3 history lines each, behind a
    centre process of its own; the clerk's first sign-in on a new workstation downloads it."""
    from client.kernel import reference
    from client.kernel.models import EntityEvent, MarketEntity
    from sync.link import CentreLink
    from sync.local_store import open_local_store
    from sync.pull import Puller
    from sync.remote import DeviceSession, RemoteFeed
    from tests.bench.bench_centre import start_centre
    from tests.integration.conftest import make_central
    from tests.integration.sync_helpers import sign_in_on

    central = make_central(cluster.url(cluster.create_database()))
    office = reference.offices_of("440106")[0]  # the clerk's
    now = dt.datetime.now(dt.timezone.utc)
    entity_ids = []
    with central.engine.begin() as c:
        for start in range(0, n, 5000):
            ents = []
            for k in range(start, min(n, start + 5000)):
                ents.append(dict(id=str(uuid.uuid4()), row_no=k + 1, uscc=None, name=f"广州市天河区测试{k}商行",
                                 name_key=f"ceshi{k}", name_initials="csh", kind_code="9600", state="active",
                                 abnormal=False, legal_rep="张三", address="广州市天河区天河路1号",
                                 district_code="440106", office_code=office.code, business_scope="零售",
                                 established_on=dt.date(2020, 1, 1), created_at=now, updated_at=now, version=1))
            entity_ids += [e["id"] for e in ents]
            c.execute(sa.insert(MarketEntity), ents)
            c.execute(sa.insert(EntityEvent), [dict(id=str(uuid.uuid4()), entity_id=e["id"], occurred_at=now,
                                                   kind=kind, summary=kind)
                                              for e in ents for kind in ("established", "changed", "licence_printed")])
    centre = start_centre(central.url, work / "centre-first.log")
    centres.append(centre)
    link = CentreLink([centre.url], identity="bench:first", base=work / "first")
    _user, device, key, _user_key = sign_in_on(link, "clerk")
    store = open_local_store(work / "first.db")
    puller = Puller(store, RemoteFeed(DeviceSession(link.client(), device.id, key)))
    cpu, centre_cpu = time.process_time(), process_cpu_s(centre.process.pid)
    t = time.perf_counter()
    report = puller.pull()
    s = time.perf_counter() - t
    cpu, centre_cpu = time.process_time() - cpu, process_cpu_s(centre.process.pid) - centre_cpu
    with store.engine.connect() as c:  # not timed: the scope arrived whole
        entities = c.scalar(sa.select(sa.func.count()).select_from(MarketEntity))
        events = c.scalar(sa.select(sa.func.count()).select_from(EntityEvent))
        sample = entity_ids[:: max(1, n // 1000)]
        found = c.scalar(sa.select(sa.func.count()).select_from(MarketEntity).where(MarketEntity.id.in_(sample)))
    assert entities == n and events == 3 * n and found == len(sample), (entities, events, found)
    store.dispose()
    link.close()
    central.dispose()
    return {"entities": n, "rows": report.upserted, "seconds": round(s, 2), "rows_per_s": round(report.upserted / s),
            "target_s": 30, "centre_cpu_s": round(centre_cpu, 2), "workstation_cpu_s": round(cpu, 2)}


def bench_start(work: Path) -> dict:
    """Opening a store with 10,000 pending rows (the pull's store, copied and given a queue)."""
    from sync import local_schema
    from sync.local_store import open_local_store

    src = work / "start.db"
    shutil.copy(work / "pull.db", src)
    store = open_local_store(src)
    with store.engine.begin() as c:
        c.execute(sa.insert(local_schema.outbox), [dict(
            op_id=str(uuid.uuid4()), name="registration.licence_printed", command="{}", user_signature="0" * 64,
            device_signature="0" * 64, device_id="d", touched="[]", state="pending",
            created_at="2026-01-01T00:00:00+00:00", attempts=0)
            for _ in range(10_000)])
    store.dispose()
    t = time.perf_counter()
    store = open_local_store(src)
    pending = store.pending_count()
    s = time.perf_counter() - t
    store.dispose()
    assert pending == 10_000, pending
    return {"pending": pending, "open_store_and_count_s": round(s, 3), "target_s": 2}


if __name__ == "__main__":
    sys.exit(main())
