"""Synchronisation figures (issue 3), on a throwaway PostgreSQL cluster and local SQLite stores.

    .venv/bin/python -m tests.bench.bench_sync                 # the issue's sizes
    .venv/bin/python -m tests.bench.bench_sync --scale 0.1     # a quick run
    .venv/bin/python -m tests.bench.bench_sync --push 2000     # full pull sizes, a shorter push

- push: 10,000 queued commands (licence prints) pushed to PostgreSQL, against a plain batched
  insert of the same rows (entity_event, applied_op, audit_log, change_log) in one transaction;
- pull: 100,000 changed rows into an empty local store (by the change log);
- first download: an office's scope of 20,000 entities with their history (3 events each);
- start: opening a local store with 10,000 pending commands and counting the queue.
Prints and writes tests/bench/results/sync.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
RESULTS = Path(__file__).with_name("results")

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
os.environ.setdefault("XDG_DATA_HOME", tempfile.mkdtemp(prefix="hongdun-bench-keyring-"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--push", type=int, help="commands to push (default 10,000 × scale)")
    args = ap.parse_args()
    n_push, n_pull, n_entities = int(10_000 * args.scale), int(100_000 * args.scale), int(20_000 * args.scale)
    n_push = args.push or n_push

    from tests.integration.test_sync_central import _make_central
    from tests.pgcluster import PgCluster

    cluster = PgCluster.temporary()
    work = Path(tempfile.mkdtemp(prefix="hongdun-bench-sync-"))
    results: dict = {"sizes": {"push": n_push, "pull": n_pull, "entities": n_entities}}
    try:
        central = _make_central(cluster.url(cluster.create_database()))
        results["push"] = bench_push(central, work, n_push)
        results["pull"] = bench_pull(central, work, n_pull)
        results["first_download"] = bench_first_download(cluster, work, n_entities)
        results["start"] = bench_start(work)
        central.engine.dispose()
    finally:
        cluster.destroy()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sync.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


def _workstation(central, work, name, user="clerk"):
    from tests.integration.sync_helpers import workstation
    return workstation(central, work, name, user=user)


def bench_push(central, work, n):
    from client.kernel.models import AppliedOp, AuditEntry, EntityEvent
    from client.kernel.models import ChangeLog
    from client.registration.commands import RecordLicencePrinted
    from tests.integration.sync_helpers import establish

    entity_id = establish(central, "澄明")
    ws = _workstation(central, work, "push")
    t = time.perf_counter()
    for _ in range(n):
        ws.bus.dispatch(RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="original"))
    queue_s = time.perf_counter() - t
    ws.pusher.batch_size = 1000
    with central.engine.connect() as c:
        cl_before = c.scalar(sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))
    t = time.perf_counter()
    report = ws.pusher.push()
    push_s = time.perf_counter() - t
    assert report.applied == n, report
    _check_push(central, n, cl_before)

    # the baseline: the same rows, a plain batched insert in one transaction
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
    return {"commands": n, "batch": ws.pusher.batch_size, "queue_offline_s": round(queue_s, 2),
            "push_s": round(push_s, 2), "commands_per_s": round(n / push_s),
            "plain_batched_insert_s": round(plain_s, 2), "ratio": round(push_s / plain_s, 2)}


def _check_push(central, n, cl_before):
    """Not timed: the push kept its guarantees (each command once, audit chain whole, change log dense)."""
    from client.kernel.models import AppliedOp, EntityEvent
    from client.kernel.models import ChangeLog
    from client.kernel.uow import verify_audit_chain

    with central.sessions() as s:
        ok, _, message = verify_audit_chain(s)
        assert ok, message
        events = s.scalar(sa.select(sa.func.count()).select_from(EntityEvent).where(EntityEvent.kind == "licence_printed"))
        applied = s.scalar(sa.select(sa.func.count()).select_from(AppliedOp)
                           .where(AppliedOp.op_name == "registration.licence_printed"))
        seqs = list(s.scalars(sa.select(ChangeLog.seq).where(ChangeLog.seq > cl_before).order_by(ChangeLog.seq)))
    assert events == applied == n, (events, applied, n)
    assert seqs == list(range(cl_before + 1, cl_before + 1 + n)), "change log not dense"


def bench_pull(central, work, n):
    """n changed rows (entity events of the office, logged as a push would) pulled by the log."""
    from client.kernel.models import EntityEvent, MarketEntity
    from client.kernel.models import ChangeLog

    ws = _workstation(central, work, "pull")
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
    t = time.perf_counter()
    report = ws.puller.pull()
    pull_s = time.perf_counter() - t
    assert report.upserted >= n, report
    ws.store.dispose()
    return {"rows": n, "seconds": round(pull_s, 2), "rows_per_s": round(n / pull_s), "target_s": 20}


def bench_first_download(cluster, work, n):
    """A fresh central database whose office has n entities with 3 history lines each."""
    from client.kernel.models import EntityEvent, MarketEntity
    from tests.integration.test_sync_central import _make_central

    central = _make_central(cluster.url(cluster.create_database()))
    from client.kernel import reference
    office = reference.offices_of("440106")[0]
    now = dt.datetime.now(dt.timezone.utc)
    with central.engine.begin() as c:
        for start in range(0, n, 5000):
            ents = []
            for k in range(start, min(n, start + 5000)):
                ents.append(dict(id=str(uuid.uuid4()), row_no=k + 1, uscc=None, name=f"广州市天河区测试{k}商行",
                                 name_key=f"ceshi{k}", name_initials="csh", kind_code="9600", state="active",
                                 abnormal=False, legal_rep="张三", address="广州市天河区天河路1号",
                                 district_code="440106", office_code=office.code, business_scope="零售",
                                 established_on=dt.date(2020, 1, 1), created_at=now, updated_at=now, version=1))
            c.execute(sa.insert(MarketEntity), ents)
            c.execute(sa.insert(EntityEvent), [dict(id=str(uuid.uuid4()), entity_id=e["id"], occurred_at=now,
                                                   kind=kind, summary=kind)
                                              for e in ents for kind in ("established", "changed", "licence_printed")])
    from sync.local_store import open_local_store
    from sync.pull import Puller
    from sync.scope import Scope
    store = open_local_store(work / "first.db")
    puller = Puller(store, central.engine, Scope(office.code, None))
    t = time.perf_counter()
    report = puller.pull()
    s = time.perf_counter() - t
    assert report.upserted >= n * 4, report
    store.dispose()
    central.engine.dispose()
    return {"entities": n, "rows": report.upserted, "seconds": round(s, 2), "target_s": 30}


def bench_start(work):
    """The push store still holds nothing; build a store with 10,000 pending rows by copying it."""
    import shutil

    from sync import local_schema
    from sync.local_store import open_local_store

    src = work / "start.db"
    shutil.copy(work / "pull.db", src)
    store = open_local_store(src)
    with store.engine.begin() as c:
        c.execute(sa.insert(local_schema.outbox), [dict(
            op_id=str(uuid.uuid4()), name="registration.licence_printed", command="{}", signature="0" * 64,
            device_id="d", touched="[]", state="pending", created_at="2026-01-01T00:00:00+00:00", attempts=0)
            for _ in range(10_000)])
    store.dispose()
    t = time.perf_counter()
    store = open_local_store(src)
    pending = store.pending_count()
    s = time.perf_counter() - t
    store.dispose()
    return {"pending": pending, "open_store_and_count_s": round(s, 3), "target_s": 2}


if __name__ == "__main__":
    sys.exit(main())
