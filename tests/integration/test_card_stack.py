"""The card layer through the real PC/SC stack: pcscd + vsmartcard-vpcd + pyscard + virtual
cards connected to vpcd as threads. Waits are for pcscd's events, never fixed sleeps."""

from __future__ import annotations

import queue
import threading
import time

import pytest

from iccard import Verdict, make_card, read_card, rewrite_card
from iccard.errors import CardRemovedError
from iccard.monitor import CardMonitor
from iccard.pcsc_transport import PcscTransport, card_present, list_readers
from iccard.stack import PID_FILE, SOCKET_FILE, VPCD_READERS
from iccard.virtual import DEMO_PIN, blank_card, reader_name
from iccard.virtual.demo import demo_content
from iccard.virtual.enterprise import from_image, to_image

READER_0, READER_1 = VPCD_READERS
TIMEOUT = 5.0


class Events:
    """Monitor callbacks collected in a queue; ``expect`` waits for the next matching one."""

    def __init__(self):
        self.q: queue.Queue = queue.Queue()

    def monitor(self, **kw) -> CardMonitor:
        return CardMonitor(
            on_reader_added=lambda r: self.q.put(("reader+", r)),
            on_reader_removed=lambda r: self.q.put(("reader-", r)),
            on_card_inserted=lambda r, atr: self.q.put(("card+", r, atr)),
            on_card_removed=lambda r: self.q.put(("card-", r)),
            **kw,
        )

    def expect(self, kind: str, reader: str, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        skipped = []
        while True:
            try:
                event = self.q.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {kind} {reader} within {timeout} s; saw {skipped}") from None
            if event[0] == kind and event[1] == reader:
                return event
            skipped.append(event)


def test_make_read_and_verify_through_pcscd(vpcd, card_signer, card_keys, card_content):
    card = blank_card()
    vpcd.insert(card, 0)
    with PcscTransport(READER_0) as reader:
        assert reader.atr == card.atr
        assert read_card(reader, card_keys).verdict is Verdict.BLANK
        made = make_card(reader, card_content, signer=card_signer, keys=card_keys, pin=DEMO_PIN)
        assert made.ok, made.message
        result = read_card(reader, card_keys)
    assert result.verdict is Verdict.VALID and result.content == card_content
    assert result.serial == made.serial and result.stats.count == 7


def test_card_removed_and_reinserted(vpcd, personalised, card_keys, card_signer):
    card = personalised()
    events = Events()
    with events.monitor() as monitor:
        vcard = vpcd.insert(card, 0)
        events.expect("card+", READER_0)
        reader = PcscTransport(READER_0).connect()
        assert read_card(reader, card_keys).is_valid

        vpcd.remove(vcard, wait=False)
        events.expect("card-", READER_0)
        assert monitor.readers()[READER_0] is False and not card_present(READER_0)
        with pytest.raises(CardRemovedError):
            reader.transmit(bytes.fromhex("00A4000C023F00"))
        gone = read_card(reader, card_keys)
        assert gone.verdict is Verdict.DAMAGED and gone.interrupted
        failed = rewrite_card(reader, demo_content(name="新名称有限公司"), signer=card_signer, keys=card_keys, pin=DEMO_PIN)
        assert not failed.ok and failed.interrupted
        reader.close()

        vpcd.insert(card, 0, wait=False)
        events.expect("card+", READER_0)
        with PcscTransport(READER_0) as reader:
            again = read_card(reader, card_keys)
    assert again.is_valid and again.content == demo_content()


def test_two_readers_at_once(vpcd, card_signer, card_keys):
    cards = [blank_card(), blank_card()]
    for i, card in enumerate(cards):
        vpcd.insert(card, i)
    contents = [demo_content(), demo_content(credit_code="91440106MA5D0E1X2D", name="广州天河云帆科技有限公司")]
    results: dict[int, object] = {}

    def work(i):
        with PcscTransport(reader_name(i)) as reader:
            made = make_card(reader, contents[i], signer=card_signer, keys=card_keys, pin=DEMO_PIN)
            results[i] = (made, [read_card(reader, card_keys) for _ in range(5)])

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for i in (0, 1):
        made, reads = results[i]
        assert made.ok, made.message
        assert all(r.is_valid and r.content == contents[i] and r.serial == made.serial for r in reads)
    assert results[0][0].serial != results[1][0].serial


def test_monitor_reports_present_readers_and_cards_then_changes(vpcd, personalised):
    vpcd.insert(personalised(), 0)
    events = Events()
    with events.monitor() as monitor:
        events.expect("reader+", READER_0)
        events.expect("reader+", READER_1)
        _, _, atr = events.expect("card+", READER_0)  # already there at start
        assert atr[:1] == b"\x3b"
        vcard = vpcd.insert(blank_card(), 1, wait=False)
        events.expect("card+", READER_1)
        assert monitor.readers() == {READER_0: True, READER_1: True}
        vpcd.remove(vcard, wait=False)
        events.expect("card-", READER_1)
        assert monitor.readers()[READER_1] is False
    assert not monitor.running


def test_a_callback_that_raises_does_not_stop_the_monitor(vpcd, personalised):
    seen = threading.Event()

    def broken(reader, atr):
        seen.set()
        raise RuntimeError("subscriber bug")

    events = Events()
    with CardMonitor(on_card_inserted=broken), events.monitor():
        vcard = vpcd.insert(personalised(), 1, wait=False)
        events.expect("card+", READER_1)
        assert seen.wait(TIMEOUT)
        vpcd.remove(vcard, wait=False)
        events.expect("card-", READER_1)


def test_a_card_pulled_during_a_write_through_vpcd_is_the_old_or_the_new_card(vpcd, personalised, card_signer, card_keys):
    new = demo_content(name="广州市华盛贸易集团有限公司")
    base = personalised()
    probe = from_image(to_image(base))
    first = probe.apdu_count
    assert rewrite_card(probe, new, signer=card_signer, keys=card_keys, pin=DEMO_PIN).ok
    log = probe.log[first:]
    updates = [i for i, apdu in enumerate(log) if apdu[1] == 0xD6]
    # before the write, inside the slot's chunks, just before and just after the marker
    sample = sorted({3, updates[1], updates[-2], updates[-2] + 1, len(log) - 2})
    outcomes = []
    for n in sample:
        card = from_image(to_image(base))
        card.tear_after(n)
        vcard = vpcd.insert(card, 0)
        with PcscTransport(READER_0) as reader:
            result = rewrite_card(reader, new, signer=card_signer, keys=card_keys, pin=DEMO_PIN)
        assert not result.ok and result.interrupted, (n, result.message)
        assert vcard.closed.wait(TIMEOUT)
        vpcd.remove(vcard)  # pcscd has seen the card go
        vpcd.insert(card, 0)
        with PcscTransport(READER_0) as reader:
            after = read_card(reader, card_keys)
        assert after.verdict is Verdict.VALID and after.content in (demo_content(), new), (n, after.message)
        outcomes.append(after.content == new)
        vpcd.close()
    assert outcomes[0] is False and outcomes[-1] is True


def test_pcscd_restart_removes_and_brings_back_the_readers(pcsc_daemon, vpcd, personalised):
    events = Events()
    services = queue.Queue()
    with events.monitor(on_service=lambda up, msg: services.put((up, msg))):
        events.expect("reader+", READER_0)
        events.expect("reader+", READER_1)
        assert services.get(timeout=TIMEOUT) == (True, "")
        pcsc_daemon.stop()
        events.expect("reader-", READER_0)
        events.expect("reader-", READER_1)
        up, message = services.get(timeout=TIMEOUT)
        assert not up and "pcscd" in message

        # a pcscd killed hard leaves its files behind: the next start copes with them
        PID_FILE.parent.mkdir(parents=True, exist_ok=True)
        PID_FILE.write_text("4194303\n")
        SOCKET_FILE.touch()
        pcsc_daemon.start()
        events.expect("reader+", READER_0, timeout=10)
        events.expect("reader+", READER_1, timeout=10)
        assert services.get(timeout=TIMEOUT) == (True, "")
        vpcd.insert(personalised(), 0, wait=False)
        events.expect("card+", READER_0)
    assert set(VPCD_READERS) <= set(list_readers())
