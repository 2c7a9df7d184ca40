"""Signed checkpoints of the audit chain: what someone with write access to the database can no
longer hide, and the file, key and writer that keep them (on SQLite; PostgreSQL in integration/)."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import stat
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from client.db.engine import make_engine, make_session_factory
from client.db.migrate import upgrade
from client.kernel.audit_checkpoints import (
    Checkpoint,
    CheckpointWriter,
    append,
    last_checkpoint,
    make_checkpoint,
    verify,
)
from client.kernel.centre_key import (
    KeyFileError,
    generate_key,
    key_id,
    load_private_key,
    load_public_key,
)
from client.kernel.models import AuditEntry
from client.kernel.uow import verify_audit_chain
from tests.audit_helpers import log_entries, rewrite_history


@pytest.fixture
def db(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield engine, make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


def checkpoint_now(sessions, key, path) -> Checkpoint:
    with sessions() as session:
        checkpoint = make_checkpoint(session, key)
    assert append(path, checkpoint)
    return checkpoint


def verify_file(sessions, path, public_key):
    with sessions() as session:
        return verify(session, path, public_key)


@pytest.fixture
def checkpointed(db, key, tmp_path):
    """Five entries, checkpointed after the third (line 1) and after the fifth (line 2)."""
    engine, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 3)
    checkpoint_now(sessions, key, path)
    log_entries(sessions, 2)
    checkpoint_now(sessions, key, path)
    return engine, sessions, path


# --- what verify finds -----------------------------------------------------------------------


def test_an_untouched_log_matches_its_checkpoints(checkpointed, key):
    _, sessions, path = checkpointed
    log_entries(sessions, 1)  # newer than the last checkpoint: covered by the chain alone
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert (ok, checked) == (True, 2)
    assert "共6条" in message and "2个检查点均相符" in message and "最近一个在第5条" in message
    assert "其后的1条待下一个检查点" in message


def test_a_checkpoint_records_the_head_its_count_and_the_key(checkpointed, key):
    _, _, path = checkpointed
    first, second = [Checkpoint.from_line(line) for line in path.read_text().splitlines()]
    assert (first.seq, first.entries, second.seq, second.entries) == (3, 3, 5, 5)
    assert first.key_id == key_id(key.public_key()) and len(first.key_id) == 16
    assert first.signed_by(key.public_key())
    assert json.loads(path.read_text().splitlines()[0])["made_at"].endswith("+00:00")


def test_history_rewritten_and_rehashed_by_a_database_writer_is_found_at_the_checkpoint(checkpointed, key):
    engine, sessions, path = checkpointed
    rewrite_history(engine, 2, {"n": 1, "名称": "广州市天河区另一家有限公司"})
    with sessions() as session:
        assert verify_audit_chain(session)[0]  # the chain alone is fooled: that is the point
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 0
    assert message == "第1个检查点：审计日志第3条的哈希与检查点不符（数据库中的历史被改写，改写处在第1条到第3条之间）"


def test_a_rewrite_after_a_matching_checkpoint_is_placed_after_it(checkpointed, key):
    engine, sessions, path = checkpointed
    rewrite_history(engine, 4, {"n": 0, "名称": "改过的"})
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 1
    assert "第2个检查点：审计日志第5条的哈希与检查点不符" in message and "第4条到第5条之间" in message


def test_a_deleted_tail_is_found(checkpointed, key):
    engine, sessions, path = checkpointed
    with engine.begin() as conn:  # the tail deleted and the counter wound back: the chain still verifies
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq > 3"))
        conn.execute(sa.text("UPDATE counter SET value = 3 WHERE name = 'audit_log'"))
    with sessions() as session:
        assert verify_audit_chain(session)[0]
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 1
    assert message == "第2个检查点：数据库中没有审计日志第5条（日志末尾被截断，或该条被删除）"


def test_an_entry_edited_without_rehashing_fails_the_chain_check(checkpointed, key):
    engine, sessions, path = checkpointed
    with engine.begin() as conn:  # seq 4 is no checkpoint's head: only the chain sees this
        conn.execute(sa.text("UPDATE audit_log SET action = 'registration.approve' WHERE seq = 4"))
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 2 and message == "审计日志第4条被篡改"


def test_a_checkpoint_signed_by_another_key_is_refused(checkpointed, key):
    _, sessions, path = checkpointed
    other = Ed25519PrivateKey.generate()
    log_entries(sessions, 1)
    checkpoint_now(sessions, other, path)
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 2
    assert message.startswith("第3个检查点由另一把密钥签署") and key_id(other.public_key()) in message


def test_a_forgery_claiming_the_centres_key_id_is_refused(checkpointed, key):
    engine, sessions, path = checkpointed
    rewrite_history(engine, 2, {"n": 1, "名称": "伪造"})
    other = Ed25519PrivateKey.generate()
    lines = []
    for line in path.read_text().splitlines():  # checkpoints made again for the rewritten chain
        old = Checkpoint.from_line(line)
        with sessions() as session:
            new_hash = session.get(AuditEntry, old.seq).entry_hash
        forged = replace(old, entry_hash=new_hash, signature="")
        lines.append(replace(forged, signature=other.sign(forged.signed_bytes()).hex()).to_line())
    path.write_text("\n".join(lines) + "\n")
    ok, _, message = verify_file(sessions, path, key.public_key())
    assert not ok and message == "第1个检查点的签名不符（检查点被改动过）"


def test_an_edited_checkpoint_line_is_refused(checkpointed, key):
    engine, sessions, path = checkpointed
    rewrite_history(engine, 5, {"n": 1, "名称": "改过的"})
    with sessions() as session:  # the file "corrected" to the rewritten head, its signature kept
        new_hash = session.get(AuditEntry, 5).entry_hash
    lines = path.read_text().splitlines()
    edited = json.loads(lines[1])
    edited["entry_hash"] = new_hash
    lines[1] = json.dumps(edited)
    path.write_text("\n".join(lines) + "\n")
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 1  # line 1 (seq 3) still matches
    assert message == "第2个检查点的签名不符（检查点被改动过）"


def test_checkpoints_out_of_order_are_refused(checkpointed, key):
    _, sessions, path = checkpointed
    first, second = path.read_text().splitlines()
    path.write_text(f"{second}\n{first}\n")
    ok, _, message = verify_file(sessions, path, key.public_key())
    assert not ok and message == "第2个检查点：审计日志序号从第5条退回到第3条（检查点文件被改动过）"


def test_a_line_that_is_not_a_checkpoint_is_named(checkpointed, key):
    _, sessions, path = checkpointed
    with open(path, "a") as f:
        f.write('{"seq": 6, "entry_hash": "00"}\n')
    ok, _, message = verify_file(sessions, path, key.public_key())
    assert not ok and message.startswith("第3个检查点无法解析")


def test_a_missing_file_and_an_empty_one(db, key, tmp_path):
    _, sessions = db
    ok, _, message = verify_file(sessions, tmp_path / "nowhere.jsonl", key.public_key())
    assert not ok and message == f"找不到检查点文件：{tmp_path / 'nowhere.jsonl'}"
    (tmp_path / "empty.jsonl").touch()
    log_entries(sessions, 2)
    ok, checked, message = verify_file(sessions, tmp_path / "empty.jsonl", key.public_key())
    assert ok and checked == 0 and message == "审计日志完整，共2条；检查点文件中还没有检查点"


# --- the file -------------------------------------------------------------------------------


def test_an_empty_log_has_no_checkpoint(db, key):
    _, sessions = db
    with sessions() as session:
        assert make_checkpoint(session, key) is None


def test_append_creates_an_owner_only_file_and_skips_a_head_that_has_not_moved(db, key, tmp_path):
    _, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 2)
    first = checkpoint_now(sessions, key, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with sessions() as session:  # made_at differs, the head does not
        again = make_checkpoint(session, key, clock=lambda: dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc))
    assert again.made_at != first.made_at and not append(path, again)
    assert path.read_text().splitlines() == [first.to_line()]
    log_entries(sessions, 1)
    moved = checkpoint_now(sessions, key, path)
    assert last_checkpoint(path) == moved and len(path.read_text().splitlines()) == 2


def test_append_does_not_write_a_head_behind_the_files_last(db, key, tmp_path):
    engine, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 4)
    checkpoint_now(sessions, key, path)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log WHERE seq = 4"))
    with sessions() as session:
        behind = make_checkpoint(session, key)
    assert behind.seq == 3 and not append(path, behind)
    assert last_checkpoint(path).seq == 4


def test_after_a_torn_write_the_next_checkpoint_starts_a_line_of_its_own(db, key, tmp_path):
    _, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 1)
    first = checkpoint_now(sessions, key, path)
    with open(path, "a") as f:
        f.write(first.to_line()[:40])  # the machine lost power mid-line
    log_entries(sessions, 1)
    second = checkpoint_now(sessions, key, path)
    assert path.read_text().splitlines()[2] == second.to_line() and last_checkpoint(path) == second
    ok, checked, message = verify_file(sessions, path, key.public_key())
    assert not ok and checked == 1 and message.startswith("第2个检查点无法解析")  # the torn line


def test_the_last_line_is_found_in_a_long_file(db, key, tmp_path):
    _, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    for _ in range(40):  # > 4 KiB: the last line is read back across blocks
        log_entries(sessions, 1)
        checkpoint_now(sessions, key, path)
    assert path.stat().st_size > 3 * 4096
    assert last_checkpoint(path).seq == 40
    assert verify_file(sessions, path, key.public_key())[:2] == (True, 40)


# --- the writer -----------------------------------------------------------------------------


def wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def lines_in(path: Path) -> int:
    return len(path.read_text().splitlines()) if path.exists() else 0


def test_the_writer_checkpoints_at_intervals_and_on_demand(db, key, tmp_path):
    _, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 2)
    writer = CheckpointWriter(sessions, key, path, interval_s=0.05).start()
    try:
        wait_for(lambda: lines_in(path) == 1)
        log_entries(sessions, 3)
        wait_for(lambda: lines_in(path) == 2)
        assert writer.write_now() is None  # nothing new since the last tick
        log_entries(sessions, 1)
        written = writer.write_now()
        assert written is not None and written.seq == 6
    finally:
        writer.stop(timeout=5)
    assert not writer.running
    assert [Checkpoint.from_line(line).seq for line in path.read_text().splitlines()][-1] == 6
    assert verify_file(sessions, path, key.public_key())[0]


def test_the_writer_carries_on_after_the_database_was_away(db, key, tmp_path, caplog):
    _, sessions = db
    path = tmp_path / "checkpoints.jsonl"
    log_entries(sessions, 1)
    calls = []

    def flaky_sessions():
        calls.append(1)
        if len(calls) <= 2:
            raise sa.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("database away"))
        return sessions()

    caplog.set_level(logging.ERROR, logger="client.kernel.audit_checkpoints")
    writer = CheckpointWriter(flaky_sessions, key, path, interval_s=0.02).start()
    try:
        wait_for(lambda: lines_in(path) == 1)
        assert writer.running
    finally:
        writer.stop(timeout=5)
    failures = [r for r in caplog.records if "写审计检查点失败" in r.getMessage()]
    assert len(failures) == 2 and failures[0].exc_info[0] is sa.exc.OperationalError


def test_the_writer_sends_each_checkpoint_to_syslog_too(db, key, tmp_path):
    _, sessions = db
    log_entries(sessions, 2)
    with tempfile.TemporaryDirectory(prefix="hd") as short:  # a socket path is at most 107 bytes
        address = os.path.join(short, "log")
        receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        receiver.bind(address)
        receiver.settimeout(5)
        writer = CheckpointWriter(sessions, key, tmp_path / "checkpoints.jsonl", interval_s=3600,
                                  syslog=True, syslog_address=address)
        try:
            written = writer.write_now()
            message = receiver.recv(4096).decode()
        finally:
            writer.stop()
            receiver.close()
    assert message.startswith("<")  # <priority>, then our text
    assert message.rstrip("\x00").endswith(written.to_line())


# --- the centre's key -------------------------------------------------------------------------


def test_generate_key_writes_an_owner_only_private_pem_and_a_public_pem_beside_it(tmp_path):
    path = tmp_path / "centre.pem"
    made = generate_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in path.read_bytes()
    assert b"BEGIN PUBLIC KEY" in Path(f"{path}.pub").read_bytes()
    loaded = load_private_key(path)
    public = load_public_key(f"{path}.pub")
    public.verify(loaded.sign(b"checkpoint"), b"checkpoint")  # raises if they are not a pair
    assert key_id(public) == key_id(made.public_key()) == key_id(load_public_key(path))
    with pytest.raises(FileExistsError):
        generate_key(path)  # a key is never replaced
    assert load_private_key(path).private_bytes_raw() == made.private_bytes_raw()


def test_a_file_that_is_not_an_ed25519_key_is_named(tmp_path):
    with pytest.raises(KeyFileError, match="找不到密钥文件"):
        load_public_key(tmp_path / "absent.pem")
    (tmp_path / "notes.txt").write_text("not a key")
    with pytest.raises(KeyFileError, match="不是 PEM 格式的公钥文件"):
        load_public_key(tmp_path / "notes.txt")
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    (tmp_path / "p256.pem").write_bytes(ec_pem)
    with pytest.raises(KeyFileError, match="不是 Ed25519 私钥"):
        load_private_key(tmp_path / "p256.pem")
