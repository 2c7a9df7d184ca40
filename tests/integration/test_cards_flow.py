"""The counter's whole flow with a card in the (in-process, virtual) reader, on SQLite and on a
real PostgreSQL: the workstation's issuing key from the keyring, 制卡 (write, read back, record),
发卡, 挂失 → the reader says 挂失, 补卡 → the old card reads 已补卡作废 and the new one is valid;
a card altered by one byte or copied onto another chip reads forged; the receipts."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pytest

from client.kernel import clock
from client.cards.models import IcCard
from client.kernel.types import new_id
from client.kernel.codes import new_resident_id
from client.cards import keys as card_keys
from client.cards import queries as q
from client.cards.verdict import card_verdict
from client.cards.commands import (MakeCard, ReplaceCard, ReportLoss, RevokeIssuerKey, RewriteCard,
    content_hash, issue_card_command)
from client.cards.reports import render_card_receipt
from iccard import layout, make_card, read_card, rewrite_card
from iccard.virtual import DEMO_PIN, blank_card
from tests.integration.sync_helpers import establish

DEVICE = "counter-workstation-1"


def write_new_card(central, entity_id: str, key: card_keys.IssuingKey, generation: int):
    """What the counter's make-card screen does before it sends MakeCard / ReplaceCard."""
    card = blank_card()
    with central.sessions() as s:
        content = q.card_content_for(s, entity_id, operator_name="林晓燕",
                                     issuing_office_code=central.principal("card").office_code,
                                     generation=generation)
        written = make_card(card, content, signer=key.signer, keys=card_keys.key_lookup(s), pin=DEMO_PIN)
    assert written.ok, written.message
    assert written.read_back.is_valid and written.read_back.content == content
    card.reset()
    return card, written.serial, content


def verdict_of(central, card):
    card.reset()
    with central.sessions() as s:
        return card_verdict(s, read_card(card, card_keys.key_lookup(s)))


def test_make_issue_lose_replace_with_a_card_in_the_reader(central, tmp_path):
    entity_id = establish(central, "澄明")
    operator = central.users["card"]
    office = central.principal("card").office_code

    # the workstation's key: made on first use, registered before the first card is written
    key = card_keys.issuing_key(DEVICE)
    with central.sessions() as s:
        if not card_keys.key_registered(s, key.key_id):
            assert central.bus.dispatch(key.register_command(user_id=operator, issuing_office=office)).ok
        assert card_keys.key_registered(s, key.key_id)

    # 制卡
    with central.sessions() as s:
        assert [e.id for e in q.eligible_entities(s, central.principal("card"))] == [entity_id]
        generation = q.next_generation(s, entity_id)
    card, serial, content = write_new_card(central, entity_id, key, generation)
    card_id = new_id()
    out = central.bus.dispatch(MakeCard(user_id=operator, card_id=card_id, entity_id=entity_id, serial=serial,
                                        key_id=key.key_id, content_hash=content_hash(serial, content),
                                        generation=generation))
    assert out.ok, out.message
    verdict = verdict_of(central, card)
    assert (verdict.kind, verdict.ok, verdict.label) == ("valid", True, "有效")
    assert "尚未发卡" in verdict.message
    assert verdict.entity.name == "广州市天河区澄明软件科技有限公司" and not verdict.entity.from_card
    assert verdict.entity.state_label == "存续" and verdict.entity.legal_rep == "李明华"
    assert verdict.card.id == card_id and verdict.card.card_no_text.startswith("K440106")
    with central.sessions() as s:
        assert s.get(IcCard, card_id).content_hash == content_hash(verdict.serial, read_card(card, card_keys.key_lookup(s)).content)

    # 发卡
    out = central.bus.dispatch(issue_card_command(
        user_id=operator, card_id=card_id, base_version=1, recipient_name="王小丽",
        recipient_id_no=new_resident_id("440106", dt.date(1992, 5, 8), 246)))
    assert out.ok, out.message
    verdict = verdict_of(central, card)
    assert verdict.kind == "valid" and verdict.message == "卡片有效：签名核验通过，未列入黑名单"

    # 修改 after a registration change: rewritten in place, the same card
    with central.sessions() as s:
        version = s.get(IcCard, card_id).version
    changed = dataclasses.replace(content, enterprise=dataclasses.replace(content.enterprise,
                                                                          address="广州市天河区体育西路1号"))
    card.reset()
    with central.sessions() as s:
        rewritten = rewrite_card(card, changed, signer=key.signer, keys=card_keys.key_lookup(s), pin=DEMO_PIN)
    assert rewritten.ok, rewritten.message
    assert central.bus.dispatch(RewriteCard(user_id=operator, card_id=card_id, base_version=version, serial=serial,
                                            content_hash=content_hash(serial, changed))).ok

    # 挂失: the same card in the reader now reads 挂失
    out = central.bus.dispatch(ReportLoss(user_id=operator, card_id=card_id, base_version=version + 1,
                                           reason="企业报称遗失"))
    assert out.ok, out.message
    verdict = verdict_of(central, card)
    today = clock.beijing_today().isoformat()
    assert (verdict.kind, verdict.ok, verdict.label) == ("lost", False, "挂失")
    assert verdict.message == f"此卡已挂失（{today}），请收回"
    assert verdict.read_verdict.trusted  # the card itself is fine: the back office says no

    # 补卡: a new card, generation 2; the old one is on the hot-list as replaced
    with central.sessions() as s:
        generation = q.next_generation(s, entity_id)
        old_version = s.get(IcCard, card_id).version
    assert generation == 2
    new_card, new_serial, new_content = write_new_card(central, entity_id, key, generation)
    new_id_ = new_id()
    out = central.bus.dispatch(ReplaceCard(user_id=operator, old_card_id=card_id, base_version=old_version,
                                           new_card_id=new_id_, serial=new_serial, key_id=key.key_id,
                                           content_hash=content_hash(new_serial, new_content), reason="遗失补办"))
    assert out.ok, out.message
    old = verdict_of(central, card)
    assert (old.kind, old.label, old.ok) == ("replaced", "已补卡作废", False)
    assert old.message == f"此卡已补办新卡，旧卡作废（{today}），请收回"
    new = verdict_of(central, new_card)
    assert (new.kind, new.ok, new.generation) == ("valid", True, 2)

    # the receipt of 补卡: fee in figures and capitals
    with central.sessions() as s:
        receipt = q.receipt_data(s, central.principal("card"), out.result["event_id"])
    assert receipt.action == "补卡" and receipt.generation == 2
    if shutil.which("pdftotext"):
        path = tmp_path / "receipt.pdf"
        path.write_bytes(render_card_receipt(receipt))
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "人民币伍拾元整" in text and "补卡工本费" in text and new_serial in text

    # an old generation is also caught without the hot-list (e.g. a store that lacks the row)
    with central.sessions() as s:
        from client.cards.models import CardHotlist

        s.delete(s.get(CardHotlist, serial))
        s.get(IcCard, card_id).state = "issued"  # (pretend the record had not caught up either)
        s.flush()
        result = read_card(card, card_keys.key_lookup(s))
        judged = card_verdict(s, result)
        s.rollback()
    assert judged.kind == "replaced" and "已补办第2张卡" in judged.message


def test_an_altered_or_copied_card_reads_forged(central):
    entity_id = establish(central, "远航")
    operator = central.users["card"]
    key = card_keys.issuing_key(DEVICE + "-2")
    assert central.bus.dispatch(key.register_command(
        user_id=operator, issuing_office=central.principal("card").office_code)).ok
    card, serial, content = write_new_card(central, entity_id, key, 1)
    assert central.bus.dispatch(MakeCard(user_id=operator, card_id=new_id(), entity_id=entity_id, serial=serial,
                                         key_id=key.key_id, content_hash=content_hash(serial, content))).ok

    pristine = blank_card(bytes.fromhex(serial))  # the same chip, as it was written
    for path in layout.PATH_SLOTS + (layout.PATH_MARKER,):
        pristine.ef(*path).data[:] = bytes(card.ef(*path).data)
    assert verdict_of(central, pristine).kind == "valid"

    # one byte of the name changed on the card, the slot's own digest recomputed by the forger
    ef = card.ef(*layout.PATH_SLOTS[0])
    raw = bytes(ef.data)
    image = layout.parse_slot(raw)
    name = content.enterprise.name.encode()
    at = raw.index(name)
    forged = bytearray(raw[:image.length])
    forged[at] ^= 0x01
    body_end = image.length - layout.DIGEST_SIZE
    import hashlib

    forged[body_end:] = hashlib.sha256(bytes(forged[:body_end])).digest()
    ef.data[:image.length] = forged
    verdict = verdict_of(central, card)
    assert (verdict.kind, verdict.ok, verdict.label) == ("forged", False, "伪造或被篡改")
    assert "签名验证失败" in verdict.message and "请收回" in verdict.message
    assert verdict.entity.from_card  # what the card claims, marked as unchecked

    # the genuine image copied onto another chip
    copy = blank_card()
    for path in layout.PATH_SLOTS + (layout.PATH_MARKER,):
        copy.ef(*path).data[:] = bytes(card.ef(*path).data)
    copy.ef(*layout.PATH_SLOTS[0]).data[:image.length] = raw[:image.length]
    verdict = verdict_of(central, copy)
    assert verdict.kind == "forged" and "复制卡" in verdict.message

    # a blank card and a card signed by a key nobody registered
    assert verdict_of(central, blank_card()).kind == "blank"
    stranger = card_keys.new_issuing_key("somebody-else")
    odd = blank_card()
    from iccard.signature import KeyTable

    assert make_card(odd, content, signer=stranger.signer, pin=DEMO_PIN,
                     keys=KeyTable({stranger.key_id: bytes.fromhex(stranger.public_key_hex)})).ok
    verdict = verdict_of(central, odd)
    assert (verdict.kind, verdict.ok) == ("unknown_key", False) and "请同步参考数据后再读" in verdict.message

    # the workstation's key taken out of service (a stolen laptop): its cards cannot be checked
    assert central.bus.dispatch(RevokeIssuerKey(user_id=central.users["admin"], key_id=key.key_id,
                                                reason="制卡笔记本电脑被盗")).ok
    verdict = verdict_of(central, pristine)
    assert verdict.kind == "unknown_key" and f"签发密钥 {key.key_id} 已于" in verdict.message
    assert "重新制卡" in verdict.message


@pytest.fixture(autouse=True)
def _fresh_keyring_entries():
    """Each test's workstation starts without a key of its own under these device ids."""
    import keyring

    for device in (DEVICE, DEVICE + "-2"):
        key_id = keyring.get_password(card_keys.SERVICE, "current-key:" + device)
        if key_id:
            keyring.delete_password(card_keys.SERVICE, "current-key:" + device)
    yield
