"""`hongdun device enrol` and `hongdun sync --once|--status` as a support technician runs them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from client.kernel.users import DEMO_PASSWORD
from tests.integration.sync_helpers import establish

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres


def hongdun(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "sync.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_enrol_then_sync_once_and_status(pg_url, tmp_path):
    from tests.integration.test_sync_central import _make_central
    central = _make_central(pg_url)
    establish(central, "澄明")
    store = str(tmp_path / "local.db")
    out = hongdun("device", "enrol", "--user", "clerk", "--password-stdin", "--url", pg_url, "--store", store,
                  stdin=DEMO_PASSWORD + "\n")
    assert out.returncode == 0, out.stderr
    assert "本机已登记" in out.stdout
    out = hongdun("sync", "--once", "--url", pg_url, "--store", store)
    assert out.returncode == 0, out.stderr
    assert "上传：成功0条" in out.stdout and "下载" in out.stdout
    out = hongdun("sync", "--status", "--store", store)
    assert out.returncode == 0 and "待上传命令：0" in out.stdout and "从未同步" not in out.stdout
    # the other commands still answer through the same entry point
    assert hongdun("audit", "verify", "--url", pg_url).returncode == 0
    central.engine.dispose()


def test_sync_without_a_store_says_what_to_do(tmp_path):
    out = hongdun("sync", "--status", "--store", str(tmp_path / "none.db"))
    assert out.returncode == 1 and "hongdun device enrol" in out.stderr
