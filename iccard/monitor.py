"""Follow readers and cards: callbacks when a reader is plugged in or out and when a card is
inserted or removed. Plain threads and callbacks; the Qt bridge in widgets/ re-emits them as
signals (the callbacks run on the monitor's thread, so they must be quick and thread-safe).

One thread blocks in SCardGetStatusChange on every reader plus the PnP pseudo reader, so an
event is reported as soon as pcscd knows it (pcscd itself polls some readers, vpcd every
~400 ms). When the PC/SC service goes away every reader is reported removed, and the monitor
keeps trying to reconnect until stopped. Readers and cards already present at start() are
reported as added/inserted first, so a fresh subscriber learns the current state.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from smartcard import scard

from iccard.errors import CardIOError, PcscUnavailableError
from iccard.pcsc_transport import (
    PNP_NOTIFICATION,
    SCARD_E_CANCELLED,
    SCARD_E_TIMEOUT,
    PcscContext,
    code,
    pcsc_error,
)

log = logging.getLogger(__name__)

ReaderCallback = Callable[[str], None]
CardCallback = Callable[[str, bytes], None]


@dataclass
class ReaderState:
    name: str
    card: bool = False
    atr: bytes = b""
    event_state: int = scard.SCARD_STATE_UNAWARE


class CardMonitor:
    """``CardMonitor(on_card_inserted=f, ...).start()`` ... ``.stop()``; also a context manager.

    on_reader_added(reader)           a reader appeared (or was there at start)
    on_reader_removed(reader)         a reader went away (unplugged, or pcscd stopped)
    on_card_inserted(reader, atr)     a card is in the reader and powered (ATR known)
    on_card_removed(reader)           the card left the reader
    on_service(available, message)   the PC/SC service was lost / found again
    """

    def __init__(
        self,
        *,
        on_reader_added: ReaderCallback | None = None,
        on_reader_removed: ReaderCallback | None = None,
        on_card_inserted: CardCallback | None = None,
        on_card_removed: ReaderCallback | None = None,
        on_service: Callable[[bool, str], None] | None = None,
        wait_timeout: float = 1.0,
        retry_interval: float = 0.5,
    ):
        self.on_reader_added = on_reader_added
        self.on_reader_removed = on_reader_removed
        self.on_card_inserted = on_card_inserted
        self.on_card_removed = on_card_removed
        self.on_service = on_service
        # The wait is cancelled on stop() and ends early on reader (PnP) and card events; the
        # timeout bounds how late a vanished PC/SC service is noticed.
        self.wait_timeout = wait_timeout
        self.retry_interval = retry_interval
        self._readers: dict[str, ReaderState] = {}
        self._stop = threading.Event()
        self._ctx: PcscContext | None = None
        self._ctx_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._service_up: bool | None = None
        self._failures = 0  # consecutive unexplained PC/SC errors
        self.started = threading.Event()  # set after the first full scan was reported

    # ------------------------------------------------------------------ control

    def start(self) -> CardMonitor:
        if self._thread is not None:
            raise RuntimeError("monitor already started")
        self._thread = threading.Thread(target=self._run, name="card-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and join; safe to call twice and from a callback's thread's neighbours."""
        self._stop.set()
        if self._thread is None or self._thread is threading.current_thread():
            return
        # SCardCancel only wakes a wait in progress: one sent while the thread is between two
        # waits is lost, so keep cancelling until the thread is out.
        deadline = time.monotonic() + timeout
        while self._thread.is_alive() and time.monotonic() < deadline:
            with self._ctx_lock:
                if self._ctx is not None:
                    self._ctx.cancel()
            self._thread.join(0.02)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def readers(self) -> dict[str, bool]:
        """Snapshot: reader name -> whether a card is in it."""
        return {name: st.card for name, st in list(self._readers.items())}

    def __enter__(self) -> CardMonitor:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------------ thread

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ctx = PcscContext()
            except CardIOError as e:
                self._service(False, e.message)
                self.started.set()
                self._stop.wait(self.retry_interval)
                continue
            with self._ctx_lock:
                self._ctx = ctx
            try:
                self._watch(ctx)
            except PcscUnavailableError as e:
                self._service(False, e.message)
            except CardIOError as e:
                # Anything else (a dying pcscd answers "communication error"): start over with
                # a fresh context at once, which tells whether the service is still there;
                # back off only if that keeps failing.
                self._failures += 1
                log.info("card monitor: %s", e.message)
                if self._failures > 1:
                    self._stop.wait(self.retry_interval)
            finally:
                with self._ctx_lock:
                    self._ctx = None
                ctx.release()
        self._readers.clear()  # stopping is not unplugging: no removal callbacks

    def _watch(self, ctx: PcscContext) -> None:
        pnp_state = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            self._sync_readers(ctx.list_readers())
            self._service(True, "")
            query = [(PNP_NOTIFICATION, pnp_state)]
            query += [(st.name, st.event_state) for st in self._readers.values()]
            wait_ms = int(self.wait_timeout * 1000)
            hresult, states = scard.SCardGetStatusChange(ctx.handle, wait_ms, query)
            c = code(hresult)
            if c == SCARD_E_TIMEOUT:
                # Renew the context on every timeout: cheap (a local socket), and a service that
                # vanished or was restarted shows when the new context is made, whatever the
                # old context would have answered.
                self.started.set()
                return
            if c == SCARD_E_CANCELLED:
                return
            if c:
                err = pcsc_error(hresult, "监视读卡器")
                if isinstance(err, PcscUnavailableError):
                    raise err
                if c in (0x80100009, 0x80100017):  # a reader vanished under us: list again
                    continue
                raise err
            self._failures = 0
            for name, event, atr in states:
                if name == PNP_NOTIFICATION:
                    pnp_state = event & ~scard.SCARD_STATE_CHANGED
                    continue
                self._card_event(name, event, bytes(atr))
            self.started.set()

    # ------------------------------------------------------------------ diffs -> callbacks

    def _sync_readers(self, names: list[str]) -> None:
        for name in [n for n in self._readers if n not in names]:
            self._reader_gone(name)
        for name in names:
            if name not in self._readers:
                self._readers[name] = ReaderState(name)
                self._call(self.on_reader_added, name)

    def _reader_gone(self, name: str) -> None:
        state = self._readers.pop(name)
        if state.card:
            self._call(self.on_card_removed, name)
        self._call(self.on_reader_removed, name)

    def _card_event(self, name: str, event: int, atr: bytes) -> None:
        state = self._readers.get(name)
        if state is None:
            return
        if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE | scard.SCARD_STATE_IGNORE):
            state.event_state = event & ~scard.SCARD_STATE_CHANGED
            return
        # A card counts once it is powered (ATR known); a mute card is not usable yet.
        present = bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE
        before_count, after_count = state.event_state >> 16, event >> 16
        swapped = state.card and present and state.event_state and after_count - before_count >= 2
        state.event_state = event & ~scard.SCARD_STATE_CHANGED
        if state.card and (not present or swapped):
            state.card, state.atr = False, b""
            self._call(self.on_card_removed, name)
        if present and not state.card:
            state.card, state.atr = True, atr
            self._call(self.on_card_inserted, name, atr)

    def _forget_all(self) -> None:
        for name in list(self._readers):
            self._reader_gone(name)

    def _service(self, available: bool, message: str) -> None:
        if self._service_up is available:
            return
        if not available:
            self._forget_all()
        self._service_up = available
        self._call(self.on_service, available, message)

    @staticmethod
    def _call(callback, *args) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:  # a subscriber's bug must not stop the monitoring of readers
            log.exception("card monitor callback %r failed", callback)
