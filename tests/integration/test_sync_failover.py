"""Failover during a push, with the workstation reaching the centre over HTTP: one of two centre
instances killed (the workstation carries on against the other), and the central PostgreSQL
failed over to a promoted standby behind the centre."""
from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from client.kernel.models import AppliedOp, EntityEvent
from client.registration.commands import RecordLicencePrinted
from sync.centre_client import CentreClient
from sync.engine import SyncEngine, SyncWorker
from tests.centres import CentreProcess
from tests.integration.sync_helpers import establish, workstation
from tests.pgcluster import PgCluster

pytestmark = pytest.mark.postgres


@pytest.fixture
def centres(tmp_path):
    """start(db_url) -> a CentreProcess (its log in tmp_path); all stopped at the end."""
    started: list[CentreProcess] = []

    def start(db_url: str) -> CentreProcess:
        centre = CentreProcess.start(db_url, tmp_path / f"centre-{len(started)}.log")
        started.append(centre)
        return centre

    yield start
    for centre in started:
        centre.stop()


def _central_on(url):
    from tests.integration.conftest import make_central as _make_central
    return _make_central(url)


def _queue(ws, central, entity_id, n):
    ops = []
    for _ in range(n):
        cmd = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="original")
        assert ws.bus.dispatch(cmd).ok
        ops.append(cmd.op_id)
    return ops


def _worker(ws):
    engine = SyncEngine(ws.store, ws.pusher.applier, ws.pusher, ws.puller, ws.device_id)
    return engine, SyncWorker(engine, interval=0.2, min_backoff=0.2, max_backoff=1.0)


def _wait(cond, timeout, what):
    """Until cond() holds (a deadline only against hanging for ever)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _hold_commits(engine) -> sa.Connection:
    """A transaction holding the audit counter's row, which a batch locks at its COMMIT
    (client.kernel.uow.UnitOfWork.commit): the centre's next batch is applied and waits there,
    in flight, until this transaction ends."""
    hold = engine.connect()
    hold.execute(sa.text("SELECT value FROM counter WHERE name = 'audit_log' FOR UPDATE"))
    return hold


def _exactly_once(engine, ops):
    with engine.connect() as c:
        applied = set(c.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(ops))))
        events = c.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                          .where(EntityEvent.kind == "licence_printed"))
    assert applied == set(ops)
    assert events == len(ops)


def _lock_waiter(engine) -> int | None:
    """The backend of a centre that waits for a lock, if any."""
    with engine.connect() as c:
        return c.scalar(sa.text("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                "AND datname = current_database() LIMIT 1"))


def test_one_of_two_centre_instances_killed_mid_push_the_workstation_carries_on_against_the_other(
        pg_url, centres, tmp_path):
    central = _central_on(pg_url)
    try:
        a, b = centres(central.url), centres(central.url)
        entity_id = establish(central, "澄明")
        ws = workstation(central, tmp_path, "two", centre_url=a.url)
        # the workstation is configured with both instances' addresses, A first
        ws.session.client = CentreClient([a.url, b.url])
        ws.pusher.batch_size = 25
        ops = _queue(ws, central, entity_id, 100)
        engine, worker = _worker(ws)
        statuses = []
        engine.subscribe(lambda s: statuses.append(s.online))
        hold = _hold_commits(central.engine)  # so A dies with a batch in flight
        worker.start()
        try:
            _wait(lambda: _lock_waiter(central.engine) is not None, 30, "a batch on A to wait for its commit")
            assert ws.store.pending_count() == 100
            a.kill()
            hold.rollback()  # A's transaction ends with its backend; B's (the same batch, sent again) goes on
            hold.close()
            _wait(lambda: ws.store.pending_count() == 0, 60, "the queue to drain through B")
        finally:
            worker.stop()
            hold.close()
        _exactly_once(central.engine, ops)
        # the request A never answered went to B at once: the workstation was never offline
        assert False not in statuses and True in statuses
        assert ws.session.client.label == b.url
    finally:
        central.dispose()


def test_failover_to_a_promoted_standby_during_a_push(pg_cluster_factory, centres, tmp_path):
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
        # the centre's database URL names both hosts: it follows whichever is read-write
        url = (f"postgresql+psycopg://postgres@/{db}?host={primary.host}:{primary.port}"
               f"&host={standby.host}:{standby.port}&target_session_attrs=read-write&connect_timeout=3")
        central = _central_on(url)
        centre = centres(url)
        entity_id = establish(central, "远航")
        ws = workstation(central, tmp_path, "fo", centre_url=centre.url)
        ws.pusher.batch_size = 5
        ops = _queue(ws, central, entity_id, 100)
        engine, worker = _worker(ws)
        worker.start()
        hold = None
        try:
            _wait(lambda: ws.store.pending_count() <= 90, 30, "a few batches pushed")
            hold = _hold_commits(central.engine)
            _wait(lambda: _lock_waiter(central.engine) is not None, 30, "a batch to wait for its commit")
            primary.stop("immediate")  # the primary dies mid-push, a batch in flight
            hold.invalidate()
            _wait(lambda: engine.status.online is False, 30, "offline noticed")
            assert 0 < ws.store.pending_count() < 100
            standby.run("pg_ctl", "-D", str(standby.data_dir), "promote", "-w")
            _wait(lambda: ws.store.pending_count() == 0, 60, "the queue to drain on the new primary")
            _wait(lambda: engine.status.online is True, 30, "online again")
        finally:
            worker.stop()
            if hold is not None:
                hold.close()
        _exactly_once(central.engine, ops)
        with central.engine.connect() as c:
            assert c.scalar(sa.text("SELECT inet_server_port()")) == standby.port
        central.dispose()
    finally:
        standby.destroy()
