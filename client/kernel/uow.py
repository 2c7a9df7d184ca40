"""The unit of work a handler runs in: one transaction on one database.

Handlers see only this object, never an engine or a URL, so the same handler runs
on the workstation's local store and on the central database.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import instance_state

from client.kernel import replication
from client.kernel.clock import utcnow
from client.kernel.errors import NotFound, PermissionDenied, VersionConflict
from client.kernel.events import DomainEvent
from client.kernel.ids import derived_id
from client.kernel.models import (
    AppliedOp,
    AppUser,
    AuditEntry,
    ChangeLog,
    Counter,
    EntityEvent,
)
from client.kernel.registry import registry
from client.kernel.roles import Principal, parse_roles
from client.kernel.types import new_id

GENESIS_HASH = "0" * 64

CENTRAL, LOCAL = "central", "local"


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], *, clock=utcnow,
                 location: str = CENTRAL, op_id: str | None = None):
        self._session_factory = session_factory
        self.clock = clock
        self.location = location
        self.op_id = op_id
        self.session: Session
        #: what the command changed ("entities", "applications"…): screens decide to refresh
        self.changes: set[str] = set()
        #: (table, row id) -> (change kind, office, district, op_id) of replicated records touched
        self.touched: dict[tuple[str, str], tuple[str, str | None, str | None, str | None]] = {}
        self._ids_made = 0
        #: "table:id" of records whose version a command checked: it edits them, so a later
        #: command on them must wait if this one is refused (the outbox keeps these keys)
        self.version_checked: set[str] = set()
        #: rows this transaction has locked (SELECT … FOR UPDATE), held strongly (the session's
        #: identity map is weak): asked again, they are answered without a round trip
        self._locked: dict[tuple[type, str], Any] = {}
        #: users read in this transaction (principal, envelope check), held strongly likewise
        self._users: dict[str, AppUser | None] = {}
        #: user id -> (the user row's values, the Principal made from them)
        self._principals: dict[str, tuple[tuple, Principal]] = {}
        #: counters taken in this transaction: name -> last value taken / value in the database;
        #: the row stays locked from the first take, later takes are counted here and written once
        self._counters: dict[str, int] = {}
        self._counters_db: dict[str, int] = {}
        #: audit entries of this transaction, chained and inserted together at commit
        self._audit: list[dict[str, Any]] = []
        #: applied_op rows not yet inserted (`record_applied`, `write_applied`)
        self._applied: list[dict[str, Any]] = []
        #: history lines (`record_event`) not yet inserted: transient objects, never in the session
        self._events: list[EntityEvent] = []
        self._event_ids: set[int] = set()
        self._writing_events = False
        #: objects that became pending during the current command (session event)
        self._fresh: list[Any] = []
        #: id(object) -> (object, kind) attributed to a command since the last flush
        self._attributed: dict[int, tuple[Any, str]] = {}

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        event.listen(self.session, "before_flush", self._before_flush)
        event.listen(self.session, "after_flush", self._after_flush)
        event.listen(self.session, "transient_to_pending", self._pending)
        event.listen(self.session, "do_orm_execute", self._before_statement)
        self.session.begin()
        return self

    @property
    def assigns_numbers(self) -> bool:
        """Only the centre gives out numbers (credit codes, 受理号…); locally they stay NULL (待分配)."""
        return self.location == CENTRAL

    # --- what the command touched (the change log, the outbox) --------------------------------
    #
    # New, changed and deleted replicated records are attributed to the command that made them
    # (its op_id: the derived ids of new records, the change log's op_id) at the end of that
    # command (`end_command`), or at a flush inside it, whichever comes first. Commands of a
    # pushed batch are not flushed one by one, so a flush may come during a later command:
    # what an earlier command already attributed keeps its attribution.

    def _pending(self, _session: Session, obj: Any) -> None:
        self._fresh.append(obj)

    def _before_flush(self, session: Session, _ctx, _instances) -> None:
        self._attribute(self._made() + list(session.new))

    def _after_flush(self, _session: Session, _ctx) -> None:
        self._attributed.clear()
        self._write_events()  # after the records they refer to

    def end_command(self) -> None:
        """Attribute what the current command added, changed or deleted (not yet flushed)."""
        made = self._made()
        self._fresh = []
        self._attribute(made)

    def _made(self) -> list:
        """New records (pending) and history lines (not yet inserted) of the current command, in
        the order they were made: derived ids are numbered in that order, as they always were."""
        return [obj for obj in self._fresh if id(obj) in self._event_ids or instance_state(obj).pending]

    def _attribute(self, new: list) -> None:
        # (no autoflush: the scope functions read records; attribution used to happen only
        # inside a flush, and a flush started from here would overtake the records not yet done)
        with self.session.no_autoflush:
            self._attribute_now(new)

    def _attribute_now(self, new: list) -> None:
        session, seen = self.session, self._attributed
        for obj in new:
            if id(obj) in self._event_ids:  # a history line (`record_event`), not in the session
                if obj.id is None:
                    table = replication.replicated_table(obj)
                    obj.id = self._derived_id() if self.op_id is not None and table is not None else new_id()
                    if table is not None:
                        self._touch(table, obj, replication.UPSERT)
                continue
            if id(obj) in seen:
                continue
            seen[id(obj)] = (obj, replication.UPSERT)
            table = replication.replicated_table(obj)
            if table is None:
                continue
            if self.op_id is not None and getattr(obj, "id", "x") is None:
                obj.id = self._derived_id()
            self._touch(table, obj, replication.UPSERT)
        for obj in list(session.dirty):
            if id(obj) in seen:
                continue
            table = replication.replicated_table(obj)
            if table is not None and session.is_modified(obj):
                seen[id(obj)] = (obj, replication.UPSERT)
                self._touch(table, obj, replication.UPSERT)
        for obj in list(session.deleted):
            if seen.get(id(obj), (None, None))[1] == replication.DELETE:
                continue
            seen[id(obj)] = (obj, replication.DELETE)
            table = replication.replicated_table(obj)
            if table is not None:
                self._touch(table, obj, replication.DELETE)

    def _touch(self, table: str, obj: Any, kind: str) -> None:
        office, district = replication.scope_of(self.session, obj)
        self.touched[(table, _row_key(obj))] = (kind, office, district, self.op_id)

    def begin_command(self, op_id: str) -> None:
        """Several commands in one transaction (a pushed batch): ids derive from each one's op_id."""
        self.op_id = op_id
        self._ids_made = 0

    def _derived_id(self) -> str:
        self._ids_made += 1
        return derived_id(self.op_id, str(self._ids_made))

    def write_change_log(self) -> None:
        """Append the touched records to the change log, last thing before commit.

        The seq counter row stays locked until commit, so seq order is commit order; taking
        it last keeps the lock as short as the commit itself.
        """
        self.session.flush()
        if not self.touched:
            return
        now = self.clock()
        rows = []
        first = self._take_many("change_log", len(self.touched))
        for seq, ((table, row_id), (kind, office, district, op_id)) in enumerate(self.touched.items(), first):
            rows.append(dict(seq=seq, table_name=table, row_id=row_id, change_kind=kind,
                             office_code=office, district_code=district, op_id=op_id, changed_at=now))
        self.session.connection().execute(ChangeLog.__table__.insert(), rows)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        """Counters, the audit chain, the change log (centrally), then COMMIT.

        The audit and change-log counter rows are taken here, once per transaction (a pushed
        batch of many commands takes a block of numbers), so both locks are held only for the
        commit itself, always in the same order (business counters, audit_log, change_log).
        Business counters taken more than once (a batch) are written first (their rows are
        locked since their first take), before the two shared counter rows are locked.
        """
        self.flush_pending()
        self._write_counters()
        self._write_audit()
        if self.location == CENTRAL:
            self.write_change_log()
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
        self._reset()

    def _reset(self) -> None:
        self._locked.clear()
        self._users.clear()
        self._principals.clear()
        self._counters.clear()
        self._counters_db.clear()
        self._audit.clear()
        self._applied.clear()
        self._events.clear()
        self._event_ids.clear()
        self._fresh.clear()
        self._attributed.clear()

    # --- one command of several in one transaction: undo its bookkeeping with its savepoint ---

    def checkpoint(self) -> tuple:
        """What `restore` needs to forget a command rolled back to its savepoint (take it
        after `flush_pending`, just before the savepoint)."""
        return (dict(self.touched), set(self.changes), dict(self._locked), dict(self._users),
                dict(self._counters), dict(self._counters_db), len(self._audit), len(self._applied),
                len(self._events))

    def restore(self, mark: tuple) -> None:
        """After ROLLBACK TO SAVEPOINT: the rows, locks (PostgreSQL releases a savepoint's row
        locks with it), numbers and audit entries of the rolled-back command are forgotten."""
        touched, changes, locked, users, counters, counters_db, audits, applied, events = mark
        self.touched, self.changes = touched, changes
        self._locked, self._users = locked, users
        self._counters, self._counters_db = counters, counters_db
        del self._audit[audits:]
        del self._applied[applied:]
        del self._events[events:]
        self._event_ids = {id(e) for e in self._events}
        self._fresh.clear()  # (a savepoint starts with a flush: whatever is pending now is gone)
        self._attributed.clear()

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    # --- who acts -------------------------------------------------------------------------

    def user(self, user_id: str | None) -> AppUser | None:
        """The central (or local) user row, read once per transaction."""
        if not isinstance(user_id, str):
            return None
        if user_id in self._users:
            user = self._users[user_id]
            if user is None or instance_state(user).persistent:
                return user
        user = self._users[user_id] = self.session.get(AppUser, user_id)
        return user

    def preload_users(self, user_ids) -> None:
        """Read many users in one query (a pushed batch names few, each many times)."""
        wanted = sorted({u for u in user_ids if isinstance(u, str) and u not in self._users})
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            found = {u.id: u for u in self.session.scalars(sa.select(AppUser).where(AppUser.id.in_(chunk)))}
            for user_id in chunk:
                self._users[user_id] = found.get(user_id)

    def principal(self, user_id: str) -> Principal:
        """Re-read from the user table of this database (centrally: never trusted from the
        workstation). Within one transaction the row is read once; it reflects what earlier
        commands of the same transaction changed, since it is the session's own object."""
        user = self.user(user_id)
        if user is None or user.disabled:
            raise PermissionDenied("用户不存在或已停用")
        values = (user.id, user.username, user.full_name, user.roles, user.office_code, user.district_code)
        known = self._principals.get(user_id)
        if known is not None and known[0] == values:
            return known[1]  # the row as it was when this Principal was made
        principal = Principal(
            user_id=user.id,
            username=user.username,
            full_name=user.full_name,
            roles=parse_roles(user.roles),
            office_code=user.office_code,
            district_code=user.district_code,
        )
        self._principals[user_id] = (values, principal)
        return principal

    # --- records --------------------------------------------------------------------------

    def get(self, model: type, record_id: str, *, label: str, for_update: bool = True) -> Any:
        if for_update:
            record = self._locked.get((model, record_id))
            if record is None or not instance_state(record).persistent or record in self.session.deleted:
                # (a row this transaction already locked cannot have been changed by anyone else)
                record = self.session.get(model, record_id, with_for_update=True)
                if record is not None:
                    self._locked[(model, record_id)] = record
        else:
            record = self.session.get(model, record_id)
        if record is None:
            raise NotFound(f"{label}不存在（可能已被删除）")
        return record

    def check_version(self, record: Any, base_version: int | None, *, label: str) -> None:
        table = replication.replicated_table(record)
        if table is not None:
            self.version_checked.add(f"{table}:{replication.row_key(record)}")
        if base_version is not None and record.version != base_version:
            raise VersionConflict(
                f"{label}已被他人修改（您看到的是第{base_version}版，现为第{record.version}版），请刷新后重试",
                record_id=replication.row_key(record),  # (whatever the primary key is called)
                expected=base_version,
                actual=record.version,
            )

    # --- numbers only the centre assigns --------------------------------------------------

    def number_or_pending(self, name: str, *, start: int = 1) -> int | None:
        """The next number centrally; None locally (the screen shows 待分配 until the push)."""
        return self.next_number(name, start=start) if self.assigns_numbers else None

    def provisional_number(self, name: str) -> int:
        """A dense key a local row needs now (row_no): centrally the real next number, locally
        a negative one from a local counter, replaced when the central row is pulled."""
        if self.assigns_numbers:
            return self.next_number(name)
        return -self._take(f"local:{name}", 1)

    def next_number(self, name: str, *, start: int = 1) -> int:
        """Take the next value of a named counter with its row locked until commit."""
        if not self.assigns_numbers and name != "audit_log":
            raise RuntimeError(f"编号“{name}”只能由中心分配，离线时请使用 number_or_pending")
        return self._take(name, start)

    def _take(self, name: str, start: int) -> int:
        return self._take_many(name, 1, start=start)

    def _take_many(self, name: str, count: int, *, start: int = 1) -> int:
        """Reserve `count` consecutive values; returns the first.

        The first take in a transaction locks the counter row and writes it at once (as a
        single take always did); later takes in the same transaction (a batch of commands)
        are counted in memory and written once at commit: no new row version per number.
        """
        if name in self._counters:
            first = self._counters[name] + 1
            self._counters[name] += count
            return first
        row = self.session.get(Counter, name, with_for_update=True)
        if row is None:
            # The counter's first use (a new year's numbers): two transactions may both find no
            # row. The one whose insert loses waits for the winner's commit, gets a unique
            # violation, and then takes the winner's row under its lock like any later take.
            try:
                with self.session.begin_nested():
                    self.session.add(Counter(name=name, value=start - 1))
            except sa.exc.IntegrityError:
                pass
            row = self.session.get(Counter, name, with_for_update=True, populate_existing=True)
        first = row.value + 1
        row.value += count
        self.session.flush()
        self._counters[name] = self._counters_db[name] = row.value
        return first

    def _write_counters(self) -> None:
        for name, value in self._counters.items():
            if value != self._counters_db[name]:
                self.session.execute(sa.update(Counter).where(Counter.name == name).values(value=value),
                                     execution_options={"synchronize_session": False})
                self._counters_db[name] = value

    # --- the applied-ops table (client.kernel.bus) ---------------------------------------------------

    def record_applied(self, *, op_id: str, op_name: str, user_id: str | None, result: dict) -> None:
        """The row that makes a repeated op_id answer with its stored result; inserted by
        `write_applied` (with the other rows of a batch), at the latest at commit."""
        self._applied.append(dict(op_id=op_id, op_name=op_name, user_id=user_id,
                                  applied_at=self.clock(), result=result))

    def write_applied(self) -> None:
        """Insert the pending applied_op rows (one statement for many). A row whose op_id a
        concurrent push committed meanwhile raises IntegrityError here."""
        if self._applied:
            rows, self._applied = self._applied, []
            self.session.connection().execute(AppliedOp.__table__.insert(), rows)

    # --- domain events ----------------------------------------------------------------------

    def publish(self, event: DomainEvent) -> None:
        """Tell the other areas what happened: their subscribers (client.kernel.registry) run
        now, in this transaction and savepoint, so the command and its consequences commit or
        roll back together."""
        for handler in registry().subscribers.get(type(event), ()):
            handler(event, self)

    # --- history and audit ----------------------------------------------------------------

    def record_event(self, *, entity_id: str, kind: str, summary: str, actor_id: str | None,
                     application_id: str | None = None, details: dict | None = None) -> None:
        """One line of an entity's history (append-only).

        Not added to the session: the row is inserted by `_write_events`, with the other lines
        of the flush or the batch, always after the records it refers to and before any query
        of this session runs, so it is seen as an autoflushed one would be. It gets its id and
        its change-log entry like a new record (`_attribute`, in the order records are made).
        A pushed batch makes thousands of these; the ORM's per-object flush was most of their cost.
        """
        line = EntityEvent(
            entity_id=entity_id, kind=kind, summary=summary, actor_id=actor_id,
            application_id=application_id, details=details, occurred_at=self.clock(),
        )
        self._events.append(line)
        self._event_ids.add(id(line))
        self._fresh.append(line)

    def _before_statement(self, _state) -> None:
        """Before a statement of this session: the history lines recorded so far are inserted
        (with a flush first, as autoflush would), unless autoflush is off or a flush is running."""
        if self._events and not self._writing_events and self.session.autoflush \
                and not getattr(self.session, "_flushing", False):
            self.session.flush()
            self._write_events()

    def _write_events(self) -> None:
        if not self._events or self._writing_events:
            return
        self._writing_events = True
        try:
            # (after a flush: nothing pending is left unattributed but history lines)
            self._attribute(self._made() + [line for line in self._events if line.id is None])
            lines, self._events = self._events, []
            self._event_ids = set()
            self.session.connection().execute(
                EntityEvent.__table__.insert(),
                [{column: getattr(line, attr) for attr, column in _EVENT_COLUMNS} for line in lines])
        finally:
            self._writing_events = False

    def flush_pending(self) -> None:
        """Flush the session, then insert the history lines and applied-ops rows waiting."""
        self.session.flush()
        self._write_events()
        self.write_applied()

    def audit(self, *, action: str, user_id: str | None, office_code: str | None,
              op_id: str | None = None, subject_id: str | None = None,
              details: dict | None = None) -> None:
        """Append to the hash chain, at commit (in the order of the calls).

        The entries of one transaction take a block of seq numbers under the counter row lock
        at commit, are chained there and inserted together; the lock serialises appenders.
        An entry made by a command rolled back to its savepoint goes with it (`restore`).
        """
        self._audit.append(dict(
            logged_at=self.clock(), user_id=user_id, office_code=office_code,
            op_id=op_id, action=action, subject_id=subject_id, details=details,
        ))

    def _write_audit(self) -> None:
        if not self._audit:
            return
        first = self._take_many("audit_log", len(self._audit))
        prev = self.session.scalar(sa.select(AuditEntry.entry_hash).where(AuditEntry.seq == first - 1))
        prev = prev or GENESIS_HASH
        rows = []
        for seq, entry in enumerate(self._audit, first):
            row = dict(entry, seq=seq, prev_hash=prev)
            row["entry_hash"] = prev = _chain_hash(prev, seq, entry["logged_at"], entry["user_id"],
                                                  entry["office_code"], entry["op_id"], entry["action"],
                                                  entry["subject_id"], entry["details"])
            rows.append(row)
        self.session.connection().execute(AuditEntry.__table__.insert(), rows)
        self._audit.clear()


_PK_ATTR: dict[type, str] = {}
#: (attribute, column) of entity_event, for inserting `record_event`'s lines
_EVENT_COLUMNS = [(prop.key, prop.columns[0].key) for prop in sa.inspect(EntityEvent).column_attrs]


def _row_key(obj: Any) -> str:
    """`replication.row_key`, with the primary-key attribute looked up once per class."""
    cls = type(obj)
    key = _PK_ATTR.get(cls)
    if key is None:
        (column,) = sa.inspect(cls).primary_key
        key = _PK_ATTR[cls] = column.key
    return str(getattr(obj, key))


def audit_hash(entry: AuditEntry) -> str:
    return _chain_hash(entry.prev_hash, entry.seq, entry.logged_at, entry.user_id, entry.office_code,
                       entry.op_id, entry.action, entry.subject_id, entry.details)


def _chain_hash(prev_hash: str, seq: int, logged_at: dt.datetime, user_id, office_code, op_id,
                action, subject_id, details) -> str:
    if logged_at.tzinfo is None:
        logged_at = logged_at.replace(tzinfo=dt.timezone.utc)
    canonical = json.dumps(
        [seq, logged_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
         user_id, office_code, op_id, action, subject_id, details],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str,
    )
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def verify_audit_chain(session: Session) -> tuple[bool, int, str]:
    """Walk the chain; returns (ok, entries checked, message)."""
    prev = GENESIS_HASH
    expected_seq = None
    count = 0
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        if expected_seq is not None and entry.seq != expected_seq:
            return False, count, f"审计日志缺少第{expected_seq}条"
        if entry.prev_hash != prev or audit_hash(entry) != entry.entry_hash:
            return False, count, f"审计日志第{entry.seq}条被篡改"
        prev = entry.entry_hash
        expected_seq = entry.seq + 1
        count += 1
    return True, count, f"审计日志完整，共{count}条"
