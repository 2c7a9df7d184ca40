"""The counter's operations end to end: the card written, read back and verified through iccard,
then recorded by its command — on SQLite and a real PostgreSQL, with the in-process virtual card
(the real pcscd path is in tests/gui/test_cards.py). Refused actions never touch the card."""
from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from client.cards.rules import CardAction
from client.kernel.codes import new_resident_id
from client.cards import queries as q
from client.cards.desk import CardDesk
from iccard.virtual import blank_card
from sync.reads import Reads, SessionRunner
from tests.integration.sync_helpers import establish

RECIPIENT_ID = new_resident_id("440104", dt.date(1990, 7, 21), 357)


@pytest.fixture
def desk_env(central):
    cards = {"Virtual PCD 00 00": blank_card(), "Virtual PCD 00 01": blank_card()}
    principal = central.principal("card")
    desk = CardDesk(Reads(SessionRunner(central.sessions)), central.bus, principal, device_id="counter-1",
                    transport=lambda reader: contextlib.nullcontext(cards[reader]))
    return desk, cards


def test_make_issue_lose_and_replace_through_the_card(central, desk_env):
    desk, cards = desk_env
    entity_id = establish(central, "澄明")
    made = desk.make("Virtual PCD 00 00", entity_id)
    assert made.ok, made.message
    assert made.apdus > 0
    verdict = desk.read("Virtual PCD 00 00")
    assert verdict.ok and verdict.kind == "valid", verdict.message
    assert verdict.entity.name == "广州市天河区澄明软件科技有限公司"
    with central.sessions() as s:
        card = q.current_card(s, entity_id)
    assert card.state == "made" and card.serial == verdict.serial

    issued = desk.issue(card.id, card.version, "李明华", RECIPIENT_ID)
    assert issued.ok, issued.message
    bad = desk.issue(card.id, card.version + 1, "李明华", "440104199007213570")
    assert not bad.ok and bad.field  # the ID number's check character, named

    with central.sessions() as s:
        card = q.current_card(s, entity_id)
    lost = desk.act(CardAction.REPORT_LOSS, card.id, card.version, "法定代表人报失")
    assert lost.ok, lost.message
    verdict = desk.read("Virtual PCD 00 00")
    assert not verdict.ok and verdict.kind == "lost" and "挂失" in verdict.label

    # a second make while the old card is only lost: refused before the card is touched
    before = cards["Virtual PCD 00 01"].apdu_count
    again = desk.make("Virtual PCD 00 01", entity_id)
    assert not again.ok, again
    assert cards["Virtual PCD 00 01"].apdu_count == before  # not one APDU sent

    # another enterprise's card put into the reader by mistake is not overwritten
    other_id = establish(central, "远航")
    before = cards["Virtual PCD 00 00"].apdu_count
    wrong = desk.make("Virtual PCD 00 00", other_id)
    assert not wrong.ok and "请换一张空白卡" in wrong.message, wrong.message
    assert desk.read("Virtual PCD 00 00").entity.name == "广州市天河区澄明软件科技有限公司"
    assert cards["Virtual PCD 00 00"].apdu_count > before  # read, not written

    with central.sessions() as s:
        card = q.current_card(s, entity_id)
    replaced = desk.replace("Virtual PCD 00 01", card.id, card.version, "原卡遗失")
    assert replaced.ok, replaced.message
    new = desk.read("Virtual PCD 00 01")
    assert new.ok and new.generation == 2
    old = desk.read("Virtual PCD 00 00")
    assert not old.ok and old.kind in ("replaced", "lost")


def test_a_revoked_entity_gets_no_card_and_its_card_reads_revoked(central, desk_env):
    from client.registration.commands import RevokeLicence

    desk, _cards = desk_env
    entity_id = establish(central, "远航")
    assert desk.make("Virtual PCD 00 00", entity_id).ok
    from client.kernel.models import MarketEntity

    with central.sessions() as s:
        version = s.get(MarketEntity, entity_id).version
    out = central.bus.dispatch(RevokeLicence(user_id=central.users["head"], entity_id=entity_id,
                                             base_version=version, reason="提交虚假材料取得登记"))
    assert out.ok, out.message
    verdict = desk.read("Virtual PCD 00 00")
    assert not verdict.ok and verdict.kind == "revoked"
    refused = desk.make("Virtual PCD 00 01", entity_id)
    assert not refused.ok and "吊销" in refused.message


def test_rewrite_after_a_change_keeps_the_serial_and_shows_the_new_name(central, desk_env):
    from client.kernel.types import new_id
    from client.registration.commands import ApproveApplication, SubmitChange

    desk, cards = desk_env
    entity_id = establish(central, "青松")
    assert desk.make("Virtual PCD 00 00", entity_id).ok
    app = new_id()
    assert central.bus.dispatch(SubmitChange(user_id=central.users["clerk"], application_id=app,
                                             entity_id=entity_id, base_version=1,
                                             items={"name": "广州市天河区青松云计算有限公司"})).ok
    assert central.bus.dispatch(ApproveApplication(user_id=central.users["reviewer"], application_id=app,
                                                   base_version=1)).ok
    with central.sessions() as s:
        card = q.current_card(s, entity_id)
    out = desk.rewrite("Virtual PCD 00 00", card.id, card.version)
    assert out.ok, out.message
    verdict = desk.read("Virtual PCD 00 00")
    assert verdict.ok and verdict.entity.name == "广州市天河区青松云计算有限公司"
    assert verdict.serial == card.serial
    # a blank card in the reader is not the card to rewrite: refused, nothing recorded
    other = desk.rewrite("Virtual PCD 00 01", card.id, card.version + 1)
    assert not other.ok
