"""What a workstation pulls is searchable: the local name index follows pulled inserts, renames
and removals (SQLite's FTS table is not a function of the row, so the pull keeps it)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from client.kernel.models import AppUser, MarketEntity
from client.kernel.replication import DELETE
from client.kernel.models import ChangeLog
from client.kernel.types import new_id
from client.registration.search import EntityFilter, RegisterQuery
from client.registration.commands import ApproveApplication, SubmitChange
from client.kernel.roles import Principal, parse_roles
from sync.workstation import pulled_changes
from tests.integration.sync_helpers import establish, workstation

pytestmark = pytest.mark.postgres



def _names_found(ws, central, fragment: str) -> list[str]:
    with ws.store.sessions() as s:
        u = s.get(AppUser, central.users["clerk"])
        principal = Principal(u.id, u.username, u.full_name, parse_roles(u.roles), u.office_code, u.district_code)
    rows = RegisterQuery(ws.store.sessions, principal, EntityFilter(text=fragment)).first_page()
    return [r.name for r in rows]


def test_pulled_entities_are_found_by_name_and_renames_and_removals_follow(pg_central, tmp_path):
    central = pg_central
    ws = workstation(central, tmp_path, "a")  # first download: nothing yet
    entity_id = establish(central, "澄明")
    ws.puller.pull()
    assert _names_found(ws, central, "澄明") == ["广州市天河区澄明软件科技有限公司"]

    out = central.bus.dispatch(SubmitChange(user_id=central.users["clerk"], application_id=(app := new_id()),
                                            entity_id=entity_id, base_version=1,
                                            items={"name": "广州市天河区远航软件科技有限公司"}))
    assert out.ok, out
    assert central.bus.dispatch(ApproveApplication(user_id=central.users["reviewer"], application_id=app,
                                                   base_version=1)).ok
    report = ws.puller.pull()
    # what changed, so that the screens showing it (and only they) look again
    assert {"market_entity", "reg_application", "entity_event"} <= report.tables
    assert {"entities", "applications", "history"} <= pulled_changes(report)
    assert not {"cards", "inspections"} & pulled_changes(report)
    assert _names_found(ws, central, "澄明") == []
    assert _names_found(ws, central, "远航") == ["广州市天河区远航软件科技有限公司"]

    # the entity leaves this workstation's scope: a removal in the log takes it and its history
    with central.engine.begin() as conn:
        seq = conn.scalar(sa.select(sa.func.max(ChangeLog.seq))) + 1
        office, district = conn.execute(sa.select(MarketEntity.office_code, MarketEntity.district_code)
                                        .where(MarketEntity.id == entity_id)).one()
        conn.execute(sa.insert(ChangeLog).values(seq=seq, table_name="market_entity", row_id=entity_id,
                                                 change_kind=DELETE, office_code=office,
                                                 district_code=district, changed_at=sa.func.now()))
        conn.execute(sa.text("UPDATE counter SET value = :v WHERE name = 'change_log'"), {"v": seq})
    report = ws.puller.pull()
    assert report.deleted >= 2  # the entity and its events
    assert _names_found(ws, central, "远航") == []
    with ws.store.sessions() as s:
        assert s.get(MarketEntity, entity_id) is None
        assert s.scalar(sa.text("SELECT count(*) FROM entity_event WHERE entity_id = :i"), {"i": entity_id}) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(AppUser)) > 0  # the rest stays
