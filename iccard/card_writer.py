"""Make (制卡) and rewrite (修改) an enterprise card, safe against a card pulled at any moment.

The write protocol (docs/card-layout.md, "Torn writes"):
  1. read the card: serial, marker, the active slot and its write sequence;
  2. write the complete signed image into the *inactive* slot (several UPDATE BINARY);
  3. read that slot back and check it byte for byte and by signature;
  4. point the marker at it: one UPDATE BINARY of 10 bytes, the only moment the card changes
     meaning;
  5. blank the old slot's header (so the old content cannot be brought back by editing the
     marker) and read the whole card again: success only when it reads VALID with exactly the
     new content.
A card pulled before step 4 completes is the old card (or still blank); after it, the new one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from iccard import layout, signature
from iccard.card_reader import (
    CardReadResult,
    CardState,
    check_image,
    inspect_card,
    read_slot,
)
from iccard.errors import CardError, CardIOError, PinError, StatusWordError
from iccard.iso7816 import CardChannel, parse_fcp_size
from iccard.layout import CardContent, LayoutError, Marker
from iccard.transport import ApduStats, Stopwatch, Transport
from iccard.verdict import Verdict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WriteResult:
    ok: bool
    message: str  # Chinese, for the clerk
    serial: str | None = None
    slot: str | None = None  # the slot now active
    write_sequence: int | None = None
    read_back: CardReadResult | None = None  # the final verification read
    before: CardReadResult | None = None  # the card as it was found
    interrupted: bool = False  # the card left the reader: it is the old or the new card
    stats: ApduStats = field(default_factory=ApduStats)
    seconds: float = 0.0


class WriteRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def make_card(
    transport: Transport | CardChannel,
    content: CardContent,
    *,
    signer: signature.Signer,
    keys: signature.KeyLookup,
    pin: bytes,
    overwrite: bool = False,
) -> WriteResult:
    """制卡: personalise a blank card. A card that already holds data is refused unless
    ``overwrite`` (a damaged or forged card being re-personalised at the counter)."""

    def allow(before: CardReadResult) -> None:
        if before.verdict is not Verdict.BLANK and not overwrite:
            raise WriteRefused(f"这张卡不是空白卡（{before.verdict.label}），制卡已取消")

    return _write(transport, content, signer, keys, pin, allow)


def rewrite_card(
    transport: Transport | CardChannel,
    content: CardContent,
    *,
    signer: signature.Signer,
    keys: signature.KeyLookup,
    pin: bytes,
) -> WriteResult:
    """修改: rewrite a valid card of the same enterprise (same credit code) with new data."""

    def allow(before: CardReadResult) -> None:
        if before.verdict is not Verdict.VALID:
            raise WriteRefused(f"只能修改有效的企业卡，这张卡：{before.verdict.label}（{before.message}）")
        if before.credit_code != content.enterprise.credit_code:
            raise WriteRefused(
                f"卡上企业（{before.credit_code}）与要写入的企业（{content.enterprise.credit_code}）不同，修改已取消"
            )

    return _write(transport, content, signer, keys, pin, allow)


def _write(transport, content, signer, keys, pin, allow) -> WriteResult:
    channel = transport if isinstance(transport, CardChannel) else CardChannel(transport)
    start = channel.stats.snapshot()
    with Stopwatch() as clock:
        result = _attempt(channel, content, signer, keys, pin, allow)
    return WriteResult(**{**result.__dict__, "stats": channel.stats.since(start), "seconds": clock.seconds})


def _attempt(channel, content, signer, keys, pin, allow) -> WriteResult:
    try:
        layout.encode_body(b"\x00", content)  # bad content is refused before the card is touched
    except LayoutError as e:
        return WriteResult(False, f"企业信息不能写入卡片：{e.message}")

    before, state = inspect_card(channel, keys)
    if before.interrupted:
        why = before.message.removeprefix("读卡中断：")
        return WriteResult(False, f"写卡中断（{why}），卡片未改变，请重新插卡后再写", before=before, interrupted=True)
    if state.serial is None:
        return WriteResult(False, f"无法读取卡片序列号：{before.message}", before=before)
    serial_text = layout.serial_text(state.serial)
    try:
        allow(before)
        return _personalise(channel, content, signer, keys, pin, state, before)
    except WriteRefused as e:
        return WriteResult(False, e.message, serial=serial_text, before=before)
    except PinError as e:
        if e.tries_left == 0:
            text = "写卡口令已锁定，请联系卡片管理员"
        elif e.tries_left is not None:
            text = f"写卡口令错误，还可尝试 {e.tries_left} 次"
        else:
            text = "写卡口令错误"
        return WriteResult(False, text, serial=serial_text, before=before)
    except CardIOError as e:
        return WriteResult(
            False,
            f"写卡中断（{e.message}）。卡片仍是写卡前的状态或已是新卡，请重新插卡读卡确认后再操作",
            serial=serial_text,
            before=before,
            interrupted=True,
        )
    except StatusWordError as e:
        return WriteResult(False, f"写卡失败：{e.message}", serial=serial_text, before=before)
    except (LayoutError, CardError) as e:
        return WriteResult(False, f"写卡失败：{e.message}", serial=serial_text, before=before)


def _personalise(
    channel, content, signer, keys, pin, state: CardState, before: CardReadResult
) -> WriteResult:
    serial = state.serial
    serial_text = layout.serial_text(serial)
    old = state.active
    target = 0 if old is None else 1 - old
    sequence = state.highest_sequence + 1

    signed = layout.signed_part(
        serial, content, sequence, signer.key_id, signer.algorithm, signer.signature_length
    )
    image = layout.finish_slot(signed, signer.sign(signature.signing_input(signed)))
    own_check = check_image(image, serial, keys)  # a signer the key table does not know fails here
    if own_check.verdict is not Verdict.VALID:
        raise WriteRefused(f"签名无法核验，未写卡：{own_check.message}")

    # 2. the inactive slot (selecting it makes the application DF current for VERIFY)
    size = parse_fcp_size(channel.select_path(layout.PATH_SLOTS[target], fcp=True)) or layout.SLOT_SIZE
    if len(image) > size:
        raise WriteRefused(f"企业信息过长：需要 {len(image)} 字节，卡片数据区只有 {size} 字节")
    channel.verify(pin, reference=layout.PIN_REFERENCE)
    channel.update_binary(0, image)

    # 3. read it back
    if read_slot(channel, target) != image:
        return WriteResult(False, "写入校验失败：读回的数据与写入的不一致，卡片未改变", serial=serial_text, before=before)

    # 4. the marker: one APDU switches the card from old to new
    channel.select_path(layout.PATH_MARKER)
    channel.update_binary(0, layout.encode_marker(Marker(target, sequence)))

    # 5. retire the old slot, then verify the card as any reader will see it
    if old is not None:
        try:
            channel.select_path(layout.PATH_SLOTS[old])
            channel.update_binary(0, bytes(layout.HEADER_SIZE))
        except StatusWordError as e:  # the new card is in place; the old image just stays
            log.warning("could not retire slot %s: %s", layout.SLOT_NAMES[old], e)
    after, _ = inspect_card(channel, keys)
    if after.interrupted:
        raise CardIOError(after.message)
    if not (after.is_valid and after.content == content and after.write_sequence == sequence):
        return WriteResult(
            False,
            f"写卡后核验失败：{after.verdict.label}（{after.message}）",
            serial=serial_text,
            read_back=after,
            before=before,
        )
    return WriteResult(
        True,
        "制卡成功，已读回核验" if before.verdict is not Verdict.VALID else "卡片已改写，已读回核验",
        serial=serial_text,
        slot=layout.SLOT_NAMES[target],
        write_sequence=sequence,
        read_back=after,
        before=before,
    )
