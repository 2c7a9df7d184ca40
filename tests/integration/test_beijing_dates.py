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


def test_flow_deadlines_and_certificates_are_dated_in_beijing(central, any_hour):
    """A step at 23:30 UTC counts its deadline from Beijing's date (the next day), the 待办 list
    judges it against Beijing's today, the certificate is dated and numbered in Beijing's year."""
    from client.certification import queries as cq
    from client.certification.commands import ApplyForMediation
    from client.flows import queries as fq
    from client.flows import workdays
    from client.flows.statistics import flow_statistics
    from tests.integration.test_certification import application, approve, examine, ok, two_parties

    today = clock.beijing_date(any_hour)
    codes = two_parties(central)
    cmd = application(central, codes, amount="5000")
    ok(central, cmd)
    with central.sessions() as s:
        [item] = fq.todo_list(s, central.principal("certifier")).items
    assert item.due_on == workdays.add_working_days(today, 1) and item.urgency == "soon"
    approve(central, "certifier", cmd.application_id)
    assert examine(central, cmd.application_id).ok
    approve(central, "head", cmd.application_id)
    with central.sessions() as s:
        d = cq.application_detail(s, central.principal("certifier"), cmd.application_id)
        stats = flow_statistics(s, central.principal("head"), today, today)
    assert d.certified_on == today and f"〔{today.year}〕" in d.certificate_no
    assert stats.flows[0].finished == 1  # counted on Beijing's today
    case = new_id()
    ok(central, ApplyForMediation(user_id=central.users["certifier"], case_id=case, applicant="广州甲公司",
                                  respondent="广州乙公司", contract_title="买卖合同",
                                  dispute="交货迟延引起的违约金争议，双方协商未果", applied_on=today))
    with central.sessions() as s:
        assert cq.mediation_detail(s, central.principal("certifier"), case).accept_by == \
            workdays.add_working_days(today, 5)
