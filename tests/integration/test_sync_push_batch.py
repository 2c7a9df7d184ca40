"""The central apply of a pushed batch (centre.apply.CentralApplier.apply_batch), on SQLite and PostgreSQL.

A batch runs in chunks without a savepoint per command; these tests hold it to the guarantees of a
command-by-command apply: a refused command rolls back only its own effects (also in a chunk whose
other commands had run), numbers and the audit chain stay dense, record ids derive from each
command's own op_id, a repeated op_id changes nothing (within one batch, across pushes, and when a
concurrent push commits it first).
"""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

import centre.apply
from client.kernel.models import AppliedOp, AuditEntry, Counter, EntityEvent
from client.registration.models import RegApplication
from client.kernel.models import ChangeLog
from client.kernel.types import new_id
from client.registration.commands import (ApproveApplication, RecordLicencePrinted, SubmitChange,
    SubmitEstablishment)
from client.kernel.ids import derived_id
from client.kernel.uow import UnitOfWork, verify_audit_chain
from client.kernel.users import set_disabled
from sync import local_schema
from client.kernel.bus import APPLIED, CONFLICT, REJECTED
from centre.apply import CentralApplier, Envelope, seal
from sync.link import CentreLink
from tests.integration.sync_helpers import TRADE_NAMES, establish, sign_in_on, workstation
from tests.integration.test_registration_flow import company_items


def _name(trade: str) -> str:
    return f"广州市天河区{trade}软件科技有限公司"


def _derived(op_id: str, n: int = 1) -> str:
    return derived_id(op_id, str(n))


def _signed_in(central, tmp_path, *usernames):
    """One workstation's device, and the keys of `usernames` signed in on it online (through the
    centre over HTTP, as a workstation enrols): (device id, device key, {username: user key})."""
    link = CentreLink([central.centre_url], identity="counter-1", base=tmp_path / "counter-1")
    device_id, device_key, user_keys = None, None, {}
    for username in usernames:
        _user, device, key, user_key = sign_in_on(link, username)
        assert device_id in (None, device.id)  # one office: one device for all of them
        device_id, device_key, user_keys[username] = device.id, key, user_key
    return device_id, device_key, user_keys


def _scalars(central, query):
    with central.sessions() as s:
        return list(s.scalars(query))


def test_a_refused_command_in_a_chunked_batch_rolls_back_only_itself(central, tmp_path, monkeypatch):
    monkeypatch.setattr(centre.apply, "CHUNK", 3)  # the refusals fall in a chunk after others ran
    clerk = central.users["clerk"]
    entity_id = establish(central, TRADE_NAMES[0])
    ws = workstation(central, tmp_path, "w")
    audit_before = _scalars(central, sa.select(sa.func.max(AuditEntry.seq)))[0]
    log_before = _scalars(central, sa.select(sa.func.coalesce(sa.func.max(ChangeLog.seq), 0)))[0]

    prints, establishments = [], {}

    def print_licence():
        cmd = RecordLicencePrinted(user_id=clerk, entity_id=entity_id, copy="original")
        assert ws.bus.dispatch(cmd).ok
        prints.append(cmd.op_id)

    def submit(trade):
        cmd = SubmitEstablishment(user_id=clerk, application_id=new_id(), items=company_items(name=_name(trade)))
        assert ws.bus.dispatch(cmd).ok
        establishments[trade] = cmd
    # offline: 4 chunks of 3; the 2nd chunk holds the rejected establishment, the 3rd the conflict
    print_licence(), print_licence(), submit(TRADE_NAMES[1])
    print_licence(), submit(TRADE_NAMES[2]), print_licence()
    change = SubmitChange(user_id=clerk, application_id=new_id(), entity_id=entity_id, base_version=1,
                          items={"phone": "020-11112222"})
    assert ws.bus.dispatch(change).ok
    print_licence(), submit(TRADE_NAMES[3])
    submit(TRADE_NAMES[4]), print_licence(), print_licence()
    assert ws.store.pending_count() == 12

    # the centre moves on meanwhile: the same name filed online, the entity changed online
    assert central.bus.dispatch(SubmitEstablishment(user_id=clerk, application_id=new_id(),
                                                    items=company_items(name=_name(TRADE_NAMES[2])))).ok
    online = SubmitChange(user_id=clerk, application_id=new_id(), entity_id=entity_id, base_version=1,
                          items={"address": "广州市天河区体育西路1号"})
    assert central.bus.dispatch(online).ok
    assert central.bus.dispatch(ApproveApplication(user_id=central.users["reviewer"],
                                                   application_id=online.application_id, base_version=1)).ok

    ws.pusher.batch_size = 100
    report = ws.pusher.push()
    assert (report.applied, report.conflicts, report.rejected) == (10, 1, 1)
    with ws.store.engine.connect() as c:
        left = dict(c.execute(sa.select(local_schema.outbox.c.op_id, local_schema.outbox.c.state)).all())
    assert left == {change.op_id: CONFLICT, establishments[TRADE_NAMES[2]].op_id: REJECTED}

    refused = {change.op_id, establishments[TRADE_NAMES[2]].op_id}
    applied_ops = set(_scalars(central, sa.select(AppliedOp.op_id)))
    assert not refused & applied_ops
    assert set(prints) <= applied_ops
    # each print made exactly one event, with the id its own op_id gives (the same as locally)
    events = _scalars(central, sa.select(EntityEvent.id).where(EntityEvent.kind == "licence_printed"))
    assert sorted(events) == sorted(_derived(op) for op in prints)
    with central.sessions() as s:
        logged = dict(s.execute(sa.select(ChangeLog.row_id, ChangeLog.op_id)
                                .where(ChangeLog.table_name == "entity_event", ChangeLog.seq > log_before)).all())
        log_seqs = list(s.scalars(sa.select(ChangeLog.seq).where(ChangeLog.seq > log_before).order_by(ChangeLog.seq)))
        logged_ops = set(s.scalars(sa.select(ChangeLog.op_id).where(ChangeLog.seq > log_before)))
        apps = {a.id: a for a in s.scalars(sa.select(RegApplication))}
        counters = dict(s.execute(sa.select(Counter.name, Counter.value)).all())
        audit = list(s.execute(sa.select(AuditEntry.seq, AuditEntry.action, AuditEntry.op_id)
                               .where(AuditEntry.seq > audit_before).order_by(AuditEntry.seq)).all())
        ok, _, message = verify_audit_chain(s)
    for op in prints:
        assert logged[_derived(op)] == op  # the change log names the command that made the row
    assert not refused & logged_ops
    assert log_seqs == list(range(log_before + 1, log_before + 1 + len(log_seqs)))
    assert counters["change_log"] == log_seqs[-1]

    # the refused commands took no application number: all numbers given are consecutive
    assert establishments[TRADE_NAMES[2]].application_id not in apps and change.application_id not in apps
    numbered = sorted(int(a.app_no[-7:]) for a in apps.values() if a.app_no)
    assert len(numbered) == 6  # establish(), the two online, the three pushed
    assert numbered == list(range(numbered[0], numbered[0] + len(numbered)))
    for trade in (TRADE_NAMES[1], TRADE_NAMES[3], TRADE_NAMES[4]):
        assert apps[establishments[trade].application_id].app_no is not None

    # the audit chain: whole, dense, one entry per command in push order, the refusals on record
    assert ok, message
    assert [seq for seq, _, _ in audit] == list(range(audit_before + 1, audit_before + 1 + len(audit)))
    assert counters["audit_log"] == audit[-1][0]
    mine = set(prints) | {c.op_id for c in establishments.values()} | {change.op_id}
    pushed = [(action, op) for _, action, op in audit if op in mine]
    assert len(pushed) == 12
    assert ("refused:registration.submit_change", change.op_id) in pushed
    assert ("refused:registration.submit_establishment", establishments[TRADE_NAMES[2]].op_id) in pushed

    # the workstation pulls: its own rows are replaced by the central ones, none doubled
    ws.puller.pull()
    with ws.store.sessions() as s:
        local_events = list(s.scalars(sa.select(EntityEvent.id).where(EntityEvent.kind == "licence_printed")))
    assert sorted(local_events) == sorted(events)


def test_repeated_op_ids_tampering_and_a_disabled_user_in_one_batch(central, tmp_path):
    entity_id = establish(central, TRADE_NAMES[0])
    # the office head signed in on the counter's workstation before being disabled: the proof
    # of the command is good, the handler refuses it
    device_id, device_key, user_keys = _signed_in(central, tmp_path, "clerk", "head")
    applier = CentralApplier(central.sessions)

    def env(user="clerk"):
        cmd = RecordLicencePrinted(user_id=central.users[user], device_id=device_id,
                                   entity_id=entity_id, copy="duplicate")
        return seal(device_id, device_key, user_keys[user], cmd.to_dict())

    earlier = env()
    assert applier.apply(earlier).status == APPLIED
    with central.sessions() as s:
        set_disabled(s, "head", True)  # an office head of the same office, disabled centrally
        s.commit()
    fresh, by_head, other = env(), env("head"), env()
    tampered = Envelope(fresh.device_id, dict(fresh.command, copy="original", op_id=new_id()),
                        fresh.user_signature, fresh.device_signature)
    outcomes = applier.apply_batch([earlier, fresh, tampered, fresh, by_head, other, earlier])
    assert [o.status for o in outcomes] == [APPLIED, APPLIED, REJECTED, APPLIED, REJECTED, APPLIED, APPLIED]
    assert [o.replayed for o in outcomes] == [True, False, False, True, False, False, True]
    assert "签名" in outcomes[2].message and "停用" in outcomes[4].message

    with central.sessions() as s:
        events = s.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                          .where(EntityEvent.kind == "licence_printed"))
        actions = list(s.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.seq)))
        assert verify_audit_chain(s)[0]
    assert events == 3  # earlier, fresh, other: once each
    # the batch's entries in its order; the repeats are not audited again
    assert actions[-4:] == ["registration.licence_printed", "sync.refused_envelope",
                            "refused:registration.licence_printed", "registration.licence_printed"]


def test_counters_taken_many_times_in_one_transaction_are_written_once_and_roll_back_with_a_savepoint(central):
    with UnitOfWork(central.sessions) as uow:
        first = uow.next_number("test:n")
        assert [uow.next_number("test:n") for _ in range(3)] == [first + 1, first + 2, first + 3]
        mark = uow.checkpoint()
        savepoint = uow.session.begin_nested()
        assert uow.next_number("test:n") == first + 4
        assert uow.next_number("test:m", start=100) == 100
        savepoint.rollback()
        uow.restore(mark)
        assert uow.next_number("test:n") == first + 4  # the rolled-back number is given again
        assert uow.next_number("test:m", start=100) == 100
        uow.commit()
    with central.sessions() as s:
        values = dict(s.execute(sa.select(Counter.name, Counter.value).where(Counter.name.like("test:%"))).all())
    assert values == {"test:n": first + 4, "test:m": 100}


@pytest.mark.postgres
def test_a_concurrent_push_of_the_same_commands_applies_each_exactly_once(pg_url, tmp_path, monkeypatch):
    """Push B reads applied_op while push A holds the same batch uncommitted; A commits, B's
    applied-ops rows collide: B's chunk runs again command by command and answers from applied_op."""
    from tests.integration.conftest import make_central as _make_central

    central = _make_central(pg_url)
    entity_id = establish(central, TRADE_NAMES[0])
    device_id, device_key, user_keys = _signed_in(central, tmp_path, "clerk")
    envelopes = [seal(device_id, device_key, user_keys["clerk"], RecordLicencePrinted(
        user_id=central.users["clerk"], device_id=device_id, entity_id=entity_id,
        copy="original").to_dict()) for _ in range(7)]

    a_ready, a_go = threading.Event(), threading.Event()
    real = UnitOfWork.write_change_log

    def held(self):
        real(self)
        if threading.current_thread().name == "push-a":
            a_ready.set()
            assert a_go.wait(30)
    monkeypatch.setattr(UnitOfWork, "write_change_log", held)

    results: dict[str, list] = {}

    def push(name):
        results[name] = CentralApplier(central.sessions).apply_batch(envelopes)

    a = threading.Thread(target=push, args=("a",), name="push-a")
    a.start()
    assert a_ready.wait(30)
    b = threading.Thread(target=push, args=("b",), name="push-b")
    b.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # B waits for A's lock on the entity row
        with central.engine.connect() as c:
            if c.scalar(sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")):
                break
        time.sleep(0.02)
    else:
        pytest.fail("push B never waited for push A")
    a_go.set()
    a.join(60)
    b.join(60)

    assert all(o.status == APPLIED and not o.replayed for o in results["a"])
    assert all(o.status == APPLIED and o.replayed for o in results["b"])
    assert [o.result for o in results["b"]] == [o.result for o in results["a"]]
    with central.sessions() as s:
        ops = [e.command["op_id"] for e in envelopes]
        assert s.scalar(sa.select(sa.func.count()).select_from(AppliedOp).where(AppliedOp.op_id.in_(ops))) == 7
        assert s.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                        .where(EntityEvent.kind == "licence_printed")) == 7
        assert verify_audit_chain(s)[0]
    central.dispose()
