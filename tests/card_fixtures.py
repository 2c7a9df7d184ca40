"""Card fixtures: the real PC/SC stack (pcscd + vsmartcard-vpcd) and virtual cards.

Registered in tests/conftest.py through ``pytest_plugins``.

Fixtures
  pcsc_daemon     session: pcscd started once in the foreground (iccard.stack.PcscDaemon),
                  stopped by PID at the end; a test that stops it gets it back in the next one.
                  Without pcscd/vpcd (or pyscard, or the right to start pcscd): fail, naming
                  what is missing (scripts/install-system-packages.sh installs it).
  vpcd            function: insert(card, reader=0) -> VpcdCard, inserted and seen by pcscd;
                  remove(vcard) pulls it out and waits until pcscd has seen that. Every card
                  still inserted is pulled out when the test ends (threads, not processes).
  card_signer     the demo issuing key (iccard.signature.demo_signer)
  card_keys       a KeyTable with the demo key
  card_content    the sample enterprise (iccard.virtual.demo.demo_content)
  blank           blank(**options) -> a new blank VirtualCard (random serial)
  personalised    personalised(content=None, **options) -> a VirtualCard holding a valid card
"""

from __future__ import annotations

import warnings


import pytest

from iccard import signature
from iccard.card_writer import make_card
from iccard.virtual import DEMO_PIN, VpcdCard, blank_card
from iccard.virtual.demo import demo_content

EVENT_TIMEOUT = 5.0  # pcscd sees vpcd's card within ~0.4 s; 5 s means something is wrong


def _unavailable(text: str):
    pytest.fail(text, pytrace=False)


@pytest.fixture(scope="session")
def _pcsc_session():
    try:
        from iccard.stack import PcscDaemon, StackError, missing_parts  # pyscard: only here
    except ImportError as e:
        _unavailable(f"pyscard is not importable ({e}): run scripts/bootstrap.sh")
    missing = missing_parts()
    if missing:
        _unavailable("PC/SC stack not installed (" + ", ".join(missing) + "): run scripts/install-system-packages.sh")
    try:
        daemon = PcscDaemon().start()
    except (StackError, OSError) as e:  # e.g. not root: pcscd cannot create /run/pcscd
        _unavailable(f"pcscd could not be started: {e}")
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def pcsc_daemon(_pcsc_session):
    if not _pcsc_session.running:  # a previous test stopped it
        _pcsc_session.start()
    return _pcsc_session


class VpcdSlots:
    """Inserts virtual cards into vpcd's readers and waits for pcscd to notice (events, not
    sleeps)."""

    def __init__(self):
        self.inserted: list[VpcdCard] = []

    def insert(self, card, reader: int = 0, *, wait: bool = True) -> VpcdCard:
        from iccard.pcsc_transport import wait_for_card
        from iccard.virtual import reader_name

        name = reader_name(reader)
        # The previous card's removal must have been seen, or pcscd may miss the swap.
        assert wait_for_card(name, present=False, timeout=EVENT_TIMEOUT), f"{name} still holds a card"
        vcard = VpcdCard(card, reader=reader).insert()
        self.inserted.append(vcard)
        if wait and not wait_for_card(name, present=True, timeout=EVENT_TIMEOUT):
            # Seen twice (2026-12-07), both times in test_cards.py's loss test in a full GUI run,
            # never with the card tests alone: vpcd had taken the connection and pcscd never
            # reported the card (cause not found). The harness pulls the card and puts it in
            # again, as a clerk would; a second miss fails the test. Said in the pytest output.
            warnings.warn(f"pcscd did not see the card in {name} within {EVENT_TIMEOUT} s: inserted again")
            vcard.remove()
            assert wait_for_card(name, present=False, timeout=EVENT_TIMEOUT), f"{name} still holds a card"
            vcard = VpcdCard(card, reader=reader).insert()
            self.inserted.append(vcard)
            assert wait_for_card(name, present=True, timeout=EVENT_TIMEOUT), f"pcscd did not see the card in {name}"
        return vcard

    def remove(self, vcard: VpcdCard, *, wait: bool = True) -> None:
        from iccard.pcsc_transport import wait_for_card

        vcard.remove()
        if wait:
            assert wait_for_card(vcard.reader_name, present=False, timeout=EVENT_TIMEOUT)

    def close(self) -> None:
        """Pull every card out and wait until pcscd has seen it (the next test starts clean)."""
        from iccard.pcsc_transport import wait_for_card

        for vcard in self.inserted:
            vcard.remove()
        for name in {v.reader_name for v in self.inserted}:
            wait_for_card(name, present=False, timeout=EVENT_TIMEOUT)
        self.inserted.clear()


@pytest.fixture
def vpcd(pcsc_daemon):
    slots = VpcdSlots()
    yield slots
    slots.close()


@pytest.fixture(scope="session")
def card_signer():
    return signature.demo_signer()


@pytest.fixture(scope="session")
def card_keys(card_signer):
    return signature.demo_keys(card_signer)


@pytest.fixture
def card_content():
    return demo_content()


@pytest.fixture
def blank():
    return blank_card


@pytest.fixture
def personalised(card_signer, card_keys):
    def make(content=None, **options):
        card = blank_card(**options)
        result = make_card(card, content or demo_content(), signer=card_signer, keys=card_keys, pin=DEMO_PIN)
        assert result.ok, result.message
        card.reset()
        return card

    return make
