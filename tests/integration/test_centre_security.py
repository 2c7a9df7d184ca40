"""What a workstation in an attacker's hands still cannot do: proved against a real centre process
over a real PostgreSQL (issue 9, "Who issued a command must be proved, not claimed", "Security").

The attacker has the clerk's laptop: its files, its outbox, its device key, the clerk's own key
(the clerk signed in there), and the clerk's session token. The centre holds the database and
the public halves of the keys.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from client.cards import queries as card_queries
from client.cards import reports as card_reports
from client.cards.commands import MakeCard
from client.inspections import queries as inspection_queries
from client.inspections.commands import AddInspectionPhoto, CreatePlan, DrawPlan
from client.inspections.models import InspectionPlan, InspectionRecord, InspectionTask
from client.kernel import proofs
from client.kernel.errors import PermissionDenied
from client.kernel.models import AuditEntry, Device, MarketEntity, UserKey
from client.kernel.types import new_id
from client.kernel.uow import verify_audit_chain
from client.registration import queries as registration_queries
from client.registration.commands import RecordLicencePrinted, RevokeLicence
from client.registration.models import RegApplication
from iccard.signature import demo_signer
from sync import local_schema
from sync.centre_client import CentreClient, CentreRefused
from sync.link import CentreLink
from sync.remote import API, DeviceSession, UserSession, sign_envelope
from tests.centres import CentreProcess
from tests.integration.conftest import make_central
from tests.integration.sync_helpers import establish, sign_in_on, workstation
from tests.integration.test_cards_commands import register_key
from tests.integration.test_inspections import POOL
from tests.integration.test_inspections import save as save_record
from tests.tls import make_pki

pytestmark = pytest.mark.postgres


@pytest.fixture
def scene(pg_url, tmp_path):
    """A central PostgreSQL with an entity of the clerk's office (Tianhe) and one of Baiyun,
    a centre process in front of it, and the clerk's workstation signed in and synchronised."""
    central = make_central(pg_url)
    tianhe = establish(central, "澄明")
    baiyun = establish(central, "远航", clerk="baiyun", reviewer="city")
    centre = CentreProcess.start(pg_url, tmp_path / "centre.log")
    ws = workstation(central, tmp_path, "laptop", centre_url=centre.url)
    yield central, centre, ws, tianhe, baiyun
    ws.store.dispose()
    centre.stop()
    central.dispose()


def _push(ws, envelopes: list[dict]):
    return ws.session.call("POST", f"{API}/sync/push", json={"device_id": ws.device_id, "envelopes": envelopes})["outcomes"]


def _refusals(central) -> list[dict]:
    with central.sessions() as s:
        return [e.details for e in s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "sync.refused_envelope")
                                             .order_by(AuditEntry.seq))]


def _version(central, entity_id) -> tuple[str, int]:
    with central.sessions() as s:
        e = s.get(MarketEntity, entity_id)
        return e.state, e.version


@pytest.mark.parametrize("named", ["city", "district", "admin", "reviewer", "clerk2"])
def test_a_command_naming_a_user_who_did_not_sign_in_here_is_refused_and_audited(scene, named):
    """The harness of the issue: the clerk's laptop queues a revocation naming another account
    (the city's, a district reviewer, the administrator, a reviewer of the clerk's own office,
    a clerk of another office), signed with everything the laptop holds."""
    central, _centre, ws, tianhe, baiyun = scene
    target = baiyun if named in ("city", "district", "admin") else tianhe
    before = _version(central, target)
    command = RevokeLicence(user_id=central.users[named], device_id=ws.device_id, entity_id=target,
                            base_version=before[1], reason="无照经营", decision_no="穗工商罚〔2026〕1号").to_dict()
    # the best the attacker can do: the device's key and the clerk's own key
    outcome, = _push(ws, [sign_envelope(ws.device_id, ws.device_key, ws.user_key, command)])
    assert outcome["status"] == "rejected"
    assert "无法证明" in outcome["message"]
    assert _version(central, target) == before, "the entity was changed"
    refused = _refusals(central)[-1]
    assert refused["command"]["op_id"] == command["op_id"] and refused["command"]["user_id"] == central.users[named]
    # the same command by the clerk's own name is judged on its merits (the clerk may not revoke)
    own = dict(command, op_id=new_id(), user_id=central.users["clerk"])
    outcome, = _push(ws, [sign_envelope(ws.device_id, ws.device_key, ws.user_key, own)])
    assert outcome["status"] == "rejected" and "无法证明" not in outcome["message"]
    with central.sessions() as s:
        assert verify_audit_chain(s)[0]


def test_a_user_who_signed_in_here_before_is_proved_later_whoever_pushes(scene, tmp_path):
    """The reviewer signs in on the clerk's laptop once; a command the reviewer queued is pushed
    later by the device's session (nobody signed in) and applies, naming the reviewer."""
    central, centre, ws, tianhe, _baiyun = scene
    _session, device, key, reviewer_key = sign_in_on(ws.link, "reviewer")
    assert device.id == ws.device_id  # the same workstation, the same device
    cmd = RecordLicencePrinted(user_id=central.users["reviewer"], device_id=ws.device_id, entity_id=tianhe,
                               copy="duplicate").to_dict()
    outcome, = _push(ws, [sign_envelope(ws.device_id, key, reviewer_key, cmd)])
    assert outcome["status"] == "applied"
    with central.sessions() as s:
        entry = s.scalar(sa.select(AuditEntry).where(AuditEntry.op_id == cmd["op_id"]))
        assert entry.user_id == central.users["reviewer"]


def test_an_outbox_row_edited_or_signed_by_another_device_is_refused_and_audited(scene, tmp_path):
    central, centre, ws, tianhe, _baiyun = scene
    # three commands queued honestly by the clerk
    ops = []
    for _ in range(3):
        cmd = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=tianhe, copy="original")
        assert ws.bus.dispatch(cmd).ok
        ops.append(cmd.op_id)
    outbox = local_schema.outbox
    with ws.store.begin() as conn:
        rows = conn.execute(sa.select(outbox.c.seq, outbox.c.command).order_by(outbox.c.seq)).all()
        edits = [("payload", lambda c: dict(c, copy="duplicate")),
                 ("user", lambda c: dict(c, user_id=central.users["reviewer"])),
                 ("office", lambda c: dict(c, office_code="440104-01"))]
        for (seq, text), (_what, edit) in zip(rows, edits):
            conn.execute(sa.update(outbox).where(outbox.c.seq == seq).values(
                command=json.dumps(edit(json.loads(text)), ensure_ascii=False)))
    pushed = ws.pusher.push()
    assert pushed.applied == 0 and pushed.rejected == 3

    # another device's key: a second laptop of the same office signs as the first
    other = workstation(central, tmp_path, "laptop2", centre_url=centre.url)
    cmd = RecordLicencePrinted(user_id=central.users["clerk"], device_id=ws.device_id, entity_id=tianhe,
                               copy="original").to_dict()
    forged = sign_envelope(ws.device_id, other.device_key, ws.user_key, cmd)
    outcome, = _push(ws, [forged])
    assert outcome["status"] == "rejected" and "签名" in outcome["message"]
    # nor may the second laptop's session push envelopes naming the first device
    with pytest.raises(CentreRefused) as refused:
        other.session.call("POST", f"{API}/sync/push", json={"device_id": ws.device_id, "envelopes": [forged]})
    assert refused.value.status == 403
    other.store.dispose()

    refusals = _refusals(central)
    assert len(refusals) == 4
    assert {r["command"]["op_id"] for r in refusals[:3]} == set(ops)
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                        .where(AuditEntry.op_id.in_(ops), AuditEntry.action != "sync.refused_envelope")) == 0


def test_the_central_database_keeps_public_keys_only(scene):
    central, _centre, ws, _tianhe, _baiyun = scene
    device_columns = {c.name for c in Device.__table__.columns}
    assert "secret_hex" not in device_columns
    with central.sessions() as s:
        device = s.get(Device, ws.device_id)
        assert device.public_key == proofs.public_hex(ws.device_key)
        keys = list(s.scalars(sa.select(UserKey.public_key).where(UserKey.device_id == ws.device_id)))
    assert keys == [proofs.public_hex(ws.user_key)]
    with central.engine.connect() as conn:
        text = json.dumps([list(map(str, r)) for t in ("device", "user_key")
                           for r in conn.execute(sa.text(f"SELECT * FROM {t}"))])
    for secret in (ws.device_key.hex(), ws.user_key.hex()):
        assert secret not in text


def test_a_revoked_device_is_refused_and_a_disabled_users_token_stops_at_once(scene):
    central, centre, ws, tianhe, _baiyun = scene
    admin = UserSession.sign_in(CentreClient(centre.url), "admin", "hongdun2026")
    listed = admin.call("GET", f"{API}/devices")
    assert ws.device_id in {d["id"] for d in listed}
    assert admin.call("POST", f"{API}/devices/{ws.device_id}/revoke")["revoked"] is True

    cmd = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=tianhe, copy="original")
    assert ws.bus.dispatch(cmd).ok  # queued locally, as offline work is
    with pytest.raises(CentreRefused) as refused:  # its session ended with the revocation
        ws.pusher.push()
    assert refused.value.status == 401
    fresh = DeviceSession(CentreClient(centre.url), ws.device_id, ws.device_key)
    with pytest.raises(CentreRefused):  # and it cannot sign in again
        fresh.call("GET", f"{API}/sync/snapshot")
    with central.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.op_id == cmd.op_id)) == 0

    # a disabled user's token stops working at its next request
    clerk = UserSession.sign_in(CentreClient(centre.url), "clerk", "hongdun2026")
    question = {"name": "广州市天河区澄明软件科技有限公司", "district_code": "440106"}
    assert clerk.call("POST", f"{API}/queries/registration.check_name", json=question)["identical"]
    with central.engine.begin() as conn:
        conn.execute(sa.text("UPDATE app_user SET disabled = true WHERE username = 'clerk'"))
    with pytest.raises(CentreRefused) as refused:
        clerk.call("POST", f"{API}/queries/registration.check_name", json=question)
    assert refused.value.status == 401


def test_a_clerks_token_reaches_no_other_offices_records_through_any_endpoint(scene):
    """Every endpoint of the published schema, asked with the clerk's user token and with the
    clerk's device session, about the Baiyun entity: nothing of it comes back."""
    central, centre, ws, _tianhe, baiyun = scene
    with central.sessions() as s:
        entity = s.get(MarketEntity, baiyun)
        secrets = [entity.id, entity.uscc, entity.name]  # (the demo items give every entity one legal rep)
    clerk = UserSession.sign_in(CentreClient(centre.url), "clerk", "hongdun2026")
    schema = httpx.get(centre.url + "/openapi.json").json()
    assert len(schema["paths"]) >= 30
    tokens = {"user": clerk.token(), "device": _device_token(ws)}
    asked = 0
    # signing out and refreshing end the token: those last
    paths = sorted(schema["paths"].items(), key=lambda item: item[0].startswith(f"{API}/sessions"))
    for path, methods in paths:
        for method, spec in methods.items():
            for kind, token in tokens.items():
                for body in _bodies(spec, schema, secrets, baiyun):
                    url = centre.url + path.replace("{device_id}", ws.device_id).replace("{table}", "market_entity")
                    params = _params(spec, baiyun)
                    response = httpx.request(method.upper(), url, json=body, params=params,
                                             headers={"Authorization": f"Bearer {token}"})
                    asked += 1
                    assert response.status_code < 500, (path, response.text)
                    text = response.text
                    leaked = [s for s in secrets if s and s in text and not _echoed(s, body)]
                    assert not leaked, (method, path, kind, leaked, text[:300])
    assert asked > 60


@pytest.fixture
def tianhe_records(pg_url, tmp_path):
    """A Tianhe office's records of every kind a query opens by id, made directly on the central
    database (the centre's own tools), and a centre process in front of it."""
    central = make_central(pg_url)
    entity_id = establish(central, "澄明")
    # a card, made and issued at the Tianhe counter
    register_key(central)
    card_id = new_id()
    made = central.bus.dispatch(MakeCard(user_id=central.users["card"], card_id=card_id, entity_id=entity_id,
                                         serial="0102030405060708", key_id=demo_signer().key_id,
                                         content_hash="a" * 64, generation=1))
    assert made.ok, made.message
    # a plan drawn by the Tianhe office's head (its one entity), a record and its photo
    plan_id = new_id()
    assert central.bus.dispatch(CreatePlan(user_id=central.users["head"], plan_id=plan_id, title="天河所专项抽查计划",
                                           sample_size=1, inspector_ids=[central.users[u] for u in POOL])).ok
    drawn = central.bus.dispatch(DrawPlan(user_id=central.users["head"], plan_id=plan_id, base_version=1,
                                          seed="5eed0001cafe"))
    assert drawn.ok, drawn.message
    with central.sessions() as s:
        task = s.scalar(sa.select(InspectionTask).where(InspectionTask.plan_id == plan_id))
        task_row = inspection_queries.task(s, task.id)
    record_id = new_id()
    saved = save_record(central, task_row, record_id=record_id, place="天河区澄明大厦十二楼")
    assert saved.ok, saved.message
    inspector = next(u for u, i in central.users.items() if i == task_row.inspector1_id)
    content = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
    photo_id = new_id()
    assert central.bus.dispatch(AddInspectionPhoto(
        user_id=central.users[inspector], photo_id=photo_id, record_id=record_id, file_name="澄明门头.jpg",
        content_b64=base64.b64encode(content).decode(), sha256=hashlib.sha256(content).hexdigest())).ok
    with central.sessions() as s:
        entity = s.get(MarketEntity, entity_id)
        application = s.scalar(sa.select(RegApplication).where(RegApplication.entity_id == entity_id))
        plan = s.get(InspectionPlan, plan_id)
        record = s.get(InspectionRecord, record_id)
        records = dict(
            entity_id=entity_id, card_id=card_id, event_id=made.result["event_id"], plan_id=plan_id,
            task_id=task.id, record_id=record_id, photo_id=photo_id, application_id=application.id,
            office_code=entity.office_code, inspector=inspector,
            # what no one outside Tianhe may read in an answer
            secrets=[entity.name, entity.uscc, "0102030405060708", plan.title, plan.plan_no, record.record_no,
                     "天河区澄明大厦十二楼", "澄明门头.jpg", application.app_no, card_id, record_id, photo_id])
    assert all(records["secrets"])
    centre = CentreProcess.start(pg_url, tmp_path / "centre.log")
    yield central, centre, records
    centre.stop()
    central.dispose()


def _by_id_questions(r: dict) -> dict[str, dict]:
    """Each query that opens a Tianhe record by its id, asked about one."""
    return {
        "cards.card_detail": {"card_id": r["card_id"]},
        "cards.card_receipt_pdf": {"event_id": r["event_id"]},
        "inspections.plan": {"plan_id": r["plan_id"]},
        "inspections.plan_tasks": {"plan_id": r["plan_id"]},
        "inspections.draw_list_data": {"plan_id": r["plan_id"]},
        "inspections.record_form": {"task_id": r["task_id"]},
        "inspections.record_number": {"record_id": r["record_id"]},
        "inspections.photos": {"record_id": r["record_id"]},
        "inspections.record_report_data": {"record_id": r["record_id"]},
        "inspections.population_size": {"population_filter": {"office_codes": [r["office_code"]]}},
        "registration.applications_of_entity": {"entity_id": r["entity_id"]},
        "registration.application_numbers": {"application_id": r["application_id"]},
        "registration.entity_detail": {"entity_id": r["entity_id"]},
        "registration.licence_data": {"entity_id": r["entity_id"], "public_base_url": "https://example.invalid"},
    }


def _ask(centre, token: str, name: str, body: dict) -> httpx.Response:
    return httpx.post(f"{centre.url}{API}/queries/{name}", json=body, headers={"Authorization": f"Bearer {token}"})


def test_a_district_user_reads_no_other_districts_records_by_their_ids(tianhe_records):
    """Baiyun's district reviewer asks every query that opens a record by id, with the ids of a
    Tianhe office's card, plan, task, record, photo and application: each is refused (or comes
    back empty), nothing of the record in the answer. Tianhe's district head asks the same and
    gets the answers; the office's own users get them on their replica (here, the central
    database: the same functions)."""
    central, centre, r = tianhe_records
    outsider = UserSession.sign_in(CentreClient(centre.url), "district", "hongdun2026")
    assert outsider.principal.district_code == "440111"
    insider = UserSession.sign_in(CentreClient(centre.url), "dhead", "hongdun2026")
    assert insider.principal.district_code == "440106"
    empty = {"registration.applications_of_entity": [], "inspections.population_size": 0,
             "registration.application_numbers": None, "registration.entity_detail": None}
    for name, body in _by_id_questions(r).items():
        refused = _ask(centre, outsider.token(), name, body)
        if name in empty:  # a list or a count within the asker's jurisdiction, a lookup that finds none
            assert (refused.status_code, refused.json()) == (200, empty[name]), (name, refused.text)
        else:
            assert refused.status_code == 403, (name, refused.status_code, refused.text)
            assert "不在您的管辖范围内" in refused.json()["message"], (name, refused.text)
        leaked = [s for s in r["secrets"] if s in refused.text]
        assert not leaked, (name, leaked, refused.text[:300])

        answered = _ask(centre, insider.token(), name, body)
        assert answered.status_code == 200, (name, answered.text)
        assert answered.json() not in ([], 0, None), name
    # what the messages name
    messages = {name: _ask(centre, outsider.token(), name, body).json()["message"]
                for name, body in _by_id_questions(r).items() if name not in empty}
    assert messages["cards.card_detail"] == "该卡不在您的管辖范围内"
    assert messages["inspections.plan_tasks"] == "该抽查计划不在您的管辖范围内"
    assert messages["inspections.photos"] == "该检查笔录不在您的管辖范围内"

    # the Tianhe office's own users, on the same functions as their replica answers them
    with central.sessions() as s:
        card, head = central.principal("card"), central.principal("head")
        inspector, clerk = central.principal(r["inspector"]), central.principal("clerk")
        assert card_queries.card_detail(s, card, r["card_id"]).card.serial == "0102030405060708"
        assert card_reports.card_receipt_pdf(s, card, r["event_id"]).startswith(b"%PDF")
        assert inspection_queries.plan(s, head, r["plan_id"]).title == "天河所专项抽查计划"
        assert len(inspection_queries.plan_tasks(s, head, r["plan_id"])) == 1
        assert inspection_queries.draw_list_data(s, head, r["plan_id"]).entities
        assert inspection_queries.record_form(s, inspector, r["task_id"]).record.id == r["record_id"]
        assert inspection_queries.record_number(s, inspector, r["record_id"])
        assert [p.id for p in inspection_queries.photos(s, inspector, r["record_id"])] == [r["photo_id"]]
        assert inspection_queries.record_report_data(s, head, r["record_id"]).place == "天河区澄明大厦十二楼"
        assert inspection_queries.population_size(s, head, {}) == 1
        assert [a.id for a in registration_queries.applications_of_entity(s, clerk, r["entity_id"])] == \
            [r["application_id"]]
        # ... and a user of another office of the city, on the same functions, is refused too
        other = central.principal("clerk2")
        with pytest.raises(PermissionDenied, match="该卡不在您的管辖范围内"):
            card_queries.card_detail(s, other, r["card_id"])
        assert registration_queries.applications_of_entity(s, other, r["entity_id"]) == []


def test_a_name_check_keeps_to_the_askers_district_whatever_the_request_says(tianhe_records):
    """The district-wide name check (asked of the centre by office clerks too): only for who
    registers in that district; who asks is the session's user, not a field of the request."""
    _central, centre, _records = tianhe_records
    clerk = UserSession.sign_in(CentreClient(centre.url), "clerk", "hongdun2026")
    outsider = UserSession.sign_in(CentreClient(centre.url), "district", "hongdun2026")
    question = {"name": "广州市天河区澄明软件科技有限公司", "district_code": "440106"}
    assert _ask(centre, clerk.token(), "registration.check_name", question).json()["identical"]
    for token, body in [(outsider.token(), question), (clerk.token(), dict(question, district_code="440111"))]:
        refused = _ask(centre, token, "registration.check_name", body)
        assert refused.status_code == 403 and "只能查询本辖区的名称" in refused.json()["message"], refused.text
    claimed = dict(question, asker={"user_id": "x", "username": "city", "full_name": "张明", "roles": [],
                                    "office_code": None, "district_code": None})
    refused = _ask(centre, outsider.token(), "registration.check_name", claimed)
    assert refused.status_code == 422 and "identical" not in refused.text, refused.text


def test_the_workstation_refuses_a_centre_whose_certificate_it_does_not_trust(pg_url, tmp_path):
    make_central(pg_url).dispose()
    ours, strangers = make_pki(tmp_path / "ours", "ours"), make_pki(tmp_path / "strangers", "strangers")
    centre = CentreProcess.start(pg_url, tmp_path / "centre.log", cert=strangers.cert, key=strangers.key,
                                 ca=strangers.ca)
    try:
        with pytest.raises(CentreRefused) as refused:
            UserSession.sign_in(CentreClient(centre.url, ca_file=ours.ca), "clerk", "hongdun2026")
        assert "证书不受信任" in refused.value.message
        # the same centre, with the CA it was issued by: signs in over TLS
        link = CentreLink([centre.url], ca_file=strangers.ca, identity="tls", base=tmp_path / "ws")
        session = UserSession.sign_in(link.client(), "clerk", "hongdun2026")
        assert session.principal.username == "clerk"
        link.close()  # (a TLS connection kept alive would hold the centre's graceful stop up)
    finally:
        centre.stop()


def test_a_workstation_for_a_postgresql_centre_holds_no_database_url_or_password(pg_cluster, tmp_path):
    """The centre reaches PostgreSQL as a role with a password (from a file only it can read);
    a workstation signs in, enrols, works and synchronises; then its settings, environment,
    keyring and local stores are searched for the database's URL and password."""
    password = "Pg-" + new_id()[:18]
    role = "centre_" + new_id()[:8]
    name = pg_cluster.create_database()
    with sa.create_engine(pg_cluster.url(name), isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(sa.text(f"CREATE ROLE {role} LOGIN PASSWORD '{password}' SUPERUSER"))
    url = sa.make_url(pg_cluster.url(name)).set(username=role, password=None)
    central = make_central(url.set(password=password).render_as_string(hide_password=False))
    entity = establish(central, "青松")
    secret_file = tmp_path / "db-password"
    secret_file.write_text(password)
    secret_file.chmod(0o600)
    centre = CentreProcess.start(url.render_as_string(hide_password=False), tmp_path / "centre.log",
                                 password_file=str(secret_file))
    try:
        ws = workstation(central, tmp_path / "ws", "laptop", centre_url=centre.url)
        assert ws.bus.dispatch(RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity,
                                                    copy="original")).ok
        pushed, pulled = ws.sync()
        assert pushed.applied == 1
        ws.store.dispose()
    finally:
        centre.stop()
        central.dispose()
    needles = [password, f"{url.host}:{url.port}", str(url.database), role]
    places = {"environment": "\n".join(f"{k}={v}" for k, v in os.environ.items() if k.startswith("HONGDUN")),
              "settings": _read_tree(Path(os.environ.get("HONGDUN_CONFIG_DIR", tmp_path / "none"))),
              "keyring": _read_tree(Path(os.environ["XDG_DATA_HOME"])),
              "workstation files": _read_tree(tmp_path / "ws")}
    for where, text in places.items():
        found = [n for n in needles if n in text]
        assert not found, (where, found)


# --- helpers ------------------------------------------------------------------------------------

def _device_token(ws) -> str:
    ws.session.call("GET", f"{API}/sync/snapshot")  # signs the device in
    return ws.session._token


def _bodies(spec: dict, schema: dict, secrets: list[str], entity_id: str) -> list:
    """Request bodies that ask about the other office's entity every way the schema allows."""
    content = (spec.get("requestBody") or {}).get("content", {}).get("application/json")
    if content is None:
        return [None]
    ref = content["schema"].get("$ref", "")
    model = schema["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
    body = {}
    for field, prop in (model.get("properties") or {}).items():
        body[field] = _value_for(field, prop, entity_id)
    return [body, {}]


def _value_for(field: str, prop: dict, entity_id: str):
    if field.endswith("_id") or field in ("id",):
        return entity_id
    if field == "keys":
        return [f"market_entity:{entity_id}", f"entity_event:{entity_id}"]
    if field == "flt":
        return {"office_code": "440111-01", "district_code": "440111"}
    if field == "district_code":
        return "440111"
    if field == "office_code":
        return "440111-01"
    kinds = {prop.get("type")} | {p.get("type") for p in prop.get("anyOf", [])}
    if "integer" in kinds:
        return 10
    if "boolean" in kinds:
        return True
    if "array" in kinds:
        return []
    return "远航"


def _params(spec: dict, entity_id: str) -> dict:
    out = {}
    for p in spec.get("parameters", []):
        if p["in"] == "query":
            out[p["name"]] = 0 if p["name"] in ("after",) else (10 if p["name"] == "limit" else entity_id)
    return out


def _echoed(secret: str, body) -> bool:
    """A 422 may repeat what was sent; that is not a leak."""
    return body is not None and secret in json.dumps(body, ensure_ascii=False)


def _read_tree(root: Path) -> str:
    if not root.exists():
        return ""
    parts = []
    for path in root.rglob("*"):
        if path.is_file():
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def test_the_centre_signs_checkpoints_that_catch_a_rewritten_history(pg_url, tmp_path):
    """`hongdun centre serve --signing-key --checkpoints`: the audit chain's head signed into a
    file outside the database while workstations push; a DBA-level rewrite that re-hashes the
    whole chain still fails `hongdun audit verify --checkpoints`."""
    import subprocess
    import sys
    import time

    from tests.audit_helpers import rewrite_history

    central = make_central(pg_url)
    tianhe = establish(central, "澄明")
    key, checkpoints = tmp_path / "centre-key.pem", tmp_path / "checkpoints.jsonl"
    root = Path(__file__).resolve().parents[2]
    made = subprocess.run([sys.executable, "-m", "hongdun_cli", "centre", "keygen", "--out", str(key)],
                          capture_output=True, text=True, cwd=root, timeout=120)
    assert made.returncode == 0 and key.stat().st_mode & 0o077 == 0, made.stderr
    centre = CentreProcess.start(pg_url, tmp_path / "centre.log", extra=[
        "--signing-key", str(key), "--checkpoints", str(checkpoints), "--checkpoint-interval", "0.2"])
    try:
        ws = workstation(central, tmp_path, "laptop", centre_url=centre.url)
        for _ in range(3):
            assert ws.bus.dispatch(RecordLicencePrinted(user_id=central.users["clerk"], entity_id=tianhe,
                                                        copy="original")).ok
        assert ws.pusher.push().applied == 3
        with central.sessions() as s:
            head = s.scalar(sa.select(sa.func.max(AuditEntry.seq)))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (checkpoints.exists() and
                                                   f'"seq":{head}' in checkpoints.read_text().replace(" ", "")):
            time.sleep(0.1)
        ws.store.dispose()
    finally:
        centre.stop()

    def verify():
        return subprocess.run([sys.executable, "-m", "hongdun_cli", "audit", "verify", "--url", pg_url,
                               "--checkpoints", str(checkpoints), "--centre-key", f"{key}.pub"],
                              capture_output=True, text=True, cwd=root, timeout=120)

    assert verify().returncode == 0, verify().stdout
    rewrite_history(central.engine, 2, {"forged": "审计记录被改写"})
    out = verify()
    assert out.returncode == 1 and "检查点" in out.stdout, out.stdout
    central.dispose()
