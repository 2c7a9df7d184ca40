"""Read an enterprise card and judge it: content + verdict, from the card alone.

read_card never raises for anything a card can do: a malformed file, a status word other than
9000, a card pulled out halfway, all become a verdict (DAMAGED, FORGED, ...) with a Chinese
message. Bugs in this program are the only exceptions, and even those are turned into DAMAGED
(and logged) so a counter never crashes on a card.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from iccard import layout, signature
from iccard.errors import ApduFormatError, CardError, CardIOError, StatusWordError
from iccard.iso7816 import CardChannel
from iccard.layout import CardContent, LayoutError, Marker, SlotImage
from iccard.transport import ApduStats, Stopwatch, Transport
from iccard.verdict import Verdict

log = logging.getLogger(__name__)

INTERNAL_ERROR = "读卡程序内部错误"


@dataclass(frozen=True)
class CardReadResult:
    """What the counter shows. ``content`` is set whenever the data could be decoded, also for
    FORGED and UNKNOWN_KEY cards (to show whom the card claims to belong to); only
    ``verdict.trusted`` makes it trustworthy."""

    verdict: Verdict
    message: str
    serial: str | None = None  # hex; with card_generation the key for the hot-list
    content: CardContent | None = None
    layout_version: int | None = None
    key_id: str | None = None
    write_sequence: int | None = None
    active_slot: str | None = None  # "A" / "B"
    interrupted: bool = False  # an I/O failure (card pulled): reading again may succeed
    stats: ApduStats = field(default_factory=ApduStats)
    seconds: float = 0.0

    @property
    def card_generation(self) -> int | None:
        return self.content.issue.card_generation if self.content else None

    @property
    def credit_code(self) -> str | None:
        return self.content.enterprise.credit_code if self.content else None

    @property
    def is_valid(self) -> bool:
        return self.verdict is Verdict.VALID


@dataclass(frozen=True)
class SlotCheck:
    """One slot judged on its own (before the marker's sequence is compared)."""

    verdict: Verdict
    message: str
    image: SlotImage | None = None
    content: CardContent | None = None


@dataclass
class CardState:
    """What the writer needs to know besides the verdict."""

    serial: bytes | None = None
    marker: Marker | None = None
    marker_damaged: bool = False
    active: int | None = None  # the slot the verdict is about
    highest_sequence: int = 0


def read_card(transport: Transport | CardChannel, keys: signature.KeyLookup) -> CardReadResult:
    """Read the card in the reader and judge it (about 7 APDUs)."""
    channel = transport if isinstance(transport, CardChannel) else CardChannel(transport)
    return inspect_card(channel, keys)[0]


def inspect_card(channel: CardChannel, keys: signature.KeyLookup) -> tuple[CardReadResult, CardState]:
    before = channel.stats.snapshot()
    state = CardState()
    with Stopwatch() as clock:
        try:
            result = _read(channel, keys, state)
        except CardIOError as e:
            result = CardReadResult(Verdict.DAMAGED, f"读卡中断：{e.message}", interrupted=True)
        except StatusWordError as e:
            result = CardReadResult(Verdict.DAMAGED, f"卡片返回异常状态：{e.message}")
        except (ApduFormatError, CardError) as e:
            result = CardReadResult(Verdict.DAMAGED, f"卡片应答异常：{e.message}")
        except Exception:  # a bug here must not take the counter down: judge the card damaged
            log.exception("reading a card failed")
            result = CardReadResult(Verdict.DAMAGED, INTERNAL_ERROR)
    serial = layout.serial_text(state.serial) if state.serial else None
    return _with(result, serial=serial, stats=channel.stats.since(before), seconds=clock.seconds), state


def _with(result: CardReadResult, **changes) -> CardReadResult:
    return CardReadResult(**{**result.__dict__, **changes})


def _read(channel: CardChannel, keys: signature.KeyLookup, state: CardState) -> CardReadResult:
    try:
        channel.select_path(layout.PATH_SERIAL)
    except StatusWordError as e:
        if e.sw == 0x6A82:
            return CardReadResult(Verdict.DAMAGED, "不是企业IC卡：卡上没有序列号文件（2F02）")
        raise
    try:
        state.serial = layout.parse_serial(channel.read_binary(0, 18))
    except LayoutError as e:
        return CardReadResult(Verdict.DAMAGED, e.message)

    try:
        channel.select_path(layout.PATH_MARKER)
    except StatusWordError as e:
        if e.sw == 0x6A82:
            return CardReadResult(Verdict.DAMAGED, "不是企业IC卡：卡上没有企业卡应用（DF 4844）")
        raise
    try:
        state.marker = layout.parse_marker(channel.read_binary(0, layout.MARKER_LENGTH))
    except layout.UnknownVersion as e:
        return CardReadResult(Verdict.UNKNOWN_VERSION, e.message)
    except LayoutError:
        state.marker_damaged = True
        return _read_without_marker(channel, keys, state)
    if state.marker is None:
        return CardReadResult(Verdict.BLANK, "空白卡：尚未制卡")

    slot = state.marker.slot
    state.active = slot
    check = _check_slot(channel, slot, state.serial, keys)
    if check.image is not None:
        state.highest_sequence = check.image.write_sequence
    if check.verdict is Verdict.VALID and check.image.write_sequence != state.marker.write_sequence:
        check = SlotCheck(Verdict.FORGED, "激活标记与数据区的写卡序号不一致：卡片被改动", check.image, check.content)
    state.highest_sequence = max(state.highest_sequence, state.marker.write_sequence)
    return _result(check, slot)


def _read_without_marker(channel: CardChannel, keys: signature.KeyLookup, state: CardState) -> CardReadResult:
    """The marker is garbled (e.g. torn inside its one UPDATE BINARY): both slots were
    complete when it was written, so the valid slot with the higher write sequence is the
    newer card. Never used when the marker is readable (that would allow rolling back)."""
    checks = {slot: _check_slot(channel, slot, state.serial, keys) for slot in (0, 1)}
    sequences = [c.image.write_sequence for c in checks.values() if c.image is not None]
    state.highest_sequence = max(sequences, default=0)
    valid = [s for s, c in checks.items() if c.verdict is Verdict.VALID]
    if valid:
        best = max(valid, key=lambda s: checks[s].image.write_sequence)
        state.active = best
        check = checks[best]
        note = "（激活标记损坏，已按写卡序号选用数据区）"
        return _result(SlotCheck(check.verdict, check.message + note, check.image, check.content), best)
    for verdict in (Verdict.FORGED, Verdict.UNKNOWN_KEY, Verdict.UNKNOWN_VERSION):
        for slot, check in checks.items():
            if check.verdict is verdict:
                return _result(check, slot)
    return CardReadResult(Verdict.DAMAGED, "激活标记损坏，且没有完整有效的数据区")


def _result(check: SlotCheck, slot: int) -> CardReadResult:
    image = check.image
    return CardReadResult(
        check.verdict,
        check.message,
        content=check.content,
        layout_version=image.version if image else None,
        key_id=image.key_id if image else None,
        write_sequence=image.write_sequence if image else None,
        active_slot=layout.SLOT_NAMES[slot],
    )


def read_slot(channel: CardChannel, slot: int) -> bytes:
    """The image bytes of a slot: its header first, then exactly the length it declares.
    LayoutError when the header is not an image (read stops there)."""
    channel.select_path(layout.PATH_SLOTS[slot])
    raw = channel.read_binary(0, channel.max_read)
    total = layout.image_length(raw)
    if total > len(raw):
        raw += channel.read_binary(len(raw), total - len(raw))
    return raw[:total]


def _check_slot(channel: CardChannel, slot: int, serial: bytes, keys: signature.KeyLookup) -> SlotCheck:
    try:
        raw = read_slot(channel, slot)
    except layout.UnknownVersion as e:
        return SlotCheck(Verdict.UNKNOWN_VERSION, e.message)
    except LayoutError as e:
        return SlotCheck(Verdict.DAMAGED, e.message)
    return check_image(raw, serial, keys)


def check_image(raw: bytes, serial: bytes, keys: signature.KeyLookup) -> SlotCheck:
    """Judge the bytes of one slot for the card with ``serial``."""
    try:
        image = layout.parse_slot(raw)
    except layout.UnknownVersion as e:
        return SlotCheck(Verdict.UNKNOWN_VERSION, e.message)
    except layout.DigestMismatch as e:
        return SlotCheck(Verdict.FORGED, e.message)
    except LayoutError as e:
        return SlotCheck(Verdict.DAMAGED, e.message)

    try:
        body_serial, content = image.content()
    except LayoutError as e:
        body_serial, content, body_error = None, None, e.message
    else:
        body_error = None

    public_key = keys.public_key(image.key_id)
    if public_key is None:
        return SlotCheck(
            Verdict.UNKNOWN_KEY, f"签发密钥 {image.key_id} 未知，无法核验（请同步参考数据后再读）", image, content
        )
    message = signature.signing_input(image.signed_part)
    if not signature.verify(image.algorithm, public_key, message, image.signature):
        return SlotCheck(Verdict.FORGED, "签名验证失败：卡片内容被篡改或不是签发机关制作", image, content)
    if body_error is not None:  # signed, yet unreadable: a writer bug, not a forgery
        return SlotCheck(Verdict.DAMAGED, f"卡片数据无法解析：{body_error}", image)
    if body_serial != serial:
        return SlotCheck(
            Verdict.FORGED,
            f"卡片内容属于另一张卡（序列号 {layout.serial_text(body_serial)}），"
            f"本卡序列号 {layout.serial_text(serial)}：复制卡",
            image,
            content,
        )
    return SlotCheck(Verdict.VALID, "卡片有效：签名核验通过", image, content)
