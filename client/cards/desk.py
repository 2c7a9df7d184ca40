"""The card counter's operations: the card in the reader and the command on the bus, in the
right order. Runs on a worker thread (it talks to pcscd and the database); no Qt.

Order of a write: the rules are checked first (entity state, card state) so a refused action
never touches the card; then the card is written, read back and verified (iccard); only a card
that verified is recorded by its command. A card pulled out mid-write is still the old card or
the new one (iccard's two slots), and nothing is recorded unless the new one verified; a card
written but whose command the centre later refuses is simply made again (rewritten).

`reads` is where the screens read (sync.reads.Reads: the office's replica): anything with
`run(fn, *args) -> fn(session, *args)`; the desk holds no session of its own. `bus` is the command
bus the screens use (the local bus of an office workstation): anything with
`dispatch(command) -> Outcome`. A screen runs a desk's action as one job on the serial writer
(widgets.common.operations: `ops.run(..., writes=True)`), so its reads, card I/O and command
never interleave with another write. `transport(reader)` opens a card connection (PC/SC by
default; tests pass the in-process virtual card).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.orm import Session

from client.cards import keys as card_keys
from client.cards import queries as cards_query
from client.cards.commands import (
    CancelCard,
    MakeCard,
    ReplaceCard,
    ReportLoss,
    RestoreCard,
    RewriteCard,
    SuspendCard,
    WithdrawLoss,
    content_hash,
    issue_card_command,
)
from client.cards.rules import CardAction, refusal
from client.cards.verdict import CardVerdict, card_verdict
from client.kernel.errors import FieldError, InvalidInput, RuleViolation
from client.kernel.roles import Principal
from client.kernel.types import new_id

log = logging.getLogger(__name__)

#: keyring entry of the cards' write PIN (given by the card vendor with each batch)
PIN_SERVICE = "hongdun-card-pin"

_SIMPLE = {
    CardAction.REPORT_LOSS: ReportLoss, CardAction.WITHDRAW_LOSS: WithdrawLoss,
    CardAction.SUSPEND: SuspendCard, CardAction.RESTORE: RestoreCard, CardAction.CANCEL: CancelCard,
}


@dataclass(frozen=True)
class DeskResult:
    ok: bool
    message: str
    outcome: Any = None  # the bus's Outcome of the recording command
    field: str | None = None  # the form field a refusal is about
    errors: tuple[FieldError, ...] = ()  # every field a refusal is about (field: the first)
    event_id: str | None = None  # the event to print a receipt for
    card_id: str | None = None
    apdus: int = 0


def card_pin() -> bytes:
    """The cards' write PIN from the keyring; the virtual cards' PIN when none is set (demo)."""
    import keyring

    try:
        pin = keyring.get_password(PIN_SERVICE, "default")
    except Exception:  # noqa: BLE001 - no keyring backend: the demo PIN
        pin = None
    if pin:
        return pin.encode("ascii")
    from iccard.virtual.enterprise import DEMO_PIN

    return DEMO_PIN


def pcsc_transport(reader: str):
    from iccard.pcsc_transport import PcscTransport

    return PcscTransport(reader)


class CardDesk:
    def __init__(self, reads, bus, principal: Principal, device_id: str, *,
                 transport: Callable[[str], Any] = pcsc_transport, pin: Callable[[], bytes] = card_pin):
        self.reads = reads
        self.bus = bus
        self.principal = principal
        self.device_id = device_id
        self._transport = transport
        self._pin = pin

    # --- reading --------------------------------------------------------------------------

    def read(self, reader: str) -> CardVerdict:
        """Whose card, and may it be accepted: the card's own verdict with the hot-list's."""
        from iccard import read_card

        keys = self.reads.run(card_keys.key_lookup)
        with self._transport(reader) as transport:
            result = read_card(transport, keys)
        return self.reads.run(card_verdict, result)

    # --- writing --------------------------------------------------------------------------

    def make(self, reader: str, entity_id: str) -> DeskResult:
        """制卡: a blank (or a never-recorded) card for an entity without a card in use."""
        def check(session: Session) -> tuple[str | None, int]:
            current = cards_query.current_card(session, entity_id)
            problem = refusal(CardAction.MAKE, entity_state=_entity_state(session, entity_id),
                              card_state=current.state if current else None)
            return problem, cards_query.next_generation(session, entity_id)

        problem, generation = self.reads.run(check)
        if problem:
            return DeskResult(False, problem)
        return self._write(reader, entity_id, generation, overwrite=True,
                           record=lambda serial, key_id, digest, card_id: MakeCard(
                               user_id=self.principal.user_id, card_id=card_id, entity_id=entity_id,
                               serial=serial, key_id=key_id, content_hash=digest, generation=generation))

    def replace(self, reader: str, old_card_id: str, base_version: int, reason: str) -> DeskResult:
        """补卡: a new card (next generation); the old one goes on the hot-list."""
        def check(session: Session):
            old = cards_query.card_detail(session, self.principal, old_card_id).card
            problem = refusal(CardAction.REPLACE, entity_state=_entity_state(session, old.entity_id),
                              card_state=old.state)
            return old, problem, cards_query.next_generation(session, old.entity_id)

        old, problem, generation = self.reads.run(check)
        if problem:
            return DeskResult(False, problem)
        return self._write(reader, old.entity_id, generation, overwrite=True,
                           record=lambda serial, key_id, digest, card_id: ReplaceCard(
                               user_id=self.principal.user_id, old_card_id=old_card_id, base_version=base_version,
                               new_card_id=card_id, serial=serial, key_id=key_id, content_hash=digest,
                               reason=reason))

    def rewrite(self, reader: str, card_id: str, base_version: int) -> DeskResult:
        """修改: the same card rewritten with the entity's current registration data."""
        def check(session: Session):
            card = cards_query.card_detail(session, self.principal, card_id).card
            return card, refusal(CardAction.REWRITE, entity_state=_entity_state(session, card.entity_id),
                                 card_state=card.state)

        card, problem = self.reads.run(check)
        if problem:
            return DeskResult(False, problem)
        return self._write(reader, card.entity_id, card.generation, overwrite=False, expected_serial=card.serial,
                           record=lambda serial, key_id, digest, _new: RewriteCard(
                               user_id=self.principal.user_id, card_id=card_id, base_version=base_version,
                               serial=serial, content_hash=digest, key_id=key_id))

    def _write(self, reader: str, entity_id: str, generation: int, *, overwrite: bool, record,
               expected_serial: str | None = None) -> DeskResult:
        from iccard import make_card, rewrite_card

        key = self._issuing_key()
        if isinstance(key, DeskResult):
            return key
        principal = self.principal

        def what_to_write(session: Session):
            content = cards_query.card_content_for(
                session, entity_id, operator_name=principal.full_name,
                issuing_office_code=principal.office_code or "", generation=generation)
            return content, card_keys.key_lookup(session)

        try:
            content, keys = self.reads.run(what_to_write)
        except RuleViolation as exc:
            return DeskResult(False, exc.message)
        keys.add(key.key_id, bytes.fromhex(key.public_key_hex))  # just registered: maybe not pulled yet
        with self._transport(reader) as transport:
            if expected_serial is None:
                # a card of another enterprise put in by mistake is never overwritten: the chip's
                # serial must be new to the register and off the hot-list before anything is written
                from client.cards.handlers import serial_problem
                from iccard import read_card

                found = read_card(transport, keys)
                if found.serial is None:
                    return DeskResult(False, found.message)
                if problem := self.reads.run(serial_problem, str(found.serial).upper()):
                    return DeskResult(False, problem)
                written = make_card(transport, content, signer=key.signer, keys=keys, pin=self._pin(),
                                    overwrite=overwrite)
            else:
                written = rewrite_card(transport, content, signer=key.signer, keys=keys, pin=self._pin())
        if not written.ok:
            return DeskResult(False, written.message, apdus=_apdus(written))
        serial = str(written.serial).upper()
        if expected_serial is not None and serial != expected_serial.upper():
            return DeskResult(False, f"读卡器中的卡（{serial}）不是要修改的卡（{expected_serial}），请放入正确的卡")
        card_id = new_id()
        command = record(serial, key.key_id, content_hash(serial, content), card_id)
        outcome = self.bus.dispatch(command)
        if not outcome.ok:
            return DeskResult(False, outcome.message or "办理未成功", outcome, outcome.field, outcome.errors,
                              apdus=_apdus(written))
        return DeskResult(True, "卡已写入并校验通过，已登记", outcome, event_id=outcome.result.get("event_id"),
                          card_id=outcome.result.get("card_id") or card_id, apdus=_apdus(written))

    def _issuing_key(self):
        """This workstation's issuing key, registered (through the bus) the first time."""
        key = card_keys.issuing_key(self.device_id)
        if not self.reads.run(card_keys.key_registered, key.key_id):
            outcome = self.bus.dispatch(key.register_command(user_id=self.principal.user_id,
                                                             issuing_office=self.principal.office_code or ""))
            if not outcome.ok:
                return DeskResult(False, f"本机签发密钥登记未成功：{outcome.message}", outcome)
        return key

    # --- counter actions without the card ---------------------------------------------------

    def issue(self, card_id: str, base_version: int, recipient_name: str, recipient_id_no: str) -> DeskResult:
        """发卡: handed over to the enterprise's agent (name and ID number, masked when kept)."""
        try:
            command = issue_card_command(user_id=self.principal.user_id, card_id=card_id,
                                         base_version=base_version, recipient_name=recipient_name,
                                         recipient_id_no=recipient_id_no)
        except InvalidInput as exc:
            first = exc.errors[0] if exc.errors else None
            return DeskResult(False, first.message if first else exc.message, field=first.field if first else None,
                              errors=tuple(exc.errors))
        return self._dispatch(command)

    def act(self, action: CardAction, card_id: str, base_version: int, reason: str = "") -> DeskResult:
        """挂失, 解挂, 暂吊, 恢复, 注销."""
        command = _SIMPLE[action](user_id=self.principal.user_id, card_id=card_id, base_version=base_version,
                                  reason=reason)
        return self._dispatch(command)

    def _dispatch(self, command) -> DeskResult:
        outcome = self.bus.dispatch(command)
        if not outcome.ok:
            return DeskResult(False, outcome.message or "办理未成功", outcome, outcome.field, outcome.errors)
        return DeskResult(True, "已办理", outcome, event_id=outcome.result.get("event_id"),
                          card_id=outcome.result.get("card_id"))


def _entity_state(session: Session, entity_id: str) -> str:
    from client.kernel.models import MarketEntity

    entity = session.get(MarketEntity, entity_id)
    if entity is None:
        raise RuleViolation("市场主体不存在（可能尚未同步）")
    return entity.state


def _apdus(written) -> int:
    return written.stats.count if written.stats is not None else 0
