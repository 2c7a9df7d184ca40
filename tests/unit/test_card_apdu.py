"""APDU encoding and decoding (iccard/apdu.py) and status-word messages (status_words.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iccard.apdu import CommandAPDU, ResponseAPDU
from iccard.errors import ApduFormatError, PinError, StatusWordError
from iccard.status_words import describe, pin_tries_left

byte = st.integers(0, 255)


def test_the_four_short_cases_encode_as_iso_7816_4_says():
    assert CommandAPDU(0x00, 0xA4, 0x00, 0x0C).encode() == bytes.fromhex("00A4000C")
    assert CommandAPDU(0x00, 0xB0, 0x01, 0x02, le=16).encode() == bytes.fromhex("00B0010210")
    assert CommandAPDU(0x00, 0xB0, 0x00, 0x00, le=256).encode() == bytes.fromhex("00B0000000")
    assert CommandAPDU(0x00, 0xD6, 0x00, 0x10, b"\x01\x02").encode() == bytes.fromhex("00D60010020102")
    assert CommandAPDU(0x00, 0xA4, 0x08, 0x04, b"\x48\x44", 256).encode() == bytes.fromhex("00A40804024844" "00")


@given(cla=byte, ins=byte, p1=byte, p2=byte, data=st.binary(max_size=255), le=st.none() | st.integers(1, 256))
def test_command_apdu_round_trips(cla, ins, p1, p2, data, le):
    cmd = CommandAPDU(cla, ins, p1, p2, data, le)
    assert CommandAPDU.decode(cmd.encode()) == cmd


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\xa4\x00", bytes.fromhex("00D6000003AABB"), bytes.fromhex("00D60000000001"), bytes.fromhex("00D6000001AABBCC")],
)
def test_malformed_command_apdus_are_format_errors(raw):
    with pytest.raises(ApduFormatError):
        CommandAPDU.decode(raw)


def test_command_apdu_refuses_what_a_short_apdu_cannot_carry():
    with pytest.raises(ValueError):
        CommandAPDU(0, 0xD6, 0, 0, bytes(256))
    with pytest.raises(ValueError):
        CommandAPDU(0, 0xB0, 0, 0, le=257)
    with pytest.raises(ValueError):
        CommandAPDU(0x100, 0xB0, 0, 0)


def test_response_apdu_splits_data_and_status_word():
    resp = ResponseAPDU.decode(b"\x01\x02\x90\x00")
    assert (resp.data, resp.sw, resp.ok) == (b"\x01\x02", 0x9000, True)
    assert ResponseAPDU.decode(b"\x6a\x82").sw == 0x6A82
    assert ResponseAPDU.status(0x6282, b"x").encode() == b"x\x62\x82"
    with pytest.raises(ApduFormatError):
        ResponseAPDU.decode(b"\x90")


@pytest.mark.parametrize(
    "sw, text",
    [
        (0x9000, "操作成功"),
        (0x6982, "安全状态不满足"),
        (0x6A82, "文件未找到"),
        (0x63C2, "口令错误，还可尝试 2 次"),
        (0x63C0, "口令已锁定"),
        (0x6983, "口令已锁定"),
        (0x6B00, "偏移量超出文件范围"),
        (0x6A84, "文件空间不足"),
        (0x6110, "还有 16 字节"),
        (0x6C08, "卡片可返回 8 字节"),
        (0x6D00, "不支持该指令"),
        (0x6E00, "指令类别"),
        (0x6700, "长度错误"),
    ],
)
def test_status_words_have_clear_chinese_messages(sw, text):
    assert text in describe(sw)


@given(st.integers(0, 0xFFFF))
def test_every_status_word_has_a_chinese_message(sw):
    text = describe(sw)
    assert text and any("\u4e00" <= c <= "\u9fff" for c in text)


def test_pin_tries_left_from_status_words():
    assert pin_tries_left(0x63C2) == 2
    assert pin_tries_left(0x6983) == 0
    assert pin_tries_left(0x9000) is None


def test_status_word_errors_carry_the_code_and_the_message():
    err = StatusWordError(0x6A82, "SELECT 0800")
    assert err.sw == 0x6A82 and "文件未找到" in err.message and "6A82" in err.message
    assert PinError(0x63C1, 1).tries_left == 1
