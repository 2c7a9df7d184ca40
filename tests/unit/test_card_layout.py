"""The card layout's encodings (iccard/layout.py) and the issuer's signature
(iccard/signature.py)."""

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iccard import layout, signature
from iccard.layout import LayoutError, Marker
from iccard.virtual.demo import demo_content

SERIAL = bytes.fromhex("0102030405060708")


def image(content=None, seq=1, signer=None, serial=SERIAL):
    signer = signer or signature.demo_signer()
    signed = layout.signed_part(serial, content or demo_content(), seq, signer.key_id, signer.algorithm, signer.signature_length)
    return layout.finish_slot(signed, signer.sign(signature.signing_input(signed)))


def test_body_round_trips_with_the_serial_it_was_written_for():
    content = demo_content()
    serial, back = layout.decode_body(layout.encode_body(SERIAL, content))
    assert serial == SERIAL and back == content


text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x7f"), min_size=1, max_size=80).filter(str.strip)
code = st.text(st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"), min_size=1, max_size=12)
date = st.dates(dt.date(1949, 10, 1), dt.date(2099, 12, 31))


@settings(max_examples=80, deadline=None)
@given(
    name=text, kind=text, rep=text, address=text, office=text, operator=text, kind_code=code, office_code=code,
    credit=st.text(st.sampled_from("0123456789ABCDEFGHJKLMNPQRTUWXY"), min_size=18, max_size=18),
    established=date, approved=date, issued=date, generation=st.integers(0, 0xFFFF),
    serial=st.binary(min_size=1, max_size=16),
)
def test_any_registration_data_round_trips(name, kind, rep, address, office, operator, kind_code, office_code, credit, established, approved, issued, generation, serial):
    content = demo_content(
        credit_code=credit, name=name, kind_label=kind, kind_code=kind_code, legal_representative=rep, address=address,
        office_code=office_code, office_name=office, established=established, approved=approved,
        issue_date=issued, operator=operator, card_generation=generation,
    )
    assert layout.decode_body(layout.encode_body(serial, content)) == (serial, content)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"name": ""}, "名称不能为空"),
        ({"credit_code": "123"}, "统一社会信用代码"),
        ({"credit_code": "91440104MA59UJ9X7１"}, "统一社会信用代码"),
        ({"kind_code": "一一"}, "类型代码"),
        ({"address": "广州\x00市"}, "住所含有控制字符"),
        ({"card_generation": -1}, "卡序号"),
    ],
)
def test_content_that_cannot_go_on_a_card_is_refused_in_chinese(change, message):
    with pytest.raises(LayoutError) as e:
        layout.encode_body(SERIAL, demo_content(**change))
    assert message in e.value.message


def test_cjk_extension_b_names_survive_the_card():
    content = demo_content(legal_representative="\U00020B9F国强", name="广州市\U0002A6A5记餐饮店")
    assert layout.decode_body(layout.encode_body(SERIAL, content))[1] == content


def test_slot_image_parses_back_and_its_signature_verifies():
    raw = image(seq=7)
    slot = layout.parse_slot(raw + bytes(100))  # trailing EF bytes are not part of the image
    assert slot.write_sequence == 7 and slot.version == layout.LAYOUT_VERSION
    assert slot.key_id == signature.DEMO_KEY_ID and slot.length == len(raw)
    assert slot.content() == (SERIAL, demo_content())
    public = signature.demo_signer().public_key_bytes()
    assert signature.verify(slot.algorithm, public, signature.signing_input(slot.signed_part), slot.signature)
    assert layout.image_length(raw) == len(raw)


def test_any_changed_byte_breaks_the_digest_or_the_structure():
    raw = image()
    for i in range(len(raw)):
        changed = bytearray(raw)
        changed[i] ^= 0x01
        with pytest.raises(LayoutError):
            layout.parse_slot(bytes(changed))


def test_a_newer_layout_version_is_recognised_as_such():
    raw = bytearray(image())
    raw[4] = 2
    with pytest.raises(layout.UnknownVersion) as e:
        layout.parse_slot(bytes(raw))
    assert e.value.version == 2 and "版本 2" in e.value.message


def test_marker_round_trip_blank_and_torn():
    raw = layout.encode_marker(Marker(1, 42))
    assert len(raw) == layout.MARKER_LENGTH
    assert layout.parse_marker(raw + bytes(6)) == Marker(1, 42)
    assert layout.parse_marker(bytes(16)) is None
    assert layout.parse_marker(b"\xff" * 16) is None
    old = layout.encode_marker(Marker(0, 41))
    for k in range(1, len(raw)):  # a marker torn inside its one UPDATE BINARY
        torn = raw[:k] + old[k:]
        parsed = None
        try:
            parsed = layout.parse_marker(torn)
        except LayoutError:
            pass
        assert parsed in (None, Marker(0, 41), Marker(1, 42))


def test_serial_file_encoding():
    assert layout.parse_serial(layout.encode_serial(SERIAL) + b"\x00\x00") == SERIAL
    assert layout.serial_text(SERIAL) == "0102030405060708"
    for bad in (b"", bytes(18), b"\x5a\x00", b"\x5a\x11" + bytes(17), b"\x5a\x08\x01"):
        with pytest.raises(LayoutError):
            layout.parse_serial(bad)


# ------------------------------------------------------------------------------ signatures


def test_demo_signer_is_fixed_and_other_keys_are_not_it():
    a, b = signature.demo_signer(), signature.demo_signer()
    assert a.public_key_bytes() == b.public_key_bytes() and len(a.public_key_bytes()) == 65
    assert signature.EcdsaP256Signer.generate("X").public_key_bytes() != a.public_key_bytes()


def test_signature_verifies_only_with_the_right_key_and_message():
    signer = signature.demo_signer()
    sig = signer.sign(b"card")
    assert len(sig) == 64
    assert signature.verify(layout.ALG_ECDSA_P256_SHA256, signer.public_key_bytes(), b"card", sig)
    assert not signature.verify(layout.ALG_ECDSA_P256_SHA256, signer.public_key_bytes(), b"carD", sig)
    other = signature.EcdsaP256Signer.generate("other")
    assert not signature.verify(layout.ALG_ECDSA_P256_SHA256, other.public_key_bytes(), b"card", sig)
    assert not signature.verify(layout.ALG_SM2_SM3, signer.public_key_bytes(), b"card", sig)  # not registered
    assert not signature.verify(layout.ALG_ECDSA_P256_SHA256, b"\x04garbage", b"card", sig)
    assert not signature.verify(layout.ALG_ECDSA_P256_SHA256, signer.public_key_bytes(), b"card", sig[:63])


def test_signer_keys_survive_pem_for_the_keyring():
    signer = signature.EcdsaP256Signer.generate("GZ-2024-01")
    again = signature.EcdsaP256Signer.from_pem(signer.private_key_pem(), "GZ-2024-01")
    assert again.public_key_bytes() == signer.public_key_bytes()
    assert isinstance(signer, signature.Signer)


def test_key_table_is_a_key_lookup():
    table = signature.demo_keys()
    assert isinstance(table, signature.KeyLookup)
    assert table.public_key(signature.DEMO_KEY_ID) == signature.demo_signer().public_key_bytes()
    assert table.public_key("nobody") is None
    table.add("GZ-2", b"\x04" + bytes(64))
    assert "GZ-2" in table


def test_a_slot_signed_for_one_generation_differs_from_the_next():
    one = image(seq=1)
    two = image(dataclasses.replace(demo_content(), issue=dataclasses.replace(demo_content().issue, card_generation=2)), seq=1)
    assert one != two
