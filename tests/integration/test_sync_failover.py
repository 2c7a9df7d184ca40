"""The centre going away during a push: stopped and started again, or failed over to a standby."""
from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from client.kernel.models import AppliedOp, EntityEvent
from client.registration.commands import RecordLicencePrinted
from sync.engine import SyncEngine, SyncWorker
from tests.integration.sync_helpers import establish, workstation
from tests.pgcluster import PgCluster

pytestmark = pytest.mark.postgres


def _central_on(url):
    from tests.integration.test_sync_central import _make_central
    return _make_central(url)


def _queue(ws, central, entity_id, n):
    ops = []
    for _ in range(n):
        cmd = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="original")
        assert ws.bus.dispatch(cmd).ok
        ops.append(cmd.op_id)
    return ops


def _worker(ws, central):
    engine = SyncEngine(ws.store, ws.pusher.applier, ws.pusher, ws.puller, ws.device_id)
    return engine, SyncWorker(engine, interval=0.2, min_backoff=0.2, max_backoff=1.0)


def _wait(cond, timeout, what):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _exactly_once(engine, ops):
    with engine.connect() as c:
        applied = set(c.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(ops))))
        events = c.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                          .where(EntityEvent.kind == "licence_printed"))
    assert applied == set(ops)
    assert events == len(ops)


def test_central_server_stopped_mid_push_and_started_again_the_queue_drains(pg_cluster_factory, tmp_path):
    cluster = pg_cluster_factory()
    central = _central_on(cluster.url(cluster.create_database()))
    entity_id = establish(central, "澄明")
    ws = workstation(central, tmp_path, "stop")
    ws.pusher.batch_size = 5  # many small batches: the stop lands in the middle
    ops = _queue(ws, central, entity_id, 400)
    statuses = []
    engine, worker = _worker(ws, central)
    engine.subscribe(lambda s: statuses.append(s.online))
    worker.start()
    try:
        _wait(lambda: ws.store.pending_count() < 380, 30, "the push to start")
        cluster.stop("immediate")
        _wait(lambda: engine.status.online is False, 30, "offline noticed")
        left = ws.store.pending_count()
        assert 0 < left < 400
        time.sleep(1)
        cluster.start()
        _wait(lambda: ws.store.pending_count() == 0, 60, "the queue to drain")
        _wait(lambda: engine.status.online is True, 30, "online again")
    finally:
        worker.stop()
    _exactly_once(central.engine, ops)
    assert False in statuses and statuses[-1] is True
    central.engine.dispose()


def test_failover_to_a_promoted_standby_during_a_push(pg_cluster_factory, tmp_path):
    primary = pg_cluster_factory()
    db = primary.create_database()
    standby = PgCluster(pg_cluster_factory.new_base_dir(), bin_dir=primary.bin_dir)
    try:
        primary.run("pg_basebackup", "-D", str(standby.data_dir), "-R", "-X", "stream",
                    "-h", primary.host, "-p", str(primary.port), "-U", "postgres")
        standby.start()
        # synchronous replication: a push acknowledged by the primary is on the standby too, so a
        # failover cannot lose it (with asynchronous replication it could: see docs/sync-protocol.md)
        with primary.connect(autocommit=True) as conn:
            conn.execute("ALTER SYSTEM SET synchronous_standby_names = '*'")
            conn.execute("SELECT pg_reload_conf()")
        url = (f"postgresql+psycopg://postgres@/{db}?host={primary.host}:{primary.port}"
               f"&host={standby.host}:{standby.port}&target_session_attrs=read-write&connect_timeout=3")
        central = _central_on(url)
        entity_id = establish(central, "远航")
        ws = workstation(central, tmp_path, "fo")
        ws.pusher.batch_size = 5
        ops = _queue(ws, central, entity_id, 300)
        engine, worker = _worker(ws, central)
        worker.start()
        try:
            _wait(lambda: ws.store.pending_count() < 280, 30, "the push to start")
            primary.stop("immediate")  # the primary dies mid-push
            _wait(lambda: engine.status.online is False, 30, "offline noticed")
            standby.run("pg_ctl", "-D", str(standby.data_dir), "promote", "-w")
            _wait(lambda: ws.store.pending_count() == 0, 60, "the queue to drain on the new primary")
        finally:
            worker.stop()
        _exactly_once(central.engine, ops)
        with central.engine.connect() as c:
            assert c.scalar(sa.text("SELECT inet_server_port()")) == standby.port
        central.engine.dispose()
    finally:
        standby.destroy()
