"""Enterprise IC cards at the counter (企业IC卡): the handlers of its commands (client/cards/commands.py).

制卡 (make), 发卡 (issue), 修改 (rewrite), 挂失/解挂 (report/withdraw a loss), 补卡 (replace),
暂吊/恢复 (suspend/restore), 注销 (cancel), and the issuers' keys. 吊销 is not a counter action:
it follows the entity's 吊销营业执照 (`on_entity_revoked`, subscribed to registration's domain
event EntityRevoked), as 注销登记 is followed by `on_entity_deregistered`.

The card is written by the screen (iccard.make_card / rewrite_card, with the workstation's key
from client.cards.keys) *before* the command is sent: the command records what was
written (serial, key id, content hash, generation), and the handler — on the workstation and
again on the centre — checks the enterprise, the card's state (client.cards.rules) and the
user's role and jurisdiction. Every action writes a card_event line and keeps the city-wide
hot-list (card_hotlist) in step with the card's state.

Every handler runs twice, so what it writes is a function of the command and the database: the
card ids come with the command, event ids are derived from the op_id, and the card number (卡号)
is given only by the centre (NULL, shown 待分配, on a workstation until the pull brings it).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from client.cards import rules as rules
from client.cards.commands import (
    CancelCard,
    IssueCard,
    MakeCard,
    RegisterIssuerKey,
    ReplaceCard,
    ReportLoss,
    RestoreCard,
    RevokeIssuerKey,
    RewriteCard,
    SuspendCard,
    WithdrawLoss,
)
from client.cards.models import CardEvent, CardHotlist, IcCard, IssuerKey
from client.cards.rules import CardAction, CardState
from client.kernel.errors import FieldError, InvalidInput, RuleViolation
from client.kernel.events import EntityDeregistered, EntityRevoked
from client.kernel.ids import derived_id
from client.kernel.models import MarketEntity, Office
from client.kernel.numbers import CHINA_TZ, PENDING  # noqa: F401 (re-exported)
from client.kernel.permissions import require_role, require_scope
from client.kernel.roles import Principal, Role
from client.kernel.text import check_text
from client.kernel.uow import UnitOfWork

# --- helpers --------------------------------------------------------------------------------


def _invalid(errors: dict[str, str]) -> InvalidInput:
    return InvalidInput([FieldError(k, v) for k, v in errors.items()])


def _event_id(op_id: str, part: str) -> str:
    return derived_id(op_id, part)


def _reason(text: str | None, *, label: str, required: bool) -> str | None:
    value, problem = check_text(text, label=label, minimum=rules.REASON_MINIMUM if required else 0, maximum=500)
    if problem:
        raise _invalid({rules.REASON_FIELD: problem})
    return value or None


def _action_reason(text: str | None, action: CardAction) -> str | None:
    """The reason of a counter action (client.cards.rules: which actions must give one)."""
    if problem := rules.explain_missing_reason(action, text):
        raise _invalid({rules.REASON_FIELD: problem})
    return _reason(text, label=rules.REASON_LABELS[action], required=action in rules.REASON_REQUIRED)


def _day(value: dt.datetime) -> str:
    return value.astimezone(CHINA_TZ).date().isoformat()


def _operator(uow: UnitOfWork, user_id: str, *, head_too: bool = False) -> Principal:
    principal = uow.principal(user_id)
    if head_too:
        require_role(principal, Role.CARD_OPERATOR, Role.OFFICE_HEAD)
    else:
        require_role(principal, Role.CARD_OPERATOR)
    return principal


def _card(uow: UnitOfWork, principal: Principal, card_id: str, base_version: int | None) -> tuple[IcCard, MarketEntity]:
    card = uow.get(IcCard, card_id, label="企业IC卡")
    require_scope(principal, office_code=card.office_code, district_code=card.district_code, what="该卡")
    uow.check_version(card, base_version, label="该卡")
    entity = uow.get(MarketEntity, card.entity_id, label="市场主体", for_update=False)
    return card, entity


def _allowed(action: CardAction, entity: MarketEntity, card_state: CardState | str | None) -> None:
    if problem := rules.refusal(action, entity_state=entity.state, card_state=card_state):
        raise RuleViolation(problem)


def serial_problem(session, serial: str) -> str | None:
    """Why the chip `serial` may not become a new card (制卡/补卡), or None. The counter asks this
    BEFORE writing, so that a card of another enterprise put in by mistake is never overwritten;
    the handlers ask it again (centrally too: the centre sees every office's cards)."""
    if problem := rules.explain_serial(serial):
        return problem
    listed = session.get(CardHotlist, serial)
    if listed is not None:
        return (f"该卡片（序列号{serial}）在黑名单中（{CardState.label_of(listed.state)}），"
                f"不能再用于制卡，请换一张空白卡")
    existing = session.scalar(sa.select(IcCard).where(IcCard.serial == serial))
    if existing is not None:
        owner = session.get(MarketEntity, existing.entity_id)
        whose = f"“{owner.name}”" if owner is not None else "另一企业"
        return (f"该卡片（序列号{serial}）已登记为{whose}的卡"
                f"（{CardState.label_of(existing.state)}），不能再次制卡，请换一张空白卡")
    return None


def _check_serial(uow: UnitOfWork, serial: str) -> str:
    if problem := serial_problem(uow.session, serial):
        if problem == rules.explain_serial(serial):
            raise _invalid({"serial": problem})
        raise RuleViolation(problem)
    return serial


def _check_key(uow: UnitOfWork, key_id: str) -> IssuerKey:
    key = uow.session.get(IssuerKey, key_id or "")
    if key is None:
        raise RuleViolation(f"签发密钥“{key_id}”未登记，不能用它制卡（请先在本机登记制卡密钥）")
    if key.revoked_at is not None:
        raise RuleViolation(f"签发密钥“{key_id}”已于{_day(key.revoked_at)}停用，不能再用它制卡")
    return key


def _check_hash(text: str) -> str:
    if not rules.is_sha256_hex(text):
        raise _invalid({"content_hash": "卡片内容校验值应为64位小写十六进制（SHA-256）"})
    return text


def _entity_cards(uow: UnitOfWork, entity_id: str) -> list[IcCard]:
    return list(uow.session.scalars(sa.select(IcCard).where(IcCard.entity_id == entity_id)
                                    .order_by(IcCard.generation, IcCard.made_at)))


def _live_card(cards: list[IcCard]) -> IcCard | None:
    live = [c for c in cards if CardState.from_code(c.state) in rules.LIVE_STATES]
    return live[-1] if live else None


def _card_no(uow: UnitOfWork, district_code: str) -> str | None:
    year = uow.clock().astimezone(CHINA_TZ).year
    n = uow.number_or_pending(f"card_no:{district_code}:{year}")
    return f"K{district_code}{year}{n:06d}" if n is not None else None  # None: 待分配 offline


def _new_card(uow: UnitOfWork, principal: Principal, entity: MarketEntity, *, card_id: str, serial: str,
              key_id: str, content_hash_: str, generation: int, fee: int) -> IcCard:
    if uow.session.get(IcCard, card_id) is not None:
        raise RuleViolation("该卡已登记")
    card = IcCard(
        id=card_id, card_no=_card_no(uow, entity.district_code), serial=serial, entity_id=entity.id,
        office_code=entity.office_code, district_code=entity.district_code, generation=generation,
        state=CardState.MADE.code, key_id=key_id, content_hash=content_hash_, made_at=uow.clock(),
        made_by=principal.user_id, fee_fen=fee, state_changed_at=uow.clock(), version=1,
    )
    uow.session.add(card)
    uow.session.flush()  # (no ORM relationships: the card row goes in before rows pointing at it)
    return card


def _event(uow: UnitOfWork, card: IcCard, action: CardAction | str, *, actor_id: str | None, summary: str,
           reason: str | None = None, fee: int = 0, event_id: str | None = None) -> CardEvent:
    event = CardEvent(
        card_id=card.id, entity_id=card.entity_id,
        kind=action.code if isinstance(action, CardAction) else action, occurred_at=uow.clock(),
        actor_id=actor_id, summary=summary[:500], reason=reason, fee_fen=fee,
    )
    if event_id is not None:
        event.id = event_id
    uow.session.add(event)
    return event


def _sync_hotlist(uow: UnitOfWork, card: IcCard) -> None:
    """The hot-list follows the card: listed while its state makes it unusable, gone otherwise."""
    row = uow.session.get(CardHotlist, card.serial)
    state = CardState.from_code(card.state)
    if state in rules.HOTLISTED_STATES:
        if row is None:
            uow.session.add(CardHotlist(serial=card.serial, card_id=card.id, state=state.code,
                                        reason=card.state_reason, since=uow.clock()))
        else:
            row.card_id, row.state, row.reason, row.since = card.id, state.code, card.state_reason, uow.clock()
    elif row is not None:
        uow.session.delete(row)


def _move(uow: UnitOfWork, card: IcCard, action: CardAction, *, reason: str | None) -> CardState:
    new = rules.next_state(action, CardState.from_code(card.state))
    assert new is not None, (action, card.state)  # the caller asked rules.refusal first
    card.state = new.code
    card.state_reason = reason
    card.state_changed_at = uow.clock()
    card.version += 1
    _sync_hotlist(uow, card)
    return new


def _result(card: IcCard, event_id: str | None) -> dict:
    return {"subject_id": card.id, "card_id": card.id, "card_no": card.card_no, "state": card.state,
            "version": card.version, "event_id": event_id}


# --- handlers -------------------------------------------------------------------------------


def make_card(cmd: MakeCard, uow: UnitOfWork) -> dict:
    principal = _operator(uow, cmd.user_id)
    entity = uow.get(MarketEntity, cmd.entity_id, label="市场主体")  # locked: one make at a time
    require_scope(principal, office_code=entity.office_code, district_code=entity.district_code, what="该企业")
    existing = _entity_cards(uow, entity.id)
    live = _live_card(existing)
    _allowed(CardAction.MAKE, entity, live.state if live else None)
    if not entity.uscc:
        raise RuleViolation("该企业的统一社会信用代码待分配（规则：卡上须载明中心赋予的统一社会信用代码），请同步后再制卡")
    expected = max((c.generation for c in existing), default=0) + 1
    if int(cmd.generation) != expected:
        raise _invalid({"generation": f"卡序号应为{expected}（该企业已制过{expected - 1}张卡），写入的是{cmd.generation}，请重新写卡"})
    serial = _check_serial(uow, cmd.serial)
    key = _check_key(uow, cmd.key_id)
    fee = rules.fee_fen(CardAction.MAKE)
    card = _new_card(uow, principal, entity, card_id=cmd.card_id, serial=serial, key_id=key.key_id,
                     content_hash_=_check_hash(cmd.content_hash), generation=expected, fee=fee)
    event_id = _event_id(cmd.op_id, "make")
    _event(uow, card, CardAction.MAKE, actor_id=principal.user_id, fee=fee, event_id=event_id,
           summary=f"制卡（第{expected}张卡，序列号{serial}），{rules.fee_item(CardAction.MAKE)}{rules.yuan_text(fee)}")
    uow.changes.add("cards")
    return _result(card, event_id)


def issue_card(cmd: IssueCard, uow: UnitOfWork) -> dict:
    principal = _operator(uow, cmd.user_id)
    card, entity = _card(uow, principal, cmd.card_id, cmd.base_version)
    _allowed(CardAction.ISSUE, entity, card.state)
    errors = {}
    if problem := rules.explain_recipient_name(cmd.recipient_name):
        errors["recipient_name"] = problem
    if not rules.is_masked_id(cmd.recipient_id_masked) or not rules.is_sha256_hex(cmd.recipient_id_hash):
        errors[rules.ID_FIELD] = "领卡人公民身份号码须经核验后只保存后四位和校验值（请用 issue_card_command 生成发卡指令）"
    if errors:
        raise _invalid(errors)
    _move(uow, card, CardAction.ISSUE, reason=None)
    card.issued_at = uow.clock()
    card.issued_by = principal.user_id
    card.recipient_name = " ".join(cmd.recipient_name.split())
    card.recipient_id_masked = cmd.recipient_id_masked
    card.recipient_id_hash = cmd.recipient_id_hash
    event_id = _event_id(cmd.op_id, "issue")
    _event(uow, card, CardAction.ISSUE, actor_id=principal.user_id, event_id=event_id,
           summary=f"发卡，领卡人{card.recipient_name}（公民身份号码{card.recipient_id_masked}）")
    uow.changes.add("cards")
    return _result(card, event_id)


def rewrite_card(cmd: RewriteCard, uow: UnitOfWork) -> dict:
    principal = _operator(uow, cmd.user_id)
    card, entity = _card(uow, principal, cmd.card_id, cmd.base_version)
    _allowed(CardAction.REWRITE, entity, card.state)
    if cmd.serial != card.serial:
        raise RuleViolation(f"读卡器中的卡（序列号{cmd.serial}）不是该卡（序列号{card.serial}），修改已取消")
    new_hash = _check_hash(cmd.content_hash)
    if cmd.key_id is not None and cmd.key_id != card.key_id:
        card.key_id = _check_key(uow, cmd.key_id).key_id
    card.content_hash = new_hash
    card.version += 1
    event_id = _event_id(cmd.op_id, "rewrite")
    _event(uow, card, CardAction.REWRITE, actor_id=principal.user_id, event_id=event_id,
           summary="修改：按变更后的登记事项重写卡内信息")
    uow.changes.add("cards")
    return _result(card, event_id)


def _simple_move(cmd, uow: UnitOfWork, action: CardAction, *, head_too: bool, summary: str) -> dict:
    principal = _operator(uow, cmd.user_id, head_too=head_too)
    card, entity = _card(uow, principal, cmd.card_id, cmd.base_version)
    _allowed(action, entity, card.state)
    reason = _action_reason(cmd.reason, action)
    _move(uow, card, action, reason=reason)
    event_id = _event_id(cmd.op_id, action.code)
    _event(uow, card, action, actor_id=principal.user_id, reason=reason, event_id=event_id,
           summary=summary + (f"：{reason}" if reason else ""))
    uow.changes.add("cards")
    return _result(card, event_id)


def report_loss(cmd: ReportLoss, uow: UnitOfWork) -> dict:
    return _simple_move(cmd, uow, CardAction.REPORT_LOSS, head_too=False, summary="挂失，卡片列入黑名单")


def withdraw_loss(cmd: WithdrawLoss, uow: UnitOfWork) -> dict:
    return _simple_move(cmd, uow, CardAction.WITHDRAW_LOSS, head_too=False, summary="解挂，卡片移出黑名单")


def suspend_card(cmd: SuspendCard, uow: UnitOfWork) -> dict:
    return _simple_move(cmd, uow, CardAction.SUSPEND, head_too=True, summary="暂吊")


def restore_card(cmd: RestoreCard, uow: UnitOfWork) -> dict:
    return _simple_move(cmd, uow, CardAction.RESTORE, head_too=True, summary="恢复使用")


def cancel_card(cmd: CancelCard, uow: UnitOfWork) -> dict:
    return _simple_move(cmd, uow, CardAction.CANCEL, head_too=True, summary="注销")


def replace_card(cmd: ReplaceCard, uow: UnitOfWork) -> dict:
    principal = _operator(uow, cmd.user_id)
    old, entity = _card(uow, principal, cmd.old_card_id, cmd.base_version)
    uow.get(MarketEntity, entity.id, label="市场主体")  # locked: one make at a time
    _allowed(CardAction.REPLACE, entity, old.state)
    reason = _action_reason(cmd.reason, CardAction.REPLACE)
    serial = _check_serial(uow, cmd.serial)
    key = _check_key(uow, cmd.key_id)
    generation = max((c.generation for c in _entity_cards(uow, entity.id)), default=0) + 1
    fee = rules.fee_fen(CardAction.REPLACE)
    new = _new_card(uow, principal, entity, card_id=cmd.new_card_id, serial=serial, key_id=key.key_id,
                    content_hash_=_check_hash(cmd.content_hash), generation=generation, fee=fee)
    _move(uow, old, CardAction.REPLACE, reason=reason)
    old.replaced_by_id = new.id
    event_id = _event_id(cmd.op_id, "replace")
    _event(uow, new, CardAction.REPLACE, actor_id=principal.user_id, reason=reason, fee=fee, event_id=event_id,
           summary=f"补卡（第{generation}张卡，序列号{serial}，替换序列号{old.serial}的旧卡），"
                   f"{rules.fee_item(CardAction.REPLACE)}{rules.yuan_text(fee)}")
    _event(uow, old, "replaced", actor_id=principal.user_id, reason=reason,
           event_id=_event_id(cmd.op_id, "replaced"),
           summary=f"已补卡作废，卡片列入黑名单（新卡序列号{serial}）")
    uow.changes.add("cards")
    out = _result(new, event_id)
    out.update(old_card_id=old.id, old_version=old.version, generation=generation)
    return out


def register_issuer_key(cmd: RegisterIssuerKey, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.CARD_OPERATOR, Role.ADMIN)
    office = uow.session.get(Office, cmd.issuing_office or "")
    if office is None:
        raise _invalid({"issuing_office": f"工商所“{cmd.issuing_office}”不存在"})
    require_scope(principal, office_code=office.code, district_code=office.district_code, what="该工商所")
    key_id = cmd.key_id or ""
    if not (1 <= len(key_id) <= 32 and key_id.isascii() and key_id.isprintable() and " " not in key_id):
        raise _invalid({"key_id": "密钥编号应为1–32个英文字母、数字或符号"})
    public_key = (cmd.public_key or "").lower()
    if problem := _public_key_problem(int(cmd.algorithm), public_key):
        raise _invalid({"public_key": problem})
    existing = uow.session.get(IssuerKey, key_id)
    if existing is not None:
        if existing.public_key == public_key and existing.revoked_at is None:
            return {"subject_id": key_id, "already": True}  # the same key registered again
        raise RuleViolation(f"密钥编号“{key_id}”已被使用，请换一个编号")
    uow.session.add(IssuerKey(key_id=key_id, algorithm=int(cmd.algorithm), public_key=public_key,
                              device_id=cmd.device_id, issuing_office=office.code, created_by=principal.user_id,
                              created_at=uow.clock()))
    uow.changes.add("card_keys")
    return {"subject_id": key_id, "already": False}


def _public_key_problem(algorithm: int, public_key: str) -> str | None:
    from iccard import layout, signature

    if algorithm not in signature.VERIFIERS:
        return f"不支持的签名算法（{algorithm}）"
    try:
        raw = bytes.fromhex(public_key)
    except ValueError:
        return "公钥应为十六进制"
    if algorithm == layout.ALG_ECDSA_P256_SHA256:
        from cryptography.hazmat.primitives.asymmetric import ec

        if len(raw) != 65 or raw[0] != 0x04:
            return "P-256 公钥应为65字节的未压缩点（04开头）"
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            return "公钥不是 P-256 曲线上的点"
    return None


def revoke_issuer_key(cmd: RevokeIssuerKey, uow: UnitOfWork) -> dict:
    principal = uow.principal(cmd.user_id)
    require_role(principal, Role.ADMIN)
    key = uow.get(IssuerKey, cmd.key_id, label="签发密钥")
    if key.revoked_at is not None:
        raise RuleViolation(f"签发密钥“{key.key_id}”已于{_day(key.revoked_at)}停用")
    key.revoked_at = uow.clock()
    key.revoke_reason = _reason(cmd.reason, label="停用原因", required=True)
    uow.changes.add("card_keys")
    return {"subject_id": key.key_id}


# --- following the entity (called by client.registration.handlers) ------------------------


def _follow_entity(uow: UnitOfWork, entity: MarketEntity, action: CardAction, *, actor_id: str | None,
                   reason: str | None, summary: str) -> int:
    cards = list(uow.session.scalars(
        sa.select(IcCard).where(IcCard.entity_id == entity.id,
                                IcCard.state.in_([s.code for s in rules.LIVE_STATES]))
        .order_by(IcCard.generation, IcCard.id).with_for_update()))
    reason = (reason or "")[:500] or None
    for card in cards:
        _move(uow, card, action, reason=reason)
        # the same event id in the workstation's and the centre's run of the entity's command
        event_id = _event_id(uow.op_id, f"{action.code}:{card.id}") if uow.op_id else None
        _event(uow, card, action, actor_id=actor_id, reason=reason, event_id=event_id,
               summary=summary + (f"：{reason}" if reason else ""))
    if cards:
        uow.changes.add("cards")
    return len(cards)


def on_entity_revoked(event: EntityRevoked, uow: UnitOfWork) -> None:
    """吊销: the entity's licence was revoked; its live cards are revoked and hot-listed with it."""
    entity = uow.get(MarketEntity, event.entity_id, label="市场主体")
    _follow_entity(uow, entity, CardAction.REVOKE, actor_id=event.actor_id, reason=event.reason,
                   summary="随企业吊销营业执照吊销，卡片列入黑名单")


def on_entity_deregistered(event: EntityDeregistered, uow: UnitOfWork) -> None:
    """注销登记 approved: the entity's live cards are cancelled and hot-listed."""
    entity = uow.get(MarketEntity, event.entity_id, label="市场主体")
    _follow_entity(uow, entity, CardAction.CANCEL, actor_id=event.actor_id, reason=event.reason,
                   summary="随企业注销登记注销，卡片列入黑名单")


HANDLERS = {
    MakeCard: make_card,
    IssueCard: issue_card,
    RewriteCard: rewrite_card,
    ReportLoss: report_loss,
    WithdrawLoss: withdraw_loss,
    ReplaceCard: replace_card,
    SuspendCard: suspend_card,
    RestoreCard: restore_card,
    CancelCard: cancel_card,
    RegisterIssuerKey: register_issuer_key,
    RevokeIssuerKey: revoke_issuer_key,
}
