"""Dates are Beijing dates at every hour: an entity approved at 23:30 UTC is established on the
Beijing date, someone born on Beijing's "today" has a valid ID number, a card made at 00:30
Beijing time counts in Beijing's day and month (the `any_hour` fixture moves the program's clock)."""
from __future__ import annotations

import datetime as dt

from client.kernel.models import MarketEntity
from client.kernel.types import new_id
from client.kernel.codes import explain_resident_id, new_resident_id
from client.kernel import clock
from client.cards import keys as card_keys
from client.cards import queries as q
from client.cards.commands import MakeCard, content_hash
from tests.integration.sync_helpers import establish
from tests.integration.test_cards_flow import write_new_card


def test_an_entity_is_established_on_the_beijing_date(central, any_hour):
    entity_id = establish(central, "澄明")
    with central.sessions() as s:
        assert s.get(MarketEntity, entity_id).established_on == clock.beijing_date(any_hour)


def test_someone_born_on_beijings_today_has_a_valid_id_number(any_hour):
    today = clock.beijing_date(any_hour)
    assert explain_resident_id(new_resident_id("440104", today, 357)) is None
    tomorrow = explain_resident_id(new_resident_id("440104", today + dt.timedelta(days=1), 357))
    assert tomorrow is not None and "不能晚于今天" in tomorrow


def test_a_card_made_now_counts_in_beijings_day_and_month(central, any_hour):
    entity_id = establish(central, "澄明")
    operator, office = central.users["card"], central.principal("card").office_code
    key = card_keys.issuing_key("counter-at-any-hour")
    assert central.bus.dispatch(key.register_command(user_id=operator, issuing_office=office)).ok
    _card, serial, content = write_new_card(central, entity_id, key, 1)
    assert central.bus.dispatch(MakeCard(user_id=operator, card_id=new_id(), entity_id=entity_id, serial=serial,
                                         key_id=key.key_id, content_hash=content_hash(serial, content),
                                         generation=1)).ok
    today = clock.beijing_today()
    assert content.issue.issue_date == today  # printed on the card: Beijing's date
    with central.sessions() as s:
        stats = q.statistics(s, central.principal("card"), since=today, until=today)
    assert [m.month for m in stats.by_month] == [f"{today:%Y-%m}"]
    assert stats.by_month[0].counts.get("make") == 1
    assert sum(c.count for c in stats.by_office_state) == 1
