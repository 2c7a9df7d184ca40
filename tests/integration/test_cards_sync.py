"""Cards and the sync engine: the counter workstation makes, issues and reports a card lost with
no network (card number 待分配 until the push); the hot-list and the issuing keys replicate
CITY-WIDE, so a workstation of ANOTHER office, reading only its own local store, says 挂失 — and
valid again after 解挂, and 吊销 after the entity's revocation — while the card records themselves
stay in their office's scope."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from client.kernel import clock
from client.cards.models import CardEvent, CardHotlist, IcCard, IssuerKey
from client.kernel.models import MarketEntity
from client.kernel.types import new_id
from client.kernel.codes import new_resident_id
from client.cards import keys as card_keys
from client.cards import queries as q
from client.cards.verdict import card_verdict
from client.cards.commands import MakeCard, ReportLoss, WithdrawLoss, content_hash, issue_card_command
from client.registration.commands import RevokeLicence
from iccard import make_card, read_card
from iccard.virtual import DEMO_PIN, blank_card
from tests.integration.sync_helpers import establish, workstation


def judge(ws, card):
    """The verdict as that workstation gives it: its local store only, no central connection."""
    card.reset()
    with ws.store.sessions() as s:
        return card_verdict(s, read_card(card, card_keys.key_lookup(s)))


def rows(ws, model) -> int:
    with ws.store.sessions() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def test_the_hot_list_and_the_keys_reach_another_office_and_judge_cards_offline(central, tmp_path):
    entity_id = establish(central, "澄明")
    yuexiu = workstation(central, tmp_path, "yuexiu", user="clerk2")  # before any card exists
    counter = workstation(central, tmp_path, "counter", user="card")
    operator = central.users["card"]
    office = central.principal("card").office_code

    # --- at the Tianhe counter, offline ----------------------------------------------------
    key = card_keys.issuing_key(counter.device_id)
    assert key.created
    out = counter.bus.dispatch(key.register_command(user_id=operator, issuing_office=office))
    assert out.ok, out.message
    card = blank_card()
    with counter.store.sessions() as s:
        content = q.card_content_for(s, entity_id, operator_name="林晓燕", issuing_office_code=office,
                                     generation=q.next_generation(s, entity_id))
        written = make_card(card, content, signer=key.signer, keys=card_keys.key_lookup(s), pin=DEMO_PIN)
    assert written.ok, written.message
    card_id = new_id()
    out = counter.bus.dispatch(MakeCard(user_id=operator, card_id=card_id, entity_id=entity_id,
                                        serial=written.serial, key_id=key.key_id,
                                        content_hash=content_hash(written.serial, content)))
    assert out.ok, out.message
    assert out.result["card_no"] is None  # only the centre numbers cards
    out = counter.bus.dispatch(issue_card_command(
        user_id=operator, card_id=card_id, base_version=1, recipient_name="王小丽",
        recipient_id_no=new_resident_id("440106", dt.date(1992, 5, 8), 246)))
    assert out.ok, out.message
    with counter.store.sessions() as s:
        assert q.card_detail(s, central.principal("card"), card_id).card.card_no_text == "待分配"
    mine = judge(counter, card)
    assert mine.kind == "valid" and mine.card.card_no_text == "待分配"
    with central.sessions() as s:
        assert s.get(IcCard, card_id) is None  # nothing has left the counter yet

    counter.sync()
    with central.sessions() as s:
        number = s.get(IcCard, card_id).card_no
        assert number.startswith("K440106")
        assert s.get(IssuerKey, key.key_id).device_id == counter.device_id
    with counter.store.sessions() as s:
        assert s.get(IcCard, card_id).card_no == number  # the pull brought the number back

    # --- another office: its store has the keys and no hot-list entry: valid, but unknown here
    yuexiu.sync()
    assert rows(yuexiu, IcCard) == 0 and rows(yuexiu, CardEvent) == 0  # cards stay in their scope
    assert rows(yuexiu, IssuerKey) == 1
    theirs = judge(yuexiu, card)
    assert (theirs.kind, theirs.ok) == ("unregistered", True)
    assert theirs.message == "签名有效，但本机尚无此卡的登记（可能尚未同步）"
    assert theirs.entity.name == "广州市天河区澄明软件科技有限公司" and theirs.entity.from_card

    # --- 挂失 at the counter, offline: the counter's own verdict changes at once
    with counter.store.sessions() as s:
        version = s.get(IcCard, card_id).version
    assert counter.bus.dispatch(ReportLoss(user_id=operator, card_id=card_id, base_version=version,
                                           reason="企业报告遗失")).ok
    assert judge(counter, card).kind == "lost"
    assert judge(yuexiu, card).kind == "unregistered"  # not pushed yet
    counter.sync()
    yuexiu.sync()
    # the Yuexiu workstation judges from its own store: no central connection is used here
    theirs = judge(yuexiu, card)
    today = clock.beijing_today().isoformat()
    assert (theirs.kind, theirs.ok, theirs.label) == ("lost", False, "挂失")
    assert theirs.message == f"此卡已挂失（{today}），请收回"
    with yuexiu.store.sessions() as s:
        assert s.get(CardHotlist, written.serial).reason == "企业报告遗失"

    # a workstation enrolled later gets the same from its first download
    late = workstation(central, tmp_path, "baiyun", user="baiyun")
    assert judge(late, card).kind == "lost"

    # --- 解挂: off the hot-list everywhere
    with counter.store.sessions() as s:
        version = s.get(IcCard, card_id).version
    assert counter.bus.dispatch(WithdrawLoss(user_id=operator, card_id=card_id, base_version=version)).ok
    counter.sync()
    yuexiu.sync()
    assert rows(yuexiu, CardHotlist) == 0
    assert judge(yuexiu, card).kind == "unregistered"

    # --- 吊销 follows the entity's revocation, decided at the centre
    with central.sessions() as s:
        entity_version = s.get(MarketEntity, entity_id).version
    assert central.bus.dispatch(RevokeLicence(user_id=central.users["head"], entity_id=entity_id,
                                              base_version=entity_version, reason="提交虚假材料取得登记")).ok
    yuexiu.sync()
    counter.sync()
    assert judge(yuexiu, card).kind == "revoked"
    assert judge(counter, card).kind == "revoked"
    with counter.store.sessions() as s:
        assert s.get(IcCard, card_id).state == "revoked"
