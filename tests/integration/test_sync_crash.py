"""Crash safety of the push over HTTP: the workstation killed at random points, the centre process
killed mid-batch, the central database stopped mid-push. Each time every command is applied
exactly once: none lost, none doubled.

The centre here is `hongdun centre serve` in a process of its own (tests.centres.CentreProcess)
over a PostgreSQL database, as deployed: the workstation reaches it over HTTP only.
"""
from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from client.kernel.models import AppliedOp, EntityEvent
from client.registration.commands import RecordLicencePrinted
from sync.engine import SyncEngine, SyncWorker
from tests.centres import CentreProcess
from tests.integration.sync_helpers import establish, workstation

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def centres(tmp_path):
    """start(db_url, port=0) -> a CentreProcess (its log in tmp_path); all stopped at the end."""
    started: list[CentreProcess] = []

    def start(db_url: str, *, port: int = 0) -> CentreProcess:
        centre = CentreProcess.start(db_url, tmp_path / f"centre-{len(started)}.log", port=port)
        started.append(centre)
        return centre

    yield start
    for centre in started:
        centre.stop()



def _queue(ws, central, entity_id, n) -> list[str]:
    ops = []
    for _ in range(n):
        cmd = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="duplicate")
        assert ws.bus.dispatch(cmd).ok
        ops.append(cmd.op_id)
    return ops


def _forked(ws, centre_url, batch, kill_after=0):
    """A push in a forked process (the imports already done: 50+ runs stay quick)."""
    from tests.integration.sync_push_child import run

    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    proc = ctx.Process(target=run, args=(str(ws.store.path), centre_url, ws.device_id, batch, kill_after, ready),
                       kwargs={"session": ws.session})
    proc.start()
    return proc, ready


def _child(ws, centre_url, batch, kill_after=0) -> subprocess.Popen:
    args = [sys.executable, "-m", "tests.integration.sync_push_child", str(ws.store.path), centre_url,
            ws.device_id, str(batch)]
    if kill_after:
        args.append(str(kill_after))
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_exactly_once(engine, ops):
    with engine.connect() as c:
        applied = set(c.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(ops))))
        events = c.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                          .where(EntityEvent.kind == "licence_printed"))
    assert applied == set(ops)
    assert events == len(ops), f"{events} effects for {len(ops)} commands"


def _worker(ws):
    engine = SyncEngine(ws.store, ws.pusher.applier, ws.pusher, ws.puller, ws.device_id)
    return engine, SyncWorker(engine, interval=0.2, min_backoff=0.2, max_backoff=1.0)


def _wait_for(value, timeout, what):
    """What `value()` returns once it is not None/False (a deadline only against hanging for ever)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if found := value():
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _wait(cond, timeout, what) -> None:
    _wait_for(cond, timeout, what)


def _hold_commits(engine) -> sa.Connection:
    """A transaction holding the audit counter's row, which a batch locks at its COMMIT
    (client.kernel.uow.UnitOfWork.commit): the centre's next batch is applied and waits there,
    in flight, until this transaction ends."""
    hold = engine.connect()
    hold.execute(sa.text("SELECT value FROM counter WHERE name = 'audit_log' FOR UPDATE"))
    return hold


def test_workstation_killed_at_random_points_of_a_push_applies_every_command_exactly_once(
        pg_central, centres, tmp_path):
    central = pg_central
    centre = centres(central.url)
    entity_id = establish(central, "澄明")
    ws = workstation(central, tmp_path, "crash", centre_url=centre.url)
    rng = random.Random(20261124)
    ops: list[str] = []
    runs = 60
    kinds = {"timed": 0, "after_central_commit": 0}
    for run in range(runs):
        ops += _queue(ws, central, entity_id, rng.randint(2, 8))
        ws.store.engine.dispose()  # no pooled SQLite connection crosses a fork
        if run % 2 == 0:  # between the central commit and the local acknowledgement
            proc, _ = _forked(ws, centre.url, batch=rng.randint(1, 3), kill_after=rng.randint(1, 3))
            kinds["after_central_commit"] += 1
            proc.join(timeout=60)
        else:  # at a random moment: start-up, a request in flight (the centre carries on with it
            # and may still be applying it when the next push sends the same commands), between
            # batches, mid-acknowledgement (a push of a few batches takes 0.1-0.5 s here)
            proc, ready = _forked(ws, centre.url, batch=rng.randint(1, 3))
            assert ready.wait(timeout=30)
            time.sleep(rng.uniform(0, 0.2))
            os.kill(proc.pid, signal.SIGKILL)
            proc.join(timeout=60)
            kinds["timed"] += 1
        assert proc.exitcode in (-signal.SIGKILL, 0), proc.exitcode
    # after the last crash, a new push (in this process, through the same centre) drains what is
    # left; a batch a killed child sent may still be applying: the centre answers it from applied_op
    report = ws.pusher.push()
    assert ws.store.pending_count() == 0 and report.conflicts == report.rejected == 0
    _assert_exactly_once(central.engine, ops)
    assert kinds["after_central_commit"] >= 25 and kinds["timed"] >= 25


def test_workstation_as_a_real_process_killed_after_the_central_commit(pg_central, centres, tmp_path):
    """The same in a fresh interpreter (no fork; it signs its device in with the key from the
    keyring): what a support technician's `kill -9` does."""
    central = pg_central
    centre = centres(central.url)
    entity_id = establish(central, "远航")
    ws = workstation(central, tmp_path, "proc", centre_url=centre.url)
    ops = _queue(ws, central, entity_id, 6)
    proc = _child(ws, centre.url, batch=2, kill_after=2)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err
    assert out.splitlines() == ["ready"]
    assert ws.store.pending_count() == 4  # the second batch reached the centre, its ack did not
    ws.pusher.push()
    assert ws.store.pending_count() == 0
    _assert_exactly_once(central.engine, ops)


def _lock_waiter(engine) -> int | None:
    """The backend of the centre that waits for a lock, if any."""
    with engine.connect() as c:
        return c.scalar(sa.text("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                "AND datname = current_database() LIMIT 1"))


def _backend_alive(engine, pid) -> bool:
    with engine.connect() as c:
        return bool(c.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}))


def test_centre_process_killed_mid_batch_the_push_completes_exactly_once_on_its_successor(
        pg_central, centres, tmp_path):
    central = pg_central
    centre = centres(central.url)
    entity_id = establish(central, "青松")
    ws = workstation(central, tmp_path, "killed", centre_url=centre.url)
    ws.pusher.batch_size = 25
    ops = _queue(ws, central, entity_id, 100)
    engine, worker = _worker(ws)
    statuses = []
    engine.subscribe(lambda s: statuses.append(s.online))
    hold = _hold_commits(central.engine)
    worker.start()
    try:
        waiter = _wait_for(lambda: _lock_waiter(central.engine), 30, "the first batch to wait for its commit")
        centre.kill()  # mid-batch: the transaction is open, its answer will never be sent
        hold.rollback()
        hold.close()
        _wait(lambda: not _backend_alive(central.engine, waiter), 30, "the killed centre's backend to end")
        with central.engine.connect() as c:  # the cut transaction left nothing
            assert c.scalar(sa.select(sa.func.count()).select_from(AppliedOp).where(AppliedOp.op_id.in_(ops))) == 0
        _wait(lambda: engine.status.online is False, 30, "offline noticed")
        assert ws.store.pending_count() == 100
        centres(central.url, port=int(centre.url.rsplit(":", 1)[1]))  # restarted at the same address
        _wait(lambda: ws.store.pending_count() == 0, 60, "the queue to drain")
        _wait(lambda: engine.status.online is True, 30, "online again")
    finally:
        worker.stop()
        hold.close()
    _assert_exactly_once(central.engine, ops)
    assert False in statuses and statuses[-1] is True


def test_central_database_stopped_mid_push_and_started_again_the_queue_drains(pg_cluster_factory, centres,
                                                                            tmp_path):
    from tests.integration.conftest import make_central as _make_central

    cluster = pg_cluster_factory()
    central = _make_central(cluster.url(cluster.create_database()))
    centre = centres(central.url)
    entity_id = establish(central, "澄明")
    ws = workstation(central, tmp_path, "stop", centre_url=centre.url)
    ws.pusher.batch_size = 5
    ops = _queue(ws, central, entity_id, 100)
    statuses = []
    engine, worker = _worker(ws)
    engine.subscribe(lambda s: statuses.append(s.online))
    worker.start()
    hold = None
    try:
        _wait(lambda: ws.store.pending_count() <= 90, 30, "a few batches pushed")
        hold = _hold_commits(central.engine)
        _wait(lambda: _lock_waiter(central.engine), 30, "a batch to wait for its commit")
        cluster.stop("immediate")  # mid-push: a batch in flight, the rest queued behind it
        hold.invalidate()  # (its server is gone)
        _wait(lambda: engine.status.online is False, 30, "offline noticed")
        left = ws.store.pending_count()
        assert 0 < left < 100
        cluster.start()
        _wait(lambda: ws.store.pending_count() == 0, 60, "the queue to drain")
        _wait(lambda: engine.status.online is True, 30, "online again")
    finally:
        worker.stop()
        if hold is not None:
            hold.close()
    _assert_exactly_once(central.engine, ops)
    assert False in statuses and statuses[-1] is True
    central.dispose()
