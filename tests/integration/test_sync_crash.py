"""Crash safety of the push: SIGKILL at random points, the central server going away, failover."""
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
from tests.integration.sync_helpers import establish, workstation

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_central(pg_url):
    from tests.integration.test_sync_central import _make_central
    central = _make_central(pg_url)
    yield central
    central.engine.dispose()


def _queue(ws, central, entity_id, n) -> list[str]:
    ops = []
    for _ in range(n):
        cmd = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="duplicate")
        assert ws.bus.dispatch(cmd).ok
        ops.append(cmd.op_id)
    return ops


def _forked(ws, central, batch, kill_after=0):
    """A push in a forked process (the imports already done: 50+ runs stay quick)."""
    from tests.integration.sync_push_child import run

    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    url = central.url if isinstance(central.url, str) else central.url.render_as_string(hide_password=False)
    proc = ctx.Process(target=run, args=(str(ws.store.path), url, batch, kill_after, ready))
    proc.start()
    return proc, ready


def _child(ws, central, batch, kill_after=0) -> subprocess.Popen:
    args = [sys.executable, "-m", "tests.integration.sync_push_child", str(ws.store.path),
            central.url.render_as_string(hide_password=False) if hasattr(central.url, "render_as_string")
            else str(central.url), str(batch)]
    if kill_after:
        args.append(str(kill_after))
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _assert_exactly_once(central, ops):
    with central.sessions() as s:
        applied = set(s.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(ops))))
        events = s.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                          .where(EntityEvent.kind == "licence_printed"))
    assert applied == set(ops)
    assert events == len(ops), f"{events} effects for {len(ops)} commands"


def test_push_killed_at_random_points_applies_every_command_exactly_once(pg_central, tmp_path):
    central = pg_central
    entity_id = establish(central, "澄明")
    ws = workstation(central, tmp_path, "crash")
    rng = random.Random(20261124)
    ops: list[str] = []
    runs = 60
    kinds = {"timed": 0, "after_central_commit": 0}
    ws.store.engine.dispose()  # no pooled SQLite connection crosses a fork
    for run in range(runs):
        ops += _queue(ws, central, entity_id, rng.randint(3, 12))
        ws.store.engine.dispose()
        central.engine.dispose()
        if run % 2 == 0:  # between the central commit and the local acknowledgement
            proc, _ = _forked(ws, central, batch=rng.randint(1, 4), kill_after=rng.randint(1, 3))
            kinds["after_central_commit"] += 1
            proc.join(timeout=60)
        else:  # at a random moment: start-up, mid-batch, mid-acknowledgement
            proc, ready = _forked(ws, central, batch=rng.randint(1, 4))
            ready.wait(timeout=30)
            time.sleep(rng.uniform(0, 0.03))
            os.kill(proc.pid, signal.SIGKILL)
            proc.join(timeout=60)
            kinds["timed"] += 1
        assert proc.exitcode in (-signal.SIGKILL, 0), proc.exitcode
    # after the last crash, a new push (in this process) drains what is left
    report = ws.pusher.push()
    assert ws.store.pending_count() == 0 and report.conflicts == report.rejected == 0
    _assert_exactly_once(central, ops)
    assert kinds["after_central_commit"] >= 25 and kinds["timed"] >= 25


def test_push_as_a_real_process_killed_after_the_central_commit(pg_central, tmp_path):
    """The same in a fresh interpreter (no fork): what a support technician's `kill -9` does."""
    central = pg_central
    entity_id = establish(central, "远航")
    ws = workstation(central, tmp_path, "proc")
    ops = _queue(ws, central, entity_id, 6)
    proc = _child(ws, central, batch=2, kill_after=2)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert ws.store.pending_count() == 4  # the second batch reached the centre, its ack did not
    ws.pusher.push()
    _assert_exactly_once(central, ops)
