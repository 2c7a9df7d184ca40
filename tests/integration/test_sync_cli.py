"""`hongdun device enrol` and `hongdun sync --once|--status` as a support technician runs them:
the workstation reaches the centre at its address (--centre), never its database."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from client.kernel.users import DEMO_PASSWORD
from client.registration.commands import RecordLicencePrinted
from sync.keys import UserKeys, device_key
from sync.link import CentreLink
from sync.local_bus import LocalBus
from sync.local_store import open_local_store
from tests.integration.sync_helpers import establish

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def hongdun(*args, stdin=None, data: Path):
    # the keyring comes through the environment (tests/conftest.py isolated_keyring); the data
    # and settings folders are the test's own
    env = dict(os.environ, HONGDUN_DATA_DIR=str(data), HONGDUN_CONFIG_DIR=str(data / "config"))
    for name in ("HONGDUN_CENTRE", "HONGDUN_CENTRE_CA", "HONGDUN_DATABASE_URL"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "hongdun_cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env=env)


def test_enrol_then_sync_once_and_status(pg_url, tmp_path):
    from tests.integration.conftest import make_central as _make_central
    central = _make_central(pg_url)
    try:
        entity_id = establish(central, "澄明")
        centre, data = central.centre_url, tmp_path / "data"
        store_path = str(tmp_path / "local.db")
        out = hongdun("device", "enrol", "--centre", centre, "--user", "clerk", "--password-stdin",
                      "--store", store_path, stdin=DEMO_PASSWORD + "\n", data=data)
        assert out.returncode == 0, out.stderr
        assert "本机已登记" in out.stdout
        out = hongdun("sync", "--once", "--centre", centre, "--store", store_path, data=data)
        assert out.returncode == 0, out.stderr
        assert "上传：成功0条" in out.stdout and "下载" in out.stdout

        # the clerk works on this workstation (with the keys the enrolment left: the device's in the
        # keyring, the clerk's sealed under the password in the data folder); the next round pushes it
        store = open_local_store(store_path)
        device = store.get_state("device")
        user_key = UserKeys(CentreLink([centre], base=data).folder).open("clerk", device["id"], DEMO_PASSWORD)
        assert user_key is not None and user_key.registered
        bus = LocalBus(store, device_id=device["id"], device_key=device_key(device["id"]),
                       user_key=user_key.private_raw, user_id=central.users["clerk"])
        assert bus.dispatch(RecordLicencePrinted(user_id=central.users["clerk"], entity_id=entity_id,
                                                 copy="original")).ok
        store.engine.dispose()
        out = hongdun("sync", "--status", "--store", store_path, data=data)
        assert out.returncode == 0 and "待上传命令：1" in out.stdout, out.stderr
        out = hongdun("sync", "--once", "--centre", centre, "--store", store_path, data=data)
        assert out.returncode == 0, out.stderr
        assert "上传：成功1条" in out.stdout

        out = hongdun("sync", "--status", "--store", store_path, data=data)
        assert out.returncode == 0, out.stderr
        assert "待上传命令：0" in out.stdout and "从未同步" not in out.stdout
        assert f"设备编号：{device['id']}" in out.stdout
        # the other commands still answer through the same entry point
        assert hongdun("audit", "verify", "--url", pg_url, data=data).returncode == 0
    finally:
        central.dispose()


def test_sync_without_a_store_says_what_to_do(tmp_path):
    out = hongdun("sync", "--status", "--store", str(tmp_path / "none.db"), data=tmp_path / "data")
    assert out.returncode == 1 and "hongdun device enrol" in out.stderr


def test_sync_with_the_centre_away_says_so(pg_url, tmp_path):
    """An enrolled workstation whose centre does not answer: exit 1 and what it means, no traceback."""
    from tests.integration.conftest import make_central as _make_central
    central = _make_central(pg_url)
    try:
        centre, data = central.centre_url, tmp_path / "data"
        store_path = str(tmp_path / "local.db")
        out = hongdun("device", "enrol", "--centre", centre, "--user", "clerk", "--password-stdin",
                      "--store", store_path, stdin=DEMO_PASSWORD + "\n", data=data)
        assert out.returncode == 0, out.stderr
        central.stop_centre()
        out = hongdun("sync", "--once", "--centre", centre, "--store", store_path, data=data)
        assert out.returncode == 1 and "无法连接中心服务" in out.stderr, out.stderr
        assert "Traceback" not in out.stderr
    finally:
        central.dispose()
