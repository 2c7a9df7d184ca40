"""Signed audit checkpoints on a real PostgreSQL while offices append, and from the command line."""
from __future__ import annotations

import threading
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from client.db.engine import make_engine, make_session_factory
from client.db.migrate import upgrade
from client.kernel.audit_checkpoints import Checkpoint, CheckpointWriter, verify
from client.kernel.centre_key import generate_key
from client.kernel.uow import verify_audit_chain
from tests.audit_helpers import log_entries, rewrite_history
from tests.integration.test_cli import hongdun


def test_checkpoints_taken_while_offices_append_catch_a_rehashed_rewrite_on_postgresql(pg_url, tmp_path):
    upgrade(pg_url)
    engine = make_engine(pg_url)
    sessions = make_session_factory(engine)
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 1)  # a centre that has run before: the audit counter row exists
    writer = CheckpointWriter(sessions, key, path, interval_s=0.005).start()

    def office() -> None:
        for _ in range(30):
            log_entries(sessions, 2)

    offices = [threading.Thread(target=office) for _ in range(4)]
    try:
        for t in offices:
            t.start()
        for t in offices:
            t.join()
        writer.write_now()
    finally:
        writer.stop(timeout=10)
    checkpoints = [Checkpoint.from_line(line) for line in path.read_text().splitlines()]
    assert len(checkpoints) >= 3 and checkpoints[-1].seq == 241
    # head and count come from one snapshot, however the commits interleaved
    assert all(c.entries == c.seq for c in checkpoints)
    assert [c.seq for c in checkpoints] == sorted({c.seq for c in checkpoints})
    with sessions() as session:
        ok, checked, message = verify(session, path, key.public_key())
    assert ok and checked == len(checkpoints) and "共241条" in message

    rewrite_history(engine, 2, {"n": 0, "名称": "广州市天河区改名有限公司"})
    with sessions() as session:
        assert verify_audit_chain(session)[0]  # rehashed: the chain alone cannot tell
        ok, checked, message = verify(session, path, key.public_key())
    engine.dispose()
    n, covering = next((n, c) for n, c in enumerate(checkpoints, 1) if c.seq >= 2)
    assert not ok and checked == n - 1
    assert message.startswith(f"第{n}个检查点：审计日志第{covering.seq}条的哈希与检查点不符（数据库中的历史被改写")


def test_audit_verify_checks_the_checkpoints_from_the_command_line(tmp_path, sqlite_url):
    assert hongdun("db", "upgrade", url=sqlite_url).returncode == 0
    key, out = tmp_path / "centre.pem", tmp_path / "checkpoints.jsonl"
    generate_key(key)
    engine = make_engine(sqlite_url)
    sessions = make_session_factory(engine)

    empty = hongdun("audit", "checkpoint", "--key", str(key), "--out", str(out), url=sqlite_url)
    assert empty.returncode == 0 and "审计日志为空" in empty.stdout and not out.exists()
    log_entries(sessions, 3)
    made = hongdun("audit", "checkpoint", "--key", str(key), "--out", str(out), url=sqlite_url)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "已写入检查点：审计日志第3条（共3条）"
    same = hongdun("audit", "checkpoint", "--key", str(key), "--out", str(out), url=sqlite_url)
    assert same.returncode == 0 and "未写新检查点" in same.stdout
    log_entries(sessions, 2)
    assert hongdun("audit", "checkpoint", "--key", str(key), "--out", str(out), url=sqlite_url).returncode == 0

    checked = hongdun("audit", "verify", "--checkpoints", str(out), "--centre-key", f"{key}.pub", url=sqlite_url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "2个检查点均相符" in checked.stdout and "最近一个在第5条" in checked.stdout
    half = hongdun("audit", "verify", "--checkpoints", str(out), url=sqlite_url)
    assert half.returncode == 2 and "须同时给出" in half.stderr
    no_key = hongdun("audit", "verify", "--checkpoints", str(out), "--centre-key", str(tmp_path / "x.pub"),
                     url=sqlite_url)
    assert no_key.returncode == 1 and "找不到密钥文件" in no_key.stderr

    rewrite_history(engine, 2, {"n": 1, "名称": "改过的"})
    engine.dispose()
    plain = hongdun("audit", "verify", url=sqlite_url)  # as before: the chain alone, fooled by the rehash
    assert plain.returncode == 0 and plain.stdout.strip() == "审计日志完整，共5条"
    caught = hongdun("audit", "verify", "--checkpoints", str(out), "--centre-key", str(key), url=sqlite_url)
    assert caught.returncode == 1
    assert caught.stdout.strip() == ("第1个检查点：审计日志第3条的哈希与检查点不符"
                                     "（数据库中的历史被改写，改写处在第1条到第3条之间）")
    assert Path(out).stat().st_mode & 0o077 == 0
