"""Releases and the minimum version, against a real `hongdun centre serve --release-file` process:
`GET /version` tells anyone (no session) what the operator's file announces and follows its edits,
a bad edit never stops the centre; a workstation older than the minimum is refused a push as a
whole (426, the rule and what to install), nothing of it applied, its queue intact, while it still
signs in and pulls; upgraded (or the minimum lowered), the same queue drains."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from client.kernel.models import AppliedOp
from client.kernel.users import DEMO_PASSWORD
from client.registration.commands import RecordLicencePrinted
from client.version import VERSION, VERSION_HEADER
from sync.centre_client import CentreClient, UpgradeRequired
from sync.engine import SyncEngine
from sync.push import Pusher
from sync.remote import DeviceSession, RemoteApplier, UserSession
from tests.centres import CentreProcess
from tests.integration.conftest import make_central
from tests.integration.sync_helpers import establish, workstation

ROOT = Path(__file__).resolve().parents[2]
DOWNLOAD = r"\\fs01\软件\红盾工作台"
NOTES = "新增：证照打印校准；修正：离线登录提示"
OLD = "0.1.0"


def _announce(path: Path, stamp: int, **fields) -> None:
    """The operator edits the file (each edit with a modification time of its own: the centre
    notices a change by it, and two edits within the file system's clock tick look alike)."""
    path.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    os.utime(path, ns=(stamp * 1_000_000_000, stamp * 1_000_000_000))


@pytest.fixture
def released(tmp_path):
    """(central database, centre process, its release file): workstations older than this version refused."""
    url = f"sqlite:///{tmp_path / 'central.db'}"
    central = make_central(url)
    policy = tmp_path / "release.json"
    _announce(policy, 1, latest="9.0.0", minimum=VERSION, download=DOWNLOAD, notes=NOTES)
    centre = CentreProcess.start(url, tmp_path / "centre.log", extra=["--release-file", str(policy)])
    yield central, centre, policy
    centre.stop()
    central.dispose()


def _refusal_of(version: str, minimum: str = VERSION, latest: str = "9.0.0") -> str:
    return (f"本机红盾工作台版本 {version} 低于中心要求的最低版本 {minimum}（规则：低于最低版本的工作台不能提交业务），"
            f"请安装 {latest}（下载：{DOWNLOAD}）")


def test_the_version_is_announced_without_a_session_and_follows_the_file(released, tmp_path):
    central, centre, policy = released
    answer = httpx.get(centre.url + "/version", headers={VERSION_HEADER: VERSION}).json()
    assert answer == {"centre": VERSION, "latest": "9.0.0", "minimum": VERSION, "download": DOWNLOAD,
                      "notes": NOTES, "refusal": None}
    # a workstation that names an older version is told what its pushes would get
    assert httpx.get(centre.url + "/version", headers={VERSION_HEADER: OLD}).json()["refusal"] == _refusal_of(OLD)
    assert "未报告有效的版本号" in httpx.get(centre.url + "/version").json()["refusal"]

    # the operator announces another release: no restart
    _announce(policy, 2, latest="9.1.0", minimum=OLD)
    answer = httpx.get(centre.url + "/version", headers={VERSION_HEADER: OLD}).json()
    assert (answer["latest"], answer["minimum"], answer["download"], answer["refusal"]) == ("9.1.0", OLD, None, None)

    # a bad edit: logged, the last good policy stays, the centre serves on
    policy.write_text('{"latest": "9.2.0", "minimum": ', encoding="utf-8")
    os.utime(policy, ns=(3_000_000_000, 3_000_000_000))
    answer = httpx.get(centre.url + "/version").json()
    assert (answer["latest"], answer["minimum"]) == ("9.1.0", OLD)
    assert centre.process.poll() is None and httpx.get(centre.url + "/health").status_code == 200
    log = centre.log.read_text(encoding="utf-8")
    assert f"发布说明文件 {policy} 不是合法的JSON" in log and "继续使用此前的发布政策" in log

    # `hongdun centre check` reports the bad file (exit 1), and says what a good one announces
    def check():
        return subprocess.run([sys.executable, "-m", "hongdun_cli", "centre", "check", "--url", central.url,
                               "--release-file", str(policy)], capture_output=True, text=True, cwd=ROOT, timeout=120)

    bad = check()
    assert bad.returncode == 1 and "发布说明：" in bad.stdout and "不是合法的JSON" in bad.stdout
    _announce(policy, 4, latest="9.2.0", minimum=VERSION, download=DOWNLOAD)
    good = check()
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"最新版本 9.2.0，最低版本 {VERSION}，下载 {DOWNLOAD}" in good.stdout


def _queue(ws, central, entity_id: str, n: int) -> list[str]:
    ops = []
    for _ in range(n):
        command = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="original")
        assert ws.bus.dispatch(command).ok
        ops.append(command.op_id)
    return ops


def _applied(central, ops: list[str]) -> set[str]:
    with central.engine.connect() as c:
        return set(c.scalars(sa.select(AppliedOp.op_id).where(AppliedOp.op_id.in_(ops))))


def _outbox(ws) -> list[tuple[str, str, int]]:
    with ws.store.engine.connect() as c:
        return [tuple(r) for r in c.execute(sa.text("SELECT op_id, state, attempts FROM outbox ORDER BY seq"))]


def test_an_old_workstation_keeps_its_queue_until_it_is_upgraded_or_the_minimum_lowered(released, tmp_path):
    central, centre, policy = released
    entity_id = establish(central, "澄明")
    ws = workstation(central, tmp_path, "old-laptop", centre_url=centre.url)
    old = CentreClient([centre.url], version=OLD)
    # an old workstation still signs in (its user must be able to read why, and work on)
    assert UserSession.sign_in(old, "clerk", DEMO_PASSWORD).principal.username == "clerk"
    ws.session.client = old  # from now on this laptop says it is 0.1.0
    engine = SyncEngine(ws.store, ws.pusher.applier, ws.pusher, ws.puller, ws.device_id)
    ops = _queue(ws, central, entity_id, 3)
    queued = _outbox(ws)
    assert [state for _op, state, _n in queued] == ["pending"] * 3

    # a round: the hello tells the refusal, the queue is not sent, the pull still runs
    other = establish(central, "远航")
    pushed, pulled = engine.run_once()
    assert (pushed.applied, pushed.waiting) == (0, 3)
    assert engine.status.online and engine.status.upgrade == _refusal_of(OLD)
    assert engine.status.release.latest == "9.0.0" and engine.status.release.notes == NOTES
    with ws.store.engine.connect() as c:  # the replica is current all the same
        assert c.scalar(sa.text("SELECT count(*) FROM market_entity WHERE id = :i"), {"i": other}) == 1
    assert _outbox(ws) == queued and _applied(central, ops) == set()

    # a push sent all the same (a workstation that did not ask first) is refused whole: 426
    with pytest.raises(UpgradeRequired) as refused:
        ws.pusher.push()
    assert refused.value.status == 426 and refused.value.message == _refusal_of(OLD)
    assert refused.value.field == VERSION_HEADER
    # one that names no version at all, likewise
    silent = Pusher(ws.store, RemoteApplier(DeviceSession(CentreClient([centre.url], version=""), ws.device_id,
                                                          ws.device_key)))
    with pytest.raises(UpgradeRequired) as refused:
        silent.push()
    assert "未报告有效的版本号" in refused.value.message
    assert _outbox(ws) == queued and _applied(central, ops) == set()  # nothing applied, nothing marked

    # the minimum is raised between a round's hello and its push: the engine keeps the queue too
    current = RemoteApplier(DeviceSession(CentreClient([centre.url]), ws.device_id, ws.device_key))
    racing = SyncEngine(ws.store, current, ws.pusher, ws.puller, ws.device_id)  # hello as 0.2.0, push as 0.1.0
    pushed, _pulled = racing.run_once()
    assert pushed.applied == 0 and racing.status.upgrade == _refusal_of(OLD)
    assert _outbox(ws) == queued

    # the operator lowers the minimum: the same queue drains, from the same old laptop
    _announce(policy, 2, latest="9.0.0", minimum=OLD, download=DOWNLOAD)
    pushed, _pulled = engine.run_once()
    assert pushed.applied == 3 and engine.status.upgrade is None
    assert _outbox(ws) == [] and _applied(central, ops) == set(ops)

    # raised again: new work waits; the laptop is upgraded (it now says 0.2.0): it drains
    _announce(policy, 3, latest="9.0.0", minimum=VERSION, download=DOWNLOAD)
    later = _queue(ws, central, entity_id, 2)
    pushed, _pulled = engine.run_once()
    assert pushed.applied == 0 and engine.status.upgrade == _refusal_of(OLD)
    assert [op for op, _s, _n in _outbox(ws)] == later
    ws.session.client = CentreClient([centre.url])
    pushed, _pulled = engine.run_once()
    assert pushed.applied == 2 and engine.status.upgrade is None
    assert _outbox(ws) == [] and _applied(central, later) == set(later)


def test_hongdun_sync_once_says_the_upgrade_is_needed_and_keeps_the_queue(released, tmp_path):
    """The support technician's `hongdun sync --once` on a workstation below the minimum: exit 4,
    the centre's message, the command still queued."""
    from sync.keys import UserKeys, device_key
    from sync.link import CentreLink
    from sync.local_bus import LocalBus
    from sync.local_store import open_local_store
    from tests.integration.test_sync_cli import hongdun

    central, centre, policy = released
    entity_id = establish(central, "澄明")
    data, store_path = tmp_path / "data", str(tmp_path / "local.db")
    out = hongdun("device", "enrol", "--centre", centre.url, "--user", "clerk", "--password-stdin",
                  "--store", store_path, stdin=DEMO_PASSWORD + "\n", data=data)
    assert out.returncode == 0, out.stderr
    out = hongdun("sync", "--once", "--centre", centre.url, "--store", store_path, data=data)  # the first download
    assert out.returncode == 0, out.stdout + out.stderr
    store = open_local_store(store_path)
    device = store.get_state("device")
    user_key = UserKeys(CentreLink([centre.url], base=data).folder).open("clerk", device["id"], DEMO_PASSWORD)
    bus = LocalBus(store, device_id=device["id"], device_key=device_key(device["id"]),
                   user_key=user_key.private_raw, user_id=central.users["clerk"])
    command = RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id, copy="original")
    assert bus.dispatch(command).ok
    store.engine.dispose()

    _announce(policy, 2, latest="9.0.0", minimum="9.0.0", download=DOWNLOAD)  # above this version
    out = hongdun("sync", "--once", "--centre", centre.url, "--store", store_path, data=data)
    assert out.returncode == 4, out.stdout + out.stderr
    assert _refusal_of(VERSION, minimum="9.0.0") in out.stdout and "保留在本机队列中" in out.stdout
    assert "上传：成功0条" in out.stdout
    out = hongdun("sync", "--status", "--store", store_path, data=data)
    assert "待上传命令：1" in out.stdout and _applied(central, [command.op_id]) == set()
