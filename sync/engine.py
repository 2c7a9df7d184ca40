"""One synchronisation round and the worker that repeats it: probe, push, pull, with back-off.

Nobody presses "go offline": when the centre does not answer, the worker says so, waits
(1 s, 2 s, 4 s … up to a minute) and tries again; when it answers, the queue drains by itself.

The hello also brings the centre's release policy (client.version.Release). When it says this
workstation's pushes would be refused for its version, the round does not send the queue (it
stays, and goes out once the workstation is upgraded or the minimum lowered) and the status
carries the centre's message (`upgrade`); the pull goes on, so the replica stays current.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, replace
from typing import Callable

from client.kernel.clock import utcnow
from client.version import Release
from sync import conflicts
from sync.centre_client import UpgradeRequired
from sync.local_store import LocalStore
from sync.pull import Puller, PullReport
from sync.push import Applier, Pusher, PushReport

log = logging.getLogger(__name__)

#: beyond this the status bar warns that the workstation's clock is off
SKEW_WARNING_S = 120


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None = None  # None: not yet probed
    pending: int = 0
    refused: int = 0
    last_sync_at: dt.datetime | None = None
    skew_s: int | None = None
    message: str | None = None
    #: progress of the round under way: (done, total) of commands pushed and rows pulled
    push_progress: tuple[int, int] = (0, 0)
    pull_progress: tuple[int, int] = (0, 0)
    #: the centre's release policy as the last hello told it (None: not heard yet)
    release: Release | None = None
    #: the centre's message when this workstation's pushes are refused for its version (the
    #: queue stays until it is upgraded); None when they are accepted
    upgrade: str | None = None

    @property
    def skew_warning(self) -> str | None:
        if self.skew_s is not None and abs(self.skew_s) > SKEW_WARNING_S:
            way = "快" if self.skew_s > 0 else "慢"
            return f"本机时钟比中心{way}{abs(self.skew_s)}秒，请校准系统时间（规则：办理时间以中心时间为准）"
        return None


def is_disconnect(exc: BaseException) -> bool:
    """Errors that mean "the centre is not reachable now", as opposed to bugs
    (sync.centre_client.CentreUnreachable is a ConnectionError)."""
    return isinstance(exc, (ConnectionError, TimeoutError))


class SyncEngine:
    """probe → push → (refresh discarded records) → pull, reporting progress as it goes."""

    def __init__(self, store: LocalStore, applier: Applier, pusher: Pusher, puller: Puller,
                 device_id: str, *, clock=utcnow):
        self.store = store
        self.applier = applier
        self.pusher = pusher
        self.puller = puller
        self.device_id = device_id
        self._clock = clock
        self._lock = threading.Lock()  # one round at a time (worker and "sync now" button)
        self.status = SyncStatus(pending=store.pending_count(), refused=store.refused_count(),
                                 last_sync_at=_parse(store.get_state("last_sync_at")))
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._pulled_listeners: list[Callable[[PullReport], None]] = []
        self._keep_alive: list[Callable[[], object]] = []

    def keep_alive(self, renew: Callable[[], object]) -> None:
        """Called at every round while online (the signed-in user's session is renewed so)."""
        self._keep_alive.append(renew)

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        """Called with every new status, on the thread that runs the round."""
        self._listeners.append(listener)

    def subscribe_pulled(self, listener: Callable[[PullReport], None]) -> None:
        """Called after a pull that changed local rows (screens showing them look again)."""
        self._pulled_listeners.append(listener)

    def _set(self, **changes) -> None:
        self.status = replace(self.status, **changes)
        for listener in self._listeners:
            listener(self.status)

    def refresh_counts(self) -> None:
        self._set(pending=self.store.pending_count(), refused=self.store.refused_count())

    def run_once(self) -> tuple[PushReport, PullReport]:
        """One round; raises a disconnect error (after marking offline) if the centre is away."""
        with self._lock:
            try:
                hello = self.applier.hello(self.device_id, self._clock())
                if not hello["ok"]:
                    self._set(online=True, message=hello["message"])
                    raise PermissionError(hello["message"])
                release = _release(hello)
                self._set(online=True, skew_s=hello["skew_s"], message=None,
                          release=release or self.status.release,
                          upgrade=release.refusal if release is not None else None)
                for renew in self._keep_alive:
                    try:
                        renew()
                    except ConnectionError:
                        raise
                    except Exception as exc:  # noqa: BLE001 - an ended session must not stop the sync
                        log.info("session not renewed: %s", exc)
                pushed = self._push()
                conflicts.refresh_pending(self.store, self.puller)
                pulled = self.puller.pull(lambda d, t: self._set(pull_progress=(d, t)))
            except Exception as exc:
                if is_disconnect(exc):
                    self._set(online=False, message="无法连接中心服务，离线工作中；恢复连接后自动同步")
                self.refresh_counts()
                raise
            self._set(last_sync_at=_parse(self.store.get_state("last_sync_at")),
                      pending=self.store.pending_count(), refused=self.store.refused_count())
            if pulled.upserted or pulled.deleted or pushed.applied:
                for listener in self._pulled_listeners:
                    listener(pulled)
            return pushed, pulled

    def _push(self) -> PushReport:
        if self.status.upgrade:
            # the centre would refuse the batch as a whole: it is not sent (up to 64 MB at every round)
            return PushReport(waiting=self.store.pending_count())
        try:
            return self.pusher.push(lambda d, t: self._set(push_progress=(d, t)))
        except UpgradeRequired as exc:
            # the minimum was raised since the hello: nothing of the batch was applied, the queue stays
            self._set(upgrade=exc.message)
            return PushReport(waiting=self.store.pending_count())


def _release(hello: dict) -> Release | None:
    data = hello.get("release")
    return Release.from_json(data) if isinstance(data, dict) and data.get("latest") else None


class SyncWorker:
    """A background thread: a round every `interval`, back-off while the centre is away."""

    def __init__(self, engine: SyncEngine, *, interval: float = 30.0, min_backoff: float = 1.0,
                 max_backoff: float = 60.0):
        self.engine = engine
        self.interval = interval
        self.min_backoff = min_backoff
        self.max_backoff = max_backoff
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.backoff = 0.0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="sync-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def nudge(self) -> None:
        """Sync soon (a new command queued, or the user asked)."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.engine.run_once()
                self.backoff = 0.0
                wait = self.interval
            except Exception as exc:  # noqa: BLE001 — the worker must outlive any failure
                if not is_disconnect(exc):
                    log.exception("sync round failed")
                self.backoff = min(self.max_backoff, max(self.min_backoff, self.backoff * 2))
                wait = self.backoff
            self._wake.wait(wait)
            self._wake.clear()


def _parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None
