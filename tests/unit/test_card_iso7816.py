"""ISO 7816-4 commands (iccard/iso7816.py) against the in-process virtual card: SELECT by
file id and path, READ/UPDATE BINARY in chunks at any offset, VERIFY, GET RESPONSE on 61xx and
the re-send on 6Cxx."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iccard import layout
from iccard.errors import CardRemovedError, PinError, StatusWordError
from iccard.iso7816 import CardChannel, parse_fcp_size
from iccard.virtual import DEMO_PIN, blank_card


def channel(card=None, **kw):
    return CardChannel(card or blank_card(), **kw)


def test_select_by_path_and_by_file_id_reach_the_same_file():
    card = blank_card(b"\x01\x02\x03\x04")
    ch = channel(card)
    ch.select_path(layout.PATH_SERIAL)
    assert ch.read_binary(0, 6) == b"\x5a\x04\x01\x02\x03\x04"
    ch.select_file(0x3F00)
    ch.select_file(layout.DF_APP)
    fcp = ch.select_file(layout.EF_SLOTS[1], fcp=True)
    assert parse_fcp_size(fcp) == layout.SLOT_SIZE
    assert card.current_ef is card.ef(*layout.PATH_SLOTS[1])
    assert ch.select_path(layout.PATH_MARKER) == b""  # P2=0C: no FCP
    ch.select_path([layout.DF_APP, layout.EF_SLOTS[0]], from_mf=True)
    assert card.current_ef is card.ef(*layout.PATH_SLOTS[0])


def test_select_of_a_missing_file_says_file_not_found():
    with pytest.raises(StatusWordError) as e:
        channel().select_path((0x3F00, 0x4844, 0x0F0F))
    assert e.value.sw == 0x6A82 and "文件未找到" in e.value.message


@pytest.mark.parametrize("max_read, max_write", [(256, 255), (100, 64), (7, 3)])
@pytest.mark.parametrize("offset", [0, 1, 255, 256, 1000])
def test_update_and_read_binary_in_chunks_at_offsets(offset, max_read, max_write):
    card = blank_card()
    ch = channel(card, max_read=max_read, max_write=max_write)
    data = bytes(range(256)) * 3
    data = data[: min(len(data), layout.SLOT_SIZE - offset)]
    ch.select_path(layout.PATH_SLOTS[0])
    ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    before = ch.stats.count
    ch.update_binary(offset, data)
    assert ch.stats.count - before == -(-len(data) // max_write)
    assert bytes(card.ef(*layout.PATH_SLOTS[0]).data[offset : offset + len(data)]) == data
    assert ch.read_binary(offset, len(data)) == data


def test_read_binary_stops_at_the_end_of_the_file():
    ch = channel()
    ch.select_path(layout.PATH_MARKER)
    assert len(ch.read_binary(0, 1000)) == layout.MARKER_SIZE  # 6282: end of file
    assert len(ch.read_binary(10, 100)) == layout.MARKER_SIZE - 10
    with pytest.raises(StatusWordError) as e:
        ch.read_binary(layout.MARKER_SIZE + 1, 1)
    assert e.value.sw == 0x6B00


def test_6cxx_is_answered_by_resending_with_the_right_le():
    card = blank_card(strict_le=True)
    ch = channel(card)
    ch.select_path(layout.PATH_SERIAL)
    assert ch.read_binary(0, 200) == layout.encode_serial(layout.parse_serial(bytes(card.ef(*layout.PATH_SERIAL).data)))
    assert ch.stats.by_ins["READ BINARY"] == 2  # 6C0A, then Le=0A
    assert card.log[-2][-1] == 200 and card.log[-1][-1] == len(card.ef(*layout.PATH_SERIAL).data)


@pytest.mark.parametrize("limit", [256, 100, 17])
def test_61xx_is_answered_with_get_response_until_all_data_is_in(limit):
    card = blank_card(defer_all=True, get_response_limit=limit)
    ch = channel(card)
    ch.select_path(layout.PATH_SLOTS[0])
    ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    ch.update_binary(0, bytes(range(200)))
    before = ch.stats.by_ins["GET RESPONSE"]
    assert ch.read_binary(0, 200) == bytes(range(200))
    assert ch.stats.by_ins["GET RESPONSE"] - before == -(-200 // limit)


def test_t0_card_returns_the_fcp_of_a_case_4_select_through_get_response():
    card = blank_card(t0=True)
    ch = channel(card)
    fcp = ch.select_path(layout.PATH_SLOTS[0], fcp=True)
    assert parse_fcp_size(fcp) == layout.SLOT_SIZE
    assert ch.stats.by_ins == {"SELECT": 1, "GET RESPONSE": 1}
    assert card.atr.startswith(b"\x3b")


def test_update_binary_needs_the_pin_and_the_serial_file_is_read_only():
    ch = channel()
    ch.select_path(layout.PATH_SLOTS[0])
    with pytest.raises(StatusWordError) as e:
        ch.update_binary(0, b"x")
    assert e.value.sw == 0x6982 and "安全状态不满足" in e.value.message
    ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    ch.update_binary(0, b"x")
    ch.select_path(layout.PATH_SERIAL)
    with pytest.raises(StatusWordError):
        ch.update_binary(0, b"\x5a")


def test_writing_past_the_end_of_a_file_is_refused():
    ch = channel()
    ch.select_path(layout.PATH_MARKER)
    ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    with pytest.raises(StatusWordError) as e:
        ch.update_binary(layout.MARKER_SIZE - 2, b"abc")
    assert e.value.sw == 0x6A84


def test_wrong_pins_count_down_and_block():
    card = blank_card()
    ch = channel(card)
    ch.select_path(layout.PATH_MARKER)
    assert ch.pin_tries_left(reference=layout.PIN_REFERENCE) == 3
    for left in (2, 1, 0):
        with pytest.raises(PinError) as e:
            ch.verify(b"00000000", reference=layout.PIN_REFERENCE)
        assert e.value.tries_left == left
    with pytest.raises(PinError) as e:
        ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    assert e.value.tries_left == 0 and e.value.sw == 0x6983


def test_a_good_pin_resets_the_counter_and_reset_forgets_it():
    card = blank_card()
    ch = channel(card)
    ch.select_path(layout.PATH_MARKER)
    with pytest.raises(PinError):
        ch.verify(b"bad", reference=layout.PIN_REFERENCE)
    ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    assert ch.pin_tries_left(reference=layout.PIN_REFERENCE) is None  # verified
    assert card.pin_tries_left == 3
    card.reset()
    ch.select_path(layout.PATH_MARKER)
    assert ch.pin_tries_left(reference=layout.PIN_REFERENCE) == 3


def test_unknown_instructions_and_classes_get_their_status_words():
    card = blank_card()
    assert card.transmit(bytes.fromhex("00CA9F7F00"))[-2:] == b"\x6d\x00"
    assert card.transmit(bytes.fromhex("80B0000010"))[-2:] == b"\x6e\x00"
    assert card.transmit(b"\x00")[-2:] == b"\x67\x00"
    assert card.transmit(bytes.fromhex("00C0000010"))[-2:] == b"\x69\x85"  # nothing pending


def test_a_torn_card_raises_card_removed_until_reinserted():
    card = blank_card()
    ch = channel(card)
    card.tear_after(1)
    ch.select_path(layout.PATH_SERIAL)
    with pytest.raises(CardRemovedError):
        ch.read_binary(0, 4)
    with pytest.raises(CardRemovedError):
        ch.select_path(layout.PATH_SERIAL)
    card.reinsert()
    ch.select_path(layout.PATH_SERIAL)


@settings(max_examples=60, deadline=None)
@given(offset=st.integers(0, layout.SLOT_SIZE - 1), data=st.binary(min_size=1, max_size=600), read=st.integers(1, 256), write=st.integers(1, 255))
def test_chunked_writes_and_reads_agree_for_any_offset_and_chunk_size(offset, data, read, write):
    data = data[: layout.SLOT_SIZE - offset]
    card = blank_card(serial=b"\x01")
    ch = channel(card, max_read=read, max_write=write)
    ch.select_path(layout.PATH_SLOTS[1])
    ch.verify(DEMO_PIN, reference=layout.PIN_REFERENCE)
    ch.update_binary(offset, data)
    assert ch.read_binary(offset, len(data)) == data
