"""Signed checkpoints of the audit chain's head, kept outside the database.

The hash chain (client.kernel.uow) shows an entry changed in place, but whoever can write to the
database can also recompute every hash after the one they changed. So at intervals the chain's
head (seq, entry_hash) is signed with the centre's key (client.kernel.centre_key) and appended to
a file, and optionally sent to syslog, which database access does not reach: a past entry
rewritten, deleted or cut off no longer matches a head that was signed while it was intact.
Entries newer than the last checkpoint are protected by the chain alone until the next one.

One JSON object a line; the signature covers the canonical JSON of the other fields.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, fields, replace
from logging.handlers import SysLogHandler
from pathlib import Path

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session, sessionmaker

from client.kernel.centre_key import key_id
from client.kernel.clock import utcnow
from client.kernel.models import AuditEntry
from client.kernel.uow import verify_audit_chain

try:
    import fcntl
except ImportError:  # Windows: there the embedded centre is the file's only writer
    fcntl = None

log = logging.getLogger(__name__)

#: checkpoints compared with the database per query (Oracle allows 1,000 values in an IN list)
_BATCH = 500
#: a checkpoint line is ~330 bytes; reading back further than this finds no line of ours
_MAX_LINE = 64 * 1024


@dataclass(frozen=True)
class Checkpoint:
    seq: int  # the last audit entry's seq
    entry_hash: str  # its entry_hash
    entries: int  # how many audit entries there were
    made_at: str  # UTC, ISO 8601
    key_id: str  # centre_key.key_id of the signing key
    signature: str = ""  # hex Ed25519 over signed_bytes()

    def signed_bytes(self) -> bytes:
        unsigned = asdict(self)
        del unsigned["signature"]
        return _canonical(unsigned)

    def to_line(self) -> str:
        return _canonical(asdict(self)).decode("utf-8")

    @classmethod
    def from_line(cls, line: str) -> Checkpoint:
        """Exactly the fields, with their types, or ValueError."""
        data = json.loads(line)
        if not isinstance(data, dict) or set(data) != _FIELDS:
            raise ValueError("not a checkpoint")
        for name in ("seq", "entries"):
            if type(data[name]) is not int:  # (bool is an int)
                raise ValueError(name)
        if not all(isinstance(data[name], str) for name in _FIELDS - {"seq", "entries"}):
            raise ValueError("a text field is not text")
        return cls(**data)

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(bytes.fromhex(self.signature), self.signed_bytes())
        except (InvalidSignature, ValueError):
            return False
        return True


_FIELDS = {f.name for f in fields(Checkpoint)}


def _canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def make_checkpoint(session: Session, private_key: Ed25519PrivateKey, *, clock=utcnow) -> Checkpoint | None:
    """The chain's head now, signed; None while the log is empty."""
    # one statement, so the head and the count come from the same snapshot while others append
    count = sa.select(sa.func.count()).select_from(AuditEntry).scalar_subquery()
    head = session.execute(sa.select(AuditEntry.seq, AuditEntry.entry_hash, count)
                           .order_by(AuditEntry.seq.desc()).limit(1)).first()
    if head is None:
        return None
    unsigned = Checkpoint(seq=head[0], entry_hash=head[1], entries=head[2],
                          made_at=clock().astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
                          key_id=key_id(private_key.public_key()))
    return replace(unsigned, signature=private_key.sign(unsigned.signed_bytes()).hex())


# --- the file -------------------------------------------------------------------------------


def append(path: str | os.PathLike, checkpoint: Checkpoint) -> bool:
    """Append one line and fsync it; False (nothing written) when the head has not moved since
    the file's last line, or is behind it. A new file is made readable by its owner only."""
    path = Path(path)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "ab") as f:
        if fcntl is not None:  # several centre processes on one host: read-then-append as one step
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        last, torn = _last_line(path)
        if not _head_moved(last, checkpoint):
            return False
        # after a torn write (a crash mid-line) ours starts on a line of its own; verify names the torn one
        f.write(("\n" if torn else "").encode() + checkpoint.to_line().encode() + b"\n")
        f.flush()
        os.fsync(f.fileno())
    if created and os.name == "posix":  # the new name itself must survive a crash too
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return True


def last_checkpoint(path: str | os.PathLike) -> Checkpoint | None:
    """The file's last line as a checkpoint (None: no file, empty, or a line that does not parse)."""
    last, _ = _last_line(Path(path))
    try:
        return Checkpoint.from_line(last.decode("utf-8")) if last else None
    except ValueError:  # (UnicodeDecodeError is one)
        return None


def _head_moved(last: bytes | None, checkpoint: Checkpoint) -> bool:
    try:
        previous = Checkpoint.from_line(last.decode("utf-8")) if last else None
    except ValueError:
        return True
    if previous is None or checkpoint.seq > previous.seq:
        return True
    if checkpoint.seq == previous.seq:
        if checkpoint.entry_hash == previous.entry_hash:
            return False
        # written all the same: the two lines are the evidence `verify` reports
        log.warning("审计日志第%d条的哈希与上一个检查点不同：数据库中的历史被改写", checkpoint.seq)
        return True
    # a stale read racing a newer checkpoint, or a truncated log: either way the file already
    # holds the later head, and `verify` reports a truncation by that line
    log.warning("审计日志的最后一条（第%d条）早于检查点文件中的最后一个（第%d条）", checkpoint.seq, previous.seq)
    return False


def _last_line(path: Path) -> tuple[bytes | None, bool]:
    """The last line without its newline, read from the end; and whether it lacks the newline."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return None, False
    with f:
        end = f.seek(0, os.SEEK_END)
        if end == 0:
            return None, False
        f.seek(end - 1)
        torn = f.read(1) != b"\n"
        pos = stop = end if torn else end - 1
        tail = b""
        while pos > 0 and stop - pos < _MAX_LINE:
            step = min(4096, pos)
            pos -= step
            f.seek(pos)
            tail = f.read(step) + tail
            cut = tail.rfind(b"\n")
            if cut >= 0:
                return tail[cut + 1:], torn
        return tail, torn


# --- verification -----------------------------------------------------------------------------


class _Broken(Exception):
    """What is wrong and where, for the operator."""


@dataclass
class _Matched:
    count: int = 0
    last: Checkpoint | None = None  # only the last is kept: a year of checkpoints is 500,000 lines


def verify(session: Session, path: str | os.PathLike, public_key: Ed25519PublicKey) -> tuple[bool, int, str]:
    """(ok, checkpoints found to match, message in Chinese for the operator).

    Every line is a checkpoint signed with `public_key`; their seqs never go backwards; the
    database's entry at each checkpoint's seq exists and has the signed hash; the chain verifies.
    (`entries` is informational: a seq whose signed hash matches already vouches for all before it.)
    """
    try:
        lines = open(path, "rb")
    except FileNotFoundError:
        return False, 0, f"找不到检查点文件：{path}"
    except OSError as exc:
        return False, 0, f"无法读取检查点文件 {path}：{exc.strerror}"
    matched = _Matched()
    with lines:
        try:
            _match_file(session, lines, public_key, matched)
        except _Broken as problem:
            return False, matched.count, str(problem)
    ok, _, chain_message = verify_audit_chain(session)
    if not ok:
        return False, matched.count, chain_message
    last = matched.last
    if last is None:
        return True, 0, f"{chain_message}；检查点文件中还没有检查点"
    head = session.scalar(sa.select(sa.func.max(AuditEntry.seq))) or 0
    after = f"，其后的{head - last.seq}条待下一个检查点" if head > last.seq else ""
    return True, matched.count, (f"{chain_message}；{matched.count}个检查点均相符，"
                                 f"最近一个在第{last.seq}条（{last.made_at}）{after}")


def _match_file(session: Session, lines, public_key: Ed25519PublicKey, matched: _Matched) -> None:
    batch: list[tuple[int, Checkpoint]] = []
    try:
        for numbered in _signed_checkpoints(lines, public_key):
            batch.append(numbered)
            if len(batch) == _BATCH:
                _match_database(session, batch, matched)
                batch = []
    except _Broken:
        _match_database(session, batch, matched)  # the lines before the bad one still count, and come first
        raise
    _match_database(session, batch, matched)


def _signed_checkpoints(lines, public_key: Ed25519PublicKey):
    """(line number, checkpoint) of each line; _Broken at the first line that is not genuine."""
    expected = key_id(public_key)
    previous: Checkpoint | None = None
    for n, raw in enumerate(lines, 1):
        try:
            checkpoint = Checkpoint.from_line(raw.decode("utf-8"))
        except ValueError:
            raise _Broken(f"第{n}个检查点无法解析（不是完整的检查点记录：被改动过，或写入时中断）") from None
        if checkpoint.key_id != expected:
            raise _Broken(f"第{n}个检查点由另一把密钥签署（密钥编号 {checkpoint.key_id}，"
                          f"给出的中心公钥为 {expected}）")
        if not checkpoint.signed_by(public_key):
            raise _Broken(f"第{n}个检查点的签名不符（检查点被改动过）")
        if previous is not None and checkpoint.seq < previous.seq:
            raise _Broken(f"第{n}个检查点：审计日志序号从第{previous.seq}条退回到第{checkpoint.seq}条"
                          f"（检查点文件被改动过）")
        previous = checkpoint
        yield n, checkpoint


def _match_database(session: Session, batch: list[tuple[int, Checkpoint]], matched: _Matched) -> None:
    if not batch:
        return
    seqs = {checkpoint.seq for _, checkpoint in batch}
    stored = dict(session.execute(sa.select(AuditEntry.seq, AuditEntry.entry_hash)
                                  .where(AuditEntry.seq.in_(seqs))).all())
    for n, checkpoint in batch:
        seq = checkpoint.seq
        if seq not in stored:
            raise _Broken(f"第{n}个检查点：数据库中没有审计日志第{seq}条（日志末尾被截断，或该条被删除）")
        if stored[seq] != checkpoint.entry_hash:
            # the hash is cumulative: up to the last matching checkpoint nothing changed
            first = matched.last.seq + 1 if matched.last else 1
            where = f"第{seq}条" if first >= seq else f"第{first}条到第{seq}条之间"
            raise _Broken(f"第{n}个检查点：审计日志第{seq}条的哈希与检查点不符"
                          f"（数据库中的历史被改写，改写处在{where}）")
        matched.count += 1
        matched.last = checkpoint


# --- the writer ---------------------------------------------------------------------------------


class CheckpointWriter:
    """Checkpoints the head at start and every `interval_s` on a daemon thread, to `path` and,
    with `syslog`, to the system log as well (a second copy on another machine if syslog forwards).

    A failure (the database away, the disk full) is logged and the next tick tries again: the
    chain keeps growing meanwhile and the next checkpoint covers it. Call `write_now()` before
    `stop()` at shutdown so the last entries do not wait for the next start.
    """

    def __init__(self, sessions: sessionmaker[Session], private_key: Ed25519PrivateKey,
                 path: str | os.PathLike, *, interval_s: float = 60.0, syslog: bool = False,
                 syslog_address: str | tuple[str, int] | None = None):
        self._sessions = sessions
        self._key = private_key
        self.path = Path(path)
        self.interval_s = interval_s
        self._syslog = _syslog_logger(syslog_address) if syslog else None
        self._lock = threading.Lock()  # a write_now from another thread never interleaves with a tick
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> CheckpointWriter:
        self._thread = threading.Thread(target=self._run, name="audit-checkpoints", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._syslog is not None:
            for handler in self._syslog.handlers:
                handler.close()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def write_now(self) -> Checkpoint | None:
        """The checkpoint written, or None (empty log, head not moved). Failures raise."""
        with self._lock:
            with self._sessions() as session:
                checkpoint = make_checkpoint(session, self._key)
            if checkpoint is None or not append(self.path, checkpoint):
                return None
            if self._syslog is not None:
                self._syslog.info("hongdun audit checkpoint %s", checkpoint.to_line())
            return checkpoint

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.write_now()
            except Exception:  # whatever it was, the thread must outlive it (an absent database)
                log.exception("写审计检查点失败，%s秒后重试", self.interval_s)
            self._stopping.wait(self.interval_s)


def _syslog_logger(address: str | tuple[str, int] | None) -> logging.Logger:
    if address is None:
        address = "/dev/log" if os.path.exists("/dev/log") else ("localhost", 514)
    handler = SysLogHandler(address=address, facility=SysLogHandler.LOG_AUTH)
    # a logger of its own, outside the logging tree: only checkpoints go this way, and each
    # writer keeps its own handler
    logger = logging.Logger("hongdun.audit.checkpoints")
    logger.addHandler(handler)
    return logger
