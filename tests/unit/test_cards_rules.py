"""The card counter's rules (client.cards.rules): the transition machine exhaustively — every
action × every card state × every entity state is either allowed (to the state the table says)
or refused with a plain Chinese reason naming the rule — fees, and the recipient's ID number."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest

from client.cards import rules as rules
from client.cards.rules import CardAction, CardState
from client.kernel.codes import new_resident_id
from client.kernel.lifecycle import EntityState

# the whole machine, written out once more by hand: (action, state before) -> state after
EXPECTED = {
    (CardAction.MAKE, None): CardState.MADE,
    (CardAction.ISSUE, CardState.MADE): CardState.ISSUED,
    (CardAction.REWRITE, CardState.MADE): CardState.MADE,
    (CardAction.REWRITE, CardState.ISSUED): CardState.ISSUED,
    (CardAction.REPORT_LOSS, CardState.ISSUED): CardState.LOST,
    (CardAction.WITHDRAW_LOSS, CardState.LOST): CardState.ISSUED,
    (CardAction.REPLACE, CardState.ISSUED): CardState.REPLACED,
    (CardAction.REPLACE, CardState.LOST): CardState.REPLACED,
    (CardAction.SUSPEND, CardState.ISSUED): CardState.SUSPENDED,
    (CardAction.RESTORE, CardState.SUSPENDED): CardState.ISSUED,
    **{(CardAction.CANCEL, s): CardState.CANCELLED for s in
       (CardState.MADE, CardState.ISSUED, CardState.LOST, CardState.SUSPENDED)},
    **{(CardAction.REVOKE, s): CardState.REVOKED for s in
       (CardState.MADE, CardState.ISSUED, CardState.LOST, CardState.SUSPENDED)},
}
#: which entity state each action needs (None: any)
NEEDS = {
    CardAction.MAKE: EntityState.ACTIVE, CardAction.ISSUE: EntityState.ACTIVE,
    CardAction.REWRITE: EntityState.ACTIVE, CardAction.WITHDRAW_LOSS: EntityState.ACTIVE,
    CardAction.REPLACE: EntityState.ACTIVE, CardAction.RESTORE: EntityState.ACTIVE,
    CardAction.REPORT_LOSS: None, CardAction.SUSPEND: None, CardAction.CANCEL: None,
    CardAction.REVOKE: EntityState.REVOKED,
}
STATES = [None, *CardState]


@pytest.mark.parametrize("action,card_state,entity_state",
                         list(itertools.product(CardAction, STATES, EntityState)),
                         ids=lambda v: getattr(v, "code", str(v)))
def test_every_action_in_every_state_is_allowed_or_refused_with_a_reason(action, card_state, entity_state):
    reason = rules.refusal(action, entity_state=entity_state, card_state=card_state)
    state_for_table = card_state
    if action is CardAction.MAKE and card_state not in rules.LIVE_STATES:
        state_for_table = None  # a dead card does not stand in the way of a new one
    expected = EXPECTED.get((action, state_for_table))
    entity_ok = NEEDS[action] is None or NEEDS[action] is entity_state
    if expected is not None and entity_ok:
        assert reason is None
        if action is not CardAction.MAKE:
            assert rules.next_state(action, card_state) is expected
    else:
        assert reason, (action, card_state, entity_state)
        assert f"不能{action.label}" in reason and "规则：" in reason
        if not entity_ok:  # the entity's state is what is named first
            assert reason.startswith(f"该企业状态为“{entity_state.label}”")
        elif card_state is not None and action is not CardAction.MAKE:
            assert reason.startswith(f"该卡状态为“{card_state.label}”")


def test_the_refusals_read_as_the_counter_expects():
    assert rules.refusal(CardAction.MAKE, entity_state=EntityState.REVOKED, card_state=None) == \
        "该企业状态为“吊销”，不能制卡（规则：只有存续的企业可以制卡）"
    assert rules.refusal(CardAction.ISSUE, entity_state="active", card_state="lost") == \
        "该卡状态为“挂失”，不能发卡（规则：只有状态为“已制卡”的卡可以发卡）"
    assert rules.refusal(CardAction.REPLACE, entity_state="active", card_state="suspended") == \
        "该卡状态为“暂吊”，不能补卡（规则：只有状态为“已发卡”或“挂失”的卡可以补卡）"
    assert "一个企业同时只能有一张卡" in rules.refusal(CardAction.MAKE, entity_state="active", card_state="issued")
    assert rules.refusal(CardAction.REVOKE, entity_state="active", card_state="issued") == \
        "该企业状态为“存续”，不能吊销（规则：卡片吊销随企业吊销营业执照自动办理）"
    assert rules.refusal(CardAction.ISSUE, entity_state="active", card_state=None) == \
        "该企业还没有卡，不能发卡（规则：先制卡）"


def test_the_states_fit_together():
    # every state the machine leads to is a state; final states lead nowhere
    for action, moves in rules.TRANSITIONS.items():
        for before, after in moves.items():
            assert before is None or before not in rules.FINAL_STATES, (action, before)
            assert after in set(CardState), (action, before, after)
            assert rules.next_state(action, before) is after, (action, before)
    assert rules.HOTLISTED_STATES == set(CardState) - {CardState.MADE, CardState.ISSUED}
    assert rules.LIVE_STATES.isdisjoint(rules.FINAL_STATES)
    # a card can always leave a live state by 注销, and 吊销 follows the entity from any live state
    for state in rules.LIVE_STATES:
        assert rules.next_state(CardAction.CANCEL, state) is CardState.CANCELLED
        assert rules.next_state(CardAction.REVOKE, state) is CardState.REVOKED


def test_allowed_actions_for_the_buttons():
    assert rules.allowed_actions("active", None) == [CardAction.MAKE]
    assert rules.allowed_actions("active", "issued") == [
        CardAction.REWRITE, CardAction.REPORT_LOSS, CardAction.REPLACE, CardAction.SUSPEND, CardAction.CANCEL]
    assert rules.allowed_actions("revoked", "revoked") == []
    assert rules.allowed_actions("deregistered", "lost") == [CardAction.CANCEL]


def test_fees_come_from_the_reference_file():
    assert rules.fee_fen(CardAction.MAKE) == 5000
    assert rules.fee_fen(CardAction.REPLACE) == 5000
    for action in set(CardAction) - {CardAction.MAKE, CardAction.REPLACE}:
        assert rules.fee_fen(action) == 0
    assert rules.fee_item(CardAction.MAKE) == "工本费"
    assert rules.yuan_text(5000) == "50.00元" and rules.yuan_text(5) == "0.05元"


def test_recipient_id_number_is_checked_masked_and_hashed():
    today = dt.date(2026, 11, 25)
    good = new_resident_id("440106", dt.date(1985, 3, 14), 123)
    assert rules.explain_recipient_id(good, today=today) is None
    assert rules.explain_recipient_id("11010519491231002x", today=today) is None  # lower-case x
    wrong_check = good[:17] + ("0" if good[17] != "0" else "1")
    assert "校验位错误" in rules.explain_recipient_id(wrong_check, today=today)
    assert rules.explain_recipient_id(good[:17], today=today).startswith("领卡人公民身份号码应为18位")
    assert "不是有效日期" in rules.explain_recipient_id("440106198502301234", today=today)
    assert rules.mask_id(good) == "*" * 14 + good[-4:]
    assert rules.is_masked_id(rules.mask_id(good)) and not rules.is_masked_id(good)
    assert rules.id_hash(good) == rules.id_hash(" " + good.lower() + " ")
    assert rules.id_hash(good) != rules.id_hash(wrong_check)
    assert good not in rules.id_hash(good) and rules.is_sha256_hex(rules.id_hash(good))


def test_serial_and_name_rules():
    assert rules.explain_serial("0102A0FF") is None
    assert rules.explain_serial("0102a0ff") == "卡片序列号应为大写十六进制"
    assert rules.explain_serial("123") and rules.explain_serial("ZZ") and rules.explain_serial("")
    assert rules.explain_recipient_name("李") == "领卡人姓名至少2个字"
    assert rules.explain_recipient_name("欧阳 娜娜") is None


def test_a_loss_suspension_restoration_and_cancellation_must_say_why():
    message = rules.explain_missing_reason(CardAction.REPORT_LOSS, " \u3000 ")
    assert message == "挂失说明为必填项（规则：办理挂失须写明原因，至少2个字，记入卡片档案）"
    assert rules.explain_missing_reason(CardAction.REPORT_LOSS, "营业执照与卡一同遗失") is None
    assert {a for a in CardAction if a in rules.REASON_LABELS and rules.explain_missing_reason(a, "")} == {
        CardAction.REPORT_LOSS, CardAction.SUSPEND, CardAction.RESTORE, CardAction.CANCEL}
    assert rules.explain_missing_reason(CardAction.WITHDRAW_LOSS, "") is None  # the loss is over
