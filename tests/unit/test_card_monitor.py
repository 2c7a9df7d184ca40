"""The reader/card monitor's contract (iccard/monitor.py) against a simulated PC/SC service:
initial state reported, insert/remove/swap, readers plugged and unplugged, the service lost
and found again, a failing subscriber, and stop()."""

from __future__ import annotations

import queue
import threading

import pytest

from iccard import monitor as monitor_module
from smartcard import scard
from iccard.errors import PcscUnavailableError
from iccard.monitor import CardMonitor
from iccard.pcsc_transport import PNP_NOTIFICATION, SCARD_E_CANCELLED, SCARD_E_TIMEOUT

PRESENT = scard.SCARD_STATE_PRESENT
EMPTY = scard.SCARD_STATE_EMPTY
CHANGED = scard.SCARD_STATE_CHANGED
ATR = bytes.fromhex("3B8880014844494300")


class FakePcsc:
    """pcsc-lite as the monitor sees it: readers, card states with event counters in the high
    16 bits, SCardGetStatusChange waiting for any difference, SCardCancel."""

    def __init__(self, readers=("R0", "R1")):
        self.cond = threading.Condition()
        self.up = True
        self.readers: dict[str, list] = {name: [EMPTY, b""] for name in readers}
        self.generation = 0  # reader list changes, for the PnP pseudo reader
        self.cancelled = False

    # --- what tests do
    def _change(self, fn):
        with self.cond:
            fn()
            self.cond.notify_all()

    def insert(self, name, atr=ATR):
        self._change(lambda: self.readers[name].__setitem__(slice(0, 2), [self._count(name) + (1 << 16) | PRESENT, atr]))

    def remove(self, name):
        self._change(lambda: self.readers[name].__setitem__(slice(0, 2), [self._count(name) + (1 << 16) | EMPTY, b""]))

    def swap(self, name):  # out and in again between two looks
        self._change(lambda: self.readers[name].__setitem__(0, self._count(name) + (2 << 16) | PRESENT))

    def plug(self, name):
        def do():
            self.readers[name] = [EMPTY, b""]
            self.generation += 1
        self._change(do)

    def unplug(self, name):
        def do():
            del self.readers[name]
            self.generation += 1
        self._change(do)

    def set_up(self, up):
        self._change(lambda: setattr(self, "up", up))

    def _count(self, name):
        return self.readers[name][0] & 0xFFFF0000

    # --- what the monitor calls
    def context(self):
        fake = self

        class Ctx:
            handle = "ctx"

            def __init__(self):
                if not fake.up:
                    raise PcscUnavailableError("智能卡服务（pcscd）未运行")

            def list_readers(self):
                with fake.cond:
                    if not fake.up:
                        raise PcscUnavailableError("智能卡服务（pcscd）未运行")
                    return list(fake.readers)

            def cancel(self):
                fake._change(lambda: setattr(fake, "cancelled", True))

            def release(self):
                pass

        return Ctx()

    def get_status_change(self, handle, timeout_ms, query):
        def answer():
            out, differs = [], False
            for name, current in query:
                if name == PNP_NOTIFICATION:
                    event = self.generation << 16
                    atr = b""
                elif name in self.readers:
                    event, atr = self.readers[name]
                else:
                    event, atr = scard.SCARD_STATE_UNKNOWN, b""
                if (current & ~CHANGED) != event and not (name == PNP_NOTIFICATION and current == 0 and event == 0):
                    differs = True
                    event |= CHANGED
                out.append((name, event, list(atr)))
            return differs, out

        with self.cond:
            ok = self.cond.wait_for(lambda: self.cancelled or not self.up or answer()[0], timeout_ms / 1000)
            if self.cancelled:
                self.cancelled = False
                return SCARD_E_CANCELLED, []
            if not self.up:
                return 0x8010001D, []
            return (0 if ok else SCARD_E_TIMEOUT), answer()[1]


@pytest.fixture
def pcsc(monkeypatch):
    fake = FakePcsc()
    monkeypatch.setattr(monitor_module, "PcscContext", fake.context)
    monkeypatch.setattr(monitor_module.scard, "SCardGetStatusChange", fake.get_status_change)
    return fake


class Recorder:
    def __init__(self):
        self.q: queue.Queue = queue.Queue()

    def monitor(self, **kw):
        return CardMonitor(
            on_reader_added=lambda r: self.q.put(("reader+", r)),
            on_reader_removed=lambda r: self.q.put(("reader-", r)),
            on_card_inserted=lambda r, atr: self.q.put(("card+", r, atr)),
            on_card_removed=lambda r: self.q.put(("card-", r)),
            on_service=lambda up, msg: self.q.put(("service", up)),
            retry_interval=0.01,
            **kw,
        )

    def next(self, n=1):
        return [self.q.get(timeout=3) for _ in range(n)]

    def quiet(self):
        return self.q.empty()


def test_present_readers_and_cards_are_reported_first_then_changes(pcsc):
    pcsc.insert("R0")
    rec = Recorder()
    with rec.monitor() as mon:
        assert rec.next(4) == [("reader+", "R0"), ("reader+", "R1"), ("service", True), ("card+", "R0", ATR)]
        pcsc.insert("R1")
        assert rec.next() == [("card+", "R1", ATR)]
        pcsc.remove("R0")
        assert rec.next() == [("card-", "R0")]
        assert mon.readers() == {"R0": False, "R1": True}
    assert not mon.running


def test_a_card_swapped_between_two_looks_is_removed_and_inserted(pcsc):
    pcsc.insert("R0")
    rec = Recorder()
    with rec.monitor():
        rec.next(4)
        pcsc.swap("R0")
        assert rec.next(2) == [("card-", "R0"), ("card+", "R0", ATR)]


def test_readers_plugged_in_and_out(pcsc):
    rec = Recorder()
    with rec.monitor():
        rec.next(3)
        pcsc.plug("USB Reader")
        assert rec.next() == [("reader+", "USB Reader")]
        pcsc.insert("USB Reader")
        assert rec.next() == [("card+", "USB Reader", ATR)]
        pcsc.unplug("USB Reader")
        assert rec.next(2) == [("card-", "USB Reader"), ("reader-", "USB Reader")]


def test_service_lost_removes_everything_and_coming_back_restores_it(pcsc):
    pcsc.insert("R1")
    rec = Recorder()
    with rec.monitor(wait_timeout=0.05):
        rec.next(4)
        pcsc.set_up(False)
        assert rec.next(4) == [("reader-", "R0"), ("card-", "R1"), ("reader-", "R1"), ("service", False)]
        pcsc.set_up(True)
        assert rec.next(4) == [("reader+", "R0"), ("reader+", "R1"), ("service", True), ("card+", "R1", ATR)]


def test_a_failing_subscriber_does_not_stop_the_monitor(pcsc):
    seen = queue.Queue()

    def broken(reader, atr):
        seen.put(reader)
        raise RuntimeError("bug in a subscriber")

    with CardMonitor(on_card_inserted=broken):
        pcsc.insert("R0")
        assert seen.get(timeout=3) == "R0"
        pcsc.remove("R0")
        pcsc.insert("R1")
        assert seen.get(timeout=3) == "R1"


@pytest.mark.timeout(60)  # a hang guard: without the cancel, stop() would wait out the hour
def test_stop_cancels_the_wait_and_says_nothing_more(pcsc):
    rec = Recorder()
    mon = rec.monitor(wait_timeout=3600).start()  # a wait that only SCardCancel ends
    rec.next(3)
    mon.stop(timeout=3600)
    assert not mon.running and rec.quiet()
    mon.stop()  # twice is fine
