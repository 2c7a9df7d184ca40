"""Certification and the flow engine as the centre serves them, over real HTTP to a real
`hongdun centre serve` process: the QR code's public check, the query API's rules for the new
queries (an office asks the register for a party anywhere in the city, but not the city's
applications), a district head's 待办 and step through the centre."""
from __future__ import annotations

from urllib.parse import quote, urlsplit

import httpx
import pytest
from client.certification import queries as cq
from client.kernel.users import DEMO_PASSWORD
from tests.centres import CentreProcess
from tests.integration.conftest import make_central
from tests.integration.test_certification import approve, application, examine, ok, two_parties

API = "/api/v1"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("certification-centre")
    url = f"sqlite:///{folder / 'central.db'}"
    central = make_central(url)
    codes = two_parties(central)
    cmd = application(central, codes, amount="2,000,000")
    ok(central, cmd)
    approve(central, "certifier", cmd.application_id)
    assert examine(central, cmd.application_id).ok
    approve(central, "head", cmd.application_id)
    running = CentreProcess.start(url, folder / "centre.log")
    yield central, running, cmd.application_id, codes
    running.stop()
    central.dispose()


def _headers(centre, username) -> dict:
    response = httpx.post(centre.url + f"{API}/sessions", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _ask(centre, headers, name, **body):
    return httpx.post(centre.url + f"{API}/queries/{name}", headers=headers, json=body, timeout=30)


def test_the_district_head_decides_through_the_centre_and_the_qr_code_checks_the_certificate(world):
    central, centre, app_id, codes = world
    dhead = _headers(centre, "dhead")
    todo = _ask(centre, dhead, "flows.todo_list")
    assert todo.status_code == 200, todo.text
    [item] = todo.json()["items"]
    assert item["node_title"] == "分局审批" and item["instance_title"] == "合同鉴证：软件开发合同"
    # the district head reads the application and its flow from the centre (no replica)
    detail = _ask(centre, dhead, "certification.application_detail", application_id=app_id).json()
    assert detail["my_node"] == "district" and detail["amount"] == "2000000.00"
    view = _ask(centre, dhead, "flows.instance_view", instance_id=detail["instance_id"]).json()
    assert view["current_nodes"] == ["district"] and view["my_task_id"] == item["task_id"]
    approve(central, "dhead", app_id)

    with central.sessions() as s:
        data = cq.certificate_data(s, central.principal("certifier"), app_id)
    path = urlsplit(data.verify_url)
    assert path.path.startswith("/verify/certificate/%E7%A9%97")  # the number percent-encoded
    answer = httpx.get(centre.url + path.path, params={"d": path.query.removeprefix("d=")})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["valid"] is True and body["number"] == data.number and body["amount"] == "2000000.00"
    forged = httpx.get(centre.url + f"/verify/certificate/{quote(data.number)}", params={"d": "0" * 16}).json()
    assert forged["valid"] is False and "涂改" in forged["message"]
    assert httpx.get(centre.url + "/verify/licence/x").status_code == 404
    bad = httpx.get(centre.url + f"/verify/certificate/{quote(data.number)}", params={"d": "<script>"})
    assert bad.status_code == 422 and "Traceback" not in bad.text


def test_an_office_asks_the_register_for_a_party_but_not_for_the_citys_applications(world):
    central, centre, app_id, codes = world
    clerk = _headers(centre, "certifier")
    found = _ask(centre, clerk, "certification.party_by_code", uscc=codes[0])
    assert found.status_code == 200 and found.json()["state_label"] == "存续"
    refused = _ask(centre, clerk, "certification.search_applications", text="软件")
    assert refused.status_code == 403 and "本机查询" in refused.json()["message"]
    city = _headers(centre, "city")
    rows = _ask(centre, city, "certification.search_applications", text=codes[1]).json()
    assert [r["application_id"] for r in rows] == [app_id]
    # another district's head sees nothing of Tianhe's
    baiyun = _headers(centre, "district")
    assert _ask(centre, baiyun, "certification.search_applications").json() == []
    missing = _ask(centre, baiyun, "certification.application_detail", application_id=app_id)
    assert missing.status_code in (404, 422) and "辖区" in missing.json()["message"]

