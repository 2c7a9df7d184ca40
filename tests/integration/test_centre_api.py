"""The centre's API as another program meets it: bad input gets a 4xx with a Chinese message that
names the field and the rule, never a 500 or a traceback; sign-in is rate-limited; the schema is
published; the operator's commands answer. Against a real `hongdun centre serve` process."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from client.kernel.users import DEMO_PASSWORD
from tests.centres import CentreProcess
from tests.integration.conftest import make_central
from tests.tls import make_pki

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1"


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    folder = tmp_path_factory.mktemp("centre-api")
    url = f"sqlite:///{folder / 'central.db'}"
    make_central(url).dispose()
    running = CentreProcess.start(url, folder / "centre.log")
    yield running
    running.stop()


def _token(centre, username="clerk") -> str:
    response = httpx.post(centre.url + f"{API}/sessions", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _refused(response: httpx.Response, status: int, field: str | None, words: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert words in body["message"], body
    assert body["field"] == field, body
    assert "Traceback" not in response.text and 'File "' not in response.text
    return body


def test_malformed_json_wrong_types_unknown_fields_and_control_characters(centre):
    url = centre.url + f"{API}/sessions"
    _refused(httpx.post(url, content=b'{"username": "clerk", "password": ', headers={"Content-Type": "application/json"}),
             422, None, "不是合法的JSON")
    body = _refused(httpx.post(url, json={"username": 5, "password": "x"}), 422, "username", "须为文本")
    assert body["message"].startswith("字段 username")
    _refused(httpx.post(url, json={"username": "clerk"}), 422, "password", "必须填写")
    _refused(httpx.post(url, json={"username": "clerk", "password": "x", "role": "admin"}), 422, "role",
             "不是本接口认识的字段")
    _refused(httpx.post(url, json={"username": "cl\x00erk", "password": "x"}), 422, "username", "控制字符")
    _refused(httpx.post(url, json={"username": "c" * 41, "password": "x"}), 422, "username", "不能超过40个字符")
    # a query's typed parameters: a filter that is not an object, a limit that is not a number
    token = _token(centre, "district")
    headers = {"Authorization": f"Bearer {token}"}
    _refused(httpx.post(centre.url + f"{API}/queries/registration.page", headers=headers,
                        json={"flt": "everything", "sort": "name", "descending": False, "offset": 0, "limit": 50}),
             422, "flt", "须为对象")
    _refused(httpx.post(centre.url + f"{API}/queries/registration.review_queue", headers=headers,
                        json={"limit": "many"}), 422, "limit", "须为整数")


def test_a_body_over_the_limit_is_refused_before_it_is_read(centre):
    big = json.dumps({"username": "clerk", "password": "x" * (2 * 1024 * 1024)})
    _refused(httpx.post(centre.url + f"{API}/sessions", content=big, headers={"Content-Type": "application/json"}),
             413, None, "请求体过大")

    def chunks():  # no Content-Length: counted while it streams in
        yield b'{"username": "clerk", "password": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'
    _refused(httpx.post(centre.url + f"{API}/sessions", content=chunks(), headers={"Content-Type": "application/json"}),
             413, None, "请求体过大")


def test_without_a_session_or_with_the_wrong_kind_the_answer_says_why(centre):
    _refused(httpx.post(centre.url + f"{API}/queries/registration.check_name", json={}), 401, None, "未登录")
    _refused(httpx.get(centre.url + f"{API}/devices", headers={"Authorization": "Bearer forged"}), 401, None, "未登录")
    # a user's session cannot pull: that is the device's
    headers = {"Authorization": f"Bearer {_token(centre)}"}
    _refused(httpx.get(centre.url + f"{API}/sync/changes", headers=headers), 403, None, "设备")
    _refused(httpx.get(centre.url + f"{API}/devices", headers=headers), 403, None, "系统管理员")
    _refused(httpx.get(centre.url + "/no/such/thing"), 404, None, "没有这个接口")


def test_sign_in_is_limited_per_account_and_per_address(centre, tmp_path):
    # a centre of its own over the same database: the limits are counted per process, and the
    # other tests here must not inherit an exhausted address
    db = centre.process.args[centre.process.args.index("--url") + 1]
    own = CentreProcess.start(db, tmp_path / "limited.log")
    try:
        _limits_hold(own.url + f"{API}/sessions")
    finally:
        own.stop()


def _limits_hold(url: str) -> None:
    statuses = [httpx.post(url, json={"username": "inspector4", "password": "wrong"}).status_code for _ in range(11)]
    assert statuses[:10] == [401] * 10
    _refused(httpx.post(url, json={"username": "inspector4", "password": DEMO_PASSWORD}), 429, None, "过于频繁")
    # many accounts from one address: the address's limit (30 a minute) stops the walk
    statuses = [httpx.post(url, json={"username": f"nobody{n}", "password": "x"}).status_code for n in range(25)]
    assert 429 in statuses, statuses


def test_the_openapi_schema_is_served_and_the_published_copy_is_current(centre):
    served = httpx.get(centre.url + "/openapi.json").json()
    assert f"{API}/sync/push" in served["paths"] and f"{API}/queries/registration.check_name" in served["paths"]
    published = json.loads((ROOT / "docs" / "api" / "openapi.json").read_text(encoding="utf-8"))
    assert published == served, "docs/api/openapi.json is stale: run scripts/openapi.py"


def test_health_and_centre_check(centre, tmp_path):
    health = httpx.get(centre.url + "/health").json()
    assert health["status"] == "ok" and health["database"] is True and health["schema_version"]
    pki = make_pki(tmp_path, "ops", days=20)
    db = centre.process.args[centre.process.args.index("--url") + 1]
    out = subprocess.run([sys.executable, "-m", "hongdun_cli", "centre", "check", "--url", db, "--cert", pki.cert],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "数据库：可连接" in out.stdout and "（最新）" in out.stdout
    assert "天后到期，请尽快更换" in out.stdout  # 20 days left
    missing = subprocess.run([sys.executable, "-m", "hongdun_cli", "centre", "check",
                              "--url", f"sqlite:///{tmp_path / 'none' / 'x.db'}"],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert missing.returncode == 1 and "无法连接" in missing.stdout


def test_a_password_in_the_url_or_a_readable_password_file_is_refused(tmp_path):
    loose = tmp_path / "pw"
    loose.write_text("secret")
    loose.chmod(0o644)
    for extra in (["--url", "postgresql+psycopg://centre:secret@db01/hongdun"],
                  ["--url", "postgresql+psycopg://centre@db01/hongdun", "--password-file", str(loose)]):
        out = subprocess.run([sys.executable, "-m", "hongdun_cli", "centre", "serve", "--insecure-http", *extra],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert out.returncode == 1
        assert "密码" in out.stderr


def test_devices_list_and_revoke_from_the_command_line(centre, tmp_path):
    from sync.link import CentreLink
    from tests.integration.sync_helpers import sign_in_on

    link = CentreLink([centre.url], identity="cli-test", base=tmp_path / "ws")
    _user, device, _key, _user_key = sign_in_on(link, "clerk2")
    db = centre.process.args[centre.process.args.index("--url") + 1]

    def hongdun(*args):
        return subprocess.run([sys.executable, "-m", "hongdun_cli", *args, "--url", db],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)

    listed = hongdun("devices", "list")
    assert listed.returncode == 0 and device.id in listed.stdout and "在用" in listed.stdout
    refused = hongdun("devices", "revoke", device.id, "--by", "clerk")
    assert refused.returncode == 1 and "系统管理员" in refused.stderr
    done = hongdun("devices", "revoke", device.id, "--by", "admin")
    assert done.returncode == 0 and "已停用" in done.stdout
    line = next(row for row in hongdun("devices", "list").stdout.splitlines() if row.startswith(device.id))
    assert line.endswith("已停用")
    # its session is over: the device cannot sign in to synchronise any more
    from sync.remote import API, DeviceSession
    from sync.keys import device_key
    from sync.centre_client import CentreRefused

    with pytest.raises(CentreRefused):
        DeviceSession(link.client(), device.id, device_key(device.id)).call("GET", f"{API}/sync/snapshot")
