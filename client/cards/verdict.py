"""What a card read at the counter is worth: the card's own verdict (iccard) combined with the
back office's knowledge (the hot-list, the card records, the register).

Works on whatever database it is given — normally the workstation's local replica, offline too:
the hot-list and the issuer keys are pulled city-wide, so a card of any office is judged
correctly everywhere; the card records and the register are the office's own scope.

Order of the checks:
  1. what the card says about itself, when it is not trustworthy (伪造/篡改, 损坏, 格式版本未知,
     签发密钥未知, 空白卡), as iccard gives it;
  2. the hot-list by serial (挂失, 暂吊, 吊销, 注销, 已补卡作废);
  3. a generation older than the entity's current card: replaced;
  4. no card record here: valid signature, but this workstation has no record of the card;
  5. otherwise valid (有效).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from client.cards.models import CardHotlist, IcCard, IssuerKey
from client.cards.rules import HOTLISTED_STATES, LIVE_STATES, CardState
from client.kernel.lifecycle import EntityState
from client.kernel.models import MarketEntity
from client.kernel.numbers import CHINA_TZ, PENDING  # noqa: F401 (re-exported)
from iccard.card_reader import CardReadResult
from iccard.verdict import Verdict

VALID = "valid"
UNREGISTERED = "unregistered"

_LABELS = {
    VALID: "有效",
    UNREGISTERED: "签名有效（本机无此卡登记）",
    **{s.code: s.label for s in CardState},
}

_HOTLIST_MESSAGES = {
    CardState.LOST: "此卡已挂失（{day}），请收回",
    CardState.SUSPENDED: "此卡已暂吊（{day}），暂停使用，请收回",
    CardState.REVOKED: "此卡已吊销（{day}，随企业吊销营业执照），请收回",
    CardState.CANCELLED: "此卡已注销（{day}），请收回",
    CardState.REPLACED: "此卡已补办新卡，旧卡作废（{day}），请收回",
}


@dataclass(frozen=True)
class CardSummary:
    id: str
    card_no: str | None
    card_no_text: str  # the number, or 待分配
    serial: str
    generation: int
    state: str
    state_label: str
    made_at: dt.datetime
    issued_at: dt.datetime | None
    recipient_name: str | None
    office_code: str
    version: int


@dataclass(frozen=True)
class EntitySummary:
    entity_id: str | None  # None: not in this workstation's register
    name: str
    credit_code: str
    legal_rep: str
    state: str | None  # EntityState code; None when only the card says who it is
    state_label: str
    from_card: bool  # True: what the card claims, not confirmed by the register here


@dataclass(frozen=True)
class CardVerdict:
    kind: str  # "valid", "unregistered", an iccard Verdict value, or a CardState code
    label: str  # Chinese, for the verdict panel's headline
    message: str  # Chinese, plain: what it means and what to do
    ok: bool  # the card may be accepted to identify the enterprise
    serial: str | None
    generation: int | None
    read_verdict: Verdict  # the card's own verdict
    read_message: str  # iccard's message about the card itself
    card: CardSummary | None
    entity: EntitySummary | None
    since: dt.datetime | None = None  # when the card was hot-listed


def _day(value: dt.datetime | None) -> str:
    return value.astimezone(CHINA_TZ).date().isoformat() if value else "日期不详"


def card_summary(card: IcCard) -> CardSummary:
    return CardSummary(
        id=card.id, card_no=card.card_no, card_no_text=card.card_no or PENDING, serial=card.serial,
        generation=card.generation, state=card.state, state_label=CardState.label_of(card.state),
        made_at=card.made_at, issued_at=card.issued_at, recipient_name=card.recipient_name,
        office_code=card.office_code, version=card.version,
    )


def _entity_summary(session: Session, result: CardReadResult, card: IcCard | None) -> tuple[EntitySummary | None, MarketEntity | None]:
    """Whom the card belongs to: the register's entity for a trustworthy card (by the card record
    of its serial, or by its credit code); what the card claims, marked so, for any other."""
    trusted = result.verdict.trusted
    entity = None
    if trusted:
        entity = session.get(MarketEntity, card.entity_id) if card is not None else None
        if entity is None and result.credit_code:
            entity = session.scalar(sa.select(MarketEntity).where(MarketEntity.uscc == result.credit_code))
    if entity is not None:
        return EntitySummary(entity.id, entity.name, entity.uscc or result.credit_code or "", entity.legal_rep,
                             entity.state, EntityState.label_of(entity.state), from_card=False), entity
    if result.content is not None:
        e = result.content.enterprise
        label = "（卡内信息，未经核验）" if not trusted else "（本机登记簿中没有该企业）"
        return EntitySummary(None, e.name, e.credit_code, e.legal_representative, None, label,
                             from_card=True), None
    return None, None


def card_verdict(session: Session, result: CardReadResult) -> CardVerdict:
    """Judge a card read by iccard.read_card against this database (see the module docstring)."""
    card = session.scalar(sa.select(IcCard).where(IcCard.serial == result.serial)) if result.serial else None
    entity_summary, entity = _entity_summary(session, result, card)
    summary = card_summary(card) if card is not None else None

    def verdict(kind: str, message: str, ok: bool, since: dt.datetime | None = None, label: str | None = None):
        return CardVerdict(kind=kind, label=label or _LABELS.get(kind, kind), message=message, ok=ok,
                           serial=result.serial, generation=result.card_generation, read_verdict=result.verdict,
                           read_message=result.message, card=summary, entity=entity_summary, since=since)

    # 1. the card itself is not to be trusted
    if not result.verdict.trusted:
        message = result.message
        if result.verdict is Verdict.UNKNOWN_KEY and result.key_id:
            key = session.get(IssuerKey, result.key_id)
            if key is not None and key.revoked_at is not None:
                message = (f"该卡的签发密钥 {key.key_id} 已于{_day(key.revoked_at)}停用，"
                           f"卡片无法核验，请企业到窗口重新制卡")
        if result.verdict is Verdict.FORGED:
            message = f"{message}。此卡不能使用，请收回并核实持卡人身份"
        return verdict(result.verdict.value, message, False, label=result.verdict.label)

    # 2. the hot-list, by serial (city-wide, pulled by every workstation)
    listed = session.get(CardHotlist, result.serial)
    if listed is not None:
        state = CardState.from_code(listed.state)
        return verdict(state.code, _HOTLIST_MESSAGES[state].format(day=_day(listed.since)), False, listed.since)
    # (a card record in a hot-listed state whose hot-list row this store has not got yet)
    if card is not None and CardState.from_code(card.state) in HOTLISTED_STATES:
        state = CardState.from_code(card.state)
        return verdict(state.code, _HOTLIST_MESSAGES[state].format(day=_day(card.state_changed_at)), False,
                       card.state_changed_at)

    # 3. an older generation than the enterprise's current card
    if entity is not None and result.card_generation is not None:
        current = session.scalar(sa.select(IcCard).where(
            IcCard.entity_id == entity.id, IcCard.state.in_([s.code for s in LIVE_STATES]))
            .order_by(IcCard.generation.desc()).limit(1))
        if current is not None and result.card_generation < current.generation:
            return verdict(CardState.REPLACED.code,
                           f"此卡是第{result.card_generation}张卡，该企业已补办第{current.generation}张卡，"
                           f"旧卡作废，请收回", False)
    if entity is not None and entity.state == EntityState.REVOKED.code:
        return verdict(CardState.REVOKED.code, f"该企业已被吊销营业执照（{entity.state_changed_on or '日期不详'}），"
                                               f"此卡随之吊销，请收回", False)
    if entity is not None and entity.state == EntityState.DEREGISTERED.code:
        return verdict(CardState.CANCELLED.code, f"该企业已注销登记（{entity.state_changed_on or '日期不详'}），"
                                                 f"此卡随之注销，请收回", False)

    # 4. nothing known about the card here
    if card is None:
        return verdict(UNREGISTERED, "签名有效，但本机尚无此卡的登记（可能尚未同步）", True)

    # 5. valid
    message = "卡片有效：签名核验通过，未列入黑名单"
    if card.state == CardState.MADE.code:
        message += "（已制卡，尚未发卡）"
    if entity is not None and result.content is not None and result.content.enterprise.name != entity.name:
        message += f"；卡内企业名称与登记不一致（登记为“{entity.name}”），请办理卡片修改"
    return verdict(VALID, message, True)
