"""Enterprise IC cards (工商企业IC卡) at the counter: card states, what each action may do to a
card in each state, fees, and the recipient's ID number.

Pure rules, no database: the handlers in client/cards/handlers.py apply them, and the counter's
screens ask the same functions before they send anything (to grey out a button and say why),
so a refusal has one wording wherever it is shown.

The card itself only carries the enterprise's data and the issuer's signature (docs/card-layout.md);
the states below are the back office's, and every state in which a card must not be accepted
(挂失, 暂吊, 吊销, 注销, 已补卡作废) puts its serial on the city-wide hot-list.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache

from client.kernel import codes
from client.kernel.coded import CodedEnum
from client.kernel.lifecycle import EntityState
from client.kernel.paths import resource_path
from client.kernel.text import clean


class CardState(CodedEnum):
    MADE = ("made", "已制卡")
    ISSUED = ("issued", "已发卡")
    LOST = ("lost", "挂失")
    SUSPENDED = ("suspended", "暂吊")
    REVOKED = ("revoked", "吊销")
    CANCELLED = ("cancelled", "注销")
    REPLACED = ("replaced", "已补卡作废")


class CardAction(CodedEnum):
    MAKE = ("make", "制卡")
    ISSUE = ("issue", "发卡")
    REWRITE = ("rewrite", "修改")
    REPORT_LOSS = ("report_loss", "挂失")
    WITHDRAW_LOSS = ("withdraw_loss", "解挂")
    REPLACE = ("replace", "补卡")
    SUSPEND = ("suspend", "暂吊")
    RESTORE = ("restore", "恢复")
    CANCEL = ("cancel", "注销")
    #: not a counter action: follows the entity's 吊销营业执照 (client.cards.handlers.on_entity_revoked)
    REVOKE = ("revoke", "吊销")


#: a card in these states belongs to its enterprise (an enterprise has at most one at a time)
LIVE_STATES = frozenset({CardState.MADE, CardState.ISSUED, CardState.LOST, CardState.SUSPENDED})
#: a card in these states must not be accepted anywhere: its serial is on the hot-list
HOTLISTED_STATES = frozenset({CardState.LOST, CardState.SUSPENDED, CardState.REVOKED, CardState.CANCELLED,
                              CardState.REPLACED})
#: no action leads out of these
FINAL_STATES = frozenset({CardState.REVOKED, CardState.CANCELLED, CardState.REPLACED})

#: action -> {state before (None: the enterprise has no live card) -> state after}
TRANSITIONS: dict[CardAction, dict[CardState | None, CardState]] = {
    CardAction.MAKE: {None: CardState.MADE},
    CardAction.ISSUE: {CardState.MADE: CardState.ISSUED},
    CardAction.REWRITE: {CardState.MADE: CardState.MADE, CardState.ISSUED: CardState.ISSUED},
    CardAction.REPORT_LOSS: {CardState.ISSUED: CardState.LOST},
    CardAction.WITHDRAW_LOSS: {CardState.LOST: CardState.ISSUED},
    # the old card; the new one starts as MADE with the next generation
    CardAction.REPLACE: {CardState.ISSUED: CardState.REPLACED, CardState.LOST: CardState.REPLACED},
    CardAction.SUSPEND: {CardState.ISSUED: CardState.SUSPENDED},
    CardAction.RESTORE: {CardState.SUSPENDED: CardState.ISSUED},
    CardAction.CANCEL: {s: CardState.CANCELLED for s in (CardState.MADE, CardState.ISSUED, CardState.LOST,
                                                         CardState.SUSPENDED)},
    CardAction.REVOKE: {s: CardState.REVOKED for s in (CardState.MADE, CardState.ISSUED, CardState.LOST,
                                                       CardState.SUSPENDED)},
}

#: the entity state an action needs (None: any state). 挂失, 暂吊 and 注销 protect the public and
#: are always possible; everything that gives or keeps a usable card needs a 存续 enterprise.
ENTITY_RULES: dict[CardAction, EntityState | None] = {
    CardAction.MAKE: EntityState.ACTIVE,
    CardAction.ISSUE: EntityState.ACTIVE,
    CardAction.REWRITE: EntityState.ACTIVE,
    CardAction.REPORT_LOSS: None,
    CardAction.WITHDRAW_LOSS: EntityState.ACTIVE,
    CardAction.REPLACE: EntityState.ACTIVE,
    CardAction.SUSPEND: None,
    CardAction.RESTORE: EntityState.ACTIVE,
    CardAction.CANCEL: None,
    CardAction.REVOKE: EntityState.REVOKED,
}

_ENTITY_RULE_TEXT = {
    EntityState.ACTIVE: "只有存续的企业可以{action}",
    EntityState.REVOKED: "卡片吊销随企业吊销营业执照自动办理",
}


def next_state(action: CardAction, state: CardState | None) -> CardState | None:
    """The state after `action` on a card in `state`; None when the move is not allowed."""
    return TRANSITIONS[action].get(state)


def _states_text(states) -> str:
    return "或".join(f"“{s.label}”" for s in states)


def refusal(action: CardAction, *, entity_state: EntityState | str, card_state: CardState | str | None) -> str | None:
    """None if `action` is allowed, else why not, in plain Chinese with the rule.

    `card_state` is the state of the card acted on; for 制卡, the state of the enterprise's live
    card (None when it has none)."""
    if isinstance(entity_state, str):
        entity_state = EntityState.from_code(entity_state)
    if isinstance(card_state, str):
        card_state = CardState.from_code(card_state)
    needed = ENTITY_RULES[action]
    if needed is not None and entity_state is not needed:
        rule = _ENTITY_RULE_TEXT[needed].format(action=action.label)
        return f"该企业状态为“{entity_state.label}”，不能{action.label}（规则：{rule}）"
    if action is CardAction.MAKE and card_state not in LIVE_STATES:
        card_state = None  # a card that is no longer the enterprise's does not stand in the way
    allowed = TRANSITIONS[action]
    if card_state in allowed:
        return None
    if action is CardAction.MAKE:
        return (f"该企业已有一张“{card_state.label}”状态的卡，不能制卡（规则：一个企业同时只能有一张卡；"
                f"卡片遗失或损坏请办理补卡，不再使用请先注销）")
    if card_state is None:
        return f"该企业还没有卡，不能{action.label}（规则：先制卡）"
    return (f"该卡状态为“{card_state.label}”，不能{action.label}"
            f"（规则：只有状态为{_states_text(allowed)}的卡可以{action.label}）")


def allowed_actions(entity_state: EntityState | str, card_state: CardState | str | None) -> list[CardAction]:
    """The counter actions possible now on a card in `card_state` (None: the enterprise has no
    card in use: then only 制卡), for the screen's buttons. 吊销 is never a counter action."""
    if card_state is None:
        return [CardAction.MAKE] if refusal(CardAction.MAKE, entity_state=entity_state, card_state=None) is None else []
    return [a for a in CardAction if a not in (CardAction.REVOKE, CardAction.MAKE)
            and refusal(a, entity_state=entity_state, card_state=card_state) is None]


# --- fees -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    action: CardAction
    item: str  # 工本费 / 补卡工本费, printed on the receipt
    fee_fen: int


@cache
def fee_schedule() -> dict[CardAction, Fee]:
    """resources/reference/card_fees.json; actions not listed there are free."""
    with resource_path("reference", "card_fees.json").open(encoding="utf-8") as f:
        items = json.load(f)["items"]
    return {CardAction.from_code(i["action"]): Fee(CardAction.from_code(i["action"]), i["item"], int(i["fee_fen"]))
            for i in items}


def fee_fen(action: CardAction) -> int:
    fee = fee_schedule().get(action)
    return fee.fee_fen if fee else 0


def fee_item(action: CardAction) -> str:
    fee = fee_schedule().get(action)
    return fee.item if fee else "（免费）"


def yuan_text(fen: int) -> str:
    """5000 -> "50.00元"."""
    return f"{fen // 100}.{fen % 100:02d}元"


# --- the reason kept with the card's history ----------------------------------------------

#: the field of a reason, in the commands and on the counter's forms
REASON_FIELD = "reason"
#: what each action's reason is called in messages
REASON_LABELS: dict[CardAction, str] = {
    CardAction.REPORT_LOSS: "挂失说明", CardAction.WITHDRAW_LOSS: "解挂说明", CardAction.REPLACE: "补卡原因",
    CardAction.SUSPEND: "暂吊理由", CardAction.RESTORE: "恢复理由", CardAction.CANCEL: "注销原因",
}
#: these must say why: the reason goes onto the city-wide hot-list (挂失, 暂吊, 注销), where every
#: counter that refuses the card reads it, or lifts a suspension (恢复)
REASON_REQUIRED = frozenset({CardAction.REPORT_LOSS, CardAction.SUSPEND, CardAction.RESTORE, CardAction.CANCEL})
REASON_MINIMUM = 2


def explain_missing_reason(action: CardAction, text: str | None) -> str | None:
    """The message for a reason left empty where `action` needs one (naming the field and the
    rule), else None. Length and characters are checked with the other text fields."""
    if action in REASON_REQUIRED and not clean(text or ""):
        return (f"{REASON_LABELS[action]}为必填项（规则：办理{action.label}须写明原因，"
                f"至少{REASON_MINIMUM}个字，记入卡片档案）")
    return None


# --- the recipient (领卡人) ---------------------------------------------------------------------

ID_FIELD = "recipient_id_no"
_ID_HASH_DOMAIN = "hongdun/card-recipient-id/v1:"


def explain_recipient_id(number: str, *, today: dt.date | None = None) -> str | None:
    """None for a valid 18-digit resident ID (居民身份证, ISO 7064 MOD 11-2 check), else the
    message for the form, naming the field and the rule."""
    problem = codes.explain_resident_id(number or "", today=today)
    return f"领卡人{problem}" if problem else None


def normalise_id(number: str) -> str:
    return codes.normalize_code(number or "")


def mask_id(number: str) -> str:
    """All but the last four characters hidden: 440106198503141234 -> **************1234."""
    number = normalise_id(number)
    return "*" * (len(number) - 4) + number[-4:] if len(number) > 4 else "*" * len(number)


def id_hash(number: str) -> str:
    """SHA-256 of the normalised number: lets a counter check "is this the same person who took
    the card" without the number being kept anywhere."""
    return hashlib.sha256((_ID_HASH_DOMAIN + normalise_id(number)).encode("ascii", "replace")).hexdigest()


def is_masked_id(text: str | None) -> bool:
    return bool(text) and len(text) == 18 and text[:14] == "*" * 14 and text[14:17].isdigit() \
        and (text[17].isdigit() or text[17] == "X")


def explain_recipient_name(name: str) -> str | None:
    name = " ".join((name or "").split())
    if len(name) < 2:
        return "领卡人姓名至少2个字"
    if len(name) > 40:
        return f"领卡人姓名不得超过40个字，现为{len(name)}个字"
    return None


# --- the card serial and content hash as the commands carry them ----------------------------


def explain_serial(serial: str) -> str | None:
    """The chip serial as iccard gives it: upper-case hex of 1–16 bytes."""
    if not serial or len(serial) % 2 or len(serial) > 32:
        return "卡片序列号应为2–32位十六进制数字"
    try:
        bytes.fromhex(serial)
    except ValueError:
        return "卡片序列号应为十六进制数字"
    if serial != serial.upper():
        return "卡片序列号应为大写十六进制"
    return None


def is_sha256_hex(text: str | None) -> bool:
    return bool(text) and len(text) == 64 and all(c in "0123456789abcdef" for c in text)
