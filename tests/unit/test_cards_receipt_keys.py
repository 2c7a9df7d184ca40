"""The card counter's receipt PDF (its text and its fee in capitals) and the workstation's issuing
key (generated once, kept in the keyring, the same key the next time)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess


from tests.tools import require_tool
from client.cards.reports import CardReceiptData, fee_in_figures, fee_in_words, render_card_receipt
from client.cards import keys as card_keys
from iccard.card_writer import make_card
from iccard.card_reader import read_card
from iccard.signature import KeyTable
from iccard.virtual import DEMO_PIN, blank_card
from iccard.virtual.demo import demo_content

RECEIPT = CardReceiptData(
    receipt_no="3F2A9C01B7E4", action="补卡", fee_item="补卡工本费", fee_fen=5000,
    entity_name="广州市天河区澄明软件科技有限公司", uscc="91440106MA5ABCDE1X", card_no="待分配",
    serial="0102030405060708", generation=2, recipient_name=None, recipient_id_masked=None,
    operator="林晓燕", office_name="天河分局五山工商所",
    occurred_at=dt.datetime(2026, 11, 24, 17, 30, tzinfo=dt.timezone.utc))


def test_fee_in_words_and_figures():
    assert fee_in_words(5000) == "人民币伍拾元整"
    assert fee_in_words(0) == "人民币零元整"
    assert fee_in_words(123456) == "人民币壹仟贰佰叁拾肆元伍角陆分"
    assert fee_in_words(100000) == "人民币壹仟元整"
    assert fee_in_figures(5000) == "¥50.00" and fee_in_figures(123456) == "¥1,234.56"


def _pdftotext(pdf: bytes, tmp_path) -> str:
    require_tool("pdftotext", "poppler-utils")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_receipt_pdf_carries_the_fee_in_capitals(tmp_path):
    pdf = render_card_receipt(RECEIPT)
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # the CJK font is embedded
    text = _pdftotext(pdf, tmp_path)
    for expected in ("企业IC卡业务收费收据", "人民币伍拾元整", "¥50.00", "补卡工本费", "待分配",
                     "广州市天河区澄明软件科技有限公司", "91440106MA5ABCDE1X", "林晓燕", "天河分局五山工商所",
                     "2026年11月25日"):  # 17:30 UTC is the next day in Beijing
        assert expected in text, expected


def test_issue_receipt_names_the_recipient_with_the_masked_number(tmp_path):
    data = dataclasses.replace(RECEIPT, action="发卡", fee_item="（本项业务不收费）", fee_fen=0,
                               recipient_name="李明华", recipient_id_masked="**************123X")
    text = _pdftotext(render_card_receipt(data), tmp_path)
    assert "李明华" in text and "**************123X" in text and "人民币零元整" in text
    assert "领卡人（签名）" in text


def test_issuing_key_is_generated_once_and_kept_in_the_keyring():
    import keyring

    first = card_keys.issuing_key("device-under-test-1")
    assert first.created and first.key_id.startswith("HD-") and len(first.key_id) <= 32
    assert keyring.get_password(card_keys.SERVICE, first.key_id).startswith("-----BEGIN PRIVATE KEY-----")
    again = card_keys.issuing_key("device-under-test-1")
    assert not again.created and again.key_id == first.key_id
    assert again.public_key_hex == first.public_key_hex and len(bytes.fromhex(first.public_key_hex)) == 65
    other = card_keys.issuing_key("device-under-test-2")
    assert other.key_id != first.key_id

    # the key signs cards that its public half verifies
    card = blank_card()
    keys = KeyTable({first.key_id: bytes.fromhex(first.public_key_hex)})
    written = make_card(card, demo_content(), signer=again.signer, keys=keys, pin=DEMO_PIN)
    assert written.ok, written.message
    assert read_card(card, keys).is_valid

    rotated = card_keys.new_issuing_key("device-under-test-1")
    assert rotated.created and rotated.key_id != first.key_id
    assert card_keys.issuing_key("device-under-test-1").key_id == rotated.key_id
    assert keyring.get_password(card_keys.SERVICE, first.key_id)  # the old key stays


def test_register_command_carries_the_public_half():
    key = card_keys.issuing_key("device-under-test-3")
    cmd = key.register_command(user_id="u", issuing_office="440106-01")
    assert cmd.key_id == key.key_id and cmd.public_key == key.public_key_hex and cmd.algorithm == 1
    assert "PRIVATE" not in str(cmd.to_dict())
