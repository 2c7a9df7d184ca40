"""Two workstations offline on overlapping data, then synchronised through one central PostgreSQL."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from client.kernel.models import AppliedOp, EntityEvent, MarketEntity
from client.registration.models import RegApplication
from client.kernel.types import new_id
from client.registration.commands import (ApproveApplication, RecordLicencePrinted, SubmitChange,
    SubmitEstablishment)
from client.kernel.uow import verify_audit_chain
from sync import conflicts, local_schema
from tests.integration.sync_helpers import establish, workstation
from tests.integration.test_registration_flow import company_items

pytestmark = pytest.mark.postgres



def _entity(store, entity_id):
    with store.sessions() as s:
        return s.get(MarketEntity, entity_id)


def test_offline_work_on_two_workstations_converges_with_conflicts_surfaced(pg_central, tmp_path):
    central = pg_central
    shared = establish(central, "澄明")
    a = workstation(central, tmp_path, "a", user="clerk")
    b = workstation(central, tmp_path, "b", user="reviewer")
    assert _entity(a.store, shared).version == 1 and _entity(b.store, shared).version == 1

    # offline: A files a change of the shared entity and a new establishment; B prints licences
    # of the shared entity and files its own change of it (the same record: one must conflict)
    change_a = SubmitChange(user_id=central.users["clerk"], application_id=new_id(), entity_id=shared,
                            base_version=1, items={"phone": "020-11112222"})
    new_app = new_id()
    assert a.bus.dispatch(change_a).ok
    out = a.bus.dispatch(SubmitEstablishment(user_id=central.users["clerk"], application_id=new_app,
                                             items=company_items(name="广州市天河区远航软件科技有限公司")))
    assert out.ok and out.result["app_no"] is None  # 待分配 until the centre numbers it
    for _ in range(3):
        assert a.bus.dispatch(RecordLicencePrinted(user_id=central.users["clerk"], entity_id=shared,
                                                   copy="original")).ok
    assert a.store.pending_count() == 5

    # the centre moves on meanwhile: the shared entity changed online (its version goes to 2)
    online = SubmitChange(user_id=central.users["clerk"], application_id=new_id(), entity_id=shared,
                          base_version=1, items={"address": "广州市天河区体育西路1号"})
    assert central.bus.dispatch(online).ok
    assert central.bus.dispatch(ApproveApplication(user_id=central.users["reviewer"],
                                                   application_id=online.application_id, base_version=1)).ok

    pushed, pulled = a.sync()
    # the change on version 1 conflicts; the establishment and the prints go on
    assert pushed.conflicts == 1 and pushed.applied == 4 and pushed.rejected == 0
    with a.store.engine.connect() as c:
        refused = c.execute(sa.select(local_schema.outbox)).all()
    assert [r.state for r in refused] == ["conflict"]
    theirs = json.loads(refused[0].theirs)
    assert theirs[f"market_entity:{shared}"]["version"] == 2

    # the clerk keeps "mine" for the phone: a new command on version 2 replaces the refused one
    [item] = conflicts.refused(a.store)
    assert item.field_choices() == [("phone", "020-11112222", "020-38881234")]
    resend = conflicts.resolved_command(item, {"phone": "020-11112222"})
    assert resend.base_version == 2 and resend.op_id != item.op_id
    assert conflicts.replace(a.store, a.puller, a.bus, item.op_id, resend).ok
    assert conflicts.refused(a.store) == []
    assert _entity(a.store, shared).version == 2  # the central version came back

    # B approves A's new application only after both synchronised: numbers come from the centre
    b.sync()
    with b.store.sessions() as s:
        app = s.get(RegApplication, new_app)
        assert app is not None and app.app_no  # numbered centrally, pulled
    assert b.bus.dispatch(ApproveApplication(user_id=central.users["reviewer"], application_id=new_app,
                                             base_version=1)).ok
    with b.store.sessions() as s:
        local_entity = s.scalar(sa.select(MarketEntity).where(MarketEntity.name.like("%远航%")))
        assert local_entity.uscc is None and local_entity.row_no < 0  # 待分配, provisional row_no
    b.sync()
    a.sync()

    # every command applied once; both stores converge on the central state
    with central.sessions() as s:
        ops = s.scalar(sa.select(sa.func.count()).select_from(AppliedOp))
        central_entities = {e.id: (e.version, e.uscc, e.row_no, e.phone, e.address)
                            for e in s.scalars(sa.select(MarketEntity))}
        prints = s.scalar(sa.select(sa.func.count()).select_from(EntityEvent)
                          .where(EntityEvent.kind == "licence_printed"))
        assert verify_audit_chain(s)[0]
    assert prints == 3
    assert ops == 2 * 1 + 2 + 4 + 1 + 1  # + the resolved change; two establishments online (submit+approve), the online change, A's 4, B's 1
    for ws in (a, b):
        with ws.store.sessions() as s:
            local = {e.id: (e.version, e.uscc, e.row_no, e.phone, e.address)
                     for e in s.scalars(sa.select(MarketEntity))}
        assert local == central_entities
    assert all(uscc for _, uscc, row_no, *_ in central_entities.values())


def test_a_command_edited_in_the_outbox_is_refused_centrally_and_audited(pg_central, tmp_path):
    central = pg_central
    ours = establish(central, "澄明")
    ws = workstation(central, tmp_path, "t")
    for field, value in (("entity_id", "payload"), ("user_id", central.users["clerk2"]),
                         ("office_code", "440104-01")):
        cmd = SubmitEstablishment(user_id=central.users["clerk"], application_id=new_id(),
                                  items=company_items(name="广州市天河区青松软件科技有限公司"))
        assert ws.bus.dispatch(cmd).ok
        with ws.store.engine.begin() as c:  # somebody edits the queued command with an SQLite tool
            row = c.execute(sa.select(local_schema.outbox).where(local_schema.outbox.c.op_id == cmd.op_id)).one()
            body = json.loads(row.command)
            body[field] = ours if value == "payload" else value
            c.execute(sa.update(local_schema.outbox).where(local_schema.outbox.c.op_id == cmd.op_id)
                      .values(command=json.dumps(body, ensure_ascii=False)))
        pushed = ws.pusher.push()
        assert pushed.rejected == 1 and pushed.applied == 0
        [item] = conflicts.refused(ws.store)
        assert "签名" in item.reason
        conflicts.discard(ws.store, ws.puller, item.op_id)
    from client.kernel.models import AuditEntry
    with central.sessions() as s:
        refused = list(s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "sync.refused_envelope")))
        assert len(refused) == 3
        assert verify_audit_chain(s)[0]
        assert s.scalar(sa.select(sa.func.count()).select_from(RegApplication)
                        .where(RegApplication.title.like("%青松%"))) == 0


def test_a_clerk_cannot_change_another_offices_entity_offline_or_online(pg_central, tmp_path):
    central = pg_central
    tianhe = establish(central, "澄明")
    ws = workstation(central, tmp_path, "yx", user="clerk2")  # 越秀's clerk, 越秀's device
    # offline: the entity is not even in the workstation's scope, and the handler refuses anyway
    out = ws.bus.dispatch(SubmitChange(user_id=central.users["clerk2"], application_id=new_id(),
                                       entity_id=tianhe, base_version=1, items={"phone": "020-99998888"}))
    assert not out.ok
    # online through the central bus
    out = central.bus.dispatch(SubmitChange(user_id=central.users["clerk2"], application_id=new_id(),
                                            entity_id=tianhe, base_version=1, items={"phone": "020-99998888"}))
    assert not out.ok and "管辖" in out.message
    # a forged local store holding the entity: the local run passes, the centre refuses
    with ws.store.engine.begin() as c, central.engine.connect() as cc:
        row = cc.execute(sa.select(MarketEntity.__table__).where(MarketEntity.id == tianhe)).one()
        values = dict(row._mapping)
        values["office_code"] = "forged"
        c.execute(sa.insert(MarketEntity.__table__), values)
    with ws.store.engine.begin() as c:
        from client.kernel.models import AppUser
        c.execute(sa.update(AppUser.__table__).where(AppUser.id == central.users["clerk2"])
                  .values(office_code="forged"))
    assert ws.bus.dispatch(SubmitChange(user_id=central.users["clerk2"], application_id=new_id(),
                                        entity_id=tianhe, base_version=1, items={"phone": "020-99998888"})).ok
    pushed = ws.pusher.push()
    assert pushed.rejected == 1
    [item] = conflicts.refused(ws.store)
    assert "管辖" in item.reason
    with central.sessions() as s:
        assert s.get(MarketEntity, tianhe).phone == "020-38881234"
