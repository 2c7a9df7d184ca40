"""Making, rewriting and reading enterprise cards in-process (card_writer.py, card_reader.py):
verdicts for valid, blank, forged, copied, damaged and unknown cards, and the write rules."""

import dataclasses

import pytest

from iccard import Verdict, layout, make_card, read_card, rewrite_card, signature
from iccard.iso7816 import CardChannel
from iccard.virtual import DEMO_PIN, blank_card
from iccard.virtual.demo import demo_content


def write(card, content, signer, keys, **kw):
    result = make_card(card, content, signer=signer, keys=keys, pin=kw.pop("pin", DEMO_PIN), **kw)
    card.reset()
    return result


def active_slot_ef(card):
    marker = layout.parse_marker(bytes(card.ef(*layout.PATH_MARKER).data))
    return card.ef(*layout.PATH_SLOTS[marker.slot])


def test_a_blank_card_reads_blank_with_its_serial(card_keys):
    card = blank_card(bytes.fromhex("00112233445566FF"))
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.BLANK and result.serial == "00112233445566FF"
    assert "空白卡" in result.message and result.content is None


def test_make_then_read_gives_the_content_and_valid(card_signer, card_keys, card_content):
    card = blank_card()
    made = write(card, card_content, card_signer, card_keys)
    assert made.ok, made.message
    assert made.message == "制卡成功，已读回核验" and made.slot == "A" and made.write_sequence == 1
    assert made.read_back.is_valid and made.stats.count == made.stats.as_dict()["apdus"] > 10
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.VALID and result.verdict.trusted
    assert result.content == card_content and result.serial == made.serial
    assert (result.card_generation, result.credit_code) == (1, card_content.enterprise.credit_code)
    assert result.key_id == signature.DEMO_KEY_ID and result.layout_version == 1
    assert result.stats.count == 7  # SELECT+READ serial, SELECT+READ marker, SELECT + 2 READ slot


def test_rewrite_switches_slots_and_retires_the_old_one(card_signer, card_keys, card_content, personalised):
    card = personalised(card_content)
    renamed = demo_content(name="广州市华盛贸易集团有限公司", address="广州市天河区天河路385号")
    for n, slot in ((2, "B"), (3, "A"), (4, "B")):
        result = rewrite_card(card, renamed, signer=card_signer, keys=card_keys, pin=DEMO_PIN)
        card.reset()
        assert result.ok and result.slot == slot and result.write_sequence == n, result.message
        assert result.message == "卡片已改写，已读回核验"
    old = card.ef(*layout.PATH_SLOTS[0])
    assert bytes(old.data[: layout.HEADER_SIZE]) == bytes(layout.HEADER_SIZE)
    assert read_card(card, card_keys).content == renamed


def test_make_refuses_a_card_that_is_not_blank_unless_overwriting(card_signer, card_keys, personalised):
    card = personalised()
    refused = write(card, demo_content(name="另一家公司"), card_signer, card_keys)
    assert not refused.ok and "不是空白卡" in refused.message
    assert read_card(card, card_keys).content == demo_content()
    assert write(card, demo_content(name="另一家公司"), card_signer, card_keys, overwrite=True).ok


def test_rewrite_refuses_another_enterprise_and_blank_cards(card_signer, card_keys, personalised):
    other = demo_content(credit_code="91440106MA5D0E1X2D")
    result = rewrite_card(personalised(), other, signer=card_signer, keys=card_keys, pin=DEMO_PIN)
    assert not result.ok and "不同" in result.message
    result = rewrite_card(blank_card(), other, signer=card_signer, keys=card_keys, pin=DEMO_PIN)
    assert not result.ok and "只能修改有效的企业卡" in result.message


def test_a_wrong_pin_leaves_the_card_as_it_was_and_says_how_many_tries_are_left(card_signer, card_keys):
    card = blank_card()
    result = write(card, demo_content(), card_signer, card_keys, pin=b"0000")
    assert not result.ok and result.message == "写卡口令错误，还可尝试 2 次"
    assert read_card(card, card_keys).verdict is Verdict.BLANK
    card.pin_tries_left = 0
    assert "已锁定" in write(card, demo_content(), card_signer, card_keys).message


def test_content_too_large_for_the_vendor_s_file_is_refused_before_writing(card_signer, card_keys):
    card = blank_card(slot_size=300)
    result = write(card, demo_content(), card_signer, card_keys)
    assert not result.ok and "企业信息过长" in result.message and "300" in result.message
    assert read_card(card, card_keys).verdict is Verdict.BLANK


def test_invalid_content_is_refused_without_touching_the_card(card_signer, card_keys):
    card = blank_card()
    result = write(card, demo_content(name=" "), card_signer, card_keys)
    assert not result.ok and "名称不能为空" in result.message and result.stats.count == 0


def test_a_signer_unknown_to_the_key_table_is_refused(card_keys):
    card = blank_card()
    stranger = signature.EcdsaP256Signer.generate("GZ-NEW")
    result = write(card, demo_content(), stranger, card_keys)
    assert not result.ok and "签名无法核验" in result.message
    assert read_card(card, card_keys).verdict is Verdict.BLANK


def test_one_altered_byte_in_the_data_reads_as_forged(card_keys, personalised):
    card = personalised()
    ef = active_slot_ef(card)
    raw = bytes(ef.data)
    used = layout.image_length(raw)
    body_start = layout.HEADER_SIZE
    body_end = body_start + int.from_bytes(raw[10:12], "big")
    for i in range(used):
        ef.data[i] ^= 0x20
        result = read_card(card, card_keys)
        ef.data[i] ^= 0x20
        assert result.verdict is not Verdict.VALID, i
        if body_start <= i < body_end:
            assert result.verdict is Verdict.FORGED, (i, result.message)
    assert read_card(card, card_keys).is_valid


def test_a_changed_name_keeps_the_claimed_content_visible_but_forged(card_keys, personalised):
    card = personalised()
    ef = active_slot_ef(card)
    raw = bytes(ef.data)
    name = demo_content().enterprise.name.encode()
    at = raw.index(name)
    ef.data[at : at + 3] = "东".encode()  # 广 -> 东: same length, different company
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.FORGED and "被改动" in result.message


def test_content_copied_onto_a_card_with_another_serial_reads_as_forged(card_keys, personalised):
    original = personalised()
    copy = blank_card(bytes.fromhex("DEADBEEF00000001"))
    for path in (layout.PATH_MARKER, *layout.PATH_SLOTS):
        copy.ef(*path).data[:] = original.ef(*path).data
    result = read_card(copy, card_keys)
    assert result.verdict is Verdict.FORGED and "复制卡" in result.message
    assert result.serial == "DEADBEEF00000001"
    assert result.content == demo_content()  # shows whom it claims to be, untrusted


def test_a_card_signed_by_another_key_under_the_issuer_s_key_id_is_forged(card_keys):
    card = blank_card()
    impostor = signature.EcdsaP256Signer.generate(signature.DEMO_KEY_ID)
    write(card, demo_content(), impostor, signature.demo_keys(impostor))
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.FORGED and "签名验证失败" in result.message


def test_an_unknown_issuing_key_cannot_be_verified(card_signer):
    card = blank_card()
    other = signature.EcdsaP256Signer.generate("GZ-2031-07")
    assert write(card, demo_content(), other, signature.demo_keys(other)).ok
    result = read_card(card, signature.demo_keys(card_signer))
    assert result.verdict is Verdict.UNKNOWN_KEY and "GZ-2031-07" in result.message
    assert result.content == demo_content() and not result.verdict.trusted


def test_a_card_from_a_newer_layout_reads_as_unknown_version(card_keys, personalised):
    card = personalised()
    active_slot_ef(card).data[4] = 9
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.UNKNOWN_VERSION and "版本 9" in result.message


def test_pointing_the_marker_back_at_the_old_slot_does_not_revive_it(card_signer, card_keys, personalised):
    card = personalised()
    assert rewrite_card(card, demo_content(name="新名称有限公司"), signer=card_signer, keys=card_keys, pin=DEMO_PIN).ok
    card.ef(*layout.PATH_MARKER).data[:10] = layout.encode_marker(layout.Marker(0, 1))
    assert read_card(card, card_keys).verdict is Verdict.DAMAGED  # slot A was retired


def test_a_marker_whose_sequence_does_not_match_its_slot_is_forged(card_keys, personalised):
    card = personalised()
    card.ef(*layout.PATH_MARKER).data[:10] = layout.encode_marker(layout.Marker(0, 5))
    assert read_card(card, card_keys).verdict is Verdict.FORGED


def test_a_garbled_marker_falls_back_to_the_newest_valid_slot(card_keys, personalised):
    card = personalised()
    card.ef(*layout.PATH_MARKER).data[5] ^= 0xFF
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.VALID and "激活标记损坏" in result.message


def test_a_card_without_our_files_is_damaged_not_an_error(card_keys):
    card = blank_card()
    del card.mf.children[layout.DF_APP]
    assert "DF 4844" in read_card(card, card_keys).message
    del card.mf.children[layout.EF_SERIAL]
    result = read_card(card, card_keys)
    assert result.verdict is Verdict.DAMAGED and "序列号" in result.message


@pytest.mark.parametrize(
    "options, extra",
    [
        ({"t0": True}, "GET RESPONSE"),  # the write's SELECT with FCP is a case-4 command
        ({"strict_le": True}, "READ BINARY"),  # the serial file is shorter than asked: 6Cxx
        ({"defer_all": True, "get_response_limit": 50}, "GET RESPONSE"),
    ],
)
def test_make_and_read_work_on_cards_that_answer_61xx_and_6cxx(options, extra, card_signer, card_keys):
    card = blank_card(**options)
    made = write(card, demo_content(), card_signer, card_keys)
    assert made.ok, made.message
    result = read_card(card, card_keys)
    assert result.is_valid
    plain = blank_card()
    plain_made = write(plain, demo_content(), card_signer, card_keys)
    assert made.stats.by_ins[extra] > plain_made.stats.by_ins[extra]


def test_small_reader_buffers_only_cost_more_apdus(card_signer, card_keys):
    card = blank_card()
    channel = CardChannel(card, max_read=64, max_write=48)
    assert make_card(channel, demo_content(), signer=card_signer, keys=card_keys, pin=DEMO_PIN).ok
    result = read_card(CardChannel(card, max_read=64), card_keys)
    assert result.is_valid and result.stats.by_ins["READ BINARY"] > 4


class CorruptingTransport:
    """A reader that garbles one byte of every UPDATE BINARY to the slots (a bad contact)."""

    def __init__(self, card):
        self.card = card

    def transmit(self, apdu: bytes) -> bytes:
        if apdu[1] == 0xD6 and len(apdu) > 20:
            apdu = apdu[:-1] + bytes((apdu[-1] ^ 1,))
        return self.card.transmit(apdu)


def test_a_write_that_does_not_read_back_is_reported_and_the_card_keeps_its_old_content(card_signer, card_keys, personalised):
    card = personalised()
    result = rewrite_card(CorruptingTransport(card), demo_content(name="新名称有限公司"), signer=card_signer, keys=card_keys, pin=DEMO_PIN)
    assert not result.ok and "写入校验失败" in result.message
    card.reset()
    assert read_card(card, card_keys).content == demo_content()


def test_the_result_changes_nothing_in_the_content_dataclasses(card_keys, personalised):
    result = read_card(personalised(), card_keys)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.content.enterprise.name = "x"  # type: ignore[misc]
