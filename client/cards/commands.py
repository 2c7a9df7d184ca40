"""IC card commands: what the card counter records after it wrote (or read) a card, and the
issuers' keys. Each is a frozen record carrying everything its handler needs
(client/cards/handlers.py); `issue_card_command` builds 发卡 from what the clerk typed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from client.cards import rules
from client.kernel.commands import Command
from client.kernel.errors import FieldError, InvalidInput


@dataclass(frozen=True, kw_only=True)
class MakeCard(Command):
    """制卡: a blank card was just personalised for the entity (written and read back)."""

    name = "cards.make"
    title = "制卡"
    card_id: str  # made on the workstation
    entity_id: str
    serial: str  # the chip serial as iccard reads it (upper-case hex)
    key_id: str  # the issuing key that signed it
    content_hash: str  # content_hash(serial, content) of what was written
    generation: int = 1  # the card generation written on the card (cards_query.next_generation)


@dataclass(frozen=True, kw_only=True)
class IssueCard(Command):
    """发卡: the card handed over. The recipient's ID number itself never enters a command (the
    outbox and the audit log keep commands): make this with `issue_card_command`."""

    name = "cards.issue"
    title = "发卡"
    card_id: str
    base_version: int
    recipient_name: str
    recipient_id_masked: str  # client.cards.rules.mask_id
    recipient_id_hash: str  # client.cards.rules.id_hash


@dataclass(frozen=True, kw_only=True)
class RewriteCard(Command):
    """修改: the same card rewritten after a registration change."""

    name = "cards.rewrite"
    title = "修改卡片"
    card_id: str
    base_version: int
    serial: str  # of the card in the reader: must be this card
    content_hash: str
    key_id: str | None = None  # the key that signed the new content; None: unchanged


@dataclass(frozen=True, kw_only=True)
class ReportLoss(Command):
    name = "cards.report_loss"
    title = "卡片挂失"
    card_id: str
    base_version: int
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class WithdrawLoss(Command):
    name = "cards.withdraw_loss"
    title = "卡片解挂"
    card_id: str
    base_version: int
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class ReplaceCard(Command):
    """补卡: a new card (generation + 1) written for the entity; the old one goes on the hot-list."""

    name = "cards.replace"
    title = "补卡"
    old_card_id: str
    base_version: int  # of the old card
    new_card_id: str
    serial: str  # of the new card
    key_id: str
    content_hash: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class SuspendCard(Command):
    name = "cards.suspend"
    title = "卡片暂吊"
    card_id: str
    base_version: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class RestoreCard(Command):
    name = "cards.restore"
    title = "卡片恢复"
    card_id: str
    base_version: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class CancelCard(Command):
    name = "cards.cancel"
    title = "卡片注销"
    card_id: str
    base_version: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class RegisterIssuerKey(Command):
    """The public half of a counter workstation's issuing key (client.cards.keys)."""

    name = "cards.register_key"
    title = "登记制卡密钥"
    key_id: str
    algorithm: int
    public_key: str  # hex, SEC1 uncompressed point (65 bytes for P-256)
    issuing_office: str


@dataclass(frozen=True, kw_only=True)
class RevokeIssuerKey(Command):
    """Take a key out of the table (lost laptop, compromised key): its cards read 签发密钥未知."""

    name = "cards.revoke_key"
    title = "停用制卡密钥"
    key_id: str
    reason: str


def issue_card_command(*, user_id: str, card_id: str, base_version: int, recipient_name: str,
                       recipient_id_no: str, today: dt.date | None = None, **envelope) -> IssueCard:
    """The 发卡 command from what the clerk typed: the ID number is checked here (18 digits, the
    ISO 7064 check character) and only its masked form and hash go into the command.
    InvalidInput naming the field when the name or the number is wrong."""
    errors = []
    if problem := rules.explain_recipient_name(recipient_name):
        errors.append(FieldError("recipient_name", problem))
    if problem := rules.explain_recipient_id(recipient_id_no, today=today):
        errors.append(FieldError(rules.ID_FIELD, problem))
    if errors:
        raise InvalidInput(errors)
    return IssueCard(user_id=user_id, card_id=card_id, base_version=base_version,
                     recipient_name=" ".join(recipient_name.split()),
                     recipient_id_masked=rules.mask_id(recipient_id_no),
                     recipient_id_hash=rules.id_hash(recipient_id_no), **envelope)


def content_hash(serial: str, content) -> str:
    """SHA-256 (hex) of the signed body written for the card `serial` (hex) with `content`
    (iccard.CardContent): what MakeCard/RewriteCard/ReplaceCard carry and ic_card keeps."""
    from iccard import layout

    return hashlib.sha256(layout.encode_body(bytes.fromhex(serial), content)).hexdigest()
