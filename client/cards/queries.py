"""Read side of the card counter: card lists and details, an entity's current card, the entities
that may get a card, what to write on a card, receipts, and statistics for the charts.

Every function takes a session and reads whatever database it is given (the screens hand it
the local replica, so the counter works offline) and, where it lists or opens a card by id,
the acting principal, whose jurisdiction limits what is listed or opened. Results are plain
dataclasses.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from client.cards.models import CardEvent, CardHotlist, IcCard, IssuerKey
from client.cards.rules import LIVE_STATES, CardAction, CardState, fee_item, yuan_text
from client.kernel import reference
from client.kernel.clock import beijing_today
from client.kernel.errors import NotFound, RuleViolation
from client.kernel.lifecycle import EntityState
from client.kernel.models import AppUser, MarketEntity, Office
from client.kernel.numbers import CHINA_TZ, PENDING, number_text  # noqa: F401 (re-exported)
from client.kernel.permissions import in_jurisdiction, require_scope
from client.kernel.roles import Principal
from client.kernel.text import LIKE_ESCAPE, like_contains

MAX_ROWS = 1000




def _start_of(day: dt.date) -> dt.datetime:
    """Midnight Beijing time of `day`, as an aware UTC instant (the columns are UTC)."""
    return dt.datetime.combine(day, dt.time(), CHINA_TZ).astimezone(dt.timezone.utc)


# --- lists and details ----------------------------------------------------------------------


@dataclass(frozen=True)
class CardRow:
    id: str
    card_no: str | None
    card_no_text: str  # the number, or 待分配
    serial: str
    generation: int
    state: str
    state_label: str
    entity_id: str
    entity_name: str
    uscc: str | None
    entity_state: str
    office_code: str
    district_code: str
    made_at: dt.datetime
    issued_at: dt.datetime | None
    recipient_name: str | None
    fee_fen: int
    version: int


@dataclass(frozen=True)
class CardEventRow:
    id: str
    kind: str
    kind_label: str
    occurred_at: dt.datetime
    actor_name: str | None
    summary: str
    reason: str | None
    fee_fen: int


@dataclass(frozen=True)
class CardDetail:
    card: CardRow
    key_id: str
    content_hash: str
    recipient_id_masked: str | None
    made_by_name: str | None
    issued_by_name: str | None
    state_reason: str | None
    state_changed_at: dt.datetime | None
    replaced_by_id: str | None
    replaces_id: str | None  # the card this one replaced (补卡)
    hotlisted: bool
    events: list[CardEventRow]
    allowed_actions: list[CardAction]  # what the counter may do now (client.cards.rules)


_EVENT_LABELS = {**{a.code: a.label for a in CardAction}, "replaced": "已补卡作废"}


def _row(card: IcCard, entity: MarketEntity) -> CardRow:
    return CardRow(
        id=card.id, card_no=card.card_no, card_no_text=number_text(card.card_no), serial=card.serial,
        generation=card.generation, state=card.state, state_label=CardState.label_of(card.state),
        entity_id=entity.id, entity_name=entity.name, uscc=entity.uscc, entity_state=entity.state,
        office_code=card.office_code, district_code=card.district_code, made_at=card.made_at, issued_at=card.issued_at,
        recipient_name=card.recipient_name, fee_fen=card.fee_fen or 0, version=card.version,
    )


def cards(session: Session, principal: Principal, *, office_code: str | None = None,
          state: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
          text: str = "", limit: int = 500) -> list[CardRow]:
    """Cards in the principal's jurisdiction, newest first. `since`/`until` (Beijing dates,
    inclusive) filter on the making date; `text` matches the credit code, the entity's name,
    the card number or the serial."""
    stmt = (sa.select(IcCard, MarketEntity).join(MarketEntity, MarketEntity.id == IcCard.entity_id)
            .where(in_jurisdiction(principal, IcCard.office_code, IcCard.district_code)))
    if office_code:
        stmt = stmt.where(IcCard.office_code == office_code)
    if state:
        stmt = stmt.where(IcCard.state == state)
    if since:
        stmt = stmt.where(IcCard.made_at >= _start_of(since))
    if until:
        stmt = stmt.where(IcCard.made_at < _start_of(until + dt.timedelta(days=1)))
    text = " ".join((text or "").split())
    if text:
        upper = text.upper()
        stmt = stmt.where(sa.or_(
            MarketEntity.uscc == upper, IcCard.card_no == upper, IcCard.serial == upper,
            MarketEntity.name.like(like_contains(text), escape=LIKE_ESCAPE),
            IcCard.card_no.like(like_contains(upper), escape=LIKE_ESCAPE), IcCard.serial.like(like_contains(upper), escape=LIKE_ESCAPE),
            MarketEntity.uscc.like(like_contains(upper), escape=LIKE_ESCAPE),
        ))
    stmt = stmt.order_by(IcCard.made_at.desc(), IcCard.id).limit(min(limit, MAX_ROWS))
    return [_row(card, entity) for card, entity in session.execute(stmt)]


def _user_name(session: Session, user_id: str | None) -> str | None:
    if not user_id:
        return None
    user = session.get(AppUser, user_id)
    return user.full_name if user is not None else None


def card_detail(session: Session, principal: Principal, card_id: str) -> CardDetail:
    """One card with its history and what the counter may do with it now; refused when the
    card lies outside the principal's jurisdiction."""
    from client.cards.rules import allowed_actions

    card = session.get(IcCard, card_id)
    if card is None:
        raise NotFound("企业IC卡不存在（可能尚未同步）")
    require_scope(principal, office_code=card.office_code, district_code=card.district_code, what="该卡")
    entity = session.get(MarketEntity, card.entity_id)
    if entity is None:
        raise NotFound("该卡所属的市场主体不在本机登记簿中（可能尚未同步）")
    actor = aliased(AppUser)
    events = [
        CardEventRow(id=e.id, kind=e.kind, kind_label=_EVENT_LABELS.get(e.kind, e.kind), occurred_at=e.occurred_at,
                     actor_name=name, summary=e.summary, reason=e.reason, fee_fen=e.fee_fen or 0)
        for e, name in session.execute(
            sa.select(CardEvent, actor.full_name).outerjoin(actor, actor.id == CardEvent.actor_id)
            .where(CardEvent.card_id == card.id).order_by(CardEvent.occurred_at, CardEvent.id))
    ]
    replaces = session.scalar(sa.select(IcCard.id).where(IcCard.replaced_by_id == card.id))
    return CardDetail(
        card=_row(card, entity), key_id=card.key_id, content_hash=card.content_hash,
        recipient_id_masked=card.recipient_id_masked, made_by_name=_user_name(session, card.made_by),
        issued_by_name=_user_name(session, card.issued_by), state_reason=card.state_reason,
        state_changed_at=card.state_changed_at, replaced_by_id=card.replaced_by_id, replaces_id=replaces,
        hotlisted=session.get(CardHotlist, card.serial) is not None, events=events,
        allowed_actions=allowed_actions(entity.state, card.state),
    )


def entity_cards(session: Session, entity_id: str) -> list[CardRow]:
    """Every card the entity has had, oldest first."""
    entity = session.get(MarketEntity, entity_id)
    if entity is None:
        return []
    return [_row(c, entity) for c in session.scalars(
        sa.select(IcCard).where(IcCard.entity_id == entity_id).order_by(IcCard.generation, IcCard.made_at))]


def current_card(session: Session, entity_id: str) -> CardRow | None:
    """The entity's card in use (made, issued, lost or suspended), or None."""
    live = [c for c in entity_cards(session, entity_id) if CardState.from_code(c.state) in LIVE_STATES]
    return live[-1] if live else None


def card_by_serial(session: Session, serial: str) -> CardRow | None:
    card = session.scalar(sa.select(IcCard).where(IcCard.serial == serial))
    if card is None:
        return None
    entity = session.get(MarketEntity, card.entity_id)
    return _row(card, entity) if entity is not None else None


def next_generation(session: Session, entity_id: str) -> int:
    """The generation to write on the entity's next card (1 for the first)."""
    return (session.scalar(sa.select(sa.func.max(IcCard.generation)).where(IcCard.entity_id == entity_id)) or 0) + 1


# --- who may get a card ---------------------------------------------------------------------


@dataclass(frozen=True)
class EligibleEntity:
    id: str
    name: str
    uscc: str
    legal_rep: str
    address: str
    office_code: str
    version: int


def eligible_entities(session: Session, principal: Principal, *, text: str = "", limit: int = 100) -> list[EligibleEntity]:
    """存续 entities in the principal's jurisdiction with a credit code and no card in use:
    those the counter may make a card for. `text`: credit code, name or pinyin initials."""
    live = sa.select(IcCard.id).where(IcCard.entity_id == MarketEntity.id,
                                      IcCard.state.in_([s.code for s in LIVE_STATES]))
    stmt = sa.select(MarketEntity).where(
        MarketEntity.state == EntityState.ACTIVE.code, MarketEntity.uscc.is_not(None), ~live.exists(),
        in_jurisdiction(principal, MarketEntity.office_code, MarketEntity.district_code))
    text = " ".join((text or "").split())
    if text:
        stmt = stmt.where(sa.or_(MarketEntity.uscc == text.upper(), MarketEntity.name.like(like_contains(text), escape=LIKE_ESCAPE),
                                 MarketEntity.name_initials.like(like_contains(text.lower())[1:], escape=LIKE_ESCAPE)))
    stmt = stmt.order_by(MarketEntity.name_key, MarketEntity.row_no).limit(min(limit, MAX_ROWS))
    return [EligibleEntity(e.id, e.name, e.uscc, e.legal_rep, e.address, e.office_code, e.version)
            for e in session.scalars(stmt)]


@dataclass(frozen=True)
class CounterLists:
    """What the card counter lists: the cards, and the enterprises a card may be made for."""

    cards: list[CardRow]
    entities: list[EligibleEntity]


def counter_lists(session: Session, principal: Principal, *, text: str = "", state: str | None = None) -> CounterLists:
    """The counter's two lists for one search (`text`: credit code, name, pinyin initials, card
    number or serial; `state`: the cards' state, or None for all)."""
    return CounterLists(cards(session, principal, text=text, state=state),
                        eligible_entities(session, principal, text=text))


# --- what to write on a card ----------------------------------------------------------------


def card_content_for(session: Session, entity_id: str, *, operator_name: str, issuing_office_code: str,
                     generation: int, issue_date: dt.date | None = None):
    """The iccard.CardContent to write for the entity (its registration data as the licence
    prints it) issued by `issuing_office_code` today. RuleViolation when no card may carry it
    (no credit code yet)."""
    from client.kernel.register import authority_name
    from client.kernel.register import issue_date as approved_on
    from iccard.layout import CardContent, EnterpriseData, IssueData

    entity = session.get(MarketEntity, entity_id)
    if entity is None:
        raise NotFound("市场主体不存在（可能尚未同步）")
    if not entity.uscc:
        raise RuleViolation("该企业的统一社会信用代码待分配（规则：卡上须载明中心赋予的统一社会信用代码），请同步后再制卡")
    office = session.get(Office, issuing_office_code)
    office_name = office.name if office is not None else reference.office(issuing_office_code).name
    return CardContent(
        EnterpriseData(
            credit_code=entity.uscc, name=entity.name, kind_code=entity.kind_code,
            kind_label=reference.entity_kind(entity.kind_code).name, legal_representative=entity.legal_rep,
            address=entity.address, office_code=entity.district_code,
            office_name=authority_name(session, entity.district_code), established=entity.established_on,
            approved=approved_on(session, entity),
        ),
        IssueData(
            issue_date=issue_date or beijing_today(), issuing_office_code=issuing_office_code,
            issuing_office_name=office_name, operator=operator_name, card_generation=generation,
        ),
    )


# --- receipts -------------------------------------------------------------------------------


def receipt_data(session: Session, principal: Principal, event_id: str):
    """The receipt (client.cards.reports.CardReceiptData) of a card event: 制卡, 补卡 or
    发卡 (the result's event_id of those commands), of a card in the principal's jurisdiction."""
    from client.cards.reports import CardReceiptData

    event = session.get(CardEvent, event_id)
    if event is None:
        raise NotFound("该业务记录不存在（可能尚未同步）")
    card = session.get(IcCard, event.card_id)
    entity = session.get(MarketEntity, event.entity_id)
    if card is None or entity is None:
        raise NotFound("该卡或所属企业不在本机（可能尚未同步）")
    require_scope(principal, office_code=card.office_code, district_code=card.district_code, what="该卡")
    office = session.get(Office, card.office_code)
    action = CardAction.from_code(event.kind) if event.kind in _EVENT_LABELS and event.kind != "replaced" else None
    return CardReceiptData(
        receipt_no=event.id.replace("-", "")[:12].upper(),
        action=action.label if action else _EVENT_LABELS.get(event.kind, event.kind),
        fee_item=fee_item(action) if action and event.fee_fen else "（本项业务不收费）",
        fee_fen=event.fee_fen or 0,
        entity_name=entity.name, uscc=entity.uscc or PENDING, card_no=number_text(card.card_no),
        serial=card.serial, generation=card.generation,
        recipient_name=card.recipient_name if event.kind == CardAction.ISSUE.code else None,
        recipient_id_masked=card.recipient_id_masked if event.kind == CardAction.ISSUE.code else None,
        operator=_user_name(session, event.actor_id) or "",
        office_name=office.name if office is not None else card.office_code,
        occurred_at=event.occurred_at,
    )


# --- statistics -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeStateCount:
    office_code: str
    office_name: str
    state: str
    state_label: str
    count: int


@dataclass(frozen=True)
class MonthActions:
    month: str  # "2026-11" (Beijing time)
    counts: dict[str, int]  # CardAction code -> number of actions that month (0 for none)
    fees_fen: int


@dataclass(frozen=True)
class FeeTotal:
    total_fen: int
    count: int  # charged actions
    by_action: dict[str, int]  # CardAction code -> fen

    @property
    def total_text(self) -> str:
        return yuan_text(self.total_fen)


@dataclass(frozen=True)
class CardStatistics:
    since: dt.date
    until: dt.date
    by_office_state: list[OfficeStateCount]
    by_month: list[MonthActions]
    fees: FeeTotal
    states: list[CardState] = field(default_factory=lambda: list(CardState))  # the chart's series order
    actions: list[CardAction] = field(default_factory=lambda: [a for a in CardAction])


def counts_by_office_state(session: Session, principal: Principal, *, office_code: str | None = None,
                           since: dt.date | None = None, until: dt.date | None = None) -> list[OfficeStateCount]:
    """How many cards each office has in each state (cards made in the period, if given)."""
    stmt = (sa.select(IcCard.office_code, IcCard.state, sa.func.count())
            .where(in_jurisdiction(principal, IcCard.office_code, IcCard.district_code))
            .group_by(IcCard.office_code, IcCard.state))
    if office_code:
        stmt = stmt.where(IcCard.office_code == office_code)
    if since:
        stmt = stmt.where(IcCard.made_at >= _start_of(since))
    if until:
        stmt = stmt.where(IcCard.made_at < _start_of(until + dt.timedelta(days=1)))
    rows = session.execute(stmt).all()
    names = {o.code: o.name for o in session.scalars(sa.select(Office).where(
        Office.code.in_(sorted({r[0] for r in rows}) or [""])))}
    order = {s.code: i for i, s in enumerate(CardState)}
    out = [OfficeStateCount(office, names.get(office, office), state, CardState.label_of(state), int(n))
           for office, state, n in rows]
    return sorted(out, key=lambda r: (r.office_code, order.get(r.state, 99)))


def _months(since: dt.date, until: dt.date) -> list[str]:
    out, y, m = [], since.year, since.month
    while (y, m) <= (until.year, until.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _events_in(session: Session, principal: Principal, office_code: str | None, since: dt.date, until: dt.date):
    stmt = (sa.select(CardEvent.occurred_at, CardEvent.kind, CardEvent.fee_fen)
            .join(IcCard, IcCard.id == CardEvent.card_id)
            .where(CardEvent.occurred_at >= _start_of(since),
                   CardEvent.occurred_at < _start_of(until + dt.timedelta(days=1)),
                   in_jurisdiction(principal, IcCard.office_code, IcCard.district_code)))
    if office_code:
        stmt = stmt.where(IcCard.office_code == office_code)
    return session.execute(stmt.execution_options(yield_per=2000))


def actions_by_month(session: Session, principal: Principal, *, since: dt.date, until: dt.date,
                     office_code: str | None = None) -> list[MonthActions]:
    """Per month of the period (Beijing time, every month present), how many of each action."""
    months = _months(since, until)
    counts = {m: defaultdict(int) for m in months}
    fees = dict.fromkeys(months, 0)
    codes = {a.code for a in CardAction}
    for occurred_at, kind, fee in _events_in(session, principal, office_code, since, until):
        if occurred_at.tzinfo is None:
            occurred_at = occurred_at.replace(tzinfo=dt.timezone.utc)
        month = occurred_at.astimezone(CHINA_TZ).strftime("%Y-%m")
        if month in counts and kind in codes:
            counts[month][kind] += 1
            fees[month] += fee or 0
    return [MonthActions(m, {a.code: counts[m].get(a.code, 0) for a in CardAction}, fees[m]) for m in months]


def fees_total(session: Session, principal: Principal, *, since: dt.date, until: dt.date,
               office_code: str | None = None) -> FeeTotal:
    by_action: dict[str, int] = defaultdict(int)
    count = 0
    for _when, kind, fee in _events_in(session, principal, office_code, since, until):
        if fee:
            by_action[kind] += fee
            count += 1
    return FeeTotal(sum(by_action.values()), count, dict(by_action))


def statistics(session: Session, principal: Principal, *, since: dt.date, until: dt.date,
               office_code: str | None = None) -> CardStatistics:
    """Everything the statistics screen shows: the cards each office has now, by state (the
    stock, not limited to the period), and the actions and fees of the period (Beijing dates,
    inclusive) month by month."""
    if until < since:
        raise RuleViolation("统计期间的结束日期不能早于开始日期")
    return CardStatistics(
        since=since, until=until,
        by_office_state=counts_by_office_state(session, principal, office_code=office_code),
        by_month=actions_by_month(session, principal, since=since, until=until, office_code=office_code),
        fees=fees_total(session, principal, since=since, until=until, office_code=office_code),
    )


def hotlist_size(session: Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(CardHotlist)) or 0


@dataclass(frozen=True)
class IssuerKeyRow:
    key_id: str
    algorithm: int
    public_key: str
    device_id: str | None
    issuing_office: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    revoke_reason: str | None


def issuer_keys(session: Session) -> list[IssuerKeyRow]:
    """Every issuing key this database knows (city-wide), oldest first."""
    return [IssuerKeyRow(k.key_id, k.algorithm, k.public_key, k.device_id, k.issuing_office, k.created_at,
                         k.revoked_at, k.revoke_reason)
            for k in session.scalars(sa.select(IssuerKey).order_by(IssuerKey.created_at, IssuerKey.key_id))]

