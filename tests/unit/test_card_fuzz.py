"""Fuzzing (hypothesis): random and mutated card contents, random status words and garbage
responses never crash reading or writing; they give DAMAGED or FORGED (never a VALID card with
content that was not written)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iccard import Verdict, layout, make_card, read_card, rewrite_card
from iccard.card_reader import INTERNAL_ERROR
from iccard.signature import demo_keys, demo_signer
from iccard.virtual import DEMO_PIN, blank_card
from iccard.virtual.demo import demo_content
from iccard.virtual.enterprise import from_image, to_image

KEYS = demo_keys()
SIGNER = demo_signer()
CONTENT = demo_content()
NEW = demo_content(name="广州市华盛贸易集团有限公司")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_valid = blank_card(bytes.fromhex("1122334455667788"))
assert make_card(_valid, CONTENT, signer=SIGNER, keys=KEYS, pin=DEMO_PIN).ok
VALID_IMAGE = to_image(_valid)
FILES = [layout.PATH_SERIAL, layout.PATH_MARKER, *layout.PATH_SLOTS]


def valid_card():
    return from_image(VALID_IMAGE)


def check(result, allowed_content=(CONTENT,)):
    assert result.message != INTERNAL_ERROR
    assert isinstance(result.verdict, Verdict)
    if result.verdict is Verdict.VALID:
        assert result.content in allowed_content


@FUZZ
@given(
    marker=st.binary(max_size=16),
    slot_a=st.binary(max_size=600),
    slot_b=st.binary(max_size=600),
    serial=st.binary(max_size=18),
)
def test_random_card_contents_are_damaged_or_forged(marker, slot_a, slot_b, serial):
    card = blank_card()
    for path, data in zip(FILES, (serial, marker, slot_a, slot_b)):
        ef = card.ef(*path)
        ef.data[: len(data)] = data
    result = read_card(card, KEYS)
    check(result, allowed_content=())
    assert result.verdict in (Verdict.DAMAGED, Verdict.FORGED, Verdict.BLANK, Verdict.UNKNOWN_VERSION)


@st.composite
def mutations(draw):
    """A list of (file index, offset, operation, bytes) changes to a valid card."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        f = draw(st.sampled_from([1, 2, 2, 2, 3]))  # mostly the active slot
        size = layout.MARKER_SIZE if f == 1 else 700
        out.append((f, draw(st.integers(0, size - 1)), draw(st.sampled_from(["flip", "set", "splice", "zero"])), draw(st.binary(min_size=1, max_size=40))))
    return out


@FUZZ
@given(changes=mutations())
def test_mutated_valid_cards_never_read_valid_with_other_content(changes):
    card = valid_card()
    for f, offset, op, data in changes:
        ef = card.ef(*FILES[f])
        if op == "flip":
            ef.data[offset] ^= data[0] or 1
        elif op == "set":
            ef.data[offset : offset + len(data)] = data[: ef.size - offset]
        elif op == "zero":
            ef.data[offset : offset + len(data)] = bytes(min(len(data), ef.size - offset))
        else:  # bytes inserted: everything after shifts
            tail = bytes(ef.data[offset:])
            ef.data[offset:] = (data + tail)[: ef.size - offset]
    result = read_card(card, KEYS)
    check(result)
    if result.verdict is not Verdict.VALID:
        assert result.verdict in (Verdict.DAMAGED, Verdict.FORGED, Verdict.BLANK, Verdict.UNKNOWN_VERSION, Verdict.UNKNOWN_KEY)


class FaultyReader:
    """Replaces the response to APDU number ``at`` with ``response``."""

    def __init__(self, card, at, response):
        self.card, self.at, self.response, self.n = card, at, response, 0

    def transmit(self, apdu):
        real = self.card.transmit(apdu)
        self.n += 1
        return self.response if self.n == self.at else real


status_word = st.integers(0, 0xFFFF).map(lambda sw: sw.to_bytes(2, "big"))
response = st.one_of(status_word, st.tuples(st.binary(max_size=300), status_word).map(b"".join), st.binary(max_size=3))


@FUZZ
@given(at=st.integers(1, 8), answer=response)
def test_random_status_words_and_garbage_responses_while_reading(at, answer):
    result = read_card(FaultyReader(valid_card(), at, answer), KEYS)
    check(result)
    if answer[-2:] not in (b"\x90\x00", b"\x62\x82") and result.verdict is not Verdict.VALID:
        assert result.verdict in (Verdict.DAMAGED, Verdict.FORGED, Verdict.BLANK, Verdict.UNKNOWN_VERSION, Verdict.UNKNOWN_KEY)


@settings(max_examples=80, deadline=None)
@given(at=st.integers(1, 40), answer=response)
def test_random_status_words_while_writing_leave_the_old_or_the_new_card(at, answer):
    card = valid_card()
    result = rewrite_card(FaultyReader(card, at, answer), NEW, signer=SIGNER, keys=KEYS, pin=DEMO_PIN)
    assert isinstance(result.message, str) and result.message
    card.reset()
    after = read_card(card, KEYS)
    check(after, allowed_content=(CONTENT, NEW))
    assert after.verdict is Verdict.VALID, after.message
    if result.ok:
        assert after.content == NEW
