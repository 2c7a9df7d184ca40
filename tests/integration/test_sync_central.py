"""The central half of synchronisation on a real PostgreSQL: change log, devices, signed pushes."""
from __future__ import annotations

import random
import threading
import time

import pytest
import sqlalchemy as sa

from client.kernel.models import AppliedOp, AuditEntry, EntityEvent
from client.kernel.models import ChangeLog
from client.registration.commands import RecordLicencePrinted
from client.kernel.uow import UnitOfWork, verify_audit_chain
from client.kernel.bus import APPLIED, REJECTED
from centre.apply import CentralApplier, Envelope, seal
from tests.integration.conftest import make_central as _make_central
from tests.integration.sync_helpers import TRADE_NAMES, establish, sign_in_on


@pytest.mark.postgres
def test_concurrent_writers_and_a_reader_pulling_nothing_missed_nothing_twice(pg_url, monkeypatch):
    central = _make_central(pg_url)
    entities = [establish(central, t) for t in TRADE_NAMES[:4]]
    start_seq = _max_seq(central.engine)

    # widen the window between taking the seq and committing, where a late commit would be skipped
    real = UnitOfWork.write_change_log

    def slow(self):
        real(self)
        time.sleep(random.uniform(0, 0.01))
    monkeypatch.setattr(UnitOfWork, "write_change_log", slow)

    writers, per_writer = 8, 30
    stop = threading.Event()
    seen: list[int] = []
    seen_events: list[str] = []

    def reader():
        cursor = start_seq
        while True:
            finished = stop.is_set()
            with central.engine.connect() as conn:
                rows = conn.execute(sa.select(ChangeLog.seq, ChangeLog.table_name, ChangeLog.row_id)
                                    .where(ChangeLog.seq > cursor).order_by(ChangeLog.seq)).all()
            for seq, table, row_id in rows:
                seen.append(seq)
                if table == "entity_event":
                    seen_events.append(row_id)
                cursor = seq
            if finished:
                return

    def writer(n):
        for i in range(per_writer):
            out = central.bus.dispatch(RecordLicencePrinted(
                user_id=central.users["clerk"], entity_id=entities[(n + i) % len(entities)], copy="original"))
            assert out.ok, out

    r = threading.Thread(target=reader)
    r.start()
    ws = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for w in ws:
        w.start()
    for w in ws:
        w.join()
    stop.set()
    r.join()

    assert len(seen) == len(set(seen)), "a change pulled twice"
    assert seen == sorted(seen)
    with central.sessions() as s:
        events = set(s.scalars(sa.select(EntityEvent.id).where(EntityEvent.kind == "licence_printed")))
        all_seqs = list(s.scalars(sa.select(ChangeLog.seq).where(ChangeLog.seq > start_seq)))
    assert len(events) == writers * per_writer
    assert set(seen_events) == events, "a committed change missed by the reader"
    assert sorted(all_seqs) == list(range(start_seq + 1, start_seq + 1 + len(all_seqs))), "gaps in seq"
    central.dispose()


@pytest.mark.postgres
def test_signed_push_is_idempotent_and_tampering_is_refused_and_audited(pg_url, tmp_path):
    from sync.link import CentreLink

    central = _make_central(pg_url)
    entity_id = establish(central, "澄明")
    link = CentreLink([central.centre_url], identity="counter-1", base=tmp_path / "one")
    _user, device, device_key, user_key = sign_in_on(link, "clerk")
    applier = CentralApplier(central.sessions)
    cmd = RecordLicencePrinted(user_id=central.users["clerk"], device_id=device.id, entity_id=entity_id, copy="original")

    env = seal(device.id, device_key, user_key, cmd.to_dict())
    first, again = applier.apply(env), applier.apply(env)
    assert first.status == APPLIED and again.replayed
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AppliedOp).where(AppliedOp.op_id == cmd.op_id)) == 1

    # another office's entity named in the payload after signing
    edited = dict(env.command, entity_id="00000000-0000-0000-0000-000000000000")
    out = applier.apply(Envelope(env.device_id, edited, env.user_signature, env.device_signature))
    assert out.status == REJECTED and "签名" in out.message
    # the user swapped for another after signing
    other = dict(env.command, op_id="11111111-1111-1111-1111-111111111111", user_id=central.users["clerk2"])
    assert applier.apply(Envelope(env.device_id, other, env.user_signature, env.device_signature)).status == REJECTED

    # a clerk of another office, signed properly on that office's device: the handler refuses
    link2 = CentreLink([central.centre_url], identity="yuexiu", base=tmp_path / "two")
    _user2, device2, key2, user_key2 = sign_in_on(link2, "clerk2")
    foreign = RecordLicencePrinted(user_id=central.users["clerk2"], device_id=device2.id, entity_id=entity_id, copy="original")
    out = applier.apply(seal(device2.id, key2, user_key2, foreign.to_dict()))
    assert out.status == REJECTED and "管辖" in out.message

    with central.sessions() as s:
        actions = list(s.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)))
        assert actions.count("sync.refused_envelope") == 2
        assert any(a.startswith("refused:") for a in actions)
        assert verify_audit_chain(s)[0]
    central.dispose()


def _max_seq(engine) -> int:
    with engine.connect() as c:
        return c.scalar(sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))
